// Runs cloudfunctions/<name>/index.js `main(event, context)` the way the cloud does: the caller's
// WX context in the environment the SDK reads (per call, so concurrent calls stay isolated), the
// function's timeout from its config.json, the result round-tripped through JSON.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { CronSpec, cronMatches, parseCron } from './cron';

export interface CallerContext {
  openid?: string;
  appid?: string;
  unionid?: string;
  source?: string;
}

export interface InvokeResult {
  result?: unknown;
  error?: { errCode: number; errMsg: string };
  requestId: string;
  durationMs: number;
}

interface FunctionConfig {
  timeout?: number;
  triggers?: { name: string; type: string; config: string }[];
  permissions?: { openapi?: string[] };
}

const envStore = new AsyncLocalStorage<Record<string, string>>();
let envInstalled = false;

/**
 * process.env becomes a view that layers the current call's variables over the real ones. Writes,
 * deletes and enumeration go to the real environment (plus the overlay's keys when enumerating), so
 * code outside a call — and a second localcloud in the same process — sees an ordinary process.env.
 */
function installEnvOverlay(): void {
  if (envInstalled) return;
  envInstalled = true;
  const real = process.env;
  const overlayHas = (key: string | symbol): key is string => {
    const overlay = envStore.getStore();
    return overlay !== undefined && typeof key === 'string' && Object.prototype.hasOwnProperty.call(overlay, key);
  };
  process.env = new Proxy(real, {
    get(target, key) {
      const overlay = envStore.getStore(); // the SDK reads dozens of variables per request: keep this tight
      if (overlay !== undefined && typeof key === 'string' && Object.prototype.hasOwnProperty.call(overlay, key)) return overlay[key];
      return Reflect.get(target, key);
    },
    has(target, key) {
      return overlayHas(key) || Reflect.has(target, key);
    },
    // Without these traps a write reaches the real env as defineProperty(key, { value }) — a partial
    // descriptor that Node's process.env refuses for a variable that already exists.
    set(target, key, value) {
      if (typeof key !== 'string') return false;
      target[key] = value;
      return true;
    },
    defineProperty(target, key, descriptor) {
      if (typeof key !== 'string' || !('value' in descriptor)) return false;
      target[key] = descriptor.value;
      return true;
    },
    deleteProperty(target, key) {
      return typeof key === 'string' ? delete target[key] : false;
    },
    ownKeys(target) {
      const keys = Reflect.ownKeys(target);
      const overlay = envStore.getStore();
      if (overlay) for (const k of Object.keys(overlay)) if (!keys.includes(k)) keys.push(k);
      return keys;
    },
    getOwnPropertyDescriptor(target, key) {
      if (overlayHas(key)) return { value: envStore.getStore()![key], writable: true, enumerable: true, configurable: true };
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
}

export const WX_CONTEXT_KEYS = 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP,WX_CLIENTIPV6,WX_API_TOKEN,WX_TRIGGER_API_TOKEN_V0';

/** The wx-server-sdk's own configuration variables that point it at one localcloud. */
export function sdkEnvironment(adminUrl: string, envId: string): Record<string, string> {
  return {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: adminUrl }),
    TCB_CONTEXT_KEYS: 'TCB_CONTEXT_CNFG,TCB_SEQID',
    TENCENTCLOUD_SECRETID: 'localcloud',
    TENCENTCLOUD_SECRETKEY: 'localcloud',
    TENCENTCLOUD: 'true',
    TCB_ENV: envId,
    SCF_NAMESPACE: envId,
    WX_CONTEXT_KEYS,
    SILENCE: 'true',
  };
}

/**
 * Points the real wx-server-sdk at localcloud for code running outside a function call (tests,
 * scripts). Functions run by a localcloud get its variables in their per-call overlay instead, so
 * two localclouds in one process each keep their own functions.
 */
export function configureSdkEnvironment(adminUrl: string, envId: string): void {
  installEnvOverlay();
  Object.assign(process.env, sdkEnvironment(adminUrl, envId));
}

let invocationCounter = 0;
export const INVOCATION_PREFIX = 'lcinv';

/**
 * Runs code as one invocation: the SDK's requests carry its id in their seqId; `env` (the function's
 * deployment variables) and the caller's WX context are layered over process.env for this call only.
 */
export function withInvocation<T>(caller: CallerContext, fn: (requestId: string) => Promise<T>, env: Record<string, string> = {}): Promise<T> {
  installEnvOverlay();
  const requestId = `${INVOCATION_PREFIX}${++invocationCounter}x${Date.now().toString(36)}`;
  const overlay: Record<string, string> = { ...env, TCB_SEQID: requestId };
  if (caller.openid) overlay.WX_OPENID = caller.openid;
  if (caller.appid) overlay.WX_APPID = caller.appid;
  if (caller.unionid) overlay.WX_UNIONID = caller.unionid;
  if (caller.source) overlay.TCB_SOURCE = caller.source;
  return envStore.run(overlay, () => fn(requestId));
}

export function invocationOf(seqId: string | undefined): string | null {
  if (!seqId || !seqId.startsWith(INVOCATION_PREFIX)) return null;
  return seqId.split('-')[0];
}

export class FunctionRunner {
  private timers: NodeJS.Timeout | null = null;
  private lastTick = 0;
  onTimerResult?: (name: string, r: InvokeResult) => void;
  /** Variables every call sees over process.env: the SDK's (this localcloud's URL) and the deployment's. */
  env: Record<string, string> = {};

  constructor(readonly functionsDir: string, private defaultAppid = 'wxlocalcloud0000') {
    installEnvOverlay();
  }

  list(): string[] {
    if (!fs.existsSync(this.functionsDir)) return [];
    return fs.readdirSync(this.functionsDir).filter((n) => fs.existsSync(path.join(this.functionsDir, n, 'index.js')));
  }

  config(name: string): FunctionConfig {
    const file = path.join(this.functionsDir, name, 'config.json');
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as FunctionConfig) : {};
  }

  async invoke(name: string, event: unknown, caller: CallerContext = {}): Promise<InvokeResult> {
    if (!/^[A-Za-z0-9_-]+$/.test(name) || !this.list().includes(name)) {
      return { error: { errCode: -504001, errMsg: `FunctionName parameter could not be found: ${name}` }, requestId: '', durationMs: 0 };
    }
    const timeoutMs = (this.config(name).timeout ?? 3) * 1000;
    const started = Date.now();
    return withInvocation({ appid: this.defaultAppid, ...caller }, async (requestId) => {
      const mod = require(path.join(this.functionsDir, name, 'index.js'));
      const context = { request_id: requestId, function_name: name, namespace: process.env.TCB_ENV };
      let timer: NodeJS.Timeout | undefined;
      try {
        const payload = JSON.parse(JSON.stringify(event ?? {}));
        const result = await Promise.race([
          Promise.resolve(mod.main(payload, context)),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`Invoking task timed out after ${timeoutMs / 1000} seconds`)), timeoutMs);
          }),
        ]);
        const json = result === undefined ? undefined : JSON.parse(JSON.stringify(result));
        return { result: json, requestId, durationMs: Date.now() - started };
      } catch (e) {
        const err = e as Error;
        return {
          error: { errCode: -504002, errMsg: `functions execute fail | ${err?.message ?? String(e)}` },
          requestId,
          durationMs: Date.now() - started,
        };
      } finally {
        if (timer) clearTimeout(timer);
      }
    }, this.env);
  }

  /** Starts the timer triggers declared in each function's config.json (checked every second). */
  startTimers(): void {
    const specs: { name: string; trigger: string; spec: CronSpec }[] = [];
    for (const name of this.list()) {
      for (const t of this.config(name).triggers ?? []) {
        if (t.type === 'timer') specs.push({ name, trigger: t.name, spec: parseCron(t.config) });
      }
    }
    if (specs.length === 0) return;
    this.timers = setInterval(() => {
      const now = Math.floor(Date.now() / 1000);
      if (now === this.lastTick) return;
      this.lastTick = now;
      for (const s of specs) {
        if (cronMatches(s.spec, new Date(now * 1000))) {
          const event = { Type: 'Timer', TriggerName: s.trigger, Time: new Date(now * 1000).toISOString() };
          void this.invoke(s.name, event, {}).then((r) => this.onTimerResult?.(s.name, r));
        }
      }
    }, 250);
    this.timers.unref();
  }

  stopTimers(): void {
    if (this.timers) clearInterval(this.timers);
    this.timers = null;
  }
}

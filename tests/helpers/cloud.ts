// Starts localcloud in-process on a free port and hands out the REAL wx-server-sdk pointed at it.
import { LocalCloud, startLocalCloud, LocalCloudOptions } from '../../localcloud';

export interface TestCloud {
  lc: LocalCloud;
  cloud: any;
  db: any;
}

export async function startTestCloud(options: LocalCloudOptions = {}): Promise<TestCloud> {
  const lc = await startLocalCloud({ port: 0, dataDir: null, ...options });
  // Required after localcloud set the SDK's environment; the SDK reads it per request anyway.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  return { lc, cloud, db: cloud.database() };
}

/** Calls the api function as a WeChat user would, answering its { ok, data | error } envelope. */
export async function callApi(lc: LocalCloud, openid: string, action: string, input: Record<string, unknown> = {}): Promise<any> {
  const r = await lc.invoke('api', { action, ...input }, { openid });
  if (r.error) throw new Error(r.error.errMsg);
  return r.result;
}

let requestCounter = 0;
/** A fresh client request id, like the mini program's services generate. */
export function rid(): string {
  return `req${Date.now().toString(36)}${(++requestCounter).toString(36).padStart(4, '0')}${Math.random().toString(36).slice(2, 8)}`;
}

export interface TestShop {
  shopId: string;
  owner: string;
  manager: string;
  clerk: string;
  /** Calls the api as this user and returns data, throwing the api error otherwise. */
  as: (openid: string) => <T = any>(action: string, input?: Record<string, unknown>) => Promise<T>;
}

/** A shop with an owner, a manager and a clerk (joined through real invites). */
export async function createTestShop(lc: LocalCloud, prefix: string): Promise<TestShop> {
  const owner = `${prefix}-owner`;
  const manager = `${prefix}-manager`;
  const clerk = `${prefix}-clerk`;
  const as = (openid: string) => async <T = any>(action: string, input: Record<string, unknown> = {}): Promise<T> => {
    const r = await callApi(lc, openid, action, input);
    if (!r.ok) throw Object.assign(new Error(`${action}: ${r.error.code} ${r.error.message}`), { api: r.error });
    return r.data as T;
  };
  const created = await as(owner)('shops.create', { name: `${prefix} 小店` });
  for (const [openid, role] of [[manager, 'manager'], [clerk, 'clerk']] as const) {
    const invite = await as(owner)('invites.create', { role });
    await as(openid)('invites.accept', { code: invite.code, name: role === 'manager' ? '店长小王' : '店员小李' });
  }
  return { shopId: created.shop._id, owner, manager, clerk, as };
}

/** The error an api call answered ({ code, message }), failing the test if it succeeded. */
export async function apiError(p: Promise<unknown>): Promise<{ code: string; message: string; details?: any }> {
  try {
    await p;
  } catch (e: any) {
    if (e.api) return e.api;
    throw e;
  }
  throw new Error('expected the call to fail');
}

export async function startApiCloud(): Promise<TestCloud> {
  const t = await startTestCloud();
  const setup = await t.lc.invoke('api', { action: 'system.setup' });
  if (setup.error) throw new Error(setup.error.errMsg);
  return t;
}

// localcloud: the embedded default. A local WeChat-cloud emulator that the unmodified cloud
// functions, with the real wx-server-sdk, talk to over HTTP on 127.0.0.1.
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { DatabaseService } from './database';
import { clone } from './ejson';
import { BadRequest, CloudError } from './errors';
import { checkSubscribeMessage, decodeOpenApiRequest, encodeOpenApiResponse, parseMultipart } from './openapi';
import { CallerContext, FunctionRunner, InvokeResult, configureSdkEnvironment, invocationOf, sdkEnvironment } from './runner';
import { FileStorage, StorageAnswer } from './storage';
import { DocumentStore, IndexSpec } from './store';
import { TransactionManager } from './transactions';

export { withInvocation } from './runner';
export type { InvokeResult, CallerContext } from './runner';

export interface LocalCloudOptions {
  port?: number; // 0 = a free port
  dataDir?: string | null; // null = in memory
  functionsDir?: string;
  indexesFile?: string;
  envId?: string;
  latencyMs?: number; // a simulated cloud round trip added to every database request
  transactionTimeoutMs?: number;
  timers?: boolean;
  configureSdk?: boolean; // set the SDK's environment variables in this process (default true)
  /**
   * The functions' deployment variables (云函数 → 环境变量 in the cloud), e.g. STOCKMATE_DEMO: every
   * call sees them over process.env, nothing else in the process does. Default none.
   */
  functionEnv?: Record<string, string>;
}

/** Where a localcloud with a data dir leaves its URL for `npm run nightly` (removed on a clean stop). */
export const URL_FILE = 'url';

export interface RequestStats {
  total: number;
  byAction: Record<string, number>;
}

const ROOT = path.resolve(__dirname, '..');

export class LocalCloud {
  readonly store: DocumentStore;
  readonly db: DatabaseService;
  readonly runner: FunctionRunner;
  /** Cloud storage (uploadFile, downloadFile, getTempFileURL, deleteFile). */
  readonly files: FileStorage;
  readonly envId: string;
  private server: http.Server;
  private stats: RequestStats = { total: 0, byAction: {} };
  private bytes = { total: 0, perInvocation: new Map<string, number>() };
  private perInvocation = new Map<string, RequestStats>();
  port = 0;
  latencyMs: number;

  constructor(private options: LocalCloudOptions = {}) {
    this.envId = options.envId ?? 'localcloud-dev';
    this.latencyMs = options.latencyMs ?? 0;
    const indexesFile = options.indexesFile ?? path.join(ROOT, 'database', 'indexes.json');
    const indexes: IndexSpec = fs.existsSync(indexesFile) ? JSON.parse(fs.readFileSync(indexesFile, 'utf8')).indexes ?? {} : {};
    this.store = new DocumentStore(options.dataDir ?? null, indexes);
    this.db = new DatabaseService(this.store, new TransactionManager(this.store, options.transactionTimeoutMs ?? 10_000));
    this.runner = new FunctionRunner(options.functionsDir ?? path.join(ROOT, 'cloudfunctions'));
    this.files = new FileStorage(options.dataDir ?? null, this.envId);
    this.server = http.createServer((req, res) => void this.route(req, res));
    this.server.keepAliveTimeout = 60_000;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.runner.env = { ...sdkEnvironment(`${this.url}/admin`, this.envId), ...this.options.functionEnv };
    if (this.options.configureSdk !== false) configureSdkEnvironment(`${this.url}/admin`, this.envId);
    if (this.urlFile) fs.writeFileSync(this.urlFile, `${this.url}\n`);
    if (this.options.timers) this.runner.startTimers();
    return this;
  }

  private get urlFile(): string | null {
    return this.options.dataDir ? path.join(this.options.dataDir, URL_FILE) : null;
  }

  async stop(): Promise<void> {
    this.runner.stopTimers();
    // Only our own URL: another localcloud may have started on this data dir since.
    if (this.urlFile && fs.existsSync(this.urlFile) && fs.readFileSync(this.urlFile, 'utf8').trim() === this.url) fs.unlinkSync(this.urlFile);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    this.store.close();
  }

  invoke(name: string, event: unknown, caller: CallerContext = {}): Promise<InvokeResult> {
    return this.runner.invoke(name, event, caller);
  }

  /** Database requests made so far (all, by action). */
  requestStats(): RequestStats {
    return clone(this.stats);
  }

  /** Database requests one invocation made. */
  invocationStats(requestId: string): RequestStats {
    return clone(this.perInvocation.get(requestId) ?? { total: 0, byAction: {} });
  }

  /** Bytes of the database's answers (the JSON the SDK receives) so far, or to one invocation: what reads cost in transfer. */
  bytesAnswered(requestId?: string): number {
    return requestId === undefined ? this.bytes.total : this.bytes.perInvocation.get(requestId) ?? 0;
  }

  resetStats(): void {
    this.stats = { total: 0, byAction: {} };
    this.perInvocation.clear();
    this.bytes = { total: 0, perInvocation: new Map() };
  }

  outbox() {
    return this.store.outbox();
  }

  private count(action: string, invocation: string | null) {
    this.stats.total++;
    this.stats.byAction[action] = (this.stats.byAction[action] ?? 0) + 1;
    if (invocation) {
      let s = this.perInvocation.get(invocation);
      if (!s) {
        s = { total: 0, byAction: {} };
        this.perInvocation.set(invocation, s);
        if (this.perInvocation.size > 5000) this.perInvocation.delete(this.perInvocation.keys().next().value as string);
      }
      s.total++;
      s.byAction[action] = (s.byAction[action] ?? 0) + 1;
    }
  }

  private countBytes(invocation: string | null, bytes: number) {
    this.bytes.total += bytes;
    if (!invocation) return;
    this.bytes.perInvocation.set(invocation, (this.bytes.perInvocation.get(invocation) ?? 0) + bytes);
    if (this.bytes.perInvocation.size > 5000) this.bytes.perInvocation.delete(this.bytes.perInvocation.keys().next().value as string);
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await readBody(req);
      if (req.method === 'POST' && url.pathname === '/admin') return await this.admin(url, req, body, res);
      if (req.method === 'POST' && url.pathname.startsWith('/functions/')) {
        const name = decodeURIComponent(url.pathname.slice('/functions/'.length));
        const event = body.length ? parseJson(body, 'the event') : {};
        const openid = header(req, 'x-wx-openid');
        const r = await this.invoke(name, event, { openid, appid: header(req, 'x-wx-appid') });
        return sendJson(res, r.error ? 500 : 200, r.error ?? { result: r.result ?? null });
      }
      // Cloud storage: the upload PUT the SDK makes after getUploadMetadata, temporary URLs, and
      // the mini program's own upload during development (wx.uploadFile, no cloud environment).
      if (req.method === 'PUT' && url.pathname.startsWith('/cos/')) return sendStorage(res, this.files.put(pathAfter(url, '/cos/'), req.headers, body));
      if ((req.method === 'GET' || req.method === 'HEAD') && url.pathname.startsWith('/storage/')) {
        return sendStorage(res, this.files.get(pathAfter(url, '/storage/'), url.searchParams), req.method === 'HEAD');
      }
      if (req.method === 'POST' && url.pathname === '/files/upload') return this.clientUpload(req, body, res);
      if (req.method === 'GET' && url.pathname === '/outbox') return sendJson(res, 200, { messages: this.outbox() });
      if (req.method === 'GET' && url.pathname === '/stats') return sendJson(res, 200, this.requestStats());
      if (req.method === 'POST' && url.pathname === '/stats/reset') {
        this.resetStats();
        return sendJson(res, 200, { ok: true });
      }
      if (req.method === 'GET' && url.pathname === '/health') {
        return sendJson(res, 200, { ok: true, env: this.envId, functions: this.runner.list(), collections: this.store.listCollections() });
      }
      sendJson(res, 404, { code: 'NOT_FOUND', message: `no route ${req.method} ${url.pathname}` });
    } catch (e) {
      if (e instanceof BadRequest) return sendJson(res, 400, { code: e.code, message: e.message });
      sendJson(res, 500, { code: 'SYS_ERR', message: (e as Error).message });
    }
  }

  /**
   * POST /files/upload (multipart: cloudPath, file): what wx.cloud.uploadFile does for the mini
   * program in DevTools against localcloud (wx.uploadFile here). Answers { fileID } like the cloud.
   */
  private clientUpload(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) {
    const fields = parseMultipart(body, String(req.headers['content-type'] ?? ''));
    const cloudPath = fields.cloudPath?.toString('utf8') ?? '';
    if (!fields.file) return sendJson(res, 400, { errMsg: 'uploadFile:fail no file' });
    if (this.files.pathOf(this.files.fileIdOf(cloudPath)) === null) return sendJson(res, 400, { errMsg: `uploadFile:fail invalid cloudPath ${cloudPath.slice(0, 200)}` });
    this.files.write(cloudPath, fields.file);
    return sendJson(res, 200, { fileID: this.files.fileIdOf(cloudPath), errMsg: 'uploadFile:ok' });
  }

  private async admin(url: URL, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) {
    const contentType = String(req.headers['content-type'] ?? '');
    const invocation = invocationOf(url.searchParams.get('seqId') ?? undefined);
    const requestId = url.searchParams.get('seqId') ?? `lc-${Date.now()}`;
    let params: Record<string, any>;
    if (contentType.startsWith('multipart/form-data')) {
      const fields = parseMultipart(body, contentType);
      params = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, k === 'requestData' ? v : v.toString('utf8')]));
    } else {
      params = body.length ? parseJson(body, 'the request') : {};
    }
    const action = String(params.action ?? '');
    this.count(action, invocation);
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    if (action === 'wx.openApi') {
      const call = decodeOpenApiRequest(String(params.apiName), params.requestData as Buffer);
      const verdict = call.api === 'subscribeMessage.send' ? checkSubscribeMessage(call.data) : { errcode: 0, errmsg: 'ok' };
      if (verdict.errcode === 0) this.store.recordOutbox(call.api, call.appid, call.data);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(encodeOpenApiResponse(verdict));
      return;
    }
    if (action === 'functions.invokeFunction') {
      const caller: CallerContext = { openid: process.env.WX_OPENID, appid: process.env.WX_APPID };
      const r = await this.invoke(String(params.function_name), params.request_data ? parseJson(Buffer.from(String(params.request_data)), 'request_data') : {}, caller);
      if (r.error) return sendJson(res, 200, { code: 'FUNCTIONS_EXECUTE_FAIL', message: r.error.errMsg, requestId });
      return sendJson(res, 200, { data: { response_data: JSON.stringify(r.result ?? null) }, requestId });
    }
    if (action.startsWith('storage.')) {
      try {
        return sendJson(res, 200, { ...this.files.handle(action, params, this.url), requestId });
      } catch (e) {
        if (e instanceof CloudError) return sendJson(res, 200, { code: e.code, message: e.message, requestId });
        throw e;
      }
    }
    if (!action.startsWith('database.')) {
      return sendJson(res, 200, { code: 'INVALID_PARAM', message: `localcloud does not emulate ${action}`, requestId });
    }
    try {
      const out = this.db.handle(action, params, { invocation });
      this.countBytes(invocation, sentJson(res, 200, { ...out, requestId }));
    } catch (e) {
      if (e instanceof CloudError) return sendJson(res, 200, { code: e.code, message: e.message, requestId });
      sendJson(res, 200, { code: 'DATABASE_REQUEST_FAILED', message: (e as Error).message, requestId });
    }
  }
}

/** The cloud path after a route prefix (the SDK and wx.downloadFile percent-encode it). */
function pathAfter(url: URL, prefix: string): string {
  try {
    return decodeURIComponent(url.pathname.slice(prefix.length));
  } catch {
    return '';
  }
}

function sendStorage(res: http.ServerResponse, a: StorageAnswer, headOnly = false) {
  res.writeHead(a.status, a.headers);
  res.end(headOnly ? undefined : a.body);
}

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  return new LocalCloud(options).start();
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v || undefined;
}

function parseJson(body: Buffer, what: string): any {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new BadRequest('INVALID_JSON', `${what} is not JSON (${(e as Error).message}): send a JSON body with content-type application/json`);
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  sentJson(res, status, body);
}

/** Sends `body` as JSON; answers its size in bytes. */
function sentJson(res: http.ServerResponse, status: number, body: unknown): number {
  const text = JSON.stringify(body);
  const bytes = Buffer.byteLength(text);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': bytes });
  res.end(text);
  return bytes;
}

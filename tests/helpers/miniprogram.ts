// Pages under miniprogram-simulate, calling the REAL api function on localcloud: wx.cloud.callFunction
// is bridged to localcloud's function runner with the given user's openid.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { LocalCloud } from '../../localcloud';
import type { ModalRecord } from './modal';
export type { ModalRecord } from './modal';

// eslint-disable-next-line @typescript-eslint/no-var-requires
export const simulate = require('miniprogram-simulate');

export const MINIPROGRAM_ROOT = path.resolve(__dirname, '../../miniprogram');

export interface WxBridge {
  /** The WeChat user the pages act as. */
  openid: string;
  /** What the next wx.scanCode answers (a queue: one result per scan). */
  scans: string[];
  toasts: string[];
  modals: ModalRecord[];
  /** Answer of the next wx.showModal (confirm = true). */
  modalConfirm: boolean;
  /** What the user types into an editable wx.showModal (editable: true). */
  modalInput: string;
  navigations: string[];
  calls: { name: string; data: any }[];
  /** Template ids of each wx.requestSubscribeMessage, and what the user answers to the next. */
  subscribeRequests: string[][];
  subscribeAnswer: 'accept' | 'reject';
  /** What wx.setClipboardData copied last. */
  clipboard: string;
  /** The user refused the camera: wx.scanCode fails with "auth deny", wx.getSetting says so. */
  cameraDenied: boolean;
  /** How many times wx.openSetting was opened. */
  openSettings: number;
  /** Titles set by wx.setNavigationBarTitle. */
  titles: string[];
  /** How many times a page went back (wx.navigateBack). */
  backs: number;
  /** The `events` of the last wx.navigateTo that passed some (the opener's event channel listeners). */
  openerEvents: Record<string, (data: any) => void> | null;
  /** The phone's local storage (wx.setStorageSync / getStorageSync), kept across pages. */
  storage: Record<string, unknown>;
  /** Files saved by wx.saveImageToPhotosAlbum and shared by wx.showShareImageMenu; the album refused. */
  savedImages: string[];
  sharedImages: string[];
  albumDenied: boolean;
  /** The phone's temporary files (downloads, chosen files) by their wxfile:// path. */
  files: Record<string, Buffer>;
  /** What the next wx.chooseMessageFile answers (a queue; empty: the user cancels). */
  messageFiles: { name: string; content: Buffer }[];
  /** Files opened by wx.openDocument and forwarded by wx.shareFileMessage. */
  openedDocuments: { filePath: string; fileType?: string; showMenu?: boolean }[];
  sharedFiles: { filePath: string; fileName?: string }[];
  /** Pictures the user picks at the next wx.chooseMedia (up to its count; empty: the user cancels), and each call's options. */
  media: { name: string; content: Buffer }[];
  mediaRequests: { count?: number; mediaType?: string[]; sizeType?: string[] }[];
  /** What wx.previewImage showed. */
  previews: { urls: string[]; current?: string }[];
}

/** Pages use wx.cloud.callFunction, as in production; installWx bridges it to localcloud. */
function useCloudBackend() {
  require(path.join(MINIPROGRAM_ROOT, 'config')).config.backend = 'cloud';
}

export function installWx(lc: LocalCloud, openid: string): WxBridge {
  const bridge: WxBridge = {
    openid,
    scans: [],
    toasts: [],
    modals: [],
    modalConfirm: true,
    modalInput: '',
    navigations: [],
    calls: [],
    subscribeRequests: [],
    subscribeAnswer: 'accept',
    clipboard: '',
    cameraDenied: false,
    openSettings: 0,
    titles: [],
    backs: 0,
    openerEvents: null,
    storage: {},
    savedImages: [],
    sharedImages: [],
    albumDenied: false,
    files: {},
    messageFiles: [],
    openedDocuments: [],
    sharedFiles: [],
    media: [],
    mediaRequests: [],
    previews: [],
  };
  useCloudBackend();
  // One app instance shared by the pages (getApp().globalData), fresh for each installWx.
  const app = { globalData: {} };
  (global as any).getApp = () => app;
  const wx = (global as any).wx;
  wx.cloud = {
    init() {},
    async callFunction({ name, data }: { name: string; data: any }) {
      bridge.calls.push({ name, data });
      const r = await lc.invoke(name, data, { openid: bridge.openid });
      if (r.error) throw { errCode: r.error.errCode, errMsg: `cloud.callFunction:fail ${r.error.errMsg}` };
      return { result: r.result, errMsg: 'cloud.callFunction:ok', requestID: r.requestId };
    },
  };
  wx.scanCode = (opts: any) => {
    const code = bridge.cameraDenied ? undefined : bridge.scans.shift();
    const p = code === undefined
      ? Promise.reject({ errMsg: bridge.cameraDenied ? 'scanCode:fail auth deny' : 'scanCode:fail cancel' })
      : Promise.resolve({ result: code, scanType: /^\d{13}$/.test(code) ? 'EAN_13' : 'CODE_128', charSet: 'utf-8', rawData: '', errMsg: 'scanCode:ok' });
    p.then((r) => opts?.success?.(r), (e) => opts?.fail?.(e));
    return opts?.success || opts?.fail ? undefined : p;
  };
  wx.getSetting = (o: any) => {
    const r = { authSetting: bridge.cameraDenied ? { 'scope.camera': false } : {}, errMsg: 'getSetting:ok' };
    o?.success?.(r);
    return Promise.resolve(r);
  };
  wx.openSetting = (o: any) => {
    bridge.openSettings++;
    const r = { authSetting: {}, errMsg: 'openSetting:ok' };
    o?.success?.(r);
    return Promise.resolve(r);
  };
  wx.setNavigationBarTitle = (o: { title: string }) => {
    bridge.titles.push(o.title);
  };
  wx.showToast = (o: { title: string }) => bridge.toasts.push(o.title);
  wx.showLoading = () => undefined;
  wx.hideLoading = () => undefined;
  wx.showModal = (o: any) => {
    bridge.modals.push({ title: o.title, content: o.content, showCancel: o.showCancel, confirmText: o.confirmText, cancelText: o.cancelText, confirmColor: o.confirmColor, cancelColor: o.cancelColor });
    const r = { confirm: bridge.modalConfirm, cancel: !bridge.modalConfirm, ...(o.editable ? { content: bridge.modalInput } : {}) };
    o.success?.(r);
    return Promise.resolve(r);
  };
  for (const nav of ['navigateTo', 'redirectTo', 'switchTab', 'reLaunch']) {
    wx[nav] = (o: { url: string; events?: Record<string, (data: any) => void>; success?: () => void }) => {
      bridge.navigations.push(o.url);
      if (o.events) bridge.openerEvents = o.events;
      o.success?.();
      return Promise.resolve();
    };
  }
  wx.navigateBack = () => {
    bridge.backs++;
  };
  wx.setClipboardData = (o: { data: string; success?: () => void }) => {
    bridge.clipboard = o.data;
    o.success?.();
    return Promise.resolve();
  };
  // simulate's own storage stubs forget what is set; the phone keeps it (a copy, as WeChat serializes).
  wx.setStorageSync = (key: string, value: unknown) => {
    bridge.storage[key] = JSON.parse(JSON.stringify(value));
  };
  wx.getStorageSync = (key: string) => (key in bridge.storage ? JSON.parse(JSON.stringify(bridge.storage[key])) : '');
  wx.removeStorageSync = (key: string) => {
    delete bridge.storage[key];
  };
  wx.vibrateShort = () => undefined;
  // A canvas made into a file: the canvas's own data URL when it has one (the screenshots' SVG canvas).
  let files = 0;
  wx.canvasToTempFilePath = (o: any) => {
    const r = { tempFilePath: o.canvas?.toDataURL?.() ?? `http://tmp/picture-${++files}.png`, errMsg: 'canvasToTempFilePath:ok' };
    o.success?.(r);
    return Promise.resolve(r);
  };
  wx.saveImageToPhotosAlbum = (o: any) => {
    if (bridge.albumDenied) return o.fail?.({ errMsg: 'saveImageToPhotosAlbum:fail auth deny' });
    bridge.savedImages.push(o.filePath);
    o.success?.({ errMsg: 'saveImageToPhotosAlbum:ok' });
  };
  wx.showShareImageMenu = (o: any) => {
    bridge.sharedImages.push(o.path);
    o.success?.({ errMsg: 'showShareImageMenu:ok' });
  };
  wx.stopPullDownRefresh = () => undefined;
  wx.requestSubscribeMessage = (o: any) => {
    bridge.subscribeRequests.push(o.tmplIds);
    const r: Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' };
    for (const id of o.tmplIds) r[id] = bridge.subscribeAnswer;
    o.success?.(r);
    return Promise.resolve(r);
  };
  installFileApis(lc, bridge);
  return bridge;
}

/** A wx API answering both ways: callbacks when given, else a promise. */
function answer<T>(o: any, p: Promise<T>): Promise<T> | undefined {
  p.then((r) => o?.success?.(r), (e) => o?.fail?.(e));
  return o?.success || o?.fail ? undefined : p;
}

/** One HTTP request with node's client (jsdom, the page tests' environment, has no fetch). */
function httpRequest(method: string, url: string, headers: Record<string, string> = {}, body?: Buffer): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(url), { method, headers: body ? { ...headers, 'content-length': String(body.length) } : headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A multipart/form-data body, as wx.uploadFile sends it. */
function multipart(fields: Record<string, string>, file: { name: string; fileName: string; content: Buffer }): { body: Buffer; contentType: string } {
  const boundary = `----wxbridge${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * The file APIs against localcloud's real HTTP routes: storage actions on /admin (as the cloud SDK
 * asks its backend), the signed PUT on /cos, temporary URLs on /storage, the development upload on
 * /files/upload. Files on the phone are bytes kept in `bridge.files` under wxfile:// paths.
 */
function installFileApis(lc: LocalCloud, bridge: WxBridge): void {
  const wx = (global as any).wx;
  let tmp = 0;
  const keep = (content: Buffer, name: string) => {
    const p = `wxfile://tmp_${++tmp}${path.extname(name)}`;
    bridge.files[p] = content;
    return p;
  };
  const storage = async (action: string, params: Record<string, unknown>) => {
    const r = await httpRequest('POST', `${lc.url}/admin`, { 'content-type': 'application/json' }, Buffer.from(JSON.stringify({ action, ...params })));
    const body = JSON.parse(r.body.toString('utf8'));
    if (body.code) throw { errCode: -1, errMsg: `${action}:fail ${body.code} ${body.message}` };
    return body.data;
  };
  const download = async (url: string, api: string) => {
    const r = await httpRequest('GET', url).catch(() => null);
    if (!r) throw { errMsg: `${api}:fail request:fail` };
    return { tempFilePath: keep(r.body, new URL(url).pathname), statusCode: r.status, errMsg: `${api}:ok` };
  };
  const local = (filePath: string, api: string) => {
    const bytes = bridge.files[filePath];
    if (!bytes) throw { errMsg: `${api}:fail file not found ${filePath}` };
    return bytes;
  };
  wx.downloadFile = (o: any) => answer(o, download(o.url, 'downloadFile'));
  wx.uploadFile = (o: any) =>
    answer(o, (async () => {
      const fields = Object.fromEntries(Object.entries(o.formData ?? {}).map(([k, v]) => [k, String(v)]));
      const form = multipart(fields, { name: o.name, fileName: path.basename(o.filePath), content: local(o.filePath, 'uploadFile') });
      const r = await httpRequest('POST', o.url, { ...o.header, 'content-type': form.contentType }, form.body);
      return { data: r.body.toString('utf8'), statusCode: r.status, errMsg: 'uploadFile:ok' };
    })());
  wx.cloud.downloadFile = (o: any) =>
    answer(o, (async () => {
      const [f] = (await storage('storage.batchGetDownloadUrl', { file_list: [{ fileid: o.fileID, max_age: 600 }] })).download_list;
      if (f.code !== 'SUCCESS') throw { errCode: -1, errMsg: `cloud.downloadFile:fail ${f.code}` };
      return download(f.tempFileURL, 'cloud.downloadFile');
    })());
  wx.cloud.uploadFile = (o: any) =>
    answer(o, (async () => {
      const bytes = local(o.filePath, 'cloud.uploadFile');
      const meta = await storage('storage.getUploadMetadata', { path: o.cloudPath });
      const r = await httpRequest('PUT', meta.url, { 'x-cos-security-token': meta.token, authorization: meta.authorization }, bytes);
      if (r.status !== 200) throw { errCode: -1, errMsg: `cloud.uploadFile:fail ${r.status} ${r.body.toString('utf8')}` };
      return { fileID: meta.fileId, statusCode: 200, errMsg: 'cloud.uploadFile:ok' };
    })());
  wx.chooseMessageFile = (o: any) =>
    answer(o, (async () => {
      const f = bridge.messageFiles.shift();
      if (!f) throw { errMsg: 'chooseMessageFile:fail cancel' };
      return { tempFiles: [{ path: keep(f.content, f.name), size: f.content.length, name: f.name, type: 'file', time: Math.floor(Date.now() / 1000) }], errMsg: 'chooseMessageFile:ok' };
    })());
  wx.chooseMedia = (o: any) =>
    answer(o, (async () => {
      bridge.mediaRequests.push({ count: o.count, mediaType: o.mediaType, sizeType: o.sizeType });
      const picked = bridge.media.splice(0, o.count ?? 9);
      if (!picked.length) throw { errMsg: 'chooseMedia:fail cancel' };
      return { type: 'image', tempFiles: picked.map((f) => ({ tempFilePath: keep(f.content, f.name), size: f.content.length, fileType: 'image' })), errMsg: 'chooseMedia:ok' };
    })());
  wx.previewImage = (o: any) =>
    answer(o, (async () => {
      bridge.previews.push({ urls: o.urls, current: o.current });
      return { errMsg: 'previewImage:ok' };
    })());
  wx.openDocument = (o: any) =>
    answer(o, (async () => {
      local(o.filePath, 'openDocument');
      bridge.openedDocuments.push({ filePath: o.filePath, fileType: o.fileType, showMenu: o.showMenu });
      return { errMsg: 'openDocument:ok' };
    })());
  wx.shareFileMessage = (o: any) =>
    answer(o, (async () => {
      local(o.filePath, 'shareFileMessage');
      bridge.sharedFiles.push({ filePath: o.filePath, fileName: o.fileName });
      return { errMsg: 'shareFileMessage:ok' };
    })());
}

/**
 * npm component names ("@vant/weapp/cell/index") resolve through miniprogram_npm in DevTools;
 * simulate resolves them relative to the page, so map every npm name used in the project to its
 * built path under miniprogram_npm (what DevTools' packNpm produced).
 */
function npmComponentMap(): Record<string, string> {
  const map: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'miniprogram_npm' || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) {
        const json = JSON.parse(fs.readFileSync(full, 'utf8'));
        for (const [tag, target] of Object.entries<string>(json.usingComponents ?? {})) {
          if (!target.startsWith('.') && !target.startsWith('/')) map[tag] = `/miniprogram_npm/${target}`;
        }
      }
    }
  };
  walk(MINIPROGRAM_ROOT);
  return map;
}

/**
 * Loads a page (written with Component()) and renders it attached to a parent. Each load runs in
 * its own module registry: under jest a component's JS otherwise runs once per test file, and a
 * second page using the same Vant component would render it empty.
 */
export function renderPage(pagePath: string, props: Record<string, unknown> = {}) {
  let id = '';
  jest.isolateModules(() => {
    useCloudBackend();
    id = simulate.load(path.join(MINIPROGRAM_ROOT, pagePath), {
      rootPath: MINIPROGRAM_ROOT,
      less: false,
      usingComponents: npmComponentMap(),
    });
  });
  const comp = simulate.render(id, props);
  comp.attach(document.createElement('parent-wrapper'));
  return comp;
}

/**
 * Gives a page opened by wx.navigateTo({ events }) its opener's event channel, as WeChat does:
 * what the page emits reaches the listeners the opener passed (call before the page's onLoad).
 */
export function connectOpener(page: any, bridge: WxBridge): void {
  const events = bridge.openerEvents ?? {};
  page.instance.getOpenerEventChannel = () => ({ emit: (name: string, data: unknown) => events[name]?.(data), on() {}, once() {}, off() {} });
}

/** What a fake 2d context records: each text drawn with its position and font. */
export interface RecordedCanvas {
  width: number;
  height: number;
  texts: { text: string; x: number; y: number; font: string }[];
  scaled: number[];
}

/**
 * Gives a page's <canvas type="2d" id="…"> a node (simulate has no canvas): a fake 2d context that
 * records what is drawn and measures text as a phone would roughly (a CJK character 1 em, others ½).
 */
export function fakeCanvas(page: any, context: (canvas: RecordedCanvas & Record<string, unknown>) => Record<string, unknown> = recordingContext): RecordedCanvas {
  const canvas: RecordedCanvas & Record<string, unknown> = { width: 300, height: 150, texts: [], scaled: [] };
  const ctx = context(canvas);
  canvas.getContext = () => ctx;
  page.instance.createSelectorQuery = () => {
    const query = {
      select: () => query,
      fields: () => query,
      exec: (cb: (res: unknown[]) => void) => cb([{ node: canvas, width: canvas.width, height: canvas.height }]),
    };
    return query;
  };
  return canvas;
}

export const textWidth = (text: string, font: string) => {
  const size = Number(/(\d+)px/.exec(font)?.[1] ?? 10);
  return Array.from(text).reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? size : size * 0.55), 0);
};

function recordingContext(canvas: RecordedCanvas): Record<string, unknown> {
  const ctx: Record<string, unknown> = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    font: '10px sans-serif',
    textAlign: 'left',
    textBaseline: 'alphabetic',
    fillRect() {},
    fillText: (text: string, x: number, y: number) => canvas.texts.push({ text, x, y, font: String(ctx.font) }),
    measureText: (text: string) => ({ width: textWidth(text, String(ctx.font)) }),
    beginPath() {},
    moveTo() {},
    lineTo() {},
    stroke() {},
    scale: (x: number) => canvas.scaled.push(x),
  };
  return ctx;
}

/** Records the JSON size of every setData of a page from now on (how much crosses to the view). */
export function measureSetData(page: any): number[] {
  const sizes: number[] = [];
  const original = page.instance.setData.bind(page.instance);
  page.instance.setData = (data: Record<string, unknown>, cb?: () => void) => {
    sizes.push(JSON.stringify(data).length);
    return original(data, cb);
  };
  return sizes;
}

/** Waits until the page's data satisfies the predicate (pages load asynchronously). */
export async function waitFor(pred: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > timeoutMs) throw new Error('waitFor: condition not met in time');
    await simulate.sleep(10);
  }
}

export function text(comp: any, selector: string): string {
  const el = comp.querySelector(selector);
  return el ? String(el.dom.textContent).replace(/\s+/g, ' ').trim() : '';
}

/** Taps a Vant button (or any component wrapping one) found by selector, then lets the page settle. */
export async function tap(comp: any, selector: string): Promise<void> {
  const host = comp.querySelector(selector);
  if (!host) throw new Error(`tap: nothing matches ${selector}`);
  // A van-submit-bar wraps its van-button; a van-button wraps the native button.
  const wrapped = host.querySelector('.van-submit-bar__button') ?? host;
  const inner = wrapped.querySelector('.van-button') ?? wrapped;
  inner.dispatchEvent('tap');
  await simulate.sleep(10);
}

/** Types into a van-field found by selector, as the user would (the field emits change). */
export async function type(comp: any, selector: string, value: string): Promise<void> {
  const field = comp.querySelector(selector);
  if (!field) throw new Error(`type: nothing matches ${selector}`);
  // The field renders a custom-slot view and the real input with the same class: take the input.
  const controls = field.querySelectorAll('.van-field__control');
  const input = controls.find((c: any) => /^WX-(INPUT|TEXTAREA)$/.test(c.dom.tagName)) ?? controls[0];
  input.dispatchEvent('input', { detail: { value } });
  await simulate.sleep(10);
}

/** Runs fn while wx.cloud.callFunction fails as on a dead network; the bridge is restored after. */
export async function whileOffline<T>(fn: () => Promise<T>): Promise<T> {
  const g = (global as any).wx;
  const bridged = g.cloud.callFunction;
  g.cloud.callFunction = () => Promise.reject({ errMsg: 'cloud.callFunction:fail request:fail timeout' });
  try {
    return await fn();
  } finally {
    g.cloud.callFunction = bridged;
  }
}

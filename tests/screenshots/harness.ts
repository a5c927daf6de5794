// What a screenshot state can do: open a page as a user of the demo shop and drive it like a thumb
// would (scan, tap, type), against the real api function on an in-process localcloud.
import path from 'node:path';
import type { LocalCloud } from '../../localcloud';
import { seedDemo } from '../../localcloud/demo';
import { startApiCloud } from '../helpers/cloud';
import { installWx, MINIPROGRAM_ROOT, ModalRecord, renderPage, simulate, type, WxBridge } from '../helpers/miniprogram';
import { markReady, usePhoneFiles } from './html';

/** Who is holding the phone. */
export type Role = 'owner' | 'clerk' | 'newUser' | 'emptyShop';

export const OPENIDS: Record<Role, string> = {
  owner: 'demo-owner-openid',
  clerk: 'demo-clerk-openid',
  newUser: 'first-time-user-openid',
  emptyShop: 'new-shop-owner-openid',
};

/** The demo shop's products by a short key (see server/demo/seed.ts). */
export const DEMO_PRODUCTS = {
  cola: '可口可乐 330ml',
  water: '农夫山泉 550ml',
  chips: '乐事薯片 原味 70g',
  noodles: '康师傅红烧牛肉面 桶装',
  milk: '伊利纯牛奶 250ml',
  detergent: '蓝月亮洗衣液 3kg',
  mask: '玻尿酸补水面膜',
  oreo: '奥利奥夹心饼干 97g',
} as const;
export type DemoProduct = keyof typeof DEMO_PRODUCTS;

export interface ShotContext {
  lc: LocalCloud;
  wx: WxBridge;
  /** Product id and first barcode of each demo product. */
  products: Record<DemoProduct, { id: string; barcode: string }>;
  /** Calls the api as a role and answers data (throws on an api error). */
  api(role: Role, action: string, input?: Record<string, unknown>): Promise<any>;
  /** Renders a page, runs onLoad(query) and onShow as WeChat does, waits for its calls. */
  open(pagePath: string, query?: Record<string, string>): Promise<any>;
  /** Each code is one scan: queued for wx.scanCode, then the page's scan button is tapped. */
  scan(page: any, ...codes: string[]): Promise<void>;
  tap(page: any, selector: string): Promise<void>;
  type(page: any, selector: string, value: string): Promise<void>;
  /** Types a code into a document page's code field (its first field) and presses 回车. */
  enterCode(page: any, code: string): Promise<void>;
  /** Types a quantity into the stepper of the n-th line of a document (doc-lines). */
  setLineQty(page: any, index: number, qty: number): Promise<void>;
  /** From now until the state ends, every cloud call fails as with no network. */
  goOffline(): void;
  /** Waits until no cloud call is in flight and the page has settled. */
  settle(): Promise<void>;
}

export interface Harness extends ShotContext {
  /** Resets per-state things (offline, title, dialogs) and switches the user. */
  beginState(role: Role): void;
  /** What the state changed besides the page: navigation title, toasts, modals. */
  stateRecord(): { title?: string; toasts: string[]; modals: ModalRecord[] };
  readied(page: any): WeakSet<object> | undefined;
  stop(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
const RootComponent = require('j-component/src/render/component');
const JComponent = Object.getPrototypeOf(RootComponent.prototype).constructor;

/**
 * simulate's querySelector knows classes and ids only; a state may also name tags
 * (`.actions van-button`): those are looked up in the DOM (page classes carry their prefix there).
 */
export function find(page: any, selector: string): any {
  try {
    const hit = page.querySelector(selector);
    if (hit) return hit;
  } catch {
    // not a selector simulate understands
  }
  const css = selector.replace(/\.([\w-]+)/g, (_m, c: string) => `:is(.${c},[class$="--${c}"],[class*="--${c} "])`);
  // Only the page's own nodes, as the page's template names them (not those inside components).
  const own = page._exparserNode.shadowRoot;
  const el = Array.from((page.dom as Element).querySelectorAll(css)).find((e: any) => e.__wxElement?.ownerShadowRoot === own) as any;
  if (!el) return undefined;
  return el.__wxElement.__componentNode__ ?? new JComponent(el.__wxElement);
}

/**
 * A native input shows what was typed even when the component does not set its value back (Vant's
 * field keeps typed text out of setData): remember it on the input for the picture.
 */
function rememberTyped(field: any, value: string) {
  for (const c of field.querySelectorAll('.van-field__control')) {
    const el = c.dom as any;
    if (!/^WX-(INPUT|TEXTAREA)$/.test(el.tagName)) continue;
    const shown = (el.__wxElement?._vt?.attrs ?? []).find((a: any) => a.name === 'value')?.value;
    el.__typed = { value, shown };
  }
}

/**
 * getApp() as in WeChat: the App() of app.ts, launched. A fresh one per state (each state is its
 * own session of the mini program, so nothing a page kept in globalData leaks into the next).
 */
function launchApp() {
  const g = global as any;
  let app: any = null;
  const previous = g.App;
  g.App = (definition: any) => {
    app = definition;
  };
  try {
    jest.isolateModules(() => require(path.join(MINIPROGRAM_ROOT, 'app')));
  } finally {
    g.App = previous;
  }
  g.getApp = () => app;
  app?.onLaunch?.({ path: 'pages/home/index', query: {}, scene: 1001 });
}

export async function startHarness(): Promise<Harness> {
  // dev.seedDemo is allowed only where the deployment enables it (localcloud reads it per call).
  process.env.STOCKMATE_DEMO = '1';
  const { lc } = await startApiCloud();
  const wx = installWx(lc, OPENIDS.owner);
  usePhoneFiles(wx.files);
  const g = (global as any).wx;

  let inFlight = 0;
  let offline = false;
  const bridged = g.cloud.callFunction;
  g.cloud.callFunction = async (o: { name: string; data: any }) => {
    inFlight++;
    try {
      await simulate.sleep(1);
      if (offline) throw { errCode: -1, errMsg: 'cloud.callFunction:fail request:fail timeout' };
      return await bridged(o);
    } finally {
      inFlight--;
    }
  };
  let title: string | undefined;
  const previousSetTitle = g.setNavigationBarTitle;
  g.setNavigationBarTitle = (o: { title: string; success?: () => void }) => {
    title = o.title;
    if (previousSetTitle) return previousSetTitle(o);
    o.success?.();
    return Promise.resolve();
  };
  let toastMark = 0;
  let modalMark = 0;
  const readiedByPage = new WeakMap<object, WeakSet<object>>();

  const api = async (role: Role, action: string, input: Record<string, unknown> = {}) => {
    const r = await lc.invoke('api', { action, ...input }, { openid: OPENIDS[role] });
    if (r.error) throw new Error(`${action}: ${r.error.errMsg}`);
    const body = r.result as any;
    if (!body?.ok) throw new Error(`${action}: ${body?.error?.code} ${body?.error?.message}`);
    return body.data;
  };

  const settle = async () => {
    let quiet = 0;
    const start = Date.now();
    while (quiet < 3 && Date.now() - start < 30_000) {
      await simulate.sleep(10);
      quiet = inFlight === 0 ? quiet + 1 : 0;
    }
  };

  // The demo shop of `npm start` (its months of history replayed by localcloud; its clerk 店员小李 is
  // demo-clerk-openid), and a second shop that has nothing yet.
  await seedDemo(lc);
  await api('emptyShop', 'shops.create', { name: '新开的小店', ownerName: '阿芳' });
  const list = await api('owner', 'products.list', { page: 1, pageSize: 100 });
  const products = {} as ShotContext['products'];
  for (const [key, name] of Object.entries(DEMO_PRODUCTS) as [DemoProduct, string][]) {
    const p = list.items.find((i: any) => i.name === name);
    if (!p) throw new Error(`demo product ${name} not found`);
    products[key] = { id: p._id, barcode: p.barcodes[0] };
  }
  // What the owner's "重新计算" on the alerts tab does, so every screen has alerts and suggestions.
  for (let i = 0; i < 20; i++) if ((await api('owner', 'replenishment.recompute')).done) break;

  const h: Harness = {
    lc,
    wx,
    products,
    api,
    settle,
    async open(pagePath, query = {}) {
      const page = renderPage(pagePath);
      readiedByPage.set(page, markReady(page));
      const inst = page.instance;
      await inst.onLoad?.(query);
      await settle();
      await inst.onShow?.();
      await settle();
      return page;
    },
    async scan(page, ...codes) {
      for (const code of codes) {
        wx.scans.push(code);
        await h.tap(page, '.scan');
      }
    },
    async tap(page, selector) {
      const host = find(page, selector);
      if (!host) throw new Error(`tap: nothing matches ${selector}`);
      // Where a finger lands: the native button inside a Vant button (or submit bar), a cell's row.
      const target = ['.van-submit-bar__button', '.van-button', '.van-cell', '.van-grid-item__content'].map((s) => host.querySelector(s)).find(Boolean);
      const inner = target?.querySelector('.van-button') ?? target ?? host;
      inner.dispatchEvent('tap');
      await settle();
    },
    async type(page, selector, value) {
      const field = find(page, selector);
      if (!field) throw new Error(`type: nothing matches ${selector}`);
      await type({ querySelector: () => field }, selector, value); // the helper's typing into that field
      rememberTyped(field, value);
      await settle();
    },
    async enterCode(page, code) {
      await h.type(page, 'van-field', code);
      const field = find(page, 'van-field');
      const input = field.querySelectorAll('.van-field__control').find((c: any) => c.dom.tagName === 'WX-INPUT');
      input.dispatchEvent('confirm', { detail: { value: code } });
      await settle();
    },
    async setLineQty(page, index, qty) {
      const line = page.querySelectorAll('.lines')[0]?.querySelectorAll('.line__qty')[index];
      if (!line) throw new Error(`setLineQty: no line ${index}`);
      line.querySelector('.van-stepper__input').dispatchEvent('input', { detail: { value: String(qty) } });
      await settle();
      line.querySelector('.van-stepper__input').dispatchEvent('blur', { detail: { value: String(qty) } });
      await settle();
    },
    goOffline() {
      offline = true;
    },
    beginState(role) {
      launchApp();
      offline = false;
      title = undefined;
      wx.openid = OPENIDS[role];
      wx.scans.length = 0;
      wx.modalConfirm = true;
      toastMark = wx.toasts.length;
      modalMark = wx.modals.length;
    },
    stateRecord() {
      return { title, toasts: wx.toasts.slice(toastMark), modals: wx.modals.slice(modalMark) };
    },
    readied: (page) => readiedByPage.get(page),
    stop: () => lc.stop(),
  };
  return h;
}

// Turns a page rendered by miniprogram-simulate (its live jsdom tree) into a standalone HTML file
// Chromium can photograph: the page's DOM with WeChat's classes, attributes and styles restored,
// inside a phone frame (status bar, navigation bar, tab bar). See ../shared/RENDERING.md.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { MINIPROGRAM_ROOT, ModalRecord } from '../helpers/miniprogram';
import { compileWxss, convertValue, readWxss } from './wxss';
import { canvasPicture } from './canvas-painters';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const jUtils = require('j-component/src/tool/utils');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const exparser = require('miniprogram-exparser');

const REPO_ROOT = path.resolve(MINIPROGRAM_ROOT, '..');

interface ComponentDef {
  path: string;
  tag: string;
  /** App and page styles reach inside it (addGlobalClass / styleIsolation apply-shared, shared). */
  shared: boolean;
}

function definitionOf(is: string): ComponentDef | null {
  const cached = jUtils.cache(is);
  const def = cached?.definition;
  if (!def?.path) return null;
  const options = def.options ?? {};
  const shared = !!options.addGlobalClass || options.styleIsolation === 'apply-shared' || options.styleIsolation === 'shared';
  return { path: def.path, tag: options.classPrefix || def.tagName || 'main', shared };
}

/** Every component node under the page (its shadow trees included), depth first. */
function componentNodes(root: any): any[] {
  const out: any[] = [];
  const walk = (node: any) => {
    if (node instanceof exparser.Component) {
      out.push(node);
      if (node.shadowRoot instanceof exparser.Element) walk(node.shadowRoot);
    }
    for (const child of node.childNodes ?? []) if (child instanceof exparser.Element) walk(child);
  };
  walk(root);
  return out;
}

/**
 * simulate fires `ready` only at attach(): components created later (a grid item rendered after
 * the data arrived) never get it and render `width:NaN%`. Remember what attach() readied…
 */
export function markReady(comp: any): WeakSet<object> {
  const readied = new WeakSet<object>();
  for (const node of componentNodes(comp._exparserNode)) readied.add(node);
  return readied;
}

/** …and fire `ready` on the components created since, as WeChat does. */
export function fireReady(comp: any, readied: WeakSet<object>): number {
  let fired = 0;
  for (const node of componentNodes(comp._exparserNode)) {
    if (readied.has(node)) continue;
    readied.add(node);
    node.triggerLifeTime('ready', []);
    fired++;
  }
  return fired;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeHtml(s).replace(/"/g, '&quot;');

/** Built-in attributes live only on the virtual tree, camelCased. */
function vtAttrs(el: any): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of el.__wxElement?._vt?.attrs ?? []) out[a.name] = a.value;
  return out;
}

/** The class prefix of the component whose template holds this node ('main' for the page). */
function ownerTag(el: any): string {
  const host = el.__wxElement?.ownerShadowRoot?.getHostNode?.();
  return (host && definitionOf(host.is)?.tag) || 'main';
}

const EMPTY_IMAGE = /^https?:\/\/img\.yzcdn\.cn\/vant\/empty-image-(\w+)\.png$/;

/** Vant's empty-state pictures live on a CDN this machine cannot reach: a local drawing instead. */
function emptyPlaceholder(kind: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 160"><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f2f3f5"/><stop offset="1" stop-color="#dcdee0"/></linearGradient></defs><ellipse cx="80" cy="138" rx="46" ry="6" fill="#ebedf0"/><rect x="44" y="38" width="72" height="88" rx="8" fill="url(#g)"/><rect x="56" y="56" width="48" height="6" rx="3" fill="#fff"/><rect x="56" y="70" width="36" height="6" rx="3" fill="#fff"/>${
    kind === 'search' ? '<circle cx="104" cy="104" r="14" fill="none" stroke="#c8c9cc" stroke-width="5"/><path d="M114 114l12 12" stroke="#c8c9cc" stroke-width="6" stroke-linecap="round"/>'
    : kind === 'error' || kind === 'network' ? '<circle cx="106" cy="106" r="16" fill="#fff"/><path d="M99 99l14 14M113 99l-14 14" stroke="#c8c9cc" stroke-width="5" stroke-linecap="round"/>'
    : '<rect x="56" y="84" width="42" height="6" rx="3" fill="#fff"/>'
  }</svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** The phone's temporary files (the bridge's wxfile:// paths): a picture chosen on a page shows as chosen. */
let phoneFiles: Record<string, Buffer> = {};
export function usePhoneFiles(files: Record<string, Buffer>): void {
  phoneFiles = files;
}

/**
 * Images the page shows from localcloud's file server (temporary URLs of cloud files): fetched now,
 * while localcloud runs, and kept with the phone's files, because Chromium opens the page later.
 */
export async function keepServedImages(comp: any): Promise<void> {
  const images = Array.from((comp.dom as Element).querySelectorAll('wx-image')).flatMap((el) => [String(vtAttrs(el).src ?? '')]);
  const served = [...new Set(images.filter((src) => /^http:\/\/127\.0\.0\.1[:/]/.test(src) && !phoneFiles[src]))];
  await Promise.all(served.map(async (src) => {
    const bytes = await httpGet(src);
    if (bytes) phoneFiles[src] = bytes;
  }));
}

/** The bytes at a URL, or null (the test environment, jsdom, has no fetch). */
function httpGet(url: string): Promise<Buffer | null> {
  return new Promise((resolve) => {
    http
      .get(url, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(res.statusCode === 200 ? Buffer.concat(chunks) : null));
      })
      .on('error', () => resolve(null));
  });
}

function imageSource(src: string): string {
  if (phoneFiles[src]) return `data:image/${/\.png(\?|$)/i.test(src) ? 'png' : 'jpeg'};base64,${phoneFiles[src].toString('base64')}`;
  const empty = EMPTY_IMAGE.exec(src);
  if (empty) return emptyPlaceholder(empty[1]);
  if (!src || /^(data:|https?:)/.test(src)) return src;
  const file = src.startsWith('/') ? path.join(MINIPROGRAM_ROOT, src) : src;
  return fs.existsSync(file) ? `file://${file}` : src;
}

const OBJECT_FIT: Record<string, string> = { scaleToFill: 'fill', aspectFit: 'contain', aspectFill: 'cover', widthFix: 'fill', heightFix: 'fill' };

interface SerializeState {
  prefixes: Map<string, ComponentDef>;
}

function serialize(node: Node, st: SerializeState): string {
  if (node.nodeType === 3) return escapeHtml(node.textContent ?? '');
  if (node.nodeType !== 1) return '';
  const el = node as Element;
  const tag = el.tagName.toLowerCase();
  const attrs = vtAttrs(el);
  const classes = (el.getAttribute('class') ?? '').split(/\s+/).filter(Boolean);
  const out = new Set(classes);
  const readable: string[] = [];
  for (const c of classes) {
    const m = /^(.+?)--(.+)$/.exec(c);
    const def = m ? st.prefixes.get(m[1]) : undefined;
    if (m && def) {
      readable.push(m[2]);
      if (def.shared) out.add(m[2]);
    } else readable.push(c);
  }
  // Inline styles: rebuilt from the template's value (simulate maps 1rpx to 1px in the DOM).
  let style = typeof attrs.style === 'string' ? convertValue(attrs.style) : el.getAttribute('style') ?? '';
  if (attrs.hidden === true || attrs.hidden === 'true') style += ';display:none';
  const html: string[] = [`<${tag}`];
  if (out.size) html.push(` class="${escapeAttr([...out].join(' '))}"`);
  if (style.trim()) html.push(` style="${escapeAttr(style)}"`);
  const id = typeof attrs.id === 'string' && attrs.id ? `#${attrs.id}` : '';
  html.push(` data-sel="${escapeAttr(tag + id + readable.map((c) => `.${c}`).join(''))}"`);
  if (tag === 'wx-button') {
    for (const name of ['size', 'type', 'plain', 'disabled']) {
      const v = attrs[name];
      if (v !== undefined && v !== false && v !== '' && v !== null) html.push(` ${name}="${escapeAttr(String(v))}"`);
    }
  }
  html.push('>');
  if (tag === 'wx-image') {
    const src = imageSource(String(attrs.src ?? ''));
    const mode = String(attrs.mode ?? 'scaleToFill');
    if (src) html.push(`<img src="${escapeAttr(src)}" style="width:100%;height:100%;display:block;object-fit:${OBJECT_FIT[mode] ?? 'fill'}">`);
  } else if (tag === 'wx-canvas') {
    // jsdom has no canvas: a component that draws on one is drawn again here, as SVG.
    const host = (el as any).__wxElement?.ownerShadowRoot?.getHostNode?.();
    const picture = host && canvasPicture(definitionOf(host.is)?.path ?? '', host.data, SCREEN.width);
    if (picture) html.push(`<img src="${escapeAttr(picture)}" style="width:100%;height:100%;display:block">`);
  } else if (tag === 'wx-input' || tag === 'wx-textarea') {
    // What the user typed, unless the page has since set another value (see harness rememberTyped).
    const typed = (el as any).__typed;
    const raw = typed && typed.shown === attrs.value ? typed.value : attrs.value;
    const value = raw === undefined || raw === null ? '' : String(raw);
    if (value) {
      const shown = attrs.password === true || attrs.type === 'safe-password' ? '•'.repeat(value.length) : value;
      html.push(`<span class="wx-input-value">${escapeHtml(shown)}</span>`);
    } else if (attrs.placeholder) {
      const owner = ownerTag(el);
      const extra = String(attrs.placeholderClass ?? '').split(/\s+/).filter(Boolean);
      const ownerDef = st.prefixes.get(owner);
      const cls = ['wx-placeholder', ...extra.map((c) => `${owner}--${c}`), ...(ownerDef?.shared || owner === 'main' ? extra : [])];
      const pStyle = attrs.placeholderStyle ? ` style="${escapeAttr(convertValue(String(attrs.placeholderStyle)))}"` : '';
      html.push(`<span class="${escapeAttr(cls.join(' '))}"${pStyle}>${escapeHtml(String(attrs.placeholder))}</span>`);
    }
  }
  for (const child of Array.from(el.childNodes)) html.push(serialize(child, st));
  html.push(`</${tag}>`);
  return html.join('');
}

// WeChat's own styles of the built-in components (approximated), and of "style": "v2".
const BUILTIN_CSS = `
wx-view,wx-scroll-view,wx-swiper,wx-swiper-item,wx-form,wx-navigator,wx-picker,wx-picker-view,wx-cover-view,wx-rich-text{display:block}
wx-text,wx-label{display:inline}
wx-scroll-view{overflow:auto}
wx-swiper{height:150px;overflow:hidden;position:relative}
wx-image{display:inline-block;overflow:hidden;width:320px;height:240px;position:relative}
wx-input{display:flex;align-items:center;height:1.4rem;min-height:1.4rem;overflow:hidden;white-space:nowrap;cursor:auto}
wx-input>span{display:block;width:100%;overflow:hidden;text-overflow:clip}
wx-textarea{display:block;width:300px;height:150px;white-space:pre-wrap;overflow:hidden;cursor:auto}
.wx-placeholder{color:#808080}
wx-button{position:relative;display:block;margin-left:auto;margin-right:auto;padding-left:14px;padding-right:14px;box-sizing:border-box;font-size:18px;text-align:center;text-decoration:none;line-height:2.55555556;border-radius:5px;overflow:hidden;color:#000;background-color:#f8f8f8}
wx-button::after{content:" ";width:200%;height:200%;position:absolute;top:0;left:0;border:1px solid rgba(0,0,0,.2);transform:scale(.5);transform-origin:0 0;box-sizing:border-box;border-radius:10px}
wx-button[size=mini]{display:inline-block;line-height:2.3;font-size:13px;padding:0 1.34em}
wx-button[disabled]{color:rgba(0,0,0,.3)}
`;
// DevTools' WAWebview.js with "style": "v2" (what Vant Weapp's quick start says to remove).
const BUTTON_V2_CSS = `
wx-button{padding:8px 24px;line-height:1.41176471;font-size:17px;font-weight:700;border-radius:4px}
wx-button:not([size=mini]){width:184px;margin-left:auto;margin-right:auto}
`;

function iconFontCss(): string {
  const less = fs.readFileSync((require as unknown as NodeRequire).resolve('@vant/icons/src/encode-woff2.less'), 'utf8');
  const m = /url\('(data:font\/woff2[^']+)'\)/.exec(less);
  return m ? `@font-face{font-family:'vant-icon';font-style:normal;font-weight:400;src:url('${m[1]}') format('woff2')}` : '';
}
let iconFont: string | null = null;

const STATUS_BAR = 44;
const NAV_BAR = 44;
const TAB_BAR = 50;
const HOME_INDICATOR = 34;
export const SCREEN = { width: 375, height: 812 };

export interface AppConfig {
  window: Record<string, any>;
  tabBar?: { color?: string; selectedColor?: string; backgroundColor?: string; borderStyle?: string; list: { pagePath: string; text: string; iconPath?: string; selectedIconPath?: string }[] };
  style?: string;
}

export function readAppConfig(): AppConfig {
  return JSON.parse(fs.readFileSync(path.join(MINIPROGRAM_ROOT, 'app.json'), 'utf8'));
}

function dataUrl(rel?: string): string {
  if (!rel) return '';
  const file = path.join(MINIPROGRAM_ROOT, rel);
  if (!fs.existsSync(file)) return '';
  const ext = path.extname(file).slice(1).toLowerCase();
  const mime = ext === 'svg' ? 'image/svg+xml' : ext === 'jpg' ? 'image/jpeg' : `image/${ext}`;
  return `data:${mime};base64,${fs.readFileSync(file).toString('base64')}`;
}

function frameHtml(opts: { pagePath: string; title: string; app: AppConfig; pageJson: Record<string, any> }) {
  const { app, pagePath, pageJson } = opts;
  const win = { ...app.window, ...pageJson };
  const tabs = app.tabBar?.list ?? [];
  const tabIndex = tabs.findIndex((t) => t.pagePath === pagePath);
  const isTab = tabIndex >= 0;
  const navBg = win.navigationBarBackgroundColor ?? '#000000';
  const navFg = win.navigationBarTextStyle === 'white' ? '#ffffff' : '#000000';
  const custom = win.navigationStyle === 'custom';
  const top = custom ? 0 : STATUS_BAR + NAV_BAR;
  const bottom = isTab ? TAB_BAR + HOME_INDICATOR : 0;
  const status = `<div class="phone-status" style="color:${navFg};background:${custom ? 'transparent' : navBg}"><span>9:41</span><span class="phone-status__right">▮▮▮ ◠ ▭</span></div>`;
  const nav = custom
    ? ''
    : `<div class="phone-nav" style="background:${navBg};color:${navFg}">${isTab ? '' : '<span class="phone-nav__back">‹</span>'}<span class="phone-nav__title">${escapeHtml(opts.title)}</span><span class="phone-capsule"><span>•••</span><i></i><span>◉</span></span></div>`;
  let tabBar = '';
  if (isTab && app.tabBar) {
    const tb = app.tabBar;
    const items = tabs
      .map((t, i) => {
        const active = i === tabIndex;
        const icon = dataUrl(active ? t.selectedIconPath || t.iconPath : t.iconPath);
        return `<div class="phone-tab${active ? ' phone-tab--active' : ''}" style="color:${active ? tb.selectedColor ?? '#1989fa' : tb.color ?? '#7a7e83'}">${icon ? `<img src="${icon}">` : ''}<span>${escapeHtml(t.text)}</span></div>`;
      })
      .join('');
    tabBar = `<div class="phone-tabbar" style="background:${tb.backgroundColor ?? '#ffffff'};border-top-color:${tb.borderStyle === 'white' ? '#f0f0f0' : 'rgba(0,0,0,.2)'}">${items}</div>`;
  }
  const css = `
html,body{margin:0;padding:0}
body{width:${SCREEN.width}px;height:${SCREEN.height}px;position:relative;overflow:hidden;font-family:-apple-system,"PingFang SC","Noto Sans CJK SC","Noto Sans SC",sans-serif;-webkit-font-smoothing:antialiased;background:${win.backgroundColor ?? '#ffffff'}}
.phone-status{position:absolute;top:0;left:0;right:0;height:${STATUS_BAR}px;display:flex;justify-content:space-between;align-items:center;padding:0 22px 0 30px;box-sizing:border-box;font:600 15px/1 -apple-system,"Noto Sans CJK SC",sans-serif;z-index:1000}
.phone-status__right{font-size:11px;letter-spacing:2px}
.phone-nav{position:absolute;top:${STATUS_BAR}px;left:0;right:0;height:${NAV_BAR}px;display:flex;align-items:center;justify-content:center;z-index:1000}
.phone-nav__title{font-size:17px;font-weight:500;max-width:190px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.phone-nav__back{position:absolute;left:12px;top:0;line-height:${NAV_BAR - 4}px;font-size:38px;font-weight:200}
.phone-capsule{position:absolute;right:7px;top:6px;width:87px;height:32px;box-sizing:border-box;border:0.5px solid rgba(0,0,0,.12);border-radius:16px;background:rgba(255,255,255,.6);display:flex;align-items:center;justify-content:space-around;font-size:13px;color:#000}
.phone-capsule i{width:0.5px;height:18px;background:rgba(0,0,0,.2)}
.wx-page-frame{position:absolute;top:${top}px;left:0;width:${SCREEN.width}px;height:${SCREEN.height - top - bottom}px;overflow:hidden;transform:translateZ(0);--wx-safe-bottom:${isTab ? 0 : HOME_INDICATOR}px}
.wx-page{min-height:100%;box-sizing:border-box;font-size:16px;overflow:hidden auto;height:100%}
html.full .wx-page{height:auto;overflow:visible}
.phone-tabbar{position:absolute;left:0;right:0;bottom:0;height:${TAB_BAR}px;padding-bottom:${HOME_INDICATOR}px;display:flex;border-top:0.5px solid rgba(0,0,0,.2);z-index:1000}
.phone-tab{flex:1;display:flex;flex-direction:column;align-items:center;justify-content:center;font-size:10px;line-height:1.4}
.phone-tab img{width:24px;height:24px;margin-bottom:2px}
.phone-home{position:absolute;left:50%;bottom:8px;width:134px;height:5px;margin-left:-67px;border-radius:3px;background:#000;z-index:1001}
`;
  return { css, status, nav, tabBar, isTab };
}

/** What WeChat draws over the page: the last wx.showModal or wx.showToast of the state. */
export type Dialog = ({ kind: 'modal' } & ModalRecord) | { kind: 'toast'; title: string };

const DIALOG_CSS = `
.wx-mask{position:absolute;inset:0;background:rgba(0,0,0,.6);z-index:5000;display:flex;align-items:center;justify-content:center}
.wx-modal{width:300px;background:#fff;border-radius:12px;overflow:hidden;text-align:center}
.wx-modal__title{padding:32px 24px 0;font-size:17px;font-weight:700;color:#000}
.wx-modal__content{padding:16px 24px 32px;font-size:15px;line-height:1.4;color:rgba(0,0,0,.5);word-wrap:break-word}
.wx-modal__title+.wx-modal__content{padding-top:16px}
.wx-modal__buttons{display:flex;border-top:0.5px solid rgba(0,0,0,.1);height:56px;line-height:56px;font-size:17px;font-weight:700}
.wx-modal__buttons span{flex:1}
.wx-modal__buttons span+span{border-left:0.5px solid rgba(0,0,0,.1)}
.wx-toast-layer{position:absolute;inset:0;z-index:5000;display:flex;align-items:center;justify-content:center}
.wx-toast{min-width:120px;max-width:220px;padding:16px;box-sizing:border-box;background:rgba(17,17,17,.7);color:#fff;border-radius:12px;text-align:center;font-size:15px;line-height:1.4}
`;

function dialogHtml(d?: Dialog): string {
  if (!d) return '';
  if (d.kind === 'toast') return `<div class="wx-toast-layer"><div class="wx-toast">${escapeHtml(d.title)}</div></div>`;
  const title = d.title ? `<div class="wx-modal__title">${escapeHtml(d.title)}</div>` : '';
  const content = d.content ? `<div class="wx-modal__content">${escapeHtml(d.content)}</div>` : '';
  // As wx.showModal draws it: 取消 unless showCancel is false, the texts the page gave.
  const color = (c: string | undefined, fallback: string) => (c && /^#[0-9a-fA-F]{3,8}$/.test(c) ? c : fallback);
  const cancel = d.showCancel === false ? '' : `<span style="color:${color(d.cancelColor, '#000')}">${escapeHtml(d.cancelText || '取消')}</span>`;
  return `<div class="wx-mask"><div class="wx-modal">${title}${content}<div class="wx-modal__buttons">${cancel}<span style="color:${color(d.confirmColor, '#576b95')}">${escapeHtml(d.confirmText || '确定')}</span></div></div></div>`;
}

export interface Picture {
  html: string;
  /** Vant and project components rendered (tag names), for the record. */
  components: string[];
}

/** The HTML of a rendered page. `pagePath` like 'pages/home/index'. */
export function pagePicture(comp: any, opts: { pagePath: string; title?: string; dialog?: Dialog }): Picture {
  const app = readAppConfig();
  const pageJsonFile = path.join(MINIPROGRAM_ROOT, `${opts.pagePath}.json`);
  const pageJson = fs.existsSync(pageJsonFile) ? JSON.parse(fs.readFileSync(pageJsonFile, 'utf8')) : {};
  const title = opts.title ?? pageJson.navigationBarTitleText ?? app.window.navigationBarTitleText ?? '';

  const prefixes = new Map<string, ComponentDef>();
  const styles: string[] = [];
  const pageDef = definitionOf(comp._exparserNode.is);
  prefixes.set('main', { path: pageDef?.path ?? opts.pagePath, tag: 'main', shared: true });
  for (const node of componentNodes(comp._exparserNode)) {
    const def = definitionOf(node.is);
    if (!def || def.tag === 'main' || prefixes.has(def.tag)) continue;
    prefixes.set(def.tag, def);
    styles.push(`/* ${path.relative(REPO_ROOT, def.path)} */\n${compileWxss(readWxss(`${def.path}.wxss`, MINIPROGRAM_ROOT), def.tag)}`);
  }
  // App and page styles last: they win over the components' own at equal specificity, as in WeChat.
  styles.push(`/* app.wxss */\n${compileWxss(readWxss(path.join(MINIPROGRAM_ROOT, 'app.wxss'), MINIPROGRAM_ROOT), '')}`);
  styles.push(`/* ${opts.pagePath}.wxss */\n${compileWxss(readWxss(path.join(MINIPROGRAM_ROOT, `${opts.pagePath}.wxss`), MINIPROGRAM_ROOT), '')}`);

  const body = Array.from((comp.dom as Element).childNodes).map((n) => serialize(n, { prefixes })).join('');
  const frame = frameHtml({ pagePath: opts.pagePath, title, app, pageJson });
  iconFont ??= iconFontCss();
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=${SCREEN.width}">
<title>${escapeHtml(title)}</title>
<style>${iconFont}</style>
<style>${frame.css}</style>
<style>${BUILTIN_CSS}${app.style === 'v2' ? BUTTON_V2_CSS : ''}${DIALOG_CSS}</style>
<style>
${styles.join('\n')}
</style></head>
<body>${frame.status}${frame.nav}<div class="wx-page-frame"><div class="wx-page" id="wx-page">${body}</div></div>${frame.tabBar}${dialogHtml(opts.dialog)}<div class="phone-home"></div></body></html>
`;
  return { html, components: [...prefixes.keys()].filter((t) => t !== 'main') };
}

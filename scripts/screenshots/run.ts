// npm run screenshots [-- --strict] [-- --only home,sell--lines] [-- --keep-html DIR]
// 1. jest (tests/screenshots) renders every page state of tests/screenshots/spec.ts against the demo
//    shop and writes standalone HTML; 2. Debian's Chromium photographs each at 375×812 @2x, plus the
//    whole page when it scrolls, into docs/screenshots/, and measures every element against the
//    screen's width; 3. docs/screenshots/README.md indexes the pictures. Prints what is wider than
//    the screen; exits non-zero when a state could not be rendered, or with --strict on overflow.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import type { ManifestEntry } from '../../tests/screenshots/manifest';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'docs/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WIDTH = 375;
const HEIGHT = 812;

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};


interface Overflow {
  selector: string;
  left: number;
  right: number;
  width: number;
}

interface Shot {
  file: string;
  full?: string;
  height: number;
  overflow: Overflow[];
  clippedInputs: Overflow[];
}

/** Runs in the page: elements whose box leaves the screen sideways, outermost only, not clipped by a scroller. */
function measure(width: number): { height: number; overflow: Overflow[]; clippedInputs: Overflow[] } {
  const doc = (globalThis as any).document;
  const page = doc.getElementById('wx-page');
  const out: Overflow[] = [];
  const offenders = new Set<any>();
  const clipped = (el: any): boolean => {
    for (let a = el.parentElement; a && a !== page; a = a.parentElement) {
      const s = (globalThis as any).getComputedStyle(a);
      if (s.overflowX !== 'visible' || s.overflow === 'hidden') return true;
    }
    return false;
  };
  const path = (el: any): string => {
    const parts: string[] = [];
    let a = el;
    for (; a && a !== page && parts.length < 4; a = a.parentElement) {
      const sel = a.getAttribute('data-sel') ?? a.tagName.toLowerCase();
      // Keep the nodes that name something: classes, or a component's tag.
      if (parts.length === 0 || /[.#]/.test(sel) || !sel.startsWith('wx-')) parts.unshift(sel);
    }
    // …and the nearest ancestor with an id, if the page gave one further up.
    if (!parts.some((p) => p.includes('#'))) {
      for (; a && a !== page; a = a.parentElement) {
        const sel = a.getAttribute('data-sel') ?? '';
        if (sel.includes('#')) {
          parts.unshift(`${sel} …`);
          break;
        }
      }
    }
    return parts.join(' > ');
  };
  for (const el of page.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right <= width + 0.5 && r.left >= -0.5) continue;
    let parent = el.parentElement;
    let inside = false;
    for (; parent && parent !== page; parent = parent.parentElement) if (offenders.has(parent)) inside = true;
    offenders.add(el);
    if (inside || clipped(el)) continue;
    out.push({ selector: path(el), left: Math.round(r.left), right: Math.round(r.right), width: Math.round(r.width) });
  }
  // Inputs too narrow for their text or placeholder (a native input cuts it off).
  const clippedInputs: Overflow[] = [];
  for (const input of page.querySelectorAll('wx-input')) {
    const text = input.firstElementChild;
    if (!text || input.clientWidth === 0) continue;
    if (text.scrollWidth > input.clientWidth + 1) {
      clippedInputs.push({ selector: `${path(input)} “${text.textContent}”`, left: Math.round(input.getBoundingClientRect().left), right: Math.round(input.getBoundingClientRect().right), width: Math.round(text.scrollWidth) });
    }
  }
  return { height: page.scrollHeight, overflow: out, clippedInputs };
}

async function shoot(browser: Browser, htmlDir: string, entry: ManifestEntry): Promise<Shot> {
  const page = await browser.newPage();
  try {
    // tsx compiles `measure` with esbuild's keepNames helper, which the page does not have.
    await page.evaluateOnNewDocument('globalThis.__name = (f) => f');
    await page.setRequestInterception(true);
    // Everything a picture needs is inline or a local file; the network is not reachable here.
    page.on('request', (req) => (/^(file|data):/.test(req.url()) ? req.continue() : req.abort()));
    await page.setViewport({ width: WIDTH, height: HEIGHT, deviceScaleFactor: 2 });
    await page.goto(`file://${path.join(htmlDir, `${entry.file}.html`)}`, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready');
    const png = path.join(OUT, `${entry.file}.png`);
    await page.screenshot({ path: png as `${string}.png` });
    const { height, overflow, clippedInputs } = await page.evaluate(measure, WIDTH);
    const shot: Shot = { file: `${entry.file}.png`, height, overflow, clippedInputs };
    const frameHeight = (await page.evaluate('document.querySelector(".wx-page-frame").clientHeight')) as number;
    if (height > frameHeight + 8) { // not for a hairline of rounding
      // The whole page: the page frame grows to its content, bars stay at the top and bottom.
      const total = Math.ceil(HEIGHT - frameHeight + height);
      await page.evaluate(`(() => {
        document.documentElement.classList.add('full');
        document.querySelector('.wx-page-frame').style.height = '${Math.ceil(height)}px';
        document.body.style.height = '${total}px';
      })()`);
      await page.setViewport({ width: WIDTH, height: total, deviceScaleFactor: 2 });
      shot.full = `${entry.file}--full.png`;
      await page.screenshot({ path: path.join(OUT, shot.full) as `${string}.png` });
    }
    return shot;
  } finally {
    await page.close();
  }
}

function runJest(htmlDir: string, only: string | undefined): number {
  const jest = require.resolve('jest/bin/jest');
  const r = spawnSync(process.execPath, [jest, '-c', path.join(ROOT, 'tests/screenshots/jest.config.js')], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, SCREENSHOTS_HTML_DIR: htmlDir, SCREENSHOTS_ONLY: only ?? '', STOCKMATE_DEMO: '1' },
  });
  return r.status ?? 1;
}

interface ReportFile {
  [file: string]: { page: string; state: string; description: string; role: string; title?: string; full?: string; overflow: Overflow[]; clippedInputs?: Overflow[]; toasts: string[]; modals: { title?: string; content?: string }[]; error?: string };
}

const ROLE_LABEL: Record<string, string> = { owner: '店主', clerk: '店员', newUser: '新用户（没有店铺）', emptyShop: '新店店主（没有商品）' };

function writeIndex(report: ReportFile, timing: string) {
  const lines = [
    '# Pictures of every page',
    '',
    'Generated by `npm run screenshots` (see the README\'s "Pictures" section): each page of the mini program in its main',
    'states, driven like a user against the demo shop (localcloud in-process, the real api function),',
    'rendered by Debian\'s headless Chromium at 375×812 CSS px @2x inside a drawn phone frame. `--full` is the',
    'whole page when it scrolls. Not faithful: fonts (Noto instead of PingFang), native inputs and buttons',
    '(approximated), WeChat\'s own chrome (drawn), animations. The states are declared in',
    '[tests/screenshots/spec.ts](../../tests/screenshots/spec.ts).',
    '',
    timing,
    '',
  ];
  let currentPage = '';
  for (const [file, r] of Object.entries(report)) {
    if (r.page !== currentPage) {
      currentPage = r.page;
      lines.push(`## ${r.page}`, '', '| state | who | what | picture | wider than the screen | inputs cut off |', '| --- | --- | --- | --- | --- | --- |');
    }
    const pics = r.error ? `render failed: ${r.error.replace(/\|/g, '\\|').replace(/\n/g, ' ')}` : `[${file}.png](${file}.png)${r.full ? ` · [full](${r.full})` : ''}`;
    const extra = [...r.toasts.map((t) => `toast “${t}”`), ...r.modals.map((m) => `modal “${m.title ?? ''}${m.content ? `：${m.content}` : ''}”`)].join('; ');
    const over = r.overflow.map((o) => `\`${o.selector}\` ${o.width}px (${o.left}…${o.right})`).join('<br>') || '—';
    const cut = (r.clippedInputs ?? []).map((o) => `\`${o.selector}\` needs ${o.width}px, has ${o.right - o.left}px`).join('<br>') || '—';
    lines.push(`| ${r.state} | ${ROLE_LABEL[r.role] ?? r.role} | ${r.description}${extra ? ` (${extra})` : ''} | ${pics} | ${over} | ${cut} |`);
  }
  // Tables need a blank line between them.
  fs.writeFileSync(path.join(OUT, 'README.md'), `${lines.join('\n').replace(/\n## /g, '\n\n## ').replace(/\n{3,}/g, '\n\n')}\n`);
}

async function main() {
  const t0 = Date.now();
  const only = option('only');
  const htmlDir = option('keep-html') ? path.resolve(option('keep-html')!) : fs.mkdtempSync(path.join(os.tmpdir(), 'stockmate-screenshots-'));
  fs.mkdirSync(htmlDir, { recursive: true });
  fs.mkdirSync(OUT, { recursive: true });

  const jestStatus = runJest(htmlDir, only);
  const t1 = Date.now();
  const manifestFile = path.join(htmlDir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error('the render step wrote no manifest (see the jest output above)');
  const manifest: ManifestEntry[] = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));

  const reportFile = path.join(OUT, 'report.json');
  const previous: ReportFile = only && fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : {};
  if (!only) for (const f of fs.readdirSync(OUT)) if (f.endsWith('.png')) fs.unlinkSync(path.join(OUT, f));

  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const puppeteer = require('puppeteer-core');
  const browser: Browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--hide-scrollbars', '--font-render-hinting=none', '--disable-gpu'],
  });
  const fresh: ReportFile = {};
  let overflowCount = 0;
  let clippedCount = 0;
  try {
    for (const entry of manifest) {
      const base = { page: entry.page, state: entry.state, description: entry.description, role: entry.role, title: entry.title, toasts: entry.toasts, modals: entry.modals };
      if (entry.error) {
        fresh[entry.file] = { ...base, overflow: [], error: entry.error };
        continue;
      }
      for (const f of [`${entry.file}.png`, `${entry.file}--full.png`]) fs.rmSync(path.join(OUT, f), { force: true });
      const shot = await shoot(browser, htmlDir, entry);
      fresh[entry.file] = { ...base, full: shot.full, overflow: shot.overflow, clippedInputs: shot.clippedInputs };
      for (const o of shot.overflow) {
        overflowCount++;
        console.log(`wider than the screen: ${entry.page} [${entry.state}] ${o.selector} width ${o.width}px (left ${o.left}, right ${o.right})`);
      }
      for (const o of shot.clippedInputs) {
        clippedCount++;
        console.log(`input cut off: ${entry.page} [${entry.state}] ${o.selector} needs ${o.width}px, has ${o.right - o.left}px`);
      }
    }
  } finally {
    await browser.close();
  }
  const t2 = Date.now();
  // Spec order: the fresh run's order, states of an --only run merged into the previous report.
  const report: ReportFile = {};
  const order = only ? [...new Set([...Object.keys(previous), ...Object.keys(fresh)])] : Object.keys(fresh);
  for (const k of order) report[k] = fresh[k] ?? previous[k];
  fs.writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  const seconds = { total: (t2 - t0) / 1000, jest: (t1 - t0) / 1000, chromium: (t2 - t1) / 1000 };
  // The figure of the last full run (a partial run keeps it).
  const indexFile = path.join(OUT, 'README.md');
  const previousTiming = fs.existsSync(indexFile) ? /^Last full run: .*$/m.exec(fs.readFileSync(indexFile, 'utf8'))?.[0] : undefined;
  const timing = !only || !previousTiming
    ? `Last full run: ${Object.keys(report).length} states, ${Object.values(fresh).filter((r) => !r.error).length + Object.values(fresh).filter((r) => r.full).length} pictures in ${seconds.total.toFixed(1)} s (render ${seconds.jest.toFixed(1)} s, Chromium ${seconds.chromium.toFixed(1)} s).`
    : previousTiming;
  writeIndex(report, timing);
  const unpicturedFile = path.join(htmlDir, 'unpictured.json');
  const unpictured: string[] = fs.existsSync(unpicturedFile) ? JSON.parse(fs.readFileSync(unpicturedFile, 'utf8')) : [];
  if (!option('keep-html')) fs.rmSync(htmlDir, { recursive: true, force: true });

  const failed = manifest.filter((m) => m.error);
  const pictures = Object.values(fresh).filter((r) => !r.error).length;
  const fulls = Object.values(fresh).filter((r) => r.full).length;
  console.log(`\n${pictures} states photographed (${pictures + fulls} pictures, ${fulls} full-page) in ${seconds.total.toFixed(1)} s: render ${seconds.jest.toFixed(1)} s, Chromium ${seconds.chromium.toFixed(1)} s → docs/screenshots/`);
  console.log(`${overflowCount} element(s) wider than the screen${overflowCount && !flag('strict') ? ' (use --strict to fail on them)' : ''}; ${clippedCount} input(s) too narrow for their text`);
  for (const f of failed) console.log(`render failed: ${f.file}: ${f.error}`);
  for (const p of unpictured) console.log(`not pictured: ${p} is in app.json but has no entry in tests/screenshots/spec.ts`);
  if (failed.length || jestStatus !== 0) process.exitCode = 1;
  else if (flag('strict') && overflowCount > 0) process.exitCode = 2;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
});

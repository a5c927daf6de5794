// Run by `npm run screenshots` only (tests/screenshots/jest.config.js): renders every state of
// spec.ts and writes one HTML file per state plus manifest.json into SCREENSHOTS_HTML_DIR; the
// runner (scripts/screenshots/run.ts) photographs them with Chromium.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppConfig, fireReady, keepServedImages, pagePicture, readAppConfig } from './html';
import { Harness, startHarness } from './harness';
import type { ManifestEntry } from './manifest';
import { pageName, SPEC } from './spec';


const outDir = process.env.SCREENSHOTS_HTML_DIR ?? path.join(os.tmpdir(), 'stockmate-screenshots');
const only = (process.env.SCREENSHOTS_ONLY ?? '').split(',').filter(Boolean);
const wanted = (file: string) => only.length === 0 || only.some((o) => file === o || file.startsWith(o));

let h: Harness;
const manifest: ManifestEntry[] = [];

beforeAll(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  h = await startHarness();
});
/** Pages of app.json (subpackages included) that spec.ts does not picture yet. */
function unpictured(): string[] {
  const app = readAppConfig() as AppConfig & { pages: string[]; subPackages?: { root: string; pages: string[] }[]; subpackages?: { root: string; pages: string[] }[] };
  const all = [...app.pages, ...(app.subPackages ?? app.subpackages ?? []).flatMap((sp) => sp.pages.map((pg) => `${sp.root.replace(/\/$/, '')}/${pg}`))];
  const pictured = new Set(SPEC.map((p) => p.page));
  return all.filter((p) => !pictured.has(p));
}

afterAll(async () => {
  fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(outDir, 'unpictured.json'), JSON.stringify(unpictured()));
  await h?.stop();
});

for (const p of SPEC) {
  const name = pageName(p);
  describe(name, () => {
    // --only: the states not asked for are not registered at all (nothing skipped).
    for (const s of p.states.filter((st) => wanted(`${name}--${st.state}`))) {
      const file = `${name}--${s.state}`;
      test(s.state, async () => {
        const started = Date.now();
        const entry: ManifestEntry = { file, page: p.page, name, state: s.state, description: s.description, role: s.role, toasts: [], modals: [], ms: 0 };
        manifest.push(entry);
        h.beginState(s.role);
        try {
          const page = await s.run(h);
          // Vant's transitions (popups, action sheets) step through two 33 ms "animation frames".
          await h.settle();
          await new Promise((r) => setTimeout(r, 100));
          const readied = h.readied(page);
          if (readied && fireReady(page, readied) > 0) await h.settle();
          Object.assign(entry, h.stateRecord());
          // A modal or toast the state ended on is part of what the user sees.
          const modal = entry.modals.at(-1);
          const toast = entry.toasts.at(-1);
          const dialog = modal ? { kind: 'modal' as const, ...modal } : toast ? { kind: 'toast' as const, title: toast } : undefined;
          await keepServedImages(page);
          const picture = pagePicture(page, { pagePath: p.page, title: entry.title, dialog });
          fs.writeFileSync(path.join(outDir, `${file}.html`), picture.html);
        } catch (e) {
          entry.error = e instanceof Error ? e.message : String(e);
          throw e;
        } finally {
          entry.ms = Date.now() - started;
        }
      });
    }
  });
}

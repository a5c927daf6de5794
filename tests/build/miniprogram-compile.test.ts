// The whole mini program compiles with WeChat's own compilers, offline.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function check(root = ROOT): { ok: boolean; errors: string[]; mainPackageBytes: number } {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts/check-miniprogram.js'), '--root', root], { encoding: 'utf8', cwd: ROOT, timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
  const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop()!;
  return JSON.parse(line);
}

test('the mini program compiles without errors (app.json, page json, WXSS, TS, WXML)', () => {
  const result = check();
  expect(result.errors).toEqual([]);
  expect(result.ok).toBe(true);
  expect(result.mainPackageBytes).toBeGreaterThan(0);
  expect(result.mainPackageBytes).toBeLessThan(2 * 1024 * 1024); // WeChat's main package limit
});

test('the check catches a broken WXML file, a missing page and a value import from typings/', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-broken-'));
  try {
    fs.cpSync(path.join(ROOT, 'miniprogram'), path.join(tmp, 'miniprogram'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'project.config.json'), path.join(tmp, 'project.config.json'));
    fs.writeFileSync(path.join(tmp, 'miniprogram/pages/home/index.wxml'), '<view><text>unclosed</view>');
    const app = JSON.parse(fs.readFileSync(path.join(tmp, 'miniprogram/app.json'), 'utf8'));
    app.pages.push('pages/ghost/index');
    fs.writeFileSync(path.join(tmp, 'miniprogram/app.json'), JSON.stringify(app));
    fs.appendFileSync(path.join(tmp, 'miniprogram/pages/me/index.ts'), "\nimport { schemas } from '../../../typings/api';\nconsole.log(schemas);\n");
    const result = check(tmp);
    expect(result.ok).toBe(false);
    const all = result.errors.join('\n');
    expect(all).toMatch(/WXML/);
    expect(all).toMatch(/ghost/);
    expect(all).toMatch(/value import from/);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

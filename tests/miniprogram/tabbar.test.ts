// Every tab has its two icons as WeChat requires them: PNG, 81×81 px, at most 40 KB.
import fs from 'node:fs';
import path from 'node:path';
import { MINIPROGRAM_ROOT } from '../helpers/miniprogram';

const app = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM_ROOT, 'app.json'), 'utf8'));

test('app.json leaves Vant its button widths (no "style": "v2")', () => {
  expect(app.style).toBeUndefined();
});

const tabs: [string, { iconPath: string; selectedIconPath: string }][] = app.tabBar.list.map((t: any) => [t.text, t]);

test.each(tabs)('tab %s has 81×81 PNG icons under 40 KB', (_text, tab) => {
  for (const icon of [tab.iconPath, tab.selectedIconPath]) {
    expect(icon).toMatch(/^assets\/tabbar\/.+\.png$/);
    const png = fs.readFileSync(path.join(MINIPROGRAM_ROOT, icon));
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a'); // PNG signature
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([81, 81]);
    expect(png.length).toBeLessThanOrEqual(40 * 1024);
  }
  expect(tab.iconPath).not.toBe(tab.selectedIconPath);
});

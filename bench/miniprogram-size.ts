// Size of the compiled mini program (WeChat's compiler, minified): main package against the 2 MB limit.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export async function benchMiniprogramSize() {
  const out = execFileSync(process.execPath, [path.join(__dirname, '../scripts/check-miniprogram.js')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const r = JSON.parse(out.trim().split('\n').filter((l) => l.startsWith('{')).pop()!);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`main package ${kb(r.mainPackageBytes)} of 2048 KB; all packages ${kb(r.totalBytes)} in ${r.files} files; compile ${r.ok ? 'ok' : 'FAILED'}`);
  for (const [root, bytes] of Object.entries((r.packageBytes ?? {}) as Record<string, number>)) console.log(`  subpackage ${root.padEnd(18)} ${kb(bytes)}`);
}

#!/usr/bin/env node
// Builds what DevTools uploads and what the tests run:
//  - each cloudfunctions/<name>/src/index.ts bundled by esbuild into cloudfunctions/<name>/index.js
//    (shared server/ and typings/ code bundled in; wx-server-sdk stays external, as in the cloud);
//  - @vant/weapp, dayjs, decimal.js packed into miniprogram/miniprogram_npm by miniprogram-ci
//    (what DevTools' "构建 npm" does), offline.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const ROOT = path.resolve(__dirname, '..');
const FUNCTIONS = path.join(ROOT, 'cloudfunctions');

async function buildFunctions() {
  const esbuild = require('esbuild');
  const names = fs.readdirSync(FUNCTIONS).filter((n) => fs.existsSync(path.join(FUNCTIONS, n, 'src', 'index.ts')));
  await Promise.all(
    names.map((name) =>
      esbuild.build({
        entryPoints: [path.join(FUNCTIONS, name, 'src', 'index.ts')],
        outfile: path.join(FUNCTIONS, name, 'index.js'),
        bundle: true,
        platform: 'node',
        target: 'node16',
        format: 'cjs',
        external: ['wx-server-sdk'],
        sourcemap: false,
        legalComments: 'none',
        logLevel: 'warning',
      }),
    ),
  );
  return names;
}

async function packMiniprogramNpm() {
  const pkg = fs.readFileSync(path.join(ROOT, 'package.json'));
  const stamp = crypto.createHash('sha1').update(pkg).digest('hex');
  const out = path.join(ROOT, 'miniprogram', 'miniprogram_npm');
  const stampFile = path.join(out, '.packed');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return false;
  const ci = require('miniprogram-ci');
  await ci.packNpmManually({
    packageJsonPath: path.join(ROOT, 'package.json'),
    miniprogramNpmDistDir: path.join(ROOT, 'miniprogram'),
  });
  fs.writeFileSync(stampFile, stamp);
  return true;
}

async function main() {
  const only = process.argv[2];
  if (!only || only === 'functions') {
    const names = await buildFunctions();
    console.log(`built cloud functions: ${names.join(', ') || '(none)'}`);
  }
  if (!only || only === 'npm') {
    const packed = await packMiniprogramNpm();
    console.log(packed ? 'packed miniprogram_npm' : 'miniprogram_npm up to date');
  }
}

module.exports = { buildFunctions, packMiniprogramNpm };

if (require.main === module) {
  main().then(
    () => process.exit(0), // miniprogram-ci can leave handles open
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}

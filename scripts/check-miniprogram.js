#!/usr/bin/env node
// Compiles the whole mini program offline with WeChat's own compilers and reports every error:
//  - miniprogram-ci getCompiledResult: app.json / page json, usingComponents targets, WXSS, TS;
//  - miniprogram-compiler wxmlToJs: WXML syntax (getCompiledResult misses it);
//  - imports from typings/ must be type-only (the mini program cannot load files outside its root).
// Prints one JSON line { ok, errors, mainPackageBytes, totalBytes, files } and exits.
const fs = require('node:fs');
const path = require('node:path');

const rootArg = process.argv.indexOf('--root');
const ROOT = rootArg > 0 ? path.resolve(process.argv[rootArg + 1]) : path.resolve(__dirname, '..');
const MP = path.join(ROOT, 'miniprogram');

function walk(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'test') continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

function checkWxml(errors) {
  const { wxmlToJs } = require('miniprogram-compiler');
  try {
    wxmlToJs(MP);
  } catch (e) {
    errors.push(`WXML: ${String(e.message || e).slice(0, 2000)}`);
  }
}

function checkTypeOnlyImports(errors) {
  for (const file of walk(MP).filter((f) => f.endsWith('.ts') && !f.includes('miniprogram_npm'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^import\s+(?!type\b)[^;]*from\s+'((?:\.\.\/)+typings\/[^']*)'/gm)) {
      errors.push(`${path.relative(ROOT, file)}: value import from ${m[1]} (use "import type"; typings/ is outside the mini program root)`);
    }
  }
}

async function compile(errors) {
  const ci = require('miniprogram-ci');
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8'));
  const project = new ci.Project({
    appid: config.appid === 'touristappid' ? 'wx0000000000000000' : config.appid,
    type: 'miniProgram',
    projectPath: ROOT,
    privateKey: 'offline-check',
    ignores: ['node_modules/**/*', 'cloudfunctions/**/*', 'localcloud/**/*', 'tests/**/*', 'bench/**/*', 'miniprogram/**/test/**/*'],
  });
  project.attr = async () => ci.DefaultProjectAttr;
  const result = await ci.getCompiledResult(
    { project, setting: { es6: true, minify: true, minifyWXSS: true, minifyWXML: true, useCompilerPlugins: ['typescript'] } },
    path.join(require('node:os').tmpdir(), `mp-compiled-${process.pid}.zip`),
  ).catch((e) => {
    errors.push(`compile: ${String(e.message || e).slice(0, 3000)}`);
    return null;
  });
  return result;
}

async function main() {
  const errors = [];
  checkTypeOnlyImports(errors);
  checkWxml(errors);
  const result = await compile(errors);
  let mainPackageBytes = 0;
  let totalBytes = 0;
  let files = 0;
  const packageBytes = {};
  if (result) {
    const app = JSON.parse(fs.readFileSync(path.join(MP, 'app.json'), 'utf8'));
    const subRoots = (app.subPackages || app.subpackages || []).map((s) => s.root.replace(/\/?$/, '/'));
    for (const [name, content] of Object.entries(result)) {
      const size = Buffer.byteLength(typeof content === 'string' ? content : Buffer.from(content));
      files++;
      totalBytes += size;
      const rel = name.replace(/^\/?(miniprogram\/)?/, '');
      const sub = subRoots.find((r) => rel.startsWith(r));
      if (!sub) mainPackageBytes += size;
      else packageBytes[sub] = (packageBytes[sub] || 0) + size;
    }
  }
  console.log(JSON.stringify({ ok: errors.length === 0, errors, mainPackageBytes, totalBytes, files, packageBytes }));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.log(JSON.stringify({ ok: false, errors: [String(e.stack || e)] }));
    process.exit(0);
  },
);

// The npm package as a user gets it: `npm pack okr-wasm/pkg-npm` (assembled
// by build.sh), `npm install` of the tarball into a scratch project in a
// temporary folder (offline: the package has no dependencies), then the
// package used by `require` (CommonJS), by `import` (ES modules), by
// TypeScript (the `types` conditions, under nodenext and bundler
// resolution) and through a bundler: esbuild bundles a small page that
// imports the package, and headless Chromium opens it. Every surface must
// compute the same rollup figure as the repository's Node build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { okr, repo } from './okr.mjs';
import { CHROMIUM, openOffline, serveFiles } from './chromium.mjs';

const wasmDir = path.join(repo, 'okr-wasm');
const example = path.join(repo, 'examples', 'acme.json');
const exampleText = readFileSync(example, 'utf8');
// What the repository's own Node build computes: every installed surface must agree.
const expected = new okr.Cascade(exampleText).rollup().objectives.O1.progress;

let work;
let app;
let manifest;

function run(cmd, args, cwd) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

before(() => {
  manifest = JSON.parse(readFileSync(path.join(wasmDir, 'pkg-npm', 'package.json'), 'utf8'));
  work = mkdtempSync(path.join(tmpdir(), 'okr-npm-'));
  const packed = JSON.parse(run('npm', ['pack', path.join(wasmDir, 'pkg-npm'), '--json', '--pack-destination', work], work));
  const tarball = path.join(work, packed[0].filename);
  app = path.join(work, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'scratch', version: '0.0.0', private: true }));
  run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], app);
});

after(() => rmSync(work, { recursive: true, force: true }));

test('the tarball carries the package and nothing else', () => {
  assert.equal(manifest.name, 'okr-cascade');
  assert.equal(manifest.version, okr.version(), 'the npm version is the crate version');
  const installed = path.join(app, 'node_modules', 'okr-cascade');
  assert.equal(JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')).version, manifest.version);
  for (const f of ['node/okr_cascade.js', 'node/okr_cascade.mjs', 'node/okr_cascade.d.ts', 'node/okr_cascade.d.mts',
    'node/okr_cascade_bg.wasm', 'web/okr_cascade.js', 'web/okr_cascade.d.ts', 'web/okr_cascade_bg.wasm', 'README.md']) {
    assert.ok(existsSync(path.join(installed, f)), `${f} is missing from the installed package`);
  }
  const dependencies = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')).dependencies;
  assert.match(dependencies['okr-cascade'], /^file:.*okr-cascade-.*\.tgz$/);
});

test('require (CommonJS) in Node', () => {
  writeFileSync(path.join(app, 'use.cjs'), `
const { Cascade, version } = require('okr-cascade');
const fs = require('node:fs');
const cascade = new Cascade(fs.readFileSync(process.argv[2], 'utf8'));
console.log(JSON.stringify({
  resolved: require.resolve('okr-cascade'),
  version: version(),
  summary: cascade.validate().summary,
  progress: cascade.rollup().objectives.O1.progress,
}));
`);
  const out = JSON.parse(run('node', ['use.cjs', example], app));
  assert.equal(out.resolved, path.join(app, 'node_modules', 'okr-cascade', 'node', 'okr_cascade.js'));
  assert.equal(out.version, manifest.version);
  assert.equal(out.summary.errors, 0);
  assert.equal(out.progress, expected);
});

test('import (ES modules) in Node, with the web-style init', () => {
  writeFileSync(path.join(app, 'use.mjs'), `
import init, { Cascade, version, ruleCodes } from 'okr-cascade';
import * as namespace from 'okr-cascade';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
await init();
const cascade = new Cascade(readFileSync(process.argv[2], 'utf8'));
const cjs = createRequire(import.meta.url)('okr-cascade');
console.log(JSON.stringify({
  resolved: import.meta.resolve('okr-cascade'),
  version: version(),
  codes: ruleCodes().length,
  sameClass: namespace.Cascade === cjs.Cascade,
  progress: cascade.rollup().objectives.O1.progress,
}));
`);
  const out = JSON.parse(run('node', ['use.mjs', example], app));
  assert.ok(out.resolved.endsWith('/node_modules/okr-cascade/node/okr_cascade.mjs'), out.resolved);
  assert.equal(out.version, manifest.version);
  assert.ok(out.codes > 30);
  assert.ok(out.sameClass, 'require and import share one module instance');
  assert.equal(out.progress, expected);
});

test('TypeScript finds the types (nodenext and bundler resolution)', () => {
  const tsc = path.join(wasmDir, 'node_modules', '.bin', 'tsc');
  const options = ['--strict', '--noEmit', '--skipLibCheck', 'false', '--target', 'es2022',
    '--lib', 'es2022,esnext.disposable,dom'];
  writeFileSync(path.join(app, 'typed.mts'), `
import init, { Cascade, type RollupFigures } from 'okr-cascade';
await init();
const figures: RollupFigures = new Cascade('{}').rollup();
const progress: number | null | undefined = figures.objectives['O1']?.progress;
export { progress };
`);
  writeFileSync(path.join(app, 'typed.cts'), `
import okr = require('okr-cascade');
const figures: okr.RollupFigures = new okr.Cascade('{}').rollup();
export const progress: number | null | undefined = figures.objectives['O1']?.progress;
`);
  run(tsc, [...options, '--module', 'nodenext', '--moduleResolution', 'nodenext', 'typed.mts', 'typed.cts'], app);
  writeFileSync(path.join(app, 'typed-web.ts'), `
import init, { Cascade, type InitOutput } from 'okr-cascade';
import wasmUrl from 'okr-cascade/okr_cascade_bg.wasm';
const output: InitOutput = await init({ module_or_path: wasmUrl });
export const progress = [output.memory, new Cascade('{}').rollup().objectives['O1']?.progress];
`);
  // What esbuild's file loader gives (users declare it once, like this).
  writeFileSync(path.join(app, 'wasm.d.ts'), "declare module '*.wasm' { const url: string; export default url; }\n");
  run(tsc, [...options, '--module', 'esnext', '--moduleResolution', 'bundler', 'typed-web.ts', 'wasm.d.ts'], app);
});

test('bundled by esbuild, in headless Chromium', { timeout: 120_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (okr-wasm/test.sh installs it)`);
  writeFileSync(path.join(app, 'page.js'), `
import init, { Cascade, version } from 'okr-cascade';
import wasmUrl from 'okr-cascade/okr_cascade_bg.wasm';
try {
  await init({ module_or_path: wasmUrl });
  const cascade = new Cascade(await (await fetch('acme.json')).text());
  document.querySelector('#progress').textContent = String(cascade.rollup().objectives.O1.progress);
  document.querySelector('#version').textContent = version();
  document.body.dataset.ready = 'true';
} catch (e) {
  document.querySelector('#error').textContent = String(e);
  document.body.dataset.ready = 'false';
}
`);
  const dist = path.join(app, 'dist');
  const result = await esbuild.build({
    absWorkingDir: app, entryPoints: ['page.js'], bundle: true, format: 'esm', platform: 'browser',
    outdir: dist, loader: { '.wasm': 'file' }, metafile: true, logLevel: 'silent',
  });
  assert.deepEqual(result.errors, []);
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.includes('node_modules/okr-cascade/web/okr_cascade.js'), `the browser build was not chosen: ${inputs}`);
  assert.ok(!inputs.some((i) => i.includes('/node/')), 'the Node build leaked into the bundle');
  writeFileSync(path.join(dist, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>okr-cascade bundled</title>'
    + '<p>O1: <span id="progress"></span> (okr-cascade <span id="version"></span>)</p><p id="error"></p>'
    + '<script type="module" src="page.js"></script>\n');
  copyFileSync(example, path.join(dist, 'acme.json'));

  const server = await serveFiles((rel) => {
    const file = path.join(dist, rel === '' ? 'index.html' : rel);
    return file.startsWith(dist + path.sep) ? file : null;
  });
  const { port } = server.address();
  let browser;
  try {
    browser = await openOffline(port);
    const { page, errors } = browser;
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
    assert.equal(await page.getAttribute('body', 'data-ready'), 'true', `page failed: ${await page.textContent('#error')}`);
    assert.equal(await page.textContent('#version'), manifest.version);
    const progress = Number(await page.textContent('#progress'));
    assert.ok(progress > 0 && progress < 1, `not a real rollup figure: ${progress}`);
    assert.equal(progress, expected);
    assert.deepEqual(errors, []);
  } finally {
    await browser?.close();
    server.close();
  }
});

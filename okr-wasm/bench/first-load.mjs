// The first load in a fresh process, native against WebAssembly in Node,
// each in its own process and alternated so that machine load hits both
// alike; medians. The WebAssembly side pays what a page or a CLI script
// pays once: V8 compiles the module's functions lazily (Liftoff) and tiers
// the hot ones up (TurboFan) while the load runs, and the module's linear
// memory is fresh. Needs the Node build (okr-wasm/build.sh) and a document
// (e.g. from bench/rollup.mjs's native half: native_rollup generate).
//
//   node okr-wasm/bench/first-load.mjs FILE [rounds=5] [other pkg-node dir...]
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const [file, rounds = '5', ...others] = process.argv.slice(2);
if (!file) throw new Error('usage: node okr-wasm/bench/first-load.mjs FILE [rounds] [pkg dirs...]');
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

const build = execFileSync('cargo', ['build', '--quiet', '--release', '-p', 'okr-wasm', '--example', 'native_rollup', '--message-format', 'json'],
  { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28 });
const native = build.split('\n').filter(Boolean).map((l) => JSON.parse(l))
  .find((m) => m.reason === 'compiler-artifact' && m.target?.name === 'native_rollup')?.executable;

// One fresh Node process: require the module, time one load.
const child = `
const m = require(process.argv[1]);
const fs = require('fs');
const how = process.argv[2];
if (how === 'bytes' && !m.Cascade.fromJsonBytes) { console.log('NaN'); process.exit(0); }
const input = how === 'bytes' ? fs.readFileSync(process.argv[3]) : fs.readFileSync(process.argv[3], 'utf8');
const t = performance.now();
const c = how === 'bytes' ? m.Cascade.fromJsonBytes(input) : m.Cascade.fromJson(input);
console.log(performance.now() - t);`;
const pkgs = [path.join(here, '..', 'pkg-node'), ...others];
const runs = { native: [] };
for (let r = 0; r < Number(rounds); r++) {
  runs.native.push(JSON.parse(execFileSync(native, ['time', file, '1'], { encoding: 'utf8' })).load_first_ms);
  for (const pkg of pkgs) {
    const mod = path.resolve(pkg, 'okr_cascade.js');
    for (const how of ['bytes', 'text']) {
      const key = `${pkg === pkgs[0] ? 'wasm' : path.basename(path.resolve(pkg))} ${how}`;
      const out = execFileSync(process.execPath, ['-e', child, mod, how, file], { encoding: 'utf8' });
      // A build without fromJsonBytes prints NaN: left out below.
      (runs[key] ??= []).push(Number(out));
    }
  }
}
const base = median(runs.native);
for (const [k, v] of Object.entries(runs)) {
  const ms = median(v);
  if (Number.isFinite(ms)) console.log(`${k.padEnd(24)} ${ms.toFixed(1).padStart(8)} ms  ${(ms / base).toFixed(2)}x native`);
}

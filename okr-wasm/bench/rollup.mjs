// Rollup of a synthetic cascade (10,000 teams by default): WebAssembly in
// Node against native Rust, measured in one run on the same document.
// Builds the native half (examples/native_rollup.rs, release profile),
// then alternates native and wasm rounds so that machine load hits both
// alike, and reports medians. Needs the Node build (okr-wasm/build.sh).
//
//   node okr-wasm/bench/rollup.mjs [teams=10000] [seed=1] [rounds=5]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const { Cascade } = require('../pkg-node/okr_cascade.js');

const [teams = '10000', seed = '1', rounds = '5'] = process.argv.slice(2);
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const round3 = (x) => Number(x.toFixed(3));

const build = execFileSync('cargo', ['build', '--quiet', '--release', '-p', 'okr-wasm', '--example', 'native_rollup', '--message-format', 'json'],
  { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28 });
const native = build.split('\n').filter(Boolean).map((l) => JSON.parse(l))
  .find((m) => m.reason === 'compiler-artifact' && m.target?.name === 'native_rollup')?.executable;
if (!native) throw new Error('could not find the native_rollup executable');

const dir = mkdtempSync(path.join(tmpdir(), 'okr-bench-'));
const file = path.join(dir, 'synth.json');
try {
  execFileSync(native, ['generate', teams, seed, file], { stdio: 'inherit' });
  const text = readFileSync(file, 'utf8');
  let t = performance.now();
  const cascade = Cascade.fromJson(text);
  const wasmLoad = performance.now() - t;
  cascade.rollup(); // warm-up

  const n = { rollup: [], json: [] };
  const w = { rollup: [], json: [] };
  let info;
  for (let r = 0; r < Number(rounds); r++) {
    info = JSON.parse(execFileSync(native, ['time', file, '3'], { encoding: 'utf8' }));
    n.rollup.push(info.rollup_ms);
    n.json.push(info.rollup_json_ms);
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      cascade.rollupJson();
      w.json.push(performance.now() - t);
      t = performance.now();
      cascade.rollup();
      w.rollup.push(performance.now() - t);
    }
  }
  const result = {
    teams: Number(teams),
    seed: Number(seed),
    document_bytes: statSync(file).size,
    objectives: info.objectives,
    key_results: info.key_results,
    native_rollup_ms: round3(median(n.rollup)),
    native_rollup_json_ms: round3(median(n.json)),
    wasm_rollup_json_ms: round3(median(w.json)),
    wasm_rollup_objects_ms: round3(median(w.rollup)),
    ratio_json_text: Number((median(w.json) / median(n.json)).toFixed(2)),
    ratio_js_objects: Number((median(w.rollup) / median(n.json)).toFixed(2)),
    native_load_ms: info.load_ms,
    wasm_load_ms: round3(wasmLoad),
    wasm_bytes: statSync(path.join(here, '..', 'pkg-node', 'okr_cascade_bg.wasm')).size,
    node: process.version,
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Load and rollup of a synthetic cascade (10,000 teams by default):
// WebAssembly in Node against native Rust, measured in one run on the same
// document. Builds the native half (examples/native_rollup.rs, release
// profile), then alternates native and wasm rounds so that machine load
// hits both alike, and reports medians. Needs the Node build
// (okr-wasm/build.sh).
//
//   node okr-wasm/bench/rollup.mjs [teams=10000] [seed=1] [rounds=5]
//
// Load, like for like: native `load_ms` is UTF-8 check + parse + index of
// bytes in memory (median of 3 loads per round), which is
// `fromJsonBytes(Uint8Array)` (median over the rounds);
// `*_load_first_ms` is the first load in a fresh process (wasm: a fresh
// module, whose code V8 compiles lazily and tiers up while it runs).
// `fromJson(string)` adds the string's crossing (UTF-8 encoding into the
// module's memory), shown alone as `js_encode_into_ms` (one
// `TextEncoder.encodeInto` of the text into a buffer).
//
// OKR_BENCH_ALT=DIR (a second wasm-bindgen nodejs build, made by
// bench/alt-build.sh: another profile, or the `bench-hooks` feature) runs
// that module in the same rounds and adds its figures as `alt_*`. With
// `bench-hooks` it also splits rollupJson inside the module
// (`alt_engine_ms`, `alt_json_ms`) and times writing 1,000,000 floats
// beside native (`*_floats_ms`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);
const okr = require('../pkg-node/okr_cascade.js');
const { Cascade } = okr;
const altDir = process.env.OKR_BENCH_ALT;
const altModule = altDir ? require(path.resolve(altDir, 'okr_cascade.js')) : null;
const Alt = altModule?.Cascade ?? null;
// A build from before fromJsonBytes loads with fromJson.
const altLoadBytes = (b, t) => (Alt.fromJsonBytes ? Alt.fromJsonBytes(b) : Alt.fromJson(t));

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
  const bytes = new Uint8Array(readFileSync(file));
  const time = (f) => {
    const t0 = performance.now();
    const out = f();
    return [performance.now() - t0, out];
  };
  // The first load in a fresh module also grows its memory.
  const [wasmLoadFirst, cascade] = time(() => Cascade.fromJsonBytes(bytes));
  const memoryAfterFirstLoad = okr.__memoryBytes?.() ?? null;
  cascade.rollup(); // warm-up
  const [altLoadFirst, altCascade] = Alt ? time(() => altLoadBytes(bytes, text)) : [null, null];

  const encoder = new TextEncoder();
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const scratch = new Uint8Array(text.length * 3);
  const jsonBytes = encoder.encode(cascade.rollupJson());
  const keys = ['load', 'loadFirst', 'rollup', 'json', 'jsonBytes', 'loadText', 'loadBytes', 'encode', 'decode', 'altLoadText', 'altLoadBytes', 'altJson', 'altEngine', 'altSerialize', 'floats'];
  const n = Object.fromEntries(keys.map((k) => [k, []]));
  const w = Object.fromEntries(keys.map((k) => [k, []]));
  let info;
  for (let r = 0; r < Number(rounds); r++) {
    info = JSON.parse(execFileSync(native, ['time', file, '3'], { encoding: 'utf8' }));
    n.load.push(info.load_ms);
    n.loadFirst.push(info.load_first_ms);
    n.rollup.push(info.rollup_ms);
    n.json.push(info.rollup_json_ms);
    w.encode.push(time(() => encoder.encodeInto(text, scratch))[0]);
    let [ms, c] = time(() => Cascade.fromJson(text));
    w.loadText.push(ms);
    c.free();
    [ms, c] = time(() => Cascade.fromJsonBytes(bytes));
    w.loadBytes.push(ms);
    c.free();
    if (Alt) {
      [ms, c] = time(() => Alt.fromJson(text));
      w.altLoadText.push(ms);
      c.free();
      [ms, c] = time(() => altLoadBytes(bytes, text));
      w.altLoadBytes.push(ms);
      c.free();
    }
    for (let i = 0; i < 3; i++) {
      w.json.push(time(() => cascade.rollupJson())[0]);
      if (cascade.rollupJsonBytes) w.jsonBytes.push(time(() => cascade.rollupJsonBytes())[0]);
      w.rollup.push(time(() => cascade.rollup())[0]);
      w.decode.push(time(() => decoder.decode(jsonBytes))[0]);
      if (Alt) w.altJson.push(time(() => altCascade.rollupJson())[0]);
      if (altCascade?.__benchRollupPhases) {
        const p = JSON.parse(altCascade.__benchRollupPhases());
        w.altEngine.push(p.engine_ms);
        w.altSerialize.push(p.json_ms);
      }
    }
    if (altModule?.__benchFormatFloats) {
      n.floats.push(Number(execFileSync(native, ['floats', '1000000'], { encoding: 'utf8' })));
      w.floats.push(altModule.__benchFormatFloats(1000000));
    }
  }
  const m = (v) => round3(median(v));
  const ratio = (a, b) => Number((median(a) / median(b)).toFixed(2));
  const result = {
    teams: Number(teams),
    seed: Number(seed),
    rounds: Number(rounds),
    document_bytes: statSync(file).size,
    objectives: info.objectives,
    key_results: info.key_results,
    native_load_ms: m(n.load),
    wasm_load_bytes_ms: m(w.loadBytes),
    wasm_load_text_ms: m(w.loadText),
    native_load_first_ms: m(n.loadFirst),
    wasm_load_first_ms: round3(wasmLoadFirst),
    ratio_load_first: Number((wasmLoadFirst / median(n.loadFirst)).toFixed(2)),
    wasm_memory_after_first_load: memoryAfterFirstLoad,
    js_encode_into_ms: m(w.encode),
    ratio_load_bytes: ratio(w.loadBytes, n.load),
    ratio_load_text: ratio(w.loadText, n.load),
    native_rollup_ms: m(n.rollup),
    native_rollup_json_ms: m(n.json),
    wasm_rollup_json_ms: m(w.json),
    wasm_rollup_json_bytes_ms: w.jsonBytes.length ? m(w.jsonBytes) : null,
    ratio_json_bytes: w.jsonBytes.length ? ratio(w.jsonBytes, n.json) : null,
    js_decode_rollup_json_ms: m(w.decode),
    rollup_json_bytes: jsonBytes.length,
    wasm_rollup_objects_ms: m(w.rollup),
    ratio_json_text: ratio(w.json, n.json),
    ratio_js_objects: ratio(w.rollup, n.json),
    ...(Alt ? {
      alt: altDir,
      alt_load_first_ms: round3(altLoadFirst),
      alt_load_bytes_ms: m(w.altLoadBytes),
      alt_load_text_ms: m(w.altLoadText),
      alt_rollup_json_ms: m(w.altJson),
      alt_ratio_load_bytes: ratio(w.altLoadBytes, n.load),
      alt_ratio_json_text: ratio(w.altJson, n.json),
      ...(w.altEngine.length ? { alt_engine_ms: m(w.altEngine), alt_json_ms: m(w.altSerialize) } : {}),
      ...(w.floats.length ? {
        native_floats_ms: m(n.floats),
        wasm_floats_ms: m(w.floats),
        ratio_floats: ratio(w.floats, n.floats),
        rollup_json_floats: (new TextDecoder().decode(jsonBytes).match(/-?\d+\.\d+(e-?\d+)?/g) ?? []).length,
      } : {}),
      alt_wasm_bytes: statSync(path.join(altDir, 'okr_cascade_bg.wasm')).size,
    } : {}),
    wasm_bytes: statSync(path.join(here, '..', 'pkg-node', 'okr_cascade_bg.wasm')).size,
    node: process.version,
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Runs every shared fixture in fixtures/ (format: fixtures/README.md).
// A line-by-line mirror of okr-core/tests/fixtures.rs: the same files must
// give the same answers in Rust, Python and JS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import { okr, repo } from './okr.mjs';

const { Cascade } = okr;
const root = path.join(repo, 'fixtures');

function fixtureFiles(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) fixtureFiles(p, out);
    else if (name.endsWith('.json')) out.push(p);
  }
  return out;
}

// Numbers within 1e-9; anything else exactly.
// `want` within `got`: objects by the keys `want` gives, arrays item by item
// (same length), numbers within 1e-9.
function subset(got, want) {
  if (Array.isArray(want)) {
    return Array.isArray(got) && got.length === want.length && want.every((w, i) => subset(got[i], w));
  }
  if (want !== null && typeof want === 'object') {
    return got !== null && typeof got === 'object' && Object.entries(want).every(([k, v]) => subset(got[k] ?? null, v));
  }
  return close(got ?? null, want);
}

function close(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9;
  return isDeepStrictEqual(a, b);
}

// serde_json's `Value::to_string` (no preserve_order): compact, object keys
// sorted. The same text gives the same first error, line and column.
function rustJson(value) {
  return JSON.stringify(value, (_key, v) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
      : v);
}

function load(fx) {
  if (typeof fx.document_text === 'string') {
    if (fx.format === 'csv') return Cascade.fromCsv(fx.document_text);
    return fx.format === 'yaml' ? Cascade.fromYaml(fx.document_text) : Cascade.fromJson(fx.document_text);
  }
  return Cascade.fromJson(rustJson(fx.document));
}

const show = (e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

function run(fx) {
  const expect = fx.expect ?? {};
  let cascade;
  let loadError;
  try {
    cascade = load(fx);
  } catch (e) {
    loadError = e;
  }
  if (expect.unreadable !== undefined) {
    const u = expect.unreadable;
    if (loadError === undefined) throw new Error('expected the document to be unreadable');
    if (loadError.code !== 'unreadable') throw new Error(`expected a load error, got ${show(loadError)}`);
    if ('kind' in u && u.kind !== loadError.kind) throw new Error(`kind ${loadError.kind} != ${u.kind}`);
    for (const field of ['line', 'column']) {
      if (field in u && u[field] !== loadError[field]) {
        throw new Error(`${field} ${loadError[field]} != ${u[field]} (${loadError.message})`);
      }
    }
    if ('path' in u && u.path !== loadError.path) throw new Error(`path ${loadError.path} != ${u.path}`);
    if (typeof u.message_contains === 'string' && !loadError.message.includes(u.message_contains)) {
      throw new Error(`message ${JSON.stringify(loadError.message)} lacks ${JSON.stringify(u.message_contains)}`);
    }
    return;
  }
  if (loadError !== undefined) throw loadError;
  const policy = fx.policy === undefined ? undefined : rustJson(fx.policy);
  const report = cascade.validate(policy);
  if (expect.diagnostics !== undefined) {
    const d = expect.diagnostics;
    const codes = d.codes;
    const got = report.diagnostics.filter((x) => codes === undefined || codes.includes(x.code));
    const want = d.list;
    const shown = () => JSON.stringify(got.map((x) => `${x.code} ${x.subject} ${JSON.stringify(x.related)}`));
    const fail = () => new Error(`diagnostics: got ${shown()}, want ${JSON.stringify(want)}`);
    if (got.length !== want.length) throw fail();
    got.forEach((g, i) => {
      const w = want[i];
      const relatedOk = w.related === undefined || isDeepStrictEqual(w.related, g.related);
      if (w.code !== g.code || w.subject !== g.subject || !relatedOk) throw fail();
    });
  }
  if (expect.summary !== undefined && !isDeepStrictEqual(report.summary, expect.summary)) {
    throw new Error(`summary ${JSON.stringify(report.summary)} != ${JSON.stringify(expect.summary)}`);
  }
  const asOf = typeof fx.as_of === 'string' ? fx.as_of : undefined;
  if (expect.rollup !== undefined) {
    compareFigures(cascade.rollup(asOf, policy), expect.rollup);
  }
  // Explain's figures are the rollup's, for every item of every fixture.
  const full = cascade.rollup(asOf, policy);
  for (const section of ['key_results', 'objectives', 'themes', 'units']) {
    for (const [id, fig] of Object.entries(full[section])) {
      let e;
      try {
        e = cascade.explain(id, asOf, policy);
      } catch (err) {
        if (err.code === 'unknown-id') continue; // a duplicated id (E001) naming the cycle
        throw err;
      }
      if (`${e.kind}s` !== section) continue; // a duplicated id naming another kind first
      if (!isDeepStrictEqual(JSON.parse(JSON.stringify(e.figures)), JSON.parse(JSON.stringify(fig)))) {
        throw new Error(`explain ${id}: ${JSON.stringify(e.figures)} != ${JSON.stringify(fig)}`);
      }
    }
  }
  if (expect.explain !== undefined) {
    for (const [id, want] of Object.entries(expect.explain)) {
      const got = JSON.parse(JSON.stringify(cascade.explain(id, asOf, policy)));
      for (const [key, w] of Object.entries(want)) {
        if (key === 'text_contains') {
          for (const needle of w) {
            if (!got.text.includes(needle)) throw new Error(`explain ${id}: ${JSON.stringify(got.text)} lacks ${needle}`);
          }
        } else if (!subset(got[key], w)) {
          throw new Error(`explain ${id}.${key}: got ${JSON.stringify(got[key])}, want ${JSON.stringify(w)}`);
        }
      }
    }
  }
  if (expect.dependencies !== undefined) {
    const dep = expect.dependencies;
    const got = cascade.dependencies(policy);
    if (dep.edges !== undefined && !isDeepStrictEqual(got.edges, dep.edges)) {
      throw new Error(`dependencies: edges ${JSON.stringify(got.edges)} != ${JSON.stringify(dep.edges)}`);
    }
    if (dep.shared !== undefined && !isDeepStrictEqual(got.shared, dep.shared)) {
      throw new Error(`dependencies: shared ${JSON.stringify(got.shared)} != ${JSON.stringify(dep.shared)}`);
    }
    for (const [id, want] of Object.entries(dep.units ?? {})) {
      for (const [key, w] of Object.entries(want)) {
        if (!isDeepStrictEqual(got.units[id]?.[key], w)) {
          throw new Error(`dependencies: unit ${id}.${key} ${JSON.stringify(got.units[id]?.[key])} != ${JSON.stringify(w)}`);
        }
      }
    }
  }
  if (expect.trend !== undefined) {
    const t = expect.trend;
    const got = cascade.trend(t.every ?? 7, asOf, policy);
    for (const kind of ['key_results', 'objectives', 'themes', 'units']) {
      for (const [id, want] of Object.entries(t[kind] ?? {})) {
        const g = got[kind][id];
        const same = Array.isArray(g) && g.length === want.length && g.every((p, i) =>
          p.date === want[i].date && p.status === want[i].status && close(p.progress, want[i].progress));
        if (!same) throw new Error(`trend ${kind}.${id}: got ${JSON.stringify(g)}, want ${JSON.stringify(want)}`);
      }
    }
  }
  if (expect.alerts !== undefined) {
    const got = cascade.alerts(asOf, policy).alerts;
    const want = expect.alerts.list;
    const shown = JSON.stringify(got.map((x) => `${x.code} ${x.subject} ${JSON.stringify(x.related)}`));
    if (got.length !== want.length) throw new Error(`alerts: got ${shown}, want ${JSON.stringify(want)}`);
    got.forEach((g, i) => {
      const w = want[i];
      const relatedOk = w.related === undefined || isDeepStrictEqual(w.related, g.related);
      if (w.code !== g.code || w.subject !== g.subject || !relatedOk || g.severity !== 'alert') {
        throw new Error(`alerts: got ${shown}, want ${JSON.stringify(want)}`);
      }
    });
  }
  if (expect.diff !== undefined) {
    const newer = new okr.Cascade(expect.diff.new_document);
    const got = okr.diff(cascade, newer, policy);
    if (!subset(got, expect.diff.result)) {
      throw new Error(`diff: got ${JSON.stringify(got)}, want ${JSON.stringify(expect.diff.result)}`);
    }
  }
  if (expect.scorecard !== undefined) {
    const got = cascade.scorecard(policy);
    if (!subset(got, expect.scorecard)) {
      throw new Error(`scorecard: got ${JSON.stringify(got)}, want ${JSON.stringify(expect.scorecard)}`);
    }
  }
  if (expect.document !== undefined) {
    const got = cascade.document();
    if (!subset(got, expect.document)) {
      throw new Error(`document: got ${JSON.stringify(got)}, want ${JSON.stringify(expect.document)}`);
    }
  }
  if (expect.csv !== undefined && cascade.toCsv() !== expect.csv) {
    throw new Error(`csv: got ${JSON.stringify(cascade.toCsv())}, want ${JSON.stringify(expect.csv)}`);
  }
  if (expect.check_in_csv !== undefined) {
    const c = expect.check_in_csv;
    const live = cascade.live(null, policy);
    const before = (cascade.document().check_ins ?? []).length;
    let delta;
    let error;
    try {
      delta = live.checkInCsv(c.text);
    } catch (e) {
      error = e;
    }
    if (c.error !== undefined) {
      if (error === undefined) throw new Error('check_in_csv: expected an error');
      if ('code' in c.error && error.code !== c.error.code) throw new Error(`check_in_csv: code ${error.code} != ${c.error.code}`);
      if ('message_contains' in c.error && !error.message.includes(c.error.message_contains)) {
        throw new Error(`check_in_csv: ${error.message} lacks ${c.error.message_contains}`);
      }
    } else {
      if (error !== undefined) throw new Error(`check_in_csv: ${show(error)}`);
      if (c.delta !== undefined && !subset(delta, c.delta)) {
        throw new Error(`check_in_csv: got ${JSON.stringify(delta)}, want ${JSON.stringify(c.delta)}`);
      }
    }
    if ('check_ins' in c) {
      const after = (live.cascade().document().check_ins ?? []).length;
      if (after - before !== c.check_ins) throw new Error(`check_in_csv: ${after - before} recorded, want ${c.check_ins}`);
    }
  }
  if (expect.carry !== undefined) {
    const c = expect.carry;
    const draft = cascade.carry(c.cycle, c.start, c.end);
    if (!subset(draft, c.document)) {
      throw new Error(`carry: got ${JSON.stringify(draft)}, want ${JSON.stringify(c.document)}`);
    }
    const before = cascade.validate(policy).summary.errors;
    if (before === 0 && new okr.Cascade(draft).validate(policy).summary.errors !== 0) {
      throw new Error('carry: the draft has errors');
    }
  }
  if (expect.lineage !== undefined) {
    for (const [id, want] of Object.entries(expect.lineage)) {
      const got = cascade.lineage(id);
      if ('traces' in want && want.traces !== got.traces) {
        throw new Error(`lineage ${id}: traces ${got.traces} != ${want.traces}`);
      }
      if ('paths' in want && !isDeepStrictEqual(got.paths, want.paths)) {
        throw new Error(`lineage ${id}: paths ${JSON.stringify(got.paths)} != ${JSON.stringify(want.paths)}`);
      }
      for (const needle of want.answer_contains ?? []) {
        if (!got.answer.includes(needle)) {
          throw new Error(`lineage ${id}: answer ${JSON.stringify(got.answer)} lacks ${needle}`);
        }
      }
    }
  }
  if (expect.view !== undefined) {
    const v = expect.view;
    const view = cascade.viewFor(v.unit);
    const redacted = (id) =>
      ['objectives', 'key_results'].some((arr) =>
        (view[arr] ?? []).some((x) => x.id === id && x.redacted === true));
    for (const id of v.redacted ?? []) if (!redacted(id)) throw new Error(`view: ${id} is not redacted`);
    for (const id of v.visible ?? []) if (redacted(id)) throw new Error(`view: ${id} is redacted`);
    if ('check_ins' in v) {
      const n = (view.check_ins ?? []).length;
      if (n !== v.check_ins) throw new Error(`view: ${n} check-ins, want ${v.check_ins}`);
    }
    if (Array.isArray(v.rollup_partial)) {
      const got = Cascade.fromJson(JSON.stringify(view)).rollup(asOf, policy);
      for (const id of v.rollup_partial) {
        const partial = ['key_results', 'objectives', 'themes', 'units'].some((k) => got[k][id]?.partial === true);
        if (!partial) throw new Error(`view rollup: ${id} is not partial`);
      }
    }
  }
}

function compareFigures(got, want) {
  for (const [section, items] of Object.entries(want)) {
    for (const [id, fields] of Object.entries(items)) {
      const g = got[section]?.[id];
      if (g === undefined || g === null) throw new Error(`rollup: no ${section}.${id}`);
      for (const [f, w] of Object.entries(fields)) {
        const gv = f in g ? g[f] : f === 'partial' ? false : null;
        if (!close(gv, w)) {
          throw new Error(`rollup ${section}.${id}.${f}: got ${JSON.stringify(gv)}, want ${JSON.stringify(w)}`);
        }
      }
    }
  }
}

const files = fixtureFiles(root, []).sort();

test('the shared fixtures folder is found', () => {
  assert.ok(statSync(root).isDirectory(), `${root} is missing`);
});

for (const file of files) {
  const name = path.relative(root, file);
  test(`fixture ${name}`, () => {
    run(JSON.parse(readFileSync(file, 'utf8')));
  });
}

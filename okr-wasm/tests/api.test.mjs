// The API's shapes, and incremental updates equal to a full rollup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { okr, here } from './okr.mjs';

const { Cascade } = okr;
const sample = readFileSync(path.join(here, 'data', 'sample.json'), 'utf8');

test('string, object and fromJson load the same cascade', () => {
  const a = new Cascade(sample);
  const b = new Cascade(JSON.parse(sample));
  const c = Cascade.fromJson(sample);
  assert.deepEqual(a.document(), b.document());
  assert.equal(a.toJson(), c.toJson());
  assert.deepEqual(JSON.parse(a.toJson()), a.document());
  assert.equal(typeof okr.version(), 'string');
});

test('fromJsonBytes reads UTF-8 bytes as fromJson reads the text', () => {
  const bytes = new TextEncoder().encode(sample);
  assert.equal(Cascade.fromJsonBytes(bytes).toJson(), Cascade.fromJson(sample).toJson());
  // A Node Buffer is a Uint8Array; a byte order mark is skipped, as in fromJson.
  assert.equal(Cascade.fromJsonBytes(readFileSync(path.join(here, 'data', 'sample.json'))).toJson(), Cascade.fromJson(sample).toJson());
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
  assert.equal(Cascade.fromJsonBytes(bom).toJson(), Cascade.fromJson(`\ufeff${sample}`).toJson());
  // Invalid UTF-8 is unreadable, at its line and column.
  const bad = new Uint8Array([...new TextEncoder().encode('{\n  "units": "'), 0xff, 0x22, 0x7d]);
  assert.throws(() => Cascade.fromJsonBytes(bad), (e) => e instanceof SyntaxError && e.code === 'unreadable'
    && e.kind === 'syntax' && e.line === 2 && e.column === 13 && /invalid UTF-8 at byte 14/.test(e.message));
  // A syntax error names the same place as fromJson does.
  const cut = sample.slice(0, 200);
  let fromText; let fromBytes;
  try { Cascade.fromJson(cut); } catch (e) { fromText = e; }
  try { Cascade.fromJsonBytes(new TextEncoder().encode(cut)); } catch (e) { fromBytes = e; }
  assert.deepEqual([fromBytes.code, fromBytes.kind, fromBytes.line, fromBytes.column, fromBytes.message],
    [fromText.code, fromText.kind, fromText.line, fromText.column, fromText.message]);
});

test('text of any script crosses intact (one encodeInto, then the rest)', () => {
  const doc = JSON.parse(sample);
  // Non-ASCII first, late, as surrogate pairs only, and a lone surrogate
  // (U+FFFD, as TextEncoder writes it).
  for (const name of ['Zürich – 東京 😀', `${'x'.repeat(5000)}é${'😀'.repeat(3000)}`, '😀'.repeat(10000), 'end \ud800']) {
    doc.units[0].name = 'PLACEHOLDER';
    const text = JSON.stringify(doc).replace('PLACEHOLDER', name);
    const want = Buffer.from(name).toString();
    assert.equal(Cascade.fromJson(text).document().units[0].name, want);
    assert.equal(new Cascade(text).document().units[0].name, want);
    assert.equal(Cascade.fromJsonBytes(Buffer.from(text)).document().units[0].name, want);
  }
  // fromJson takes text only.
  assert.throws(() => Cascade.fromJson(42), (e) => e instanceof TypeError && e.code === 'invalid-input');
  assert.throws(() => Cascade.fromCsv({}), (e) => e instanceof TypeError && e.code === 'invalid-input');
});

test('rollupJsonBytes is rollupJson as UTF-8', () => {
  const c = Cascade.fromJson(sample);
  const bytes = c.rollupJsonBytes();
  assert.ok(bytes instanceof Uint8Array);
  assert.equal(new TextDecoder().decode(bytes), c.rollupJson());
  assert.equal(new TextDecoder().decode(c.rollupJsonBytes('2026-08-01')), c.rollupJson('2026-08-01'));
});

test('results are plain objects in the spec JSON shapes', () => {
  const c = new Cascade(sample);
  const report = c.validate();
  assert.deepEqual(Object.keys(report), ['diagnostics', 'summary']);
  assert.deepEqual(Object.keys(report.summary), ['errors', 'warnings', 'infos']);
  for (const d of report.diagnostics) {
    assert.deepEqual(Object.keys(d), ['code', 'rule', 'severity', 'subject', 'related', 'message', 'hint']);
  }
  const r = c.rollup();
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
  assert.deepEqual(Object.keys(r), ['key_results', 'objectives', 'themes', 'units', 'mandates']);
  assert.deepEqual(Object.keys(r.key_results), ['KR1', 'KR2', 'KR3', 'KR4']);
  assert.deepEqual(Object.keys(r.key_results.KR1), ['progress', 'raw', 'status', 'forecast']);
  assert.equal(r.key_results.KR2.progress, 0.4);
  assert.equal(r.key_results.KR2.status, 'on_track');
  assert.equal(r.objectives.O4.progress, null);
  assert.equal(r.mandates.M1.met, true);
  const l = c.lineage('O2');
  assert.deepEqual(l, {
    subject: 'O2', traces: true, paths: [['O2', 'KR2', 'O1']], answer: l.answer,
  });
  assert.match(l.answer, /O1/);
  const unit = c.lineage('payments');
  assert.equal(unit.traces, true);
});

test('rollup takes asOf and a policy; no as_of means null status', () => {
  const c = new Cascade(sample);
  const early = c.rollup('2026-07-02');
  assert.equal(early.key_results.KR1.status !== null, true);
  const doc = JSON.parse(sample);
  delete doc.cycle.as_of;
  const none = new Cascade(doc).rollup();
  assert.equal(none.key_results.KR1.status, null);
  const strict = c.rollup(null, { on_track_margin: 0, at_risk_margin: 0 });
  assert.ok(['done', 'on_track', 'at_risk', 'off_track'].includes(strict.objectives.O1.status));
});

test('viewFor hides restricted items as stubs', () => {
  const c = new Cascade(sample);
  const view = c.viewFor('finops');
  assert.equal(view.view, 'finops');
  const kr2 = view.key_results.find((k) => k.id === 'KR2');
  assert.deepEqual(kr2, { id: 'KR2', objective: 'O1', redacted: true });
  const r = new Cascade(view).rollup();
  assert.equal(r.key_results.KR2.progress, null);
  assert.equal(r.objectives.O1.partial, true);
  const eng = c.viewFor('eng');
  assert.equal(eng.key_results.find((k) => k.id === 'KR2').redacted, undefined);
});

function applyChanged(full, changed) {
  const out = structuredClone(full);
  for (const section of Object.keys(changed)) Object.assign(out[section], changed[section]);
  return out;
}

test('incremental updates equal a full rollup', () => {
  const c = new Cascade(sample);
  const live = c.live();
  let figures = live.rollup();
  assert.deepEqual(figures, c.rollup());
  const steps = [
    () => live.recordCheckIn({ keyResult: 'KR1', date: '2026-08-11', value: 17, confidence: 0.8 }),
    () => live.setCurrent('KR2', 5),
    () => live.setCurrent('KR3', null),
    () => live.recordCheckIn({ key_result: 'KR3', date: '2026-08-01', value: 450 }),
    () => live.recordCheckIn({ keyResult: 'KR1', date: '2026-09-20', value: 30 }), // after as_of: ignored
    () => live.setCurrent('KR4', 70),
    () => live.drop('KR2', '2026-08-01'),
    () => live.drop('O2', '2026-08-05'),
    () => live.drop('O2', null),
  ];
  for (const step of steps) {
    const { alerts: alertChanges, ...changed } = step();
    assert.deepEqual(Object.keys(changed), ['key_results', 'objectives', 'themes', 'units']);
    assert.ok(alertChanges === undefined || Object.keys(alertChanges).length > 0);
    figures = applyChanged(figures, changed);
    const fresh = new Cascade(live.cascade().toJson()).rollup();
    assert.deepEqual(live.alerts(), new Cascade(live.cascade().toJson()).alerts());
    assert.deepEqual(figures, fresh);
    assert.deepEqual(live.rollup(), fresh);
    assert.deepEqual(JSON.parse(live.rollupJson()), fresh);
  }
  assert.ok(Object.keys(live.setCurrent('KR2', 4).key_results).includes('KR2'));
  assert.equal(live.document().check_ins.length, 5);
  // The cascade the live model was made from never changes.
  assert.equal(c.document().check_ins.length, 2);
});

test('a check-in in the live model returns the alerts it raised and cleared', () => {
  const doc = {
    okr: '1',
    cycle: { id: 'Q3', start: '2026-07-01', end: '2026-08-10', as_of: '2026-07-21' },
    units: [{ id: 'acme', kind: 'company' }],
    objectives: [{ id: 'O1', unit: 'acme', title: 'Grow' }],
    key_results: [{ id: 'KR1', objective: 'O1', title: 'Raise active teams from 0 to 100',
      metric: { kind: 'increase', start: 0, target: 100 } }],
    check_ins: [{ key_result: 'KR1', date: '2026-07-11', value: 25, confidence: 0.7 }],
  };
  const c = new Cascade(doc);
  const live = c.live(undefined, { confidence_drop: 0.2 });
  assert.deepEqual(live.alerts(), c.alerts());
  let changed = live.recordCheckIn({ keyResult: 'KR1', date: '2026-07-21', value: 50, confidence: 0.5 });
  assert.deepEqual(changed.alerts.appeared.map((a) => [a.code, a.subject]), [['A303', 'KR1']]);
  assert.match(changed.alerts.appeared[0].message, /fell from 70%/);
  // Back on pace: the slip of a week earlier clears for KR1 and its objective.
  assert.deepEqual(changed.alerts.cleared.map((a) => [a.code, a.subject]), [['A304', 'KR1'], ['A304', 'O1']]);
  changed = live.recordCheckIn({ keyResult: 'KR1', date: '2026-07-21', value: 50, confidence: 0.7 });
  assert.deepEqual(changed.alerts.cleared.map((a) => a.code), ['A303']);
  assert.deepEqual(live.alerts(), { alerts: [] });
});

test('a dropped key result keeps its figures with status dropped, and drop(id, null) undoes it', () => {
  const live = new Cascade(sample).live();
  const before = live.rollup();
  const changed = live.drop('KR2', '2026-08-01');
  assert.equal(changed.key_results.KR2.status, 'dropped');
  assert.equal(changed.key_results.KR2.progress, before.key_results.KR2.progress);
  assert.deepEqual(live.rollup(), new Cascade(live.cascade().toJson()).rollup());
  live.drop('KR2', null);
  assert.deepEqual(live.rollup(), before);
  assert.throws(() => live.drop('nope', '2026-08-01'), (e) => e.code === 'unknown-id');
  assert.throws(() => live.drop('KR2', 'soon'), (e) => e.code === 'invalid-input');
});

test('a live model starts from a full rollup', () => {
  const live = new Cascade(sample).live();
  const changed = live.setCurrent('KR3', 300);
  assert.equal(changed.key_results.KR3.progress, 1);
  assert.equal(changed.key_results.KR3.status, 'done');
  assert.ok('O2' in changed.objectives);
});

test('updates follow the asOf the live model was made with', () => {
  const live = new Cascade(sample).live('2026-07-30');
  const changed = live.recordCheckIn({ keyResult: 'KR1', date: '2026-08-05', value: 20 });
  // dated after the live model's as_of: does not count
  assert.equal(changed.key_results.KR1.progress, (14.5 - 12) / 8);
});

test('a failed update changes nothing', () => {
  const live = new Cascade(sample).live();
  const before = live.rollupJson();
  assert.throws(() => live.setCurrent('KR1', NaN));
  assert.throws(() => live.recordCheckIn({ keyResult: 'nope', date: '2026-08-01', value: 1 }));
  assert.equal(live.rollupJson(), before);
  assert.equal(live.document().check_ins.length, 2);
});

test('dependencies: shared KRs and the part touching one unit', () => {
  const acme = new Cascade(readFileSync(path.join(here, '..', '..', 'examples', 'acme.json'), 'utf8'));
  const all = acme.dependencies();
  assert.deepEqual(Object.keys(all), ['edges', 'units', 'shared']);
  assert.deepEqual(all.shared, []);
  const coOwned = all.edges.filter((e) => e.kind === 'co-owns');
  assert.ok(coOwned.length > 0);
  const near = acme.dependencies(undefined, 'onboarding');
  assert.deepEqual(Object.keys(near.units).sort(), ['data', 'onboarding']);
  assert.ok(near.edges.every((e) => e.from === 'onboarding' || e.to === 'onboarding'));
  // With max_co_owners 1 every co-owned KR is listed once as a group.
  const grouped = acme.dependencies({ max_co_owners: 1 });
  assert.equal(grouped.edges.filter((e) => e.kind === 'co-owns').length, 0);
  const kr = coOwned[0].via[0];
  const group = grouped.shared.find((s) => s.key_result === kr);
  assert.ok(group.units.includes(coOwned[0].from) && group.units.includes(coOwned[0].to));
  assert.ok(grouped.units[coOwned[0].from].shares.includes(kr));
});

test('trend: the CLI JSON shape, a point per grid date, the last point equal to the rollup', () => {
  const c = new Cascade(sample);
  const doc = c.document();
  const t = c.trend(7, '2026-08-12');
  assert.deepEqual(Object.keys(t), ['key_results', 'objectives', 'themes', 'units']);
  assert.equal(Object.keys(t.key_results).length, doc.key_results.length);
  const r = c.rollup('2026-08-12');
  for (const [id, series] of Object.entries(t.key_results)) {
    assert.equal(series[0].date, doc.cycle.start);
    const last = series[series.length - 1];
    assert.deepEqual(Object.keys(last), ['date', 'progress', 'status']);
    assert.equal(last.date, '2026-08-12');
    assert.equal(last.progress, r.key_results[id].progress);
    assert.equal(last.status, r.key_results[id].status);
  }
  for (const series of Object.values(t.units)) {
    assert.ok(series.every((p) => p.status === null));
  }
  // Defaults: every 7 days to the cycle's as_of; a policy object applies.
  assert.deepEqual(c.trend(), c.trend(7));
  assert.ok(c.trend(undefined, undefined, { objective_status: 'weakest' }));
});

test('trend refuses a step that is not a whole number of days of at least 1', () => {
  const c = new Cascade(sample);
  for (const bad of [0, -3, 1.5]) {
    assert.throws(() => c.trend(bad), (e) => e.code === 'invalid-input' && /every/.test(e.message));
  }
});

// Sheets: a cascade as CSV and back, check-ins from CSV (the core's sheet
// module, so the answers are the CLI's and Python's).
const examples = path.join(here, '..', '..', 'examples');
const acmeText = readFileSync(path.join(examples, 'acme.json'), 'utf8');
const sheetText = readFileSync(path.join(examples, 'sheet.csv'), 'utf8');

test('fromCsv reads the template; toCsv writes it back', () => {
  const c = Cascade.fromCsv(sheetText);
  const doc = c.document();
  assert.equal(doc.units.length, 19);
  assert.equal(doc.key_results.length, 32);
  assert.deepEqual(doc.themes.map((t) => t.id), ['T1', 'T2', 'T3']);
  assert.equal(c.validate().summary.errors, 0);
  assert.equal(c.toCsv(), sheetText);
});

test('toCsv refuses what a sheet cannot carry; toCsvLossy says what it left out', () => {
  const acme = Cascade.fromJson(acmeText);
  assert.throws(() => acme.toCsv(), (e) => e.code === 'invalid-input' && e.message.includes('2 mandates (M1, M2)'));
  const lossy = acme.toCsvLossy();
  assert.equal(lossy.csv, sheetText);
  assert.equal(lossy.left_out.length, 5);
  assert.ok(lossy.left_out.includes('3 initiatives (I1, I2, I3)'));
  assert.ok(acme.checkInsToCsv().startsWith('key_result,date,value,confidence\nKR12,2026-07-08,6.56,\n'));
});

test('fromCsv errors name the row and the column', () => {
  const bad = sheetText.replace(',increase,12,20,', ',increase,12,twenty,');
  assert.throws(() => Cascade.fromCsv(bad), (e) =>
    e.code === 'unreadable' && e.kind === 'schema' && e.message.includes('row 5, column `target`: `twenty` is not a number'));
});

test('checkInCsv equals recordCheckIn one by one', () => {
  const rows = [['KR3', '2026-08-12', 6.5, 0.7], ['KR5', '2026-08-12', 26, null], ['KR3', '2026-08-12', 6.4, null]];
  const acme = Cascade.fromJson(acmeText);
  const single = acme.live();
  const merged = { key_results: {}, objectives: {}, themes: {}, units: {} };
  for (const [key_result, date, value, confidence] of rows) {
    const d = single.recordCheckIn({ key_result, date, value, confidence });
    for (const k of Object.keys(merged)) Object.assign(merged[k], d[k]);
  }
  const live = acme.live();
  const csv = 'key_result,date,value,confidence\n' + rows.map((r) => r.map((x) => x ?? '').join(',')).join('\n') + '\n';
  const delta = live.checkInCsv(csv);
  for (const k of Object.keys(merged)) assert.deepEqual(delta[k], merged[k], k);
  assert.deepEqual(live.rollup(), single.rollup());
  assert.deepEqual(live.alerts(), single.alerts());
  assert.deepEqual(live.cascade().document(), single.cascade().document());
  assert.throws(() => live.checkInCsv('key_result,date,value\nKR99,2026-08-12,1\n'), (e) =>
    e.code === 'unknown-id' && e.message.includes('row 2, column `key_result`'));
});

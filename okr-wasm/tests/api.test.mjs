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
    const changed = step();
    assert.deepEqual(Object.keys(changed), ['key_results', 'objectives', 'themes', 'units']);
    figures = applyChanged(figures, changed);
    const fresh = new Cascade(live.cascade().toJson()).rollup();
    assert.deepEqual(figures, fresh);
    assert.deepEqual(live.rollup(), fresh);
    assert.deepEqual(JSON.parse(live.rollupJson()), fresh);
  }
  assert.ok(Object.keys(live.setCurrent('KR2', 4).key_results).includes('KR2'));
  assert.equal(live.document().check_ins.length, 5);
  // The cascade the live model was made from never changes.
  assert.equal(c.document().check_ins.length, 2);
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

// Errors reach JS as Error subclasses with a stable `code`; unreadable
// documents say where (kind, line, column, path). Nothing panics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { okr, here } from './okr.mjs';

const { Cascade } = okr;
const sample = readFileSync(path.join(here, 'data', 'sample.json'), 'utf8');

function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail('expected a throw');
}

test('bad JSON is a SyntaxError with line and column', () => {
  const e = thrown(() => Cascade.fromJson('{\n  "okr": "1",\n  "cycle": {,}\n}'));
  assert.ok(e instanceof SyntaxError);
  assert.equal(e.code, 'unreadable');
  assert.equal(e.kind, 'syntax');
  assert.equal(e.line, 3);
  assert.equal(e.column, 13);
  assert.match(e.message, /line 3, column 13/);
});

test('an unknown field is a schema error naming the path', () => {
  const text = sample.replace('"name": "Payments"', '"nmae": "Payments"');
  const e = thrown(() => new Cascade(text));
  assert.ok(e instanceof SyntaxError);
  assert.equal(e.code, 'unreadable');
  assert.equal(e.kind, 'schema');
  assert.equal(e.path, 'units[2].nmae');
  assert.equal(e.line, 8);
  assert.equal(typeof e.column, 'number');
  assert.match(e.message, /unknown field/);
});

test('an object goes through the same loader (path, no line)', () => {
  const doc = JSON.parse(sample);
  doc.units[2].nmae = 'x';
  const e = thrown(() => new Cascade(doc));
  assert.equal(e.code, 'unreadable');
  assert.equal(e.path, 'units[2].nmae');
  assert.equal(e.line, null);
  assert.equal(e.column, null);
});

test('an unsupported version and a wrong type are unreadable', () => {
  const e1 = thrown(() => new Cascade(sample.replace('"okr": "1"', '"okr": "2"')));
  assert.equal(e1.code, 'unreadable');
  assert.match(e1.message, /unsupported format version/);
  const e2 = thrown(() => new Cascade(42));
  assert.equal(e2.code, 'unreadable');
  const e3 = thrown(() => new Cascade(undefined));
  assert.equal(e3.code, 'invalid-input');
  const cyclic = {};
  cyclic.self = cyclic;
  const e4 = thrown(() => new Cascade(cyclic));
  assert.ok(e4 instanceof TypeError);
  assert.equal(e4.code, 'invalid-input');
});

test('YAML reads the same shape and reports its place', () => {
  const c = Cascade.fromYaml('okr: "1"\ncycle: {id: Q3, start: 2026-07-01, end: 2026-09-30}\n');
  assert.equal(c.document().cycle.id, 'Q3');
  const e = thrown(() => Cascade.fromYaml('okr: "1"\ncycle:\n  id: Q3\n  strat: 2026-07-01\n'));
  assert.equal(e.code, 'unreadable');
  assert.equal(e.line, 4);
});

test('unknown ids are RangeErrors with code unknown-id', () => {
  const c = new Cascade(sample);
  const live = c.live();
  for (const f of [() => c.lineage('nope'), () => c.viewFor('nope'), () => live.setCurrent('nope', 1),
    () => live.setCurrent('O1', 1), () => live.recordCheckIn({ keyResult: 'nope', date: '2026-08-01', value: 1 })]) {
    const e = thrown(f);
    assert.ok(e instanceof RangeError, String(e));
    assert.equal(e.code, 'unknown-id');
  }
});

test('a bad policy is invalid-policy', () => {
  const c = new Cascade(sample);
  for (const p of [{ disabled: ['X999'] }, { copy_paste_similarity: 2 }, { no_such_field: 1 }, '{']) {
    const e = thrown(() => c.validate(p));
    assert.ok(e instanceof TypeError);
    assert.equal(e.code, 'invalid-policy');
  }
  assert.doesNotThrow(() => c.validate({ disabled: ['W103'] }));
  assert.doesNotThrow(() => c.validate(null));
});

test('bad arguments are invalid-input', () => {
  const c = new Cascade(sample);
  const live = c.live();
  const cases = [
    () => c.rollup('2026-13-45'),
    () => c.live('2026-13-45'),
    () => live.setCurrent('KR1', NaN),
    () => live.setCurrent('KR1', Infinity),
    () => live.recordCheckIn({ keyResult: 'KR1', date: '2026-08-01', value: NaN }),
    () => live.recordCheckIn({ keyResult: 'KR1', date: 'yesterday', value: 1 }),
    () => live.recordCheckIn({ keyResult: 'KR1', value: 1 }),
    () => live.recordCheckIn({ keyResult: 'KR1', date: '2026-08-01', value: 1, extra: true }),
    () => live.recordCheckIn('KR1'),
  ];
  for (const f of cases) {
    const e = thrown(f);
    assert.ok(e instanceof TypeError, String(e));
    assert.equal(e.code, 'invalid-input', e.message);
  }
  // still usable after every error
  assert.equal(c.lineage('O2').traces, true);
});

test('hostile input never panics: the module stays usable', () => {
  const inputs = ['', 'null', '[]', '{"okr":"1"}', '{"okr":"1","cycle":{"id":"","start":"2026-02-30","end":"x"}}',
    '['.repeat(10000), '{"okr":"1","cycle":{"id":"c","start":"2026-07-01","end":"2026-09-30"},"units":' + '['.repeat(500)];
  for (const text of inputs) {
    const e = thrown(() => Cascade.fromJson(text));
    assert.equal(e.code, 'unreadable', text.slice(0, 40));
  }
  // A readable but broken cascade is diagnostics, not an error.
  const broken = new Cascade('{"okr":"1","cycle":{"id":"c","start":"2026-09-30","end":"2026-07-01"},' +
    '"objectives":[{"id":"O1","unit":"ghost","title":"x","links":[{"kind":"direct","to":"O1"}]}]}');
  const report = broken.validate();
  assert.ok(report.summary.errors > 0);
  assert.doesNotThrow(() => broken.rollup());
  assert.doesNotThrow(() => broken.lineage('O1'));
  assert.equal(new Cascade(sample).lineage('O3').traces, true);
});

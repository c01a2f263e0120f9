// The demo page: loads the web build of okr-wasm, and only displays what
// the engine answers (validate, rollup, lineage). The tree below is a
// presentation of the document's links; every figure, status, diagnostic
// and lineage answer comes from the engine.
import init, { Cascade, diff, version } from '../pkg-web/okr_cascade.js';

// The shipped examples when the page is served from the repository root,
// else the test sample next to this folder (served from okr-wasm/).
const EXAMPLES = [
  { name: 'acme.json', url: '../../examples/acme.json', label: 'acme.json (a clean cascade but for one W131)' },
  { name: 'broken.json', url: '../../examples/broken.json', label: 'broken.json (what the rules catch)' },
  { name: 'sample.json', url: '../tests/data/sample.json', label: 'sample.json (small)' },
];

const $ = (id) => document.getElementById(id);
const state = { cascade: null, selected: null };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined) node.append(c);
  return node;
}

const pct = (p) => (p === null || p === undefined ? '–' : `${Math.round(p * 100)}%`);
const statusWords = { done: 'done', on_track: 'on track', at_risk: 'at risk', off_track: 'off track', dropped: 'dropped' };

function bar(progress, status) {
  const cls = status ?? 'none';
  const width = progress === null || progress === undefined ? 0 : Math.max(0, Math.min(1, progress)) * 100;
  return [
    el('span', { class: `bar ${cls}`, title: status ? statusWords[status] : 'no status' },
      el('span', { style: `width:${width}%` })),
    el('span', { class: 'pct', text: pct(progress) }),
    status ? el('span', { class: `status-label ${status}`, text: statusWords[status] }) : null,
  ];
}

function loadText(text, name) {
  const trimmed = text.trimStart();
  // JSON when it looks like JSON, YAML otherwise (the same shape).
  return trimmed.startsWith('{') || !('fromYaml' in Cascade) ? Cascade.fromJson(text) : Cascade.fromYaml(text);
}

function showLoadError(e) {
  const box = $('load-error');
  box.hidden = false;
  const where = e.line ? ` (line ${e.line}${e.column ? `, column ${e.column}` : ''})` : '';
  box.textContent = `${e.code ?? 'error'}${where}: ${e.message}`;
  if (e.line) {
    const ta = $('source');
    const lines = ta.value.split('\n');
    let offset = 0;
    for (let i = 0; i < e.line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += Math.max(0, (e.column ?? 1) - 1);
    ta.focus();
    ta.setSelectionRange(offset, offset + 1);
  }
}

function check(text, name) {
  $('load-error').hidden = true;
  let cascade;
  try {
    cascade = loadText(text, name);
  } catch (e) {
    showLoadError(e);
    $('status').textContent = 'the document could not be read';
    return;
  }
  state.cascade = cascade;
  // A comparison was against the document that was shown before.
  $('changes').replaceChildren(
    el('h2', { text: 'What changed' }),
    el('p', { class: 'hint', text: 'Open a later snapshot of this cascade with “Compare with…” to see what slipped, moved, came and went.' }),
  );
  $('compare-file').value = '';
  render();
}

// ---- the tree -------------------------------------------------------------

function buildIndex(doc) {
  const by = (arr) => new Map((arr ?? []).map((x) => [x.id, x]));
  const ix = {
    units: by(doc.units), objectives: by(doc.objectives), krs: by(doc.key_results),
    krsOf: new Map(), direct: new Map(), responding: new Map(), work: new Map(),
    contributions: new Map(), mandates: new Map(), placed: new Set(),
  };
  const push = (map, key, v) => { if (!map.has(key)) map.set(key, []); map.get(key).push(v); };
  for (const kr of doc.key_results ?? []) push(ix.krsOf, kr.objective, kr);
  for (const o of doc.objectives ?? []) {
    for (const link of o.links ?? []) push(link.kind === 'direct' ? ix.direct : ix.responding, link.to, { o, link });
  }
  for (const w of doc.initiatives ?? []) for (const k of w.key_results ?? []) push(ix.work, k, { w, kind: 'initiative' });
  for (const w of doc.sprint_goals ?? []) for (const k of w.key_results ?? []) push(ix.work, k, { w, kind: 'sprint' });
  for (const c of doc.contributions ?? []) push(ix.contributions, c.to, c);
  for (const m of doc.mandates ?? []) for (const t of m.supports ?? []) push(ix.mandates, t, m);
  return ix;
}

function diagBadges(id, bySubject) {
  return (bySubject.get(id) ?? []).map((d) =>
    el('span', { class: `diag ${d.severity}`, title: `${d.rule}: ${d.message}`, 'data-code': d.code, text: d.code }));
}

function unitLabel(ix, unitId) {
  const u = ix.units.get(unitId);
  return el('span', { class: 'unit', text: u?.name ?? unitId ?? '' });
}

function itemRow(id, kind, kindLabel, parts, ctx) {
  const row = el('span', {
    class: `item${state.selected === id ? ' selected' : ''}`, 'data-id': id, 'data-kind': kind, tabindex: 0,
    role: 'button', onclick: (ev) => { ev.stopPropagation(); select(id); },
    onkeydown: (ev) => { if (ev.key === 'Enter') select(id); },
  }, el('span', { class: `kind ${kind}`, text: kindLabel }), el('span', { class: 'id', text: id }), parts,
  diagBadges(id, ctx.bySubject));
  return row;
}

function linkTag(link) {
  if (!link) return null;
  if (link.kind === 'direct') {
    return el('span', { class: 'link direct', title: 'direct link: carries progress', text: `direct${link.weight && link.weight !== 1 ? ` ×${link.weight}` : ''}` });
  }
  return el('span', { class: 'link responding', title: 'responding link: lineage only', text: 'responding' });
}

function objectiveNode(o, via, ctx, trail) {
  const f = ctx.figures.objectives[o.id] ?? {};
  const unit = ctx.ix.units.get(o.unit);
  const isPriority = unit?.kind === 'company' && !(o.links?.length);
  const label = isPriority ? 'priority' : `${unit?.kind ?? ''} objective`.trim();
  const title = o.redacted ? el('span', { class: 'redacted', text: 'restricted' }) : el('span', { text: o.title ?? '' });
  const row = itemRow(o.id, isPriority ? 'priority' : 'objective', label,
    [linkTag(via), title, unitLabel(ctx.ix, o.unit), bar(f.progress, f.status),
      via?.kind === 'responding' && via.contribution ? el('span', { class: 'contribution', text: `“${via.contribution}”` }) : null],
    ctx);
  const kids = [];
  if (!trail.has(o.id)) {
    const next = new Set(trail).add(o.id);
    ctx.ix.placed.add(o.id);
    for (const kr of ctx.ix.krsOf.get(o.id) ?? []) kids.push(krNode(kr, ctx, next));
    kids.push(...followers(o.id, ctx, next));
  }
  return li(row, via, kids);
}

function krNode(kr, ctx, trail) {
  const f = ctx.figures.key_results[kr.id] ?? {};
  const m = kr.metric;
  const measure = m && 'measure' in m && m.measure ? ` ${m.measure}` : '';
  const detail = !m ? null
    : m.kind === 'increase' || m.kind === 'decrease' ? `${m.start} → ${m.target}${measure}`
      : m.kind === 'milestone' ? 'milestone'
        : `${m.kind === 'stay_above' ? '≥' : '≤'} ${m.threshold}${measure}`;
  const title = kr.redacted ? el('span', { class: 'redacted', text: 'restricted' }) : el('span', { text: kr.title ?? '' });
  const row = itemRow(kr.id, 'kr', kr.source === 'children' ? 'KR (children)' : 'KR',
    [title, detail ? el('span', { class: 'unit', text: detail }) : null, bar(f.progress, f.status),
      kr.visibility === 'restricted' ? el('span', { class: 'unit', text: '(restricted)' }) : null], ctx);
  const kids = [];
  if (!trail.has(kr.id)) {
    const next = new Set(trail).add(kr.id);
    ctx.ix.placed.add(kr.id);
    kids.push(...followers(kr.id, ctx, next));
    for (const { w, kind } of ctx.ix.work.get(kr.id) ?? []) {
      ctx.ix.placed.add(w.id);
      kids.push(li(itemRow(w.id, kind, kind === 'sprint' ? 'sprint goal' : 'initiative',
        [el('span', { text: w.title }), unitLabel(ctx.ix, w.unit), w.sprint ? el('span', { class: 'unit', text: w.sprint }) : null], ctx)));
    }
  }
  return li(row, null, kids);
}

// What hangs below an objective or KR: objectives linking to it, then
// contributions and mandates supporting it.
function followers(id, ctx, trail) {
  const out = [];
  for (const { o, link } of ctx.ix.direct.get(id) ?? []) out.push(objectiveNode(o, link, ctx, trail));
  for (const { o, link } of ctx.ix.responding.get(id) ?? []) out.push(objectiveNode(o, link, ctx, trail));
  for (const c of ctx.ix.contributions.get(id) ?? []) {
    ctx.ix.placed.add(c.id);
    out.push(li(itemRow(c.id, 'contribution', 'contribution',
      [unitLabel(ctx.ix, c.unit), el('span', { class: 'contribution', text: c.statement ? `“${c.statement}”` : '' })], ctx),
    { kind: 'responding' }));
  }
  for (const m of ctx.ix.mandates.get(id) ?? []) out.push(mandateNode(m, ctx));
  return out;
}

function mandateNode(m, ctx) {
  ctx.ix.placed.add(m.id);
  const f = ctx.figures.mandates?.[m.id] ?? {};
  const t = m.metric;
  const detail = t.kind === 'stay_above' ? `≥ ${t.threshold}` : t.kind === 'stay_below' ? `≤ ${t.threshold}` : t.kind;
  return li(itemRow(m.id, 'mandate', 'mandate',
    [el('span', { text: m.title }), unitLabel(ctx.ix, m.unit), el('span', { class: 'unit', text: `${detail}${t.measure ? ` ${t.measure}` : ''}, now ${t.current ?? '–'}` }),
      bar(f.met ? 1 : 0, f.status ?? (f.met ? 'on_track' : 'off_track')),
      el('span', { class: 'unit', text: f.met ? 'met' : 'breached' })], ctx), { kind: 'responding' });
}

function li(row, via, kids = []) {
  const cls = via ? `via-${via.kind}` : undefined;
  return el('li', { class: cls }, row, kids.length ? el('ul', {}, kids) : null);
}

function group(title, kids) {
  return el('li', { class: 'group' }, el('span', { class: 'item', text: title }), kids.length ? el('ul', {}, kids) : null);
}

function renderTree(doc, figures, report) {
  const ix = buildIndex(doc);
  const bySubject = new Map();
  for (const d of report.diagnostics) {
    if (!bySubject.has(d.subject)) bySubject.set(d.subject, []);
    bySubject.get(d.subject).push(d);
  }
  const ctx = { ix, figures, bySubject };
  const company = (doc.units ?? []).filter((u) => u.kind === 'company').map((u) => u.id);
  const companyObjectives = (doc.objectives ?? []).filter((o) => company.includes(o.unit) && !(o.links?.length));
  const roots = [];
  for (const t of doc.themes ?? []) {
    const f = figures.themes[t.id] ?? {};
    const row = itemRow(t.id, 'theme', 'theme', [el('span', { text: t.title }), bar(f.progress, null)], ctx);
    const kids = companyObjectives.filter((o) => (o.themes ?? []).includes(t.id)).map((o) => objectiveNode(o, null, ctx, new Set([t.id])));
    roots.push(li(row, null, kids));
  }
  const themeless = companyObjectives.filter((o) => !(o.themes?.length));
  if (themeless.length) roots.push(group('Company priorities without a theme', themeless.map((o) => objectiveNode(o, null, ctx, new Set()))));
  // Everything no priority reaches: shown, not hidden.
  const loose = [];
  for (const o of doc.objectives ?? []) if (!ix.placed.has(o.id)) loose.push(objectiveNode(o, null, ctx, new Set()));
  for (const kr of doc.key_results ?? []) {
    if (!ix.placed.has(kr.id) && !ix.objectives.has(kr.objective)) loose.push(krNode(kr, ctx, new Set()));
  }
  for (const c of doc.contributions ?? []) {
    if (!ix.placed.has(c.id)) loose.push(li(itemRow(c.id, 'contribution', 'contribution', [unitLabel(ix, c.unit), el('span', { class: 'contribution', text: `to ${c.to}` })], ctx)));
  }
  for (const m of doc.mandates ?? []) if (!ix.placed.has(m.id)) loose.push(mandateNode(m, ctx));
  for (const [arr, kind] of [[doc.initiatives, 'initiative'], [doc.sprint_goals, 'sprint']]) {
    for (const w of arr ?? []) {
      if (!ix.placed.has(w.id)) {
        loose.push(li(itemRow(w.id, kind, kind === 'sprint' ? 'sprint goal' : 'initiative', [el('span', { text: w.title }), unitLabel(ix, w.unit)], ctx)));
      }
    }
  }
  if (loose.length) roots.push(group('Not reached from a company priority', loose));
  $('tree').replaceChildren(el('ul', {}, roots));
}

function renderDiagnostics(report) {
  const items = report.diagnostics.map((d) => el('li', {
    class: d.severity, 'data-subject': d.subject,
    onclick: () => { if (d.subject) select(d.subject, true); },
  }, el('span', { class: `diag ${d.severity}`, text: d.code }), ' ', el('span', { class: 'id', text: d.subject || '(document)' }),
  ' ', el('span', { class: 'unit', text: d.rule }),
  el('span', { class: 'msg', text: d.message }), d.hint ? el('span', { class: 'hint', text: d.hint }) : null));
  $('diagnostics').replaceChildren(...(items.length ? items : [el('li', { text: 'No diagnostics: a clean cascade.' })]));
  const s = report.summary;
  $('summary').textContent = `${s.errors} errors, ${s.warnings} warnings, ${s.infos} infos`;
}

// The alerts at the document's as_of (the engine's alert rules).
function renderAlerts() {
  const { alerts } = state.cascade.alerts();
  const items = alerts.map((a) => el('li', {
    class: 'alert', 'data-code': a.code, 'data-subject': a.subject,
    onclick: () => { if (a.subject) select(a.subject, true); },
  }, el('span', { class: 'diag alert', text: a.code }), ' ', el('span', { class: 'id', text: a.subject }),
  ' ', el('span', { class: 'unit', text: a.rule }),
  el('span', { class: 'msg', text: a.message }), a.hint ? el('span', { class: 'hint', text: a.hint }) : null));
  $('alerts').replaceChildren(...(items.length ? items : [el('li', { class: 'none', text: 'No alerts (alerts need an as_of date).' })]));
  $('alerts-count').textContent = `(${alerts.length})`;
}

function renderUnits(doc) {
  $('units').replaceChildren(...(doc.units ?? []).map((u) =>
    el('li', {}, el('button', { type: 'button', 'data-id': u.id, onclick: () => select(u.id), text: u.name ?? u.id }))));
}

// ---- dependencies -----------------------------------------------------------

function renderDeps(doc) {
  const graph = state.cascade.dependencies();
  state.deps = graph;
  const names = new Map((doc.units ?? []).map((u) => [u.id, u.name ?? u.id]));
  const onEdge = Object.entries(graph.units).filter(([, d]) => d.needs.length || d.needed_by.length);
  const items = onEdge.map(([id, d]) => el('li', { 'data-unit': id },
    el('button', { type: 'button', onclick: () => selectDeps(id), text: names.get(id) ?? id }),
    ' ', el('span', { class: 'edges', text: d.needs.length ? `→ ${d.needs.map((v) => names.get(v) ?? v).join(', ')}` : '' })));
  $('deps').replaceChildren(...(items.length ? items : [el('li', { text: 'No unit needs another.' })]));
  $('deps-detail').textContent = '';
}

function selectDeps(id) {
  const graph = state.deps;
  const d = graph.units[id];
  for (const n of document.querySelectorAll('#deps li')) {
    const u = n.dataset.unit;
    n.classList.toggle('focus', u === id);
    n.classList.toggle('needs', d.needs.includes(u));
    n.classList.toggle('needed-by', d.needed_by.includes(u));
  }
  const why = graph.edges.filter((e) => e.from === id)
    .map((e) => `${e.to} (${e.kind}: ${e.via.join(', ')})`);
  $('deps-detail').textContent = why.length
    ? `${id} needs ${why.join('; ')}. Needed by: ${d.needed_by.join(', ') || 'no one'}.`
    : `${id} needs no other unit. Needed by: ${d.needed_by.join(', ') || 'no one'}.`;
}

function render() {
  const cascade = state.cascade;
  const doc = cascade.document();
  const report = cascade.validate();
  const figures = cascade.rollup();
  renderTree(doc, figures, report);
  renderDiagnostics(report);
  renderAlerts();
  renderUnits(doc);
  renderDeps(doc);
  state.trend = cascade.trend();
  state.figures = figures;
  renderBurnups(doc);
  $('status').textContent = `${doc.cycle.id}: ${(doc.objectives ?? []).length} objectives, ${(doc.key_results ?? []).length} key results${doc.cycle.as_of ? `, as of ${doc.cycle.as_of}` : ''}`;
  if (state.selected) select(state.selected);
}

// ---- burn-up ----------------------------------------------------------------

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}
const day = (d) => Date.parse(`${d}T00:00:00Z`) / 86400000;

// The series of an item from the engine's trend, and its kind.
function seriesOf(id) {
  const t = state.trend;
  for (const kind of ['objectives', 'key_results', 'units', 'themes']) {
    if (t[kind][id]) return { kind, points: t[kind][id] };
  }
  return null;
}

// One burn-up chart as inline SVG: progress at each trend date against the
// elapsed line from the cycle's start (0) to the item's horizon (its due,
// else the cycle's end: 1), and the forecast band at the horizon when the
// rollup has one (key results with check-ins on three dates or more).
function burnup(id, title) {
  const found = seriesOf(id);
  if (!found) return null;
  const doc = state.cascade.document();
  const item = found.kind === 'key_results'
    ? (doc.key_results ?? []).find((k) => k.id === id)
    : found.kind === 'objectives' ? (doc.objectives ?? []).find((o) => o.id === id) : null;
  const parent = found.kind === 'key_results' && item
    ? (doc.objectives ?? []).find((o) => o.id === item.objective) : null;
  const horizon = item?.due ?? parent?.due ?? doc.cycle.end;
  const [w, h, pad] = [220, 90, 6];
  const x0 = day(doc.cycle.start);
  const span = Math.max(1, day(doc.cycle.end) - x0);
  const x = (d) => pad + ((day(d) - x0) / span) * (w - 2 * pad);
  const y = (p) => h - pad - Math.max(0, Math.min(1, p)) * (h - 2 * pad);
  const chart = svg('svg', {
    class: 'burnup', viewBox: `0 0 ${w} ${h}`, width: w, height: h, role: 'img',
    'data-id': id, 'data-points': found.points.length,
    'aria-label': `${title}: progress at ${found.points.length} dates against the elapsed line`,
  });
  chart.append(svg('rect', { class: 'frame', x: pad, y: pad, width: w - 2 * pad, height: h - 2 * pad }));
  chart.append(svg('line', { class: 'elapsed', x1: x(doc.cycle.start), y1: y(0), x2: x(horizon), y2: y(1) }));
  const fig = found.kind === 'key_results' ? state.figures.key_results[id] : null;
  const pts = found.points.filter((p) => p.progress !== null);
  const last = pts[pts.length - 1];
  if (fig && last && fig.forecast_low !== undefined && fig.forecast_high !== undefined) {
    chart.append(svg('polygon', {
      class: 'band',
      points: `${x(last.date)},${y(last.progress)} ${x(horizon)},${y(fig.forecast_high)} ${x(horizon)},${y(fig.forecast_low)}`,
    }));
  }
  chart.append(svg('polyline', { class: 'progress', points: pts.map((p) => `${x(p.date)},${y(p.progress)}`).join(' ') }));
  for (const p of pts) {
    const dot = svg('circle', { class: `pt ${p.status ?? 'none'}`, cx: x(p.date), cy: y(p.progress), r: 2.2 });
    const tip = svg('title');
    tip.textContent = `${p.date}: ${pct(p.progress)}${p.status ? `, ${statusWords[p.status]}` : ''}`;
    dot.append(tip);
    chart.append(dot);
  }
  return el('figure', { class: 'burnup-card', 'data-id': id },
    chart, el('figcaption', {}, el('span', { class: 'id', text: id }), ` ${title}`));
}

function renderBurnups(doc) {
  const company = new Set((doc.units ?? []).filter((u) => u.kind === 'company').map((u) => u.id));
  const priorities = (doc.objectives ?? []).filter((o) => company.has(o.unit) && !(o.links ?? []).length && !o.redacted);
  $('burnup-charts').replaceChildren(...priorities.map((o) => burnup(o.id, o.title ?? '')).filter(Boolean));
  renderSelectedBurnup();
}

function renderSelectedBurnup() {
  const id = state.selected;
  const box = $('burnup-selected');
  if (!id || !state.trend) {
    box.replaceChildren();
    return;
  }
  const doc = state.cascade.document();
  const all = [...(doc.objectives ?? []), ...(doc.key_results ?? []), ...(doc.units ?? []), ...(doc.themes ?? [])];
  const item = all.find((i) => i.id === id);
  const chart = burnup(id, item?.title ?? item?.name ?? '');
  box.replaceChildren(...(chart ? [el('p', { class: 'hint', text: 'Clicked:' }), chart] : []));
}

// ---- lineage ----------------------------------------------------------------

function select(id, scroll = false) {
  state.selected = id;
  for (const n of document.querySelectorAll('.item.selected')) n.classList.remove('selected');
  const rows = document.querySelectorAll(`.item[data-id="${CSS.escape(id)}"]`);
  for (const n of rows) n.classList.add('selected');
  if (scroll && rows[0]) rows[0].scrollIntoView({ block: 'center' });
  renderSelectedBurnup();
  const box = $('lineage');
  let answer;
  try {
    answer = state.cascade.lineage(id);
  } catch (e) {
    box.replaceChildren(el('h2', { text: 'Lineage' }), el('p', { class: 'answer no', text: `${e.code}: ${e.message}` }));
    return;
  }
  box.replaceChildren(
    el('h2', {}, 'Lineage of ', el('span', { class: 'id', text: id })),
    el('p', { class: `answer${answer.traces ? '' : ' no'}`, 'data-traces': String(answer.traces), text: answer.answer }),
    answer.paths.length
      ? el('ol', {}, answer.paths.map((p) => el('li', { class: 'path', text: p.join(' → ') })))
      : el('p', { class: 'hint', text: 'No path of links reaches a company priority.' }),
    ...(answer.truncated ? [el('p', { class: 'hint', text: 'More paths exist than the limit allows.' })] : []),
  );
  explainItem(id);
}

// ---- explain ----------------------------------------------------------------

// Where the clicked item's figures come from, as the engine explains them:
// the sentence, the rule with its numbers, and the inputs (click one to
// drill down). Items without figures (contributions, sprint goals...) say so.
function explainItem(id) {
  const box = $('explain');
  let e;
  try {
    e = state.cascade.explain(id);
  } catch (err) {
    box.replaceChildren(el('h2', { text: 'Explain' }), el('p', { class: 'hint', text: `${err.message}` }));
    return;
  }
  const input = (i) => {
    const bits = [i.role.replace('_', ' ')];
    if (i.date) bits.push(i.date);
    if (i.value !== undefined && i.value !== null) bits.push(`value ${i.value}`);
    if (i.weight !== undefined && i.weight !== null) bits.push(`weight ${i.weight}`);
    if (i.progress !== undefined && i.progress !== null) bits.push(`progress ${Math.round(i.progress * 1000) / 10}%`);
    if (i.skipped) bits.push(`skipped: ${i.skipped}`);
    const drill = i.id !== e.subject
      ? el('button', { class: 'id', type: 'button', text: i.id, onclick: () => select(i.id, true) })
      : el('span', { class: 'id', text: i.id });
    return el('li', {}, drill, ` ${bits.join(', ')}`);
  };
  box.replaceChildren(
    el('h2', {}, 'Explain ', el('span', { class: 'id', text: e.subject })),
    el('p', { class: 'explanation', text: e.text }),
    el('p', { class: 'formula' }, el('code', { text: e.rule.formula })),
    ...(e.inputs.length ? [el('ul', { class: 'inputs' }, e.inputs.map(input))] : []),
    ...(e.status_rule ? [el('p', { class: 'hint', text: e.status_rule.text })] : []),
  );
}

// ---- start ----------------------------------------------------------------

const examples = new Map();

async function findExamples() {
  for (const ex of EXAMPLES) {
    try {
      const res = await fetch(ex.url);
      if (res.ok) examples.set(ex.name, { ...ex, text: await res.text() });
    } catch { /* not served here */ }
  }
  // The small sample only when the shipped examples are not reachable.
  if (examples.size > 1) examples.delete('sample.json');
  $('example').replaceChildren(...[...examples.values()].map((ex) => el('option', { value: ex.name, text: ex.label })));
}

function showExample() {
  const example = examples.get($('example').value);
  if (!example) {
    $('status').textContent = 'no example found: paste a cascade document';
    return;
  }
  $('source').value = example.text;
  $('source-name').textContent = example.name;
  check(example.text, example.name);
}

// ---- what changed: the engine's diff against a later snapshot -------------

const rank = { done: 0, on_track: 1, at_risk: 2, off_track: 3 };
const num = (p) => (p === null || p === undefined ? '–' : p.toFixed(2));

function changeLine(cls, id, kind, text) {
  return el('li', { class: cls, 'data-id': id, 'data-kind': kind }, el('span', { class: 'id', text: id }), ` ${text}`);
}

function compare(text, name) {
  const box = $('changes');
  let newer;
  try {
    newer = loadText(text, name);
  } catch (e) {
    box.replaceChildren(el('h2', { text: 'What changed' }), el('p', { class: 'hint', text: `${name} could not be read: ${e.message}` }));
    return;
  }
  const d = diff(state.cascade, newer);
  const items = [];
  for (const f of d.figures) {
    const [s0, s1] = f.status;
    const [p0, p1] = f.progress;
    const numbers = `${num(p0)} → ${num(p1)}`;
    if (s1 === 'dropped' && s0 !== s1) items.push(changeLine('figure dropped', f.id, f.kind, `was dropped (${num(p1)})`));
    else if (s0 in rank && s1 in rank && rank[s1] > rank[s0]) {
      items.push(changeLine('figure slipped', f.id, f.kind, `slipped from ${statusWords[s0]} to ${statusWords[s1]}: ${numbers}`));
    } else if (s0 in rank && s1 in rank && rank[s1] < rank[s0]) {
      items.push(changeLine('figure improved', f.id, f.kind, `${s1 === 'done' ? 'reached done' : `recovered to ${statusWords[s1]}`}: ${numbers}`));
    }
  }
  for (const a of d.added) items.push(changeLine('added', a.id, a.kind, `added (${a.kind.replace('_', ' ')})`));
  for (const r of d.removed) items.push(changeLine('removed', r.id, r.kind, `removed (${r.kind.replace('_', ' ')})`));
  for (const c of d.changed) items.push(changeLine('edited', c.id, c.kind, `edited: ${c.fields.map((f) => f.field).join(', ')}`));
  for (const x of d.diagnostics.new) items.push(changeLine(`finding new ${x.severity}`, x.subject, x.code, `new ${x.code} ${x.rule}`));
  for (const x of d.diagnostics.resolved) items.push(changeLine('finding resolved', x.subject, x.code, `resolved ${x.code} ${x.rule}`));
  for (const x of d.lineage.lost) items.push(changeLine('lineage lost', x.id, x.kind, 'lost its line to a company priority'));
  for (const x of d.lineage.gained) items.push(changeLine('lineage gained', x.id, x.kind, 'now traces to a company priority'));
  const moved = d.figures.length;
  box.replaceChildren(
    el('h2', { text: 'What changed' }),
    el('p', { class: 'hint', text: `to ${name}: ${moved} figures moved, ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} edited` }),
    el('ul', { id: 'change-list' }, items),
  );
}

async function main() {
  await init();
  $('version').textContent = version();
  $('apply').addEventListener('click', () => check($('source').value, 'text'));
  $('reset').addEventListener('click', showExample);
  $('example').addEventListener('change', showExample);
  $('file').addEventListener('change', async (ev) => {
    const file = ev.target.files?.[0];
    if (!file) return;
    const text = await file.text();
    $('source').value = text;
    $('source-name').textContent = file.name;
    check(text, file.name);
  });
  $('compare-file').addEventListener('change', async (ev) => {
    const file = ev.target.files?.[0];
    if (!file || !state.cascade) return;
    compare(await file.text(), file.name);
  });
  await findExamples();
  showExample();
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  $('status').textContent = `the engine failed to start: ${e.message ?? e}`;
  document.body.dataset.ready = 'error';
});

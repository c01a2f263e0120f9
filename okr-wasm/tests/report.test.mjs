// The review page in a real browser: `okr report examples/acme.json` is
// written by the CLI, opened from file:// in headless Chromium (nothing but
// the file may load), and its DOM is checked against the CLI's JSON
// answers (rollup, trend, alerts, check, deps, lineage): the priorities'
// progress and status, a burn-up chart per priority, key result and unit
// with a point per trend date, the tables, alerts, diagnostics,
// dependencies and lineage. Then it is checked at a print width (800 px,
// print media, every section open): the main column must not overflow.
// Screenshots go to okr-wasm/target-screenshots/ (gitignored).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { okrBinary, okrJson, repo } from './okr-cli.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ACME = path.join(repo, 'examples', 'acme.json');
const SHOTS = path.join(repo, 'okr-wasm', 'target-screenshots');

test('the review page of acme.json in headless Chromium', { timeout: 180_000 }, async () => {
  const okr = okrBinary();
  const work = mkdtempSync(path.join(tmpdir(), 'okr-report-'));
  const html = path.join(work, 'review.html');
  execFileSync(okr, ['report', ACME, '-o', html]);
  const doc = JSON.parse(readFileSync(ACME, 'utf8'));
  const rollup = okrJson(okr, 'rollup', ACME, '--format', 'json');
  const trend = okrJson(okr, 'trend', ACME, '--every', '7', '--format', 'json');
  const { alerts } = okrJson(okr, 'alerts', ACME, '--format', 'json');
  const check = okrJson(okr, 'check', ACME, '--format', 'json');
  const deps = okrJson(okr, 'deps', ACME, '--format', 'json');

  const profile = mkdtempSync(path.join(tmpdir(), 'okr-chromium-'));
  const errors = [];
  const requests = [];
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, timeout: 60_000,
      viewport: { width: 1280, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    const page = context.pages()[0] ?? await context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    // Self-contained: the page itself is the only request.
    await page.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.request().url().startsWith('file://') ? route.continue() : route.abort();
    });
    await page.goto(pathToFileURL(html).href);
    assert.deepEqual(requests, [pathToFileURL(html).href], 'the page loads nothing else');
    assert.equal(await page.locator('script').count(), 0, 'no script in the page');

    // The header: the cycle and its as_of.
    assert.equal(await page.textContent('header .cycle'), doc.cycle.id);
    assert.equal(await page.textContent('header .as-of'), doc.cycle.as_of);

    // Themes: progress as the rollup says.
    for (const t of doc.themes) {
      const cell = page.locator(`#themes tr[data-id="${t.id}"] .pct`);
      assert.equal(Number(await cell.getAttribute('data-progress')), rollup.themes[t.id].progress, `theme ${t.id}`);
    }

    // Company priorities: progress, status and a burn-up chart with a
    // point per trend date, the elapsed line, then their key results.
    const company = new Set(doc.units.filter((u) => u.kind === 'company').map((u) => u.id));
    const priorities = doc.objectives.filter((o) => company.has(o.unit) && !(o.links ?? []).length);
    assert.ok(priorities.length > 0);
    assert.equal(await page.locator('#priorities details.priority').count(), priorities.length);
    const dates = trend.objectives[priorities[0].id].length;
    for (const o of priorities) {
      const box = page.locator(`#priorities details.priority[data-id="${o.id}"]`);
      const f = rollup.objectives[o.id];
      assert.equal(Number(await box.locator('summary .pct').getAttribute('data-progress')), f.progress, `${o.id} progress`);
      assert.equal(await box.locator('summary .pct').textContent(), `${Math.round(f.progress * 100)}%`);
      assert.equal(await box.locator(`summary .status.${f.status}`).count(), 1, `${o.id} status ${f.status}`);
      const chart = box.locator(`figure.burnup-card[data-id="${o.id}"] svg.burnup`);
      assert.equal(await chart.getAttribute('data-points'), String(dates));
      const points = (await chart.locator('polyline.progress').getAttribute('points')).trim().split(/\s+/);
      assert.equal(points.length, trend.objectives[o.id].filter((p) => p.progress !== null).length);
      assert.equal(await chart.locator('line.elapsed').count(), 1);
      // Its key results: a row each with the rollup's progress and
      // forecast, and a chart each; a forecast band where there is one.
      const krs = doc.key_results.filter((k) => k.objective === o.id);
      assert.equal(await box.locator('table.key-results tbody tr').count(), krs.length);
      for (const k of krs) {
        const kf = rollup.key_results[k.id];
        const row = box.locator(`table.key-results tr[data-id="${k.id}"]`);
        assert.equal(Number(await row.locator('.pct').getAttribute('data-progress')), kf.progress, `${k.id} progress`);
        if (kf.forecast != null) assert.match(await row.locator('td').nth(3).textContent(), new RegExp(`^${Math.round(kf.forecast * 100)}%`));
        const kchart = box.locator(`figure.burnup-card[data-id="${k.id}"] svg.burnup`);
        assert.equal(await kchart.count(), 1, `a chart of ${k.id}`);
        assert.equal(await kchart.locator('polygon.band').count(), kf.forecast_low != null && kf.forecast_high != null ? 1 : 0, `${k.id} band`);
      }
    }
    // Charts are drawn: a real box, and the progress line inside it.
    const first = page.locator('#priorities details.priority').first();
    await first.locator('summary').click();
    const bbox = await first.locator('svg.burnup').first().boundingBox();
    assert.ok(bbox.width >= 200 && bbox.height >= 80, `chart box ${JSON.stringify(bbox)}`);

    // Units: one section each, progress as the rollup says, a chart each.
    assert.equal(await page.locator('#units details.unit').count(), doc.units.length);
    for (const u of doc.units) {
      const pct = page.locator(`#units details.unit[data-id="${u.id}"] summary .pct`);
      const want = rollup.units[u.id].progress;
      assert.equal(await pct.getAttribute('data-progress'), want === null ? null : String(want), `unit ${u.id}`);
      assert.equal(await page.locator(`#units details.unit[data-id="${u.id}"] svg.burnup`).count(), trend.units[u.id] ? 1 : 0);
    }

    // Alerts and diagnostics, grouped by rule, with the CLI's counts.
    assert.equal(await page.textContent('#alerts h2'), `Alerts (${alerts.length})`);
    const byCode = (list) => list.reduce((m, d) => m.set(d.code, (m.get(d.code) ?? 0) + 1), new Map());
    for (const [code, n] of byCode(alerts)) {
      assert.equal(await page.locator(`#alerts details.alert[data-code="${code}"] tbody tr`).count(), n, code);
    }
    const s = check.summary;
    assert.equal(await page.textContent('#diagnostics p.summary'), `${s.errors} errors, ${s.warnings} warnings, ${s.infos} infos.`);
    for (const [code, n] of byCode(check.diagnostics)) {
      assert.equal(await page.locator(`#diagnostics details.rule[data-code="${code}"] tbody tr`).count(), n, code);
    }

    // Dependencies: an edge row each; lineage: a section per team.
    assert.equal(await page.locator('#dependencies table.edges tbody tr').count(), deps.edges.length);
    const teams = doc.units.filter((u) => u.kind === 'team');
    assert.equal(await page.locator('#lineage details.lineage').count(), teams.length);
    for (const t of teams.slice(0, 4)) {
      const l = okrJson(okr, 'lineage', ACME, t.id, '--format', 'json');
      const box = page.locator(`#lineage details.lineage[data-id="${t.id}"]`);
      assert.equal(await box.getAttribute('data-traces'), String(l.traces));
      assert.equal(await box.locator('p').textContent(), l.answer);
    }

    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'report.png'), fullPage: true });

    // At a print width, with print media and every section open, the main
    // column does not overflow sideways.
    await page.setViewportSize({ width: 800, height: 1100 });
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => { for (const d of document.querySelectorAll('details')) d.open = true; });
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body > *, section > *, details > *')]
        .filter((n) => n.getBoundingClientRect().right > width + 0.5)
        .map((n) => `${n.tagName.toLowerCase()}${n.id ? `#${n.id}` : ''}.${n.className} (${Math.round(n.getBoundingClientRect().right)}px)`);
      return { width, scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 5) };
    });
    assert.ok(overflow.scroll <= overflow.width, `overflows at print width: ${JSON.stringify(overflow)}`);
    assert.deepEqual(overflow.wide, []);
    await page.screenshot({ path: path.join(SHOTS, 'report-print.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
});

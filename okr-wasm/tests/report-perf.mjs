// How fast Chromium shows the review page of a big document: generates
// `okr synth --teams 10000 --seed 1` (or the --teams given), writes its
// report with the CLI, opens it headless from file:// and times the
// navigation until the page is laid out and painted (load event, then two
// animation frames). Not run by CI (the 10k page takes a while to make);
// its numbers are recorded in docs/performance.md "The review page".
//
// Usage: node okr-wasm/tests/report-perf.mjs [--teams N] [--runs R] [--okr PATH]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { okrBinary, repo } from './okr-cli.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const teams = Number(arg('teams', '10000'));
const runs = Number(arg('runs', '3'));
const okr = arg('okr', null) ?? okrBinary();
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const work = mkdtempSync(path.join(tmpdir(), 'okr-report-perf-'));
const doc = path.join(work, 'doc.json');
const html = path.join(work, 'review.html');
try {
  writeFileSync(doc, execFileSync(okr, ['synth', '--teams', String(teams), '--seed', '1'], { maxBuffer: 1 << 30 }));
  let t = performance.now();
  execFileSync(okr, ['report', doc, '-o', html]);
  const makeMs = performance.now() - t;
  console.log(`${teams} teams: page ${(statSync(html).size / 1e6).toFixed(1)} MB, written in ${(makeMs / 1000).toFixed(2)} s by ${okr}`);

  const profile = mkdtempSync(path.join(tmpdir(), 'okr-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const page = await context.newPage();
      t = performance.now();
      await page.goto(pathToFileURL(html).href, { waitUntil: 'load', timeout: 120_000 });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const ms = performance.now() - t;
      const nav = await page.evaluate(() => {
        const n = performance.getEntriesByType('navigation')[0];
        return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, nodes: document.getElementsByTagName('*').length };
      });
      times.push(ms);
      console.log(`run ${i + 1}: shown in ${(ms / 1000).toFixed(2)} s (DOMContentLoaded ${(nav.dcl / 1000).toFixed(2)} s, load ${(nav.load / 1000).toFixed(2)} s, ${nav.nodes} elements)`);
      if (i === 0) {
        const dir = path.join(repo, 'okr-wasm', 'target-screenshots');
        mkdirSync(dir, { recursive: true });
        await page.screenshot({ path: path.join(dir, `report-${teams}.png`) });
        // The compact unit list fits a print width too.
        await page.setViewportSize({ width: 800, height: 1100 });
        await page.emulateMedia({ media: 'print' });
        const fit = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        console.log(`at a print width: scroll width ${fit[0]} px for ${fit[1]} px${fit[0] > fit[1] ? ' (OVERFLOWS)' : ''}`);
      }
      await page.close();
    }
    times.sort((a, b) => a - b);
    console.log(`median: ${(times[Math.floor(times.length / 2)] / 1000).toFixed(2)} s over ${runs} runs`);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

// Headless Chromium for the browser tests (demo page, npm package bundle):
// a static file server on 127.0.0.1 and an offline page in a fresh
// profile that collects the page's errors.
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.wasm': 'application/wasm', '.yaml': 'text/yaml',
  '.png': 'image/png', '.ts': 'text/plain',
};

// Serves files on 127.0.0.1 at a free port: `fileOf(rel)` is the file for a
// request's path (without its leading `/`), or null to answer 404.
// Resolves to the listening server.
export function serveFiles(fileOf) {
  const server = createServer((req, res) => {
    const rel = path.posix.normalize(decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname)).replace(/^\/+/, '');
    const file = fileOf(rel);
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Opens headless Chromium (a fresh profile) on a page that can reach
// nothing but 127.0.0.1:`port`. Returns the page, the errors it logs
// (page errors and console errors, as they come) and `close`, which shuts
// the browser and removes the profile.
export async function openOffline(port, { viewport } = {}) {
  const profile = mkdtempSync(path.join(tmpdir(), 'okr-chromium-'));
  let context;
  const close = async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    // A persistent context is how playwright takes a fresh --user-data-dir.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      timeout: 60_000,
      ...(viewport ? { viewport } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = context.pages()[0] ?? await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    // Offline: nothing but the local server may be reached.
    await page.route('**/*', (route) =>
      (new URL(route.request().url()).host === `127.0.0.1:${port}` ? route.continue() : route.abort()));
    return { page, errors, close };
  } catch (e) {
    await close();
    throw e;
  }
}

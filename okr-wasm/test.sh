#!/usr/bin/env bash
# The WebAssembly binding's one test command. On a fresh machine it
# installs what it needs (skipping what is present): the wasm32 target,
# wasm-bindgen-cli 0.2.130, the npm dev tools, Debian's Chromium. Then it
# builds both targets, runs the Node tests (shared fixtures, errors,
# incremental updates), type-checks the typed usage example with
# `tsc --strict`, drives the demo page and the review page (written by
# the okr CLI) in headless Chromium, and installs the npm package's tarball
# into a scratch project (require, import, TypeScript, an esbuild bundle in
# headless Chromium).
# Usage: okr-wasm/test.sh               (from any directory)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n==> okr-wasm: %s\n' "$*"; }

step "toolchain"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
want="0.2.130"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
  # Not --locked: its lockfile names a webpki-roots release some registries lack.
  cargo install wasm-bindgen-cli --version "$want"
fi
if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
npm ci --no-audit --no-fund

step "build (Node and web targets)"
./build.sh

step "Node tests (shared fixtures, errors, API, codes, incremental updates)"
node --test tests/fixtures.test.mjs tests/errors.test.mjs tests/api.test.mjs tests/codes.test.mjs tests/internal.test.mjs

step "TypeScript: the typed usage example under tsc --strict"
node_modules/.bin/tsc --strict --noEmit -p tests/typed

step "the demo page and the review page in headless Chromium"
# report.test.mjs builds the okr CLI (cargo build -p okr-cli) unless
# OKR_BIN names one. The 10k-team timing is not run here:
# node tests/report-perf.mjs (see docs/performance.md "The review page").
node --test tests/browser.test.mjs tests/report.test.mjs
echo "screenshots: $here/target-screenshots/ (demo.png, report.png, report-print.png)"

step "the npm package: npm pack, installed in a scratch project, require/import/tsc/esbuild+Chromium"
node --test tests/package.test.mjs

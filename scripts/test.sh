#!/usr/bin/env bash
# The one test command: installs what the tests need (skipping what is
# already there) and runs every test of the workspace: Rust, Python, JS.
# Usage: scripts/test.sh            (from any directory)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

step() { printf '\n==> %s\n' "$*"; }

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
# The domain crate also keeps its public surface minimal and its casts
# checked (issue 9): nothing `pub` that users cannot reach, no silent
# truncation.
cargo clippy -p okr-core -- -D warnings -W clippy::cast_possible_truncation -W unreachable_pub

step "Rust tests (core, CLI, doctests)"
cargo test --workspace --exclude okr-py --exclude okr-wasm

step "the okr-core crate: cargo package, docs (-D warnings), a scratch project"
scripts/crate-test.sh

if [ -d benches ]; then
  step "benchmarks compile"
  cargo bench --workspace --no-run --exclude okr-py --exclude okr-wasm
fi

if [ -x okr-py/test.sh ]; then
  step "Python binding"
  okr-py/test.sh
fi

if [ -x okr-wasm/test.sh ]; then
  step "WebAssembly binding (Node, TypeScript, headless Chromium)"
  okr-wasm/test.sh
fi

step "all tests passed"

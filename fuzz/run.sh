#!/usr/bin/env bash
# Runs fuzz targets with the dictionary, seeded from the committed corpus.
# New inputs go to a scratch folder, so the repository keeps its small corpus.
# Usage: fuzz/run.sh SECONDS [TARGET...]     (default: every target)
# Needs: rustup toolchain nightly, cargo install cargo-fuzz.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}; shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse_json parse_yaml validate incremental_update view_for)
scratch=${FUZZ_SCRATCH:-/tmp/okr-fuzz}
for t in "${targets[@]}"; do
  mkdir -p "$scratch/$t"
  cargo +nightly fuzz run -O "$t" "$scratch/$t" "corpus/$t" -- \
    -max_total_time="$secs" -dict=okr.dict -max_len=200000 -timeout=10 -rss_limit_mb=4096 \
    -print_final_stats=1 2>&1 | tee "$scratch/$t.log" | grep -E "^(#[0-9]+.*DONE|Done|stat::|==.*ERROR|SUMMARY)" || true
done

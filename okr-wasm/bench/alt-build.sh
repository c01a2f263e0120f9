#!/usr/bin/env bash
# A second Node build of okr-wasm for comparisons in one run
# (OKR_BENCH_ALT=DIR node okr-wasm/bench/rollup.mjs): the wasm-release
# profile with extra cargo arguments, wasm-bindgen, wasm-opt -O3 as in
# build.sh. The shipped build (build.sh) is not touched.
#
#   okr-wasm/bench/alt-build.sh OUT_DIR [cargo args...]
#   e.g. okr-wasm/bench/alt-build.sh /tmp/okr-dlmalloc --features dlmalloc
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
shift
cd "$here/.."
target_dir="$(cargo metadata --format-version 1 --no-deps |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
# The same target directory (only okr-wasm recompiles); the next build.sh
# relinks the shipped module.
cargo build --target wasm32-unknown-unknown --profile wasm-release -p okr-wasm "$@"
wasm-bindgen --target nodejs --out-dir "$out" --out-name okr_cascade \
  "$target_dir/wasm32-unknown-unknown/wasm-release/okr_wasm.wasm"
"$here/node_modules/.bin/wasm-opt" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-reference-types --enable-multivalue \
  --enable-mutable-globals "$out/okr_cascade_bg.wasm" -o "$out/okr_cascade_bg.wasm"
echo "alt build in $out: $(wc -c <"$out/okr_cascade_bg.wasm") bytes"

#!/usr/bin/env bash
# Builds the WebAssembly package for Node (pkg-node/) and for the web
# (pkg-web/), then assembles the two into the npm package okr-cascade
# (pkg-npm/; `npm pack okr-wasm/pkg-npm` makes the tarball). Needs the wasm32-unknown-unknown target, wasm-bindgen-cli at
# exactly the crate's wasm-bindgen version, and (optional) wasm-opt from the
# npm package `binaryen` (run `npm ci` here first). test.sh installs them.
# Usage: okr-wasm/build.sh              (from any directory)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."

want="0.2.130"
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')"
if [ "$have" != "$want" ]; then
  echo "wasm-bindgen $want is needed (found: ${have:-none}); run okr-wasm/test.sh or" >&2
  echo "  cargo install wasm-bindgen-cli --version $want" >&2
  exit 1
fi

cargo build --target wasm32-unknown-unknown --profile wasm-release -p okr-wasm
target_dir="$(cargo metadata --format-version 1 --no-deps |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')"
wasm="$target_dir/wasm32-unknown-unknown/wasm-release/okr_wasm.wasm"

# Only the npm binaryen: Debian's (108) writes modules that fail to load.
wasm_opt="$here/node_modules/.bin/wasm-opt"

for t in nodejs web; do
  case "$t" in nodejs) out="$here/pkg-node" ;; web) out="$here/pkg-web" ;; esac
  rm -rf "$out"
  wasm-bindgen --target "$t" --out-dir "$out" --out-name okr_cascade "$wasm"
  if [ -x "$wasm_opt" ]; then
    "$wasm_opt" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-reference-types --enable-multivalue \
      --enable-mutable-globals \
      "$out/okr_cascade_bg.wasm" -o "$out/okr_cascade_bg.wasm"
  else
    echo "note: no npm wasm-opt in okr-wasm/node_modules; the .wasm is not optimised further" >&2
  fi
done

size="$(wc -c <"$here/pkg-web/okr_cascade_bg.wasm")"
gz="$(gzip -9 -c "$here/pkg-web/okr_cascade_bg.wasm" | wc -c)"
echo "okr_cascade_bg.wasm: $size bytes, $gz bytes gzipped (gzip -9)"

# The npm package: both builds, one package.json (docs/releasing.md).
node "$here/npm/assemble.mjs"

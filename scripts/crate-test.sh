#!/usr/bin/env bash
# The okr-core crate as a user gets it: `cargo package`, the packed
# manifest's metadata, the docs with every rustdoc warning an error, then a
# scratch project outside the workspace that depends on the unpacked .crate
# and must print exactly `okr rollup --format json` of the shipped example.
#
# The scratch project builds the packed crate in isolation, which is what
# cargo package's verify step does, so the test pipeline packs with
# --no-verify and builds it once (about 25 s, its dependencies are built
# again without the workspace's profiles); `--verify` runs cargo package's
# own verify build as well (about 45 s more; docs/releasing.md).
# Usage: scripts/crate-test.sh [--verify]   (from any directory; scripts/test.sh runs it)
set -euo pipefail
# Tests run on work in progress (--allow-dirty); a release packs a clean tree.
verify="--no-verify --allow-dirty"
if [ "${1:-}" = "--verify" ]; then verify=""; fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

echo "==> cargo package -p okr-core ${verify}"
cargo package -p okr-core --locked --quiet $verify
version="$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "okr-core"))')"
crate="$root/target/package/okr-core-$version.crate"
[ -f "$crate" ] || { echo "no $crate" >&2; exit 1; }

echo "==> cargo doc -p okr-core, rustdoc warnings denied"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p okr-core --locked --quiet

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
tar xzf "$crate" -C "$scratch"
echo "==> the package's metadata and files"
manifest="$scratch/okr-core-$version/Cargo.toml"   # cargo writes one key = value a line
for key in description license repository readme keywords categories documentation; do
  grep -q "^$key = ." "$manifest" || { echo "okr-core's packed Cargo.toml lacks $key" >&2; exit 1; }
done
files="$(tar tzf "$crate")"
for f in README.md Cargo.toml src/lib.rs; do
  grep -qx "okr-core-$version/$f" <<<"$files" || { echo "the crate lacks $f" >&2; exit 1; }
done

echo "==> a scratch project using the packed crate"
mkdir -p "$scratch/app/src"
cat >"$scratch/app/Cargo.toml" <<EOF
[package]
name = "okr-scratch"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
okr-core = { path = "../okr-core-$version" }

[workspace]
EOF
cat >"$scratch/app/src/main.rs" <<'EOF'
use okr_core::{Cascade, RollupOptions, RollupReport};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: okr-scratch FILE")?;
    let cascade = Cascade::from_json(&std::fs::read_to_string(path)?)?;
    let rollup = cascade.rollup(&RollupOptions::default());
    println!("{}", RollupReport::new(&cascade, &rollup).to_json()?);
    Ok(())
}
EOF
# The versions the workspace is tested with (cargo package writes them);
# the shared target directory reuses dependencies built before.
cp "$scratch/okr-core-$version/Cargo.lock" "$scratch/app/Cargo.lock"
CARGO_TARGET_DIR="$root/target" cargo run --quiet --manifest-path "$scratch/app/Cargo.toml" -- \
  "$root/examples/acme.json" >"$scratch/crate.json"
cargo run --quiet -p okr-cli -- rollup examples/acme.json --format json >"$scratch/cli.json"
python3 - "$scratch/crate.json" "$scratch/cli.json" <<'PY'
import json, sys
crate, cli = (json.load(open(p)) for p in sys.argv[1:])
if crate != cli:
    sys.exit("the packed crate's rollup differs from okr rollup --format json")
print(f"the packed crate agrees with the CLI on {len(cli['key_results'])} KRs and {len(cli['objectives'])} objectives")
PY
echo "==> okr-core crate: all passed"

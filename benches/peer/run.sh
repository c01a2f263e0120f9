#!/usr/bin/env bash
# The peer comparison: the networkx script against `okr check` + `okr rollup`
# as whole processes (release build), on the same 10,000-team document.
# Usage: benches/peer/run.sh [TEAMS]   (default 10000)
# Needs python3; makes a venv with networkx in $PEER_VENV (default
# /work/.venv-peer, outside the repository) on first use.
set -euo pipefail
cd "$(dirname "$0")/../.."
TEAMS="${1:-10000}"
VENV="${PEER_VENV:-/work/.venv-peer}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q networkx
fi
cargo build --release -q -p okr-cli
OKR=target/release/okr
DOC="${TMPDIR:-/tmp}/okr-synth-$TEAMS.json"
[ -f "$DOC" ] || "$OKR" synth --teams "$TEAMS" --seed 1 --out "$DOC"
ls -l "$DOC"

now() { date +%s.%N; }
best() { # best of 3 wall-clock runs of "$@"
  local b=999999
  for _ in 1 2 3; do
    local t0 t1; t0=$(now); "$@" > /dev/null; t1=$(now)
    b=$(python3 -c "print(min($b, $t1 - $t0))")
  done
  echo "$b"
}
okr_both() { "$OKR" check "$DOC" --format json > /dev/null || true; "$OKR" rollup "$DOC" --format json > /dev/null || true; }
t_okr=$(best okr_both)
t_peer=$(best "$VENV/bin/python" benches/peer/peer.py "$DOC")
"$VENV/bin/python" benches/peer/peer.py "$DOC"
python3 -c "print(f'okr check + okr rollup: {$t_okr:.3f} s; networkx peer: {$t_peer:.3f} s; okr is {$t_peer/$t_okr:.0f}x faster (target >= 100x)')"

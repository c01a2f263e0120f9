#!/usr/bin/env bash
# The Python binding's tests: makes (or reuses) the venv at <repo>/.venv,
# installs the tools the tests need (skipping what is there), builds the
# abi3 wheel (the one a user installs) and installs it into the venv, then
# runs pytest and mypy --strict; then installs the same wheel into a fresh
# venv and runs docs/python.md's quickstart there, and builds the sdist.
# Usage: okr-py/test.sh [pytest args...]      (from any directory)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
venv="${OKR_VENV:-$root/.venv}"

if [ ! -x "$venv/bin/python" ]; then
  echo "==> creating $venv"
  python3 -m venv "$venv"
fi
py="$venv/bin/python"
export VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH"

if ! "$py" - <<'PY' 2>/dev/null
import importlib.metadata as m, sys
need = {"maturin": (1, 16), "pytest": (8, 0), "mypy": (1, 10), "pandas": (1, 5), "polars": (0, 20), "networkx": (2, 6),
        "dask": (2023, 1), "distributed": (2023, 1)}
for name, least in need.items():
    have = tuple(int(p) for p in m.version(name).split(".")[:2] if p.isdigit())
    if have < least:
        sys.exit(1)
PY
then
  echo "==> installing maturin, pytest, mypy, pandas, polars, networkx, dask[distributed] into $venv"
  "$py" -m pip install -q --disable-pip-version-check \
    "maturin>=1.16,<2" "pytest>=8" "mypy>=1.10" "pandas>=1.5" "polars>=0.20" "networkx>=2.6" \
    "dask[distributed]>=2023.1"
fi

# One release build serves the tests and the fresh-venv check: the wheel
# `pip wheel ./okr-py` makes (same maturin settings, from pyproject.toml).
echo "==> building the wheel (maturin build --release)"
wheels="$root/target/wheels"
rm -f "$wheels"/okr_cascade-*.whl
maturin build --release --quiet -m "$here/Cargo.toml" --out "$wheels"
wheel="$(ls "$wheels"/okr_cascade-*.whl)"
"$py" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel"

echo "==> pytest"
cd "$here"
"$py" -m pytest -q "$@"

echo "==> mypy --strict (package, stubs, typed usage, docs quickstart)"
quickstart="$(mktemp -d)/quickstart.py"
"$py" "$here/tests/doc_blocks.py" "$root/docs/python.md" > "$quickstart"
"$py" -m mypy --strict --no-error-summary "$here/python/okr_cascade" \
  "$here/tests/typing/usage.py" "$quickstart"
"$here/package-test.sh" "$wheel"
echo "==> okr-py: all passed"

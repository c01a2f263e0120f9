#!/usr/bin/env bash
# The Python binding's tests: makes (or reuses) the venv at <repo>/.venv,
# installs the tools the tests need (skipping what is there), builds the
# extension into the venv, then runs pytest and mypy --strict.
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

echo "==> building the extension (maturin develop --release)"
maturin develop --release --quiet -m "$here/Cargo.toml"

echo "==> pytest"
cd "$here"
"$py" -m pytest -q "$@"

echo "==> mypy --strict (package, stubs, typed usage, docs quickstart)"
quickstart="$(mktemp -d)/quickstart.py"
"$py" "$here/tests/doc_blocks.py" "$root/docs/python.md" > "$quickstart"
"$py" -m mypy --strict --no-error-summary "$here/python/okr_cascade" \
  "$here/tests/typing/usage.py" "$quickstart"
echo "==> okr-py: all passed"

#!/usr/bin/env bash
# The Python package as a user gets it: checks the wheel's tag, files and
# metadata, installs it (with the `pandas` extra) into a fresh venv, runs
# docs/python.md's quickstart there (isolated: only the installed package
# can be imported), and builds the sdist and checks what it carries.
# okr-py/test.sh runs it with the wheel it built (no second compile) and
# its venv first on PATH (for maturin).
# Usage: okr-py/package-test.sh WHEEL     (from any directory)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
wheel="$(realpath "${1:?usage: okr-py/package-test.sh WHEEL}")"
python="${PYTHON:-python3}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

echo "==> the wheel: abi3 tag, files, metadata"
case "$(basename "$wheel")" in
  okr_cascade-*-cp39-abi3-*.whl) ;;
  *) echo "not an abi3 wheel for CPython 3.9+: $(basename "$wheel")" >&2; exit 1 ;;
esac
"$python" - "$wheel" <<'PY'
import sys, zipfile
from email.parser import Parser

wheel = zipfile.ZipFile(sys.argv[1])
names = wheel.namelist()
for need in ["okr_cascade/__init__.py", "okr_cascade/_okr_cascade.pyi", "okr_cascade/py.typed",
             "okr_cascade/codes.py", "okr_cascade/exceptions.py"]:
    if need not in names:
        sys.exit(f"the wheel lacks {need}")
if not any(n.startswith("okr_cascade/_okr_cascade.") and n.endswith((".so", ".pyd")) for n in names):
    sys.exit("the wheel lacks the compiled extension okr_cascade/_okr_cascade.*")
metadata_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
meta = Parser().parsestr(wheel.read(metadata_name).decode())
for field in ["Name", "Version", "Summary", "Requires-Python", "Description-Content-Type"]:
    if not meta.get(field):
        sys.exit(f"the wheel's METADATA lacks {field}")
if not (meta.get("License") or meta.get("License-Expression")):
    sys.exit("the wheel's METADATA has no licence")
if not meta.get_all("Project-URL"):
    sys.exit("the wheel's METADATA has no Project-URL")
extras = set(meta.get_all("Provides-Extra") or [])
if not {"pandas", "polars"} <= extras:
    sys.exit(f"the wheel lacks the pandas/polars extras: {sorted(extras)}")
if "# okr-cascade" not in meta.get_payload():
    sys.exit("the wheel's long description is not okr-py/README.md")
print(f"{meta['Name']} {meta['Version']}: {len(names)} files, extras {sorted(extras)}")
PY

echo "==> a fresh venv: pip install the wheel with [pandas], run the docs' quickstart"
"$python" -m venv "$scratch/venv"
"$scratch/venv/bin/python" -m pip install -q --disable-pip-version-check "${wheel}[pandas]"
"$scratch/venv/bin/python" "$here/tests/doc_blocks.py" "$root/docs/python.md" >"$scratch/quickstart.py"
# -I: neither the current folder nor user site-packages on sys.path, so the
# quickstart can only import the installed wheel.
(cd "$root" && "$scratch/venv/bin/python" -I -c '
import okr_cascade, sys
assert okr_cascade.__file__.startswith(sys.prefix), okr_cascade.__file__
' && "$scratch/venv/bin/python" -I "$scratch/quickstart.py" >"$scratch/quickstart.out")
echo "quickstart ran: $(wc -l <"$scratch/quickstart.out") lines of output"

echo "==> the sdist (maturin sdist)"
maturin sdist -m "$here/Cargo.toml" --out "$scratch/sdist"
sdist="$(ls "$scratch"/sdist/okr_cascade-*.tar.gz)"
"$python" - "$sdist" <<'PY'
import sys, tarfile

names = tarfile.open(sys.argv[1]).getnames()
top = names[0].split("/")[0]
def has(suffix: str) -> bool:
    return any(n.endswith(suffix) for n in names)
for need in ["/pyproject.toml", "/PKG-INFO", "/README.md", "/python/okr_cascade/__init__.py",
             "/python/okr_cascade/_okr_cascade.pyi", "/okr-core/src/lib.rs", "/okr-synth/src/lib.rs",
             "/okr-report/src/lib.rs", "/Cargo.lock"]:
    if not has(need):
        sys.exit(f"the sdist lacks {need.lstrip('/')}")
print(f"{top}.tar.gz: {len(names)} files, the core and its workspace dependencies included")
PY
echo "==> okr-py package: all passed"

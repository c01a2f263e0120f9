"""The Dask example (examples/dask_check.py): a local cluster of worker
processes checks a few hundred generated documents and matches the serial
results."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import okr_cascade as okr
from conftest import EXAMPLES


def example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dask_check", EXAMPLES / "dask_check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Not put in sys.modules: the workers cannot import the example by
    # name, so its task function travels by value (as from a script).
    spec.loader.exec_module(module)
    return module


def test_dask_cluster_matches_the_serial_results() -> None:
    dask_check = example()
    seeds = list(range(250))
    got = dask_check.check_on_cluster(seeds, 8, workers=2, batch=25)
    want = dask_check.check_serially(seeds, 8)
    assert len(got) == 250
    assert all(isinstance(r, okr.Report) for r in got)
    assert got == want

"""Cascade.trend: the series, dict-like access, long-format DataFrames."""

from __future__ import annotations

import datetime
import json
import subprocess
from pathlib import Path

import pytest

import okr_cascade as okr

from conftest import EXAMPLES

ACME = EXAMPLES / "acme.json"


@pytest.fixture(scope="module")
def acme() -> okr.Cascade:
    return okr.load(ACME)


def test_trend_series_and_grid(acme: okr.Cascade) -> None:
    t = acme.trend()
    assert isinstance(t, okr.Trend)
    assert t.dates[0] == datetime.date(2026, 7, 1)
    assert all(isinstance(d, datetime.date) for d in t.dates)
    assert len(t) == len(t.dates)
    kr_id = next(iter(t.key_results))
    series = t.key_results[kr_id]
    assert [p["date"] for p in series] == t.dates
    assert set(series[0]) == {"date", "progress", "status"}
    assert all(p["status"] is None for s in t.units.values() for p in s)
    assert "nope" not in t.key_results
    with pytest.raises(KeyError):
        t.key_results["nope"]
    assert t.key_results.get("nope") is None
    assert len(t.objectives) == len(acme.rollup().objectives)


def test_trend_last_point_is_the_rollup(acme: okr.Cascade) -> None:
    t = acme.trend(every=14, as_of="2026-08-12")
    assert t.dates[-1] == datetime.date(2026, 8, 12)
    r = acme.rollup(as_of="2026-08-12")
    for kr_id, fig in r.key_results.items():
        last = t.key_results[kr_id][-1]
        assert last["progress"] == fig.progress
        assert last["status"] == fig.status


def test_trend_agrees_with_the_cli_json(acme: okr.Cascade) -> None:
    cli = Path(__file__).resolve().parents[2] / "target" / "debug" / "okr"
    if not cli.exists():
        pytest.skip("the okr binary is not built")
    out = subprocess.run(
        [str(cli), "trend", str(ACME), "--format", "json"], capture_output=True, check=True
    )
    assert acme.trend().to_dict() == json.loads(out.stdout)


def test_trend_policy_and_bad_every(acme: okr.Cascade) -> None:
    weakest = okr.Policy(objective_status="weakest")
    a = acme.trend(policy=weakest)
    b = acme.trend()
    assert a == a and len(a) == len(b)
    with pytest.raises(okr.InvalidInputError):
        acme.trend(every=0)
    with pytest.raises(okr.InvalidInputError):
        acme.trend(every=-3)


def test_trend_to_pandas_long_format(acme: okr.Cascade) -> None:
    pd = pytest.importorskip("pandas")
    t = acme.trend()
    df = t.to_pandas()
    assert list(df.columns) == ["date", "kind", "id", "progress", "status"]
    n = len(t.dates) * (
        len(t.key_results) + len(t.objectives) + len(t.themes) + len(t.units)
    )
    assert len(df) == n
    assert pd.api.types.is_datetime64_any_dtype(df["date"])
    assert isinstance(df["status"].dtype, pd.CategoricalDtype)
    assert set(df["kind"]) == {"key_result", "objective", "theme", "unit"}


def test_trend_to_polars_long_format(acme: okr.Cascade) -> None:
    pl = pytest.importorskip("polars")
    df = acme.trend().to_polars()
    assert df.columns == ["date", "kind", "id", "progress", "status"]
    assert df.schema["date"] == pl.Date
    assert df.schema["status"] == pl.Categorical

"""Sheets (from_csv, to_csv), check-ins from CSV and from DataFrames, and
the column types of every DataFrame."""

from __future__ import annotations

import datetime
import warnings
from typing import Any, Dict

import pandas as pd
import polars as pl
import pytest

import okr_cascade as okr

from conftest import EXAMPLES

ACME = EXAMPLES / "acme.json"
SHEET = EXAMPLES / "sheet.csv"


@pytest.fixture(scope="module")
def acme() -> okr.Cascade:
    return okr.load(ACME)


def test_from_csv_reads_the_template_and_round_trips() -> None:
    text = SHEET.read_text(encoding="utf-8")
    cascade = okr.from_csv(text)
    assert isinstance(cascade, okr.Cascade)
    doc = cascade.to_dict()
    assert len(doc["units"]) == 19 and len(doc["key_results"]) == 32
    assert [t["id"] for t in doc["themes"]] == ["T1", "T2", "T3"]
    assert cascade.validate().summary.errors == 0
    assert cascade.to_csv() == text
    assert okr.from_csv(cascade.to_csv()) == cascade


def test_to_csv_refuses_what_a_sheet_cannot_carry(acme: okr.Cascade) -> None:
    with pytest.raises(okr.InvalidInputError) as info:
        acme.to_csv()
    assert "2 mandates (M1, M2)" in str(info.value)
    assert "186 check-ins" in str(info.value)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        text = acme.to_csv(lossy=True)
    said = [str(w.message) for w in caught if w.category is UserWarning]
    assert "the sheet leaves out 3 initiatives (I1, I2, I3)" in said
    assert len(said) == 5
    assert text == SHEET.read_text(encoding="utf-8")
    check_ins = acme.check_ins_to_csv()
    assert check_ins.startswith("key_result,date,value,confidence\nKR12,2026-07-08,6.56,\n")


def test_from_csv_errors_name_row_and_column() -> None:
    text = SHEET.read_text(encoding="utf-8").replace(",increase,12,20,", ",increase,12,twenty,", 1)
    with pytest.raises(okr.UnreadableDocumentError) as info:
        okr.from_csv(text)
    assert info.value.kind == "schema"
    assert "row 5, column `target`: `twenty` is not a number" in str(info.value)


WEEK = (
    "key_result,date,value,confidence\n"
    "KR3,2026-08-12,6.5,0.7\n"
    "KR5,2026-08-12,26,\n"
    "KR12,2026-08-12,8,0.75\n"
    "KR3,2026-08-12,6.4,\n"
)


def merged(deltas: list[okr.Rollup]) -> Dict[str, Dict[str, Any]]:
    """The figures of one-by-one deltas, the last one winning."""
    out: Dict[str, Dict[str, Any]] = {}
    for d in deltas:
        for section, figures in d.to_dict().items():
            if isinstance(figures, dict):
                out.setdefault(section, {}).update(figures)
    return out


def figures_only(d: okr.Rollup) -> Dict[str, Dict[str, Any]]:
    return {k: v for k, v in d.to_dict().items() if isinstance(v, dict) and v}


def one_by_one(acme: okr.Cascade, rows: list[tuple[str, str, float, Any]]) -> tuple[okr.LiveRollup, Dict[str, Dict[str, Any]]]:
    live = acme.live()
    deltas = [live.record_check_in(kr, date, value, confidence) for kr, date, value, confidence in rows]
    return live, {k: v for k, v in merged(deltas).items() if v}


ROWS: list[tuple[str, str, float, Any]] = [
    ("KR3", "2026-08-12", 6.5, 0.7),
    ("KR5", "2026-08-12", 26.0, None),
    ("KR12", "2026-08-12", 8.0, 0.75),
    ("KR3", "2026-08-12", 6.4, None),
]


def test_check_in_csv_equals_one_by_one(acme: okr.Cascade) -> None:
    single, want = one_by_one(acme, ROWS)
    live = acme.live()
    delta = live.check_in_csv(WEEK)
    assert figures_only(delta) == want
    assert delta.key_results["KR3"].progress == pytest.approx(0.52)
    assert live.rollup == single.rollup
    assert live.alerts() == single.alerts()
    assert live.cascade == single.cascade
    # An unknown key result: the row named, nothing recorded.
    with pytest.raises(okr.UnknownIdError) as info:
        live.check_in_csv("key_result,date,value\nKR3,2026-08-13,6\nKR99,2026-08-13,1\n")
    assert "row 3, column `key_result`" in str(info.value)
    assert live.cascade == single.cascade


@pytest.mark.parametrize("lib", ["pandas", "polars"])
def test_check_in_frame_equals_one_by_one(acme: okr.Cascade, lib: str) -> None:
    single, want = one_by_one(acme, ROWS)
    columns = {
        "key_result": [r[0] for r in ROWS],
        "date": [datetime.date.fromisoformat(r[1]) for r in ROWS],
        "value": [r[2] for r in ROWS],
        "confidence": [r[3] for r in ROWS],
    }
    frame = pd.DataFrame(columns) if lib == "pandas" else pl.DataFrame(columns)
    live = acme.live()
    delta = live.check_in_frame(frame)
    assert figures_only(delta) == want
    assert live.rollup == single.rollup
    assert live.alerts() == single.alerts()
    assert live.cascade == single.cascade
    assert live.cascade.to_dict()["check_ins"][-4:] == single.cascade.to_dict()["check_ins"][-4:]


def test_check_in_frame_reads_datetimes_strings_and_missing_confidence(acme: okr.Cascade) -> None:
    single, want = one_by_one(acme, ROWS)
    frame = pd.DataFrame(
        {
            "key_result": [r[0] for r in ROWS],
            "date": pd.to_datetime([r[1] for r in ROWS]),
            "value": [r[2] for r in ROWS],
            "confidence": [r[3] if r[3] is not None else float("nan") for r in ROWS],
        }
    )
    live = acme.live()
    assert figures_only(live.check_in_frame(frame)) == want
    assert live.cascade == single.cascade
    text_dates = pl.DataFrame({"key_result": ["KR5"], "date": ["2026-08-12"], "value": [26.0]})
    assert acme.live().check_in_frame(text_dates).key_results["KR5"].progress == pytest.approx(0.6)


def test_check_in_frame_errors_name_row_and_column(acme: okr.Cascade) -> None:
    live = acme.live()
    with pytest.raises(okr.InvalidInputError, match="no `value` column"):
        live.check_in_frame(pd.DataFrame({"key_result": ["KR5"], "date": ["2026-08-12"]}))
    bad = pd.DataFrame({"key_result": ["KR5", "KR3"], "date": ["2026-08-12", "2026-08-12"], "value": [26.0, float("nan")]})
    with pytest.raises(okr.InvalidInputError, match=r"row 1 \(position from 0\), column `value`: missing value"):
        live.check_in_frame(bad)
    bad_date = pl.DataFrame({"key_result": ["KR5"], "date": ["12/08/2026"], "value": [26.0]})
    with pytest.raises(okr.InvalidInputError, match="column `date`"):
        live.check_in_frame(bad_date)
    with pytest.raises(okr.UnknownIdError):
        live.check_in_frame(pl.DataFrame({"key_result": ["KR99"], "date": ["2026-08-12"], "value": [1.0]}))
    with pytest.raises(okr.InvalidInputError, match="DataFrame"):
        live.check_in_frame([1, 2, 3])
    # Nothing was recorded.
    assert live.cascade == acme


CATEGORY = {"code", "rule", "severity", "status", "status_old", "status_new", "kind", "change"}
TEXT = {"id", "subject", "from", "to", "field", "message", "hint"}


def frames(acme: okr.Cascade, lib: str) -> Dict[str, Any]:
    newer = okr.load(EXAMPLES / "acme-2026-09-02.json")
    to = "to_pandas" if lib == "pandas" else "to_polars"
    out: Dict[str, Any] = {
        "report": getattr(acme.validate(), to)(),
        "lineage": getattr(acme.lineage("O21"), to)(),
        "dependencies": getattr(acme.dependencies(), to)(),
        "scorecard": getattr(acme.scorecard(), to)(),
        "trend": getattr(acme.trend(), to)(),
        "figure_map": getattr(acme.rollup().key_results, to)(),
    }
    for name, df in getattr(acme.rollup(), to)().items():
        out[f"rollup.{name}"] = df
    for name, df in getattr(okr.diff(acme, newer), to)().items():
        out[f"diff.{name}"] = df
    live = acme.live()
    out["delta"] = getattr(live.record_check_in("KR5", "2026-08-12", 26.0).key_results, to)()
    return out


def test_every_result_with_to_pandas_has_to_polars() -> None:
    for name in dir(okr):
        cls = getattr(okr, name)
        if isinstance(cls, type) and hasattr(cls, "to_pandas"):
            assert hasattr(cls, "to_polars"), name


def test_pandas_column_types(acme: okr.Cascade) -> None:
    for name, df in frames(acme, "pandas").items():
        for col in df.columns:
            dtype = df[col].dtype
            if col in CATEGORY:
                assert isinstance(dtype, pd.CategoricalDtype), f"{name}.{col}: {dtype}"
            elif col in TEXT:
                assert pd.api.types.is_string_dtype(dtype), f"{name}.{col}: {dtype}"
            elif col == "date":
                assert pd.api.types.is_datetime64_any_dtype(dtype), f"{name}.{col}: {dtype}"
            elif col in ("old", "new"):
                assert dtype == object, f"{name}.{col}: {dtype}"
    # Empty frames keep the types.
    removed = frames(acme, "pandas")["diff.removed"]
    assert len(removed) == 0 and pd.api.types.is_string_dtype(removed["id"].dtype)


def test_polars_column_types(acme: okr.Cascade) -> None:
    for name, df in frames(acme, "polars").items():
        for col, dtype in zip(df.columns, df.dtypes):
            if col in CATEGORY:
                assert dtype == pl.Categorical, f"{name}.{col}: {dtype}"
            elif col in TEXT:
                assert dtype == pl.String, f"{name}.{col}: {dtype}"
            elif col == "date":
                assert dtype == pl.Date, f"{name}.{col}: {dtype}"
            elif col in ("old", "new"):
                assert dtype == pl.Object, f"{name}.{col}: {dtype}"
    changed = frames(acme, "polars")["diff.changed"]
    assert len(changed) > 0

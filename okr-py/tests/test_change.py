"""diff, scorecard and carry from Python: shapes, DataFrames, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import okr_cascade as okr

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
OLD = EXAMPLES / "acme.json"
NEW = EXAMPLES / "acme-2026-09-02.json"


def test_diff_of_the_shipped_snapshots() -> None:
    d = okr.diff(OLD, NEW)
    assert d
    assert d.added == [{"id": "KR26", "kind": "key_result"}]
    kr25 = next(f for f in d.figures if f["id"] == "KR25")
    assert kr25["status"][1] == "dropped"
    assert isinstance(kr25["progress"], list)
    assert d.diagnostics["resolved"][0]["code"] == "W131"
    assert d.to_dict()["added"] == d.added
    assert not okr.diff(OLD, OLD)


def test_diff_tables() -> None:
    pytest.importorskip("pandas")
    frames = okr.diff(okr.load(OLD), okr.load(NEW)).to_pandas()
    assert set(frames) == {"added", "removed", "changed", "figures", "diagnostics", "lineage"}
    changed = frames["changed"]
    assert list(changed.columns) == ["id", "kind", "field", "old", "new"]
    assert ((changed["id"] == "KR25") & (changed["field"] == "dropped")).sum() == 1
    figures = frames["figures"]
    row = figures[figures["id"] == "KR25"].iloc[0]
    assert row["status_new"] == "dropped"


def test_scorecard_and_carry() -> None:
    cascade = okr.load(NEW)
    card = cascade.scorecard()
    assert card.key_results["KR25"]["status"] == "dropped"
    assert card.key_results["KR1"]["judgement"] is False
    draft = cascade.carry("2026-Q4", "2026-10-01", "2026-12-31")
    assert isinstance(draft, okr.Cascade)
    assert draft.cycle == "2026-Q4"
    assert draft.validate().summary.errors == 0
    ids = {k["id"] for k in draft.to_dict()["key_results"]}
    assert "KR25" not in ids and "KR26" in ids


def test_carry_refuses_an_end_before_the_start() -> None:
    with pytest.raises(okr.InvalidInputError, match="before it starts"):
        okr.load(OLD).carry("2026-Q4", "2026-12-31", "2026-10-01")

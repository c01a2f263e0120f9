"""Every class the module exports pickles (for multiprocessing, Dask, Ray
and Spark workers) and comes back equal."""

from __future__ import annotations

import copy
import pickle
from concurrent.futures import ProcessPoolExecutor
from typing import Any, List

import pytest

import okr_cascade as okr
from conftest import EXAMPLES


def roundtrip(value: Any) -> Any:
    back = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(back) is type(value)
    return back


@pytest.fixture(scope="module")
def cascade() -> okr.Cascade:
    return okr.load(EXAMPLES / "acme.json")


def test_cascade_and_policy(cascade: okr.Cascade) -> None:
    assert roundtrip(cascade) == cascade
    assert roundtrip(cascade).to_json() == cascade.to_json()
    policy = okr.Policy(disabled=["I202"], max_unit_objectives=3, max_items=5000)
    back = roundtrip(policy)
    assert back == policy and back.max_items == 5000
    assert copy.deepcopy(cascade) == cascade


def test_validation_results(cascade: okr.Cascade) -> None:
    broken = okr.load(EXAMPLES / "broken.json")
    report = broken.validate()
    assert roundtrip(report) == report
    assert roundtrip(report).to_dict() == report.to_dict()
    assert roundtrip(report.summary) == report.summary
    d = report.diagnostics[0]
    assert roundtrip(d) == d and hash(roundtrip(d)) == hash(d)
    alerts = cascade.alerts()
    assert tuple(roundtrip(list(alerts))) == alerts


def test_lineage_explain_dependencies_diff_scorecard(cascade: okr.Cascade) -> None:
    lineage = cascade.lineage("KR25")
    assert roundtrip(lineage) == lineage
    explanation = cascade.explain("O1")
    back = roundtrip(explanation)
    assert back == explanation and back.to_dict() == explanation.to_dict()
    assert back.rule == explanation.rule and repr(back) == repr(explanation)
    deps = cascade.dependencies()
    assert roundtrip(deps) == deps
    later = okr.load(EXAMPLES / "acme-2026-09-02.json")
    diff = okr.diff(cascade, later)
    assert roundtrip(diff) == diff and roundtrip(diff).to_dict() == diff.to_dict()
    card = cascade.scorecard()
    assert roundtrip(card) == card


def test_rollup_and_its_views(cascade: okr.Cascade) -> None:
    policy = okr.Policy(on_track_margin=0.05, at_risk_margin=0.3)
    rollup = cascade.rollup(as_of="2026-08-01", policy=policy)
    back = roundtrip(rollup)
    assert back == rollup and back.to_dict() == rollup.to_dict()
    assert back.as_of == "2026-08-01" and back.elapsed == rollup.elapsed
    assert roundtrip(rollup.key_results) == rollup.key_results
    assert dict(roundtrip(rollup.objectives)) == dict(rollup.objectives)
    kr = next(iter(rollup.key_results.values()))
    obj = next(iter(rollup.objectives.values()))
    unit = next(iter(rollup.units.values()))
    assert roundtrip(kr) == kr and roundtrip(obj) == obj and roundtrip(unit) == unit
    if len(rollup.mandates):
        m = next(iter(rollup.mandates.values()))
        assert roundtrip(m) == m


def test_trend_and_its_series(cascade: okr.Cascade) -> None:
    trend = cascade.trend(every=14, as_of="2026-09-01")
    back = roundtrip(trend)
    assert back == trend and back.to_dict() == trend.to_dict()
    assert dict(roundtrip(trend.objectives)) == dict(trend.objectives)
    assert dict(roundtrip(trend.units)) == dict(trend.units)


def test_live_rollup_and_its_updates(cascade: okr.Cascade) -> None:
    live = cascade.live(as_of="2026-08-20")
    change = live.record_check_in("KR25", "2026-08-19", 60.0, confidence=0.4)
    back_change = roundtrip(change)
    assert back_change == change and back_change.to_dict() == change.to_dict()
    # A snapshot of the live figures recomputes to the same figures.
    assert roundtrip(live.rollup) == live.rollup
    back = roundtrip(live)
    assert back.cascade == live.cascade
    assert back.rollup == live.rollup
    assert back.alerts() == live.alerts()
    # The copy goes on by itself.
    back.record_check_in("KR6", "2026-08-19", 1.5)
    assert back.rollup != live.rollup


def test_a_damaged_pickle_is_an_error() -> None:
    from okr_cascade._okr_cascade import _unpickle  # type: ignore[attr-defined]

    with pytest.raises(okr.InvalidInputError, match="not an okr_cascade pickle"):
        _unpickle("Report", ["{"])
    with pytest.raises(okr.InvalidInputError, match="unknown class"):
        _unpickle("Nope", [])
    with pytest.raises(okr.InvalidInputError, match="missing"):
        _unpickle("Rollup", [])


def _score(doc: okr.Cascade) -> List[Any]:
    return [doc.validate(), doc.rollup()]


def test_results_cross_process_boundaries() -> None:
    docs = [okr.load(okr.synth(20, seed)) for seed in range(3)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        got = list(pool.map(_score, docs))
    assert got == [_score(d) for d in docs]

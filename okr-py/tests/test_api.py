"""The Python surface: inputs, results, exceptions, DataFrames."""

from __future__ import annotations

import ast
import datetime
import json
import math
import typing
from pathlib import Path
from typing import Any, Dict

import pytest

import okr_cascade as okr

from conftest import EXAMPLES

SMALL: Dict[str, Any] = {
    "okr": "1",
    "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30", "as_of": "2026-08-15"},
    "units": [
        {"id": "acme", "kind": "company"},
        {"id": "eng", "kind": "function", "parent": "acme"},
        {"id": "payments", "kind": "team", "parent": "eng"},
        {"id": "sales", "kind": "function", "parent": "acme"},
    ],
    "themes": [{"id": "T1", "title": "Win the mid-market"}],
    "objectives": [
        {"id": "O1", "unit": "acme", "title": "Grow mid-market revenue", "themes": ["T1"],
         "governance": {"cadence": "weekly"}},
        {"id": "O2", "unit": "eng", "title": "Remove the blockers large accounts hit",
         "links": [{"kind": "direct", "to": "KR1"}]},
        {"id": "O3", "unit": "payments", "title": "Make invoicing effortless",
         "links": [{"kind": "responding", "to": "O1", "contribution": "Invoicing friction churns accounts"}]},
    ],
    "key_results": [
        {"id": "KR1", "objective": "O1", "title": "Increase ARR from $12M to $20M",
         "metric": {"kind": "increase", "start": 12, "target": 20, "current": 16}},
        {"id": "KR2", "objective": "O2", "title": "Cut p95 latency from 900ms to 300ms",
         "metric": {"kind": "decrease", "start": 900, "target": 300, "current": 600}},
        {"id": "KR3", "objective": "O3", "title": "Reduce invoice disputes from 40 to 10",
         "metric": {"kind": "decrease", "start": 40, "target": 10}, "visibility": "restricted",
         "audience": []},
    ],
    "mandates": [{"id": "M1", "unit": "eng", "title": "Uptime",
                  "metric": {"kind": "stay_above", "threshold": 99.9, "current": 99.95}}],
    "check_ins": [{"key_result": "KR3", "date": "2026-08-10", "value": 25}],
}


@pytest.fixture
def cascade() -> okr.Cascade:
    return okr.load(SMALL)


def test_every_input_form_gives_the_same_cascade(tmp_path: Path) -> None:
    text = json.dumps(SMALL)
    (tmp_path / "doc.json").write_text(text)
    from_dict = okr.load(SMALL)
    assert okr.load(text) == from_dict
    assert okr.load(str(tmp_path / "doc.json")) == from_dict
    assert okr.load(tmp_path / "doc.json") == from_dict
    assert okr.Cascade(SMALL) == from_dict
    assert okr.load(from_dict.to_json()) == from_dict
    assert okr.load(from_dict.to_dict()) == from_dict


def test_yaml_files_and_text(tmp_path: Path) -> None:
    acme = okr.load(EXAMPLES / "acme.json")
    assert okr.load(EXAMPLES / "acme.yaml") == acme
    yaml_text = (EXAMPLES / "acme.yaml").read_text()
    assert okr.load(yaml_text, format="yaml") == acme
    copy = tmp_path / "acme.yml"
    copy.write_text(yaml_text)
    assert okr.load(copy) == acme


def test_dates_in_a_dict_are_written_as_iso() -> None:
    doc = json.loads(json.dumps(SMALL))
    doc["cycle"]["start"] = datetime.date(2026, 7, 1)
    assert okr.load(doc) == okr.load(SMALL)


def test_validate(cascade: okr.Cascade) -> None:
    report = cascade.validate()
    assert isinstance(report.diagnostics, tuple)
    assert len(report) == len(report.diagnostics)
    assert report.summary.errors == 0
    assert not report.has_errors
    assert report == cascade.validate()
    for d in report:
        assert d.severity in ("error", "warning", "info")
        assert d.code and d.rule and d.message
        assert d.to_dict()["code"] == d.code
        assert "Diagnostic(code=" in repr(d)
        assert hash(d) == hash(d)
    as_dict = report.to_dict()
    assert set(as_dict) == {"diagnostics", "summary"}
    assert as_dict["summary"] == report.summary.to_dict()
    codes = {d.code for d in report}
    disabled = cascade.validate(okr.Policy(disabled=sorted(codes)))
    assert len(disabled) == 0
    if codes:
        code = sorted(codes)[0]
        assert all(d.code == code for d in report.only(code))


def test_results_are_frozen(cascade: okr.Cascade) -> None:
    figures = cascade.rollup().key_results["KR1"]
    with pytest.raises(AttributeError):
        figures.progress = 1.0  # type: ignore[misc]
    report = cascade.validate()
    with pytest.raises(AttributeError):
        report.summary.errors = 3  # type: ignore[misc]


def test_rollup(cascade: okr.Cascade) -> None:
    r = cascade.rollup()
    assert r.as_of == "2026-08-15"
    kr1 = r.key_results["KR1"]
    assert kr1.id == "KR1" and kr1.progress == 0.5 and kr1.status == "on_track"
    assert repr(kr1).startswith("KeyResultFigures(id='KR1', progress=0.5")
    assert r.objectives["O2"].progress == 0.5
    assert "KR1" in r.key_results and "nope" not in r.key_results
    assert r.key_results.get("nope") is None
    assert list(r.key_results) == ["KR1", "KR2", "KR3"]
    assert len(r.units) == 4
    assert r.mandates["M1"].met is True
    with pytest.raises(KeyError):
        r.key_results["nope"]
    d = r.to_dict()
    assert set(d) == {"key_results", "objectives", "themes", "units", "mandates"}
    assert d["key_results"]["KR1"] == {"progress": 0.5, "raw": 0.5, "status": "on_track", "forecast": None}
    assert r.key_results.to_dict() == d["key_results"]
    assert r == cascade.rollup()
    assert r != cascade.rollup(as_of="2026-07-02")
    assert cascade.rollup(as_of=datetime.date(2026, 7, 2)) == cascade.rollup(as_of="2026-07-02")
    early = cascade.rollup(as_of="2026-07-02")
    assert early.as_of == "2026-07-02" and early.elapsed is not None
    assert "Rollup(as_of='2026-08-15'" in repr(r)
    import collections.abc
    assert isinstance(r.key_results, collections.abc.Mapping)


def test_lineage(cascade: okr.Cascade) -> None:
    l2 = cascade.lineage("O2")
    assert l2.traces and l2.paths == (("O2", "KR1", "O1"),)
    assert "O1" in l2.answer
    assert l2 == cascade.lineage("O2")
    assert l2.to_dict()["paths"] == [["O2", "KR1", "O1"]]
    assert cascade.lineage("O3").paths == (("O3", "O1"),)


def test_view(cascade: okr.Cascade) -> None:
    view = cascade.view_for("sales")
    kr3 = [k for k in view.to_dict()["key_results"] if k["id"] == "KR3"][0]
    assert kr3.get("redacted") is True and "title" not in kr3
    r = view.rollup()
    assert r.key_results["KR3"].progress is None
    assert r.objectives["O3"].partial is True


def test_policy() -> None:
    p = okr.Policy(disabled=["I202"], max_unit_objectives=3, max_items=100)
    assert p.max_unit_objectives == 3 and p.max_items == 100 and p.disabled == ["I202"]
    assert p.copy_paste_similarity == 0.8
    assert p == okr.Policy.from_dict(p.to_dict())
    assert p == okr.Policy.from_json(json.dumps(p.to_dict()))
    assert p.to_dict()["limits"]["max_items"] == 100
    assert repr(p) == "Policy(disabled=['I202'], max_unit_objectives=3, max_items=100)"
    assert okr.Policy() == okr.Policy()
    with pytest.raises(AttributeError):
        p.nope  # type: ignore[attr-defined]


def test_limits_apply_when_loading() -> None:
    with pytest.raises(okr.UnreadableDocumentError) as info:
        okr.load(SMALL, policy=okr.Policy(max_items=3))
    assert info.value.kind == "limit"


# ---- exceptions -----------------------------------------------------------


def test_syntax_error_has_line_and_column() -> None:
    with pytest.raises(okr.UnreadableDocumentError) as info:
        okr.load('{"okr": "1",\n  "cycle": {"id": "Q3",, }}')
    e = info.value
    assert isinstance(e, okr.OkrError)
    assert e.kind == "syntax" and e.line == 2 and e.column == 24
    assert e.code == "unreadable"


def test_schema_error_has_line_column_and_path() -> None:
    text = '{"okr": "1",\n "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"},\n "units": [{"id": "a", "nmae": "x"}]}'
    with pytest.raises(okr.UnreadableDocumentError) as info:
        okr.load(text)
    e = info.value
    assert e.kind == "schema" and e.line == 3 and e.path == "units[0].nmae"
    assert e.column is not None and e.column > 1
    assert "unknown field" in str(e)


def test_yaml_error_has_a_line() -> None:
    with pytest.raises(okr.UnreadableDocumentError) as info:
        okr.load("okr: '1'\ncycle:\n  id: Q3\n  start: 2026-07-01\n  end: 2026-13-40\n", format="yaml")
    assert info.value.line is not None


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as info:
        okr.load(tmp_path / "missing.json")
    assert info.value.filename == str(tmp_path / "missing.json")


def test_unknown_id(cascade: okr.Cascade) -> None:
    with pytest.raises(okr.UnknownIdError) as info:
        cascade.lineage("nope")
    assert isinstance(info.value, KeyError) and isinstance(info.value, okr.OkrError)
    assert info.value.id == "nope" and "nope" in str(info.value)
    with pytest.raises(okr.UnknownIdError):
        cascade.view_for("O1")
    with pytest.raises(okr.UnknownIdError):
        cascade.live().set_current("nope", 1.0)


def test_work_without_outcome_thresholds_are_keyword_arguments() -> None:
    p = okr.Policy(min_work_items=2, work_done=0.5, outcome_floor=0.1)
    assert (p.min_work_items, p.work_done, p.outcome_floor) == (2, 0.5, 0.1)
    d = okr.Policy()
    assert (d.min_work_items, d.work_done, d.outcome_floor) == (3, 0.8, 0.3)
    with pytest.raises(okr.PolicyError, match="work_done"):
        okr.Policy(work_done=1.5)


def test_policy_errors() -> None:
    with pytest.raises(okr.PolicyError):
        okr.Policy(on_track_margin=2.0)
    with pytest.raises(okr.PolicyError):
        okr.Policy(disabled=["X999"])  # type: ignore[list-item]
    with pytest.raises(okr.PolicyError):
        okr.Policy(bogus=1)  # type: ignore[call-arg]
    with pytest.raises(okr.PolicyError):
        okr.Policy(max_items="many")  # type: ignore[arg-type]
    with pytest.raises(okr.PolicyError):
        okr.Policy.from_json("{")


def test_a_bad_policy_value_is_a_policy_error_naming_it() -> None:
    bad: list[tuple[Dict[str, Any], str]] = [
        ({"on_track_margin": math.nan}, "on_track_margin"),
        ({"at_risk_margin": -0.25}, "at_risk_margin"),
        ({"max_progress_divergence": math.inf}, "max_progress_divergence"),
        ({"on_track_margin": 0.5, "at_risk_margin": 0.25}, "at_risk_margin"),
        ({"stale_check_in_days": -1}, "stale_check_in_days"),
        ({"disabled": ["W103", "W999"]}, "W999"),
    ]
    for kwargs, name in bad:
        with pytest.raises(okr.PolicyError) as info:
            okr.Policy(**kwargs)
        assert name in str(info.value), (kwargs, str(info.value))
        assert "invalid policy: invalid policy" not in str(info.value)
        assert info.value.code == "invalid-policy"
        with pytest.raises(okr.PolicyError):
            okr.Policy.from_dict(kwargs)
    with pytest.raises(okr.PolicyError) as info:
        okr.Policy.from_json('{"disabled": ["W106"]}')
    assert "`W106` is not a rule code" in str(info.value)
    assert "E001-E010" in str(info.value)


def test_rule_codes_agree_with_the_core() -> None:
    assert typing.get_args(okr.Code) == okr.RULE_CODES
    assert len(okr.RULE_CODES) == 44 and "W106" not in okr.RULE_CODES
    # The stub types `Diagnostic.code` and `Policy.disabled` with that alias.
    stub = ast.parse((Path(okr.__file__).parent / "_okr_cascade.pyi").read_text())
    annotations = [ast.unparse(n) for n in ast.walk(stub) if isinstance(n, ast.AnnAssign)]
    assert "disabled: List[Code]" in annotations
    functions = {n.name: n for n in ast.walk(stub) if isinstance(n, ast.FunctionDef)}
    assert functions["code"].returns is not None
    assert ast.unparse(functions["code"].returns) == "Code"


def test_error_codes_agree_with_the_core() -> None:
    assert typing.get_args(okr.ErrorCode) == okr.ERROR_CODES
    classes = [okr.UnreadableDocumentError, okr.UnknownIdError, okr.PolicyError,
               okr.InvalidInputError]
    # `internal` (a bug, or a result that cannot be written) is raised as the
    # base class OkrError with that code.
    assert tuple(c.code for c in classes) + ("internal",) == okr.ERROR_CODES
    subclasses = set(okr.OkrError.__subclasses__())
    assert subclasses == set(classes), "a new exception class needs a core code"


def test_every_diagnostic_code_is_a_rule_code(cascade: okr.Cascade) -> None:
    for d in cascade.validate():
        assert d.code in okr.RULE_CODES


def test_report_only_refuses_an_unknown_code(cascade: okr.Cascade) -> None:
    with pytest.raises(okr.InvalidInputError) as info:
        cascade.validate().only("W999")  # type: ignore[arg-type]
    assert "W999" in str(info.value)


def test_a_hint_names_the_policys_threshold(cascade: okr.Cascade) -> None:
    def hint(policy: okr.Policy) -> str:
        found = [d.hint for d in cascade.validate(policy).only("W118")]
        assert found, "KR1 and KR2 have no check-in: W118 fires"
        return found[0]

    assert hint(okr.Policy()) == "Record a check-in at least every two weeks."
    assert hint(okr.Policy(stale_check_in_days=7)) == "Record a check-in at least every week."


def test_a_view_is_a_cascade_again(cascade: okr.Cascade) -> None:
    # The view goes through the loader's checks (Cascade::try_from) again.
    view = cascade.view_for("sales")
    assert isinstance(view, okr.Cascade)
    assert view.validate().summary.errors == 0


def test_invalid_input(cascade: okr.Cascade) -> None:
    with pytest.raises(okr.InvalidInputError) as info:
        cascade.rollup(as_of="2026-02-30")
    assert isinstance(info.value, ValueError)
    live = cascade.live()
    with pytest.raises(okr.InvalidInputError):
        live.record_check_in("KR1", "2026-08-01", math.nan)
    with pytest.raises(okr.InvalidInputError):
        live.record_check_in("KR1", "yesterday", 1.0)
    with pytest.raises(okr.InvalidInputError):
        okr.load(12345)  # type: ignore[arg-type]
    with pytest.raises(okr.InvalidInputError):
        okr.load(SMALL, format="xml")


def test_live_model_deltas_match_a_full_rollup(cascade: okr.Cascade) -> None:
    live = cascade.live()
    delta = live.record_check_in("KR1", "2026-08-01", 17.0, confidence=0.8)
    shape = delta.to_dict()
    assert list(shape) == ["key_results", "objectives", "themes", "units"]
    assert "KR1" in shape["key_results"] and len(delta.mandates) == 0
    full = okr.load(live.cascade.to_json()).rollup().to_dict()
    assert live.rollup.to_dict() == full
    for kind, figures in shape.items():
        assert list(figures) == sorted(figures)
        for id_, fig in figures.items():
            assert full[kind][id_] == fig
    assert delta.key_results["KR1"] == live.rollup.key_results["KR1"]
    # A failed update changes nothing, and the source cascade never changes.
    before = live.rollup.to_dict()
    with pytest.raises(okr.InvalidInputError):
        live.record_check_in("KR1", "2026-08-02", 1.0, confidence=math.inf)
    assert live.rollup.to_dict() == before
    assert len(live.cascade.to_dict()["check_ins"]) == len(cascade.to_dict().get("check_ins", [])) + 1


def test_live_drop_matches_a_full_rollup_and_undoes(cascade: okr.Cascade) -> None:
    live = cascade.live()
    before = live.rollup.to_dict()
    delta = live.drop("KR1", "2026-08-01")
    assert delta.key_results["KR1"].status == "dropped"
    assert live.cascade.to_dict()["key_results"][0]["dropped"] == "2026-08-01"
    full = okr.load(live.cascade.to_json()).rollup().to_dict()
    assert live.rollup.to_dict() == full
    for kind, figures in delta.to_dict().items():
        for id_, fig in figures.items():
            assert full[kind][id_] == fig
    # None puts it back: the figures are those before the drop.
    live.drop("KR1", None)
    assert live.rollup.to_dict() == before
    with pytest.raises(okr.UnknownIdError):
        live.drop("nope", "2026-08-01")
    with pytest.raises(okr.InvalidInputError):
        live.drop("KR1", "2026-13-01")


def test_a_rust_panic_is_an_okr_error_not_a_panic_exception() -> None:
    from okr_cascade import _okr_cascade

    with pytest.raises(okr.OkrError) as info:
        _okr_cascade._internal_error_for_tests()
    assert info.value.code == "internal"
    assert "internal error" in str(info.value)


# ---- DataFrames -----------------------------------------------------------


def test_to_pandas(cascade: okr.Cascade) -> None:
    pd = pytest.importorskip("pandas")
    r = cascade.rollup()
    frames = r.to_pandas()
    assert set(frames) == {"key_results", "objectives", "themes", "units", "mandates"}
    krs = frames["key_results"]
    assert list(krs.columns) == ["id", "progress", "raw", "status", "forecast", "forecast_low", "forecast_high", "work", "partial"]
    assert len(krs) == 3 and list(krs["id"]) == ["KR1", "KR2", "KR3"]
    assert krs.set_index("id").loc["KR1", "progress"] == 0.5
    assert pd.isna(krs.set_index("id").loc["KR1", "forecast"])
    assert list(frames["mandates"].columns) == ["id", "met", "status"]
    diags = cascade.validate().to_pandas()
    assert list(diags.columns) == ["code", "rule", "severity", "subject", "related", "message", "hint"]
    assert len(diags) == len(cascade.validate())
    paths = cascade.lineage("O2").to_pandas()
    assert list(paths["path"].iloc[0]) == ["O2", "KR1", "O1"]
    empty = okr.load(SMALL).rollup().themes.to_pandas()
    assert len(empty) == 1


def test_to_polars(cascade: okr.Cascade) -> None:
    pytest.importorskip("polars")
    r = cascade.rollup()
    krs = r.key_results.to_polars()
    assert krs.columns == ["id", "progress", "raw", "status", "forecast", "forecast_low", "forecast_high", "work", "partial"]
    assert krs.height == 3
    assert krs.filter(krs["id"] == "KR1")["progress"][0] == 0.5
    assert set(r.to_polars()) == {"key_results", "objectives", "themes", "units", "mandates"}
    assert cascade.validate().to_polars().height == len(cascade.validate())


def test_explain_is_a_frozen_typed_object_equal_to_the_rollup() -> None:
    c = okr.load(
        {
            "okr": "1",
            "cycle": {"id": "Q", "start": "2026-07-01", "end": "2026-09-30", "as_of": "2026-08-12"},
            "units": [{"id": "acme", "kind": "company"}],
            "objectives": [{"id": "O1", "unit": "acme", "title": "Grow"}],
            "key_results": [
                {
                    "id": "KR1",
                    "objective": "O1",
                    "title": "ARR",
                    "metric": {"kind": "increase", "start": 12, "target": 20, "current": 16},
                }
            ],
        }
    )
    e = c.explain("KR1")
    assert isinstance(e, okr.Explanation)
    assert e.subject == "KR1" and e.kind == "key_result"
    assert e.rule["formula"] == "(16 - 12) / (20 - 12) = 0.5"
    assert e.inputs[0]["role"] == "metric_current"
    assert e.figures == c.rollup().to_dict()["key_results"]["KR1"]
    assert e.to_dict()["text"] == e.text
    assert "(16 - 12) / (20 - 12) = 0.5" in repr(e)
    with pytest.raises(AttributeError):
        e.text = "x"  # type: ignore[misc]
    with pytest.raises(okr.UnknownIdError):
        c.explain("nope")
    assert c.explain("KR1", as_of="2026-09-30").status_rule["elapsed"] == 1.0
    assert c.live().explain("O1").figures["progress"] == 0.5
    assert okr.Policy(objective_status="weakest").objective_status == "weakest"
def test_dependencies_and_alerts_of_the_example() -> None:
    cascade = okr.load(EXAMPLES / "acme.json")
    deps = cascade.dependencies()
    assert isinstance(deps, okr.Dependencies)
    edge = {"from": "onboarding", "to": "data", "kind": "declared", "via": ["KR34"]}
    assert edge in deps.edges
    assert deps.to_dict()["edges"] == deps.edges
    assert set(deps.units) == {u["id"] for u in cascade.to_dict()["units"]}
    assert "data" in deps.units["onboarding"]["needs"]
    alerts = cascade.alerts()
    assert all(a.severity == "alert" for a in alerts)
    assert cascade.alerts(as_of="2026-08-12") == alerts
    near = deps.touching("onboarding")
    assert set(near.units) == {"onboarding", "data"}
    assert all("onboarding" in (e["from"], e["to"]) for e in near.edges)
    assert deps.shared == [] and deps.units["onboarding"]["shares"] == []
    # With max_co_owners 1 every co-owned KR becomes a shared group.
    grouped = cascade.dependencies(policy=okr.Policy(max_co_owners=1))
    assert not any(e["kind"] == "co-owns" for e in grouped.edges)
    co_owned = {v for e in deps.edges if e["kind"] == "co-owns" for v in e["via"]}
    assert {s["key_result"] for s in grouped.shared} >= co_owned


def test_dependencies_to_pandas_and_networkx() -> None:
    deps = okr.load(EXAMPLES / "acme.json").dependencies()
    pd = pytest.importorskip("pandas")
    frame = deps.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(deps.edges)
    assert list(frame.columns) == ["from", "to", "kind", "via"]
    nx = pytest.importorskip("networkx")
    g = deps.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_edges() == len(deps.edges)
    assert g.has_edge("onboarding", "data", key="declared")
    assert g["onboarding"]["data"]["declared"]["via"] == ["KR34"]

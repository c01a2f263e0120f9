"""Runs every shared fixture in fixtures/ (see fixtures/README.md).

A mirror of okr-core/tests/fixtures.rs: the same files must give the same
answers through the binding as through the core.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, Optional

import pytest

import okr_cascade as okr

from conftest import FIXTURES

FILES = sorted(FIXTURES.rglob("*.json"))


def close(a: Any, b: Any) -> bool:
    def number(x: Any) -> bool:
        return isinstance(x, (int, float)) and not isinstance(x, bool)

    if number(a) and number(b):
        return bool(abs(a - b) <= 1e-9)
    return bool(a == b)


def subset(got: Any, want: Any) -> bool:
    """``want`` within ``got``: dicts by the keys ``want`` gives, lists item
    by item (same length), numbers within 1e-9."""
    if isinstance(want, dict):
        return isinstance(got, dict) and all(subset(got.get(k), v) for k, v in want.items())
    if isinstance(want, list):
        return (
            isinstance(got, list)
            and len(got) == len(want)
            and all(subset(a, b) for a, b in zip(got, want))
        )
    return close(got, want)


def load(fx: Dict[str, Any]) -> okr.Cascade:
    text = fx.get("document_text")
    if isinstance(text, str):
        if fx.get("format") == "csv":
            return okr.from_csv(text)
        fmt = "yaml" if fx.get("format") == "yaml" else "json"
        return okr.load(text, format=fmt)
    return okr.load(fx["document"])


def compare_figures(got: Dict[str, Any], want: Dict[str, Any]) -> None:
    for section, items in want.items():
        for id_, fields in items.items():
            g = got.get(section, {}).get(id_)
            assert g is not None, f"rollup: no {section}.{id_}"
            for f, w in fields.items():
                gv = g.get(f, False if f == "partial" else None)
                assert close(gv, w), f"rollup {section}.{id_}.{f}: got {gv}, want {w}"


def run(path: Path) -> None:
    fx = json.loads(path.read_text(encoding="utf-8"))
    expect = fx["expect"]
    if "unreadable" in expect:
        u = expect["unreadable"]
        with pytest.raises(okr.UnreadableDocumentError) as info:
            load(fx)
        err = info.value
        if "kind" in u:
            assert err.kind == u["kind"]
        for field in ("line", "column"):
            if field in u:
                assert getattr(err, field) == u[field], f"{field} ({err})"
        if "path" in u:
            assert err.path == u["path"]
        if "message_contains" in u:
            assert u["message_contains"] in err.message
        return
    cascade = load(fx)
    policy = okr.Policy.from_json(json.dumps(fx["policy"])) if "policy" in fx else okr.Policy()
    report = cascade.validate(policy)
    if "diagnostics" in expect:
        d = expect["diagnostics"]
        codes: Optional[list[str]] = d.get("codes")
        got = [x for x in report.diagnostics if codes is None or x.code in codes]
        want = d["list"]
        shown = [f"{x.code} {x.subject} {list(x.related)}" for x in got]
        assert len(got) == len(want), f"diagnostics: got {shown}, want {want}"
        for g, w in zip(got, want):
            related_ok = "related" not in w or list(w["related"]) == list(g.related)
            assert w["code"] == g.code and w["subject"] == g.subject and related_ok, (
                f"diagnostics: got {shown}, want {want}"
            )
    if "summary" in expect:
        assert report.summary.to_dict() == expect["summary"]
    as_of = fx.get("as_of")
    if "rollup" in expect:
        rollup = cascade.rollup(as_of=as_of, policy=policy)
        compare_figures(rollup.to_dict(), expect["rollup"])
    # Explain's figures are the rollup's, for every item of every fixture.
    full = cascade.rollup(as_of=as_of, policy=policy).to_dict()
    for section in ("key_results", "objectives", "themes", "units"):
        for id_, fig in full[section].items():
            try:
                e = cascade.explain(id_, as_of=as_of, policy=policy)
            except okr.UnknownIdError:
                continue  # a duplicated id (E001) that names the cycle
            if e.kind + "s" != section:
                continue  # a duplicated id that names another kind first
            assert e.figures == fig, f"explain {id_}: {e.figures} != {fig}"
    for id_, want_e in expect.get("explain", {}).items():
        e = cascade.explain(id_, as_of=as_of, policy=policy)
        got_e = e.to_dict()
        for key, w in want_e.items():
            if key == "text_contains":
                for needle in w:
                    assert needle in e.text, f"explain {id_}: {e.text!r} lacks {needle!r}"
            else:
                assert subset(got_e.get(key), w), f"explain {id_}.{key}: got {got_e.get(key)}, want {w}"
    if "dependencies" in expect:
        dep = expect["dependencies"]
        got_d = cascade.dependencies(policy=policy).to_dict()
        if "edges" in dep:
            assert got_d["edges"] == dep["edges"], f"dependencies: {got_d['edges']}"
        if "shared" in dep:
            assert got_d["shared"] == dep["shared"], f"dependencies: {got_d['shared']}"
        for id_, want_u in dep.get("units", {}).items():
            got_u = {k: got_d["units"][id_][k] for k in want_u}
            assert got_u == want_u, f"dependencies: unit {id_}: {got_u}"
    if "trend" in expect:
        t = expect["trend"]
        got_t = cascade.trend(every=t.get("every", 7), as_of=as_of, policy=policy).to_dict()
        for kind in ("key_results", "objectives", "themes", "units"):
            for id_, want_s in t.get(kind, {}).items():
                got_s = got_t[kind].get(id_)
                assert got_s is not None and len(got_s) == len(want_s), (
                    f"trend {kind}.{id_}: got {got_s}, want {want_s}"
                )
                for g, w in zip(got_s, want_s):
                    assert (
                        g["date"] == w["date"]
                        and g["status"] == w["status"]
                        and close(g["progress"], w["progress"])
                    ), f"trend {kind}.{id_}: got {got_s}, want {want_s}"
    if "alerts" in expect:
        got_a = cascade.alerts(as_of=as_of, policy=policy)
        want_a = expect["alerts"]["list"]
        shown_a = [f"{x.code} {x.subject} {list(x.related)}" for x in got_a]
        assert len(got_a) == len(want_a), f"alerts: got {shown_a}, want {want_a}"
        for g, w in zip(got_a, want_a):
            related_ok = "related" not in w or list(w["related"]) == list(g.related)
            assert w["code"] == g.code and w["subject"] == g.subject and related_ok, (
                f"alerts: got {shown_a}, want {want_a}"
            )
            assert g.severity == "alert"
    if "diff" in expect:
        newer = okr.load(fx["expect"]["diff"]["new_document"])
        got_diff = okr.diff(cascade, newer, policy=policy).to_dict()
        want_diff = expect["diff"]["result"]
        assert subset(got_diff, want_diff), f"diff: got {got_diff}, want {want_diff}"
    if "scorecard" in expect:
        got_card = cascade.scorecard(policy=policy).to_dict()
        assert subset(got_card, expect["scorecard"]), f"scorecard: got {got_card}"
    if "document" in expect:
        got_doc = cascade.to_dict()
        assert subset(got_doc, expect["document"]), f"document: got {got_doc}"
    if "csv" in expect:
        assert cascade.to_csv() == expect["csv"]
    if "check_in_csv" in expect:
        c = expect["check_in_csv"]
        live = cascade.live(policy=policy)
        before = len(cascade.to_dict().get("check_ins", []))
        if "error" in c:
            with pytest.raises(okr.OkrError) as info:
                live.check_in_csv(c["text"])
            want_err = c["error"]
            if "code" in want_err:
                assert info.value.code == want_err["code"]
            if "message_contains" in want_err:
                assert want_err["message_contains"] in str(info.value)
        else:
            got_delta = live.check_in_csv(c["text"]).to_dict()
            assert subset(got_delta, c.get("delta", {})), f"check_in_csv: got {got_delta}"
        if "check_ins" in c:
            after = len(live.cascade.to_dict().get("check_ins", []))
            assert after - before == c["check_ins"]
    if "carry" in expect:
        c = expect["carry"]
        draft = cascade.carry(c["cycle"], c["start"], c["end"])
        got_draft = draft.to_dict()
        assert subset(got_draft, c["document"]), f"carry: got {got_draft}"
        if report.summary.errors == 0:
            assert draft.validate(policy).summary.errors == 0, "carry: the draft has errors"
    for id_, want_l in expect.get("lineage", {}).items():
        got_l = cascade.lineage(id_)
        if "traces" in want_l:
            assert got_l.traces == want_l["traces"], f"lineage {id_}"
        if "paths" in want_l:
            assert [list(p) for p in got_l.paths] == want_l["paths"], f"lineage {id_}"
        for needle in want_l.get("answer_contains", []):
            assert needle in got_l.answer, f"lineage {id_}: {got_l.answer!r} lacks {needle!r}"
    if "view" in expect:
        v = expect["view"]
        view = cascade.view_for(v["unit"])
        doc = view.to_dict()

        def redacted(id_: str) -> bool:
            return any(
                x.get("id") == id_ and x.get("redacted") is True
                for arr in ("objectives", "key_results")
                for x in doc.get(arr, [])
            )

        for id_ in v.get("redacted", []):
            assert redacted(id_), f"view: {id_} is not redacted"
        for id_ in v.get("visible", []):
            assert not redacted(id_), f"view: {id_} is redacted"
        if "check_ins" in v:
            assert len(doc.get("check_ins", [])) == v["check_ins"]
        if "rollup_partial" in v:
            vc = okr.load(view.to_json())
            got_r = vc.rollup(as_of=as_of, policy=policy).to_dict()
            for id_ in v["rollup_partial"]:
                partial = any(
                    got_r[k].get(id_, {}).get("partial") is True
                    for k in ("key_results", "objectives", "themes", "units")
                )
                assert partial, f"view rollup: {id_} is not partial"


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(FIXTURES)) for p in FILES])
def test_fixture(path: Path) -> None:
    run(path)


def test_there_are_fixtures() -> None:
    assert FIXTURES.is_dir()

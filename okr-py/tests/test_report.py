"""The review page (`Cascade.report_html`) and the notebook display
(`Cascade._repr_html_`)."""

import subprocess
from pathlib import Path

import pytest

import okr_cascade as okr

ROOT = Path(__file__).resolve().parents[2]
ACME = ROOT / "examples" / "acme.json"
CLI = ROOT / "target" / "debug" / "okr"


@pytest.fixture
def acme() -> okr.Cascade:
    return okr.Cascade(ACME)


def cli(*args: str) -> str:
    if not CLI.exists():
        pytest.skip("the okr binary is not built")
    out = subprocess.run([str(CLI), "report", str(ACME), *args], capture_output=True, check=True)
    return out.stdout.decode()


def test_report_html_is_the_cli_page(acme: okr.Cascade) -> None:
    assert acme.report_html() == cli()
    assert acme.report_html(as_of="2026-08-01") == cli("--as-of", "2026-08-01")
    assert acme.report_html(for_unit="support") == cli("--for", "support")
    weakest = okr.Policy(objective_status="weakest")
    assert acme.report_html(policy=weakest) != ""


def test_report_html_content(acme: okr.Cascade) -> None:
    page = acme.report_html()
    assert page.startswith("<!DOCTYPE html>")
    assert "<svg" in page and "http://" not in page and "https://" not in page
    r = acme.rollup()
    o1 = r.objectives["O1"]
    assert o1.progress is not None
    assert f">{o1.progress * 100:.0f}%</span>" in page
    secret = "Grow qualified mid-market pipeline"
    assert secret in page
    assert secret not in acme.report_html(for_unit="support")
    with pytest.raises(okr.UnknownIdError):
        acme.report_html(for_unit="nosuch")


def test_repr_html_summarises_the_cascade(acme: okr.Cascade) -> None:
    html = acme._repr_html_()
    d = acme.to_dict()
    assert "2026-Q3" in html
    assert f"<th>key results</th><td>{len(d['key_results'])}</td>" in html
    r = acme.rollup()
    title = next(o["title"] for o in d["objectives"] if o["id"] == "O1")
    assert title in html
    o1 = r.objectives["O1"]
    assert o1.progress is not None and o1.status is not None
    assert f"<td>{o1.progress * 100:.0f}%</td><td>{o1.status}</td>" in html
    assert "<script" not in html


# ---- notebook display of every result (HTML from okr-report) -------------


def pct(p: float | None) -> str:
    return "-" if p is None else f"{p * 100:.0f}%"


def test_rollup_repr_html(acme: okr.Cascade) -> None:
    r = acme.rollup()
    html = r._repr_html_()
    assert "<script" not in html
    assert f"as of {r.as_of}" in html
    # Company priorities first, with their figures as the rollup says.
    o1 = r.objectives["O1"]
    assert o1.status is not None
    assert f'<tr data-id="O1"><td>O1</td>' in html
    assert f">{pct(o1.progress)}</td><td>{o1.status}</td>" in html
    kr1 = r.key_results["KR1"]
    assert f'data-id="KR1"' in html and pct(kr1.progress) in html
    # Bounded: at most 20 rows per table, and the rest counted.
    n_krs = len(r.key_results)
    assert n_krs > 20
    assert f"and {n_krs - 20} more key results." in html
    kr_table = html.split('class="okr key-results"')[1].split("</table>")[0]
    assert kr_table.count("<tr data-id=") == 20


def test_update_repr_html_shows_what_it_recomputed(acme: okr.Cascade) -> None:
    live = acme.live()
    delta = live.set_current("KR1", 0.5)
    html = delta._repr_html_()
    assert "Recomputed:" in html
    assert 'data-id="KR1"' in html
    assert pct(delta.key_results["KR1"].progress) in html


def test_report_repr_html(acme: okr.Cascade) -> None:
    rep = acme.validate()
    html = rep._repr_html_()
    s = rep.summary
    assert f"{s.errors} errors, {s.warnings} warnings, {s.infos} infos." in html
    for d in rep.diagnostics:
        assert f'<tr data-code="{d.code}"><td>{d.code}</td>' in html
        assert d.subject in html
    broken = okr.Cascade(ROOT / "examples" / "broken.json").validate()
    html = broken._repr_html_()
    shown = min(len(broken), 20)
    assert html.count("<tr data-code=") == shown
    if len(broken) > 20:
        assert f"and {len(broken) - 20} more diagnostics." in html


def test_lineage_repr_html(acme: okr.Cascade) -> None:
    lin = acme.lineage("support")
    html = lin._repr_html_()
    assert 'data-traces="true"' in html
    assert "<strong>support</strong>" in html
    for p in lin.paths:
        assert " → ".join(p) in html
    assert "O3" in html


def test_trend_repr_html(acme: okr.Cascade) -> None:
    t = acme.trend()
    html = t._repr_html_()
    assert f'data-dates="{len(t.dates)}"' in html
    assert f"{len(t.dates)} dates from {t.dates[0]} to {t.dates[-1]}" in html
    o1 = t.objectives["O1"]
    last = o1[-1]["progress"]
    row = html.split('<tr data-id="O1">')[1].split("</tr>")[0]
    assert "<svg" in row and "<polyline" in row
    assert row.endswith(f">{pct(last)}</td>")
    assert f'data-points="{len(t.dates)}"' in row


def test_explanation_repr_html(acme: okr.Cascade) -> None:
    e = acme.explain("O1")
    html = e._repr_html_()
    assert 'data-subject="O1"' in html
    assert e.rule["formula"] in html
    for i in e.inputs:
        assert f'<tr data-id="{i["id"]}">' in html
    assert pct(e.figures["progress"]) in html
    kr = acme.explain("KR1")
    assert "KR1" in kr._repr_html_()


def test_dependencies_repr_html(acme: okr.Cascade) -> None:
    d = acme.dependencies()
    html = d._repr_html_()
    assert f"{len(d.units)} units, {len(d.edges)} edges" in html
    for e in d.edges[:20]:
        assert f"<tr><td>{e['from']}</td><td>{e['to']}</td><td>{e['kind']}</td>" in html
    if len(d.edges) > 20:
        assert f"and {len(d.edges) - 20} more edges." in html


def test_repr_html_is_bounded_on_big_documents() -> None:
    big = okr.Cascade(okr.synth(400))
    r = big.rollup()
    html = r._repr_html_()
    n = len(r.key_results)
    assert f"and {n - 20} more key results." in html
    assert f"and {len(r.units) - 20} more units." in html
    assert len(html) < 40_000
    t = big.trend()._repr_html_()
    assert t.count("<svg") <= 40 and len(t) < 60_000
    rep = big.validate()
    assert rep._repr_html_().count("<tr data-code=") == min(len(rep), 20)
    d = big.dependencies()
    assert d._repr_html_().count("<tr><td>") <= 40

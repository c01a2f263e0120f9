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

"""A small typed use of the package, checked by mypy --strict in test.sh."""

from __future__ import annotations

import datetime
from typing import List, Optional

import okr_cascade as okr


def at_risk(path: str, as_of: Optional[datetime.date] = None) -> List[str]:
    cascade: okr.Cascade = okr.load(path)
    report: okr.Report = cascade.validate(okr.Policy(disabled=["I202"]))
    errors: List[okr.Diagnostic] = [d for d in report if d.severity == "error"]
    if errors:
        raise SystemExit(errors[0].message)
    rollup = cascade.rollup(as_of=as_of)
    figures: okr.KeyResultFigures = rollup.key_results["KR1"]
    progress: Optional[float] = figures.progress
    del progress
    lineage: okr.Lineage = cascade.lineage("O1")
    paths: tuple[tuple[str, ...], ...] = lineage.paths
    del paths
    page: str = cascade.report_html(as_of="2026-08-12", for_unit="support")
    summary: str = cascade._repr_html_()
    del page, summary
    live = cascade.live()
    changed: okr.Rollup = live.record_check_in("KR1", datetime.date(2026, 8, 1), 14.0)
    del changed
    sheet: str = cascade.to_csv(lossy=True)
    again: okr.Cascade = okr.from_csv(sheet)
    week: okr.Rollup = live.check_in_csv("key_result,date,value\nKR1,2026-08-02,15\n")
    history: str = again.check_ins_to_csv()
    del week, history
    try:
        cascade.lineage("nope")
    except okr.UnknownIdError as e:
        print(e.id)
    except okr.UnreadableDocumentError as e:
        line: Optional[int] = e.line
        del line
    return [kr.id for kr in rollup.key_results.values() if kr.status == "at_risk"]

"""validate_many / rollup_many: many documents at once, in input order."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import List

import pytest

import okr_cascade as okr
from conftest import EXAMPLES


@pytest.fixture(scope="module")
def texts() -> List[str]:
    return [okr.synth(30 + seed % 5, seed) for seed in range(40)]


def test_validate_many_equals_the_serial_results(texts: List[str]) -> None:
    serial = [okr.load(t).validate() for t in texts]
    for threads in (None, 1, 2, 3):
        assert okr.validate_many(texts, threads) == serial


def test_rollup_many_equals_the_serial_results(texts: List[str]) -> None:
    serial = [okr.load(t).rollup(as_of="2026-08-01") for t in texts]
    got = okr.rollup_many(texts, threads=2, as_of="2026-08-01")
    assert got == serial
    assert [r.to_dict() for r in got] == [r.to_dict() for r in serial]  # type: ignore[union-attr]


def test_a_policy_applies_to_every_document(texts: List[str]) -> None:
    policy = okr.Policy(disabled=["W104", "W110"], max_unit_objectives=2)
    assert okr.validate_many(texts[:5], policy=policy) == [
        okr.load(t).validate(policy) for t in texts[:5]
    ]


def test_a_bad_document_is_an_error_in_its_slot(tmp_path: Path, texts: List[str]) -> None:
    missing = tmp_path / "missing.json"
    docs = [texts[0], "{not json", str(missing), texts[1], 42, texts[2]]
    got = okr.validate_many(docs, threads=2)  # type: ignore[list-item]
    assert len(got) == 6
    assert isinstance(got[0], okr.Report) and got[0] == okr.load(texts[0]).validate()
    assert isinstance(got[1], okr.UnreadableDocumentError)
    assert got[1].kind == "syntax" and got[1].line == 1
    assert isinstance(got[2], FileNotFoundError) and got[2].filename == str(missing)
    assert isinstance(got[3], okr.Report)
    assert isinstance(got[4], okr.InvalidInputError) and "document 4 is a int" in str(got[4])
    assert isinstance(got[5], okr.Report)
    rolled = okr.rollup_many(["{not json", texts[0]])
    assert isinstance(rolled[0], okr.UnreadableDocumentError)
    assert rolled[1] == okr.load(texts[0]).rollup()


def test_documents_of_every_kind(tmp_path: Path, texts: List[str]) -> None:
    path = tmp_path / "doc.json"
    path.write_text(texts[3])
    loaded = okr.load(texts[4])
    docs = [
        texts[3],
        path,
        str(path),
        loaded,
        okr.load(texts[4]).to_dict(),
        EXAMPLES / "acme.yaml",
        (EXAMPLES / "acme.yaml").read_text(),
    ]
    got = okr.validate_many(docs[:-1]) + okr.validate_many(docs[-1:], format="yaml")
    want = okr.load(texts[3]).validate()
    assert got[0] == got[1] == got[2] == want
    assert got[3] == got[4] == loaded.validate()
    assert got[5] == got[6] == okr.load(EXAMPLES / "acme.yaml").validate()


def test_threads_must_be_positive(texts: List[str]) -> None:
    with pytest.raises(okr.InvalidInputError, match="at least 1"):
        okr.validate_many(texts, threads=0)
    with pytest.raises(okr.InvalidInputError, match="format"):
        okr.rollup_many(texts, format="toml")  # type: ignore[arg-type]
    assert okr.validate_many([]) == []
    # Any iterable, consumed once.
    assert len(okr.validate_many(t for t in texts[:3])) == 3


def test_validate_many_releases_the_gil() -> None:
    docs = [okr.synth(400, seed) for seed in range(6)]
    ticks = 0
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(okr.validate_many, docs, 1)
        while not future.done():
            ticks += 1
            time.sleep(0.001)
        reports = future.result()
    assert ticks > 5
    assert all(isinstance(r, okr.Report) for r in reports)


def test_two_hundred_documents_equal_the_serial_results() -> None:
    docs = [okr.synth(6, seed) for seed in range(200)]
    serial = [okr.load(d).validate() for d in docs]
    assert okr.validate_many(docs) == serial
    assert okr.validate_many(docs, threads=2) == serial
    assert okr.rollup_many(docs) == [okr.load(d).rollup() for d in docs]

"""docs/python.md's quickstart runs as written."""

from __future__ import annotations

import os
import typing
from pathlib import Path

import pytest

from conftest import DOCS, ROOT
from doc_blocks import python_blocks


def test_quickstart_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = python_blocks((DOCS / "python.md").read_text(encoding="utf-8"))
    assert blocks, "docs/python.md has no ```python blocks"
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": "quickstart"}
    for block in blocks:
        exec(compile(block, str(DOCS / "python.md"), "exec"), namespace)


def test_package_docstrings() -> None:
    import okr_cascade as okr

    for name in okr.__all__:
        if name.startswith("__"):
            continue
        obj = getattr(okr, name)
        if typing.get_origin(obj) is typing.Literal:
            continue  # a literal type (okr_cascade.codes documents it)
        assert (obj.__doc__ or "").strip(), f"{name} has no docstring"

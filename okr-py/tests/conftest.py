"""Shared paths for the tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
EXAMPLES = ROOT / "examples"
DOCS = ROOT / "docs"

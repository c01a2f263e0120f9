"""Prints the ```python blocks of a Markdown file as one script.

Used by the docs test (which runs them) and by test.sh (which type-checks
them with mypy --strict). Usage: python doc_blocks.py docs/python.md
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List


def python_blocks(markdown: str) -> List[str]:
    """The bodies of the fenced ```python blocks, in order."""
    blocks: List[str] = []
    current: List[str] = []
    inside = False
    for line in markdown.splitlines():
        stripped = line.strip()
        if not inside and stripped == "```python":
            inside, current = True, []
        elif inside and stripped == "```":
            inside = False
            blocks.append("\n".join(current) + "\n")
        elif inside:
            current.append(line)
    return blocks


if __name__ == "__main__":
    print("\n".join(python_blocks(Path(sys.argv[1]).read_text(encoding="utf-8"))))

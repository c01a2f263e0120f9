"""The exceptions okr_cascade raises, defined once (the native module raises
these very classes).

Every error is an :class:`OkrError`; each carries ``code``, the core's stable
machine-readable code (``unreadable``, ``unknown-id``, ``invalid-policy``,
``invalid-input``, or ``internal`` for a bug: a panic caught at the
boundary, or a result that cannot be written).
"""

from __future__ import annotations

from typing import Optional

__all__ = [
    "OkrError",
    "UnreadableDocumentError",
    "PolicyError",
    "UnknownIdError",
    "InvalidInputError",
]


class OkrError(Exception):
    """Base class of every error okr_cascade raises."""

    code: str = "okr-error"

    def __init__(self, message: str, *, code: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


class UnreadableDocumentError(OkrError):
    """The document cannot be read: bad JSON or YAML, a wrong type, an
    unknown field, an unsupported version, or over a size limit.

    ``kind`` is ``"syntax"``, ``"schema"`` or ``"limit"``; ``line`` and
    ``column`` are 1-based (None when unknown); ``path`` names the offending
    value, such as ``"units[0].nmae"``.
    """

    code = "unreadable"

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        line: Optional[int] = None,
        column: Optional[int] = None,
        path: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.line = line
        self.column = column
        self.path = path


class PolicyError(OkrError):
    """A policy that cannot be used: an unknown rule code or field, a
    threshold out of range, a value of the wrong type."""

    code = "invalid-policy"


class UnknownIdError(OkrError, KeyError):
    """An id that names nothing in the document (or an item of the wrong
    kind). ``id`` is the id asked for. Also a ``KeyError``."""

    code = "unknown-id"

    def __init__(self, message: str, *, id: str = "") -> None:
        super().__init__(message)
        self.id = id

    def __str__(self) -> str:  # KeyError would quote the message
        return self.message


class InvalidInputError(OkrError, ValueError):
    """An argument that cannot be used: a bad date, a non-finite value, a
    key result without a numeric metric. Also a ``ValueError``."""

    code = "invalid-input"

"""okr_cascade: the selective cascade, from Python.

Load an OKR document, validate it, roll up progress, trace every item to the
company priorities it moves, and make restricted-safe views, with the Rust
core doing the work::

    import okr_cascade as okr

    cascade = okr.load("examples/acme.json")      # or JSON text, or a dict
    report = cascade.validate()                    # diagnostics
    figures = cascade.rollup(as_of="2026-08-12")   # progress and status
    figures.key_results.to_pandas()                # one row per key result

Results are frozen and comparable, and have ``to_dict()``, ``to_pandas()``
and ``to_polars()`` (pandas and polars are optional extras). Every error is
an :class:`OkrError`.
"""

from __future__ import annotations

import collections.abc
import os
from typing import Any, Mapping, Optional, Union

from ._okr_cascade import (
    ERROR_CODES,
    RULE_CODES,
    Cascade,
    Dependencies,
    Diagnostic,
    Diff,
    Explanation,
    FigureMap,
    KeyResultFigures,
    Lineage,
    LiveRollup,
    MandateFigures,
    MeanFigures,
    ObjectiveFigures,
    Policy,
    Report,
    Rollup,
    Scorecard,
    Summary,
    Trend,
    TrendSeriesMap,
    __version__,
    _diff,
    rollup_many,
    from_csv,
    synth,
    validate_many,
)
from .codes import Code, ErrorCode
from .exceptions import (
    InvalidInputError,
    OkrError,
    PolicyError,
    UnknownIdError,
    UnreadableDocumentError,
)

__all__ = [
    "ERROR_CODES",
    "RULE_CODES",
    "Cascade",
    "Code",
    "Dependencies",
    "Diagnostic",
    "Diff",
    "ErrorCode",
    "Explanation",
    "FigureMap",
    "InvalidInputError",
    "KeyResultFigures",
    "Lineage",
    "LiveRollup",
    "MandateFigures",
    "MeanFigures",
    "ObjectiveFigures",
    "OkrError",
    "Policy",
    "PolicyError",
    "Report",
    "Rollup",
    "Scorecard",
    "Summary",
    "Trend",
    "TrendSeriesMap",
    "UnknownIdError",
    "UnreadableDocumentError",
    "__version__",
    "diff",
    "from_csv",
    "load",
    "rollup_many",
    "synth",
    "validate_many",
]

# FigureMap implements the whole Mapping protocol natively.
collections.abc.Mapping.register(FigureMap)
collections.abc.Mapping.register(TrendSeriesMap)

Source = Union[str, "os.PathLike[str]", Mapping[str, Any]]


def load(
    source: Source, *, format: Optional[str] = None, policy: Optional[Policy] = None
) -> Cascade:
    """Load an OKR document.

    ``source`` is JSON text, a dict of the same shape, or a path (``str`` or
    ``os.PathLike``) to a ``.json``, ``.yaml`` or ``.yml`` file. ``format``
    (``"json"`` or ``"yaml"``) forces how text or a file is read; ``policy``
    supplies the input limits. Raises :class:`UnreadableDocumentError` (with
    ``line``, ``column``, ``path``) when the document cannot be read.
    """
    return Cascade(source, format=format, policy=policy)


def diff(
    old: Union[Cascade, Source],
    new: Union[Cascade, Source],
    *,
    policy: Optional[Policy] = None,
) -> Diff:
    """What changed from ``old`` to ``new`` (two snapshots: ``Cascade``
    objects, or anything :func:`load` accepts): items added, removed and
    changed (field by dotted path), figures whose progress or status moved
    (each under its own ``as_of``), diagnostics new and resolved under
    ``policy``, lineage lost and gained. ``to_pandas()`` gives one
    DataFrame per list.
    """
    a = old if isinstance(old, Cascade) else load(old, policy=policy)
    b = new if isinstance(new, Cascade) else load(new, policy=policy)
    return _diff(a, b, policy)

"""Type stubs of the native module ``okr_cascade._okr_cascade``."""

import datetime
import os
from typing import (
    Any,
    Dict,
    Generic,
    Iterable,
    Iterator,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    TypedDict,
    TypeVar,
    Union,
    overload,
)

from .codes import Code, ErrorCode
from .exceptions import OkrError

EdgeKind = Literal["declared", "works-for", "shares-work", "co-owns"]
"""Why one unit needs another."""

__version__: str

RULE_CODES: Tuple[Code, ...]
"""Every rule code, in order (``"E001"`` ... ``"I202"``)."""
ERROR_CODES: Tuple[ErrorCode, ...]
"""Every ``code`` of an error the core raises."""

DateLike = Union[str, datetime.date]
Source = Union[str, "os.PathLike[str]", Mapping[str, Any]]

class Policy:
    """A validation policy: every threshold as a keyword argument (absent
    ones keep the spec's defaults). Raises ``PolicyError`` for a bad value."""

    def __init__(
        self,
        *,
        disabled: Sequence[Code] = ...,
        max_company_objectives: int = ...,
        max_unit_objectives: int = ...,
        max_objective_key_results: int = ...,
        activity_verbs: Sequence[str] = ...,
        copy_paste_similarity: float = ...,
        max_direct_depth: int = ...,
        max_unit_key_results: int = ...,
        max_progress_divergence: float = ...,
        max_draft_weekdays: int = ...,
        stale_check_in_days: int = ...,
        settle_days: int = ...,
        min_work_items: int = ...,
        work_done: float = ...,
        outcome_floor: float = ...,
        on_track_margin: float = ...,
        at_risk_margin: float = ...,
        share_tolerance: float = ...,
        objective_status: Literal["pace", "weakest"] = ...,
        output_verbs: Sequence[str] = ...,
        duplicate_similarity: float = ...,
        restate_similarity: float = ...,
        restate_min_shared_tokens: int = ...,
        measure_words: Sequence[str] = ...,
        placeholder_words: Sequence[str] = ...,
        max_key_result_links: int = ...,
        max_co_owners: int = ...,
        rationale_phrases: Sequence[str] = ...,
        forecast_alert: float = ...,
        acceleration: float = ...,
        confidence_floor: float = ...,
        confidence_drop: float = ...,
        slip_days: int = ...,
        max_document_bytes: int = ...,
        max_items: int = ...,
        max_id_bytes: int = ...,
        max_lineage_paths: int = ...,
    ) -> None: ...
    disabled: List[Code]
    max_company_objectives: int
    max_unit_objectives: int
    max_objective_key_results: int
    activity_verbs: List[str]
    copy_paste_similarity: float
    max_direct_depth: int
    max_unit_key_results: int
    max_progress_divergence: float
    max_draft_weekdays: int
    stale_check_in_days: int
    settle_days: int
    min_work_items: int
    work_done: float
    outcome_floor: float
    on_track_margin: float
    at_risk_margin: float
    share_tolerance: float
    objective_status: Literal["pace", "weakest"]
    output_verbs: List[str]
    duplicate_similarity: float
    restate_similarity: float
    restate_min_shared_tokens: int
    measure_words: List[str]
    placeholder_words: List[str]
    max_key_result_links: int
    max_co_owners: int
    rationale_phrases: List[str]
    forecast_alert: float
    acceleration: float
    confidence_floor: float
    confidence_drop: float
    slip_days: int
    max_document_bytes: int
    max_items: int
    max_id_bytes: int
    max_lineage_paths: int
    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> "Policy":
        """A policy from a dict in the policy file's shape (limits nested)."""
    @staticmethod
    def from_json(text: str) -> "Policy":
        """A policy from JSON text in the policy file's shape."""
    def to_dict(self) -> Dict[str, Any]:
        """The policy file's shape: limits nested under ``"limits"``."""
    def __eq__(self, other: object) -> bool: ...

class Diagnostic:
    """One finding of validation."""

    @property
    def code(self) -> Code:
        """Stable code, such as ``"W104"``."""
    @property
    def rule(self) -> str:
        """Rule name, such as ``"copy-paste-cascade"``."""
    @property
    def severity(self) -> str:
        """``"error"``, ``"warning"``, ``"info"`` or (an alert) ``"alert"``."""
    @property
    def subject(self) -> str:
        """Id of the item that owns the problem (``""`` for the document)."""
    @property
    def related(self) -> Tuple[str, ...]:
        """Other ids involved, sorted."""
    @property
    def message(self) -> str:
        """What is wrong."""
    @property
    def hint(self) -> str:
        """What to do about it."""
    def to_dict(self) -> Dict[str, Any]:
        """The JSON shape of ``okr check --format json``."""
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class Summary:
    """Counts of diagnostics per severity."""

    @property
    def errors(self) -> int: ...
    @property
    def warnings(self) -> int: ...
    @property
    def infos(self) -> int: ...
    def to_dict(self) -> Dict[str, int]:
        """``{"errors": n, "warnings": n, "infos": n}``."""
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class Report:
    """The result of ``Cascade.validate``: diagnostics in output order."""

    @property
    def diagnostics(self) -> Tuple[Diagnostic, ...]:
        """The diagnostics, ordered by severity, code, subject."""
    @property
    def summary(self) -> Summary:
        """Counts per severity."""
    @property
    def has_errors(self) -> bool:
        """True when any diagnostic is an error."""
    def only(self, *codes: Code) -> Tuple[Diagnostic, ...]:
        """The diagnostics whose code is one of ``codes`` (a text that is not
        a rule code raises ``InvalidInputError``)."""
    def to_dict(self) -> Dict[str, Any]:
        """``{"diagnostics": [...], "summary": {...}}``."""
    def to_pandas(self) -> Any:
        """A pandas DataFrame, one row per diagnostic."""
    def to_polars(self) -> Any:
        """A polars DataFrame, one row per diagnostic."""
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Diagnostic]: ...
    def __eq__(self, other: object) -> bool: ...
    def _repr_html_(self) -> str:
        """Notebook display: the counts and the diagnostics (at most 20 rows, then "and K more")."""

class Lineage:
    """Which company priorities an item moves, and how."""

    @property
    def subject(self) -> str: ...
    @property
    def traces(self) -> bool:
        """Whether some path reaches a company priority."""
    @property
    def paths(self) -> Tuple[Tuple[str, ...], ...]:
        """Paths of ids to a company priority, by length then ids."""
    @property
    def answer(self) -> str:
        """One plain sentence naming the priority moved, and how."""
    @property
    def truncated(self) -> bool:
        """True when more paths exist than ``max_lineage_paths``."""
    def to_dict(self) -> Dict[str, Any]: ...
    def to_pandas(self) -> Any:
        """A pandas DataFrame, one row per path."""
    def to_polars(self) -> Any:
        """A polars DataFrame, one row per path."""
    def __eq__(self, other: object) -> bool: ...
    def _repr_html_(self) -> str:
        """Notebook display: the answer and the paths (bounded)."""

class Explanation:
    """Where the figures of one item come from (frozen)."""

    @property
    def subject(self) -> str: ...
    @property
    def kind(self) -> Literal["key_result", "objective", "theme", "unit", "mandate"]: ...
    @property
    def figures(self) -> Dict[str, Any]:
        """The rollup's figures for the item."""
    @property
    def rule(self) -> Dict[str, Any]:
        """``{"kind", "formula"}``: the rule and its numbers."""
    @property
    def inputs(self) -> List[Dict[str, Any]]:
        """The inputs one level deep: ``{"id", "role", ...}``."""
    @property
    def status_rule(self) -> Optional[Dict[str, Any]]:
        """How the status was set (elapsed, margins), or None."""
    @property
    def forecast_rule(self) -> Optional[Dict[str, Any]]:
        """The forecast's points, slope and value at the horizon, or None."""
    @property
    def score(self) -> Optional[Dict[str, Any]]:
        """A key result's closing score ``{"value", "set_by": "judgement"}``, or None."""
    @property
    def text(self) -> str:
        """One plain sentence."""
    def to_dict(self) -> Dict[str, Any]:
        """The JSON shape of ``okr explain --format json``."""
    def _repr_html_(self) -> str:
        """Notebook display: the sentence, the figures, the rules and the inputs (bounded)."""
DependencyEdge = TypedDict(
    "DependencyEdge",
    {"from": str, "to": str, "kind": EdgeKind, "via": List[str]},
)
"""One edge of the unit graph: ``from`` needs ``to``, because of ``via``."""

class UnitDependencies(TypedDict):
    """One unit's neighbours in the dependency graph."""

    needs: List[str]
    needed_by: List[str]
    shares: List[str]

class SharedKeyResult(TypedDict):
    """A KR with more co-owning units than ``max_co_owners``."""

    key_result: str
    units: List[str]

class Dependencies:
    """Who needs whom: the dependency graph between units."""

    @property
    def edges(self) -> List[DependencyEdge]:
        """One edge per (from, to, kind), sorted."""
    @property
    def units(self) -> Dict[str, UnitDependencies]:
        """Every unit by id."""
    @property
    def shared(self) -> List[SharedKeyResult]:
        """KRs co-owned by more units than the policy's ``max_co_owners``,
        listed once instead of as co-owns edges between every pair."""
    def touching(self, unit: str) -> "Dependencies":
        """The part of the graph touching ``unit`` (like ``okr deps --unit``)."""
    def to_dict(self) -> Dict[str, Any]:
        """``{"edges": [...], "units": {...}, "shared": [...]}``."""
    def to_pandas(self) -> Any:
        """A pandas DataFrame, one row per edge."""
    def to_polars(self) -> Any:
        """A polars DataFrame, one row per edge."""
    def to_networkx(self) -> Any:
        """A networkx ``MultiDiGraph`` (needs networkx)."""
    def __len__(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...
    def _repr_html_(self) -> str:
        """Notebook display: the edges and the shared key results (bounded)."""

class KeyResultFigures:
    """Figures of one key result."""

    @property
    def id(self) -> str: ...
    @property
    def progress(self) -> Optional[float]:
        """Progress clamped to [0, 1]; None for a hidden key result."""
    @property
    def raw(self) -> Optional[float]:
        """Progress before clamping."""
    @property
    def status(self) -> Optional[str]:
        """``done``, ``on_track``, ``at_risk``, ``off_track``, or ``dropped`` (even without as_of); None without as_of."""
    @property
    def forecast(self) -> Optional[float]:
        """Forecast progress at the KR's horizon (its due, else the cycle's end), or None."""
    @property
    def forecast_low(self) -> Optional[float]:
        """Lower end of the 80% forecast band (three or more check-in dates), or None."""
    @property
    def forecast_high(self) -> Optional[float]:
        """Upper end of the 80% forecast band, or None."""
    @property
    def work(self) -> Optional[float]:
        """Share of the sprint goals and initiatives naming it that are done; None when none do."""
    @property
    def partial(self) -> bool:
        """True when a member of its mean was hidden (views only)."""
    def to_dict(self) -> Dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...

class ObjectiveFigures:
    """Figures of one objective."""

    @property
    def id(self) -> str: ...
    @property
    def progress(self) -> Optional[float]: ...
    @property
    def status(self) -> Optional[str]: ...
    @property
    def partial(self) -> bool: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...

class MeanFigures:
    """Figures of a theme or a unit: the plain mean of its objectives."""

    @property
    def id(self) -> str: ...
    @property
    def progress(self) -> Optional[float]: ...
    @property
    def partial(self) -> bool: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...

class MandateFigures:
    """Health of one mandate."""

    @property
    def id(self) -> str: ...
    @property
    def met(self) -> bool: ...
    @property
    def status(self) -> Optional[str]: ...
    def to_dict(self) -> Dict[str, Any]: ...
    def __eq__(self, other: object) -> bool: ...

_F = TypeVar("_F", KeyResultFigures, ObjectiveFigures, MeanFigures, MandateFigures)
_T = TypeVar("_T")

class FigureMap(Mapping[str, _F], Generic[_F]):
    """A read-only mapping from id to figures, in id order."""

    @property
    def kind(self) -> str: ...
    def __getitem__(self, id: str) -> _F: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[str]: ...
    def __contains__(self, id: object) -> bool: ...
    @overload
    def get(self, id: str) -> Optional[_F]: ...
    @overload
    def get(self, id: str, default: Union[_F, _T]) -> Union[_F, _T]: ...
    def keys(self) -> List[str]: ...  # type: ignore[override]
    def values(self) -> List[_F]: ...  # type: ignore[override]
    def items(self) -> List[Tuple[str, _F]]: ...  # type: ignore[override]
    def to_dict(self) -> Dict[str, Dict[str, Any]]:
        """``{id: {field: value}}``, as ``okr rollup --format json``."""
    def to_pandas(self) -> Any:
        """A pandas DataFrame, one row per item, ``id`` first."""
    def to_polars(self) -> Any:
        """A polars DataFrame, one row per item, ``id`` first."""

class Rollup:
    """Every figure of a rollup, one ``FigureMap`` per kind."""

    @property
    def as_of(self) -> Optional[str]: ...
    @property
    def elapsed(self) -> Optional[float]: ...
    @property
    def key_results(self) -> FigureMap[KeyResultFigures]: ...
    @property
    def objectives(self) -> FigureMap[ObjectiveFigures]: ...
    @property
    def themes(self) -> FigureMap[MeanFigures]: ...
    @property
    def units(self) -> FigureMap[MeanFigures]: ...
    @property
    def mandates(self) -> FigureMap[MandateFigures]: ...
    @property
    def alerts_appeared(self) -> Tuple[Diagnostic, ...]:
        """Alerts an incremental update made appear (empty for a whole rollup)."""
    @property
    def alerts_cleared(self) -> Tuple[Diagnostic, ...]:
        """Alerts an incremental update cleared, as they were."""
    @property
    def alerts_updated(self) -> Tuple[Diagnostic, ...]:
        """Alerts that stay after an update but whose numbers changed, as they are now."""
    def to_dict(self) -> Dict[str, Dict[str, Dict[str, Any]]]:
        """The JSON shape of ``okr rollup --format json``."""
    def to_pandas(self) -> Dict[str, Any]:
        """pandas DataFrames by kind, one row per item."""
    def to_polars(self) -> Dict[str, Any]:
        """polars DataFrames by kind, one row per item."""
    def __eq__(self, other: object) -> bool: ...
    def _repr_html_(self) -> str:
        """Notebook display: the company priorities, then each kind's figures (at most 20 rows each, then "and K more"); an update shows what it recomputed."""

class TrendPoint(TypedDict):
    """One point of a series."""

    date: datetime.date
    progress: Optional[float]
    status: Optional[str]

class TrendSeriesMap(Mapping[str, List[TrendPoint]]):
    """One kind's series keyed by id (ascending): ``map["KR1"]`` is a list
    of points, one per grid date."""

    @property
    def kind(self) -> str: ...
    def __getitem__(self, id: str) -> List[TrendPoint]: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[str]: ...
    def __contains__(self, id: object) -> bool: ...
    @overload
    def get(self, id: str) -> Optional[List[TrendPoint]]: ...
    @overload
    def get(
        self, id: str, default: Union[List[TrendPoint], _T]
    ) -> Union[List[TrendPoint], _T]: ...
    def keys(self) -> List[str]: ...  # type: ignore[override]
    def values(self) -> List[List[TrendPoint]]: ...  # type: ignore[override]
    def items(self) -> List[Tuple[str, List[TrendPoint]]]: ...  # type: ignore[override]

class Trend:
    """The figures of every KR, objective, theme and unit at each grid date."""

    @property
    def dates(self) -> List[datetime.date]: ...
    @property
    def key_results(self) -> TrendSeriesMap: ...
    @property
    def objectives(self) -> TrendSeriesMap: ...
    @property
    def themes(self) -> TrendSeriesMap: ...
    @property
    def units(self) -> TrendSeriesMap: ...
    def to_dict(self) -> Dict[str, Dict[str, List[Dict[str, Any]]]]:
        """The JSON shape of ``okr trend --format json`` (dates as strings)."""
    def to_pandas(self) -> Any:
        """Long format: date (datetime64), kind, id, progress, status (category)."""
    def to_polars(self) -> Any:
        """Long format: date (Date), kind, id, progress, status (Categorical)."""
    def __len__(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...
    def _repr_html_(self) -> str:
        """Notebook display: a sparkline and the first and last progress of every company priority and unit (bounded)."""

class LiveRollup:
    """A rollup kept current by incremental updates."""

    def record_check_in(
        self,
        key_result: str,
        date: DateLike,
        value: float,
        confidence: Optional[float] = None,
    ) -> Rollup:
        """Record a check-in; return the figures it changed."""
    def set_current(self, key_result: str, value: Optional[float]) -> Rollup:
        """Set a key result's current value; return the figures it changed."""
    def alerts(self) -> Tuple[Diagnostic, ...]:
        """The current alerts, as ``cascade.alerts()`` on the updated document."""
    def drop(self, id: str, date: Optional[DateLike]) -> Rollup:
        """Drop an objective or key result on ``date`` (None: undrop); return the figures it changed."""
    @property
    def rollup(self) -> Rollup:
        """The whole current rollup."""
    def explain(self, id: str) -> Explanation:
        """Where the figures of ``id`` come from, in the current rollup."""
    @property
    def cascade(self) -> "Cascade":
        """The document with every update applied."""
    def check_in_csv(self, text: str) -> Rollup:
        """Record the check-ins of a CSV text (key_result,date,value[,confidence])
        in one update; return every figure they changed."""
    def check_in_frame(self, frame: Any) -> Rollup:
        """Record the check-ins of a pandas or polars DataFrame (columns
        key_result, date, value[, confidence]) in one update; return every
        figure they changed, as ``record_check_in`` row by row would."""

class Cascade:
    """A loaded OKR document (immutable; threads may share it)."""

    def __init__(
        self,
        source: Source,
        *,
        format: Optional[str] = None,
        policy: Optional[Policy] = None,
    ) -> None: ...
    @property
    def cycle(self) -> str:
        """The cycle's id."""
    def validate(self, policy: Optional[Policy] = None) -> Report:
        """Run every rule the policy enables."""
    def rollup(
        self, as_of: Optional[DateLike] = None, policy: Optional[Policy] = None
    ) -> Rollup:
        """Compute every figure; ``as_of`` overrides the cycle's."""
    def trend(
        self,
        every: int = 7,
        as_of: Optional[DateLike] = None,
        policy: Optional[Policy] = None,
    ) -> Trend:
        """The figures at ``start``, ``start + every``, ... up to the last date
        (``as_of``, else the cycle's), and at the last date when off the grid."""
    def lineage(self, id: str, policy: Optional[Policy] = None) -> Lineage:
        """Every path from ``id`` to the company priorities it moves."""
    def explain(
        self,
        id: str,
        as_of: Optional[DateLike] = None,
        policy: Optional[Policy] = None,
    ) -> Explanation:
        """Where the figures of ``id`` (KR, objective, theme, unit or
        mandate) come from: rule, inputs, status rule, forecast, sentence."""
    def dependencies(self, policy: Optional[Policy] = None) -> Dependencies:
        """The dependency graph between units."""
    def alerts(
        self, as_of: Optional[DateLike] = None, policy: Optional[Policy] = None
    ) -> Tuple[Diagnostic, ...]:
        """The alerts at ``as_of`` (else the cycle's); empty without a date."""
    def scorecard(self, policy: Optional[Policy] = None) -> Scorecard:
        """Closing scores: each KR's ``score`` (judgement) or progress at the
        cycle's end, and each objective's weighted mean."""
    def carry(self, cycle: str, start: DateLike, end: DateLike) -> "Cascade":
        """The draft of the next cycle, as a new ``Cascade``."""
    def report_html(
        self,
        as_of: Optional[DateLike] = None,
        policy: Optional[Policy] = None,
        for_unit: Optional[str] = None,
    ) -> str:
        """The quarterly review page (self-contained HTML), as ``okr report``."""
    def _repr_html_(self) -> str:
        """Notebook display: cycle, counts and company priorities."""
    def view_for(self, unit: str) -> "Cascade":
        """The document as ``unit`` may see it."""
    def live(
        self, as_of: Optional[DateLike] = None, policy: Optional[Policy] = None
    ) -> LiveRollup:
        """A rollup that incremental updates keep current."""
    def to_json(self) -> str:
        """The document as canonical JSON text."""
    def to_dict(self) -> Dict[str, Any]:
        """The document as a dict."""
    def to_csv(self, *, lossy: bool = False) -> str:
        """The document as a sheet (CSV, one row per key result); refuses what
        a sheet cannot carry unless ``lossy`` (then warns)."""
    def check_ins_to_csv(self) -> str:
        """The document's check-ins as CSV: key_result,date,value[,confidence]."""
    def __eq__(self, other: object) -> bool: ...

DiffKind = Literal[
    "cycle",
    "unit",
    "theme",
    "objective",
    "key_result",
    "contribution",
    "mandate",
    "initiative",
    "sprint_goal",
]
"""The kinds of item a diff matches, in the order its lists are sorted."""

class DiffItem(TypedDict):
    id: str
    kind: DiffKind

class FieldChange(TypedDict):
    field: str
    old: Any
    new: Any

class ChangedItem(TypedDict):
    id: str
    kind: DiffKind
    fields: List[FieldChange]

class FigureChange(TypedDict):
    id: str
    kind: DiffKind
    progress: List[Optional[float]]
    status: List[Optional[str]]

class KeyResultScore(TypedDict):
    score: Optional[float]
    judgement: bool
    progress: Optional[float]
    status: Optional[str]

class ObjectiveScore(TypedDict):
    score: Optional[float]
    judgement: bool
    status: Optional[str]

class Scorecard:
    """Closing scores by id; judgement scores marked."""

    @property
    def key_results(self) -> Dict[str, KeyResultScore]:
        """Every KR's closing score."""
    @property
    def objectives(self) -> Dict[str, ObjectiveScore]:
        """Every objective's closing score."""
    def to_dict(self) -> Dict[str, Any]:
        """The JSON shape of ``okr close --format json``."""
    def to_pandas(self) -> Any:
        """A pandas DataFrame, one row per objective then per KR."""
    def to_polars(self) -> Any:
        """A polars DataFrame, one row per objective then per KR."""
    def __eq__(self, other: object) -> bool: ...

class Diff:
    """What changed from one snapshot to another; every list sorted by kind,
    then id. Falsy when nothing changed."""

    @property
    def added(self) -> List[DiffItem]:
        """Items only in the new snapshot."""
    @property
    def removed(self) -> List[DiffItem]:
        """Items only in the old snapshot."""
    @property
    def changed(self) -> List[ChangedItem]:
        """Items in both whose fields differ (dotted paths; absent is None)."""
    @property
    def figures(self) -> List[FigureChange]:
        """Progress that moved by more than 1e-9, or status that changed."""
    @property
    def diagnostics(self) -> Dict[str, List[Dict[str, Any]]]:
        """``{"new": [...], "resolved": [...]}``, by code and subject."""
    @property
    def lineage(self) -> Dict[str, List[DiffItem]]:
        """``{"lost": [...], "gained": [...]}``."""
    def to_dict(self) -> Dict[str, Any]:
        """The JSON shape of ``okr diff --format json``."""
    def to_pandas(self) -> Dict[str, Any]:
        """One pandas DataFrame per list: added, removed, changed (a row per
        field), figures, diagnostics, lineage."""
    def to_polars(self) -> Dict[str, Any]:
        """The same tables as polars DataFrames."""
    def __bool__(self) -> bool: ...
    def __eq__(self, other: object) -> bool: ...

def _diff(old: Cascade, new: Cascade, policy: Optional[Policy] = None) -> Diff: ...
Document = Union[Source, "Cascade"]
"""One document of a batch: what ``load`` takes, or a loaded ``Cascade``."""

def validate_many(
    docs: Iterable[Document],
    threads: Optional[int] = None,
    *,
    policy: Optional[Policy] = None,
    format: Optional[Literal["json", "yaml", "yml"]] = None,
) -> List[Union[Report, OkrError, OSError]]:
    """Validates many documents at once on a thread pool (GIL released):
    one result per document in input order, a ``Report`` or, for a document
    that cannot be read, its exception object (not raised). ``threads``:
    None uses every core, 1 runs them one after another."""

def rollup_many(
    docs: Iterable[Document],
    threads: Optional[int] = None,
    *,
    as_of: Optional[DateLike] = None,
    policy: Optional[Policy] = None,
    format: Optional[Literal["json", "yaml", "yml"]] = None,
) -> List[Union[Rollup, OkrError, OSError]]:
    """Rolls up many documents at once (see ``validate_many``): a
    ``Rollup`` or the exception object per document, in input order."""

def from_csv(text: str) -> Cascade:
    """Read a sheet (CSV text, one row per key result) into a Cascade."""

def synth(teams: int, seed: int = 1) -> str:
    """A seeded synthetic cascade as JSON text (for benchmarks and tests)."""

def _native_validate_rollup_seconds(cascade: Cascade, repeat: int = 1) -> List[float]: ...
def _internal_error_for_tests() -> None: ...

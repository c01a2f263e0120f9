//! `Cascade` (a loaded document, immutable and shareable between threads)
//! and `LiveRollup` (a rollup kept current by incremental updates).

use std::path::PathBuf;
use std::sync::Arc;

use okr_core::{Cascade, CheckIn, Date, Error, Limits, LiveRollup, Policy, RollupOptions};
use pyo3::exceptions::PyOSError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use pythonize::pythonize;

use crate::deps::PyDependencies;
use crate::diff::PyScorecard;
use crate::errors::{detached, guarded, invalid_input, output_error, to_py};
use crate::pickle;
use crate::policy::PyPolicy;
use crate::results::{PyDiagnostic, PyExplanation, PyLineage, PyReport};
use crate::rollup::PyRollup;
use crate::trend::PyTrend;
use pyo3::types::PyTuple;

/// Text formats a document can be read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Yaml,
}

impl Format {
    /// The format a file's name says: YAML for `.yaml` and `.yml`, else
    /// JSON.
    pub(crate) fn of_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml") => {
                Format::Yaml
            }
            _ => Format::Json,
        }
    }
}

/// The `format` argument: `"json"`, `"yaml"` (or `"yml"`), or `None` to
/// tell from the input.
pub(crate) fn parse_format(py: Python<'_>, format: Option<&str>) -> PyResult<Option<Format>> {
    match format {
        None => Ok(None),
        Some("json") => Ok(Some(Format::Json)),
        Some("yaml" | "yml") => Ok(Some(Format::Yaml)),
        Some(other) => Err(invalid_input(
            py,
            format!("format must be \"json\" or \"yaml\", not {other:?}"),
        )),
    }
}

/// A dict as JSON text. A dict is JSON-shaped data: it is serialised and
/// read as JSON, so limits and error paths are exactly those of text
/// input. `default=str` writes `datetime.date` values as YYYY-MM-DD.
pub(crate) fn dict_json(dict: &Bound<'_, PyAny>) -> PyResult<String> {
    let py = dict.py();
    let json = py.import("json")?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("default", py.import("builtins")?.getattr("str")?)?;
    json.call_method("dumps", (dict,), Some(&kwargs))?.extract()
}

/// Loads a document from text in `format`.
pub(crate) fn read(text: &str, format: Format, limits: &Limits) -> Result<Cascade, Error> {
    match format {
        Format::Json => Cascade::from_json_with_limits(text, limits),
        Format::Yaml => Cascade::from_yaml_with_limits(text, limits),
    }
}

/// A date argument: `"YYYY-MM-DD"` or a `datetime.date`.
pub(crate) fn date_arg(py: Python<'_>, name: &str, value: &Bound<'_, PyAny>) -> PyResult<Date> {
    let parsed = if let Ok(text) = value.cast::<PyString>() {
        Date::parse(&text.to_cow()?)
    } else {
        let part = |attr: &str| value.getattr(attr).and_then(|v| v.extract::<u32>());
        match (part("year"), part("month"), part("day")) {
            (Ok(y), Ok(m), Ok(d)) => i32::try_from(y).ok().and_then(|y| Date::from_ymd(y, m, d)),
            _ => None,
        }
    };
    parsed.ok_or_else(|| {
        let shown = value.repr().map(|r| r.to_string()).unwrap_or_default();
        invalid_input(
            py,
            format!("`{name}` must be a date or a \"YYYY-MM-DD\" string, not {shown}"),
        )
    })
}

fn options(
    py: Python<'_>,
    as_of: Option<&Bound<'_, PyAny>>,
    policy: Option<&PyPolicy>,
) -> PyResult<RollupOptions> {
    let as_of = as_of.map(|d| date_arg(py, "as_of", d)).transpose()?;
    Ok(RollupOptions::from_policy(&PyPolicy::of(policy)).with_as_of(as_of))
}

/// A loaded OKR document, ready to validate, roll up, trace and view.
///
/// `source` is a JSON string, a dict of the same shape, or a path (`str` or
/// `os.PathLike`) to a `.json` file or a `.yaml` / `.yml` file. A string
/// whose first non-blank character is `{` is JSON text; any other string is
/// a path. `format` (`"json"` or `"yaml"`) forces how text or a file is
/// read. `policy` supplies the input limits. An unreadable document raises
/// `UnreadableDocumentError` with `line`, `column` and `path`.
///
/// A `Cascade` never changes, so threads may share one; long calls release
/// the GIL.
#[pyclass(frozen, module = "okr_cascade", name = "Cascade")]
pub struct PyCascade {
    pub(crate) inner: Arc<Cascade>,
}

impl PyCascade {
    pub(crate) fn from_core(inner: Cascade) -> PyCascade {
        PyCascade {
            inner: Arc::new(inner),
        }
    }

    /// A pickled cascade: its canonical JSON.
    pub(crate) fn unpickle(py: Python<'_>, json: &str) -> PyResult<PyCascade> {
        let cascade = detached(py, || Cascade::from_json(json))?;
        Ok(PyCascade::from_core(cascade))
    }
}

impl PyLiveRollup {
    /// A pickled live model: its current document, policy and date.
    pub(crate) fn unpickle(py: Python<'_>, parts: &[String]) -> PyResult<PyLiveRollup> {
        let cascade = PyCascade::unpickle(py, pickle::part(py, parts, 0)?)?.inner;
        let policy = Policy::from_json(pickle::part(py, parts, 1)?).map_err(|e| to_py(py, &e))?;
        let as_of: Option<Date> = pickle::from_json(py, pickle::part(py, parts, 2)?)?;
        let live = detached(py, || {
            Ok(Cascade::clone(&cascade).live_with_policy(&policy, as_of))
        })?;
        Ok(PyLiveRollup { ids: cascade, live })
    }
}

#[pymethods]
impl PyCascade {
    #[new]
    #[pyo3(signature = (source, *, format = None, policy = None))]
    fn new(
        py: Python<'_>,
        source: &Bound<'_, PyAny>,
        format: Option<&str>,
        policy: Option<&PyPolicy>,
    ) -> PyResult<Self> {
        let format = parse_format(py, format)?;
        let limits = PyPolicy::of(policy).limits().clone();
        if source.is_instance_of::<PyDict>() {
            let text = dict_json(source)?;
            let cascade = detached(py, || read(&text, Format::Json, &limits))?;
            return Ok(PyCascade::from_core(cascade));
        }
        if let Ok(text) = source.cast::<PyString>() {
            let text = text.to_cow()?;
            if format.is_some() || text.trim_start().starts_with('{') {
                let format = format.unwrap_or(Format::Json);
                let text: &str = &text;
                let cascade = detached(py, || read(text, format, &limits))?;
                return Ok(PyCascade::from_core(cascade));
            }
        }
        let path: PathBuf = source.extract().map_err(|_| {
            invalid_input(
                py,
                "source must be JSON text, a dict or a path to a .json/.yaml file",
            )
        })?;
        let format = format.unwrap_or_else(|| Format::of_path(&path));
        let text = py.detach(|| std::fs::read_to_string(&path)).map_err(|e| {
            // OSError(errno, text, filename) becomes FileNotFoundError etc.
            PyOSError::new_err((
                e.raw_os_error().unwrap_or(0),
                e.to_string(),
                path.display().to_string(),
            ))
        })?;
        let cascade = detached(py, || read(&text, format, &limits))?;
        Ok(PyCascade::from_core(cascade))
    }

    /// Runs every rule the policy enables (default policy when None) and
    /// returns the diagnostics. Releases the GIL.
    #[pyo3(signature = (policy = None))]
    fn validate(&self, py: Python<'_>, policy: Option<&PyPolicy>) -> PyResult<PyReport> {
        let policy = PyPolicy::of(policy);
        let cascade = &self.inner;
        let report = detached(py, || Ok(cascade.validate(&policy)))?;
        PyReport::new(py, report)
    }

    /// Computes every figure. `as_of` (a date or `"YYYY-MM-DD"`) overrides
    /// the cycle's; the policy's pace margins apply. Releases the GIL.
    #[pyo3(signature = (as_of = None, policy = None))]
    fn rollup(
        &self,
        py: Python<'_>,
        as_of: Option<&Bound<'_, PyAny>>,
        policy: Option<&PyPolicy>,
    ) -> PyResult<PyRollup> {
        let options = options(py, as_of, policy)?;
        let cascade = &self.inner;
        let rollup = detached(py, || Ok(cascade.rollup(&options)))?;
        Ok(PyRollup::full(&self.inner, rollup))
    }

    /// The figures of every key result, objective, theme and unit at
    /// `start`, `start + every`, ... up to the last date (`as_of`, else the
    /// cycle's), and at the last date itself when it is off the grid;
    /// `metric.current` counts only at the last point. `every` is a
    /// positive number of days. Releases the GIL.
    #[pyo3(signature = (every = 7, as_of = None, policy = None))]
    fn trend(
        &self,
        py: Python<'_>,
        every: i64,
        as_of: Option<&Bound<'_, PyAny>>,
        policy: Option<&PyPolicy>,
    ) -> PyResult<PyTrend> {
        let every = u32::try_from(every)
            .ok()
            .filter(|&e| e > 0)
            .ok_or_else(|| {
                invalid_input(
                    py,
                    format!("`every` must be a whole number of days of at least 1, not {every}"),
                )
            })?;
        let options = options(py, as_of, policy)?;
        let cascade = &self.inner;
        let trend = detached(py, || cascade.trend(every, &options))?;
        Ok(PyTrend::new(
            &self.inner,
            trend,
            crate::trend::Recipe { every, options },
        ))
    }

    /// Every path from the item `id` to the company priorities it moves, and
    /// the answer in words. Raises `UnknownIdError` for an unknown id.
    #[pyo3(signature = (id, policy = None))]
    fn lineage(&self, py: Python<'_>, id: &str, policy: Option<&PyPolicy>) -> PyResult<PyLineage> {
        let limits = PyPolicy::of(policy).limits().clone();
        let cascade = &self.inner;
        let lineage = detached(py, || cascade.lineage_with_limits(id, &limits))?;
        Ok(PyLineage::new(lineage))
    }

    /// Where the figures of `id` (a key result, objective, theme, unit or
    /// mandate) come from. Raises `UnknownIdError` for an unknown id or an
    /// item of another kind.
    #[pyo3(signature = (id, as_of = None, policy = None))]
    fn explain(
        &self,
        py: Python<'_>,
        id: &str,
        as_of: Option<&Bound<'_, PyAny>>,
        policy: Option<&PyPolicy>,
    ) -> PyResult<PyExplanation> {
        let options = options(py, as_of, policy)?;
        let cascade = &self.inner;
        let e = detached(py, || cascade.explain_with(id, &options))?;
        PyExplanation::new(py, e)
    }

    /// The dependency graph between units: who needs whom (declared,
    /// works-for, shares-work, co-owns) and the items that say so; a KR
    /// co-owned by more units than the policy's `max_co_owners` is listed
    /// once in `shared`. Releases the GIL.
    #[pyo3(signature = (policy = None))]
    fn dependencies(&self, py: Python<'_>, policy: Option<&PyPolicy>) -> PyResult<PyDependencies> {
        let policy = PyPolicy::of(policy);
        let cascade = &self.inner;
        let deps = detached(py, || Ok(cascade.dependencies(&policy)))?;
        Ok(PyDependencies::new(deps))
    }

    /// The alerts at `as_of` (a date or `"YYYY-MM-DD"`; default the
    /// cycle's), sorted by code then subject: `Diagnostic` objects with
    /// severity `"alert"`. Empty without a date. Releases the GIL.
    #[pyo3(signature = (as_of = None, policy = None))]
    fn alerts(
        &self,
        py: Python<'_>,
        as_of: Option<&Bound<'_, PyAny>>,
        policy: Option<&PyPolicy>,
    ) -> PyResult<Py<PyTuple>> {
        let as_of = as_of.map(|d| date_arg(py, "as_of", d)).transpose()?;
        let policy = PyPolicy::of(policy);
        let cascade = &self.inner;
        let alerts = detached(py, || Ok(cascade.alerts(&policy, as_of)))?;
        PyDiagnostic::tuple(py, alerts.alerts)
    }

    /// The quarterly review page as HTML text, the same page as `okr report`:
    /// one self-contained file (inline CSS and SVG, no script). `as_of`
    /// overrides the cycle's; `for_unit` renders that unit's view (items it
    /// may not see redacted as by `view_for`). Raises `UnknownIdError` for
    /// an unknown unit. Releases the GIL.
    #[pyo3(signature = (as_of = None, policy = None, for_unit = None))]
    fn report_html(
        &self,
        py: Python<'_>,
        as_of: Option<&Bound<'_, PyAny>>,
        policy: Option<&PyPolicy>,
        for_unit: Option<&str>,
    ) -> PyResult<String> {
        let as_of = as_of.map(|d| date_arg(py, "as_of", d)).transpose()?;
        let policy = PyPolicy::of(policy);
        let cascade = &self.inner;
        detached(py, || {
            okr_report::report_html(
                cascade,
                &okr_report::ReportOptions {
                    policy: &policy,
                    as_of,
                    for_unit,
                },
            )
        })
    }

    /// Notebook display: the cycle, the counts and the company priorities
    /// with progress and status (default policy, the cycle's `as_of`).
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        let cascade = &self.inner;
        detached(py, || Ok(okr_report::summary_html(cascade)))
    }

    /// Every KR's closing score (its `score` when set, marked as judgement;
    /// else its progress at the cycle's end) and each objective's
    /// KR-weighted mean of those. Releases the GIL.
    #[pyo3(signature = (policy = None))]
    fn scorecard(&self, py: Python<'_>, policy: Option<&PyPolicy>) -> PyResult<PyScorecard> {
        let policy = PyPolicy::of(policy);
        let cascade = &self.inner;
        let card = detached(py, || Ok(cascade.scorecard(&policy)))?;
        Ok(PyScorecard::new(card))
    }

    /// The draft of the next cycle (`cycle` from `start` to `end`, dates or
    /// `"YYYY-MM-DD"`) as a new `Cascade`: open objectives and KRs carried
    /// over with their ids, re-baselined, with references to what was left
    /// behind removed. Raises `InvalidInputError` for an end before the
    /// start or a cycle id already used.
    fn carry(
        &self,
        py: Python<'_>,
        cycle: &str,
        start: &Bound<'_, PyAny>,
        end: &Bound<'_, PyAny>,
    ) -> PyResult<PyCascade> {
        let start = date_arg(py, "start", start)?;
        let end = date_arg(py, "end", end)?;
        let cascade = &self.inner;
        let draft = detached(py, || {
            cascade.carry(cycle, start, end).and_then(Cascade::try_from)
        })?;
        Ok(PyCascade::from_core(draft))
    }

    /// The document as `unit` may see it (restricted items it may not see
    /// become stubs), as a new `Cascade`. Raises `UnknownIdError` for an
    /// unknown unit.
    fn view_for(&self, py: Python<'_>, unit: &str) -> PyResult<PyCascade> {
        let cascade = &self.inner;
        let view = detached(py, || cascade.view_for(unit).and_then(Cascade::try_from))?;
        Ok(PyCascade::from_core(view))
    }

    /// A rollup that check-ins and new values update incrementally. It
    /// works on its own copy of the document; this cascade never changes.
    #[pyo3(signature = (as_of = None, policy = None))]
    fn live(
        &self,
        py: Python<'_>,
        as_of: Option<&Bound<'_, PyAny>>,
        policy: Option<&PyPolicy>,
    ) -> PyResult<PyLiveRollup> {
        let as_of = as_of.map(|d| date_arg(py, "as_of", d)).transpose()?;
        let policy = PyPolicy::of(policy);
        let cascade = &self.inner;
        let live = detached(py, || {
            Ok(Cascade::clone(cascade).live_with_policy(&policy, as_of))
        })?;
        Ok(PyLiveRollup {
            ids: Arc::clone(&self.inner),
            live,
        })
    }

    /// The cycle's id.
    #[getter]
    fn cycle(&self) -> &str {
        &self.inner.document().cycle.id
    }

    /// The document as canonical JSON text.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        let cascade = &self.inner;
        detached(py, || cascade.to_json())
    }

    /// The document as a dict (the JSON shape).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        pythonize(py, self.inner.document()).map_err(|e| output_error(py, e.to_string()))
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<pickle::Reduced<'py>> {
        let json = self.to_json(py)?;
        pickle::reduce(py, "Cascade", vec![json])
    }

    /// The document as a sheet (CSV text, one row per key result), which
    /// `from_csv` reads back to the same document. Raises
    /// `InvalidInputError` naming what a sheet cannot carry (contribution
    /// statements, mandates, initiatives, sprint goals, check-ins), or with
    /// `lossy=True` leaves them out with a `UserWarning` each.
    #[pyo3(signature = (*, lossy = false))]
    fn to_csv(&self, py: Python<'_>, lossy: bool) -> PyResult<String> {
        crate::sheets::to_csv(py, &self.inner, lossy)
    }

    /// The document's check-ins as CSV: key_result,date,value[,confidence].
    fn check_ins_to_csv(&self, py: Python<'_>) -> PyResult<String> {
        crate::sheets::check_ins_to_csv(py, &self.inner)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyCascade>()
            .is_ok_and(|o| o.get().inner.document() == self.inner.document())
    }

    fn __repr__(&self) -> String {
        let d = self.inner.document();
        format!(
            "Cascade(cycle='{}', units={}, objectives={}, key_results={}, check_ins={})",
            d.cycle.id,
            d.units.len(),
            d.objectives.len(),
            d.key_results.len(),
            d.check_ins.len()
        )
    }
}

/// A rollup kept current by incremental updates (the core's
/// `okr_core::LiveRollup`): each update recomputes only the figures the
/// changed key result can reach, and returns them as a `Rollup` holding
/// just those figures. `rollup` is the whole current rollup, equal to a
/// full recompute of `cascade`.
#[pyclass(module = "okr_cascade", name = "LiveRollup")]
pub struct PyLiveRollup {
    /// The original document, for the ids of `rollup` snapshots: updates
    /// add check-ins and values, never items, so its ids stay those of
    /// `live`.
    ids: Arc<Cascade>,
    live: LiveRollup,
}

#[pymethods]
impl PyLiveRollup {
    /// Records a check-in of `key_result` (`date`: a date or
    /// `"YYYY-MM-DD"`) and returns the changed figures. Raises
    /// `UnknownIdError` or `InvalidInputError`.
    #[pyo3(signature = (key_result, date, value, confidence = None))]
    fn record_check_in(
        &mut self,
        py: Python<'_>,
        key_result: String,
        date: &Bound<'_, PyAny>,
        value: f64,
        confidence: Option<f64>,
    ) -> PyResult<PyRollup> {
        let check_in = CheckIn {
            key_result,
            date: date_arg(py, "date", date)?,
            value,
            confidence,
        };
        let delta = guarded(py, || self.live.record_check_in(check_in))?;
        Ok(PyRollup::delta(&self.ids, self.live.rollup(), delta))
    }

    /// Records the check-ins of a CSV text (key_result,date,value
    /// [,confidence], header first) in one update and returns every figure
    /// they changed, equal to recording them one by one. Raises
    /// `UnreadableDocumentError` or `UnknownIdError` naming the row and
    /// column; on any error nothing is recorded.
    fn check_in_csv(&mut self, py: Python<'_>, text: &str) -> PyResult<PyRollup> {
        let live = &mut self.live;
        let delta = detached(py, || {
            let check_ins = live.cascade().check_ins_from_csv(text)?;
            live.record_check_ins(check_ins)
        })?;
        Ok(PyRollup::delta(&self.ids, self.live.rollup(), delta))
    }

    /// Records the check-ins of a pandas or polars DataFrame (columns
    /// `key_result`, `date`, `value`, optionally `confidence`; dates as
    /// dates, datetimes or "YYYY-MM-DD") in one call: the columns are
    /// pulled out whole and recorded in one update. Returns every figure
    /// they changed, equal to recording the rows one by one with
    /// `record_check_in`. Raises `InvalidInputError` naming the row and
    /// column of a missing or bad cell, `UnknownIdError` for an unknown key
    /// result; on any error nothing is recorded.
    fn check_in_frame(&mut self, py: Python<'_>, frame: &Bound<'_, PyAny>) -> PyResult<PyRollup> {
        let check_ins = crate::sheets::frame_check_ins(py, frame)?;
        let live = &mut self.live;
        let delta = detached(py, || live.record_check_ins(check_ins))?;
        Ok(PyRollup::delta(&self.ids, self.live.rollup(), delta))
    }

    /// Sets `key_result`'s `metric.current` (None clears it) and returns the
    /// changed figures. A check-in dated on or before `as_of` still wins.
    fn set_current(
        &mut self,
        py: Python<'_>,
        key_result: &str,
        value: Option<f64>,
    ) -> PyResult<PyRollup> {
        let delta = guarded(py, || self.live.set_current(key_result, value))?;
        Ok(PyRollup::delta(&self.ids, self.live.rollup(), delta))
    }

    /// The current alerts (a tuple of `Diagnostic`, sorted by code then
    /// subject): always those of `cascade.alerts()` on the updated
    /// document with the live model's policy and date.
    fn alerts(&self, py: Python<'_>) -> PyResult<Py<PyTuple>> {
        PyDiagnostic::tuple(py, self.live.alerts().alerts)
    }

    /// Takes objective or key result `id` off the board on `date` (a date or
    /// `"YYYY-MM-DD"`), or with None puts it back, and returns the changed
    /// figures: its status becomes `"dropped"` and every mean that skips it
    /// now moves. Raises `UnknownIdError` or `InvalidInputError`.
    #[pyo3(signature = (id, date))]
    fn drop(
        &mut self,
        py: Python<'_>,
        id: &str,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyRollup> {
        let date = date.map(|d| date_arg(py, "date", d)).transpose()?;
        let delta = guarded(py, || self.live.drop_item(id, date))?;
        Ok(PyRollup::delta(&self.ids, self.live.rollup(), delta))
    }

    /// The whole current rollup (a snapshot). It keeps a snapshot of the
    /// document too, which recomputes it when it is unpickled.
    #[getter]
    fn rollup(&self) -> PyRollup {
        let now = Arc::new(self.live.cascade().clone());
        PyRollup::full(&now, self.live.rollup().clone())
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<pickle::Reduced<'py>> {
        let cascade = &self.live.cascade();
        let json = detached(py, || cascade.to_json())?;
        let policy = pickle::json(py, self.live.policy())?;
        let as_of = pickle::json(py, &self.live.rollup().options().as_of())?;
        pickle::reduce(py, "LiveRollup", vec![json, policy, as_of])
    }

    /// Where the figures of `id` come from, read from the current rollup.
    fn explain(&self, py: Python<'_>, id: &str) -> PyResult<PyExplanation> {
        let live = &self.live;
        let e = detached(py, || live.explain(id))?;
        PyExplanation::new(py, e)
    }

    /// The document with every update applied (a snapshot).
    #[getter]
    fn cascade(&self) -> PyCascade {
        PyCascade::from_core(self.live.cascade().clone())
    }

    fn __repr__(&self) -> String {
        let d = self.live.cascade().document();
        format!(
            "LiveRollup(cycle='{}', check_ins={})",
            d.cycle.id,
            d.check_ins.len()
        )
    }
}

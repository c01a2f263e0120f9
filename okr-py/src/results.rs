//! Validation and lineage results: frozen, comparable views of the core's
//! values. A `Diagnostic` owns its core diagnostic (in an `Arc` its report
//! shares), so making one costs an allocation, not a copy of its strings,
//! and it can never point at a diagnostic that is not there.

use std::sync::Arc;

use okr_core::{Code, Diagnostic, Lineage, Report, Summary};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};
use pythonize::pythonize;

use crate::errors::{invalid_input, output_error};
use crate::frames::{frame, Columns, Lib};
use crate::pickle;
use crate::repr;

fn to_dict<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    pythonize(py, value).map_err(|e| output_error(py, e.to_string()))
}

/// One finding of validation.
///
/// Fields: `code` (such as `"W104"`), `rule` (such as
/// `"copy-paste-cascade"`), `severity` (`"error"`, `"warning"` or
/// `"info"`), `subject` (the id of the item that owns the problem),
/// `related` (other ids, sorted), `message` and `hint`.
#[pyclass(frozen, module = "okr_cascade", name = "Diagnostic")]
pub struct PyDiagnostic {
    inner: Arc<Diagnostic>,
}

impl PyDiagnostic {
    fn get(&self) -> &Diagnostic {
        &self.inner
    }

    pub(crate) fn unpickle(py: Python<'_>, json: &str) -> PyResult<PyDiagnostic> {
        Ok(PyDiagnostic {
            inner: Arc::new(pickle::from_json(py, json)?),
        })
    }

    /// A tuple of `Diagnostic` objects (the alerts list).
    pub(crate) fn tuple(py: Python<'_>, items: Vec<Diagnostic>) -> PyResult<Py<PyTuple>> {
        let objects = items
            .into_iter()
            .map(|d| Py::new(py, PyDiagnostic { inner: Arc::new(d) }))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PyTuple::new(py, objects)?.unbind())
    }
}

#[pymethods]
impl PyDiagnostic {
    /// Stable code, such as `"W104"`.
    #[getter]
    fn code(&self) -> &'static str {
        self.get().code.as_str()
    }
    /// Rule name, such as `"copy-paste-cascade"`.
    #[getter]
    fn rule(&self) -> &str {
        &self.get().rule
    }
    /// `"error"`, `"warning"` or `"info"`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.get().severity.as_str()
    }
    /// Id of the item that owns the offending field (`""` for the document).
    #[getter]
    fn subject(&self) -> &str {
        &self.get().subject
    }
    /// Other ids involved, sorted.
    #[getter]
    fn related<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.get().related)
    }
    /// What is wrong.
    #[getter]
    fn message(&self) -> &str {
        &self.get().message
    }
    /// What to do about it.
    #[getter]
    fn hint(&self) -> &str {
        &self.get().hint
    }
    /// The diagnostic in the JSON shape of `okr check --format json`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, self.get())
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyDiagnostic>()
            .is_ok_and(|o| o.get().get() == self.get())
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<pickle::Reduced<'py>> {
        pickle::reduce(py, "Diagnostic", vec![pickle::json(py, self.get())?])
    }
    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let d = self.get();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (&d.code, &d.subject, &d.related, &d.message).hash(&mut h);
        h.finish()
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let d = self.get();
        Ok(format!(
            "Diagnostic(code={}, severity={}, subject={}, related={}, message={})",
            repr(py, d.code.as_str())?,
            repr(py, d.severity.as_str())?,
            repr(py, &d.subject)?,
            repr(py, &d.related)?,
            repr(py, &d.message)?
        ))
    }
}

/// Counts of diagnostics per severity.
#[pyclass(
    frozen,
    eq,
    skip_from_py_object,
    module = "okr_cascade",
    name = "Summary"
)]
#[derive(Clone, PartialEq, Eq)]
pub struct PySummary {
    inner: Summary,
}

impl PySummary {
    pub(crate) fn unpickle(py: Python<'_>, json: &str) -> PyResult<PySummary> {
        Ok(PySummary {
            inner: pickle::from_json(py, json)?,
        })
    }
}

#[pymethods]
impl PySummary {
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<pickle::Reduced<'py>> {
        pickle::reduce(py, "Summary", vec![pickle::json(py, &self.inner)?])
    }
    /// Number of errors.
    #[getter]
    fn errors(&self) -> usize {
        self.inner.errors
    }
    /// Number of warnings.
    #[getter]
    fn warnings(&self) -> usize {
        self.inner.warnings
    }
    /// Number of infos.
    #[getter]
    fn infos(&self) -> usize {
        self.inner.infos
    }
    /// `{"errors": n, "warnings": n, "infos": n}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.inner)
    }
    fn __hash__(&self) -> usize {
        let s = self.inner;
        s.errors ^ s.warnings.rotate_left(21) ^ s.infos.rotate_left(42)
    }
    fn __repr__(&self) -> String {
        let s = self.inner;
        format!(
            "Summary(errors={}, warnings={}, infos={})",
            s.errors, s.warnings, s.infos
        )
    }
}

/// The result of `Cascade.validate`: diagnostics in output order (severity,
/// code, subject) and their counts. Iterable and sized like its
/// `diagnostics`.
#[pyclass(frozen, module = "okr_cascade", name = "Report")]
pub struct PyReport {
    /// The diagnostics, shared with the `Diagnostic` objects.
    items: Vec<Arc<Diagnostic>>,
    summary: Summary,
    diagnostics: Py<PyTuple>,
}

impl PyReport {
    pub(crate) fn new(py: Python<'_>, report: Report) -> PyResult<PyReport> {
        let Report {
            diagnostics,
            summary,
        } = report;
        let items: Vec<Arc<Diagnostic>> = diagnostics.into_iter().map(Arc::new).collect();
        let objects = items
            .iter()
            .map(|d| {
                Py::new(
                    py,
                    PyDiagnostic {
                        inner: Arc::clone(d),
                    },
                )
            })
            .collect::<PyResult<Vec<_>>>()?;
        let diagnostics = PyTuple::new(py, objects)?.unbind();
        Ok(PyReport {
            items,
            summary,
            diagnostics,
        })
    }

    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Columns<'py>> {
        let ds = &self.items;
        let strings = |f: fn(&Diagnostic) -> &str| -> PyResult<Bound<'py, PyList>> {
            PyList::new(py, ds.iter().map(|d| PyString::new(py, f(d))))
        };
        Ok(vec![
            ("code", strings(|d| d.code.as_str())?),
            ("rule", strings(|d| &d.rule)?),
            ("severity", strings(|d| d.severity.as_str())?),
            ("subject", strings(|d| &d.subject)?),
            (
                "related",
                PyList::new(
                    py,
                    ds.iter()
                        .map(|d| PyList::new(py, &d.related))
                        .collect::<PyResult<Vec<_>>>()?,
                )?,
            ),
            ("message", strings(|d| &d.message)?),
            ("hint", strings(|d| &d.hint)?),
        ])
    }
}

#[pymethods]
impl PyReport {
    /// The diagnostics, in output order.
    #[getter]
    fn diagnostics(&self, py: Python<'_>) -> Py<PyTuple> {
        self.diagnostics.clone_ref(py)
    }
    /// Counts per severity.
    #[getter]
    fn summary(&self) -> PySummary {
        PySummary {
            inner: self.summary,
        }
    }
    /// True when any diagnostic is an error.
    #[getter]
    fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }
    /// The diagnostics whose code is one of `codes`. A text that is not a
    /// rule code raises `InvalidInputError` naming it.
    #[pyo3(signature = (*codes))]
    fn only<'py>(&self, py: Python<'py>, codes: Vec<String>) -> PyResult<Bound<'py, PyTuple>> {
        let codes = codes
            .iter()
            .map(|c| c.parse::<Code>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| invalid_input(py, e.to_string()))?;
        let all = self.diagnostics.bind(py);
        let mut keep = Vec::new();
        for (item, d) in all.iter().zip(&self.items) {
            if codes.contains(&d.code) {
                keep.push(item);
            }
        }
        PyTuple::new(py, keep)
    }
    /// `{"diagnostics": [...], "summary": {...}}`, the JSON shape of
    /// `okr check --format json`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let report = Report {
            diagnostics: self.items.iter().map(|d| Diagnostic::clone(d)).collect(),
            summary: self.summary,
        };
        to_dict(py, &report)
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<pickle::Reduced<'py>> {
        let report = Report {
            diagnostics: self.items.iter().map(|d| Diagnostic::clone(d)).collect(),
            summary: self.summary,
        };
        pickle::reduce(py, "Report", vec![pickle::json(py, &report)?])
    }
    /// One pandas DataFrame, one row per diagnostic.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, Lib::Pandas, self.columns(py)?)
    }
    /// One polars DataFrame, one row per diagnostic.
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, Lib::Polars, self.columns(py)?)
    }
    fn __len__(&self) -> usize {
        self.items.len()
    }
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.diagnostics.bind(py).as_any().try_iter()?.into_any())
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyReport>()
            .is_ok_and(|o| o.get().summary == self.summary && o.get().items == self.items)
    }
    /// Notebook display: the counts and the diagnostics (bounded).
    fn _repr_html_(&self) -> String {
        okr_report::diagnostics_html(&self.summary, self.items.iter().map(|d| &**d))
    }
    fn __repr__(&self) -> String {
        let s = self.summary;
        let codes: Vec<&str> = self.items.iter().take(8).map(|d| d.code.as_str()).collect();
        let more = if self.items.len() > codes.len() {
            ", ..."
        } else {
            ""
        };
        format!(
            "Report(errors={}, warnings={}, infos={}, codes=[{}{more}])",
            s.errors,
            s.warnings,
            s.infos,
            codes.join(", ")
        )
    }
}

/// The lineage of one item: does it trace to a company priority, every
/// path of ids that does (shortest first), and the plain-language answer.
#[pyclass(frozen, eq, module = "okr_cascade", name = "Lineage")]
#[derive(PartialEq, Eq)]
pub struct PyLineage {
    inner: Lineage,
}

impl PyLineage {
    pub(crate) fn new(inner: Lineage) -> PyLineage {
        PyLineage { inner }
    }

    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Columns<'py>> {
        let l = &self.inner;
        Ok(vec![
            (
                "subject",
                PyList::new(py, l.paths.iter().map(|_| l.subject.as_str()))?,
            ),
            (
                "path",
                PyList::new(
                    py,
                    l.paths
                        .iter()
                        .map(|p| PyList::new(py, p))
                        .collect::<PyResult<Vec<_>>>()?,
                )?,
            ),
            ("length", PyList::new(py, l.paths.iter().map(Vec::len))?),
        ])
    }
}

#[pymethods]
impl PyLineage {
    /// The item asked about.
    #[getter]
    fn subject(&self) -> &str {
        &self.inner.subject
    }
    /// Whether some path reaches a company priority.
    #[getter]
    fn traces(&self) -> bool {
        self.inner.traces
    }
    /// Paths of ids from the subject to a company priority, by length then
    /// ids.
    #[getter]
    fn paths<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(
            py,
            self.inner
                .paths
                .iter()
                .map(|p| PyTuple::new(py, p))
                .collect::<PyResult<Vec<_>>>()?,
        )
    }
    /// One plain sentence: which priority the subject moves, and how.
    #[getter]
    fn answer(&self) -> &str {
        &self.inner.answer
    }
    /// True when more paths exist than the policy's `max_lineage_paths`.
    #[getter]
    fn truncated(&self) -> bool {
        self.inner.truncated
    }
    /// `{"subject", "traces", "paths", "answer"}`, the JSON shape of
    /// `okr lineage --format json`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.inner)
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<pickle::Reduced<'py>> {
        pickle::reduce(py, "Lineage", vec![pickle::json(py, &self.inner)?])
    }
    /// One pandas DataFrame, one row per path.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, Lib::Pandas, self.columns(py)?)
    }
    /// One polars DataFrame, one row per path.
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, Lib::Polars, self.columns(py)?)
    }
    /// Notebook display: the answer and the paths (bounded).
    fn _repr_html_(&self) -> String {
        okr_report::lineage_html(&self.inner)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let l = &self.inner;
        Ok(format!(
            "Lineage(subject={}, traces={}, paths={}, answer={})",
            repr(py, &l.subject)?,
            repr(py, l.traces)?,
            repr(py, &l.paths)?,
            repr(py, &l.answer)?
        ))
    }
}

/// Where the figures of one item come from (`Cascade.explain`): the
/// figures (the rollup's), the rule with its numbers, the inputs one level
/// deep (each with an `id` to explain in turn), the status rule, the
/// forecast and one plain sentence. Frozen; `to_dict()` gives the JSON
/// shape of `okr explain --format json`.
#[pyclass(frozen, eq, module = "okr_cascade", name = "Explanation")]
#[derive(PartialEq)]
pub struct PyExplanation {
    /// The explanation in its JSON shape (what every getter reads, and
    /// what a pickle holds).
    value: serde_json::Value,
    /// The notebook display, rendered by okr-report from the core's
    /// explanation when it was made (the JSON shape cannot be read back
    /// into one); a pickle carries it.
    html: String,
}

impl PyExplanation {
    pub(crate) fn new(py: Python<'_>, inner: okr_core::Explanation) -> PyResult<PyExplanation> {
        let value = serde_json::to_value(&inner).map_err(|e| output_error(py, e.to_string()))?;
        let html = okr_report::explanation_html(&inner);
        Ok(PyExplanation { value, html })
    }

    pub(crate) fn unpickle(py: Python<'_>, json: &str, html: &str) -> PyResult<PyExplanation> {
        Ok(PyExplanation {
            value: pickle::from_json(py, json)?,
            html: html.to_owned(),
        })
    }

    fn text_of(&self, name: &str) -> &str {
        self.value.get(name).and_then(|v| v.as_str()).unwrap_or("")
    }

    /// One field of the explanation's JSON, as Python values.
    fn field<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, self.value.get(name).unwrap_or(&serde_json::Value::Null))
    }
}

#[pymethods]
impl PyExplanation {
    /// The id explained.
    #[getter]
    fn subject(&self) -> &str {
        self.text_of("subject")
    }
    /// `"key_result"`, `"objective"`, `"theme"`, `"unit"` or `"mandate"`.
    #[getter]
    fn kind<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "kind")
    }
    /// The rollup's figures for the item (a dict).
    #[getter]
    fn figures<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "figures")
    }
    /// `{"kind", "formula"}`: the rule and its numbers.
    #[getter]
    fn rule<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "rule")
    }
    /// The inputs, one level deep: dicts with `id` and `role`, and the
    /// fields that apply (`date`, `value`, `confidence`, `weight`,
    /// `progress`, `counted_start`, `skipped`, and `dropped`: the date of a
    /// member skipped because it was dropped).
    #[getter]
    fn inputs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "inputs")
    }
    /// How the status was set, or None.
    #[getter]
    fn status_rule<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "status_rule")
    }
    /// How the forecast was made, or None.
    #[getter]
    fn forecast_rule<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "forecast_rule")
    }
    /// A KR's closing score set by judgement, `{"value", "set_by":
    /// "judgement"}`, or None.
    #[getter]
    fn score<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.field(py, "score")
    }
    /// One plain sentence.
    #[getter]
    fn text(&self) -> &str {
        self.text_of("text")
    }
    /// `{"subject", "kind", "figures", "rule", "inputs", "status_rule",
    /// "forecast_rule", "score" (when set), "text"}`, the JSON shape of `okr explain --format
    /// json`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.value)
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<pickle::Reduced<'py>> {
        pickle::reduce(
            py,
            "Explanation",
            vec![pickle::json(py, &self.value)?, self.html.clone()],
        )
    }
    /// Notebook display: the sentence, figures, rules and inputs.
    fn _repr_html_(&self) -> String {
        self.html.clone()
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let formula = self
            .value
            .get("rule")
            .and_then(|r| r.get("formula"))
            .and_then(|f| f.as_str())
            .unwrap_or("");
        Ok(format!(
            "Explanation(subject={}, formula={}, text={})",
            repr(py, self.text_of("subject"))?,
            repr(py, formula)?,
            repr(py, self.text_of("text"))?
        ))
    }
}

//! `diff(old, new)` and `Diff`: what changed between two snapshots, with
//! the lists as Python objects (`to_dict`) and as DataFrames (one per
//! list, `to_pandas()` / `to_polars()`). Conversion only: the core
//! computes the diff.

use okr_core::Diff;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use pythonize::pythonize;

use crate::cascade::PyCascade;
use crate::errors::{detached, output_error};
use crate::frames::{frame, Columns, Lib};
use crate::policy::PyPolicy;

/// What changed from one snapshot to another: `added`, `removed`,
/// `changed`, `figures`, `diagnostics` (`new`, `resolved`) and `lineage`
/// (`lost`, `gained`), each sorted by kind then id.
#[pyclass(frozen, eq, module = "okr_cascade", name = "Diff")]
#[derive(PartialEq)]
pub struct PyDiff {
    inner: Diff,
}

fn to_py<'py, T: serde::Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    pythonize(py, value).map_err(|e| output_error(py, e.to_string()))
}

fn strings<'py, I, S>(py: Python<'py>, items: I) -> PyResult<Bound<'py, PyList>>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let v: Vec<String> = items.into_iter().map(|s| s.as_ref().to_string()).collect();
    PyList::new(py, v)
}

impl PyDiff {
    pub(crate) fn unpickle(py: Python<'_>, json: &str) -> PyResult<PyDiff> {
        Ok(PyDiff {
            inner: crate::pickle::from_json(py, json)?,
        })
    }

    /// The tables, by list name, as columns.
    fn tables<'py>(&self, py: Python<'py>) -> PyResult<Vec<(&'static str, Columns<'py>)>> {
        let d = &self.inner;
        let items = |list: &[okr_core::DiffItem]| -> PyResult<Columns<'py>> {
            Ok(vec![
                ("id", strings(py, list.iter().map(|x| &x.id))?),
                ("kind", strings(py, list.iter().map(|x| x.kind.as_str()))?),
            ])
        };
        let fields: Vec<(&okr_core::ChangedItem, &okr_core::FieldChange)> = d
            .changed
            .iter()
            .flat_map(|c| c.fields.iter().map(move |f| (c, f)))
            .collect();
        let changed: Columns<'py> = vec![
            ("id", strings(py, fields.iter().map(|(c, _)| &c.id))?),
            (
                "kind",
                strings(py, fields.iter().map(|(c, _)| c.kind.as_str()))?,
            ),
            ("field", strings(py, fields.iter().map(|(_, f)| &f.field))?),
            (
                "old",
                PyList::new(
                    py,
                    fields
                        .iter()
                        .map(|(_, f)| to_py(py, &f.old))
                        .collect::<PyResult<Vec<_>>>()?,
                )?,
            ),
            (
                "new",
                PyList::new(
                    py,
                    fields
                        .iter()
                        .map(|(_, f)| to_py(py, &f.new))
                        .collect::<PyResult<Vec<_>>>()?,
                )?,
            ),
        ];
        let fs = &d.figures;
        let status = |s: Option<okr_core::Status>| s.map(|s| s.as_str());
        let figures: Columns<'py> = vec![
            ("id", strings(py, fs.iter().map(|f| &f.id))?),
            ("kind", strings(py, fs.iter().map(|f| f.kind.as_str()))?),
            (
                "progress_old",
                PyList::new(py, fs.iter().map(|f| f.progress.0))?,
            ),
            (
                "progress_new",
                PyList::new(py, fs.iter().map(|f| f.progress.1))?,
            ),
            (
                "status_old",
                PyList::new(py, fs.iter().map(|f| status(f.status.0)))?,
            ),
            (
                "status_new",
                PyList::new(py, fs.iter().map(|f| status(f.status.1)))?,
            ),
        ];
        let diags: Vec<(&str, &okr_core::Diagnostic)> = d
            .diagnostics
            .new
            .iter()
            .map(|x| ("new", x))
            .chain(d.diagnostics.resolved.iter().map(|x| ("resolved", x)))
            .collect();
        let diagnostics: Columns<'py> = vec![
            ("change", strings(py, diags.iter().map(|(c, _)| *c))?),
            (
                "code",
                strings(py, diags.iter().map(|(_, x)| x.code.as_str()))?,
            ),
            (
                "severity",
                strings(py, diags.iter().map(|(_, x)| x.severity.as_str()))?,
            ),
            ("rule", strings(py, diags.iter().map(|(_, x)| &x.rule))?),
            (
                "subject",
                strings(py, diags.iter().map(|(_, x)| &x.subject))?,
            ),
            (
                "message",
                strings(py, diags.iter().map(|(_, x)| &x.message))?,
            ),
        ];
        let lin: Vec<(&str, &okr_core::DiffItem)> = d
            .lineage
            .lost
            .iter()
            .map(|x| ("lost", x))
            .chain(d.lineage.gained.iter().map(|x| ("gained", x)))
            .collect();
        let lineage: Columns<'py> = vec![
            ("change", strings(py, lin.iter().map(|(c, _)| *c))?),
            ("id", strings(py, lin.iter().map(|(_, x)| &x.id))?),
            (
                "kind",
                strings(py, lin.iter().map(|(_, x)| x.kind.as_str()))?,
            ),
        ];
        Ok(vec![
            ("added", items(&d.added)?),
            ("removed", items(&d.removed)?),
            ("changed", changed),
            ("figures", figures),
            ("diagnostics", diagnostics),
            ("lineage", lineage),
        ])
    }

    fn frames<'py>(&self, py: Python<'py>, lib: Lib) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for (name, columns) in self.tables(py)? {
            out.set_item(name, frame(py, lib, columns)?)?;
        }
        Ok(out)
    }
}

#[pymethods]
impl PyDiff {
    /// Items only in the new snapshot: `[{"id", "kind"}]`.
    #[getter]
    fn added<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.added)
    }
    /// Items only in the old snapshot: `[{"id", "kind"}]`.
    #[getter]
    fn removed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.removed)
    }
    /// Items in both whose fields differ: `[{"id", "kind", "fields":
    /// [{"field", "old", "new"}]}]`.
    #[getter]
    fn changed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.changed)
    }
    /// Figures that moved: `[{"id", "kind", "progress": [old, new],
    /// "status": [old, new]}]`.
    #[getter]
    fn figures<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.figures)
    }
    /// `{"new": [diagnostic dicts], "resolved": [...]}`.
    #[getter]
    fn diagnostics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.diagnostics)
    }
    /// `{"lost": [{"id", "kind"}], "gained": [...]}`.
    #[getter]
    fn lineage<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.lineage)
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<crate::pickle::Reduced<'py>> {
        crate::pickle::reduce(py, "Diff", vec![crate::pickle::json(py, &self.inner)?])
    }
    /// The JSON shape of `okr diff --format json`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    /// One pandas DataFrame per list, by name: `added`, `removed`
    /// (id, kind), `changed` (one row per field: id, kind, field, old,
    /// new), `figures` (id, kind, progress_old, progress_new, status_old,
    /// status_new), `diagnostics` (change "new"/"resolved", code, severity,
    /// rule, subject, message), `lineage` (change "lost"/"gained", id,
    /// kind).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.frames(py, Lib::Pandas)
    }
    /// The same tables as polars DataFrames.
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.frames(py, Lib::Polars)
    }
    fn __bool__(&self) -> bool {
        !self.inner.is_empty()
    }
    fn __repr__(&self) -> String {
        let d = &self.inner;
        format!(
            "Diff(added={}, removed={}, changed={}, figures={}, new_diagnostics={}, resolved_diagnostics={}, lineage_lost={}, lineage_gained={})",
            d.added.len(),
            d.removed.len(),
            d.changed.len(),
            d.figures.len(),
            d.diagnostics.new.len(),
            d.diagnostics.resolved.len(),
            d.lineage.lost.len(),
            d.lineage.gained.len()
        )
    }
}

/// What changed from `old` to `new` (two `Cascade`s): findings compared
/// under `policy` (default when None), figures under each snapshot's own
/// `as_of`. Releases the GIL.
#[pyfunction]
#[pyo3(name = "_diff", signature = (old, new, policy = None))]
pub(crate) fn diff(
    py: Python<'_>,
    old: &PyCascade,
    new: &PyCascade,
    policy: Option<&PyPolicy>,
) -> PyResult<PyDiff> {
    let policy = PyPolicy::of(policy);
    let (a, b) = (&old.inner, &new.inner);
    let inner = detached(py, || a.diff(b, &policy))?;
    Ok(PyDiff { inner })
}

/// One row of the scorecard's table: kind, id, score, judgement, progress,
/// status.
type ScoreRow<'a> = (
    &'static str,
    &'a String,
    Option<f64>,
    bool,
    Option<f64>,
    Option<&'static str>,
);

/// Closing scores: `key_results` (id -> `{"score", "judgement",
/// "progress", "status"}`) and `objectives` (id -> `{"score",
/// "judgement", "status"}`), sorted by id.
#[pyclass(frozen, eq, module = "okr_cascade", name = "Scorecard")]
#[derive(PartialEq)]
pub struct PyScorecard {
    inner: okr_core::Scorecard,
}

impl PyScorecard {
    pub(crate) fn new(inner: okr_core::Scorecard) -> PyScorecard {
        PyScorecard { inner }
    }

    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Columns<'py>> {
        let s = &self.inner;
        let status = |x: Option<okr_core::Status>| x.map(|s| s.as_str());
        let rows: Vec<ScoreRow<'_>> = s
            .objectives
            .iter()
            .map(|(id, o)| {
                (
                    "objective",
                    id,
                    o.score,
                    o.judgement,
                    None,
                    status(o.status),
                )
            })
            .chain(s.key_results.iter().map(|(id, k)| {
                (
                    "key_result",
                    id,
                    k.score,
                    k.judgement,
                    k.progress,
                    status(k.status),
                )
            }))
            .collect();
        Ok(vec![
            ("kind", strings(py, rows.iter().map(|r| r.0))?),
            ("id", strings(py, rows.iter().map(|r| r.1))?),
            ("score", PyList::new(py, rows.iter().map(|r| r.2))?),
            ("judgement", PyList::new(py, rows.iter().map(|r| r.3))?),
            ("progress", PyList::new(py, rows.iter().map(|r| r.4))?),
            ("status", PyList::new(py, rows.iter().map(|r| r.5))?),
        ])
    }
}

#[pymethods]
impl PyScorecard {
    /// Every KR's closing score by id.
    #[getter]
    fn key_results<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.key_results)
    }
    /// Every objective's closing score by id.
    #[getter]
    fn objectives<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.objectives)
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<crate::pickle::Reduced<'py>> {
        crate::pickle::reduce(py, "Scorecard", vec![crate::pickle::json(py, &self.inner)?])
    }
    /// The JSON shape of `okr close --format json`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }
    /// One pandas DataFrame, one row per objective then per KR (kind, id,
    /// score, judgement, progress, status).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, Lib::Pandas, self.columns(py)?)
    }
    /// The same as a polars DataFrame.
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, Lib::Polars, self.columns(py)?)
    }
    fn __repr__(&self) -> String {
        format!(
            "Scorecard(key_results={}, objectives={})",
            self.inner.key_results.len(),
            self.inner.objectives.len()
        )
    }
}

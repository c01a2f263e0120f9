//! Pickling (for multiprocessing, Dask, Ray and Spark workers): every class
//! reduces to `_unpickle(kind, parts)`, where `parts` are JSON texts.
//! Results with a core JSON shape that reads back (reports, lineage,
//! dependencies, diffs, ...) travel as that JSON; results tied to a
//! document (`Rollup`, `Trend`, `LiveRollup`) travel as the document and
//! the options, and are recomputed on arrival: the computation is
//! deterministic, so the figures are the same bit for bit. `FigureMap`
//! and `TrendSeriesMap` travel as their parent and the kind's name.

use okr_core::{Date, ObjectiveStatus, Policy, RollupOptions};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use serde::{Deserialize, Serialize};

use crate::errors::{invalid_input, output_error};

/// What `__reduce__` returns: the callable and its arguments.
pub(crate) type Reduced<'py> = (Bound<'py, PyAny>, Bound<'py, PyTuple>);

/// `(_unpickle, (kind, parts))`.
pub(crate) fn reduce<'py>(
    py: Python<'py>,
    kind: &str,
    parts: Vec<String>,
) -> PyResult<Reduced<'py>> {
    let f = py
        .import("okr_cascade._okr_cascade")?
        .getattr("_unpickle")?;
    let args = PyTuple::new(
        py,
        [
            kind.into_pyobject(py)?.into_any(),
            parts.into_pyobject(py)?.into_any(),
        ],
    )?;
    Ok((f, args))
}

/// `(getattr, (parent, name))`: a view pickles as its parent.
pub(crate) fn reduce_attr<'py>(
    py: Python<'py>,
    parent: Bound<'py, PyAny>,
    name: &str,
) -> PyResult<Reduced<'py>> {
    let f = py.import("builtins")?.getattr("getattr")?;
    let args = PyTuple::new(py, [parent, name.into_pyobject(py)?.into_any()])?;
    Ok((f, args))
}

/// A value as JSON text.
pub(crate) fn json<T: Serialize + ?Sized>(py: Python<'_>, value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| output_error(py, e.to_string()))
}

/// A value from the JSON text of a pickle.
pub(crate) fn from_json<T: for<'de> Deserialize<'de>>(py: Python<'_>, text: &str) -> PyResult<T> {
    serde_json::from_str(text)
        .map_err(|e| invalid_input(py, format!("not an okr_cascade pickle: {e}")))
}

/// The options of a rollup as they travel.
#[derive(Serialize, Deserialize)]
pub(crate) struct Options {
    as_of: Option<Date>,
    on_track_margin: f64,
    at_risk_margin: f64,
    objective_status: ObjectiveStatus,
}

impl Options {
    pub(crate) fn of(o: &RollupOptions) -> Options {
        Options {
            as_of: o.as_of(),
            on_track_margin: o.on_track_margin(),
            at_risk_margin: o.at_risk_margin(),
            objective_status: o.objective_status(),
        }
    }

    /// The options again (through a policy, so checked as every policy is).
    pub(crate) fn rollup_options(&self, py: Python<'_>) -> PyResult<RollupOptions> {
        let policy = Policy::builder()
            .on_track_margin(self.on_track_margin)
            .at_risk_margin(self.at_risk_margin)
            .objective_status(self.objective_status)
            .build()
            .map_err(|e| crate::errors::to_py(py, &e))?;
        Ok(RollupOptions::from_policy(&policy).with_as_of(self.as_of))
    }
}

/// The part at `i`, or an error naming a truncated pickle.
pub(crate) fn part<'a>(py: Python<'_>, parts: &'a [String], i: usize) -> PyResult<&'a str> {
    parts
        .get(i)
        .map(String::as_str)
        .ok_or_else(|| invalid_input(py, "not an okr_cascade pickle: a part is missing"))
}

/// Rebuilds a pickled object (see the module's doc).
#[pyfunction]
#[pyo3(name = "_unpickle")]
pub(crate) fn unpickle(py: Python<'_>, kind: &str, parts: Vec<String>) -> PyResult<Py<PyAny>> {
    use crate::{cascade, deps, diff, results, rollup, trend};
    let p0 = || part(py, &parts, 0);
    let obj: Py<PyAny> = match kind {
        "Cascade" => Py::new(py, cascade::PyCascade::unpickle(py, p0()?)?)?.into_any(),
        "LiveRollup" => Py::new(py, cascade::PyLiveRollup::unpickle(py, &parts)?)?.into_any(),
        "Policy" => Py::new(py, crate::policy::PyPolicy::unpickle(py, p0()?)?)?.into_any(),
        "Diagnostic" => Py::new(py, results::PyDiagnostic::unpickle(py, p0()?)?)?.into_any(),
        "Summary" => Py::new(py, results::PySummary::unpickle(py, p0()?)?)?.into_any(),
        "Report" => Py::new(py, results::PyReport::new(py, from_json(py, p0()?)?)?)?.into_any(),
        "Lineage" => Py::new(py, results::PyLineage::new(from_json(py, p0()?)?))?.into_any(),
        "Explanation" => Py::new(
            py,
            results::PyExplanation::unpickle(py, p0()?, part(py, &parts, 1)?)?,
        )?
        .into_any(),
        "Dependencies" => Py::new(py, deps::PyDependencies::new(from_json(py, p0()?)?))?.into_any(),
        "Diff" => Py::new(py, diff::PyDiff::unpickle(py, p0()?)?)?.into_any(),
        "Scorecard" => Py::new(py, diff::PyScorecard::new(from_json(py, p0()?)?))?.into_any(),
        "Rollup" => Py::new(py, rollup::PyRollup::unpickle(py, &parts)?)?.into_any(),
        "Trend" => Py::new(py, trend::PyTrend::unpickle(py, &parts)?)?.into_any(),
        other => return rollup::unpickle_figures(py, other, &parts),
    };
    Ok(obj)
}

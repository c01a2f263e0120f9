//! `Dependencies`: the dependency graph between units, with `to_dict`,
//! `to_pandas` (one row per edge) and `to_networkx` (networkx imported on
//! first use).

use okr_core::Dependencies;
use pyo3::exceptions::PyImportError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use pythonize::pythonize;

use crate::errors::output_error;
use crate::frames::{frame, Columns, Lib};

/// Who needs whom: `edges` (dicts with `from`, `to`, `kind` and `via`,
/// sorted), `units` (every unit's `needs`, `needed_by` and `shares`) and
/// `shared` (KRs with more co-owners than the policy's `max_co_owners`).
#[pyclass(frozen, eq, module = "okr_cascade", name = "Dependencies")]
#[derive(PartialEq, Eq)]
pub struct PyDependencies {
    inner: Dependencies,
}

impl PyDependencies {
    pub(crate) fn new(inner: Dependencies) -> PyDependencies {
        PyDependencies { inner }
    }

    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Columns<'py>> {
        let es = &self.inner.edges;
        Ok(vec![
            (
                "from",
                PyList::new(py, es.iter().map(|e| PyString::new(py, &e.from)))?,
            ),
            (
                "to",
                PyList::new(py, es.iter().map(|e| PyString::new(py, &e.to)))?,
            ),
            ("kind", PyList::new(py, es.iter().map(|e| e.kind.as_str()))?),
            (
                "via",
                PyList::new(
                    py,
                    es.iter()
                        .map(|e| PyList::new(py, &e.via))
                        .collect::<PyResult<Vec<_>>>()?,
                )?,
            ),
        ])
    }
}

#[pymethods]
impl PyDependencies {
    /// The edges, sorted by from, to, kind: `{"from", "to", "kind", "via"}`.
    #[getter]
    fn edges<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        pythonize(py, &self.inner.edges).map_err(|e| output_error(py, e.to_string()))
    }
    /// Every unit by id: `{"needs": [...], "needed_by": [...], "shares":
    /// [...]}`.
    #[getter]
    fn units<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        pythonize(py, &self.inner.units).map_err(|e| output_error(py, e.to_string()))
    }
    /// The shared KRs with their co-owners: `{"key_result", "units"}`.
    #[getter]
    fn shared<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        pythonize(py, &self.inner.shared).map_err(|e| output_error(py, e.to_string()))
    }
    /// The part of the graph touching `unit` (its edges, their units, the
    /// shared KRs it co-owns), like `okr deps --unit`; empty when no unit
    /// has that id.
    fn touching(&self, unit: &str) -> PyDependencies {
        PyDependencies::new(self.inner.touching(unit))
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<crate::pickle::Reduced<'py>> {
        crate::pickle::reduce(
            py,
            "Dependencies",
            vec![crate::pickle::json(py, &self.inner)?],
        )
    }
    /// `{"edges": [...], "units": {...}, "shared": [...]}`, the JSON shape
    /// of `okr deps --format json`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        pythonize(py, &self.inner).map_err(|e| output_error(py, e.to_string()))
    }
    /// One pandas DataFrame, one row per edge (`from`, `to`, `kind`, `via`).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, Lib::Pandas, self.columns(py)?)
    }
    /// One polars DataFrame, one row per edge.
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, Lib::Polars, self.columns(py)?)
    }
    /// A networkx `MultiDiGraph`: every unit a node, one edge per (from,
    /// to, kind) keyed by kind, with `kind` and `via` attributes. Needs
    /// networkx (`pip install 'okr-cascade[networkx]'`).
    fn to_networkx<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let nx = py.import("networkx").map_err(|e| {
            PyImportError::new_err(format!(
                "this needs networkx, an optional dependency: pip install 'okr-cascade[networkx]' ({e})"
            ))
        })?;
        let g = nx.getattr("MultiDiGraph")?.call0()?;
        for id in self.inner.units.keys() {
            g.call_method1("add_node", (id,))?;
        }
        for e in &self.inner.edges {
            let attrs = PyDict::new(py);
            attrs.set_item("key", e.kind.as_str())?;
            attrs.set_item("kind", e.kind.as_str())?;
            attrs.set_item("via", PyList::new(py, &e.via)?)?;
            g.call_method("add_edge", (&e.from, &e.to), Some(&attrs))?;
        }
        Ok(g)
    }
    fn __len__(&self) -> usize {
        self.inner.edges.len()
    }
    /// Notebook display: the edges and the shared key results (bounded).
    fn _repr_html_(&self) -> String {
        okr_report::dependencies_html(&self.inner)
    }
    fn __repr__(&self) -> String {
        format!(
            "Dependencies(edges={}, units={})",
            self.inner.edges.len(),
            self.inner.units.len()
        )
    }
}

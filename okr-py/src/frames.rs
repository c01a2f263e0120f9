//! Tidy DataFrames from columns built in Rust. pandas and polars are
//! optional: imported on first use, with a hint when missing.

use pyo3::exceptions::PyImportError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// Which DataFrame library.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Lib {
    Pandas,
    Polars,
}

impl Lib {
    fn module(self) -> &'static str {
        match self {
            Lib::Pandas => "pandas",
            Lib::Polars => "polars",
        }
    }
}

/// Named columns, in order.
pub(crate) type Columns<'py> = Vec<(&'static str, Bound<'py, PyList>)>;

/// One DataFrame from columns (one row per item).
pub(crate) fn frame<'py>(
    py: Python<'py>,
    lib: Lib,
    columns: Columns<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    let module = py.import(lib.module()).map_err(|e| {
        PyImportError::new_err(format!(
            "this needs {0}, an optional dependency: pip install 'okr-cascade[{0}]' ({e})",
            lib.module()
        ))
    })?;
    let data = PyDict::new(py);
    for (name, values) in columns {
        data.set_item(name, values)?;
    }
    module.getattr("DataFrame")?.call1((data,))
}

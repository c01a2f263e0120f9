//! `Policy`: every threshold of the core's policy as a keyword argument.
//! The field list and defaults come from the core's serde shape, so the
//! binding never repeats them and cannot drift.

use okr_core::{Limits, Policy, PolicyBuilder};
use pyo3::exceptions::PyAttributeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use pythonize::{depythonize, pythonize};

use crate::errors::{policy_error, to_py};

/// A validation policy: rule thresholds, rules switched off, input limits.
///
/// Every field of the core's policy is a keyword argument; absent ones keep
/// the spec's defaults. The input limits (`max_document_bytes`,
/// `max_items`, `max_id_bytes`, `max_lineage_paths`) are given flat, as
/// keywords too. A bad value raises `PolicyError`.
///
/// >>> Policy(disabled=["I202"], max_unit_objectives=3).max_unit_objectives
/// 3
#[pyclass(
    frozen,
    eq,
    skip_from_py_object,
    module = "okr_cascade",
    name = "Policy"
)]
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PyPolicy {
    pub(crate) inner: Policy,
}

/// The policy's fields as a flat dict (limits inlined).
fn flat<'py>(py: Python<'py>, policy: &Policy) -> PyResult<Bound<'py, PyDict>> {
    let nested = pythonize(py, policy)
        .map_err(|e| policy_error(py, e.to_string()))?
        .cast_into::<PyDict>()?;
    let out = PyDict::new(py);
    for (k, v) in nested.iter() {
        if k.extract::<String>()? == "limits" {
            out.update(v.cast::<PyDict>()?.as_mapping())?;
        } else {
            out.set_item(k, v)?;
        }
    }
    Ok(out)
}

impl PyPolicy {
    /// A pickled policy: its JSON, checked again.
    pub(crate) fn unpickle(py: Python<'_>, json: &str) -> PyResult<PyPolicy> {
        let inner = Policy::from_json(json).map_err(|e| to_py(py, &e))?;
        Ok(PyPolicy { inner })
    }

    /// The core policy of an optional Python argument.
    pub(crate) fn of(policy: Option<&PyPolicy>) -> Policy {
        policy.map(|p| p.inner.clone()).unwrap_or_default()
    }

    /// The policy of a dict in the policy file's shape, checked by the
    /// core as every policy is.
    fn from_nested(py: Python<'_>, nested: &Bound<'_, PyAny>) -> PyResult<PyPolicy> {
        let builder: PolicyBuilder =
            depythonize(nested).map_err(|e| policy_error(py, e.to_string()))?;
        let inner = builder.build().map_err(|e| to_py(py, &e))?;
        Ok(PyPolicy { inner })
    }
}

#[pymethods]
impl PyPolicy {
    #[new]
    #[pyo3(signature = (**kwargs))]
    fn new(py: Python<'_>, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let Some(kwargs) = kwargs else {
            return Ok(PyPolicy::default());
        };
        let limit_names = pythonize(py, &Limits::default())
            .map_err(|e| policy_error(py, e.to_string()))?
            .cast_into::<PyDict>()?;
        let nested = PyDict::new(py);
        let limits = PyDict::new(py);
        for (k, v) in kwargs.iter() {
            if limit_names.contains(&k)? {
                limits.set_item(k, v)?;
            } else {
                nested.set_item(k, v)?;
            }
        }
        if !limits.is_empty() {
            nested.set_item("limits", limits)?;
        }
        PyPolicy::from_nested(py, nested.as_any())
    }

    /// A policy from a dict in the policy file's shape (limits nested under
    /// `"limits"`), as the command line's `--policy` file reads it.
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        PyPolicy::from_nested(py, data)
    }

    /// A policy from JSON text in the policy file's shape.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        let inner = Policy::from_json(text).map_err(|e| to_py(py, &e))?;
        Ok(PyPolicy { inner })
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<crate::pickle::Reduced<'py>> {
        let json = crate::pickle::json(py, &self.inner)?;
        crate::pickle::reduce(py, "Policy", vec![json])
    }

    /// The policy file's shape: a dict with limits nested under `"limits"`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        pythonize(py, &self.inner).map_err(|e| policy_error(py, e.to_string()))
    }

    fn __getattr__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        match flat(py, &self.inner)?.get_item(name)? {
            Some(v) => Ok(v),
            None => Err(PyAttributeError::new_err(format!(
                "'Policy' object has no attribute '{name}'"
            ))),
        }
    }

    fn __dir__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let names = flat(py, &self.inner)?.keys();
        for n in ["from_dict", "from_json", "to_dict"] {
            names.append(PyString::new(py, n))?;
        }
        Ok(names.into_any())
    }

    /// Shows the fields that differ from the defaults.
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let mine = flat(py, &self.inner)?;
        let defaults = flat(py, &Policy::default())?;
        let mut parts = Vec::new();
        for (k, v) in mine.iter() {
            if !defaults
                .get_item(&k)?
                .is_some_and(|d| d.eq(&v).unwrap_or(false))
            {
                parts.push(format!("{}={}", k.str()?, v.repr()?));
            }
        }
        Ok(format!("Policy({})", parts.join(", ")))
    }
}

//! The one mapping from the core's errors to Python exceptions, and the
//! guard that runs core calls without the GIL and never lets a panic
//! through. The exception classes live in `okr_cascade/exceptions.py`
//! (defined once, in Python); this module only raises them.

use std::panic::{catch_unwind, AssertUnwindSafe};

use okr_core::{Error, LoadError};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Raises `okr_cascade.exceptions.<class>(message, **kwargs)`.
fn raise(py: Python<'_>, class: &str, message: String, kwargs: Option<Bound<'_, PyDict>>) -> PyErr {
    let made = py
        .import("okr_cascade.exceptions")
        .and_then(|m| m.getattr(class))
        .and_then(|c| c.call((message.clone(),), kwargs.as_ref()));
    match made {
        Ok(exc) => PyErr::from_value(exc),
        // The package is broken (exceptions.py missing): still an exception.
        Err(e) => PyRuntimeError::new_err(format!("{message} ({e})")),
    }
}

fn load_error(py: Python<'_>, e: &LoadError) -> PyErr {
    let kwargs = PyDict::new(py);
    let filled = kwargs
        .set_item("kind", e.kind.as_str())
        .and_then(|()| kwargs.set_item("line", e.line))
        .and_then(|()| kwargs.set_item("column", e.column))
        .and_then(|()| kwargs.set_item("path", e.path.as_deref()));
    match filled {
        Ok(()) => raise(py, "UnreadableDocumentError", e.to_string(), Some(kwargs)),
        Err(err) => err,
    }
}

/// The Python exception for a core error.
pub(crate) fn to_py(py: Python<'_>, e: &Error) -> PyErr {
    match e {
        Error::Load(l) => load_error(py, l),
        Error::UnknownId { id, .. } => {
            let kwargs = PyDict::new(py);
            match kwargs.set_item("id", id) {
                Ok(()) => raise(py, "UnknownIdError", e.to_string(), Some(kwargs)),
                Err(err) => err,
            }
        }
        Error::Policy(_) => raise(py, "PolicyError", e.to_string(), None),
        Error::Input(_) => raise(py, "InvalidInputError", e.to_string(), None),
        Error::Output(_) => {
            let kwargs = PyDict::new(py);
            match kwargs.set_item("code", e.code()) {
                Ok(()) => raise(py, "OkrError", e.to_string(), Some(kwargs)),
                Err(err) => err,
            }
        }
        // `Error` is non-exhaustive: a future variant is still an OkrError.
        _ => raise(py, "OkrError", e.to_string(), None),
    }
}

/// An `InvalidInputError` for a bad argument found in the binding.
pub(crate) fn invalid_input(py: Python<'_>, message: impl Into<String>) -> PyErr {
    to_py(py, &Error::Input(message.into()))
}

/// An `OkrError` with code `internal` for a result the binding could not
/// convert (a serialiser failure: a bug, since results are always finite).
pub(crate) fn output_error(py: Python<'_>, message: impl Into<String>) -> PyErr {
    to_py(py, &Error::Output(message.into()))
}

/// A `PolicyError` for a policy the binding could not convert.
pub(crate) fn policy_error(py: Python<'_>, message: impl Into<String>) -> PyErr {
    to_py(py, &Error::Policy(message.into()))
}

/// The error for a panic caught at the boundary (or another bug): an
/// `OkrError` saying it is a bug, never a `PanicException`.
pub(crate) fn internal(py: Python<'_>, payload: &(dyn std::any::Any + Send)) -> PyErr {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown cause".into());
    let kwargs = PyDict::new(py);
    match kwargs.set_item("code", "internal") {
        Ok(()) => raise(
            py,
            "OkrError",
            format!("internal error in okr-cascade (please report it): {what}"),
            Some(kwargs),
        ),
        Err(err) => err,
    }
}

/// Runs `f` with the GIL released, catching any panic; core errors become
/// the matching Python exceptions.
pub(crate) fn detached<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    F: FnOnce() -> Result<T, Error> + Send,
    T: Send,
{
    match py.detach(|| catch_unwind(AssertUnwindSafe(f))) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(to_py(py, &e)),
        Err(payload) => Err(internal(py, payload.as_ref())),
    }
}

/// Like [`detached`] but keeps the GIL (for quick calls on `&mut` state).
pub(crate) fn guarded<T, F>(py: Python<'_>, f: F) -> PyResult<T>
where
    F: FnOnce() -> Result<T, Error>,
{
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(to_py(py, &e)),
        Err(payload) => Err(internal(py, payload.as_ref())),
    }
}

/// Test hook: panics inside the guard, so the tests can check that a Rust
/// panic arrives as an `OkrError` (code `internal`), not a `PanicException`.
#[pyfunction]
#[pyo3(name = "_internal_error_for_tests")]
pub(crate) fn internal_error_for_tests(py: Python<'_>) -> PyResult<()> {
    detached(py, || -> Result<(), Error> {
        #[expect(clippy::panic, reason = "deliberate: exercises the panic guard")]
        {
            panic!("deliberate panic from the test hook")
        }
    })
}

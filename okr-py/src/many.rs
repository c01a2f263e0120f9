//! `validate_many` and `rollup_many`: many documents at once, on the
//! core's thread pool (`okr_core::many`) with the GIL released. The
//! documents are taken apart into plain Rust values first (texts, paths,
//! loaded cascades), so the parallel part touches no Python object; the
//! results come back in input order, and a document that cannot be read
//! holds its exception object in its slot instead of raising for the batch.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;

use okr_core::{Cascade, Error, Limits, Policy, RollupOptions};
use pyo3::exceptions::PyOSError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::cascade::{date_arg, dict_json, parse_format, read, Format, PyCascade};
use crate::errors::{internal, invalid_input, to_py};
use crate::policy::PyPolicy;
use crate::results::PyReport;
use crate::rollup::PyRollup;

/// One document's outcome: the loaded cascade and the value, or why not.
type Slot<T> = Result<(Arc<Cascade>, T), Failure>;

/// One document of the batch, without Python objects.
enum Doc {
    Text(String, Format),
    Path(PathBuf, Option<Format>),
    Loaded(Arc<Cascade>),
    /// Not a document at all: the message of its `InvalidInputError`.
    Bad(String),
}

/// Why one document has no result.
enum Failure {
    Core(Error),
    Io(std::io::Error, PathBuf),
    Panic(String),
}

/// Takes one item apart as `okr_cascade.load` reads it: a `Cascade`; a
/// dict; a string starting with `{` (JSON text, or any text when `format`
/// is given); any other string or `os.PathLike` is a path.
fn doc_of(item: &Bound<'_, PyAny>, index: usize, format: Option<Format>) -> PyResult<Doc> {
    if let Ok(c) = item.cast::<PyCascade>() {
        return Ok(Doc::Loaded(Arc::clone(&c.get().inner)));
    }
    if item.is_instance_of::<PyDict>() {
        return Ok(Doc::Text(dict_json(item)?, Format::Json));
    }
    if let Ok(text) = item.cast::<PyString>() {
        let text = text.to_cow()?;
        if format.is_some() || text.trim_start().starts_with('{') {
            return Ok(Doc::Text(text.into_owned(), format.unwrap_or(Format::Json)));
        }
    }
    match item.extract::<PathBuf>() {
        Ok(path) => Ok(Doc::Path(path, format)),
        Err(_) => Ok(Doc::Bad(format!(
            "document {index} is a {}, not JSON text, a dict, a path or a Cascade",
            item.get_type().name()?
        ))),
    }
}

/// Loads one document (reading its file when it is a path) and applies
/// `f`; never panics (a panic becomes this slot's internal error).
fn one<T>(doc: &Doc, limits: &Limits, f: &(dyn Fn(&Cascade) -> T + Sync)) -> Slot<T> {
    let run = || -> Slot<T> {
        let cascade = match doc {
            Doc::Loaded(c) => Arc::clone(c),
            Doc::Text(text, format) => {
                Arc::new(read(text, *format, limits).map_err(Failure::Core)?)
            }
            Doc::Path(path, format) => {
                let text =
                    std::fs::read_to_string(path).map_err(|e| Failure::Io(e, path.clone()))?;
                let format = format.unwrap_or_else(|| Format::of_path(path));
                Arc::new(read(&text, format, limits).map_err(Failure::Core)?)
            }
            Doc::Bad(message) => return Err(Failure::Core(Error::Input(message.clone()))),
        };
        let value = f(&cascade);
        Ok((cascade, value))
    };
    match catch_unwind(AssertUnwindSafe(run)) {
        Ok(result) => result,
        Err(payload) => Err(Failure::Panic(
            payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".into()),
        )),
    }
}

/// The exception object of a failed slot (not raised).
fn failure_object(py: Python<'_>, failure: &Failure) -> Py<PyAny> {
    let err = match failure {
        Failure::Core(e) => to_py(py, e),
        Failure::Io(e, path) => PyOSError::new_err((
            e.raw_os_error().unwrap_or(0),
            e.to_string(),
            path.display().to_string(),
        )),
        Failure::Panic(what) => internal(py, &what.clone()),
    };
    err.into_value(py).into_any()
}

fn threads_arg(py: Python<'_>, threads: Option<i64>) -> PyResult<Option<usize>> {
    match threads {
        None => Ok(None),
        Some(n) if n >= 1 => usize::try_from(n)
            .map(Some)
            .map_err(|_| invalid_input(py, format!("threads = {n} is too large"))),
        Some(n) => Err(invalid_input(
            py,
            format!("`threads` must be at least 1 (or None for every core), not {n}"),
        )),
    }
}

/// The batch: the documents taken apart, then loaded and processed on the
/// core's pool with the GIL released.
fn run<T: Send>(
    py: Python<'_>,
    docs: &Bound<'_, PyAny>,
    threads: Option<i64>,
    format: Option<&str>,
    limits: &Limits,
    f: &(dyn Fn(&Cascade) -> T + Sync),
) -> PyResult<Vec<Slot<T>>> {
    let threads = threads_arg(py, threads)?;
    let format = parse_format(py, format)?;
    let items = docs
        .try_iter()?
        .enumerate()
        .map(|(i, item)| doc_of(&item?, i, format))
        .collect::<PyResult<Vec<Doc>>>()?;
    Ok(py.detach(|| okr_core::many::map(&items, threads, |doc| one(doc, limits, f))))
}

/// The batch's results as a Python list, in input order: `value` makes
/// each result's object, a failure is its exception object.
fn results_list<'py, T, V: IntoPyObject<'py>>(
    py: Python<'py>,
    results: Vec<Slot<T>>,
    value: impl Fn(Arc<Cascade>, T) -> PyResult<V>,
) -> PyResult<Bound<'py, PyList>> {
    let out = PyList::empty(py);
    for r in results {
        match r {
            Ok((cascade, v)) => out.append(value(cascade, v)?)?,
            Err(f) => out.append(failure_object(py, &f))?,
        }
    }
    Ok(out)
}

/// Validates many documents at once and returns one result per document,
/// in input order: a `Report`, or for a document that cannot be read, the
/// exception it would raise (not raised). Documents are what `load` takes
/// (JSON text, a dict, a path) or `Cascade` objects. `threads`: None uses
/// every core, 1 runs them one after another. Releases the GIL.
#[pyfunction]
#[pyo3(signature = (docs, threads = None, *, policy = None, format = None))]
pub(crate) fn validate_many<'py>(
    py: Python<'py>,
    docs: &Bound<'py, PyAny>,
    threads: Option<i64>,
    policy: Option<&PyPolicy>,
    format: Option<&str>,
) -> PyResult<Bound<'py, PyList>> {
    let policy: Policy = PyPolicy::of(policy);
    let results = run(
        py,
        docs,
        threads,
        format,
        policy.limits(),
        &|c: &Cascade| c.validate(&policy),
    )?;
    results_list(py, results, |_, report| PyReport::new(py, report))
}

/// Rolls up many documents at once and returns one result per document, in
/// input order: a `Rollup`, or for a document that cannot be read, the
/// exception it would raise (not raised). `as_of` overrides every
/// document's date; the policy's margins apply. See `validate_many` for
/// `docs` and `threads`. Releases the GIL.
#[pyfunction]
#[pyo3(signature = (docs, threads = None, *, as_of = None, policy = None, format = None))]
pub(crate) fn rollup_many<'py>(
    py: Python<'py>,
    docs: &Bound<'py, PyAny>,
    threads: Option<i64>,
    as_of: Option<&Bound<'py, PyAny>>,
    policy: Option<&PyPolicy>,
    format: Option<&str>,
) -> PyResult<Bound<'py, PyList>> {
    let as_of = as_of.map(|d| date_arg(py, "as_of", d)).transpose()?;
    let policy: Policy = PyPolicy::of(policy);
    let options = RollupOptions::from_policy(&policy).with_as_of(as_of);
    let results = run(
        py,
        docs,
        threads,
        format,
        policy.limits(),
        &|c: &Cascade| c.rollup(&options),
    )?;
    results_list(py, results, |cascade, rollup| {
        Ok(PyRollup::full(&cascade, rollup))
    })
}

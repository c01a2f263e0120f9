//! # okr-py: the `okr_cascade` Python package's native module
//!
//! Conversion in, a call to [`okr_core`], conversion out; no logic of its
//! own. The pure-Python part (`python/okr_cascade/`) defines the exception
//! classes and re-exports these classes; `_okr_cascade.pyi` types them.

mod cascade;
mod deps;
mod diff;
mod errors;
mod frames;
mod many;
mod pickle;
mod policy;
mod results;
mod rollup;
mod sheets;
mod trend;

use pyo3::prelude::*;
use pyo3::types::PyTuple;
use pyo3::BoundObject;

/// Python's `repr()` of a value, for the results' reprs.
pub(crate) fn repr<'py, T: IntoPyObject<'py>>(py: Python<'py>, value: T) -> PyResult<String> {
    let obj = value.into_pyobject(py).map_err(Into::into)?;
    Ok(obj.into_bound().into_any().repr()?.to_string())
}

/// Times `validate` then `rollup` natively, as the Python calls do them
/// (default policy, the cycle's `as_of`), `repeat` times with the GIL
/// released; returns the seconds of each run. Used by `bench/bench_py.py`
/// to compare the binding with plain Rust in one process.
#[pyfunction]
#[pyo3(name = "_native_validate_rollup_seconds", signature = (cascade, repeat = 1))]
fn native_validate_rollup_seconds(
    py: Python<'_>,
    cascade: &cascade::PyCascade,
    repeat: usize,
) -> PyResult<Vec<f64>> {
    let c = &cascade.inner;
    errors::detached(py, || {
        let policy = okr_core::Policy::default();
        let options = okr_core::RollupOptions::from_policy(&policy);
        Ok((0..repeat)
            .map(|_| {
                let t = std::time::Instant::now();
                let report = c.validate(&policy);
                let rollup = c.rollup(&options);
                std::hint::black_box((&report, &rollup));
                let secs = t.elapsed().as_secs_f64();
                drop((report, rollup));
                secs
            })
            .collect())
    })
}

/// A seeded synthetic cascade as JSON text: `teams` team units (about a
/// tenth as many functions), realistic links, check-ins and a sprinkling of
/// every warning, never an error. The same arguments give the same text.
/// Releases the GIL.
#[pyfunction]
#[pyo3(signature = (teams, seed = 1))]
fn synth(py: Python<'_>, teams: usize, seed: u64) -> PyResult<String> {
    let opts = okr_synth::SynthOptions { teams, seed };
    let json = errors::detached(py, || Ok(okr_synth::generate_json(&opts)))?;
    // Serialising a generated document cannot fail; if it ever does, it is
    // a bug reported as such, never an empty text.
    json.map_err(|e| errors::internal(py, &format!("cannot write the synthetic document: {e}")))
}

/// The native module `okr_cascade._okr_cascade`.
#[pymodule]
fn _okr_cascade(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    let py = m.py();
    let rule_codes = okr_core::Code::ALL.iter().map(|c| c.as_str());
    m.add("RULE_CODES", PyTuple::new(py, rule_codes)?)?;
    m.add("ERROR_CODES", PyTuple::new(py, okr_core::Error::CODES)?)?;
    m.add_class::<cascade::PyCascade>()?;
    m.add_class::<cascade::PyLiveRollup>()?;
    m.add_class::<policy::PyPolicy>()?;
    m.add_class::<results::PyReport>()?;
    m.add_class::<results::PyDiagnostic>()?;
    m.add_class::<results::PySummary>()?;
    m.add_class::<results::PyLineage>()?;
    m.add_class::<results::PyExplanation>()?;
    m.add_class::<deps::PyDependencies>()?;
    m.add_class::<diff::PyDiff>()?;
    m.add_class::<diff::PyScorecard>()?;
    m.add_class::<rollup::PyRollup>()?;
    m.add_class::<rollup::PyFigureMap>()?;
    m.add_class::<trend::PyTrend>()?;
    m.add_class::<trend::PyTrendSeriesMap>()?;
    m.add_class::<rollup::PyKeyResultFigures>()?;
    m.add_class::<rollup::PyObjectiveFigures>()?;
    m.add_class::<rollup::PyMeanFigures>()?;
    m.add_class::<rollup::PyMandateFigures>()?;
    m.add_function(wrap_pyfunction!(synth, m)?)?;
    m.add_function(wrap_pyfunction!(sheets::from_csv, m)?)?;
    m.add_function(wrap_pyfunction!(diff::diff, m)?)?;
    m.add_function(wrap_pyfunction!(many::validate_many, m)?)?;
    m.add_function(wrap_pyfunction!(pickle::unpickle, m)?)?;
    m.add_function(wrap_pyfunction!(many::rollup_many, m)?)?;
    m.add_function(wrap_pyfunction!(native_validate_rollup_seconds, m)?)?;
    m.add_function(wrap_pyfunction!(errors::internal_error_for_tests, m)?)?;
    Ok(())
}

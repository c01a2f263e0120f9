//! Sheets and check-ins from Python: `from_csv`, `Cascade.to_csv`, and the
//! live model's check-ins from CSV text or a pandas / polars DataFrame.
//! Conversion only: reading and writing sheets is okr-core's `sheet`.

use okr_core::{sheet, Cascade, CheckIn};
use pyo3::exceptions::PyUserWarning;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

use crate::cascade::{date_arg, PyCascade};
use crate::errors::{detached, invalid_input};

/// Reads a sheet (CSV text, one row per key result; see docs/sheets.md)
/// into a `Cascade`. Raises `UnreadableDocumentError` naming the row and
/// column of the first problem. Releases the GIL.
#[pyfunction]
pub(crate) fn from_csv(py: Python<'_>, text: &str) -> PyResult<PyCascade> {
    let cascade = detached(py, || Cascade::from_csv(text))?;
    Ok(PyCascade::from_core(cascade))
}

/// The document as a sheet. Without `lossy`, refuses (`InvalidInputError`,
/// naming them) what a sheet cannot carry; with it, leaves them out with a
/// `UserWarning` saying what.
pub(crate) fn to_csv(py: Python<'_>, cascade: &Cascade, lossy: bool) -> PyResult<String> {
    if !lossy {
        return detached(py, || cascade.to_csv());
    }
    let out = detached(py, || sheet::to_csv_lossy(cascade.document()))?;
    for what in &out.left_out {
        PyErr::warn(
            py,
            &py.get_type::<PyUserWarning>(),
            &std::ffi::CString::new(format!("the sheet leaves out {what}")).unwrap_or_default(),
            1,
        )?;
    }
    Ok(out.csv)
}

/// The document's check-ins as CSV.
pub(crate) fn check_ins_to_csv(py: Python<'_>, cascade: &Cascade) -> PyResult<String> {
    detached(py, || {
        sheet::check_ins_to_csv(&cascade.document().check_ins)
    })
}

/// The check-ins of a pandas or polars DataFrame with columns
/// `key_result`, `date`, `value` and optionally `confidence`: each column
/// pulled out whole (`to_list()`), then converted in one pass. A missing
/// value (None, NaN, NaT) is an error naming the row (its position, from
/// 0) and the column, except in `confidence`, where it means none.
pub(crate) fn frame_check_ins(py: Python<'_>, frame: &Bound<'_, PyAny>) -> PyResult<Vec<CheckIn>> {
    let columns: Vec<String> = frame
        .getattr("columns")
        .and_then(|c| c.try_iter()?.map(|x| x?.str()?.extract()).collect())
        .map_err(|_| {
            invalid_input(
                py,
                "expected a pandas or polars DataFrame with columns key_result, date, value (and optionally confidence)",
            )
        })?;
    let has = |c: &str| columns.iter().any(|x| x == c);
    for c in ["key_result", "date", "value"] {
        if !has(c) {
            return Err(invalid_input(
                py,
                format!(
                    "the DataFrame has no `{c}` column (it has {}); check-ins need key_result, date, value and optionally confidence",
                    columns.join(", ")
                ),
            ));
        }
    }
    let column = |name: &str| -> PyResult<Bound<'_, PyList>> {
        let series = frame.get_item(name)?;
        Ok(series.call_method0("to_list")?.cast_into::<PyList>()?)
    };
    let krs = column("key_result")?;
    let dates = column("date")?;
    let values = column("value")?;
    let confidences = if has("confidence") {
        Some(column("confidence")?)
    } else {
        None
    };
    let missing = |row: usize, c: &str| {
        invalid_input(
            py,
            format!("row {row} (position from 0), column `{c}`: missing value"),
        )
    };
    // A float cell: None and NaN are missing.
    let number = |v: Bound<'_, PyAny>| -> PyResult<Option<f64>> {
        if v.is_none() {
            return Ok(None);
        }
        let x: f64 = v.extract()?;
        Ok((!x.is_nan()).then_some(x))
    };
    let mut out = Vec::with_capacity(krs.len());
    for (row, ((kr, date), value)) in krs.iter().zip(dates.iter()).zip(values.iter()).enumerate() {
        let key_result = if kr.is_none() {
            return Err(missing(row, "key_result"));
        } else if let Ok(s) = kr.cast::<PyString>() {
            s.to_cow()?.into_owned()
        } else {
            return Err(invalid_input(
                py,
                format!("row {row} (position from 0), column `key_result`: not text"),
            ));
        };
        // NaT and None are missing; a date, datetime, Timestamp or
        // "YYYY-MM-DD" is read by its year, month and day.
        let is_nat = date.is_none()
            || date
                .repr()
                .is_ok_and(|r| r.to_cow().is_ok_and(|c| c == "NaT"));
        if is_nat {
            return Err(missing(row, "date"));
        }
        let date = date_arg(
            py,
            &format!("row {row} (position from 0), column `date`"),
            &date,
        )?;
        let value = number(value)
            .map_err(|_| {
                invalid_input(
                    py,
                    format!("row {row} (position from 0), column `value`: not a number"),
                )
            })?
            .ok_or_else(|| missing(row, "value"))?;
        let confidence = match &confidences {
            Some(c) => number(c.get_item(row)?).map_err(|_| {
                invalid_input(
                    py,
                    format!("row {row} (position from 0), column `confidence`: not a number"),
                )
            })?,
            None => None,
        };
        out.push(CheckIn {
            key_result,
            date,
            value,
            confidence,
        });
    }
    Ok(out)
}

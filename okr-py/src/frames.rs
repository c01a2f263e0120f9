//! Tidy DataFrames from columns built in Rust. pandas and polars are
//! optional: imported on first use, with a hint when missing.
//!
//! Every column gets its type from its name, the same in pandas and
//! polars, so an empty frame has the same types as a full one: codes,
//! statuses, kinds and severities are categorical; dates are dates
//! (pandas `datetime64`, polars `Date`); ids and texts are strings; the
//! `old` / `new` values of a diff (any JSON value) are Python objects. In
//! pandas the status columns of one frame share their categories, so a
//! diff's `status_old != status_new` compares.

use pyo3::exceptions::PyImportError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

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

/// A column's type, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ColumnType {
    /// A few repeated words (codes, statuses, kinds): categorical.
    Category,
    /// Ids and free text: strings.
    Text,
    /// `YYYY-MM-DD` dates.
    Date,
    /// Any JSON value (a diff's `old` and `new`).
    Object,
    /// Numbers, booleans and lists: as the library infers them.
    Inferred,
}

/// The type of a column, by name: one table for every result.
fn column_type(name: &str) -> ColumnType {
    match name {
        "code" | "rule" | "severity" | "status" | "status_old" | "status_new" | "kind"
        | "change" => ColumnType::Category,
        "id" | "subject" | "from" | "to" | "field" | "message" | "hint" => ColumnType::Text,
        "date" => ColumnType::Date,
        "old" | "new" => ColumnType::Object,
        _ => ColumnType::Inferred,
    }
}

/// The column's values with `YYYY-MM-DD` texts as `datetime.date`.
fn dates<'py>(py: Python<'py>, values: &Bound<'py, PyList>) -> PyResult<Bound<'py, PyList>> {
    let date = py.import("datetime")?.getattr("date")?;
    let out = PyList::empty(py);
    for v in values.iter() {
        if v.is_instance_of::<PyString>() {
            out.append(date.call_method1("fromisoformat", (v,))?)?;
        } else {
            out.append(v)?;
        }
    }
    Ok(out)
}

/// One DataFrame from columns (one row per item), each column typed by
/// its name (see the module documentation).
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
    match lib {
        Lib::Pandas => {
            // The status columns of one frame (a diff's `status_old` and
            // `status_new`) share one category list, so they compare.
            let mut statuses: Vec<String> = Vec::new();
            for (name, values) in &columns {
                if name.starts_with("status") {
                    for v in values.iter() {
                        if let Ok(s) = v.extract::<String>() {
                            if !statuses.contains(&s) {
                                statuses.push(s);
                            }
                        }
                    }
                }
            }
            statuses.sort();
            let status_dtype = module
                .getattr("CategoricalDtype")?
                .call1((PyList::new(py, &statuses)?,))?;
            let data = PyDict::new(py);
            for (name, values) in columns {
                let kwargs = PyDict::new(py);
                let series = match column_type(name) {
                    ColumnType::Category => {
                        if name.starts_with("status") {
                            kwargs.set_item("dtype", &status_dtype)?;
                        } else {
                            kwargs.set_item("dtype", "category")?;
                        }
                        module.getattr("Series")?.call((values,), Some(&kwargs))?
                    }
                    ColumnType::Text => {
                        // Strings even when empty (pandas guesses float).
                        kwargs.set_item("dtype", py.import("builtins")?.getattr("str")?)?;
                        if values.is_empty() {
                            module.getattr("Series")?.call((values,), Some(&kwargs))?
                        } else {
                            module.getattr("Series")?.call1((values,))?
                        }
                    }
                    ColumnType::Date => {
                        let s = module.getattr("Series")?.call1((dates(py, &values)?,))?;
                        module.call_method1("to_datetime", (s,))?
                    }
                    ColumnType::Object => {
                        kwargs.set_item("dtype", "object")?;
                        module.getattr("Series")?.call((values,), Some(&kwargs))?
                    }
                    ColumnType::Inferred => module.getattr("Series")?.call1((values,))?,
                };
                data.set_item(name, series)?;
            }
            module.getattr("DataFrame")?.call1((data,))
        }
        Lib::Polars => {
            let series = PyList::empty(py);
            for (name, values) in columns {
                let dtype = match column_type(name) {
                    ColumnType::Category => Some(module.getattr("Categorical")?),
                    ColumnType::Text => Some(module.getattr("String")?),
                    ColumnType::Date => Some(module.getattr("Date")?),
                    ColumnType::Object => Some(module.getattr("Object")?),
                    ColumnType::Inferred => None,
                };
                let values = if column_type(name) == ColumnType::Date {
                    dates(py, &values)?
                } else {
                    values
                };
                let kwargs = PyDict::new(py);
                if let Some(d) = dtype {
                    kwargs.set_item("dtype", d)?;
                }
                series.append(
                    module
                        .getattr("Series")?
                        .call((name, values), Some(&kwargs))?,
                )?;
            }
            module.getattr("DataFrame")?.call1((series,))
        }
    }
}

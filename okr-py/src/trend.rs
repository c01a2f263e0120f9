//! `Trend` (the figures at each date of a grid) and `TrendSeriesMap` (one
//! kind's series, keyed by id). They hold the core's columnar trend and
//! convert a series to Python only when it is read.

use std::sync::Arc;

use okr_core::{Cascade, Date, RollupOptions, Series, Trend, TrendKind, TrendPoint};

use crate::cascade::PyCascade;
use crate::errors::detached;
use crate::pickle;
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::frames::{frame, Columns, Lib};

/// `datetime.date` objects for the grid dates (made once per call).
fn py_dates<'py>(py: Python<'py>, dates: &[Date]) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let date = py.import("datetime")?.getattr("date")?;
    dates
        .iter()
        .map(|d| date.call_method1("fromisoformat", (d.to_string(),)))
        .collect()
}

/// One point as `{"date", "progress", "status"}`.
fn point<'py>(
    py: Python<'py>,
    date: &Bound<'py, PyAny>,
    p: TrendPoint,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("date", date)?;
    d.set_item("progress", p.progress)?;
    d.set_item("status", p.status.map(|s| s.as_str()))?;
    Ok(d)
}

fn points<'py>(
    py: Python<'py>,
    dates: &[Bound<'py, PyAny>],
    s: Series<'_>,
) -> PyResult<Bound<'py, PyList>> {
    let items = s
        .iter()
        .zip(dates)
        .map(|(p, d)| point(py, d, p))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

fn kind_name(kind: TrendKind) -> &'static str {
    kind.plural()
}

/// One kind's series, keyed by id (ids in ascending order): `map["KR1"]` is
/// the list of points `{"date": datetime.date, "progress": float | None,
/// "status": str | None}`.
#[pyclass(frozen, mapping, module = "okr_cascade", name = "TrendSeriesMap")]
pub struct PyTrendSeriesMap {
    cascade: Arc<Cascade>,
    trend: Arc<Trend>,
    recipe: Arc<Recipe>,
    kind: TrendKind,
}

impl PyTrendSeriesMap {
    fn sorted(&self) -> Vec<(&str, Series<'_>)> {
        self.trend
            .with_ids(&self.cascade)
            .map(|t| t.sorted(self.kind))
            .unwrap_or_default()
    }

    fn find(&self, id: &str) -> Option<Series<'_>> {
        self.trend.with_ids(&self.cascade)?.get(self.kind, id)
    }
}

#[pymethods]
impl PyTrendSeriesMap {
    /// `"key_results"`, `"objectives"`, `"themes"` or `"units"`.
    #[getter]
    fn kind(&self) -> &'static str {
        kind_name(self.kind)
    }
    /// Pickles as its trend and the kind's name.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<pickle::Reduced<'py>> {
        let parent = PyTrend {
            cascade: Arc::clone(&self.cascade),
            trend: Arc::clone(&self.trend),
            recipe: Arc::clone(&self.recipe),
        };
        pickle::reduce_attr(
            py,
            Py::new(py, parent)?.into_bound(py).into_any(),
            kind_name(self.kind),
        )
    }
    fn __len__(&self) -> usize {
        self.trend.len(self.kind)
    }
    fn __getitem__<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyList>> {
        match self.find(id) {
            Some(s) => points(py, &py_dates(py, self.trend.dates())?, s),
            None => Err(PyKeyError::new_err(id.to_string())),
        }
    }
    fn __contains__(&self, id: &Bound<'_, PyAny>) -> bool {
        id.extract::<String>()
            .is_ok_and(|id| self.find(&id).is_some())
    }
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.keys(py)?.as_any().try_iter()?.into_any())
    }
    /// The series of `id`, or `default`.
    #[pyo3(signature = (id, default = None))]
    fn get(&self, py: Python<'_>, id: &str, default: Option<Py<PyAny>>) -> PyResult<Py<PyAny>> {
        match self.find(id) {
            Some(s) => Ok(points(py, &py_dates(py, self.trend.dates())?, s)?
                .into_any()
                .unbind()),
            None => Ok(default.unwrap_or_else(|| py.None())),
        }
    }
    /// The ids, in ascending order.
    fn keys<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(
            py,
            self.sorted()
                .into_iter()
                .map(|(id, _)| PyString::new(py, id)),
        )
    }
    /// The series, in id order.
    fn values<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let dates = py_dates(py, self.trend.dates())?;
        let items = self
            .sorted()
            .into_iter()
            .map(|(_, s)| points(py, &dates, s))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }
    /// `(id, series)` pairs, in id order.
    fn items<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let dates = py_dates(py, self.trend.dates())?;
        let items = self
            .sorted()
            .into_iter()
            .map(|(id, s)| Ok((PyString::new(py, id), points(py, &dates, s)?)))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }
    fn __repr__(&self) -> String {
        format!(
            "TrendSeriesMap(kind='{}', len={}, points={})",
            kind_name(self.kind),
            self.trend.len(self.kind),
            self.trend.dates().len()
        )
    }
}

/// The figures of every key result, objective, theme and unit at each date
/// of the grid (`Cascade.trend`): `dates`, one `TrendSeriesMap` per kind,
/// and `to_pandas()` / `to_polars()` in long format (date, kind, id,
/// progress, status).
#[pyclass(frozen, module = "okr_cascade", name = "Trend")]
pub struct PyTrend {
    cascade: Arc<Cascade>,
    trend: Arc<Trend>,
    recipe: Arc<Recipe>,
}

/// How a trend was made: a pickle recomputes it from the document with
/// these.
pub(crate) struct Recipe {
    pub(crate) every: u32,
    pub(crate) options: RollupOptions,
}

impl PyTrend {
    pub(crate) fn new(cascade: &Arc<Cascade>, trend: Trend, recipe: Recipe) -> PyTrend {
        PyTrend {
            cascade: Arc::clone(cascade),
            trend: Arc::new(trend),
            recipe: Arc::new(recipe),
        }
    }

    /// A pickled trend: `[document, every, options]`, recomputed.
    pub(crate) fn unpickle(py: Python<'_>, parts: &[String]) -> PyResult<PyTrend> {
        let cascade = PyCascade::unpickle(py, pickle::part(py, parts, 0)?)?.inner;
        let every: u32 = pickle::from_json(py, pickle::part(py, parts, 1)?)?;
        let options: pickle::Options = pickle::from_json(py, pickle::part(py, parts, 2)?)?;
        let options = options.rollup_options(py)?;
        let c = &cascade;
        let trend = detached(py, || c.trend(every, &options))?;
        Ok(PyTrend::new(&cascade, trend, Recipe { every, options }))
    }

    fn map(&self, kind: TrendKind) -> PyTrendSeriesMap {
        PyTrendSeriesMap {
            cascade: Arc::clone(&self.cascade),
            trend: Arc::clone(&self.trend),
            recipe: Arc::clone(&self.recipe),
            kind,
        }
    }

    /// Long format: one row per item and date, kinds in output order, ids
    /// ascending, dates in order.
    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Columns<'py>> {
        let dates = py_dates(py, self.trend.dates())?;
        let (mut date, mut kind, mut id, mut progress, mut status) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        if let Some(t) = self.trend.with_ids(&self.cascade) {
            for k in TrendKind::ALL {
                let name = PyString::new(py, k.singular());
                for (item, series) in t.sorted(k) {
                    let item = PyString::new(py, item);
                    for (p, d) in series.iter().zip(&dates) {
                        date.push(d.clone());
                        kind.push(name.clone());
                        id.push(item.clone());
                        progress.push(p.progress);
                        status.push(p.status.map(|s| s.as_str()));
                    }
                }
            }
        }
        Ok(vec![
            ("date", PyList::new(py, date)?),
            ("kind", PyList::new(py, kind)?),
            ("id", PyList::new(py, id)?),
            ("progress", PyList::new(py, progress)?),
            ("status", PyList::new(py, status)?),
        ])
    }
}

#[pymethods]
impl PyTrend {
    /// The grid dates (`datetime.date`), in order.
    #[getter]
    fn dates<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, py_dates(py, self.trend.dates())?)
    }
    /// Series per key result.
    #[getter]
    fn key_results(&self) -> PyTrendSeriesMap {
        self.map(TrendKind::KeyResult)
    }
    /// Series per objective.
    #[getter]
    fn objectives(&self) -> PyTrendSeriesMap {
        self.map(TrendKind::Objective)
    }
    /// Series per theme (status always None).
    #[getter]
    fn themes(&self) -> PyTrendSeriesMap {
        self.map(TrendKind::Theme)
    }
    /// Series per unit (status always None).
    #[getter]
    fn units(&self) -> PyTrendSeriesMap {
        self.map(TrendKind::Unit)
    }
    /// The JSON shape of `okr trend --format json` (dates as strings).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        let t = self.trend.with_ids(&self.cascade);
        for k in TrendKind::ALL {
            let d = PyDict::new(py);
            for (id, series) in t.map(|t| t.sorted(k)).unwrap_or_default() {
                let pts = series
                    .iter()
                    .map(|p| {
                        let date = PyString::new(py, &p.date.to_string()).into_any();
                        point(py, &date, p)
                    })
                    .collect::<PyResult<Vec<_>>>()?;
                d.set_item(id, PyList::new(py, pts)?)?;
            }
            out.set_item(k.plural(), d)?;
        }
        Ok(out)
    }
    /// One pandas DataFrame in long format: `date` (datetime64), `kind`,
    /// `id`, `progress`, `status` (categorical).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let df = frame(py, Lib::Pandas, self.columns(py)?)?;
        let pd = py.import("pandas")?;
        df.set_item(
            "date",
            pd.call_method1("to_datetime", (df.get_item("date")?,))?,
        )?;
        df.set_item(
            "status",
            df.get_item("status")?
                .call_method1("astype", ("category",))?,
        )?;
        Ok(df)
    }
    /// One polars DataFrame in long format: `date` (Date), `kind`, `id`,
    /// `progress`, `status` (Categorical).
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let df = frame(py, Lib::Polars, self.columns(py)?)?;
        let pl = py.import("polars")?;
        let status = pl
            .call_method1("col", ("status",))?
            .call_method1("cast", (pl.getattr("Categorical")?,))?;
        df.call_method1("with_columns", (status,))
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<pickle::Reduced<'py>> {
        let c = &self.cascade;
        let doc = detached(py, || c.to_json())?;
        let parts = vec![
            doc,
            pickle::json(py, &self.recipe.every)?,
            pickle::json(py, &pickle::Options::of(&self.recipe.options))?,
        ];
        pickle::reduce(py, "Trend", parts)
    }
    fn __len__(&self) -> usize {
        self.trend.dates().len()
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyTrend>().is_ok_and(|o| {
            let o = o.get();
            *o.trend == *self.trend
                && o.cascade.document().key_results.len()
                    == self.cascade.document().key_results.len()
        })
    }
    /// Notebook display: a sparkline and the first and last progress of
    /// every company priority and unit (bounded).
    fn _repr_html_(&self) -> String {
        okr_report::trend_html(&self.cascade, &self.trend)
    }
    fn __repr__(&self) -> String {
        let d = self.trend.dates();
        match (d.first(), d.last()) {
            (Some(a), Some(b)) => format!("Trend(points={}, from='{a}', to='{b}')", d.len()),
            _ => "Trend(points=0)".to_string(),
        }
    }
}

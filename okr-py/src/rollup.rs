//! Rollup results. A `Rollup` keeps the core's figure arrays (shared, not
//! copied) and each `FigureMap` makes Python figure objects from them on
//! access, so a rollup of any size costs no conversion until it is read.
//! Keys follow the core's keyed order (`okr_core::RollupReport::keyed_order`):
//! sorted by id, the first of a duplicated id.

use std::sync::{Arc, OnceLock};

use okr_core::{
    AlertsDelta, Cascade, KeyResultFigures, MandateFigures, MeanFigures, ObjectiveFigures, Rollup,
    RollupDelta, RollupReport, Status,
};
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use pythonize::pythonize;

use crate::cascade::PyCascade;
use crate::errors::{detached, invalid_input, output_error};
use crate::frames::{frame, Columns, Lib};
use crate::pickle;
use crate::repr;
use crate::results::PyDiagnostic;

/// The kinds of figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    KeyResults,
    Objectives,
    Themes,
    Units,
    Mandates,
}

impl Kind {
    const ALL: [Kind; 5] = [
        Kind::KeyResults,
        Kind::Objectives,
        Kind::Themes,
        Kind::Units,
        Kind::Mandates,
    ];

    fn name(self) -> &'static str {
        match self {
            Kind::KeyResults => "key_results",
            Kind::Objectives => "objectives",
            Kind::Themes => "themes",
            Kind::Units => "units",
            Kind::Mandates => "mandates",
        }
    }

    fn id(self, cascade: &Cascade, i: u32) -> Option<&str> {
        let d = cascade.document();
        let i = i as usize;
        match self {
            Kind::KeyResults => d.key_results.get(i).map(|x| x.id.as_str()),
            Kind::Objectives => d.objectives.get(i).map(|x| x.id.as_str()),
            Kind::Themes => d.themes.get(i).map(|x| x.id.as_str()),
            Kind::Units => d.units.get(i).map(|x| x.id.as_str()),
            Kind::Mandates => d.mandates.get(i).map(|x| x.id.as_str()),
        }
    }

    fn ids(self, cascade: &Cascade) -> Box<dyn Iterator<Item = &str> + '_> {
        let d = cascade.document();
        match self {
            Kind::KeyResults => Box::new(d.key_results.iter().map(|x| x.id.as_str())),
            Kind::Objectives => Box::new(d.objectives.iter().map(|x| x.id.as_str())),
            Kind::Themes => Box::new(d.themes.iter().map(|x| x.id.as_str())),
            Kind::Units => Box::new(d.units.iter().map(|x| x.id.as_str())),
            Kind::Mandates => Box::new(d.mandates.iter().map(|x| x.id.as_str())),
        }
    }
}

/// One figure of any kind.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fig {
    Kr(KeyResultFigures),
    Obj(ObjectiveFigures),
    Mean(MeanFigures),
    Mandate(MandateFigures),
}

/// Where a rollup's figures are: a whole rollup (arrays by position), or
/// the id-keyed delta of an incremental update (the core's `RollupDelta`).
#[derive(Clone, Debug)]
pub(crate) enum Figures {
    Full(Arc<Rollup>),
    Delta(Arc<RollupDelta>),
}

fn delta_map<'a>(d: &'a RollupDelta, kind: Kind) -> Box<dyn Iterator<Item = (&'a str, Fig)> + 'a> {
    match kind {
        Kind::KeyResults => Box::new(d.key_results.iter().map(|(k, v)| (k, Fig::Kr(*v)))),
        Kind::Objectives => Box::new(d.objectives.iter().map(|(k, v)| (k, Fig::Obj(*v)))),
        Kind::Themes => Box::new(d.themes.iter().map(|(k, v)| (k, Fig::Mean(*v)))),
        Kind::Units => Box::new(d.units.iter().map(|(k, v)| (k, Fig::Mean(*v)))),
        Kind::Mandates => Box::new(std::iter::empty()),
    }
}

fn delta_get(d: &RollupDelta, kind: Kind, id: &str) -> Option<Fig> {
    match kind {
        Kind::KeyResults => d.key_results.get(id).copied().map(Fig::Kr),
        Kind::Objectives => d.objectives.get(id).copied().map(Fig::Obj),
        Kind::Themes => d.themes.get(id).copied().map(Fig::Mean),
        Kind::Units => d.units.get(id).copied().map(Fig::Mean),
        Kind::Mandates => None,
    }
}

/// The figure at position `i` of a whole rollup.
fn full_get(r: &Rollup, kind: Kind, i: u32) -> Option<Fig> {
    let i = i as usize;
    match kind {
        Kind::KeyResults => r.key_results.get(i).copied().map(Fig::Kr),
        Kind::Objectives => r.objectives.get(i).copied().map(Fig::Obj),
        Kind::Themes => r.themes.get(i).copied().map(Fig::Mean),
        Kind::Units => r.units.get(i).copied().map(Fig::Mean),
        Kind::Mandates => r.mandates.get(i).copied().map(Fig::Mandate),
    }
}

fn status(s: Option<Status>) -> Option<&'static str> {
    s.map(Status::as_str)
}

macro_rules! figure_class {
    (
        $(#[$doc:meta])*
        $rust:ident, $py:literal, $core:ty, |$f:ident|
        { $( $(#[$fdoc:meta])* $field:ident : $ty:ty = $get:expr ),* $(,)? }
    ) => {
        $(#[$doc])*
        #[pyclass(frozen, eq, skip_from_py_object, module = "okr_cascade", name = $py)]
        #[derive(Clone, Debug, PartialEq)]
        pub struct $rust {
            id: String,
            fig: $core,
        }

        impl $rust {
            fn unpickle(py: Python<'_>, parts: &[String]) -> PyResult<$rust> {
                Ok($rust {
                    id: pickle::part(py, parts, 0)?.to_string(),
                    fig: pickle::from_json(py, pickle::part(py, parts, 1)?)?,
                })
            }
            fn pairs_of($f: &$core) -> Vec<(&'static str, PyResultValue)> {
                vec![$( (stringify!($field), PyResultValue::from($get)) ),*]
            }
            fn to_pairs(&self) -> Vec<(&'static str, PyResultValue)> {
                Self::pairs_of(&self.fig)
            }
        }

        #[pymethods]
        impl $rust {
            /// The item's id.
            #[getter]
            fn id(&self) -> &str {
                &self.id
            }
            $(
                $(#[$fdoc])*
                #[getter]
                fn $field(&self) -> $ty {
                    let $f = &self.fig;
                    $get
                }
            )*
            /// The figure as a dict, `id` first, every field present.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                let d = PyDict::new(py);
                d.set_item("id", &self.id)?;
                for (k, v) in self.to_pairs() {
                    d.set_item(k, v)?;
                }
                Ok(d)
            }
            fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<pickle::Reduced<'py>> {
                pickle::reduce(py, $py, vec![self.id.clone(), pickle::json(py, &self.fig)?])
            }
            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                let mut parts = vec![format!("id={}", repr(py, &self.id)?)];
                for (k, v) in self.to_pairs() {
                    parts.push(format!("{k}={}", repr(py, v)?));
                }
                Ok(format!("{}({})", $py, parts.join(", ")))
            }
        }
    };
}

/// A figure field's value, for `to_dict`, `repr` and DataFrame columns.
#[derive(Clone, Copy, Debug, PartialEq, IntoPyObject)]
pub(crate) enum PyResultValue {
    Float(Option<f64>),
    Str(Option<&'static str>),
    Bool(bool),
}

impl From<Option<f64>> for PyResultValue {
    fn from(v: Option<f64>) -> Self {
        PyResultValue::Float(v)
    }
}
impl From<Option<&'static str>> for PyResultValue {
    fn from(v: Option<&'static str>) -> Self {
        PyResultValue::Str(v)
    }
}
impl From<bool> for PyResultValue {
    fn from(v: bool) -> Self {
        PyResultValue::Bool(v)
    }
}

figure_class!(
    /// Figures of one key result: `progress` (clamped to 0..1), `raw`,
    /// `status` (`"done"`, `"on_track"`, `"at_risk"`, `"off_track"`,
    /// `"dropped"` (even without `as_of`) or None without `as_of`), `forecast`, `forecast_low` / `forecast_high` (the 80% band), `work`
    /// (share of its work items done) and `partial` (views only).
    PyKeyResultFigures, "KeyResultFigures", KeyResultFigures, |f| {
        /// Progress clamped to [0, 1]; None for a hidden KR.
        progress: Option<f64> = f.progress,
        /// Progress before clamping.
        raw: Option<f64> = f.raw,
        /// Pace status; None without `as_of`.
        status: Option<&'static str> = status(f.status),
        /// Progress forecast at the KR's horizon (its due date, else the
        /// cycle's end), or None.
        forecast: Option<f64> = f.forecast,
        /// Lower end of the 80% forecast band (three or more check-in
        /// dates), or None.
        forecast_low: Option<f64> = f.forecast_low,
        /// Upper end of the 80% forecast band, or None.
        forecast_high: Option<f64> = f.forecast_high,
        /// Share of the sprint goals and initiatives naming it that are
        /// done, or None when none do (never part of progress).
        work: Option<f64> = f.work,
        /// True when a member of its mean was hidden (views only).
        partial: bool = f.partial,
    }
);

figure_class!(
    /// Figures of one objective: KR-weighted `progress`, pace `status` and
    /// `partial` (views only).
    PyObjectiveFigures, "ObjectiveFigures", ObjectiveFigures, |f| {
        /// KR-weighted mean progress; None without KRs.
        progress: Option<f64> = f.progress,
        /// Pace status; None without `as_of` or progress.
        status: Option<&'static str> = status(f.status),
        /// True when a member of its mean was hidden (views only).
        partial: bool = f.partial,
    }
);

figure_class!(
    /// Figures of a theme or a unit: the plain mean `progress` of its
    /// objectives, and `partial` (views only).
    PyMeanFigures, "MeanFigures", MeanFigures, |f| {
        /// Plain mean of the members' progress; None when none has any.
        progress: Option<f64> = f.progress,
        /// True when a member of its mean was hidden (views only).
        partial: bool = f.partial,
    }
);

figure_class!(
    /// Health of one mandate: `met`, and `status` (`"on_track"` when met,
    /// else `"off_track"`; None without `as_of`).
    PyMandateFigures, "MandateFigures", MandateFigures, |f| {
        /// Whether the standing metric is met.
        met: bool = f.met,
        /// on_track when met, else off_track; None without `as_of`.
        status: Option<&'static str> = status(f.status),
    }
);

fn fig_pairs(fig: &Fig) -> Vec<(&'static str, PyResultValue)> {
    match fig {
        Fig::Kr(f) => PyKeyResultFigures::pairs_of(f),
        Fig::Obj(f) => PyObjectiveFigures::pairs_of(f),
        Fig::Mean(f) => PyMeanFigures::pairs_of(f),
        Fig::Mandate(f) => PyMandateFigures::pairs_of(f),
    }
}

fn fig_object(py: Python<'_>, id: &str, fig: Fig) -> PyResult<Py<PyAny>> {
    let id = id.to_string();
    Ok(match fig {
        Fig::Kr(fig) => Py::new(py, PyKeyResultFigures { id, fig })?.into_any(),
        Fig::Obj(fig) => Py::new(py, PyObjectiveFigures { id, fig })?.into_any(),
        Fig::Mean(fig) => Py::new(py, PyMeanFigures { id, fig })?.into_any(),
        Fig::Mandate(fig) => Py::new(py, PyMandateFigures { id, fig })?.into_any(),
    })
}

/// The figures' serde shape (the one `okr rollup --format json` prints).
fn fig_json<'py>(py: Python<'py>, fig: Fig) -> PyResult<Bound<'py, PyAny>> {
    let r = match fig {
        Fig::Kr(f) => pythonize(py, &f),
        Fig::Obj(f) => pythonize(py, &f),
        Fig::Mean(f) => pythonize(py, &f),
        Fig::Mandate(f) => pythonize(py, &f),
    };
    r.map_err(|e| output_error(py, e.to_string()))
}

/// A read-only mapping from id to the figures of one kind, in id order.
/// Figure objects are made when read. `to_pandas()` / `to_polars()` give
/// one row per item.
#[pyclass(frozen, mapping, module = "okr_cascade", name = "FigureMap")]
pub struct PyFigureMap {
    cascade: Arc<Cascade>,
    figures: Figures,
    kind: Kind,
    order: OnceLock<Vec<u32>>,
}

impl PyFigureMap {
    fn new(cascade: &Arc<Cascade>, figures: &Figures, kind: Kind) -> PyFigureMap {
        PyFigureMap {
            cascade: Arc::clone(cascade),
            figures: figures.clone(),
            kind,
            order: OnceLock::new(),
        }
    }

    /// Positions of a whole rollup's items in keyed order (computed on
    /// first use; empty for a delta, which is keyed already).
    fn order(&self) -> &[u32] {
        self.order.get_or_init(|| match self.figures {
            Figures::Full(_) => RollupReport::keyed_order(self.kind.ids(&self.cascade))
                .into_iter()
                .map(|(_, i)| i)
                .collect(),
            Figures::Delta(_) => Vec::new(),
        })
    }

    fn entries(&self) -> Box<dyn Iterator<Item = (&str, Fig)> + '_> {
        match &self.figures {
            // INVARIANT: positions come from keyed_order over the same
            // document the rollup was made from, so every lookup succeeds.
            Figures::Full(r) => Box::new(self.order().iter().filter_map(move |&i| {
                Some((self.kind.id(&self.cascade, i)?, full_get(r, self.kind, i)?))
            })),
            Figures::Delta(d) => delta_map(d, self.kind),
        }
    }

    fn len(&self) -> usize {
        match &self.figures {
            Figures::Full(_) => self.order().len(),
            Figures::Delta(_) => self.entries().count(),
        }
    }

    fn find(&self, id: &str) -> Option<Fig> {
        match &self.figures {
            Figures::Full(r) => {
                let order = self.order();
                let pos = order
                    .binary_search_by(|&i| self.kind.id(&self.cascade, i).unwrap_or("").cmp(id))
                    .ok()?;
                full_get(r, self.kind, *order.get(pos)?)
            }
            Figures::Delta(d) => delta_get(d, self.kind, id),
        }
    }

    fn columns<'py>(&self, py: Python<'py>) -> PyResult<Columns<'py>> {
        let entries: Vec<(&str, Fig)> = self.entries().collect();
        let mut names: Vec<&'static str> = vec!["id"];
        let mut cols: Vec<Vec<PyResultValue>> = Vec::new();
        let ids = PyList::new(py, entries.iter().map(|(id, _)| PyString::new(py, id)))?;
        // Column names from a default figure, so an empty map has them too.
        let template = match self.kind {
            Kind::KeyResults => Fig::Kr(KeyResultFigures::default()),
            Kind::Objectives => Fig::Obj(ObjectiveFigures::default()),
            Kind::Themes | Kind::Units => Fig::Mean(MeanFigures::default()),
            Kind::Mandates => Fig::Mandate(MandateFigures::default()),
        };
        for (name, _) in fig_pairs(&template) {
            names.push(name);
            cols.push(Vec::with_capacity(entries.len()));
        }
        for (_, fig) in &entries {
            for (col, (_, v)) in cols.iter_mut().zip(fig_pairs(fig)) {
                col.push(v);
            }
        }
        let mut out: Columns<'py> = vec![("id", ids)];
        for (name, col) in names.into_iter().skip(1).zip(cols) {
            out.push((name, PyList::new(py, col)?));
        }
        Ok(out)
    }
}

#[pymethods]
impl PyFigureMap {
    /// Pickles as its rollup and the kind's name.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<pickle::Reduced<'py>> {
        let (as_of, elapsed) = match &self.figures {
            Figures::Full(r) => (r.as_of, r.elapsed),
            Figures::Delta(_) => (None, None),
        };
        let parent = PyRollup {
            cascade: Arc::clone(&self.cascade),
            figures: self.figures.clone(),
            as_of,
            elapsed,
        };
        pickle::reduce_attr(
            py,
            Py::new(py, parent)?.into_bound(py).into_any(),
            self.kind.name(),
        )
    }
    /// `"key_results"`, `"objectives"`, `"themes"`, `"units"` or `"mandates"`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.kind.name()
    }
    fn __len__(&self) -> usize {
        self.len()
    }
    fn __getitem__(&self, py: Python<'_>, id: &str) -> PyResult<Py<PyAny>> {
        match self.find(id) {
            Some(fig) => fig_object(py, id, fig),
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
    /// The figures of `id`, or `default`.
    #[pyo3(signature = (id, default = None))]
    fn get(&self, py: Python<'_>, id: &str, default: Option<Py<PyAny>>) -> PyResult<Py<PyAny>> {
        match self.find(id) {
            Some(fig) => fig_object(py, id, fig),
            None => Ok(default.unwrap_or_else(|| py.None())),
        }
    }
    /// The ids, in order.
    fn keys<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.entries().map(|(id, _)| PyString::new(py, id)))
    }
    /// The figure objects, in id order.
    fn values<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .entries()
            .map(|(id, fig)| fig_object(py, id, fig))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }
    /// `(id, figures)` pairs, in id order.
    fn items<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .entries()
            .map(|(id, fig)| Ok((PyString::new(py, id), fig_object(py, id, fig)?)))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }
    /// `{id: {field: value}}` in the JSON shape of `okr rollup --format json`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (id, fig) in self.entries() {
            d.set_item(id, fig_json(py, fig)?)?;
        }
        Ok(d)
    }
    /// One pandas DataFrame, one row per item, an `id` column first.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, Lib::Pandas, self.columns(py)?)
    }
    /// One polars DataFrame, one row per item, an `id` column first.
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        frame(py, Lib::Polars, self.columns(py)?)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyFigureMap>()
            .is_ok_and(|o| o.get().kind == self.kind && o.get().entries().eq(self.entries()))
    }
    fn __repr__(&self) -> String {
        let ids: Vec<&str> = self.entries().take(5).map(|(id, _)| id).collect();
        let more = if self.len() > ids.len() { ", ..." } else { "" };
        format!(
            "FigureMap(kind='{}', len={}, ids=[{}{more}])",
            self.kind.name(),
            self.len(),
            ids.iter()
                .map(|i| format!("'{i}'"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// Every figure of a rollup, one `FigureMap` per kind: `key_results`,
/// `objectives`, `themes`, `units`, `mandates`. The result of an
/// incremental update holds only the figures it changed (and no mandates).
#[pyclass(frozen, module = "okr_cascade", name = "Rollup")]
pub struct PyRollup {
    cascade: Arc<Cascade>,
    figures: Figures,
    as_of: Option<okr_core::Date>,
    elapsed: Option<f64>,
}

impl PyRollup {
    pub(crate) fn full(cascade: &Arc<Cascade>, rollup: Rollup) -> PyRollup {
        PyRollup {
            cascade: Arc::clone(cascade),
            as_of: rollup.as_of,
            elapsed: rollup.elapsed,
            figures: Figures::Full(Arc::new(rollup)),
        }
    }

    /// A pickled rollup: `["full", document, options]` recomputes it;
    /// `["delta", document, as_of, elapsed, delta]` holds an update's
    /// figures as they were.
    pub(crate) fn unpickle(py: Python<'_>, parts: &[String]) -> PyResult<PyRollup> {
        let cascade = PyCascade::unpickle(py, pickle::part(py, parts, 1)?)?.inner;
        match pickle::part(py, parts, 0)? {
            "full" => {
                let options: pickle::Options = pickle::from_json(py, pickle::part(py, parts, 2)?)?;
                let options = options.rollup_options(py)?;
                let c = &cascade;
                let rollup = detached(py, || Ok(c.rollup(&options)))?;
                Ok(PyRollup::full(&cascade, rollup))
            }
            "delta" => Ok(PyRollup {
                as_of: pickle::from_json(py, pickle::part(py, parts, 2)?)?,
                elapsed: pickle::from_json(py, pickle::part(py, parts, 3)?)?,
                figures: Figures::Delta(Arc::new(pickle::from_json(
                    py,
                    pickle::part(py, parts, 4)?,
                )?)),
                cascade,
            }),
            other => Err(invalid_input(
                py,
                format!("not an okr_cascade pickle: rollup kind {other:?}"),
            )),
        }
    }

    /// The figures one incremental update of `rollup` recomputed.
    pub(crate) fn delta(cascade: &Arc<Cascade>, rollup: &Rollup, delta: RollupDelta) -> PyRollup {
        PyRollup {
            cascade: Arc::clone(cascade),
            as_of: rollup.as_of,
            elapsed: rollup.elapsed,
            figures: Figures::Delta(Arc::new(delta)),
        }
    }

    fn map(&self, kind: Kind) -> PyFigureMap {
        PyFigureMap::new(&self.cascade, &self.figures, kind)
    }

    fn kinds(&self) -> &'static [Kind] {
        match self.figures {
            Figures::Full(_) => &Kind::ALL,
            Figures::Delta(_) => match Kind::ALL.split_last() {
                Some((_, rest)) => rest,
                None => &[],
            },
        }
    }

    /// One list of an update's alert changes as `Diagnostic` objects.
    fn alert_changes(
        &self,
        py: Python<'_>,
        list: impl Fn(&AlertsDelta) -> &Vec<okr_core::Diagnostic>,
    ) -> PyResult<Py<PyTuple>> {
        let items = match &self.figures {
            Figures::Full(_) => Vec::new(),
            Figures::Delta(d) => list(&d.alerts).clone(),
        };
        PyDiagnostic::tuple(py, items)
    }

    fn frames<'py>(&self, py: Python<'py>, lib: Lib) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for &kind in self.kinds() {
            d.set_item(kind.name(), frame(py, lib, self.map(kind).columns(py)?)?)?;
        }
        Ok(d)
    }
}

#[pymethods]
impl PyRollup {
    /// The date used (the `as_of` argument or the cycle's), as `YYYY-MM-DD`.
    #[getter]
    fn as_of(&self) -> Option<String> {
        self.as_of.map(|d| d.to_string())
    }
    /// Share of the cycle elapsed at `as_of` (0 to 1), when set.
    #[getter]
    fn elapsed(&self) -> Option<f64> {
        self.elapsed
    }
    /// Figures per key result.
    #[getter]
    fn key_results(&self) -> PyFigureMap {
        self.map(Kind::KeyResults)
    }
    /// Figures per objective.
    #[getter]
    fn objectives(&self) -> PyFigureMap {
        self.map(Kind::Objectives)
    }
    /// Figures per theme.
    #[getter]
    fn themes(&self) -> PyFigureMap {
        self.map(Kind::Themes)
    }
    /// Figures per unit.
    #[getter]
    fn units(&self) -> PyFigureMap {
        self.map(Kind::Units)
    }
    /// Health per mandate (empty in the result of an incremental update).
    #[getter]
    fn mandates(&self) -> PyFigureMap {
        self.map(Kind::Mandates)
    }
    /// The alerts an incremental update made appear (a tuple of
    /// `Diagnostic`; empty for a whole rollup).
    #[getter]
    fn alerts_appeared(&self, py: Python<'_>) -> PyResult<Py<PyTuple>> {
        self.alert_changes(py, |a| &a.appeared)
    }
    /// The alerts an incremental update cleared, as they were (empty for a
    /// whole rollup).
    #[getter]
    fn alerts_cleared(&self, py: Python<'_>) -> PyResult<Py<PyTuple>> {
        self.alert_changes(py, |a| &a.cleared)
    }
    /// The alerts that stay after an incremental update but whose numbers
    /// changed, as they are now (empty for a whole rollup).
    #[getter]
    fn alerts_updated(&self, py: Python<'_>) -> PyResult<Py<PyTuple>> {
        self.alert_changes(py, |a| &a.updated)
    }
    /// The JSON shape of `okr rollup --format json`:
    /// `{"key_results": {id: {...}}, "objectives": ..., "themes": ...,
    /// "units": ..., "mandates": ...}` (no `mandates` for a change, which
    /// adds `alerts: {appeared, cleared, updated}` when any changed).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.figures {
            Figures::Full(r) => pythonize(py, &RollupReport::new(&self.cascade, r))
                .map_err(|e| output_error(py, e.to_string())),
            Figures::Delta(d) => {
                pythonize(py, d.as_ref()).map_err(|e| output_error(py, e.to_string()))
            }
        }
    }
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<pickle::Reduced<'py>> {
        let c = &self.cascade;
        let doc = detached(py, || c.to_json())?;
        let parts = match &self.figures {
            Figures::Full(r) => vec![
                "full".to_string(),
                doc,
                pickle::json(py, &pickle::Options::of(r.options()))?,
            ],
            Figures::Delta(d) => vec![
                "delta".to_string(),
                doc,
                pickle::json(py, &self.as_of)?,
                pickle::json(py, &self.elapsed)?,
                pickle::json(py, d.as_ref())?,
            ],
        };
        pickle::reduce(py, "Rollup", parts)
    }
    /// A dict of pandas DataFrames, one per kind, one row per item.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.frames(py, Lib::Pandas)
    }
    /// A dict of polars DataFrames, one per kind, one row per item.
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.frames(py, Lib::Polars)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        let Ok(o) = other.cast::<PyRollup>() else {
            return false;
        };
        let o = o.get();
        o.as_of == self.as_of
            && o.elapsed == self.elapsed
            && o.kinds() == self.kinds()
            && self.kinds().iter().all(|&k| {
                let (a, b) = (o.map(k), self.map(k));
                a.entries().eq(b.entries())
            })
    }
    /// Notebook display: the company priorities, then every kind's figures
    /// (at most `okr_report::NOTEBOOK_ROWS` rows each, then "and K more");
    /// an update shows the figures it recomputed.
    fn _repr_html_(&self) -> String {
        match &self.figures {
            Figures::Full(r) => okr_report::rollup_html(&self.cascade, r),
            Figures::Delta(d) => okr_report::delta_html(d),
        }
    }
    fn __repr__(&self) -> String {
        let parts: Vec<String> = self
            .kinds()
            .iter()
            .map(|&k| format!("{}={}", k.name(), self.map(k).__len__()))
            .collect();
        let as_of = self
            .as_of
            .map_or_else(|| "None".to_string(), |d| format!("'{d}'"));
        format!("Rollup(as_of={as_of}, {})", parts.join(", "))
    }
}

/// Rebuilds a pickled figure object (`KeyResultFigures`, ...).
pub(crate) fn unpickle_figures(
    py: Python<'_>,
    kind: &str,
    parts: &[String],
) -> PyResult<Py<PyAny>> {
    Ok(match kind {
        "KeyResultFigures" => Py::new(py, PyKeyResultFigures::unpickle(py, parts)?)?.into_any(),
        "ObjectiveFigures" => Py::new(py, PyObjectiveFigures::unpickle(py, parts)?)?.into_any(),
        "MeanFigures" => Py::new(py, PyMeanFigures::unpickle(py, parts)?)?.into_any(),
        "MandateFigures" => Py::new(py, PyMandateFigures::unpickle(py, parts)?)?.into_any(),
        other => {
            return Err(invalid_input(
                py,
                format!("not an okr_cascade pickle: unknown class {other:?}"),
            ))
        }
    })
}

//! The trend: the figures of every KR, objective, theme and unit at each
//! date of a grid (the spec's "Figures over time").
//!
//! The series are stored by position, item-major (one contiguous run of
//! points per item), and keyed by id only on output. The computation is in
//! [`sweep`]: every point at once, item by item in the full rollup's
//! order.

mod sweep;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::figures::Status;
use crate::date::Date;
use crate::index::ItemRef;
use crate::Cascade;

/// One point of a series.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct TrendPoint {
    /// The grid date.
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub date: Date,
    /// Progress at that date.
    #[serde(serialize_with = "crate::document::finite::option")]
    pub progress: Option<f64>,
    /// Status at that date (always null for themes and units).
    pub status: Option<Status>,
}

/// The kinds of item a trend has a series for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TrendKind {
    /// Key results.
    KeyResult,
    /// Objectives.
    Objective,
    /// Themes (status always null).
    Theme,
    /// Units (status always null).
    Unit,
}

impl TrendKind {
    /// Every kind, in output order.
    pub const ALL: [TrendKind; 4] = [
        TrendKind::KeyResult,
        TrendKind::Objective,
        TrendKind::Theme,
        TrendKind::Unit,
    ];

    /// The key of the kind in the JSON shape (`"key_results"`, ...).
    pub fn plural(self) -> &'static str {
        match self {
            TrendKind::KeyResult => "key_results",
            TrendKind::Objective => "objectives",
            TrendKind::Theme => "themes",
            TrendKind::Unit => "units",
        }
    }

    /// The kind's name in long-format output (`"key_result"`, ...).
    pub fn singular(self) -> &'static str {
        match self {
            TrendKind::KeyResult => "key_result",
            TrendKind::Objective => "objective",
            TrendKind::Theme => "theme",
            TrendKind::Unit => "unit",
        }
    }
}

/// Status code of a stored point: the low bits hold the status (its
/// severity, or `NO_STATUS`), `HAS_PROGRESS` says whether progress is set.
const NO_STATUS: u8 = 7;
const HAS_PROGRESS: u8 = 8;
/// The status bits of a code.
const STATUS_BITS: u8 = 7;

/// A status's code in a stored point (dropped has its own: its severity
/// is shared with done).
fn status_code(s: Status) -> u8 {
    match s {
        Status::Dropped => 4,
        s => s.severity(),
    }
}

fn encode(progress: Option<f64>, status: Option<Status>) -> u8 {
    let s = status.map_or(NO_STATUS, status_code);
    if progress.is_some() {
        s | HAS_PROGRESS
    } else {
        s
    }
}

fn decode_status(code: u8) -> Option<Status> {
    match code & STATUS_BITS {
        0 => Some(Status::Done),
        1 => Some(Status::OnTrack),
        2 => Some(Status::AtRisk),
        3 => Some(Status::OffTrack),
        4 => Some(Status::Dropped),
        _ => None,
    }
}

/// One kind's series: every item's figures at every point, item-major
/// (item `i`'s point `q` is entry `i * points + q`), so that a series is one
/// contiguous run and the sweep writes each item's lanes together.
#[derive(Clone, Debug, Default, PartialEq)]
struct Columns {
    items: usize,
    points: usize,
    /// Progress (0 when the code has no `HAS_PROGRESS`).
    progress: Vec<f64>,
    /// Status and `HAS_PROGRESS` (see [`encode`]).
    code: Vec<u8>,
}

impl Columns {
    /// Columns for `items` items over `points` points, every entry without
    /// progress or status.
    fn new(items: usize, points: usize) -> Columns {
        let len = items.saturating_mul(points);
        Columns {
            items,
            points,
            progress: vec![0.0; len],
            code: vec![NO_STATUS; len],
        }
    }

    /// Columns for `items` items over `points` points, to fill item by
    /// item in order with [`Columns::push_item`]: each entry is written
    /// once, where [`Columns::new`] writes every entry before the sweep
    /// writes it again.
    fn with_capacity(items: usize, points: usize) -> Columns {
        let len = items.saturating_mul(points);
        Columns {
            items,
            points,
            progress: Vec::with_capacity(len),
            code: Vec::with_capacity(len),
        }
    }

    /// Appends the next item's lanes, without progress or status, to
    /// write.
    fn push_item(&mut self) -> (&mut [f64], &mut [u8]) {
        let from = self.progress.len();
        let to = from.saturating_add(self.points);
        self.progress.resize(to, 0.0);
        self.code.resize(to, NO_STATUS);
        (
            self.progress.get_mut(from..).unwrap_or_default(),
            self.code.get_mut(from..).unwrap_or_default(),
        )
    }

    /// Item `i`'s entry at point `q`, as (progress, code).
    fn get(&self, i: usize, q: usize) -> Option<(f64, u8)> {
        if q >= self.points {
            return None;
        }
        let at = i.checked_mul(self.points)?.checked_add(q)?;
        Some((*self.progress.get(at)?, *self.code.get(at)?))
    }

    /// Item `i`'s lanes (empty past the end).
    fn lanes(&self, i: usize) -> (&[f64], &[u8]) {
        let r = self.range(i);
        (
            self.progress.get(r.clone()).unwrap_or_default(),
            self.code.get(r).unwrap_or_default(),
        )
    }

    /// Item `i`'s lanes, to write (empty past the end).
    fn lanes_mut(&mut self, i: usize) -> (&mut [f64], &mut [u8]) {
        let r = self.range(i);
        (
            self.progress.get_mut(r.clone()).unwrap_or_default(),
            self.code.get_mut(r).unwrap_or_default(),
        )
    }

    fn range(&self, i: usize) -> std::ops::Range<usize> {
        let from = i.saturating_mul(self.points);
        from..from.saturating_add(self.points)
    }
}

/// The figures of every KR, objective, theme and unit at each date of the
/// grid, stored by position (parallel to the document's arrays). Read a
/// series with [`Trend::series`] (by typed index) or, keyed by id, through
/// [`Trend::with_ids`] (also the JSON shape).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trend {
    dates: Vec<Date>,
    key_results: Columns,
    objectives: Columns,
    themes: Columns,
    units: Columns,
}

/// One item's series: a point per grid date.
#[derive(Clone, Copy, Debug)]
pub struct Series<'a> {
    dates: &'a [Date],
    columns: &'a Columns,
    item: usize,
}

impl<'a> Series<'a> {
    /// Points in the series (the grid's length).
    pub fn len(&self) -> usize {
        self.dates.len()
    }

    /// True when the grid is empty (never for a computed trend).
    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    /// The point at grid position `i`.
    pub fn get(&self, i: usize) -> Option<TrendPoint> {
        let date = *self.dates.get(i)?;
        let (progress, code) = self.columns.get(self.item, i)?;
        Some(TrendPoint {
            date,
            progress: (code & HAS_PROGRESS != 0).then_some(progress),
            status: decode_status(code),
        })
    }

    /// The points in date order.
    pub fn iter(&self) -> impl Iterator<Item = TrendPoint> + 'a {
        let s = *self;
        (0..s.len()).filter_map(move |i| s.get(i))
    }

    /// The points as a vector.
    pub fn to_vec(&self) -> Vec<TrendPoint> {
        self.iter().collect()
    }
}

impl Serialize for Series<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for p in self.iter() {
            seq.serialize_element(&p)?;
        }
        seq.end()
    }
}

impl Trend {
    /// The grid dates, in order.
    pub fn dates(&self) -> &[Date] {
        &self.dates
    }

    fn columns(&self, kind: TrendKind) -> &Columns {
        match kind {
            TrendKind::KeyResult => &self.key_results,
            TrendKind::Objective => &self.objectives,
            TrendKind::Theme => &self.themes,
            TrendKind::Unit => &self.units,
        }
    }

    /// How many items of `kind` have a series.
    pub fn len(&self, kind: TrendKind) -> usize {
        self.columns(kind).items
    }

    /// The series of the `i`-th item of `kind` (its position in the
    /// document's array); `None` past the end.
    pub fn series_at(&self, kind: TrendKind, i: usize) -> Option<Series<'_>> {
        let columns = self.columns(kind);
        (i < columns.items).then_some(Series {
            dates: &self.dates,
            columns,
            item: i,
        })
    }

    /// The series of a KR, objective, theme or unit; `None` for other
    /// items or an index this trend does not have.
    pub fn series(&self, item: ItemRef) -> Option<Series<'_>> {
        match item {
            ItemRef::KeyResult(k) => self.series_at(TrendKind::KeyResult, k.index()),
            ItemRef::Objective(o) => self.series_at(TrendKind::Objective, o.index()),
            ItemRef::Theme(t) => self.series_at(TrendKind::Theme, t.index()),
            ItemRef::Unit(u) => self.series_at(TrendKind::Unit, u.index()),
            _ => None,
        }
    }

    /// The trend keyed by the ids of the cascade it was computed from:
    /// look-up by id, and the JSON shape of the spec (`{"key_results": {id:
    /// [{date, progress, status}]}, "objectives": ..., "themes": ...,
    /// "units": ...}`, ids in ascending order). `None` when `cascade` has
    /// other item counts than the trend.
    pub fn with_ids<'a>(&'a self, cascade: &'a Cascade) -> Option<TrendById<'a>> {
        let doc = cascade.document();
        let same = self.key_results.items == doc.key_results.len()
            && self.objectives.items == doc.objectives.len()
            && self.themes.items == doc.themes.len()
            && self.units.items == doc.units.len();
        same.then_some(TrendById {
            trend: self,
            cascade,
        })
    }
}

/// A [`Trend`] with the ids of its cascade: look-up by id and the JSON
/// shape (`Serialize`).
#[derive(Clone, Copy, Debug)]
pub struct TrendById<'a> {
    trend: &'a Trend,
    cascade: &'a Cascade,
}

impl<'a> TrendById<'a> {
    /// The trend by position.
    pub fn trend(&self) -> &'a Trend {
        self.trend
    }

    /// The id of the `i`-th item of `kind`.
    pub fn id(&self, kind: TrendKind, i: usize) -> Option<&'a str> {
        let doc = self.cascade.document();
        let id = match kind {
            TrendKind::KeyResult => &doc.key_results.get(i)?.id,
            TrendKind::Objective => &doc.objectives.get(i)?.id,
            TrendKind::Theme => &doc.themes.get(i)?.id,
            TrendKind::Unit => &doc.units.get(i)?.id,
        };
        Some(id)
    }

    /// The series of the item of `kind` with this id.
    pub fn get(&self, kind: TrendKind, id: &str) -> Option<Series<'a>> {
        let item = self.cascade.lookup(id)?;
        let of_kind = matches!(
            (kind, item),
            (TrendKind::KeyResult, ItemRef::KeyResult(_))
                | (TrendKind::Objective, ItemRef::Objective(_))
                | (TrendKind::Theme, ItemRef::Theme(_))
                | (TrendKind::Unit, ItemRef::Unit(_))
        );
        if of_kind {
            self.trend.series(item)
        } else {
            None
        }
    }

    /// Every item of `kind` with its series, in document order.
    pub fn iter(&self, kind: TrendKind) -> impl Iterator<Item = (&'a str, Series<'a>)> + 'a {
        let this = *self;
        (0..self.trend.len(kind))
            .filter_map(move |i| Some((this.id(kind, i)?, this.trend.series_at(kind, i)?)))
    }

    /// Every item of `kind` with its series, in ascending id order (the
    /// order of the JSON output).
    pub fn sorted(&self, kind: TrendKind) -> Vec<(&'a str, Series<'a>)> {
        let mut v: Vec<_> = self.iter(kind).collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v
    }
}

/// One kind's map `{id: series}` in ascending id order.
struct KindMap<'a>(Vec<(&'a str, Series<'a>)>);

impl Serialize for KindMap<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (id, series) in &self.0 {
            map.serialize_entry(id, series)?;
        }
        map.end()
    }
}

impl Serialize for TrendById<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(TrendKind::ALL.len()))?;
        for kind in TrendKind::ALL {
            map.serialize_entry(kind.plural(), &KindMap(self.sorted(kind)))?;
        }
        map.end()
    }
}

/// The grid: `start`, `start + every`, ... up to `last`, and `last` itself
/// when it is off the grid.
pub(crate) fn grid(start: Date, last: Date, every: u32) -> Vec<Date> {
    let step = i32::try_from(every.max(1)).unwrap_or(i32::MAX);
    let mut dates = Vec::new();
    let mut d = start;
    while d <= last {
        dates.push(d);
        let next = d.add_days(step);
        if next <= d {
            break;
        }
        d = next;
    }
    if dates.last() != Some(&last) {
        dates.push(last);
    }
    dates
}

//! The trend: the figures at each date of a grid, in one sweep over the
//! check-ins sorted by date.
//!
//! The figures are kept running, the KRs' in compact arrays (progress and a
//! status code, 9 bytes per KR), the rest in a rollup without KR figures.
//! From one point to the next:
//! 1. every status that follows the date alone is refreshed from the
//!    progress already held (the pace rule with the new elapsed share);
//! 2. only the KRs with newly visible check-ins (and, at the last point,
//!    those with an undated `metric.current`) are recomputed from their
//!    data, and everything they reach (objectives, derived KRs, wholes,
//!    themes, units) is marked and recomputed in the plan's order.
//!
//! Each point is bit-identical to a full rollup at that date (a property
//! test checks it against `Engine::trend_rollups`, a full rollup per
//! date). The series are stored columnar (the first point whole, then per
//! point the items that changed) and keyed by id only on output.

use std::sync::OnceLock;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::engine::{elapsed, Engine};
use super::figures::{MeanFigures, ObjectiveFigures, PartSum, Rollup, RollupOptions, Status};
use crate::date::Date;
use crate::idx::{Idx, IxRange, IxVec};
use crate::index::{ItemRef, KrIx, Node, ObjIx, ThemeIx, UnitIx};
use crate::numeric::{at_least, Mean};
use crate::policy::ObjectiveStatus;
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

/// One kind's series as recorded by the sweep: every item at the first
/// point, then per point only the items whose figures changed; the dense
/// point-major table (entry `point * items + item`) is built on first read.
#[derive(Clone, Debug, Default)]
struct Columns {
    items: usize,
    base_progress: Vec<f64>,
    base_code: Vec<u8>,
    /// Where each later point's changes start in the change arrays.
    starts: Vec<usize>,
    change_item: Vec<u32>,
    change_progress: Vec<f64>,
    change_code: Vec<u8>,
    dense: OnceLock<Dense>,
}

/// Every point of every item.
#[derive(Clone, Debug, Default, PartialEq)]
struct Dense {
    progress: Vec<f64>,
    code: Vec<u8>,
}

impl Columns {
    /// Columns for `items` items over `points` points, with room for about
    /// `changes` changes (reserved, not touched: growing a vector of
    /// hundreds of thousands of changes by doubling copies it again and
    /// again).
    fn new(items: usize, points: usize, changes: usize) -> Columns {
        let changes = changes.min(items.saturating_mul(points.saturating_sub(1)));
        Columns {
            items,
            base_progress: Vec::with_capacity(items),
            base_code: Vec::with_capacity(items),
            starts: Vec::with_capacity(points),
            change_item: Vec::with_capacity(changes),
            change_progress: Vec::with_capacity(changes),
            change_code: Vec::with_capacity(changes),
            dense: OnceLock::new(),
        }
    }

    /// The first point, item by item.
    fn push_base(&mut self, progress: Option<f64>, status: Option<Status>) {
        self.base_progress.push(progress.unwrap_or(0.0));
        self.base_code.push(encode(progress, status));
    }

    /// Starts a later point.
    fn begin_point(&mut self) {
        self.starts.push(self.change_item.len());
    }

    /// A change of item `i` at the current point.
    fn push_change(&mut self, i: u32, progress: Option<f64>, status: Option<Status>) {
        self.push_change_code(i, progress.unwrap_or(0.0), encode(progress, status));
    }

    /// A change of item `i` at the current point, already encoded.
    fn push_change_code(&mut self, i: u32, progress: f64, code: u8) {
        self.change_item.push(i);
        self.change_progress.push(progress);
        self.change_code.push(code);
    }

    /// The items changed so far at the current point.
    fn point_changes(&self) -> &[u32] {
        let from = self
            .starts
            .last()
            .copied()
            .unwrap_or(self.change_item.len());
        self.change_item.get(from..).unwrap_or_default()
    }

    fn dense(&self) -> &Dense {
        self.dense.get_or_init(|| {
            let points = 1 + self.starts.len();
            let mut progress = Vec::with_capacity(points * self.items);
            let mut code = Vec::with_capacity(points * self.items);
            progress.extend_from_slice(&self.base_progress);
            code.extend_from_slice(&self.base_code);
            let mut cur_p = self.base_progress.clone();
            let mut cur_c = self.base_code.clone();
            let ends = self
                .starts
                .iter()
                .skip(1)
                .copied()
                .chain([self.change_item.len()]);
            for (from, to) in self.starts.iter().copied().zip(ends) {
                let items = self.change_item.get(from..to).unwrap_or_default();
                let ps = self.change_progress.get(from..to).unwrap_or_default();
                let cs = self.change_code.get(from..to).unwrap_or_default();
                for ((&i, &p), &c) in items.iter().zip(ps).zip(cs) {
                    let i = i as usize;
                    if let (Some(slot_p), Some(slot_c)) = (cur_p.get_mut(i), cur_c.get_mut(i)) {
                        *slot_p = p;
                        *slot_c = c;
                    }
                }
                progress.extend_from_slice(&cur_p);
                code.extend_from_slice(&cur_c);
            }
            Dense { progress, code }
        })
    }
}

/// The figures of every KR, objective, theme and unit at each date of the
/// grid, stored by position (parallel to the document's arrays). Read a
/// series with [`Trend::series`] (by typed index) or, keyed by id, through
/// [`Trend::with_ids`] (also the JSON shape).
#[derive(Clone, Debug, Default)]
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
        let at = i.checked_mul(self.columns.items)?.checked_add(self.item)?;
        let dense = self.columns.dense();
        let code = *dense.code.get(at)?;
        let progress = *dense.progress.get(at)?;
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

impl PartialEq for Trend {
    fn eq(&self, other: &Trend) -> bool {
        self.dates == other.dates
            && TrendKind::ALL.iter().all(|&k| {
                let (a, b) = (self.columns(k), other.columns(k));
                a.items == b.items && a.dense() == b.dense()
            })
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

/// Bit of a KR's code in the sweep, never stored in a [`Trend`]: some
/// member of its mean was hidden.
const PARTIAL: u8 = 16;
/// Bit of a KR's code in the sweep: it has no due date of its own or its
/// objective's (its status follows the cycle's clock). Set once.
const CLOCKED: u8 = 32;
/// Bit of a KR's code in the sweep: it is touched at the current point
/// and recomputed from its data in step 2.
const FRESH: u8 = 64;
/// The sweep's own bits of a KR's code, never stored in a [`Trend`].
const SWEEP_BITS: u8 = PARTIAL | CLOCKED | FRESH;

/// Whether a code's status can still move with the date alone (done and
/// off_track cannot: the pace rule only worsens as time passes).
fn movable(code: u8) -> bool {
    matches!(code & STATUS_BITS, 1 | 2)
}

/// Whether two progress values are the same, bit for bit.
fn same_progress(a: Option<f64>, b: Option<f64>) -> bool {
    a.map(f64::to_bits) == b.map(f64::to_bits)
}

/// Every KR's figures as the sweep holds them: progress and a code (status,
/// `HAS_PROGRESS` and the sweep's bits), 9 bytes per KR where a rollup holds
/// 104.
struct KrState {
    /// Progress (0 when the code has no `HAS_PROGRESS`).
    progress: IxVec<KrIx, f64>,
    code: IxVec<KrIx, u8>,
}

impl KrState {
    fn progress(&self, k: KrIx) -> Option<f64> {
        (self.code[k] & HAS_PROGRESS != 0).then_some(self.progress[k])
    }

    fn partial(&self, k: KrIx) -> bool {
        self.code[k] & PARTIAL != 0
    }

    /// Sets KR `k`'s figures; true when they changed.
    fn set(
        &mut self,
        k: KrIx,
        progress: Option<f64>,
        status: Option<Status>,
        partial: bool,
    ) -> bool {
        let p = progress.unwrap_or(0.0);
        let code = encode(progress, status)
            | if partial { PARTIAL } else { 0 }
            | (self.code[k] & (CLOCKED | FRESH));
        let changed = code != self.code[k] || p.to_bits() != self.progress[k].to_bits();
        self.progress[k] = p;
        self.code[k] = code;
        changed
    }

    /// Records KR `k`'s figures as a change of the current point.
    fn record(&self, columns: &mut Columns, k: KrIx) {
        columns.push_change_code(k.raw(), self.progress[k], self.code[k] & !SWEEP_BITS);
    }
}

/// The paced KRs and the objectives whose status may move at the next
/// point, each once.
struct Movable {
    krs: Vec<KrIx>,
    objectives: Vec<ObjIx>,
    /// A second list to refill `krs` into.
    spare: Vec<KrIx>,
    kr_in: IxVec<KrIx, bool>,
    obj_in: IxVec<ObjIx, bool>,
}

impl Movable {
    fn of(
        krs: &KrState,
        r: &Rollup,
        paced: &IxVec<KrIx, bool>,
        objectives: IxRange<ObjIx>,
    ) -> Movable {
        let mut m = Movable {
            // Room for every item: growing lists copy them.
            krs: Vec::with_capacity(paced.len()),
            objectives: Vec::with_capacity(objectives.len()),
            spare: Vec::with_capacity(paced.len()),
            kr_in: IxVec::filled(paced.indices(), false),
            obj_in: IxVec::filled(objectives, false),
        };
        for (k, &p) in paced.iter_enumerated() {
            if p && movable(krs.code[k]) {
                m.kr_in[k] = true;
                m.krs.push(k);
            }
        }
        for o in objectives {
            if movable(encode(None, r.objective(o).status)) {
                m.obj_in[o] = true;
                m.objectives.push(o);
            }
        }
        m
    }

    /// Drops the objectives that can no longer move.
    fn retain_objectives(&mut self, r: &Rollup) {
        let obj_in = &mut self.obj_in;
        self.objectives.retain(|&o| {
            let keep = movable(encode(None, r.objective(o).status));
            obj_in[o] = keep;
            keep
        });
    }

    /// Adds what changed (the current point's changes in the trend's
    /// columns) and can move. (What can no longer move leaves the lists at
    /// the next point.)
    fn update(&mut self, krs: &KrState, r: &Rollup, paced: &IxVec<KrIx, bool>, t: &Trend) {
        for &i in t.key_results.point_changes() {
            let k = KrIx::from_raw(i);
            if paced[k] && !self.kr_in[k] && movable(krs.code[k]) {
                self.kr_in[k] = true;
                self.krs.push(k);
            }
        }
        for &i in t.objectives.point_changes() {
            let o = ObjIx::from_raw(i);
            if !self.obj_in[o] && movable(encode(None, r.objective(o).status)) {
                self.obj_in[o] = true;
                self.objectives.push(o);
            }
        }
    }
}

/// The pace rule's thresholds at one point, on the cycle's clock (items
/// without a due date of their own).
struct PaceAt {
    /// The elapsed share less the on-track margin, then less the at-risk
    /// margin, as [`Engine::pace`] computes them; NaN without a date.
    on_track: f64,
    at_risk: f64,
}

impl PaceAt {
    fn of(r: &Rollup) -> PaceAt {
        let e = r.elapsed.unwrap_or(f64::NAN);
        PaceAt {
            on_track: e - r.options.on_track_margin,
            at_risk: e - r.options.at_risk_margin,
        }
    }

    /// Whether [`Engine::pace`] at this point gives progress `p` the
    /// status it has in `code` (on track or at risk): the same comparisons,
    /// so that the item can be skipped when it does.
    fn keeps(&self, p: f64, code: u8) -> bool {
        if at_least(p, 1.0) {
            return false;
        }
        match code & STATUS_BITS {
            1 => at_least(p, self.on_track),
            2 => !at_least(p, self.on_track) && at_least(p, self.at_risk),
            _ => false,
        }
    }
}

/// What must be recomputed at the current point.
struct Dirty {
    /// Derived KRs.
    krs: IxVec<KrIx, bool>,
    objectives: IxVec<ObjIx, bool>,
    /// Derived KRs and objectives marked and not yet recomputed (the pass
    /// in plan order stops when none is left).
    pending: usize,
    themes: IxVec<ThemeIx, bool>,
    units: IxVec<UnitIx, bool>,
    /// The themes and units marked, each once.
    theme_list: Vec<ThemeIx>,
    unit_list: Vec<UnitIx>,
}

impl Dirty {
    fn kr(&mut self, k: KrIx) {
        if !self.krs[k] {
            self.krs[k] = true;
            self.pending += 1;
        }
    }

    fn objective(&mut self, o: ObjIx) {
        if !self.objectives[o] {
            self.objectives[o] = true;
            self.pending += 1;
        }
    }

    fn theme(&mut self, t: ThemeIx) {
        if !self.themes[t] {
            self.themes[t] = true;
            self.theme_list.push(t);
        }
    }

    fn unit(&mut self, u: UnitIx) {
        if !self.units[u] {
            self.units[u] = true;
            self.unit_list.push(u);
        }
    }
}

/// What the sweep reads of the KRs' definitions and check-ins, in one pass
/// over them (`Engine::sweep_inputs`).
struct Inputs {
    /// For each metric KR (not hidden), whether its metric is a threshold;
    /// `None` for every other KR.
    threshold: IxVec<KrIx, Option<bool>>,
    /// KRs whose status moves with the date while their progress stays.
    paced: IxVec<KrIx, bool>,
    /// Each metric KR's progress without a current value (0 for others).
    progress: IxVec<KrIx, f64>,
    /// The KRs with a `metric.current`, with the progress at it.
    with_current: Vec<(KrIx, f64)>,
    /// Per point, the KRs with a check-in that becomes visible there, once
    /// each, in ascending order, with the progress at their latest value at
    /// that point.
    points: PointLists,
}

/// The point of the grid at which a check-in becomes visible: the first
/// date on or after its own (the number of dates after the last), looked
/// up by day.
struct PointOf<'d> {
    dates: &'d [Date],
    /// For each day from the first date to the last, its point.
    by_day: Vec<u32>,
}

impl<'d> PointOf<'d> {
    /// The longest grid looked up by day (about 180 years); a longer one
    /// is searched.
    const MAX_DAYS: i64 = 1 << 16;

    fn of(dates: &'d [Date]) -> PointOf<'d> {
        let mut by_day = Vec::new();
        if let (Some(&first), Some(&last)) = (dates.first(), dates.last()) {
            let span = last.days_since(first);
            if (0..Self::MAX_DAYS).contains(&span) {
                let mut p = 0usize;
                for d in 0..=span {
                    let day = first.add_days(i32::try_from(d).unwrap_or(i32::MAX));
                    while dates.get(p).is_some_and(|&g| g < day) {
                        p += 1;
                    }
                    by_day.push(u32::try_from(p).unwrap_or(u32::MAX));
                }
            }
        }
        PointOf { dates, by_day }
    }

    /// The point of a check-in dated `date`: as
    /// `dates.partition_point(|&g| g < date)`.
    fn get(&self, date: Date) -> usize {
        let off = self
            .dates
            .first()
            .map_or(0, |&first| date.days_since(first));
        if off <= 0 {
            return 0;
        }
        match usize::try_from(off).ok().and_then(|o| self.by_day.get(o)) {
            Some(&p) => p as usize,
            None => self.dates.partition_point(|&g| g < date),
        }
    }
}

/// One list of (KR, progress) per point, stored flat: point `q`'s list is
/// `items[starts[q]..starts[q + 1]]`.
struct PointLists {
    starts: Vec<usize>,
    items: Vec<(KrIx, f64)>,
}

impl PointLists {
    /// Sorts `(point, KR, progress)` entries by point, keeping their order
    /// within a point (a counting sort: one pass to count, one to place).
    fn of(points: usize, entries: &[(u32, KrIx, f64)]) -> PointLists {
        let mut starts = vec![0usize; points + 1];
        for &(q, _, _) in entries {
            if let Some(c) = starts.get_mut(q as usize + 1) {
                *c += 1;
            }
        }
        for q in 1..starts.len() {
            let before = starts.get(q - 1).copied().unwrap_or(0);
            if let Some(c) = starts.get_mut(q) {
                *c += before;
            }
        }
        let mut next = starts.clone();
        let mut items = vec![(KrIx::from_raw(0), 0.0); entries.len()];
        for &(q, k, p) in entries {
            if let Some(at) = next.get_mut(q as usize) {
                if let Some(slot) = items.get_mut(*at) {
                    *slot = (k, p);
                }
                *at += 1;
            }
        }
        PointLists { starts, items }
    }

    /// Where each point's list starts and ends in `items`.
    fn bounds(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.starts
            .iter()
            .copied()
            .zip(self.starts.iter().skip(1).copied())
    }

    /// The lists, point by point.
    fn iter(&self) -> impl Iterator<Item = &[(KrIx, f64)]> + '_ {
        self.bounds()
            .map(|(from, to)| self.items.get(from..to).unwrap_or_default())
    }

    /// The longest list.
    fn longest(&self) -> usize {
        self.bounds().map(|(from, to)| to - from).max().unwrap_or(0)
    }
}

impl Engine<'_> {
    /// Marks what KR `k`'s new figures reach directly: its objective and,
    /// for a part, its whole.
    fn reach_from_kr(&self, dirty: &mut Dirty, k: KrIx) {
        if let Some(o) = self.ix.kr_objective[k] {
            dirty.objective(o);
        }
        if let (Some(_), Some(w)) = (self.plan.part_block[k], self.ix.kr_part_of[k]) {
            dirty.kr(w);
        }
    }

    /// Marks what objective `o`'s new figures reach directly: the derived
    /// KRs it links to, its unit and (a company objective) its themes.
    fn reach_from_objective(&self, dirty: &mut Dirty, o: ObjIx) {
        for l in self.ix.links_of(o) {
            if let (Some(_), Some(Node::KeyResult(t))) =
                (self.plan.link_block[l], self.ix.link_target[l])
            {
                dirty.kr(t);
            }
        }
        if let Some(u) = self.ix.obj_unit[o] {
            dirty.unit(u);
        }
        if self.ix.obj_is_company[o] {
            for &t in self.ix.obj_themes.get(o) {
                dirty.theme(t);
            }
        }
    }

    /// The sweep's inputs, reading every KR and its check-ins once: for
    /// each metric KR the progress it has with no value, at its
    /// `metric.current` and at its latest check-in as of each point (the
    /// check-ins by the point of `dates` at which they become visible, the
    /// first on or after theirs, from the index's per-KR lists: date order,
    /// the later of one date last).
    fn sweep_inputs(&self, dates: &[Date]) -> Inputs {
        let doc = self.doc;
        let mut inputs = Inputs {
            threshold: IxVec::default(),
            paced: IxVec::default(),
            progress: IxVec::default(),
            with_current: Vec::new(),
            points: PointLists {
                starts: Vec::new(),
                items: Vec::new(),
            },
        };
        // (point, KR, progress), at most one per check-in; sorted by point
        // at the end.
        let mut entries: Vec<(u32, KrIx, f64)> = Vec::with_capacity(doc.check_ins.len());
        // Fewer points than `u32::MAX`: the grid has one per step of at
        // least a day between two dates.
        let point = |q: usize| u32::try_from(q).unwrap_or(u32::MAX);
        let point_of = PointOf::of(dates);
        for (k, sweep) in self.plan.kr_sweep.iter_enumerated() {
            let progress_at = |v: Option<f64>| sweep.progress(v);
            inputs.threshold.push(sweep.threshold());
            inputs.paced.push(sweep.paced());
            inputs.progress.push(progress_at(None));
            if let Some(c) = sweep.current() {
                inputs.with_current.push((k, progress_at(Some(c))));
            }
            let push = |entries: &mut Vec<(u32, KrIx, f64)>,
                        cis: &mut dyn Iterator<Item = (Date, f64)>| {
                let mut held: Option<(usize, f64)> = None;
                for (date, value) in cis {
                    let p = point_of.get(date);
                    if p == dates.len() {
                        // After the last date, as every later one.
                        break;
                    }
                    if let Some((q, v)) = held {
                        if q != p {
                            entries.push((point(q), k, progress_at(Some(v))));
                        }
                    }
                    held = Some((p, value));
                }
                if let Some((q, v)) = held {
                    entries.push((point(q), k, progress_at(Some(v))));
                }
            };
            push(&mut entries, &mut self.dated_values(k).iter().copied());
        }
        inputs.points = PointLists::of(dates.len(), &entries);
        inputs
    }

    /// The grid of a trend with these options.
    fn trend_dates(&self, every: u32, options: &RollupOptions) -> Vec<Date> {
        let doc = self.doc;
        let last = options.as_of.or(doc.cycle.as_of).unwrap_or(doc.cycle.end);
        grid(doc.cycle.start, last, every)
    }

    /// The options of the trend's point at `date` (`metric.current` counts
    /// at the last point only).
    fn point_options(options: &RollupOptions, date: Date, is_last: bool) -> RollupOptions {
        let mut opts = options.clone().with_as_of(Some(date));
        opts.dated_only = !is_last;
        opts
    }

    /// The rollups at every grid date: a full rollup each (the reference
    /// the tests compare the sweep with).
    pub(crate) fn trend_rollups(&self, every: u32, options: &RollupOptions) -> Vec<(Date, Rollup)> {
        let dates = self.trend_dates(every, options);
        let n = dates.len();
        dates
            .iter()
            .enumerate()
            .map(|(i, &d)| (d, self.run(&Self::point_options(options, d, i + 1 == n))))
            .collect()
    }

    /// A rollup without KR figures (the sweep holds those in a
    /// [`KrState`]): the objectives', themes' and units' figures, the derived
    /// KRs' block sums, the date and the options.
    fn sweep_rollup(&self, options: RollupOptions) -> Rollup {
        let doc = self.doc;
        Rollup {
            as_of: options.as_of,
            elapsed: options
                .as_of
                .map(|d| elapsed(doc.cycle.start, doc.cycle.end, d)),
            key_results: Vec::new(),
            objectives: vec![ObjectiveFigures::default(); doc.objectives.len()],
            themes: vec![MeanFigures::default(); doc.themes.len()],
            units: vec![MeanFigures::default(); doc.units.len()],
            mandates: Vec::new(),
            options,
            blocks: IxVec::filled(self.plan.all_blocks(), Mean::default()),
            part_blocks: IxVec::filled(self.plan.all_part_blocks(), PartSum::default()),
            sums: IxVec::filled(self.ix.key_results(), PartSum::default()),
        }
    }

    /// KR `k`, which reads no other figure, from its data: a metric KR
    /// (`threshold` set) with `progress` (at its latest check-in so far,
    /// else, at the last point, at its `metric.current`, else at no value),
    /// any other has no figures. True when they changed.
    fn own_kr(
        &self,
        r: &Rollup,
        krs: &mut KrState,
        k: KrIx,
        threshold: Option<bool>,
        progress: f64,
    ) -> bool {
        let (progress, status) = match threshold {
            Some(threshold) => (
                Some(progress),
                self.metric_status_of(r, k, threshold, progress),
            ),
            None => (None, None),
        };
        krs.set(k, progress, status, false)
    }

    /// Derived KR `k` from its blocks (updated in `r`). True when its
    /// figures changed.
    fn derived_kr(&self, r: &mut Rollup, krs: &mut KrState, k: KrIx) -> bool {
        let f = self.kr_figures(r, k);
        krs.set(k, f.progress, f.status, f.partial)
    }

    /// The weakest status among objective `o`'s KRs, from the sweep's codes
    /// (as [`Engine::weakest`]: cycle members and dropped KRs skipped).
    fn weakest_compact(&self, o: ObjIx, krs: &KrState) -> Option<Status> {
        let mut worst: Option<u8> = None;
        for &k in self.ix.obj_krs.get(o) {
            if self.plan.cycles && self.ix.same_scc(Node::KeyResult(k), Node::Objective(o)) {
                continue;
            }
            // Codes 0-3 are the severities; dropped (4) and none (7) skip.
            let s = krs.code[k] & STATUS_BITS;
            if s <= 3 && worst.is_none_or(|w| s > w) {
                worst = Some(s);
            }
        }
        worst.and_then(decode_status)
    }

    /// [`Engine::objective`] reading its KRs' figures from the sweep's
    /// codes (the same numbers, summed in the same order). True when its
    /// progress or status changed.
    fn objective_compact(&self, r: &mut Rollup, o: ObjIx, krs: &KrState) -> bool {
        let (progress, partial) = match self.plan.obj_plain[o]
            .then(|| self.weighted_sum(o, krs))
            .flatten()
        {
            Some(mean) => mean,
            None => self.mean_compact(r, o, krs),
        };
        let status = self.objective_status_with(r, o, progress, || self.weakest_compact(o, krs));
        let old = *r.objective(o);
        *r.objective_mut(o) = ObjectiveFigures {
            progress,
            status,
            partial,
        };
        !same_progress(old.progress, progress) || old.status != status
    }

    /// The progress and partial flag of a plain objective (see
    /// [`RollupPlan::obj_plain`]): [`Mean`]'s sums without its checks, the same
    /// numbers while the total weight stays finite (`Mean` rescales only
    /// when it would not); `None` when it does not.
    fn weighted_sum(&self, o: ObjIx, krs: &KrState) -> Option<(Option<f64>, bool)> {
        let (mut sum, mut weight, mut partial) = (0.0, 0.0, false);
        for &(k, w) in self.plan.obj_members.get(o) {
            let code = krs.code[k];
            partial |= code & PARTIAL != 0;
            if code & HAS_PROGRESS != 0 {
                sum += krs.progress[k] * w;
                weight += w;
            }
        }
        weight.is_finite().then(|| {
            let progress = (weight > 0.0).then(|| (sum / weight).clamp(0.0, 1.0));
            (progress, partial)
        })
    }

    /// Objective `o`'s progress and partial flag as [`Engine::objective`]
    /// sums them, from the sweep's codes.
    fn mean_compact(&self, r: &Rollup, o: ObjIx, krs: &KrState) -> (Option<f64>, bool) {
        let mut mean = Mean::default();
        for &k in self.ix.obj_krs.get(o) {
            if self.plan.cycles && self.ix.same_scc(Node::KeyResult(k), Node::Objective(o)) {
                continue;
            }
            // Only KRs dropped by their own date leave the mean.
            if self.plan.kr_is_dropped_own(k, r.as_of) {
                continue;
            }
            mean.add(
                krs.progress(k),
                self.plan.kr_weight[k],
                krs.partial(k) || self.plan.kr_redacted[k],
            );
        }
        (mean.value(), mean.partial)
    }

    /// Step 1 for the KRs on the work list: the statuses that follow the
    /// date alone. The pace rule only worsens as the elapsed share grows,
    /// so only KRs on track or at risk can move; those recomputed from new
    /// data in step 2 (`FRESH`) are left to it. The list drops what can no
    /// longer move here, not at the end of the point before (the same
    /// list, one pass fewer).
    fn refresh_krs(
        &self,
        live: &mut Movable,
        krs: &mut KrState,
        r: &Rollup,
        pace: &PaceAt,
        changes: &mut Columns,
        refresh: &mut Vec<ObjIx>,
    ) {
        let mut list = std::mem::take(&mut live.krs);
        std::mem::swap(&mut live.krs, &mut live.spare);
        for k in list.drain(..) {
            let code = krs.code[k];
            if !movable(code) {
                live.kr_in[k] = false;
                continue;
            }
            live.krs.push(k);
            if code & (FRESH | HAS_PROGRESS) != HAS_PROGRESS {
                continue;
            }
            let progress = krs.progress[k];
            if code & CLOCKED != 0 && pace.keeps(progress, code) {
                continue;
            }
            {
                let status = self
                    .elapsed_at(r, self.plan.kr_due[k])
                    .map(|e| self.pace(progress, e, &r.options));
                let partial = krs.partial(k);
                if krs.set(k, Some(progress), status, partial) {
                    krs.record(changes, k);
                    if let (ObjectiveStatus::Weakest, Some(o)) =
                        (r.options.objective_status, self.ix.kr_objective[k])
                    {
                        // The weakest-status policy reads KR statuses
                        // (under pace, only the objectives on the work
                        // list can move).
                        refresh.push(o);
                    }
                }
            }
        }
        live.spare = list;
    }

    /// Step 1 for the objectives: those on the work list (under the pace
    /// policy) and those whose KRs moved (under the weakest-KR policy),
    /// unless step 2 recomputes them.
    #[expect(
        clippy::too_many_arguments,
        reason = "the sweep's state, borrowed apart"
    )]
    fn refresh_objectives(
        &self,
        live: &mut Movable,
        refresh: &mut Vec<ObjIx>,
        dirty: &Dirty,
        r: &mut Rollup,
        krs: &KrState,
        pace: &PaceAt,
        changes: &mut Columns,
    ) {
        live.retain_objectives(r);
        refresh.extend_from_slice(&live.objectives);
        for &o in refresh.iter() {
            if dirty.objectives[o] {
                continue;
            }
            let f = *r.objective(o);
            if let (ObjectiveStatus::Pace, None, Some(p)) =
                (r.options.objective_status, self.plan.obj_due[o], f.progress)
            {
                // Not dropped here (an objective dropped at this point
                // is marked dirty above).
                if pace.keeps(p, encode(None, f.status)) {
                    continue;
                }
            }
            let status =
                self.objective_status_with(r, o, f.progress, || self.weakest_compact(o, krs));
            if status != f.status {
                r.objective_mut(o).status = status;
                changes.push_change(o.raw(), f.progress, status);
            }
        }
        refresh.clear();
    }

    /// Step 2: the touched KRs from their data, then what they reach, in
    /// plan order (`FRESH` cleared on the first visit: a KR may be touched
    /// twice).
    fn recompute(
        &self,
        touched: &[KrIx],
        dirty: &mut Dirty,
        r: &mut Rollup,
        krs: &mut KrState,
        (threshold, progress): (&IxVec<KrIx, Option<bool>>, &IxVec<KrIx, f64>),
        t: &mut Trend,
    ) {
        for &k in touched {
            if krs.code[k] & FRESH == 0 {
                continue;
            }
            krs.code[k] &= !FRESH;
            if self.plan.kr_derived[k] {
                // Recomputed in plan order; as a part its own data
                // (not its figures) moves its whole now.
                dirty.kr(k);
            } else if self.own_kr(r, krs, k, threshold[k], progress[k]) {
                krs.record(&mut t.key_results, k);
            }
            self.reach_from_kr(dirty, k);
        }
        for &node in &self.plan.rollup_order {
            if dirty.pending == 0 {
                break;
            }
            match node {
                Node::KeyResult(k) => {
                    if dirty.krs[k] {
                        dirty.krs[k] = false;
                        dirty.pending -= 1;
                        if self.derived_kr(r, krs, k) {
                            krs.record(&mut t.key_results, k);
                        }
                        self.reach_from_kr(dirty, k);
                    }
                }
                Node::Objective(o) => {
                    if dirty.objectives[o] {
                        dirty.objectives[o] = false;
                        dirty.pending -= 1;
                        if self.objective_compact(r, o, krs) {
                            let f = r.objective(o);
                            t.objectives.push_change(o.raw(), f.progress, f.status);
                        }
                        self.reach_from_objective(dirty, o);
                    }
                }
            }
        }
    }

    /// The themes and units marked at this point, recomputed.
    fn means(&self, dirty: &mut Dirty, r: &mut Rollup, t: &mut Trend) {
        for &th in &dirty.theme_list {
            dirty.themes[th] = false;
            let old = r.theme(th).progress;
            self.theme(r, th);
            let new = r.theme(th).progress;
            if !same_progress(old, new) {
                t.themes.push_change(th.raw(), new, None);
            }
        }
        dirty.theme_list.clear();
        for &u in &dirty.unit_list {
            dirty.units[u] = false;
            let old = r.unit(u).progress;
            self.unit(r, u);
            let new = r.unit(u).progress;
            if !same_progress(old, new) {
                t.units.push_change(u.raw(), new, None);
            }
        }
        dirty.unit_list.clear();
    }

    /// The trend, by position: one sweep over the check-ins in date order.
    /// KR figures live in a [`KrState`], everything else in a rollup
    /// without KR figures; each point records what changed.
    pub(crate) fn trend(&self, every: u32, options: &RollupOptions) -> Trend {
        let doc = self.doc;
        let dates = self.trend_dates(every, options);
        let points = dates.len();
        let changes = doc
            .check_ins
            .len()
            .saturating_add(doc.key_results.len().saturating_mul(2));
        let mut t = Trend {
            dates: dates.clone(),
            // Changes: about one per check-in and up to two status moves
            // per KR (on track, at risk, off track), fewer for the rest.
            key_results: Columns::new(doc.key_results.len(), points, changes),
            objectives: Columns::new(doc.objectives.len(), points, changes),
            themes: Columns::new(doc.themes.len(), points, changes),
            units: Columns::new(doc.units.len(), points, changes),
        };
        let Some(&first) = dates.first() else {
            return t;
        };
        let n = dates.len();
        let Inputs {
            threshold,
            paced,
            mut progress,
            with_current,
            points,
        } = self.sweep_inputs(&dates);
        // Items taken off the board, by date: between two points, a KR
        // dropped (by its own date or its objective's) is recomputed like
        // one with a new check-in, and a dropped objective is recomputed.
        let mut drops: Vec<(Date, Node)> = Vec::new();
        for k in self.ix.key_results() {
            for d in [self.plan.kr_dropped[k], self.plan.kr_dropped_own[k]]
                .into_iter()
                .flatten()
            {
                drops.push((d, Node::KeyResult(k)));
            }
        }
        for o in self.ix.objectives() {
            if let Some(d) = self.plan.obj_dropped[o] {
                drops.push((d, Node::Objective(o)));
            }
        }
        drops.sort_by_key(|&(d, _)| d);
        // Whether a KR has a check-in so far.
        let mut seen = IxVec::filled(self.ix.key_results(), false);
        let longest = points.longest();
        let mut points = points.iter();
        for &(k, p) in points.next().into_iter().flatten() {
            progress[k] = p;
            seen[k] = true;
        }
        if n == 1 {
            // The first point is the last: `metric.current` counts.
            for &(k, p) in &with_current {
                if !seen[k] {
                    progress[k] = p;
                }
            }
        }
        // The first point's full pass sees every drop so far.
        let mut drop_cursor = drops.partition_point(|&(d, _)| d <= first);

        // The first point: a full pass (as `Engine::run_with`).
        let mut r = self.sweep_rollup(Self::point_options(options, first, n == 1));
        let mut krs = KrState {
            progress: IxVec::filled(self.ix.key_results(), 0.0),
            code: IxVec::from_fn(self.ix.key_results(), |k| {
                NO_STATUS
                    | if self.plan.kr_due[k].is_none() {
                        CLOCKED
                    } else {
                        0
                    }
            }),
        };
        for (k, &derived) in self.plan.kr_derived.iter_enumerated() {
            if !derived {
                self.own_kr(&r, &mut krs, k, threshold[k], progress[k]);
            }
        }
        for &node in &self.plan.rollup_order {
            match node {
                Node::KeyResult(k) => {
                    self.derived_kr(&mut r, &mut krs, k);
                }
                Node::Objective(o) => {
                    self.objective_compact(&mut r, o, &krs);
                }
            }
        }
        for th in self.ix.themes() {
            self.theme(&mut r, th);
        }
        for u in self.ix.units() {
            self.unit(&mut r, u);
        }
        t.key_results.base_progress = krs.progress.iter().copied().collect();
        t.key_results.base_code = krs.code.iter().map(|&c| c & !SWEEP_BITS).collect();
        for f in &r.objectives {
            t.objectives.push_base(f.progress, f.status);
        }
        for f in &r.themes {
            t.themes.push_base(f.progress, None);
        }
        for f in &r.units {
            t.units.push_base(f.progress, None);
        }
        let mut live = Movable::of(&krs, &r, &paced, self.ix.objectives());

        let mut dirty = Dirty {
            krs: IxVec::filled(self.ix.key_results(), false),
            objectives: IxVec::filled(self.ix.objectives(), false),
            pending: 0,
            themes: IxVec::filled(self.ix.themes(), false),
            units: IxVec::filled(self.ix.units(), false),
            theme_list: Vec::with_capacity(doc.themes.len()),
            unit_list: Vec::with_capacity(doc.units.len()),
        };
        let mut touched: Vec<KrIx> = Vec::with_capacity(longest + drops.len() + with_current.len());
        let mut refresh: Vec<ObjIx> = Vec::with_capacity(doc.objectives.len());
        for (i, &date) in dates.iter().enumerate().skip(1) {
            let is_last = i + 1 == n;
            touched.clear();
            for &(k, p) in points.next().into_iter().flatten() {
                progress[k] = p;
                seen[k] = true;
                touched.push(k);
            }
            while let Some(&(d, node)) = drops.get(drop_cursor) {
                if d > date {
                    break;
                }
                drop_cursor += 1;
                match node {
                    Node::KeyResult(k) => touched.push(k),
                    Node::Objective(o) => dirty.objective(o),
                }
            }
            if is_last {
                // `metric.current` (undated) counts from the last point,
                // for KRs without a check-in so far (a check-in wins).
                for &(k, p) in &with_current {
                    if !seen[k] {
                        progress[k] = p;
                        touched.push(k);
                    }
                }
            }
            r.as_of = Some(date);
            r.elapsed = Some(elapsed(doc.cycle.start, doc.cycle.end, date));
            r.options = Self::point_options(options, date, is_last);
            t.key_results.begin_point();
            t.objectives.begin_point();
            t.themes.begin_point();
            t.units.begin_point();
            // What step 2 recomputes from its data anyway (most KRs check
            // in every week): the touched KRs and their objectives, whose
            // status refresh in step 1 would only be overwritten.
            for &k in &touched {
                krs.code[k] |= FRESH;
                if let Some(o) = self.ix.kr_objective[k] {
                    dirty.objective(o);
                }
            }
            let pace = PaceAt::of(&r);
            // 1. Statuses that follow the date alone. The pace rule only
            // worsens as the elapsed share grows, so only KRs and
            // objectives on track or at risk can move.
            // The work lists drop what can no longer move here, not at the
            // end of the point before (the same lists, one pass fewer).
            self.refresh_krs(
                &mut live,
                &mut krs,
                &r,
                &pace,
                &mut t.key_results,
                &mut refresh,
            );
            self.refresh_objectives(
                &mut live,
                &mut refresh,
                &dirty,
                &mut r,
                &krs,
                &pace,
                &mut t.objectives,
            );
            // 2. KRs with new data, then what they reach, in plan order.
            self.recompute(
                &touched,
                &mut dirty,
                &mut r,
                &mut krs,
                (&threshold, &progress),
                &mut t,
            );
            self.means(&mut dirty, &mut r, &mut t);
            live.update(&krs, &r, &paced, &t);
        }
        t
    }
}

//! The trend: the figures at each date of a grid, in one sweep over the
//! check-ins sorted by date.
//!
//! One rollup is kept running. From one point to the next:
//! 1. every status that follows the date alone is refreshed from the
//!    progress already held (the pace rule with the new elapsed share);
//! 2. only the KRs with newly visible check-ins (and, at the last point,
//!    those with an undated `metric.current`) are recomputed from their
//!    data, and everything they reach (objectives, derived KRs, wholes,
//!    themes, units) is marked and recomputed in the plan's order.
//!
//! Each point is bit-identical to a full rollup at that date (a property
//! test checks it). The series are stored columnar (per point, one progress
//! and one status code per item) and keyed by id only on output.

use std::sync::OnceLock;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::engine::{elapsed, Engine};
use super::figures::{ObjectiveFigures, Rollup, RollupOptions, Status};
use crate::date::Date;
use crate::document::{Metric, Source};
use crate::idx::{IxRange, IxVec};
use crate::index::{ItemRef, Items, KrIx, Node, ObjIx, ThemeIx, UnitIx};
use crate::numeric::Mean;
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
    match code & !HAS_PROGRESS {
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
    change_item: Vec<usize>,
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
    fn new(items: usize) -> Columns {
        Columns {
            items,
            base_progress: Vec::with_capacity(items),
            base_code: Vec::with_capacity(items),
            ..Columns::default()
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
    fn push_change(&mut self, i: usize, progress: Option<f64>, status: Option<Status>) {
        self.change_item.push(i);
        self.change_progress.push(progress.unwrap_or(0.0));
        self.change_code.push(encode(progress, status));
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

/// The check-ins the sweep has passed, per KR, as the least-squares points
/// the rollup would read at the current date: one per date (the later
/// check-in winning), in date order, as (days since the cycle's start,
/// value). The last point's value is the KR's dated current value.
struct Seen {
    /// First slot of each KR's points (one slot per check-in; n_kr + 1
    /// entries).
    first: Vec<usize>,
    /// Points filled per KR.
    len: IxVec<KrIx, usize>,
    xs: Vec<f64>,
    ys: Vec<f64>,
}

#[expect(
    clippy::indexing_slicing,
    reason = "INVARIANT: `first` has one entry per KR plus one and gives each KR one slot per \
              check-in of it in the sweep's order; a KR never fills more points than it has \
              check-ins, so every slot read or written lies in xs / ys"
)]
impl Seen {
    fn new(krs: IxVec<KrIx, usize>) -> Seen {
        let mut first = Vec::with_capacity(krs.len() + 1);
        let mut total = 0usize;
        for &n in krs.iter() {
            first.push(total);
            total += n;
        }
        first.push(total);
        Seen {
            first,
            len: IxVec::filled(krs.indices(), 0),
            xs: vec![0.0; total],
            ys: vec![0.0; total],
        }
    }

    /// Adds check-in value `y` of KR `k` at day `x` (days are added in
    /// order; a second check-in on the same day replaces the first).
    fn add(&mut self, k: KrIx, x: f64, y: f64) {
        let base = self.first[k.index()];
        let n = self.len[k];
        if n > 0 && self.xs[base + n - 1] == x {
            self.ys[base + n - 1] = y;
        } else {
            self.xs[base + n] = x;
            self.ys[base + n] = y;
            self.len[k] = n + 1;
        }
    }

    /// KR `k`'s points so far.
    fn points(&self, k: KrIx) -> impl Iterator<Item = (f64, f64)> + Clone + '_ {
        let base = self.first[k.index()];
        let n = self.len[k];
        self.xs[base..base + n]
            .iter()
            .copied()
            .zip(self.ys[base..base + n].iter().copied())
    }

    /// KR `k`'s latest value so far.
    fn latest(&self, k: KrIx) -> Option<f64> {
        let n = self.len[k];
        (n > 0).then(|| self.ys[self.first[k.index()] + n - 1])
    }
}

/// The items whose figures a point changed (an item may appear twice).
#[derive(Debug, Default)]
struct Changed {
    krs: Vec<KrIx>,
    objectives: Vec<ObjIx>,
    themes: Vec<ThemeIx>,
    units: Vec<UnitIx>,
}

impl Changed {
    fn clear(&mut self) {
        self.krs.clear();
        self.objectives.clear();
        self.themes.clear();
        self.units.clear();
    }
}

/// Whether a status can still move with the date alone (done and
/// off_track cannot: the pace rule only worsens as time passes).
fn movable(s: Option<Status>) -> bool {
    matches!(s, Some(Status::OnTrack | Status::AtRisk))
}

/// The paced KRs and the objectives whose status may move at the next
/// point, each once, with a compact copy of every KR's progress and status
/// (the per-point refresh reads 17 bytes per KR, not the rollup's figures).
#[derive(Debug, Default)]
struct Live {
    krs: Vec<KrIx>,
    objectives: Vec<ObjIx>,
    kr_in: IxVec<KrIx, bool>,
    obj_in: IxVec<ObjIx, bool>,
    kr_progress: IxVec<KrIx, Option<f64>>,
    kr_status: IxVec<KrIx, Option<Status>>,
    kr_partial: IxVec<KrIx, bool>,
}

impl Live {
    fn of(r: &Rollup, paced: &IxVec<KrIx, bool>, objectives: IxRange<ObjIx>) -> Live {
        let mut live = Live {
            krs: Vec::new(),
            objectives: Vec::new(),
            kr_in: IxVec::filled(paced.indices(), false),
            obj_in: IxVec::filled(objectives, false),
            kr_progress: IxVec::from_fn(paced.indices(), |k| r.kr(k).progress),
            kr_status: IxVec::from_fn(paced.indices(), |k| r.kr(k).status),
            kr_partial: IxVec::from_fn(paced.indices(), |k| r.kr(k).partial),
        };
        for (k, &p) in paced.iter_enumerated() {
            if p && movable(live.kr_status[k]) {
                live.kr_in[k] = true;
                live.krs.push(k);
            }
        }
        for o in live.obj_in.indices() {
            if movable(r.objective(o).status) {
                live.objectives.push(o);
            }
        }
        for &o in &live.objectives {
            live.obj_in[o] = true;
        }
        live
    }

    /// Copies KR `k`'s new figures into the compact arrays (after every
    /// write of them during a point, before anything reads them).
    fn sync(&mut self, r: &Rollup, k: KrIx) {
        let f = r.kr(k);
        self.kr_progress[k] = f.progress;
        self.kr_status[k] = f.status;
        self.kr_partial[k] = f.partial;
    }

    /// Drops what can no longer move, adds what changed and can.
    fn update(&mut self, r: &Rollup, paced: &IxVec<KrIx, bool>, changed: &Changed) {
        let kr_in = &mut self.kr_in;
        let kr_status = &self.kr_status;
        self.krs.retain(|&k| {
            let keep = movable(kr_status[k]);
            kr_in[k] = keep;
            keep
        });
        for &k in &changed.krs {
            if paced[k] && !self.kr_in[k] && movable(self.kr_status[k]) {
                self.kr_in[k] = true;
                self.krs.push(k);
            }
        }
        let obj_in = &mut self.obj_in;
        self.objectives.retain(|&o| {
            let keep = movable(r.objective(o).status);
            obj_in[o] = keep;
            keep
        });
        for &o in &changed.objectives {
            if !self.obj_in[o] && movable(r.objective(o).status) {
                self.obj_in[o] = true;
                self.objectives.push(o);
            }
        }
    }
}

/// The check-ins in date order, stable (document order on equal dates): a
/// counting sort over the days when they span a short range (a cycle's
/// worth), else a stable sort.
fn by_date(mut v: Vec<(Date, KrIx, f64)>) -> Vec<(Date, KrIx, f64)> {
    let (Some(lo), Some(hi)) = (v.iter().map(|e| e.0).min(), v.iter().map(|e| e.0).max()) else {
        return v;
    };
    let span = usize::try_from(hi.days_since(lo)).unwrap_or(usize::MAX);
    if span > v.len().saturating_mul(4).max(1024) {
        v.sort_by_key(|&(d, _, _)| d);
        return v;
    }
    let day = |d: Date| usize::try_from(d.days_since(lo)).unwrap_or(0);
    // starts[d]: first slot of day d in the output.
    let mut starts = vec![0usize; span + 2];
    for e in &v {
        if let Some(n) = starts.get_mut(day(e.0) + 1) {
            *n += 1;
        }
    }
    for i in 1..starts.len() {
        let prev = starts.get(i - 1).copied().unwrap_or(0);
        if let Some(n) = starts.get_mut(i) {
            *n += prev;
        }
    }
    let mut out = v.clone();
    for e in v {
        if let Some(at) = starts.get_mut(day(e.0)) {
            if let Some(slot) = out.get_mut(*at) {
                *slot = e;
            }
            *at += 1;
        }
    }
    out
}

/// What must be recomputed at the current point.
struct Dirty {
    krs: IxVec<KrIx, bool>,
    objectives: IxVec<ObjIx, bool>,
    themes: IxVec<ThemeIx, bool>,
    units: IxVec<UnitIx, bool>,
}

impl Engine<'_> {
    /// Marks what KR `k`'s new figures reach directly: its objective and,
    /// for a part, its whole.
    fn reach_from_kr(&self, dirty: &mut Dirty, k: KrIx) {
        if let Some(o) = self.ix.kr_objective[k] {
            dirty.objectives[o] = true;
        }
        if let (Some(_), Some(w)) = (self.plan.part_block[k], self.ix.kr_part_of[k]) {
            dirty.krs[w] = true;
        }
    }

    /// Marks what objective `o`'s new figures reach directly: the derived
    /// KRs it links to, its unit and (a company objective) its themes.
    fn reach_from_objective(&self, dirty: &mut Dirty, o: ObjIx) {
        for l in self.ix.links_of(o) {
            if let (Some(_), Some(Node::KeyResult(t))) =
                (self.plan.link_block[l], self.ix.link_target[l])
            {
                dirty.krs[t] = true;
            }
        }
        if let Some(u) = self.ix.obj_unit[o] {
            dirty.units[u] = true;
        }
        if self.ix.obj_is_company[o] {
            for &t in self.ix.obj_themes.get(o) {
                dirty.themes[t] = true;
            }
        }
    }

    /// KRs whose status moves with the date while their progress stays:
    /// everything paced (not hidden, not a threshold metric, not without a
    /// metric).
    fn paced_krs(&self) -> IxVec<KrIx, bool> {
        IxVec::from_fn(self.ix.key_results(), |k| {
            let kr = self.doc.key_result(k);
            !kr.redacted
                && match (kr.source, kr.metric.as_ref()) {
                    (Source::Metric, Some(m)) => !m.is_threshold(),
                    (Source::Metric, None) => false,
                    (Source::Children | Source::Parts, _) => true,
                }
        })
    }

    /// [`Engine::objective`] reading its KRs' figures from the sweep's
    /// compact copy (the same numbers, summed in the same order).
    fn objective_compact(&self, r: &mut Rollup, o: ObjIx, live: &Live) {
        let mut mean = Mean::default();
        let mut weakest: Option<Status> = None;
        for &k in self.ix.obj_krs.get(o) {
            if self.plan.cycles && self.ix.same_scc(Node::KeyResult(k), Node::Objective(o)) {
                continue;
            }
            // The weakest status skips dropped KRs but not those dropped
            // with their objective only (as `Engine::weakest`).
            if let Some(s) = live.kr_status[k] {
                if !s.is_dropped() && weakest.is_none_or(|w| s.severity() > w.severity()) {
                    weakest = Some(s);
                }
            }
            if self.plan.kr_is_dropped_own(k, r.as_of) {
                continue;
            }
            mean.add(
                live.kr_progress[k],
                self.plan.kr_weight[k],
                live.kr_partial[k] || self.plan.kr_redacted[k],
            );
        }
        let progress = mean.value();
        let status = match (
            r.options.objective_status,
            progress,
            self.elapsed_at(r, self.plan.obj_due[o]),
        ) {
            _ if self.plan.obj_is_dropped(o, r.as_of) => Some(Status::Dropped),
            (ObjectiveStatus::Weakest, Some(_), Some(_)) => weakest,
            (ObjectiveStatus::Pace, Some(p), Some(e)) => Some(self.pace(p, e, &r.options)),
            _ => None,
        };
        *r.objective_mut(o) = ObjectiveFigures {
            progress,
            status,
            partial: mean.partial,
        };
    }

    /// Recomputes KR `k`, which reads no other figure: a metric KR from the
    /// sweep's points (the same numbers, in the same order, as the rollup
    /// reads from the document), any other through the rollup.
    fn own_kr(
        &self,
        r: &mut Rollup,
        k: KrIx,
        seen: &Seen,
        fast: &IxVec<KrIx, Option<&Metric>>,
        forecasts: bool,
    ) {
        let Some(metric) = fast[k] else {
            self.key_result(r, k);
            return;
        };
        let current = match seen.latest(k) {
            Some(v) => Some(v),
            None if r.options.dated_only => None,
            None => metric.current(),
        };
        // The series hold no forecast: skip the fit unless whole rollups
        // are asked for (no other figure reads a metric KR's forecast).
        let f = if forecasts {
            self.metric_figures(r, k, metric, current, seen.points(k))
        } else {
            self.metric_figures(r, k, metric, current, std::iter::empty())
        };
        *r.kr_mut(k) = f;
    }

    /// The sweep: calls `point` with the running rollup at every grid date
    /// (the last with `metric.current`, the others without) and, after the
    /// first, what changed since the previous date with the compact copy of
    /// the KR figures. Without `forecasts`,
    /// metric KRs get no forecast (the series do not hold one; every other
    /// figure is the same); with them every point is a whole rollup.
    fn sweep(
        &self,
        every: u32,
        options: &RollupOptions,
        forecasts: bool,
        mut point: impl FnMut(Date, &Rollup, Option<(&Changed, &Live)>),
    ) {
        let doc = self.doc;
        let last = options.as_of.or(doc.cycle.as_of).unwrap_or(doc.cycle.end);
        let dates = grid(doc.cycle.start, last, every);
        // Check-ins in date order (stable: document order on equal dates,
        // the order of the index's per-KR lists).
        let order = by_date(
            doc.check_ins
                .iter()
                .zip(&self.ix.checkin_kr)
                .filter_map(|(c, k)| k.map(|k| (c.date, k, c.value)))
                .collect(),
        );
        let mut per_kr = IxVec::filled(self.ix.key_results(), 0usize);
        for &(_, k, _) in &order {
            per_kr[k] += 1;
        }
        let mut seen = Seen::new(per_kr);
        // Metric KRs (not hidden): computed from `seen`.
        let fast: IxVec<KrIx, Option<&Metric>> = IxVec::from_fn(self.ix.key_results(), |k| {
            let kr = doc.key_result(k);
            match (kr.redacted, kr.source, kr.metric.as_ref()) {
                (false, Source::Metric, Some(m)) => Some(m),
                _ => None,
            }
        });
        let start = doc.cycle.start;
        let paced = self.paced_krs();
        let mut dirty = Dirty {
            krs: IxVec::filled(self.ix.key_results(), false),
            objectives: IxVec::filled(self.ix.objectives(), false),
            themes: IxVec::filled(self.ix.themes(), false),
            units: IxVec::filled(self.ix.units(), false),
        };
        // Items taken off the board, by date: between two points, a KR
        // dropped (by its own date or its objective's) is recomputed like
        // one with a new check-in, and a dropped objective is recomputed.
        let mut drops: Vec<(Date, Node)> = Vec::new();
        for k in self.ix.key_results() {
            // The date it leaves with its objective and its own date (its
            // objective's mean skips it from then).
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
        let mut drop_cursor = 0;
        let mut cursor = 0;
        let mut touched: Vec<KrIx> = Vec::new();
        let mut fresh = IxVec::filled(self.ix.key_results(), false);
        let mut live = Live::default();
        let mut changed = Changed::default();
        let mut refresh: Vec<ObjIx> = Vec::new();
        let mut running: Option<Rollup> = None;
        let n = dates.len();
        for (i, &date) in dates.iter().enumerate() {
            let is_last = i + 1 == n;
            let mut opts = options.clone().with_as_of(Some(date));
            opts.dated_only = !is_last;
            touched.clear();
            while let Some(&(d, k, v)) = order.get(cursor) {
                if d > date {
                    break;
                }
                cursor += 1;
                seen.add(k, d.days_since(start) as f64, v);
                touched.push(k);
            }
            while let Some(&(d, n)) = drops.get(drop_cursor) {
                if d > date {
                    break;
                }
                drop_cursor += 1;
                // The first point's full pass sees every drop so far.
                if running.is_some() {
                    match n {
                        Node::KeyResult(k) => touched.push(k),
                        Node::Objective(o) => dirty.objectives[o] = true,
                    }
                }
            }
            let Some(r) = running.as_mut() else {
                // The first point: a full pass.
                let first = self.run_with(&opts, |r, k| self.own_kr(r, k, &seen, &fast, forecasts));
                live = Live::of(&first, &paced, self.ix.objectives());
                point(date, &first, None);
                running = Some(first);
                continue;
            };
            if is_last {
                // `metric.current` (undated) counts from the last point,
                // for KRs without a check-in so far (a check-in wins).
                touched.extend(self.ix.key_results().into_iter().filter(|&k| {
                    seen.latest(k).is_none()
                        && doc
                            .key_result(k)
                            .metric
                            .as_ref()
                            .and_then(Metric::current)
                            .is_some()
                }));
            }
            r.as_of = Some(date);
            r.elapsed = Some(elapsed(doc.cycle.start, doc.cycle.end, date));
            r.options = opts;
            // What step 2 recomputes from its data anyway (most KRs check
            // in every week): the touched KRs and their objectives, whose
            // status refresh in step 1 would only be overwritten.
            for &k in &touched {
                fresh[k] = true;
                if let Some(o) = self.ix.kr_objective[k] {
                    dirty.objectives[o] = true;
                }
            }
            // 1. Statuses that follow the date alone. The pace rule only
            // worsens as the elapsed share grows, so only KRs and
            // objectives on track or at risk can move.
            changed.clear();
            for &k in &live.krs {
                if fresh[k] {
                    continue;
                }
                if let Some(progress) = live.kr_progress[k] {
                    let status = self
                        .elapsed_at(r, self.plan.kr_due[k])
                        .map(|e| self.pace(progress, e, &r.options));
                    if status != live.kr_status[k] {
                        r.kr_mut(k).status = status;
                        live.kr_status[k] = status;
                        changed.krs.push(k);
                        if let Some(o) = self.ix.kr_objective[k] {
                            // The weakest-status policy reads KR statuses.
                            refresh.push(o);
                        }
                    }
                }
            }
            refresh.extend_from_slice(&live.objectives);
            for &o in &refresh {
                if dirty.objectives[o] {
                    continue;
                }
                let f = r.objective(o);
                let status = self.objective_status(r, o, f.progress);
                if status != f.status {
                    r.objective_mut(o).status = status;
                    changed.objectives.push(o);
                }
            }
            refresh.clear();
            // 2. KRs with new data, then what they reach, in plan order.
            for &k in &touched {
                if self.plan.kr_derived[k] {
                    // Recomputed in plan order; as a part its own data
                    // (not its figures) moves its whole now.
                    dirty.krs[k] = true;
                    self.reach_from_kr(&mut dirty, k);
                } else if !dirty.krs[k] {
                    dirty.krs[k] = true;
                    self.own_kr(r, k, &seen, &fast, forecasts);
                    live.sync(r, k);
                    changed.krs.push(k);
                    self.reach_from_kr(&mut dirty, k);
                }
            }
            for &k in &touched {
                fresh[k] = false;
                if !self.plan.kr_derived[k] {
                    dirty.krs[k] = false;
                }
            }
            for &node in &self.plan.rollup_order {
                match node {
                    Node::KeyResult(k) => {
                        if dirty.krs[k] {
                            dirty.krs[k] = false;
                            self.key_result(r, k);
                            live.sync(r, k);
                            changed.krs.push(k);
                            self.reach_from_kr(&mut dirty, k);
                        }
                    }
                    Node::Objective(o) => {
                        if dirty.objectives[o] {
                            dirty.objectives[o] = false;
                            self.objective_compact(r, o, &live);
                            changed.objectives.push(o);
                            self.reach_from_objective(&mut dirty, o);
                        }
                    }
                }
            }
            for t in self.ix.themes() {
                if dirty.themes[t] {
                    dirty.themes[t] = false;
                    self.theme(r, t);
                    changed.themes.push(t);
                }
            }
            for u in self.ix.units() {
                if dirty.units[u] {
                    dirty.units[u] = false;
                    self.unit(r, u);
                    changed.units.push(u);
                }
            }
            live.update(r, &paced, &changed);
            point(date, r, Some((&changed, &live)));
        }
    }

    /// The rollups at every grid date (tests compare each with a full
    /// rollup).
    pub(crate) fn trend_rollups(&self, every: u32, options: &RollupOptions) -> Vec<(Date, Rollup)> {
        let mut out = Vec::new();
        self.sweep(every, options, true, |d, r, _| out.push((d, r.clone())));
        out
    }

    /// The trend, by position.
    pub(crate) fn trend(&self, every: u32, options: &RollupOptions) -> Trend {
        let doc = self.doc;
        let last = options.as_of.or(doc.cycle.as_of).unwrap_or(doc.cycle.end);
        let points = grid(doc.cycle.start, last, every).len();
        let mut t = Trend {
            dates: Vec::with_capacity(points),
            key_results: Columns::new(doc.key_results.len()),
            objectives: Columns::new(doc.objectives.len()),
            themes: Columns::new(doc.themes.len()),
            units: Columns::new(doc.units.len()),
        };
        self.sweep(every, options, false, |date, r, changed| {
            t.dates.push(date);
            let Some((c, live)) = changed else {
                for f in &r.key_results {
                    t.key_results.push_base(f.progress, f.status);
                }
                for f in &r.objectives {
                    t.objectives.push_base(f.progress, f.status);
                }
                for f in &r.themes {
                    t.themes.push_base(f.progress, None);
                }
                for f in &r.units {
                    t.units.push_base(f.progress, None);
                }
                return;
            };
            t.key_results.begin_point();
            // From the compact copy, in step with every KR write.
            for &k in &c.krs {
                t.key_results
                    .push_change(k.index(), live.kr_progress[k], live.kr_status[k]);
            }
            t.objectives.begin_point();
            for &o in &c.objectives {
                let f = r.objective(o);
                t.objectives.push_change(o.index(), f.progress, f.status);
            }
            t.themes.begin_point();
            for &th in &c.themes {
                t.themes.push_change(th.index(), r.theme(th).progress, None);
            }
            t.units.begin_point();
            for &u in &c.units {
                t.units.push_change(u.index(), r.unit(u).progress, None);
            }
        });
        t
    }
}

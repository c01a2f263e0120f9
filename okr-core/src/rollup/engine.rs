//! The full computation: every figure in one pass over the plan's order,
//! and the per-item computations the incremental update reuses.

use super::figures::{
    KeyResultFigures, MandateFigures, MeanFigures, ObjectiveFigures, PartSum, PartValue, Rollup,
    RollupOptions, Status,
};
use super::plan::{BlockIx, PartBlockIx, RollupPlan, SweepKr};
use crate::date::Date;
use crate::document::{Document, Metric, Source};
use crate::idx::IxVec;
use crate::index::{CheckInIx, Index, Items, KrIx, Node, ObjIx, ThemeIx, UnitIx};
use crate::numeric::{at_least, Mean};
use crate::policy::ObjectiveStatus;
use std::borrow::Cow;

/// A KR's forecast: the least-squares value at its horizon and the 80%
/// prediction band, as progress.
#[derive(Clone, Copy, Debug, Default)]
struct Forecast {
    value: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
}

/// The 0.9 quantile of Student's t with `df` degrees of freedom (the upper
/// end of a two-sided 80% interval); `None` when `df` is 0. Degrees of
/// freedom below 64 come from a table computed once (the quantile is an
/// inverse incomplete beta, far dearer than the rest of a KR's figures).
fn t_quantile_90(df: usize) -> Option<f64> {
    fn quantile(df: usize) -> Option<f64> {
        use statrs::distribution::{ContinuousCDF, StudentsT};
        StudentsT::new(0.0, 1.0, df as f64)
            .ok()
            .map(|t| t.inverse_cdf(0.9))
            .filter(|q| q.is_finite())
    }
    static TABLE: std::sync::OnceLock<Vec<Option<f64>>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| (0..64).map(quantile).collect());
    match table.get(df) {
        Some(&q) => q,
        None => quantile(df),
    }
}

/// Figures read by the means of the full pass, as compact columns: each
/// item's progress (0 when it has none) and flags (`HAS`, `PARTIAL`,
/// `SKIP`), 9 bytes where its figures take 24 (objective) or 104 (KR).
struct Columns {
    progress: Vec<f64>,
    flags: Vec<u8>,
}

/// The item has progress.
const HAS: u8 = 1;
/// The item counts as partial in a mean (partial itself, or hidden).
const PARTIAL: u8 = 2;
/// The item is left out of a mean (dropped as of the rollup's date).
const SKIP: u8 = 4;

#[expect(
    clippy::indexing_slicing,
    reason = "INVARIANT: the columns have one entry per item of the document (with_len), \
              and are read and written only with positions of that document's items"
)]
impl Columns {
    fn with_len(n: usize) -> Columns {
        Columns {
            progress: vec![0.0; n],
            flags: vec![0; n],
        }
    }

    #[inline]
    fn set(&mut self, i: usize, progress: Option<f64>, partial: bool, skip: bool) {
        self.progress[i] = progress.unwrap_or(0.0);
        self.flags[i] = if progress.is_some() { HAS } else { 0 }
            | if partial { PARTIAL } else { 0 }
            | if skip { SKIP } else { 0 };
    }

    #[inline]
    fn mark_partial(&mut self, i: usize) {
        self.flags[i] |= PARTIAL;
    }

    /// Adds item `i` with weight `w` to `mean`, as the rollup's means do:
    /// skipped when dropped, its progress when it has one.
    #[inline]
    fn add_to(&self, mean: &mut Mean, i: usize, w: f64) {
        let f = self.flags[i];
        if f & SKIP == 0 {
            mean.add(
                (f & HAS != 0).then_some(self.progress[i]),
                w,
                f & PARTIAL != 0,
            );
        }
    }

    /// The plain mean of objectives `members` (a theme's or a unit's).
    fn plain_mean(&self, members: &[ObjIx]) -> MeanFigures {
        let mut mean = Mean::default();
        for &o in members {
            self.add_to(&mut mean, o.index(), 1.0);
        }
        MeanFigures {
            progress: mean.value(),
            partial: mean.partial,
        }
    }
}

/// The computation: reads the document, its index and the rollup plan,
/// writes a [`Rollup`].
pub(crate) struct Engine<'a> {
    pub doc: &'a Document,
    pub ix: &'a Index,
    pub plan: &'a RollupPlan,
}

/// Where a KR's current value comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum CurrentSource {
    /// The latest check-in on or before `as_of`.
    CheckIn(CheckInIx),
    /// The metric's own `current`.
    Metric(f64),
    /// Nothing.
    None,
}

/// A least-squares line of a KR's check-in values against days since the
/// cycle's start.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Line {
    /// Points fitted (one per date).
    pub points: f64,
    /// Value per day.
    pub slope: f64,
    /// Value at the cycle's start.
    pub intercept: f64,
    /// Days from the cycle's start to its end.
    pub horizon: f64,
    /// The line's value at the cycle's end.
    pub at_end: f64,
}

/// Share of the cycle elapsed at `as_of`, clamped to [0, 1]; a cycle of
/// zero (or negative) length is fully elapsed once `as_of` reaches start.
pub(super) fn elapsed(start: Date, end: Date, as_of: Date) -> f64 {
    let len = end.days_since(start);
    if len <= 0 {
        return if as_of >= start { 1.0 } else { 0.0 };
    }
    (as_of.days_since(start) as f64 / len as f64).clamp(0.0, 1.0)
}

/// Progress of a metric for a current value: `(raw, progress)`. `raw` is
/// `None` when it is not a finite number.
pub(crate) fn metric_progress(metric: &Metric, current: Option<f64>) -> (Option<f64>, f64) {
    let raw = match (metric, current) {
        (
            Metric::Increase { start, target, .. } | Metric::Decrease { start, target, .. },
            Some(c),
        ) => (c - start) / (target - start),
        (Metric::Increase { .. } | Metric::Decrease { .. }, None) => 0.0,
        (Metric::StayAbove { threshold, .. }, Some(c)) => f64::from(u8::from(c >= *threshold)),
        (Metric::StayBelow { threshold, .. }, Some(c)) => f64::from(u8::from(c <= *threshold)),
        (Metric::StayAbove { .. } | Metric::StayBelow { .. }, None) => 0.0,
        (Metric::Milestone { done }, _) => f64::from(u8::from(*done)),
    };
    progress_of_raw(raw)
}

/// A metric's `(raw, progress)` from its raw ratio (see [`metric_progress`]).
pub(crate) fn progress_of_raw(raw: f64) -> (Option<f64>, f64) {
    if raw.is_finite() {
        (Some(raw), raw.clamp(0.0, 1.0))
    } else {
        (None, if raw == f64::INFINITY { 1.0 } else { 0.0 })
    }
}

/// The pace rule for `progress` against its thresholds: the share elapsed
/// less the on-track margin (`on_track`) and less the at-risk margin
/// (`at_risk`), as [`Engine::pace`] computes them.
#[inline]
pub(super) fn pace_with(progress: f64, on_track: f64, at_risk: f64) -> Status {
    if at_least(progress, 1.0) {
        Status::Done
    } else if at_least(progress, on_track) {
        Status::OnTrack
    } else if at_least(progress, at_risk) {
        Status::AtRisk
    } else {
        Status::OffTrack
    }
}

/// The status of a metric KR with progress `p` at a date (not dropped): a
/// threshold (stay above or below) is on track when met and off track
/// when not; any other metric follows `pace`.
#[inline]
pub(super) fn metric_status(threshold: bool, p: f64, pace: impl FnOnce(f64) -> Status) -> Status {
    if threshold {
        if p >= 1.0 {
            Status::OnTrack
        } else {
            Status::OffTrack
        }
    } else {
        pace(p)
    }
}

/// An objective's status under `policy`: dropped when `dropped`; else,
/// with progress and a share `elapsed` (no status without a date), the
/// worst of its KRs' statuses (`weakest`) or `pace` of its progress.
#[inline]
pub(super) fn objective_status_rule(
    policy: ObjectiveStatus,
    dropped: bool,
    progress: Option<f64>,
    elapsed: Option<f64>,
    pace: impl FnOnce(f64, f64) -> Status,
    weakest: impl FnOnce() -> Option<Status>,
) -> Option<Status> {
    match (policy, progress, elapsed) {
        _ if dropped => Some(Status::Dropped),
        (ObjectiveStatus::Weakest, Some(_), Some(_)) => weakest(),
        (ObjectiveStatus::Pace, Some(p), Some(e)) => Some(pace(p, e)),
        _ => None,
    }
}

/// Whether a mandate's metric is met at a current value.
pub(crate) fn mandate_met(metric: &Metric) -> bool {
    match (metric, metric.current()) {
        (Metric::StayAbove { threshold, .. }, Some(c)) => c >= *threshold,
        (Metric::StayBelow { threshold, .. }, Some(c)) => c <= *threshold,
        (Metric::StayAbove { .. } | Metric::StayBelow { .. }, None) => false,
        (Metric::Milestone { done }, _) => *done,
        (m, c) => c.is_some() && at_least(metric_progress(m, c).1, 1.0),
    }
}

impl<'a> Engine<'a> {
    pub(super) fn pace(&self, progress: f64, elapsed: f64, o: &RollupOptions) -> Status {
        pace_with(
            progress,
            elapsed - o.on_track_margin,
            elapsed - o.at_risk_margin,
        )
    }

    /// Share elapsed for an item with due date `due` (its horizon when set,
    /// else the cycle's end, whose share the rollup holds).
    pub(super) fn elapsed_at(&self, r: &Rollup, due: Option<Date>) -> Option<f64> {
        match (r.as_of, due) {
            (Some(as_of), Some(due)) => Some(elapsed(self.doc.cycle.start, due, as_of)),
            _ => r.elapsed,
        }
    }

    /// Full computation.
    pub(crate) fn run(&self, options: &RollupOptions) -> Rollup {
        if self.plan.cycles {
            // Members of a cycle skip each other: the general pass.
            return self.run_with(options, |r, k| self.key_result(r, k));
        }
        if options.progress_only {
            return self.run_fused::<false>(options);
        }
        self.run_fused::<true>(options)
    }

    /// An empty rollup for `options`: every figure default, sized for the
    /// document, except the KRs' (`key_results` empty).
    fn empty_rollup(&self, options: &RollupOptions) -> Rollup {
        let doc = self.doc;
        let as_of = options.as_of.or(doc.cycle.as_of);
        Rollup {
            as_of,
            elapsed: as_of.map(|d| elapsed(doc.cycle.start, doc.cycle.end, d)),
            key_results: Vec::new(),
            objectives: vec![ObjectiveFigures::default(); doc.objectives.len()],
            themes: vec![MeanFigures::default(); doc.themes.len()],
            units: vec![MeanFigures::default(); doc.units.len()],
            mandates: Vec::with_capacity(doc.mandates.len()),
            options: options.clone(),
            blocks: IxVec::filled(self.plan.all_blocks(), Mean::default()),
            part_blocks: IxVec::filled(self.plan.all_part_blocks(), PartSum::default()),
            // Read only for `source: parts` KRs (Rollup::sum).
            sums: if self.plan.any_parts {
                IxVec::filled(self.ix.key_results(), PartSum::default())
            } else {
                IxVec::default()
            },
        }
    }

    /// The full computation of a cascade without cycles, bit for bit
    /// [`Engine::run_with`]'s: every KR that reads no other figure in one
    /// pass in index order ([`Engine::own_figures`]), writing its progress
    /// and flags also to compact columns; then objectives and derived KRs
    /// in the plan's order, the objectives' means from the plan's (KR,
    /// weight) lists and the derived KRs' blocks from its (objective,
    /// weight) lists, both reading the compact columns instead of the
    /// figures; then themes and units from the objectives' columns.
    ///
    /// `FULL` false: progress alone (see [`RollupOptions::progress_only`]).
    fn run_fused<const FULL: bool>(&self, options: &RollupOptions) -> Rollup {
        let (doc, plan) = (self.doc, self.plan);
        let mut r = self.empty_rollup(options);
        let as_of = r.as_of;
        let mut kr = Columns::with_len(doc.key_results.len());
        let mut obj = Columns::with_len(doc.objectives.len());
        let mut key_results = Vec::with_capacity(doc.key_results.len());
        for (k, &derived) in plan.kr_derived.iter_enumerated() {
            let f = if derived {
                KeyResultFigures::default()
            } else {
                self.own_figures_of::<FULL>(&r, k)
            };
            key_results.push(f);
            kr.set(
                k.index(),
                f.progress,
                f.partial || plan.kr_redacted[k],
                plan.kr_is_dropped_own(k, as_of),
            );
        }
        r.key_results = key_results;
        for &node in &plan.rollup_order {
            match node {
                Node::KeyResult(k) => {
                    let f = if plan.kr_whole[k] {
                        for b in plan.part_blocks_of(k) {
                            self.parts_block(&mut r, k, b);
                        }
                        self.whole_figures(&mut r, k)
                    } else {
                        for b in plan.blocks_of(k) {
                            let mut mean = Mean::default();
                            for &(o, w) in plan.block_inputs(k, b) {
                                obj.add_to(&mut mean, o.index(), w);
                            }
                            r.blocks[b] = mean;
                        }
                        if FULL {
                            self.children_figures(&r, k)
                        } else {
                            let mut mean = Mean::default();
                            for b in plan.blocks_of(k) {
                                mean.merge(&r.blocks[b]);
                            }
                            let p = mean.value().unwrap_or(0.0);
                            KeyResultFigures {
                                progress: Some(p),
                                raw: Some(p),
                                partial: mean.partial,
                                ..KeyResultFigures::default()
                            }
                        }
                    };
                    *r.kr_mut(k) = f;
                    kr.set(
                        k.index(),
                        f.progress,
                        f.partial || plan.kr_redacted[k],
                        plan.kr_is_dropped_own(k, as_of),
                    );
                }
                Node::Objective(o) => {
                    let mut mean = Mean::default();
                    for &(k, w) in plan.obj_members.get(o) {
                        kr.add_to(&mut mean, k.index(), w);
                    }
                    let progress = mean.value();
                    let status = if FULL {
                        self.objective_status(&r, o, progress)
                    } else {
                        None
                    };
                    *r.objective_mut(o) = ObjectiveFigures {
                        progress,
                        status,
                        partial: mean.partial,
                    };
                    obj.set(
                        o.index(),
                        progress,
                        mean.partial,
                        plan.obj_is_dropped(o, as_of),
                    );
                }
            }
        }
        if !FULL {
            return r;
        }
        // Themes and units: plain means, where a hidden objective counts
        // as partial.
        for o in self.ix.objectives() {
            if plan.obj_redacted[o] {
                obj.mark_partial(o.index());
            }
        }
        for t in self.ix.themes() {
            *r.theme_mut(t) = obj.plain_mean(self.ix.theme_objectives.get(t));
        }
        for u in self.ix.units() {
            *r.unit_mut(u) = obj.plain_mean(self.ix.unit_objectives.get(u));
        }
        self.mandates(&mut r);
        r
    }

    /// The mandates' figures, appended to `r`.
    fn mandates(&self, r: &mut Rollup) {
        let as_of = r.as_of;
        for m in &self.doc.mandates {
            let met = mandate_met(&m.metric);
            r.mandates.push(MandateFigures {
                met,
                status: as_of.map(|_| {
                    if met {
                        Status::OnTrack
                    } else {
                        Status::OffTrack
                    }
                }),
            });
        }
    }

    /// Full computation, the KRs that read no other figure computed by
    /// `own` (the trend computes them from its own arrays).
    pub(super) fn run_with(
        &self,
        options: &RollupOptions,
        mut own: impl FnMut(&mut Rollup, KrIx),
    ) -> Rollup {
        let doc = self.doc;
        let mut r = self.empty_rollup(options);
        r.key_results = vec![KeyResultFigures::default(); doc.key_results.len()];
        // KRs that read no other figure, in index order (memory order of
        // the document and of the check-in lists), then everything else in
        // dependency order.
        for (k, &derived) in self.plan.kr_derived.iter_enumerated() {
            if !derived {
                own(&mut r, k);
            }
        }
        for &node in &self.plan.rollup_order {
            match node {
                Node::KeyResult(k) => self.key_result(&mut r, k),
                Node::Objective(o) => self.objective(&mut r, o),
            }
        }
        for t in self.ix.themes() {
            self.theme(&mut r, t);
        }
        for u in self.ix.units() {
            self.unit(&mut r, u);
        }
        self.mandates(&mut r);
        r
    }

    /// KR `k`'s status: `dropped` when it is dropped as of the rollup's
    /// date (by its own date or its objective's), else `computed`.
    pub(super) fn kr_status(
        &self,
        r: &Rollup,
        k: KrIx,
        computed: Option<Status>,
    ) -> Option<Status> {
        if self.plan.kr_is_dropped(k, r.as_of) {
            Some(Status::Dropped)
        } else {
            computed
        }
    }

    /// Status of metric KR `k` (its metric a threshold or not) with
    /// progress `p` at the rollup's date.
    pub(super) fn metric_status_of(
        &self,
        r: &Rollup,
        k: KrIx,
        threshold: bool,
        p: f64,
    ) -> Option<Status> {
        let computed = self
            .elapsed_at(r, self.plan.kr_due[k])
            .map(|e| metric_status(threshold, p, |p| self.pace(p, e, &r.options)));
        self.kr_status(r, k, computed)
    }

    /// The KR's latest check-in value on or before `as_of`, ignoring
    /// `metric.current` (trend points before the last).
    fn dated_value(&self, k: KrIx, as_of: Option<Date>) -> Option<f64> {
        let cis = self.ix.check_ins_of(self.doc, k);
        cis.iter().rev().find_map(|&i| {
            let c = self.doc.check_in(i);
            as_of.is_none_or(|d| c.date <= d).then_some(c.value)
        })
    }

    /// The KR's current value: the latest check-in on or before `as_of`
    /// (equal dates: the later in the document), else `metric.current`.
    pub(crate) fn current_value(&self, k: KrIx, as_of: Option<Date>) -> Option<f64> {
        match self.current_source(k, as_of) {
            CurrentSource::CheckIn(i) => Some(self.doc.check_in(i).value),
            CurrentSource::Metric(v) => Some(v),
            CurrentSource::None => None,
        }
    }

    /// Where KR `k`'s current value comes from (the one rule
    /// [`Engine::current_value`] and explain both use).
    pub(crate) fn current_source(&self, k: KrIx, as_of: Option<Date>) -> CurrentSource {
        let cis = self.ix.check_ins_of(self.doc, k);
        let latest = cis.iter().rev().copied().find(|&i| {
            let c = self.doc.check_in(i);
            as_of.is_none_or(|d| c.date <= d)
        });
        if let Some(i) = latest {
            return CurrentSource::CheckIn(i);
        }
        match self
            .doc
            .key_result(k)
            .metric
            .as_ref()
            .and_then(Metric::current)
        {
            Some(v) => CurrentSource::Metric(v),
            None => CurrentSource::None,
        }
    }

    /// The points of KR `k`'s least-squares line: one per check-in date on
    /// or before `as_of` (the later check-in winning), as (days since the
    /// cycle's start, value), in date order.
    fn points(
        &self,
        k: KrIx,
        as_of: Option<Date>,
    ) -> impl Iterator<Item = (f64, f64)> + Clone + '_ {
        let start = self.doc.cycle.start;
        let cis = self.ix.check_ins_of(self.doc, k);
        let doc = self.doc;
        let mut pos = 0;
        std::iter::from_fn(move || loop {
            let c = doc.check_in(*cis.get(pos)?);
            pos += 1;
            if as_of.is_some_and(|d| c.date > d) {
                continue;
            }
            // One point per date, the later check-in winning.
            let next = cis.get(pos).map(|&i| doc.check_in(i));
            if next.is_some_and(|n| n.date == c.date && as_of.is_none_or(|d| n.date <= d)) {
                continue;
            }
            return Some((c.date.days_since(start) as f64, c.value));
        })
    }

    /// Least-squares forecast of progress at the KR's horizon (its due
    /// date, else the cycle's end), and with three or more points the 80%
    /// prediction interval there, as progress ordered low to high, for a
    /// KR whose metric is an increase or a decrease. `progress`: its
    /// `(raw, progress)` at a value; `points`: its points (as
    /// [`Engine::points`] yields them).
    fn forecast_with(
        &self,
        k: KrIx,
        progress: impl Fn(f64) -> (Option<f64>, f64),
        points: impl Iterator<Item = (f64, f64)> + Clone,
    ) -> Forecast {
        let none = Forecast::default();
        let all = points.clone();
        let mut n = 0.0;
        let mut points = 0usize;
        let (mut sx, mut sy, mut sxx, mut sxy) = (0.0, 0.0, 0.0, 0.0);
        for (x, y) in all.clone() {
            n += 1.0;
            points += 1;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        if n < 2.0 {
            return none;
        }
        let denom = n * sxx - sx * sx;
        if denom == 0.0 {
            return none;
        }
        let slope = (n * sxy - sx * sy) / denom;
        let intercept = (sy - slope * sx) / n;
        let horizon = self.plan.kr_due[k].unwrap_or(self.doc.cycle.end);
        let x0 = horizon.days_since(self.doc.cycle.start) as f64;
        let at = intercept + slope * x0;
        let (raw, p) = progress(at);
        let mut f = Forecast {
            value: raw.map(|_| p),
            ..none
        };
        if n < 3.0 || f.value.is_none() {
            return f;
        }
        // 80% prediction interval: at ± t(0.9, n - 2) · s · sqrt(1 + 1/n +
        // (x0 - mean x)² / Sxx), s² the residual variance.
        let sse: f64 = all
            .map(|(x, y)| {
                let e = y - (intercept + slope * x);
                e * e
            })
            .sum();
        let mean_x = sx / n;
        let sxx_c = denom / n;
        let s = (sse / (n - 2.0)).sqrt();
        let Some(t) = t_quantile_90(points.saturating_sub(2)) else {
            return f;
        };
        let half = t * s * (1.0 + 1.0 / n + (x0 - mean_x) * (x0 - mean_x) / sxx_c).sqrt();
        let (raw_lo, p_lo) = progress(at - half);
        let (raw_hi, p_hi) = progress(at + half);
        if raw_lo.is_some() && raw_hi.is_some() {
            f.low = Some(p_lo.min(p_hi));
            f.high = Some(p_lo.max(p_hi));
        }
        f
    }

    /// The least-squares line of KR `k`'s check-ins on or before `as_of`
    /// (one point per date, the later check-in winning), when there are
    /// two distinct dates, evaluated at the KR's horizon (its due, else the
    /// cycle's end). The sums are those of [`Engine::forecast_with`].
    pub(crate) fn line(&self, k: KrIx, as_of: Option<Date>) -> Option<Line> {
        let mut n = 0.0;
        let (mut sx, mut sy, mut sxx, mut sxy) = (0.0, 0.0, 0.0, 0.0);
        for (x, y) in self.points(k, as_of) {
            n += 1.0;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        if n < 2.0 {
            return None;
        }
        let denom = n * sxx - sx * sx;
        if denom == 0.0 {
            return None;
        }
        let slope = (n * sxy - sx * sy) / denom;
        let intercept = (sy - slope * sx) / n;
        let horizon = self.plan.kr_due[k]
            .unwrap_or(self.doc.cycle.end)
            .days_since(self.doc.cycle.start) as f64;
        Some(Line {
            points: n,
            slope,
            intercept,
            horizon,
            at_end: intercept + slope * horizon,
        })
    }

    /// What KR `p` adds to the sum of the whole it is a part of.
    pub(crate) fn part_value(&self, r: &Rollup, p: KrIx) -> PartValue {
        let kr = self.doc.key_result(p);
        if kr.redacted {
            return PartValue {
                value: None,
                line: None,
                hidden: true,
            };
        }
        if self.plan.kr_whole[p] {
            return r.sum(p).as_part();
        }
        let Some(metric) = kr.metric.as_ref() else {
            return PartValue::default();
        };
        // Trend points before the last read dated values only.
        let current = if r.options.dated_only {
            self.dated_value(p, r.as_of)
        } else {
            self.current_value(p, r.as_of)
        };
        let value = match current {
            Some(v) => Some(v),
            None => metric.start_target().map(|(start, _)| start),
        };
        // A part's line counts at its whole's horizon (the whole's due,
        // else the cycle's end).
        let line = if kr.source == Source::Metric && metric.is_trend() {
            let horizon = self.ix.kr_part_of[p]
                .and_then(|w| self.plan.kr_due[w])
                .unwrap_or(self.doc.cycle.end)
                .days_since(self.doc.cycle.start) as f64;
            self.line(p, r.as_of)
                .map(|l| l.intercept + l.slope * horizon)
        } else {
            None
        };
        PartValue {
            value,
            line,
            hidden: false,
        }
    }

    /// Recomputes block `b` (one of [`RollupPlan::part_blocks_of`] `k`) of
    /// whole `k`'s sums.
    pub(super) fn parts_block(&self, r: &mut Rollup, k: KrIx, b: PartBlockIx) {
        let mut sum = PartSum::default();
        for &p in self.plan.block_parts(self.ix, k, b) {
            if self.plan.cycles && self.ix.same_scc(Node::KeyResult(k), Node::KeyResult(p)) {
                continue;
            }
            sum.add(self.part_value(r, p));
        }
        r.part_blocks[b] = sum;
    }

    /// Whole `k`'s total from its block sums (summed in order), stored in
    /// the rollup, and its figures.
    pub(super) fn whole_figures(&self, r: &mut Rollup, k: KrIx) -> KeyResultFigures {
        let mut sum = PartSum::default();
        for b in self.plan.part_blocks_of(k) {
            sum.merge(&r.part_blocks[b]);
        }
        r.sums[k] = sum;
        let Some(metric) = self.doc.key_result(k).metric.as_ref() else {
            return KeyResultFigures::default();
        };
        if sum.hidden {
            // A whole with a hidden part: its sum cannot be shown.
            return KeyResultFigures {
                partial: true,
                ..KeyResultFigures::default()
            };
        }
        // An unknown sum (or no parts) gives progress 0 by the formula.
        let (raw, p) = metric_progress(metric, sum.current());
        let forecast = match (metric, sum.line()) {
            (Metric::Milestone { .. }, _) | (_, None) => None,
            (_, Some(at_end)) => {
                let (raw, progress) = metric_progress(metric, Some(at_end));
                raw.map(|_| progress)
            }
        };
        let status = self
            .elapsed_at(r, self.plan.kr_due[k])
            .map(|e| self.pace(p, e, &r.options));
        KeyResultFigures {
            progress: Some(p),
            raw,
            status: self.kr_status(r, k, status),
            forecast,
            work: self.plan.kr_work[k],
            ..KeyResultFigures::default()
        }
    }

    pub(super) fn key_result(&self, r: &mut Rollup, k: KrIx) {
        let fig = self.kr_figures(r, k);
        *r.kr_mut(k) = fig;
    }

    /// KR `k`'s figures at the rollup's date (a derived KR's block sums
    /// updated in `r` on the way), not stored.
    pub(super) fn kr_figures(&self, r: &mut Rollup, k: KrIx) -> KeyResultFigures {
        if !self.plan.kr_derived[k] {
            return self.own_figures(r, k);
        }
        // Derived: `source: children` or `source: parts`, not hidden.
        if self.plan.kr_whole[k] {
            for b in self.plan.part_blocks_of(k) {
                self.parts_block(r, k, b);
            }
            self.whole_figures(r, k)
        } else {
            for b in self.plan.blocks_of(k) {
                self.children_block(r, k, b);
            }
            self.children_figures(r, k)
        }
    }

    /// The figures of KR `k`, which reads no other figure (not derived):
    /// one pass over the plan's compact copies (its 32-byte definition in
    /// `kr_sweep`, its check-ins as (date, value)), reading no item of the
    /// document. A hidden KR, or one without a metric, has no figures.
    pub(super) fn own_figures(&self, r: &Rollup, k: KrIx) -> KeyResultFigures {
        self.own_figures_of::<true>(r, k)
    }

    /// [`Engine::own_figures`]; with `FULL` false its progress alone.
    #[inline]
    fn own_figures_of<const FULL: bool>(&self, r: &Rollup, k: KrIx) -> KeyResultFigures {
        let s = &self.plan.kr_sweep[k];
        let Some(threshold) = s.threshold() else {
            return KeyResultFigures::default();
        };
        let as_of = r.as_of;
        // Trend points before the last read dated values only.
        let fallback = if r.options.dated_only {
            None
        } else {
            s.current()
        };
        let (raw, p, f) = if !FULL {
            fn latest(
                cis: impl DoubleEndedIterator<Item = (Date, f64)>,
                as_of: Option<Date>,
            ) -> Option<f64> {
                cis.rev()
                    .find(|&(d, _)| as_of.is_none_or(|a| d <= a))
                    .map(|(_, v)| v)
            }
            let current = latest(self.dated_values(k).iter().copied(), as_of).or(fallback);
            let (raw, p) = s.raw_progress(current);
            return KeyResultFigures {
                progress: Some(p),
                raw,
                ..KeyResultFigures::default()
            };
        } else if s.is_milestone() {
            let (raw, p) = s.raw_progress(None);
            (raw, p, Forecast::default())
        } else {
            self.own_from(k, s, as_of, fallback, self.dated_values(k).iter().copied())
        };
        KeyResultFigures {
            progress: Some(p),
            raw,
            status: self.metric_status_of(r, k, threshold, p),
            forecast: f.value,
            forecast_low: f.low,
            forecast_high: f.high,
            work: self.plan.kr_work[k],
            partial: false,
        }
    }

    /// KR `k`'s check-ins as (date, value) in the index's order (date,
    /// then document position): the plan's KR-ordered copy while no
    /// check-in was recorded for `k` since the plan was built, else the
    /// index's merged list read through the plan's per-check-in copy.
    #[inline]
    pub(super) fn dated_values(&self, k: KrIx) -> Cow<'_, [(Date, f64)]> {
        if !self.plan.live_check_ins {
            return Cow::Borrowed(self.plan.kr_check_ins(k));
        }
        match self.ix.check_ins_of(self.doc, k) {
            Cow::Borrowed(_) => Cow::Borrowed(self.plan.kr_check_ins(k)),
            Cow::Owned(list) => Cow::Owned(
                list.iter()
                    .map(|&c| {
                        self.plan.check_in(c).unwrap_or_else(|| {
                            let c = self.doc.check_in(c);
                            (c.date, c.value)
                        })
                    })
                    .collect(),
            ),
        }
    }

    /// `(raw, progress, forecast)` of metric KR `k` (definition `s`, not a
    /// milestone) from its check-ins `cis` as (date, value) in date order
    /// (the later of one date last): its current value is the last on or
    /// before `as_of`, else `fallback`; its forecast's points are
    /// [`Engine::points`]'.
    fn own_from(
        &self,
        k: KrIx,
        s: &SweepKr,
        as_of: Option<Date>,
        fallback: Option<f64>,
        cis: impl DoubleEndedIterator<Item = (Date, f64)> + Clone,
    ) -> (Option<f64>, f64, Forecast) {
        let current = cis
            .clone()
            .rev()
            .find(|&(d, _)| as_of.is_none_or(|a| d <= a))
            .map(|(_, v)| v)
            .or(fallback);
        let (raw, p) = s.raw_progress(current);
        let f = if s.is_linear() {
            let start = self.doc.cycle.start;
            let mut cis = cis.peekable();
            let points = std::iter::from_fn(move || loop {
                let (d, v) = cis.next()?;
                // In date order: nothing later counts either.
                if as_of.is_some_and(|a| d > a) {
                    return None;
                }
                // One point per date, the later check-in winning.
                if cis.peek().is_some_and(|&(n, _)| n == d) {
                    continue;
                }
                return Some((d.days_since(start) as f64, v));
            });
            self.forecast_with(k, |v| s.raw_progress(Some(v)), points)
        } else {
            Forecast::default()
        };
        (raw, p, f)
    }

    /// Recomputes block `b` (one of [`RollupPlan::blocks_of`] `k`) of
    /// derived KR `k`'s partial sums.
    pub(super) fn children_block(&self, r: &mut Rollup, k: KrIx, b: BlockIx) {
        let mut mean = Mean::default();
        for &(o, w) in self.plan.block_inputs(k, b) {
            if self.plan.cycles && self.ix.same_scc(Node::KeyResult(k), Node::Objective(o)) {
                continue;
            }
            // A dropped child no longer counts toward the KR it served.
            if self.plan.obj_is_dropped(o, r.as_of) {
                continue;
            }
            let f = r.objective(o);
            mean.add(f.progress, w, f.partial);
        }
        r.blocks[b] = mean;
    }

    /// Derived KR `k`'s figures from its block sums (summed in order).
    pub(super) fn children_figures(&self, r: &Rollup, k: KrIx) -> KeyResultFigures {
        let mut mean = Mean::default();
        for b in self.plan.blocks_of(k) {
            mean.merge(&r.blocks[b]);
        }
        // The spec: "a `source: children` KR with no usable child has
        // progress 0" (a rule of the mean, not a fallback for a lookup).
        let p = mean.value().unwrap_or(0.0);
        let status = self
            .elapsed_at(r, self.plan.kr_due[k])
            .map(|e| self.pace(p, e, &r.options));
        KeyResultFigures {
            progress: Some(p),
            raw: Some(p),
            status: self.kr_status(r, k, status),
            partial: mean.partial,
            work: self.plan.kr_work[k],
            ..KeyResultFigures::default()
        }
    }

    pub(super) fn objective(&self, r: &mut Rollup, o: ObjIx) {
        let mut mean = Mean::default();
        for &k in self.ix.obj_krs.get(o) {
            if self.plan.cycles && self.ix.same_scc(Node::KeyResult(k), Node::Objective(o)) {
                continue;
            }
            // Only KRs dropped by their own date leave the mean: a dropped
            // objective's own progress is still the mean of its KRs.
            if self.plan.kr_is_dropped_own(k, r.as_of) {
                continue;
            }
            let f = r.kr(k);
            mean.add(
                f.progress,
                self.plan.kr_weight[k],
                f.partial || self.plan.kr_redacted[k],
            );
        }
        let progress = mean.value();
        let status = self.objective_status(r, o, progress);
        *r.objective_mut(o) = ObjectiveFigures {
            progress,
            status,
            partial: mean.partial,
        };
    }

    /// Objective `o`'s status at the rollup's date for its progress (its
    /// KRs' statuses already current when the policy asks for the weakest).
    pub(super) fn objective_status(
        &self,
        r: &Rollup,
        o: ObjIx,
        progress: Option<f64>,
    ) -> Option<Status> {
        objective_status_rule(
            r.options.objective_status,
            self.plan.obj_is_dropped(o, r.as_of),
            progress,
            self.elapsed_at(r, self.plan.obj_due[o]),
            |p, e| self.pace(p, e, &r.options),
            || self.weakest(r, o),
        )
    }

    /// The worst status among objective `o`'s KRs that have one (members
    /// of its cycle and dropped KRs skipped, as in its mean).
    pub(crate) fn weakest(&self, r: &Rollup, o: ObjIx) -> Option<Status> {
        self.ix
            .obj_krs
            .get(o)
            .iter()
            .filter(|&&k| {
                !(self.plan.cycles && self.ix.same_scc(Node::KeyResult(k), Node::Objective(o)))
            })
            .filter_map(|&k| r.kr(k).status)
            .filter(|s| !s.is_dropped())
            .max_by_key(|s| s.severity())
    }

    /// The plain mean of objectives `members` (a theme's or a unit's) from
    /// the rollup's figures: [`Mean`] with every weight 1, summed directly
    /// (`v * 1.0` is `v`, and a count of members never overflows, so the
    /// sums are bit for bit `Mean`'s).
    fn plain_mean(&self, r: &Rollup, members: &[ObjIx]) -> MeanFigures {
        let (mut sum, mut count, mut partial) = (0.0, 0.0, false);
        for &o in members {
            if self.plan.obj_is_dropped(o, r.as_of) {
                continue;
            }
            let f = r.objective(o);
            partial |= f.partial || self.plan.obj_redacted[o];
            if let Some(v) = f.progress {
                sum += v;
                count += 1.0;
            }
        }
        MeanFigures {
            progress: (count > 0.0).then(|| (sum / count).clamp(0.0, 1.0)),
            partial,
        }
    }

    pub(super) fn theme(&self, r: &mut Rollup, t: ThemeIx) {
        let f = self.plain_mean(r, self.ix.theme_objectives.get(t));
        *r.theme_mut(t) = f;
    }

    pub(super) fn unit(&self, r: &mut Rollup, u: UnitIx) {
        let f = self.plain_mean(r, self.ix.unit_objectives.get(u));
        *r.unit_mut(u) = f;
    }
}

//! The trend's computation: the figures at every point of the grid at
//! once, item by item in the full rollup's order. Each item holds one lane
//! per point; each KR's check-ins are read once (in date order, against
//! the grid), and each objective, derived KR, theme and unit reads its
//! members' lanes once, summing every point in the same pass.
//!
//! Every lane is computed with the arithmetic of a full rollup at its date
//! (the same sums in the same order, the same status functions), so each
//! point is bit-identical to one (a property test compares them with
//! [`Engine::trend_rollups`]). A cascade with cycles (an error the rules
//! report) is computed as a full rollup per point instead.

use super::{encode, grid, status_code, Columns, Trend, HAS_PROGRESS, NO_STATUS, STATUS_BITS};
use crate::date::Date;
use crate::idx::IxVec;
use crate::index::{KrIx, Node, ObjIx};
use crate::numeric::Mean;
use crate::policy::ObjectiveStatus;
use crate::rollup::engine::{elapsed, metric_status, objective_status_rule, pace_with, Engine};
use crate::rollup::figures::{PartSum, Rollup, RollupOptions, Status};
use crate::rollup::plan::SweepKr;

/// Bit of a code while the sweep runs, cleared before the trend is
/// returned: the item counts as partial in a mean (itself partial or, a
/// KR, hidden).
const PARTIAL: u8 = 16;
/// Bit of a KR's code while the sweep runs: dropped by its own date at
/// this point, so it leaves its objective's mean.
const SKIP: u8 = 32;
/// The codes a trend stores (the sweep's bits cleared).
const STORED: u8 = STATUS_BITS | HAS_PROGRESS;

/// The grid as the sweep reads it: per point its date, the pace rule's
/// thresholds and a rollup holding what the engine's per-item functions
/// read of one. INVARIANT: every per-point vector has one entry per date
/// (the lanes zip with them, so a shorter one would leave points unset).
struct Grid {
    dates: Vec<Date>,
    /// The cycle's start (the clock of an item's own due date).
    start: Date,
    /// Per point, the share of the cycle elapsed.
    elapsed: Vec<f64>,
    /// Per point, the share elapsed on the cycle's clock less the on-track
    /// margin, and less the at-risk margin (as [`Engine::pace`] computes
    /// them).
    on_track: Vec<f64>,
    at_risk: Vec<f64>,
    on_track_margin: f64,
    at_risk_margin: f64,
    objective_status: ObjectiveStatus,
    /// For each day from the first point to the last, its point (see
    /// [`Grid::point_of`]); empty for a grid longer than `MAX_DAYS`.
    by_day: Vec<u32>,
    /// Per point, a rollup holding the point's date, share elapsed and
    /// options (and, when the document has `source: parts` KRs, the
    /// wholes' sums): all that the status and part functions read of one.
    rollups: Vec<Rollup>,
}

impl Grid {
    /// The longest grid looked up by day (about 180 years); a longer one
    /// is searched.
    const MAX_DAYS: i64 = 1 << 16;

    /// See [`Grid::by_day`].
    fn by_day(dates: &[Date]) -> Vec<u32> {
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
        by_day
    }

    /// The first point on or after `date` (an item dropped on `date` is
    /// dropped from there on); past the last point without a date.
    fn from(&self, date: Option<Date>) -> usize {
        date.map_or(self.dates.len(), |d| self.dates.partition_point(|&g| g < d))
    }

    /// Per point, the pace rule's two thresholds on the cycle's clock.
    fn thresholds(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.on_track
            .iter()
            .copied()
            .zip(self.at_risk.iter().copied())
    }

    /// The pace rule at `date` for progress `p` of an item due `due`, on
    /// its own clock: as [`Engine::pace`] with [`Engine::elapsed_at`].
    #[inline]
    fn pace_due(&self, due: Date, date: Date, p: f64) -> Status {
        let e = elapsed(self.start, due, date);
        pace_with(p, e - self.on_track_margin, e - self.at_risk_margin)
    }

    /// The point at which a check-in dated `date` becomes visible: the
    /// first on or after it (the number of points after the last), looked
    /// up by day.
    #[inline]
    fn point_of(&self, date: Date) -> usize {
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

/// Scratch lanes reused from item to item (one entry per point).
struct Scratch {
    sum: Vec<f64>,
    weight: Vec<f64>,
    partial: Vec<u8>,
    block: Vec<Mean>,
    total: Vec<Mean>,
}

impl Scratch {
    fn new(points: usize) -> Scratch {
        Scratch {
            sum: vec![0.0; points],
            weight: vec![0.0; points],
            partial: vec![0; points],
            block: vec![Mean::default(); points],
            total: vec![Mean::default(); points],
        }
    }
}

/// Progress for a [`Mean`] from a lane's entry: none without
/// `HAS_PROGRESS`.
#[inline]
fn progress_of(p: f64, code: u8) -> Option<f64> {
    (code & HAS_PROGRESS != 0).then_some(p)
}

impl Engine<'_> {
    /// The trend, by position: every point in one pass over the items.
    pub(crate) fn trend(&self, every: u32, options: &RollupOptions) -> Trend {
        let dates = self.trend_dates(every, options);
        if self.plan.cycles {
            let rollups = self.trend_rollups(every, options);
            return self.trend_of_rollups(dates, &rollups);
        }
        let doc = self.doc;
        let n = dates.len();
        let mut grid = self.grid_of(&dates, options);
        // The KRs' columns are filled KR by KR below.
        let mut t = self.empty_trend(dates, Columns::with_capacity(doc.key_results.len(), n));
        if n == 0 {
            return t;
        }
        let mut scratch = Scratch::new(n);
        // KRs that read no other figure, in index order (the memory order
        // of their check-ins), then the rest in the plan's order. Every
        // KR's lanes are appended here (INVARIANT: `kr_derived` has one
        // entry per KR, in index order), the derived ones written later.
        for (k, &derived) in self.plan.kr_derived.iter_enumerated() {
            let (progress, code) = t.key_results.push_item();
            if !derived {
                self.own_lanes(k, &grid, progress, code);
            }
        }
        for &node in &self.plan.rollup_order {
            match node {
                Node::KeyResult(k) if self.plan.kr_whole[k] => {
                    let (progress, code) = t.key_results.lanes_mut(k.index());
                    self.whole_lanes(k, &mut grid, progress, code);
                }
                Node::KeyResult(k) => {
                    let (progress, code) = t.key_results.lanes_mut(k.index());
                    self.children_lanes(k, &grid, &t.objectives, &mut scratch, progress, code);
                }
                Node::Objective(o) => {
                    let (progress, code) = t.objectives.lanes_mut(o.index());
                    self.objective_lanes(o, &grid, &t.key_results, &mut scratch, progress, code);
                }
            }
        }
        for th in self.ix.themes() {
            let members = self.ix.theme_objectives.get(th);
            let (progress, code) = t.themes.lanes_mut(th.index());
            Self::plain_lanes(members, &t.objectives, &mut scratch, progress, code);
        }
        for u in self.ix.units() {
            let members = self.ix.unit_objectives.get(u);
            let (progress, code) = t.units.lanes_mut(u.index());
            Self::plain_lanes(members, &t.objectives, &mut scratch, progress, code);
        }
        for c in &mut t.key_results.code {
            *c &= STORED;
        }
        for c in &mut t.objectives.code {
            *c &= STORED;
        }
        t
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

    /// A trend over `dates` with the KRs' columns `key_results` and every
    /// other series without progress or status.
    fn empty_trend(&self, dates: Vec<Date>, key_results: Columns) -> Trend {
        let (doc, n) = (self.doc, dates.len());
        Trend {
            key_results,
            objectives: Columns::new(doc.objectives.len(), n),
            themes: Columns::new(doc.themes.len(), n),
            units: Columns::new(doc.units.len(), n),
            dates,
        }
    }

    /// A trend from a full rollup per point (a cascade with cycles).
    fn trend_of_rollups(&self, dates: Vec<Date>, rollups: &[(Date, Rollup)]) -> Trend {
        let n = dates.len();
        let mut t = self.empty_trend(dates, Columns::new(self.doc.key_results.len(), n));
        let set = |c: &mut Columns, i: usize, q: usize, progress: Option<f64>, status| {
            let (p, code) = c.lanes_mut(i);
            if let (Some(p), Some(code)) = (p.get_mut(q), code.get_mut(q)) {
                *p = progress.unwrap_or(0.0);
                *code = encode(progress, status);
            }
        };
        for (q, (_, r)) in rollups.iter().enumerate() {
            for (i, f) in r.key_results.iter().enumerate() {
                set(&mut t.key_results, i, q, f.progress, f.status);
            }
            for (i, f) in r.objectives.iter().enumerate() {
                set(&mut t.objectives, i, q, f.progress, f.status);
            }
            for (i, f) in r.themes.iter().enumerate() {
                set(&mut t.themes, i, q, f.progress, None);
            }
            for (i, f) in r.units.iter().enumerate() {
                set(&mut t.units, i, q, f.progress, None);
            }
        }
        t
    }

    /// The grid of points at `dates`.
    fn grid_of(&self, dates: &[Date], options: &RollupOptions) -> Grid {
        let (doc, plan) = (self.doc, self.plan);
        let n = dates.len();
        let mut grid = Grid {
            dates: dates.to_vec(),
            start: doc.cycle.start,
            elapsed: Vec::with_capacity(n),
            on_track: Vec::with_capacity(n),
            at_risk: Vec::with_capacity(n),
            on_track_margin: options.on_track_margin,
            at_risk_margin: options.at_risk_margin,
            objective_status: options.objective_status,
            by_day: Grid::by_day(dates),
            rollups: Vec::with_capacity(n),
        };
        for (i, &date) in dates.iter().enumerate() {
            let e = elapsed(doc.cycle.start, doc.cycle.end, date);
            grid.elapsed.push(e);
            grid.on_track.push(e - options.on_track_margin);
            grid.at_risk.push(e - options.at_risk_margin);
            let mut r = Rollup::empty();
            r.as_of = Some(date);
            r.elapsed = Some(e);
            r.options = Self::point_options(options, date, i + 1 == n);
            if plan.any_parts {
                r.part_blocks = IxVec::filled(plan.all_part_blocks(), PartSum::default());
                r.sums = IxVec::filled(self.ix.key_results(), PartSum::default());
            }
            grid.rollups.push(r);
        }
        grid
    }

    /// Sets the sweep's bits of KR `k` in its lanes: hidden (partial in a
    /// mean) and, from the point of its own `dropped` date, left out of
    /// its objective's mean.
    fn kr_bits(&self, k: KrIx, grid: &Grid, code: &mut [u8]) {
        if self.plan.kr_redacted[k] {
            for c in code.iter_mut() {
                *c |= PARTIAL;
            }
        }
        for c in code.iter_mut().skip(grid.from(self.plan.kr_dropped_own[k])) {
            *c |= SKIP;
        }
    }

    /// The lanes of KR `k`, which reads no other figure: a metric KR's
    /// progress at its latest check-in on or before each point (at the
    /// last point, else at its `metric.current`, else at no value) and its
    /// status there, as [`Engine::own_figures`] computes them; any other
    /// KR has no figures.
    fn own_lanes(&self, k: KrIx, grid: &Grid, progress: &mut [f64], code: &mut [u8]) {
        let s = &self.plan.kr_sweep[k];
        let Some(threshold) = s.threshold() else {
            progress.fill(0.0);
            code.fill(NO_STATUS);
            self.kr_bits(k, grid, code);
            return;
        };
        self.own_progress(k, s, grid, progress);
        // Dropped (by its own date or its objective's) from this point on.
        let (live, dropped) = code.split_at_mut(grid.from(self.plan.kr_dropped[k]).min(code.len()));
        let lanes = live.iter_mut().zip(progress.iter());
        match self.plan.kr_due[k] {
            None => {
                for ((c, &p), (on_track, at_risk)) in lanes.zip(grid.thresholds()) {
                    let status = metric_status(threshold, p, |p| pace_with(p, on_track, at_risk));
                    *c = HAS_PROGRESS | status_code(status);
                }
            }
            Some(due) => {
                // Paced to its own date.
                for ((c, &p), &date) in lanes.zip(&grid.dates) {
                    let status = metric_status(threshold, p, |p| grid.pace_due(due, date, p));
                    *c = HAS_PROGRESS | status_code(status);
                }
            }
        }
        dropped.fill(HAS_PROGRESS | status_code(Status::Dropped));
        self.kr_bits(k, grid, code);
    }

    /// Metric KR `k`'s progress at each point: at the latest check-in on
    /// or before it (in date order, the later of one date last), at the
    /// last point without one at its `metric.current`, else at no value.
    /// Each visible value's progress is computed once.
    fn own_progress(&self, k: KrIx, s: &SweepKr, grid: &Grid, progress: &mut [f64]) {
        let n = progress.len();
        let mut at = s.progress(None);
        // Points before `filled` are written; `held` is the latest value
        // so far and the point from which it shows.
        let mut filled = 0;
        let mut held: Option<(usize, f64)> = None;
        let mut show = |filled: &mut usize, at: &mut f64, (q, v): (usize, f64)| {
            if let Some(run) = progress.get_mut(*filled..q) {
                run.fill(*at);
            }
            *at = s.progress(Some(v));
            *filled = q;
        };
        for &(d, v) in self.dated_values(k).iter() {
            let q = grid.point_of(d);
            if q >= n {
                // After the last point, as every later one.
                break;
            }
            if let Some(h) = held.filter(|&(hq, _)| hq != q) {
                show(&mut filled, &mut at, h);
            }
            held = Some((q, v));
        }
        if let Some(h) = held {
            show(&mut filled, &mut at, h);
        }
        if let Some(run) = progress.get_mut(filled..) {
            run.fill(at);
        }
        if held.is_none() {
            // No check-in by the last point: `metric.current` counts there.
            if let (Some(v), Some(slot)) = (s.current(), progress.last_mut()) {
                *slot = s.progress(Some(v));
            }
        }
    }

    /// The lanes of `source: children` KR `k`: at each point the mean of
    /// its blocks of linking objectives (dropped ones left out), merged in
    /// order, as [`Engine::children_figures`] computes it.
    fn children_lanes(
        &self,
        k: KrIx,
        grid: &Grid,
        objectives: &Columns,
        scratch: &mut Scratch,
        progress: &mut [f64],
        code: &mut [u8],
    ) {
        let Scratch { block, total, .. } = scratch;
        total.fill(Mean::default());
        for b in self.plan.blocks_of(k) {
            block.fill(Mean::default());
            for &(o, w) in self.plan.block_inputs(k, b) {
                let (op, oc) = objectives.lanes(o.index());
                for ((mean, &p), &c) in block.iter_mut().zip(op).zip(oc) {
                    // A dropped child no longer counts.
                    if c & STATUS_BITS != status_code(Status::Dropped) {
                        mean.add(progress_of(p, c), w, c & PARTIAL != 0);
                    }
                }
            }
            for (t, b) in total.iter_mut().zip(block.iter()) {
                t.merge(b);
            }
        }
        let due = self.plan.kr_due[k];
        let lanes = grid.rollups.iter().zip(total.iter());
        for ((r, mean), (p, c)) in lanes.zip(progress.iter_mut().zip(code.iter_mut())) {
            // No usable child: progress 0 (the spec's rule of the mean).
            let at = mean.value().unwrap_or(0.0);
            let status = self
                .elapsed_at(r, due)
                .map(|e| self.pace(at, e, &r.options));
            let status = self.kr_status(r, k, status);
            let partial = if mean.partial { PARTIAL } else { 0 };
            *p = at;
            *c = encode(Some(at), status) | partial;
        }
        self.kr_bits(k, grid, code);
    }

    /// The lanes of `source: parts` KR `k`: at each point its parts'
    /// sums and its figures, by the full rollup's own functions (the
    /// wholes' sums kept in each point's rollup for the wholes above).
    fn whole_lanes(&self, k: KrIx, grid: &mut Grid, progress: &mut [f64], code: &mut [u8]) {
        for (r, (p, c)) in grid
            .rollups
            .iter_mut()
            .zip(progress.iter_mut().zip(code.iter_mut()))
        {
            for b in self.plan.part_blocks_of(k) {
                self.parts_block(r, k, b);
            }
            let f = self.whole_figures(r, k);
            let partial = if f.partial { PARTIAL } else { 0 };
            *p = f.progress.unwrap_or(0.0);
            *c = encode(f.progress, f.status) | partial;
        }
        self.kr_bits(k, grid, code);
    }

    /// The lanes of objective `o`: the weighted mean of its KRs at each
    /// point (a plain weighted sum when [`RollupPlan::obj_plain`] allows
    /// it and the weights' total stays finite, else [`Mean`]'s rescaling
    /// sum; both are the full rollup's numbers) and its status there.
    ///
    /// [`RollupPlan::obj_plain`]: crate::rollup::plan::RollupPlan::obj_plain
    fn objective_lanes(
        &self,
        o: ObjIx,
        grid: &Grid,
        krs: &Columns,
        scratch: &mut Scratch,
        progress: &mut [f64],
        code: &mut [u8],
    ) {
        let members = self.plan.obj_members.get(o);
        let Scratch {
            sum,
            weight,
            partial,
            ..
        } = scratch;
        let plain = self.plan.obj_plain[o];
        let due = self.plan.obj_due[o];
        let dropped_from = grid.from(self.plan.obj_dropped[o]);
        if plain {
            // No member hidden, dropped by its own date or with a weight
            // the mean skips: `Mean::add`'s sums without its checks. A KR
            // without progress holds 0, so adding its 0 * w leaves the
            // sum's bits as they are (the sum is never -0).
            sum.fill(0.0);
            weight.fill(0.0);
            partial.fill(0);
            for &(k, w) in members {
                let (kp, kc) = krs.lanes(k.index());
                add_weighted(sum, weight, partial, (kp, kc), w);
            }
        }
        // Progress and the partial flag, per point.
        for (q, (p, c)) in progress.iter_mut().zip(code.iter_mut()).enumerate() {
            let lane = match (plain, weight.get(q), sum.get(q), partial.get(q)) {
                (true, Some(&wt), Some(&s), Some(&part)) if wt.is_finite() => Some((
                    (wt > 0.0).then(|| (s / wt).clamp(0.0, 1.0)),
                    part & PARTIAL != 0,
                )),
                _ => None,
            };
            let (at, is_partial) = lane.unwrap_or_else(|| {
                let mut mean = Mean::default();
                for &(k, w) in members {
                    if let Some((kp, kc)) = krs.get(k.index(), q) {
                        if kc & SKIP == 0 {
                            mean.add(progress_of(kp, kc), w, kc & PARTIAL != 0);
                        }
                    }
                }
                (mean.value(), mean.partial)
            });
            *p = at.unwrap_or(0.0);
            *c = if at.is_some() { HAS_PROGRESS } else { 0 } | if is_partial { PARTIAL } else { 0 };
        }
        // The status, per point (dropped from its date on).
        let (live, dropped) = code.split_at_mut(dropped_from.min(code.len()));
        let lanes = live.iter_mut().zip(progress.iter()).enumerate();
        let status = |q: usize, c: u8, p: f64, e: f64, pace: &dyn Fn(f64) -> Status| {
            objective_status_rule(
                grid.objective_status,
                false,
                progress_of(p, c),
                Some(e),
                |p, _| pace(p),
                || self.weakest_lane(o, krs, q),
            )
        };
        match due {
            None => {
                let clock = grid.elapsed.iter().zip(grid.thresholds());
                for ((q, (c, &p)), (&e, (on_track, at_risk))) in lanes.zip(clock) {
                    let s = status(q, *c, p, e, &|p| pace_with(p, on_track, at_risk));
                    *c |= s.map_or(NO_STATUS, status_code);
                }
            }
            Some(due) => {
                for ((q, (c, &p)), &date) in lanes.zip(&grid.dates) {
                    let e = elapsed(grid.start, due, date);
                    let s = status(q, *c, p, e, &|p| grid.pace_due(due, date, p));
                    *c |= s.map_or(NO_STATUS, status_code);
                }
            }
        }
        for c in dropped {
            *c |= status_code(Status::Dropped);
        }
    }

    /// The worst status among objective `o`'s KRs at point `q` (dropped
    /// KRs skipped), as [`Engine::weakest`] finds it.
    fn weakest_lane(&self, o: ObjIx, krs: &Columns, q: usize) -> Option<Status> {
        let mut worst: Option<Status> = None;
        for &k in self.ix.obj_krs.get(o) {
            let Some((_, c)) = krs.get(k.index(), q) else {
                continue;
            };
            if let Some(s) = super::decode_status(c) {
                if !s.is_dropped() && worst.is_none_or(|w| s.severity() > w.severity()) {
                    worst = Some(s);
                }
            }
        }
        worst
    }

    /// The lanes of a theme or unit: the plain mean of objectives
    /// `members` at each point (dropped ones left out), as the full
    /// rollup's `plain_mean` (a trend holds no partial flag).
    fn plain_lanes(
        members: &[ObjIx],
        objectives: &Columns,
        scratch: &mut Scratch,
        progress: &mut [f64],
        code: &mut [u8],
    ) {
        let Scratch { sum, weight, .. } = scratch;
        sum.fill(0.0);
        weight.fill(0.0);
        for &o in members {
            add_counted(sum, weight, objectives.lanes(o.index()));
        }
        for ((p, c), (&s, &count)) in progress
            .iter_mut()
            .zip(code.iter_mut())
            .zip(sum.iter().zip(weight.iter()))
        {
            let at = (count > 0.0).then(|| (s / count).clamp(0.0, 1.0));
            *p = at.unwrap_or(0.0);
            *c = encode(at, None);
        }
    }
}

/// Adds a member of weight `w` with lanes `(progress, code)` to a plain
/// weighted sum's lanes: `Mean::add`'s sums without its checks (the
/// plan's `obj_plain` members: none hidden, dropped by its own date or
/// with a weight the mean skips). A member without progress holds 0, so
/// its `0 * w` leaves the sum's bits as they are (never -0), and adds 0 to
/// the weight. Branch-free, so that the lanes are summed in vector
/// registers.
#[expect(
    clippy::indexing_slicing,
    reason = "INVARIANT: every slice is cut to `n`, the shortest, before the loop"
)]
fn add_weighted(
    sum: &mut [f64],
    weight: &mut [f64],
    partial: &mut [u8],
    (kp, kc): (&[f64], &[u8]),
    w: f64,
) {
    let n = sum
        .len()
        .min(weight.len())
        .min(partial.len())
        .min(kp.len())
        .min(kc.len());
    let (sum, weight, partial, kp, kc) = (
        &mut sum[..n],
        &mut weight[..n],
        &mut partial[..n],
        &kp[..n],
        &kc[..n],
    );
    for q in 0..n {
        sum[q] += kp[q] * w;
        weight[q] += if kc[q] & HAS_PROGRESS != 0 { w } else { 0.0 };
        partial[q] |= kc[q];
    }
}

/// Adds an objective with lanes `(progress, code)` to a theme's or unit's
/// plain mean (sum and count per lane): left out where it is dropped or
/// has no progress (adding 0, which leaves the bits as they are).
#[expect(
    clippy::indexing_slicing,
    reason = "INVARIANT: every slice is cut to `n`, the shortest, before the loop"
)]
fn add_counted(sum: &mut [f64], count: &mut [f64], (op, oc): (&[f64], &[u8])) {
    let n = sum.len().min(count.len()).min(op.len()).min(oc.len());
    let (sum, count, op, oc) = (&mut sum[..n], &mut count[..n], &op[..n], &oc[..n]);
    let dropped = status_code(Status::Dropped);
    for q in 0..n {
        let counts = oc[q] & STATUS_BITS != dropped && oc[q] & HAS_PROGRESS != 0;
        sum[q] += if counts { op[q] } else { 0.0 };
        count[q] += if counts { 1.0 } else { 0.0 };
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn grid_of(dates: Vec<Date>) -> Grid {
        Grid {
            by_day: Grid::by_day(&dates),
            start: dates.first().copied().unwrap(),
            elapsed: Vec::new(),
            on_track: Vec::new(),
            at_risk: Vec::new(),
            on_track_margin: 0.1,
            at_risk_margin: 0.25,
            objective_status: ObjectiveStatus::Pace,
            rollups: Vec::new(),
            dates,
        }
    }

    /// A check-in's point, looked up by day, is the first grid date on or
    /// after it (as a binary search finds it) for every day around
    /// weekly, daily and off-grid grids, and for a grid too long for the
    /// by-day table.
    #[test]
    fn point_of_is_the_first_date_on_or_after() {
        let start = Date::from_ymd(2026, 7, 1).unwrap();
        let long = start.add_days(i32::try_from(Grid::MAX_DAYS).unwrap() + 10);
        for (last, every) in [
            (start.add_days(91), 7),
            (start.add_days(20), 1),
            (start.add_days(30), 9),
            (long, 4000),
        ] {
            let grid = grid_of(super::grid(start, last, every));
            assert_eq!(grid.by_day.is_empty(), last == long);
            let span = i32::try_from(last.days_since(start)).unwrap();
            for d in (-5..span + 5).chain([span + 4000]) {
                let date = start.add_days(d);
                let expected = grid.dates.partition_point(|&g| g < date);
                assert_eq!(
                    grid.point_of(date),
                    expected,
                    "{date} on a grid every {every}"
                );
            }
        }
    }
}

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
use crate::rollup::engine::{elapsed, pace_with, Engine};
use crate::rollup::figures::{PartSum, Rollup, RollupOptions, Status};
use crate::rollup::plan::dropped_as_of;

/// Bit of a code while the sweep runs, cleared before the trend is
/// returned: the item counts as partial in a mean (itself partial or, a
/// KR, hidden).
const PARTIAL: u8 = 16;
/// Bit of a KR's code while the sweep runs: dropped by its own date at
/// this point, so it leaves its objective's mean.
const SKIP: u8 = 32;
/// The codes a trend stores (the sweep's bits cleared).
const STORED: u8 = STATUS_BITS | HAS_PROGRESS;

/// One point of the grid as the engine's per-item functions read it.
struct Point {
    date: Date,
    /// A rollup holding the point's date, share elapsed and options (and,
    /// when the document has `source: parts` KRs, the wholes' sums): all
    /// that the status and part functions read of a rollup.
    r: Rollup,
    /// The pace rule's thresholds on the cycle's clock (the share elapsed
    /// less each margin, as [`Engine::pace`] computes them).
    on_track: f64,
    at_risk: f64,
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
        let mut points = self.grid_points(&dates, options);
        let mut t = Trend {
            key_results: Columns::new(doc.key_results.len(), n),
            objectives: Columns::new(doc.objectives.len(), n),
            themes: Columns::new(doc.themes.len(), n),
            units: Columns::new(doc.units.len(), n),
            dates,
        };
        if n == 0 {
            return t;
        }
        let mut scratch = Scratch::new(n);
        // KRs that read no other figure, in index order (the memory order
        // of their check-ins), then the rest in the plan's order.
        for (k, &derived) in self.plan.kr_derived.iter_enumerated() {
            if !derived {
                let (progress, code) = t.key_results.lanes_mut(k.index());
                self.own_lanes(k, &points, progress, code);
            }
        }
        for &node in &self.plan.rollup_order {
            match node {
                Node::KeyResult(k) if self.plan.kr_whole[k] => {
                    let (progress, code) = t.key_results.lanes_mut(k.index());
                    self.whole_lanes(k, &mut points, progress, code);
                }
                Node::KeyResult(k) => {
                    let (progress, code) = t.key_results.lanes_mut(k.index());
                    self.children_lanes(k, &points, &t.objectives, &mut scratch, progress, code);
                }
                Node::Objective(o) => {
                    let (progress, code) = t.objectives.lanes_mut(o.index());
                    self.objective_lanes(o, &points, &t.key_results, &mut scratch, progress, code);
                }
            }
        }
        for th in self.ix.themes() {
            let members = self.ix.theme_objectives.get(th);
            let (progress, code) = t.themes.lanes_mut(th.index());
            self.plain_lanes(members, &t.objectives, &mut scratch, progress, code);
        }
        for u in self.ix.units() {
            let members = self.ix.unit_objectives.get(u);
            let (progress, code) = t.units.lanes_mut(u.index());
            self.plain_lanes(members, &t.objectives, &mut scratch, progress, code);
        }
        for c in t.key_results.code.iter_mut().chain(&mut t.objectives.code) {
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

    /// A trend from a full rollup per point (a cascade with cycles).
    fn trend_of_rollups(&self, dates: Vec<Date>, rollups: &[(Date, Rollup)]) -> Trend {
        let doc = self.doc;
        let n = dates.len();
        let mut t = Trend {
            key_results: Columns::new(doc.key_results.len(), n),
            objectives: Columns::new(doc.objectives.len(), n),
            themes: Columns::new(doc.themes.len(), n),
            units: Columns::new(doc.units.len(), n),
            dates,
        };
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

    /// The grid's points: each one's date, options and thresholds.
    fn grid_points(&self, dates: &[Date], options: &RollupOptions) -> Vec<Point> {
        let (doc, plan) = (self.doc, self.plan);
        let n = dates.len();
        dates
            .iter()
            .enumerate()
            .map(|(i, &date)| {
                let options = Self::point_options(options, date, i + 1 == n);
                let e = elapsed(doc.cycle.start, doc.cycle.end, date);
                let (on_track, at_risk) = (e - options.on_track_margin, e - options.at_risk_margin);
                let mut r = Rollup::empty();
                r.as_of = Some(date);
                r.elapsed = Some(e);
                r.options = options;
                if plan.any_parts {
                    r.part_blocks = IxVec::filled(plan.all_part_blocks(), PartSum::default());
                    r.sums = IxVec::filled(self.ix.key_results(), PartSum::default());
                }
                Point {
                    date,
                    r,
                    on_track,
                    at_risk,
                }
            })
            .collect()
    }

    /// The sweep's bits of KR `k` at `point`: hidden (partial in a mean)
    /// and dropped by its own date (left out of one).
    #[inline]
    fn kr_bits(&self, k: KrIx, point: &Point) -> u8 {
        let partial = if self.plan.kr_redacted[k] { PARTIAL } else { 0 };
        let skip = if dropped_as_of(self.plan.kr_dropped_own[k], Some(point.date)) {
            SKIP
        } else {
            0
        };
        partial | skip
    }

    /// The lanes of KR `k`, which reads no other figure: a metric KR's
    /// progress at its latest check-in on or before each point (at the
    /// last point, else at its `metric.current`, else at no value) and its
    /// status there, as [`Engine::own_figures`] computes them; any other
    /// KR has no figures.
    fn own_lanes(&self, k: KrIx, points: &[Point], progress: &mut [f64], code: &mut [u8]) {
        let s = &self.plan.kr_sweep[k];
        let lanes = points.iter().zip(progress.iter_mut().zip(code.iter_mut()));
        let Some(threshold) = s.threshold() else {
            for (point, (p, c)) in lanes {
                *p = 0.0;
                *c = NO_STATUS | self.kr_bits(k, point);
            }
            return;
        };
        let values = self.dated_values(k);
        let mut values = values.iter().peekable();
        let due = self.plan.kr_due[k];
        let dropped = self.plan.kr_dropped[k];
        let last = points.len().saturating_sub(1);
        let mut seen = false;
        let mut at = s.progress(None);
        for (q, (point, (p, c))) in lanes.enumerate() {
            let mut moved = false;
            // In date order, the later of one date last: the last visible
            // one is the latest.
            let mut current = None;
            while let Some(&&(d, v)) = values.peek() {
                if d > point.date {
                    break;
                }
                current = Some(v);
                moved = true;
                values.next();
            }
            if moved {
                seen = true;
                at = s.progress(current);
            } else if q == last && !seen {
                if let Some(v) = s.current() {
                    at = s.progress(Some(v));
                }
            }
            let status = if dropped_as_of(dropped, Some(point.date)) {
                Status::Dropped
            } else if threshold {
                if at >= 1.0 {
                    Status::OnTrack
                } else {
                    Status::OffTrack
                }
            } else {
                match due {
                    None => pace_with(at, point.on_track, point.at_risk),
                    Some(due) => self.pace(
                        at,
                        elapsed(self.doc.cycle.start, due, point.date),
                        &point.r.options,
                    ),
                }
            };
            *p = at;
            *c = encode(Some(at), Some(status)) | self.kr_bits(k, point);
        }
    }

    /// The lanes of `source: children` KR `k`: at each point the mean of
    /// its blocks of linking objectives (dropped ones left out), merged in
    /// order, as [`Engine::children_figures`] computes it.
    fn children_lanes(
        &self,
        k: KrIx,
        points: &[Point],
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
        let lanes = points.iter().zip(total.iter());
        for ((point, mean), (p, c)) in lanes.zip(progress.iter_mut().zip(code.iter_mut())) {
            // No usable child: progress 0 (the spec's rule of the mean).
            let at = mean.value().unwrap_or(0.0);
            let status = self
                .elapsed_at(&point.r, due)
                .map(|e| self.pace(at, e, &point.r.options));
            let status = self.kr_status(&point.r, k, status);
            let partial = if mean.partial { PARTIAL } else { 0 };
            *p = at;
            *c = encode(Some(at), status) | partial | self.kr_bits(k, point);
        }
    }

    /// The lanes of `source: parts` KR `k`: at each point its parts'
    /// sums and its figures, by the full rollup's own functions (the
    /// wholes' sums kept in each point's rollup for the wholes above).
    fn whole_lanes(&self, k: KrIx, points: &mut [Point], progress: &mut [f64], code: &mut [u8]) {
        for (point, (p, c)) in points
            .iter_mut()
            .zip(progress.iter_mut().zip(code.iter_mut()))
        {
            for b in self.plan.part_blocks_of(k) {
                self.parts_block(&mut point.r, k, b);
            }
            let f = self.whole_figures(&mut point.r, k);
            let partial = if f.partial { PARTIAL } else { 0 };
            *p = f.progress.unwrap_or(0.0);
            *c = encode(f.progress, f.status) | partial | self.kr_bits(k, point);
        }
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
        points: &[Point],
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
                let lanes = sum
                    .iter_mut()
                    .zip(weight.iter_mut())
                    .zip(partial.iter_mut());
                for (((s, wt), part), (&p, &c)) in lanes.zip(kp.iter().zip(kc)) {
                    *s += p * w;
                    *wt += if c & HAS_PROGRESS != 0 { w } else { 0.0 };
                    *part |= c;
                }
            }
        }
        for (q, (point, (p, c))) in points
            .iter()
            .zip(progress.iter_mut().zip(code.iter_mut()))
            .enumerate()
        {
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
            let status =
                self.objective_status_with(&point.r, o, at, || self.weakest_lane(o, krs, q));
            *p = at.unwrap_or(0.0);
            *c = encode(at, status) | if is_partial { PARTIAL } else { 0 };
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
    /// `members` at each point (dropped ones left out; a hidden or partial
    /// one makes it partial), as the full rollup's `plain_mean`.
    fn plain_lanes(
        &self,
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
            let (op, oc) = objectives.lanes(o.index());
            for ((s, count), (&p, &c)) in
                sum.iter_mut().zip(weight.iter_mut()).zip(op.iter().zip(oc))
            {
                if c & STATUS_BITS != status_code(Status::Dropped) && c & HAS_PROGRESS != 0 {
                    *s += p;
                    *count += 1.0;
                }
            }
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

//! The rollup plan: what the rollup needs beyond the document and its
//! index, derived once per cascade. The order of the full pass, the weight
//! arrays and the block layout of `source: children` sums live here, not in
//! the index, so the index knows nothing of the rollup.

use crate::csr::Csr;
use crate::date::Date;
use crate::document::{Document, KeyResult, Metric, Source};
use crate::idx::{typed_index, Idx, IxRange, IxVec};
use crate::index::{CheckInIx, Index, Items, KrIx, LinkIx, Node, NodeMap, ObjIx};
use crate::numeric::valid_weight;

/// Links per block of a `source: children` KR's partial sums.
pub(crate) const BLOCK: u32 = 64;

typed_index!(
    /// A block of a `source: children` KR's partial sums: its position in
    /// a rollup's `blocks`.
    pub(crate) BlockIx
);

typed_index!(
    /// A block of a whole's partial sums of its parts: its position in a
    /// rollup's `part_blocks`.
    pub(crate) PartBlockIx
);

/// What the rollup and the trend read of a KR's definition, 32 bytes where
/// the document's item takes 336: its metric's kind and bounds (for a
/// metric KR that is not hidden) and its `metric.current`. They then read
/// no KR item of the document.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct SweepKr {
    /// Start (increase, decrease), threshold (stay above or below), 1 or 0
    /// (a milestone done or not).
    a: f64,
    /// Target (increase, decrease).
    b: f64,
    /// `metric.current` when `HAS_CURRENT` is set.
    current: f64,
    /// One of the `SWEEP_*` kinds.
    kind: u8,
    /// `HAS_CURRENT`.
    flags: u8,
}

/// Not a metric KR, or hidden: no figures of its own from a value.
const SWEEP_NONE: u8 = 0;
const SWEEP_LINEAR: u8 = 1;
const SWEEP_ABOVE: u8 = 2;
const SWEEP_BELOW: u8 = 3;
const SWEEP_MILESTONE: u8 = 4;
const HAS_CURRENT: u8 = 1;

impl SweepKr {
    /// The sweep's view of a KR.
    pub(crate) fn of(kr: &KeyResult) -> SweepKr {
        let metric = kr.metric.as_ref();
        let fast = match (kr.redacted, kr.source, metric) {
            (false, Source::Metric, Some(m)) => Some(m),
            _ => None,
        };
        let (kind, a, b) = match fast {
            None => (SWEEP_NONE, 0.0, 0.0),
            Some(
                Metric::Increase { start, target, .. } | Metric::Decrease { start, target, .. },
            ) => (SWEEP_LINEAR, *start, *target),
            Some(Metric::StayAbove { threshold, .. }) => (SWEEP_ABOVE, *threshold, 0.0),
            Some(Metric::StayBelow { threshold, .. }) => (SWEEP_BELOW, *threshold, 0.0),
            Some(Metric::Milestone { done }) => (SWEEP_MILESTONE, f64::from(u8::from(*done)), 0.0),
        };
        let current = metric.and_then(Metric::current);
        SweepKr {
            a,
            b,
            current: current.unwrap_or(0.0),
            kind,
            flags: if current.is_some() { HAS_CURRENT } else { 0 },
        }
    }

    /// For a metric KR that is not hidden, whether its metric is a
    /// threshold; `None` for every other KR.
    pub(crate) fn threshold(&self) -> Option<bool> {
        match self.kind {
            SWEEP_NONE => None,
            k => Some(k == SWEEP_ABOVE || k == SWEEP_BELOW),
        }
    }

    /// Its `metric.current`.
    pub(crate) fn current(&self) -> Option<f64> {
        (self.flags & HAS_CURRENT != 0).then_some(self.current)
    }

    /// Its progress at value `v` (bit for bit the rollup's
    /// `metric_progress`); 0 for a KR that is not a metric KR.
    pub(crate) fn progress(&self, v: Option<f64>) -> f64 {
        let raw = match (self.kind, v) {
            (SWEEP_NONE, _) => return 0.0,
            (SWEEP_LINEAR, Some(c)) => (c - self.a) / (self.b - self.a),
            (SWEEP_ABOVE, Some(c)) => f64::from(u8::from(c >= self.a)),
            (SWEEP_BELOW, Some(c)) => f64::from(u8::from(c <= self.a)),
            (SWEEP_MILESTONE, _) => self.a,
            _ => 0.0,
        };
        super::engine::progress_of_raw(raw).1
    }

    /// Its `(raw, progress)` at value `v`, bit for bit the rollup's
    /// `metric_progress` of its metric; `(None, 0)` for a KR that is not a
    /// metric KR.
    #[inline]
    pub(crate) fn raw_progress(&self, v: Option<f64>) -> (Option<f64>, f64) {
        let raw = match (self.kind, v) {
            (SWEEP_NONE, _) => return (None, 0.0),
            (SWEEP_LINEAR, Some(c)) => (c - self.a) / (self.b - self.a),
            (SWEEP_ABOVE, Some(c)) => f64::from(u8::from(c >= self.a)),
            (SWEEP_BELOW, Some(c)) => f64::from(u8::from(c <= self.a)),
            (SWEEP_MILESTONE, _) => self.a,
            _ => 0.0,
        };
        super::engine::progress_of_raw(raw)
    }

    /// Whether it is a metric KR (not hidden) whose metric is an increase
    /// or a decrease: the metrics with a least-squares forecast.
    #[inline]
    pub(crate) fn is_linear(&self) -> bool {
        self.kind == SWEEP_LINEAR
    }

    /// Whether it is a metric KR (not hidden) whose metric is a milestone:
    /// its progress does not depend on a value.
    #[inline]
    pub(crate) fn is_milestone(&self) -> bool {
        self.kind == SWEEP_MILESTONE
    }
}

/// Arrays only the rollup reads, parallel to the document's.
#[derive(Clone, Debug, Default)]
pub(crate) struct RollupPlan {
    /// Weight of each KR in its objective's mean (1 when absent).
    pub kr_weight: IxVec<KrIx, f64>,
    /// Weight of each link (1 when absent).
    pub link_weight: IxVec<LinkIx, f64>,
    /// KRs hidden in a view (redacted stubs).
    pub kr_redacted: IxVec<KrIx, bool>,
    /// Objectives hidden in a view (redacted stubs).
    pub obj_redacted: IxVec<ObjIx, bool>,
    /// KRs whose figures depend on other figures: `source: children` or
    /// `source: parts`, and not redacted. Every other KR depends on nothing
    /// but its own data.
    pub kr_derived: IxVec<KrIx, bool>,
    /// Wholes: `source: parts` and not redacted (their value is the sum of
    /// their parts').
    pub kr_whole: IxVec<KrIx, bool>,
    /// First block of each whole's parts in a rollup's part blocks (n_kr +
    /// 1 entries; only wholes have blocks).
    kr_part_block_start: Vec<u32>,
    /// The block of each part of a whole in that whole's sums (`None` for
    /// every other KR): where a change of the part lands.
    pub part_block: IxVec<KrIx, Option<PartBlockIx>>,
    /// First block of each KR's direct in-links in a rollup's block sums
    /// (n_kr + 1 entries; only derived KRs have blocks).
    kr_block_start: Vec<u32>,
    /// The block of each direct link into a derived KR (`None` for every
    /// other link): where a change of the linking objective lands.
    pub link_block: IxVec<LinkIx, Option<BlockIx>>,
    /// The full rollup's second pass: objectives and derived KRs, each
    /// after everything it reads. Without cycles they are grouped by
    /// dependency level and ascending index, so the pass walks memory
    /// forward; with cycles, the topological order of the index.
    pub rollup_order: Vec<Node>,
    /// Position of each graph node in the index's topological order (the
    /// incremental update's priority).
    pub rank: NodeMap<u32>,
    /// Whether the cascade graph has cycles (members of one cycle do not
    /// count toward each other's means).
    pub cycles: bool,
    /// Each KR's `due`, else its objective's: its horizon when set (paced
    /// against it, forecast at it), else the cycle's end.
    pub kr_due: IxVec<KrIx, Option<Date>>,
    /// Each objective's `due`.
    pub obj_due: IxVec<ObjIx, Option<Date>>,
    /// Each KR's own `dropped` date (None for a stub).
    pub kr_dropped_own: IxVec<KrIx, Option<Date>>,
    /// Each KR's effective `dropped` date: the earlier of its own and its
    /// objective's (a dropped objective drops its KRs with it).
    pub kr_dropped: IxVec<KrIx, Option<Date>>,
    /// Each objective's `dropped` date.
    pub obj_dropped: IxVec<ObjIx, Option<Date>>,
    /// Each KR's work: the share of the sprint goals and initiatives
    /// naming it that are done (`None` when none name it, or it is hidden).
    pub kr_work: IxVec<KrIx, Option<f64>>,
    /// How many sprint goals and initiatives name each KR (W131).
    pub kr_work_items: IxVec<KrIx, u32>,
    /// What the trend reads of each KR's definition.
    pub kr_sweep: IxVec<KrIx, SweepKr>,
    /// Each check-in's date and value (12 bytes where the document's item
    /// takes 56), in document order: what the trend reads of them.
    check_in_date: Vec<Date>,
    check_in_value: Vec<f64>,
    /// The KRs of each objective with their weights (the index's
    /// `obj_krs` order): what the full pass reads for an objective's mean.
    pub obj_members: Csr<ObjIx, (KrIx, f64)>,
    /// Whether each objective's mean is a plain weighted sum of its KRs:
    /// no cycle in the cascade, and none of its KRs hidden, dropped by its
    /// own date or with a weight the mean skips (what the trend's sweep
    /// sums without `Mean`'s checks).
    pub obj_plain: IxVec<ObjIx, bool>,
    /// The direct links into each KR as (linking objective, weight), in
    /// the index's `kr_direct_links` order, so block `b` of a derived KR
    /// reads one contiguous run (see [`RollupPlan::block_inputs`]).
    kr_inputs: Csr<KrIx, (ObjIx, f64)>,
    /// Each KR's check-ins as (date, value), in the index's order (date,
    /// then document position), as the index held them when the plan was
    /// built. Valid for KR `k` while `Index::check_ins_of` borrows its
    /// list (no check-in recorded for `k` since); the live model's later
    /// check-ins are read through [`RollupPlan::check_in`].
    kr_check_ins: Csr<KrIx, (Date, f64)>,
    /// Whether any KR is `source: parts` (hidden or not): only then does a
    /// rollup hold a part sum per KR (nothing reads one otherwise).
    pub any_parts: bool,
    /// Whether a check-in was recorded since the plan was built (else
    /// every KR's check-ins are `kr_check_ins`, and the index need not be
    /// asked).
    pub live_check_ins: bool,
}

/// For each KR, how many sprint goals and initiatives name it and how many
/// of those are done (an item naming a KR twice counts once).
pub(crate) fn work_counts(doc: &Document, ix: &Index) -> (IxVec<KrIx, u32>, IxVec<KrIx, u32>) {
    let items = doc
        .initiatives
        .iter()
        .map(|i| (&i.key_results, i.done))
        .chain(doc.sprint_goals.iter().map(|s| (&s.key_results, s.done)));
    let mut named = IxVec::filled(ix.key_results(), 0u32);
    let mut done = IxVec::filled(ix.key_results(), 0u32);
    let mut krs: Vec<KrIx> = Vec::new();
    for (ids, is_done) in items {
        krs.clear();
        krs.extend(
            ids.iter()
                .filter_map(|id| ix.ids.get(doc, id)?.key_result()),
        );
        krs.sort_unstable();
        krs.dedup();
        for &k in &krs {
            named[k] += 1;
            done[k] += u32::from(is_done);
        }
    }
    (named, done)
}

/// KR `k`'s due date: its own `due`, else its objective's.
pub(crate) fn kr_due(doc: &Document, ix: &Index, k: KrIx) -> Option<Date> {
    doc.key_result(k)
        .due
        .or_else(|| ix.kr_objective[k].and_then(|o| doc.objective(o).due))
}

/// KR `k`'s effective `dropped` date: the earlier of its own and its
/// objective's.
pub(crate) fn kr_dropped(doc: &Document, ix: &Index, k: KrIx) -> Option<Date> {
    let own = doc.key_result(k).dropped;
    let parent = ix.kr_objective[k].and_then(|o| doc.objective(o).dropped);
    match (own, parent) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Whether an item with `dropped` date `date` is dropped as of `as_of`:
/// the date is on or before `as_of`; without `as_of`, every date counts.
pub(crate) fn dropped_as_of(date: Option<Date>, as_of: Option<Date>) -> bool {
    date.is_some_and(|d| as_of.is_none_or(|a| d <= a))
}

impl RollupPlan {
    /// Whether KR `k` is dropped (by its own date or its objective's) as of
    /// `as_of`.
    pub(crate) fn kr_is_dropped(&self, k: KrIx, as_of: Option<Date>) -> bool {
        dropped_as_of(self.kr_dropped[k], as_of)
    }

    /// Whether KR `k` is dropped by its own date as of `as_of`.
    pub(crate) fn kr_is_dropped_own(&self, k: KrIx, as_of: Option<Date>) -> bool {
        dropped_as_of(self.kr_dropped_own[k], as_of)
    }

    /// Whether objective `o` is dropped as of `as_of`.
    pub(crate) fn obj_is_dropped(&self, o: ObjIx, as_of: Option<Date>) -> bool {
        dropped_as_of(self.obj_dropped[o], as_of)
    }

    /// Check-in `c`'s date and value, `None` past the plan's copy.
    #[inline]
    pub(crate) fn check_in(&self, c: CheckInIx) -> Option<(Date, f64)> {
        Some((
            *self.check_in_date.get(c.index())?,
            *self.check_in_value.get(c.index())?,
        ))
    }

    /// KR `k`'s check-ins as (date, value) when the plan was built (see
    /// [`RollupPlan::kr_check_ins`]).
    #[inline]
    pub(crate) fn kr_check_ins(&self, k: KrIx) -> &[(Date, f64)] {
        self.kr_check_ins.get(k)
    }

    /// Keeps the copy of the check-ins current when one is appended to
    /// the document (the live model's `record_check_in`).
    pub(crate) fn push_check_in(&mut self, date: Date, value: f64) {
        self.live_check_ins = true;
        self.check_in_date.push(date);
        self.check_in_value.push(value);
    }

    /// Refreshes what the trend reads of KR `k` after its metric changed
    /// (the live model's `set_current`).
    pub(crate) fn refresh_sweep(&mut self, doc: &Document, k: KrIx) {
        self.kr_sweep[k] = SweepKr::of(doc.key_result(k));
    }

    /// Refreshes the dropped dates of objective `o` and its KRs, or of KR
    /// `k`, after the document changed (the live model's drop).
    pub(crate) fn refresh_dropped(&mut self, doc: &Document, ix: &Index, node: Node) {
        match node {
            Node::KeyResult(k) => {
                self.kr_dropped_own[k] = doc.key_result(k).dropped;
                self.kr_dropped[k] = kr_dropped(doc, ix, k);
            }
            Node::Objective(o) => {
                self.obj_dropped[o] = doc.objective(o).dropped;
                for &k in ix.obj_krs.get(o) {
                    self.kr_dropped[k] = kr_dropped(doc, ix, k);
                }
            }
        }
    }
}

impl RollupPlan {
    /// The plan of a document and its index.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "INVARIANT: a KR's blocks are at most its direct links, and all links fit u32 \
                  (Index::build checks)"
    )]
    pub(crate) fn build(doc: &Document, ix: &Index) -> RollupPlan {
        let (objectives, key_results) = (ix.objectives(), ix.key_results());
        let kr_derived = IxVec::from_fn(key_results, |k| {
            let kr = doc.key_result(k);
            matches!(kr.source, Source::Children | Source::Parts) && !kr.redacted
        });
        let kr_whole = IxVec::from_fn(key_results, |k| {
            let kr = doc.key_result(k);
            kr.source == Source::Parts && !kr.redacted
        });
        let mut kr_block_start = Vec::with_capacity(key_results.len() + 1);
        let mut link_block = IxVec::filled(ix.links(), None);
        let mut blocks = 0u32;
        for k in key_results {
            kr_block_start.push(blocks);
            if kr_derived[k] && !kr_whole[k] {
                let links = ix.kr_direct_links.get(k);
                for (pos, &l) in (0u32..).zip(links) {
                    link_block[l] = Some(BlockIx::from_raw(blocks + pos / BLOCK));
                }
                blocks += links.len().div_ceil(BLOCK as usize) as u32;
            }
        }
        kr_block_start.push(blocks);
        let mut kr_part_block_start = Vec::with_capacity(key_results.len() + 1);
        let mut part_block = IxVec::filled(key_results, None);
        let mut part_blocks = 0u32;
        for k in key_results {
            kr_part_block_start.push(part_blocks);
            if kr_whole[k] {
                let parts = ix.kr_parts.get(k);
                for (pos, &p) in (0u32..).zip(parts) {
                    part_block[p] = Some(PartBlockIx::from_raw(part_blocks + pos / BLOCK));
                }
                part_blocks += parts.len().div_ceil(BLOCK as usize) as u32;
            }
        }
        kr_part_block_start.push(part_blocks);
        let mut rank = NodeMap::filled(objectives, key_results, 0);
        for (pos, &n) in (0u32..).zip(&ix.order) {
            rank[n] = pos;
        }
        let mut plan = RollupPlan {
            kr_weight: IxVec::from_fn(key_results, |k| doc.key_result(k).weight()),
            link_weight: IxVec::from_fn(ix.links(), |l| ix.link(doc, l).weight()),
            kr_redacted: IxVec::from_fn(key_results, |k| doc.key_result(k).redacted),
            obj_redacted: IxVec::from_fn(objectives, |o| doc.objective(o).redacted),
            kr_derived,
            kr_whole,
            kr_part_block_start,
            part_block,
            kr_block_start,
            link_block,
            rollup_order: Vec::new(),
            rank,
            cycles: !ix.cascade_cycles.is_empty(),
            kr_due: IxVec::from_fn(key_results, |k| kr_due(doc, ix, k)),
            obj_due: IxVec::from_fn(objectives, |o| doc.objective(o).due),
            kr_dropped_own: IxVec::from_fn(key_results, |k| doc.key_result(k).dropped),
            kr_dropped: IxVec::from_fn(key_results, |k| kr_dropped(doc, ix, k)),
            obj_dropped: IxVec::from_fn(objectives, |o| doc.objective(o).dropped),
            kr_work: IxVec::filled(key_results, None),
            kr_work_items: IxVec::filled(key_results, 0),
            kr_sweep: IxVec::from_fn(key_results, |k| SweepKr::of(doc.key_result(k))),
            check_in_date: doc.check_ins.iter().map(|c| c.date).collect(),
            check_in_value: doc.check_ins.iter().map(|c| c.value).collect(),
            obj_members: Csr::default(),
            obj_plain: IxVec::default(),
            kr_inputs: Csr::default(),
            kr_check_ins: Csr::default(),
            live_check_ins: false,
            any_parts: doc.key_results.iter().any(|k| k.source == Source::Parts),
        };
        plan.build_columns(doc, ix);
        plan.build_work(doc, ix);
        plan.build_rollup_order(ix);
        plan
    }

    /// Every block a rollup holds.
    pub(crate) fn all_blocks(&self) -> IxRange<BlockIx> {
        IxRange::between(0, self.kr_block_start.last().copied().unwrap_or(0))
    }

    /// The blocks of KR `k` (empty unless it is derived).
    #[expect(
        clippy::indexing_slicing,
        reason = "INVARIANT: kr_block_start has one entry per KR, plus one"
    )]
    pub(crate) fn blocks_of(&self, k: KrIx) -> IxRange<BlockIx> {
        IxRange::between(
            self.kr_block_start[k.index()],
            self.kr_block_start[k.index() + 1],
        )
    }

    /// Every part block a rollup holds.
    pub(crate) fn all_part_blocks(&self) -> IxRange<PartBlockIx> {
        IxRange::between(0, self.kr_part_block_start.last().copied().unwrap_or(0))
    }

    /// The part blocks of KR `k` (empty unless it is a whole).
    #[expect(
        clippy::indexing_slicing,
        reason = "INVARIANT: kr_part_block_start has one entry per KR, plus one"
    )]
    pub(crate) fn part_blocks_of(&self, k: KrIx) -> IxRange<PartBlockIx> {
        IxRange::between(
            self.kr_part_block_start[k.index()],
            self.kr_part_block_start[k.index() + 1],
        )
    }

    /// The parts summed in block `b` of whole `k`.
    #[expect(
        clippy::indexing_slicing,
        reason = "INVARIANT: b is one of part_blocks_of(k), so its first part lies within k's \
                  parts (part_blocks_of(k) has ceil(parts / BLOCK) blocks)"
    )]
    pub(crate) fn block_parts<'a>(&self, ix: &'a Index, k: KrIx, b: PartBlockIx) -> &'a [KrIx] {
        let parts = ix.kr_parts.get(k);
        let from = (b.raw() - self.kr_part_block_start[k.index()]) as usize * BLOCK as usize;
        &parts[from..parts.len().min(from + BLOCK as usize)]
    }

    /// The (linking objective, weight) pairs summed in block `b` of derived
    /// KR `k`: its direct links from the `BLOCK` times `b`-th on (by
    /// position among them), without reading the links.
    #[expect(
        clippy::indexing_slicing,
        reason = "INVARIANT: b is one of blocks_of(k), so its first link lies within k's \
                  direct links (blocks_of(k) has ceil(links / BLOCK) blocks), and kr_inputs \
                  holds one pair per direct link, in the same order"
    )]
    pub(crate) fn block_inputs(&self, k: KrIx, b: BlockIx) -> &[(ObjIx, f64)] {
        let inputs = self.kr_inputs.get(k);
        let from = (b.raw() - self.kr_block_start[k.index()]) as usize * BLOCK as usize;
        &inputs[from..inputs.len().min(from + BLOCK as usize)]
    }

    /// See [`RollupPlan::obj_members`], [`RollupPlan::kr_inputs`] and
    /// [`RollupPlan::kr_check_ins`]. A CSR that cannot be built (more than
    /// `u32::MAX` entries, which the index already refuses) stays empty.
    fn build_columns(&mut self, doc: &Document, ix: &Index) {
        let mut members = Vec::with_capacity(ix.key_results().len());
        for o in ix.objectives() {
            for &k in ix.obj_krs.get(o) {
                members.push((o, (k, self.kr_weight[k])));
            }
        }
        let mut inputs = Vec::with_capacity(ix.links().len());
        let mut check_ins = Vec::with_capacity(doc.check_ins.len());
        for k in ix.key_results() {
            for &l in ix.kr_direct_links.get(k) {
                inputs.push((k, (ix.link_owner[l], self.link_weight[l])));
            }
            for &c in ix.check_ins_of(doc, k).iter() {
                let c = doc.check_in(c);
                check_ins.push((k, (c.date, c.value)));
            }
        }
        self.obj_members = Csr::build(ix.objectives(), &members).unwrap_or_default();
        self.obj_plain = IxVec::from_fn(ix.objectives(), |o| {
            !self.cycles
                && ix.obj_krs.get(o).iter().all(|&k| {
                    self.kr_dropped_own[k].is_none()
                        && !self.kr_redacted[k]
                        && valid_weight(self.kr_weight[k])
                })
        });
        self.kr_inputs = Csr::build(ix.key_results(), &inputs).unwrap_or_default();
        self.kr_check_ins = Csr::build(ix.key_results(), &check_ins).unwrap_or_default();
    }

    /// See [`RollupPlan::kr_work`].
    fn build_work(&mut self, doc: &Document, ix: &Index) {
        let (named, done) = work_counts(doc, ix);
        for (k, &n) in named.iter_enumerated() {
            if n > 0 && !self.kr_redacted[k] {
                self.kr_work[k] = Some(f64::from(done[k]) / f64::from(n));
            }
        }
        self.kr_work_items = named;
    }

    /// See [`RollupPlan::rollup_order`].
    fn build_rollup_order(&mut self, ix: &Index) {
        let derived = &self.kr_derived;
        let whole = &self.kr_whole;
        if self.cycles {
            self.rollup_order = ix
                .order
                .iter()
                .copied()
                .filter(|&n| match n {
                    Node::KeyResult(k) => derived[k],
                    Node::Objective(_) => true,
                })
                .collect();
            return;
        }
        // Level: metric KRs 0; an objective one above its deepest KR; a
        // derived KR one above its deepest linking objective; a whole one
        // above its deepest part that is a whole (other parts' values are
        // their own data). `order` puts
        // every node after what it reads, so one forward pass suffices.
        let mut level = NodeMap::filled(ix.objectives(), ix.key_results(), 0u32);
        let mut keyed: Vec<(u32, Node)> = Vec::with_capacity(ix.objectives().len());
        for &n in &ix.order {
            let below = match n {
                Node::KeyResult(k) if whole[k] => ix
                    .kr_parts
                    .get(k)
                    .iter()
                    .filter(|&&p| whole[p])
                    .map(|&p| level[Node::KeyResult(p)])
                    .max(),
                Node::KeyResult(k) if derived[k] => ix
                    .kr_direct_links
                    .get(k)
                    .iter()
                    .map(|&l| level[Node::Objective(ix.link_owner[l])])
                    .max(),
                Node::KeyResult(_) => continue,
                Node::Objective(o) => ix
                    .obj_krs
                    .get(o)
                    .iter()
                    .map(|&k| level[Node::KeyResult(k)])
                    .max(),
            };
            let lv = 1 + below.unwrap_or(0);
            level[n] = lv;
            keyed.push((lv, n));
        }
        // Nodes order objectives first, then KRs, each by index.
        keyed.sort_unstable();
        self.rollup_order = keyed.into_iter().map(|(_, n)| n).collect();
    }
}

//! Rollup: KR progress (raw and clamped), objective, theme and unit means,
//! pace status, least-squares forecast and mandate health, computed in one
//! pass over the index's topological order; and incremental updates that
//! recompute only what one KR's change can reach.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::document::{Document, Metric, Source};
use crate::index::{Index, Node, NONE};
use crate::numeric::{at_least, Mean};
use crate::policy::Policy;

/// Pace status of a KR, objective or mandate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Progress reached 1.
    Done,
    /// Keeping pace with the cycle (or a threshold met).
    OnTrack,
    /// Somewhat behind.
    AtRisk,
    /// Far behind (or a threshold missed).
    OffTrack,
}

impl Status {
    /// The name as written in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::OffTrack => "off_track",
        }
    }
}

/// Settings of a rollup: the pace margins of a [`Policy`] (so they are
/// always usable) and an optional `as_of`. Made with
/// [`RollupOptions::default`] or [`RollupOptions::from_policy`], then
/// [`RollupOptions::with_as_of`].
#[derive(Clone, Debug, PartialEq)]
pub struct RollupOptions {
    /// Overrides the cycle's `as_of` when set.
    pub(crate) as_of: Option<Date>,
    /// Pace margin for on_track (default 0.10).
    pub(crate) on_track_margin: f64,
    /// Pace margin for at_risk (default 0.25).
    pub(crate) at_risk_margin: f64,
}

impl Default for RollupOptions {
    fn default() -> Self {
        RollupOptions::from_policy(&Policy::default())
    }
}

impl RollupOptions {
    /// Margins from a policy, `as_of` from the document.
    pub fn from_policy(policy: &Policy) -> Self {
        RollupOptions {
            as_of: None,
            on_track_margin: policy.on_track_margin(),
            at_risk_margin: policy.at_risk_margin(),
        }
    }

    /// The same options with `as_of` overridden.
    pub fn with_as_of(mut self, as_of: Option<Date>) -> Self {
        self.as_of = as_of;
        self
    }

    /// The date that overrides the cycle's `as_of`, if any.
    pub fn as_of(&self) -> Option<Date> {
        self.as_of
    }

    /// Pace margin for on_track.
    pub fn on_track_margin(&self) -> f64 {
        self.on_track_margin
    }

    /// Pace margin for at_risk.
    pub fn at_risk_margin(&self) -> f64 {
        self.at_risk_margin
    }
}

/// Figures of one key result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct KeyResultFigures {
    /// Progress clamped to [0, 1]; null for a hidden KR.
    #[serde(serialize_with = "crate::document::finite::option")]
    pub progress: Option<f64>,
    /// Progress before clamping; null for a hidden KR or a non-finite value.
    #[serde(serialize_with = "crate::document::finite::option")]
    pub raw: Option<f64>,
    /// Pace status; null without `as_of`.
    pub status: Option<Status>,
    /// Progress forecast at the cycle's end; null unless there are check-ins
    /// on two dates.
    #[serde(serialize_with = "crate::document::finite::option")]
    pub forecast: Option<f64>,
    /// True when a member of its mean was hidden (views only).
    #[serde(default, skip_serializing_if = "is_false")]
    pub partial: bool,
}

/// Figures of one objective.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ObjectiveFigures {
    /// KR-weighted mean progress; null without KRs.
    #[serde(serialize_with = "crate::document::finite::option")]
    pub progress: Option<f64>,
    /// Pace status; null without `as_of` or progress.
    pub status: Option<Status>,
    /// True when a member of its mean was hidden (views only).
    #[serde(default, skip_serializing_if = "is_false")]
    pub partial: bool,
}

/// Figures of a theme or a unit: a plain mean.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct MeanFigures {
    /// Plain mean of the members' progress; null when none has progress.
    #[serde(serialize_with = "crate::document::finite::option")]
    pub progress: Option<f64>,
    /// True when a member of its mean was hidden (views only).
    #[serde(default, skip_serializing_if = "is_false")]
    pub partial: bool,
}

/// Health of one mandate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct MandateFigures {
    /// Whether the standing metric is met.
    pub met: bool,
    /// on_track when met, else off_track; null without `as_of`.
    pub status: Option<Status>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Every figure of a document, in arrays parallel to the document's.
#[derive(Clone, Debug, PartialEq)]
pub struct Rollup {
    /// The date used (option or the cycle's `as_of`).
    pub as_of: Option<Date>,
    /// Share of the cycle elapsed at `as_of`, when set.
    pub elapsed: Option<f64>,
    /// Per key result.
    pub key_results: Vec<KeyResultFigures>,
    /// Per objective.
    pub objectives: Vec<ObjectiveFigures>,
    /// Per theme.
    pub themes: Vec<MeanFigures>,
    /// Per unit.
    pub units: Vec<MeanFigures>,
    /// Per mandate.
    pub mandates: Vec<MandateFigures>,
    pub(crate) options: RollupOptions,
    /// Partial sums of each `source: children` KR's direct in-links, in
    /// blocks of [`BLOCK`] links (offsets in `Index::kr_block_start`). The
    /// full and the incremental computation both sum the blocks in order,
    /// so an update recomputes one block and the block totals (O(BLOCK +
    /// fan-in / BLOCK), not O(fan-in)) and stays bit-identical.
    pub(crate) blocks: Vec<Mean>,
}

/// Links per block of a `source: children` KR's partial sums.
pub(crate) const BLOCK: usize = 64;

/// Which figures an incremental update changed (indices into the rollup's
/// arrays, ascending).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Changed {
    /// Key results recomputed.
    pub key_results: Vec<u32>,
    /// Objectives recomputed.
    pub objectives: Vec<u32>,
    /// Themes recomputed.
    pub themes: Vec<u32>,
    /// Units recomputed.
    pub units: Vec<u32>,
}

/// The computation: reads the document and index, writes a [`Rollup`].
pub(crate) struct Engine<'a> {
    pub doc: &'a Document,
    pub ix: &'a Index,
}

/// Share of the cycle elapsed at `as_of`, clamped to [0, 1]; a cycle of
/// zero (or negative) length is fully elapsed once `as_of` reaches start.
pub fn elapsed(start: Date, end: Date, as_of: Date) -> f64 {
    let len = end.days_since(start);
    if len <= 0 {
        return if as_of >= start { 1.0 } else { 0.0 };
    }
    (as_of.days_since(start) as f64 / len as f64).clamp(0.0, 1.0)
}

/// Progress of a metric for a current value: `(raw, progress)`. `raw` is
/// `None` when it is not a finite number.
pub fn metric_progress(metric: &Metric, current: Option<f64>) -> (Option<f64>, f64) {
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
    if raw.is_finite() {
        (Some(raw), raw.clamp(0.0, 1.0))
    } else {
        (None, if raw == f64::INFINITY { 1.0 } else { 0.0 })
    }
}

/// Whether a mandate's metric is met at a current value.
pub fn mandate_met(metric: &Metric) -> bool {
    match (metric, metric.current()) {
        (Metric::StayAbove { threshold, .. }, Some(c)) => c >= *threshold,
        (Metric::StayBelow { threshold, .. }, Some(c)) => c <= *threshold,
        (Metric::StayAbove { .. } | Metric::StayBelow { .. }, None) => false,
        (Metric::Milestone { done }, _) => *done,
        (m, c) => c.is_some() && at_least(metric_progress(m, c).1, 1.0),
    }
}

impl<'a> Engine<'a> {
    fn pace(&self, progress: f64, elapsed: f64, o: &RollupOptions) -> Status {
        if at_least(progress, 1.0) {
            Status::Done
        } else if at_least(progress, elapsed - o.on_track_margin) {
            Status::OnTrack
        } else if at_least(progress, elapsed - o.at_risk_margin) {
            Status::AtRisk
        } else {
            Status::OffTrack
        }
    }

    /// Full computation.
    pub fn run(&self, options: &RollupOptions) -> Rollup {
        let doc = self.doc;
        let as_of = options.as_of.or(doc.cycle.as_of);
        let elapsed = as_of.map(|d| elapsed(doc.cycle.start, doc.cycle.end, d));
        let mut r = Rollup {
            as_of,
            elapsed,
            key_results: vec![KeyResultFigures::default(); doc.key_results.len()],
            objectives: vec![ObjectiveFigures::default(); doc.objectives.len()],
            themes: vec![MeanFigures::default(); doc.themes.len()],
            units: vec![MeanFigures::default(); doc.units.len()],
            mandates: Vec::with_capacity(doc.mandates.len()),
            options: options.clone(),
            blocks: vec![
                Mean::default();
                self.ix.kr_block_start.last().copied().unwrap_or(0) as usize
            ],
        };
        // KRs that read no other figure, in index order (memory order of
        // the document and of the check-in lists), then everything else in
        // dependency order.
        for (k, &derived) in self.ix.kr_derived.iter().enumerate() {
            if !derived {
                self.key_result(&mut r, k as u32);
            }
        }
        for &node in &self.ix.rollup_order {
            match node {
                Node::KeyResult(k) => self.key_result(&mut r, k),
                Node::Objective(o) => self.objective(&mut r, o),
            }
        }
        for t in 0..doc.themes.len() as u32 {
            self.theme(&mut r, t);
        }
        for u in 0..doc.units.len() as u32 {
            self.unit(&mut r, u);
        }
        for m in &doc.mandates {
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
        r
    }

    /// The KR's current value: the latest check-in on or before `as_of`
    /// (equal dates: the later in the document), else `metric.current`.
    pub fn current_value(&self, k: u32, as_of: Option<Date>) -> Option<f64> {
        let cis = self.ix.check_ins_of(self.doc, k);
        let latest = cis.iter().rev().find_map(|&i| {
            let c = self.doc.check_ins.get(i as usize)?;
            as_of.is_none_or(|d| c.date <= d).then_some(c.value)
        });
        latest.or_else(|| {
            self.doc
                .key_results
                .get(k as usize)
                .and_then(|kr| kr.metric.as_ref())
                .and_then(Metric::current)
        })
    }

    /// Least-squares forecast of progress at the cycle's end.
    fn forecast(&self, k: u32, metric: &Metric, as_of: Option<Date>) -> Option<f64> {
        if !metric.is_trend() {
            return None;
        }
        let start = self.doc.cycle.start;
        let cis = self.ix.check_ins_of(self.doc, k);
        // One point per date, the later check-in winning.
        let mut n = 0.0;
        let (mut sx, mut sy, mut sxx, mut sxy) = (0.0, 0.0, 0.0, 0.0);
        let mut iter = cis
            .iter()
            .filter_map(|&i| self.doc.check_ins.get(i as usize))
            .filter(|c| as_of.is_none_or(|d| c.date <= d))
            .peekable();
        while let Some(c) = iter.next() {
            if iter.peek().is_some_and(|next| next.date == c.date) {
                continue;
            }
            let x = c.date.days_since(start) as f64;
            let y = c.value;
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
        let at_end = intercept + slope * self.doc.cycle.end.days_since(start) as f64;
        let (raw, progress) = metric_progress(metric, Some(at_end));
        raw.map(|_| progress)
    }

    fn key_result(&self, r: &mut Rollup, k: u32) {
        let Some(kr) = self.doc.key_results.get(k as usize) else {
            return;
        };
        let fig = if kr.redacted {
            KeyResultFigures {
                partial: false,
                ..Default::default()
            }
        } else {
            let as_of = r.as_of;
            match (kr.source, kr.metric.as_ref()) {
                (Source::Children, _) => {
                    let n = self.ix.kr_direct_links.get(k).len().div_ceil(BLOCK);
                    for b in 0..n {
                        self.children_block(r, k, b);
                    }
                    self.children_figures(r, k)
                }
                (Source::Metric, Some(metric)) => {
                    let current = self.current_value(k, as_of);
                    let (raw, p) = metric_progress(metric, current);
                    let status = r.elapsed.map(|e| {
                        if metric.is_threshold() {
                            if p >= 1.0 {
                                Status::OnTrack
                            } else {
                                Status::OffTrack
                            }
                        } else {
                            self.pace(p, e, &r.options)
                        }
                    });
                    KeyResultFigures {
                        progress: Some(p),
                        raw,
                        status,
                        forecast: self.forecast(k, metric, as_of),
                        partial: false,
                    }
                }
                (Source::Metric, None) => KeyResultFigures::default(),
            }
        };
        if let Some(slot) = r.key_results.get_mut(k as usize) {
            *slot = fig;
        }
    }

    /// Recomputes block `b` of children KR `k`'s partial sums.
    fn children_block(&self, r: &mut Rollup, k: u32, b: usize) {
        let links = self.ix.kr_direct_links.get(k);
        let chunk = links.get(b * BLOCK..).unwrap_or(&[]);
        let chunk = chunk.get(..BLOCK.min(chunk.len())).unwrap_or(&[]);
        let cycles = !self.ix.cascade_cycles.is_empty();
        let mut mean = Mean::default();
        for &l in chunk {
            let Some(&o) = self.ix.link_owner.get(l as usize) else {
                continue;
            };
            if cycles && self.ix.same_scc(Node::KeyResult(k), Node::Objective(o)) {
                continue;
            }
            let f = r.objectives.get(o as usize).copied().unwrap_or_default();
            mean.add(f.progress, self.link_weight(l), f.partial);
        }
        let base = self.ix.kr_block_start.get(k as usize).copied().unwrap_or(0) as usize;
        if let Some(slot) = r.blocks.get_mut(base + b) {
            *slot = mean;
        }
    }

    /// Children KR `k`'s figures from its block sums (summed in order).
    fn children_figures(&self, r: &Rollup, k: u32) -> KeyResultFigures {
        let a = self.ix.kr_block_start.get(k as usize).copied().unwrap_or(0) as usize;
        let b = self
            .ix
            .kr_block_start
            .get(k as usize + 1)
            .copied()
            .unwrap_or(0) as usize;
        let mut mean = Mean::default();
        for block in r.blocks.get(a..b).unwrap_or(&[]) {
            mean.merge(block);
        }
        let p = mean.value().unwrap_or(0.0);
        KeyResultFigures {
            progress: Some(p),
            raw: Some(p),
            status: r.elapsed.map(|e| self.pace(p, e, &r.options)),
            forecast: None,
            partial: mean.partial,
        }
    }

    fn link_weight(&self, global_link: u32) -> f64 {
        self.ix
            .link_weight
            .get(global_link as usize)
            .copied()
            .unwrap_or(1.0)
    }

    fn objective(&self, r: &mut Rollup, o: u32) {
        let mut mean = Mean::default();
        let cycles = !self.ix.cascade_cycles.is_empty();
        for &k in self.ix.obj_krs.get(o) {
            let (Some(&weight), Some(&redacted)) = (
                self.ix.kr_weight.get(k as usize),
                self.ix.kr_redacted.get(k as usize),
            ) else {
                continue;
            };
            if cycles && self.ix.same_scc(Node::KeyResult(k), Node::Objective(o)) {
                continue;
            }
            let f = r.key_results.get(k as usize).copied().unwrap_or_default();
            mean.add(f.progress, weight, f.partial || redacted);
        }
        let progress = mean.value();
        let status = match (progress, r.elapsed) {
            (Some(p), Some(e)) => Some(self.pace(p, e, &r.options)),
            _ => None,
        };
        if let Some(slot) = r.objectives.get_mut(o as usize) {
            *slot = ObjectiveFigures {
                progress,
                status,
                partial: mean.partial,
            };
        }
    }

    fn plain_mean(&self, r: &Rollup, members: &[u32]) -> MeanFigures {
        let mut mean = Mean::default();
        for &o in members {
            let f = r.objectives.get(o as usize).copied().unwrap_or_default();
            let hidden = self
                .doc
                .objectives
                .get(o as usize)
                .is_some_and(|x| x.redacted);
            mean.add(f.progress, 1.0, f.partial || hidden);
        }
        MeanFigures {
            progress: mean.value(),
            partial: mean.partial,
        }
    }

    fn theme(&self, r: &mut Rollup, t: u32) {
        let f = self.plain_mean(r, self.ix.theme_objectives.get(t));
        if let Some(slot) = r.themes.get_mut(t as usize) {
            *slot = f;
        }
    }

    fn unit(&self, r: &mut Rollup, u: u32) {
        let f = self.plain_mean(r, self.ix.unit_objectives.get(u));
        if let Some(slot) = r.units.get_mut(u as usize) {
            *slot = f;
        }
    }

    /// Recomputes what a change to KR `k` can reach, in topological order.
    pub fn update(&self, r: &mut Rollup, k: u32) -> Changed {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        let ix = self.ix;
        let mut heap: BinaryHeap<Reverse<(u32, Node)>> = BinaryHeap::new();
        let mut queued: hashbrown::HashSet<Node> = hashbrown::HashSet::new();
        let mut changed = Changed::default();
        // Blocks of children KRs whose members changed: (KR, block).
        let mut dirty: Vec<(u32, u32)> = Vec::new();
        let rank = |n: Node| ix.rank.get(ix.node_slot(n)).copied().unwrap_or(0);
        let start_kr = k;
        let start = Node::KeyResult(k);
        heap.push(Reverse((rank(start), start)));
        queued.insert(start);
        while let Some(Reverse((_, node))) = heap.pop() {
            match node {
                Node::KeyResult(k) => {
                    let blocks: Vec<u32> = dirty.iter().filter(|d| d.0 == k).map(|d| d.1).collect();
                    if blocks.is_empty() || k == start_kr {
                        self.key_result(r, k);
                    } else {
                        for b in blocks {
                            self.children_block(r, k, b as usize);
                        }
                        let fig = self.children_figures(r, k);
                        if let Some(slot) = r.key_results.get_mut(k as usize) {
                            *slot = fig;
                        }
                    }
                    dirty.retain(|d| d.0 != k);
                    changed.key_results.push(k);
                    let o = ix.kr_objective.get(k as usize).copied().unwrap_or(NONE);
                    if o != NONE && queued.insert(Node::Objective(o)) {
                        heap.push(Reverse((rank(Node::Objective(o)), Node::Objective(o))));
                    }
                }
                Node::Objective(o) => {
                    self.objective(r, o);
                    changed.objectives.push(o);
                    for l in ix.links_of(o) {
                        if let Some(Some(Node::KeyResult(t))) = ix.link_target.get(l) {
                            let is_direct = self
                                .doc
                                .objectives
                                .get(o as usize)
                                .and_then(|x| x.links.get(l - ix.links_of(o).start))
                                .is_some_and(|x| x.kind == crate::document::LinkKind::Direct);
                            let children = self
                                .doc
                                .key_results
                                .get(*t as usize)
                                .is_some_and(|x| x.source == Source::Children);
                            let n = Node::KeyResult(*t);
                            if is_direct && children {
                                let pos = ix.link_in_pos.get(l).copied().unwrap_or(NONE);
                                if pos != NONE {
                                    dirty.push((*t, pos / BLOCK as u32));
                                }
                                if queued.insert(n) {
                                    heap.push(Reverse((rank(n), n)));
                                }
                            }
                        }
                    }
                }
            }
        }
        let mut units: Vec<u32> = Vec::new();
        let mut themes: Vec<u32> = Vec::new();
        for &o in &changed.objectives {
            if let Some(&u) = ix.obj_unit.get(o as usize) {
                if u != NONE {
                    units.push(u);
                }
            }
            if ix.obj_is_company.get(o as usize) == Some(&true) {
                themes.extend_from_slice(ix.obj_themes.get(o));
            }
        }
        units.sort_unstable();
        units.dedup();
        themes.sort_unstable();
        themes.dedup();
        for &u in &units {
            self.unit(r, u);
        }
        for &t in &themes {
            self.theme(r, t);
        }
        changed.units = units;
        changed.themes = themes;
        changed.key_results.sort_unstable();
        changed.objectives.sort_unstable();
        changed
    }
}

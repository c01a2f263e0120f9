//! # okr-core: the selective cascade
//!
//! A pure model of how an organisation connects company strategy to team
//! work with OKRs: load a document, [`Cascade::validate`] it against the
//! rules (E001-E010, W101-W122, I201-I202), [`Cascade::rollup`] progress
//! through direct links, trace [`Cascade::lineage`] to company priorities,
//! and make restricted-safe views with [`Cascade::view_for`]. Walk the
//! loaded cascade with the navigation methods ([`Cascade::children`],
//! [`Cascade::key_results_of`], [`Cascade::links_into`], ...) and name any
//! item as every message does with [`Cascade::describe`].
//!
//! ```
//! use okr_core::{Cascade, Policy};
//!
//! let cascade = Cascade::from_json(r#"{
//!   "okr": "1",
//!   "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30", "as_of": "2026-08-15"},
//!   "units": [{"id": "acme", "kind": "company"}, {"id": "eng", "kind": "function", "parent": "acme"}],
//!   "themes": [{"id": "T1", "title": "Win the mid-market"}],
//!   "objectives": [
//!     {"id": "O1", "unit": "acme", "title": "Grow mid-market revenue", "themes": ["T1"],
//!      "governance": {"cadence": "weekly"}},
//!     {"id": "O2", "unit": "eng", "title": "Remove the blockers large accounts hit",
//!      "links": [{"kind": "direct", "to": "KR1"}]}
//!   ],
//!   "key_results": [
//!     {"id": "KR1", "objective": "O1", "title": "Increase ARR from $12M to $20M",
//!      "metric": {"kind": "increase", "start": 12, "target": 20, "current": 16}},
//!     {"id": "KR2", "objective": "O2", "title": "Cut p95 latency from 900ms to 300ms",
//!      "metric": {"kind": "decrease", "start": 900, "target": 300, "current": 600}}
//!   ]
//! }"#)?;
//!
//! let report = cascade.validate(&Policy::default());
//! assert_eq!(report.summary.errors, 0);
//!
//! let figures = cascade.rollup(&Default::default());
//! assert_eq!(figures.key_results[0].progress, Some(0.5));
//!
//! let lineage = cascade.lineage("O2")?;
//! assert!(lineage.traces);
//! assert_eq!(lineage.paths, vec![vec!["O2", "KR1", "O1"]]);
//! # Ok::<(), okr_core::Error>(())
//! ```

pub mod alerts;
pub mod close;
mod csr;
mod date;
pub mod dependencies;
mod describe;
mod diagnostic;
pub mod diff;
mod document;
mod error;
pub mod explain;
mod idx;
mod index;
mod lineage;
mod live;
pub mod load;
mod locate;
pub mod many;
mod navigate;
mod numeric;
mod par;
mod policy;
mod report;
mod rollup;
mod rules;
pub mod sheet;
mod text;
mod view;
mod visibility;

pub use alerts::Alerts;
pub use close::{KeyResultScore, ObjectiveScore, Scorecard};
pub use date::Date;
pub use dependencies::{Dependencies, Edge, EdgeKind, SharedKeyResult, UnitDependencies};
pub use describe::ItemName;
pub use diagnostic::{Diagnostic, Report, Severity, Summary};
pub use diff::{
    ChangedItem, DiagnosticChanges, Diff, DiffItem, DiffKind, FieldChange, FigureChange,
    LineageChanges,
};
pub use document::*;
pub use error::{Error, LoadError, LoadErrorKind};
pub use explain::Explanation;
pub use index::{
    CheckInIx, ContributionIx, InitiativeIx, ItemKind, ItemRef, KrIx, LinkIx, MandateIx, Node,
    ObjIx, SprintGoalIx, ThemeIx, UnitIx,
};
pub use lineage::Lineage;
pub use live::{AlertsDelta, IdMap, LiveRollup, RollupDelta};
pub use locate::{position_in_json, Position};
pub use navigate::{Items, LinkRef, LinksInto};
pub use policy::{Limits, ObjectiveStatus, Policy, PolicyBuilder};
pub use report::RollupReport;
pub use rollup::{
    KeyResultFigures, MandateFigures, MeanFigures, ObjectiveFigures, Rollup, RollupOptions, Series,
    Status, Trend, TrendById, TrendKind, TrendPoint,
};
pub use rules::{Code, UnknownCode};

use index::{Index, Items as _};
use rollup::RollupPlan;

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// The crate's own README (the package's front page), run as a doctest too.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct CrateReadmeDoctests;

/// The earlier figures of [`Cascade::earlier_rollup`] as the alerts read
/// them.
pub(crate) fn earlier_of(e: &Option<(Date, Rollup)>) -> Option<rules::alerts::Earlier<'_>> {
    e.as_ref().map(|(date, rollup)| rules::alerts::Earlier {
        date: *date,
        rollup,
    })
}

/// A loaded document with its index: the entry point to every algorithm.
///
/// Made by the loaders ([`Cascade::from_json`], [`Cascade::from_yaml`]) or
/// from a [`Document`] built in code with `Cascade::try_from(doc)`, which
/// runs the loader's checks too.
#[derive(Clone)]
pub struct Cascade {
    doc: Document,
    ix: Index,
    plan: RollupPlan,
}

impl std::fmt::Debug for Cascade {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cascade")
            .field("cycle", &self.doc.cycle.id)
            .field("units", &self.doc.units.len())
            .field("objectives", &self.doc.objectives.len())
            .field("key_results", &self.doc.key_results.len())
            .finish_non_exhaustive()
    }
}

impl TryFrom<Document> for Cascade {
    type Error = Error;

    /// Indexes a document after the loader's checks, with the default
    /// limits; a document that fails them is an [`Error::Load`] naming the
    /// place.
    fn try_from(doc: Document) -> Result<Cascade, Error> {
        Cascade::from_document_with_limits(doc, &Limits::default())
    }
}

impl Cascade {
    /// A document that passed the loader's checks, indexed. Problems in
    /// it are diagnostics, not errors; the only error is a document too
    /// large to index (more than `u32::MAX - 1` items of one kind), a
    /// [`LoadErrorKind::Limit`].
    fn indexed(doc: Document) -> Result<Cascade, Error> {
        let ix = Index::build(&doc)?;
        let plan = RollupPlan::build(&doc, &ix);
        Ok(Cascade { doc, ix, plan })
    }

    /// Indexes a document built in code, after the checks the loader makes
    /// (non-blank ids, the limits, no redacted stubs outside a view) with
    /// the given limits. [`Cascade::try_from`] uses the default limits.
    pub fn from_document_with_limits(doc: Document, limits: &Limits) -> Result<Cascade, Error> {
        load::check_document(&doc, limits)?;
        Cascade::indexed(doc)
    }

    /// Reads a JSON document with the default limits.
    pub fn from_json(text: &str) -> Result<Cascade, Error> {
        Cascade::from_json_with_limits(text, &Limits::default())
    }

    /// Reads a JSON document with the given limits.
    pub fn from_json_with_limits(text: &str, limits: &Limits) -> Result<Cascade, Error> {
        Cascade::indexed(load::from_json(text, limits)?)
    }

    /// Reads a JSON document from UTF-8 bytes with the given limits (a
    /// byte order mark is skipped; invalid UTF-8 is a syntax error naming
    /// its line and column).
    pub fn from_json_bytes_with_limits(bytes: &[u8], limits: &Limits) -> Result<Cascade, Error> {
        Cascade::indexed(load::from_json_bytes(bytes, limits)?)
    }

    /// Reads a YAML document (same shape as JSON) with the default limits.
    #[cfg(feature = "yaml")]
    pub fn from_yaml(text: &str) -> Result<Cascade, Error> {
        Cascade::from_yaml_with_limits(text, &Limits::default())
    }

    /// Reads a YAML document with the given limits.
    #[cfg(feature = "yaml")]
    pub fn from_yaml_with_limits(text: &str, limits: &Limits) -> Result<Cascade, Error> {
        Cascade::indexed(load::from_yaml(text, limits)?)
    }

    /// The document.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The document, giving up the index.
    pub fn into_document(self) -> Document {
        self.doc
    }

    /// The document as canonical JSON. A loaded document always can be
    /// written; one built in Rust with NaN or an infinity cannot
    /// ([`Error::Output`], naming the number's path).
    pub fn to_json(&self) -> Result<String, Error> {
        report::document_to_json(&self.doc)
    }

    /// The item an id names.
    pub fn lookup(&self, id: &str) -> Option<ItemRef> {
        self.ix.ids.get(&self.doc, id)
    }

    /// The id of an item; `None` for an item of another cascade that this
    /// document does not have.
    pub fn id_of(&self, item: ItemRef) -> Option<&str> {
        index::checked_id_of(&self.doc, item)
    }

    /// Runs every rule the policy enables. Total: never fails, only reports.
    pub fn validate(&self, policy: &Policy) -> Report {
        rules::validate_with(&self.doc, &self.ix, policy, || {
            self.rollup(&RollupOptions::from_policy(policy))
        })
    }

    /// The errors alone: the diagnostics of severity error that
    /// [`Cascade::validate`] would report, in the same order, without
    /// running a warning rule or computing a figure. What a caller that
    /// only needs to know whether figures can be trusted should ask (the
    /// command line's `okr rollup` decides its exit status from this).
    ///
    /// ```
    /// let cascade = okr_core::Cascade::from_json(r#"{"okr": "1",
    ///   "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"},
    ///   "units": [{"id": "acme", "kind": "company", "name": "Acme"}],
    ///   "objectives": [{"id": "O1", "unit": "nowhere", "title": "Grow"}]}"#).unwrap();
    /// let errors = cascade.errors(&okr_core::Policy::default());
    /// assert_eq!(errors.summary.errors, 1);
    /// assert_eq!(errors.summary.warnings, 0);
    /// assert_eq!(errors.diagnostics[0].code.to_string(), "E002");
    /// ```
    pub fn errors(&self, policy: &Policy) -> Report {
        rules::errors(&self.doc, &self.ix, policy)
    }

    /// Computes every figure.
    pub fn rollup(&self, options: &RollupOptions) -> Rollup {
        self.engine().run(options)
    }

    /// The figures of every KR, objective, theme and unit at `start`,
    /// `start + every_days`, ... up to the last date (`as_of`, else the
    /// cycle's end), and at the last date itself when it is off the grid;
    /// `metric.current` (undated) counts only at the last point. Every
    /// point is computed at once in one pass over the items (each KR's
    /// check-ins read once, in date order), bit-identical to a full rollup
    /// at its date. `every_days` must be at least 1.
    pub fn trend(&self, every_days: u32, options: &RollupOptions) -> Result<Trend, Error> {
        if every_days == 0 {
            return Err(Error::Input(
                "`every` is 0; the trend needs a step of at least one day".into(),
            ));
        }
        Ok(self.engine().trend(every_days, options))
    }

    /// The rollups at each trend date (tests compare them with full
    /// rollups).
    #[doc(hidden)]
    pub fn trend_rollups(&self, every_days: u32, options: &RollupOptions) -> Vec<(Date, Rollup)> {
        self.engine().trend_rollups(every_days.max(1), options)
    }

    /// Where the figures of `id` (a KR, objective, theme, unit or mandate)
    /// come from, under the default options (the cycle's `as_of`): the
    /// figures (the rollup's), the rule with its numbers, the inputs one
    /// level deep, the status rule, the forecast and one plain sentence.
    ///
    /// ```
    /// # use okr_core::Cascade;
    /// let c = Cascade::from_json(r#"{"okr": "1",
    ///   "cycle": {"id": "Q", "start": "2026-07-01", "end": "2026-09-30"},
    ///   "units": [{"id": "acme", "kind": "company"}],
    ///   "objectives": [{"id": "O1", "unit": "acme", "title": "Grow"}],
    ///   "key_results": [{"id": "KR1", "objective": "O1", "title": "ARR",
    ///     "metric": {"kind": "increase", "start": 12, "target": 20, "current": 16}}]}"#)?;
    /// let e = c.explain("KR1")?;
    /// assert_eq!(e.rule.formula, "(16 - 12) / (20 - 12) = 0.5");
    /// # Ok::<(), okr_core::Error>(())
    /// ```
    pub fn explain(&self, id: &str) -> Result<Explanation, Error> {
        self.explain_with(id, &RollupOptions::default())
    }

    /// [`Cascade::explain`] under these options (`as_of`, margins,
    /// objective status).
    pub fn explain_with(&self, id: &str, options: &RollupOptions) -> Result<Explanation, Error> {
        let rollup = self.rollup(options);
        explain::explain(&self.engine(), &rollup, id)
    }

    /// Every path from an item to the company priorities it moves, and the
    /// plain-language answer. Uses the default limits.
    pub fn lineage(&self, id: &str) -> Result<Lineage, Error> {
        self.lineage_with_limits(id, &Limits::default())
    }

    /// [`Cascade::lineage`] with a cap on the number of paths.
    pub fn lineage_with_limits(&self, id: &str, limits: &Limits) -> Result<Lineage, Error> {
        let mut answer = lineage::lineage(&self.doc, &self.ix, id, limits)?;
        if let Some(text) = self.dependency_sentence(id) {
            answer.answer.push(' ');
            answer.answer.push_str(&text);
        }
        Ok(answer)
    }

    /// "It depends on key result KR9 "..." of team platform "Platform",
    /// which is off track.": what an objective or KR declares it needs
    /// from others, with each item's status when the cycle has an
    /// `as_of` (the rollup is computed only then, and only for an item
    /// with dependencies).
    fn dependency_sentence(&self, id: &str) -> Option<String> {
        let node = self.lookup(id)?.node()?;
        let deps = match node {
            Node::Objective(o) => self.ix.obj_depends.get(o),
            Node::KeyResult(k) => self.ix.kr_depends.get(k),
        };
        if deps.is_empty() {
            return None;
        }
        let rollup = self
            .doc
            .cycle
            .as_of
            .map(|_| self.rollup(&RollupOptions::default()));
        let mut parts: Vec<String> = Vec::new();
        for &d in deps {
            let mut text = describe::describe(&self.doc, d.into());
            if let Some(u) = dependencies::node_unit(&self.ix, d) {
                text.push_str(&format!(
                    " of {}",
                    describe::describe(&self.doc, ItemRef::Unit(u))
                ));
            }
            let status = rollup.as_ref().and_then(|r| match d {
                Node::Objective(o) => r.objective(o).status,
                Node::KeyResult(k) => r.kr(k).status,
            });
            if let Some(s) = status {
                let words = match s {
                    Status::Done => "which is done",
                    Status::OnTrack => "which is on track",
                    Status::AtRisk => "which is at risk",
                    Status::OffTrack => "which is off track",
                    Status::Dropped => "which has been dropped",
                };
                text.push_str(&format!(", {words}"));
            }
            if !parts.contains(&text) {
                parts.push(text);
            }
        }
        Some(format!("It depends on {}.", parts.join("; and on ")))
    }

    /// The alerts at `as_of` (else the cycle's `as_of`; with neither, the
    /// list is empty), under the policy's thresholds and switches: A301
    /// forecast-miss, A302 needs-acceleration, A303 confidence-drop, A304
    /// slipping (one more rollup, at `as_of - slip_days`, computed as the
    /// trend's earlier points), A305 blocked. Closed items get none. See
    /// the spec's "Figures over time" and docs/rules.md.
    pub fn alerts(&self, policy: &Policy, as_of: Option<Date>) -> Alerts {
        let options = RollupOptions::from_policy(policy).with_as_of(as_of);
        let engine = self.engine();
        let rollup = engine.run(&options);
        let earlier = self.earlier_rollup(policy, &rollup);
        Alerts {
            alerts: rules::alerts(&engine, policy, &rollup, earlier_of(&earlier)),
        }
    }

    /// The figures A304 compares with: the rollup at `as_of - slip_days`
    /// under `rollup`'s options, computed as the trend computes a point
    /// before its last (`metric.current`, undated, does not count). `None`
    /// when A304 is off, without `as_of`, or when that date is before the
    /// cycle's start.
    pub(crate) fn earlier_rollup(
        &self,
        policy: &Policy,
        rollup: &Rollup,
    ) -> Option<(Date, Rollup)> {
        if !policy.enabled(Code::A304) {
            return None;
        }
        let date =
            rules::alerts::earlier_date(self.doc.cycle.start, rollup.as_of?, policy.slip_days())?;
        let mut options = rollup.options.clone().with_as_of(Some(date));
        options.dated_only = true;
        Some((date, self.engine().run(&options)))
    }

    /// What changed from this snapshot (the old one) to `newer`: items
    /// added, removed and changed (field by dotted path), figures whose
    /// progress or status moved (each side under its own `as_of`),
    /// diagnostics new and resolved under `policy`, and lineage lost and
    /// gained. See the spec's "Change" and [`Diff`]. Fails only if an item
    /// cannot be written as JSON ([`Error::Output`]), which a loaded
    /// document always can.
    pub fn diff(&self, newer: &Cascade, policy: &Policy) -> Result<Diff, Error> {
        diff::diff(self, newer, policy)
    }

    /// Every KR's closing score (its `score` when set, marked as
    /// judgement; else its progress at the cycle's `end`) and each
    /// objective's KR-weighted mean of those, skipping KRs dropped by their
    /// own date. Figures at `end` under the policy's pace margins. See the
    /// spec's "Close and carry".
    pub fn scorecard(&self, policy: &Policy) -> Scorecard {
        close::scorecard(self, policy)
    }

    /// The draft of the next cycle's document (`cycle` from `start` to
    /// `end`): the same units and themes; every objective and KR neither
    /// done nor dropped at the old `end`, keeping ids, with `carried_from`
    /// the old id and `created` the new start; increase/decrease KRs with a
    /// value of their own re-baselined to it; no `current`, check-ins,
    /// contributions, mandates or work items; references to items left
    /// behind removed. It has no errors whenever this document has none.
    /// Fails ([`Error::Input`]) when `end` is before `start`, the id is
    /// blank, or it is already the id of an item the draft keeps.
    pub fn carry(&self, cycle: &str, start: Date, end: Date) -> Result<Document, Error> {
        close::carry(self, cycle, start, end)
    }

    /// The dependency graph between units: who needs whom (declared,
    /// works-for, shares-work, co-owns) and the items that say so. See
    /// the spec's "Dependencies and conflicts". A KR co-owned by more
    /// units than the policy's `max_co_owners` is listed once in
    /// `shared` instead of as co-owns edges between every pair.
    pub fn dependencies(&self, policy: &Policy) -> Dependencies {
        dependencies::dependencies(&self.doc, &self.ix, policy.max_co_owners())
    }

    /// The document as `unit` may see it: restricted items it may not see
    /// become stubs. See the spec's "Views".
    pub fn view_for(&self, unit: &str) -> Result<Document, Error> {
        view::view_for(&self.doc, &self.ix, unit)
    }

    pub(crate) fn key_result_index(&self, id: &str) -> Result<KrIx, Error> {
        match self.lookup(id) {
            Some(ItemRef::KeyResult(k)) => Ok(k),
            _ => Err(Error::UnknownId {
                id: id.to_string(),
                expected: "no key result has this id".into(),
            }),
        }
    }

    /// Starts a live model: this cascade, its rollup with `options`, and
    /// incremental updates. See [`LiveRollup`].
    pub fn live(self, options: RollupOptions) -> LiveRollup {
        LiveRollup::new(self, options)
    }

    /// Starts a live model under a policy (margins, alert thresholds,
    /// codes switched off) at `as_of` (else the cycle's): its rollup and
    /// alerts, kept current by incremental updates. See [`LiveRollup`].
    pub fn live_with_policy(self, policy: &Policy, as_of: Option<Date>) -> LiveRollup {
        LiveRollup::with_policy(self, policy, as_of)
    }

    /// Appends a check-in to the document and the index; returns its KR.
    /// The caller ([`LiveRollup`]) updates the rollup.
    pub(crate) fn record_check_in_unrolled(&mut self, check_in: CheckIn) -> Result<KrIx, Error> {
        let k = self.key_result_index(&check_in.key_result)?;
        if !check_in.value.is_finite() {
            return Err(Error::Input(format!(
                "check-in value {} is not a finite number",
                check_in.value
            )));
        }
        if let Some(c) = check_in.confidence.filter(|c| !c.is_finite()) {
            return Err(Error::Input(format!(
                "check-in confidence {c} is not a finite number"
            )));
        }
        // The index first: it refuses, changing nothing, when full.
        if self.ix.add_check_in(k).is_none() {
            return Err(Error::Input(
                "the document holds as many check-ins as can be indexed".into(),
            ));
        }
        self.plan.push_check_in(check_in.date, check_in.value);
        self.doc.check_ins.push(check_in);
        Ok(k)
    }

    /// Sets a KR's `metric.current` in the document; returns the KR. The
    /// caller ([`LiveRollup`]) updates the rollup.
    pub(crate) fn set_current_unrolled(
        &mut self,
        key_result: &str,
        value: Option<f64>,
    ) -> Result<KrIx, Error> {
        let k = self.key_result_index(key_result)?;
        if value.is_some_and(|v| !v.is_finite()) {
            return Err(Error::Input("the value is not a finite number".into()));
        }
        let metric = self
            .doc
            .key_results
            .get_mut(k.index())
            .and_then(|kr| kr.metric.as_mut());
        if !metric.is_some_and(|m| m.set_current(value)) {
            return Err(Error::Input(format!(
                "key result `{key_result}` has no numeric metric to set"
            )));
        }
        self.plan.refresh_sweep(&self.doc, k);
        Ok(k)
    }

    /// Sets (or with `None` clears) the `dropped` date of an objective or
    /// KR in the document and the rollup plan; returns the nodes whose own
    /// figures change (the KR; or the objective and its KRs). The caller
    /// ([`LiveRollup`]) updates the rollup.
    pub(crate) fn drop_unrolled(
        &mut self,
        id: &str,
        date: Option<Date>,
    ) -> Result<Vec<Node>, Error> {
        let node = match self.lookup(id) {
            Some(ItemRef::KeyResult(k)) => Node::KeyResult(k),
            Some(ItemRef::Objective(o)) => Node::Objective(o),
            Some(other) => {
                return Err(Error::UnknownId {
                    id: id.to_string(),
                    expected: format!(
                        "it names a {}; only an objective or a key result can be dropped",
                        other.kind().noun()
                    ),
                })
            }
            None => {
                return Err(Error::UnknownId {
                    id: id.to_string(),
                    expected: "no objective or key result has this id".into(),
                })
            }
        };
        let slot = match node {
            Node::KeyResult(k) => self
                .doc
                .key_results
                .get_mut(k.index())
                .filter(|kr| !kr.redacted)
                .map(|kr| &mut kr.dropped),
            Node::Objective(o) => self
                .doc
                .objectives
                .get_mut(o.index())
                .filter(|obj| !obj.redacted)
                .map(|obj| &mut obj.dropped),
        };
        let Some(slot) = slot else {
            return Err(Error::Input(format!(
                "`{id}` is hidden in this view (a redacted stub): it cannot be dropped here"
            )));
        };
        *slot = date;
        self.plan.refresh_dropped(&self.doc, &self.ix, node);
        let mut starts = vec![node];
        if let Node::Objective(o) = node {
            starts.extend(self.ix.obj_krs.get(o).iter().map(|&k| Node::KeyResult(k)));
        }
        Ok(starts)
    }

    /// Recomputes what a change to the nodes `starts` can reach in
    /// `rollup`, which must have been made from this cascade.
    pub(crate) fn update_rollup_from(
        &self,
        rollup: &mut Rollup,
        starts: &[Node],
    ) -> rollup::Changed {
        self.engine().update_from(rollup, starts)
    }

    /// Recomputes what a change to KR `k` can reach in `rollup`, which
    /// must have been made from this cascade (the [`LiveRollup`] owning
    /// both guarantees it).
    pub(crate) fn update_rollup(&self, rollup: &mut Rollup, k: KrIx) -> rollup::Changed {
        self.engine().update(rollup, k)
    }

    /// The rollup computation over this cascade.
    pub(crate) fn engine(&self) -> rollup::Engine<'_> {
        rollup::Engine {
            doc: &self.doc,
            ix: &self.ix,
            plan: &self.plan,
        }
    }

    /// The company unit, when there is exactly one.
    pub fn company(&self) -> Option<&Unit> {
        self.ix.company.map(|c| self.doc.unit(c))
    }
}

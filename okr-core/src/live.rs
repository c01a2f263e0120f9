//! The live model: a cascade together with its rollup, kept current by
//! incremental updates. Every surface (Rust, Python, JS) uses this one
//! type, so an update means the same thing everywhere and the rollup can
//! never be paired with the wrong document.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::alerts::Alerts;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::CheckIn;
use crate::error::Error;
use crate::idx::Idx;
use crate::index::{KrIx, Node, NodeMap, ObjIx};
use crate::policy::Policy;
use crate::report::RollupReport;
use crate::rollup::{
    Changed, KeyResultFigures, MeanFigures, ObjectiveFigures, Rollup, RollupOptions,
};
use crate::{earlier_of, rules, Cascade, Code};

/// A cascade and its rollup, updated incrementally, with its alerts.
///
/// Each update recomputes only the figures the changed key result can reach
/// and returns them as a [`RollupDelta`]; [`LiveRollup::rollup`] always
/// equals a full recompute of [`LiveRollup::cascade`] with the same options.
/// The alerts are kept current the same way: an update reruns the alerts of
/// the items whose figures it recomputed and of the items that depend on
/// them (A305), and the delta says which alerts appeared, cleared or
/// changed their numbers; [`LiveRollup::alerts`] always equals
/// [`Cascade::alerts`] on the updated cascade with the same policy and
/// date.
///
/// ```
/// use okr_core::{Cascade, CheckIn, Date, LiveRollup, RollupOptions};
///
/// let cascade = Cascade::from_json(r#"{
///   "okr": "1",
///   "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30", "as_of": "2026-08-15"},
///   "units": [{"id": "acme", "kind": "company"}],
///   "objectives": [{"id": "O1", "unit": "acme", "title": "Grow"}],
///   "key_results": [{"id": "KR1", "objective": "O1", "title": "Increase ARR from 12 to 20",
///                    "metric": {"kind": "increase", "start": 12, "target": 20}}]
/// }"#)?;
/// let mut live = LiveRollup::new(cascade, RollupOptions::default());
/// let delta = live.record_check_in(CheckIn {
///     key_result: "KR1".into(),
///     date: Date::parse("2026-08-01").expect("a date"),
///     value: 16.0,
///     confidence: Some(0.7),
/// })?;
/// assert_eq!(delta.key_results["KR1"].progress, Some(0.5));
/// assert_eq!(delta.objectives["O1"].progress, Some(0.5));
/// assert_eq!(live.cascade().document().check_ins.len(), 1);
/// assert!(live.alerts().alerts.is_empty());
/// # Ok::<(), okr_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct LiveRollup {
    cascade: Cascade,
    rollup: Rollup,
    /// Alert thresholds and switches.
    policy: Policy,
    /// The figures at `as_of - slip_days` (A304), updated alongside.
    earlier: Option<(Date, Rollup)>,
    /// The current alerts of each objective and KR (by subject).
    alerts: NodeMap<Vec<Diagnostic>>,
    /// For each item, the items that `depends_on` it (A305 reads its
    /// figures).
    dependents: NodeMap<Vec<Node>>,
    /// Whether any alert can fire: the rollup has an `as_of` and the
    /// policy leaves an alert code on. Else updates skip the alert pass
    /// (it would find nothing).
    alerts_on: bool,
    /// The items an update reruns the alerts of (kept to reuse its
    /// allocation).
    scratch: Vec<Node>,
    /// The ids of the items a delta named so far, shared by every later
    /// delta naming them (an update then allocates no id).
    names: Names,
}

/// Shared ids of key results, objectives, themes and units, made on first
/// use.
#[derive(Clone, Debug, Default)]
struct Names {
    key_results: Vec<Option<Arc<str>>>,
    objectives: Vec<Option<Arc<str>>>,
    themes: Vec<Option<Arc<str>>>,
    units: Vec<Option<Arc<str>>>,
}

/// Figures keyed by id, sorted by id, each id once: a JSON object `{id:
/// figures}` (a [`RollupDelta`]'s maps). A sorted vector: an update's few
/// entries in one small allocation, the ids shared with the live model.
#[derive(Clone, Debug, PartialEq)]
pub struct IdMap<T> {
    entries: Vec<(Arc<str>, T)>,
}

impl<T> Default for IdMap<T> {
    fn default() -> Self {
        IdMap {
            entries: Vec::new(),
        }
    }
}

impl<T> IdMap<T> {
    /// The figures of `id`, if the map holds it.
    pub fn get(&self, id: &str) -> Option<&T> {
        let i = self.entries.binary_search_by(|(k, _)| (**k).cmp(id)).ok()?;
        self.entries.get(i).map(|(_, v)| v)
    }

    /// Whether the map holds `id`.
    pub fn contains_key(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// How many ids it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when it holds no id.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Its entries, sorted by id.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &T)> + '_ {
        self.entries.iter().map(|(k, v)| (&**k, v))
    }

    /// Its ids, sorted.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.entries.iter().map(|(k, _)| &**k)
    }

    /// Its figures, in the order of their ids.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &T> + '_ {
        self.entries.iter().map(|(_, v)| v)
    }
}

/// Its entries by value, sorted by id.
impl<T> IntoIterator for IdMap<T> {
    type Item = (Arc<str>, T);
    type IntoIter = std::vec::IntoIter<(Arc<str>, T)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// Adds entries, as a `BTreeMap` does: an id already held takes the new
/// figures (merging the deltas of successive updates keeps the latest).
impl<T> Extend<(Arc<str>, T)> for IdMap<T> {
    fn extend<I: IntoIterator<Item = (Arc<str>, T)>>(&mut self, items: I) {
        for (k, v) in items {
            match self.entries.binary_search_by(|(e, _)| e.cmp(&k)) {
                Ok(i) => {
                    if let Some(slot) = self.entries.get_mut(i) {
                        slot.1 = v;
                    }
                }
                Err(i) => self.entries.insert(i, (k, v)),
            }
        }
    }
}

/// `map[id]`, as for a `BTreeMap`: the figures of `id`.
///
/// # Panics
///
/// When the map does not hold `id` (use [`IdMap::get`] to ask).
impl<T> std::ops::Index<&str> for IdMap<T> {
    type Output = T;

    #[expect(
        clippy::panic,
        reason = "Index's contract, as BTreeMap's: indexing with an id the map does not hold \
                  is the caller's error; IdMap::get is the fallible form"
    )]
    fn index(&self, id: &str) -> &T {
        match self.get(id) {
            Some(v) => v,
            None => panic!("no figures for `{id}` in this delta"),
        }
    }
}

impl<T: Serialize> Serialize for IdMap<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.entries.iter().map(|(k, v)| (&**k, v)))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for IdMap<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, T>::deserialize(d)?;
        Ok(IdMap {
            entries: map.into_iter().map(|(k, v)| (Arc::from(k), v)).collect(),
        })
    }
}

#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for IdMap<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, T> as schemars::JsonSchema>::schema_name()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<String, T> as schemars::JsonSchema>::json_schema(g)
    }
    fn inline_schema() -> bool {
        true
    }
}

/// How an update changed the alerts, each list sorted by code, then
/// subject: `{"appeared": [...], "cleared": [...], "updated": [...]}`,
/// each omitted when empty. An alert is identified by its code and
/// subject; `updated` holds the new form of an alert that stays but whose
/// numbers (message or `related`) changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AlertsDelta {
    /// Alerts that were not there before the update.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub appeared: Vec<Diagnostic>,
    /// Alerts that the update cleared (as they were).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cleared: Vec<Diagnostic>,
    /// Alerts still there with new numbers (as they are now).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updated: Vec<Diagnostic>,
}

impl AlertsDelta {
    /// True when no alert appeared, cleared or changed.
    pub fn is_empty(&self) -> bool {
        self.appeared.is_empty() && self.cleared.is_empty() && self.updated.is_empty()
    }
}

/// The figures one incremental update recomputed, keyed by id and sorted
/// by id (the first item of a duplicated id wins, as in
/// [`RollupReport`]): `{"key_results": {id: ...}, "objectives": ...,
/// "themes": ..., "units": ...}`. Owned, so it outlives the update and
/// crosses threads and bindings freely.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RollupDelta {
    /// Key results recomputed.
    pub key_results: IdMap<KeyResultFigures>,
    /// Objectives recomputed.
    pub objectives: IdMap<ObjectiveFigures>,
    /// Themes recomputed.
    pub themes: IdMap<MeanFigures>,
    /// Units recomputed.
    pub units: IdMap<MeanFigures>,
    /// The alerts that appeared, cleared or changed (omitted when none
    /// did).
    #[serde(default, skip_serializing_if = "AlertsDelta::is_empty")]
    pub alerts: AlertsDelta,
}

impl RollupDelta {
    /// True when the update changed nothing (it always recomputes at least
    /// the key result itself, so this is false after any update).
    pub fn is_empty(&self) -> bool {
        self.key_results.is_empty()
            && self.objectives.is_empty()
            && self.themes.is_empty()
            && self.units.is_empty()
            && self.alerts.is_empty()
    }

    /// The delta as JSON text (the shape of `okr rollup --format json`
    /// without `mandates`).
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string(self).map_err(|e| Error::Output(format!("cannot write JSON: {e}")))
    }
}

/// Copies the figures at `positions` into an id-keyed map; on a duplicated
/// id the lowest position wins (positions come ascending). `id` names the
/// item at a position; `names` keeps the shared ids made so far.
fn keyed<'a, T: Copy>(
    id: impl Fn(usize) -> Option<&'a str>,
    names: &mut Vec<Option<Arc<str>>>,
    positions: &[u32],
    figures: &[T],
) -> IdMap<T> {
    let mut entries: Vec<(Arc<str>, T)> = Vec::with_capacity(positions.len());
    for &p in positions {
        let p = p as usize;
        // INVARIANT: the positions come from an update of this rollup, made
        // from this document: every lookup succeeds.
        let (Some(text), Some(&fig)) = (id(p), figures.get(p)) else {
            continue;
        };
        if names.len() <= p {
            names.resize(p + 1, None);
        }
        let name = match names.get_mut(p) {
            Some(Some(n)) => Arc::clone(n),
            Some(slot) => Arc::clone(slot.insert(Arc::from(text))),
            None => Arc::from(text),
        };
        entries.push((name, fig));
    }
    // Stable: of equal ids the lowest position stays first, and is kept.
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.dedup_by(|later, first| later.0 == first.0);
    IdMap { entries }
}

impl LiveRollup {
    /// Takes the cascade and computes its full rollup with `options`, and
    /// its alerts under the default policy's thresholds (the statuses they
    /// read are the rollup's, so `options`' margins count).
    pub fn new(cascade: Cascade, options: RollupOptions) -> LiveRollup {
        LiveRollup::build(cascade, options, Policy::default())
    }

    /// Takes the cascade and computes its full rollup and its alerts under
    /// `policy` (margins, alert thresholds, codes switched off) at `as_of`
    /// (else the cycle's `as_of`; without a date there are no alerts).
    ///
    /// ```
    /// use okr_core::{Cascade, CheckIn, Code, Date, LiveRollup, Policy};
    ///
    /// let cascade = Cascade::from_json(r#"{
    ///   "okr": "1",
    ///   "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-08-10", "as_of": "2026-07-21"},
    ///   "units": [{"id": "acme", "kind": "company"}],
    ///   "objectives": [{"id": "O1", "unit": "acme", "title": "Grow"}],
    ///   "key_results": [{"id": "KR1", "objective": "O1", "title": "Raise active teams from 0 to 100",
    ///                    "metric": {"kind": "increase", "start": 0, "target": 100}}],
    ///   "check_ins": [{"key_result": "KR1", "date": "2026-07-11", "value": 25, "confidence": 0.7}]
    /// }"#)?;
    /// let mut live = LiveRollup::with_policy(cascade, &Policy::default(), None);
    /// let delta = live.record_check_in(CheckIn {
    ///     key_result: "KR1".into(),
    ///     date: Date::parse("2026-07-21").expect("a date"),
    ///     value: 50.0,
    ///     confidence: Some(0.4),
    /// })?;
    /// let appeared = &delta.alerts.appeared;
    /// assert_eq!((appeared[0].code, appeared[0].subject.as_str()), (Code::A303, "KR1"));
    /// assert!(appeared[0].message.contains("fell from 70% on 2026-07-11 to 40% on 2026-07-21"));
    /// assert_eq!(live.alerts(), live.cascade().alerts(&Policy::default(), None));
    /// # Ok::<(), okr_core::Error>(())
    /// ```
    pub fn with_policy(cascade: Cascade, policy: &Policy, as_of: Option<Date>) -> LiveRollup {
        let options = RollupOptions::from_policy(policy).with_as_of(as_of);
        LiveRollup::build(cascade, options, policy.clone())
    }

    fn build(cascade: Cascade, options: RollupOptions, policy: Policy) -> LiveRollup {
        let rollup = cascade.rollup(&options);
        let earlier = cascade.earlier_rollup(&policy, &rollup);
        let ix = &cascade.ix;
        let mut dependents: NodeMap<Vec<Node>> =
            NodeMap::filled(ix.objectives(), ix.key_results(), Vec::new());
        let items = ix
            .objectives()
            .map(Node::Objective)
            .chain(ix.key_results().map(Node::KeyResult));
        for item in items {
            let deps = match item {
                Node::Objective(o) => ix.obj_depends.get(o),
                Node::KeyResult(k) => ix.kr_depends.get(k),
            };
            for &d in deps {
                let list = &mut dependents[d];
                if list.last() != Some(&item) {
                    list.push(item);
                }
            }
        }
        let alerts = NodeMap::filled(ix.objectives(), ix.key_results(), Vec::new());
        let alerts_on = rollup.as_of.is_some()
            && Code::ALL
                .iter()
                .any(|&c| c.severity() == Severity::Alert && policy.enabled(c));
        let mut live = LiveRollup {
            cascade,
            rollup,
            policy,
            earlier,
            alerts,
            dependents,
            alerts_on,
            scratch: Vec::new(),
            names: Names::default(),
        };
        let all: Vec<Node> = live
            .cascade
            .ix
            .objectives()
            .map(Node::Objective)
            .chain(live.cascade.ix.key_results().map(Node::KeyResult))
            .collect();
        live.refresh_alerts(&all);
        live
    }

    /// The policy the alerts are computed under.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The current alerts, sorted by code, then subject: equal to
    /// [`Cascade::alerts`] on [`Self::cascade`] with this policy and date.
    pub fn alerts(&self) -> Alerts {
        let mut alerts: Vec<Diagnostic> = self.alerts.values().flatten().cloned().collect();
        rules::sort_alerts(&mut alerts);
        Alerts { alerts }
    }

    /// The cascade with every update applied.
    pub fn cascade(&self) -> &Cascade {
        &self.cascade
    }

    /// The current rollup: equal to a full recompute of [`Self::cascade`].
    pub fn rollup(&self) -> &Rollup {
        &self.rollup
    }

    /// The options every figure is computed with.
    pub fn options(&self) -> &RollupOptions {
        &self.rollup.options
    }

    /// Where the figures of `id` come from, read from the current rollup
    /// (see [`Cascade::explain`]).
    pub fn explain(&self, id: &str) -> Result<crate::Explanation, Error> {
        crate::explain::explain(&self.cascade.engine(), &self.rollup, id)
    }

    /// The current rollup keyed by id (the `okr rollup --format json` shape).
    pub fn report(&self) -> RollupReport<'_> {
        RollupReport::new(&self.cascade, &self.rollup)
    }

    /// Gives back the cascade and its rollup.
    pub fn into_parts(self) -> (Cascade, Rollup) {
        (self.cascade, self.rollup)
    }

    /// Records a check-in and returns the figures that changed. Fails, and
    /// changes nothing, for an unknown key result or a non-finite value or
    /// confidence.
    pub fn record_check_in(&mut self, check_in: CheckIn) -> Result<RollupDelta, Error> {
        let date = check_in.date;
        let k = self.cascade.record_check_in_unrolled(check_in)?;
        // The earlier figures (A304) see check-ins up to their own date
        // only.
        let earlier = self.earlier.as_ref().is_some_and(|(d, _)| date <= *d);
        Ok(self.update(k, earlier))
    }

    /// Records many check-ins at once (a CSV, a data frame) and returns
    /// one delta: every figure any of them reaches, as it is after the
    /// last, and the alerts that appeared, cleared or changed between
    /// before the first and after the last. The figures and the alerts
    /// afterwards equal recording them one by one with
    /// [`LiveRollup::record_check_in`], in order (each figure in the delta
    /// is the one the last single update reaching it returned). Fails,
    /// and changes nothing, when any check-in names no key result or holds
    /// a value or confidence that is not finite (the error names the first
    /// by its position, from 0).
    pub fn record_check_ins(&mut self, check_ins: Vec<CheckIn>) -> Result<RollupDelta, Error> {
        for (i, c) in check_ins.iter().enumerate() {
            let at = |e: String| {
                Error::Input(format!(
                    "check-in {i} (`{}` on {}): {e}",
                    c.key_result, c.date
                ))
            };
            self.cascade
                .key_result_index(&c.key_result)
                .map_err(|e| match e {
                    Error::UnknownId { id, expected } => Error::UnknownId {
                        id,
                        expected: format!("check-in {i}: {expected}"),
                    },
                    other => other,
                })?;
            if !c.value.is_finite() {
                return Err(at(format!("the value {} is not a finite number", c.value)));
            }
            if let Some(v) = c.confidence.filter(|v| !v.is_finite()) {
                return Err(at(format!("the confidence {v} is not a finite number")));
            }
        }
        let earlier_date = self.earlier.as_ref().map(|(d, _)| *d);
        let mut starts: Vec<Node> = Vec::with_capacity(check_ins.len());
        let mut earlier_starts: Vec<Node> = Vec::new();
        let mut failed = None;
        for c in check_ins {
            let date = c.date;
            match self.cascade.record_check_in_unrolled(c) {
                Ok(k) => {
                    starts.push(Node::KeyResult(k));
                    if earlier_date.is_some_and(|d| date <= d) {
                        earlier_starts.push(Node::KeyResult(k));
                    }
                }
                // Only a full index fails here (checked above otherwise):
                // keep the rollup true to what was recorded, then report.
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        starts.sort_unstable();
        starts.dedup();
        earlier_starts.sort_unstable();
        earlier_starts.dedup();
        let changed = self.cascade.update_rollup_from(&mut self.rollup, &starts);
        let cascade = &self.cascade;
        let earlier = match (earlier_starts.is_empty(), self.earlier.as_mut()) {
            (false, Some((_, e))) => Some(cascade.update_rollup_from(e, &earlier_starts)),
            _ => None,
        };
        let delta = self.finish(&changed, earlier.as_ref());
        match failed {
            Some(e) => Err(e),
            None => Ok(delta),
        }
    }

    /// Sets a key result's `metric.current` (`None` clears it) and returns
    /// the figures that changed. A check-in dated on or before `as_of` still
    /// wins over `metric.current`. Fails, and changes nothing, for an
    /// unknown key result, a milestone (it has no value) or a non-finite
    /// value.
    pub fn set_current(
        &mut self,
        key_result: &str,
        value: Option<f64>,
    ) -> Result<RollupDelta, Error> {
        let k = self.cascade.set_current_unrolled(key_result, value)?;
        // The earlier figures (A304) are computed as the trend's earlier
        // points, which never read `metric.current`: they cannot change.
        Ok(self.update(k, false))
    }

    /// Reruns the alerts of `items` and says how they changed. An item
    /// whose alerts are as they were costs a comparison in place (nothing
    /// is cloned or moved).
    fn refresh_alerts(&mut self, items: &[Node]) -> AlertsDelta {
        let mut delta = AlertsDelta::default();
        if !self.alerts_on {
            return delta;
        }
        let LiveRollup {
            cascade,
            rollup,
            policy,
            earlier,
            alerts,
            ..
        } = self;
        let engine = cascade.engine();
        let earlier = earlier_of(earlier);
        rules::each_item_alerts(&engine, policy, rollup, earlier, items, |n, new| {
            let old = &mut alerts[n];
            if *old == *new {
                return;
            }
            // One alert per code and subject: match the lists by code.
            for a in new.iter() {
                match old.iter().find(|o| o.code == a.code) {
                    None => delta.appeared.push(a.clone()),
                    Some(o) if o != a => delta.updated.push(a.clone()),
                    Some(_) => {}
                }
            }
            // Keep the new list; `new` now holds the old one.
            std::mem::swap(old, new);
            for o in new.drain(..) {
                if !old.iter().any(|a| a.code == o.code) {
                    delta.cleared.push(o);
                }
            }
        });
        rules::sort_alerts(&mut delta.appeared);
        rules::sort_alerts(&mut delta.cleared);
        rules::sort_alerts(&mut delta.updated);
        delta
    }

    /// Takes an objective or key result off the board on `date` (its
    /// `dropped` field), or with `None` puts it back, and returns the
    /// figures that changed: its own status (and, for an objective, its
    /// KRs'), and every mean that now skips it or counts it again. Equal to
    /// a full recompute. The date is not checked against the cycle here:
    /// `validate` reports one outside it (E009). Fails, and changes
    /// nothing, for an unknown id, an item of another kind, or a redacted
    /// stub.
    ///
    /// ```
    /// use okr_core::{Cascade, Date, LiveRollup, RollupOptions, Status};
    ///
    /// let cascade = Cascade::from_json(r#"{
    ///   "okr": "1",
    ///   "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30", "as_of": "2026-08-15"},
    ///   "units": [{"id": "acme", "kind": "company"}],
    ///   "objectives": [{"id": "O1", "unit": "acme", "title": "Grow"}],
    ///   "key_results": [
    ///     {"id": "KR1", "objective": "O1", "title": "ARR", "metric": {"kind": "milestone", "done": true}},
    ///     {"id": "KR2", "objective": "O1", "title": "NPS", "metric": {"kind": "milestone"}}]
    /// }"#)?;
    /// let mut live = LiveRollup::new(cascade, RollupOptions::default());
    /// let delta = live.drop_item("KR2", Some(Date::parse("2026-08-01").expect("a date")))?;
    /// assert_eq!(delta.key_results["KR2"].status, Some(Status::Dropped));
    /// assert_eq!(delta.objectives["O1"].progress, Some(1.0));
    /// # Ok::<(), okr_core::Error>(())
    /// ```
    pub fn drop_item(&mut self, id: &str, date: Option<Date>) -> Result<RollupDelta, Error> {
        let starts = self.cascade.drop_unrolled(id, date)?;
        let changed = self.cascade.update_rollup_from(&mut self.rollup, &starts);
        let cascade = &self.cascade;
        let earlier = self
            .earlier
            .as_mut()
            .map(|(_, e)| cascade.update_rollup_from(e, &starts));
        Ok(self.finish(&changed, earlier.as_ref()))
    }

    /// Updates the rollup after a change to KR `k` (and the earlier
    /// rollup when the change can reach it).
    fn update(&mut self, k: KrIx, earlier_too: bool) -> RollupDelta {
        let changed: Changed = self.cascade.update_rollup(&mut self.rollup, k);
        let cascade = &self.cascade;
        let earlier = match (earlier_too, self.earlier.as_mut()) {
            (true, Some((_, e))) => Some(cascade.update_rollup(e, k)),
            _ => None,
        };
        self.finish(&changed, earlier.as_ref())
    }

    /// The delta of an update: the figures that changed, and the alerts
    /// of what either rollup recomputed and of their dependants.
    fn finish(&mut self, changed: &Changed, earlier: Option<&Changed>) -> RollupDelta {
        let alerts = if self.alerts_on {
            self.changed_alerts(changed, earlier)
        } else {
            AlertsDelta::default()
        };
        let d = self.cascade.document();
        let r = &self.rollup;
        let names = &mut self.names;
        RollupDelta {
            key_results: keyed(
                |p| d.key_results.get(p).map(|x| x.id.as_str()),
                &mut names.key_results,
                &changed.key_results,
                &r.key_results,
            ),
            objectives: keyed(
                |p| d.objectives.get(p).map(|x| x.id.as_str()),
                &mut names.objectives,
                &changed.objectives,
                &r.objectives,
            ),
            themes: keyed(
                |p| d.themes.get(p).map(|x| x.id.as_str()),
                &mut names.themes,
                &changed.themes,
                &r.themes,
            ),
            units: keyed(
                |p| d.units.get(p).map(|x| x.id.as_str()),
                &mut names.units,
                &changed.units,
                &r.units,
            ),
            alerts,
        }
    }

    /// Reruns the alerts of what either rollup recomputed and of their
    /// dependants, and says how they changed.
    fn changed_alerts(&mut self, changed: &Changed, earlier: Option<&Changed>) -> AlertsDelta {
        let mut items = std::mem::take(&mut self.scratch);
        items.clear();
        let mut touched = |c: &Changed| {
            items.extend(
                c.key_results
                    .iter()
                    .map(|&i| Node::KeyResult(KrIx::from_raw(i))),
            );
            items.extend(
                c.objectives
                    .iter()
                    .map(|&i| Node::Objective(ObjIx::from_raw(i))),
            );
        };
        touched(changed);
        if let Some(e) = earlier {
            touched(e);
        }
        // A305 reads the figures of what an item depends on.
        let touched_len = items.len();
        for i in 0..touched_len {
            if let Some(&n) = items.get(i) {
                items.extend_from_slice(&self.dependents[n]);
            }
        }
        items.sort_unstable();
        items.dedup();
        let alerts = self.refresh_alerts(&items);
        self.scratch = items;
        alerts
    }
}

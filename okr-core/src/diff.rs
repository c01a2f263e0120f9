//! Change between two snapshots of a cascade (spec: "Change: between
//! snapshots, and across cycles"): items added, removed and changed (field
//! by dotted path), figures whose progress or status moved, diagnostics new
//! and resolved, lineage lost and gained.
//!
//! Items are matched by id and kind through each cascade's id table (the
//! hash map the index built when loading), so matching costs one lookup per
//! item. A changed item is found by comparing the typed items (`==`); only
//! an item that differs is turned into JSON values to name its changed
//! fields, so a diff of two 10,000-team snapshots is linear and dominated
//! by the two validations and rollups it needs for figures and diagnostics.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Report};
use crate::document::{CheckIn, Document};
use crate::error::Error;
use crate::index::{Index, ItemRef, Items as _, KrIx};
use crate::lineage::TracesAll;
use crate::policy::Policy;
use crate::rollup::{Rollup, RollupOptions, Status};
use crate::rules::Code;
use crate::Cascade;

/// The kinds of item a diff matches, in the order its lists are sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    /// The cycle (its id).
    Cycle,
    /// A unit.
    Unit,
    /// A theme.
    Theme,
    /// An objective.
    Objective,
    /// A key result (its check-ins are its field `check_ins`).
    KeyResult,
    /// A contribution statement.
    Contribution,
    /// A mandate.
    Mandate,
    /// An initiative.
    Initiative,
    /// A sprint goal.
    SprintGoal,
}

impl DiffKind {
    /// The kind as written in output (`"key_result"`).
    pub fn as_str(self) -> &'static str {
        match self {
            DiffKind::Cycle => "cycle",
            DiffKind::Unit => "unit",
            DiffKind::Theme => "theme",
            DiffKind::Objective => "objective",
            DiffKind::KeyResult => "key_result",
            DiffKind::Contribution => "contribution",
            DiffKind::Mandate => "mandate",
            DiffKind::Initiative => "initiative",
            DiffKind::SprintGoal => "sprint_goal",
        }
    }

    fn of(item: ItemRef) -> Option<DiffKind> {
        Some(match item {
            ItemRef::Cycle => DiffKind::Cycle,
            ItemRef::Unit(_) => DiffKind::Unit,
            ItemRef::Theme(_) => DiffKind::Theme,
            ItemRef::Objective(_) => DiffKind::Objective,
            ItemRef::KeyResult(_) => DiffKind::KeyResult,
            ItemRef::Contribution(_) => DiffKind::Contribution,
            ItemRef::Mandate(_) => DiffKind::Mandate,
            ItemRef::Initiative(_) => DiffKind::Initiative,
            ItemRef::SprintGoal(_) => DiffKind::SprintGoal,
            ItemRef::CheckIn(_) => return None,
        })
    }
}

/// An item by id and kind: `{"id", "kind"}`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct DiffItem {
    /// The item's id.
    pub id: String,
    /// Its kind.
    pub kind: DiffKind,
}

/// One changed field: `{"field", "old", "new"}`; an absent field is null.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct FieldChange {
    /// Dotted path (`metric.target`); arrays (`links`, `check_ins`) compare
    /// whole.
    pub field: String,
    /// The value in the old snapshot (null when absent).
    #[cfg_attr(feature = "tsify", tsify(type = "unknown"))]
    pub old: Value,
    /// The value in the new snapshot (null when absent).
    #[cfg_attr(feature = "tsify", tsify(type = "unknown"))]
    pub new: Value,
}

/// An item in both snapshots whose fields differ.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct ChangedItem {
    /// The item's id.
    pub id: String,
    /// Its kind.
    pub kind: DiffKind,
    /// The fields that differ, sorted by path.
    pub fields: Vec<FieldChange>,
}

/// An item in both snapshots whose progress moved by more than 1e-9 or
/// whose status changed, each side under its own `as_of`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct FigureChange {
    /// The item's id.
    pub id: String,
    /// KR, objective, theme or unit.
    pub kind: DiffKind,
    /// `[old, new]` progress.
    #[serde(serialize_with = "as_list")]
    #[cfg_attr(feature = "tsify", tsify(type = "[number | null, number | null]"))]
    pub progress: (Option<f64>, Option<f64>),
    /// `[old, new]` status (themes and units: null).
    #[serde(serialize_with = "as_list")]
    #[cfg_attr(feature = "tsify", tsify(type = "[Status | null, Status | null]"))]
    pub status: (Option<Status>, Option<Status>),
}

/// An `(old, new)` pair written as a list (`[old, new]`), so that every
/// serialiser (JSON, Python's) gives the same shape.
fn as_list<S: serde::Serializer, T: Serialize>(pair: &(T, T), s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq([&pair.0, &pair.1])
}

/// Diagnostics that appeared or went away, matched by code and subject.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct DiagnosticChanges {
    /// In the new snapshot, with a code and subject the old one lacks
    /// (output order).
    pub new: Vec<Diagnostic>,
    /// In the old snapshot, with a code and subject the new one lacks.
    pub resolved: Vec<Diagnostic>,
}

/// Items in both snapshots whose `traces` changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct LineageChanges {
    /// Traced to a company priority before, no longer.
    pub lost: Vec<DiffItem>,
    /// Did not trace before, does now.
    pub gained: Vec<DiffItem>,
}

/// What changed from one snapshot to another. Every list is sorted by
/// kind (cycle, unit, theme, objective, key_result, contribution,
/// mandate, initiative, sprint_goal), then id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Diff {
    /// Items only in the new snapshot.
    pub added: Vec<DiffItem>,
    /// Items only in the old snapshot.
    pub removed: Vec<DiffItem>,
    /// Items in both whose fields differ.
    pub changed: Vec<ChangedItem>,
    /// KRs, objectives, themes and units whose figures moved.
    pub figures: Vec<FigureChange>,
    /// Diagnostics new and resolved.
    pub diagnostics: DiagnosticChanges,
    /// Items whose lineage was lost or gained.
    pub lineage: LineageChanges,
}

impl Diff {
    /// True when nothing changed at all.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.figures.is_empty()
            && self.diagnostics.new.is_empty()
            && self.diagnostics.resolved.is_empty()
            && self.lineage.lost.is_empty()
            && self.lineage.gained.is_empty()
    }
}

/// One side of the diff: the cascade and what is computed on it.
struct Side<'a> {
    doc: &'a Document,
    ix: &'a Index,
    cascade: &'a Cascade,
}

impl<'a> Side<'a> {
    fn new(cascade: &'a Cascade) -> Side<'a> {
        Side {
            doc: &cascade.doc,
            ix: &cascade.ix,
            cascade,
        }
    }

    /// The item `id` of this kind, when this snapshot has one (the first
    /// occurrence of a duplicated id).
    fn find(&self, id: &str, kind: DiffKind) -> Option<ItemRef> {
        self.cascade
            .lookup(id)
            .filter(|&r| DiffKind::of(r) == Some(kind))
    }

    /// Every item of the document with its kind, the first occurrence of
    /// each id only (a duplicate is E001 and is compared once).
    fn items(&self) -> Vec<(DiffKind, &'a str, ItemRef)> {
        let (doc, ix) = (self.doc, self.ix);
        // Without duplicated ids every item is its id's first occurrence:
        // no lookup is needed to say so.
        let unique = ix.duplicates.is_empty();
        let mut out = Vec::with_capacity(
            1 + doc.units.len()
                + doc.themes.len()
                + doc.objectives.len()
                + doc.key_results.len()
                + doc.contributions.len()
                + doc.mandates.len()
                + doc.initiatives.len()
                + doc.sprint_goals.len(),
        );
        let mut push = |kind: DiffKind, id: &'a str, r: ItemRef| {
            if unique || self.find(id, kind) == Some(r) {
                out.push((kind, id, r));
            }
        };
        push(DiffKind::Cycle, &doc.cycle.id, ItemRef::Cycle);
        for (x, i) in doc.units.iter().zip(ix.units()) {
            push(DiffKind::Unit, &x.id, ItemRef::Unit(i));
        }
        for (x, i) in doc.themes.iter().zip(ix.themes()) {
            push(DiffKind::Theme, &x.id, ItemRef::Theme(i));
        }
        for (x, i) in doc.objectives.iter().zip(ix.objectives()) {
            push(DiffKind::Objective, &x.id, ItemRef::Objective(i));
        }
        for (x, i) in doc.key_results.iter().zip(ix.key_results()) {
            push(DiffKind::KeyResult, &x.id, ItemRef::KeyResult(i));
        }
        for (x, i) in doc.contributions.iter().zip(ix.contributions()) {
            push(DiffKind::Contribution, &x.id, ItemRef::Contribution(i));
        }
        for (x, i) in doc.mandates.iter().zip(ix.mandates()) {
            push(DiffKind::Mandate, &x.id, ItemRef::Mandate(i));
        }
        for (x, i) in doc.initiatives.iter().zip(ix.initiatives()) {
            push(DiffKind::Initiative, &x.id, ItemRef::Initiative(i));
        }
        for (x, i) in doc.sprint_goals.iter().zip(ix.sprint_goals()) {
            push(DiffKind::SprintGoal, &x.id, ItemRef::SprintGoal(i));
        }
        out
    }

    /// A KR's check-ins in (date, document position) order.
    fn check_ins(&self, k: KrIx) -> Vec<&'a CheckIn> {
        self.ix
            .check_ins_of(self.doc, k)
            .iter()
            .map(|&c| self.doc.check_in(c))
            .collect()
    }
}

/// Whether two items differ (typed comparison), and if so their JSON.
fn item_values(
    old: &Side<'_>,
    a: ItemRef,
    new: &Side<'_>,
    b: ItemRef,
) -> Result<Option<(Value, Value)>, Error> {
    fn pair<T: PartialEq + Serialize>(x: &T, y: &T) -> Result<Option<(Value, Value)>, Error> {
        if x == y {
            return Ok(None);
        }
        // A loaded document holds only finite numbers, so both convert.
        let value = |v: &T| serde_json::to_value(v).map_err(|e| Error::Output(e.to_string()));
        Ok(Some((value(x)?, value(y)?)))
    }
    let (d0, d1) = (old.doc, new.doc);
    match (a, b) {
        (ItemRef::Cycle, ItemRef::Cycle) => pair(&d0.cycle, &d1.cycle),
        (ItemRef::Unit(x), ItemRef::Unit(y)) => pair(d0.unit(x), d1.unit(y)),
        (ItemRef::Theme(x), ItemRef::Theme(y)) => pair(d0.theme(x), d1.theme(y)),
        (ItemRef::Objective(x), ItemRef::Objective(y)) => pair(d0.objective(x), d1.objective(y)),
        (ItemRef::KeyResult(x), ItemRef::KeyResult(y)) => pair(d0.key_result(x), d1.key_result(y)),
        (ItemRef::Contribution(x), ItemRef::Contribution(y)) => {
            pair(d0.contribution(x), d1.contribution(y))
        }
        (ItemRef::Mandate(x), ItemRef::Mandate(y)) => pair(d0.mandate(x), d1.mandate(y)),
        (ItemRef::Initiative(x), ItemRef::Initiative(y)) => {
            pair(d0.initiative(x), d1.initiative(y))
        }
        (ItemRef::SprintGoal(x), ItemRef::SprintGoal(y)) => {
            pair(d0.sprint_goal(x), d1.sprint_goal(y))
        }
        _ => Ok(None),
    }
}

/// Leaves of a JSON value by dotted path: objects recurse, everything else
/// (arrays included) is a leaf.
fn flatten(prefix: &str, v: Value, out: &mut BTreeMap<String, Value>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let path = if prefix.is_empty() {
                    k
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&path, v, out);
            }
        }
        other => {
            out.insert(prefix.to_string(), other);
        }
    }
}

/// The changed fields of two JSON items, sorted by path.
fn field_changes(old: Value, new: Value) -> Vec<FieldChange> {
    let mut a = BTreeMap::new();
    let mut b = BTreeMap::new();
    flatten("", old, &mut a);
    flatten("", new, &mut b);
    let mut out = Vec::new();
    for (field, old) in &a {
        let new = b.get(field).cloned().unwrap_or(Value::Null);
        if *old != new {
            out.push(FieldChange {
                field: field.clone(),
                old: old.clone(),
                new,
            });
        }
    }
    for (field, new) in b {
        if !a.contains_key(&field) && new != Value::Null {
            out.push(FieldChange {
                field,
                old: Value::Null,
                new,
            });
        }
    }
    out.sort_by(|x, y| x.field.cmp(&y.field));
    out
}

/// A KR's check-ins as the diff writes them: `[{date, value, confidence?}]`.
fn check_ins_value(list: &[&CheckIn]) -> Value {
    Value::Array(
        list.iter()
            .map(|c| {
                let mut m = serde_json::Map::new();
                m.insert("date".into(), Value::String(c.date.to_string()));
                m.insert(
                    "value".into(),
                    serde_json::Number::from_f64(c.value).map_or(Value::Null, Value::Number),
                );
                if let Some(conf) = c.confidence {
                    m.insert(
                        "confidence".into(),
                        serde_json::Number::from_f64(conf).map_or(Value::Null, Value::Number),
                    );
                }
                Value::Object(m)
            })
            .collect(),
    )
}

fn same_check_in(a: &CheckIn, b: &CheckIn) -> bool {
    a.date == b.date
        && a.value.to_bits() == b.value.to_bits()
        && a.confidence.map(f64::to_bits) == b.confidence.map(f64::to_bits)
}

/// `(progress, status)` of an item with figures.
fn figures_of(r: &Rollup, item: ItemRef) -> Option<(Option<f64>, Option<Status>)> {
    match item {
        ItemRef::KeyResult(k) => {
            let f = r.kr(k);
            Some((f.progress, f.status))
        }
        ItemRef::Objective(o) => {
            let f = r.objective(o);
            Some((f.progress, f.status))
        }
        ItemRef::Theme(t) => Some((r.theme(t).progress, None)),
        ItemRef::Unit(u) => Some((r.unit(u).progress, None)),
        _ => None,
    }
}

fn moved(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() > 1e-9,
        (None, None) => false,
        _ => true,
    }
}

/// A snapshot's rollup (the policy's margins, its own `as_of`) and its
/// validation report, which reuses that rollup.
fn figures_and_findings(c: &Cascade, policy: &Policy) -> (Rollup, Report) {
    let rollup = c.rollup(&RollupOptions::from_policy(policy));
    let report = crate::rules::validate(&c.doc, &c.ix, policy, &rollup);
    (rollup, report)
}

/// What changed from `old` to `new` (see [`Diff`]); diagnostics under
/// `policy`, figures under each snapshot's own `as_of` and the policy's
/// pace margins.
pub(crate) fn diff(old: &Cascade, new: &Cascade, policy: &Policy) -> Result<Diff, Error> {
    let (o, n) = (Side::new(old), Side::new(new));
    let ((r0, v0), (r1, v1)) = crate::par::both(
        || figures_and_findings(old, policy),
        || figures_and_findings(new, policy),
    );
    let (t0, t1) = (TracesAll::new(o.doc, o.ix), TracesAll::new(n.doc, n.ix));
    let mut out = Diff::default();

    let old_items = o.items();
    let new_items = n.items();
    for &(kind, id, _) in &old_items {
        if n.find(id, kind).is_none() {
            out.removed.push(DiffItem {
                id: id.to_string(),
                kind,
            });
        }
    }
    for &(kind, id, b) in &new_items {
        let Some(a) = o.find(id, kind) else {
            out.added.push(DiffItem {
                id: id.to_string(),
                kind,
            });
            continue;
        };
        let mut fields = match item_values(&o, a, &n, b)? {
            Some((x, y)) => field_changes(x, y),
            None => Vec::new(),
        };
        if let (ItemRef::KeyResult(ka), ItemRef::KeyResult(kb)) = (a, b) {
            let (ca, cb) = (o.check_ins(ka), n.check_ins(kb));
            let same = ca.len() == cb.len() && ca.iter().zip(&cb).all(|(x, y)| same_check_in(x, y));
            if !same {
                fields.push(FieldChange {
                    field: "check_ins".into(),
                    old: check_ins_value(&ca),
                    new: check_ins_value(&cb),
                });
                fields.sort_by(|x, y| x.field.cmp(&y.field));
            }
        }
        if !fields.is_empty() {
            out.changed.push(ChangedItem {
                id: id.to_string(),
                kind,
                fields,
            });
        }
        if let (Some((p0, s0)), Some((p1, s1))) = (figures_of(&r0, a), figures_of(&r1, b)) {
            if moved(p0, p1) || s0 != s1 {
                out.figures.push(FigureChange {
                    id: id.to_string(),
                    kind,
                    progress: (p0, p1),
                    status: (s0, s1),
                });
            }
        }
        if kind != DiffKind::Cycle {
            match (t0.traces(a), t1.traces(b)) {
                (true, false) => out.lineage.lost.push(DiffItem {
                    id: id.to_string(),
                    kind,
                }),
                (false, true) => out.lineage.gained.push(DiffItem {
                    id: id.to_string(),
                    kind,
                }),
                _ => {}
            }
        }
    }

    let keys = |ds: &[Diagnostic]| -> HashSet<(Code, String)> {
        ds.iter().map(|d| (d.code, d.subject.clone())).collect()
    };
    let (k0, k1) = (keys(&v0.diagnostics), keys(&v1.diagnostics));
    out.diagnostics.new = v1
        .diagnostics
        .into_iter()
        .filter(|d| !k0.contains(&(d.code, d.subject.clone())))
        .collect();
    out.diagnostics.resolved = v0
        .diagnostics
        .into_iter()
        .filter(|d| !k1.contains(&(d.code, d.subject.clone())))
        .collect();

    let by_kind_id = |a: &DiffItem, b: &DiffItem| (a.kind, &a.id).cmp(&(b.kind, &b.id));
    out.added.sort_by(by_kind_id);
    out.removed.sort_by(by_kind_id);
    out.lineage.lost.sort_by(by_kind_id);
    out.lineage.gained.sort_by(by_kind_id);
    out.changed
        .sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
    out.figures
        .sort_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));
    Ok(out)
}

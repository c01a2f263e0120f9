//! Closing a cycle (spec: "Close and carry"): the scorecard of closing
//! scores, and the draft of the next cycle's document.
//!
//! Both judge the old cycle at its `end`: the rollup with `as_of = end`.
//! The scorecard takes a KR's `score` when set (judgement) and its
//! progress at `end` otherwise; an objective's score is the KR-weighted
//! mean of its KRs' scores, skipping KRs dropped by their own date.
//! The draft keeps the units and themes and every objective and KR that
//! is neither done nor dropped at `end`, re-baselined, with every
//! reference to an item left behind removed, so that it has no errors
//! whenever the old document had none.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::document::{Cycle, Document, KeyResult, LinkKind, Metric, Objective, Source};
use crate::error::Error;
use crate::index::{ItemRef, Items as _, KrIx, ObjIx};
use crate::numeric::Mean;
use crate::policy::Policy;
use crate::rollup::{dropped_as_of, kr_dropped, Rollup, RollupOptions, Status};
use crate::Cascade;

/// A KR's closing score.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct KeyResultScore {
    /// The closing score: `score` when set, else the progress at `end`
    /// (null for a hidden KR in a view).
    #[serde(serialize_with = "crate::document::finite::option")]
    pub score: Option<f64>,
    /// True when the score was set by judgement (the KR's `score` field).
    pub judgement: bool,
    /// The progress at the cycle's `end` (the rollup with `as_of = end`).
    #[serde(serialize_with = "crate::document::finite::option")]
    pub progress: Option<f64>,
    /// The status at `end` (`dropped` for a KR dropped by then).
    pub status: Option<Status>,
}

/// An objective's closing score.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ObjectiveScore {
    /// KR-weighted mean of its KRs' closing scores, skipping KRs dropped by
    /// their own date (and KRs without a score); null when none remain.
    #[serde(serialize_with = "crate::document::finite::option")]
    pub score: Option<f64>,
    /// True when some KR counted was scored by judgement.
    pub judgement: bool,
    /// The status at `end` (`dropped` for an objective dropped by then).
    pub status: Option<Status>,
}

/// Closing scores: `{"key_results": {id: {...}}, "objectives": {id:
/// {...}}}`, keyed and sorted by id (the first of a duplicated id).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Scorecard {
    /// Every KR's closing score.
    #[cfg_attr(feature = "tsify", tsify(type = "Record<string, KeyResultScore>"))]
    pub key_results: BTreeMap<String, KeyResultScore>,
    /// Every objective's closing score.
    #[cfg_attr(feature = "tsify", tsify(type = "Record<string, ObjectiveScore>"))]
    pub objectives: BTreeMap<String, ObjectiveScore>,
}

/// The rollup at the cycle's `end`.
fn at_end(c: &Cascade, policy: &Policy) -> Rollup {
    c.rollup(&RollupOptions::from_policy(policy).with_as_of(Some(c.doc.cycle.end)))
}

/// The scorecard of `c` under `policy`'s pace margins.
pub(crate) fn scorecard(c: &Cascade, policy: &Policy) -> Scorecard {
    let (doc, ix) = (&c.doc, &c.ix);
    let end = Some(doc.cycle.end);
    let r = at_end(c, policy);
    let kr_score = |k: KrIx| -> KeyResultScore {
        let kr = doc.key_result(k);
        let f = r.kr(k);
        KeyResultScore {
            score: kr.score.or(f.progress),
            judgement: kr.score.is_some(),
            progress: f.progress,
            status: f.status,
        }
    };
    let mut out = Scorecard::default();
    for (k, kr) in ix.key_results().zip(&doc.key_results) {
        if c.lookup(&kr.id) == Some(ItemRef::KeyResult(k)) {
            out.key_results.insert(kr.id.clone(), kr_score(k));
        }
    }
    for (o, obj) in ix.objectives().zip(&doc.objectives) {
        if c.lookup(&obj.id) != Some(ItemRef::Objective(o)) {
            continue;
        }
        let mut mean = Mean::default();
        let mut judgement = false;
        for &k in ix.obj_krs.get(o) {
            let kr = doc.key_result(k);
            if dropped_as_of(kr.dropped, end) {
                continue;
            }
            let s = kr_score(k);
            if s.score.is_some() {
                judgement |= s.judgement;
            }
            mean.add(s.score, kr.weight(), false);
        }
        out.objectives.insert(
            obj.id.clone(),
            ObjectiveScore {
                score: mean.value(),
                judgement,
                status: r.objective(o).status,
            },
        );
    }
    out
}

/// Whether an objective is carried: neither done nor dropped at `end`.
fn objective_carried(c: &Cascade, r: &Rollup, o: ObjIx) -> bool {
    let status = r.objective(o).status;
    !matches!(status, Some(Status::Done | Status::Dropped))
        && !dropped_as_of(c.doc.objective(o).dropped, Some(c.doc.cycle.end))
}

/// The draft of the next cycle. See the module comment and the spec.
pub(crate) fn carry(c: &Cascade, cycle: &str, start: Date, end: Date) -> Result<Document, Error> {
    let (doc, ix) = (&c.doc, &c.ix);
    if cycle.trim().is_empty() {
        return Err(Error::Input("the new cycle needs an id".into()));
    }
    if end < start {
        return Err(Error::Input(format!(
            "the new cycle ends ({end}) before it starts ({start})"
        )));
    }
    let old_end = Some(doc.cycle.end);
    let r = at_end(c, &Policy::default());
    let engine = c.engine();

    let objectives: Vec<ObjIx> = ix
        .objectives()
        .filter(|&o| objective_carried(c, &r, o))
        .collect();
    let carried_obj: HashSet<ObjIx> = objectives.iter().copied().collect();
    let key_results: Vec<KrIx> = ix
        .key_results()
        .filter(|&k| {
            ix.kr_objective[k].is_some_and(|o| carried_obj.contains(&o))
                && !matches!(r.kr(k).status, Some(Status::Done | Status::Dropped))
                && !dropped_as_of(kr_dropped(doc, ix, k), old_end)
        })
        .collect();

    let mut kept: HashSet<&str> = HashSet::new();
    for &o in &objectives {
        kept.insert(&doc.objective(o).id);
    }
    for &k in &key_results {
        kept.insert(&doc.key_result(k).id);
    }
    let units_and_themes = doc
        .units
        .iter()
        .map(|u| u.id.as_str())
        .chain(doc.themes.iter().map(|t| t.id.as_str()));
    for id in units_and_themes.chain(kept.iter().copied()) {
        if id == cycle {
            return Err(Error::Input(format!(
                "the new cycle's id `{cycle}` is already the id of an item the draft keeps; \
                 ids share one namespace, so choose another"
            )));
        }
    }

    let new_objectives: Vec<Objective> = objectives
        .iter()
        .map(|&o| {
            let old = doc.objective(o);
            let mut obj = old.clone();
            obj.links.retain(|l| kept.contains(l.to.as_str()));
            obj.depends_on.retain(|d| kept.contains(d.as_str()));
            obj.carried_from = Some(old.id.clone());
            obj.created = Some(start);
            obj.dropped = None;
            obj.due = None;
            obj
        })
        .collect();

    // The direct links left, by target: a children KR without one becomes a
    // metric KR.
    let direct_targets: HashSet<&str> = new_objectives
        .iter()
        .flat_map(|o| o.links.iter())
        .filter(|l| l.kind == LinkKind::Direct)
        .map(|l| l.to.as_str())
        .collect();
    let mut new_key_results: Vec<KeyResult> = key_results
        .iter()
        .map(|&k| {
            let old = doc.key_result(k);
            let mut kr = old.clone();
            // Its own value (metric or parts), read at the old end.
            let value = match old.source {
                Source::Metric => engine.current_value(k, old_end),
                Source::Parts => r.sum(k).current(),
                Source::Children => None,
            };
            if let Some(metric) = kr.metric.as_mut() {
                if let (
                    Some(v),
                    Metric::Increase { start: s, .. } | Metric::Decrease { start: s, .. },
                ) = (value, &mut *metric)
                {
                    *s = v;
                }
                metric.set_current(None);
            }
            kr.part_of = kr.part_of.filter(|w| kept.contains(w.as_str()));
            kr.depends_on.retain(|d| kept.contains(d.as_str()));
            kr.carried_from = Some(old.id.clone());
            kr.created = Some(start);
            kr.dropped = None;
            kr.due = None;
            kr.score = None;
            if kr.source == Source::Children && !direct_targets.contains(kr.id.as_str()) {
                kr.source = Source::Metric;
            }
            kr
        })
        .collect();
    let wholes_with_parts: HashSet<String> = new_key_results
        .iter()
        .filter_map(|k| k.part_of.clone())
        .collect();
    for kr in &mut new_key_results {
        if kr.source == Source::Parts && !wholes_with_parts.contains(&kr.id) {
            kr.source = Source::Metric;
        }
    }

    Ok(Document {
        okr: doc.okr,
        view: doc.view.clone(),
        cycle: Cycle {
            id: cycle.to_string(),
            start,
            end,
            as_of: None,
            themes_published: None,
        },
        units: doc.units.clone(),
        themes: doc.themes.clone(),
        objectives: new_objectives,
        key_results: new_key_results,
        contributions: Vec::new(),
        mandates: Vec::new(),
        initiatives: Vec::new(),
        sprint_goals: Vec::new(),
        check_ins: Vec::new(),
    })
}

//! Shared pieces of the benchmarks: the synthetic documents (made once per
//! process), the subjects each benchmark works on, and **the limit**: a
//! minimal hand-written pass over flat arrays computing the same objective
//! progress as the full rollup, the fastest this computation can be.

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

pub mod limit;

/// The median of `v` (sorted in place); NaN when `v` is empty.
pub fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

use std::collections::HashSet;

use okr_core::{Cascade, CheckIn, Document, KeyResult, LinkKind, Metric, Source};
use okr_synth::{generate_json, SynthOptions};

/// The seed every benchmark document uses.
pub const SEED: u64 = 1;

/// Team counts benchmarked by default; 100,000 is added when the
/// environment variable `OKR_BENCH_FULL=1` is set.
pub fn sizes() -> Vec<usize> {
    let mut sizes = vec![1_000, 10_000];
    if std::env::var("OKR_BENCH_FULL").is_ok_and(|v| v == "1") {
        sizes.push(100_000);
    }
    sizes
}

/// The JSON text of the synthetic document with `teams` teams.
pub fn document_json(teams: usize) -> String {
    generate_json(&SynthOptions { teams, seed: SEED }).expect("the synthetic document serialises")
}

/// The ids the per-item benchmarks work on.
#[derive(Clone, Debug)]
pub struct Subjects {
    /// A team KR read from `metric.current` (no check-ins) whose objective
    /// links directly to a `source: children` KR of a company priority:
    /// changing its value moves its objective, that company KR (a mean over
    /// every direct link into it), the priority, its themes and units.
    pub key_result: String,
    /// Two values for it that give different progress.
    pub values: [f64; 2],
    /// A team objective with direct links (multi-parent when there is one).
    pub objective: String,
    /// The unit of that objective (for `view_for`).
    pub unit: String,
}

/// Picks the subjects in a document.
pub fn subjects(doc: &Document) -> Subjects {
    // The company's `source: children` KRs: the widest fan-in, so the
    // update also recomputes a mean over thousands of direct links.
    let company: std::collections::HashSet<&str> = doc
        .objectives
        .iter()
        .filter(|o| o.links.is_empty())
        .map(|o| o.id.as_str())
        .collect();
    let children: std::collections::HashSet<&str> = doc
        .key_results
        .iter()
        .filter(|k| k.source == Source::Children && company.contains(k.objective.as_str()))
        .map(|k| k.id.as_str())
        .collect();
    let with_check_ins: std::collections::HashSet<&str> = doc
        .check_ins
        .iter()
        .map(|c| c.key_result.as_str())
        .collect();
    let feeds_children = |o: &okr_core::Objective| {
        o.links
            .iter()
            .any(|l| l.kind == LinkKind::Direct && children.contains(l.to.as_str()))
    };
    let team = |o: &okr_core::Objective| o.unit.starts_with('t');
    let mut key_result = None;
    for kr in &doc.key_results {
        let Some(metric) = &kr.metric else { continue };
        if kr.source != Source::Metric || with_check_ins.contains(kr.id.as_str()) {
            continue;
        }
        let values = match metric {
            Metric::StayAbove { threshold, .. } | Metric::StayBelow { threshold, .. } => {
                [threshold + 1.0, threshold - 1.0]
            }
            Metric::Increase { start, target, .. } | Metric::Decrease { start, target, .. } => {
                [*start, *target]
            }
            Metric::Milestone { .. } => continue,
        };
        let objective = doc.objectives.iter().find(|o| o.id == kr.objective);
        if objective.is_some_and(|o| team(o) && feeds_children(o)) {
            key_result = Some((kr.id.clone(), values));
            break;
        }
    }
    let (key_result, values) = key_result.expect("a team KR feeding a children KR");
    let direct = |o: &okr_core::Objective| {
        o.links
            .iter()
            .filter(|l| l.kind == LinkKind::Direct)
            .count()
    };
    let objective = doc
        .objectives
        .iter()
        .find(|o| team(o) && direct(o) >= 2)
        .or_else(|| doc.objectives.iter().find(|o| team(o) && direct(o) >= 1))
        .expect("a team objective with a direct link");
    Subjects {
        key_result,
        values,
        objective: objective.id.clone(),
        unit: objective.unit.clone(),
    }
}

/// The synthetic document two weeks later, for the diff: `as_of` moved, a
/// new check-in on every tenth KR, every hundredth KR's target edited,
/// every two-hundredth objective with links removed with its KRs, and a
/// new KR on every hundredth objective.
pub fn later(mut doc: Document) -> Document {
    let as_of = doc.cycle.as_of.unwrap_or(doc.cycle.start);
    let moved = as_of.add_days(14).min(doc.cycle.end);
    doc.cycle.as_of = Some(moved);
    let mut check_ins = Vec::new();
    for (i, kr) in doc.key_results.iter_mut().enumerate() {
        if i % 10 == 0 {
            if let Some((start, target)) = kr.metric.as_ref().and_then(Metric::start_target) {
                check_ins.push(CheckIn {
                    key_result: kr.id.clone(),
                    date: moved,
                    value: start + (target - start) * 0.6,
                    confidence: Some(0.6),
                });
            }
        }
        if i % 100 == 0 {
            if let Some(Metric::Increase { target, .. } | Metric::Decrease { target, .. }) =
                kr.metric.as_mut()
            {
                *target *= 1.1;
            }
        }
    }
    doc.check_ins.extend(check_ins);
    let removed: HashSet<String> = doc
        .objectives
        .iter()
        .enumerate()
        .filter(|(i, o)| i % 200 == 7 && !o.links.is_empty())
        .map(|(_, o)| o.id.clone())
        .collect();
    doc.objectives.retain(|o| !removed.contains(&o.id));
    doc.key_results.retain(|k| !removed.contains(&k.objective));
    let krs: HashSet<String> = doc.key_results.iter().map(|k| k.id.clone()).collect();
    doc.check_ins.retain(|c| krs.contains(&c.key_result));
    let added: Vec<KeyResult> = doc
        .objectives
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 100 == 3)
        .map(|(i, o)| KeyResult {
            id: format!("KR-new-{i}"),
            objective: o.id.clone(),
            title: Some("Cut onboarding time from 10 to 5 days".into()),
            metric: Some(Metric::Decrease {
                start: 10.0,
                target: 5.0,
                current: None,
                measure: None,
                name: None,
            }),
            ..empty_kr()
        })
        .collect();
    doc.key_results.extend(added);
    doc
}

fn empty_kr() -> KeyResult {
    KeyResult {
        id: String::new(),
        objective: String::new(),
        title: None,
        metric: None,
        source: Default::default(),
        part_of: None,
        weight: None,
        confidence: None,
        due: None,
        created: None,
        dropped: None,
        carried_from: None,
        score: None,
        depends_on: Vec::new(),
        visibility: Default::default(),
        audience: Vec::new(),
        redacted: false,
    }
}

/// The document with `depends_on` on every fifth KR, naming the next KR
/// (usually another team's), so the dependency graph has declared edges
/// as well as the generator's work items and co-owned KRs. Panics if the
/// changed document does not load (it always does: the ids exist).
pub fn with_dependencies(cascade: &Cascade) -> Cascade {
    let mut doc = cascade.document().clone();
    let ids: Vec<String> = doc.key_results.iter().map(|k| k.id.clone()).collect();
    for (i, kr) in doc.key_results.iter_mut().enumerate() {
        if i % 5 == 0 {
            if let Some(next) = ids.get(i + 1) {
                kr.depends_on.push(next.clone());
            }
        }
    }
    Cascade::try_from(doc).expect("the document with dependencies loads")
}

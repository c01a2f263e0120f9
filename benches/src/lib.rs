//! Shared pieces of the benchmarks: the synthetic documents (made once per
//! process), the subjects each benchmark works on, and **the limit**: a
//! minimal hand-written pass over flat arrays computing the same objective
//! progress as the full rollup, the fastest this computation can be.

#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

pub mod limit;

use okr_core::{Document, LinkKind, Metric, Source};
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

//! The views promise: for any change to hidden items that keeps them hidden
//! (titles, values, check-ins, weights, confidence, governance, link texts,
//! sources and metric names; the documents have parts and wholes),
//! the view and every figure computed from it are byte-identical.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::Rng;
use okr_core::*;
use proptest::prelude::*;

/// Everything a unit's view shows, as text: the view itself, its rollup and
/// its diagnostics.
fn observed(doc: &Document, unit: &str) -> String {
    let view = Cascade::try_from(doc.clone())
        .unwrap()
        .view_for(unit)
        .unwrap();
    let text = serde_json::to_string(&view).unwrap();
    let c = Cascade::from_json(&text).unwrap();
    let rollup = c.rollup(&RollupOptions::default());
    let figures = RollupReport::new(&c, &rollup).to_json().unwrap();
    let report = serde_json::to_string(&c.validate(&Policy::default())).unwrap();
    let lineages: Vec<String> = view
        .objectives
        .iter()
        .map(|o| serde_json::to_string(&c.lineage(&o.id).unwrap()).unwrap())
        .collect();
    // Explain of every KR, objective, theme, unit and mandate in the view.
    let ids = view
        .key_results
        .iter()
        .map(|k| &k.id)
        .chain(view.objectives.iter().map(|o| &o.id))
        .chain(view.themes.iter().map(|t| &t.id))
        .chain(view.units.iter().map(|u| &u.id))
        .chain(view.mandates.iter().map(|m| &m.id));
    let explained: Vec<String> = ids
        .map(|id| match c.explain(id) {
            Ok(e) => e.to_json().unwrap(),
            Err(e) => e.to_string(),
        })
        .collect();
    format!(
        "{text}\n{figures}\n{report}\n{}\n{}",
        lineages.join("\n"),
        explained.join("\n")
    )
}

fn new_metric(r: &mut Rng) -> Metric {
    match r.below(5) {
        0 => Metric::Increase {
            start: r.num(),
            target: r.num() + 100.0,
            current: Some(r.num()),
            measure: None,
            name: None,
        },
        1 => Metric::Decrease {
            start: r.num() + 100.0,
            target: r.num(),
            current: Some(r.num()),
            measure: None,
            name: None,
        },
        2 => Metric::StayAbove {
            threshold: r.num(),
            current: Some(r.num()),
            measure: None,
            name: None,
        },
        3 => Metric::StayBelow {
            threshold: r.num(),
            current: None,
            measure: None,
            name: None,
        },
        _ => Metric::Milestone { done: r.chance(50) },
    }
}

/// Changes every hidden field of the items `unit` may not see.
fn perturb_hidden(doc: &Document, unit: &str, seed: u64) -> Document {
    let view = Cascade::try_from(doc.clone())
        .unwrap()
        .view_for(unit)
        .unwrap();
    let hidden_obj: Vec<bool> = view.objectives.iter().map(|o| o.redacted).collect();
    let hidden_kr: Vec<bool> = view.key_results.iter().map(|k| k.redacted).collect();
    let mut r = Rng(seed);
    let mut d = doc.clone();
    for (o, hidden) in d.objectives.iter_mut().zip(&hidden_obj) {
        if *hidden {
            o.title = Some(format!("secret {}", r.next()));
            o.governance = if r.chance(50) {
                Some(Governance {
                    cadence: Cadence::Monthly,
                    owner: Some("CFO".into()),
                })
            } else {
                None
            };
            o.created = Some(common::date(r.below(30) as i32 - 40));
            for l in &mut o.links {
                l.weight = Some(1.0 + r.below(9) as f64);
                l.contribution = Some(format!("secret reason {}", r.next()));
            }
        }
    }
    let mut hidden_ids = Vec::new();
    for (k, hidden) in d.key_results.iter_mut().zip(&hidden_kr) {
        if *hidden {
            k.title = Some(format!("secret pipeline {}", r.next()));
            k.metric = Some(new_metric(&mut r));
            // Parts and wholes: a hidden KR's source and metric name are
            // hidden too (its `part_of` is structure, kept by the stub).
            k.source = match r.below(3) {
                0 => Source::Metric,
                1 => Source::Parts,
                _ => Source::Children,
            };
            if let Some(
                Metric::Increase { name, .. }
                | Metric::Decrease { name, .. }
                | Metric::StayAbove { name, .. }
                | Metric::StayBelow { name, .. },
            ) = k.metric.as_mut()
            {
                *name = Some(format!("secret_quantity_{}", r.next()));
            }
            k.weight = Some(1.0 + r.below(5) as f64);
            k.confidence = Some(r.below(11) as f64 / 10.0);
            hidden_ids.push(k.id.clone());
        }
    }
    for c in &mut d.check_ins {
        if hidden_ids.contains(&c.key_result) {
            c.value = r.num();
        }
    }
    for id in hidden_ids {
        d.check_ins.push(CheckIn {
            key_result: id,
            date: common::date(r.below(11) as i32),
            value: r.num(),
            confidence: Some(0.5),
        });
    }
    d
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn views_leak_nothing(seed in any::<u64>(), change in any::<u64>()) {
        let doc = common::document(seed, true);
        for u in &doc.units {
            let before = observed(&doc, &u.id);
            let after = observed(&perturb_hidden(&doc, &u.id, change), &u.id);
            prop_assert_eq!(before, after, "unit {}", u.id);
        }
    }
}

#[test]
fn hidden_figures_are_null_and_partial() {
    let doc = common::document(7, true);
    for u in &doc.units {
        let view = Cascade::try_from(doc.clone())
            .unwrap()
            .view_for(&u.id)
            .unwrap();
        let c = Cascade::try_from(view.clone()).unwrap();
        let r = c.rollup(&RollupOptions::default());
        for (k, f) in view.key_results.iter().zip(&r.key_results) {
            if k.redacted {
                assert_eq!(
                    (f.progress, f.raw, f.status, f.forecast),
                    (None, None, None, None)
                );
                assert!(k.title.is_none() && k.metric.is_none() && k.weight.is_none());
            }
        }
    }
}

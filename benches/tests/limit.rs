//! The limit computes the same objective progress as the full rollup.
#![allow(clippy::indexing_slicing, clippy::unwrap_used, missing_docs)]

use okr_benches::limit::Flat;
use okr_core::synth::{generate, SynthOptions};
use okr_core::Cascade;

#[test]
fn the_limit_agrees_with_the_rollup() {
    let doc = generate(&SynthOptions {
        teams: 500,
        seed: 5,
    });
    let flat = Flat::new(&doc);
    let (mut kr, mut obj) = (Vec::new(), Vec::new());
    flat.run(&mut kr, &mut obj);
    let rollup = Cascade::new(doc).unwrap().rollup(&Default::default());
    assert_eq!(obj.len(), rollup.objectives.len());
    for (i, (a, b)) in obj.iter().zip(&rollup.objectives).enumerate() {
        match b.progress {
            None => assert!(a.is_nan(), "objective {i}: {a} vs null"),
            Some(b) => assert!((a - b).abs() < 1e-12, "objective {i}: {a} vs {b}"),
        }
    }
}

#[test]
fn subjects_exist_and_incremental_update_propagates() {
    let doc = generate(&SynthOptions {
        teams: 1_000,
        seed: okr_benches::SEED,
    });
    let s = okr_benches::subjects(&doc);
    let mut cascade = Cascade::new(doc).unwrap();
    let mut rollup = cascade.rollup(&Default::default());
    let a = cascade
        .set_current(&mut rollup, &s.key_result, Some(s.values[0]))
        .unwrap();
    let b = cascade
        .set_current(&mut rollup, &s.key_result, Some(s.values[1]))
        .unwrap();
    assert!(a.key_results.len() >= 2 && b.objectives.len() >= 2, "{b:?}");
    assert_eq!(rollup, cascade.rollup(&Default::default()));
    assert!(cascade.lineage(&s.objective).unwrap().traces);
    assert!(cascade.view_for(&s.unit).is_ok());
}

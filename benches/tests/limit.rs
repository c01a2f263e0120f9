//! The limit computes the same objective progress as the full rollup.
#![allow(clippy::indexing_slicing, clippy::unwrap_used, missing_docs)]

use okr_benches::limit::Flat;
use okr_core::Cascade;
use okr_synth::{generate, SynthOptions};

#[test]
fn the_limit_agrees_with_the_rollup() {
    let doc = generate(&SynthOptions {
        teams: 500,
        seed: 5,
    });
    let flat = Flat::new(&doc);
    let (mut kr, mut obj) = (Vec::new(), Vec::new());
    flat.run(&mut kr, &mut obj);
    let cascade = Cascade::try_from(doc).unwrap();
    let rollup = cascade.rollup(&Default::default());
    // The progress part alone (what issue 14's split times) gives the
    // full rollup's progress, bit for bit.
    let progress = cascade.rollup(&okr_core::RollupOptions::default().progress_only());
    assert_eq!(obj.len(), rollup.objectives.len());
    for (i, (a, b)) in obj.iter().zip(&rollup.objectives).enumerate() {
        match b.progress {
            None => assert!(a.is_nan(), "objective {i}: {a} vs null"),
            Some(b) => assert!((a - b).abs() < 1e-12, "objective {i}: {a} vs {b}"),
        }
    }
    for (x, y) in rollup.objectives.iter().zip(&progress.objectives) {
        assert_eq!(x.progress.map(f64::to_bits), y.progress.map(f64::to_bits));
    }
    for (x, y) in rollup.key_results.iter().zip(&progress.key_results) {
        assert_eq!(x.progress.map(f64::to_bits), y.progress.map(f64::to_bits));
        assert_eq!(x.raw.map(f64::to_bits), y.raw.map(f64::to_bits));
    }
}

#[test]
fn subjects_exist_and_incremental_update_propagates() {
    let doc = generate(&SynthOptions {
        teams: 1_000,
        seed: okr_benches::SEED,
    });
    let s = okr_benches::subjects(&doc);
    let mut live = Cascade::try_from(doc).unwrap().live(Default::default());
    let a = live.set_current(&s.key_result, Some(s.values[0])).unwrap();
    let b = live.set_current(&s.key_result, Some(s.values[1])).unwrap();
    assert!(a.key_results.len() >= 2 && b.objectives.len() >= 2, "{b:?}");
    let cascade = live.cascade();
    assert_eq!(live.rollup(), &cascade.rollup(&Default::default()));
    assert!(cascade.lineage(&s.objective).unwrap().traces);
    assert!(cascade.view_for(&s.unit).is_ok());
}

//! The draft of the next cycle has no errors whenever the old document had
//! none, on realistic synthetic cascades (okr-synth, several seeds).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use okr_core::{Cascade, Policy, Severity};
use okr_synth::{generate_json, SynthOptions};

fn error_count(c: &Cascade) -> usize {
    c.validate(&Policy::default())
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}

#[test]
fn carrying_a_synthetic_cascade_keeps_it_error_free() {
    let mut checked = 0;
    for seed in 1..=12u64 {
        let json = generate_json(&SynthOptions { teams: 40, seed }).unwrap();
        let old = Cascade::from_json(&json).unwrap();
        if error_count(&old) > 0 {
            continue;
        }
        checked += 1;
        let end = old.document().cycle.end;
        let draft = old
            .carry("next-quarter", end.add_days(1), end.add_days(91))
            .unwrap();
        let c = Cascade::from_json(&serde_json::to_string(&draft).unwrap()).unwrap();
        let errors: Vec<String> = c
            .validate(&Policy::default())
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{} {}: {}", d.code, d.subject, d.message))
            .collect();
        assert!(errors.is_empty(), "seed {seed}: {errors:?}");
        assert!(!draft.objectives.is_empty(), "seed {seed}: nothing carried");
    }
    assert!(
        checked >= 6,
        "only {checked} seeds gave an error-free cascade"
    );
}

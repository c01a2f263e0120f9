//! Invariants held by type: a rule code is a [`Code`], a [`Policy`] is
//! checked when it is made, hints quote the policy's thresholds, and a
//! [`Cascade`] built from a [`Document`] passes the loader's checks.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use okr_core::*;

const DOC: &str = r#"{"okr": "1",
  "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30", "as_of": "2026-08-12"},
  "units": [{"id": "acme", "kind": "company"}],
  "themes": [{"id": "T1", "title": "Grow"}],
  "objectives": [{"id": "O1", "unit": "acme", "title": "Win", "themes": ["T1"]}],
  "key_results": [{"id": "KR1", "objective": "O1", "title": "Grow ARR from 1 to 2",
                   "metric": {"kind": "increase", "start": 1, "target": 2}}]}"#;

fn document() -> Document {
    Cascade::from_json(DOC).unwrap().into_document()
}

#[test]
fn a_document_built_in_code_passes_the_loaders_checks() {
    assert!(Cascade::try_from(document()).is_ok());

    // A blank id: the loader refuses it, and so does `try_from` (before,
    // `Cascade::new` indexed it silently).
    let mut doc = document();
    doc.key_results[0].id = "  ".into();
    let Err(Error::Load(e)) = Cascade::try_from(doc) else {
        panic!("a blank id must be refused");
    };
    assert_eq!(e.kind, LoadErrorKind::Schema);
    assert_eq!(e.path.as_deref(), Some("key_results[0].id"));

    // A redacted stub outside a view.
    let mut doc = document();
    doc.objectives[0].redacted = true;
    doc.objectives[0].title = None;
    let err = Cascade::try_from(doc).unwrap_err();
    assert_eq!(err.code(), "unreadable");
    assert!(err.to_string().contains("redacted"), "{err}");

    // The limits apply too.
    let limits = Limits {
        max_items: 2,
        ..Limits::default()
    };
    let Err(Error::Load(e)) = Cascade::from_document_with_limits(document(), &limits) else {
        panic!("over the item limit");
    };
    assert_eq!(e.kind, LoadErrorKind::Limit);
}

#[test]
fn a_view_is_a_valid_document() {
    let c = Cascade::from_json(DOC).unwrap();
    let view = c.view_for("acme").unwrap();
    assert!(Cascade::try_from(view).is_ok());
}

#[test]
fn diagnostics_keep_their_string_codes_in_json() {
    let c = Cascade::from_json(DOC).unwrap();
    let report = c.validate(&Policy::default());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == Code::W118)
        .unwrap();
    assert_eq!(d.rule, "stale-check-in");
    assert_eq!(d.severity, Severity::Warning);
    let json = serde_json::to_value(d).unwrap();
    assert_eq!(json["code"], "W118");
    let back: Diagnostic = serde_json::from_value(json).unwrap();
    assert_eq!(&back, d);
}

#[test]
fn a_hint_quotes_the_policys_threshold() {
    let c = Cascade::from_json(DOC).unwrap();
    let hint = |policy: &Policy| {
        c.validate(policy)
            .diagnostics
            .into_iter()
            .find(|d| d.code == "W118")
            .map(|d| d.hint)
            .unwrap()
    };
    assert_eq!(
        hint(&Policy::default()),
        "Record a check-in at least every two weeks."
    );
    let weekly = Policy::builder().stale_check_in_days(7).build().unwrap();
    assert_eq!(hint(&weekly), "Record a check-in at least every week.");
    let monthly = Policy::from_json(r#"{"stale_check_in_days": 30}"#).unwrap();
    assert_eq!(hint(&monthly), "Record a check-in at least every 30 days.");
}

#[test]
fn a_policy_names_an_unknown_code() {
    let err = Policy::from_json(r#"{"disabled": ["W999"]}"#).unwrap_err();
    assert_eq!(err.code(), "invalid-policy");
    assert!(err.to_string().contains("`W999`"), "{err}");
    assert!(err.to_string().contains("E001-E010"), "{err}");
}

#[test]
fn a_policy_cannot_hold_a_bad_margin() {
    // Before, these reached `validate` and `rollup` as they were.
    for text in [
        r#"{"on_track_margin": -0.1}"#,
        r#"{"at_risk_margin": 2}"#,
        r#"{"on_track_margin": 0.5, "at_risk_margin": 0.25}"#,
        r#"{"stale_check_in_days": -3}"#,
    ] {
        let err = serde_json::from_str::<Policy>(text).unwrap_err();
        assert!(err.to_string().contains("must"), "{text}: {err}");
    }
    assert!(Policy::builder()
        .max_progress_divergence(f64::NAN)
        .build()
        .is_err());
    // Options come from a policy, so their margins are usable too.
    let policy = Policy::builder()
        .on_track_margin(0.0)
        .at_risk_margin(0.0)
        .build()
        .unwrap();
    let options = RollupOptions::from_policy(&policy).with_as_of(Date::parse("2026-08-01"));
    assert_eq!(options.on_track_margin(), 0.0);
    assert_eq!(options.as_of(), Date::parse("2026-08-01"));
}

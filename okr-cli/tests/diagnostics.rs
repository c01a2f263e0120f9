//! The `okr` binary on documents with diagnostics: exit status 1, the
//! compiler-like text, the JSON report shape, policies, and `rollup`
//! refusing a document with errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::*;

#[test]
fn errors_exit_1_and_show_as_a_compiler_would() {
    let out = okr(&["check", &example("broken.json")]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let text = stdout(&out);
    // The subject is named as every message names items (`describe`).
    assert!(
        text.contains("error[E002] unknown-reference: contribution C1"),
        "{text}"
    );
    assert!(
        text.contains("warning[W104] copy-paste-cascade: objective O13 \"Reduce mid-market churn"),
        "{text}"
    );
    assert!(text.contains("  = hint: "), "{text}");
    let last = text.lines().last().unwrap();
    assert!(
        last.contains(" errors, ") && last.contains(" warnings, "),
        "{last}"
    );
}

#[test]
fn check_json_has_the_spec_shape() {
    let out = okr(&["check", &example("broken.json"), "--format", "json"]);
    assert_eq!(code(&out), 1);
    let v = json(&out);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["diagnostics", "summary"]);
    let summary = v["summary"].as_object().unwrap();
    for k in ["errors", "warnings", "infos"] {
        assert!(summary[k].is_u64(), "{k}");
    }
    let diagnostics = v["diagnostics"].as_array().unwrap();
    assert!(!diagnostics.is_empty());
    for d in diagnostics {
        for k in [
            "code", "rule", "severity", "subject", "related", "message", "hint",
        ] {
            assert!(d.get(k).is_some(), "{k} missing in {d}");
        }
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .count();
    assert_eq!(summary["errors"].as_u64(), Some(errors as u64));
}

#[test]
fn rollup_of_a_document_with_errors_prints_them_and_exits_1() {
    let out = okr(&["rollup", &example("broken.json")]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(err.contains("error[E002]"), "{err}");
    assert!(!err.contains("warning["), "{err}");
}

#[test]
fn policies_are_read_from_json_and_yaml() {
    let json_policy = temp_file("policy.json", br#"{"disabled": ["E002", "E004"]}"#);
    let yaml_policy = temp_file("policy.yaml", b"disabled:\n  - E002\n  - E004\n");
    for p in [&json_policy, &yaml_policy] {
        let out = okr(&[
            "check",
            &example("broken.json"),
            "--policy",
            p.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let v = json(&out);
        assert_eq!(v["summary"]["errors"], 0, "{v}");
        assert!(v["summary"]["warnings"].as_u64().unwrap() > 0);
    }
    let bad = temp_file("bad-policy.json", br#"{"disabled": ["W999"]}"#);
    let out = okr(&[
        "check",
        &example("acme.json"),
        "--policy",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("W999"), "{}", stderr(&out));
}

#[test]
fn a_bad_policy_exits_2_naming_the_bad_value() {
    let cases: [(&str, &[u8], &[&str]); 4] = [
        (
            "unknown-code.json",
            br#"{"disabled": ["W103", "W999"]}"#,
            &["bad-policy", "`W999` is not a rule code", "E001-E010"],
        ),
        (
            "unknown-code.yaml",
            b"disabled:\n  - W106\n",
            &["`W106` is not a rule code"],
        ),
        (
            "negative-margin.json",
            br#"{"on_track_margin": -0.1}"#,
            &["on_track_margin", "from 0 to 1"],
        ),
        (
            "crossed-margins.json",
            br#"{"on_track_margin": 0.5, "at_risk_margin": 0.2}"#,
            &["at_risk_margin"],
        ),
    ];
    for (name, text, needles) in cases {
        let path = temp_file(&format!("bad-policy-{name}"), text);
        let out = okr(&[
            "check",
            &example("acme.json"),
            "--policy",
            path.to_str().unwrap(),
        ]);
        assert_eq!(code(&out), 2, "{name}");
        let err = stderr(&out);
        assert!(stdout(&out).is_empty(), "{name}");
        for needle in needles {
            assert!(err.contains(needle), "{name}: {err}");
        }
    }
}

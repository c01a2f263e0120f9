//! The realistic cascades in `examples/`: `okr check` reports exactly the
//! faults a coach would find in them (issue 13), and the running example
//! stays clean.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::*;

/// `(code, subject)` of every diagnostic, in output order.
fn findings(name: &str) -> Vec<(String, String)> {
    let out = okr(&["check", &example(name), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["subject"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(c, s)| (c.to_string(), s.to_string()))
        .collect()
}

/// The running example carries its deliberate findings only: one conflict
/// between the support team's and the company's first-response targets
/// (W129, issue 12), one busy team whose KR has not moved (W131, issue
/// 17), and nothing from the judgement rules.
#[test]
fn the_running_example_shows_only_its_deliberate_findings() {
    assert_eq!(
        findings("acme.json"),
        pairs(&[("W129", "KR45"), ("W131", "KR25")])
    );
}

#[test]
fn a_60_team_engineering_organisation_shows_what_a_coach_would_flag() {
    assert_eq!(
        findings("engineering-60.json"),
        pairs(&[
            ("W103", "K-capacity-2"), // "TBC" milestone
            ("W103", "K-lineage"),    // a milestone
            ("W103", "K-redteam-2"),  // "Hire 3 ..." from 0: counting outputs
            ("W120", "O-android"),    // Android pasted iOS's objective
            ("W123", "K-checkout"),   // 1,400 -> 900 ms under 1,400 -> 700 ms
            ("W123", "K-vuln"),       // 40 -> 10 under 40 -> 5
            ("W124", "K-lineage"),    // "coverage score" as done / not done
            ("W125", "K-capacity-2"), // "TBC"
            ("W126", "CK2"),          // nine objectives on conversion
            ("W127", "O-dbops"),      // availability only: a mandate
            ("I202", "CK3"),          // derived directly by Security alone
            ("I203", "K-awareness"),  // "... so that attackers ..."
        ])
    );
}

#[test]
fn a_public_service_shows_what_a_coach_would_flag() {
    assert_eq!(
        findings("public-service.json"),
        pairs(&[
            ("W103", "CK2"), // "Train 45 advisers" from 0
            ("W103", "WK1"), // a milestone
            ("W120", "N1"),  // two district offices, one pasted objective
            ("W120", "NK1"), // ... and one pasted key result
            ("W123", "RK1"), // damp and mould 1,200 -> 800 under 1,200 -> 600
            ("W124", "WK1"), // "conversion" as done / not done
            ("W125", "IN2"), // an initiative called "TBD"
            ("W127", "I1"),  // IT's objective is two service levels
            ("I202", "PK1"), // derived directly by Housing alone
            ("I202", "PK2"), // derived directly by Digital alone
            ("I203", "WK2"), // "... so that the contact centre ..."
        ])
    );
}

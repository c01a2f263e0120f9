//! `okr diff`, `okr close` and `okr carry` end to end, on the shipped
//! snapshots of the running example.
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
fn diff_of_the_two_snapshots_reads_like_a_change_report() {
    let (old, new) = (example("acme.json"), example("acme-2026-09-02.json"));
    let out = okr(&["diff", &old, &new]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("What changed: 2026-Q3 as of 2026-08-12 -> 2026-Q3 as of 2026-09-02"),
        "{text}"
    );
    assert!(
        text.contains("Key result KR5 \"Increase weekly AI Assist use from 5% to 40% of active seats\" slipped from on track to off track: 0.41 -> 0.41"),
        "{text}"
    );
    assert!(
        text.contains("KR25 \"Reduce SSO setup tickets from 80 to 20 a month\" was dropped"),
        "{text}"
    );
    assert!(
        text.contains("key result KR26 \"Cut failed SCIM provisioning runs from 12% to 2%\""),
        "{text}"
    );
    assert!(text.contains("dropped: (none) -> \"2026-08-19\""), "{text}");

    let d = json(&okr(&["diff", &old, &new, "--format", "json"]));
    assert_eq!(
        d["added"],
        serde_json::json!([{"id": "KR26", "kind": "key_result"}])
    );
    assert_eq!(d["removed"], serde_json::json!([]));
    let kr25 = d["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "KR25")
        .unwrap();
    assert_eq!(kr25["status"][1], "dropped");
    assert_eq!(d["diagnostics"]["resolved"][0]["code"], "W131");
}

#[test]
fn diff_exits_2_when_either_file_is_unreadable() {
    let out = okr(&["diff", &example("acme.json"), "no-such-file.json"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("no-such-file.json"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn close_and_carry_work_on_the_example_and_the_draft_is_clean() {
    let card = json(&okr(&["close", &example("acme.json"), "--format", "json"]));
    assert!(card["key_results"]["KR1"]["score"].is_number());
    assert_eq!(card["key_results"]["KR1"]["judgement"], false);
    let text = stdout(&okr(&["close", &example("acme.json")]));
    assert!(text.starts_with("Scorecard of 2026-Q3"), "{text}");

    let out = okr(&[
        "carry",
        &example("acme-2026-09-02.json"),
        "--cycle",
        "2026-Q4",
        "--start",
        "2026-10-01",
        "--end",
        "2026-12-31",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let draft = stdout(&out);
    let doc: serde_json::Value = serde_json::from_str(&draft).unwrap();
    assert_eq!(doc["cycle"]["id"], "2026-Q4");
    let ids: Vec<&str> = doc["key_results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&"KR25"), "the dropped KR stays behind");
    assert!(ids.contains(&"KR26"));
    let path = std::env::temp_dir().join(format!("okr-carry-{}.json", std::process::id()));
    std::fs::write(&path, &draft).unwrap();
    let check = json(&okr(&["check", path.to_str().unwrap(), "--format", "json"]));
    std::fs::remove_file(&path).ok();
    assert_eq!(check["summary"]["errors"], 0, "{check:#}");
}

#[test]
fn close_and_carry_refuse_a_document_with_errors() {
    for args in [
        vec!["close", "BROKEN"],
        vec![
            "carry",
            "BROKEN",
            "--cycle",
            "Q4",
            "--start",
            "2026-10-01",
            "--end",
            "2026-12-31",
        ],
    ] {
        let broken = example("broken.json");
        let args: Vec<&str> = args
            .iter()
            .map(|a| if *a == "BROKEN" { broken.as_str() } else { a })
            .collect();
        let out = okr(&args);
        assert_eq!(code(&out), 1, "{args:?}");
        assert!(stdout(&out).is_empty());
        assert!(stderr(&out).contains("error[E"), "{}", stderr(&out));
    }
}

#[test]
fn carry_refuses_an_end_before_the_start() {
    let out = okr(&[
        "carry",
        &example("acme.json"),
        "--cycle",
        "Q4",
        "--start",
        "2026-12-31",
        "--end",
        "2026-10-01",
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("before it starts"),
        "{}",
        stderr(&out)
    );
}

//! `okr report`: the review page of the shipped example, checked for real
//! content (the rollup's numbers, an alert, a diagnostic rule, the charts),
//! for being self-contained, and for redaction under `--for`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::*;
use serde_json::Value;

fn page(args: &[&str]) -> String {
    let mut all = vec!["report", &*Box::leak(example("acme.json").into_boxed_str())];
    all.extend_from_slice(args);
    let out = okr(&all);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    stdout(&out)
}

fn percent(v: &Value) -> String {
    format!("{:.0}%", v.as_f64().unwrap() * 100.0)
}

#[test]
fn the_report_shows_the_priorities_with_the_rollups_numbers() {
    let html = page(&[]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(example("acme.json")).unwrap()).unwrap();
    let rollup = json(&okr(&["rollup", &example("acme.json"), "--format", "json"]));
    let company = doc["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["kind"] == "company")
        .unwrap()["id"]
        .clone();
    let priorities: Vec<&Value> = doc["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["unit"] == company && o["links"].as_array().is_none_or(|l| l.is_empty()))
        .collect();
    assert!(priorities.len() >= 2);
    for o in priorities {
        let id = o["id"].as_str().unwrap();
        let title = o["title"].as_str().unwrap();
        let figures = &rollup["objectives"][id];
        // The priority's summary line: its title, then its progress bar
        // with the rollup's percentage.
        let at = html
            .find(&format!("<details class=\"priority\" data-id=\"{id}\">"))
            .unwrap_or_else(|| panic!("no priority {id}"));
        let summary = &html[at..at + html[at..].find("</summary>").unwrap()];
        assert!(summary.contains(title), "{summary}");
        assert!(
            summary.contains(&format!(">{}</span>", percent(&figures["progress"]))),
            "{id}: {summary}"
        );
        let status = figures["status"].as_str().unwrap();
        assert!(summary.contains(&format!("status {status}")), "{summary}");
    }
}

#[test]
fn the_report_has_alerts_diagnostics_charts_and_no_external_resources() {
    let html = page(&[]);
    let alerts = json(&okr(&["alerts", &example("acme.json"), "--format", "json"]));
    let first = alerts["alerts"][0]["code"].as_str().unwrap();
    assert!(
        html.contains(&format!("data-code=\"{first}\"")),
        "alert {first}"
    );
    let check = json(&okr(&["check", &example("acme.json"), "--format", "json"]));
    let d = &check["diagnostics"][0];
    assert!(html.contains(d["rule"].as_str().unwrap()));
    assert!(html.contains(&format!(
        "<details class=\"rule\" data-code=\"{}\"",
        d["code"].as_str().unwrap()
    )));
    assert!(html.contains("<svg"));
    assert!(html.contains("class=\"elapsed\""));
    assert!(html.contains("id=\"dependencies\""));
    assert!(html.contains("<details class=\"lineage\""));
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("<link"));
}

#[test]
fn the_report_writes_to_a_file_and_takes_as_of() {
    let path = temp_file("review.html", b"");
    let out = okr(&[
        "report",
        &example("acme.json"),
        "-o",
        path.to_str().unwrap(),
        "--as-of",
        "2026-08-01",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("<strong class=\"as-of\">2026-08-01</strong>"));
}

#[test]
fn the_report_for_a_unit_hides_restricted_titles() {
    // KR2 is restricted to sales and finops.
    let secret = "Grow qualified mid-market pipeline";
    assert!(page(&[]).contains(secret));
    assert!(page(&["--for", "sales"]).contains(secret));
    let html = page(&["--for", "support"]);
    assert!(!html.contains(secret));
    assert!(html.contains("<strong class=\"unit\">support</strong>"));
    assert!(html.contains("(hidden)"));
}

#[test]
fn the_report_refuses_unknown_units_and_broken_documents() {
    let out = okr(&["report", &example("acme.json"), "--for", "nosuch"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no unit has the id `nosuch`"));
    let out = okr(&["report", &example("broken.json")]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("no figures were computed"));
}

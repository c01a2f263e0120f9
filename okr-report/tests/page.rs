//! The page escapes what documents say, and is the same for the same input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use okr_core::{Cascade, Policy};
use okr_report::{report_html, summary_html, ReportOptions};

fn acme() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/acme.json"
    ))
    .unwrap()
}

/// The whole page with the default policy, as of the document's date.
fn default_page(cascade: &Cascade) -> String {
    let policy = Policy::default();
    let options = ReportOptions {
        policy: &policy,
        as_of: None,
        for_unit: None,
    };
    report_html(cascade, &options).unwrap()
}

#[test]
fn titles_cannot_inject_markup() {
    let text = acme().replace(
        "Increase mid-market ARR from $12M to $20M",
        "<script>alert(1)</script> & <b>bold</b>",
    );
    let cascade = Cascade::from_json(&text).unwrap();
    let page = default_page(&cascade);
    assert!(!page.contains("<script"));
    assert!(!page.contains("<b>bold"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"));
    assert_eq!(page, default_page(&cascade));
    assert!(!summary_html(&cascade).contains("<script"));
}

#[test]
fn an_unknown_unit_is_an_error() {
    let cascade = Cascade::from_json(&acme()).unwrap();
    let policy = Policy::default();
    let options = ReportOptions {
        policy: &policy,
        as_of: None,
        for_unit: Some("nosuch"),
    };
    assert!(report_html(&cascade, &options).is_err());
}

/// A big document gets the compact unit list: one row per unit (with its
/// sparkline), a team's shortest path, capped rule groups, and a page far
/// smaller than the per-unit `<details>` layout.
#[test]
fn a_big_document_gets_the_compact_unit_list() {
    let doc = okr_synth::generate(&okr_synth::SynthOptions {
        teams: 400,
        seed: 1,
    });
    let units = doc.units.len();
    assert!(units > okr_report::COMPACT_UNITS);
    let cascade = Cascade::from_document_with_limits(doc, Policy::default().limits()).unwrap();
    let page = default_page(&cascade);
    assert!(page.contains(r#"<section id="units" data-compact="true">"#));
    assert_eq!(page.matches(r#"<div class="urow" data-id="#).count(), units);
    assert_eq!(page.matches("<svg class=\"spark\"").count(), units);
    assert!(!page.contains("<details class=\"unit\""));
    assert!(page.contains(" → "), "a team's path");
    // No rule group lists more than MAX_ROWS findings.
    for group in page.split("<details class=\"rule\"").skip(1) {
        let group = group.split("</details>").next().unwrap();
        assert!(group.matches("<tr data-code=").count() <= okr_report::MAX_ROWS);
    }
    assert!(page.len() < 1_000_000, "{} bytes", page.len());
}

#[test]
fn a_small_document_keeps_a_section_per_unit() {
    let cascade = Cascade::from_json(&acme()).unwrap();
    let page = default_page(&cascade);
    let units = cascade.document().units.len();
    assert_eq!(page.matches("<details class=\"unit\"").count(), units);
    assert!(!page.contains("data-compact"));
}

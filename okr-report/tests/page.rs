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

#[test]
fn titles_cannot_inject_markup() {
    let text = acme().replace(
        "Increase mid-market ARR from $12M to $20M",
        "<script>alert(1)</script> & <b>bold</b>",
    );
    let cascade = Cascade::from_json(&text).unwrap();
    let policy = Policy::default();
    let options = ReportOptions {
        policy: &policy,
        as_of: None,
        for_unit: None,
    };
    let page = report_html(&cascade, &options).unwrap();
    assert!(!page.contains("<script"));
    assert!(!page.contains("<b>bold"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"));
    assert_eq!(page, report_html(&cascade, &options).unwrap());
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

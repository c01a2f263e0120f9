//! Hostile documents: each gives a clear error value or a correct answer,
//! never a panic, a hang or unbounded memory.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use okr_core::*;

const HEAD: &str =
    r#"{"okr":"1","cycle":{"id":"Q","start":"2026-07-01","end":"2026-09-30","as_of":"2026-08-12"}"#;

fn doc(rest: &str) -> String {
    format!("{HEAD}{rest}}}")
}

fn load_err(text: &str) -> LoadError {
    match Cascade::from_json(text) {
        Err(Error::Load(e)) => e,
        Ok(_) => panic!("expected an unreadable document"),
        Err(e) => panic!("expected a load error, got {e}"),
    }
}

fn codes(c: &Cascade) -> Vec<String> {
    c.validate(&Policy::default())
        .diagnostics
        .into_iter()
        .map(|d| d.code.to_string())
        .collect()
}

#[test]
fn json_nested_ten_thousand_deep() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let e = load_err(&doc(&format!(r#","units":{deep}"#)));
    assert_eq!(e.kind, LoadErrorKind::Schema);
    assert!(e.message.contains("invalid type"), "{e}");
    // Deep objects inside a free-form position cannot exist: every field is typed.
    let deep = format!("{}1{}", r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    assert!(Cascade::from_json(&deep).is_err());
    let yaml = format!("okr: '1'\ncycle: {}\n", "[".repeat(10_000));
    assert!(Cascade::from_yaml(&yaml).is_err());
}

#[test]
fn a_100_mb_document_over_the_limit_names_the_limit() {
    let big = doc(&format!(
        r#","themes":[{{"id":"T","title":"{}"}}]"#,
        "x".repeat(100 << 20)
    ));
    let limits = Limits {
        max_document_bytes: 64 << 20,
        ..Limits::default()
    };
    match Cascade::from_json_with_limits(&big, &limits) {
        Err(Error::Load(e)) => {
            assert_eq!(e.kind, LoadErrorKind::Limit);
            assert!(e.message.contains("max_document_bytes"), "{e}");
        }
        other => panic!("expected a limit error, got {other:?}"),
    }
    // Under the default limit (1 GiB) it loads, with memory bounded by its size.
    let c = Cascade::from_json(&big).unwrap();
    assert_eq!(c.document().themes[0].title.len(), 100 << 20);
}

#[test]
fn item_count_and_id_length_limits() {
    let limits = Limits {
        max_items: 2,
        ..Limits::default()
    };
    let text =
        doc(r#","themes":[{"id":"a","title":"a"},{"id":"b","title":"b"},{"id":"c","title":"c"}]"#);
    let e = match Cascade::from_json_with_limits(&text, &limits) {
        Err(Error::Load(e)) => e,
        other => panic!("{other:?}"),
    };
    assert!(e.message.contains("max_items"), "{e}");
    let long = doc(&format!(
        r#","themes":[{{"id":"{}","title":"a"}}]"#,
        "i".repeat(300)
    ));
    let e = load_err(&long);
    assert!(e.message.contains("max_id_bytes"), "{e}");
    assert_eq!(e.path.as_deref(), Some("themes[0].id"));
}

/// A chain of `n` objectives, each linking directly to a KR of the one
/// before: O0 is the company priority.
fn chain(n: usize) -> Document {
    let mut objectives = Vec::with_capacity(n);
    let mut key_results = Vec::with_capacity(n);
    for i in 0..n {
        objectives.push(Objective {
            id: format!("O{i}"),
            unit: if i == 0 { "co".into() } else { "team".into() },
            title: Some(format!("Objective {i}")),
            themes: vec![],
            governance: Some(Governance {
                cadence: Cadence::Weekly,
                owner: None,
            }),
            links: if i == 0 {
                vec![]
            } else {
                vec![Link {
                    kind: LinkKind::Direct,
                    to: format!("K{}", i - 1),
                    weight: None,
                    contribution: None,
                }]
            },
            created: None,
            due: None,
            dropped: None,
            carried_from: None,
            depends_on: vec![],
            visibility: Visibility::Public,
            audience: vec![],
            redacted: false,
        });
        key_results.push(KeyResult {
            id: format!("K{i}"),
            objective: format!("O{i}"),
            title: Some(format!("Key result {i}")),
            metric: Some(Metric::Increase {
                start: 0.0,
                target: 10.0,
                current: Some(5.0),
                measure: None,
                name: None,
            }),
            source: if i + 1 < n {
                Source::Children
            } else {
                Source::Metric
            },
            part_of: None,
            weight: None,
            confidence: None,
            due: None,
            created: None,
            dropped: None,
            carried_from: None,
            score: None,
            depends_on: vec![],
            visibility: Visibility::Public,
            audience: vec![],
            redacted: false,
        });
    }
    Document {
        okr: FormatVersion,
        view: None,
        cycle: Cycle {
            id: "Q".into(),
            start: Date::parse("2026-07-01").unwrap(),
            end: Date::parse("2026-09-30").unwrap(),
            as_of: Date::parse("2026-08-12"),
            themes_published: None,
        },
        units: vec![
            Unit {
                id: "co".into(),
                name: None,
                kind: UnitKind::Company,
                parent: None,
                mode: UnitMode::Okr,
            },
            Unit {
                id: "team".into(),
                name: None,
                kind: UnitKind::Team,
                parent: Some("co".into()),
                mode: UnitMode::Okr,
            },
        ],
        themes: vec![],
        objectives,
        key_results,
        contributions: vec![],
        mandates: vec![],
        initiatives: vec![],
        sprint_goals: vec![],
        check_ins: vec![],
    }
}

#[test]
fn a_million_long_chain_of_direct_links() {
    let n = 1_000_000;
    let text = serde_json::to_string(&chain(n)).unwrap();
    let c = Cascade::from_json(&text).unwrap();
    let policy = Policy::builder()
        .disabled([Code::W101, Code::W114, Code::W117])
        .build()
        .unwrap();
    let report = c.validate(&policy);
    // Every objective deeper than 2 is a deep direct cascade; nothing else is wrong.
    assert_eq!(report.summary.errors, 0);
    assert_eq!(
        report
            .diagnostics
            .iter()
            .filter(|d| d.code == "W107")
            .count(),
        n - 3
    );
    // Progress flows all the way up the chain.
    let mut live = c.live(RollupOptions::default());
    assert_eq!(live.rollup().objectives[0].progress, Some(0.5));
    let delta = live
        .set_current(&format!("K{}", n - 1), Some(10.0))
        .unwrap();
    assert_eq!(delta.key_results.len(), n);
    assert_eq!(live.rollup().objectives[0].progress, Some(1.0));
    let c = live.cascade();
    // The last objective's lineage is one path through the whole chain.
    let l = c.lineage(&format!("O{}", n - 1)).unwrap();
    assert!(l.traces);
    assert_eq!(l.paths.len(), 1);
    assert_eq!(l.paths[0].len(), 2 * n - 1);
    assert_eq!(l.paths[0].last().map(String::as_str), Some("O0"));
}

#[test]
fn a_hundred_thousand_member_cycle() {
    let n = 100_000;
    let mut objs = String::new();
    for i in 0..n {
        if i > 0 {
            objs.push(',');
        }
        objs.push_str(&format!(
            r#"{{"id":"O{i}","unit":"co","title":"t{i}","links":[{{"kind":"responding","to":"O{}","contribution":"c"}}]}}"#,
            (i + 1) % n
        ));
    }
    objs.push_str(r#",{"id":"P","unit":"co","title":"priority"}"#);
    let text = doc(&format!(
        r#","units":[{{"id":"co","kind":"company"}}],"objectives":[{objs}]"#
    ));
    let c = Cascade::from_json(&text).unwrap();
    let report = c.validate(&Policy::default());
    let cycles: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == "E003")
        .collect();
    assert_eq!(cycles.len(), 1, "one diagnostic per cycle");
    assert_eq!(cycles[0].subject, "O0");
    assert_eq!(cycles[0].related.len(), n);
    let r = c.rollup(&RollupOptions::default());
    assert_eq!(r.objectives.len(), n + 1);
    let l = c.lineage("O5").unwrap();
    assert!(!l.traces);
    assert!(l.paths.is_empty());
}

#[test]
fn a_long_cycle_that_reaches_a_priority_is_traced_within_bounds() {
    let n = 20_000;
    let mut objs = String::new();
    for i in 0..n {
        objs.push_str(&format!(
            r#"{{"id":"O{i}","unit":"co","title":"t{i}","links":[{{"kind":"responding","to":"O{}","contribution":"c"}}]}},"#,
            (i + 1) % n
        ));
    }
    // O0 also responds to the priority P, so every member traces.
    objs = objs.replacen(
        r#""to":"O1","contribution":"c"}]"#,
        r#""to":"O1","contribution":"c"},{"kind":"responding","to":"P","contribution":"c"}]"#,
        1,
    );
    objs.push_str(r#"{"id":"P","unit":"co","title":"priority"}"#);
    let text = doc(&format!(
        r#","units":[{{"id":"co","kind":"company"}}],"objectives":[{objs}]"#
    ));
    let c = Cascade::from_json(&text).unwrap();
    let l = c.lineage("O1").unwrap();
    assert!(l.traces);
    // Either the full path around the cycle, or a clear truncation.
    assert!(
        l.truncated || l.paths.first().is_some_and(|p| p.len() == n + 1),
        "{:?}",
        l.paths.first().map(Vec::len)
    );
}

#[test]
fn duplicate_json_keys_are_an_error_not_last_wins() {
    let e = load_err(&doc(r#","themes":[{"id":"T","title":"a","title":"b"}]"#));
    assert!(e.message.contains("duplicate field `title`"), "{e}");
    assert_eq!(e.path.as_deref(), Some("themes[0]"));
    let yaml = "okr: '1'\ncycle: {id: Q, start: 2026-07-01, end: 2026-09-30}\nthemes:\n  - id: T\n    title: a\n    title: b\n";
    assert!(Cascade::from_yaml(yaml).is_err());
}

/// NaN and infinities are unreadable in YAML as in JSON (which cannot
/// spell them), naming the place: a document that loads can always be
/// written as JSON and read back (issue 9). Until issue 9 they loaded and
/// were E004 errors, and a JSON writer turned them into `null`.
#[test]
fn nan_and_infinities_through_yaml_are_unreadable() {
    let yaml = "okr: '1'\ncycle: {id: Q, start: 2026-07-01, end: 2026-09-30, as_of: 2026-08-12}\nunits: [{id: co, kind: company}]\nobjectives: [{id: O, unit: co, title: t}]\nkey_results:\n  - {id: K1, objective: O, title: a, metric: {kind: increase, start: .nan, target: 10, current: 5}}\n  - {id: K2, objective: O, title: b, metric: {kind: stay_above, threshold: -.inf, current: .inf}}\n";
    let e = match Cascade::from_yaml(yaml) {
        Err(Error::Load(e)) => e,
        other => panic!("expected an unreadable document, got {other:?}"),
    };
    assert_eq!(e.kind, LoadErrorKind::Schema);
    assert!(e.message.contains("not a finite number"), "{e}");
    assert_eq!(e.path.as_deref(), Some("key_results[0].metric.start"));
    assert_eq!((e.line, e.column), (Some(6), Some(70)), "{e}");
}

/// A document built in Rust with NaN or infinities cannot become a
/// `Cascade`: `TryFrom` runs the loader's checks and names the place.
#[test]
fn nan_and_infinities_built_in_rust_are_refused() {
    let yaml = "okr: '1'\ncycle: {id: Q, start: 2026-07-01, end: 2026-09-30, as_of: 2026-08-12}\nunits: [{id: co, kind: company}]\nobjectives: [{id: O, unit: co, title: t}]\nkey_results:\n  - {id: K1, objective: O, title: a, metric: {kind: increase, start: 0, target: 10, current: 5}}\n  - {id: K2, objective: O, title: b, metric: {kind: stay_above, threshold: 0, current: 0}}\n";
    let mut doc = Cascade::from_yaml(yaml).unwrap().into_document();
    doc.key_results[1].metric = Some(Metric::StayAbove {
        threshold: f64::NEG_INFINITY,
        current: Some(f64::INFINITY),
        measure: None,
        name: None,
    });
    let e = match Cascade::try_from(doc.clone()) {
        Err(Error::Load(e)) => e,
        other => panic!("expected an unreadable document, got {other:?}"),
    };
    assert_eq!(e.kind, LoadErrorKind::Schema);
    assert_eq!(e.path.as_deref(), Some("key_results[1].metric.threshold"));
    doc.key_results[1].metric = Some(Metric::StayAbove {
        threshold: 0.0,
        current: Some(0.0),
        measure: None,
        name: None,
    });
    doc.key_results[0].metric = Some(Metric::Increase {
        start: f64::NAN,
        target: 10.0,
        current: Some(5.0),
        measure: None,
        name: None,
    });
    let e = match Cascade::try_from(doc) {
        Err(Error::Load(e)) => e,
        other => panic!("expected an unreadable document, got {other:?}"),
    };
    assert_eq!(e.path.as_deref(), Some("key_results[0].metric.start"));
}

#[test]
fn numbers_beyond_f64_are_unreadable() {
    let e = load_err(&doc(
        r#","check_ins":[{"key_result":"K","date":"2026-08-01","value":1e400}]"#,
    ));
    assert_eq!(e.kind, LoadErrorKind::Syntax);
    assert!(e.message.contains("out of range"), "{e}");
    assert!(e.line.is_some() && e.column.is_some());
    let big = format!("1{}", "0".repeat(400));
    assert!(Cascade::from_json(&doc(&format!(
        r#","check_ins":[{{"key_result":"K","date":"2026-08-01","value":{big}}}]"#
    )))
    .is_err());
}

#[test]
fn empty_and_whitespace_ids_are_unreadable() {
    for id in ["", " ", "\t\n"] {
        let text = doc(&format!(
            r#","themes":[{{"id":{},"title":"t"}}]"#,
            serde_json::to_string(id).unwrap()
        ));
        let e = load_err(&text);
        assert!(e.message.contains("empty or blank"), "{e}");
        assert_eq!(e.path.as_deref(), Some("themes[0].id"));
    }
}

#[test]
fn ids_differing_only_in_unicode_normalisation_are_distinct() {
    // "café" composed (NFC) and decomposed (NFD): different ids, byte for byte.
    let nfc = "caf\u{e9}";
    let nfd = "cafe\u{301}";
    let text = doc(&format!(
        r#","units":[{{"id":"co","kind":"company"}}],"themes":[{{"id":"{nfc}","title":"a"}},{{"id":"{nfd}","title":"b"}}],"objectives":[{{"id":"O","unit":"co","title":"t","themes":["{nfd}"]}}]"#
    ));
    let c = Cascade::from_json(&text).unwrap();
    assert!(!codes(&c).contains(&"E001".to_string()), "not duplicates");
    assert_ne!(c.lookup(nfc), c.lookup(nfd));
}

#[test]
fn byte_order_mark_is_skipped() {
    let text = format!("\u{feff}{}", doc(""));
    assert!(Cascade::from_json(&text).is_ok());
    assert!(Cascade::from_yaml(
        "\u{feff}okr: '1'\ncycle: {id: Q, start: 2026-07-01, end: 2026-09-30}\n"
    )
    .is_ok());
}

#[test]
fn invalid_utf8_names_the_place() {
    let mut bytes = doc(r#","themes":[{"id":"T","title":"caf"#).into_bytes();
    bytes.truncate(bytes.len() - 1);
    let mut text = bytes;
    text.extend_from_slice(b"\n\xff\"}]}");
    let e = load::from_json_bytes(&text, &Limits::default()).unwrap_err();
    assert_eq!(e.kind, LoadErrorKind::Syntax);
    assert!(e.message.contains("invalid UTF-8"), "{e}");
    assert_eq!((e.line, e.column), (Some(2), Some(1)));
}

#[test]
fn impossible_dates_are_unreadable() {
    for bad in [
        "2026-02-30",
        "2026-13-01",
        "2026-00-10",
        "2026-04-31",
        "26-01-01",
        "2026-1-1",
    ] {
        let e = load_err(&format!(
            r#"{{"okr":"1","cycle":{{"id":"Q","start":"{bad}","end":"2026-09-30"}}}}"#
        ));
        assert!(e.message.contains("invalid date"), "{bad}: {e}");
        assert_eq!(e.path.as_deref(), Some("cycle.start"));
    }
}

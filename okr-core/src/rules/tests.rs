//! Unit tests of the rules that fixtures express poorly: every rule has its
//! fixtures, incremental check-ins count, cycles do not confuse the
//! depth and lineage rules, and odd input never panics.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::{Cascade, CheckIn, Code, Date, Policy};

fn cascade(extra: &str) -> Cascade {
    let text = format!(
        r#"{{"okr": "1",
        "cycle": {{"id": "Q3", "start": "2026-07-01", "end": "2026-09-30", "as_of": "2026-08-12"}},
        "units": [{{"id": "acme", "kind": "company"}},
                  {{"id": "eng", "kind": "function", "parent": "acme"}}],
        {extra}}}"#
    );
    Cascade::from_json(&text).unwrap()
}

fn codes(c: &Cascade) -> Vec<(String, String)> {
    c.validate(&Policy::default())
        .diagnostics
        .into_iter()
        .map(|d| (d.code.to_string(), d.subject))
        .collect()
}

fn has(c: &Cascade, code: &str, subject: &str) -> bool {
    codes(c).iter().any(|(c, s)| c == code && s == subject)
}

#[test]
fn every_rule_has_a_firing_and_a_near_miss_fixture() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/rules");
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for &code in Code::ALL {
        let prefix = format!("{code}-{}-", code.rule());
        for kind in ["fires", "near-miss"] {
            assert!(
                names
                    .iter()
                    .any(|n| n.starts_with(&prefix) && n.ends_with(&format!("{kind}.json"))),
                "no {kind} fixture for {code}"
            );
        }
    }
}

#[test]
fn incrementally_recorded_check_ins_count_for_w118() {
    let c = cascade(
        r#""objectives": [{"id": "O1", "unit": "acme", "title": "Win"}],
        "key_results": [{"id": "KR1", "objective": "O1", "title": "Grow ARR from 1 to 2",
                         "metric": {"kind": "increase", "start": 1, "target": 2}}]"#,
    );
    assert!(has(&c, "W118", "KR1"));
    let mut live = c.live(Default::default());
    live.record_check_in(CheckIn {
        key_result: "KR1".into(),
        date: Date::parse("2026-08-01").unwrap(),
        value: 1.5,
        confidence: None,
    })
    .unwrap();
    assert!(!has(live.cascade(), "W118", "KR1"));
}

#[test]
fn cycles_are_reported_once_and_do_not_deepen_direct_chains() {
    // O2 -> KR2 -> O3 -> KR3 -> O2 is a loop; O4 links into it directly.
    let c = cascade(
        r#""objectives": [
            {"id": "O1", "unit": "acme", "title": "Win", "themes": []},
            {"id": "O2", "unit": "eng", "title": "A", "links": [{"kind": "direct", "to": "KR3"}]},
            {"id": "O3", "unit": "eng", "title": "B", "links": [{"kind": "direct", "to": "KR2"}]},
            {"id": "O4", "unit": "eng", "title": "C", "links": [{"kind": "direct", "to": "KR2"}]}],
        "key_results": [
            {"id": "KR2", "objective": "O2", "title": "x", "metric": {"kind": "milestone"}},
            {"id": "KR3", "objective": "O3", "title": "y", "metric": {"kind": "milestone"}}]"#,
    );
    let all = codes(&c);
    let e003: Vec<_> = all.iter().filter(|(c, _)| c == "E003").collect();
    assert_eq!(e003, vec![&("E003".to_string(), "KR2".to_string())]);
    assert!(!all.iter().any(|(c, _)| c == "W107"));
    // Nothing in the loop reaches the priority: all three are orphans.
    for o in ["O2", "O3", "O4"] {
        assert!(has(&c, "W108", o), "{o}");
    }
}

#[test]
fn a_disabled_rule_is_silent_and_others_still_run() {
    let c = cascade(
        r#""objectives": [{"id": "O1", "unit": "acme", "title": "Win"},
                          {"id": "O2", "unit": "eng", "title": "Solo"}]"#,
    );
    let policy = Policy::builder().disable(Code::W108).build().unwrap();
    let report = c.validate(&policy);
    assert!(!report.diagnostics.iter().any(|d| d.code == "W108"));
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.code == "W102" && d.subject == "O2"));
}

#[test]
fn thresholds_come_from_the_policy() {
    let c = cascade(
        r#""objectives": [{"id": "O1", "unit": "acme", "title": "Win"}],
        "key_results": [{"id": "KR1", "objective": "O1", "title": "Boost growth",
                         "metric": {"kind": "increase", "start": 1, "target": 2}}]"#,
    );
    assert!(!has(&c, "W103", "KR1"));
    let policy = Policy::builder()
        .activity_verbs([" BOOST "])
        .build()
        .unwrap();
    let report = c.validate(&policy);
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.code == "W103" && d.subject == "KR1" && d.message.contains("boost")));
}

#[test]
fn messages_name_the_item_and_hints_are_filled() {
    let c = cascade(r#""objectives": [{"id": "O2", "unit": "eng", "title": "Lonely goal"}]"#);
    for d in c.validate(&Policy::default()).diagnostics {
        assert!(!d.hint.is_empty(), "{}", d.code);
        assert!(!d.message.is_empty(), "{}", d.code);
        if d.subject == "O2" {
            assert!(d.message.contains("O2") && d.message.contains("Lonely goal"));
        }
    }
}

#[test]
fn odd_documents_do_not_panic() {
    let docs = [
        r#""objectives": [{"id": "O1", "unit": "nowhere", "title": "x",
            "links": [{"kind": "direct", "to": "O1"}, {"kind": "responding", "to": "Q3"}]}],
           "key_results": [{"id": "KR1", "objective": "KR1", "title": "y", "source": "children",
             "metric": {"kind": "increase", "start": 1, "target": 1}, "weight": -1}],
           "initiatives": [{"id": "I1", "unit": "acme", "title": "z", "key_results": ["KR1", "KR1"]}],
           "check_ins": [{"key_result": "KR1", "date": "2020-01-01", "value": 0, "confidence": 9}]"#,
        r#""objectives": [{"id": "O1", "unit": "eng", "title": "",
            "links": [{"kind": "direct", "to": "KR1", "weight": 0}]}],
           "key_results": [{"id": "KR1", "objective": "O1", "title": "", "metric": {"kind": "milestone"}}],
           "mandates": [{"id": "M1", "unit": "eng", "title": "m", "metric": {"kind": "decrease", "start": 1, "target": 2},
             "supports": ["KR1", "M1"]}]"#,
    ];
    for extra in docs {
        let c = cascade(extra);
        let report = c.validate(&Policy::default());
        assert!(report.has_errors());
    }
}

/// The alerts of a fixture document, as (code, message).
fn fixture_alerts(name: &str, policy: &Policy) -> Vec<(Code, String)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/rules")
        .join(format!("{name}.json"));
    let fixture: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let c = Cascade::from_json(&fixture["document"].to_string()).unwrap();
    c.alerts(policy, None)
        .alerts
        .into_iter()
        .map(|a| (a.code, a.message))
        .collect()
}

#[test]
fn alert_messages_say_it_in_numbers() {
    let p = Policy::default();
    let a = fixture_alerts("A301-forecast-miss-fires", &p);
    assert_eq!(a[0].1, "Key result KR1 \"Raise weekly active teams from 0 to 100\" is at risk today (progress 38%), but its check-ins forecast 76% by 2026-08-10, below the 80% alert line.");
    assert_eq!(a[1].1, "Key result KR1 \"Raise weekly active teams from 0 to 100\" needs 1.6x its pace so far: 3.1% a day against 1.9% (62% to go in 20 days to 2026-08-10).");
    let a = fixture_alerts("A302-needs-acceleration-stalled-fires", &p);
    assert!(a[1].1.contains("is not moving toward its target: its check-ins show -0.5% a day, and it needs 2.8% a day (55% to go in 20 days to 2026-08-10)"), "{}", a[1].1);
    let a = fixture_alerts("A302-needs-acceleration-no-day-left-fires", &p);
    assert!(a[0].1.contains("has no day left: 50% of the way is still to go and its horizon is 2026-08-10 (as of 2026-08-10)"), "{}", a[0].1);
    let a = fixture_alerts("A303-confidence-drop-fires", &p);
    assert!(
        a[0].1
            .ends_with("fell from 70% on 2026-07-11 to 50% on 2026-07-21 (a drop of 20 points)."),
        "{}",
        a[0].1
    );
    let a = fixture_alerts("A303-confidence-drop-floor-fires", &p);
    assert!(
        a[0].1
            .ends_with("is 40% at its check-in of 2026-07-21, below the 50% floor."),
        "{}",
        a[0].1
    );
    let a = fixture_alerts("A304-slipping-fires", &p);
    assert!(a[0].1.ends_with("slipped from on track on 2026-07-14 to at risk on 2026-07-21 (progress 25% then, 25% now)."), "{}", a[0].1);
    // The thresholds are the policy's: a stricter line, a longer look-back.
    let strict = Policy::builder().acceleration(1.7).build().unwrap();
    let a = fixture_alerts("A301-forecast-miss-fires", &strict);
    assert_eq!(a.iter().map(|x| x.0).collect::<Vec<_>>(), [Code::A301]);
    let a = fixture_alerts(
        "A301-forecast-miss-near-miss",
        &Policy::builder().forecast_alert(0.81).build().unwrap(),
    );
    assert_eq!(a.iter().map(|x| x.0).collect::<Vec<_>>(), [Code::A301]);
    let a = fixture_alerts(
        "A303-confidence-drop-fires",
        &Policy::builder().confidence_drop(0.25).build().unwrap(),
    );
    assert!(a.is_empty());
    // 21 days back is before the cycle's start: nothing to compare with.
    let a = fixture_alerts(
        "A304-slipping-fires",
        &Policy::builder().slip_days(21).build().unwrap(),
    );
    assert!(a.is_empty());
    let a = fixture_alerts(
        "A304-slipping-fires",
        &Policy::builder().disable(Code::A304).build().unwrap(),
    );
    assert!(a.is_empty());
    assert!(Code::A304.hint(&p).contains("since last week"));
    assert!(Code::A304
        .hint(&Policy::builder().slip_days(14).build().unwrap())
        .contains("since 14 days ago"));
    assert!(Code::A301.hint(&p).contains("above 80%"));
    assert!(Code::A302.hint(&p).contains("1.5x"));
}

#[test]
fn two_threads_give_the_report_of_one() {
    // Templated teams: W120 groups, W123 restatements and every other
    // rule, in a document large enough to be split.
    let mut objectives = vec![
        r#"{"id": "O0", "unit": "acme", "title": "Grow revenue", "governance": {"cadence": "weekly"}}"#
            .to_string(),
    ];
    let mut krs = vec![r#"{"id": "K0", "objective": "O0", "title": "Grow ARR from 10 to 20", "metric": {"kind": "increase", "start": 10, "target": 20}}"#.to_string()];
    for i in 0..700 {
        objectives.push(format!(
            r#"{{"id": "O{}", "unit": "eng", "title": "Grow revenue in segment {}", "links": [{{"kind": "direct", "to": "K0"}}]}}"#,
            i + 1,
            i % 7
        ));
        krs.push(format!(
            r#"{{"id": "K{}", "objective": "O{}", "title": "Grow ARR from {} to 25", "metric": {{"kind": "increase", "start": 0, "target": 25}}}}"#,
            i + 1,
            i + 1,
            i % 5
        ));
    }
    let c = cascade(&format!(
        r#""objectives": [{}], "key_results": [{}]"#,
        objectives.join(","),
        krs.join(",")
    ));
    let policy = Policy::default();
    let rollup = c.rollup(&crate::RollupOptions::from_policy(&policy));
    let titles = super::TitleSlots::new(&c.doc, &c.ix);
    let one = super::validate_split(&c.doc, &c.ix, &policy, &rollup, &titles, false);
    let two = super::validate_split(&c.doc, &c.ix, &policy, &rollup, &titles, true);
    assert_eq!(one, two);
    assert!(one.diagnostics.iter().any(|d| d.code == Code::W120));
    // W123 fires on both sides of the cut (the last twentieth of objectives).
    let w123: Vec<&str> = one
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::W123)
        .map(|d| d.subject.as_str())
        .collect();
    assert!(w123.contains(&"K1") && w123.contains(&"K700"), "{w123:?}");
    assert!(one.diagnostics.len() > 100, "{}", one.diagnostics.len());
}

#[test]
fn w129_visits_only_pairs_that_can_conflict() {
    // 500 floors on `uptime` in one unit (thresholds 0-9), one ceiling at
    // 4.5 in another: the 250 floors above it conflict with it; floors
    // never conflict with floors.
    let objectives = [
        r#"{"id": "OA", "unit": "acme", "title": "Run well"}"#,
        r#"{"id": "OE", "unit": "eng", "title": "Run well too"}"#,
    ];
    let mut krs = vec![r#"{"id": "CEIL", "objective": "OA", "title": "c", "metric": {"kind": "stay_below", "threshold": 4.5, "name": "uptime"}}"#.to_string()];
    for i in 0..500 {
        krs.push(format!(
            r#"{{"id": "F{i:03}", "objective": "OE", "title": "f", "metric": {{"kind": "stay_above", "threshold": {}, "name": "uptime"}}}}"#,
            i % 10
        ));
    }
    let c = cascade(&format!(
        r#""objectives": [{}], "key_results": [{}]"#,
        objectives.join(","),
        krs.join(",")
    ));
    let policy = Policy::builder()
        .disabled(Code::ALL.iter().copied().filter(|&c| c != Code::W129))
        .build()
        .unwrap();
    let report = c.validate(&policy);
    assert_eq!(report.diagnostics.len(), 250);
    assert!(report
        .diagnostics
        .iter()
        .all(|d| d.code == Code::W129 && d.subject == "CEIL" && d.related.len() == 1));
}

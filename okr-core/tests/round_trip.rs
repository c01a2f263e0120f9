//! Lossless round trips: one rule for non-finite numbers (unreadable at
//! load, in YAML as in JSON), writers that return errors instead of empty
//! or `null`-filled output, and load -> write -> load as the identity.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use okr_core::*;

const YAML: &str = "okr: '1'
cycle: {id: Q, start: 2026-07-01, end: 2026-09-30, as_of: 2026-08-12}
units: [{id: co, kind: company}]
objectives:
  - {id: O0, unit: co, title: a}
  - {id: O1, unit: co, title: b, links: [{kind: direct, to: K0, weight: 1}]}
key_results:
  - {id: K0, objective: O0, title: a, metric: {kind: increase, start: 0, target: 10, current: 5}, weight: 1, confidence: 0.5}
  - {id: K1, objective: O0, title: b, metric: {kind: stay_above, threshold: 1, current: 2}}
  - {id: K2, objective: O1, title: c, metric: {kind: decrease, start: 10, target: 0, current: 5}}
mandates:
  - {id: M0, unit: co, title: m, metric: {kind: stay_below, threshold: 3, current: 1}}
check_ins:
  - {key_result: K0, date: 2026-07-10, value: 3, confidence: 0.5}
";

fn load_err(result: Result<Cascade, Error>) -> LoadError {
    match result {
        Err(Error::Load(e)) => e,
        Ok(c) => panic!(
            "expected an unreadable document, it loaded: {:?}",
            c.document()
        ),
        Err(e) => panic!("expected a load error, got {e}"),
    }
}

/// Every f64 of the format: text in `YAML`, the same with `@` where the
/// number goes, and the path of the value.
const PLACES: &[(&str, &str, &str)] = &[
    ("start: 0,", "start: @,", "key_results[0].metric.start"),
    ("target: 10,", "target: @,", "key_results[0].metric.target"),
    (
        "current: 5}, weight",
        "current: @}, weight",
        "key_results[0].metric.current",
    ),
    (
        "weight: 1, confidence",
        "weight: @, confidence",
        "key_results[0].weight",
    ),
    (
        "confidence: 0.5}\n  - {id: K1",
        "confidence: @}\n  - {id: K1",
        "key_results[0].confidence",
    ),
    (
        "threshold: 1,",
        "threshold: @,",
        "key_results[1].metric.threshold",
    ),
    (
        "current: 2}",
        "current: @}",
        "key_results[1].metric.current",
    ),
    ("start: 10,", "start: @,", "key_results[2].metric.start"),
    ("target: 0,", "target: @,", "key_results[2].metric.target"),
    (
        "to: K0, weight: 1}",
        "to: K0, weight: @}",
        "objectives[1].links[0].weight",
    ),
    (
        "threshold: 3,",
        "threshold: @,",
        "mandates[0].metric.threshold",
    ),
    ("current: 1}", "current: @}", "mandates[0].metric.current"),
    ("value: 3,", "value: @,", "check_ins[0].value"),
    (
        "value: 3, confidence: 0.5}",
        "value: 3, confidence: @}",
        "check_ins[0].confidence",
    ),
];

#[test]
fn the_base_yaml_document_loads() {
    let c = Cascade::from_yaml(YAML).unwrap();
    let report = c.validate(&Policy::default());
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
}

/// The first defect: a `.inf` check-in value loaded, and `view`
/// wrote `"value": null`, which the JSON reader refused.
#[test]
fn an_infinite_check_in_value_in_yaml_is_unreadable_at_its_place() {
    let text = YAML.replace("value: 3,", "value: .inf,");
    let e = load_err(Cascade::from_yaml(&text));
    assert_eq!(e.kind, LoadErrorKind::Schema, "{e}");
    assert!(e.message.contains("not a finite number"), "{e}");
    assert_eq!(e.path.as_deref(), Some("check_ins[0].value"), "{e}");
    assert_eq!((e.line, e.column), (Some(14), Some(47)), "{e}");
    // Block style: the place is the value's own line.
    let text = YAML.replace(
        "  - {key_result: K0, date: 2026-07-10, value: 3, confidence: 0.5}\n",
        "  - key_result: K0\n    date: 2026-07-10\n    value: -.inf\n",
    );
    let e = load_err(Cascade::from_yaml(&text));
    assert_eq!(e.path.as_deref(), Some("check_ins[0].value"), "{e}");
    assert_eq!((e.line, e.column), (Some(16), Some(12)), "{e}");
    assert!(
        e.to_string().starts_with(
            "line 16, column 12: at `check_ins[0].value`: -inf is not a finite number"
        ),
        "{e}"
    );
}

/// The second example: a `.nan` current value became `null` on the
/// way out, and its E004 disappeared on the next load.
#[test]
fn a_nan_current_value_in_yaml_is_unreadable_at_its_place() {
    let text = YAML.replace("current: 5}, weight", "current: .nan}, weight");
    let e = load_err(Cascade::from_yaml(&text));
    assert_eq!(e.kind, LoadErrorKind::Schema, "{e}");
    assert!(e.message.contains("not a finite number"), "{e}");
    assert_eq!(
        e.path.as_deref(),
        Some("key_results[0].metric.current"),
        "{e}"
    );
    assert_eq!(e.line, Some(8), "{e}");
}

/// Every number of the format, with each spelling of NaN and the
/// infinities: the error names the path, the line and the column.
#[test]
fn every_non_finite_number_in_yaml_is_unreadable_with_its_place() {
    for (from, to, path) in PLACES {
        let at = YAML.find(from).unwrap() + to.find('@').unwrap();
        let line = 1 + YAML[..at].matches('\n').count();
        let column = at - YAML[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
        for bad in [".nan", ".NaN", ".inf", "+.inf", "-.Inf", ".INF"] {
            let text = YAML.replacen(from, &to.replace('@', bad), 1);
            let e = load_err(Cascade::from_yaml(&text));
            assert_eq!(e.kind, LoadErrorKind::Schema, "{bad} at {path}: {e}");
            assert!(
                e.message.contains("not a finite number"),
                "{bad} at {path}: {e}"
            );
            assert_eq!(e.path.as_deref(), Some(*path), "{bad}: {e}");
            assert_eq!(
                (e.line, e.column),
                (Some(line), Some(column)),
                "{bad} at {path}: {e}"
            );
        }
        // A number beyond f64 is unreadable in YAML as in JSON.
        let text = YAML.replacen(from, &to.replace('@', "1e400"), 1);
        assert!(Cascade::from_yaml(&text).is_err(), "1e400 at {path}");
    }
}

/// A document built in Rust with a non-finite number: every writer refuses
/// it, naming the place, instead of writing `null` (which the reader then
/// refuses, or reads as "no value") or an empty string.
#[test]
fn a_non_finite_number_is_never_written() {
    let mut doc = Cascade::from_yaml(YAML).unwrap().into_document();
    doc.check_ins[0].value = f64::INFINITY;
    // serde_json used to write `"value":null`; the format's serialisers
    // refuse, whatever the output format.
    let e = serde_json::to_string(&doc).unwrap_err();
    assert!(e.to_string().contains("not a finite number"), "{e}");
    assert!(serde_yaml_ng::to_string(&doc).is_err());
    // Nor can such a document become a Cascade: `TryFrom` runs the
    // loader's checks, so no Cascade ever holds a non-finite number.
    let e = load_err(Cascade::try_from(doc.clone()));
    assert_eq!(e.path.as_deref(), Some("check_ins[0].value"));
    assert!(e.message.contains("not a finite number"), "{e}");
    // Inside the internally tagged metric, and in an optional field.
    doc.check_ins[0].value = 3.0;
    doc.key_results[0]
        .metric
        .as_mut()
        .unwrap()
        .set_current(Some(f64::NAN));
    let e = serde_json::to_string(&doc).unwrap_err();
    assert!(e.to_string().contains("not a finite number"), "{e}");
    let e = load_err(Cascade::try_from(doc.clone()));
    assert_eq!(e.path.as_deref(), Some("key_results[0].metric.current"));
    doc.key_results[0]
        .metric
        .as_mut()
        .unwrap()
        .set_current(Some(5.0));
    doc.objectives[1].links[0].weight = Some(f64::NEG_INFINITY);
    let e = load_err(Cascade::try_from(doc.clone()));
    assert_eq!(e.path.as_deref(), Some("objectives[1].links[0].weight"));
    // The loader's check names the same place.
    let e = load_err(Cascade::from_yaml(
        &serde_yaml_ng::to_string(&{
            let mut d = doc.clone();
            d.objectives[1].links[0].weight = Some(2.0);
            d
        })
        .unwrap()
        .replace("weight: 2.0", "weight: -.inf"),
    ));
    assert_eq!(e.path.as_deref(), Some("objectives[1].links[0].weight"));
}

/// A figure is never written as `null` for NaN: the figure types refuse a
/// non-finite number (the rollup never computes one; see
/// `huge_weights_keep_means_finite`).
#[test]
fn a_non_finite_figure_is_never_written() {
    let fig = KeyResultFigures {
        progress: Some(f64::NAN),
        ..Default::default()
    };
    assert!(serde_json::to_string(&fig).is_err());
    let fig = ObjectiveFigures {
        progress: Some(f64::INFINITY),
        ..Default::default()
    };
    assert!(serde_json::to_string(&fig).is_err());
    let fig = MeanFigures {
        progress: Some(f64::NAN),
        ..Default::default()
    };
    assert!(serde_json::to_string(&fig).is_err());
    let c = Cascade::from_yaml(YAML).unwrap();
    let r = c.rollup(&RollupOptions::default());
    let text = RollupReport::new(&c, &r).to_json().unwrap();
    assert_eq!(
        text,
        serde_json::to_string(&RollupReport::new(&c, &r)).unwrap()
    );
    // A figure made NaN by hand: the report refuses it, naming it.
    let mut r = r;
    r.objectives[1].progress = Some(f64::NAN);
    let e = RollupReport::new(&c, &r).to_json().unwrap_err();
    assert_eq!(e.code(), "internal");
    assert!(e.to_string().contains("`objectives.O1.progress`"), "{e}");
    assert!(e.to_string().contains("NaN is not a finite number"), "{e}");
}

/// Valid weights whose sum is beyond f64 (each is finite and above 0, so
/// no E004) kept a mean of inf / inf = NaN, written as `null`: the mean is
/// now computed without overflow.
#[test]
fn huge_weights_keep_means_finite() {
    let text = YAML
        .replace(
            "current: 5}, weight: 1, confidence",
            "current: 5}, weight: 1.7e308, confidence",
        )
        .replace(
            "{kind: stay_above, threshold: 1, current: 2}}",
            "{kind: stay_above, threshold: 1, current: 2}, weight: 1.7e308}",
        );
    let c = Cascade::from_yaml(&text).unwrap();
    assert!(!c.validate(&Policy::default()).has_errors());
    let r = c.rollup(&RollupOptions::default());
    // K0 is at 0.3 (its check-in), K1 meets its threshold (1): the mean
    // of equal weights is 0.65.
    let o0 = r.objectives[0].progress.unwrap();
    assert!((o0 - 0.65).abs() < 1e-12, "{o0}");
    let json = RollupReport::new(&c, &r).to_json().unwrap();
    assert!(!json.contains("null,\"status\":\"at_risk\""), "{json}");
}

// ---------------------------------------------------------------------------
// load -> write -> load is the identity (property tests)
// ---------------------------------------------------------------------------

use proptest::prelude::*;

/// Calls `f` on every number of `doc`, in a fixed order.
fn each_number(doc: &mut Document, f: &mut dyn FnMut(&mut f64)) {
    fn metric(m: &mut Metric, f: &mut dyn FnMut(&mut f64)) {
        match m {
            Metric::Increase {
                start,
                target,
                current,
                ..
            }
            | Metric::Decrease {
                start,
                target,
                current,
                ..
            } => {
                f(start);
                f(target);
                if let Some(x) = current.as_mut() {
                    f(x);
                }
            }
            Metric::StayAbove {
                threshold, current, ..
            }
            | Metric::StayBelow {
                threshold, current, ..
            } => {
                f(threshold);
                if let Some(x) = current.as_mut() {
                    f(x);
                }
            }
            Metric::Milestone { .. } => {}
        }
    }
    for o in &mut doc.objectives {
        for l in &mut o.links {
            if let Some(x) = l.weight.as_mut() {
                f(x);
            }
        }
    }
    for k in &mut doc.key_results {
        if let Some(m) = &mut k.metric {
            metric(m, f);
        }
        if let Some(x) = k.weight.as_mut() {
            f(x);
        }
        if let Some(x) = k.confidence.as_mut() {
            f(x);
        }
    }
    for m in &mut doc.mandates {
        metric(&mut m.metric, f);
    }
    for c in &mut doc.check_ins {
        f(&mut c.value);
        if let Some(x) = c.confidence.as_mut() {
            f(x);
        }
    }
}

/// The bits of every number: equal bits, not just `==` (which calls -0.0
/// and 0.0 equal).
fn bits(doc: &Document) -> Vec<u64> {
    let mut out = Vec::new();
    each_number(&mut doc.clone(), &mut |v| out.push(v.to_bits()));
    out
}

/// Finite numbers that are awkward to write and read back exactly.
fn awkward() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(-0.0),
        Just(0.0),
        Just(1e-300),
        Just(-1e-300),
        Just(1e300),
        Just(-1e300),
        Just(f64::MAX),
        Just(f64::MIN),
        Just(f64::MIN_POSITIVE),
        Just(5e-324),
        Just(0.1 + 0.2),
        Just(1.0 / 3.0),
        Just(9_007_199_254_740_993.0),
        Just(123_456_789.123_456_79),
        any::<f64>().prop_filter("finite", |v| v.is_finite()),
        -1e6..1e6f64,
    ]
}

/// A generated document whose numbers are replaced by `numbers` (cycled);
/// every third document keeps the generator's own numbers.
fn awkward_document(seed: u64, numbers: &[f64]) -> Document {
    let mut doc = common::document(seed, false);
    if seed % 3 != 0 && !numbers.is_empty() {
        let mut i = 0;
        each_number(&mut doc, &mut |v| {
            *v = numbers[i % numbers.len()];
            i += 1;
        });
    }
    doc
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    /// JSON: load -> write -> load gives the same document, the same bits
    /// and the same text.
    #[test]
    fn json_round_trip_is_the_identity(seed in any::<u64>(), numbers in prop::collection::vec(awkward(), 1..40)) {
        let doc = awkward_document(seed, &numbers);
        let text = serde_json::to_string(&doc).unwrap();
        let a = Cascade::from_json(&text).unwrap();
        prop_assert_eq!(a.document(), &doc);
        prop_assert_eq!(bits(a.document()), bits(&doc));
        let again = a.to_json().unwrap();
        prop_assert_eq!(&again, &text);
        let b = Cascade::from_json(&again).unwrap();
        prop_assert_eq!(b.document(), a.document());
        prop_assert_eq!(bits(b.document()), bits(&doc));
    }

    /// YAML: a document written as YAML and loaded is the document; written
    /// as JSON and loaded, it is the same again.
    #[test]
    fn yaml_loaded_documents_round_trip_through_json(seed in any::<u64>(), numbers in prop::collection::vec(awkward(), 1..40)) {
        let doc = awkward_document(seed, &numbers);
        let yaml = serde_yaml_ng::to_string(&doc).unwrap();
        let a = Cascade::from_yaml(&yaml).unwrap();
        prop_assert_eq!(a.document(), &doc);
        prop_assert_eq!(bits(a.document()), bits(&doc));
        let json = a.to_json().unwrap();
        let b = Cascade::from_json(&json).unwrap();
        prop_assert_eq!(b.document(), a.document());
        prop_assert_eq!(bits(b.document()), bits(&doc));
        prop_assert_eq!(b.to_json().unwrap(), json);
        // And back to YAML: the same text.
        prop_assert_eq!(serde_yaml_ng::to_string(b.document()).unwrap(), yaml);
    }

    /// Views: `view_for(unit)` written (JSON or YAML) and loaded is the
    /// view, for every unit.
    #[test]
    fn views_round_trip(seed in any::<u64>(), numbers in prop::collection::vec(awkward(), 1..40)) {
        let doc = awkward_document(seed, &numbers);
        let c = Cascade::from_json(&serde_json::to_string(&doc).unwrap()).unwrap();
        for u in &doc.units {
            let view = c.view_for(&u.id).unwrap();
            let text = serde_json::to_string(&view).unwrap();
            let a = Cascade::from_json(&text).unwrap();
            prop_assert_eq!(a.document(), &view);
            prop_assert_eq!(bits(a.document()), bits(&view));
            prop_assert_eq!(a.to_json().unwrap(), text);
            let b = Cascade::from_yaml(&serde_yaml_ng::to_string(&view).unwrap()).unwrap();
            prop_assert_eq!(b.document(), &view);
            prop_assert_eq!(bits(b.document()), bits(&view));
            // The view's figures can be written too.
            let r = a.rollup(&RollupOptions::default());
            RollupReport::new(&a, &r).to_json().unwrap();
        }
    }

    /// Any one number of a YAML document (as serde_yaml_ng writes it, block
    /// style) made NaN or infinite: unreadable, placed at that number.
    #[test]
    fn a_non_finite_number_anywhere_in_yaml_is_placed(seed in any::<u64>(), pick in any::<usize>(), bad in prop::sample::select(vec![".nan", ".inf", "-.inf"])) {
        const SENTINEL: f64 = 0.123_456_789_012_345_6;
        let mut doc = common::document(seed, false);
        let mut count = 0;
        each_number(&mut doc, &mut |_| count += 1);
        prop_assume!(count > 0);
        let mut i = 0;
        each_number(&mut doc, &mut |v| {
            if i == pick % count {
                *v = SENTINEL;
            }
            i += 1;
        });
        let yaml = serde_yaml_ng::to_string(&doc).unwrap();
        let written = SENTINEL.to_string();
        let at = yaml.find(&written).unwrap();
        prop_assert_eq!(yaml.matches(&written).count(), 1);
        let line = 1 + yaml[..at].matches('\n').count();
        let column = at - yaml[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
        let e = load_err(Cascade::from_yaml(&yaml.replacen(&written, bad, 1)));
        prop_assert_eq!(e.kind, LoadErrorKind::Schema);
        prop_assert!(e.message.contains("not a finite number"), "{}", e);
        prop_assert_eq!((e.line, e.column), (Some(line), Some(column)), "{}", e);
        let path = e.path.unwrap();
        let field = path.rsplit('.').next().unwrap();
        prop_assert_eq!(yaml.lines().nth(line - 1).unwrap().trim_start().trim_start_matches("- "), format!("{field}: {written}"));
    }
}

/// Each awkward number at once, through JSON and YAML, bit for bit.
#[test]
fn awkward_numbers_survive_json_and_yaml() {
    let numbers = [
        -0.0,
        1e-300,
        -1e-300,
        1e300,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        5e-324,
        0.1 + 0.2,
        1.0 / 3.0,
        9_007_199_254_740_993.0,
        123_456_789.123_456_79,
    ];
    let seed = (1..).find(|s| {
        let doc = awkward_document(*s, &numbers);
        s % 3 != 0 && bits(&doc).len() >= numbers.len()
    });
    let doc = awkward_document(seed.unwrap(), &numbers);
    let want = bits(&doc);
    assert!(want.contains(&(-0.0f64).to_bits()));
    let json = serde_json::to_string(&doc).unwrap();
    assert_eq!(bits(Cascade::from_json(&json).unwrap().document()), want);
    let yaml = serde_yaml_ng::to_string(&doc).unwrap();
    let from_yaml = Cascade::from_yaml(&yaml).unwrap();
    assert_eq!(bits(from_yaml.document()), want);
    let json = from_yaml.to_json().unwrap();
    assert_eq!(bits(Cascade::from_json(&json).unwrap().document()), want);
}

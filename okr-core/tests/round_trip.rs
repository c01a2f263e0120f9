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
    let c = Cascade::new(doc.clone());
    match c.to_json() {
        Err(e @ Error::Output(_)) => {
            assert_eq!(e.code(), "internal");
            let text = e.to_string();
            assert!(text.contains("`check_ins[0].value`"), "{text}");
            assert!(text.contains("inf is not a finite number"), "{text}");
        }
        other => panic!("expected an output error, got {other:?}"),
    }
    // Inside the internally tagged metric, and in an optional field.
    doc.check_ins[0].value = 3.0;
    doc.key_results[0]
        .metric
        .as_mut()
        .unwrap()
        .set_current(Some(f64::NAN));
    let e = Cascade::new(doc.clone()).to_json().unwrap_err();
    assert!(
        e.to_string().contains("`key_results[0].metric.current`"),
        "{e}"
    );
    doc.key_results[0]
        .metric
        .as_mut()
        .unwrap()
        .set_current(Some(5.0));
    doc.objectives[1].links[0].weight = Some(f64::NEG_INFINITY);
    let e = Cascade::new(doc.clone()).to_json().unwrap_err();
    assert!(
        e.to_string().contains("`objectives[1].links[0].weight`"),
        "{e}"
    );
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

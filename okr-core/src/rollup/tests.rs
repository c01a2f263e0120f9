//! Unit tests of the engine that need a document the loader refuses.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use super::{Engine, RollupPlan};
use crate::document::{Document, Source};
use crate::index::{Index, ItemRef};

/// A redacted KR with `source: children` (the loader refuses one; a
/// `Document` built in code need not) is not derived: it has no blocks, and
/// a change of an objective linking to it directly must not touch the
/// blocks of the derived KR after it. Before the plan knew which links land
/// in a block, the update wrote there and gave the redacted KR progress 0.
#[test]
fn an_update_leaves_a_redacted_children_kr_and_its_neighbours_alone() {
    let text = r#"{"okr": "1", "view": "acme",
      "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30", "as_of": "2026-08-12"},
      "units": [{"id": "acme", "kind": "company"}],
      "objectives": [
        {"id": "O1", "unit": "acme", "title": "a"},
        {"id": "O2", "unit": "acme", "title": "b",
         "links": [{"kind": "direct", "to": "KR1"}, {"kind": "direct", "to": "KR3"}]}],
      "key_results": [
        {"id": "KR1", "objective": "O1", "redacted": true},
        {"id": "KR2", "objective": "O2", "title": "x",
         "metric": {"kind": "increase", "start": 0, "target": 10, "current": 1}},
        {"id": "KR3", "objective": "O1", "title": "y", "source": "children",
         "metric": {"kind": "milestone"}}]}"#;
    let mut doc: Document = crate::load::from_json(text, &Default::default()).unwrap();
    doc.key_results[0].source = Source::Children;
    let ix = Index::build(&doc).unwrap();
    let mut plan = RollupPlan::build(&doc, &ix);
    let kr2 = match ix.ids.get(&doc, "KR2") {
        Some(ItemRef::KeyResult(k)) => k,
        other => panic!("{other:?}"),
    };
    let engine =
        |doc: &Document, plan: &RollupPlan| Engine { doc, ix: &ix, plan }.run(&Default::default());
    let mut r = engine(&doc, &plan);
    doc.key_results[1]
        .metric
        .as_mut()
        .unwrap()
        .set_current(Some(7.0));
    // As the live model does: the plan's copy of the KR follows.
    plan.refresh_sweep(&doc, kr2);
    let e = Engine {
        doc: &doc,
        ix: &ix,
        plan: &plan,
    };
    let changed = e.update(&mut r, kr2);
    assert_eq!(r, engine(&doc, &plan));
    assert_eq!(r.key_results[0].progress, None);
    assert_eq!(r.key_results[2].progress, Some(0.7));
    // KR1's figures cannot change: it is not recomputed.
    assert_eq!(changed.key_results, vec![1, 2]);
}

fn two_cascades() -> (crate::Cascade, crate::Cascade) {
    let doc = |units: &str| {
        format!(
            r#"{{"okr": "1",
              "cycle": {{"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"}},
              "units": [{units}],
              "objectives": [{{"id": "O1", "unit": "acme", "title": "a"}}],
              "key_results": [{{"id": "KR1", "objective": "O1", "title": "x",
                "metric": {{"kind": "increase", "start": 0, "target": 10}}}}]}}"#
        )
    };
    let small = crate::Cascade::from_json(&doc(r#"{"id": "acme", "kind": "company"}"#)).unwrap();
    let large = crate::Cascade::from_json(&doc(
        r#"{"id": "acme", "kind": "company"}, {"id": "eng", "kind": "function", "parent": "acme"}"#,
    ))
    .unwrap();
    (small, large)
}

/// A rollup can no longer be paired with another document (the live model
/// owns both), and an item of another cascade navigates nowhere here
/// rather than indexing out of range.
#[test]
fn an_item_of_another_cascade_navigates_nowhere() {
    let (small, large) = two_cascades();
    let eng = large.lookup("eng").unwrap();
    assert_eq!(small.children(eng).len(), 0);
    assert_eq!(small.objectives_of(eng).len(), 0);
    assert_eq!(small.parent(eng), None);
    assert_eq!(small.describe(eng), "unit");
    let mut live = small.live(Default::default());
    let delta = live.set_current("KR1", Some(5.0)).unwrap();
    assert_eq!(delta.key_results["KR1"].progress, Some(0.5));
}

/// An item of another cascade has no id here, rather than a wrong one.
#[test]
fn an_item_of_another_cascade_has_no_id() {
    let (small, large) = two_cascades();
    let eng = large.lookup("eng").unwrap();
    assert_eq!(large.id_of(eng), Some("eng"));
    assert_eq!(small.id_of(eng), None);
    assert_eq!(small.id_of(large.lookup("KR1").unwrap()), Some("KR1"));
}

/// The trend reads each KR's metric and the check-ins from the plan, not the
/// document: a live `set_current` must refresh it, so the trend of the
/// live model's cascade is the trend of the same document loaded afresh
/// (and the same for the plan's copy of the check-ins).
#[test]
fn a_trend_after_a_live_set_current_sees_the_new_value() {
    let text = r#"{"okr": "1",
      "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30", "as_of": "2026-08-12"},
      "units": [{"id": "acme", "kind": "company"}],
      "objectives": [{"id": "O1", "unit": "acme", "title": "a"}],
      "key_results": [
        {"id": "KR1", "objective": "O1", "title": "x",
         "metric": {"kind": "increase", "start": 0, "target": 10, "current": 1}},
        {"id": "KR2", "objective": "O1", "title": "y",
         "metric": {"kind": "stay_above", "threshold": 5}}]}"#;
    let options = crate::RollupOptions::default();
    let mut live = crate::Cascade::from_json(text)
        .unwrap()
        .live(options.clone());
    live.set_current("KR1", Some(7.0)).unwrap();
    live.set_current("KR2", Some(6.0)).unwrap();
    // The plan's copy of the check-ins follows a recorded one too.
    live.record_check_in(crate::document::CheckIn {
        key_result: "KR2".into(),
        date: crate::date::Date::from_ymd(2026, 7, 20).unwrap(),
        value: 4.0,
        confidence: None,
    })
    .unwrap();
    let fresh = reloaded(&live);
    let (a, b) = (
        live.cascade().trend(7, &options).unwrap(),
        fresh.trend(7, &options).unwrap(),
    );
    assert_eq!(a, b);
    let last = a.dates().len() - 1;
    let kr1 = a.series_at(crate::TrendKind::KeyResult, 0).unwrap();
    assert_eq!(kr1.get(last).unwrap().progress, Some(0.7));
}

/// An objective's mean in the trend takes a plain weighted sum when it can
/// (no hidden, self-dropped or zero-weight KR) and falls back to the
/// rescaling mean when the weights' total would overflow or a weight is
/// skipped: every point still equals a full rollup at its date, for an
/// objective whose two KRs weigh 1e308 each (the plain sum would be
/// inf / inf) and one with a KR of weight 0.
#[test]
fn trend_objective_means_with_huge_and_zero_weights_equal_full_rollups() {
    let text = r#"{"okr": "1",
      "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30", "as_of": "2026-09-30"},
      "units": [{"id": "acme", "kind": "company"}],
      "objectives": [{"id": "O1", "unit": "acme", "title": "a"},
                     {"id": "O2", "unit": "acme", "title": "b"}],
      "key_results": [
        {"id": "KR1", "objective": "O1", "title": "x", "weight": 1e308,
         "metric": {"kind": "increase", "start": 0, "target": 10}},
        {"id": "KR2", "objective": "O1", "title": "y", "weight": 1e308,
         "metric": {"kind": "increase", "start": 0, "target": 10}},
        {"id": "KR3", "objective": "O2", "title": "z", "weight": 0,
         "metric": {"kind": "increase", "start": 0, "target": 10}},
        {"id": "KR4", "objective": "O2", "title": "w", "weight": 2,
         "metric": {"kind": "increase", "start": 0, "target": 10}}],
      "check_ins": [
        {"key_result": "KR1", "date": "2026-07-10", "value": 2},
        {"key_result": "KR2", "date": "2026-07-24", "value": 6},
        {"key_result": "KR1", "date": "2026-08-20", "value": 9},
        {"key_result": "KR3", "date": "2026-07-10", "value": 10},
        {"key_result": "KR4", "date": "2026-08-01", "value": 3}]}"#;
    let c = crate::Cascade::from_json(text).unwrap();
    let options = crate::RollupOptions::default();
    let trend = c.trend(7, &options).unwrap();
    let points = c.trend_rollups(7, &options);
    assert_eq!(trend.dates().len(), points.len());
    for (o, id) in ["O1", "O2"].into_iter().enumerate() {
        let series = trend.with_ids(&c).unwrap();
        let series = series.get(crate::TrendKind::Objective, id).unwrap();
        for (j, (_, r)) in points.iter().enumerate() {
            let f = r.objectives[o];
            assert_eq!(
                series.get(j).unwrap().progress.map(f64::to_bits),
                f.progress.map(f64::to_bits),
                "{id} at point {j}"
            );
            assert_eq!(series.get(j).unwrap().status, f.status, "{id} at point {j}");
        }
    }
    // O1 averages its two KRs equally despite the overflowing total.
    let last = points.len() - 1;
    assert_eq!(points[last].1.objectives[0].progress, Some(0.75));
}

/// The full rollup reads a KR's check-ins from the plan's KR-ordered copy
/// while the index holds no later check-in for it, and through the
/// per-check-in copy once one is recorded live (then the index merges the
/// KR's list by date): both give the figures of the same document loaded
/// afresh, including a check-in dated before the others and one sharing
/// a date (the later in the document wins).
#[test]
fn a_rollup_after_live_check_ins_equals_a_fresh_load() {
    let text = r#"{"okr": "1",
      "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30", "as_of": "2026-08-12"},
      "units": [{"id": "acme", "kind": "company"}],
      "objectives": [{"id": "O1", "unit": "acme", "title": "a"}],
      "key_results": [
        {"id": "KR1", "objective": "O1", "title": "x",
         "metric": {"kind": "increase", "start": 0, "target": 10}},
        {"id": "KR2", "objective": "O1", "title": "y",
         "metric": {"kind": "decrease", "start": 10, "target": 0}}],
      "check_ins": [
        {"key_result": "KR1", "date": "2026-07-10", "value": 1},
        {"key_result": "KR1", "date": "2026-07-24", "value": 3},
        {"key_result": "KR1", "date": "2026-08-20", "value": 9},
        {"key_result": "KR2", "date": "2026-07-15", "value": 8}]}"#;
    let options = crate::RollupOptions::default();
    let mut live = crate::Cascade::from_json(text)
        .unwrap()
        .live(options.clone());
    let date = |d: u32| crate::date::Date::from_ymd(2026, 7, d).unwrap();
    for (day, value) in [(17, 2.0), (24, 4.0), (31, 6.0)] {
        live.record_check_in(crate::document::CheckIn {
            key_result: "KR1".into(),
            date: date(day),
            value,
            confidence: None,
        })
        .unwrap();
    }
    let fresh = reloaded(&live);
    for as_of in [None, Some(date(24)), Some(date(5))] {
        let options = options.clone().with_as_of(as_of);
        let (a, b) = (live.cascade().rollup(&options), fresh.rollup(&options));
        assert_eq!(a.key_results, b.key_results, "as of {as_of:?}");
        assert_eq!(a.objectives, b.objectives, "as of {as_of:?}");
    }
    assert_eq!(live.rollup(), &fresh.rollup(&options));
    // KR1's value as of the document's date: the live check-in of 07-31.
    let kr1 = &live.rollup().key_results[0];
    assert_eq!(kr1.raw, Some(0.6));
    assert!(kr1.forecast_low.is_some());
}

/// The live model's document loaded afresh (the reference a live update
/// must equal).
fn reloaded(live: &crate::LiveRollup) -> crate::Cascade {
    crate::Cascade::from_document_with_limits(
        live.cascade().document().clone(),
        &Default::default(),
    )
    .unwrap()
}

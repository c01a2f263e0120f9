//! Invariants over generated documents (proptest).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use okr_core::*;
use proptest::prelude::*;
use serde_json::Value;

fn all_ids(doc: &Document) -> Vec<String> {
    let mut ids = vec![doc.cycle.id.clone()];
    ids.extend(doc.units.iter().map(|x| x.id.clone()));
    ids.extend(doc.themes.iter().map(|x| x.id.clone()));
    ids.extend(doc.objectives.iter().map(|x| x.id.clone()));
    ids.extend(doc.key_results.iter().map(|x| x.id.clone()));
    ids.extend(doc.contributions.iter().map(|x| x.id.clone()));
    ids.extend(doc.mandates.iter().map(|x| x.id.clone()));
    ids.extend(doc.initiatives.iter().map(|x| x.id.clone()));
    ids.extend(doc.sprint_goals.iter().map(|x| x.id.clone()));
    ids
}

fn figures(c: &Cascade) -> Value {
    let r = c.rollup(&RollupOptions::default());
    serde_json::to_value(RollupReport::new(c, &r)).unwrap()
}

/// Equal up to 1e-12 on numbers (summation order may differ by an ulp).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            (x.as_f64().unwrap() - y.as_f64().unwrap()).abs() <= 1e-12
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        _ => a == b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn progress_is_always_within_bounds(seed in any::<u64>()) {
        let c = Cascade::try_from(common::document(seed, false)).unwrap();
        let r = c.rollup(&RollupOptions::default());
        let ok = |p: Option<f64>| p.is_none_or(|p| (0.0..=1.0).contains(&p));
        prop_assert!(r.key_results.iter().all(|f| ok(f.progress) && ok(f.forecast) && f.raw.is_none_or(f64::is_finite)));
        prop_assert!(r.objectives.iter().all(|f| ok(f.progress)));
        prop_assert!(r.themes.iter().chain(&r.units).all(|f| ok(f.progress)));
    }

    #[test]
    fn every_function_is_total(seed in any::<u64>()) {
        let doc = common::document(seed, false);
        let c = Cascade::try_from(doc.clone()).unwrap();
        let _ = c.validate(&Policy::default());
        for id in all_ids(&doc) {
            let _ = c.lineage(&id).unwrap();
        }
        prop_assert!(c.lineage("no such id").is_err());
        for u in &doc.units {
            let view = c.view_for(&u.id).unwrap();
            let again = Cascade::from_json(&serde_json::to_string(&view).unwrap()).unwrap();
            let _ = again.validate(&Policy::default());
            let _ = figures(&again);
        }
    }

    #[test]
    fn incremental_equals_full_recompute(seed in any::<u64>(), steps in prop::collection::vec((any::<u16>(), any::<i16>(), 0u8..14, any::<bool>()), 1..12)) {
        let c = Cascade::try_from(common::document(seed, false)).unwrap();
        let n = c.document().key_results.len();
        prop_assume!(n > 0);
        let options = RollupOptions::default();
        let mut live = LiveRollup::new(c, options.clone());
        for (which, value, day, check_in) in steps {
            let kr = live.cascade().document().key_results[which as usize % n].id.clone();
            let value = f64::from(value) / 100.0;
            let delta = if check_in {
                Some(live.record_check_in(CheckIn { key_result: kr, date: common::date(i32::from(day)), value, confidence: None }).unwrap())
            } else {
                live.set_current(&kr, Some(value)).ok()
            };
            let full = Cascade::try_from(live.cascade().document().clone()).unwrap().rollup(&options);
            prop_assert_eq!(live.rollup(), &full);
            // The delta holds exactly the full rollup's figures for its ids.
            if let Some(delta) = delta {
                let report: serde_json::Value = serde_json::from_str(&live.report().to_json().unwrap()).unwrap();
                let delta: serde_json::Value = serde_json::to_value(&delta).unwrap();
                for kind in ["key_results", "objectives", "themes", "units"] {
                    for (id, fig) in delta[kind].as_object().unwrap() {
                        prop_assert_eq!(&report[kind][id], fig, "{} {}", kind, id);
                    }
                }
            }
        }
    }

    #[test]
    fn dropping_equals_full_recompute(seed in any::<u64>(), as_of in prop::option::of(-2i32..13), steps in prop::collection::vec((any::<u16>(), 0u8..3, prop::option::of(-1i32..13), any::<i16>()), 1..12)) {
        let c = Cascade::try_from(common::document(seed, false)).unwrap();
        let (n_kr, n_obj) = (c.document().key_results.len(), c.document().objectives.len());
        prop_assume!(n_kr + n_obj > 0);
        let options = RollupOptions::default().with_as_of(as_of.map(common::date));
        let mut live = LiveRollup::new(c, options.clone());
        for (which, op, day, value) in steps {
            let doc = live.cascade().document();
            let delta = match op {
                // Drop (or undrop) an objective or a KR.
                0 if n_obj > 0 => {
                    let id = doc.objectives[which as usize % n_obj].id.clone();
                    live.drop_item(&id, day.map(common::date)).ok()
                }
                0 | 1 if n_kr > 0 => {
                    let id = doc.key_results[which as usize % n_kr].id.clone();
                    live.drop_item(&id, day.map(common::date)).ok()
                }
                _ if n_kr > 0 => {
                    let kr = doc.key_results[which as usize % n_kr].id.clone();
                    let date = common::date(day.unwrap_or(0));
                    Some(live.record_check_in(CheckIn { key_result: kr, date, value: f64::from(value) / 100.0, confidence: None }).unwrap())
                }
                _ => None,
            };
            let full = Cascade::try_from(live.cascade().document().clone()).unwrap().rollup(&options);
            prop_assert_eq!(live.rollup(), &full);
            if let Some(delta) = delta {
                let report: serde_json::Value = serde_json::from_str(&live.report().to_json().unwrap()).unwrap();
                let delta: serde_json::Value = serde_json::to_value(&delta).unwrap();
                for kind in ["key_results", "objectives", "themes", "units"] {
                    for (id, fig) in delta[kind].as_object().unwrap() {
                        prop_assert_eq!(&report[kind][id], fig, "{} {}", kind, id);
                    }
                }
            }
        }
    }

    #[test]
    fn item_order_changes_nothing(seed in any::<u64>(), shuffle in any::<u64>()) {
        let doc = common::document(seed, true);
        let a = Cascade::try_from(doc.clone()).unwrap();
        let b = Cascade::try_from(common::shuffle(&doc, shuffle)).unwrap();
        prop_assert_eq!(a.validate(&Policy::default()), b.validate(&Policy::default()));
        prop_assert!(same(&figures(&a), &figures(&b)));
        for id in all_ids(&doc) {
            prop_assert_eq!(a.lineage(&id).unwrap(), b.lineage(&id).unwrap());
        }
    }

    #[test]
    fn json_round_trip_is_the_identity(seed in any::<u64>()) {
        let doc = common::document(seed, false);
        let text = serde_json::to_string(&doc).unwrap();
        let again = Cascade::from_json(&text).unwrap();
        prop_assert_eq!(again.document(), &doc);
        prop_assert_eq!(again.to_json().unwrap(), text);
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,300}") {
        let _ = Cascade::from_json(&text);
        let _ = Cascade::from_yaml(&text);
    }
}

/// A company KR measured by its children, with `n` team objectives linking
/// to it directly (several blocks of partial sums).
fn wide(n: usize, seed: u64) -> Document {
    let mut r = common::Rng(seed);
    let mut objectives = vec![format!(r#"{{"id":"P","unit":"co","title":"Priority"}}"#)];
    let mut krs = vec![r#"{"id":"PK","objective":"P","title":"Measured by its children","metric":{"kind":"milestone"},"source":"children"}"#.to_string()];
    for i in 0..n {
        let w = 1 + r.below(4);
        objectives.push(format!(r#"{{"id":"O{i}","unit":"co","title":"t","links":[{{"kind":"direct","to":"PK","weight":{w}}}]}}"#));
        krs.push(format!(r#"{{"id":"K{i}","objective":"O{i}","title":"k","metric":{{"kind":"increase","start":0,"target":100,"current":{}}}}}"#, r.below(120)));
    }
    let text = format!(
        r#"{{"okr":"1","cycle":{{"id":"Q","start":"2026-01-01","end":"2026-01-11","as_of":"2026-01-05"}},"units":[{{"id":"co","kind":"company"}}],"objectives":[{}],"key_results":[{}]}}"#,
        objectives.join(","),
        krs.join(",")
    );
    Cascade::from_json(&text).unwrap().into_document()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    #[test]
    fn incremental_equals_full_on_wide_fan_in(n in 60usize..400, seed in any::<u64>(), steps in prop::collection::vec((any::<u16>(), 0u16..200), 1..10)) {
        let options = RollupOptions::default();
        let mut live = LiveRollup::new(Cascade::try_from(wide(n, seed)).unwrap(), options.clone());
        for (which, value) in steps {
            let kr = format!("K{}", usize::from(which) % n);
            let delta = live.set_current(&kr, Some(f64::from(value))).unwrap();
            prop_assert!(delta.key_results.len() == 2, "the KR and the children KR");
            prop_assert!(delta.key_results.contains_key(&kr));
            let full = Cascade::try_from(live.cascade().document().clone()).unwrap().rollup(&options);
            prop_assert_eq!(live.rollup(), &full);
        }
    }

    #[test]
    fn dropping_children_of_a_wide_fan_in_equals_full(n in 60usize..400, seed in any::<u64>(), steps in prop::collection::vec((any::<u16>(), prop::option::of(0i32..10), any::<bool>()), 1..10)) {
        let options = RollupOptions::default();
        let mut live = LiveRollup::new(Cascade::try_from(wide(n, seed)).unwrap(), options.clone());
        let day = |d: i32| Date::parse("2026-01-01").unwrap().add_days(d);
        for (which, date, objective) in steps {
            let id = if objective { format!("O{}", usize::from(which) % n) } else { format!("K{}", usize::from(which) % n) };
            let delta = live.drop_item(&id, date.map(day)).unwrap();
            // Either way the linking objective's figure moves, and with it
            // the children KR's block.
            prop_assert!(delta.key_results.contains_key("PK"));
            let full = Cascade::try_from(live.cascade().document().clone()).unwrap().rollup(&options);
            prop_assert_eq!(live.rollup(), &full);
        }
    }
}

/// The document without any KR's `metric.current` (trend points before the
/// last).
fn without_current(doc: &Document) -> Document {
    let mut v = serde_json::to_value(doc).unwrap();
    if let Some(krs) = v.get_mut("key_results").and_then(Value::as_array_mut) {
        for kr in krs {
            if let Some(m) = kr.get_mut("metric").and_then(Value::as_object_mut) {
                m.remove("current");
            }
        }
    }
    serde_json::from_value(v).unwrap()
}

proptest! {
    // 200 cases unless PROPTEST_CASES asks for more (an explicit count
    // would otherwise override the variable).
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200)
    ))]

    /// Every trend point equals a full rollup at its date (with
    /// `metric.current` removed except at the last point): the sweep's
    /// incremental steps are bit-identical to recomputing.
    #[test]
    fn trend_points_equal_full_rollups(seed in any::<u64>(), every in 1u32..6, as_of in prop::option::of(-3i32..14), weakest in any::<bool>()) {
        let doc = common::document(seed, false);
        let c = Cascade::try_from(doc.clone()).unwrap();
        let bare = Cascade::try_from(without_current(&doc)).unwrap();
        let status = if weakest { ObjectiveStatus::Weakest } else { ObjectiveStatus::Pace };
        let policy = Policy::builder().objective_status(status).build().unwrap();
        let base = RollupOptions::from_policy(&policy);
        let options = base.clone().with_as_of(as_of.map(common::date));
        let points = c.trend_rollups(every, &options);
        prop_assert!(!points.is_empty());
        let n = points.len();
        for (i, (date, got)) in points.iter().enumerate() {
            let at = base.clone().with_as_of(Some(*date));
            let full = if i + 1 == n { c.rollup(&at) } else { bare.rollup(&at) };
            prop_assert_eq!(got.as_of, full.as_of);
            prop_assert_eq!(got.elapsed, full.elapsed);
            prop_assert_eq!(&got.key_results, &full.key_results, "key results at {}", date);
            prop_assert_eq!(&got.objectives, &full.objectives, "objectives at {}", date);
            prop_assert_eq!(&got.themes, &full.themes);
            prop_assert_eq!(&got.units, &full.units);
        }
        // The grid: start, start + every, ..., then the last date.
        prop_assert_eq!(points[0].0, doc.cycle.start.min(points[n - 1].0));
        // The stored series hold the same figures, keyed by id.
        let trend = c.trend(every, &options).unwrap();
        prop_assert_eq!(trend.len(TrendKind::KeyResult), doc.key_results.len());
        prop_assert_eq!(trend.dates().len(), n);
        let by_id = trend.with_ids(&c).unwrap();
        for (i, kr) in doc.key_results.iter().enumerate() {
            let series = by_id.get(TrendKind::KeyResult, &kr.id).unwrap().to_vec();
            for (j, (date, r)) in points.iter().enumerate() {
                let f = r.key_results[i];
                prop_assert_eq!(series[j], TrendPoint { date: *date, progress: f.progress, status: f.status });
            }
        }
        for (i, o) in doc.objectives.iter().enumerate() {
            let series = by_id.get(TrendKind::Objective, &o.id).unwrap().to_vec();
            for (j, (date, r)) in points.iter().enumerate() {
                let f = r.objectives[i];
                prop_assert_eq!(series[j], TrendPoint { date: *date, progress: f.progress, status: f.status });
            }
        }
        for (i, u) in doc.units.iter().enumerate() {
            let series = by_id.get(TrendKind::Unit, &u.id).unwrap().to_vec();
            for (j, (date, r)) in points.iter().enumerate() {
                prop_assert_eq!(series[j], TrendPoint { date: *date, progress: r.units[i].progress, status: None });
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200)
    ))]

    /// A unit's view (items it may not see become redacted stubs, which
    /// make their objectives' means partial) has a trend whose every point
    /// equals a full rollup of the view at that date.
    #[test]
    fn trend_of_a_view_equals_full_rollups(seed in any::<u64>(), every in 1u32..6, pick in any::<usize>()) {
        let doc = common::document(seed, true);
        let Ok(c) = Cascade::try_from(doc.clone()) else { return Ok(()) };
        let Some(unit) = doc.units.get(pick % doc.units.len().max(1)) else { return Ok(()) };
        let Ok(view) = c.view_for(&unit.id) else { return Ok(()) };
        let v = Cascade::try_from(view).unwrap();
        let options = RollupOptions::default();
        let trend = v.trend(every, &options).unwrap();
        let points = v.trend_rollups(every, &options);
        prop_assert_eq!(trend.dates().len(), points.len());
        let point = |kind, i: usize, j: usize| trend.series_at(kind, i).and_then(|s| s.get(j));
        for (j, (date, r)) in points.iter().enumerate() {
            for (i, f) in r.key_results.iter().enumerate() {
                prop_assert_eq!(point(TrendKind::KeyResult, i, j), Some(TrendPoint { date: *date, progress: f.progress, status: f.status }));
            }
            for (i, f) in r.objectives.iter().enumerate() {
                prop_assert_eq!(point(TrendKind::Objective, i, j), Some(TrendPoint { date: *date, progress: f.progress, status: f.status }));
            }
            for (i, f) in r.themes.iter().enumerate() {
                prop_assert_eq!(point(TrendKind::Theme, i, j), Some(TrendPoint { date: *date, progress: f.progress, status: None }));
            }
            for (i, f) in r.units.iter().enumerate() {
                prop_assert_eq!(point(TrendKind::Unit, i, j), Some(TrendPoint { date: *date, progress: f.progress, status: None }));
            }
        }
    }
}

/// A company whole with `n` parts (several blocks of partial sums), one of
/// which is itself a whole of two parts; parts with check-ins (lines).
fn wide_whole(n: usize, seed: u64) -> Document {
    let mut r = common::Rng(seed);
    let mut krs = vec![r#"{"id":"W","objective":"P","title":"Total","source":"parts","metric":{"kind":"increase","start":0,"target":1000}}"#.to_string()];
    for i in 0..n {
        let source = if i == 0 { r#","source":"parts""# } else { "" };
        krs.push(format!(r#"{{"id":"K{i}","objective":"P","title":"k","part_of":"W"{source},"metric":{{"kind":"increase","start":0,"target":10,"current":{}}}}}"#, r.below(12)));
    }
    krs.push(r#"{"id":"S1","objective":"P","title":"s","part_of":"K0","metric":{"kind":"increase","start":0,"target":5}}"#.into());
    krs.push(r#"{"id":"S2","objective":"P","title":"s","part_of":"K0","metric":{"kind":"increase","start":0,"target":5,"current":2}}"#.into());
    let text = format!(
        r#"{{"okr":"1","cycle":{{"id":"Q","start":"2026-01-01","end":"2026-01-11","as_of":"2026-01-05"}},"units":[{{"id":"co","kind":"company"}}],"objectives":[{{"id":"P","unit":"co","title":"Priority"}}],"key_results":[{}]}}"#,
        krs.join(",")
    );
    Cascade::from_json(&text).unwrap().into_document()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    #[test]
    fn incremental_equals_full_on_a_whole_with_many_parts(n in 60usize..400, seed in any::<u64>(), steps in prop::collection::vec((any::<u16>(), 0u16..200, 0u8..10, any::<bool>()), 1..10)) {
        let options = RollupOptions::default();
        let mut live = LiveRollup::new(Cascade::try_from(wide_whole(n, seed)).unwrap(), options.clone());
        for (which, value, day, check_in) in steps {
            let which = usize::from(which) % (n + 2);
            let kr = match which {
                w if w < n => format!("K{w}"),
                w => format!("S{}", w - n + 1),
            };
            let value = f64::from(value) / 10.0;
            let delta = if check_in {
                live.record_check_in(CheckIn { key_result: kr.clone(), date: common::date(i32::from(day)), value, confidence: None }).unwrap()
            } else {
                live.set_current(&kr, Some(value)).unwrap()
            };
            prop_assert!(delta.key_results.contains_key(&kr));
            prop_assert!(delta.key_results.contains_key("W"), "the whole follows its parts");
            let full = Cascade::try_from(live.cascade().document().clone()).unwrap().rollup(&options);
            prop_assert_eq!(live.rollup(), &full);
        }
    }
}

/// A generated document with declared dependencies between its objectives
/// and KRs and confidences on its check-ins, so every alert can fire.
fn with_alert_inputs(seed: u64) -> Document {
    let mut doc = common::document(seed, false);
    let mut r = common::Rng(seed ^ 0x5eed);
    let ids: Vec<String> = doc
        .objectives
        .iter()
        .map(|o| o.id.clone())
        .chain(doc.key_results.iter().map(|k| k.id.clone()))
        .collect();
    if !ids.is_empty() {
        for o in &mut doc.objectives {
            if r.chance(30) {
                o.depends_on = vec![ids[r.below(ids.len())].clone()];
            }
        }
        for k in &mut doc.key_results {
            if r.chance(30) {
                k.depends_on = vec![
                    ids[r.below(ids.len())].clone(),
                    ids[r.below(ids.len())].clone(),
                ];
            }
        }
    }
    for c in &mut doc.check_ins {
        if r.chance(70) {
            c.confidence = Some(r.below(11) as f64 / 10.0);
        }
    }
    doc
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    /// The live model's alerts after any sequence of updates equal the
    /// alerts of a fresh cascade, and each delta turns the list before
    /// into the list after.
    #[test]
    fn live_alerts_equal_a_full_recompute(seed in any::<u64>(), slip in 1i64..4, as_of in prop::option::of(0i32..12), steps in prop::collection::vec((any::<u16>(), any::<i16>(), 0u8..12, 0u8..12, any::<bool>()), 1..12)) {
        let doc = with_alert_inputs(seed);
        let n = doc.key_results.len();
        prop_assume!(n > 0);
        let Ok(c) = Cascade::try_from(doc) else { return Ok(()); };
        let policy = Policy::builder().slip_days(slip).build().unwrap();
        let as_of = as_of.map(common::date);
        let mut live = LiveRollup::with_policy(c, &policy, as_of);
        let fresh = |live: &LiveRollup| Cascade::try_from(live.cascade().document().clone()).unwrap().alerts(&policy, as_of);
        prop_assert_eq!(live.alerts(), fresh(&live));
        for (which, value, day, confidence, check_in) in steps {
            let before = live.alerts().alerts;
            let kr = live.cascade().document().key_results[which as usize % n].id.clone();
            let value = f64::from(value) / 100.0;
            let delta = if check_in {
                let confidence = (confidence < 11).then(|| f64::from(confidence) / 10.0);
                live.record_check_in(CheckIn { key_result: kr, date: common::date(i32::from(day)), value, confidence }).ok()
            } else {
                live.set_current(&kr, Some(value)).ok()
            };
            let after = live.alerts().alerts;
            prop_assert_eq!(&after, &fresh(&live).alerts);
            if let Some(delta) = delta {
                let d = &delta.alerts;
                let key = |a: &Diagnostic| (a.code, a.subject.clone());
                let mut applied: Vec<Diagnostic> = before
                    .iter()
                    .filter(|a| !d.cleared.contains(a))
                    .filter(|a| !d.updated.iter().any(|u| key(u) == key(a)))
                    .cloned()
                    .chain(d.appeared.iter().cloned())
                    .chain(d.updated.iter().cloned())
                    .collect();
                applied.sort_by(|a, b| (a.code, &a.subject, &a.related, &a.message).cmp(&(b.code, &b.subject, &b.related, &b.message)));
                prop_assert_eq!(applied, after);
            }
        }
    }
}

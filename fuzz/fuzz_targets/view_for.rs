//! Views: for every unit, the view reloads, has no hidden text, and its
//! figures are computable.
#![no_main]
use libfuzzer_sys::fuzz_target;
use okr_core::{load, Cascade, Limits, Policy, RollupOptions, RollupReport};

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = load::from_json_bytes(data, &Limits::default()) else { return };
    if doc.view.is_some() {
        return;
    }
    let units: Vec<String> = doc.units.iter().map(|u| u.id.clone()).take(16).collect();
    let c = Cascade::new(doc).expect("a loaded document indexes");
    for u in units {
        let view = c.view_for(&u).expect("a unit");
        for k in view.key_results.iter().filter(|k| k.redacted) {
            assert!(k.title.is_none() && k.metric.is_none() && k.weight.is_none() && k.confidence.is_none());
        }
        let text = serde_json::to_string(&view).expect("serialises");
        let v = Cascade::from_json(&text).expect("a view reloads");
        let _ = v.validate(&Policy::default());
        let r = v.rollup(&RollupOptions::default());
        let _ = RollupReport::new(&v, &r).to_json();
    }
});

//! A measurement, not a check (ignored by default): a whole with 100,000
//! parts, a full rollup against incremental updates of single parts. Run
//! with `cargo test --release -p okr-core --test whole_scale -- --ignored
//! --nocapture`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use std::time::Instant;

use okr_core::*;

#[test]
#[ignore = "a measurement; run in release with --ignored --nocapture"]
fn a_part_update_is_o_block_not_o_parts() {
    let n = 100_000;
    let mut krs = vec![r#"{"id":"W","objective":"P","title":"Total","source":"parts","metric":{"kind":"increase","start":0,"target":1000000}}"#.to_string()];
    for i in 0..n {
        krs.push(format!(r#"{{"id":"K{i}","objective":"O{}","title":"k","part_of":"W","metric":{{"kind":"increase","start":0,"target":10,"current":{}}}}}"#, i % 1000, i % 7));
    }
    let mut objectives = vec![r#"{"id":"P","unit":"co","title":"Priority"}"#.to_string()];
    for o in 0..1000 {
        objectives.push(format!(r#"{{"id":"O{o}","unit":"co","title":"t"}}"#));
    }
    let text = format!(
        r#"{{"okr":"1","cycle":{{"id":"Q","start":"2026-01-01","end":"2026-01-11","as_of":"2026-01-05"}},"units":[{{"id":"co","kind":"company"}}],"objectives":[{}],"key_results":[{}]}}"#,
        objectives.join(","),
        krs.join(",")
    );
    let c = Cascade::from_json(&text).unwrap();
    let options = RollupOptions::default();
    let t = Instant::now();
    let full = c.rollup(&options);
    let full_time = t.elapsed();
    assert!(full.key_results[0].progress.is_some());
    let mut live = c.live(options);
    let updates = 2000;
    let t = Instant::now();
    for u in 0..updates {
        let kr = format!("K{}", (u * 7919) % n);
        live.set_current(&kr, Some(f64::from(u as u32 % 11)))
            .unwrap();
    }
    let per_update = t.elapsed() / updates as u32;
    println!(
        "whole with {n} parts: full rollup {full_time:?}, one part's update {per_update:?} \
         ({:.0}x faster)",
        full_time.as_secs_f64() / per_update.as_secs_f64()
    );
}

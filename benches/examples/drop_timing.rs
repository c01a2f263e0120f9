//! Times `LiveRollup::drop_item` (dropping and putting back a team KR, and
//! a team objective with its KRs) against a full rollup, on the synthetic
//! document, interleaved in one process.
//!
//! `cargo run --release -p okr-benches --example drop_timing -- 10000 200`

use std::time::Instant;

use okr_core::{Cascade, Date, RollupOptions};
use okr_synth::{generate_json, SynthOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let teams: usize = args.next().map_or(Ok(10_000), |a| a.parse())?;
    let runs: usize = args.next().map_or(Ok(200), |a| a.parse())?;
    let json = generate_json(&SynthOptions { teams, seed: 1 })?;
    let cascade = Cascade::from_json(&json)?;
    let doc = cascade.document();
    let start = doc.cycle.start;
    let date = start.add_days(20);
    // The last KR and the last objective: a team's, deep in the tree.
    let kr = doc
        .key_results
        .last()
        .map(|k| k.id.clone())
        .unwrap_or_default();
    let obj = doc
        .objectives
        .last()
        .map(|o| o.id.clone())
        .unwrap_or_default();
    let options = RollupOptions::default();
    let mut live = cascade.clone().live(options.clone());
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let (mut kr_t, mut obj_t, mut full_t) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..runs {
        let d: Option<Date> = (i % 2 == 0).then_some(date);
        let t = Instant::now();
        std::hint::black_box(live.drop_item(&kr, d)?);
        kr_t.push(t.elapsed().as_secs_f64() * 1e6);
        let t = Instant::now();
        std::hint::black_box(live.drop_item(&obj, d)?);
        obj_t.push(t.elapsed().as_secs_f64() * 1e6);
        if i % 20 == 0 {
            let t = Instant::now();
            std::hint::black_box(cascade.rollup(&options));
            full_t.push(t.elapsed().as_secs_f64() * 1e6);
        }
    }
    let (k, o, f) = (median(&mut kr_t), median(&mut obj_t), median(&mut full_t));
    println!(
        "{teams} teams, {runs} runs\n\
         drop_item(KR {kr}):        median {k:.1} us\n\
         drop_item(objective {obj}): median {o:.1} us\n\
         full rollup:               median {f:.1} us ({:.0}x the KR drop)",
        f / k
    );
    Ok(())
}

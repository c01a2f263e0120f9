//! Times one full rollup against the limit (benches/src/limit.rs: the same
//! objective progress from flat arrays) on the synthetic document,
//! interleaved in one process so machine load hits both alike; and the
//! rollup's progress part alone (`RollupOptions::progress_only`: KR and
//! objective progress, what the limit computes) against the same limit,
//! so the rest (statuses, forecasts and their band, work, themes, units,
//! mandates) shows as the difference.
//!
//! `cargo run --release -p okr-benches --example rollup_timing -- 1000 31`
//!
//! For `perf stat` / `perf record`: `OKR_TIMING_LOOP=rollup|progress|limit|none
//! target/release/examples/rollup_timing 10000 200` (subtract `none`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use okr_benches::limit::Flat;
use okr_benches::{document_json, median};
use okr_core::{Cascade, RollupOptions};

/// Median time per call of `f`, each sample as many calls as fit in 2 ms.
fn per_call(mut f: impl FnMut()) -> f64 {
    let t = Instant::now();
    let mut n = 0u32;
    while n == 0 || t.elapsed() < Duration::from_millis(2) {
        f();
        n += 1;
    }
    t.elapsed().as_secs_f64() / f64::from(n)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let teams: usize = args.next().map_or(Ok(1_000), |a| a.parse())?;
    let runs: usize = args.next().map_or(Ok(31), |a| a.parse())?;
    let cascade = Cascade::from_json(&document_json(teams))?;
    let flat = Flat::new(cascade.document());
    let opts = RollupOptions::default();
    let progress_only = RollupOptions::default().progress_only();
    let (mut kr, mut obj) = (Vec::new(), Vec::new());
    if let Ok(what) = std::env::var("OKR_TIMING_LOOP") {
        for _ in 0..runs {
            match what.as_str() {
                "rollup" => drop(black_box(cascade.rollup(&opts))),
                "progress" => drop(black_box(cascade.rollup(&progress_only))),
                "limit" => {
                    flat.run(&mut kr, &mut obj);
                    black_box(&obj);
                }
                _ => {}
            }
        }
        return Ok(());
    }
    let (mut full, mut progress, mut limit) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        full.push(per_call(|| drop(black_box(cascade.rollup(&opts)))));
        progress.push(per_call(|| {
            drop(black_box(cascade.rollup(&progress_only)));
        }));
        limit.push(per_call(|| {
            flat.run(&mut kr, &mut obj);
            black_box(&obj);
        }));
    }
    let (f, p, l) = (median(&mut full), median(&mut progress), median(&mut limit));
    println!(
        "{teams} teams, {runs} runs (medians): full rollup {:.3} ms = {:.2}x the limit {:.3} ms; \
         its progress part alone {:.3} ms = {:.2}x the limit (the rest {:.3} ms)",
        f * 1e3,
        f / l,
        l * 1e3,
        p * 1e3,
        p / l,
        (f - p) * 1e3
    );
    Ok(())
}

//! Times the incremental update of one KR (`LiveRollup::set_current` on
//! the criterion group `incremental_set_current`'s subject, alternating
//! between its two values) against one full rollup of the synthetic
//! document, interleaved in one process so machine load hits both.
//!
//! `cargo run --release -p okr-benches --example incremental_timing -- 1000 15`
//!
//! For a profiler, one kind of call again and again:
//! `OKR_TIMING_LOOP=update|none valgrind --tool=callgrind
//! target/release/examples/incremental_timing 1000 100000` (subtract
//! `none`, the set-up alone).

use std::hint::black_box;
use std::time::Instant;

use okr_benches::{document_json, median, subjects};
use okr_core::{Cascade, RollupOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let teams: usize = args.next().map_or(Ok(1_000), |a| a.parse())?;
    let runs: usize = args.next().map_or(Ok(15), |a| a.parse())?;
    let cascade = Cascade::from_json(&document_json(teams))?;
    let s = subjects(cascade.document());
    let opts = RollupOptions::default();
    let mut live = cascade.clone().live(opts.clone());
    let mut i = 0;
    let mut update = || -> Result<(), okr_core::Error> {
        i ^= 1;
        drop(black_box(
            live.set_current(&s.key_result, s.values.get(i).copied())?,
        ));
        Ok(())
    };
    if let Ok(what) = std::env::var("OKR_TIMING_LOOP") {
        if what == "update" {
            for _ in 0..runs {
                update()?;
            }
        }
        return Ok(());
    }
    // Each run: one full rollup, then as many updates as fit in the same
    // time (at least 1,000), timed per update.
    let (mut full, mut inc) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        black_box(cascade.rollup(&opts));
        full.push(t.elapsed().as_secs_f64());
        let n = 2_000;
        let t = Instant::now();
        for _ in 0..n {
            update()?;
        }
        inc.push(t.elapsed().as_secs_f64() / f64::from(n));
    }
    let (f, u) = (median(&mut full), median(&mut inc));
    println!(
        "{teams} teams, {runs} runs (medians): full rollup {:.3} ms; \
         set_current {:.3} us = full / {:.0}",
        f * 1e3,
        u * 1e6,
        f / u
    );
    Ok(())
}

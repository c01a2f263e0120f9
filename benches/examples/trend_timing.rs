//! Times a weekly `Cascade::trend` against one full rollup on the synthetic
//! document, interleaved in one process so machine load hits both: up to
//! the document's `as_of` (the shape the criterion group `trend_weekly`
//! measures) and over the whole quarter (`as_of` = the cycle's end).
//!
//! `cargo run --release -p okr-benches --example trend_timing -- 10000 15`
//!
//! On a busy machine, count cycles instead of wall time:
//! `OKR_TIMING_LOOP=rollup|trend|quarter|none perf stat -e cycles:u
//! target/release/examples/trend_timing 10000 40` (subtract `none`).

use std::hint::black_box;
use std::time::Instant;

use okr_benches::median;
use okr_core::{Cascade, RollupOptions};
use okr_synth::{generate_json, SynthOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let teams: usize = args.next().map_or(Ok(10_000), |a| a.parse())?;
    let runs: usize = args.next().map_or(Ok(15), |a| a.parse())?;
    let json = generate_json(&SynthOptions { teams, seed: 1 })?;
    let cascade = Cascade::from_json(&json)?;
    let doc_as_of = RollupOptions::default();
    let quarter = RollupOptions::default().with_as_of(Some(cascade.document().cycle.end));
    if let Ok(what) = std::env::var("OKR_TIMING_LOOP") {
        // For a profiler or `perf stat` (cycles do not depend on the other
        // work of a shared machine as much as wall time does): one kind of
        // call again and again; `none` measures the set-up alone.
        for _ in 0..runs {
            match what.as_str() {
                "rollup" => drop(black_box(cascade.rollup(&doc_as_of))),
                "trend" => drop(black_box(cascade.trend(7, &doc_as_of)?)),
                "quarter" => drop(black_box(cascade.trend(7, &quarter)?)),
                _ => {}
            }
        }
        return Ok(());
    }
    let (mut full, mut to_as_of, mut whole) = (Vec::new(), Vec::new(), Vec::new());
    let (mut points_as_of, mut points_quarter) = (0, 0);
    for _ in 0..runs {
        let t = Instant::now();
        black_box(cascade.rollup(&doc_as_of));
        full.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let a = black_box(cascade.trend(7, &doc_as_of)?);
        to_as_of.push(t.elapsed().as_secs_f64() * 1e3);
        points_as_of = a.dates().len();
        let t = Instant::now();
        let q = black_box(cascade.trend(7, &quarter)?);
        whole.push(t.elapsed().as_secs_f64() * 1e3);
        points_quarter = q.dates().len();
    }
    let (f, a, q) = (median(&mut full), median(&mut to_as_of), median(&mut whole));
    println!(
        "{teams} teams, {runs} runs (medians)\n\
         one full rollup:                          {f:.2} ms\n\
         weekly trend to as_of ({points_as_of} points):     {a:.2} ms = {:.2}x\n\
         weekly trend, whole quarter ({points_quarter} points): {q:.2} ms = {:.2}x",
        a / f,
        q / f
    );
    Ok(())
}

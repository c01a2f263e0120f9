//! Times the dependency graph against one full rollup of the same
//! document (the synthetic one with `depends_on` on every fifth KR, as the
//! criterion group `dependencies` builds it), interleaved in one process.
//!
//! `cargo run --release -p okr-benches --example deps_timing -- 10000 15`
//!
//! On a busy machine, count CPU time instead of wall time:
//! `OKR_TIMING_LOOP=graph|rollup|none perf stat -e task-clock
//! target/release/examples/deps_timing 10000 40` (subtract `none`).

use std::hint::black_box;
use std::time::Instant;

use okr_benches::{median, with_dependencies};
use okr_core::{Cascade, Policy, RollupOptions};
use okr_synth::{generate_json, SynthOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let teams: usize = args.next().map_or(Ok(10_000), |a| a.parse())?;
    let runs: usize = args.next().map_or(Ok(15), |a| a.parse())?;
    let json = generate_json(&SynthOptions { teams, seed: 1 })?;
    let cascade = with_dependencies(&Cascade::from_json(&json)?);
    let (policy, options) = (Policy::default(), RollupOptions::default());
    if let Ok(what) = std::env::var("OKR_TIMING_LOOP") {
        // One kind of call again and again, for `perf stat` or a profiler;
        // `none` measures the set-up alone.
        for _ in 0..runs {
            match what.as_str() {
                "graph" => drop(black_box(cascade.dependencies(&policy))),
                "rollup" => drop(black_box(cascade.rollup(&options))),
                _ => {}
            }
        }
        return Ok(());
    }
    let (mut graph, mut full) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        black_box(cascade.rollup(&options));
        full.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        black_box(cascade.dependencies(&policy));
        graph.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let (f, g) = (median(&mut full), median(&mut graph));
    let d = cascade.dependencies(&policy);
    println!(
        "{teams} teams, {runs} runs (medians): one full rollup {f:.2} ms; dependency graph {g:.2} ms = {:.2}x ({} edges, {} shared KRs)",
        g / f,
        d.edges.len(),
        d.shared.len()
    );
    Ok(())
}

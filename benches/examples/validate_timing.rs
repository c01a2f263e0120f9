//! Times `Cascade::validate` on the synthetic document, with every rule and
//! with the judgement rules of issue 13 switched off (today's rule set
//! before them), interleaved in one process so machine load hits both.
//!
//! `cargo run --release -p okr-benches --example validate_timing -- 10000 15`
//!
//! Issue 14's ratio, validate against one full rollup, interleaved:
//! `OKR_TIMING_RATIO=1 target/release/examples/validate_timing 10000 15`.
//! On a busy machine, count CPU time instead of wall time:
//! `OKR_TIMING_LOOP=validate|rollup|none perf stat -e task-clock
//! target/release/examples/validate_timing 10000 40` (subtract `none`).

use std::time::Instant;

use okr_core::{Cascade, Code, Policy, RollupOptions};
use okr_synth::{generate_json, SynthOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let teams: usize = args.next().map_or(Ok(10_000), |a| a.parse())?;
    let runs: usize = args.next().map_or(Ok(15), |a| a.parse())?;
    let json = generate_json(&SynthOptions { teams, seed: 1 })?;
    let cascade = Cascade::from_json(&json)?;
    let all = Policy::default();
    let judgement = ["W120", "W123", "W124", "W125", "W126", "W127", "I203"];
    let codes: Vec<Code> = judgement.iter().filter_map(|c| c.parse().ok()).collect();
    let without = Policy::builder().disabled(codes.clone()).build()?;
    if let Ok(only) = std::env::var("OKR_TIMING_LOOP") {
        // For a profiler: validate again and again with one judgement rule
        // (`all` or `validate`: every rule; `rollup`: the rollup that
        // validate is measured against; `none`: the set-up alone).
        let options = RollupOptions::from_policy(&all);
        match only.as_str() {
            "rollup" => {
                for _ in 0..runs {
                    std::hint::black_box(cascade.rollup(&options));
                }
                return Ok(());
            }
            "none" => return Ok(()),
            _ => {}
        }
        let p = if only == "all" || only == "validate" {
            all.clone()
        } else {
            let only: Code = only.parse()?;
            let others: Vec<Code> = codes.iter().copied().filter(|&c| c != only).collect();
            Policy::builder().disabled(others).build()?
        };
        for _ in 0..runs {
            std::hint::black_box(cascade.validate(&p));
        }
        return Ok(());
    }
    if std::env::var_os("OKR_TIMING_RATIO").is_some() {
        // Validate with every rule against one full rollup (the figures
        // validate computes first), interleaved.
        let options = RollupOptions::from_policy(&all);
        let (mut v, mut r) = (Vec::new(), Vec::new());
        let mut n = 0;
        for _ in 0..runs {
            let t = Instant::now();
            std::hint::black_box(cascade.rollup(&options));
            r.push(t.elapsed().as_secs_f64() * 1e3);
            let t = Instant::now();
            let report = std::hint::black_box(cascade.validate(&all));
            v.push(t.elapsed().as_secs_f64() * 1e3);
            n = report.diagnostics.len();
        }
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
        };
        let (v, r) = (median(&mut v), median(&mut r));
        println!(
            "{teams} teams, {runs} runs (medians)\n\
             one full rollup: {r:.2} ms\n\
             validate:        {v:.2} ms ({n} diagnostics) = {:.2}x",
            v / r
        );
        return Ok(());
    }
    let (mut with_t, mut without_t) = (Vec::new(), Vec::new());
    let mut counts = (0, 0);
    for _ in 0..runs {
        let t = Instant::now();
        let r = cascade.validate(&without);
        without_t.push(t.elapsed().as_secs_f64() * 1e3);
        counts.0 = r.diagnostics.len();
        let t = Instant::now();
        let r = cascade.validate(&all);
        with_t.push(t.elapsed().as_secs_f64() * 1e3);
        counts.1 = r.diagnostics.len();
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let (a, b) = (median(&mut without_t), median(&mut with_t));
    println!(
        "{teams} teams, {runs} runs, judgement codes known: {}\n\
         validate without the judgement rules: median {a:.1} ms ({} diagnostics)\n\
         validate with every rule:             median {b:.1} ms ({} diagnostics)\n\
         ratio {:.2}",
        codes.len(),
        counts.0,
        counts.1,
        b / a
    );
    if std::env::var_os("OKR_TIMING_PER_RULE").is_some() {
        // Each judgement rule alone on top of the others, interleaved with
        // the run without any of them.
        let mut base = Vec::new();
        let mut each: Vec<Vec<f64>> = vec![Vec::new(); codes.len()];
        for _ in 0..runs {
            let t = Instant::now();
            std::hint::black_box(cascade.validate(&without));
            base.push(t.elapsed().as_secs_f64() * 1e3);
            for (i, &only) in codes.iter().enumerate() {
                let others: Vec<Code> = codes.iter().copied().filter(|&c| c != only).collect();
                let p = Policy::builder().disabled(others).build()?;
                let t = Instant::now();
                std::hint::black_box(cascade.validate(&p));
                if let Some(v) = each.get_mut(i) {
                    v.push(t.elapsed().as_secs_f64() * 1e3);
                }
            }
        }
        let base = median(&mut base);
        for (only, mut v) in codes.iter().zip(each) {
            let m = median(&mut v);
            println!(
                "{only} alone: median {m:.1} ms, +{:.1} ms over none",
                m - base
            );
        }
    }
    Ok(())
}

//! Times `Cascade::diff` of two snapshots of the synthetic document
//! against loading both (parse + index), interleaved in one process so
//! machine load hits both. The second snapshot is the first two weeks
//! later: `as_of` moved, a new check-in on every tenth KR, every
//! hundredth KR's target edited, every two-hundredth objective removed
//! with its KRs, and a new KR on every hundredth objective.
//!
//! `cargo run --release -p okr-benches --example diff_timing -- 10000 5`

use std::time::Instant;

use okr_benches::later;
use okr_core::{Cascade, Policy};
use okr_synth::{generate_json, SynthOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let teams: usize = args.next().map_or(Ok(10_000), |a| a.parse())?;
    let runs: usize = args.next().map_or(Ok(5), |a| a.parse())?;
    let old_json = generate_json(&SynthOptions { teams, seed: 1 })?;
    let old = Cascade::from_json(&old_json)?;
    let new_json = serde_json::to_string(&later(old.document().clone()))?;
    let policy = Policy::default();
    if std::env::var_os("OKR_DIFF_LOOP").is_some() {
        // For a profiler: the diff with every rule off, again and again.
        let b = Cascade::from_json(&new_json)?;
        let none = Policy::builder()
            .disabled(okr_core::Code::ALL.to_vec())
            .build()?;
        for _ in 0..runs {
            std::hint::black_box(old.diff(&b, &none)?);
        }
        return Ok(());
    }
    if std::env::var_os("OKR_DIFF_PARTS").is_some() {
        let b = Cascade::from_json(&new_json)?;
        for _ in 0..runs {
            let t = Instant::now();
            let v = (old.validate(&policy), b.validate(&policy));
            let v_ms = t.elapsed().as_secs_f64() * 1e3;
            let t = Instant::now();
            let r = (
                old.rollup(&Default::default()),
                b.rollup(&Default::default()),
            );
            let r_ms = t.elapsed().as_secs_f64() * 1e3;
            std::hint::black_box((v, r));
            let none = Policy::builder()
                .disabled(okr_core::Code::ALL.to_vec())
                .build()?;
            let t = Instant::now();
            std::hint::black_box(old.diff(&b, &none)?);
            let d_ms = t.elapsed().as_secs_f64() * 1e3;
            println!(
                "validate both {v_ms:.1} ms, rollup both {r_ms:.1} ms, diff with every rule off {d_ms:.1} ms"
            );
        }
    }
    let (mut load_t, mut diff_t) = (Vec::new(), Vec::new());
    let mut sizes = String::new();
    for _ in 0..runs {
        let t = Instant::now();
        let a = Cascade::from_json(&old_json)?;
        let b = Cascade::from_json(&new_json)?;
        load_t.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let d = a.diff(&b, &policy)?;
        diff_t.push(t.elapsed().as_secs_f64() * 1e3);
        sizes = format!(
            "added {}, removed {}, changed {}, figures {}, diagnostics new {} resolved {}, lineage lost {} gained {}",
            d.added.len(),
            d.removed.len(),
            d.changed.len(),
            d.figures.len(),
            d.diagnostics.new.len(),
            d.diagnostics.resolved.len(),
            d.lineage.lost.len(),
            d.lineage.gained.len()
        );
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let (l, d) = (median(&mut load_t), median(&mut diff_t));
    println!(
        "{teams} teams, {runs} runs ({} + {} bytes of JSON)\n{sizes}\n\
         load both: median {l:.1} ms\n\
         diff:      median {d:.1} ms\n\
         diff / load both: {:.2} (target <= 1.5)",
        old_json.len(),
        new_json.len(),
        d / l
    );
    Ok(())
}

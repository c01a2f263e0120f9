//! The native half of the WebAssembly performance measurement
//! (okr-wasm/bench/rollup.mjs builds and runs it):
//!
//! - `native_rollup generate TEAMS SEED OUT` writes the synthetic cascade;
//! - `native_rollup time FILE RUNS` loads it and prints one JSON line with
//!   the median native times in milliseconds: `load_ms` (UTF-8 check, parse
//!   and index of the bytes already in memory: what `fromJsonBytes` does in
//!   WebAssembly; `load_first_ms` is the first of the runs), `rollup_ms`
//!   (the engine) and `rollup_json_ms` (the engine plus the `okr rollup
//!   --format json` text);
//! - `native_rollup floats N` prints the milliseconds to write N sample
//!   floats as a JSON array (the wasm side: `__benchFormatFloats`, under
//!   the `bench-hooks` feature).

use std::time::Instant;

use okr_core::{Cascade, RollupOptions, RollupReport};
use okr_synth::{generate_json, SynthOptions};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn arg(args: &[String], i: usize, default: &str) -> String {
    args.get(i).cloned().unwrap_or_else(|| default.to_string())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match arg(&args, 0, "").as_str() {
        "generate" => {
            let teams = arg(&args, 1, "10000").parse()?;
            let seed = arg(&args, 2, "1").parse()?;
            std::fs::write(
                arg(&args, 3, "synth.json"),
                generate_json(&SynthOptions { teams, seed })?,
            )?;
        }
        "time" => {
            let bytes = std::fs::read(arg(&args, 1, "synth.json"))?;
            let runs: usize = arg(&args, 2, "5").parse()?;
            let load = || -> Result<Cascade, Box<dyn std::error::Error>> {
                Ok(Cascade::from_json(std::str::from_utf8(&bytes)?)?)
            };
            let mut loads = Vec::new();
            for _ in 1..runs {
                let t = Instant::now();
                drop(std::hint::black_box(load()?));
                loads.push(ms(t));
            }
            let t = Instant::now();
            let cascade = load()?;
            loads.push(ms(t));
            let load_first_ms = loads.first().copied().unwrap_or(f64::NAN);
            let load_ms = median(loads);
            let options = RollupOptions::default();
            let (mut rollup, mut rollup_json) = (Vec::new(), Vec::new());
            for _ in 0..runs {
                let t = Instant::now();
                std::hint::black_box(cascade.rollup(&options));
                rollup.push(ms(t));
                let t = Instant::now();
                let r = cascade.rollup(&options);
                std::hint::black_box(RollupReport::new(&cascade, &r).to_json()?);
                rollup_json.push(ms(t));
            }
            let doc = cascade.document();
            let line = format!(
                "{{\"objectives\":{},\"key_results\":{},\"load_ms\":{load_ms:.3},\"load_first_ms\":{load_first_ms:.3},\"rollup_ms\":{:.3},\"rollup_json_ms\":{:.3}}}",
                doc.objectives.len(),
                doc.key_results.len(),
                median(rollup),
                median(rollup_json),
            );
            std::io::Write::write_all(&mut std::io::stdout(), format!("{line}\n").as_bytes())?;
        }
        "floats" => {
            let n: u64 = arg(&args, 1, "1000000").parse()?;
            // As okr-wasm's bench_hooks::sample_floats.
            let values: Vec<f64> = (0..n)
                .map(|i| ((i * 2_654_435_761) % 1_000_003) as f64 / 1_000_003.0 * 100.0)
                .collect();
            let mut times = Vec::new();
            for _ in 0..5 {
                let t = Instant::now();
                std::hint::black_box(serde_json::to_string(&values)?);
                times.push(ms(t));
            }
            println!("{:.3}", median(times));
        }
        _ => {
            return Err(
                "usage: native_rollup generate TEAMS SEED OUT | time FILE RUNS | floats N".into(),
            )
        }
    }
    Ok(())
}

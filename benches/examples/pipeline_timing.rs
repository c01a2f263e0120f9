//! Where the time of `okr check` and `okr rollup` goes, phase by phase, in
//! one process: parse, index, validate, the report's JSON, rollup, the
//! rollup's JSON; beside a `serde_json::Value` parse of the same text.
//!
//! `cargo run --release -p okr-benches --example pipeline_timing -- FILE [RUNS]`
//! (FILE from `okr synth --teams 10000 --seed 1 --out FILE`). Prints the
//! median of RUNS (default 5) per phase, in milliseconds.

use std::time::Instant;

use okr_benches::median;
use okr_core::{Cascade, Limits, Policy, RollupOptions, RollupReport};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: pipeline_timing FILE [RUNS]")?;
    let runs: usize = args.next().map_or(Ok(5), |a| a.parse())?;
    if std::env::var_os("OKR_TIMING_MEMORY").is_some() {
        return memory(&path);
    }
    let text = std::fs::read_to_string(&path)?;
    let policy = Policy::default();
    let names = [
        "Value parse",
        "serde_json typed",
        "parse",
        "index",
        "validate",
        "report JSON",
        "rollup",
        "rollup JSON",
    ];
    let mut t: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    for _ in 0..runs {
        let mut lap = Instant::now();
        let mut mark = |i: usize, t: &mut Vec<Vec<f64>>| {
            if let Some(v) = t.get_mut(i) {
                v.push(lap.elapsed().as_secs_f64() * 1e3);
            }
            lap = Instant::now();
        };
        let v: serde_json::Value = serde_json::from_str(&text)?;
        std::hint::black_box(&v);
        drop(v);
        mark(0, &mut t);
        let d: okr_core::Document = serde_json::from_str(&text)?;
        drop(d);
        mark(1, &mut t);
        let doc = okr_core::load::from_json(&text, &Limits::default())?;
        mark(2, &mut t);
        let cascade = Cascade::try_from(doc)?;
        mark(3, &mut t);
        let report = cascade.validate(&policy);
        mark(4, &mut t);
        let json = serde_json::to_string_pretty(&report)?;
        std::hint::black_box(&json);
        mark(5, &mut t);
        let figures = cascade.rollup(&RollupOptions::from_policy(&policy));
        mark(6, &mut t);
        let json = serde_json::to_string_pretty(&RollupReport::new(&cascade, &figures))?;
        std::hint::black_box(&json);
        mark(7, &mut t);
    }
    let mb = text.len() as f64 / 1e6;
    let value = median(t.get_mut(0).ok_or("no runs")?);
    for (name, v) in names.iter().zip(t.iter_mut()) {
        let m = median(v);
        println!("{name:12} {m:8.1} ms  ({:.2}x Value parse)", m / value);
    }
    println!("{mb:.1} MB");
    Ok(())
}

/// Resident memory (`VmRSS`) and its peak (`VmHWM`) in MB, from /proc.
fn rss() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1e3)
    };
    format!(
        "rss {:7.1} MB, peak {:7.1} MB",
        field("VmRSS:"),
        field("VmHWM:")
    )
}

/// `OKR_TIMING_MEMORY=1`: the memory after each step of `okr check`
/// (read, parse, free the text, index, validate), once.
fn memory(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let bytes = std::fs::read(path)?;
    println!(
        "read      {} ({:.1} MB of JSON)",
        rss(),
        bytes.len() as f64 / 1e6
    );
    let doc = okr_core::load::from_json_bytes(&bytes, &Limits::default())?;
    println!("parsed    {}", rss());
    drop(bytes);
    println!("text gone {}", rss());
    let cascade = Cascade::try_from(doc)?;
    println!("indexed   {}", rss());
    let figures = cascade.rollup(&RollupOptions::default());
    println!("rollup    {}", rss());
    let report = cascade.validate(&Policy::default());
    println!("validated {}", rss());
    std::hint::black_box((&figures, &report));
    Ok(())
}

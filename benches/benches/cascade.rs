//! criterion benchmarks of okr-core at 1,000 / 10,000 (/ 100,000 with
//! `OKR_BENCH_FULL=1`) teams: load, validate, the errors alone, full
//! rollup, the weekly trend, alerts, the diff of two snapshots, incremental
//! update of one KR, the dependency graph, lineage of one item, view_for;
//! and, in the same run,
//! the two limits (a flat-array pass computing the same objective progress,
//! and `serde_json::Value` parsing of the same text) with the ratios.
//!
//! `cargo bench -p okr-benches -- --sample-size 10`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use std::hint::black_box;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};
use okr_benches::limit::Flat;
use okr_benches::{document_json, later, sizes, subjects, with_dependencies, Subjects};
use okr_core::{Cascade, Policy, RollupOptions};

struct Fixture {
    teams: usize,
    json: String,
    cascade: Cascade,
    flat: Flat,
    subjects: Subjects,
    /// The same document with declared dependencies added (the synthetic
    /// generator writes none): every fifth KR depends on the KR after it.
    with_deps: Cascade,
    /// The document two weeks later ([`later`]), as JSON and loaded: the
    /// diff's second snapshot.
    later_json: String,
    later: Cascade,
}

static FIXTURES: OnceLock<Vec<Fixture>> = OnceLock::new();

fn test_mode() -> bool {
    std::env::args().any(|a| a == "--test" || a == "--list")
}

/// The documents, generated and loaded once per process.
fn fixtures() -> &'static [Fixture] {
    FIXTURES.get_or_init(|| {
        let sizes = if test_mode() { vec![1_000] } else { sizes() };
        sizes
            .into_iter()
            .map(|teams| {
                let t = Instant::now();
                let json = document_json(teams);
                let cascade = Cascade::from_json(&json).expect("the synthetic document loads");
                let flat = Flat::new(cascade.document());
                let subjects = subjects(cascade.document());
                let with_deps = with_dependencies(&cascade);
                let later_json = serde_json::to_string(&later(cascade.document().clone()))
                    .expect("the later snapshot writes");
                let later = Cascade::from_json(&later_json).expect("the later snapshot loads");
                eprintln!(
                    "fixture: {teams} teams, {:.1} MB JSON, {} KRs, {} check-ins ({:.1}s)",
                    json.len() as f64 / 1e6,
                    cascade.document().key_results.len(),
                    cascade.document().check_ins.len(),
                    t.elapsed().as_secs_f64()
                );
                Fixture {
                    teams,
                    json,
                    cascade,
                    flat,
                    subjects,
                    with_deps,
                    later_json,
                    later,
                }
            })
            .collect()
    })
}

fn bench(c: &mut Criterion) {
    let opts = RollupOptions::default();
    let policy = Policy::default();
    for fx in fixtures() {
        let id = BenchmarkId::from_parameter(fx.teams);
        let big = fx.teams >= 10_000;
        let mut group = c.benchmark_group("load");
        if big {
            group.sample_size(10);
        }
        group.bench_with_input(id.clone(), &fx.json, |b, json| {
            b.iter(|| Cascade::from_json(black_box(json)).unwrap())
        });
        group.finish();

        let mut group = c.benchmark_group("parse_limit_value");
        if big {
            group.sample_size(10);
        }
        group.bench_with_input(id.clone(), &fx.json, |b, json| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(json)).unwrap())
        });
        group.finish();

        let mut group = c.benchmark_group("validate");
        if big {
            group.sample_size(10);
        }
        group.bench_function(id.clone(), |b| b.iter(|| fx.cascade.validate(&policy)));
        group.finish();

        let mut group = c.benchmark_group("errors_only");
        group.bench_function(id.clone(), |b| b.iter(|| fx.cascade.errors(&policy)));
        group.finish();

        let mut group = c.benchmark_group("rollup_full");
        group.bench_function(id.clone(), |b| b.iter(|| fx.cascade.rollup(&opts)));
        group.finish();

        let mut group = c.benchmark_group("alerts");
        group.bench_function(id.clone(), |b| b.iter(|| fx.cascade.alerts(&policy, None)));
        group.finish();

        let mut group = c.benchmark_group("diff");
        group.sample_size(10);
        group.bench_function(id.clone(), |b| {
            b.iter(|| fx.cascade.diff(&fx.later, &policy).unwrap())
        });
        group.finish();

        let mut group = c.benchmark_group("trend_weekly");
        group.sample_size(10);
        group.bench_function(id.clone(), |b| b.iter(|| fx.cascade.trend(7, &opts)));
        // The budget: weekly over the whole quarter.
        let quarter = opts
            .clone()
            .with_as_of(Some(fx.cascade.document().cycle.end));
        group.bench_function(BenchmarkId::new("quarter", fx.teams), |b| {
            b.iter(|| fx.cascade.trend(7, &quarter))
        });
        group.finish();

        let mut group = c.benchmark_group("rollup_limit");
        let (mut kr, mut obj) = (Vec::new(), Vec::new());
        group.bench_function(id.clone(), |b| {
            b.iter(|| {
                fx.flat.run(&mut kr, &mut obj);
                black_box(&obj);
            })
        });
        group.finish();

        let mut group = c.benchmark_group("incremental_set_current");
        let mut live = fx.cascade.clone().live(opts.clone());
        let s = &fx.subjects;
        let mut i = 0;
        group.bench_function(id.clone(), |b| {
            b.iter(|| {
                i ^= 1;
                live.set_current(&s.key_result, Some(s.values[i])).unwrap()
            })
        });
        drop(live);
        group.finish();

        // The dependency graph against one full rollup of the same document
        // (company KRs with over a thousand co-owning units are listed once
        // as shared KRs, so the answer stays linear).
        let mut group = c.benchmark_group("dependencies");
        group.bench_function(BenchmarkId::new("graph", fx.teams), |b| {
            b.iter(|| fx.with_deps.dependencies(&policy))
        });
        group.bench_function(BenchmarkId::new("rollup_full", fx.teams), |b| {
            b.iter(|| fx.with_deps.rollup(&opts))
        });
        group.finish();

        let mut group = c.benchmark_group("lineage");
        group.bench_function(id.clone(), |b| {
            b.iter(|| fx.cascade.lineage(black_box(&s.objective)).unwrap())
        });
        group.finish();

        let mut group = c.benchmark_group("view_for");
        if big {
            group.sample_size(10);
        }
        group.bench_function(id, |b| {
            b.iter(|| fx.cascade.view_for(black_box(&s.unit)).unwrap())
        });
        group.finish();
    }
}

/// Median seconds per call, each sample at least 2 ms of calls.
fn per_call(mut f: impl FnMut(), budget: Duration) -> f64 {
    f();
    let start = Instant::now();
    let mut samples = Vec::new();
    while samples.len() < 3 || (start.elapsed() < budget && samples.len() < 31) {
        let t = Instant::now();
        let mut n = 0u32;
        while n == 0 || t.elapsed() < Duration::from_millis(2) {
            f();
            n += 1;
        }
        samples.push(t.elapsed().as_secs_f64() / f64::from(n));
    }
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn fmt(s: f64) -> String {
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{:.2} us", s * 1e6)
    }
}

/// The comparisons of the issue, measured in the same process.
fn ratios() {
    let opts = RollupOptions::default();
    let policy = Policy::default();
    let budget = Duration::from_secs(2);
    let mut rows = Vec::new();
    println!("\n== ratios (median of repeated calls, same process) ==");
    for fx in fixtures() {
        let load = per_call(|| drop(black_box(Cascade::from_json(&fx.json))), budget);
        let parse = per_call(
            || {
                drop(black_box(serde_json::from_str::<serde_json::Value>(
                    &fx.json,
                )))
            },
            budget,
        );
        let validate = per_call(|| drop(black_box(fx.cascade.validate(&policy))), budget);
        let full = per_call(|| drop(black_box(fx.cascade.rollup(&opts))), budget);
        let errors = per_call(|| drop(black_box(fx.cascade.errors(&policy))), budget);
        println!(
            "{:>7} teams: validate {} = {:.2}x one full rollup {} (target <= 5x); the errors alone {} = {:.2}x",
            fx.teams,
            fmt(validate),
            validate / full,
            fmt(full),
            fmt(errors),
            errors / full
        );
        let load_both = per_call(
            || {
                drop(black_box(Cascade::from_json(&fx.json)));
                drop(black_box(Cascade::from_json(&fx.later_json)));
            },
            budget,
        );
        let diff = per_call(
            || drop(black_box(fx.cascade.diff(&fx.later, &policy))),
            budget,
        );
        println!(
            "{:>7} teams: diff of two snapshots {} = {:.2}x loading both {} (target <= 1.5x)",
            fx.teams,
            fmt(diff),
            diff / load_both,
            fmt(load_both)
        );
        let quarter = opts
            .clone()
            .with_as_of(Some(fx.cascade.document().cycle.end));
        for (what, opts) in [("to as_of", &opts), ("over the whole quarter", &quarter)] {
            let trend = per_call(|| drop(black_box(fx.cascade.trend(7, opts))), budget);
            let points = fx.cascade.trend(7, opts).map_or(0, |t| t.dates().len());
            println!(
                "{:>7} teams: weekly trend {what} ({points} points) {} = {:.2}x one full rollup {} (target <= 3x)",
                fx.teams,
                fmt(trend),
                trend / full,
                fmt(full)
            );
        }
        let graph = per_call(
            || drop(black_box(fx.with_deps.dependencies(&policy))),
            budget,
        );
        let deps_full = per_call(|| drop(black_box(fx.with_deps.rollup(&opts))), budget);
        println!(
            "{:>7} teams: dependency graph {} = {:.2}x one full rollup {} of the same document (target <= 1x)",
            fx.teams,
            fmt(graph),
            graph / deps_full,
            fmt(deps_full)
        );
        let (mut kr, mut obj) = (Vec::new(), Vec::new());
        let limit = per_call(
            || {
                fx.flat.run(&mut kr, &mut obj);
                black_box(&obj);
            },
            budget,
        );
        let mut live = fx.cascade.clone().live(opts.clone());
        let s = &fx.subjects;
        let mut i = 0;
        let incremental = per_call(
            || {
                i ^= 1;
                black_box(live.set_current(&s.key_result, Some(s.values[i]))).unwrap();
            },
            budget,
        );
        drop(live);
        println!(
            "{:>7} teams ({:.1} MB): load {} = {:.2}x Value parse {} (target <= 2x); \
             full rollup {} = {:.2}x the limit {} (target <= 2x); \
             incremental {} = full / {:.0} (target >= 1000x); validate {}",
            fx.teams,
            fx.json.len() as f64 / 1e6,
            fmt(load),
            load / parse,
            fmt(parse),
            fmt(full),
            full / limit,
            fmt(limit),
            fmt(incremental),
            full / incremental,
            fmt(validate),
        );
        rows.push((
            fx.teams as f64,
            [load, parse, validate, full, limit, incremental],
        ));
    }
    if let (Some(first), Some(last)) = (rows.first(), rows.last()) {
        if last.0 > first.0 {
            let names = [
                "load",
                "parse",
                "validate",
                "rollup",
                "limit",
                "incremental",
            ];
            let growth: Vec<String> = names
                .iter()
                .zip(first.1.iter().zip(last.1.iter()))
                .map(|(n, (a, b))| format!("{n} {:.2}", (b / a).ln() / (last.0 / first.0).ln()))
                .collect();
            println!(
                "growth exponent {}k -> {}k teams (1.00 = linear): {}",
                first.0 / 1e3,
                last.0 / 1e3,
                growth.join(", ")
            );
        }
    }
}

fn main() {
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    bench(&mut c);
    c.final_summary();
    if !test_mode() {
        ratios();
    }
}

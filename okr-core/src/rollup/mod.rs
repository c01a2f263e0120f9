//! Rollup: KR progress (raw and clamped), objective, theme and unit means,
//! pace status, least-squares forecast and mandate health, computed in one
//! pass over a topological order; and incremental updates that recompute
//! only what one KR's change can reach.
//!
//! Inside: `figures.rs` has the public result types and options;
//! `plan.rs` the rollup plan, built once per cascade from the document and
//! its index (the order of the pass, the weights, the block layout of
//! `source: children` sums; only the rollup reads it); `engine.rs` the full
//! pass and the per-item computations; `update.rs` the incremental update.

mod engine;
mod figures;
mod plan;
mod trend;
mod update;

pub(crate) use engine::{mandate_met, metric_progress, CurrentSource, Engine};
pub(crate) use figures::Changed;
pub use figures::{
    KeyResultFigures, MandateFigures, MeanFigures, ObjectiveFigures, Rollup, RollupOptions, Status,
};
pub(crate) use plan::{dropped_as_of, kr_dropped, kr_due, work_counts, RollupPlan};
pub use trend::{Trend, TrendPoint};

#[cfg(test)]
mod tests;

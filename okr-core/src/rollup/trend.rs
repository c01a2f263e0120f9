//! The trend: the figures at each date of a grid, in one sweep over the
//! check-ins sorted by date. From one point to the next only the KRs with
//! newly visible check-ins are recomputed from their data; every other
//! KR's status follows the new elapsed share, and objectives, derived KRs,
//! themes and units are recomputed by the flat second pass (so every point
//! is bit-identical to a full rollup at that date).

use std::collections::BTreeMap;

use serde::Serialize;

use super::engine::{elapsed, Engine};
use super::figures::{Rollup, RollupOptions, Status};
use crate::date::Date;
use crate::document::{Metric, Source};
use crate::idx::IxVec;
use crate::index::{Items, KrIx, Node};

/// One point of a series.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct TrendPoint {
    /// The grid date.
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub date: Date,
    /// Progress at that date.
    #[serde(serialize_with = "crate::document::finite::option")]
    pub progress: Option<f64>,
    /// Status at that date (always null for themes and units).
    pub status: Option<Status>,
}

/// The figures of every KR, objective, theme and unit over time, keyed by
/// id.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Trend {
    /// Per key result.
    pub key_results: BTreeMap<String, Vec<TrendPoint>>,
    /// Per objective.
    pub objectives: BTreeMap<String, Vec<TrendPoint>>,
    /// Per theme (status null).
    pub themes: BTreeMap<String, Vec<TrendPoint>>,
    /// Per unit (status null).
    pub units: BTreeMap<String, Vec<TrendPoint>>,
}

/// The grid: `start`, `start + every`, ... up to `last`, and `last` itself
/// when it is off the grid.
pub(crate) fn grid(start: Date, last: Date, every: u32) -> Vec<Date> {
    let step = i32::try_from(every.max(1)).unwrap_or(i32::MAX);
    let mut dates = Vec::new();
    let mut d = start;
    while d <= last {
        dates.push(d);
        let next = d.add_days(step);
        if next <= d {
            break;
        }
        d = next;
    }
    if dates.last() != Some(&last) {
        dates.push(last);
    }
    dates
}

impl Engine<'_> {
    /// The rollups at every grid date (the last with `metric.current`,
    /// the others without), computed in one sweep.
    pub(crate) fn trend_rollups(&self, every: u32, options: &RollupOptions) -> Vec<(Date, Rollup)> {
        let doc = self.doc;
        let last = options.as_of.or(doc.cycle.as_of).unwrap_or(doc.cycle.end);
        let dates = grid(doc.cycle.start, last, every);
        // Check-ins in date order (stable: document order on equal dates).
        let mut order: Vec<(Date, KrIx)> = doc
            .check_ins
            .iter()
            .zip(&self.ix.checkin_kr)
            .filter_map(|(c, k)| k.map(|k| (c.date, k)))
            .collect();
        order.sort_by_key(|&(d, _)| d);
        let mut cursor = 0;
        let mut dirty = IxVec::filled(self.ix.key_results(), false);
        let mut out: Vec<(Date, Rollup)> = Vec::with_capacity(dates.len());
        let mut r: Option<Rollup> = None;
        let n = dates.len();
        for (i, &date) in dates.iter().enumerate() {
            let is_last = i + 1 == n;
            let mut opts = options.clone().with_as_of(Some(date));
            opts.dated_only = !is_last;
            let Some(mut cur) = r.take() else {
                // The first point: a full pass.
                while order.get(cursor).is_some_and(|&(d, _)| d <= date) {
                    cursor += 1;
                }
                let first = self.run(&opts);
                out.push((date, first.clone()));
                r = Some(first);
                continue;
            };
            let mut touched: Vec<KrIx> = Vec::new();
            while let Some(&(d, k)) = order.get(cursor) {
                if d > date {
                    break;
                }
                cursor += 1;
                if !dirty[k] {
                    dirty[k] = true;
                    touched.push(k);
                }
            }
            cur.as_of = Some(date);
            cur.elapsed = Some(elapsed(doc.cycle.start, doc.cycle.end, date));
            cur.options = opts;
            for (k, &derived) in self.plan.kr_derived.iter_enumerated() {
                if derived {
                    continue;
                }
                let kr = doc.key_result(k);
                let has_current = kr.metric.as_ref().and_then(Metric::current).is_some();
                if dirty[k] || (is_last && has_current) {
                    self.key_result(&mut cur, k);
                } else if let (false, Source::Metric, Some(metric)) =
                    (kr.redacted, kr.source, kr.metric.as_ref())
                {
                    // Same data, new date: only the status moves.
                    let p = cur.kr(k).progress.unwrap_or(0.0);
                    let status = self.metric_status(&cur, k, metric, p);
                    cur.kr_mut(k).status = status;
                }
            }
            for k in touched {
                dirty[k] = false;
            }
            for &node in &self.plan.rollup_order {
                match node {
                    Node::KeyResult(k) => self.key_result(&mut cur, k),
                    Node::Objective(o) => self.objective(&mut cur, o),
                }
            }
            for t in self.ix.themes() {
                self.theme(&mut cur, t);
            }
            for u in self.ix.units() {
                self.unit(&mut cur, u);
            }
            out.push((date, cur.clone()));
            r = Some(cur);
        }
        out
    }

    /// The trend, keyed by id.
    pub(crate) fn trend(&self, every: u32, options: &RollupOptions) -> Trend {
        let doc = self.doc;
        let points = self.trend_rollups(every, options);
        let mut t = Trend::default();
        for (i, kr) in doc.key_results.iter().enumerate() {
            let series = points
                .iter()
                .map(|(d, r)| {
                    let f = r.key_results.get(i).copied().unwrap_or_default();
                    TrendPoint {
                        date: *d,
                        progress: f.progress,
                        status: f.status,
                    }
                })
                .collect();
            t.key_results.insert(kr.id.clone(), series);
        }
        for (i, o) in doc.objectives.iter().enumerate() {
            let series = points
                .iter()
                .map(|(d, r)| {
                    let f = r.objectives.get(i).copied().unwrap_or_default();
                    TrendPoint {
                        date: *d,
                        progress: f.progress,
                        status: f.status,
                    }
                })
                .collect();
            t.objectives.insert(o.id.clone(), series);
        }
        for (i, th) in doc.themes.iter().enumerate() {
            let series = points
                .iter()
                .map(|(d, r)| TrendPoint {
                    date: *d,
                    progress: r.themes.get(i).and_then(|f| f.progress),
                    status: None,
                })
                .collect();
            t.themes.insert(th.id.clone(), series);
        }
        for (i, u) in doc.units.iter().enumerate() {
            let series = points
                .iter()
                .map(|(d, r)| TrendPoint {
                    date: *d,
                    progress: r.units.get(i).and_then(|f| f.progress),
                    status: None,
                })
                .collect();
            t.units.insert(u.id.clone(), series);
        }
        t
    }
}

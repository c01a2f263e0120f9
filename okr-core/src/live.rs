//! The live model: a cascade together with its rollup, kept current by
//! incremental updates. Every surface (Rust, Python, JS) uses this one
//! type, so an update means the same thing everywhere and the rollup can
//! never be paired with the wrong document.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::document::CheckIn;
use crate::error::Error;
use crate::index::KrIx;
use crate::report::RollupReport;
use crate::rollup::{
    Changed, KeyResultFigures, MeanFigures, ObjectiveFigures, Rollup, RollupOptions,
};
use crate::Cascade;

/// A cascade and its rollup, updated incrementally.
///
/// Each update recomputes only the figures the changed key result can reach
/// and returns them as a [`RollupDelta`]; [`LiveRollup::rollup`] always
/// equals a full recompute of [`LiveRollup::cascade`] with the same options.
///
/// ```
/// use okr_core::{Cascade, CheckIn, Date, LiveRollup, RollupOptions};
///
/// let cascade = Cascade::from_json(r#"{
///   "okr": "1",
///   "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30", "as_of": "2026-08-15"},
///   "units": [{"id": "acme", "kind": "company"}],
///   "objectives": [{"id": "O1", "unit": "acme", "title": "Grow"}],
///   "key_results": [{"id": "KR1", "objective": "O1", "title": "Increase ARR from 12 to 20",
///                    "metric": {"kind": "increase", "start": 12, "target": 20}}]
/// }"#)?;
/// let mut live = LiveRollup::new(cascade, RollupOptions::default());
/// let delta = live.record_check_in(CheckIn {
///     key_result: "KR1".into(),
///     date: Date::parse("2026-08-01").expect("a date"),
///     value: 16.0,
///     confidence: Some(0.7),
/// })?;
/// assert_eq!(delta.key_results["KR1"].progress, Some(0.5));
/// assert_eq!(delta.objectives["O1"].progress, Some(0.5));
/// assert_eq!(live.cascade().document().check_ins.len(), 1);
/// # Ok::<(), okr_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct LiveRollup {
    cascade: Cascade,
    rollup: Rollup,
}

/// The figures one incremental update recomputed, keyed by id and sorted
/// by id (the first item of a duplicated id wins, as in
/// [`RollupReport`]): `{"key_results": {id: ...}, "objectives": ...,
/// "themes": ..., "units": ...}`. Owned, so it outlives the update and
/// crosses threads and bindings freely.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RollupDelta {
    /// Key results recomputed.
    pub key_results: BTreeMap<String, KeyResultFigures>,
    /// Objectives recomputed.
    pub objectives: BTreeMap<String, ObjectiveFigures>,
    /// Themes recomputed.
    pub themes: BTreeMap<String, MeanFigures>,
    /// Units recomputed.
    pub units: BTreeMap<String, MeanFigures>,
}

impl RollupDelta {
    /// True when the update changed nothing (it always recomputes at least
    /// the key result itself, so this is false after any update).
    pub fn is_empty(&self) -> bool {
        self.key_results.is_empty()
            && self.objectives.is_empty()
            && self.themes.is_empty()
            && self.units.is_empty()
    }

    /// The delta as JSON text (the shape of `okr rollup --format json`
    /// without `mandates`).
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string(self).map_err(|e| Error::Output(format!("cannot write JSON: {e}")))
    }
}

/// Copies the figures at `positions` into an id-keyed map; on a duplicated
/// id the lowest position wins (positions come ascending). `id` names the
/// item at a position.
fn keyed<'a, T: Copy>(
    id: impl Fn(usize) -> Option<&'a str>,
    positions: &[u32],
    figures: &[T],
) -> BTreeMap<String, T> {
    let mut out = BTreeMap::new();
    for &p in positions {
        // INVARIANT: the positions come from an update of this rollup, made
        // from this document: every lookup succeeds.
        let (Some(id), Some(&fig)) = (id(p as usize), figures.get(p as usize)) else {
            continue;
        };
        out.entry(id.to_string()).or_insert(fig);
    }
    out
}

impl LiveRollup {
    /// Takes the cascade and computes its full rollup with `options`.
    pub fn new(cascade: Cascade, options: RollupOptions) -> LiveRollup {
        let rollup = cascade.rollup(&options);
        LiveRollup { cascade, rollup }
    }

    /// The cascade with every update applied.
    pub fn cascade(&self) -> &Cascade {
        &self.cascade
    }

    /// The current rollup: equal to a full recompute of [`Self::cascade`].
    pub fn rollup(&self) -> &Rollup {
        &self.rollup
    }

    /// The options every figure is computed with.
    pub fn options(&self) -> &RollupOptions {
        &self.rollup.options
    }

    /// Where the figures of `id` come from, read from the current rollup
    /// (see [`Cascade::explain`]).
    pub fn explain(&self, id: &str) -> Result<crate::Explanation, Error> {
        crate::explain::explain(&self.cascade.engine(), &self.rollup, id)
    }

    /// The current rollup keyed by id (the `okr rollup --format json` shape).
    pub fn report(&self) -> RollupReport<'_> {
        RollupReport::new(&self.cascade, &self.rollup)
    }

    /// Gives back the cascade and its rollup.
    pub fn into_parts(self) -> (Cascade, Rollup) {
        (self.cascade, self.rollup)
    }

    /// Records a check-in and returns the figures that changed. Fails, and
    /// changes nothing, for an unknown key result or a non-finite value or
    /// confidence.
    pub fn record_check_in(&mut self, check_in: CheckIn) -> Result<RollupDelta, Error> {
        let k = self.cascade.record_check_in_unrolled(check_in)?;
        Ok(self.update(k))
    }

    /// Sets a key result's `metric.current` (`None` clears it) and returns
    /// the figures that changed. A check-in dated on or before `as_of` still
    /// wins over `metric.current`. Fails, and changes nothing, for an
    /// unknown key result, a milestone (it has no value) or a non-finite
    /// value.
    pub fn set_current(
        &mut self,
        key_result: &str,
        value: Option<f64>,
    ) -> Result<RollupDelta, Error> {
        let k = self.cascade.set_current_unrolled(key_result, value)?;
        Ok(self.update(k))
    }

    /// Takes an objective or key result off the board on `date` (its
    /// `dropped` field), or with `None` puts it back, and returns the
    /// figures that changed: its own status (and, for an objective, its
    /// KRs'), and every mean that now skips it or counts it again. Equal to
    /// a full recompute. The date is not checked against the cycle here:
    /// `validate` reports one outside it (E009). Fails, and changes
    /// nothing, for an unknown id, an item of another kind, or a redacted
    /// stub.
    ///
    /// ```
    /// use okr_core::{Cascade, Date, LiveRollup, RollupOptions, Status};
    ///
    /// let cascade = Cascade::from_json(r#"{
    ///   "okr": "1",
    ///   "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30", "as_of": "2026-08-15"},
    ///   "units": [{"id": "acme", "kind": "company"}],
    ///   "objectives": [{"id": "O1", "unit": "acme", "title": "Grow"}],
    ///   "key_results": [
    ///     {"id": "KR1", "objective": "O1", "title": "ARR", "metric": {"kind": "milestone", "done": true}},
    ///     {"id": "KR2", "objective": "O1", "title": "NPS", "metric": {"kind": "milestone"}}]
    /// }"#)?;
    /// let mut live = LiveRollup::new(cascade, RollupOptions::default());
    /// let delta = live.drop_item("KR2", Some(Date::parse("2026-08-01").expect("a date")))?;
    /// assert_eq!(delta.key_results["KR2"].status, Some(Status::Dropped));
    /// assert_eq!(delta.objectives["O1"].progress, Some(1.0));
    /// # Ok::<(), okr_core::Error>(())
    /// ```
    pub fn drop_item(&mut self, id: &str, date: Option<Date>) -> Result<RollupDelta, Error> {
        let starts = self.cascade.drop_unrolled(id, date)?;
        let changed = self.cascade.update_rollup_from(&mut self.rollup, &starts);
        Ok(self.delta(&changed))
    }

    fn update(&mut self, k: KrIx) -> RollupDelta {
        let changed: Changed = self.cascade.update_rollup(&mut self.rollup, k);
        self.delta(&changed)
    }

    fn delta(&self, changed: &Changed) -> RollupDelta {
        let d = self.cascade.document();
        let r = &self.rollup;
        RollupDelta {
            key_results: keyed(
                |p| d.key_results.get(p).map(|x| x.id.as_str()),
                &changed.key_results,
                &r.key_results,
            ),
            objectives: keyed(
                |p| d.objectives.get(p).map(|x| x.id.as_str()),
                &changed.objectives,
                &r.objectives,
            ),
            themes: keyed(
                |p| d.themes.get(p).map(|x| x.id.as_str()),
                &changed.themes,
                &r.themes,
            ),
            units: keyed(
                |p| d.units.get(p).map(|x| x.id.as_str()),
                &changed.units,
                &r.units,
            ),
        }
    }
}

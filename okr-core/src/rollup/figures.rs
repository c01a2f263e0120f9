//! The figures a rollup computes, its options, and what an incremental
//! update changed.

use serde::{Deserialize, Serialize};

use super::plan::{BlockIx, PartBlockIx};
use crate::date::Date;
use crate::idx::IxVec;
use crate::index::{KrIx, MandateIx, ObjIx, ThemeIx, UnitIx};
use crate::numeric::Mean;
use crate::policy::{ObjectiveStatus, Policy};

/// Pace status of a KR, objective or mandate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Progress reached 1.
    Done,
    /// Keeping pace with the cycle (or a threshold met).
    OnTrack,
    /// Somewhat behind.
    AtRisk,
    /// Far behind (or a threshold missed).
    OffTrack,
    /// Taken off the board (its `dropped` date, or its objective's, is on
    /// or before `as_of`; every date counts without `as_of`). Its progress
    /// still stands; it compares with no other status.
    Dropped,
}

impl Status {
    /// How bad the status is: done 0, on_track 1, at_risk 2, off_track 3.
    /// `dropped` compares with nothing: it is 0 here, and callers that rank
    /// statuses skip it (see [`Status::is_dropped`]).
    pub fn severity(self) -> u8 {
        match self {
            Status::Done | Status::Dropped => 0,
            Status::OnTrack => 1,
            Status::AtRisk => 2,
            Status::OffTrack => 3,
        }
    }

    /// True for `dropped`, the one status outside the pace order.
    pub fn is_dropped(self) -> bool {
        self == Status::Dropped
    }

    /// The status in words, as messages say it: `"on track"`, `"at risk"`.
    pub fn words(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::OnTrack => "on track",
            Status::AtRisk => "at risk",
            Status::OffTrack => "off track",
            Status::Dropped => "dropped",
        }
    }

    /// The name as written in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::OnTrack => "on_track",
            Status::AtRisk => "at_risk",
            Status::OffTrack => "off_track",
            Status::Dropped => "dropped",
        }
    }
}

/// Settings of a rollup: the pace margins of a [`Policy`] (so they are
/// always usable) and an optional `as_of`. Made with
/// [`RollupOptions::default`] or [`RollupOptions::from_policy`], then
/// [`RollupOptions::with_as_of`].
#[derive(Clone, Debug, PartialEq)]
pub struct RollupOptions {
    /// Overrides the cycle's `as_of` when set.
    pub(crate) as_of: Option<Date>,
    /// Pace margin for on_track (default 0.10).
    pub(crate) on_track_margin: f64,
    /// Pace margin for at_risk (default 0.25).
    pub(crate) at_risk_margin: f64,
    /// Trend points before the last: `metric.current` (undated) does not
    /// count.
    pub(crate) dated_only: bool,
    /// How an objective's status is set (default: pace).
    pub(crate) objective_status: ObjectiveStatus,
    /// Benchmarks only: progress alone (see [`RollupOptions::progress_only`]).
    pub(crate) progress_only: bool,
}

impl Default for RollupOptions {
    fn default() -> Self {
        RollupOptions::from_policy(&Policy::default())
    }
}

impl RollupOptions {
    /// Margins from a policy, `as_of` from the document.
    pub fn from_policy(policy: &Policy) -> Self {
        RollupOptions {
            as_of: None,
            on_track_margin: policy.on_track_margin(),
            at_risk_margin: policy.at_risk_margin(),
            dated_only: false,
            objective_status: policy.objective_status(),
            progress_only: false,
        }
    }

    /// For benchmarks only (issue 14's split of the rollup against the
    /// flat-array limit): the same options, computing only what the limit
    /// computes, progress (raw and clamped) of KRs and objectives; every
    /// status, forecast, work share, theme, unit and mandate stays null
    /// or default. Without cycles only (a cascade with cycles computes
    /// everything).
    #[doc(hidden)]
    pub fn progress_only(mut self) -> Self {
        self.progress_only = true;
        self
    }

    /// The same options with `as_of` overridden.
    pub fn with_as_of(mut self, as_of: Option<Date>) -> Self {
        self.as_of = as_of;
        self
    }

    /// The date that overrides the cycle's `as_of`, if any.
    pub fn as_of(&self) -> Option<Date> {
        self.as_of
    }

    /// Pace margin for on_track.
    pub fn on_track_margin(&self) -> f64 {
        self.on_track_margin
    }

    /// Pace margin for at_risk.
    pub fn at_risk_margin(&self) -> f64 {
        self.at_risk_margin
    }

    /// How an objective's status is set.
    pub fn objective_status(&self) -> ObjectiveStatus {
        self.objective_status
    }
}

/// Figures of one key result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct KeyResultFigures {
    /// Progress clamped to [0, 1]; null for a hidden KR.
    #[serde(serialize_with = "crate::document::finite::option")]
    pub progress: Option<f64>,
    /// Progress before clamping; null for a hidden KR or a non-finite value.
    #[serde(serialize_with = "crate::document::finite::option")]
    pub raw: Option<f64>,
    /// Pace status; null without `as_of`.
    pub status: Option<Status>,
    /// Progress forecast at the KR's horizon (its due date, else the
    /// cycle's end); null unless there are check-ins on two dates.
    #[serde(serialize_with = "crate::document::finite::option")]
    pub forecast: Option<f64>,
    /// Lower end of the 80% prediction interval at the horizon, as
    /// progress; only with check-ins on three or more dates (omitted when
    /// null).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::document::finite::option"
    )]
    pub forecast_low: Option<f64>,
    /// Upper end of the 80% prediction interval, as progress (omitted when
    /// null).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::document::finite::option"
    )]
    pub forecast_high: Option<f64>,
    /// Share of the sprint goals and initiatives naming the KR that are
    /// done; null when none name it (omitted when null). Never progress.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::document::finite::option"
    )]
    pub work: Option<f64>,
    /// True when a member of its mean was hidden (views only).
    #[serde(default, skip_serializing_if = "is_false")]
    pub partial: bool,
}

/// Figures of one objective.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ObjectiveFigures {
    /// KR-weighted mean progress; null without KRs.
    #[serde(serialize_with = "crate::document::finite::option")]
    pub progress: Option<f64>,
    /// Pace status; null without `as_of` or progress.
    pub status: Option<Status>,
    /// True when a member of its mean was hidden (views only).
    #[serde(default, skip_serializing_if = "is_false")]
    pub partial: bool,
}

/// Figures of a theme or a unit: a plain mean.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct MeanFigures {
    /// Plain mean of the members' progress; null when none has progress.
    #[serde(serialize_with = "crate::document::finite::option")]
    pub progress: Option<f64>,
    /// True when a member of its mean was hidden (views only).
    #[serde(default, skip_serializing_if = "is_false")]
    pub partial: bool,
}

/// Health of one mandate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct MandateFigures {
    /// Whether the standing metric is met.
    pub met: bool,
    /// on_track when met, else off_track; null without `as_of`.
    pub status: Option<Status>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Every figure of a document, in arrays parallel to the document's.
#[derive(Clone, Debug, PartialEq)]
pub struct Rollup {
    /// The date used (option or the cycle's `as_of`).
    pub as_of: Option<Date>,
    /// Share of the cycle elapsed at `as_of`, when set.
    pub elapsed: Option<f64>,
    /// Per key result.
    pub key_results: Vec<KeyResultFigures>,
    /// Per objective.
    pub objectives: Vec<ObjectiveFigures>,
    /// Per theme.
    pub themes: Vec<MeanFigures>,
    /// Per unit.
    pub units: Vec<MeanFigures>,
    /// Per mandate.
    pub mandates: Vec<MandateFigures>,
    pub(crate) options: RollupOptions,
    /// Partial sums of each `source: children` KR's direct in-links, in
    /// blocks of `BLOCK` links (laid out by the rollup plan). The full and
    /// the incremental computation both sum the blocks in order, so an
    /// update recomputes one block and the block totals (O(BLOCK + fan-in /
    /// BLOCK), not O(fan-in)) and stays bit-identical.
    pub(crate) blocks: IxVec<BlockIx, Mean>,
    /// Partial sums of each whole's parts, in blocks of `BLOCK` parts (laid
    /// out by the rollup plan), summed in order like `blocks`.
    pub(crate) part_blocks: IxVec<PartBlockIx, PartSum>,
    /// Each whole's total over its parts (the default for other KRs).
    pub(crate) sums: IxVec<KrIx, PartSum>,
}

/// A sum of parts' current values and of their least-squares lines at the
/// cycle's end. Compared bit for bit (an overflowing sum may be NaN).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PartSum {
    /// Sum of the known values.
    pub value: f64,
    /// Sum of the lines' values at the cycle's end.
    pub line: f64,
    /// Parts counted.
    pub count: u32,
    /// Some part's value is unknown (a stay_above/below part without one).
    pub unknown: bool,
    /// Some part has no least-squares line.
    pub no_line: bool,
    /// Some part is hidden in a view (or is a whole with a hidden part).
    pub hidden: bool,
}

/// What one part adds to its whole's sum.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct PartValue {
    /// Its current value (a part without one counts its start; `None`:
    /// unknown).
    pub value: Option<f64>,
    /// Its least-squares line's value at the cycle's end.
    pub line: Option<f64>,
    /// Hidden in a view.
    pub hidden: bool,
}

impl PartialEq for PartSum {
    fn eq(&self, other: &Self) -> bool {
        self.value.to_bits() == other.value.to_bits()
            && self.line.to_bits() == other.line.to_bits()
            && self.count == other.count
            && self.unknown == other.unknown
            && self.no_line == other.no_line
            && self.hidden == other.hidden
    }
}

impl PartSum {
    /// Adds one part.
    pub(crate) fn add(&mut self, p: PartValue) {
        self.count = self.count.saturating_add(1);
        self.hidden |= p.hidden;
        match p.value {
            Some(v) => self.value += v,
            None => self.unknown = true,
        }
        match p.line {
            Some(v) => self.line += v,
            None => self.no_line = true,
        }
    }

    /// Adds another block's parts.
    pub(crate) fn merge(&mut self, other: &PartSum) {
        self.count = self.count.saturating_add(other.count);
        self.value += other.value;
        self.line += other.line;
        self.unknown |= other.unknown;
        self.no_line |= other.no_line;
        self.hidden |= other.hidden;
    }

    /// The sum as the whole's current value: `None` when unknown, hidden
    /// or without parts.
    pub(crate) fn current(&self) -> Option<f64> {
        (self.count > 0 && !self.unknown && !self.hidden).then_some(self.value)
    }

    /// The sum of the lines: `None` unless every part has one.
    pub(crate) fn line(&self) -> Option<f64> {
        (self.count > 0 && !self.no_line && !self.hidden).then_some(self.line)
    }

    /// What this sum adds when its whole is itself a part.
    pub(crate) fn as_part(&self) -> PartValue {
        PartValue {
            value: self.current(),
            line: self.line(),
            hidden: self.hidden,
        }
    }
}

/// Figures by typed index.
#[expect(
    clippy::indexing_slicing,
    reason = "INVARIANT: a rollup holds one figure per item of the document it was computed \
              from (Engine::run sizes every array so; Cascade checks a rollup given back to \
              it), and is read only with indices of that document"
)]
impl Rollup {
    /// No figures at all, no date: for code that must not read any (the
    /// error rules, [`crate::rules::errors`]).
    pub(crate) fn empty() -> Rollup {
        Rollup {
            as_of: None,
            elapsed: None,
            key_results: Vec::new(),
            objectives: Vec::new(),
            themes: Vec::new(),
            units: Vec::new(),
            mandates: Vec::new(),
            options: RollupOptions::default(),
            blocks: IxVec::default(),
            part_blocks: IxVec::default(),
            sums: IxVec::default(),
        }
    }

    /// The options the figures were computed with (a full recompute of the
    /// same cascade with them gives the same figures, bit for bit).
    pub fn options(&self) -> &RollupOptions {
        &self.options
    }

    /// The figures of KR `k`.
    pub(crate) fn kr(&self, k: KrIx) -> &KeyResultFigures {
        &self.key_results[k.index()]
    }

    pub(crate) fn kr_mut(&mut self, k: KrIx) -> &mut KeyResultFigures {
        &mut self.key_results[k.index()]
    }

    /// The figures of objective `o`.
    pub(crate) fn objective(&self, o: ObjIx) -> &ObjectiveFigures {
        &self.objectives[o.index()]
    }

    pub(crate) fn objective_mut(&mut self, o: ObjIx) -> &mut ObjectiveFigures {
        &mut self.objectives[o.index()]
    }

    /// The total of whole `k`'s parts.
    pub(crate) fn sum(&self, k: KrIx) -> &PartSum {
        &self.sums[k]
    }

    /// The figures of theme `t`.
    pub(crate) fn theme(&self, t: ThemeIx) -> &MeanFigures {
        &self.themes[t.index()]
    }

    /// The figures of unit `u`.
    pub(crate) fn unit(&self, u: UnitIx) -> &MeanFigures {
        &self.units[u.index()]
    }

    /// The figures of mandate `m`.
    pub(crate) fn mandate(&self, m: MandateIx) -> &MandateFigures {
        &self.mandates[m.index()]
    }

    pub(crate) fn theme_mut(&mut self, t: ThemeIx) -> &mut MeanFigures {
        &mut self.themes[t.index()]
    }

    pub(crate) fn unit_mut(&mut self, u: UnitIx) -> &mut MeanFigures {
        &mut self.units[u.index()]
    }
}

/// Which figures an incremental update changed (indices into the rollup's
/// arrays, ascending).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Changed {
    /// Key results recomputed.
    pub key_results: Vec<u32>,
    /// Objectives recomputed.
    pub objectives: Vec<u32>,
    /// Themes recomputed.
    pub themes: Vec<u32>,
    /// Units recomputed.
    pub units: Vec<u32>,
}

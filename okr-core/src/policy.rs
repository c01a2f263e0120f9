//! The policy: every threshold of the validation rules and of the pace
//! rule, the activity verbs, rules switched off, and the input limits.
//! Defaults are the spec's.
//!
//! A [`Policy`] is checked when it is made, so every value in one is
//! usable: it comes from [`Policy::default`], from JSON
//! ([`Policy::from_json`] or any serde deserialiser), or from a
//! [`PolicyBuilder`] whose [`build`](PolicyBuilder::build) checks it.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::rules::Code;

/// Every threshold the rules use, with the spec's defaults. Read its values
/// with the accessors; make a changed one with [`Policy::builder`] (or
/// [`Policy::to_builder`]) or read one with [`Policy::from_json`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(default, deny_unknown_fields, try_from = "PolicyBuilder")]
pub struct Policy {
    /// Rule codes switched off (for example `["W103", "I202"]`).
    pub(crate) disabled: Vec<Code>,
    /// W101: most objectives the company unit may own.
    pub(crate) max_company_objectives: usize,
    /// W101: most objectives a function or team may own.
    pub(crate) max_unit_objectives: usize,
    /// W102: most KRs an objective may have (it must have at least one).
    pub(crate) max_objective_key_results: usize,
    /// W103: first words that make a KR title an activity.
    pub(crate) activity_verbs: Vec<String>,
    /// W104: token Jaccard similarity at which titles count as copied
    /// (0 to 1).
    pub(crate) copy_paste_similarity: f64,
    /// W107: deepest allowed direct-chain depth.
    pub(crate) max_direct_depth: usize,
    /// W114: most KRs a unit may own.
    pub(crate) max_unit_key_results: usize,
    /// W115: how far a KR may trail its direct children's progress (0 to
    /// 1).
    pub(crate) max_progress_divergence: f64,
    /// W116: most weekdays between themes_published and an objective's
    /// draft (not negative).
    pub(crate) max_draft_weekdays: i64,
    /// W118: days a trend KR may go without a check-in (not negative).
    pub(crate) stale_check_in_days: i64,
    /// W119: days after the cycle's start within which a new KR is not yet
    /// a mid-cycle addition (not negative).
    pub(crate) settle_days: i64,
    /// W131: fewest sprint goals and initiatives naming a KR.
    pub(crate) min_work_items: usize,
    /// W131: share of that work done from which the team counts as busy
    /// (0 to 1).
    pub(crate) work_done: f64,
    /// W131: progress below which the number has not moved (0 to 1).
    pub(crate) outcome_floor: f64,
    /// Pace: progress may trail elapsed time by this much and be on track
    /// (0 to 1).
    pub(crate) on_track_margin: f64,
    /// Pace: progress may trail elapsed time by this much and be at risk
    /// (0 to 1, at least `on_track_margin`).
    pub(crate) at_risk_margin: f64,
    /// W121: how far the parts' targets (or starts) may sum from the
    /// whole's, as a share of the whole's target - start (0 to 1).
    pub(crate) share_tolerance: f64,
    /// How an objective's status is set: by pace (default) or by its
    /// weakest KR.
    pub(crate) objective_status: ObjectiveStatus,
    /// W103: first words that make an increase KR from 0 a count of outputs.
    pub(crate) output_verbs: Vec<String>,
    /// W120: token Jaccard similarity (numbers as `#`) at which two
    /// unlinked titles count as duplicates (0 to 1).
    pub(crate) duplicate_similarity: f64,
    /// W123: token Jaccard similarity (numbers removed) at which a title
    /// restates its direct target's (0 to 1).
    pub(crate) restate_similarity: f64,
    /// W123: fewest tokens (numbers removed) the two titles must share.
    pub(crate) restate_min_shared_tokens: usize,
    /// W124: words that make a milestone KR's title name a quantity.
    pub(crate) measure_words: Vec<String>,
    /// W125: whole titles that are placeholders (case-insensitive,
    /// punctuation ignored).
    pub(crate) placeholder_words: Vec<String>,
    /// W126: most links from objectives a KR may receive.
    pub(crate) max_key_result_links: usize,
    /// Dependencies: most units whose objectives may link directly to one
    /// KR before its co-owners are listed once as a group instead of as
    /// co-owns edges between every pair of them.
    pub(crate) max_co_owners: usize,
    /// I203: phrases that put a rationale into a title.
    pub(crate) rationale_phrases: Vec<String>,
    /// Input limits.
    pub(crate) limits: Limits,
}

/// How an objective's status is set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ObjectiveStatus {
    /// By the pace rule on the objective's progress (Part 1).
    #[default]
    Pace,
    /// The worst status among its KRs (done > on_track > at_risk >
    /// off_track); progress unchanged.
    Weakest,
}

/// Size, depth and count limits for untrusted input. Every value is
/// usable (a limit of 0 refuses everything it counts).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest document accepted, in bytes.
    pub max_document_bytes: usize,
    /// Most items (units, objectives, KRs, ... and check-ins) in a document.
    pub max_items: usize,
    /// Longest id, in bytes.
    pub max_id_bytes: usize,
    /// Most lineage paths returned for one subject (shortest first).
    pub max_lineage_paths: usize,
}

/// The default activity verbs of W103.
pub(crate) const DEFAULT_ACTIVITY_VERBS: [&str; 14] = [
    "ship",
    "launch",
    "run",
    "deliver",
    "hold",
    "complete",
    "build",
    "implement",
    "release",
    "publish",
    "create",
    "host",
    "write",
    "migrate",
];

/// The default output verbs of W103's output-count extension.
pub(crate) const DEFAULT_OUTPUT_VERBS: [&str; 14] = [
    "produce",
    "publish",
    "source",
    "hire",
    "recruit",
    "onboard",
    "add",
    "integrate",
    "train",
    "interview",
    "contact",
    "send",
    "post",
    "attend",
];

/// The default measure words of W124.
pub(crate) const DEFAULT_MEASURE_WORDS: [&str; 19] = [
    "rate",
    "ratio",
    "percent",
    "percentage",
    "number",
    "count",
    "score",
    "nps",
    "uptime",
    "availability",
    "latency",
    "revenue",
    "arr",
    "mrr",
    "churn",
    "retention",
    "conversion",
    "margin",
    "cost",
];

/// The default placeholder titles of W125 (besides `lorem ...` and
/// `goal 1`, `objective #2`, `key result 3`, `kr 4`, which are fixed).
pub(crate) const DEFAULT_PLACEHOLDER_WORDS: [&str; 7] =
    ["tbd", "tbc", "todo", "fixme", "xxx", "placeholder", "n/a"];

/// The default rationale phrases of I203.
pub(crate) const DEFAULT_RATIONALE_PHRASES: [&str; 5] = [
    "so that",
    "in order to",
    "this will",
    "which will",
    "to ensure",
];

fn to_strings(words: &[&str]) -> Vec<String> {
    words.iter().map(|s| s.to_string()).collect()
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_document_bytes: 1 << 30,
            max_items: 20_000_000,
            max_id_bytes: 256,
            max_lineage_paths: 1_000,
        }
    }
}

impl Default for Policy {
    /// The spec's defaults.
    fn default() -> Self {
        PolicyBuilder::default().unchecked()
    }
}

impl Policy {
    /// Reads a policy from JSON; absent fields keep their defaults. An
    /// unknown field, an unknown rule code or a value out of range is an
    /// [`Error::Policy`] naming it.
    pub fn from_json(text: &str) -> Result<Policy, Error> {
        serde_json::from_str::<PolicyBuilder>(text)
            .map_err(|e| Error::Policy(e.to_string()))?
            .build()
    }

    /// A builder starting from the defaults.
    pub fn builder() -> PolicyBuilder {
        PolicyBuilder::default()
    }

    /// A builder starting from this policy.
    pub fn to_builder(&self) -> PolicyBuilder {
        let Policy {
            disabled,
            max_company_objectives,
            max_unit_objectives,
            max_objective_key_results,
            activity_verbs,
            copy_paste_similarity,
            max_direct_depth,
            max_unit_key_results,
            max_progress_divergence,
            max_draft_weekdays,
            stale_check_in_days,
            settle_days,
            min_work_items,
            work_done,
            outcome_floor,
            on_track_margin,
            at_risk_margin,
            share_tolerance,
            objective_status,
            output_verbs,
            duplicate_similarity,
            restate_similarity,
            restate_min_shared_tokens,
            measure_words,
            placeholder_words,
            max_key_result_links,
            max_co_owners,
            rationale_phrases,
            limits,
        } = self.clone();
        PolicyBuilder {
            disabled,
            max_company_objectives,
            max_unit_objectives,
            max_objective_key_results,
            activity_verbs,
            copy_paste_similarity,
            max_direct_depth,
            max_unit_key_results,
            max_progress_divergence,
            max_draft_weekdays,
            stale_check_in_days,
            settle_days,
            min_work_items,
            work_done,
            outcome_floor,
            on_track_margin,
            at_risk_margin,
            share_tolerance,
            objective_status,
            output_verbs,
            duplicate_similarity,
            restate_similarity,
            restate_min_shared_tokens,
            measure_words,
            placeholder_words,
            max_key_result_links,
            max_co_owners,
            rationale_phrases,
            limits,
        }
    }

    /// Whether the rule with this code runs.
    pub fn enabled(&self, code: Code) -> bool {
        !self.disabled.contains(&code)
    }

    /// Rule codes switched off.
    pub fn disabled(&self) -> &[Code] {
        &self.disabled
    }

    /// W101: most objectives the company unit may own.
    pub fn max_company_objectives(&self) -> usize {
        self.max_company_objectives
    }

    /// W101: most objectives a function or team may own.
    pub fn max_unit_objectives(&self) -> usize {
        self.max_unit_objectives
    }

    /// W102: most KRs an objective may have (it must have at least one).
    pub fn max_objective_key_results(&self) -> usize {
        self.max_objective_key_results
    }

    /// W103: first words that make a KR title an activity.
    pub fn activity_verbs(&self) -> &[String] {
        &self.activity_verbs
    }

    /// W104: token Jaccard similarity at which titles count as copied.
    pub fn copy_paste_similarity(&self) -> f64 {
        self.copy_paste_similarity
    }

    /// W107: deepest allowed direct-chain depth.
    pub fn max_direct_depth(&self) -> usize {
        self.max_direct_depth
    }

    /// W114: most KRs a unit may own.
    pub fn max_unit_key_results(&self) -> usize {
        self.max_unit_key_results
    }

    /// W115: how far a KR may trail its direct children's progress.
    pub fn max_progress_divergence(&self) -> f64 {
        self.max_progress_divergence
    }

    /// W116: most weekdays between themes_published and an objective's
    /// draft.
    pub fn max_draft_weekdays(&self) -> i64 {
        self.max_draft_weekdays
    }

    /// W118: days a trend KR may go without a check-in.
    pub fn stale_check_in_days(&self) -> i64 {
        self.stale_check_in_days
    }

    /// W119: days after the cycle's start within which a new KR is not yet
    /// a mid-cycle addition.
    pub fn settle_days(&self) -> i64 {
        self.settle_days
    }

    /// W131: fewest sprint goals and initiatives naming a KR.
    pub fn min_work_items(&self) -> usize {
        self.min_work_items
    }

    /// W131: share of the work done from which the team counts as busy.
    pub fn work_done(&self) -> f64 {
        self.work_done
    }

    /// W131: progress below which the number has not moved.
    pub fn outcome_floor(&self) -> f64 {
        self.outcome_floor
    }

    /// Pace: progress may trail elapsed time by this much and be on track.
    pub fn on_track_margin(&self) -> f64 {
        self.on_track_margin
    }

    /// Pace: progress may trail elapsed time by this much and be at risk.
    pub fn at_risk_margin(&self) -> f64 {
        self.at_risk_margin
    }

    /// W121: how far the parts' targets (or starts) may sum from the
    /// whole's, as a share of the whole's target - start.
    pub fn share_tolerance(&self) -> f64 {
        self.share_tolerance
    }

    /// How an objective's status is set (`pace` or `weakest`).
    pub fn objective_status(&self) -> ObjectiveStatus {
        self.objective_status
    }

    /// W103: first words that make an increase KR from 0 a count of
    /// outputs.
    pub fn output_verbs(&self) -> &[String] {
        &self.output_verbs
    }

    /// W120: token Jaccard similarity at which unlinked titles count as
    /// duplicates.
    pub fn duplicate_similarity(&self) -> f64 {
        self.duplicate_similarity
    }

    /// W123: token Jaccard similarity at which a title restates its
    /// direct target's.
    pub fn restate_similarity(&self) -> f64 {
        self.restate_similarity
    }

    /// W123: fewest tokens the two titles must share.
    pub fn restate_min_shared_tokens(&self) -> usize {
        self.restate_min_shared_tokens
    }

    /// W124: words that make a milestone KR's title name a quantity.
    pub fn measure_words(&self) -> &[String] {
        &self.measure_words
    }

    /// W125: whole titles that are placeholders.
    pub fn placeholder_words(&self) -> &[String] {
        &self.placeholder_words
    }

    /// W126: most links from objectives a KR may receive.
    pub fn max_key_result_links(&self) -> usize {
        self.max_key_result_links
    }

    /// Dependencies: most co-owning units of one KR listed as co-owns
    /// edges; a KR with more is listed once in `shared`.
    pub fn max_co_owners(&self) -> usize {
        self.max_co_owners
    }

    /// I203: phrases that put a rationale into a title.
    pub fn rationale_phrases(&self) -> &[String] {
        &self.rationale_phrases
    }

    /// Input limits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The policy when every value is usable: finite ratios from 0 to 1,
    /// `at_risk_margin` at least `on_track_margin`, no negative day counts.
    /// (Rule codes are typed, so they need no check.)
    fn checked(self) -> Result<Policy, Error> {
        let ratios = [
            ("copy_paste_similarity", self.copy_paste_similarity),
            ("max_progress_divergence", self.max_progress_divergence),
            ("work_done", self.work_done),
            ("outcome_floor", self.outcome_floor),
            ("on_track_margin", self.on_track_margin),
            ("at_risk_margin", self.at_risk_margin),
            ("share_tolerance", self.share_tolerance),
            ("duplicate_similarity", self.duplicate_similarity),
            ("restate_similarity", self.restate_similarity),
        ];
        for (name, v) in ratios {
            if !v.is_finite() || !(0.0..=1.0).contains(&v) {
                return Err(Error::Policy(format!(
                    "`{name}` is {v}; it must be a number from 0 to 1"
                )));
            }
        }
        if self.at_risk_margin < self.on_track_margin {
            return Err(Error::Policy(
                "`at_risk_margin` must be at least `on_track_margin`".into(),
            ));
        }
        for (name, v) in [
            ("stale_check_in_days", self.stale_check_in_days),
            ("settle_days", self.settle_days),
            ("max_draft_weekdays", self.max_draft_weekdays),
        ] {
            if v < 0 {
                return Err(Error::Policy(format!(
                    "`{name}` is {v}; it must not be negative"
                )));
            }
        }
        Ok(self)
    }
}

/// A policy being made: set what differs from the starting point, then
/// [`build`](PolicyBuilder::build), which checks every value. It is also
/// the unchecked shape a policy is deserialised into before the check
/// (deserialise a builder, then `build`, to keep a bad value's
/// [`Error::Policy`] apart from a deserialiser's own errors).
///
/// ```
/// use okr_core::{Code, Policy};
///
/// let policy = Policy::builder()
///     .disable(Code::W103)
///     .max_unit_objectives(3)
///     .build()?;
/// assert!(!policy.enabled(Code::W103));
/// assert_eq!(policy.max_unit_objectives(), 3);
/// assert!(Policy::builder().on_track_margin(f64::NAN).build().is_err());
/// # Ok::<(), okr_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PolicyBuilder {
    disabled: Vec<Code>,
    max_company_objectives: usize,
    max_unit_objectives: usize,
    max_objective_key_results: usize,
    activity_verbs: Vec<String>,
    copy_paste_similarity: f64,
    max_direct_depth: usize,
    max_unit_key_results: usize,
    max_progress_divergence: f64,
    max_draft_weekdays: i64,
    stale_check_in_days: i64,
    settle_days: i64,
    min_work_items: usize,
    work_done: f64,
    outcome_floor: f64,
    on_track_margin: f64,
    at_risk_margin: f64,
    share_tolerance: f64,
    objective_status: ObjectiveStatus,
    output_verbs: Vec<String>,
    duplicate_similarity: f64,
    restate_similarity: f64,
    restate_min_shared_tokens: usize,
    measure_words: Vec<String>,
    placeholder_words: Vec<String>,
    max_key_result_links: usize,
    max_co_owners: usize,
    rationale_phrases: Vec<String>,
    limits: Limits,
}

impl Default for PolicyBuilder {
    /// The spec's defaults.
    fn default() -> Self {
        PolicyBuilder {
            disabled: Vec::new(),
            max_company_objectives: 5,
            max_unit_objectives: 4,
            max_objective_key_results: 5,
            activity_verbs: DEFAULT_ACTIVITY_VERBS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            copy_paste_similarity: 0.8,
            max_direct_depth: 2,
            max_unit_key_results: 12,
            max_progress_divergence: 0.30,
            max_draft_weekdays: 10,
            stale_check_in_days: 14,
            settle_days: 14,
            min_work_items: 3,
            work_done: 0.8,
            outcome_floor: 0.3,
            on_track_margin: 0.10,
            at_risk_margin: 0.25,
            share_tolerance: 0.01,
            objective_status: ObjectiveStatus::Pace,
            output_verbs: to_strings(&DEFAULT_OUTPUT_VERBS),
            duplicate_similarity: 0.8,
            restate_similarity: 0.6,
            restate_min_shared_tokens: 3,
            measure_words: to_strings(&DEFAULT_MEASURE_WORDS),
            placeholder_words: to_strings(&DEFAULT_PLACEHOLDER_WORDS),
            max_key_result_links: 8,
            max_co_owners: 8,
            rationale_phrases: to_strings(&DEFAULT_RATIONALE_PHRASES),
            limits: Limits::default(),
        }
    }
}

impl TryFrom<PolicyBuilder> for Policy {
    type Error = Error;

    fn try_from(builder: PolicyBuilder) -> Result<Policy, Error> {
        builder.build()
    }
}

impl PolicyBuilder {
    /// The policy, when every value is usable; otherwise an
    /// [`Error::Policy`] naming the first bad one.
    pub fn build(self) -> Result<Policy, Error> {
        self.unchecked().checked()
    }

    /// The values as a policy, before the check.
    fn unchecked(self) -> Policy {
        let PolicyBuilder {
            disabled,
            max_company_objectives,
            max_unit_objectives,
            max_objective_key_results,
            activity_verbs,
            copy_paste_similarity,
            max_direct_depth,
            max_unit_key_results,
            max_progress_divergence,
            max_draft_weekdays,
            stale_check_in_days,
            settle_days,
            min_work_items,
            work_done,
            outcome_floor,
            on_track_margin,
            at_risk_margin,
            share_tolerance,
            objective_status,
            output_verbs,
            duplicate_similarity,
            restate_similarity,
            restate_min_shared_tokens,
            measure_words,
            placeholder_words,
            max_key_result_links,
            max_co_owners,
            rationale_phrases,
            limits,
        } = self;
        Policy {
            disabled,
            max_company_objectives,
            max_unit_objectives,
            max_objective_key_results,
            activity_verbs,
            copy_paste_similarity,
            max_direct_depth,
            max_unit_key_results,
            max_progress_divergence,
            max_draft_weekdays,
            stale_check_in_days,
            settle_days,
            min_work_items,
            work_done,
            outcome_floor,
            on_track_margin,
            at_risk_margin,
            share_tolerance,
            objective_status,
            output_verbs,
            duplicate_similarity,
            restate_similarity,
            restate_min_shared_tokens,
            measure_words,
            placeholder_words,
            max_key_result_links,
            max_co_owners,
            rationale_phrases,
            limits,
        }
    }

    /// Switches these rules off (replacing the list).
    pub fn disabled(mut self, codes: impl IntoIterator<Item = Code>) -> Self {
        self.disabled = codes.into_iter().collect();
        self
    }

    /// Switches one more rule off.
    pub fn disable(mut self, code: Code) -> Self {
        if !self.disabled.contains(&code) {
            self.disabled.push(code);
        }
        self
    }
    /// W101: most objectives the company unit may own.
    pub fn max_company_objectives(mut self, n: usize) -> Self {
        self.max_company_objectives = n;
        self
    }

    /// W101: most objectives a function or team may own.
    pub fn max_unit_objectives(mut self, n: usize) -> Self {
        self.max_unit_objectives = n;
        self
    }

    /// W102: most KRs an objective may have.
    pub fn max_objective_key_results(mut self, n: usize) -> Self {
        self.max_objective_key_results = n;
        self
    }

    /// W103: first words that make a KR title an activity (replacing the
    /// list).
    pub fn activity_verbs<S: Into<String>>(mut self, verbs: impl IntoIterator<Item = S>) -> Self {
        self.activity_verbs = verbs.into_iter().map(Into::into).collect();
        self
    }

    /// W104: token Jaccard similarity at which titles count as copied (0
    /// to 1).
    pub fn copy_paste_similarity(mut self, v: f64) -> Self {
        self.copy_paste_similarity = v;
        self
    }

    /// W107: deepest allowed direct-chain depth.
    pub fn max_direct_depth(mut self, n: usize) -> Self {
        self.max_direct_depth = n;
        self
    }

    /// W114: most KRs a unit may own.
    pub fn max_unit_key_results(mut self, n: usize) -> Self {
        self.max_unit_key_results = n;
        self
    }

    /// W115: how far a KR may trail its direct children's progress (0 to
    /// 1).
    pub fn max_progress_divergence(mut self, v: f64) -> Self {
        self.max_progress_divergence = v;
        self
    }

    /// W116: most weekdays between themes_published and an objective's
    /// draft (not negative).
    pub fn max_draft_weekdays(mut self, n: i64) -> Self {
        self.max_draft_weekdays = n;
        self
    }

    /// W118: days a trend KR may go without a check-in (not negative).
    pub fn stale_check_in_days(mut self, n: i64) -> Self {
        self.stale_check_in_days = n;
        self
    }

    /// W119: days after the cycle's start within which a new KR is not yet
    /// a mid-cycle addition (not negative).
    pub fn settle_days(mut self, n: i64) -> Self {
        self.settle_days = n;
        self
    }

    /// W131: fewest sprint goals and initiatives naming a KR.
    pub fn min_work_items(mut self, n: usize) -> Self {
        self.min_work_items = n;
        self
    }

    /// W131: share of the work done from which the team counts as busy (0
    /// to 1).
    pub fn work_done(mut self, v: f64) -> Self {
        self.work_done = v;
        self
    }

    /// W131: progress below which the number has not moved (0 to 1).
    pub fn outcome_floor(mut self, v: f64) -> Self {
        self.outcome_floor = v;
        self
    }

    /// Pace: the on-track margin (0 to 1).
    pub fn on_track_margin(mut self, v: f64) -> Self {
        self.on_track_margin = v;
        self
    }

    /// Pace: the at-risk margin (0 to 1, at least the on-track margin).
    pub fn at_risk_margin(mut self, v: f64) -> Self {
        self.at_risk_margin = v;
        self
    }

    /// W121: the share tolerance (0 to 1).
    pub fn share_tolerance(mut self, v: f64) -> Self {
        self.share_tolerance = v;
        self
    }

    /// How an objective's status is set (`pace` or `weakest`).
    pub fn objective_status(mut self, v: ObjectiveStatus) -> Self {
        self.objective_status = v;
        self
    }

    /// W103: output verbs of the output-count extension (replacing the
    /// list).
    pub fn output_verbs<S: Into<String>>(mut self, verbs: impl IntoIterator<Item = S>) -> Self {
        self.output_verbs = verbs.into_iter().map(Into::into).collect();
        self
    }

    /// W120: token Jaccard similarity at which unlinked titles count as
    /// duplicates (0 to 1).
    pub fn duplicate_similarity(mut self, v: f64) -> Self {
        self.duplicate_similarity = v;
        self
    }

    /// W123: token Jaccard similarity at which a title restates its
    /// direct target's (0 to 1).
    pub fn restate_similarity(mut self, v: f64) -> Self {
        self.restate_similarity = v;
        self
    }

    /// W123: fewest tokens the two titles must share.
    pub fn restate_min_shared_tokens(mut self, n: usize) -> Self {
        self.restate_min_shared_tokens = n;
        self
    }

    /// W124: measure words (replacing the list).
    pub fn measure_words<S: Into<String>>(mut self, words: impl IntoIterator<Item = S>) -> Self {
        self.measure_words = words.into_iter().map(Into::into).collect();
        self
    }

    /// W125: placeholder titles (replacing the list).
    pub fn placeholder_words<S: Into<String>>(
        mut self,
        words: impl IntoIterator<Item = S>,
    ) -> Self {
        self.placeholder_words = words.into_iter().map(Into::into).collect();
        self
    }

    /// W126: most links from objectives a KR may receive.
    pub fn max_key_result_links(mut self, n: usize) -> Self {
        self.max_key_result_links = n;
        self
    }

    /// Dependencies: most co-owning units of one KR listed as co-owns
    /// edges (a KR with more is listed once in `shared`).
    pub fn max_co_owners(mut self, n: usize) -> Self {
        self.max_co_owners = n;
        self
    }

    /// I203: rationale phrases (replacing the list).
    pub fn rationale_phrases<S: Into<String>>(
        mut self,
        phrases: impl IntoIterator<Item = S>,
    ) -> Self {
        self.rationale_phrases = phrases.into_iter().map(Into::into).collect();
        self
    }

    /// Input limits.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_pass_the_check() {
        assert_eq!(Policy::default().checked(), Ok(Policy::default()));
        assert_eq!(Policy::builder().build(), Ok(Policy::default()));
        assert_eq!(
            Policy::default().to_builder().build(),
            Ok(Policy::default())
        );
        assert_eq!(Policy::from_json("{}"), Ok(Policy::default()));
    }

    #[test]
    fn a_bad_value_cannot_make_a_policy() {
        for bad in [f64::NAN, f64::INFINITY, -0.1, 1.5] {
            let err = Policy::builder().on_track_margin(bad).build().unwrap_err();
            assert!(err.to_string().contains("on_track_margin"), "{err}");
            assert!(Policy::builder().at_risk_margin(bad).build().is_err());
            assert!(Policy::builder()
                .copy_paste_similarity(bad)
                .build()
                .is_err());
            assert!(Policy::builder()
                .max_progress_divergence(bad)
                .build()
                .is_err());
            let err = Policy::builder()
                .duplicate_similarity(bad)
                .build()
                .unwrap_err();
            assert!(err.to_string().contains("duplicate_similarity"), "{err}");
            assert!(Policy::builder().restate_similarity(bad).build().is_err());
        }
        let err = Policy::builder()
            .stale_check_in_days(-1)
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("stale_check_in_days"), "{err}");
        assert!(Policy::builder().max_draft_weekdays(-1).build().is_err());
        // The margins are checked together, not one at a time.
        assert!(Policy::builder().on_track_margin(0.3).build().is_err());
        let p = Policy::builder()
            .on_track_margin(0.3)
            .at_risk_margin(0.5)
            .build()
            .unwrap();
        assert_eq!((p.on_track_margin(), p.at_risk_margin()), (0.3, 0.5));
    }

    #[test]
    fn the_judgement_defaults_are_the_specs() {
        let p = Policy::default();
        assert_eq!(p.duplicate_similarity(), 0.8);
        assert_eq!(p.restate_similarity(), 0.6);
        assert_eq!(p.restate_min_shared_tokens(), 3);
        assert_eq!(p.max_key_result_links(), 8);
        assert_eq!(p.measure_words().len(), 19);
        assert_eq!(p.output_verbs().len(), 14);
        assert!(p.rationale_phrases().iter().any(|x| x == "in order to"));
        assert!(p.placeholder_words().iter().any(|x| x == "n/a"));
        let p =
            Policy::from_json(r#"{"max_key_result_links": 3, "measure_words": ["nps"]}"#).unwrap();
        assert_eq!(p.max_key_result_links(), 3);
        assert_eq!(p.measure_words(), ["nps"]);
        let b = Policy::builder()
            .output_verbs(["hire"])
            .placeholder_words(["wip"])
            .rationale_phrases(["because"])
            .restate_min_shared_tokens(2)
            .build()
            .unwrap();
        assert_eq!(b.to_builder().build().unwrap(), b);
    }

    #[test]
    fn deserialising_runs_the_same_check() {
        let err = Policy::from_json(r#"{"on_track_margin": -0.5}"#).unwrap_err();
        assert!(matches!(err, Error::Policy(_)));
        assert!(err.to_string().contains("on_track_margin"), "{err}");
        let err = serde_json::from_str::<Policy>(r#"{"at_risk_margin": 0.05}"#).unwrap_err();
        assert!(err.to_string().contains("at_risk_margin"), "{err}");
        let err = Policy::from_json(r#"{"disabled": ["W103", "W999"]}"#).unwrap_err();
        assert!(
            err.to_string().contains("`W999` is not a rule code"),
            "{err}"
        );
        assert!(Policy::from_json(r#"{"colour": 1}"#).is_err());
        let p = Policy::from_json(r#"{"disabled": ["W103"], "limits": {"max_items": 7}}"#).unwrap();
        assert_eq!(p.disabled(), &[Code::W103]);
        assert!(!p.enabled(Code::W103) && p.enabled(Code::W104));
        assert_eq!(p.limits().max_items, 7);
        let text = serde_json::to_string(&p).unwrap();
        assert!(text.contains(r#""disabled":["W103"]"#), "{text}");
        assert_eq!(Policy::from_json(&text).unwrap(), p);
    }
}

//! The policy: every threshold of the validation rules and of the pace
//! rule, the activity verbs, rules switched off, and the input limits.
//! Defaults are the spec's.

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// Every threshold the rules use, with the spec's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Rule codes switched off (for example `["W103", "I202"]`).
    pub disabled: Vec<String>,
    /// W101: most objectives the company unit may own.
    pub max_company_objectives: usize,
    /// W101: most objectives a function or team may own.
    pub max_unit_objectives: usize,
    /// W102: most KRs an objective may have (it must have at least one).
    pub max_objective_key_results: usize,
    /// W103: first words that make a KR title an activity.
    pub activity_verbs: Vec<String>,
    /// W104: token Jaccard similarity at which titles count as copied.
    pub copy_paste_similarity: f64,
    /// W107: deepest allowed direct-chain depth.
    pub max_direct_depth: usize,
    /// W114: most KRs a unit may own.
    pub max_unit_key_results: usize,
    /// W115: how far a KR may trail its direct children's progress.
    pub max_progress_divergence: f64,
    /// W116: most weekdays between themes_published and an objective's draft.
    pub max_draft_weekdays: i64,
    /// W118: days a trend KR may go without a check-in.
    pub stale_check_in_days: i64,
    /// Pace: progress may trail elapsed time by this much and be on track.
    pub on_track_margin: f64,
    /// Pace: progress may trail elapsed time by this much and be at risk.
    pub at_risk_margin: f64,
    /// Input limits.
    pub limits: Limits,
}

/// Size, depth and count limits for untrusted input.
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
pub const DEFAULT_ACTIVITY_VERBS: [&str; 14] = [
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
    fn default() -> Self {
        Policy {
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
            on_track_margin: 0.10,
            at_risk_margin: 0.25,
            limits: Limits::default(),
        }
    }
}

impl Policy {
    /// Reads a policy from JSON; absent fields keep their defaults.
    pub fn from_json(text: &str) -> Result<Policy, Error> {
        let policy: Policy =
            serde_json::from_str(text).map_err(|e| Error::Policy(e.to_string()))?;
        policy.checked()
    }

    /// Checks that every value is usable: known codes, finite thresholds.
    pub fn checked(self) -> Result<Policy, Error> {
        for code in &self.disabled {
            if crate::rules::RuleInfo::by_code(code).is_none() {
                return Err(Error::Policy(format!(
                    "`disabled` names `{code}`, which is not a rule code (E001-E009, W101-W118, I201-I202)"
                )));
            }
        }
        let ratios = [
            ("copy_paste_similarity", self.copy_paste_similarity),
            ("max_progress_divergence", self.max_progress_divergence),
            ("on_track_margin", self.on_track_margin),
            ("at_risk_margin", self.at_risk_margin),
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
        if self.stale_check_in_days < 0 || self.max_draft_weekdays < 0 {
            return Err(Error::Policy(
                "`stale_check_in_days` and `max_draft_weekdays` must not be negative".into(),
            ));
        }
        Ok(self)
    }

    /// Whether the rule with this code runs.
    pub fn enabled(&self, code: &str) -> bool {
        !self.disabled.iter().any(|c| c == code)
    }
}

//! The table of rules: code, name, severity, and a hint for each.

use crate::diagnostic::Severity;

/// A rule's fixed facts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// Stable code.
    pub code: &'static str,
    /// Rule name.
    pub rule: &'static str,
    /// Severity.
    pub severity: Severity,
    /// What to do when it fires.
    pub hint: &'static str,
}

use Severity::{Error as E, Info as I, Warning as W};

/// Every rule, in code order.
pub const RULES: &[RuleInfo] = &[
    RuleInfo { code: "E001", rule: "duplicate-id", severity: E, hint: "Give every item its own id; ids are unique across the whole document." },
    RuleInfo { code: "E002", rule: "unknown-reference", severity: E, hint: "Fix the id, or add the item it should name." },
    RuleInfo { code: "E003", rule: "cascade-cycle", severity: E, hint: "Break the loop: an objective cannot, through its links, end up serving itself." },
    RuleInfo { code: "E004", rule: "invalid-metric", severity: E, hint: "Fix the number: increase needs target above start, decrease target below start, weights above 0, confidence from 0 to 1." },
    RuleInfo { code: "E005", rule: "missing-contribution", severity: E, hint: "Write one sentence on how this work moves the priority forward." },
    RuleInfo { code: "E006", rule: "direct-needs-key-result", severity: E, hint: "Point the direct link at one of the target objective's key results, or make it a responding link." },
    RuleInfo { code: "E007", rule: "unit-tree", severity: E, hint: "The organisation must be one tree: exactly one company, and every function and team under a parent." },
    RuleInfo { code: "E008", rule: "children-without-direct", severity: E, hint: "Link at least one objective to this key result with a direct link, or measure it with its own metric." },
    RuleInfo { code: "E009", rule: "bad-date", severity: E, hint: "Make the cycle end after it starts, and date check-ins within the cycle." },
    RuleInfo { code: "W101", rule: "too-many-objectives", severity: W, hint: "Keep the few objectives that matter most this cycle; move the rest to a backlog." },
    RuleInfo { code: "W102", rule: "key-result-count", severity: W, hint: "Give every objective one to five measurable key results." },
    RuleInfo { code: "W103", rule: "activity-key-result", severity: W, hint: "Measure the outcome the work should cause, not the work itself; move the activity to an initiative." },
    RuleInfo { code: "W104", rule: "copy-paste-cascade", severity: W, hint: "Say in the team's own words what it will change; consider a responding link with a contribution." },
    RuleInfo { code: "W105", rule: "ungoverned-direct", severity: W, hint: "Give the target objective a governance cadence, or make the link responding." },
    RuleInfo { code: "W107", rule: "deep-direct", severity: W, hint: "Stop the direct cascade after two levels; let lower teams respond instead." },
    RuleInfo { code: "W108", rule: "orphan-objective", severity: W, hint: "Link this objective to a company priority (direct or responding), or ask whether it belongs in this cycle." },
    RuleInfo { code: "W109", rule: "uncovered-priority", severity: W, hint: "Ask which teams move this priority; if none, drop or staff it." },
    RuleInfo { code: "W110", rule: "mandate-cascaded", severity: W, hint: "Leave stable functions on their mandates; use a contribution or a mandate's `supports` instead." },
    RuleInfo { code: "W111", rule: "silent-team", severity: W, hint: "Give the team an objective, a contribution statement or a mandate, so it can say which priority it moves." },
    RuleInfo { code: "W112", rule: "sensitive-exposure", severity: W, hint: "Link to a public item instead, or add this unit to the restricted item's audience." },
    RuleInfo { code: "W113", rule: "sprint-drift", severity: W, hint: "Point the work at a key result that is still open." },
    RuleInfo { code: "W114", rule: "overcommitted-unit", severity: W, hint: "Make trade-offs: fewer key results, each one owned." },
    RuleInfo { code: "W115", rule: "progress-divergence", severity: W, hint: "Check whether the children's work moves this key result's metric; revisit the metric or the plan." },
    RuleInfo { code: "W116", rule: "late-draft", severity: W, hint: "Draft objectives within two weeks of the themes, so the cascade settles early in the cycle." },
    RuleInfo { code: "W117", rule: "themeless-priority", severity: W, hint: "Tag the priority with the strategic theme it serves." },
    RuleInfo { code: "W118", rule: "stale-check-in", severity: W, hint: "Record a check-in at least every two weeks." },
    RuleInfo { code: "I201", rule: "mandate-breached", severity: I, hint: "Look into the breach, or record the current value." },
    RuleInfo { code: "I202", rule: "single-function-direct", severity: I, hint: "A direct cascade is for cross-functional outcomes; consider letting the function own this key result." },
];

impl RuleInfo {
    /// The rule with this code.
    pub fn by_code(code: &str) -> Option<&'static RuleInfo> {
        RULES.iter().find(|r| r.code == code)
    }
}

//! The table of rules: for each stable [`Code`], its rule name, severity
//! and hint. The table below is the only place these facts are written;
//! the enum, [`Code::ALL`], the string forms and the accessors are all made
//! from it.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Severity;
use crate::policy::Policy;

/// Makes [`Code`] and its accessors from one table. Each row is
/// `CODE "rule-name" Severity => hint;`, where the hint is an expression
/// of type `&'static str` or `String` that may read the policy through the
/// binding named at the top (`|p|`).
macro_rules! rules {
    (|$p:ident| $( $code:ident $rule:literal $severity:ident => $hint:expr; )*) => {
        /// A rule's stable code, such as `W104`: written and read as that
        /// string (in JSON, in a policy's `disabled`, on the command line).
        /// Ordered as the rules are numbered (errors, warnings, infos).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
        #[non_exhaustive]
        pub enum Code {
            $(
                #[doc = concat!("`", $rule, "`")]
                $code,
            )*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$code),*];

            /// The code's position in [`Code::ALL`].
            pub(crate) const fn position(self) -> usize {
                self as usize
            }

            /// The code as written, such as `"W104"`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code),)*
                }
            }

            /// The rule's name, such as `"copy-paste-cascade"`.
            pub const fn rule(self) -> &'static str {
                match self {
                    $(Code::$code => $rule,)*
                }
            }

            /// How serious the rule's diagnostics are.
            pub const fn severity(self) -> Severity {
                match self {
                    $(Code::$code => Severity::$severity,)*
                }
            }

            /// What to do when the rule fires, naming the policy's
            /// thresholds (with the default policy, the spec's wording).
            pub fn hint(self, policy: &Policy) -> Cow<'static, str> {
                let $p = policy;
                match self {
                    $(Code::$code => Cow::from($hint),)*
                }
            }

            fn parse(text: &str) -> Option<Code> {
                match text {
                    $(stringify!($code) => Some(Code::$code),)*
                    _ => None,
                }
            }
        }
    };
}

rules! { |p|
    E001 "duplicate-id" Error => "Give every item its own id; ids are unique across the whole document.";
    E002 "unknown-reference" Error => "Fix the id, or add the item it should name.";
    E003 "cascade-cycle" Error => "Break the loop: an objective cannot, through its links, end up serving itself.";
    E004 "invalid-metric" Error => "Fix the number: increase needs target above start, decrease target below start, weights above 0, confidence and closing scores from 0 to 1.";
    E005 "missing-contribution" Error => "Write one sentence on how this work moves the priority forward.";
    E006 "direct-needs-key-result" Error => "Point the direct link at one of the target objective's key results, or make it a responding link.";
    E007 "unit-tree" Error => "The organisation must be one tree: exactly one company, and every function and team under a parent.";
    E008 "children-without-direct" Error => "Link at least one objective to this key result with a direct link, or measure it with its own metric.";
    E009 "bad-date" Error => "Make the cycle end after it starts, and date check-ins, due dates and dropped dates within the cycle.";
    E010 "bad-parts" Error => "Point `part_of` at a key result with `source: \"parts\"`, give every whole at least one part, and keep milestones out of sums.";
    W101 "too-many-objectives" Warning => "Keep the few objectives that matter most this cycle; move the rest to a backlog.";
    W102 "key-result-count" Warning => key_result_count_hint(p.max_objective_key_results());
    W103 "activity-key-result" Warning => "Measure the outcome the work should cause, not the work itself; move the activity to an initiative.";
    W104 "copy-paste-cascade" Warning => "Say in the team's own words what it will change; consider a responding link with a contribution.";
    W105 "ungoverned-direct" Warning => "Give the target objective a governance cadence, or make the link responding.";
    W107 "deep-direct" Warning => deep_direct_hint(p.max_direct_depth());
    W108 "orphan-objective" Warning => "Link this objective to a company priority (direct or responding), or ask whether it belongs in this cycle.";
    W109 "uncovered-priority" Warning => "Ask which teams move this priority; if none, drop or staff it.";
    W110 "mandate-cascaded" Warning => "Leave stable functions on their mandates; use a contribution or a mandate's `supports` instead.";
    W111 "silent-team" Warning => "Give the team an objective, a contribution statement or a mandate, so it can say which priority it moves.";
    W112 "sensitive-exposure" Warning => "Link to a public item instead, or add this unit to the restricted item's audience.";
    W113 "sprint-drift" Warning => "Point the work at a key result that is still open.";
    W114 "overcommitted-unit" Warning => "Make trade-offs: fewer key results, each one owned.";
    W115 "progress-divergence" Warning => "Check whether the children's work moves this key result's metric; revisit the metric or the plan.";
    W116 "late-draft" Warning => late_draft_hint(p.max_draft_weekdays());
    W117 "themeless-priority" Warning => "Tag the priority with the strategic theme it serves.";
    W118 "stale-check-in" Warning => stale_check_in_hint(p.stale_check_in_days());
    W119 "no-trade-off" Warning => no_trade_off_hint(p.settle_days());
    W120 "duplicate-siblings" Warning => "Have each team say in its own words what it will change, and respond to the shared priority with a link and a contribution instead of copying one template.";
    W121 "shares-do-not-add-up" Warning => shares_hint(p.share_tolerance());
    W122 "measure-mismatch" Warning => "Measure every part in the same quantity and unit as its whole, or take the part out of the sum.";
    W123 "restated-number" Warning => "Use the number of the key result above, or state this team's own share of it and say so; two versions of one target cannot both be right.";
    W124 "targetless-measure" Warning => "Make it an increase or decrease key result with a start and a target for the measure it names.";
    W125 "placeholder" Warning => "Write the real title, or remove the item until it has one.";
    W126 "hub-key-result" Warning => hub_key_result_hint(p.max_key_result_links());
    W127 "routine-work" Warning => "Record standing service levels as the unit's mandates (they can support priorities), and keep OKRs for what should change this cycle.";
    W128 "dependency-cycle" Warning => "Break the loop: agree which unit delivers first, and make the others' items wait on it rather than on each other.";
    W129 "conflicting-key-results" Warning => "Get the owners of both key results in a room: agree one direction and one target for the shared metric, or measure different things.";
    W130 "unstaffed-dependency" Warning => "Staff the key result this item depends on: point an initiative or sprint goal at it, or link an objective to it directly; otherwise drop the dependency.";
    W131 "work-without-outcome" Warning => work_without_outcome_hint(p.work_done(), p.outcome_floor());
    I201 "mandate-breached" Info => "Look into the breach, or record the current value.";
    I202 "single-function-direct" Info => "A direct cascade is for cross-functional outcomes; consider letting the function own this key result.";
    I203 "rationale-in-title" Info => "Keep the title to the result; put the why in the objective or in the link's contribution.";
    A301 "forecast-miss" Alert => forecast_miss_hint(p.forecast_alert());
    A302 "needs-acceleration" Alert => needs_acceleration_hint(p.acceleration());
    A303 "confidence-drop" Alert => "Ask the owner what changed and what would restore confidence; agree the help, the scope cut or the new plan this week.";
    A304 "slipping" Alert => slipping_hint(p.slip_days());
    A305 "blocked" Alert => "Talk to the owner of what blocks this item now: agree a recovery date, or plan around it.";
}

/// A301: quotes the forecast line.
fn forecast_miss_hint(line: f64) -> String {
    format!(
        "Agree now what would lift the forecast above {:.0}% (more effort, help, a smaller \
         scope), or reset the target with the people who rely on it.",
        line * 100.0
    )
}

/// A302: quotes the acceleration the policy tolerates.
fn needs_acceleration_hint(factor: f64) -> String {
    format!(
        "Agree with the owner what will lift the pace to what the target needs (more than {}x \
         the pace so far), or agree a smaller target or a later date now rather than at the \
         review.",
        super::num(factor)
    )
}

/// A304: quotes the look-back.
fn slipping_hint(days: i64) -> String {
    let since = match days {
        7 => "last week".to_string(),
        1 => "yesterday".to_string(),
        n => format!("{n} days ago"),
    };
    format!("Find out what changed since {since} and agree the recovery step with the owner.")
}

/// W119: quotes the policy's settling period.
fn no_trade_off_hint(days: i64) -> String {
    format!(
        "A key result added more than {days} days into the cycle needs something to come off \
         the board: set a `dropped` date on a key result or objective this unit no longer \
         pursues, or agree with leadership which one makes room for the new one."
    )
}

/// W131: quotes the policy's busy share and outcome floor.
fn work_without_outcome_hint(done: f64, floor: f64) -> String {
    format!(
        "With {:.0}% of the work done and the number still under {:.0}%, check whether the work \
         moves this key result; change the plan or the metric.",
        done * 100.0,
        floor * 100.0
    )
}

/// W102: "one to five", from the policy's most key results per objective.
fn key_result_count_hint(max: usize) -> String {
    match max {
        0 => "Give every objective measurable key results.".to_string(),
        1 => "Give every objective one measurable key result.".to_string(),
        n => format!(
            "Give every objective one to {} measurable key results.",
            words(n as u64)
        ),
    }
}

/// W107: "after two levels", from the policy's deepest direct chain.
fn deep_direct_hint(max: usize) -> String {
    if max == 0 {
        return "Use no direct cascade here; let teams respond instead.".to_string();
    }
    format!(
        "Stop the direct cascade after {}; let lower teams respond instead.",
        counted(max as u64, "level", "levels")
    )
}

/// W116: "within two weeks", from the policy's most weekdays.
fn late_draft_hint(max: i64) -> String {
    let when = match u64::try_from(max) {
        Ok(0) | Err(_) => "on the day the themes are published".to_string(),
        Ok(n) if n % 5 == 0 => format!("within {} of the themes", counted(n / 5, "week", "weeks")),
        Ok(n) => format!("within {} of the themes", counted(n, "weekday", "weekdays")),
    };
    format!("Draft objectives {when}, so the cascade settles early in the cycle.")
}

/// W121: the tolerance as a percentage of the whole's range.
fn shares_hint(tolerance: f64) -> String {
    format!(
        "Make the parts' targets and starts add up to the whole's (within {}% of its range), or add the missing part.",
        super::num(tolerance * 100.0)
    )
}

/// W118: "every two weeks", from the policy's days without a check-in.
fn stale_check_in_hint(days: i64) -> String {
    let every = match u64::try_from(days) {
        Ok(0 | 1) | Err(_) => "day".to_string(),
        Ok(7) => "week".to_string(),
        Ok(n) if n % 7 == 0 => format!("{} weeks", words(n / 7)),
        Ok(n) => format!("{} days", words(n)),
    };
    format!("Record a check-in at least every {every}.")
}

/// W126: "at most eight", from the policy's most links into one KR.
fn hub_key_result_hint(max: usize) -> String {
    format!(
        "Let teams respond with their own measures, or split this key result into parts that \
         at most {} objectives each link to directly.",
        words(max as u64)
    )
}

/// "one level", "two levels", "13 levels".
fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", words(n), if n == 1 { one } else { many })
}

/// A small number in words ("two"), a larger one in digits ("13").
fn words(n: u64) -> String {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    usize::try_from(n)
        .ok()
        .and_then(|i| WORDS.get(i))
        .map_or_else(|| n.to_string(), |w| (*w).to_string())
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// A text that is not a rule code; says which codes there are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCode {
    text: String,
}

impl UnknownCode {
    /// The text that was not a rule code.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a rule code (the codes are {})",
            self.text,
            code_ranges()
        )
    }
}

impl std::error::Error for UnknownCode {}

/// The codes as runs of consecutive numbers: `E001-E009, W101-W105, ...`.
fn code_ranges() -> String {
    let number = |c: Code| c.as_str().get(1..).and_then(|n| n.parse::<u32>().ok());
    let mut runs: Vec<(Code, Code)> = Vec::new();
    for &code in Code::ALL {
        match runs.last_mut() {
            Some((_, last))
                if last.as_str().get(..1) == code.as_str().get(..1)
                    && number(*last).map(|n| n + 1) == number(code) =>
            {
                *last = code;
            }
            _ => runs.push((code, code)),
        }
    }
    runs.iter()
        .map(|(first, last)| {
            if first == last {
                first.to_string()
            } else {
                format!("{first}-{last}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromStr for Code {
    type Err = UnknownCode;

    /// Reads a code as written (`"W104"`; case matters).
    fn from_str(text: &str) -> Result<Code, UnknownCode> {
        Code::parse(text).ok_or_else(|| UnknownCode {
            text: text.to_string(),
        })
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Code;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a rule code such as \"W104\"")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Code, E> {
                text.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(Visitor)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn a_codes_position_is_its_place_in_all() {
        for (i, &c) in Code::ALL.iter().enumerate() {
            assert_eq!(c.position(), i, "{c:?}");
        }
    }

    #[test]
    fn codes_read_and_write_as_their_names() {
        for &code in Code::ALL {
            assert_eq!(code.as_str().parse::<Code>(), Ok(code));
            assert_eq!(code.to_string(), code.as_str());
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{code}\""));
            assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), code);
        }
        assert_eq!(Code::ALL.len(), 48);
        assert!(Code::ALL.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(Code::W104.rule(), "copy-paste-cascade");
        assert_eq!(Code::I202.severity(), Severity::Info);
        assert_eq!(Code::W104, "W104");
    }

    #[test]
    fn an_unknown_code_is_named_with_the_valid_ones() {
        let err = "W999".parse::<Code>().unwrap_err();
        assert_eq!(err.text(), "W999");
        assert_eq!(
            err.to_string(),
            "`W999` is not a rule code (the codes are E001-E010, W101-W105, W107-W131, I201-I203, A301-A305)"
        );
        assert!("w104".parse::<Code>().is_err());
        let err = serde_json::from_str::<Code>("\"W106\"").unwrap_err();
        assert!(
            err.to_string().contains("`W106` is not a rule code"),
            "{err}"
        );
    }

    #[test]
    fn severities_follow_the_code_letter() {
        for &code in Code::ALL {
            let want = match code.as_str().as_bytes()[0] {
                b'E' => Severity::Error,
                b'W' => Severity::Warning,
                b'A' => Severity::Alert,
                _ => Severity::Info,
            };
            assert_eq!(code.severity(), want, "{code}");
        }
    }

    #[test]
    fn default_hints_keep_the_specs_wording() {
        let p = Policy::default();
        assert_eq!(
            Code::W102.hint(&p),
            "Give every objective one to five measurable key results."
        );
        assert_eq!(
            Code::W107.hint(&p),
            "Stop the direct cascade after two levels; let lower teams respond instead."
        );
        assert_eq!(
            Code::W116.hint(&p),
            "Draft objectives within two weeks of the themes, so the cascade settles early in the cycle."
        );
        assert_eq!(
            Code::W118.hint(&p),
            "Record a check-in at least every two weeks."
        );
        for &code in Code::ALL {
            assert!(code.hint(&p).ends_with('.'), "{code}");
        }
    }

    #[test]
    fn hints_name_the_policys_thresholds() {
        let p = Policy::builder()
            .max_objective_key_results(3)
            .max_direct_depth(1)
            .max_draft_weekdays(3)
            .stale_check_in_days(7)
            .build()
            .unwrap();
        assert!(Code::W102.hint(&p).contains("one to three"));
        assert!(Code::W107.hint(&p).contains("after one level;"));
        assert!(Code::W116.hint(&p).contains("within three weekdays"));
        assert!(Code::W118.hint(&p).contains("every week."));
        let p = Policy::builder()
            .stale_check_in_days(30)
            .max_draft_weekdays(15)
            .max_objective_key_results(20)
            .build()
            .unwrap();
        assert!(Code::W118.hint(&p).contains("every 30 days"));
        assert!(Code::W116.hint(&p).contains("within three weeks"));
        assert!(Code::W102.hint(&p).contains("one to 20"));
        assert!(Code::W126
            .hint(&Policy::default())
            .contains("at most eight objectives"));
        let p = Policy::builder().max_key_result_links(20).build().unwrap();
        assert!(Code::W126.hint(&p).contains("at most 20 objectives"));
    }
}

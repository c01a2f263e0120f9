//! Diagnostics: what validation reports, in a stable, serialisable shape.

use serde::{Deserialize, Serialize};

use crate::rules::Code;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The document cannot be trusted.
    Error,
    /// A cascade design smell.
    Warning,
    /// A fact worth a look.
    Info,
    /// Something about to go wrong this cycle (the alerts list, never a
    /// validation report).
    Alert,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Alert => "alert",
        }
    }
}

/// One finding of validation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Diagnostic {
    /// Stable code, such as `W104`.
    pub code: Code,
    /// Rule name, such as `copy-paste-cascade`.
    pub rule: String,
    /// Error, warning or info.
    pub severity: Severity,
    /// Id of the item that owns the offending field (`""` for the document).
    pub subject: String,
    /// Other ids involved, sorted.
    pub related: Vec<String>,
    /// What is wrong, in words a manager understands.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

/// Counts per severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Summary {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of infos.
    pub infos: usize,
}

/// The result of validation: diagnostics in output order, and their counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Report {
    /// Ordered by severity, code, subject (then related, message).
    pub diagnostics: Vec<Diagnostic>,
    /// Counts per severity.
    pub summary: Summary,
}

impl Report {
    /// Sorts into output order and counts.
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Report {
        // The key orders by every field but the hint (fixed per code), so
        // only identical diagnostics compare equal: an unstable sort gives
        // the same report.
        diagnostics.sort_unstable_by(|a, b| {
            (a.severity, a.code, &a.subject, &a.related, &a.message)
                .cmp(&(b.severity, b.code, &b.subject, &b.related, &b.message))
        });
        let mut summary = Summary::default();
        for d in &diagnostics {
            match d.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
                // Alerts live in their own list (`Cascade::alerts`).
                Severity::Alert => {}
            }
        }
        Report {
            diagnostics,
            summary,
        }
    }

    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }
}

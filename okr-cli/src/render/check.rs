//! `okr check` as text, the way a compiler reports:
//!
//! ```text
//! warning[W104] copy-paste-cascade: objective O2 "Eliminate the platform pain points"
//!   O2's title repeats the title of KR2 ...
//!   = related: KR2
//!   = hint: Say in the team's own words what it will change ...
//!
//! 0 errors, 1 warning, 0 infos
//! ```

use okr_core::{Cascade, Diagnostic, Report, Summary};

use super::short_name;
use crate::style::Style;

/// One diagnostic, ending in a blank line.
pub fn diagnostic(cascade: &Cascade, d: &Diagnostic, style: Style, out: &mut String) {
    let head = format!("{}[{}]", d.severity.as_str(), d.code);
    let subject = if d.subject.is_empty() {
        "(document)".to_string()
    } else {
        short_name(cascade, &d.subject)
    };
    out.push_str(&format!(
        "{} {}: {}\n",
        style.severity(d.severity, &head),
        style.bold(&d.rule),
        subject
    ));
    for line in d.message.lines() {
        out.push_str(&format!("  {line}\n"));
    }
    if !d.related.is_empty() {
        out.push_str(&format!(
            "  {} related: {}\n",
            style.gutter("="),
            d.related.join(", ")
        ));
    }
    if !d.hint.is_empty() {
        out.push_str(&format!("  {} hint: {}\n", style.gutter("="), d.hint));
    }
    out.push('\n');
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `3 errors, 5 warnings, 1 info`.
pub fn summary_line(s: &Summary) -> String {
    format!(
        "{}, {}, {}",
        count(s.errors, "error", "errors"),
        count(s.warnings, "warning", "warnings"),
        count(s.infos, "info", "infos")
    )
}

/// Every diagnostic, then the summary line.
pub fn report(cascade: &Cascade, report: &Report, style: Style) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        diagnostic(cascade, d, style, &mut out);
    }
    out.push_str(&style.bold(&summary_line(&report.summary)));
    out.push('\n');
    out
}

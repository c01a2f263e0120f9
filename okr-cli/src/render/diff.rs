//! `okr diff` as text: a weekly change report a manager could forward.
//! What slipped and what improved first (with the numbers), then what was
//! added, removed and edited, the diagnostics that appeared or went away,
//! and the items that lost or gained their line to a company priority.

use okr_core::{Cascade, ChangedItem, Diff, DiffItem, DiffKind, FigureChange, Status};
use serde_json::Value;

use super::{check, short_name, shorten};
use crate::style::Style;

/// Longest field value shown before it is shortened.
const VALUE_WIDTH: usize = 60;

fn status_words(s: Option<Status>) -> &'static str {
    s.map_or("no status", Status::words)
}

fn number(p: Option<f64>) -> String {
    match p {
        Some(v) if v.is_finite() => format!("{v:.2}"),
        _ => "-".to_string(),
    }
}

/// An item's name in whichever snapshot has it (the new one first).
fn name(old: &Cascade, new: &Cascade, id: &str) -> String {
    if new.lookup(id).is_some() {
        short_name(new, id)
    } else {
        short_name(old, id)
    }
}

fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// One line for a figure that moved: "Key result KR7 "..." slipped from
/// on track to at risk: 0.62 -> 0.55".
fn figure_line(old: &Cascade, new: &Cascade, f: &FigureChange, style: Style) -> String {
    let (s0, s1) = f.status;
    let (p0, p1) = f.progress;
    let numbers = format!("{} -> {}", number(p0), number(p1));
    let who = capitalised(&name(old, new, &f.id));
    if s1 == Some(Status::Dropped) && s0 != s1 {
        return format!("{who} was dropped (at {})", number(p1));
    }
    // Dropped compares with no other status.
    let severity = |s: Option<Status>| s.filter(|s| !s.is_dropped()).map(Status::severity);
    let verb = match (severity(s0), severity(s1)) {
        (Some(a), Some(b)) if b > a => "slipped",
        (Some(a), Some(b)) if b < a => {
            if s1 == Some(Status::Done) {
                "reached done"
            } else {
                "recovered"
            }
        }
        _ => "",
    };
    let paint = |text: &str| match s1 {
        Some(s) => style.status(s, text),
        None => text.to_string(),
    };
    if verb == "reached done" {
        return format!("{who} {}: {numbers}", paint(verb));
    }
    if !verb.is_empty() {
        return format!(
            "{who} {} from {} to {}: {numbers}",
            paint(verb),
            status_words(s0),
            status_words(s1)
        );
    }
    if s0 != s1 {
        return format!(
            "{who} went from {} to {}: {numbers}",
            status_words(s0),
            paint(status_words(s1))
        );
    }
    let direction = match (p0, p1) {
        (Some(a), Some(b)) if b > a => "moved up",
        (Some(a), Some(b)) if b < a => "moved down",
        _ => "moved",
    };
    match s1 {
        Some(_) => format!("{who} {direction}: {numbers}, still {}", status_words(s1)),
        None => format!("{who} {direction}: {numbers}"),
    }
}

/// A field value in a few words.
fn value_text(field: &str, v: &Value) -> String {
    match v {
        Value::Null => "(none)".to_string(),
        Value::String(s) => format!("\"{}\"", shorten(s, VALUE_WIDTH)),
        Value::Array(items) if field == "check_ins" => match items.len() {
            0 => "no check-ins".to_string(),
            n => {
                let last = items.last().map_or(String::new(), |c| {
                    let date = c.get("date").and_then(Value::as_str).unwrap_or("");
                    let value = c.get("value").map_or(String::new(), |v| value_text("", v));
                    format!(", the latest {date}: {value}")
                });
                format!("{n} check-in{}{last}", if n == 1 { "" } else { "s" })
            }
        },
        Value::Array(items) if items.is_empty() => "(none)".to_string(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
            Some(f) => f.to_string(),
            None => n.to_string(),
        },
        other => shorten(&other.to_string(), VALUE_WIDTH),
    }
}

fn changed_lines(old: &Cascade, new: &Cascade, c: &ChangedItem, out: &mut String) {
    out.push_str(&format!("  {}\n", name(old, new, &c.id)));
    for f in &c.fields {
        out.push_str(&format!(
            "    {}: {} -> {}\n",
            f.field,
            value_text(&f.field, &f.old),
            value_text(&f.field, &f.new)
        ));
    }
}

fn kind_heading(kind: DiffKind) -> &'static str {
    match kind {
        DiffKind::Cycle => "cycle",
        DiffKind::Unit => "units",
        DiffKind::Theme => "themes",
        DiffKind::Objective => "objectives",
        DiffKind::KeyResult => "key results",
        DiffKind::Contribution => "contributions",
        DiffKind::Mandate => "mandates",
        DiffKind::Initiative => "initiatives",
        DiffKind::SprintGoal => "sprint goals",
    }
}

fn items(cascade: &Cascade, list: &[DiffItem], out: &mut String) {
    let mut kind = None;
    for it in list {
        if kind != Some(it.kind) {
            kind = Some(it.kind);
            out.push_str(&format!("  {}:\n", capitalised(kind_heading(it.kind))));
        }
        out.push_str(&format!("    {}\n", short_name(cascade, &it.id)));
    }
}

fn heading(title: &str, n: usize, style: Style, out: &mut String) {
    out.push_str(&style.bold(&format!("{title} ({n})")));
    out.push('\n');
}

fn date_text(c: &Cascade) -> String {
    let cycle = &c.document().cycle;
    match cycle.as_of {
        Some(d) => format!("{} as of {d}", cycle.id),
        None => cycle.id.clone(),
    }
}

/// The change report.
pub fn text(old: &Cascade, new: &Cascade, diff: &Diff, style: Style) -> String {
    let mut out = format!(
        "{}\n\n",
        style.bold(&format!(
            "What changed: {} -> {}",
            date_text(old),
            date_text(new)
        ))
    );
    if diff.is_empty() {
        out.push_str("Nothing changed.\n");
        return out;
    }
    let worse = |f: &&FigureChange| match f.status {
        (Some(a), Some(b)) if !a.is_dropped() && !b.is_dropped() => b.severity() > a.severity(),
        _ => false,
    };
    let slipped: Vec<&FigureChange> = diff.figures.iter().filter(worse).collect();
    let rest: Vec<&FigureChange> = diff.figures.iter().filter(|f| !worse(f)).collect();
    if !slipped.is_empty() {
        heading("Slipped", slipped.len(), style, &mut out);
        for f in &slipped {
            out.push_str(&format!("  {}\n", figure_line(old, new, f, style)));
        }
        out.push('\n');
    }
    if !rest.is_empty() {
        heading("Moved", rest.len(), style, &mut out);
        for f in &rest {
            out.push_str(&format!("  {}\n", figure_line(old, new, f, style)));
        }
        out.push('\n');
    }
    if !diff.added.is_empty() {
        heading("Added", diff.added.len(), style, &mut out);
        items(new, &diff.added, &mut out);
        out.push('\n');
    }
    if !diff.removed.is_empty() {
        heading("Removed", diff.removed.len(), style, &mut out);
        items(old, &diff.removed, &mut out);
        out.push('\n');
    }
    if !diff.changed.is_empty() {
        heading("Edited", diff.changed.len(), style, &mut out);
        for c in &diff.changed {
            changed_lines(old, new, c, &mut out);
        }
        out.push('\n');
    }
    if !diff.diagnostics.new.is_empty() {
        heading("New findings", diff.diagnostics.new.len(), style, &mut out);
        for d in &diff.diagnostics.new {
            let mut text = String::new();
            check::diagnostic(new, d, style, &mut text);
            // The heading and the message; the hints are one `okr check`
            // away.
            for line in text
                .lines()
                .filter(|l| !l.is_empty() && !l.trim_start().starts_with(['=', '\x1b']))
            {
                out.push_str(&format!("  {line}\n"));
            }
        }
        out.push('\n');
    }
    if !diff.diagnostics.resolved.is_empty() {
        heading(
            "Resolved findings",
            diff.diagnostics.resolved.len(),
            style,
            &mut out,
        );
        for d in &diff.diagnostics.resolved {
            let subject = if d.subject.is_empty() {
                "(document)".to_string()
            } else {
                name(old, new, &d.subject)
            };
            out.push_str(&format!(
                "  {}[{}] {}: {subject}\n",
                d.severity.as_str(),
                d.code,
                d.rule
            ));
        }
        out.push('\n');
    }
    for (title, items) in [
        ("Lost their line to a company priority", &diff.lineage.lost),
        ("Now trace to a company priority", &diff.lineage.gained),
    ] {
        if items.is_empty() {
            continue;
        }
        heading(title, items.len(), style, &mut out);
        for it in items {
            out.push_str(&format!("  {}\n", capitalised(&name(old, new, &it.id))));
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

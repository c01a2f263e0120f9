//! `okr rollup` as text: the cycle, the themes, then the unit tree with
//! each unit's objectives, their key results and its mandates, in a table
//! of progress, pace status and notes.

use okr_core::{Cascade, ItemKind, ItemRef, LinkKind, Rollup, Status, UnitMode, Visibility};

use super::{percent, shorten};
use crate::style::Style;

/// Widest label column before titles are shortened.
const MAX_LABEL: usize = 80;

struct Row {
    indent: usize,
    label: String,
    heading: bool,
    progress: String,
    status: Option<Status>,
    note: String,
}

impl Row {
    fn heading(indent: usize, label: String) -> Row {
        Row {
            indent,
            label,
            heading: true,
            progress: String::new(),
            status: None,
            note: String::new(),
        }
    }
}

fn progress_cell(progress: Option<f64>, partial: bool) -> String {
    let mut p = percent(progress);
    if partial {
        p.push('*');
    }
    p
}

/// Walks the unit tree through the core's navigation API: every item by
/// its position, every reference as the index resolved it (the figures
/// read the same), never by matching id strings.
struct Builder<'a> {
    cascade: &'a Cascade,
    rollup: &'a Rollup,
    rows: Vec<Row>,
    seen_units: Vec<bool>,
    any_partial: bool,
}

impl<'a> Builder<'a> {
    fn new(cascade: &'a Cascade, rollup: &'a Rollup) -> Self {
        Builder {
            cascade,
            rollup,
            rows: Vec::new(),
            seen_units: vec![false; cascade.document().units.len()],
            any_partial: false,
        }
    }

    /// A unit and everything below it, depth first in document order.
    /// Iterative, so a deep tree cannot overflow the stack; each unit is
    /// shown once, even in a parent cycle.
    fn subtree(&mut self, root: ItemRef, indent: usize) {
        let cascade = self.cascade;
        let mut stack = vec![(root, indent)];
        while let Some((unit, indent)) = stack.pop() {
            if !self.unit(unit, indent) {
                continue;
            }
            for o in cascade.objectives_of(unit) {
                self.objective(o, indent + 2);
            }
            for m in cascade.mandates_of(unit) {
                self.mandate(m.index(), indent + 2);
            }
            for c in cascade.contributions_of(unit) {
                self.contribution(c.index(), indent + 2);
            }
            stack.extend(cascade.children(unit).rev().map(|c| (c, indent + 2)));
        }
    }

    /// The unit's heading row; false when it was shown already.
    fn unit(&mut self, unit: ItemRef, indent: usize) -> bool {
        let u = unit.index();
        let Some(seen) = self.seen_units.get_mut(u) else {
            return false;
        };
        if *seen {
            return false;
        }
        *seen = true;
        let Some(data) = self.cascade.document().units.get(u) else {
            return false;
        };
        let mode = match data.mode {
            UnitMode::Okr => "",
            UnitMode::Mandate => ", mandate mode",
        };
        let name = data.name.as_deref().unwrap_or(&data.id);
        let kind = self.cascade.name_of(unit).noun;
        let figures = self.rollup.units.get(u).copied().unwrap_or_default();
        self.any_partial |= figures.partial;
        let mut row = Row::heading(indent, format!("{name} [{}, {kind}{mode}]", data.id));
        row.progress = if figures.progress.is_some() {
            progress_cell(figures.progress, figures.partial)
        } else {
            String::new()
        };
        self.rows.push(row);
        true
    }

    fn contribution(&mut self, c: usize, indent: usize) {
        if let Some(contribution) = self.cascade.document().contributions.get(c) {
            let mut row = Row::heading(
                indent,
                format!("{}  contributes to {}", contribution.id, contribution.to),
            );
            row.heading = false;
            self.rows.push(row);
        }
    }

    fn objective(&mut self, objective: ItemRef, indent: usize) {
        let doc = self.cascade.document();
        let o = objective.index();
        let Some(obj) = doc.objectives.get(o) else {
            return;
        };
        let figures = self.rollup.objectives.get(o).copied().unwrap_or_default();
        self.any_partial |= figures.partial;
        let title = if obj.redacted {
            "(hidden)"
        } else {
            obj.title.as_deref().unwrap_or("")
        };
        let mut notes: Vec<String> = obj
            .links
            .iter()
            .map(|l| match l.kind {
                LinkKind::Direct => format!("direct -> {}", l.to),
                LinkKind::Responding => format!("responds to {}", l.to),
            })
            .collect();
        if obj.governance.is_some() {
            notes.push("governed".into());
        }
        if let Some(due) = obj.due {
            notes.push(format!("due {due}"));
        }
        if obj.visibility == Visibility::Restricted {
            notes.push("restricted".into());
        }
        self.rows.push(Row {
            indent,
            label: format!("{}  {}", obj.id, title),
            heading: false,
            progress: progress_cell(figures.progress, figures.partial),
            status: figures.status,
            note: notes.join(", "),
        });
        for k in self.cascade.key_results_of(objective) {
            self.key_result(k.index(), indent + 2);
        }
    }

    fn key_result(&mut self, k: usize, indent: usize) {
        let doc = self.cascade.document();
        let Some(kr) = doc.key_results.get(k) else {
            return;
        };
        let figures = self.rollup.key_results.get(k).copied().unwrap_or_default();
        self.any_partial |= figures.partial;
        let title = if kr.redacted {
            "(hidden)"
        } else {
            kr.title.as_deref().unwrap_or("")
        };
        let mut notes = Vec::new();
        if let Some(f) = figures.forecast {
            match (figures.forecast_low, figures.forecast_high) {
                (Some(lo), Some(hi)) => notes.push(format!(
                    "forecast {} ({}-{})",
                    percent(Some(f)),
                    percent(Some(lo)),
                    percent(Some(hi))
                )),
                _ => notes.push(format!("forecast {}", percent(Some(f)))),
            }
        }
        if let Some(w) = figures.work {
            notes.push(format!("work {} done", percent(Some(w))));
        }
        if let Some(due) = kr.due {
            notes.push(format!("due {due}"));
        }
        if let (Some(raw), Some(p)) = (figures.raw, figures.progress) {
            if (raw - p).abs() > 1e-9 {
                notes.push(format!("raw {}", percent(Some(raw))));
            }
        }
        if kr.source == okr_core::Source::Children {
            notes.push("from children".into());
        }
        if kr.visibility == Visibility::Restricted {
            notes.push("restricted".into());
        }
        self.rows.push(Row {
            indent,
            label: format!("{}  {}", kr.id, title),
            heading: false,
            progress: progress_cell(figures.progress, figures.partial),
            status: figures.status,
            note: notes.join(", "),
        });
    }

    fn mandate(&mut self, m: usize, indent: usize) {
        let doc = self.cascade.document();
        let Some(mandate) = doc.mandates.get(m) else {
            return;
        };
        let figures = self.rollup.mandates.get(m).copied().unwrap_or_default();
        let mut note = format!("mandate, {}", mandate.metric.kind_name());
        if !mandate.supports.is_empty() {
            note.push_str(&format!(", supports {}", mandate.supports.join(" ")));
        }
        self.rows.push(Row {
            indent,
            label: format!("{}  {}", mandate.id, mandate.title),
            heading: false,
            progress: if figures.met { "met" } else { "not met" }.to_string(),
            status: figures.status,
            note,
        });
    }
}

fn render_rows(rows: &[Row], style: Style, out: &mut String) {
    let width = rows
        .iter()
        .map(|r| r.indent + r.label.chars().count())
        .max()
        .unwrap_or(0)
        .min(MAX_LABEL);
    for r in rows {
        let label = shorten(&r.label, width.saturating_sub(r.indent));
        let pad = width.saturating_sub(r.indent + label.chars().count());
        let label = if r.heading { style.bold(&label) } else { label };
        let mut line = format!(
            "{}{}{}  {:>7}",
            " ".repeat(r.indent),
            label,
            " ".repeat(pad),
            r.progress
        );
        if let Some(s) = r.status {
            line.push_str("  ");
            line.push_str(&style.status(s, &format!("{:<9}", s.as_str())));
        } else if !r.note.is_empty() {
            line.push_str(&format!("  {:<9}", ""));
        }
        if !r.note.is_empty() {
            line.push_str("  ");
            line.push_str(&style.dim(&r.note));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// The rollup as text.
pub fn rollup(cascade: &Cascade, rollup: &Rollup, style: Style) -> String {
    let doc = cascade.document();
    let mut out = String::new();
    let company = cascade
        .company()
        .map(|u| u.name.as_deref().unwrap_or(&u.id))
        .unwrap_or("(no company)");
    out.push_str(&style.bold(&format!(
        "{company}: cycle {} ({} to {})",
        doc.cycle.id, doc.cycle.start, doc.cycle.end
    )));
    out.push('\n');
    match (rollup.as_of, rollup.elapsed) {
        (Some(d), Some(e)) => out.push_str(&format!(
            "as of {d}: {} of the cycle elapsed\n",
            percent(Some(e))
        )),
        _ => out.push_str("no as_of date: pace status is not computed\n"),
    }

    let mut b = Builder::new(cascade, rollup);
    if !doc.themes.is_empty() {
        b.rows.push(Row::heading(0, "Themes".into()));
        for (i, t) in doc.themes.iter().enumerate() {
            let figures = rollup.themes.get(i).copied().unwrap_or_default();
            b.any_partial |= figures.partial;
            b.rows.push(Row {
                indent: 2,
                label: format!("{}  {}", t.id, t.title),
                heading: false,
                progress: progress_cell(figures.progress, figures.partial),
                status: None,
                note: String::new(),
            });
        }
    }
    // The unit tree from its roots; units in a cycle, or under a missing
    // parent, are shown as roots of their own so nothing is left out.
    let roots: Vec<ItemRef> = cascade
        .items(ItemKind::Unit)
        .filter(|&u| cascade.parent(u).is_none())
        .collect();
    let mut first = true;
    let mut heading = |b: &mut Builder| {
        if first {
            b.rows.push(Row::heading(0, String::new()));
            b.rows.push(Row::heading(0, "Units".into()));
            first = false;
        }
    };
    for u in roots {
        heading(&mut b);
        b.subtree(u, 2);
    }
    for u in cascade.items(ItemKind::Unit) {
        if b.seen_units.get(u.index()) == Some(&false) {
            heading(&mut b);
            b.subtree(u, 2);
        }
    }
    let any_partial = b.any_partial;
    let rows = b.rows;
    out.push('\n');
    render_rows(&rows, style, &mut out);
    if any_partial {
        out.push_str(&format!(
            "\n{}\n",
            style.dim("* partial: the figure skips hidden key results")
        ));
    }
    out
}

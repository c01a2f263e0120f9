//! A document written as a sheet: the inverse of [`super::from_csv`].

use hashbrown::{HashMap, HashSet};

use crate::date::Date;
use crate::document::{
    Cadence, KeyResult, Link, LinkKind, Metric, Objective, Source, Unit, UnitKind, UnitMode,
    Visibility,
};
use crate::error::Error;
use crate::Document;

use super::{link_columns, number_cell, write_rows, COLUMNS, LINK_GROUP_END, LIST_SEPARATOR};

/// The columns export always writes (a template's minimum); the others
/// only when some row has a value there.
const ALWAYS: &[&str] = &[
    "cycle",
    "cycle_start",
    "cycle_end",
    "unit",
    "unit_name",
    "unit_kind",
    "parent_unit",
    "objective",
    "objective_title",
    "link_kind",
    "link_to",
    "contribution",
    "key_result",
    "kr_title",
    "metric",
    "start",
    "target",
    "threshold",
    "current",
];

/// A sheet written by [`to_csv_lossy`], and what it left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lossy {
    /// The sheet (CSV text).
    pub csv: String,
    /// What the sheet does not carry, one entry per kind of item, such as
    /// `3 themes (T1, T2, T3)`; empty when nothing was left out.
    pub left_out: Vec<String>,
}

/// Writes the document as a sheet (CSV text, header first): one row per
/// key result in document order, with rows declaring the objectives
/// and units that have none (or that must come earlier to keep the
/// document's order), so [`super::from_csv`] gives the same document
/// back. Refuses ([`Error::Input`]) a document holding what a sheet cannot
/// carry, naming it: contribution statements, mandates,
/// initiatives, sprint goals, check-ins (write them with
/// [`super::check_ins_to_csv`]), or a view's redacted stubs; and a
/// document a sheet cannot say without changing it (two key results with
/// one id, an objective whose unit is not in the document, a blank title,
/// an id with spaces around it or a `;` in a list). [`to_csv_lossy`]
/// leaves the first group out instead.
pub fn to_csv(doc: &Document) -> Result<String, Error> {
    let left_out = uncarried(doc);
    if !left_out.is_empty() {
        return Err(Error::Input(format!(
            "a sheet cannot carry {}: export with the option to leave them out (`okr export --lossy`, `to_csv_lossy`), or keep the JSON document",
            left_out.join(", ")
        )));
    }
    write(doc)
}

/// Writes the document as a sheet like [`to_csv`], leaving out what a
/// sheet cannot carry (contribution statements, mandates,
/// initiatives, sprint goals, check-ins) and listing it in
/// [`Lossy::left_out`]. Still refuses a view and a document a sheet cannot
/// say without changing it.
pub fn to_csv_lossy(doc: &Document) -> Result<Lossy, Error> {
    Ok(Lossy {
        csv: write(doc)?,
        left_out: uncarried(doc),
    })
}

/// What the document holds that a sheet does not carry.
fn uncarried(doc: &Document) -> Vec<String> {
    fn group<'a>(
        out: &mut Vec<String>,
        one: &str,
        many: &str,
        ids: impl ExactSizeIterator<Item = &'a str>,
    ) {
        let n = ids.len();
        if n == 0 {
            return;
        }
        let shown: Vec<&str> = ids.take(5).collect();
        let more = if n > shown.len() { ", ..." } else { "" };
        let noun = if n == 1 { one } else { many };
        out.push(format!("{n} {noun} ({}{more})", shown.join(", ")));
    }
    let mut out = Vec::new();
    group(
        &mut out,
        "contribution statement",
        "contribution statements",
        doc.contributions.iter().map(|c| c.id.as_str()),
    );
    group(
        &mut out,
        "mandate",
        "mandates",
        doc.mandates.iter().map(|m| m.id.as_str()),
    );
    group(
        &mut out,
        "initiative",
        "initiatives",
        doc.initiatives.iter().map(|i| i.id.as_str()),
    );
    group(
        &mut out,
        "sprint goal",
        "sprint goals",
        doc.sprint_goals.iter().map(|s| s.id.as_str()),
    );
    let n = doc.check_ins.len();
    if n > 0 {
        let noun = if n == 1 { "check-in" } else { "check-ins" };
        out.push(format!(
            "{n} {noun} (a check-in CSV carries them: `okr export --check-ins`, `check_ins_to_csv`)"
        ));
    }
    out
}

/// Refuses what a sheet cannot say without changing the document.
fn check(doc: &Document) -> Result<(), Error> {
    let refuse = |what: String| {
        Err(Error::Input(format!(
            "a sheet cannot carry this document unchanged: {what}"
        )))
    };
    if let Some(v) = &doc.view {
        return refuse(format!(
            "it is a view (for unit `{v}`); export the document it was made from"
        ));
    }
    let mut theme_ids = HashSet::new();
    for t in &doc.themes {
        id_ok(&t.id, "a theme id")?;
        if !theme_ids.insert(t.id.as_str()) {
            return refuse(format!("two themes have the id `{}`", t.id));
        }
        text_ok(&Some(t.title.clone()), &format!("theme `{}`'s title", t.id))?;
    }
    let mut unit_ids = HashSet::new();
    for u in &doc.units {
        id_ok(&u.id, "a unit id")?;
        if !unit_ids.insert(u.id.as_str()) {
            return refuse(format!("two units have the id `{}`", u.id));
        }
        text_ok(&u.name, &format!("unit `{}`'s name", u.id))?;
        if let Some(p) = &u.parent {
            id_ok(p, &format!("unit `{}`'s parent", u.id))?;
        }
    }
    let mut objective_ids = HashSet::new();
    for o in &doc.objectives {
        id_ok(&o.id, "an objective id")?;
        if o.redacted {
            return refuse(format!("objective `{}` is a redacted stub", o.id));
        }
        if !objective_ids.insert(o.id.as_str()) {
            return refuse(format!("two objectives have the id `{}`", o.id));
        }
        if !unit_ids.contains(o.unit.as_str()) {
            return refuse(format!(
                "objective `{}` belongs to unit `{}`, which the document does not have",
                o.id, o.unit
            ));
        }
        if o.title.is_none() {
            return refuse(format!("objective `{}` has no title", o.id));
        }
        let what = format!("objective `{}`", o.id);
        text_ok(&o.title, &format!("{what}'s title"))?;
        list_ok(&o.themes, &format!("{what}'s themes"))?;
        list_ok(&o.depends_on, &format!("{what}'s depends_on"))?;
        list_ok(&o.audience, &format!("{what}'s audience"))?;
        if let Some(c) = &o.carried_from {
            id_ok(c, &format!("{what}'s carried_from"))?;
        }
        if let Some(g) = &o.governance {
            text_ok(&g.owner, &format!("{what}'s governance owner"))?;
        }
        for l in &o.links {
            id_ok(&l.to, &format!("the target of a link of {what}"))?;
            text_ok(
                &l.contribution,
                &format!("the contribution of a link of {what}"),
            )?;
        }
    }
    let mut kr_ids = HashSet::new();
    for k in &doc.key_results {
        id_ok(&k.id, "a key result id")?;
        if k.redacted {
            return refuse(format!("key result `{}` is a redacted stub", k.id));
        }
        if !kr_ids.insert(k.id.as_str()) {
            return refuse(format!("two key results have the id `{}`", k.id));
        }
        if !objective_ids.contains(k.objective.as_str()) {
            return refuse(format!(
                "key result `{}` measures objective `{}`, which the document does not have",
                k.id, k.objective
            ));
        }
        let what = format!("key result `{}`", k.id);
        if k.title.is_none() || k.metric.is_none() {
            return refuse(format!("{what} has no title or no metric"));
        }
        text_ok(&k.title, &format!("{what}'s title"))?;
        if let Some(m) = &k.metric {
            text_ok(
                &m.measure().map(str::to_string),
                &format!("{what}'s measure"),
            )?;
            if let Some(n) = m.name() {
                id_ok(n, &format!("{what}'s metric name"))?;
            }
        }
        if let Some(p) = &k.part_of {
            id_ok(p, &format!("{what}'s part_of"))?;
        }
        if let Some(c) = &k.carried_from {
            id_ok(c, &format!("{what}'s carried_from"))?;
        }
        list_ok(&k.depends_on, &format!("{what}'s depends_on"))?;
        list_ok(&k.audience, &format!("{what}'s audience"))?;
    }
    id_ok(&doc.cycle.id, "the cycle id")?;
    finite_numbers(doc)
}

/// Refuses NaN and infinities (no document may hold them).
fn finite_numbers(doc: &Document) -> Result<(), Error> {
    for o in &doc.objectives {
        for l in &o.links {
            if let Some(w) = l.weight {
                number_cell(
                    w,
                    &format!("the weight of objective `{}`'s link to `{}`", o.id, l.to),
                )?;
            }
        }
    }
    for k in &doc.key_results {
        let what = |field: &str| format!("key result `{}`'s {field}", k.id);
        let mut numbers = vec![
            ("weight", k.weight),
            ("confidence", k.confidence),
            ("score", k.score),
        ];
        if let Some(m) = &k.metric {
            numbers.push(("current", m.current()));
            match m {
                Metric::Increase { start, target, .. } | Metric::Decrease { start, target, .. } => {
                    numbers.push(("start", Some(*start)));
                    numbers.push(("target", Some(*target)));
                }
                Metric::StayAbove { threshold, .. } | Metric::StayBelow { threshold, .. } => {
                    numbers.push(("threshold", Some(*threshold)));
                }
                Metric::Milestone { .. } => {}
            }
        }
        for (field, v) in numbers {
            if let Some(v) = v {
                number_cell(v, &what(field))?;
            }
        }
    }
    Ok(())
}

/// An id a cell can hold: not blank, no spaces around it (a sheet trims
/// them).
fn id_ok(id: &str, what: &str) -> Result<(), Error> {
    if id.trim().is_empty() || id.trim() != id {
        return Err(Error::Input(format!(
            "a sheet cannot carry this document unchanged: {what} `{id}` is blank or has spaces around it, which a sheet trims"
        )));
    }
    Ok(())
}

/// A text a cell can hold: absent, or not blank (a blank cell means
/// absent).
fn text_ok(text: &Option<String>, what: &str) -> Result<(), Error> {
    match text {
        Some(t) if t.trim().is_empty() => Err(Error::Input(format!(
            "a sheet cannot carry this document unchanged: {what} is blank text, which a sheet cannot tell from no value"
        ))),
        _ => Ok(()),
    }
}

/// A list a cell can hold: ids without `;` or spaces around them.
fn list_ok(items: &[String], what: &str) -> Result<(), Error> {
    for i in items {
        id_ok(i, what)?;
        if i.contains(LIST_SEPARATOR) {
            return Err(Error::Input(format!(
                "a sheet cannot carry this document unchanged: {what} has `{i}`, and a list cell separates its items with `;`"
            )));
        }
    }
    Ok(())
}

/// One row being written: cells by column.
#[derive(Default)]
struct OutRow(HashMap<String, String>);

impl OutRow {
    fn set(&mut self, column: &str, value: impl Into<String>) {
        let value = value.into();
        if !value.is_empty() {
            self.0.insert(column.to_string(), value);
        }
    }

    fn opt(&mut self, column: &str, value: &Option<String>) {
        if let Some(v) = value {
            self.set(column, v.as_str());
        }
    }

    fn date(&mut self, column: &str, value: Option<Date>) {
        if let Some(d) = value {
            self.set(column, d.to_string());
        }
    }

    /// A number (finite: [`check`] refused the others).
    fn number(&mut self, column: &str, value: Option<f64>) {
        if let Some(v) = value {
            self.set(column, format!("{v}"));
        }
    }

    fn list(&mut self, column: &str, items: &[String]) {
        self.set(column, items.join("; "));
    }
}

/// Writes the rows (after [`check`]).
fn write(doc: &Document) -> Result<String, Error> {
    check(doc)?;
    let unit_at: HashMap<&str, usize> = doc
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i))
        .collect();
    let objective_at: HashMap<&str, usize> = doc
        .objectives
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), i))
        .collect();
    let mut out = Writer {
        doc,
        unit_at,
        rows: Vec::new(),
        units_named: 0,
        objectives_named: 0,
    };
    for t in &doc.themes {
        let mut row = out.cycle_row();
        row.set("theme", t.id.as_str());
        row.set("theme_title", t.title.as_str());
        out.rows.push(row);
    }
    for k in &doc.key_results {
        // INVARIANT: `check` found every KR's objective.
        if let Some(&o) = objective_at.get(k.objective.as_str()) {
            out.objective_row(o, Some(k));
        }
    }
    out.objectives_before(doc.objectives.len());
    out.units_before(doc.units.len());
    let max_links = doc
        .objectives
        .iter()
        .map(|o| o.links.len())
        .max()
        .unwrap_or(0);
    let mut columns: Vec<String> = Vec::new();
    for &c in COLUMNS {
        columns.push(c.to_string());
        if c == LINK_GROUP_END {
            for g in 2..=max_links {
                columns.extend(link_columns(g));
            }
        }
    }
    columns
        .retain(|c| ALWAYS.contains(&c.as_str()) || out.rows.iter().any(|r| r.0.contains_key(c)));
    let mut table = Vec::with_capacity(out.rows.len() + 1);
    table.push(columns.clone());
    for r in &out.rows {
        table.push(
            columns
                .iter()
                .map(|c| r.0.get(c).cloned().unwrap_or_default())
                .collect(),
        );
    }
    write_rows(&table)
}

/// The rows being written. Units and objectives are named in the
/// document's order (a row naming one first names, on rows of their own,
/// those before it that no row has named yet), so the units and
/// objectives named so far are always a prefix of the document's lists.
struct Writer<'a> {
    doc: &'a Document,
    unit_at: HashMap<&'a str, usize>,
    rows: Vec<OutRow>,
    /// Units `0..units_named` have been named by some row.
    units_named: usize,
    /// Objectives `0..objectives_named` have been named by some row.
    objectives_named: usize,
}

impl Writer<'_> {
    /// Rows declaring the units before `u` that no row has named yet.
    fn units_before(&mut self, u: usize) {
        while self.units_named < u {
            let i = self.units_named;
            if let Some(unit) = self.doc.units.get(i) {
                let mut row = self.cycle_row();
                unit_cells(&mut row, unit);
                self.rows.push(row);
            }
            self.units_named = i + 1;
        }
    }

    /// Rows declaring the objectives before `o` that no row has named yet.
    fn objectives_before(&mut self, o: usize) {
        while self.objectives_named < o {
            self.objective_row(self.objectives_named, None);
        }
    }

    /// The row of objective `o`, with key result `k` when given; first the
    /// rows declaring the objectives before it, and the units before its
    /// unit, that no row has named yet.
    fn objective_row(&mut self, o: usize, k: Option<&KeyResult>) {
        self.objectives_before(o);
        let doc = self.doc;
        let Some(objective) = doc.objectives.get(o) else {
            return;
        };
        // INVARIANT: `check` found every objective's unit.
        let Some(&u) = self.unit_at.get(objective.unit.as_str()) else {
            return;
        };
        self.units_before(u);
        let Some(unit) = doc.units.get(u) else {
            return;
        };
        let mut row = self.cycle_row();
        unit_cells(&mut row, unit);
        objective_cells(&mut row, objective);
        if let Some(k) = k {
            key_result_cells(&mut row, k);
        }
        self.rows.push(row);
        self.units_named = self.units_named.max(u + 1);
        self.objectives_named = self.objectives_named.max(o + 1);
    }

    fn cycle_row(&self) -> OutRow {
        let c = &self.doc.cycle;
        let mut row = OutRow::default();
        row.set("cycle", c.id.as_str());
        row.date("cycle_start", Some(c.start));
        row.date("cycle_end", Some(c.end));
        row.date("as_of", c.as_of);
        row.date("themes_published", c.themes_published);
        row
    }
}

fn unit_cells(row: &mut OutRow, u: &Unit) {
    row.set("unit", u.id.as_str());
    row.opt("unit_name", &u.name);
    row.set(
        "unit_kind",
        match u.kind {
            UnitKind::Company => "company",
            UnitKind::Function => "function",
            UnitKind::Team => "team",
        },
    );
    row.opt("parent_unit", &u.parent);
    if u.mode == UnitMode::Mandate {
        row.set("unit_mode", "mandate");
    }
}

fn objective_cells(row: &mut OutRow, o: &Objective) {
    row.set("objective", o.id.as_str());
    row.opt("objective_title", &o.title);
    row.list("objective_themes", &o.themes);
    if let Some(g) = &o.governance {
        row.set(
            "governance",
            match g.cadence {
                Cadence::Weekly => "weekly",
                Cadence::Biweekly => "biweekly",
                Cadence::Monthly => "monthly",
            },
        );
        row.opt("governance_owner", &g.owner);
    }
    row.date("objective_created", o.created);
    row.date("objective_due", o.due);
    row.date("objective_dropped", o.dropped);
    row.opt("objective_carried_from", &o.carried_from);
    row.list("objective_depends_on", &o.depends_on);
    if o.visibility == Visibility::Restricted {
        row.set("objective_visibility", "restricted");
    }
    row.list("objective_audience", &o.audience);
    for (i, l) in o.links.iter().enumerate() {
        link_cells(row, i + 1, l);
    }
}

fn link_cells(row: &mut OutRow, group: usize, l: &Link) {
    let [kind, to, weight, contribution] = link_columns(group);
    row.set(
        &kind,
        match l.kind {
            LinkKind::Direct => "direct",
            LinkKind::Responding => "responding",
        },
    );
    row.set(&to, l.to.as_str());
    row.number(&weight, l.weight);
    row.opt(&contribution, &l.contribution);
}

fn key_result_cells(row: &mut OutRow, k: &KeyResult) {
    row.set("key_result", k.id.as_str());
    row.opt("kr_title", &k.title);
    if let Some(m) = &k.metric {
        row.set("metric", m.kind_name());
        match m {
            Metric::Increase { start, target, .. } | Metric::Decrease { start, target, .. } => {
                row.number("start", Some(*start));
                row.number("target", Some(*target));
            }
            Metric::StayAbove { threshold, .. } | Metric::StayBelow { threshold, .. } => {
                row.number("threshold", Some(*threshold));
            }
            Metric::Milestone { done } => {
                if *done {
                    row.set("done", "true");
                }
            }
        }
        row.number("current", m.current());
        row.opt("measure", &m.measure().map(str::to_string));
        row.opt("metric_name", &m.name().map(str::to_string));
    }
    match k.source {
        Source::Metric => {}
        Source::Children => row.set("source", "children"),
        Source::Parts => row.set("source", "parts"),
    }
    row.opt("part_of", &k.part_of);
    row.number("kr_weight", k.weight);
    row.number("confidence", k.confidence);
    row.date("kr_created", k.created);
    row.date("kr_due", k.due);
    row.date("kr_dropped", k.dropped);
    row.opt("kr_carried_from", &k.carried_from);
    row.number("score", k.score);
    row.list("kr_depends_on", &k.depends_on);
    if k.visibility == Visibility::Restricted {
        row.set("kr_visibility", "restricted");
    }
    row.list("kr_audience", &k.audience);
}

//! How every message names an item: one scheme for the rules' messages,
//! the lineage answers and the command line.
//!
//! An item is named by what it is, its id and, when it has one that says
//! more than the id, its title (a unit: its name):
//! `objective O2 "Remove the blockers large accounts hit"`,
//! `key result KR1 "Increase ARR from $12M to $20M"`, `team payments
//! "Payments"`, `function it "IT"`, `contribution C1`. A unit is called by
//! its kind (company, function or team). A check-in has no id: it is `the
//! check-in of KR1 dated 2026-07-14`. Names are lower case; a sentence that
//! starts with one capitalises it.

use std::fmt;

use crate::date::Date;
use crate::document::{Document, UnitKind};
use crate::index::{checked_id_of, ItemRef};

/// The parts of an item's name; `Display` writes the name
/// (`objective O2 "Title"`). See [`Cascade::describe`](crate::Cascade::describe).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ItemName<'a> {
    /// What the item is: `objective`, `key result`, `theme`, ...; a unit's
    /// kind (`company`, `function`, `team`).
    pub noun: &'static str,
    /// The item's id (a check-in: its key result's id).
    pub id: &'a str,
    /// The title (a unit: its name), when there is one that is not blank
    /// and not the id itself.
    pub title: Option<&'a str>,
    /// A check-in's date (check-ins only).
    pub date: Option<Date>,
}

impl ItemName<'_> {
    /// The id and the title without the noun: `O2 "Title"`, or `O2`.
    pub fn label(&self) -> String {
        match self.title {
            Some(t) => format!("{} \"{t}\"", self.id),
            None => self.id.to_string(),
        }
    }
}

impl fmt::Display for ItemName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(date), false) = (self.date, self.id.is_empty()) {
            return write!(f, "the {} of {} dated {date}", self.noun, self.id);
        }
        f.write_str(self.noun)?;
        if !self.id.is_empty() {
            write!(f, " {}", self.id)?;
        }
        match self.title {
            Some(t) => write!(f, " \"{t}\""),
            None => Ok(()),
        }
    }
}

/// The noun of a unit's kind.
fn unit_noun(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Company => "company",
        UnitKind::Function => "function",
        UnitKind::Team => "team",
    }
}

/// The parts of an item's name. An item outside the document (a position
/// past the end of its array) is named by its noun alone, with an empty id.
pub(crate) fn name_of(doc: &Document, item: ItemRef) -> ItemName<'_> {
    let id = checked_id_of(doc, item).unwrap_or("");
    let (noun, title, date) = match item {
        ItemRef::Unit(u) => match doc.units.get(u.index()) {
            Some(u) => (unit_noun(u.kind), u.name.as_deref(), None),
            None => ("unit", None, None),
        },
        ItemRef::Theme(t) => (
            "theme",
            doc.themes.get(t.index()).map(|x| x.title.as_str()),
            None,
        ),
        ItemRef::Objective(o) => (
            "objective",
            doc.objectives
                .get(o.index())
                .and_then(|x| x.title.as_deref()),
            None,
        ),
        ItemRef::KeyResult(k) => (
            "key result",
            doc.key_results
                .get(k.index())
                .and_then(|x| x.title.as_deref()),
            None,
        ),
        ItemRef::Mandate(m) => (
            "mandate",
            doc.mandates.get(m.index()).map(|x| x.title.as_str()),
            None,
        ),
        ItemRef::Initiative(i) => (
            "initiative",
            doc.initiatives.get(i.index()).map(|x| x.title.as_str()),
            None,
        ),
        ItemRef::SprintGoal(g) => (
            "sprint goal",
            doc.sprint_goals.get(g.index()).map(|x| x.title.as_str()),
            None,
        ),
        ItemRef::CheckIn(c) => (
            "check-in",
            None,
            doc.check_ins.get(c.index()).map(|c| c.date),
        ),
        ItemRef::Cycle | ItemRef::Contribution(_) => (item.kind().noun(), None, None),
    };
    ItemName {
        noun,
        id,
        title: title.filter(|t| !t.trim().is_empty() && *t != id),
        date,
    }
}

/// An item's name: [`ItemName`] written out.
pub(crate) fn describe(doc: &Document, item: ItemRef) -> String {
    name_of(doc, item).to_string()
}

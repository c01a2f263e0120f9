//! Text rendering of the core's results. JSON output needs none: the core's
//! result types serialise in the spec's shapes.

pub mod check;
pub mod lineage;
pub mod rollup;

use okr_core::{Cascade, ItemRef};

/// Longest title shown in one line before it is shortened.
const TITLE_WIDTH: usize = 60;

/// The display title of the item an id names: a title, or a unit's name.
pub fn title_of<'a>(cascade: &'a Cascade, id: &str) -> Option<&'a str> {
    let doc = cascade.document();
    match cascade.lookup(id)? {
        ItemRef::Unit(i) => doc.units.get(i.index())?.name.as_deref(),
        ItemRef::Theme(i) => doc.themes.get(i.index()).map(|t| t.title.as_str()),
        ItemRef::Objective(i) => doc.objectives.get(i.index())?.title.as_deref(),
        ItemRef::KeyResult(i) => doc.key_results.get(i.index())?.title.as_deref(),
        ItemRef::Mandate(i) => doc.mandates.get(i.index()).map(|m| m.title.as_str()),
        ItemRef::Initiative(i) => doc.initiatives.get(i.index()).map(|m| m.title.as_str()),
        ItemRef::SprintGoal(i) => doc.sprint_goals.get(i.index()).map(|m| m.title.as_str()),
        _ => None,
    }
}

/// Shortens `text` to at most `width` characters, ending in `...` when cut.
pub fn shorten(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let keep = width.saturating_sub(3);
    let mut out: String = text.chars().take(keep).collect();
    // Cut at a word boundary when one is reasonably close.
    if let Some(space) = out.rfind(' ') {
        if space >= keep / 2 {
            out.truncate(space);
        }
    }
    format!("{}...", out.trim_end())
}

/// A title shortened for one-line display.
pub fn short_title(text: &str) -> String {
    shorten(text, TITLE_WIDTH)
}

/// A ratio as a whole percentage (`46%`), or `-` when there is none.
pub fn percent(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() => format!("{:.0}%", v * 100.0),
        _ => "-".to_string(),
    }
}

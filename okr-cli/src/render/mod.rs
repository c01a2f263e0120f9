//! Text rendering of the core's results. JSON output needs none: the core's
//! result types serialise in the spec's shapes.

pub mod check;
pub mod lineage;
pub mod rollup;

use okr_core::{Cascade, ItemKind};

/// Longest title shown in one line before it is shortened.
const TITLE_WIDTH: usize = 60;

/// The display title of the item an id names: a title, or a unit's name.
pub fn title_of<'a>(cascade: &'a Cascade, id: &str) -> Option<&'a str> {
    let item = cascade.lookup(id)?;
    let doc = cascade.document();
    let i = item.index as usize;
    match item.kind {
        ItemKind::Unit => doc.units.get(i)?.name.as_deref(),
        ItemKind::Theme => doc.themes.get(i).map(|t| t.title.as_str()),
        ItemKind::Objective => doc.objectives.get(i)?.title.as_deref(),
        ItemKind::KeyResult => doc.key_results.get(i)?.title.as_deref(),
        ItemKind::Mandate => doc.mandates.get(i).map(|m| m.title.as_str()),
        ItemKind::Initiative => doc.initiatives.get(i).map(|m| m.title.as_str()),
        ItemKind::SprintGoal => doc.sprint_goals.get(i).map(|m| m.title.as_str()),
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

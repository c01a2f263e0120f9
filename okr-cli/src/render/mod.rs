//! Text rendering of the core's results. JSON output needs none: the core's
//! result types serialise in the spec's shapes.

pub mod check;
pub mod close;
pub mod deps;
pub mod diff;
pub mod explain;
pub mod lineage;
pub mod lint;
pub mod rollup;
pub mod trend;

use okr_core::Cascade;

/// Longest title shown in one line before it is shortened.
const TITLE_WIDTH: usize = 60;

/// The core's name of the item an id names ([`Cascade::describe`]), its
/// title shortened for one line: `objective O2 "Eliminate the..."`. An id
/// that names nothing is shown as it is.
pub fn short_name(cascade: &Cascade, id: &str) -> String {
    let Some(item) = cascade.lookup(id) else {
        return id.to_string();
    };
    let mut name = cascade.name_of(item);
    let title = name.title.map(short_title);
    name.title = title.as_deref();
    name.to_string()
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

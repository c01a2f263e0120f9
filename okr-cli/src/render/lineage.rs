//! `okr lineage` as text: one `O3 -> KR1 -> O1` line per path, then the
//! answer.

use okr_core::Lineage;

use crate::style::Style;

/// The lineage as text.
pub fn lineage(l: &Lineage, style: Style) -> String {
    let mut out = String::new();
    let n = l.paths.len();
    if l.traces {
        out.push_str(&format!(
            "{} traces to a company priority ({} {}):\n",
            style.bold(&l.subject),
            n,
            if n == 1 { "path" } else { "paths" }
        ));
    } else {
        out.push_str(&format!(
            "{} does not trace to any company priority.\n",
            style.bold(&l.subject)
        ));
    }
    for path in &l.paths {
        out.push_str(&format!("  {}\n", path.join(" -> ")));
    }
    if l.truncated {
        out.push_str(&format!(
            "  {}\n",
            style.dim("(more paths exist; only the shortest are shown)")
        ));
    }
    out.push('\n');
    out.push_str(&l.answer);
    out.push('\n');
    out
}

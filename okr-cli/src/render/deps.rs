//! `okr deps` (text, DOT, Mermaid) and `okr alerts` as text.
//!
//! The drawings show the units that take part in at least one edge or
//! shared KR, with the kinds of edge styled apart: declared solid,
//! works-for dashed, shares-work dotted, co-owns bold; a shared KR (more
//! co-owners than the policy's `max_co_owners`) is one node joined to
//! each co-owner by a bold line.

use std::collections::BTreeMap;

use okr_core::{Alerts, Cascade, Date, Dependencies, Edge, EdgeKind, ItemRef, UnitDependencies};

use super::{check, short_name};
use crate::style::Style;

/// A unit's display name (its `name`, else its id).
fn unit_label(cascade: &Cascade, id: &str) -> String {
    match cascade.lookup(id) {
        Some(item @ ItemRef::Unit(_)) => {
            let name = cascade.name_of(item);
            match name.title {
                Some(t) => format!("{t} ({id})"),
                None => id.to_string(),
            }
        }
        _ => id.to_string(),
    }
}

/// `declared: KR2, O2`.
fn edge_label(e: &Edge) -> String {
    format!("{}: {}", e.kind.as_str(), e.via.join(", "))
}

/// Per unit, whom it needs and for what, and who needs it.
pub fn text(cascade: &Cascade, g: &Dependencies, only: Option<&str>, style: Style) -> String {
    let mut out = String::new();
    let mut by_from: BTreeMap<&str, Vec<&Edge>> = BTreeMap::new();
    for e in &g.edges {
        by_from.entry(e.from.as_str()).or_default().push(e);
    }
    let mut shown = 0;
    for (id, deps) in &g.units {
        if only.is_some_and(|u| u != id) || (only.is_none() && !on_graph(deps)) {
            continue;
        }
        shown += 1;
        out.push_str(&format!("{}\n", style.bold(&short_name(cascade, id))));
        match by_from.get(id.as_str()) {
            None => out.push_str("  needs no other unit\n"),
            Some(edges) => {
                out.push_str("  needs:\n");
                let mut to: BTreeMap<&str, Vec<&Edge>> = BTreeMap::new();
                for e in edges {
                    to.entry(e.to.as_str()).or_default().push(e);
                }
                for (v, es) in to {
                    let why: Vec<String> = es.iter().map(|e| edge_label(e)).collect();
                    out.push_str(&format!(
                        "    {} for {}\n",
                        short_name(cascade, v),
                        why.join("; ")
                    ));
                }
            }
        }
        if deps.needed_by.is_empty() {
            out.push_str("  needed by no other unit\n");
        } else {
            out.push_str(&format!("  needed by: {}\n", deps.needed_by.join(", ")));
        }
        for kr in &deps.shares {
            let others = g
                .shared
                .iter()
                .find(|s| &s.key_result == kr)
                .map_or(0, |s| s.units.len().saturating_sub(1));
            out.push_str(&format!(
                "  co-owns {} with {others} other units\n",
                short_name(cascade, kr)
            ));
        }
        out.push('\n');
    }
    if shown == 0 {
        out.push_str("No unit needs another.\n");
    }
    out
}

/// Whether a unit takes part in the graph: on an edge or a shared KR.
fn on_graph(d: &UnitDependencies) -> bool {
    !d.needs.is_empty() || !d.needed_by.is_empty() || !d.shares.is_empty()
}

/// The units drawn: those on an edge or a shared KR (all of them when
/// there is none).
fn drawn(g: &Dependencies) -> Vec<&str> {
    let on_edge: Vec<&str> = g
        .units
        .iter()
        .filter(|(_, d)| on_graph(d))
        .map(|(id, _)| id.as_str())
        .collect();
    if on_edge.is_empty() {
        g.units.keys().map(String::as_str).collect()
    } else {
        on_edge
    }
}

/// A DOT string literal.
fn dot_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Graphviz DOT.
pub fn dot(cascade: &Cascade, g: &Dependencies) -> String {
    let mut out =
        String::from("digraph dependencies {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
    for id in drawn(g) {
        out.push_str(&format!(
            "  {} [label={}];\n",
            dot_quote(id),
            dot_quote(&unit_label(cascade, id))
        ));
    }
    for e in &g.edges {
        let style = match e.kind {
            EdgeKind::Declared => "solid",
            EdgeKind::WorksFor => "dashed",
            EdgeKind::SharesWork => "dotted",
            EdgeKind::CoOwns => "bold",
        };
        out.push_str(&format!(
            "  {} -> {} [label={}, style={style}];\n",
            dot_quote(&e.from),
            dot_quote(&e.to),
            dot_quote(&edge_label(e))
        ));
    }
    for s in &g.shared {
        let node = format!("kr:{}", s.key_result);
        out.push_str(&format!(
            "  {} [shape=diamond, label={}];\n",
            dot_quote(&node),
            dot_quote(&format!("co-owned: {}", s.key_result))
        ));
        for u in &s.units {
            out.push_str(&format!(
                "  {} -> {} [style=bold, arrowhead=none];\n",
                dot_quote(u),
                dot_quote(&node)
            ));
        }
    }
    out.push_str("}\n");
    out
}

/// Text inside a quoted Mermaid label: quotes and markup as entities.
fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '|' => out.push_str("#124;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A Mermaid flowchart. Node ids are generated (`u0`, `u1`, ...), so any
/// unit id is safe; the labels carry the names.
pub fn mermaid(cascade: &Cascade, g: &Dependencies) -> String {
    let mut out = String::from("flowchart LR\n");
    let units = drawn(g);
    let node: BTreeMap<&str, String> = units
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, format!("u{i}")))
        .collect();
    for id in &units {
        if let Some(n) = node.get(id) {
            out.push_str(&format!(
                "  {n}[\"{}\"]\n",
                mermaid_text(&unit_label(cascade, id))
            ));
        }
    }
    let mut dashed = Vec::new();
    let mut k = 0usize;
    for e in &g.edges {
        let (Some(a), Some(b)) = (node.get(e.from.as_str()), node.get(e.to.as_str())) else {
            continue;
        };
        let arrow = match e.kind {
            EdgeKind::Declared | EdgeKind::WorksFor => "-->",
            EdgeKind::SharesWork => "-.->",
            EdgeKind::CoOwns => "==>",
        };
        if e.kind == EdgeKind::WorksFor {
            dashed.push(k.to_string());
        }
        out.push_str(&format!(
            "  {a} {arrow}|\"{}\"| {b}\n",
            mermaid_text(&edge_label(e))
        ));
        k += 1;
    }
    for (i, s) in g.shared.iter().enumerate() {
        out.push_str(&format!(
            "  k{i}{{{{\"{}\"}}}}\n",
            mermaid_text(&format!("co-owned: {}", s.key_result))
        ));
        for u in &s.units {
            if let Some(a) = node.get(u.as_str()) {
                out.push_str(&format!("  {a} === k{i}\n"));
            }
        }
    }
    if !dashed.is_empty() {
        out.push_str(&format!(
            "  linkStyle {} stroke-dasharray: 6 4\n",
            dashed.join(",")
        ));
    }
    out
}

/// The alerts as text, like `okr check`'s diagnostics.
pub fn alerts(cascade: &Cascade, a: &Alerts, as_of: Option<Date>, style: Style) -> String {
    let mut out = String::new();
    let date = as_of.or(cascade.document().cycle.as_of);
    let Some(date) = date else {
        return "No alerts: alerts need a date (the cycle's `as_of`, or --as-of).\n".to_string();
    };
    for d in &a.alerts {
        check::diagnostic(cascade, d, style, &mut out);
    }
    let n = a.alerts.len();
    out.push_str(&style.bold(&format!(
        "{n} {} on {date}",
        if n == 1 { "alert" } else { "alerts" }
    )));
    out.push('\n');
    out
}

//! The alerts (spec: "Figures over time"): a separate list from the
//! diagnostics, same item shape, severity `alert`, computed only at a
//! date (`as_of`). Each alert is a function over the rules' [`Ctx`],
//! whose rollup holds the figures at that date; [`ALERTS`] lists them in
//! code order, so adding one (A301-A304) is a row here and a row in the
//! registry.
//!
//! Dropped and closed items get no alert: every alert asks
//! [`closed_or_dropped`] about its subject first.

use super::{cap, Code, Ctx};
use crate::dependencies::node_unit;
use crate::index::{Items, Node};
use crate::rollup::{kr_due, Status};

/// An alert's computation.
type Alert = fn(&mut Ctx<'_>);

/// Every alert, with the code that switches it off.
const ALERTS: &[(Code, Alert)] = &[(Code::A305, blocked)];

pub(crate) fn run(ctx: &mut Ctx<'_>) {
    for &(code, alert) in ALERTS {
        if ctx.on(code) {
            alert(ctx);
        }
    }
}

/// Whether an objective or KR gets no alert at the rollup's date: it is
/// dropped (by its own date or, for a KR, its objective's), or closed
/// (`as_of` after its due date: a KR's own, else its objective's).
pub(crate) fn closed_or_dropped(ctx: &Ctx<'_>, n: Node) -> bool {
    let Some(as_of) = ctx.rollup.as_of else {
        // No date, no alerts at all.
        return true;
    };
    let due = match n {
        Node::Objective(o) => ctx.doc.objective(o).due,
        Node::KeyResult(k) => kr_due(ctx.doc, ctx.ix, k),
    };
    ctx.node_dropped(n) || due.is_some_and(|d| as_of > d)
}

/// The status of an objective or KR at the rollup's date.
fn status(ctx: &Ctx<'_>, n: Node) -> Option<Status> {
    match n {
        Node::Objective(o) => ctx.rollup.objective(o).status,
        Node::KeyResult(k) => ctx.rollup.kr(k).status,
    }
}

/// The progress of an objective or KR at the rollup's date.
fn progress(ctx: &Ctx<'_>, n: Node) -> Option<f64> {
    match n {
        Node::Objective(o) => ctx.rollup.objective(o).progress,
        Node::KeyResult(k) => ctx.rollup.kr(k).progress,
    }
}

/// `key result KR9 "title" of team platform "Platform" (progress 20%)`.
pub(crate) fn blocker_name(ctx: &Ctx<'_>, n: Node) -> String {
    let mut s = ctx.node_name(n);
    if let Some(u) = node_unit(ctx.ix, n) {
        s.push_str(&format!(" of {}", ctx.unit_name(u)));
    }
    if let Some(p) = progress(ctx, n) {
        s.push_str(&format!(" (progress {:.0}%)", p * 100.0));
    }
    s
}

/// A305: an item that depends on something off track: one alert per
/// item, `related` every off-track item it depends on.
fn blocked(ctx: &mut Ctx<'_>) {
    let ix = ctx.ix;
    let items = ix
        .objectives()
        .map(|o| (Node::Objective(o), ix.obj_depends.get(o)))
        .chain(
            ix.key_results()
                .map(|k| (Node::KeyResult(k), ix.kr_depends.get(k))),
        );
    let mut hits = Vec::new();
    for (item, deps) in items {
        if closed_or_dropped(ctx, item) {
            continue;
        }
        let mut off: Vec<Node> = deps
            .iter()
            .copied()
            .filter(|&d| status(ctx, d) == Some(Status::OffTrack))
            .collect();
        off.sort_unstable();
        off.dedup();
        if !off.is_empty() {
            hits.push((item, off));
        }
    }
    let date = ctx
        .rollup
        .as_of
        .map(|d| format!(" on {d}"))
        .unwrap_or_default();
    for (item, off) in hits {
        let names: Vec<String> = off.iter().map(|&d| blocker_name(ctx, d)).collect();
        let which = if off.len() == 1 {
            "which is"
        } else {
            "which are"
        };
        let message = format!(
            "{} is blocked{date}: it depends on {}, {which} off track.",
            cap(&ctx.node_name(item)),
            names.join(" and "),
        );
        let subject = ctx.node_id(item).to_string();
        let related = off.iter().map(|&d| ctx.node_id(d).to_string()).collect();
        ctx.emit(Code::A305, &subject, related, message);
    }
}

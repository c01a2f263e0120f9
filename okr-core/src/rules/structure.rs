//! Structure: E003 cascade-cycle, E007 unit-tree, E008
//! children-without-direct, E009 bad-date.

use super::{cap, Code, Ctx};
use crate::document::{Source, UnitKind};
use crate::index::Items;

pub(super) fn run(ctx: &mut Ctx<'_>) {
    if ctx.on(Code::E003) {
        cascade_cycle(ctx);
    }
    if ctx.on(Code::E007) {
        unit_tree(ctx);
    }
    if ctx.on(Code::E008) {
        children_without_direct(ctx);
    }
    if ctx.on(Code::E009) {
        bad_date(ctx);
    }
}

/// Sorted ids, the first being the subject.
fn sorted(mut ids: Vec<String>) -> (String, Vec<String>) {
    ids.sort();
    ids.dedup();
    (ids.first().cloned().unwrap_or_default(), ids)
}

/// At most `n` ids joined, then "and k more".
fn listed(ids: &[String], n: usize) -> String {
    let shown: Vec<&str> = ids.iter().take(n).map(String::as_str).collect();
    let mut s = shown.join(", ");
    if ids.len() > n {
        s.push_str(&format!(" and {} more", ids.len() - n));
    }
    s
}

/// E003: one diagnostic per cycle of the cascade graph.
fn cascade_cycle(ctx: &mut Ctx<'_>) {
    for cycle in &ctx.ix.cascade_cycles {
        let ids: Vec<String> = cycle.iter().map(|&n| ctx.node_id(n).to_string()).collect();
        let (subject, related) = sorted(ids);
        let message = match cycle.as_slice() {
            [n] => format!(
                "{} links to itself, so it would end up serving itself.",
                cap(&ctx.node_name(*n))
            ),
            _ => format!(
                "These objectives and key results serve each other in a loop: {}. \
                 Lineage and progress cannot flow through a loop.",
                listed(&related, 10)
            ),
        };
        ctx.emit(Code::E003, &subject, related, message);
    }
}

/// E007: exactly one company without a parent; functions and teams under a
/// parent; no cycle among units.
fn unit_tree(ctx: &mut Ctx<'_>) {
    let ix = ctx.ix;
    if ix.companies.len() != 1 {
        let ids: Vec<String> = ix
            .companies
            .iter()
            .map(|&u| ctx.doc.unit(u).id.clone())
            .collect();
        let message = if ids.is_empty() {
            "The organisation has no company unit; it needs exactly one, at the top.".to_string()
        } else {
            let mut sorted_ids = ids.clone();
            sorted_ids.sort();
            format!(
                "The organisation has {} company units ({}); it needs exactly one.",
                ids.len(),
                listed(&sorted_ids, 10)
            )
        };
        ctx.emit(Code::E007, "", ids, message);
    }
    for (u, unit) in ix.units().zip(&ctx.doc.units) {
        // A company with a parent always comes with another problem
        // reported here (two companies, a loop, or a parentless root).
        if unit.kind != UnitKind::Company && unit.parent.is_none() {
            let message = format!(
                "{} has no parent unit; every function and team sits under the company \
                 or another unit.",
                cap(&ctx.unit_name(u))
            );
            ctx.emit(Code::E007, &unit.id, Vec::new(), message);
        }
    }
    for cycle in &ix.unit_cycles {
        let ids: Vec<String> = cycle.iter().map(|&u| ctx.doc.unit(u).id.clone()).collect();
        let (subject, related) = sorted(ids);
        // Every cycle has a member; one id: a unit that is its own parent.
        let message = match (related.len(), cycle.first()) {
            (1, Some(&u)) => format!(
                "{} is its own parent; the organisation must be a tree.",
                cap(&ctx.unit_name(u))
            ),
            _ => format!(
                "The units {} are each other's parents in a loop; the organisation must be a tree.",
                listed(&related, 10)
            ),
        };
        ctx.emit(Code::E007, &subject, related, message);
    }
}

/// E008: a `source: children` KR that no objective links to directly.
fn children_without_direct(ctx: &mut Ctx<'_>) {
    for (k, kr) in ctx.ix.key_results().zip(&ctx.doc.key_results) {
        if kr.source == Source::Children && ctx.ix.kr_direct_links.get(k).is_empty() {
            let message = format!(
                "{} takes its progress from its children, but no objective links to it \
                 directly, so its progress can never move.",
                cap(&ctx.key_result_name(k))
            );
            ctx.emit(Code::E008, &kr.id, Vec::new(), message);
        }
    }
}

/// E009: the cycle ends before it starts; a check-in, a due date or a
/// dropped date outside the cycle.
fn bad_date(ctx: &mut Ctx<'_>) {
    let cycle = &ctx.doc.cycle;
    if cycle.end < cycle.start {
        let message = format!(
            "The cycle {} ends on {}, before it starts on {}.",
            cycle.id, cycle.end, cycle.start
        );
        ctx.emit(Code::E009, &cycle.id, Vec::new(), message);
        // Every date is outside an inverted cycle: the cycle is the problem.
        return;
    }
    for c in &ctx.doc.check_ins {
        if c.date < cycle.start || c.date > cycle.end {
            let message = format!(
                "A check-in of key result {} is dated {}, outside the cycle {} ({} to {}).",
                c.key_result, c.date, cycle.id, cycle.start, cycle.end
            );
            ctx.emit(Code::E009, &c.key_result, vec![cycle.id.clone()], message);
        }
    }
    let outside = |d: crate::date::Date| d < cycle.start || d > cycle.end;
    let mut due = Vec::new();
    for o in ctx.ix.objectives() {
        if let Some(d) = ctx.doc.objective(o).due.filter(|&d| outside(d)) {
            due.push((ctx.doc.objective(o).id.clone(), ctx.objective_name(o), d));
        }
    }
    for k in ctx.ix.key_results() {
        if let Some(d) = ctx.doc.key_result(k).due.filter(|&d| outside(d)) {
            due.push((ctx.doc.key_result(k).id.clone(), ctx.key_result_name(k), d));
        }
    }
    for (id, name, d) in due {
        let message = format!(
            "{} is due on {d}, outside the cycle {} ({} to {}).",
            cap(&name),
            cycle.id,
            cycle.start,
            cycle.end
        );
        ctx.emit(Code::E009, &id, vec![cycle.id.clone()], message);
    }
    let mut dropped = Vec::new();
    for o in ctx.ix.objectives() {
        if let Some(d) = ctx.doc.objective(o).dropped.filter(|&d| outside(d)) {
            dropped.push((ctx.doc.objective(o).id.clone(), ctx.objective_name(o), d));
        }
    }
    for k in ctx.ix.key_results() {
        if let Some(d) = ctx.doc.key_result(k).dropped.filter(|&d| outside(d)) {
            dropped.push((ctx.doc.key_result(k).id.clone(), ctx.key_result_name(k), d));
        }
    }
    for (id, name, d) in dropped {
        let message = format!(
            "{} is marked dropped on {d}, outside the cycle {} ({} to {}).",
            cap(&name),
            cycle.id,
            cycle.start,
            cycle.end
        );
        ctx.emit(Code::E009, &id, vec![cycle.id.clone()], message);
    }
}

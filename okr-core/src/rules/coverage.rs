//! Coverage and lineage: W108 orphan-objective, W109 uncovered-priority,
//! W111 silent-team, W112 sensitive-exposure, W113 sprint-drift.

use super::{cap, count, Code, Ctx};
use crate::document::{Metric, Source, UnitKind, UnitMode};
use crate::index::{ItemKind, ItemRef, Node, NONE};
use crate::numeric::at_least;
use crate::visibility::{key_result_visible, objective_visible};

pub(super) fn run(ctx: &mut Ctx<'_>) {
    if ctx.on(Code::W108) {
        orphan_objective(ctx);
    }
    if ctx.on(Code::W109) {
        uncovered_priority(ctx);
    }
    if ctx.on(Code::W111) {
        silent_team(ctx);
    }
    if ctx.on(Code::W112) {
        sensitive_exposure(ctx);
    }
    if ctx.on(Code::W113) {
        sprint_drift(ctx);
    }
}

/// For each graph node: whether it could trace only through a reference
/// that failed (its own broken link, a KR whose objective is unknown, or a
/// target that is itself blocked). Targets come first in the reverse of the
/// index's topological order, so one pass suffices (within a cycle the
/// answer is approximate; E003 reports the cycle).
fn blocked(ctx: &Ctx<'_>) -> Vec<bool> {
    let ix = ctx.ix;
    let mut out = vec![false; ix.node_traces.len()];
    for &node in ix.order.iter().rev() {
        let b = match node {
            Node::KeyResult(k) => match ctx.kr_objective(k) {
                None => true,
                Some(o) => out
                    .get(ix.node_slot(Node::Objective(o)))
                    .copied()
                    .unwrap_or(false),
            },
            Node::Objective(o) => ix.links_of(o).any(|g| match ix.link_target.get(g) {
                Some(Some(t)) => out.get(ix.node_slot(*t)).copied().unwrap_or(false),
                _ => true,
            }),
        };
        if let Some(slot) = out.get_mut(ix.node_slot(node)) {
            *slot = b;
        }
    }
    out
}

/// W108: an objective that is not a company priority and does not trace.
/// Skipped when its lineage depends on a reference that failed (E002).
fn orphan_objective(ctx: &mut Ctx<'_>) {
    let ix = ctx.ix;
    let blocked = blocked(ctx);
    for (o, obj) in ctx.doc.objectives.iter().enumerate() {
        let node = Node::Objective(o as u32);
        if obj.redacted
            || ix.obj_is_priority.get(o) == Some(&true)
            || ix.traces(node)
            || blocked.get(ix.node_slot(node)) == Some(&true)
        {
            continue;
        }
        let how = if obj.links.is_empty() {
            "has no links"
        } else {
            "has links, but none of them leads"
        };
        let message = format!(
            "{} {how} to a company priority: it cannot say which priority it moves.",
            ctx.objective_name(o as u32)
        );
        ctx.emit(Code::W108, &obj.id, Vec::new(), message);
    }
}

/// W109: nothing targets a company priority or one of its KRs.
fn uncovered_priority(ctx: &mut Ctx<'_>) {
    let ix = ctx.ix;
    let mut covered = vec![false; ctx.doc.objectives.len()];
    let mark_node = |covered: &mut [bool], n: Node| {
        let o = match n {
            Node::Objective(o) => o,
            Node::KeyResult(k) => ix.kr_objective.get(k as usize).copied().unwrap_or(NONE),
        };
        if let Some(c) = covered.get_mut(o as usize) {
            *c = true;
        }
    };
    for t in ix.link_target.iter().flatten() {
        mark_node(&mut covered, *t);
    }
    for t in ix.contribution_to.iter().flatten() {
        mark_node(&mut covered, *t);
    }
    for m in 0..ctx.doc.mandates.len() as u32 {
        for &t in ix.mandate_supports.get(m) {
            mark_node(&mut covered, t);
        }
    }
    for i in 0..ctx.doc.initiatives.len() as u32 {
        for &k in ix.initiative_krs.get(i) {
            mark_node(&mut covered, Node::KeyResult(k));
        }
    }
    for s in 0..ctx.doc.sprint_goals.len() as u32 {
        for &k in ix.sprint_krs.get(s) {
            mark_node(&mut covered, Node::KeyResult(k));
        }
    }
    for (o, obj) in ctx.doc.objectives.iter().enumerate() {
        if obj.redacted || ix.obj_is_priority.get(o) != Some(&true) || covered.get(o) == Some(&true)
        {
            continue;
        }
        let message = format!(
            "{} is a company priority, but no objective, contribution, mandate, initiative \
             or sprint goal points at it or at its key results.",
            ctx.objective_name(o as u32)
        );
        ctx.emit(Code::W109, &obj.id, Vec::new(), message);
    }
}

/// W111: a team in okr mode with no objective, contribution or mandate of
/// its own or below it.
fn silent_team(ctx: &mut Ctx<'_>) {
    let ix = ctx.ix;
    let n = ctx.doc.units.len();
    let mut speaks = vec![false; n];
    for u in 0..n as u32 {
        let own = !ix.unit_objectives.get(u).is_empty()
            || !ix.unit_contributions.get(u).is_empty()
            || !ix.unit_mandates.get(u).is_empty();
        if !own {
            continue;
        }
        // Mark u and its ancestors; stop at the first already marked (each
        // unit is marked once, and a parent cycle ends there too).
        let mut cur = u;
        while let Some(s) = speaks.get_mut(cur as usize) {
            if *s {
                break;
            }
            *s = true;
            cur = ix.unit_parent.get(cur as usize).copied().unwrap_or(NONE);
        }
    }
    for (u, unit) in ctx.doc.units.iter().enumerate() {
        if unit.kind != UnitKind::Team || unit.mode != UnitMode::Okr || speaks.get(u) == Some(&true)
        {
            continue;
        }
        let below = if ix.unit_children.get(u as u32).is_empty() {
            ""
        } else {
            ", nor does any unit below it"
        };
        let message = format!(
            "{} has no objective, contribution statement or mandate{below}: \
             it cannot say which company priority it moves.",
            cap(&ctx.unit_name(u as u32))
        );
        ctx.emit(Code::W111, &unit.id, Vec::new(), message);
    }
}

/// W112: an item of unit U links to a restricted item U may not see.
fn sensitive_exposure(ctx: &mut Ctx<'_>) {
    let (doc, ix) = (ctx.doc, ctx.ix);
    let hidden = |u: u32, t: Node| -> bool {
        u != NONE
            && match t {
                Node::Objective(o) => !objective_visible(doc, ix, o, u),
                Node::KeyResult(k) => !key_result_visible(doc, ix, k, u),
            }
    };
    let mut found: Vec<(ItemRef, u32, Node)> = Vec::new();
    for o in 0..doc.objectives.len() as u32 {
        let u = ix.obj_unit.get(o as usize).copied().unwrap_or(NONE);
        for g in ix.links_of(o) {
            let Some(Some(t)) = ix.link_target.get(g).copied() else {
                continue;
            };
            // A direct link to an objective is E006 only.
            if matches!(t, Node::Objective(_)) && ctx.is_direct(g) {
                continue;
            }
            if hidden(u, t) {
                found.push((ItemRef::new(ItemKind::Objective, o as usize), u, t));
            }
        }
    }
    for (c, t) in ix.contribution_to.iter().enumerate() {
        let u = ix.contribution_unit.get(c).copied().unwrap_or(NONE);
        if let Some(t) = *t {
            if hidden(u, t) {
                found.push((ItemRef::new(ItemKind::Contribution, c), u, t));
            }
        }
    }
    for m in 0..doc.mandates.len() {
        let u = ix.mandate_unit.get(m).copied().unwrap_or(NONE);
        for &t in ix.mandate_supports.get(m as u32) {
            if hidden(u, t) {
                found.push((ItemRef::new(ItemKind::Mandate, m), u, t));
            }
        }
    }
    for i in 0..doc.initiatives.len() {
        let u = ix.initiative_unit.get(i).copied().unwrap_or(NONE);
        for &k in ix.initiative_krs.get(i as u32) {
            if hidden(u, Node::KeyResult(k)) {
                found.push((ItemRef::new(ItemKind::Initiative, i), u, Node::KeyResult(k)));
            }
        }
    }
    for s in 0..doc.sprint_goals.len() {
        let u = ix.sprint_unit.get(s).copied().unwrap_or(NONE);
        for &k in ix.sprint_krs.get(s as u32) {
            if hidden(u, Node::KeyResult(k)) {
                found.push((ItemRef::new(ItemKind::SprintGoal, s), u, Node::KeyResult(k)));
            }
        }
    }
    for (item, u, t) in found {
        let message = format!(
            "{} of {} points at {}, which is restricted and not visible to {}: \
             the link exposes a sensitive item.",
            cap(&ctx.item_name(item)),
            ctx.unit_name(u),
            ctx.node_name(t),
            ctx.doc.units.get(u as usize).map_or("", |x| x.id.as_str())
        );
        let subject = ctx.id(item).to_string();
        let related = vec![ctx.node_id(t).to_string()];
        ctx.emit(Code::W112, &subject, related, message);
    }
}

/// W113: a sprint goal or initiative names no KR, or only KRs already done.
fn sprint_drift(ctx: &mut Ctx<'_>) {
    let (doc, ix) = (ctx.doc, ctx.ix);
    let done = |k: u32| -> bool {
        let Some(kr) = doc.key_results.get(k as usize) else {
            return false;
        };
        let never_done = kr.source == Source::Metric
            && matches!(
                kr.metric,
                Some(Metric::StayAbove { .. } | Metric::StayBelow { .. })
            );
        !never_done
            && ctx
                .rollup
                .key_results
                .get(k as usize)
                .and_then(|f| f.progress)
                .is_some_and(|p| at_least(p, 1.0))
    };
    let mut found: Vec<(ItemRef, usize, &[u32])> = Vec::new();
    for (i, w) in doc.initiatives.iter().enumerate() {
        let krs = ix.initiative_krs.get(i as u32);
        found.push((
            ItemRef::new(ItemKind::Initiative, i),
            w.key_results.len(),
            krs,
        ));
    }
    for (s, w) in doc.sprint_goals.iter().enumerate() {
        let krs = ix.sprint_krs.get(s as u32);
        found.push((
            ItemRef::new(ItemKind::SprintGoal, s),
            w.key_results.len(),
            krs,
        ));
    }
    for (item, named, krs) in found {
        // Some reference failed (E002): skip rather than guess.
        if named != krs.len() {
            continue;
        }
        let name = || cap(&ctx.item_name(item));
        let (message, related) = if krs.is_empty() {
            (
                format!(
                    "{} names no key result: the work is not tied to any outcome.",
                    name()
                ),
                Vec::new(),
            )
        } else if krs.iter().all(|&k| done(k)) {
            let ids: Vec<String> = krs
                .iter()
                .map(|&k| ctx.node_id(Node::KeyResult(k)).to_string())
                .collect();
            (
                format!(
                    "{} serves only {} already done ({}): the work has drifted \
                     from open outcomes.",
                    name(),
                    count(ids.len(), "key result", "key results"),
                    ids.join(", ")
                ),
                ids,
            )
        } else {
            continue;
        };
        let subject = ctx.id(item).to_string();
        ctx.emit(Code::W113, &subject, related, message);
    }
}

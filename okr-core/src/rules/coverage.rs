//! Coverage and lineage: W108 orphan-objective, W109 uncovered-priority,
//! W111 silent-team, W112 sensitive-exposure, W113 sprint-drift.

use super::{cap, count, Code, Ctx};
use crate::document::{Metric, Source, UnitKind, UnitMode};
use crate::idx::IxVec;
use crate::index::{ItemRef, Items, KrIx, Node, NodeMap, ObjIx, UnitIx};
use crate::numeric::at_least;
use crate::rollup::{dropped_as_of, kr_dropped};
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
fn blocked(ctx: &Ctx<'_>) -> NodeMap<bool> {
    let ix = ctx.ix;
    let mut out = NodeMap::filled(ix.objectives(), ix.key_results(), false);
    for &node in ix.order.iter().rev() {
        out[node] = match node {
            Node::KeyResult(k) => ctx.kr_objective(k).is_none_or(|o| out[Node::Objective(o)]),
            Node::Objective(o) => ix
                .links_of(o)
                .any(|g| ix.link_target[g].is_none_or(|t| out[t])),
        };
    }
    out
}

/// W108: an objective that is not a company priority and does not trace.
/// Skipped when its lineage depends on a reference that failed (E002).
fn orphan_objective(ctx: &mut Ctx<'_>) {
    let ix = ctx.ix;
    let blocked = blocked(ctx);
    for (o, obj) in ix.objectives().zip(&ctx.doc.objectives) {
        let node = Node::Objective(o);
        if obj.redacted || ix.obj_is_priority[o] || ix.traces(node) || blocked[node] {
            continue;
        }
        let how = if obj.links.is_empty() {
            "has no links"
        } else {
            "has links, but none of them leads"
        };
        let message = format!(
            "{} {how} to a company priority: it cannot say which priority it moves.",
            ctx.objective_name(o)
        );
        ctx.emit(Code::W108, &obj.id, Vec::new(), message);
    }
}

/// W109: nothing targets a company priority or one of its KRs.
fn uncovered_priority(ctx: &mut Ctx<'_>) {
    let ix = ctx.ix;
    let mut covered = IxVec::filled(ix.objectives(), false);
    // A link from or into a dropped item covers nothing.
    let mark_node = |covered: &mut IxVec<ObjIx, bool>, n: Node| {
        if ctx.node_dropped(n) {
            return;
        }
        let o = match n {
            Node::Objective(o) => Some(o),
            Node::KeyResult(k) => ix.kr_objective[k],
        };
        if let Some(o) = o {
            covered[o] = true;
        }
    };
    for (l, t) in ix.link_target.iter_enumerated() {
        if let Some(t) = *t {
            if !ctx.objective_dropped(ix.link_owner[l]) {
                mark_node(&mut covered, t);
            }
        }
    }
    for t in ix.contribution_to.iter().flatten() {
        mark_node(&mut covered, *t);
    }
    for m in ix.mandates() {
        for &t in ix.mandate_supports.get(m) {
            mark_node(&mut covered, t);
        }
    }
    for i in ix.initiatives() {
        for &k in ix.initiative_krs.get(i) {
            mark_node(&mut covered, Node::KeyResult(k));
        }
    }
    for s in ix.sprint_goals() {
        for &k in ix.sprint_krs.get(s) {
            mark_node(&mut covered, Node::KeyResult(k));
        }
    }
    for (o, obj) in ix.objectives().zip(&ctx.doc.objectives) {
        // A dropped priority needs no cover.
        if obj.redacted || !ix.obj_is_priority[o] || covered[o] || ctx.objective_dropped(o) {
            continue;
        }
        let message = format!(
            "{} is a company priority, but no objective, contribution, mandate, initiative \
             or sprint goal points at it or at its key results.",
            ctx.objective_name(o)
        );
        ctx.emit(Code::W109, &obj.id, Vec::new(), message);
    }
}

/// W111: a team in okr mode with no objective, contribution or mandate of
/// its own or below it.
fn silent_team(ctx: &mut Ctx<'_>) {
    let ix = ctx.ix;
    let mut speaks = IxVec::filled(ix.units(), false);
    for u in ix.units() {
        let own = !ix.unit_objectives.get(u).is_empty()
            || !ix.unit_contributions.get(u).is_empty()
            || !ix.unit_mandates.get(u).is_empty();
        if !own {
            continue;
        }
        // Mark u and its ancestors; stop at the first already marked (each
        // unit is marked once, and a parent cycle ends there too).
        let mut cur = Some(u);
        while let Some(c) = cur {
            if std::mem::replace(&mut speaks[c], true) {
                break;
            }
            cur = ix.unit_parent[c];
        }
    }
    for (u, unit) in ix.units().zip(&ctx.doc.units) {
        if unit.kind != UnitKind::Team || unit.mode != UnitMode::Okr || speaks[u] {
            continue;
        }
        let below = if ix.unit_children.get(u).is_empty() {
            ""
        } else {
            ", nor does any unit below it"
        };
        let message = format!(
            "{} has no objective, contribution statement or mandate{below}: \
             it cannot say which company priority it moves.",
            cap(&ctx.unit_name(u))
        );
        ctx.emit(Code::W111, &unit.id, Vec::new(), message);
    }
}

/// W112: an item of unit U links to a restricted item U may not see.
fn sensitive_exposure(ctx: &mut Ctx<'_>) {
    let (doc, ix) = (ctx.doc, ctx.ix);
    let hidden = |u: UnitIx, t: Node| -> bool {
        match t {
            Node::Objective(o) => !objective_visible(doc, ix, o, u),
            Node::KeyResult(k) => !key_result_visible(doc, ix, k, u),
        }
    };
    // Items of no (resolved) unit expose nothing to anyone.
    let mut found: Vec<(ItemRef, UnitIx, Node)> = Vec::new();
    for o in ix.objectives() {
        let Some(u) = ix.obj_unit[o] else {
            continue;
        };
        for g in ix.links_of(o) {
            let Some(t) = ix.link_target[g] else {
                continue;
            };
            // A direct link to an objective is E006 only.
            if matches!(t, Node::Objective(_)) && ctx.is_direct(g) {
                continue;
            }
            if hidden(u, t) {
                found.push((ItemRef::Objective(o), u, t));
            }
        }
    }
    for (c, t) in ix.contribution_to.iter_enumerated() {
        if let (Some(u), Some(t)) = (ix.contribution_unit[c], *t) {
            if hidden(u, t) {
                found.push((ItemRef::Contribution(c), u, t));
            }
        }
    }
    for m in ix.mandates() {
        let Some(u) = ix.mandate_unit[m] else {
            continue;
        };
        for &t in ix.mandate_supports.get(m) {
            if hidden(u, t) {
                found.push((ItemRef::Mandate(m), u, t));
            }
        }
    }
    for i in ix.initiatives() {
        let Some(u) = ix.initiative_unit[i] else {
            continue;
        };
        for &k in ix.initiative_krs.get(i) {
            if hidden(u, Node::KeyResult(k)) {
                found.push((ItemRef::Initiative(i), u, Node::KeyResult(k)));
            }
        }
    }
    for s in ix.sprint_goals() {
        let Some(u) = ix.sprint_unit[s] else {
            continue;
        };
        for &k in ix.sprint_krs.get(s) {
            if hidden(u, Node::KeyResult(k)) {
                found.push((ItemRef::SprintGoal(s), u, Node::KeyResult(k)));
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
            ctx.doc.unit(u).id
        );
        let subject = ctx.id(item).to_string();
        let related = vec![ctx.node_id(t).to_string()];
        ctx.emit(Code::W112, &subject, related, message);
    }
}

/// W113: a sprint goal or initiative names no KR, or only KRs already done
/// (a dropped KR counts as done: its outcome is off the board).
fn sprint_drift(ctx: &mut Ctx<'_>) {
    let (doc, ix, rollup) = (ctx.doc, ctx.ix, ctx.rollup);
    let is_dropped = |k: KrIx| dropped_as_of(kr_dropped(doc, ix, k), rollup.as_of);
    let done = |k: KrIx| -> bool {
        if is_dropped(k) {
            return true;
        }
        let kr = doc.key_result(k);
        let never_done = kr.source == Source::Metric
            && matches!(
                kr.metric,
                Some(Metric::StayAbove { .. } | Metric::StayBelow { .. })
            );
        !never_done && rollup.kr(k).progress.is_some_and(|p| at_least(p, 1.0))
    };
    let mut found: Vec<(ItemRef, usize, &[KrIx])> = Vec::new();
    for (i, w) in ix.initiatives().zip(&doc.initiatives) {
        let krs = ix.initiative_krs.get(i);
        found.push((ItemRef::Initiative(i), w.key_results.len(), krs));
    }
    for (s, w) in ix.sprint_goals().zip(&doc.sprint_goals) {
        let krs = ix.sprint_krs.get(s);
        found.push((ItemRef::SprintGoal(s), w.key_results.len(), krs));
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
            let dropped = krs.iter().any(|&k| is_dropped(k));
            (
                format!(
                    "{} serves only {} already {} ({}): the work has drifted \
                     from open outcomes.",
                    name(),
                    count(ids.len(), "key result", "key results"),
                    if dropped { "done or dropped" } else { "done" },
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

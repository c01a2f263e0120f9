//! Cascade design: W101 too-many-objectives, W102 key-result-count, W103
//! activity-key-result, W104 copy-paste-cascade, W105 ungoverned-direct,
//! W107 deep-direct, W110 mandate-cascaded, W114 overcommitted-unit, W116
//! late-draft, W117 themeless-priority.

use super::wording::{TitleSlots, WordSets};
use std::fmt::Write as _;

use super::{cap, count, Code, Ctx};
use crate::date::Date;
use crate::document::{LinkKind, Metric, UnitKind, UnitMode};
use crate::idx::IxVec;
use crate::index::{ItemRef, Items, KrIx, LinkIx, Node};
use crate::numeric::at_least;
use crate::text::first_word_in;

/// Every rule of the group but W104 ([`run_copy_paste`], which reads only
/// titles and links, runs beside the similarity rules).
pub(super) fn run(ctx: &mut Ctx<'_>, titles: &TitleSlots<'_>) {
    if ctx.on(Code::W101) {
        too_many_objectives(ctx);
    }
    if ctx.on(Code::W102) {
        key_result_count(ctx);
    }
    if ctx.on(Code::W103) {
        activity_key_result(ctx, titles);
    }
    if ctx.on(Code::W105) {
        ungoverned_direct(ctx);
    }
    if ctx.on(Code::W107) {
        deep_direct(ctx);
    }
    if ctx.on(Code::W110) {
        mandate_cascaded(ctx);
    }
    if ctx.on(Code::W114) {
        overcommitted_unit(ctx);
    }
    if ctx.on(Code::W116) {
        late_draft(ctx);
    }
    if ctx.on(Code::W117) {
        themeless_priority(ctx);
    }
}

/// W104, which reads titles and links only.
pub(super) fn run_copy_paste(ctx: &mut Ctx<'_>, titles: &TitleSlots<'_>) {
    if ctx.on(Code::W104) {
        copy_paste_cascade(ctx, titles);
    }
}

/// " (not counting 2 dropped)", or nothing when none was dropped.
fn not_counting(dropped: usize) -> String {
    if dropped == 0 {
        String::new()
    } else {
        format!(" (not counting {dropped} dropped)")
    }
}

/// W101: a unit owns more objectives than its level allows.
fn too_many_objectives(ctx: &mut Ctx<'_>) {
    for (u, unit) in ctx.ix.units().zip(&ctx.doc.units) {
        let all = ctx.ix.unit_objectives.get(u);
        // Dropped objectives are off the board: they do not count.
        let n = all.iter().filter(|&&o| !ctx.objective_dropped(o)).count();
        let max = match unit.kind {
            UnitKind::Company => ctx.policy.max_company_objectives,
            UnitKind::Function | UnitKind::Team => ctx.policy.max_unit_objectives,
        };
        if n > max {
            let message = format!(
                "{} owns {n} objectives{}; at most {max} keep it focused.",
                cap(&ctx.unit_name(u)),
                not_counting(all.len() - n)
            );
            ctx.emit(Code::W101, &unit.id, Vec::new(), message);
        }
    }
}

/// W102: an objective with no KRs, or more than the policy allows.
fn key_result_count(ctx: &mut Ctx<'_>) {
    let max = ctx.policy.max_objective_key_results;
    for (o, obj) in ctx.ix.objectives().zip(&ctx.doc.objectives) {
        // A dropped objective is off the board: nothing to count.
        if obj.redacted || ctx.objective_dropped(o) {
            continue;
        }
        let all = ctx.ix.obj_krs.get(o);
        let n = all.iter().filter(|&&k| !ctx.key_result_dropped(k)).count();
        let dropped = all.len() - n;
        let message = if n == 0 && dropped > 0 {
            format!(
                "{} has no key results left ({} dropped), so nobody can tell whether it will \
                 be achieved.",
                ctx.objective_name(o),
                count(dropped, "key result", "key results")
            )
        } else if n == 0 {
            format!(
                "{} has no key results, so nobody can tell whether it was achieved.",
                ctx.objective_name(o)
            )
        } else if n > max {
            format!(
                "{} has {n} key results{}; at most {max} keep it focused.",
                ctx.objective_name(o),
                not_counting(dropped)
            )
        } else {
            continue;
        };
        ctx.emit(Code::W102, &obj.id, Vec::new(), message);
    }
}

/// W103: a milestone KR, a KR title that starts with an activity verb, or
/// an increase KR from 0 whose title starts with an output verb (counting
/// outputs); one diagnostic naming every reason that holds.
fn activity_key_result(ctx: &mut Ctx<'_>, titles: &TitleSlots<'_>) {
    let lower =
        |list: &[String]| -> Vec<String> { list.iter().map(|v| v.trim().to_lowercase()).collect() };
    let verbs = lower(&ctx.policy.activity_verbs);
    let outputs = lower(&ctx.policy.output_verbs);
    // The verbs a title starts with, found once per distinct title.
    let mut first: Vec<Option<(Option<&str>, Option<&str>)>> = vec![None; titles.len()];
    for (k, kr) in ctx.ix.key_results().zip(&ctx.doc.key_results) {
        if kr.redacted {
            continue;
        }
        let title = kr.title.as_deref().unwrap_or_default();
        let find = || (first_word_in(title, &verbs), first_word_in(title, &outputs));
        let (verb, output) = match titles.key_result(k).and_then(|s| first.get_mut(s as usize)) {
            Some(Some(known)) => *known,
            Some(slot) => *slot.insert(find()),
            None => find(),
        };
        let milestone = matches!(kr.metric, Some(Metric::Milestone { .. }));
        let output = match &kr.metric {
            Some(Metric::Increase { start, target, .. }) if *start == 0.0 => {
                output.map(|v| (v, *target))
            }
            _ => None,
        };
        if !milestone && verb.is_none() && output.is_none() {
            continue;
        }
        let mut message = String::with_capacity(160);
        ctx.push_name(&mut message, ItemRef::KeyResult(k), true);
        let mut and = " ";
        if milestone {
            message.push_str(" is a milestone (done or not done)");
            and = " and ";
        }
        if let Some(v) = verb {
            let _ = write!(message, "{and}starts with the activity verb \"{v}\"");
            and = " and ";
        }
        if let Some((v, target)) = output {
            let _ = write!(
                message,
                "{and}counts outputs from 0 to {} (\"{v}\")",
                super::num(target)
            );
        }
        message.push_str(": it measures work done, not the outcome the work should cause.");
        ctx.emit(Code::W103, &kr.id, Vec::new(), message);
    }
}

/// The resolved, usable target of a link: not broken, not a direct link to
/// an objective (E006 only).
fn usable_target(ctx: &Ctx<'_>, global: LinkIx) -> Option<Node> {
    let t = ctx.ix.link_target[global]?;
    match t {
        Node::Objective(_) if ctx.is_direct(global) => None,
        t => Some(t),
    }
}

/// W104: an objective's title nearly copies its link target's title.
fn copy_paste_cascade(ctx: &mut Ctx<'_>, titles: &TitleSlots<'_>) {
    let min = ctx.policy.copy_paste_similarity;
    let doc = ctx.doc;
    let mut sets = WordSets::default();
    for (o, obj) in ctx.ix.objectives().zip(&doc.objectives) {
        let Some(title) = obj.title.as_deref().filter(|_| !obj.redacted) else {
            continue;
        };
        let Some(slot) = titles.objective(o) else {
            continue;
        };
        for g in ctx.ix.links_of(o) {
            let Some(target) = usable_target(ctx, g) else {
                continue;
            };
            let other = match target {
                Node::Objective(t) => Some(doc.objective(t))
                    .filter(|x| !x.redacted)
                    .and_then(|x| Some((titles.objective(t)?, x.title.as_deref()?))),
                Node::KeyResult(t) => Some(doc.key_result(t))
                    .filter(|x| !x.redacted)
                    .and_then(|x| Some((titles.key_result(t)?, x.title.as_deref()?))),
            };
            let Some(other) = other else {
                continue;
            };
            let similarity = sets.jaccard((slot, title), other);
            if at_least(similarity, min) {
                let message = format!(
                    "{} nearly repeats the title of {} it links to ({:.0}% of the words \
                     are shared): the team derived the goal instead of saying what it will change.",
                    ctx.objective_name(o),
                    ctx.node_name(target),
                    similarity * 100.0
                );
                let related = vec![ctx.node_id(target).to_string()];
                ctx.emit(Code::W104, &obj.id, related, message);
            }
        }
    }
}

/// W105: a direct link into a KR whose objective has no governance.
fn ungoverned_direct(ctx: &mut Ctx<'_>) {
    for (o, obj) in ctx.ix.objectives().zip(&ctx.doc.objectives) {
        for g in ctx.ix.links_of(o) {
            if !ctx.is_direct(g) {
                continue;
            }
            let Some(Node::KeyResult(k)) = ctx.ix.link_target[g] else {
                continue;
            };
            let Some(target_obj) = ctx.kr_objective(k) else {
                continue;
            };
            let t = ctx.doc.objective(target_obj);
            if t.redacted || t.governance.is_some() {
                continue;
            }
            let message = format!(
                "{} links directly to {}, but its {} has no governance: \
                 nobody at the top reviews the cascade.",
                ctx.objective_name(o),
                ctx.key_result_name(k),
                super::lower_first(&ctx.objective_name(target_obj))
            );
            let related = vec![ctx.node_id(Node::KeyResult(k)).to_string()];
            ctx.emit(Code::W105, &obj.id, related, message);
        }
    }
}

/// W107: the direct-chain depth of an objective exceeds the policy. Depths
/// are computed targets first (the reverse of the index's topological
/// order); objectives on a cycle (E003) count as depth 0 and are not
/// reported.
fn deep_direct(ctx: &mut Ctx<'_>) {
    let ix = ctx.ix;
    let mut depth = IxVec::filled(ix.objectives(), 0usize);
    // The direct target (a KR) on a deepest chain, `None` when depth is 0.
    let mut via: IxVec<_, Option<KrIx>> = IxVec::filled(ix.objectives(), None);
    for &node in ix.order.iter().rev() {
        let Node::Objective(o) = node else {
            continue;
        };
        if ix.node_in_cycle[node] {
            continue;
        }
        let (mut best, mut best_kr) = (0usize, None);
        for g in ix.links_of(o) {
            if !ctx.is_direct(g) {
                continue;
            }
            let Some(Node::KeyResult(k)) = ix.link_target[g] else {
                continue;
            };
            let Some(p) = ctx.kr_objective(k) else {
                continue;
            };
            let d = depth[p].saturating_add(1);
            if d > best {
                best = d;
                best_kr = Some(k);
            }
        }
        depth[o] = best;
        via[o] = best_kr;
    }
    let max = ctx.policy.max_direct_depth;
    for (o, &d) in depth.iter_enumerated() {
        if d <= max {
            continue;
        }
        // The chain, for the message (at most a few steps shown).
        let mut chain = vec![ctx.node_id(Node::Objective(o)).to_string()];
        let mut cur = o;
        let mut steps = 0;
        while let Some(k) = via[cur] {
            if steps == 4 {
                chain.push("...".to_string());
                break;
            }
            chain.push(ctx.node_id(Node::KeyResult(k)).to_string());
            let Some(p) = ctx.kr_objective(k) else {
                break;
            };
            chain.push(ctx.node_id(Node::Objective(p)).to_string());
            cur = p;
            steps += 1;
        }
        let related = match via[o] {
            None => Vec::new(),
            Some(k) => vec![ctx.node_id(Node::KeyResult(k)).to_string()],
        };
        let message = format!(
            "{} is {d} direct links deep ({}); a direct cascade should stop after {max}.",
            ctx.objective_name(o),
            chain.join(" -> ")
        );
        let id = ctx.node_id(Node::Objective(o)).to_string();
        ctx.emit(Code::W107, &id, related, message);
    }
}

/// W110: a unit in mandate mode owns an objective with a direct link.
fn mandate_cascaded(ctx: &mut Ctx<'_>) {
    for (o, obj) in ctx.ix.objectives().zip(&ctx.doc.objectives) {
        let Some(u) = ctx.ix.obj_unit[o] else {
            continue;
        };
        let unit = ctx.doc.unit(u);
        if unit.mode != UnitMode::Mandate || !obj.links.iter().any(|l| l.kind == LinkKind::Direct) {
            continue;
        }
        let message = format!(
            "{} belongs to {}, which runs on mandates, yet it takes a direct link: \
             a stable function is being cascaded into.",
            ctx.objective_name(o),
            ctx.unit_name(u)
        );
        ctx.emit(Code::W110, &obj.id, vec![unit.id.clone()], message);
    }
}

/// W114: a unit owns more KRs than the policy allows.
fn overcommitted_unit(ctx: &mut Ctx<'_>) {
    let max = ctx.policy.max_unit_key_results;
    for (u, unit) in ctx.ix.units().zip(&ctx.doc.units) {
        let (mut n, mut dropped) = (0usize, 0usize);
        for &o in ctx.ix.unit_objectives.get(u) {
            for &k in ctx.ix.obj_krs.get(o) {
                if ctx.key_result_dropped(k) {
                    dropped += 1;
                } else {
                    n += 1;
                }
            }
        }
        if n > max {
            let message = format!(
                "{} owns {} across its objectives{}; at most {max} leave room for trade-offs.",
                cap(&ctx.unit_name(u)),
                count(n, "key result", "key results"),
                not_counting(dropped)
            );
            ctx.emit(Code::W114, &unit.id, Vec::new(), message);
        }
    }
}

/// W116: an objective drafted more than the allowed weekdays after the
/// themes were published.
fn late_draft(ctx: &mut Ctx<'_>) {
    let Some(published) = ctx.doc.cycle.themes_published else {
        return;
    };
    let max = ctx.policy.max_draft_weekdays;
    for (o, obj) in ctx.ix.objectives().zip(&ctx.doc.objectives) {
        let Some(created) = obj.created else {
            continue;
        };
        let n = Date::weekdays_between(published, created);
        if n > max {
            let message = format!(
                "{} was drafted on {created}, {n} weekdays after the themes were published \
                 on {published}; the cascade should settle within {max}.",
                ctx.objective_name(o)
            );
            ctx.emit(Code::W116, &obj.id, Vec::new(), message);
        }
    }
}

/// W117: a company priority names no theme.
fn themeless_priority(ctx: &mut Ctx<'_>) {
    for (o, obj) in ctx.ix.objectives().zip(&ctx.doc.objectives) {
        if obj.redacted || !ctx.ix.obj_is_priority[o] || !obj.themes.is_empty() {
            continue;
        }
        let message = format!(
            "{} is a company priority but names no strategic theme.",
            ctx.objective_name(o)
        );
        ctx.emit(Code::W117, &obj.id, Vec::new(), message);
    }
}

//! Progress and health: W115 progress-divergence, W118 stale-check-in,
//! W131 work-without-outcome,
//! I201 mandate-breached, I202 single-function-direct.

use std::fmt::Write as _;

use super::{cap, metrics::metric_problems, num, Code, Ctx};
use crate::document::{Metric, Source};
use crate::index::{ItemRef, Items, Node};
use crate::numeric::{at_least, more_than, Mean};
use crate::rollup::{mandate_met, work_counts};

pub(super) fn run(ctx: &mut Ctx<'_>) {
    if ctx.on(Code::W115) {
        progress_divergence(ctx);
    }
    if ctx.on(Code::W118) {
        stale_check_in(ctx);
    }
    if ctx.on(Code::W131) {
        work_without_outcome(ctx);
    }
    if ctx.on(Code::I201) {
        mandate_breached(ctx);
    }
    if ctx.on(Code::I202) {
        single_function_direct(ctx);
    }
}

fn percent(p: f64) -> String {
    format!("{:.0}%", p * 100.0)
}

/// W115: a metric KR trails the link-weighted progress of the objectives
/// that link to it directly by more than the policy allows. Children on a
/// cycle with the KR (E003) and children without progress are skipped.
fn progress_divergence(ctx: &mut Ctx<'_>) {
    let (doc, ix) = (ctx.doc, ctx.ix);
    let max = ctx.policy.max_progress_divergence;
    for (k, kr) in ix.key_results().zip(&doc.key_results) {
        if kr.redacted || kr.source != Source::Metric {
            continue;
        }
        let links = ix.kr_direct_links.get(k);
        if links.is_empty() {
            continue;
        }
        let Some(own) = ctx.rollup.kr(k).progress else {
            continue;
        };
        let mut mean = Mean::default();
        let children = |ctx: &Ctx<'_>| -> Vec<String> {
            links
                .iter()
                .map(|&l| ix.link_owner[l])
                .filter(|&o| !ix.same_scc(Node::KeyResult(k), Node::Objective(o)))
                .map(|o| ctx.node_id(Node::Objective(o)).to_string())
                .collect()
        };
        for &l in links {
            let o = ix.link_owner[l];
            if ix.same_scc(Node::KeyResult(k), Node::Objective(o)) {
                continue;
            }
            let weight = ctx.link(l).weight();
            let progress = ctx.rollup.objective(o).progress;
            mean.add(progress, weight, false);
        }
        let Some(theirs) = mean.value() else {
            continue;
        };
        if more_than(theirs - own, max) {
            let children = children(ctx);
            let message = format!(
                "{} is at {} while the objectives linked to it directly are at {} \
                 (weighted): their work is not moving its metric.",
                cap(&ctx.key_result_name(k)),
                percent(own),
                percent(theirs)
            );
            ctx.emit(Code::W115, &kr.id, children, message);
        }
    }
}

/// W118: with `as_of` far enough into the cycle, an increase/decrease KR
/// measured by its metric has no check-in in the last days (not once it
/// is closed, `as_of` after its due date, nor once it is dropped).
fn stale_check_in(ctx: &mut Ctx<'_>) {
    let doc = ctx.doc;
    let Some(as_of) = ctx.rollup.as_of else {
        return;
    };
    let days = ctx.policy.stale_check_in_days;
    if as_of.days_since(doc.cycle.start) < days {
        return;
    }
    let from = as_of.add_days(-i32::try_from(days).unwrap_or(i32::MAX));
    for (k, kr) in ctx.ix.key_results().zip(&doc.key_results) {
        let trend = kr.metric.as_ref().is_some_and(Metric::is_trend);
        if kr.redacted || kr.source != Source::Metric || !trend {
            continue;
        }
        // Closed: a KR past its due date needs no more check-ins; nor does
        // a dropped one (off the board).
        if crate::rollup::kr_due(doc, ctx.ix, k).is_some_and(|due| as_of > due)
            || ctx.key_result_dropped(k)
        {
            continue;
        }
        let cis = ctx.ix.check_ins_of(doc, k);
        let dates = cis.iter().map(|&i| doc.check_in(i).date);
        let mut last = None;
        let mut fresh = false;
        for d in dates {
            if d > as_of {
                break;
            }
            if d >= from {
                fresh = true;
                break;
            }
            last = Some(d);
        }
        if fresh {
            continue;
        }
        let since = match last {
            Some(d) => format!("its last check-in was on {d}"),
            None if cis.is_empty() => "it has no check-in at all".to_string(),
            None => format!("it has no check-in dated on or before {as_of}"),
        };
        let mut message = String::with_capacity(120);
        ctx.push_name(&mut message, ItemRef::KeyResult(k), true);
        let _ = write!(
            message,
            " has no check-in between {from} and {as_of}; {since}."
        );
        ctx.emit(Code::W118, &kr.id, Vec::new(), message);
    }
}

/// I201: a mandate's metric is not met (no current value: not met).
/// Mandates with an invalid number (E004) are left to E004.
fn mandate_breached(ctx: &mut Ctx<'_>) {
    for m in &ctx.doc.mandates {
        if mandate_met(&m.metric) || !metric_problems(&m.metric).is_empty() {
            continue;
        }
        let how = match (&m.metric, m.metric.current()) {
            (Metric::Milestone { .. }, _) => "is not done".to_string(),
            (_, None) => "has no current value, so it counts as not met".to_string(),
            (Metric::StayAbove { threshold, .. }, Some(c)) => {
                format!("is at {}, below its floor of {}", num(c), num(*threshold))
            }
            (Metric::StayBelow { threshold, .. }, Some(c)) => {
                format!("is at {}, above its ceiling of {}", num(c), num(*threshold))
            }
            (Metric::Increase { target, .. } | Metric::Decrease { target, .. }, Some(c)) => {
                format!("is at {}, short of its target of {}", num(c), num(*target))
            }
        };
        let message = format!("Mandate {} \"{}\" {how}.", m.id, m.title);
        ctx.emit(Code::I201, &m.id, Vec::new(), message);
    }
}

/// I202: a KR whose direct links all come from units of one function.
fn single_function_direct(ctx: &mut Ctx<'_>) {
    let (doc, ix) = (ctx.doc, ctx.ix);
    let mut message = String::new();
    for (k, kr) in ix.key_results().zip(&doc.key_results) {
        let links = ix.kr_direct_links.get(k);
        let function_of = |l: &crate::index::LinkIx| {
            ix.obj_unit[ix.link_owner[*l]].and_then(|u| ix.unit_function[u])
        };
        let Some(function) = links.first().and_then(function_of) else {
            continue;
        };
        if !links.iter().all(|l| function_of(l) == Some(function)) {
            continue;
        }
        let objectives: Vec<String> = links
            .iter()
            .map(|&l| ctx.node_id(Node::Objective(ix.link_owner[l])).to_string())
            .collect();
        message.clear();
        message.push_str("Every objective linked directly to ");
        ctx.push_name(&mut message, ItemRef::KeyResult(k), false);
        message.push_str(" belongs to ");
        ctx.push_name(&mut message, ItemRef::Unit(function), false);
        message.push_str(": a direct cascade is meant for outcomes that span functions.");
        ctx.emit(Code::I202, &kr.id, objectives, message.clone());
    }
}

/// W131: a KR named by at least `min_work_items` sprint goals and
/// initiatives, with at least `work_done` of them done, while its progress
/// is under `outcome_floor`: the team is busy and the number has not moved.
/// `related`: the done work items.
fn work_without_outcome(ctx: &mut Ctx<'_>) {
    let (doc, ix) = (ctx.doc, ctx.ix);
    let (named, done) = work_counts(doc, ix);
    let (min_items, busy, floor) = (
        ctx.policy.min_work_items,
        ctx.policy.work_done,
        ctx.policy.outcome_floor,
    );
    for (k, kr) in ix.key_results().zip(&doc.key_results) {
        let (n, d) = (named[k], done[k]);
        if kr.redacted || n == 0 || (n as usize) < min_items {
            continue;
        }
        let work = f64::from(d) / f64::from(n);
        let Some(progress) = ctx.rollup.kr(k).progress else {
            continue;
        };
        if !at_least(work, busy) || at_least(progress, floor) {
            continue;
        }
        let names_it = |ids: &[String]| {
            ids.iter()
                .any(|id| ix.ids.get(doc, id).and_then(|it| it.key_result()) == Some(k))
        };
        let related: Vec<String> = doc
            .initiatives
            .iter()
            .filter(|i| i.done && names_it(&i.key_results))
            .map(|i| i.id.clone())
            .chain(
                doc.sprint_goals
                    .iter()
                    .filter(|s| s.done && names_it(&s.key_results))
                    .map(|s| s.id.clone()),
            )
            .collect();
        let message = format!(
            "{} is at {} while {d} of the {n} sprint goals and initiatives naming it are done \
             ({}): the team is busy and the number has not moved.",
            cap(&ctx.key_result_name(k)),
            percent(progress),
            percent(work)
        );
        ctx.emit(Code::W131, &kr.id, related, message);
    }
}

//! Parts and wholes: E010 bad-parts, W121 shares-do-not-add-up, W122
//! measure-mismatch. Items hidden in a view are skipped: a rule sees only
//! what the view holds.

use super::{cap, num, Code, Ctx};
use crate::document::{Metric, Source};
use crate::index::{ItemRef, Items, KrIx};
use crate::numeric::more_than;

pub(super) fn run(ctx: &mut Ctx<'_>) {
    if ctx.on(Code::E010) {
        bad_parts(ctx);
    }
    if ctx.on(Code::W121) {
        shares_do_not_add_up(ctx);
    }
    if ctx.on(Code::W122) {
        measure_mismatch(ctx);
    }
}

fn is_milestone(metric: Option<&Metric>) -> bool {
    matches!(metric, Some(Metric::Milestone { .. }))
}

/// E010: `part_of` names a KR that is not a whole; a whole without parts;
/// a milestone whole or part. One diagnostic per problem.
fn bad_parts(ctx: &mut Ctx<'_>) {
    for k in ctx.ix.key_results() {
        let kr = ctx.doc.key_result(k);
        if kr.redacted {
            continue;
        }
        if let Some(w) = ctx.ix.kr_part_of[k] {
            let whole = ctx.doc.key_result(w);
            if !whole.redacted && whole.source != Source::Parts {
                let message = format!(
                    "{} is a part of {}, but that key result is not a sum of parts (it has no \
                     `source: \"parts\"`), so the part adds to nothing.",
                    cap(&ctx.key_result_name(k)),
                    ctx.key_result_name(w)
                );
                ctx.emit(Code::E010, &kr.id, vec![whole.id.clone()], message);
            }
            if is_milestone(kr.metric.as_ref()) {
                let message = format!(
                    "{} is a milestone, so it has no value to add to {}.",
                    cap(&ctx.key_result_name(k)),
                    ctx.key_result_name(w)
                );
                ctx.emit(Code::E010, &kr.id, vec![whole.id.clone()], message);
            }
        }
        if kr.source == Source::Parts {
            if ctx.ix.kr_parts.get(k).is_empty() {
                let message = format!(
                    "{} is the sum of its parts, but no key result names it in `part_of`, so \
                     its value is unknown and its progress stays 0.",
                    cap(&ctx.key_result_name(k))
                );
                ctx.emit(Code::E010, &kr.id, Vec::new(), message);
            }
            if is_milestone(kr.metric.as_ref()) {
                let message = format!(
                    "{} is a milestone, which cannot be the sum of its parts' values.",
                    cap(&ctx.key_result_name(k))
                );
                ctx.emit(Code::E010, &kr.id, Vec::new(), message);
            }
        }
    }
}

/// W121: an increase/decrease whole whose parts' targets (or starts) sum
/// farther than `share_tolerance` x |target - start| from its own.
fn shares_do_not_add_up(ctx: &mut Ctx<'_>) {
    let tolerance = ctx.policy.share_tolerance();
    for w in ctx.ix.key_results() {
        let whole = ctx.doc.key_result(w);
        if whole.redacted || whole.source != Source::Parts {
            continue;
        }
        let Some((start, target)) = whole.metric.as_ref().and_then(Metric::start_target) else {
            continue;
        };
        let parts = ctx.ix.kr_parts.get(w);
        let mut shares: Vec<(KrIx, f64, f64)> = Vec::with_capacity(parts.len());
        for &p in parts {
            let part = ctx.doc.key_result(p);
            match part.metric.as_ref().and_then(Metric::start_target) {
                Some((s, t)) if !part.redacted => shares.push((p, s, t)),
                // Only when every part is increase/decrease (and visible).
                _ => break,
            }
        }
        let span = (target - start).abs();
        if shares.is_empty() || shares.len() != parts.len() || !span.is_finite() || span == 0.0 {
            continue;
        }
        // Summed in id order, so the document's order changes nothing.
        shares.sort_by(|a, b| {
            ctx.id(ItemRef::KeyResult(a.0))
                .cmp(ctx.id(ItemRef::KeyResult(b.0)))
        });
        let related: Vec<String> = shares
            .iter()
            .map(|&(p, _, _)| ctx.id(ItemRef::KeyResult(p)).to_string())
            .collect();
        for (what, own, sum) in [
            ("targets", target, shares.iter().map(|s| s.2).sum::<f64>()),
            ("starts", start, shares.iter().map(|s| s.1).sum::<f64>()),
        ] {
            let off = (sum - own).abs();
            if more_than(off / span, tolerance) {
                let message = format!(
                    "The {} of the parts of {} add up to {}, but its own {} is {}: {} apart, \
                     more than {}% of its range from {} to {} ({}).",
                    what,
                    ctx.key_result_name(w),
                    shown(sum),
                    what.trim_end_matches('s'),
                    shown(own),
                    shown(off),
                    shown(tolerance * 100.0),
                    shown(start),
                    shown(target),
                    shown(tolerance * span)
                );
                ctx.emit(Code::W121, &whole.id, related.clone(), message);
            }
        }
    }
}

/// A computed amount as people write it: rounded to 9 decimals, so sums
/// read `151.3`, not `151.29999999999998`.
fn shown(v: f64) -> String {
    let r = (v * 1e9).round() / 1e9;
    num(if r.is_finite() { r } else { v })
}

/// W122: a part and its whole both carry a `measure` label, or both a
/// `metric.name`, and they differ (one diagnostic per differing field).
fn measure_mismatch(ctx: &mut Ctx<'_>) {
    for p in ctx.ix.key_results() {
        let Some(w) = ctx.ix.kr_part_of[p] else {
            continue;
        };
        let (part, whole) = (ctx.doc.key_result(p), ctx.doc.key_result(w));
        if part.redacted || whole.redacted || whole.source != Source::Parts {
            continue;
        }
        let (Some(pm), Some(wm)) = (part.metric.as_ref(), whole.metric.as_ref()) else {
            continue;
        };
        for (field, a, b) in [
            ("measure", pm.measure(), wm.measure()),
            ("metric name", pm.name(), wm.name()),
        ] {
            if let (Some(a), Some(b)) = (a, b) {
                if a != b {
                    let message = format!(
                        "{} is a part of {}, but its {} is \"{}\" and the whole's is \"{}\": \
                         the sum would add different quantities.",
                        cap(&ctx.key_result_name(p)),
                        ctx.key_result_name(w),
                        field,
                        a,
                        b
                    );
                    ctx.emit(Code::W122, &part.id, vec![whole.id.clone()], message);
                }
            }
        }
    }
}

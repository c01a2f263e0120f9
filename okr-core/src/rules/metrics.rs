//! Numbers and texts: E004 invalid-metric, E005 missing-contribution.

use super::{cap, num, Code, Ctx};
use crate::document::{LinkKind, Metric};

pub(super) fn run(ctx: &mut Ctx<'_>) {
    if ctx.on(Code::E004) {
        invalid_metric(ctx);
    }
    if ctx.on(Code::E005) {
        missing_contribution(ctx);
    }
}

/// The problems of a metric, in words (one entry per problem).
pub(super) fn metric_problems(metric: &Metric) -> Vec<String> {
    let mut out = Vec::new();
    let mut finite = |name: &str, v: f64| {
        if v.is_finite() {
            true
        } else {
            out.push(format!("its {name} is {}", num(v)));
            false
        }
    };
    match metric {
        Metric::Increase {
            start,
            target,
            current,
            ..
        }
        | Metric::Decrease {
            start,
            target,
            current,
            ..
        } => {
            let ok_start = finite("start value", *start);
            let ok_target = finite("target", *target);
            if let Some(c) = current {
                finite("current value", *c);
            }
            if ok_start && ok_target {
                match metric {
                    Metric::Increase { .. } if target <= start => out.push(format!(
                        "it is meant to increase, but its target {} is not above its start {}",
                        num(*target),
                        num(*start)
                    )),
                    Metric::Decrease { .. } if target >= start => out.push(format!(
                        "it is meant to decrease, but its target {} is not below its start {}",
                        num(*target),
                        num(*start)
                    )),
                    _ => {}
                }
            }
        }
        Metric::StayAbove {
            threshold, current, ..
        }
        | Metric::StayBelow {
            threshold, current, ..
        } => {
            finite("threshold", *threshold);
            if let Some(c) = current {
                finite("current value", *c);
            }
        }
        Metric::Milestone { .. } => {}
    }
    out
}

fn weight_problem(w: f64) -> Option<String> {
    if !w.is_finite() {
        Some(format!("its weight is {}", num(w)))
    } else if w <= 0.0 {
        Some(format!("its weight is {}; weights must be above 0", num(w)))
    } else {
        None
    }
}

fn confidence_problem(c: f64) -> Option<String> {
    if !c.is_finite() {
        Some(format!("its confidence is {}", num(c)))
    } else if !(0.0..=1.0).contains(&c) {
        Some(format!(
            "its confidence is {}; confidence goes from 0 to 1",
            num(c)
        ))
    } else {
        None
    }
}

/// A closing score set by judgement lies in [0, 1] (compared exactly: it
/// is a raw value, not a computed ratio).
fn score_problem(s: f64) -> Option<String> {
    if !s.is_finite() {
        Some(format!("its score is {}", num(s)))
    } else if !(0.0..=1.0).contains(&s) {
        Some(format!(
            "its closing score is {}; a score goes from 0 to 1",
            num(s)
        ))
    } else {
        None
    }
}

/// E004: one diagnostic per bad number.
fn invalid_metric(ctx: &mut Ctx<'_>) {
    let doc = ctx.doc;
    for (k, kr) in ctx.ix.key_results().zip(&doc.key_results) {
        if kr.redacted {
            continue;
        }
        let mut problems = kr.metric.as_ref().map(metric_problems).unwrap_or_default();
        problems.extend(kr.weight.and_then(weight_problem));
        problems.extend(kr.confidence.and_then(confidence_problem));
        problems.extend(kr.score.and_then(score_problem));
        if problems.is_empty() {
            continue;
        }
        let name = cap(&ctx.key_result_name(k));
        for p in problems {
            ctx.emit(Code::E004, &kr.id, Vec::new(), format!("{name}: {p}."));
        }
    }
    for m in &doc.mandates {
        for p in metric_problems(&m.metric) {
            let message = format!("Mandate {} \"{}\": {p}.", m.id, m.title);
            ctx.emit(Code::E004, &m.id, Vec::new(), message);
        }
    }
    for (o, obj) in ctx.ix.objectives().zip(&doc.objectives) {
        for link in &obj.links {
            let Some(p) = link.weight.and_then(weight_problem) else {
                continue;
            };
            let message = format!(
                "{}: the link to {} is invalid: {p}.",
                ctx.objective_name(o),
                link.to
            );
            ctx.emit(Code::E004, &obj.id, vec![link.to.clone()], message);
        }
    }
    for c in &doc.check_ins {
        let mut problems = Vec::new();
        if !c.value.is_finite() {
            problems.push(format!("its value is {}", num(c.value)));
        }
        problems.extend(c.confidence.and_then(confidence_problem));
        for p in problems {
            let message = format!(
                "The check-in of key result {} dated {} is invalid: {p}.",
                c.key_result, c.date
            );
            ctx.emit(Code::E004, &c.key_result, Vec::new(), message);
        }
    }
}

fn blank(text: Option<&String>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}

/// E005: a responding link or a contribution statement without text.
fn missing_contribution(ctx: &mut Ctx<'_>) {
    let doc = ctx.doc;
    for (o, obj) in ctx.ix.objectives().zip(&doc.objectives) {
        for link in &obj.links {
            if link.kind == LinkKind::Responding && blank(link.contribution.as_ref()) {
                let message = format!(
                    "{} responds to {} but does not say how it contributes.",
                    ctx.objective_name(o),
                    link.to
                );
                ctx.emit(Code::E005, &obj.id, vec![link.to.clone()], message);
            }
        }
    }
    for c in &doc.contributions {
        if blank(c.statement.as_ref()) {
            let message = format!(
                "Contribution {} of unit {} to {} has no statement of how it helps.",
                c.id, c.unit, c.to
            );
            ctx.emit(Code::E005, &c.id, vec![c.to.clone()], message);
        }
    }
}

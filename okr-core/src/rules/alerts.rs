//! The alerts (spec: "Figures over time"): a separate list from the
//! diagnostics, same item shape, severity `alert`, computed only at a
//! date (`as_of`). Every alert is about one objective or KR (its
//! subject), so they are computed item by item ([`item_alerts`]): the
//! full list runs every item, and the live model reruns only the items an
//! update can reach.
//!
//! What each alert reads, so the live model knows what to rerun:
//! A301-A303 read the KR's own figures and check-ins; A304 its status at
//! `as_of` and at `as_of - slip_days` (the [`Earlier`] rollup); A305 the
//! status, progress and name of what the item depends on.
//!
//! Closed and dropped items get no alert: [`quiet`] is the one place that
//! decides.

use super::{cap, Code, Ctx};
use crate::date::Date;
use crate::dependencies::node_unit;
use crate::document::{Metric, Source};
use crate::index::{Items, KrIx, Node};
use crate::numeric::{at_least, more_than};
use crate::rollup::{kr_due, Engine, Rollup, Status};

/// The rollup at `as_of - slip_days`, computed as the trend computes an
/// earlier point (`metric.current` does not count), for A304.
#[derive(Clone, Copy)]
pub(crate) struct Earlier<'a> {
    /// The earlier date.
    pub date: Date,
    /// Its figures.
    pub rollup: &'a Rollup,
}

/// The date A304 compares with: `as_of - slip_days`, when it is not before
/// the cycle's start (before the cycle there is no status to compare).
pub(crate) fn earlier_date(start: Date, as_of: Date, slip_days: i64) -> Option<Date> {
    let days = i32::try_from(slip_days).ok()?;
    let d = as_of.add_days(days.checked_neg()?);
    (d >= start && d < as_of).then_some(d)
}

/// Every alert of every objective and KR.
pub(crate) fn run(ctx: &mut Ctx<'_>, engine: &Engine<'_>, earlier: Option<Earlier<'_>>) {
    for o in ctx.ix.objectives() {
        item_alerts(ctx, engine, earlier, Node::Objective(o));
    }
    for k in ctx.ix.key_results() {
        item_alerts(ctx, engine, earlier, Node::KeyResult(k));
    }
}

/// The alerts whose subject is `n`, in code order.
pub(crate) fn item_alerts(
    ctx: &mut Ctx<'_>,
    engine: &Engine<'_>,
    earlier: Option<Earlier<'_>>,
    n: Node,
) {
    let Some(as_of) = ctx.rollup.as_of else {
        return;
    };
    if quiet(ctx, n, as_of) {
        return;
    }
    if let Node::KeyResult(k) = n {
        if ctx.on(Code::A301) {
            forecast_miss(ctx, k);
        }
        if ctx.on(Code::A302) {
            needs_acceleration(ctx, engine, k, as_of);
        }
        if ctx.on(Code::A303) {
            confidence_drop(ctx, k, as_of);
        }
    }
    if ctx.on(Code::A304) {
        if let Some(e) = earlier {
            slipping(ctx, n, as_of, e);
        }
    }
    if ctx.on(Code::A305) {
        blocked(ctx, n);
    }
}

/// Whether item `n` gets no alerts at `as_of`: it is dropped (by its own
/// date or, for a KR, its objective's), closed (its horizon is a `due` and
/// `as_of` is after it), or a stub of a view.
fn quiet(ctx: &Ctx<'_>, n: Node, as_of: Date) -> bool {
    let (due, redacted) = match n {
        Node::KeyResult(k) => (kr_due(ctx.doc, ctx.ix, k), ctx.doc.key_result(k).redacted),
        Node::Objective(o) => {
            let obj = ctx.doc.objective(o);
            (obj.due, obj.redacted)
        }
    };
    redacted || ctx.node_dropped(n) || due.is_some_and(|d| as_of > d)
}

/// The status of an objective or KR in a rollup.
fn status_in(r: &Rollup, n: Node) -> Option<Status> {
    match n {
        Node::Objective(o) => r.objective(o).status,
        Node::KeyResult(k) => r.kr(k).status,
    }
}

/// The progress of an objective or KR in a rollup.
fn progress_in(r: &Rollup, n: Node) -> Option<f64> {
    match n {
        Node::Objective(o) => r.objective(o).progress,
        Node::KeyResult(k) => r.kr(k).progress,
    }
}

/// "45%".
fn pct(p: f64) -> String {
    format!("{:.0}%", p * 100.0)
}

/// A rate in progress per day as a percentage with the digits it needs:
/// "12%", "0.9%", "0.04%".
fn pct_rate(v: f64) -> String {
    let p = v * 100.0;
    let a = p.abs();
    if a >= 10.0 {
        format!("{p:.0}%")
    } else if a >= 0.1 || a == 0.0 {
        format!("{p:.1}%")
    } else {
        format!("{p:.2}%")
    }
}

/// A KR's horizon: its `due`, else its objective's, else the cycle's end.
fn horizon(ctx: &Ctx<'_>, k: KrIx) -> Date {
    kr_due(ctx.doc, ctx.ix, k).unwrap_or(ctx.doc.cycle.end)
}

/// "1 day", "12 days".
fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// A301: an on-track or at-risk KR whose forecast is below the line.
fn forecast_miss(ctx: &mut Ctx<'_>, k: KrIx) {
    let f = *ctx.rollup.kr(k);
    let (Some(status), Some(forecast), Some(progress)) = (f.status, f.forecast, f.progress) else {
        return;
    };
    if !matches!(status, Status::OnTrack | Status::AtRisk) {
        return;
    }
    let line = ctx.policy.forecast_alert;
    if at_least(forecast, line) {
        return;
    }
    let whose = if ctx.doc.key_result(k).source == Source::Parts {
        "its parts' check-ins"
    } else {
        "its check-ins"
    };
    let message = format!(
        "{} is {} today (progress {}), but {whose} forecast {} by {}, below the {} alert line.",
        cap(&ctx.key_result_name(k)),
        status.words(),
        pct(progress),
        pct(forecast),
        horizon(ctx, k),
        pct(line),
    );
    let id = ctx.node_id(Node::KeyResult(k)).to_string();
    ctx.emit(Code::A301, &id, Vec::new(), message);
}

/// A302: a not-done increase/decrease KR with a forecast must gain its
/// remaining progress faster than `acceleration` times the rate its
/// check-ins show, or that rate is zero or negative, or no day is left.
/// The rate is the least-squares slope of the forecast (the same points:
/// one per check-in date on or before `as_of`) over target - start, so
/// only KRs measured by their own check-ins (`source: metric`) have one.
fn needs_acceleration(ctx: &mut Ctx<'_>, engine: &Engine<'_>, k: KrIx, as_of: Date) {
    let kr = ctx.doc.key_result(k);
    let f = *ctx.rollup.kr(k);
    let (Some(progress), Some(_)) = (f.progress, f.forecast) else {
        return;
    };
    let Some(Metric::Increase { start, target, .. } | Metric::Decrease { start, target, .. }) =
        kr.metric.as_ref()
    else {
        return;
    };
    if kr.source != Source::Metric || at_least(progress, 1.0) {
        return;
    }
    let Some(line) = engine.line(k, Some(as_of)) else {
        return;
    };
    let rate = line.slope / (target - start);
    if !rate.is_finite() {
        return;
    }
    let due = horizon(ctx, k);
    let left = due.days_since(as_of);
    let remaining = 1.0 - progress;
    let name = cap(&ctx.key_result_name(k));
    let message = if left <= 0 {
        format!(
            "{name} has no day left: {} of the way is still to go and its horizon is {due} \
             (as of {as_of}).",
            pct(remaining)
        )
    } else {
        let needed = remaining / left as f64;
        let to_go = format!("{} to go in {} to {due}", pct(remaining), days(left));
        if !more_than(rate, 0.0) {
            format!(
                "{name} is not moving toward its target: its check-ins show {} a day, and it \
                 needs {} a day ({to_go}).",
                pct_rate(rate),
                pct_rate(needed)
            )
        } else {
            let ratio = needed / rate;
            if !more_than(ratio, ctx.policy.acceleration) {
                return;
            }
            // One decimal, or two when one would not show it above the
            // threshold (1.52x, not 1.5x).
            let mut times = format!("{ratio:.1}");
            if times
                .parse::<f64>()
                .is_ok_and(|t| t <= ctx.policy.acceleration)
            {
                times = format!("{ratio:.2}");
            }
            format!(
                "{name} needs {times}x its pace so far: {} a day against {} ({to_go}).",
                pct_rate(needed),
                pct_rate(rate)
            )
        }
    };
    let id = ctx.node_id(Node::KeyResult(k)).to_string();
    ctx.emit(Code::A302, &id, Vec::new(), message);
}

/// A303: the latest check-in on or before `as_of` (one per date, the
/// later in the document winning) has a confidence below the floor, or
/// lower by at least `confidence_drop` than the check-in of the previous
/// date (that date's winning check-in; both confidences present).
fn confidence_drop(ctx: &mut Ctx<'_>, k: KrIx, as_of: Date) {
    let doc = ctx.doc;
    let cis = ctx.ix.check_ins_of(doc, k);
    // Check-ins come in (date, document position) order: the last one of
    // a date wins it.
    let mut dated = cis
        .iter()
        .rev()
        .map(|&i| doc.check_in(i))
        .filter(|c| c.date <= as_of);
    let Some(latest) = dated.next() else {
        return;
    };
    let Some(now) = latest.confidence else {
        return;
    };
    let previous = dated.find(|c| c.date < latest.date);
    let (floor, drop) = (ctx.policy.confidence_floor, ctx.policy.confidence_drop);
    let low = !at_least(now, floor);
    let fell = previous.and_then(|p| p.confidence.map(|c| (p.date, c)));
    let fell = fell.filter(|&(_, before)| at_least(before - now, drop));
    let name = ctx.key_result_name(k);
    let message = match (fell, low) {
        (Some((date, before)), low) => {
            let floor_text = if low {
                format!(", below the {} floor", pct(floor))
            } else {
                String::new()
            };
            format!(
                "Confidence in {name} fell from {} on {date} to {} on {}{floor_text} (a drop of \
                 {:.0} points).",
                pct(before),
                pct(now),
                latest.date,
                (before - now) * 100.0
            )
        }
        (None, true) => format!(
            "Confidence in {name} is {} at its check-in of {}, below the {} floor.",
            pct(now),
            latest.date,
            pct(floor)
        ),
        (None, false) => return,
    };
    let id = ctx.node_id(Node::KeyResult(k)).to_string();
    ctx.emit(Code::A303, &id, Vec::new(), message);
}

/// A304: the status at `as_of` is worse than at the earlier date (both as
/// in the trend; a null status compares with nothing).
fn slipping(ctx: &mut Ctx<'_>, n: Node, as_of: Date, earlier: Earlier<'_>) {
    let (Some(now), Some(then)) = (status_in(ctx.rollup, n), status_in(earlier.rollup, n)) else {
        return;
    };
    // Null and dropped compare with nothing.
    if now.is_dropped() || then.is_dropped() || now.severity() <= then.severity() {
        return;
    }
    let progress = match (progress_in(earlier.rollup, n), progress_in(ctx.rollup, n)) {
        (Some(a), Some(b)) => format!(" (progress {} then, {} now)", pct(a), pct(b)),
        _ => String::new(),
    };
    let message = format!(
        "{} slipped from {} on {} to {} on {as_of}{progress}.",
        cap(&ctx.node_name(n)),
        then.words(),
        earlier.date,
        now.words(),
    );
    let id = ctx.node_id(n).to_string();
    ctx.emit(Code::A304, &id, Vec::new(), message);
}

/// `key result KR9 "title" of team platform "Platform" (progress 20%)`.
pub(crate) fn blocker_name(ctx: &Ctx<'_>, n: Node) -> String {
    let mut s = ctx.node_name(n);
    if let Some(u) = node_unit(ctx.ix, n) {
        s.push_str(&format!(" of {}", ctx.unit_name(u)));
    }
    if let Some(p) = progress_in(ctx.rollup, n) {
        s.push_str(&format!(" (progress {:.0}%)", p * 100.0));
    }
    s
}

/// What item `n` declares it depends on.
pub(crate) fn depends_of<'a>(ctx: &Ctx<'a>, n: Node) -> &'a [Node] {
    match n {
        Node::Objective(o) => ctx.ix.obj_depends.get(o),
        Node::KeyResult(k) => ctx.ix.kr_depends.get(k),
    }
}

/// A305: an item that depends on something off track: one alert per
/// item, `related` every off-track item it depends on.
fn blocked(ctx: &mut Ctx<'_>, item: Node) {
    let mut off: Vec<Node> = depends_of(ctx, item)
        .iter()
        .copied()
        .filter(|&d| status_in(ctx.rollup, d) == Some(Status::OffTrack))
        .collect();
    if off.is_empty() {
        return;
    }
    off.sort_unstable();
    off.dedup();
    let date = ctx
        .rollup
        .as_of
        .map(|d| format!(" on {d}"))
        .unwrap_or_default();
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

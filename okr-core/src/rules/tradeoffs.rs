//! Trade-offs (spec: "Change"): W119 no-trade-off. When a new KR shows up
//! mid-quarter, something else has to come off the board.

use super::{cap, count, Code, Ctx};
use crate::date::Date;
use crate::idx::IxVec;
use crate::index::{Items, KrIx, UnitIx};
use crate::rollup::kr_dropped;

pub(super) fn run(ctx: &mut Ctx<'_>) {
    if ctx.on(Code::W119) {
        no_trade_off(ctx);
    }
}

/// W119: for each unit, its mid-cycle additions (KRs whose `created`,
/// else their objective's, is more than `settle_days` after the cycle's
/// start) in order of that date, then id; with D the unit's objectives
/// with a `dropped` date plus its KRs dropped by their own date or their
/// objective's (whatever `as_of` says), every addition after the first D
/// gets W119. An addition that is later dropped still counts. Redacted
/// stubs are not additions (a view does not hold their dates).
fn no_trade_off(ctx: &mut Ctx<'_>) {
    let (doc, ix) = (ctx.doc, ctx.ix);
    let days = ctx.policy.settle_days;
    let settled = doc
        .cycle
        .start
        .add_days(i32::try_from(days).unwrap_or(i32::MAX));
    let mut additions: IxVec<UnitIx, Vec<(Date, &str, KrIx)>> =
        IxVec::filled(ix.units(), Vec::new());
    let mut drops: IxVec<UnitIx, usize> = IxVec::filled(ix.units(), 0);
    for o in ix.objectives() {
        if let (Some(u), Some(_)) = (ix.obj_unit[o], doc.objective(o).dropped) {
            drops[u] += 1;
        }
    }
    for k in ix.key_results() {
        let Some(o) = ix.kr_objective[k] else {
            continue;
        };
        let Some(u) = ix.obj_unit[o] else {
            continue;
        };
        if kr_dropped(doc, ix, k).is_some() {
            drops[u] += 1;
        }
        let kr = doc.key_result(k);
        if kr.redacted {
            continue;
        }
        let Some(added) = kr.created.or(doc.objective(o).created) else {
            continue;
        };
        if added.days_since(doc.cycle.start) > days {
            additions[u].push((added, kr.id.as_str(), k));
        }
    }
    for (u, list) in additions.iter_enumerated() {
        let d = drops[u];
        if list.len() <= d {
            continue;
        }
        let mut list = list.clone();
        list.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let unit = ctx.unit_name(u);
        let summary = format!(
            "{unit} added {} after {settled} and dropped {}",
            count(list.len(), "key result", "key results"),
            if d == 0 {
                "none".to_string()
            } else {
                d.to_string()
            }
        );
        for &(added, id, k) in list.iter().skip(d) {
            let message = format!(
                "{} was added on {added}, more than {days} days into the cycle, and nothing \
                 came off the board for it: {summary}.",
                cap(&ctx.key_result_name(k)),
            );
            ctx.emit(Code::W119, id, Vec::new(), message);
        }
    }
}

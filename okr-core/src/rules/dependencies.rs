//! Dependencies and conflicts: W128 dependency-cycle, W129
//! conflicting-key-results, W130 unstaffed-dependency.

use hashbrown::HashMap;
use petgraph::graph::{DiGraph, NodeIndex};

use super::{cap, num, Code, Ctx};
use crate::dependencies::{declared, kr_unit};
use crate::document::Metric;
use crate::index::{ItemRef, Items, KrIx, Node, UnitIx};

pub(super) fn run(ctx: &mut Ctx<'_>) {
    if ctx.on(Code::W128) {
        dependency_cycle(ctx);
    }
    if ctx.on(Code::W129) {
        conflicting_key_results(ctx);
    }
    if ctx.on(Code::W130) {
        unstaffed_dependency(ctx);
    }
}

/// `objective O2 "title" (team pay "Payments")`.
fn item_of_unit(ctx: &Ctx<'_>, n: Node, u: UnitIx) -> String {
    format!("{} ({})", ctx.node_name(n), ctx.unit_name(u))
}

/// W128: units that need each other in a loop of declared dependencies:
/// one diagnostic per strongly connected component of the unit graph
/// made of declared edges.
fn dependency_cycle(ctx: &mut Ctx<'_>) {
    let ix = ctx.ix;
    let edges = declared(ix);
    if edges.is_empty() {
        return;
    }
    let n_units = ix.units().len();
    let mut g: DiGraph<UnitIx, ()> = DiGraph::with_capacity(n_units, edges.len());
    for u in ix.units() {
        g.add_node(u);
    }
    for &(_, u, _, v) in &edges {
        g.update_edge(NodeIndex::new(u.index()), NodeIndex::new(v.index()), ());
    }
    let mut comp_of = vec![usize::MAX; n_units];
    let sccs: Vec<Vec<UnitIx>> = petgraph::algo::kosaraju_scc(&g)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|c| c.into_iter().map(|n| g[n]).collect())
        .collect();
    for (c_ix, comp) in sccs.iter().enumerate() {
        for &u in comp {
            if let Some(slot) = comp_of.get_mut(u.index()) {
                *slot = c_ix;
            }
        }
    }
    let mut evidence: Vec<Vec<String>> = vec![Vec::new(); sccs.len()];
    for &(item, u, dep, v) in &edges {
        let (cu, cv) = (comp_of.get(u.index()), comp_of.get(v.index()));
        if let (Some(&cu), Some(&cv)) = (cu, cv) {
            if cu == cv {
                if let Some(ev) = evidence.get_mut(cu) {
                    ev.push(format!(
                        "{} depends on {}",
                        item_of_unit(ctx, item, u),
                        item_of_unit(ctx, dep, v)
                    ));
                }
            }
        }
    }
    for (comp, mut ev) in sccs.into_iter().zip(evidence) {
        let mut ids: Vec<(&str, UnitIx)> = comp
            .iter()
            .map(|&u| (ctx.id(ItemRef::Unit(u)), u))
            .collect();
        ids.sort_unstable();
        let Some(&(subject, _)) = ids.first() else {
            continue;
        };
        ev.sort();
        let names: Vec<String> = ids.iter().map(|&(_, u)| ctx.unit_name(u)).collect();
        let message = format!(
            "{} need each other in a loop of declared dependencies, so none can finish first: {}.",
            cap(&join_and(&names)),
            ev.join("; ")
        );
        let related = ids
            .iter()
            .skip(1)
            .map(|(id, _)| (*id).to_string())
            .collect();
        ctx.emit(Code::W128, subject, related, message);
    }
}

/// "a", "a and b", "a, b and c".
fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// What a metric says about its quantity, for W129's messages.
fn aim(m: &Metric) -> String {
    match m {
        Metric::Increase { start, target, .. } => {
            format!("raises it from {} to {}", num(*start), num(*target))
        }
        Metric::Decrease { start, target, .. } => {
            format!("lowers it from {} to {}", num(*start), num(*target))
        }
        Metric::StayAbove { threshold, .. } => format!("keeps it at or above {}", num(*threshold)),
        Metric::StayBelow { threshold, .. } => format!("keeps it at or below {}", num(*threshold)),
        Metric::Milestone { .. } => "treats it as a milestone".to_string(),
    }
}

/// Why two metrics of the same quantity conflict, if they do.
fn conflict(a: &Metric, b: &Metric) -> Option<&'static str> {
    use Metric::*;
    match (a, b) {
        (Increase { .. }, Decrease { .. }) | (Decrease { .. }, Increase { .. }) => {
            Some("they pull it in opposite directions")
        }
        (StayAbove { threshold: lo, .. }, StayBelow { threshold: hi, .. })
        | (StayBelow { threshold: hi, .. }, StayAbove { threshold: lo, .. })
            if lo > hi =>
        {
            Some("no value can satisfy both: the floor lies above the ceiling")
        }
        (Increase { target: x, .. }, Increase { target: y, .. })
        | (Decrease { target: x, .. }, Decrease { target: y, .. })
            if x != y =>
        {
            Some("they aim at different targets for the same quantity")
        }
        _ => None,
    }
}

/// One KR of a `metric.name` group: the KR, its unit, its metric.
type Named<'a> = (KrIx, UnitIx, &'a Metric);

/// Whether two KRs of one name conflict, and why: never two of one unit,
/// nor two parts of one sum (they measure the same quantity by design, as
/// W122 asks; their different targets are shares, not a conflict).
fn pair<'a>(
    ix: &crate::index::Index,
    roots: &mut SumRoots,
    a: Named<'a>,
    b: Named<'a>,
) -> Option<(Named<'a>, Named<'a>, &'static str)> {
    if a.1 == b.1 || roots.of(ix, a.0) == roots.of(ix, b.0) {
        return None;
    }
    conflict(a.2, b.2).map(|why| (a, b, why))
}

/// W129: two KRs of different units measuring the same `metric.name`
/// that pull against each other. KRs are grouped by name in a hash map,
/// and within a group only pairs that can conflict are visited: every
/// increase with every decrease, increases (and decreases) across
/// different targets after sorting by target, and each floor with the
/// ceilings below it after sorting the ceilings. The work is the number of
/// conflicts (the answer), not the square of the group: a thousand teams
/// keeping `uptime` above one threshold compare nothing.
fn conflicting_key_results(ctx: &mut Ctx<'_>) {
    let (doc, ix) = (ctx.doc, ctx.ix);
    let mut groups: HashMap<&str, Vec<Named<'_>>> = HashMap::new();
    for k in ix.key_results() {
        let kr = doc.key_result(k);
        let Some(m) = kr.metric.as_ref() else {
            continue;
        };
        let (Some(name), Some(u)) = (m.name(), kr_unit(ix, k)) else {
            continue;
        };
        groups.entry(name).or_default().push((k, u, m));
    }
    let mut roots = SumRoots::default();
    let mut found = Vec::new();
    for (name, group) in &groups {
        let (mut up, mut down, mut floors, mut ceilings) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for &n in group {
            match n.2 {
                Metric::Increase { target, .. } => up.push((n, *target)),
                Metric::Decrease { target, .. } => down.push((n, *target)),
                Metric::StayAbove { threshold, .. } => floors.push((n, *threshold)),
                Metric::StayBelow { threshold, .. } => ceilings.push((n, *threshold)),
                Metric::Milestone { .. } => {}
            }
        }
        for &(a, _) in &up {
            for &(b, _) in &down {
                found.extend(pair(ix, &mut roots, a, b).map(|(a, b, why)| (*name, a, b, why)));
            }
        }
        for same in [&mut up, &mut down] {
            same.sort_by(|x, y| x.1.total_cmp(&y.1));
            let mut run_end = 0;
            for i in 0..same.len() {
                let Some(&(a, ta)) = same.get(i) else { break };
                if run_end <= i {
                    run_end = i + same.iter().skip(i).take_while(|x| x.1 == ta).count();
                }
                for &(b, _) in same.iter().skip(run_end) {
                    found.extend(pair(ix, &mut roots, a, b).map(|(a, b, why)| (*name, a, b, why)));
                }
            }
        }
        ceilings.sort_by(|x, y| x.1.total_cmp(&y.1));
        for &(a, lo) in &floors {
            for &(b, _) in ceilings.iter().take_while(|c| lo > c.1) {
                found.extend(pair(ix, &mut roots, a, b).map(|(a, b, why)| (*name, a, b, why)));
            }
        }
    }
    for (name, (a, ua, ma), (b, ub, mb), why) in found {
        let (ida, idb) = (ctx.id(ItemRef::KeyResult(a)), ctx.id(ItemRef::KeyResult(b)));
        let ((s, us, ms), (r, ur, mr)) = if ida <= idb {
            ((a, ua, ma), (b, ub, mb))
        } else {
            ((b, ub, mb), (a, ua, ma))
        };
        let message = format!(
            "{} of {} and {} of {} both measure `{name}`, and {why}: {} {} while {} {}.",
            cap(&ctx.key_result_name(s)),
            ctx.unit_name(us),
            ctx.key_result_name(r),
            ctx.unit_name(ur),
            ctx.id(ItemRef::KeyResult(s)),
            aim(ms),
            ctx.id(ItemRef::KeyResult(r)),
            aim(mr),
        );
        let subject = ctx.id(ItemRef::KeyResult(s));
        let related = vec![ctx.id(ItemRef::KeyResult(r)).to_string()];
        ctx.emit(Code::W129, subject, related, message);
    }
}

/// The top whole of each KR's chain of `part_of` (the KR itself when it is
/// no part), memoised; a `part_of` loop (E003) stops at the KR where the
/// walk would repeat.
#[derive(Default)]
struct SumRoots {
    memo: HashMap<KrIx, KrIx>,
}

impl SumRoots {
    fn of(&mut self, ix: &crate::index::Index, k: KrIx) -> KrIx {
        if let Some(&r) = self.memo.get(&k) {
            return r;
        }
        let mut path = vec![k];
        let mut on_path = std::collections::HashSet::from([k]);
        let mut top = k;
        let root = loop {
            match ix.kr_part_of[top] {
                Some(w) if !on_path.contains(&w) => {
                    if let Some(&r) = self.memo.get(&w) {
                        break r;
                    }
                    path.push(w);
                    on_path.insert(w);
                    top = w;
                }
                _ => break top,
            }
        };
        for p in path {
            self.memo.insert(p, root);
        }
        root
    }
}

/// W130: an item depends on a KR that no initiative or sprint goal names
/// and no objective links to directly.
fn unstaffed_dependency(ctx: &mut Ctx<'_>) {
    let ix = ctx.ix;
    let mut staffed = crate::idx::IxVec::filled(ix.key_results(), false);
    for i in ix.initiatives() {
        for &k in ix.initiative_krs.get(i) {
            staffed[k] = true;
        }
    }
    for s in ix.sprint_goals() {
        for &k in ix.sprint_krs.get(s) {
            staffed[k] = true;
        }
    }
    let items = ix
        .objectives()
        .map(|o| (Node::Objective(o), ix.obj_depends.get(o)))
        .chain(
            ix.key_results()
                .map(|k| (Node::KeyResult(k), ix.kr_depends.get(k))),
        );
    let mut hits = Vec::new();
    for (item, deps) in items {
        let mut seen: Vec<KrIx> = Vec::new();
        for &d in deps {
            let Node::KeyResult(k) = d else { continue };
            if staffed[k] || !ix.kr_direct_links.get(k).is_empty() || seen.contains(&k) {
                continue;
            }
            seen.push(k);
            hits.push((item, k));
        }
    }
    for (item, k) in hits {
        let owner = match kr_unit(ix, k) {
            Some(u) => format!(" of {}", ctx.unit_name(u)),
            None => String::new(),
        };
        let message = format!(
            "{} depends on {}{owner}, but no initiative or sprint goal names that key result \
             and no objective links to it directly: nobody is staffed to deliver it.",
            cap(&ctx.node_name(item)),
            ctx.key_result_name(k),
        );
        let subject = ctx.node_id(item).to_string();
        let related = vec![ctx.id(ItemRef::KeyResult(k)).to_string()];
        ctx.emit(Code::W130, &subject, related, message);
    }
}

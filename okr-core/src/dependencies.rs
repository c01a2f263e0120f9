//! The dependency graph between units (spec: "Dependencies and
//! conflicts"): who needs whom, and the items that say so.
//!
//! A unit U needs unit V (V != U) when
//! - *declared*: an item of U `depends_on` an item of V;
//! - *works-for*: an initiative or sprint goal of V names a KR of U;
//! - *shares-work*: an initiative or sprint goal names KRs of both U and V;
//! - *co-owns*: objectives of both U and V link directly to the same KR.
//!
//! Built from the index's adjacency arrays in one pass over each kind of
//! reference: the work is linear in the number of references plus the
//! size of the answer (a work item naming KRs of n units says n(n-1)
//! shares-work pairs, which are all in the answer); no pair of items is
//! ever compared.
//!
//! One exception keeps the answer linear: a KR whose direct links come
//! from more units than the policy's `max_co_owners` is a *shared* KR.
//! Its n co-owners are listed once, in [`Dependencies::shared`] and in
//! each unit's `shares`, instead of as n(n-1) co-owns edges (a company KR
//! that a thousand teams derive from directly would otherwise say a
//! million edges, none of which a reader could act on).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::index::{id_of, Index, ItemRef, Items as _, KrIx, Node, UnitIx};

/// Why one unit needs another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub enum EdgeKind {
    /// An item of `from` `depends_on` an item of `to`.
    #[serde(rename = "declared")]
    Declared,
    /// An initiative or sprint goal of `to` names a KR of `from`.
    #[serde(rename = "works-for")]
    WorksFor,
    /// An initiative or sprint goal names KRs of both units.
    #[serde(rename = "shares-work")]
    SharesWork,
    /// Objectives of both units link directly to the same KR.
    #[serde(rename = "co-owns")]
    CoOwns,
}

impl EdgeKind {
    /// The kind as written in output (`"works-for"`).
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Declared => "declared",
            EdgeKind::WorksFor => "works-for",
            EdgeKind::SharesWork => "shares-work",
            EdgeKind::CoOwns => "co-owns",
        }
    }
}

/// One edge of the unit graph: `from` needs `to`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Edge {
    /// The unit that needs.
    pub from: String,
    /// The unit it needs.
    pub to: String,
    /// Why.
    pub kind: EdgeKind,
    /// The items that say so, sorted: the depending items (declared), the
    /// initiatives and sprint goals (works-for, shares-work), or the shared
    /// KRs (co-owns).
    pub via: Vec<String>,
}

/// One unit's neighbours in the graph.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct UnitDependencies {
    /// The units it needs, sorted.
    pub needs: Vec<String>,
    /// The units that need it, sorted.
    pub needed_by: Vec<String>,
    /// The shared KRs (see [`Dependencies::shared`]) it co-owns, sorted.
    #[serde(default)]
    pub shares: Vec<String>,
}

/// A KR whose direct links come from more units than the policy's
/// `max_co_owners`: its co-owners, listed once instead of pairwise.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct SharedKeyResult {
    /// The KR's id.
    pub key_result: String,
    /// The units whose objectives link to it directly, sorted.
    pub units: Vec<String>,
}

/// The dependency graph between units: `{"edges": [...], "units": {...}}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Dependencies {
    /// One edge per (from, to, kind), sorted by from, to, then kind in the
    /// order declared, works-for, shares-work, co-owns.
    pub edges: Vec<Edge>,
    /// Every unit, by id.
    #[cfg_attr(feature = "tsify", tsify(type = "Record<string, UnitDependencies>"))]
    pub units: BTreeMap<String, UnitDependencies>,
    /// The shared KRs (more co-owning units than `max_co_owners`) with
    /// their co-owners, sorted by KR id; their co-ownership is not in
    /// `edges`.
    #[serde(default)]
    pub shared: Vec<SharedKeyResult>,
}

impl Dependencies {
    /// The edges touching a unit (either end), in order.
    pub fn edges_of<'a>(&'a self, unit: &'a str) -> impl Iterator<Item = &'a Edge> + 'a {
        self.edges
            .iter()
            .filter(move |e| e.from == unit || e.to == unit)
    }

    /// The part of the graph that touches `unit`: the edges with it at
    /// either end, the units on those edges (with their full neighbour
    /// lists) and the unit itself, and the shared KRs it co-owns. Empty
    /// when no unit has that id.
    pub fn touching(&self, unit: &str) -> Dependencies {
        let Some(own) = self.units.get(unit) else {
            return Dependencies::default();
        };
        let edges: Vec<Edge> = self.edges_of(unit).cloned().collect();
        let mut units = BTreeMap::new();
        units.insert(unit.to_string(), own.clone());
        for e in &edges {
            for id in [&e.from, &e.to] {
                if let Some(d) = self.units.get(id) {
                    units.entry(id.clone()).or_insert_with(|| d.clone());
                }
            }
        }
        let shared = self
            .shared
            .iter()
            .filter(|s| own.shares.binary_search(&s.key_result).is_ok())
            .cloned()
            .collect();
        Dependencies {
            edges,
            units,
            shared,
        }
    }
}

/// The unit owning a graph node: an objective's unit, a KR's objective's.
pub(crate) fn node_unit(ix: &Index, n: Node) -> Option<UnitIx> {
    match n {
        Node::Objective(o) => ix.obj_unit[o],
        Node::KeyResult(k) => kr_unit(ix, k),
    }
}

/// The unit owning a KR (through its objective).
pub(crate) fn kr_unit(ix: &Index, k: KrIx) -> Option<UnitIx> {
    ix.kr_objective[k].and_then(|o| ix.obj_unit[o])
}

/// Every declared dependency between different units: (depending item,
/// its unit, the item depended on, its unit).
pub(crate) fn declared(ix: &Index) -> Vec<(Node, UnitIx, Node, UnitIx)> {
    let mut out = Vec::new();
    let items = ix
        .objectives()
        .map(|o| (Node::Objective(o), ix.obj_depends.get(o)))
        .chain(
            ix.key_results()
                .map(|k| (Node::KeyResult(k), ix.kr_depends.get(k))),
        );
    for (item, deps) in items {
        if deps.is_empty() {
            continue;
        }
        let Some(u) = node_unit(ix, item) else {
            continue;
        };
        for &d in deps {
            if let Some(v) = node_unit(ix, d).filter(|&v| v != u) {
                out.push((item, u, d, v));
            }
        }
    }
    out
}

/// One reason for an edge: (rank of `from`, rank of `to`, kind, item),
/// ranks being positions in the units sorted by id, so sorting these
/// integers sorts the edges as the output wants, without comparing ids.
type Reason = (u32, u32, EdgeKind, ItemRef);

/// Adds every ordered pair of distinct units in `units` (deduplicated in
/// place) as a reason of `kind` via `item`.
fn all_pairs(out: &mut Vec<Reason>, units: &mut Vec<u32>, kind: EdgeKind, item: ItemRef) {
    units.sort_unstable();
    units.dedup();
    for &u in units.iter() {
        for &v in units.iter() {
            if u != v {
                out.push((u, v, kind, item));
            }
        }
    }
}

/// The dependency graph of a document; `max_co_owners` is the policy's
/// bound on co-owns pairs per KR (see the module's doc).
pub(crate) fn dependencies(doc: &Document, ix: &Index, max_co_owners: usize) -> Dependencies {
    // Each unit's rank in id order.
    let mut by_id: Vec<UnitIx> = ix.units().collect();
    by_id.sort_unstable_by(|&a, &b| doc.unit(a).id.cmp(&doc.unit(b).id));
    let mut rank = crate::idx::IxVec::filled(ix.units(), 0u32);
    for (r, &u) in (0u32..).zip(&by_id) {
        rank[u] = r;
    }
    let mut reasons: Vec<Reason> = Vec::new();
    for (item, u, _, v) in declared(ix) {
        reasons.push((rank[u], rank[v], EdgeKind::Declared, item.into()));
    }
    // Work items: works-for and shares-work.
    let work = ix
        .initiatives()
        .map(|i| {
            (
                ItemRef::Initiative(i),
                ix.initiative_unit[i],
                ix.initiative_krs.get(i),
            )
        })
        .chain(ix.sprint_goals().map(|s| {
            (
                ItemRef::SprintGoal(s),
                ix.sprint_unit[s],
                ix.sprint_krs.get(s),
            )
        }));
    let mut units: Vec<u32> = Vec::new();
    for (item, owner, krs) in work {
        units.clear();
        units.extend(krs.iter().filter_map(|&k| kr_unit(ix, k)).map(|u| rank[u]));
        if let Some(v) = owner.map(|v| rank[v]) {
            for &u in &units {
                if u != v {
                    reasons.push((u, v, EdgeKind::WorksFor, item));
                }
            }
        }
        all_pairs(&mut reasons, &mut units, EdgeKind::SharesWork, item);
    }
    // Co-owned KRs: the units of the objectives linking directly to each;
    // beyond `max_co_owners` units the KR is shared, listed once.
    let mut shared_groups: Vec<(KrIx, Vec<u32>)> = Vec::new();
    for k in ix.key_results() {
        let links = ix.kr_direct_links.get(k);
        if links.len() < 2 {
            continue;
        }
        units.clear();
        units.extend(
            links
                .iter()
                .filter_map(|&l| ix.obj_unit[ix.link_owner[l]])
                .map(|u| rank[u]),
        );
        units.sort_unstable();
        units.dedup();
        if units.len() > max_co_owners {
            shared_groups.push((k, units.clone()));
            continue;
        }
        all_pairs(
            &mut reasons,
            &mut units,
            EdgeKind::CoOwns,
            ItemRef::KeyResult(k),
        );
    }
    reasons.sort_unstable_by_key(|&(u, v, kind, _)| (u, v, kind));

    let unit_at = |r: u32| -> &str {
        by_id
            .get(r as usize)
            .map_or("", |&u| doc.unit(u).id.as_str())
    };
    // Reasons are sorted by (from, to, kind), so each unit's needs arrive
    // in order and each unit's needed_by in order of `from`: both lists
    // are built by rank and deduplicated against their last entry, with
    // no lookup by id.
    let n = by_id.len();
    let mut needs: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut needed_by: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut edges: Vec<Edge> = Vec::new();
    let mut via: Vec<&str> = Vec::new();
    for group in reasons.chunk_by(|a, b| (a.0, a.1, a.2) == (b.0, b.1, b.2)) {
        let Some(&(u, v, kind, _)) = group.first() else {
            continue;
        };
        via.clear();
        via.extend(group.iter().map(|&(_, _, _, it)| id_of(doc, it)));
        via.sort_unstable();
        via.dedup();
        edges.push(Edge {
            from: unit_at(u).to_string(),
            to: unit_at(v).to_string(),
            kind,
            via: via.iter().map(|s| (*s).to_string()).collect(),
        });
        for (list, other) in [
            (needs.get_mut(u as usize), v),
            (needed_by.get_mut(v as usize), u),
        ] {
            if let Some(list) = list {
                if list.last() != Some(&other) {
                    list.push(other);
                }
            }
        }
    }

    // Shared KRs by id; each co-owner lists them in id order.
    shared_groups.sort_unstable_by(|a, b| doc.key_result(a.0).id.cmp(&doc.key_result(b.0).id));
    let mut shares: Vec<Vec<String>> = vec![Vec::new(); n];
    let shared: Vec<SharedKeyResult> = shared_groups
        .into_iter()
        .map(|(k, ranks)| {
            let id = doc.key_result(k).id.clone();
            for &r in &ranks {
                if let Some(s) = shares.get_mut(r as usize) {
                    s.push(id.clone());
                }
            }
            SharedKeyResult {
                key_result: id,
                units: ranks.iter().map(|&r| unit_at(r).to_string()).collect(),
            }
        })
        .collect();

    let names = |ranks: Vec<u32>| -> Vec<String> {
        ranks.into_iter().map(|r| unit_at(r).to_string()).collect()
    };
    let units: BTreeMap<String, UnitDependencies> = by_id
        .iter()
        .zip(needs.into_iter().zip(needed_by).zip(shares))
        .map(|(&u, ((needs, needed_by), shares))| {
            let deps = UnitDependencies {
                needs: names(needs),
                needed_by: names(needed_by),
                shares,
            };
            (doc.unit(u).id.clone(), deps)
        })
        .collect();
    Dependencies {
        edges,
        units,
        shared,
    }
}

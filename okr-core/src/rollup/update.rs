//! The incremental update: after one KR's data changed, recompute only
//! what it can reach, in topological order, and say what changed.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::engine::Engine;
use super::figures::{Changed, Rollup};
use super::plan::{BlockIx, PartBlockIx};
use crate::idx::Idx;
use crate::index::{KrIx, Node, ObjIx, ThemeIx, UnitIx};

/// Takes the dirty blocks of KR `k` out of `dirty`, in the order they were
/// marked.
fn take_dirty<B: Copy>(dirty: &mut Vec<(KrIx, B)>, k: KrIx) -> Vec<B> {
    let blocks = dirty.iter().filter(|d| d.0 == k).map(|d| d.1).collect();
    dirty.retain(|d| d.0 != k);
    blocks
}

impl Engine<'_> {
    /// Recomputes what a change to KR `start` can reach, in topological
    /// order. `r` must have been computed from this cascade (every figure
    /// is then equal to a full recompute's).
    pub(crate) fn update(&self, r: &mut Rollup, start: KrIx) -> Changed {
        self.update_from(r, &[Node::KeyResult(start)])
    }

    /// Recomputes what a change to the nodes `starts` can reach (each
    /// start KR from its own data, each start objective from its KRs), in
    /// topological order. `r` must have been computed from this cascade.
    pub(crate) fn update_from(&self, r: &mut Rollup, starts: &[Node]) -> Changed {
        let (ix, plan) = (self.ix, self.plan);
        // The start KRs are recomputed from their own data, whatever their
        // blocks say (sorted, for a binary search; usually one KR).
        let mut forced: Vec<KrIx> = starts
            .iter()
            .filter_map(|&n| match n {
                Node::KeyResult(k) => Some(k),
                Node::Objective(_) => None,
            })
            .collect();
        forced.sort_unstable();
        // Sized for a typical update (a KR, its objective, the derived KRs
        // and objectives above: a handful of nodes), so they do not grow
        // step by step; a larger update grows them as needed.
        let cap = 16.max(2 * starts.len());
        let mut heap: BinaryHeap<Reverse<(u32, Node)>> = BinaryHeap::with_capacity(cap);
        // Without cycles every node queued while a node is processed ranks
        // after it, so the heap yields a node queued twice twice in a row:
        // skipping a repeat of the last node popped is enough, and no set
        // is kept. With cycles a node may be queued again after it ran:
        // the set keeps each to one run.
        let mut queued: hashbrown::HashSet<Node> = hashbrown::HashSet::new();
        let cycles = plan.cycles;
        let mut krs: Vec<KrIx> = Vec::with_capacity(cap);
        let mut objectives: Vec<ObjIx> = Vec::with_capacity(cap);
        // Blocks of derived KRs whose members changed: (KR, block).
        let mut dirty: Vec<(KrIx, BlockIx)> = Vec::new();
        // Part blocks of wholes whose parts changed: (whole, block).
        let mut dirty_parts: Vec<(KrIx, PartBlockIx)> = Vec::new();
        let mut queue = |heap: &mut BinaryHeap<_>, n: Node| {
            if !cycles || queued.insert(n) {
                heap.push(Reverse((plan.rank[n], n)));
            }
        };
        for &n in starts {
            queue(&mut heap, n);
        }
        let mut last: Option<Node> = None;
        while let Some(Reverse((_, node))) = heap.pop() {
            if last == Some(node) {
                continue;
            }
            last = Some(node);
            match node {
                Node::KeyResult(k) => {
                    if plan.kr_whole[k] {
                        let mut blocks = take_dirty(&mut dirty_parts, k);
                        blocks.sort_unstable();
                        blocks.dedup();
                        if blocks.is_empty() || forced.binary_search(&k).is_ok() {
                            self.key_result(r, k);
                        } else {
                            for b in blocks {
                                self.parts_block(r, k, b);
                            }
                            *r.kr_mut(k) = self.whole_figures(r, k);
                        }
                    } else {
                        // Its dirty blocks, recomputed in the order they
                        // were marked (in place: no list is made).
                        let force = forced.binary_search(&k).is_ok();
                        let mut any = false;
                        dirty.retain(|&(t, b)| {
                            if t != k {
                                return true;
                            }
                            if !force {
                                self.children_block(r, k, b);
                            }
                            any = true;
                            false
                        });
                        if !any || force {
                            self.key_result(r, k);
                        } else {
                            *r.kr_mut(k) = self.children_figures(r, k);
                        }
                    }
                    krs.push(k);
                    if let Some(o) = ix.kr_objective[k] {
                        queue(&mut heap, Node::Objective(o));
                    }
                    // A part's value moves its whole's sum.
                    if let (Some(b), Some(w)) = (plan.part_block[k], ix.kr_part_of[k]) {
                        dirty_parts.push((w, b));
                        queue(&mut heap, Node::KeyResult(w));
                    }
                }
                Node::Objective(o) => {
                    self.objective(r, o);
                    objectives.push(o);
                    // Direct links into derived KRs: their block changes.
                    for l in ix.links_of(o) {
                        if let (Some(b), Some(Node::KeyResult(t))) =
                            (plan.link_block[l], ix.link_target[l])
                        {
                            dirty.push((t, b));
                            queue(&mut heap, Node::KeyResult(t));
                        }
                    }
                }
            }
        }
        let mut units: Vec<UnitIx> = Vec::new();
        let mut themes: Vec<ThemeIx> = Vec::new();
        for &o in &objectives {
            if let Some(u) = ix.obj_unit[o] {
                units.push(u);
            }
            if ix.obj_is_company[o] {
                themes.extend_from_slice(ix.obj_themes.get(o));
            }
        }
        units.sort_unstable();
        units.dedup();
        themes.sort_unstable();
        themes.dedup();
        for &u in &units {
            self.unit(r, u);
        }
        for &t in &themes {
            self.theme(r, t);
        }
        krs.sort_unstable();
        objectives.sort_unstable();
        fn raw<I: Idx>(v: Vec<I>) -> Vec<u32> {
            v.into_iter().map(Idx::raw).collect()
        }
        Changed {
            key_results: raw(krs),
            objectives: raw(objectives),
            themes: raw(themes),
            units: raw(units),
        }
    }
}

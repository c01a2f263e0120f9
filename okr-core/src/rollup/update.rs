//! The incremental update: after one KR's data changed, recompute only
//! what it can reach, in the plan's topological order, and say what changed.

use super::engine::Engine;
use super::figures::{Changed, Rollup};
use super::plan::BLOCK;
use crate::document::Source;
use crate::index::{Node, NONE};

impl Engine<'_> {
    /// Recomputes what a change to KR `k` can reach, in topological order.
    pub fn update(&self, r: &mut Rollup, k: u32) -> Changed {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        let ix = self.ix;
        let mut heap: BinaryHeap<Reverse<(u32, Node)>> = BinaryHeap::new();
        let mut queued: hashbrown::HashSet<Node> = hashbrown::HashSet::new();
        let mut changed = Changed::default();
        // Blocks of children KRs whose members changed: (KR, block).
        let mut dirty: Vec<(u32, u32)> = Vec::new();
        let rank = |n: Node| self.plan.rank.get(ix.node_slot(n)).copied().unwrap_or(0);
        let start_kr = k;
        let start = Node::KeyResult(k);
        heap.push(Reverse((rank(start), start)));
        queued.insert(start);
        while let Some(Reverse((_, node))) = heap.pop() {
            match node {
                Node::KeyResult(k) => {
                    let blocks: Vec<u32> = dirty.iter().filter(|d| d.0 == k).map(|d| d.1).collect();
                    if blocks.is_empty() || k == start_kr {
                        self.key_result(r, k);
                    } else {
                        for b in blocks {
                            self.children_block(r, k, b as usize);
                        }
                        let fig = self.children_figures(r, k);
                        if let Some(slot) = r.key_results.get_mut(k as usize) {
                            *slot = fig;
                        }
                    }
                    dirty.retain(|d| d.0 != k);
                    changed.key_results.push(k);
                    let o = ix.kr_objective.get(k as usize).copied().unwrap_or(NONE);
                    if o != NONE && queued.insert(Node::Objective(o)) {
                        heap.push(Reverse((rank(Node::Objective(o)), Node::Objective(o))));
                    }
                }
                Node::Objective(o) => {
                    self.objective(r, o);
                    changed.objectives.push(o);
                    for l in ix.links_of(o) {
                        if let Some(Some(Node::KeyResult(t))) = ix.link_target.get(l) {
                            let is_direct = self
                                .doc
                                .objectives
                                .get(o as usize)
                                .and_then(|x| x.links.get(l - ix.links_of(o).start))
                                .is_some_and(|x| x.kind == crate::document::LinkKind::Direct);
                            let children = self
                                .doc
                                .key_results
                                .get(*t as usize)
                                .is_some_and(|x| x.source == Source::Children);
                            let n = Node::KeyResult(*t);
                            if is_direct && children {
                                let pos = self.plan.link_in_pos.get(l).copied().unwrap_or(NONE);
                                if pos != NONE {
                                    dirty.push((*t, pos / BLOCK as u32));
                                }
                                if queued.insert(n) {
                                    heap.push(Reverse((rank(n), n)));
                                }
                            }
                        }
                    }
                }
            }
        }
        let mut units: Vec<u32> = Vec::new();
        let mut themes: Vec<u32> = Vec::new();
        for &o in &changed.objectives {
            if let Some(&u) = ix.obj_unit.get(o as usize) {
                if u != NONE {
                    units.push(u);
                }
            }
            if ix.obj_is_company.get(o as usize) == Some(&true) {
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
        changed.units = units;
        changed.themes = themes;
        changed.key_results.sort_unstable();
        changed.objectives.sort_unstable();
        changed
    }
}

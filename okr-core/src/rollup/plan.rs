//! The rollup plan: what the rollup needs beyond the document and its
//! index, derived once per cascade. The order of the full pass, the weight
//! arrays and the block layout of `source: children` sums live here, not in
//! the index, so the index knows nothing of the rollup.

use crate::document::{Document, Source};
use crate::index::{Index, Node, NONE};

/// Links per block of a `source: children` KR's partial sums.
pub(crate) const BLOCK: usize = 64;

/// Arrays only the rollup reads, parallel to the document's.
#[derive(Clone, Debug, Default)]
pub(crate) struct RollupPlan {
    /// Weight of each KR in its objective's mean (1 when absent).
    pub kr_weight: Vec<f64>,
    /// Weight of each link (global position; 1 when absent).
    pub link_weight: Vec<f64>,
    /// KRs hidden in a view (redacted stubs).
    pub kr_redacted: Vec<bool>,
    /// KRs whose figures depend on other figures: `source: children` and
    /// not redacted. Every other KR depends on nothing but its own data.
    pub kr_derived: Vec<bool>,
    /// First block of each KR's direct in-links in a rollup's block sums
    /// (n_kr + 1 entries; only `source: children` KRs have blocks).
    pub kr_block_start: Vec<u32>,
    /// Position of each global link in its target KR's direct in-links
    /// (`NONE` when it is not a direct link into a KR).
    pub link_in_pos: Vec<u32>,
    /// The full rollup's second pass: objectives and derived KRs, each
    /// after everything it reads. Without cycles they are grouped by
    /// dependency level and ascending index, so the pass walks memory
    /// forward; with cycles, the topological order of the index.
    pub rollup_order: Vec<Node>,
    /// Position of each graph node in the index's topological order (the
    /// incremental update's priority).
    pub rank: Vec<u32>,
}

impl RollupPlan {
    /// The plan of a document and its index.
    pub fn build(doc: &Document, ix: &Index) -> RollupPlan {
        let n_kr = doc.key_results.len();
        let mut plan = RollupPlan {
            kr_weight: doc.key_results.iter().map(|k| k.weight()).collect(),
            kr_redacted: doc.key_results.iter().map(|k| k.redacted).collect(),
            kr_derived: doc
                .key_results
                .iter()
                .map(|k| k.source == Source::Children && !k.redacted)
                .collect(),
            link_weight: doc
                .objectives
                .iter()
                .flat_map(|o| o.links.iter().map(|l| l.weight()))
                .collect(),
            ..RollupPlan::default()
        };
        plan.kr_block_start = Vec::with_capacity(n_kr + 1);
        let mut blocks = 0u32;
        for k in 0..n_kr as u32 {
            plan.kr_block_start.push(blocks);
            if plan.kr_derived.get(k as usize) == Some(&true) {
                blocks += ix.kr_direct_links.get(k).len().div_ceil(BLOCK) as u32;
            }
        }
        plan.kr_block_start.push(blocks);
        plan.link_in_pos = vec![NONE; ix.link_target.len()];
        for k in 0..n_kr as u32 {
            for (pos, &l) in ix.kr_direct_links.get(k).iter().enumerate() {
                if let Some(slot) = plan.link_in_pos.get_mut(l as usize) {
                    *slot = pos as u32;
                }
            }
        }
        plan.rank = vec![0; ix.order.len()];
        for (pos, &n) in ix.order.iter().enumerate() {
            let slot = ix.node_slot(n);
            if let Some(r) = plan.rank.get_mut(slot) {
                *r = pos as u32;
            }
        }
        plan.build_rollup_order(ix);
        plan
    }

    /// See [`RollupPlan::rollup_order`].
    fn build_rollup_order(&mut self, ix: &Index) {
        let derived = |k: u32| self.kr_derived.get(k as usize) == Some(&true);
        if !ix.cascade_cycles.is_empty() {
            self.rollup_order = ix
                .order
                .iter()
                .copied()
                .filter(|n| match n {
                    Node::KeyResult(k) => derived(*k),
                    Node::Objective(_) => true,
                })
                .collect();
            return;
        }
        // Level: metric KRs 0; an objective one above its deepest KR; a
        // derived KR one above its deepest linking objective. `order` puts
        // every node after what it reads, so one forward pass suffices.
        let mut level = vec![0u32; ix.order.len()];
        let mut keyed: Vec<(u32, u32, Node)> = Vec::with_capacity(ix.obj_unit.len());
        for &n in &ix.order {
            let lv = match n {
                Node::KeyResult(k) if derived(k) => {
                    1 + ix
                        .kr_direct_links
                        .get(k)
                        .iter()
                        .filter_map(|&l| ix.link_owner.get(l as usize))
                        .filter_map(|&o| level.get(o as usize))
                        .max()
                        .copied()
                        .unwrap_or(0)
                }
                Node::KeyResult(_) => continue,
                Node::Objective(o) => {
                    1 + ix
                        .obj_krs
                        .get(o)
                        .iter()
                        .filter_map(|&k| level.get(ix.node_slot(Node::KeyResult(k))))
                        .max()
                        .copied()
                        .unwrap_or(0)
                }
            };
            let slot = ix.node_slot(n);
            if let Some(l) = level.get_mut(slot) {
                *l = lv;
            }
            keyed.push((lv, slot as u32, n));
        }
        keyed.sort_unstable_by_key(|&(lv, slot, _)| (lv, slot));
        self.rollup_order = keyed.into_iter().map(|(_, _, n)| n).collect();
    }
}

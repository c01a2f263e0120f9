//! The rollup plan: what the rollup needs beyond the document and its
//! index, derived once per cascade. The order of the full pass, the weight
//! arrays and the block layout of `source: children` sums live here, not in
//! the index, so the index knows nothing of the rollup.

use crate::document::{Document, Source};
use crate::idx::{typed_index, Idx, IxRange, IxVec};
use crate::index::{Index, Items, KrIx, LinkIx, Node, NodeMap, ObjIx};

/// Links per block of a `source: children` KR's partial sums.
pub(crate) const BLOCK: u32 = 64;

typed_index!(
    /// A block of a `source: children` KR's partial sums: its position in
    /// a rollup's `blocks`.
    pub(crate) BlockIx
);

/// What the rollup needs of one KR, together: an objective's mean reads
/// the weight and the redaction of each of its KRs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct KrPlan {
    /// Weight in its objective's mean (1 when absent).
    pub weight: f64,
    /// Hidden in a view (a redacted stub).
    pub redacted: bool,
    /// Its figures depend on other figures: `source: children` and not
    /// redacted. Every other KR depends on nothing but its own data.
    pub derived: bool,
}

/// Arrays only the rollup reads, parallel to the document's.
#[derive(Clone, Debug, Default)]
pub(crate) struct RollupPlan {
    /// Per KR.
    pub kr: IxVec<KrIx, KrPlan>,
    /// Weight of each link (1 when absent).
    pub link_weight: IxVec<LinkIx, f64>,
    /// Objectives hidden in a view (redacted stubs).
    pub obj_redacted: IxVec<ObjIx, bool>,
    /// First block of each KR's direct in-links in a rollup's block sums
    /// (n_kr + 1 entries; only derived KRs have blocks).
    kr_block_start: Vec<u32>,
    /// The block of each direct link into a derived KR (`None` for every
    /// other link): where a change of the linking objective lands.
    pub link_block: IxVec<LinkIx, Option<BlockIx>>,
    /// The full rollup's second pass: objectives and derived KRs, each
    /// after everything it reads. Without cycles they are grouped by
    /// dependency level and ascending index, so the pass walks memory
    /// forward; with cycles, the topological order of the index.
    pub rollup_order: Vec<Node>,
    /// Position of each graph node in the index's topological order (the
    /// incremental update's priority).
    pub rank: NodeMap<u32>,
    /// Whether the cascade graph has cycles (members of one cycle do not
    /// count toward each other's means).
    pub cycles: bool,
}

impl RollupPlan {
    /// The plan of a document and its index.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "INVARIANT: a KR's blocks are at most its direct links, and all links fit u32 \
                  (Index::build checks)"
    )]
    pub fn build(doc: &Document, ix: &Index) -> RollupPlan {
        let (objectives, key_results) = (ix.objectives(), ix.key_results());
        // One pass over the document's KRs.
        let kr = IxVec::from_fn(key_results, |k| {
            let kr = doc.key_result(k);
            KrPlan {
                weight: kr.weight(),
                redacted: kr.redacted,
                derived: kr.source == Source::Children && !kr.redacted,
            }
        });
        let mut kr_block_start = Vec::with_capacity(key_results.len() + 1);
        let mut link_block = IxVec::filled(ix.links(), None);
        let mut blocks = 0u32;
        for k in key_results {
            kr_block_start.push(blocks);
            if kr[k].derived {
                let links = ix.kr_direct_links.get(k);
                for (pos, &l) in (0u32..).zip(links) {
                    link_block[l] = Some(BlockIx::from_raw(blocks + pos / BLOCK));
                }
                blocks += links.len().div_ceil(BLOCK as usize) as u32;
            }
        }
        kr_block_start.push(blocks);
        let mut rank = NodeMap::filled(objectives, key_results, 0);
        for (pos, &n) in (0u32..).zip(&ix.order) {
            rank[n] = pos;
        }
        let mut plan = RollupPlan {
            kr,
            link_weight: IxVec::from_fn(ix.links(), |l| ix.link(doc, l).weight()),
            obj_redacted: IxVec::from_fn(objectives, |o| doc.objective(o).redacted),
            kr_block_start,
            link_block,
            rollup_order: Vec::new(),
            rank,
            cycles: !ix.cascade_cycles.is_empty(),
        };
        plan.build_rollup_order(ix);
        plan
    }

    /// Every block a rollup holds.
    pub fn all_blocks(&self) -> IxRange<BlockIx> {
        IxRange::between(0, self.kr_block_start.last().copied().unwrap_or(0))
    }

    /// The blocks of KR `k` (empty unless it is derived).
    #[expect(
        clippy::indexing_slicing,
        reason = "INVARIANT: kr_block_start has one entry per KR, plus one"
    )]
    pub fn blocks_of(&self, k: KrIx) -> IxRange<BlockIx> {
        IxRange::between(
            self.kr_block_start[k.index()],
            self.kr_block_start[k.index() + 1],
        )
    }

    /// The direct links summed in block `b` of derived KR `k`.
    #[expect(
        clippy::indexing_slicing,
        reason = "INVARIANT: b is one of blocks_of(k), so its first link lies within k's \
                  direct links (blocks_of(k) has ceil(links / BLOCK) blocks)"
    )]
    pub fn block_links<'a>(&self, ix: &'a Index, k: KrIx, b: BlockIx) -> &'a [LinkIx] {
        let links = ix.kr_direct_links.get(k);
        let from = (b.raw() - self.kr_block_start[k.index()]) as usize * BLOCK as usize;
        &links[from..links.len().min(from + BLOCK as usize)]
    }

    /// See [`RollupPlan::rollup_order`].
    fn build_rollup_order(&mut self, ix: &Index) {
        let kr = &self.kr;
        if self.cycles {
            self.rollup_order = ix
                .order
                .iter()
                .copied()
                .filter(|&n| match n {
                    Node::KeyResult(k) => kr[k].derived,
                    Node::Objective(_) => true,
                })
                .collect();
            return;
        }
        // Level: metric KRs 0; an objective one above its deepest KR; a
        // derived KR one above its deepest linking objective. `order` puts
        // every node after what it reads, so one forward pass suffices.
        let mut level = NodeMap::filled(ix.objectives(), ix.key_results(), 0u32);
        // (level, node number: objectives first, then KRs, each by index).
        let n_obj = ix.objectives().len() as u64;
        let slot = |n: Node| match n {
            Node::Objective(o) => u64::from(o.raw()),
            Node::KeyResult(k) => n_obj + u64::from(k.raw()),
        };
        let mut keyed: Vec<(u32, u64, Node)> = Vec::with_capacity(ix.objectives().len());
        for &n in &ix.order {
            let below = match n {
                Node::KeyResult(k) if kr[k].derived => ix
                    .kr_direct_links
                    .get(k)
                    .iter()
                    .map(|&l| level[Node::Objective(ix.link_owner[l])])
                    .max(),
                Node::KeyResult(_) => continue,
                Node::Objective(o) => ix
                    .obj_krs
                    .get(o)
                    .iter()
                    .map(|&k| level[Node::KeyResult(k)])
                    .max(),
            };
            let lv = 1 + below.unwrap_or(0);
            level[n] = lv;
            keyed.push((lv, slot(n), n));
        }
        keyed.sort_unstable_by_key(|&(lv, slot, _)| (lv, slot));
        self.rollup_order = keyed.into_iter().map(|(_, _, n)| n).collect();
    }
}

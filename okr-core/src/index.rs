//! The index built once per document: ids interned into typed indices,
//! every reference resolved, adjacency in flat arrays, the cascade graph's
//! strongly connected components and a topological order. Every algorithm
//! (rules, rollup, lineage, views) reads these arrays; none hashes strings.
//!
//! Positions are typed ([`UnitIx`], [`ObjIx`], [`KrIx`], ...; see
//! `idx.rs`); an absent or unresolved reference is `None`. The document's
//! lengths are converted to `u32` once, checked, in [`Index::build`].

use hashbrown::{DefaultHashBuilder, HashTable};
use petgraph::graph::{DiGraph, NodeIndex};
use std::borrow::Cow;
use std::hash::BuildHasher;
use std::num::NonZeroU32;

use crate::csr::Csr;
use crate::document::{
    CheckIn, Contribution, Document, Initiative, KeyResult, Link, LinkKind, Mandate, Objective,
    SprintGoal, Theme, Unit, UnitKind,
};
use crate::error::{Error, LoadError, LoadErrorKind};
use crate::idx::{typed_index, Idx, IxRange, IxVec};

typed_index!(
    /// A unit: its position in the document's `units`.
    pub UnitIx
);
typed_index!(
    /// A theme: its position in the document's `themes`.
    pub ThemeIx
);
typed_index!(
    /// An objective: its position in the document's `objectives`.
    pub ObjIx
);
typed_index!(
    /// A key result: its position in the document's `key_results`.
    pub KrIx
);
typed_index!(
    /// A contribution statement: its position in the document's `contributions`.
    pub ContributionIx
);
typed_index!(
    /// A mandate: its position in the document's `mandates`.
    pub MandateIx
);
typed_index!(
    /// An initiative: its position in the document's `initiatives`.
    pub InitiativeIx
);
typed_index!(
    /// A sprint goal: its position in the document's `sprint_goals`.
    pub SprintGoalIx
);
typed_index!(
    /// A check-in: its position in the document's `check_ins`.
    pub CheckInIx
);
typed_index!(
    /// A link, by global position: the links of every objective, in
    /// document order, one after the other.
    pub LinkIx
);

/// What kind of item an id names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKind {
    /// The cycle.
    Cycle,
    /// A company, function or team.
    Unit,
    /// A theme.
    Theme,
    /// An objective.
    Objective,
    /// A key result.
    KeyResult,
    /// A contribution statement.
    Contribution,
    /// A service-level mandate.
    Mandate,
    /// An initiative.
    Initiative,
    /// A sprint goal.
    SprintGoal,
    /// A check-in (has no id; named by its key result).
    CheckIn,
}

impl ItemKind {
    /// The kind's name in messages ("key result").
    pub fn noun(self) -> &'static str {
        match self {
            ItemKind::Cycle => "cycle",
            ItemKind::Unit => "unit",
            ItemKind::Theme => "theme",
            ItemKind::Objective => "objective",
            ItemKind::KeyResult => "key result",
            ItemKind::Contribution => "contribution",
            ItemKind::Mandate => "mandate",
            ItemKind::Initiative => "initiative",
            ItemKind::SprintGoal => "sprint goal",
            ItemKind::CheckIn => "check-in",
        }
    }
}

/// An item of a document: its kind and its position in that kind's array.
/// Made by the cascade ([`Cascade::lookup`](crate::Cascade::lookup)), never
/// by hand, so it always names an item of the document it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemRef {
    /// The cycle.
    Cycle,
    /// A unit.
    Unit(UnitIx),
    /// A theme.
    Theme(ThemeIx),
    /// An objective.
    Objective(ObjIx),
    /// A key result.
    KeyResult(KrIx),
    /// A contribution statement.
    Contribution(ContributionIx),
    /// A mandate.
    Mandate(MandateIx),
    /// An initiative.
    Initiative(InitiativeIx),
    /// A sprint goal.
    SprintGoal(SprintGoalIx),
    /// A check-in.
    CheckIn(CheckInIx),
}

impl ItemRef {
    /// The kind of item.
    pub fn kind(self) -> ItemKind {
        match self {
            ItemRef::Cycle => ItemKind::Cycle,
            ItemRef::Unit(_) => ItemKind::Unit,
            ItemRef::Theme(_) => ItemKind::Theme,
            ItemRef::Objective(_) => ItemKind::Objective,
            ItemRef::KeyResult(_) => ItemKind::KeyResult,
            ItemRef::Contribution(_) => ItemKind::Contribution,
            ItemRef::Mandate(_) => ItemKind::Mandate,
            ItemRef::Initiative(_) => ItemKind::Initiative,
            ItemRef::SprintGoal(_) => ItemKind::SprintGoal,
            ItemRef::CheckIn(_) => ItemKind::CheckIn,
        }
    }

    /// The item's position in its kind's array of the document (the
    /// cycle: 0), which is also its position in a [`crate::Rollup`]'s
    /// arrays of figures.
    pub fn index(self) -> usize {
        match self {
            ItemRef::Cycle => 0,
            ItemRef::Unit(i) => i.index(),
            ItemRef::Theme(i) => i.index(),
            ItemRef::Objective(i) => i.index(),
            ItemRef::KeyResult(i) => i.index(),
            ItemRef::Contribution(i) => i.index(),
            ItemRef::Mandate(i) => i.index(),
            ItemRef::Initiative(i) => i.index(),
            ItemRef::SprintGoal(i) => i.index(),
            ItemRef::CheckIn(i) => i.index(),
        }
    }

    /// The graph node, for an objective or a key result.
    pub fn node(self) -> Option<Node> {
        match self {
            ItemRef::Objective(o) => Some(Node::Objective(o)),
            ItemRef::KeyResult(k) => Some(Node::KeyResult(k)),
            _ => None,
        }
    }

    /// The unit, for a unit.
    pub(crate) fn unit(self) -> Option<UnitIx> {
        match self {
            ItemRef::Unit(u) => Some(u),
            _ => None,
        }
    }

    /// The key result, for a key result.
    pub(crate) fn key_result(self) -> Option<KrIx> {
        match self {
            ItemRef::KeyResult(k) => Some(k),
            _ => None,
        }
    }
}

/// A node of the cascade graph: an objective or a key result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    /// An objective.
    Objective(ObjIx),
    /// A key result.
    KeyResult(KrIx),
}

impl From<Node> for ItemRef {
    fn from(n: Node) -> ItemRef {
        match n {
            Node::Objective(o) => ItemRef::Objective(o),
            Node::KeyResult(k) => ItemRef::KeyResult(k),
        }
    }
}

/// A value per graph node: one array for the objectives, one for the KRs.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct NodeMap<T> {
    objectives: IxVec<ObjIx, T>,
    key_results: IxVec<KrIx, T>,
}

impl<T> Default for NodeMap<T> {
    fn default() -> Self {
        NodeMap {
            objectives: IxVec::default(),
            key_results: IxVec::default(),
        }
    }
}

impl<T: Clone> NodeMap<T> {
    /// `value` for every objective and KR.
    pub(crate) fn filled(objectives: IxRange<ObjIx>, key_results: IxRange<KrIx>, value: T) -> Self {
        NodeMap {
            objectives: IxVec::filled(objectives, value.clone()),
            key_results: IxVec::filled(key_results, value),
        }
    }
}

impl<T> NodeMap<T> {
    /// Every objective's value, then every KR's.
    pub(crate) fn values(&self) -> impl Iterator<Item = &T> + '_ {
        self.objectives.iter().chain(self.key_results.iter())
    }
}

impl<T> std::ops::Index<Node> for NodeMap<T> {
    type Output = T;

    #[inline]
    fn index(&self, n: Node) -> &T {
        match n {
            Node::Objective(o) => &self.objectives[o],
            Node::KeyResult(k) => &self.key_results[k],
        }
    }
}

impl<T> std::ops::IndexMut<Node> for NodeMap<T> {
    #[inline]
    fn index_mut(&mut self, n: Node) -> &mut T {
        match n {
            Node::Objective(o) => &mut self.objectives[o],
            Node::KeyResult(k) => &mut self.key_results[k],
        }
    }
}

/// The document's items by typed index. Every index the index builder
/// makes is below its array's length, and a cascade's document never loses
/// items (check-ins are only appended), so these index directly: an index
/// of another document is a bug that fails loudly.
pub(crate) trait Items {
    /// A unit.
    fn unit(&self, u: UnitIx) -> &Unit;
    /// A theme.
    fn theme(&self, t: ThemeIx) -> &Theme;
    /// An objective.
    fn objective(&self, o: ObjIx) -> &Objective;
    /// A key result.
    fn key_result(&self, k: KrIx) -> &KeyResult;
    /// A contribution statement.
    fn contribution(&self, c: ContributionIx) -> &Contribution;
    /// A mandate.
    fn mandate(&self, m: MandateIx) -> &Mandate;
    /// An initiative.
    fn initiative(&self, i: InitiativeIx) -> &Initiative;
    /// A sprint goal.
    fn sprint_goal(&self, s: SprintGoalIx) -> &SprintGoal;
    /// A check-in.
    fn check_in(&self, c: CheckInIx) -> &CheckIn;
}

#[expect(
    clippy::indexing_slicing,
    reason = "INVARIANT: typed indices are made by the index of this document, below each \
              array's length, and a cascade's document never loses items"
)]
impl Items for Document {
    fn unit(&self, u: UnitIx) -> &Unit {
        &self.units[u.index()]
    }
    fn theme(&self, t: ThemeIx) -> &Theme {
        &self.themes[t.index()]
    }
    fn objective(&self, o: ObjIx) -> &Objective {
        &self.objectives[o.index()]
    }
    fn key_result(&self, k: KrIx) -> &KeyResult {
        &self.key_results[k.index()]
    }
    fn contribution(&self, c: ContributionIx) -> &Contribution {
        &self.contributions[c.index()]
    }
    fn mandate(&self, m: MandateIx) -> &Mandate {
        &self.mandates[m.index()]
    }
    fn initiative(&self, i: InitiativeIx) -> &Initiative {
        &self.initiatives[i.index()]
    }
    fn sprint_goal(&self, s: SprintGoalIx) -> &SprintGoal {
        &self.sprint_goals[s.index()]
    }
    fn check_in(&self, c: CheckInIx) -> &CheckIn {
        &self.check_ins[c.index()]
    }
}

/// The id of an item of this document (check-ins: their key result's id).
pub(crate) fn id_of(doc: &Document, item: ItemRef) -> &str {
    match item {
        ItemRef::Cycle => &doc.cycle.id,
        ItemRef::Unit(i) => &doc.unit(i).id,
        ItemRef::Theme(i) => &doc.theme(i).id,
        ItemRef::Objective(i) => &doc.objective(i).id,
        ItemRef::KeyResult(i) => &doc.key_result(i).id,
        ItemRef::Contribution(i) => &doc.contribution(i).id,
        ItemRef::Mandate(i) => &doc.mandate(i).id,
        ItemRef::Initiative(i) => &doc.initiative(i).id,
        ItemRef::SprintGoal(i) => &doc.sprint_goal(i).id,
        ItemRef::CheckIn(i) => &doc.check_in(i).key_result,
    }
}

/// The id of an item that may come from another document: `None` when the
/// document has no item at its position.
pub(crate) fn checked_id_of(doc: &Document, item: ItemRef) -> Option<&str> {
    Some(match item {
        ItemRef::Cycle => &doc.cycle.id,
        ItemRef::Unit(i) => &doc.units.get(i.index())?.id,
        ItemRef::Theme(i) => &doc.themes.get(i.index())?.id,
        ItemRef::Objective(i) => &doc.objectives.get(i.index())?.id,
        ItemRef::KeyResult(i) => &doc.key_results.get(i.index())?.id,
        ItemRef::Contribution(i) => &doc.contributions.get(i.index())?.id,
        ItemRef::Mandate(i) => &doc.mandates.get(i.index())?.id,
        ItemRef::Initiative(i) => &doc.initiatives.get(i.index())?.id,
        ItemRef::SprintGoal(i) => &doc.sprint_goals.get(i.index())?.id,
        ItemRef::CheckIn(i) => &doc.check_ins.get(i.index())?.key_result,
    })
}

/// Interned ids: a hash table of item references keyed by the id text that
/// lives in the document, so no id string is copied.
#[derive(Clone, Default)]
pub(crate) struct IdTable {
    table: HashTable<ItemRef>,
    hasher: DefaultHashBuilder,
}

impl IdTable {
    fn with_capacity(n: usize) -> IdTable {
        IdTable {
            table: HashTable::with_capacity(n),
            hasher: DefaultHashBuilder::default(),
        }
    }

    pub(crate) fn get(&self, doc: &Document, id: &str) -> Option<ItemRef> {
        let h = self.hasher.hash_one(id);
        self.table.find(h, |&it| id_of(doc, it) == id).copied()
    }

    /// Inserts unless present; returns the existing item on a duplicate.
    fn insert(&mut self, doc: &Document, item: ItemRef) -> Option<ItemRef> {
        let id = id_of(doc, item);
        let h = self.hasher.hash_one(id);
        if let Some(&existing) = self.table.find(h, |&it| id_of(doc, it) == id) {
            return Some(existing);
        }
        let hasher = &self.hasher;
        self.table
            .insert_unique(h, item, |&it| hasher.hash_one(id_of(doc, it)));
        None
    }
}

/// A reference that names nothing, or an item of the wrong kind.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BrokenRef {
    /// The item owning the field.
    pub owner: ItemRef,
    /// The field, such as `links[0].to`.
    pub field: String,
    /// The id written there.
    pub target: String,
    /// What the field must name ("a key result").
    pub expected: &'static str,
    /// The kind it did name, if it named anything.
    pub found: Option<ItemKind>,
}

/// Every index of each of the document's arrays (check-ins: those loaded;
/// [`Index::checkin_kr`] also has those recorded later).
#[derive(Clone, Copy, Debug, Default)]
struct Ranges {
    units: IxRange<UnitIx>,
    themes: IxRange<ThemeIx>,
    objectives: IxRange<ObjIx>,
    key_results: IxRange<KrIx>,
    contributions: IxRange<ContributionIx>,
    mandates: IxRange<MandateIx>,
    initiatives: IxRange<InitiativeIx>,
    sprint_goals: IxRange<SprintGoalIx>,
    check_ins: IxRange<CheckInIx>,
}

/// The error for a document too large to index.
fn too_many(what: &str) -> Error {
    Error::Load(LoadError::new(
        LoadErrorKind::Limit,
        format!(
            "the document has more {what} than can be indexed ({} at most)",
            u32::MAX - 1
        ),
    ))
}

impl Ranges {
    /// The checked conversion of every length to `u32`.
    fn of(doc: &Document) -> Result<Ranges, Error> {
        fn range<I: Idx>(len: usize, what: &str) -> Result<IxRange<I>, Error> {
            IxRange::of_len(len).ok_or_else(|| too_many(what))
        }
        Ok(Ranges {
            units: range(doc.units.len(), "units")?,
            themes: range(doc.themes.len(), "themes")?,
            objectives: range(doc.objectives.len(), "objectives")?,
            key_results: range(doc.key_results.len(), "key results")?,
            contributions: range(doc.contributions.len(), "contributions")?,
            mandates: range(doc.mandates.len(), "mandates")?,
            initiatives: range(doc.initiatives.len(), "initiatives")?,
            sprint_goals: range(doc.sprint_goals.len(), "sprint goals")?,
            check_ins: range(doc.check_ins.len(), "check-ins")?,
        })
    }
}

/// The index of one document. Fields are arrays indexed by typed
/// positions of the document's items.
#[derive(Clone, Default)]
pub(crate) struct Index {
    ranges: Ranges,
    pub ids: IdTable,
    /// Ids used more than once: the first item of each, once.
    pub duplicates: Vec<ItemRef>,
    /// References that failed (E002).
    pub broken: Vec<BrokenRef>,
    /// Direct links whose target exists but is not a KR (E006).
    pub direct_to_non_kr: Vec<LinkIx>,

    /// Company-kind units.
    pub companies: Vec<UnitIx>,
    /// The company unit, when there is exactly one.
    pub company: Option<UnitIx>,
    pub unit_parent: IxVec<UnitIx, Option<UnitIx>>,
    pub unit_children: Csr<UnitIx, UnitIx>,
    /// Euler-tour entry and exit clocks; `None` for units in or below a
    /// parent cycle.
    unit_tin: IxVec<UnitIx, Option<NonZeroU32>>,
    unit_tout: IxVec<UnitIx, Option<NonZeroU32>>,
    /// The function-kind unit on the path to the company (itself for a function).
    pub unit_function: IxVec<UnitIx, Option<UnitIx>>,
    /// Cycles among units: members of each.
    pub unit_cycles: Vec<Vec<UnitIx>>,
    pub unit_objectives: Csr<UnitIx, ObjIx>,
    pub unit_contributions: Csr<UnitIx, ContributionIx>,
    pub unit_mandates: Csr<UnitIx, MandateIx>,

    pub obj_unit: IxVec<ObjIx, Option<UnitIx>>,
    pub obj_krs: Csr<ObjIx, KrIx>,
    pub obj_themes: Csr<ObjIx, ThemeIx>,
    pub obj_audience: Csr<ObjIx, UnitIx>,
    /// Company priorities: objectives of a company unit with no links.
    pub obj_is_priority: IxVec<ObjIx, bool>,
    /// Objectives owned by a company-kind unit.
    pub obj_is_company: IxVec<ObjIx, bool>,
    /// First global link position of each objective (n_obj + 1 entries).
    link_start: Vec<u32>,
    /// Resolved target of each link (`None` when broken).
    pub link_target: IxVec<LinkIx, Option<Node>>,
    /// Objective owning each link.
    pub link_owner: IxVec<LinkIx, ObjIx>,
    /// Every resolved link into each objective, direct or responding,
    /// document order. For navigation (`Cascade::links_into`).
    pub obj_in_links: Csr<ObjIx, LinkIx>,
    /// Every resolved link into each key result, direct or responding,
    /// document order. For navigation (`Cascade::links_into`).
    pub kr_in_links: Csr<KrIx, LinkIx>,

    pub kr_objective: IxVec<KrIx, Option<ObjIx>>,
    /// Resolved `depends_on` of each objective, document order.
    pub obj_depends: Csr<ObjIx, Node>,
    /// Resolved `depends_on` of each key result, document order.
    pub kr_depends: Csr<KrIx, Node>,
    pub kr_audience: Csr<KrIx, UnitIx>,
    /// The whole each KR's `part_of` names (`None` when absent or broken).
    pub kr_part_of: IxVec<KrIx, Option<KrIx>>,
    /// The parts of each KR: the KRs whose `part_of` names it, document
    /// order (whatever its `source`; the rollup sums them for wholes).
    pub kr_parts: Csr<KrIx, KrIx>,
    /// Direct links into each KR, document order.
    pub kr_direct_links: Csr<KrIx, LinkIx>,
    /// Check-ins of each KR, ordered by (date, document position).
    kr_check_ins: Csr<KrIx, CheckInIx>,

    pub theme_objectives: Csr<ThemeIx, ObjIx>,

    pub contribution_unit: IxVec<ContributionIx, Option<UnitIx>>,
    pub contribution_to: IxVec<ContributionIx, Option<Node>>,
    pub mandate_unit: IxVec<MandateIx, Option<UnitIx>>,
    pub mandate_supports: Csr<MandateIx, Node>,
    pub initiative_unit: IxVec<InitiativeIx, Option<UnitIx>>,
    pub initiative_krs: Csr<InitiativeIx, KrIx>,
    pub sprint_unit: IxVec<SprintGoalIx, Option<UnitIx>>,
    pub sprint_krs: Csr<SprintGoalIx, KrIx>,
    /// The KR of each check-in (including check-ins recorded after loading).
    pub checkin_kr: IxVec<CheckInIx, Option<KrIx>>,

    /// Strongly connected components of the cascade graph that are cycles.
    pub cascade_cycles: Vec<Vec<Node>>,
    /// Whether each graph node lies on a cycle.
    pub node_in_cycle: NodeMap<bool>,
    /// Strongly connected component number of each graph node.
    node_scc: NodeMap<u32>,
    /// Check-ins recorded after loading (incremental updates), per KR.
    extra_check_ins: hashbrown::HashMap<KrIx, Vec<CheckInIx>>,
    /// Topological order of the cascade graph (link sources before targets;
    /// a KR before its objective); cycles in arbitrary order.
    pub order: Vec<Node>,
    /// Whether some path of links from each graph node reaches a company
    /// priority (a priority traces to itself).
    node_traces: NodeMap<bool>,
}

impl Index {
    /// Every unit.
    pub(crate) fn units(&self) -> IxRange<UnitIx> {
        self.ranges.units
    }

    /// Every theme.
    pub(crate) fn themes(&self) -> IxRange<ThemeIx> {
        self.ranges.themes
    }

    /// Every objective.
    pub(crate) fn objectives(&self) -> IxRange<ObjIx> {
        self.ranges.objectives
    }

    /// Every key result.
    pub(crate) fn key_results(&self) -> IxRange<KrIx> {
        self.ranges.key_results
    }

    /// Every contribution statement.
    pub(crate) fn contributions(&self) -> IxRange<ContributionIx> {
        self.ranges.contributions
    }

    /// Every mandate.
    pub(crate) fn mandates(&self) -> IxRange<MandateIx> {
        self.ranges.mandates
    }

    /// Every initiative.
    pub(crate) fn initiatives(&self) -> IxRange<InitiativeIx> {
        self.ranges.initiatives
    }

    /// Every sprint goal.
    pub(crate) fn sprint_goals(&self) -> IxRange<SprintGoalIx> {
        self.ranges.sprint_goals
    }

    /// Every link.
    pub(crate) fn links(&self) -> IxRange<LinkIx> {
        self.link_target.indices()
    }

    /// Check-in positions of KR `k`, ordered by (date, document position),
    /// including check-ins recorded after loading.
    pub(crate) fn check_ins_of<'a>(&'a self, doc: &Document, k: KrIx) -> Cow<'a, [CheckInIx]> {
        let base = self.kr_check_ins.get(k);
        if self.extra_check_ins.is_empty() {
            return Cow::Borrowed(base);
        }
        match self.extra_check_ins.get(&k) {
            None => Cow::Borrowed(base),
            Some(extra) => {
                let mut all: Vec<CheckInIx> = base.iter().chain(extra.iter()).copied().collect();
                all.sort_by_key(|&i| (doc.check_in(i).date, i));
                Cow::Owned(all)
            }
        }
    }

    /// Records a check-in of KR `k` that the caller appends to the
    /// document next (so its position is the one returned). `None`, and
    /// nothing recorded, when the index cannot hold another check-in: then
    /// the caller must not append it.
    pub(crate) fn add_check_in(&mut self, k: KrIx) -> Option<CheckInIx> {
        let c = self.checkin_kr.push(Some(k))?;
        self.extra_check_ins.entry(k).or_default().push(c);
        Some(c)
    }

    /// Whether a graph node traces to a company priority.
    pub(crate) fn traces(&self, n: Node) -> bool {
        self.node_traces[n]
    }

    /// True when two graph nodes are in the same strongly connected component.
    pub(crate) fn same_scc(&self, a: Node, b: Node) -> bool {
        self.node_scc[a] == self.node_scc[b]
    }

    /// The strongly connected component of a node on a cycle.
    pub(crate) fn cycle_of(&self, n: Node) -> Option<u32> {
        self.node_in_cycle[n].then(|| self.node_scc[n])
    }

    /// Links of objective `o`, as global positions.
    #[expect(
        clippy::indexing_slicing,
        reason = "INVARIANT: link_start has one entry per objective, plus one"
    )]
    pub(crate) fn links_of(&self, o: ObjIx) -> IxRange<LinkIx> {
        IxRange::between(self.link_start[o.index()], self.link_start[o.index() + 1])
    }

    /// The document's link at a global position.
    #[expect(
        clippy::indexing_slicing,
        reason = "INVARIANT: a global link position lies in its owner's range of link_start, \
                  whose length is the owner's number of links"
    )]
    pub(crate) fn link<'d>(&self, doc: &'d Document, l: LinkIx) -> &'d Link {
        let o = self.link_owner[l];
        let first = self.link_start[o.index()];
        &doc.objective(o).links[(l.raw() - first) as usize]
    }

    /// Whether the link at a global position is direct.
    pub(crate) fn is_direct(&self, doc: &Document, l: LinkIx) -> bool {
        self.link(doc, l).kind == LinkKind::Direct
    }

    /// True when `a` is `u` or an ancestor of `u` in the unit tree.
    #[inline]
    pub(crate) fn is_ancestor_or_self(&self, a: UnitIx, u: UnitIx) -> bool {
        if a == u {
            return true;
        }
        match (
            self.unit_tin[a],
            self.unit_tout[a],
            self.unit_tin[u],
            self.unit_tout[u],
        ) {
            (Some(ai), Some(ao), Some(ui), Some(uo)) => ai <= ui && uo <= ao,
            _ => false,
        }
    }

    /// Indexes a document. Fails only for a document too large to index
    /// (more than `u32::MAX - 1` items of one kind, or links, or graph
    /// nodes): the one place where lengths become typed indices.
    pub(crate) fn build(doc: &Document) -> Result<Index, Error> {
        let ranges = Ranges::of(doc)?;
        let mut ix = Index {
            ranges,
            ..Index::default()
        };
        let total = 1
            + ranges.units.len()
            + ranges.themes.len()
            + ranges.objectives.len()
            + ranges.key_results.len()
            + ranges.contributions.len()
            + ranges.mandates.len()
            + ranges.initiatives.len()
            + ranges.sprint_goals.len();
        ix.ids = IdTable::with_capacity(total);
        ix.intern(doc);
        let csr_error = || too_many("references");

        let mut r = Resolver {
            doc,
            ids: &ix.ids,
            broken: Vec::new(),
        };

        // Units.
        ix.unit_parent = IxVec::from_fn(ranges.units, |u| {
            let p = doc.unit(u).parent.as_ref()?;
            r.unit(ItemRef::Unit(u), "parent", p)
        });
        ix.companies = ranges
            .units
            .filter(|&u| doc.unit(u).kind == UnitKind::Company)
            .collect();
        ix.company = match ix.companies.as_slice() {
            [c] => Some(*c),
            _ => None,
        };

        // Objectives.
        let mut theme_pairs = Vec::new();
        let mut obj_theme_pairs = Vec::new();
        let mut obj_aud = Vec::new();
        let mut obj_dep = Vec::new();
        ix.obj_unit = IxVec::from_fn(ranges.objectives, |o| {
            let obj = doc.objective(o);
            let me = ItemRef::Objective(o);
            let unit = r.unit(me, "unit", &obj.unit);
            for (t_pos, t) in obj.themes.iter().enumerate() {
                let found = r.resolve(
                    me,
                    || format!("themes[{t_pos}]"),
                    t,
                    "a theme",
                    |it| match it {
                        ItemRef::Theme(t) => Some(t),
                        _ => None,
                    },
                );
                if let Some(t) = found {
                    obj_theme_pairs.push((o, t));
                }
            }
            for (a_pos, a) in obj.audience.iter().enumerate() {
                let found = r.resolve(
                    me,
                    || format!("audience[{a_pos}]"),
                    a,
                    "a unit",
                    |it| it.unit(),
                );
                if let Some(u) = found {
                    obj_aud.push((o, u));
                }
            }
            for (d_pos, d) in obj.depends_on.iter().enumerate() {
                if let Some(n) = r.node(me, || format!("depends_on[{d_pos}]"), d) {
                    obj_dep.push((o, n));
                }
            }
            unit
        });
        ix.obj_is_company = IxVec::from_fn(ranges.objectives, |o| {
            ix.obj_unit[o].is_some_and(|u| doc.unit(u).kind == UnitKind::Company)
        });
        ix.obj_is_priority = IxVec::from_fn(ranges.objectives, |o| {
            ix.obj_is_company[o] && doc.objective(o).links.is_empty()
        });
        for &(o, t) in &obj_theme_pairs {
            if ix.obj_is_company[o] {
                theme_pairs.push((t, o));
            }
        }
        ix.obj_themes = Csr::build(ranges.objectives, &obj_theme_pairs).ok_or_else(csr_error)?;
        ix.theme_objectives = Csr::build(ranges.themes, &theme_pairs).ok_or_else(csr_error)?;
        ix.obj_audience = Csr::build(ranges.objectives, &obj_aud).ok_or_else(csr_error)?;
        ix.obj_depends = Csr::build(ranges.objectives, &obj_dep).ok_or_else(csr_error)?;

        // Key results.
        let mut kr_aud = Vec::new();
        let mut kr_dep = Vec::new();
        let mut obj_kr_pairs = Vec::with_capacity(ranges.key_results.len());
        ix.kr_objective = IxVec::from_fn(ranges.key_results, |k| {
            let kr = doc.key_result(k);
            let me = ItemRef::KeyResult(k);
            let o = r.resolve(
                me,
                || "objective".into(),
                &kr.objective,
                "an objective",
                |it| match it {
                    ItemRef::Objective(o) => Some(o),
                    _ => None,
                },
            );
            if let Some(o) = o {
                obj_kr_pairs.push((o, k));
            }
            for (a_pos, a) in kr.audience.iter().enumerate() {
                let found = r.resolve(
                    me,
                    || format!("audience[{a_pos}]"),
                    a,
                    "a unit",
                    |it| it.unit(),
                );
                if let Some(u) = found {
                    kr_aud.push((k, u));
                }
            }
            for (d_pos, d) in kr.depends_on.iter().enumerate() {
                if let Some(n) = r.node(me, || format!("depends_on[{d_pos}]"), d) {
                    kr_dep.push((k, n));
                }
            }
            o
        });
        ix.obj_krs = Csr::build(ranges.objectives, &obj_kr_pairs).ok_or_else(csr_error)?;
        // Parts and wholes: `part_of` names a KR (E002 otherwise).
        let mut part_pairs = Vec::new();
        ix.kr_part_of = IxVec::from_fn(ranges.key_results, |k| {
            let whole = doc.key_result(k).part_of.as_ref()?;
            let w = r.key_result(ItemRef::KeyResult(k), || "part_of".into(), whole)?;
            part_pairs.push((w, k));
            Some(w)
        });
        ix.kr_parts = Csr::build(ranges.key_results, &part_pairs).ok_or_else(csr_error)?;
        ix.kr_audience = Csr::build(ranges.key_results, &kr_aud).ok_or_else(csr_error)?;
        ix.kr_depends = Csr::build(ranges.key_results, &kr_dep).ok_or_else(csr_error)?;

        // Links.
        let mut direct_pairs = Vec::new();
        ix.link_start = Vec::with_capacity(ranges.objectives.len() + 1);
        let mut n_links = 0u32;
        for o in ranges.objectives {
            ix.link_start.push(n_links);
            let me = ItemRef::Objective(o);
            for (l_pos, link) in doc.objective(o).links.iter().enumerate() {
                let direct = link.kind == LinkKind::Direct;
                let found = ix.ids.get(doc, &link.to);
                let target = found.and_then(ItemRef::node);
                let g = ix
                    .link_target
                    .push(target)
                    .ok_or_else(|| too_many("links"))?;
                ix.link_owner.push(o).ok_or_else(|| too_many("links"))?;
                n_links += 1;
                match (target, found) {
                    (Some(Node::KeyResult(k)), _) if direct => direct_pairs.push((k, g)),
                    (Some(_), _) => {
                        if direct {
                            ix.direct_to_non_kr.push(g);
                        }
                    }
                    // A direct link to an item that is not a graph node is
                    // E006 only, not also E002.
                    (None, Some(_)) if direct => ix.direct_to_non_kr.push(g),
                    (None, found) => r.broken.push(BrokenRef {
                        owner: me,
                        field: format!("links[{l_pos}].to"),
                        target: link.to.clone(),
                        expected: if direct {
                            "a key result"
                        } else {
                            "an objective or a key result"
                        },
                        found: found.map(ItemRef::kind),
                    }),
                }
            }
        }
        ix.link_start.push(n_links);
        ix.kr_direct_links = Csr::build(ranges.key_results, &direct_pairs).ok_or_else(csr_error)?;

        // Contributions, mandates, initiatives, sprint goals.
        ix.contribution_unit = IxVec::from_fn(ranges.contributions, |c| {
            r.unit(ItemRef::Contribution(c), "unit", &doc.contribution(c).unit)
        });
        ix.contribution_to = IxVec::from_fn(ranges.contributions, |c| {
            r.node(
                ItemRef::Contribution(c),
                || "to".into(),
                &doc.contribution(c).to,
            )
        });
        let mut supports = Vec::new();
        ix.mandate_unit = IxVec::from_fn(ranges.mandates, |m| {
            let me = ItemRef::Mandate(m);
            let item = doc.mandate(m);
            let unit = r.unit(me, "unit", &item.unit);
            for (s_pos, s) in item.supports.iter().enumerate() {
                if let Some(n) = r.node(me, || format!("supports[{s_pos}]"), s) {
                    supports.push((m, n));
                }
            }
            unit
        });
        ix.mandate_supports = Csr::build(ranges.mandates, &supports).ok_or_else(csr_error)?;
        let mut init_krs = Vec::new();
        ix.initiative_unit = IxVec::from_fn(ranges.initiatives, |i| {
            let me = ItemRef::Initiative(i);
            let item = doc.initiative(i);
            let unit = r.unit(me, "unit", &item.unit);
            for (k_pos, k) in item.key_results.iter().enumerate() {
                if let Some(k) = r.key_result(me, || format!("key_results[{k_pos}]"), k) {
                    init_krs.push((i, k));
                }
            }
            unit
        });
        ix.initiative_krs = Csr::build(ranges.initiatives, &init_krs).ok_or_else(csr_error)?;
        let mut sprint_krs = Vec::new();
        ix.sprint_unit = IxVec::from_fn(ranges.sprint_goals, |s| {
            let me = ItemRef::SprintGoal(s);
            let item = doc.sprint_goal(s);
            let unit = r.unit(me, "unit", &item.unit);
            for (k_pos, k) in item.key_results.iter().enumerate() {
                if let Some(k) = r.key_result(me, || format!("key_results[{k_pos}]"), k) {
                    sprint_krs.push((s, k));
                }
            }
            unit
        });
        ix.sprint_krs = Csr::build(ranges.sprint_goals, &sprint_krs).ok_or_else(csr_error)?;

        // Check-ins, ordered by date within each KR (stable: document order on ties).
        let mut ci_pairs = Vec::with_capacity(ranges.check_ins.len());
        ix.checkin_kr = IxVec::from_fn(ranges.check_ins, |c| {
            let me = ItemRef::CheckIn(c);
            let k = r.key_result(me, || "key_result".into(), &doc.check_in(c).key_result);
            if let Some(k) = k {
                ci_pairs.push((k, c));
            }
            k
        });
        ci_pairs.sort_by_key(|&(k, c)| (k, doc.check_in(c).date, c));
        ix.kr_check_ins = Csr::build(ranges.key_results, &ci_pairs).ok_or_else(csr_error)?;

        ix.broken = r.broken;

        // Membership lists per unit.
        fn members<I: Idx>(units: &IxVec<I, Option<UnitIx>>) -> Vec<(UnitIx, I)> {
            units
                .iter_enumerated()
                .filter_map(|(i, &u)| Some((u?, i)))
                .collect()
        }
        ix.unit_objectives =
            Csr::build(ranges.units, &members(&ix.obj_unit)).ok_or_else(csr_error)?;
        ix.unit_contributions =
            Csr::build(ranges.units, &members(&ix.contribution_unit)).ok_or_else(csr_error)?;
        ix.unit_mandates =
            Csr::build(ranges.units, &members(&ix.mandate_unit)).ok_or_else(csr_error)?;

        ix.build_unit_tree(doc)?;
        ix.build_cascade_graph()?;
        ix.build_in_links()?;
        Ok(ix)
    }

    fn intern(&mut self, doc: &Document) {
        let mut dup_seen: Vec<ItemRef> = Vec::new();
        let ids = &mut self.ids;
        let mut add = |item: ItemRef| {
            if let Some(first) = ids.insert(doc, item) {
                if !dup_seen.contains(&first) {
                    dup_seen.push(first);
                }
            }
        };
        let r = self.ranges;
        add(ItemRef::Cycle);
        r.units.for_each(|i| add(ItemRef::Unit(i)));
        r.themes.for_each(|i| add(ItemRef::Theme(i)));
        r.objectives.for_each(|i| add(ItemRef::Objective(i)));
        r.key_results.for_each(|i| add(ItemRef::KeyResult(i)));
        r.contributions.for_each(|i| add(ItemRef::Contribution(i)));
        r.mandates.for_each(|i| add(ItemRef::Mandate(i)));
        r.initiatives.for_each(|i| add(ItemRef::Initiative(i)));
        r.sprint_goals.for_each(|i| add(ItemRef::SprintGoal(i)));
        self.duplicates = dup_seen;
    }

    /// See [`Index::obj_in_links`] and [`Index::kr_in_links`].
    fn build_in_links(&mut self) -> Result<(), Error> {
        let mut into_obj = Vec::new();
        let mut into_kr = Vec::new();
        for (l, t) in self.link_target.iter_enumerated() {
            match t {
                Some(Node::Objective(o)) => into_obj.push((*o, l)),
                Some(Node::KeyResult(k)) => into_kr.push((*k, l)),
                None => {}
            }
        }
        self.obj_in_links =
            Csr::build(self.ranges.objectives, &into_obj).ok_or_else(|| too_many("links"))?;
        self.kr_in_links =
            Csr::build(self.ranges.key_results, &into_kr).ok_or_else(|| too_many("links"))?;
        Ok(())
    }

    /// Parent/children, Euler tour, functions and cycles among units; all
    /// iterative, so a deep tree cannot overflow the stack.
    fn build_unit_tree(&mut self, doc: &Document) -> Result<(), Error> {
        let units = self.ranges.units;
        let pairs: Vec<(UnitIx, UnitIx)> = self
            .unit_parent
            .iter_enumerated()
            .filter_map(|(u, &p)| Some((p?, u)))
            .collect();
        self.unit_children = Csr::build(units, &pairs).ok_or_else(|| too_many("units"))?;
        self.unit_tin = IxVec::filled(units, None);
        self.unit_tout = IxVec::filled(units, None);
        self.unit_function = IxVec::filled(units, None);
        let kind = |u: UnitIx| doc.unit(u).kind;
        let mut clock = NonZeroU32::MIN;
        fn tick(clock: &mut NonZeroU32) -> Result<NonZeroU32, Error> {
            let now = *clock;
            *clock = clock.checked_add(1).ok_or_else(|| too_many("units"))?;
            Ok(now)
        }
        let mut stack: Vec<(UnitIx, usize)> = Vec::new();
        for root in units {
            if self.unit_parent[root].is_some() {
                continue;
            }
            stack.push((root, 0));
            self.unit_tin[root] = Some(tick(&mut clock)?);
            if kind(root) == UnitKind::Function {
                self.unit_function[root] = Some(root);
            }
            while let Some(&mut (u, ref mut next)) = stack.last_mut() {
                if let Some(&c) = self.unit_children.get(u).get(*next) {
                    *next += 1;
                    self.unit_tin[c] = Some(tick(&mut clock)?);
                    self.unit_function[c] = match kind(c) {
                        UnitKind::Function => Some(c),
                        UnitKind::Company => None,
                        UnitKind::Team => self.unit_function[u],
                    };
                    stack.push((c, 0));
                } else {
                    self.unit_tout[u] = Some(tick(&mut clock)?);
                    stack.pop();
                }
            }
        }
        // Units never reached from a root are in, or below, a parent cycle.
        let mut walk: IxVec<UnitIx, Option<UnitIx>> = IxVec::filled(units, None);
        for start in units {
            if self.unit_tin[start].is_some() || walk[start].is_some() {
                continue;
            }
            let mut cur = Some(start);
            while let Some(u) = cur {
                if walk[u].is_some() || self.unit_tin[u].is_some() {
                    break;
                }
                walk[u] = Some(start);
                cur = self.unit_parent[u];
            }
            if let Some(u) = cur.filter(|&u| walk[u] == Some(start)) {
                let mut members = vec![u];
                let mut v = self.unit_parent[u];
                while let Some(w) = v.filter(|&w| w != u) {
                    members.push(w);
                    v = self.unit_parent[w];
                }
                self.unit_cycles.push(members);
            }
        }
        Ok(())
    }

    /// The cascade graph: objective -> link target, KR -> its objective,
    /// part -> its whole.
    fn build_cascade_graph(&mut self) -> Result<(), Error> {
        let (objectives, key_results) = (self.ranges.objectives, self.ranges.key_results);
        let n_obj = objectives.len();
        let n_nodes = n_obj + key_results.len();
        let n_edges = self
            .link_target
            .len()
            .saturating_add(key_results.len().saturating_mul(2));
        // petgraph's u32 indices hold u32::MAX - 1 nodes and edges.
        if n_nodes >= u32::MAX as usize || n_edges >= u32::MAX as usize {
            return Err(too_many("objectives and key results"));
        }
        let slot = |n: Node| match n {
            Node::Objective(o) => NodeIndex::new(o.index()),
            Node::KeyResult(k) => NodeIndex::new(n_obj + k.index()),
        };
        // The node of each graph slot (the graph itself carries no weights,
        // so its walks touch less memory).
        let nodes: Vec<Node> = objectives
            .map(Node::Objective)
            .chain(key_results.map(Node::KeyResult))
            .collect();
        #[expect(
            clippy::indexing_slicing,
            reason = "INVARIANT: the graph has one node per entry of nodes, added in order"
        )]
        let node_of = |n: NodeIndex| nodes[n.index()];
        let mut g: DiGraph<(), ()> = DiGraph::with_capacity(n_nodes, n_edges);
        for _ in &nodes {
            g.add_node(());
        }
        let mut self_loop = NodeMap::filled(objectives, key_results, false);
        for (l, t) in self.link_target.iter_enumerated() {
            if let Some(t) = *t {
                let from = Node::Objective(self.link_owner[l]);
                if from == t {
                    self_loop[t] = true;
                }
                g.add_edge(slot(from), slot(t), ());
            }
        }
        for (k, o) in self.kr_objective.iter_enumerated() {
            if let Some(o) = *o {
                g.add_edge(slot(Node::KeyResult(k)), slot(Node::Objective(o)), ());
            }
        }
        for (k, w) in self.kr_part_of.iter_enumerated() {
            if let Some(w) = *w {
                if w == k {
                    self_loop[Node::KeyResult(k)] = true;
                }
                g.add_edge(slot(Node::KeyResult(k)), slot(Node::KeyResult(w)), ());
            }
        }
        // kosaraju_scc is iterative and returns components in reverse
        // topological order.
        let sccs = petgraph::algo::kosaraju_scc(&g);
        self.node_in_cycle = NodeMap::filled(objectives, key_results, false);
        self.node_scc = NodeMap::filled(objectives, key_results, 0);
        self.order = Vec::with_capacity(n_nodes);
        for (c_ix, comp) in (0u32..).zip(sccs.iter().rev()) {
            let first = self.order.len();
            for &n in comp {
                let n = node_of(n);
                self.node_scc[n] = c_ix;
                self.order.push(n);
            }
            #[expect(
                clippy::indexing_slicing,
                reason = "INVARIANT: first is the length of order before this component"
            )]
            let members = &self.order[first..];
            if let [one] = members {
                if !self_loop[*one] {
                    continue;
                }
            }
            for &n in members {
                self.node_in_cycle[n] = true;
            }
            self.cascade_cycles.push(members.to_vec());
        }
        // Reverse reachability from the priorities.
        self.node_traces = NodeMap::filled(objectives, key_results, false);
        let mut queue: Vec<NodeIndex> = Vec::new();
        for (o, &p) in self.obj_is_priority.iter_enumerated() {
            if p {
                self.node_traces[Node::Objective(o)] = true;
                queue.push(slot(Node::Objective(o)));
            }
        }
        while let Some(n) = queue.pop() {
            for m in g.neighbors_directed(n, petgraph::Direction::Incoming) {
                let t = &mut self.node_traces[node_of(m)];
                if !*t {
                    *t = true;
                    queue.push(m);
                }
            }
        }
        Ok(())
    }
}

/// Resolves references, recording the broken ones.
struct Resolver<'a> {
    doc: &'a Document,
    ids: &'a IdTable,
    broken: Vec<BrokenRef>,
}

impl Resolver<'_> {
    /// The item `id` names, when `pick` accepts it; otherwise records a
    /// broken reference.
    fn resolve<I>(
        &mut self,
        owner: ItemRef,
        field: impl FnOnce() -> String,
        id: &str,
        expected: &'static str,
        pick: impl FnOnce(ItemRef) -> Option<I>,
    ) -> Option<I> {
        let found = self.ids.get(self.doc, id);
        if let Some(i) = found.and_then(pick) {
            return Some(i);
        }
        self.broken.push(BrokenRef {
            owner,
            field: field(),
            target: id.to_string(),
            expected,
            found: found.map(ItemRef::kind),
        });
        None
    }

    fn unit(&mut self, owner: ItemRef, field: &'static str, id: &str) -> Option<UnitIx> {
        self.resolve(owner, || field.to_string(), id, "a unit", ItemRef::unit)
    }

    fn key_result(
        &mut self,
        owner: ItemRef,
        field: impl FnOnce() -> String,
        id: &str,
    ) -> Option<KrIx> {
        self.resolve(owner, field, id, "a key result", ItemRef::key_result)
    }

    fn node(&mut self, owner: ItemRef, field: impl FnOnce() -> String, id: &str) -> Option<Node> {
        self.resolve(
            owner,
            field,
            id,
            "an objective or a key result",
            ItemRef::node,
        )
    }
}

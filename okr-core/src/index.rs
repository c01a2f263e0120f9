//! The index built once per document: ids interned into dense indices,
//! every reference resolved, adjacency in flat arrays, the cascade graph's
//! strongly connected components and a topological order. Every algorithm
//! (rules, rollup, lineage, views) reads these arrays; none hashes strings.

use hashbrown::{DefaultHashBuilder, HashTable};
use petgraph::graph::{DiGraph, NodeIndex};
use std::hash::BuildHasher;

use crate::csr::Csr;
use crate::document::{Document, LinkKind, UnitKind};

/// "No index": an unresolved reference or an absent parent.
pub(crate) const NONE: u32 = u32::MAX;

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

/// An item by kind and position in its array of the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ItemRef {
    /// Which array.
    pub kind: ItemKind,
    /// Position in it.
    pub index: u32,
}

impl ItemRef {
    pub(crate) fn new(kind: ItemKind, index: usize) -> ItemRef {
        ItemRef {
            kind,
            index: index as u32,
        }
    }
}

/// A node of the cascade graph: an objective or a key result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Node {
    /// An objective, by index.
    Objective(u32),
    /// A key result, by index.
    KeyResult(u32),
}

impl Default for Node {
    fn default() -> Self {
        Node::Objective(0)
    }
}

/// The id of any item (check-ins: their key result's id).
pub(crate) fn id_of(doc: &Document, item: ItemRef) -> &str {
    let i = item.index as usize;
    let s = match item.kind {
        ItemKind::Cycle => Some(doc.cycle.id.as_str()),
        ItemKind::Unit => doc.units.get(i).map(|x| x.id.as_str()),
        ItemKind::Theme => doc.themes.get(i).map(|x| x.id.as_str()),
        ItemKind::Objective => doc.objectives.get(i).map(|x| x.id.as_str()),
        ItemKind::KeyResult => doc.key_results.get(i).map(|x| x.id.as_str()),
        ItemKind::Contribution => doc.contributions.get(i).map(|x| x.id.as_str()),
        ItemKind::Mandate => doc.mandates.get(i).map(|x| x.id.as_str()),
        ItemKind::Initiative => doc.initiatives.get(i).map(|x| x.id.as_str()),
        ItemKind::SprintGoal => doc.sprint_goals.get(i).map(|x| x.id.as_str()),
        ItemKind::CheckIn => doc.check_ins.get(i).map(|x| x.key_result.as_str()),
    };
    s.unwrap_or("")
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

/// The index of one document. Fields are flat arrays indexed by the
/// position of an item in its document array.
#[derive(Clone, Default)]
pub(crate) struct Index {
    pub ids: IdTable,
    /// Ids used more than once: the first item of each, once.
    pub duplicates: Vec<ItemRef>,
    /// References that failed (E002).
    pub broken: Vec<BrokenRef>,
    /// Direct links (objective, link position) whose target exists but is not a KR (E006).
    pub direct_to_non_kr: Vec<(u32, u32)>,

    /// Company-kind units.
    pub companies: Vec<u32>,
    /// The company unit, when there is exactly one.
    pub company: u32,
    pub unit_parent: Vec<u32>,
    pub unit_children: Csr<u32>,
    /// Euler-tour entry / exit numbers; NONE for units in or below a cycle.
    pub unit_tin: Vec<u32>,
    pub unit_tout: Vec<u32>,
    /// The function-kind unit on the path to the company (itself for a function).
    pub unit_function: Vec<u32>,
    /// Cycles among units: members of each.
    pub unit_cycles: Vec<Vec<u32>>,
    pub unit_objectives: Csr<u32>,
    pub unit_contributions: Csr<u32>,
    pub unit_mandates: Csr<u32>,

    pub obj_unit: Vec<u32>,
    pub obj_krs: Csr<u32>,
    pub obj_themes: Csr<u32>,
    pub obj_audience: Csr<u32>,
    /// Company priorities: objectives of a company unit with no links.
    pub obj_is_priority: Vec<bool>,
    /// Objectives owned by a company-kind unit.
    pub obj_is_company: Vec<bool>,
    /// First global link position of each objective (n_obj + 1 entries).
    pub link_start: Vec<u32>,
    /// Resolved target of each link (`None` when broken).
    pub link_target: Vec<Option<Node>>,
    /// Objective owning each link.
    pub link_owner: Vec<u32>,

    pub kr_objective: Vec<u32>,
    pub kr_audience: Csr<u32>,
    /// Direct links into each KR: global link positions, document order.
    pub kr_direct_links: Csr<u32>,
    /// Check-ins of each KR, ordered by (date, document position).
    pub kr_check_ins: Csr<u32>,

    pub theme_objectives: Csr<u32>,

    pub contribution_unit: Vec<u32>,
    pub contribution_to: Vec<Option<Node>>,
    pub mandate_unit: Vec<u32>,
    pub mandate_supports: Csr<Node>,
    pub initiative_unit: Vec<u32>,
    pub initiative_krs: Csr<u32>,
    pub sprint_unit: Vec<u32>,
    pub sprint_krs: Csr<u32>,
    pub checkin_kr: Vec<u32>,

    /// Strongly connected components of the cascade graph that are cycles.
    pub cascade_cycles: Vec<Vec<Node>>,
    /// Whether each graph node lies on a cycle.
    pub node_in_cycle: Vec<bool>,
    /// Strongly connected component number of each graph node.
    pub node_scc: Vec<u32>,
    /// Check-ins recorded after loading (incremental updates), per KR.
    pub extra_check_ins: hashbrown::HashMap<u32, Vec<u32>>,
    /// Topological order of the cascade graph (link sources before targets;
    /// a KR before its objective); cycles in arbitrary order.
    pub order: Vec<Node>,
    /// Whether some path of links from each graph node reaches a company
    /// priority (a priority traces to itself).
    pub node_traces: Vec<bool>,
}

impl Index {
    /// Graph node number: objectives first, then KRs.
    #[inline]
    pub fn node_slot(&self, n: Node) -> usize {
        match n {
            Node::Objective(i) => i as usize,
            Node::KeyResult(i) => self.obj_unit.len() + i as usize,
        }
    }

    /// Check-in positions of KR `k`, ordered by (date, document position),
    /// including check-ins recorded after loading.
    pub fn check_ins_of<'a>(&'a self, doc: &Document, k: u32) -> std::borrow::Cow<'a, [u32]> {
        let base = self.kr_check_ins.get(k);
        if self.extra_check_ins.is_empty() {
            return std::borrow::Cow::Borrowed(base);
        }
        match self.extra_check_ins.get(&k) {
            None => std::borrow::Cow::Borrowed(base),
            Some(extra) => {
                let mut all: Vec<u32> = base.iter().chain(extra.iter()).copied().collect();
                all.sort_by_key(|&i| (doc.check_ins.get(i as usize).map(|c| c.date), i));
                std::borrow::Cow::Owned(all)
            }
        }
    }

    /// Whether a graph node traces to a company priority.
    pub fn traces(&self, n: Node) -> bool {
        self.node_traces
            .get(self.node_slot(n))
            .copied()
            .unwrap_or(false)
    }

    /// True when two graph nodes are in the same strongly connected component.
    pub fn same_scc(&self, a: Node, b: Node) -> bool {
        self.node_scc.get(self.node_slot(a)) == self.node_scc.get(self.node_slot(b))
    }

    /// Links of objective `o` as global positions.
    pub fn links_of(&self, o: u32) -> std::ops::Range<usize> {
        let a = self.link_start.get(o as usize).copied().unwrap_or(0) as usize;
        let b = self.link_start.get(o as usize + 1).copied().unwrap_or(0) as usize;
        a..b
    }

    /// True when `a` is `u` or an ancestor of `u` in the unit tree.
    #[inline]
    pub fn is_ancestor_or_self(&self, a: u32, u: u32) -> bool {
        if a == u {
            return true;
        }
        match (
            self.unit_tin.get(a as usize),
            self.unit_tout.get(a as usize),
            self.unit_tin.get(u as usize),
            self.unit_tout.get(u as usize),
        ) {
            (Some(&ai), Some(&ao), Some(&ui), Some(&uo)) if ai != NONE && ui != NONE => {
                ai <= ui && uo <= ao
            }
            _ => false,
        }
    }

    pub fn build(doc: &Document) -> Index {
        let mut ix = Index::default();
        let n_units = doc.units.len();
        let n_obj = doc.objectives.len();
        let n_kr = doc.key_results.len();
        let total = 1
            + n_units
            + doc.themes.len()
            + n_obj
            + n_kr
            + doc.contributions.len()
            + doc.mandates.len()
            + doc.initiatives.len()
            + doc.sprint_goals.len();
        ix.ids = IdTable::with_capacity(total);
        ix.intern(doc);

        let mut r = Resolver {
            doc,
            ids: &ix.ids,
            broken: Vec::new(),
        };

        // Units.
        ix.unit_parent = doc
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| match &u.parent {
                Some(p) => r.unit(ItemRef::new(ItemKind::Unit, i), "parent", p),
                None => NONE,
            })
            .collect();
        ix.companies = (0..n_units as u32)
            .filter(|&i| doc.units.get(i as usize).map(|u| u.kind) == Some(UnitKind::Company))
            .collect();
        ix.company = match ix.companies.as_slice() {
            [c] => *c,
            _ => NONE,
        };

        // Objectives.
        ix.obj_unit = Vec::with_capacity(n_obj);
        let mut theme_pairs = Vec::new();
        let mut obj_theme_pairs = Vec::new();
        let mut obj_aud = Vec::new();
        ix.link_start = Vec::with_capacity(n_obj + 1);
        for (i, o) in doc.objectives.iter().enumerate() {
            let me = ItemRef::new(ItemKind::Objective, i);
            ix.obj_unit.push(r.unit(me, "unit", &o.unit));
            for (t_pos, t) in o.themes.iter().enumerate() {
                let t_ix = r.one(
                    me,
                    || format!("themes[{t_pos}]"),
                    t,
                    ItemKind::Theme,
                    "a theme",
                );
                if t_ix != NONE {
                    obj_theme_pairs.push((i as u32, t_ix));
                }
            }
            for (a_pos, a) in o.audience.iter().enumerate() {
                let u = r.one(
                    me,
                    || format!("audience[{a_pos}]"),
                    a,
                    ItemKind::Unit,
                    "a unit",
                );
                if u != NONE {
                    obj_aud.push((i as u32, u));
                }
            }
        }
        let company_unit =
            |u: u32| doc.units.get(u as usize).map(|x| x.kind) == Some(UnitKind::Company);
        ix.obj_is_company = ix.obj_unit.iter().map(|&u| company_unit(u)).collect();
        ix.obj_is_priority = doc
            .objectives
            .iter()
            .zip(&ix.obj_is_company)
            .map(|(o, &c)| c && o.links.is_empty())
            .collect();
        for &(o, t) in &obj_theme_pairs {
            if ix.obj_is_company.get(o as usize) == Some(&true) {
                theme_pairs.push((t, o));
            }
        }
        ix.obj_themes = Csr::build(n_obj, &obj_theme_pairs);
        ix.theme_objectives = Csr::build(doc.themes.len(), &theme_pairs);
        ix.obj_audience = Csr::build(n_obj, &obj_aud);

        // Key results.
        let mut kr_aud = Vec::new();
        ix.kr_objective = Vec::with_capacity(n_kr);
        let mut obj_kr_pairs = Vec::with_capacity(n_kr);
        for (i, k) in doc.key_results.iter().enumerate() {
            let me = ItemRef::new(ItemKind::KeyResult, i);
            let o = r.one(
                me,
                || "objective".into(),
                &k.objective,
                ItemKind::Objective,
                "an objective",
            );
            ix.kr_objective.push(o);
            if o != NONE {
                obj_kr_pairs.push((o, i as u32));
            }
            for (a_pos, a) in k.audience.iter().enumerate() {
                let u = r.one(
                    me,
                    || format!("audience[{a_pos}]"),
                    a,
                    ItemKind::Unit,
                    "a unit",
                );
                if u != NONE {
                    kr_aud.push((i as u32, u));
                }
            }
        }
        ix.obj_krs = Csr::build(n_obj, &obj_kr_pairs);
        ix.kr_audience = Csr::build(n_kr, &kr_aud);

        // Links.
        let mut direct_pairs = Vec::new();
        for (i, o) in doc.objectives.iter().enumerate() {
            ix.link_start.push(ix.link_target.len() as u32);
            let me = ItemRef::new(ItemKind::Objective, i);
            for (l_pos, link) in o.links.iter().enumerate() {
                let g = ix.link_target.len() as u32;
                let target = match ix.ids.get(doc, &link.to) {
                    Some(ItemRef {
                        kind: ItemKind::KeyResult,
                        index,
                    }) => {
                        if link.kind == LinkKind::Direct {
                            direct_pairs.push((index, g));
                        }
                        Some(Node::KeyResult(index))
                    }
                    Some(ItemRef {
                        kind: ItemKind::Objective,
                        index,
                    }) => {
                        if link.kind == LinkKind::Direct {
                            ix.direct_to_non_kr.push((i as u32, l_pos as u32));
                        }
                        Some(Node::Objective(index))
                    }
                    found => {
                        if link.kind == LinkKind::Direct && found.is_some() {
                            ix.direct_to_non_kr.push((i as u32, l_pos as u32));
                        } else {
                            r.broken.push(BrokenRef {
                                owner: me,
                                field: format!("links[{l_pos}].to"),
                                target: link.to.clone(),
                                expected: if link.kind == LinkKind::Direct {
                                    "a key result"
                                } else {
                                    "an objective or a key result"
                                },
                                found: found.map(|f| f.kind),
                            });
                        }
                        None
                    }
                };
                ix.link_target.push(target);
                ix.link_owner.push(i as u32);
            }
        }
        ix.link_start.push(ix.link_target.len() as u32);
        ix.kr_direct_links = Csr::build(n_kr, &direct_pairs);

        // Contributions, mandates, initiatives, sprint goals.
        for (i, c) in doc.contributions.iter().enumerate() {
            let me = ItemRef::new(ItemKind::Contribution, i);
            ix.contribution_unit.push(r.unit(me, "unit", &c.unit));
            ix.contribution_to.push(r.node(me, || "to".into(), &c.to));
        }
        let mut supports = Vec::new();
        for (i, m) in doc.mandates.iter().enumerate() {
            let me = ItemRef::new(ItemKind::Mandate, i);
            ix.mandate_unit.push(r.unit(me, "unit", &m.unit));
            for (s_pos, s) in m.supports.iter().enumerate() {
                if let Some(n) = r.node(me, || format!("supports[{s_pos}]"), s) {
                    supports.push((i as u32, n));
                }
            }
        }
        ix.mandate_supports = Csr::build(doc.mandates.len(), &supports);
        let mut init_krs = Vec::new();
        for (i, w) in doc.initiatives.iter().enumerate() {
            let me = ItemRef::new(ItemKind::Initiative, i);
            ix.initiative_unit.push(r.unit(me, "unit", &w.unit));
            for (k_pos, k) in w.key_results.iter().enumerate() {
                let kr = r.one(
                    me,
                    || format!("key_results[{k_pos}]"),
                    k,
                    ItemKind::KeyResult,
                    "a key result",
                );
                if kr != NONE {
                    init_krs.push((i as u32, kr));
                }
            }
        }
        ix.initiative_krs = Csr::build(doc.initiatives.len(), &init_krs);
        let mut sprint_krs = Vec::new();
        for (i, w) in doc.sprint_goals.iter().enumerate() {
            let me = ItemRef::new(ItemKind::SprintGoal, i);
            ix.sprint_unit.push(r.unit(me, "unit", &w.unit));
            for (k_pos, k) in w.key_results.iter().enumerate() {
                let kr = r.one(
                    me,
                    || format!("key_results[{k_pos}]"),
                    k,
                    ItemKind::KeyResult,
                    "a key result",
                );
                if kr != NONE {
                    sprint_krs.push((i as u32, kr));
                }
            }
        }
        ix.sprint_krs = Csr::build(doc.sprint_goals.len(), &sprint_krs);

        // Check-ins, ordered by date within each KR (stable: document order on ties).
        let mut ci_pairs = Vec::with_capacity(doc.check_ins.len());
        for (i, c) in doc.check_ins.iter().enumerate() {
            let me = ItemRef::new(ItemKind::CheckIn, i);
            let kr = r.one(
                me,
                || "key_result".into(),
                &c.key_result,
                ItemKind::KeyResult,
                "a key result",
            );
            ix.checkin_kr.push(kr);
            if kr != NONE {
                ci_pairs.push((kr, i as u32));
            }
        }
        ci_pairs.sort_by_key(|&(kr, i)| (kr, doc.check_ins.get(i as usize).map(|c| c.date), i));
        ix.kr_check_ins = Csr::build(n_kr, &ci_pairs);

        ix.broken = r.broken;

        // Membership lists per unit.
        let pairs = |units: &[u32]| -> Vec<(u32, u32)> {
            units
                .iter()
                .enumerate()
                .filter(|(_, &u)| u != NONE)
                .map(|(i, &u)| (u, i as u32))
                .collect()
        };
        ix.unit_objectives = Csr::build(n_units, &pairs(&ix.obj_unit));
        ix.unit_contributions = Csr::build(n_units, &pairs(&ix.contribution_unit));
        ix.unit_mandates = Csr::build(n_units, &pairs(&ix.mandate_unit));

        ix.build_unit_tree(doc);
        ix.build_cascade_graph();
        ix
    }

    fn intern(&mut self, doc: &Document) {
        let mut dup_seen: Vec<ItemRef> = Vec::new();
        let mut add = |ids: &mut IdTable, item: ItemRef| {
            if let Some(first) = ids.insert(doc, item) {
                if !dup_seen.contains(&first) {
                    dup_seen.push(first);
                }
            }
        };
        add(&mut self.ids, ItemRef::new(ItemKind::Cycle, 0));
        let kinds: [(ItemKind, usize); 8] = [
            (ItemKind::Unit, doc.units.len()),
            (ItemKind::Theme, doc.themes.len()),
            (ItemKind::Objective, doc.objectives.len()),
            (ItemKind::KeyResult, doc.key_results.len()),
            (ItemKind::Contribution, doc.contributions.len()),
            (ItemKind::Mandate, doc.mandates.len()),
            (ItemKind::Initiative, doc.initiatives.len()),
            (ItemKind::SprintGoal, doc.sprint_goals.len()),
        ];
        for (kind, n) in kinds {
            for i in 0..n {
                add(&mut self.ids, ItemRef::new(kind, i));
            }
        }
        self.duplicates = dup_seen;
    }

    /// Parent/children, Euler tour, functions and cycles among units; all
    /// iterative, so a deep tree cannot overflow the stack.
    fn build_unit_tree(&mut self, doc: &Document) {
        let n = doc.units.len();
        let pairs: Vec<(u32, u32)> = self
            .unit_parent
            .iter()
            .enumerate()
            .filter(|(_, &p)| p != NONE)
            .map(|(i, &p)| (p, i as u32))
            .collect();
        self.unit_children = Csr::build(n, &pairs);
        self.unit_tin = vec![NONE; n];
        self.unit_tout = vec![NONE; n];
        self.unit_function = vec![NONE; n];
        let kind = |u: u32| doc.units.get(u as usize).map(|x| x.kind);
        let mut clock = 0u32;
        let mut stack: Vec<(u32, usize)> = Vec::new();
        for root in 0..n as u32 {
            if self.unit_parent.get(root as usize) != Some(&NONE) {
                continue;
            }
            stack.push((root, 0));
            if let Some(t) = self.unit_tin.get_mut(root as usize) {
                *t = clock;
            }
            clock += 1;
            if kind(root) == Some(UnitKind::Function) {
                if let Some(f) = self.unit_function.get_mut(root as usize) {
                    *f = root;
                }
            }
            while let Some(&mut (u, ref mut next)) = stack.last_mut() {
                let children = self.unit_children.get(u);
                if let Some(&c) = children.get(*next) {
                    *next += 1;
                    if let Some(t) = self.unit_tin.get_mut(c as usize) {
                        *t = clock;
                    }
                    clock += 1;
                    let f = if kind(c) == Some(UnitKind::Function) {
                        c
                    } else if kind(c) == Some(UnitKind::Company) {
                        NONE
                    } else {
                        self.unit_function.get(u as usize).copied().unwrap_or(NONE)
                    };
                    if let Some(slot) = self.unit_function.get_mut(c as usize) {
                        *slot = f;
                    }
                    stack.push((c, 0));
                } else {
                    if let Some(t) = self.unit_tout.get_mut(u as usize) {
                        *t = clock;
                    }
                    clock += 1;
                    stack.pop();
                }
            }
        }
        // Units never reached from a root are in, or below, a parent cycle.
        let mut walk = vec![NONE; n];
        for start in 0..n as u32 {
            if self.unit_tin.get(start as usize) != Some(&NONE)
                || walk.get(start as usize) != Some(&NONE)
            {
                continue;
            }
            let mut u = start;
            while u != NONE && walk.get(u as usize) == Some(&NONE) {
                if self.unit_tin.get(u as usize) != Some(&NONE) {
                    break;
                }
                if let Some(w) = walk.get_mut(u as usize) {
                    *w = start;
                }
                u = self.unit_parent.get(u as usize).copied().unwrap_or(NONE);
            }
            if u != NONE && walk.get(u as usize) == Some(&start) {
                let mut members = vec![u];
                let mut v = self.unit_parent.get(u as usize).copied().unwrap_or(NONE);
                while v != u && v != NONE {
                    members.push(v);
                    v = self.unit_parent.get(v as usize).copied().unwrap_or(NONE);
                }
                self.unit_cycles.push(members);
            }
        }
    }

    /// The cascade graph: objective -> link target, KR -> its objective.
    fn build_cascade_graph(&mut self) {
        let n_obj = self.obj_unit.len();
        let n_kr = self.kr_objective.len();
        let mut g: DiGraph<(), ()> =
            DiGraph::with_capacity(n_obj + n_kr, self.link_target.len() + n_kr);
        for _ in 0..(n_obj + n_kr) {
            g.add_node(());
        }
        let mut self_loop = vec![false; n_obj + n_kr];
        for (l, t) in self.link_target.iter().enumerate() {
            if let (Some(t), Some(&o)) = (t, self.link_owner.get(l)) {
                let a = o as usize;
                let b = self.node_slot(*t);
                if a == b {
                    if let Some(s) = self_loop.get_mut(a) {
                        *s = true;
                    }
                }
                g.add_edge(NodeIndex::new(a), NodeIndex::new(b), ());
            }
        }
        for (k, &o) in self.kr_objective.iter().enumerate() {
            if o != NONE {
                g.add_edge(NodeIndex::new(n_obj + k), NodeIndex::new(o as usize), ());
            }
        }
        let node_of = |slot: usize| {
            if slot < n_obj {
                Node::Objective(slot as u32)
            } else {
                Node::KeyResult((slot - n_obj) as u32)
            }
        };
        // kosaraju_scc is iterative and returns components in reverse
        // topological order.
        let sccs = petgraph::algo::kosaraju_scc(&g);
        self.node_in_cycle = vec![false; n_obj + n_kr];
        self.node_scc = vec![0; n_obj + n_kr];
        self.order = Vec::with_capacity(n_obj + n_kr);
        for (c_ix, comp) in sccs.iter().rev().enumerate() {
            for n in comp {
                if let Some(s) = self.node_scc.get_mut(n.index()) {
                    *s = c_ix as u32;
                }
            }
            let cyclic = comp.len() > 1
                || comp
                    .first()
                    .is_some_and(|n| self_loop.get(n.index()) == Some(&true));
            if cyclic {
                let mut members = Vec::with_capacity(comp.len());
                for n in comp {
                    if let Some(c) = self.node_in_cycle.get_mut(n.index()) {
                        *c = true;
                    }
                    members.push(node_of(n.index()));
                }
                self.cascade_cycles.push(members);
            }
            for n in comp {
                self.order.push(node_of(n.index()));
            }
        }
        // Reverse reachability from the priorities.
        self.node_traces = vec![false; n_obj + n_kr];
        let mut queue: Vec<NodeIndex> = Vec::new();
        for (o, &p) in self.obj_is_priority.iter().enumerate() {
            if p {
                if let Some(t) = self.node_traces.get_mut(o) {
                    *t = true;
                }
                queue.push(NodeIndex::new(o));
            }
        }
        while let Some(n) = queue.pop() {
            for m in g.neighbors_directed(n, petgraph::Direction::Incoming) {
                if let Some(t) = self.node_traces.get_mut(m.index()) {
                    if !*t {
                        *t = true;
                        queue.push(m);
                    }
                }
            }
        }
    }
}

/// Resolves references, recording the broken ones.
struct Resolver<'a> {
    doc: &'a Document,
    ids: &'a IdTable,
    broken: Vec<BrokenRef>,
}

impl Resolver<'_> {
    fn one(
        &mut self,
        owner: ItemRef,
        field: impl FnOnce() -> String,
        id: &str,
        kind: ItemKind,
        expected: &'static str,
    ) -> u32 {
        match self.ids.get(self.doc, id) {
            Some(it) if it.kind == kind => it.index,
            found => {
                self.broken.push(BrokenRef {
                    owner,
                    field: field(),
                    target: id.to_string(),
                    expected,
                    found: found.map(|f| f.kind),
                });
                NONE
            }
        }
    }

    fn unit(&mut self, owner: ItemRef, field: &'static str, id: &str) -> u32 {
        self.one(owner, || field.to_string(), id, ItemKind::Unit, "a unit")
    }

    fn node(&mut self, owner: ItemRef, field: impl FnOnce() -> String, id: &str) -> Option<Node> {
        match self.ids.get(self.doc, id) {
            Some(ItemRef {
                kind: ItemKind::Objective,
                index,
            }) => Some(Node::Objective(index)),
            Some(ItemRef {
                kind: ItemKind::KeyResult,
                index,
            }) => Some(Node::KeyResult(index)),
            found => {
                self.broken.push(BrokenRef {
                    owner,
                    field: field(),
                    target: id.to_string(),
                    expected: "an objective or a key result",
                    found: found.map(|f| f.kind),
                });
                None
            }
        }
    }
}

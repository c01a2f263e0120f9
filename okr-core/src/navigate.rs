//! Read-only navigation of a loaded cascade: the unit tree, what a unit
//! owns, an objective's key results, and the links into an objective or a
//! key result, all by position ([`ItemRef`]), read from the index.
//!
//! Every answer is read from the index's adjacency arrays, in time
//! proportional to its length, and follows references exactly as the
//! rules and the rollup resolve them: when an id is used twice (E001
//! switched off), a reference names the first item with that id, so a key
//! result belongs to one objective only, the one whose figures count it.
//! Asking about an item of the wrong kind (the children of an objective)
//! or a position outside the document gives an empty answer.
//!
//! ```
//! use okr_core::{Cascade, ItemKind, LinkKind};
//!
//! let cascade = Cascade::from_json(r#"{
//!   "okr": "1",
//!   "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"},
//!   "units": [{"id": "acme", "kind": "company"},
//!             {"id": "eng", "name": "Engineering", "kind": "function", "parent": "acme"}],
//!   "objectives": [
//!     {"id": "O1", "unit": "acme", "title": "Grow mid-market revenue"},
//!     {"id": "O2", "unit": "eng", "title": "Remove the blockers",
//!      "links": [{"kind": "direct", "to": "KR1"}]}
//!   ],
//!   "key_results": [
//!     {"id": "KR1", "objective": "O1", "title": "Increase ARR from $12M to $20M",
//!      "metric": {"kind": "increase", "start": 12, "target": 20}}
//!   ]
//! }"#)?;
//!
//! let acme = cascade.lookup("acme").unwrap();
//! let eng: Vec<_> = cascade.children(acme).collect();
//! assert_eq!(cascade.describe(eng[0]), r#"function eng "Engineering""#);
//!
//! let o1 = cascade.objectives_of(acme).next().unwrap();
//! let kr1 = cascade.key_results_of(o1).next().unwrap();
//! assert_eq!(cascade.id_of(kr1), "KR1");
//!
//! let into: Vec<_> = cascade.links_into(kr1).collect();
//! assert_eq!(into.len(), 1);
//! assert_eq!((cascade.id_of(into[0].from), into[0].kind), ("O2", LinkKind::Direct));
//! assert_eq!(cascade.unit_of(into[0].from), eng.first().copied());
//! assert_eq!(into[0].from.kind, ItemKind::Objective);
//! # Ok::<(), okr_core::Error>(())
//! ```

use std::iter::FusedIterator;
use std::ops::Range;

use crate::describe::{self, ItemName};
use crate::document::LinkKind;
use crate::index::{Index, ItemKind, ItemRef, Node, NONE};
use crate::Cascade;

/// Items of one kind, by position: the answer of a navigation query.
#[derive(Clone, Debug)]
pub struct Items<'a> {
    kind: ItemKind,
    positions: Positions<'a>,
}

#[derive(Clone, Debug)]
enum Positions<'a> {
    Listed(std::slice::Iter<'a, u32>),
    Every(Range<u32>),
}

impl<'a> Items<'a> {
    fn listed(kind: ItemKind, positions: &'a [u32]) -> Items<'a> {
        Items {
            kind,
            positions: Positions::Listed(positions.iter()),
        }
    }

    fn empty(kind: ItemKind) -> Items<'a> {
        Items::listed(kind, &[])
    }

    fn item(&self, index: u32) -> ItemRef {
        ItemRef {
            kind: self.kind,
            index,
        }
    }
}

impl Iterator for Items<'_> {
    type Item = ItemRef;

    fn next(&mut self) -> Option<ItemRef> {
        let index = match &mut self.positions {
            Positions::Listed(it) => it.next().copied(),
            Positions::Every(range) => range.next(),
        }?;
        Some(self.item(index))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.positions {
            Positions::Listed(it) => it.size_hint(),
            Positions::Every(range) => range.size_hint(),
        }
    }
}

impl DoubleEndedIterator for Items<'_> {
    fn next_back(&mut self) -> Option<ItemRef> {
        let index = match &mut self.positions {
            Positions::Listed(it) => it.next_back().copied(),
            Positions::Every(range) => range.next_back(),
        }?;
        Some(self.item(index))
    }
}

impl ExactSizeIterator for Items<'_> {}
impl FusedIterator for Items<'_> {}

/// A link from an objective into an objective or a key result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct LinkRef {
    /// The objective that links.
    pub from: ItemRef,
    /// The link's position in that objective's `links`.
    pub position: u32,
    /// Direct or responding.
    pub kind: LinkKind,
}

/// The links into an item: see [`Cascade::links_into`].
#[derive(Clone, Debug)]
pub struct LinksInto<'a> {
    cascade: &'a Cascade,
    links: std::slice::Iter<'a, u32>,
}

impl Iterator for LinksInto<'_> {
    type Item = LinkRef;

    fn next(&mut self) -> Option<LinkRef> {
        // A position in the index always names a link of the document; a
        // link that somehow does not is skipped, never invented.
        self.links.by_ref().find_map(|&g| self.cascade.link_ref(g))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, self.links.size_hint().1)
    }
}

impl FusedIterator for LinksInto<'_> {}

// The index reads, one per relation: the only lines to adapt when the
// index's representation changes.

fn unit_children(ix: &Index, u: u32) -> &[u32] {
    ix.unit_children.get(u)
}

fn unit_parent(ix: &Index, u: u32) -> Option<u32> {
    ix.unit_parent
        .get(u as usize)
        .copied()
        .filter(|&p| p != NONE)
}

fn unit_objectives(ix: &Index, u: u32) -> &[u32] {
    ix.unit_objectives.get(u)
}

fn unit_contributions(ix: &Index, u: u32) -> &[u32] {
    ix.unit_contributions.get(u)
}

fn unit_mandates(ix: &Index, u: u32) -> &[u32] {
    ix.unit_mandates.get(u)
}

fn objective_krs(ix: &Index, o: u32) -> &[u32] {
    ix.obj_krs.get(o)
}

fn kr_objective(ix: &Index, k: u32) -> Option<u32> {
    ix.kr_objective
        .get(k as usize)
        .copied()
        .filter(|&o| o != NONE)
}

fn links_into_node(ix: &Index, n: Node) -> &[u32] {
    u32::try_from(ix.node_slot(n)).map_or(&[], |slot| ix.node_in_links.get(slot))
}

/// The objective owning a global link position, and the link's position
/// in that objective's `links`.
fn link_place(ix: &Index, g: u32) -> Option<(u32, u32)> {
    let o = *ix.link_owner.get(g as usize)?;
    let first = ix.links_of(o).start;
    let position = (g as usize).checked_sub(first)?;
    Some((o, u32::try_from(position).ok()?))
}

/// The unit owning an item, for the kinds that have one.
fn owner(ix: &Index, item: ItemRef) -> Option<u32> {
    let i = item.index as usize;
    let unit = match item.kind {
        ItemKind::Objective => ix.obj_unit.get(i),
        ItemKind::Contribution => ix.contribution_unit.get(i),
        ItemKind::Mandate => ix.mandate_unit.get(i),
        ItemKind::Initiative => ix.initiative_unit.get(i),
        ItemKind::SprintGoal => ix.sprint_unit.get(i),
        _ => None,
    };
    unit.copied().filter(|&u| u != NONE)
}

impl Cascade {
    /// How every message names `item`: `objective O2 "Title"`, `team
    /// payments "Payments"`, `contribution C1` (see [`ItemName`]). The
    /// rules' messages, the lineage answers and the command line all use
    /// it.
    ///
    /// ```
    /// # let cascade = okr_core::Cascade::from_json(r#"{"okr": "1",
    /// #   "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"},
    /// #   "units": [{"id": "acme", "kind": "company"}],
    /// #   "objectives": [{"id": "O1", "unit": "acme", "title": "Grow"}]}"#)?;
    /// let o1 = cascade.lookup("O1").unwrap();
    /// assert_eq!(cascade.describe(o1), r#"objective O1 "Grow""#);
    /// assert_eq!(cascade.name_of(o1).label(), r#"O1 "Grow""#);
    /// assert_eq!(cascade.describe(cascade.lookup("acme").unwrap()), "company acme");
    /// # Ok::<(), okr_core::Error>(())
    /// ```
    pub fn describe(&self, item: ItemRef) -> String {
        describe::describe(&self.doc, item)
    }

    /// The parts of [`Cascade::describe`]'s name, for a caller that lays
    /// them out itself (a shortened title, a table).
    pub fn name_of(&self, item: ItemRef) -> ItemName<'_> {
        describe::name_of(&self.doc, item)
    }

    /// Every item of a kind, in document order (the cycle is one item;
    /// check-ins are included).
    pub fn items(&self, kind: ItemKind) -> Items<'_> {
        let doc = &self.doc;
        let n = match kind {
            ItemKind::Cycle => 1,
            ItemKind::Unit => doc.units.len(),
            ItemKind::Theme => doc.themes.len(),
            ItemKind::Objective => doc.objectives.len(),
            ItemKind::KeyResult => doc.key_results.len(),
            ItemKind::Contribution => doc.contributions.len(),
            ItemKind::Mandate => doc.mandates.len(),
            ItemKind::Initiative => doc.initiatives.len(),
            ItemKind::SprintGoal => doc.sprint_goals.len(),
            ItemKind::CheckIn => doc.check_ins.len(),
        };
        Items {
            kind,
            positions: Positions::Every(0..u32::try_from(n).unwrap_or(u32::MAX)),
        }
    }

    /// The parent of a unit, when its `parent` names a unit.
    pub fn parent(&self, unit: ItemRef) -> Option<ItemRef> {
        if unit.kind != ItemKind::Unit {
            return None;
        }
        unit_parent(&self.ix, unit.index).map(|index| ItemRef {
            kind: ItemKind::Unit,
            index,
        })
    }

    /// The units whose `parent` is `unit`, in document order.
    pub fn children(&self, unit: ItemRef) -> Items<'_> {
        self.of_unit(unit, ItemKind::Unit, unit_children)
    }

    /// The objectives a unit owns, in document order.
    pub fn objectives_of(&self, unit: ItemRef) -> Items<'_> {
        self.of_unit(unit, ItemKind::Objective, unit_objectives)
    }

    /// The contribution statements of a unit, in document order.
    pub fn contributions_of(&self, unit: ItemRef) -> Items<'_> {
        self.of_unit(unit, ItemKind::Contribution, unit_contributions)
    }

    /// The mandates of a unit, in document order.
    pub fn mandates_of(&self, unit: ItemRef) -> Items<'_> {
        self.of_unit(unit, ItemKind::Mandate, unit_mandates)
    }

    fn of_unit(&self, unit: ItemRef, kind: ItemKind, read: fn(&Index, u32) -> &[u32]) -> Items<'_> {
        if unit.kind != ItemKind::Unit {
            return Items::empty(kind);
        }
        Items::listed(kind, read(&self.ix, unit.index))
    }

    /// The key results of an objective, in document order.
    pub fn key_results_of(&self, objective: ItemRef) -> Items<'_> {
        if objective.kind != ItemKind::Objective {
            return Items::empty(ItemKind::KeyResult);
        }
        Items::listed(
            ItemKind::KeyResult,
            objective_krs(&self.ix, objective.index),
        )
    }

    /// The objective a key result belongs to, when its `objective` names
    /// one.
    pub fn objective_of(&self, key_result: ItemRef) -> Option<ItemRef> {
        if key_result.kind != ItemKind::KeyResult {
            return None;
        }
        kr_objective(&self.ix, key_result.index).map(|index| ItemRef {
            kind: ItemKind::Objective,
            index,
        })
    }

    /// The unit owning an objective, a contribution, a mandate, an
    /// initiative or a sprint goal, when its `unit` names one.
    pub fn unit_of(&self, item: ItemRef) -> Option<ItemRef> {
        owner(&self.ix, item).map(|index| ItemRef {
            kind: ItemKind::Unit,
            index,
        })
    }

    /// The links into an objective or a key result, direct or responding,
    /// in document order: which objectives link to it, and how.
    pub fn links_into(&self, item: ItemRef) -> LinksInto<'_> {
        let node = match item.kind {
            ItemKind::Objective => Some(Node::Objective(item.index)),
            ItemKind::KeyResult => Some(Node::KeyResult(item.index)),
            _ => None,
        };
        let in_range = match item.kind {
            ItemKind::Objective => (item.index as usize) < self.doc.objectives.len(),
            ItemKind::KeyResult => (item.index as usize) < self.doc.key_results.len(),
            _ => false,
        };
        let links = match node {
            Some(n) if in_range => links_into_node(&self.ix, n),
            _ => &[],
        };
        LinksInto {
            cascade: self,
            links: links.iter(),
        }
    }

    /// The link at a global position, as a [`LinkRef`].
    fn link_ref(&self, g: u32) -> Option<LinkRef> {
        let (o, position) = link_place(&self.ix, g)?;
        let link = self
            .doc
            .objectives
            .get(o as usize)?
            .links
            .get(position as usize)?;
        Some(LinkRef {
            from: ItemRef {
                kind: ItemKind::Objective,
                index: o,
            },
            position,
            kind: link.kind,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    const DOC: &str = r#"{
      "okr": "1",
      "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"},
      "units": [
        {"id": "acme", "name": "Acme", "kind": "company"},
        {"id": "eng", "name": "Engineering", "kind": "function", "parent": "acme"},
        {"id": "pay", "name": "Payments", "kind": "team", "parent": "eng"},
        {"id": "ops", "kind": "team", "parent": "eng"},
        {"id": "lost", "kind": "team", "parent": "nowhere"}
      ],
      "themes": [{"id": "T1", "title": "Win"}],
      "objectives": [
        {"id": "O1", "unit": "acme", "title": "Win the mid-market", "themes": ["T1"]},
        {"id": "O2", "unit": "eng", "title": "Remove blockers",
         "links": [{"kind": "direct", "to": "KR1"}]},
        {"id": "O3", "unit": "pay", "title": "Faster invoicing",
         "links": [{"kind": "responding", "to": "O2", "contribution": "Invoices block deals"},
                   {"kind": "responding", "to": "KR1", "contribution": "Faster deals"}]},
        {"id": "O1", "unit": "ops", "title": "A second O1"}
      ],
      "key_results": [
        {"id": "KR1", "objective": "O1", "title": "Grow ARR",
         "metric": {"kind": "increase", "start": 12, "target": 20}},
        {"id": "KR2", "objective": "O2", "title": "Cut latency",
         "metric": {"kind": "decrease", "start": 900, "target": 300}}
      ],
      "contributions": [{"id": "C1", "unit": "ops", "to": "O1", "statement": "We help"}],
      "check_ins": [{"key_result": "KR1", "date": "2026-07-14", "value": 13}]
    }"#;

    fn ids(c: &Cascade, items: impl Iterator<Item = ItemRef>) -> Vec<&str> {
        items.map(|i| c.id_of(i)).collect()
    }

    fn at(kind: ItemKind, index: u32) -> ItemRef {
        ItemRef { kind, index }
    }

    #[test]
    fn the_unit_tree() {
        let c = Cascade::from_json(DOC).unwrap();
        let [acme, eng, pay, _, lost] = [0, 1, 2, 3, 4].map(|i| at(ItemKind::Unit, i));
        assert_eq!(ids(&c, c.children(acme)), ["eng"]);
        assert_eq!(ids(&c, c.children(eng)), ["pay", "ops"]);
        assert_eq!(c.children(eng).len(), 2);
        assert_eq!(ids(&c, c.children(eng).rev()), ["ops", "pay"]);
        assert_eq!(c.parent(pay), Some(eng));
        assert_eq!(c.parent(acme), None);
        assert_eq!(c.parent(lost), None, "an unresolved parent");
        let roots: Vec<_> = c
            .items(ItemKind::Unit)
            .filter(|&u| c.parent(u).is_none())
            .collect();
        assert_eq!(ids(&c, roots.into_iter()), ["acme", "lost"]);
    }

    #[test]
    fn what_units_own() {
        let c = Cascade::from_json(DOC).unwrap();
        let ops = c.lookup("ops").unwrap();
        assert_eq!(ids(&c, c.objectives_of(ops)), ["O1"]);
        assert_eq!(
            c.objectives_of(ops).next(),
            Some(at(ItemKind::Objective, 3))
        );
        assert_eq!(ids(&c, c.contributions_of(ops)), ["C1"]);
        assert_eq!(c.mandates_of(ops).len(), 0);
        let c1 = c.lookup("C1").unwrap();
        assert_eq!(c.unit_of(c1), Some(ops));
        assert_eq!(c.unit_of(c.lookup("KR1").unwrap()), None);
    }

    /// A duplicated id: references name the first item, as the rollup
    /// reads them, so `KR1` belongs to the first `O1` only.
    #[test]
    fn key_results_follow_resolved_references() {
        let c = Cascade::from_json(DOC).unwrap();
        let first = at(ItemKind::Objective, 0);
        let second = at(ItemKind::Objective, 3);
        assert_eq!(ids(&c, c.key_results_of(first)), ["KR1"]);
        assert_eq!(c.key_results_of(second).len(), 0);
        let kr1 = c.lookup("KR1").unwrap();
        assert_eq!(c.objective_of(kr1), Some(first));
    }

    #[test]
    fn links_into_objectives_and_key_results() {
        let c = Cascade::from_json(DOC).unwrap();
        let into = |id: &str| -> Vec<(String, u32, LinkKind)> {
            c.links_into(c.lookup(id).unwrap())
                .map(|l| (c.id_of(l.from).to_string(), l.position, l.kind))
                .collect()
        };
        assert_eq!(
            into("KR1"),
            [
                ("O2".to_string(), 0, LinkKind::Direct),
                ("O3".to_string(), 1, LinkKind::Responding)
            ]
        );
        assert_eq!(into("O2"), [("O3".to_string(), 0, LinkKind::Responding)]);
        assert!(into("KR2").is_empty());
        assert!(into("O3").is_empty());
    }

    #[test]
    fn wrong_kinds_and_positions_give_nothing() {
        let c = Cascade::from_json(DOC).unwrap();
        let o1 = at(ItemKind::Objective, 0);
        assert_eq!(c.children(o1).len(), 0);
        assert_eq!(c.objectives_of(o1).len(), 0);
        assert_eq!(c.key_results_of(at(ItemKind::Unit, 0)).len(), 0);
        assert_eq!(c.parent(o1), None);
        assert_eq!(c.objective_of(o1), None);
        assert_eq!(c.links_into(at(ItemKind::Theme, 0)).count(), 0);
        assert_eq!(c.children(at(ItemKind::Unit, 99)).len(), 0);
        assert_eq!(c.links_into(at(ItemKind::KeyResult, 99)).count(), 0);
        assert_eq!(c.links_into(at(ItemKind::Objective, 99)).count(), 0);
        assert_eq!(c.items(ItemKind::Cycle).len(), 1);
        assert_eq!(c.items(ItemKind::CheckIn).len(), 1);
    }

    #[test]
    fn one_name_for_every_kind() {
        let c = Cascade::from_json(DOC).unwrap();
        let name = |kind, index| c.describe(at(kind, index));
        assert_eq!(name(ItemKind::Cycle, 0), "cycle Q3");
        assert_eq!(name(ItemKind::Unit, 0), r#"company acme "Acme""#);
        assert_eq!(name(ItemKind::Unit, 2), r#"team pay "Payments""#);
        assert_eq!(name(ItemKind::Unit, 3), "team ops");
        assert_eq!(name(ItemKind::Theme, 0), r#"theme T1 "Win""#);
        assert_eq!(
            name(ItemKind::Objective, 1),
            r#"objective O2 "Remove blockers""#
        );
        assert_eq!(name(ItemKind::KeyResult, 0), r#"key result KR1 "Grow ARR""#);
        assert_eq!(name(ItemKind::Contribution, 0), "contribution C1");
        assert_eq!(
            name(ItemKind::CheckIn, 0),
            "the check-in of KR1 dated 2026-07-14"
        );
        assert_eq!(name(ItemKind::Objective, 99), "objective");
        let kr1 = c.name_of(at(ItemKind::KeyResult, 0));
        assert_eq!(
            (kr1.noun, kr1.id, kr1.title),
            ("key result", "KR1", Some("Grow ARR"))
        );
        assert_eq!(kr1.label(), r#"KR1 "Grow ARR""#);
    }

    /// A title that says nothing more than the id (or nothing at all) is
    /// left out.
    #[test]
    fn blank_or_repeated_titles_are_left_out() {
        let c = Cascade::from_json(
            r#"{"okr": "1", "cycle": {"id": "Q3", "start": "2026-07-01", "end": "2026-09-30"},
                "units": [{"id": "acme", "name": "acme", "kind": "company"}],
                "objectives": [{"id": "O1", "unit": "acme", "title": "O1"}]}"#,
        )
        .unwrap();
        assert_eq!(c.describe(at(ItemKind::Unit, 0)), "company acme");
        assert_eq!(c.describe(at(ItemKind::Objective, 0)), "objective O1");
    }
}

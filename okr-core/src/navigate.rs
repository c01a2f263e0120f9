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
//! assert_eq!(cascade.id_of(kr1), Some("KR1"));
//!
//! let into: Vec<_> = cascade.links_into(kr1).collect();
//! assert_eq!(into.len(), 1);
//! assert_eq!((cascade.id_of(into[0].from), into[0].kind), (Some("O2"), LinkKind::Direct));
//! assert_eq!(cascade.unit_of(into[0].from), eng.first().copied());
//! assert_eq!(into[0].from.kind(), ItemKind::Objective);
//! # Ok::<(), okr_core::Error>(())
//! ```

use std::iter::FusedIterator;

use crate::describe::{self, ItemName};
use crate::document::LinkKind;
use crate::idx::{Idx, IxRange};
use crate::index::{
    checked_id_of, ContributionIx, ItemKind, ItemRef, KrIx, LinkIx, MandateIx, ObjIx, UnitIx,
};
use crate::Cascade;

/// Items of one kind, by position: the answer of a navigation query.
#[derive(Clone, Debug)]
pub struct Items<'a> {
    positions: Positions<'a>,
}

#[derive(Clone, Debug)]
enum Positions<'a> {
    Units(std::slice::Iter<'a, UnitIx>),
    Objectives(std::slice::Iter<'a, ObjIx>),
    KeyResults(std::slice::Iter<'a, KrIx>),
    Contributions(std::slice::Iter<'a, ContributionIx>),
    Mandates(std::slice::Iter<'a, MandateIx>),
    /// Every item of a kind: positions `start..end`.
    Every(ItemKind, IxRange<Raw>),
}

crate::idx::typed_index!(
    /// A position of any kind, for [`Cascade::items`].
    Raw
);

/// The item of `kind` at position `raw` (the cycle for any position).
fn item_at(kind: ItemKind, raw: Raw) -> ItemRef {
    let r = raw.raw();
    match kind {
        ItemKind::Cycle => ItemRef::Cycle,
        ItemKind::Unit => ItemRef::Unit(Idx::from_raw(r)),
        ItemKind::Theme => ItemRef::Theme(Idx::from_raw(r)),
        ItemKind::Objective => ItemRef::Objective(Idx::from_raw(r)),
        ItemKind::KeyResult => ItemRef::KeyResult(Idx::from_raw(r)),
        ItemKind::Contribution => ItemRef::Contribution(Idx::from_raw(r)),
        ItemKind::Mandate => ItemRef::Mandate(Idx::from_raw(r)),
        ItemKind::Initiative => ItemRef::Initiative(Idx::from_raw(r)),
        ItemKind::SprintGoal => ItemRef::SprintGoal(Idx::from_raw(r)),
        ItemKind::CheckIn => ItemRef::CheckIn(Idx::from_raw(r)),
    }
}

impl Items<'_> {
    fn empty() -> Items<'static> {
        Items {
            positions: Positions::Units([].iter()),
        }
    }
}

impl Iterator for Items<'_> {
    type Item = ItemRef;

    fn next(&mut self) -> Option<ItemRef> {
        Some(match &mut self.positions {
            Positions::Units(it) => ItemRef::Unit(*it.next()?),
            Positions::Objectives(it) => ItemRef::Objective(*it.next()?),
            Positions::KeyResults(it) => ItemRef::KeyResult(*it.next()?),
            Positions::Contributions(it) => ItemRef::Contribution(*it.next()?),
            Positions::Mandates(it) => ItemRef::Mandate(*it.next()?),
            Positions::Every(kind, range) => item_at(*kind, range.next()?),
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.positions {
            Positions::Units(it) => it.size_hint(),
            Positions::Objectives(it) => it.size_hint(),
            Positions::KeyResults(it) => it.size_hint(),
            Positions::Contributions(it) => it.size_hint(),
            Positions::Mandates(it) => it.size_hint(),
            Positions::Every(_, range) => range.size_hint(),
        }
    }
}

impl DoubleEndedIterator for Items<'_> {
    fn next_back(&mut self) -> Option<ItemRef> {
        Some(match &mut self.positions {
            Positions::Units(it) => ItemRef::Unit(*it.next_back()?),
            Positions::Objectives(it) => ItemRef::Objective(*it.next_back()?),
            Positions::KeyResults(it) => ItemRef::KeyResult(*it.next_back()?),
            Positions::Contributions(it) => ItemRef::Contribution(*it.next_back()?),
            Positions::Mandates(it) => ItemRef::Mandate(*it.next_back()?),
            Positions::Every(kind, range) => item_at(*kind, range.next_back()?),
        })
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
    links: std::slice::Iter<'a, LinkIx>,
}

impl Iterator for LinksInto<'_> {
    type Item = LinkRef;

    fn next(&mut self) -> Option<LinkRef> {
        let &l = self.links.next()?;
        Some(self.cascade.link_ref(l))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.links.size_hint()
    }
}

impl ExactSizeIterator for LinksInto<'_> {}
impl FusedIterator for LinksInto<'_> {}

impl Cascade {
    /// How every message names `item`: `objective O2 "Title"`, `team
    /// payments "Payments"`, `contribution C1` (see [`ItemName`]). The
    /// rules' messages, the lineage answers and the command line all use
    /// it. An item of another cascade that this document does not have is
    /// named by its kind alone.
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

    /// Whether `item` is an item of this document (an `ItemRef` of another
    /// cascade may point past the end of an array).
    fn has(&self, item: ItemRef) -> bool {
        checked_id_of(&self.doc, item).is_some()
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
        // A cascade's arrays all fit u32 (the index checked it).
        let range = IxRange::of_len(n).unwrap_or_default();
        Items {
            positions: Positions::Every(kind, range),
        }
    }

    /// The parent of a unit, when its `parent` names a unit.
    pub fn parent(&self, unit: ItemRef) -> Option<ItemRef> {
        match unit {
            ItemRef::Unit(u) if self.has(unit) => self.ix.unit_parent[u].map(ItemRef::Unit),
            _ => None,
        }
    }

    /// The units whose `parent` is `unit`, in document order.
    pub fn children(&self, unit: ItemRef) -> Items<'_> {
        match unit {
            ItemRef::Unit(u) if self.has(unit) => Items {
                positions: Positions::Units(self.ix.unit_children.get(u).iter()),
            },
            _ => Items::empty(),
        }
    }

    /// The objectives a unit owns, in document order.
    pub fn objectives_of(&self, unit: ItemRef) -> Items<'_> {
        match unit {
            ItemRef::Unit(u) if self.has(unit) => Items {
                positions: Positions::Objectives(self.ix.unit_objectives.get(u).iter()),
            },
            _ => Items::empty(),
        }
    }

    /// The contribution statements of a unit, in document order.
    pub fn contributions_of(&self, unit: ItemRef) -> Items<'_> {
        match unit {
            ItemRef::Unit(u) if self.has(unit) => Items {
                positions: Positions::Contributions(self.ix.unit_contributions.get(u).iter()),
            },
            _ => Items::empty(),
        }
    }

    /// The mandates of a unit, in document order.
    pub fn mandates_of(&self, unit: ItemRef) -> Items<'_> {
        match unit {
            ItemRef::Unit(u) if self.has(unit) => Items {
                positions: Positions::Mandates(self.ix.unit_mandates.get(u).iter()),
            },
            _ => Items::empty(),
        }
    }

    /// The key results of an objective, in document order.
    pub fn key_results_of(&self, objective: ItemRef) -> Items<'_> {
        match objective {
            ItemRef::Objective(o) if self.has(objective) => Items {
                positions: Positions::KeyResults(self.ix.obj_krs.get(o).iter()),
            },
            _ => Items::empty(),
        }
    }

    /// The objective a key result belongs to, when its `objective` names
    /// one.
    pub fn objective_of(&self, key_result: ItemRef) -> Option<ItemRef> {
        match key_result {
            ItemRef::KeyResult(k) if self.has(key_result) => {
                self.ix.kr_objective[k].map(ItemRef::Objective)
            }
            _ => None,
        }
    }

    /// The unit owning an objective, a contribution, a mandate, an
    /// initiative or a sprint goal, when its `unit` names one.
    pub fn unit_of(&self, item: ItemRef) -> Option<ItemRef> {
        if !self.has(item) {
            return None;
        }
        let ix = &self.ix;
        let unit = match item {
            ItemRef::Objective(o) => ix.obj_unit[o],
            ItemRef::Contribution(c) => ix.contribution_unit[c],
            ItemRef::Mandate(m) => ix.mandate_unit[m],
            ItemRef::Initiative(i) => ix.initiative_unit[i],
            ItemRef::SprintGoal(s) => ix.sprint_unit[s],
            _ => None,
        };
        unit.map(ItemRef::Unit)
    }

    /// The links into an objective or a key result, direct or responding,
    /// in document order: which objectives link to it, and how.
    pub fn links_into(&self, item: ItemRef) -> LinksInto<'_> {
        let links: &[LinkIx] = match item {
            ItemRef::Objective(o) if self.has(item) => self.ix.obj_in_links.get(o),
            ItemRef::KeyResult(k) if self.has(item) => self.ix.kr_in_links.get(k),
            _ => &[],
        };
        LinksInto {
            cascade: self,
            links: links.iter(),
        }
    }

    /// The link at a global position, as a [`LinkRef`].
    fn link_ref(&self, l: LinkIx) -> LinkRef {
        let o = self.ix.link_owner[l];
        LinkRef {
            from: ItemRef::Objective(o),
            position: l.raw() - self.ix.links_of(o).first_raw(),
            kind: self.ix.link(&self.doc, l).kind,
        }
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
        items.map(|i| c.id_of(i).unwrap()).collect()
    }

    fn at(kind: ItemKind, index: u32) -> ItemRef {
        item_at(kind, Idx::from_raw(index))
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
                .map(|l| (c.id_of(l.from).unwrap().to_string(), l.position, l.kind))
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

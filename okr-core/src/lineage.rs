//! Lineage: every simple path of links from an item to the first company
//! priority it reaches, shortest first, and the plain-language answer to
//! "if you achieve this, which company priority moves forward?".
//!
//! Paths are enumerated breadth-first, one length at a time, only through
//! nodes that trace at all (known from the index), so dead ends cost
//! nothing; the number of paths is capped by the policy's limits.

use serde::{Deserialize, Serialize};

use crate::describe;
use crate::document::{Document, LinkKind};
use crate::error::Error;
use crate::idx::{typed_index, IxVec};
use crate::index::{id_of, Index, ItemKind, ItemRef, Items, Node, ObjIx, UnitIx};
use crate::policy::Limits;

/// The lineage of one item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Lineage {
    /// The item asked about.
    pub subject: String,
    /// Whether some path reaches a company priority.
    pub traces: bool,
    /// Paths of ids from the subject to a company priority, ordered by
    /// length and then by ids.
    pub paths: Vec<Vec<String>>,
    /// One plain sentence: which priority the subject moves, and how.
    pub answer: String,
    /// True when more paths exist than the limit allowed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
}

type Path = Vec<ItemRef>;

typed_index!(
    /// A cell of the path arena: an item and the cell before it.
    Cell
);

struct Tracer<'a> {
    doc: &'a Document,
    ix: &'a Index,
    max: usize,
}

impl<'a> Tracer<'a> {
    fn id(&self, it: ItemRef) -> &'a str {
        id_of(self.doc, it)
    }

    fn cmp_paths(&self, a: &Path, b: &Path) -> std::cmp::Ordering {
        a.len().cmp(&b.len()).then_with(|| {
            a.iter()
                .map(|&x| self.id(x))
                .cmp(b.iter().map(|&x| self.id(x)))
        })
    }

    /// Graph nodes an item leads to in one step.
    fn next(&self, it: ItemRef, out: &mut Vec<Node>) {
        out.clear();
        let ix = self.ix;
        match it {
            ItemRef::Objective(o) => {
                if ix.obj_is_priority[o] {
                    return;
                }
                out.extend(ix.links_of(o).filter_map(|l| ix.link_target[l]));
            }
            ItemRef::KeyResult(k) => {
                // A KR traces through its objective, and a part through its
                // whole as well.
                out.extend(ix.kr_objective[k].map(Node::Objective));
                out.extend(ix.kr_part_of[k].map(Node::KeyResult));
            }
            ItemRef::Contribution(c) => out.extend(ix.contribution_to[c]),
            ItemRef::Mandate(m) => out.extend_from_slice(ix.mandate_supports.get(m)),
            ItemRef::Initiative(i) => {
                out.extend(ix.initiative_krs.get(i).iter().map(|&k| Node::KeyResult(k)))
            }
            ItemRef::SprintGoal(s) => {
                out.extend(ix.sprint_krs.get(s).iter().map(|&k| Node::KeyResult(k)))
            }
            ItemRef::Cycle | ItemRef::Unit(_) | ItemRef::Theme(_) | ItemRef::CheckIn(_) => {}
        }
        out.retain(|&n| ix.traces(n));
    }

    fn is_priority(&self, it: ItemRef) -> bool {
        matches!(it, ItemRef::Objective(o) if self.ix.obj_is_priority[o])
    }

    /// Whether an item reaches a company priority at all (linear: read from
    /// the index's reachability, no path enumeration).
    fn item_traces(&self, it: ItemRef) -> bool {
        match it {
            ItemRef::Objective(o) => self.ix.traces(Node::Objective(o)),
            ItemRef::KeyResult(k) => self.ix.traces(Node::KeyResult(k)),
            ItemRef::Theme(_) => true,
            ItemRef::Contribution(_)
            | ItemRef::Mandate(_)
            | ItemRef::Initiative(_)
            | ItemRef::SprintGoal(_) => {
                let mut step = Vec::new();
                self.next(it, &mut step);
                !step.is_empty()
            }
            ItemRef::Cycle | ItemRef::Unit(_) | ItemRef::CheckIn(_) => false,
        }
    }

    /// The SCC of an item on a cycle of the cascade graph.
    fn scc(&self, it: ItemRef) -> Option<u32> {
        self.ix.cycle_of(it.node()?)
    }

    /// Shortest-first simple paths from `start`; `(paths, truncated)`.
    ///
    /// Breadth-first, one length at a time, over an arena of (item, parent)
    /// cells, so extending a path costs O(1) however long it is. A path can
    /// revisit an item only inside a cycle, and a path that leaves a
    /// strongly connected component never returns to it, so the simple-path
    /// check walks back only through the current component. Dense cyclic
    /// graphs can hold exponentially many simple paths: the frontier and
    /// the total work are bounded (the frontier is sorted before it is cut,
    /// so results do not depend on document order) and `truncated` is set.
    fn paths_from(&self, start: ItemRef) -> (Vec<Path>, bool) {
        if self.is_priority(start) {
            return (vec![vec![start]], false);
        }
        let frontier_cap = self.max.saturating_mul(2).max(256);
        let graph = self.ix.objectives().len() + self.ix.key_results().len();
        let work_cap = graph.saturating_mul(4).max(4_000_000);
        let mut work = 0usize;
        let mut cells: IxVec<Cell, (ItemRef, Option<Cell>)> = IxVec::default();
        let mut done: Vec<Path> = Vec::new();
        let mut frontier: Vec<Cell> = cells.push((start, None)).into_iter().collect();
        let mut truncated = false;
        let mut step = Vec::new();
        let materialise = |cells: &IxVec<Cell, (ItemRef, Option<Cell>)>, at: Cell| -> Path {
            let mut p = Vec::new();
            let mut at = Some(at);
            while let Some(c) = at {
                let (it, parent) = cells[c];
                p.push(it);
                at = parent;
            }
            p.reverse();
            p
        };
        'layers: while !frontier.is_empty() && done.len() < self.max {
            let mut next_frontier = Vec::new();
            let mut finished = Vec::new();
            for &cell in &frontier {
                let (last, _) = cells[cell];
                self.next(last, &mut step);
                step.sort_unstable();
                step.dedup();
                for &n in &step {
                    let it = ItemRef::from(n);
                    work += 1;
                    if let Some(c) = self.scc(it) {
                        // Walk back through the same component only.
                        let mut at = Some(cell);
                        let mut repeated = false;
                        while let Some(a) = at {
                            let (prev, parent) = cells[a];
                            work += 1;
                            if prev == it {
                                repeated = true;
                                break;
                            }
                            if self.scc(prev) != Some(c) {
                                break;
                            }
                            at = parent;
                        }
                        if repeated {
                            continue;
                        }
                    }
                    let added = cells.push((it, Some(cell)));
                    if let Some(id) = added {
                        if self.is_priority(it) {
                            finished.push(id);
                        } else {
                            next_frontier.push(id);
                        }
                    }
                    // The arena is full only far beyond the work cap.
                    if work > work_cap || added.is_none() {
                        truncated = true;
                        let mut paths: Vec<Path> =
                            finished.iter().map(|&f| materialise(&cells, f)).collect();
                        paths.sort_by(|a, b| self.cmp_paths(a, b));
                        done.extend(paths);
                        break 'layers;
                    }
                }
            }
            let mut paths: Vec<Path> = finished.iter().map(|&f| materialise(&cells, f)).collect();
            paths.sort_by(|a, b| self.cmp_paths(a, b));
            done.extend(paths);
            if next_frontier.len() > frontier_cap {
                let mut keyed: Vec<(Path, Cell)> = next_frontier
                    .iter()
                    .map(|&f| (materialise(&cells, f), f))
                    .collect();
                keyed.sort_by(|a, b| self.cmp_paths(&a.0, &b.0));
                keyed.truncate(frontier_cap);
                next_frontier = keyed.into_iter().map(|(_, f)| f).collect();
                truncated = true;
            }
            frontier = next_frontier;
        }
        if done.len() > self.max || (!frontier.is_empty() && done.len() >= self.max) {
            truncated = true;
        }
        done.truncate(self.max);
        (done, truncated)
    }

    /// `objective O2 "Title"`: the one naming scheme of
    /// [`crate::Cascade::describe`].
    fn describe(&self, it: ItemRef) -> String {
        describe::describe(self.doc, it)
    }

    /// `O2 "Title"`: an item without its kind's noun.
    fn named(&self, it: ItemRef) -> String {
        describe::name_of(self.doc, it).label()
    }

    /// ` (theme T1 "Title")`, ` (themes T1 "A", T3 "B")` or nothing.
    fn themes_of(&self, o: ObjIx) -> String {
        let themes: Vec<String> = self
            .ix
            .obj_themes
            .get(o)
            .iter()
            .map(|&t| self.named(ItemRef::Theme(t)))
            .collect();
        match themes.len() {
            0 => String::new(),
            1 => format!(" (theme {})", themes.join("")),
            _ => format!(" (themes {})", themes.join(", ")),
        }
    }

    /// The link from objective `o` to `target`, preferring a direct one.
    fn link_kind(&self, o: ObjIx, target: Node) -> Option<(LinkKind, Option<&'a str>)> {
        let mut found = None;
        for l in self.ix.links_of(o) {
            if self.ix.link_target[l] == Some(target) {
                let link = self.ix.link(self.doc, l);
                if link.kind == LinkKind::Direct {
                    return Some((LinkKind::Direct, None));
                }
                found.get_or_insert((LinkKind::Responding, link.contribution.as_deref()));
            }
        }
        found
    }

    /// How the path moves the priority: `directly, through ...` or
    /// `by responding ...`.
    fn how(&self, path: &Path) -> String {
        let subject = path.first().copied();
        let mut first_response: Option<(ItemRef, Option<&str>)> = None;
        let mut through_kr: Option<ItemRef> = None;
        for pair in path.windows(2) {
            let &[a, b] = pair else { continue };
            // After an objective in a path comes the target of one of its links.
            if let (ItemRef::Objective(o), Some(target)) = (a, b.node()) {
                if let Some((LinkKind::Responding, text)) = self.link_kind(o, target) {
                    first_response.get_or_insert((b, text));
                }
            }
            if b.kind() == ItemKind::KeyResult && through_kr.is_none() {
                through_kr = Some(b);
            }
        }
        let statement = subject.and_then(|s| match s {
            ItemRef::Contribution(c) => self.doc.contribution(c).statement.as_deref(),
            _ => None,
        });
        let via = |it: ItemRef| format!("through {}", self.describe(it));
        match (subject.map(ItemRef::kind), first_response) {
            (Some(ItemKind::Contribution), _) => match statement {
                Some(st) if !st.trim().is_empty() => {
                    format!("through a contribution statement: \"{}\"", quoted(st))
                }
                _ => "through a contribution statement".into(),
            },
            (Some(ItemKind::Mandate), _) => {
                "by keeping a service-level mandate that supports it".into()
            }
            (_, Some((target, text))) => {
                let target_is_priority = path.last() == Some(&target);
                let to = if target_is_priority {
                    "it".to_string()
                } else {
                    self.describe(target)
                };
                match text.map(str::trim).filter(|t| !t.is_empty()) {
                    Some(t) => format!("by responding to {to}: \"{}\"", quoted(t)),
                    None => format!("by responding to {to}"),
                }
            }
            (Some(ItemKind::KeyResult), None) => match path.get(1) {
                Some(&whole @ ItemRef::KeyResult(_)) => {
                    format!("as a part of {}", self.describe(whole))
                }
                _ => "as one of its key results".into(),
            },
            (_, None) => match through_kr {
                Some(kr) => format!("directly, {}", via(kr)),
                None => "directly".into(),
            },
        }
    }

    fn answer(&self, subject: ItemRef, path: Option<&Path>) -> String {
        let who = self.describe(subject);
        let Some(path) = path else {
            return format!(
                "Achieving {who} moves no company priority: no chain of links reaches one."
            );
        };
        let Some(&priority) = path.last() else {
            return format!("Achieving {who} moves no company priority.");
        };
        // A path ends at a company priority: an objective.
        let themes = match priority {
            ItemRef::Objective(o) => self.themes_of(o),
            _ => String::new(),
        };
        if path.len() == 1 {
            return capitalised(format!(
                "{who} is itself a company priority{themes}; achieving it moves it forward."
            ));
        }
        let prio = self.named(priority);
        let how = self.how(path);
        match subject.kind() {
            ItemKind::Unit => {
                let first = path
                    .first()
                    .map(|&it| self.describe(it))
                    .unwrap_or_default();
                let verb = if path.first().is_some_and(|f| f.kind() == ItemKind::Mandate) {
                    "keeps"
                } else {
                    "achieves"
                };
                format!("When {who} {verb} {first}, that moves company priority {prio}{themes} forward {how}.")
            }
            _ => format!("Achieving {who} moves company priority {prio}{themes} forward {how}."),
        }
    }
}

/// The sentence with its first letter in upper case.
fn capitalised(sentence: String) -> String {
    let mut chars = sentence.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => sentence,
    }
}

/// Text to quote inside a sentence: trimmed, without a closing full stop
/// (the sentence supplies its own).
fn quoted(text: &str) -> &str {
    text.trim().trim_end_matches('.').trim_end()
}

/// Lineage of the item `id`.
pub(crate) fn lineage(
    doc: &Document,
    ix: &Index,
    id: &str,
    limits: &Limits,
) -> Result<Lineage, Error> {
    let Some(subject) = ix.ids.get(doc, id) else {
        return Err(Error::UnknownId {
            id: id.to_string(),
            expected: "no item has this id".into(),
        });
    };
    let t = Tracer {
        doc,
        ix,
        max: limits.max_lineage_paths.max(1),
    };
    let (paths, truncated, answer_subject) = match subject {
        ItemRef::Theme(_) => {
            let paths = vec![vec![subject]];
            let answer = capitalised(format!(
                "{} is itself a strategic theme; company priorities tagged with it move it forward.",
                t.describe(subject)
            ));
            return Ok(Lineage {
                subject: id.to_string(),
                traces: true,
                paths: to_ids(&t, &paths),
                answer,
                truncated: false,
            });
        }
        ItemRef::Cycle => (Vec::new(), false, subject),
        ItemRef::Unit(u) => {
            let mut all: Vec<Path> = Vec::new();
            let mut truncated = false;
            for m in unit_members(ix, u) {
                let (p, tr) = t.paths_from(m);
                truncated |= tr;
                all.extend(p);
                // Keep memory bounded on very large subtrees.
                if all.len() > t.max.saturating_mul(4) {
                    all.sort_by(|a, b| t.cmp_paths(a, b));
                    all.dedup();
                    if all.len() > t.max {
                        truncated = true;
                        all.truncate(t.max);
                    }
                }
            }
            all.sort_by(|a, b| t.cmp_paths(a, b));
            all.dedup();
            if all.len() > t.max {
                truncated = true;
                all.truncate(t.max);
            }
            (all, truncated, subject)
        }
        _ => {
            let (p, tr) = t.paths_from(subject);
            (p, tr, subject)
        }
    };
    let traces = match subject {
        ItemRef::Unit(u) => unit_members(ix, u).any(|m| t.item_traces(m)),
        _ => t.item_traces(subject),
    };
    let answer = if paths.is_empty() && traces {
        format!(
            "Achieving {} moves a company priority, through chains of links too long to list here.",
            t.describe(subject)
        )
    } else {
        t.answer(answer_subject, paths.first())
    };
    Ok(Lineage {
        subject: id.to_string(),
        traces,
        paths: to_ids(&t, &paths),
        answer,
        truncated,
    })
}

/// The objectives, contributions and mandates of a unit and of every unit
/// below it. Units may form a parent cycle (E007): each is visited once.
fn unit_members(ix: &Index, unit: UnitIx) -> impl Iterator<Item = ItemRef> + '_ {
    let mut seen = IxVec::filled(ix.units(), false);
    let mut stack = vec![unit];
    let mut units = Vec::new();
    while let Some(u) = stack.pop() {
        if std::mem::replace(&mut seen[u], true) {
            continue;
        }
        units.push(u);
        stack.extend_from_slice(ix.unit_children.get(u));
    }
    units.into_iter().flat_map(move |u| {
        let obj = ix
            .unit_objectives
            .get(u)
            .iter()
            .map(|&o| ItemRef::Objective(o));
        let con = ix
            .unit_contributions
            .get(u)
            .iter()
            .map(|&c| ItemRef::Contribution(c));
        let man = ix.unit_mandates.get(u).iter().map(|&m| ItemRef::Mandate(m));
        obj.chain(con).chain(man)
    })
}

fn to_ids(t: &Tracer<'_>, paths: &[Path]) -> Vec<Vec<String>> {
    paths
        .iter()
        .map(|p| p.iter().map(|&it| t.id(it).to_string()).collect())
        .collect()
}

/// Whether each item traces, for every item at once (the diff compares
/// them): objectives and KRs from the index, contributions, mandates and
/// work items through their targets, themes always, units when any of
/// their own or their descendants' objectives, contributions or mandates
/// does (one bottom-up pass, not a subtree walk per unit).
pub(crate) struct TracesAll<'a> {
    tracer: Tracer<'a>,
    units: IxVec<UnitIx, bool>,
}

impl<'a> TracesAll<'a> {
    /// Computes the units' answers; the others are read on demand.
    pub(crate) fn new(doc: &'a Document, ix: &'a Index) -> TracesAll<'a> {
        let tracer = Tracer { doc, ix, max: 1 };
        let mut units = IxVec::filled(ix.units(), false);
        for u in ix.units() {
            let own = ix
                .unit_objectives
                .get(u)
                .iter()
                .map(|&o| ItemRef::Objective(o))
                .chain(
                    ix.unit_contributions
                        .get(u)
                        .iter()
                        .map(|&c| ItemRef::Contribution(c)),
                )
                .chain(ix.unit_mandates.get(u).iter().map(|&m| ItemRef::Mandate(m)))
                .any(|m| tracer.item_traces(m));
            if !own {
                continue;
            }
            // Mark the unit and its ancestors; stop at one already marked
            // (which also ends a walk round a parent cycle).
            let mut at = Some(u);
            while let Some(v) = at {
                if std::mem::replace(&mut units[v], true) {
                    break;
                }
                at = ix.unit_parent[v];
            }
        }
        TracesAll { tracer, units }
    }

    /// Whether `item` traces to a company priority (as `lineage(id)`'s
    /// `traces`).
    pub(crate) fn traces(&self, item: ItemRef) -> bool {
        match item {
            ItemRef::Unit(u) => self.units[u],
            other => self.tracer.item_traces(other),
        }
    }
}

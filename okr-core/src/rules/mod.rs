//! Validation: every rule of the spec, one module per group. Each rule
//! reads the document and the index and pushes diagnostics through
//! [`Ctx::emit`]; [`validate`] sorts them into output order.

mod coverage;
mod design;
mod metrics;
mod progress;
mod references;
mod registry;
mod structure;

pub use registry::{Code, UnknownCode};

use crate::diagnostic::{Diagnostic, Report};
use crate::document::{Document, LinkKind, UnitKind};
use crate::index::{id_of, Index, ItemKind, ItemRef, Node, NONE};
use crate::policy::Policy;
use crate::rollup::Rollup;

/// What every rule reads, and where diagnostics go.
pub(crate) struct Ctx<'a> {
    pub doc: &'a Document,
    pub ix: &'a Index,
    pub policy: &'a Policy,
    /// Figures at the cycle's `as_of` (W113, W115, I201 need progress).
    pub rollup: &'a Rollup,
    out: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    /// Whether the rule runs under the policy.
    pub(crate) fn on(&self, code: Code) -> bool {
        self.policy.enabled(code)
    }

    /// The id of an item.
    pub fn id(&self, item: ItemRef) -> &'a str {
        id_of(self.doc, item)
    }

    /// Records a diagnostic; `related` is sorted here.
    pub(crate) fn emit(
        &mut self,
        code: Code,
        subject: &str,
        mut related: Vec<String>,
        message: String,
    ) {
        if !self.policy.enabled(code) {
            return;
        }
        related.sort();
        related.dedup();
        self.out.push(Diagnostic {
            code,
            rule: code.rule().to_string(),
            severity: code.severity(),
            subject: subject.to_string(),
            related,
            message,
            hint: code.hint(self.policy).into_owned(),
        });
    }
}

impl Ctx<'_> {
    /// `Objective O2 "title"`, for messages.
    pub fn objective_name(&self, o: u32) -> String {
        match self.doc.objectives.get(o as usize) {
            Some(x) => match &x.title {
                Some(t) => format!("Objective {} \"{t}\"", x.id),
                None => format!("Objective {}", x.id),
            },
            None => "An objective".to_string(),
        }
    }

    /// `key result KR1 "title"`, for messages (capitalise with [`cap`]).
    pub fn key_result_name(&self, k: u32) -> String {
        match self.doc.key_results.get(k as usize) {
            Some(x) => match &x.title {
                Some(t) => format!("key result {} \"{t}\"", x.id),
                None => format!("key result {}", x.id),
            },
            None => "a key result".to_string(),
        }
    }

    /// `team payments "Payments"`, for messages (capitalise with [`cap`]).
    pub fn unit_name(&self, u: u32) -> String {
        match self.doc.units.get(u as usize) {
            Some(x) => {
                let kind = match x.kind {
                    UnitKind::Company => "company",
                    UnitKind::Function => "function",
                    UnitKind::Team => "team",
                };
                match &x.name {
                    Some(n) if n != &x.id => format!("{kind} {} \"{n}\"", x.id),
                    _ => format!("{kind} {}", x.id),
                }
            }
            None => "a unit".to_string(),
        }
    }

    /// The id of a graph node.
    pub fn node_id(&self, n: Node) -> &str {
        match n {
            Node::Objective(o) => self.doc.objectives.get(o as usize).map(|x| x.id.as_str()),
            Node::KeyResult(k) => self.doc.key_results.get(k as usize).map(|x| x.id.as_str()),
        }
        .unwrap_or("")
    }

    /// `objective O1 "title"` or `key result KR1 "title"`.
    pub fn node_name(&self, n: Node) -> String {
        match n {
            Node::Objective(o) => lower_first(&self.objective_name(o)),
            Node::KeyResult(k) => self.key_result_name(k),
        }
    }

    /// A name for any item, for messages (lower case).
    pub fn item_name(&self, item: ItemRef) -> String {
        match item.kind {
            ItemKind::Objective => lower_first(&self.objective_name(item.index)),
            ItemKind::KeyResult => self.key_result_name(item.index),
            ItemKind::Unit => self.unit_name(item.index),
            ItemKind::CheckIn => match self.doc.check_ins.get(item.index as usize) {
                Some(c) => format!("the check-in of {} dated {}", c.key_result, c.date),
                None => "a check-in".to_string(),
            },
            kind => {
                let id = self.id(item);
                let title = match kind {
                    ItemKind::Theme => self.doc.themes.get(item.index as usize).map(|x| &x.title),
                    ItemKind::Mandate => {
                        self.doc.mandates.get(item.index as usize).map(|x| &x.title)
                    }
                    ItemKind::Initiative => self
                        .doc
                        .initiatives
                        .get(item.index as usize)
                        .map(|x| &x.title),
                    ItemKind::SprintGoal => self
                        .doc
                        .sprint_goals
                        .get(item.index as usize)
                        .map(|x| &x.title),
                    _ => None,
                };
                match title {
                    Some(t) => format!("{} {id} \"{t}\"", kind.noun()),
                    None => format!("{} {id}", kind.noun()),
                }
            }
        }
    }

    /// The document link behind a global link position.
    pub fn link(&self, global: usize) -> Option<&'_ crate::document::Link> {
        let o = *self.ix.link_owner.get(global)?;
        let first = self.ix.links_of(o).start;
        self.doc
            .objectives
            .get(o as usize)?
            .links
            .get(global.checked_sub(first)?)
    }

    /// Whether the link at a global position is direct.
    pub fn is_direct(&self, global: usize) -> bool {
        self.link(global)
            .is_some_and(|l| l.kind == LinkKind::Direct)
    }

    /// The objective of KR `k`, when its reference resolved.
    pub fn kr_objective(&self, k: u32) -> Option<u32> {
        self.ix
            .kr_objective
            .get(k as usize)
            .copied()
            .filter(|&o| o != NONE)
    }
}

/// The text with its first letter in upper case.
pub(crate) fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The text with its first letter in lower case.
pub(crate) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A number as people write it: `12`, `0.5`, "not a number", "infinite".
pub(crate) fn num(v: f64) -> String {
    if v.is_nan() {
        "not a number".to_string()
    } else if v.is_infinite() {
        if v > 0.0 {
            "infinite"
        } else {
            "minus infinite"
        }
        .to_string()
    } else {
        format!("{v}")
    }
}

/// "a unit", "an objective".
pub(crate) fn a_noun(kind: ItemKind) -> String {
    let noun = kind.noun();
    if matches!(kind, ItemKind::Objective | ItemKind::Initiative) {
        format!("an {noun}")
    } else {
        format!("a {noun}")
    }
}

/// "1 key result" / "3 key results".
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Runs every enabled rule.
pub(crate) fn validate(doc: &Document, ix: &Index, policy: &Policy, rollup: &Rollup) -> Report {
    let mut ctx = Ctx {
        doc,
        ix,
        policy,
        rollup,
        out: Vec::new(),
    };
    references::run(&mut ctx);
    structure::run(&mut ctx);
    metrics::run(&mut ctx);
    design::run(&mut ctx);
    coverage::run(&mut ctx);
    progress::run(&mut ctx);
    Report::new(ctx.out)
}

#[cfg(test)]
mod tests;

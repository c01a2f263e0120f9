//! Validation: every rule of the spec, one module per group. Each rule
//! reads the document and the index and pushes diagnostics through
//! [`Ctx::emit`]; [`validate`] sorts them into output order.

pub(crate) mod alerts;
mod coverage;
mod dependencies;
mod design;
mod judgement;
mod metrics;
mod parts;
mod progress;
mod references;
mod registry;
mod structure;
mod tradeoffs;
mod wording;

pub use registry::{Code, UnknownCode};

use crate::describe::describe;
use crate::diagnostic::{Diagnostic, Report};
use crate::document::{Document, Link};
use crate::index::{id_of, Index, ItemKind, ItemRef, Items, KrIx, LinkIx, Node, ObjIx, UnitIx};
use crate::policy::Policy;
use crate::rollup::{dropped_as_of, kr_dropped, Rollup};

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
    pub(crate) fn id(&self, item: ItemRef) -> &'a str {
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
    /// How messages name an item (`objective O2 "title"`, `team payments
    /// "Payments"`): the one scheme of [`crate::Cascade::describe`].
    pub(crate) fn item_name(&self, item: ItemRef) -> String {
        describe(self.doc, item)
    }

    /// `Objective O2 "title"`: an objective's name starting a sentence.
    pub(crate) fn objective_name(&self, o: ObjIx) -> String {
        cap(&self.item_name(ItemRef::Objective(o)))
    }

    /// `key result KR1 "title"` (capitalise with [`cap`]).
    pub(crate) fn key_result_name(&self, k: KrIx) -> String {
        self.item_name(ItemRef::KeyResult(k))
    }

    /// `team payments "Payments"` (capitalise with [`cap`]).
    pub(crate) fn unit_name(&self, u: UnitIx) -> String {
        self.item_name(ItemRef::Unit(u))
    }

    /// The id of a graph node.
    pub(crate) fn node_id(&self, n: Node) -> &str {
        id_of(self.doc, n.into())
    }

    /// `objective O1 "title"` or `key result KR1 "title"`.
    pub(crate) fn node_name(&self, n: Node) -> String {
        self.item_name(ItemRef::from(n))
    }

    /// The document link behind a global link position.
    pub(crate) fn link(&self, l: LinkIx) -> &'_ Link {
        self.ix.link(self.doc, l)
    }

    /// Whether the link at a global position is direct.
    pub(crate) fn is_direct(&self, l: LinkIx) -> bool {
        self.ix.is_direct(self.doc, l)
    }

    /// The objective of KR `k`, when its reference resolved.
    pub(crate) fn kr_objective(&self, k: KrIx) -> Option<ObjIx> {
        self.ix.kr_objective[k]
    }

    /// Whether objective `o` is dropped as of the rollup's date (every
    /// `dropped` date counts without one).
    pub(crate) fn objective_dropped(&self, o: ObjIx) -> bool {
        dropped_as_of(self.doc.objective(o).dropped, self.rollup.as_of)
    }

    /// Whether KR `k` is dropped as of the rollup's date, by its own date
    /// or its objective's.
    pub(crate) fn key_result_dropped(&self, k: KrIx) -> bool {
        dropped_as_of(kr_dropped(self.doc, self.ix, k), self.rollup.as_of)
    }

    /// Whether an objective or KR is dropped as of the rollup's date.
    pub(crate) fn node_dropped(&self, n: Node) -> bool {
        match n {
            Node::Objective(o) => self.objective_dropped(o),
            Node::KeyResult(k) => self.key_result_dropped(k),
        }
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
    parts::run(&mut ctx);
    tradeoffs::run(&mut ctx);
    dependencies::run(&mut ctx);
    judgement::run(&mut ctx);
    Report::new(ctx.out)
}

/// Runs every enabled alert over figures at `rollup.as_of` (no date: no
/// alerts), in output order: code, then subject.
pub(crate) fn alerts(
    doc: &Document,
    ix: &Index,
    policy: &Policy,
    rollup: &Rollup,
) -> Vec<Diagnostic> {
    if rollup.as_of.is_none() {
        return Vec::new();
    }
    let mut ctx = Ctx {
        doc,
        ix,
        policy,
        rollup,
        out: Vec::new(),
    };
    alerts::run(&mut ctx);
    let mut out = ctx.out;
    out.sort_by(|a, b| {
        (a.code, &a.subject, &a.related, &a.message)
            .cmp(&(b.code, &b.subject, &b.related, &b.message))
    });
    out
}

#[cfg(test)]
mod tests;

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
pub(crate) mod wording;

use wording::TitleSlots;

pub use registry::{Code, UnknownCode};

use std::fmt::Write as _;

use crate::describe::{describe, name_of};
use crate::diagnostic::{Diagnostic, Report, Severity};
use crate::document::{Document, Link};
use crate::index::{id_of, Index, ItemKind, ItemRef, Items, KrIx, LinkIx, Node, ObjIx, UnitIx};
use crate::policy::Policy;
use crate::rollup::{dropped_as_of, kr_dropped, Engine, Rollup};

/// What every rule reads, and where diagnostics go.
pub(crate) struct Ctx<'a> {
    pub doc: &'a Document,
    pub ix: &'a Index,
    pub policy: &'a Policy,
    /// Figures at the cycle's `as_of` (W113, W115, I201 need progress).
    pub rollup: &'a Rollup,
    out: Vec<Diagnostic>,
    /// Each code's hint, formatted once (it depends only on the code and
    /// the policy); indexed by the code's position in [`Code::ALL`].
    hints: Vec<Option<String>>,
    /// Only rules of severity error run ([`errors`]).
    errors_only: bool,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(
        doc: &'a Document,
        ix: &'a Index,
        policy: &'a Policy,
        rollup: &'a Rollup,
    ) -> Ctx<'a> {
        Ctx {
            doc,
            ix,
            policy,
            rollup,
            out: Vec::new(),
            hints: Vec::new(),
            errors_only: false,
        }
    }

    /// The hint of `code` under the policy, formatted on first use.
    fn hint(&mut self, code: Code) -> String {
        let policy = self.policy;
        if self.hints.is_empty() {
            self.hints.resize(Code::ALL.len(), None);
        }
        match self.hints.get_mut(code.position()) {
            Some(Some(h)) => h.clone(),
            Some(slot) => slot.insert(code.hint(policy).into_owned()).clone(),
            None => code.hint(policy).into_owned(),
        }
    }

    /// Whether the rule runs under the policy (and, for [`errors`], is an
    /// error).
    pub(crate) fn on(&self, code: Code) -> bool {
        self.policy.enabled(code) && !(self.errors_only && code.severity() != Severity::Error)
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
        if !self.on(code) {
            return;
        }
        related.sort();
        related.dedup();
        let hint = self.hint(code);
        self.out.push(Diagnostic {
            code,
            rule: code.rule().to_string(),
            severity: code.severity(),
            subject: subject.to_string(),
            related,
            message,
            hint,
        });
    }
}

impl Ctx<'_> {
    /// How messages name an item (`objective O2 "title"`, `team payments
    /// "Payments"`): the one scheme of [`crate::Cascade::describe`].
    pub(crate) fn item_name(&self, item: ItemRef) -> String {
        describe(self.doc, item)
    }

    /// Appends an item's name (as [`Ctx::item_name`] gives it) to `out`,
    /// its first letter in upper case when `capital` (as [`cap`] does):
    /// no intermediate `String`.
    pub(crate) fn push_name(&self, out: &mut String, item: ItemRef, capital: bool) {
        let start = out.len();
        // Writing into a `String` cannot fail.
        let _ = write!(out, "{}", name_of(self.doc, item));
        if capital {
            cap_from(out, start);
        }
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

/// Upper-cases the first letter of `out[start..]` in place (as [`cap`]
/// does for a whole text).
pub(crate) fn cap_from(out: &mut String, start: usize) {
    let Some(tail) = out.get_mut(start..) else {
        return;
    };
    match tail.chars().next() {
        Some(c) if c.is_ascii() => {
            if let Some(first) = tail.get_mut(..1) {
                first.make_ascii_uppercase();
            }
        }
        Some(_) => {
            let rest = out.split_off(start);
            out.push_str(&cap(&rest));
        }
        None => {}
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
///
/// The rules fall in two halves that share nothing mutable: the rules
/// that compare titles with titles (W120, W123, W104) and all the others. A
/// large document runs them on two threads (one after the other in
/// WebAssembly); [`Report::new`] sorts the union into output order, so the
/// report is the same either way.
pub(crate) fn validate(doc: &Document, ix: &Index, policy: &Policy, rollup: &Rollup) -> Report {
    let titles = TitleSlots::new(doc, ix);
    validate_split(doc, ix, policy, rollup, &titles, large(doc))
}

/// Whether a document is large enough for a second thread to pay for
/// itself.
fn large(doc: &Document) -> bool {
    /// Objectives and KRs from which a second thread pays for itself.
    const SPLIT_FROM: usize = 2_000;
    doc.objectives.len() + doc.key_results.len() >= SPLIT_FROM
}

/// [`validate`] with the figures computed by `rollup`: on a large document
/// the titles' slots are built on a second thread meanwhile.
pub(crate) fn validate_with(
    doc: &Document,
    ix: &Index,
    policy: &Policy,
    rollup: impl FnOnce() -> Rollup + Send,
) -> Report {
    let split = large(doc);
    let (figures, titles) = if split {
        crate::par::both(rollup, || TitleSlots::new(doc, ix))
    } else {
        (rollup(), TitleSlots::new(doc, ix))
    };
    validate_split(doc, ix, policy, &figures, &titles, split)
}

/// [`validate`], with the two halves on two threads or not.
fn validate_split(
    doc: &Document,
    ix: &Index,
    policy: &Policy,
    rollup: &Rollup,
    titles: &TitleSlots<'_>,
    split: bool,
) -> Report {
    // W123 reads objective by objective: on two threads its last
    // twentieth of objectives runs beside the other rules, and W104 beside
    // the similarity rules, which balances the halves (measured on the
    // synthetic 10,000-team document).
    let n = doc.objectives.len();
    let cut = if split { n - n / 20 } else { n };
    let rest = || {
        let mut ctx = Ctx::new(doc, ix, policy, rollup);
        references::run(&mut ctx);
        structure::run(&mut ctx);
        metrics::run(&mut ctx);
        design::run(&mut ctx, titles);
        coverage::run(&mut ctx);
        progress::run(&mut ctx);
        parts::run(&mut ctx);
        tradeoffs::run(&mut ctx);
        dependencies::run(&mut ctx);
        judgement::run_titles(&mut ctx, titles, cut..n);
        ctx.out
    };
    let similar = || {
        let mut ctx = Ctx::new(doc, ix, policy, rollup);
        judgement::run_similarity(&mut ctx, titles, 0..cut);
        design::run_copy_paste(&mut ctx, titles);
        ctx.out
    };
    let out = if split {
        let (mut a, b) = crate::par::both(rest, similar);
        a.extend(b);
        a
    } else {
        let mut a = rest();
        a.extend(similar());
        a
    };
    Report::new(out)
}

/// The error diagnostics alone, exactly as [`validate`] reports them,
/// without running any warning rule or computing figures: what decides
/// whether a document's figures can be trusted.
///
/// INVARIANT: only the rule groups below emit codes of severity error
/// (E001-E010), and none of them reads figures, so their `Ctx` gets an
/// empty rollup (a test compares this with `validate` on every fixture).
pub(crate) fn errors(doc: &Document, ix: &Index, policy: &Policy) -> Report {
    let none = Rollup::empty();
    let mut ctx = Ctx::new(doc, ix, policy, &none);
    ctx.errors_only = true;
    references::run(&mut ctx);
    structure::run(&mut ctx);
    metrics::run(&mut ctx);
    parts::run(&mut ctx);
    Report::new(ctx.out)
}

/// Runs every enabled alert over figures at `rollup.as_of` (no date: no
/// alerts), in output order: code, then subject. `engine` is the rollup's
/// computation (A302 reads the least-squares line), `earlier` the figures
/// at `as_of - slip_days` (A304; `None`: no comparison).
pub(crate) fn alerts(
    engine: &Engine<'_>,
    policy: &Policy,
    rollup: &Rollup,
    earlier: Option<alerts::Earlier<'_>>,
) -> Vec<Diagnostic> {
    if rollup.as_of.is_none() {
        return Vec::new();
    }
    let mut ctx = Ctx::new(engine.doc, engine.ix, policy, rollup);
    alerts::run(&mut ctx, engine, earlier);
    let mut out = ctx.out;
    sort_alerts(&mut out);
    out
}

/// Reruns the alerts of each of `items` (objectives and KRs of the
/// engine's document) and hands each item's list, sorted, to `f`. The list
/// is one buffer reused from item to item: `f` may swap its contents out
/// (whatever it leaves is cleared before the next item), so an item whose
/// alerts did not change costs no allocation.
pub(crate) fn each_item_alerts(
    engine: &Engine<'_>,
    policy: &Policy,
    rollup: &Rollup,
    earlier: Option<alerts::Earlier<'_>>,
    items: &[Node],
    mut f: impl FnMut(Node, &mut Vec<Diagnostic>),
) {
    let mut ctx = Ctx::new(engine.doc, engine.ix, policy, rollup);
    for &n in items {
        alerts::item_alerts(&mut ctx, engine, earlier, n);
        sort_alerts(&mut ctx.out);
        f(n, &mut ctx.out);
        ctx.out.clear();
    }
}

/// Alerts' output order: code, then subject (then related and message, so
/// the order is total).
pub(crate) fn sort_alerts(out: &mut [Diagnostic]) {
    out.sort_by(|a, b| {
        (a.code, &a.subject, &a.related, &a.message)
            .cmp(&(b.code, &b.subject, &b.related, &b.message))
    });
}

#[cfg(test)]
mod tests;

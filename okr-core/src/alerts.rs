//! Alerts: what is about to go wrong this cycle, at a date (spec:
//! "Figures over time"). A separate list from validation's diagnostics,
//! in the same item shape ([`Diagnostic`], severity
//! [`Severity::Alert`](crate::Severity::Alert)), sorted by code, then
//! subject. Alert codes are rows of the one rule registry (`A3xx`), so a
//! policy switches them off like any rule and their hints live with the
//! others.

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// The alerts at a date: `{"alerts": [items]}`; empty without a date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Alerts {
    /// Sorted by code, then subject.
    pub alerts: Vec<Diagnostic>,
}

//! TypeScript names of the values that cross the boundary.
//!
//! The document, policy, report, lineage and figure types are generated
//! from the Rust types by tsify (okr-core's `tsify` feature), so they cannot
//! drift. Declared by hand here, because serde cannot describe them:
//! `RollupFigures`, `RollupDelta` (keyed by id), `AlertsDelta`,
//! `TrendSeries` and `OkrError` (a JS error with extra properties).

use okr_core::{CheckIn, Date};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::convert::{from_js, JsResult};

#[wasm_bindgen(typescript_custom_section)]
const HAND_WRITTEN: &'static str = r#"
/** Every figure of a rollup, keyed by id (the `okr rollup --format json` shape). */
export interface RollupFigures {
    key_results: Record<string, KeyResultFigures>;
    objectives: Record<string, ObjectiveFigures>;
    themes: Record<string, MeanFigures>;
    units: Record<string, MeanFigures>;
    mandates: Record<string, MandateFigures>;
}

/**
 * How an incremental update changed the alerts (the core's `AlertsDelta`):
 * each list sorted by code, then subject, and omitted when empty.
 */
export interface AlertsDelta {
    /** Alerts that were not there before the update. */
    appeared?: Diagnostic[];
    /** Alerts the update cleared, as they were. */
    cleared?: Diagnostic[];
    /** Alerts still there whose numbers changed, as they are now. */
    updated?: Diagnostic[];
}

/**
 * The figures an incremental update recomputed, keyed by id, and how the
 * alerts changed (the core's `RollupDelta`; `alerts` omitted when none did).
 */
export type RollupDelta = Omit<RollupFigures, "mandates"> & { alerts?: AlertsDelta };

/** The figures of every item at each grid date, keyed by id (the `okr trend --format json` shape). */
export interface TrendSeries {
    key_results: Record<string, TrendPoint[]>;
    objectives: Record<string, TrendPoint[]>;
    /** Status always null. */
    themes: Record<string, TrendPoint[]>;
    /** Status always null. */
    units: Record<string, TrendPoint[]>;
}

/** The stable codes of thrown errors. */
export type ErrorCode = "unreadable" | "unknown-id" | "invalid-policy" | "invalid-input" | "internal";

/**
 * What every method throws: a `SyntaxError` (unreadable document),
 * `RangeError` (unknown id), `TypeError` (invalid policy or input) or a
 * plain `Error` (`internal`: a result that cannot be written, a bug) with
 * a stable `code`. Unreadable documents also say where.
 */
export interface OkrError extends Error {
    code: ErrorCode;
    /** Unreadable documents only: `syntax`, `schema` or `limit`. */
    kind?: "syntax" | "schema" | "limit";
    /** Unreadable documents only: 1-based line, null when unknown. */
    line?: number | null;
    /** Unreadable documents only: 1-based column, null when unknown. */
    column?: number | null;
    /** Unreadable documents only: path such as `key_results[3].metric`. */
    path?: string | null;
}
"#;

#[wasm_bindgen]
extern "C" {
    /// A document: JSON text or a plain object.
    #[wasm_bindgen(typescript_type = "string | Document")]
    pub type DocumentInput;
    /// A policy: a (partial) object or JSON text.
    #[wasm_bindgen(typescript_type = "Policy | string")]
    pub type PolicyInput;
    /// A check-in to record.
    #[wasm_bindgen(typescript_type = "CheckInArgs")]
    pub type CheckInInput;
    /// A document out.
    #[wasm_bindgen(typescript_type = "Document")]
    pub type DocumentOutput;
    /// A validation report out.
    #[wasm_bindgen(typescript_type = "Report")]
    pub type ReportOutput;
    /// A lineage out.
    #[wasm_bindgen(typescript_type = "Lineage")]
    pub type LineageOutput;
    /// An explanation out.
    #[wasm_bindgen(typescript_type = "Explanation")]
    pub type ExplanationOutput;
    /// The dependency graph out.
    #[wasm_bindgen(typescript_type = "Dependencies")]
    pub type DependenciesOutput;
    /// A diff out.
    #[wasm_bindgen(typescript_type = "Diff")]
    pub type DiffOutput;
    /// A scorecard out.
    #[wasm_bindgen(typescript_type = "Scorecard")]
    pub type ScorecardOutput;
    /// The alerts out.
    #[wasm_bindgen(typescript_type = "Alerts")]
    pub type AlertsOutput;
    /// A trend out.
    #[wasm_bindgen(typescript_type = "TrendSeries")]
    pub type TrendOutput;
    /// A whole rollup out.
    #[wasm_bindgen(typescript_type = "RollupFigures")]
    pub type RollupFigures;
    /// The figures an update changed.
    #[wasm_bindgen(typescript_type = "RollupDelta")]
    pub type RollupDeltaOutput;
}

/// The argument of `recordCheckIn`: a check-in with JS-style names
/// (`keyResult`; the document's `key_result` is accepted too).
#[derive(Clone, Debug, PartialEq, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[tsify(missing_as_null)]
pub struct CheckInArgs {
    /// The KR measured.
    #[serde(alias = "key_result")]
    pub key_result: String,
    /// When (YYYY-MM-DD).
    #[tsify(type = "string")]
    pub date: Date,
    /// The value.
    pub value: f64,
    /// Owner's confidence, 0 to 1.
    #[serde(default)]
    pub confidence: Option<f64>,
}

pub(crate) fn check_in_from(value: CheckInInput) -> JsResult<CheckIn> {
    let args: CheckInArgs = from_js(
        &value,
        "a check-in is {keyResult, date, value, confidence?}",
    )?;
    Ok(CheckIn {
        key_result: args.key_result,
        date: args.date,
        value: args.value,
        confidence: args.confidence,
    })
}

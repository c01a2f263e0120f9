//! # okr-wasm: the selective cascade in the browser and in Node
//!
//! A thin wasm-bindgen layer over [`okr_core`]: it converts arguments in,
//! calls the core, and converts results out. It holds no domain logic, so
//! JavaScript gets exactly the answers of the command line and of Python.
//!
//! - Documents come in as a JSON string, UTF-8 bytes (`fromJsonBytes`) or
//!   a plain JS object of the same shape (an object is turned into JSON
//!   text first, so all go through the one loader, with its limits and its
//!   error messages). Strings cross with one `TextEncoder.encodeInto`
//!   (`text.rs`).
//! - Results go out as plain JS objects in the spec's JSON shapes, with the
//!   document's snake_case keys and `null` for missing values.
//! - Errors are thrown as JS `Error`s (a `SyntaxError`, `RangeError` or
//!   `TypeError`) that carry the core's stable `code` and, for unreadable
//!   documents, `kind`, `line`, `column` and `path`. See [`errors`].
//! - TypeScript types come from the Rust types (tsify derives behind
//!   okr-core's `tsify` feature); only the shapes that serde cannot describe
//!   (the id-keyed rollup and the error) are declared by hand in `src/types.rs`.

#[cfg(feature = "bench-hooks")]
mod bench_hooks;
mod convert;
pub mod errors;
mod text;
mod types;

use js_sys::JsString;
use okr_core::{Date, Limits, Policy, RollupOptions, RollupReport};
use wasm_bindgen::prelude::*;

use crate::convert::{json_text, to_js, JsResult};
use crate::errors::to_js_error;
use crate::types::{
    AlertsOutput, CheckInInput, DependenciesOutput, DiffOutput, DocumentInput, DocumentOutput,
    ExplanationOutput, LineageOutput, PolicyInput, ReportOutput, RollupDeltaOutput, RollupFigures,
    ScorecardOutput, TrendOutput,
};

pub use crate::types::CheckInArgs;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Runs when the module is instantiated: routes a Rust panic message (none
/// is expected: the core and this layer are written not to panic) to
/// `console.error` before the module traps.
#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error(&format!("okr-wasm: internal error (please report): {info}"));
    }));
}

/// The version of this package (and of the engine inside it).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Every rule code, in order (`"E001"` ... `"I203"`): the values of the
/// `Code` type.
#[wasm_bindgen(js_name = ruleCodes, unchecked_return_type = "Code[]")]
pub fn rule_codes() -> Vec<String> {
    okr_core::Code::ALL
        .iter()
        .map(|c| c.as_str().to_string())
        .collect()
}

/// Every `code` a thrown error can carry: the values of the `ErrorCode`
/// type.
#[wasm_bindgen(js_name = errorCodes, unchecked_return_type = "ErrorCode[]")]
pub fn error_codes() -> Vec<String> {
    okr_core::Error::CODES
        .iter()
        .map(|c| (*c).to_string())
        .collect()
}

/// What changed from `old` to `newer` (two cascades): `{added, removed,
/// changed, figures, diagnostics: {new, resolved}, lineage: {lost,
/// gained}}`, every list sorted by kind then id; diagnostics compared
/// under `policy` (default when absent), figures under each snapshot's own
/// `as_of`. The `okr diff --format json` shape.
#[wasm_bindgen]
pub fn diff(old: &Cascade, newer: &Cascade, policy: Option<PolicyInput>) -> JsResult<DiffOutput> {
    let policy = policy_from(policy)?;
    let d = old
        .inner
        .diff(&newer.inner, &policy)
        .map_err(|e| to_js_error(&e))?;
    to_js(&d).map(JsCast::unchecked_into)
}

/// Test hook, not part of the API: forces an internal error (a Rust panic)
/// so the tests can show it reaches JS as a thrown exception, with the
/// message logged by the panic hook, and never aborts the process.
#[doc(hidden)]
#[wasm_bindgen(js_name = "__internalErrorForTests")]
pub fn internal_error_for_tests() {
    #[expect(clippy::panic, reason = "the test hook exists to force a panic")]
    {
        panic!("forced internal error (test hook)");
    }
}

/// Test and benchmark hook, not part of the API: the size of the module's
/// linear memory in bytes (0 outside WebAssembly). WebAssembly memory only
/// grows, so after a load this is the load's peak.
#[doc(hidden)]
#[wasm_bindgen(js_name = "__memoryBytes")]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        (core::arch::wasm32::memory_size(0) as f64) * 65536.0
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// Loads JSON text (the one path of `fromJson`, `fromJsonBytes` and the
/// constructor).
fn load_json(text: &str) -> Result<okr_core::Cascade, okr_core::Error> {
    okr_core::Cascade::from_json_with_limits(text, &Limits::default())
}

/// A loaded cascade document. It never changes: incremental updates go
/// through a [`LiveRollup`] made by `live()`.
#[wasm_bindgen]
pub struct Cascade {
    inner: okr_core::Cascade,
}

fn policy_from(policy: Option<PolicyInput>) -> JsResult<Policy> {
    match policy {
        None => Ok(Policy::default()),
        Some(p) => match json_text(&p)? {
            None => Ok(Policy::default()),
            Some(text) => Policy::from_json(&text).map_err(|e| to_js_error(&e)),
        },
    }
}

fn date_from(as_of: Option<String>) -> JsResult<Option<Date>> {
    as_of
        .map(|text| {
            Date::parse(&text).ok_or_else(|| {
                to_js_error(&okr_core::Error::Input(format!(
                    "`{text}` is not a date (YYYY-MM-DD)"
                )))
            })
        })
        .transpose()
}

fn options_from(as_of: Option<String>, policy: Option<PolicyInput>) -> JsResult<RollupOptions> {
    Ok(RollupOptions::from_policy(&policy_from(policy)?).with_as_of(date_from(as_of)?))
}

/// The text of a string argument (a `JsString` rather than `&str`, so that
/// it crosses with one `encodeInto`: see `text.rs`). TypeScript already
/// says `string`; plain JS callers get an `invalid-input` error otherwise.
fn text_arg(text: &JsString) -> JsResult<String> {
    if text.is_string() {
        Ok(text::utf8(text))
    } else {
        Err(to_js_error(&okr_core::Error::Input(
            "expected the document's text (a string)".into(),
        )))
    }
}

fn json_out(text: Result<String, okr_core::Error>) -> JsResult<String> {
    text.map_err(|e| to_js_error(&e))
}

impl Cascade {
    fn wrap(loaded: Result<okr_core::Cascade, okr_core::Error>) -> JsResult<Cascade> {
        loaded
            .map(|inner| Cascade { inner })
            .map_err(|e| to_js_error(&e))
    }
}

#[wasm_bindgen]
impl Cascade {
    /// Loads a document: a JSON string, or a plain object of the same shape.
    /// Throws a `SyntaxError` with `code: "unreadable"` when it cannot be
    /// read.
    /// For an object, `line` and `column` of an unreadable-document error
    /// are `null` (they would point into text the caller never wrote);
    /// `path` names the place.
    #[wasm_bindgen(constructor)]
    pub fn new(document: DocumentInput) -> JsResult<Cascade> {
        let is_text = document.is_string();
        let Some(text) = json_text(&document)? else {
            return Err(to_js_error(&okr_core::Error::Input(
                "expected a cascade document (a JSON string or an object)".into(),
            )));
        };
        let loaded = load_json(&text);
        Cascade::wrap(loaded.map_err(|e| match e {
            okr_core::Error::Load(mut load) if !is_text => {
                load.line = None;
                load.column = None;
                okr_core::Error::Load(load)
            }
            other => other,
        }))
    }

    /// Loads a document from JSON text.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &JsString) -> JsResult<Cascade> {
        Cascade::wrap(load_json(&text_arg(text)?))
    }

    /// Loads a document from JSON text as UTF-8 bytes (a `Uint8Array`, such
    /// as `fs.readFileSync(path)` or `new Uint8Array(await
    /// response.arrayBuffer())`): the fastest way in, with no JS string
    /// in between. Throws like `fromJson`; invalid UTF-8 is an
    /// `unreadable` error naming its line and column.
    #[wasm_bindgen(js_name = fromJsonBytes)]
    pub fn from_json_bytes(bytes: &[u8]) -> JsResult<Cascade> {
        Cascade::wrap(okr_core::Cascade::from_json_bytes_with_limits(
            bytes,
            &Limits::default(),
        ))
    }

    /// Loads a document from YAML text (same shape as JSON).
    #[cfg(feature = "yaml")]
    #[wasm_bindgen(js_name = fromYaml)]
    pub fn from_yaml(text: &JsString) -> JsResult<Cascade> {
        let text = text_arg(text)?;
        Cascade::wrap(okr_core::Cascade::from_yaml_with_limits(
            &text,
            &Limits::default(),
        ))
    }

    /// Loads a document from a sheet: CSV text, one row per key result
    /// (docs/sheets.md). Throws an `unreadable` error naming the row and
    /// column of the first problem.
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(text: &JsString) -> JsResult<Cascade> {
        Cascade::wrap(okr_core::Cascade::from_csv(&text_arg(text)?))
    }

    /// The document as a sheet (CSV text), which `fromCsv` reads back to
    /// the same document. Throws (`invalid-input`), naming them, when the
    /// document holds what a sheet cannot carry (contribution statements,
    /// mandates, initiatives, sprint goals, check-ins); `toCsvLossy` leaves
    /// them out instead.
    #[wasm_bindgen(js_name = toCsv)]
    pub fn to_csv(&self) -> JsResult<String> {
        json_out(self.inner.to_csv())
    }

    /// The sheet like `toCsv`, leaving out what a sheet cannot carry:
    /// `{csv, left_out}`, `left_out` saying what (such as `"2 mandates (M1,
    /// M2)"`), empty when nothing was.
    #[wasm_bindgen(js_name = toCsvLossy, unchecked_return_type = "{ csv: string; left_out: string[] }")]
    pub fn to_csv_lossy(&self) -> JsResult<JsValue> {
        let out =
            okr_core::sheet::to_csv_lossy(self.inner.document()).map_err(|e| to_js_error(&e))?;
        let obj = js_sys::Object::new();
        let left_out: js_sys::Array = out.left_out.iter().map(|s| JsValue::from_str(s)).collect();
        js_sys::Reflect::set(&obj, &"csv".into(), &JsValue::from_str(&out.csv))
            .and_then(|_| js_sys::Reflect::set(&obj, &"left_out".into(), &left_out))
            .map_err(|_| to_js_error(&okr_core::Error::Output("cannot build the result".into())))?;
        Ok(obj.into())
    }

    /// The document's check-ins as CSV: `key_result,date,value[,confidence]`.
    #[wasm_bindgen(js_name = checkInsToCsv)]
    pub fn check_ins_to_csv(&self) -> JsResult<String> {
        json_out(okr_core::sheet::check_ins_to_csv(
            &self.inner.document().check_ins,
        ))
    }

    /// Runs every rule the policy enables (the default policy when none is
    /// given; absent fields keep their defaults). Returns
    /// `{diagnostics, summary}`.
    pub fn validate(&self, policy: Option<PolicyInput>) -> JsResult<ReportOutput> {
        let policy = policy_from(policy)?;
        to_js(&self.inner.validate(&policy)).map(JsCast::unchecked_into)
    }

    /// Computes every figure, keyed by id: `{key_results, objectives,
    /// themes, units, mandates}`. `asOf` (YYYY-MM-DD) overrides the cycle's
    /// `as_of`; the policy's pace margins apply.
    pub fn rollup(
        &self,
        #[wasm_bindgen(js_name = asOf)] as_of: Option<String>,
        policy: Option<PolicyInput>,
    ) -> JsResult<RollupFigures> {
        let rollup = self.inner.rollup(&options_from(as_of, policy)?);
        to_js(&RollupReport::new(&self.inner, &rollup)).map(JsCast::unchecked_into)
    }

    /// [`Cascade::rollup`] as JSON text, exactly `okr rollup --format json`:
    /// for passing on (to a worker, a server, a file) without building
    /// objects.
    #[wasm_bindgen(js_name = rollupJson)]
    pub fn rollup_json(
        &self,
        #[wasm_bindgen(js_name = asOf)] as_of: Option<String>,
        policy: Option<PolicyInput>,
    ) -> JsResult<String> {
        let rollup = self.inner.rollup(&options_from(as_of, policy)?);
        json_out(RollupReport::new(&self.inner, &rollup).to_json())
    }

    /// [`Cascade::rollup_json`] as UTF-8 bytes (a `Uint8Array`): for writing
    /// to a file or a response, or posting to a worker, without decoding
    /// the text into a JS string first (about 14 ms of `rollupJson()`'s
    /// 67 ms for 10,000 teams). `new TextDecoder().decode(bytes)` is
    /// exactly `rollupJson()`.
    #[wasm_bindgen(js_name = rollupJsonBytes)]
    pub fn rollup_json_bytes(
        &self,
        #[wasm_bindgen(js_name = asOf)] as_of: Option<String>,
        policy: Option<PolicyInput>,
    ) -> JsResult<Vec<u8>> {
        self.rollup_json(as_of, policy).map(String::into_bytes)
    }

    /// The figures of every key result, objective, theme and unit at
    /// `start`, `start + every`, ... up to the last date (`asOf`, else the
    /// cycle's `as_of`, else its end), and at the last date itself when it
    /// is off the grid: `{key_results, objectives, themes, units}`, each
    /// `{id: [{date, progress, status}]}` (`okr trend --format json`).
    /// `every` (default 7) must be a whole number of days of at least 1.
    pub fn trend(
        &self,
        every: Option<f64>,
        #[wasm_bindgen(js_name = asOf)] as_of: Option<String>,
        policy: Option<PolicyInput>,
    ) -> JsResult<TrendOutput> {
        let every = match every {
            None => 7,
            Some(e) if e.fract() == 0.0 && (1.0..=f64::from(u32::MAX)).contains(&e) => e as u32,
            Some(e) => {
                return Err(to_js_error(&okr_core::Error::Input(format!(
                    "`every` must be a whole number of days of at least 1, not {e}"
                ))))
            }
        };
        let trend = self
            .inner
            .trend(every, &options_from(as_of, policy)?)
            .map_err(|e| to_js_error(&e))?;
        let keyed = trend.with_ids(&self.inner).ok_or_else(|| {
            to_js_error(&okr_core::Error::Output(
                "the trend does not match its document".into(),
            ))
        })?;
        to_js(&keyed).map(JsCast::unchecked_into)
    }

    /// Every path from an item to the company priorities it moves, and the
    /// plain-language answer: `{subject, traces, paths, answer}`.
    pub fn lineage(&self, id: &str) -> JsResult<LineageOutput> {
        let lineage = self.inner.lineage(id).map_err(|e| to_js_error(&e))?;
        to_js(&lineage).map(JsCast::unchecked_into)
    }

    /// Where the figures of `id` (a key result, objective, theme, unit or
    /// mandate) come from: `{subject, kind, figures, rule, inputs,
    /// status_rule, forecast_rule, text}` (`okr explain --format json`).
    /// `asOf` overrides the cycle's `as_of`; the policy's pace margins and
    /// objective status apply.
    pub fn explain(
        &self,
        id: &str,
        #[wasm_bindgen(js_name = asOf)] as_of: Option<String>,
        policy: Option<PolicyInput>,
    ) -> JsResult<ExplanationOutput> {
        let e = self
            .inner
            .explain_with(id, &options_from(as_of, policy)?)
            .map_err(|e| to_js_error(&e))?;
        to_js(&e).map(JsCast::unchecked_into)
    }

    /// Who needs whom: `{edges: [{from, to, kind, via}], units: {id:
    /// {needs, needed_by, shares}}, shared: [{key_result, units}]}`, edges
    /// sorted, every unit listed; a KR co-owned by more units than the
    /// policy's `max_co_owners` is listed once in `shared`. With `unit`,
    /// only the part touching that unit (like `okr deps --unit`).
    pub fn dependencies(
        &self,
        policy: Option<PolicyInput>,
        unit: Option<String>,
    ) -> JsResult<DependenciesOutput> {
        let policy = policy_from(policy)?;
        let graph = self.inner.dependencies(&policy);
        let graph = match unit {
            Some(u) => graph.touching(&u),
            None => graph,
        };
        to_js(&graph).map(JsCast::unchecked_into)
    }

    /// The alerts at `asOf` (YYYY-MM-DD; default the cycle's `as_of`):
    /// `{alerts: [...]}` in the diagnostics' shape with severity `alert`,
    /// sorted by code then subject; empty without a date.
    pub fn alerts(
        &self,
        #[wasm_bindgen(js_name = asOf)] as_of: Option<String>,
        policy: Option<PolicyInput>,
    ) -> JsResult<AlertsOutput> {
        let policy = policy_from(policy)?;
        let alerts = self.inner.alerts(&policy, date_from(as_of)?);
        to_js(&alerts).map(JsCast::unchecked_into)
    }

    /// Closing scores: `{key_results: {id: {score, judgement, progress,
    /// status}}, objectives: {id: {score, judgement, status}}}`; a KR's
    /// `score` when set (judgement), else its progress at the cycle's end.
    pub fn scorecard(&self, policy: Option<PolicyInput>) -> JsResult<ScorecardOutput> {
        let policy = policy_from(policy)?;
        to_js(&self.inner.scorecard(&policy)).map(JsCast::unchecked_into)
    }

    /// The draft of the next cycle's document (`cycle` from `start` to
    /// `end`, YYYY-MM-DD): open objectives and KRs carried over with their
    /// ids, re-baselined, references to what was left behind removed.
    pub fn carry(&self, cycle: &str, start: &str, end: &str) -> JsResult<DocumentOutput> {
        let date = |what: &str, text: &str| {
            Date::parse(text).ok_or_else(|| {
                to_js_error(&okr_core::Error::Input(format!(
                    "{what} `{text}` is not a date: write YYYY-MM-DD"
                )))
            })
        };
        let draft = self
            .inner
            .carry(cycle, date("start", start)?, date("end", end)?)
            .map_err(|e| to_js_error(&e))?;
        to_js(&draft).map(JsCast::unchecked_into)
    }

    /// The document as `unit` may see it: restricted items it may not see
    /// become `{id, redacted: true}` stubs.
    #[wasm_bindgen(js_name = viewFor)]
    pub fn view_for(&self, unit: &str) -> JsResult<DocumentOutput> {
        let view = self.inner.view_for(unit).map_err(|e| to_js_error(&e))?;
        to_js(&view).map(JsCast::unchecked_into)
    }

    /// A rollup that check-ins and new values update incrementally (the
    /// same live model as Python's `cascade.live()`). It works on its own
    /// copy of the document; this cascade never changes. `asOf` and
    /// `policy` as for `rollup`.
    pub fn live(
        &self,
        #[wasm_bindgen(js_name = asOf)] as_of: Option<String>,
        policy: Option<PolicyInput>,
    ) -> JsResult<LiveRollup> {
        let policy = policy_from(policy)?;
        Ok(LiveRollup {
            inner: self
                .inner
                .clone()
                .live_with_policy(&policy, date_from(as_of)?),
        })
    }

    /// The document as a plain object.
    pub fn document(&self) -> JsResult<DocumentOutput> {
        to_js(self.inner.document()).map(JsCast::unchecked_into)
    }

    /// The document as canonical JSON text.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> JsResult<String> {
        self.inner.to_json().map_err(|e| to_js_error(&e))
    }
}

/// A cascade and its rollup, kept current by incremental updates (the
/// core's `LiveRollup`). Each update returns only the figures it
/// recomputed, keyed by id; `rollup()` always equals a full recompute of
/// `document()`.
#[wasm_bindgen]
pub struct LiveRollup {
    inner: okr_core::LiveRollup,
}

#[wasm_bindgen]
impl LiveRollup {
    /// Records a check-in and returns the figures that changed, in the
    /// rollup's shape without `mandates`, with `alerts: {appeared,
    /// cleared, updated}` when any alert changed. Throws (and changes nothing) for
    /// an unknown key result or a non-finite value.
    #[wasm_bindgen(js_name = recordCheckIn)]
    pub fn record_check_in(
        &mut self,
        #[wasm_bindgen(js_name = checkIn)] check_in: CheckInInput,
    ) -> JsResult<RollupDeltaOutput> {
        let check_in = types::check_in_from(check_in)?;
        let delta = self
            .inner
            .record_check_in(check_in)
            .map_err(|e| to_js_error(&e))?;
        to_js(&delta).map(JsCast::unchecked_into)
    }

    /// Records the check-ins of a CSV text (`key_result,date,value
    /// [,confidence]`, header first) in one update and returns every figure
    /// they changed, as recording them one by one would. Throws (and
    /// records nothing) naming the row and column of a bad cell or an
    /// unknown key result.
    #[wasm_bindgen(js_name = checkInCsv)]
    pub fn check_in_csv(&mut self, text: &str) -> JsResult<RollupDeltaOutput> {
        let check_ins = self
            .inner
            .cascade()
            .check_ins_from_csv(text)
            .map_err(|e| to_js_error(&e))?;
        let delta = self
            .inner
            .record_check_ins(check_ins)
            .map_err(|e| to_js_error(&e))?;
        to_js(&delta).map(JsCast::unchecked_into)
    }

    /// Sets a key result's `metric.current` (`null` clears it) and returns
    /// the figures that changed. A check-in dated on or before `as_of` still
    /// wins over `metric.current`.
    #[wasm_bindgen(js_name = setCurrent)]
    pub fn set_current(
        &mut self,
        #[wasm_bindgen(js_name = keyResult)] key_result: &str,
        value: Option<f64>,
    ) -> JsResult<RollupDeltaOutput> {
        let delta = self
            .inner
            .set_current(key_result, value)
            .map_err(|e| to_js_error(&e))?;
        to_js(&delta).map(JsCast::unchecked_into)
    }

    /// The current alerts, `{alerts: [...]}` sorted by code then subject:
    /// always those of `alerts()` on `document()` with the live model's
    /// policy and date. Each update's result says which appeared, cleared
    /// or changed (`alerts: {appeared, cleared, updated}`).
    pub fn alerts(&self) -> JsResult<AlertsOutput> {
        to_js(&self.inner.alerts()).map(JsCast::unchecked_into)
    }

    /// Takes an objective or key result off the board on `date`
    /// (`"YYYY-MM-DD"`), or with `null` puts it back, and returns the
    /// figures that changed: its status becomes `"dropped"`, and every mean
    /// that skips it moves. Throws (and changes nothing) for an unknown id,
    /// an item of another kind, a redacted stub or a bad date.
    pub fn drop(&mut self, id: &str, date: Option<String>) -> JsResult<RollupDeltaOutput> {
        let date = date_from(date)?;
        let delta = self
            .inner
            .drop_item(id, date)
            .map_err(|e| to_js_error(&e))?;
        to_js(&delta).map(JsCast::unchecked_into)
    }

    /// The whole current rollup, keyed by id.
    pub fn rollup(&self) -> JsResult<RollupFigures> {
        to_js(&self.inner.report()).map(JsCast::unchecked_into)
    }

    /// The whole current rollup as JSON text (`okr rollup --format json`).
    #[wasm_bindgen(js_name = rollupJson)]
    pub fn rollup_json(&self) -> JsResult<String> {
        json_out(self.inner.report().to_json())
    }

    /// Where the figures of `id` come from, in the current rollup.
    pub fn explain(&self, id: &str) -> JsResult<ExplanationOutput> {
        let e = self.inner.explain(id).map_err(|e| to_js_error(&e))?;
        to_js(&e).map(JsCast::unchecked_into)
    }

    /// The document with every update applied, as a new `Cascade`.
    pub fn cascade(&self) -> Cascade {
        Cascade {
            inner: self.inner.cascade().clone(),
        }
    }

    /// The document with every update applied, as a plain object.
    pub fn document(&self) -> JsResult<DocumentOutput> {
        to_js(self.inner.cascade().document()).map(JsCast::unchecked_into)
    }
}

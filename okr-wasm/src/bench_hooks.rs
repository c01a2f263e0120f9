//! Timing exports for `bench/rollup.mjs`, behind the `bench-hooks` feature
//! (not in the shipped module): they split `rollupJson()` into its parts
//! inside the module, where no boundary crossing blurs them.

use okr_core::{RollupOptions, RollupReport};
use wasm_bindgen::prelude::*;

use crate::Cascade;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn now() -> f64;
}

/// The same numbers as `native_rollup floats N`: progress-like values with
/// 15-17 significant digits.
pub fn sample_floats(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| ((i as u64 * 2_654_435_761) % 1_000_003) as f64 / 1_000_003.0 * 100.0)
        .collect()
}

#[wasm_bindgen]
impl Cascade {
    /// `{engine_ms, json_ms, bytes}`: the rollup alone, then the report's
    /// JSON text (ids sorted, figures written), as JSON text.
    #[doc(hidden)]
    #[wasm_bindgen(js_name = "__benchRollupPhases")]
    pub fn bench_rollup_phases(&self) -> Result<String, JsValue> {
        let options = RollupOptions::default();
        let t = now();
        let rollup = std::hint::black_box(self.inner.rollup(&options));
        let engine = now() - t;
        let t = now();
        let text = RollupReport::new(&self.inner, &rollup)
            .to_json()
            .map_err(|e| crate::errors::to_js_error(&e))?;
        let json = now() - t;
        Ok(format!(
            "{{\"engine_ms\":{engine},\"json_ms\":{json},\"bytes\":{}}}",
            text.len()
        ))
    }
}

/// Milliseconds to write `n` sample floats as a JSON array (serde_json,
/// ryu), the same work as `native_rollup floats N`.
#[doc(hidden)]
#[wasm_bindgen(js_name = "__benchFormatFloats")]
pub fn bench_format_floats(n: usize) -> Result<f64, JsValue> {
    let values = sample_floats(n);
    let t = now();
    let text = serde_json::to_string(&values).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let ms = now() - t;
    std::hint::black_box(text);
    Ok(ms)
}

//! Conversions at the boundary: JS values in (JSON text), JS objects out.

use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::errors::to_js_error;

/// What every exported function returns: a thrown JS error on failure.
pub(crate) type JsResult<T> = Result<T, JsValue>;

/// The JSON text of a string or a plain object (`None` for `undefined` or
/// `null`). An object is turned into text with `JSON.stringify`, so that
/// objects and strings go through the same loader.
pub(crate) fn json_text(value: &JsValue) -> JsResult<Option<String>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    if let Some(text) = value.dyn_ref::<js_sys::JsString>() {
        return Ok(Some(crate::text::utf8(text)));
    }
    match js_sys::JSON::stringify(value) {
        // `undefined` for a function or a symbol.
        Ok(text) => Ok(text.is_string().then(|| crate::text::utf8(&text))),
        Err(e) => Err(to_js_error(&okr_core::Error::Input(format!(
            "the value cannot be turned into JSON: {}",
            js_sys::Error::from(e).message()
        )))),
    }
}

/// A result as a plain JS object, made from the very JSON text the command
/// line prints (`serde_json`, then `JSON.parse`): the same shape by
/// construction, one serialiser in the module, and faster than building
/// objects field by field across the boundary.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsResult<JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|e| to_js_error(&okr_core::Error::Output(e.to_string())))?;
    js_sys::JSON::parse(&text).map_err(|e| {
        to_js_error(&okr_core::Error::Output(format!(
            "the result is not JSON: {}",
            js_sys::Error::from(e).message()
        )))
    })
}

/// A JS value read as `T` through its JSON text (`JSON.stringify`, then
/// `serde_json`), with the error message `what` in front.
pub(crate) fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> JsResult<T> {
    let text = json_text(value)?.unwrap_or_else(|| "null".into());
    serde_json::from_str(&text)
        .map_err(|e| to_js_error(&okr_core::Error::Input(format!("{what}: {e}"))))
}

//! How the core's errors reach JavaScript: one mapping, done once.
//!
//! | `code`           | thrown as     | extra properties                 |
//! |------------------|---------------|----------------------------------|
//! | `unreadable`     | `SyntaxError` | `kind`, `line`, `column`, `path` |
//! | `unknown-id`     | `RangeError`  |                                  |
//! | `invalid-policy` | `TypeError`   |                                  |
//! | `invalid-input`  | `TypeError`   |                                  |
//! | `internal`       | `Error`       |                                  |
//!
//! `kind` is `syntax`, `schema` or `limit`; `line`, `column` (1-based) and
//! `path` are `null` when unknown. A `SyntaxError` for an unreadable
//! document matches what `JSON.parse` throws for bad text. `internal` is a
//! result that cannot be written (a bug: results are always finite).

use okr_core::Error;
use wasm_bindgen::JsValue;

fn set(target: &JsValue, key: &str, value: JsValue) {
    // Setting a property on a fresh Error object cannot fail; if it ever
    // did, the error would still carry its message.
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), &value);
}

fn number(n: Option<usize>) -> JsValue {
    n.map_or(JsValue::NULL, |n| JsValue::from_f64(n as f64))
}

/// The JS error thrown for a core error.
pub fn to_js_error(error: &Error) -> JsValue {
    let message = error.to_string();
    let js: JsValue = match error {
        Error::Load(_) => js_sys::SyntaxError::new(&message).into(),
        Error::UnknownId { .. } => js_sys::RangeError::new(&message).into(),
        Error::Output(_) => js_sys::Error::new(&message).into(),
        _ => js_sys::TypeError::new(&message).into(),
    };
    set(&js, "code", JsValue::from_str(error.code()));
    if let Error::Load(load) = error {
        set(&js, "kind", JsValue::from_str(load.kind.as_str()));
        set(&js, "line", number(load.line));
        set(&js, "column", number(load.column));
        set(
            &js,
            "path",
            load.path
                .as_deref()
                .map_or(JsValue::NULL, JsValue::from_str),
        );
    }
    js
}

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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use okr_core::{Error, LoadError, LoadErrorKind};

    /// The hand-written TS `ErrorCode` union names every code the core
    /// returns.
    #[test]
    fn every_error_code_is_in_the_typescript_union() {
        let errors = [
            Error::Load(LoadError {
                kind: LoadErrorKind::Syntax,
                message: String::new(),
                line: None,
                column: None,
                path: None,
            }),
            Error::UnknownId {
                id: String::new(),
                expected: String::new(),
            },
            Error::Policy(String::new()),
            Error::Input(String::new()),
            Error::Output(String::new()),
        ];
        // The union is in a wasm-bindgen custom section; read its source.
        let union = include_str!("types.rs")
            .lines()
            .find(|l| l.starts_with("export type ErrorCode"))
            .unwrap();
        for e in &errors {
            assert!(union.contains(&format!("\"{}\"", e.code())), "{union}");
        }
        assert_eq!(union.matches('"').count(), 2 * errors.len(), "{union}");
    }
}

//! Error values. A document that cannot be read is an [`Error::Load`]; a
//! document that can be read but is wrong is a list of diagnostics, never an
//! error.

use std::fmt;

/// Why a document could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// Not well-formed JSON or YAML (or not UTF-8).
    Syntax,
    /// Well-formed, but not a cascade document: a missing required field, a
    /// wrong type, a bad enum value, an unknown field, an empty id, an
    /// impossible date, an unsupported version, a number that is not finite
    /// (YAML's `.nan`, `.inf`).
    Schema,
    /// Over one of the policy's size, depth or count limits.
    Limit,
}

impl LoadErrorKind {
    /// Stable machine-readable name.
    pub fn as_str(self) -> &'static str {
        match self {
            LoadErrorKind::Syntax => "syntax",
            LoadErrorKind::Schema => "schema",
            LoadErrorKind::Limit => "limit",
        }
    }
}

/// A document that cannot be read, with the place and the cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// What went wrong, broadly.
    pub kind: LoadErrorKind,
    /// The cause, in words.
    pub message: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// Path to the offending value, such as `key_results[3].metric`.
    pub path: Option<String>,
}

impl LoadError {
    pub(crate) fn new(kind: LoadErrorKind, message: impl Into<String>) -> Self {
        LoadError {
            kind,
            message: message.into(),
            line: None,
            column: None,
            path: None,
        }
    }

    pub(crate) fn at_path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: ")?,
            (Some(l), None) => write!(f, "line {l}: ")?,
            _ => {}
        }
        if let Some(p) = self.path.as_deref().filter(|p| !p.is_empty() && *p != ".") {
            write!(f, "at `{p}`: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for LoadError {}

/// Every error the library returns.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The document could not be read.
    #[error("unreadable document: {0}")]
    Load(#[from] LoadError),
    /// An id that names nothing in the document (or the wrong kind of item).
    #[error("unknown id `{id}`: {expected}")]
    UnknownId {
        /// The id asked for.
        id: String,
        /// What was expected there.
        expected: String,
    },
    /// A policy that cannot be used.
    #[error("invalid policy: {0}")]
    Policy(String),
    /// An argument that cannot be used (a bad date, a non-finite value).
    #[error("invalid input: {0}")]
    Input(String),
    /// A result that cannot be written: a serialiser failed, or a value
    /// that no document may hold (NaN, an infinity) reached a writer. A
    /// loaded document never causes it; a [`crate::Document`] built in Rust
    /// with a non-finite number can.
    #[error("cannot write the output: {0}")]
    Output(String),
}

impl Error {
    /// Every code [`Error::code`] returns, for bindings that list them
    /// (their tests check their own lists against this one).
    pub const CODES: &'static [&'static str] = &[
        "unreadable",
        "unknown-id",
        "invalid-policy",
        "invalid-input",
        "internal",
    ];

    /// Stable machine-readable code: `unreadable`, `unknown-id`,
    /// `invalid-policy`, `invalid-input`, or `internal` (a result that
    /// cannot be written, [`Error::Output`]; the bindings also use
    /// `internal` for a bug caught at their boundary).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Load(_) => "unreadable",
            Error::UnknownId { .. } => "unknown-id",
            Error::Policy(_) => "invalid-policy",
            Error::Input(_) => "invalid-input",
            Error::Output(_) => "internal",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_lists_every_code_in_order() {
        let examples = [
            Error::Load(LoadError::new(LoadErrorKind::Syntax, "x")),
            Error::UnknownId {
                id: "x".into(),
                expected: "x".into(),
            },
            Error::Policy("x".into()),
            Error::Input("x".into()),
            Error::Output("x".into()),
        ];
        // A new variant must be added to `examples` (and to `CODES`).
        for e in &examples {
            match e {
                Error::Load(_)
                | Error::UnknownId { .. }
                | Error::Policy(_)
                | Error::Input(_)
                | Error::Output(_) => {}
            }
        }
        let codes: Vec<&str> = examples.iter().map(Error::code).collect();
        assert_eq!(codes, Error::CODES);
    }
}

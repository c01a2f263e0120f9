//! Reading the inputs: documents and policies from files or standard input,
//! JSON or YAML by file name, and the error messages for each failure.

use std::io::Read;
use std::path::Path;

use okr_core::{Cascade, Limits, LoadError, Policy};

/// Why a command could not run: always exit status 2.
#[derive(Debug)]
pub struct Failure(pub String);

impl Failure {
    /// A failure with this message (printed after `error: `).
    pub fn new(message: impl Into<String>) -> Failure {
        Failure(message.into())
    }
}

/// How the file is parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Syntax {
    Json,
    Yaml,
}

fn syntax_of(path: &Path) -> Syntax {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml") => Syntax::Yaml,
        _ => Syntax::Json,
    }
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name used in messages: the path as given, or `<stdin>`.
pub fn display_name(path: &Path) -> String {
    if is_stdin(path) {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

pub fn read_bytes(path: &Path) -> Result<Vec<u8>, Failure> {
    let name = display_name(path);
    if is_stdin(path) {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| Failure::new(format!("{name}: cannot read standard input: {e}")))?;
        return Ok(bytes);
    }
    std::fs::read(path).map_err(|e| {
        let cause = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        Failure::new(format!("{name}: cannot read the file: {cause}"))
    })
}

/// `FILE:LINE:COLUMN: cause (at path)`, the way compilers place errors.
fn placed(name: &str, err: &LoadError) -> String {
    let mut out = String::from(name);
    if let Some(line) = err.line {
        out.push_str(&format!(":{line}"));
        if let Some(column) = err.column {
            out.push_str(&format!(":{column}"));
        }
    }
    out.push_str(": ");
    out.push_str(&err.message);
    if let Some(p) = err.path.as_deref().filter(|p| !p.is_empty() && *p != ".") {
        out.push_str(&format!(" (at `{p}`)"));
    }
    out
}

/// Reads and indexes a cascade document.
pub fn load_cascade(path: &Path, limits: &Limits) -> Result<Cascade, Failure> {
    let bytes = read_bytes(path)?;
    let loaded = match syntax_of(path) {
        Syntax::Json => okr_core::load::from_json_bytes(&bytes, limits),
        Syntax::Yaml => okr_core::load::from_yaml_bytes(&bytes, limits),
    };
    // The text is not needed once parsed: free it before indexing, so the
    // peak holds the document and the index, not the file as well.
    drop(bytes);
    let name = display_name(path);
    let doc = loaded.map_err(|e| Failure::new(placed(&name, &e)))?;
    Cascade::from_document_with_limits(doc, limits).map_err(|e| match e {
        okr_core::Error::Load(e) => Failure::new(placed(&name, &e)),
        other => Failure::new(format!("{name}: {other}")),
    })
}

/// Reads a policy file, or the default policy when there is none.
pub fn load_policy(path: Option<&Path>) -> Result<Policy, Failure> {
    let Some(path) = path else {
        return Ok(Policy::default());
    };
    let name = display_name(path);
    let bytes = read_bytes(path)?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| Failure::new(format!("{name}: the policy is not UTF-8 text: {e}")))?;
    let json = match syntax_of(path) {
        Syntax::Json => text.to_string(),
        // A YAML policy has the JSON policy's shape: read it as a JSON value
        // and let the core check it, so both formats give the same errors.
        Syntax::Yaml => serde_yaml_ng::from_str::<serde_json::Value>(text)
            .map_err(|e| Failure::new(format!("{name}: invalid policy: {e}")))?
            .to_string(),
    };
    Policy::from_json(&json).map_err(|e| Failure::new(format!("{name}: {e}")))
}

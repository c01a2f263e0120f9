//! `okr check` for CI: SARIF 2.1.0 (what code-scanning UIs read) and
//! GitHub workflow annotations. Each finding is placed at its item: the
//! item's JSON pointer (a logical location) and, in a JSON file, the line
//! and column where the item starts (computed by the core from the text).

use okr_core::{Code, Diagnostic, Policy, Position, Severity};
use serde_json::{json, Value};

use crate::check::{Checked, Loaded};

/// The rule id of a file that cannot be read (not a rule of the registry).
const UNREADABLE: &str = "unreadable";

/// SARIF's level of a severity.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Info => "note",
        _ => "warning",
    }
}

/// A URI for a path: a relative reference for a relative path (what
/// code-scanning UIs resolve against the repository), a `file://` URI for
/// an absolute one; `/` separators, and everything but unreserved
/// characters and `/` percent-encoded.
fn uri(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    if text == "-" {
        return "stdin".into();
    }
    let mut out = String::new();
    if path.is_absolute() {
        out.push_str("file://");
        if !text.starts_with('/') {
            out.push('/');
        }
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Where a diagnostic's subject starts in a JSON file, with its pointer.
fn place(l: &Loaded, d: &Diagnostic) -> (String, Option<Position>) {
    let pointer = l.cascade.pointer_of(&d.subject);
    let at = l
        .json
        .as_deref()
        .and_then(|text| okr_core::position_in_json(text, &pointer));
    (pointer, at)
}

fn region(line: Option<usize>, column: Option<usize>) -> Option<Value> {
    let line = line?;
    let mut r = json!({ "startLine": line });
    if let (Some(c), Some(obj)) = (column, r.as_object_mut()) {
        obj.insert("startColumn".into(), json!(c));
    }
    Some(r)
}

fn physical(artifact: usize, uri: &str, region: Option<Value>) -> Value {
    let mut p = json!({ "artifactLocation": { "uri": uri, "index": artifact } });
    if let (Some(r), Some(obj)) = (region, p.as_object_mut()) {
        obj.insert("region".into(), r);
    }
    p
}

/// The whole SARIF log: one run of `okr`, its rules from the code
/// registry (hints under this policy), one artifact per file, one result
/// per diagnostic and per unreadable file.
pub fn sarif(files: &[Checked], policy: &Policy) -> Value {
    let mut rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.rule(),
                "shortDescription": { "text": c.rule().replace('-', " ") },
                "help": { "text": c.hint(policy) },
                "defaultConfiguration": { "level": level(c.severity()) },
                "helpUri": format!("https://example.invalid/okr-cascade/docs/rules.md#{}", c.as_str().to_lowercase()),
            })
        })
        .collect();
    let unreadable_index = rules.len();
    rules.push(json!({
        "id": UNREADABLE,
        "name": "unreadable-document",
        "shortDescription": { "text": "the file is not a cascade document okr can read" },
        "help": { "text": "Fix the syntax or the field the message names; `okr schema` prints the document's JSON Schema." },
        "defaultConfiguration": { "level": "error" },
    }));
    let mut artifacts = Vec::new();
    let mut results = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let uri = uri(&f.path);
        artifacts.push(json!({ "location": { "uri": uri } }));
        match &f.result {
            Ok(l) => {
                for d in &l.report.diagnostics {
                    let (pointer, at) = place(l, d);
                    let rule_index = Code::ALL.iter().position(|c| *c == d.code);
                    let mut message = d.message.clone();
                    if !d.hint.is_empty() {
                        message.push_str(&format!(" Hint: {}", d.hint));
                    }
                    let mut logical = json!({ "fullyQualifiedName": pointer, "kind": "object" });
                    if let Some(obj) = logical.as_object_mut() {
                        if !d.subject.is_empty() {
                            obj.insert("name".into(), json!(d.subject));
                        }
                    }
                    results.push(json!({
                        "ruleId": d.code.as_str(),
                        "ruleIndex": rule_index,
                        "level": level(d.severity),
                        "message": { "text": message },
                        "locations": [{
                            "physicalLocation": physical(i, &uri, region(at.map(|p| p.line), at.map(|p| p.column))),
                            "logicalLocations": [logical],
                        }],
                        "properties": {
                            "rule": d.rule,
                            "subject": d.subject,
                            "related": d.related,
                            "hint": d.hint,
                        },
                    }));
                }
            }
            Err(u) => results.push(json!({
                "ruleId": UNREADABLE,
                "ruleIndex": unreadable_index,
                "level": "error",
                "message": { "text": u.message },
                "locations": [{ "physicalLocation": physical(i, &uri, region(u.line, u.column)) }],
            })),
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "okr",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/okr-cascade",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
            "invocations": [{ "executionSuccessful": true }],
        }],
    })
}

/// A workflow command's data: `%`, CR and LF escaped.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: also `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn annotation(
    kind: &str,
    file: &str,
    at: (Option<usize>, Option<usize>),
    title: &str,
    message: &str,
) -> String {
    let mut props = format!("file={}", escape_property(file));
    if let Some(line) = at.0 {
        props.push_str(&format!(",line={line}"));
        if let Some(col) = at.1 {
            props.push_str(&format!(",col={col}"));
        }
    }
    props.push_str(&format!(",title={}", escape_property(title)));
    format!("::{kind} {props}::{}\n", escape_data(message))
}

/// One `::error` / `::warning` / `::notice` workflow command per finding
/// (the file's line when it is JSON), then the summary as plain text.
pub fn github(files: &[Checked]) -> String {
    let mut out = String::new();
    for f in files {
        let file = f.path.to_string_lossy();
        match &f.result {
            Ok(l) => {
                for d in &l.report.diagnostics {
                    let (_, at) = place(l, d);
                    let kind = match d.severity {
                        Severity::Error => "error",
                        Severity::Info => "notice",
                        _ => "warning",
                    };
                    let mut message = d.message.clone();
                    if !d.hint.is_empty() {
                        message.push_str(&format!("\nHint: {}", d.hint));
                    }
                    out.push_str(&annotation(
                        kind,
                        &file,
                        (at.map(|p| p.line), at.map(|p| p.column)),
                        &format!("{} {}", d.code, d.rule),
                        &message,
                    ));
                }
            }
            Err(u) => out.push_str(&annotation(
                "error",
                &file,
                (u.line, u.column),
                "unreadable document",
                &u.message,
            )),
        }
    }
    out.push_str(&crate::check::summary(files));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_escape_their_values() {
        assert_eq!(
            annotation(
                "warning",
                "a,b:c.json",
                (Some(3), None),
                "W1 x",
                "50% done\nnext"
            ),
            "::warning file=a%2Cb%3Ac.json,line=3,title=W1 x::50%25 done%0Anext\n"
        );
        assert_eq!(
            uri(std::path::Path::new("dir/my file.json")),
            "dir/my%20file.json"
        );
    }
}

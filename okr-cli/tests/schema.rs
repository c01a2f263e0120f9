//! The JSON Schema (`okr schema`, docs/schema.json) accepts every document
//! the project ships (examples, fixtures, views) and rejects what the
//! loader rejects for shape: unknown fields, fields of another metric kind,
//! bad enum values.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn schema() -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_okr"))
        .arg("schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn validator() -> jsonschema::Validator {
    let schema = schema();
    assert!(
        jsonschema::meta::is_valid(&schema),
        "the schema itself is not a valid JSON Schema"
    );
    jsonschema::validator_for(&schema).unwrap()
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let p = entry.unwrap().path();
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

fn acme() -> Value {
    serde_json::from_slice(&std::fs::read(root().join("examples/acme.json")).unwrap()).unwrap()
}

#[test]
fn every_example_validates() {
    let v = validator();
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        let doc: Value = match path.extension().and_then(|e| e.to_str()) {
            Some("json") => serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap(),
            Some("yaml" | "yml") => {
                serde_yaml_ng::from_slice(&std::fs::read(&path).unwrap()).unwrap()
            }
            _ => continue,
        };
        let errs = errors(&v, &doc);
        assert!(errs.is_empty(), "{}: {errs:#?}", path.display());
        checked += 1;
    }
    assert!(
        checked >= 3,
        "expected acme.json, acme.yaml and broken.json"
    );
}

#[test]
fn every_fixture_document_validates() {
    let v = validator();
    let mut files = Vec::new();
    json_files(&root().join("fixtures"), &mut files);
    files.sort();
    let mut failures = Vec::new();
    for path in &files {
        let fx: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        // Unreadable-input fixtures hold raw text instead: nothing to check.
        let Some(doc) = fx.get("document") else {
            continue;
        };
        let errs = errors(&v, doc);
        if !errs.is_empty() {
            failures.push(format!("{}: {errs:?}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn views_with_redacted_stubs_validate() {
    let v = validator();
    let out = Command::new(env!("CARGO_BIN_EXE_okr"))
        .args(["view"])
        .arg(root().join("examples/acme.json"))
        .args(["--as", "payments"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let view: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(view.to_string().contains("\"redacted\":true"));
    let errs = errors(&v, &view);
    assert!(errs.is_empty(), "{errs:#?}");
}

#[test]
fn the_schema_rejects_what_the_loader_rejects_for_shape() {
    let v = validator();
    let mut cases: Vec<(&str, Value)> = Vec::new();

    let mut doc = acme();
    doc["units"][0]["nmae"] = json!("typo");
    cases.push(("unknown unit field", doc));

    let mut doc = acme();
    doc["key_results"][0]["metric"]["threshold"] = json!(3);
    cases.push(("field of another metric kind", doc));

    let mut doc = acme();
    doc["key_results"][0]["metric"]["kind"] = json!("grow");
    cases.push(("bad metric kind", doc));

    let mut doc = acme();
    doc["units"][1]["kind"] = json!("division");
    cases.push(("bad unit kind", doc));

    let mut doc = acme();
    doc["okr"] = json!("2");
    cases.push(("unsupported version", doc));

    let mut doc = acme();
    doc["cycle"]["start"] = json!("1 July 2026");
    cases.push(("date shape", doc));

    let mut doc = acme();
    doc["objectives"][0]
        .as_object_mut()
        .unwrap()
        .remove("title");
    cases.push(("objective without a title", doc));

    let mut doc = acme();
    doc["key_results"][0]
        .as_object_mut()
        .unwrap()
        .remove("metric");
    cases.push(("key result without a metric", doc));

    let mut doc = acme();
    doc["objectives"][0]["id"] = json!("");
    cases.push(("empty id", doc));

    for (what, doc) in &cases {
        assert!(
            !v.is_valid(doc),
            "the schema accepts a document with a {what}"
        );
        let text = doc.to_string();
        assert!(
            okr_core::Cascade::from_json(&text).is_err(),
            "the loader accepts a document with a {what}"
        );
    }
}

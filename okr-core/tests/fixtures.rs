//! Runs every shared fixture in `fixtures/` (see fixtures/README.md).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::path::{Path, PathBuf};

use okr_core::{Cascade, Date, Limits, Policy, RollupOptions, RollupReport};
use serde_json::Value;

fn fixture_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            fixture_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

fn close(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            (x.as_f64().unwrap() - y.as_f64().unwrap()).abs() <= 1e-9
        }
        _ => a == b,
    }
}

/// `want` within `got`: objects by the keys `want` gives, arrays element by
/// element (same length), numbers within 1e-9.
fn subset(got: &Value, want: &Value) -> bool {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => w
            .iter()
            .all(|(k, v)| subset(g.get(k).unwrap_or(&Value::Null), v)),
        (Value::Array(g), Value::Array(w)) => {
            g.len() == w.len() && g.iter().zip(w).all(|(a, b)| subset(a, b))
        }
        _ => close(got, want),
    }
}

fn noun(section: &str) -> &'static str {
    match section {
        "key_results" => "key result",
        "objectives" => "objective",
        "themes" => "theme",
        _ => "unit",
    }
}

fn load(fx: &Value) -> Result<Cascade, okr_core::Error> {
    let limits = Limits::default();
    if let Some(text) = fx.get("document_text").and_then(Value::as_str) {
        return match fx.get("format").and_then(Value::as_str) {
            Some("yaml") => Cascade::from_yaml_with_limits(text, &limits),
            Some("csv") => Cascade::from_csv(text),
            _ => Cascade::from_json_with_limits(text, &limits),
        };
    }
    Cascade::from_json_with_limits(&fx["document"].to_string(), &limits)
}

fn run(path: &Path) -> Result<(), String> {
    let fx: Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).map_err(|e| e.to_string())?;
    let expect = &fx["expect"];
    let loaded = load(&fx);
    if let Some(u) = expect.get("unreadable") {
        let err = match loaded {
            Ok(_) => return Err("expected the document to be unreadable".into()),
            Err(okr_core::Error::Load(e)) => e,
            Err(e) => return Err(format!("expected a load error, got {e}")),
        };
        if let Some(k) = u.get("kind") {
            if k.as_str() != Some(err.kind.as_str()) {
                return Err(format!("kind {:?} != {k}", err.kind));
            }
        }
        for (field, got) in [("line", err.line), ("column", err.column)] {
            if let Some(want) = u.get(field) {
                if want.as_u64().map(|v| v as usize) != got {
                    return Err(format!("{field} {got:?} != {want} ({err})"));
                }
            }
        }
        if let Some(want) = u.get("path") {
            if want.as_str() != err.path.as_deref() {
                return Err(format!("path {:?} != {want}", err.path));
            }
        }
        if let Some(want) = u.get("message_contains").and_then(Value::as_str) {
            if !err.message.contains(want) {
                return Err(format!("message {:?} lacks {want:?}", err.message));
            }
        }
        return Ok(());
    }
    let cascade = loaded.map_err(|e| e.to_string())?;
    let policy = match fx.get("policy") {
        Some(p) => Policy::from_json(&p.to_string()).map_err(|e| e.to_string())?,
        None => Policy::default(),
    };
    let report = cascade.validate(&policy);
    // The errors alone (what `okr rollup` decides its status from) are
    // exactly the report's errors, on every fixture.
    let errors = cascade.errors(&policy);
    let want_errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == okr_core::Severity::Error)
        .cloned()
        .collect();
    if errors.diagnostics != want_errors || errors.summary.errors != report.summary.errors {
        return Err(format!(
            "errors(): {:?}, validate's errors: {:?}",
            errors.diagnostics, want_errors
        ));
    }
    if let Some(d) = expect.get("diagnostics") {
        let codes: Option<Vec<&str>> = d.get("codes").map(|c| {
            c.as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap())
                .collect()
        });
        let got: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|x| codes.as_ref().is_none_or(|c| c.contains(&x.code.as_str())))
            .collect();
        let want = d["list"].as_array().unwrap();
        let show = || {
            got.iter()
                .map(|x| format!("{} {} {:?}", x.code, x.subject, x.related))
                .collect::<Vec<_>>()
        };
        if got.len() != want.len() {
            return Err(format!("diagnostics: got {:?}, want {want:?}", show()));
        }
        for (g, w) in got.iter().zip(want) {
            let related_ok = w.get("related").is_none_or(|r| {
                r.as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_str().unwrap())
                    .collect::<Vec<_>>()
                    == g.related
            });
            if w["code"].as_str() != Some(g.code.as_str())
                || w["subject"].as_str() != Some(&g.subject)
                || !related_ok
            {
                return Err(format!("diagnostics: got {:?}, want {want:?}", show()));
            }
        }
    }
    if let Some(s) = expect.get("summary") {
        let got = serde_json::to_value(report.summary).unwrap();
        if &got != s {
            return Err(format!("summary {got} != {s}"));
        }
    }
    let as_of = fx
        .get("as_of")
        .and_then(Value::as_str)
        .map(|d| Date::parse(d).unwrap());
    let options = RollupOptions::from_policy(&policy).with_as_of(as_of);
    if let Some(r) = expect.get("rollup") {
        let rollup = cascade.rollup(&options);
        let got = serde_json::to_value(RollupReport::new(&cascade, &rollup)).unwrap();
        compare_figures(&got, r)?;
    }
    // Explain's figures are the rollup's, for every item of every fixture.
    {
        let rollup = cascade.rollup(&options);
        let report = serde_json::to_value(RollupReport::new(&cascade, &rollup)).unwrap();
        let doc = cascade.document();
        let sections: [(&str, Vec<&String>); 4] = [
            (
                "key_results",
                doc.key_results.iter().map(|x| &x.id).collect(),
            ),
            ("objectives", doc.objectives.iter().map(|x| &x.id).collect()),
            ("themes", doc.themes.iter().map(|x| &x.id).collect()),
            ("units", doc.units.iter().map(|x| &x.id).collect()),
        ];
        for (section, ids) in sections {
            for id in ids {
                if cascade.lookup(id).map(|i| i.kind().noun()) != Some(noun(section)) {
                    continue; // a duplicated id names another item
                }
                let e = cascade
                    .explain_with(id, &options)
                    .map_err(|e| e.to_string())?;
                let got = serde_json::to_value(e.figures).unwrap();
                if got != report[section][id.as_str()] {
                    return Err(format!(
                        "explain {id}: figures {got} != the rollup's {}",
                        report[section][id.as_str()]
                    ));
                }
            }
        }
    }
    if let Some(x) = expect.get("explain") {
        for (id, want) in x.as_object().unwrap() {
            let e = cascade
                .explain_with(id, &options)
                .map_err(|e| e.to_string())?;
            let got = serde_json::to_value(&e).unwrap();
            for (key, w) in want.as_object().unwrap() {
                if key == "text_contains" {
                    for needle in w.as_array().unwrap() {
                        if !e.text.contains(needle.as_str().unwrap()) {
                            return Err(format!("explain {id}: text {:?} lacks {needle}", e.text));
                        }
                    }
                } else if !subset(&got[key.as_str()], w) {
                    return Err(format!(
                        "explain {id}.{key}: got {}, want {w}",
                        got[key.as_str()]
                    ));
                }
            }
        }
    }
    if let Some(l) = expect.get("lineage") {
        for (id, want) in l.as_object().unwrap() {
            let got = cascade.lineage(id).map_err(|e| e.to_string())?;
            if let Some(t) = want.get("traces") {
                if t.as_bool() != Some(got.traces) {
                    return Err(format!("lineage {id}: traces {} != {t}", got.traces));
                }
            }
            if let Some(p) = want.get("paths") {
                if &serde_json::to_value(&got.paths).unwrap() != p {
                    return Err(format!("lineage {id}: paths {:?} != {p}", got.paths));
                }
            }
            for needle in want
                .get("answer_contains")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if !got.answer.contains(needle.as_str().unwrap()) {
                    return Err(format!(
                        "lineage {id}: answer {:?} lacks {needle}",
                        got.answer
                    ));
                }
            }
        }
    }
    if let Some(d) = expect.get("dependencies") {
        let got = serde_json::to_value(cascade.dependencies(&policy)).unwrap();
        if let Some(edges) = d.get("edges") {
            if &got["edges"] != edges {
                return Err(format!("dependencies: edges {} != {edges}", got["edges"]));
            }
        }
        if let Some(shared) = d.get("shared") {
            if &got["shared"] != shared {
                return Err(format!(
                    "dependencies: shared {} != {shared}",
                    got["shared"]
                ));
            }
        }
        // Units compare by the keys the fixture gives (needs, needed_by,
        // shares).
        for (id, want) in d
            .get("units")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            for (key, w) in want.as_object().into_iter().flatten() {
                if &got["units"][id][key] != w {
                    return Err(format!(
                        "dependencies: unit {id}.{key} {} != {w}",
                        got["units"][id][key]
                    ));
                }
            }
        }
    }
    if let Some(a) = expect.get("alerts") {
        let got = cascade.alerts(&policy, as_of);
        let got: Vec<_> = got.alerts.iter().collect();
        let want = a["list"].as_array().unwrap();
        let show = || {
            got.iter()
                .map(|x| format!("{} {} {:?}", x.code, x.subject, x.related))
                .collect::<Vec<_>>()
        };
        let same = got.len() == want.len()
            && got.iter().zip(want).all(|(g, w)| {
                w["code"].as_str() == Some(g.code.as_str())
                    && w["subject"].as_str() == Some(&g.subject)
                    && w.get("related").is_none_or(|r| {
                        r.as_array()
                            .unwrap()
                            .iter()
                            .map(|x| x.as_str().unwrap())
                            .collect::<Vec<_>>()
                            == g.related
                    })
                    && g.severity.as_str() == "alert"
            });
        if !same {
            return Err(format!("alerts: got {:?}, want {want:?}", show()));
        }
    }
    if let Some(t) = expect.get("trend") {
        let every = t.get("every").map_or(7, |e| e.as_u64().unwrap() as u32);
        let trend = cascade.trend(every, &options).map_err(|e| e.to_string())?;
        let got = serde_json::to_value(trend.with_ids(&cascade).unwrap()).unwrap();
        compare_trend(&got, t)?;
    }
    if let Some(d) = expect.get("diff") {
        let newer =
            Cascade::from_json(&d["new_document"].to_string()).map_err(|e| e.to_string())?;
        let got = serde_json::to_value(cascade.diff(&newer, &policy).map_err(|e| e.to_string())?)
            .unwrap();
        if !subset(&got, &d["result"]) {
            return Err(format!("diff: got {got}, want {}", d["result"]));
        }
    }
    if let Some(want) = expect.get("scorecard") {
        let got = serde_json::to_value(cascade.scorecard(&policy)).unwrap();
        if !subset(&got, want) {
            return Err(format!("scorecard: got {got}, want {want}"));
        }
    }
    if let Some(want) = expect.get("document") {
        let got = serde_json::to_value(cascade.document()).unwrap();
        if !subset(&got, want) {
            return Err(format!("document: got {got}, want {want}"));
        }
    }
    if let Some(want) = expect.get("csv").and_then(Value::as_str) {
        let got = cascade.to_csv().map_err(|e| e.to_string())?;
        if got != want {
            return Err(format!("csv: got {got:?}, want {want:?}"));
        }
    }
    if let Some(c) = expect.get("check_in_csv") {
        let mut live = cascade.clone().live_with_policy(&policy, None);
        let text = c["text"].as_str().unwrap();
        let result = live
            .cascade()
            .check_ins_from_csv(text)
            .and_then(|list| live.record_check_ins(list));
        match (result, c.get("error")) {
            (Ok(delta), None) => {
                let got = serde_json::to_value(&delta).unwrap();
                if let Some(want) = c.get("delta") {
                    if !subset(&got, want) {
                        return Err(format!("check_in_csv: got {got}, want {want}"));
                    }
                }
            }
            (Err(e), Some(want)) => {
                if want
                    .get("code")
                    .is_some_and(|c| c.as_str() != Some(e.code()))
                {
                    return Err(format!(
                        "check_in_csv: error code {} != {}",
                        e.code(),
                        want["code"]
                    ));
                }
                if let Some(m) = want.get("message_contains").and_then(Value::as_str) {
                    if !e.to_string().contains(m) {
                        return Err(format!("check_in_csv: {e} lacks {m:?}"));
                    }
                }
            }
            (Ok(_), Some(_)) => return Err("check_in_csv: expected an error".into()),
            (Err(e), None) => return Err(format!("check_in_csv: {e}")),
        }
        if let Some(n) = c.get("check_ins").and_then(Value::as_u64) {
            let before = cascade.document().check_ins.len();
            let got = live.cascade().document().check_ins.len() - before;
            if got as u64 != n {
                return Err(format!("check_in_csv: {got} check-ins recorded, want {n}"));
            }
        }
    }
    if let Some(c) = expect.get("carry") {
        let date = |k: &str| Date::parse(c[k].as_str().unwrap()).unwrap();
        let draft = cascade
            .carry(c["cycle"].as_str().unwrap(), date("start"), date("end"))
            .map_err(|e| e.to_string())?;
        let got = serde_json::to_value(&draft).unwrap();
        if !subset(&got, &c["document"]) {
            return Err(format!("carry: got {got}, want {}", c["document"]));
        }
        let reloaded = Cascade::from_json(&got.to_string()).map_err(|e| e.to_string())?;
        if reloaded.validate(&policy).has_errors() && !report.has_errors() {
            return Err("carry: the draft has errors".into());
        }
    }
    if let Some(v) = expect.get("view") {
        let unit = v["unit"].as_str().unwrap();
        let view = cascade.view_for(unit).map_err(|e| e.to_string())?;
        let json = serde_json::to_value(&view).unwrap();
        let redacted = |id: &str| {
            ["objectives", "key_results"].iter().any(|arr| {
                json[*arr]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|x| x["id"] == id && x["redacted"] == true)
            })
        };
        for id in v
            .get("redacted")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !redacted(id.as_str().unwrap()) {
                return Err(format!("view: {id} is not redacted"));
            }
        }
        for id in v
            .get("visible")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if redacted(id.as_str().unwrap()) {
                return Err(format!("view: {id} is redacted"));
            }
        }
        if let Some(n) = v.get("check_ins") {
            if n.as_u64() != Some(view.check_ins.len() as u64) {
                return Err(format!(
                    "view: {} check-ins, want {n}",
                    view.check_ins.len()
                ));
            }
        }
        if let Some(ids) = v.get("rollup_partial").and_then(Value::as_array) {
            let vc = Cascade::from_json(&serde_json::to_string(&view).unwrap())
                .map_err(|e| e.to_string())?;
            let vr = vc.rollup(&options);
            let got = serde_json::to_value(RollupReport::new(&vc, &vr)).unwrap();
            for id in ids {
                let id = id.as_str().unwrap();
                let partial = ["key_results", "objectives", "themes", "units"]
                    .iter()
                    .any(|k| got[*k].get(id).is_some_and(|f| f["partial"] == true));
                if !partial {
                    return Err(format!("view rollup: {id} is not partial"));
                }
            }
        }
    }
    Ok(())
}

/// `expect.trend`: per kind, per id, the whole series; dates and statuses
/// exactly, progress within 1e-9 (null is null).
fn compare_trend(got: &Value, want: &Value) -> Result<(), String> {
    for kind in ["key_results", "objectives", "themes", "units"] {
        let Some(ids) = want.get(kind).and_then(Value::as_object) else {
            continue;
        };
        for (id, series) in ids {
            let g = got[kind][id.as_str()]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let w = series.as_array().unwrap();
            let same = g.len() == w.len()
                && g.iter().zip(w).all(|(g, w)| {
                    g["date"] == w["date"]
                        && g["status"] == w["status"]
                        && close(&g["progress"], &w["progress"])
                });
            if !same {
                return Err(format!(
                    "trend {kind}.{id}: got {}, want {}",
                    Value::Array(g),
                    series
                ));
            }
        }
    }
    Ok(())
}

fn compare_figures(got: &Value, want: &Value) -> Result<(), String> {
    for (section, items) in want.as_object().unwrap() {
        for (id, fields) in items.as_object().unwrap() {
            let g = &got[section][id];
            if g.is_null() {
                return Err(format!("rollup: no {section}.{id}"));
            }
            for (f, w) in fields.as_object().unwrap() {
                let gv = g.get(f).cloned().unwrap_or(if f == "partial" {
                    Value::Bool(false)
                } else {
                    Value::Null
                });
                if !close(&gv, w) {
                    return Err(format!("rollup {section}.{id}.{f}: got {gv}, want {w}"));
                }
            }
        }
    }
    Ok(())
}

#[test]
fn every_fixture_passes() {
    let mut files = Vec::new();
    fixture_files(&root(), &mut files);
    files.sort();
    let mut failures = Vec::new();
    for f in &files {
        if let Err(e) = run(f) {
            failures.push(format!(
                "{}: {e}",
                f.strip_prefix(root()).unwrap_or(f).display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    eprintln!("{} fixtures passed", files.len());
}

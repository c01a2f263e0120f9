//! `okr import`, `okr export --to csv` and `okr checkin`: real files, real
//! figures.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::*;
use serde_json::Value;

/// The value with every number as a float (`64` and `64.0` are one
/// number to a document).
fn norm(v: &Value) -> Value {
    match v {
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        Value::Array(a) => Value::Array(a.iter().map(norm).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), norm(v))).collect()),
        other => other.clone(),
    }
}

fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn export_refuses_what_a_sheet_cannot_carry_and_lossy_writes_the_template() {
    let acme = example("acme.json");
    let out = okr(&["export", &acme, "--to", "csv"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("a sheet cannot carry 2 contribution statements (C1, C2), 2 mandates (M1, M2), 3 initiatives (I1, I2, I3), 10 sprint goals (S1, S2, S3, S4, S5, ...), 186 check-ins"),
        "{err}"
    );
    assert!(stdout(&out).is_empty());

    let out = okr(&["export", &acme, "--to", "csv", "--lossy"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), read(&root().join("examples/sheet.csv")));
    let err = stderr(&out);
    assert!(err.contains("warning: "), "{err}");
    assert!(
        err.contains("the sheet leaves out 2 mandates (M1, M2)"),
        "{err}"
    );
    assert!(stdout(&out)
        .starts_with("cycle,cycle_start,cycle_end,as_of,themes_published,theme,theme_title,unit,"));
}

#[test]
fn import_reads_the_template_into_a_clean_document() {
    let out = okr(&["import", &example("sheet.csv")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(doc["cycle"]["id"], "2026-Q3");
    assert_eq!(doc["themes"].as_array().unwrap().len(), 3);
    assert_eq!(doc["units"].as_array().unwrap().len(), 19);
    assert_eq!(doc["objectives"].as_array().unwrap().len(), 19);
    assert_eq!(doc["key_results"].as_array().unwrap().len(), 32);
    assert_eq!(doc["objectives"][3]["links"][0]["contribution"], "Pipeline only becomes ARR when it closes: sales owns qualification, pricing calls and conversion speed.");
    assert_eq!(
        doc["key_results"][1]["audience"],
        serde_json::json!(["sales", "finops"])
    );
    // The imported document checks without errors.
    let checked = okr_stdin(&["check", "-", "--format", "json"], Some(&out.stdout));
    assert_eq!(code(&checked), 0, "{}", stdout(&checked));
    assert_eq!(json(&checked)["summary"]["errors"], 0);
    // YAML when asked, or by the output's name.
    let out = okr(&["import", &example("sheet.csv"), "--format", "yaml"]);
    assert!(
        stdout(&out).starts_with("okr: '1'\ncycle:\n  id: 2026-Q3\n"),
        "{}",
        stdout(&out)
    );
    let path = temp_file("imported.yaml", b"");
    let out = okr(&[
        "import",
        &example("sheet.csv"),
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).is_empty());
    assert!(read(&path).contains("  kind: company\n"));
}

#[test]
fn import_errors_name_the_file_row_and_column() {
    let sheet = "cycle,cycle_start,cycle_end,unit,unit_kind,objective,objective_title,key_result,kr_title,metric,start,target\n\
Q3,2026-07-01,2026-09-30,acme,company,O1,Grow,KR1,ARR,increase,12,20\n\
,,,,,O1,,KR2,NPS,increase,31,forty-five\n";
    let path = temp_file("bad-sheet.csv", sheet.as_bytes());
    let out = okr(&["import", path.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("bad-sheet.csv: row 3, column `target`: `forty-five` is not a number"),
        "{err}"
    );
    // From standard input too.
    let out = okr_stdin(
        &["import", "-"],
        Some(sheet.replace("forty-five", "45").as_bytes()),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(json(&out)["key_results"][1]["metric"]["target"], 45.0);
}

/// The sheet plus the check-in CSV that export writes beside it give back
/// acme's plan and its figures exactly.
#[test]
fn export_with_check_ins_then_import_and_checkin_gives_the_same_figures() {
    let acme = example("acme.json");
    let sheet = temp_file("acme-sheet.csv", b"");
    let check_ins = temp_file("acme-check-ins.csv", b"");
    let out = okr(&[
        "export",
        &acme,
        "--to",
        "csv",
        "--lossy",
        "--check-ins",
        check_ins.to_str().unwrap(),
        "-o",
        sheet.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stderr(&out).contains("check-ins"), "{}", stderr(&out));
    let csv = read(&check_ins);
    assert!(
        csv.starts_with("key_result,date,value,confidence\nKR12,2026-07-08,6.56,\nKR13,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 187);

    let doc = temp_file("acme-from-sheet.json", b"");
    let out = okr(&[
        "import",
        sheet.to_str().unwrap(),
        "-o",
        doc.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = okr(&[
        "checkin",
        doc.to_str().unwrap(),
        check_ins.to_str().unwrap(),
        "--in-place",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("186 check-ins appended; figures recomputed for "),
        "{}",
        stderr(&out)
    );
    let back: Value = serde_json::from_str(&read(&doc)).unwrap();
    let original: Value = serde_json::from_str(&read(std::path::Path::new(&acme))).unwrap();
    for part in [
        "cycle",
        "themes",
        "units",
        "objectives",
        "key_results",
        "check_ins",
    ] {
        assert!(norm(&back[part]) == norm(&original[part]), "{part} differ");
    }

    let figures =
        |path: &str| json(&okr(&["rollup", path, "--format", "json"]))["key_results"].clone();
    let ours = figures(doc.to_str().unwrap());
    let theirs = figures(&acme);
    assert_eq!(ours["KR5"]["progress"], theirs["KR5"]["progress"]);
    // Every figure but the work counts (the sheet leaves the initiatives
    // and sprint goals out).
    for (id, fig) in theirs.as_object().unwrap() {
        for (field, value) in fig.as_object().unwrap() {
            if field != "work" {
                assert_eq!(&ours[id][field], value, "{id}.{field}");
            }
        }
    }
}

#[test]
fn checkin_appends_and_writes_where_told() {
    let csv = temp_file(
        "week.csv",
        b"key_result,date,value,confidence\nKR3,2026-08-12,6.5,0.75\nKR5,2026-08-12,26,\n",
    );
    let acme = example("acme.json");
    // Standard output by default; the file is untouched.
    let before = read(std::path::Path::new(&acme));
    let out = okr(&["checkin", &acme, csv.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(read(std::path::Path::new(&acme)), before);
    let doc = json(&out);
    let all = doc["check_ins"].as_array().unwrap();
    assert_eq!(all.len(), 188);
    assert_eq!(
        all[186],
        serde_json::json!({"key_result": "KR3", "date": "2026-08-12", "value": 6.5, "confidence": 0.75})
    );
    assert_eq!(
        all[187],
        serde_json::json!({"key_result": "KR5", "date": "2026-08-12", "value": 26.0})
    );
    let err = stderr(&out);
    assert!(
        err.starts_with("2 check-ins appended; figures recomputed for 2 key results (KR3, KR5)"),
        "{err}"
    );
    // KR3 (churn 9% -> 4%) at 6.5% is half way; KR5 (5% -> 40%) at 26%
    // is 60%: the rollup reads the new values.
    let path = temp_file("acme-checked-in.json", &out.stdout);
    let figures = json(&okr(&[
        "rollup",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(figures["key_results"]["KR3"]["progress"], 0.5);
    assert_eq!(figures["key_results"]["KR5"]["progress"], 0.6);

    // -o writes there; YAML by the name.
    let target = temp_file("acme-checked-in.yaml", b"");
    let out = okr(&[
        "checkin",
        &acme,
        csv.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).is_empty());
    assert!(read(&target).starts_with("okr: '1'\n"));

    // An unknown key result: nothing written, the row named.
    let bad = temp_file(
        "bad-week.csv",
        b"key_result,date,value\nKR3,2026-08-12,6\nKR99,2026-08-12,1\n",
    );
    let out = okr(&["checkin", &acme, bad.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(err.contains("bad-week.csv: unknown key result `KR99`: row 3, column `key_result`: not a key result of this document (no item has this id)"), "{err}");
    // --in-place needs a file.
    let out = okr(&["checkin", "-", csv.to_str().unwrap(), "--in-place"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--in-place needs a file"));
}

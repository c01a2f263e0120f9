//! Sheets: a document as CSV and back (the identity over every document a
//! sheet can express), errors that name the row and column, check-ins
//! from CSV, and many check-ins at once equal to one by one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::Rng;
use okr_core::*;
use proptest::prelude::*;

fn example(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A text with the characters CSV has to quote, and some it does not.
fn text(r: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "Grow", " revenue", ",", "\"", "\n", "; ", "é", "ARR $12M", "  ", "'", "\r\n", "x",
    ];
    let mut s = String::from(PIECES[r.below(3)]);
    for _ in 0..r.below(5) {
        s.push_str(PIECES[r.below(PIECES.len())]);
    }
    s
}

/// A finite number, often an awkward one.
fn number(r: &mut Rng) -> f64 {
    match r.below(8) {
        0 => 0.1,
        1 => 1e-300,
        2 => -1.5e300,
        3 => 123_456.789,
        4 => {
            let v = f64::from_bits(r.next());
            if v.is_finite() {
                v
            } else {
                2.5
            }
        }
        _ => r.num(),
    }
}

fn maybe<T>(r: &mut Rng, percent: u64, f: impl FnOnce(&mut Rng) -> T) -> Option<T> {
    if r.chance(percent) {
        Some(f(r))
    } else {
        None
    }
}

/// Restricted one time in five.
fn visibility(r: &mut Rng) -> Visibility {
    if r.chance(20) {
        Visibility::Restricted
    } else {
        Visibility::Public
    }
}

fn ids(r: &mut Rng, prefix: &str, n: usize) -> Vec<String> {
    (0..r.below(3))
        .map(|_| format!("{prefix}{}", r.below(n.max(1))))
        .collect()
}

/// A random document holding only what a sheet carries, using every
/// field a sheet has, with its units, objectives and key results in an
/// arbitrary order.
fn sheet_document(seed: u64) -> Document {
    let mut r = Rng(seed);
    let n_units = 1 + r.below(6);
    let n_obj = r.below(10);
    let n_kr = if n_obj == 0 { 0 } else { r.below(16) };
    let d = |r: &mut Rng| common::date(r.below(400) as i32);
    let units = (0..n_units)
        .map(|i| Unit {
            id: format!("u{i}"),
            name: maybe(&mut r, 70, text),
            kind: match r.below(3) {
                0 => UnitKind::Company,
                1 => UnitKind::Function,
                _ => UnitKind::Team,
            },
            parent: maybe(&mut r, 70, |r| format!("u{}", r.below(n_units + 1))),
            mode: if r.chance(20) {
                UnitMode::Mandate
            } else {
                UnitMode::Okr
            },
        })
        .collect();
    let objectives = (0..n_obj)
        .map(|i| Objective {
            id: format!("O{i}"),
            unit: format!("u{}", r.below(n_units)),
            title: Some(text(&mut r)),
            themes: ids(&mut r, "T", 3),
            governance: maybe(&mut r, 30, |r| Governance {
                cadence: match r.below(3) {
                    0 => Cadence::Weekly,
                    1 => Cadence::Biweekly,
                    _ => Cadence::Monthly,
                },
                owner: maybe(r, 50, text),
            }),
            links: (0..r.below(4))
                .map(|_| Link {
                    kind: if r.chance(50) {
                        LinkKind::Direct
                    } else {
                        LinkKind::Responding
                    },
                    to: format!("K{}", r.below(n_kr.max(1))),
                    weight: maybe(&mut r, 40, number),
                    contribution: maybe(&mut r, 60, text),
                })
                .collect(),
            created: maybe(&mut r, 40, d),
            due: maybe(&mut r, 20, d),
            dropped: maybe(&mut r, 10, d),
            carried_from: maybe(&mut r, 10, |r| format!("old{}", r.below(9))),
            depends_on: ids(&mut r, "K", n_kr),
            visibility: visibility(&mut r),
            audience: ids(&mut r, "u", n_units),
            redacted: false,
        })
        .collect();
    let key_results = (0..n_kr)
        .map(|i| {
            let current = maybe(&mut r, 60, number);
            let measure = maybe(&mut r, 40, text);
            let name = maybe(&mut r, 30, |r| format!("m{}", r.below(4)));
            let metric = match r.below(5) {
                0 => Metric::Increase {
                    start: number(&mut r),
                    target: number(&mut r),
                    current,
                    measure,
                    name,
                },
                1 => Metric::Decrease {
                    start: number(&mut r),
                    target: number(&mut r),
                    current,
                    measure,
                    name,
                },
                2 => Metric::StayAbove {
                    threshold: number(&mut r),
                    current,
                    measure,
                    name,
                },
                3 => Metric::StayBelow {
                    threshold: number(&mut r),
                    current,
                    measure,
                    name,
                },
                _ => Metric::Milestone { done: r.chance(50) },
            };
            KeyResult {
                id: format!("K{i}"),
                objective: format!("O{}", r.below(n_obj)),
                title: Some(text(&mut r)),
                metric: Some(metric),
                source: match r.below(5) {
                    0 => Source::Children,
                    1 => Source::Parts,
                    _ => Source::Metric,
                },
                part_of: maybe(&mut r, 15, |r| format!("K{}", r.below(n_kr))),
                weight: maybe(&mut r, 30, number),
                confidence: maybe(&mut r, 30, number),
                created: maybe(&mut r, 30, d),
                due: maybe(&mut r, 20, d),
                dropped: maybe(&mut r, 10, d),
                carried_from: maybe(&mut r, 10, |r| format!("old{}", r.below(9))),
                score: maybe(&mut r, 10, number),
                depends_on: ids(&mut r, "O", n_obj),
                visibility: visibility(&mut r),
                audience: ids(&mut r, "u", n_units),
                redacted: false,
            }
        })
        .collect();
    Document {
        okr: FormatVersion,
        view: None,
        cycle: Cycle {
            id: "2026-Q3".into(),
            start: common::date(180),
            end: common::date(272),
            as_of: maybe(&mut r, 70, d),
            themes_published: maybe(&mut r, 30, d),
        },
        units,
        themes: (0..r.below(4))
            .map(|i| Theme {
                id: format!("T{i}"),
                title: text(&mut r),
            })
            .collect(),
        objectives,
        key_results,
        contributions: Vec::new(),
        mandates: Vec::new(),
        initiatives: Vec::new(),
        sprint_goals: Vec::new(),
        check_ins: Vec::new(),
    }
}

/// The document without what a sheet does not carry.
fn carried(mut doc: Document) -> Document {
    doc.contributions.clear();
    doc.mandates.clear();
    doc.initiatives.clear();
    doc.sprint_goals.clear();
    doc.check_ins.clear();
    doc
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Export then import is the identity on every document a sheet can
    /// express, whatever its order, texts and numbers.
    #[test]
    fn export_then_import_is_the_same_document(seed in any::<u64>()) {
        let doc = sheet_document(seed);
        let text = sheet::to_csv(&doc).unwrap();
        let back = sheet::from_csv(&text).unwrap();
        prop_assert_eq!(&back, &doc, "sheet:\n{}", text);
        // And the sheet written again is the same text.
        prop_assert_eq!(sheet::to_csv(&back).unwrap(), text);
    }

    /// On the general random documents: export refuses (naming what it
    /// cannot carry) or round-trips; the lossy export always round-trips
    /// what it carries.
    #[test]
    fn export_refuses_or_round_trips(seed in any::<u64>()) {
        let doc = common::document(seed, true);
        let lossy = sheet::to_csv_lossy(&doc).unwrap();
        let back = sheet::from_csv(&lossy.csv).unwrap();
        prop_assert_eq!(&back, &carried(doc.clone()));
        match sheet::to_csv(&doc) {
            Ok(text) => {
                prop_assert!(lossy.left_out.is_empty());
                prop_assert_eq!(text, lossy.csv);
            }
            Err(Error::Input(m)) => {
                prop_assert!(!lossy.left_out.is_empty());
                prop_assert!(m.starts_with("a sheet cannot carry "), "{}", m);
                for l in &lossy.left_out {
                    prop_assert!(m.contains(l.as_str()), "{} not in {}", l, m);
                }
            }
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any text: a document or an error, never a panic; the same for a
    /// valid sheet with a few cells changed, and for check-ins.
    #[test]
    fn any_text_reads_or_fails_cleanly(
        seed in any::<u64>(),
        noise in "[a-z0-9_,;\"\n .:-]{0,200}",
        edits in prop::collection::vec((any::<u16>(), "[a-z0-9,\"\n -]{0,4}"), 0..6),
    ) {
        let _ = sheet::from_csv(&noise);
        let _ = sheet::check_ins_from_csv(&noise);
        let mut text = sheet::to_csv(&sheet_document(seed)).unwrap();
        for (at, with) in edits {
            let mut i = usize::from(at) % (text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            text.insert_str(i, &with);
        }
        if let Ok(doc) = sheet::from_csv(&text) {
            // Whatever it read, it writes and reads back the same.
            if let Ok(again) = sheet::to_csv(&doc) {
                prop_assert_eq!(sheet::from_csv(&again).unwrap(), doc);
            }
        }
    }
}

#[test]
fn acme_is_refused_naming_what_a_sheet_cannot_carry() {
    let acme = Cascade::from_json(&example("acme.json")).unwrap();
    let Err(Error::Input(m)) = acme.to_csv() else {
        panic!("acme has themes, mandates and check-ins: export must refuse")
    };
    assert!(m.contains("2 contribution statements"), "{m}");
    assert!(m.contains("2 mandates"), "{m}");
    assert!(m.contains("3 initiatives"), "{m}");
    assert!(m.contains("10 sprint goals"), "{m}");
    assert!(m.contains("186 check-ins"), "{m}");
}

/// The template `examples/sheet.csv` is acme's sheet: it imports to
/// acme without what a sheet does not carry, and it is exactly what the
/// lossy export of acme writes (so the template cannot drift).
#[test]
fn the_template_is_acme_as_a_sheet() {
    let acme = Cascade::from_json(&example("acme.json")).unwrap();
    let template = example("sheet.csv");
    let lossy = sheet::to_csv_lossy(acme.document()).unwrap();
    assert_eq!(
        lossy.csv, template,
        "regenerate examples/sheet.csv with `okr export examples/acme.json --to csv --lossy`"
    );
    let doc = sheet::from_csv(&template).unwrap();
    assert_eq!(doc, carried(acme.document().clone()));
    // Windows line ends, and the semicolons or tabs of spreadsheets in
    // many locales, read the same.
    assert_eq!(
        sheet::from_csv(&template.replace('\n', "\r\n")).unwrap(),
        doc
    );
    let mut semicolons = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let mut tabs = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .from_writer(Vec::new());
    for record in csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(template.as_bytes())
        .records()
    {
        let record = record.unwrap();
        semicolons.write_record(&record).unwrap();
        tabs.write_record(&record).unwrap();
    }
    for w in [semicolons, tabs] {
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(sheet::from_csv(&text).unwrap(), doc);
    }
    // The plan's check-ins, from their own CSV, complete it.
    let text = sheet::check_ins_to_csv(&acme.document().check_ins).unwrap();
    assert_eq!(
        sheet::check_ins_from_csv(&text).unwrap(),
        acme.document().check_ins
    );
}

fn load_error(text: &str) -> String {
    match sheet::from_csv(text) {
        Err(Error::Load(e)) => e.message,
        Err(e) => panic!("expected a load error, got {e}"),
        Ok(d) => panic!("expected an error, got {d:?}"),
    }
}

const HEAD: &str = "cycle,cycle_start,cycle_end,unit,unit_kind,parent_unit,objective,objective_title,key_result,kr_title,metric,start,target,threshold\n";

#[test]
fn errors_name_the_row_and_the_column() {
    let ok = "Q3,2026-07-01,2026-09-30,acme,company,,O1,Grow,KR1,ARR,increase,12,20,\n";
    assert!(sheet::from_csv(&format!("{HEAD}{ok}")).is_ok());
    let cases: &[(&str, &str)] = &[
        (
            "Q3,2026-07-01,2026-09-30,acme,company,,O1,Grow,KR1,ARR,increase,12,twenty,\n",
            "row 2, column `target`: `twenty` is not a number",
        ),
        (
            "Q3,2026-07-01,2026-09-31,acme,company,,O1,Grow,KR1,ARR,increase,12,20,\n",
            "row 2, column `cycle_end`: `2026-09-31` is not a date",
        ),
        (
            "Q3,2026-07-01,2026-09-30,acme,company,,O1,Grow,KR1,ARR,grow,12,20,\n",
            "row 2, column `metric`: `grow` is not one of increase, decrease",
        ),
        (
            "Q3,2026-07-01,2026-09-30,acme,company,,O1,Grow,KR1,ARR,increase,12,,\n",
            "row 2, column `target`: blank, but an increase metric needs its `target`",
        ),
        (
            "Q3,2026-07-01,2026-09-30,acme,company,,O1,Grow,KR1,ARR,increase,12,20,5\n",
            "row 2, column `threshold`: an increase metric has no `threshold`",
        ),
        (
            "Q3,2026-07-01,2026-09-30,acme,company,,O1,Grow,KR1,ARR,increase,12,20,\n,,,,,,O1,Grow,KR1,Again,milestone,,,\n",
            "row 3, column `key_result`: key result `KR1` is already on row 2",
        ),
        (
            "Q3,2026-07-01,2026-09-30,acme,company,,O1,Grow,KR1,ARR,increase,12,20,\n,,,,,,O1,Shrink,KR2,NPS,milestone,,,\n",
            "row 3, column `objective_title`: objective `O1` has `Grow` on row 2, but `Shrink` here",
        ),
        (
            "Q3,2026-07-01,2026-09-30,acme,company,,O1,Grow,KR1,ARR,increase,12,20,\n,,,eng,,acme,O2,Ship,,,,,,\n",
            "row 3, column `unit_kind`: unit `eng` (first named here) needs its kind",
        ),
        (
            "Q3,2026-07-01,2026-09-30,acme,company,,,,KR1,ARR,increase,12,20,\n",
            "row 2, column `objective`: blank, but key result `KR1` needs its objective",
        ),
        (
            "Q3,2026-07-01,2026-09-30,acme,company,,O1,Grow,,,,12,,\n",
            "row 2, column `start`: a key result's cell, but the row has no `key_result`",
        ),
        (
            "Q4,2026-07-01,2026-09-30,acme,company,,O1,Grow,KR1,ARR,increase,12,20,\nQ3,,,,,,O1,,KR2,NPS,milestone,,,\n",
            "row 3, column `cycle`: the cycle has `Q4` on row 2, but `Q3` here",
        ),
        (
            "Q3,2026-07-01,2026-09-30,acme,company,,O1,Grow,KR1,ARR,increase,12,20,,extra\n",
            "row 2: 15 cells, but the header names 14 columns",
        ),
    ];
    for (row, want) in cases {
        let m = load_error(&format!("{HEAD}{row}"));
        assert!(m.contains(want), "want {want:?}\n got {m:?}");
    }
    let m = load_error(&HEAD.replace("threshold", "treshold"));
    assert!(
        m.contains("row 1, column `treshold`: not a column of a sheet"),
        "{m}"
    );
    let m = load_error("cycle,unit\nQ3,acme\n");
    assert!(m.contains("column `cycle_start`: the cycle's first day is required, but the sheet has no such column"), "{m}");
    assert!(load_error("").contains("the sheet is empty"));
}

#[test]
fn sheets_from_spreadsheets_read_as_written() {
    // A byte-order mark, capitalised headers, spaces around codes and ids,
    // a blank row, a second link in a numbered group, lists and a
    // milestone.
    let text = "\u{feff}Cycle,Cycle_Start,Cycle_End,Unit,Unit_Kind,Parent_Unit,Objective,Objective_Title,Objective_Themes,Link_Kind,Link_To,Contribution,Link2_Kind,Link2_To,Link2_Weight,Key_Result,KR_Title,Metric,Done\n\
Q3 , 2026-07-01,2026-09-30,acme,Company,,O1,Grow,T1; T2 ,,,,,,,KR1,Launch,milestone,TRUE\n\
,,,,,,,,,,,,,,,,,,\n\
,,,eng,function,acme,O2,Ship,,responding,O1,\"Faster, safer\",direct,KR1,2,,,,\n";
    let doc = sheet::from_csv(text).unwrap();
    assert_eq!(doc.cycle.id, "Q3");
    assert_eq!(doc.objectives[0].themes, vec!["T1", "T2"]);
    assert_eq!(
        doc.key_results[0].metric,
        Some(Metric::Milestone { done: true })
    );
    let links = &doc.objectives[1].links;
    assert_eq!(links.len(), 2);
    assert_eq!(links[0].contribution.as_deref(), Some("Faster, safer"));
    assert_eq!(
        (links[1].kind, links[1].to.as_str(), links[1].weight),
        (LinkKind::Direct, "KR1", Some(2.0))
    );
    assert_eq!(doc.units[1].parent.as_deref(), Some("acme"));
    let cascade = Cascade::try_from(doc).unwrap();
    assert_eq!(
        cascade.rollup(&RollupOptions::default()).objectives[0].progress,
        Some(1.0)
    );
}

#[test]
fn export_refuses_what_would_change() {
    let mut doc = sheet_document(7);
    doc.units[0].name = Some("  ".into());
    let Err(Error::Input(m)) = sheet::to_csv(&doc) else {
        panic!()
    };
    assert!(m.contains("unit `u0`'s name is blank text"), "{m}");
    let mut doc = sheet_document(7);
    doc.units[0].id = " u0".into();
    assert!(sheet::to_csv(&doc).is_err());
    let acme = Cascade::from_json(&example("acme.json")).unwrap();
    let view = carried(acme.view_for("sales").unwrap());
    let Err(Error::Input(m)) = sheet::to_csv(&view) else {
        panic!()
    };
    assert!(m.contains("it is a view (for unit `sales`)"), "{m}");
}

#[test]
fn check_ins_read_with_row_and_column_errors() {
    let text = "key_result,date,value,confidence\nKR1,2026-08-01,16,0.7\n\nKR2,2026-08-02,3,\n";
    let got = sheet::check_ins_from_csv(text).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].confidence, Some(0.7));
    assert_eq!(
        (got[1].key_result.as_str(), got[1].value, got[1].confidence),
        ("KR2", 3.0, None)
    );
    // Columns in any order, confidence optional.
    let got = sheet::check_ins_from_csv("value,key_result,date\n5,KR1,2026-08-01\n").unwrap();
    assert_eq!(got[0].value, 5.0);
    let err = |t: &str| match sheet::check_ins_from_csv(t) {
        Err(Error::Load(e)) => e.message,
        other => panic!("{other:?}"),
    };
    assert!(err("key_result,date,value\nKR1,2026-08-01,NaN\n")
        .contains("row 2, column `value`: `NaN` is not a finite number"));
    assert!(
        err("key_result,date,value\nKR1,2026-08-01,1\nKR1,01/08/2026,1\n")
            .contains("row 3, column `date`: `01/08/2026` is not a date")
    );
    assert!(
        err("key_result,date,value\n,2026-08-01,1\n").contains("row 2, column `key_result`: blank")
    );
    assert!(
        err("key_result,date\nKR1,2026-08-01\n").contains("row 1: the header has no value column")
    );
    assert!(err("key_result,when,value\n").contains("row 1, column `when`: not a column"));
    // Against a document: unknown key results name the row.
    let acme = Cascade::from_json(&example("acme.json")).unwrap();
    let e = acme
        .check_ins_from_csv("key_result,date,value\nKR1,2026-08-01,1\nO1,2026-08-01,1\n")
        .unwrap_err();
    assert!(
        e.to_string().contains(
            "row 3, column `key_result`: not a key result of this document (it names a objective"
        ) || e.to_string().contains("row 3, column `key_result`"),
        "{e}"
    );
}

/// Many check-ins at once equal one by one: the rollup, the alerts, the
/// document, and every figure in the merged delta is the last one-by-one
/// delta's figure for it.
#[test]
fn many_check_ins_equal_one_by_one() {
    let acme = Cascade::from_json(&example("acme.json")).unwrap();
    let csv = "key_result,date,value,confidence\n\
KR5,2026-08-10,30,0.4\nKR3,2026-08-11,7.5,\nKR1,2026-08-12,15,0.8\nKR5,2026-08-12,31,0.3\nKR6,2026-07-20,5,\n";
    let batch = acme.check_ins_from_csv(csv).unwrap();
    for policy in [None, Some(Policy::default())] {
        let start = |c: &Cascade| match &policy {
            None => c.clone().live(RollupOptions::default()),
            Some(p) => c.clone().live_with_policy(p, None),
        };
        let mut one = start(&acme);
        let mut merged = RollupDelta::default();
        for c in batch.clone() {
            let d = one.record_check_in(c).unwrap();
            merged.key_results.extend(d.key_results);
            merged.objectives.extend(d.objectives);
            merged.themes.extend(d.themes);
            merged.units.extend(d.units);
        }
        let mut many = start(&acme);
        let delta = many.record_check_ins(batch.clone()).unwrap();
        assert_eq!(delta.key_results, merged.key_results);
        assert_eq!(delta.objectives, merged.objectives);
        assert_eq!(delta.themes, merged.themes);
        assert_eq!(delta.units, merged.units);
        assert_eq!(many.rollup(), one.rollup());
        assert_eq!(many.alerts(), one.alerts());
        assert_eq!(many.cascade().document(), one.cascade().document());
    }
    // All or nothing: one unknown key result and nothing is recorded.
    let mut live = acme.clone().live(RollupOptions::default());
    let mut bad = batch.clone();
    bad[2].key_result = "KR99".into();
    let e = live.record_check_ins(bad).unwrap_err();
    assert!(e.to_string().contains("check-in 2"), "{e}");
    assert_eq!(live.cascade().document().check_ins.len(), 186);
}

//! Spreadsheets: a cascade as a flat sheet (CSV, one row per key result)
//! and check-ins as CSV. Text in, values out: no I/O, so every surface (the
//! CLI, Python, JS) imports and exports the same way.
//!
//! The columns are documented in docs/sheets.md; [`COLUMNS`] lists them in
//! the order export writes them. In short:
//!
//! - a row with a `key_result` is that key result, with its objective's
//!   and unit's cells;
//! - a row with an `objective` but no `key_result` declares the objective
//!   (an objective with no key results is such a row alone);
//! - a row with only a `unit` declares the unit (a unit with no
//!   objectives);
//! - the cycle's cells (`cycle`, `cycle_start`, ...) and a theme's
//!   (`theme`, `theme_title`) may be on any row; export writes a row of
//!   its own for each theme, first.
//!
//! A cell describing an objective, a unit or the cycle that an earlier row
//! already described may be blank (the same) or repeat the value; a
//! different value is an error naming both rows. Objectives and units are
//! made in the order of the rows that first name them, key results in row
//! order, so export then import gives the same document.
//!
//! What a sheet cannot carry (contribution statements,
//! mandates, initiatives, sprint goals, check-ins, redacted stubs):
//! [`to_csv`] refuses a document holding any of them, naming them;
//! [`to_csv_lossy`] leaves them out and lists what it left out. Check-ins
//! have their own CSV ([`check_ins_from_csv`], [`check_ins_to_csv`]).
//!
//! ```
//! use okr_core::{sheet, Cascade};
//!
//! let text = "\
//! cycle,cycle_start,cycle_end,unit,unit_kind,parent_unit,objective,objective_title,key_result,kr_title,metric,start,target
//! Q3,2026-07-01,2026-09-30,acme,company,,O1,Grow,KR1,Increase ARR from 12 to 20,increase,12,20
//! ,,,eng,function,acme,O2,Ship faster,,,,,
//! ";
//! let doc = sheet::from_csv(text)?;
//! assert_eq!(doc.units.len(), 2);
//! assert_eq!(doc.objectives[1].id, "O2");
//! assert!(doc.key_results.iter().all(|k| k.objective == "O1"));
//! assert_eq!(sheet::from_csv(&sheet::to_csv(&doc)?)?, doc);
//!
//! let err = sheet::from_csv(&text.replace(",12,20", ",12,twenty")).unwrap_err();
//! assert!(err.to_string().contains("row 2, column `target`"));
//! # Ok::<(), okr_core::Error>(())
//! ```

mod checkins;
mod export;
mod import;

pub use checkins::{check_ins_from_csv, check_ins_to_csv, CHECK_IN_COLUMNS};
pub use export::{to_csv, to_csv_lossy, Lossy};
pub use import::from_csv;

use crate::error::{Error, LoadError, LoadErrorKind};

/// The fixed columns of a sheet, in the order export writes them. Further
/// links of an objective use numbered groups after `contribution`:
/// `link2_kind`, `link2_to`, `link2_weight`, `link2_contribution`, then
/// `link3_...`.
pub const COLUMNS: &[&str] = &[
    "cycle",
    "cycle_start",
    "cycle_end",
    "as_of",
    "themes_published",
    "theme",
    "theme_title",
    "unit",
    "unit_name",
    "unit_kind",
    "parent_unit",
    "unit_mode",
    "objective",
    "objective_title",
    "objective_themes",
    "governance",
    "governance_owner",
    "objective_created",
    "objective_due",
    "objective_dropped",
    "objective_carried_from",
    "objective_depends_on",
    "objective_visibility",
    "objective_audience",
    "link_kind",
    "link_to",
    "link_weight",
    "contribution",
    "key_result",
    "kr_title",
    "metric",
    "start",
    "target",
    "threshold",
    "current",
    "measure",
    "metric_name",
    "done",
    "source",
    "part_of",
    "kr_weight",
    "confidence",
    "kr_created",
    "kr_due",
    "kr_dropped",
    "kr_carried_from",
    "score",
    "kr_depends_on",
    "kr_visibility",
    "kr_audience",
];

/// Position of the first link group's columns in [`COLUMNS`] (`link_kind`),
/// where further groups are inserted on export.
const LINK_GROUP_END: &str = "contribution";

/// The separator of a list cell (`objective_themes`, `*_depends_on`,
/// `*_audience`): `T1; T2`.
const LIST_SEPARATOR: char = ';';

/// The names of the columns of link group `n` (1 is the first: `link_kind`,
/// `link_to`, `link_weight`, `contribution`).
fn link_columns(n: usize) -> [String; 4] {
    if n <= 1 {
        [
            "link_kind".into(),
            "link_to".into(),
            "link_weight".into(),
            "contribution".into(),
        ]
    } else {
        [
            format!("link{n}_kind"),
            format!("link{n}_to"),
            format!("link{n}_weight"),
            format!("link{n}_contribution"),
        ]
    }
}

/// An unreadable sheet: the cause, naming the row and column.
fn sheet_error(kind: LoadErrorKind, message: impl Into<String>) -> Error {
    Error::Load(LoadError::new(kind, message))
}

/// A cell's place in words: `row 4, column `target``.
fn place(row: usize, column: &str) -> String {
    format!("row {row}, column `{column}`")
}

/// A CSV reader over `text` (a leading byte-order mark, which spreadsheets
/// write, is skipped): headers read as the first record, rows of any
/// length (checked by the callers, who name the row). Cells are separated
/// by commas, or by the semicolons or tabs that spreadsheets in many
/// locales write, when the header line has no comma but one of those.
fn reader(text: &str) -> csv::Reader<&[u8]> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header = text.lines().next().unwrap_or_default();
    let delimiter = if header.contains(',') {
        b','
    } else if header.contains(';') {
        b';'
    } else if header.contains('\t') {
        b'\t'
    } else {
        b','
    };
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

/// The columns of [`COLUMNS`] from `first` up to, but not including,
/// `end` (to the last column when `end` is `None`): a group of columns (a
/// unit's, an objective's...) named once, in [`COLUMNS`].
fn columns_from<'a>(
    first: &'a str,
    end: Option<&'a str>,
) -> impl Iterator<Item = &'static str> + Clone + 'a {
    COLUMNS
        .iter()
        .copied()
        .skip_while(move |c| *c != first)
        .take_while(move |c| Some(*c) != end)
}

/// The records of CSV text (see [`reader`]): its header row, and the
/// rows after it. `empty` is the error's message when there is no
/// header row.
fn header_and_rows<'t>(
    text: &'t str,
    empty: &str,
) -> Result<(csv::StringRecord, csv::StringRecordsIntoIter<&'t [u8]>), Error> {
    let mut records = reader(text).into_records();
    match records.next() {
        Some(Ok(header)) => Ok((header, records)),
        Some(Err(e)) => Err(csv_error(&e, 1)),
        None => Err(sheet_error(LoadErrorKind::Schema, empty)),
    }
}

/// Refuses row `row` when it has a value beyond the `width` columns the
/// header names.
fn check_width(record: &csv::StringRecord, width: usize, row: usize) -> Result<(), Error> {
    if record.len() > width && record.iter().skip(width).any(|c| !c.trim().is_empty()) {
        return Err(sheet_error(
            LoadErrorKind::Schema,
            format!(
                "row {row}: {} cells, but the header names {width} columns",
                record.len()
            ),
        ));
    }
    Ok(())
}

/// A CSV syntax error in the words of a sheet error.
fn csv_error(e: &csv::Error, row: usize) -> Error {
    let at = e
        .position()
        .map(|p| format!("row {}", p.record() + 1))
        .unwrap_or_else(|| format!("row {row}"));
    let cause = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the text is not UTF-8".to_string(),
        _ => e.to_string(),
    };
    sheet_error(
        LoadErrorKind::Syntax,
        format!("{at}: not readable CSV: {cause}"),
    )
}

/// Writes rows as CSV text (quoting where needed).
fn write_rows(rows: &[Vec<String>]) -> Result<String, Error> {
    let mut w = csv::WriterBuilder::new()
        .flexible(false)
        .from_writer(Vec::new());
    for row in rows {
        w.write_record(row)
            .map_err(|e| Error::Output(format!("cannot write CSV: {e}")))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Error::Output(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Output(format!("cannot write CSV: {e}")))
}

/// A number as a cell: the shortest text that reads back to the same
/// number. Refuses NaN and infinities.
fn number_cell(v: f64, what: &str) -> Result<String, Error> {
    if v.is_finite() {
        Ok(format!("{v}"))
    } else {
        Err(Error::Output(format!(
            "{what} is {v}, not a finite number: a sheet cannot hold it"
        )))
    }
}

/// Reads a number cell (trimmed; finite).
fn parse_number(text: &str, row: usize, column: &str) -> Result<f64, Error> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(sheet_error(
            LoadErrorKind::Schema,
            format!("{}: `{text}` is not a finite number", place(row, column)),
        )),
        Err(_) => Err(sheet_error(
            LoadErrorKind::Schema,
            format!(
                "{}: `{text}` is not a number (write digits with a point, such as 12.5)",
                place(row, column)
            ),
        )),
    }
}

/// Reads a date cell.
fn parse_date(text: &str, row: usize, column: &str) -> Result<crate::date::Date, Error> {
    crate::date::Date::parse(text).ok_or_else(|| {
        sheet_error(
            LoadErrorKind::Schema,
            format!(
                "{}: `{text}` is not a date (write YYYY-MM-DD, such as 2026-07-01)",
                place(row, column)
            ),
        )
    })
}

impl crate::Cascade {
    /// Reads a sheet ([`from_csv`]) and loads the document with the
    /// default limits.
    pub fn from_csv(text: &str) -> Result<crate::Cascade, Error> {
        crate::Cascade::try_from(from_csv(text)?)
    }

    /// The document as a sheet ([`to_csv`]): refuses, naming them, what a
    /// sheet cannot carry.
    pub fn to_csv(&self) -> Result<String, Error> {
        to_csv(self.document())
    }

    /// Reads check-ins from CSV text ([`check_ins_from_csv`]) and checks
    /// that each names a key result of this document, naming the row of
    /// the first that does not.
    pub fn check_ins_from_csv(&self, text: &str) -> Result<Vec<crate::CheckIn>, Error> {
        let rows = checkins::check_ins_with_rows(text)?;
        for (row, c) in &rows {
            if !matches!(
                self.lookup(&c.key_result),
                Some(crate::ItemRef::KeyResult(_))
            ) {
                let what = match self.lookup(&c.key_result) {
                    Some(other) => {
                        let noun = other.kind().noun();
                        let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
                            "an"
                        } else {
                            "a"
                        };
                        format!("it names {article} {noun}")
                    }
                    None => "no item has this id".to_string(),
                };
                return Err(Error::UnknownId {
                    id: c.key_result.clone(),
                    expected: format!(
                        "{}: not a key result of this document ({what})",
                        place(*row, "key_result")
                    ),
                });
            }
        }
        Ok(rows.into_iter().map(|(_, c)| c).collect())
    }
}

//! Check-ins as CSV: `key_result,date,value[,confidence]`, header required.

use crate::document::CheckIn;
use crate::error::{Error, LoadErrorKind};

use super::{
    check_width, csv_error, header_and_rows, number_cell, parse_date, parse_number, place,
    sheet_error, write_rows,
};

/// The columns of a check-in CSV; `confidence` may be left out.
pub const CHECK_IN_COLUMNS: &[&str] = &["key_result", "date", "value", "confidence"];

/// Reads check-ins from CSV text: a header naming the columns
/// (`key_result`, `date`, `value`, and optionally `confidence`, in any
/// order), then one check-in per row; blank rows are skipped. Errors name
/// the row (the header is row 1) and the column: an unknown or missing
/// column, a blank key result, a date not in YYYY-MM-DD, a value or
/// confidence that is not a finite number. Whether the key results exist
/// is for the document to say ([`crate::Cascade::check_ins_from_csv`]).
pub fn check_ins_from_csv(text: &str) -> Result<Vec<CheckIn>, Error> {
    check_ins_with_rows(text).map(|rows| rows.into_iter().map(|(_, c)| c).collect())
}

/// Reads check-ins as [`check_ins_from_csv`] does, each with its row.
pub(crate) fn check_ins_with_rows(text: &str) -> Result<Vec<(usize, CheckIn)>, Error> {
    let (header, records) = header_and_rows(
        text,
        "the check-in CSV is empty: its first row must name the columns key_result, date, value (and optionally confidence)",
    )?;
    let mut at: [Option<usize>; 4] = [None; 4];
    for (i, raw) in header.iter().enumerate() {
        let name = raw.trim().to_ascii_lowercase();
        let Some(c) = CHECK_IN_COLUMNS.iter().position(|&c| c == name) else {
            return Err(sheet_error(
                LoadErrorKind::Schema,
                format!(
                    "{}: not a column of a check-in CSV (key_result, date, value, confidence)",
                    place(1, raw.trim())
                ),
            ));
        };
        let Some(slot) = at.get_mut(c) else {
            continue;
        };
        if slot.replace(i).is_some() {
            return Err(sheet_error(
                LoadErrorKind::Schema,
                format!("{}: the column is named twice", place(1, &name)),
            ));
        }
    }
    let [Some(kr_at), Some(date_at), Some(value_at), confidence_at] = at else {
        let missing: Vec<&str> = CHECK_IN_COLUMNS
            .iter()
            .zip(at)
            .take(3)
            .filter(|(_, a)| a.is_none())
            .map(|(c, _)| *c)
            .collect();
        return Err(sheet_error(
            LoadErrorKind::Schema,
            format!(
                "row 1: the header has no {} column (a check-in CSV needs key_result, date and value)",
                missing.join(", ")
            ),
        ));
    };
    let width = header.len();
    let mut out = Vec::new();
    for (i, record) in records.enumerate() {
        let n = i + 2;
        let record = record.map_err(|e| csv_error(&e, n))?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        check_width(&record, width, n)?;
        let cell = |i: usize| record.get(i).map(str::trim).filter(|c| !c.is_empty());
        let required = |i: usize, column: &str| {
            cell(i).ok_or_else(|| {
                sheet_error(
                    LoadErrorKind::Schema,
                    format!("{}: blank, but a check-in needs it", place(n, column)),
                )
            })
        };
        let key_result = required(kr_at, "key_result")?.to_string();
        let date = parse_date(required(date_at, "date")?, n, "date")?;
        let value = parse_number(required(value_at, "value")?, n, "value")?;
        let confidence = confidence_at
            .and_then(cell)
            .map(|t| parse_number(t, n, "confidence"))
            .transpose()?;
        out.push((
            n,
            CheckIn {
                key_result,
                date,
                value,
                confidence,
            },
        ));
    }
    Ok(out)
}

/// Writes check-ins as CSV: `key_result,date,value,confidence` (the
/// confidence column only when some check-in has one), in the given order.
/// Refuses a value or confidence that is not finite.
pub fn check_ins_to_csv(check_ins: &[CheckIn]) -> Result<String, Error> {
    let with_confidence = check_ins.iter().any(|c| c.confidence.is_some());
    let width = if with_confidence { 4 } else { 3 };
    let mut rows = Vec::with_capacity(check_ins.len() + 1);
    rows.push(
        CHECK_IN_COLUMNS
            .iter()
            .take(width)
            .map(|c| c.to_string())
            .collect(),
    );
    for c in check_ins {
        let what = |f: &str| format!("the {f} of a check-in of `{}` on {}", c.key_result, c.date);
        let mut row = vec![
            c.key_result.clone(),
            c.date.to_string(),
            number_cell(c.value, &what("value"))?,
        ];
        if with_confidence {
            row.push(
                c.confidence
                    .map(|v| number_cell(v, &what("confidence")))
                    .transpose()?
                    .unwrap_or_default(),
            );
        }
        rows.push(row);
    }
    write_rows(&rows)
}

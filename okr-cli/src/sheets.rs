//! Spreadsheets on the command line: `okr import` (a sheet to a
//! document), `okr export --to csv` (a document to a sheet) and `okr
//! checkin` (check-ins from a CSV appended to a document). The reading and
//! writing of sheets is okr-core's (`okr_core::sheet`); this module reads
//! and writes the files.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use okr_core::{sheet, Cascade, Document, Limits, RollupOptions};

use crate::input::{display_name, load_cascade, read_bytes, Failure};
use crate::Outcome;

/// The format a document is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    /// JSON (pretty-printed).
    Json,
    /// YAML.
    Yaml,
}

/// What `okr export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportTo {
    /// A sheet: one row per key result (docs/sheets.md).
    Csv,
}

/// `okr import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The sheet (CSV, header first; `-` for standard input).
    #[arg(value_name = "SHEET")]
    pub sheet: PathBuf,
    /// Write the document here instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    pub out: Option<PathBuf>,
    /// The document's format (default: YAML when OUT ends in .yaml or
    /// .yml, else JSON).
    #[arg(long, value_enum)]
    pub format: Option<DocFormat>,
}

/// `okr export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The cascade document (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// What to write: `csv`, the sheet.
    #[arg(long, value_enum)]
    pub to: ExportTo,
    /// Write the sheet here instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    pub out: Option<PathBuf>,
    /// Write the document's check-ins to this CSV
    /// (key_result,date,value,confidence), so the sheet need not carry
    /// them.
    #[arg(long, value_name = "CSV")]
    pub check_ins: Option<PathBuf>,
    /// Leave out what a sheet cannot carry (themes, contribution
    /// statements, mandates, initiatives, sprint goals, check-ins), saying
    /// what on standard error, instead of refusing.
    #[arg(long)]
    pub lossy: bool,
}

/// `okr checkin`.
#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// The cascade document (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The check-ins: CSV with a header, key_result,date,value[,confidence].
    #[arg(value_name = "CHECKINS")]
    pub check_ins: PathBuf,
    /// Write the updated document here (default: standard output).
    #[arg(short, long, value_name = "OUT", conflicts_with = "in_place")]
    pub out: Option<PathBuf>,
    /// Rewrite FILE itself with the check-ins appended.
    #[arg(long)]
    pub in_place: bool,
    /// The document's format (default: as OUT's, else FILE's, name says:
    /// YAML for .yaml or .yml, else JSON).
    #[arg(long, value_enum)]
    pub format: Option<DocFormat>,
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

fn read_text(path: &Path) -> Result<String, Failure> {
    let bytes = read_bytes(path)?;
    String::from_utf8(bytes).map_err(|e| {
        Failure::new(format!(
            "{}: not UTF-8 text (save the sheet as CSV UTF-8): {e}",
            display_name(path)
        ))
    })
}

fn write_file(path: &Path, text: &str) -> Result<(), Failure> {
    std::fs::write(path, text)
        .map_err(|e| Failure::new(format!("cannot write `{}`: {e}", path.display())))
}

/// The document as text in `format`.
fn document_text(doc: &Document, format: DocFormat) -> Result<String, Failure> {
    match format {
        DocFormat::Json => crate::to_json(doc),
        DocFormat::Yaml => serde_yaml_ng::to_string(doc)
            .map_err(|e| Failure::new(format!("cannot write YAML: {e}"))),
    }
}

/// Writes `text` to `out`, or returns it for standard output.
fn deliver(text: String, out: Option<&Path>) -> Result<Outcome, Failure> {
    match out {
        None => Ok(Outcome::ok(text)),
        Some(path) => {
            write_file(path, &text)?;
            Ok(Outcome::ok(String::new()))
        }
    }
}

/// `okr import`: a sheet to a document.
pub fn import(args: &ImportArgs) -> Result<Outcome, Failure> {
    let name = display_name(&args.sheet);
    let text = read_text(&args.sheet)?;
    let doc = sheet::from_csv(&text).map_err(|e| Failure::new(format!("{name}: {}", cause(&e))))?;
    // The loader's checks (limits, ids), as for any document.
    let cascade = Cascade::from_document_with_limits(doc, &Limits::default())
        .map_err(|e| Failure::new(format!("{name}: {}", cause(&e))))?;
    let format = args.format.unwrap_or(match &args.out {
        Some(p) if is_yaml(p) => DocFormat::Yaml,
        _ => DocFormat::Json,
    });
    deliver(
        document_text(cascade.document(), format)?,
        args.out.as_deref(),
    )
}

/// An error's message without the core's "unreadable document" prefix
/// (the CLI names the file instead).
fn cause(e: &okr_core::Error) -> String {
    match e {
        okr_core::Error::Load(l) => l.to_string(),
        okr_core::Error::Input(m) => m.clone(),
        other => other.to_string(),
    }
}

/// `okr export --to csv`: a document to a sheet.
pub fn export(args: &ExportArgs) -> Result<Outcome, Failure> {
    let name = display_name(&args.file);
    let cascade = load_cascade(&args.file, &Limits::default())?;
    let ExportTo::Csv = args.to;
    let mut doc = cascade.into_document();
    if let Some(path) = &args.check_ins {
        let text = sheet::check_ins_to_csv(&doc.check_ins)
            .map_err(|e| Failure::new(format!("{name}: {}", cause(&e))))?;
        write_file(path, &text)?;
        doc.check_ins.clear();
    }
    let text = if args.lossy {
        let lossy = sheet::to_csv_lossy(&doc)
            .map_err(|e| Failure::new(format!("{name}: {}", cause(&e))))?;
        for what in &lossy.left_out {
            eprintln!("warning: {name}: the sheet leaves out {what}");
        }
        lossy.csv
    } else {
        sheet::to_csv(&doc).map_err(|e| Failure::new(format!("{name}: {}", cause(&e))))?
    };
    deliver(text, args.out.as_deref())
}

/// `okr checkin`: check-ins from a CSV appended to the document.
pub fn checkin(args: &CheckinArgs) -> Result<Outcome, Failure> {
    if args.in_place && args.file.as_os_str() == "-" {
        return Err(Failure::new(
            "--in-place needs a file: standard input cannot be rewritten (use -o OUT)",
        ));
    }
    let cascade = load_cascade(&args.file, &Limits::default())?;
    let csv_name = display_name(&args.check_ins);
    let text = read_text(&args.check_ins)?;
    let check_ins = cascade
        .check_ins_from_csv(&text)
        .map_err(|e| Failure::new(format!("{csv_name}: {}", cause_of_check_ins(&e))))?;
    let n = check_ins.len();
    let mut live = cascade.live(RollupOptions::default());
    let delta = live
        .record_check_ins(check_ins)
        .map_err(|e| Failure::new(format!("{csv_name}: {}", cause(&e))))?;
    let (cascade, _) = live.into_parts();
    let out = if args.in_place {
        Some(args.file.clone())
    } else {
        args.out.clone()
    };
    let format = args.format.unwrap_or(match (&out, is_yaml(&args.file)) {
        (Some(p), _) if is_yaml(p) => DocFormat::Yaml,
        (Some(_), _) => DocFormat::Json,
        (None, true) => DocFormat::Yaml,
        (None, false) => DocFormat::Json,
    });
    let text = document_text(cascade.document(), format)?;
    let noun = if n == 1 { "check-in" } else { "check-ins" };
    let krs: Vec<&str> = delta.key_results.keys().collect();
    let shown: Vec<&str> = krs.iter().take(8).copied().collect();
    let more = if krs.len() > shown.len() { ", ..." } else { "" };
    eprintln!(
        "{n} {noun} appended; figures recomputed for {} key results ({}{more}), {} objectives",
        krs.len(),
        shown.join(", "),
        delta.objectives.len()
    );
    deliver(text, out.as_deref())
}

fn cause_of_check_ins(e: &okr_core::Error) -> String {
    match e {
        okr_core::Error::UnknownId { id, expected } => {
            format!("unknown key result `{id}`: {expected}")
        }
        other => cause(other),
    }
}

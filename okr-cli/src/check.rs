//! `okr check FILE...`: one or many documents (globs the shell did not
//! expand are expanded here), checked in parallel, reported in the order
//! given with one summary; as text, JSON, SARIF 2.1.0 or GitHub workflow
//! annotations. One file in text or JSON prints exactly what it always
//! did; several files, or SARIF and GitHub output, report a file that
//! cannot be read in its place and go on.

use std::path::{Path, PathBuf};

use okr_core::{Cascade, LoadError, Policy, Report, Summary};

use crate::cli::{CheckArgs, CheckFormat};
use crate::input::{display_name, load_cascade, load_policy, placed, read_bytes, Failure};
use crate::render;
use crate::style::Style;
use crate::{Outcome, CLEAN, HAS_ERRORS, UNUSABLE};

/// One file's outcome.
pub(crate) struct Checked {
    /// The path as given (or found by a pattern).
    pub path: PathBuf,
    /// The name in messages: the path, or `<stdin>`.
    pub name: String,
    /// The report, or why the file could not be read.
    pub result: Result<Loaded, Unreadable>,
}

/// A document read and checked.
pub(crate) struct Loaded {
    pub cascade: Cascade,
    pub report: Report,
    /// The JSON text, to place findings at lines (None for YAML).
    pub json: Option<String>,
}

/// A file that could not be read, with the place when known.
pub(crate) struct Unreadable {
    /// `FILE:LINE:COLUMN: cause`, as the single-file check prints it.
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

/// The arguments with patterns expanded: an argument that names no file
/// and holds `*`, `?` or `[` is a pattern (sorted matches, files only); a
/// pattern that matches nothing is a usage error.
fn expand(args: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut out = Vec::new();
    for arg in args {
        let text = arg.to_string_lossy();
        let pattern = text.contains(['*', '?', '[']);
        if !pattern || arg.as_os_str() == "-" || arg.exists() {
            out.push(arg.clone());
            continue;
        }
        let paths = glob::glob(&text)
            .map_err(|e| Failure::new(format!("`{text}` is not a valid pattern: {e}")))?;
        let mut found: Vec<PathBuf> = paths
            .filter_map(Result::ok)
            .filter(|p| p.is_file())
            .collect();
        if found.is_empty() {
            return Err(Failure::new(format!("no file matches `{text}`")));
        }
        found.sort();
        out.append(&mut found);
    }
    Ok(out)
}

fn is_json(path: &Path) -> bool {
    matches!(crate::input::syntax_of(path), crate::input::Syntax::Json)
}

fn unreadable(name: &str, e: &LoadError) -> Unreadable {
    Unreadable {
        message: placed(name, e),
        line: e.line,
        column: e.column,
    }
}

/// Reads and checks one file, keeping the JSON text for positions.
fn check_one(path: &Path, policy: &Policy) -> Checked {
    let name = display_name(path);
    let result = (|| {
        let bytes = read_bytes(path).map_err(|Failure(message)| Unreadable {
            message,
            line: None,
            column: None,
        })?;
        let limits = policy.limits();
        let json = is_json(path);
        let doc = if json {
            okr_core::load::from_json_bytes(&bytes, limits)
        } else {
            okr_core::load::from_yaml_bytes(&bytes, limits)
        }
        .map_err(|e| unreadable(&name, &e))?;
        let cascade = Cascade::from_document_with_limits(doc, limits).map_err(|e| match e {
            okr_core::Error::Load(e) => unreadable(&name, &e),
            other => Unreadable {
                message: format!("{name}: {other}"),
                line: None,
                column: None,
            },
        })?;
        let report = cascade.validate(policy);
        // The loader accepted the bytes, so they are UTF-8.
        let json = if json {
            String::from_utf8(bytes).ok()
        } else {
            None
        };
        Ok(Loaded {
            cascade,
            report,
            json,
        })
    })();
    Checked {
        path: path.to_path_buf(),
        name,
        result,
    }
}

/// The counts over every readable file.
fn total(files: &[Checked]) -> Summary {
    let mut s = Summary::default();
    for f in files {
        if let Ok(l) = &f.result {
            s.errors += l.report.summary.errors;
            s.warnings += l.report.summary.warnings;
            s.infos += l.report.summary.infos;
        }
    }
    s
}

fn status(files: &[Checked]) -> u8 {
    if files.iter().any(|f| f.result.is_err()) {
        UNUSABLE
    } else if total(files).errors > 0 {
        HAS_ERRORS
    } else {
        CLEAN
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::new(format!("cannot write JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// `okr check`.
pub(crate) fn check(args: &CheckArgs) -> Result<Outcome, Failure> {
    let policy = load_policy(args.policy.as_deref())?;
    let paths = expand(&args.files)?;
    if let [one] = paths.as_slice() {
        // One file as text or JSON: what `okr check FILE` always printed
        // (an unreadable file is an error on standard error, status 2).
        if matches!(args.format, CheckFormat::Text | CheckFormat::Json) {
            let cascade = load_cascade(one, policy.limits())?;
            let report = cascade.validate(&policy);
            let stdout = match args.format {
                CheckFormat::Json => to_json(&report)?,
                _ => render::check::report(&cascade, &report, Style::stdout()),
            };
            let status = if report.has_errors() {
                HAS_ERRORS
            } else {
                CLEAN
            };
            crate::free_at_exit((cascade, report));
            return Ok(Outcome { stdout, status });
        }
    }
    let files = okr_core::many::map(&paths, None, |p| check_one(p, &policy));
    let stdout = match args.format {
        CheckFormat::Text => text(&files, Style::stdout()),
        CheckFormat::Json => to_json(&json(&files))?,
        CheckFormat::Sarif => to_json(&render::lint::sarif(&files, &policy))?,
        CheckFormat::Github => render::lint::github(&files),
    };
    Ok(Outcome {
        stdout,
        status: status(&files),
    })
}

/// Every file: its name and counts, its diagnostics; then one summary.
fn text(files: &[Checked], style: Style) -> String {
    let mut out = String::new();
    for f in files {
        match &f.result {
            Ok(l) => {
                out.push_str(&format!(
                    "{}: {}\n",
                    style.bold(&f.name),
                    render::check::summary_line(&l.report.summary)
                ));
                if !l.report.diagnostics.is_empty() {
                    out.push('\n');
                }
                for d in &l.report.diagnostics {
                    render::check::diagnostic(&l.cascade, d, style, &mut out);
                }
            }
            Err(u) => {
                out.push_str(&format!(
                    "{}: {} {}\n\n",
                    style.bold(&f.name),
                    style.severity(okr_core::Severity::Error, "unreadable:"),
                    u.message
                ));
            }
        }
    }
    out.push_str(&style.bold(&summary(files)));
    out.push('\n');
    out
}

/// `3 files: 1 error, 4 warnings, 0 infos (1 file unreadable)`.
pub(crate) fn summary(files: &[Checked]) -> String {
    let unreadable = files.iter().filter(|f| f.result.is_err()).count();
    let mut line = format!(
        "{} {}: {}",
        files.len(),
        if files.len() == 1 { "file" } else { "files" },
        render::check::summary_line(&total(files))
    );
    if unreadable > 0 {
        line.push_str(&format!(
            " ({unreadable} {} unreadable)",
            if unreadable == 1 { "file" } else { "files" }
        ));
    }
    line
}

/// `{"files": [{"file", "diagnostics", "summary"} | {"file", "error"}],
/// "summary"}`.
fn json(files: &[Checked]) -> serde_json::Value {
    let list: Vec<serde_json::Value> = files
        .iter()
        .map(|f| match &f.result {
            Ok(l) => serde_json::json!({
                "file": f.name,
                "diagnostics": l.report.diagnostics,
                "summary": l.report.summary,
            }),
            Err(u) => serde_json::json!({
                "file": f.name,
                "error": {"message": u.message, "line": u.line, "column": u.column},
            }),
        })
        .collect();
    serde_json::json!({
        "files": list,
        "summary": total(files),
        "unreadable": files.iter().filter(|f| f.result.is_err()).count(),
    })
}

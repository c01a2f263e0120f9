//! The command line's grammar: subcommands, arguments and options.
//!
//! Parsing is clap's (derive): it gives `--help` for every subcommand,
//! `--version`, suggestions for misspelt options and the usage-error exit
//! code 2 that the spec asks for, from one declaration. New subcommands
//! (`okr synth`, for example) are one more variant of [`Command`] and one
//! more arm in `main::run`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
FILE is a cascade document: JSON, or YAML when its name ends in .yaml or .yml;
`-` reads JSON from standard input. A policy file (--policy) is JSON or YAML
in the same way; absent fields keep the defaults.

Exit status: 0 clean or warnings only, 1 the document has errors,
2 the input is unreadable or missing, or the command line is wrong.";

/// The selective cascade: check, roll up, trace and view an OKR cascade.
#[derive(Debug, Parser)]
#[command(name = "okr", version, after_help = AFTER_HELP, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate cascades: errors (E001-E010), design warnings (W101-W131)
    /// and infos (I201-I203). Several files and patterns give one summary;
    /// `--format sarif` (SARIF 2.1.0) and `--format github` (workflow
    /// annotations) are for CI.
    Check(CheckArgs),
    /// Progress of every key result, objective, theme and unit, with pace
    /// status and forecast.
    Rollup(RollupArgs),
    /// The figures over time: every company priority's and unit's progress
    /// at each date of a grid (text with sparklines, JSON, or CSV in long
    /// format).
    Trend(TrendArgs),
    /// Every path from an item to the company priorities it moves, and the
    /// plain answer to "which priority does this move forward?".
    Lineage(LineageArgs),
    /// Where the figures of one key result, objective, theme, unit or
    /// mandate come from: the rule with its numbers, the inputs one level
    /// deep, the status rule and the forecast, as a worked example.
    Explain(ExplainArgs),
    /// Who needs whom: the dependency graph between units (declared,
    /// works-for, shares-work, co-owns) as text, JSON, DOT or Mermaid.
    Deps(DepsArgs),
    /// Alerts at a date (A305 blocked, ...): what is about to go wrong.
    Alerts(AlertsArgs),
    /// The quarterly review page: one self-contained HTML file (inline CSS
    /// and SVG, no script) with progress bars, burn-up charts, alerts,
    /// diagnostics, dependencies and lineage, to open, print or mail.
    Report(ReportArgs),
    /// What changed between two snapshots: figures that slipped or moved,
    /// items added, removed and edited, findings new and resolved, lineage
    /// lost and gained. Exit 0, or 2 when either file is unreadable.
    Diff(DiffArgs),
    /// The scorecard: every key result's closing score (its `score` when
    /// set by judgement, else its progress at the cycle's end) and each
    /// objective's weighted mean.
    Close(CloseArgs),
    /// Draft the next cycle: open objectives and key results carried over,
    /// re-baselined, with references to what was left behind removed.
    /// Prints the draft (JSON).
    Carry(CarryArgs),
    /// The document as one unit may see it: restricted items it may not see
    /// become stubs. Prints JSON.
    View(ViewArgs),
    /// Read a sheet (CSV, one row per key result; docs/sheets.md) into a
    /// document. Prints JSON (or writes -o OUT).
    Import(crate::sheets::ImportArgs),
    /// Write a document as a sheet (`--to csv`): one row per key result,
    /// which `okr import` reads back to the same document.
    Export(crate::sheets::ExportArgs),
    /// Append check-ins from a CSV (key_result,date,value[,confidence]) to
    /// a document and write it (standard output, -o OUT or --in-place).
    Checkin(crate::sheets::CheckinArgs),
    /// Print the JSON Schema of the document format.
    Schema,
    /// Generate a realistic synthetic cascade (deterministic per seed), for
    /// benchmarks and demos. Prints compact JSON.
    Synth(SynthArgs),
}

/// Output format of `check`, `rollup` and `lineage`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable text.
    #[default]
    Text,
    /// JSON in the spec's shape.
    Json,
}

/// `okr check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The cascade documents (`-` for standard input); patterns such as
    /// `'okrs/**/*.json'` the shell did not expand are expanded here.
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// A policy file (JSON or YAML): thresholds, rules switched off, limits.
    #[arg(long, value_name = "P")]
    pub policy: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: CheckFormat,
}

/// Output format of `check`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Readable text.
    #[default]
    Text,
    /// JSON in the spec's shape (several files: `{"files": [...], "summary"}`).
    Json,
    /// SARIF 2.1.0, for code-scanning UIs.
    Sarif,
    /// GitHub workflow annotations (`::warning file=...,line=...::...`).
    Github,
}

/// `okr rollup`.
#[derive(Debug, Args)]
pub struct RollupArgs {
    /// The cascade document (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Compute figures for this date (YYYY-MM-DD) instead of the cycle's
    /// `as_of`.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// A policy file (JSON or YAML): rule thresholds and pace margins.
    #[arg(long, value_name = "P")]
    pub policy: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Output format of `trend`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum TrendFormat {
    /// Company priorities and units, a sparkline each.
    #[default]
    Text,
    /// `{"key_results": {id: [{date, progress, status}]}, ...}`.
    Json,
    /// Long format: date,kind,id,progress,status.
    Csv,
}

/// `okr trend`.
#[derive(Debug, Args)]
pub struct TrendArgs {
    /// The cascade document (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Days between points (at least 1).
    #[arg(long, value_name = "DAYS", default_value_t = 7)]
    pub every: u32,
    /// The last date (YYYY-MM-DD) instead of the cycle's `as_of`.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// A policy file (JSON or YAML): pace margins, objective status.
    #[arg(long, value_name = "P")]
    pub policy: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: TrendFormat,
}

/// Output format of `deps`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum DepsFormat {
    /// Per unit, whom it needs and for what.
    #[default]
    Text,
    /// JSON in the spec's shape.
    Json,
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
    /// A Mermaid flowchart (pastes into a wiki).
    Mermaid,
}

/// `okr deps`.
#[derive(Debug, Args)]
pub struct DepsArgs {
    /// The cascade document (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Only the edges that touch this unit (and, in text, only its entry).
    #[arg(long, value_name = "U")]
    pub unit: Option<String>,
    /// A policy file (JSON or YAML): `max_co_owners`, beyond which a KR's
    /// co-owners are listed once as a group instead of pairwise.
    #[arg(long, value_name = "P")]
    pub policy: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: DepsFormat,
}

/// `okr alerts`.
#[derive(Debug, Args)]
pub struct AlertsArgs {
    /// The cascade document (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Compute alerts for this date (YYYY-MM-DD) instead of the cycle's
    /// `as_of`.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// A policy file (JSON or YAML): thresholds and alerts switched off.
    #[arg(long, value_name = "P")]
    pub policy: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// `okr report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The cascade document (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Write the page to this file instead of standard output.
    #[arg(short = 'o', long = "out", value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Compute the figures and alerts for this date (YYYY-MM-DD) instead
    /// of the cycle's `as_of`.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Render the page of this unit's view: items it may not see are
    /// redacted exactly as `okr view --as UNIT` does.
    #[arg(long = "for", value_name = "UNIT")]
    pub for_unit: Option<String>,
    /// A policy file (JSON or YAML): thresholds and rules switched off.
    #[arg(long, value_name = "P")]
    pub policy: Option<PathBuf>,
}

/// `okr lineage`.
#[derive(Debug, Args)]
pub struct LineageArgs {
    /// The cascade document (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The id of the item (objective, key result, unit, theme, contribution,
    /// mandate, initiative or sprint goal).
    #[arg(value_name = "ID")]
    pub id: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// `okr explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The cascade document (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The id of the key result, objective, theme, unit or mandate.
    #[arg(value_name = "ID")]
    pub id: String,
    /// Explain the figures for this date (YYYY-MM-DD) instead of the
    /// cycle's `as_of`.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// A policy file (JSON or YAML): pace margins, objective status.
    #[arg(long, value_name = "P")]
    pub policy: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// `okr view`.
#[derive(Debug, Args)]
pub struct ViewArgs {
    /// The cascade document (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The unit whose view to make.
    #[arg(long = "as", value_name = "UNIT")]
    pub unit: String,
}

/// `okr synth`.
#[derive(Debug, Args)]
pub struct SynthArgs {
    /// Number of teams (about a tenth as many functions; 10,000 teams make
    /// about 41 MB of JSON).
    #[arg(long, value_name = "N")]
    pub teams: usize,
    /// The seed: the same seed gives the same document.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Write the document to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `okr diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older snapshot (`-` for standard input).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The newer snapshot.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// A policy file (JSON or YAML): the rules and thresholds the findings
    /// are compared under, and the pace margins.
    #[arg(long, value_name = "P")]
    pub policy: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// `okr close`.
#[derive(Debug, Args)]
pub struct CloseArgs {
    /// The cascade document (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// A policy file (JSON or YAML): pace margins.
    #[arg(long, value_name = "P")]
    pub policy: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// `okr carry`.
#[derive(Debug, Args)]
pub struct CarryArgs {
    /// The cascade document of the cycle that ends (`-` for standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The new cycle's id (such as 2026-Q4).
    #[arg(long, value_name = "ID")]
    pub cycle: String,
    /// The new cycle's first day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub start: String,
    /// The new cycle's last day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub end: String,
}

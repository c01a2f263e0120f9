//! `okr`: the selective cascade on the command line.
//!
//! Argument parsing ([`cli`]), input reading ([`input`]) and rendering
//! ([`render`]) only: every figure, diagnostic and path comes from okr-core.

mod check;
mod cli;
mod input;
mod render;
mod sheets;
mod style;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use okr_core::{Cascade, Date, Document, Limits, RollupOptions, RollupReport};

use cli::{
    AlertsArgs, CarryArgs, Cli, CloseArgs, Command, DepsArgs, DepsFormat, DiffArgs, ExplainArgs,
    Format, LineageArgs, ReportArgs, RollupArgs, SynthArgs, TrendArgs, TrendFormat, ViewArgs,
};
use input::{load_cascade, load_policy, Failure};
use style::Style;

/// Exit status: clean, or warnings and infos only.
pub(crate) const CLEAN: u8 = 0;
/// Exit status: the document has errors.
pub(crate) const HAS_ERRORS: u8 = 1;
/// Exit status: unreadable or missing input, or a usage error.
pub(crate) const UNUSABLE: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and succeed; usage
            // errors print to stderr with status 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { UNUSABLE } else { CLEAN });
        }
    };
    match run(cli.command) {
        Ok(Outcome { stdout, status }) => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`okr rollup x | head`) is not an error worth a
            // message; any other write failure is.
            if let Err(e) = out.write_all(stdout.as_bytes()).and_then(|()| out.flush()) {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    eprintln!("error: cannot write the output: {e}");
                    return ExitCode::from(UNUSABLE);
                }
            }
            ExitCode::from(status)
        }
        Err(Failure(message)) => {
            eprintln!(
                "{} {message}",
                Style::stderr().severity(okr_core::Severity::Error, "error:")
            );
            ExitCode::from(UNUSABLE)
        }
    }
}

/// What a command prints on standard output, and its exit status.
pub(crate) struct Outcome {
    pub(crate) stdout: String,
    pub(crate) status: u8,
}

impl Outcome {
    fn ok(stdout: String) -> Outcome {
        Outcome {
            stdout,
            status: CLEAN,
        }
    }
}

fn run(command: Command) -> Result<Outcome, Failure> {
    match command {
        Command::Check(args) => check::check(&args),
        Command::Rollup(args) => rollup(&args),
        Command::Trend(args) => trend(&args),
        Command::Lineage(args) => lineage(&args),
        Command::Explain(args) => explain(&args),
        Command::View(args) => view(&args),
        Command::Diff(args) => diff(&args),
        Command::Close(args) => close(&args),
        Command::Carry(args) => carry(&args),
        Command::Deps(args) => deps(&args),
        Command::Alerts(args) => alerts(&args),
        Command::Report(args) => report(&args),
        Command::Import(args) => sheets::import(&args),
        Command::Export(args) => sheets::export(&args),
        Command::Checkin(args) => sheets::checkin(&args),
        Command::Schema => Ok(Outcome::ok(to_json(&schemars::schema_for!(Document))?)),
        Command::Synth(args) => synth(&args),
    }
}

fn synth(args: &SynthArgs) -> Result<Outcome, Failure> {
    let opts = okr_synth::SynthOptions {
        teams: args.teams,
        seed: args.seed,
    };
    let mut text = okr_synth::generate_json(&opts)
        .map_err(|e| Failure::new(format!("cannot write JSON: {e}")))?;
    text.push('\n');
    match &args.out {
        None => Ok(Outcome::ok(text)),
        Some(path) => {
            std::fs::write(path, text)
                .map_err(|e| Failure::new(format!("cannot write `{}`: {e}", path.display())))?;
            Ok(Outcome::ok(String::new()))
        }
    }
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Failure> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::new(format!("cannot write JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}

fn trend(args: &TrendArgs) -> Result<Outcome, Failure> {
    let as_of = parse_as_of(args.as_of.as_deref())?;
    if args.every == 0 {
        return Err(Failure::new("--every must be at least 1 day".to_string()));
    }
    let policy = load_policy(args.policy.as_deref())?;
    let cascade = load_cascade(&args.file, policy.limits())?;
    if let Some(refused) = refuse_errors(&cascade, &policy, "figures") {
        return Ok(refused);
    }
    let options = RollupOptions::from_policy(&policy).with_as_of(as_of);
    let trend = cascade
        .trend(args.every, &options)
        .map_err(|e| Failure::new(e.to_string()))?;
    let trend = trend
        .with_ids(&cascade)
        .ok_or_else(|| Failure::new("the trend does not match its document".to_string()))?;
    let stdout = match args.format {
        TrendFormat::Json => to_json(&trend)?,
        TrendFormat::Csv => render::trend::csv(&trend)?,
        TrendFormat::Text => render::trend::text(&cascade, &trend),
    };
    Ok(Outcome::ok(stdout))
}

fn rollup(args: &RollupArgs) -> Result<Outcome, Failure> {
    let as_of = parse_as_of(args.as_of.as_deref())?;
    let policy = load_policy(args.policy.as_deref())?;
    let cascade = load_cascade(&args.file, policy.limits())?;
    if let Some(refused) = refuse_errors(&cascade, &policy, "figures") {
        return Ok(refused);
    }
    let options = RollupOptions::from_policy(&policy).with_as_of(as_of);
    let figures = cascade.rollup(&options);
    let stdout = match args.format {
        Format::Json => to_json(&RollupReport::new(&cascade, &figures))?,
        Format::Text => render::rollup::rollup(&cascade, &figures, Style::stdout()),
    };
    free_at_exit((cascade, figures));
    Ok(Outcome::ok(stdout))
}

/// Leaves a large value for the operating system to reclaim: the process
/// ends once the output is written, and freeing a loaded document string
/// by string cost about a tenth of `okr check` on 10,000 teams.
pub(crate) fn free_at_exit<T>(value: T) {
    std::mem::forget(value);
}

/// `--as-of DATE`, parsed.
fn parse_as_of(text: Option<&str>) -> Result<Option<Date>, Failure> {
    match text {
        None => Ok(None),
        Some(text) => Ok(Some(Date::parse(text).ok_or_else(|| {
            Failure::new(format!(
                "--as-of `{text}` is not a date: write YYYY-MM-DD, such as 2026-08-12"
            ))
        })?)),
    }
}

/// A document with errors yields no `what` (figures, alerts): the errors
/// go to stderr and the status is 1. `None` when the document has none.
fn refuse_errors(cascade: &Cascade, policy: &okr_core::Policy, what: &str) -> Option<Outcome> {
    // Only the error rules run: the warnings are not printed here.
    let report = cascade.errors(policy);
    if !report.has_errors() {
        return None;
    }
    // Figures of a document with errors cannot be trusted: show why on
    // stderr and print none.
    let style = Style::stderr();
    let mut text = String::new();
    for d in report
        .diagnostics
        .iter()
        .filter(|d| d.severity == okr_core::Severity::Error)
    {
        render::check::diagnostic(cascade, d, style, &mut text);
    }
    text.push_str(&format!(
        "{}: the document has errors, so no {what} were computed\n",
        render::check::summary_line(&report.summary)
    ));
    eprint!("{text}");
    Some(Outcome {
        stdout: String::new(),
        status: HAS_ERRORS,
    })
}

fn alerts(args: &AlertsArgs) -> Result<Outcome, Failure> {
    let as_of = parse_as_of(args.as_of.as_deref())?;
    let policy = load_policy(args.policy.as_deref())?;
    let cascade = load_cascade(&args.file, policy.limits())?;
    if let Some(refused) = refuse_errors(&cascade, &policy, "alerts") {
        return Ok(refused);
    }
    let alerts = cascade.alerts(&policy, as_of);
    let stdout = match args.format {
        Format::Json => to_json(&alerts)?,
        Format::Text => render::deps::alerts(&cascade, &alerts, as_of, Style::stdout()),
    };
    Ok(Outcome::ok(stdout))
}

/// `okr report`: the review page. A document with errors gets no page,
/// like every command that shows figures.
fn report(args: &ReportArgs) -> Result<Outcome, Failure> {
    let as_of = parse_as_of(args.as_of.as_deref())?;
    let policy = load_policy(args.policy.as_deref())?;
    let cascade = load_cascade(&args.file, policy.limits())?;
    if let Some(refused) = refuse_errors(&cascade, &policy, "figures") {
        return Ok(refused);
    }
    let options = okr_report::ReportOptions {
        policy: &policy,
        as_of,
        for_unit: args.for_unit.as_deref(),
    };
    let page = okr_report::report_html(&cascade, &options).map_err(|e| match &e {
        okr_core::Error::UnknownId { id, .. } => {
            Failure::new(format!("no unit has the id `{id}` in this document"))
        }
        other => Failure::new(other.to_string()),
    })?;
    match &args.out {
        None => Ok(Outcome::ok(page)),
        Some(path) => {
            std::fs::write(path, page)
                .map_err(|e| Failure::new(format!("cannot write `{}`: {e}", path.display())))?;
            Ok(Outcome::ok(String::new()))
        }
    }
}

fn deps(args: &DepsArgs) -> Result<Outcome, Failure> {
    let policy = load_policy(args.policy.as_deref())?;
    let cascade = load_cascade(&args.file, policy.limits())?;
    let mut graph = cascade.dependencies(&policy);
    if let Some(unit) = &args.unit {
        if !matches!(cascade.lookup(unit), Some(okr_core::ItemRef::Unit(_))) {
            return Err(Failure::new(format!(
                "no unit has the id `{unit}` in this document"
            )));
        }
        graph = graph.touching(unit);
    }
    let stdout = match args.format {
        DepsFormat::Json => to_json(&graph)?,
        DepsFormat::Text => {
            render::deps::text(&cascade, &graph, args.unit.as_deref(), Style::stdout())
        }
        DepsFormat::Dot => render::deps::dot(&cascade, &graph),
        DepsFormat::Mermaid => render::deps::mermaid(&cascade, &graph),
    };
    Ok(Outcome::ok(stdout))
}

fn explain(args: &ExplainArgs) -> Result<Outcome, Failure> {
    let as_of = parse_as_of(args.as_of.as_deref())?;
    let policy = load_policy(args.policy.as_deref())?;
    let cascade = load_cascade(&args.file, policy.limits())?;
    if let Some(refused) = refuse_errors(&cascade, &policy, "figures") {
        return Ok(refused);
    }
    let options = RollupOptions::from_policy(&policy).with_as_of(as_of);
    let explanation = cascade
        .explain_with(&args.id, &options)
        .map_err(|e| Failure::new(unknown(&cascade, &e)))?;
    let stdout = match args.format {
        Format::Json => to_json(&explanation)?,
        Format::Text => render::explain::explain(&cascade, &explanation, Style::stdout()),
    };
    Ok(Outcome::ok(stdout))
}

fn lineage(args: &LineageArgs) -> Result<Outcome, Failure> {
    let limits = Limits::default();
    let cascade = load_cascade(&args.file, &limits)?;
    let lineage = cascade
        .lineage_with_limits(&args.id, &limits)
        .map_err(|e| Failure::new(unknown(&cascade, &e)))?;
    let stdout = match args.format {
        Format::Json => to_json(&lineage)?,
        Format::Text => render::lineage::lineage(&lineage, Style::stdout()),
    };
    Ok(Outcome::ok(stdout))
}

fn diff(args: &DiffArgs) -> Result<Outcome, Failure> {
    let policy = load_policy(args.policy.as_deref())?;
    let old = load_cascade(&args.old, policy.limits())?;
    let new = load_cascade(&args.new, policy.limits())?;
    let diff = old
        .diff(&new, &policy)
        .map_err(|e| Failure::new(e.to_string()))?;
    let stdout = match args.format {
        Format::Json => to_json(&diff)?,
        Format::Text => render::diff::text(&old, &new, &diff, Style::stdout()),
    };
    Ok(Outcome::ok(stdout))
}

fn close(args: &CloseArgs) -> Result<Outcome, Failure> {
    let policy = load_policy(args.policy.as_deref())?;
    let cascade = load_cascade(&args.file, policy.limits())?;
    if let Some(refused) = refuse_errors(&cascade, &policy, "scores") {
        return Ok(refused);
    }
    let card = cascade.scorecard(&policy);
    let stdout = match args.format {
        Format::Json => to_json(&card)?,
        Format::Text => render::close::text(&cascade, &card, Style::stdout()),
    };
    Ok(Outcome::ok(stdout))
}

/// A date argument, parsed.
fn parse_date(option: &str, text: &str) -> Result<Date, Failure> {
    Date::parse(text).ok_or_else(|| {
        Failure::new(format!(
            "{option} `{text}` is not a date: write YYYY-MM-DD, such as 2026-10-01"
        ))
    })
}

fn carry(args: &CarryArgs) -> Result<Outcome, Failure> {
    let start = parse_date("--start", &args.start)?;
    let end = parse_date("--end", &args.end)?;
    let policy = okr_core::Policy::default();
    let cascade = load_cascade(&args.file, policy.limits())?;
    if let Some(refused) = refuse_errors(&cascade, &policy, "draft") {
        return Ok(refused);
    }
    let draft = cascade
        .carry(&args.cycle, start, end)
        .map_err(|e| Failure::new(e.to_string()))?;
    Ok(Outcome::ok(to_json(&draft)?))
}

fn view(args: &ViewArgs) -> Result<Outcome, Failure> {
    let cascade = load_cascade(&args.file, &Limits::default())?;
    let doc = cascade
        .view_for(&args.unit)
        .map_err(|e| Failure::new(unknown(&cascade, &e)))?;
    Ok(Outcome::ok(to_json(&doc)?))
}

/// The core's error for an id or unit the user named, in the CLI's words.
fn unknown(cascade: &Cascade, e: &okr_core::Error) -> String {
    match e {
        okr_core::Error::UnknownId { id, .. } if cascade.lookup(id).is_none() => {
            format!("no item has the id `{id}` in this document")
        }
        other => other.to_string(),
    }
}

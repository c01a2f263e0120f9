//! Notebook display: compact HTML tables (and SVG sparklines) for the
//! core's results, shown by Python's `_repr_html_` on `Rollup`, `Report`,
//! `Lineage`, `Trend`, `Explanation` and `Dependencies`.
//!
//! Each function is pure and bounded: a table shows at most [`NOTEBOOK_ROWS`]
//! rows and then says how many more there are, so a 10,000-team result
//! displays as fast as a small one. The bindings only delegate here.

use maud::{html, Markup};
use okr_core::explain::{ExplainedFigures, ExplainedKind, InputRole, SkipReason};
use okr_core::{
    Cascade, Date, Dependencies, Diagnostic, Explanation, ItemKind, KeyResultFigures, Lineage,
    MeanFigures, ObjectiveFigures, Rollup, RollupDelta, Status, Summary, Trend, TrendKind,
    UnitKind,
};

use crate::percent;

/// Rows shown per table in a notebook; the rest is counted ("and K more").
pub const NOTEBOOK_ROWS: usize = 20;

const NB_STYLE: &str = "table.okr{border-collapse:collapse;margin:4px 0}table.okr caption{text-align:left;font-weight:600;padding:2px 0}table.okr th,table.okr td{padding:2px 8px;text-align:left;border-bottom:1px solid #ddd}table.okr td.num{text-align:right;font-variant-numeric:tabular-nums}p.okr-more{color:#666;margin:2px 0 8px}svg.okr-spark polyline{fill:none;stroke:#3b5bdb;stroke-width:1.5}svg.okr-spark line{stroke:#999;stroke-dasharray:2 2}";

/// The rows past [`NOTEBOOK_ROWS`], said in words.
fn more(total: usize, what: &str) -> Markup {
    html! {
        @if total > NOTEBOOK_ROWS {
            p.okr-more data-more=(total - NOTEBOOK_ROWS) { "... and " (total - NOTEBOOK_ROWS) " more " (what) "." }
        }
    }
}

fn status_str(s: Option<Status>) -> &'static str {
    s.map_or("", Status::as_str)
}

fn num(v: Option<f64>) -> String {
    match v {
        Some(v) if v.is_finite() => {
            let r = (v * 1e4).round() / 1e4;
            format!("{r}")
        }
        _ => "-".to_string(),
    }
}

/// `percent`, with a `*` when some members had no figure.
fn pct_partial(progress: Option<f64>, partial: bool) -> String {
    let p = percent(progress);
    if partial {
        format!("{p}*")
    } else {
        p
    }
}

/// Table rows of items: id, title and progress (with `*` when some
/// members had no figure), then the cells `rest` makes of the figures.
fn item_rows<'a, F: 'a>(
    rows: impl Iterator<Item = (&'a str, Option<&'a str>, F)>,
    progress: impl Fn(&F) -> (Option<f64>, bool),
    rest: impl Fn(&F) -> Markup,
) -> Markup {
    html! {
        @for (id, title, f) in rows.take(NOTEBOOK_ROWS) {
            @let (p, partial) = progress(&f);
            tr data-id=(id) {
                td { (id) } td { (title.unwrap_or("")) }
                td.num data-progress=[p] { (pct_partial(p, partial)) }
                (rest(&f))
            }
        }
    }
}

/// A table of key results: id, progress, status, forecast (band).
fn kr_rows<'a>(rows: impl Iterator<Item = (&'a str, Option<&'a str>, KeyResultFigures)>) -> Markup {
    item_rows(
        rows,
        |f| (f.progress, f.partial),
        |f| {
            html! {
                td { (status_str(f.status)) }
                td.num {
                    (percent(f.forecast))
                    @if let (Some(lo), Some(hi)) = (f.forecast_low, f.forecast_high) {
                        " (" (percent(Some(lo))) "–" (percent(Some(hi))) ")"
                    }
                }
            }
        },
    )
}

fn objective_rows<'a>(
    rows: impl Iterator<Item = (&'a str, Option<&'a str>, ObjectiveFigures)>,
) -> Markup {
    item_rows(
        rows,
        |f| (f.progress, f.partial),
        |f| html! { td { (status_str(f.status)) } },
    )
}

fn mean_rows<'a>(rows: impl Iterator<Item = (&'a str, Option<&'a str>, MeanFigures)>) -> Markup {
    item_rows(rows, |f| (f.progress, f.partial), |_| html! {})
}

fn table(class: &str, caption: Markup, head: &[&str], body: Markup) -> Markup {
    html! {
        table class=(format!("okr {class}")) {
            caption { (caption) }
            thead { tr { @for h in head { th { (h) } } } }
            tbody { (body) }
        }
    }
}

/// A rollup (`Rollup._repr_html_`): the company priorities, then the key
/// results, objectives, units and themes in document order, each table
/// bounded. `rollup` must have been computed from `cascade`.
pub fn rollup_html(cascade: &Cascade, rollup: &Rollup) -> String {
    let doc = cascade.document();
    let company = |unit: &str| {
        doc.units
            .iter()
            .any(|u| u.kind == UnitKind::Company && u.id == unit)
    };
    let objectives = || {
        doc.objectives
            .iter()
            .zip(&rollup.objectives)
            .map(|(o, f)| (o, *f))
    };
    let priorities: Vec<_> = objectives()
        .filter(|(o, _)| o.links.is_empty() && !o.redacted && company(&o.unit))
        .collect();
    let krs = doc
        .key_results
        .iter()
        .zip(&rollup.key_results)
        .map(|(k, f)| (k.id.as_str(), k.title.as_deref(), *f));
    let units = doc
        .units
        .iter()
        .zip(&rollup.units)
        .map(|(u, f)| (u.id.as_str(), u.name.as_deref(), *f));
    let themes = doc
        .themes
        .iter()
        .zip(&rollup.themes)
        .map(|(t, f)| (t.id.as_str(), Some(t.title.as_str()), *f));
    html! {
        style { (NB_STYLE) }
        div.okr-rollup {
            p { "Rollup of " strong { (doc.cycle.id) }
                @match rollup.as_of { Some(d) => { " as of " (d) }, None => { " (no as_of)" } }
                @if let Some(e) = rollup.elapsed { ", " (percent(Some(e))) " of the cycle elapsed" }
                ". " (doc.key_results.len()) " key results, " (doc.objectives.len()) " objectives, "
                (doc.units.len()) " units, " (doc.themes.len()) " themes." }
            (table("priorities", html! { "Company priorities" }, &["id", "title", "progress", "status"],
                objective_rows(priorities.iter().map(|(o, f)| (o.id.as_str(), o.title.as_deref(), *f)))))
            (more(priorities.len(), "priorities"))
            (table("key-results", html! { "Key results" }, &["id", "title", "progress", "status", "forecast"], kr_rows(krs)))
            (more(doc.key_results.len(), "key results"))
            (table("objectives", html! { "Objectives" }, &["id", "title", "progress", "status"],
                objective_rows(objectives().map(|(o, f)| (o.id.as_str(), o.title.as_deref(), f)))))
            (more(doc.objectives.len(), "objectives"))
            (table("units", html! { "Units" }, &["id", "name", "progress"], mean_rows(units)))
            (more(doc.units.len(), "units"))
            @if !doc.themes.is_empty() {
                (table("themes", html! { "Themes" }, &["id", "title", "progress"], mean_rows(themes)))
                (more(doc.themes.len(), "themes"))
            }
        }
    }
    .into_string()
}

/// The figures an incremental update recomputed (`Rollup._repr_html_` of
/// a `LiveRollup` update), by kind and id, each table bounded.
pub fn delta_html(delta: &RollupDelta) -> String {
    html! {
        style { (NB_STYLE) }
        div.okr-rollup.okr-delta {
            p { "Recomputed: " (delta.key_results.len()) " key results, " (delta.objectives.len()) " objectives, "
                (delta.units.len()) " units, " (delta.themes.len()) " themes; "
                (delta.alerts.appeared.len()) " alerts appeared, " (delta.alerts.cleared.len()) " cleared, " (delta.alerts.updated.len()) " changed." }
            (table("key-results", html! { "Key results" }, &["id", "title", "progress", "status", "forecast"],
                kr_rows(delta.key_results.iter().map(|(id, f)| (id, None, *f)))))
            (more(delta.key_results.len(), "key results"))
            (table("objectives", html! { "Objectives" }, &["id", "title", "progress", "status"],
                objective_rows(delta.objectives.iter().map(|(id, f)| (id, None, *f)))))
            (more(delta.objectives.len(), "objectives"))
            (table("units", html! { "Units" }, &["id", "name", "progress"],
                mean_rows(delta.units.iter().map(|(id, f)| (id, None, *f)))))
            (more(delta.units.len(), "units"))
        }
    }
    .into_string()
}

/// A validation report (`Report._repr_html_`): the counts, then the
/// diagnostics in their order (code, subject, message, hint), bounded.
pub fn diagnostics_html<'a>(
    summary: &Summary,
    diagnostics: impl ExactSizeIterator<Item = &'a Diagnostic>,
) -> String {
    let total = diagnostics.len();
    html! {
        style { (NB_STYLE) }
        div.okr-report {
            p.summary { (summary.errors) " errors, " (summary.warnings) " warnings, " (summary.infos) " infos." }
            @if total > 0 {
                (table("diagnostics", html! { "Diagnostics" }, &["code", "severity", "subject", "message", "hint"], html! {
                    @for d in diagnostics.take(NOTEBOOK_ROWS) {
                        tr data-code=(d.code.as_str()) {
                            td { (d.code.as_str()) } td { (d.severity.as_str()) } td { (d.subject) }
                            td { (d.message) } td { (d.hint) }
                        }
                    }
                }))
                (more(total, "diagnostics"))
            }
        }
    }
    .into_string()
}

/// A lineage answer (`Lineage._repr_html_`): the answer, then the paths.
pub fn lineage_html(lineage: &Lineage) -> String {
    let total = lineage.paths.len();
    html! {
        style { (NB_STYLE) }
        div.okr-lineage data-traces=(lineage.traces) {
            p { strong { (lineage.subject) } ": " (lineage.answer) }
            @if total > 0 {
                (table("paths", html! { "Paths to a company priority" }, &["#", "path"], html! {
                    @for (i, p) in lineage.paths.iter().take(NOTEBOOK_ROWS).enumerate() {
                        tr { td.num { (i + 1) } td { (p.join(" → ")) } }
                    }
                }))
                (more(total, "paths"))
            }
            @if lineage.truncated { p.okr-more { "More paths exist than the policy's limit allowed." } }
        }
    }
    .into_string()
}

const SPARK_W: f64 = 120.0;
const SPARK_H: f64 = 24.0;

/// A sparkline of progress (0 to 1) at the trend's dates, placed on the
/// cycle from `start` to `end`, with the elapsed diagonal dashed.
fn sparkline(start: Date, end: Date, dates: &[Date], values: &[Option<f64>]) -> Markup {
    let span = end.days_since(start).max(1) as f64;
    let x = |d: Date| 1.0 + (d.days_since(start) as f64 / span).clamp(0.0, 1.0) * (SPARK_W - 2.0);
    let y = |p: f64| SPARK_H - 1.0 - p.clamp(0.0, 1.0) * (SPARK_H - 2.0);
    let line: Vec<String> = dates
        .iter()
        .zip(values)
        .filter_map(|(d, v)| {
            v.filter(|v| v.is_finite())
                .map(|v| format!("{:.1},{:.1}", x(*d), y(v)))
        })
        .collect();
    html! {
        svg.okr-spark width=(SPARK_W) height=(SPARK_H) viewBox=(format!("0 0 {SPARK_W} {SPARK_H}")) data-points=(line.len()) {
            line x1=(x(start)) y1=(y(0.0)) x2=(x(end)) y2=(y(1.0)) {}
            @if !line.is_empty() { polyline points=(line.join(" ")) {} }
        }
    }
}

/// A trend (`Trend._repr_html_`): its dates, then a sparkline and the
/// first and last progress of every company priority and of the units,
/// bounded. `trend` must have been computed from `cascade`.
pub fn trend_html(cascade: &Cascade, trend: &Trend) -> String {
    let doc = cascade.document();
    let dates = trend.dates();
    let by_id = trend.with_ids(cascade);
    let rows = |kind: TrendKind, ids: Vec<(&str, Option<&str>)>| -> (usize, Markup) {
        let total = ids.len();
        let body = html! {
            @for (id, title) in ids.into_iter().take(NOTEBOOK_ROWS) {
                @if let Some(series) = by_id.as_ref().and_then(|t| t.get(kind, id)) {
                    @let values: Vec<Option<f64>> = series.iter().map(|p| p.progress).collect();
                    tr data-id=(id) {
                        td { (id) } td { (title.unwrap_or("")) }
                        td { (sparkline(doc.cycle.start, doc.cycle.end, dates, &values)) }
                        td.num { (percent(values.first().copied().flatten())) }
                        td.num data-progress=[values.last().copied().flatten()] { (percent(values.last().copied().flatten())) }
                    }
                }
            }
        };
        (total, body)
    };
    let company = |unit: &str| {
        doc.units
            .iter()
            .any(|u| u.kind == UnitKind::Company && u.id == unit)
    };
    let priorities: Vec<(&str, Option<&str>)> = doc
        .objectives
        .iter()
        .filter(|o| o.links.is_empty() && !o.redacted && company(&o.unit))
        .map(|o| (o.id.as_str(), o.title.as_deref()))
        .collect();
    let units: Vec<(&str, Option<&str>)> = doc
        .units
        .iter()
        .map(|u| (u.id.as_str(), u.name.as_deref()))
        .collect();
    let (np, prows) = rows(TrendKind::Objective, priorities);
    let (nu, urows) = rows(TrendKind::Unit, units);
    let head = ["id", "title", "burn-up", "first", "last"];
    html! {
        style { (NB_STYLE) }
        div.okr-trend data-dates=(dates.len()) {
            p { "Trend of " strong { (doc.cycle.id) } ": " (dates.len()) " dates"
                @if let (Some(a), Some(b)) = (dates.first(), dates.last()) { " from " (a) " to " (b) }
                "; " (trend.len(TrendKind::KeyResult)) " key results, " (trend.len(TrendKind::Objective)) " objectives, "
                (trend.len(TrendKind::Unit)) " units, " (trend.len(TrendKind::Theme)) " themes." }
            (table("priorities", html! { "Company priorities" }, &head, prows))
            (more(np, "priorities"))
            (table("units", html! { "Units" }, &head, urows))
            (more(nu, "units"))
        }
    }
    .into_string()
}

fn kind_str(k: &ExplainedKind) -> &'static str {
    match k {
        ExplainedKind::KeyResult => ItemKind::KeyResult.noun(),
        ExplainedKind::Objective => ItemKind::Objective.noun(),
        ExplainedKind::Theme => ItemKind::Theme.noun(),
        ExplainedKind::Unit => ItemKind::Unit.noun(),
        ExplainedKind::Mandate => ItemKind::Mandate.noun(),
    }
}

fn role_str(r: &InputRole) -> &'static str {
    match r {
        InputRole::CheckIn => "check-in",
        InputRole::MetricCurrent => "metric current",
        InputRole::NoValue => "no value",
        InputRole::Child => "child",
        InputRole::Part => "part",
        InputRole::KeyResult => "key result",
        InputRole::Objective => "objective",
        InputRole::DependsOn => "depends on",
    }
}

fn skip_str(s: &SkipReason) -> &'static str {
    match s {
        SkipReason::Null => "no progress",
        SkipReason::Hidden => "hidden",
        SkipReason::Cycle => "in a cycle",
        SkipReason::UnknownValue => "unknown value",
        SkipReason::Dropped => "dropped",
    }
}

/// An explanation (`Explanation._repr_html_`): the sentence, the figures,
/// the rule's formula, the status and forecast rules, and the inputs.
pub fn explanation_html(e: &Explanation) -> String {
    let (progress, status) = match &e.figures {
        ExplainedFigures::KeyResult(f) => (f.progress, f.status),
        ExplainedFigures::Objective(f) => (f.progress, f.status),
        ExplainedFigures::Mean(f) => (f.progress, None),
        ExplainedFigures::Mandate(f) => (None, f.status),
    };
    let total = e.inputs.len();
    html! {
        style { (NB_STYLE) }
        div.okr-explanation data-subject=(e.subject) {
            p { strong { (e.subject) } " (" (kind_str(&e.kind)) "): " (e.text) }
            table.okr.figures {
                tbody {
                    tr { th { "progress" } td.num data-progress=[progress] { (percent(progress)) } }
                    @if let Some(s) = status { tr { th { "status" } td { (s.as_str()) } } }
                    tr { th { "rule" } td.formula { (e.rule.formula) } }
                    @if let Some(s) = &e.status_rule { tr { th { "status rule" } td { (s.text) } } }
                    @if let Some(f) = &e.forecast_rule {
                        tr { th { "forecast" } td { (percent(f.progress)) " (line at the end: " (num(Some(f.value_at_end))) ", " (f.points.len()) " points)" } }
                    }
                    @if let Some(s) = &e.score { tr { th { "score" } td { (num(Some(s.value))) " (set by " (s.set_by) ")" } } }
                }
            }
            @if total > 0 {
                (table("inputs", html! { "Inputs" }, &["id", "role", "date", "value", "weight", "progress", "note"], html! {
                    @for i in e.inputs.iter().take(NOTEBOOK_ROWS) {
                        tr data-id=(i.id) {
                            td { (i.id) } td { (role_str(&i.role)) }
                            td { @if let Some(d) = i.date { (d) } }
                            td.num { (num(i.value)) } td.num { (num(i.weight)) }
                            td.num { (percent(i.progress)) }
                            td {
                                @if let Some(s) = &i.skipped { "skipped: " (skip_str(s)) }
                                @if let Some(s) = i.status { (s.as_str()) }
                            }
                        }
                    }
                }))
                (more(total, "inputs"))
            }
        }
    }
    .into_string()
}

/// The dependency graph (`Dependencies._repr_html_`): the edges (who needs
/// whom, why, via what), then the shared key results, bounded.
pub fn dependencies_html(d: &Dependencies) -> String {
    html! {
        style { (NB_STYLE) }
        div.okr-dependencies {
            p { (d.units.len()) " units, " (d.edges.len()) " edges, " (d.shared.len()) " shared key results." }
            @if !d.edges.is_empty() {
                (table("edges", html! { "Who needs whom" }, &["unit", "needs", "kind", "because of"], html! {
                    @for e in d.edges.iter().take(NOTEBOOK_ROWS) {
                        tr { td { (e.from) } td { (e.to) } td { (e.kind.as_str()) } td { (e.via.join(", ")) } }
                    }
                }))
                (more(d.edges.len(), "edges"))
            }
            @if !d.shared.is_empty() {
                (table("shared", html! { "Key results shared by many units" }, &["key result", "units"], html! {
                    @for s in d.shared.iter().take(NOTEBOOK_ROWS) {
                        tr { td { (s.key_result) } td { (s.units.join(", ")) } }
                    }
                }))
                (more(d.shared.len(), "shared key results"))
            }
        }
    }
    .into_string()
}

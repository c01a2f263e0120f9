//! The quarterly review page: one self-contained HTML file (inline CSS and
//! SVG, no script, no external font or link) built from the core's results
//! only: the rollup, the trend, the alerts, the diagnostics, the dependency
//! graph and the lineage answers.
//!
//! No I/O: [`report_html`] is a function from a cascade and its settings to
//! a `String`, shared by `okr report` and Python's `Cascade.report_html()`,
//! so both give the same page. The HTML is built with `maud`, which escapes
//! every value it is given: a title cannot inject markup.
//!
//! Big documents stay light: every priority and every unit is a collapsed
//! `<details>`, and the charts are a few hundred bytes of SVG each.

use std::collections::BTreeMap;

mod notebook;
pub use notebook::{
    delta_html, dependencies_html, diagnostics_html, explanation_html, lineage_html, rollup_html,
    trend_html, NOTEBOOK_ROWS,
};

use maud::{html, Markup, PreEscaped, DOCTYPE};
use okr_core::{
    Alerts, Cascade, Date, Dependencies, Diagnostic, Error, ItemKind, ItemRef, KeyResultFigures,
    MeanFigures, ObjectiveFigures, Policy, Report, Rollup, RollupOptions, Series, Status,
    TrendById, TrendKind, UnitKind,
};

/// Days between the points of the burn-up charts.
pub const TREND_EVERY_DAYS: u32 = 7;

/// What the page shows: the settings of the core's computations.
#[derive(Clone, Copy, Debug)]
pub struct ReportOptions<'a> {
    /// The policy (thresholds, pace margins, limits).
    pub policy: &'a Policy,
    /// Overrides the cycle's `as_of`.
    pub as_of: Option<Date>,
    /// Render this unit's view (`Cascade::view_for`) instead of the whole
    /// document.
    pub for_unit: Option<&'a str>,
}

/// The review page of `cascade` as HTML text.
///
/// With `for_unit`, the page is that of the unit's view: every item the
/// unit may not see is a stub exactly as `view_for` makes it, and every
/// figure, alert, diagnostic, dependency and lineage answer is computed
/// from the view. Fails only for an unknown unit.
pub fn report_html(cascade: &Cascade, options: &ReportOptions<'_>) -> Result<String, Error> {
    match options.for_unit {
        None => Ok(page(cascade, options, None)),
        Some(unit) => {
            let view = cascade.view_for(unit)?;
            let view = Cascade::from_document_with_limits(view, options.policy.limits())?;
            Ok(page(&view, options, Some(unit)))
        }
    }
}

/// The results the page is made of, computed once.
struct Results<'a> {
    cascade: &'a Cascade,
    rollup: Rollup,
    trend: Option<TrendById<'a>>,
    alerts: Alerts,
    report: Report,
    deps: Dependencies,
}

/// Figures by position. INVARIANT for every accessor: the rollup was
/// computed from this cascade, so its arrays are parallel to the
/// document's, and every position comes from the document's arrays or the
/// cascade's navigation.
impl Results<'_> {
    #[expect(
        clippy::indexing_slicing,
        reason = "INVARIANT: the rollup is parallel to the document's themes"
    )]
    fn theme(&self, i: usize) -> MeanFigures {
        self.rollup.themes[i]
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "INVARIANT: the rollup is parallel to the document's units"
    )]
    fn unit(&self, i: usize) -> MeanFigures {
        self.rollup.units[i]
    }

    fn objective(&self, i: usize) -> ObjectiveFigures {
        objective_figures(&self.rollup, i)
    }

    #[expect(
        clippy::indexing_slicing,
        reason = "INVARIANT: the rollup is parallel to the document's key results"
    )]
    fn key_result(&self, i: usize) -> KeyResultFigures {
        self.rollup.key_results[i]
    }
}

#[expect(
    clippy::indexing_slicing,
    reason = "INVARIANT: the rollup is parallel to the document's objectives"
)]
fn objective_figures(rollup: &Rollup, i: usize) -> ObjectiveFigures {
    rollup.objectives[i]
}

fn page(cascade: &Cascade, options: &ReportOptions<'_>, unit: Option<&str>) -> String {
    let rollup_options = RollupOptions::from_policy(options.policy).with_as_of(options.as_of);
    let rollup = cascade.rollup(&rollup_options);
    // The trend fails only for an `as_of` outside what a grid can hold;
    // the page then shows no charts rather than no page.
    let trend = cascade.trend(TREND_EVERY_DAYS, &rollup_options).ok();
    let as_of = options.as_of.or(cascade.document().cycle.as_of);
    let alerts = cascade.alerts(options.policy, as_of);
    let report = cascade.validate(options.policy);
    let deps = cascade.dependencies(options.policy);
    let results = Results {
        cascade,
        rollup,
        trend: trend.as_ref().and_then(|t| t.with_ids(cascade)),
        alerts,
        report,
        deps,
    };
    render(&results, options, as_of, unit).into_string()
}

const STYLE: &str = r#"
:root{--ink:#1d2433;--muted:#5b6475;--line:#d9dde5;--done:#2e7d32;--on:#43a047;--risk:#f9a825;--off:#e53935;--drop:#9e9e9e;--bg:#fafbfc}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:1100px;padding:24px;background:#fff}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:16px 0 6px}
.meta{color:var(--muted)}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.03em}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.id{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;color:var(--muted)}
.bar{display:inline-block;width:120px;height:10px;background:#eceff3;border-radius:5px;overflow:hidden;vertical-align:middle}
.bar>span{display:block;height:100%;background:#5c7cfa}
.bar.done>span{background:var(--done)}.bar.on_track>span{background:var(--on)}.bar.at_risk>span{background:var(--risk)}.bar.off_track>span{background:var(--off)}.bar.dropped>span{background:var(--drop)}
.status{display:inline-block;padding:0 6px;border-radius:8px;font-size:12px;background:#eceff3;white-space:nowrap}
.status.done{background:#e8f5e9;color:var(--done)}.status.on_track{background:#e8f5e9;color:#2e7d32}.status.at_risk{background:#fff8e1;color:#8d6e00}.status.off_track{background:#ffebee;color:#b71c1c}.status.dropped{color:var(--muted)}
details{border:1px solid var(--line);border-radius:6px;margin:6px 0;padding:4px 10px;background:var(--bg)}
details>summary{cursor:pointer;padding:2px 0}
details[open]{background:#fff}
.hidden{color:var(--muted);font-style:italic}
.charts{display:flex;flex-wrap:wrap;gap:8px}
figure{margin:4px 0}figcaption{font-size:12px;color:var(--muted);max-width:240px}
svg.burnup{background:#fff}
svg.burnup .frame{fill:none;stroke:var(--line)}
svg.burnup .elapsed{stroke:var(--muted);stroke-dasharray:4 3;stroke-width:1}
svg.burnup .progress{fill:none;stroke:#3b5bdb;stroke-width:2}
svg.burnup .band{fill:#3b5bdb;fill-opacity:.15;stroke:none}
.hint{color:var(--muted)}
.sev-error{color:#b71c1c}.sev-warning{color:#8d6e00}.sev-info,.sev-alert{color:#1d4ed8}
.urow{display:grid;grid-template-columns:minmax(0,2fr) 110px 164px minmax(0,3fr);gap:8px;align-items:center;height:30px;border-bottom:1px solid var(--line);font-size:13px;overflow:hidden;white-space:nowrap}
.urow>span{overflow:hidden;text-overflow:ellipsis}
.urow small{color:var(--muted)}.urow .off{color:var(--off)}
.uhead{font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase}
.ublock{content-visibility:auto}
.urow .p{background:linear-gradient(90deg,#5c7cfa var(--p),#eceff3 var(--p));border-radius:4px;padding:0 4px;font-size:12px;font-variant-numeric:tabular-nums;color:#fff;text-shadow:0 0 2px #000;-webkit-print-color-adjust:exact;print-color-adjust:exact}
svg.spark{background:linear-gradient(to bottom right,transparent calc(50% - 1px),#b0b7c3 50%,transparent calc(50% + 1px));border:1px solid var(--line)}
svg.spark polyline{fill:none;stroke:#3b5bdb;stroke-width:1.5}
@media print{body{max-width:none;padding:0}details{border:none;padding:0}.bar,.bar>span,.status{-webkit-print-color-adjust:exact;print-color-adjust:exact}h2{break-after:avoid}figure,tr{break-inside:avoid}}
"#;

fn render(
    r: &Results<'_>,
    options: &ReportOptions<'_>,
    as_of: Option<Date>,
    unit: Option<&str>,
) -> Markup {
    let doc = r.cascade.document();
    let title = match unit {
        Some(u) => format!("Quarterly review: {} (view of {u})", doc.cycle.id),
        None => format!("Quarterly review: {}", doc.cycle.id),
    };
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header id="header" {
                    h1 { (title) }
                    p.meta {
                        "Cycle " strong.cycle { (doc.cycle.id) } " from " (doc.cycle.start) " to " (doc.cycle.end)
                        ", as of "
                        @match as_of { Some(d) => strong.as-of { (d) }, None => "the end of the cycle (no as_of)" }
                        @if let Some(u) = unit { ", as unit " strong.unit { (u) } " may see it" }
                        ". "
                        (doc.units.len()) " units, " (doc.objectives.len()) " objectives, "
                        (doc.key_results.len()) " key results."
                    }
                }
                (themes(r))
                (priorities(r))
                (units(r, options))
                (alerts(r))
                (diagnostics(r))
                (dependencies(r))
                (lineage(r, options))
            }
        }
    }
}

/// A ratio as a whole percentage (`46%`), or `-` when there is none.
pub fn percent(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() => format!("{:.0}%", v * 100.0),
        _ => "-".to_string(),
    }
}

fn status_words(s: Status) -> &'static str {
    match s {
        Status::Done => "done",
        Status::OnTrack => "on track",
        Status::AtRisk => "at risk",
        Status::OffTrack => "off track",
        Status::Dropped => "dropped",
    }
}

fn bar(progress: Option<f64>, status: Option<Status>, partial: bool) -> Markup {
    let class = status.map_or("", Status::as_str);
    let width = progress
        .filter(|p| p.is_finite())
        .map_or(0.0, |p| p.clamp(0.0, 1.0) * 100.0);
    html! {
        span class=(format!("bar {class}")) { span style=(format!("width:{width:.1}%")) {} }
        " "
        span.pct data-progress=[progress] { (percent(progress)) @if partial { "*" } }
    }
}

fn status(s: Option<Status>) -> Markup {
    html! {
        @if let Some(s) = s { span class=(format!("status {}", s.as_str())) { (status_words(s)) } }
    }
}

/// A title, or a marker for a redacted item (in a view).
fn title_of(title: Option<&str>, redacted: bool) -> Markup {
    html! {
        @match (title, redacted) {
            (_, true) => span.hidden { "(hidden)" },
            (Some(t), false) => (t),
            (None, false) => "",
        }
    }
}

fn themes(r: &Results<'_>) -> Markup {
    let doc = r.cascade.document();
    html! {
        section id="themes" {
            h2 { "Themes" }
            @if doc.themes.is_empty() { p.hint { "The document has no themes." } } @else {
                table {
                    thead { tr { th { "Theme" } th { "Progress" } } }
                    tbody {
                        @for (i, t) in doc.themes.iter().enumerate() {
                            @let f = r.theme(i);
                            tr data-id=(t.id) {
                                td { span.id { (t.id) } " " (t.title) }
                                td.num { (bar(f.progress, None, f.partial)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The horizon of an item: its `due`, else (a KR) its objective's, else
/// the cycle's end.
fn horizon_of(r: &Results<'_>, item: ItemRef) -> Date {
    let doc = r.cascade.document();
    let own = match item {
        ItemRef::Objective(_) => doc.objectives.get(item.index()).and_then(|o| o.due),
        ItemRef::KeyResult(_) => doc.key_results.get(item.index()).and_then(|k| {
            k.due.or_else(|| {
                r.cascade
                    .objective_of(item)
                    .and_then(|o| doc.objectives.get(o.index()))
                    .and_then(|o| o.due)
            })
        }),
        _ => None,
    };
    own.unwrap_or(doc.cycle.end)
}

const W: f64 = 240.0;
const H: f64 = 90.0;
const PAD: f64 = 6.0;

/// One burn-up chart: the progress at each trend date, the elapsed line
/// from 0 at the start to 1 at the horizon, and the forecast band (a
/// wedge from the last point to [low, high] at the horizon) when the KR
/// has one.
fn burnup(r: &Results<'_>, kind: TrendKind, id: &str, label: &str, item: ItemRef) -> Markup {
    let Some(series) = r.trend.as_ref().and_then(|t| t.get(kind, id)) else {
        return html! {};
    };
    let doc = r.cascade.document();
    let start = doc.cycle.start;
    let span = doc.cycle.end.days_since(start).max(1) as f64;
    let x = |d: Date| PAD + (d.days_since(start) as f64 / span).clamp(0.0, 1.0) * (W - 2.0 * PAD);
    let y = |p: f64| H - PAD - p.clamp(0.0, 1.0) * (H - 2.0 * PAD);
    let horizon = horizon_of(r, item);
    let points = points(&series);
    let line: String = points
        .iter()
        .map(|(d, p)| format!("{:.1},{:.1}", x(*d), y(*p)))
        .collect::<Vec<_>>()
        .join(" ");
    let band = match (item, points.last()) {
        (ItemRef::KeyResult(_), Some(&(d, p))) => {
            let f: KeyResultFigures = r.key_result(item.index());
            match (f.forecast_low, f.forecast_high) {
                (Some(lo), Some(hi)) => Some(format!(
                    "{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                    x(d),
                    y(p),
                    x(horizon),
                    y(hi),
                    x(horizon),
                    y(lo)
                )),
                _ => None,
            }
        }
        _ => None,
    };
    let aria = format!(
        "{label}: progress at {} dates against the elapsed line",
        points.len()
    );
    html! {
        figure.burnup-card data-id=(id) {
            svg.burnup viewBox=(format!("0 0 {W} {H}")) width=(W) height=(H) role="img" aria-label=(aria) data-points=(points.len()) {
                rect.frame x=(PAD) y=(PAD) width=(W - 2.0 * PAD) height=(H - 2.0 * PAD) {}
                line.elapsed x1=(format!("{:.1}", x(start))) y1=(format!("{:.1}", y(0.0))) x2=(format!("{:.1}", x(horizon))) y2=(format!("{:.1}", y(1.0))) {}
                @if let Some(b) = band { polygon.band points=(b) {} }
                @if !line.is_empty() { polyline.progress points=(line) {} }
            }
            figcaption { span.id { (id) } " " (label) }
        }
    }
}

/// The points with a progress, in date order.
fn points(series: &Series<'_>) -> Vec<(Date, f64)> {
    series
        .iter()
        .filter_map(|p| p.progress.filter(|v| v.is_finite()).map(|v| (p.date, v)))
        .collect()
}

fn is_company(r: &Results<'_>, unit: &str) -> bool {
    r.cascade
        .document()
        .units
        .iter()
        .any(|u| u.kind == UnitKind::Company && u.id == unit)
}

fn priorities(r: &Results<'_>) -> Markup {
    let doc = r.cascade.document();
    let list: Vec<(usize, ItemRef)> = r
        .cascade
        .items(ItemKind::Objective)
        .enumerate()
        .filter(|(i, _)| {
            doc.objectives
                .get(*i)
                .is_some_and(|o| o.links.is_empty() && !o.redacted && is_company(r, &o.unit))
        })
        .collect();
    html! {
        section id="priorities" {
            h2 { "Company priorities" }
            @if list.is_empty() { p.hint { "No company priorities are visible." } }
            @for (i, item) in &list {
                @if let Some(o) = doc.objectives.get(*i) {
                    @let f = r.objective(*i);
                    details.priority data-id=(o.id) {
                        summary {
                            span.id { (o.id) } " " strong { (title_of(o.title.as_deref(), o.redacted)) } " "
                            (bar(f.progress, f.status, f.partial)) " " (status(f.status))
                            @if !o.themes.is_empty() { " " span.hint { "themes: " (o.themes.join(", ")) } }
                        }
                        div.charts {
                            (burnup(r, TrendKind::Objective, &o.id, o.title.as_deref().unwrap_or(""), *item))
                        }
                        (key_results(r, *item))
                    }
                }
            }
        }
    }
}

/// The key results of an objective: a table, then their charts.
fn key_results(r: &Results<'_>, objective: ItemRef) -> Markup {
    let doc = r.cascade.document();
    let krs: Vec<ItemRef> = r.cascade.key_results_of(objective).collect();
    html! {
        @if !krs.is_empty() {
            table.key-results {
                thead { tr { th { "Key result" } th { "Progress" } th { "Status" } th { "Forecast" } } }
                tbody {
                    @for k in &krs {
                        @if let Some(kr) = doc.key_results.get(k.index()) {
                            @let f = r.key_result(k.index());
                            tr data-id=(kr.id) {
                                td { span.id { (kr.id) } " " (title_of(kr.title.as_deref(), kr.redacted)) }
                                td.num { (bar(f.progress, f.status, f.partial)) }
                                td { (status(f.status)) }
                                td.num {
                                    (percent(f.forecast))
                                    @if let (Some(lo), Some(hi)) = (f.forecast_low, f.forecast_high) {
                                        " (" (percent(Some(lo))) "–" (percent(Some(hi))) ")"
                                    }
                                }
                            }
                        }
                    }
                }
            }
            div.charts {
                @for k in &krs {
                    @if let Some(kr) = doc.key_results.get(k.index()).filter(|kr| !kr.redacted) {
                        (burnup(r, TrendKind::KeyResult, &kr.id, kr.title.as_deref().unwrap_or(""), *k))
                    }
                }
            }
        }
    }
}

/// Above this many units the page lists them compactly (see
/// [`compact_units`]): a big document's page must open in a browser in
/// under two seconds, and per-unit `<details>` with tables cost ~40
/// elements a unit.
pub const COMPACT_UNITS: usize = 300;

/// Whether the page of this document uses the compact unit list.
fn is_compact(r: &Results<'_>) -> bool {
    r.cascade.document().units.len() > COMPACT_UNITS
}

fn units(r: &Results<'_>, options: &ReportOptions<'_>) -> Markup {
    if is_compact(r) {
        return compact_units(r, options);
    }
    let doc = r.cascade.document();
    html! {
        section id="units" {
            h2 { "Units" }
            @for (i, item) in r.cascade.items(ItemKind::Unit).enumerate() {
                @if let Some(u) = doc.units.get(i) {
                    @let f = r.unit(i);
                    @let name = u.name.as_deref().unwrap_or(&u.id);
                    details.unit data-id=(u.id) {
                        summary {
                            strong { (name) } " " span.id { "[" (u.id) ", " (r.cascade.name_of(item).noun) "]" } " "
                            (bar(f.progress, None, f.partial))
                        }
                        div.charts { (burnup(r, TrendKind::Unit, &u.id, name, item)) }
                        @let objectives: Vec<ItemRef> = r.cascade.objectives_of(item).collect();
                        @if !objectives.is_empty() {
                            table.objectives {
                                thead { tr { th { "Objective" } th { "Progress" } th { "Status" } } }
                                tbody {
                                    @for o in &objectives {
                                        @if let Some(obj) = doc.objectives.get(o.index()) {
                                            @let of = r.objective(o.index());
                                            tr data-id=(obj.id) {
                                                td { span.id { (obj.id) } " " (title_of(obj.title.as_deref(), obj.redacted)) }
                                                td.num { (bar(of.progress, of.status, of.partial)) }
                                                td { (status(of.status)) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn diagnostic_row(d: &Diagnostic) -> Markup {
    html! {
        tr data-code=(d.code.as_str()) {
            td { span class=(format!("sev-{}", d.severity.as_str())) { (d.code.as_str()) } }
            td.id { (d.subject) }
            td { (d.message) }
        }
    }
}

/// Rows shown per rule (and in the dependency tables): a big document's
/// tens of thousands of alerts would make a page no one can open; the
/// count stays exact.
pub const MAX_ROWS: usize = 100;

/// Diagnostics (or alerts) grouped by code: one `<details>` per rule with
/// its name, count and hint; open when it holds a few, so a big document's
/// hundreds of findings stay folded.
fn grouped(list: &[Diagnostic], what: &str) -> Markup {
    let mut groups: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in list {
        groups.entry(d.code.as_str()).or_default().push(d);
    }
    html! {
        @for (code, list) in &groups {
            @if let Some(first) = list.first() {
                details class=(what) data-code=(code) open[list.len() <= 5] {
                    summary {
                        strong class=(format!("sev-{}", first.severity.as_str())) { (code) } " "
                        span.rule { (first.rule) } " (" (list.len()) ")"
                    }
                    p.hint { (first.hint) }
                    table {
                        thead { tr { th { "Code" } th { "About" } th { "Message" } } }
                        tbody { @for d in list.iter().take(MAX_ROWS) { (diagnostic_row(d)) } }
                    }
                    @if list.len() > MAX_ROWS {
                        p.more { "... and " (list.len() - MAX_ROWS) " more; " code { "okr check" } " and " code { "okr alerts" } " list them all." }
                    }
                }
            }
        }
    }
}

fn alerts(r: &Results<'_>) -> Markup {
    html! {
        section id="alerts" {
            h2 { "Alerts (" (r.alerts.alerts.len()) ")" }
            @if r.alerts.alerts.is_empty() { p.hint { "No alerts (alerts need an as_of date)." } }
            (grouped(&r.alerts.alerts, "alert"))
        }
    }
}

fn diagnostics(r: &Results<'_>) -> Markup {
    let s = &r.report.summary;
    html! {
        section id="diagnostics" {
            h2 { "Diagnostics" }
            p.summary { (s.errors) " errors, " (s.warnings) " warnings, " (s.infos) " infos." }
            (grouped(&r.report.diagnostics, "rule"))
        }
    }
}

fn dependencies(r: &Results<'_>) -> Markup {
    let d = &r.deps;
    html! {
        section id="dependencies" {
            h2 { "Dependencies between units" }
            @if d.edges.is_empty() { p.hint { "No unit needs another." } } @else {
                table.edges {
                    thead { tr { th { "Unit" } th { "needs" } th { "Kind" } th { "Because of" } } }
                    tbody {
                        @for e in d.edges.iter().take(MAX_ROWS) {
                            tr { td { (e.from) } td { (e.to) } td { (e.kind.as_str()) } td.id { (e.via.join(", ")) } }
                        }
                    }
                }
                @if d.edges.len() > MAX_ROWS {
                    p.more { "... and " (d.edges.len() - MAX_ROWS) " more edges; " code { "okr deps" } " lists them all." }
                }
            }
            @if !d.shared.is_empty() {
                h3 { "Key results shared by many units (listed once)" }
                table.shared {
                    thead { tr { th { "Key result" } th { "Units" } } }
                    tbody { @for s in d.shared.iter().take(MAX_ROWS) { tr { td.id { (s.key_result) } td { (s.units.join(", ")) } } } }
                }
                @if d.shared.len() > MAX_ROWS {
                    p.more { "... and " (d.shared.len() - MAX_ROWS) " more; " code { "okr deps" } " lists them all." }
                }
            }
        }
    }
}

fn lineage(r: &Results<'_>, options: &ReportOptions<'_>) -> Markup {
    if is_compact(r) {
        return compact_lineage(r, options);
    }
    let doc = r.cascade.document();
    html! {
        section id="lineage" {
            h2 { "Lineage of every team" }
            @for u in doc.units.iter().filter(|u| u.kind == UnitKind::Team) {
                @if let Ok(l) = r.cascade.lineage_with_limits(&u.id, options.policy.limits()) {
                    details.lineage data-id=(u.id) data-traces=(l.traces) {
                        summary { strong { (u.name.as_deref().unwrap_or(&u.id)) } " " span.id { "[" (u.id) "]" } " "
                            @if l.traces { span.status.on_track { "traces" } } @else { span.status.off_track { "does not trace" } }
                        }
                        p { (l.answer) }
                    }
                }
            }
        }
    }
}

/// Units per block of the compact list: each block is laid out only when
/// it scrolls into view (`content-visibility: auto`).
const BLOCK: usize = 250;

/// Height of one row of the compact unit list, in CSS pixels (the blocks'
/// intrinsic size before they are laid out).
const ROW_PX: usize = 30;

/// The compact unit list of a big document: one grid row per unit (name,
/// id and kind; progress as a bar drawn by CSS; a burn-up sparkline, the
/// elapsed diagonal drawn by CSS; a team's lineage as its shortest path),
/// about six elements a unit, in blocks the browser lays out on scroll.
fn compact_units(r: &Results<'_>, options: &ReportOptions<'_>) -> Markup {
    let doc = r.cascade.document();
    let items: Vec<(usize, ItemRef)> = r.cascade.items(ItemKind::Unit).enumerate().collect();
    html! {
        section id="units" data-compact="true" {
            h2 { "Units (" (doc.units.len()) ")" }
            p.hint { "One row per unit: progress, the burn-up of its progress against the elapsed diagonal, and a team's lineage (its shortest path to a company priority; " code { "okr lineage FILE TEAM" } " says it in words)." }
            div.urow.uhead { span { "Unit" } span { "Progress" } span { "Burn-up" } span { "Lineage" } }
            @for block in items.chunks(BLOCK) {
                div.ublock style=(format!("contain-intrinsic-size:auto {}px", block.len() * ROW_PX)) {
                    @for (i, item) in block {
                        @if let Some(u) = doc.units.get(*i) {
                            @let f = r.unit(*i);
                            div.urow data-id=(u.id) {
                                span { (u.name.as_deref().unwrap_or(&u.id)) " " small { (u.id) ", " (r.cascade.name_of(*item).noun) } }
                                span.p style=(format!("--p:{:.1}%", f.progress.filter(|p| p.is_finite()).map_or(0.0, |p| p.clamp(0.0, 1.0) * 100.0))) data-progress=[f.progress] { (percent(f.progress)) @if f.partial { "*" } }
                                (spark(r, &u.id))
                                span.l { @if u.kind == UnitKind::Team { (path_of(r, &u.id, options)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

const SPARK_W: f64 = 160.0;
const SPARK_H: f64 = 24.0;

/// A unit's burn-up as one SVG polyline over the whole cycle (the elapsed
/// diagonal is the CSS background of `svg.spark`).
fn spark(r: &Results<'_>, id: &str) -> Markup {
    let Some(series) = r.trend.as_ref().and_then(|t| t.get(TrendKind::Unit, id)) else {
        return html! { svg.spark width=(SPARK_W) height=(SPARK_H) data-points="0" {} };
    };
    let doc = r.cascade.document();
    let start = doc.cycle.start;
    let span = doc.cycle.end.days_since(start).max(1) as f64;
    let points = points(&series);
    let line: Vec<String> = points
        .iter()
        .map(|(d, p)| {
            format!(
                "{:.0},{:.1}",
                (d.days_since(start) as f64 / span).clamp(0.0, 1.0) * SPARK_W,
                (1.0 - p.clamp(0.0, 1.0)) * SPARK_H
            )
        })
        .collect();
    html! {
        svg.spark width=(SPARK_W) height=(SPARK_H) data-points=(points.len()) {
            @if !line.is_empty() { polyline points=(line.join(" ")) {} }
        }
    }
}

/// A team's lineage in a few words: its shortest path (and how many more),
/// or that it does not trace.
fn path_of(r: &Results<'_>, team: &str, options: &ReportOptions<'_>) -> Markup {
    match r.cascade.lineage_with_limits(team, options.policy.limits()) {
        Ok(l) => match l.paths.first() {
            Some(p) if l.traces => html! {
                (p.join(" → "))
                @if l.paths.len() > 1 { " (+" (l.paths.len() - 1) ")" }
            },
            _ => html! { span.off { "does not trace" } },
        },
        Err(_) => html! {},
    }
}

/// Teams whose full lineage sentence the compact page shows: those that do
/// not trace (what a review must act on), at most this many.
pub const MAX_LINEAGE: usize = 100;

/// The lineage section of a big document: every team's path is in the unit
/// list; the sentences are given for the teams that do not trace.
fn compact_lineage(r: &Results<'_>, options: &ReportOptions<'_>) -> Markup {
    let doc = r.cascade.document();
    let teams: Vec<_> = doc
        .units
        .iter()
        .filter(|u| u.kind == UnitKind::Team)
        .collect();
    let lost: Vec<_> = teams
        .iter()
        .filter_map(|u| {
            r.cascade
                .lineage_with_limits(&u.id, options.policy.limits())
                .ok()
                .filter(|l| !l.traces)
                .map(|l| (*u, l))
        })
        .collect();
    html! {
        section id="lineage" data-compact="true" {
            h2 { "Lineage of every team" }
            p.hint { "Each of the " (teams.len()) " teams' shortest path to a company priority is in the unit list above. "
                (lost.len()) " teams do not trace"
                @if lost.is_empty() { "." } @else { ":" } }
            @for (u, l) in lost.iter().take(MAX_LINEAGE) {
                details.lineage data-id=(u.id) data-traces="false" {
                    summary { strong { (u.name.as_deref().unwrap_or(&u.id)) } " " span.id { "[" (u.id) "]" } " " span.status.off_track { "does not trace" } }
                    p { (l.answer) }
                }
            }
            @if lost.len() > MAX_LINEAGE {
                p.more { "... and " (lost.len() - MAX_LINEAGE) " more; " code { "okr lineage" } " answers each." }
            }
        }
    }
}

/// A compact summary of a cascade for notebooks (`Cascade._repr_html_`):
/// the cycle, the counts, and the company priorities with progress and
/// status under the cycle's `as_of` and the default policy.
pub fn summary_html(cascade: &Cascade) -> String {
    let doc = cascade.document();
    let rollup = cascade.rollup(&RollupOptions::default());
    html! {
        table.okr-cascade {
            caption { "Cascade " strong { (doc.cycle.id) } " (" (doc.cycle.start) " to " (doc.cycle.end)
                @if let Some(d) = doc.cycle.as_of { ", as of " (d) } ")" }
            tbody {
                tr { th { "units" } td { (doc.units.len()) } }
                tr { th { "objectives" } td { (doc.objectives.len()) } }
                tr { th { "key results" } td { (doc.key_results.len()) } }
                tr { th { "check-ins" } td { (doc.check_ins.len()) } }
            }
        }
        table.okr-priorities {
            thead { tr { th { "priority" } th { "title" } th { "progress" } th { "status" } } }
            tbody {
                @for (i, o) in doc.objectives.iter().enumerate() {
                    @if o.links.is_empty() && !o.redacted && doc.units.iter().any(|u| u.kind == UnitKind::Company && u.id == o.unit) {
                        @let f = objective_figures(&rollup, i);
                        tr { td { (o.id) } td { (o.title.as_deref().unwrap_or("")) } td { (percent(f.progress)) } td { (f.status.map_or("", Status::as_str)) } }
                    }
                }
            }
        }
    }
    .into_string()
}

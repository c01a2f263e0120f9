//! `okr trend` as text (company priorities and units, a sparkline each)
//! and as CSV in long format (date,kind,id,progress,status).

use okr_core::{Cascade, TrendById, TrendKind, TrendPoint, UnitKind};

use crate::input::Failure;

use super::percent;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One character per point: the progress as a bar, a space when null.
fn sparkline(points: &[TrendPoint]) -> String {
    points
        .iter()
        .map(|p| match p.progress {
            Some(v) if v.is_finite() => {
                let i = (v.clamp(0.0, 1.0) * 7.0).round() as usize;
                BARS.get(i).copied().unwrap_or('█')
            }
            _ => ' ',
        })
        .collect()
}

fn line(out: &mut String, label: &str, points: &[TrendPoint], width: usize) {
    let last = points.last();
    let status = last.and_then(|p| p.status).map_or("", |s| s.as_str());
    let row = format!(
        "  {label:<width$}  {}  {:>4}  {status}",
        sparkline(points),
        percent(last.and_then(|p| p.progress)),
    );
    out.push_str(row.trim_end());
    out.push('\n');
}

/// Company priorities (company objectives without links), then units.
pub fn text(cascade: &Cascade, trend: &TrendById<'_>) -> String {
    let doc = cascade.document();
    let company: Vec<&str> = doc
        .units
        .iter()
        .filter(|u| u.kind == UnitKind::Company)
        .map(|u| u.id.as_str())
        .collect();
    let dates = trend.trend().dates();
    let mut out = match (dates.first(), dates.last()) {
        (Some(first), Some(last)) => format!(
            "cycle {}: {} points from {first} to {last}\n",
            doc.cycle.id,
            dates.len()
        ),
        _ => format!("cycle {}\n", doc.cycle.id),
    };
    let priorities: Vec<(String, Vec<TrendPoint>)> = doc
        .objectives
        .iter()
        .filter(|o| company.contains(&o.unit.as_str()) && o.links.is_empty() && !o.redacted)
        .filter_map(|o| {
            let title = o.title.as_deref().unwrap_or("");
            trend
                .get(TrendKind::Objective, &o.id)
                .map(|s| (format!("{}  {}", o.id, title), s.to_vec()))
        })
        .collect();
    let units: Vec<(String, Vec<TrendPoint>)> = doc
        .units
        .iter()
        .filter_map(|u| {
            let name = u.name.as_deref().unwrap_or(&u.id);
            trend
                .get(TrendKind::Unit, &u.id)
                .map(|s| (format!("{name} [{}]", u.id), s.to_vec()))
        })
        .collect();
    let width = priorities
        .iter()
        .chain(&units)
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0)
        .min(70);
    let fit = |l: &str| -> String {
        if l.chars().count() > width {
            let mut s: String = l.chars().take(width.saturating_sub(3)).collect();
            s.push_str("...");
            s
        } else {
            l.to_string()
        }
    };
    out.push_str("\nCompany priorities\n");
    for (label, series) in &priorities {
        line(&mut out, &fit(label), series, width);
    }
    out.push_str("\nUnits\n");
    for (label, series) in &units {
        line(&mut out, &fit(label), series, width);
    }
    out
}

/// Long format: one row per item and date (header
/// `date,kind,id,progress,status`; null as an empty field), quoted by the
/// `csv` crate.
pub fn csv(trend: &TrendById<'_>) -> Result<String, Failure> {
    let fail = |e: csv::Error| Failure::new(format!("cannot write CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["date", "kind", "id", "progress", "status"])
        .map_err(fail)?;
    for kind in TrendKind::ALL {
        for (id, series) in trend.sorted(kind) {
            for p in series.iter() {
                let progress = p.progress.map(|v| v.to_string()).unwrap_or_default();
                let status = p.status.map_or("", |s| s.as_str());
                w.write_record([
                    p.date.to_string().as_str(),
                    kind.singular(),
                    id,
                    &progress,
                    status,
                ])
                .map_err(fail)?;
            }
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| Failure::new(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Failure::new(format!("cannot write CSV: {e}")))
}

//! `okr close` as text: the scorecard, objective by objective with its
//! key results below, scores on the 0-1 scale OKR reviews use, judgement
//! scores marked.

use okr_core::{Cascade, ItemRef, Scorecard, Status};

use super::{short_name, shorten};
use crate::style::Style;

/// Widest label column before titles are shortened.
const MAX_LABEL: usize = 72;

fn score_text(score: Option<f64>) -> String {
    match score {
        Some(v) if v.is_finite() => format!("{v:.2}"),
        _ => "-".to_string(),
    }
}

/// The scorecard.
pub fn text(cascade: &Cascade, card: &Scorecard, style: Style) -> String {
    let doc = cascade.document();
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for obj in &doc.objectives {
        let Some(s) = card.objectives.get(&obj.id) else {
            continue;
        };
        let mut note = Vec::new();
        if s.status == Some(Status::Dropped) {
            note.push("dropped".to_string());
        }
        rows.push((
            shorten(&short_name(cascade, &obj.id), MAX_LABEL),
            score_text(s.score),
            note.join("; "),
        ));
        let Some(item) = cascade.lookup(&obj.id) else {
            continue;
        };
        for k in cascade.key_results_of(item) {
            let ItemRef::KeyResult(_) = k else { continue };
            let Some(id) = cascade.id_of(k) else { continue };
            let Some(ks) = card.key_results.get(id) else {
                continue;
            };
            let mut note = Vec::new();
            if ks.judgement {
                note.push(format!(
                    "set by judgement (progress {})",
                    score_text(ks.progress)
                ));
            }
            if ks.status == Some(Status::Dropped) {
                note.push("dropped: not counted".to_string());
            }
            rows.push((
                format!("  {}", shorten(&short_name(cascade, id), MAX_LABEL - 2)),
                score_text(ks.score),
                note.join("; "),
            ));
        }
    }
    let width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let mut out = format!(
        "{}\n\n",
        style.bold(&format!(
            "Scorecard of {}: closing scores at {} (0 to 1)",
            doc.cycle.id, doc.cycle.end
        ))
    );
    for (label, score, note) in rows {
        let pad = width.saturating_sub(label.chars().count());
        let line = format!(
            "{label}{}  {score:>4}  {}",
            " ".repeat(pad),
            style.dim(&note)
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let scored: Vec<f64> = card.objectives.values().filter_map(|s| s.score).collect();
    if !scored.is_empty() {
        let mean = scored.iter().sum::<f64>() / scored.len() as f64;
        out.push_str(&format!(
            "\n{} scored, mean {:.2}; {} by judgement\n",
            count(scored.len(), "objective", "objectives"),
            mean,
            count(
                card.key_results.values().filter(|k| k.judgement).count(),
                "key result",
                "key results"
            )
        ));
    }
    out
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

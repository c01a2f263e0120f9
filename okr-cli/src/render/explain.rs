//! `okr explain` as text: a worked example. The sentence, then the rule
//! with its numbers, the inputs (one per line, with the ids to drill
//! into), the status rule and the forecast.

use okr_core::explain::{ExplainedFigures, Input, InputRole, SkipReason};
use okr_core::{Cascade, Explanation, Status};

use super::short_name;
use crate::style::Style;

/// A number with at most 4 decimals.
fn n(v: f64) -> String {
    let r = (v * 1e4).round() / 1e4;
    if r.is_finite() {
        format!("{r}")
    } else {
        format!("{v}")
    }
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(
        || "null".into(),
        |v| {
            let r = (v * 1000.0).round() / 10.0;
            format!("{}%", if r.is_finite() { r } else { v * 100.0 })
        },
    )
}

fn input_line(cascade: &Cascade, i: &Input) -> String {
    let mut parts: Vec<String> = Vec::new();
    match i.role {
        InputRole::CheckIn => {
            parts.push(format!(
                "check-in of {}: value {}",
                i.date.map(|d| d.to_string()).unwrap_or_default(),
                i.value.map(n).unwrap_or_default()
            ));
            if let Some(c) = i.confidence {
                parts.push(format!("confidence {}", n(c)));
            }
        }
        InputRole::MetricCurrent => {
            parts.push(format!(
                "metric.current: value {}",
                i.value.map(n).unwrap_or_default()
            ));
        }
        InputRole::NoValue => parts.push("no check-in and no metric.current".into()),
        InputRole::Part => {
            parts.push(format!("part {}", short_name(cascade, &i.id)));
            if let Some(v) = i.value {
                parts.push(format!("value {}", n(v)));
            }
            if i.counted_start {
                parts.push("no value yet: counts its start".into());
            }
        }
        InputRole::Child | InputRole::KeyResult | InputRole::Objective => {
            parts.push(short_name(cascade, &i.id));
            if let Some(w) = i.weight {
                parts.push(format!("weight {}", n(w)));
            }
            parts.push(format!("progress {}", pct(i.progress)));
        }
        InputRole::DependsOn => {
            parts.push(format!("depends on {}", short_name(cascade, &i.id)));
            parts.push(format!("progress {}", pct(i.progress)));
            parts.push(match i.status {
                Some(s @ Status::OffTrack) => format!("{}: blocks the subject", s.words()),
                Some(s @ Status::Dropped) => format!("{}: off the board", s.words()),
                Some(s) => s.words().to_string(),
                None => "no status".to_string(),
            });
        }
    }
    if let Some(s) = i.skipped {
        parts.push(match (s, i.dropped) {
            (SkipReason::Null, _) => "skipped: no progress".into(),
            (SkipReason::Hidden, _) => "skipped: hidden in this view".into(),
            (SkipReason::Cycle, _) => "skipped: in a cycle with the subject".into(),
            (SkipReason::UnknownValue, _) => "no value: the sum is unknown".into(),
            (SkipReason::Dropped, Some(d)) => format!("skipped: dropped on {d}"),
            (SkipReason::Dropped, None) => "skipped: dropped".into(),
        });
    }
    parts.join(", ")
}

/// The explanation as text.
pub fn explain(cascade: &Cascade, e: &Explanation, style: Style) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{}\n",
        style.bold(&short_name(cascade, &e.subject))
    ));
    out.push_str(&format!("{}\n\n", e.text));
    let figures = match &e.figures {
        ExplainedFigures::KeyResult(f) => format!(
            "progress {}, raw {}, status {}, forecast {}{}",
            pct(f.progress),
            pct(f.raw),
            f.status.map_or("null", |s| s.as_str()),
            pct(f.forecast),
            if f.partial { ", partial" } else { "" }
        ),
        ExplainedFigures::Objective(f) => format!(
            "progress {}, status {}{}",
            pct(f.progress),
            f.status.map_or("null", |s| s.as_str()),
            if f.partial { ", partial" } else { "" }
        ),
        ExplainedFigures::Mean(f) => format!(
            "progress {}{}",
            pct(f.progress),
            if f.partial { ", partial" } else { "" }
        ),
        ExplainedFigures::Mandate(f) => format!(
            "{}, status {}",
            if f.met { "met" } else { "not met" },
            f.status.map_or("null", |s| s.as_str())
        ),
    };
    out.push_str(&format!("  {}  {figures}\n", style.dim("figures ")));
    out.push_str(&format!(
        "  {}  {}\n",
        style.dim("rule    "),
        e.rule.formula
    ));
    if !e.inputs.is_empty() {
        out.push_str(&format!("  {}\n", style.dim("inputs")));
        for i in &e.inputs {
            out.push_str(&format!("    - {}\n", input_line(cascade, i)));
        }
    }
    if let Some(s) = &e.status_rule {
        out.push_str(&format!("  {}  {}\n", style.dim("status  "), s.text));
    }
    if let Some(score) = &e.score {
        out.push_str(&format!(
            "  {}  {} (closing score set by judgement, not computed)\n",
            style.dim("score   "),
            n(score.value)
        ));
    }
    if let Some(f) = &e.forecast_rule {
        let points: Vec<String> = f
            .points
            .iter()
            .map(|p| format!("day {}: {}", p.days, n(p.value)))
            .collect();
        let how = match f.slope {
            Some(slope) => format!(
                "least squares through {} ({} a day)",
                points.join(", "),
                n(slope)
            ),
            None => "the sum of the parts' lines".into(),
        };
        out.push_str(&format!(
            "  {}  {how}; at day {} the value is {}, progress {}\n",
            style.dim("forecast"),
            f.horizon_days,
            n(f.value_at_end),
            pct(f.progress)
        ));
    }
    out
}

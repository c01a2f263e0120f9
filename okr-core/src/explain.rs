//! Explain: where every number comes from. For a KR, objective, theme,
//! unit or mandate, the figures (read from the rollup, so equal to it by
//! construction), the rule that made them with its numbers, the inputs one
//! level deep (with ids to drill into), the status rule, the forecast, and
//! one plain sentence.
//!
//! Every number here comes from the rollup's own functions (the current
//! value's source, the metric formula, the pace rule, the least-squares
//! line, the parts' values); this module only lays them out.

use serde::Serialize;

use crate::date::Date;
use crate::describe::describe;
use crate::document::{Metric, Source};
use crate::error::Error;
use crate::index::{ItemRef, Items, KrIx, MandateIx, Node, ObjIx, ThemeIx, UnitIx};
use crate::policy::ObjectiveStatus;
use crate::rollup::{
    metric_progress, CurrentSource, Engine, KeyResultFigures, MandateFigures, MeanFigures,
    ObjectiveFigures, Rollup, Status,
};

/// What kind of item an explanation is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ExplainedKind {
    /// A key result.
    KeyResult,
    /// An objective.
    Objective,
    /// A theme.
    Theme,
    /// A unit.
    Unit,
    /// A mandate.
    Mandate,
}

/// The figures explained: exactly the rollup's for the item.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum ExplainedFigures {
    /// A key result's figures.
    KeyResult(KeyResultFigures),
    /// An objective's figures.
    Objective(ObjectiveFigures),
    /// A theme's or a unit's figures.
    Mean(MeanFigures),
    /// A mandate's health.
    Mandate(MandateFigures),
}

/// Which rule made the figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// A KR's own metric formula on its current value.
    Metric,
    /// `source: children`: the link-weighted mean of the linking objectives.
    Children,
    /// `source: parts`: the sum of the parts' values, then the formula.
    Parts,
    /// An objective: the KR-weighted mean of its KRs.
    WeightedMean,
    /// A theme or a unit: the plain mean of its objectives.
    PlainMean,
    /// A mandate: met or not.
    Mandate,
    /// Hidden in this view: no figure.
    Hidden,
}

/// The rule that made the figure, with its numbers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Rule {
    /// Which rule.
    pub kind: RuleKind,
    /// The formula with its numbers, such as `(16 - 12) / (20 - 12) = 0.5`.
    pub formula: String,
}

/// The role an input plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum InputRole {
    /// The check-in that gave the current value (`id`: its KR).
    CheckIn,
    /// The metric's own `current` gave the current value (`id`: the KR).
    MetricCurrent,
    /// There is no current value (`id`: the KR).
    NoValue,
    /// An objective linking directly to a `source: children` KR.
    Child,
    /// A part of a whole.
    Part,
    /// A KR of an objective.
    KeyResult,
    /// An objective of a theme or unit.
    Objective,
    /// An item the subject `depends_on` (it does not move the figures;
    /// its `status` says whether it blocks).
    DependsOn,
}

/// Why a member did not count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Its progress is null.
    Null,
    /// Hidden in this view.
    Hidden,
    /// In a cycle with the subject.
    Cycle,
    /// A threshold part without a value: the sum is unknown.
    UnknownValue,
    /// Taken off the board (`dropped` on or before `as_of`): its own
    /// figures stand, but no other mean counts it.
    Dropped,
}

/// One input, one level deep: drill down with its `id`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Input {
    /// The item (a check-in: its KR).
    pub id: String,
    /// What it is to the subject.
    pub role: InputRole,
    /// A check-in's date.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(type = "string | null", optional))]
    pub date: Option<Date>,
    /// A value (a check-in's, `metric.current`, a part's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// A check-in's confidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// Its weight in the mean.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// Its progress.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<f64>,
    /// A part without a value counted its `start`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub counted_start: bool,
    /// Why it did not count, when it did not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<SkipReason>,
    /// When it was dropped, for a member skipped as dropped.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(type = "string | null", optional))]
    pub dropped: Option<Date>,
    /// A dependency's status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
}

impl Input {
    fn new(id: &str, role: InputRole) -> Input {
        Input {
            id: id.to_string(),
            role,
            date: None,
            value: None,
            confidence: None,
            weight: None,
            progress: None,
            counted_start: false,
            skipped: None,
            dropped: None,
            status: None,
        }
    }
}

/// Which status rule applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum StatusRuleKind {
    /// Progress against elapsed time.
    Pace,
    /// A threshold (stay_above/below KR, mandate): met or not.
    Threshold,
    /// An objective under `objective_status: weakest`: its worst KR.
    Weakest,
    /// The item is dropped: status `dropped`, whatever its progress.
    Dropped,
}

/// How the status was set.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct StatusRule {
    /// Which rule.
    pub rule: StatusRuleKind,
    /// The status it gave.
    pub status: Option<Status>,
    /// Share of the cycle elapsed at `as_of`.
    pub elapsed: Option<f64>,
    /// Progress from which the status is on_track (elapsed - margin).
    pub on_track_from: Option<f64>,
    /// Progress from which the status is at_risk (elapsed - margin).
    pub at_risk_from: Option<f64>,
    /// The rule in words, with its numbers.
    pub text: String,
}

/// One point of a forecast line: one per date.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ForecastPoint {
    /// The check-in date.
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub date: Date,
    /// Days since the cycle's start.
    pub days: i64,
    /// The value (the later check-in of the date).
    pub value: f64,
}

/// How the forecast was made.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct ForecastRule {
    /// The points fitted (empty for a whole: its parts' lines are summed).
    pub points: Vec<ForecastPoint>,
    /// Value per day (null for a whole).
    pub slope: Option<f64>,
    /// Days from the cycle's start to its end.
    pub horizon_days: i64,
    /// The line's value (a whole: the sum of its parts' lines) at the end.
    pub value_at_end: f64,
    /// That value through the metric's formula, clamped: the forecast.
    pub progress: Option<f64>,
}

/// Where a figure comes from. Shape: `{"subject", "kind", "figures",
/// "rule", "inputs", "status_rule", "forecast_rule", "text"}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
pub struct Explanation {
    /// The id explained.
    pub subject: String,
    /// Its kind.
    pub kind: ExplainedKind,
    /// The rollup's figures for it.
    pub figures: ExplainedFigures,
    /// The rule that made them.
    pub rule: Rule,
    /// The inputs, one level deep.
    pub inputs: Vec<Input>,
    /// How the status was set (null without `as_of` or status).
    pub status_rule: Option<StatusRule>,
    /// How the forecast was made (null without one).
    pub forecast_rule: Option<ForecastRule>,
    /// A KR's closing score, set by judgement (omitted when it has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(optional))]
    pub score: Option<JudgedScore>,
    /// One plain sentence.
    pub text: String,
}

/// A closing score set by a person, not computed: `{"value": 0.7,
/// "set_by": "judgement"}`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct JudgedScore {
    /// The score, 0 to 1.
    pub value: f64,
    /// Always `"judgement"`: the score is set by a person at the cycle's
    /// end, never derived from progress.
    #[cfg_attr(feature = "tsify", tsify(type = "\"judgement\""))]
    pub set_by: &'static str,
}

impl Explanation {
    /// The explanation as JSON.
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string(self).map_err(|e| Error::Output(e.to_string()))
    }
}

/// A number as people read it in a formula: at most 4 decimals.
pub(crate) fn n(v: f64) -> String {
    let r = (v * 1e4).round() / 1e4;
    crate::rules::num(if r.is_finite() { r } else { v })
}

/// A share as a percentage with at most one decimal.
fn pct(v: f64) -> String {
    let r = (v * 1000.0).round() / 10.0;
    format!(
        "{}%",
        crate::rules::num(if r.is_finite() { r } else { v * 100.0 })
    )
}

fn status_words(s: Option<Status>) -> &'static str {
    s.map_or("without a status", Status::words)
}

/// "a + b + c", at most 12 terms shown.
fn joined(terms: &[String], sep: &str) -> String {
    if terms.len() > 12 {
        let shown: Vec<&str> = terms.iter().take(12).map(String::as_str).collect();
        format!("{}{sep}... ({} more)", shown.join(sep), terms.len() - 12)
    } else {
        terms.join(sep)
    }
}

/// Explains `id` from a rollup computed from this engine's cascade.
pub(crate) fn explain(e: &Engine<'_>, r: &Rollup, id: &str) -> Result<Explanation, Error> {
    let item = e.ix.ids.get(e.doc, id);
    let x = Explainer { e, r };
    match item {
        Some(ItemRef::KeyResult(k)) => Ok(x.key_result(k)),
        Some(ItemRef::Objective(o)) => Ok(x.objective(o)),
        Some(ItemRef::Theme(t)) => Ok(x.theme(t)),
        Some(ItemRef::Unit(u)) => Ok(x.unit(u)),
        Some(ItemRef::Mandate(m)) => Ok(x.mandate(m)),
        Some(other) => Err(Error::UnknownId {
            id: id.to_string(),
            expected: format!(
                "it names a {}; explain takes a key result, objective, theme, unit or mandate",
                other.kind().noun()
            ),
        }),
        None => Err(Error::UnknownId {
            id: id.to_string(),
            expected: "no key result, objective, theme, unit or mandate has this id".into(),
        }),
    }
}

struct Explainer<'a, 'e> {
    e: &'a Engine<'e>,
    r: &'a Rollup,
}

impl Explainer<'_, '_> {
    fn id(&self, item: ItemRef) -> &str {
        crate::index::id_of(self.e.doc, item)
    }

    fn name(&self, item: ItemRef) -> String {
        describe(self.e.doc, item)
    }

    /// The items `item` depends on, as inputs after its own, and a
    /// sentence naming them with their status ("It depends on key result
    /// KR9 ... of team platform, which is off track (20%)."): a blocker
    /// is what a reader of the figure needs to know next.
    fn dependencies(&self, item: Node, inputs: &mut Vec<Input>, text: &mut String) {
        let (e, r) = (self.e, self.r);
        let deps = match item {
            Node::Objective(o) => e.ix.obj_depends.get(o),
            Node::KeyResult(k) => e.ix.kr_depends.get(k),
        };
        let mut said = Vec::new();
        for &d in deps {
            let (progress, status) = match d {
                Node::Objective(o) => (r.objective(o).progress, r.objective(o).status),
                Node::KeyResult(k) => (r.kr(k).progress, r.kr(k).status),
            };
            let dref = ItemRef::from(d);
            if inputs
                .iter()
                .any(|i| i.role == InputRole::DependsOn && i.id == self.id(dref))
            {
                continue;
            }
            inputs.push(Input {
                progress,
                status,
                ..Input::new(self.id(dref), InputRole::DependsOn)
            });
            let mut name = self.name(dref);
            if let Some(u) = crate::dependencies::node_unit(e.ix, d) {
                name.push_str(&format!(" of {}", describe(e.doc, ItemRef::Unit(u))));
            }
            let at = progress.map_or_else(String::new, |p| format!(" ({})", pct(p)));
            said.push(format!("{name}, which is {}{at}", status_words(status)));
        }
        if !said.is_empty() {
            text.push_str(&format!(" It depends on {}.", said.join("; and on ")));
        }
    }

    fn pace_rule(&self, progress: f64, status: Option<Status>) -> Option<StatusRule> {
        let elapsed = self.r.elapsed?;
        let o = self.r.options();
        let (on, risk) = (elapsed - o.on_track_margin(), elapsed - o.at_risk_margin());
        let text = format!(
            "{} of the cycle has elapsed: done at 100%, on track from {} ({} - {}), at risk \
             from {} ({} - {}), else off track; progress {} is {}.",
            pct(elapsed),
            pct(on),
            pct(elapsed),
            pct(o.on_track_margin()),
            pct(risk),
            pct(elapsed),
            pct(o.at_risk_margin()),
            pct(progress),
            status_words(status)
        );
        Some(StatusRule {
            rule: StatusRuleKind::Pace,
            status,
            elapsed: Some(elapsed),
            on_track_from: Some(on),
            at_risk_from: Some(risk),
            text,
        })
    }

    /// The status rule of a dropped item: dropped on `date`.
    fn dropped_rule(&self, date: Date, how: &str) -> StatusRule {
        let when = match self.r.as_of {
            Some(as_of) => format!(" (on or before {as_of})"),
            None => " (without as_of, every dropped date counts)".into(),
        };
        StatusRule {
            rule: StatusRuleKind::Dropped,
            status: Some(Status::Dropped),
            elapsed: self.r.elapsed,
            on_track_from: None,
            at_risk_from: None,
            text: if how.is_empty() {
                format!(
                    "It was dropped on {date}{when}: its status is dropped; its own figures \
                     still stand, but no other mean counts it."
                )
            } else {
                format!(
                    "It was dropped on {date}{how}{when}: its status is dropped; its own \
                     figures still stand, and only its dropped objective's own mean counts it."
                )
            },
        }
    }

    fn threshold_rule(&self, met: bool, status: Option<Status>) -> Option<StatusRule> {
        self.r.elapsed.map(|elapsed| StatusRule {
            rule: StatusRuleKind::Threshold,
            status,
            elapsed: Some(elapsed),
            on_track_from: None,
            at_risk_from: None,
            text: format!(
                "A threshold is on track when met, else off track (never done): it is {}, so {}.",
                if met { "met" } else { "not met" },
                status_words(status)
            ),
        })
    }

    fn key_result(&self, k: KrIx) -> Explanation {
        let (e, r) = (self.e, self.r);
        let kr = e.doc.key_result(k);
        let fig = *r.kr(k);
        let me = ItemRef::KeyResult(k);
        let name = self.name(me);
        let mut inputs = Vec::new();
        let mut forecast_rule = None;
        let metric = kr.metric.as_ref();
        let (rule, status_rule) = match (kr.redacted, kr.source, metric) {
            (true, _, _) | (false, _, None) => (
                Rule {
                    kind: RuleKind::Hidden,
                    formula: "hidden in this view: no figures".into(),
                },
                None,
            ),
            (false, Source::Metric, Some(m)) => {
                let current = match e.current_source(k, r.as_of) {
                    CurrentSource::CheckIn(i) => {
                        let c = e.doc.check_in(i);
                        inputs.push(Input {
                            date: Some(c.date),
                            value: Some(c.value),
                            confidence: c.confidence,
                            ..Input::new(&kr.id, InputRole::CheckIn)
                        });
                        Some(c.value)
                    }
                    CurrentSource::Metric(v) => {
                        inputs.push(Input {
                            value: Some(v),
                            ..Input::new(&kr.id, InputRole::MetricCurrent)
                        });
                        Some(v)
                    }
                    CurrentSource::None => {
                        inputs.push(Input::new(&kr.id, InputRole::NoValue));
                        None
                    }
                };
                let formula = formula(m, current);
                forecast_rule = self.line_rule(k, m, fig.forecast);
                let status_rule = if m.is_threshold() {
                    self.threshold_rule(fig.progress.is_some_and(|p| p >= 1.0), fig.status)
                } else {
                    fig.progress.and_then(|p| self.pace_rule(p, fig.status))
                };
                (
                    Rule {
                        kind: RuleKind::Metric,
                        formula,
                    },
                    status_rule,
                )
            }
            (false, Source::Children, Some(_)) => {
                let mut terms = Vec::new();
                let mut weights = Vec::new();
                for &l in e.ix.kr_direct_links.get(k) {
                    let o = e.ix.link_owner[l];
                    let f = r.objective(o);
                    let w = e.ix.link(e.doc, l).weight();
                    let skipped =
                        if e.plan.cycles && e.ix.same_scc(Node::KeyResult(k), Node::Objective(o)) {
                            Some(SkipReason::Cycle)
                        } else if e.doc.objective(o).redacted {
                            Some(SkipReason::Hidden)
                        } else if e.plan.obj_is_dropped(o, r.as_of) {
                            Some(SkipReason::Dropped)
                        } else if f.progress.is_none() {
                            Some(SkipReason::Null)
                        } else {
                            None
                        };
                    if let (None, Some(p)) = (skipped, f.progress) {
                        terms.push(format!("{} x {}", n(w), n(p)));
                        weights.push(n(w));
                    }
                    inputs.push(Input {
                        weight: Some(w),
                        progress: f.progress,
                        skipped,
                        dropped: skipped
                            .filter(|&s| s == SkipReason::Dropped)
                            .and(e.plan.obj_dropped[o]),
                        ..Input::new(self.id(ItemRef::Objective(o)), InputRole::Child)
                    });
                }
                let p = fig.progress.unwrap_or(0.0);
                let formula = if terms.is_empty() {
                    "no usable child: progress 0".to_string()
                } else {
                    format!(
                        "({}) / ({}) = {}",
                        joined(&terms, " + "),
                        joined(&weights, " + "),
                        n(p)
                    )
                };
                (
                    Rule {
                        kind: RuleKind::Children,
                        formula,
                    },
                    self.pace_rule(p, fig.status),
                )
            }
            (false, Source::Parts, Some(m)) => {
                let mut terms = Vec::new();
                for &p in e.ix.kr_parts.get(k) {
                    let v = e.part_value(r, p);
                    let part = e.doc.key_result(p);
                    let skipped =
                        if e.plan.cycles && e.ix.same_scc(Node::KeyResult(k), Node::KeyResult(p)) {
                            Some(SkipReason::Cycle)
                        } else if v.hidden {
                            Some(SkipReason::Hidden)
                        } else if v.value.is_none() {
                            Some(SkipReason::UnknownValue)
                        } else {
                            None
                        };
                    let counted_start = skipped.is_none()
                        && !e.plan.kr_whole[p]
                        && e.current_value(p, r.as_of).is_none();
                    if let (None, Some(x)) = (skipped, v.value) {
                        terms.push(n(x));
                    }
                    inputs.push(Input {
                        value: v.value,
                        progress: r.kr(p).progress,
                        counted_start,
                        skipped,
                        ..Input::new(&part.id, InputRole::Part)
                    });
                }
                let sum = r.sum(k);
                let formula = match sum.current() {
                    Some(total) => format!(
                        "sum of the parts: {} = {}; {}",
                        joined(&terms, " + "),
                        n(total),
                        formula(m, Some(total))
                    ),
                    None if sum.hidden => "a part is hidden in this view: no figures".into(),
                    None if sum.count == 0 => "no parts: the sum is unknown, progress 0".into(),
                    None => "a part has no value: the sum is unknown, progress 0".into(),
                };
                if let (Some(at_end), Some(f)) = (sum.line(), fig.forecast) {
                    forecast_rule = Some(ForecastRule {
                        points: Vec::new(),
                        slope: None,
                        horizon_days: e.doc.cycle.end.days_since(e.doc.cycle.start),
                        value_at_end: at_end,
                        progress: Some(f),
                    });
                }
                let status_rule = fig.progress.and_then(|p| self.pace_rule(p, fig.status));
                (
                    Rule {
                        kind: RuleKind::Parts,
                        formula,
                    },
                    status_rule,
                )
            }
        };
        let mut status_rule = status_rule;
        let mut dropped_note = String::new();
        if fig.status == Some(Status::Dropped) {
            let own = e.plan.kr_dropped_own[k].filter(|&d| Some(d) == e.plan.kr_dropped[k]);
            let how = match (own, e.ix.kr_objective[k]) {
                (None, Some(o)) => {
                    format!(" with its objective {}", self.id(ItemRef::Objective(o)))
                }
                _ => String::new(),
            };
            if let Some(d) = e.plan.kr_dropped[k] {
                status_rule = Some(self.dropped_rule(d, &how));
                dropped_note = format!(" It was dropped on {d}{how}.");
            }
        }
        let score = kr.score.map(|value| JudgedScore {
            value,
            set_by: "judgement",
        });
        let score_note = score.map_or_else(String::new, |s| {
            format!(" Its closing score, {}, is set by judgement.", n(s.value))
        });
        let value = |p: Option<f64>| p.map_or_else(|| "no progress".to_string(), pct);
        let how = match rule.kind {
            RuleKind::Hidden => "it is hidden in this view".to_string(),
            RuleKind::Children => "the weighted mean of the objectives linking to it".into(),
            RuleKind::Parts => format!("the sum of its {} parts", e.ix.kr_parts.get(k).len()),
            _ => match inputs.first().map(|i| (i.role, i.date, i.value)) {
                Some((InputRole::CheckIn, Some(d), Some(v))) => {
                    format!("its check-in of {d} ({})", n(v))
                }
                Some((InputRole::MetricCurrent, _, Some(v))) => {
                    format!("its current value {}", n(v))
                }
                _ => "no current value yet".into(),
            },
        };
        let mut text = format!(
            "{} is at {}, {}, from {}.{dropped_note}{score_note}",
            crate::rules::cap(&name),
            value(fig.progress),
            status_words(fig.status),
            how
        );
        self.dependencies(Node::KeyResult(k), &mut inputs, &mut text);
        Explanation {
            subject: kr.id.clone(),
            kind: ExplainedKind::KeyResult,
            figures: ExplainedFigures::KeyResult(fig),
            rule,
            inputs,
            status_rule,
            forecast_rule,
            score,
            text,
        }
    }

    /// The least-squares forecast of a metric KR, from the rollup's line.
    fn line_rule(&self, k: KrIx, m: &Metric, forecast: Option<f64>) -> Option<ForecastRule> {
        let e = self.e;
        if !m.is_trend() {
            return None;
        }
        let line = e.line(k, self.r.as_of)?;
        let start = e.doc.cycle.start;
        let cis = e.ix.check_ins_of(e.doc, k);
        let mut points: Vec<ForecastPoint> = Vec::new();
        for &i in cis.iter() {
            let c = e.doc.check_in(i);
            if self.r.as_of.is_some_and(|d| c.date > d) {
                continue;
            }
            // One point per date, the later check-in winning.
            if points.last().is_some_and(|p| p.date == c.date) {
                points.pop();
            }
            points.push(ForecastPoint {
                date: c.date,
                days: c.date.days_since(start),
                value: c.value,
            });
        }
        Some(ForecastRule {
            points,
            slope: Some(line.slope),
            horizon_days: e.doc.cycle.end.days_since(start),
            value_at_end: line.at_end,
            progress: forecast,
        })
    }

    fn objective(&self, o: ObjIx) -> Explanation {
        let (e, r) = (self.e, self.r);
        let fig = *r.objective(o);
        let me = ItemRef::Objective(o);
        let mut inputs = Vec::new();
        let mut terms = Vec::new();
        let mut weights = Vec::new();
        for &k in e.ix.obj_krs.get(o) {
            let f = r.kr(k);
            let w = e.plan.kr_weight[k];
            let skipped = if e.plan.cycles && e.ix.same_scc(Node::KeyResult(k), Node::Objective(o))
            {
                Some(SkipReason::Cycle)
            } else if e.plan.kr_redacted[k] {
                Some(SkipReason::Hidden)
            } else if e.plan.kr_is_dropped_own(k, r.as_of) {
                Some(SkipReason::Dropped)
            } else if f.progress.is_none() {
                Some(SkipReason::Null)
            } else {
                None
            };
            if let (None, Some(p)) = (skipped, f.progress) {
                terms.push(format!("{} x {}", n(w), n(p)));
                weights.push(n(w));
            }
            inputs.push(Input {
                weight: Some(w),
                progress: f.progress,
                skipped,
                dropped: skipped
                    .filter(|&s| s == SkipReason::Dropped)
                    .and(e.plan.kr_dropped_own[k]),
                ..Input::new(self.id(ItemRef::KeyResult(k)), InputRole::KeyResult)
            });
        }
        let formula = match fig.progress {
            Some(p) if !terms.is_empty() => format!(
                "({}) / ({}) = {}",
                joined(&terms, " + "),
                joined(&weights, " + "),
                n(p)
            ),
            _ => "no key result with progress: null".into(),
        };
        let dropped_on = e.plan.obj_dropped[o].filter(|_| fig.status == Some(Status::Dropped));
        let status_rule = match (r.options().objective_status(), fig.progress) {
            _ if dropped_on.is_some() => dropped_on.map(|d| self.dropped_rule(d, "")),
            (ObjectiveStatus::Weakest, Some(_)) => r.elapsed.map(|elapsed| StatusRule {
                rule: StatusRuleKind::Weakest,
                status: fig.status,
                elapsed: Some(elapsed),
                on_track_from: None,
                at_risk_from: None,
                text: format!(
                    "The objective takes the worst status among its key results (done > on \
                     track > at risk > off track): {}.",
                    status_words(fig.status)
                ),
            }),
            (ObjectiveStatus::Pace, Some(p)) => self.pace_rule(p, fig.status),
            _ => None,
        };
        let counted = inputs.iter().filter(|i| i.skipped.is_none()).count();
        let mut text = format!(
            "{} is at {}, {}, the weighted mean of {} of its {} key results{}.{}",
            crate::rules::cap(&self.name(me)),
            fig.progress.map_or_else(|| "no progress".to_string(), pct),
            status_words(fig.status),
            counted,
            inputs.len(),
            dropped_members(&inputs),
            dropped_on.map_or_else(String::new, |d| format!(" It was dropped on {d}."))
        );
        self.dependencies(Node::Objective(o), &mut inputs, &mut text);
        Explanation {
            subject: self.id(me).to_string(),
            kind: ExplainedKind::Objective,
            figures: ExplainedFigures::Objective(fig),
            rule: Rule {
                kind: RuleKind::WeightedMean,
                formula,
            },
            inputs,
            status_rule,
            forecast_rule: None,
            score: None,
            text,
        }
    }

    fn plain(
        &self,
        me: ItemRef,
        kind: ExplainedKind,
        fig: MeanFigures,
        members: &[ObjIx],
    ) -> Explanation {
        let (e, r) = (self.e, self.r);
        let mut inputs = Vec::new();
        let mut terms = Vec::new();
        for &o in members {
            let f = r.objective(o);
            let skipped = if e.plan.obj_redacted[o] {
                Some(SkipReason::Hidden)
            } else if e.plan.obj_is_dropped(o, r.as_of) {
                Some(SkipReason::Dropped)
            } else if f.progress.is_none() {
                Some(SkipReason::Null)
            } else {
                None
            };
            if let (None, Some(p)) = (skipped, f.progress) {
                terms.push(n(p));
            }
            inputs.push(Input {
                progress: f.progress,
                skipped,
                dropped: skipped
                    .filter(|&s| s == SkipReason::Dropped)
                    .and(e.plan.obj_dropped[o]),
                ..Input::new(self.id(ItemRef::Objective(o)), InputRole::Objective)
            });
        }
        let formula = match fig.progress {
            Some(p) if !terms.is_empty() => {
                format!("({}) / {} = {}", joined(&terms, " + "), terms.len(), n(p))
            }
            _ => "no objective with progress: null".into(),
        };
        let whose = match kind {
            ExplainedKind::Theme => "company objectives tagged with it",
            _ => "objectives",
        };
        let of = match kind {
            ExplainedKind::Theme => "the",
            _ => "its",
        };
        let text = format!(
            "{} is at {}, the plain mean of {} of {of} {} {}{}.",
            crate::rules::cap(&self.name(me)),
            fig.progress.map_or_else(|| "no progress".to_string(), pct),
            terms.len(),
            inputs.len(),
            whose,
            dropped_members(&inputs)
        );
        Explanation {
            subject: self.id(me).to_string(),
            kind,
            figures: ExplainedFigures::Mean(fig),
            rule: Rule {
                kind: RuleKind::PlainMean,
                formula,
            },
            inputs,
            status_rule: None,
            forecast_rule: None,
            score: None,
            text,
        }
    }

    fn theme(&self, t: ThemeIx) -> Explanation {
        self.plain(
            ItemRef::Theme(t),
            ExplainedKind::Theme,
            *self.r.theme(t),
            self.e.ix.theme_objectives.get(t),
        )
    }

    fn unit(&self, u: UnitIx) -> Explanation {
        self.plain(
            ItemRef::Unit(u),
            ExplainedKind::Unit,
            *self.r.unit(u),
            self.e.ix.unit_objectives.get(u),
        )
    }

    fn mandate(&self, m: MandateIx) -> Explanation {
        let fig = *self.r.mandate(m);
        let me = ItemRef::Mandate(m);
        let item = self.e.doc.mandate(m);
        let current = item.metric.current();
        let id = self.id(me).to_string();
        let input = match current {
            Some(v) => Input {
                value: Some(v),
                ..Input::new(&id, InputRole::MetricCurrent)
            },
            None => Input::new(&id, InputRole::NoValue),
        };
        let formula = match (&item.metric, current) {
            (Metric::StayAbove { threshold, .. }, Some(c)) => {
                format!("{} >= {}: {}", n(c), n(*threshold), met_word(fig.met))
            }
            (Metric::StayBelow { threshold, .. }, Some(c)) => {
                format!("{} <= {}: {}", n(c), n(*threshold), met_word(fig.met))
            }
            (Metric::Milestone { done }, _) => {
                format!(
                    "{}: {}",
                    if *done { "done" } else { "not done" },
                    met_word(fig.met)
                )
            }
            (_, None) => format!("no current value: {}", met_word(fig.met)),
            (m, c) => format!(
                "{}: {} (met at progress 1)",
                formula(m, c),
                met_word(fig.met)
            ),
        };
        let text = format!(
            "{} is {}{}.",
            crate::rules::cap(&self.name(me)),
            met_word(fig.met),
            current.map_or_else(String::new, |v| format!(" at {}", n(v)))
        );
        Explanation {
            subject: id,
            kind: ExplainedKind::Mandate,
            figures: ExplainedFigures::Mandate(fig),
            rule: Rule {
                kind: RuleKind::Mandate,
                formula,
            },
            inputs: vec![input],
            status_rule: self.threshold_rule(fig.met, fig.status),
            forecast_rule: None,
            score: None,
            text,
        }
    }
}

/// " (KR3 dropped on 2026-08-01; KR4 dropped on 2026-08-05)": the members
/// skipped because dropped, or nothing.
fn dropped_members(inputs: &[Input]) -> String {
    let notes: Vec<String> = inputs
        .iter()
        .filter_map(|i| i.dropped.map(|d| format!("{} dropped on {d}", i.id)))
        .collect();
    if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", joined(&notes, "; "))
    }
}

fn met_word(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "not met"
    }
}

/// A metric's formula on a current value, with its numbers, through the
/// rollup's own [`metric_progress`].
fn formula(m: &Metric, current: Option<f64>) -> String {
    let (raw, p) = metric_progress(m, current);
    let clamp = |raw: Option<f64>| match raw {
        Some(x) if x != p => format!(", clamped to {}", n(p)),
        None => format!(" (not a finite number: {})", n(p)),
        _ => String::new(),
    };
    match (m, current) {
        (
            Metric::Increase { start, target, .. } | Metric::Decrease { start, target, .. },
            Some(c),
        ) => {
            format!(
                "({} - {}) / ({} - {}) = {}{}",
                n(c),
                n(*start),
                n(*target),
                n(*start),
                raw.map_or_else(|| n(p), n),
                clamp(raw)
            )
        }
        (Metric::StayAbove { threshold, .. }, Some(c)) => {
            format!("{} >= {}: {}", n(c), n(*threshold), n(p))
        }
        (Metric::StayBelow { threshold, .. }, Some(c)) => {
            format!("{} <= {}: {}", n(c), n(*threshold), n(p))
        }
        (Metric::Milestone { done }, _) => {
            format!(
                "milestone {}: {}",
                if *done { "done" } else { "not done" },
                n(p)
            )
        }
        (_, None) => "no current value: progress 0".into(),
    }
}

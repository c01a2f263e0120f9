//! The document format (`"okr": "1"`): plain serde types that mirror the
//! JSON shape one to one. Ids are strings here; [`crate::Cascade`] interns
//! them into dense indices.

use serde::{Deserialize, Serialize};

use crate::date::Date;

#[cfg(feature = "schema")]
use schemars::JsonSchema;

fn is_false(b: &bool) -> bool {
    !*b
}

/// Serialisers for numbers that refuse NaN and infinities instead of
/// writing them as `null` (serde_json's choice): a document or a figure
/// holding one is never written silently wrong.
pub(crate) mod finite {
    use serde::Serializer;

    fn refuse<E: serde::ser::Error>(v: f64) -> E {
        E::custom(format!(
            "{v} is not a finite number (JSON cannot hold NaN or infinities)"
        ))
    }

    /// A number that must be finite.
    pub(crate) fn number<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if v.is_finite() {
            s.serialize_f64(*v)
        } else {
            Err(refuse(*v))
        }
    }

    /// An optional number that must be finite when present.
    pub(crate) fn option<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) if v.is_finite() => s.serialize_some(v),
            Some(v) => Err(refuse(*v)),
            None => s.serialize_none(),
        }
    }
}

/// The format version tag; only `"1"` is supported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct FormatVersion;

impl Serialize for FormatVersion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("1")
    }
}

impl<'de> Deserialize<'de> for FormatVersion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = FormatVersion;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("the format version \"1\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FormatVersion, E> {
                if v == "1" {
                    Ok(FormatVersion)
                } else {
                    Err(E::custom(format!(
                        "unsupported format version `{v}`: this library reads version \"1\""
                    )))
                }
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for FormatVersion {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FormatVersion".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"const": "1", "description": "The format version"})
    }
}

/// A whole cascade document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Format version, always `"1"`.
    #[cfg_attr(feature = "tsify", tsify(type = "\"1\""))]
    pub okr: FormatVersion,
    /// Set only in documents made by `view_for`: the unit the view is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<String>,
    /// The OKR cycle (usually a quarter).
    pub cycle: Cycle,
    /// The organisation: one company, its functions and teams.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<Unit>,
    /// Strategic themes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<Theme>,
    /// Objectives of every unit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<Objective>,
    /// Key results of every objective.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_results: Vec<KeyResult>,
    /// Contribution statements: a unit helps a priority without OKRs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contributions: Vec<Contribution>,
    /// Service-level mandates of stable functions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mandates: Vec<Mandate>,
    /// Initiatives (work) pointing at key results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub initiatives: Vec<Initiative>,
    /// Sprint goals (work) pointing at key results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sprint_goals: Vec<SprintGoal>,
    /// Dated measurements of key results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub check_ins: Vec<CheckIn>,
}

/// The cycle the document plans.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(deny_unknown_fields)]
pub struct Cycle {
    /// Cycle id (shares the document's one namespace).
    #[cfg_attr(feature = "schema", schemars(pattern(r"\S")))]
    pub id: String,
    /// First day of the cycle.
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub start: Date,
    /// Last day of the cycle.
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub end: Date,
    /// The date figures are computed for (pace, current values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub as_of: Option<Date>,
    /// When leadership published the themes (start of the drafting window).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub themes_published: Option<Date>,
}

/// What a unit is in the organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// The company: exactly one, no parent.
    Company,
    /// A function (engineering, finance...).
    Function,
    /// A team.
    Team,
}

/// How a unit plans: quarterly OKRs or standing mandates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum UnitMode {
    /// Quarterly OKRs (the default).
    #[default]
    Okr,
    /// A stable function that runs on service-level mandates.
    Mandate,
}

impl UnitMode {
    fn is_default(&self) -> bool {
        *self == UnitMode::Okr
    }
}

/// A company, function or team.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Unit id.
    #[cfg_attr(feature = "schema", schemars(pattern(r"\S")))]
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Company, function or team.
    pub kind: UnitKind,
    /// The parent unit (required for functions and teams).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// `okr` (default) or `mandate`.
    #[serde(default, skip_serializing_if = "UnitMode::is_default")]
    pub mode: UnitMode,
}

/// A strategic theme.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// Theme id.
    #[cfg_attr(feature = "schema", schemars(pattern(r"\S")))]
    pub id: String,
    /// Theme title.
    pub title: String,
}

/// How often leadership reviews a governed objective.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    /// Every week.
    Weekly,
    /// Every two weeks.
    Biweekly,
    /// Every month.
    Monthly,
}

/// Marks an objective that leadership actively reviews.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(deny_unknown_fields)]
pub struct Governance {
    /// Review cadence.
    pub cadence: Cadence,
    /// Who reviews it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// Who may see an objective or key result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Everyone (the default).
    #[default]
    Public,
    /// Its own unit and ancestors, and the audience units and descendants.
    Restricted,
}

impl Visibility {
    fn is_default(&self) -> bool {
        *self == Visibility::Public
    }
}

/// The two kinds of link from an objective.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// Derived from a company KR; carries progress upward.
    Direct,
    /// Chosen in response to a priority; carries lineage, never progress.
    Responding,
}

/// A link from an objective to a KR (direct) or an objective or KR
/// (responding).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// Direct or responding.
    pub kind: LinkKind,
    /// Target id.
    pub to: String,
    /// Weight of a direct link in its target's rollup (> 0, default 1).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "finite::option"
    )]
    pub weight: Option<f64>,
    /// How the objective contributes (required for responding links).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contribution: Option<String>,
}

impl Link {
    /// The weight, 1 when absent.
    pub fn weight(&self) -> f64 {
        self.weight.unwrap_or(1.0)
    }
}

/// An objective. In a view, a hidden objective is a stub with only `id`,
/// `unit` and `redacted: true`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(extend(
    "if" = {"properties": {"redacted": {"const": true}}, "required": ["redacted"]},
    "else" = {"properties": {"title": {"type": "string"}}, "required": ["title"]}
)))]
pub struct Objective {
    /// Objective id.
    #[cfg_attr(feature = "schema", schemars(pattern(r"\S")))]
    pub id: String,
    /// Owning unit.
    pub unit: String,
    /// Title (required except in a redacted stub).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Themes (meaningful on company objectives).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    /// Present when leadership actively reviews this objective.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub governance: Option<Governance>,
    /// Direct and responding links.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// When the objective was drafted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub created: Option<Date>,
    /// A deadline inside the cycle: the objective (and its KRs without a
    /// `due` of their own) is paced against it and closed after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub due: Option<Date>,
    /// The day the objective was taken off the board (inside the cycle, else
    /// E009); it drops its KRs with it. Dropped as of a date on or before
    /// `as_of` (every date counts without `as_of`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub dropped: Option<Date>,
    /// Informational: the id this objective continues from a previous cycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_from: Option<String>,
    /// Ids of KRs or objectives this item needs from others.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    /// Public (default) or restricted.
    #[serde(default, skip_serializing_if = "Visibility::is_default")]
    pub visibility: Visibility,
    /// Units that may see a restricted objective.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audience: Vec<String>,
    /// True only for stubs in a view.
    #[serde(default, skip_serializing_if = "is_false")]
    pub redacted: bool,
}

/// Where a KR's progress comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// From its metric and check-ins (the default).
    #[default]
    Metric,
    /// The link-weighted mean progress of the objectives linking to it directly.
    Children,
    /// A whole: the current value is the sum of its parts' current values
    /// (the KRs whose `part_of` names it), then its own formula.
    Parts,
}

impl Source {
    fn is_default(&self) -> bool {
        *self == Source::Metric
    }
}

/// A key result's or a mandate's measure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Metric {
    /// Move a number up from `start` to `target`.
    Increase {
        /// Starting value.
        #[serde(serialize_with = "finite::number")]
        start: f64,
        /// Target value (above start).
        #[serde(serialize_with = "finite::number")]
        target: f64,
        /// Latest value when no check-in says otherwise.
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            serialize_with = "finite::option"
        )]
        current: Option<f64>,
        /// Display label ("%", "ms", "M$").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        measure: Option<String>,
        /// Stable name of the measured quantity, shared by KRs that measure
        /// the same thing (`"p95_checkout_ms"`); `measure` stays the label.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// Move a number down from `start` to `target`.
    Decrease {
        /// Starting value.
        #[serde(serialize_with = "finite::number")]
        start: f64,
        /// Target value (below start).
        #[serde(serialize_with = "finite::number")]
        target: f64,
        /// Latest value when no check-in says otherwise.
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            serialize_with = "finite::option"
        )]
        current: Option<f64>,
        /// Display label.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        measure: Option<String>,
        /// Stable name of the measured quantity, shared by KRs that measure
        /// the same thing (`"p95_checkout_ms"`); `measure` stays the label.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// Keep a number at or above `threshold`.
    StayAbove {
        /// The floor.
        #[serde(serialize_with = "finite::number")]
        threshold: f64,
        /// Latest value.
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            serialize_with = "finite::option"
        )]
        current: Option<f64>,
        /// Display label.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        measure: Option<String>,
        /// Stable name of the measured quantity, shared by KRs that measure
        /// the same thing (`"p95_checkout_ms"`); `measure` stays the label.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// Keep a number at or below `threshold`.
    StayBelow {
        /// The ceiling.
        #[serde(serialize_with = "finite::number")]
        threshold: f64,
        /// Latest value.
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            serialize_with = "finite::option"
        )]
        current: Option<f64>,
        /// Display label.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        measure: Option<String>,
        /// Stable name of the measured quantity, shared by KRs that measure
        /// the same thing (`"p95_checkout_ms"`); `measure` stays the label.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// Done or not.
    Milestone {
        /// Whether it is done.
        #[serde(default, skip_serializing_if = "is_false")]
        done: bool,
    },
}

impl Metric {
    /// The metric's own `current` value, if any.
    pub fn current(&self) -> Option<f64> {
        match self {
            Metric::Increase { current, .. }
            | Metric::Decrease { current, .. }
            | Metric::StayAbove { current, .. }
            | Metric::StayBelow { current, .. } => *current,
            Metric::Milestone { .. } => None,
        }
    }

    /// Sets the metric's own `current` value (milestones have none: no-op,
    /// returns false).
    pub fn set_current(&mut self, value: Option<f64>) -> bool {
        match self {
            Metric::Increase { current, .. }
            | Metric::Decrease { current, .. }
            | Metric::StayAbove { current, .. }
            | Metric::StayBelow { current, .. } => {
                *current = value;
                true
            }
            Metric::Milestone { .. } => false,
        }
    }

    /// The display label (`measure`), if any (milestones have none).
    pub fn measure(&self) -> Option<&str> {
        match self {
            Metric::Increase { measure, .. }
            | Metric::Decrease { measure, .. }
            | Metric::StayAbove { measure, .. }
            | Metric::StayBelow { measure, .. } => measure.as_deref(),
            Metric::Milestone { .. } => None,
        }
    }

    /// The stable name of the measured quantity (`metric.name`), if any
    /// (milestones have none).
    pub fn name(&self) -> Option<&str> {
        match self {
            Metric::Increase { name, .. }
            | Metric::Decrease { name, .. }
            | Metric::StayAbove { name, .. }
            | Metric::StayBelow { name, .. } => name.as_deref(),
            Metric::Milestone { .. } => None,
        }
    }

    /// `(start, target)` of an increase or decrease metric.
    pub fn start_target(&self) -> Option<(f64, f64)> {
        match self {
            Metric::Increase { start, target, .. } | Metric::Decrease { start, target, .. } => {
                Some((*start, *target))
            }
            _ => None,
        }
    }

    /// The kind's name as written in documents.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Metric::Increase { .. } => "increase",
            Metric::Decrease { .. } => "decrease",
            Metric::StayAbove { .. } => "stay_above",
            Metric::StayBelow { .. } => "stay_below",
            Metric::Milestone { .. } => "milestone",
        }
    }

    /// True for stay_above / stay_below (never "done").
    pub fn is_threshold(&self) -> bool {
        matches!(self, Metric::StayAbove { .. } | Metric::StayBelow { .. })
    }

    /// True for increase / decrease.
    pub fn is_trend(&self) -> bool {
        matches!(self, Metric::Increase { .. } | Metric::Decrease { .. })
    }
}

/// A key result. In a view, a hidden KR is a stub with only `id`,
/// `objective` and `redacted: true`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(extend(
    "if" = {"properties": {"redacted": {"const": true}}, "required": ["redacted"]},
    "else" = {
        "properties": {"title": {"type": "string"}, "metric": {"$ref": "#/$defs/Metric"}},
        "required": ["title", "metric"]
    }
)))]
pub struct KeyResult {
    /// KR id.
    #[cfg_attr(feature = "schema", schemars(pattern(r"\S")))]
    pub id: String,
    /// The objective it measures.
    pub objective: String,
    /// Title (required except in a redacted stub).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The measure (required except in a redacted stub).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<Metric>,
    /// `metric` (default), `children` or `parts`.
    #[serde(default, skip_serializing_if = "Source::is_default")]
    pub source: Source,
    /// The id of the whole (a KR with `source: parts`) this KR's value is a
    /// share of. Structure: a redacted stub keeps it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    /// Weight in its objective's progress (> 0, default 1).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "finite::option"
    )]
    pub weight: Option<f64>,
    /// Owner's confidence, 0 to 1.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "finite::option"
    )]
    pub confidence: Option<f64>,
    /// The day the KR was added (else its objective's `created`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub created: Option<Date>,
    /// A deadline inside the cycle (else the objective's): the KR is paced
    /// against it, forecast at it, and closed after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub due: Option<Date>,
    /// The day the KR was taken off the board (inside the cycle, else E009).
    /// Dropped as of a date on or before `as_of` (every date counts without
    /// `as_of`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub dropped: Option<Date>,
    /// Informational: the id this KR continues from a previous cycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_from: Option<String>,
    /// A closing score in [0, 1] set by judgement at the end of the cycle
    /// (E004 outside); the scorecard prefers it to the computed progress.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "finite::option"
    )]
    pub score: Option<f64>,
    /// Ids of KRs or objectives this item needs from others.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    /// Public (default) or restricted.
    #[serde(default, skip_serializing_if = "Visibility::is_default")]
    pub visibility: Visibility,
    /// Units that may see a restricted KR.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audience: Vec<String>,
    /// True only for stubs in a view.
    #[serde(default, skip_serializing_if = "is_false")]
    pub redacted: bool,
}

impl KeyResult {
    /// The weight, 1 when absent.
    pub fn weight(&self) -> f64 {
        self.weight.unwrap_or(1.0)
    }
}

/// A unit's statement that it helps a priority, without OKRs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(deny_unknown_fields)]
pub struct Contribution {
    /// Contribution id.
    #[cfg_attr(feature = "schema", schemars(pattern(r"\S")))]
    pub id: String,
    /// The contributing unit.
    pub unit: String,
    /// The objective or KR it helps.
    pub to: String,
    /// How it helps (required, non-blank).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
}

/// A stable function's standing metric.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(deny_unknown_fields)]
pub struct Mandate {
    /// Mandate id.
    #[cfg_attr(feature = "schema", schemars(pattern(r"\S")))]
    pub id: String,
    /// The owning unit.
    pub unit: String,
    /// Title.
    pub title: String,
    /// Usually stay_above / stay_below.
    pub metric: Metric,
    /// Priorities (objectives or KRs) it supports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supports: Vec<String>,
}

/// A piece of work serving key results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(deny_unknown_fields)]
pub struct Initiative {
    /// Initiative id.
    #[cfg_attr(feature = "schema", schemars(pattern(r"\S")))]
    pub id: String,
    /// The owning unit.
    pub unit: String,
    /// Title.
    pub title: String,
    /// The KRs it serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_results: Vec<String>,
    /// The work item is finished (work, never progress: see a KR's `work`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub done: bool,
}

/// A sprint's goal serving key results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(deny_unknown_fields)]
pub struct SprintGoal {
    /// Sprint goal id.
    #[cfg_attr(feature = "schema", schemars(pattern(r"\S")))]
    pub id: String,
    /// The owning unit.
    pub unit: String,
    /// Sprint name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sprint: Option<String>,
    /// First day of the sprint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub start: Option<Date>,
    /// Last day of the sprint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub end: Option<Date>,
    /// Title.
    pub title: String,
    /// The KRs it serves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub key_results: Vec<String>,
    /// The work item is finished (work, never progress: see a KR's `work`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub done: bool,
}

/// A dated measurement of a key result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify), tsify(missing_as_null))]
#[serde(deny_unknown_fields)]
pub struct CheckIn {
    /// The KR measured.
    pub key_result: String,
    /// When.
    #[cfg_attr(feature = "tsify", tsify(type = "string"))]
    pub date: Date,
    /// The value.
    #[serde(serialize_with = "finite::number")]
    pub value: f64,
    /// Owner's confidence, 0 to 1.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "finite::option"
    )]
    pub confidence: Option<f64>,
}

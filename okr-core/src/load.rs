//! Reading documents: JSON (and YAML with the `yaml` feature) into
//! [`Document`], with limits, and errors that name the place and the cause.
//!
//! The fast path parses straight into the typed model. Only when that fails
//! is the text parsed a second time with path tracking, so a good document
//! pays nothing for the better error message.

use crate::document::{Document, Metric};
use crate::error::{LoadError, LoadErrorKind};
use crate::policy::Limits;

const BOM: &str = "\u{feff}";

/// Reads a JSON document.
pub fn from_json(text: &str, limits: &Limits) -> Result<Document, LoadError> {
    check_size(text.len(), limits)?;
    let text = text.strip_prefix(BOM).unwrap_or(text);
    match serde_json::from_str::<Document>(text) {
        Ok(doc) => {
            check_document(&doc, limits)?;
            Ok(doc)
        }
        Err(err) => Err(json_error(text, err)),
    }
}

/// Reads a JSON document from bytes, reporting invalid UTF-8 by place.
pub fn from_json_bytes(bytes: &[u8], limits: &Limits) -> Result<Document, LoadError> {
    from_json(utf8(bytes, limits)?, limits)
}

fn utf8<'a>(bytes: &'a [u8], limits: &Limits) -> Result<&'a str, LoadError> {
    check_size(bytes.len(), limits)?;
    std::str::from_utf8(bytes).map_err(|e| {
        let good = bytes.get(..e.valid_up_to()).unwrap_or_default();
        let line = 1 + good.iter().filter(|&&b| b == b'\n').count();
        let column = 1 + good.iter().rev().take_while(|&&b| b != b'\n').count();
        LoadError {
            kind: LoadErrorKind::Syntax,
            message: format!("invalid UTF-8 at byte {}", e.valid_up_to()),
            line: Some(line),
            column: Some(column),
            path: None,
        }
    })
}

fn json_error(text: &str, err: serde_json::Error) -> LoadError {
    use serde_json::error::Category;
    let kind = match err.classify() {
        Category::Data => LoadErrorKind::Schema,
        Category::Syntax | Category::Eof | Category::Io => LoadErrorKind::Syntax,
    };
    let mut out = LoadError {
        kind,
        message: strip_position(&err.to_string()),
        line: Some(err.line()).filter(|&l| l > 0),
        column: Some(err.column()).filter(|&c| c > 0),
        path: None,
    };
    if out.message.contains("recursion limit") {
        out.kind = LoadErrorKind::Limit;
        out.message = "the document is nested too deeply (more than 128 levels)".into();
    }
    if kind == LoadErrorKind::Schema {
        let mut de = serde_json::Deserializer::from_str(text);
        if let Err(e) = serde_path_to_error::deserialize::<_, Document>(&mut de) {
            out.path = Some(e.path().to_string());
        }
    }
    out
}

/// Reads a YAML document of the same shape as the JSON one.
#[cfg(feature = "yaml")]
pub fn from_yaml(text: &str, limits: &Limits) -> Result<Document, LoadError> {
    check_size(text.len(), limits)?;
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let de = serde_yaml_ng::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, Document>(de) {
        Ok(doc) => match check_document(&doc, limits) {
            Ok(()) => Ok(doc),
            Err(e) => Err(yaml_locate(text, e)),
        },
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let loc = inner.location();
            let msg = strip_position(&inner.to_string());
            let kind = if msg.contains("recursion limit") {
                LoadErrorKind::Limit
            } else if msg.contains("invalid type")
                || msg.contains("unknown field")
                || msg.contains("missing field")
                || msg.contains("unknown variant")
                || msg.contains("duplicate field")
                || msg.contains("invalid date")
                || msg.contains("unsupported format")
            {
                LoadErrorKind::Schema
            } else {
                LoadErrorKind::Syntax
            };
            Err(LoadError {
                kind,
                message: msg,
                line: loc.as_ref().map(|l| l.line()),
                column: loc.as_ref().map(|l| l.column()),
                path: Some(path).filter(|p| p != "."),
            })
        }
    }
}

/// Adds the line and column of the value at `err.path` (a path made by
/// [`check_document`]), found by a second parse of the text that walks to
/// that path. Only a failed load pays for it.
#[cfg(feature = "yaml")]
fn yaml_locate(text: &str, mut err: LoadError) -> LoadError {
    if err.line.is_some() {
        return err;
    }
    let Some(path) = err.path.as_deref() else {
        return err;
    };
    let mut steps = Vec::new();
    for part in path.split('.') {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next().filter(|k| !k.is_empty()) {
            steps.push(locate::Step::Key(key));
        }
        for index in pieces {
            match index.strip_suffix(']').and_then(|i| i.parse().ok()) {
                Some(i) => steps.push(locate::Step::Index(i)),
                None => return err,
            }
        }
    }
    let de = serde_yaml_ng::Deserializer::from_str(text);
    if let Err(e) = serde::de::DeserializeSeed::deserialize(locate::Seek(&steps), de) {
        // serde_yaml_ng adds its own path and position around the message.
        if e.to_string().contains(locate::FOUND) {
            if let Some(loc) = e.location() {
                err.line = Some(loc.line());
                err.column = Some(loc.column());
            }
        }
    }
    err
}

/// Walks a YAML (or any self-describing) text to one value and fails there,
/// so the deserialiser's error carries that value's line and column.
#[cfg(feature = "yaml")]
mod locate {
    use std::fmt;

    use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

    /// The message of the error raised at the value sought.
    pub(super) const FOUND: &str = "found the value sought";

    /// One step of a path: a mapping key or a sequence index.
    pub(super) enum Step<'a> {
        Key(&'a str),
        Index(usize),
    }

    /// Seeks the value at the remaining steps.
    pub(super) struct Seek<'p, 'a>(pub &'p [Step<'a>]);

    impl<'de> DeserializeSeed<'de> for Seek<'_, '_> {
        type Value = ();
        fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Seek<'_, '_> {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any value")
        }

        fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
            self.scalar()
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
            self.scalar()
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
            self.scalar()
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
            self.scalar()
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
            self.scalar()
        }
        fn visit_unit<E: de::Error>(self) -> Result<(), E> {
            self.scalar()
        }
        fn visit_none<E: de::Error>(self) -> Result<(), E> {
            self.scalar()
        }
        fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let want = match self.0.split_first() {
                None => return Err(de::Error::custom(FOUND)),
                Some((Step::Index(i), rest)) => Some((*i, rest)),
                // The path does not fit the text: find nothing.
                Some((Step::Key(_), _)) => None,
            };
            let mut i = 0;
            loop {
                let more = match want {
                    Some((w, rest)) if w == i => seq.next_element_seed(Seek(rest))?.is_some(),
                    _ => seq.next_element::<IgnoredAny>()?.is_some(),
                };
                if !more {
                    return Ok(());
                }
                i += 1;
            }
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let want = match self.0.split_first() {
                None => return Err(de::Error::custom(FOUND)),
                Some((Step::Key(k), rest)) => Some((*k, rest)),
                Some((Step::Index(_), _)) => None,
            };
            while let Some(key) = map.next_key::<String>()? {
                match want {
                    Some((k, rest)) if k == key => map.next_value_seed(Seek(rest))?,
                    _ => map.next_value::<IgnoredAny>().map(|_| ())?,
                }
            }
            Ok(())
        }
    }

    impl Seek<'_, '_> {
        fn scalar<E: de::Error>(&self) -> Result<(), E> {
            if self.0.is_empty() {
                Err(E::custom(FOUND))
            } else {
                Ok(())
            }
        }
    }
}

/// Reads a YAML document from bytes, reporting invalid UTF-8 by place.
#[cfg(feature = "yaml")]
pub fn from_yaml_bytes(bytes: &[u8], limits: &Limits) -> Result<Document, LoadError> {
    from_yaml(utf8(bytes, limits)?, limits)
}

/// serde's messages end with " at line L column C"; we report those apart.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg.get(..i).unwrap_or(msg).to_string(),
        None => msg.to_string(),
    }
}

fn check_size(len: usize, limits: &Limits) -> Result<(), LoadError> {
    if len > limits.max_document_bytes {
        return Err(LoadError::new(
            LoadErrorKind::Limit,
            format!(
                "the document is {len} bytes, over the limit of {} bytes (policy limits.max_document_bytes)",
                limits.max_document_bytes
            ),
        ));
    }
    Ok(())
}

/// Checks what serde cannot express: non-blank ids, id length, item count,
/// required fields that only redacted stubs may omit, and finite numbers
/// (YAML can spell NaN and infinities; JSON cannot, and no document may
/// hold them, so every document can be written as JSON and read back).
pub(crate) fn check_document(doc: &Document, limits: &Limits) -> Result<(), LoadError> {
    let count = doc.units.len()
        + doc.themes.len()
        + doc.objectives.len()
        + doc.key_results.len()
        + doc.contributions.len()
        + doc.mandates.len()
        + doc.initiatives.len()
        + doc.sprint_goals.len()
        + doc.check_ins.len();
    if count > limits.max_items {
        return Err(LoadError::new(
            LoadErrorKind::Limit,
            format!(
                "the document has {count} items, over the limit of {} (policy limits.max_items)",
                limits.max_items
            ),
        ));
    }
    let check_id = |id: &str, path: &dyn Fn() -> String| -> Result<(), LoadError> {
        if id.trim().is_empty() {
            return Err(
                LoadError::new(LoadErrorKind::Schema, "an id must not be empty or blank")
                    .at_path(format!("{}.id", path())),
            );
        }
        if id.len() > limits.max_id_bytes {
            return Err(LoadError::new(
                LoadErrorKind::Limit,
                format!(
                    "an id is {} bytes long, over the limit of {} (policy limits.max_id_bytes)",
                    id.len(),
                    limits.max_id_bytes
                ),
            )
            .at_path(format!("{}.id", path())));
        }
        Ok(())
    };
    check_id(&doc.cycle.id, &|| "cycle".to_string())?;
    macro_rules! ids {
        ($field:ident) => {
            for (i, item) in doc.$field.iter().enumerate() {
                check_id(&item.id, &|| format!("{}[{i}]", stringify!($field)))?;
            }
        };
    }
    ids!(units);
    ids!(themes);
    ids!(objectives);
    ids!(key_results);
    ids!(contributions);
    ids!(mandates);
    ids!(initiatives);
    ids!(sprint_goals);

    let in_view = doc.view.is_some();
    let stub_error = |what: &str, path: String| {
        Err(LoadError::new(
            LoadErrorKind::Schema,
            format!("`redacted` is only accepted in a view (a document made by view_for); {what}"),
        )
        .at_path(path))
    };
    for (i, o) in doc.objectives.iter().enumerate() {
        let path = || format!("objectives[{i}]");
        if o.redacted {
            if !in_view {
                return stub_error("this document has no `view` field", path());
            }
            if o.title.is_some()
                || !o.themes.is_empty()
                || o.governance.is_some()
                || !o.links.is_empty()
                || o.created.is_some()
                || o.due.is_some()
                || o.dropped.is_some()
                || o.carried_from.is_some()
                || !o.depends_on.is_empty()
                || o.visibility != crate::document::Visibility::Public
                || !o.audience.is_empty()
            {
                return Err(LoadError::new(
                    LoadErrorKind::Schema,
                    "a redacted objective keeps only `id`, `unit` and `redacted`",
                )
                .at_path(path()));
            }
        } else if o.title.is_none() {
            return Err(
                LoadError::new(LoadErrorKind::Schema, "missing field `title`").at_path(path()),
            );
        }
    }
    for (i, k) in doc.key_results.iter().enumerate() {
        let path = || format!("key_results[{i}]");
        if k.redacted {
            if !in_view {
                return stub_error("this document has no `view` field", path());
            }
            if k.title.is_some()
                || k.metric.is_some()
                || k.weight.is_some()
                || k.confidence.is_some()
                || k.created.is_some()
                || k.due.is_some()
                || k.dropped.is_some()
                || k.carried_from.is_some()
                || k.score.is_some()
                || !k.depends_on.is_empty()
                || k.source != crate::document::Source::Metric
                || k.visibility != crate::document::Visibility::Public
                || !k.audience.is_empty()
            {
                return Err(LoadError::new(
                    LoadErrorKind::Schema,
                    "a redacted key result keeps only `id`, `objective`, `part_of` and `redacted`",
                )
                .at_path(path()));
            }
        } else if k.title.is_none() {
            return Err(
                LoadError::new(LoadErrorKind::Schema, "missing field `title`").at_path(path()),
            );
        } else if k.metric.is_none() {
            return Err(
                LoadError::new(LoadErrorKind::Schema, "missing field `metric`").at_path(path()),
            );
        }
    }
    match first_non_finite(doc) {
        Some((path, value)) => Err(LoadError::new(
            LoadErrorKind::Schema,
            format!(
                "{value} is not a finite number (NaN and infinities cannot be written in JSON, \
                 so no document may hold them)"
            ),
        )
        .at_path(path)),
        None => Ok(()),
    }
}

/// The path and value of the first number in `doc` that is NaN or infinite,
/// in document order. Every `f64` of the format is visited.
pub(crate) fn first_non_finite(doc: &Document) -> Option<(String, f64)> {
    fn metric(m: &Metric, path: &dyn Fn(&str) -> String) -> Option<(String, f64)> {
        let numbers: [(&str, Option<f64>); 4] = match m {
            Metric::Increase {
                start,
                target,
                current,
                ..
            }
            | Metric::Decrease {
                start,
                target,
                current,
                ..
            } => [
                ("start", Some(*start)),
                ("target", Some(*target)),
                ("current", *current),
                ("", None),
            ],
            Metric::StayAbove {
                threshold, current, ..
            }
            | Metric::StayBelow {
                threshold, current, ..
            } => [
                ("threshold", Some(*threshold)),
                ("current", *current),
                ("", None),
                ("", None),
            ],
            Metric::Milestone { .. } => return None,
        };
        numbers
            .into_iter()
            .find_map(|(name, v)| v.filter(|v| !v.is_finite()).map(|v| (path(name), v)))
    }
    let bad = |v: Option<f64>| v.filter(|v| !v.is_finite());
    for (i, o) in doc.objectives.iter().enumerate() {
        for (j, l) in o.links.iter().enumerate() {
            if let Some(v) = bad(l.weight) {
                return Some((format!("objectives[{i}].links[{j}].weight"), v));
            }
        }
    }
    for (i, k) in doc.key_results.iter().enumerate() {
        if let Some(found) = k
            .metric
            .as_ref()
            .and_then(|m| metric(m, &|name| format!("key_results[{i}].metric.{name}")))
        {
            return Some(found);
        }
        if let Some(v) = bad(k.weight) {
            return Some((format!("key_results[{i}].weight"), v));
        }
        if let Some(v) = bad(k.confidence) {
            return Some((format!("key_results[{i}].confidence"), v));
        }
        if let Some(v) = bad(k.score) {
            return Some((format!("key_results[{i}].score"), v));
        }
    }
    for (i, m) in doc.mandates.iter().enumerate() {
        if let Some(found) = metric(&m.metric, &|name| format!("mandates[{i}].metric.{name}")) {
            return Some(found);
        }
    }
    for (i, c) in doc.check_ins.iter().enumerate() {
        if let Some(v) = bad(Some(c.value)) {
            return Some((format!("check_ins[{i}].value"), v));
        }
        if let Some(v) = bad(c.confidence) {
            return Some((format!("check_ins[{i}].confidence"), v));
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Document, LoadError> {
        from_json(text, &Limits::default())
    }

    const MIN: &str = r#"{"okr":"1","cycle":{"id":"Q","start":"2026-07-01","end":"2026-09-30"}}"#;

    #[test]
    fn minimal_document_loads() {
        let doc = load(MIN).unwrap();
        assert_eq!(doc.cycle.id, "Q");
        assert!(doc.units.is_empty());
    }

    #[test]
    fn unknown_field_names_line_column_and_path() {
        let text = "{\"okr\":\"1\",\n\"cycle\":{\"id\":\"Q\",\"start\":\"2026-07-01\",\"end\":\"2026-09-30\"},\n\"units\":[{\"id\":\"a\",\"kind\":\"company\",\"nmae\":\"x\"}]}";
        let err = load(text).unwrap_err();
        assert_eq!(err.kind, LoadErrorKind::Schema);
        assert_eq!(err.line, Some(3));
        assert!(
            err.message.contains("unknown field `nmae`"),
            "{}",
            err.message
        );
        assert_eq!(err.path.as_deref(), Some("units[0].nmae"));
    }

    #[test]
    fn version_and_dates_and_blank_ids() {
        let err = load(&MIN.replace("\"1\"", "\"2\"")).unwrap_err();
        assert!(
            err.message.contains("unsupported format version `2`"),
            "{err}"
        );
        let err = load(&MIN.replace("2026-09-30", "2026-02-30")).unwrap_err();
        assert!(err.message.contains("invalid date `2026-02-30`"), "{err}");
        assert_eq!(err.path.as_deref(), Some("cycle.end"));
        let err = load(&MIN.replace("\"Q\"", "\"  \"")).unwrap_err();
        assert_eq!(err.path.as_deref(), Some("cycle.id"));
    }

    #[test]
    fn metric_fields_of_another_kind_are_unknown() {
        let text = MIN.replace(
            "}}",
            "},\"key_results\":[{\"id\":\"K\",\"objective\":\"O\",\"title\":\"t\",\"metric\":{\"kind\":\"increase\",\"start\":1,\"target\":2,\"threshold\":3}}]}",
        );
        let err = load(&text).unwrap_err();
        assert!(err.message.contains("unknown field `threshold`"), "{err}");
    }

    #[test]
    fn duplicate_keys_and_deep_nesting_and_bom() {
        let err = load(&MIN.replace("\"id\":\"Q\"", "\"id\":\"Q\",\"id\":\"R\"")).unwrap_err();
        assert!(err.message.contains("duplicate field `id`"), "{err}");
        // The typed parser rejects the wrong shape before depth matters.
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(load(&deep).unwrap_err().kind, LoadErrorKind::Schema);
        let deep = MIN.replace(
            "}}",
            &format!(
                "}},\"units\":{}{}}}",
                "[".repeat(10_000),
                "]".repeat(10_000)
            ),
        );
        assert!(load(&deep).is_err());
        assert!(load(&format!("\u{feff}{MIN}")).is_ok());
        let err = from_json_bytes(b"{\"okr\":\n\"\xff\"}", &Limits::default()).unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(2)));
    }

    #[test]
    fn redacted_only_in_views() {
        let text = MIN.replace(
            "}}",
            "},\"objectives\":[{\"id\":\"O\",\"unit\":\"u\",\"redacted\":true}]}",
        );
        let err = load(&text).unwrap_err();
        assert!(err.message.contains("only accepted in a view"), "{err}");
        assert!(load(&text.replace("\"okr\":\"1\",", "\"okr\":\"1\",\"view\":\"u\",")).is_ok());
    }

    #[test]
    fn stubs_lose_the_change_fields() {
        let view = MIN.replace("\"okr\":\"1\",", "\"okr\":\"1\",\"view\":\"u\",");
        for (extra, list, parent) in [
            ("\"dropped\":\"2026-08-01\"", "objectives", "\"unit\":\"u\""),
            ("\"carried_from\":\"O0\"", "objectives", "\"unit\":\"u\""),
            (
                "\"created\":\"2026-08-01\"",
                "key_results",
                "\"objective\":\"O\"",
            ),
            (
                "\"dropped\":\"2026-08-01\"",
                "key_results",
                "\"objective\":\"O\"",
            ),
            (
                "\"carried_from\":\"K0\"",
                "key_results",
                "\"objective\":\"O\"",
            ),
            ("\"score\":0.5", "key_results", "\"objective\":\"O\""),
        ] {
            let text = view.replace(
                "}}",
                &format!("}},\"{list}\":[{{\"id\":\"X\",{parent},\"redacted\":true,{extra}}}]}}"),
            );
            let err = load(&text).unwrap_err();
            assert!(err.message.contains("a redacted"), "{extra}: {err}");
        }
    }

    #[cfg(feature = "yaml")]
    #[test]
    fn yaml_non_finite_score_is_refused() {
        let yaml = "okr: '1'\ncycle: {id: Q, start: 2026-07-01, end: 2026-09-30}\nkey_results:\n  - id: K\n    objective: O\n    title: t\n    metric: {kind: milestone}\n    score: .nan\n";
        let err = from_yaml(yaml, &Limits::default()).unwrap_err();
        assert_eq!(err.path.as_deref(), Some("key_results[0].score"), "{err}");
    }

    #[cfg(feature = "yaml")]
    #[test]
    fn yaml_reads_the_same_shape() {
        let yaml = "okr: '1'\ncycle:\n  id: Q\n  start: 2026-07-01\n  end: 2026-09-30\nunits:\n  - id: a\n    kind: company\n    colour: red\n";
        let err = from_yaml(yaml, &Limits::default()).unwrap_err();
        assert!(err.message.contains("unknown field `colour`"), "{err}");
        assert_eq!(err.line, Some(9));
        let ok = from_yaml(&yaml.replace("    colour: red\n", ""), &Limits::default()).unwrap();
        assert_eq!(ok.units.len(), 1);
    }
}

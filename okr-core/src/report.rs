//! Serialisable results keyed by id, in the command line's JSON shapes.
//! Every surface (CLI, Python, JS) serialises through these, so all give
//! the same answer.

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::document::Document;
use crate::error::Error;
use crate::rollup::Rollup;
use crate::Cascade;

/// A rollup keyed by id, sorted by id:
/// `{"key_results": {id: {...}}, "objectives": ..., "themes": ...,
/// "units": ..., "mandates": ...}`.
#[derive(Clone, Copy, Debug)]
pub struct RollupReport<'a> {
    cascade: &'a Cascade,
    rollup: &'a Rollup,
}

impl<'a> RollupReport<'a> {
    /// The items keyed output shows, in its order: `(id, position)` pairs
    /// sorted by id, only the first occurrence of a duplicated id. Every keyed
    /// surface (the JSON of this report, the Python binding's mappings) uses it, so
    /// all agree on order and on which duplicate wins.
    pub fn keyed_order<'i>(ids: impl Iterator<Item = &'i str>) -> Vec<(&'i str, u32)> {
        let mut pairs: Vec<(&str, u32)> = ids.zip(0u32..).collect();
        pairs.sort_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)));
        pairs.dedup_by(|b, a| a.0 == b.0);
        pairs
    }

    /// The whole rollup.
    pub fn new(cascade: &'a Cascade, rollup: &'a Rollup) -> Self {
        RollupReport { cascade, rollup }
    }

    /// As a JSON string. Fails only if a figure is not a finite number,
    /// which the rollup never computes ([`Error::Output`], naming the
    /// figure).
    pub fn to_json(&self) -> Result<String, Error> {
        to_json(self)
    }
}

/// A document as compact JSON; a non-finite number (possible only in a
/// document built in Rust) is named by its path, as the loader names it.
pub(crate) fn document_to_json(doc: &Document) -> Result<String, Error> {
    serde_json::to_string(doc).map_err(|err| match crate::load::first_non_finite(doc) {
        Some((path, v)) => Error::Output(format!(
            "at `{path}`: {v} is not a finite number (JSON cannot hold NaN or infinities)"
        )),
        None => Error::Output(err.to_string()),
    })
}

/// `value` as compact JSON. A serialiser error (a non-finite number, which
/// every number of the format and of the figures refuses) becomes
/// [`Error::Output`] naming the place; only that failure pays for a second
/// pass with path tracking.
pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|err| {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::new(&mut out);
        match serde_path_to_error::serialize(value, &mut ser) {
            Err(e) => match e.path().to_string() {
                path if path.is_empty() || path == "." => Error::Output(e.inner().to_string()),
                path => Error::Output(format!("at `{path}`: {}", e.inner())),
            },
            Ok(()) => Error::Output(err.to_string()),
        }
    })
}

/// Serialises `(id, figure)` pairs as a map sorted by id (first occurrence
/// of a duplicated id wins).
struct ById<'a, T: Serialize> {
    pairs: Vec<(&'a str, &'a T)>,
}

impl<'a, T: Serialize> ById<'a, T> {
    fn new(ids: impl Iterator<Item = &'a str>, figures: &'a [T]) -> Self {
        let pairs = RollupReport::keyed_order(ids)
            .into_iter()
            .filter_map(|(id, i)| Some((id, figures.get(i as usize)?)))
            .collect();
        ById { pairs }
    }
}

impl<T: Serialize> Serialize for ById<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.pairs.len()))?;
        for (k, v) in &self.pairs {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl Serialize for RollupReport<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let doc = self.cascade.document();
        let r = self.rollup;
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry(
            "key_results",
            &ById::new(
                doc.key_results.iter().map(|x| x.id.as_str()),
                &r.key_results,
            ),
        )?;
        m.serialize_entry(
            "objectives",
            &ById::new(doc.objectives.iter().map(|x| x.id.as_str()), &r.objectives),
        )?;
        m.serialize_entry(
            "themes",
            &ById::new(doc.themes.iter().map(|x| x.id.as_str()), &r.themes),
        )?;
        m.serialize_entry(
            "units",
            &ById::new(doc.units.iter().map(|x| x.id.as_str()), &r.units),
        )?;
        m.serialize_entry(
            "mandates",
            &ById::new(doc.mandates.iter().map(|x| x.id.as_str()), &r.mandates),
        )?;
        m.end()
    }
}

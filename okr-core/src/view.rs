//! Views: the document as one unit may see it. Hidden objectives and KRs
//! become stubs that keep only their id and structural reference; check-ins
//! of hidden KRs are dropped. Nothing a stub hides can change the view.

use crate::document::{Document, KeyResult, Objective, Source, Visibility};
use crate::error::Error;
use crate::index::{Index, ItemKind, ItemRef};
use crate::visibility::{key_result_visible, objective_visible};

pub(crate) fn view_for(doc: &Document, ix: &Index, unit: &str) -> Result<Document, Error> {
    let viewer = match ix.ids.get(doc, unit) {
        Some(ItemRef {
            kind: ItemKind::Unit,
            index,
        }) => index,
        _ => {
            return Err(Error::UnknownId {
                id: unit.to_string(),
                expected: "no unit has this id".into(),
            })
        }
    };
    let objectives = doc
        .objectives
        .iter()
        .enumerate()
        .map(|(o, obj)| {
            if obj.redacted || objective_visible(doc, ix, o as u32, viewer) {
                obj.clone()
            } else {
                Objective {
                    id: obj.id.clone(),
                    unit: obj.unit.clone(),
                    title: None,
                    themes: Vec::new(),
                    governance: None,
                    links: Vec::new(),
                    created: None,
                    visibility: Visibility::Public,
                    audience: Vec::new(),
                    redacted: true,
                }
            }
        })
        .collect();
    let mut hidden_kr = vec![false; doc.key_results.len()];
    let key_results = doc
        .key_results
        .iter()
        .enumerate()
        .map(|(k, kr)| {
            if kr.redacted || key_result_visible(doc, ix, k as u32, viewer) {
                kr.clone()
            } else {
                if let Some(h) = hidden_kr.get_mut(k) {
                    *h = true;
                }
                KeyResult {
                    id: kr.id.clone(),
                    objective: kr.objective.clone(),
                    title: None,
                    metric: None,
                    source: Source::Metric,
                    weight: None,
                    confidence: None,
                    visibility: Visibility::Public,
                    audience: Vec::new(),
                    redacted: true,
                }
            }
        })
        .collect();
    let check_ins = doc
        .check_ins
        .iter()
        .zip(&ix.checkin_kr)
        .filter(|(_, &k)| !hidden_kr.get(k as usize).copied().unwrap_or(false))
        .map(|(c, _)| c.clone())
        .collect();
    Ok(Document {
        okr: doc.okr,
        view: Some(unit.to_string()),
        cycle: doc.cycle.clone(),
        units: doc.units.clone(),
        themes: doc.themes.clone(),
        objectives,
        key_results,
        contributions: doc.contributions.clone(),
        mandates: doc.mandates.clone(),
        initiatives: doc.initiatives.clone(),
        sprint_goals: doc.sprint_goals.clone(),
        check_ins,
    })
}

//! Views: the document as one unit may see it. Hidden objectives and KRs
//! become stubs that keep only their id and structural reference; check-ins
//! of hidden KRs are dropped. Nothing a stub hides can change the view.

use crate::document::{Document, KeyResult, Objective, Source, Visibility};
use crate::error::Error;
use crate::idx::IxVec;
use crate::index::Index;
use crate::visibility::{key_result_visible, objective_visible};

pub(crate) fn view_for(doc: &Document, ix: &Index, unit: &str) -> Result<Document, Error> {
    let Some(viewer) = ix.ids.get(doc, unit).and_then(|it| it.unit()) else {
        return Err(Error::UnknownId {
            id: unit.to_string(),
            expected: "no unit has this id".into(),
        });
    };
    let objectives = ix
        .objectives()
        .zip(&doc.objectives)
        .map(|(o, obj)| {
            if obj.redacted || objective_visible(doc, ix, o, viewer) {
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
                    due: None,
                    dropped: None,
                    carried_from: None,
                    depends_on: Vec::new(),
                    visibility: Visibility::Public,
                    audience: Vec::new(),
                    redacted: true,
                }
            }
        })
        .collect();
    let mut hidden_kr = IxVec::filled(ix.key_results(), false);
    let key_results = ix
        .key_results()
        .zip(&doc.key_results)
        .map(|(k, kr)| {
            if kr.redacted || key_result_visible(doc, ix, k, viewer) {
                kr.clone()
            } else {
                hidden_kr[k] = true;
                KeyResult {
                    id: kr.id.clone(),
                    objective: kr.objective.clone(),
                    title: None,
                    metric: None,
                    source: Source::Metric,
                    part_of: kr.part_of.clone(),
                    weight: None,
                    confidence: None,
                    created: None,
                    due: None,
                    dropped: None,
                    carried_from: None,
                    score: None,
                    depends_on: Vec::new(),
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
        .filter(|(_, &k)| !k.is_some_and(|k| hidden_kr[k]))
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

//! Who may see a restricted objective or key result: its own unit and that
//! unit's ancestors, and each audience unit and its descendants.

use crate::document::{Document, Visibility};
use crate::index::{Index, NONE};

fn restricted_visible(ix: &Index, owner: u32, audience: &[u32], viewer: u32) -> bool {
    (owner != NONE && ix.is_ancestor_or_self(viewer, owner))
        || audience.iter().any(|&a| ix.is_ancestor_or_self(a, viewer))
}

/// Whether objective `o` is visible to unit `viewer`.
pub(crate) fn objective_visible(doc: &Document, ix: &Index, o: u32, viewer: u32) -> bool {
    match doc.objectives.get(o as usize) {
        Some(obj) if obj.visibility == Visibility::Restricted => {
            let owner = ix.obj_unit.get(o as usize).copied().unwrap_or(NONE);
            restricted_visible(ix, owner, ix.obj_audience.get(o), viewer)
        }
        Some(_) => true,
        None => false,
    }
}

/// Whether KR `k` is visible to unit `viewer`: its own restriction and its
/// objective's both allow it.
pub(crate) fn key_result_visible(doc: &Document, ix: &Index, k: u32, viewer: u32) -> bool {
    let o = ix.kr_objective.get(k as usize).copied().unwrap_or(NONE);
    if o != NONE && !objective_visible(doc, ix, o, viewer) {
        return false;
    }
    match doc.key_results.get(k as usize) {
        Some(kr) if kr.visibility == Visibility::Restricted => {
            let owner = ix.obj_unit.get(o as usize).copied().unwrap_or(NONE);
            restricted_visible(ix, owner, ix.kr_audience.get(k), viewer)
        }
        Some(_) => true,
        None => false,
    }
}

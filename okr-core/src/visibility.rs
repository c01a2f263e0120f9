//! Who may see a restricted objective or key result: its own unit and that
//! unit's ancestors, and each audience unit and its descendants.

use crate::document::{Document, Visibility};
use crate::index::{Index, Items, KrIx, ObjIx, UnitIx};

fn restricted_visible(
    ix: &Index,
    owner: Option<UnitIx>,
    audience: &[UnitIx],
    viewer: UnitIx,
) -> bool {
    owner.is_some_and(|owner| ix.is_ancestor_or_self(viewer, owner))
        || audience.iter().any(|&a| ix.is_ancestor_or_self(a, viewer))
}

/// Whether objective `o` is visible to unit `viewer`.
pub(crate) fn objective_visible(doc: &Document, ix: &Index, o: ObjIx, viewer: UnitIx) -> bool {
    match doc.objective(o).visibility {
        Visibility::Restricted => {
            restricted_visible(ix, ix.obj_unit[o], ix.obj_audience.get(o), viewer)
        }
        Visibility::Public => true,
    }
}

/// Whether KR `k` is visible to unit `viewer`: its own restriction and its
/// objective's both allow it.
pub(crate) fn key_result_visible(doc: &Document, ix: &Index, k: KrIx, viewer: UnitIx) -> bool {
    let o = ix.kr_objective[k];
    if o.is_some_and(|o| !objective_visible(doc, ix, o, viewer)) {
        return false;
    }
    match doc.key_result(k).visibility {
        Visibility::Restricted => {
            let owner = o.and_then(|o| ix.obj_unit[o]);
            restricted_visible(ix, owner, ix.kr_audience.get(k), viewer)
        }
        Visibility::Public => true,
    }
}

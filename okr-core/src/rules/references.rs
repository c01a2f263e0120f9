//! References: E001 duplicate-id, E002 unknown-reference, E006
//! direct-needs-key-result.

use super::{cap, Code, Ctx};
use crate::index::{BrokenRef, ItemKind, ItemRef, Items, Node};

pub(super) fn run(ctx: &mut Ctx<'_>) {
    if ctx.on(Code::E001) {
        duplicate_id(ctx);
    }
    if ctx.on(Code::E002) {
        unknown_reference(ctx);
    }
    if ctx.on(Code::E006) {
        direct_needs_key_result(ctx);
    }
}

/// E001: an id used twice; subject the id, once.
fn duplicate_id(ctx: &mut Ctx<'_>) {
    for &item in &ctx.ix.duplicates {
        let id = ctx.id(item);
        let message = format!(
            "The id \"{id}\" is used by more than one item (first by the {} {id}); \
             every id must be unique across the document.",
            item.kind().noun()
        );
        ctx.emit(Code::E001, id, Vec::new(), message);
    }
}

/// What a reference field means, in words: "links to", "belongs to unit".
fn field_words(owner: ItemKind, field: &str) -> &'static str {
    let name = field.split('[').next().unwrap_or(field);
    match (owner, name) {
        (ItemKind::Unit, "parent") => "names as its parent",
        (_, "unit") => "belongs to",
        (_, "themes") => "is tagged with the theme",
        (_, "audience") => "names in its audience",
        (_, "links") => "links to",
        (ItemKind::KeyResult, "objective") => "belongs to the objective",
        (ItemKind::Contribution, "to") => "contributes to",
        (_, "supports") => "supports",
        (ItemKind::CheckIn, _) => "measures",
        (_, "key_results") => "serves",
        _ => "refers to",
    }
}

/// E002: every reference that failed (the index lists them).
fn unknown_reference(ctx: &mut Ctx<'_>) {
    for b in &ctx.ix.broken {
        let BrokenRef {
            owner,
            field,
            target,
            expected,
            found,
        } = b;
        let subject = ctx.id(*owner);
        let what = match *owner {
            ItemRef::CheckIn(c) => format!("A check-in dated {}", ctx.doc.check_in(c).date),
            _ => cap(&ctx.item_name(*owner)),
        };
        let problem = match found {
            None => "but no item has that id".to_string(),
            Some(kind) => format!("but that is {}", super::a_noun(*kind)),
        };
        let message = format!(
            "{what} {} \"{target}\", {problem}; it must name {expected}.",
            field_words(owner.kind(), field)
        );
        ctx.emit(Code::E002, subject, vec![target.clone()], message);
    }
}

/// E006: a direct link whose target exists but is not a KR.
fn direct_needs_key_result(ctx: &mut Ctx<'_>) {
    for &l in &ctx.ix.direct_to_non_kr {
        let o = ctx.ix.link_owner[l];
        let obj = ctx.doc.objective(o);
        let link = ctx.link(l);
        let target = match ctx.ix.link_target[l] {
            Some(n @ Node::Objective(_)) => ctx.node_name(n),
            _ => match ctx.ix.ids.get(ctx.doc, &link.to) {
                Some(item) => ctx.item_name(item),
                None => format!("\"{}\"", link.to),
            },
        };
        let message = format!(
            "{} has a direct link to {target}; a direct link must point at a key result.",
            ctx.objective_name(o)
        );
        ctx.emit(Code::E006, &obj.id, vec![link.to.clone()], message);
    }
}

//! `typing.Annotated`: the `Annotated` token, with the base type and the metadata it attaches.

use tree_sitter::Node;

use crate::analysis::semantics::typing::{subscript_arguments, typing_expression, typing_uses};
use crate::analysis::syntax::{code_list, snippet};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "typing-annotated";

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for (token, expression) in typing_uses(context, "Annotated") {
        out.push(context.occurrence(TOPIC, token, annotated_notes(context, expression)));
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    match typing_expression(context, anchor, "Annotated") {
        Some(expression) => annotated_notes(context, expression),
        None => Vec::new(),
    }
}

fn annotated_notes(context: &Context, expression: Node) -> Vec<String> {
    let Some(arguments) = subscript_arguments(expression) else {
        return vec!["`Annotated` is used here without a subscription; it takes a type and at least one metadata object, as in `Annotated[int, ...]`.".to_owned()];
    };
    let mut notes = Vec::new();
    let Some((base, metadata)) = arguments.split_first() else { return notes };
    let base = snippet(context.text, *base, 50);
    if metadata.is_empty() {
        notes.push(format!("Base type `{base}` with no metadata: `Annotated` needs at least one metadata object, so this raises `TypeError` when evaluated."));
        return notes;
    }
    let metadata: Vec<String> = metadata.iter().map(|item| snippet(context.text, *item, 40)).collect();
    notes.push(format!("Base type `{base}`; metadata {}.", code_list(&metadata, 110)));
    notes.push(format!("Type checkers see plain `{base}`; the metadata is read at run time from `__metadata__` or `get_type_hints(..., include_extras=True)`."));
    notes
}

//! `typing.Literal`: the `Literal` token, with the values it allows.

use tree_sitter::Node;

use crate::analysis::semantics::typing::{subscript_arguments, typing_expression, typing_uses};
use crate::analysis::syntax::{code_list, snippet, text_of};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "typing-literal";

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for (token, expression) in typing_uses(context, "Literal") {
        out.push(context.occurrence(TOPIC, token, literal_notes(context, expression)));
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    match typing_expression(context, anchor, "Literal") {
        Some(expression) => literal_notes(context, expression),
        None => Vec::new(),
    }
}

fn literal_notes(context: &Context, expression: Node) -> Vec<String> {
    let Some(arguments) = subscript_arguments(expression) else {
        return vec![
            "`Literal` is used here without a subscription; as a type it needs the allowed values, as in `Literal[\"r\", \"w\"]`."
                .to_owned(),
        ];
    };
    let mut notes = Vec::new();
    let values: Vec<String> = arguments.iter().map(|value| snippet(context.text, *value, 30)).collect();
    match values.len() {
        0 => {}
        1 => notes.push(format!("Allows exactly one value: {}.", code_list(&values, 120))),
        _ => notes.push(format!("Allows exactly these values: {}.", code_list(&values, 120))),
    }
    let invalid: Vec<String> =
        arguments.iter().filter(|value| !is_valid_value(context, **value)).take(2).map(|value| snippet(context.text, *value, 30)).collect();
    if !invalid.is_empty() {
        notes.push(format!("Type checkers reject {} here: it takes `int`, `str`, `bytes` or `bool` constants, enum members, `None` or other `Literal` types.", code_list(&invalid, 60)));
    }
    notes.push(
        "Only type checkers enforce it; at run time any value passes, so validate outside input with `value in typing.get_args(...)`."
            .to_owned(),
    );
    notes
}

/// Whether a checker accepts `value` inside `Literal[...]`; names and attributes may be enum
/// members or aliases of other `Literal` types, so they pass.
fn is_valid_value(context: &Context, value: Node) -> bool {
    match value.kind() {
        "integer"
        | "true"
        | "false"
        | "none"
        | "identifier"
        | "attribute"
        | "subscript"
        | "generic_type"
        | "concatenated_string"
        | "type" => true,
        "string" => {
            let start = value.child(0).map(|start| text_of(context.text, start).to_ascii_lowercase()).unwrap_or_default();
            !start.contains('f') && !start.contains('t')
        }
        "unary_operator" => {
            value.child_by_field_name("argument").is_some_and(|argument| argument.kind() == "integer")
                && text_of(context.text, value).trim_start().starts_with('-')
        }
        "parenthesized_expression" => value.named_child(0).is_some_and(|inner| is_valid_value(context, inner)),
        _ => false,
    }
}

//! Default argument values: a default in a `def` that is a list, dict or set display (or
//! comprehension) or a call, evaluated once when the `def` runs and shared by every call.

use tree_sitter::Node;

use crate::analysis::syntax::{snippet, text_of};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "default-arguments";
const DISPLAYS: &[&str] = &["list", "dictionary", "set", "list_comprehension", "dictionary_comprehension", "set_comprehension"];
/// Calls whose result is immutable, so sharing it between calls is harmless.
const IMMUTABLE_RESULTS: &[&str] = &[
    "builtins.frozenset",
    "builtins.tuple",
    "builtins.int",
    "builtins.float",
    "builtins.str",
    "builtins.bytes",
    "builtins.bool",
    "builtins.complex",
    "builtins.range",
];

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for kind in ["default_parameter", "typed_default_parameter"] {
        for parameter in context.nodes(kind) {
            if let Some(value) = shared_default(*parameter) {
                out.push(context.occurrence(TOPIC, value, default_notes(context, *parameter, value)));
            }
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let mut parameter = anchor.parent();
    while let Some(parent) = parameter.filter(|parent| parent.kind() == "parenthesized_expression") {
        parameter = parent.parent();
    }
    let Some(parameter) = parameter.filter(|parent| matches!(parent.kind(), "default_parameter" | "typed_default_parameter")) else {
        return Vec::new();
    };
    match shared_default(parameter) {
        Some(value) if value.id() == anchor.id() => default_notes(context, parameter, value),
        _ => Vec::new(),
    }
}

/// The default value of a `def` parameter when it is a display or a call, parentheses looked
/// through as CPython's AST does.
pub fn shared_default(parameter: Node) -> Option<Node> {
    let default = parameter.child_by_field_name("value")?;
    let in_def = parameter
        .parent()
        .filter(|parent| parent.kind() == "parameters")
        .and_then(|parameters| parameters.parent())
        .is_some_and(|parent| parent.kind() == "function_definition");
    if !in_def {
        return None;
    }
    let mut value = default;
    // `x=([])` is the list itself in CPython's AST.
    while value.kind() == "parenthesized_expression" && value.named_child_count() == 1 {
        value = value.named_child(0)?;
    }
    (DISPLAYS.contains(&value.kind()) || value.kind() == "call").then_some(value)
}

fn default_notes(context: &Context, parameter: Node, value: Node) -> Vec<String> {
    let name = parameter.child_by_field_name("name").map(|name| text_of(context.text, name)).unwrap_or("this parameter");
    let shown = snippet(context.text, value, 40);
    if value.kind() != "call" {
        let kind = match value.kind() {
            "list" | "list_comprehension" => "list",
            "dictionary" | "dictionary_comprehension" => "dict",
            _ => "set",
        };
        return vec![
            format!("`{shown}` is built once, when the `def` runs: every call that omits `{name}` gets that same {kind}."),
            format!("Mutating it leaks into later calls; default to `None` and build a new {kind} in the body instead."),
        ];
    }
    let mut notes = vec![format!("`{shown}` runs once, when the `def` runs: every call that omits `{name}` reuses that one result.")];
    let callee = value.child_by_field_name("function").and_then(|callee| context.resolve(callee));
    match callee.as_deref() {
        Some(qualified) if IMMUTABLE_RESULTS.contains(&qualified) => {
            notes.push("The result is immutable, so sharing it is harmless.".to_owned())
        }
        Some("builtins.object") => notes.push(
            "A shared `object()` is the usual sentinel for telling an omitted argument apart from any value a caller can pass.".to_owned(),
        ),
        _ => notes.push("If each call needs a fresh or current value, default to `None` and make the call in the body.".to_owned()),
    }
    notes
}

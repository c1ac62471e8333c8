//! `mutable-default-argument`: a `def` parameter whose default is a list, dict or set display or
//! comprehension, built once and shared by every call.

use tree_sitter::Node;

use crate::analysis::{Context, Finding};

pub const CODE: &str = "mutable-default-argument";

const MUTABLE_KINDS: &[&str] = &["list", "dictionary", "set", "list_comprehension", "dictionary_comprehension", "set_comprehension"];

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for kind in ["default_parameter", "typed_default_parameter"] {
        for parameter in context.nodes(kind) {
            if let Some(value) = mutable_default(*parameter) {
                out.extend(context.finding_at(CODE, value));
            }
        }
    }
}

/// The mutable default value of a parameter of a `def` (parentheses looked through).
pub fn mutable_default(parameter: Node) -> Option<Node> {
    let in_def = parameter
        .parent()
        .filter(|parent| parent.kind() == "parameters")
        .and_then(|parameters| parameters.parent())
        .is_some_and(|function| function.kind() == "function_definition");
    if !in_def {
        return None;
    }
    let mut value = parameter.child_by_field_name("value")?;
    while value.kind() == "parenthesized_expression" && value.named_child_count() == 1 {
        value = value.named_child(0)?;
    }
    MUTABLE_KINDS.contains(&value.kind()).then_some(value)
}

//! `mutable-default-argument`: a `def` parameter whose default is a list, dict or set display or
//! comprehension, built once and shared by every call; not when the function only compares the
//! parameter by identity or membership (a sentinel, a constant table), which shares nothing.

use tree_sitter::Node;

use crate::analysis::syntax::{self, text_of};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "mutable-default-argument";

const MUTABLE_KINDS: &[&str] = &["list", "dictionary", "set", "list_comprehension", "dictionary_comprehension", "set_comprehension"];

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for kind in ["default_parameter", "typed_default_parameter"] {
        for parameter in context.nodes(kind) {
            if let Some(value) = mutable_default(*parameter) {
                if only_compared(context, *parameter) {
                    continue;
                }
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

/// Whether every read of the parameter in its function's own body is an identity test
/// (`x is _nil`, either side) or the container of a membership test (`k in allowed`), with at least
/// one such read: the object is then never mutated, returned, stored or passed on.
fn only_compared(context: &Context, parameter: Node) -> bool {
    let Some(name) = parameter.child_by_field_name("name").filter(|name| name.kind() == "identifier") else { return false };
    let Some(function) = parameter.parent().and_then(|parameters| parameters.parent()) else { return false };
    let Some(body) = function.child_by_field_name("body") else { return false };
    let spelled = text_of(context.text, name);
    // `global NAME` or `nonlocal NAME` in the body makes its uses another variable: judged no further.
    let redeclared = ["global_statement", "nonlocal_statement"].iter().any(|kind| {
        context.nodes(kind).iter().any(|statement| {
            syntax::contains(body, *statement) && {
                let mut cursor = statement.walk();
                let named = statement.named_children(&mut cursor).any(|declared| text_of(context.text, declared) == spelled);
                named
            }
        })
    });
    if redeclared {
        return false;
    }
    let mut reads = 0;
    for identifier in context.identifiers_named(spelled) {
        if !syntax::contains(body, identifier) || !syntax::is_variable_name(identifier) {
            continue;
        }
        // A use in a nested scope may read the parameter or a name of its own; telling them apart
        // walks every scope between, so any such use counts as more than a comparison (the finding
        // stays), which keeps deeply nested code linear.
        if syntax::enclosing_scope(identifier).is_none_or(|scope| scope.id() != function.id()) {
            return false;
        }
        // The parameter names of a nested def stand in this body but bind in that def.
        if is_parameter_name(identifier) {
            continue;
        }
        // A rebinding makes the name hold other values; an attribute name `obj.x` is another thing.
        if syntax::is_binding_occurrence(identifier) {
            return false;
        }
        if is_lookup_default(context, identifier) {
            continue;
        }
        let Some(comparison) = identifier.parent().filter(|parent| parent.kind() == "comparison_operator") else { return false };
        let mut cursor = comparison.walk();
        let operators: Vec<&str> = comparison.children_by_field_name("operators", &mut cursor).map(|operator| operator.kind()).collect();
        let identity = !operators.is_empty() && operators.iter().all(|operator| matches!(*operator, "is" | "is not"));
        let membership = !operators.is_empty()
            && operators.iter().all(|operator| matches!(*operator, "in" | "not in"))
            && comparison.named_child(0).is_some_and(|first| first.id() != identifier.id());
        if !identity && !membership {
            return false;
        }
        reads += 1;
    }
    reads > 0
}

/// Whether `identifier` is the default a lookup returns when it finds nothing, to be compared
/// afterwards: `memo.get(key, _nil)` (as `copy.deepcopy` does), `.pop(key, _nil)`,
/// `getattr(obj, name, _nil)`, `next(it, _nil)`. These hand the object back untouched.
fn is_lookup_default(context: &Context, identifier: Node) -> bool {
    let Some(arguments) = identifier.parent().filter(|parent| parent.kind() == "argument_list") else { return false };
    let Some(call) = arguments.parent().filter(|call| call.kind() == "call") else { return false };
    let Some(function) = call.child_by_field_name("function") else { return false };
    let mut cursor = arguments.walk();
    let items: Vec<Node> = arguments.named_children(&mut cursor).filter(|item| item.kind() != "comment").collect();
    let position = items.iter().position(|item| item.id() == identifier.id());
    let wanted = match function.kind() {
        "attribute" => match function.child_by_field_name("attribute").map(|name| text_of(context.text, name)) {
            Some("get" | "pop") => 1,
            _ => return false,
        },
        "identifier" => match context.resolve(function).as_deref() {
            Some("builtins.getattr") => 2,
            Some("builtins.next") => 1,
            _ => return false,
        },
        _ => return false,
    };
    position == Some(wanted) && items.len() == wanted + 1
}

/// Whether `identifier` is the name a parameter binds (not a default value or an annotation).
fn is_parameter_name(identifier: Node) -> bool {
    let Some(parent) = identifier.parent() else { return false };
    match parent.kind() {
        "parameters" | "lambda_parameters" | "list_splat_pattern" | "dictionary_splat_pattern" => true,
        "default_parameter" | "typed_default_parameter" => parent.child_by_field_name("name").is_some_and(|name| name.id() == identifier.id()),
        "typed_parameter" => parent.named_child(0).is_some_and(|name| name.id() == identifier.id()),
        _ => false,
    }
}

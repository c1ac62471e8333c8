//! `eq-without-hash`: a class whose own body defines `__eq__` without `__hash__`, so Python sets
//! its `__hash__` to `None`, while the file hashes its instances.

use tree_sitter::Node;

use crate::analysis::semantics::classes::{body_names, class_named, is_attrs_class, is_dataclass};
use crate::analysis::syntax::{self, methods, positional_arguments};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "eq-without-hash";

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    let mut hashed = None;
    for class in context.nodes("class_definition") {
        let Some((_, eq)) = methods(*class, context.text).into_iter().find(|(name, _)| name == "__eq__") else { continue };
        if body_names(context, *class).iter().any(|name| name == "__hash__") || is_dataclass(context, *class) || is_attrs_class(context, *class)
        {
            continue;
        }
        // Where the file hashes things, over the whole file even in a window; found once.
        let hashed = hashed.get_or_insert_with(|| hashed_expressions(context));
        if hashed.iter().any(|expression| instance_of(context, *expression, *class) && !expects_type_error(context, *expression)) {
            out.extend(eq.child_by_field_name("name").and_then(|name| context.finding_at(CODE, name)));
        }
    }
}

/// The expressions the file hashes: set elements, dict keys (displays and comprehensions) and
/// the argument of `hash()`.
fn hashed_expressions<'tree>(context: &Context<'tree>) -> Vec<Node<'tree>> {
    let mut found = Vec::new();
    for set in context.file_nodes("set") {
        let mut cursor = set.walk();
        found.extend(set.named_children(&mut cursor).filter(|element| element.kind() != "comment"));
    }
    for comprehension in context.file_nodes("set_comprehension") {
        found.extend(comprehension.child_by_field_name("body"));
    }
    for kind in ["dictionary", "dictionary_comprehension"] {
        for display in context.file_nodes(kind) {
            let mut cursor = display.walk();
            let pairs: Vec<Node> = display.named_children(&mut cursor).filter(|child| child.kind() == "pair").collect();
            found.extend(pairs.into_iter().filter_map(|pair| pair.child_by_field_name("key")));
        }
    }
    for call in context.file_nodes("call") {
        let is_hash = call.child_by_field_name("function").and_then(|callee| context.resolve(callee)).as_deref() == Some("builtins.hash");
        if is_hash {
            found.extend(positional_arguments(call).first().copied());
        }
    }
    found
}

/// Whether `expression` is `C(...)` for this class statement, or a name bound only to such calls
/// in its scope.
fn instance_of(context: &Context, expression: Node, class: Node) -> bool {
    match expression.kind() {
        "call" => is_constructor_call(context, expression, class),
        "identifier" => {
            let scope = syntax::enclosing_scope(expression).map(|scope| scope.id());
            let name = context.text_of(expression);
            let bindings: Vec<Node> = context
                .identifiers_named(name)
                .into_iter()
                .filter(|identifier| {
                    syntax::is_binding_occurrence(*identifier) && syntax::enclosing_scope(*identifier).map(|scope| scope.id()) == scope
                })
                .collect();
            !bindings.is_empty()
                && bindings.iter().all(|identifier| {
                    identifier.parent().is_some_and(|assignment| {
                        assignment.kind() == "assignment"
                            && assignment.child_by_field_name("left").is_some_and(|left| left.id() == identifier.id())
                            && assignment.child_by_field_name("right").is_some_and(|right| right.kind() == "call" && is_constructor_call(context, right, class))
                    })
                })
        }
        _ => false,
    }
}

fn is_constructor_call(context: &Context, call: Node, class: Node) -> bool {
    let Some(callee) = call.child_by_field_name("function").filter(|callee| callee.kind() == "identifier") else { return false };
    context.resolve(callee).is_none() && class_named(context, context.text_of(callee), call).is_some_and(|found| found.id() == class.id())
}

/// Whether `node` sits in a `try` body with a handler for `TypeError`, or in a
/// `with pytest.raises(TypeError)` / `with self.assertRaises(TypeError)` block.
fn expects_type_error(context: &Context, node: Node) -> bool {
    let mut child = node;
    while let Some(parent) = child.parent() {
        match parent.kind() {
            "function_definition" | "lambda" | "class_definition" => return false,
            "try_statement" if parent.child_by_field_name("body").is_some_and(|body| body.id() == child.id()) => {
                let mut cursor = parent.walk();
                let catches = parent.named_children(&mut cursor).any(|clause| {
                    clause.kind() == "except_clause" && {
                        let mut inner = clause.walk();
                        let found = clause.named_children(&mut inner).take_while(|part| part.kind() != "block").any(|types| names_type_error(context, types));
                        found
                    }
                });
                if catches {
                    return true;
                }
            }
            "with_statement" if parent.child_by_field_name("body").is_some_and(|body| body.id() == child.id()) => {
                let expects = syntax::descendants(parent, "with_item").into_iter().any(|item| {
                    let Some(call) = item.child_by_field_name("value").filter(|value| value.kind() == "call") else { return false };
                    let callee = call.child_by_field_name("function").and_then(syntax::last_name).map(|name| context.text_of(name));
                    matches!(callee, Some("raises" | "assertRaises"))
                        && positional_arguments(call).first().is_some_and(|first| names_type_error(context, *first))
                });
                if expects {
                    return true;
                }
            }
            _ => {}
        }
        child = parent;
    }
    false
}

/// `TypeError`, or a tuple naming it (`(TypeError, ValueError)`), or `TypeError as err`.
fn names_type_error(context: &Context, types: Node) -> bool {
    match types.kind() {
        "identifier" => context.text_of(types) == "TypeError",
        "as_pattern" | "parenthesized_expression" => types.named_child(0).is_some_and(|inner| names_type_error(context, inner)),
        "tuple" => {
            let mut cursor = types.walk();
            let found = types.named_children(&mut cursor).any(|item| names_type_error(context, item));
            found
        }
        _ => false,
    }
}

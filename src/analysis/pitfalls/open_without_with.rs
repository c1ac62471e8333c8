//! `open-without-with`: `NAME = open(...)` with the builtin `open`, whose file is not closed on
//! every path, unless the file object escapes the function or is closed in a `finally`.

use tree_sitter::Node;

use crate::analysis::semantics::scopes::defining_scope;
use crate::analysis::syntax::{self, enclosing_scope, is_binding_occurrence, is_variable_name, text_of};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "open-without-with";

/// Attributes of a file object that are plain data, so reading them passes no reference to the file on.
const DATA_ATTRIBUTES: &[&str] = &["name", "mode", "closed", "encoding", "errors", "newlines", "line_buffering", "write_through"];

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for call in context.nodes("call") {
        if matches_open(context, *call).is_some() {
            out.extend(context.finding_at(CODE, *call));
        }
    }
}

/// A flagged `NAME = open(...)`.
pub struct OpenAssignment<'tree> {
    /// The `expression_statement` holding the assignment.
    pub statement: Node<'tree>,
    pub assignment: Node<'tree>,
    pub target: Node<'tree>,
    pub call: Node<'tree>,
    /// The scope node the name lives in (def, lambda, comprehension, or the module root).
    pub scope: Node<'tree>,
}

/// The assignment when `call` is a flagged `NAME = open(...)`.
pub fn matches_open<'tree>(context: &Context<'tree>, call: Node<'tree>) -> Option<OpenAssignment<'tree>> {
    let callee = call.child_by_field_name("function")?;
    if callee.kind() != "identifier" || context.resolve(callee).as_deref() != Some("builtins.open") {
        return None;
    }
    let assignment = call.parent().filter(|parent| parent.kind() == "assignment")?;
    if assignment.child_by_field_name("right")?.id() != call.id() {
        return None;
    }
    let target = assignment.child_by_field_name("left").filter(|left| left.kind() == "identifier")?;
    // `a = b = open(...)` binds two names: the file is shared.
    let statement = assignment.parent().filter(|parent| parent.kind() == "expression_statement")?;
    let scope = defining_scope(target, context.text);
    let innermost = enclosing_scope(assignment).unwrap_or(context.tree.root_node());
    // A class attribute, a `global` or a `nonlocal` name is reachable from elsewhere.
    if scope.id() != innermost.id() || scope.kind() == "class_definition" {
        return None;
    }
    let found = OpenAssignment { statement, assignment, target, call, scope };
    let mut closed_in_finally = false;
    for name in uses(context, &found) {
        if is_binding_occurrence(name) || !reaches(&found, name) {
            continue;
        }
        // A nested def, lambda or generator expression captures the file and may run at any
        // time later; a list, set or dict comprehension runs at once.
        if !in_own_scope(&found, name) && !in_comprehension_of(&found, name) {
            return None;
        }
        match classify(context, name) {
            Use::Benign => {}
            Use::Closes { in_finally } => closed_in_finally |= in_finally,
            Use::Escapes => return None,
        }
    }
    (!closed_in_finally).then_some(found)
}

/// Every identifier naming the same variable as the target, the target itself excluded.
pub fn uses<'tree>(context: &Context<'tree>, found: &OpenAssignment<'tree>) -> Vec<Node<'tree>> {
    let name = text_of(context.text, found.target);
    context
        .identifiers_named(name)
        .iter()
        .copied()
        .filter(|identifier| {
            identifier.id() != found.target.id()
                && syntax::contains(found.scope, *identifier)
                && is_variable_name(*identifier)
                && defining_scope(*identifier, context.text).id() == found.scope.id()
        })
        .collect()
}

/// Whether a use can see the value this assignment binds: it comes later, or in a loop around it,
/// or in a nested scope (which may run at any time).
fn reaches(found: &OpenAssignment, name: Node) -> bool {
    if name.start_byte() >= found.assignment.end_byte() || !in_own_scope(found, name) {
        return true;
    }
    let mut current = found.assignment.parent();
    while let Some(node) = current {
        if node.id() == found.scope.id() {
            return false;
        }
        if matches!(node.kind(), "for_statement" | "while_statement") && syntax::contains(node, name) {
            return true;
        }
        current = node.parent();
    }
    false
}

fn in_own_scope(found: &OpenAssignment, name: Node) -> bool {
    evaluation_scope(name).map_or(found.scope.parent().is_none(), |scope| scope.id() == found.scope.id())
}

/// The innermost scope whose code evaluates `node`, where a comprehension's first iterable
/// belongs to the scope around the comprehension.
fn evaluation_scope(node: Node) -> Option<Node> {
    let mut current = node.parent();
    let mut child = node;
    while let Some(parent) = current {
        let inside = match parent.kind() {
            "function_definition" | "class_definition" | "lambda" => {
                parent.child_by_field_name("body").is_some_and(|body| body.id() == child.id())
            }
            "list_comprehension" | "set_comprehension" | "dictionary_comprehension" | "generator_expression" => {
                let mut cursor = parent.walk();
                let first = parent.named_children(&mut cursor).find(|part| part.kind() == "for_in_clause");
                !first.and_then(|clause| clause.child_by_field_name("right")).is_some_and(|iterable| syntax::contains(iterable, node))
            }
            _ => false,
        };
        if inside {
            return Some(parent);
        }
        child = parent;
        current = parent.parent();
    }
    None
}

/// Whether every scope between `name` and the assignment's scope is a list, set or dict comprehension.
fn in_comprehension_of(found: &OpenAssignment, name: Node) -> bool {
    let mut current = evaluation_scope(name);
    while let Some(scope) = current {
        if scope.id() == found.scope.id() {
            return true;
        }
        if !matches!(scope.kind(), "list_comprehension" | "set_comprehension" | "dictionary_comprehension") {
            return false;
        }
        current = evaluation_scope(scope);
    }
    found.scope.parent().is_none()
}

enum Use {
    Benign,
    Closes { in_finally: bool },
    Escapes,
}

/// What one read of the name does with the file object.
fn classify(context: &Context, name: Node) -> Use {
    let Some(parent) = name.parent() else { return Use::Escapes };
    let is_field = |field: &str| parent.child_by_field_name(field).is_some_and(|value| value.id() == name.id());
    match parent.kind() {
        "attribute" if is_field("object") => {
            let attribute = parent.child_by_field_name("attribute").map(|attribute| text_of(context.text, attribute)).unwrap_or("");
            let called = parent.parent().is_some_and(|call| {
                call.kind() == "call" && call.child_by_field_name("function").is_some_and(|function| function.id() == parent.id())
            });
            if called {
                if attribute == "close" {
                    return Use::Closes {
                        in_finally: syntax::ancestor(parent, &["finally_clause", "function_definition", "lambda", "class_definition"])
                            .is_some_and(|clause| clause.kind() == "finally_clause"),
                    };
                }
                return Use::Benign;
            }
            // `f.write` handed on is a bound method that keeps the file alive.
            if DATA_ATTRIBUTES.contains(&attribute)
                || parent.parent().is_some_and(|outer| {
                    outer.kind() == "assignment" && outer.child_by_field_name("left").is_some_and(|left| left.id() == parent.id())
                })
            {
                Use::Benign
            } else {
                Use::Escapes
            }
        }
        "for_in_clause" if is_field("right") && parent.parent().is_some_and(|generator| generator.kind() == "generator_expression") => {
            // A generator over the file holds it: fine when a call consumes it, an escape otherwise.
            let consumed = parent
                .parent()
                .and_then(|generator| generator.parent())
                .is_some_and(|outer| matches!(outer.kind(), "call" | "argument_list"));
            if consumed {
                Use::Benign
            } else {
                Use::Escapes
            }
        }
        "for_statement" | "for_in_clause" if is_field("right") => Use::Benign,
        "with_item" => Use::Closes { in_finally: true },
        "as_pattern"
            if parent.named_child(0).is_some_and(|first| first.id() == name.id())
                && parent.parent().is_some_and(|item| item.kind() == "with_item") =>
        {
            Use::Closes { in_finally: true }
        }
        "not_operator" => Use::Benign,
        "comparison_operator" => {
            let mut cursor = parent.walk();
            let identity = parent
                .children_by_field_name("operators", &mut cursor)
                .all(|operator| matches!(operator.kind(), "is" | "is not" | "==" | "!="));
            if identity {
                Use::Benign
            } else {
                Use::Escapes
            }
        }
        "if_statement" | "elif_clause" | "while_statement" if is_field("condition") => Use::Benign,
        _ => Use::Escapes,
    }
}

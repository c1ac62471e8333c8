//! `for x in it: yield x`: a loop that only re-yields its variable, where `yield from it` delegates.

use tree_sitter::Node;

use crate::analysis::syntax::{self, text_of};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "yield-in-for-loop";

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for statement in context.nodes("for_statement") {
        if matches_loop(context, *statement).is_some() {
            if let Some(keyword) = syntax::token(*statement, "for") {
                out.extend(context.finding_at(CODE, keyword));
            }
        }
    }
}

/// The loop's iterable when `statement` is a flaggable `for x in it: yield x`.
pub fn matches_loop<'tree>(context: &Context<'tree>, statement: Node<'tree>) -> Option<Node<'tree>> {
    if syntax::token(statement, "async").is_some() || statement.child_by_field_name("alternative").is_some() {
        return None;
    }
    let target = statement.child_by_field_name("left").filter(|left| left.kind() == "identifier")?;
    let name = text_of(context.text, target);
    let body = statement.child_by_field_name("body")?;
    let mut cursor = body.walk();
    let statements: Vec<Node> = body.named_children(&mut cursor).filter(|child| child.kind() != "comment").collect();
    let [only] = statements.as_slice() else { return None };
    if only.kind() != "expression_statement" || only.named_child_count() != 1 {
        return None;
    }
    let expression = only.named_child(0)?;
    if expression.kind() != "yield" || syntax::token(expression, "from").is_some() {
        return None;
    }
    let yielded = expression.named_child(0)?;
    if yielded.kind() != "identifier" || text_of(context.text, yielded) != name {
        return None;
    }
    let function = syntax::enclosing_function(statement).filter(|function| function.kind() == "function_definition")?;
    if syntax::is_async(function) {
        return None;
    }
    if read_after(context, function, statement, name) {
        return None;
    }
    statement.child_by_field_name("right")
}

/// Whether `name` is used in `function` after `statement` ends.
fn read_after(context: &Context, function: Node, statement: Node, name: &str) -> bool {
    let Some(body) = function.child_by_field_name("body") else { return false };
    context
        .identifiers_named(name)
        .iter()
        .any(|identifier| identifier.start_byte() >= statement.end_byte() && identifier.end_byte() <= body.end_byte())
}

//! `stop-iteration-in-generator`: `raise StopIteration` in a generator's own body, which PEP 479
//! turns into `RuntimeError`.

use tree_sitter::Node;

use crate::analysis::syntax::{self, text_of};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "stop-iteration-in-generator";

/// Handler types that catch a `StopIteration`.
const CATCHERS: &[&str] = &["builtins.StopIteration", "builtins.Exception", "builtins.BaseException"];

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for statement in context.nodes("raise_statement") {
        if matches_raise(context, *statement).is_some() {
            out.extend(context.finding_at(CODE, *statement));
        }
    }
}

/// The raised expression (`StopIteration` or `StopIteration(...)`) and the generator def, when
/// `statement` is flagged.
pub fn matches_raise<'tree>(context: &Context<'tree>, statement: Node<'tree>) -> Option<(Node<'tree>, Node<'tree>)> {
    let raised = statement.named_child(0).filter(|raised| raised.kind() != "comment")?;
    let name = if raised.kind() == "call" { raised.child_by_field_name("function")? } else { raised };
    if name.kind() != "identifier" || context.resolve(name).as_deref() != Some("builtins.StopIteration") {
        return None;
    }
    let function = syntax::enclosing_function(statement).filter(|function| function.kind() == "function_definition")?;
    if !syntax::is_generator(function) || caught_within(context, statement, function) {
        return None;
    }
    Some((raised, function))
}

/// Whether a `try` of `function` around `statement` (in its body, not a handler) catches `StopIteration`.
fn caught_within(context: &Context, statement: Node, function: Node) -> bool {
    let mut child = statement;
    let mut current = statement.parent();
    while let Some(parent) = current {
        if parent.id() == function.id() {
            return false;
        }
        if parent.kind() == "try_statement" && parent.child_by_field_name("body").is_some_and(|body| body.id() == child.id()) {
            let mut cursor = parent.walk();
            let catches =
                parent.named_children(&mut cursor).any(|clause| clause.kind() == "except_clause" && handler_catches(context, clause));
            if catches {
                return true;
            }
        }
        child = parent;
        current = parent.parent();
    }
    false
}

/// Whether an `except` clause catches `StopIteration`: bare, or naming it, `Exception` or
/// `BaseException`, alone or in a tuple.
fn handler_catches(context: &Context, clause: Node) -> bool {
    let mut cursor = clause.walk();
    let Some(mut caught) = clause.named_children(&mut cursor).find(|part| !matches!(part.kind(), "block" | "comment")) else {
        return true;
    };
    if caught.kind() == "as_pattern" {
        match caught.named_child(0) {
            Some(inner) => caught = inner,
            None => return false,
        }
    }
    let mut names = vec![caught];
    while let Some(node) = names.pop() {
        match node.kind() {
            "tuple" | "parenthesized_expression" | "expression_list" => {
                let mut inner = node.walk();
                names.extend(node.named_children(&mut inner));
            }
            "identifier" | "attribute" => {
                let qualified = context.resolve(node).unwrap_or_default();
                // `builtins.Exception` written out resolves through the `builtins` module.
                if CATCHERS.contains(&qualified.as_str())
                    || matches!(text_of(context.text, node), "builtins.StopIteration" | "builtins.Exception" | "builtins.BaseException")
                {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

//! `raise-without-from`: `raise X` inside an `except` clause without `from`, which chains the
//! handled exception only implicitly ("During handling of the above exception ...").

use tree_sitter::Node;

use crate::analysis::syntax::{handler_name, handler_of, text_of};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "raise-without-from";

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for statement in context.nodes("raise_statement") {
        if let Some(flagged) = flagged(context, *statement) {
            if let Some(keyword) = flagged.statement.child(0) {
                out.extend(context.finding_at(CODE, keyword));
            }
        }
    }
}

/// A flagged `raise` with its handler.
pub struct Flagged<'tree> {
    pub statement: Node<'tree>,
    pub handler: Node<'tree>,
    /// The raised expression.
    pub raised: Node<'tree>,
}

/// The `raise` and its handler when `statement` is a `raise X` without `from` in an `except`
/// clause's own body that does not re-raise the handler's own exception.
pub fn flagged<'tree>(context: &Context<'tree>, statement: Node<'tree>) -> Option<Flagged<'tree>> {
    if statement.child_by_field_name("cause").is_some() {
        return None;
    }
    let raised = statement.named_children(&mut statement.walk()).find(|child| child.kind() != "comment")?;
    let handler = handler_of(statement)?;
    if let Some(name) = handler_name(handler) {
        let name = text_of(context.text, name);
        if reraises(context, raised, name) {
            return None;
        }
    }
    Some(Flagged { statement, handler, raised })
}

/// `raise NAME` or `raise NAME.with_traceback(...)`: the handled exception itself.
fn reraises(context: &Context, raised: Node, name: &str) -> bool {
    let is_name = |node: Node| node.kind() == "identifier" && text_of(context.text, node) == name;
    if is_name(raised) {
        return true;
    }
    raised.kind() == "call"
        && raised.child_by_field_name("function").is_some_and(|callee| {
            callee.kind() == "attribute"
                && callee.child_by_field_name("attribute").is_some_and(|attribute| text_of(context.text, attribute) == "with_traceback")
                && callee.child_by_field_name("object").is_some_and(is_name)
        })
}

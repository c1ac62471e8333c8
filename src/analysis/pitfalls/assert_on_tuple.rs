//! `assert-on-tuple`: `assert (x, "message")`, whose test is a non-empty tuple and always true.

use tree_sitter::Node;

use crate::analysis::syntax::assert_parts;
use crate::analysis::{Context, Finding};

pub const CODE: &str = "assert-on-tuple";

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for statement in context.nodes("assert_statement") {
        if let Some(tuple) = always_true_tuple(*statement) {
            out.extend(context.finding_at(CODE, tuple));
        }
    }
}

/// The test of `statement` when it is a parenthesized tuple with at least one item.
pub fn always_true_tuple(statement: Node) -> Option<Node> {
    let (test, _) = assert_parts(statement);
    let test = test.filter(|test| test.kind() == "tuple")?;
    let mut cursor = test.walk();
    let non_empty = test.named_children(&mut cursor).any(|item| item.kind() != "comment");
    non_empty.then_some(test)
}

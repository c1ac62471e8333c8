//! `assert`: removed under `python -O`, and what that means for this test and message.

use tree_sitter::Node;

use crate::analysis::syntax::{assert_parts, descendants, snippet};
use crate::analysis::Context;

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(statement) = anchor.parent().filter(|parent| parent.kind() == "assert_statement") else { return Vec::new() };
    let (test, message) = assert_parts(statement);
    let mut notes = Vec::new();
    if let Some(test) = test.filter(|test| test.kind() == "tuple" && test.named_child_count() > 0) {
        notes.push(format!("The test `{}` is a non-empty tuple, which is always true: this assertion can never fail.", snippet(context.text, test, 40)));
    }
    notes.push("Python removes the statement when run with `-O` (`__debug__` is false): it must not validate input or do work the program needs.".to_owned());
    if let Some(call) = test.and_then(|test| descendants(test, "call").into_iter().next()) {
        notes.push(format!("Under `-O` the call `{}` in the test does not run either.", snippet(context.text, call, 40)));
    }
    match message {
        Some(message) => notes.push(format!(
            "The message `{}` is evaluated only when the test is false, and becomes the `AssertionError`'s argument.",
            snippet(context.text, message, 40)
        )),
        None => notes.push("Without a message, a failure raises a bare `AssertionError`; in test modules pytest still reports the compared values.".to_owned()),
    }
    notes
}

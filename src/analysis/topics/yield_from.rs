//! `yield from`: what is delegated to, and where the delegate's return value goes.

use tree_sitter::Node;

use crate::analysis::syntax::{self, snippet};
use crate::analysis::Context;

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(expression) = anchor.parent().filter(|parent| parent.kind() == "yield") else { return Vec::new() };
    let Some(delegate) = expression.named_child(0) else { return Vec::new() };
    let target = snippet(context.text, delegate, 60);
    let mut notes = Vec::new();
    // Parentheses do not change where the value goes, and `return` needs them: `return yield from
    // x` is a SyntaxError, so `return (yield from x)` is the only spelling that reaches that arm.
    let mut outer = expression;
    while let Some(parent) = outer.parent().filter(|parent| parent.kind() == "parenthesized_expression") {
        outer = parent;
    }
    let result = match outer.parent() {
        Some(parent) if parent.kind() == "assignment" => {
            parent.child_by_field_name("left").map(|left| format!("its return value is bound to `{}`", snippet(context.text, left, 40)))
        }
        Some(parent) if parent.kind() == "return_statement" && outer.id() != expression.id() => {
            Some("its return value becomes this generator's return value".to_owned())
        }
        Some(parent) if parent.kind() == "expression_statement" => Some("its return value is discarded".to_owned()),
        _ => Some("its return value is the value of this expression".to_owned()),
    };
    match result {
        Some(result) => notes.push(format!("Delegates to `{target}`; {result}.")),
        None => notes.push(format!("Delegates to `{target}`.")),
    }
    let function = syntax::enclosing_function(anchor);
    match function {
        Some(function) if function.kind() == "function_definition" && syntax::is_async(function) => {
            notes.push("`yield from` is a SyntaxError inside `async def`; use `async for x in it: yield x`.".to_owned());
        }
        Some(_) => {
            notes.push("`send()`, `throw()` and `close()` on this generator reach the delegate while it runs, when the delegate has those methods.".to_owned());
            notes.push("Closing or abandoning this generator early also closes the delegate when it has a `close()` method, a file included, even if other code still reads from it.".to_owned());
        }
        None => notes.push("`yield from` outside a function is a SyntaxError.".to_owned()),
    }
    notes
}

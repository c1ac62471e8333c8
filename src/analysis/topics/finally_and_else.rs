//! `finally`, and `else` on `try` and loops: when this clause runs, and for a loop's `else` the
//! `break`s that skip it.

use tree_sitter::Node;

use crate::analysis::syntax::{jumps_out_of, loop_breaks, text_of};
use crate::analysis::Context;

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(clause) = anchor.parent() else { return Vec::new() };
    let Some(statement) = clause.parent() else { return Vec::new() };
    match (clause.kind(), statement.kind()) {
        ("finally_clause", _) => finally_notes(context, clause, statement),
        ("else_clause", "try_statement") => try_else_notes(statement),
        ("else_clause", "for_statement" | "while_statement") => loop_else_notes(statement),
        _ => Vec::new(),
    }
}

fn finally_notes(context: &Context, clause: Node, statement: Node) -> Vec<String> {
    let mut notes = vec!["Runs on every way out of the `try`: normal end, `return`, `break`, `continue` or an exception.".to_owned()];
    let jumps = jumps_out_of(clause);
    if let Some(first) = jumps.first() {
        let keyword = first.child(0).map(|keyword| text_of(context.text, keyword)).unwrap_or("return");
        let overrides = if keyword == "return" { " and overrides the `try`'s own `return`" } else { "" };
        notes.push(format!(
            "The `{keyword}` on line {} discards any exception in flight (even `KeyboardInterrupt`){overrides}; 3.14 warns about it (PEP 765).",
            first.start_position().row + 1
        ));
    } else {
        let handled = {
            let mut cursor = statement.walk();
            let found = statement.named_children(&mut cursor).any(|child| child.kind() == "except_clause");
            found
        };
        let propagates = if handled { "An exception no `except` clause handled" } else { "An exception from the `try` body" };
        notes.push(format!("{propagates} goes on propagating after this block runs."));
        notes.push(
            "A `return`, `break` or `continue` here would discard the exception in flight (a SyntaxWarning from 3.14, PEP 765).".to_owned(),
        );
    }
    notes
}

fn try_else_notes(statement: Node) -> Vec<String> {
    let mut notes = vec![
        "Runs only when the `try` body finished without an exception and without `return`, `break` or `continue`.".to_owned(),
        "An exception raised here is not handled by this statement's `except` clauses: only the `try` body is guarded.".to_owned(),
    ];
    let mut cursor = statement.walk();
    let has_finally = statement.named_children(&mut cursor).any(|child| child.kind() == "finally_clause");
    if has_finally {
        notes.push("It runs before the `finally` clause.".to_owned());
    }
    notes
}

fn loop_else_notes(statement: Node) -> Vec<String> {
    let finished = if statement.kind() == "for_statement" {
        "when the loop runs out of items (also after zero iterations)"
    } else {
        "when the condition is false (also when it was false at once)"
    };
    let mut notes = vec![format!("Runs {finished}, unless a `break` ended the loop.")];
    let breaks = loop_breaks(statement);
    let lines: Vec<String> = breaks.iter().map(|jump| (jump.start_position().row + 1).to_string()).collect();
    match lines.as_slice() {
        [] => notes.push(
            "This loop has no `break`, so only `return` or an exception can skip the `else`: its code could simply follow the loop.".to_owned(),
        ),
        [line] => notes.push(format!("The `break` on line {line} skips it, and so do `return` and an exception.")),
        _ => notes.push(format!("The `break`s on lines {} skip it, and so do `return` and an exception.", lines.join(", "))),
    }
    notes
}

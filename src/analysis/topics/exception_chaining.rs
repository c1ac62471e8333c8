//! Exception chaining: what `raise X from Y` records, and what the traceback shows.

use tree_sitter::Node;

use crate::analysis::syntax::{handler_name, handler_of, snippet, text_of};
use crate::analysis::Context;

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(statement) = anchor.parent().filter(|parent| parent.kind() == "raise_statement") else { return Vec::new() };
    let Some(cause) = statement.child_by_field_name("cause") else { return Vec::new() };
    let handler = handler_of(statement);
    let handled = handler.and_then(handler_name).map(|name| text_of(context.text, name));
    let mut notes = Vec::new();
    if cause.kind() == "none" {
        notes.push(
            "`from None` sets `__suppress_context__`: the traceback does not show the exception being handled, which stays in `__context__`."
                .to_owned(),
        );
    } else {
        let shown = snippet(context.text, cause, 40);
        let which = if handled == Some(text_of(context.text, cause)) { ", the exception this handler caught" } else { "" };
        notes.push(format!(
            "Sets `__cause__` to `{shown}`{which}: the traceback shows it first, then \"The above exception was the direct cause of the following exception\"."
        ));
    }
    match handler {
        Some(_) => notes.push(
            "Without `from`, raising here would still record the handled exception as `__context__` (\"During handling of the above exception, another exception occurred\").".to_owned(),
        ),
        None => notes.push("This `raise` is not directly in an `except` clause; `__context__` is set only if an exception is being handled when it runs.".to_owned()),
    }
    if cause.kind() != "none" {
        notes.push("The cause must be an exception instance or class, or `None`; anything else raises `TypeError`.".to_owned());
    }
    notes
}

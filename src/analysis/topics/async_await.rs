//! Coroutines: the notes of the `async` keyword of `async def` (what calling it returns, whether
//! its body ever suspends) and of the `await` keyword (what is awaited, and where it runs).

use tree_sitter::Node;

use crate::analysis::semantics::functions::{called_function, suspension_points};
use crate::analysis::syntax::{self, snippet, text_of};
use crate::analysis::Context;

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(parent) = anchor.parent() else { return Vec::new() };
    match (anchor.kind(), parent.kind()) {
        ("async", "function_definition") => definition_notes(context, parent),
        ("await", "await") => await_notes(context, parent),
        _ => Vec::new(),
    }
}

fn definition_notes(context: &Context, function: Node) -> Vec<String> {
    let name = function.child_by_field_name("name").map_or("it", |name| text_of(context.text, name));
    let mut notes = Vec::new();
    if syntax::is_generator(function) {
        notes.push(format!("`{name}` has a `yield`, so it is an async generator function: calling `{name}()` returns an async generator to consume with `async for`, and runs none of the body until the first step."));
        notes.push("In an async generator, `return` with a value and `yield from` are syntax errors.".to_owned());
    } else {
        notes.push(format!(
            "Calling `{name}()` returns a coroutine: none of the body runs until it is awaited or scheduled as a task."
        ));
    }
    let points = suspension_points(function);
    match points.first() {
        None if syntax::is_generator(function) => notes.push("Its body has no `await`, `async for` or `async with`: between its `yield`s it never lets the event loop run other tasks.".to_owned()),
        None => notes.push("Its body has no `await`, `async for` or `async with`, so it never suspends: once started, it runs to the end without letting other tasks run.".to_owned()),
        Some(first) => {
            let count = points.len();
            let places = if count == 1 { "one place".to_owned() } else { format!("{count} places") };
            notes.push(format!(
                "It can suspend at {places} (the first on line {}), where the event loop runs other tasks until it resumes.",
                first.start_position().row + 1
            ));
        }
    }
    notes
}

fn await_notes(context: &Context, expression: Node) -> Vec<String> {
    let mut notes = Vec::new();
    let enclosing = syntax::enclosing_function(expression);
    if !enclosing.is_some_and(|function| function.kind() == "function_definition" && syntax::is_async(function)) {
        notes.push("`await` outside an `async def` is a `SyntaxError`; only `python -m asyncio` accepts it at the top level.".to_owned());
        return notes;
    }
    let Some(awaited) = expression.named_child(0) else { return notes };
    let shown = snippet(context.text, awaited, 50);
    let function = (awaited.kind() == "call").then(|| called_function(context, awaited)).flatten();
    match function {
        Some(function) if syntax::is_async(function) && !syntax::is_generator(function) => {
            let name = function.child_by_field_name("name").map_or("it", |name| text_of(context.text, name));
            let line = function.start_position().row + 1;
            notes.push(format!("Awaits `{shown}`: `{name}` is the `async def` on line {line}, so its body runs inside this coroutine, in the same task, and its exceptions propagate here."));
            if suspension_points(function).is_empty() {
                notes.push(format!(
                    "`{name}` never suspends (no `await`, `async for` or `async with`), so this `await` does not let other tasks run."
                ));
            }
        }
        Some(function) if syntax::is_async(function) => {
            let name = function.child_by_field_name("name").map_or("it", |name| text_of(context.text, name));
            notes.push(format!("`{name}` is an async generator function: `{shown}` returns an async generator, which is not awaitable (iterate it with `async for`)."));
        }
        Some(function) => {
            let name = function.child_by_field_name("name").map_or("it", |name| text_of(context.text, name));
            let line = function.start_position().row + 1;
            notes.push(format!("Awaits what `{shown}` returns: `{name}` is a plain `def` (line {line}), so its result must be awaitable (a coroutine, a task or a future)."));
        }
        None => notes.push(format!(
            "Awaits `{shown}`: this coroutine waits here for its result, and while it waits the event loop runs other tasks."
        )),
    }
    notes
}

//! Generators and lazy evaluation: generator function names (sync or async, unless decorated
//! with `contextmanager`/`asynccontextmanager`), the `yield` keyword of their `yield` expressions,
//! and the first `for` of generator expressions.

use tree_sitter::Node;

use crate::analysis::syntax::{self, decorator_callee, snippet, text_of};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "lazy-evaluation";
const CONTEXT_MANAGER_DECORATORS: &[&str] = &["contextlib.contextmanager", "contextlib.asynccontextmanager"];

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for function in context.nodes("function_definition") {
        if is_lazy_generator(context, *function) {
            if let Some(name) = function.child_by_field_name("name") {
                out.push(context.occurrence(TOPIC, name, generator_notes(context, *function)));
            }
            for expression in syntax::own_yields(*function) {
                if let Some(keyword) = syntax::plain_yield_keyword(expression) {
                    out.push(context.occurrence(TOPIC, keyword, yield_notes(context, *function, expression)));
                }
            }
        }
    }
    for expression in context.nodes("generator_expression") {
        if let Some(keyword) = first_for_keyword(*expression) {
            out.push(context.occurrence(TOPIC, keyword, expression_notes(context, *expression)));
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(parent) = anchor.parent() else { return Vec::new() };
    match parent.kind() {
        "function_definition" if is_lazy_generator(context, parent) => generator_notes(context, parent),
        "for_in_clause" => match parent.parent().filter(|expression| expression.kind() == "generator_expression") {
            Some(expression) => expression_notes(context, expression),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// A generator function that is not turned into a context manager factory.
fn is_lazy_generator(context: &Context, function: Node) -> bool {
    syntax::is_generator(function)
        && !syntax::decorators(function).into_iter().any(|decorator| {
            decorator_callee(decorator)
                .and_then(|callee| context.resolve(callee))
                .is_some_and(|qualified| CONTEXT_MANAGER_DECORATORS.contains(&qualified.as_str()))
        })
}

/// The `for` keyword of a generator expression's first `for` clause (after `async`, if any).
fn first_for_keyword(expression: Node) -> Option<Node> {
    let mut cursor = expression.walk();
    let clause = expression.named_children(&mut cursor).find(|child| child.kind() == "for_in_clause")?;
    syntax::token(clause, "for")
}

fn generator_notes(context: &Context, function: Node) -> Vec<String> {
    let name = function.child_by_field_name("name").map(|name| text_of(context.text, name)).unwrap_or("it");
    let mut notes = Vec::new();
    if syntax::is_async(function) {
        notes.push(format!(
            "Calling `{name}()` returns an async generator and runs none of the body; `async for` or `anext()` runs it up to each `yield`."
        ));
    } else {
        notes.push(format!(
            "Calling `{name}()` returns a generator and runs none of the body, argument checks included, until the first `next()`."
        ));
    }
    if let Some(raise) = raise_before_first_yield(function) {
        let line = raise.start_position().row + 1;
        notes.push(format!("The `raise` on line {line} fires only when iteration starts, not at the call; validate in a plain function that returns the generator."));
    }
    let decorators = syntax::decorators(function);
    if let Some(decorator) = decorators.last() {
        let shown = decorator.named_child(0).map(|expression| snippet(context.text, expression, 40)).unwrap_or_default();
        notes.push(format!("`@{shown}` receives the generator function itself, not its values; what it returns replaces `{name}`."));
    }
    notes
}

/// What one `yield` of a generator function does: it hands a value out and pauses the body.
fn yield_notes(context: &Context, function: Node, expression: Node) -> Vec<String> {
    let name = function.child_by_field_name("name").map(|name| text_of(context.text, name)).unwrap_or("it");
    let value = expression.named_child(0).map(|value| format!("`{}`", snippet(context.text, value, 40)));
    let value = value.as_deref().unwrap_or("`None`");
    let mut notes = Vec::new();
    if syntax::is_async(function) {
        notes.push(format!("Each `async for` step (or `anext()`) on `{name}()` runs the body up to here and hands out {value}; the next step resumes right after it."));
    } else {
        notes.push(format!(
            "Each `next()` on `{name}()` runs the body up to here and hands out {value}; the next one resumes right after it."
        ));
    }
    // A yield whose value is used receives what the caller sends.
    if expression.parent().is_some_and(|parent| parent.kind() != "expression_statement") {
        let (send, next) = if syntax::is_async(function) { ("asend", "anext") } else { ("send", "next") };
        notes
            .push(format!("The `yield` expression's own value is what the caller passes to `{send}()` (`None` after a plain `{next}()`)."));
    }
    notes
}

fn expression_notes(context: &Context, expression: Node) -> Vec<String> {
    let mut notes = Vec::new();
    let mut cursor = expression.walk();
    let clause = expression.named_children(&mut cursor).find(|child| child.kind() == "for_in_clause");
    match clause.and_then(|clause| clause.child_by_field_name("right")) {
        Some(iterable) => notes.push(format!(
            "Only `{}` is evaluated now; the rest runs one item at a time, as values are pulled.",
            snippet(context.text, iterable, 40)
        )),
        None => notes.push("Only the first iterable is evaluated now; the rest runs one item at a time, as values are pulled.".to_owned()),
    }
    notes.push("It is single-pass: once exhausted, iterating it again yields nothing.".to_owned());
    notes
}

/// A `raise` statement in the function's own body that comes before its first `yield`.
fn raise_before_first_yield(function: Node) -> Option<Node> {
    let body = function.child_by_field_name("body")?;
    let mut first_yield: Option<Node> = None;
    let mut first_raise: Option<Node> = None;
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "yield" if first_yield.is_none_or(|known| node.start_byte() < known.start_byte()) => first_yield = Some(node),
            "raise_statement" if first_raise.is_none_or(|known| node.start_byte() < known.start_byte()) => first_raise = Some(node),
            _ => {}
        }
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            if !matches!(child.kind(), "function_definition" | "lambda" | "class_definition" | "decorated_definition") {
                stack.push(child);
            }
        }
    }
    let (raise, yielded) = (first_raise?, first_yield?);
    (raise.start_byte() < yielded.start_byte()).then_some(raise)
}

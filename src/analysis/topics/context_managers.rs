//! Context managers: `with` statements (the `async` of `async with` too), classes with
//! `__enter__`/`__exit__` (or the async pair) defined or assigned in the body, and
//! `@contextmanager` / `@asynccontextmanager` generators with their `yield`.

use tree_sitter::Node;

use crate::analysis::syntax::{self, decorator_callee, last_name, methods, snippet, text_of};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "context-managers";
const DECORATORS: &[&str] = &["contextlib.contextmanager", "contextlib.asynccontextmanager"];

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for statement in context.nodes("with_statement") {
        let notes = with_notes(context, *statement);
        for token in ["async", "with"] {
            if let Some(keyword) = syntax::token(*statement, token) {
                out.push(context.occurrence(TOPIC, keyword, notes.clone()));
            }
        }
    }
    for class in context.nodes("class_definition") {
        let mut names: Vec<String> = methods(*class, context.text).into_iter().map(|(name, _)| name).collect();
        names.extend(assigned_members(context, *class).into_iter().map(|(name, _)| name));
        let has = |name: &str| names.iter().any(|method| method == name);
        if (has("__enter__") && has("__exit__")) || (has("__aenter__") && has("__aexit__")) {
            if let Some(name) = class.child_by_field_name("name") {
                out.push(context.occurrence(TOPIC, name, class_notes(context, *class)));
            }
        }
    }
    for decorator in context.nodes("decorator") {
        let Some(callee) = decorator_callee(*decorator) else { continue };
        let Some(qualified) = context.resolve(callee) else { continue };
        if DECORATORS.contains(&qualified.as_str()) {
            if let Some(name) = last_name(callee) {
                out.push(context.occurrence(TOPIC, name, decorator_notes(context, *decorator, &qualified)));
            }
            let function = decorator.parent().and_then(|parent| parent.child_by_field_name("definition"));
            for function in function.into_iter().filter(|function| function.kind() == "function_definition") {
                let statement = if qualified.ends_with("asynccontextmanager") { "async with" } else { "with" };
                for expression in syntax::own_yields(function) {
                    if let Some(keyword) = syntax::plain_yield_keyword(expression) {
                        out.push(context.occurrence(TOPIC, keyword, yield_notes(context, function, expression, statement)));
                    }
                }
            }
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    match anchor.parent() {
        Some(statement) if statement.kind() == "with_statement" => with_notes(context, statement),
        Some(class) if class.kind() == "class_definition" => class_notes(context, class),
        _ => Vec::new(),
    }
}

fn with_notes(context: &Context, statement: Node) -> Vec<String> {
    let is_async = syntax::token(statement, "async").is_some();
    let mut items = Vec::new();
    let mut stack = vec![statement];
    while let Some(node) = stack.pop() {
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                "with_clause" | "tuple" | "parenthesized_expression" => stack.push(child),
                "with_item" => items.push(child),
                _ => {}
            }
        }
    }
    items.sort_by_key(|item| item.start_byte());
    let mut notes = Vec::new();
    let (enter, exit) = if is_async { ("__aenter__", "__aexit__") } else { ("__enter__", "__exit__") };
    for item in items.iter().take(3) {
        let Some(value) = item.child_by_field_name("value") else { continue };
        let (manager, target) = if value.kind() == "as_pattern" {
            let manager = value.named_child(0);
            let target = value.child_by_field_name("alias");
            (manager, target)
        } else {
            (Some(value), None)
        };
        let Some(manager) = manager else { continue };
        let manager = snippet(context.text, manager, 50);
        notes.push(match target {
            Some(target) => format!("Enters `{manager}` and binds what `{enter}` returns to `{}`.", snippet(context.text, target, 30)),
            None => format!("Enters `{manager}`; the value of `{enter}` is not bound."),
        });
    }
    if items.len() > 3 {
        notes.push(format!("…and {} more managers.", items.len() - 3));
    }
    if items.len() > 1 {
        notes.push(format!("Entered left to right; `{exit}` runs in reverse order, even when the body raises."));
    } else {
        notes.push(format!("`{exit}` runs when the block ends, even when it raises{}.", if is_async { " (both are awaited)" } else { "" }));
    }
    notes
}

/// Class-body assignments `__enter__ = acquire` of a context-manager dunder: the name and the
/// assigned value (as in `threading`, where a lock's `__enter__` is its `acquire`).
fn assigned_members<'tree>(context: &Context<'tree>, class: Node<'tree>) -> Vec<(String, Node<'tree>)> {
    const DUNDERS: &[&str] = &["__enter__", "__exit__", "__aenter__", "__aexit__"];
    let Some(body) = class.child_by_field_name("body") else { return Vec::new() };
    let mut found = Vec::new();
    let mut cursor = body.walk();
    for statement in body.named_children(&mut cursor).filter(|statement| statement.kind() == "expression_statement") {
        let Some(assignment) = statement.named_child(0).filter(|assignment| assignment.kind() == "assignment") else { continue };
        let (Some(left), Some(right)) = (assignment.child_by_field_name("left"), assignment.child_by_field_name("right")) else {
            continue;
        };
        let name = text_of(context.text, left);
        if left.kind() == "identifier" && DUNDERS.contains(&name) {
            found.push((name.to_owned(), right));
        }
    }
    found
}

fn class_notes(context: &Context, class: Node) -> Vec<String> {
    let name = class.child_by_field_name("name").map(|name| text_of(context.text, name)).unwrap_or("This class");
    let mut methods = methods(class, context.text);
    let assigned = assigned_members(context, class);
    let mut notes = Vec::new();
    // Said after the verdicts, which matter more when a hover keeps only the first notes.
    let mut assigned_notes = Vec::new();
    for (member, value) in &assigned {
        // `__exit__ = release`: judge the method it names, when the class defines it.
        let target = (value.kind() == "identifier").then(|| text_of(context.text, *value));
        let method = target.and_then(|target| methods.iter().find(|(method, _)| method == target).map(|(_, function)| *function));
        assigned_notes.push(format!("`{member}` is `{}`, assigned in the class body.", snippet(context.text, *value, 30)));
        if let Some(function) = method.filter(|_| member.ends_with("exit__")) {
            methods.push((member.clone(), function));
        }
    }
    for exit in ["__exit__", "__aexit__"] {
        let assigned_exit = assigned.iter().any(|(member, _)| member == exit);
        let Some((_, function)) = methods.iter().find(|(method, _)| method == exit) else {
            if assigned_exit {
                notes.push(format!("Instances of `{name}` work in `{}`.", if exit == "__exit__" { "with" } else { "async with" }));
            }
            continue;
        };
        let verdict = match exit_returns(context, *function) {
            ExitResult::Falsy => format!("`{exit}` returns nothing truthy, so exceptions from the block propagate."),
            ExitResult::AlwaysTrue => {
                format!("`{exit}` returns `True`: it suppresses every exception from the block, even `KeyboardInterrupt`.")
            }
            ExitResult::Sometimes => format!("`{exit}` can return a truthy value: on those paths it suppresses the block's exception."),
        };
        notes.push(format!("Instances of `{name}` work in `{}`.", if exit == "__exit__" { "with" } else { "async with" }));
        notes.push(verdict);
    }
    notes.extend(assigned_notes);
    notes
}

enum ExitResult {
    Falsy,
    AlwaysTrue,
    Sometimes,
}

fn exit_returns(context: &Context, function: Node) -> ExitResult {
    let Some(body) = function.child_by_field_name("body") else { return ExitResult::Falsy };
    let mut returns = Vec::new();
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if node.kind() == "return_statement" {
            returns.push(node.named_child(0).map(|value| text_of(context.text, value).to_owned()));
        }
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            if !matches!(child.kind(), "function_definition" | "lambda" | "class_definition") {
                stack.push(child);
            }
        }
    }
    let falsy = |value: &Option<String>| matches!(value.as_deref(), None | Some("None" | "False" | "0"));
    if returns.iter().all(falsy) {
        return ExitResult::Falsy;
    }
    let last_is_true = body.named_child(body.named_child_count().saturating_sub(1)).is_some_and(|last| {
        last.kind() == "return_statement" && last.named_child(0).is_some_and(|value| text_of(context.text, value) == "True")
    });
    if last_is_true && returns.iter().all(|value| value.as_deref() == Some("True")) {
        ExitResult::AlwaysTrue
    } else {
        ExitResult::Sometimes
    }
}

fn decorator_notes(context: &Context, decorator: Node, qualified: &str) -> Vec<String> {
    let Some(function) = decorator.parent().and_then(|parent| parent.child_by_field_name("definition")) else { return Vec::new() };
    let name = function.child_by_field_name("name").map(|name| text_of(context.text, name)).unwrap_or("the function");
    let statement = if qualified.ends_with("asynccontextmanager") { "async with" } else { "with" };
    let mut notes = vec![format!("`{name}()` becomes a factory of context managers for `{statement}`: the code before its single `yield` runs on entry, the rest on exit.")];
    let yields = syntax::own_yields(function);
    if yields.is_empty() {
        notes.push("It has no `yield`: entering the `with` block will fail.".to_owned());
    } else if yields.iter().all(|node| syntax::ancestor(*node, &["try_statement"]).is_some_and(has_finally)) {
        notes.push("The `yield` sits in a `try` with `finally`, so the cleanup runs even when the block raises.".to_owned());
    } else {
        notes.push("An exception in the `with` block is raised at the `yield`: without `try`/`finally` around it, the cleanup after it is skipped.".to_owned());
    }
    notes
}

/// What the `yield` of a `@contextmanager` generator is for the `with` statement.
fn yield_notes(context: &Context, function: Node, expression: Node, statement: &str) -> Vec<String> {
    let name = function.child_by_field_name("name").map(|name| text_of(context.text, name)).unwrap_or("the function");
    let value = expression.named_child(0).map(|value| format!("`{}`", snippet(context.text, value, 40)));
    let mut notes = vec![match value {
        Some(value) => format!(
            "`{statement} {name}(...) as x` binds `x` to {value}: the code above ran on entry, the block runs now, the code below on exit."
        ),
        None => format!("`{statement} {name}(...)` pauses here: the code above ran on entry, the block runs now, the code below on exit."),
    }];
    let guarded = syntax::ancestor(expression, &["try_statement", "function_definition"])
        .is_some_and(|statement| statement.kind() == "try_statement" && has_finally(statement));
    if guarded {
        notes.push("It sits in a `try` with `finally`, so the cleanup runs even when the block raises.".to_owned());
    } else {
        notes.push(
            "An exception in the block is raised here: without `try`/`finally` around this `yield`, the code after it is skipped."
                .to_owned(),
        );
    }
    notes
}

fn has_finally(statement: Node) -> bool {
    let mut cursor = statement.walk();
    let found = statement.named_children(&mut cursor).any(|child| child.kind() == "finally_clause");
    found
}


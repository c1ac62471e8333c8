//! The iteration protocol: `__iter__`/`__next__` (and the async pair) defs in a class body, with
//! whether the class is an iterable or an iterator.

use tree_sitter::Node;

use crate::analysis::semantics::classes::{class_name, Hierarchy, Link, Mro};
use crate::analysis::syntax::{self, methods, snippet};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "iteration-protocol";
const DUNDERS: &[&str] = &["__iter__", "__next__", "__aiter__", "__anext__"];

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    let hierarchy = Hierarchy::new(context);
    for class in context.nodes("class_definition") {
        for (name, function) in methods(*class, context.text) {
            if !DUNDERS.contains(&name.as_str()) {
                continue;
            }
            if let Some(anchor) = function.child_by_field_name("name") {
                out.push(context.occurrence(TOPIC, anchor, method_notes(&hierarchy, *class, function, &name)));
            }
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(function) = anchor.parent().filter(|parent| parent.kind() == "function_definition") else { return Vec::new() };
    let name = context.text_of(anchor);
    match syntax::class_of_method(function) {
        Some(class) if DUNDERS.contains(&name) => method_notes(&Hierarchy::new(context), class, function, name),
        _ => Vec::new(),
    }
}

/// What an `__iter__`/`__aiter__` def hands back.
enum IterResult {
    /// A generator function (`yield` in its own body).
    Generator,
    /// Every `return` gives the first parameter.
    ReturnsSelf,
    /// Returns something else: the first such expression, rendered.
    ReturnsOther(String),
    /// `return self` on some paths and something else on others.
    Mixed,
    /// Only `...`, `pass`, a docstring or comments: a stub that returns `None`.
    Stub,
    /// Only raises (with docstrings, `...` or `pass` around): abstract or disabled.
    Raises,
    /// No `return` with a value: it returns `None`.
    ReturnsNone,
}

fn iter_result(context: &Context, function: Node) -> IterResult {
    if syntax::is_generator(function) {
        return IterResult::Generator;
    }
    let first = syntax::first_parameter(function).map(|parameter| context.text_of(parameter));
    let mut returns_self = false;
    let mut other = None;
    for node in syntax::own_body_nodes(function) {
        if node.kind() != "return_statement" {
            continue;
        }
        match node.named_child(0) {
            Some(value) if value.kind() == "identifier" && Some(context.text_of(value)) == first => returns_self = true,
            Some(value) => {
                other.get_or_insert_with(|| snippet(context.text, value, 40));
            }
            None => {}
        }
    }
    match (returns_self, other) {
        (true, None) => IterResult::ReturnsSelf,
        (true, Some(_)) => IterResult::Mixed,
        (false, Some(other)) => IterResult::ReturnsOther(other),
        (false, None) if is_stub(function) && raises(function) => IterResult::Raises,
        (false, None) if is_stub(function) => IterResult::Stub,
        (false, None) => IterResult::ReturnsNone,
    }
}

/// A body of only docstrings, `...`, `pass` and `raise` statements.
fn is_stub(function: Node) -> bool {
    let Some(body) = function.child_by_field_name("body") else { return true };
    let mut cursor = body.walk();
    let stub = body.named_children(&mut cursor).all(|statement| match statement.kind() {
        "pass_statement" | "raise_statement" | "comment" => true,
        "expression_statement" => statement.named_child(0).is_some_and(|expression| matches!(expression.kind(), "string" | "ellipsis")),
        _ => false,
    });
    stub
}

/// Whether the body has a `raise` statement at its top level.
fn raises(function: Node) -> bool {
    let Some(body) = function.child_by_field_name("body") else { return false };
    let mut cursor = body.walk();
    let found = body.named_children(&mut cursor).any(|statement| statement.kind() == "raise_statement");
    found
}

/// The def of `name` in the class or, when its MRO is known, in its ancestors defined here.
/// The flag says whether the answer is certain (no base from elsewhere).
fn find_method<'tree>(hierarchy: &Hierarchy<'_, 'tree>, class: Node<'tree>, name: &str) -> (Option<Node<'tree>>, bool) {
    match hierarchy.mro(class) {
        Mro::Known(links) => {
            for link in links {
                if let Link::Local(owner) = link {
                    if let Some((_, function)) = methods(owner, hierarchy.context.text).into_iter().find(|(method, _)| method == name) {
                        return (Some(function), true);
                    }
                    if hierarchy.defines(link, name) {
                        return (None, false);
                    }
                }
            }
            (None, true)
        }
        _ => (methods(class, hierarchy.context.text).into_iter().find(|(method, _)| method == name).map(|(_, function)| function), false),
    }
}

fn method_notes<'tree>(hierarchy: &Hierarchy<'_, 'tree>, class: Node<'tree>, function: Node<'tree>, method: &str) -> Vec<String> {
    let asynchronous = matches!(method, "__aiter__" | "__anext__");
    let (iter_name, next_name) = if asynchronous { ("__aiter__", "__anext__") } else { ("__iter__", "__next__") };
    let mut notes = vec![verdict(hierarchy, class, iter_name, next_name)];
    let is_async_def = syntax::is_async(function);
    let extra = match method {
        "__next__" if syntax::is_generator(function) => Some(
            "`__next__` is a generator function here, so each `next()` returns a new generator object instead of a value and never raises `StopIteration`."
                .to_owned(),
        ),
        "__next__" => Some("`next()` and `for` call `__next__` for each value; raising `StopIteration` ends the loop.".to_owned()),
        "__anext__" if !is_async_def => {
            Some("`__anext__` is a plain def: it must return an awaitable, which `async for` awaits for each value.".to_owned())
        }
        "__anext__" => Some("`async for` awaits `__anext__()` for each value; raising `StopAsyncIteration` ends the loop.".to_owned()),
        _ => None,
    };
    notes.extend(extra);
    notes
}

fn verdict<'tree>(hierarchy: &Hierarchy<'_, 'tree>, class: Node<'tree>, iter_name: &str, next_name: &str) -> String {
    let context = hierarchy.context;
    let name = class_name(context, class);
    let (iter_function, iter_certain) = find_method(hierarchy, class, iter_name);
    let (next_function, next_certain) = find_method(hierarchy, class, next_name);
    let (loop_keyword, next_call, iter_call) =
        if iter_name == "__aiter__" { ("async for", "anext()", "aiter()") } else { ("for", "next()", "iter()") };
    let has_next = next_function.is_some() || (!next_certain && hierarchy.defines(Link::Local(class), next_name));
    let Some(iter_function) = iter_function else {
        if iter_certain {
            return format!("`{name}` defines `{next_name}` but no `{iter_name}`: `{next_call}` works on it, but `{loop_keyword}` needs an `{iter_name}` that returns `self`.");
        }
        return format!(
            "`{name}` defines `{next_name}`; its `{iter_name}` is not a def of this file, so whether it returns `self` is unknown here."
        );
    };
    if iter_name == "__aiter__" && syntax::is_async(iter_function) && !syntax::is_generator(iter_function) {
        return format!("`__aiter__` of `{name}` is a coroutine (`async def` without `yield`): `async for` raises `TypeError`; make it a plain `def` returning `self`.");
    }
    match iter_result(context, iter_function) {
        IterResult::Generator => {
            let mut line = format!(
                "`{name}` is an iterable: `{iter_name}` is a generator function, so each `{loop_keyword}` loop gets a fresh iterator and an instance can be looped over again."
            );
            if has_next {
                line.push_str(&format!(" Its `{next_name}` is never used by `{loop_keyword}`."));
            }
            line
        }
        // A generator `__next__` never raises `StopIteration`: the iterator never ends.
        IterResult::ReturnsSelf if iter_name == "__iter__" && next_function.is_some_and(syntax::is_generator) => format!(
            "`{name}` is not a working iterator: `__iter__` returns `self`, but `__next__` is a generator function, so a `for` loop over an instance never stops."
        ),
        IterResult::ReturnsSelf if has_next => format!(
            "`{name}` is an iterator: `{iter_name}` returns `self` and `{next_name}` produces the values, so an instance is single-pass: a second loop gets nothing."
        ),
        IterResult::ReturnsSelf if next_certain => format!(
            "`{iter_name}` returns `self`, but `{name}` has no `{next_name}`: `{iter_call}` raises `TypeError` unless a subclass adds it."
        ),
        IterResult::ReturnsSelf => format!("`{iter_name}` returns `self`, so `{name}` is an iterator if its `{next_name}` (not a def of this file) works."),
        IterResult::ReturnsOther(value) => {
            let mut line = format!("`{name}` is an iterable: `{iter_name}` returns `{value}`, so each `{loop_keyword}` loop can start a new iteration.");
            if has_next {
                line.push_str(&format!(" Its `{next_name}` is not what `{loop_keyword}` calls."));
            }
            line
        }
        IterResult::Mixed => format!("`{iter_name}` of `{name}` returns `self` on some paths and another object on others: sometimes single-pass, sometimes not."),
        IterResult::Stub => format!("`{iter_name}` of `{name}` has no `return`: as written it returns `None` and `{iter_call}` raises `TypeError`, unless a subclass overrides it."),
        IterResult::Raises => format!("`{iter_name}` of `{name}` only raises: subclasses or implementations must provide the iterator."),
        IterResult::ReturnsNone => format!("`{iter_name}` of `{name}` returns `None`: `{iter_call}` raises `TypeError`."),
    }
}

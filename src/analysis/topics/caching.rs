//! Caching: the `functools.cache`, `lru_cache` and `cached_property` decorators (bare, dotted,
//! called or not), with the effective maxsize and the memory pitfall of caching a method.

use tree_sitter::Node;

use crate::analysis::syntax::{self, decorator_callee, last_name, snippet, text_of};
use crate::analysis::Context;

const DECORATORS: &[&str] = &["functools.cache", "functools.lru_cache", "functools.cached_property"];

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(decorator) = syntax::ancestor(anchor, &["decorator"]) else { return Vec::new() };
    match caching_decorator(context, decorator) {
        Some((qualified, _)) => decorator_notes(context, decorator, &qualified),
        None => Vec::new(),
    }
}

/// The qualified name and the name token of a caching decorator.
fn caching_decorator<'tree>(context: &Context, decorator: Node<'tree>) -> Option<(String, Node<'tree>)> {
    let callee = decorator_callee(decorator)?;
    let qualified = context.resolve(callee).filter(|qualified| DECORATORS.contains(&qualified.as_str()))?;
    Some((qualified, last_name(callee)?))
}

fn decorator_notes(context: &Context, decorator: Node, qualified: &str) -> Vec<String> {
    let function = decorator
        .parent()
        .and_then(|parent| parent.child_by_field_name("definition"))
        .filter(|definition| definition.kind() == "function_definition");
    let name = function
        .and_then(|function| function.child_by_field_name("name"))
        .map(|name| text_of(context.text, name))
        .unwrap_or("the function");
    let class = function.and_then(syntax::class_of_method);
    let mut notes = Vec::new();
    if qualified == "functools.cached_property" {
        match class {
            Some(class) => {
                notes.push(format!("`{name}` is computed on the first read of `obj.{name}` and stored in the instance `__dict__`; later reads skip the getter, and `del obj.{name}` makes the next read compute it again."));
                if has_slots_without_dict(context, class) {
                    notes.push("This class defines `__slots__` without `__dict__`, so reading the property raises TypeError.".to_owned());
                }
                notes.push("From 3.12 it has no lock: threads reading it at the same time may each run the getter.".to_owned());
            }
            None => notes.push(
                "`cached_property` works only on a method in a class body: it stores the value in the instance `__dict__`.".to_owned(),
            ),
        }
        return notes;
    }
    let call = decorator.named_child(0).filter(|expression| expression.kind() == "call");
    let (maxsize, unbounded) = effective_maxsize(context, call, qualified);
    notes.push(maxsize);
    if let Some(call) = call {
        let typed = syntax::keyword_argument(context.text, call, "typed").or_else(|| syntax::positional_arguments(call).get(1).copied());
        if typed.is_some_and(|typed| text_of(context.text, typed) == "True") {
            notes.push("`typed=True`: arguments of different types, such as `3` and `3.0`, are cached separately.".to_owned());
        }
    }
    if let (Some(function), Some(class)) = (function, class) {
        if !is_static_or_class_method(context, function) && !is_enum(context, class) {
            let lifetime = if unbounded { "forever, since the cache never evicts" } else { "until their entries are evicted" };
            notes.push(format!(
                "On a method the cache lives on the class and `self` is part of every key, so instances stay alive {lifetime}; prefer `cached_property` or a module-level cached function."
            ));
        }
    }
    notes
}

/// The maxsize note, and whether the cache is unbounded.
fn effective_maxsize(context: &Context, call: Option<Node>, qualified: &str) -> (String, bool) {
    if qualified == "functools.cache" {
        return ("Unbounded (`lru_cache(maxsize=None)`, 3.9+): every distinct call's result is kept, nothing is evicted.".to_owned(), true);
    }
    let default = ("Effective `maxsize` is 128, the default: beyond that, the least recently used entry is evicted.".to_owned(), false);
    let Some(call) = call else { return default };
    let Some(arguments) = call.child_by_field_name("arguments") else { return default };
    let mut cursor = arguments.walk();
    if arguments.named_children(&mut cursor).any(|argument| matches!(argument.kind(), "list_splat" | "dictionary_splat")) {
        return ("The `maxsize` comes from unpacked arguments; it is 128 unless they set it.".to_owned(), false);
    }
    let Some(value) =
        syntax::keyword_argument(context.text, call, "maxsize").or_else(|| syntax::positional_arguments(call).first().copied())
    else {
        return default;
    };
    let source = text_of(context.text, value);
    if value.kind() == "none" {
        return ("Unbounded (`maxsize=None`): every distinct call's result is kept, nothing is evicted.".to_owned(), true);
    }
    let number = if value.kind() == "integer" {
        source.replace('_', "").parse::<i64>().ok()
    } else if value.kind() == "unary_operator" && source.starts_with('-') {
        Some(-1)
    } else {
        None
    };
    match number {
        Some(size) if size <= 0 => {
            ("`maxsize` 0 or less caches nothing: every call runs the function and only the statistics are updated.".to_owned(), false)
        }
        Some(size) => (format!("Effective `maxsize` is {size}: beyond that, the least recently used entry is evicted."), false),
        None => (
            format!(
                "`maxsize` is `{}`, evaluated once when the decorator runs; `None` would make it unbounded.",
                snippet(context.text, value, 30)
            ),
            false,
        ),
    }
}

fn is_static_or_class_method(context: &Context, function: Node) -> bool {
    syntax::decorators(function).into_iter().any(|decorator| {
        decorator_callee(decorator)
            .and_then(|callee| context.resolve(callee))
            .is_some_and(|qualified| matches!(qualified.as_str(), "builtins.staticmethod" | "builtins.classmethod"))
    })
}

fn is_enum(context: &Context, class: Node) -> bool {
    syntax::bases(class).into_iter().any(|base| context.resolve(base).is_some_and(|qualified| qualified.starts_with("enum.")))
}

/// Whether the class body assigns `__slots__` and the slots do not mention `__dict__`.
fn has_slots_without_dict(context: &Context, class: Node) -> bool {
    // A base class without `__slots__` gives instances a `__dict__` anyway.
    if syntax::bases(class).into_iter().any(|base| context.resolve(base).as_deref() != Some("builtins.object")) {
        return false;
    }
    let Some(body) = class.child_by_field_name("body") else { return false };
    let mut cursor = body.walk();
    let found = body.named_children(&mut cursor).any(|statement| {
        let Some(assignment) =
            statement.named_child(0).filter(|inner| statement.kind() == "expression_statement" && inner.kind() == "assignment")
        else {
            return false;
        };
        let is_slots = assignment.child_by_field_name("left").is_some_and(|left| text_of(context.text, left) == "__slots__");
        is_slots && assignment.child_by_field_name("right").is_some_and(|right| !text_of(context.text, right).contains("__dict__"))
    });
    found
}

//! Decorators with parameters: decorators that are calls (`@retry(times=3)`), and decorator
//! factories (a def returning a def that returns a def), with their layers and `functools.wraps`.

use tree_sitter::Node;

use crate::analysis::semantics::classes::visible_definition;
use crate::analysis::syntax::{self, last_name, methods, snippet};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "parameterized-decorators";

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for decorator in context.nodes("decorator") {
        if let Some((call, anchor)) = called_decorator(*decorator) {
            out.push(context.occurrence(TOPIC, anchor, decorator_notes(context, *decorator, call)));
        }
    }
    for function in context.nodes("function_definition") {
        if let Some(factory) = factory(context, *function) {
            if let Some(name) = function.child_by_field_name("name") {
                out.push(context.occurrence(TOPIC, name, factory_notes(context, &factory)));
            }
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    if let Some(function) = anchor.parent().filter(|parent| parent.kind() == "function_definition") {
        return factory(context, function).map(|factory| factory_notes(context, &factory)).unwrap_or_default();
    }
    match syntax::ancestor(anchor, &["decorator"]) {
        Some(decorator) => match called_decorator(decorator) {
            Some((call, found)) if found.id() == anchor.id() => decorator_notes(context, decorator, call),
            _ => Vec::new(),
        },
        None => Vec::new(),
    }
}

/// For `@a.b(...)`: the call and the last name of its callee (`b`); only plain and dotted names.
fn called_decorator(decorator: Node) -> Option<(Node, Node)> {
    let call = decorator.named_child(0).filter(|expression| expression.kind() == "call")?;
    let callee = call.child_by_field_name("function")?;
    Some((call, last_name(callee)?))
}

/// The three defs of a decorator factory: options, decorator, wrapper.
struct Factory<'tree> {
    outer: Node<'tree>,
    decorator: Node<'tree>,
    wrapper: Node<'tree>,
}

/// A def in `function`'s own body that `function` returns by name (`return inner`).
fn returned_def<'tree>(context: &Context<'tree>, function: Node<'tree>) -> Option<Node<'tree>> {
    let nodes = syntax::own_body_nodes(function);
    let defs: Vec<Node<'tree>> = nodes.iter().copied().filter(|node| node.kind() == "function_definition").collect();
    if defs.is_empty() {
        return None;
    }
    nodes.iter().filter(|node| node.kind() == "return_statement").find_map(|statement| {
        let value = statement.named_child(0).filter(|value| value.kind() == "identifier")?;
        let name = context.text_of(value);
        // The def of that name that was last defined before the `return`.
        defs.iter()
            .rev()
            .find(|definition| {
                definition.start_byte() < statement.start_byte()
                    && definition.child_by_field_name("name").is_some_and(|defined| context.text_of(defined) == name)
            })
            .copied()
    })
}

fn factory<'tree>(context: &Context<'tree>, outer: Node<'tree>) -> Option<Factory<'tree>> {
    let decorator = returned_def(context, outer)?;
    let wrapper = returned_def(context, decorator)?;
    Some(Factory { outer, decorator, wrapper })
}

/// Whether the wrapper is decorated with `functools.wraps(...)` or passed to `update_wrapper`.
fn uses_wraps(context: &Context, factory: &Factory) -> bool {
    let decorated = syntax::decorators(factory.wrapper).into_iter().any(|decorator| {
        syntax::decorator_callee(decorator).and_then(|callee| context.resolve(callee)).as_deref() == Some("functools.wraps")
    });
    let wrapper_name = name_of(context, factory.wrapper);
    let updated = syntax::own_body_nodes(factory.decorator).into_iter().any(|node| {
        node.kind() == "call"
            && node.child_by_field_name("function").and_then(|callee| context.resolve(callee)).as_deref()
                == Some("functools.update_wrapper")
            && syntax::positional_arguments(node).first().is_some_and(|first| context.text_of(*first) == wrapper_name)
    });
    decorated || updated
}

fn name_of<'tree>(context: &Context<'tree>, function: Node) -> &'tree str {
    function.child_by_field_name("name").map(|name| context.text_of(name)).unwrap_or("?")
}

fn signature(context: &Context, function: Node) -> String {
    let parameters = function.child_by_field_name("parameters").map(|parameters| snippet(context.text, parameters, 30)).unwrap_or_default();
    format!("{}{parameters}", name_of(context, function))
}

fn factory_notes(context: &Context, factory: &Factory) -> Vec<String> {
    let outer = name_of(context, factory.outer);
    let wrapper = name_of(context, factory.wrapper);
    let mut notes = vec![format!(
        "Three layers: `{}` takes the options, `{}` receives the decorated function, `{}` runs on every call.",
        signature(context, factory.outer),
        signature(context, factory.decorator),
        signature(context, factory.wrapper)
    )];
    notes.push(if uses_wraps(context, factory) {
        format!("`{wrapper}` uses `functools.wraps`, so the decorated function keeps its `__name__` and `__doc__` and gains `__wrapped__`.")
    } else {
        format!(
            "`{wrapper}` does not use `functools.wraps`: decorated functions report `__name__ == '{wrapper}'` and lose their docstring."
        )
    });
    // `@outer` without a call passes the function as the options.
    let bare = context.file_nodes("decorator").into_iter().find(|decorator| {
        decorator.named_child(0).is_some_and(|expression| {
            expression.kind() == "identifier" && context.text_of(expression) == outer && context.resolve(expression).is_none()
        })
    });
    match bare {
        Some(decorator) => notes.push(format!(
            "`@{outer}` is used without a call on line {}: the function is passed as the options, and its name is rebound to `{}`.",
            decorator.start_position().row + 1,
            name_of(context, factory.decorator)
        )),
        None => notes.push(format!("Apply it as `@{outer}(...)`: a bare `@{outer}` would pass the function itself as the options.")),
    }
    notes
}

fn decorator_notes(context: &Context, decorator: Node, call: Node) -> Vec<String> {
    let callee = call.child_by_field_name("function");
    if callee.and_then(|callee| context.resolve(callee)).as_deref() == Some("functools.wraps") {
        return wraps_notes(context, decorator, call);
    }
    let target = decorator
        .parent()
        .and_then(|parent| parent.child_by_field_name("definition"))
        .map(|definition| {
            let kind = if definition.kind() == "class_definition" { "the class " } else { "" };
            format!("{kind}`{}`", name_of(context, definition))
        })
        .unwrap_or_else(|| "the definition".to_owned());
    let mut notes = vec![format!(
        "`{}` runs first, when the definition executes; the object it returns then decorates {target}.",
        snippet(context.text, call, 50)
    )];
    let callee = call.child_by_field_name("function");
    if let Some(callee) = callee.filter(|callee| callee.kind() == "identifier" && context.resolve(*callee).is_none()) {
        notes.extend(local_callee_note(context, callee, &target));
    }
    let empty = call.child_by_field_name("arguments").is_some_and(|arguments| arguments.named_child_count() == 0);
    if empty {
        let callee_text = callee.map(|callee| snippet(context.text, callee, 30)).unwrap_or_default();
        notes.push(format!("The empty parentheses matter: a bare `@{callee_text}` would pass {target} itself as the first argument."));
    }
    notes
}

/// `@functools.wraps(f)`: what it copies from `f` onto the wrapper and what it sets.
fn wraps_notes(context: &Context, decorator: Node, call: Node) -> Vec<String> {
    let wrapper = decorator
        .parent()
        .and_then(|parent| parent.child_by_field_name("definition"))
        .map(|definition| format!("`{}`", name_of(context, definition)))
        .unwrap_or_else(|| "the wrapper".to_owned());
    let wrapped = syntax::positional_arguments(call)
        .first()
        .map(|first| format!("`{}`", snippet(context.text, *first, 30)))
        .unwrap_or_else(|| "the wrapped function".to_owned());
    vec![
        format!(
            "Copies `__module__`, `__name__`, `__qualname__`, `__doc__` and `__annotations__` (and `__type_params__` since 3.12) from {wrapped} onto {wrapper}, and updates {wrapper}'s `__dict__` with {wrapped}'s."
        ),
        format!(
            "Sets `__wrapped__` to {wrapped}: `inspect.signature` and `inspect.unwrap` follow it, so the wrapper reports {wrapped}'s parameters."
        ),
        "Calls are unchanged: only the wrapper's attributes are.".to_owned(),
    ]
}

/// What the callee is when it is a def or class of this file.
fn local_callee_note(context: &Context, callee: Node, target: &str) -> Option<String> {
    let name = context.text_of(callee);
    let function = visible_definition(context, "function_definition", name, callee);
    let class = visible_definition(context, "class_definition", name, callee);
    let definition = match (function, class) {
        (Some(function), Some(class)) => {
            if function.start_byte() > class.start_byte() {
                function
            } else {
                class
            }
        }
        (Some(definition), None) | (None, Some(definition)) => definition,
        (None, None) => return None,
    };
    if definition.kind() == "class_definition" {
        let callable = methods(definition, context.text).iter().any(|(method, _)| method == "__call__");
        return Some(if callable {
            format!("`{name}(...)` builds an instance here; its `__call__` receives {target}.")
        } else {
            format!("`{name}(...)` builds an instance of a class defined here that has no `__call__`, so applying it fails unless a base provides one.")
        });
    }
    if let Some(factory) = factory(context, definition) {
        let wraps = if uses_wraps(context, &factory) { "uses" } else { "does not use" };
        let wrapper = name_of(context, factory.wrapper);
        return Some(format!(
            "A factory defined here: `{name}` → `{}` → `{wrapper}`, which runs on every call and {wraps} `functools.wraps`.",
            name_of(context, factory.decorator)
        ));
    }
    returned_def(context, definition)
        .map(|inner| format!("`{name}` is defined here and returns its inner `{}`, which receives {target}.", name_of(context, inner)))
}

//! `decorator-missing-wraps`: a wrapper def returned by a decorator without `functools.wraps`,
//! so the decorated function loses its name, docstring and signature. Only wrappers that forward
//! their arguments unchanged (`*args, **kwargs`) are flagged: an adapter with a signature of its
//! own is meant to look different, and `wraps` would make `inspect.signature` lie about it.

use tree_sitter::Node;

use crate::analysis::semantics::imports::collect_parameter_names;
use crate::analysis::semantics::scopes::Scopes;
use crate::analysis::syntax::descendants;
use crate::analysis::syntax::{self, text_of};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "decorator-missing-wraps";

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    let mut scopes = Scopes::default();
    for function in context.nodes("function_definition") {
        if unwrapped_wrapper(context, &mut scopes, *function).is_some() {
            if let Some(name) = function.child_by_field_name("name") {
                out.extend(context.finding_at(CODE, name));
            }
        }
    }
}

/// A wrapper `W` defined and returned by the decorator `D`, calling `D`'s parameter `p`.
pub struct Wrapper<'tree> {
    pub decorator: Node<'tree>,
    pub wrapper: Node<'tree>,
    /// The parameter of `D` that `W` calls: the decorated function.
    pub parameter: String,
}

/// `wrapper` as a flaggable wrapper: defined in the own body of a def that returns it, calling one
/// of that def's parameters, and not passed through `functools.wraps` or `update_wrapper`.
pub fn unwrapped_wrapper<'tree>(context: &Context<'tree>, scopes: &mut Scopes, wrapper: Node<'tree>) -> Option<Wrapper<'tree>> {
    let decorator = syntax::enclosing_scope(wrapper).filter(|scope| scope.kind() == "function_definition")?;
    // A syntax error inside may have swallowed the wrapper's decorators (tree-sitter loses a
    // decorator followed by a comment at column 0 in an indented block).
    if decorator.has_error() {
        return None;
    }
    let name = text_of(context.text, wrapper.child_by_field_name("name")?);
    let decorator_body = decorator.child_by_field_name("body")?;
    let returns_wrapper = own_nodes(decorator_body).into_iter().any(|node| {
        node.kind() == "return_statement"
            && node.named_child(0).is_some_and(|value| value.kind() == "identifier" && text_of(context.text, value) == name)
    });
    if !returns_wrapper {
        return None;
    }
    let mut parameters = Vec::new();
    collect_parameter_names(context.text, decorator.child_by_field_name("parameters")?, &mut parameters);
    let wrapper_body = wrapper.child_by_field_name("body")?;
    let calls = descendants(wrapper_body, "call");
    let parameter = parameters.into_iter().find(|parameter| {
        calls.iter().any(|call| {
            call.child_by_field_name("function").is_some_and(|function| {
                function.kind() == "identifier"
                    && text_of(context.text, function) == parameter
                    && scopes.resolve(context, function, parameter).is_some_and(|scope| scope.id() == decorator.id())
            })
        })
    })?;
    if !forwards_arguments(context, wrapper, &parameter, &calls) && !mirrors_decorated(context, decorator, wrapper, &parameter, &calls) {
        return None;
    }
    if syntax::decorators(wrapper).into_iter().any(|decorator| is_wraps(context, syntax::decorator_callee(decorator))) {
        return None;
    }
    if updated_in(context, decorator_body, name) || copied_by_hand(context, decorator_body, name, &parameter) {
        return None;
    }
    if updated_by_caller(context, decorator) {
        return None;
    }
    Some(Wrapper { decorator, wrapper, parameter })
}

/// Whether the wrapper's parameters end in `*args, **kwargs` and it calls `parameter` with both
/// passed on as they came (`func(*args, **kwargs)`, other arguments allowed).
fn forwards_arguments(context: &Context, wrapper: Node, parameter: &str, calls: &[Node]) -> bool {
    let Some(parameters) = wrapper.child_by_field_name("parameters") else { return false };
    let mut cursor = parameters.walk();
    let items: Vec<Node> = parameters.named_children(&mut cursor).filter(|item| item.kind() != "comment").collect();
    let [leading @ .., positional, keywords] = items.as_slice() else { return false };
    // Parameters before `*args` (`self`) must reach `p` too, first and in order.
    let mut leading_names = Vec::new();
    for parameter in leading {
        let name = if parameter.kind() == "typed_parameter" { parameter.named_child(0) } else { Some(*parameter) };
        match name.filter(|name| name.kind() == "identifier") {
            Some(name) => leading_names.push(text_of(context.text, name)),
            None => return false,
        }
    }
    let (Some(args), Some(kwargs)) =
        (splat_name(context, *positional, "list_splat_pattern"), splat_name(context, *keywords, "dictionary_splat_pattern"))
    else {
        return false;
    };
    calls.iter().any(|call| {
        let named = call
            .child_by_field_name("function")
            .is_some_and(|function| function.kind() == "identifier" && text_of(context.text, function) == parameter);
        let Some(arguments) = call.child_by_field_name("arguments").filter(|_| named) else { return false };
        let mut cursor = arguments.walk();
        let passed: Vec<(&str, &str)> = arguments
            .named_children(&mut cursor)
            .filter_map(|argument| {
                let inner = argument.named_child(0).filter(|inner| inner.kind() == "identifier")?;
                Some((argument.kind(), text_of(context.text, inner)))
            })
            .collect();
        let mut cursor = arguments.walk();
        let first: Vec<&str> = arguments
            .named_children(&mut cursor)
            .filter(|argument| argument.kind() != "comment")
            .take(leading_names.len())
            .map(|argument| if argument.kind() == "identifier" { text_of(context.text, argument) } else { "" })
            .collect();
        first == leading_names && passed.contains(&("list_splat", args)) && passed.contains(&("dictionary_splat", kwargs))
    })
}

/// Whether `p` is known and the wrapper copies its signature: the decorator is applied in this
/// file (`@D` on a def `F`), every such `F` has the wrapper's parameter list, all plain names, and
/// the wrapper calls `p` with those names in order (`def wrapper(x, y): return func(x, y)`).
fn mirrors_decorated(context: &Context, decorator: Node, wrapper: Node, parameter: &str, calls: &[Node]) -> bool {
    let Some(name) = decorator.child_by_field_name("name").map(|name| text_of(context.text, name)) else { return false };
    let Some(parameters) = wrapper.child_by_field_name("parameters") else { return false };
    let mut cursor = parameters.walk();
    let items: Vec<Node> = parameters.named_children(&mut cursor).filter(|item| item.kind() != "comment").collect();
    if items.is_empty() || items.iter().any(|item| item.kind() != "identifier") {
        return false;
    }
    let names: Vec<&str> = items.iter().map(|item| text_of(context.text, *item)).collect();
    let compact = |node: Node| text_of(context.text, node).chars().filter(|ch| !ch.is_whitespace()).collect::<String>();
    let signature = compact(parameters);
    let decorated: Vec<Node> = context
        .file_nodes("decorator")
        .into_iter()
        .filter(|applied| {
            applied.named_child(0).is_some_and(|expression| {
                expression.kind() == "identifier" && text_of(context.text, expression) == name && context.resolve(expression).is_none()
            })
        })
        .filter_map(|applied| applied.parent()?.child_by_field_name("definition"))
        .collect();
    let same_signature = !decorated.is_empty()
        && decorated.iter().all(|definition| {
            definition.kind() == "function_definition"
                && definition.child_by_field_name("parameters").is_some_and(|theirs| compact(theirs) == signature)
        });
    same_signature
        && calls.iter().any(|call| {
            let named = call
                .child_by_field_name("function")
                .is_some_and(|function| function.kind() == "identifier" && text_of(context.text, function) == parameter);
            let Some(arguments) = call.child_by_field_name("arguments").filter(|_| named) else { return false };
            let mut cursor = arguments.walk();
            let passed: Vec<&str> = arguments
                .named_children(&mut cursor)
                .filter(|argument| argument.kind() != "comment")
                .map(|argument| if argument.kind() == "identifier" { text_of(context.text, argument) } else { "" })
                .collect();
            passed == names
        })
}

/// The name of a `*args` (`list_splat_pattern`) or `**kwargs` parameter, annotated or not.
fn splat_name<'a>(context: &Context<'a>, parameter: Node, kind: &str) -> Option<&'a str> {
    let pattern = if parameter.kind() == "typed_parameter" { parameter.named_child(0)? } else { parameter };
    if pattern.kind() != kind {
        return None;
    }
    let name = pattern.named_child(0).filter(|name| name.kind() == "identifier")?;
    Some(text_of(context.text, name))
}

/// Whether the decorator sets the wrapper's metadata itself (`W.__name__ = ...`, as `reprlib`
/// does where `functools` cannot be imported), or hands `W` and `p` to a helper that may copy it
/// (`_wrap(W, p)` in `importlib._bootstrap`).
fn copied_by_hand(context: &Context, body: Node, name: &str, parameter: &str) -> bool {
    const METADATA: &[&str] = &["__name__", "__qualname__", "__doc__", "__wrapped__", "__module__"];
    own_nodes(body).into_iter().any(|node| match node.kind() {
        "assignment" => node.child_by_field_name("left").filter(|left| left.kind() == "attribute").is_some_and(|left| {
            left.child_by_field_name("object").is_some_and(|object| object.kind() == "identifier" && text_of(context.text, object) == name)
                && left.child_by_field_name("attribute").is_some_and(|attribute| METADATA.contains(&text_of(context.text, attribute)))
        }),
        "call" => {
            let Some(arguments) = node.child_by_field_name("arguments") else { return false };
            let mut cursor = arguments.walk();
            let names: Vec<&str> = arguments
                .named_children(&mut cursor)
                .filter(|argument| argument.kind() == "identifier")
                .map(|argument| text_of(context.text, argument))
                .collect();
            names.contains(&name) && names.contains(&parameter)
        }
        _ => false,
    })
}

/// Whether the file passes what the decorator returns to `update_wrapper` or `wraps(...)`: as in
/// `functools.py`, where `lru_cache` runs `update_wrapper(_lru_cache_wrapper(...), f)`, directly
/// or through a name bound to the call in the same scope.
fn updated_by_caller(context: &Context, decorator: Node) -> bool {
    let Some(name) = decorator.child_by_field_name("name").map(|name| text_of(context.text, name)) else { return false };
    let decorator_calls: Vec<Node> = context
        .identifiers_named(name)
        .into_iter()
        .filter_map(|identifier| {
            let call = identifier.parent().filter(|call| call.kind() == "call")?;
            call.child_by_field_name("function").is_some_and(|function| function.id() == identifier.id()).then_some(call)
        })
        .collect();
    decorator_calls.into_iter().any(|call| {
        let Some(parent) = call.parent() else { return false };
        match parent.kind() {
            "argument_list" => parent.parent().is_some_and(|outer| is_metadata_copy(context, outer, call)),
            "assignment" => {
                let Some(target) = parent.child_by_field_name("left").filter(|left| left.kind() == "identifier") else { return false };
                let bound = text_of(context.text, target);
                let scope = syntax::enclosing_scope(parent);
                context.identifiers_named(bound).into_iter().any(|identifier| {
                    identifier.start_byte() > target.end_byte()
                        && syntax::enclosing_scope(identifier).map(|found| found.id()) == scope.map(|found| found.id())
                        && identifier
                            .parent()
                            .filter(|arguments| arguments.kind() == "argument_list")
                            .and_then(|arguments| arguments.parent())
                            .is_some_and(|outer| is_metadata_copy(context, outer, identifier))
                })
            }
            _ => false,
        }
    })
}

/// Whether `call` is `update_wrapper(first, ...)` or `wraps(...)(first)` with `first` its first argument.
fn is_metadata_copy(context: &Context, call: Node, first: Node) -> bool {
    if call.kind() != "call" {
        return false;
    }
    let first_argument = call.child_by_field_name("arguments").and_then(|arguments| arguments.named_child(0));
    if first_argument.is_none_or(|argument| argument.id() != first.id()) {
        return false;
    }
    let Some(function) = call.child_by_field_name("function") else { return false };
    if function.kind() == "call" {
        return is_wraps(context, function.child_by_field_name("function"));
    }
    syntax::last_name(function).is_some_and(|last| text_of(context.text, last) == "update_wrapper")
        || context.resolve(function).is_some_and(|qualified| qualified == "functools.update_wrapper")
}

/// `functools.wraps` (aliases resolved) or any callee named `wraps`.
fn is_wraps(context: &Context, callee: Option<Node>) -> bool {
    let Some(callee) = callee else { return false };
    context.resolve(callee).is_some_and(|qualified| qualified == "functools.wraps")
        || syntax::last_name(callee).is_some_and(|name| text_of(context.text, name) == "wraps")
}

/// Whether the decorator's body calls `update_wrapper(W, ...)` or `wraps(...)(W)`.
fn updated_in(context: &Context, body: Node, name: &str) -> bool {
    descendants(body, "call").into_iter().any(|call| {
        let first_argument_is_wrapper = call
            .child_by_field_name("arguments")
            .and_then(|arguments| arguments.named_child(0))
            .is_some_and(|first| first.kind() == "identifier" && text_of(context.text, first) == name);
        if !first_argument_is_wrapper {
            return false;
        }
        let Some(function) = call.child_by_field_name("function") else { return false };
        let callee = if function.kind() == "call" { function.child_by_field_name("function") } else { Some(function) };
        let Some(callee) = callee else { return false };
        let called_name = syntax::last_name(callee).map(|last| text_of(context.text, last)).unwrap_or("");
        (function.kind() != "call"
            && (called_name == "update_wrapper"
                || context.resolve(callee).is_some_and(|qualified| qualified == "functools.update_wrapper")))
            || (function.kind() == "call" && is_wraps(context, Some(callee)))
    })
}

/// The nodes of a function body that run in that function: nested defs, lambdas and classes excluded.
fn own_nodes(body: Node) -> Vec<Node> {
    let mut found = Vec::new();
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if matches!(node.kind(), "function_definition" | "lambda" | "class_definition") {
            continue;
        }
        found.push(node);
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    found
}

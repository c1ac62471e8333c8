//! `decorator-missing-wraps`: a wrapper def returned by a decorator without `functools.wraps`,
//! so the decorated function loses its name, docstring and signature.

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
    if syntax::decorators(wrapper).into_iter().any(|decorator| is_wraps(context, syntax::decorator_callee(decorator))) {
        return None;
    }
    if updated_in(context, decorator_body, name) {
        return None;
    }
    Some(Wrapper { decorator, wrapper, parameter })
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

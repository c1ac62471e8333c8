//! `functools.singledispatch` and `singledispatchmethod`: which defs of the file are
//! single-dispatch functions, and which decorators register an implementation with one.

use tree_sitter::Node;

use crate::analysis::syntax::{decorator_callee, decorators, text_of};
use crate::analysis::Context;

/// The decorator callee's qualified names that make a single-dispatch function.
pub const SINGLEDISPATCH: &[&str] = &["functools.singledispatch", "functools.singledispatchmethod"];

/// Whether the def `function` is decorated with `functools.singledispatch` or
/// `singledispatchmethod` (aliases resolved); the qualified name found.
pub fn singledispatch_decorator(context: &Context, function: Node) -> Option<&'static str> {
    decorators(function).into_iter().find_map(|decorator| {
        let qualified = decorator_callee(decorator).and_then(|callee| context.resolve(callee))?;
        SINGLEDISPATCH.iter().find(|known| **known == qualified).copied()
    })
}

/// For a decorator `@NAME.register` or `@NAME.register(...)`, the single-dispatch def of the file
/// that `NAME` names (a module-level function, or a method of the same class body).
pub fn registered_with<'tree>(context: &Context<'tree>, decorator: Node<'tree>) -> Option<Node<'tree>> {
    let expression = decorator.named_child(0)?;
    let callee = if expression.kind() == "call" { expression.child_by_field_name("function")? } else { expression };
    if callee.kind() != "attribute" {
        return None;
    }
    let member = callee.child_by_field_name("attribute")?;
    let receiver = callee.child_by_field_name("object")?;
    if text_of(context.text, member) != "register" || receiver.kind() != "identifier" {
        return None;
    }
    let name = text_of(context.text, receiver);
    let definition = decorator.parent()?.child_by_field_name("definition")?;
    let scope_of = |node: Node<'tree>| {
        let mut around = node.parent();
        while let Some(parent) = around {
            if matches!(parent.kind(), "function_definition" | "class_definition" | "module") {
                return Some(parent.id());
            }
            around = parent.parent();
        }
        None
    };
    let here = scope_of(definition);
    context
        .definitions_named("function_definition", name)
        .into_iter()
        .filter(|candidate| candidate.start_byte() < definition.start_byte() && scope_of(*candidate) == here)
        .filter(|candidate| singledispatch_decorator(context, *candidate).is_some())
        .last()
}

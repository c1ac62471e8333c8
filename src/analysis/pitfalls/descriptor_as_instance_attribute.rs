//! `descriptor-as-instance-attribute`: `self.x = D(...)` stores a descriptor in the instance
//! `__dict__`, where attribute lookup never calls its `__get__` or `__set__`.

use std::collections::HashSet;

use tree_sitter::Node;

use crate::analysis::semantics::classes::class_named;
use crate::analysis::syntax::{self, text_of};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "descriptor-as-instance-attribute";

/// Standard-library descriptors commonly created by a call.
const DESCRIPTOR_CALLS: &[&str] = &["builtins.property", "functools.cached_property"];

/// Methods whose first parameter is the class, not an instance.
const CLASS_LEVEL_METHODS: &[&str] = &["__new__", "__init_subclass__", "__class_getitem__"];

/// Bases that make a class a metaclass, whose methods receive classes as their first argument.
const METACLASS_BASES: &[&str] = &["builtins.type", "abc.ABCMeta", "enum.EnumMeta", "enum.EnumType"];

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for assignment in context.nodes("assignment") {
        if is_flagged(context, *assignment) {
            out.extend(context.finding_at(CODE, *assignment));
        }
    }
}

fn is_flagged(context: &Context, assignment: Node) -> bool {
    let text = context.text;
    let Some(left) = assignment.child_by_field_name("left").filter(|left| left.kind() == "attribute") else { return false };
    let Some(object) = left.child_by_field_name("object").filter(|object| object.kind() == "identifier") else { return false };
    let Some(value) = assignment.child_by_field_name("right").filter(|value| value.kind() == "call") else { return false };
    let Some(callee) = value.child_by_field_name("function") else { return false };
    // The assignment runs in a method whose first parameter is the instance.
    let Some(method) = syntax::enclosing_function(assignment).filter(|function| function.kind() == "function_definition") else {
        return false;
    };
    let Some(class) = syntax::class_of_method(method) else { return false };
    if first_parameter(text, method).as_deref() != Some(text_of(text, object)) {
        return false;
    }
    let method_name = method.child_by_field_name("name").map(|name| text_of(text, name)).unwrap_or("");
    if CLASS_LEVEL_METHODS.contains(&method_name) || is_metaclass(context, class) {
        return false;
    }
    let class_level_decorator = syntax::decorators(method).into_iter().any(|decorator| {
        syntax::decorator_callee(decorator)
            .and_then(|callee| context.resolve(callee))
            .is_some_and(|qualified| qualified == "builtins.staticmethod" || qualified == "builtins.classmethod")
    });
    if class_level_decorator {
        return false;
    }
    if context.resolve(callee).is_some_and(|qualified| DESCRIPTOR_CALLS.contains(&qualified.as_str())) {
        return true;
    }
    if callee.kind() != "identifier" || context.resolve(callee).is_some() {
        return false;
    }
    // A class of this file, visible from the method.
    class_named(context, text_of(text, callee), callee)
        .is_some_and(|descriptor| is_descriptor_class(context, descriptor, &mut HashSet::new()))
}

/// A class that defines `__get__` (itself or through a base of this file), unless its only
/// descriptor method is `__get__` next to `__call__`: that is a callable wrapper binding itself.
fn is_descriptor_class(context: &Context, class: Node, visited: &mut HashSet<usize>) -> bool {
    let mut dunders = HashSet::new();
    collect_dunders(context, class, visited, &mut dunders);
    if !dunders.contains("__get__") {
        return false;
    }
    let others = ["__set__", "__delete__", "__set_name__"].iter().any(|name| dunders.contains(*name));
    !dunders.contains("__call__") || others
}

fn collect_dunders(context: &Context, class: Node, visited: &mut HashSet<usize>, out: &mut HashSet<String>) {
    if !visited.insert(class.id()) {
        return;
    }
    for (name, _) in syntax::methods(class, context.text) {
        if name.starts_with("__") && name.ends_with("__") {
            out.insert(name);
        }
    }
    for base in syntax::bases(class) {
        if base.kind() == "identifier" && context.resolve(base).is_none() {
            if let Some(definition) = class_named(context, text_of(context.text, base), class) {
                collect_dunders(context, definition, visited, out);
            }
        }
    }
}

/// Whether `class` derives from `type` (or another metaclass), directly or through this file.
fn is_metaclass(context: &Context, class: Node) -> bool {
    let mut visited = HashSet::new();
    let mut pending = vec![class];
    while let Some(current) = pending.pop() {
        if !visited.insert(current.id()) {
            continue;
        }
        for base in syntax::bases(current) {
            match context.resolve(base) {
                Some(qualified) if METACLASS_BASES.contains(&qualified.as_str()) => return true,
                None if base.kind() == "identifier" => pending.extend(class_named(context, text_of(context.text, base), current)),
                _ => {}
            }
        }
    }
    false
}

fn first_parameter(text: &str, function: Node) -> Option<String> {
    let parameters = function.child_by_field_name("parameters")?;
    let mut cursor = parameters.walk();
    let first = parameters.named_children(&mut cursor).find(|parameter| parameter.kind() != "comment")?;
    let name = match first.kind() {
        "identifier" => Some(first),
        "typed_parameter" => first.named_child(0).filter(|inner| inner.kind() == "identifier"),
        "default_parameter" | "typed_default_parameter" => first.child_by_field_name("name"),
        _ => None,
    }?;
    Some(text_of(text, name).to_owned())
}

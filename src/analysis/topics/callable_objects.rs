//! Callable objects: `__call__` defs in a class body, and the class whose instances become callable.

use tree_sitter::Node;

use crate::analysis::semantics::classes::{class_name, Hierarchy};
use crate::analysis::syntax::{self, decorator_callee, methods};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "callable-objects";
const METACLASS_BASES: &[&str] = &["builtins.type", "abc.ABCMeta", "enum.EnumMeta", "enum.EnumType"];

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    let hierarchy = Hierarchy::new(context);
    for class in context.nodes("class_definition") {
        for (name, function) in methods(*class, context.text) {
            if name != "__call__" {
                continue;
            }
            if let Some(anchor) = function.child_by_field_name("name") {
                out.push(context.occurrence(TOPIC, anchor, call_notes(&hierarchy, *class, function)));
            }
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(function) = anchor.parent().filter(|parent| parent.kind() == "function_definition") else { return Vec::new() };
    match syntax::class_of_method(function) {
        Some(class) if context.text_of(anchor) == "__call__" => call_notes(&Hierarchy::new(context), class, function),
        _ => Vec::new(),
    }
}

fn call_notes<'tree>(hierarchy: &Hierarchy<'_, 'tree>, class: Node<'tree>, function: Node<'tree>) -> Vec<String> {
    let context = hierarchy.context;
    let name = class_name(context, class);
    let mut notes = Vec::new();
    let is_metaclass = hierarchy.inherits(class, false, &|qualified| METACLASS_BASES.contains(&qualified)) == Some(true);
    if is_metaclass {
        notes.push(format!(
            "`{name}` is a metaclass, so this `__call__` runs when a class built with `metaclass={name}` is called: it decides whether `__new__` and `__init__` run (singletons, caches)."
        ));
    } else {
        notes.push(format!(
            "Instances of `{name}` are callable: `obj(...)` runs `{name}.__call__(obj, ...)`, and `callable(obj)` is `True`."
        ));
    }
    if syntax::is_async(function) {
        notes.push("`__call__` is `async def`: calling an instance returns a coroutine that must be awaited.".to_owned());
    }
    let defines_get = methods(class, context.text).iter().any(|(method, _)| method == "__get__");
    if !is_metaclass && used_as_decorator(context, class) {
        notes.push(if defines_get {
            format!("`{name}` is used as a decorator here; its `__get__` lets a decorated method bind `self`.")
        } else {
            format!(
                "`{name}` is used as a decorator here; without `__get__`, a decorated method gets no `self` when called on an instance."
            )
        });
    } else if !is_metaclass {
        notes.push("Assigning `__call__` on one instance has no effect: `obj(...)` looks the method up on the type.".to_owned());
    }
    notes
}

/// Whether `@Name` (bare) decorates something in this file, where `Name` is this class.
fn used_as_decorator(context: &Context, class: Node) -> bool {
    let name = class_name(context, class);
    context.file_nodes("decorator").iter().any(|decorator| {
        decorator.named_child(0).is_some_and(|expression| expression.kind() == "identifier")
            && decorator_callee(*decorator).is_some_and(|callee| context.text_of(callee) == name && context.resolve(callee).is_none())
    })
}

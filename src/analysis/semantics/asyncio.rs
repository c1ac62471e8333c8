//! What an asyncio receiver is: a name or `self.` attribute bound to an event loop
//! (`asyncio.get_running_loop()`, `get_event_loop()`, `new_event_loop()`), or a name bound by
//! `async with asyncio.TaskGroup() as NAME`.

use tree_sitter::Node;

use crate::analysis::semantics::scopes::{binding_in_scope, defining_scope};
use crate::analysis::syntax::{self, text_of};
use crate::analysis::Context;

/// The functions of `asyncio` that return an event loop.
const LOOP_GETTERS: &[&str] = &["asyncio.get_running_loop", "asyncio.get_event_loop", "asyncio.new_event_loop"];

/// Whether `receiver` (an identifier, or `self.NAME` with `self` a method's first parameter) is
/// assigned a call of a loop getter: a name in the scope that binds it, an attribute in any
/// method of the class.
pub fn is_event_loop(context: &Context, receiver: Node) -> bool {
    match receiver.kind() {
        "identifier" => {
            let name = text_of(context.text, receiver);
            let scope = defining_scope(receiver, context.text);
            context.identifiers_named(name).into_iter().any(|identifier| {
                assigned_value(identifier).is_some_and(|value| is_loop_getter_call(context, value))
                    && defining_scope(identifier, context.text).id() == scope.id()
            })
        }
        "attribute" => {
            let Some(object) = receiver.child_by_field_name("object").filter(|object| object.kind() == "identifier") else { return false };
            let Some(member) = receiver.child_by_field_name("attribute") else { return false };
            let Some(class) = own_class(context, object) else { return false };
            let wanted = text_of(context.text, member);
            context.identifiers_named(wanted).into_iter().any(|identifier| {
                let Some(attribute) = identifier.parent().filter(|parent| parent.kind() == "attribute") else { return false };
                let Some(other_object) = attribute.child_by_field_name("object").filter(|object| object.kind() == "identifier") else {
                    return false;
                };
                attribute.child_by_field_name("attribute").is_some_and(|found| found.id() == identifier.id())
                    && assigned_value(attribute).is_some_and(|value| is_loop_getter_call(context, value))
                    && own_class(context, other_object).is_some_and(|found| found.id() == class.id())
            })
        }
        _ => false,
    }
}

/// Whether the identifier `receiver` is bound by `async with asyncio.TaskGroup() as NAME` in the
/// scope that binds it.
pub fn is_task_group(context: &Context, receiver: Node) -> bool {
    if receiver.kind() != "identifier" {
        return false;
    }
    let name = text_of(context.text, receiver);
    let scope = defining_scope(receiver, context.text);
    context.identifiers_named(name).into_iter().any(|identifier| {
        let Some(target) = identifier.parent().filter(|parent| parent.kind() == "as_pattern_target") else { return false };
        let Some(pattern) = target.parent().filter(|parent| parent.kind() == "as_pattern") else { return false };
        let Some(statement) = syntax::ancestor(pattern, &["with_statement"]) else { return false };
        let is_async = syntax::token(statement, "async").is_some();
        let value = pattern.named_child(0).filter(|value| value.kind() == "call");
        let is_group = value
            .and_then(|call| call.child_by_field_name("function"))
            .and_then(|callee| context.resolve(callee))
            .is_some_and(|qualified| qualified == "asyncio.TaskGroup");
        is_async && is_group && defining_scope(identifier, context.text).id() == scope.id()
    })
}

/// Whether `value` is a call of `asyncio.get_running_loop()` / `get_event_loop()` / `new_event_loop()`.
pub fn is_loop_getter_call(context: &Context, value: Node) -> bool {
    value.kind() == "call"
        && value
            .child_by_field_name("function")
            .and_then(|callee| context.resolve(callee))
            .is_some_and(|qualified| LOOP_GETTERS.contains(&qualified.as_str()))
}

/// The value assigned to `target` when it is the whole left side of a plain assignment.
fn assigned_value(target: Node) -> Option<Node> {
    let assignment = target.parent().filter(|parent| parent.kind() == "assignment")?;
    assignment.child_by_field_name("left").filter(|left| left.id() == target.id())?;
    assignment.child_by_field_name("right")
}

/// The class whose method has `object` as its first parameter (`self` in `self.loop`), also
/// from a def nested in that method, which reads the method's `self`.
fn own_class<'tree>(context: &Context<'tree>, object: Node<'tree>) -> Option<Node<'tree>> {
    let name = text_of(context.text, object);
    let mut current = syntax::enclosing_function(object);
    while let Some(function) = current {
        if function.kind() != "function_definition" {
            return None;
        }
        let binds = binding_in_scope(function, name, context.text).is_some();
        let is_first = syntax::first_parameter(function).is_some_and(|first| text_of(context.text, first) == name);
        match (is_first, syntax::class_of_method(function)) {
            (true, Some(class)) => return Some(class),
            _ if binds => return None,
            _ => current = syntax::enclosing_function(function),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Knowledge;

    fn receiver_is(text: &str, marker: &str, test: fn(&Context, Node) -> bool) -> bool {
        let tree = crate::document::parse(text, None);
        let context = Context::new(text, &tree, Knowledge::builtin());
        let offset = text.find(marker).expect("the marker");
        let node = tree.root_node().descendant_for_byte_range(offset, offset + marker.len()).expect("a node");
        test(&context, node)
    }

    #[test]
    fn loops_and_task_groups_are_recognised_through_their_bindings() {
        let text = "import asyncio as aio\n\nclass S:\n    def __init__(self):\n        self.loop = aio.get_event_loop()\n\n    def go(self, other):\n        self.loop.create_task(w())\n        other.loop.create_task(w())\n\nasync def main():\n    lp = aio.get_running_loop()\n    lp.create_task(w())\n    async with aio.TaskGroup() as tg:\n        tg.create_task(w())\n";
        assert!(receiver_is(text, "self.loop.create", |context, node| is_event_loop(context, node.child(0).expect("self.loop"))));
        assert!(!receiver_is(text, "other.loop.create", |context, node| is_event_loop(context, node.child(0).expect("other.loop"))));
        assert!(receiver_is(text, "lp.create", |context, node| is_event_loop(context, node.child(0).expect("lp"))));
        assert!(receiver_is(text, "tg.create", |context, node| is_task_group(context, node.child(0).expect("tg"))));
    }
}

//! `task-reference-dropped`: a task created with `asyncio.create_task` / `ensure_future` or an
//! event loop's `create_task` whose reference is dropped at once (an expression statement, or a
//! local name never read), while the loop keeps only a weak one.

use tree_sitter::Node;

use crate::analysis::semantics::asyncio::is_event_loop;
use crate::analysis::syntax::{self, is_load, last_name, text_of};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "task-reference-dropped";

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for call in context.nodes("call") {
        let Some(callee) = call.child_by_field_name("function") else { continue };
        if !creates_task(context, callee) || !dropped(context, *call) || expects_an_error(context, *call) {
            continue;
        }
        if let Some(name) = last_name(callee) {
            out.extend(context.finding_at(CODE, name));
        }
    }
}

/// `asyncio.create_task`, `asyncio.ensure_future`, or `.create_task` on an event loop.
fn creates_task(context: &Context, callee: Node) -> bool {
    if let Some(qualified) = context.resolve(callee) {
        return matches!(qualified.as_str(), "asyncio.create_task" | "asyncio.ensure_future");
    }
    callee.kind() == "attribute"
        && callee.child_by_field_name("attribute").is_some_and(|method| text_of(context.text, method) == "create_task")
        && callee.child_by_field_name("object").is_some_and(|receiver| is_event_loop(context, receiver))
}

/// Whether the task `call` makes is dropped: the call is a whole expression statement, or it is
/// assigned to a plain name of a def that nothing in that def reads.
fn dropped(context: &Context, call: Node) -> bool {
    let Some(parent) = call.parent() else { return false };
    match parent.kind() {
        "expression_statement" => parent.named_child_count() == 1,
        "assignment" => {
            let Some(target) = parent.child_by_field_name("left").filter(|left| left.kind() == "identifier") else { return false };
            if parent.child_by_field_name("right").is_none_or(|right| right.id() != call.id()) {
                return false;
            }
            let Some(function) = syntax::enclosing_scope(parent).filter(|scope| scope.kind() == "function_definition") else {
                return false;
            };
            // `global` / `nonlocal` names live on after the def returns.
            let bindings = crate::analysis::semantics::scopes::scope_bindings(context.text, function);
            let name = text_of(context.text, target);
            if bindings.globals.contains(name) || bindings.nonlocals.contains(name) {
                return false;
            }
            let read = context.identifiers_named(name).into_iter().any(|identifier| syntax::contains(function, identifier) && is_load(identifier));
            !read
        }
        _ => false,
    }
}

/// Whether `call` is in a `with` block of `assertRaises(...)`, `assertRaisesRegex(...)` or
/// `pytest.raises(...)`, where the call is expected to fail before any task exists.
fn expects_an_error(context: &Context, call: Node) -> bool {
    let mut current = syntax::ancestor(call, &["with_statement"]);
    while let Some(statement) = current {
        let expecting = syntax::descendants(statement, "with_item").into_iter().any(|item| {
            let Some(value) = item.child_by_field_name("value") else { return false };
            let value = if value.kind() == "as_pattern" { value.named_child(0).unwrap_or(value) } else { value };
            value.kind() == "call"
                && syntax::ancestor(item, &["with_statement"]).is_some_and(|owner| owner.id() == statement.id())
                && value
                    .child_by_field_name("function")
                    .and_then(last_name)
                    .is_some_and(|name| matches!(text_of(context.text, name), "assertRaises" | "assertRaisesRegex" | "raises"))
        });
        if expecting {
            return true;
        }
        current = syntax::ancestor(statement, &["with_statement"]);
    }
    false
}

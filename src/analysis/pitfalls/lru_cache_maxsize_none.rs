//! `lru-cache-maxsize-none`: `@lru_cache(maxsize=None)` / `@lru_cache(None)`, which `functools.cache` spells directly.

use tree_sitter::Node;

use crate::analysis::semantics::classes::cache_on_instance_method;
use crate::analysis::syntax::{keyword_argument, positional_arguments};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "lru-cache-maxsize-none";

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for decorator in context.nodes("decorator") {
        if unbounded_lru_cache(context, *decorator).is_some() && !cache_on_instance_method(context, *decorator) {
            out.extend(context.finding_at(CODE, *decorator));
        }
    }
}

/// The call of `@lru_cache(maxsize=None)` or `@lru_cache(None)` (any spelling of `functools.lru_cache`).
pub fn unbounded_lru_cache<'tree>(context: &Context<'tree>, decorator: Node<'tree>) -> Option<Node<'tree>> {
    let call = decorator.named_child(0).filter(|expression| expression.kind() == "call")?;
    let callee = call.child_by_field_name("function")?;
    if context.resolve(callee).as_deref() != Some("functools.lru_cache") {
        return None;
    }
    let maxsize = match keyword_argument(context.text, call, "maxsize") {
        Some(value) => value,
        None => *positional_arguments(call).first()?,
    };
    (maxsize.kind() == "none").then_some(call)
}

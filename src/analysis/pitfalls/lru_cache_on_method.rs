//! `lru-cache-on-method`: `@lru_cache` / `@cache` on a method, where one class-wide cache keys on
//! `self` and keeps every instance alive.

use tree_sitter::Node;

use crate::analysis::syntax::{self, class_of_method, decorator_callee, decorators, text_of};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "lru-cache-on-method";

const CACHES: &[&str] = &["functools.lru_cache", "functools.cache"];
const ENUM_BASES: &[&str] = &["enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag", "enum.ReprEnum"];
const ENUM_METACLASSES: &[&str] = &["enum.EnumMeta", "enum.EnumType"];

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for decorator in context.nodes("decorator") {
        if fires(context, *decorator) {
            out.extend(context.finding_at(CODE, *decorator));
        }
    }
}

/// Whether `decorator` is `functools.lru_cache`/`cache` (any spelling) on a method that is not a
/// static or class method, in a class that is not an Enum.
pub fn fires(context: &Context, decorator: Node) -> bool {
    if !is_cache_decorator(context, decorator) {
        return false;
    }
    let Some(function) = decorator.parent().and_then(|parent| parent.child_by_field_name("definition")) else { return false };
    if function.kind() != "function_definition" {
        return false;
    }
    let Some(class) = class_of_method(function) else { return false };
    let bound_elsewhere = decorators(function).into_iter().any(|other| {
        decorator_callee(other)
            .and_then(|callee| context.resolve(callee))
            .is_some_and(|qualified| matches!(qualified.as_str(), "builtins.staticmethod" | "builtins.classmethod"))
    });
    !bound_elsewhere && !is_enum(context, class, 0)
}

/// Whether the decorator's callee resolves to `functools.lru_cache` or `functools.cache`.
pub fn is_cache_decorator(context: &Context, decorator: Node) -> bool {
    decorator_callee(decorator).and_then(|callee| context.resolve(callee)).is_some_and(|qualified| CACHES.contains(&qualified.as_str()))
}

/// Whether `class` is an Enum: an `enum` base or metaclass, directly or through classes of this file.
fn is_enum(context: &Context, class: Node, depth: usize) -> bool {
    if depth > 20 {
        return false;
    }
    if let Some(keyword) = syntax::metaclass_keyword(class, context.text) {
        if keyword
            .child_by_field_name("value")
            .and_then(|value| context.resolve(value))
            .is_some_and(|name| ENUM_METACLASSES.contains(&name.as_str()))
        {
            return true;
        }
    }
    syntax::bases(class).into_iter().any(|base| {
        if context.resolve(base).is_some_and(|name| ENUM_BASES.contains(&name.as_str())) {
            return true;
        }
        // A base class defined in this file: follow it.
        base.kind() == "identifier"
            && context
                .classes_named(text_of(context.text, base))
                .iter()
                .any(|other| other.id() != class.id() && is_enum(context, *other, depth + 1))
    })
}

//! `abstractmethod-without-abc`: `@abstractmethod` in a class that `ABCMeta` does not build, so
//! the marker is ignored and the class can be instantiated.

use std::collections::HashSet;

use tree_sitter::Node;

use crate::analysis::semantics::classes::class_named;
use crate::analysis::syntax::{self, text_of};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "abstractmethod-without-abc";

/// Builtin classes a base may name: their metaclass is `type`, so they add no `ABCMeta`.
const PLAIN_BUILTINS: &[&str] = &[
    "builtins.object",
    "builtins.Exception",
    "builtins.BaseException",
    "builtins.dict",
    "builtins.list",
    "builtins.tuple",
    "builtins.set",
    "builtins.frozenset",
    "builtins.str",
    "builtins.bytes",
    "builtins.int",
    "builtins.float",
];

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for decorator in context.nodes("decorator") {
        if flagged_class(context, *decorator).is_some() {
            // `@` through the expression: a trailing comment belongs to the decorator node too.
            let end = decorator.named_child(0).map_or(decorator.end_byte(), |expression| expression.end_byte());
            out.extend(context.finding(CODE, decorator.start_byte()..end));
        }
    }
}

/// The class to fix when `decorator` is a flaggable `@abstractmethod`.
pub fn flagged_class<'tree>(context: &Context<'tree>, decorator: Node<'tree>) -> Option<Node<'tree>> {
    if !is_abstractmethod(context, decorator) {
        return None;
    }
    let definition = decorator.parent()?.child_by_field_name("definition")?;
    let class = syntax::class_of_method(definition)?;
    lacks_abcmeta(context, class, &mut HashSet::new()).then_some(class)
}

/// `@abstractmethod` / `@abc.abstractmethod`, aliases resolved, not called.
fn is_abstractmethod(context: &Context, decorator: Node) -> bool {
    decorator
        .named_child(0)
        .filter(|expression| matches!(expression.kind(), "identifier" | "attribute"))
        .and_then(|expression| context.resolve(expression))
        .is_some_and(|qualified| qualified == "abc.abstractmethod")
}

/// Whether every base of `class`, followed through the classes of this file, is known to bring no
/// `ABCMeta`: no `metaclass=`, no base from another module, no class decorator that could set one.
fn lacks_abcmeta(context: &Context, class: Node, visited: &mut HashSet<usize>) -> bool {
    if !visited.insert(class.id()) {
        return false;
    }
    if class.child_by_field_name("superclasses").is_some_and(|arguments| has_keyword_splat_or_metaclass(context.text, arguments)) {
        return false;
    }
    // `@six.add_metaclass(ABCMeta)` and the like.
    if syntax::decorators(class).iter().any(|decorator| mentions_metaclass(context, *decorator)) {
        return false;
    }
    for base in syntax::bases(class) {
        // `Base[T]` subscripts a class: follow `Base` (typing.py's own `Generic[AnyStr]`).
        let base = match base.kind() {
            "subscript" => match base.child_by_field_name("value") {
                Some(value) => value,
                None => return false,
            },
            _ => base,
        };
        if base.kind() != "identifier" {
            return false;
        }
        match context.resolve(base) {
            Some(qualified) if PLAIN_BUILTINS.contains(&qualified.as_str()) => {}
            Some(_) => return false,
            None => {
                let Some(definition) = class_named(context, text_of(context.text, base), class) else { return false };
                if !lacks_abcmeta(context, definition, visited) {
                    return false;
                }
            }
        }
    }
    true
}

fn has_keyword_splat_or_metaclass(text: &str, arguments: Node) -> bool {
    let mut cursor = arguments.walk();
    let found = arguments.named_children(&mut cursor).any(|argument| match argument.kind() {
        "dictionary_splat" => true,
        "keyword_argument" => argument.child_by_field_name("name").is_some_and(|name| text_of(text, name) == "metaclass"),
        _ => false,
    });
    found
}

fn mentions_metaclass(context: &Context, decorator: Node) -> bool {
    let source = text_of(context.text, decorator);
    source.contains("metaclass") || source.contains("ABCMeta")
}

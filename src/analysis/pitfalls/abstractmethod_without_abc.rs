//! `abstractmethod-without-abc`: `@abstractmethod` in a class that `ABCMeta` does not build, so
//! the marker is ignored and the class can be instantiated. One finding per class, on its first
//! `@abstractmethod`, and none for a class whose base in the file is already reported: one fix
//! (the base gets `ABC`) settles them all, and a file of twenty markers needs one decision.

use tree_sitter::Node;

use crate::analysis::semantics::classes::{
    class_named, has_keyword_splat_or_metaclass, lacks_abc_metaclass, local_ancestors, is_plain_class,
};
use crate::analysis::syntax::{self, text_of};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "abstractmethod-without-abc";

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for decorator in context.nodes("decorator") {
        let Some(class) = flagged_class(context, *decorator) else { continue };
        if first_abstractmethod(context, class).is_some_and(|first| first.id() == decorator.id()) {
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
    if !lacks_abc_metaclass(context, class) {
        return None;
    }
    // A base of this file with markers of its own is reported, and its fix covers this class.
    let reported_base = local_ancestors(context, class).into_iter().any(|base| first_abstractmethod(context, base).is_some());
    (!reported_base).then_some(class)
}

/// The first `@abstractmethod` decorator of the methods of `class`, in document order.
fn first_abstractmethod<'tree>(context: &Context<'tree>, class: Node<'tree>) -> Option<Node<'tree>> {
    syntax::methods(class, context.text)
        .into_iter()
        .flat_map(|(_, function)| syntax::decorators(function))
        .filter(|decorator| is_abstractmethod(context, *decorator))
        .min_by_key(|decorator| decorator.start_byte())
}

/// Whether a class of the file that inherits from `class` (directly or not) gets a metaclass of its
/// own: a `metaclass=` keyword, or another base that is not a plain builtin nor a class of the file
/// (an `Enum`, a class from elsewhere). `ABCMeta` on `class` would then raise "metaclass conflict"
/// when that subclass is created (`class Color(Base, Enum)`).
pub fn subclass_with_other_metaclass(context: &Context, class: Node) -> bool {
    context.file_classes().into_iter().any(|candidate| {
        if candidate.id() == class.id() || !local_ancestors(context, candidate).iter().any(|ancestor| ancestor.id() == class.id()) {
            return false;
        }
        // The subclass and the classes it inherits from: a metaclass may come through any of them.
        let mut lineage = local_ancestors(context, candidate);
        lineage.push(candidate);
        lineage.into_iter().any(|member| {
            let own_metaclass =
                member.child_by_field_name("superclasses").is_some_and(|arguments| has_keyword_splat_or_metaclass(context.text, arguments));
            own_metaclass
                || syntax::bases(member).into_iter().any(|base| {
                    let base = if base.kind() == "subscript" { base.child_by_field_name("value").unwrap_or(base) } else { base };
                    match context.resolve(base) {
                        Some(qualified) => !is_plain_class(&qualified),
                        None => base.kind() != "identifier" || class_named(context, text_of(context.text, base), member).is_none(),
                    }
                })
        })
    })
}

/// `@abstractmethod` / `@abc.abstractmethod`, aliases resolved, not called.
fn is_abstractmethod(context: &Context, decorator: Node) -> bool {
    decorator
        .named_child(0)
        .filter(|expression| matches!(expression.kind(), "identifier" | "attribute"))
        .and_then(|expression| context.resolve(expression))
        .is_some_and(|qualified| qualified == "abc.abstractmethod")
}

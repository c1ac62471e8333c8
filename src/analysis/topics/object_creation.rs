//! `__new__` and `__init__`: `__new__` defs in a class body, with how this one creates the
//! instance and whether `__init__` runs afterwards.

use tree_sitter::Node;

use crate::analysis::semantics::classes::{class_name, Hierarchy, Link, Mro};
use crate::analysis::syntax::{self, methods, snippet};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "object-creation";
const IMMUTABLE: &[&str] = &["builtins.tuple", "builtins.str", "builtins.int", "builtins.frozenset", "builtins.bytes", "builtins.float"];
const METACLASS_BASES: &[&str] = &["builtins.type", "abc.ABCMeta", "enum.EnumMeta", "enum.EnumType"];

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for class in context.nodes("class_definition") {
        for (name, function) in methods(*class, context.text) {
            if name != "__new__" {
                continue;
            }
            if let Some(anchor) = function.child_by_field_name("name") {
                out.push(context.occurrence(TOPIC, anchor, new_notes(context, *class, function)));
            }
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(function) = anchor.parent().filter(|parent| parent.kind() == "function_definition") else { return Vec::new() };
    match syntax::class_of_method(function) {
        Some(class) if context.text_of(anchor) == "__new__" => new_notes(context, class, function),
        _ => Vec::new(),
    }
}

fn new_notes(context: &Context, class: Node, function: Node) -> Vec<String> {
    let name = class_name(context, class);
    let hierarchy = Hierarchy::new(context);
    if hierarchy.inherits(class, false, &|qualified| METACLASS_BASES.contains(&qualified)) == Some(true) {
        return vec![
            format!("`{name}` is a metaclass: this `__new__` builds each class whose statement uses `metaclass={name}`, from its name, bases and namespace."),
            "`type.__new__`, reached through `super().__new__`, runs `__set_name__` and the parent's `__init_subclass__`; the metaclass `__init__` follows.".to_owned(),
        ];
    }
    let mut notes = vec![format!(
        "`{name}(...)` calls this `__new__` (implicitly static, `cls` first) to build the instance; `__init__` runs afterwards only if it returns an instance of `{name}`."
    )];
    match creation(context, function) {
        Some(call) => {
            notes.push(format!("It creates the instance with `{}`.", snippet(context.text, call, 60)));
            if reaches_object_new(&hierarchy, class) && syntax::positional_arguments(call).len() + keyword_count(call) > 1 {
                notes.push("That call reaches `object.__new__`, which takes only the class: the extra arguments raise `TypeError`.".to_owned());
            }
        }
        None => notes.push(format!("It never calls `super().__new__(cls)`: the object it returns is not a new `{name}` made here.")),
    }
    if !returns_a_value(function) && !syntax::is_stub_body(context.text, function) && !syntax::always_raises(function.child_by_field_name("body")) {
        notes.push(format!("No `return` here gives a value, so `{name}()` is `None` and `__init__` never runs."));
    }
    if let Some(base) = syntax::bases(class).into_iter().find(|base| context.resolve(*base).is_some_and(|qualified| IMMUTABLE.contains(&qualified.as_str()))) {
        let base = context.text_of(base);
        notes.push(format!("`{base}` is immutable: the value of a `{name}` is fixed here in `__new__`; by `__init__` it can no longer change."));
    }
    notes
}

/// The `X.__new__(...)` call of the def's own body that creates the instance: `super().__new__`,
/// `object.__new__` or a base's `__new__`.
fn creation<'tree>(context: &Context<'tree>, function: Node<'tree>) -> Option<Node<'tree>> {
    syntax::own_body_nodes(function).into_iter().find(|node| {
        node.kind() == "call"
            && node.child_by_field_name("function").is_some_and(|callee| {
                callee.kind() == "attribute" && callee.child_by_field_name("attribute").is_some_and(|attribute| context.text_of(attribute) == "__new__")
            })
    })
}

fn keyword_count(call: Node) -> usize {
    let Some(arguments) = call.child_by_field_name("arguments") else { return 0 };
    let mut cursor = arguments.walk();
    let count = arguments.named_children(&mut cursor).filter(|argument| matches!(argument.kind(), "keyword_argument" | "list_splat" | "dictionary_splat")).count();
    count
}

/// Whether the next `__new__` after this class in its MRO is `object.__new__`.
fn reaches_object_new(hierarchy: &Hierarchy, class: Node) -> bool {
    match hierarchy.mro(class) {
        Mro::Known(links) => links.iter().skip(1).find(|link| hierarchy.defines(**link, "__new__")).is_some_and(|link| matches!(link, Link::Known(known) if known.name == "object")),
        _ => false,
    }
}

/// Whether a `return` of the def's own body gives a value.
fn returns_a_value(function: Node) -> bool {
    syntax::own_body_nodes(function).into_iter().any(|node| node.kind() == "return_statement" && node.named_child(0).is_some())
}

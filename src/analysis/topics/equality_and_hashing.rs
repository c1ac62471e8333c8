//! `__eq__` and `__hash__`: `__eq__`, `__ne__` and `__hash__` defs in a class body and
//! `__hash__ = None`, with whether instances of this class are hashable.

use tree_sitter::Node;

use crate::analysis::semantics::classes::{body_assignments, class_name, is_attrs_class, is_dataclass, local_ancestors};
use crate::analysis::syntax::{self, methods, snippet};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "equality-and-hashing";
const DUNDERS: &[&str] = &["__eq__", "__ne__", "__hash__"];

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for class in context.nodes("class_definition") {
        for (name, function) in methods(*class, context.text) {
            if !DUNDERS.contains(&name.as_str()) {
                continue;
            }
            if let Some(anchor) = function.child_by_field_name("name") {
                out.push(context.occurrence(TOPIC, anchor, method_notes(context, *class, function, &name)));
            }
        }
        for (target, value) in body_assignments(context, *class, "__hash__") {
            if value.kind() == "none" {
                out.push(context.occurrence(TOPIC, target, hash_none_notes(context, *class)));
            }
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(parent) = anchor.parent() else { return Vec::new() };
    let name = context.text_of(anchor);
    match parent.kind() {
        "function_definition" if DUNDERS.contains(&name) => match syntax::class_of_method(parent) {
            Some(class) => method_notes(context, class, parent, name),
            None => Vec::new(),
        },
        "assignment" if name == "__hash__" => match syntax::ancestor(parent, &["class_definition"]) {
            Some(class) => hash_none_notes(context, class),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Whether instances of a class are hashable, as its own body decides it.
enum Hashing {
    /// Its own `def __hash__`.
    OwnHash,
    /// `__hash__ = None` in its body.
    Disabled,
    /// `__hash__ = <expression>` (the expression shown).
    Assigned(String),
    /// A `@dataclass` or attrs decorator generates `__eq__` and decides `__hash__`.
    Generated(&'static str),
    /// Its own `__eq__` without `__hash__`: Python sets `__hash__` to `None`.
    EqWithoutHash,
    /// Neither: `__hash__` is inherited.
    Inherited,
}

fn hashing(context: &Context, class: Node) -> Hashing {
    let own = methods(class, context.text);
    if own.iter().any(|(name, _)| name == "__hash__") {
        return Hashing::OwnHash;
    }
    if let Some((_, value)) = body_assignments(context, class, "__hash__").last() {
        return if value.kind() == "none" { Hashing::Disabled } else { Hashing::Assigned(snippet(context.text, *value, 40)) };
    }
    if is_dataclass(context, class) {
        return Hashing::Generated("@dataclass");
    }
    if is_attrs_class(context, class) {
        return Hashing::Generated("the attrs decorator");
    }
    if own.iter().any(|(name, _)| name == "__eq__") || !body_assignments(context, class, "__eq__").is_empty() {
        return Hashing::EqWithoutHash;
    }
    Hashing::Inherited
}

fn hashing_note(context: &Context, class: Node) -> String {
    let name = class_name(context, class);
    match hashing(context, class) {
        Hashing::OwnHash => format!("Instances of `{name}` are hashable through this class's own `__hash__`."),
        Hashing::Disabled => format!(
            "Instances of `{name}` are unhashable on purpose (`__hash__ = None`): `hash()`, set members and dict keys raise `TypeError`."
        ),
        Hashing::Assigned(value) => format!("`{name}` sets `__hash__ = {value}`, so its instances hash with that function."),
        Hashing::Generated(decorator) => {
            format!("{decorator} generates `__eq__` for `{name}` and decides `__hash__` from its arguments (`eq`, `frozen`, `unsafe_hash`).")
        }
        Hashing::EqWithoutHash => {
            let base_hash = local_ancestors(context, class).into_iter().find(|ancestor| {
                methods(*ancestor, context.text).iter().any(|(method, _)| method == "__hash__")
                    || !body_assignments(context, *ancestor, "__hash__").is_empty()
            });
            match base_hash {
                Some(base) => {
                    let base = class_name(context, base);
                    format!("Instances of `{name}` are unhashable: its own `__eq__` without `__hash__` sets `__hash__` to `None`, hiding `{base}.__hash__` (restore it with `__hash__ = {base}.__hash__`).")
                }
                None => format!(
                    "Instances of `{name}` are unhashable: defining `__eq__` without `__hash__` sets `{name}.__hash__` to `None`, so sets, dict keys and `hash()` raise `TypeError`."
                ),
            }
        }
        Hashing::Inherited => format!("`{name}` keeps the `__hash__` it inherits."),
    }
}

fn method_notes(context: &Context, class: Node, function: Node, name: &str) -> Vec<String> {
    let class_text = class_name(context, class);
    let defines = |wanted: &str| methods(class, context.text).iter().any(|(method, _)| method == wanted);
    let mut notes = vec![hashing_note(context, class)];
    match name {
        "__eq__" => {
            notes.push(format!("`a == b` calls `{class_text}.__eq__(a, b)`; `!=` inverts its result unless the class defines `__ne__`."));
            if returns_not_implemented(context, function) {
                notes.push("It returns `NotImplemented` for some operands: Python then tries the other operand's `__eq__`, then identity.".to_owned());
            } else {
                notes.push("It never returns `NotImplemented`: for types it does not know, returning it lets the other operand's `__eq__` answer.".to_owned());
            }
        }
        "__ne__" => {
            if defines("__eq__") {
                notes.push("The default `__ne__` already inverts `__eq__` (unless it returns `NotImplemented`); this override is needed only when `!=` must differ.".to_owned());
            } else {
                notes.push(format!("`{class_text}` defines `__ne__` but not `__eq__`: `==` still uses the inherited `__eq__` (identity for `object`)."));
            }
        }
        "__hash__" => {
            notes.push("Objects that compare equal must hash equal: hash only the fields `__eq__` compares, and only ones that never change.".to_owned());
            if !defines("__eq__") {
                notes.push(format!("`{class_text}` does not define `__eq__` here, so `==` uses the inherited one (identity for `object`)."));
            }
        }
        _ => {}
    }
    notes
}

fn hash_none_notes(context: &Context, class: Node) -> Vec<String> {
    let name = class_name(context, class);
    vec![
        format!("Instances of `{name}` are unhashable: `hash()`, set members and dict keys raise `TypeError`, and `isinstance(x, collections.abc.Hashable)` is `False`."),
        "This states on purpose what defining `__eq__` alone does implicitly; it suits mutable objects.".to_owned(),
    ]
}

/// Whether a `return NotImplemented` appears in the def's own body.
fn returns_not_implemented(context: &Context, function: Node) -> bool {
    syntax::own_body_nodes(function).into_iter().any(|node| {
        node.kind() == "return_statement" && node.named_child(0).is_some_and(|value| context.text_of(value) == "NotImplemented")
    })
}

//! `__slots__`: the `__slots__` name of an assignment in a class body, with the names listed and
//! whether instances still get a `__dict__`.

use tree_sitter::Node;

use crate::analysis::semantics::classes::{body_names, class_name, is_dataclass, local_ancestors};
use crate::analysis::syntax::{self, code_list, text_of};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "slots";

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for assignment in context.nodes("assignment") {
        if let Some((name, class)) = slots_assignment(context, *assignment) {
            out.push(context.occurrence(TOPIC, name, slots_notes(context, *assignment, class)));
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(assignment) = anchor.parent().filter(|parent| parent.kind() == "assignment") else { return Vec::new() };
    match slots_assignment(context, assignment) {
        Some((_, class)) => slots_notes(context, assignment, class),
        None => Vec::new(),
    }
}

/// The `__slots__` target of an assignment in a class body, with the class.
fn slots_assignment<'tree>(context: &Context<'tree>, assignment: Node<'tree>) -> Option<(Node<'tree>, Node<'tree>)> {
    let left = assignment.child_by_field_name("left").filter(|left| left.kind() == "identifier")?;
    if text_of(context.text, left) != "__slots__" {
        return None;
    }
    let class = syntax::enclosing_scope(assignment).filter(|scope| scope.kind() == "class_definition")?;
    Some((left, class))
}

/// The slot names of the value, when the text lists them.
fn slot_names(context: &Context, value: Node) -> Option<Vec<String>> {
    let unquote = |node: Node| -> Option<String> {
        (node.kind() == "string").then(|| text_of(context.text, node).trim_matches(|c| c == '"' || c == '\'').to_owned())
    };
    match value.kind() {
        "string" => unquote(value).map(|name| vec![name]),
        "tuple" | "list" | "set" | "parenthesized_expression" => {
            let mut cursor = value.walk();
            let items: Vec<Node> = value.named_children(&mut cursor).filter(|item| item.kind() != "comment").collect();
            items.into_iter().map(unquote).collect()
        }
        "dictionary" => {
            let mut cursor = value.walk();
            let pairs: Vec<Node> = value.named_children(&mut cursor).filter(|item| item.kind() == "pair").collect();
            pairs.into_iter().map(|pair| pair.child_by_field_name("key").and_then(unquote)).collect()
        }
        _ => None,
    }
}

fn slots_notes(context: &Context, assignment: Node, class: Node) -> Vec<String> {
    let name = class_name(context, class);
    let mut notes = Vec::new();
    let value = assignment.child_by_field_name("right");
    let names = value.and_then(|value| slot_names(context, value));
    match (&names, value) {
        (Some(names), _) if names.is_empty() => {
            notes.push(format!("`{name}` adds no slots: with every base slotted too, its instances have no `__dict__`, so they take no new attributes."))
        }
        (Some(names), Some(_)) if unslotted_base(context, class).is_some() => {
            let base = unslotted_base(context, class).unwrap_or_default();
            let doubled: Vec<String> = names.iter().filter(|slot| matches!(slot.as_str(), "__dict__" | "__weakref__")).cloned().collect();
            if !doubled.is_empty() {
                notes.push(format!(
                    "The base `{base}` has no `__slots__`, so it already gives instances a `__dict__` and `__weakref__`: listing {} here raises `TypeError` when the class is created.",
                    code_list(&doubled, 40)
                ));
                notes.push("Remove that name, or give the base `__slots__` too.".to_owned());
                return notes;
            }
            notes.push(format!(
                "Instances of `{name}` store {} in slots, but the base `{base}` has no `__slots__`, so they get a `__dict__` and `__weakref__` anyway: other attributes and weak references still work.",
                code_list(names, 60)
            ));
        }
        (Some(names), Some(value)) => {
            let single = if value.kind() == "string" { " (one string is one slot)" } else { "" };
            let mut line = format!("Instances of `{name}` store {} in slots{single}", code_list(names, 80));
            let has = |wanted: &str| names.iter().any(|slot| slot == wanted);
            match (has("__dict__"), has("__weakref__")) {
                (true, true) => line.push_str("; `__dict__` and `__weakref__` are listed, so new attributes and weak references still work."),
                (true, false) => line.push_str("; `__dict__` is listed, so new attributes still work, but `weakref.ref()` raises `TypeError`."),
                (false, true) => line.push_str("; any other attribute raises `AttributeError`, and `__weakref__` is listed, so weak references work."),
                (false, false) => line.push_str("; any other attribute raises `AttributeError` and `weakref.ref()` raises `TypeError`."),
            }
            if base_note(context, class).starts_with("Instances lose") {
                line = line.replace("; any other attribute raises", "; unless a base brings a `__dict__`, any other attribute raises");
            }
            notes.push(line);
        }
        _ => notes.push(format!("The slots of `{name}` are computed, so their names are not known here.")),
    }
    notes.push(base_note(context, class));
    if is_dataclass(context, class) {
        notes.push("A `__slots__` in a dataclass body conflicts with field defaults; `@dataclass(slots=True)` (3.10) writes it from the fields instead.".to_owned());
    } else {
        notes.push("Slots save the per-instance `__dict__`, which matters for many small objects; `@dataclass(slots=True)` (3.10) writes `__slots__` from the fields.".to_owned());
    }
    notes
}

/// A class of the file that `class` inherits from and that has no `__slots__`.
fn unslotted_base(context: &Context, class: Node) -> Option<String> {
    local_ancestors(context, class)
        .into_iter()
        .find(|base| !body_names(context, *base).iter().any(|found| found == "__slots__"))
        .map(|base| class_name(context, base).to_owned())
}

/// Whether every class in the MRO has `__slots__`, as far as the file tells.
fn base_note(context: &Context, class: Node) -> String {
    if unslotted_base(context, class).is_some() {
        return "Add `__slots__` to that base (`()` when it stores nothing) so the slots actually save the `__dict__`.".to_owned();
    }
    let elsewhere: Vec<String> = local_ancestors(context, class)
        .into_iter()
        .chain(std::iter::once(class))
        .flat_map(syntax::bases)
        .filter(|base| {
            let resolved = context.resolve(*base);
            match resolved.as_deref() {
                Some("builtins.object") => false,
                Some(_) => true,
                None => base.kind() != "identifier" || crate::analysis::semantics::classes::class_named(context, text_of(context.text, *base), class).is_none(),
            }
        })
        .map(|base| text_of(context.text, base).to_owned())
        .collect();
    if elsewhere.is_empty() {
        "Every class in its MRO defines `__slots__` (or is `object`), so instances really have no `__dict__`.".to_owned()
    } else {
        format!("Instances lose their `__dict__` only if {} and its bases define `__slots__` too; a base without them brings it back.", code_list(&elsewhere, 60))
    }
}

//! Attribute access hooks: `__getattr__`, `__getattribute__`, `__setattr__` and `__delattr__` defs
//! in a class body, with which of the four the class defines and how this one reaches the object.

use tree_sitter::Node;

use crate::analysis::semantics::classes::class_name;
use crate::analysis::syntax::{self, methods};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "attribute-access-hooks";
const HOOKS: &[&str] = &["__getattr__", "__getattribute__", "__setattr__", "__delattr__"];

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for class in context.nodes("class_definition") {
        for (name, function) in methods(*class, context.text) {
            if !HOOKS.contains(&name.as_str()) {
                continue;
            }
            if let Some(anchor) = function.child_by_field_name("name") {
                out.push(context.occurrence(TOPIC, anchor, hook_notes(context, *class, function, &name)));
            }
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(function) = anchor.parent().filter(|parent| parent.kind() == "function_definition") else { return Vec::new() };
    let name = context.text_of(anchor);
    match syntax::class_of_method(function) {
        Some(class) if HOOKS.contains(&name) => hook_notes(context, class, function, name),
        _ => Vec::new(),
    }
}

fn hook_notes(context: &Context, class: Node, function: Node, name: &str) -> Vec<String> {
    let class_text = class_name(context, class);
    let mut defined: Vec<String> = Vec::new();
    for (method, _) in methods(class, context.text) {
        if HOOKS.contains(&method.as_str()) && !defined.contains(&method) {
            defined.push(method);
        }
    }
    let mut notes = Vec::new();
    match name {
        "__getattr__" => {
            notes.push(format!("Runs only when normal lookup on a `{class_text}` instance fails with `AttributeError`; attributes that exist never reach it."));
            if defined.iter().any(|hook| hook == "__getattribute__") {
                notes.push("This class also defines `__getattribute__`: `__getattr__` runs when that raises `AttributeError`.".to_owned());
            }
            if let Some(attribute) = self_attribute_read(context, function) {
                notes.push(format!("It reads `{attribute}`: on an instance made without `__init__` (`copy.copy`, pickle) that read misses and re-enters `__getattr__`."));
            }
        }
        "__getattribute__" => {
            notes.push(format!("Runs on every attribute read of a `{class_text}` instance, methods included; implicit special-method lookups (`len()`, operators) bypass it."));
            notes.push("Reach the object's own attributes with `super().__getattribute__(name)`: any `self.attr` here calls this method again.".to_owned());
        }
        "__setattr__" => {
            notes.push(format!("Runs on every `obj.name = value` for `{class_text}` instances, the assignments in `__init__` included."));
            if let Some(store) = stores_through_object(context, function) {
                notes.push(format!("It stores through `{store}`, which does not call this hook again."));
            } else {
                notes.push("To store a value, call `super().__setattr__(name, value)` or `object.__setattr__(self, name, value)`: `self.x = value` here recurses.".to_owned());
            }
        }
        "__delattr__" => {
            notes.push(format!("Runs on every `del obj.name` for `{class_text}` instances; remove the attribute with `super().__delattr__(name)`."));
        }
        _ => {}
    }
    let listed = syntax::code_list(&defined, 120);
    notes.push(if defined.len() == 1 {
        format!("`{class_text}` defines {listed}, one of the four attribute hooks.")
    } else {
        format!("`{class_text}` defines {} of the four attribute hooks: {listed}.", defined.len())
    });
    notes
}

/// The first `self.attr` read in the def's own body (with its first parameter's name).
fn self_attribute_read(context: &Context, function: Node) -> Option<String> {
    let first = syntax::first_parameter(function).map(|parameter| context.text_of(parameter))?;
    syntax::own_body_nodes(function).into_iter().find_map(|node| {
        let object = node.child_by_field_name("object").filter(|_| node.kind() == "attribute")?;
        (object.kind() == "identifier" && context.text_of(object) == first).then(|| context.text_of(node).to_owned())
    })
}

/// The `super().__setattr__` / `object.__setattr__` / `Base.__setattr__` the def's own body
/// reaches the object through, if any.
fn stores_through_object(context: &Context, function: Node) -> Option<String> {
    let first = syntax::first_parameter(function).map(|parameter| context.text_of(parameter));
    syntax::own_body_nodes(function).into_iter().find_map(|node| {
        let attribute = node.child_by_field_name("attribute").filter(|_| node.kind() == "attribute")?;
        let object = node.child_by_field_name("object")?;
        let through = context.text_of(attribute) == "__setattr__"
            && match object.kind() {
                "call" => context.text_of(object).starts_with("super("),
                "identifier" => Some(context.text_of(object)) != first,
                "attribute" => true,
                _ => false,
            };
        through.then(|| context.text_of(node).to_owned())
    })
}

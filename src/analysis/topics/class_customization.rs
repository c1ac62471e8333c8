//! `__init_subclass__` and `__class_getitem__` defs in a class body, with the keywords the
//! subclasses of this file pass to the hook.

use tree_sitter::Node;

use crate::analysis::semantics::classes::{class_name, local_ancestors};
use crate::analysis::syntax::{self, code_list, methods, snippet};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "class-customization";
const HOOKS: &[&str] = &["__init_subclass__", "__class_getitem__"];

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
    let mut notes = Vec::new();
    if name == "__class_getitem__" {
        notes.push(format!("Makes `{class_text}[...]` work on the class (not its instances); it is implicitly a classmethod, and a metaclass `__getitem__` would win."));
        notes.push("It is meant for type hints: `Cls[int]` builds an alias and checks nothing about instances.".to_owned());
        return notes;
    }
    notes.push(format!("Runs once for each subclass of `{class_text}` when its class statement completes, with `cls` bound to the subclass; never for `{class_text}` itself."));
    let keywords = subclass_keywords(context, class);
    if keywords.is_empty() {
        notes.push("It is implicitly a classmethod, and it receives the keywords of the subclass's class statement (except `metaclass`).".to_owned());
    } else {
        notes.push(format!("It is implicitly a classmethod; subclasses in this file pass it keywords: {}.", code_list(&keywords, 120)));
    }
    if !forwards_to_super(context, function) {
        notes.push("It does not call `super().__init_subclass__(...)`: hooks of other bases in a subclass's MRO are skipped.".to_owned());
    }
    notes
}

/// `Json(..., name="json")` for each subclass of `class` in the file whose class statement passes
/// keywords other than `metaclass`.
fn subclass_keywords(context: &Context, class: Node) -> Vec<String> {
    let mut found = Vec::new();
    for subclass in context.file_classes() {
        if !local_ancestors(context, subclass).iter().any(|ancestor| ancestor.id() == class.id()) {
            continue;
        }
        let Some(arguments) = subclass.child_by_field_name("superclasses") else { continue };
        let mut cursor = arguments.walk();
        let keywords: Vec<String> = arguments
            .named_children(&mut cursor)
            .filter(|argument| argument.kind() == "keyword_argument")
            .filter(|argument| argument.child_by_field_name("name").is_some_and(|name| context.text_of(name) != "metaclass"))
            .map(|argument| snippet(context.text, argument, 40))
            .collect();
        if !keywords.is_empty() {
            found.push(format!("{}(..., {})", class_name(context, subclass), keywords.join(", ")));
        }
    }
    found
}

fn forwards_to_super(context: &Context, function: Node) -> bool {
    syntax::own_body_nodes(function).into_iter().any(|node| {
        node.kind() == "attribute"
            && node.child_by_field_name("attribute").is_some_and(|attribute| context.text_of(attribute) == "__init_subclass__")
    })
}

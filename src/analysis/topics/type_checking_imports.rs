//! `if TYPE_CHECKING:`: the `if` keyword, with the names the block imports and whether the
//! file's annotations may use them unquoted.

use tree_sitter::Node;

use crate::analysis::semantics::typing::{future_annotations, is_type_checking_if};
use crate::analysis::syntax::{self, code_list, text_of};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "type-checking-imports";

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for statement in context.nodes("if_statement") {
        if is_type_checking_if(context, *statement) {
            if let Some(keyword) = syntax::token(*statement, "if") {
                out.push(context.occurrence(TOPIC, keyword, block_notes(context, *statement)));
            }
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    match anchor.parent() {
        Some(statement) if statement.kind() == "if_statement" && is_type_checking_if(context, statement) => block_notes(context, statement),
        _ => Vec::new(),
    }
}

fn block_notes(context: &Context, statement: Node) -> Vec<String> {
    let mut notes = vec!["`TYPE_CHECKING` is `False` when the program runs, so this block never runs; only type checkers read it.".to_owned()];
    let names = imported_names(context, statement);
    if !names.is_empty() {
        let verb = if names.len() == 1 { "does" } else { "do" };
        notes.push(format!("It imports {}, which {verb} not exist at run time.", code_list(&names, 80)));
    }
    if future_annotations(context) {
        notes.push("The file has `from __future__ import annotations`, so annotations may name them unquoted; any other use at run time still raises `NameError`.".to_owned());
    } else {
        notes.push("Annotations of defs and of module or class variables that use them must be quoted, unless the file adds `from __future__ import annotations` (Python 3.14 no longer evaluates annotations when defining).".to_owned());
    }
    if statement.child_by_field_name("alternative").is_some() {
        notes.push("Its `else` branch is what runs instead.".to_owned());
    }
    notes
}

/// The local names the block's import statements bind, in order.
fn imported_names(context: &Context, statement: Node) -> Vec<String> {
    let Some(body) = statement.child_by_field_name("consequence") else { return Vec::new() };
    let mut names = Vec::new();
    for kind in ["import_statement", "import_from_statement"] {
        for import in syntax::descendants(body, kind) {
            let mut cursor = import.walk();
            for name in import.children_by_field_name("name", &mut cursor) {
                let local = match name.kind() {
                    "aliased_import" => name.child_by_field_name("alias"),
                    "dotted_name" if kind == "import_statement" => name.named_child(0),
                    _ => Some(name),
                };
                names.extend(local.map(|local| (local.start_byte(), text_of(context.text, local).to_owned())));
            }
        }
    }
    names.sort();
    let mut names: Vec<String> = names.into_iter().map(|(_, name)| name).collect();
    let mut seen = std::collections::HashSet::new();
    names.retain(|name| seen.insert(name.clone()));
    names
}

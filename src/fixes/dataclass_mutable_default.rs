//! A mutable dataclass default becomes `field(default_factory=...)`, so each instance builds its own.

use tree_sitter::Node;

use super::edits::{add_import, module_imports};
use super::{Edit, Tier};
use crate::analysis::pitfalls::dataclass_mutable_default::flagged_defaults;
use crate::analysis::semantics::classes::body_names;
use crate::analysis::syntax::{self, text_of};
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "dataclass-mutable-default";

pub fn fix(context: &Context, finding: &Finding, _settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let start = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    let class = syntax::ancestor(start, &["class_definition"])?;
    let flagged = flagged_defaults(context, class).into_iter().find(|found| found.value.byte_range() == finding.range)?;
    let value = flagged.value;
    let class_names = body_names(context, class);
    // The factory runs in `__init__`, where the class body's names are not visible; the class
    // body's own `field` would be the name the edit writes.
    if class_names.iter().any(|name| name == "field") || reads_any(context, value, &class_names) {
        return None;
    }
    let factory = factory(context, value)?;
    match flagged.field_call {
        Some(_) => {
            let argument = value.parent().filter(|parent| parent.kind() == "keyword_argument")?;
            Some((Tier::Offered, vec![Edit { range: argument.byte_range(), text: format!("default_factory={factory}") }]))
        }
        None => {
            let (name, import) = field_name(context)?;
            let mut edits = vec![Edit { range: value.byte_range(), text: format!("{name}(default_factory={factory})") }];
            edits.extend(import);
            edits.sort_by_key(|edit| edit.range.start);
            Some((Tier::Offered, edits))
        }
    }
}

/// What builds a new default each time: the type for an empty display or an argument-less
/// call, else a lambda around the expression; `None` for a comprehension.
fn factory(context: &Context, value: Node) -> Option<String> {
    let empty = value.named_child_count() == 0;
    match value.kind() {
        "list" if empty => Some("list".to_owned()),
        "dictionary" if empty => Some("dict".to_owned()),
        "list" | "dictionary" | "set" => Some(format!("lambda: {}", text_of(context.text, value))),
        "call" => {
            let callee = value.child_by_field_name("function")?;
            let arguments = value.child_by_field_name("arguments")?;
            let no_arguments = arguments.kind() == "argument_list" && arguments.named_child_count() == 0;
            if no_arguments && matches!(callee.kind(), "identifier" | "attribute") {
                Some(text_of(context.text, callee).to_owned())
            } else {
                Some(format!("lambda: {}", text_of(context.text, value)))
            }
        }
        _ => None,
    }
}

/// Whether `value` reads one of `names` (a class-body name the factory could not see).
fn reads_any(context: &Context, value: Node, names: &[String]) -> bool {
    syntax::descendants(value, "identifier")
        .into_iter()
        .any(|identifier| syntax::is_load(identifier) && names.iter().any(|name| name == text_of(context.text, identifier)))
}

/// The spelling of `dataclasses.field` in this module, with the edit that imports it when needed.
fn field_name(context: &Context) -> Option<(String, Option<Edit>)> {
    let imports = module_imports(context);
    if let Some(found) = imports.iter().find(|import| import.qualified == "dataclasses.field") {
        return Some((found.name.clone(), None));
    }
    if let Some(module) = imports.iter().find(|import| import.qualified == "dataclasses") {
        return Some((format!("{}.field", module.name), None));
    }
    // The module binds `field` some other way: importing it would shadow that.
    if context.imports.is_bound_locally("field", context.tree.root_node()) {
        return None;
    }
    let from_import = imports.iter().find(|import| import.qualified.starts_with("dataclasses.")).map(|import| import.statement);
    match from_import {
        Some(statement) => {
            let mut cursor = statement.walk();
            let last = statement.children_by_field_name("name", &mut cursor).last()?;
            Some(("field".to_owned(), Some(Edit { range: last.end_byte()..last.end_byte(), text: ", field".to_owned() })))
        }
        None => Some(("field".to_owned(), Some(add_import(context, "from dataclasses import field")))),
    }
}

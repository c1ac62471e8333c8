//! The fix of `decorator-missing-wraps`: `@functools.wraps(p)` right above the wrapper's `def`,
//! plus `import functools` once (or `@wraps(p)` when `wraps` is already imported).
//! Also home of the import helpers the `abc` fix shares.

use tree_sitter::Node;

use super::{indentation_at, Edit, Tier};
use crate::analysis::pitfalls::decorator_missing_wraps::unwrapped_wrapper;
use crate::analysis::pitfalls::late_binding_closure::Scopes;
use crate::analysis::syntax::text_of;
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "decorator-missing-wraps";

pub fn fix(context: &Context, finding: &Finding, _settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let name = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    let wrapper = name.parent().filter(|parent| parent.kind() == "function_definition")?;
    let found = unwrapped_wrapper(context, &mut Scopes::default(), wrapper)?;
    let mut edits = Vec::new();
    let imports = module_imports(context);
    // Reuse `from functools import wraps`, then `import functools`, else add the import.
    let existing = imports
        .iter()
        .find(|import| import.qualified == "functools.wraps")
        .or_else(|| imports.iter().find(|import| import.qualified == "functools"));
    let callee = match existing {
        Some(import) if import.qualified == "functools.wraps" => import.name.clone(),
        Some(import) => format!("{}.wraps", import.name),
        None => {
            if imports.iter().any(|import| import.name == "functools") {
                return None;
            }
            edits.push(add_import(context, "import functools"));
            "functools.wraps".to_owned()
        }
    };
    // The name must mean the import where the decorator runs, not a local of the same name.
    let first = callee.split('.').next().unwrap_or(&callee);
    if context.imports.is_bound_locally(first, wrapper) {
        return None;
    }
    let indent = indentation_at(context.text, wrapper.start_byte());
    let at = wrapper.start_byte();
    let newline = newline_of(context.text);
    edits.push(Edit { range: at..at, text: format!("@{callee}({}){newline}{indent}", found.parameter) });
    edits.sort_by_key(|edit| edit.range.start);
    Some((Tier::Safe, edits))
}

/// One name bound by a module-level import statement (`import a.b as c`, `from m import n`).
pub struct ModuleImport<'tree> {
    /// The name the import binds.
    pub name: String,
    /// What it refers to: `functools`, `functools.wraps`, `abc.ABC`.
    pub qualified: String,
    pub statement: Node<'tree>,
}

/// Every name bound by an import statement directly at module level, in document order.
pub fn module_imports<'tree>(context: &Context<'tree>) -> Vec<ModuleImport<'tree>> {
    let text = context.text;
    let root = context.tree.root_node();
    let mut found = Vec::new();
    let mut cursor = root.walk();
    for statement in root.named_children(&mut cursor) {
        let mut names = statement.walk();
        match statement.kind() {
            "import_statement" => {
                for name in statement.children_by_field_name("name", &mut names) {
                    match name.kind() {
                        "dotted_name" => {
                            let full = compact(text_of(text, name));
                            let first = full.split('.').next().unwrap_or("").to_owned();
                            found.push(ModuleImport { name: first.clone(), qualified: first, statement });
                        }
                        "aliased_import" => {
                            if let (Some(module), Some(alias)) = (name.child_by_field_name("name"), name.child_by_field_name("alias")) {
                                found.push(ModuleImport {
                                    name: text_of(text, alias).to_owned(),
                                    qualified: compact(text_of(text, module)),
                                    statement,
                                });
                            }
                        }
                        _ => {}
                    }
                }
            }
            "import_from_statement" => {
                let Some(module) = statement.child_by_field_name("module_name") else { continue };
                let module = compact(text_of(text, module));
                for name in statement.children_by_field_name("name", &mut names) {
                    match name.kind() {
                        "dotted_name" => {
                            let imported = compact(text_of(text, name));
                            found.push(ModuleImport { name: imported.clone(), qualified: format!("{module}.{imported}"), statement });
                        }
                        "aliased_import" => {
                            if let (Some(imported), Some(alias)) = (name.child_by_field_name("name"), name.child_by_field_name("alias")) {
                                found.push(ModuleImport {
                                    name: text_of(text, alias).to_owned(),
                                    qualified: format!("{module}.{}", compact(text_of(text, imported))),
                                    statement,
                                });
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// Inserts the import statement `line` after the module docstring, the `from __future__` imports
/// and the imports that open the file. The same line always gets the same edit, so the edits of
/// several findings merge.
pub fn add_import(context: &Context, line: &str) -> Edit {
    let text = context.text;
    let newline = newline_of(text);
    let root = context.tree.root_node();
    let mut cursor = root.walk();
    let mut last_prefix: Option<Node> = None;
    let mut first_statement: Option<Node> = None;
    for (index, statement) in root.named_children(&mut cursor).filter(|statement| statement.kind() != "comment").enumerate() {
        let is_docstring = index == 0
            && statement.kind() == "expression_statement"
            && statement.named_child_count() == 1
            && statement.named_child(0).is_some_and(|value| matches!(value.kind(), "string" | "concatenated_string"));
        if is_docstring || matches!(statement.kind(), "future_import_statement" | "import_statement" | "import_from_statement") {
            last_prefix = Some(statement);
            continue;
        }
        first_statement = Some(statement);
        break;
    }
    match (last_prefix, first_statement) {
        (Some(prefix), _) => {
            let end = line_end(text, prefix.end_byte());
            if end == text.len() {
                Edit { range: end..end, text: format!("{newline}{line}") }
            } else {
                let at = end + if text[end..].starts_with("\r\n") { 2 } else { 1 };
                Edit { range: at..at, text: format!("{line}{newline}") }
            }
        }
        (None, Some(statement)) => {
            let at = text[..statement.start_byte()].rfind(['\n', '\r']).map_or(0, |index| index + 1);
            Edit { range: at..at, text: format!("{line}{newline}{newline}") }
        }
        (None, None) => Edit { range: 0..0, text: format!("{line}{newline}") },
    }
}

/// The file's line ending: `\r\n` when it uses them, else `\n`.
pub fn newline_of(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

fn line_end(text: &str, offset: usize) -> usize {
    text[offset..].find(['\n', '\r']).map_or(text.len(), |index| offset + index)
}

fn compact(source: &str) -> String {
    source.chars().filter(|ch| !ch.is_whitespace()).collect()
}

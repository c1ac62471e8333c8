//! Edits that several fixes make: adding an import once, where the file's imports are, and
//! indenting as the file does.

use tree_sitter::Node;

use crate::analysis::semantics::scopes::scope_bindings;
use crate::analysis::syntax::{self, text_of};
use crate::analysis::Context;

use super::{indentation_at, Edit};

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

/// How code at `at` can name `module.name` (`contextlib.contextmanager`): the name a module-level
/// import already binds for it or its module (`contextmanager`, `contextlib.contextmanager`,
/// `cl.contextmanager`), else `name` with the edit adding `from module import name`. `None` when
/// that name is bound to something else, at module level or around `at`.
pub fn imported_name(context: &Context, module: &str, name: &str, at: Node) -> Option<(String, Option<Edit>)> {
    let imports = module_imports(context);
    let qualified = format!("{module}.{name}");
    let found = match imports.iter().find(|import| import.qualified == qualified) {
        Some(import) => Some(import.name.clone()),
        None => imports.iter().find(|import| import.qualified == module).map(|import| format!("{}.{name}", import.name)),
    };
    let (spelled, edit) = match found {
        Some(spelled) => (spelled, None),
        None => {
            let root = context.tree.root_node();
            if scope_bindings(context.text, root).locals.contains(name) {
                return None;
            }
            (name.to_owned(), Some(add_import(context, &format!("from {module} import {name}"))))
        }
    };
    let first = spelled.split('.').next().unwrap_or(&spelled);
    if context.imports.is_bound_locally(first, at) {
        return None;
    }
    Some((spelled, edit))
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

/// The indentation one block level adds, as the file writes it around `node`: the difference
/// between the line of `node` and its block's header, else the first indented block of the file,
/// else four spaces.
pub fn indent_unit(context: &Context, node: Node) -> String {
    let mut candidates = Vec::new();
    if let Some(block) = syntax::ancestor(node, &["block"]) {
        candidates.push(block);
    }
    candidates.extend(context.nodes("block").iter().copied());
    for block in candidates {
        let (Some(header), Some(first)) = (block.parent(), block.named_child(0)) else { continue };
        if !starts_line(context.text, first.start_byte()) || first.start_byte() <= header.start_byte() {
            continue;
        }
        let outer = indentation_at(context.text, header.start_byte());
        let inner = indentation_at(context.text, first.start_byte());
        if inner.len() > outer.len() && inner.starts_with(outer) {
            return inner[outer.len()..].to_owned();
        }
    }
    "    ".to_owned()
}

/// Whether only whitespace precedes `offset` on its line.
pub fn starts_line(text: &str, offset: usize) -> bool {
    let start = text[..offset].rfind(['\n', '\r']).map_or(0, |index| index + 1);
    text[start..offset].chars().all(|ch| ch == ' ' || ch == '\t')
}

/// The offset of the end of the line holding `offset` (before its line break).
pub fn line_end(text: &str, offset: usize) -> usize {
    text[offset..].find(['\n', '\r']).map_or(text.len(), |index| offset + index)
}

/// Where a new module-level import goes, and the text to insert for `line` there: after the
/// module docstring, `from __future__` imports and the leading import block.
pub fn import_insertion(context: &Context, line: &str) -> Edit {
    let root = context.tree.root_node();
    let mut cursor = root.walk();
    let statements: Vec<Node> = root.named_children(&mut cursor).filter(|child| child.kind() != "comment").collect();
    let mut last = None;
    for (index, statement) in statements.iter().enumerate() {
        let is_docstring = index == 0 && is_docstring(*statement);
        if is_docstring || matches!(statement.kind(), "future_import_statement" | "import_statement" | "import_from_statement") {
            last = Some(*statement);
        } else {
            break;
        }
    }
    match (last, statements.first()) {
        (Some(last), _) => {
            let end = line_end(context.text, last.end_byte());
            Edit { range: end..end, text: format!("\n{line}") }
        }
        (None, Some(first)) => {
            let line_start = context.text[..first.start_byte()].rfind(['\n', '\r']).map_or(0, |index| index + 1);
            let start = if starts_line(context.text, first.start_byte()) { line_start } else { first.start_byte() };
            let spacing =
                if matches!(first.kind(), "function_definition" | "class_definition" | "decorated_definition") { "\n\n\n" } else { "\n" };
            Edit { range: start..start, text: format!("{line}{spacing}") }
        }
        (None, None) => Edit { range: 0..0, text: format!("{line}\n") },
    }
}

pub fn is_docstring(statement: Node) -> bool {
    statement.kind() == "expression_statement"
        && statement.named_child_count() == 1
        && statement.named_child(0).is_some_and(|expression| matches!(expression.kind(), "string" | "concatenated_string"))
}

/// `source` without whitespace: a dotted name as the file may space it (`a . b`).
fn compact(source: &str) -> String {
    source.chars().filter(|ch| !ch.is_whitespace()).collect()
}

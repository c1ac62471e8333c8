//! `match-capture-shadows-name`: a capture pattern spelled like an imported name, a module-level
//! def or class, or a module-level UPPER_CASE constant, in a `match` inside a def or class: it
//! matches anything and rebinds that name there instead of comparing with it.

use tree_sitter::Node;

use crate::analysis::syntax::{self, capture_patterns, target_names, text_of};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "match-capture-shadows-name";

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for clause in context.nodes("case_clause") {
        let Some(statement) = syntax::ancestor(*clause, &["match_statement"]) else { continue };
        // Only a `match` inside a def or class body: there the capture makes a new local name.
        if syntax::enclosing_scope(statement).is_none() {
            continue;
        }
        let mut cursor = clause.walk();
        let patterns: Vec<Node> = clause.children(&mut cursor).filter(|child| child.kind() == "case_pattern").collect();
        for pattern in patterns {
            for capture in capture_patterns(pattern) {
                if shadows(context, statement, text_of(context.text, capture)) {
                    out.extend(context.finding_at(CODE, capture));
                }
            }
        }
    }
}

/// Whether `name` is imported in a scope that holds `statement`, or bound at module level by a
/// def, a class or an assignment when spelled UPPER_CASE.
fn shadows(context: &Context, statement: Node, name: &str) -> bool {
    if name == "_" {
        return false;
    }
    let around = |node: Node| match syntax::enclosing_scope(node) {
        None => true,
        Some(scope) => syntax::contains(scope, statement),
    };
    let imported = ["import_statement", "import_from_statement"].iter().flat_map(|kind| context.file_nodes(kind)).any(|import| {
        around(import) && {
            let mut names = Vec::new();
            import_names(context, import, &mut names);
            names.iter().any(|bound| bound == name)
        }
    });
    if imported {
        return true;
    }
    let defined = ["function_definition", "class_definition"]
        .iter()
        .any(|kind| context.definitions_named(kind, name).into_iter().any(|definition| syntax::enclosing_scope(definition).is_none()));
    if defined {
        return true;
    }
    let constant = name.chars().any(|ch| ch.is_ascii_uppercase()) && !name.chars().any(|ch| ch.is_lowercase());
    constant
        && context.file_nodes("assignment").into_iter().any(|assignment| {
            syntax::enclosing_scope(assignment).is_none()
                && assignment.child_by_field_name("left").is_some_and(|left| {
                    let mut names = Vec::new();
                    target_names(context.text, left, &mut names);
                    names.iter().any(|bound| bound == name)
                })
        })
}

/// The names an import statement binds: `a` for `import a.b`, `y` for `import x as y` and
/// `from m import x as y`.
fn import_names(context: &Context, import: Node, out: &mut Vec<String>) {
    let mut cursor = import.walk();
    for name in import.children_by_field_name("name", &mut cursor) {
        match name.kind() {
            "dotted_name" if import.kind() == "import_statement" => {
                out.extend(name.named_child(0).map(|first| text_of(context.text, first).to_owned()))
            }
            "dotted_name" => out.push(text_of(context.text, name).to_owned()),
            "aliased_import" => out.extend(name.child_by_field_name("alias").map(|alias| text_of(context.text, alias).to_owned())),
            _ => {}
        }
    }
}

//! `@lru_cache(maxsize=None)` becomes `@cache` (added to the same `from functools import`), and
//! `@functools.lru_cache(None)` becomes `@functools.cache`: the spelling the file already uses.

use tree_sitter::Node;

use super::{Edit, Tier};
use crate::analysis::pitfalls::lru_cache_maxsize_none::unbounded_lru_cache;
use crate::analysis::syntax::{self, keyword_argument, text_of};
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "lru-cache-maxsize-none";

pub fn fix(context: &Context, finding: &Finding, settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    // `functools.cache` is new in 3.9.
    if !settings.python_at_least(3, 9) {
        return None;
    }
    let node = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    let decorator = if node.kind() == "decorator" { node } else { syntax::ancestor(node, &["decorator"])? };
    let call = unbounded_lru_cache(context, decorator)?;
    // `cache` takes no `typed`, and anything beyond `maxsize` would be lost.
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    if keyword_argument(context.text, call, "typed").is_some() || arguments.named_children(&mut cursor).count() != 1 {
        return None;
    }
    let callee = call.child_by_field_name("function")?;
    match callee.kind() {
        // `functools.lru_cache(None)` or `ft.lru_cache(None)`: keep the module's spelling.
        "attribute" => {
            let module = callee.child_by_field_name("object")?;
            let text = format!("{}.cache", text_of(context.text, module));
            Some((Tier::Safe, vec![Edit { range: call.byte_range(), text }]))
        }
        "identifier" => {
            let mut edits = Vec::new();
            if !cache_is_imported(context, decorator) {
                // A `cache` bound to something else would take over the new decorator.
                if names_cache(context) {
                    return None;
                }
                let import = from_import_binding(context, callee)?;
                let last = last_imported_name(import)?;
                edits.push(Edit { range: last.end_byte()..last.end_byte(), text: ", cache".to_owned() });
            }
            edits.push(Edit { range: call.byte_range(), text: "cache".to_owned() });
            edits.sort_by_key(|edit| edit.range.start);
            Some((Tier::Safe, edits))
        }
        _ => None,
    }
}

/// Whether a `from functools import cache` (unaliased) is already in a scope the decorator sees.
fn cache_is_imported(context: &Context, decorator: Node) -> bool {
    context.identifiers_named("cache").iter().any(|identifier| {
        identifier.parent().is_some_and(|parent| {
            parent.kind() == "dotted_name" && parent.parent().is_some_and(|import| import.kind() == "import_from_statement")
        }) && context.resolve(*identifier).as_deref() == Some("functools.cache")
            && visible_from(*identifier, decorator)
    })
}

/// Whether the name `cache` appears anywhere as a variable (so adding an import could clash).
fn names_cache(context: &Context) -> bool {
    context.identifiers_named("cache").iter().any(|identifier| syntax::is_variable_name(*identifier))
}

/// Whether a binding at `binding` is in the module or in a scope around `user`.
fn visible_from(binding: Node, user: Node) -> bool {
    syntax::enclosing_scope(binding).is_none_or(|scope| syntax::contains(scope, user))
}

/// The `from functools import ...` statement that binds the decorator's name, in a scope it sees.
fn from_import_binding<'tree>(context: &Context<'tree>, callee: Node<'tree>) -> Option<Node<'tree>> {
    let name = text_of(context.text, callee);
    context.nodes("import_from_statement").iter().copied().find(|import| {
        let from_functools = import.child_by_field_name("module_name").is_some_and(|module| text_of(context.text, module) == "functools");
        let mut cursor = import.walk();
        let binds = import.children_by_field_name("name", &mut cursor).any(|imported| {
            let bound = if imported.kind() == "aliased_import" { imported.child_by_field_name("alias") } else { Some(imported) };
            bound.is_some_and(|bound| text_of(context.text, bound) == name)
        });
        from_functools && binds && visible_from(*import, callee) && import.start_byte() < callee.start_byte()
    })
}

fn last_imported_name(import: Node) -> Option<Node> {
    let mut cursor = import.walk();
    let last = import.children_by_field_name("name", &mut cursor).last();
    last
}

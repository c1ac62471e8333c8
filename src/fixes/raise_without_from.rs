//! `raise X` in an `except` clause becomes `raise X from NAME`, binding the handled exception as
//! `err` (or a free `errN`) when the clause has no `as`.

use tree_sitter::Node;

use super::{Edit, Tier};
use crate::analysis::pitfalls::raise_without_from::flagged;
use crate::analysis::syntax::{self, descendants, handler_name, is_binding_occurrence, text_of};
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "raise-without-from";

pub fn fix(context: &Context, finding: &Finding, _settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let keyword = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    let statement = if keyword.kind() == "raise_statement" { keyword } else { syntax::ancestor(keyword, &["raise_statement"])? };
    let found = flagged(context, statement)?;
    // A bare `except:` catches no type, so there is no `as` to add.
    let value = found.handler.child_by_field_name("value")?;
    let mut edits = Vec::new();
    let name = match handler_name(found.handler) {
        Some(name) => {
            let name = text_of(context.text, name);
            if rebound_before(context, found.handler, found.statement, name) {
                return None;
            }
            name.to_owned()
        }
        None => {
            // `except A, B:` (3.14) cannot take `as` without parentheses.
            let mut cursor = found.handler.walk();
            if found.handler.children(&mut cursor).any(|child| child.kind() == ",") || value.kind() == "expression_list" {
                return None;
            }
            let name = free_name(context, found.handler)?;
            edits.push(Edit { range: value.end_byte()..value.end_byte(), text: format!(" as {name}") });
            name
        }
    };
    edits.push(Edit { range: found.raised.end_byte()..found.raised.end_byte(), text: format!(" from {name}") });
    Some((Tier::Offered, edits))
}

/// Whether the handler's body binds or deletes `name` before `statement` (an assignment, `del`,
/// an inner `except ... as name`, a loop or `with` target).
fn rebound_before(context: &Context, handler: Node, statement: Node, name: &str) -> bool {
    let mut cursor = handler.walk();
    let body = handler.children(&mut cursor).find(|child| child.kind() == "block");
    body.is_some_and(|body| {
        descendants(body, "identifier").into_iter().any(|identifier| {
            identifier.start_byte() < statement.start_byte() && text_of(context.text, identifier) == name && is_binding_occurrence(identifier)
        })
    })
}

/// `err`, else the first of `err2`, `err3`, ... that the scope around the handler never spells.
fn free_name(context: &Context, handler: Node) -> Option<String> {
    let scope = syntax::enclosing_scope(handler).unwrap_or_else(|| context.tree.root_node());
    (1..100).map(|index| if index == 1 { "err".to_owned() } else { format!("err{index}") }).find(|candidate| {
        !context.identifiers_named(candidate).into_iter().any(|identifier| syntax::contains(scope, identifier))
    })
}

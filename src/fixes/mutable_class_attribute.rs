//! A shared mutable class attribute moves into `__init__`, so each instance gets its own.

use tree_sitter::Node;

use super::edits::{is_docstring, line_end, newline_of, starts_line};
use super::{indentation_at, Edit, Tier};
use crate::analysis::pitfalls::mutable_class_attribute::flagged_attributes;
use crate::analysis::semantics::classes::body_names;
use crate::analysis::syntax::{self, first_parameter, text_of};
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "mutable-class-attribute";

pub fn fix(context: &Context, finding: &Finding, _settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let start = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    let class = syntax::ancestor(start, &["class_definition"])?;
    let flagged = flagged_attributes(context, class).into_iter().find(|found| found.name.byte_range() == finding.range)?;
    let name = text_of(context.text, flagged.name);
    let init = syntax::methods(class, context.text).into_iter().find(|(method, definition)| {
        method == "__init__" && definition.parent().is_some_and(|parent| parent.kind() == "block" || parent.kind() == "decorated_definition")
    })?;
    let init = init.1;
    // The value moves into `__init__`, where the class body's names are not visible.
    let class_names = body_names(context, class);
    let reads_class_name = syntax::descendants(flagged.value, "identifier")
        .into_iter()
        .any(|identifier| syntax::is_load(identifier) && class_names.iter().any(|other| other == text_of(context.text, identifier)));
    if reads_class_name || read_elsewhere_in_body(context, class, flagged.assignment, name) {
        return None;
    }
    let receiver = text_of(context.text, first_parameter(init)?);
    let body = init.child_by_field_name("body")?;
    let mut cursor = body.walk();
    let statements: Vec<Node> = body.named_children(&mut cursor).filter(|statement| statement.kind() != "comment").collect();
    let first = statements.first()?;
    if !starts_line(context.text, first.start_byte()) {
        return None;
    }
    let newline = newline_of(context.text);
    let indent = indentation_at(context.text, first.start_byte()).to_owned();
    let line = format!("{receiver}.{name} = {}", text_of(context.text, flagged.value));
    let insertion = if is_docstring(*first) {
        let end = line_end(context.text, first.end_byte());
        Edit { range: end..end, text: format!("{newline}{indent}{line}") }
    } else {
        let at = first.start_byte() - indent.len();
        Edit { range: at..at, text: format!("{indent}{line}{newline}") }
    };
    let removal = removal(context, flagged.assignment)?;
    let mut edits = vec![removal, insertion];
    edits.sort_by_key(|edit| edit.range.start);
    Some((Tier::Offered, edits))
}

/// The edit that removes the class attribute: its whole line, or only `= value` when it is
/// annotated, so the declaration stays.
fn removal(context: &Context, assignment: Node) -> Option<Edit> {
    let statement = assignment.parent()?;
    let text = context.text;
    if let Some(annotation) = assignment.child_by_field_name("type") {
        return Some(Edit { range: annotation.end_byte()..assignment.end_byte(), text: String::new() });
    }
    let end = line_end(text, statement.end_byte());
    if !starts_line(text, statement.start_byte()) || !text[statement.end_byte()..end].trim().is_empty() {
        return None;
    }
    let line_start = text[..statement.start_byte()].rfind(['\n', '\r']).map_or(0, |index| index + 1);
    let after = if text[end..].starts_with("\r\n") { end + 2 } else { (end + 1).min(text.len()) };
    Some(Edit { range: line_start..after, text: String::new() })
}

/// Whether the class body reads `name` outside its own assignment (another class attribute
/// built from it, a decorator argument), which would fail once it is gone.
fn read_elsewhere_in_body(context: &Context, class: Node, assignment: Node, name: &str) -> bool {
    context.identifiers_named(name).into_iter().any(|identifier| {
        syntax::contains(class, identifier)
            && !syntax::contains(assignment, identifier)
            && syntax::is_load(identifier)
            && syntax::enclosing_scope(identifier).is_some_and(|scope| scope.id() == class.id())
            && identifier.parent().is_none_or(|parent| parent.kind() != "attribute" || parent.child_by_field_name("object").is_some_and(|object| object.id() == identifier.id()))
    })
}

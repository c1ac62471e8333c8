//! `for x in it: yield x` becomes `yield from it`, keeping the loop's comments above it.

use tree_sitter::Node;

use super::{indentation_at, Edit, Tier};
use crate::analysis::pitfalls::yield_in_for_loop::matches_loop;
use crate::analysis::semantics::scopes::defining_scope;
use crate::analysis::syntax::text_of;
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "yield-in-for-loop";

pub fn fix(context: &Context, finding: &Finding, _settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let keyword = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    let statement = keyword.parent().filter(|parent| parent.kind() == "for_statement")?;
    let iterable = matches_loop(context, statement)?;
    // `yield from` closes its delegate when this generator is closed or abandoned: a file would
    // then be closed under its owner after a consumer's `break` (why tempfile.py keeps the loop).
    if is_file(context, iterable) {
        return None;
    }
    let indent = indentation_at(context.text, statement.start_byte());
    let mut replacement = String::new();
    for comment in comments(statement) {
        replacement.push_str(text_of(context.text, comment));
        replacement.push('\n');
        replacement.push_str(indent);
    }
    let source = text_of(context.text, iterable);
    // `for x in a, *b:` iterates a tuple; `yield from a, *b` would not parse.
    let needs_parentheses = matches!(iterable.kind(), "expression_list" | "list_splat");
    if needs_parentheses {
        replacement.push_str(&format!("yield from ({source})"));
    } else {
        replacement.push_str(&format!("yield from {source}"));
    }
    Some((Tier::Offered, vec![Edit { range: statement.byte_range(), text: replacement }]))
}

fn comments(statement: Node) -> Vec<Node> {
    let mut found = Vec::new();
    let mut stack = vec![statement];
    while let Some(node) = stack.pop() {
        if node.kind() == "comment" {
            found.push(node);
        }
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
    found.sort_by_key(|comment| comment.start_byte());
    found
}

/// Whether the iterable is a call of `open()` or a name that the file binds to one in the loop's
/// scope (`f = open(p)`, `with open(p) as f`).
fn is_file(context: &Context, iterable: Node) -> bool {
    let is_open_call = |node: Node| {
        node.kind() == "call"
            && node
                .child_by_field_name("function")
                .and_then(|function| context.resolve(function))
                .is_some_and(|qualified| matches!(qualified.as_str(), "builtins.open" | "io.open"))
    };
    if is_open_call(iterable) {
        return true;
    }
    if iterable.kind() != "identifier" {
        return false;
    }
    let name = text_of(context.text, iterable);
    let scope = defining_scope(iterable, context.text);
    context.identifiers_named(name).into_iter().any(|identifier| {
        if identifier.id() == iterable.id() || defining_scope(identifier, context.text).id() != scope.id() {
            return false;
        }
        let Some(parent) = identifier.parent() else { return false };
        match parent.kind() {
            "assignment" => {
                parent.child_by_field_name("left").is_some_and(|left| left.id() == identifier.id())
                    && parent.child_by_field_name("right").is_some_and(is_open_call)
            }
            // `with open(p) as f`: the `as_pattern_target` holds the name, the pattern the call.
            "as_pattern_target" => parent
                .parent()
                .filter(|pattern| pattern.kind() == "as_pattern")
                .and_then(|pattern| pattern.named_child(0))
                .is_some_and(is_open_call),
            _ => false,
        }
    })
}

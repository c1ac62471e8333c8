//! `for x in it: yield x` becomes `yield from it`, keeping the loop's comments above it.

use tree_sitter::Node;

use super::{indentation_at, Edit, Tier};
use crate::analysis::pitfalls::yield_in_for_loop::matches_loop;
use crate::analysis::syntax::text_of;
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "yield-in-for-loop";

pub fn fix(context: &Context, finding: &Finding, _settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let keyword = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    let statement = keyword.parent().filter(|parent| parent.kind() == "for_statement")?;
    let iterable = matches_loop(context, statement)?;
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

//! `assert (x, y)` becomes `assert x, y`, and `assert (x,)` becomes `assert x`.

use tree_sitter::Node;

use super::{Edit, Tier};
use crate::analysis::pitfalls::assert_on_tuple::always_true_tuple;
use crate::analysis::syntax::{self, assert_parts, text_of};
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "assert-on-tuple";

pub fn fix(context: &Context, finding: &Finding, _settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let node = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    let statement = if node.kind() == "assert_statement" { node } else { syntax::ancestor(node, &["assert_statement"])? };
    let tuple = always_true_tuple(statement)?;
    // `assert (x, y), "message"` has a message of its own: what was meant is unclear.
    if assert_parts(statement).1.is_some() {
        return None;
    }
    let mut cursor = tuple.walk();
    let items: Vec<Node> = tuple.named_children(&mut cursor).collect();
    if items.iter().any(|item| matches!(item.kind(), "comment" | "list_splat" | "parenthesized_list_splat")) || items.len() > 2 {
        return None;
    }
    let rendered: Vec<String> = items.iter().map(|item| render(context, *item)).collect();
    Some((Tier::Offered, vec![Edit { range: tuple.byte_range(), text: rendered.join(", ") }]))
}

/// An item as it can stand after `assert`: a named expression or a multi-line item keeps
/// parentheses, which it needed inside the tuple's.
fn render(context: &Context, item: Node) -> String {
    let text = text_of(context.text, item);
    if item.kind() == "named_expression" || item.start_position().row != item.end_position().row {
        format!("({text})")
    } else {
        text.to_owned()
    }
}

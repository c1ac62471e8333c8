//! Topics that need Rust: detectors for what a query or a name list cannot say, and the notes
//! that say what one occurrence means. One module per topic id.

pub mod context_managers;
pub mod metaclasses;
pub mod names;
pub mod yield_from;

use tree_sitter::Node;

use super::{Context, Occurrence};

/// Runs the Rust detector of topic `id`, if it has one.
pub fn detect(id: &str, context: &Context, out: &mut Vec<Occurrence>) {
    match id {
        "context-managers" => context_managers::detect(context, out),
        "metaclasses" => metaclasses::detect(context, out),
        _ => {}
    }
}

/// What this occurrence of topic `id` at `anchor` means, as Markdown lines.
pub fn notes(id: &str, context: &Context, anchor: Node) -> Vec<String> {
    match id {
        "yield-from" => yield_from::notes(context, anchor),
        "context-managers" => context_managers::notes(context, anchor),
        "metaclasses" => metaclasses::notes(context, anchor),
        _ => Vec::new(),
    }
}

//! Pitfall detectors, one module per pitfall id.

// One module per id, declared by build.rs from the folder's files.
include!(concat!(env!("OUT_DIR"), "/pitfall_modules.rs"));

use tree_sitter::Node;

use super::{syntax, Context, Finding};
use crate::knowledge::Pitfall;

/// Runs every pitfall detector over the file.
pub fn check(context: &Context, out: &mut Vec<Finding>) {
    check_unless(context, out, &|| false);
}

/// Runs the pitfall detectors while `cancelled` returns false (it is asked before each one);
/// returns whether all of them ran.
pub fn check_unless(context: &Context, out: &mut Vec<Finding>, cancelled: &dyn Fn() -> bool) -> bool {
    for (_, check) in super::registry::CHECKS {
        if cancelled() {
            return false;
        }
        check(context, out);
    }
    for pitfall in context.knowledge.topics().flat_map(|topic| topic.pitfalls.iter()) {
        if cancelled() {
            return false;
        }
        check_data(context, pitfall, out);
    }
    true
}

/// The findings of a pitfall found by data: its `[anchors]` and its query.
fn check_data(context: &Context, pitfall: &Pitfall, out: &mut Vec<Finding>) {
    let mut anchors = super::topics::names::anchors(context, &pitfall.anchors);
    if let Some(query) = &pitfall.query {
        anchors.extend(syntax::query_anchors(query, context.scope_root(), context.text));
    }
    for anchor in anchors {
        out.extend(context.finding_at(&pitfall.id, anchor));
    }
}

impl Context<'_> {
    /// A finding of pitfall `code` over `node`, with the message and severity of its entry.
    /// `None` when the knowledge base has no such pitfall (the entry is the source of truth).
    pub fn finding(&self, code: &str, range: std::ops::Range<usize>) -> Option<Finding> {
        let pitfall = self.knowledge.pitfall(code)?;
        Some(Finding {
            code: code.to_owned(),
            topic: pitfall.topic.clone(),
            range,
            message: pitfall.summary.clone(),
            severity: pitfall.severity,
            severity_from: None,
            below_python: None,
            not_in_stubs: false,
        })
    }

    pub fn finding_at(&self, code: &str, node: Node) -> Option<Finding> {
        self.finding(code, node.byte_range())
    }
}

//! Pitfall detectors, one module per pitfall id, and the `# pyexplain: ignore[...]` comments.

pub mod yield_in_for_loop;

use tree_sitter::Node;

use super::{Context, Finding};

/// Runs every pitfall detector over the file.
pub fn check(context: &Context, out: &mut Vec<Finding>) {
    yield_in_for_loop::check(context, out);
}

impl Context<'_> {
    /// A finding of pitfall `code` over `node`, with the message and severity of its entry.
    /// `None` when the knowledge base has no such pitfall (the entry is the source of truth).
    pub fn finding(&self, code: &str, range: std::ops::Range<usize>) -> Option<Finding> {
        let pitfall = self.knowledge.pitfall(code)?;
        Some(Finding { code: code.to_owned(), topic: pitfall.topic.clone(), range, message: pitfall.summary.clone(), severity: pitfall.severity })
    }

    pub fn finding_at(&self, code: &str, node: Node) -> Option<Finding> {
        self.finding(code, node.byte_range())
    }
}

/// Whether the line where `finding` starts carries `# pyexplain: ignore` or `# pyexplain: ignore[code, ...]`.
pub fn ignored_on_line(text: &str, finding: &Finding) -> bool {
    let start = text[..finding.range.start.min(text.len())].rfind(['\n', '\r']).map_or(0, |index| index + 1);
    let end = text[finding.range.start.min(text.len())..].find(['\n', '\r']).map_or(text.len(), |index| finding.range.start + index);
    let line = &text[start..end];
    ignore_codes(line).is_some_and(|codes| codes.is_empty() || codes.iter().any(|code| code == &finding.code))
}

/// The codes of a `# pyexplain: ignore[...]` comment on `line`: `Some(empty)` for a bare ignore.
pub fn ignore_codes(line: &str) -> Option<Vec<String>> {
    let comment = line.find('#').map(|index| &line[index..])?;
    let marker = comment.find("pyexplain: ignore")?;
    let rest = &comment[marker + "pyexplain: ignore".len()..];
    match rest.strip_prefix('[') {
        Some(inner) => {
            let inner = &inner[..inner.find(']').unwrap_or(inner.len())];
            Some(inner.split(',').map(|code| code.trim().to_owned()).filter(|code| !code.is_empty()).collect())
        }
        None => Some(Vec::new()),
    }
}

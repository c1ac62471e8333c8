//! `# pyexplain: ignore[id, ...]` comments: which findings they silence, and the edit that adds
//! one for a finding.

use std::ops::Range;

use tree_sitter::Tree;

use crate::analysis::Finding;
use crate::document::Document;
use crate::fixes::Edit;

const MARKER: &str = "pyexplain: ignore";

/// Whether the line where `finding` starts carries `# pyexplain: ignore` or
/// `# pyexplain: ignore[code, ...]` naming its code.
pub fn ignored_on_line(text: &str, finding: &Finding) -> bool {
    let at = finding.range.start.min(text.len());
    let start = text[..at].rfind(['\n', '\r']).map_or(0, |index| index + 1);
    let end = text[at..].find(['\n', '\r']).map_or(text.len(), |index| at + index);
    codes(&text[start..end]).is_some_and(|codes| codes.is_empty() || codes.iter().any(|code| code == &finding.code))
}

/// The codes of a `# pyexplain: ignore[...]` comment on `line`: `Some(empty)` for a bare ignore.
pub fn codes(line: &str) -> Option<Vec<String>> {
    let comment = line.find('#').map(|index| &line[index..])?;
    let marker = comment.find(MARKER)?;
    let rest = &comment[marker + MARKER.len()..];
    match rest.strip_prefix('[') {
        Some(inner) => {
            let inner = &inner[..inner.find(']').unwrap_or(inner.len())];
            Some(inner.split(',').map(|code| code.trim().to_owned()).filter(|code| !code.is_empty()).collect())
        }
        // `ignore-file` is another comment, not a bare `ignore`.
        None if rest.starts_with(|ch: char| ch.is_alphanumeric() || ch == '-') => None,
        None => Some(Vec::new()),
    }
}

/// Appends `# pyexplain: ignore[code]` to the finding's first line, or adds the code to an
/// existing ignore comment; `None` where a comment would change the code (a string or a
/// backslash continuation runs past the line end).
pub fn ignore_edit(document: &Document, tree: &Tree, finding: &Finding) -> Option<Edit> {
    let line = document.lines.line_of(finding.range.start);
    let range = document.lines.line_range(&document.text, line)?;
    let text = &document.text[range.clone()];
    if text.trim_end().ends_with('\\') {
        return None;
    }
    let end = range.start + text.trim_end().len();
    let root = tree.root_node();
    if let Some(node) = root.descendant_for_byte_range(end.saturating_sub(1), end) {
        let mut current = Some(node);
        while let Some(node) = current {
            if matches!(node.kind(), "string" | "string_content" | "concatenated_string") && node.end_byte() > end {
                return None;
            }
            current = node.parent();
        }
    }
    if let Some(comment_start) = comment_start(tree, range.clone()) {
        let comment = &document.text[comment_start..range.end];
        if let Some(codes) = codes(comment) {
            if codes.is_empty() || codes.contains(&finding.code) {
                return None;
            }
            let marker = comment.find("pyexplain: ignore[")? + "pyexplain: ignore[".len();
            let close = comment[marker..].find(']')? + marker;
            return Some(Edit { range: comment_start + close..comment_start + close, text: format!(", {}", finding.code) });
        }
    }
    Some(Edit { range: end..end, text: format!("  # pyexplain: ignore[{}]", finding.code) })
}

/// Where a `#` comment starts on the line, found through the tree so `#` in strings is skipped.
fn comment_start(tree: &Tree, range: Range<usize>) -> Option<usize> {
    let mut cursor = tree.root_node().walk();
    let mut found = None;
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.end_byte() < range.start || node.start_byte() > range.end {
            continue;
        }
        if node.kind() == "comment" && node.start_byte() >= range.start {
            found = Some(node.start_byte());
            break;
        }
        stack.extend(node.children(&mut cursor));
    }
    found
}

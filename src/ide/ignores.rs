//! `# pyexplain: ignore[id, ...]` comments on a line and `# pyexplain: ignore-file[id, ...]`
//! comments at the top of a file: which findings they silence, and the edits that add them.

use std::ops::Range;

use tree_sitter::Tree;

use crate::analysis::Finding;
use crate::document::Document;
use crate::fixes::Edit;

const MARKER: &str = "pyexplain: ignore";
const FILE_MARKER: &str = "pyexplain: ignore-file";

/// What the `# pyexplain: ignore-file` comments of a file silence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileIgnores {
    /// A bare `# pyexplain: ignore-file`: every finding.
    pub all: bool,
    /// The ids of `# pyexplain: ignore-file[id, ...]` comments.
    pub codes: Vec<String>,
    /// Where the first such comment with a list closes its `]`, to add an id there.
    close: Option<usize>,
}

impl FileIgnores {
    pub fn silences(&self, finding: &Finding) -> bool {
        self.all || self.codes.iter().any(|code| *code == finding.code || *code == finding.topic)
    }
}

/// The `# pyexplain: ignore-file` comments of the file's header: the lines before its first
/// statement other than the module docstring (comments, blank lines, the docstring itself).
pub fn file_ignores(text: &str) -> FileIgnores {
    let mut found = FileIgnores::default();
    for (start, line) in header_lines(text) {
        let Some(at) = line.find('#').filter(|at| line[..*at].trim().is_empty()) else { continue };
        let comment = &line[at..];
        let Some(marker) = comment.find(FILE_MARKER) else { continue };
        let rest = &comment[marker + FILE_MARKER.len()..];
        match rest.strip_prefix('[') {
            Some(inner) => {
                let Some(close) = inner.find(']') else { continue };
                found.codes.extend(inner[..close].split(',').map(|code| code.trim().to_owned()).filter(|code| !code.is_empty()));
                found.close.get_or_insert(start + at + marker + FILE_MARKER.len() + 1 + close);
            }
            None if rest.trim().is_empty() => found.all = true,
            None => {}
        }
    }
    found
}

/// The lines of the file's header with their start offsets: comments and blank lines, and the
/// module docstring, up to the first other line.
fn header_lines(text: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    let mut offset = 0;
    let mut in_docstring: Option<&str> = None;
    let mut seen_docstring = false;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if let Some(quote) = in_docstring {
            if trimmed.contains(quote) {
                in_docstring = None;
            }
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            lines.push((start, content));
            continue;
        }
        let body = trimmed.trim_start_matches(['r', 'R', 'u', 'U']);
        let quote = ["\"\"\"", "'''", "\"", "'"].into_iter().find(|quote| body.starts_with(quote));
        match quote {
            Some(quote) if !seen_docstring => {
                seen_docstring = true;
                let after = &body[quote.len()..];
                if !after.contains(quote) && quote.len() == 3 {
                    in_docstring = Some(quote);
                }
            }
            _ => break,
        }
    }
    lines
}

/// The edit that silences `finding` in the whole file: its id added to the header's
/// `# pyexplain: ignore-file[...]` comment, or a new one at the top (after a shebang and an
/// encoding declaration, which must stay on the first lines). `None` when the file already
/// ignores it.
pub fn ignore_file_edit(text: &str, finding: &Finding) -> Option<Edit> {
    let existing = file_ignores(text);
    if existing.silences(finding) {
        return None;
    }
    if let Some(close) = existing.close {
        return Some(Edit { range: close..close, text: format!(", {}", finding.code) });
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut at = 0;
    for (index, line) in text.split_inclusive('\n').enumerate().take(2) {
        let trimmed = line.trim();
        let keeps_place = (index == 0 && trimmed.starts_with("#!")) || (trimmed.starts_with('#') && trimmed.contains("coding"));
        if !keeps_place || !line.ends_with('\n') {
            break;
        }
        at += line.len();
    }
    Some(Edit { range: at..at, text: format!("# pyexplain: ignore-file[{}]{newline}", finding.code) })
}

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

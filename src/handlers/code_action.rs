//! `textDocument/codeAction`: quick fixes, "Ignore <id> on this line", fix-all, and
//! "Explain: <title>" when the user asks at an anchor.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::ops::Range;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionContext, CodeActionKind, CodeActionOrCommand, CodeActionTriggerKind, Command, TextEdit, Uri, WorkspaceEdit,
};
use tree_sitter::Tree;

use super::diagnostics;
use crate::analysis::{pitfalls, Context, Finding};
use crate::convert::{self, Encoding};
use crate::document::Document;
use crate::fixes::{self, Edit, Tier};
use crate::knowledge::Knowledge;
use crate::settings::Settings;

pub const FIX_ALL: &str = "source.fixAll.pyexplain";
pub const EXPLAIN_COMMAND: &str = "pyexplain.server.explain";

pub struct Request<'a> {
    pub uri: &'a Uri,
    pub document: &'a Document,
    pub range: Range<usize>,
    pub context: &'a CodeActionContext,
    pub knowledge: &'a Knowledge,
    pub settings: &'a Settings,
    pub encoding: Encoding,
}

pub fn code_actions(request: &Request) -> Vec<CodeActionOrCommand> {
    let document = request.document;
    let analysis = document.analysis(request.knowledge);
    // The tree and the node index only when a fix needs them: most requests (the cursor moved)
    // touch no finding, and the store may have dropped the tree of this document.
    let tree = OnceCell::new();
    let tree = || tree.get_or_init(|| document.tree());
    let context = OnceCell::new();
    let context = || context.get_or_init(|| Context::new(&document.text, tree(), request.knowledge).with_package(document.package()));
    let wants = |kind: &str| match &request.context.only {
        None => true,
        Some(only) => only.iter().any(|allowed| kind == allowed.as_str() || kind.starts_with(&format!("{}.", allowed.as_str()))),
    };
    let mut actions = Vec::new();
    let enabled: Vec<&Finding> = analysis
        .findings
        .iter()
        .filter(|finding| request.settings.severity(&finding.code, &finding.topic, finding.severity).is_some())
        .collect();

    if wants(CodeActionKind::QUICKFIX.as_str()) {
        let request_lines = document.lines.line_of(request.range.start)..=document.lines.line_of(request.range.end);
        for finding in enabled.iter().filter(|finding| touches(finding, request, &request_lines)) {
            let diagnostic = diagnostics::diagnostic(document, finding, request.knowledge, request.settings, request.encoding);
            if let Some(fix) = fixes::fix_for(context(), finding, request.settings) {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: diagnostic.clone().map(|diagnostic| vec![diagnostic]),
                    edit: Some(workspace_edit(request, &fix.edits)),
                    is_preferred: Some(fix.tier == Tier::Safe),
                    ..CodeAction::default()
                }));
            }
            if let Some(edit) = ignore_edit(document, tree(), finding) {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Ignore {} on this line", finding.code),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: diagnostic.map(|diagnostic| vec![diagnostic]),
                    edit: Some(workspace_edit(request, &[edit])),
                    is_preferred: Some(false),
                    ..CodeAction::default()
                }));
            }
        }
    }

    let explicitly_asked = request
        .context
        .only
        .as_ref()
        .is_some_and(|only| only.iter().any(|kind| FIX_ALL.starts_with(kind.as_str()) && kind.as_str().starts_with("source")));
    if explicitly_asked {
        let edits = fix_all_edits(context(), &enabled, request.settings);
        if !edits.is_empty() {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Fix all pyexplain issues that have a safe fix".into(),
                kind: Some(CodeActionKind::new(FIX_ALL)),
                edit: Some(workspace_edit(request, &edits)),
                ..CodeAction::default()
            }));
        }
    }

    if request.context.trigger_kind == Some(CodeActionTriggerKind::INVOKED) && request.context.only.is_none() {
        let mut seen = Vec::new();
        for occurrence in analysis.occurrences_at(request.range.start) {
            if !request.settings.topic_enabled(&occurrence.topic) || seen.contains(&occurrence.topic) {
                continue;
            }
            let Some(topic) = request.knowledge.topic(&occurrence.topic) else { continue };
            seen.push(occurrence.topic.clone());
            let title = format!("Explain: {}", topic.title.replace('`', ""));
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: title.clone(),
                command: Some(Command {
                    title,
                    command: EXPLAIN_COMMAND.into(),
                    arguments: Some(vec![serde_json::json!(topic.id), serde_json::json!(request.uri.as_str())]),
                }),
                ..CodeAction::default()
            }));
        }
    }
    actions
}

/// Every safe fix of the file, identical edits merged and overlapping ones left out.
pub fn fix_all_edits(context: &Context, findings: &[&Finding], settings: &Settings) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    for finding in findings {
        let Some(fix) = fixes::fix_for(context, finding, settings) else { continue };
        if fix.tier != Tier::Safe {
            continue;
        }
        let fresh: Vec<Edit> = fix.edits.into_iter().filter(|edit| !edits.contains(edit)).collect();
        let overlaps = fresh.iter().any(|edit| edits.iter().any(|taken| overlap(&taken.range, &edit.range)));
        if !overlaps {
            edits.extend(fresh);
        }
    }
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    edits
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> bool {
    if a.is_empty() && b.is_empty() {
        return false;
    }
    a.start < b.end && b.start < a.end
        || (a.is_empty() && b.start < a.start && a.start < b.end)
        || (b.is_empty() && a.start < b.start && b.start < a.end)
}

fn touches(finding: &Finding, request: &Request, lines: &std::ops::RangeInclusive<usize>) -> bool {
    let overlaps = finding.range.start <= request.range.end && request.range.start <= finding.range.end;
    overlaps || lines.contains(&request.document.lines.line_of(finding.range.start))
}

fn workspace_edit(request: &Request, edits: &[Edit]) -> WorkspaceEdit {
    let document = request.document;
    let text_edits = edits
        .iter()
        .map(|edit| TextEdit {
            range: convert::lsp_range(&document.text, &document.lines, edit.range.clone(), request.encoding),
            new_text: edit.text.clone(),
        })
        .collect();
    let mut changes = HashMap::new();
    changes.insert(request.uri.clone(), text_edits);
    WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() }
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
        if let Some(codes) = pitfalls::ignore_codes(comment) {
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

//! The fix of `manual-lock-acquire`: `with R:` over the statements between `R.acquire()` and
//! `R.release()`, which are indented one level into the block.

use tree_sitter::Node;

use super::{indentation_at, Edit, Tier};
use crate::analysis::pitfalls::manual_lock_acquire::matching_pair;
use crate::analysis::syntax::{self, text_of};
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "manual-lock-acquire";

pub fn fix(context: &Context, finding: &Finding, _settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let text = context.text;
    let call = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    let statement = call.parent().filter(|parent| parent.kind() == "expression_statement")?;
    let pair = matching_pair(context, statement)?;
    let block = statement.parent()?;
    let between = statements_between(pair.acquire, pair.release);
    if between.iter().any(|node| leaves_region(*node)) || other_lock_calls(text, block, &pair) {
        return None;
    }
    // Both calls alone on their lines, so whole lines can move into the block.
    let acquire_trailer = line_trailer(text, pair.acquire.end_byte())?;
    let release_trailer = line_trailer(text, pair.release.end_byte())?;
    if !only_indentation_before(text, pair.acquire.start_byte()) || !only_indentation_before(text, pair.release.start_byte()) {
        return None;
    }
    let indent = indentation_at(text, pair.acquire.start_byte());
    let unit = indent_unit(context, pair.acquire);
    let body_start = line_end(text, pair.acquire.end_byte());
    let newline = if text[body_start..].starts_with("\r\n") { "\r\n" } else { "\n" };
    let body_start = body_start + newline_length(text, body_start);
    let body_end = line_start(text, pair.release.start_byte());

    let mut replacement = format!("with {}:{}", text_of(text, pair.lock), acquire_trailer.trim_end());
    let mut offset = body_start;
    let mut lines = Vec::new();
    while offset < body_end {
        let end = line_end(text, offset).min(body_end);
        let line = &text[offset..end];
        if line.trim().is_empty() || inside_string(context, offset) {
            lines.push(line.to_owned());
        } else {
            lines.push(format!("{unit}{line}"));
        }
        offset = end + newline_length(text, end);
    }
    if !between.iter().any(|node| node.kind() != "comment") {
        lines.push(format!("{indent}{unit}pass"));
    }
    for line in lines {
        replacement.push_str(newline);
        replacement.push_str(&line);
    }
    let comment = release_trailer.trim();
    if !comment.is_empty() {
        replacement.push_str(newline);
        replacement.push_str(indent);
        replacement.push_str(comment);
    }
    let end = pair.release.end_byte() + release_trailer.len();
    Some((Tier::Safe, vec![Edit { range: pair.acquire.start_byte()..end, text: replacement }]))
}

/// The named siblings strictly between two statements of one block, comments included.
fn statements_between<'tree>(first: Node<'tree>, last: Node<'tree>) -> Vec<Node<'tree>> {
    let mut found = Vec::new();
    let mut next = first.next_named_sibling();
    while let Some(node) = next {
        if node.id() == last.id() {
            break;
        }
        found.push(node);
        next = node.next_named_sibling();
    }
    found
}

/// Whether a `return`, `yield`, or a `break`/`continue` of an outer loop lies in `node`, which would
/// skip the release before and would release the lock after.
fn leaves_region(node: Node) -> bool {
    let mut stack = vec![(node, false)];
    while let Some((current, in_loop)) = stack.pop() {
        match current.kind() {
            "return_statement" | "yield" => return true,
            "break_statement" | "continue_statement" if !in_loop => return true,
            "function_definition" | "lambda" | "class_definition" => continue,
            _ => {}
        }
        let is_loop = matches!(current.kind(), "for_statement" | "while_statement");
        let mut cursor = current.walk();
        for child in current.named_children(&mut cursor) {
            // A loop's `else` clause belongs to the enclosing loop for `break`/`continue`.
            stack.push((child, in_loop || (is_loop && child.kind() != "else_clause")));
        }
    }
    false
}

/// Whether the block holds `R.acquire`/`R.release` other than the pair's two calls.
fn other_lock_calls(text: &str, block: Node, pair: &crate::analysis::pitfalls::manual_lock_acquire::Pair) -> bool {
    let key: String = text_of(text, pair.lock).chars().filter(|ch| !ch.is_whitespace()).collect();
    let mut stack = vec![block];
    while let Some(node) = stack.pop() {
        if node.kind() == "attribute" {
            let method = node.child_by_field_name("attribute").map(|name| text_of(text, name));
            let object = node
                .child_by_field_name("object")
                .map(|object| text_of(text, object).chars().filter(|ch| !ch.is_whitespace()).collect::<String>());
            let ours = syntax::contains(pair.acquire, node) || syntax::contains(pair.release, node);
            if !ours && matches!(method, Some("acquire" | "release")) && object.as_deref() == Some(key.as_str()) {
                return true;
            }
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    false
}

/// The text after `offset` up to the end of its line, when it is blank or a comment.
fn line_trailer(text: &str, offset: usize) -> Option<&str> {
    let trailer = &text[offset..line_end(text, offset)];
    let trimmed = trailer.trim_start();
    (trimmed.is_empty() || trimmed.starts_with('#')).then_some(trailer)
}

fn only_indentation_before(text: &str, offset: usize) -> bool {
    text[line_start(text, offset)..offset].chars().all(|ch| ch == ' ' || ch == '\t')
}

fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind(['\n', '\r']).map_or(0, |index| index + 1)
}

fn line_end(text: &str, offset: usize) -> usize {
    text[offset..].find(['\n', '\r']).map_or(text.len(), |index| offset + index)
}

fn newline_length(text: &str, offset: usize) -> usize {
    if text[offset..].starts_with("\r\n") {
        2
    } else if offset < text.len() {
        1
    } else {
        0
    }
}

/// Whether `offset` lies inside a string literal that spans lines (its text must not be re-indented).
fn inside_string(context: &Context, offset: usize) -> bool {
    context.nodes("string").iter().any(|string| string.start_byte() < offset && offset < string.end_byte())
}

/// One level of indentation as the file writes it: the step from the block's owner to the block,
/// else the first indented block of the file, else four spaces (a tab where tabs are used).
pub fn indent_unit(context: &Context, statement: Node) -> String {
    let text = context.text;
    let step = |block: Node| -> Option<String> {
        let owner = block.parent()?;
        let mut cursor = block.walk();
        let first = block.named_children(&mut cursor).find(|child| child.kind() != "comment")?;
        if first.start_position().row == owner.start_position().row {
            return None;
        }
        let outer = indentation_at(text, owner.start_byte());
        let inner = indentation_at(text, first.start_byte());
        inner.strip_prefix(outer).filter(|unit| !unit.is_empty()).map(str::to_owned)
    };
    if let Some(unit) = statement.parent().filter(|parent| parent.kind() == "block").and_then(step) {
        return unit;
    }
    if let Some(unit) = context.nodes("block").iter().find_map(|block| step(*block)) {
        return unit;
    }
    if indentation_at(text, statement.start_byte()).contains('\t') {
        "\t".to_owned()
    } else {
        "    ".to_owned()
    }
}

//! `NAME = open(...)` becomes `with open(...) as NAME:` over the statements up to the last use of
//! `NAME`, dropping a lone `NAME.close()` statement after them.

use tree_sitter::Node;

use super::edits::{indent_unit, line_end, starts_line};
use super::{indentation_at, Edit, Tier};
use crate::analysis::pitfalls::open_without_with::{keeper_names, matches_open, uses};
use crate::analysis::syntax::{self, is_binding_occurrence, text_of};
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "open-without-with";

pub fn fix(context: &Context, finding: &Finding, _settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let text = context.text;
    let node = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    let call = if node.kind() == "call" && node.byte_range() == finding.range { node } else { syntax::ancestor(node, &["call"])? };
    let found = matches_open(context, call)?;
    // An annotated name keeps its annotation nowhere in a `with` header.
    if found.assignment.child_by_field_name("type").is_some() {
        return None;
    }
    let name = text_of(text, found.target);
    // Rebinding (another assignment, a parameter, `del`) would make the block's end ambiguous.
    let all_uses = uses(context, &found);
    if all_uses.iter().any(|use_| is_binding_occurrence(*use_)) {
        return None;
    }
    let block = found.statement.parent()?;
    if !matches!(block.kind(), "block" | "module") {
        return None;
    }
    let mut cursor = block.walk();
    let siblings: Vec<Node> = block.named_children(&mut cursor).filter(|child| child.kind() != "comment").collect();
    let index = siblings.iter().position(|sibling| sibling.id() == found.statement.id())?;
    let following = &siblings[index + 1..];
    // Every use must sit in a later statement of the same block.
    let mut holders = Vec::new();
    for use_ in &all_uses {
        holders.push(following.iter().position(|statement| syntax::contains(*statement, *use_))?);
    }
    // `writer = csv.writer(f)` writes to the file through `writer`: the block covers its uses.
    for keeper in keeper_names(context, &found) {
        let keeper_name = text_of(text, keeper);
        for use_ in context.identifiers_named(keeper_name) {
            if use_.start_byte() > keeper.end_byte() && syntax::contains(found.scope, use_) {
                holders.push(following.iter().position(|statement| syntax::contains(*statement, use_))?);
            }
        }
    }
    let closes: Vec<usize> = (0..following.len()).filter(|at| is_lone_close(context, following[*at], name)).collect();
    let close = match closes.as_slice() {
        [] => None,
        [only] => Some(*only),
        _ => return None,
    };
    // A `close()` in a branch or handler closes the file on some paths only: the author may
    // mean to keep it open on the others.
    let other_closes = all_uses.iter().any(|use_| {
        let closing = use_.parent().filter(|attribute| attribute.kind() == "attribute").is_some_and(|attribute| {
            attribute.child_by_field_name("attribute").is_some_and(|name| text_of(text, name) == "close")
                && attribute.parent().is_some_and(|call| call.kind() == "call")
        });
        closing && close.is_none_or(|at| !syntax::contains(following[at], *use_))
    });
    if other_closes {
        return None;
    }
    let last_use = holders.iter().copied().filter(|at| Some(*at) != close).max();
    if let (Some(close), Some(last_use)) = (close, last_use) {
        if close < last_use {
            return None;
        }
    }
    // The assignment and the block's last statement must each have their lines to themselves.
    let statement = found.statement;
    if !starts_line(text, statement.start_byte()) || !rest_of_line_is_blank(text, statement.end_byte()) {
        return None;
    }
    let indent = indentation_at(text, statement.start_byte()).to_owned();
    let unit = indent_unit(context, statement);
    let header = format!("with {} as {name}:", text_of(text, found.call));
    let mut edits = Vec::new();
    match last_use {
        Some(last_use) => {
            let last = following[last_use];
            if !rest_of_line_is_blank(text, last.end_byte()) || !starts_line(text, following[0].start_byte()) {
                return None;
            }
            edits.push(Edit { range: statement.byte_range(), text: header });
            let first_line = line_end(text, statement.end_byte());
            edits.extend(indent_lines(context, first_line, last.end_byte(), &unit));
        }
        None => {
            // Nothing uses the file but `close()`: the block only opens and closes it.
            let end = line_end(text, statement.end_byte());
            if end == statement.end_byte() {
                edits.push(Edit { range: statement.byte_range(), text: format!("{header}\n{indent}{unit}pass") });
            } else {
                edits.push(Edit { range: statement.byte_range(), text: header });
                edits.push(Edit { range: end..end, text: format!("\n{indent}{unit}pass") });
            }
        }
    }
    if let Some(close) = close {
        edits.push(remove_statement(text, following[close])?);
    }
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    Some((Tier::Offered, edits))
}

/// Whether `statement` is exactly `NAME.close()`.
fn is_lone_close(context: &Context, statement: Node, name: &str) -> bool {
    if statement.kind() != "expression_statement" || statement.named_child_count() != 1 {
        return false;
    }
    let Some(call) = statement.named_child(0).filter(|call| call.kind() == "call") else { return false };
    let Some(function) = call.child_by_field_name("function").filter(|function| function.kind() == "attribute") else { return false };
    let object = function.child_by_field_name("object");
    let attribute = function.child_by_field_name("attribute");
    let no_arguments = call.child_by_field_name("arguments").is_some_and(|arguments| arguments.named_child_count() == 0);
    no_arguments
        && object.is_some_and(|object| object.kind() == "identifier" && text_of(context.text, object) == name)
        && attribute.is_some_and(|attribute| text_of(context.text, attribute) == "close")
}

/// Whether only whitespace or a comment follows `offset` on its line.
fn rest_of_line_is_blank(text: &str, offset: usize) -> bool {
    let rest = text[offset..line_end(text, offset)].trim_start_matches([' ', '\t']);
    rest.is_empty() || rest.starts_with('#')
}

/// Insertions of `unit` at the start of every non-blank line that begins after `from` and no
/// later than `to`, except lines that begin inside a string literal.
fn indent_lines(context: &Context, from: usize, to: usize, unit: &str) -> Vec<Edit> {
    let text = context.text;
    let mut edits = Vec::new();
    let mut at = from;
    while at < to {
        let Some(offset) = text[at..].find(['\n', '\r']) else { break };
        let mut start = at + offset + 1;
        if text[at + offset..].starts_with("\r\n") {
            start += 1;
        }
        if start > to {
            break;
        }
        let end = line_end(text, start);
        if !text[start..end].trim().is_empty() && !inside_string(context, start) {
            edits.push(Edit { range: start..start, text: unit.to_owned() });
        }
        at = start;
    }
    edits
}

fn inside_string(context: &Context, offset: usize) -> bool {
    let Some(mut node) = context.tree.root_node().descendant_for_byte_range(offset, offset) else { return false };
    loop {
        if node.kind() == "string" && node.start_byte() < offset && offset < node.end_byte() {
            return true;
        }
        match node.parent() {
            Some(parent) => node = parent,
            None => return false,
        }
    }
}

/// Deletes a statement that has its line to itself, with the line; keeps a trailing comment.
fn remove_statement(text: &str, statement: Node) -> Option<Edit> {
    if !starts_line(text, statement.start_byte()) {
        return None;
    }
    let line_start = statement.start_byte() - indentation_at(text, statement.start_byte()).len();
    let end = line_end(text, statement.end_byte());
    let rest = &text[statement.end_byte()..end];
    if rest.trim().is_empty() {
        let mut after = end;
        if text[end..].starts_with("\r\n") {
            after += 2;
        } else if end < text.len() {
            after += 1;
        }
        return Some(Edit { range: line_start..after, text: String::new() });
    }
    let comment = rest.trim_start();
    comment.starts_with('#').then(|| Edit { range: statement.start_byte()..end, text: comment.to_owned() })
}

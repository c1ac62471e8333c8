//! Applying `didChange` content changes to text and tree, one after another.

use tree_sitter::{InputEdit, Tree};

use super::parse::{has_lone_cr, parse};
use super::LineIndex;
use crate::document::encoding::{offset_clamped, Encoding, LinePos};

/// One content change as the client sent it; `range: None` replaces the whole text.
#[derive(Debug, Clone)]
pub struct TextChange {
    pub range: Option<(LinePos, LinePos)>,
    pub text: String,
}

/// Applies each change against the text the previous one produced (positions are converted
/// against that intermediate text); reparses once at the end, incrementally when `tree` is given.
/// Returns the new text with its line index and tree.
pub fn apply_changes(
    text: &str,
    lines: &LineIndex,
    tree: Option<&Tree>,
    changes: &[TextChange],
    encoding: Encoding,
) -> (String, LineIndex, Tree) {
    let mut current = text.to_owned();
    let mut current_lines = lines.clone();
    let mut edited = tree.cloned();
    let mut incremental = edited.is_some() && !has_lone_cr(text);
    for change in changes {
        match &change.range {
            None => {
                current = change.text.clone();
                current_lines = LineIndex::new(&current);
                incremental = false;
            }
            Some((from, to)) => {
                let start = clamp_to_boundary(&current, offset_clamped(&current, &current_lines, *from, encoding));
                let end = offset_clamped(&current, &current_lines, *to, encoding);
                // A range whose end is before its start is a client bug: insert at the start.
                let old_end = clamp_to_boundary(&current, end.max(start));
                let start_position = current_lines.point(start);
                let old_end_position = current_lines.point(old_end);
                current.replace_range(start..old_end, &change.text);
                let new_end = start + change.text.len();
                current_lines = current_lines.edited(&current, start, old_end, new_end);
                let edit = InputEdit {
                    start_byte: start,
                    old_end_byte: old_end,
                    new_end_byte: new_end,
                    start_position,
                    old_end_position,
                    new_end_position: current_lines.point(new_end),
                };
                if let Some(edited) = edited.as_mut() {
                    edited.edit(&edit);
                }
            }
        }
    }
    // A lone `\r` changes bytes of the parsed copy outside the edited range: parse from scratch.
    let tree = match edited {
        Some(edited) if incremental && !has_lone_cr(&current) => parse(&current, Some(&edited)),
        _ => parse(&current, None),
    };
    (current, current_lines, tree)
}

fn clamp_to_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

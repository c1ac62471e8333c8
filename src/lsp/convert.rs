//! Protocol positions and ranges to and from the plain ones of `document::encoding`.

use std::ops::Range;

use tower_lsp_server::ls_types;

use crate::document::encoding::{self, Encoding, LinePos};
use crate::document::{Document, LineIndex};

pub fn to_lsp_position(pos: LinePos) -> ls_types::Position {
    ls_types::Position { line: pos.line, character: pos.character }
}

pub fn from_lsp_position(pos: ls_types::Position) -> LinePos {
    LinePos { line: pos.line, character: pos.character }
}

pub fn lsp_range(text: &str, lines: &LineIndex, range: Range<usize>, encoding: Encoding) -> ls_types::Range {
    ls_types::Range {
        start: to_lsp_position(encoding::position_of(text, lines, range.start, encoding)),
        end: to_lsp_position(encoding::position_of(text, lines, range.end, encoding)),
    }
}

/// `lsp_range` over a document's text.
pub fn range_in(document: &Document, range: Range<usize>, encoding: Encoding) -> ls_types::Range {
    lsp_range(&document.text, &document.lines, range, encoding)
}

/// The byte range of an LSP range; `None` when a line is past the end or the end is before the start.
pub fn byte_range(text: &str, lines: &LineIndex, range: ls_types::Range, encoding: Encoding) -> Option<Range<usize>> {
    encoding::byte_range(text, lines, (from_lsp_position(range.start), from_lsp_position(range.end)), encoding)
}

/// The byte range of an LSP range, clamped to the text; ends before starts are swapped.
pub fn byte_range_clamped(text: &str, lines: &LineIndex, range: ls_types::Range, encoding: Encoding) -> Range<usize> {
    encoding::byte_range_clamped(text, lines, (from_lsp_position(range.start), from_lsp_position(range.end)), encoding)
}

//! The only place that turns byte offsets into line/column positions and back, in UTF-8, UTF-16
//! or characters. Plain types: `lsp::convert` wraps them in protocol types.

use std::ops::Range;

use crate::document::LineIndex;

/// How the `character` of a position is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    /// Unicode scalar values: the text output of `scan`.
    Chars,
}

/// A 0-based line and column in some `Encoding`, free of protocol types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LinePos {
    pub line: u32,
    pub character: u32,
}

/// The byte offset of `pos`, clamped: a line past the end gives `None`, a character past the
/// line's end clamps to it, and one inside a multi-byte character clamps to its start.
pub fn offset_of(text: &str, lines: &LineIndex, pos: LinePos, encoding: Encoding) -> Option<usize> {
    let range = lines.line_range(text, pos.line as usize)?;
    let line = text.get(range.clone())?;
    let wanted = pos.character as usize;
    if encoding == Encoding::Utf8 {
        let mut column = wanted.min(line.len());
        while column > 0 && !line.is_char_boundary(column) {
            column -= 1;
        }
        return Some(range.start + column);
    }
    let mut units = 0;
    for (index, ch) in line.char_indices() {
        let width = if encoding == Encoding::Utf16 { ch.len_utf16() } else { 1 };
        if units + width > wanted {
            return Some(range.start + index);
        }
        units += width;
    }
    Some(range.end)
}

/// Like `offset_of`, but a line past the end clamps to the end of the text (for edits).
pub fn offset_clamped(text: &str, lines: &LineIndex, pos: LinePos, encoding: Encoding) -> usize {
    offset_of(text, lines, pos, encoding).unwrap_or(text.len())
}

/// The position of a byte offset (clamped to the text and to a character boundary).
pub fn position_of(text: &str, lines: &LineIndex, offset: usize, encoding: Encoding) -> LinePos {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = lines.line_of(offset);
    let start = lines.line_start(line).unwrap_or(0).min(offset);
    let prefix = &text[start..offset];
    let character = match encoding {
        Encoding::Utf8 => prefix.len(),
        Encoding::Utf16 => prefix.encode_utf16().count(),
        Encoding::Chars => prefix.chars().count(),
    };
    LinePos { line: line as u32, character: character as u32 }
}

/// The byte range between two positions; `None` when a line is past the end or the end is
/// before the start.
pub fn byte_range(text: &str, lines: &LineIndex, range: (LinePos, LinePos), encoding: Encoding) -> Option<Range<usize>> {
    let start = offset_of(text, lines, range.0, encoding)?;
    let end = offset_of(text, lines, range.1, encoding)?;
    (start <= end).then_some(start..end)
}

/// The byte range between two positions, clamped to the text (a request range past the end, as
/// "the whole file" often is, still means the text it covers); ends before starts are swapped.
pub fn byte_range_clamped(text: &str, lines: &LineIndex, range: (LinePos, LinePos), encoding: Encoding) -> Range<usize> {
    let start = offset_clamped(text, lines, range.0, encoding);
    let end = offset_clamped(text, lines, range.1, encoding);
    start.min(end)..start.max(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(text: &str, encoding: Encoding) {
        let lines = LineIndex::new(text);
        for (offset, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            // The `\n` of a `\r\n` is inside a line break: no position names it.
            if offset > 0 && text.as_bytes()[offset - 1] == b'\r' && text.as_bytes().get(offset) == Some(&b'\n') {
                continue;
            }
            let pos = position_of(text, &lines, offset, encoding);
            let back = offset_of(text, &lines, pos, encoding);
            // An offset on a line break maps to the line's end, which is the same byte.
            assert_eq!(back, Some(offset), "{text:?} at {offset} via {pos:?}");
        }
    }

    #[test]
    fn round_trips_astral_and_combining_characters() {
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
            roundtrip("x = '😀é'  # e\u{301}\nyield 中文\n", encoding);
            roundtrip("a\r\nb\rc\n", encoding);
        }
    }

    #[test]
    fn positions_inside_a_surrogate_pair_clamp_to_the_character_start() {
        let text = "a😀b";
        let lines = LineIndex::new(text);
        assert_eq!(offset_of(text, &lines, LinePos { line: 0, character: 2 }, Encoding::Utf16), Some(1));
        assert_eq!(offset_of(text, &lines, LinePos { line: 0, character: 3 }, Encoding::Utf16), Some(5));
        assert_eq!(offset_of(text, &lines, LinePos { line: 0, character: 99 }, Encoding::Utf16), Some(6));
        assert_eq!(offset_of(text, &lines, LinePos { line: 1, character: 0 }, Encoding::Utf16), None);
    }
}

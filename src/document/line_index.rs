//! Line starts of a text, with `\n`, `\r\n` and a lone `\r` as line breaks, as LSP and CPython count them.

/// Byte offsets where each line starts; line 0 starts at 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut index = 0;
        while index < bytes.len() {
            match bytes[index] {
                b'\n' => starts.push(index + 1),
                b'\r' => {
                    if bytes.get(index + 1) == Some(&b'\n') {
                        index += 1;
                    }
                    starts.push(index + 1);
                }
                _ => {}
            }
            index += 1;
        }
        LineIndex { starts, len: text.len() }
    }

    /// The index of `text`, which is the indexed text with the bytes `start..old_end` replaced by
    /// `text[start..new_end]`: only the replaced bytes are scanned again.
    pub fn edited(&self, text: &str, start: usize, old_end: usize, new_end: usize) -> Self {
        let bytes = text.as_bytes();
        // A line start before `start` follows a break whose byte and next byte both precede the
        // edit; one after `old_end` follows a break whose bytes both follow it. Only the breaks
        // from the byte before `start` to `new_end` can differ (`\r` and `\n` may meet there).
        let mut starts = Vec::with_capacity(self.starts.len() + 1);
        starts.extend_from_slice(&self.starts[..self.starts.partition_point(|line_start| *line_start < start)]);
        if starts.is_empty() {
            starts.push(0);
        }
        for index in start.saturating_sub(1)..new_end.min(bytes.len()) {
            match bytes[index] {
                b'\n' => starts.push(index + 1),
                b'\r' if bytes.get(index + 1) != Some(&b'\n') => starts.push(index + 1),
                _ => {}
            }
        }
        let tail = self.starts.partition_point(|line_start| *line_start <= old_end);
        starts.extend(self.starts[tail..].iter().map(|line_start| line_start - old_end + new_end));
        LineIndex { starts, len: text.len() }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte offset where `line` starts, or `None` past the last line.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line).copied()
    }

    /// The byte range of `line` without its line break.
    pub fn line_range(&self, text: &str, line: usize) -> Option<std::ops::Range<usize>> {
        let start = self.line_start(line)?;
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        if end > start && end <= bytes.len() && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && end <= bytes.len() && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        Some(start..end)
    }

    /// The 0-based line that contains `offset` (an offset at a line break belongs to that line).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// The row and byte column of `offset`, as tree-sitter counts them on the parsed text.
    pub fn point(&self, offset: usize) -> tree_sitter::Point {
        let line = self.line_of(offset);
        let start = self.starts.get(line).copied().unwrap_or(0);
        tree_sitter::Point { row: line, column: offset.saturating_sub(start) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_every_kind_of_line_break() {
        let text = "a\nb\r\nc\rd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_range(text, 1), Some(2..3));
        assert_eq!(index.line_range(text, 2), Some(5..6));
        assert_eq!(index.line_range(text, 3), Some(7..8));
        assert_eq!(index.line_of(6), 2);
        assert_eq!(index.line_start(4), None);
    }

    #[test]
    fn an_edited_index_equals_a_new_one() {
        // Every replacement of every range of short texts made of line breaks and letters, by
        // pieces that split or join `\r\n`.
        let texts = ["", "a", "\r\n", "a\r\nb", "\r\r\n\n", "a\rb\nc\r", "\n\ra\r\nb\r"];
        let pieces = ["", "x", "\n", "\r", "\r\n", "\nx\r", "y\r\nz"];
        for text in texts {
            let index = LineIndex::new(text);
            for start in 0..=text.len() {
                for old_end in start..=text.len() {
                    for piece in pieces {
                        let mut edited = text.to_owned();
                        edited.replace_range(start..old_end, piece);
                        let expected = LineIndex::new(&edited);
                        let actual = index.edited(&edited, start, old_end, start + piece.len());
                        assert_eq!(actual, expected, "{text:?} with {start}..{old_end} replaced by {piece:?}");
                    }
                }
            }
        }
    }
}

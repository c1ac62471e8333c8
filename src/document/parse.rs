//! Parsing with tree-sitter-python: one parser per thread, lone `\r` treated as a line break.

use std::cell::RefCell;

use tree_sitter::{Parser, Tree};

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

pub fn language() -> tree_sitter::Language {
    tree_sitter_python::LANGUAGE.into()
}

/// Parses `text`, reusing `old` (already edited with `Tree::edit`) when given.
pub fn parse(text: &str, old: Option<&Tree>) -> Tree {
    let source = parse_source(text);
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = slot.get_or_insert_with(|| {
            let mut parser = Parser::new();
            parser.set_language(&language()).expect("tree-sitter-python matches the tree-sitter ABI");
            parser
        });
        match parser.parse(source.as_bytes(), old) {
            Some(tree) => tree,
            // Parsing fails only on cancellation or timeout, which are never set; retry from scratch.
            None => {
                parser.reset();
                parser.parse(source.as_bytes(), None).expect("tree-sitter parses without a timeout or cancellation flag")
            }
        }
    })
}

/// tree-sitter-python breaks lines at `\n` only; CPython and LSP also at a lone `\r`.
/// The copy has the same length, so byte offsets stay put.
pub fn parse_source(text: &str) -> std::borrow::Cow<'_, str> {
    if has_lone_cr(text) {
        let bytes = text.as_bytes();
        let mut copy = bytes.to_vec();
        for index in 0..bytes.len() {
            if bytes[index] == b'\r' && bytes.get(index + 1) != Some(&b'\n') {
                copy[index] = b'\n';
            }
        }
        // Replacing one ASCII byte by another keeps the text valid UTF-8.
        std::borrow::Cow::Owned(String::from_utf8(copy).unwrap_or_else(|_| text.replace('\r', "\n")))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

pub fn has_lone_cr(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Most texts have no `\r` at all: `contains` finds that out fastest.
    bytes.contains(&b'\r') && memchr_all(bytes, b'\r').any(|index| bytes.get(index + 1) != Some(&b'\n'))
}

fn memchr_all(bytes: &[u8], needle: u8) -> impl Iterator<Item = usize> + '_ {
    bytes.iter().enumerate().filter(move |(_, byte)| **byte == needle).map(|(index, _)| index)
}

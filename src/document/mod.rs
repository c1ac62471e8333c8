//! Documents as the editor sent them: immutable text, line index, syntax tree and cached analysis.

mod edit;
mod line_index;
mod parse;
pub mod store;

use std::sync::{Arc, OnceLock};

pub use edit::TextChange;
pub use line_index::LineIndex;
pub use parse::{language, parse};
pub use store::DocumentStore;

use crate::analysis::{self, Analysis};
use crate::convert::Encoding;
use crate::knowledge::Knowledge;

/// One version of an open file. Replaced, never mutated; readers hold an `Arc`.
pub struct Document {
    pub version: i32,
    pub text: String,
    pub lines: LineIndex,
    pub tree: tree_sitter::Tree,
    analysis: OnceLock<Arc<Analysis>>,
}

impl Document {
    pub fn new(text: String, version: i32) -> Self {
        let tree = parse(&text, None);
        Self::from_parts(text, version, tree)
    }

    fn from_parts(text: String, version: i32, tree: tree_sitter::Tree) -> Self {
        let lines = LineIndex::new(&text);
        Document { version, text, lines, tree, analysis: OnceLock::new() }
    }

    /// A new document with `changes` applied in order, reparsed incrementally from this one's tree.
    pub fn apply(&self, changes: &[TextChange], version: i32, encoding: Encoding) -> Document {
        let (text, tree) = edit::apply_changes(&self.text, &self.lines, &self.tree, changes, encoding);
        Self::from_parts(text, version, tree)
    }

    /// The analysis of this version, computed once by whoever asks first.
    pub fn analysis(&self, knowledge: &Knowledge) -> Arc<Analysis> {
        Arc::clone(self.analysis.get_or_init(|| Arc::new(analysis::analyze(&self.text, &self.tree, knowledge))))
    }

    /// The analysis if some reader already computed it.
    pub fn cached_analysis(&self) -> Option<Arc<Analysis>> {
        self.analysis.get().cloned()
    }
}

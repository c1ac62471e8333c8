//! Documents as the editor sent them: immutable text, line index, syntax tree and cached analysis.

mod edit;
mod line_index;
mod parse;
pub mod store;

use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

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
    /// Analyses of single statements (`analysis::analyze_around`), for hovers that come before
    /// the whole-file analysis of this version is done.
    windows: Mutex<Vec<(Range<usize>, Arc<Analysis>)>>,
}

impl Document {
    pub fn new(text: String, version: i32) -> Self {
        let tree = parse(&text, None);
        Self::from_parts(text, version, tree)
    }

    fn from_parts(text: String, version: i32, tree: tree_sitter::Tree) -> Self {
        let lines = LineIndex::new(&text);
        Document { version, text, lines, tree, analysis: OnceLock::new(), windows: Mutex::new(Vec::new()) }
    }

    /// A new document with `changes` applied in order, reparsed incrementally from this one's tree.
    pub fn apply(&self, changes: &[TextChange], version: i32, encoding: Encoding) -> Document {
        let (text, tree) = edit::apply_changes(&self.text, &self.lines, &self.tree, changes, encoding);
        Self::from_parts(text, version, tree)
    }

    /// The same version with no analysis cached, for when the knowledge it was analysed with
    /// changed (a workspace pack was edited).
    pub fn without_analysis(&self) -> Document {
        Self::from_parts(self.text.clone(), self.version, self.tree.clone())
    }

    /// The analysis of this version, computed once by whoever asks first.
    pub fn analysis(&self, knowledge: &Knowledge) -> Arc<Analysis> {
        Arc::clone(self.analysis.get_or_init(|| Arc::new(analysis::analyze(&self.text, &self.tree, knowledge))))
    }

    /// What is known around `offset`: the whole-file analysis when it is done, else the
    /// analysis of the statement holding `offset`, computed once per statement and version.
    pub fn analysis_around(&self, knowledge: &Knowledge, offset: usize) -> Arc<Analysis> {
        if let Some(whole) = self.analysis.get() {
            return Arc::clone(whole);
        }
        let cached = |windows: &[(Range<usize>, Arc<Analysis>)]| {
            windows.iter().find(|(window, _)| window.contains(&offset)).map(|(_, analysis)| Arc::clone(analysis))
        };
        if let Some(found) = self.windows.lock().ok().and_then(|windows| cached(&windows)) {
            return found;
        }
        let (window, analysis) = analysis::analyze_around(&self.text, &self.tree, knowledge, offset);
        let analysis = Arc::new(analysis);
        if let Ok(mut windows) = self.windows.lock() {
            windows.push((window, Arc::clone(&analysis)));
        }
        analysis
    }

    /// The analysis if some reader already computed it.
    pub fn cached_analysis(&self) -> Option<Arc<Analysis>> {
        self.analysis.get().cloned()
    }
}

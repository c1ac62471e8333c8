//! Documents as the editor sent them: immutable text, line index, syntax tree and cached analysis.

mod edit;
pub mod encoding;
mod line_index;
mod parse;
pub mod store;
mod trees;

use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

pub use edit::TextChange;
pub use line_index::LineIndex;
pub use parse::{language, parse};
pub use store::DocumentStore;
use trees::TreeBudget;

use crate::analysis::{self, Analysis, FileFactsCache};
use crate::document::encoding::Encoding;
use crate::knowledge::Knowledge;

/// One version of an open file. Replaced, never mutated; readers hold an `Arc`. The one thing
/// that changes is whether it holds its syntax tree (`tree()`), which is the same either way.
pub struct Document {
    pub version: i32,
    pub text: String,
    pub lines: LineIndex,
    /// `None` once the store dropped it to save memory (`TreeBudget`); `tree()` parses again.
    tree: Mutex<Option<tree_sitter::Tree>>,
    /// The store's budget of trees, for documents of a store; the stamp of the last `tree()`.
    budget: Option<Arc<TreeBudget>>,
    used: AtomicU64,
    analysis: OnceLock<Arc<Analysis>>,
    /// Analyses of single statements (`analysis::analyze_around`), for hovers that come before
    /// the whole-file analysis of this version is done.
    windows: Mutex<Vec<(Range<usize>, Arc<Analysis>)>>,
    /// The whole-file facts those statement analyses ask for, built once per version by the
    /// first window that needs them and shared by the others.
    file_facts: FileFactsCache,
    /// The package the file is in (`ourlib` for `ourlib/jobs.py`), for relative imports; kept
    /// across edits.
    package: Option<Arc<str>>,
    /// Set by the store when a newer version replaced this one or the file was closed: a
    /// whole-file analysis of it for diagnostics then gives up (`analysis_unless_superseded`).
    superseded: AtomicBool,
}

impl Document {
    pub fn new(text: String, version: i32) -> Self {
        let tree = parse(&text, None);
        let lines = LineIndex::new(&text);
        Self::from_parts(text, lines, version, Some(tree), None)
    }

    /// A document of a store, whose tree the store's budget may drop.
    fn in_budget(text: String, version: i32, budget: Arc<TreeBudget>) -> Self {
        let tree = parse(&text, None);
        let lines = LineIndex::new(&text);
        Self::from_parts(text, lines, version, Some(tree), Some(budget))
    }

    /// The syntax tree (a cheap, reference-counted copy), parsed again if the store dropped it.
    /// A tree parsed again from the text equals the incremental one wherever the text parses
    /// cleanly; error recovery may differ.
    pub fn tree(&self) -> tree_sitter::Tree {
        self.mark_used();
        let mut slot = self.tree.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(tree) = slot.as_ref() {
            return tree.clone();
        }
        let tree = parse(&self.text, None);
        *slot = Some(tree.clone());
        drop(slot);
        if let Some(budget) = &self.budget {
            budget.trim();
        }
        tree
    }

    fn held_tree(&self) -> Option<tree_sitter::Tree> {
        self.tree.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    fn mark_used(&self) {
        if let Some(budget) = &self.budget {
            self.used.store(budget.tick(), Ordering::Relaxed);
        }
    }

    fn last_used(&self) -> u64 {
        self.used.load(Ordering::Relaxed)
    }

    /// Whether the tree is held; a document being parsed again counts as holding it.
    fn holds_tree(&self) -> bool {
        self.tree.try_lock().map_or(true, |slot| slot.is_some())
    }

    /// Drops the tree, unless someone is reading or parsing it right now.
    fn drop_tree(&self) {
        if let Ok(mut slot) = self.tree.try_lock() {
            let tree = slot.take();
            drop(slot);
            drop(tree);
        }
    }

    fn from_parts(text: String, lines: LineIndex, version: i32, tree: Option<tree_sitter::Tree>, budget: Option<Arc<TreeBudget>>) -> Self {
        Document {
            version,
            text,
            lines,
            tree: Mutex::new(tree),
            budget,
            used: AtomicU64::new(0),
            analysis: OnceLock::new(),
            windows: Mutex::new(Vec::new()),
            file_facts: FileFactsCache::default(),
            package: None,
            superseded: AtomicBool::new(false),
        }
    }

    /// This document as a file of `package` (see `analysis::analyze_in`).
    pub fn in_package(mut self, package: Option<&str>) -> Self {
        self.package = package.map(Arc::from);
        self
    }

    pub fn package(&self) -> Option<&str> {
        self.package.as_deref()
    }

    /// A new document with `changes` applied in order, reparsed incrementally from this one's tree.
    /// Without a tree (the store dropped it) the new text is parsed from scratch.
    pub fn apply(&self, changes: &[TextChange], version: i32, encoding: Encoding) -> Document {
        let old = self.held_tree();
        let (text, lines, tree) = edit::apply_changes(&self.text, &self.lines, old.as_ref(), changes, encoding);
        Self::from_parts(text, lines, version, Some(tree), self.budget.clone()).with_package_of(self)
    }

    fn with_package_of(mut self, other: &Document) -> Self {
        self.package = other.package.clone();
        self
    }

    /// The same version with no analysis cached, for when the knowledge it was analysed with
    /// changed (a workspace pack was edited).
    pub fn without_analysis(&self) -> Document {
        Self::from_parts(self.text.clone(), self.lines.clone(), self.version, self.held_tree(), self.budget.clone()).with_package_of(self)
    }

    /// The analysis of this version, computed once by whoever asks first.
    pub fn analysis(&self, knowledge: &Knowledge) -> Arc<Analysis> {
        let whole =
            Arc::clone(self.analysis.get_or_init(|| Arc::new(analysis::analyze_in(&self.text, &self.tree(), knowledge, self.package()))));
        // Hovers now read the whole-file analysis: the statement analyses are no longer needed.
        self.drop_windows();
        whole
    }

    /// The analysis of this version, unless the version is superseded before or while it is
    /// computed: then `None`, and nothing of the abandoned analysis is cached.
    pub fn analysis_unless_superseded(&self, knowledge: &Knowledge) -> Option<Arc<Analysis>> {
        if let Some(whole) = self.analysis.get() {
            return Some(Arc::clone(whole));
        }
        let computed = analysis::analyze_unless(&self.text, &self.tree(), knowledge, self.package(), &|| self.is_superseded())?;
        // A concurrent `analysis()` may have finished first: both results are equal, keep one.
        let whole = Arc::clone(self.analysis.get_or_init(|| Arc::new(computed)));
        self.drop_windows();
        Some(whole)
    }

    /// Marks this version as replaced by a newer one (or closed), and lets its tree go: the
    /// newer version was made from it already.
    pub fn supersede(&self) {
        self.superseded.store(true, Ordering::Relaxed);
        self.drop_tree();
    }

    pub fn is_superseded(&self) -> bool {
        self.superseded.load(Ordering::Relaxed)
    }

    fn drop_windows(&self) {
        let windows = self.windows.lock().map(|mut windows| std::mem::take(&mut *windows)).unwrap_or_default();
        drop(windows);
        self.file_facts.clear();
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
        let tree = self.tree();
        let (window, analysis) =
            analysis::analyze_around_sharing(&self.text, &tree, knowledge, offset, Some(&self.file_facts), self.package());
        let analysis = Arc::new(analysis);
        if let Ok(mut windows) = self.windows.lock() {
            windows.push((window, Arc::clone(&analysis)));
        }
        // Invariant: nothing stays cached for windows once the whole-file analysis is set. Either
        // this check sees it set, or `analysis()` clears after this window was stored.
        if self.analysis.get().is_some() {
            self.drop_windows();
        }
        analysis
    }

    /// The analysis if some reader already computed it.
    pub fn cached_analysis(&self) -> Option<Arc<Analysis>> {
        self.analysis.get().cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_share_the_file_facts_until_the_whole_file_analysis_is_done() {
        let text = "import typing\n\nclass A:\n    x: typing.Annotated[int, 1] = 1\n\n@property\ndef f(): pass\n";
        let document = Document::new(text.to_owned(), 1);
        let knowledge = Knowledge::builtin();
        let first = text.find("typing.Annotated").unwrap_or(0);
        let second = text.find("@property").unwrap_or(0);
        let _ = document.analysis_around(knowledge, first);
        assert!(document.file_facts.is_built(), "the window asks a file-wide fact");
        let facts = document.file_facts.get_or_build(&document.tree());
        let _ = document.analysis_around(knowledge, second);
        // The second window reused the facts the first one built.
        assert!(Arc::ptr_eq(&facts, &document.file_facts.get_or_build(&document.tree())));
        drop(facts);
        let _ = document.analysis(knowledge);
        assert!(document.windows.lock().map(|windows| windows.is_empty()).unwrap_or(false));
        assert!(!document.file_facts.is_built());
    }

    #[test]
    fn a_superseded_version_is_not_analysed_and_caches_nothing() {
        let document = Document::new("def f(items):\n    yield from items\n".to_owned(), 1);
        document.supersede();
        assert!(document.analysis_unless_superseded(Knowledge::builtin()).is_none());
        assert!(document.cached_analysis().is_none());
        // Requests that need the analysis of the version still get it.
        assert!(!document.analysis(Knowledge::builtin()).occurrences.is_empty());
        assert!(document.analysis_unless_superseded(Knowledge::builtin()).is_some());
    }
}

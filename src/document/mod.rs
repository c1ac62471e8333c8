//! Documents as the editor sent them: one version's text, line index and syntax tree, as a
//! value. What is computed from a document (its analyses) lives a layer up, in `ide::OpenFile`.

mod edit;
pub mod encoding;
mod line_index;
mod parse;
mod trees;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

pub use edit::TextChange;
pub use line_index::LineIndex;
pub use parse::{language, parse};
pub use trees::TreeBudget;

use crate::document::encoding::Encoding;

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
}

impl Document {
    pub fn new(text: String, version: i32) -> Self {
        let tree = parse(&text, None);
        let lines = LineIndex::new(&text);
        Self::from_parts(text, lines, version, Some(tree), None)
    }

    /// A document of a store, whose tree the store's budget may drop.
    pub fn in_budget(text: String, version: i32, budget: Arc<TreeBudget>) -> Self {
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
    pub fn holds_tree(&self) -> bool {
        self.tree.try_lock().map_or(true, |slot| slot.is_some())
    }

    /// Drops the tree, unless someone is reading or parsing it right now.
    pub fn drop_tree(&self) {
        if let Ok(mut slot) = self.tree.try_lock() {
            let tree = slot.take();
            drop(slot);
            drop(tree);
        }
    }

    fn from_parts(text: String, lines: LineIndex, version: i32, tree: Option<tree_sitter::Tree>, budget: Option<Arc<TreeBudget>>) -> Self {
        Document { version, text, lines, tree: Mutex::new(tree), budget, used: AtomicU64::new(0) }
    }

    /// A new document with `changes` applied in order, reparsed incrementally from this one's tree.
    /// Without a tree (the store dropped it) the new text is parsed from scratch.
    pub fn apply(&self, changes: &[TextChange], version: i32, encoding: Encoding) -> Document {
        let old = self.held_tree();
        let (text, lines, tree) = edit::apply_changes(&self.text, &self.lines, old.as_ref(), changes, encoding);
        Self::from_parts(text, lines, version, Some(tree), self.budget.clone())
    }
}

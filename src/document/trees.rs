//! Which open documents keep their syntax trees: a tree takes about 15 times the bytes of its
//! text, so only the most recently used documents keep one; the others parse again on demand.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};

use super::Document;

/// The documents of one store, and the clock their tree uses are stamped with.
pub struct TreeBudget {
    /// How many documents keep a tree.
    limit: usize,
    clock: AtomicU64,
    /// Every live document of the store (old versions too, while someone holds them).
    documents: Mutex<Vec<Weak<Document>>>,
}

impl TreeBudget {
    pub fn new(limit: usize) -> Self {
        TreeBudget { limit, clock: AtomicU64::new(0), documents: Mutex::new(Vec::new()) }
    }

    /// The next stamp for a use of a tree.
    pub fn tick(&self) -> u64 {
        self.clock.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Adds a new document of the store (it holds its tree and counts as just used).
    pub fn register(&self, document: &Arc<Document>) {
        document.mark_used();
        self.documents.lock().unwrap_or_else(PoisonError::into_inner).push(Arc::downgrade(document));
        self.trim();
    }

    /// Drops the trees of the least recently used documents beyond the limit.
    pub fn trim(&self) {
        let mut documents = self.documents.lock().unwrap_or_else(PoisonError::into_inner);
        documents.retain(|document| document.strong_count() > 0);
        let mut holding: Vec<(u64, Arc<Document>)> = documents
            .iter()
            .filter_map(Weak::upgrade)
            .filter(|document| document.holds_tree())
            .map(|document| (document.last_used(), document))
            .collect();
        drop(documents);
        if holding.len() <= self.limit {
            return;
        }
        holding.sort_by_key(|(used, _)| *used);
        let excess = holding.len() - self.limit;
        for (_, document) in &holding[..excess] {
            document.drop_tree();
        }
    }
}

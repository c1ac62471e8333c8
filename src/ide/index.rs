//! The workspace index as the server and the command line hold it: the current snapshot of the
//! module summaries (`analysis::semantics::index`), replaced as files change. Analyses take a
//! snapshot and key their caches by its generation, so a change to another module's summary
//! makes the next reader analyse again.

use std::sync::{Arc, Mutex, PoisonError};

use crate::analysis::semantics::index::{Index, ModuleSummary};

/// How many modules the index keeps: summaries beyond it are not added (a few KB each).
pub const MAX_MODULES: usize = 50_000;

#[derive(Debug, Default)]
pub struct WorkspaceIndex {
    current: Mutex<Arc<Index>>,
    /// Set once the first pass over the workspace folders is done.
    ready: std::sync::atomic::AtomicBool,
}

impl WorkspaceIndex {
    pub fn snapshot(&self) -> Arc<Index> {
        Arc::clone(&self.current.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// Stores `summary`; true when it changed what the index says.
    pub fn update(&self, summary: ModuleSummary) -> bool {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        if current.len() >= MAX_MODULES && current.module(&summary.module).is_none() {
            return false;
        }
        let next = current.with(summary);
        let changed = next.generation() != current.generation();
        if changed {
            *current = Arc::new(next);
        }
        changed
    }

    /// Adds many summaries at once (a folder's first pass); true when something changed.
    pub fn extend(&self, summaries: Vec<ModuleSummary>) -> bool {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        let generation = current.generation() + 1;
        let mut all: Vec<ModuleSummary> = Vec::new();
        for module in current.modules() {
            all.push(module.clone());
        }
        let room = MAX_MODULES.saturating_sub(all.len());
        all.extend(summaries.into_iter().take(room));
        *current = Arc::new(Index::of(all, generation));
        true
    }

    /// Evicts `module`; true when it was there.
    pub fn remove(&self, module: &str) -> bool {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        let next = current.without(module);
        let changed = next.generation() != current.generation();
        if changed {
            *current = Arc::new(next);
        }
        changed
    }

    /// Forgets every summary (a workspace folder went away: the others are indexed again).
    pub fn clear(&self) {
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        *current = Arc::new(Index::of(Vec::new(), current.generation() + 1));
        self.ready.store(false, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn set_ready(&self) {
        self.ready.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn is_ready(&self) -> bool {
        self.ready.load(std::sync::atomic::Ordering::SeqCst)
    }
}

//! The open documents: `DashMap<Uri, Arc<Document>>`, guards never held across an `.await`.

use std::sync::Arc;

use dashmap::DashMap;

use super::{Document, TextChange};
use crate::convert::Encoding;

/// Keyed by the URI string the client sent, so the store needs no protocol types.
#[derive(Default)]
pub struct DocumentStore {
    documents: DashMap<String, Arc<Document>>,
}

/// What `change` did.
pub enum ChangeOutcome {
    Applied(Arc<Document>),
    NotOpen,
}

impl DocumentStore {
    pub fn open(&self, uri: &str, text: String, version: i32) -> Arc<Document> {
        let document = Arc::new(Document::new(text, version));
        self.documents.insert(uri.to_owned(), Arc::clone(&document));
        document
    }

    /// Applies changes under the entry's lock, so concurrent changes of one document serialize
    /// in the order their handlers first ran.
    pub fn change(&self, uri: &str, changes: &[TextChange], version: i32, encoding: Encoding) -> ChangeOutcome {
        let Some(mut entry) = self.documents.get_mut(uri) else {
            return ChangeOutcome::NotOpen;
        };
        if version <= entry.version {
            tracing::warn!(uri, old = entry.version, new = version, "document version did not increase; applying anyway");
        }
        let next = Arc::new(entry.apply(changes, version, encoding));
        *entry = Arc::clone(&next);
        ChangeOutcome::Applied(next)
    }

    /// Drops the cached analyses of the open documents whose URI `affected` accepts, and returns
    /// the new entries (same text and version) so their diagnostics can be published again.
    pub fn reset_analyses(&self, affected: impl Fn(&str) -> bool) -> Vec<(String, Arc<Document>)> {
        let mut reset = Vec::new();
        for mut entry in self.documents.iter_mut() {
            if affected(entry.key()) {
                let fresh = Arc::new(entry.without_analysis());
                *entry = Arc::clone(&fresh);
                reset.push((entry.key().clone(), fresh));
            }
        }
        reset
    }

    pub fn close(&self, uri: &str) -> bool {
        self.documents.remove(uri).is_some()
    }

    pub fn get(&self, uri: &str) -> Option<Arc<Document>> {
        self.documents.get(uri).map(|entry| Arc::clone(entry.value()))
    }

    /// Every open document, cloned out of the map.
    pub fn all(&self) -> Vec<(String, Arc<Document>)> {
        self.documents.iter().map(|entry| (entry.key().clone(), Arc::clone(entry.value()))).collect()
    }

    pub fn len(&self) -> usize {
        self.documents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }
}

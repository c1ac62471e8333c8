//! The open files: `DashMap<Uri, Arc<OpenFile>>`, guards never held across an `.await`.

use std::sync::Arc;

use dashmap::DashMap;

use super::OpenFile;
use crate::document::encoding::Encoding;
use crate::document::{TextChange, TreeBudget};

/// How many open documents keep their syntax trees: the most recently opened, edited or
/// analysed. A request on another document parses its text again (a few ms for a mid-size
/// module); hovers on a finished analysis need no tree.
const TREES_KEPT: usize = 32;

/// Keyed by the URI string the client sent, so the store needs no protocol types.
pub struct FileStore {
    documents: DashMap<String, Arc<OpenFile>>,
    trees: Arc<TreeBudget>,
    /// The workspace's module summaries, shared by every open file.
    pub index: Arc<super::WorkspaceIndex>,
}

impl Default for FileStore {
    fn default() -> Self {
        FileStore { documents: DashMap::new(), trees: Arc::new(TreeBudget::new(TREES_KEPT)), index: Arc::default() }
    }
}

/// What `change` did.
pub enum ChangeOutcome {
    Applied(Arc<OpenFile>),
    NotOpen,
}

impl FileStore {
    /// Opens (or reopens) `uri`; `package` is the package the file is in, for relative imports.
    pub fn open(&self, uri: &str, text: String, version: i32, package: Option<&str>) -> Arc<OpenFile> {
        let file = Arc::new(OpenFile::in_budget(text, version, Arc::clone(&self.trees), package).with_index(Some(Arc::clone(&self.index))));
        if let Some(previous) = self.documents.insert(uri.to_owned(), Arc::clone(&file)) {
            previous.supersede();
        }
        self.trees.register(&file.document);
        file
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
        let previous = std::mem::replace(&mut *entry, Arc::clone(&next));
        drop(entry);
        previous.supersede();
        self.trees.register(&next.document);
        ChangeOutcome::Applied(next)
    }

    pub fn close(&self, uri: &str) -> bool {
        match self.documents.remove(uri) {
            Some((_, closed)) => {
                closed.supersede();
                true
            }
            None => false,
        }
    }

    pub fn get(&self, uri: &str) -> Option<Arc<OpenFile>> {
        self.documents.get(uri).map(|entry| Arc::clone(entry.value()))
    }

    /// Every open document, cloned out of the map.
    pub fn all(&self) -> Vec<(String, Arc<OpenFile>)> {
        self.documents.iter().map(|entry| (entry.key().clone(), Arc::clone(entry.value()))).collect()
    }

    pub fn len(&self) -> usize {
        self.documents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::encoding::LinePos;

    fn module(index: usize) -> String {
        format!("def f{index}(items):\n    yield from items\n")
    }

    fn sexp(document: &crate::document::Document) -> String {
        document.tree().root_node().to_sexp()
    }

    #[test]
    fn only_the_most_recently_used_documents_keep_their_trees() {
        let store = FileStore::default();
        let extra = 8;
        for index in 0..TREES_KEPT + extra {
            store.open(&format!("file:///m{index}.py"), module(index), 1, None);
        }
        let holding = |index: usize| store.get(&format!("file:///m{index}.py")).is_some_and(|document| document.holds_tree());
        assert!((0..extra).all(|index| !holding(index)), "the oldest lost their trees");
        assert!((extra..TREES_KEPT + extra).all(holding), "the newest kept theirs");

        // A request that needs the tree parses it again, and that document is kept now.
        let oldest = store.get("file:///m0.py").expect("open");
        assert_eq!(sexp(&oldest), sexp(&crate::document::Document::new(module(0), 1)));
        assert!(oldest.holds_tree() && !holding(extra), "the least recently used one gave its tree up instead");

        // An edit of a document without its tree parses the new text from scratch.
        let change = TextChange { range: Some((LinePos { line: 0, character: 4 }, LinePos { line: 0, character: 6 })), text: "g".into() };
        let ChangeOutcome::Applied(edited) = store.change("file:///m1.py", &[change], 2, Encoding::Utf16) else { panic!("m1 is open") };
        assert_eq!(edited.text, "def g(items):\n    yield from items\n");
        assert_eq!(sexp(&edited), sexp(&crate::document::Document::new(edited.text.clone(), 2)));
        assert!(!edited.tree().root_node().has_error());
    }

    #[test]
    fn replaced_and_closed_versions_let_their_trees_go() {
        let store = FileStore::default();
        let first = store.open("file:///a.py", module(0), 1, None);
        let change = TextChange { range: None, text: module(1) };
        let ChangeOutcome::Applied(second) = store.change("file:///a.py", &[change], 2, Encoding::Utf16) else { panic!("open") };
        assert!(first.is_superseded() && !first.holds_tree() && second.holds_tree());
        assert!(store.close("file:///a.py"));
        assert!(second.is_superseded() && !second.holds_tree());
    }
}

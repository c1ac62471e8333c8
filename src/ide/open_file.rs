//! One version of an open file with what is computed from it: the whole-file analysis, the
//! statement analyses hovers use before it is done, and the file facts those share. Each cache
//! is keyed by the knowledge it was computed with (`Knowledge::generation`) and by the workspace
//! index snapshot it saw (`Index::generation`), so neither a pack change nor an edit to another
//! module's summary needs invalidation by hand: the next reader computes again.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::analysis::semantics::index::Index;
use crate::analysis::{self, Analysis, FileFactsCache};
use crate::document::encoding::Encoding;
use crate::document::{Document, TextChange, TreeBudget};
use crate::ide::WorkspaceIndex;
use crate::knowledge::Knowledge;

/// A document version and its analyses. Readers hold an `Arc`; a new version is a new value.
pub struct OpenFile {
    pub document: Arc<Document>,
    /// The package the file is in (`ourlib` for `ourlib/jobs.py`), for relative imports; kept
    /// across edits.
    package: Option<Arc<str>>,
    /// The workspace's module summaries, where base classes from other modules are found.
    index: Option<Arc<WorkspaceIndex>>,
    /// The whole-file analysis and the generations (knowledge, index) it was computed with.
    analysis: Mutex<Option<(Generation, Arc<Analysis>)>>,
    /// Analyses of single statements (`analysis::analyze_around`) with their knowledge
    /// generation, for hovers that come before the whole-file analysis is done.
    windows: Mutex<Vec<Window>>,
    /// The whole-file facts those statement analyses ask for (they depend on the tree only),
    /// built once by the first window that needs them and shared by the others.
    file_facts: FileFactsCache,
    /// Set when a newer version replaced this one or the file was closed: a whole-file analysis
    /// of it for diagnostics then gives up (`analysis_unless_superseded`).
    superseded: AtomicBool,
}

/// What an analysis was computed with: the knowledge's generation and the index snapshot's.
type Generation = (u64, u64);

/// The analysis of one statement, with the generations it was computed with.
struct Window {
    generation: Generation,
    range: Range<usize>,
    analysis: Arc<Analysis>,
}

impl std::ops::Deref for OpenFile {
    type Target = Document;

    fn deref(&self) -> &Document {
        &self.document
    }
}

impl OpenFile {
    /// A file that is not part of a store (the command line, tests).
    pub fn new(text: String, version: i32) -> Self {
        Self::of(Arc::new(Document::new(text, version)), None, None)
    }

    /// A file of a store, whose tree the store's budget may drop.
    pub fn in_budget(text: String, version: i32, budget: Arc<TreeBudget>, package: Option<&str>) -> Self {
        Self::of(Arc::new(Document::in_budget(text, version, budget)), package.map(Arc::from), None)
    }

    fn of(document: Arc<Document>, package: Option<Arc<str>>, index: Option<Arc<WorkspaceIndex>>) -> Self {
        OpenFile {
            document,
            package,
            index,
            analysis: Mutex::new(None),
            windows: Mutex::new(Vec::new()),
            file_facts: FileFactsCache::default(),
            superseded: AtomicBool::new(false),
        }
    }

    /// This file as a file of `package` (see `analysis::analyze_in`).
    pub fn in_package(mut self, package: Option<&str>) -> Self {
        self.package = package.map(Arc::from);
        self
    }

    pub fn package(&self) -> Option<&str> {
        self.package.as_deref()
    }

    /// This file resolving base classes of other modules through `index`.
    pub fn with_index(mut self, index: Option<Arc<WorkspaceIndex>>) -> Self {
        self.index = index;
        self
    }

    /// The index snapshot an analysis starting now uses, and the generations that key it.
    fn snapshot(&self, knowledge: &Knowledge) -> (Option<Arc<Index>>, Generation) {
        let snapshot = self.index.as_ref().map(|index| index.snapshot());
        let generation = (knowledge.generation(), snapshot.as_ref().map_or(0, |index| index.generation()));
        (snapshot, generation)
    }

    /// The next version: `changes` applied in order, reparsed incrementally from this tree.
    pub fn apply(&self, changes: &[TextChange], version: i32, encoding: Encoding) -> OpenFile {
        Self::of(Arc::new(self.document.apply(changes, version, encoding)), self.package.clone(), self.index.clone())
    }

    /// The analysis of this version with `knowledge`, computed once by whoever asks first.
    pub fn analysis(&self, knowledge: &Knowledge) -> Arc<Analysis> {
        if let Some(whole) = self.cached_analysis(knowledge) {
            return whole;
        }
        let (index, generation) = self.snapshot(knowledge);
        let computed = Arc::new(analysis::analyze_indexed(&self.text, &self.tree(), knowledge, self.package(), index.as_deref()));
        self.store(generation, computed)
    }

    /// The analysis of this version, unless the version is superseded before or while it is
    /// computed: then `None`, and nothing of the abandoned analysis is cached.
    pub fn analysis_unless_superseded(&self, knowledge: &Knowledge) -> Option<Arc<Analysis>> {
        if let Some(whole) = self.cached_analysis(knowledge) {
            return Some(whole);
        }
        let (index, generation) = self.snapshot(knowledge);
        let computed =
            analysis::analyze_unless(&self.text, &self.tree(), knowledge, self.package(), index.as_deref(), &|| self.is_superseded())?;
        Some(self.store(generation, Arc::new(computed)))
    }

    /// The whole-file analysis with `knowledge`, if some reader already computed it.
    pub fn cached_analysis(&self, knowledge: &Knowledge) -> Option<Arc<Analysis>> {
        let (_, current) = self.snapshot(knowledge);
        let slot = self.analysis.lock().unwrap_or_else(PoisonError::into_inner);
        slot.as_ref().filter(|(generation, _)| *generation == current).map(|(_, whole)| Arc::clone(whole))
    }

    /// The last whole-file analysis computed, whatever knowledge or index it was computed with.
    pub fn last_analysis(&self) -> Option<Arc<Analysis>> {
        self.analysis.lock().unwrap_or_else(PoisonError::into_inner).as_ref().map(|(_, whole)| Arc::clone(whole))
    }

    /// Keeps `computed` unless a concurrent reader stored an analysis with the same knowledge
    /// first (both are equal: keep one), and drops the statement analyses it makes needless.
    fn store(&self, generation: Generation, computed: Arc<Analysis>) -> Arc<Analysis> {
        let mut slot = self.analysis.lock().unwrap_or_else(PoisonError::into_inner);
        let whole = match slot.as_ref() {
            Some((kept_generation, kept)) if *kept_generation == generation => Arc::clone(kept),
            _ => {
                *slot = Some((generation, Arc::clone(&computed)));
                computed
            }
        };
        drop(slot);
        self.drop_windows();
        whole
    }

    /// What is known around `offset`: the whole-file analysis when it is done, else the
    /// analysis of the statement holding `offset`, computed once per statement and version.
    pub fn analysis_around(&self, knowledge: &Knowledge, offset: usize) -> Arc<Analysis> {
        if let Some(whole) = self.cached_analysis(knowledge) {
            return whole;
        }
        let (index, generation) = self.snapshot(knowledge);
        let cached = |windows: &[Window]| {
            windows
                .iter()
                .find(|window| window.generation == generation && window.range.contains(&offset))
                .map(|window| Arc::clone(&window.analysis))
        };
        if let Some(found) = cached(&self.windows.lock().unwrap_or_else(PoisonError::into_inner)) {
            return found;
        }
        let tree = self.tree();
        let (window, analysis) = analysis::analyze_around_sharing(
            &self.text,
            &tree,
            knowledge,
            offset,
            Some(&self.file_facts),
            self.package(),
            index.as_deref(),
        );
        let analysis = Arc::new(analysis);
        self.windows.lock().unwrap_or_else(PoisonError::into_inner).push(Window {
            generation,
            range: window,
            analysis: Arc::clone(&analysis),
        });
        // Invariant: nothing stays cached for windows once the whole-file analysis is set. Either
        // this check sees it set, or `store()` clears after this window was stored.
        if self.cached_analysis(knowledge).is_some() {
            self.drop_windows();
        }
        analysis
    }

    fn drop_windows(&self) {
        let windows = std::mem::take(&mut *self.windows.lock().unwrap_or_else(PoisonError::into_inner));
        drop(windows);
        self.file_facts.clear();
    }

    /// Marks this version as replaced by a newer one (or closed), and lets its tree go: the
    /// newer version was made from it already.
    pub fn supersede(&self) {
        self.superseded.store(true, Ordering::Relaxed);
        self.document.drop_tree();
    }

    pub fn is_superseded(&self) -> bool {
        self.superseded.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_share_the_file_facts_until_the_whole_file_analysis_is_done() {
        let text = "import typing\n\nclass A:\n    x: typing.Annotated[int, 1] = 1\n\n@property\ndef f(): pass\n";
        let file = OpenFile::new(text.to_owned(), 1);
        let knowledge = Knowledge::builtin();
        let first = text.find("typing.Annotated").unwrap_or(0);
        let second = text.find("@property").unwrap_or(0);
        let _ = file.analysis_around(knowledge, first);
        assert!(file.file_facts.is_built(), "the window asks a file-wide fact");
        let facts = file.file_facts.get_or_build(&file.tree());
        let _ = file.analysis_around(knowledge, second);
        // The second window reused the facts the first one built.
        assert!(Arc::ptr_eq(&facts, &file.file_facts.get_or_build(&file.tree())));
        drop(facts);
        let _ = file.analysis(knowledge);
        assert!(file.windows.lock().map(|windows| windows.is_empty()).unwrap_or(false));
        assert!(!file.file_facts.is_built());
    }

    #[test]
    fn a_superseded_version_is_not_analysed_and_caches_nothing() {
        let file = OpenFile::new("def f(items):\n    yield from items\n".to_owned(), 1);
        file.supersede();
        assert!(file.analysis_unless_superseded(Knowledge::builtin()).is_none());
        assert!(file.cached_analysis(Knowledge::builtin()).is_none());
        // Requests that need the analysis of the version still get it.
        assert!(!file.analysis(Knowledge::builtin()).occurrences.is_empty());
        assert!(file.analysis_unless_superseded(Knowledge::builtin()).is_some());
    }

    #[test]
    fn other_knowledge_analyses_again() {
        let file = OpenFile::new("def f(items):\n    yield from items\n".to_owned(), 1);
        let builtin = file.analysis(Knowledge::builtin());
        let (other, errors) =
            crate::knowledge::load(Knowledge::builtin_files().iter().map(|(path, text)| (path.to_string(), text.to_string())));
        assert!(errors.is_empty());
        assert!(file.cached_analysis(&other).is_none(), "an analysis is kept for the knowledge it was computed with");
        let again = file.analysis(&other);
        assert!(!Arc::ptr_eq(&builtin, &again) && *builtin == *again);
        assert!(Arc::ptr_eq(&again, &file.analysis(&other)));
    }
}

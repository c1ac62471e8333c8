//! One file as `scan` and `report` see it: the constructs of enabled topics and the diagnostics
//! the user would see in an editor, with whether each has a fix.

use std::sync::Arc;

use crate::analysis::Context;
use crate::analysis::Occurrence;
use crate::fixes;
use crate::ide::diagnostics::{self, Diagnostic};
use crate::ide::{OpenFile, WorkspaceIndex};
use crate::knowledge::Knowledge;
use crate::settings::Settings;

pub struct FileScan {
    pub document: OpenFile,
    /// Anchors of enabled topics, in document order.
    pub constructs: Vec<Occurrence>,
    /// What an editor would show, each with whether a fix is offered for it.
    pub diagnostics: Vec<(Diagnostic, bool)>,
}

/// Analyses `text`, a file of `package`, with a project's knowledge and settings, finding base
/// classes of other modules in `index`.
pub fn scan_text(
    text: String,
    package: Option<&str>,
    knowledge: &Knowledge,
    settings: &Settings,
    index: Option<&Arc<WorkspaceIndex>>,
) -> FileScan {
    let document = OpenFile::new(text, 0).in_package(package).with_index(index.cloned());
    let analysis = document.analysis(knowledge);
    let constructs = analysis
        .occurrences
        .iter()
        .filter(|occurrence| settings.topic_enabled(&occurrence.topic) && knowledge.topic(&occurrence.topic).is_some())
        .cloned()
        .collect();
    let shown = diagnostics::diagnostics(&document.text, &analysis, knowledge, settings);
    let diagnostics = if shown.is_empty() {
        Vec::new()
    } else {
        let tree = document.tree();
        let snapshot = index.map(|index| index.snapshot());
        let context = Context::new(&document.text, &tree, knowledge).with_package(document.package()).with_index(snapshot.as_deref());
        shown
            .into_iter()
            .map(|diagnostic| {
                let fixable = fixes::fix_for(&context, &diagnostic.finding, settings).is_some();
                (diagnostic, fixable)
            })
            .collect()
    };
    FileScan { document, constructs, diagnostics }
}

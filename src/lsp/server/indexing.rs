//! The workspace index in the server: a background pass over each workspace folder after
//! `initialized` (with `window/workDoneProgress` when the client supports it), then updates from
//! the open documents' text, saves and watched-file events. Hover and diagnostics never wait
//! for it: until it is ready they resolve what the file itself says.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use super::Shared;
use crate::ide::OpenFile;
use crate::workspace;

impl Shared {
    /// Summarises every `.py` file of `roots` off the async threads, then analyses the open
    /// documents again (their cached analyses are keyed by the index generation).
    pub(super) fn index_folders(self: &Arc<Self>, roots: Vec<PathBuf>) {
        if roots.is_empty() {
            return;
        }
        let shared = Arc::clone(self);
        tokio::spawn(async move {
            let token = NumberOrString::String(format!("pyexplain-index-{}", roots.len()));
            let progress = if shared.flags().work_done_progress {
                let created = shared
                    .client
                    .send_request::<request::WorkDoneProgressCreate>(WorkDoneProgressCreateParams { token: token.clone() })
                    .await;
                created.is_ok()
            } else {
                false
            };
            if progress {
                let begin = WorkDoneProgressBegin { title: "Indexing Python files".into(), percentage: Some(0), ..Default::default() };
                shared.notify_progress(&token, WorkDoneProgress::Begin(begin)).await;
            }
            let index = Arc::clone(&shared.documents.index);
            let worker_roots = roots.clone();
            let summarised = tokio::task::spawn_blocking(move || {
                let mut summaries = Vec::new();
                for root in &worker_roots {
                    summaries.extend(crate::indexing::summarize_folder(root, &|_, _| {}));
                }
                let count = summaries.len();
                index.extend(summaries);
                index.set_ready();
                count
            })
            .await;
            let count = match summarised {
                Ok(count) => {
                    tracing::info!(modules = count, "workspace index ready");
                    count
                }
                Err(error) => {
                    tracing::error!(%error, "indexing the workspace failed");
                    0
                }
            };
            if progress {
                let end = WorkDoneProgressEnd { message: Some("Indexed".into()) };
                shared.notify_progress(&token, WorkDoneProgress::End(end)).await;
            }
            // Only modules found elsewhere can change what the open documents say, and only the
            // documents whose findings changed are published again.
            if count > 0 {
                shared.republish_changed();
            }
        });
    }

    /// Publishes again the open documents whose findings differ from their last analysis.
    fn republish_changed(self: &Arc<Self>) {
        for (uri, document) in self.documents.all() {
            let shared = Arc::clone(self);
            tokio::spawn(async move {
                let knowledge = shared.workspaces.scope(&uri).knowledge;
                let worker = Arc::clone(&document);
                let changed = tokio::task::spawn_blocking(move || {
                    let before = worker.last_analysis();
                    let after = worker.analysis(&knowledge);
                    // A document not analysed yet is published by its own pending analysis.
                    before.is_some_and(|before| before.findings != after.findings)
                })
                .await
                .unwrap_or(false);
                if let (true, Ok(uri)) = (changed, uri.parse::<Uri>()) {
                    shared.schedule_diagnostics(uri, document);
                }
            });
        }
    }

    async fn notify_progress(&self, token: &NumberOrString, value: WorkDoneProgress) {
        let params = ProgressParams { token: token.clone(), value: ProgressParamsValue::WorkDone(value) };
        self.client.send_notification::<notification::Progress>(params).await;
    }

    /// The module `path` is in the workspace folders, with the folder: `None` outside them.
    fn module_path(&self, path: &Path) -> Option<PathBuf> {
        let root =
            self.workspaces.roots().into_iter().filter(|root| path.starts_with(root)).max_by_key(|root| root.components().count())?;
        (path.extension().is_some_and(|ext| ext == "py")).then_some(root)
    }

    /// Summarises an open document's own text into the index; true when its summary changed.
    pub(super) fn index_document(&self, uri: &str, document: &OpenFile) -> bool {
        let Some(path) = workspace::uri_to_path(uri) else { return false };
        let Some(root) = self.module_path(&path) else { return false };
        let Some((module, package)) = crate::indexing::module_of(Some(&root), &path) else { return false };
        let summary = crate::analysis::semantics::index::summarize(&document.text, &document.tree(), &module, package.as_deref());
        self.documents.index.update(summary)
    }

    /// A `.py` file of a workspace folder changed, appeared or went away on disk.
    pub(super) fn index_file_event(&self, path: &Path, deleted: bool) -> bool {
        let Some(root) = self.module_path(path) else { return false };
        if deleted {
            let module = crate::indexing::module_of(Some(&root), path).map(|(module, _)| module);
            return module.is_some_and(|module| self.documents.index.remove(&module));
        }
        let text = crate::files::read_source("", path).ok();
        let summary = text.and_then(|text| crate::indexing::summarize_text(Some(&root), path, &text));
        summary.is_some_and(|summary| self.documents.index.update(summary))
    }
}

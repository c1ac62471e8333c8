//! Workspace folders seen from the server: reading their `.pyexplain/` files and
//! `pyproject.toml` again when they change, telling the user about problems in them, and
//! analysing the affected documents again.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use super::Shared;
use crate::workspace::{self, Reloaded};

impl Shared {
    /// Reads the files of the folders at `roots` again (when `force`, or when they changed),
    /// publishes their documents' diagnostics again, and tells the user about new problems.
    pub(super) fn reload_folders(self: &Arc<Self>, roots: &[PathBuf], force: bool) {
        let reloaded: Vec<Reloaded> = roots.iter().filter_map(|root| self.workspaces.reload(root, force)).collect();
        if reloaded.is_empty() {
            return;
        }
        // A document belongs to the innermost folder: what any reloaded root holds is affected.
        let under = |roots: Vec<PathBuf>| {
            move |uri: &str| workspace::uri_to_path(uri).is_some_and(|path| roots.iter().any(|root| path.starts_with(root)))
        };
        // Documents whose knowledge changed are analysed again as they are published: their
        // analyses were computed with the knowledge before.
        self.republish(under(reloaded.iter().map(|reloaded| reloaded.root.clone()).collect()));
        let shared = Arc::clone(self);
        tokio::spawn(async move {
            for reloaded in reloaded.iter().filter(|reloaded| reloaded.problems_changed) {
                shared.report_problems(reloaded).await;
            }
        });
    }

    /// One message naming the first problem (file and line) of a folder's `.pyexplain/`, every
    /// problem in the log; or, once they are fixed, a note in the log.
    pub(super) async fn report_problems(&self, reloaded: &Reloaded) {
        let folder = reloaded.root.display();
        if reloaded.problems.is_empty() {
            tracing::info!(%folder, "the workspace's .pyexplain files have no problems now");
            self.client.log_message(MessageType::INFO, format!("pyexplain: {folder}: .pyexplain has no problems now")).await;
            return;
        }
        for problem in &reloaded.problems {
            tracing::warn!(%folder, %problem, "problem in the workspace's .pyexplain files");
            self.client.log_message(MessageType::WARNING, format!("pyexplain: {folder}/{problem}")).await;
        }
        let first = &reloaded.problems[0];
        let more = match reloaded.problems.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more problem, see the log)".to_owned(),
            count => format!(" (and {count} more problems, see the log)"),
        };
        // A warning (a bare anchor name) leaves its entry in; an error leaves the entry out.
        let only_warnings = reloaded.problems.iter().all(|problem| problem.contains(": warning: "));
        let outcome = if only_warnings {
            "Every entry still loads."
        } else {
            "Entries with problems are left out; the rest of the pack and settings apply."
        };
        let message = format!("pyexplain: {first}{more}. {outcome}");
        self.client.show_message(MessageType::WARNING, message).await;
    }

    /// When the client does not watch files for us: reloads the folder of `uri` if its
    /// `.pyexplain/` files or `pyproject.toml` changed.
    pub(super) fn check_folder_of(self: &Arc<Self>, uri: &str) {
        if self.watching.load(Ordering::SeqCst) {
            return;
        }
        if let Some(root) = self.workspaces.root_of(uri) {
            self.reload_folders(&[root], false);
        }
    }

    /// A document outside every workspace folder (a single file opened without a folder) gets
    /// the project it belongs to: the nearest folder above it with `.pyexplain/` or
    /// `pyproject.toml`, as `scan` finds it.
    pub(super) fn adopt_project_of(self: &Arc<Self>, uri: &str) {
        if self.workspaces.root_of(uri).is_some() {
            return;
        }
        let Some(root) = workspace::uri_to_path(uri).and_then(|path| workspace::project_root(&path)) else { return };
        self.workspaces.add_folder(root.clone());
        self.reload_folders(&[root], true);
    }

    /// A `.pyexplain/` file or a folder's `pyproject.toml` opened or saved in the editor: its
    /// folder is reloaded, and the file is configuration, not Python to analyse.
    pub(super) fn is_configuration(self: &Arc<Self>, uri: &str) -> bool {
        let Some(path) = workspace::uri_to_path(uri) else { return false };
        let roots = self.workspaces.roots_configured_by(&path);
        if roots.is_empty() {
            return false;
        }
        self.reload_folders(&roots, true);
        true
    }

    /// Asks the client to tell us when `.pyexplain/` files, `pyproject.toml` or `.py` files change.
    pub(super) fn register_file_watcher(self: &Arc<Self>) {
        if !self.flags().watch_registration {
            return;
        }
        let shared = Arc::clone(self);
        tokio::spawn(async move {
            let watchers: Vec<FileSystemWatcher> = ["**/.pyexplain/**", "**/.pyexplain", "**/pyproject.toml", "**/*.py"]
                .into_iter()
                .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String(glob.into()), kind: None })
                .collect();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let registration = Registration {
                id: "pyexplain-workspace-files".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            };
            match shared.client.register_capability(vec![registration]).await {
                Ok(()) => shared.watching.store(true, Ordering::SeqCst),
                Err(error) => tracing::warn!(%error, "the client did not accept the file watcher; checking .pyexplain on open and save"),
            }
        });
    }
}

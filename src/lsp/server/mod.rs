//! The language server: `impl LanguageServer`, each method a few lines over the handlers of `lsp/`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use serde_json::Value;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::document::encoding::Encoding;
use crate::document::TextChange;
use crate::ide::{FileStore, OpenFile};
use crate::knowledge::{render, Knowledge};
use crate::lsp::{self as handlers, code_action, convert};
use crate::workspace::{self, Workspaces};

mod folders;
mod indexing;

/// What the client told us it can do, fixed at `initialize`.
#[derive(Debug, Default, Clone)]
struct ClientFlags {
    show_document: bool,
    configuration_pull: bool,
    /// The client watches files for us when asked (`workspace/didChangeWatchedFiles`).
    watch_registration: bool,
    /// The VS Code extension shows `pyexplain.server.explain` results itself.
    renders_explain: bool,
    /// The client shows server-initiated progress (`window/workDoneProgress/create`).
    work_done_progress: bool,
}

pub struct Server {
    shared: Arc<Shared>,
}

impl std::ops::Deref for Server {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.shared
    }
}

/// The server's state, shared with the tasks it spawns.
pub struct Shared {
    client: Client,
    documents: FileStore,
    workspaces: Workspaces,
    encoding: OnceLock<Encoding>,
    flags: OnceLock<ClientFlags>,
    /// Whether the client accepted our file watcher for `.pyexplain/` and `pyproject.toml`;
    /// until then opening or saving a document checks those files for changes.
    watching: AtomicBool,
    shutdown: Arc<AtomicBool>,
    publishing: tokio::sync::Mutex<()>,
    /// Whether a release of freed memory is scheduled (see `release_freed_memory`).
    release_pending: AtomicBool,
}

impl Server {
    pub fn new(client: Client, shutdown: Arc<AtomicBool>) -> Self {
        let shared = Shared {
            client,
            documents: FileStore::default(),
            workspaces: Workspaces::default(),
            encoding: OnceLock::new(),
            flags: OnceLock::new(),
            watching: AtomicBool::new(false),
            shutdown,
            publishing: tokio::sync::Mutex::new(()),
            release_pending: AtomicBool::new(false),
        };
        Server { shared: Arc::new(shared) }
    }
}

impl Shared {
    fn encoding(&self) -> Encoding {
        self.encoding.get().copied().unwrap_or(Encoding::Utf16)
    }

    fn flags(&self) -> ClientFlags {
        self.flags.get().cloned().unwrap_or_default()
    }

    /// Analyses `document` off the async threads and publishes its diagnostics, unless a newer
    /// version arrived meanwhile (that version's own task publishes then).
    fn schedule_diagnostics(self: &Arc<Self>, uri: Uri, document: Arc<OpenFile>) {
        let shared = Arc::clone(self);
        let key = uri.to_string();
        tokio::spawn(async move {
            // Debounce: while edits keep coming, hovers use statement windows and no whole-file
            // analysis starts; one that started gives up when a newer version arrives.
            const QUIET: std::time::Duration = std::time::Duration::from_millis(50);
            tokio::time::sleep(QUIET).await;
            let is_current = || shared.documents.get(&key).is_some_and(|open| Arc::ptr_eq(&open, &document));
            if !is_current() {
                return;
            }
            // One whole-file analysis per core at a time: a burst of opens waits here rather than
            // growing the blocking pool (and the allocator's arenas) by a thread per document.
            static RUNNING: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
            let running = RUNNING.get_or_init(|| tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, usize::from)));
            let Ok(running) = running.acquire().await else { return };
            if !is_current() {
                return;
            }
            let knowledge = shared.workspaces.scope(&key).knowledge;
            let worker = Arc::clone(&document);
            // The document's own text is what other modules see of it: it is summarised first,
            // on the same blocking thread, and when its summary changed the other open documents
            // are analysed again.
            let (indexer, indexed_key) = (Arc::clone(&shared), key.clone());
            let work = move || {
                let changed = handlers::guarded("index", || indexer.index_document(&indexed_key, &worker)).unwrap_or(false);
                (changed, worker.analysis_unless_superseded(&knowledge))
            };
            let analysis = match tokio::task::spawn_blocking(work).await {
                Ok((changed, analysis)) => {
                    if changed && shared.documents.index.is_ready() {
                        let own = key.clone();
                        shared.republish(move |other| other != own);
                    }
                    analysis
                }
                Err(error) => {
                    tracing::error!(uri = %key, %error, "analysis failed; no diagnostics for this version");
                    return;
                }
            };
            let analysis = match analysis {
                Some(analysis) => analysis,
                None => return,
            };
            drop(running);
            let _turn = shared.publishing.lock().await;
            if !is_current() {
                return;
            }
            let scope = shared.workspaces.scope(&key);
            let encoding = shared.encoding();
            let diagnostics = handlers::guarded("diagnostics", || {
                handlers::diagnostics::diagnostics(&document, &analysis, &scope.knowledge, &scope.settings, encoding)
            })
            .unwrap_or_default();
            shared.client.publish_diagnostics(uri, diagnostics, Some(document.version)).await;
        });
    }

    /// After documents close, gives the memory they freed back to the system, once per burst of
    /// closes: a second after the first close of the burst.
    fn schedule_memory_release(self: &Arc<Self>) {
        if self.release_pending.swap(true, Ordering::SeqCst) {
            return;
        }
        let shared = Arc::clone(self);
        tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            shared.release_pending.store(false, Ordering::SeqCst);
            let _ = tokio::task::spawn_blocking(release_freed_memory).await;
        });
    }

    /// Publishes the diagnostics of the open documents `affected` accepts again (their
    /// knowledge or settings changed). An analysis is kept for the knowledge it was computed
    /// with, so a document whose knowledge changed is analysed again, and only then.
    fn republish(self: &Arc<Self>, affected: impl Fn(&str) -> bool) {
        for (uri, document) in self.documents.all() {
            if affected(&uri) {
                if let Ok(uri) = uri.parse::<Uri>() {
                    self.schedule_diagnostics(uri, document);
                }
            }
        }
    }

    fn apply_editor_settings(self: &Arc<Self>, value: Value) {
        self.workspaces.set_editor(if value.is_object() { value } else { Value::Null });
        self.republish(|_| true);
    }

    /// Asks the client for the `pyexplain` section, in a task of its own: the answer may take a
    /// while and handlers must not wait for it.
    fn pull_configuration(self: &Arc<Self>) {
        if !self.flags().configuration_pull {
            return;
        }
        let shared = Arc::clone(self);
        tokio::spawn(async move {
            let items = vec![ConfigurationItem { scope_uri: None, section: Some("pyexplain".into()) }];
            match shared.client.configuration(items).await {
                Ok(values) => shared.apply_editor_settings(values.into_iter().next().unwrap_or(Value::Null)),
                Err(error) => tracing::warn!(%error, "workspace/configuration failed"),
            }
        });
    }
}

/// glibc's `free` keeps the pages of freed memory mapped while any small allocation above them
/// is live: the trees and analyses of 500 closed documents stayed resident (90 MB) without this
/// (tests/it/load.rs). `malloc_trim` returns every free page of every arena to the kernel.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn release_freed_memory() {
    extern "C" {
        fn malloc_trim(pad: usize) -> std::os::raw::c_int;
    }
    // SAFETY: `malloc_trim` takes no pointers; it only releases pages glibc's allocator holds free.
    unsafe {
        malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_freed_memory() {}

/// Params of `pyexplain/debugDocument`.
#[derive(Debug, serde::Deserialize)]
pub struct DebugDocumentParams {
    pub uri: Uri,
}

impl Server {
    /// `pyexplain/debugDocument`: the server's view of an open document (version, text and
    /// constructs), so tests and bug reports can compare it with the editor's.
    pub async fn debug_document(&self, params: DebugDocumentParams) -> jsonrpc::Result<Option<Value>> {
        let Some(document) = self.documents.get(params.uri.as_str()) else { return Ok(None) };
        let encoding = self.encoding();
        // The analysis may panic like in any other request: answer an internal error, keep serving.
        let knowledge = self.workspaces.scope(params.uri.as_str()).knowledge;
        let worker = Arc::clone(&document);
        let analysis = handlers::blocking("debugDocument", move || worker.analysis(&knowledge)).await?;
        let constructs: Vec<Value> = analysis
            .occurrences
            .iter()
            .map(|occurrence| {
                let range = convert::lsp_range(&document.text, &document.lines, occurrence.anchor.clone(), encoding);
                serde_json::json!({"topic": occurrence.topic, "range": range})
            })
            .collect();
        let codes: Vec<&str> = analysis.findings.iter().map(|finding| finding.code.as_str()).collect();
        Ok(Some(serde_json::json!({
            "version": document.version,
            "text": document.text,
            "hasErrors": document.tree().root_node().has_error(),
            "constructs": constructs,
            "findings": codes,
        })))
    }
}

/// The service with the custom methods registered.
pub fn service(shutdown: Arc<AtomicBool>) -> (tower_lsp_server::LspService<Server>, tower_lsp_server::ClientSocket) {
    tower_lsp_server::LspService::build(move |client| Server::new(client, shutdown))
        .custom_method("pyexplain/debugDocument", Server::debug_document)
        .finish()
}

fn negotiate_encoding(params: &InitializeParams) -> Encoding {
    let offered = params.capabilities.general.as_ref().and_then(|general| general.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

/// The workspace folders of `initialize`, else its root.
fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let folders: Vec<PathBuf> =
        params.workspace_folders.iter().flatten().filter_map(|folder| workspace::uri_to_path(folder.uri.as_str())).collect();
    if !folders.is_empty() {
        return folders;
    }
    #[allow(deprecated)]
    let root = params.root_uri.as_ref().and_then(|uri| workspace::uri_to_path(uri.as_str()));
    root.into_iter().collect()
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> jsonrpc::Result<InitializeResult> {
        let encoding = negotiate_encoding(&params);
        let _ = self.encoding.set(encoding);
        let capabilities = &params.capabilities;
        let flags = ClientFlags {
            show_document: capabilities.window.as_ref().and_then(|window| window.show_document.as_ref()).is_some_and(|show| show.support),
            configuration_pull: capabilities.workspace.as_ref().and_then(|workspace| workspace.configuration).unwrap_or(false),
            watch_registration: capabilities
                .workspace
                .as_ref()
                .and_then(|workspace| workspace.did_change_watched_files.as_ref())
                .and_then(|watched| watched.dynamic_registration)
                .unwrap_or(false),
            renders_explain: capabilities
                .experimental
                .as_ref()
                .and_then(|experimental| experimental.get("pyexplainRendersExplain"))
                .and_then(Value::as_bool)
                .unwrap_or(false),
            work_done_progress: capabilities.window.as_ref().and_then(|window| window.work_done_progress).unwrap_or(false),
        };
        let _ = self.flags.set(flags);
        // The folders' files are read after the reply (`initialized`).
        for root in workspace_roots(&params) {
            self.workspaces.add_folder(root);
        }
        self.shared.apply_editor_settings(params.initialization_options.unwrap_or(Value::Null));
        let encoding_kind = match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            _ => PositionEncodingKind::UTF16,
        };
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding_kind),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..TextDocumentSyncOptions::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![
                        CodeActionKind::QUICKFIX,
                        CodeActionKind::REFACTOR_REWRITE,
                        CodeActionKind::new(code_action::FIX_ALL),
                    ]),
                    resolve_provider: Some(false),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![code_action::EXPLAIN_COMMAND.into()],
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo { name: "pyexplain".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // Build the knowledge base and read each folder's `.pyexplain/` now, after the reply went
        // out, and before the first `.await`: documents opened next already get their folder's pack.
        let _ = Knowledge::builtin();
        self.shared.reload_folders(&self.workspaces.roots(), true);
        self.shared.register_file_watcher();
        self.shared.index_folders(self.workspaces.roots());
    }

    async fn shutdown(&self) -> jsonrpc::Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let key = item.uri.to_string();
        // A `.pyexplain/` file the client sends us is configuration, not Python.
        if self.shared.is_configuration(&key) {
            return;
        }
        self.shared.adopt_project_of(&key);
        self.shared.check_folder_of(&key);
        // The package as the workspace index names it (namespace folders included).
        let package = workspace::uri_to_path(&key).and_then(|path| {
            let root = self.workspaces.root_of(&key);
            crate::indexing::module_of(root.as_deref(), &path).and_then(|(_, package)| package)
        });
        let opened = handlers::guarded("didOpen", || self.documents.open(&key, item.text, item.version, package.as_deref()));
        if let Ok(document) = opened {
            self.shared.schedule_diagnostics(item.uri, document);
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let key = params.text_document.uri.as_str();
        if !self.shared.is_configuration(key) {
            self.shared.check_folder_of(key);
        }
        if let Some(document) = self.documents.get(key) {
            let changed = handlers::guarded("didSave", || self.shared.index_document(key, &document)).unwrap_or(false);
            if changed {
                self.shared.republish(|other| other != key);
            }
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        // A `.py` file of a workspace folder: its summary, unless the editor has it open.
        let mut summaries_changed = false;
        for change in &params.changes {
            let Some(path) = workspace::uri_to_path(change.uri.as_str()) else { continue };
            if self.documents.get(change.uri.as_str()).is_some() {
                continue;
            }
            let deleted = change.typ == FileChangeType::DELETED;
            summaries_changed |=
                handlers::guarded("didChangeWatchedFiles", || self.shared.index_file_event(&path, deleted)).unwrap_or(false);
        }
        if summaries_changed {
            self.shared.republish(|_| true);
        }
        let mut roots: Vec<PathBuf> = params
            .changes
            .iter()
            .filter_map(|change| workspace::uri_to_path(change.uri.as_str()))
            .flat_map(|path| self.workspaces.roots_configured_by(&path))
            .collect();
        roots.sort();
        roots.dedup();
        self.shared.reload_folders(&roots, true);
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let paths = |folders: &[WorkspaceFolder]| -> Vec<PathBuf> {
            folders.iter().filter_map(|folder| workspace::uri_to_path(folder.uri.as_str())).collect()
        };
        let removed = paths(&params.event.removed);
        for root in &removed {
            self.workspaces.remove_folder(root);
        }
        let added = paths(&params.event.added);
        for root in &added {
            self.workspaces.add_folder(root.clone());
        }
        self.shared.reload_folders(&added, true);
        // A folder that went away takes its modules with it: the others are indexed again.
        if removed.is_empty() {
            self.shared.index_folders(added.clone());
        } else {
            self.documents.index.clear();
            self.shared.index_folders(self.workspaces.roots());
        }
        // Documents may now belong to another (or no) folder.
        self.shared.republish(|_| true);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Invariant: the change is applied before the first `.await`, so edits land in arrival order.
        let uri = params.text_document.uri;
        let key = uri.to_string();
        let changes: Vec<TextChange> = params
            .content_changes
            .into_iter()
            .map(|change| TextChange {
                range: change.range.map(|range| (convert::from_lsp_position(range.start), convert::from_lsp_position(range.end))),
                text: change.text,
            })
            .collect();
        let encoding = self.encoding();
        let outcome = handlers::guarded("didChange", || self.documents.change(&key, &changes, params.text_document.version, encoding));
        match outcome {
            Ok(crate::ide::store::ChangeOutcome::Applied(document)) => self.shared.schedule_diagnostics(uri, document),
            Ok(crate::ide::store::ChangeOutcome::NotOpen) => tracing::warn!(uri = %key, "didChange for a document that is not open"),
            Err(_) => tracing::error!(uri = %key, "applying a change panicked; the document keeps its previous text"),
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if self.documents.close(uri.as_str()) {
            self.shared.schedule_memory_release();
            let _turn = self.publishing.lock().await;
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match params.settings.get("pyexplain") {
            Some(section) if section.is_object() => self.shared.apply_editor_settings(section.clone()),
            _ => self.shared.pull_configuration(),
        }
    }

    async fn hover(&self, params: HoverParams) -> jsonrpc::Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let Some(document) = self.documents.get(at.text_document.uri.as_str()) else {
            tracing::warn!(uri = %at.text_document.uri.as_str(), "hover for a document that is not open");
            return Ok(None);
        };
        let scope = self.workspaces.scope(at.text_document.uri.as_str());
        let encoding = self.encoding();
        let position = convert::from_lsp_position(at.position);
        // A hover analyses one statement (a window), in well under a millisecond: handing it to the
        // blocking pool cost more than it saves (warm p50 0.060 ms inline, 0.102 ms through
        // spawn_blocking on `_pydecimal.py`). Whole-file analyses never run here.
        handlers::guarded("hover", move || handlers::hover::hover(&document, &scope.knowledge, &scope.settings, position, encoding))
    }

    async fn code_action(&self, params: CodeActionParams) -> jsonrpc::Result<Option<CodeActionResponse>> {
        let Some(document) = self.documents.get(params.text_document.uri.as_str()) else {
            tracing::warn!(uri = %params.text_document.uri.as_str(), "code action for a document that is not open");
            return Ok(None);
        };
        let encoding = self.encoding();
        let range = convert::byte_range_clamped(&document.text, &document.lines, params.range, encoding);
        let scope = self.workspaces.scope(params.text_document.uri.as_str());
        handlers::blocking("codeAction", move || {
            let request = code_action::Request {
                uri: &params.text_document.uri,
                document: &document,
                range,
                context: &params.context,
                knowledge: &scope.knowledge,
                settings: &scope.settings,
                encoding,
            };
            Some(code_action::code_actions(&request))
        })
        .await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> jsonrpc::Result<Option<Value>> {
        if params.command != code_action::EXPLAIN_COMMAND {
            return Err(jsonrpc::Error::invalid_params(format!("unknown command `{}`", params.command)));
        }
        let Some(id) = params.arguments.first().and_then(Value::as_str) else {
            return Err(jsonrpc::Error::invalid_params("expected a topic id as the first argument"));
        };
        // The code action passes the document's URI after the id, so a workspace topic is found.
        let uri = params.arguments.get(1).and_then(Value::as_str);
        let Some(knowledge) = self.workspaces.knowledge_with_topic(id, uri) else {
            return Err(jsonrpc::Error::invalid_params(format!("unknown topic `{id}`")));
        };
        let Some(topic) = knowledge.topic(id) else {
            return Err(jsonrpc::Error::invalid_params(format!("unknown topic `{id}`")));
        };
        let markdown = render::document(topic);
        let flags = self.flags();
        if !flags.renders_explain {
            let shown = match (flags.show_document, topic.docs_link().map(str::parse::<Uri>)) {
                (true, Some(Ok(docs))) => {
                    let request = ShowDocumentParams { uri: docs, external: Some(true), take_focus: Some(true), selection: None };
                    self.client.show_document(request).await.unwrap_or(false)
                }
                _ => false,
            };
            if !shown {
                self.client.show_message(MessageType::INFO, markdown.clone()).await;
            }
        }
        Ok(Some(Value::String(markdown)))
    }
}

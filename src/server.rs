//! The language server: `impl LanguageServer`, each method a few lines over `handlers/`.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

use serde_json::Value;
use tower_lsp_server::jsonrpc;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::convert::{self, Encoding};
use crate::document::{Document, DocumentStore, TextChange};
use crate::handlers::{self, code_action};
use crate::knowledge::{render, Knowledge};
use crate::settings::{self, Settings};

/// What the client told us it can do, fixed at `initialize`.
#[derive(Debug, Default, Clone)]
struct ClientFlags {
    show_document: bool,
    configuration_pull: bool,
    /// The VS Code extension shows `pyexplain.server.explain` results itself.
    renders_explain: bool,
}

pub struct Server {
    client: Client,
    documents: Arc<DocumentStore>,
    encoding: OnceLock<Encoding>,
    flags: OnceLock<ClientFlags>,
    settings: Arc<RwLock<Arc<Settings>>>,
    /// Settings the editor set explicitly (`initializationOptions`, then configuration changes).
    editor_settings: RwLock<Value>,
    /// The `requires-python` floor of the workspace, when there is one.
    workspace_python: OnceLock<Option<(u32, u32)>>,
    shutdown: Arc<AtomicBool>,
    publishing: Arc<tokio::sync::Mutex<()>>,
    /// Whether a release of freed memory is scheduled (see `release_freed_memory`).
    release_pending: Arc<AtomicBool>,
}

impl Server {
    pub fn new(client: Client, shutdown: Arc<AtomicBool>) -> Self {
        Server {
            client,
            documents: Arc::new(DocumentStore::default()),
            encoding: OnceLock::new(),
            flags: OnceLock::new(),
            settings: Arc::new(RwLock::new(Arc::new(Settings::default()))),
            editor_settings: RwLock::new(Value::Null),
            workspace_python: OnceLock::new(),
            shutdown,
            publishing: Arc::new(tokio::sync::Mutex::new(())),
            release_pending: Arc::new(AtomicBool::new(false)),
        }
    }

    fn encoding(&self) -> Encoding {
        self.encoding.get().copied().unwrap_or(Encoding::Utf16)
    }

    fn flags(&self) -> ClientFlags {
        self.flags.get().cloned().unwrap_or_default()
    }

    fn settings(&self) -> Arc<Settings> {
        match self.settings.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    fn knowledge(&self) -> &'static Knowledge {
        Knowledge::builtin()
    }

    /// Recomputes the effective settings from what the editor set, over the workspace defaults.
    fn apply_editor_settings(&self, value: Value) {
        let mut settings = Settings::default();
        if let Some(Some(floor)) = self.workspace_python.get() {
            settings.python_version = *floor;
        }
        settings.merge_json(&value);
        if let Ok(mut editor) = self.editor_settings.write() {
            *editor = value;
        }
        match self.settings.write() {
            Ok(mut guard) => *guard = Arc::new(settings),
            Err(poisoned) => *poisoned.into_inner() = Arc::new(settings),
        }
    }

    /// Analyses `document` off the async threads and publishes its diagnostics, unless a newer
    /// version arrived meanwhile (that version's own task publishes then).
    fn schedule_diagnostics(&self, uri: Uri, document: Arc<Document>) {
        let client = self.client.clone();
        let documents = Arc::clone(&self.documents);
        let settings = Arc::clone(&self.settings);
        let publishing = Arc::clone(&self.publishing);
        let encoding = self.encoding();
        let key = uri.to_string();
        tokio::spawn(async move {
            let is_current = |documents: &DocumentStore| documents.get(&key).is_some_and(|open| Arc::ptr_eq(&open, &document));
            if !is_current(&documents) {
                return;
            }
            let worker = Arc::clone(&document);
            let analysis = match tokio::task::spawn_blocking(move || worker.analysis(Knowledge::builtin())).await {
                Ok(analysis) => analysis,
                Err(error) => {
                    tracing::error!(uri = %key, %error, "analysis failed; no diagnostics for this version");
                    return;
                }
            };
            let _turn = publishing.lock().await;
            if !is_current(&documents) {
                return;
            }
            let settings = match settings.read() {
                Ok(guard) => Arc::clone(&guard),
                Err(poisoned) => Arc::clone(&poisoned.into_inner()),
            };
            let diagnostics = handlers::guarded("diagnostics", || {
                handlers::diagnostics::diagnostics(&document, &analysis, Knowledge::builtin(), &settings, encoding)
            })
            .unwrap_or_default();
            client.publish_diagnostics(uri, diagnostics, Some(document.version)).await;
        });
    }

    /// After documents close, gives the memory they freed back to the system, once per burst of
    /// closes: a second after the first close of the burst.
    fn schedule_memory_release(&self) {
        if self.release_pending.swap(true, Ordering::SeqCst) {
            return;
        }
        let pending = Arc::clone(&self.release_pending);
        tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            pending.store(false, Ordering::SeqCst);
            let _ = tokio::task::spawn_blocking(release_freed_memory).await;
        });
    }

    fn republish_all(&self) {
        for (uri, document) in self.documents.all() {
            if let Ok(uri) = uri.parse::<Uri>() {
                self.schedule_diagnostics(uri, document);
            }
        }
    }

    async fn pull_configuration(&self) {
        if !self.flags().configuration_pull {
            return;
        }
        let items = vec![ConfigurationItem { scope_uri: None, section: Some("pyexplain".into()) }];
        match self.client.configuration(items).await {
            Ok(values) => {
                let value = values.into_iter().next().unwrap_or(Value::Null);
                self.apply_editor_settings(if value.is_object() { value } else { Value::Null });
                self.republish_all();
            }
            Err(error) => tracing::warn!(%error, "workspace/configuration failed"),
        }
    }
}

/// glibc's `free` keeps the pages of freed memory mapped while any small allocation above them
/// is live: the trees and analyses of 500 closed documents stayed resident (90 MB) without this
/// (tests/load.rs). `malloc_trim` returns every free page of every arena to the kernel.
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
        let analysis = handlers::guarded("debugDocument", || document.analysis(self.knowledge()))?;
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
            "hasErrors": document.tree.root_node().has_error(),
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
        Some(kinds) if kinds.iter().any(|kind| *kind == PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

fn workspace_root(params: &InitializeParams) -> Option<PathBuf> {
    let folder = params.workspace_folders.as_ref().and_then(|folders| folders.first()).map(|folder| folder.uri.clone());
    #[allow(deprecated)]
    let uri = folder.or_else(|| params.root_uri.clone())?;
    uri_to_path(&uri)
}

fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let path = text.strip_prefix("file://")?;
    let mut decoded = Vec::with_capacity(path.len());
    let bytes = path.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' && index + 2 < bytes.len() {
            if let Ok(value) = u8::from_str_radix(std::str::from_utf8(&bytes[index + 1..index + 3]).ok()?, 16) {
                decoded.push(value);
                index += 3;
                continue;
            }
        }
        decoded.push(bytes[index]);
        index += 1;
    }
    Some(PathBuf::from(String::from_utf8(decoded).ok()?))
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> jsonrpc::Result<InitializeResult> {
        let encoding = negotiate_encoding(&params);
        let _ = self.encoding.set(encoding);
        let capabilities = &params.capabilities;
        let flags = ClientFlags {
            show_document: capabilities.window.as_ref().and_then(|window| window.show_document.as_ref()).is_some_and(|show| show.support),
            configuration_pull: capabilities.workspace.as_ref().and_then(|workspace| workspace.configuration).unwrap_or(false),
            renders_explain: capabilities
                .experimental
                .as_ref()
                .and_then(|experimental| experimental.get("pyexplainRendersExplain"))
                .and_then(Value::as_bool)
                .unwrap_or(false),
        };
        let _ = self.flags.set(flags);
        let floor = workspace_root(&params)
            .and_then(|root| std::fs::read_to_string(root.join("pyproject.toml")).ok())
            .and_then(|text| settings::requires_python_floor(&text));
        let _ = self.workspace_python.set(floor);
        self.apply_editor_settings(params.initialization_options.unwrap_or(Value::Null));
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
                ..ServerCapabilities::default()
            },
            server_info: Some(ServerInfo { name: "pyexplain".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // Build the knowledge base (and compile its queries) now, after the reply went out.
        let _ = tokio::task::spawn_blocking(|| Knowledge::builtin().topics().count()).await;
    }

    async fn shutdown(&self) -> jsonrpc::Result<()> {
        self.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let item = params.text_document;
        let key = item.uri.to_string();
        let opened = handlers::guarded("didOpen", || self.documents.open(&key, item.text, item.version));
        if let Ok(document) = opened {
            self.schedule_diagnostics(item.uri, document);
        }
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
            Ok(crate::document::store::ChangeOutcome::Applied(document)) => self.schedule_diagnostics(uri, document),
            Ok(crate::document::store::ChangeOutcome::NotOpen) => tracing::warn!(uri = %key, "didChange for a document that is not open"),
            Err(_) => tracing::error!(uri = %key, "applying a change panicked; the document keeps its previous text"),
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if self.documents.close(uri.as_str()) {
            self.schedule_memory_release();
            let _turn = self.publishing.lock().await;
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        match params.settings.get("pyexplain") {
            Some(section) if section.is_object() => {
                self.apply_editor_settings(section.clone());
                self.republish_all();
            }
            _ => self.pull_configuration().await,
        }
    }

    async fn hover(&self, params: HoverParams) -> jsonrpc::Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let Some(document) = self.documents.get(at.text_document.uri.as_str()) else {
            tracing::warn!(uri = %at.text_document.uri.as_str(), "hover for a document that is not open");
            return Ok(None);
        };
        let settings = self.settings();
        let encoding = self.encoding();
        handlers::guarded("hover", || {
            handlers::hover::hover(&document, self.knowledge(), &settings, convert::from_lsp_position(at.position), encoding)
        })
    }

    async fn code_action(&self, params: CodeActionParams) -> jsonrpc::Result<Option<CodeActionResponse>> {
        let Some(document) = self.documents.get(params.text_document.uri.as_str()) else {
            tracing::warn!(uri = %params.text_document.uri.as_str(), "code action for a document that is not open");
            return Ok(None);
        };
        let encoding = self.encoding();
        let range = convert::byte_range_clamped(&document.text, &document.lines, params.range, encoding);
        let settings = self.settings();
        let request = code_action::Request {
            uri: &params.text_document.uri,
            document: &document,
            range,
            context: &params.context,
            knowledge: self.knowledge(),
            settings: &settings,
            encoding,
        };
        handlers::guarded("codeAction", || Some(code_action::code_actions(&request)))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> jsonrpc::Result<Option<Value>> {
        if params.command != code_action::EXPLAIN_COMMAND {
            return Err(jsonrpc::Error::invalid_params(format!("unknown command `{}`", params.command)));
        }
        let Some(id) = params.arguments.first().and_then(Value::as_str) else {
            return Err(jsonrpc::Error::invalid_params("expected a topic id as the first argument"));
        };
        let Some(topic) = self.knowledge().topic(id) else {
            return Err(jsonrpc::Error::invalid_params(format!("unknown topic `{id}`")));
        };
        let markdown = render::document(topic);
        let flags = self.flags();
        if !flags.renders_explain {
            let shown = match (flags.show_document, topic.docs.parse::<Uri>()) {
                (true, Ok(docs)) => {
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

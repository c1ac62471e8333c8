//! The language server: the only module that sees protocol types. Handlers convert positions
//! and types and call `ide`; the server keeps the open documents and the workspace folders.

pub mod code_action;
pub mod convert;
pub mod diagnostics;
pub mod hover;
pub mod server;
pub mod transport;

use std::panic::{catch_unwind, AssertUnwindSafe};

use tower_lsp_server::jsonrpc;

pub use server::service;

/// Runs `work` on the blocking pool, behind a panic boundary: analysis never runs on the async
/// workers, which keep reading and answering messages meanwhile.
pub async fn blocking<T: Send + 'static>(feature: &'static str, work: impl FnOnce() -> T + Send + 'static) -> jsonrpc::Result<T> {
    match tokio::task::spawn_blocking(move || guarded(feature, work)).await {
        Ok(result) => result,
        Err(error) => {
            tracing::error!(feature, %error, "a blocking task failed; answering with an internal error");
            Err(jsonrpc::Error::internal_error())
        }
    }
}

/// Runs `work` behind a panic boundary: a panic is logged and answered with an internal error,
/// and the server keeps serving.
pub fn guarded<T>(feature: &str, work: impl FnOnce() -> T) -> jsonrpc::Result<T> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|text| text.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        tracing::error!(feature, %message, "a handler panicked; answering with an internal error");
        jsonrpc::Error::internal_error()
    })
}

//! One module per LSP feature: protocol types in, protocol types out, plain analysis inside.

pub mod code_action;
pub mod diagnostics;
pub mod hover;

use std::panic::{catch_unwind, AssertUnwindSafe};

use tower_lsp_server::jsonrpc;

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

/// Topic ids from the most specific to the most structural: a name-resolved standard-library
/// topic comes before a structural one, `iteration-protocol` before `lazy-evaluation`.
pub const SPECIFICITY: &[&str] = &[
    "caching",
    "serialization",
    "copying",
    "thread-safety",
    "gil",
    "typing-annotated",
    "typing-final",
    "typing-literal",
    "typing-protocol",
    "monkey-patching",
    "import-system",
    "abstract-base-classes",
    "context-managers",
    "metaclasses",
    "descriptors",
    "super",
    "yield-from",
    "iteration-protocol",
    "callable-objects",
    "closures",
    "parameterized-decorators",
    "lazy-evaluation",
    "dependency-injection",
    "default-arguments",
];

/// Rank of a topic in `SPECIFICITY`; workspace topics come first (they are the team's own words).
pub fn specificity(topic: &str) -> usize {
    SPECIFICITY.iter().position(|id| *id == topic).map_or(0, |index| index + 1)
}

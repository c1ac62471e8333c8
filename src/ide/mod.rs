//! What the editor and the command line ask of an analysed file, in plain types (byte ranges,
//! ids, Markdown): hover with its ranking, diagnostics, code actions, fix-all, ignore comments,
//! the explain text and the per-file scan. The effective settings are applied here, once; `lsp/`
//! only converts positions and protocol types, and `cli` prints.

pub mod actions;
pub mod diagnostics;
pub mod hover;
pub mod ignores;
pub mod index;
pub mod open_file;
pub mod reference;
pub mod scan;
pub mod store;

pub use actions::{code_actions, fix_all_edits, Action, ActionKind, ActionRequest};
pub use diagnostics::{diagnostics, Diagnostic};
pub use hover::{hover, HoverResult};
pub use index::WorkspaceIndex;
pub use open_file::OpenFile;
pub use store::FileStore;

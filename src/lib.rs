//! pyexplain: explains advanced Python constructs where you read them, as a language server
//! and on the command line.
//!
//! The code map and its invariants are in `ARCHITECTURE.md` at the repository's root: the layers
//! `document` → `knowledge` → `analysis` (with `analysis::semantics`) → `ide` → `lsp` / `cli`,
//! each knowing only those below it.

pub mod analysis;
pub mod cli;
pub mod decode;
pub mod document;
pub mod files;
pub mod fixes;
pub mod ide;
pub mod indexing;
pub mod knowledge;
pub mod lsp;
pub mod pack;
pub mod report;
pub mod rewrites;
pub mod settings;
pub mod workspace;

//! pyexplain: explains advanced Python constructs where you read them, as a language server
//! and on the command line.

pub mod analysis;
pub mod cli;
pub mod decode;
pub mod document;
pub mod files;
pub mod fixes;
pub mod ide;
pub mod knowledge;
pub mod lsp;
pub mod pack;
pub mod report;
pub mod settings;
pub mod workspace;

//! pyexplain: explains advanced Python constructs where you read them, as a language server
//! and on the command line.

pub mod analysis;
pub mod cli;
pub mod convert;
pub mod decode;
pub mod document;
pub mod files;
pub mod fixes;
pub mod handlers;
pub mod knowledge;
pub mod pack;
pub mod report;
pub mod server;
pub mod settings;
pub mod transport;
pub mod workspace;

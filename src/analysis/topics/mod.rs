//! Topics that need Rust: detectors for what a query or a name list cannot say, and the notes
//! that say what one occurrence means. One module per topic id, named after it; build.rs
//! generates the dispatch (`analysis::registry`).

// One module per id, declared by build.rs from the folder's files.
include!(concat!(env!("OUT_DIR"), "/topic_modules.rs"));

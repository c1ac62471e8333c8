//! Topics that need Rust: detectors for what a query or a name list cannot say, and the notes
//! that say what one occurrence means. One module per topic id, named after it; build.rs
//! generates the dispatch (`analysis::registry`).

pub mod abstract_base_classes;
pub mod caching;
pub mod callable_objects;
pub mod closures;
pub mod context_managers;
pub mod copying;
pub mod default_arguments;
pub mod dependency_injection;
pub mod descriptors;
pub mod gil;
pub mod import_system;
pub mod iteration_protocol;
pub mod lazy_evaluation;
pub mod metaclasses;
pub mod monkey_patching;
pub mod names;
pub mod parameterized_decorators;
pub mod serialization;
pub mod super_call;
pub mod thread_safety;
pub mod typing_annotated;
pub mod typing_final;
pub mod typing_literal;
pub mod typing_protocol;
pub mod yield_from;

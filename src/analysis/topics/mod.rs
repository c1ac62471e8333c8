//! Topics that need Rust: detectors for what a query or a name list cannot say, and the notes
//! that say what one occurrence means. One module per topic id.

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

use tree_sitter::Node;

use super::{Context, Occurrence};

/// Runs the Rust detector of topic `id`, if it has one.
pub fn detect(id: &str, context: &Context, out: &mut Vec<Occurrence>) {
    match id {
        "gil" => gil::detect(context, out),
        "import-system" => import_system::detect(context, out),
        "descriptors" => descriptors::detect(context, out),
        "super" => super_call::detect(context, out),
        "parameterized-decorators" => parameterized_decorators::detect(context, out),
        "iteration-protocol" => iteration_protocol::detect(context, out),
        "context-managers" => context_managers::detect(context, out),
        "callable-objects" => callable_objects::detect(context, out),
        "serialization" => serialization::detect(context, out),
        "metaclasses" => metaclasses::detect(context, out),
        "abstract-base-classes" => abstract_base_classes::detect(context, out),
        "caching" => caching::detect(context, out),
        "typing-annotated" => typing_annotated::detect(context, out),
        "typing-final" => typing_final::detect(context, out),
        "typing-literal" => typing_literal::detect(context, out),
        "typing-protocol" => typing_protocol::detect(context, out),
        "lazy-evaluation" => lazy_evaluation::detect(context, out),
        "monkey-patching" => monkey_patching::detect(context, out),
        "closures" => closures::detect(context, out),
        "copying" => copying::detect(context, out),
        "thread-safety" => thread_safety::detect(context, out),
        "dependency-injection" => dependency_injection::detect(context, out),
        "default-arguments" => default_arguments::detect(context, out),
        _ => {}
    }
}

/// What this occurrence of topic `id` at `anchor` means, as Markdown lines.
pub fn notes(id: &str, context: &Context, anchor: Node) -> Vec<String> {
    match id {
        "gil" => gil::notes(context, anchor),
        "import-system" => import_system::notes(context, anchor),
        "descriptors" => descriptors::notes(context, anchor),
        "super" => super_call::notes(context, anchor),
        "parameterized-decorators" => parameterized_decorators::notes(context, anchor),
        "iteration-protocol" => iteration_protocol::notes(context, anchor),
        "context-managers" => context_managers::notes(context, anchor),
        "callable-objects" => callable_objects::notes(context, anchor),
        "yield-from" => yield_from::notes(context, anchor),
        "serialization" => serialization::notes(context, anchor),
        "metaclasses" => metaclasses::notes(context, anchor),
        "abstract-base-classes" => abstract_base_classes::notes(context, anchor),
        "caching" => caching::notes(context, anchor),
        "typing-annotated" => typing_annotated::notes(context, anchor),
        "typing-final" => typing_final::notes(context, anchor),
        "typing-literal" => typing_literal::notes(context, anchor),
        "typing-protocol" => typing_protocol::notes(context, anchor),
        "lazy-evaluation" => lazy_evaluation::notes(context, anchor),
        "monkey-patching" => monkey_patching::notes(context, anchor),
        "closures" => closures::notes(context, anchor),
        "copying" => copying::notes(context, anchor),
        "thread-safety" => thread_safety::notes(context, anchor),
        "dependency-injection" => dependency_injection::notes(context, anchor),
        "default-arguments" => default_arguments::notes(context, anchor),
        // A workspace pack's topic: what its anchor names here.
        _ => names::notes(context, anchor),
    }
}

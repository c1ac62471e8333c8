//! Hover snapshots of the per-occurrence notes: for each built-in topic, minimal snippets with
//! `$0` at the cursor, each pinning one fact the notes state about that occurrence.

mod abstract_base_classes;
mod async_await;
mod asyncio_tasks;
mod caching;
mod callable_objects;
mod closures;
mod context_managers;
mod copying;
mod default_arguments;
mod dependency_injection;
mod descriptors;
mod gil;
mod import_system;
mod iteration_protocol;
mod lazy_evaluation;
mod metaclasses;
mod monkey_patching;
mod parameterized_decorators;
mod serialization;
mod super_call;
mod thread_safety;
mod typing_annotated;
mod typing_final;
mod typing_literal;
mod typing_protocol;
mod yield_from;

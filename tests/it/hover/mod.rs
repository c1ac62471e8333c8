//! Hover snapshots of the per-occurrence notes: for each built-in topic, minimal snippets with
//! `$0` at the cursor, each pinning one fact the notes state about that occurrence.

mod abstract_base_classes;
mod attribute_access_hooks;
mod caching;
mod callable_objects;
mod class_customization;
mod closures;
mod container_protocols;
mod context_managers;
mod copying;
mod dataclasses;
mod default_arguments;
mod dependency_injection;
mod descriptors;
mod enums;
mod equality_and_hashing;
mod gil;
mod import_system;
mod iteration_protocol;
mod lazy_evaluation;
mod metaclasses;
mod monkey_patching;
mod object_creation;
mod operator_overloading;
mod parameterized_decorators;
mod serialization;
mod slots;
mod super_call;
mod thread_safety;
mod typing_annotated;
mod typing_final;
mod typing_literal;
mod typing_protocol;
mod weak_references;
mod yield_from;

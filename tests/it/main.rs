//! The integration tests, one crate: the binary over stdio, the LSP service, fixtures, fixes,
//! knowledge, packs and the command line. One crate links the library once.

mod support;

mod bench_smoke;
mod ci_formats;
mod cli;
mod docs;
mod faults;
mod fix_abstractmethod_without_abc;
mod fix_assert_on_tuple;
mod fix_blocking_call_in_async;
mod fix_coroutine_never_awaited;
mod fix_dataclass_mutable_default;
mod fix_decorator_missing_wraps;
mod fix_late_binding_closure;
mod fix_lru_cache_maxsize_none;
mod fix_manual_lock_acquire;
mod fix_mutable_class_attribute;
mod fix_mutable_default_argument;
mod fix_open_without_with;
mod fix_raise_without_from;
mod fix_setattr_recursion;
mod fix_stop_iteration_in_generator;
mod fix_super_with_arguments;
mod fix_type_checking_name_at_runtime;
mod fix_yield_in_for_loop;
mod fixtures;
mod hover;
mod hover_anchors;
mod ignores;
mod install;
mod knowledge;
mod load;
mod lsp;
mod packs;
mod properties;
mod registry;
mod report;
mod rewrites;
mod security;
mod stdlib;
mod stdlib_classes;
mod windows;
mod workspace_index;

//! `lru-cache-on-method`: `@lru_cache` / `@cache` on a method, where one class-wide cache keys on
//! `self` and keeps every instance alive.

use crate::analysis::semantics::classes::cache_on_instance_method;
use crate::analysis::{Context, Finding};

pub const CODE: &str = "lru-cache-on-method";

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for decorator in context.nodes("decorator") {
        if cache_on_instance_method(context, *decorator) {
            out.extend(context.finding_at(CODE, *decorator));
        }
    }
}

//! `pickle-load`: `pickle.load`/`loads` calls and `pickle.Unpickler(...)`, which can run code from the data.

use crate::analysis::syntax::last_name;
use crate::analysis::{Context, Finding};

pub const CODE: &str = "pickle-load";

const LOADERS: &[&str] = &["pickle.load", "pickle.loads", "pickle.Unpickler"];

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for call in context.nodes("call") {
        let Some(callee) = call.child_by_field_name("function") else { continue };
        let Some(qualified) = context.resolve(callee) else { continue };
        if LOADERS.contains(&qualified.as_str()) {
            if let Some(name) = last_name(callee) {
                out.extend(context.finding_at(CODE, name));
            }
        }
    }
}

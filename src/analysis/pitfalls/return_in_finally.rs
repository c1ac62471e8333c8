//! `return-in-finally`: a `return`, or a `break`/`continue` of a loop around the `try`, in a
//! `finally` suite, which discards the exception in flight.

use crate::analysis::syntax::jumps_out_of;
use crate::analysis::{Context, Finding};

pub const CODE: &str = "return-in-finally";

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for clause in context.nodes("finally_clause") {
        for jump in jumps_out_of(*clause) {
            if let Some(keyword) = jump.child(0) {
                out.extend(context.finding_at(CODE, keyword));
            }
        }
    }
}

//! `class-scope-comprehension`: a comprehension or generator expression in a class body whose
//! element, conditions or later iterables read a name of that class body, which only the first
//! iterable can see: a `NameError`, or silently another binding of the name.

use crate::analysis::semantics::scopes::{class_names_hidden_from, visible_outside_class};
use crate::analysis::syntax::{self, text_of, COMPREHENSION_KINDS};
use crate::analysis::{Context, Finding};
use crate::knowledge::Severity;

pub const CODE: &str = "class-scope-comprehension";

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for kind in COMPREHENSION_KINDS {
        for comprehension in context.nodes(kind) {
            let Some(class) = syntax::enclosing_scope(*comprehension).filter(|scope| scope.kind() == "class_definition") else {
                continue;
            };
            for name in class_names_hidden_from(context.text, *comprehension) {
                let Some(mut finding) = context.finding_at(CODE, name) else { continue };
                // Another binding answers instead of a NameError: wrong, but quietly.
                if visible_outside_class(context.text, class, text_of(context.text, name)) {
                    finding.severity = Severity::Warning;
                }
                out.push(finding);
            }
        }
    }
}

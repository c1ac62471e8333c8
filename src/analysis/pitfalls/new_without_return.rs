//! `new-without-return`: a `__new__` def that can finish without returning a value, so the class
//! call gives `None` and `__init__` never runs.

use crate::analysis::semantics::classes::is_protocol;
use crate::analysis::syntax::{self, decorator_callee, last_name, methods};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "new-without-return";

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for class in context.nodes("class_definition") {
        for (name, function) in methods(*class, context.text) {
            if name != "__new__" || syntax::is_generator(function) || syntax::is_stub_body(context.text, function) {
                continue;
            }
            let declared_only = syntax::decorators(function).into_iter().any(|decorator| {
                decorator_callee(decorator).and_then(last_name).is_some_and(|name| matches!(context.text_of(name), "overload" | "abstractmethod"))
            });
            if declared_only || is_protocol(context, *class) {
                continue;
            }
            let returns_value = syntax::own_body_nodes(function)
                .into_iter()
                .any(|node| node.kind() == "return_statement" && node.named_children(&mut node.walk()).any(|child| child.kind() != "comment"));
            if returns_value || syntax::always_raises(function.child_by_field_name("body")) {
                continue;
            }
            out.extend(function.child_by_field_name("name").and_then(|anchor| context.finding_at(CODE, anchor)));
        }
    }
}

//! `super(Cls, self)` becomes `super()` where the zero-argument form finds the same class and instance.

use tree_sitter::Node;

use super::{Edit, Tier};
use crate::analysis::pitfalls::super_with_arguments::matches_call;
use crate::analysis::syntax::{self, decorator_callee, decorators, keyword_argument, text_of};
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "super-with-arguments";

pub fn fix(context: &Context, finding: &Finding, settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let call = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    let call = if call.kind() == "call" { call } else { syntax::ancestor(call, &["call"])? };
    let found = matches_call(context, call)?;
    // In a nested def, lambda or comprehension, `super()` would use that scope's first argument.
    if syntax::enclosing_scope(call)?.id() != found.method.id() {
        return None;
    }
    let is_static = decorators(found.method).into_iter().any(|decorator| {
        decorator_callee(decorator).and_then(|callee| context.resolve(callee)).as_deref() == Some("builtins.staticmethod")
    });
    if is_static {
        return None;
    }
    // Before 3.14, a class rebuilt for slots keeps a `__class__` cell pointing at the old class.
    if !settings.python_at_least(3, 14) && has_slots(context, found.class) {
        return None;
    }
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    if arguments.named_children(&mut cursor).any(|argument| argument.kind() == "comment") {
        return None;
    }
    Some((Tier::Safe, vec![Edit { range: arguments.byte_range(), text: "()".to_owned() }]))
}

/// Whether the class body assigns `__slots__` or the class is decorated with `@dataclass(slots=True)`.
fn has_slots(context: &Context, class: Node) -> bool {
    let dataclass_slots = decorators(class).into_iter().any(|decorator| {
        let Some(call) = decorator.named_child(0).filter(|expression| expression.kind() == "call") else { return false };
        let is_dataclass =
            call.child_by_field_name("function").and_then(|callee| context.resolve(callee)).as_deref() == Some("dataclasses.dataclass");
        is_dataclass && keyword_argument(context.text, call, "slots").is_some_and(|value| value.kind() != "false")
    });
    if dataclass_slots {
        return true;
    }
    let Some(body) = class.child_by_field_name("body") else { return false };
    let mut cursor = body.walk();
    let statements: Vec<Node> = body.named_children(&mut cursor).collect();
    statements.into_iter().any(|statement| {
        statement.kind() == "expression_statement"
            && statement.named_child(0).is_some_and(|assignment| {
                assignment.kind() == "assignment"
                    && assignment.child_by_field_name("left").is_some_and(|left| text_of(context.text, left) == "__slots__")
            })
    })
}

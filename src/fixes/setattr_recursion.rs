//! `self.x = value` in `__setattr__` becomes `super().__setattr__("x", value)`, and `self.x` in
//! `__getattribute__` becomes `super().__getattribute__("x")`: the statement always recursed.

use tree_sitter::Node;

use super::{Edit, Tier};
use crate::analysis::pitfalls::setattr_recursion::recursive_accesses;
use crate::analysis::semantics::classes::is_dataclass;
use crate::analysis::syntax::{self, decorator_callee, decorators, keyword_argument, text_of};
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "setattr-recursion";

pub fn fix(context: &Context, finding: &Finding, settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let attribute = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    if attribute.kind() != "attribute" || attribute.byte_range() != finding.range {
        return None;
    }
    let function = syntax::enclosing_function(attribute)?;
    let class = syntax::class_of_method(function)?;
    let hook = context.text_of(function.child_by_field_name("name")?);
    if !recursive_accesses(context, function, hook).iter().any(|found| found.id() == attribute.id()) {
        return None;
    }
    // `super()` takes the method's first argument; a static method has none to take.
    if decorators(function).into_iter().any(|decorator| decorator_callee(decorator).is_some_and(|callee| context.text_of(callee) == "staticmethod")) {
        return None;
    }
    // Before 3.14, `@dataclass(slots=True)` rebuilds the class and zero-argument `super()` fails.
    if !settings.python_at_least(3, 14) && dataclass_slots(context, class) {
        return None;
    }
    let name = context.text_of(attribute.child_by_field_name("attribute")?);
    // `self.__x` is mangled to `_Cls__x`; the string would not be.
    if name.starts_with("__") && !name.ends_with("__") {
        return None;
    }
    let parent = attribute.parent()?;
    match hook {
        "__setattr__" => {
            let assignment = Some(parent).filter(|parent| parent.kind() == "assignment")?;
            let single = assignment.child_by_field_name("left").is_some_and(|left| left.id() == attribute.id())
                && assignment.child_by_field_name("type").is_none()
                && assignment.parent().is_some_and(|statement| statement.kind() == "expression_statement");
            let value = assignment.child_by_field_name("right")?;
            if !single || value.kind() == "assignment" || has_comment(assignment) {
                return None;
            }
            let source = text_of(context.text, value);
            let value = match value.kind() {
                "expression_list" | "yield" | "named_expression" => format!("({source})"),
                _ => source.to_owned(),
            };
            Some((Tier::Safe, vec![Edit { range: assignment.byte_range(), text: format!("super().__setattr__(\"{name}\", {value})") }]))
        }
        "__getattribute__" => {
            // An augmented target is read and stored: the call cannot stand there.
            if parent.kind() == "augmented_assignment" && parent.child_by_field_name("left").is_some_and(|left| left.id() == attribute.id()) {
                return None;
            }
            Some((Tier::Safe, vec![Edit { range: attribute.byte_range(), text: format!("super().__getattribute__(\"{name}\")") }]))
        }
        _ => None,
    }
}

fn dataclass_slots(context: &Context, class: Node) -> bool {
    is_dataclass(context, class)
        && decorators(class).into_iter().any(|decorator| {
            decorator
                .named_child(0)
                .filter(|expression| expression.kind() == "call")
                .and_then(|call| keyword_argument(context.text, call, "slots"))
                .is_some_and(|value| value.kind() != "false")
        })
}

fn has_comment(node: Node) -> bool {
    !syntax::descendants(node, "comment").is_empty()
}

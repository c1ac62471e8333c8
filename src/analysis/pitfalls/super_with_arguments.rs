//! `super-with-arguments`: `super(Cls, first_param)` inside a method of class `Cls`, where the
//! zero-argument form says the same.

use tree_sitter::Node;

use crate::analysis::syntax::{first_parameter, positional_arguments, text_of};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "super-with-arguments";

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for call in context.nodes("call") {
        if matches_call(context, *call).is_some() {
            out.extend(context.finding_at(CODE, *call));
        }
    }
}

/// A flagged call with its class and method.
pub struct SuperCall<'tree> {
    pub class: Node<'tree>,
    /// The def directly in the class body that holds the call, perhaps through nested scopes.
    pub method: Node<'tree>,
}

/// The class and method when `call` is `super(Cls, first_param)` in a method of `Cls`.
pub fn matches_call<'tree>(context: &Context<'tree>, call: Node<'tree>) -> Option<SuperCall<'tree>> {
    let callee = call.child_by_field_name("function")?;
    if callee.kind() != "identifier" || context.resolve(callee).as_deref() != Some("builtins.super") {
        return None;
    }
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    if arguments.named_children(&mut cursor).filter(|argument| argument.kind() != "comment").count() != 2 {
        return None;
    }
    let [class_argument, instance_argument] = positional_arguments(call)[..] else { return None };
    if class_argument.kind() != "identifier" || instance_argument.kind() != "identifier" {
        return None;
    }
    let (class, method) = method_and_class(call)?;
    let class_name = class.child_by_field_name("name")?;
    let first = first_parameter(method)?;
    (text_of(context.text, class_name) == text_of(context.text, class_argument)
        && text_of(context.text, first) == text_of(context.text, instance_argument))
    .then_some(SuperCall { class, method })
}

/// The nearest class around `node` whose body holds it through a def, with that def.
fn method_and_class(node: Node) -> Option<(Node, Node)> {
    let mut method = None;
    let mut child = node;
    let mut current = node.parent();
    while let Some(parent) = current {
        match parent.kind() {
            "function_definition" | "lambda" if parent.child_by_field_name("body").is_some_and(|body| body.id() == child.id()) => {
                method = Some(parent);
            }
            "class_definition" => {
                if parent.child_by_field_name("body").is_some_and(|body| body.id() == child.id()) {
                    let method = method.filter(|method| method.kind() == "function_definition")?;
                    return Some((parent, method));
                }
                return None;
            }
            _ => {}
        }
        child = parent;
        current = parent.parent();
    }
    None
}

//! `typing.Protocol`: the `Protocol` token, with the structural interface a protocol class
//! declares and whether `@runtime_checkable` allows `isinstance()` checks.

use tree_sitter::Node;

use crate::analysis::semantics::typing::{is_typing_name, typing_expression, typing_uses};
use crate::analysis::syntax::{self, code_list, decorator_callee, text_of};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "typing-protocol";

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for (token, expression) in typing_uses(context, "Protocol") {
        out.push(context.occurrence(TOPIC, token, protocol_notes(context, expression)));
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    match typing_expression(context, anchor, "Protocol") {
        Some(expression) => protocol_notes(context, expression),
        None => Vec::new(),
    }
}

fn protocol_notes(context: &Context, expression: Node) -> Vec<String> {
    let Some(class) = protocol_class(expression) else {
        return vec!["A class with `Protocol` among its bases declares an interface by its members: any class with matching members fits, without inheriting from it.".to_owned()];
    };
    let name = class.child_by_field_name("name").map(|name| text_of(context.text, name)).unwrap_or("This class");
    let mut notes = Vec::new();
    let members = members(context, class);
    if members.is_empty() {
        notes.push(format!(
            "`{name}` is a protocol: for a type checker, any object whose type has its members fits, whatever its base classes."
        ));
    } else {
        notes.push(format!(
            "`{name}` is a protocol: a type checker accepts any object whose type provides {} with compatible types, whatever its bases.",
            code_list(&members, 60)
        ));
    }
    let checkable = syntax::decorators(class).into_iter().any(|decorator| {
        decorator_callee(decorator)
            .and_then(|callee| context.resolve(callee))
            .is_some_and(|qualified| is_typing_name(&qualified, "runtime_checkable") || is_typing_name(&qualified, "runtime"))
    });
    if checkable {
        notes.push(format!("`@runtime_checkable`: `isinstance(x, {name})` works, but it only checks that the member names exist, not their signatures or types."));
    } else {
        notes.push(format!(
            "Not `@runtime_checkable`: `isinstance(x, {name})` raises `TypeError`; the check happens only in type checkers."
        ));
    }
    notes
}

/// The class statement whose base list holds `expression` (`Protocol` or `Protocol[T]`).
fn protocol_class(expression: Node) -> Option<Node> {
    let mut base = expression;
    if let Some(parent) = base.parent().filter(|parent| parent.kind() == "subscript") {
        base = parent;
    }
    let arguments = base.parent().filter(|parent| parent.kind() == "argument_list")?;
    let class = arguments.parent().filter(|parent| parent.kind() == "class_definition")?;
    class.child_by_field_name("superclasses").is_some_and(|superclasses| superclasses.id() == arguments.id()).then_some(class)
}

/// The methods and annotated attributes declared in a class body, in order.
fn members(context: &Context, class: Node) -> Vec<String> {
    let Some(body) = class.child_by_field_name("body") else { return Vec::new() };
    let mut found: Vec<String> = Vec::new();
    let mut cursor = body.walk();
    for statement in body.named_children(&mut cursor) {
        let member = match statement.kind() {
            "function_definition" => statement.child_by_field_name("name"),
            "decorated_definition" => statement
                .child_by_field_name("definition")
                .filter(|definition| definition.kind() == "function_definition")
                .and_then(|definition| definition.child_by_field_name("name")),
            "expression_statement" => statement
                .named_child(0)
                .filter(|assignment| assignment.kind() == "assignment" && assignment.child_by_field_name("type").is_some())
                .and_then(|assignment| assignment.child_by_field_name("left"))
                .filter(|left| left.kind() == "identifier"),
            _ => None,
        };
        if let Some(member) = member {
            let text = text_of(context.text, member);
            // `typing` leaves the constructor out of a protocol's members.
            let constructor = matches!(text, "__init__" | "__new__");
            if !constructor && !found.iter().any(|known| known == text) {
                found.push(text.to_owned());
            }
        }
    }
    found
}

//! `typing.Final` and `@final`: the `Final` token and the `final` decorator, with what a type
//! checker enforces for this declaration (nothing happens at run time).

use tree_sitter::Node;

use crate::analysis::semantics::typing::{future_annotations, is_typing_name, subscript_arguments, typing_expression, typing_uses};
use crate::analysis::syntax::{self, decorator_callee, last_name, snippet, text_of};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "typing-final";

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for (token, expression) in typing_uses(context, "Final") {
        out.push(context.occurrence(TOPIC, token, final_notes(context, expression)));
    }
    for decorator in context.nodes("decorator") {
        let Some(callee) = decorator_callee(*decorator) else { continue };
        let Some(qualified) = context.resolve(callee) else { continue };
        if is_typing_name(&qualified, "final") {
            if let Some(name) = last_name(callee) {
                out.push(context.occurrence(TOPIC, name, decorator_notes(context, *decorator)));
            }
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    if let Some(expression) = typing_expression(context, anchor, "Final") {
        if syntax::ancestor(anchor, &["decorator"]).is_none() {
            return final_notes(context, expression);
        }
    }
    match syntax::ancestor(anchor, &["decorator"]) {
        Some(decorator) => decorator_notes(context, decorator),
        None => Vec::new(),
    }
}

const RUN_TIME: &str =
    "Nothing is enforced at run time: Python runs the reassignment anyway; only type checkers such as mypy and pyright report it.";

fn final_notes(context: &Context, expression: Node) -> Vec<String> {
    // `Final` or `Final[T]`, as the whole annotation of an assignment.
    let subscripted = expression.parent().filter(|parent| {
        matches!(parent.kind(), "subscript" | "generic_type") && parent.named_child(0).is_some_and(|first| first.id() == expression.id())
    });
    let annotation_top = subscripted.unwrap_or(expression);
    let assignment = annotation_top
        .parent()
        .filter(|parent| parent.kind() == "type")
        .and_then(|annotation| annotation.parent())
        .filter(|parent| parent.kind() == "assignment");
    let Some(assignment) = assignment else {
        let mut notes = vec![
            "`Final` belongs at the top of a variable or attribute annotation, as in `NAME: Final = value`; nested in another type, checkers reject it (`ClassVar[Final[int]]` only from 3.13).".to_owned(),
        ];
        // Nested, there is no reassignment to speak of; what happens at run time depends on the
        // wrapper, and is certain only for `ClassVar`, which `typing` rejects before 3.13.
        let in_class_var = wrapper(context, annotation_top).is_some_and(|qualified| is_typing_name(&qualified, "ClassVar"));
        if in_class_var && future_annotations(context) {
            notes.push("With `from __future__ import annotations` the annotation is never evaluated, so the class statement runs on every version.".to_owned());
        } else if in_class_var {
            notes.push("At run time the class statement raises `TypeError` on 3.9 to 3.12, when it evaluates this annotation; 3.13 and later accept it.".to_owned());
        }
        return notes;
    };
    let target =
        assignment.child_by_field_name("left").map(|left| snippet(context.text, left, 40)).unwrap_or_else(|| "this name".to_owned());
    let declared = subscripted
        .and_then(|_| subscript_arguments(expression))
        .and_then(|arguments| arguments.first().map(|first| snippet(context.text, *first, 40)));
    let value = assignment.child_by_field_name("right");
    let in_class = syntax::enclosing_scope(assignment).is_some_and(|scope| scope.kind() == "class_definition");
    let mut notes = Vec::new();
    let scope = if in_class { ", and subclasses may not redefine it" } else { "" };
    notes.push(format!("`{target}` is a constant for type checkers: any later assignment to it is reported{scope}."));
    match (declared, value) {
        (Some(declared), _) => notes.push(format!("Its declared type is `{declared}`.")),
        (None, Some(value)) => notes.push(format!("Its type is inferred from the value `{}`.", snippet(context.text, value, 40))),
        (None, None) => {}
    }
    if let Some(line) = later_assignment(context, assignment) {
        notes.push(format!("It is assigned again on line {line}: a checker reports that, and Python runs it."));
    }
    if value.is_none() {
        let where_ = if in_class { "in `__init__`" } else { "where it is declared" };
        notes.push(format!("No value here: checkers require it to be assigned {where_}."));
    }
    notes.push(RUN_TIME.to_owned());
    notes
}

/// The qualified name of the typing form whose `[...]` directly holds `inner` (`ClassVar` in
/// `ClassVar[Final[int]]`), from an expression subscript or an annotation's `generic_type`.
fn wrapper(context: &Context, inner: Node) -> Option<String> {
    let mut node = inner.parent()?;
    while matches!(node.kind(), "type" | "type_parameter") {
        node = node.parent()?;
    }
    let form = match node.kind() {
        "subscript" => node.child_by_field_name("value")?,
        "generic_type" => node.named_child(0)?,
        _ => return None,
    };
    context.resolve(form)
}

/// The line of a later assignment to the same plain name in the same scope, if any.
fn later_assignment(context: &Context, declaration: Node) -> Option<usize> {
    let target = declaration.child_by_field_name("left").filter(|left| left.kind() == "identifier")?;
    let name = text_of(context.text, target);
    let scope = syntax::enclosing_scope(declaration).map(|scope| scope.id());
    ["assignment", "augmented_assignment"]
        .iter()
        .flat_map(|kind| context.file_nodes(kind))
        .filter_map(|other| {
            let left = other.child_by_field_name("left").filter(|left| left.kind() == "identifier")?;
            let later = other.start_byte() > declaration.end_byte();
            let same = later && text_of(context.text, left) == name && syntax::enclosing_scope(other).map(|scope| scope.id()) == scope;
            same.then(|| other.start_position().row + 1)
        })
        .min()
}

fn decorator_notes(context: &Context, decorator: Node) -> Vec<String> {
    let Some(definition) = decorator.parent().and_then(|parent| parent.child_by_field_name("definition")) else { return Vec::new() };
    let name = definition.child_by_field_name("name").map(|name| text_of(context.text, name)).unwrap_or("it");
    let mut notes = Vec::new();
    if definition.kind() == "class_definition" {
        notes.push(format!("`{name}` may not be subclassed: type checkers report any class that inherits from it."));
    } else if syntax::class_of_method(definition).is_some() {
        notes.push(format!("`{name}` may not be overridden: type checkers report a subclass that redefines it."));
    } else {
        notes.push(format!("`@final` is meant for methods and classes; on the plain function `{name}` checkers have nothing to enforce."));
    }
    notes
        .push("At run time nothing is checked; from 3.11 the decorator only sets `__final__ = True` on the object when it can.".to_owned());
    notes
}

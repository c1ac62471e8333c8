//! A plain class whose `__init__` only stores its annotated parameters under the same names
//! (defaults immutable literals or `None`), with no `__eq__`, `__repr__` or `__hash__` of its
//! own, as a `@dataclass` with one field per parameter. The dataclass adds `__eq__` and
//! `__repr__`, and its instances are unhashable: the entry says so.

use std::ops::Range;

use tree_sitter::Node;

use super::source::{self, body_nodes, body_of, children, definition_at, header_comment, take_trailing_comments, Lines};
use super::Rewrite;
use crate::analysis::syntax::{self, text_of};
use crate::analysis::Context;
use crate::fixes::edits::{imported_name, indent_unit, is_docstring};
use crate::fixes::indentation_at;
use crate::settings::Settings;

/// The topic that explains dataclasses.
const TOPIC: &str = "dataclasses";

pub fn offer(context: &Context, at: &Range<usize>, _settings: &Settings) -> Option<Rewrite> {
    let text = context.text;
    let class = definition_at(context, at, "class_definition")?;
    if source::outer(class).id() != class.id()
        || class.child_by_field_name("type_parameters").is_some()
        || !source::owns_its_lines(context, class)
    {
        return None;
    }
    if class.child_by_field_name("superclasses").is_some_and(|arguments| {
        children(arguments).iter().any(|argument| argument.kind() != "comment" && text_of(text, *argument) != "object")
    }) {
        return None;
    }
    let name = text_of(text, class.child_by_field_name("name")?);
    let body = body_of(context, class)?;
    // The body: a docstring, comments and defs; `__init__` among them, none of the three dunders.
    let mut statements = body_nodes(context, class, body);
    let class_trailing = take_trailing_comments(context, &mut statements);
    let mut init = None;
    let mut method_names = Vec::new();
    for (index, statement) in statements.iter().enumerate() {
        match statement.kind() {
            "comment" => {}
            "function_definition" | "decorated_definition" => {
                let definition =
                    if statement.kind() == "decorated_definition" { statement.child_by_field_name("definition")? } else { *statement };
                let method = text_of(text, definition.child_by_field_name("name")?);
                if matches!(method, "__eq__" | "__repr__" | "__hash__" | "__setattr__" | "__delattr__" | "__init_subclass__") {
                    return None;
                }
                if method == "__init__" {
                    if init.is_some() || statement.kind() == "decorated_definition" {
                        return None;
                    }
                    init = Some(definition);
                }
                method_names.push(method);
            }
            _ if index == 0 && is_docstring(*statement) => {}
            _ => return None,
        }
    }
    let init = init?;
    if syntax::is_async(init) {
        return None;
    }
    // `__init__(self, a: int, b: str = "x")` whose body is `self.a = a` for each, in any order.
    let parameters = init.child_by_field_name("parameters")?;
    let parameter_nodes: Vec<Node> = children(parameters).into_iter().filter(|node| node.kind() != "comment").collect();
    let (first, fields) = parameter_nodes.split_first()?;
    if first.kind() != "identifier" {
        return None;
    }
    let self_name = text_of(text, *first);
    let mut declared: Vec<(String, String, Option<String>)> = Vec::new();
    for parameter in fields {
        let (name_node, annotation, default) = match parameter.kind() {
            "typed_parameter" => {
                (parameter.named_child(0).filter(|node| node.kind() == "identifier")?, parameter.child_by_field_name("type")?, None)
            }
            "typed_default_parameter" => (
                parameter.child_by_field_name("name")?,
                parameter.child_by_field_name("type")?,
                Some(parameter.child_by_field_name("value")?),
            ),
            _ => return None,
        };
        let annotation_text = text_of(text, annotation);
        if annotation_text.contains("ClassVar") || annotation_text.contains("InitVar") || annotation_text.contains(['\n', '\r']) {
            return None;
        }
        if default.is_some_and(|value| !is_immutable_literal(text, value)) {
            return None;
        }
        let field = text_of(text, name_node);
        if method_names.contains(&field) || field.starts_with("__") {
            return None;
        }
        declared.push((field.to_owned(), annotation_text.to_owned(), default.map(|value| text_of(text, value).to_owned())));
    }
    let init_body = body_of(context, init)?;
    let mut init_nodes = body_nodes(context, init, init_body);
    let init_trailing = take_trailing_comments(context, &mut init_nodes);
    let assignments: Vec<Node> = init_nodes.iter().filter(|node| node.kind() != "comment").copied().collect();
    if assignments.len() != declared.len() {
        return None;
    }
    let mut assigned: Vec<&str> = Vec::new();
    for statement in &assignments {
        let assignment = statement.named_child(0).filter(|node| node.kind() == "assignment" && statement.named_child_count() == 1)?;
        let (left, right) = (assignment.child_by_field_name("left")?, assignment.child_by_field_name("right")?);
        if assignment.child_by_field_name("type").is_some() || left.kind() != "attribute" || right.kind() != "identifier" {
            return None;
        }
        let object = left.child_by_field_name("object")?;
        let attribute = text_of(text, left.child_by_field_name("attribute")?);
        if text_of(text, object) != self_name || attribute != text_of(text, right) || assigned.contains(&attribute) {
            return None;
        }
        if !declared.iter().any(|(field, _, _)| field == attribute) {
            return None;
        }
        assigned.push(attribute);
    }
    // Comments inside `__init__` have no place in the fields: not offered then.
    if init_nodes.iter().any(|node| node.kind() == "comment") || header_comment(context, init).is_some() {
        return None;
    }

    let (decorator, import) = imported_name(context, "dataclasses", "dataclass", class)?;
    let indent = indentation_at(text, class.start_byte()).to_owned();
    let unit = indent_unit(context, body.named_child(0).unwrap_or(body));
    let inner = format!("{indent}{unit}");
    let mut lines = Lines::new(context);
    lines.push(&indent, &format!("@{decorator}"));
    let header_end = body.start_byte();
    let header = text[class.start_byte()..header_end].trim_end();
    lines.push(&indent, header);
    let before_init: Vec<Node> = statements.iter().filter(|node| node.start_byte() < init.start_byte()).copied().collect();
    let mut after_init: Vec<Node> = init_trailing;
    after_init.extend(statements.iter().filter(|node| node.start_byte() >= init.end_byte()).copied());
    let docstring = before_init.iter().find(|node| is_docstring(**node)).copied();
    if let Some(docstring) = docstring {
        let leading: Vec<Node> = before_init.iter().filter(|node| node.start_byte() <= docstring.start_byte()).copied().collect();
        lines.statements(context, &leading, &inner, &[])?;
        lines.blank();
    }
    let other_before: Vec<Node> =
        before_init.iter().filter(|node| docstring.is_none_or(|docstring| node.start_byte() > docstring.start_byte())).copied().collect();
    for (field, annotation, default) in &declared {
        match default {
            Some(default) => lines.push(&inner, &format!("{field}: {annotation} = {default}")),
            None => lines.push(&inner, &format!("{field}: {annotation}")),
        }
    }
    if !other_before.is_empty() {
        lines.blank();
        lines.statements(context, &other_before, &inner, &[])?;
    }
    if !after_init.is_empty() {
        lines.blank();
        lines.statements(context, &after_init, &inner, &[])?;
    }
    lines.statements(context, &class_trailing, &indent, &[])?;
    let mut edits = vec![source::replace_statement(context, class, lines.finish())];
    edits.extend(import);
    Some(Rewrite { title: format!("Rewrite `{name}` as a `@dataclass`"), topic: TOPIC, edits })
}

/// Numbers, strings (not f-strings), `True`, `False`, `None`, and negated numbers.
fn is_immutable_literal(text: &str, value: Node) -> bool {
    match value.kind() {
        "integer" | "float" | "true" | "false" | "none" => true,
        "string" => {
            !text_of(text, value).trim_start_matches(['r', 'R', 'b', 'B', 'u', 'U']).starts_with(['f', 'F'])
                && !text_of(text, value).to_lowercase().starts_with("rf")
                && !text_of(text, value).to_lowercase().starts_with("fr")
        }
        "unary_operator" => value.named_child(0).is_some_and(|operand| matches!(operand.kind(), "integer" | "float")),
        _ => false,
    }
}

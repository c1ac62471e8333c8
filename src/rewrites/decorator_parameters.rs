//! A decorator `def deco(func): ...` as a decorator with parameters: the body moves into
//! `def decorator(func):` inside `def deco():`, which returns it, and the file's uses follow
//! (`@deco` becomes `@deco()`, `deco(f)` becomes `deco()(f)`), ready for parameters to be added.

use std::ops::Range;

use tree_sitter::Node;

use super::source::{self, body_nodes, body_of, children, definition_at, header_comment, take_trailing_comments, Lines};
use super::Rewrite;
use crate::analysis::syntax::{self, text_of};
use crate::analysis::Context;
use crate::fixes::edits::{indent_unit, is_docstring};
use crate::fixes::{indentation_at, Edit};
use crate::knowledge::TopicId;
use crate::settings::Settings;

pub fn offer(context: &Context, at: &Range<usize>, _settings: &Settings) -> Option<Rewrite> {
    let text = context.text;
    let function = definition_at(context, at, "function_definition")?;
    if source::outer(function).id() != function.id()
        || syntax::is_async(function)
        || function.child_by_field_name("type_parameters").is_some()
    {
        return None;
    }
    if syntax::enclosing_scope(function).is_some_and(|scope| scope.kind() == "class_definition")
        || !source::owns_its_lines(context, function)
    {
        return None;
    }
    let name_node = function.child_by_field_name("name")?;
    let name = text_of(text, name_node);
    let parameters = function.child_by_field_name("parameters")?;
    let parameter_list = children(parameters);
    let [parameter] = parameter_list.as_slice() else { return None };
    if parameter.kind() != "identifier" || text_of(text, parameters).contains(['\n', '\r']) {
        return None;
    }
    let body = body_of(context, function)?;
    // A decorator: it returns a def of its body or its parameter, and the file uses it as one.
    let mut statements = body_nodes(context, function, body);
    let trailing = take_trailing_comments(context, &mut statements);
    let last = statements.iter().rev().find(|node| node.kind() != "comment")?;
    let returned = last.named_child(0).filter(|value| value.kind() == "identifier" && last.kind() == "return_statement")?;
    let returned_name = text_of(text, returned);
    let returns_a_function = returned_name == text_of(text, *parameter)
        || statements.iter().any(|statement| {
            let definition =
                if statement.kind() == "decorated_definition" { statement.child_by_field_name("definition") } else { Some(*statement) };
            definition.is_some_and(|definition| {
                definition.kind() == "function_definition"
                    && definition.child_by_field_name("name").is_some_and(|inner| text_of(text, inner) == returned_name)
            })
        });
    if !returns_a_function || !source::is_decorator(context, function, text_of(text, *parameter)) {
        return None;
    }
    // The inner def's name must be free in the function.
    let inner_name = ["decorator", "decorate"].into_iter().find(|candidate| {
        *candidate != name && syntax::descendants(function, "identifier").iter().all(|identifier| text_of(text, *identifier) != *candidate)
    })?;
    // Every use: `@deco` (becomes `@deco()`) or a call with one argument (`deco(f)` → `deco()(f)`).
    let mut edits = Vec::new();
    let mut uses = 0;
    for use_ in context.identifiers_named(name) {
        if use_.id() == name_node.id() || !syntax::is_variable_name(use_) {
            continue;
        }
        if syntax::contains(function, use_) {
            return None;
        }
        let parent = use_.parent()?;
        match parent.kind() {
            "decorator" => edits.push(Edit { range: use_.end_byte()..use_.end_byte(), text: "()".to_owned() }),
            "call" if parent.child_by_field_name("function").is_some_and(|callee| callee.id() == use_.id()) => {
                let arguments = parent.child_by_field_name("arguments")?;
                if arguments.kind() != "argument_list" || children(arguments).iter().filter(|node| node.kind() != "comment").count() != 1 {
                    return None;
                }
                edits.push(Edit { range: use_.end_byte()..use_.end_byte(), text: "()".to_owned() });
            }
            _ => return None,
        }
        uses += 1;
    }
    if uses == 0 && returned_name == text_of(text, *parameter) {
        return None;
    }

    let indent = indentation_at(text, function.start_byte()).to_owned();
    let unit = indent_unit(context, body.named_child(0).unwrap_or(body));
    let inner = format!("{indent}{unit}");
    let deeper = format!("{inner}{unit}");
    let docstring = statements.iter().find(|node| node.kind() != "comment").copied().filter(|first| is_docstring(*first));
    let mut lines = Lines::new(context);
    let head_comment = header_comment(context, function).map(|comment| format!("  {}", text_of(text, comment))).unwrap_or_default();
    let returns =
        function.child_by_field_name("return_type").map(|annotation| format!(" -> {}", text_of(text, annotation))).unwrap_or_default();
    lines.push(&indent, &format!("def {name}():{head_comment}"));
    let mut moved: Vec<Node> = statements.clone();
    if let Some(docstring) = docstring {
        let leading: Vec<Node> = statements.iter().filter(|node| node.start_byte() <= docstring.start_byte()).copied().collect();
        lines.statements(context, &leading, &inner, &[])?;
        moved.retain(|node| node.start_byte() > docstring.start_byte());
    }
    lines.push(&inner, &format!("def {inner_name}{}{returns}:", text_of(text, parameters)));
    lines.statements(context, &moved, &deeper, &[])?;
    lines.blank();
    lines.push(&inner, &format!("return {inner_name}"));
    lines.statements(context, &trailing, &indent, &[])?;
    edits.push(source::replace_statement(context, function, lines.finish()));
    Some(Rewrite {
        title: format!("Rewrite `{name}` as a decorator with parameters"),
        topic: TopicId::ParameterizedDecorators.as_str(),
        edits,
    })
}

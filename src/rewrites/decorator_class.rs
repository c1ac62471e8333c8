//! A function decorator (`def deco(func): ... def wrapper(*args, **kwargs): ... return wrapper`)
//! as a class: `__init__` copies the function's metadata with `functools.update_wrapper` and keeps
//! the function and the outer function's other names as attributes, `__call__` is the wrapper.
//! Not offered when the wrapper uses `nonlocal`, or when the file decorates a method with it (an
//! instance of the class is no descriptor, so it would not bind `self`).

use std::collections::HashSet;
use std::ops::Range;

use tree_sitter::Node;

use super::source::{self, body_nodes, body_of, children, definition_at, header_comment, own, take_trailing_comments, Lines};
use super::Rewrite;
use crate::analysis::semantics::imports::collect_parameter_names;
use crate::analysis::semantics::scopes::{defining_scope, scope_bindings};
use crate::analysis::syntax::{self, text_of};
use crate::analysis::Context;
use crate::fixes::edits::{imported_name, indent_unit, is_docstring};
use crate::fixes::{indentation_at, Edit};
use crate::knowledge::TopicId;
use crate::settings::Settings;

pub fn offer(context: &Context, at: &Range<usize>, _settings: &Settings) -> Option<Rewrite> {
    let text = context.text;
    let outer = definition_at(context, at, "function_definition")?;
    if source::outer(outer).id() != outer.id() || syntax::is_async(outer) || outer.child_by_field_name("type_parameters").is_some() {
        return None;
    }
    if syntax::enclosing_scope(outer).is_some_and(|scope| scope.kind() == "class_definition") || !source::owns_its_lines(context, outer) {
        return None;
    }
    if source::has_private_names(context, outer) {
        return None;
    }
    let name_node = outer.child_by_field_name("name")?;
    let name = text_of(text, name_node);
    let parameters = outer.child_by_field_name("parameters")?;
    let parameter_list = children(parameters);
    let [parameter] = parameter_list.as_slice() else { return None };
    if parameter.kind() != "identifier" {
        return None;
    }
    let function_name = text_of(text, *parameter);
    if !source::is_decorator(context, outer, function_name) {
        return None;
    }
    let body = body_of(context, outer)?;

    // The body: docstring, statements, the wrapper def, `return wrapper`.
    let mut statements = body_nodes(context, outer, body);
    let trailing = take_trailing_comments(context, &mut statements);
    let code: Vec<Node> = statements.iter().filter(|node| node.kind() != "comment").copied().collect();
    let (last, rest) = code.split_last()?;
    let (wrapper_statement, rest) = rest.split_last()?;
    let wrapper = match wrapper_statement.kind() {
        "function_definition" => *wrapper_statement,
        "decorated_definition" => wrapper_statement.child_by_field_name("definition").filter(|def| def.kind() == "function_definition")?,
        _ => return None,
    };
    let wrapper_name = text_of(text, wrapper.child_by_field_name("name")?);
    if last.kind() != "return_statement"
        || last.named_child(0).is_none_or(|value| value.kind() != "identifier" || text_of(text, value) != wrapper_name)
    {
        return None;
    }
    if own(outer, &["return_statement", "yield"]).len() != 1 || source::has_declarations(body) {
        return None;
    }
    // The wrapper's decorators: only `functools.wraps(<the function>)`, which `update_wrapper` replaces.
    for decorator in syntax::decorators(wrapper) {
        let call = decorator.named_child(0).filter(|call| call.kind() == "call")?;
        let callee = call.child_by_field_name("function")?;
        let arguments = syntax::positional_arguments(call);
        let wraps_function = matches!(arguments.as_slice(), [only] if text_of(text, *only) == function_name);
        if context.resolve(callee).as_deref() != Some("functools.wraps")
            || !wraps_function
            || call.child_by_field_name("arguments")?.named_child_count() != 1
        {
            return None;
        }
    }
    let docstring = rest.first().copied().filter(|first| is_docstring(*first));
    let setup: Vec<Node> = statements
        .iter()
        .filter(|node| {
            docstring.is_none_or(|docstring| node.start_byte() > docstring.end_byte()) && node.start_byte() < wrapper_statement.start_byte()
        })
        .copied()
        .collect();
    let leading: Vec<Node> =
        statements.iter().filter(|node| docstring.is_some_and(|docstring| node.end_byte() <= docstring.start_byte())).copied().collect();
    let wrapper_body = body_of(context, wrapper)?;
    let wrapper_parameters = wrapper.child_by_field_name("parameters")?;
    if text_of(text, wrapper_parameters).contains(['\n', '\r', '#']) || wrapper.child_by_field_name("type_parameters").is_some() {
        return None;
    }
    let mut wrapper_parameter_names = Vec::new();
    collect_parameter_names(text, wrapper_parameters, &mut wrapper_parameter_names);

    // Applied to a method, the class's instance would not bind `self`.
    if decorates_a_method(context, name_node, name) {
        return None;
    }

    // The outer locals (parameter included) become attributes; the wrapper's own stay locals.
    let outer_locals: HashSet<String> = scope_bindings(text, outer).locals;
    let mut replacements = Vec::new();
    for identifier in syntax::descendants(body, "identifier") {
        let word = text_of(text, identifier);
        if syntax::contains(wrapper_parameters, identifier) && syntax::is_load(identifier) && outer_locals.contains(word) {
            // A default computed from the outer function's names.
            return None;
        }
        let in_wrapper_head = syntax::contains(*wrapper_statement, identifier) && !syntax::contains(wrapper_body, identifier);
        if !syntax::is_variable_name(identifier) || in_wrapper_head || syntax::contains(*last, identifier) {
            continue;
        }
        if word == "self" || word == "super" || word == "__class__" {
            return None;
        }
        if !outer_locals.contains(word) || defining_scope(identifier, text).id() != outer.id() {
            continue;
        }
        if word == wrapper_name
            || word.starts_with("__")
            || (syntax::is_binding_occurrence(identifier) && !source::attribute_can_bind(identifier))
        {
            return None;
        }
        replacements.push(Edit { range: identifier.byte_range(), text: format!("self.{word}") });
    }
    if wrapper_parameter_names.iter().any(|parameter| parameter == "self") || outer_locals.contains("self") {
        return None;
    }
    let (update_wrapper, import) = imported_name(context, "functools", "update_wrapper", outer)?;

    let indent = indentation_at(text, outer.start_byte()).to_owned();
    let unit = indent_unit(context, body.named_child(0).unwrap_or(body));
    let inner = format!("{indent}{unit}");
    let deeper = format!("{inner}{unit}");
    let mut lines = Lines::new(context);
    let head_comment = header_comment(context, outer).map(|comment| format!("  {}", text_of(text, comment))).unwrap_or_default();
    lines.push(&indent, &format!("class {name}:{head_comment}"));
    if let Some(docstring) = docstring {
        lines.statements(context, &leading, &inner, &[])?;
        lines.statements(context, &[docstring], &inner, &[])?;
        lines.blank();
    }
    lines.push(&inner, &format!("def __init__(self, {function_name}):"));
    lines.push(&deeper, &format!("{update_wrapper}(self, {function_name})"));
    lines.push(&deeper, &format!("self.{function_name} = {function_name}"));
    lines.statements(context, &setup, &deeper, &replacements)?;
    lines.blank();
    let wrapper_leading: Vec<Node> = children(*wrapper_statement).into_iter().filter(|node| node.kind() == "comment").collect();
    lines.statements(context, &wrapper_leading, &inner, &[])?;
    let inside = source::inside_parentheses(context, wrapper_parameters)?;
    let call_parameters = if inside.is_empty() { "(self)".to_owned() } else { format!("(self, {inside})") };
    let prefix = if syntax::is_async(wrapper) { "async " } else { "" };
    let returns =
        wrapper.child_by_field_name("return_type").map(|annotation| format!(" -> {}", text_of(text, annotation))).unwrap_or_default();
    let wrapper_comment = header_comment(context, wrapper).map(|comment| format!("  {}", text_of(text, comment))).unwrap_or_default();
    lines.push(&inner, &format!("{prefix}def __call__{call_parameters}{returns}:{wrapper_comment}"));
    let mut call_body = body_nodes(context, wrapper, wrapper_body);
    let call_trailing = take_trailing_comments(context, &mut call_body);
    lines.statements(context, &call_body, &deeper, &replacements)?;
    lines.statements(context, &call_trailing, &deeper, &[])?;
    let after: Vec<Node> =
        statements.iter().filter(|node| node.start_byte() > wrapper_statement.end_byte() && node.kind() == "comment").copied().collect();
    lines.statements(context, &after, &deeper, &[])?;

    lines.statements(context, &trailing, &indent, &[])?;
    let mut edits = vec![source::replace_statement(context, outer, lines.finish())];
    edits.extend(import);
    Some(Rewrite { title: format!("Rewrite `{name}` as a decorator class"), topic: TopicId::CallableObjects.as_str(), edits })
}

/// Whether the file applies the decorator `name` to a def in a class body.
fn decorates_a_method(context: &Context, definition_name: Node, name: &str) -> bool {
    context.identifiers_named(name).into_iter().filter(|use_| use_.id() != definition_name.id()).any(|use_| {
        let Some(decorator) = syntax::ancestor(use_, &["decorator"]) else { return false };
        let definition = decorator.parent().and_then(|decorated| decorated.child_by_field_name("definition"));
        definition.is_some_and(|definition| {
            definition.kind() == "function_definition"
                && syntax::enclosing_scope(definition).is_some_and(|scope| scope.kind() == "class_definition")
        })
    })
}

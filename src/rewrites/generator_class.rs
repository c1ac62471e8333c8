//! A generator function whose body is one `for` loop that yields (under conditions, perhaps) as
//! an iterator class: `__init__` takes the iterator of the loop's iterable and keeps the
//! parameters the loop reads, `__iter__` returns `self`, `__next__` runs the loop until a value
//! comes and raises `StopIteration` when it ends: the protocol the generator wrote for you.

use std::collections::HashSet;
use std::ops::Range;

use tree_sitter::Node;

use super::source::{self, body_nodes, body_of, children, definition_at, header_comment, take_trailing_comments, Lines};
use super::Rewrite;
use crate::analysis::semantics::imports::collect_parameter_names;
use crate::analysis::semantics::scopes::{defining_scope, scope_bindings};
use crate::analysis::syntax::{self, text_of};
use crate::analysis::Context;
use crate::fixes::edits::{indent_unit, is_docstring};
use crate::fixes::{indentation_at, Edit};
use crate::knowledge::TopicId;
use crate::settings::Settings;

/// The attribute holding the loop's iterator.
const ITERATOR: &str = "_iterator";

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
    if source::has_private_names(context, function) {
        return None;
    }
    let name = text_of(text, function.child_by_field_name("name")?);
    let body = body_of(context, function)?;
    let parameters = function.child_by_field_name("parameters")?;
    if text_of(text, parameters).contains(['\n', '\r', '#']) {
        return None;
    }
    // The body: a docstring, comments and one `for` loop without `else`.
    let mut statements = body_nodes(context, function, body);
    let trailing = take_trailing_comments(context, &mut statements);
    let code: Vec<Node> = statements.iter().filter(|node| node.kind() != "comment").copied().collect();
    let loop_ = match code.as_slice() {
        [loop_] => *loop_,
        [docstring, loop_] if is_docstring(*docstring) => *loop_,
        _ => return None,
    };
    if loop_.kind() != "for_statement" || loop_.child_by_field_name("alternative").is_some() || syntax::token(loop_, "async").is_some() {
        return None;
    }
    let target = loop_.child_by_field_name("left")?;
    let iterable = loop_.child_by_field_name("right")?;
    let loop_body = loop_.child_by_field_name("body")?;
    if !source::owns_its_lines(context, loop_) || body_of(context, loop_).is_none() {
        return None;
    }
    let yields = syntax::own_yields(function);
    if yields.is_empty() || !yields_only_last(loop_body) || yields.iter().any(|yielded| !syntax::contains(loop_body, *yielded)) {
        return None;
    }
    // `iter` must be the builtin.
    if context.imports.is_bound_locally("iter", function) || scope_bindings(text, context.tree.root_node()).locals.contains("iter") {
        return None;
    }

    // Locals: the parameters and the loop's target, nothing else.
    let mut parameter_names = Vec::new();
    collect_parameter_names(text, parameters, &mut parameter_names);
    let mut target_names = Vec::new();
    syntax::target_names(text, target, &mut target_names);
    let parameters_set: HashSet<&str> = parameter_names.iter().map(String::as_str).collect();
    if target_names.iter().any(|target| parameters_set.contains(target.as_str()))
        || parameter_names.iter().any(|parameter| parameter == "self" || parameter == ITERATOR)
    {
        return None;
    }
    let locals = scope_bindings(text, function).locals;
    if locals.iter().any(|local| !parameters_set.contains(local.as_str()) && !target_names.contains(local))
        || source::has_declarations(body)
    {
        return None;
    }
    // Parameters the loop body reads become attributes; `yield` becomes `return`.
    let mut replacements = Vec::new();
    let mut stored: Vec<&str> = Vec::new();
    for identifier in syntax::descendants(loop_body, "identifier") {
        let word = text_of(text, identifier);
        if !syntax::is_variable_name(identifier) {
            continue;
        }
        if word == "self" || word == "super" || word == "__class__" || word == name {
            return None;
        }
        if parameters_set.contains(word) && defining_scope(identifier, text).id() == function.id() {
            if syntax::is_binding_occurrence(identifier) && !source::attribute_can_bind(identifier) {
                return None;
            }
            replacements.push(Edit { range: identifier.byte_range(), text: format!("self.{word}") });
            if !stored.contains(&word) {
                stored.push(word);
            }
        }
    }
    for yielded in &yields {
        let keyword = syntax::plain_yield_keyword(*yielded)?;
        replacements.push(Edit { range: keyword.byte_range(), text: "return".to_owned() });
        if yielded.named_child(0).is_none() {
            replacements.push(Edit { range: keyword.end_byte()..keyword.end_byte(), text: " None".to_owned() });
        }
    }
    replacements.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let iterable_text = source::expression(context, iterable, &[])?;

    let indent = indentation_at(text, function.start_byte()).to_owned();
    let unit = indent_unit(context, body.named_child(0).unwrap_or(body));
    let inner = format!("{indent}{unit}");
    let deeper = format!("{inner}{unit}");
    let deepest = format!("{deeper}{unit}");
    let mut lines = Lines::new(context);
    let head_comment = header_comment(context, function).map(|comment| format!("  {}", text_of(text, comment))).unwrap_or_default();
    lines.push(&indent, &format!("class {name}:{head_comment}"));
    let before_loop: Vec<Node> = statements.iter().filter(|node| node.start_byte() < loop_.start_byte()).copied().collect();
    if !before_loop.is_empty() {
        lines.statements(context, &before_loop, &inner, &[])?;
        lines.blank();
    }
    let inside = source::inside_parentheses(context, parameters)?;
    let init_parameters = if inside.is_empty() { "(self)".to_owned() } else { format!("(self, {inside})") };
    lines.push(&inner, &format!("def __init__{init_parameters}:"));
    for parameter in &stored {
        lines.push(&deeper, &format!("self.{parameter} = {parameter}"));
    }
    lines.push(&deeper, &format!("self.{ITERATOR} = iter({iterable_text})"));
    lines.blank();
    lines.push(&inner, "def __iter__(self):");
    lines.push(&deeper, "return self");
    lines.blank();
    lines.push(&inner, "def __next__(self):");
    let head = format!("for {} in self.{ITERATOR}:", text_of(text, target));
    let loop_comment = header_comment(context, loop_).map(|comment| format!("  {}", text_of(text, comment))).unwrap_or_default();
    lines.push(&deeper, &format!("{head}{loop_comment}"));
    let mut loop_nodes = body_nodes(context, loop_, loop_body);
    let loop_trailing = take_trailing_comments(context, &mut loop_nodes);
    lines.statements(context, &loop_nodes, &deepest, &replacements)?;
    lines.statements(context, &loop_trailing, &deeper, &[])?;
    lines.push(&deeper, "raise StopIteration");
    let after: Vec<Node> = statements.iter().filter(|node| node.start_byte() > loop_.end_byte()).copied().collect();
    lines.statements(context, &after, &inner, &[])?;

    lines.statements(context, &trailing, &indent, &[])?;
    let edits = vec![source::replace_statement(context, function, lines.finish())];
    Some(Rewrite { title: format!("Rewrite `{name}` as an iterator class"), topic: TopicId::IterationProtocol.as_str(), edits })
}

/// Whether a loop body yields at most once per pass and only as its last word: a `yield`
/// statement, or an `if` whose every branch is such a block (or `pass`/`continue`).
fn yields_only_last(block: Node) -> bool {
    let code: Vec<Node> = children(block).into_iter().filter(|node| node.kind() != "comment").collect();
    let [only] = code.as_slice() else { return false };
    match only.kind() {
        "expression_statement" => {
            only.named_child_count() == 1
                && only.named_child(0).is_some_and(|value| value.kind() == "yield" && syntax::plain_yield_keyword(value).is_some())
        }
        "pass_statement" | "continue_statement" => true,
        "if_statement" => {
            let mut cursor = only.walk();
            let branches: Vec<Node> = only.named_children(&mut cursor).collect();
            only.child_by_field_name("consequence").is_some_and(yields_only_last)
                && branches.iter().all(|branch| match branch.kind() {
                    "elif_clause" => branch.child_by_field_name("consequence").is_some_and(yields_only_last),
                    "else_clause" => branch.child_by_field_name("body").is_some_and(yields_only_last),
                    _ => true,
                })
        }
        _ => false,
    }
}

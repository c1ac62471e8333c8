//! A `@contextmanager` generator with one `yield` (at the top level of its body, or alone in the
//! `try` of a `try`/`finally` that ends it) as a class: `__init__` stores the parameters,
//! `__enter__` runs the code before the `yield` and returns the yielded value, `__exit__` runs the
//! `finally` body (or the code after a top-level `yield`, when no exception came). The locals both
//! methods use become attributes of `self`. `@asynccontextmanager` gives `__aenter__`/`__aexit__`.

use std::ops::Range;

use tree_sitter::Node;

use super::source::{
    self, body_nodes, body_of, children, definition_at, header_comment, only_entered_by_with, own, take_trailing_comments, Lines,
};
use super::Rewrite;
use crate::analysis::semantics::imports::collect_parameter_names;
use crate::analysis::semantics::scopes::{defining_scope, scope_bindings};
use crate::analysis::syntax::{self, text_of};
use crate::analysis::Context;
use crate::fixes::edits::{indent_unit, is_docstring};
use crate::fixes::{indentation_at, Edit};
use crate::knowledge::TopicId;
use crate::settings::Settings;

/// The names `__exit__`'s parameters take; the function must not use them.
const EXIT_PARAMETERS: [&str; 3] = ["exc_type", "exc_value", "traceback"];

pub fn offer(context: &Context, at: &Range<usize>, _settings: &Settings) -> Option<Rewrite> {
    let text = context.text;
    let function = definition_at(context, at, "function_definition")?;
    let decorated = source::outer(function);
    let decorators = syntax::decorators(function);
    let [decorator] = decorators.as_slice() else { return None };
    let callee = decorator.named_child(0).filter(|callee| matches!(callee.kind(), "identifier" | "attribute"))?;
    let is_async = match context.resolve(callee).as_deref() {
        Some("contextlib.contextmanager") => false,
        Some("contextlib.asynccontextmanager") => true,
        _ => return None,
    };
    if syntax::is_async(function) != is_async || function.child_by_field_name("type_parameters").is_some() {
        return None;
    }
    if syntax::enclosing_scope(decorated).is_some_and(|scope| scope.kind() == "class_definition")
        || !source::owns_its_lines(context, decorated)
    {
        return None;
    }
    if source::has_private_names(context, function) {
        return None;
    }
    let name_node = function.child_by_field_name("name")?;
    let name = text_of(text, name_node);
    if !only_entered_by_with(context, name_node, name) {
        return None;
    }
    let body = body_of(context, function)?;
    let parameters = function.child_by_field_name("parameters")?;
    if text_of(text, parameters).contains(['\n', '\r', '#']) {
        return None;
    }

    // One plain `yield` statement, no `return`, no declarations.
    let yields = syntax::own_yields(function);
    let [yielded] = yields.as_slice() else { return None };
    let statement = yielded.parent().filter(|parent| parent.kind() == "expression_statement" && parent.named_child_count() == 1)?;
    syntax::plain_yield_keyword(*yielded)?;
    if !own(function, &["return_statement"]).is_empty() || source::has_declarations(body) {
        return None;
    }
    let mut statements = body_nodes(context, function, body);
    let trailing = take_trailing_comments(context, &mut statements);
    let docstring = statements.iter().find(|statement| statement.kind() != "comment").copied().filter(|first| is_docstring(*first));
    let after_docstring = |node: &Node| docstring.is_none_or(|docstring| node.start_byte() > docstring.start_byte());
    let (before, cleanup, guarded): (Vec<Node>, Vec<Node>, bool) = if statement.parent().is_some_and(|parent| parent.id() == body.id()) {
        let before =
            statements.iter().filter(|node| after_docstring(node) && node.start_byte() < statement.start_byte()).copied().collect();
        let after: Vec<Node> = statements.iter().filter(|node| node.start_byte() > statement.start_byte()).copied().collect();
        (before, after, true)
    } else {
        let try_block = statement.parent()?;
        let try_statement = try_block.parent().filter(|parent| parent.kind() == "try_statement")?;
        if try_statement.parent().is_none_or(|parent| parent.id() != body.id()) {
            return None;
        }
        let try_nodes = body_nodes(context, try_statement, try_block);
        if try_nodes.iter().any(|node| node.kind() != "comment" && node.id() != statement.id()) {
            return None;
        }
        let clauses: Vec<Node> =
            children(try_statement).into_iter().filter(|node| node.kind() != "block" && node.kind() != "comment").collect();
        let [finally] = clauses.as_slice() else { return None };
        if finally.kind() != "finally_clause" {
            return None;
        }
        // Nothing after the `try` but comments.
        if statements.iter().any(|node| node.start_byte() > try_statement.start_byte() && node.kind() != "comment") {
            return None;
        }
        let mut before: Vec<Node> =
            statements.iter().filter(|node| after_docstring(node) && node.start_byte() < try_statement.start_byte()).copied().collect();
        before.extend(try_nodes.into_iter().filter(|node| node.kind() == "comment" && source::owns_its_lines(context, *node)));
        let mut cleanup: Vec<Node> = Vec::new();
        cleanup.extend(header_comment(context, *finally));
        let finally_block = children(*finally).into_iter().rev().find(|node| node.kind() == "block")?;
        cleanup.extend(body_nodes(context, *finally, finally_block));
        cleanup.extend(statements.iter().filter(|node| node.start_byte() > try_statement.end_byte()).copied());
        (before, cleanup, false)
    };

    // The function's locals become attributes: each must be bound where `self.x` can stand.
    let locals = scope_bindings(text, function).locals;
    let mut parameter_names = Vec::new();
    collect_parameter_names(text, parameters, &mut parameter_names);
    // Which part each local is used in: one used by `__enter__` alone or `__exit__` alone stays a
    // local there; the parameters and the names both use become attributes of `self`.
    let in_enter = |node: Node| before.iter().any(|part| syntax::contains(*part, node)) || syntax::contains(*yielded, node);
    let in_exit = |node: Node| cleanup.iter().any(|part| syntax::contains(*part, node));
    let mut occurrences: Vec<(Node, &str)> = Vec::new();
    for identifier in syntax::descendants(body, "identifier") {
        let word = text_of(text, identifier);
        if !syntax::is_variable_name(identifier) {
            continue;
        }
        if word == "self" || word == "super" || word == "__class__" || EXIT_PARAMETERS.contains(&word) {
            return None;
        }
        if locals.contains(word) && defining_scope(identifier, text).id() == function.id() {
            occurrences.push((identifier, word));
        }
    }
    let shared = |word: &str| {
        parameter_names.iter().any(|parameter| parameter == word)
            || (occurrences.iter().any(|(node, name)| *name == word && in_enter(*node))
                && occurrences.iter().any(|(node, name)| *name == word && in_exit(*node)))
    };
    let mut replacements = Vec::new();
    for (identifier, word) in &occurrences {
        if !shared(word) {
            continue;
        }
        if word.starts_with("__") || (syntax::is_binding_occurrence(*identifier) && !source::attribute_can_bind(*identifier)) {
            return None;
        }
        replacements.push(Edit { range: identifier.byte_range(), text: format!("self.{word}") });
    }
    if parameter_names
        .iter()
        .any(|parameter| parameter == "self" || parameter.starts_with("__") || EXIT_PARAMETERS.contains(&parameter.as_str()))
    {
        return None;
    }

    let indent = indentation_at(text, decorated.start_byte()).to_owned();
    let unit = indent_unit(context, body.named_child(0).unwrap_or(body));
    let inner = format!("{indent}{unit}");
    let deeper = format!("{inner}{unit}");
    let deepest = format!("{deeper}{unit}");
    let prefix = if is_async { "async " } else { "" };
    let (enter, exit) = if is_async { ("__aenter__", "__aexit__") } else { ("__enter__", "__exit__") };
    let mut lines = Lines::new(context);
    let head_comment = header_comment(context, function).map(|comment| format!("  {}", text_of(text, comment))).unwrap_or_default();
    lines.push(&indent, &format!("class {name}:{head_comment}"));
    if let Some(docstring) = docstring {
        let leading: Vec<Node> = statements.iter().filter(|node| node.start_byte() < docstring.start_byte()).copied().collect();
        lines.statements(context, &leading, &inner, &[])?;
        lines.statements(context, &[docstring], &inner, &[])?;
        lines.blank();
    }
    let inside = source::inside_parentheses(context, parameters)?;
    let init_parameters = if inside.is_empty() { "(self)".to_owned() } else { format!("(self, {inside})") };
    // Without parameters there is nothing to store: no `__init__`.
    if !parameter_names.is_empty() {
        lines.push(&inner, &format!("def __init__{init_parameters}:"));
        for parameter in &parameter_names {
            lines.push(&deeper, &format!("self.{parameter} = {parameter}"));
        }
        lines.blank();
    }
    lines.push(&inner, &format!("{prefix}def {enter}(self):"));
    lines.statements(context, &before, &deeper, &replacements)?;
    match yielded.named_child(0) {
        Some(value) => lines.push(&deeper, &format!("return {}", source::expression(context, value, &replacements)?)),
        None if before.iter().all(|node| node.kind() == "comment") => lines.push(&deeper, "pass"),
        None => {}
    }
    lines.blank();
    lines.push(&inner, &format!("{prefix}def {exit}(self, exc_type, exc_value, traceback):"));
    let has_cleanup = cleanup.iter().any(|node| node.kind() != "comment");
    if guarded && has_cleanup {
        // After a top-level `yield` the code runs only when the block raised nothing.
        lines.push(&deeper, "if exc_type is None:");
        lines.statements(context, &cleanup, &deepest, &replacements)?;
    } else {
        lines.statements(context, &cleanup, &deeper, &replacements)?;
        if !has_cleanup {
            lines.push(&deeper, "pass");
        }
    }

    lines.statements(context, &trailing, &indent, &[])?;
    let edits = vec![source::replace_statement(context, decorated, lines.finish())];
    let kind = if is_async { "an async context-manager class" } else { "a context-manager class" };
    Some(Rewrite { title: format!("Rewrite `{name}` as {kind}"), topic: TopicId::ContextManagers.as_str(), edits })
}

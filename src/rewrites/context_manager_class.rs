//! A context-manager class (`__init__`, `__enter__`, `__exit__` and nothing else) as a
//! `@contextmanager` generator function: `__init__`'s parameters, its body and `__enter__`'s, then
//! `yield` of what `__enter__` returned inside `try:`, and `__exit__`'s body in `finally:`.
//! `__aenter__`/`__aexit__` give an `@asynccontextmanager` `async def`.

use std::collections::HashSet;
use std::ops::Range;

use tree_sitter::Node;

use super::source::{self, body_nodes, body_of, definition_at, header_comment, only_entered_by_with, own, take_trailing_comments, Lines};
use super::Rewrite;
use crate::analysis::semantics::scopes::scope_bindings;
use crate::analysis::syntax::{self, text_of};
use crate::analysis::Context;
use crate::fixes::edits::{imported_name, indent_unit, is_docstring};
use crate::fixes::{indentation_at, Edit};
use crate::knowledge::TopicId;
use crate::settings::Settings;

pub fn offer(context: &Context, at: &Range<usize>, _settings: &Settings) -> Option<Rewrite> {
    let text = context.text;
    let class = definition_at(context, at, "class_definition")?;
    if class.parent().is_some_and(|parent| parent.kind() == "decorated_definition")
        || class.child_by_field_name("type_parameters").is_some()
    {
        return None;
    }
    if !syntax::bases(class).iter().all(|base| text_of(text, *base) == "object") || syntax::metaclass_keyword(class, text).is_some() {
        return None;
    }
    if class.child_by_field_name("superclasses").is_some_and(|arguments| arguments.named_child_count() > syntax::bases(class).len()) {
        return None;
    }
    if source::has_private_names(context, class) {
        return None;
    }
    let name_node = class.child_by_field_name("name")?;
    let name = text_of(text, name_node);
    let body = body_of(context, class)?;
    if !source::owns_its_lines(context, class) {
        return None;
    }

    // The body: a docstring, comments and exactly the three methods, undecorated.
    let mut docstring = None;
    let mut methods: Vec<(&str, Node)> = Vec::new();
    let mut comments: Vec<Node> = Vec::new();
    let mut class_statements = body_nodes(context, class, body);
    let class_trailing = take_trailing_comments(context, &mut class_statements);
    for (index, statement) in class_statements.into_iter().enumerate() {
        match statement.kind() {
            "comment" => comments.push(statement),
            "function_definition" => {
                let method = text_of(text, statement.child_by_field_name("name")?);
                methods.push((method, statement));
            }
            _ if index == 0 || (docstring.is_none() && methods.is_empty()) => {
                if !is_docstring(statement) {
                    return None;
                }
                docstring = Some(statement);
            }
            _ => return None,
        }
    }
    let find = |wanted: &str| methods.iter().find(|(method, _)| *method == wanted).map(|(_, node)| *node);
    let is_async = find("__aenter__").is_some();
    let (enter_name, exit_name) = if is_async { ("__aenter__", "__aexit__") } else { ("__enter__", "__exit__") };
    let enter = find(enter_name)?;
    let exit = find(exit_name)?;
    let init = find("__init__");
    if methods.len() != 2 + usize::from(init.is_some()) {
        return None;
    }
    if syntax::is_async(enter) != is_async || syntax::is_async(exit) != is_async || init.is_some_and(syntax::is_async) {
        return None;
    }
    if !only_entered_by_with(context, name_node, name) {
        return None;
    }

    // Each method: `self` only as `self.attribute`, no `return` but `__enter__`'s last statement,
    // no `yield`, `global`, `nonlocal`, `super` or `__class__`.
    let mut parts: Vec<Part> = Vec::new();
    for (role, method) in [(Role::Init, init), (Role::Enter, Some(enter)), (Role::Exit, Some(exit))] {
        let Some(method) = method else { continue };
        parts.push(part(context, role, method)?);
    }
    let attributes: HashSet<String> = parts.iter().flat_map(|part| part.attributes.iter().cloned()).collect();
    // Names must not meet once the three bodies share one scope: a local of one method must be
    // no name of another, and no attribute name may be a variable anywhere, but for `self.x = x`
    // from a parameter of `__init__`.
    for (index, part) in parts.iter().enumerate() {
        for (other_index, other) in parts.iter().enumerate() {
            if index != other_index && part.locals.iter().any(|local| other.names.contains(local)) {
                return None;
            }
        }
        if part.names.iter().any(|used| attributes.contains(used) && !part.stored_parameters.contains(used)) {
            return None;
        }
    }

    // The new function.
    let indent = indentation_at(text, class.start_byte()).to_owned();
    let unit = indent_unit(context, body.named_child(0).unwrap_or(body));
    let inner = format!("{indent}{unit}");
    let deeper = format!("{inner}{unit}");
    let (decorator_module, decorator) = ("contextlib", if is_async { "asynccontextmanager" } else { "contextmanager" });
    let (decorator, import) = imported_name(context, decorator_module, decorator, class)?;
    let parameters = match (init, parts.iter().find(|part| part.role == Role::Init)) {
        (Some(init), Some(_)) => parameters_without_self(context, init)?,
        _ => "()".to_owned(),
    };
    let mut lines = Lines::new(context);
    lines.push(&indent, &format!("@{decorator}"));
    let keyword = if is_async { "async def" } else { "def" };
    let head_comment = header_comment(context, class).map(|comment| format!("  {}", text_of(text, comment))).unwrap_or_default();
    lines.push(&indent, &format!("{keyword} {name}{parameters}:{head_comment}"));
    if let Some(docstring) = docstring {
        lines.statements(context, &[docstring], &inner, &[])?;
    }
    // Comments tree-sitter puts at the end of a method's block, outdented, stand before what follows.
    for part in &parts {
        comments.extend(part.trailing.iter().copied());
    }
    comments.sort_by_key(|comment| comment.start_byte());
    let mut leading: Vec<Node> = comments.clone();
    let mut pending = |before: usize| -> Vec<Node> {
        let (taken, kept): (Vec<Node>, Vec<Node>) = leading.iter().partition(|comment| comment.start_byte() < before);
        leading = kept;
        taken
    };
    let enter_part = parts.iter().find(|part| part.role == Role::Enter)?;
    let exit_part = parts.iter().find(|part| part.role == Role::Exit)?;
    for part in parts.iter().filter(|part| part.role != Role::Exit) {
        let before = pending(part.method.start_byte());
        lines.statements(context, &before, &inner, &[])?;
        if let Some(comment) = header_comment(context, part.method) {
            lines.push(&inner, text_of(text, comment));
        }
        lines.statements(context, &part.kept, &inner, &part.replacements)?;
    }
    let yielded = match enter_part.returned {
        Some(value) => format!("yield {}", source::expression(context, value, &enter_part.replacements)?),
        None => "yield".to_owned(),
    };
    let exit_comments = pending(exit_part.method.start_byte());
    let exit_is_empty = exit_part.kept.iter().all(|statement| matches!(statement.kind(), "pass_statement" | "comment"))
        && header_comment(context, exit_part.method).is_none()
        && exit_comments.is_empty();
    if exit_is_empty {
        lines.push(&inner, &yielded);
    } else {
        lines.push(&inner, "try:");
        lines.push(&deeper, &yielded);
        lines.push(&inner, "finally:");
        lines.statements(context, &exit_comments, &deeper, &[])?;
        if let Some(comment) = header_comment(context, exit_part.method) {
            lines.push(&deeper, text_of(text, comment));
        }
        lines.statements(context, &exit_part.kept, &deeper, &exit_part.replacements)?;
    }
    let rest = pending(usize::MAX);
    lines.statements(context, &rest, &inner, &[])?;
    lines.statements(context, &class_trailing, &indent, &[])?;

    let mut edits = vec![source::replace_statement(context, class, lines.finish())];
    edits.extend(import);
    let function = if is_async { "`@asynccontextmanager` function" } else { "`@contextmanager` function" };
    Some(Rewrite { title: format!("Rewrite `{name}` as a {function}"), topic: TopicId::ContextManagers.as_str(), edits })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Init,
    Enter,
    Exit,
}

/// One method as the function will hold it.
struct Part<'tree> {
    role: Role,
    method: Node<'tree>,
    /// The statements and comments that move, in order.
    kept: Vec<Node<'tree>>,
    /// `self.x` → `x`.
    replacements: Vec<Edit>,
    /// What `__enter__` returns.
    returned: Option<Node<'tree>>,
    /// The names of `self.<name>` the method uses.
    attributes: HashSet<String>,
    /// The method's own locals (parameters but `self`, assignments), and every variable name it
    /// mentions, nested scopes included.
    locals: HashSet<String>,
    names: HashSet<String>,
    /// Parameters `x` of `__init__` that the dropped statement `self.x = x` stores.
    stored_parameters: HashSet<String>,
    /// Comments at the end of the method's block, indented as the class body.
    trailing: Vec<Node<'tree>>,
}

fn part<'tree>(context: &Context<'tree>, role: Role, method: Node<'tree>) -> Option<Part<'tree>> {
    let text = context.text;
    let body = body_of(context, method)?;
    let parameters = method.child_by_field_name("parameters")?;
    let first = parameters.named_child(0).filter(|first| first.kind() == "identifier")?;
    let self_name = text_of(text, first);
    match role {
        Role::Enter => {
            if parameters.named_child_count() != 1 {
                return None;
            }
        }
        Role::Exit | Role::Init => {}
    }
    if !own(method, &["yield", "global_statement", "nonlocal_statement"]).is_empty() || source::has_declarations(body) {
        return None;
    }
    let returns = own(method, &["return_statement"]);
    let mut statements: Vec<Node> = body_nodes(context, method, body);
    let trailing = take_trailing_comments(context, &mut statements);
    let last = statements.iter().rev().find(|statement| statement.kind() != "comment").copied();
    let mut returned = None;
    let mut kept = statements.clone();
    match role {
        Role::Enter => {
            if let Some(last_return) = last.filter(|last| last.kind() == "return_statement") {
                if returns.len() != 1 {
                    return None;
                }
                returned = last_return.named_child(0);
                if returned.is_some_and(|value| text_of(text, value) == "None") {
                    returned = None;
                }
                kept.retain(|statement| statement.id() != last_return.id());
            } else if !returns.is_empty() {
                return None;
            }
        }
        Role::Init | Role::Exit => {
            if !returns.is_empty() {
                return None;
            }
        }
    }

    // `self` only as the object of `self.name`; names.
    let mut attributes = HashSet::new();
    let mut replacements = Vec::new();
    let mut names = HashSet::new();
    for identifier in syntax::descendants(body, "identifier") {
        let word = text_of(text, identifier);
        if !syntax::is_variable_name(identifier) {
            continue;
        }
        if matches!(word, "super" | "__class__") {
            return None;
        }
        if word != self_name {
            names.insert(word.to_owned());
            continue;
        }
        let attribute = identifier.parent().filter(|parent| {
            parent.kind() == "attribute" && parent.child_by_field_name("object").is_some_and(|object| object.id() == identifier.id())
        })?;
        let attribute_name = text_of(text, attribute.child_by_field_name("attribute")?);
        if attribute_name.starts_with("__") || text_of(text, attribute).contains(['\n', '\r', '\\']) {
            return None;
        }
        attributes.insert(attribute_name.to_owned());
        replacements.push(Edit { range: attribute.byte_range(), text: attribute_name.to_owned() });
    }
    let mut locals: HashSet<String> = scope_bindings(text, method).locals;
    locals.remove(self_name);
    let mut parameter_names = Vec::new();
    crate::analysis::semantics::imports::collect_parameter_names(text, parameters, &mut parameter_names);
    if parameter_names.iter().filter(|parameter| parameter.as_str() == self_name).count() != 1 {
        return None;
    }
    if role == Role::Exit {
        // `__exit__`'s exception parameters disappear: the body must not read them.
        for parameter in parameter_names.iter().skip(1) {
            if names.contains(parameter) {
                return None;
            }
            locals.remove(parameter);
        }
    }

    // `self.x = x` in `__init__`, from parameter `x`, is dropped: `x` is already the local.
    let mut stored_parameters = HashSet::new();
    let mut dropped: Vec<Node> = Vec::new();
    if role == Role::Init {
        for statement in statements.iter().filter(|statement| statement.kind() == "expression_statement") {
            let Some(assignment) =
                statement.named_child(0).filter(|node| node.kind() == "assignment" && statement.named_child_count() == 1)
            else {
                continue;
            };
            let (Some(left), Some(right)) = (assignment.child_by_field_name("left"), assignment.child_by_field_name("right")) else {
                continue;
            };
            if assignment.child_by_field_name("type").is_some() || left.kind() != "attribute" || right.kind() != "identifier" {
                continue;
            }
            let object = left.child_by_field_name("object").map(|object| text_of(text, object));
            let attribute = left.child_by_field_name("attribute").map(|attribute| text_of(text, attribute));
            let value = text_of(text, right);
            if object != Some(self_name) || attribute != Some(value) || !parameter_names.iter().any(|parameter| parameter == value) {
                continue;
            }
            // `x` must keep meaning the stored value: read only here, stored nowhere else, and
            // `self.x` not read before.
            let bare_uses = syntax::descendants(body, "identifier")
                .into_iter()
                .filter(|identifier| text_of(text, *identifier) == value && syntax::is_variable_name(*identifier))
                .count();
            let earlier_attribute = replacements.iter().any(|edit| edit.text == value && edit.range.start < left.start_byte());
            if bare_uses != 1 || earlier_attribute || !source::owns_its_lines(context, *statement) {
                return None;
            }
            stored_parameters.insert(value.to_owned());
            dropped.push(*statement);
            kept.retain(|kept_statement| kept_statement.id() != statement.id());
            replacements.retain(|edit| edit.range != left.byte_range());
        }
    }
    // Another store of a stored parameter's attribute would make `x` and `self.x` differ.
    for stored in &stored_parameters {
        let stores = syntax::descendants(body, "attribute").into_iter().filter(|attribute| {
            attribute.child_by_field_name("object").is_some_and(|object| text_of(text, object) == self_name)
                && attribute.child_by_field_name("attribute").is_some_and(|name| text_of(text, name) == stored)
                && is_stored(*attribute)
                && !dropped.iter().any(|statement| syntax::contains(*statement, *attribute))
        });
        if stores.count() > 0 {
            return None;
        }
    }
    if role == Role::Init {
        locals.extend(parameter_names.iter().skip(1).cloned());
    }
    let kept_lines = kept.iter().filter(|statement| statement.kind() != "comment").count();
    if kept_lines == 0 && role != Role::Exit {
        kept.retain(|statement| statement.kind() == "comment");
    }
    // A lone `pass` has nothing to say in the function.
    if kept.iter().all(|statement| matches!(statement.kind(), "pass_statement" | "comment")) && role != Role::Exit {
        kept.retain(|statement| statement.kind() == "comment");
    }
    Some(Part { role, method, kept, replacements, returned, attributes, locals, names, stored_parameters, trailing })
}

/// Whether an `attribute` node is an assignment target.
fn is_stored(attribute: Node) -> bool {
    let mut child = attribute;
    while let Some(parent) = child.parent() {
        match parent.kind() {
            "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list" | "parenthesized_expression" | "expression_list" => {
                child = parent;
            }
            "assignment" | "augmented_assignment" | "for_statement" => {
                return parent.child_by_field_name("left").is_some_and(|left| left.id() == child.id());
            }
            "delete_statement" | "as_pattern_target" => return true,
            _ => return false,
        }
    }
    false
}

/// `(self, label, out=print)` as `(label, out=print)`.
fn parameters_without_self(context: &Context, init: Node) -> Option<String> {
    let text = context.text;
    let parameters = init.child_by_field_name("parameters")?;
    if text_of(text, parameters).contains(['\n', '\r', '#']) {
        return None;
    }
    match parameters.named_child(1) {
        None => Some("()".to_owned()),
        Some(second) if second.kind() == "positional_separator" => None,
        Some(second) => Some(format!("({}", &text[second.start_byte()..parameters.end_byte()])),
    }
}

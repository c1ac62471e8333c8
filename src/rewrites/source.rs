//! What the rewrites share: finding the definition under the cursor, moving statements to
//! another indentation with some names replaced (strings and comments kept as they are), and
//! where a name is used.

use std::ops::Range;

use tree_sitter::Node;

use crate::analysis::syntax::{self, text_of};
use crate::analysis::Context;
use crate::fixes::edits::{line_end, newline_of, starts_line};
use crate::fixes::{indentation_at, Edit};

/// The def or class of `kind` whose header (decorators included) holds `at.start`: the
/// innermost one, so a cursor on a method's name means the method.
pub fn definition_at<'tree>(context: &Context<'tree>, at: &Range<usize>, kind: &str) -> Option<Node<'tree>> {
    let mut node = context.tree.root_node().descendant_for_byte_range(at.start, at.start)?;
    loop {
        if node.kind() == kind {
            let body = node.child_by_field_name("body")?;
            if outer(node).start_byte() <= at.start && at.start < body.start_byte() {
                // Half-typed code is input, not something to rewrite.
                return (!outer(node).has_error()).then_some(node);
            }
        }
        node = node.parent()?;
    }
}

/// The statement a def or class is: its `decorated_definition` when it has decorators.
pub fn outer(definition: Node) -> Node {
    definition.parent().filter(|parent| parent.kind() == "decorated_definition").unwrap_or(definition)
}

/// The statements and comments of a block, in document order.
pub fn children(block: Node) -> Vec<Node> {
    let mut cursor = block.walk();
    let found = block.named_children(&mut cursor).collect();
    found
}

/// The statements and comments of the body `block` of `owner` (a def, class, loop or clause),
/// with the comments tree-sitter puts between the header and the block (those on lines of their
/// own) first.
pub fn body_nodes<'tree>(context: &Context<'tree>, owner: Node<'tree>, block: Node<'tree>) -> Vec<Node<'tree>> {
    let mut found: Vec<Node> = children(owner)
        .into_iter()
        .filter(|node| node.kind() == "comment" && node.end_byte() <= block.start_byte() && starts_line(context.text, node.start_byte()))
        .collect();
    found.extend(children(block));
    found
}

/// Takes the comments off the end of `nodes` (a block's) that are indented less than the block's
/// first statement: they stand before whatever follows the block.
pub fn take_trailing_comments<'tree>(context: &Context<'tree>, nodes: &mut Vec<Node<'tree>>) -> Vec<Node<'tree>> {
    let Some(first) = nodes.iter().find(|node| node.kind() != "comment") else { return Vec::new() };
    let width = indentation_at(context.text, first.start_byte()).len();
    let mut taken = Vec::new();
    while let Some(last) = nodes.last() {
        let outdented = last.kind() == "comment"
            && starts_line(context.text, last.start_byte())
            && indentation_at(context.text, last.start_byte()).len() < width;
        if !outdented {
            break;
        }
        taken.extend(nodes.pop());
    }
    taken.reverse();
    taken
}

/// A def's or class's body when every statement of it starts a line (no `def f(): pass`).
pub fn body_of<'tree>(context: &Context<'tree>, definition: Node<'tree>) -> Option<Node<'tree>> {
    let body = definition.child_by_field_name("body")?;
    let first = body.named_child(0)?;
    starts_line(context.text, first.start_byte()).then_some(body)
}

/// The comment on a header line after its colon (`def __enter__(self):  # start`), which
/// tree-sitter may put before the body.
pub fn header_comment<'tree>(context: &Context<'tree>, definition: Node<'tree>) -> Option<Node<'tree>> {
    let body = definition.child_by_field_name("body").or_else(|| definition.child_by_field_name("consequence"))?;
    let mut cursor = definition.walk();
    let found = definition
        .children(&mut cursor)
        .find(|child| child.kind() == "comment" && child.end_byte() <= body.start_byte() && !starts_line(context.text, child.start_byte()));
    found
}

/// The text between the parentheses of a parameter list, trimmed; `None` when they are missing.
pub fn inside_parentheses<'tree>(context: &Context<'tree>, parameters: Node) -> Option<&'tree str> {
    let source = text_of(context.text, parameters);
    source.strip_prefix('(')?.strip_suffix(')').map(str::trim)
}

/// Lines of new code, joined with the file's line break at the end.
pub struct Lines<'a> {
    text: &'a str,
    lines: Vec<String>,
}

impl<'a> Lines<'a> {
    pub fn new(context: &Context<'a>) -> Self {
        Lines { text: context.text, lines: Vec::new() }
    }

    /// One new line at `indent` (an empty line when `line` is empty).
    pub fn push(&mut self, indent: &str, line: &str) {
        if line.is_empty() {
            self.lines.push(String::new());
        } else {
            self.lines.push(format!("{indent}{line}"));
        }
    }

    pub fn blank(&mut self) {
        if self.lines.last().is_some_and(|last| !last.is_empty()) {
            self.lines.push(String::new());
        }
    }

    /// The statements and comments `nodes` (each starting a line), moved to `indent` with
    /// `replacements` applied: every line keeps its indentation relative to its statement's
    /// first line, lines inside a string stay as they are, blank lines between kept statements
    /// stay. `None` when a node does not start its line or a replacement spans lines.
    pub fn statements(&mut self, context: &Context, nodes: &[Node], indent: &str, replacements: &[Edit]) -> Option<()> {
        let text = self.text;
        let mut previous_end: Option<usize> = None;
        for node in nodes {
            if !starts_line(text, node.start_byte()) {
                // A trailing comment or a second statement after `;` moves with its line.
                if previous_end.is_some_and(|end| node.start_byte() < end) {
                    continue;
                }
                // The comment of a statement that does not move keeps a line of its own.
                if node.kind() == "comment" {
                    self.push(indent, text_of(text, *node));
                    previous_end = Some(line_end(text, node.end_byte()));
                    continue;
                }
                return None;
            }
            let from = node.start_byte() - indentation_at(text, node.start_byte()).len();
            let to = line_end(text, node.end_byte());
            if let Some(end) = previous_end {
                if text[end.min(from)..from].matches('\n').count() > 1 {
                    self.blank();
                }
            }
            let base = indentation_at(text, node.start_byte());
            let mut line_start = from;
            loop {
                let line_stop = line_end(text, line_start).min(to.max(line_start));
                let mut line = String::new();
                let mut at = line_start;
                for edit in replacements.iter().filter(|edit| edit.range.start >= line_start && edit.range.start < line_stop) {
                    if edit.range.end > line_stop || edit.range.start < at {
                        return None;
                    }
                    line.push_str(&text[at..edit.range.start]);
                    line.push_str(&edit.text);
                    at = edit.range.end;
                }
                line.push_str(&text[at..line_stop]);
                if line_start > from && inside_string(context, line_start) {
                    self.lines.push(line);
                } else if line.trim().is_empty() {
                    self.lines.push(String::new());
                } else if let Some(rest) = line.strip_prefix(base) {
                    self.lines.push(format!("{indent}{rest}"));
                } else {
                    self.lines.push(line);
                }
                if line_stop >= to {
                    break;
                }
                line_start = line_stop + if text[line_stop..].starts_with("\r\n") { 2 } else { 1 };
                if line_start > text.len() {
                    break;
                }
            }
            previous_end = Some(to);
        }
        Some(())
    }

    /// The lines, each ended by the file's line break.
    pub fn finish(self) -> String {
        let newline = newline_of(self.text);
        let mut out = String::new();
        for line in self.lines {
            out.push_str(line.trim_end_matches([' ', '\t']));
            out.push_str(newline);
        }
        out
    }
}

/// Whether `offset` lies inside a string literal (a line of a triple-quoted string).
pub fn inside_string(context: &Context, offset: usize) -> bool {
    let Some(mut node) = context.tree.root_node().descendant_for_byte_range(offset, offset) else { return false };
    loop {
        if matches!(node.kind(), "string" | "string_content") && node.start_byte() < offset && offset < node.end_byte() {
            return true;
        }
        match node.parent() {
            Some(parent) => node = parent,
            None => return false,
        }
    }
}

/// The edit replacing a whole statement (a def or class with its decorators) by `new`, which
/// ends with a line break: from the start of its first line to the end of its last.
pub fn replace_statement(context: &Context, statement: Node, new: String) -> Edit {
    let text = context.text;
    let start = statement.start_byte() - indentation_at(text, statement.start_byte()).len();
    let mut end = line_end(text, statement.end_byte());
    if text[end..].starts_with("\r\n") {
        end += 2;
    } else if end < text.len() {
        end += 1;
    }
    let mut new = new;
    if end == text.len() && !text.ends_with('\n') {
        let newline = newline_of(text);
        if new.ends_with(newline) {
            new.truncate(new.len() - newline.len());
        }
    }
    Edit { range: start..end, text: new }
}

/// Whether a def or class statement has its lines to itself (nothing before it on its first line,
/// nothing but a comment after it on its last).
pub fn owns_its_lines(context: &Context, statement: Node) -> bool {
    let text = context.text;
    let rest = text[statement.end_byte()..line_end(text, statement.end_byte())].trim();
    starts_line(text, statement.start_byte()) && (rest.is_empty() || rest.starts_with('#'))
}

/// Whether every use of `name` in the file other than the binding `definition_name` is the
/// callee of a call that is a `with` (or `async with`) item: `with Timer(...) as t:`.
pub fn only_entered_by_with(context: &Context, definition_name: Node, name: &str) -> bool {
    context.identifiers_named(name).into_iter().filter(|use_| use_.id() != definition_name.id()).all(|use_| {
        if !syntax::is_variable_name(use_) {
            return true;
        }
        let Some(call) = use_.parent().filter(|call| {
            call.kind() == "call" && call.child_by_field_name("function").is_some_and(|function| function.id() == use_.id())
        }) else {
            return false;
        };
        let item = call.parent().filter(|parent| parent.kind() == "as_pattern").and_then(|pattern| pattern.parent()).or(call.parent());
        item.is_some_and(|item| item.kind() == "with_item")
    })
}

/// The nodes of a def's own body (not those of nested defs, lambdas and classes) of `kind`.
pub fn own<'tree>(function: Node<'tree>, kinds: &[&str]) -> Vec<Node<'tree>> {
    syntax::own_body_nodes(function).into_iter().filter(|node| kinds.contains(&node.kind())).collect()
}

/// Whether `node` holds a `global` or `nonlocal` statement, at any depth.
pub fn has_declarations(node: Node) -> bool {
    !syntax::descendants(node, "global_statement").is_empty() || !syntax::descendants(node, "nonlocal_statement").is_empty()
}

/// The text of `node` with `replacements` applied, on one line; `None` when it spans lines.
pub fn expression(context: &Context, node: Node, replacements: &[Edit]) -> Option<String> {
    let text = context.text;
    let source = text_of(text, node);
    if source.contains(['\n', '\r']) {
        return None;
    }
    let mut out = String::new();
    let mut at = node.start_byte();
    for edit in replacements.iter().filter(|edit| edit.range.start >= node.start_byte() && edit.range.end <= node.end_byte()) {
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.text);
        at = edit.range.end;
    }
    out.push_str(&text[at..node.end_byte()]);
    Some(out)
}

/// Whether `self.<name>` is valid where this identifier is bound: an assignment, augmented
/// assignment, `for` or `with ... as` target, or `del`.
pub fn attribute_can_bind(identifier: Node) -> bool {
    let mut child = identifier;
    while let Some(parent) = child.parent() {
        match parent.kind() {
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "tuple"
            | "list"
            | "parenthesized_expression"
            | "expression_list"
            | "list_splat_pattern" => child = parent,
            "assignment" | "augmented_assignment" | "for_statement" => {
                return parent.child_by_field_name("left").is_some_and(|left| left.id() == child.id());
            }
            "as_pattern_target" => {
                return parent.parent().and_then(|pattern| pattern.parent()).is_some_and(|item| item.kind() == "with_item");
            }
            "delete_statement" => return true,
            _ => return false,
        }
    }
    false
}

/// Whether `function` (with the single parameter `parameter`) is a decorator rather than any
/// function factory: the file applies it as `@name`, or an inner def it defines is decorated
/// with `functools.wraps(parameter)`.
pub fn is_decorator(context: &Context, function: Node, parameter: &str) -> bool {
    let text = context.text;
    let Some(name) = function.child_by_field_name("name") else { return false };
    let applied = context
        .identifiers_named(text_of(text, name))
        .into_iter()
        .any(|use_| use_.parent().is_some_and(|parent| parent.kind() == "decorator"));
    let Some(body) = function.child_by_field_name("body") else { return false };
    let wraps = syntax::descendants(body, "decorator").into_iter().any(|decorator| {
        let Some(call) = decorator.named_child(0).filter(|call| call.kind() == "call") else { return false };
        let arguments = syntax::positional_arguments(call);
        call.child_by_field_name("function").is_some_and(|callee| context.resolve(callee).as_deref() == Some("functools.wraps"))
            && matches!(arguments.as_slice(), [only] if only.kind() == "identifier" && text_of(text, *only) == parameter)
    });
    applied || wraps
}

/// Whether code under `node` names something `__private` (two underscores first, not last):
/// inside a class body Python mangles such names to `_Class__private`, so moving that code into
/// or out of a class would change what it names.
pub fn has_private_names(context: &Context, node: Node) -> bool {
    syntax::descendants(node, "identifier").into_iter().any(|identifier| {
        let name = text_of(context.text, identifier);
        name.starts_with("__") && !name.ends_with("__")
    })
}

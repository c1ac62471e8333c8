//! An `if isinstance(x, A): ... elif isinstance(x, (B, C)): ... else: ...` chain on one plain
//! name as `match x:` with `case A():`, `case B() | C():` and `case _:`. Only when the
//! configured Python version has `match` (3.10).

use std::ops::Range;

use tree_sitter::Node;

use super::source::{self, body_nodes, children, header_comment, take_trailing_comments, Lines};
use super::Rewrite;
use crate::analysis::semantics::classes::visible_definition;
use crate::analysis::semantics::scopes::scope_bindings;
use crate::analysis::syntax::{self, text_of};
use crate::analysis::Context;
use crate::fixes::edits::indent_unit;
use crate::fixes::indentation_at;
use crate::settings::Settings;

/// The topic that explains `match`.
const TOPIC: &str = "pattern-matching";

/// Built-in classes a class pattern accepts as they are.
const BUILTIN_CLASSES: &[&str] = &[
    "bool",
    "bytearray",
    "bytes",
    "complex",
    "dict",
    "float",
    "frozenset",
    "int",
    "list",
    "object",
    "set",
    "str",
    "tuple",
    "type",
    "range",
    "slice",
    "memoryview",
    "BaseException",
    "Exception",
    "ArithmeticError",
    "LookupError",
    "OSError",
    "ValueError",
    "TypeError",
    "KeyError",
    "IndexError",
    "AttributeError",
    "RuntimeError",
    "NotImplementedError",
];

pub fn offer(context: &Context, at: &Range<usize>, settings: &Settings) -> Option<Rewrite> {
    if !settings.python_at_least(3, 10) {
        return None;
    }
    let text = context.text;
    let if_statement = if_at(context, at)?;
    if !source::owns_its_lines(context, if_statement) {
        return None;
    }
    // The branches: (condition or `None` for `else`, block, the clause node).
    let mut branches: Vec<(Option<Node>, Node, Node)> =
        vec![(Some(if_statement.child_by_field_name("condition")?), if_statement.child_by_field_name("consequence")?, if_statement)];
    for clause in children(if_statement) {
        match clause.kind() {
            "elif_clause" => {
                branches.push((Some(clause.child_by_field_name("condition")?), clause.child_by_field_name("consequence")?, clause))
            }
            "else_clause" => branches.push((None, clause.child_by_field_name("body")?, clause)),
            _ => {}
        }
    }
    // A chain: at least two tests (`if` and `elif`); a lone `if isinstance(...)`/`else` stays.
    if branches.iter().filter(|(condition, _, _)| condition.is_some()).count() < 2 {
        return None;
    }
    let mut subject: Option<&str> = None;
    let mut patterns = Vec::new();
    for (condition, block, _) in &branches {
        body_of_block(context, *block)?;
        let Some(condition) = condition else {
            patterns.push("_".to_owned());
            continue;
        };
        let (name, classes) = isinstance_test(context, *condition)?;
        if subject.is_some_and(|subject| subject != name) {
            return None;
        }
        subject = Some(name);
        patterns.push(classes.iter().map(|class| format!("{class}()")).collect::<Vec<_>>().join(" | "));
    }
    let subject = subject?;

    let indent = indentation_at(text, if_statement.start_byte()).to_owned();
    let unit = indent_unit(context, if_statement.child_by_field_name("consequence")?.named_child(0)?);
    let inner = format!("{indent}{unit}");
    let deeper = format!("{inner}{unit}");
    let mut lines = Lines::new(context);
    lines.push(&indent, &format!("match {subject}:"));
    let between: Vec<Node> = children(if_statement)
        .into_iter()
        .filter(|node| node.kind() == "comment" && crate::fixes::edits::starts_line(text, node.start_byte()))
        .collect();
    let mut previous_end = if_statement.start_byte();
    for ((_, block, clause), pattern) in branches.iter().zip(&patterns) {
        let here: Vec<Node> = between
            .iter()
            .filter(|node| node.start_byte() >= previous_end && node.end_byte() <= clause.start_byte().max(block.start_byte()))
            .copied()
            .collect();
        if clause.id() != if_statement.id() {
            lines.statements(context, &here, &inner, &[])?;
        }
        previous_end = block.end_byte();
        // Comments between the branches belong to the clause that follows them.
        let comment = clause_comment(context, *clause, *block).map(|comment| format!("  {}", text_of(text, comment))).unwrap_or_default();
        lines.push(&inner, &format!("case {pattern}:{comment}"));
        let mut nodes = body_nodes(context, *clause, *block);
        let trailing = take_trailing_comments(context, &mut nodes);
        lines.statements(context, &nodes, &deeper, &[])?;
        lines.statements(context, &trailing, &inner, &[])?;
    }
    let edits = vec![source::replace_statement(context, if_statement, lines.finish())];
    Some(Rewrite { title: format!("Rewrite the `isinstance` chain on `{subject}` as `match`"), topic: TOPIC, edits })
}

/// The `if` statement whose `if` line holds the cursor (not an `elif`'s: the chain starts there).
fn if_at<'tree>(context: &Context<'tree>, at: &Range<usize>) -> Option<Node<'tree>> {
    let mut node = context.tree.root_node().descendant_for_byte_range(at.start, at.start)?;
    loop {
        if node.kind() == "if_statement" {
            let consequence = node.child_by_field_name("consequence")?;
            if node.start_byte() <= at.start && at.start < consequence.start_byte() {
                return (!node.has_error()).then_some(node);
            }
        }
        node = node.parent()?;
    }
}

fn body_of_block<'tree>(context: &Context<'tree>, block: Node<'tree>) -> Option<()> {
    let first = block.named_child(0)?;
    crate::fixes::edits::starts_line(context.text, first.start_byte()).then_some(())
}

/// The comment on a clause's header line (`elif isinstance(x, B):  # note`).
fn clause_comment<'tree>(context: &Context<'tree>, clause: Node<'tree>, block: Node<'tree>) -> Option<Node<'tree>> {
    if clause.kind() == "if_statement" {
        return header_comment(context, clause).filter(|comment| comment.end_byte() <= block.start_byte());
    }
    header_comment(context, clause)
}

/// `isinstance(x, A)` or `isinstance(x, (A, b.B))`: the name and the classes.
fn isinstance_test<'tree>(context: &Context<'tree>, condition: Node<'tree>) -> Option<(&'tree str, Vec<&'tree str>)> {
    let text = context.text;
    if condition.kind() != "call" {
        return None;
    }
    let callee = condition.child_by_field_name("function").filter(|callee| callee.kind() == "identifier")?;
    if text_of(text, callee) != "isinstance" || context.imports.is_bound_locally("isinstance", condition) {
        return None;
    }
    if scope_bindings(text, context.tree.root_node()).locals.contains("isinstance") {
        return None;
    }
    let arguments = condition.child_by_field_name("arguments")?;
    let parts: Vec<Node> = children(arguments).into_iter().filter(|node| node.kind() != "comment").collect();
    let [subject, classes] = parts.as_slice() else { return None };
    if subject.kind() != "identifier" {
        return None;
    }
    let classes: Vec<Node> = match classes.kind() {
        "tuple" | "parenthesized_expression" => children(*classes).into_iter().filter(|node| node.kind() != "comment").collect(),
        _ => vec![*classes],
    };
    let mut names = Vec::new();
    for class in classes {
        if !is_class_name(context, class) {
            return None;
        }
        names.push(text_of(text, class));
    }
    (!names.is_empty()).then_some((text_of(text, *subject), names))
}

/// Whether a class pattern can name `node`: a class of this file, a built-in class, or a
/// capitalised name imported from elsewhere (a class by convention). A variable holding a tuple
/// of classes would make `case NAME():` raise TypeError.
fn is_class_name(context: &Context, node: Node) -> bool {
    let text = context.text;
    match node.kind() {
        "identifier" => {
            let name = text_of(text, node);
            if visible_definition(context, "class_definition", name, node).is_some() {
                return true;
            }
            if BUILTIN_CLASSES.contains(&name) {
                return !context.imports.is_bound_locally(name, node)
                    && !scope_bindings(text, context.tree.root_node()).locals.contains(name);
            }
            if let Some(qualified) = context.resolve(node) {
                let last = qualified.rsplit('.').next().unwrap_or(&qualified);
                return qualified.contains('.')
                    && last.chars().next().is_some_and(char::is_uppercase)
                    && context.imports.module_binding(text, node).is_none();
            }
            false
        }
        "attribute" => {
            let last = node.child_by_field_name("attribute").map(|attribute| text_of(text, attribute)).unwrap_or("");
            syntax::last_name(node).is_some() && context.resolve(node).is_some() && last.chars().next().is_some_and(char::is_uppercase)
        }
        _ => false,
    }
}

//! A mutable default becomes `None`, with `if NAME is None: NAME = <the old default>` as the first
//! statement after the docstring; an annotation `T` becomes `Optional[T]` or `T | None`.

use tree_sitter::Node;

use super::edits::{import_insertion, indent_unit, is_docstring, line_end, starts_line};
use super::{indentation_at, Edit, Tier};
use crate::analysis::pitfalls::mutable_default_argument::mutable_default;
use crate::analysis::semantics::scopes::{binding_in_scope, defining_scope};
use crate::analysis::syntax::{self, last_name, text_of};
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "mutable-default-argument";

pub fn fix(context: &Context, finding: &Finding, settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let node = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    let parameter = syntax::ancestor(node, &["default_parameter", "typed_default_parameter"])?;
    let value = mutable_default(parameter).filter(|value| value.byte_range() == finding.range)?;
    let function = parameter.parent()?.parent().filter(|function| function.kind() == "function_definition")?;
    let name = text_of(context.text, parameter.child_by_field_name("name")?);
    if !same_names_inside(context, value, function) {
        return None;
    }
    let mut edits = Vec::new();
    if let Some(annotation) = parameter.child_by_field_name("type").and_then(|annotation| annotation.named_child(0)) {
        if !accepts_none(context, annotation) {
            edits.extend(optional_annotation(context, annotation, settings)?);
        }
    }
    edits.push(Edit { range: parameter.child_by_field_name("value")?.byte_range(), text: "None".to_owned() });
    edits.push(body_insertion(context, function, name, value)?);
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    Some((Tier::Offered, edits))
}

/// Whether every name the default reads means the same in the body as beside the `def`: not a
/// parameter or local of the function, and not a class attribute when the def is a method.
fn same_names_inside(context: &Context, value: Node, function: Node) -> bool {
    let outer = syntax::enclosing_scope(function);
    context
        .nodes_in("identifier", value.byte_range())
        .iter()
        .filter(|identifier| syntax::contains(value, **identifier) && syntax::is_variable_name(**identifier))
        .all(|identifier| {
            // Names bound by a comprehension inside the default stay local to it.
            if syntax::contains(value, defining_scope(*identifier, context.text)) {
                return true;
            }
            let name = text_of(context.text, *identifier);
            binding_in_scope(function, name, context.text).is_none()
                && outer
                    .filter(|scope| scope.kind() == "class_definition")
                    .is_none_or(|class| binding_in_scope(class, name, context.text).is_none())
        })
}

/// The text of a (multi-line) default with its continuation lines moved along with its first line,
/// which now starts at `new_indent`; lines inside a string literal stay as they are.
fn reindented(context: &Context, value: Node, new_indent: &str) -> String {
    let text = context.text;
    let old_indent = indentation_at(text, value.start_byte());
    let mut out = String::new();
    let mut at = value.start_byte();
    while let Some(offset) = text[at..value.end_byte()].find('\n') {
        let start = at + offset + 1;
        out.push_str(&text[at..start]);
        let inside_string = context.tree.root_node().descendant_for_byte_range(start, start).is_some_and(|node| {
            let mut current = Some(node);
            while let Some(node) = current {
                if node.kind() == "string" && node.start_byte() < start {
                    return true;
                }
                current = node.parent();
            }
            false
        });
        if !inside_string && text[start..].starts_with(old_indent) {
            out.push_str(new_indent);
            at = start + old_indent.len();
        } else {
            at = start;
        }
    }
    out.push_str(&text[at..value.end_byte()]);
    out
}

/// Whether an annotation already admits `None`: `Optional[...]`, a union with `None`, `Any`, `object`.
fn accepts_none(context: &Context, annotation: Node) -> bool {
    match annotation.kind() {
        "none" => true,
        "identifier" | "attribute" => last_name(annotation).is_some_and(|name| matches!(text_of(context.text, name), "Any" | "object")),
        "binary_operator" => {
            let operands = [annotation.child_by_field_name("left"), annotation.child_by_field_name("right")];
            operands.into_iter().flatten().any(|operand| accepts_none(context, operand))
        }
        "generic_type" | "subscript" => {
            let base = if annotation.kind() == "subscript" { annotation.child_by_field_name("value") } else { annotation.named_child(0) };
            match base.and_then(last_name).map(|name| text_of(context.text, name)) {
                Some("Optional") => true,
                Some("Union") => {
                    let mut stack = vec![annotation];
                    let mut found = false;
                    while let Some(node) = stack.pop() {
                        let mut cursor = node.walk();
                        for child in node.named_children(&mut cursor) {
                            match child.kind() {
                                "none" => found = true,
                                "type" | "type_parameter" => stack.push(child),
                                _ => {}
                            }
                        }
                    }
                    found
                }
                _ => false,
            }
        }
        "string" => {
            let source = text_of(context.text, annotation);
            source.contains("None") || source.contains("Optional[")
        }
        _ => false,
    }
}

/// `T | None` from 3.10, else `Optional[T]` with the `typing` import added once.
fn optional_annotation(context: &Context, annotation: Node, settings: &Settings) -> Option<Vec<Edit>> {
    if settings.python_at_least(3, 10) {
        if annotation.kind() == "string" {
            // A string annotation stays one string: `"Foo" | None` would fail at run time.
            let source = text_of(context.text, annotation);
            let plain =
                (source.starts_with('"') || source.starts_with('\'')) && !source.starts_with("\"\"\"") && !source.starts_with("'''");
            let end = annotation.named_children(&mut annotation.walk()).find(|part| part.kind() == "string_end")?;
            let mut cursor = annotation.walk();
            let simple =
                annotation.named_children(&mut cursor).all(|part| matches!(part.kind(), "string_start" | "string_content" | "string_end"));
            return (plain && simple).then(|| vec![Edit { range: end.start_byte()..end.start_byte(), text: " | None".to_owned() }]);
        }
        if !matches!(annotation.kind(), "identifier" | "attribute" | "subscript" | "generic_type" | "binary_operator" | "call") {
            return None;
        }
        if annotation.kind() == "binary_operator" && syntax::token(annotation, "|").is_none() {
            return None;
        }
        return Some(vec![Edit { range: annotation.end_byte()..annotation.end_byte(), text: " | None".to_owned() }]);
    }
    let mut edits = vec![
        Edit { range: annotation.start_byte()..annotation.start_byte(), text: "Optional[".to_owned() },
        Edit { range: annotation.end_byte()..annotation.end_byte(), text: "]".to_owned() },
    ];
    edits.extend(optional_import(context, annotation)?);
    Some(edits)
}

/// The edit that makes `Optional` mean `typing.Optional` at module level, if one is needed;
/// `None` when the name is taken by something else.
fn optional_import(context: &Context, annotation: Node) -> Option<Option<Edit>> {
    let root = context.tree.root_node();
    let mut cursor = root.walk();
    let typing_imports: Vec<Node> = root
        .named_children(&mut cursor)
        .filter(|statement| {
            statement.kind() == "import_from_statement"
                && statement.start_byte() < annotation.start_byte()
                && statement
                    .child_by_field_name("module_name")
                    .is_some_and(|module| matches!(text_of(context.text, module), "typing" | "typing_extensions"))
        })
        .collect();
    let imported = typing_imports.iter().any(|import| {
        let mut cursor = import.walk();
        let found = import
            .children_by_field_name("name", &mut cursor)
            .any(|name| name.kind() == "dotted_name" && text_of(context.text, name) == "Optional");
        found
    });
    if imported {
        return Some(None);
    }
    let taken = context.identifiers_named("Optional").iter().any(|identifier| syntax::is_variable_name(*identifier));
    if taken {
        return None;
    }
    let extendable = typing_imports
        .iter()
        .find(|import| import.child_by_field_name("module_name").is_some_and(|module| text_of(context.text, module) == "typing"));
    if let Some(import) = extendable {
        let mut cursor = import.walk();
        if let Some(last) = import.children_by_field_name("name", &mut cursor).last() {
            return Some(Some(Edit { range: last.end_byte()..last.end_byte(), text: ", Optional".to_owned() }));
        }
    }
    Some(Some(import_insertion(context, "from typing import Optional")))
}

/// The edit that puts `if NAME is None: NAME = <default>` first in the body, after the docstring,
/// splitting a one-line def.
fn body_insertion(context: &Context, function: Node, name: &str, value: Node) -> Option<Edit> {
    let text = context.text;
    let body = function.child_by_field_name("body")?;
    let mut cursor = body.walk();
    let statements: Vec<Node> = body.named_children(&mut cursor).filter(|statement| statement.kind() != "comment").collect();
    let first = *statements.first()?;
    let has_docstring = is_docstring(first);
    if has_docstring && statements.get(1).is_some_and(|second| !text[first.end_byte()..second.start_byte()].contains(['\n', '\r'])) {
        // `"""doc"""; rest` on one line: the new statement has no line of its own to go on.
        return None;
    }
    let unit = indent_unit(context, function);
    let colon = syntax::token(function, ":")?;
    let one_line = !text[colon.end_byte()..body.start_byte()].contains(['\n', '\r']);
    let indent = if one_line {
        format!("{}{unit}", indentation_at(text, function.start_byte()))
    } else {
        indentation_at(text, first.start_byte()).to_owned()
    };
    let default = reindented(context, value, &format!("{indent}{unit}"));
    let check = format!("if {name} is None:\n{indent}{unit}{name} = {default}");
    match (one_line, has_docstring) {
        (true, true) => {
            // `def f(x=[]): "doc"` gets its docstring on a line of its own, then the check.
            let docstring = text_of(text, first);
            Some(Edit { range: colon.end_byte()..first.end_byte(), text: format!("\n{indent}{docstring}\n{indent}{check}") })
        }
        (true, false) => Some(Edit { range: colon.end_byte()..body.start_byte(), text: format!("\n{indent}{check}\n{indent}") }),
        (false, true) => {
            let end = line_end(text, first.end_byte());
            Some(Edit { range: end..end, text: format!("\n{indent}{check}") })
        }
        (false, false) => {
            if !starts_line(text, first.start_byte()) {
                return None;
            }
            Some(Edit { range: first.start_byte()..first.start_byte(), text: format!("{check}\n{indent}") })
        }
    }
}

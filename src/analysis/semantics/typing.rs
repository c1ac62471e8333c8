//! Names from `typing`: where the file uses `typing.<name>` (through `typing_extensions`, a
//! vendored copy or an alias), and the parts of a subscripted typing expression.

use tree_sitter::Node;

use crate::analysis::syntax::text_of;
use crate::analysis::Context;

const TYPING_MODULES: &[&str] = &["typing", "typing_extensions"];

/// Every use of `typing.<name>` or `typing_extensions.<name>` outside import statements, aliases
/// resolved: the anchor token (the last name) and the whole expression (`Final`, `t.Final`).
pub fn typing_uses<'tree>(context: &Context<'tree>, name: &str) -> Vec<(Node<'tree>, Node<'tree>)> {
    let imported = typing_imports(context, name);
    let mut found = Vec::new();
    for identifier in context.nodes("identifier") {
        let text = text_of(context.text, *identifier);
        if (text == name || imported.iter().any(|local| local == text))
            && is_value_use(*identifier)
            && names_typing(context, *identifier, name, &imported)
        {
            found.push((*identifier, *identifier));
        }
    }
    for attribute in context.nodes("attribute") {
        let Some(member) = attribute.child_by_field_name("attribute") else { continue };
        if text_of(context.text, member) == name && names_typing(context, *attribute, name, &imported) {
            found.push((member, *attribute));
        }
    }
    found.sort_by_key(|(token, _)| token.start_byte());
    found
}

/// The expression (identifier or attribute) whose anchor token is `anchor`, if it names `typing.<name>`.
pub fn typing_expression<'tree>(context: &Context<'tree>, anchor: Node<'tree>, name: &str) -> Option<Node<'tree>> {
    let expression = match anchor.parent() {
        Some(parent)
            if parent.kind() == "attribute" && parent.child_by_field_name("attribute").is_some_and(|member| member.id() == anchor.id()) =>
        {
            parent
        }
        _ => anchor,
    };
    names_typing(context, expression, name, &typing_imports(context, name)).then_some(expression)
}

/// The arguments of `expression[...]` when the expression is subscripted (`Literal["r", "w"]`),
/// from a `subscript` node or from a `generic_type` of an annotation.
pub fn subscript_arguments<'tree>(expression: Node<'tree>) -> Option<Vec<Node<'tree>>> {
    let parent = expression.parent()?;
    match parent.kind() {
        "subscript" if parent.child_by_field_name("value").is_some_and(|value| value.id() == expression.id()) => {
            let mut cursor = parent.walk();
            let arguments: Vec<Node> = parent.children_by_field_name("subscript", &mut cursor).collect();
            // `Literal[("r", "w")]` and `Literal["r", "w"]` are the same subscription.
            if let [single] = arguments.as_slice() {
                if single.kind() == "tuple" {
                    let mut inner = single.walk();
                    return Some(single.named_children(&mut inner).filter(|part| part.kind() != "comment").collect());
                }
            }
            Some(arguments)
        }
        "generic_type" => {
            let mut cursor = parent.walk();
            let parameters = parent.named_children(&mut cursor).find(|child| child.kind() == "type_parameter")?;
            let mut inner = parameters.walk();
            let arguments = parameters
                .named_children(&mut inner)
                .filter(|child| child.kind() == "type")
                .map(|child| if child.named_child_count() == 1 { child.named_child(0).unwrap_or(child) } else { child })
                .collect();
            Some(arguments)
        }
        _ => None,
    }
}

/// Whether `expression` refers to `typing.<name>`. A name imported in several places
/// (`from typing import Protocol` in one branch, `from abc import ABC as Protocol` in another)
/// may be either, so any import of it from `typing` counts; a local binding shadows them all.
fn names_typing(context: &Context, expression: Node, name: &str, imported: &[String]) -> bool {
    let Some(qualified) = context.resolve(expression) else { return false };
    if is_typing_name(&qualified, name) {
        return true;
    }
    expression.kind() == "identifier"
        && !qualified.starts_with("builtins.")
        && imported.iter().any(|local| local == text_of(context.text, expression))
}

/// Whether a qualified name is `typing.<name>` or `typing_extensions.<name>`; a vendored copy
/// (`pip._vendor.typing_extensions`) is the same module.
pub fn is_typing_name(qualified: &str, name: &str) -> bool {
    let Some(module) = qualified.strip_suffix(name).and_then(|rest| rest.strip_suffix('.')) else { return false };
    TYPING_MODULES.contains(&module) || module.ends_with(".typing_extensions")
}

/// The local names that `from typing import <name>` (or `... as alias`) binds, from `typing`,
/// `typing_extensions` or a vendored `typing_extensions`.
fn typing_imports(context: &Context, name: &str) -> Vec<String> {
    let mut locals = Vec::new();
    for statement in &context.file_nodes("import_from_statement") {
        let Some(module) = statement.child_by_field_name("module_name") else { continue };
        let module = text_of(context.text, module);
        if !(TYPING_MODULES.contains(&module) || module.ends_with(".typing_extensions")) {
            continue;
        }
        let mut cursor = statement.walk();
        for imported in statement.children_by_field_name("name", &mut cursor) {
            let (original, local) = match imported.kind() {
                "aliased_import" => (imported.child_by_field_name("name"), imported.child_by_field_name("alias")),
                _ => (Some(imported), Some(imported)),
            };
            if let (Some(original), Some(local)) = (original, local) {
                if text_of(context.text, original) == name {
                    locals.push(text_of(context.text, local).to_owned());
                }
            }
        }
    }
    locals
}

/// An identifier read as a value: not an attribute's member, a keyword argument's name, a
/// definition's name, a parameter, or part of an import, `global` or `nonlocal` statement.
fn is_value_use(identifier: Node) -> bool {
    let Some(parent) = identifier.parent() else { return false };
    let is_field = |field: &str| parent.child_by_field_name(field).is_some_and(|child| child.id() == identifier.id());
    match parent.kind() {
        "attribute" => !is_field("attribute"),
        "keyword_argument" => !is_field("name"),
        "function_definition" | "class_definition" => !is_field("name"),
        "default_parameter" | "typed_default_parameter" => !is_field("name"),
        "parameters" | "lambda_parameters" | "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => false,
        "dotted_name" | "aliased_import" | "import_statement" | "import_from_statement" | "future_import_statement" => false,
        "global_statement" | "nonlocal_statement" | "keyword_pattern" | "member_type" => false,
        _ => true,
    }
}

/// The `if` statements of the whole file whose condition is `TYPE_CHECKING` or
/// `typing.TYPE_CHECKING` (aliases resolved), in document order.
pub fn type_checking_ifs<'tree>(context: &Context<'tree>) -> Vec<Node<'tree>> {
    context.file_nodes("if_statement").into_iter().filter(|statement| is_type_checking_if(context, *statement)).collect()
}

/// Whether `statement` is `if TYPE_CHECKING:` or `if typing.TYPE_CHECKING:`.
pub fn is_type_checking_if(context: &Context, statement: Node) -> bool {
    let Some(condition) = statement.child_by_field_name("condition") else { return false };
    let token = match condition.kind() {
        "identifier" => condition,
        "attribute" => match condition.child_by_field_name("attribute") {
            Some(member) => member,
            None => return false,
        },
        _ => return false,
    };
    typing_expression(context, token, "TYPE_CHECKING").is_some_and(|expression| expression.id() == condition.id())
}

/// Whether `node` lies in the body of an `if TYPE_CHECKING:` (not its `elif` or `else`).
pub fn in_type_checking_block(context: &Context, node: Node) -> bool {
    let mut current = node.parent();
    while let Some(parent) = current {
        if parent.kind() == "if_statement"
            && parent.child_by_field_name("consequence").is_some_and(|body| crate::analysis::syntax::contains(body, node))
            && is_type_checking_if(context, parent)
        {
            return true;
        }
        current = parent.parent();
    }
    false
}

/// Whether the file has `from __future__ import annotations`, which keeps annotations unevaluated.
pub fn future_annotations(context: &Context) -> bool {
    context.file_nodes("future_import_statement").into_iter().any(|statement| {
        let mut cursor = statement.walk();
        // `from __future__ import annotations as _annotations` counts too.
        let found = statement.children_by_field_name("name", &mut cursor).any(|name| {
            let name = if name.kind() == "aliased_import" { name.child_by_field_name("name").unwrap_or(name) } else { name };
            text_of(context.text, name) == "annotations"
        });
        found
    })
}

//! Anchors from a topic's `[anchors]` name lists, resolved through the file's imports.

use tree_sitter::Node;

use crate::analysis::syntax::{self, decorator_callee, last_name};
use crate::analysis::Context;
use crate::knowledge::NameAnchors;

/// Anchor tokens for the qualified names listed in `anchors`. A bare decorator counts as a call
/// of its name (`@retry` calls `retry(function)`).
pub fn anchors<'tree>(context: &Context<'tree>, anchors: &NameAnchors) -> Vec<Node<'tree>> {
    if anchors.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    if !anchors.calls.is_empty() {
        for call in context.nodes("call") {
            let Some(callee) = call.child_by_field_name("function") else { continue };
            if matches_any(context, callee, &anchors.calls) {
                found.extend(last_name(callee));
            }
        }
        // `@retry` is a call of `retry` with the function too (`@retry(...)` is a call above).
        for decorator in context.nodes("decorator") {
            let Some(callee) = decorator.named_child(0).filter(|callee| matches!(callee.kind(), "identifier" | "attribute")) else {
                continue;
            };
            if matches_any(context, callee, &anchors.calls) {
                found.extend(last_name(callee));
            }
        }
    }
    if !anchors.decorators.is_empty() {
        for decorator in context.nodes("decorator") {
            let Some(callee) = decorator_callee(*decorator) else { continue };
            if matches_any(context, callee, &anchors.decorators) {
                found.extend(last_name(callee));
            }
        }
    }
    if !anchors.bases.is_empty() {
        for class in context.nodes("class_definition") {
            let inherits = syntax::bases(*class).into_iter().any(|base| {
                let base = if base.kind() == "subscript" { base.child_by_field_name("value").unwrap_or(base) } else { base };
                matches_any(context, base, &anchors.bases)
            });
            if inherits {
                found.extend(class.child_by_field_name("name"));
            }
        }
    }
    if !anchors.names.is_empty() {
        for kind in ["identifier", "attribute"] {
            for node in context.nodes(kind) {
                if is_name_use(*node) && matches_any(context, *node, &anchors.names) {
                    found.extend(last_name(*node));
                }
            }
        }
    }
    found
}

/// Whether `expression` resolves to one of `names`.
pub fn matches_any(context: &Context, expression: Node, names: &[String]) -> bool {
    match context.resolve(expression) {
        Some(qualified) => names.contains(&qualified),
        None => false,
    }
}

/// An identifier or attribute read as a value: not part of a larger dotted name, not an
/// attribute's member name, not inside an import, not a keyword argument's name.
fn is_name_use(node: Node) -> bool {
    let Some(parent) = node.parent() else { return false };
    match parent.kind() {
        // `typing.Final`: the attribute node is the use, not its parts.
        "attribute" if node.kind() == "identifier" => return false,
        "keyword_argument" if parent.child_by_field_name("name").is_some_and(|name| name.id() == node.id()) => return false,
        "dotted_name" | "aliased_import" | "import_statement" | "import_from_statement" => return false,
        "function_definition" | "class_definition" if parent.child_by_field_name("name").is_some_and(|name| name.id() == node.id()) => {
            return false
        }
        _ => {}
    }
    true
}

/// What a workspace topic's anchor is here, in one line: the qualified name it resolves to and
/// what the code does with it (decorates a function, calls it, inherits from it).
pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    // A `bases` anchor is the class's name.
    if let Some(class) = anchor.parent().filter(|class| class.kind() == "class_definition") {
        if class.child_by_field_name("name").is_some_and(|name| name.id() == anchor.id()) {
            let inherited = syntax::bases(class).into_iter().find_map(|base| {
                let base = if base.kind() == "subscript" { base.child_by_field_name("value").unwrap_or(base) } else { base };
                context.resolve(base).filter(|qualified| !qualified.starts_with("builtins."))
            });
            return inherited.map(|qualified| format!("`{}` inherits from `{qualified}`.", context.text_of(anchor))).into_iter().collect();
        }
    }
    let mut expression = anchor;
    while let Some(parent) = expression.parent().filter(|parent| parent.kind() == "attribute") {
        if parent.child_by_field_name("attribute").is_some_and(|name| name.id() == expression.id()) {
            expression = parent;
        } else {
            break;
        }
    }
    let Some(qualified) = context.resolve(expression) else { return Vec::new() };
    let Some(parent) = expression.parent() else { return Vec::new() };
    let code = |node: Node| syntax::snippet(context.text, node, 60);
    let name = context.text_of(expression);
    // `; `retry` is `ourlib.retry.retry``, unless the code spells the qualified name already.
    let is = if name == qualified { String::new() } else { format!("; `{name}` is `{qualified}`") };
    let defined = |decorator: Node| {
        let definition = decorator.parent()?.child_by_field_name("definition")?;
        let name = definition.child_by_field_name("name")?;
        Some(format!("`{}`", context.text_of(name)))
    };
    let note = match parent.kind() {
        "decorator" => {
            let target = defined(parent).unwrap_or_else(|| "the definition below".into());
            format!("`@{name}` decorates {target}{is}.")
        }
        "call" if parent.child_by_field_name("function").is_some_and(|callee| callee.id() == expression.id()) => {
            match parent.parent().filter(|outer| outer.kind() == "decorator") {
                Some(decorator) => {
                    let target = defined(decorator).unwrap_or_else(|| "the definition below".into());
                    format!("`@{}` decorates {target}{is}.", code(parent))
                }
                None => format!("`{}` calls `{qualified}`.", code(parent)),
            }
        }
        _ if name == qualified => return Vec::new(),
        _ => format!("`{name}` is `{qualified}`."),
    };
    vec![note]
}

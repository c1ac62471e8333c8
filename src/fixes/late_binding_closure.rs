//! The fix of `late-binding-closure`: a `name=name` keyword parameter per captured loop variable,
//! so the default freezes the value of the iteration that created the function.

use tree_sitter::Node;

use super::{Edit, Tier};
use crate::analysis::pitfalls::late_binding_closure::{captured_loop_variables, function_at};
use crate::analysis::semantics::scopes::Scopes;
use crate::analysis::syntax::descendants;
use crate::analysis::syntax::{self, text_of};
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "late-binding-closure";

pub fn fix(context: &Context, finding: &Finding, _settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let anchor = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    let function = function_at(anchor)?;
    let mut scopes = Scopes::default();
    let capture = captured_loop_variables(context, &mut scopes, function)?;
    // A `global`/`nonlocal` declaration of a captured name means the body (or a function inside it)
    // rebinds the loop's variable: a parameter would change which variable that updates.
    let body = function.child_by_field_name("body")?;
    for declaration in descendants(body, "global_statement").into_iter().chain(descendants(body, "nonlocal_statement")) {
        let mut cursor = declaration.walk();
        let declares_captured = declaration
            .named_children(&mut cursor)
            .any(|name| capture.names.iter().any(|captured| captured == text_of(context.text, name)));
        if declares_captured {
            return None;
        }
    }
    let addition = capture.names.iter().map(|name| format!("{name}={name}")).collect::<Vec<_>>().join(", ");
    Some((Tier::Offered, vec![parameter_edit(function, &addition)?]))
}

/// Inserts `addition` as the last keyword parameters: after `*args` and keyword-only parameters,
/// before `**kwargs`.
fn parameter_edit(function: Node, addition: &str) -> Option<Edit> {
    let Some(parameters) = function.child_by_field_name("parameters") else {
        // `lambda: ...` has no parameter list: the new one goes after the keyword.
        let keyword = syntax::token(function, "lambda")?;
        return Some(Edit { range: keyword.end_byte()..keyword.end_byte(), text: format!(" {addition}") });
    };
    let mut cursor = parameters.walk();
    let items: Vec<Node> = parameters.named_children(&mut cursor).filter(|item| item.kind() != "comment").collect();
    let keywords = items.iter().find(|item| is_double_star(**item));
    if let Some(keywords) = keywords {
        let at = keywords.start_byte();
        return Some(Edit { range: at..at, text: format!("{addition}, ") });
    }
    match items.last() {
        Some(last) => Some(Edit { range: last.end_byte()..last.end_byte(), text: format!(", {addition}") }),
        None => {
            // `def f():` — inside the parentheses.
            let open = syntax::token(parameters, "(")?;
            Some(Edit { range: open.end_byte()..open.end_byte(), text: addition.to_owned() })
        }
    }
}

/// `**kwargs`, annotated or not.
fn is_double_star(parameter: Node) -> bool {
    match parameter.kind() {
        "dictionary_splat_pattern" => true,
        "typed_parameter" => parameter.named_child(0).is_some_and(|inner| inner.kind() == "dictionary_splat_pattern"),
        _ => false,
    }
}

//! `raise StopIteration` / `raise StopIteration(v)` in a generator becomes `return` / `return v`.

use super::{Edit, Tier};
use crate::analysis::pitfalls::stop_iteration_in_generator::matches_raise;
use crate::analysis::syntax::{self, text_of};
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "stop-iteration-in-generator";

pub fn fix(context: &Context, finding: &Finding, _settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let node = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    let statement = if node.kind() == "raise_statement" { node } else { syntax::ancestor(node, &["raise_statement"])? };
    let (raised, function) = matches_raise(context, statement)?;
    // `raise ... from cause` evaluates the cause; only `from None` can be dropped unseen.
    if statement.child_by_field_name("cause").is_some_and(|cause| cause.kind() != "none") {
        return None;
    }
    let mut cursor = statement.walk();
    if statement.named_children(&mut cursor).any(|child| child.kind() == "comment") {
        return None;
    }
    let value = match raised.kind() {
        "call" => {
            let arguments = raised.child_by_field_name("arguments")?;
            if arguments.kind() == "generator_expression" {
                Some(text_of(context.text, arguments).to_owned())
            } else {
                let mut cursor = arguments.walk();
                let parts: Vec<_> = arguments.named_children(&mut cursor).collect();
                match parts.as_slice() {
                    [] => None,
                    // `StopIteration(a, b).value` is `a`, so only a single plain argument maps to `return v`.
                    [only] if !matches!(only.kind(), "keyword_argument" | "list_splat" | "dictionary_splat" | "comment") => {
                        let source = text_of(context.text, *only);
                        Some(if only.kind() == "named_expression" { format!("({source})") } else { source.to_owned() })
                    }
                    _ => return None,
                }
            }
        }
        _ => None,
    };
    let replacement = match value {
        // An async generator cannot return a value.
        Some(_) if syntax::is_async(function) => return None,
        Some(value) => format!("return {value}"),
        None => "return".to_owned(),
    };
    Some((Tier::Safe, vec![Edit { range: statement.byte_range(), text: replacement }]))
}

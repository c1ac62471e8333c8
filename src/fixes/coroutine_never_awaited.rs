//! A dropped coroutine call in an `async def` gets `await ` in front of it.

use super::{Edit, Tier};
use crate::analysis::pitfalls::coroutine_never_awaited::dropped_coroutine;
use crate::analysis::syntax;
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "coroutine-never-awaited";

pub fn fix(context: &Context, finding: &Finding, _settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let node = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    let statement = if node.kind() == "expression_statement" { node } else { syntax::ancestor(node, &["expression_statement"])? };
    let call = dropped_coroutine(context, statement)?;
    // `await` is valid only directly in an `async def`.
    let scope = syntax::enclosing_scope(call)?;
    if scope.kind() != "function_definition" || !syntax::is_async(scope) {
        return None;
    }
    Some((Tier::Offered, vec![Edit { range: call.start_byte()..call.start_byte(), text: "await ".to_owned() }]))
}

//! `time.sleep(x)` as a statement of an `async def` becomes `await asyncio.sleep(x)`, through the
//! file's `asyncio` module name or an `import asyncio` added once.

use super::edits::{add_import, module_imports};
use super::{Edit, Tier};
use crate::analysis::pitfalls::blocking_call_in_async::matches_call;
use crate::analysis::syntax::{self, positional_arguments, text_of};
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "blocking-call-in-async";

/// Async libraries whose event loops `asyncio.sleep` does not serve.
const OTHER_LOOPS: &[&str] = &["trio", "anyio", "curio"];

pub fn fix(context: &Context, finding: &Finding, _settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let node = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    let call = syntax::ancestor(node, &["call"])?;
    let (qualified, _) = matches_call(context, call)?;
    if qualified != "time.sleep" {
        return None;
    }
    // Only a whole statement: inside a larger expression the value of `await` would change it.
    let statement = call.parent().filter(|parent| parent.kind() == "expression_statement" && parent.named_child_count() == 1)?;
    let function = syntax::enclosing_scope(statement)?;
    if function.kind() != "function_definition" || !syntax::is_async(function) {
        return None;
    }
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let parts = arguments.named_children(&mut cursor).filter(|part| part.kind() != "comment").count();
    if parts != 1 || positional_arguments(call).len() != 1 {
        return None;
    }
    if imports_other_loop(context) {
        return None;
    }
    let imports = module_imports(context);
    let module = imports.iter().find(|import| import.qualified == "asyncio" && import.statement.kind() == "import_statement");
    let mut edits = Vec::new();
    let name = match module {
        Some(import) => import.name.clone(),
        None => {
            if context.imports.is_bound_locally("asyncio", call) {
                return None;
            }
            edits.push(add_import(context, "import asyncio"));
            "asyncio".to_owned()
        }
    };
    // The module's name must mean the module where the call stands.
    if module.is_some() && context.imports.module_binding_named(&name, call).as_deref() != Some("asyncio") {
        return None;
    }
    edits.push(Edit { range: call.byte_range(), text: format!("await {name}.sleep{}", text_of(context.text, arguments)) });
    edits.sort_by_key(|edit| edit.range.start);
    Some((Tier::Offered, edits))
}

/// Whether any import statement of the file, at any depth, imports `trio`, `anyio` or `curio`.
fn imports_other_loop(context: &Context) -> bool {
    let is_other = |module: &str| {
        let top = module.trim().split('.').next().unwrap_or("");
        OTHER_LOOPS.contains(&top)
    };
    let plain = context.file_nodes("import_statement").into_iter().any(|statement| {
        let mut cursor = statement.walk();
        let found = statement.children_by_field_name("name", &mut cursor).any(|name| {
            let module = if name.kind() == "aliased_import" { name.child_by_field_name("name") } else { Some(name) };
            module.is_some_and(|module| is_other(text_of(context.text, module)))
        });
        found
    });
    plain
        || context.file_nodes("import_from_statement").into_iter().any(|statement| {
            statement.child_by_field_name("module_name").is_some_and(|module| is_other(text_of(context.text, module)))
        })
}

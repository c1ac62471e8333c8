//! The fix of `decorator-missing-wraps`: `@functools.wraps(p)` right above the wrapper's `def`,
//! plus `import functools` once (or `@wraps(p)` when `wraps` is already imported).
//! Also home of the import helpers the `abc` fix shares.

use super::edits::{add_import, module_imports, newline_of};
use super::{indentation_at, Edit, Tier};
use crate::analysis::pitfalls::decorator_missing_wraps::unwrapped_wrapper;
use crate::analysis::semantics::scopes::Scopes;
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "decorator-missing-wraps";

pub fn fix(context: &Context, finding: &Finding, _settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let name = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    let wrapper = name.parent().filter(|parent| parent.kind() == "function_definition")?;
    let found = unwrapped_wrapper(context, &mut Scopes::default(), wrapper)?;
    let mut edits = Vec::new();
    let imports = module_imports(context);
    // Reuse `from functools import wraps`, then `import functools`, else add the import.
    let existing = imports
        .iter()
        .find(|import| import.qualified == "functools.wraps")
        .or_else(|| imports.iter().find(|import| import.qualified == "functools"));
    let callee = match existing {
        Some(import) if import.qualified == "functools.wraps" => import.name.clone(),
        Some(import) => format!("{}.wraps", import.name),
        None => {
            if imports.iter().any(|import| import.name == "functools") {
                return None;
            }
            edits.push(add_import(context, "import functools"));
            "functools.wraps".to_owned()
        }
    };
    // The name must mean the import where the decorator runs, not a local of the same name.
    let first = callee.split('.').next().unwrap_or(&callee);
    if context.imports.is_bound_locally(first, wrapper) {
        return None;
    }
    let indent = indentation_at(context.text, wrapper.start_byte());
    let at = wrapper.start_byte();
    let newline = newline_of(context.text);
    edits.push(Edit { range: at..at, text: format!("@{callee}({}){newline}{indent}", found.parameter) });
    edits.sort_by_key(|edit| edit.range.start);
    Some((Tier::Offered, edits))
}

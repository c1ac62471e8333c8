//! The fix of `abstractmethod-without-abc`: `ABC` joins the class's bases, imported once.
//! Every diagnostic of one class gives byte-identical edits, so applying them together merges.
//! Not offered when a subclass in the file has a metaclass of its own, which `ABCMeta` would
//! conflict with.

use tree_sitter::Node;

use super::edits::{add_import, module_imports};
use super::{Edit, Tier};
use crate::analysis::pitfalls::abstractmethod_without_abc::{flagged_class, subclass_with_other_metaclass};
use crate::analysis::syntax::{self, text_of};
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "abstractmethod-without-abc";

pub fn fix(context: &Context, finding: &Finding, _settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let decorator = context.tree.root_node().named_descendant_for_byte_range(finding.range.start, finding.range.end)?;
    let decorator = if decorator.kind() == "decorator" { decorator } else { syntax::ancestor(decorator, &["decorator"])? };
    let class = flagged_class(context, decorator)?;
    if subclass_with_other_metaclass(context, class) {
        return None;
    }
    let (name, import_edit) = abc_reference(context, class)?;
    let mut edits = vec![base_edit(context, class, &name)?];
    edits.extend(import_edit);
    edits.sort_by_key(|edit| edit.range.start);
    Some((Tier::Offered, edits))
}

/// How the class statement can name `abc.ABC`, and the import edit that makes it available.
fn abc_reference(context: &Context, class: Node) -> Option<(String, Option<Edit>)> {
    let imports = module_imports(context);
    let before_class = |statement: Node| statement.end_byte() <= class.start_byte();
    let usable = |name: &str| !context.imports.is_bound_locally(name.split('.').next().unwrap_or(name), class);
    if let Some(import) =
        imports.iter().find(|import| import.qualified == "abc.ABC" && before_class(import.statement) && usable(&import.name))
    {
        return Some((import.name.clone(), None));
    }
    if let Some(import) = imports.iter().find(|import| import.qualified == "abc" && before_class(import.statement) && usable(&import.name))
    {
        return Some((format!("{}.ABC", import.name), None));
    }
    // Adding `ABC` must not rebind a name the file already uses.
    if imports.iter().any(|import| import.name == "ABC")
        || context.imports.is_bound_locally("ABC", class)
        || !unbound_in_module(context, "ABC")
    {
        return None;
    }
    // Extend `from abc import abstractmethod` when it runs before the class.
    let extended = imports.iter().find(|import| {
        import.statement.kind() == "import_from_statement"
            && before_class(import.statement)
            && import
                .statement
                .child_by_field_name("module_name")
                .is_some_and(|module| module.kind() == "dotted_name" && text_of(context.text, module) == "abc")
    });
    if let Some(import) = extended {
        let mut cursor = import.statement.walk();
        let first = import.statement.children_by_field_name("name", &mut cursor).next()?;
        return Some(("ABC".to_owned(), Some(Edit { range: first.start_byte()..first.start_byte(), text: "ABC, ".to_owned() })));
    }
    Some(("ABC".to_owned(), Some(add_import(context, "from abc import ABC"))))
}

/// Whether no statement of the module binds `name` (the resolver only sees the scopes above a node).
fn unbound_in_module(context: &Context, name: &str) -> bool {
    let bound = |kind: &str, field: &str| {
        context.nodes(kind).iter().any(|node| {
            syntax::enclosing_scope(*node).is_none()
                && node
                    .child_by_field_name(field)
                    .is_some_and(|target| target.kind() == "identifier" && text_of(context.text, target) == name)
        })
    };
    !bound("assignment", "left") && !bound("class_definition", "name") && !bound("function_definition", "name")
}

/// `class X:` → `class X(ABC):`, `class X(B):` → `class X(B, ABC):`; a lone `object` base becomes
/// `ABC`, and `ABC` goes before an `object` among others, so the MRO stays consistent.
fn base_edit(context: &Context, class: Node, name: &str) -> Option<Edit> {
    let Some(arguments) = class.child_by_field_name("superclasses") else {
        let after = class.child_by_field_name("type_parameters").or_else(|| class.child_by_field_name("name"))?;
        return Some(Edit { range: after.end_byte()..after.end_byte(), text: format!("({name})") });
    };
    let mut cursor = arguments.walk();
    let items: Vec<Node> = arguments.named_children(&mut cursor).filter(|item| item.kind() != "comment").collect();
    let bases = syntax::bases(class);
    let is_object = |base: &Node| base.kind() == "identifier" && context.resolve(*base).as_deref() == Some("builtins.object");
    if let [only] = items.as_slice() {
        if is_object(only) {
            return Some(Edit { range: only.byte_range(), text: name.to_owned() });
        }
    }
    if let Some(object) = bases.iter().find(|base| is_object(base)) {
        return Some(Edit { range: object.start_byte()..object.start_byte(), text: format!("{name}, ") });
    }
    if let Some(last) = bases.last() {
        return Some(Edit { range: last.end_byte()..last.end_byte(), text: format!(", {name}") });
    }
    match items.first() {
        Some(keyword) => Some(Edit { range: keyword.start_byte()..keyword.start_byte(), text: format!("{name}, ") }),
        None => {
            let open = syntax::token(arguments, "(")?;
            Some(Edit { range: open.end_byte()..open.end_byte(), text: name.to_owned() })
        }
    }
}

//! `dataclass-mutable-default`: a field of a `@dataclass` whose default is a mutable object,
//! which the decorator rejects (a list, dict or set; from 3.11 any unhashable value) or every
//! instance silently shares.

use tree_sitter::Node;

use crate::analysis::semantics::classes::{
    annotated_names, body_names, class_named, dataclass_of, is_enum, is_frozen_dataclass, is_named_tuple, local_ancestors, Dataclass,
    FieldKind, Flag,
};
use crate::analysis::syntax::{self, text_of};
use crate::analysis::{Context, Finding};
use crate::knowledge::Severity;

pub const CODE: &str = "dataclass-mutable-default";

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for class in context.nodes("class_definition") {
        if dataclass_of(context, *class).is_none() {
            continue;
        }
        for default in flagged_defaults(context, *class) {
            let Some(mut finding) = context.finding_at(CODE, default.value) else { continue };
            match default.rejected {
                Rejected::Always => finding.severity = Severity::Error,
                Rejected::From311 => {
                    finding.severity = Severity::Warning;
                    finding.severity_from = Some((3, 11, Severity::Error));
                }
                Rejected::Never => finding.severity = Severity::Warning,
            }
            out.push(finding);
        }
    }
}

/// When the decorator raises `ValueError` for a default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejected {
    /// A list, dict or set (or a subclass): on every version.
    Always,
    /// An unhashable value of another type: from 3.11.
    From311,
    /// A hashable mutable value: accepted and shared by every instance.
    Never,
}

/// A flagged default of a dataclass field.
pub struct MutableDefault<'tree> {
    /// The annotated assignment of the field.
    pub assignment: Node<'tree>,
    /// The default value: the assignment's value, or the `default=` argument of `field(...)`.
    pub value: Node<'tree>,
    /// The `field(...)` call when the value is its `default=` argument.
    pub field_call: Option<Node<'tree>>,
    pub rejected: Rejected,
}

/// The flagged defaults of the fields of the dataclass `class`.
pub fn flagged_defaults<'tree>(context: &Context<'tree>, class: Node<'tree>) -> Vec<MutableDefault<'tree>> {
    let mut found = Vec::new();
    for annotated in annotated_names(context, class) {
        if annotated.kind != FieldKind::Field {
            continue;
        }
        let Some(value) = annotated.value else { continue };
        let (value, field_call) = match field_default(context, value) {
            Some((default, call)) => (default, Some(call)),
            None if is_field_call(context, value) => continue,
            None => (value, None),
        };
        if let Some(rejected) = mutability(context, value) {
            found.push(MutableDefault { assignment: annotated.assignment, value, field_call, rejected });
        }
    }
    found
}

fn is_field_call(context: &Context, value: Node) -> bool {
    value.kind() == "call"
        && value.child_by_field_name("function").and_then(|callee| context.resolve(callee)).as_deref() == Some("dataclasses.field")
}

/// The `default=` argument of a `dataclasses.field(...)` call, with the call.
fn field_default<'tree>(context: &Context<'tree>, value: Node<'tree>) -> Option<(Node<'tree>, Node<'tree>)> {
    if !is_field_call(context, value) {
        return None;
    }
    syntax::keyword_argument(context.text, value, "default").map(|default| (default, value))
}

const ALWAYS: &[&str] = &[
    "builtins.list",
    "builtins.dict",
    "builtins.set",
    "collections.defaultdict",
    "collections.OrderedDict",
    "collections.Counter",
];
const UNHASHABLE: &[&str] = &["builtins.bytearray", "collections.deque"];

/// How the decorator treats `value` as a default, when it is a mutable object.
fn mutability(context: &Context, value: Node) -> Option<Rejected> {
    match value.kind() {
        "list" | "dictionary" | "set" | "list_comprehension" | "dictionary_comprehension" | "set_comprehension" => {
            return Some(Rejected::Always)
        }
        "call" => {}
        _ => return None,
    }
    let callee = value.child_by_field_name("function")?;
    if let Some(qualified) = context.resolve(callee) {
        if ALWAYS.contains(&qualified.as_str()) {
            return Some(Rejected::Always);
        }
        if UNHASHABLE.contains(&qualified.as_str()) {
            return Some(Rejected::From311);
        }
        return None;
    }
    if callee.kind() != "identifier" {
        return None;
    }
    let class = class_named(context, text_of(context.text, callee), value)?;
    local_class_mutability(context, class)
}

/// How an instance of a class of the file fares as a default; `None` for the classes whose
/// instances are meant to be shared: frozen dataclasses, enums, named tuples, descriptors.
fn local_class_mutability(context: &Context, class: Node) -> Option<Rejected> {
    if is_frozen_dataclass(context, class) || is_enum(context, class) || is_named_tuple(context, class) {
        return None;
    }
    let mut lineage = vec![class];
    lineage.extend(local_ancestors(context, class));
    let defines = |name: &str| lineage.iter().any(|current| body_names(context, *current).iter().any(|found| found == name));
    if defines("__get__") || defines("__set__") {
        return None;
    }
    let container_base = lineage.iter().flat_map(|current| syntax::bases(*current)).any(|base| {
        context.resolve(base).is_some_and(|qualified| ALWAYS.contains(&qualified.as_str()))
    });
    if container_base {
        return Some(Rejected::Always);
    }
    let unhashable_base = lineage.iter().flat_map(|current| syntax::bases(*current)).any(|base| {
        context.resolve(base).is_some_and(|qualified| UNHASHABLE.contains(&qualified.as_str()))
    });
    let own = body_names(context, class);
    let own_defines = |name: &str| own.iter().any(|found| found == name);
    let unhashable = unhashable_base
        || match dataclass_of(context, class) {
            Some(dataclass) => dataclass_unhashable(context.text, dataclass, own_defines("__hash__")),
            None => own_defines("__eq__") && !own_defines("__hash__"),
        };
    Some(if unhashable { Rejected::From311 } else { Rejected::Never })
}

/// Whether the decorator sets `__hash__` to `None`: `eq` true, not frozen, no `unsafe_hash`, no
/// `__hash__` of the class's own.
fn dataclass_unhashable(text: &str, dataclass: Dataclass, own_hash: bool) -> bool {
    !own_hash
        && dataclass.flag(text, "eq").or(true) == Some(true)
        && dataclass.flag(text, "frozen").or(false) == Some(false)
        && dataclass.flag(text, "unsafe_hash") != Flag::Set(true)
}

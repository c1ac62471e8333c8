//! Dependency injection: the `__init__` name of a class whose `__init__` builds a collaborator
//! itself (`self.X = C(...)`, `C` a plain class of this file) instead of receiving it.

use tree_sitter::Node;

use crate::analysis::semantics::classes::class_named;
use crate::analysis::semantics::imports::collect_parameter_names;
use crate::analysis::syntax::{self, code_list, decorator_callee, last_name, snippet, text_of};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "dependency-injection";
const DATA_DECORATORS: &[&str] = &[
    "dataclasses.dataclass",
    "attr.s",
    "attr.attrs",
    "attr.define",
    "attr.frozen",
    "attr.mutable",
    "attrs.define",
    "attrs.frozen",
    "attrs.mutable",
];
const DATA_BASES: &[&str] = &[
    "typing.NamedTuple",
    "typing_extensions.NamedTuple",
    "typing.TypedDict",
    "typing_extensions.TypedDict",
    "enum.Enum",
    "enum.IntEnum",
    "enum.StrEnum",
    "enum.Flag",
    "enum.IntFlag",
    "enum.ReprEnum",
];

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for class in context.nodes("class_definition") {
        let Some((_, init)) = syntax::methods(*class, context.text).into_iter().find(|(name, _)| name == "__init__") else { continue };
        let collaborators = collaborators(context, init);
        if collaborators.is_empty() {
            continue;
        }
        if let Some(name) = init.child_by_field_name("name") {
            out.push(context.occurrence(TOPIC, name, injection_notes(context, &collaborators)));
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(init) = anchor.parent().filter(|parent| parent.kind() == "function_definition") else { return Vec::new() };
    let collaborators = collaborators(context, init);
    if collaborators.is_empty() {
        return Vec::new();
    }
    injection_notes(context, &collaborators)
}

/// A `self.X = C(...)` statement of `__init__`: the attribute name, the class and the call.
struct Collaborator<'tree> {
    receiver: String,
    attribute: String,
    class: String,
    call: Node<'tree>,
}

/// The collaborators `__init__` builds unconditionally, in order.
fn collaborators<'tree>(context: &Context<'tree>, init: Node<'tree>) -> Vec<Collaborator<'tree>> {
    let Some(parameters) = init.child_by_field_name("parameters") else { return Vec::new() };
    let mut names = Vec::new();
    collect_parameter_names(context.text, parameters, &mut names);
    let Some(receiver) = names.first().cloned() else { return Vec::new() };
    let Some(body) = init.child_by_field_name("body") else { return Vec::new() };
    let mut found = Vec::new();
    for assignment in unconditional_assignments(body) {
        let mut targets = Vec::new();
        let mut value = Some(assignment);
        // `self.a = self.b = C()` assigns every target in the chain.
        while let Some(current) = value.filter(|node| node.kind() == "assignment") {
            targets.extend(current.child_by_field_name("left"));
            value = current.child_by_field_name("right");
        }
        let Some(call) = value.filter(|node| node.kind() == "call") else { continue };
        let Some(callee) = call.child_by_field_name("function").filter(|callee| callee.kind() == "identifier") else { continue };
        let class_name = text_of(context.text, callee);
        if names.iter().any(|name| name == class_name) || !is_plain_local_class(context, callee) {
            continue;
        }
        for target in targets {
            let Some(attribute) = self_attribute(context, target, &receiver) else { continue };
            let bare = attribute.trim_start_matches('_');
            let single = attribute.strip_prefix('_').unwrap_or(&attribute);
            if names.iter().any(|name| *name == attribute || name == bare || name == single) {
                continue;
            }
            found.push(Collaborator { receiver: receiver.clone(), attribute, class: class_name.to_owned(), call });
        }
    }
    found
}

/// Assignment nodes that always run when `__init__` does: statements of the body itself, and of
/// `with` blocks and `try` bodies and `finally` clauses in it; never under `if`, a loop or `except`.
fn unconditional_assignments(body: Node) -> Vec<Node> {
    let mut found = Vec::new();
    let mut stack = vec![body];
    while let Some(block) = stack.pop() {
        let mut cursor = block.walk();
        for statement in block.named_children(&mut cursor) {
            match statement.kind() {
                "expression_statement" => {
                    if let Some(assignment) = statement.named_child(0).filter(|node| node.kind() == "assignment") {
                        found.push(assignment);
                    }
                }
                "with_statement" => stack.extend(statement.child_by_field_name("body")),
                "try_statement" => {
                    stack.extend(statement.child_by_field_name("body"));
                    let mut inner = statement.walk();
                    for clause in statement.named_children(&mut inner).filter(|child| child.kind() == "finally_clause") {
                        let mut parts = clause.walk();
                        stack.extend(clause.named_children(&mut parts).filter(|part| part.kind() == "block"));
                    }
                }
                _ => {}
            }
        }
    }
    found.sort_by_key(|node| node.start_byte());
    found
}

/// `X` when `target` is `self.X` (with `self` the receiver parameter).
fn self_attribute(context: &Context, target: Node, receiver: &str) -> Option<String> {
    if target.kind() != "attribute" {
        return None;
    }
    let object = target.child_by_field_name("object").filter(|object| object.kind() == "identifier")?;
    if text_of(context.text, object) != receiver {
        return None;
    }
    target.child_by_field_name("attribute").map(|attribute| text_of(context.text, attribute).to_owned())
}

/// Whether `callee` names a class defined in this file that is not a dataclass, NamedTuple,
/// Enum or exception.
fn is_plain_local_class(context: &Context, callee: Node) -> bool {
    // An import or the builtins resolve to a qualified name; a local binding does not.
    if context.resolve(callee).is_some() {
        return false;
    }
    let name = text_of(context.text, callee);
    match class_named(context, name, callee) {
        Some(class) => !bound_otherwise(context, name) && !is_data_or_exception(context, class, 0),
        None => false,
    }
}

/// Whether `name` is also bound by an import, a def or a plain assignment somewhere in the
/// file, as in `try: from threading import RLock` / `except ImportError: class RLock: ...`.
fn bound_otherwise(context: &Context, name: &str) -> bool {
    let imported = context
        .file_nodes("aliased_import")
        .iter()
        .any(|aliased| aliased.child_by_field_name("alias").is_some_and(|alias| text_of(context.text, alias) == name))
        || ["import_statement", "import_from_statement"].iter().flat_map(|kind| context.file_nodes(kind)).any(|statement| {
            // The dotted names an import binds: its children other than the module it imports from.
            let module = statement.child_by_field_name("module_name");
            let mut cursor = statement.walk();
            let children: Vec<Node> = statement.named_children(&mut cursor).collect();
            children.iter().any(|dotted| {
                dotted.kind() == "dotted_name"
                    && module.is_none_or(|module| module.id() != dotted.id())
                    && dotted.named_child(0).is_some_and(|first| text_of(context.text, first) == name)
            })
        });
    let defined = context.identifiers_named(name).iter().any(|identifier| {
        identifier.parent().is_some_and(|parent| {
            parent.kind() == "function_definition" && parent.child_by_field_name("name").is_some_and(|found| found.id() == identifier.id())
        })
    });
    let assigned = context.identifiers_named(name).iter().any(|identifier| {
        identifier.parent().is_some_and(|parent| {
            parent.kind() == "assignment" && parent.child_by_field_name("left").is_some_and(|left| left.id() == identifier.id())
        })
    });
    imported || defined || assigned
}

/// A dataclass, attrs class, NamedTuple, TypedDict, Enum or exception class, or a class without
/// methods (here or in its bases of this file: a record of values), following base classes
/// defined in this file. Such objects are data handed around, not collaborators to swap.
fn is_data_or_exception(context: &Context, class: Node, depth: usize) -> bool {
    if depth > 20 {
        return false;
    }
    if without_methods(context, class, depth) {
        return true;
    }
    let decorated = syntax::decorators(class).into_iter().any(|decorator| {
        decorator_callee(decorator)
            .and_then(|callee| context.resolve(callee))
            .is_some_and(|qualified| DATA_DECORATORS.contains(&qualified.as_str()))
    });
    if decorated {
        return true;
    }
    syntax::bases(class).into_iter().any(|base| {
        let base = if base.kind() == "subscript" { base.child_by_field_name("value").unwrap_or(base) } else { base };
        match context.resolve(base) {
            Some(qualified) => DATA_BASES.contains(&qualified.as_str()) || is_exception_name(&qualified),
            None => match base.kind() {
                "identifier" => class_named(context, text_of(context.text, base), class)
                    .is_some_and(|parent| parent.id() != class.id() && is_data_or_exception(context, parent, depth + 1)),
                // `collections.namedtuple(...)` as a base, or a call we cannot follow.
                "call" => base
                    .child_by_field_name("function")
                    .and_then(|callee| context.resolve(callee))
                    .is_some_and(|qualified| qualified.ends_with("namedtuple")),
                _ => last_name(base).is_some_and(|member| is_exception_name(text_of(context.text, member))),
            },
        }
    })
}

/// Whether neither `class` nor its bases define a method: every base is `object` or a class of
/// this file without methods (a base from elsewhere may bring behaviour).
fn without_methods(context: &Context, class: Node, depth: usize) -> bool {
    if depth > 20 || !syntax::methods(class, context.text).is_empty() {
        return false;
    }
    syntax::bases(class).into_iter().all(|base| match context.resolve(base) {
        Some(qualified) => qualified == "builtins.object",
        None => {
            base.kind() == "identifier"
                && class_named(context, text_of(context.text, base), class)
                    .is_some_and(|parent| parent.id() != class.id() && without_methods(context, parent, depth + 1))
        }
    })
}

/// Builtin exceptions and, by the naming convention, exception classes from other modules.
fn is_exception_name(qualified: &str) -> bool {
    let last = qualified.rsplit('.').next().unwrap_or(qualified);
    last.ends_with("Error")
        || last.ends_with("Exception")
        || last.ends_with("Warning")
        || matches!(last, "BaseException" | "KeyboardInterrupt" | "SystemExit" | "GeneratorExit" | "StopIteration" | "StopAsyncIteration")
}

fn injection_notes(context: &Context, collaborators: &[Collaborator]) -> Vec<String> {
    let shown: Vec<String> = collaborators
        .iter()
        .map(|collaborator| {
            format!("{}.{} = {}", collaborator.receiver, collaborator.attribute, snippet(context.text, collaborator.call, 40))
        })
        .collect();
    let (what, parameter, implementation) = if collaborators.len() == 1 {
        ("collaborator", "a parameter", "another implementation")
    } else {
        ("collaborators", "parameters", "other implementations")
    };
    let mut notes = vec![format!("Builds its {what} itself: {}.", code_list(&shown, 120))];
    let parameters: Vec<String> = collaborators
        .iter()
        .map(|collaborator| format!("{}: {}", collaborator.attribute.trim_start_matches('_'), collaborator.class))
        .collect();
    notes.push(format!("Taking {} as {parameter} instead lets callers and tests pass {implementation}.", code_list(&parameters, 90)));
    notes
}

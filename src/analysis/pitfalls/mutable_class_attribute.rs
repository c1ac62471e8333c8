//! `mutable-class-attribute`: a list, dict or set class attribute that a method mutates through
//! `self`, so every instance shares one object.

use tree_sitter::Node;

use crate::analysis::semantics::classes::{
    class_name, is_attrs_class, is_dataclass, is_enum, is_model_class, is_named_tuple, is_protocol, is_typed_dict,
};
use crate::analysis::semantics::typing::is_typing_name;
use crate::analysis::syntax::{self, decorator_callee, decorators, first_parameter, text_of};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "mutable-class-attribute";

const MUTATORS: &[&str] = &["append", "extend", "insert", "add", "update", "setdefault", "pop", "remove", "clear"];
const FACTORIES: &[&str] = &["builtins.list", "builtins.dict", "builtins.set", "collections.deque", "collections.defaultdict"];
const EXEMPT_NAMES: &[&str] = &["__slots__", "__all__", "__match_args__"];

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for class in context.nodes("class_definition") {
        for flagged in flagged_attributes(context, *class) {
            out.extend(context.finding_at(CODE, flagged.name));
        }
    }
}

/// A flagged class attribute.
pub struct SharedAttribute<'tree> {
    /// The assignment in the class body.
    pub assignment: Node<'tree>,
    /// Its target name: the diagnostic's range.
    pub name: Node<'tree>,
    pub value: Node<'tree>,
}

/// The class attributes of `class` that the pitfall flags.
pub fn flagged_attributes<'tree>(context: &Context<'tree>, class: Node<'tree>) -> Vec<SharedAttribute<'tree>> {
    let candidates = candidates(context, class);
    if candidates.is_empty() || is_declarative(context, class) {
        return Vec::new();
    }
    let methods = instance_methods(context, class);
    candidates
        .into_iter()
        .filter(|candidate| {
            let name = text_of(context.text, candidate.name);
            methods.iter().any(|(method, receiver)| mutates(context, *method, receiver, name))
                && !init_assigns(context, &methods, name)
                && !copies_on_write(context, &methods, name)
                && !silenced_for_ruff(context, candidate.assignment)
                && !read_through_class(context, class, name)
        })
        .collect()
}

/// Classes whose class attributes declare fields that the class machinery copies per instance.
fn is_declarative(context: &Context, class: Node) -> bool {
    is_dataclass(context, class)
        || is_attrs_class(context, class)
        || is_enum(context, class)
        || is_named_tuple(context, class)
        || is_typed_dict(context, class)
        || is_protocol(context, class)
        || is_model_class(context, class)
}

/// Assignments directly in the class body of a list/dict/set display or a container call.
fn candidates<'tree>(context: &Context<'tree>, class: Node<'tree>) -> Vec<SharedAttribute<'tree>> {
    let Some(body) = class.child_by_field_name("body") else { return Vec::new() };
    let mut found = Vec::new();
    let mut cursor = body.walk();
    for statement in body.named_children(&mut cursor) {
        if statement.kind() != "expression_statement" {
            continue;
        }
        let Some(assignment) = statement.named_child(0).filter(|node| node.kind() == "assignment") else { continue };
        let (Some(name), Some(value)) = (assignment.child_by_field_name("left"), assignment.child_by_field_name("right")) else {
            continue;
        };
        if name.kind() != "identifier" || is_shared_by_name(text_of(context.text, name)) {
            continue;
        }
        if assignment.child_by_field_name("type").is_some_and(|annotation| is_class_var(context, annotation)) {
            continue;
        }
        if is_mutable_value(context, value) {
            found.push(SharedAttribute { assignment, name, value });
        }
    }
    found
}

/// Names that say the attribute is shared on purpose: `__slots__` and the like, constants
/// spelled in upper case, caches and registries.
fn is_shared_by_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    EXEMPT_NAMES.contains(&name)
        || (name.chars().any(|c| c.is_ascii_uppercase()) && !name.chars().any(|c| c.is_ascii_lowercase()))
        || lower.contains("cache")
        || lower.contains("registry")
}

fn is_class_var(context: &Context, annotation: Node) -> bool {
    let text = text_of(context.text, annotation).trim_matches(|c| c == '"' || c == '\'');
    let head = text.split('[').next().unwrap_or("").trim();
    if head.rsplit('.').next() == Some("ClassVar") {
        return true;
    }
    let mut node = annotation;
    while matches!(node.kind(), "type" | "generic_type" | "subscript") {
        let next = if node.kind() == "subscript" { node.child_by_field_name("value") } else { node.named_child(0) };
        let Some(next) = next else { break };
        node = next;
    }
    context.resolve(node).is_some_and(|qualified| is_typing_name(&qualified, "ClassVar"))
}

fn is_mutable_value(context: &Context, value: Node) -> bool {
    match value.kind() {
        "list" | "dictionary" | "set" => true,
        "call" => value
            .child_by_field_name("function")
            .and_then(|callee| context.resolve(callee))
            .is_some_and(|qualified| FACTORIES.contains(&qualified.as_str())),
        _ => false,
    }
}

/// The defs of the class body that receive an instance first, with that parameter's name:
/// not static or class methods.
fn instance_methods<'tree>(context: &Context<'tree>, class: Node<'tree>) -> Vec<(Node<'tree>, String)> {
    syntax::methods(class, context.text)
        .into_iter()
        .filter(|(_, method)| {
            !decorators(*method).into_iter().any(|decorator| {
                decorator_callee(decorator)
                    .and_then(|callee| context.resolve(callee))
                    .is_some_and(|qualified| matches!(qualified.as_str(), "builtins.staticmethod" | "builtins.classmethod"))
            })
        })
        .filter_map(|(name, method)| {
            // `__new__`, `__init_subclass__` and `__class_getitem__` receive the class.
            if matches!(name.as_str(), "__new__" | "__init_subclass__" | "__class_getitem__") {
                return None;
            }
            first_parameter(method).map(|parameter| (method, text_of(context.text, parameter).to_owned()))
        })
        .collect()
}

/// Whether `node` is `receiver.name`.
fn is_receiver_attribute(context: &Context, node: Node, receiver: &str, name: &str) -> bool {
    node.kind() == "attribute"
        && node.child_by_field_name("attribute").is_some_and(|attribute| text_of(context.text, attribute) == name)
        && node.child_by_field_name("object").is_some_and(|object| object.kind() == "identifier" && text_of(context.text, object) == receiver)
}

/// Whether `method` mutates `receiver.name` in place: a mutating method call, an item
/// assignment or deletion, or an augmented assignment.
fn mutates(context: &Context, method: Node, receiver: &str, name: &str) -> bool {
    syntax::own_body_nodes(method).into_iter().any(|node| match node.kind() {
        "call" => node.child_by_field_name("function").is_some_and(|callee| {
            callee.kind() == "attribute"
                && callee.child_by_field_name("attribute").is_some_and(|member| MUTATORS.contains(&text_of(context.text, member)))
                && callee.child_by_field_name("object").is_some_and(|object| is_receiver_attribute(context, object, receiver, name))
        }),
        "subscript" => {
            let stored = node.parent().is_some_and(|parent| {
                (matches!(parent.kind(), "assignment" | "augmented_assignment")
                    && parent.child_by_field_name("left").is_some_and(|left| left.id() == node.id()))
                    || parent.kind() == "delete_statement"
            });
            stored && node.child_by_field_name("value").is_some_and(|value| is_receiver_attribute(context, value, receiver, name))
        }
        "augmented_assignment" => node.child_by_field_name("left").is_some_and(|left| is_receiver_attribute(context, left, receiver, name)),
        _ => false,
    })
}

/// Whether `__init__`, or another method that sets the instance up (`start_tree`, `reset`),
/// assigns `self.name = ...` as a statement of its own body (not under an `if`, a loop or a
/// `try`), so instances get their own value.
fn init_assigns(context: &Context, methods: &[(Node, String)], name: &str) -> bool {
    methods.iter().any(|(method, receiver)| {
        let Some(body) = method.child_by_field_name("body") else { return false };
        let mut cursor = body.walk();
        let found = body.named_children(&mut cursor).any(|statement| {
            statement.kind() == "expression_statement"
                && statement.named_child(0).is_some_and(|assignment| {
                    assignment.kind() == "assignment"
                        && assignment.child_by_field_name("left").is_some_and(|left| is_receiver_attribute(context, left, receiver, name))
                })
        });
        found
    })
}

/// Whether a method rebinds `self.name` to a value built from `self.name` (`self.meta =
/// self.meta.copy()`): the author copies the shared object before changing it.
fn copies_on_write(context: &Context, methods: &[(Node, String)], name: &str) -> bool {
    methods.iter().any(|(method, receiver)| {
        syntax::own_body_nodes(*method).into_iter().any(|node| {
            node.kind() == "assignment"
                && node.child_by_field_name("left").is_some_and(|left| is_receiver_attribute(context, left, receiver, name))
                && node.child_by_field_name("right").is_some_and(|right| {
                    syntax::descendants(right, "attribute").into_iter().any(|read| is_receiver_attribute(context, read, receiver, name))
                })
        })
    })
}

/// Whether the assignment's line silences ruff's rule for the same pattern (`RUF012`), which
/// says the sharing is deliberate.
fn silenced_for_ruff(context: &Context, assignment: Node) -> bool {
    let start = assignment.start_byte();
    let end = context.text[start..].find(['\n', '\r']).map_or(context.text.len(), |offset| start + offset);
    let line = &context.text[start..end];
    line.contains("RUF012") || line.contains("mutable-class-default")
}

/// Whether the file reads the attribute through the class: `cls.name`, `type(self).name`,
/// `self.__class__.name` or `ClassName.name`, where sharing it is the point.
fn read_through_class(context: &Context, class: Node, name: &str) -> bool {
    let class_text = class_name(context, class);
    context.identifiers_named(name).into_iter().any(|member| {
        let Some(attribute) = member.parent().filter(|parent| {
            parent.kind() == "attribute" && parent.child_by_field_name("attribute").is_some_and(|found| found.id() == member.id())
        }) else {
            return false;
        };
        let Some(object) = attribute.child_by_field_name("object") else { return false };
        match object.kind() {
            "identifier" => matches!(text_of(context.text, object), "cls" | "klass" | "mcs") || text_of(context.text, object) == class_text,
            "call" => object.child_by_field_name("function").is_some_and(|callee| text_of(context.text, callee) == "type"),
            // `self.__class__.name`, and `self.Handler.name` for a nested class `Handler`.
            "attribute" => object
                .child_by_field_name("attribute")
                .is_some_and(|inner| matches!(text_of(context.text, inner), "__class__") || text_of(context.text, inner) == class_text),
            _ => false,
        }
    })
}

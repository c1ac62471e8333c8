//! `manual-lock-acquire`: `R.acquire()` ... `R.release()` in one block on a `threading` lock,
//! where an exception in between leaves the lock held.

use tree_sitter::Node;

use crate::analysis::semantics::scopes::defining_scope;
use crate::analysis::syntax::{self, text_of};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "manual-lock-acquire";

/// The `threading` classes whose instances have `acquire()`/`release()` and support `with`.
const LOCK_CLASSES: &[&str] =
    &["threading.Lock", "threading.RLock", "threading.Condition", "threading.Semaphore", "threading.BoundedSemaphore"];

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for statement in context.nodes("expression_statement") {
        if let Some(pair) = matching_pair(context, *statement) {
            out.extend(context.finding_at(CODE, pair.call));
        }
    }
}

/// An `R.acquire()` statement and the `R.release()` statement that ends its critical section.
pub struct Pair<'tree> {
    pub acquire: Node<'tree>,
    /// The `R.acquire()` call (the diagnostic's range).
    pub call: Node<'tree>,
    pub release: Node<'tree>,
    /// The lock expression `R`.
    pub lock: Node<'tree>,
}

/// The pair starting at `statement`, when it is a flaggable `R.acquire()`.
pub fn matching_pair<'tree>(context: &Context<'tree>, statement: Node<'tree>) -> Option<Pair<'tree>> {
    let (call, lock) = method_call(context.text, statement, "acquire")?;
    if !blocking_arguments(context.text, call) {
        return None;
    }
    let key = compact(text_of(context.text, lock));
    let mut next = statement.next_named_sibling();
    let release = loop {
        let sibling = next?;
        if let Some((release_call, other)) = method_call(context.text, sibling, "release") {
            let no_arguments = release_call.child_by_field_name("arguments").is_some_and(|arguments| arguments.named_child_count() == 0);
            if no_arguments && compact(text_of(context.text, other)) == key {
                break sibling;
            }
        }
        next = sibling.next_named_sibling();
    };
    if !is_threading_lock(context, statement, lock) {
        return None;
    }
    Some(Pair { acquire: statement, call, release, lock })
}

/// `R.<method>(...)` as a whole expression statement: the call and `R`.
fn method_call<'tree>(text: &str, statement: Node<'tree>, method: &str) -> Option<(Node<'tree>, Node<'tree>)> {
    if statement.kind() != "expression_statement" || statement.named_child_count() != 1 {
        return None;
    }
    let call = statement.named_child(0).filter(|call| call.kind() == "call")?;
    let function = call.child_by_field_name("function").filter(|function| function.kind() == "attribute")?;
    let name = function.child_by_field_name("attribute")?;
    if text_of(text, name) != method {
        return None;
    }
    let object = function.child_by_field_name("object").filter(|object| matches!(object.kind(), "identifier" | "attribute"))?;
    Some((call, object))
}

/// No arguments, `True` or `blocking=True`: the call blocks until the lock is held.
fn blocking_arguments(text: &str, call: Node) -> bool {
    let Some(arguments) = call.child_by_field_name("arguments") else { return false };
    let mut cursor = arguments.walk();
    let items: Vec<Node> = arguments.named_children(&mut cursor).filter(|item| item.kind() != "comment").collect();
    match items.as_slice() {
        [] => true,
        [only] if only.kind() == "true" => true,
        [only] if only.kind() == "keyword_argument" => {
            only.child_by_field_name("name").is_some_and(|name| text_of(text, name) == "blocking")
                && only.child_by_field_name("value").is_some_and(|value| value.kind() == "true")
        }
        _ => false,
    }
}

fn compact(source: &str) -> String {
    source.chars().filter(|ch| !ch.is_whitespace()).collect()
}

/// Whether `lock` is bound to a `threading` lock: assigned one in the same scope, or `self.x`
/// with `x` set to one in the class body or in a method of the class.
fn is_threading_lock(context: &Context, statement: Node, lock: Node) -> bool {
    match lock.kind() {
        "identifier" => {
            let name = text_of(context.text, lock);
            let scope = syntax::enclosing_scope(statement);
            let local = context.file_nodes("assignment").iter().any(|assignment| {
                same_scope(*assignment, scope)
                    && assignment
                        .child_by_field_name("left")
                        .is_some_and(|left| left.kind() == "identifier" && text_of(context.text, left) == name)
                    && assigns_lock(context, *assignment)
            });
            local || outer_lock(context, lock)
        }
        "attribute" => {
            let (Some(object), Some(attribute)) = (lock.child_by_field_name("object"), lock.child_by_field_name("attribute")) else {
                return false;
            };
            let Some(method) = syntax::enclosing_function(statement).filter(|function| function.kind() == "function_definition") else {
                return false;
            };
            let Some(class) = syntax::class_of_method(method) else { return false };
            if object.kind() != "identifier" || first_parameter(context.text, method).as_deref() != Some(text_of(context.text, object)) {
                return false;
            }
            class_sets_lock(context, class, text_of(context.text, attribute))
        }
        _ => false,
    }
}

/// Whether `lock` names a variable of the module or of an enclosing function (`_lock =
/// threading.Lock()` at module level, acquired in a function) that every assignment binds to a
/// `threading` lock: a variable rebound to anything else may hold something without `with`.
fn outer_lock(context: &Context, lock: Node) -> bool {
    let name = text_of(context.text, lock);
    let scope = defining_scope(lock, context.text);
    if syntax::enclosing_scope(lock).is_some_and(|own| own.id() == scope.id()) || scope.kind() == "class_definition" {
        return false;
    }
    let mut bindings = context.file_nodes("assignment").into_iter().filter(|assignment| {
        assignment.child_by_field_name("left").is_some_and(|left| {
            left.kind() == "identifier" && text_of(context.text, left) == name && defining_scope(left, context.text).id() == scope.id()
        })
    });
    let mut found = false;
    for assignment in bindings.by_ref() {
        if !assigns_lock(context, assignment) {
            return false;
        }
        found = true;
    }
    found
}

/// Whether the class body assigns `attribute = threading.Lock()`, or a method assigns
/// `self.attribute = threading.Lock()` (with its own first parameter as `self`).
fn class_sets_lock(context: &Context, class: Node, attribute: &str) -> bool {
    let methods = syntax::methods(class, context.text);
    context.file_nodes("assignment").iter().any(|assignment| {
        let Some(left) = assignment.child_by_field_name("left") else { return false };
        if !assigns_lock(context, *assignment) {
            return false;
        }
        match left.kind() {
            "identifier" => text_of(context.text, left) == attribute && same_scope(*assignment, Some(class)),
            "attribute" => {
                let (Some(object), Some(name)) = (left.child_by_field_name("object"), left.child_by_field_name("attribute")) else {
                    return false;
                };
                if text_of(context.text, name) != attribute || object.kind() != "identifier" {
                    return false;
                }
                methods.iter().any(|(_, method)| {
                    syntax::enclosing_function(*assignment).is_some_and(|function| function.id() == method.id())
                        && first_parameter(context.text, *method).as_deref() == Some(text_of(context.text, object))
                })
            }
            _ => false,
        }
    })
}

/// Whether the assignment's value is a call of a `threading` lock class.
fn assigns_lock(context: &Context, assignment: Node) -> bool {
    let Some(value) = assignment.child_by_field_name("right").filter(|value| value.kind() == "call") else { return false };
    let Some(function) = value.child_by_field_name("function") else { return false };
    context.resolve(function).is_some_and(|qualified| LOCK_CLASSES.contains(&qualified.as_str()))
}

fn same_scope(node: Node, scope: Option<Node>) -> bool {
    match (syntax::enclosing_scope(node), scope) {
        (Some(found), Some(scope)) => found.id() == scope.id(),
        (None, None) => true,
        _ => false,
    }
}

/// The name of a def's first parameter.
fn first_parameter(text: &str, function: Node) -> Option<String> {
    let parameters = function.child_by_field_name("parameters")?;
    let mut names = Vec::new();
    crate::analysis::semantics::imports::collect_parameter_names(text, parameters, &mut names);
    let mut cursor = parameters.walk();
    let first = parameters.named_children(&mut cursor).find(|parameter| parameter.kind() != "comment")?;
    // `*args` or `**kwargs` first means there is no `self`.
    if matches!(first.kind(), "list_splat_pattern" | "dictionary_splat_pattern" | "keyword_separator" | "positional_separator") {
        return None;
    }
    names.into_iter().next()
}

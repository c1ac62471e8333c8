//! `late-binding-closure`: a lambda or def made in a loop that reads the loop's variable and
//! outlives the iteration, so it sees whatever the variable holds when it finally runs.

use std::collections::HashSet;

use tree_sitter::Node;

use crate::analysis::semantics::scopes::Scopes;
use crate::analysis::syntax::{self, descendants, is_load, target_names, text_of, COMPREHENSION_KINDS};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "late-binding-closure";

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    let mut scopes = Scopes::default();
    for kind in ["lambda", "function_definition"] {
        for function in context.nodes(kind) {
            if captured_loop_variables(context, &mut scopes, *function).is_some() {
                if let Some(anchor) = anchor(*function) {
                    out.extend(context.finding_at(CODE, anchor));
                }
            }
        }
    }
}

/// The diagnostic's node: the `lambda` keyword or the def's name.
pub fn anchor(function: Node) -> Option<Node> {
    match function.kind() {
        "lambda" => syntax::token(function, "lambda"),
        _ => function.child_by_field_name("name"),
    }
}

/// The function (lambda or def) whose diagnostic anchor is `anchor`.
pub fn function_at<'tree>(anchor: Node<'tree>) -> Option<Node<'tree>> {
    let parent = anchor.parent()?;
    match parent.kind() {
        "lambda" if anchor.kind() == "lambda" => Some(parent),
        "function_definition" if parent.child_by_field_name("name").is_some_and(|name| name.id() == anchor.id()) => Some(parent),
        _ => None,
    }
}

/// What a flagged function captures: the loop variables it reads, in the order of their first
/// read, and every read of them inside the function.
pub struct Capture<'tree> {
    pub names: Vec<String>,
    pub reads: Vec<Node<'tree>>,
}

/// The loop variables `function` reads late, when it is created in a loop and escapes the iteration.
pub fn captured_loop_variables<'tree>(context: &Context<'tree>, scopes: &mut Scopes, function: Node<'tree>) -> Option<Capture<'tree>> {
    let loops = enclosing_loops(context.text, function);
    if loops.is_empty() {
        return None;
    }
    let body = function.child_by_field_name("body")?;
    let wanted: HashSet<&str> = loops.iter().flat_map(|candidate| candidate.targets.iter().map(String::as_str)).collect();
    // Reads of a loop variable inside the function, grouped by the loop that binds them.
    let mut by_loop: Vec<Vec<Node<'tree>>> = vec![Vec::new(); loops.len()];
    for identifier in descendants(body, "identifier") {
        let name = text_of(context.text, identifier);
        if !wanted.contains(name) || !is_load(identifier) {
            continue;
        }
        let Some(scope) = scopes.resolve(context, identifier, name) else { continue };
        if let Some(index) =
            loops.iter().position(|candidate| candidate.scope.id() == scope.id() && candidate.targets.iter().any(|target| target == name))
        {
            by_loop[index].push(identifier);
        }
    }
    let mut reads = Vec::new();
    for (candidate, found) in loops.iter().zip(by_loop) {
        if !found.is_empty() && function_escapes(context, scopes, function, candidate) {
            reads.extend(found);
        }
    }
    if reads.is_empty() {
        return None;
    }
    reads.sort_by_key(|read| read.start_byte());
    let mut names: Vec<String> = Vec::new();
    for read in &reads {
        let name = text_of(context.text, *read);
        if !names.iter().any(|known| known == name) {
            names.push(name.to_owned());
        }
    }
    Some(Capture { names, reads })
}

/// A loop the function is created in: a `for` statement's body or a comprehension.
struct Loop<'tree> {
    node: Node<'tree>,
    /// The scope its targets are bound in: the comprehension itself, or the statement's scope.
    scope: Node<'tree>,
    targets: Vec<String>,
}

/// The loops around `function`, innermost first, up to the function or class it is created in.
fn enclosing_loops<'tree>(text: &str, function: Node<'tree>) -> Vec<Loop<'tree>> {
    let mut loops = Vec::new();
    let mut child = function;
    let mut current = function.parent();
    while let Some(parent) = current {
        match parent.kind() {
            "for_statement" if parent.child_by_field_name("body").is_some_and(|body| body.id() == child.id()) => {
                let scope = syntax::enclosing_scope(parent).unwrap_or_else(|| root_of(parent));
                let mut targets = Vec::new();
                if let Some(left) = parent.child_by_field_name("left") {
                    target_names(text, left, &mut targets);
                }
                loops.push(Loop { node: parent, scope, targets });
            }
            kind if COMPREHENSION_KINDS.contains(&kind) && syntax::in_scope_body(parent, child) => {
                let mut targets = Vec::new();
                let mut cursor = parent.walk();
                for clause in parent.named_children(&mut cursor).filter(|clause| clause.kind() == "for_in_clause") {
                    if let Some(left) = clause.child_by_field_name("left") {
                        target_names(text, left, &mut targets);
                    }
                }
                loops.push(Loop { node: parent, scope: parent, targets });
            }
            "function_definition" | "lambda" | "class_definition" if syntax::in_scope_body(parent, child) => break,
            _ => {}
        }
        child = parent;
        current = parent.parent();
    }
    loops
}

/// Whether the function object outlives the iteration of `candidate` that created it.
fn function_escapes(context: &Context, scopes: &mut Scopes, function: Node, candidate: &Loop) -> bool {
    if function.kind() == "lambda" {
        return value_escapes(context, scopes, function, candidate, 0);
    }
    let registered = syntax::decorators(function).into_iter().any(|decorator| {
        syntax::decorator_callee(decorator).and_then(syntax::last_name).is_some_and(|name| {
            REGISTERING_DECORATORS.contains(&text_of(context.text, name)) || CALLBACK_CALLS.contains(&text_of(context.text, name))
        })
    });
    if registered {
        return true;
    }
    let Some(name) = function.child_by_field_name("name") else { return false };
    let binding = match function.parent() {
        Some(parent) if parent.kind() == "decorated_definition" => parent,
        _ => function,
    };
    name_escapes(context, scopes, text_of(context.text, name), binding, candidate, 0)
}

/// Methods that keep their argument: containers and queues.
const STORING_CALLS: &[&str] =
    &["append", "appendleft", "extend", "extendleft", "insert", "add", "put", "put_nowait", "setdefault", "update", "push", "setattr"];

/// Functions and methods that keep a callback to run later.
const CALLBACK_CALLS: &[&str] = &[
    "submit",
    "call_soon",
    "call_soon_threadsafe",
    "call_later",
    "call_at",
    "connect",
    "register",
    "add_done_callback",
    "add_callback",
    "run_in_executor",
    "apply_async",
    "after",
    "after_idle",
    "bind",
    "bind_all",
    "add_reader",
    "add_writer",
    "add_signal_handler",
    "Timer",
    "start_new_thread",
    "signal",
    "subscribe",
    "add_listener",
    "trace_add",
];

/// Keyword arguments that hand over a callback.
const CALLBACK_KEYWORDS: &[&str] = &["target", "command", "callback", "handler", "errback"];

/// Decorators that register the decorated def somewhere (`@app.route(...)`).
const REGISTERING_DECORATORS: &[&str] =
    &["route", "command", "receiver", "listens_for", "on", "listen", "hookimpl", "task", "callback", "event"];

/// Whether the value of the expression `node` is kept beyond the iteration of `candidate`.
fn value_escapes(context: &Context, scopes: &mut Scopes, node: Node, candidate: &Loop, depth: usize) -> bool {
    let text = context.text;
    let mut child = node;
    while let Some(parent) = child.parent() {
        let is_field = |field: &str| parent.child_by_field_name(field).is_some_and(|value| value.id() == child.id());
        match parent.kind() {
            "parenthesized_expression"
            | "tuple"
            | "list"
            | "set"
            | "dictionary"
            | "pair"
            | "expression_list"
            | "binary_operator"
            | "boolean_operator"
            | "named_expression" => {}
            "conditional_expression" => {
                // The middle operand is the condition, which is only tested.
                if parent.named_child(1).is_some_and(|condition| condition.id() == child.id()) {
                    return false;
                }
            }
            kind if COMPREHENSION_KINDS.contains(&kind) => {
                // An element is collected into the result; a clause is only evaluated.
                if !is_field("body") {
                    return false;
                }
                if parent.id() == candidate.node.id() {
                    return true;
                }
            }
            "argument_list" => {
                let Some(call) = parent.parent().filter(|call| call.kind() == "call") else { return false };
                if keeps_arguments(text, call) {
                    return true;
                }
                if !wraps_argument(text, call) {
                    return false;
                }
                // `property(getter)` holds the function: follow the wrapper instead.
                child = call;
                continue;
            }
            "keyword_argument" => {
                let name = parent.child_by_field_name("name").map(|name| text_of(text, name)).unwrap_or("");
                return is_field("value") && CALLBACK_KEYWORDS.contains(&name);
            }
            "call" => return is_field("arguments") && keeps_arguments(text, parent),
            "assignment" => {
                if !is_field("right") {
                    return false;
                }
                if let Some(left) = parent.child_by_field_name("left") {
                    if target_escapes(context, scopes, left, parent, candidate, depth) {
                        return true;
                    }
                }
                // `a = b = value`: the outer assignment binds the same value.
                if parent.parent().is_none_or(|outer| outer.kind() != "assignment") {
                    return false;
                }
            }
            "augmented_assignment" => return is_field("right"),
            "return_statement" | "yield" => return true,
            _ => return false,
        }
        child = parent;
    }
    false
}

/// Calls whose result holds their function argument (`property(getter)`, `partial(f, 1)`).
const WRAPPING_CALLS: &[&str] = &["property", "cached_property", "staticmethod", "classmethod", "partial", "partialmethod", "MethodType"];

fn wraps_argument(text: &str, call: Node) -> bool {
    call.child_by_field_name("function").and_then(syntax::last_name).is_some_and(|name| WRAPPING_CALLS.contains(&text_of(text, name)))
}

/// Whether a call keeps its arguments: `fs.append(f)`, `executor.submit(f)`.
fn keeps_arguments(text: &str, call: Node) -> bool {
    let Some(function) = call.child_by_field_name("function").and_then(syntax::last_name) else { return false };
    let name = text_of(text, function);
    STORING_CALLS.contains(&name) || CALLBACK_CALLS.contains(&name)
}

/// Whether assigning a function to `target` lets it escape: an attribute or subscript keeps it,
/// a plain name does when that name escapes.
fn target_escapes(context: &Context, scopes: &mut Scopes, target: Node, assignment: Node, candidate: &Loop, depth: usize) -> bool {
    match target.kind() {
        "attribute" | "subscript" => true,
        "identifier" => name_escapes(context, scopes, text_of(context.text, target), assignment, candidate, depth + 1),
        "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list" | "parenthesized_expression" | "list_splat_pattern" => {
            let mut cursor = target.walk();
            let parts: Vec<Node> = target.named_children(&mut cursor).collect();
            parts.into_iter().any(|part| target_escapes(context, scopes, part, assignment, candidate, depth))
        }
        _ => false,
    }
}

/// Whether the name bound by `binding` inside `candidate` carries the function out of the iteration:
/// read in a later iteration or after the loop, or used in a way that keeps it.
fn name_escapes(context: &Context, scopes: &mut Scopes, name: &str, binding: Node, candidate: &Loop, depth: usize) -> bool {
    // Names bound inside a comprehension (walrus) are rare enough to leave alone.
    if candidate.node.kind() != "for_statement" || depth > 3 {
        return false;
    }
    let scope = candidate.scope;
    let bindings = scopes.bindings(context.text, scope);
    if bindings.globals.contains(name) || bindings.nonlocals.contains(name) {
        return true;
    }
    let Some(body) = candidate.node.child_by_field_name("body") else { return false };
    let scope_end = if scope.kind() == "module" { context.text.len() } else { scope.end_byte() };
    let mut uses: Vec<Node> = context
        .identifiers_named(name)
        .iter()
        .copied()
        .filter(|identifier| identifier.start_byte() >= body.start_byte() && identifier.end_byte() <= scope_end)
        .filter(|identifier| !syntax::contains(binding, *identifier))
        .filter(|identifier| same_scope(*identifier, scope))
        .collect();
    uses.sort_by_key(|identifier| identifier.start_byte());
    let mut rebound_after_loop = false;
    for identifier in uses {
        let after_body = identifier.start_byte() >= body.end_byte();
        if !is_load(identifier) {
            if after_body {
                rebound_after_loop = true;
            }
            continue;
        }
        if after_body {
            if !rebound_after_loop {
                return true;
            }
        } else if identifier.end_byte() <= binding.start_byte() || value_escapes(context, scopes, identifier, candidate, depth) {
            return true;
        }
    }
    false
}

/// Whether `node` is evaluated directly in `scope` (not in a nested function, class or comprehension).
fn same_scope(node: Node, scope: Node) -> bool {
    match syntax::enclosing_scope(node) {
        Some(found) => found.id() == scope.id(),
        None => scope.kind() == "module",
    }
}

fn root_of(node: Node) -> Node {
    let mut current = node;
    while let Some(parent) = current.parent() {
        current = parent;
    }
    current
}

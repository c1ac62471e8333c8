//! `late-binding-closure`: a lambda or def made in a loop that reads the loop's variable and
//! outlives the iteration, so it sees whatever the variable holds when it finally runs.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use crate::analysis::imports::collect_parameter_names;
use crate::analysis::syntax::{self, text_of};
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

const COMPREHENSION_KINDS: &[&str] = &["list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression"];

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

/// Every descendant of `node` (itself included) of `kind`, in document order.
pub fn descendants<'tree>(node: Node<'tree>, kind: &str) -> Vec<Node<'tree>> {
    let mut found = Vec::new();
    let mut stack = vec![node];
    while let Some(current) = stack.pop() {
        if current.kind() == kind {
            found.push(current);
        }
        let mut cursor = current.walk();
        stack.extend(current.named_children(&mut cursor));
    }
    found.sort_by_key(|found| found.start_byte());
    found
}

/// The names an assignment or loop target binds (`a`, `a, (b, *c)`); attributes and subscripts bind none.
pub fn target_names(text: &str, target: Node, out: &mut Vec<String>) {
    match target.kind() {
        "identifier" => out.push(text_of(text, target).to_owned()),
        "pattern_list"
        | "tuple_pattern"
        | "list_pattern"
        | "list_splat_pattern"
        | "tuple"
        | "list"
        | "parenthesized_expression"
        | "list_splat"
        | "as_pattern_target"
        | "expression_list" => {
            let mut cursor = target.walk();
            for child in target.named_children(&mut cursor) {
                target_names(text, child, out);
            }
        }
        _ => {}
    }
}

/// Whether an identifier is read (not only bound, declared or used as an attribute or keyword name).
pub fn is_load(identifier: Node) -> bool {
    let Some(parent) = identifier.parent() else { return false };
    let is_field = |field: &str| parent.child_by_field_name(field).is_some_and(|value| value.id() == identifier.id());
    match parent.kind() {
        "attribute" => !is_field("attribute"),
        "keyword_argument" | "default_parameter" | "typed_default_parameter" => !is_field("name"),
        "function_definition" | "class_definition" => !is_field("name"),
        "parameters" | "lambda_parameters" | "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => false,
        "global_statement" | "nonlocal_statement" | "dotted_name" | "aliased_import" | "import_prefix" | "keyword_pattern"
        | "splat_pattern" => false,
        "as_pattern" => parent.named_child(0).is_some_and(|value| value.id() == identifier.id()),
        "augmented_assignment" => true,
        _ => !is_store_target(identifier),
    }
}

/// Whether `node` sits in an assignment, loop, `with`/`except` or `del` target.
fn is_store_target(node: Node) -> bool {
    let mut child = node;
    while let Some(parent) = child.parent() {
        match parent.kind() {
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "tuple"
            | "list"
            | "parenthesized_expression"
            | "list_splat"
            | "list_splat_pattern"
            | "as_pattern_target" => {}
            "assignment" | "for_statement" | "for_in_clause" => {
                return parent.child_by_field_name("left").is_some_and(|left| left.id() == child.id());
            }
            "named_expression" => return parent.child_by_field_name("name").is_some_and(|name| name.id() == child.id()),
            "as_pattern" => return parent.child_by_field_name("alias").is_some_and(|alias| alias.id() == child.id()),
            "delete_statement" => return true,
            "expression_list" => {
                if parent.parent().is_some_and(|grand| grand.kind() == "delete_statement") {
                    return true;
                }
            }
            _ => return false,
        }
        child = parent;
    }
    false
}

/// What one scope binds: local names, and the names it declares `global` or `nonlocal`.
#[derive(Debug, Default, Clone)]
pub struct Bindings {
    pub locals: HashSet<String>,
    pub globals: HashSet<String>,
    pub nonlocals: HashSet<String>,
}

/// Bindings per scope node, computed on demand.
#[derive(Default)]
pub struct Scopes {
    cache: HashMap<usize, Bindings>,
}

impl Scopes {
    pub fn bindings(&mut self, text: &str, scope: Node) -> Bindings {
        self.cache.entry(scope.id()).or_insert_with(|| scope_bindings(text, scope)).clone()
    }

    /// The scope node (the module node for globals) whose binding of `name` the identifier reads,
    /// or `None` for a builtin or unbound name.
    pub fn resolve<'tree>(&mut self, context: &Context<'tree>, identifier: Node<'tree>, name: &str) -> Option<Node<'tree>> {
        let root = context.tree.root_node();
        let mut innermost = true;
        let mut current = syntax::enclosing_scope(identifier);
        while let Some(scope) = current {
            // A class body is visible only to code directly in it.
            if scope.kind() != "class_definition" || innermost {
                let bindings = self.bindings(context.text, scope);
                if bindings.globals.contains(name) {
                    break;
                }
                if !bindings.nonlocals.contains(name) && bindings.locals.contains(name) {
                    return Some(scope);
                }
            }
            innermost = false;
            current = syntax::enclosing_scope(scope);
        }
        self.bindings(context.text, root).locals.contains(name).then_some(root)
    }
}

/// Computes what `scope` (a def, lambda, class, comprehension or the module) binds.
pub fn scope_bindings(text: &str, scope: Node) -> Bindings {
    let mut bindings = Bindings::default();
    let mut locals = Vec::new();
    let mut stack: Vec<Node> = Vec::new();
    match scope.kind() {
        "function_definition" | "lambda" => {
            if let Some(parameters) = scope.child_by_field_name("parameters") {
                collect_parameter_names(text, parameters, &mut locals);
            }
            stack.extend(scope.child_by_field_name("body"));
        }
        "class_definition" => stack.extend(scope.child_by_field_name("body")),
        kind if COMPREHENSION_KINDS.contains(&kind) => {
            let mut cursor = scope.walk();
            for clause in scope.named_children(&mut cursor).filter(|clause| clause.kind() == "for_in_clause") {
                if let Some(left) = clause.child_by_field_name("left") {
                    target_names(text, left, &mut locals);
                }
            }
        }
        _ => stack.push(scope),
    }
    while let Some(node) = stack.pop() {
        match node.kind() {
            "function_definition" | "class_definition" => {
                if let Some(name) = node.child_by_field_name("name") {
                    locals.push(text_of(text, name).to_owned());
                }
                continue;
            }
            "lambda" => continue,
            kind if COMPREHENSION_KINDS.contains(&kind) => {
                // A walrus in a comprehension binds in the enclosing function scope.
                for walrus in descendants(node, "named_expression") {
                    if enclosing_non_comprehension(walrus).is_some_and(|found| found.id() == scope.id())
                        || (scope.kind() == "module" && enclosing_non_comprehension(walrus).is_none())
                    {
                        if let Some(name) = walrus.child_by_field_name("name") {
                            locals.push(text_of(text, name).to_owned());
                        }
                    }
                }
                continue;
            }
            "assignment" | "augmented_assignment" | "for_statement" => {
                if let Some(left) = node.child_by_field_name("left") {
                    target_names(text, left, &mut locals);
                }
            }
            "named_expression" => {
                if let Some(name) = node.child_by_field_name("name") {
                    locals.push(text_of(text, name).to_owned());
                }
            }
            "as_pattern" => {
                if let Some(alias) = node.child_by_field_name("alias") {
                    target_names(text, alias, &mut locals);
                } else if let Some(last) = node.named_child(node.named_child_count().saturating_sub(1)) {
                    // `case ... as name`.
                    if last.kind() == "identifier" && node.named_child_count() > 1 {
                        locals.push(text_of(text, last).to_owned());
                    }
                }
            }
            "delete_statement" => {
                let mut cursor = node.walk();
                for target in node.named_children(&mut cursor) {
                    target_names(text, target, &mut locals);
                }
            }
            "import_statement" => {
                let mut cursor = node.walk();
                for name in node.children_by_field_name("name", &mut cursor) {
                    match name.kind() {
                        "dotted_name" => locals.extend(name.named_child(0).map(|first| text_of(text, first).to_owned())),
                        "aliased_import" => locals.extend(name.child_by_field_name("alias").map(|alias| text_of(text, alias).to_owned())),
                        _ => {}
                    }
                }
                continue;
            }
            "import_from_statement" => {
                let mut cursor = node.walk();
                for name in node.children_by_field_name("name", &mut cursor) {
                    match name.kind() {
                        "dotted_name" => locals.push(text_of(text, name).to_owned()),
                        "aliased_import" => locals.extend(name.child_by_field_name("alias").map(|alias| text_of(text, alias).to_owned())),
                        _ => {}
                    }
                }
                continue;
            }
            "global_statement" | "nonlocal_statement" => {
                let mut cursor = node.walk();
                let names =
                    node.named_children(&mut cursor).filter(|name| name.kind() == "identifier").map(|name| text_of(text, name).to_owned());
                if node.kind() == "global_statement" {
                    bindings.globals.extend(names);
                } else {
                    bindings.nonlocals.extend(names);
                }
                continue;
            }
            "case_pattern" => {
                // Capture patterns: a bare name, `*rest`, or a keyword pattern's value.
                if let Some(inner) = node.named_child(0).filter(|inner| inner.kind() == "dotted_name" && inner.named_child_count() == 1) {
                    locals.extend(inner.named_child(0).map(|name| text_of(text, name).to_owned()).filter(|name| name != "_"));
                }
            }
            "splat_pattern" => {
                locals.extend(node.named_child(0).filter(|name| name.kind() == "identifier").map(|name| text_of(text, name).to_owned()))
            }
            _ => {}
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    bindings.locals.extend(locals);
    bindings
}

/// The closest function, class or module scope around `node`, skipping comprehensions
/// (`None` for the module).
fn enclosing_non_comprehension(node: Node) -> Option<Node> {
    let mut current = syntax::enclosing_scope(node);
    while let Some(scope) = current {
        if !COMPREHENSION_KINDS.contains(&scope.kind()) {
            return Some(scope);
        }
        current = syntax::enclosing_scope(scope);
    }
    None
}

//! `open-without-with`: `NAME = open(...)` with the builtin `open`, whose file is not closed on
//! every path, unless the file object escapes the function or is closed in a `finally`. A file
//! handed to a call of unknown code counts as kept by it, unless the function closes the file
//! itself; the standard consumers (`json.load`, `csv.writer`...) only use it while they run.

use tree_sitter::Node;

use crate::analysis::semantics::scopes::defining_scope;
use crate::analysis::syntax::{self, enclosing_scope, is_binding_occurrence, is_variable_name, text_of};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "open-without-with";

/// Calls that use a file passed to them only while they run (or, for `KEEPERS`, through the
/// object they return): handing the file to them is not an escape.
const CONSUMERS: &[&str] = &[
    "json.load",
    "json.dump",
    "pickle.load",
    "pickle.dump",
    "marshal.load",
    "marshal.dump",
    "tomllib.load",
    "plistlib.load",
    "plistlib.dump",
    "shutil.copyfileobj",
    "csv.reader",
    "csv.writer",
    "csv.DictReader",
    "csv.DictWriter",
];

/// Consumers whose result keeps a reference to the file: the result must stay local too.
const KEEPERS: &[&str] = &["csv.reader", "csv.writer", "csv.DictReader", "csv.DictWriter"];

/// Attributes of a file object that are plain data, so reading them passes no reference to the file on.
const DATA_ATTRIBUTES: &[&str] = &["name", "mode", "closed", "encoding", "errors", "newlines", "line_buffering", "write_through"];

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for call in context.nodes("call") {
        if matches_open(context, *call).is_some() {
            out.extend(context.finding_at(CODE, *call));
        }
    }
}

/// A flagged `NAME = open(...)`.
pub struct OpenAssignment<'tree> {
    /// The `expression_statement` holding the assignment.
    pub statement: Node<'tree>,
    pub assignment: Node<'tree>,
    pub target: Node<'tree>,
    pub call: Node<'tree>,
    /// The scope node the name lives in (def, lambda, comprehension, or the module root).
    pub scope: Node<'tree>,
}

/// The assignment when `call` is a flagged `NAME = open(...)`.
pub fn matches_open<'tree>(context: &Context<'tree>, call: Node<'tree>) -> Option<OpenAssignment<'tree>> {
    let callee = call.child_by_field_name("function")?;
    if callee.kind() != "identifier" || context.resolve(callee).as_deref() != Some("builtins.open") {
        return None;
    }
    let assignment = call.parent().filter(|parent| parent.kind() == "assignment")?;
    if assignment.child_by_field_name("right")?.id() != call.id() {
        return None;
    }
    let target = assignment.child_by_field_name("left").filter(|left| left.kind() == "identifier")?;
    // `a = b = open(...)` binds two names: the file is shared.
    let statement = assignment.parent().filter(|parent| parent.kind() == "expression_statement")?;
    let scope = defining_scope(target, context.text);
    let innermost = enclosing_scope(assignment).unwrap_or(context.tree.root_node());
    // A class attribute, a `global` or a `nonlocal` name is reachable from elsewhere.
    if scope.id() != innermost.id() || scope.kind() == "class_definition" {
        return None;
    }
    let found = OpenAssignment { statement, assignment, target, call, scope };
    let mut closed_in_finally = false;
    // A close outside `finally` and outside an `except` handler (which cleans up after a failure
    // and leaves the file to its keeper otherwise) means the function owns the file's lifetime.
    let mut closed_by_function = false;
    // Where the function first closes the file itself, and where it first hands it to other code.
    let mut first_close = usize::MAX;
    let mut first_pass = usize::MAX;
    for name in uses(context, &found) {
        if is_binding_occurrence(name) || !reaches(&found, name) {
            continue;
        }
        // A nested def, lambda or generator expression captures the file and may run at any
        // time later; a list, set or dict comprehension runs at once.
        if !in_own_scope(&found, name) && !in_comprehension_of(&found, name) {
            return None;
        }
        match classify(context, name) {
            Use::Benign => {}
            Use::Closes { in_finally } => {
                closed_in_finally |= in_finally;
                let own = !in_finally
                    && syntax::ancestor(name, &["except_clause", "function_definition", "lambda", "class_definition"])
                        .is_none_or(|clause| clause.kind() != "except_clause");
                if own {
                    closed_by_function = true;
                    first_close = first_close.min(name.start_byte());
                }
            }
            Use::PassedOn => first_pass = first_pass.min(name.start_byte()),
            Use::Escapes => return None,
        }
    }
    // Unknown code may keep the file (a wrapper object): then only a close of its own shows the
    // function still owns it. A file handed on only after it was closed is meant to be closed
    // (tests of what a closed file does), and nothing ran while it was open.
    let passed_on = first_pass != usize::MAX;
    if passed_on && first_close < first_pass {
        return None;
    }
    (!closed_in_finally && (!passed_on || closed_by_function)).then_some(found)
}

/// Every identifier naming the same variable as the target, the target itself excluded.
pub fn uses<'tree>(context: &Context<'tree>, found: &OpenAssignment<'tree>) -> Vec<Node<'tree>> {
    let name = text_of(context.text, found.target);
    context
        .identifiers_named(name)
        .iter()
        .copied()
        .filter(|identifier| {
            identifier.id() != found.target.id()
                && syntax::contains(found.scope, *identifier)
                && is_variable_name(*identifier)
                && defining_scope(*identifier, context.text).id() == found.scope.id()
        })
        .collect()
}

/// Whether a use can see the value this assignment binds: it comes later, or in a loop around it,
/// or in a nested scope (which may run at any time).
fn reaches(found: &OpenAssignment, name: Node) -> bool {
    if name.start_byte() >= found.assignment.end_byte() || !in_own_scope(found, name) {
        return true;
    }
    let mut current = found.assignment.parent();
    while let Some(node) = current {
        if node.id() == found.scope.id() {
            return false;
        }
        if matches!(node.kind(), "for_statement" | "while_statement") && syntax::contains(node, name) {
            return true;
        }
        current = node.parent();
    }
    false
}

fn in_own_scope(found: &OpenAssignment, name: Node) -> bool {
    evaluation_scope(name).map_or(found.scope.parent().is_none(), |scope| scope.id() == found.scope.id())
}

/// The innermost scope whose code evaluates `node`, where a comprehension's first iterable
/// belongs to the scope around the comprehension.
fn evaluation_scope(node: Node) -> Option<Node> {
    let mut current = node.parent();
    let mut child = node;
    while let Some(parent) = current {
        let inside = match parent.kind() {
            "function_definition" | "class_definition" | "lambda" => {
                parent.child_by_field_name("body").is_some_and(|body| body.id() == child.id())
            }
            "list_comprehension" | "set_comprehension" | "dictionary_comprehension" | "generator_expression" => {
                let mut cursor = parent.walk();
                let first = parent.named_children(&mut cursor).find(|part| part.kind() == "for_in_clause");
                !first.and_then(|clause| clause.child_by_field_name("right")).is_some_and(|iterable| syntax::contains(iterable, node))
            }
            _ => false,
        };
        if inside {
            return Some(parent);
        }
        child = parent;
        current = parent.parent();
    }
    None
}

/// Whether every scope between `name` and the assignment's scope is a list, set or dict comprehension.
fn in_comprehension_of(found: &OpenAssignment, name: Node) -> bool {
    let mut current = evaluation_scope(name);
    while let Some(scope) = current {
        if scope.id() == found.scope.id() {
            return true;
        }
        if !matches!(scope.kind(), "list_comprehension" | "set_comprehension" | "dictionary_comprehension") {
            return false;
        }
        current = evaluation_scope(scope);
    }
    found.scope.parent().is_none()
}

enum Use {
    Benign,
    Closes {
        in_finally: bool,
    },
    /// An argument of a call that may keep the file.
    PassedOn,
    Escapes,
}

/// The names bound to what a `KEEPERS` call over the file returns (`writer = csv.writer(f)`):
/// their uses keep the file in use, so a `with` block must cover them too.
pub fn keeper_names<'tree>(context: &Context<'tree>, found: &OpenAssignment<'tree>) -> Vec<Node<'tree>> {
    let mut names = Vec::new();
    for name in uses(context, found) {
        let Some(call) = consumer_call(context, name) else { continue };
        if let Some(target) = keeper_target(context, call) {
            names.push(target);
        }
    }
    names
}

/// The consumer call that `name` is a positional argument of (or the `file=` argument of `print`).
fn consumer_call<'tree>(context: &Context<'tree>, name: Node<'tree>) -> Option<Node<'tree>> {
    let parent = name.parent()?;
    let (arguments, keyword) = match parent.kind() {
        "argument_list" => (parent, None),
        "keyword_argument" if parent.child_by_field_name("value").is_some_and(|value| value.id() == name.id()) => {
            (parent.parent().filter(|arguments| arguments.kind() == "argument_list")?, parent.child_by_field_name("name"))
        }
        _ => return None,
    };
    let call = arguments.parent().filter(|call| call.kind() == "call")?;
    let qualified = context.resolve(call.child_by_field_name("function")?)?;
    let keyword = keyword.map(|keyword| text_of(context.text, keyword));
    let known = match keyword {
        None => CONSUMERS.contains(&qualified.as_str()),
        Some("file") => matches!(qualified.as_str(), "builtins.print" | "pickle.load" | "pickle.dump"),
        Some("fsrc" | "fdst") => qualified == "shutil.copyfileobj",
        Some("fp") => {
            matches!(qualified.as_str(), "json.load" | "json.dump" | "pickle.load" | "pickle.dump" | "plistlib.load" | "plistlib.dump")
        }
        Some(_) => false,
    };
    known.then_some(call)
}

/// For a `KEEPERS` call, the plain local name its result is bound to (`w = csv.writer(f)`).
fn keeper_target<'tree>(context: &Context<'tree>, call: Node<'tree>) -> Option<Node<'tree>> {
    let qualified = context.resolve(call.child_by_field_name("function")?)?;
    if !KEEPERS.contains(&qualified.as_str()) {
        return None;
    }
    let assignment = call.parent().filter(|parent| parent.kind() == "assignment")?;
    assignment.child_by_field_name("left").filter(|left| left.kind() == "identifier")
}

/// Whether the object a `KEEPERS` call returns stays in the function: used on the spot (a method
/// call, a `for` loop) or bound to a local name that is only used that way.
fn keeper_stays_local(context: &Context, call: Node) -> bool {
    let Some(parent) = call.parent() else { return false };
    match parent.kind() {
        "attribute" => parent.child_by_field_name("object").is_some_and(|object| object.id() == call.id()),
        "for_statement" | "for_in_clause" => parent.child_by_field_name("right").is_some_and(|right| right.id() == call.id()),
        "assignment" => {
            let Some(target) = parent.child_by_field_name("left").filter(|left| left.kind() == "identifier") else { return false };
            if parent.parent().is_none_or(|statement| statement.kind() != "expression_statement") {
                return false;
            }
            let scope = defining_scope(target, context.text);
            if enclosing_scope(parent).unwrap_or(context.tree.root_node()).id() != scope.id() {
                return false;
            }
            let name = text_of(context.text, target);
            context.identifiers_named(name).iter().all(|identifier| {
                if identifier.id() == target.id()
                    || !syntax::contains(scope, *identifier)
                    || !is_variable_name(*identifier)
                    || defining_scope(*identifier, context.text).id() != scope.id()
                {
                    return true;
                }
                let Some(user) = identifier.parent() else { return false };
                let is_field = |field: &str| user.child_by_field_name(field).is_some_and(|value| value.id() == identifier.id());
                match user.kind() {
                    // `writer.writerow(...)`, `reader.line_num`: the object is used, not handed on.
                    "attribute" if is_field("object") => evaluation_scope(*identifier).is_none_or(|found| found.id() == scope.id()),
                    "for_statement" | "for_in_clause" if is_field("right") => true,
                    _ => false,
                }
            })
        }
        _ => false,
    }
}

/// What one read of the name does with the file object.
fn classify(context: &Context, name: Node) -> Use {
    let Some(parent) = name.parent() else { return Use::Escapes };
    let is_field = |field: &str| parent.child_by_field_name(field).is_some_and(|value| value.id() == name.id());
    match parent.kind() {
        "attribute" if is_field("object") => {
            let attribute = parent.child_by_field_name("attribute").map(|attribute| text_of(context.text, attribute)).unwrap_or("");
            let called = parent.parent().is_some_and(|call| {
                call.kind() == "call" && call.child_by_field_name("function").is_some_and(|function| function.id() == parent.id())
            });
            if called {
                if attribute == "close" {
                    return Use::Closes {
                        in_finally: syntax::ancestor(parent, &["finally_clause", "function_definition", "lambda", "class_definition"])
                            .is_some_and(|clause| clause.kind() == "finally_clause"),
                    };
                }
                return Use::Benign;
            }
            // `f.write` handed on is a bound method that keeps the file alive.
            if DATA_ATTRIBUTES.contains(&attribute)
                || parent.parent().is_some_and(|outer| {
                    outer.kind() == "assignment" && outer.child_by_field_name("left").is_some_and(|left| left.id() == parent.id())
                })
            {
                Use::Benign
            } else {
                Use::Escapes
            }
        }
        "for_in_clause" if is_field("right") && parent.parent().is_some_and(|generator| generator.kind() == "generator_expression") => {
            // A generator over the file holds it: fine when a call consumes it, an escape otherwise.
            let consumed = parent
                .parent()
                .and_then(|generator| generator.parent())
                .is_some_and(|outer| matches!(outer.kind(), "call" | "argument_list"));
            if consumed {
                Use::Benign
            } else {
                Use::Escapes
            }
        }
        "for_statement" | "for_in_clause" if is_field("right") => Use::Benign,
        "with_item" => Use::Closes { in_finally: true },
        "as_pattern"
            if parent.named_child(0).is_some_and(|first| first.id() == name.id())
                && parent.parent().is_some_and(|item| item.kind() == "with_item") =>
        {
            Use::Closes { in_finally: true }
        }
        "argument_list" | "keyword_argument" => match consumer_call(context, name) {
            Some(call) => {
                let keeps = context
                    .resolve(call.child_by_field_name("function").unwrap_or(call))
                    .is_some_and(|qualified| KEEPERS.contains(&qualified.as_str()));
                if !keeps || keeper_stays_local(context, call) {
                    Use::Benign
                } else {
                    Use::PassedOn
                }
            }
            // `*f` or `**f` would be odd; any other argument goes to code that may keep it.
            None if parent.kind() == "argument_list" || is_field("value") => Use::PassedOn,
            None => Use::Escapes,
        },
        "not_operator" => Use::Benign,
        "comparison_operator" => {
            let mut cursor = parent.walk();
            let identity = parent
                .children_by_field_name("operators", &mut cursor)
                .all(|operator| matches!(operator.kind(), "is" | "is not" | "==" | "!="));
            if identity {
                Use::Benign
            } else {
                Use::Escapes
            }
        }
        "if_statement" | "elif_clause" | "while_statement" if is_field("condition") => Use::Benign,
        _ => Use::Escapes,
    }
}

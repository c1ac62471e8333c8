//! What each scope binds (locals, `global` and `nonlocal` declarations), computed on demand per
//! scope and cached, and which scope's binding an identifier reads.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use crate::analysis::semantics::imports::collect_parameter_names;
use crate::analysis::syntax::{self, descendants, target_names, text_of, COMPREHENSION_KINDS};
use crate::analysis::Context;

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

/// How the scope node `scope` (def, lambda, class, comprehension or the module) binds `name` in
/// its own body: `"global"` / `"nonlocal"` when declared so, `"local"` when bound there
/// (parameter, assignment or loop target, `as` name, import, def or class name, `del`).
pub fn binding_in_scope(scope: Node, name: &str, text: &str) -> Option<&'static str> {
    let bindings = scope_bindings(text, scope);
    if bindings.globals.contains(name) {
        Some("global")
    } else if bindings.nonlocals.contains(name) {
        Some("nonlocal")
    } else {
        bindings.locals.contains(name).then_some("local")
    }
}

/// The scope node whose variable the identifier `identifier` names: the innermost scope that binds
/// it (`global` and `nonlocal` followed; a class body only for code directly in it), else the module.
pub fn defining_scope<'tree>(identifier: Node<'tree>, text: &str) -> Node<'tree> {
    let name = text_of(text, identifier);
    let mut root = identifier;
    while let Some(parent) = root.parent() {
        root = parent;
    }
    let mut current = syntax::enclosing_scope(identifier);
    let mut innermost = true;
    while let Some(scope) = current {
        // A class body is visible only to code directly in it.
        if scope.kind() != "class_definition" || innermost {
            match binding_in_scope(scope, name, text) {
                Some("global") => return root,
                Some("local") => return scope,
                _ => {}
            }
        }
        innermost = false;
        current = syntax::enclosing_scope(scope);
    }
    root
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

/// Names every module can read without binding them: the builtins (3.13) and the module
/// attributes the import system sets.
const BUILTIN_NAMES: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "Ellipsis",
    "EncodingWarning",
    "EnvironmentError",
    "Exception",
    "ExceptionGroup",
    "False",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "None",
    "NotADirectoryError",
    "NotImplemented",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PendingDeprecationWarning",
    "PermissionError",
    "ProcessLookupError",
    "PythonFinalizationError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "True",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "Warning",
    "ZeroDivisionError",
    "__build_class__",
    "__debug__",
    "__doc__",
    "__file__",
    "__import__",
    "__loader__",
    "__name__",
    "__package__",
    "__spec__",
    "__builtins__",
    "__path__",
    "__cached__",
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "copyright",
    "credits",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "exit",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "license",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "quit",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
];

/// Whether `name` is a builtin or a module attribute every module has (`__name__`).
pub fn is_builtin_name(name: &str) -> bool {
    BUILTIN_NAMES.contains(&name)
}

/// For a list, set or dict comprehension or a generator expression evaluated in a class body
/// (not nested in another comprehension's non-first part): the identifiers its element,
/// conditions and non-first iterables read (inner comprehensions and lambdas included) that
/// name a variable of that class body, which they cannot see: only the first iterable runs in
/// the class scope. Empty for a comprehension anywhere else.
pub fn class_names_hidden_from<'tree>(text: &str, comprehension: Node<'tree>) -> Vec<Node<'tree>> {
    let Some(class) = syntax::enclosing_scope(comprehension).filter(|scope| scope.kind() == "class_definition") else {
        return Vec::new();
    };
    let class_bindings = scope_bindings(text, class);
    let mut found = Vec::new();
    let mut cache: HashMap<usize, Bindings> = HashMap::new();
    for identifier in descendants(comprehension, "identifier") {
        let name = text_of(text, identifier);
        if syntax::in_first_iterable(comprehension, identifier)
            || !syntax::is_load(identifier)
            || !class_bindings.locals.contains(name)
            || class_bindings.globals.contains(name)
            || class_bindings.nonlocals.contains(name)
        {
            continue;
        }
        // A binding in the comprehension itself or a scope inside it (targets, lambda
        // parameters) hides the class's name anyway.
        let mut bound_inside = false;
        let mut current = syntax::enclosing_scope(identifier);
        while let Some(scope) = current {
            let bindings = cache.entry(scope.id()).or_insert_with(|| scope_bindings(text, scope));
            if bindings.locals.contains(name) || bindings.globals.contains(name) || bindings.nonlocals.contains(name) {
                bound_inside = true;
                break;
            }
            if scope.id() == comprehension.id() {
                break;
            }
            current = syntax::enclosing_scope(scope);
        }
        if !bound_inside {
            found.push(identifier);
        }
    }
    found
}

/// Whether code in the comprehension or lambda `inner`, which cannot see the class body it sits
/// in, still finds a binding of `name`: in a function around the class, at module level (a
/// `from m import *` may bind anything) or among the builtins.
pub fn visible_outside_class(text: &str, class: Node, name: &str) -> bool {
    if is_builtin_name(name) {
        return true;
    }
    let mut current = syntax::enclosing_scope(class);
    let mut root = class;
    while let Some(parent) = root.parent() {
        root = parent;
    }
    while let Some(scope) = current {
        if scope.kind() != "class_definition" {
            let bindings = scope_bindings(text, scope);
            if bindings.globals.contains(name) {
                break;
            }
            if bindings.locals.contains(name) {
                return true;
            }
        }
        current = syntax::enclosing_scope(scope);
    }
    let module = scope_bindings(text, root);
    module.locals.contains(name)
        || descendants(root, "wildcard_import")
            .iter()
            .any(|star| star.parent().is_some_and(|statement| statement.kind() == "import_from_statement"))
}

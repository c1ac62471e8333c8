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

//! Closures: defs and lambdas with free variables, computed as CPython's symbol table does
//! (`symtable.c`: class bodies do not enclose, comprehensions are scopes, `global` and `nonlocal`
//! respected, names a nested function only passes through are free in it too), and the
//! `nonlocal` keyword. The implicit `__class__` cell of zero-argument `super()` is ignored.

use std::collections::{BTreeMap, BTreeSet};

use tree_sitter::Node;

use crate::analysis::syntax::{self, text_of};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "closures";
/// Cells the compiler makes for itself; they are not captured user variables.
const IMPLICIT_CELLS: &[&str] = &["__class__", "__classdict__", "__conditional_annotations__"];

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    let scopes = Scopes::build(context.text, context.scope_root());
    for index in 0..scopes.scopes.len() {
        let scope = &scopes.scopes[index];
        if !matches!(scope.kind, ScopeKind::Function | ScopeKind::Lambda) || scope.free.is_empty() {
            continue;
        }
        if let Some(anchor) = anchor_of(scope.node) {
            out.push(context.occurrence(TOPIC, anchor, scopes.function_notes(context.text, index)));
        }
    }
    for statement in context.nodes("nonlocal_statement") {
        if let Some(keyword) = syntax::token(*statement, "nonlocal") {
            out.push(context.occurrence(TOPIC, keyword, scopes.nonlocal_notes(context.text, *statement)));
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(parent) = anchor.parent() else { return Vec::new() };
    let scopes = Scopes::build(context.text, context.scope_root());
    if parent.kind() == "nonlocal_statement" {
        return scopes.nonlocal_notes(context.text, parent);
    }
    match scopes.index_of(parent) {
        Some(index) if anchor_of(parent).is_some_and(|found| found.id() == anchor.id()) => scopes.function_notes(context.text, index),
        _ => Vec::new(),
    }
}

/// The free variables of the def or lambda `function`, as `symtable` reports them (sorted).
pub fn free_variables(text: &str, root: Node, function: Node) -> Vec<String> {
    let scopes = Scopes::build(text, root);
    scopes.index_of(function).map(|index| scopes.scopes[index].free.iter().cloned().collect()).unwrap_or_default()
}

/// The hover anchor of a def (its name) or a lambda (the `lambda` keyword).
fn anchor_of(function: Node) -> Option<Node> {
    match function.kind() {
        "function_definition" => function.child_by_field_name("name"),
        "lambda" => syntax::token(function, "lambda"),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScopeKind {
    Module,
    Function,
    Lambda,
    Class,
    Comprehension,
    /// PEP 695 type parameters and `type` alias values: function-like, never reported.
    Annotation,
}

impl ScopeKind {
    fn is_function_like(self) -> bool {
        matches!(self, ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension | ScopeKind::Annotation)
    }
}

#[derive(Debug)]
struct Scope<'tree> {
    kind: ScopeKind,
    node: Node<'tree>,
    parent: Option<usize>,
    children: Vec<usize>,
    /// Names bound here: assignment and loop targets, parameters, imports, defs, classes...
    bound: BTreeSet<String>,
    /// Names read here.
    used: BTreeSet<String>,
    globals: BTreeSet<String>,
    nonlocals: BTreeSet<String>,
    /// Results of the analysis: every free variable, and the ones this scope reads or declares
    /// `nonlocal` itself (the rest it passes through to nested scopes).
    free: BTreeSet<String>,
    own_free: BTreeSet<String>,
}

/// Every scope of a file with its names, and the free variables of each.
struct Scopes<'tree> {
    scopes: Vec<Scope<'tree>>,
}

/// What a node is, for the walk that collects names.
enum Role {
    /// Evaluated: identifiers are reads.
    Value,
    /// An assignment, loop, `with`, `except` or `del` target: identifiers are bound.
    Target,
    /// A `match` pattern: capture names are bound, dotted names are reads.
    Pattern,
}

impl<'tree> Scopes<'tree> {
    fn build(text: &str, root: Node<'tree>) -> Self {
        let mut scopes = Scopes { scopes: Vec::new() };
        scopes.new_scope(ScopeKind::Module, root, None);
        let mut stack: Vec<(Node<'tree>, usize, Role)> = vec![(root, 0, Role::Value)];
        while let Some((node, scope, role)) = stack.pop() {
            match role {
                Role::Value => scopes.visit(text, node, scope, &mut stack),
                Role::Target => scopes.visit_target(text, node, scope, &mut stack),
                Role::Pattern => scopes.visit_pattern(text, node, scope, &mut stack),
            }
        }
        scopes.analyze(0, None, &BTreeSet::new(), 0);
        scopes
    }

    fn index_of(&self, node: Node) -> Option<usize> {
        self.scopes.iter().position(|scope| scope.node.id() == node.id())
    }

    fn new_scope(&mut self, kind: ScopeKind, node: Node<'tree>, parent: Option<usize>) -> usize {
        let index = self.scopes.len();
        self.scopes.push(Scope {
            kind,
            node,
            parent,
            children: Vec::new(),
            bound: BTreeSet::new(),
            used: BTreeSet::new(),
            globals: BTreeSet::new(),
            nonlocals: BTreeSet::new(),
            free: BTreeSet::new(),
            own_free: BTreeSet::new(),
        });
        if let Some(parent) = parent {
            self.scopes[parent].children.push(index);
        }
        index
    }

    fn bind(&mut self, scope: usize, text: &str, name: Node) {
        self.scopes[scope].bound.insert(text_of(text, name).to_owned());
    }

    fn read(&mut self, scope: usize, text: &str, name: Node) {
        self.scopes[scope].used.insert(text_of(text, name).to_owned());
    }

    fn visit(&mut self, text: &str, node: Node<'tree>, scope: usize, stack: &mut Vec<(Node<'tree>, usize, Role)>) {
        let field = |name: &str| node.child_by_field_name(name);
        match node.kind() {
            "identifier" => self.read(scope, text, node),
            "function_definition" => {
                if let Some(name) = field("name") {
                    self.bind(scope, text, name);
                }
                let outer = self.type_parameter_scope(text, node, scope, stack);
                let function = self.new_scope(ScopeKind::Function, node, Some(outer));
                if let Some(parameters) = field("parameters") {
                    self.visit_parameters(text, parameters, function, scope, outer, stack);
                }
                if let Some(returns) = field("return_type") {
                    stack.push((returns, outer, Role::Value));
                }
                if let Some(body) = field("body") {
                    stack.push((body, function, Role::Value));
                }
            }
            "lambda" => {
                let function = self.new_scope(ScopeKind::Lambda, node, Some(scope));
                if let Some(parameters) = field("parameters") {
                    self.visit_parameters(text, parameters, function, scope, scope, stack);
                }
                if let Some(body) = field("body") {
                    stack.push((body, function, Role::Value));
                }
            }
            "class_definition" => {
                if let Some(name) = field("name") {
                    self.bind(scope, text, name);
                }
                let outer = self.type_parameter_scope(text, node, scope, stack);
                if let Some(superclasses) = field("superclasses") {
                    stack.push((superclasses, outer, Role::Value));
                }
                let class = self.new_scope(ScopeKind::Class, node, Some(outer));
                if let Some(body) = field("body") {
                    stack.push((body, class, Role::Value));
                }
            }
            "list_comprehension" | "set_comprehension" | "dictionary_comprehension" | "generator_expression" => {
                let comprehension = self.new_scope(ScopeKind::Comprehension, node, Some(scope));
                let mut first = true;
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    if child.kind() != "for_in_clause" {
                        stack.push((child, comprehension, Role::Value));
                        continue;
                    }
                    let left = child.child_by_field_name("left");
                    let mut parts = child.walk();
                    for part in child.named_children(&mut parts) {
                        if left.is_some_and(|left| left.id() == part.id()) {
                            stack.push((part, comprehension, Role::Target));
                        } else {
                            // The first iterable is evaluated in the enclosing scope.
                            stack.push((part, if first { scope } else { comprehension }, Role::Value));
                        }
                    }
                    first = false;
                }
            }
            "assignment" | "augmented_assignment" | "for_statement" => {
                let left = field("left");
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    let role = if left.is_some_and(|left| left.id() == child.id()) { Role::Target } else { Role::Value };
                    stack.push((child, scope, role));
                }
            }
            "as_pattern" => {
                // `with a as b`, `except E as e`: the alias is bound.
                let alias = field("alias");
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    let role = if alias.is_some_and(|alias| alias.id() == child.id()) { Role::Target } else { Role::Value };
                    stack.push((child, scope, role));
                }
            }
            "named_expression" => {
                if let Some(value) = field("value") {
                    stack.push((value, scope, Role::Value));
                }
                if let Some(name) = field("name") {
                    self.bind_walrus(text, name, scope);
                }
            }
            "delete_statement" => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    stack.push((child, scope, Role::Target));
                }
            }
            "global_statement" | "nonlocal_statement" => {
                let mut cursor = node.walk();
                let names: Vec<String> = node
                    .named_children(&mut cursor)
                    .filter(|child| child.kind() == "identifier")
                    .map(|name| text_of(text, name).to_owned())
                    .collect();
                let set =
                    if node.kind() == "global_statement" { &mut self.scopes[scope].globals } else { &mut self.scopes[scope].nonlocals };
                set.extend(names);
            }
            "import_statement" | "import_from_statement" | "future_import_statement" => self.bind_import(text, node, scope),
            "keyword_argument" => stack.extend(field("value").map(|value| (value, scope, Role::Value))),
            "attribute" => stack.extend(field("object").map(|object| (object, scope, Role::Value))),
            "member_type" => stack.extend(node.named_child(0).map(|inner| (inner, scope, Role::Value))),
            "dotted_name" => stack.extend(node.named_child(0).map(|first| (first, scope, Role::Value))),
            "case_clause" => {
                let guard = field("guard");
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    let role = if child.kind() == "case_pattern" && guard.is_none_or(|guard| guard.id() != child.id()) {
                        Role::Pattern
                    } else {
                        Role::Value
                    };
                    stack.push((child, scope, role));
                }
            }
            "type_alias_statement" => {
                // `type Name[T] = value`: the name is bound here, the value is evaluated lazily in
                // its own function-like scope (inside the type parameters' scope, if any).
                let mut outer = scope;
                if let Some(left) = field("left") {
                    if let Some(name) = leftmost_identifier(left) {
                        self.bind(scope, text, name);
                    }
                    if let Some(parameters) = find_child(left, "generic_type").and_then(|generic| find_child(generic, "type_parameter")) {
                        outer = self.new_scope(ScopeKind::Annotation, node, Some(scope));
                        self.bind_type_parameters(text, parameters, outer, stack);
                    }
                }
                if let Some(right) = field("right") {
                    let value = self.new_scope(ScopeKind::Annotation, right, Some(outer));
                    stack.push((right, value, Role::Value));
                }
            }
            _ => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    stack.push((child, scope, Role::Value));
                }
            }
        }
    }

    /// For a def or class with PEP 695 type parameters, the function-like scope that binds them
    /// (and where the annotations, bases and defaults that may use them are evaluated).
    fn type_parameter_scope(
        &mut self,
        text: &str,
        definition: Node<'tree>,
        scope: usize,
        stack: &mut Vec<(Node<'tree>, usize, Role)>,
    ) -> usize {
        let Some(parameters) = definition.child_by_field_name("type_parameters") else { return scope };
        let inner = self.new_scope(ScopeKind::Annotation, parameters, Some(scope));
        self.bind_type_parameters(text, parameters, inner, stack);
        inner
    }

    fn bind_type_parameters(&mut self, text: &str, parameters: Node<'tree>, scope: usize, stack: &mut Vec<(Node<'tree>, usize, Role)>) {
        let mut cursor = parameters.walk();
        for parameter in parameters.named_children(&mut cursor) {
            let Some(name) = leftmost_identifier(parameter) else { continue };
            self.bind(scope, text, name);
            // Bounds and constraints (`T: int`) are read.
            if let Some(bound) = find_child(parameter, "constrained_type").and_then(|constrained| constrained.named_child(1)) {
                stack.push((bound, scope, Role::Value));
            }
        }
    }

    /// Parameter names go to `function`, defaults to `defaults_scope`, annotations to `annotations_scope`.
    fn visit_parameters(
        &mut self,
        text: &str,
        parameters: Node<'tree>,
        function: usize,
        defaults_scope: usize,
        annotations_scope: usize,
        stack: &mut Vec<(Node<'tree>, usize, Role)>,
    ) {
        let mut cursor = parameters.walk();
        for parameter in parameters.named_children(&mut cursor) {
            match parameter.kind() {
                "identifier" => self.bind(function, text, parameter),
                "list_splat_pattern" | "dictionary_splat_pattern" | "tuple_pattern" => self.bind_all(text, parameter, function),
                "typed_parameter" => {
                    if let Some(name) = parameter.named_child(0) {
                        self.bind_all(text, name, function);
                    }
                    stack.extend(parameter.child_by_field_name("type").map(|annotation| (annotation, annotations_scope, Role::Value)));
                }
                "default_parameter" | "typed_default_parameter" => {
                    if let Some(name) = parameter.child_by_field_name("name") {
                        self.bind_all(text, name, function);
                    }
                    stack.extend(parameter.child_by_field_name("type").map(|annotation| (annotation, annotations_scope, Role::Value)));
                    stack.extend(parameter.child_by_field_name("value").map(|value| (value, defaults_scope, Role::Value)));
                }
                _ => {}
            }
        }
    }

    /// Binds every identifier under `node` (a parameter's name or splat).
    fn bind_all(&mut self, text: &str, node: Node, scope: usize) {
        if node.kind() == "identifier" {
            self.bind(scope, text, node);
            return;
        }
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            self.bind_all(text, child, scope);
        }
    }

    fn visit_target(&mut self, text: &str, node: Node<'tree>, scope: usize, stack: &mut Vec<(Node<'tree>, usize, Role)>) {
        match node.kind() {
            "identifier" => self.bind(scope, text, node),
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "tuple"
            | "list"
            | "expression_list"
            | "parenthesized_expression"
            | "list_splat_pattern"
            | "list_splat"
            | "as_pattern_target" => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    stack.push((child, scope, Role::Target));
                }
            }
            "comment" => {}
            _ => stack.push((node, scope, Role::Value)),
        }
    }

    fn visit_pattern(&mut self, text: &str, node: Node<'tree>, scope: usize, stack: &mut Vec<(Node<'tree>, usize, Role)>) {
        match node.kind() {
            "dotted_name" => {
                let parent = node.parent();
                let is_class = parent.is_some_and(|parent| parent.kind() == "class_pattern");
                let is_key = parent.is_some_and(|parent| {
                    let mut cursor = parent.walk();
                    let found = parent.children_by_field_name("key", &mut cursor).any(|key| key.id() == node.id());
                    found
                });
                match node.named_child(0) {
                    // A lone name is a capture pattern; a dotted name is a value to compare with.
                    Some(first) if node.named_child_count() == 1 && !is_class && !is_key => self.bind(scope, text, first),
                    Some(first) => self.read(scope, text, first),
                    None => {}
                }
            }
            // `case [*rest]`, `case {**rest}`, `case P() as whole`.
            "splat_pattern" | "as_pattern" => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    if child.kind() == "identifier" {
                        self.bind(scope, text, child);
                    } else {
                        stack.push((child, scope, Role::Pattern));
                    }
                }
            }
            "keyword_pattern" => {
                // `x=<pattern>`: `x` names an attribute, not a variable.
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor).skip(1) {
                    stack.push((child, scope, Role::Pattern));
                }
            }
            "case_pattern" | "class_pattern" | "union_pattern" | "list_pattern" | "tuple_pattern" | "dict_pattern" => {
                let mut cursor = node.walk();
                for child in node.named_children(&mut cursor) {
                    stack.push((child, scope, Role::Pattern));
                }
            }
            _ => stack.push((node, scope, Role::Value)),
        }
    }

    /// `name := value` binds in the nearest enclosing scope that is not a comprehension; the
    /// comprehensions in between treat the name as `nonlocal` (or `global` at module level).
    fn bind_walrus(&mut self, text: &str, name: Node, scope: usize) {
        let name_text = text_of(text, name).to_owned();
        let mut target = scope;
        let mut passed = Vec::new();
        while self.scopes[target].kind == ScopeKind::Comprehension {
            passed.push(target);
            match self.scopes[target].parent {
                Some(parent) => target = parent,
                None => break,
            }
        }
        let at_module = self.scopes[target].kind == ScopeKind::Module;
        let declared_global = self.scopes[target].globals.contains(&name_text);
        for comprehension in passed {
            if at_module || declared_global {
                self.scopes[comprehension].globals.insert(name_text.clone());
            } else {
                self.scopes[comprehension].nonlocals.insert(name_text.clone());
            }
        }
        self.scopes[target].bound.insert(name_text);
    }

    fn bind_import(&mut self, text: &str, node: Node, scope: usize) {
        let mut cursor = node.walk();
        let names: Vec<Node> = node.children_by_field_name("name", &mut cursor).collect();
        for name in names {
            match name.kind() {
                // `import a.b.c` binds `a`; `from m import a` binds `a`.
                "dotted_name" => {
                    if let Some(first) = name.named_child(0) {
                        self.bind(scope, text, first);
                    }
                }
                "aliased_import" => {
                    if let Some(alias) = name.child_by_field_name("alias") {
                        self.bind(scope, text, alias);
                    }
                }
                _ => {}
            }
        }
    }

    /// CPython's `analyze_block`: which names of each scope are free, given the names bound in
    /// the enclosing function scopes (`bound`, `None` at module level) and the known globals.
    /// Returns the scope's free variables, which propagate to the enclosing scope.
    fn analyze(&mut self, index: usize, bound: Option<&BTreeSet<String>>, global: &BTreeSet<String>, depth: usize) -> BTreeSet<String> {
        if depth > 400 {
            return BTreeSet::new();
        }
        let kind = self.scopes[index].kind;
        let mut bound: Option<BTreeSet<String>> = bound.cloned();
        let mut global = global.clone();
        let mut local = BTreeSet::new();
        let mut free = BTreeSet::new();
        let mut new_bound = BTreeSet::new();
        let mut new_global = BTreeSet::new();
        // A class body does not enclose: its children see the same bound names as the class.
        if kind == ScopeKind::Class {
            new_global.extend(global.iter().cloned());
            if let Some(bound) = &bound {
                new_bound.extend(bound.iter().cloned());
            }
        }
        let scope = &self.scopes[index];
        let names: BTreeSet<String> =
            scope.bound.iter().chain(&scope.used).chain(&scope.globals).chain(&scope.nonlocals).cloned().collect();
        for name in &names {
            if scope.globals.contains(name) {
                global.insert(name.clone());
                if let Some(bound) = &mut bound {
                    bound.remove(name);
                }
            } else if scope.nonlocals.contains(name) {
                // Without an enclosing binding this is a SyntaxError; nothing is free then.
                if bound.as_ref().is_some_and(|bound| bound.contains(name)) {
                    free.insert(name.clone());
                }
            } else if scope.bound.contains(name) {
                local.insert(name.clone());
                global.remove(name);
            } else if bound.as_ref().is_some_and(|bound| bound.contains(name)) {
                free.insert(name.clone());
            }
        }
        if kind != ScopeKind::Class {
            if kind.is_function_like() {
                new_bound.extend(local.iter().cloned());
            }
            if let Some(bound) = &bound {
                new_bound.extend(bound.iter().cloned());
            }
            new_global.extend(global.iter().cloned());
        } else {
            new_bound.insert("__class__".to_owned());
        }
        let mut new_free = BTreeSet::new();
        let children = self.scopes[index].children.clone();
        for child in children {
            new_free.extend(self.analyze(child, Some(&new_bound), &new_global, depth + 1));
        }
        if kind.is_function_like() {
            // Locals used by nested scopes become cells, not free variables.
            new_free.retain(|name| !local.contains(name));
        }
        if kind == ScopeKind::Class {
            new_free.remove("__class__");
            new_free.remove("__classdict__");
        }
        let own_free = free.clone();
        // Free in a nested scope and not mentioned here: passed through, so free here too.
        for name in &new_free {
            if !names.contains(name) && bound.as_ref().is_none_or(|bound| bound.contains(name)) {
                free.insert(name.clone());
            }
        }
        let scope = &mut self.scopes[index];
        scope.own_free = own_free.into_iter().filter(|name| !IMPLICIT_CELLS.contains(&name.as_str())).collect();
        scope.free = free.iter().filter(|name| !IMPLICIT_CELLS.contains(&name.as_str())).cloned().collect();
        free.extend(new_free);
        free
    }

    /// The nearest enclosing function-like scope of `index` that binds `name` itself.
    fn origin(&self, index: usize, name: &str) -> Option<usize> {
        let mut current = self.scopes[index].parent;
        while let Some(scope_index) = current {
            let scope = &self.scopes[scope_index];
            if scope.kind.is_function_like()
                && scope.bound.contains(name)
                && !scope.nonlocals.contains(name)
                && !scope.globals.contains(name)
            {
                return Some(scope_index);
            }
            current = scope.parent;
        }
        None
    }

    fn describe(&self, text: &str, index: usize) -> String {
        let scope = &self.scopes[index];
        match scope.kind {
            ScopeKind::Function => scope
                .node
                .child_by_field_name("name")
                .map(|name| format!("`{}`", text_of(text, name)))
                .unwrap_or_else(|| "the enclosing function".to_owned()),
            ScopeKind::Lambda => format!("the lambda on line {}", scope.node.start_position().row + 1),
            ScopeKind::Comprehension => "the enclosing comprehension".to_owned(),
            ScopeKind::Annotation => "the type parameters".to_owned(),
            _ => "the enclosing scope".to_owned(),
        }
    }

    fn function_notes(&self, text: &str, index: usize) -> Vec<String> {
        let scope = &self.scopes[index];
        let mut notes = Vec::new();
        // Captured names grouped by the scope that binds them, the innermost first.
        let mut reads: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        let mut rebinds: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for name in &scope.own_free {
            let Some(origin) = self.origin(index, name) else { continue };
            let group = if scope.nonlocals.contains(name) { &mut rebinds } else { &mut reads };
            group.entry(origin).or_default().push(name.clone());
        }
        for (origin, names) in reads.iter().rev().take(2) {
            notes.push(format!("Reads {} from {}.", listed(names), self.describe(text, *origin)));
        }
        for (origin, names) in rebinds.iter().rev().take(2) {
            notes.push(format!("Rebinds {} of {} (declared `nonlocal`).", listed(names), self.describe(text, *origin)));
        }
        let passed: Vec<String> = scope.free.iter().filter(|name| !scope.own_free.contains(*name)).cloned().collect();
        if !passed.is_empty() {
            let users: Vec<String> = self.nested_users(index, &passed).into_iter().take(2).map(|user| self.describe(text, user)).collect();
            let to = if users.is_empty() { "a nested scope".to_owned() } else { users.join(" and ") };
            let pronoun = if passed.len() == 1 { "it" } else { "them" };
            notes.push(format!("Only passes {} through to {to}, which uses {pronoun}.", listed(&passed)));
        }
        let loop_names: Vec<String> = scope.free.iter().filter(|name| self.is_loop_variable(text, index, name)).cloned().collect();
        match loop_names.first() {
            Some(first) => notes.push(format!(
                "Late binding: it is created in a loop over {}, so it sees the loop's latest value when it runs, unless bound as a default (`{first}={first}`).",
                listed(&loop_names)
            )),
            None => notes.push("Late binding: captured variables are read when it runs, not when it is created, so it sees their latest values.".to_owned()),
        }
        notes
    }

    /// Nested function-like scopes of `index` that read one of `names` themselves.
    fn nested_users(&self, index: usize, names: &[String]) -> Vec<usize> {
        let mut users = Vec::new();
        let mut stack: Vec<usize> = self.scopes[index].children.iter().rev().copied().collect();
        while let Some(child) = stack.pop() {
            let scope = &self.scopes[child];
            if matches!(scope.kind, ScopeKind::Function | ScopeKind::Lambda) && names.iter().any(|name| scope.own_free.contains(name)) {
                users.push(child);
            }
            stack.extend(scope.children.iter().rev().copied());
        }
        users.sort_by_key(|user| self.scopes[*user].node.start_byte());
        users
    }

    /// Whether `name` is the target of a `for` loop or comprehension that holds the function
    /// `index`, within the scope that binds the name.
    fn is_loop_variable(&self, text: &str, index: usize, name: &str) -> bool {
        let Some(origin) = self.origin(index, name) else { return false };
        let origin_node = self.scopes[origin].node;
        let function = self.scopes[index].node;
        let mut current = function.parent();
        while let Some(node) = current {
            let binds = match node.kind() {
                "for_statement" => {
                    node.child_by_field_name("body").is_some_and(|body| syntax::contains(body, function))
                        && node.child_by_field_name("left").is_some_and(|target| binds_name(text, target, name))
                }
                "list_comprehension" | "set_comprehension" | "dictionary_comprehension" | "generator_expression" => {
                    let mut cursor = node.walk();
                    let clauses: Vec<Node> = node.named_children(&mut cursor).filter(|child| child.kind() == "for_in_clause").collect();
                    clauses.iter().filter_map(|clause| clause.child_by_field_name("left")).any(|target| binds_name(text, target, name))
                }
                _ => false,
            };
            if binds {
                return true;
            }
            if node.id() == origin_node.id() {
                return false;
            }
            current = node.parent();
        }
        false
    }

    fn nonlocal_notes(&self, text: &str, statement: Node) -> Vec<String> {
        let mut cursor = statement.walk();
        let names: Vec<String> = statement
            .named_children(&mut cursor)
            .filter(|child| child.kind() == "identifier")
            .map(|name| text_of(text, name).to_owned())
            .collect();
        let Some(function) = syntax::enclosing_scope(statement) else {
            return vec!["`nonlocal` at module level is a SyntaxError.".to_owned()];
        };
        let Some(index) = self.index_of(function) else { return Vec::new() };
        let here = self.describe(text, index);
        let mut notes = Vec::new();
        let mut missing = Vec::new();
        let mut by_origin: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for name in &names {
            match self.origin(index, name) {
                Some(origin) => by_origin.entry(origin).or_default().push(name.clone()),
                None => missing.push(name.clone()),
            }
        }
        for (origin, names) in by_origin.iter().rev().take(2) {
            let (variables, locals) = if names.len() == 1 { ("variable", "a local") } else { ("variables", "locals") };
            notes.push(format!(
                "Assignments to {} in {here} rebind the {variables} of {} instead of creating {locals}.",
                listed(names),
                self.describe(text, *origin)
            ));
        }
        if !missing.is_empty() {
            notes.push(format!("No enclosing function binds {}: this `nonlocal` is a SyntaxError.", listed(&missing)));
        }
        notes
    }
}

fn listed(names: &[String]) -> String {
    syntax::code_list(names, 80)
}

fn leftmost_identifier(node: Node) -> Option<Node> {
    let mut current = node;
    loop {
        if current.kind() == "identifier" {
            return Some(current);
        }
        current = current.named_child(0)?;
    }
}

fn find_child<'tree>(node: Node<'tree>, kind: &str) -> Option<Node<'tree>> {
    let mut cursor = node.walk();
    let found = node.named_children(&mut cursor).find(|child| child.kind() == kind);
    found
}

/// Whether the target `target` binds `name` (attributes and subscripts bind nothing).
fn binds_name(text: &str, target: Node, name: &str) -> bool {
    let mut stack = vec![target];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "identifier" if text_of(text, node) == name => return true,
            "attribute" | "subscript" => {}
            _ => {
                let mut cursor = node.walk();
                stack.extend(node.named_children(&mut cursor));
            }
        }
    }
    false
}

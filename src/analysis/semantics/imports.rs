//! Name resolution through the file's own imports, with Python's scoping rules:
//! a local binding shadows an import, class bodies do not enclose their methods,
//! and `global` sends a name to the module scope.

use std::collections::HashMap;

use tree_sitter::Node;

use crate::analysis::syntax::{self, text_of, SCOPE_KINDS};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Binding {
    /// Bound by an import to this qualified name (`import pickle as p` binds `p` to `pickle`).
    Import(String),
    /// Bound by `import m` / `import m as M` to the module itself.
    Module(String),
    /// Bound any other way in this scope (def, class, assignment, parameter, loop target...).
    Local,
}

#[derive(Debug, Default)]
struct Scope {
    is_class: bool,
    is_comprehension: bool,
    parent: Option<usize>,
    bindings: HashMap<String, Binding>,
    globals: Vec<String>,
    /// The bytes whose names this scope resolves: a def's or lambda's body, a class body,
    /// a comprehension except its first iterable (`excluded`), which the enclosing scope evaluates.
    region: std::ops::Range<usize>,
    excluded: Option<std::ops::Range<usize>>,
}

impl Scope {
    fn covers(&self, offset: usize) -> bool {
        self.region.contains(&offset) && !self.excluded.as_ref().is_some_and(|excluded| excluded.contains(&offset))
    }
}

/// Every scope of a file with its bindings; index 0 is the module.
#[derive(Debug)]
pub struct Imports {
    scopes: Vec<Scope>,
    /// The package the file is in (`ourlib` for `ourlib/jobs.py`), for relative imports.
    package: Option<String>,
    /// Scope indexes sorted by region start, for `scope_at`.
    by_start: Vec<usize>,
}

impl Imports {
    /// Builds the scopes and bindings from the nodes of a file grouped by kind (`nodes`, as
    /// `Context` indexes them), without another walk of the tree.
    pub fn build<'a, 'tree: 'a>(text: &str, nodes: &dyn Fn(&str) -> &'a [Node<'tree>]) -> Self {
        let module = Scope { region: 0..usize::MAX, ..Scope::default() };
        let mut imports = Imports { scopes: vec![module], package: None, by_start: Vec::new() };
        let mut scope_nodes: Vec<Node> = SCOPE_KINDS.iter().flat_map(|kind| nodes(kind).iter().copied()).collect();
        // Outer scopes first where two start at the same byte.
        scope_nodes.sort_by_key(|node| (node.start_byte(), std::cmp::Reverse(node.end_byte())));
        // Invariant: `open` holds the chain of scopes around the current one, innermost last.
        let mut open: Vec<(usize, Node)> = Vec::new();
        for node in &scope_nodes {
            while let Some((index, outer)) = open.last() {
                if syntax::contains(*outer, *node) && imports.scopes[*index].covers(node.start_byte()) {
                    break;
                }
                open.pop();
            }
            let parent = open.last().map_or(0, |(index, _)| *index);
            let (region, excluded) = scope_region(*node);
            let index = imports.scopes.len();
            imports.scopes.push(Scope {
                is_class: node.kind() == "class_definition",
                is_comprehension: !matches!(node.kind(), "class_definition" | "function_definition" | "lambda"),
                parent: Some(parent),
                region,
                excluded,
                ..Scope::default()
            });
            open.push((index, *node));
        }
        let mut by_start: Vec<usize> = (1..imports.scopes.len()).collect();
        by_start.sort_by_key(|index| (imports.scopes[*index].region.start, std::cmp::Reverse(imports.scopes[*index].region.end)));
        imports.by_start = by_start;

        // Bindings in document order, so the first of several imports of one name
        // (`try: from typing import P` / `except: ... as P`) wins.
        let mut binders: Vec<Node> = BINDING_KINDS.iter().flat_map(|kind| nodes(kind).iter().copied()).collect();
        binders.extend(scope_nodes.iter().copied());
        binders.sort_by_key(|node| node.start_byte());
        let scope_index: HashMap<usize, usize> = scope_nodes.iter().enumerate().map(|(position, node)| (node.id(), position + 1)).collect();
        for node in binders {
            let outer = imports.scope_at(node.start_byte());
            match scope_index.get(&node.id()) {
                Some(inner) => {
                    // A def's own name binds outside it: its start is before its region.
                    let outer = imports.scopes[*inner].parent.unwrap_or(0);
                    imports.bind_definition(text, node, outer, *inner);
                }
                None => imports.bind_statement(text, node, outer),
            }
        }
        imports
    }

    /// The qualified name of an identifier or dotted attribute at its place in the file:
    /// `p.loads` after `import pickle as p` is `pickle.loads`; an unbound name is `builtins.<name>`.
    pub fn resolve(&self, text: &str, node: Node) -> Option<String> {
        match node.kind() {
            "identifier" => {
                let name = text_of(text, node);
                match self.lookup(name, node) {
                    Some(Binding::Import(qualified) | Binding::Module(qualified)) => Some(self.absolute(qualified)),
                    Some(Binding::Local) => None,
                    None => Some(format!("builtins.{name}")),
                }
            }
            "attribute" => {
                let object = node.child_by_field_name("object")?;
                let attribute = node.child_by_field_name("attribute")?;
                let base = self.resolve(text, object)?;
                // `functools.cache` without `import functools` names nothing we know.
                if base.starts_with("builtins.") {
                    return None;
                }
                Some(format!("{base}.{}", text_of(text, attribute)))
            }
            _ => None,
        }
    }

    /// Sets the package the file is in, so relative imports resolve to qualified names.
    pub fn set_package(&mut self, package: Option<&str>) {
        self.package = package.map(str::to_owned);
    }

    /// `.retry.retry` in package `ourlib` is `ourlib.retry.retry`, `..x` is one package up.
    /// Unchanged without a package, or when it climbs above the top-level package.
    fn absolute(&self, qualified: String) -> String {
        let dots = qualified.chars().take_while(|ch| *ch == '.').count();
        let Some(package) = self.package.as_deref().filter(|_| dots > 0) else { return qualified };
        let parts: Vec<&str> = package.split('.').collect();
        if dots > parts.len() {
            return qualified;
        }
        let base = parts[..parts.len() + 1 - dots].join(".");
        match &qualified[dots..] {
            "" => base,
            rest => format!("{base}.{rest}"),
        }
    }

    /// The module an identifier names where it stands, when an `import m` / `import m as M`
    /// statement binds it (not `from m import x`).
    pub fn module_binding(&self, text: &str, node: Node) -> Option<String> {
        if node.kind() != "identifier" {
            return None;
        }
        match self.lookup(text_of(text, node), node)? {
            Binding::Module(qualified) => Some(qualified),
            _ => None,
        }
    }

    /// The module `name` names where `node` stands, when an `import m` / `import m as M`
    /// statement binds it there (as `module_binding`, for a name the code does not spell yet).
    pub fn module_binding_named(&self, name: &str, node: Node) -> Option<String> {
        match self.lookup(name, node)? {
            Binding::Module(qualified) => Some(qualified),
            _ => None,
        }
    }

    /// Whether `name` at `node` is bound anywhere in the scopes it can see.
    pub fn is_bound_locally(&self, name: &str, node: Node) -> bool {
        matches!(self.lookup_with_builtins(name, node), Some(Binding::Local))
    }

    fn lookup(&self, name: &str, node: Node) -> Option<Binding> {
        self.lookup_with_builtins(name, node)
    }

    /// The binding `name` has where `node` stands, or `None` when only a builtin could match.
    fn lookup_with_builtins(&self, name: &str, node: Node) -> Option<Binding> {
        let mut scope = self.scope_of(node);
        let mut first = true;
        loop {
            let current = &self.scopes[scope];
            if current.globals.iter().any(|global| global == name) {
                return self.scopes[0].bindings.get(name).cloned();
            }
            // A class scope is visible only to code directly in its body.
            if !current.is_class || first {
                if let Some(binding) = current.bindings.get(name) {
                    return Some(binding.clone());
                }
            }
            first = false;
            match current.parent {
                Some(parent) => scope = parent,
                None => return None,
            }
        }
    }

    /// The innermost scope whose region holds `node`.
    fn scope_of(&self, node: Node) -> usize {
        self.scope_at(node.start_byte())
    }

    /// The innermost scope whose region holds `offset`, without walking the tree: regions nest,
    /// so the last one starting before the offset, or one of its parents, holds it.
    fn scope_at(&self, offset: usize) -> usize {
        let position = self.by_start.partition_point(|index| self.scopes[*index].region.start <= offset);
        let mut scope = match position.checked_sub(1) {
            Some(found) => self.by_start[found],
            None => return 0,
        };
        while !self.scopes[scope].covers(offset) {
            match self.scopes[scope].parent {
                Some(parent) => scope = parent,
                None => return 0,
            }
        }
        scope
    }

    fn bind(&mut self, scope: usize, name: &str, binding: Binding) {
        let slot = self.scopes[scope].bindings.entry(name.to_owned()).or_insert(binding.clone());
        // A local definition shadows an import of the same name in the same scope.
        if binding == Binding::Local {
            *slot = Binding::Local;
        }
    }

    /// Names a def, class or lambda binds: its own name outside, its parameters inside.
    fn bind_definition(&mut self, text: &str, node: Node, outer: usize, inner: usize) {
        if matches!(node.kind(), "function_definition" | "class_definition") {
            if let Some(name) = node.child_by_field_name("name") {
                self.bind(outer, text_of(text, name), Binding::Local);
            }
        }
        if let Some(parameters) = node.child_by_field_name("parameters") {
            let mut names = Vec::new();
            collect_parameter_names(text, parameters, &mut names);
            for name in names {
                self.bind(inner, &name, Binding::Local);
            }
        }
    }

    fn bind_statement(&mut self, text: &str, node: Node, scope: usize) {
        match node.kind() {
            "import_statement" => {
                let mut cursor = node.walk();
                for name in node.children_by_field_name("name", &mut cursor) {
                    match name.kind() {
                        "dotted_name" => {
                            let full = text_of(text, name);
                            let first = full.split('.').next().unwrap_or(full).trim();
                            self.bind(scope, first, Binding::Module(first.to_owned()));
                        }
                        "aliased_import" => {
                            if let (Some(module), Some(alias)) = (name.child_by_field_name("name"), name.child_by_field_name("alias")) {
                                self.bind(scope, text_of(text, alias), Binding::Module(dotted(text, module)));
                            }
                        }
                        _ => {}
                    }
                }
            }
            "import_from_statement" => {
                let Some(module) = node.child_by_field_name("module_name") else { return };
                let module = dotted(text, module);
                // `from . import x` is `.x`, `from .a import x` is `.a.x`.
                let join =
                    |imported: &str| if module.ends_with('.') { format!("{module}{imported}") } else { format!("{module}.{imported}") };
                let mut cursor = node.walk();
                for name in node.children_by_field_name("name", &mut cursor) {
                    match name.kind() {
                        "dotted_name" => {
                            let imported = dotted(text, name);
                            self.bind(scope, &imported, Binding::Import(join(&imported)));
                        }
                        "aliased_import" => {
                            if let (Some(imported), Some(alias)) = (name.child_by_field_name("name"), name.child_by_field_name("alias")) {
                                self.bind(scope, text_of(text, alias), Binding::Import(join(&dotted(text, imported))));
                            }
                        }
                        _ => {}
                    }
                }
            }
            "global_statement" => {
                let mut cursor = node.walk();
                let names: Vec<String> = node.named_children(&mut cursor).map(|name| text_of(text, name).to_owned()).collect();
                self.scopes[scope].globals.extend(names);
            }
            "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
                if let Some(left) = node.child_by_field_name("left") {
                    self.bind_target(text, left, scope);
                }
            }
            "named_expression" => {
                if let Some(name) = node.child_by_field_name("name") {
                    // Walrus targets in a comprehension bind in the enclosing function scope.
                    let mut target = scope;
                    while self.scopes[target].is_comprehension {
                        match self.scopes[target].parent {
                            Some(parent) => target = parent,
                            None => break,
                        }
                    }
                    self.bind(target, text_of(text, name), Binding::Local);
                }
            }
            "as_pattern" => {
                if let Some(alias) = node.child_by_field_name("alias") {
                    self.bind_target(text, alias, scope);
                }
            }
            "except_clause" => {
                if let Some(alias) = node.child_by_field_name("alias") {
                    self.bind_target(text, alias, scope);
                }
            }
            _ => {}
        }
    }

    /// Binds every name in an assignment target (`a`, `a, b`, `[a, *b]`); attributes and subscripts bind nothing.
    fn bind_target(&mut self, text: &str, target: Node, scope: usize) {
        match target.kind() {
            "identifier" => self.bind(scope, text_of(text, target), Binding::Local),
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "list_splat_pattern"
            | "as_pattern_target"
            | "parenthesized_expression"
            | "tuple"
            | "list" => {
                let mut cursor = target.walk();
                let children: Vec<Node> = target.named_children(&mut cursor).collect();
                for child in children {
                    self.bind_target(text, child, scope);
                }
            }
            _ => {}
        }
    }
}

/// Node kinds that bind names in the scope they stand in (see `bind_statement`).
const BINDING_KINDS: &[&str] = &[
    "import_statement",
    "import_from_statement",
    "global_statement",
    "assignment",
    "augmented_assignment",
    "for_statement",
    "for_in_clause",
    "named_expression",
    "as_pattern",
    "except_clause",
];

/// Where a scope's names apply; see `Scope::region`.
fn scope_region(node: Node) -> (std::ops::Range<usize>, Option<std::ops::Range<usize>>) {
    match node.kind() {
        // Default values and annotations are evaluated where the def or lambda is, so the
        // scope starts at the body; the parameters bind inside it all the same.
        "function_definition" | "lambda" => {
            let start = node.child_by_field_name("body").map_or(node.end_byte(), |body| body.start_byte());
            (start..node.end_byte(), None)
        }
        "class_definition" => {
            let body = node.child_by_field_name("body");
            (body.map_or(node.end_byte(), |body| body.start_byte())..node.end_byte(), None)
        }
        _ => {
            let mut cursor = node.walk();
            let first_for = node.named_children(&mut cursor).find(|part| part.kind() == "for_in_clause");
            let excluded = first_for.and_then(|clause| clause.child_by_field_name("right")).map(|iterable| iterable.byte_range());
            (node.byte_range(), excluded)
        }
    }
}

fn dotted(text: &str, node: Node) -> String {
    text_of(text, node).chars().filter(|ch| !ch.is_whitespace()).collect()
}

/// Parameter names of a `parameters` / `lambda_parameters` node.
pub fn collect_parameter_names(text: &str, parameters: Node, out: &mut Vec<String>) {
    let mut cursor = parameters.walk();
    for parameter in parameters.named_children(&mut cursor) {
        let name = match parameter.kind() {
            "identifier" => Some(parameter),
            "default_parameter" | "typed_default_parameter" => parameter.child_by_field_name("name"),
            "typed_parameter" => parameter.named_child(0).and_then(|inner| match inner.kind() {
                "identifier" => Some(inner),
                "list_splat_pattern" | "dictionary_splat_pattern" => inner.named_child(0),
                _ => None,
            }),
            "list_splat_pattern" | "dictionary_splat_pattern" => parameter.named_child(0),
            _ => None,
        };
        if let Some(name) = name.filter(|name| name.kind() == "identifier") {
            out.push(text_of(text, name).to_owned());
        }
    }
}

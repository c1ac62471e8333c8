//! Small questions about tree-sitter-python nodes, shared by detectors and fixes.

use tree_sitter::{Node, Query, QueryCursor, StreamingIterator};

/// Nodes that open a new scope for names.
pub const SCOPE_KINDS: &[&str] = &[
    "function_definition",
    "lambda",
    "class_definition",
    "list_comprehension",
    "set_comprehension",
    "dictionary_comprehension",
    "generator_expression",
];

pub const FUNCTION_KINDS: &[&str] = &["function_definition", "lambda"];

pub fn text_of<'a>(text: &'a str, node: Node) -> &'a str {
    text.get(node.byte_range()).unwrap_or("")
}

/// The `@anchor` captures of `query` over the tree, text predicates applied.
pub fn query_anchors<'tree>(query: &Query, root: Node<'tree>, text: &str) -> Vec<Node<'tree>> {
    let Some(anchor_index) = query.capture_index_for_name("anchor") else {
        return Vec::new();
    };
    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(query, root, text.as_bytes());
    let mut anchors = Vec::new();
    while let Some(found) = matches.next() {
        for capture in found.captures.iter().filter(|capture| capture.index == anchor_index) {
            anchors.push(capture.node);
        }
    }
    anchors
}

/// The closest ancestor (not `node` itself) whose kind is in `kinds`.
pub fn ancestor<'tree>(node: Node<'tree>, kinds: &[&str]) -> Option<Node<'tree>> {
    let mut current = node.parent();
    while let Some(parent) = current {
        if kinds.contains(&parent.kind()) {
            return Some(parent);
        }
        current = parent.parent();
    }
    None
}

/// The innermost scope (function, lambda, class, comprehension) around `node`, if any.
pub fn enclosing_scope(node: Node) -> Option<Node> {
    let mut current = node.parent();
    let mut child = node;
    while let Some(parent) = current {
        if SCOPE_KINDS.contains(&parent.kind()) && in_scope_body(parent, child) {
            return Some(parent);
        }
        child = parent;
        current = parent.parent();
    }
    None
}

/// Whether `child` (a direct child of `scope`) is evaluated inside the scope rather than in the
/// enclosing one: a def's name, decorators, defaults and annotations belong to the outside, and so
/// does a comprehension's first iterable.
pub fn in_scope_body(scope: Node, child: Node) -> bool {
    match scope.kind() {
        "function_definition" => scope.child_by_field_name("body").is_some_and(|body| body.id() == child.id()),
        "class_definition" => scope.child_by_field_name("body").is_some_and(|body| body.id() == child.id()),
        "lambda" => scope.child_by_field_name("body").is_some_and(|body| body.id() == child.id()),
        _ => {
            // Comprehensions: the first `for` clause's iterable is evaluated outside.
            let mut cursor = scope.walk();
            let first_for = scope.named_children(&mut cursor).find(|part| part.kind() == "for_in_clause");
            match first_for.and_then(|clause| clause.child_by_field_name("right")) {
                Some(iterable) => !contains(iterable, child),
                None => true,
            }
        }
    }
}

pub fn contains(outer: Node, inner: Node) -> bool {
    outer.start_byte() <= inner.start_byte() && inner.end_byte() <= outer.end_byte()
}

/// The innermost function (def or lambda) whose body holds `node`, stopping at a class body.
pub fn enclosing_function(node: Node) -> Option<Node> {
    let mut current = enclosing_scope(node);
    while let Some(scope) = current {
        match scope.kind() {
            "function_definition" | "lambda" => return Some(scope),
            "class_definition" => return None,
            _ => current = enclosing_scope(scope),
        }
    }
    None
}

/// The class whose body directly holds the def `function` (through a decorated definition).
pub fn class_of_method(function: Node) -> Option<Node> {
    let mut parent = function.parent()?;
    if parent.kind() == "decorated_definition" {
        parent = parent.parent()?;
    }
    if parent.kind() != "block" {
        return None;
    }
    let class = parent.parent()?;
    (class.kind() == "class_definition").then_some(class)
}

/// The decorators of a def or class, outermost first.
pub fn decorators(definition: Node) -> Vec<Node> {
    let Some(parent) = definition.parent() else { return Vec::new() };
    if parent.kind() != "decorated_definition" {
        return Vec::new();
    }
    let mut cursor = parent.walk();
    parent.named_children(&mut cursor).filter(|child| child.kind() == "decorator").collect()
}

/// The expression after `@`, and the callee when it is a call: `@a.b(1)` gives `a.b`.
pub fn decorator_callee(decorator: Node) -> Option<Node> {
    let expression = decorator.named_child(0)?;
    if expression.kind() == "call" {
        return expression.child_by_field_name("function");
    }
    Some(expression)
}

/// The last name of an identifier or dotted attribute: `a.b.c` gives `c`.
pub fn last_name(expression: Node) -> Option<Node> {
    match expression.kind() {
        "identifier" => Some(expression),
        "attribute" => expression.child_by_field_name("attribute"),
        _ => None,
    }
}

/// The defs directly in a class body (decorated or not), with their names.
pub fn methods<'tree>(class: Node<'tree>, text: &str) -> Vec<(String, Node<'tree>)> {
    let Some(body) = class.child_by_field_name("body") else { return Vec::new() };
    let mut cursor = body.walk();
    let mut found = Vec::new();
    for statement in body.named_children(&mut cursor) {
        let definition = match statement.kind() {
            "function_definition" => Some(statement),
            "decorated_definition" => statement.child_by_field_name("definition").filter(|d| d.kind() == "function_definition"),
            _ => None,
        };
        if let Some(definition) = definition {
            if let Some(name) = definition.child_by_field_name("name") {
                found.push((text_of(text, name).to_owned(), definition));
            }
        }
    }
    found
}

/// The expressions in a class's base list that are not keyword arguments.
pub fn bases(class: Node) -> Vec<Node> {
    let Some(arguments) = class.child_by_field_name("superclasses") else { return Vec::new() };
    let mut cursor = arguments.walk();
    arguments.named_children(&mut cursor).filter(|argument| !matches!(argument.kind(), "keyword_argument" | "comment")).collect()
}

/// The `metaclass=` keyword argument of a class statement.
pub fn metaclass_keyword<'tree>(class: Node<'tree>, text: &str) -> Option<Node<'tree>> {
    let arguments = class.child_by_field_name("superclasses")?;
    let mut cursor = arguments.walk();
    let found = arguments.named_children(&mut cursor).find(|argument| {
        argument.kind() == "keyword_argument"
            && argument.child_by_field_name("name").is_some_and(|name| text_of(text, name) == "metaclass")
    });
    found
}

/// Whether `function` is a generator: a `yield` in its own body, not in a nested def, lambda or class.
pub fn is_generator(function: Node) -> bool {
    let Some(body) = function.child_by_field_name("body") else { return false };
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if node.kind() == "yield" {
            return true;
        }
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            if !matches!(child.kind(), "function_definition" | "lambda" | "class_definition" | "decorated_definition") {
                stack.push(child);
            } else if child.kind() == "decorated_definition" {
                // Decorator expressions run in this function; the definition does not.
                let mut inner = child.walk();
                stack.extend(child.named_children(&mut inner).filter(|part| part.kind() == "decorator"));
            }
        }
    }
    false
}

/// Whether a def is `async def`.
pub fn is_async(function: Node) -> bool {
    function.child(0).is_some_and(|first| first.kind() == "async")
}

/// The first unnamed child token of `node` with kind `token`.
pub fn token<'tree>(node: Node<'tree>, token: &str) -> Option<Node<'tree>> {
    let mut cursor = node.walk();
    let found = node.children(&mut cursor).find(|child| child.kind() == token);
    found
}

/// A short, single-line rendering of an expression for hover text.
pub fn snippet(text: &str, node: Node, limit: usize) -> String {
    let source = text_of(text, node);
    let collapsed: String = source.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= limit {
        return collapsed;
    }
    let cut: String = collapsed.chars().take(limit.saturating_sub(1)).collect();
    format!("{cut}…")
}

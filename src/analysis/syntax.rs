//! Small questions about tree-sitter-python nodes, shared by detectors and fixes.

use tree_sitter::{Node, Query, QueryCursor, StreamingIterator};

/// Nodes that open a new scope for names.
/// The comprehensions, each a scope of its own.
pub const COMPREHENSION_KINDS: &[&str] = &["list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression"];

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

/// The `@anchor` captures of `query` matched at each of `roots` itself (not below it): the
/// query's patterns all start with these nodes' kind, so nothing else can match.
pub fn query_anchors_at<'tree>(query: &Query, roots: &[Node<'tree>], text: &str) -> Vec<Node<'tree>> {
    let Some(anchor_index) = query.capture_index_for_name("anchor") else {
        return Vec::new();
    };
    let mut cursor = QueryCursor::new();
    cursor.set_max_start_depth(Some(0));
    let mut anchors = Vec::new();
    for root in roots {
        let mut matches = cursor.matches(query, *root, text.as_bytes());
        while let Some(found) = matches.next() {
            anchors.extend(found.captures.iter().filter(|capture| capture.index == anchor_index).map(|capture| capture.node));
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
        if SCOPE_KINDS.contains(&parent.kind()) && in_scope_body(parent, child) && !in_first_iterable(parent, node) {
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

/// Whether `node` lies in the first iterable of comprehension `scope`, which the enclosing scope
/// evaluates (`[x for x in <here>]`).
pub fn in_first_iterable(scope: Node, node: Node) -> bool {
    if matches!(scope.kind(), "function_definition" | "lambda" | "class_definition") {
        return false;
    }
    let mut cursor = scope.walk();
    let first_for = scope.named_children(&mut cursor).find(|part| part.kind() == "for_in_clause");
    first_for.and_then(|clause| clause.child_by_field_name("right")).is_some_and(|iterable| contains(iterable, node))
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
    // Up through the statements that do not open a scope (`if TYPE_CHECKING:`, `try:`...).
    let mut current = function.parent()?;
    loop {
        match current.kind() {
            "class_definition" => return Some(current),
            "decorated_definition"
            | "block"
            | "if_statement"
            | "elif_clause"
            | "else_clause"
            | "try_statement"
            | "except_clause"
            | "finally_clause"
            | "with_statement" => current = current.parent()?,
            _ => return None,
        }
    }
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

/// The defs of a class body (decorated or not), with their names, including those under an
/// `if`/`try`/`with` in the body (`if TYPE_CHECKING:`), which are class attributes too.
pub fn methods<'tree>(class: Node<'tree>, text: &str) -> Vec<(String, Node<'tree>)> {
    let Some(body) = class.child_by_field_name("body") else { return Vec::new() };
    let mut found = Vec::new();
    let mut blocks = vec![body];
    while let Some(block) = blocks.pop() {
        let mut cursor = block.walk();
        for statement in block.named_children(&mut cursor) {
            let definition = match statement.kind() {
                "function_definition" => Some(statement),
                "decorated_definition" => statement.child_by_field_name("definition").filter(|d| d.kind() == "function_definition"),
                "block" => {
                    blocks.push(statement);
                    None
                }
                "if_statement" | "try_statement" | "with_statement" | "elif_clause" | "else_clause" | "except_clause"
                | "finally_clause" => {
                    let mut inner = statement.walk();
                    for part in statement.named_children(&mut inner) {
                        match part.kind() {
                            "block" => blocks.push(part),
                            "elif_clause" | "else_clause" | "except_clause" | "finally_clause" => blocks.push(part),
                            _ => {}
                        }
                    }
                    None
                }
                _ => None,
            };
            if let Some(definition) = definition {
                if let Some(name) = definition.child_by_field_name("name") {
                    found.push((text_of(text, name).to_owned(), definition));
                }
            }
        }
    }
    found.sort_by_key(|(_, definition)| definition.start_byte());
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
        argument.kind() == "keyword_argument" && argument.child_by_field_name("name").is_some_and(|name| text_of(text, name) == "metaclass")
    });
    found
}

/// Whether `function` is a generator: a `yield` in its own body, not in a nested def, lambda or class.
pub fn is_generator(function: Node) -> bool {
    !own_yields(function).is_empty()
}

/// The `yield` expressions of `function`'s own body (`yield from` included), in document order:
/// those of nested defs, lambdas and classes belong to them.
pub fn own_yields(function: Node) -> Vec<Node> {
    let mut found = Vec::new();
    let Some(body) = function.child_by_field_name("body") else { return found };
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if node.kind() == "yield" {
            found.push(node);
        }
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            if !matches!(child.kind(), "function_definition" | "lambda" | "class_definition" | "decorated_definition") {
                stack.push(child);
            } else if child.kind() == "decorated_definition" {
                let mut inner = child.walk();
                stack.extend(child.named_children(&mut inner).filter(|part| part.kind() == "decorator"));
            }
        }
    }
    found.sort_by_key(|node| node.start_byte());
    found
}

/// The `yield` keyword of a `yield` expression that is not `yield from`.
pub fn plain_yield_keyword(expression: Node) -> Option<Node> {
    if token(expression, "from").is_some() {
        return None;
    }
    token(expression, "yield")
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

/// Whether an `if_statement` tests `__name__ == "__main__"` (either operand order, either quote).
pub fn is_main_guard(text: &str, if_statement: Node) -> bool {
    if_statement.child_by_field_name("condition").is_some_and(|condition| is_main_comparison(text, condition))
}

/// Whether an expression is `__name__ == "__main__"` (either operand order, either quote, parenthesized or not).
pub fn is_main_comparison(text: &str, condition: Node) -> bool {
    let condition = if condition.kind() == "parenthesized_expression" { condition.named_child(0).unwrap_or(condition) } else { condition };
    if condition.kind() != "comparison_operator" || condition.named_child_count() != 2 {
        return false;
    }
    let mut cursor = condition.walk();
    let operators: Vec<Node> = condition.children_by_field_name("operators", &mut cursor).collect();
    if operators.len() != 1 || operators[0].kind() != "==" {
        return false;
    }
    let (Some(left), Some(right)) = (condition.named_child(0), condition.named_child(1)) else { return false };
    let is_name = |node: Node| node.kind() == "identifier" && text_of(text, node) == "__name__";
    let is_main = |node: Node| node.kind() == "string" && matches!(text_of(text, node), "\"__main__\"" | "'__main__'");
    (is_name(left) && is_main(right)) || (is_main(left) && is_name(right))
}

/// The value of the keyword argument `name=` of a call.
pub fn keyword_argument<'tree>(text: &str, call: Node<'tree>, name: &str) -> Option<Node<'tree>> {
    let arguments = call.child_by_field_name("arguments")?;
    let mut cursor = arguments.walk();
    let found = arguments.named_children(&mut cursor).find(|argument| {
        argument.kind() == "keyword_argument" && argument.child_by_field_name("name").is_some_and(|key| text_of(text, key) == name)
    });
    found.and_then(|argument| argument.child_by_field_name("value"))
}

/// The positional arguments of a call, in order (no keywords, `*args`, `**kwargs` or comments).
pub fn positional_arguments(call: Node) -> Vec<Node> {
    let Some(arguments) = call.child_by_field_name("arguments") else { return Vec::new() };
    if arguments.kind() != "argument_list" {
        return Vec::new();
    }
    let mut cursor = arguments.walk();
    arguments
        .named_children(&mut cursor)
        .filter(|argument| !matches!(argument.kind(), "keyword_argument" | "list_splat" | "dictionary_splat" | "comment"))
        .collect()
}

/// The first parameter of a def or lambda when it is an ordinary positional one (`self` of
/// `def f(self, x)`); `None` for `def f()`, `def f(*args)` or `def f(*, key)`.
pub fn first_parameter(function: Node) -> Option<Node> {
    let parameters = function.child_by_field_name("parameters")?;
    let mut cursor = parameters.walk();
    let first = parameters.named_children(&mut cursor).find(|parameter| parameter.kind() != "comment")?;
    match first.kind() {
        "identifier" => Some(first),
        "default_parameter" | "typed_default_parameter" => first.child_by_field_name("name").filter(|name| name.kind() == "identifier"),
        "typed_parameter" => first.named_child(0).filter(|name| name.kind() == "identifier"),
        _ => None,
    }
}

/// Every node of a def's own body, in document order: nested defs, lambdas and classes are
/// included as nodes but their bodies (and parameters) are not entered; their decorators are.
pub fn own_body_nodes(function: Node) -> Vec<Node> {
    let mut found = Vec::new();
    let Some(body) = function.child_by_field_name("body") else { return found };
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        found.push(node);
        if matches!(node.kind(), "function_definition" | "class_definition" | "lambda") {
            continue;
        }
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    found
}

/// Whether an identifier is a name being bound rather than read: an assignment, loop or `as`
/// target, a walrus name, a parameter, a def or class name, an import name, a `del` target or a
/// `match` capture.
pub fn is_binding_occurrence(identifier: Node) -> bool {
    const TARGET_CONTAINERS: &[&str] = &[
        "pattern_list",
        "tuple_pattern",
        "list_pattern",
        "list_splat_pattern",
        "parenthesized_expression",
        "tuple",
        "list",
        "as_pattern_target",
        "expression_list",
    ];
    let mut child = identifier;
    let mut parent = identifier.parent();
    while let Some(node) = parent {
        if !TARGET_CONTAINERS.contains(&node.kind()) {
            break;
        }
        child = node;
        parent = node.parent();
    }
    let Some(parent) = parent else { return false };
    let is_field = |field: &str| parent.child_by_field_name(field).is_some_and(|value| value.id() == child.id());
    match parent.kind() {
        "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => is_field("left"),
        "named_expression" => is_field("name"),
        "as_pattern" => {
            is_field("alias") || (child.id() == identifier.id() && parent.parent().is_some_and(|grand| grand.kind() == "case_pattern"))
        }
        "function_definition" | "class_definition" => is_field("name"),
        "default_parameter" | "typed_default_parameter" => is_field("name"),
        "parameters" | "lambda_parameters" | "typed_parameter" | "dictionary_splat_pattern" => true,
        "aliased_import" => is_field("alias"),
        "dotted_name" => parent.parent().is_some_and(|grand| match grand.kind() {
            "import_statement" => parent.named_child(0).is_some_and(|first| first.id() == identifier.id()),
            "import_from_statement" => grand.child_by_field_name("module_name").is_none_or(|module| module.id() != parent.id()),
            "case_pattern" | "keyword_pattern" => parent.named_child_count() == 1,
            _ => false,
        }),
        "delete_statement" => true,
        _ => false,
    }
}

/// Whether an identifier names a variable (bound or read) rather than an attribute, a keyword
/// argument's name or a module path in an import.
pub fn is_variable_name(identifier: Node) -> bool {
    let Some(parent) = identifier.parent() else { return true };
    let is_field = |field: &str| parent.child_by_field_name(field).is_some_and(|value| value.id() == identifier.id());
    match parent.kind() {
        "attribute" => !is_field("attribute"),
        "keyword_argument" => !is_field("name"),
        "dotted_name" => {
            is_binding_occurrence(identifier)
                || parent.parent().is_some_and(|grand| matches!(grand.kind(), "case_pattern" | "keyword_pattern"))
        }
        "keyword_pattern" => false,
        _ => true,
    }
}

/// Items in backticks joined by commas, cut to about `budget` characters with "and N more".
pub fn code_list(items: &[String], budget: usize) -> String {
    let mut shown: Vec<String> = Vec::new();
    let mut used = 0;
    for item in items {
        let length = item.chars().count() + 4;
        if !shown.is_empty() && used + length > budget {
            break;
        }
        used += length;
        shown.push(format!("`{item}`"));
    }
    let rest = items.len() - shown.len();
    if rest > 0 {
        format!("{} and {rest} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
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

/// The capture patterns of a `case` pattern, as their identifiers, in document order: bare names
/// other than `_`, alone or nested (`x`, `[x, y]`, `Point(x=px)`, `a | b`), not the name after
/// `as`, a `*rest`/`**rest` target, a class name or a dotted value pattern.
pub fn capture_patterns(pattern: Node) -> Vec<Node> {
    descendants(pattern, "dotted_name")
        .into_iter()
        .filter(|name| {
            name.named_child_count() == 1
                && name.parent().is_some_and(|parent| match parent.kind() {
                    "case_pattern" | "union_pattern" => true,
                    // The value of `key=value`, not the keyword (a plain identifier).
                    "keyword_pattern" => true,
                    _ => false,
                })
        })
        .filter_map(|name| name.named_child(0))
        .collect()
}

/// The loop (`for` or `while` statement) that a `break` or `continue` belongs to: the innermost
/// one whose body holds it (a loop's `else` belongs to the loop around it), not crossing a def,
/// lambda or class.
pub fn loop_of(jump: Node) -> Option<Node> {
    let mut child = jump;
    let mut current = jump.parent();
    while let Some(parent) = current {
        match parent.kind() {
            "for_statement" | "while_statement" if parent.child_by_field_name("body").is_some_and(|body| body.id() == child.id()) => {
                return Some(parent);
            }
            "function_definition" | "lambda" | "class_definition" => return None,
            _ => {}
        }
        child = parent;
        current = parent.parent();
    }
    None
}

/// The `return`, `break` and `continue` statements of `suite` (a block or clause) that leave it:
/// every `return` not in a nested def, lambda or class, and each `break`/`continue` whose loop is
/// outside `suite`. In a `finally` suite these discard the exception in flight.
pub fn jumps_out_of(suite: Node) -> Vec<Node> {
    let mut found = Vec::new();
    let mut stack = vec![suite];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "function_definition" | "lambda" | "class_definition" => continue,
            "return_statement" => found.push(node),
            "break_statement" | "continue_statement" if loop_of(node).is_some_and(|owner| !contains(suite, owner)) => found.push(node),
            _ => {}
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    found.sort_by_key(|node| node.start_byte());
    found
}

/// The `break` statements that end `loop` (a `for` or `while` statement), in document order.
pub fn loop_breaks(loop_statement: Node) -> Vec<Node> {
    let Some(body) = loop_statement.child_by_field_name("body") else { return Vec::new() };
    descendants(body, "break_statement")
        .into_iter()
        .filter(|jump| loop_of(*jump).is_some_and(|owner| owner.id() == loop_statement.id()))
        .collect()
}

/// The `except` (or `except*`) clause whose body holds `node`, the innermost one, not crossing a
/// def, lambda or class: the handler whose exception is being handled where `node` runs.
pub fn handler_of(node: Node) -> Option<Node> {
    let mut child = node;
    let mut current = node.parent();
    while let Some(parent) = current {
        match parent.kind() {
            "except_clause" if child.kind() == "block" => return Some(parent),
            "function_definition" | "lambda" | "class_definition" => return None,
            _ => {}
        }
        child = parent;
        current = parent.parent();
    }
    None
}

/// The name an `except ... as NAME` clause binds.
pub fn handler_name(handler: Node) -> Option<Node> {
    let value = handler.child_by_field_name("value").filter(|value| value.kind() == "as_pattern")?;
    let alias = value.child_by_field_name("alias")?;
    alias.named_child(0).filter(|name| name.kind() == "identifier")
}

/// The test and the message of an `assert` statement (`assert test, message`).
pub fn assert_parts(statement: Node) -> (Option<Node>, Option<Node>) {
    let mut cursor = statement.walk();
    let mut parts = statement.named_children(&mut cursor).filter(|child| child.kind() != "comment");
    (parts.next(), parts.next())
}

/// Whether a def's body is only a docstring and `...` (a stub, as in `.pyi` files and protocols).
pub fn is_stub_body(text: &str, function: Node) -> bool {
    let Some(body) = function.child_by_field_name("body") else { return false };
    let mut cursor = body.walk();
    let statements: Vec<Node> = body.named_children(&mut cursor).filter(|statement| statement.kind() != "comment").collect();
    !statements.is_empty()
        && statements.iter().enumerate().all(|(index, statement)| {
            let Some(expression) = statement.named_child(0).filter(|_| statement.kind() == "expression_statement") else { return false };
            match expression.kind() {
                "ellipsis" => true,
                "string" | "concatenated_string" => index == 0,
                _ => text_of(text, expression) == "...",
            }
        })
}

/// Whether running `block` to its end always leaves by `raise`: its last statement raises, or is
/// an `if` whose every branch (an `else` included), a `with` whose body, or a `try` whose body
/// and every handler always raise.
pub fn always_raises(block: Option<Node>) -> bool {
    let Some(block) = block else { return false };
    let mut cursor = block.walk();
    let Some(last) = block.named_children(&mut cursor).filter(|statement| statement.kind() != "comment").last() else { return false };
    match last.kind() {
        "raise_statement" => true,
        "if_statement" => {
            let mut inner = last.walk();
            let clauses: Vec<Node> =
                last.named_children(&mut inner).filter(|part| matches!(part.kind(), "elif_clause" | "else_clause")).collect();
            always_raises(last.child_by_field_name("consequence"))
                && clauses.iter().any(|clause| clause.kind() == "else_clause")
                && clauses.iter().all(|clause| {
                    let body = clause.child_by_field_name(if clause.kind() == "elif_clause" { "consequence" } else { "body" });
                    always_raises(body)
                })
        }
        "with_statement" => always_raises(last.child_by_field_name("body")),
        "try_statement" => {
            let mut inner = last.walk();
            let parts: Vec<Node> = last.named_children(&mut inner).collect();
            let has_else = parts.iter().any(|part| part.kind() == "else_clause");
            always_raises(last.child_by_field_name("body"))
                && !has_else
                && parts.iter().filter(|part| part.kind() == "except_clause").all(|clause| {
                    let mut clause_cursor = clause.walk();
                    let body = clause.named_children(&mut clause_cursor).find(|child| child.kind() == "block");
                    always_raises(body)
                })
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_def(text: &str, check: impl Fn(&str, Node)) {
        let tree = crate::document::parse(text, None);
        let function = descendants(tree.root_node(), "function_definition")[0];
        check(text, function);
    }

    #[test]
    fn stubs_and_bodies_that_always_raise() {
        let cases = [
            ("def f():\n    \"\"\"Doc.\"\"\"\n    ...\n", true, false),
            ("def f():\n    pass\n", false, false),
            ("def f():\n    raise TypeError\n", false, true),
            ("def f(x):\n    if x:\n        raise A\n    elif y:\n        raise B\n    else:\n        raise C\n", false, true),
            ("def f(x):\n    if x:\n        raise A\n", false, false),
            ("def f(x):\n    try:\n        raise A\n    except B:\n        raise C\n", false, true),
            ("def f(x):\n    try:\n        raise A\n    except B:\n        pass\n", false, false),
        ];
        for (text, stub, raises) in cases {
            first_def(text, |text, function| {
                assert_eq!(is_stub_body(text, function), stub, "{text}");
                assert_eq!(always_raises(function.child_by_field_name("body")), raises, "{text}");
            });
        }
    }
}

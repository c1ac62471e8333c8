//! The import system: relative and `__future__` imports, imports deferred into a def or class,
//! optional imports guarded by `except ImportError`, the `__main__` guard, `importlib` calls and a
//! module-level `__getattr__` (PEP 562). Plain top-level imports are not anchors.

use tree_sitter::Node;

use crate::analysis::syntax::{self, last_name, snippet, text_of};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "import-system";
const CALLS: &[&str] = &["importlib.import_module", "importlib.reload", "builtins.__import__"];
const IMPORT_ERRORS: &[&str] = &["ImportError", "ModuleNotFoundError"];
/// `__future__` features that are always on in every Python this server targets (3.9+):
/// `generator_stop` became mandatory in 3.7, the others in 3.0 or earlier.
const MANDATORY_FEATURES: &[&str] = &[
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
    "generator_stop",
];

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for kind in ["import_statement", "import_from_statement", "future_import_statement"] {
        for statement in context.nodes(kind) {
            let forms = import_forms(context, *statement);
            if forms.is_empty() {
                continue;
            }
            let keyword = if kind == "import_statement" { "import" } else { "from" };
            if let Some(anchor) = syntax::token(*statement, keyword) {
                out.push(context.occurrence(TOPIC, anchor, import_notes(context, *statement, &forms)));
            }
        }
    }
    for statement in context.nodes("if_statement") {
        if syntax::is_main_guard(context.text, *statement) {
            if let Some(anchor) = syntax::token(*statement, "if") {
                out.push(context.occurrence(TOPIC, anchor, main_guard_notes()));
            }
        }
    }
    // Error recovery can leave `if __name__ == "__main__":` as loose tokens of an ERROR node.
    for error in error_nodes(context.tree.root_node()) {
        for keyword in recovered_main_guards(context, error) {
            out.push(context.occurrence(TOPIC, keyword, main_guard_notes()));
        }
    }
    for call in context.nodes("call") {
        let Some(callee) = call.child_by_field_name("function") else { continue };
        let Some(qualified) = context.resolve(callee).filter(|name| CALLS.contains(&name.as_str())) else { continue };
        if let Some(anchor) = last_name(callee) {
            out.push(context.occurrence(TOPIC, anchor, call_notes(context, *call, &qualified)));
        }
    }
    for function in context.nodes("function_definition") {
        if is_module_getattr(context, *function) {
            if let Some(name) = function.child_by_field_name("name") {
                out.push(context.occurrence(TOPIC, name, getattr_notes(context, *function)));
            }
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(parent) = anchor.parent() else { return Vec::new() };
    match parent.kind() {
        "import_statement" | "import_from_statement" | "future_import_statement" => {
            let forms = import_forms(context, parent);
            import_notes(context, parent, &forms)
        }
        "if_statement" if syntax::is_main_guard(context.text, parent) => main_guard_notes(),
        "ERROR" if recovered_main_guards(context, parent).iter().any(|keyword| keyword.id() == anchor.id()) => main_guard_notes(),
        "function_definition" if is_module_getattr(context, parent) => getattr_notes(context, parent),
        _ => {
            let Some(call) = syntax::ancestor(anchor, &["call"]) else { return Vec::new() };
            let Some(callee) = call.child_by_field_name("function") else { return Vec::new() };
            match context.resolve(callee).filter(|name| CALLS.contains(&name.as_str())) {
                Some(qualified) => call_notes(context, call, &qualified),
                None => Vec::new(),
            }
        }
    }
}

/// What makes an import statement an anchor; empty for a plain top-level import.
#[derive(Debug, PartialEq, Eq)]
enum Form<'tree> {
    Relative(usize),
    Future,
    /// Inside a def or class body: the innermost one.
    Deferred(Node<'tree>),
    /// In a `try` statement that catches these exception names, in the given part of it.
    Optional(Vec<String>, TryPart),
}

fn import_forms<'tree>(context: &Context, statement: Node<'tree>) -> Vec<Form<'tree>> {
    let mut forms = Vec::new();
    match statement.kind() {
        "future_import_statement" => forms.push(Form::Future),
        "import_from_statement" => {
            if let Some(module) = statement.child_by_field_name("module_name").filter(|module| module.kind() == "relative_import") {
                let dots =
                    module.named_child(0).filter(|prefix| prefix.kind() == "import_prefix").map(|prefix| prefix.child_count()).unwrap_or(1);
                forms.push(Form::Relative(dots));
            }
        }
        _ => {}
    }
    if let Some(definition) = syntax::ancestor(statement, &["function_definition", "class_definition"]) {
        forms.push(Form::Deferred(definition));
    }
    if let Some((caught, part)) = guarding_try(context, statement) {
        forms.push(Form::Optional(caught, part));
    }
    forms
}

/// Where in a `try` statement an import sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TryPart {
    Body,
    Handler,
    Else,
    Finally,
}

/// The ImportError-like names caught by the innermost `try` statement around `statement` (in any of
/// its parts) that has a handler for `ImportError` or `ModuleNotFoundError`, and the part.
fn guarding_try(context: &Context, statement: Node) -> Option<(Vec<String>, TryPart)> {
    let mut child = statement;
    let mut current = statement.parent();
    while let Some(node) = current {
        if node.kind() == "try_statement" {
            let mut caught = Vec::new();
            let mut cursor = node.walk();
            for clause in node.named_children(&mut cursor).filter(|clause| matches!(clause.kind(), "except_clause" | "except_group_clause"))
            {
                caught.extend(caught_import_errors(context, clause));
            }
            if !caught.is_empty() {
                caught.sort();
                caught.dedup();
                let part = match child.kind() {
                    "except_clause" | "except_group_clause" => TryPart::Handler,
                    "else_clause" => TryPart::Else,
                    "finally_clause" => TryPart::Finally,
                    _ => TryPart::Body,
                };
                return Some((caught, part));
            }
        }
        child = node;
        current = node.parent();
    }
    None
}

fn caught_import_errors(context: &Context, clause: Node) -> Vec<String> {
    let mut cursor = clause.walk();
    let Some(mut expression) = clause.named_children(&mut cursor).find(|child| !matches!(child.kind(), "block" | "comment")) else {
        return Vec::new();
    };
    if expression.kind() == "as_pattern" {
        let Some(inner) = expression.named_child(0) else { return Vec::new() };
        expression = inner;
    }
    let mut names = Vec::new();
    let mut stack = vec![expression];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "tuple" | "parenthesized_expression" => {
                let mut inner = node.walk();
                stack.extend(node.named_children(&mut inner));
            }
            "identifier" => {
                let name = text_of(context.text, node);
                if IMPORT_ERRORS.contains(&name) {
                    names.push(name.to_owned());
                }
            }
            _ => {}
        }
    }
    names.sort();
    names
}

fn import_notes(context: &Context, statement: Node, forms: &[Form]) -> Vec<String> {
    let mut notes = Vec::new();
    for form in forms {
        match form {
            Form::Relative(dots) => notes.push(relative_note(*dots)),
            Form::Future => notes.extend(future_notes(context, statement)),
            Form::Deferred(definition) => notes.push(deferred_note(context, *definition)),
            Form::Optional(caught, part) => notes.extend(optional_notes(caught, *part)),
        }
    }
    if forms.iter().any(|form| matches!(form, Form::Relative(_))) && notes.len() < 3 {
        notes.push(
            "Relative imports need a parent package: running this file as `python path/to/file.py` fails; use `python -m package.module`."
                .to_owned(),
        );
    }
    notes.truncate(3);
    notes
}

fn relative_note(dots: usize) -> String {
    match dots {
        1 => {
            "Relative import: `.` is the package that contains this module, found through `__package__`, not through `sys.path`.".to_owned()
        }
        2 => "Relative import: `..` is the parent of the package that contains this module.".to_owned(),
        levels => {
            format!("Relative import: `{}` goes {} packages up from the one that contains this module.", ".".repeat(levels), levels - 1)
        }
    }
}

fn future_notes(context: &Context, statement: Node) -> Vec<String> {
    let mut cursor = statement.walk();
    let features: Vec<String> =
        statement.children_by_field_name("name", &mut cursor).map(|name| text_of(context.text, name).to_owned()).collect();
    let listed = features.iter().map(|feature| format!("`{feature}`")).collect::<Vec<_>>().join(", ");
    let mut notes = vec![format!("A compiler directive, not a normal import: it turns on {listed} for this module only; only the docstring, comments and other future imports may precede it.")];
    if features.iter().any(|feature| feature == "annotations") {
        notes.push("With `annotations` (PEP 563) annotations are stored as strings and never evaluated at definition time; this holds on 3.14 too, where the import is deprecated but still wins over lazy annotations (PEP 649/749).".to_owned());
    } else if !features.is_empty() && features.iter().all(|feature| MANDATORY_FEATURES.contains(&feature.as_str())) {
        notes.push(mandatory_note(&features));
    }
    notes
}

/// Since when the listed features are mandatory: `generator_stop` only from 3.7.
fn mandatory_note(features: &[String]) -> String {
    if features.iter().any(|feature| feature == "generator_stop") {
        "These features are mandatory since Python 3.7 (`generator_stop`, PEP 479), so on 3.7 and later the import changes nothing."
            .to_owned()
    } else {
        "These features are always on in Python 3, so the import changes nothing there.".to_owned()
    }
}

fn deferred_note(context: &Context, definition: Node) -> String {
    let name = definition.child_by_field_name("name").map(|name| text_of(context.text, name)).unwrap_or("?");
    if definition.kind() == "class_definition" {
        format!("Runs when the `class {name}` statement executes and binds class attributes of `{name}`, not module globals.")
    } else {
        format!(
            "A deferred import: it runs when `{name}()` is called, not when this module is imported; after the first call the module comes from `sys.modules`, so later calls only bind the name."
        )
    }
}

fn optional_notes(caught: &[String], part: TryPart) -> Vec<String> {
    let listed = caught.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(" or ");
    let mut notes = vec![match part {
        TryPart::Body => format!(
            "An optional dependency: when this import fails, the handler for {listed} runs instead (a fallback or a feature switch)."
        ),
        TryPart::Handler => {
            "A fallback import for an optional dependency: it runs only when the import in the `try` body failed.".to_owned()
        }
        TryPart::Else => {
            "Part of an optional-dependency check: the `else` clause runs only when the `try` body imported without error.".to_owned()
        }
        TryPart::Finally => {
            format!("Part of an optional-dependency check: the `try` catches {listed}, and this `finally` clause runs either way.")
        }
    }];
    if part == TryPart::Body && caught.iter().all(|name| name == "ModuleNotFoundError") {
        notes.push("`ModuleNotFoundError` (3.6+) means a module is missing; a name missing in `from m import name` raises plain `ImportError`, which it does not catch.".to_owned());
    }
    notes
}

/// The ERROR nodes of the tree, visiting only subtrees that contain an error.
fn error_nodes(root: Node) -> Vec<Node> {
    let mut found = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if !node.has_error() {
            continue;
        }
        if node.is_error() {
            found.push(node);
        }
        let mut cursor = node.walk();
        stack.extend(node.children(&mut cursor));
    }
    found
}

/// The `if` tokens of an ERROR node directly followed by a `__name__ == "__main__"` test and a colon.
fn recovered_main_guards<'tree>(context: &Context, error: Node<'tree>) -> Vec<Node<'tree>> {
    let mut cursor = error.walk();
    let children: Vec<Node> = error.children(&mut cursor).collect();
    children
        .windows(3)
        .filter(|window| window[0].kind() == "if" && window[2].kind() == ":" && syntax::is_main_comparison(context.text, window[1]))
        .map(|window| window[0])
        .collect()
}

fn main_guard_notes() -> Vec<String> {
    vec![
        "This block runs only when the file is the program's entry point (`python file.py` or `python -m package.module`), where `__name__` is `\"__main__\"`.".to_owned(),
        "When the module is imported, `__name__` is its import name and the block is skipped; `multiprocessing` workers started with `spawn` or `forkserver` re-import the main module and rely on this.".to_owned(),
    ]
}

fn call_notes(context: &Context, call: Node, qualified: &str) -> Vec<String> {
    let argument = syntax::positional_arguments(call).first().map(|argument| snippet(context.text, *argument, 40));
    let shown = argument.as_deref().unwrap_or("…");
    match qualified {
        "importlib.import_module" => {
            let mut notes = vec![format!(
                "Imports the module named by `{shown}` at run time and returns it (for a dotted name, the submodule itself); later imports of that name come from `sys.modules`."
            )];
            let relative = syntax::positional_arguments(call).first().is_some_and(|argument| {
                argument.kind() == "string" && text_of(context.text, *argument).trim_start_matches(['\'', '"']).starts_with('.')
            });
            if relative && syntax::keyword_argument(context.text, call, "package").is_none() && syntax::positional_arguments(call).len() < 2 {
                notes.push("A relative name needs the `package=` argument (usually `__package__`), or it raises TypeError.".to_owned());
            }
            notes
        }
        "importlib.reload" => vec![
            format!("Runs the code of the already imported module `{shown}` again, into the same module object."),
            "Names bound earlier with `from m import name`, and instances of its old classes, keep the old objects.".to_owned(),
        ],
        _ => vec![
            format!("The function behind the `import` statement: `__import__({shown})` returns the top-level package for a dotted name, unless `fromlist` is non-empty."),
            "`importlib.import_module()` returns the named module itself and is the documented way to import by name.".to_owned(),
        ],
    }
}

fn is_module_getattr(context: &Context, function: Node) -> bool {
    function.child_by_field_name("name").is_some_and(|name| text_of(context.text, name) == "__getattr__")
        && syntax::enclosing_scope(function).is_none()
}

fn getattr_notes(context: &Context, function: Node) -> Vec<String> {
    let mut notes = vec![
        "Module `__getattr__` (PEP 562, 3.7+): called with the name when a lookup on this module fails, as in `module.name` or `from module import name`.".to_owned(),
        "Used for lazy attributes and deprecation warnings; it is not called for names in the module's globals, nor for bare names used inside the module.".to_owned(),
    ];
    let raises = function.child_by_field_name("body").is_some_and(|body| text_of(context.text, body).contains("AttributeError"));
    if !raises {
        notes.push(
            "It should raise `AttributeError` for unknown names, or `hasattr()` and `getattr(module, name, default)` misbehave.".to_owned(),
        );
    }
    notes
}

//! Monkey patching: assignments to `M.a` / `M.C.a` and `setattr(M, ...)` where `M` is a module
//! bound by `import m` (documented hooks and settings such as `sys.stdout` excepted), and the
//! `unittest.mock.patch` family.

use tree_sitter::Node;

use crate::analysis::syntax::{self, decorator_callee, last_name, snippet, text_of};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "monkey-patching";

/// Module attributes that are documented as meant to be replaced or set.
const DOCUMENTED_HOOKS: &[&str] = &[
    "sys.excepthook",
    "sys.displayhook",
    "sys.unraisablehook",
    "sys.breakpointhook",
    "sys.stdout",
    "sys.stderr",
    "sys.stdin",
    "sys.path",
    "sys.meta_path",
    "sys.path_hooks",
    "sys.path_importer_cache",
    "sys.ps1",
    "sys.ps2",
    "sys.tracebacklimit",
    "sys.dont_write_bytecode",
    "sys.pycache_prefix",
    "warnings.showwarning",
    "warnings.formatwarning",
    "threading.excepthook",
    "logging.raiseExceptions",
    "logging.lastResort",
    "logging.logThreads",
    "logging.logProcesses",
    "logging.logMultiprocessing",
    "logging.logAsyncioTasks",
    "logging._srcfile",
    "logging.Formatter.converter",
    "logging.Formatter.default_time_format",
    "logging.Formatter.default_msec_format",
    "tempfile.tempdir",
    "site.ENABLE_USER_SITE",
    "site.USER_SITE",
    "site.USER_BASE",
    "site.PREFIXES",
    "unittest.TestCase.maxDiff",
    "unittest.TestCase.longMessage",
    "socketserver.TCPServer.allow_reuse_address",
];

const PATCHERS: &[&str] =
    &["unittest.mock.patch", "unittest.mock.patch.object", "unittest.mock.patch.dict", "unittest.mock.patch.multiple"];

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for kind in ["assignment", "augmented_assignment"] {
        for assignment in context.nodes(kind) {
            if assignment.child_by_field_name("right").is_none() {
                continue;
            }
            let Some(left) = assignment.child_by_field_name("left") else { continue };
            for target in attribute_targets(left) {
                if let Some(patched) = patched_attribute(context, target) {
                    out.push(context.occurrence(TOPIC, patched.anchor, assignment_notes(&patched)));
                }
            }
        }
    }
    for call in context.nodes("call") {
        let Some(callee) = call.child_by_field_name("function") else { continue };
        if let Some((anchor, notes)) = setattr_call(context, *call, callee).or_else(|| patch_call(context, *call, callee)) {
            out.push(context.occurrence(TOPIC, anchor, notes));
        }
    }
    for decorator in context.nodes("decorator") {
        let Some(expression) =
            decorator_callee(*decorator).filter(|expression| expression.parent().is_some_and(|parent| parent.kind() == "decorator"))
        else {
            continue;
        };
        if let Some((anchor, qualified)) = patch_token(context, expression) {
            out.push(context.occurrence(TOPIC, anchor, patch_notes(context, None, &qualified, Some(*decorator))));
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    if let Some(target) = anchor.parent().filter(|parent| parent.kind() == "attribute") {
        if let Some(patched) = patched_attribute(context, target) {
            return assignment_notes(&patched);
        }
    }
    let Some(call) = syntax::ancestor(anchor, &["call"]) else { return Vec::new() };
    let Some(callee) = call.child_by_field_name("function") else { return Vec::new() };
    setattr_call(context, call, callee).or_else(|| patch_call(context, call, callee)).map(|(_, notes)| notes).unwrap_or_default()
}

/// The qualified module name of identifier `name`, when an `import` statement binds it there.
fn imported_module(context: &Context, name: Node) -> Option<String> {
    if name.kind() != "identifier" {
        return None;
    }
    context.imports.module_binding(context.text, name)
}

/// The attributes among an assignment's targets, through tuple and list unpacking.
fn attribute_targets(left: Node) -> Vec<Node> {
    let mut found = Vec::new();
    let mut stack = vec![left];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "attribute" => found.push(node),
            "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list" | "parenthesized_expression" | "list_splat_pattern" => {
                let mut cursor = node.walk();
                stack.extend(node.named_children(&mut cursor));
            }
            _ => {}
        }
    }
    found
}

struct Patched<'tree> {
    anchor: Node<'tree>,
    /// `os.getcwd` or `os.path.join`.
    qualified: String,
    /// The owner as written (`os`, `os.path`), and the attribute name.
    owner: String,
    attribute: String,
    through_class: bool,
}

fn patched_attribute<'tree>(context: &Context, target: Node<'tree>) -> Option<Patched<'tree>> {
    let anchor = target.child_by_field_name("attribute")?;
    let object = target.child_by_field_name("object")?;
    let (module_name, through_class) = match object.kind() {
        "identifier" => (object, false),
        "attribute" => (object.child_by_field_name("object").filter(|inner| inner.kind() == "identifier")?, true),
        _ => return None,
    };
    let module = imported_module(context, module_name)?;
    let attribute = text_of(context.text, anchor).to_owned();
    let middle = if through_class {
        object.child_by_field_name("attribute").map(|name| text_of(context.text, name).to_owned())?
    } else {
        String::new()
    };
    let owner = if through_class { format!("{module}.{middle}") } else { module };
    let qualified = format!("{owner}.{attribute}");
    if DOCUMENTED_HOOKS.contains(&qualified.as_str()) {
        return None;
    }
    Some(Patched { anchor, qualified, owner, attribute, through_class })
}

fn assignment_notes(patched: &Patched) -> Vec<String> {
    let Patched { qualified, owner, attribute, .. } = patched;
    if patched.through_class {
        vec![
            format!("Replaces attribute `{attribute}` of `{owner}` for the whole process, not only for this module."),
            format!("Every later lookup of `{qualified}` sees it, through instances too when `{owner}` is a class; a reference taken earlier (`f = {qualified}`) keeps the original."),
            "Nothing restores it: undo it in a `finally`, or use `unittest.mock.patch.object` in tests.".to_owned(),
        ]
    } else {
        vec![
            format!("Replaces `{qualified}` on the module object the whole process shares: every later lookup of `{qualified}` sees the replacement."),
            format!("Names bound earlier with `from {owner} import {attribute}` keep the original object."),
            "Nothing restores it: undo it in a `finally`, or use `unittest.mock.patch` in tests.".to_owned(),
        ]
    }
}

fn setattr_call<'tree>(context: &Context, call: Node, callee: Node<'tree>) -> Option<(Node<'tree>, Vec<String>)> {
    if callee.kind() != "identifier" || context.resolve(callee).as_deref() != Some("builtins.setattr") {
        return None;
    }
    let arguments = syntax::positional_arguments(call);
    let module = imported_module(context, *arguments.first()?)?;
    let name = arguments.get(1).and_then(|argument| string_literal(context, *argument));
    if let Some(name) = &name {
        if DOCUMENTED_HOOKS.contains(&format!("{module}.{name}").as_str()) {
            return None;
        }
    }
    let notes = match name {
        Some(name) => vec![
            format!("Replaces `{module}.{name}` on the module object the whole process shares: every later lookup of `{module}.{name}` sees the replacement."),
            format!("Names bound earlier with `from {module} import {name}` keep the original object."),
        ],
        None => vec![
            format!("Sets an attribute of the module `{module}`, chosen at run time, for the whole process: every later lookup of it sees the replacement."),
            format!("Names bound earlier with `from {module} import ...` keep the original objects."),
        ],
    };
    Some((callee, notes))
}

fn string_literal(context: &Context, node: Node) -> Option<String> {
    if node.kind() != "string" {
        return None;
    }
    let mut cursor = node.walk();
    let parts: Vec<Node> = node.named_children(&mut cursor).collect();
    if parts.iter().any(|part| part.kind() == "interpolation") {
        return None;
    }
    let content: String = parts.iter().filter(|part| part.kind() == "string_content").map(|part| text_of(context.text, *part)).collect();
    Some(content)
}

/// The `patch` token of a callee and the patcher it names.
fn patch_token<'tree>(context: &Context, callee: Node<'tree>) -> Option<(Node<'tree>, String)> {
    let qualified = context.resolve(callee).filter(|qualified| PATCHERS.contains(&qualified.as_str()))?;
    let anchor = if qualified == "unittest.mock.patch" { last_name(callee)? } else { last_name(callee.child_by_field_name("object")?)? };
    Some((anchor, qualified))
}

fn patch_call<'tree>(context: &Context, call: Node, callee: Node<'tree>) -> Option<(Node<'tree>, Vec<String>)> {
    let (anchor, qualified) = patch_token(context, callee)?;
    let decorator = call.parent().filter(|parent| parent.kind() == "decorator");
    Some((anchor, patch_notes(context, Some(call), &qualified, decorator)))
}

fn patch_notes(context: &Context, call: Option<Node>, qualified: &str, decorator: Option<Node>) -> Vec<String> {
    let arguments = call.map(syntax::positional_arguments).unwrap_or_default();
    let argument = |index: usize| arguments.get(index).map(|argument| snippet(context.text, *argument, 40));
    let keyword_names = || -> Vec<String> {
        let Some(list) = call.and_then(|call| call.child_by_field_name("arguments")) else { return Vec::new() };
        let mut cursor = list.walk();
        let names = list
            .named_children(&mut cursor)
            .filter(|argument| argument.kind() == "keyword_argument")
            .filter_map(|argument| argument.child_by_field_name("name"))
            .map(|name| format!("`{}`", text_of(context.text, name)))
            .collect();
        names
    };
    let during = match (decorator, call.and_then(|call| call.parent())) {
        (Some(decorator), _) => {
            let on_class = decorator
                .parent()
                .and_then(|parent| parent.child_by_field_name("definition"))
                .is_some_and(|definition| definition.kind() == "class_definition");
            if on_class {
                "while each test method of the decorated class runs"
            } else {
                "while the decorated function runs"
            }
        }
        (None, Some(parent)) if matches!(parent.kind(), "with_item" | "as_pattern") => "inside the `with` block",
        (None, Some(parent)) if parent.kind() == "assignment" => "between `start()` and `stop()`",
        (None, Some(parent))
            if parent.kind() == "attribute"
                && parent.child_by_field_name("attribute").is_some_and(|name| text_of(context.text, name) == "start") =>
        {
            "between `start()` and `stop()`"
        }
        _ => "while it is active",
    };
    let mut notes = Vec::new();
    match qualified {
        "unittest.mock.patch" => {
            let target = arguments.first().and_then(|argument| string_literal(context, *argument));
            let target = target.map(|target| format!("`{target}`")).unwrap_or_else(|| "the named target".to_owned());
            notes.push(format!("Replaces {target} with a mock (or the given `new`) {during}, then restores the original."));
            notes.push("Patch the name where the code under test looks it up: a module that ran `from x import y` holds its own `y`, untouched by patching `x.y`.".to_owned());
        }
        "unittest.mock.patch.object" => {
            let owner = argument(0).unwrap_or_else(|| "the object".to_owned());
            let name = arguments.get(1).and_then(|argument| string_literal(context, *argument));
            let name = name.map(|name| format!("`{name}`")).unwrap_or_else(|| "the named attribute".to_owned());
            notes.push(format!("Replaces attribute {name} of `{owner}` with a mock (or the given `new`) {during}, then restores it."));
            notes.push("Everyone who looks the attribute up on that object sees the mock, other threads included.".to_owned());
        }
        "unittest.mock.patch.dict" => {
            let mapping = argument(0).unwrap_or_else(|| "the mapping".to_owned());
            notes.push(format!(
                "Sets the given keys of `{mapping}` {during}, then restores its original content (`clear=True` empties it first)."
            ));
        }
        _ => {
            let owner = argument(0).unwrap_or_else(|| "the target".to_owned());
            let names: Vec<String> = keyword_names()
                .into_iter()
                .filter(|name| !matches!(name.as_str(), "`spec`" | "`create`" | "`spec_set`" | "`autospec`" | "`new_callable`"))
                .collect();
            let listed = if names.is_empty() { "several attributes".to_owned() } else { names.join(", ") };
            notes.push(format!("Replaces {listed} of `{owner}` at once {during}, then restores them."));
        }
    }
    if during.starts_with("between") {
        notes.push("Nothing is undone until `stop()` runs: pair `start()` with `stop()` or `addCleanup(patcher.stop)`.".to_owned());
    }
    notes
}

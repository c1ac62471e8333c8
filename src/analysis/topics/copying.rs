//! Copying: calls of `copy.copy`, `copy.deepcopy`, `copy.replace` and `dataclasses.replace`, and
//! defs of the `__copy__`, `__deepcopy__` and `__replace__` hooks, with shallow or deep for each.

use tree_sitter::Node;

use crate::analysis::syntax::{self, snippet, text_of};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "copying";
const CALLS: &[&str] = &["copy.copy", "copy.deepcopy", "copy.replace", "dataclasses.replace"];
const HOOKS: &[&str] = &["__copy__", "__deepcopy__", "__replace__"];

/// The copy hooks a class defines; the calls of `copy` are `[anchors]` of the topic's entry.
pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for function in context.nodes("function_definition") {
        let Some(name) = function.child_by_field_name("name") else { continue };
        if HOOKS.contains(&text_of(context.text, name)) {
            out.push(context.occurrence(TOPIC, name, hook_notes(context, *function)));
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    if let Some(function) = anchor.parent().filter(|parent| parent.kind() == "function_definition") {
        return hook_notes(context, function);
    }
    let Some(call) = syntax::ancestor(anchor, &["call"]) else { return Vec::new() };
    let Some(callee) = call.child_by_field_name("function") else { return Vec::new() };
    match copy_function(context, callee) {
        Some(qualified) => call_notes(context, call, &qualified),
        None => Vec::new(),
    }
}

fn copy_function(context: &Context, callee: Node) -> Option<String> {
    context.resolve(callee).filter(|qualified| CALLS.contains(&qualified.as_str()))
}

fn call_notes(context: &Context, call: Node, qualified: &str) -> Vec<String> {
    let arguments = syntax::positional_arguments(call);
    let original = arguments.first().map(|argument| snippet(context.text, *argument, 40));
    let shown = original.as_deref().unwrap_or("the object");
    match qualified {
        "copy.copy" => vec![
            format!("Shallow copy: a new outer object of the same type as `{shown}`, whose items or attributes are the very same objects as in the original; an immutable value (a number, string, tuple or frozenset) comes back as itself, and a module raises TypeError."),
            "Mutating a nested list, dict or object through the copy also changes the original; use `copy.deepcopy()` when the copy must be independent.".to_owned(),
        ],
        "copy.deepcopy" => {
            let mut notes = vec![
                format!("Deep copy: copies `{shown}` and everything it refers to, recursively; the `memo` dict keeps shared references shared and ends cycles."),
                "It can copy too much (caches, registries) and fails with TypeError on locks, sockets, open files and modules it reaches; functions, classes and atomic values come back as the same objects.".to_owned(),
            ];
            let in_hook = syntax::enclosing_function(call)
                .and_then(|function| function.child_by_field_name("name"))
                .is_some_and(|name| text_of(context.text, name) == "__deepcopy__");
            if in_hook && arguments.len() < 2 && syntax::keyword_argument(context.text, call, "memo").is_none() {
                notes.push("Inside `__deepcopy__`, pass `memo` on (`copy.deepcopy(value, memo)`), or shared references get duplicated and cycles recurse.".to_owned());
            }
            notes
        }
        "copy.replace" => vec![
            format!("Shallow copy of `{shown}` with the given fields changed, through its `__replace__()` method (new in 3.13): fields you do not replace are shared with the original."),
            "Supported by named tuples, dataclasses, `datetime` objects, `SimpleNamespace` and any class defining `__replace__`.".to_owned(),
        ],
        _ => vec![
            format!("A new instance of the dataclass of `{shown}` with the given fields changed, built through `__init__`, so `__post_init__` runs again."),
            "The copy is shallow: fields you do not replace are shared with the original; passing an `init=False` field raises ValueError up to 3.12 and TypeError from 3.13.".to_owned(),
        ],
    }
}

fn hook_notes(context: &Context, function: Node) -> Vec<String> {
    let Some(name) = function.child_by_field_name("name") else { return Vec::new() };
    let class =
        syntax::class_of_method(function).and_then(|class| class.child_by_field_name("name")).map(|name| text_of(context.text, name));
    let instances = match class {
        Some(class) => format!("instances of `{class}`"),
        None => "an object whose class defines it".to_owned(),
    };
    match text_of(context.text, name) {
        "__copy__" => vec![
            format!("`copy.copy()` calls this for {instances} instead of the default shallow copy, which otherwise goes through the pickle hooks (`__reduce_ex__`)."),
            "It should return a new object; `copy.deepcopy()` ignores it and uses `__deepcopy__`.".to_owned(),
        ],
        "__deepcopy__" => vec![
            format!("`copy.deepcopy()` calls this for {instances} with its `memo` dict, instead of the default deep copy."),
            "Pass `memo` to every nested `copy.deepcopy()` call and register the new object in it early, so shared references stay shared and cycles end.".to_owned(),
        ],
        _ => vec![
            format!("`copy.replace(obj, **changes)` (3.13+) calls this for {instances} with the changes as keyword arguments."),
            "It should return a new object with those fields changed and the rest copied shallowly.".to_owned(),
        ],
    }
}

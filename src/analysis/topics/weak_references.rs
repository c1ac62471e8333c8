//! Weak references: notes for the `weakref` calls the entry's `[anchors]` find: what this
//! reference or container keeps, and when its entries disappear.

use tree_sitter::Node;

use crate::analysis::semantics::classes::body_assignments;
use crate::analysis::syntax::{self, positional_arguments, snippet};
use crate::analysis::Context;

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(call) = syntax::ancestor(anchor, &["call"]) else { return Vec::new() };
    let Some(callee) = call.child_by_field_name("function") else { return Vec::new() };
    let Some(qualified) = context.resolve(callee) else { return Vec::new() };
    let arguments = positional_arguments(call);
    let first = arguments.first().map(|argument| snippet(context.text, *argument, 40));
    let target = first.clone().unwrap_or_else(|| "the object".to_owned());
    let mut notes = Vec::new();
    match qualified.as_str() {
        "weakref.ref" => {
            notes.push(format!("Does not keep `{target}` alive: calling the reference returns it, or `None` once it has been collected."));
            if arguments.len() > 1 {
                notes.push("The callback is called with the dead reference when the object is collected.".to_owned());
            }
        }
        "weakref.proxy" => notes.push(format!("Acts like `{target}` without keeping it alive; using the proxy after it is collected raises `ReferenceError`.")),
        "weakref.WeakValueDictionary" => notes.push("Holds keys strongly and values weakly: an entry disappears when its value is collected.".to_owned()),
        "weakref.WeakKeyDictionary" => notes.push("Holds keys weakly: an entry disappears when its key object is collected; keys must be hashable and weakly referenceable.".to_owned()),
        "weakref.WeakSet" => notes.push("Holds its members weakly: a member disappears from the set when it is collected.".to_owned()),
        "weakref.WeakMethod" => notes.push(format!("Holds the bound method `{target}` weakly through its instance and function; calling it returns a new bound method, or `None` once the instance is gone.")),
        "weakref.finalize" => {
            notes.push(format!("Calls the function once, when `{target}` is collected or at interpreter exit, whichever comes first."));
            if let (Some(object), Some(function)) = (arguments.first(), arguments.get(1)) {
                let object_text = context.text_of(*object);
                let holds = function.kind() == "attribute"
                    && function.child_by_field_name("object").is_some_and(|owner| context.text_of(owner) == object_text);
                if holds {
                    notes.push(format!("`{}` is a bound method of `{object_text}`: it keeps the object alive, so the finalizer runs only at exit.", context.text_of(*function)));
                }
            }
        }
        _ => return Vec::new(),
    }
    if let Some(argument) = arguments.first().filter(|_| matches!(qualified.as_str(), "weakref.ref" | "weakref.proxy")) {
        if argument.kind() == "attribute" {
            notes.push(format!("If `{}` is a method, this reference dies at once (each access makes a new bound method): use `weakref.WeakMethod`.", context.text_of(*argument)));
        }
        if let Some(kind) = unreferenceable(argument.kind()) {
            notes.push(format!("A `{kind}` cannot be weakly referenced: this call raises `TypeError`."));
        }
        if let Some(note) = slots_without_weakref(context, call, *argument) {
            notes.push(note);
        }
    }
    notes
}

fn unreferenceable(kind: &str) -> Option<&'static str> {
    match kind {
        "list" | "list_comprehension" => Some("list"),
        "dictionary" | "dictionary_comprehension" => Some("dict"),
        "tuple" => Some("tuple"),
        "string" | "concatenated_string" => Some("str"),
        "integer" => Some("int"),
        "none" => Some("None"),
        _ => None,
    }
}

/// When the argument is a method's first parameter and the class lists `__slots__` without
/// `__weakref__`: that instances cannot be weakly referenced.
fn slots_without_weakref(context: &Context, call: Node, argument: Node) -> Option<String> {
    let function = syntax::enclosing_function(call)?;
    let first = syntax::first_parameter(function)?;
    if argument.kind() != "identifier" || context.text_of(argument) != context.text_of(first) {
        return None;
    }
    let class = syntax::class_of_method(function)?;
    let (_, slots) = body_assignments(context, class, "__slots__").into_iter().last()?;
    let listed = context.text_of(slots);
    (!listed.contains("__weakref__")).then(|| {
        format!("`{}` sets `__slots__` without `\"__weakref__\"`: unless a base class provides it, its instances cannot be weakly referenced.", context.text_of(class.child_by_field_name("name").unwrap_or(class)))
    })
}

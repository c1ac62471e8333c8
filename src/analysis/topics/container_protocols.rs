//! Container protocols: `__len__`, `__getitem__`, `__setitem__`, `__delitem__`, `__contains__`,
//! `__bool__`, `__reversed__`, `__missing__` and `__length_hint__` defs in a class body, with the
//! protocol the class implements and the `collections.abc` base that would supply the rest.

use tree_sitter::Node;

use crate::analysis::semantics::classes::{class_name, class_named, local_ancestors};
use crate::analysis::syntax::{self, code_list, methods};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "container-protocols";
const DUNDERS: &[&str] =
    &["__len__", "__getitem__", "__setitem__", "__delitem__", "__contains__", "__bool__", "__reversed__", "__missing__", "__length_hint__"];
const DICT_BASES: &[&str] = &["builtins.dict", "collections.OrderedDict", "collections.defaultdict", "collections.Counter", "typing.Dict"];

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for class in context.nodes("class_definition") {
        for (name, function) in methods(*class, context.text) {
            if !DUNDERS.contains(&name.as_str()) {
                continue;
            }
            if let Some(anchor) = function.child_by_field_name("name") {
                out.push(context.occurrence(TOPIC, anchor, method_notes(context, *class, &name)));
            }
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(function) = anchor.parent().filter(|parent| parent.kind() == "function_definition") else { return Vec::new() };
    let name = context.text_of(anchor);
    match syntax::class_of_method(function) {
        Some(class) if DUNDERS.contains(&name) => method_notes(context, class, name),
        _ => Vec::new(),
    }
}

fn method_notes(context: &Context, class: Node, name: &str) -> Vec<String> {
    let class_text = class_name(context, class);
    let own: Vec<String> = methods(class, context.text).into_iter().map(|(method, _)| method).collect();
    let defines = |wanted: &str| own.iter().any(|method| method == wanted);
    let mut notes = Vec::new();
    match name {
        "__len__" => notes.push(format!(
            "`len(x)` calls it and needs an `int` of at least 0; {}",
            if defines("__bool__") { "truth tests use `__bool__`, which this class defines." } else { "without `__bool__`, an empty `x` is false." }
        )),
        "__getitem__" => {
            notes.push("`x[key]` calls it; `x[a:b]` passes a `slice`, and negative indexes arrive unchanged.".to_owned());
            if !defines("__iter__") {
                notes.push(format!("`{class_text}` defines no `__iter__`: `for` and `in` call `__getitem__(0)`, `(1)`, ... until `IndexError`."));
            }
        }
        "__setitem__" => notes.push("`x[key] = value` calls it (with a `slice` for `x[a:b] = ...`).".to_owned()),
        "__delitem__" => notes.push("`del x[key]` calls it.".to_owned()),
        "__contains__" => notes.push("`item in x` and `not in` call it and take the truth of its result; without it, `in` iterates.".to_owned()),
        "__bool__" => notes.push("Truth tests (`if x:`, `not x`, `bool(x)`) call it, and it must return a `bool`; it wins over `__len__`.".to_owned()),
        "__reversed__" => notes.push("`reversed(x)` calls it and expects an iterator; without it, `reversed` needs `__len__` and `__getitem__`.".to_owned()),
        "__missing__" => {
            if is_dict_subclass(context, class) == Some(false) {
                notes.push(format!("`{class_text}` does not subclass `dict`, so Python never calls `__missing__`; only `dict.__getitem__` does."));
            } else {
                notes.push("`d[key]` calls it for a missing key, in a `dict` subclass only; `.get()` and `in` never do.".to_owned());
            }
        }
        "__length_hint__" => notes.push("`operator.length_hint(x)` reads it to presize results; it is only an estimate, and `__len__` wins when defined.".to_owned()),
        _ => {}
    }
    notes.extend(protocol_note(context, class, &own));
    notes
}

/// The protocol the class's own dunders make, and the `collections.abc` base that adds the rest.
fn protocol_note(context: &Context, class: Node, own: &[String]) -> Option<String> {
    let class_text = class_name(context, class);
    let defines = |wanted: &str| own.iter().any(|method| method == wanted);
    let listed: Vec<String> = DUNDERS.iter().chain(&["__iter__"]).filter(|name| defines(name)).map(|name| (*name).to_owned()).collect();
    let listed = code_list(&listed, 80);
    if let Some(base) = syntax::bases(class).into_iter().find_map(|base| {
        let base = if base.kind() == "subscript" { base.child_by_field_name("value").unwrap_or(base) } else { base };
        context.resolve(base).filter(|qualified| qualified.starts_with("collections.abc.") || qualified.starts_with("typing."))
    }) {
        return Some(format!("`{class_text}` defines {listed} and inherits the rest of the protocol from `{base}`."));
    }
    if is_dict_subclass(context, class) == Some(true) || syntax::bases(class).into_iter().any(|base| context.resolve(base).is_some_and(|qualified| qualified.starts_with("builtins."))) {
        return None;
    }
    let mutable = defines("__setitem__") || defines("__delitem__");
    let mapping = defines("keys") || defines("items") || defines("__missing__");
    let (shape, abc, adds, needs): (&str, &str, &str, &[&str]) = if defines("__getitem__") {
        match (mapping, mutable) {
            (true, false) => ("a read-only mapping", "Mapping", "`get`, `keys`, `items`, `values`, `__contains__` and `__eq__`", &["__iter__", "__len__"]),
            (true, true) => {
                ("a mutable mapping", "MutableMapping", "`pop`, `update`, `setdefault` and the `Mapping` methods", &["__setitem__", "__delitem__", "__iter__", "__len__"])
            }
            (false, false) => ("a read-only indexable container", "Sequence", "`__contains__`, `__iter__`, `__reversed__`, `index` and `count`", &["__len__"]),
            (false, true) => (
                "a mutable indexable container",
                "MutableSequence",
                "`append`, `extend`, `pop`, `remove` and the `Sequence` methods",
                &["__setitem__", "__delitem__", "__len__", "insert"],
            ),
        }
    } else if defines("__len__") && defines("__contains__") {
        ("a sized container without indexing", "Collection", "no methods, but `isinstance` checks pass", &["__iter__"])
    } else if defines("__len__") {
        ("a sized object", "Sized", "no methods; it makes `isinstance(x, Sized)` true", &[])
    } else if defines("__contains__") {
        ("a container for `in`", "Container", "no methods; it makes `isinstance(x, Container)` true", &[])
    } else {
        return None;
    };
    let missing: Vec<String> = needs.iter().filter(|name| !defines(name)).map(|name| (*name).to_owned()).collect();
    let still = if missing.is_empty() { String::new() } else { format!(", once the class adds {}", code_list(&missing, 60)) };
    Some(format!("`{class_text}` defines {listed}: {shape}; `collections.abc.{abc}` would supply {adds}{still}."))
}

/// Whether the class subclasses `dict` (directly or through classes of this file); `None` when a
/// base comes from elsewhere.
fn is_dict_subclass(context: &Context, class: Node) -> Option<bool> {
    let mut unknown = false;
    for current in std::iter::once(class).chain(local_ancestors(context, class)) {
        for base in syntax::bases(current) {
            let base = if base.kind() == "subscript" { base.child_by_field_name("value").unwrap_or(base) } else { base };
            match context.resolve(base) {
                Some(qualified) if DICT_BASES.contains(&qualified.as_str()) => return Some(true),
                Some(qualified) if qualified.starts_with("builtins.") => {}
                Some(_) => unknown = true,
                None if base.kind() == "identifier" && class_named(context, context.text_of(base), current).is_some() => {}
                None => unknown = true,
            }
        }
    }
    if unknown {
        None
    } else {
        Some(false)
    }
}

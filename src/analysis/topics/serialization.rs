//! Serialization: `dump`/`dumps`/`load`/`loads` of `pickle`, `json` and `marshal`, and
//! `pickle.Pickler` / `Unpickler`, with the module's format properties and the direction.

use tree_sitter::Node;

use crate::analysis::syntax;
use crate::analysis::Context;

const MODULES: &[&str] = &["pickle", "json", "marshal"];
const FUNCTIONS: &[&str] = &["dump", "dumps", "load", "loads"];

/// The documentation of the module called: a `json.load` hover links to `json`, not `pickle`.
pub fn docs(context: &Context, anchor: Node) -> Option<String> {
    let call = syntax::ancestor(anchor, &["call"])?;
    let (module, _) = serializer(context, call.child_by_field_name("function")?)?;
    Some(module_docs(&module).to_owned())
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(call) = syntax::ancestor(anchor, &["call"]) else { return Vec::new() };
    let Some(callee) = call.child_by_field_name("function") else { return Vec::new() };
    match serializer(context, callee) {
        Some((module, function)) => call_notes(context, call, &module, &function),
        None => Vec::new(),
    }
}

/// The library page of the module this call belongs to: the hover of `json.load` links to json's
/// page, not to pickle's, which the topic's entry names.
fn module_docs(module: &str) -> &'static str {
    match module {
        "json" => "https://docs.python.org/3/library/json.html",
        "marshal" => "https://docs.python.org/3/library/marshal.html",
        _ => "https://docs.python.org/3/library/pickle.html",
    }
}

/// `("pickle", "loads")` when `callee` resolves to one of the anchored functions or classes.
fn serializer(context: &Context, callee: Node) -> Option<(String, String)> {
    let qualified = context.resolve(callee)?;
    let (module, function) = qualified.split_once('.')?;
    let anchored =
        MODULES.contains(&module) && FUNCTIONS.contains(&function) || module == "pickle" && matches!(function, "Pickler" | "Unpickler");
    anchored.then(|| (module.to_owned(), function.to_owned()))
}

fn call_notes(context: &Context, call: Node, module: &str, function: &str) -> Vec<String> {
    let loading = matches!(function, "load" | "loads" | "Unpickler");
    let mut notes = vec![direction(module, function).to_owned()];
    match module {
        "pickle" if loading => notes.push(
            "Never unpickle data that others can write or tamper with: a pickle can name any callable to run while loading (arbitrary code execution); prefer `json` plus validation, or sign with `hmac`."
                .to_owned(),
        ),
        "pickle" => notes.push(protocol_note(context, call, function)),
        "json" if loading => notes.push("Loading JSON never runs code; still validate the structure before trusting it.".to_owned()),
        "json" => notes.push("Tuples come back as lists and non-string keys as strings; sets, bytes and datetimes raise TypeError unless you pass `default=`.".to_owned()),
        _ => notes.push("marshal's format may change between Python versions, cannot store your own classes and is not secure against crafted data: use `pickle` or `json` for your own data.".to_owned()),
    }
    notes
}

/// What this call does, in which format and which direction.
fn direction(module: &str, function: &str) -> &'static str {
    match (module, function) {
        ("pickle", "dump") => "Serializes an object into a file opened in binary mode (`\"wb\"`), in pickle's format, which only Python reads.",
        ("pickle", "dumps") => "Serializes an object to `bytes` in pickle's format, which only Python reads.",
        ("pickle", "load") => "Deserializes one pickled object from a file opened in binary mode (`\"rb\"`).",
        ("pickle", "loads") => "Deserializes an object from pickled `bytes`.",
        ("pickle", "Pickler") => "The class behind `pickle.dump()`: it writes pickled objects to a binary file; subclass it to customize `persistent_id()` or `reducer_override()`.",
        ("pickle", _) => "The class behind `pickle.load()`: it reads pickled objects from a binary file; overriding `find_class()` restricts what it may load, which narrows the risk without removing it.",
        ("json", "dump") => "Serializes an object to JSON text written to a file, text that any language can read.",
        ("json", "dumps") => "Serializes an object to a JSON `str`, text that any language can read.",
        ("json", "load") => "Parses the JSON text of a file into dicts, lists, strings, numbers, booleans and `None`.",
        ("json", _) => "Parses JSON from a `str`, `bytes` or `bytearray` into dicts, lists, strings, numbers, booleans and `None`.",
        (_, "dump") => "Serializes a value into a binary file in marshal's format, the internal format of `.pyc` files.",
        (_, "dumps") => "Serializes a value to `bytes` in marshal's format, the internal format of `.pyc` files.",
        (_, "load") => "Reads one value from a binary file in marshal's format, the internal format of `.pyc` files.",
        _ => "Reads a value from `bytes` in marshal's format, the internal format of `.pyc` files.",
    }
}

fn protocol_note(context: &Context, call: Node, function: &str) -> String {
    // The protocol is `dumps(obj, protocol)`, `dump(obj, file, protocol)` or `Pickler(file, protocol)`.
    let position = match function {
        "dumps" | "Pickler" => 1,
        _ => 2,
    };
    let protocol =
        syntax::keyword_argument(context.text, call, "protocol").or_else(|| syntax::positional_arguments(call).get(position).copied());
    match protocol {
        Some(protocol) => format!(
            "Protocol `{}`; classes and functions are stored by qualified name, so their module must be importable when loading.",
            syntax::snippet(context.text, protocol, 40)
        ),
        None => "Default protocol: 4 on 3.8-3.13, 5 from 3.14 (readable by 3.8+); classes and functions are stored by qualified name, so their module must be importable when loading.".to_owned(),
    }
}

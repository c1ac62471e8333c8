//! Operator overloading: arithmetic, bitwise, unary and ordering dunders defined in a class body,
//! and `functools.total_ordering` (found by the entry's `[anchors]`), with what Python tries
//! when the method is missing or declines.

use tree_sitter::Node;

use crate::analysis::semantics::classes::class_name;
use crate::analysis::syntax::{self, code_list, methods};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "operator-overloading";

/// Binary operators: the method's stem and how the operation is written.
const BINARY: &[(&str, &str)] = &[
    ("add", "a + b"),
    ("sub", "a - b"),
    ("mul", "a * b"),
    ("matmul", "a @ b"),
    ("truediv", "a / b"),
    ("floordiv", "a // b"),
    ("mod", "a % b"),
    ("divmod", "divmod(a, b)"),
    ("pow", "a ** b"),
    ("lshift", "a << b"),
    ("rshift", "a >> b"),
    ("and", "a & b"),
    ("xor", "a ^ b"),
    ("or", "a | b"),
];

const UNARY: &[(&str, &str)] = &[("neg", "-a"), ("pos", "+a"), ("abs", "abs(a)"), ("invert", "~a")];

/// Rich ordering comparisons with their operator and their reflection.
const ORDERING: &[(&str, &str, &str)] = &[("lt", "<", "gt"), ("le", "<=", "ge"), ("gt", ">", "lt"), ("ge", ">=", "le")];

/// What one dunder name is.
enum Dunder {
    Binary(&'static str, &'static str),
    Reflected(&'static str, &'static str),
    InPlace(&'static str, &'static str),
    Unary(&'static str),
    Ordering(&'static str, &'static str),
}

fn dunder(name: &str) -> Option<Dunder> {
    let stem = name.strip_prefix("__")?.strip_suffix("__")?;
    if let Some((stem, written)) = BINARY.iter().find(|(binary, _)| *binary == stem) {
        return Some(Dunder::Binary(stem, written));
    }
    if let Some((_, written)) = UNARY.iter().find(|(unary, _)| *unary == stem) {
        return Some(Dunder::Unary(written));
    }
    if let Some((_, operator, reflection)) = ORDERING.iter().find(|(ordering, _, _)| *ordering == stem) {
        return Some(Dunder::Ordering(operator, reflection));
    }
    if let Some(rest) = stem.strip_prefix('r') {
        if let Some((stem, written)) = BINARY.iter().find(|(binary, _)| *binary == rest) {
            return Some(Dunder::Reflected(stem, written));
        }
    }
    if let Some(rest) = stem.strip_prefix('i') {
        // There is no in-place `divmod`.
        if let Some((stem, written)) = BINARY.iter().find(|(binary, _)| *binary == rest && *binary != "divmod") {
            return Some(Dunder::InPlace(stem, written));
        }
    }
    None
}

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for class in context.nodes("class_definition") {
        for (name, function) in methods(*class, context.text) {
            if dunder(&name).is_none() {
                continue;
            }
            if let Some(anchor) = function.child_by_field_name("name") {
                out.push(context.occurrence(TOPIC, anchor, method_notes(context, *class, function, &name)));
            }
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(parent) = anchor.parent() else { return Vec::new() };
    if parent.kind() == "function_definition" {
        return match syntax::class_of_method(parent) {
            Some(class) => method_notes(context, class, parent, context.text_of(anchor)),
            None => Vec::new(),
        };
    }
    // `@total_ordering` (bare, dotted or called): the decorated class.
    let class = syntax::ancestor(anchor, &["decorator"])
        .and_then(|decorator| decorator.parent())
        .and_then(|decorated| decorated.child_by_field_name("definition"))
        .filter(|definition| definition.kind() == "class_definition");
    match class {
        Some(class) => total_ordering_notes(context, class),
        None => Vec::new(),
    }
}

fn method_notes(context: &Context, class: Node, function: Node, name: &str) -> Vec<String> {
    let Some(kind) = dunder(name) else { return Vec::new() };
    let class_text = class_name(context, class);
    let defines = |wanted: &str| methods(class, context.text).iter().any(|(method, _)| method == wanted);
    let mut notes = Vec::new();
    match kind {
        Dunder::Binary(stem, written) => {
            notes.push(format!("Implements `{written}` when `a` is a `{class_text}`."));
            notes.push(format!("If it is missing or returns `NotImplemented`, Python tries `b.__r{stem}__(a)` when `b`'s type differs, then raises `TypeError`."));
            if !defines(&format!("__r{stem}__")) {
                notes.push(format!("`{class_text}` defines no `__r{stem}__`, so with a `{class_text}` on the right only the left operand's `__{stem}__` can answer."));
            }
        }
        Dunder::Reflected(stem, written) => {
            notes.push(format!("Implements `{written}` when `b` is a `{class_text}`: Python calls `b.__r{stem}__(a)` after `a.__{stem}__(b)` is missing or returns `NotImplemented`."));
            notes.push(format!("Operands of the same type never reach it; when `b`'s type subclasses `a`'s and overrides `__r{stem}__`, it is tried first."));
            if stem == "add" {
                notes.push("`sum()` starts from `0`, so it needs this method to accept `0`.".to_owned());
            }
        }
        Dunder::InPlace(stem, written) => {
            let operator = written.trim_start_matches("a ").trim_end_matches(" b");
            notes.push(format!("Implements `a {operator}= b` for a `{class_text}`: it should change `a` in place and return `self`."));
            notes.push(format!("If it is missing or returns `NotImplemented`, Python falls back to `a = {written}` (`__{stem}__`, then `b.__r{stem}__`)."));
            if !returns_self(context, function) {
                notes.push("No `return self` here: whatever it returns is bound to `a`.".to_owned());
            }
        }
        Dunder::Unary(written) => {
            notes.push(format!("Implements `{written}` for a `{class_text}`; a unary operator has no reflected fallback, so without it `{written}` raises `TypeError`."));
        }
        Dunder::Ordering(operator, reflection) => {
            notes.push(format!("Implements `a {operator} b` when `a` is a `{class_text}`."));
            notes.push(format!("If it returns `NotImplemented`, Python tries the reflection `b.__{reflection}__(a)`; if both decline, `TypeError`."));
            if has_total_ordering(context, class) {
                notes.push(format!("`@total_ordering` derives the comparisons `{class_text}` does not define from this one and `__eq__`."));
            }
        }
    }
    notes
}

fn total_ordering_notes(context: &Context, class: Node) -> Vec<String> {
    let class_text = class_name(context, class);
    let own = methods(class, context.text);
    let defined: Vec<String> =
        ["__lt__", "__le__", "__gt__", "__ge__"].iter().filter(|name| own.iter().any(|(method, _)| method == *name)).map(|name| (*name).to_owned()).collect();
    let derived: Vec<String> =
        ["__lt__", "__le__", "__gt__", "__ge__"].iter().filter(|name| !defined.iter().any(|found| found == *name)).map(|name| (*name).to_owned()).collect();
    let mut notes = Vec::new();
    // `total_ordering` builds from the greatest name it finds: `__lt__`, then `__le__`, `__gt__`, `__ge__`.
    match defined.iter().max() {
        Some(_) if derived.is_empty() => {
            notes.push(format!("`{class_text}` defines all four ordering methods, so `total_ordering` adds nothing."))
        }
        Some(root) => {
            notes.push(format!("`{class_text}` defines {}; `total_ordering` derives {} from `{root}` and `__eq__`.", code_list(&defined, 60), code_list(&derived, 60)));
        }
        None => notes.push(format!("`{class_text}` defines none of `__lt__`, `__le__`, `__gt__`, `__ge__` here: unless a base does, `total_ordering` raises `ValueError`.")),
    }
    if !own.iter().any(|(method, _)| method == "__eq__") {
        notes.push(format!("`{class_text}` does not define `__eq__` here: the derived methods use the inherited one (identity for `object`)."));
    }
    notes.push("The derived methods are slower than written ones, and their errors point into `functools`.".to_owned());
    notes
}

fn has_total_ordering(context: &Context, class: Node) -> bool {
    syntax::decorators(class).into_iter().any(|decorator| {
        syntax::decorator_callee(decorator).and_then(|callee| context.resolve(callee)).as_deref() == Some("functools.total_ordering")
    })
}

/// Whether some `return` of the def's own body gives its first parameter.
fn returns_self(context: &Context, function: Node) -> bool {
    let Some(first) = syntax::first_parameter(function).map(|parameter| context.text_of(parameter)) else { return false };
    syntax::own_body_nodes(function).into_iter().any(|node| {
        node.kind() == "return_statement" && node.named_child(0).is_some_and(|value| value.kind() == "identifier" && context.text_of(value) == first)
    })
}

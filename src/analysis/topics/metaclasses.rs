//! Metaclasses: the `metaclass=` keyword, and classes deriving from `type` (or `ABCMeta`,
//! `EnumMeta`, `EnumType`), which are metaclasses themselves.

use tree_sitter::Node;

use crate::analysis::semantics::classes::class_named;
use crate::analysis::syntax::{self, methods, snippet, text_of};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "metaclasses";
const METACLASS_BASES: &[&str] = &["builtins.type", "abc.ABCMeta", "enum.EnumMeta", "enum.EnumType"];
const HOOKS: &[&str] = &["__new__", "__init__", "__prepare__", "__call__"];

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for class in context.nodes("class_definition") {
        if let Some(keyword) = syntax::metaclass_keyword(*class, context.text) {
            if let Some(name) = keyword.child_by_field_name("name") {
                out.push(context.occurrence(TOPIC, name, keyword_notes(context, *class, keyword)));
            }
        }
        let derives = syntax::bases(*class).into_iter().find_map(|base| {
            let qualified = context.resolve(base)?;
            METACLASS_BASES.contains(&qualified.as_str()).then_some(base)
        });
        if let (Some(base), Some(name)) = (derives, class.child_by_field_name("name")) {
            out.push(context.occurrence(TOPIC, name, metaclass_notes(context, *class, base)));
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(parent) = anchor.parent() else { return Vec::new() };
    match parent.kind() {
        "keyword_argument" => {
            syntax::ancestor(parent, &["class_definition"]).map(|class| keyword_notes(context, class, parent)).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

fn keyword_notes(context: &Context, class: Node, keyword: Node) -> Vec<String> {
    let class_name = class.child_by_field_name("name").map(|name| text_of(context.text, name)).unwrap_or("this class");
    let Some(value) = keyword.child_by_field_name("value") else { return Vec::new() };
    let metaclass = snippet(context.text, value, 40);
    let mut notes =
        vec![format!("`{metaclass}` builds `{class_name}`: `{class_name}` is an instance of `{metaclass}`, and so are its subclasses.")];
    match context.resolve(value).as_deref() {
        Some("abc.ABCMeta") => notes.push("`ABCMeta` tracks `@abstractmethod`s and adds `register()` for virtual subclasses.".to_owned()),
        Some("enum.EnumMeta" | "enum.EnumType") => notes.push("The enum metaclass turns plain class attributes into members; methods, descriptors such as `property`, `__dunder__` names and the names listed in `_ignore_` stay ordinary attributes.".to_owned()),
        _ => match (value.kind() == "identifier").then(|| class_named(context, text_of(context.text, value), keyword)).flatten() {
            Some(definition) => notes.push(hooks_note(context, definition, &metaclass)),
            None => {
                notes.push(format!("`{metaclass}` is defined elsewhere; its `__new__`/`__init__` run when this class statement executes."))
            }
        },
    }
    notes
}

fn metaclass_notes(context: &Context, class: Node, base: Node) -> Vec<String> {
    let name = class.child_by_field_name("name").map(|name| text_of(context.text, name)).unwrap_or("this class");
    let mut notes = vec![format!(
        "`{name}` derives from `{}`, so it is a metaclass: classes built with `metaclass={name}` are its instances.",
        text_of(context.text, base)
    )];
    notes.push(hooks_note(context, class, name));
    notes
}

fn hooks_note(context: &Context, definition: Node, name: &str) -> String {
    let defined: Vec<String> =
        methods(definition, context.text).into_iter().map(|(method, _)| method).filter(|method| HOOKS.contains(&method.as_str())).collect();
    if defined.is_empty() {
        return format!("`{name}` overrides none of `__new__`, `__init__`, `__prepare__`, `__call__`.");
    }
    let listed: Vec<String> = defined.iter().map(|hook| format!("`{hook}`")).collect();
    let mut note = format!("`{name}` defines {}", listed.join(", "));
    if defined.iter().all(|hook| hook == "__new__" || hook == "__init__") {
        note.push_str(": when it only registers or checks subclasses, `__init_subclass__` (3.6+) does the same without a metaclass.");
    } else {
        note.push('.');
    }
    note
}

//! Enumerations: the class name of an enum class, `auto()` calls and `@unique`, with the kind,
//! the members and their values, the aliases and what `auto()` gives for this class.

use tree_sitter::Node;

use crate::analysis::semantics::classes::{class_named, enum_kind, enum_members, EnumKind};
use crate::analysis::syntax::{self, code_list, decorator_callee, last_name, snippet, text_of};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "enums";
const BASES: &[&str] = &["enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag"];

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for class in context.nodes("class_definition") {
        if is_anchor_class(context, *class) {
            if let Some(name) = class.child_by_field_name("name") {
                out.push(context.occurrence(TOPIC, name, class_notes(context, *class)));
            }
        }
    }
    for call in context.nodes("call") {
        let Some(callee) = call.child_by_field_name("function") else { continue };
        if context.resolve(callee).as_deref() == Some("enum.auto") {
            if let Some(name) = last_name(callee) {
                out.push(context.occurrence(TOPIC, name, auto_notes(context, *call)));
            }
        }
    }
    for decorator in context.nodes("decorator") {
        let Some(callee) = decorator_callee(*decorator) else { continue };
        if context.resolve(callee).as_deref() == Some("enum.unique") {
            if let Some(name) = last_name(callee) {
                out.push(context.occurrence(TOPIC, name, unique_notes(context, *decorator)));
            }
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(parent) = anchor.parent() else { return Vec::new() };
    if parent.kind() == "class_definition" {
        return class_notes(context, parent);
    }
    if let Some(decorator) = syntax::ancestor(anchor, &["decorator"]) {
        return unique_notes(context, decorator);
    }
    match syntax::ancestor(anchor, &["call"]) {
        Some(call) => auto_notes(context, call),
        None => Vec::new(),
    }
}

/// A class with an `enum` base of the five public kinds, or an enum class of the file as a base.
fn is_anchor_class(context: &Context, class: Node) -> bool {
    syntax::bases(class).into_iter().any(|base| match context.resolve(base) {
        Some(qualified) => BASES.contains(&qualified.as_str()),
        None => {
            base.kind() == "identifier"
                && class_named(context, text_of(context.text, base), class)
                    .is_some_and(|parent| parent.id() != class.id() && enum_kind(context, parent).is_some())
        }
    })
}

fn kind_sentence(kind: EnumKind) -> &'static str {
    match kind {
        EnumKind::Enum => "A plain `Enum`: members are singletons compared by identity, and a member never equals its value (`Color.RED == 1` is false).",
        EnumKind::IntEnum => "An `IntEnum`: members are ints, compare equal to their values and work wherever an int does.",
        EnumKind::StrEnum => "A `StrEnum` (3.11): members are strings, equal to their values, and `str()` gives the value.",
        EnumKind::Flag => "A `Flag`: members combine with `|`, `&`, `^` and `~` into values that are members too, and `in` tests for a flag.",
        EnumKind::IntFlag => "An `IntFlag`: members combine with `|`, `&`, `^` and `~` and are ints, equal to their values.",
        EnumKind::Mixed("str") => "A `str` mixed into `Enum`: members are strings equal to their values, but since 3.11 `format()` and f-strings give `Cls.NAME`, not the value (`StrEnum` gives the value).",
        EnumKind::Mixed(_) => "A data type mixed into `Enum`: members are instances of it and compare equal to their values.",
    }
}

/// A value `auto()` or a literal gives, for comparing members: ints, strings.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Int(i64),
    Text(String),
}

/// The members with the value each gets, `None` when the text does not tell.
fn member_values<'tree>(context: &Context<'tree>, class: Node<'tree>, kind: EnumKind) -> Vec<(Node<'tree>, Node<'tree>, Option<Value>)> {
    let mut last_int: Option<i64> = Some(0);
    let mut highest: Option<i64> = Some(0);
    let mut found = Vec::new();
    for (name, value) in enum_members(context, class) {
        let computed = if is_auto(context, value) {
            match kind {
                EnumKind::StrEnum => Some(Value::Text(context.text_of(name).to_lowercase())),
                EnumKind::Flag | EnumKind::IntFlag => highest.map(|high| Value::Int(if high <= 0 { 1 } else { next_power_of_two(high) })),
                // 3.11 and later add one to the highest value, earlier versions to the last one.
                _ => match (last_int, highest) {
                    (Some(last), Some(high)) if last == high => Some(Value::Int(last + 1)),
                    _ => None,
                },
            }
        } else {
            literal(context, value)
        };
        match &computed {
            Some(Value::Int(number)) => {
                last_int = Some(*number);
                highest = highest.map(|high| high.max(*number));
            }
            _ => {
                last_int = None;
                highest = None;
            }
        }
        found.push((name, value, computed));
    }
    found
}

fn next_power_of_two(high: i64) -> i64 {
    let mut power = 1i64;
    while power <= high && power < i64::MAX / 2 {
        power *= 2;
    }
    power
}

fn is_auto(context: &Context, value: Node) -> bool {
    value.kind() == "call" && value.child_by_field_name("function").and_then(|callee| context.resolve(callee)).as_deref() == Some("enum.auto")
}

fn literal(context: &Context, value: Node) -> Option<Value> {
    match value.kind() {
        "integer" => {
            let text = context.text_of(value).replace('_', "");
            let parsed = if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
                i64::from_str_radix(hex, 16).ok()
            } else if let Some(binary) = text.strip_prefix("0b").or_else(|| text.strip_prefix("0B")) {
                i64::from_str_radix(binary, 2).ok()
            } else {
                text.parse().ok()
            };
            parsed.map(Value::Int)
        }
        "string" if value.named_child_count() <= 3 => {
            let text = context.text_of(value);
            let plain = !text.starts_with(['f', 'F', 'b', 'B', 'r', 'R']) && !text.contains('\\');
            plain.then(|| Value::Text(text.trim_matches(|c| c == '"' || c == '\'').to_owned()))
        }
        _ => None,
    }
}

fn shown(value: &Value) -> String {
    match value {
        Value::Int(number) => number.to_string(),
        Value::Text(text) => format!("{text:?}"),
    }
}

/// `(alias, canonical)` name pairs: a later member with the value of an earlier one.
fn aliases(context: &Context, members: &[(Node, Node, Option<Value>)]) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (index, (name, _, value)) in members.iter().enumerate() {
        let Some(value) = value else { continue };
        if let Some((first, _, _)) = members[..index].iter().find(|(_, _, other)| other.as_ref() == Some(value)) {
            found.push((context.text_of(*name).to_owned(), context.text_of(*first).to_owned()));
        }
    }
    found
}

fn class_notes(context: &Context, class: Node) -> Vec<String> {
    let kind = enum_kind(context, class).unwrap_or(EnumKind::Enum);
    let members = member_values(context, class, kind);
    let name = class.child_by_field_name("name").map(|name| context.text_of(name)).unwrap_or("?");
    let mut sentence = kind_sentence(kind).to_owned();
    if let Some((member, value, _)) = members.first() {
        let member = context.text_of(*member);
        sentence = sentence
            .replace("`Color.RED == 1`", &format!("`{name}.{member} == {}`", snippet(context.text, *value, 24)))
            .replace("`Cls.NAME`", &format!("`{name}.{member}`"));
    }
    let mut notes = vec![sentence];
    if members.is_empty() {
        notes.push(format!("`{name}` defines no members, so it can be subclassed to add some."));
    } else {
        let listed: Vec<String> = members
            .iter()
            .map(|(member, value, computed)| {
                let value = match computed {
                    Some(computed) if is_auto(context, *value) => format!("{} (auto)", shown(computed)),
                    _ => snippet(context.text, *value, 24),
                };
                format!("{} = {value}", context.text_of(*member))
            })
            .collect();
        let mut line = format!("Members in order: {}", code_list(&listed, 140));
        let aliases = aliases(context, &members);
        if !aliases.is_empty() {
            let pairs: Vec<String> = aliases.iter().map(|(alias, canonical)| format!("`{alias}` is an alias of `{canonical}`")).collect();
            line.push_str(&format!("; {} (same value: iteration skips it, `__members__` lists it)", pairs.join(", ")));
        }
        line.push('.');
        notes.push(line);
    }
    let uses_auto = members.iter().any(|(_, value, _)| is_auto(context, *value));
    match members.first() {
        Some((member, value, _)) if !uses_auto => notes.push(format!(
            "`{name}({})` looks a member up by value and `{name}[\"{}\"]` by name; both return the same object as `{name}.{}`.",
            snippet(context.text, *value, 24),
            context.text_of(*member),
            context.text_of(*member)
        )),
        _ => notes.push(auto_sentence(kind)),
    }
    notes
}

fn auto_sentence(kind: EnumKind) -> String {
    match kind {
        EnumKind::StrEnum => "`auto()` gives the member's name in lower case.".to_owned(),
        EnumKind::Flag | EnumKind::IntFlag => "`auto()` gives the next power of two: 1, 2, 4, ...".to_owned(),
        _ => "`auto()` gives the highest value so far plus one (the last value before 3.11), starting at 1; from 3.13 it raises `TypeError` after a value that is not an int.".to_owned(),
    }
}

fn auto_notes(context: &Context, call: Node) -> Vec<String> {
    let class = syntax::enclosing_scope(call).filter(|scope| scope.kind() == "class_definition");
    let Some((class, kind)) = class.and_then(|class| enum_kind(context, class).map(|kind| (class, kind))) else {
        return vec!["`auto()` outside an enum body is only an `auto` object; an enum class turns it into a value when it is created.".to_owned()];
    };
    let mut notes = vec![auto_sentence(kind)];
    let members = member_values(context, class, kind);
    if let Some((name, _, computed)) = members.iter().find(|(_, value, _)| value.id() == call.id()) {
        match computed {
            Some(computed) => notes.push(format!("Here `{}` gets {}.", context.text_of(*name), shown(computed))),
            None => notes.push(format!("The value `{}` gets depends on the members before it.", context.text_of(*name))),
        }
    }
    notes
}

fn unique_notes(context: &Context, decorator: Node) -> Vec<String> {
    let mut notes =
        vec!["`@unique` checks the class once it is created and raises `ValueError` when two members share a value (an alias).".to_owned()];
    let class = decorator.parent().and_then(|parent| parent.child_by_field_name("definition")).filter(|node| node.kind() == "class_definition");
    if let Some(class) = class {
        let kind = enum_kind(context, class).unwrap_or(EnumKind::Enum);
        let members = member_values(context, class, kind);
        let aliases = aliases(context, &members);
        match aliases.first() {
            Some((alias, canonical)) => notes.push(format!("Here `{alias}` repeats the value of `{canonical}`, so the class statement raises `ValueError`.")),
            None if members.iter().all(|(_, _, value)| value.is_some()) => {
                notes.push(format!("The {} members here have distinct values.", members.len()))
            }
            None => {}
        }
    }
    notes
}

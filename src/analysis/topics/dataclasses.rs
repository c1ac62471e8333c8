//! Data classes: the `@dataclass` decorator, `field(...)` calls and `__post_init__`, with the
//! fields, the generated methods and the hashing of this class.

use tree_sitter::Node;

use crate::analysis::semantics::classes::{
    annotated_names, class_name, dataclass_decorator, dataclass_of, local_ancestors, Dataclass, FieldKind, Flag,
};
use crate::analysis::syntax::{self, class_of_method, code_list, last_name, snippet, text_of};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "dataclasses";
const FIELD: &str = "dataclasses.field";

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for decorator in context.nodes("decorator") {
        if let Some(dataclass) = dataclass_decorator(context, *decorator) {
            out.push(context.occurrence(TOPIC, dataclass.name, decorator_notes(context, dataclass)));
        }
    }
    for call in context.nodes("call") {
        if let Some(name) = field_call_name(context, *call) {
            out.push(context.occurrence(TOPIC, name, field_notes(context, *call)));
        }
    }
    for function in context.nodes("function_definition") {
        if let Some(name) = post_init_name(context, *function) {
            out.push(context.occurrence(TOPIC, name, post_init_notes(context, *function)));
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    if let Some(decorator) = syntax::ancestor(anchor, &["decorator"]) {
        if let Some(dataclass) = dataclass_decorator(context, decorator).filter(|found| found.name.id() == anchor.id()) {
            return decorator_notes(context, dataclass);
        }
    }
    if let Some(function) = anchor.parent().filter(|parent| parent.kind() == "function_definition") {
        if post_init_name(context, function).is_some_and(|name| name.id() == anchor.id()) {
            return post_init_notes(context, function);
        }
    }
    let call = syntax::ancestor(anchor, &["call"]);
    match call.filter(|call| field_call_name(context, *call).is_some_and(|name| name.id() == anchor.id())) {
        Some(call) => field_notes(context, call),
        None => Vec::new(),
    }
}

/// The name token of a `dataclasses.field(...)` call.
fn field_call_name<'tree>(context: &Context<'tree>, call: Node<'tree>) -> Option<Node<'tree>> {
    let callee = call.child_by_field_name("function")?;
    (context.resolve(callee).as_deref() == Some(FIELD)).then(|| last_name(callee)).flatten()
}

/// The name of a `__post_init__` def directly in the body of a dataclass.
fn post_init_name<'tree>(context: &Context<'tree>, function: Node<'tree>) -> Option<Node<'tree>> {
    let name = function.child_by_field_name("name")?;
    if text_of(context.text, name) != "__post_init__" {
        return None;
    }
    let class = class_of_method(function)?;
    dataclass_of(context, class).map(|_| name)
}

fn decorator_notes(context: &Context, dataclass: Dataclass) -> Vec<String> {
    let Some(class) = dataclass.decorator.parent().and_then(|parent| parent.child_by_field_name("definition")) else {
        return Vec::new();
    };
    if class.kind() != "class_definition" {
        return vec!["`@dataclass` decorates classes; on a function it fails when the decorator runs.".to_owned()];
    }
    let name = class_name(context, class);
    let flag = |option: &str| dataclass.flag(context.text, option);
    let mut notes = Vec::new();
    notes.extend(field_lines(context, class, flag("kw_only") == Flag::Set(true)));
    notes.push(generated(name, &flag));
    notes.push(hashing(context, class, &flag));
    notes
}

/// The fields in order with their defaults, then the pseudo-fields apart, as one note.
fn field_lines(context: &Context, class: Node, all_keyword_only: bool) -> Vec<String> {
    let mut fields = Vec::new();
    let mut class_vars = Vec::new();
    let mut init_vars = Vec::new();
    let mut keyword_only = false;
    let mut keyword_only_names = Vec::new();
    for annotated in annotated_names(context, class) {
        let name = text_of(context.text, annotated.name);
        let shown = match annotated.value {
            Some(value) => format!("{name} = {}", snippet(context.text, value, 30)),
            None => name.to_owned(),
        };
        match annotated.kind {
            FieldKind::Field => {
                if keyword_only {
                    keyword_only_names.push(name.to_owned());
                }
                fields.push(shown);
            }
            FieldKind::ClassVar => class_vars.push(name.to_owned()),
            FieldKind::InitVar => init_vars.push(name.to_owned()),
            FieldKind::KwOnly => keyword_only = true,
        }
    }
    let inherited: Vec<String> = local_ancestors(context, class)
        .into_iter()
        .filter(|base| dataclass_of(context, *base).is_some())
        .map(|base| format!("`{}`", class_name(context, base)))
        .collect();
    let from_bases = if inherited.is_empty() { String::new() } else { format!(" after those of {}", inherited.join(", ")) };
    let mut line = if fields.is_empty() {
        format!("No fields of its own{from_bases}: only annotated names become fields")
    } else {
        format!("Fields in `__init__` order{from_bases}: {}", code_list(&fields, 100))
    };
    if !keyword_only_names.is_empty() && !all_keyword_only {
        line.push_str(&format!("; keyword-only after `KW_ONLY` (3.10): {}", code_list(&keyword_only_names, 40)));
    }
    if !class_vars.is_empty() {
        line.push_str(&format!("; `ClassVar`, not a field: {}", code_list(&class_vars, 40)));
    }
    if !init_vars.is_empty() {
        line.push_str(&format!("; `InitVar`, passed to `__post_init__` and not stored: {}", code_list(&init_vars, 40)));
    }
    line.push('.');
    vec![line]
}

/// The methods and attributes the decorator's arguments generate.
fn generated(name: &str, flag: &dyn Fn(&str) -> Flag) -> String {
    let mut made: Vec<&str> = Vec::new();
    let mut unknown: Vec<&str> = Vec::new();
    let mut check = |option: &'static str, default: bool, items: &[&'static str]| match flag(option).or(default) {
        Some(true) => made.extend_from_slice(items),
        Some(false) => {}
        None => unknown.push(option),
    };
    check("init", true, &["`__init__`"]);
    check("repr", true, &["`__repr__`"]);
    check("eq", true, &["`__eq__`"]);
    check("order", false, &["`__lt__` to `__ge__`"]);
    check("frozen", false, &["a `__setattr__` that raises `FrozenInstanceError`"]);
    check("match_args", true, &["`__match_args__` (3.10)"]);
    check("slots", false, &["`__slots__` on a new class (3.10)"]);
    check("weakref_slot", false, &["a `__weakref__` slot (3.11)"]);
    let mut line = format!("`{name}` gets {}", made.join(", "));
    if made.is_empty() {
        line = format!("`{name}` gets no generated methods");
    }
    if flag("kw_only") == Flag::Set(true) {
        line.push_str("; every field is a keyword-only parameter of `__init__` (3.10)");
    }
    line.push('.');
    if !unknown.is_empty() {
        line.push_str(&format!(
            " The values of {} are not literals, so what they add is not known here.",
            unknown.iter().map(|option| format!("`{option}`")).collect::<Vec<_>>().join(", ")
        ));
    }
    line
}

/// Whether instances are hashable, by the decorator's rules for `__hash__`.
fn hashing(context: &Context, class: Node, flag: &dyn Fn(&str) -> Flag) -> String {
    let own_hash = syntax::methods(class, context.text).iter().any(|(name, _)| name == "__hash__")
        || crate::analysis::semantics::classes::body_names(context, class).iter().any(|name| name == "__hash__");
    let (Some(eq), Some(frozen), Some(unsafe_hash)) = (flag("eq").or(true), flag("frozen").or(false), flag("unsafe_hash").or(false)) else {
        return "Whether instances are hashable depends on `eq`, `frozen` and `unsafe_hash`, whose values are not literals here.".to_owned();
    };
    match (unsafe_hash, eq, frozen, own_hash) {
        (true, _, _, true) => "`unsafe_hash=True` with a `__hash__` of its own raises `TypeError` when the class is created.".to_owned(),
        (true, _, false, _) => {
            "Instances are hashable (`unsafe_hash=True` generates `__hash__` from the fields), though they are mutable: changing a field changes the hash of an object already in a set or dict.".to_owned()
        }
        (true, _, true, _) => "Instances are hashable: `__hash__` is generated from the fields.".to_owned(),
        (false, true, _, true) => "Its own `__hash__` is kept.".to_owned(),
        (false, true, true, false) => {
            "Instances are hashable: with `eq` and `frozen` both true, `__hash__` is generated from the fields.".to_owned()
        }
        (false, true, false, false) => {
            "Instances are unhashable: with `eq=True` and without `frozen=True`, the decorator sets `__hash__` to `None`, so they cannot go in a set or be dict keys.".to_owned()
        }
        (false, false, _, _) => {
            let body = crate::analysis::semantics::classes::body_names;
            let base = local_ancestors(context, class).into_iter().find(|base| {
                dataclass_of(context, *base).is_some() || body(context, *base).iter().any(|name| name == "__eq__" || name == "__hash__")
            });
            match base {
                Some(base) => format!("With `eq=False`, `__eq__` and `__hash__` are inherited unchanged, here from `{}`.", class_name(context, base)),
                None => "With `eq=False`, `__eq__` and `__hash__` are inherited unchanged: identity, as for `object`, unless a base from elsewhere defines them.".to_owned(),
            }
        }
    }
}

fn field_notes(context: &Context, call: Node) -> Vec<String> {
    let mut notes = Vec::new();
    let assignment = call.parent().filter(|parent| {
        parent.kind() == "assignment" && parent.child_by_field_name("right").is_some_and(|right| right.id() == call.id())
    });
    let class = assignment.and_then(syntax::enclosing_scope).filter(|scope| scope.kind() == "class_definition");
    let owner = class.filter(|class| dataclass_of(context, *class).is_some());
    let keyword = |name: &str| syntax::keyword_argument(context.text, call, name);
    let shown = |node: Node| snippet(context.text, node, 30);
    let default = keyword("default");
    let factory = keyword("default_factory");
    let value = match (default, factory) {
        (Some(_), Some(_)) => "`default` and `default_factory` together raise `ValueError` when the class is created".to_owned(),
        (None, Some(factory)) => format!(
            "`default_factory={}`: `__init__` calls it for each instance that does not pass this field, so no two instances share the value",
            shown(factory)
        ),
        (Some(default), None) => {
            format!("`default={}` is the value when the argument is left out, one object shared by every instance", shown(default))
        }
        (None, None) => "with no default it is a required parameter of `__init__`".to_owned(),
    };
    match (assignment.and_then(|assignment| assignment.child_by_field_name("left")), owner) {
        (Some(target), Some(class)) => {
            notes.push(format!("Declares the field `{}` of `{}`; {value}.", text_of(context.text, target), class_name(context, class)))
        }
        _ => {
            notes.push("`field()` only means something as the default of an annotated name in a `@dataclass` body; elsewhere it is a plain `Field` object.".to_owned());
            notes.push(format!("{}{}.", value[..1].to_uppercase(), &value[1..]));
        }
    }
    let falsy = |name: &str| keyword(name).is_some_and(|value| value.kind() == "false");
    let mut options = Vec::new();
    if falsy("init") {
        options.push("`init=False`: not a parameter of `__init__`; it takes its default or is set in `__post_init__`".to_owned());
    }
    if falsy("repr") {
        options.push("`repr=False`: left out of `__repr__`".to_owned());
    }
    if falsy("compare") {
        options.push("`compare=False`: ignored by `__eq__`, the ordering methods and a generated `__hash__`".to_owned());
    }
    if let Some(hash) = keyword("hash") {
        options.push(format!("`hash={}`: overrides `compare` for the generated `__hash__`", shown(hash)));
    }
    if keyword("kw_only").is_some_and(|value| value.kind() == "true") {
        options.push("`kw_only=True` (3.10): a keyword-only parameter of `__init__`".to_owned());
    }
    if keyword("metadata").is_some() {
        options.push("`metadata`: a read-only mapping for other tools, ignored by `dataclasses`".to_owned());
    }
    if !options.is_empty() {
        notes.push(format!("{}.", options.join("; ")));
    }
    notes
}

fn post_init_notes(context: &Context, function: Node) -> Vec<String> {
    let Some(class) = class_of_method(function) else { return Vec::new() };
    let Some(dataclass) = dataclass_of(context, class) else { return Vec::new() };
    let name = class_name(context, class);
    let mut notes = Vec::new();
    if dataclass.flag(context.text, "init") == Flag::Set(false) {
        notes.push(format!("With `init=False` no `__init__` is generated for `{name}`, so nothing calls this method."));
    } else {
        notes.push(format!("Runs at the end of the `__init__` generated for `{name}`, after every field is set."));
    }
    let init_vars: Vec<String> = annotated_names(context, class)
        .into_iter()
        .filter(|annotated| annotated.kind == FieldKind::InitVar)
        .map(|annotated| text_of(context.text, annotated.name).to_owned())
        .collect();
    if init_vars.is_empty() {
        notes.push(format!("`{name}` has no `InitVar` pseudo-fields, so it receives only the instance."));
    } else {
        notes.push(format!("It receives the `InitVar` pseudo-fields in order: {}.", code_list(&init_vars, 80)));
    }
    if dataclass.flag(context.text, "frozen") == Flag::Set(true) {
        notes.push("The class is frozen: assign a derived field here with `object.__setattr__(self, \"name\", value)`.".to_owned());
    }
    notes
}

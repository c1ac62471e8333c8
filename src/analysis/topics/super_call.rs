//! `super`: every `super(...)` call, with its form, the C3 MRO of the classes defined in this file
//! and the class whose method the call reaches.

use tree_sitter::Node;

use crate::analysis::semantics::classes::{class_name, Hierarchy, Link, Mro};
use crate::analysis::syntax::{self, snippet};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "super";
pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    let hierarchy = Hierarchy::new(context);
    for call in context.nodes("call") {
        let Some(function) = super_token(context, *call) else { continue };
        out.push(context.occurrence(TOPIC, function, call_notes(&hierarchy, *call)));
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(call) = anchor.parent().filter(|parent| parent.kind() == "call") else { return Vec::new() };
    if super_token(context, call).is_none_or(|token| token.id() != anchor.id()) {
        return Vec::new();
    }
    call_notes(&Hierarchy::new(context), call)
}

/// The `super` identifier of a call to the builtin `super` (not `self.super(...)`, not a local `super`).
fn super_token<'tree>(context: &Context<'tree>, call: Node<'tree>) -> Option<Node<'tree>> {
    let function = call.child_by_field_name("function")?;
    if function.kind() != "identifier" || context.text_of(function) != "super" {
        return None;
    }
    (context.resolve(function).as_deref() == Some("builtins.super")).then_some(function)
}

// ---------------------------------------------------------------------------------------------
// Notes for one `super(...)` call.

fn call_notes<'tree>(hierarchy: &Hierarchy<'_, 'tree>, call: Node<'tree>) -> Vec<String> {
    let context = hierarchy.context;
    let arguments = call.child_by_field_name("arguments");
    let argument_count = arguments.map_or(0, |arguments| {
        let mut cursor = arguments.walk();
        let count = arguments.named_children(&mut cursor).filter(|argument| argument.kind() != "comment").count();
        count
    });
    // `super().name` names the attribute looked up along the MRO.
    let attribute = call
        .parent()
        .filter(|parent| {
            parent.kind() == "attribute" && parent.child_by_field_name("object").is_some_and(|object| object.id() == call.id())
        })
        .and_then(|parent| parent.child_by_field_name("attribute"))
        .map(|name| context.text_of(name).to_owned());
    match argument_count {
        0 => zero_argument_notes(hierarchy, call, attribute.as_deref()),
        _ if arguments.is_some_and(|arguments| arguments.kind() != "argument_list") => Vec::new(),
        1 => vec![format!(
            "One-argument `super({})` returns an unbound super object; it is rarely what is wanted: use `super()` or `super(Cls, obj)`.",
            snippet(context.text, call.child_by_field_name("arguments").and_then(|a| a.named_child(0)).unwrap_or(call), 30)
        )],
        2 => explicit_notes(hierarchy, call, attribute.as_deref()),
        _ => vec!["`super()` takes at most two arguments: this call raises `TypeError`.".to_owned()],
    }
}

fn zero_argument_notes<'tree>(hierarchy: &Hierarchy<'_, 'tree>, call: Node<'tree>, attribute: Option<&str>) -> Vec<String> {
    let context = hierarchy.context;
    // Walk out to the class whose `__class__` cell the call would use.
    let mut innermost_function = None;
    let mut generator_expression = false;
    let mut comprehension = false;
    let mut method = None;
    let mut class = None;
    let mut scope = syntax::enclosing_scope(call);
    while let Some(current) = scope {
        match current.kind() {
            "generator_expression" => generator_expression |= innermost_function.is_none(),
            "list_comprehension" | "set_comprehension" | "dictionary_comprehension" => comprehension |= innermost_function.is_none(),
            "function_definition" | "lambda" => {
                innermost_function.get_or_insert(current);
                // A def, or a lambda, directly in a class body is a method of that class.
                let owner = match current.kind() {
                    "function_definition" => syntax::class_of_method(current),
                    _ => syntax::enclosing_scope(current).filter(|scope| scope.kind() == "class_definition"),
                };
                if let Some(owner) = owner {
                    method = Some(current);
                    class = Some(owner);
                    break;
                }
            }
            "class_definition" => {
                class = Some(current);
                break;
            }
            _ => {}
        }
        scope = syntax::enclosing_scope(current);
    }
    let Some(function) = innermost_function else {
        return vec!["Zero-argument `super()` outside a function raises `RuntimeError: super(): no arguments`.".to_owned()];
    };
    let Some(class) = class else {
        return vec![format!(
            "`{}` is not defined in a class body, so zero-argument `super()` raises `RuntimeError: super(): __class__ cell not found`.",
            function_name(context, function)
        )];
    };
    let class_text = class_name(context, class);
    let mut notes = Vec::new();
    let first = syntax::first_parameter(function).map(|parameter| context.text_of(parameter).to_owned());
    let is_static =
        method.is_some_and(|method| is_staticmethod(context, method)) && method.is_some_and(|method| method.id() == function.id());
    if method.is_none_or(|method| method.id() != function.id()) {
        let inner = function_name(context, function);
        notes.push(match first {
            Some(first) => format!("Inside the nested `{inner}`, zero-argument `super()` uses `{inner}`'s first argument `{first}` instead of the method's; write `super({class_text}, self)` there."),
            None => format!("Inside the nested `{inner}`, which has no positional parameter, zero-argument `super()` raises `RuntimeError: super(): no arguments`."),
        });
        return notes;
    }
    if is_static {
        notes.push("A `@staticmethod` gets no instance or class, so zero-argument `super()` fails here; use `super(Cls, obj)`.".to_owned());
        return notes;
    }
    let Some(first) = first else {
        notes.push(format!(
            "`{}` has no positional parameter, so zero-argument `super()` raises `RuntimeError: super(): no arguments`.",
            function_name(context, function)
        ));
        return notes;
    };
    if generator_expression {
        notes.push("Inside a generator expression, zero-argument `super()` gets the wrong first argument and fails; call it outside the expression.".to_owned());
        return notes;
    }
    let mut form = format!(
        "Zero-argument form: Python supplies the enclosing class `{class_text}` (the `__class__` cell) and the first argument `{first}`."
    );
    if comprehension {
        form.push_str(" Inside a comprehension this works only on Python 3.12+ (PEP 709).");
    }
    notes.push(form);
    let called = attribute.map(|name| format!("super().{name}"));
    let phrase = subject_phrase(context, method, &first);
    notes.extend(reach_notes(hierarchy, class, class, attribute, called.as_deref(), &phrase));
    notes
}

fn explicit_notes<'tree>(hierarchy: &Hierarchy<'_, 'tree>, call: Node<'tree>, attribute: Option<&str>) -> Vec<String> {
    let context = hierarchy.context;
    let positional = syntax::positional_arguments(call);
    let (Some(first), Some(second)) = (positional.first().copied(), positional.get(1).copied()) else {
        return vec!["Explicit form `super(type, obj)`: the search starts after `type` in the MRO of `type(obj)`.".to_owned()];
    };
    let first_text = snippet(context.text, first, 30);
    let second_text = snippet(context.text, second, 30);
    let dynamic = (first.kind() == "call"
        && first.child_by_field_name("function").is_some_and(|function| context.text_of(function) == "type"))
        || (first.kind() == "attribute" && first.child_by_field_name("attribute").is_some_and(|name| context.text_of(name) == "__class__"));
    if dynamic {
        return vec![format!(
            "`super({first_text}, {second_text})` starts after the class of the instance, so from a subclass it finds this same method again and recurses forever; name the class or use `super()`."
        )];
    }
    let method = syntax::enclosing_function(call).filter(|function| function.kind() == "function_definition");
    let subject_is_self = method
        .and_then(syntax::first_parameter)
        .is_some_and(|parameter| second.kind() == "identifier" && context.text_of(parameter) == context.text_of(second));
    let phrase = subject_phrase(context, method.filter(|_| subject_is_self), &second_text);
    let mut notes = vec![format!("Explicit form: the search starts after `{first_text}` in the MRO of {phrase}.")];
    let named = (first.kind() == "identifier" && context.resolve(first).is_none()).then(|| hierarchy.local_class(first, call)).flatten();
    let Some(named) = named else {
        notes.push(format!(
            "`{first_text}` is not a class defined in this file, so its MRO and the class the call reaches are unknown here."
        ));
        return notes;
    };
    // Inside a method of class `E` with `obj` its first parameter, `type(obj)` is at least `E`.
    let enclosing = method.and_then(syntax::class_of_method);
    let mut subject = named;
    if let (Some(enclosing), true) = (enclosing, subject_is_self) {
        if enclosing.id() == named.id() {
            notes[0].push_str(" Here it is the same as `super()`, which Python 3 allows.");
        } else if let Mro::Known(links) = hierarchy.mro(enclosing) {
            if links.contains(&Link::Local(named)) {
                subject = enclosing;
                notes[0].push_str(&format!(
                    " Naming `{first_text}` instead of `{}` skips the classes up to and including `{first_text}`.",
                    class_name(context, enclosing)
                ));
            }
        }
    }
    let called = attribute.map(|name| format!("super({first_text}, {second_text}).{name}"));
    notes.extend(reach_notes(hierarchy, named, subject, attribute, called.as_deref(), &phrase));
    notes
}

/// The MRO line and the "which class is reached" lines: `start` is the class the search starts
/// after, `subject` the class whose MRO is searched.
/// `phrase` names the searched class ("`type(self)`", "`cls`").
fn reach_notes<'tree>(
    hierarchy: &Hierarchy<'_, 'tree>,
    start: Node<'tree>,
    subject: Node<'tree>,
    attribute: Option<&str>,
    called: Option<&str>,
    phrase: &str,
) -> Vec<String> {
    let context = hierarchy.context;
    let subject_name = class_name(context, subject);
    let links = match hierarchy.mro(subject) {
        Mro::Known(links) => links,
        Mro::Unknown(base) => {
            return vec![format!(
                "`{base}` comes from elsewhere, so the MRO of `{subject_name}` and the class the call reaches are unknown here."
            )];
        }
        Mro::Conflict(at) => {
            return vec![format!(
                "C3 cannot order the bases of `{}`: its class statement raises `TypeError: Cannot create a consistent method resolution order (MRO)`.",
                class_name(context, at)
            )];
        }
    };
    let mut notes = Vec::new();
    let reached = attribute.map(|name| reach(hierarchy, &links, start, name));
    notes.push(match (&reached, called) {
        (Some(reached), Some(called)) => {
            format!("MRO of `{subject_name}`: {}; there `{called}` {}.", hierarchy.render(&links), describe_reach(reached))
        }
        _ => format!("MRO of `{subject_name}`: {}.", hierarchy.render(&links)),
    });
    let Some(attribute) = attribute else {
        notes.push(format!("From a subclass, the MRO of {phrase} decides which classes follow `{}`.", class_name(context, start)));
        return notes;
    };
    let reached = reached.unwrap_or(Reach::Missing);
    let subclasses = hierarchy.subclasses(subject);
    let differing: Vec<(Node, Vec<Link>, Reach)> = subclasses
        .iter()
        .map(|(class, links)| (*class, links.clone(), reach(hierarchy, links, start, attribute)))
        .filter(|(_, _, other)| *other != reached)
        .collect();
    match differing.first() {
        Some((class, links, other)) => {
            let mut line = format!(
                "From a subclass the MRO of {phrase} decides: for `{}` (MRO {}) the call {}.",
                class_name(context, *class),
                hierarchy.render(links),
                describe_reach(other)
            );
            if differing.len() > 1 {
                line.push_str(&format!(" {} more subclasses here change it too.", differing.len() - 1));
            }
            notes.push(line);
        }
        None if !subclasses.is_empty() => {
            let names: Vec<String> = subclasses.iter().take(3).map(|(class, _)| format!("`{}`", class_name(context, *class))).collect();
            notes.push(format!(
                "Its subclasses here ({}) reach the same class; from others, the MRO of {phrase} decides.",
                names.join(", ")
            ));
        }
        None => notes.push(format!("From a subclass the MRO of {phrase} decides, so the class reached can change.")),
    }
    notes
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Reach {
    /// `Class.attribute`, rendered.
    Found(String),
    Missing,
}

/// The first class after `start` in `links` whose namespace defines `attribute`.
fn reach<'tree>(hierarchy: &Hierarchy<'_, 'tree>, links: &[Link<'tree>], start: Node<'tree>, attribute: &str) -> Reach {
    let Some(position) = links.iter().position(|link| *link == Link::Local(start)) else { return Reach::Missing };
    links[position + 1..]
        .iter()
        .find(|link| hierarchy.defines(**link, attribute))
        .map_or(Reach::Missing, |link| Reach::Found(format!("{}.{attribute}", hierarchy.name(*link))))
}

fn describe_reach(reach: &Reach) -> String {
    match reach {
        Reach::Found(target) => format!("reaches `{target}`"),
        Reach::Missing => "finds no later class defining it (`AttributeError`)".to_owned(),
    }
}

fn function_name<'tree>(context: &Context<'tree>, function: Node) -> &'tree str {
    if function.kind() == "lambda" {
        return "lambda";
    }
    function.child_by_field_name("name").map(|name| context.text_of(name)).unwrap_or("?")
}

fn is_staticmethod(context: &Context, function: Node) -> bool {
    syntax::decorators(function).into_iter().any(|decorator| {
        decorator.named_child(0).is_some_and(|expression| context.resolve(expression).as_deref() == Some("builtins.staticmethod"))
    })
}

/// How the notes name the class whose MRO is searched: `type(self)`, or `cls` in a classmethod.
fn subject_phrase(context: &Context, method: Option<Node>, argument: &str) -> String {
    let takes_class = method.is_some_and(|method| {
        let name = function_name(context, method);
        matches!(name, "__new__" | "__init_subclass__" | "__class_getitem__")
            || syntax::decorators(method).into_iter().any(|decorator| {
                decorator.named_child(0).is_some_and(|expression| context.resolve(expression).as_deref() == Some("builtins.classmethod"))
            })
    });
    if takes_class {
        format!("`{argument}`")
    } else {
        format!("`type({argument})`")
    }
}

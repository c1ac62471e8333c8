//! Descriptors: `__get__`/`__set__`/`__delete__`/`__set_name__` defs in a class body and the builtin
//! `property` decorator, with data vs non-data and what that means for the instance `__dict__`.

use tree_sitter::Node;

use crate::analysis::semantics::classes::{class_name, Hierarchy, Mro};
use crate::analysis::syntax::{self, last_name, methods};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "descriptors";
const DUNDERS: &[&str] = &["__get__", "__set__", "__delete__", "__set_name__"];

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    let hierarchy = Hierarchy::new(context);
    for class in context.nodes("class_definition") {
        for (name, function) in methods(*class, context.text) {
            if !DUNDERS.contains(&name.as_str()) {
                continue;
            }
            if let Some(anchor) = function.child_by_field_name("name") {
                out.push(context.occurrence(TOPIC, anchor, dunder_notes(&hierarchy, *class, &name)));
            }
        }
    }
    for decorator in context.nodes("decorator") {
        if let Some(anchor) = property_anchor(context, *decorator) {
            out.push(context.occurrence(TOPIC, anchor, property_notes(context, *decorator)));
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(parent) = anchor.parent() else { return Vec::new() };
    if parent.kind() == "function_definition" {
        let name = context.text_of(anchor);
        if let (true, Some(class)) = (DUNDERS.contains(&name), syntax::class_of_method(parent)) {
            return dunder_notes(&Hierarchy::new(context), class, name);
        }
        return Vec::new();
    }
    let decorator = syntax::ancestor(anchor, &["decorator"]);
    match decorator {
        Some(decorator) if property_anchor(context, decorator).is_some_and(|found| found.id() == anchor.id()) => {
            property_notes(context, decorator)
        }
        _ => Vec::new(),
    }
}

/// The `property` token of `@property` (or `@builtins.property`) when it is the builtin.
fn property_anchor<'tree>(context: &Context<'tree>, decorator: Node<'tree>) -> Option<Node<'tree>> {
    let expression = decorator.named_child(0)?;
    if !matches!(expression.kind(), "identifier" | "attribute") {
        return None;
    }
    (context.resolve(expression).as_deref() == Some("builtins.property")).then(|| last_name(expression)).flatten()
}

fn dunder_notes<'tree>(hierarchy: &Hierarchy<'_, 'tree>, class: Node<'tree>, method: &str) -> Vec<String> {
    let context = hierarchy.context;
    let name = class_name(context, class);
    // The descriptor dunders of the class and of its ancestors defined here.
    let (defined, complete) = match hierarchy.mro(class) {
        Mro::Known(links) => {
            let found: Vec<&str> = DUNDERS
                .iter()
                .copied()
                .filter(|dunder| links.iter().any(|link| hierarchy.defines(*link, dunder)))
                .collect();
            (found, true)
        }
        _ => {
            let own: Vec<String> = methods(class, context.text).into_iter().map(|(name, _)| name).collect();
            (DUNDERS.iter().copied().filter(|dunder| own.iter().any(|name| name == dunder)).collect(), false)
        }
    };
    let has = |dunder: &str| defined.contains(&dunder);
    let mut notes = Vec::new();
    let caveat = if complete { "" } else { " (a base from elsewhere may add more)" };
    if has("__set__") || has("__delete__") {
        let which: Vec<String> =
            ["__set__", "__delete__"].iter().filter(|dunder| has(dunder)).map(|dunder| format!("`{dunder}`")).collect();
        notes.push(format!(
            "`{name}` is a data descriptor (it defines {}){caveat}: as a class attribute it takes precedence over the instance `__dict__`.",
            which.join(" and ")
        ));
        if !has("__get__") {
            notes.push(
                "Without `__get__`, reads find the instance `__dict__` entry, or the descriptor itself when there is none.".to_owned(),
            );
        }
    } else if has("__get__") {
        notes.push(format!(
            "`{name}` is a non-data descriptor (only `__get__`){caveat}: an entry of the same name in the instance `__dict__` wins over it."
        ));
    } else {
        notes.push(format!(
            "`{name}` defines `__set_name__` but none of `__get__`, `__set__`, `__delete__`{caveat}, so it is not a descriptor; the hook still runs for its instances in class bodies."
        ));
    }
    notes.push(
        match method {
            "__get__" => "`__get__(obj, objtype)` runs on `owner_instance.attr` and on `Owner.attr`, where `obj` is `None`.",
            "__set__" => "`__set__(obj, value)` runs on `owner_instance.attr = value` instead of a write to the instance `__dict__`.",
            "__delete__" => "`__delete__(obj)` runs on `del owner_instance.attr`.",
            _ => "`__set_name__(owner, name)` runs once per class attribute when the owning class is created (3.6+, PEP 487), not for attributes added later.",
        }
        .to_owned(),
    );
    let uses = class_attribute_uses(context, class);
    if !uses.is_empty() {
        notes.push(format!("Used as a class attribute here: {}.", uses.join(", ")));
    }
    notes.truncate(3);
    notes
}

/// `Owner.attr` for each `attr = Name(...)` directly in a class body, where `Name` is `class`.
fn class_attribute_uses(context: &Context, class: Node) -> Vec<String> {
    let name = class_name(context, class);
    let mut uses = Vec::new();
    for assignment in &context.file_nodes("assignment") {
        let (Some(left), Some(right)) = (assignment.child_by_field_name("left"), assignment.child_by_field_name("right")) else { continue };
        if left.kind() != "identifier" || right.kind() != "call" {
            continue;
        }
        let Some(callee) = right.child_by_field_name("function") else { continue };
        if callee.kind() != "identifier" || context.text_of(callee) != name || context.resolve(callee).is_some() {
            continue;
        }
        let owner = assignment
            .parent()
            .filter(|parent| parent.kind() == "expression_statement")
            .and_then(|statement| statement.parent())
            .filter(|block| block.kind() == "block")
            .and_then(|block| block.parent())
            .filter(|owner| owner.kind() == "class_definition");
        if let Some(owner) = owner {
            uses.push(format!("`{}.{}`", class_name(context, owner), context.text_of(left)));
        }
        if uses.len() == 3 {
            break;
        }
    }
    uses
}

fn property_notes(context: &Context, decorator: Node) -> Vec<String> {
    let Some(function) = decorator.parent().and_then(|parent| parent.child_by_field_name("definition")) else { return Vec::new() };
    let Some(name) = function.child_by_field_name("name").map(|name| context.text_of(name)) else { return Vec::new() };
    let Some(class) = (function.kind() == "function_definition").then(|| syntax::class_of_method(function)).flatten() else {
        return vec![
            "Outside a class body, `property` builds a property object that acts only once stored as a class attribute.".to_owned()
        ];
    };
    let owner = class_name(context, class);
    let accessor = |kind: &str| {
        methods(class, context.text).into_iter().any(|(_, method)| {
            syntax::decorators(method).into_iter().any(|decorator| {
                decorator.named_child(0).is_some_and(|expression| {
                    expression.kind() == "attribute"
                        && expression.child_by_field_name("object").is_some_and(|object| context.text_of(object) == name)
                        && expression.child_by_field_name("attribute").is_some_and(|attribute| context.text_of(attribute) == kind)
                })
            })
        })
    };
    let mut notes = vec![format!(
        "`property` makes `{name}` a data descriptor on `{owner}`: it takes precedence over a `{name}` entry in the instance `__dict__`, setter or not."
    )];
    if accessor("setter") {
        notes.push(format!("The `@{name}.setter` here runs on `obj.{name} = value`."));
    } else {
        notes.push(format!("No `@{name}.setter` here: `obj.{name} = value` raises `AttributeError` (\"has no setter\" since 3.11)."));
    }
    notes.push(format!("`{owner}.{name}` on the class returns the `property` object itself."));
    notes
}

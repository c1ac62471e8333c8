//! Abstract base classes: classes with base `ABC` or `metaclass=ABCMeta` (the class name and that
//! `ABCMeta`), and `@abstractmethod`,
//! with the abstract methods by name and what the subclasses in this file still lack.

use tree_sitter::Node;

use crate::analysis::semantics::classes::{
    class_name, is_abstract_definition, lacks_abc_metaclass, own_abstract_methods, Hierarchy, Link, Mro,
};
use crate::analysis::syntax::{self, last_name, methods};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "abstract-base-classes";
/// Names listed in a note before it is cut short.
const SHOWN: usize = 6;

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    let hierarchy = Hierarchy::new(context);
    for class in context.nodes("class_definition") {
        if is_abc_class(context, *class) {
            let notes = class_notes(&hierarchy, *class);
            // The `ABCMeta` of `metaclass=ABCMeta` is where readers of the header hover too.
            let metaclass = syntax::metaclass_keyword(*class, context.text)
                .and_then(|keyword| keyword.child_by_field_name("value"))
                .filter(|value| context.resolve(*value).as_deref() == Some("abc.ABCMeta"))
                .and_then(last_name);
            if let Some(token) = metaclass {
                out.push(context.occurrence(TOPIC, token, notes.clone()));
            }
            if let Some(name) = class.child_by_field_name("name") {
                out.push(context.occurrence(TOPIC, name, notes));
            }
        }
    }
    for decorator in context.nodes("decorator") {
        if let Some(anchor) = abstractmethod_anchor(context, *decorator) {
            out.push(context.occurrence(TOPIC, anchor, decorator_notes(&hierarchy, *decorator)));
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let hierarchy = Hierarchy::new(context);
    match anchor.parent() {
        Some(class) if class.kind() == "class_definition" && is_abc_class(context, class) => class_notes(&hierarchy, class),
        _ => match syntax::ancestor(anchor, &["decorator"]) {
            Some(decorator) if abstractmethod_anchor(context, decorator).is_some_and(|found| found.id() == anchor.id()) => {
                decorator_notes(&hierarchy, decorator)
            }
            _ => Vec::new(),
        },
    }
}

/// A class with a base `abc.ABC` or `metaclass=abc.ABCMeta`, aliases resolved.
fn is_abc_class(context: &Context, class: Node) -> bool {
    let base = syntax::bases(class).into_iter().any(|base| context.resolve(base).as_deref() == Some("abc.ABC"));
    let metaclass = syntax::metaclass_keyword(class, context.text)
        .and_then(|keyword| keyword.child_by_field_name("value"))
        .is_some_and(|value| context.resolve(value).as_deref() == Some("abc.ABCMeta"));
    base || metaclass
}

/// The `abstractmethod` token of `@abstractmethod` / `@abc.abstractmethod`.
fn abstractmethod_anchor<'tree>(context: &Context<'tree>, decorator: Node<'tree>) -> Option<Node<'tree>> {
    let expression = decorator.named_child(0)?;
    if !matches!(expression.kind(), "identifier" | "attribute") {
        return None;
    }
    (context.resolve(expression).as_deref() == Some("abc.abstractmethod")).then(|| last_name(expression)).flatten()
}

/// The abstract method names a class statement declares itself.
fn own_abstract(context: &Context, class: Node) -> Vec<String> {
    own_abstract_methods(context, class)
}

/// The names still abstract on `class`, as `ABCMeta` computes them: for every abstract name along
/// the MRO, the first class defining it has an abstract definition. `None` when the MRO is unknown.
fn abstract_set<'tree>(hierarchy: &Hierarchy<'_, 'tree>, class: Node<'tree>) -> Option<Vec<String>> {
    let Mro::Known(links) = hierarchy.mro(class) else { return None };
    let mut candidates: Vec<String> = Vec::new();
    for link in &links {
        let declared = match link {
            Link::Local(owner) => own_abstract(hierarchy.context, *owner),
            Link::Known(owner) => owner.abstract_methods.clone(),
            Link::Indexed(owner) => owner.abstract_methods.clone(),
        };
        for name in declared {
            if !candidates.contains(&name) {
                candidates.push(name);
            }
        }
    }
    let still = candidates
        .into_iter()
        .filter(|name| {
            let first = links.iter().find(|link| hierarchy.defines(**link, name));
            match first {
                Some(Link::Local(owner)) => methods(*owner, hierarchy.context.text)
                    .into_iter()
                    .any(|(method, function)| method == *name && is_abstract_definition(hierarchy.context, function)),
                Some(Link::Known(owner)) => owner.abstract_methods.contains(name),
                Some(Link::Indexed(owner)) => owner.abstract_methods.contains(name),
                None => false,
            }
        })
        .collect();
    Some(still)
}

fn listed(names: &[String]) -> String {
    let mut shown: Vec<String> = names.iter().take(SHOWN).map(|name| format!("`{name}`")).collect();
    if names.len() > SHOWN {
        shown.push(format!("and {} more", names.len() - SHOWN));
    }
    shown.join(", ")
}

/// Like `listed`, with fewer names, for lines that list several classes.
fn listed_short(names: &[String]) -> String {
    let mut shown: Vec<String> = names.iter().take(3).map(|name| format!("`{name}`")).collect();
    if names.len() > 3 {
        shown.push(format!("and {} more", names.len() - 3));
    }
    shown.join(", ")
}

fn class_notes<'tree>(hierarchy: &Hierarchy<'_, 'tree>, class: Node<'tree>) -> Vec<String> {
    let context = hierarchy.context;
    let name = class_name(context, class);
    let mut notes = Vec::new();
    match abstract_set(hierarchy, class) {
        Some(abstract_names) if !abstract_names.is_empty() => {
            notes.push(format!(
                "`{name}()` raises `TypeError`: a subclass must implement {} before it can be instantiated.",
                listed(&abstract_names)
            ));
        }
        Some(_) => notes.push(format!(
            "`{name}` declares no `@abstractmethod`, so it can be instantiated; `ABCMeta` still adds `register()` for virtual subclasses."
        )),
        None => {
            let own = own_abstract(context, class);
            if own.is_empty() {
                notes.push(format!("`{name}` declares no `@abstractmethod` itself; a base defined elsewhere may add some."));
            } else {
                notes.push(format!("`{name}` declares {} abstract; a base defined elsewhere may add more.", listed(&own)));
            }
        }
    }
    notes.extend(subclass_note(hierarchy, class, None));
    notes
}

/// One line on the subclasses in this file: which implement everything and what the others lack.
/// With `only`, the line is about that one method name.
fn subclass_note<'tree>(hierarchy: &Hierarchy<'_, 'tree>, class: Node<'tree>, only: Option<&str>) -> Option<String> {
    let context = hierarchy.context;
    let subclasses = hierarchy.subclasses(class);
    if subclasses.is_empty() {
        return None;
    }
    let mut complete = Vec::new();
    let mut lacking = Vec::new();
    for (subclass, _) in subclasses.iter().take(3) {
        let sub_name = class_name(context, *subclass);
        let Some(missing) = abstract_set(hierarchy, *subclass) else { continue };
        let missing: Vec<String> = missing.into_iter().filter(|name| only.is_none_or(|only| only == name)).collect();
        if missing.is_empty() {
            complete.push(format!("`{sub_name}`"));
        } else if only.is_some() {
            lacking.push(format!("`{sub_name}`"));
        } else {
            lacking.push(format!("`{sub_name}` still lacks {}", listed_short(&missing)));
        }
    }
    let mut parts = Vec::new();
    match (only, complete.is_empty()) {
        (Some(_), false) => parts.push(format!("implemented in {}", complete.join(", "))),
        (None, false) => parts.push(format!("{} implement{} everything", complete.join(", "), if complete.len() == 1 { "s" } else { "" })),
        _ => {}
    }
    if !lacking.is_empty() {
        match only {
            Some(_) => parts.push(format!("still missing in {}", lacking.join(", "))),
            None => parts.push(lacking.join("; ")),
        }
    }
    if parts.is_empty() {
        return None;
    }
    let more = if subclasses.len() > 3 { format!(" ({} more not shown)", subclasses.len() - 3) } else { String::new() };
    Some(format!("Subclasses here: {}{more}.", parts.join("; ")))
}

fn decorator_notes<'tree>(hierarchy: &Hierarchy<'_, 'tree>, decorator: Node<'tree>) -> Vec<String> {
    let context = hierarchy.context;
    let Some(function) = decorator.parent().and_then(|parent| parent.child_by_field_name("definition")) else { return Vec::new() };
    let name = function.child_by_field_name("name").map(|name| context.text_of(name)).unwrap_or("?");
    let Some(class) = (function.kind() == "function_definition").then(|| syntax::class_of_method(function)).flatten() else {
        return vec![
            "Outside a class body, `@abstractmethod` only marks the object; it is enforced only on classes whose metaclass is `ABCMeta`."
                .to_owned(),
        ];
    };
    let owner = class_name(context, class);
    let decorators = syntax::decorators(function);
    let position = decorators.iter().position(|other| other.id() == decorator.id());
    let below_is_property = position.and_then(|index| decorators.get(index + 1)).is_some_and(|below| {
        below.named_child(0).and_then(|expression| context.resolve(expression)).as_deref() == Some("builtins.property")
    });
    // The class statement itself fails, so nothing about abstractness or subclasses applies.
    if below_is_property {
        return vec![format!(
            "Wrong order: `@abstractmethod` above `@property` makes the `{owner}` class statement raise `AttributeError` (a property's `__isabstractmethod__` is read-only); `@property` must be the outer decorator."
        )];
    }
    let mut notes = Vec::new();
    let is_abc = |qualified: &str| matches!(qualified, "abc.ABC" | "abc.ABCMeta");
    // The diagnostic's verdict first, so hover and diagnostic agree (a subscripted base of this
    // file such as typing.py's `Generic[AnyStr]` is followed); a class decorator or `**kwargs`
    // that the diagnostic cannot see through leaves the answer open.
    let verdict = if lacks_abc_metaclass(context, class) {
        Some(false)
    } else {
        hierarchy.inherits(class, true, &is_abc).filter(|inherits| *inherits)
    };
    match verdict {
        Some(true) => notes.push(format!("`{name}` is abstract in `{owner}`: a subclass must override it before it can be instantiated.")),
        Some(false) => notes.push(format!(
            "`{owner}` has no `ABC` base or `ABCMeta` metaclass, so `@abstractmethod` is ignored here and `{owner}()` still works."
        )),
        None => notes.push(format!("`{name}` is abstract only if `{owner}` gets `ABCMeta` from a base defined elsewhere (`Protocol` and `collections.abc` bases do).")),
    }
    if decorators.last().is_some_and(|last| last.id() != decorator.id()) {
        notes.push("`@abstractmethod` should be the innermost decorator, directly above the `def`.".to_owned());
    }
    notes.extend(subclass_note(hierarchy, class, Some(name)));
    notes
}

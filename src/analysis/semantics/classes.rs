//! Classes: which class statement a name means, the standard library's classes (`stdlib`), and the
//! C3 MRO of every class, memoised per analysis. The one place that answers these questions for
//! every topic, pitfall and fix.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::index::{BaseName, ClassSummary};
use crate::analysis::syntax::{self, class_of_method, decorator_callee, decorators, snippet, text_of};
use crate::analysis::Context;

/// How deep a hierarchy is followed before it counts as unknown.
const MAX_DEPTH: usize = 200;

/// MRO entries listed in a note before it is cut short.
const MRO_SHOWN: usize = 6;

/// A class in an MRO: a class statement of this file, a class of the standard library's table, or
/// a class of another module of the workspace (`Context::index`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link<'tree> {
    Local(Node<'tree>),
    Known(&'static KnownClass),
    Indexed(&'tree ClassSummary),
}

pub use super::stdlib::KnownClass;

pub const OBJECT: &str = "builtins.object";

/// A class of the standard library's table (`semantics::stdlib`), by qualified name or alias.
fn known(qualified: &str) -> Option<&'static KnownClass> {
    super::stdlib::class(qualified)
}

/// Whether `qualified` is a class of the standard library's table whose metaclass is `type`, so it
/// adds no `ABCMeta` (nor another metaclass) to a subclass.
pub fn is_plain_class(qualified: &str) -> bool {
    known(qualified).is_some_and(|class| class.metaclass == "builtins.type")
}

/// The outcome of linearizing one class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mro<'tree> {
    /// The full MRO, the class itself first.
    Known(Vec<Link<'tree>>),
    /// A base (this text) is defined elsewhere or is not a plain class name.
    Unknown(String),
    /// C3 fails for the bases of this class statement.
    Conflict(Node<'tree>),
}

/// An `Mro` as the analysis keeps it: byte ranges of class statements instead of nodes, so the
/// cache holds no borrow of the tree (and `Context` stays covariant).
#[derive(Debug, Clone)]
pub enum StoredMro {
    Known(Vec<StoredLink>),
    Unknown(String),
    Conflict((usize, usize)),
}

#[derive(Debug, Clone)]
pub enum StoredLink {
    Local((usize, usize)),
    Known(&'static KnownClass),
    /// A class of the workspace index, by qualified name.
    Indexed(String),
}

/// The MROs of one analysis, by class statement (its node id) or indexed class (its address in
/// the index, which outlives the analysis): every topic and pitfall that asks about a class
/// shares them.
pub type MroCache = RefCell<HashMap<usize, StoredMro>>;

/// Class lookups and the memoised MROs of the analysis.
pub struct Hierarchy<'c, 'tree> {
    pub context: &'c Context<'tree>,
}

impl<'c, 'tree> Hierarchy<'c, 'tree> {
    pub fn new(context: &'c Context<'tree>) -> Self {
        Hierarchy { context }
    }

    pub fn mro(&self, class: Node<'tree>) -> Mro<'tree> {
        self.mro_at(class, 0)
    }

    fn mro_at(&self, class: Node<'tree>, depth: usize) -> Mro<'tree> {
        let stored = self.context.mros.borrow().get(&class.id()).cloned();
        if let Some(found) = stored.and_then(|stored| self.restore(&stored)) {
            return found;
        }
        let computed = self.linearize(class, depth);
        self.context.mros.borrow_mut().insert(class.id(), store(&computed));
        computed
    }

    /// The nodes of a stored MRO again; `None` if a class statement is not found (never, for
    /// the tree the cache belongs to).
    fn restore(&self, stored: &StoredMro) -> Option<Mro<'tree>> {
        let class = |range: (usize, usize)| self.context.class_at(range);
        Some(match stored {
            StoredMro::Known(links) => Mro::Known(
                links
                    .iter()
                    .map(|link| match link {
                        StoredLink::Local(range) => class(*range).map(Link::Local),
                        StoredLink::Known(known) => Some(Link::Known(known)),
                        StoredLink::Indexed(qualified) => self.context.index()?.class(qualified).map(Link::Indexed),
                    })
                    .collect::<Option<Vec<_>>>()?,
            ),
            StoredMro::Unknown(text) => Mro::Unknown(text.clone()),
            StoredMro::Conflict(range) => Mro::Conflict(class(*range)?),
        })
    }

    fn linearize(&self, class: Node<'tree>, depth: usize) -> Mro<'tree> {
        if depth > MAX_DEPTH {
            return Mro::Unknown("a very deep class hierarchy".to_owned());
        }
        let mut links = Vec::new();
        for base in syntax::bases(class) {
            match self.base_link(class, base) {
                Ok(link) => links.push(link),
                Err(text) => return Mro::Unknown(text),
            }
        }
        self.merge(Link::Local(class), links, depth).unwrap_or(Mro::Conflict(class))
    }

    /// The MRO of `class` with these base links; `None` when C3 cannot order them.
    fn merge(&self, class: Link<'tree>, links: Vec<Link<'tree>>, depth: usize) -> Option<Mro<'tree>> {
        let object = Link::Known(known(OBJECT).expect("object is in the standard library table"));
        if links.is_empty() {
            return Some(Mro::Known(vec![class, object]));
        }
        let mut sequences = Vec::new();
        for link in &links {
            match self.link_mro(*link, depth + 1) {
                Mro::Known(sequence) => sequences.push(sequence),
                other => return Some(other),
            }
        }
        sequences.push(links);
        let mut merged = c3_merge(sequences)?;
        merged.insert(0, class);
        Some(Mro::Known(merged))
    }

    /// The MRO of a class of the workspace index, memoised like a class statement's.
    fn indexed_mro(&self, class: &'tree ClassSummary, depth: usize) -> Mro<'tree> {
        let key = class as *const ClassSummary as usize;
        let stored = self.context.mros.borrow().get(&key).cloned();
        if let Some(found) = stored.and_then(|stored| self.restore(&stored)) {
            return found;
        }
        let computed = if depth > MAX_DEPTH {
            Mro::Unknown("a very deep class hierarchy".to_owned())
        } else {
            let mut links = Vec::new();
            let mut unknown = None;
            for base in &class.bases {
                match base {
                    BaseName::Qualified(qualified) => match self.qualified_link(qualified) {
                        Some(link) => links.push(link),
                        None => {
                            unknown = Some(qualified.clone());
                            break;
                        }
                    },
                    BaseName::Text(text) => {
                        unknown = Some(text.clone());
                        break;
                    }
                }
            }
            match unknown {
                Some(text) => Mro::Unknown(text),
                None => self
                    .merge(Link::Indexed(class), links, depth)
                    .unwrap_or_else(|| Mro::Unknown(format!("{} (C3 cannot order its bases)", class.qualified))),
            }
        };
        self.context.mros.borrow_mut().insert(key, store(&computed));
        computed
    }

    /// The class a qualified name means: one of the standard library's table, else one of the
    /// workspace index.
    pub fn qualified_link(&self, qualified: &str) -> Option<Link<'tree>> {
        known(qualified).map(Link::Known).or_else(|| self.context.index()?.class(qualified).map(Link::Indexed))
    }

    /// The MRO of any link.
    pub fn link_mro(&self, link: Link<'tree>, depth: usize) -> Mro<'tree> {
        match link {
            Link::Local(class) => self.mro_at(class, depth),
            Link::Known(class) => Mro::Known(class.mro().into_iter().map(Link::Known).collect()),
            Link::Indexed(class) => self.indexed_mro(class, depth),
        }
    }

    /// What a base expression of `class` names: a class of this file or a well-known class.
    /// `Err` carries the base's text when it is defined elsewhere.
    pub fn base_link(&self, class: Node<'tree>, base: Node<'tree>) -> Result<Link<'tree>, String> {
        let shown = || snippet(self.context.text, base, 40);
        // `Generic[T]`, `Mapping[str, int]`: the subscripted class.
        let base = if base.kind() == "subscript" { base.child_by_field_name("value").unwrap_or(base) } else { base };
        match self.context.resolve(base) {
            Some(qualified) => self.qualified_link(&qualified).ok_or_else(shown),
            None if base.kind() == "identifier" => self.local_class(base, class).map(Link::Local).ok_or_else(shown),
            None => Err(shown()),
        }
    }

    /// The class statement a plain name refers to at the class statement `at` (or at any node).
    pub fn local_class(&self, name: Node<'tree>, at: Node<'tree>) -> Option<Node<'tree>> {
        class_named(self.context, self.context.text_of(name), at)
    }

    /// Every class statement of the file whose known MRO contains `class` (itself excluded).
    pub fn subclasses(&self, class: Node<'tree>) -> Vec<(Node<'tree>, Vec<Link<'tree>>)> {
        let mut found = Vec::new();
        for candidate in &self.context.file_classes() {
            if candidate.id() == class.id() || candidate.start_byte() < class.start_byte() {
                continue;
            }
            if let Mro::Known(links) = self.mro(*candidate) {
                if links.contains(&Link::Local(class)) {
                    found.push((*candidate, links));
                }
            }
        }
        found
    }

    /// Whether a base of `class` or of its ancestors defined here (with `metaclasses`, also a
    /// `metaclass=` value) has a qualified name satisfying `test`; `None` when that is unknown
    /// because a base comes from elsewhere.
    pub fn inherits(&self, class: Node<'tree>, metaclasses: bool, test: &dyn Fn(&str) -> bool) -> Option<bool> {
        let mut stack = vec![class];
        let mut indexed: Vec<&'tree ClassSummary> = Vec::new();
        let mut seen = Vec::new();
        let mut unknown = false;
        // Whether a qualified base or metaclass satisfies `test`: `Some(true)`, `Some(false)` when
        // known not to, `None` for a class of the index (followed) or one from elsewhere.
        let decide = |qualified: &str, metaclass: bool, indexed: &mut Vec<&'tree ClassSummary>| -> Option<bool> {
            if test(qualified) {
                return Some(true);
            }
            if let Some(class) = known(qualified) {
                let mut names: Vec<&str> = class.mro().iter().map(|link| link.qualified.as_str()).collect();
                if metaclasses && !metaclass {
                    names.extend(
                        known(&class.metaclass).map(KnownClass::mro).unwrap_or_default().iter().map(|link| link.qualified.as_str()),
                    );
                }
                return Some(names.into_iter().any(test));
            }
            let found = self.context.index().and_then(|index| index.class(qualified))?;
            indexed.push(found);
            Some(false)
        };
        while !stack.is_empty() || !indexed.is_empty() {
            if seen.len() > MAX_DEPTH {
                break;
            }
            if let Some(current) = stack.pop() {
                if seen.contains(&current.id()) {
                    continue;
                }
                seen.push(current.id());
                if let Some(keyword) = syntax::metaclass_keyword(current, self.context.text).filter(|_| metaclasses) {
                    match keyword.child_by_field_name("value").and_then(|value| self.context.resolve(value)) {
                        Some(qualified) if test(&qualified) => return Some(true),
                        _ => unknown = true,
                    }
                }
                for base in syntax::bases(current) {
                    match self.context.resolve(base) {
                        Some(qualified) => match decide(&qualified, false, &mut indexed) {
                            Some(true) => return Some(true),
                            Some(false) => {}
                            None => unknown = true,
                        },
                        None => match (base.kind() == "identifier").then(|| self.local_class(base, current)).flatten() {
                            Some(parent) => stack.push(parent),
                            None => unknown = true,
                        },
                    }
                }
            } else if let Some(current) = indexed.pop() {
                let key = current as *const ClassSummary as usize;
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                unknown |= current.keyword_splat;
                if let Some(metaclass) = current.metaclass.as_ref().filter(|_| metaclasses) {
                    match metaclass {
                        BaseName::Qualified(qualified) if test(qualified) => return Some(true),
                        _ => unknown = true,
                    }
                }
                for base in &current.bases {
                    let decided = match base {
                        BaseName::Qualified(qualified) => decide(qualified, false, &mut indexed),
                        BaseName::Text(_) => None,
                    };
                    match decided {
                        Some(true) => return Some(true),
                        Some(false) => {}
                        None => unknown = true,
                    }
                }
            }
        }
        if unknown {
            None
        } else {
            Some(false)
        }
    }

    pub fn name(&self, link: Link) -> String {
        match link {
            Link::Local(class) => class_name(self.context, class).to_owned(),
            Link::Known(class) => class.name.clone(),
            Link::Indexed(class) => class.name.clone(),
        }
    }

    /// Whether the class's own namespace defines `attribute`.
    pub fn defines(&self, link: Link, attribute: &str) -> bool {
        match link {
            Link::Local(class) => body_names(self.context, class).iter().any(|name| name == attribute),
            Link::Known(class) => class.defines(attribute),
            Link::Indexed(class) => class.defines.iter().any(|name| name == attribute),
        }
    }

    /// "`A`, `B`, `object`", cut short after a few entries.
    pub fn render(&self, links: &[Link]) -> String {
        let mut shown: Vec<String> = links.iter().take(MRO_SHOWN).map(|link| format!("`{}`", self.name(*link))).collect();
        if links.len() > MRO_SHOWN {
            shown.push(format!("… ({} more)", links.len() - MRO_SHOWN));
        }
        shown.join(", ")
    }
}

/// The class statement the plain name `name` means where `at` is: the one rule every topic,
/// pitfall and fix uses. See `visible_definition`.
pub fn class_named<'tree>(context: &Context<'tree>, name: &str, at: Node<'tree>) -> Option<Node<'tree>> {
    visible_definition(context, "class_definition", name, at)
}

/// The `kind` statement (`class_definition`, `function_definition`) named `wanted` that a read
/// of that name at `at` sees: in `at`'s own scope, then in the enclosing scopes that are not
/// class bodies, the innermost scope that binds the name decides. Code that runs where it stands
/// (a module or class body) sees the definitions above it; code in a def or lambda runs later
/// and sees any definition of the scope, the last one. `None` when that scope also binds the
/// name another way (an assignment, an import, a def of another kind), since which binding is
/// live then depends on the run.
pub fn visible_definition<'tree>(context: &Context<'tree>, kind: &str, wanted: &str, at: Node<'tree>) -> Option<Node<'tree>> {
    let definitions = context.definitions_named(kind, wanted);
    if definitions.is_empty() {
        return None;
    }
    let scope_id = |node: Node| syntax::enclosing_scope(node).map(|scope| scope.id());
    // Scopes visible where `at` is evaluated, innermost first, with whether code there runs later.
    let mut visible: Vec<(Option<usize>, bool)> = Vec::new();
    let mut scope = syntax::enclosing_scope(at);
    let mut deferred = false;
    visible.push((scope.map(|node| node.id()), deferred));
    while let Some(current) = scope {
        deferred |= matches!(current.kind(), "function_definition" | "lambda");
        scope = syntax::enclosing_scope(current);
        if scope.is_none_or(|node| node.kind() != "class_definition") {
            visible.push((scope.map(|node| node.id()), deferred));
        }
    }
    for (scope, deferred) in visible {
        let here: Vec<Node<'tree>> = definitions
            .iter()
            .filter(|definition| scope_id(**definition) == scope && (deferred || definition.start_byte() < at.start_byte()))
            .copied()
            .collect();
        let other_binding = binds_otherwise(context, wanted, scope, kind);
        match here.last() {
            Some(found) if !other_binding => return Some(*found),
            Some(_) => return None,
            None if other_binding => return None,
            None => {}
        }
    }
    None
}

/// Whether the scope with id `scope` binds `name` other than by a `kind` statement: an
/// assignment target, an import or a definition of another kind.
fn binds_otherwise(context: &Context, name: &str, scope: Option<usize>, kind: &str) -> bool {
    context.identifiers_named(name).iter().any(|identifier| {
        let Some(parent) = identifier.parent() else { return false };
        let field = match parent.kind() {
            "assignment" | "augmented_assignment" => "left",
            "function_definition" | "class_definition" if parent.kind() != kind => "name",
            "aliased_import" => "alias",
            _ => return false,
        };
        parent.child_by_field_name(field).is_some_and(|found| found.id() == identifier.id())
            && syntax::enclosing_scope(parent).map(|node| node.id()) == scope
    })
}

fn store(mro: &Mro) -> StoredMro {
    let range = |node: Node| (node.start_byte(), node.end_byte());
    match mro {
        Mro::Known(links) => StoredMro::Known(
            links
                .iter()
                .map(|link| match link {
                    Link::Local(class) => StoredLink::Local(range(*class)),
                    Link::Known(known) => StoredLink::Known(known),
                    Link::Indexed(class) => StoredLink::Indexed(class.qualified.clone()),
                })
                .collect(),
        ),
        Mro::Unknown(text) => StoredMro::Unknown(text.clone()),
        Mro::Conflict(class) => StoredMro::Conflict(range(*class)),
    }
}

/// C3 merge: repeatedly take the first head that appears in no other sequence's tail.
pub fn c3_merge<'tree>(mut sequences: Vec<Vec<Link<'tree>>>) -> Option<Vec<Link<'tree>>> {
    let mut merged = Vec::new();
    loop {
        sequences.retain(|sequence| !sequence.is_empty());
        if sequences.is_empty() {
            return Some(merged);
        }
        let head = sequences
            .iter()
            .map(|sequence| sequence[0])
            .find(|candidate| !sequences.iter().any(|sequence| sequence[1..].contains(candidate)))?;
        merged.push(head);
        for sequence in &mut sequences {
            if sequence[0] == head {
                sequence.remove(0);
            }
        }
    }
}

pub fn class_name<'tree>(context: &Context<'tree>, class: Node) -> &'tree str {
    class.child_by_field_name("name").map(|name| context.text_of(name)).unwrap_or("?")
}

/// Names a class body binds directly: defs, nested classes and assignment targets, also inside
/// `if`/`try`/`with` blocks of the body.
pub fn body_names(context: &Context, class: Node) -> Vec<String> {
    let mut names = Vec::new();
    let Some(body) = class.child_by_field_name("body") else { return names };
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                "class_definition" | "function_definition" => {
                    names.extend(child.child_by_field_name("name").map(|name| context.text_of(name).to_owned()))
                }
                "decorated_definition" => {
                    if let Some(name) =
                        child.child_by_field_name("definition").and_then(|definition| definition.child_by_field_name("name"))
                    {
                        names.push(context.text_of(name).to_owned());
                    }
                }
                "expression_statement" => {
                    let mut inner = child.walk();
                    for expression in child.named_children(&mut inner) {
                        assignment_names(context, expression, &mut names);
                    }
                }
                "if_statement" | "else_clause" | "elif_clause" | "try_statement" | "except_clause" | "finally_clause"
                | "with_statement" | "block" => stack.push(child),
                _ => {}
            }
        }
    }
    names
}

fn assignment_names(context: &Context, expression: Node, out: &mut Vec<String>) {
    if expression.kind() != "assignment" {
        return;
    }
    // `x: int` without a value binds nothing.
    let Some(right) = expression.child_by_field_name("right") else { return };
    if let Some(left) = expression.child_by_field_name("left").filter(|left| left.kind() == "identifier") {
        out.push(context.text_of(left).to_owned());
    }
    assignment_names(context, right, out);
}

const CACHES: &[&str] = &["functools.lru_cache", "functools.cache"];
const ENUM_BASES: &[&str] = &["enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag", "enum.ReprEnum"];
const ENUM_METACLASSES: &[&str] = &["enum.EnumMeta", "enum.EnumType"];

/// Whether `decorator` is `functools.lru_cache`/`cache` (any spelling) on a method that is not a
/// static or class method, in a class that is not an Enum.
pub fn cache_on_instance_method(context: &Context, decorator: Node) -> bool {
    if !is_cache_decorator(context, decorator) {
        return false;
    }
    let Some(function) = decorator.parent().and_then(|parent| parent.child_by_field_name("definition")) else { return false };
    if function.kind() != "function_definition" {
        return false;
    }
    let Some(class) = class_of_method(function) else { return false };
    let bound_elsewhere = decorators(function).into_iter().any(|other| {
        decorator_callee(other)
            .and_then(|callee| context.resolve(callee))
            .is_some_and(|qualified| matches!(qualified.as_str(), "builtins.staticmethod" | "builtins.classmethod"))
    });
    !bound_elsewhere && !is_enum(context, class)
}

/// Whether the decorator's callee resolves to `functools.lru_cache` or `functools.cache`.
pub fn is_cache_decorator(context: &Context, decorator: Node) -> bool {
    decorator_callee(decorator).and_then(|callee| context.resolve(callee)).is_some_and(|qualified| CACHES.contains(&qualified.as_str()))
}

/// Whether `class` is an Enum: an `enum` base or metaclass, directly or through classes of this file.
pub fn is_enum(context: &Context, class: Node) -> bool {
    enum_at(context, class, 0)
}

fn enum_at(context: &Context, class: Node, depth: usize) -> bool {
    if depth > 20 {
        return false;
    }
    if let Some(keyword) = syntax::metaclass_keyword(class, context.text) {
        if keyword
            .child_by_field_name("value")
            .and_then(|value| context.resolve(value))
            .is_some_and(|name| ENUM_METACLASSES.contains(&name.as_str()))
        {
            return true;
        }
    }
    syntax::bases(class).into_iter().any(|base| {
        if context.resolve(base).is_some_and(|name| ENUM_BASES.contains(&name.as_str())) {
            return true;
        }
        // A base class defined in this file: follow it.
        base.kind() == "identifier"
            && class_named(context, text_of(context.text, base), class)
                .is_some_and(|other| other.id() != class.id() && enum_at(context, other, depth + 1))
    })
}

/// Whether `class` is a class of the file that `ABCMeta` does not build, as far as the file tells:
/// what `abstractmethod-without-abc` reports and the hover on its `@abstractmethod` says, so the
/// two agree.
pub fn lacks_abc_metaclass(context: &Context, class: Node) -> bool {
    lacks_abcmeta(context, class, &mut HashSet::new())
}

/// The classes of this file that `class` inherits from, directly or not, through plain and
/// subscripted names (`Generic[AnyStr]`).
pub fn local_ancestors<'tree>(context: &Context<'tree>, class: Node<'tree>) -> Vec<Node<'tree>> {
    let mut found: Vec<Node<'tree>> = Vec::new();
    let mut pending = vec![class];
    while let Some(current) = pending.pop() {
        for base in syntax::bases(current) {
            let base = if base.kind() == "subscript" { base.child_by_field_name("value").unwrap_or(base) } else { base };
            if base.kind() != "identifier" || context.resolve(base).is_some() {
                continue;
            }
            let Some(definition) = class_named(context, text_of(context.text, base), current) else { continue };
            if definition.id() != class.id() && !found.iter().any(|seen| seen.id() == definition.id()) {
                found.push(definition);
                pending.push(definition);
            }
        }
    }
    found
}

/// Whether every base of `class`, followed through the classes of this file, is known to bring no
/// `ABCMeta`: no `metaclass=`, no base from another module, no class decorator that could set one.
fn lacks_abcmeta(context: &Context, class: Node, visited: &mut HashSet<usize>) -> bool {
    if !visited.insert(class.id()) {
        return false;
    }
    if class.child_by_field_name("superclasses").is_some_and(|arguments| has_keyword_splat_or_metaclass(context.text, arguments)) {
        return false;
    }
    // `@six.add_metaclass(ABCMeta)` and the like.
    if syntax::decorators(class).iter().any(|decorator| mentions_metaclass(context, *decorator)) {
        return false;
    }
    for base in syntax::bases(class) {
        // `Base[T]` subscripts a class: follow `Base` (typing.py's own `Generic[AnyStr]`).
        let base = match base.kind() {
            "subscript" => match base.child_by_field_name("value") {
                Some(value) => value,
                None => return false,
            },
            _ => base,
        };
        if !matches!(base.kind(), "identifier" | "attribute") {
            return false;
        }
        match context.resolve(base) {
            Some(qualified) if is_plain_class(&qualified) => {}
            Some(qualified) => {
                let indexed = context.index().and_then(|index| index.class(&qualified));
                if !indexed.is_some_and(|class| indexed_lacks_abcmeta(context, class, visited)) {
                    return false;
                }
            }
            None if base.kind() != "identifier" => return false,
            None => {
                let Some(definition) = class_named(context, text_of(context.text, base), class) else { return false };
                if !lacks_abcmeta(context, definition, visited) {
                    return false;
                }
            }
        }
    }
    true
}

pub fn has_keyword_splat_or_metaclass(text: &str, arguments: Node) -> bool {
    let mut cursor = arguments.walk();
    let found = arguments.named_children(&mut cursor).any(|argument| match argument.kind() {
        "dictionary_splat" => true,
        "keyword_argument" => argument.child_by_field_name("name").is_some_and(|name| text_of(text, name) == "metaclass"),
        _ => false,
    });
    found
}

fn mentions_metaclass(context: &Context, decorator: Node) -> bool {
    let source = text_of(context.text, decorator);
    source.contains("metaclass") || source.contains("ABCMeta")
}

/// `lacks_abcmeta` for a class of the workspace index.
fn indexed_lacks_abcmeta(context: &Context, class: &ClassSummary, visited: &mut HashSet<usize>) -> bool {
    if !visited.insert(class as *const ClassSummary as usize) || visited.len() > MAX_DEPTH {
        return false;
    }
    if class.keyword_splat || class.metaclass.is_some() {
        return false;
    }
    if class.decorators.iter().any(|decorator| decorator.contains("metaclass") || decorator.contains("ABCMeta")) {
        return false;
    }
    class.bases.iter().all(|base| match base {
        BaseName::Qualified(qualified) if is_plain_class(qualified) => true,
        BaseName::Qualified(qualified) => {
            context.index().and_then(|index| index.class(qualified)).is_some_and(|parent| indexed_lacks_abcmeta(context, parent, visited))
        }
        BaseName::Text(_) => false,
    })
}

/// The decorators that make a method abstract for `ABCMeta`.
pub const ABSTRACT_DECORATORS: &[&str] =
    &["abc.abstractmethod", "abc.abstractproperty", "abc.abstractclassmethod", "abc.abstractstaticmethod"];

/// Whether a def carries one of `ABSTRACT_DECORATORS`, aliases resolved.
pub fn is_abstract_definition(context: &Context, function: Node) -> bool {
    syntax::decorators(function).into_iter().any(|decorator| {
        decorator
            .named_child(0)
            .and_then(|expression| context.resolve(expression))
            .is_some_and(|qualified| ABSTRACT_DECORATORS.contains(&qualified.as_str()))
    })
}

/// The abstract method names a class statement declares itself.
pub fn own_abstract_methods(context: &Context, class: Node) -> Vec<String> {
    syntax::methods(class, context.text)
        .into_iter()
        .filter(|(_, function)| is_abstract_definition(context, *function))
        .map(|(name, _)| name)
        .collect()
}

// What kind of class a class statement is: the one answer for every topic, pitfall and fix.

/// A class decorator that is `dataclasses.dataclass`, bare (`@dataclass`), dotted
/// (`@dataclasses.dataclass`), called (`@dataclass(frozen=True)`) or aliased.
#[derive(Debug, Clone, Copy)]
pub struct Dataclass<'tree> {
    pub decorator: Node<'tree>,
    /// The name token of the decorator: the anchor (`dataclass` of `@dataclasses.dataclass()`).
    pub name: Node<'tree>,
    /// The call when the decorator is called.
    pub call: Option<Node<'tree>>,
}

/// What one argument of `@dataclass(...)` says, as far as the text tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// Not given: the decorator's default holds.
    Default,
    /// A literal `True` or `False`.
    Set(bool),
    /// Given as an expression whose value the text does not tell (or through `**options`).
    Unknown,
}

impl Flag {
    /// The value with `default` for an argument not given; `None` when unknown.
    pub fn or(self, default: bool) -> Option<bool> {
        match self {
            Flag::Default => Some(default),
            Flag::Set(value) => Some(value),
            Flag::Unknown => None,
        }
    }
}

impl<'tree> Dataclass<'tree> {
    /// The argument `name=` of the decorator call (`frozen`, `eq`, `order`, `unsafe_hash`,
    /// `slots`, `kw_only`, `match_args`, `init`, `repr`, `weakref_slot`).
    pub fn flag(&self, text: &str, name: &str) -> Flag {
        let Some(call) = self.call else { return Flag::Default };
        if let Some(value) = syntax::keyword_argument(text, call, name) {
            return match value.kind() {
                "true" => Flag::Set(true),
                "false" => Flag::Set(false),
                _ => Flag::Unknown,
            };
        }
        let splat = call.child_by_field_name("arguments").is_some_and(|arguments| {
            let mut cursor = arguments.walk();
            let found = arguments.named_children(&mut cursor).any(|argument| argument.kind() == "dictionary_splat");
            found
        });
        if splat {
            Flag::Unknown
        } else {
            Flag::Default
        }
    }
}

const DATACLASS: &str = "dataclasses.dataclass";

/// The decorator as `dataclasses.dataclass`, when it is one.
pub fn dataclass_decorator<'tree>(context: &Context<'tree>, decorator: Node<'tree>) -> Option<Dataclass<'tree>> {
    let expression = decorator.named_child(0)?;
    let (callee, call) = match expression.kind() {
        "call" => (expression.child_by_field_name("function")?, Some(expression)),
        "identifier" | "attribute" => (expression, None),
        _ => return None,
    };
    if context.resolve(callee).as_deref() != Some(DATACLASS) {
        return None;
    }
    Some(Dataclass { decorator, name: syntax::last_name(callee)?, call })
}

/// The `@dataclass` decorator of a class statement, when it has one.
pub fn dataclass_of<'tree>(context: &Context<'tree>, class: Node<'tree>) -> Option<Dataclass<'tree>> {
    decorators(class).into_iter().find_map(|decorator| dataclass_decorator(context, decorator))
}

/// Whether `class` is a dataclass: `dataclasses.dataclass`, or another library's `dataclass`
/// decorator (pydantic, chex), or a `dataclass` whose origin the file does not say
/// (`from dataclasses import *`).
pub fn is_dataclass(context: &Context, class: Node) -> bool {
    dataclass_of(context, class).is_some()
        || decorators(class).into_iter().any(|decorator| {
            let Some(callee) = decorator_callee(decorator) else { return false };
            let named_dataclass = syntax::last_name(callee).is_some_and(|name| context.text_of(name) == "dataclass");
            named_dataclass && context.resolve(callee).is_none_or(|qualified| qualified.ends_with(".dataclass"))
        })
}

/// A dataclass whose decorator says `frozen=True`.
pub fn is_frozen_dataclass(context: &Context, class: Node) -> bool {
    dataclass_of(context, class).is_some_and(|dataclass| dataclass.flag(context.text, "frozen") == Flag::Set(true))
}

/// The assignments a class body makes directly to the plain name `name` (`__hash__ = None`), also
/// inside `if`/`try`/`with` blocks of the body, with their value.
pub fn body_assignments<'tree>(context: &Context<'tree>, class: Node<'tree>, name: &str) -> Vec<(Node<'tree>, Node<'tree>)> {
    let mut found = Vec::new();
    let Some(body) = class.child_by_field_name("body") else { return found };
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        let mut cursor = node.walk();
        for child in node.named_children(&mut cursor) {
            match child.kind() {
                "expression_statement" => {
                    let mut inner = child.walk();
                    for expression in child.named_children(&mut inner) {
                        let mut assignment = Some(expression).filter(|expression| expression.kind() == "assignment");
                        // `a = b = None` is an assignment whose value is an assignment.
                        while let Some(current) = assignment {
                            let left = current.child_by_field_name("left").filter(|left| left.kind() == "identifier");
                            let right = current.child_by_field_name("right");
                            if let (Some(left), Some(right)) = (left, right) {
                                if context.text_of(left) == name {
                                    found.push((left, right));
                                }
                            }
                            assignment = right.filter(|right| right.kind() == "assignment");
                        }
                    }
                }
                "if_statement" | "else_clause" | "elif_clause" | "try_statement" | "except_clause" | "finally_clause"
                | "with_statement" | "block" => stack.push(child),
                _ => {}
            }
        }
    }
    found.sort_by_key(|(left, _)| left.start_byte());
    found
}

const ATTRS_DECORATORS: &[&str] = &[
    "attr.s",
    "attr.attrs",
    "attr.attributes",
    "attr.define",
    "attr.mutable",
    "attr.frozen",
    "attr.dataclass",
    "attrs.define",
    "attrs.mutable",
    "attrs.frozen",
];

/// Whether a decorator of the class is an attrs class decorator (`@attr.s`, `@attrs.define`,
/// `@attr.dataclass`, `@attrs.frozen(...)` ...).
pub fn is_attrs_class(context: &Context, class: Node) -> bool {
    decorators(class).into_iter().any(|decorator| {
        decorator_callee(decorator)
            .and_then(|callee| context.resolve(callee))
            .is_some_and(|qualified| ATTRS_DECORATORS.contains(&qualified.as_str()))
    })
}

/// Whether the class is a named tuple: a base `typing.NamedTuple`, a base that calls
/// `collections.namedtuple(...)` or `NamedTuple(...)`, or a named-tuple class of the file.
pub fn is_named_tuple(context: &Context, class: Node) -> bool {
    inherits_where(context, class, &|base| {
        let callee = if base.kind() == "call" { base.child_by_field_name("function") } else { Some(base) };
        callee.and_then(|callee| context.resolve(callee)).is_some_and(|qualified| {
            qualified == "collections.namedtuple" || crate::analysis::semantics::typing::is_typing_name(&qualified, "NamedTuple")
        })
    })
}

/// Whether the class is a `TypedDict`: a base `typing.TypedDict` (or `typing_extensions`'), or
/// a TypedDict class of the file.
pub fn is_typed_dict(context: &Context, class: Node) -> bool {
    inherits_typing(context, class, "TypedDict")
}

/// Whether the class is a `Protocol`: a base `Protocol` or `Protocol[T]` of `typing` (or
/// `typing_extensions`), or a protocol class of the file.
pub fn is_protocol(context: &Context, class: Node) -> bool {
    inherits_typing(context, class, "Protocol")
}

const MODEL_BASES: &[&str] = &[
    "pydantic.BaseModel",
    "pydantic.RootModel",
    "pydantic.BaseSettings",
    "pydantic.main.BaseModel",
    "pydantic_settings.BaseSettings",
    "msgspec.Struct",
    "sqlmodel.SQLModel",
];

/// Whether the class is a pydantic, msgspec or SQLModel model: its class attributes are field
/// declarations that the library copies into each instance.
pub fn is_model_class(context: &Context, class: Node) -> bool {
    inherits_where(context, class, &|base| context.resolve(base).is_some_and(|qualified| MODEL_BASES.contains(&qualified.as_str())))
}

fn inherits_typing(context: &Context, class: Node, name: &str) -> bool {
    inherits_where(context, class, &|base| {
        context.resolve(base).is_some_and(|qualified| crate::analysis::semantics::typing::is_typing_name(&qualified, name))
    })
}

/// Whether a base of `class`, or of a class of this file it inherits from, satisfies `test`;
/// a subscripted base (`Protocol[T]`) is tested by its value.
fn inherits_where(context: &Context, class: Node, test: &dyn Fn(Node) -> bool) -> bool {
    let mut classes = vec![class];
    classes.extend(local_ancestors(context, class));
    classes.into_iter().any(|current| {
        syntax::bases(current).into_iter().any(|base| {
            let base = if base.kind() == "subscript" { base.child_by_field_name("value").unwrap_or(base) } else { base };
            test(base)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Knowledge;

    /// The classes of `text` by name, with what `test` says of each.
    fn kinds(text: &str, test: fn(&Context, Node) -> bool) -> Vec<(String, bool)> {
        let tree = crate::document::parse(text, None);
        let context = Context::new(text, &tree, Knowledge::builtin());
        context.nodes("class_definition").iter().map(|class| (class_name(&context, *class).to_owned(), test(&context, *class))).collect()
    }

    fn named(found: &[(String, bool)]) -> Vec<&str> {
        found.iter().filter(|(_, yes)| *yes).map(|(name, _)| name.as_str()).collect()
    }

    #[test]
    fn dataclasses_bare_dotted_called_and_aliased() {
        let text = "import dataclasses\nfrom dataclasses import dataclass as dc\n\n@dc\nclass A: pass\n\n@dataclasses.dataclass(frozen=True)\nclass B: pass\n\n@other\nclass C: pass\n\ndef f():\n    def dc(cls): return cls\n    @dc\n    class D: pass\n";
        assert_eq!(named(&kinds(text, is_dataclass)), ["A", "B"]);
        assert_eq!(named(&kinds(text, is_frozen_dataclass)), ["B"]);
    }

    #[test]
    fn dataclass_flags() {
        let text = "from dataclasses import dataclass\nopts = {}\n@dataclass(eq=False, order=ORDER, slots=True)\nclass A: pass\n@dataclass(**opts)\nclass B: pass\n";
        let tree = crate::document::parse(text, None);
        let context = Context::new(text, &tree, Knowledge::builtin());
        let classes = context.nodes("class_definition");
        let first = classes
            .first()
            .and_then(|class| dataclass_of(&context, *class))
            .map(|found| ["eq", "order", "slots", "frozen"].map(|name| found.flag(text, name)));
        assert_eq!(first, Some([Flag::Set(false), Flag::Unknown, Flag::Set(true), Flag::Default]));
        let second = classes.get(1).and_then(|class| dataclass_of(&context, *class)).map(|found| found.flag(text, "frozen"));
        assert_eq!(second, Some(Flag::Unknown));
    }

    #[test]
    fn other_kinds_of_class() {
        let text = "import attr, attrs, enum, typing\nfrom collections import namedtuple\nfrom typing_extensions import TypedDict, Protocol\nimport pydantic\n\n@attr.s\nclass A: pass\n@attrs.frozen(slots=True)\nclass B: pass\nclass C(typing.NamedTuple): pass\nclass D(namedtuple('D', 'x y')): pass\nclass E(D): pass\nclass F(TypedDict, total=False): pass\nclass G(F): pass\nclass H(Protocol[T]): pass\nclass I(pydantic.BaseModel): pass\nclass J(I): pass\nclass K(enum.IntFlag): pass\nclass L(K): pass\nclass M: pass\n";
        assert_eq!(named(&kinds(text, is_attrs_class)), ["A", "B"]);
        assert_eq!(named(&kinds(text, is_named_tuple)), ["C", "D", "E"]);
        assert_eq!(named(&kinds(text, is_typed_dict)), ["F", "G"]);
        assert_eq!(named(&kinds(text, is_protocol)), ["H"]);
        assert_eq!(named(&kinds(text, is_model_class)), ["I", "J"]);
        assert_eq!(named(&kinds(text, is_enum)), ["K", "L"]);
    }

    fn with_classes(text: &str, check: impl Fn(&Context, &[Node])) {
        let tree = crate::document::parse(text, None);
        let context = Context::new(text, &tree, Knowledge::builtin());
        let classes = context.file_classes();
        check(&context, &classes);
    }

    #[test]
    fn decorated_and_protocol_classes() {
        let text = "import attr\nimport dataclasses as dc\nfrom typing import Protocol\n\n@dc.dataclass(frozen=True)\nclass A: pass\n\n@attr.s\nclass B: pass\n\nclass P(Protocol): pass\n\nclass Q(P): pass\n\nclass Plain: pass\n";
        with_classes(text, |context, classes| {
            let answers: Vec<(bool, bool, bool)> = classes
                .iter()
                .map(|class| (is_dataclass(context, *class), is_attrs_class(context, *class), is_protocol(context, *class)))
                .collect();
            assert_eq!(
                answers,
                vec![(true, false, false), (false, true, false), (false, false, true), (false, false, true), (false, false, false)]
            );
        });
    }

    #[test]
    fn body_assignments_enter_blocks_and_chains() {
        let text = "class A:\n    if x:\n        __hash__ = None\n    a = __hash__ = f\n    def m(self):\n        __hash__ = 1\n";
        with_classes(text, |context, classes| {
            let found: Vec<&str> =
                body_assignments(context, classes[0], "__hash__").iter().map(|(_, value)| context.text_of(*value)).collect();
            assert_eq!(found, vec!["None", "f"]);
        });
    }
}

/// What an annotated name in a dataclass body is to the decorator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Field,
    /// `ClassVar[...]`: a class attribute, not a field.
    ClassVar,
    /// `InitVar[...]`: a parameter of `__init__` passed on to `__post_init__`, not stored.
    InitVar,
    /// `_: KW_ONLY`: the fields after it are keyword-only.
    KwOnly,
}

/// One annotated assignment directly in a class body (`name: int = 0`, `tags: list[str]`).
#[derive(Debug, Clone, Copy)]
pub struct AnnotatedName<'tree> {
    pub assignment: Node<'tree>,
    pub name: Node<'tree>,
    pub annotation: Node<'tree>,
    pub value: Option<Node<'tree>>,
    pub kind: FieldKind,
}

/// The annotated names of a class body in order, each with what a dataclass makes of it.
pub fn annotated_names<'tree>(context: &Context<'tree>, class: Node<'tree>) -> Vec<AnnotatedName<'tree>> {
    let Some(body) = class.child_by_field_name("body") else { return Vec::new() };
    let mut found = Vec::new();
    let mut cursor = body.walk();
    for statement in body.named_children(&mut cursor) {
        if statement.kind() != "expression_statement" {
            continue;
        }
        let Some(assignment) = statement.named_child(0).filter(|node| node.kind() == "assignment") else { continue };
        let (Some(name), Some(annotation)) = (assignment.child_by_field_name("left"), assignment.child_by_field_name("type")) else {
            continue;
        };
        if name.kind() != "identifier" {
            continue;
        }
        let kind = annotation_kind(context, annotation);
        found.push(AnnotatedName { assignment, name, annotation, value: assignment.child_by_field_name("right"), kind });
    }
    found
}

fn annotation_kind(context: &Context, annotation: Node) -> FieldKind {
    let mut head = annotation;
    loop {
        head = match head.kind() {
            "type" | "generic_type" => match head.named_child(0) {
                Some(inner) => inner,
                None => return FieldKind::Field,
            },
            "subscript" => match head.child_by_field_name("value") {
                Some(inner) => inner,
                None => return FieldKind::Field,
            },
            _ => break,
        };
    }
    if head.kind() == "string" {
        // A string annotation: the decorator itself only looks at the leading name.
        let text = context.text_of(head).trim_matches(|c| c == '"' || c == '\'');
        let leading = text.split('[').next().unwrap_or("").trim();
        return match leading.rsplit('.').next().unwrap_or("") {
            "ClassVar" => FieldKind::ClassVar,
            "InitVar" => FieldKind::InitVar,
            "KW_ONLY" => FieldKind::KwOnly,
            _ => FieldKind::Field,
        };
    }
    match context.resolve(head).as_deref() {
        Some(qualified) if crate::analysis::semantics::typing::is_typing_name(qualified, "ClassVar") => FieldKind::ClassVar,
        Some("dataclasses.InitVar") => FieldKind::InitVar,
        Some("dataclasses.KW_ONLY") => FieldKind::KwOnly,
        _ => FieldKind::Field,
    }
}

/// The kind of an enum class, from the first `enum` base found through its bases (those of
/// the file followed), with whether a `str` or `int` mixin makes members compare equal to values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumKind {
    Enum,
    IntEnum,
    StrEnum,
    Flag,
    IntFlag,
    /// `class C(str, Enum)` and the like: a data type mixed into a plain `Enum`.
    Mixed(&'static str),
}

/// The kind of the enum class `class`; `None` when it is not an enum by its bases.
pub fn enum_kind(context: &Context, class: Node) -> Option<EnumKind> {
    let mut lineage = vec![class];
    lineage.extend(local_ancestors(context, class));
    let mut mixin = None;
    let mut kind = None;
    for current in lineage {
        for base in syntax::bases(current) {
            match context.resolve(base).as_deref() {
                Some("enum.IntEnum") => kind = kind.or(Some(EnumKind::IntEnum)),
                Some("enum.StrEnum") => kind = kind.or(Some(EnumKind::StrEnum)),
                Some("enum.IntFlag") => kind = kind.or(Some(EnumKind::IntFlag)),
                Some("enum.Flag") => kind = kind.or(Some(EnumKind::Flag)),
                Some("enum.Enum" | "enum.ReprEnum") => kind = kind.or(Some(EnumKind::Enum)),
                Some("builtins.str") => mixin = mixin.or(Some("str")),
                Some("builtins.int") => mixin = mixin.or(Some("int")),
                Some("builtins.float") => mixin = mixin.or(Some("float")),
                Some("builtins.bytes") => mixin = mixin.or(Some("bytes")),
                _ => {}
            }
        }
    }
    match (kind, mixin) {
        (Some(EnumKind::Enum), Some(mixin)) => Some(EnumKind::Mixed(mixin)),
        (Some(kind), _) => Some(kind),
        (None, _) if is_enum(context, class) => Some(EnumKind::Enum),
        (None, _) => None,
    }
}

/// The assignments of an enum body that define members, in order: a plain name not spelled
/// `_sunder_` or `__dunder__`, not listed in `_ignore_`, whose value is not a lambda or a
/// `nonmember(...)`; with the name and value nodes.
pub fn enum_members<'tree>(context: &Context<'tree>, class: Node<'tree>) -> Vec<(Node<'tree>, Node<'tree>)> {
    let Some(body) = class.child_by_field_name("body") else { return Vec::new() };
    let mut cursor = body.walk();
    let assignments: Vec<Node> = body
        .named_children(&mut cursor)
        .filter(|statement| statement.kind() == "expression_statement")
        .filter_map(|statement| statement.named_child(0))
        .filter(|expression| expression.kind() == "assignment")
        .collect();
    let ignored: Vec<String> = assignments
        .iter()
        .filter(|assignment| assignment.child_by_field_name("left").is_some_and(|left| context.text_of(left) == "_ignore_"))
        .filter_map(|assignment| assignment.child_by_field_name("right"))
        .flat_map(|value| {
            let text = context.text_of(value);
            text.trim_matches(|c| matches!(c, '[' | ']' | '(' | ')'))
                .split([',', ' '])
                .map(|part| part.trim_matches(|c| c == '"' || c == '\'').to_owned())
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
        })
        .collect();
    assignments
        .into_iter()
        .filter_map(|assignment| {
            let left = assignment.child_by_field_name("left").filter(|left| left.kind() == "identifier")?;
            let right = assignment.child_by_field_name("right")?;
            let name = context.text_of(left);
            let special = (name.starts_with('_') && name.ends_with('_') && name.len() > 2) || ignored.iter().any(|other| other == name);
            let nonmember = right.kind() == "lambda"
                || (right.kind() == "call"
                    && right.child_by_field_name("function").and_then(|callee| context.resolve(callee)).as_deref()
                        == Some("enum.nonmember"));
            (!special && !nonmember).then_some((left, right))
        })
        .collect()
}

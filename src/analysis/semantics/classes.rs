//! Classes: which class statement a name means, the well-known classes from elsewhere, and the
//! C3 MRO of every class, memoised per analysis. The one place that answers these questions for
//! every topic, pitfall and fix.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use crate::analysis::syntax::{self, class_of_method, decorator_callee, decorators, snippet, text_of};
use crate::analysis::Context;

/// How deep a hierarchy is followed before it counts as unknown.
const MAX_DEPTH: usize = 200;

/// MRO entries listed in a note before it is cut short.
const MRO_SHOWN: usize = 6;

/// A class in an MRO: a class statement of this file, or a well-known class from elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link<'tree> {
    Local(Node<'tree>),
    Known(&'static KnownClass),
}

/// A class from outside the file whose MRO and attributes are fixed.
#[derive(Debug, PartialEq, Eq)]
pub struct KnownClass {
    pub qualified: &'static str,
    pub name: &'static str,
    /// Its MRO after itself, as qualified names of other `KNOWN` entries.
    pub mro_tail: &'static [&'static str],
    /// Names its own `__dict__` defines (methods that matter for `super()`).
    pub defines: &'static [&'static str],
}

pub const OBJECT: &str = "builtins.object";

static KNOWN: &[KnownClass] = &[
    KnownClass {
        qualified: OBJECT,
        name: "object",
        mro_tail: &[],
        defines: &[
            "__class__",
            "__delattr__",
            "__dir__",
            "__doc__",
            "__eq__",
            "__format__",
            "__ge__",
            "__getattribute__",
            "__getstate__",
            "__gt__",
            "__hash__",
            "__init__",
            "__init_subclass__",
            "__le__",
            "__lt__",
            "__ne__",
            "__new__",
            "__reduce__",
            "__reduce_ex__",
            "__repr__",
            "__setattr__",
            "__sizeof__",
            "__str__",
            "__subclasshook__",
        ],
    },
    KnownClass {
        qualified: "builtins.type",
        name: "type",
        mro_tail: &[OBJECT],
        defines: &[
            "__call__",
            "__delattr__",
            "__dir__",
            "__getattribute__",
            "__init__",
            "__instancecheck__",
            "__new__",
            "__or__",
            "__prepare__",
            "__repr__",
            "__ror__",
            "__setattr__",
            "__sizeof__",
            "__subclasscheck__",
            "__subclasses__",
            "mro",
        ],
    },
    KnownClass { qualified: "abc.ABC", name: "ABC", mro_tail: &[OBJECT], defines: &["__slots__"] },
    KnownClass {
        qualified: "builtins.Exception",
        name: "Exception",
        mro_tail: &["builtins.BaseException", OBJECT],
        defines: &["__init__", "__new__"],
    },
    KnownClass {
        qualified: "builtins.BaseException",
        name: "BaseException",
        mro_tail: &[OBJECT],
        defines: &["__init__", "__new__", "__reduce__", "__repr__", "__setstate__", "__str__", "add_note", "args", "with_traceback"],
    },
];

fn known(qualified: &str) -> Option<&'static KnownClass> {
    KNOWN.iter().find(|class| class.qualified == qualified)
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

#[derive(Debug, Clone, Copy)]
pub enum StoredLink {
    Local((usize, usize)),
    Known(&'static KnownClass),
}

/// The MROs of one analysis, by class statement (its node id): every topic and pitfall that
/// asks about a class shares them.
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
        let object = Link::Known(known(OBJECT).expect("object is in KNOWN"));
        if links.is_empty() {
            return Mro::Known(vec![Link::Local(class), object]);
        }
        let mut sequences = Vec::new();
        for link in &links {
            match self.link_mro(*link, depth + 1) {
                Mro::Known(sequence) => sequences.push(sequence),
                other => return other,
            }
        }
        sequences.push(links);
        match c3_merge(sequences) {
            Some(mut merged) => {
                merged.insert(0, Link::Local(class));
                Mro::Known(merged)
            }
            None => Mro::Conflict(class),
        }
    }

    /// The MRO of any link.
    pub fn link_mro(&self, link: Link<'tree>, depth: usize) -> Mro<'tree> {
        match link {
            Link::Local(class) => self.mro_at(class, depth),
            Link::Known(class) => {
                let mut sequence = vec![link];
                sequence.extend(class.mro_tail.iter().filter_map(|name| known(name)).map(Link::Known));
                Mro::Known(sequence)
            }
        }
    }

    /// What a base expression of `class` names: a class of this file or a well-known class.
    /// `Err` carries the base's text when it is defined elsewhere.
    pub fn base_link(&self, class: Node<'tree>, base: Node<'tree>) -> Result<Link<'tree>, String> {
        let shown = || snippet(self.context.text, base, 40);
        match self.context.resolve(base) {
            Some(qualified) => known(&qualified).map(Link::Known).ok_or_else(shown),
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
        let mut seen = Vec::new();
        let mut unknown = false;
        while let Some(current) = stack.pop() {
            if seen.contains(&current.id()) || seen.len() > MAX_DEPTH {
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
                    Some(qualified) if test(&qualified) => return Some(true),
                    Some(qualified) if known(&qualified).is_some() => {}
                    Some(_) => unknown = true,
                    None => match (base.kind() == "identifier").then(|| self.local_class(base, current)).flatten() {
                        Some(parent) => stack.push(parent),
                        None => unknown = true,
                    },
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
            Link::Known(class) => class.name.to_owned(),
        }
    }

    /// Whether the class's own namespace defines `attribute`.
    pub fn defines(&self, link: Link, attribute: &str) -> bool {
        match link {
            Link::Local(class) => body_names(self.context, class).iter().any(|name| name == attribute),
            Link::Known(class) => class.defines.contains(&attribute),
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
    !bound_elsewhere && !is_enum(context, class, 0)
}

/// Whether the decorator's callee resolves to `functools.lru_cache` or `functools.cache`.
pub fn is_cache_decorator(context: &Context, decorator: Node) -> bool {
    decorator_callee(decorator).and_then(|callee| context.resolve(callee)).is_some_and(|qualified| CACHES.contains(&qualified.as_str()))
}

/// Whether `class` is an Enum: an `enum` base or metaclass, directly or through classes of this file.
fn is_enum(context: &Context, class: Node, depth: usize) -> bool {
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
                .is_some_and(|other| other.id() != class.id() && is_enum(context, other, depth + 1))
    })
}

/// Builtin classes a base may name: their metaclass is `type`, so they add no `ABCMeta`.
pub const PLAIN_BUILTINS: &[&str] = &[
    "builtins.object",
    "builtins.Exception",
    "builtins.BaseException",
    "builtins.dict",
    "builtins.list",
    "builtins.tuple",
    "builtins.set",
    "builtins.frozenset",
    "builtins.str",
    "builtins.bytes",
    "builtins.int",
    "builtins.float",
];

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
        if base.kind() != "identifier" {
            return false;
        }
        match context.resolve(base) {
            Some(qualified) if PLAIN_BUILTINS.contains(&qualified.as_str()) => {}
            Some(_) => return false,
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

/// The decorator names of `dataclasses` that generate `__eq__` (and decide `__hash__`).
const DATACLASS_DECORATORS: &[&str] = &["dataclasses.dataclass", "pydantic.dataclasses.dataclass"];

/// The class decorators of `attrs` (`attr.s`, `attrs.define`, ...), which generate `__eq__` too.
const ATTRS_DECORATORS: &[&str] = &[
    "attr.s",
    "attr.attrs",
    "attr.define",
    "attr.mutable",
    "attr.frozen",
    "attr.dataclass",
    "attrs.define",
    "attrs.mutable",
    "attrs.frozen",
];

/// Whether `class` is decorated with `@dataclass` (bare, dotted or called): `dataclasses`'s or
/// another library's `dataclass` (pydantic, chex), or a `dataclass` whose origin the file does
/// not say (`from dataclasses import *`).
pub fn is_dataclass(context: &Context, class: Node) -> bool {
    has_class_decorator(context, class, DATACLASS_DECORATORS)
        || decorators(class).into_iter().any(|decorator| {
            let Some(callee) = decorator_callee(decorator) else { return false };
            let named_dataclass = syntax::last_name(callee).is_some_and(|name| context.text_of(name) == "dataclass");
            named_dataclass && context.resolve(callee).is_none_or(|qualified| qualified.ends_with(".dataclass"))
        })
}

/// Whether `class` is decorated with an attrs class decorator (`@attr.s`, `@attrs.define`, ...).
pub fn is_attrs_class(context: &Context, class: Node) -> bool {
    has_class_decorator(context, class, ATTRS_DECORATORS)
}

/// Whether `class` is a `typing.Protocol` (or `typing_extensions.Protocol`): a base, possibly
/// subscripted, directly or through classes of this file.
pub fn is_protocol(context: &Context, class: Node) -> bool {
    let is_base = |node: Node| {
        let node = if node.kind() == "subscript" { node.child_by_field_name("value").unwrap_or(node) } else { node };
        context.resolve(node).is_some_and(|qualified| matches!(qualified.as_str(), "typing.Protocol" | "typing_extensions.Protocol"))
    };
    syntax::bases(class).into_iter().any(is_base)
        || local_ancestors(context, class).into_iter().any(|ancestor| syntax::bases(ancestor).into_iter().any(is_base))
}

fn has_class_decorator(context: &Context, class: Node, names: &[&str]) -> bool {
    decorators(class).into_iter().any(|decorator| {
        decorator_callee(decorator).and_then(|callee| context.resolve(callee)).is_some_and(|qualified| names.contains(&qualified.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Knowledge;

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

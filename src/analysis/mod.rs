//! Whole-file analysis: the constructs (topic anchors) and pitfalls of one syntax tree.
//! No IO, never fails, never runs user code; a half-typed file is ordinary input.

pub mod pitfalls;
mod registry;
pub mod semantics;
pub mod syntax;
pub mod topics;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use tree_sitter::{Node, Tree};

use crate::knowledge::{Knowledge, Severity, Topic, TopicId};
pub use semantics::imports::Imports;

/// One construct: a topic's anchor token, with what this occurrence means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub topic: String,
    /// Byte range of the anchor token.
    pub anchor: Range<usize>,
    /// Markdown lines about this occurrence ("delegates to `inner()`").
    pub notes: Vec<String>,
    /// A page about this occurrence when it is not the topic's own (`json.load` in the
    /// serialization topic, whose entry links to pickle's page).
    pub docs: Option<String>,
}

/// One pitfall diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The pitfall id, which is the diagnostic's `code`.
    pub code: String,
    pub topic: String,
    pub range: Range<usize>,
    pub message: String,
    pub severity: Severity,
    /// A higher severity from a Python version on, `(major, minor, severity)`: what this code
    /// does changed there (a default rejected at class creation from 3.11). `ide::diagnostics`
    /// applies it against `pythonVersion`.
    pub severity_from: Option<(u32, u32, Severity)>,
    /// Set when the finding holds only for code that must run on Python versions below this one
    /// (an annotation that 3.14 no longer evaluates at definition time): `ide` drops it when
    /// `pythonVersion` is at least that.
    pub below_python: Option<(u32, u32)>,
    /// Set when the finding does not apply to a stub (`.pyi`) file, which never runs.
    pub not_in_stubs: bool,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// Sorted by anchor start, then topic.
    pub occurrences: Vec<Occurrence>,
    /// Sorted by range start, then code.
    pub findings: Vec<Finding>,
}

impl Analysis {
    /// The occurrences whose anchor contains `offset` (the character after the cursor).
    pub fn occurrences_at(&self, offset: usize) -> Vec<&Occurrence> {
        let end = self.occurrences.partition_point(|occurrence| occurrence.anchor.start <= offset);
        self.occurrences[..end].iter().filter(|occurrence| offset < occurrence.anchor.end).collect()
    }
}

/// What detectors read: the text, the tree, the import table and the nodes grouped by kind.
pub struct Context<'tree> {
    pub text: &'tree str,
    pub tree: &'tree Tree,
    pub imports: Imports,
    pub knowledge: &'tree Knowledge,
    /// Nodes by canonical kind id (see `kind_index`), in document order.
    by_kind: Vec<Vec<Node<'tree>>>,
    /// Positions in `nodes("identifier")` by identifier text, built on first use. It holds no
    /// `'tree` borrow, so `Context` stays covariant.
    identifiers: std::cell::OnceCell<HashMap<Box<str>, Vec<u32>>>,
    /// Set when only a window of the file was indexed (`Context::around`): facts about the whole
    /// file (names, classes) then come from `file_facts`, taken from `shared_facts` (the
    /// document's, built once per version) or built here on first use.
    window: Option<Range<usize>>,
    shared_facts: Option<&'tree FileFactsCache>,
    file_facts: std::cell::OnceCell<Arc<FileFacts>>,
    /// The MRO of each class statement, computed once per analysis (`semantics::classes`).
    mros: semantics::classes::MroCache,
    /// The summaries of the workspace's other modules, where a base class may be defined.
    index: Option<&'tree semantics::index::Index>,
}

/// The kinds a windowed `Context` looks for over the whole file (`file_nodes`): statements and
/// their parts, which a walk finds without entering expressions (see `statement_holders`).
const FILE_KINDS: &[&str] =
    &["import_statement", "import_from_statement", "aliased_import", "decorator", "assignment", "augmented_assignment", "class_definition"];

/// Byte ranges of the nodes of the whole file, by kind: what a windowed `Context` asks about the
/// file. Owned data, not nodes, so one version's windows can share it (`FileFactsCache`) without
/// borrowing the tree. Identifiers are found through the text instead (`Context::identifiers_named`).
#[derive(Debug, Default)]
pub struct FileFacts {
    /// The ranges of the nodes of `FILE_KINDS` by canonical kind id (see `kind_index`), in
    /// document order; other slots are empty.
    statements: Vec<Vec<(usize, usize)>>,
    /// Every node's range by canonical kind id, for the other kinds: a walk of the whole tree, on
    /// first use. The last slot holds ERROR nodes, as in `Context::by_kind`.
    everything: std::sync::OnceLock<Vec<Vec<(usize, usize)>>>,
}

impl FileFacts {
    /// One walk of the tree that enters only the nodes that can hold one of `FILE_KINDS`, and
    /// those with a syntax error below them, where anything goes.
    pub fn build(tree: &Tree) -> Self {
        let index = kind_index();
        let holders = statement_holders();
        let wanted: Vec<usize> = FILE_KINDS.iter().filter_map(|kind| index.by_name.get(kind)).map(|id| *id as usize).collect();
        let mut statements: Vec<Vec<(usize, usize)>> = vec![Vec::new(); index.canonical.len() + 1];
        walk(tree.root_node(), |node| {
            let slot = index.canonical.get(node.kind_id() as usize).map_or(usize::MAX, |id| *id as usize);
            if wanted.contains(&slot) {
                if let Some(ranges) = statements.get_mut(slot) {
                    ranges.push((node.start_byte(), node.end_byte()));
                }
            }
            holders.get(slot).copied().unwrap_or(false) || node.has_error()
        });
        FileFacts { statements, everything: std::sync::OnceLock::new() }
    }

    /// The ranges of the nodes of `kind` in `tree`, the tree these facts were built from.
    fn of_kind(&self, tree: &Tree, kind: &str) -> &[(usize, usize)] {
        let index = kind_index();
        let slot = if kind == "ERROR" { Some(index.canonical.len()) } else { index.by_name.get(kind).map(|id| *id as usize) };
        let Some(slot) = slot else { return &[] };
        if FILE_KINDS.contains(&kind) {
            return self.statements.get(slot).map(Vec::as_slice).unwrap_or(&[]);
        }
        let everything = self.everything.get_or_init(|| {
            let all = index_nodes(tree.root_node(), |_| Visit::Index);
            all.iter().map(|nodes| nodes.iter().map(|node| (node.start_byte(), node.end_byte())).collect()).collect()
        });
        everything.get(slot).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// By canonical kind id: whether a node of that kind can hold a node of one of `FILE_KINDS`
/// (at any depth) in a tree without syntax errors, as the grammar's node types say.
fn statement_holders() -> &'static [bool] {
    static HOLDERS: std::sync::OnceLock<Vec<bool>> = std::sync::OnceLock::new();
    HOLDERS.get_or_init(|| {
        let index = kind_index();
        let mut holders = vec![false; index.canonical.len() + 1];
        let types: Vec<serde_json::Value> =
            serde_json::from_str(tree_sitter_python::NODE_TYPES).expect("tree-sitter-python's node types are JSON");
        // Supertypes (`expression`, `_simple_statement`...) stand for their subtypes.
        let subtypes: HashMap<&str, Vec<&str>> = types
            .iter()
            .filter_map(|node| {
                let names = node.get("subtypes")?.as_array()?.iter().filter_map(|sub| sub.get("type")?.as_str()).collect();
                Some((node.get("type")?.as_str()?, names))
            })
            .collect();
        let mut parents: HashMap<&str, Vec<&str>> = HashMap::new();
        for node in &types {
            let Some(parent) = node.get("type").and_then(serde_json::Value::as_str) else { continue };
            let fields = node.get("fields").and_then(serde_json::Value::as_object).into_iter().flat_map(|fields| fields.values());
            let children = fields.chain(node.get("children"));
            for child in children.filter_map(|child| child.get("types")?.as_array()).flatten() {
                let Some(name) = child.get("type").and_then(serde_json::Value::as_str) else { continue };
                let mut pending = vec![name];
                while let Some(name) = pending.pop() {
                    match subtypes.get(name) {
                        Some(concrete) => pending.extend(concrete.iter().copied()),
                        None => parents.entry(name).or_default().push(parent),
                    }
                }
            }
        }
        let mut pending: Vec<&str> = FILE_KINDS.to_vec();
        let mut seen: Vec<&str> = Vec::new();
        while let Some(kind) = pending.pop() {
            for parent in parents.get(kind).into_iter().flatten() {
                if !seen.contains(parent) {
                    seen.push(parent);
                    pending.push(parent);
                    if let Some(slot) = index.by_name.get(parent) {
                        holders[*slot as usize] = true;
                    }
                }
            }
        }
        holders
    })
}

/// The `FileFacts` of one text and tree (a document version), built by the first window that
/// needs them; the others wait for that build rather than repeat it.
#[derive(Debug, Default)]
pub struct FileFactsCache {
    facts: Mutex<Option<Arc<FileFacts>>>,
}

impl FileFactsCache {
    /// The facts of `tree`, which must be the same (or an equal parse) for every call on one cache.
    pub fn get_or_build(&self, tree: &Tree) -> Arc<FileFacts> {
        let mut slot = self.facts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(slot.get_or_insert_with(|| Arc::new(FileFacts::build(tree))))
    }

    /// Whether the facts are built and held.
    pub fn is_built(&self) -> bool {
        self.facts.lock().unwrap_or_else(std::sync::PoisonError::into_inner).is_some()
    }

    /// Drops the facts (they are rebuilt if asked again), once no window needs them.
    pub fn clear(&self) {
        let taken = self.facts.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        drop(taken);
    }
}

/// Kind names to a canonical kind id: tree-sitter gives some names several ids (aliases), and
/// `Context` files all of them under the first.
struct KindIndex {
    canonical: Vec<u16>,
    by_name: HashMap<&'static str, u16>,
}

fn kind_index() -> &'static KindIndex {
    static INDEX: std::sync::OnceLock<KindIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let language = crate::document::language();
        let count = language.node_kind_count();
        let mut by_name: HashMap<&'static str, u16> = HashMap::new();
        let mut canonical = Vec::with_capacity(count);
        for id in 0..count as u16 {
            let name = language.node_kind_for_id(id).unwrap_or("");
            let first = *by_name.entry(name).or_insert(id);
            canonical.push(first);
        }
        KindIndex { canonical, by_name }
    })
}

/// What `index_nodes` does with a node.
enum Visit {
    /// Index it and walk its children.
    Index,
    /// Index it but not its children.
    IndexOnly,
    /// Neither.
    Skip,
}

/// Nodes by canonical kind id, in document order, as `visit` decides. The last slot holds ERROR
/// nodes, whose kind id lies outside the language's table.
fn index_nodes<'tree>(root: Node<'tree>, visit: impl Fn(Node<'tree>) -> Visit) -> Vec<Vec<Node<'tree>>> {
    let index = kind_index();
    let mut by_kind: Vec<Vec<Node<'tree>>> = vec![Vec::new(); index.canonical.len() + 1];
    walk(root, |node| {
        let decision = visit(node);
        if matches!(decision, Visit::Index | Visit::IndexOnly) {
            let slot = if node.is_error() {
                by_kind.len() - 1
            } else {
                index.canonical.get(node.kind_id() as usize).map_or(usize::MAX, |id| *id as usize)
            };
            if let Some(slot) = by_kind.get_mut(slot) {
                slot.push(node);
            }
        }
        matches!(decision, Visit::Index)
    });
    by_kind
}

/// The subtree of `root` in pre-order, with a cursor: no recursion, so deep nesting cannot
/// overflow. `visit` says whether to enter each node's children.
pub fn walk<'tree>(root: Node<'tree>, mut visit: impl FnMut(Node<'tree>) -> bool) {
    let mut cursor = root.walk();
    'walk: loop {
        if visit(cursor.node()) && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                continue 'walk;
            }
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
}

fn lookup<'a, 'tree>(by_kind: &'a [Vec<Node<'tree>>], kind: &str) -> &'a [Node<'tree>] {
    if kind == "ERROR" {
        return by_kind.last().map(Vec::as_slice).unwrap_or(&[]);
    }
    kind_index().by_name.get(kind).and_then(|id| by_kind.get(*id as usize)).map(Vec::as_slice).unwrap_or(&[])
}

impl<'tree> Context<'tree> {
    pub fn new(text: &'tree str, tree: &'tree Tree, knowledge: &'tree Knowledge) -> Self {
        let root = tree.root_node();
        let by_kind = index_nodes(root, |_| Visit::Index);
        let imports = Imports::build(text, &|kind| lookup(&by_kind, kind));
        Context::assemble(text, tree, knowledge, imports, by_kind, None, None)
    }

    /// A context that indexes only `window` (a statement of the module or of a class body, as
    /// `window_around` picks it) for detectors, and the bindings a name in it can see for name
    /// resolution: hover computes the facts under the cursor without analysing the whole file.
    /// `shared_facts` holds the whole-file facts of this text and tree for every window of it.
    pub fn around(
        text: &'tree str,
        tree: &'tree Tree,
        knowledge: &'tree Knowledge,
        window: Range<usize>,
        shared_facts: Option<&'tree FileFactsCache>,
    ) -> Self {
        let root = tree.root_node();
        // Nodes that start in the window (a class header window indexes the class node too), and
        // the window's ancestors, so a method's class is seen; other subtrees are skipped.
        let inside = |node: Node| window.start <= node.start_byte() && node.start_byte() < window.end;
        let by_kind =
            index_nodes(root, |node| if inside(node) || node.byte_range().contains(&window.start) { Visit::Index } else { Visit::Skip });
        // Bindings: the window, every scope around it, and what the module binds, without the
        // bodies of the other defs and classes.
        let bindings = index_nodes(root, |node| {
            if inside(node) || node.byte_range().contains(&window.start) {
                Visit::Index
            } else if syntax::SCOPE_KINDS.contains(&node.kind()) {
                Visit::IndexOnly
            } else {
                Visit::Index
            }
        });
        let imports = Imports::build(text, &|kind| lookup(&bindings, kind));
        Context::assemble(text, tree, knowledge, imports, by_kind, Some(window), shared_facts)
    }

    /// This context resolving base classes defined in other modules through `index` too.
    pub fn with_index(mut self, index: Option<&'tree semantics::index::Index>) -> Self {
        self.index = index;
        self
    }

    /// The workspace index the analysis was given, if any.
    pub fn index(&self) -> Option<&'tree semantics::index::Index> {
        self.index
    }

    /// This context resolving relative imports in `package` (`ourlib` for `ourlib/jobs.py`).
    pub fn with_package(mut self, package: Option<&str>) -> Self {
        self.imports.set_package(package);
        self
    }

    fn assemble(
        text: &'tree str,
        tree: &'tree Tree,
        knowledge: &'tree Knowledge,
        imports: Imports,
        by_kind: Vec<Vec<Node<'tree>>>,
        window: Option<Range<usize>>,
        shared_facts: Option<&'tree FileFactsCache>,
    ) -> Self {
        Context {
            text,
            tree,
            imports,
            knowledge,
            by_kind,
            identifiers: std::cell::OnceCell::new(),
            window,
            shared_facts,
            file_facts: std::cell::OnceCell::new(),
            mros: semantics::classes::MroCache::default(),
            index: None,
        }
    }

    fn file_facts(&self) -> &FileFacts {
        self.file_facts.get_or_init(|| match self.shared_facts {
            Some(shared) => shared.get_or_build(self.tree),
            None => Arc::new(FileFacts::build(self.tree)),
        })
    }

    /// The class statement with exactly this byte range.
    pub(crate) fn class_at(&self, range: (usize, usize)) -> Option<Node<'tree>> {
        self.node_at(range, "class_definition")
    }

    /// A node of the file from its exact byte range (the smallest node spanning it).
    fn node_at(&self, range: (usize, usize), kind: &str) -> Option<Node<'tree>> {
        let mut node = self.tree.root_node().descendant_for_byte_range(range.0, range.1)?;
        while node.kind() != kind || node.start_byte() != range.0 || node.end_byte() != range.1 {
            node = node.parent()?;
        }
        Some(node)
    }

    /// Every node of `kind` in the whole file, even in a windowed context: for facts about the
    /// file (where a class is used, which imports exist) rather than for anchors.
    pub fn file_nodes(&self, kind: &str) -> Vec<Node<'tree>> {
        if self.window.is_none() {
            return self.nodes(kind).to_vec();
        }
        self.file_facts().of_kind(self.tree, kind).iter().filter_map(|range| self.node_at(*range, kind)).collect()
    }

    /// The node to analyse: the window's statement (or class) in a windowed context, else the
    /// whole tree. For detectors that walk a subtree themselves.
    pub fn scope_root(&self) -> Node<'tree> {
        let root = self.tree.root_node();
        match &self.window {
            Some(window) => root.descendant_for_byte_range(window.start, window.end.saturating_sub(1).max(window.start)).unwrap_or(root),
            None => root,
        }
    }

    /// Every class statement of the file, in document order (the whole file even in a window).
    pub fn file_classes(&self) -> Vec<Node<'tree>> {
        if self.window.is_none() {
            return self.nodes("class_definition").to_vec();
        }
        self.file_facts()
            .of_kind(self.tree, "class_definition")
            .iter()
            .filter_map(|range| self.node_at(*range, "class_definition"))
            .collect()
    }

    /// Every node of `kind`, in document order.
    /// The nodes of `kind` that start inside `range`, in document order.
    pub fn nodes_in(&self, kind: &str, range: Range<usize>) -> &[Node<'tree>] {
        let nodes = self.nodes(kind);
        let start = nodes.partition_point(|node| node.start_byte() < range.start);
        let end = nodes.partition_point(|node| node.start_byte() < range.end);
        &nodes[start..end.max(start)]
    }

    /// Every identifier spelled `name`, in document order: what detectors scan instead of every
    /// identifier of the file, so a check per candidate stays cheap.
    pub fn identifiers_named(&self, name: &str) -> Vec<Node<'tree>> {
        if self.window.is_some() {
            // Every place the text spells `name`, kept where an identifier token spans exactly
            // that (not inside a longer name, a string or a comment), in document order.
            let mut found = Vec::new();
            let mut from = 0;
            while let Some(at) = self.text.get(from..).and_then(|rest| rest.find(name)).filter(|_| !name.is_empty()) {
                let start = from + at;
                found.extend(self.node_at((start, start + name.len()), "identifier"));
                from = start + name.chars().next().map_or(1, char::len_utf8);
            }
            return found;
        }
        let all = self.nodes("identifier");
        let index = self.identifiers.get_or_init(|| {
            let mut index: HashMap<Box<str>, Vec<u32>> = HashMap::new();
            for (position, identifier) in all.iter().enumerate() {
                index.entry(syntax::text_of(self.text, *identifier).into()).or_default().push(position as u32);
            }
            index
        });
        index
            .get(name)
            .map(|positions| positions.iter().filter_map(|position| all.get(*position as usize).copied()).collect())
            .unwrap_or_default()
    }

    /// The `kind` statements (`class_definition`, `function_definition`) named `name`, in
    /// document order, over the whole file.
    pub fn definitions_named(&self, kind: &str, name: &str) -> Vec<Node<'tree>> {
        self.identifiers_named(name)
            .iter()
            .filter_map(|identifier| {
                let parent = identifier.parent()?;
                (parent.kind() == kind && parent.child_by_field_name("name").is_some_and(|found| found.id() == identifier.id()))
                    .then_some(parent)
            })
            .collect()
    }

    pub fn nodes(&self, kind: &str) -> &[Node<'tree>] {
        lookup(&self.by_kind, kind)
    }

    pub fn text_of(&self, node: Node) -> &'tree str {
        syntax::text_of(self.text, node)
    }

    /// The qualified name an identifier or dotted attribute refers to, through this file's imports.
    pub fn resolve(&self, node: Node) -> Option<String> {
        self.imports.resolve(self.text, node)
    }

    pub fn occurrence(&self, topic: &str, anchor: Node, notes: Vec<String>) -> Occurrence {
        Occurrence { topic: topic.to_owned(), anchor: anchor.byte_range(), notes, docs: None }
    }
}

/// Analyses one file. The result depends only on the text and the knowledge.
pub fn analyze(text: &str, tree: &Tree, knowledge: &Knowledge) -> Analysis {
    analyze_in(text, tree, knowledge, None)
}

/// `analyze` for a file of `package`, whose relative imports resolve to qualified names.
pub fn analyze_in(text: &str, tree: &Tree, knowledge: &Knowledge, package: Option<&str>) -> Analysis {
    analyze_indexed(text, tree, knowledge, package, None)
}

/// `analyze_in`, with the workspace's other modules summarised in `index`.
pub fn analyze_indexed(
    text: &str,
    tree: &Tree,
    knowledge: &Knowledge,
    package: Option<&str>,
    index: Option<&semantics::index::Index>,
) -> Analysis {
    let context = Context::new(text, tree, knowledge).with_package(package).with_index(index);
    analyze_context(&context, None, &|| false).unwrap_or_default()
}

/// `analyze`, unless `cancelled` returns true when asked (between detectors): then `None`, and
/// the partial result is dropped.
pub fn analyze_unless(
    text: &str,
    tree: &Tree,
    knowledge: &Knowledge,
    package: Option<&str>,
    index: Option<&semantics::index::Index>,
    cancelled: &dyn Fn() -> bool,
) -> Option<Analysis> {
    if cancelled() {
        return None;
    }
    analyze_context(&Context::new(text, tree, knowledge).with_package(package).with_index(index), None, cancelled)
}

/// The constructs and pitfalls of the statement around `offset` only (a statement of the module
/// or of a class body; a class's header when the offset is there): what a hover needs, without
/// analysing the whole file. Equal to the part of `analyze` that starts in that window.
pub fn analyze_around(text: &str, tree: &Tree, knowledge: &Knowledge, offset: usize) -> (Range<usize>, Analysis) {
    analyze_around_sharing(text, tree, knowledge, offset, None, None, None)
}

/// `analyze_around`, taking the whole-file facts it needs from `shared_facts` (built there once
/// for every window of this text and tree).
pub fn analyze_around_sharing(
    text: &str,
    tree: &Tree,
    knowledge: &Knowledge,
    offset: usize,
    shared_facts: Option<&FileFactsCache>,
    package: Option<&str>,
    index: Option<&semantics::index::Index>,
) -> (Range<usize>, Analysis) {
    let window = window_around(tree, offset);
    let context = Context::around(text, tree, knowledge, window.clone(), shared_facts).with_package(package).with_index(index);
    (window.clone(), analyze_context(&context, Some(window), &|| false).unwrap_or_default())
}

/// The statement of the module or of a class body holding `offset`; for a class statement
/// whose body does not hold it, the class's header (decorators, name, bases).
pub fn window_around(tree: &Tree, offset: usize) -> Range<usize> {
    let root = tree.root_node();
    let Some(mut node) = root.descendant_for_byte_range(offset, offset) else { return root.byte_range() };
    loop {
        let Some(parent) = node.parent() else { return root.byte_range() };
        // A class member is a window only when no function encloses the class: a function
        // around it could bind names the member's closures capture.
        let member = parent.kind() == "module"
            || (parent.kind() == "block"
                && parent.parent().is_some_and(|class| class.kind() == "class_definition")
                && syntax::ancestor(parent, &["function_definition", "lambda"]).is_none());
        if member {
            let class = if node.kind() == "decorated_definition" { node.child_by_field_name("definition") } else { Some(node) };
            if let Some(body) = class.filter(|class| class.kind() == "class_definition").and_then(|class| class.child_by_field_name("body"))
            {
                if offset < body.start_byte() {
                    return node.start_byte()..body.start_byte();
                }
            }
            return node.byte_range();
        }
        node = parent;
    }
}

/// `None` when `cancelled` returned true.
fn analyze_context(context: &Context, window: Option<Range<usize>>, cancelled: &dyn Fn() -> bool) -> Option<Analysis> {
    let knowledge = context.knowledge;
    let in_window = |range: &Range<usize>| window.as_ref().is_none_or(|window| window.start <= range.start && range.start < window.end);
    let mut occurrences = Vec::new();
    for topic in knowledge.topics() {
        if cancelled() {
            return None;
        }
        detect_topic(context, topic, &mut occurrences);
    }
    occurrences.retain(|occurrence| in_window(&occurrence.anchor));
    occurrences.sort_by(|a, b| (a.anchor.start, a.anchor.end, &a.topic).cmp(&(b.anchor.start, b.anchor.end, &b.topic)));
    occurrences.dedup_by(|later, earlier| later.topic == earlier.topic && later.anchor == earlier.anchor);

    let mut findings = Vec::new();
    if !pitfalls::check_unless(context, &mut findings, cancelled) {
        return None;
    }
    findings.retain(|finding| in_window(&finding.range));
    findings.sort_by(|a, b| (a.range.start, &a.code).cmp(&(b.range.start, &b.code)));
    findings.dedup_by(|later, earlier| later.code == earlier.code && later.range == earlier.range);
    Some(Analysis { occurrences, findings })
}

/// Anchors of one topic: its query, its name lists, and its Rust detector.
fn detect_topic(context: &Context, topic: &Topic, out: &mut Vec<Occurrence>) {
    let start = out.len();
    if let Some(query) = topic.query() {
        let anchors = match topic.query_roots() {
            Some(kinds) => {
                let roots: Vec<Node> = kinds.iter().flat_map(|kind| context.nodes(kind).iter().copied()).collect();
                syntax::query_anchors_at(query, &roots, context.text)
            }
            None => syntax::query_anchors(query, context.tree.root_node(), context.text),
        };
        for anchor in anchors {
            out.push(context.occurrence(&topic.id, anchor, Vec::new()));
        }
    }
    for anchor in topics::names::anchors(context, &topic.anchors) {
        out.push(context.occurrence(&topic.id, anchor, Vec::new()));
    }
    if let Some(id) = TopicId::from_id(&topic.id) {
        registry::detect(id, context, out);
    }
    // Occurrence notes (and a page of their own) for anchors found by data (queries, name lists).
    let id = TopicId::from_id(&topic.id);
    for occurrence in &mut out[start..] {
        if !occurrence.notes.is_empty() && (occurrence.docs.is_some() || id.is_none()) {
            continue;
        }
        let Some(node) = context.tree.root_node().descendant_for_byte_range(occurrence.anchor.start, occurrence.anchor.end) else {
            continue;
        };
        if occurrence.notes.is_empty() {
            occurrence.notes = match id {
                Some(id) => registry::notes(id, context, node),
                // A workspace pack's topic: what its anchor names here.
                None => topics::names::notes(context, node),
            };
        }
        if occurrence.docs.is_none() {
            occurrence.docs = id.and_then(|id| registry::docs(id, context, node));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The statement walk of `FileFacts` finds what a walk of every node finds, on clean code and
    /// on code whose errors put statements where the grammar has none.
    #[test]
    fn file_facts_find_every_statement_node() {
        let texts = [
            "import os, a.b as c\nfrom x import (y as z, w)\n\ndef f():\n    from typing import Final\n    a = b = 1\n    a += 2\n    class C:\n        @dec\n        def m(self): pass\n",
            "match p:\n    case Point(x=0) if (y := 1):\n        import q\n        r = 1\n\nwith open(f) as g, h:\n    for i in j:\n        while k:\n            try:\n                l: int = 1\n            except E:\n                m -= 1\n            else:\n                class D: pass\n            finally:\n                n = lambda: (o := 2)\n",
            "def broken(:\n    import os\n    x = 1\nfoo(x = = 1)\nclass A(\n@dec\nif y:\n    z = [w for w in v if (u := w)]\n",
            "x = (\n    import os\n)\nf(a, b = 1, c = d = 2)\n@\ndef g(): from . import h\n",
        ];
        for text in texts {
            let tree = crate::document::parse(text, None);
            let facts = FileFacts::build(&tree);
            let all = index_nodes(tree.root_node(), |_| Visit::Index);
            for kind in FILE_KINDS {
                let expected: Vec<(usize, usize)> = lookup(&all, kind).iter().map(|node| (node.start_byte(), node.end_byte())).collect();
                assert_eq!(facts.of_kind(&tree, kind), expected.as_slice(), "{kind} in {text:?}");
            }
        }
    }
}

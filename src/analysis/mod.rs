//! Whole-file analysis: the constructs (topic anchors) and pitfalls of one syntax tree.
//! No IO, never fails, never runs user code; a half-typed file is ordinary input.

pub mod imports;
pub mod pitfalls;
pub mod syntax;
pub mod topics;

use std::collections::HashMap;
use std::ops::Range;

use tree_sitter::{Node, Tree};

use crate::knowledge::{Knowledge, Severity, Topic};
pub use imports::Imports;

/// One construct: a topic's anchor token, with what this occurrence means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub topic: String,
    /// Byte range of the anchor token.
    pub anchor: Range<usize>,
    /// Markdown lines about this occurrence ("delegates to `inner()`").
    pub notes: Vec<String>,
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
    /// file (names, classes) then come from `file_facts`, built on first use.
    window: Option<Range<usize>>,
    file_facts: std::cell::OnceCell<FileFacts>,
}

/// Byte ranges of identifiers (by text) and classes over the whole file, for a windowed context.
/// Ranges, not nodes, so `Context` stays covariant in `'tree`.
#[derive(Default)]
struct FileFacts {
    identifiers: HashMap<Box<str>, Vec<(usize, usize)>>,
    classes: Vec<(usize, usize)>,
    /// Every node's range by canonical kind id, as `Context::by_kind` holds nodes.
    by_kind: Vec<Vec<(usize, usize)>>,
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
    let mut cursor = root.walk();
    // Pre-order walk with an explicit cursor: no recursion, so deep nesting cannot overflow.
    'walk: loop {
        let node = cursor.node();
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
        if matches!(decision, Visit::Index) && cursor.goto_first_child() {
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
    by_kind
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
        Context::assemble(text, tree, knowledge, imports, by_kind, None)
    }

    /// A context that indexes only `window` (a statement of the module or of a class body, as
    /// `window_around` picks it) for detectors, and the bindings a name in it can see for name
    /// resolution: hover computes the facts under the cursor without analysing the whole file.
    pub fn around(text: &'tree str, tree: &'tree Tree, knowledge: &'tree Knowledge, window: Range<usize>) -> Self {
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
        Context::assemble(text, tree, knowledge, imports, by_kind, Some(window))
    }

    fn assemble(
        text: &'tree str,
        tree: &'tree Tree,
        knowledge: &'tree Knowledge,
        imports: Imports,
        by_kind: Vec<Vec<Node<'tree>>>,
        window: Option<Range<usize>>,
    ) -> Self {
        Context {
            text,
            tree,
            imports,
            knowledge,
            by_kind,
            identifiers: std::cell::OnceCell::new(),
            window,
            file_facts: std::cell::OnceCell::new(),
        }
    }

    fn file_facts(&self) -> &FileFacts {
        self.file_facts.get_or_init(|| {
            let mut facts = FileFacts::default();
            let all = index_nodes(self.tree.root_node(), |_| Visit::Index);
            for identifier in lookup(&all, "identifier") {
                facts
                    .identifiers
                    .entry(syntax::text_of(self.text, *identifier).into())
                    .or_default()
                    .push((identifier.start_byte(), identifier.end_byte()));
            }
            facts.classes = lookup(&all, "class_definition").iter().map(|class| (class.start_byte(), class.end_byte())).collect();
            facts.by_kind = all.iter().map(|nodes| nodes.iter().map(|node| (node.start_byte(), node.end_byte())).collect()).collect();
            facts
        })
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
        let slot = if kind == "ERROR" { Some(kind_index().canonical.len()) } else { kind_index().by_name.get(kind).map(|id| *id as usize) };
        let Some(ranges) = slot.and_then(|slot| self.file_facts().by_kind.get(slot)) else { return Vec::new() };
        ranges.iter().filter_map(|range| self.node_at(*range, kind)).collect()
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
        self.file_facts().classes.iter().filter_map(|range| self.node_at(*range, "class_definition")).collect()
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
            let ranges = self.file_facts().identifiers.get(name).map(Vec::as_slice).unwrap_or(&[]);
            return ranges.iter().filter_map(|range| self.node_at(*range, "identifier")).collect();
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

    /// The class statements named `name`, in document order.
    pub fn classes_named(&self, name: &str) -> Vec<Node<'tree>> {
        self.definitions_named("class_definition", name)
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
        Occurrence { topic: topic.to_owned(), anchor: anchor.byte_range(), notes }
    }
}

/// Analyses one file. The result depends only on the text and the knowledge.
pub fn analyze(text: &str, tree: &Tree, knowledge: &Knowledge) -> Analysis {
    analyze_context(&Context::new(text, tree, knowledge), None)
}

/// The constructs and pitfalls of the statement around `offset` only (a statement of the module
/// or of a class body; a class's header when the offset is there): what a hover needs, without
/// analysing the whole file. Equal to the part of `analyze` that starts in that window.
pub fn analyze_around(text: &str, tree: &Tree, knowledge: &Knowledge, offset: usize) -> (Range<usize>, Analysis) {
    let window = window_around(tree, offset);
    let context = Context::around(text, tree, knowledge, window.clone());
    (window.clone(), analyze_context(&context, Some(window)))
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

fn analyze_context(context: &Context, window: Option<Range<usize>>) -> Analysis {
    let (text, knowledge) = (context.text, context.knowledge);
    let in_window = |range: &Range<usize>| window.as_ref().is_none_or(|window| window.start <= range.start && range.start < window.end);
    let mut occurrences = Vec::new();
    for topic in knowledge.topics() {
        detect_topic(context, topic, &mut occurrences);
    }
    occurrences.retain(|occurrence| in_window(&occurrence.anchor));
    occurrences.sort_by(|a, b| (a.anchor.start, a.anchor.end, &a.topic).cmp(&(b.anchor.start, b.anchor.end, &b.topic)));
    occurrences.dedup_by(|later, earlier| later.topic == earlier.topic && later.anchor == earlier.anchor);

    let mut findings = Vec::new();
    pitfalls::check(context, &mut findings);
    findings.retain(|finding| in_window(&finding.range));
    findings.retain(|finding| !pitfalls::ignored_on_line(text, finding));
    findings.sort_by(|a, b| (a.range.start, &a.code).cmp(&(b.range.start, &b.code)));
    findings.dedup_by(|later, earlier| later.code == earlier.code && later.range == earlier.range);
    Analysis { occurrences, findings }
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
    topics::detect(&topic.id, context, out);
    // Occurrence notes for anchors found by data (queries, name lists).
    for occurrence in &mut out[start..] {
        if occurrence.notes.is_empty() {
            if let Some(node) = context.tree.root_node().descendant_for_byte_range(occurrence.anchor.start, occurrence.anchor.end) {
                occurrence.notes = topics::notes(&topic.id, context, node);
            }
        }
    }
}

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

impl<'tree> Context<'tree> {
    pub fn new(text: &'tree str, tree: &'tree Tree, knowledge: &'tree Knowledge) -> Self {
        let root = tree.root_node();
        let index = kind_index();
        let mut by_kind: Vec<Vec<Node<'tree>>> = vec![Vec::new(); index.canonical.len() + 1];
        let mut cursor = root.walk();
        // Pre-order walk with an explicit cursor: no recursion, so deep nesting cannot overflow.
        'walk: loop {
            let node = cursor.node();
            // ERROR nodes carry a kind id outside the language's table: they get the last slot.
            let slot = if node.is_error() { by_kind.len() - 1 } else { index.canonical.get(node.kind_id() as usize).map_or(usize::MAX, |id| *id as usize) };
            if let Some(slot) = by_kind.get_mut(slot) {
                slot.push(node);
            }
            if cursor.goto_first_child() {
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
        let lookup = |kind: &str| -> &[Node<'tree>] {
            let by_kind = &by_kind;
            if kind == "ERROR" {
                return by_kind.last().map(Vec::as_slice).unwrap_or(&[]);
            }
            index.by_name.get(kind).and_then(|id| by_kind.get(*id as usize)).map(Vec::as_slice).unwrap_or(&[])
        };
        let imports = Imports::build(text, &lookup);
        Context { text, tree, imports, knowledge, by_kind, identifiers: std::cell::OnceCell::new() }
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
        let all = self.nodes("identifier");
        let index = self.identifiers.get_or_init(|| {
            let mut index: HashMap<Box<str>, Vec<u32>> = HashMap::new();
            for (position, identifier) in all.iter().enumerate() {
                index.entry(syntax::text_of(self.text, *identifier).into()).or_default().push(position as u32);
            }
            index
        });
        index.get(name).map(|positions| positions.iter().filter_map(|position| all.get(*position as usize).copied()).collect()).unwrap_or_default()
    }

    /// The class statements named `name`, in document order.
    pub fn classes_named(&self, name: &str) -> Vec<Node<'tree>> {
        self.identifiers_named(name)
            .iter()
            .filter_map(|identifier| {
                let parent = identifier.parent()?;
                (parent.kind() == "class_definition" && parent.child_by_field_name("name").is_some_and(|found| found.id() == identifier.id())).then_some(parent)
            })
            .collect()
    }

    pub fn nodes(&self, kind: &str) -> &[Node<'tree>] {
        if kind == "ERROR" {
            return self.by_kind.last().map(Vec::as_slice).unwrap_or(&[]);
        }
        kind_index().by_name.get(kind).and_then(|id| self.by_kind.get(*id as usize)).map(Vec::as_slice).unwrap_or(&[])
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
    let context = Context::new(text, tree, knowledge);
    let mut occurrences = Vec::new();
    for topic in knowledge.topics() {
        detect_topic(&context, topic, &mut occurrences);
    }
    occurrences.sort_by(|a, b| (a.anchor.start, a.anchor.end, &a.topic).cmp(&(b.anchor.start, b.anchor.end, &b.topic)));
    occurrences.dedup_by(|later, earlier| later.topic == earlier.topic && later.anchor == earlier.anchor);

    let mut findings = Vec::new();
    pitfalls::check(&context, &mut findings);
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

//! The knowledge base: topics and pitfalls as data (`knowledge/<topic>/topic.md`, `anchors.scm`,
//! `<pitfall>.md`), embedded in the binary, plus their validation and compiled queries.

mod load;
pub mod render;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

pub use load::{load, KnowledgeError, Level};

/// Pitfall severities, as diagnostics carry them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(value: &str) -> Option<Severity> {
        match value {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// Qualified names whose uses are anchors, resolved through the file's imports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameAnchors {
    /// Calls of these (anchor: the callee's last name): `pickle.loads`, `threading.Thread`.
    #[serde(default)]
    pub calls: Vec<String>,
    /// Decorators, bare or called (anchor: the decorator's last name).
    #[serde(default)]
    pub decorators: Vec<String>,
    /// Classes with one of these among their bases (anchor: the class name).
    #[serde(default)]
    pub bases: Vec<String>,
    /// Any use of these names outside import statements (anchor: the last name).
    #[serde(default)]
    pub names: Vec<String>,
}

impl NameAnchors {
    pub fn is_empty(&self) -> bool {
        self.calls.is_empty() && self.decorators.is_empty() && self.bases.is_empty() && self.names.is_empty()
    }
}

/// How much a newcomer reading a repository needs a topic explained: the onboarding report lists
/// the surprising constructs first and reference material last (front matter `newcomer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Newcomer {
    /// Code that behaves otherwise than it reads (metaclasses, descriptors, late binding).
    Surprising,
    /// Protocols and patterns (the default).
    #[default]
    Pattern,
    /// Library APIs and type hints that their documentation covers.
    Reference,
}

#[derive(Debug)]
pub struct Topic {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// The page the hover links to; empty when the entry names none (a pack's own decorator
    /// often has no page). Read it through `docs_link()`.
    pub docs: String,
    pub since: Option<String>,
    /// Where anchors of several topics overlap, the hover explains the lowest rank first; a
    /// pack's topics without one rank 0, before every built-in topic (they are the team's words).
    pub rank: u32,
    /// How much a newcomer needs this construct explained, for the onboarding report.
    pub newcomer: Newcomer,
    /// `## ` sections in file order: (heading, body).
    pub sections: Vec<(String, String)>,
    pub anchors: NameAnchors,
    pub query_source: Option<String>,
    query: OnceLock<Option<Arc<tree_sitter::Query>>>,
    /// The node kinds every pattern of the query starts with, when each names one.
    query_roots: OnceLock<Option<Vec<String>>>,
    pub pitfalls: Vec<Pitfall>,
}

impl Topic {
    /// The entry's documentation link, if it has one.
    pub fn docs_link(&self) -> Option<&str> {
        Some(self.docs.as_str()).filter(|docs| !docs.is_empty())
    }

    pub fn section(&self, heading: &str) -> Option<&str> {
        self.sections.iter().find(|(name, _)| name == heading).map(|(_, body)| body.as_str())
    }

    /// The node kind each pattern of the query starts with (`(yield ...)` gives `yield`), so the
    /// query can run on those nodes alone instead of the whole tree; `None` when a pattern starts
    /// otherwise (an alternation, a wildcard, a field).
    pub fn query_roots(&self) -> Option<&[String]> {
        self.query_roots
            .get_or_init(|| {
                let query = self.query()?;
                let source = self.query_source.as_deref()?;
                let mut roots = Vec::new();
                for pattern in 0..query.pattern_count() {
                    let text = source.get(query.start_byte_for_pattern(pattern)..)?;
                    let rest = text.trim_start().strip_prefix('(')?.trim_start();
                    let kind: String = rest.chars().take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '_').collect();
                    if kind.is_empty() || kind == "_" || !rest[kind.len()..].starts_with(|ch: char| ch.is_whitespace() || ch == ')') {
                        return None;
                    }
                    roots.push(kind);
                }
                roots.sort();
                roots.dedup();
                Some(roots)
            })
            .as_deref()
    }

    /// The compiled `anchors.scm`, compiled on first use (validated when loading).
    pub fn query(&self) -> Option<&tree_sitter::Query> {
        self.query
            .get_or_init(|| {
                let source = self.query_source.as_deref()?;
                tree_sitter::Query::new(&crate::document::language(), source).ok().map(Arc::new)
            })
            .as_deref()
    }
}

#[derive(Debug, Clone)]
pub struct Pitfall {
    pub id: String,
    pub topic: String,
    /// The diagnostic message.
    pub summary: String,
    pub severity: Severity,
    pub fix_title: Option<String>,
    pub sections: Vec<(String, String)>,
    /// Where the pitfall is found when data can say it: the `[anchors]` of its front matter and
    /// its `<pitfall-id>.scm`, as a topic's. A built-in pitfall may have a Rust check instead.
    pub anchors: NameAnchors,
    pub query: Option<Arc<tree_sitter::Query>>,
}

impl Pitfall {
    pub fn section(&self, heading: &str) -> Option<&str> {
        self.sections.iter().find(|(name, _)| name == heading).map(|(_, body)| body.as_str())
    }
}

#[derive(Debug)]
pub struct Knowledge {
    /// Shared, so a workspace's knowledge reuses the built-in topics its pack leaves alone.
    topics: BTreeMap<String, Arc<Topic>>,
    /// Unique to this knowledge base: what an analysis was computed with, so a cache of analyses
    /// knows when the knowledge changed (a pack was edited) without being told.
    generation: u64,
}

impl Default for Knowledge {
    fn default() -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Knowledge { topics: BTreeMap::new(), generation: NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed) }
    }
}

impl Knowledge {
    /// Which knowledge base this is (see the field); two bases never share it.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The knowledge base compiled into the binary.
    pub fn builtin() -> &'static Knowledge {
        Self::builtin_arc()
    }

    /// The built-in knowledge base, shared: what a workspace without a pack of its own uses.
    pub fn shared_builtin() -> Arc<Knowledge> {
        Arc::clone(Self::builtin_arc())
    }

    fn builtin_arc() -> &'static Arc<Knowledge> {
        static BUILTIN: OnceLock<Arc<Knowledge>> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let (knowledge, errors) = load(embedded::FILES.iter().map(|(path, text)| (path.to_string(), text.to_string())));
            for error in &errors {
                tracing::error!(%error, "invalid built-in knowledge entry");
            }
            debug_assert!(errors.is_empty(), "built-in knowledge is validated by tests/it/knowledge.rs: {errors:?}");
            Arc::new(knowledge)
        })
    }

    /// The files the built-in knowledge is loaded from: `(path below knowledge/, contents)`, so
    /// a pack can be laid over them file by file.
    pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
        embedded::FILES
    }

    pub fn topics(&self) -> impl Iterator<Item = &Topic> {
        self.topics.values().map(|topic| &**topic)
    }

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.get(id).map(|topic| &**topic)
    }

    pub fn pitfall(&self, id: &str) -> Option<&Pitfall> {
        self.topics.values().flat_map(|topic| topic.pitfalls.iter()).find(|pitfall| pitfall.id == id)
    }

    pub fn pitfalls(&self) -> impl Iterator<Item = &Pitfall> {
        self.topics.values().flat_map(|topic| topic.pitfalls.iter())
    }

    pub fn ids(&self) -> Vec<&str> {
        self.topics.keys().map(String::as_str).collect()
    }

    fn insert(&mut self, topic: Topic) {
        self.topics.insert(topic.id.clone(), Arc::new(topic));
    }

    /// Where this knowledge's topic `id` overrides `builtin`'s without saying where it is found
    /// (no `[anchors]`) or how it ranks, it keeps the built-in anchors and rank: an override
    /// changes the words, not the detection.
    pub fn inherit_detection(&mut self, builtin: &Knowledge, id: &str) {
        let (Some(topic), Some(original)) = (self.topics.get_mut(id), builtin.topic(id)) else { return };
        let Some(topic) = Arc::get_mut(topic) else { return };
        if topic.anchors.is_empty() {
            topic.anchors = original.anchors.clone();
        }
        if topic.rank == 0 {
            topic.rank = original.rank;
        }
    }

    /// This knowledge with `other`'s topics added where it has none of the same id.
    pub fn with_topics_of(mut self, other: &Knowledge) -> Knowledge {
        for (id, topic) in &other.topics {
            self.topics.entry(id.clone()).or_insert_with(|| Arc::clone(topic));
        }
        self
    }

    /// This knowledge with `other`'s topic `id` in place of its own (or added).
    pub fn with_topic_of(mut self, other: &Knowledge, id: &str) -> Knowledge {
        if let Some(topic) = other.topics.get(id) {
            self.topics.insert(id.to_owned(), Arc::clone(topic));
        }
        self
    }
}

pub mod ids {
    //! The built-in topic and pitfall ids, generated by build.rs from the folders and files of
    //! `knowledge/`.
    include!(concat!(env!("OUT_DIR"), "/ids.rs"));
}

pub use ids::{PitfallId, TopicId};

mod embedded {
    //! `(path below knowledge/, contents)` of every file, generated by build.rs.
    include!(concat!(env!("OUT_DIR"), "/knowledge_files.rs"));
}

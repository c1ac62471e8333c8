//! Reading knowledge files: TOML front matter between `+++` lines, `## ` sections, queries.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use super::{Knowledge, NameAnchors, Pitfall, Severity, Topic};

/// A problem in one knowledge file, with the 1-based line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnowledgeError {
    pub path: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for KnowledgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicFront {
    title: String,
    summary: String,
    docs: String,
    since: Option<String>,
    rank: Option<u32>,
    #[serde(default)]
    anchors: NameAnchors,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PitfallFront {
    summary: String,
    severity: Severity,
    fix_title: Option<String>,
    #[serde(default)]
    anchors: NameAnchors,
}

/// Captures a query may use: `@anchor`, `@construct`, and `@_helpers` for predicates.
fn capture_allowed(name: &str) -> bool {
    name == "anchor" || name == "construct" || name.starts_with('_')
}

/// Builds a knowledge base from `(path relative to the knowledge root, contents)` pairs.
/// Invalid entries are left out and reported; the rest loads.
pub fn load(files: impl IntoIterator<Item = (String, String)>) -> (Knowledge, Vec<KnowledgeError>) {
    let mut folders: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut errors = Vec::new();
    for (path, text) in files {
        let mut parts = path.splitn(2, '/');
        match (parts.next(), parts.next()) {
            (Some(folder), Some(file)) if !file.contains('/') => {
                folders.entry(folder.to_owned()).or_default().insert(file.to_owned(), text);
            }
            _ => errors.push(KnowledgeError { path, line: 1, message: "expected <topic-id>/<file>".into() }),
        }
    }
    let mut knowledge = Knowledge::default();
    for (id, files) in folders {
        match load_topic(&id, &files, &mut errors) {
            Some(topic) => knowledge.insert(topic),
            None => continue,
        }
    }
    (knowledge, errors)
}

fn load_topic(id: &str, files: &BTreeMap<String, String>, errors: &mut Vec<KnowledgeError>) -> Option<Topic> {
    let topic_path = format!("{id}/topic.md");
    let Some(text) = files.get("topic.md") else {
        errors.push(KnowledgeError { path: topic_path, line: 1, message: "missing topic.md".into() });
        return None;
    };
    if !is_kebab_id(id) {
        errors.push(KnowledgeError { path: topic_path, line: 1, message: format!("topic id `{id}` is not kebab-case") });
        return None;
    }
    let (front, body_line, body) = match split_front_matter::<TopicFront>(&topic_path, text) {
        Ok(parts) => parts,
        Err(error) => {
            errors.push(error);
            return None;
        }
    };
    let mut problems = Vec::new();
    if front.summary.chars().count() > 120 {
        problems.push((2, "summary is longer than 120 characters".to_owned()));
    }
    if !front.docs.starts_with("https://") {
        problems.push((2, "docs must be an https:// link".to_owned()));
    }
    for (line, message) in problems {
        errors.push(KnowledgeError { path: topic_path.clone(), line, message });
    }
    let query_source = files.get("anchors.scm").cloned();
    let query = OnceLock::new();
    if let Some(source) = &query_source {
        match compile_query(source) {
            Ok(compiled) => {
                let _ = query.set(Some(Arc::new(compiled)));
            }
            Err((line, message)) => {
                errors.push(KnowledgeError { path: format!("{id}/anchors.scm"), line, message });
                return None;
            }
        }
    }
    let mut pitfalls = Vec::new();
    for (file, text) in files {
        let Some(stem) = file.strip_suffix(".md") else {
            // Queries: the topic's `anchors.scm`, or a pitfall's `<pitfall-id>.scm` (read with it).
            let known = file == "anchors.scm" || file.strip_suffix(".scm").is_some_and(|stem| files.contains_key(&format!("{stem}.md")));
            if !known {
                let message = "unknown file: a topic folder holds topic.md, anchors.scm, <pitfall-id>.md and <pitfall-id>.scm";
                errors.push(KnowledgeError { path: format!("{id}/{file}"), line: 1, message: message.into() });
            }
            continue;
        };
        if stem == "topic" {
            continue;
        }
        let path = format!("{id}/{file}");
        if !is_kebab_id(stem) {
            errors.push(KnowledgeError { path, line: 1, message: format!("pitfall id `{stem}` is not kebab-case") });
            continue;
        }
        let query = match files.get(&format!("{stem}.scm")).map(|source| compile_query(source)) {
            None => None,
            Some(Ok(compiled)) => Some(Arc::new(compiled)),
            Some(Err((line, message))) => {
                errors.push(KnowledgeError { path: format!("{id}/{stem}.scm"), line, message });
                continue;
            }
        };
        match split_front_matter::<PitfallFront>(&path, text) {
            Ok((front, line, body)) => pitfalls.push(Pitfall {
                id: stem.to_owned(),
                topic: id.to_owned(),
                summary: front.summary,
                severity: front.severity,
                fix_title: front.fix_title,
                sections: sections(&body, line),
                anchors: front.anchors,
                query,
            }),
            Err(error) => errors.push(error),
        }
    }
    Some(Topic {
        id: id.to_owned(),
        title: front.title,
        summary: front.summary,
        docs: front.docs,
        since: front.since,
        rank: front.rank.unwrap_or(0),
        sections: sections(&body, body_line),
        anchors: front.anchors,
        query_source,
        query,
        query_roots: OnceLock::new(),
        pitfalls,
    })
}

fn is_kebab_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-') && !id.starts_with('-')
}

/// Compiles an anchors query, checking its captures; errors carry a 1-based line.
pub fn compile_query(source: &str) -> Result<tree_sitter::Query, (usize, String)> {
    let query =
        tree_sitter::Query::new(&crate::document::language(), source).map_err(|error| (error.row + 1, query_error_message(&error)))?;
    if query.capture_index_for_name("anchor").is_none() {
        return Err((1, "the query captures no @anchor".into()));
    }
    if let Some(name) = query.capture_names().iter().find(|name| !capture_allowed(name)) {
        let line = source.lines().position(|line| line.contains(&format!("@{name}"))).map_or(1, |index| index + 1);
        return Err((line, format!("unknown capture @{name} (use @anchor, @construct or @_helper)")));
    }
    Ok(query)
}

/// A query error on one line: tree-sitter's own message is the bare name (`identifer`) or the
/// source line with a caret under it.
fn query_error_message(error: &tree_sitter::QueryError) -> String {
    use tree_sitter::QueryErrorKind as Kind;
    let column = error.column + 1;
    match error.kind {
        Kind::NodeType => format!("unknown node type `{}` at column {column}", error.message),
        Kind::Field => format!("unknown field `{}` at column {column}", error.message),
        Kind::Capture => format!("unknown capture `@{}` at column {column}", error.message),
        Kind::Predicate => format!("invalid predicate: {}", error.message),
        Kind::Structure => format!("impossible pattern at column {column}: that node cannot have these children"),
        Kind::Syntax => format!("query syntax error at column {column}"),
        Kind::Language => error.message.clone(),
    }
}

/// Splits `+++`-fenced TOML front matter from the Markdown body; returns the body's first line number.
fn split_front_matter<T: for<'de> Deserialize<'de>>(path: &str, text: &str) -> Result<(T, usize, String), KnowledgeError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let error = |line: usize, message: String| KnowledgeError { path: path.to_owned(), line, message };
    let Some(rest) = text.strip_prefix("+++\n").or_else(|| text.strip_prefix("+++\r\n")) else {
        return Err(error(1, "expected front matter starting with a `+++` line".into()));
    };
    let Some(end) = rest.find("\n+++") else {
        return Err(error(1, "front matter is not closed by a `+++` line".into()));
    };
    let toml_text = &rest[..end + 1];
    let after = &rest[end + 4..];
    let body = after.strip_prefix("\r\n").or_else(|| after.strip_prefix('\n')).unwrap_or(after);
    let front: T = toml::from_str(toml_text).map_err(|problem| {
        let line = problem.span().map_or(1, |span| toml_text[..span.start.min(toml_text.len())].matches('\n').count() + 2);
        error(line, problem.message().to_owned())
    })?;
    let body_line = toml_text.matches('\n').count() + 3;
    Ok((front, body_line, body.to_owned()))
}

/// `## ` sections of a body, in order; text before the first heading is dropped.
fn sections(body: &str, _first_line: usize) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = Vec::new();
    let mut in_code = false;
    for line in body.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if !in_code {
            if let Some(heading) = line.strip_prefix("## ") {
                found.push((heading.trim().to_owned(), String::new()));
                continue;
            }
        }
        if let Some((_, text)) = found.last_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    for (_, text) in &mut found {
        *text = text.trim().to_owned();
    }
    found
}

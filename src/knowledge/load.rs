//! Reading knowledge files: TOML front matter between `+++` lines, `## ` sections, queries.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use super::{Knowledge, NameAnchors, Newcomer, Pitfall, Severity, Topic};

/// A problem in one knowledge file, with the 1-based line it is on. An error leaves its entry
/// out; a warning does not (the entry loads, but part of it cannot work as written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnowledgeError {
    pub path: String,
    pub line: usize,
    pub message: String,
    pub level: Level,
}

/// How serious a `KnowledgeError` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warning,
}

impl KnowledgeError {
    pub fn error(path: impl Into<String>, line: usize, message: impl Into<String>) -> KnowledgeError {
        KnowledgeError { path: path.into(), line, message: message.into(), level: Level::Error }
    }

    pub fn warning(path: impl Into<String>, line: usize, message: impl Into<String>) -> KnowledgeError {
        KnowledgeError { path: path.into(), line, message: message.into(), level: Level::Warning }
    }

    pub fn is_warning(&self) -> bool {
        self.level == Level::Warning
    }
}

impl fmt::Display for KnowledgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.level {
            Level::Error => write!(f, "{}:{}: {}", self.path, self.line, self.message),
            Level::Warning => write!(f, "{}:{}: warning: {}", self.path, self.line, self.message),
        }
    }
}

/// The front-matter keys of a topic and of a pitfall.
const TOPIC_KEYS: [&str; 7] = ["title", "summary", "docs", "since", "rank", "newcomer", "anchors"];
const PITFALL_KEYS: [&str; 4] = ["summary", "severity", "fix_title", "anchors"];
/// The lists of an `[anchors]` table.
const ANCHOR_KEYS: [&str; 4] = ["calls", "decorators", "bases", "names"];

/// Captures a query may use: `@anchor`, `@construct`, and `@_helpers` for predicates.
fn capture_allowed(name: &str) -> bool {
    name == "anchor" || name == "construct" || name.starts_with('_')
}

/// Builds a knowledge base from `(path relative to the knowledge root, contents)` pairs.
/// Invalid entries are left out and every problem found in them is reported, not only the first
/// of each file; the rest loads.
pub fn load(files: impl IntoIterator<Item = (String, String)>) -> (Knowledge, Vec<KnowledgeError>) {
    let mut folders: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut errors = Vec::new();
    for (path, text) in files {
        let mut parts = path.splitn(2, '/');
        match (parts.next(), parts.next()) {
            (Some(folder), Some(file)) if !file.contains('/') => {
                folders.entry(folder.to_owned()).or_default().insert(file.to_owned(), text);
            }
            _ => errors.push(KnowledgeError::error(path, 1, "expected <topic-id>/<file>")),
        }
    }
    let mut knowledge = Knowledge::default();
    for (id, files) in folders {
        if let Some(topic) = load_topic(&id, &files, &mut errors) {
            knowledge.insert(topic);
        }
    }
    (knowledge, errors)
}

fn load_topic(id: &str, files: &BTreeMap<String, String>, errors: &mut Vec<KnowledgeError>) -> Option<Topic> {
    let topic_path = format!("{id}/topic.md");
    let errors_before = errors.iter().filter(|error| !error.is_warning()).count();
    if !is_kebab_id(id) {
        errors.push(KnowledgeError::error(&topic_path, 1, format!("topic id `{id}` is not kebab-case")));
    }
    let topic = match files.get("topic.md") {
        Some(text) => topic_front(&topic_path, text, errors),
        None => {
            errors.push(KnowledgeError::error(&topic_path, 1, "missing topic.md"));
            None
        }
    };
    let query_source = files.get("anchors.scm").cloned();
    let query = OnceLock::new();
    if let Some(source) = &query_source {
        match compile_query(source) {
            Ok(compiled) => {
                let _ = query.set(Some(Arc::new(compiled)));
            }
            Err((line, message)) => errors.push(KnowledgeError::error(format!("{id}/anchors.scm"), line, message)),
        }
    }
    let mut pitfalls = Vec::new();
    for (file, text) in files {
        let Some(stem) = file.strip_suffix(".md") else {
            // Queries: the topic's `anchors.scm`, or a pitfall's `<pitfall-id>.scm` (read with it).
            let known = file == "anchors.scm" || file.strip_suffix(".scm").is_some_and(|stem| files.contains_key(&format!("{stem}.md")));
            if !known {
                let message = "unknown file: a topic folder holds topic.md, anchors.scm, <pitfall-id>.md and <pitfall-id>.scm";
                errors.push(KnowledgeError::error(format!("{id}/{file}"), 1, message));
            }
            continue;
        };
        if stem == "topic" {
            continue;
        }
        let path = format!("{id}/{file}");
        if !is_kebab_id(stem) {
            errors.push(KnowledgeError::error(path, 1, format!("pitfall id `{stem}` is not kebab-case")));
            continue;
        }
        let query = match files.get(&format!("{stem}.scm")).map(|source| compile_query(source)) {
            None => None,
            Some(Ok(compiled)) => Some(Arc::new(compiled)),
            Some(Err((line, message))) => {
                errors.push(KnowledgeError::error(format!("{id}/{stem}.scm"), line, message));
                continue;
            }
        };
        if let Some((front, line, body)) = pitfall_front(&path, text, errors) {
            pitfalls.push(Pitfall {
                id: stem.to_owned(),
                topic: id.to_owned(),
                summary: front.summary,
                severity: front.severity,
                fix_title: front.fix_title,
                sections: sections(&body, line),
                anchors: front.anchors,
                query,
            });
        }
    }
    let (front, body_line, body) = topic?;
    if errors.iter().filter(|error| !error.is_warning()).count() > errors_before {
        return None;
    }
    Some(Topic {
        id: id.to_owned(),
        title: front.title,
        summary: front.summary,
        docs: front.docs.unwrap_or_default(),
        since: front.since,
        rank: front.rank.unwrap_or(0),
        newcomer: front.newcomer,
        sections: sections(&body, body_line),
        anchors: front.anchors,
        query_source,
        query,
        query_roots: OnceLock::new(),
        pitfalls,
    })
}

struct TopicFront {
    title: String,
    summary: String,
    docs: Option<String>,
    since: Option<String>,
    rank: Option<u32>,
    newcomer: Newcomer,
    anchors: NameAnchors,
}

struct PitfallFront {
    summary: String,
    severity: Severity,
    fix_title: Option<String>,
    anchors: NameAnchors,
}

/// A topic's front matter, with every problem in it reported; `None` when any is an error.
fn topic_front(path: &str, text: &str, errors: &mut Vec<KnowledgeError>) -> Option<(TopicFront, usize, String)> {
    let (front, body_line, body) = split_front_matter(path, text).map_err(|error| errors.push(error)).ok()?;
    let before = errors.len();
    front.unknown_keys(&TOPIC_KEYS, errors);
    let title = front.string("title", true, errors);
    let summary = front.string("summary", true, errors);
    let docs = front.string("docs", false, errors);
    let since = front.string("since", false, errors);
    let rank = front.rank(errors);
    let newcomer = match front.string("newcomer", false, errors).as_deref() {
        None | Some("pattern") => Newcomer::Pattern,
        Some("surprising") => Newcomer::Surprising,
        Some("reference") => Newcomer::Reference,
        Some(other) => {
            errors.push(front.problem("newcomer", format!("newcomer `{other}` is not one of surprising, pattern, reference")));
            Newcomer::Pattern
        }
    };
    if let Some(summary) = &summary {
        if summary.chars().count() > 120 {
            errors.push(front.problem("summary", "summary is longer than 120 characters"));
        }
    }
    if let Some(docs) = &docs {
        if !docs.starts_with("https://") || docs.len() == "https://".len() {
            errors.push(front.problem("docs", "docs must be an https:// link (or leave the key out: the hover then has no link)"));
        }
    }
    let anchors = front.anchors(errors);
    if errors[before..].iter().any(|error| !error.is_warning()) {
        return None;
    }
    Some((TopicFront { title: title?, summary: summary?, docs, since, rank, newcomer, anchors }, body_line, body))
}

/// A pitfall's front matter, with every problem in it reported; `None` when any is an error.
fn pitfall_front(path: &str, text: &str, errors: &mut Vec<KnowledgeError>) -> Option<(PitfallFront, usize, String)> {
    let (front, body_line, body) = split_front_matter(path, text).map_err(|error| errors.push(error)).ok()?;
    let before = errors.len();
    front.unknown_keys(&PITFALL_KEYS, errors);
    let summary = front.string("summary", true, errors);
    let fix_title = front.string("fix_title", false, errors);
    let severity = front.string("severity", true, errors).and_then(|value| match Severity::parse(&value) {
        Some(severity) if value != "info" => Some(severity),
        _ => {
            errors.push(front.problem("severity", format!("severity `{value}` is not one of error, warning, information, hint")));
            None
        }
    });
    let anchors = front.anchors(errors);
    if errors[before..].iter().any(|error| !error.is_warning()) {
        return None;
    }
    Some((PitfallFront { summary: summary?, severity: severity?, fix_title, anchors }, body_line, body))
}

/// Parsed front matter and where its lines are, for messages that name a line.
struct Front {
    path: String,
    table: toml::Table,
    /// The TOML text; its first line is line 2 of the file.
    text: String,
}

impl Front {
    /// The 1-based file line of `key = ...` at the top level (before any `[table]`), else the
    /// opening `+++` line.
    fn line_of(&self, key: &str) -> usize {
        self.text
            .lines()
            .take_while(|line| !line.trim_start().starts_with('['))
            .position(|line| assigns(line, key))
            .map_or(1, |index| index + 2)
    }

    fn problem(&self, key: &str, message: impl Into<String>) -> KnowledgeError {
        KnowledgeError::error(&self.path, self.line_of(key), message)
    }

    fn unknown_keys(&self, known: &[&str], errors: &mut Vec<KnowledgeError>) {
        for key in self.table.keys().filter(|key| !known.contains(&key.as_str())) {
            errors.push(self.problem(key, format!("unknown key `{key}` (expected {})", known.join(", "))));
        }
    }

    /// The string value of `key`; a missing required key or a value of another type is reported.
    fn string(&self, key: &str, required: bool, errors: &mut Vec<KnowledgeError>) -> Option<String> {
        match self.table.get(key) {
            Some(toml::Value::String(value)) => Some(value.clone()),
            Some(other) => {
                errors.push(self.problem(key, format!("`{key}` must be a string, not {}", type_name(other))));
                None
            }
            None if required => {
                errors.push(self.problem(key, format!("missing `{key}`")));
                None
            }
            None => None,
        }
    }

    /// The optional `rank`, a whole number from 0 (explained first where anchors overlap).
    fn rank(&self, errors: &mut Vec<KnowledgeError>) -> Option<u32> {
        let value = self.table.get("rank")?;
        match value.as_integer().map(u32::try_from) {
            Some(Ok(rank)) => Some(rank),
            Some(Err(_)) => {
                errors.push(self.problem("rank", "`rank` must be a whole number from 0"));
                None
            }
            None => {
                errors.push(self.problem("rank", format!("`rank` must be a whole number, not {}", type_name(value))));
                None
            }
        }
    }

    /// The `[anchors]` table: lists of qualified names. A name without a dot matches nothing,
    /// since uses resolve to qualified names (`ourlib.timed`): a warning on its line.
    fn anchors(&self, errors: &mut Vec<KnowledgeError>) -> NameAnchors {
        let mut anchors = NameAnchors::default();
        let Some(value) = self.table.get("anchors") else { return anchors };
        let Some(table) = value.as_table() else {
            errors.push(self.problem("anchors", format!("`anchors` must be a table, not {}", type_name(value))));
            return anchors;
        };
        let table_line = self.text.lines().position(|line| line.trim() == "[anchors]");
        let line_in_table = |wanted: &dyn Fn(&str) -> bool| -> usize {
            let start = table_line.map_or(0, |index| index + 1);
            let found = self.text.lines().enumerate().skip(start).find(|(_, line)| wanted(line)).map(|(index, _)| index + 2);
            found.or(table_line.map(|index| index + 2)).unwrap_or_else(|| self.line_of("anchors"))
        };
        for (key, value) in table {
            let line = line_in_table(&|line: &str| assigns(line, key));
            let list = match key.as_str() {
                "calls" => &mut anchors.calls,
                "decorators" => &mut anchors.decorators,
                "bases" => &mut anchors.bases,
                "names" => &mut anchors.names,
                _ => {
                    errors.push(KnowledgeError::error(
                        &self.path,
                        line,
                        format!("unknown key `anchors.{key}` (expected {})", ANCHOR_KEYS.join(", ")),
                    ));
                    continue;
                }
            };
            let Some(items) = value.as_array() else {
                errors.push(KnowledgeError::error(
                    &self.path,
                    line,
                    format!("`anchors.{key}` must be a list of qualified names, not {}", type_name(value)),
                ));
                continue;
            };
            for item in items {
                let Some(name) = item.as_str() else {
                    errors.push(KnowledgeError::error(
                        &self.path,
                        line,
                        format!("`anchors.{key}` must list strings, not {}", type_name(item)),
                    ));
                    continue;
                };
                if !is_qualified(name) {
                    let quoted = format!("\"{name}\"");
                    let at = line_in_table(&|line: &str| line.contains(&quoted));
                    errors.push(KnowledgeError::warning(
                        &self.path,
                        at,
                        format!(
                            "`{name}` in `anchors.{key}` is not a qualified name, so it matches nothing: write the module it is imported from, as in `ourlib.{name}`"
                        ),
                    ));
                }
                list.push(name.to_owned());
            }
        }
        anchors
    }
}

/// `key = ...` (or `key=...`) on this line.
fn assigns(line: &str, key: &str) -> bool {
    line.trim_start().strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))
}

/// `module.name`: at least two non-empty dotted parts.
fn is_qualified(name: &str) -> bool {
    name.contains('.') && name.split('.').all(|part| !part.is_empty() && !part.contains(char::is_whitespace))
}

fn type_name(value: &toml::Value) -> &'static str {
    match value {
        toml::Value::String(_) => "a string",
        toml::Value::Integer(_) => "an integer",
        toml::Value::Float(_) => "a float",
        toml::Value::Boolean(_) => "a boolean",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "a list",
        toml::Value::Table(_) => "a table",
    }
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
fn split_front_matter(path: &str, text: &str) -> Result<(Front, usize, String), KnowledgeError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text.strip_prefix("+++\n").or_else(|| text.strip_prefix("+++\r\n")) else {
        return Err(KnowledgeError::error(path, 1, "expected front matter starting with a `+++` line"));
    };
    let Some(end) = rest.find("\n+++") else {
        return Err(KnowledgeError::error(path, 1, "front matter is not closed by a `+++` line"));
    };
    let toml_text = &rest[..end + 1];
    let after = &rest[end + 4..];
    let body = after.strip_prefix("\r\n").or_else(|| after.strip_prefix('\n')).unwrap_or(after);
    let table: toml::Table = toml::from_str(toml_text).map_err(|problem| {
        let line = problem.span().map_or(1, |span| toml_text[..span.start.min(toml_text.len())].matches('\n').count() + 2);
        KnowledgeError::error(path, line, problem.message())
    })?;
    let body_line = toml_text.matches('\n').count() + 3;
    Ok((Front { path: path.to_owned(), table, text: toml_text.to_owned() }, body_line, body.to_owned()))
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

//! `pyexplain report PATH`: which advanced constructs a repository uses and where, as one
//! self-contained HTML page (or Markdown) a team lead can send a new hire: counts per topic,
//! the places with links to their lines, where to start reading, and the explanations.

mod html;
mod markdown;
pub mod markup;

use std::collections::{BTreeMap, HashMap};
use std::io::{IsTerminal, Write};
use std::path::{Component, Path};

use tree_sitter::Node;

use crate::analysis::{syntax, Context};
use crate::document::Document;
use crate::files::{collect, display, io_message, map_files, read_source};
use crate::ide::OpenFile;
use crate::knowledge::{Knowledge, Topic};
use crate::pack;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Html,
    Md,
}

/// Everything a report shows, ready to be written in either format.
pub struct Report<'k> {
    /// The name of the scanned directory (or file).
    pub name: String,
    pub files_scanned: usize,
    /// Topics used at least once, most used first.
    pub topics: Vec<TopicUse<'k>>,
    /// Topics of the knowledge base the repository does not use.
    pub unused: Vec<&'k Topic>,
    /// `(path, message)` of the files that could not be read or decoded.
    pub errors: Vec<(String, String)>,
}

/// One topic and the places that use it.
pub struct TopicUse<'k> {
    pub topic: &'k Topic,
    /// One per line that uses the topic, by path then line.
    pub places: Vec<Place>,
    pub files: usize,
    pub start: StartHere,
}

/// A line of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The path relative to the scanned directory, with `/`.
    pub path: String,
    /// A relative URL to the file from where the report is written, percent-encoded, without
    /// the `#L` fragment.
    pub url: String,
    /// 1-based.
    pub line: usize,
    /// The line's text, trimmed and shortened.
    pub snippet: String,
}

impl Place {
    pub fn href(&self) -> String {
        format!("{}#L{}", self.url, self.line)
    }

    pub fn label(&self) -> String {
        format!("{}:{}", self.path, self.line)
    }
}

/// The first place a newcomer should read for a topic.
pub enum StartHere {
    /// The repository defines what the anchors name: a `class` or `def` (`keyword`) called `name`,
    /// which `uses` of the topic's places refer to.
    Definition { place: Place, keyword: &'static str, name: String, uses: usize },
    /// Otherwise the first use in the smallest file that has one.
    SmallestFile { place: Place },
}

impl StartHere {
    pub fn place(&self) -> &Place {
        match self {
            StartHere::Definition { place, .. } | StartHere::SmallestFile { place } => place,
        }
    }
}

/// `pyexplain report PATH [--out FILE] [--format html|md]`: exit 0 when every file was read, 2
/// when one could not be (the report is still written) or the report cannot be written.
pub fn report(path: &Path, out: Option<&Path>, format: ReportFormat) -> i32 {
    let out = out.filter(|out| out.as_os_str() != "-");
    // Links are relative to the report's folder, or to the current one on stdout.
    let base = match out {
        Some(out) => {
            let parent = out.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
            match parent.canonicalize() {
                Ok(base) => base,
                Err(error) => {
                    eprintln!("pyexplain: cannot write {}: {}", display(out), io_message(&error));
                    return 2;
                }
            }
        }
        None => match std::env::current_dir().and_then(|dir| dir.canonicalize()) {
            Ok(base) => base,
            Err(error) => {
                eprintln!("pyexplain: cannot find the current directory: {}", io_message(&error));
                return 2;
            }
        },
    };
    let root = match std::fs::metadata(path) {
        Ok(metadata) => Root { shown: display(path), is_dir: metadata.is_dir() },
        Err(error) => {
            eprintln!("pyexplain: {}: {}", display(path), io_message(&error));
            return 2;
        }
    };
    let (knowledge, pack_errors) = if root.is_dir { pack::workspace_knowledge(path) } else { (None, Vec::new()) };
    for error in &pack_errors {
        eprintln!("pyexplain: warning: {error}");
    }
    let knowledge: &Knowledge = knowledge.as_ref().unwrap_or(Knowledge::builtin());
    let name = path
        .canonicalize()
        .ok()
        .and_then(|path| path.file_name().map(|name| name.to_string_lossy().into_owned()))
        .unwrap_or_else(|| root.shown.clone());
    let report = build(path, &root, name, &base, knowledge);
    let text = match format {
        ReportFormat::Html => html::page(&report),
        ReportFormat::Md => markdown::document(&report),
    };
    let written = match out {
        Some(out) => std::fs::write(out, text.as_bytes()).map_err(|error| format!("cannot write {}: {}", display(out), io_message(&error))),
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            match lock.write_all(text.as_bytes()).and_then(|_| lock.flush()) {
                Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("cannot write the report: {error}")),
                _ => Ok(()),
            }
        }
    };
    for (path, message) in &report.errors {
        eprintln!("pyexplain: {path}: {message}");
    }
    if let Err(message) = written {
        eprintln!("pyexplain: {message}");
        return 2;
    }
    if let Some(out) = out {
        eprintln!("pyexplain: wrote {} ({} topics in {} files)", display(out), report.topics.len(), report.files_scanned);
    }
    if report.errors.is_empty() {
        0
    } else {
        2
    }
}

/// The scanned path as given, and whether it is a directory.
struct Root {
    shown: String,
    is_dir: bool,
}

impl Root {
    /// A file's path relative to the scanned directory (its name when a file was scanned).
    fn relative(&self, shown: &str) -> String {
        if !self.is_dir {
            return shown.rsplit('/').next().unwrap_or(shown).to_owned();
        }
        shown.strip_prefix(self.shown.as_str()).map_or(shown, |rest| rest.trim_start_matches('/')).to_owned()
    }
}

/// What one file contributes: its uses, its definitions and where its names point.
struct FileFacts {
    /// Relative to the root.
    path: String,
    url: String,
    size: usize,
    module: Module,
    uses: Vec<Use>,
    definitions: Vec<Definition>,
}

struct Use {
    topic: String,
    line: usize,
    snippet: String,
    target: Option<Target>,
}

/// What an anchor's name refers to.
enum Target {
    /// Bound in its own file (a def or class there, if it is one), used on `line`.
    Local { name: String, line: usize },
    /// Imported: the qualified name, relative imports made absolute from the root.
    Imported(Vec<String>),
}

struct Definition {
    name: String,
    keyword: &'static str,
    line: usize,
    top_level: bool,
}

fn build<'k>(path: &Path, root: &Root, name: String, base: &Path, knowledge: &'k Knowledge) -> Report<'k> {
    let mut errors = Vec::new();
    let mut files = Vec::new();
    collect(path, &root.shown, &mut files, &mut errors);
    files.sort();
    files.dedup();
    let facts =
        map_files(&files, std::io::stderr().is_terminal(), &mut errors, |(shown, file)| file_facts(root, shown, file, base, knowledge));
    errors.sort();
    let files_scanned = facts.len();

    // Module-level definitions by name, for imported names.
    let mut top_level: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (file_index, file) in facts.iter().enumerate() {
        for (index, definition) in file.definitions.iter().enumerate().filter(|(_, definition)| definition.top_level) {
            top_level.entry(definition.name.as_str()).or_default().push((file_index, index));
        }
    }
    let mut by_topic: BTreeMap<&str, Vec<(usize, &Use)>> = BTreeMap::new();
    for (file_index, file) in facts.iter().enumerate() {
        for found in &file.uses {
            by_topic.entry(found.topic.as_str()).or_default().push((file_index, found));
        }
    }
    let place = |file_index: usize, line: usize, snippet: &str| {
        let file = &facts[file_index];
        Place { path: file.path.clone(), url: file.url.clone(), line, snippet: snippet.to_owned() }
    };
    let mut topics = Vec::new();
    for topic in knowledge.topics() {
        let Some(uses) = by_topic.get(topic.id.as_str()) else { continue };
        let mut places: Vec<Place> = uses.iter().map(|(file_index, found)| place(*file_index, found.line, &found.snippet)).collect();
        places.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        places.dedup_by(|later, earlier| later.path == earlier.path && later.line == earlier.line);
        let mut paths: Vec<&str> = places.iter().map(|place| place.path.as_str()).collect();
        paths.dedup();
        let files = paths.len();
        // Definitions the uses refer to, counted; the most referred to is where to start.
        let mut referred: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for (file_index, found) in uses {
            if let Some(definition) = found.target.as_ref().and_then(|target| definition_of(&facts, &top_level, *file_index, target)) {
                *referred.entry(definition).or_default() += 1;
            }
        }
        let best = referred.iter().max_by(|a, b| {
            a.1.cmp(b.1).then_with(|| {
                let key = |(file, index): &(usize, usize)| (&facts[*file].path, facts[*file].definitions[*index].line);
                key(b.0).cmp(&key(a.0))
            })
        });
        let start = match best {
            Some((&(file_index, index), &count)) => {
                let definition = &facts[file_index].definitions[index];
                let snippet = format!("{} {}", definition.keyword, definition.name);
                StartHere::Definition {
                    place: place(file_index, definition.line, &snippet),
                    keyword: definition.keyword,
                    name: definition.name.clone(),
                    uses: count,
                }
            }
            None => {
                let (file_index, found) = uses
                    .iter()
                    .min_by(|a, b| (facts[a.0].size, &facts[a.0].path, a.1.line).cmp(&(facts[b.0].size, &facts[b.0].path, b.1.line)))
                    .expect("a topic in by_topic has a use");
                StartHere::SmallestFile { place: place(*file_index, found.line, &found.snippet) }
            }
        };
        topics.push(TopicUse { topic, places, files, start });
    }
    topics.sort_by(|a, b| b.places.len().cmp(&a.places.len()).then_with(|| a.topic.id.cmp(&b.topic.id)));
    let unused = knowledge.topics().filter(|topic| !by_topic.contains_key(topic.id.as_str())).collect();
    Report { name, files_scanned, topics, unused, errors }
}

/// The definition `target` refers to: (file index, definition index).
fn definition_of(
    facts: &[FileFacts],
    top_level: &HashMap<&str, Vec<(usize, usize)>>,
    file_index: usize,
    target: &Target,
) -> Option<(usize, usize)> {
    match target {
        Target::Local { name, line } => {
            // A module-level one if there is one, else the nearest before the use: the one in
            // force there, for the usual shapes (a def, then its uses; a redefinition).
            let definitions = &facts[file_index].definitions;
            let named: Vec<usize> = (0..definitions.len()).filter(|index| &definitions[*index].name == name).collect();
            let top: Vec<usize> = named.iter().copied().filter(|index| definitions[*index].top_level).collect();
            let candidates = if top.is_empty() { &named } else { &top };
            let before = candidates.iter().copied().filter(|index| definitions[*index].line <= *line).last();
            before.or_else(|| candidates.first().copied()).map(|index| (file_index, index))
        }
        Target::Imported(parts) => {
            let (name, module) = parts.split_last()?;
            let candidates = top_level.get(name.as_str())?;
            // The module itself (`pkg.retry` for src/pkg/retry.py), else the package that
            // re-exports it (`from pkg import retry`).
            let exact = candidates.iter().find(|(file, _)| !module.is_empty() && facts[*file].module.parts.ends_with(module));
            exact
                .or_else(|| candidates.iter().find(|(file, _)| !module.is_empty() && contains_run(&facts[*file].module.parts, module)))
                .copied()
        }
    }
}

fn contains_run(haystack: &[String], needle: &[String]) -> bool {
    needle.len() <= haystack.len() && haystack.windows(needle.len()).any(|window| window == needle)
}

fn file_facts(root: &Root, shown: &str, file: &Path, base: &Path, knowledge: &Knowledge) -> Result<FileFacts, (String, String)> {
    let text = read_source(shown, file)?;
    let package = crate::workspace::package_of(&std::path::absolute(file).unwrap_or_else(|_| file.to_owned()));
    let document = OpenFile::new(text, 0).in_package(package.as_deref());
    let analysis = document.analysis(knowledge);
    let tree = document.tree();
    let context = Context::new(&document.text, &tree, knowledge).with_package(document.package());
    let path = root.relative(shown);
    let module = module_path(&path);
    let line_text = |line: usize| document.lines.line_range(&document.text, line).map_or("", |range| &document.text[range]);
    let mut uses = Vec::new();
    for occurrence in &analysis.occurrences {
        let line = document.lines.line_of(occurrence.anchor.start);
        let anchor = tree.root_node().descendant_for_byte_range(occurrence.anchor.start, occurrence.anchor.end);
        let target = anchor.filter(|node| node.byte_range() == occurrence.anchor).and_then(|node| target_of(&context, node, &module));
        uses.push(Use { topic: occurrence.topic.clone(), line: line + 1, snippet: snippet(line_text(line)), target });
    }
    let mut definitions = Vec::new();
    definitions_in(&document.text, tree.root_node(), true, &document, &mut definitions);
    let absolute = file.canonicalize().unwrap_or_else(|_| file.to_path_buf());
    Ok(FileFacts { url: relative_url(base, &absolute), size: document.text.len(), path, module, uses, definitions })
}

/// What the identifier `anchor` names: a local binding, or an import (through `x.anchor` too).
fn target_of(context: &Context, anchor: Node, module: &Module) -> Option<Target> {
    if anchor.kind() != "identifier" {
        return None;
    }
    let parent = anchor.parent();
    let expression = match parent {
        Some(parent) if parent.kind() == "attribute" => {
            if parent.child_by_field_name("attribute").is_none_or(|attribute| attribute.id() != anchor.id()) {
                return None;
            }
            parent
        }
        _ => anchor,
    };
    // A def or class whose own name is the anchor refers to nothing else: it is a use, and
    // counting it would make every closure its own place to start.
    if parent.is_some_and(|parent| {
        matches!(parent.kind(), "function_definition" | "class_definition")
            && parent.child_by_field_name("name").is_some_and(|name| name.id() == anchor.id())
    }) {
        return None;
    }
    match context.resolve(expression) {
        None if expression.kind() == "identifier" => {
            Some(Target::Local { name: context.text_of(anchor).to_owned(), line: anchor.start_position().row + 1 })
        }
        None => None,
        Some(qualified) if qualified.starts_with("builtins.") => None,
        Some(qualified) => Some(Target::Imported(absolute_module(&qualified, module))),
    }
}

/// `qualified` split on dots, with a relative import (`.retry.retry`, `..util.x`) made absolute
/// from the importing file's module (`package` when the file is a package's `__init__`).
fn absolute_module(qualified: &str, module: &Module) -> Vec<String> {
    let dots = qualified.chars().take_while(|ch| *ch == '.').count();
    let rest = qualified[dots..].split('.').filter(|part| !part.is_empty()).map(str::to_owned);
    if dots == 0 {
        return rest.collect();
    }
    // One dot is the file's package: the module itself for an `__init__`, else one up.
    let package = if module.is_package { module.parts.len() } else { module.parts.len().saturating_sub(1) };
    let keep = package.saturating_sub(dots - 1);
    module.parts[..keep].iter().cloned().chain(rest).collect()
}

/// A file's dotted module path from the root: `pkg/retry.py` is `pkg.retry`, `pkg/__init__.py`
/// is the package `pkg`.
struct Module {
    parts: Vec<String>,
    is_package: bool,
}

fn module_path(relative: &str) -> Module {
    let without = relative.strip_suffix(".pyi").or_else(|| relative.strip_suffix(".py")).unwrap_or(relative);
    let mut parts: Vec<String> = without.split('/').filter(|part| !part.is_empty()).map(str::to_owned).collect();
    let is_package = parts.last().is_some_and(|last| last == "__init__");
    if is_package {
        parts.pop();
    }
    Module { parts, is_package }
}

/// Every `class` and `def` below `node`, with whether it is at module level.
fn definitions_in(text: &str, node: Node, module_level: bool, document: &Document, out: &mut Vec<Definition>) {
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        let keyword = match child.kind() {
            "class_definition" => Some("class"),
            "function_definition" => Some("def"),
            _ => None,
        };
        match keyword {
            Some(keyword) => {
                if let Some(name) = child.child_by_field_name("name") {
                    out.push(Definition {
                        name: syntax::text_of(text, name).to_owned(),
                        keyword,
                        line: document.lines.line_of(child.start_byte()) + 1,
                        top_level: module_level,
                    });
                }
                definitions_in(text, child, false, document, out);
            }
            // Decorators, `if TYPE_CHECKING:` and `try:` blocks at module level keep what they
            // define at module level.
            None => definitions_in(text, child, module_level, document, out),
        }
    }
}

/// A line as shown next to its link: trimmed, at most 100 characters.
fn snippet(line: &str) -> String {
    let line = line.trim();
    if line.chars().count() <= 100 {
        return line.to_owned();
    }
    let cut: String = line.chars().take(99).collect();
    format!("{}…", cut.trim_end())
}

/// A relative URL from the folder `base` to `target`, both absolute, each segment percent-encoded.
fn relative_url(base: &Path, target: &Path) -> String {
    let base: Vec<Component> = base.components().collect();
    let target_parts: Vec<Component> = target.components().collect();
    let common = base.iter().zip(target_parts.iter()).take_while(|(a, b)| a == b).count();
    if common == 0 {
        // Another drive: no relative path exists.
        return format!("file://{}", encode_path(&display(target)));
    }
    let mut segments: Vec<String> = vec!["..".to_owned(); base.len() - common];
    segments.extend(target_parts[common..].iter().map(|part| encode_segment(&part.as_os_str().to_string_lossy())));
    segments.join("/")
}

fn encode_path(path: &str) -> String {
    path.split('/').map(encode_segment).collect::<Vec<_>>().join("/")
}

/// Percent-encodes all but the unreserved characters of RFC 3986.
fn encode_segment(segment: &str) -> String {
    let mut out = String::new();
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Used by the writers: a topic's title without Markdown backticks.
fn plain(text: &str) -> String {
    text.replace('`', "")
}

/// `1 use`, `3 uses`.
fn count(number: usize, singular: &str, plural: &str) -> String {
    format!("{number} {}", if number == 1 { singular } else { plural })
}

/// `one place below refers to it`, `3 places below refer to it`.
fn referred(uses: usize) -> String {
    if uses == 1 {
        "one place below refers to it".to_owned()
    } else {
        format!("{uses} places below refer to it")
    }
}

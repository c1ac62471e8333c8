//! `pyexplain report PATH`: which advanced constructs a repository uses and where, as one
//! self-contained HTML page (or Markdown) a team lead can send a new hire: where to start reading
//! (the definitions the project's files import most), the constructs that need explaining first
//! with their places and explanations, the everyday ones folded into a line each, and the
//! pitfalls found. Files are analysed as `scan` does, with their project's knowledge and settings.

mod html;
mod markdown;
pub mod markup;

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{IsTerminal, Write};
use std::path::{Component, Path};
use std::sync::Arc;

use tree_sitter::Node;

use crate::analysis::{syntax, Context};
use crate::document::Document;
use crate::files::{absolute, collect, display, io_message, map_files, projects, read_source};
use crate::ide;
use crate::knowledge::{Knowledge, Newcomer, Pitfall, Severity, Topic};
use crate::settings::Settings;
use crate::workspace::Scope;

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
    /// The project's central definitions, the most imported across its files first.
    pub start: Vec<Central>,
    /// Topics with places that need explaining, those a newcomer needs explained most first.
    pub topics: Vec<TopicUse<'k>>,
    /// Topics used only in everyday forms, each shown as one line.
    pub everyday: Vec<EverydayUse<'k>>,
    /// The pitfalls found, the most severe and most frequent first.
    pub pitfalls: Vec<PitfallUse<'k>>,
    /// Enabled topics of the knowledge base the repository does not use.
    pub unused: Vec<&'k Topic>,
    /// `(path, message)` of the files that could not be read or decoded.
    pub errors: Vec<(String, String)>,
}

/// One topic and the places that use it.
pub struct TopicUse<'k> {
    pub topic: &'k Topic,
    /// One per line that uses the topic in a form worth explaining, by path then line.
    pub places: Vec<Place>,
    /// The files of `places`.
    pub files: usize,
    pub start: StartHere,
    /// The everyday forms left out of `places`, with how many lines use each, most first.
    pub everyday: Vec<(Everyday, usize)>,
}

/// A topic whose every use is an everyday one.
pub struct EverydayUse<'k> {
    pub topic: &'k Topic,
    /// The forms, with how many lines use each, most first.
    pub everyday: Vec<(Everyday, usize)>,
}

/// The number of lines of everyday forms.
pub fn everyday_lines(everyday: &[(Everyday, usize)]) -> usize {
    everyday.iter().map(|(_, lines)| lines).sum()
}

/// A form of a topic so common in everyday Python that listing it would drown the rest.
///
/// Decided from the syntax at the anchor rather than from the occurrence's notes: the notes are
/// prose that the knowledge work rewords, the syntax is what makes the form everyday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Everyday {
    /// A `@property` decorator.
    Property,
    /// `from __future__ import annotations`.
    FutureAnnotations,
    /// A relative `from . import x` at module level: a package's modules importing each other.
    RelativeImport,
    /// A `with` or `async with` statement: entering a manager, not defining one.
    WithStatement,
    /// `super().__init__(...)`, the constructor chain.
    SuperInit,
    /// A generator expression that is a call's only argument (`sum(x for x in xs)`), consumed at once.
    GeneratorArgument,
}

impl Everyday {
    /// What the form is, as Markdown to follow "uses of".
    pub fn label(self) -> &'static str {
        match self {
            Everyday::Property => "`@property`",
            Everyday::FutureAnnotations => "`from __future__ import annotations`",
            Everyday::RelativeImport => "relative imports at module level",
            Everyday::WithStatement => "`with` statements",
            Everyday::SuperInit => "`super().__init__()`",
            Everyday::GeneratorArgument => "generator expressions passed straight to a call",
        }
    }
}

/// A class or def of the project that other files import.
pub struct Central {
    pub place: Place,
    pub keyword: &'static str,
    pub name: String,
    /// The other files that import it.
    pub files: usize,
}

/// One pitfall and the places it was found.
pub struct PitfallUse<'k> {
    pub id: String,
    /// The diagnostic message (the pitfall's summary).
    pub message: String,
    /// The most severe of its places' effective severities.
    pub severity: Severity,
    /// The first paragraph of the entry's "Why it matters".
    pub why: Option<&'k str>,
    pub places: Vec<Place>,
    pub files: usize,
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
    let name = path
        .canonicalize()
        .ok()
        .and_then(|path| path.file_name().map(|name| name.to_string_lossy().into_owned()))
        .unwrap_or_else(|| root.shown.clone());
    let mut errors = Vec::new();
    let mut files = Vec::new();
    collect(path, &root.shown, &mut files, &mut errors);
    files.sort();
    files.dedup();
    // The same projects, knowledge and settings as `scan` and the server: each file gets those
    // of the project it is in.
    let workspaces = projects(&files);
    let index = crate::cli::index_of(&files);
    let facts = map_files(&files, std::io::stderr().is_terminal(), &mut errors, |(shown, file)| {
        let scope = workspaces.scope_of_path(&absolute(file));
        file_facts(&root, shown, file, &base, &scope, &index)
    });
    errors.sort();
    // The scanned path's project decides which unused topics are worth naming; topics and
    // pitfalls are looked up in it first, then in the knowledge of nested projects.
    let scope = workspaces.scope_of_path(&absolute(path));
    let mut knowledges = vec![Arc::clone(&scope.knowledge)];
    for file in &facts {
        if !knowledges.iter().any(|knowledge| Arc::ptr_eq(knowledge, &file.knowledge)) {
            knowledges.push(Arc::clone(&file.knowledge));
        }
    }
    let report = build(name, &facts, errors, &knowledges, &scope.settings);
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
        eprintln!(
            "pyexplain: wrote {} ({} topics and {} in {} files)",
            display(out),
            report.topics.len() + report.everyday.len(),
            count(report.pitfalls.iter().map(|pitfall| pitfall.places.len()).sum(), "pitfall", "pitfalls"),
            report.files_scanned
        );
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

/// What one file contributes: its uses, definitions, imports and pitfalls, and where its names
/// point.
struct FileFacts {
    /// Relative to the root.
    path: String,
    url: String,
    size: usize,
    module: Module,
    uses: Vec<Use>,
    definitions: Vec<Definition>,
    /// The qualified names its `from ... import` statements bind, made absolute.
    imports: Vec<Vec<String>>,
    findings: Vec<Found>,
    /// The knowledge of the file's project.
    knowledge: Arc<Knowledge>,
}

struct Use {
    topic: String,
    line: usize,
    snippet: String,
    target: Option<Target>,
    everyday: Option<Everyday>,
}

/// A pitfall diagnostic as the user would see it.
struct Found {
    id: String,
    message: String,
    severity: Severity,
    line: usize,
    snippet: String,
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

/// How many central definitions the "Start here" section names.
const CENTRAL_SHOWN: usize = 5;

fn build<'k>(
    name: String,
    facts: &[FileFacts],
    errors: Vec<(String, String)>,
    knowledges: &'k [Arc<Knowledge>],
    settings: &Settings,
) -> Report<'k> {
    let files_scanned = facts.len();
    let topic_of = |id: &str| knowledges.iter().find_map(|knowledge| knowledge.topic(id));
    let pitfall_of = |id: &str| knowledges.iter().find_map(|knowledge| knowledge.pitfall(id));

    // Module-level definitions by name, for imported names.
    let mut top_level: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (file_index, file) in facts.iter().enumerate() {
        for (index, definition) in file.definitions.iter().enumerate().filter(|(_, definition)| definition.top_level) {
            top_level.entry(definition.name.as_str()).or_default().push((file_index, index));
        }
    }
    let place = |file_index: usize, line: usize, snippet: &str| {
        let file = &facts[file_index];
        Place { path: file.path.clone(), url: file.url.clone(), line, snippet: snippet.to_owned() }
    };
    let definition_place = |(file_index, index): (usize, usize)| {
        let definition = &facts[file_index].definitions[index];
        (place(file_index, definition.line, &format!("{} {}", definition.keyword, definition.name)), definition)
    };

    let start = central_definitions(facts, &top_level)
        .into_iter()
        .take(CENTRAL_SHOWN)
        .map(|(definition, files)| {
            let (place, found) = definition_place(definition);
            Central { place, keyword: found.keyword, name: found.name.clone(), files }
        })
        .collect();

    let mut by_topic: BTreeMap<&str, Vec<(usize, &Use)>> = BTreeMap::new();
    for (file_index, file) in facts.iter().enumerate() {
        for found in &file.uses {
            by_topic.entry(found.topic.as_str()).or_default().push((file_index, found));
        }
    }
    let mut topics = Vec::new();
    let mut everyday_only = Vec::new();
    for (id, all_uses) in &by_topic {
        let Some(topic) = topic_of(id) else { continue };
        let uses: Vec<(usize, &Use)> = all_uses.iter().copied().filter(|(_, found)| found.everyday.is_none()).collect();
        let mut places: Vec<Place> = uses.iter().map(|(file_index, found)| place(*file_index, found.line, &found.snippet)).collect();
        sort_places(&mut places);
        let mut paths: Vec<&str> = places.iter().map(|place| place.path.as_str()).collect();
        paths.dedup();
        let files = paths.len();
        // Everyday forms count lines, as places do; a line that also has a use worth
        // explaining is listed there and not counted again.
        let listed: BTreeSet<(&str, usize)> = places.iter().map(|place| (place.path.as_str(), place.line)).collect();
        let mut everyday_lines: BTreeMap<Everyday, BTreeSet<(usize, usize)>> = BTreeMap::new();
        for (file_index, found) in all_uses {
            if let Some(form) = found.everyday {
                if !listed.contains(&(facts[*file_index].path.as_str(), found.line)) {
                    everyday_lines.entry(form).or_default().insert((*file_index, found.line));
                }
            }
        }
        let mut everyday: Vec<(Everyday, usize)> = everyday_lines.into_iter().map(|(form, lines)| (form, lines.len())).collect();
        everyday.sort_by_key(|(form, lines)| (Reverse(*lines), *form));
        if uses.is_empty() {
            everyday_only.push(EverydayUse { topic, everyday });
            continue;
        }
        // Definitions the uses refer to, counted; the most referred to is where to start.
        let mut referred: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for (file_index, found) in &uses {
            if let Some(definition) = found.target.as_ref().and_then(|target| definition_of(facts, &top_level, *file_index, target)) {
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
            Some((&definition, &count)) => {
                let (place, found) = definition_place(definition);
                StartHere::Definition { place, keyword: found.keyword, name: found.name.clone(), uses: count }
            }
            None => {
                let (file_index, found) = uses
                    .iter()
                    .min_by(|a, b| (facts[a.0].size, &facts[a.0].path, a.1.line).cmp(&(facts[b.0].size, &facts[b.0].path, b.1.line)))
                    .expect("a topic with uses to list has one");
                StartHere::SmallestFile { place: place(*file_index, found.line, &found.snippet) }
            }
        };
        topics.push(TopicUse { topic, places, files, start, everyday });
    }
    // What a newcomer needs explained first, then the most used.
    topics
        .sort_by(|a, b| (need(a.topic), Reverse(a.places.len()), &a.topic.id).cmp(&(need(b.topic), Reverse(b.places.len()), &b.topic.id)));
    everyday_only
        .sort_by(|a, b| (Reverse(everyday_lines(&a.everyday)), &a.topic.id).cmp(&(Reverse(everyday_lines(&b.everyday)), &b.topic.id)));

    let mut by_pitfall: BTreeMap<&str, Vec<(usize, &Found)>> = BTreeMap::new();
    for (file_index, file) in facts.iter().enumerate() {
        for found in &file.findings {
            by_pitfall.entry(found.id.as_str()).or_default().push((file_index, found));
        }
    }
    let mut pitfalls: Vec<PitfallUse> = by_pitfall
        .into_iter()
        .map(|(id, found)| {
            let mut places: Vec<Place> = found.iter().map(|(file_index, found)| place(*file_index, found.line, &found.snippet)).collect();
            sort_places(&mut places);
            let mut paths: Vec<&str> = places.iter().map(|place| place.path.as_str()).collect();
            paths.dedup();
            let files = paths.len();
            let severity = found.iter().map(|(_, found)| found.severity).min().expect("a pitfall in by_pitfall was found");
            let pitfall: Option<&Pitfall> = pitfall_of(id);
            let message = pitfall.map_or_else(|| found[0].1.message.clone(), |pitfall| pitfall.summary.clone());
            let why = pitfall.and_then(|pitfall| pitfall.section("Why it matters")).and_then(first_paragraph);
            PitfallUse { id: id.to_owned(), message, severity, why, places, files }
        })
        .collect();
    pitfalls.sort_by(|a, b| (a.severity, Reverse(a.places.len()), &a.id).cmp(&(b.severity, Reverse(b.places.len()), &b.id)));

    let unused =
        knowledges[0].topics().filter(|topic| settings.topic_enabled(&topic.id) && !by_topic.contains_key(topic.id.as_str())).collect();
    Report { name, files_scanned, start, topics, everyday: everyday_only, pitfalls, unused, errors }
}

/// By path, then line, one place per line.
fn sort_places(places: &mut Vec<Place>) {
    places.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    places.dedup_by(|later, earlier| later.path == earlier.path && later.line == earlier.line);
}

/// The first paragraph of a Markdown section: its lines up to the first blank one.
fn first_paragraph(section: &str) -> Option<&str> {
    let section = section.trim_start_matches(['\n', '\r']);
    let end = section.find("\n\n").or_else(|| section.find("\r\n\r\n")).unwrap_or(section.len());
    let paragraph = section[..end].trim_end();
    (!paragraph.is_empty()).then_some(paragraph)
}

/// How much a newcomer needs a topic explained, lower first: a team's own topics (their pack
/// exists because they need explaining), then constructs that make code behave otherwise than
/// it reads, then protocols and patterns a class, function or module opts into (deferred and
/// optional imports among them), then library APIs and type hints, which their documentation
/// covers and which change nothing at run time.
fn need(topic: &Topic) -> u8 {
    if Knowledge::builtin().topic(&topic.id).is_none() {
        return 0;
    }
    match topic.newcomer {
        Newcomer::Surprising => 1,
        Newcomer::Pattern => 2,
        Newcomer::Reference => 3,
    }
}

/// The top-level definitions other files import, with how many files import each: the most
/// imported first, classes before defs on a tie, then by path and line. Stubs (`.pyi`) count
/// only in a project of stubs: beside the code they repeat its definitions, and a newcomer
/// reads the code.
fn central_definitions(facts: &[FileFacts], top_level: &HashMap<&str, Vec<(usize, usize)>>) -> Vec<((usize, usize), usize)> {
    let is_code = |file: usize| !facts[file].path.ends_with(".pyi");
    let code_only: HashMap<&str, Vec<(usize, usize)>> = top_level
        .iter()
        .map(|(name, definitions)| (*name, definitions.iter().copied().filter(|(file, _)| is_code(*file)).collect::<Vec<_>>()))
        .filter(|(_, definitions)| !definitions.is_empty())
        .collect();
    let central = imported_definitions(facts, &code_only, is_code);
    if central.is_empty() {
        imported_definitions(facts, top_level, |_| true)
    } else {
        central
    }
}

/// The definitions of `top_level` that files accepted by `importer` import from another file.
fn imported_definitions(
    facts: &[FileFacts],
    top_level: &HashMap<&str, Vec<(usize, usize)>>,
    importer: impl Fn(usize) -> bool,
) -> Vec<((usize, usize), usize)> {
    let mut importers: BTreeMap<(usize, usize), BTreeSet<usize>> = BTreeMap::new();
    for (file_index, file) in facts.iter().enumerate().filter(|(file_index, _)| importer(*file_index)) {
        for parts in &file.imports {
            let target = Target::Imported(parts.clone());
            if let Some(definition) = definition_of(facts, top_level, file_index, &target) {
                if definition.0 != file_index {
                    importers.entry(definition).or_default().insert(file_index);
                }
            }
        }
    }
    let mut central: Vec<((usize, usize), usize)> = importers.into_iter().map(|(definition, files)| (definition, files.len())).collect();
    central.sort_by_key(|&((file, index), files)| {
        let definition = &facts[file].definitions[index];
        (Reverse(files), definition.keyword != "class", facts[file].path.clone(), definition.line)
    });
    central
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
            let before = candidates.iter().copied().rev().find(|index| definitions[*index].line <= *line);
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

fn file_facts(
    root: &Root,
    shown: &str,
    file: &Path,
    base: &Path,
    scope: &Scope,
    index: &Arc<crate::ide::WorkspaceIndex>,
) -> Result<FileFacts, (String, String)> {
    let text = read_source(shown, file)?;
    let package = crate::workspace::package_of(&absolute(file));
    let knowledge = &*scope.knowledge;
    // The constructs of enabled topics and the diagnostics the user would see: the settings
    // and ignore comments are applied there, once, as for `scan` and the server.
    let scanned = ide::scan::scan_text(text, package.as_deref(), knowledge, &scope.settings, Some(index));
    let document = &scanned.document;
    let tree = document.tree();
    let context = Context::new(&document.text, &tree, knowledge).with_package(document.package());
    let path = root.relative(shown);
    let module = module_path(&path);
    let line_text = |line: usize| document.lines.line_range(&document.text, line).map_or("", |range| &document.text[range]);
    let mut uses = Vec::new();
    for occurrence in &scanned.constructs {
        let line = document.lines.line_of(occurrence.anchor.start);
        let anchor = tree
            .root_node()
            .descendant_for_byte_range(occurrence.anchor.start, occurrence.anchor.end)
            .filter(|node| node.byte_range() == occurrence.anchor);
        let target = anchor.and_then(|node| target_of(&context, node, &module));
        let everyday = anchor.and_then(|node| everyday(&document.text, &occurrence.topic, node));
        uses.push(Use { topic: occurrence.topic.clone(), line: line + 1, snippet: snippet(line_text(line)), target, everyday });
    }
    let findings = scanned
        .diagnostics
        .iter()
        .map(|(diagnostic, _)| {
            let line = document.lines.line_of(diagnostic.finding.range.start);
            Found {
                id: diagnostic.finding.code.clone(),
                message: diagnostic.finding.message.clone(),
                severity: diagnostic.severity,
                line: line + 1,
                snippet: snippet(line_text(line)),
            }
        })
        .collect();
    let mut definitions = Vec::new();
    definitions_in(&document.text, tree.root_node(), true, document, &mut definitions);
    let mut imports = Vec::new();
    imports_in(&document.text, tree.root_node(), &module, &mut imports);
    let absolute = file.canonicalize().unwrap_or_else(|_| file.to_path_buf());
    Ok(FileFacts {
        url: relative_url(base, &absolute),
        size: document.text.len(),
        path,
        module,
        uses,
        definitions,
        imports,
        findings,
        knowledge: Arc::clone(&scope.knowledge),
    })
}

/// The everyday form an occurrence of `topic` anchored at `anchor` is, if it is one.
fn everyday(text: &str, topic: &str, anchor: Node) -> Option<Everyday> {
    let parent = anchor.parent()?;
    match topic {
        "descriptors" if parent.kind() == "decorator" && syntax::text_of(text, anchor) == "property" => Some(Everyday::Property),
        "import-system" if parent.kind() == "future_import_statement" => {
            let mut cursor = parent.walk();
            let mut names = parent.children_by_field_name("name", &mut cursor);
            names.all(|name| syntax::text_of(text, name) == "annotations").then_some(Everyday::FutureAnnotations)
        }
        "import-system" if parent.kind() == "import_from_statement" => {
            let relative = parent.child_by_field_name("module_name").is_some_and(|module| module.kind() == "relative_import");
            let module_level = parent.parent().is_some_and(|statement_parent| statement_parent.kind() == "module");
            (relative && module_level).then_some(Everyday::RelativeImport)
        }
        "context-managers" if parent.kind() == "with_statement" && matches!(anchor.kind(), "with" | "async") => {
            Some(Everyday::WithStatement)
        }
        "super" => {
            // `super().__init__(...)`: the call without arguments is the object of the attribute
            // `__init__`, which is itself called.
            let arguments = parent.child_by_field_name("arguments")?;
            let attribute = parent.parent().filter(|attribute| attribute.kind() == "attribute")?;
            let called = attribute.parent().is_some_and(|call| call.kind() == "call");
            let init = attribute.child_by_field_name("attribute").is_some_and(|name| syntax::text_of(text, name) == "__init__");
            (parent.kind() == "call" && arguments.named_child_count() == 0 && init && called).then_some(Everyday::SuperInit)
        }
        "lazy-evaluation" if anchor.kind() == "for" && parent.kind() == "for_in_clause" => {
            let expression = parent.parent().filter(|expression| expression.kind() == "generator_expression")?;
            expression.parent().is_some_and(|call| call.kind() == "call").then_some(Everyday::GeneratorArgument)
        }
        _ => None,
    }
}

/// The names every `from ... import name` below `node` binds, as absolute qualified names.
fn imports_in(text: &str, node: Node, module: &Module, out: &mut Vec<Vec<String>>) {
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        if child.kind() != "import_from_statement" {
            imports_in(text, child, module, out);
            continue;
        }
        let Some(from) = child.child_by_field_name("module_name") else { continue };
        let from = syntax::text_of(text, from);
        let mut names = child.walk();
        for name in child.children_by_field_name("name", &mut names) {
            let name = if name.kind() == "aliased_import" { name.child_by_field_name("name") } else { Some(name) };
            let Some(name) = name else { continue };
            let separator = if from.ends_with('.') { "" } else { "." };
            out.push(absolute_module(&format!("{from}{separator}{}", syntax::text_of(text, name)), module));
        }
    }
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

/// `40 everyday uses of `@property``, or with several forms `51 everyday uses: 40 of ..., 11 of
/// ...`, as Markdown.
fn everyday_phrase(everyday: &[(Everyday, usize)]) -> String {
    let total = everyday_lines(everyday);
    let uses = count(total, "everyday use", "everyday uses");
    match everyday {
        [(form, _)] => format!("{uses} of {}", form.label()),
        _ => {
            let forms: Vec<String> = everyday.iter().map(|(form, lines)| format!("{lines} of {}", form.label())).collect();
            format!("{uses}: {}", forms.join(", "))
        }
    }
}

/// `one place below refers to it`, `3 places below refer to it`.
fn referred(uses: usize) -> String {
    if uses == 1 {
        "one place below refers to it".to_owned()
    } else {
        format!("{uses} places below refer to it")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_paragraph_ends_at_a_blank_line() {
        assert_eq!(first_paragraph("\nOne line.\nTwo lines.\n\nAnother paragraph.\n"), Some("One line.\nTwo lines."));
        assert_eq!(first_paragraph("Only one.\n"), Some("Only one."));
        assert_eq!(first_paragraph("\n\n"), None);
    }
}

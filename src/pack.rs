//! Knowledge packs on disk (`DIR/<topic-id>/topic.md`, `anchors.scm`, `<pitfall-id>.md`, laid
//! out like the built-in `knowledge/`): reading one, laying it over the built-in knowledge, and
//! `pyexplain check-knowledge`, which validates one for a team's CI.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

use crate::analysis;
use crate::files::{display, io_message};
use crate::ide::OpenFile;
use crate::knowledge::{load, Knowledge, KnowledgeError, Topic};

/// The sections a topic may have, in this order. A pack's topic needs the first two; the others
/// are optional, but a heading outside this list is an error (a misspelt `## Exmaple` would
/// otherwise hide its block from the checks and from hovers).
pub const TOPIC_SECTIONS: [&str; 8] =
    ["What it is", "How it works", "Example", "Without it", "Rewrites", "Pitfalls", "Version notes", "References"];
/// The sections a pack's topic must have.
pub const REQUIRED_TOPIC_SECTIONS: [&str; 2] = ["What it is", "How it works"];
/// The sections a pitfall may have, in this order; none is required in a pack.
pub const PITFALL_SECTIONS: [&str; 6] = ["What it flags", "Why it matters", "Example", "Use instead", "Fix safety", "References"];

/// A pack as read from disk.
#[derive(Debug, Default)]
pub struct PackFiles {
    /// `(path relative to the pack, contents)`: what `knowledge::load` takes.
    pub files: Vec<(String, String)>,
    /// Files that are in the pack but are not text (not UTF-8).
    pub problems: Vec<KnowledgeError>,
    /// `(path relative to the pack, message)` of the files that could not be read.
    pub unreadable: Vec<(String, String)>,
}

/// Reads the `.md` and `.scm` files of every `DIR/<topic-id>/` folder, as the build embeds the
/// built-in ones. Hidden entries, files directly in `DIR` (a README) and deeper folders are
/// not part of the pack. Fails only when `DIR` itself cannot be listed.
pub fn read_pack(dir: &Path) -> std::io::Result<PackFiles> {
    let mut pack = PackFiles::default();
    let mut topics: Vec<(String, std::path::PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !entry.path().is_dir() {
            continue;
        }
        topics.push((name, entry.path()));
    }
    topics.sort();
    for (topic, folder) in topics {
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(error) => {
                pack.unreadable.push((topic.clone(), io_message(&error)));
                continue;
            }
        };
        let mut names: Vec<String> = entries
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| !name.starts_with('.') && (name.ends_with(".md") || name.ends_with(".scm")))
            .collect();
        names.sort();
        for name in names {
            let path = folder.join(&name);
            if !path.is_file() {
                continue;
            }
            let relative = format!("{topic}/{name}");
            match std::fs::read(&path) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => pack.files.push((relative, text)),
                    Err(_) => pack.problems.push(KnowledgeError::error(relative, 1, "not UTF-8 text")),
                },
                Err(error) => pack.unreadable.push((relative, io_message(&error))),
            }
        }
    }
    Ok(pack)
}

/// The built-in knowledge with a pack laid over it file by file: a pack's `caching/topic.md`
/// replaces the built-in one (its text, and its `[anchors]` and `rank` when it has them) and keeps
/// the built-in `caching/anchors.scm` and pitfalls unless the pack has those files too; a new id
/// adds a topic.
/// A pack folder with a problem that overrides a built-in id leaves the built-in entry in place
/// (an invalid override must not take a working topic away). The errors are the pack's, paths
/// relative to the pack.
pub fn with_builtin(pack: &[(String, String)]) -> (Knowledge, Vec<KnowledgeError>) {
    let builtin = Knowledge::builtin();
    // Only the folders the pack touches are loaded; the other topics are the built-in ones, shared.
    let touched: BTreeSet<&str> = pack.iter().filter_map(|(path, _)| path.split('/').next()).collect();
    let mut files: BTreeMap<String, String> = Knowledge::builtin_files()
        .iter()
        .filter(|(path, _)| path.split('/').next().is_some_and(|folder| touched.contains(folder)))
        .map(|(path, text)| (path.to_string(), text.to_string()))
        .collect();
    files.extend(pack.iter().cloned());
    let (mut knowledge, errors) = load(files);
    for id in &touched {
        knowledge.inherit_detection(builtin, id);
    }
    let broken: BTreeSet<&str> =
        errors.iter().filter_map(|error| error.path.split('/').next()).filter(|id| builtin.topic(id).is_some()).collect();
    for id in broken {
        knowledge = knowledge.with_topic_of(builtin, id);
    }
    (knowledge.with_topics_of(builtin), errors)
}

/// A workspace's knowledge: the built-in knowledge with `ROOT/.pyexplain/knowledge/` laid over
/// it, or `None` when there is no such folder. The problems name the file relative to `ROOT`
/// (`.pyexplain/knowledge/retry/topic.md:3: ...`); entries with problems are left out and the
/// rest loads.
pub fn workspace_knowledge(root: &Path) -> (Option<Knowledge>, Vec<String>) {
    let dir = root.join(PACK_DIR);
    if !dir.is_dir() {
        return (None, Vec::new());
    }
    match read_pack(&dir) {
        Ok(files) => {
            let (knowledge, mut errors) = with_builtin(&files.files);
            let (own, _) = load(files.files.clone());
            errors.extend(content_problems(&files.files, &own, &knowledge));
            errors.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
            errors.dedup();
            let mut messages: Vec<String> = files.problems.iter().chain(errors.iter()).map(|error| format!("{PACK_DIR}/{error}")).collect();
            messages.extend(files.unreadable.iter().map(|(path, message)| format!("{PACK_DIR}/{path}: {message}")));
            (Some(knowledge), messages)
        }
        Err(error) => (None, vec![format!("{PACK_DIR}: {}", io_message(&error))]),
    }
}

/// Where a workspace keeps its pack, relative to its root.
pub const PACK_DIR: &str = ".pyexplain/knowledge";

/// `pyexplain check-knowledge DIR`: prints every problem as `DIR/<path>:<line>: <message>` on
/// stdout (a warning as `DIR/<path>:<line>: warning: <message>`); exit 0 when the pack has no
/// errors (warnings do not fail it: the entry loads, only the part named cannot work), 1 when it
/// has, 2 when `DIR` or one of its files cannot be read.
pub fn check_knowledge(dir: &Path) -> i32 {
    let shown = display(dir);
    let shown = shown.trim_end_matches('/');
    let shown = if shown.is_empty() { "/" } else { shown };
    match std::fs::metadata(dir) {
        Ok(metadata) if metadata.is_dir() => {}
        Ok(_) => {
            eprintln!("pyexplain: {shown}: not a directory (expected a pack: DIR/<topic-id>/topic.md)");
            return 2;
        }
        Err(error) => {
            eprintln!("pyexplain: {shown}: {}", io_message(&error));
            return 2;
        }
    }
    let pack = match read_pack(dir) {
        Ok(pack) => pack,
        Err(error) => {
            eprintln!("pyexplain: {shown}: {}", io_message(&error));
            return 2;
        }
    };
    for (path, message) in &pack.unreadable {
        eprintln!("pyexplain: {shown}/{path}: {message}");
    }
    let mut problems = pack.problems.clone();
    problems.extend(check(&pack.files));
    problems.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
    problems.dedup();
    let topics = pack.files.iter().filter(|(path, _)| path.ends_with("/topic.md")).count();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for problem in &problems {
        let _ = writeln!(out, "{shown}/{problem}");
    }
    let _ = out.flush();
    if !pack.unreadable.is_empty() {
        return 2;
    }
    if pack.files.is_empty() && pack.problems.is_empty() {
        eprintln!("pyexplain: {shown}: no topics (expected {shown}/<topic-id>/topic.md)");
        return 1;
    }
    let warnings = problems.iter().filter(|problem| problem.is_warning()).count();
    let errors = problems.len() - warnings;
    let plural = |count: usize| if count == 1 { "" } else { "s" };
    if errors == 0 {
        let warned = if warnings == 0 { String::new() } else { format!(", {warnings} warning{}", plural(warnings)) };
        eprintln!("pyexplain: {shown}: {topics} topic{} valid{warned}", plural(topics));
        0
    } else {
        let warned = if warnings == 0 { String::new() } else { format!(" and {warnings} warning{}", plural(warnings)) };
        eprintln!("pyexplain: {shown}: {errors} problem{}{warned}", plural(errors));
        1
    }
}

/// Every problem of a pack given as `(path relative to the pack, contents)`: what
/// `knowledge::load` reports, then `content_problems`.
pub fn check(files: &[(String, String)]) -> Vec<KnowledgeError> {
    let (knowledge, mut problems) = load(files.to_vec());
    let (with_builtin, _) = with_builtin(files);
    problems.extend(content_problems(files, &knowledge, &with_builtin));
    problems
}

/// What loading does not check: the sections of every topic and pitfall file, also of those
/// whose front matter has problems (so one problem never hides another); for each topic that
/// loads, its anchors, and its Example (which must show the topic when analysed with the pack)
/// and Without it (which must not). `knowledge` is the pack alone, `with_builtin` the pack over
/// the built-in knowledge.
fn content_problems(files: &[(String, String)], knowledge: &Knowledge, with_builtin: &Knowledge) -> Vec<KnowledgeError> {
    let mut problems = Vec::new();
    let builtin = Knowledge::builtin();
    let paths: BTreeSet<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
    for (path, text) in files {
        let Some((id, file)) = path.split_once('/') else { continue };
        let Some(stem) = file.strip_suffix(".md") else { continue };
        let headings = headings(text);
        let error = |line: usize, message: String| KnowledgeError::error(path.clone(), line, message);
        if stem != "topic" {
            for (line, message) in section_problems(&headings, &PITFALL_SECTIONS, &[], body_line(text)) {
                problems.push(error(line, message));
            }
            continue;
        }
        problems.extend(
            section_problems(&headings, &TOPIC_SECTIONS, &REQUIRED_TOPIC_SECTIONS, body_line(text))
                .into_iter()
                .map(|(line, message)| error(line, message)),
        );
        // An override of a built-in id keeps the built-in detection (anchors.scm, Rust).
        let overrides = builtin.topic(id).is_some();
        let has_query = paths.contains(format!("{id}/anchors.scm").as_str());
        let has_anchors = match knowledge.topic(id) {
            Some(topic) => !topic.anchors.is_empty(),
            // Front matter that did not load: look for the table itself.
            None => text.lines().any(|line| line.trim() == "[anchors]" || line.trim_start().starts_with("anchors")),
        };
        if !overrides && !has_anchors && !has_query {
            let line = line_of(text, |line| line.trim() == "[anchors]").unwrap_or(1);
            problems.push(error(
                line,
                "topic has no anchors: add an `[anchors]` table (calls, decorators, bases or names) to the front matter, or an anchors.scm"
                    .into(),
            ));
        }
        let Some(topic) = knowledge.topic(id) else { continue };
        let analysed = if with_builtin.topic(id).is_some() { with_builtin } else { knowledge };
        for (section, wanted) in [("Example", true), ("Without it", false)] {
            let Some((line, code)) = python_block(text, &headings, section) else { continue };
            if let Some(message) = example_problem(analysed, topic, section, &code, wanted) {
                problems.push(error(line, message));
            }
        }
    }
    problems
}

/// Why the python block of `section` is wrong, if it is: it does not parse, or it shows the topic
/// when it should not (or does not when it should).
fn example_problem(knowledge: &Knowledge, topic: &Topic, section: &str, code: &str, wanted: bool) -> Option<String> {
    let document = OpenFile::new(code.to_owned(), 0);
    let tree = document.tree();
    if tree.root_node().has_error() {
        return Some(format!("the python block of `## {section}` does not parse"));
    }
    let analysis = analysis::analyze(&document.text, &tree, knowledge);
    let found = analysis.occurrences.iter().any(|occurrence| occurrence.topic == topic.id);
    match (wanted, found) {
        (true, false) => Some(format!("the python block of `## {section}` shows no `{}` construct: check the anchors", topic.id)),
        (false, true) => Some(format!("the python block of `## {section}` shows the `{}` construct it should do without", topic.id)),
        _ => None,
    }
}

/// `## ` headings outside code blocks, after the front matter: (1-based line, heading).
fn headings(text: &str) -> Vec<(usize, String)> {
    let start = body_line(text);
    let mut found = Vec::new();
    let mut in_code = false;
    for (index, line) in text.lines().enumerate().skip(start - 1) {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            if let Some(heading) = line.strip_prefix("## ") {
                found.push((index + 1, heading.trim().to_owned()));
            }
        }
    }
    found
}

/// The 1-based line after the closing `+++` of the front matter (1 without front matter).
fn body_line(text: &str) -> usize {
    let mut lines = text.lines().enumerate();
    match lines.next() {
        Some((_, first)) if first.trim_start_matches('\u{feff}').trim_end() == "+++" => {}
        _ => return 1,
    }
    lines.find(|(_, line)| line.trim_end() == "+++").map_or(1, |(index, _)| index + 2)
}

fn line_of(text: &str, wanted: impl Fn(&str) -> bool) -> Option<usize> {
    text.lines().position(wanted).map(|index| index + 1)
}

/// Unknown, repeated, misplaced and missing sections, as (line, message).
fn section_problems(headings: &[(usize, String)], known: &[&str], required: &[&str], body_line: usize) -> Vec<(usize, String)> {
    let mut problems = Vec::new();
    let mut last: Option<(usize, &str)> = None;
    for (line, heading) in headings {
        let Some(rank) = known.iter().position(|name| name == heading) else {
            problems.push((*line, format!("unknown section `## {heading}` (expected {})", known.join(" · "))));
            continue;
        };
        if headings.iter().take_while(|(earlier, _)| earlier < line).any(|(_, earlier)| earlier == heading) {
            problems.push((*line, format!("section `## {heading}` appears twice")));
            continue;
        }
        if let Some((last_rank, last_heading)) = last {
            if rank < last_rank {
                problems
                    .push((*line, format!("section `## {heading}` must come before `## {last_heading}` (order: {})", known.join(" · "))));
                continue;
            }
        }
        last = Some((rank, known[rank]));
    }
    for name in required {
        if !headings.iter().any(|(_, heading)| heading == name) {
            problems.push((
                body_line,
                format!(
                    "missing section `## {name}` (required: {})",
                    required.iter().map(|name| format!("`## {name}`")).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    }
    problems
}

/// The first ```python block of a section: (line of its opening fence, code).
fn python_block(text: &str, headings: &[(usize, String)], section: &str) -> Option<(usize, String)> {
    let position = headings.iter().position(|(_, heading)| heading == section)?;
    let start = headings[position].0;
    let end = headings.get(position + 1).map_or(usize::MAX, |(line, _)| *line);
    let lines: Vec<&str> = text.lines().collect();
    let fence = (start..end.min(lines.len() + 1)).find(|line| lines[line - 1].trim() == "```python")?;
    let code: Vec<&str> = lines[fence..].iter().take_while(|line| !line.trim_start().starts_with("```")).copied().collect();
    Some((fence, code.join("\n") + "\n"))
}

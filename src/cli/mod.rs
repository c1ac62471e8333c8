//! The command line: `scan`, `explain`, `topics`, `reference`; the same analysis as the server, in a terminal.
//! `check-knowledge` is in pack.rs, `report` in report.rs; the CI formats of `scan` are
//! github.rs and sarif.rs.

mod github;
mod sarif;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::document::encoding::{self, Encoding};
use crate::files::{absolute, collect, display, map_files, projects, read_source};
use crate::ide;
use crate::knowledge::{render, Knowledge, Severity};
use crate::settings::Settings;
use crate::workspace::{self, Workspaces};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScanFormat {
    Text,
    Json,
    /// GitHub Actions workflow commands: one annotation per pitfall.
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
}

/// `scan --fail-on`: the lowest severity of a reported pitfall that makes the exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Hint,
    Information,
    Warning,
    Error,
}

impl FailOn {
    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::Hint => "hint",
            FailOn::Information => "information",
            FailOn::Warning => "warning",
            FailOn::Error => "error",
        }
    }

    /// Whether a pitfall reported with `severity` reaches this threshold.
    pub fn reached_by(self, severity: Severity) -> bool {
        let threshold = match self {
            FailOn::Hint => Severity::Hint,
            FailOn::Information => Severity::Information,
            FailOn::Warning => Severity::Warning,
            FailOn::Error => Severity::Error,
        };
        // `Severity` orders the most severe first.
        severity <= threshold
    }
}

/// One scanned file's result, positions already converted.
struct FileReport {
    path: String,
    /// The knowledge the file was analysed with, for the rules of the SARIF log.
    knowledge: std::sync::Arc<Knowledge>,
    constructs: Vec<Entry>,
    diagnostics: Vec<Entry>,
}

struct Entry {
    id: String,
    topic: String,
    /// `None` for a construct, the configured severity for a pitfall.
    severity: Option<Severity>,
    fixable: bool,
    message: String,
    range: [(u32, u32); 2],
    /// 1-based line and column in characters, for the text format.
    start_chars: (u32, u32),
    /// 1-based line and column in characters of the end, for GitHub annotations.
    end_chars: (u32, u32),
}

/// `pyexplain scan`: exit 2 when a file could not be read, else 1 when `fail_on` is given and a
/// pitfall at or above it was reported, else 0.
pub fn scan(paths: &[PathBuf], format: ScanFormat, fail_on: Option<FailOn>) -> i32 {
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for path in paths {
        collect(path, &display(path), &mut files, &mut errors);
    }
    files.sort();
    files.dedup();
    let workspaces = projects(&files);
    let index = index_of(&files);
    let show_progress = format == ScanFormat::Text && std::io::stderr().is_terminal();
    let reports = map_files(&files, show_progress, &mut errors, |(shown, path)| {
        let scope = workspaces.scope_of_path(&absolute(path));
        scan_file(shown, path, &scope.knowledge, &scope.settings, &index)
    });
    errors.sort();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match format {
        ScanFormat::Json => write_json(&mut out, &reports, &errors),
        ScanFormat::Text => write_text(&mut out, &reports, &errors),
        ScanFormat::Github => github::write(&mut out, &reports, &errors),
        ScanFormat::Sarif => sarif::write(&mut out, &reports, &errors),
    };
    if let Err(error) = written.and_then(|_| out.flush()) {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("pyexplain: cannot write the report: {error}");
        }
        return 2;
    }
    if !errors.is_empty() {
        return 2;
    }
    let Some(fail_on) = fail_on else { return 0 };
    let failing = reports
        .iter()
        .flat_map(|report| &report.diagnostics)
        .filter(|entry| entry.severity.is_some_and(|severity| fail_on.reached_by(severity)))
        .count();
    if failing == 0 {
        return 0;
    }
    let threshold = fail_on.as_str();
    eprintln!("pyexplain: {failing} pitfall(s) at or above {threshold} (--fail-on {threshold})");
    1
}

/// The workspace index over the files of a scan: each file's module named from its project's
/// folder (or its packages), as the server names a workspace folder's.
pub fn index_of(files: &[(String, PathBuf)]) -> std::sync::Arc<ide::WorkspaceIndex> {
    let index = std::sync::Arc::new(ide::WorkspaceIndex::default());
    let summaries = crate::files::parallel_map(files, |(_, path)| {
        let path = absolute(path);
        let root = crate::workspace::project_root(&path);
        let text = read_source("", &path).ok()?;
        crate::indexing::summarize_text(root.as_deref(), &path, &text)
    });
    index.extend(summaries.into_iter().flatten().collect());
    index.set_ready();
    index
}

fn scan_file(
    shown: &str,
    path: &Path,
    knowledge: &std::sync::Arc<Knowledge>,
    settings: &Settings,
    index: &std::sync::Arc<ide::WorkspaceIndex>,
) -> Result<FileReport, (String, String)> {
    let text = read_source(shown, path)?;
    let package = crate::indexing::module_of(crate::workspace::project_root(&absolute(path)).as_deref(), &absolute(path))
        .and_then(|(_, package)| package);
    let scanned = ide::scan::scan_text(text, package.as_deref(), knowledge, settings, Some(index));
    let document = &scanned.document;
    let position = |offset: usize, encoding: Encoding| {
        let pos = encoding::position_of(&document.text, &document.lines, offset, encoding);
        (pos.line, pos.character)
    };
    let range = |range: &std::ops::Range<usize>| [position(range.start, Encoding::Utf16), position(range.end, Encoding::Utf16)];
    let chars = |offset: usize| {
        let (line, column) = position(offset, Encoding::Chars);
        (line + 1, column + 1)
    };
    let constructs = scanned
        .constructs
        .iter()
        .filter_map(|occurrence| {
            let topic = knowledge.topic(&occurrence.topic)?;
            Some(Entry {
                id: occurrence.topic.clone(),
                topic: occurrence.topic.clone(),
                severity: None,
                fixable: false,
                message: topic.summary.clone(),
                range: range(&occurrence.anchor),
                start_chars: chars(occurrence.anchor.start),
                end_chars: chars(occurrence.anchor.end),
            })
        })
        .collect();
    let diagnostics = scanned
        .diagnostics
        .iter()
        .map(|(diagnostic, fixable)| {
            let finding = &diagnostic.finding;
            Entry {
                id: finding.code.clone(),
                topic: finding.topic.clone(),
                severity: Some(diagnostic.severity),
                fixable: *fixable,
                message: finding.message.clone(),
                range: range(&finding.range),
                start_chars: chars(finding.range.start),
                end_chars: chars(finding.range.end),
            }
        })
        .collect();
    Ok(FileReport { path: shown.to_owned(), knowledge: std::sync::Arc::clone(knowledge), constructs, diagnostics })
}

fn lsp_range(range: &[(u32, u32); 2]) -> Value {
    json!({"start": {"line": range[0].0, "character": range[0].1}, "end": {"line": range[1].0, "character": range[1].1}})
}

fn write_json(out: &mut impl Write, reports: &[FileReport], errors: &[(String, String)]) -> std::io::Result<()> {
    let files: Vec<Value> = reports
        .iter()
        .map(|report| {
            let constructs: Vec<Value> =
                report.constructs.iter().map(|entry| json!({"topic": entry.topic, "range": lsp_range(&entry.range)})).collect();
            let diagnostics: Vec<Value> = report
                .diagnostics
                .iter()
                .map(|entry| {
                    json!({"code": entry.id, "topic": entry.topic, "severity": entry.severity.map(Severity::as_str), "fixable": entry.fixable,
                           "message": entry.message, "range": lsp_range(&entry.range)})
                })
                .collect();
            json!({"path": report.path, "constructs": constructs, "diagnostics": diagnostics})
        })
        .collect();
    let errors: Vec<Value> = errors.iter().map(|(path, message)| json!({"path": path, "message": message})).collect();
    let document = json!({"version": 1, "files": files, "errors": errors});
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

fn write_text(out: &mut impl Write, reports: &[FileReport], errors: &[(String, String)]) -> std::io::Result<()> {
    for report in reports {
        let mut entries: Vec<&Entry> = report.constructs.iter().chain(report.diagnostics.iter()).collect();
        entries.sort_by_key(|entry| (entry.start_chars, entry.severity.is_none()));
        for entry in entries {
            let (line, column) = entry.start_chars;
            match entry.severity.map(Severity::as_str) {
                Some(severity) => writeln!(out, "{}:{line}:{column}: {}: {} [{severity}]", report.path, entry.id, entry.message)?,
                None => writeln!(out, "{}:{line}:{column}: {}: {}", report.path, entry.id, entry.message)?,
            }
        }
    }
    for (path, message) in errors {
        eprintln!("pyexplain: {path}: {message}");
    }
    Ok(())
}

/// `pyexplain explain ID`: a topic or pitfall entry, styled on a terminal, plain when piped.
pub fn explain(id: &str, markdown: bool) -> i32 {
    let knowledge = current_project_knowledge();
    let knowledge = &*knowledge;
    let text = match (knowledge.topic(id), knowledge.pitfall(id)) {
        (Some(topic), _) => render::document(topic),
        (None, Some(pitfall)) => render::pitfall_document(pitfall),
        (None, None) => {
            let mut candidates: Vec<&str> = knowledge.ids();
            candidates.extend(knowledge.pitfalls().map(|pitfall| pitfall.id.as_str()));
            let suggestions = closest(id, &candidates);
            if suggestions.is_empty() {
                eprintln!("pyexplain: unknown topic `{id}`; `pyexplain topics` lists them");
            } else {
                eprintln!(
                    "pyexplain: unknown topic `{id}`; did you mean {}?",
                    suggestions.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" or ")
                );
            }
            return 2;
        }
    };
    let stdout = std::io::stdout();
    let styled = !markdown && stdout.is_terminal();
    let output = if markdown { text } else { terminal_text(&text, styled, terminal_width()) };
    let mut lock = stdout.lock();
    let _ = lock.write_all(output.as_bytes());
    0
}

/// `pyexplain topics`: `id<TAB>title`, one per line.
pub fn topics() -> i32 {
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    for topic in current_project_knowledge().topics() {
        let _ = writeln!(lock, "{}\t{}", topic.id, topic.title.replace('`', ""));
    }
    0
}

/// The knowledge of the project the current directory is in (its `.pyexplain/knowledge/` over
/// the built-in entries), so `explain` and `topics` know a team's own topics; the built-in
/// knowledge outside a project.
fn current_project_knowledge() -> std::sync::Arc<Knowledge> {
    let Some(root) = std::env::current_dir().ok().and_then(|dir| workspace::project_root_from(&dir)) else {
        return Knowledge::shared_builtin();
    };
    let workspaces = Workspaces::default();
    workspaces.add_folder(root.clone());
    if let Some(reloaded) = workspaces.reload(&root, true) {
        for problem in reloaded.problems {
            eprintln!("pyexplain: warning: {}: {problem}", display(&root));
        }
    }
    workspaces.scope_of_path(&root).knowledge
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|value| value.parse().ok()).filter(|width: &usize| *width >= 40).unwrap_or(80).min(100)
}

/// Markdown for a terminal: headings styled (bold, on a TTY), paragraphs wrapped, code kept.
pub fn terminal_text(markdown: &str, styled: bool, width: usize) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str("    ");
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if let Some(heading) = line.strip_prefix("# ").or_else(|| line.strip_prefix("## ")) {
            let heading = heading.replace('`', "");
            if styled {
                out.push_str(&format!("\x1b[1m{heading}\x1b[0m\n"));
            } else {
                out.push_str(&format!("{heading}\n{}\n", "-".repeat(heading.chars().count())));
            }
            continue;
        }
        let (indent, rest) = match line.strip_prefix("- ") {
            Some(rest) => ("  ", format!("- {rest}")),
            None => ("", line.to_owned()),
        };
        out.push_str(&wrap(&rest, width, indent));
        out.push('\n');
    }
    out
}

fn wrap(line: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut column = 0;
    for word in line.split(' ') {
        let length = word.chars().count();
        if column > 0 && column + 1 + length > width {
            out.push('\n');
            out.push_str(indent);
            column = indent.len();
        } else if column > 0 {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += length;
    }
    out
}

/// Ids within a small edit distance of `wanted`, or containing it, best first.
fn closest<'a>(wanted: &str, candidates: &[&'a str]) -> Vec<&'a str> {
    let mut scored: Vec<(usize, &str)> = candidates
        .iter()
        .map(|candidate| (edit_distance(wanted, candidate), *candidate))
        .filter(|(distance, candidate)| {
            *distance <= 3.max(wanted.len() / 3) || candidate.contains(wanted) || (wanted.len() >= 3 && wanted.contains(*candidate))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, candidate)| candidate).collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push((previous[j] + cost).min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// `pyexplain reference`: the generated topic and pitfall reference on stdout.
pub fn reference() -> i32 {
    let text = ide::reference::markdown(Knowledge::builtin());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("pyexplain: cannot write the reference: {error}");
            1
        }
    }
}

/// `pyexplain bench-index DIR`: the server's first pass over a workspace folder, timed, with the
/// resident memory it adds (`VmRSS` before and after, the index kept alive).
pub fn bench_index(dir: &Path) -> i32 {
    let rss_kb = || {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let line = status.lines().find(|line| line.starts_with("VmRSS:")).unwrap_or_default().to_owned();
        line.split_whitespace().nth(1).and_then(|value| value.parse::<u64>().ok()).unwrap_or(0)
    };
    // The table of standard-library classes is parsed once by the first analysis, not here.
    let _ = crate::analysis::semantics::stdlib::len();
    let before = rss_kb();
    let started = std::time::Instant::now();
    let index = ide::WorkspaceIndex::default();
    let summaries = crate::indexing::summarize_folder(&absolute(dir), &|_, _| {});
    index.extend(summaries);
    let elapsed = started.elapsed();
    let after = rss_kb();
    let snapshot = index.snapshot();
    let classes: usize = snapshot.modules().map(|module| module.classes.len()).sum();
    println!(
        "{} modules, {classes} classes indexed in {:.2} s on {} threads; resident memory +{:.1} MB",
        snapshot.len(),
        elapsed.as_secs_f64(),
        std::thread::available_parallelism().map_or(1, usize::from),
        after.saturating_sub(before) as f64 / 1024.0
    );
    0
}

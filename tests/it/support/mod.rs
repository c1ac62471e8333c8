//! Test helpers: the only callers of the analysis and fix API in tests.
#![allow(dead_code)]

pub mod lsp;
pub mod stdio;

use std::path::{Path, PathBuf};
use std::process::Command;

use pyexplain::analysis::{Analysis, Context};
use pyexplain::document::encoding::{self as convert, Encoding};
use pyexplain::fixes;
use pyexplain::ide;
use pyexplain::ide::OpenFile;
use pyexplain::knowledge::Knowledge;
use pyexplain::settings::Settings;

pub fn knowledge() -> &'static Knowledge {
    Knowledge::builtin()
}

pub fn analyze(text: &str) -> (OpenFile, std::sync::Arc<Analysis>) {
    let document = OpenFile::new(text.to_owned(), 0);
    let analysis = document.analysis(knowledge());
    (document, analysis)
}

/// One expectation from an annotation comment.
#[derive(Debug, Clone)]
struct Expectation {
    line: usize,
    column: usize,
    /// Number of carets, or `None` for `# <- id` (start only).
    length: Option<usize>,
    id: String,
    absent: bool,
}

/// Checks one annotated fixture: `# ^^^ id` under a code line marks an anchor (or a pitfall's range
/// start) at those columns, `# <- id` at the column where the comment starts, `# ^ !id` asserts
/// absence. Every mentioned id, and every pitfall of the fixture's topic folder, is checked
/// exhaustively. Returns the failures, one line each.
pub fn check_detections(path: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else { return vec![format!("{}: cannot read", path.display())] };
    let topic = path.parent().and_then(|parent| parent.file_name()).map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let (document, analysis) = analyze(&text);
    let mut expectations = Vec::new();
    let mut code_line = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let marker = trimmed.strip_prefix('#').map(str::trim_start);
        let annotation = marker.filter(|rest| rest.starts_with('^') || rest.starts_with("<-"));
        match (annotation, code_line) {
            (Some(rest), Some(target)) => {
                let hash_column = line.chars().count() - trimmed.chars().count();
                let (column, length, ids) = if let Some(ids) = rest.strip_prefix("<-") {
                    (hash_column, None, ids)
                } else {
                    let caret_start = line.find('^').map(|byte| line[..byte].chars().count()).unwrap_or(0);
                    let carets = rest.chars().take_while(|ch| *ch == '^').count();
                    (caret_start, Some(carets), &rest[carets..])
                };
                for id in ids.split_whitespace() {
                    let (absent, id) = match id.strip_prefix('!') {
                        Some(id) => (true, id),
                        None => (false, id),
                    };
                    expectations.push(Expectation { line: target, column, length, id: id.to_owned(), absent });
                }
            }
            _ => code_line = Some(index),
        }
    }
    let mut mentioned: Vec<String> = expectations.iter().map(|expectation| expectation.id.clone()).collect();
    if let Some(entry) = knowledge().topic(&topic) {
        mentioned.extend(entry.pitfalls.iter().map(|pitfall| pitfall.id.clone()));
    }
    mentioned.sort();
    mentioned.dedup();
    // Every actual finding of a mentioned id as (id, line, column, length in chars).
    let position = |offset: usize| convert::position_of(&document.text, &document.lines, offset, Encoding::Chars);
    let mut actual: Vec<(String, usize, usize, usize)> = Vec::new();
    for occurrence in &analysis.occurrences {
        let start = position(occurrence.anchor.start);
        let end = position(occurrence.anchor.end);
        actual.push((
            occurrence.topic.clone(),
            start.line as usize,
            start.character as usize,
            (end.character as usize).saturating_sub(start.character as usize),
        ));
    }
    let shown = ide::diagnostics(&document.text, &analysis, knowledge(), &Settings::default());
    for finding in shown.iter().map(|diagnostic| &diagnostic.finding) {
        let start = position(finding.range.start);
        let end = position(finding.range.end);
        let length = if end.line == start.line { end.character.saturating_sub(start.character) as usize } else { usize::MAX };
        actual.push((finding.code.clone(), start.line as usize, start.character as usize, length));
    }
    let shown = path.display();
    let mut failures = Vec::new();
    for expectation in &expectations {
        let found = actual.iter().any(|(id, line, column, length)| {
            *id == expectation.id
                && *line == expectation.line
                && if expectation.absent {
                    let width = expectation.length.unwrap_or(1);
                    *column < expectation.column + width && expectation.column < column + (*length).max(1)
                } else {
                    *column == expectation.column && expectation.length.is_none_or(|carets| carets == *length || *length == usize::MAX)
                }
        });
        if expectation.absent && found {
            failures.push(format!(
                "{shown}:{}:{}: `{}` found where it must not be",
                expectation.line + 1,
                expectation.column + 1,
                expectation.id
            ));
        }
        if !expectation.absent && !found {
            failures.push(format!(
                "{shown}:{}:{}: `{}` expected but not found",
                expectation.line + 1,
                expectation.column + 1,
                expectation.id
            ));
        }
    }
    for (id, line, column, _) in &actual {
        if !mentioned.contains(id) {
            continue;
        }
        let expected = expectations
            .iter()
            .any(|expectation| !expectation.absent && expectation.id == *id && expectation.line == *line && expectation.column == *column);
        if !expected {
            failures.push(format!("{shown}:{}:{}: `{id}` found but not annotated", line + 1, column + 1));
        }
    }
    failures
}

/// Every `.py` file below `dir`, sorted.
pub fn python_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "py") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Splits `$0` out of a text: (text, offset).
pub fn cursor(marked: &str) -> (String, usize) {
    let offset = marked.find("$0").expect("the test text marks the cursor with $0");
    (marked.replacen("$0", "", 1), offset)
}

/// The fixed text for the `code` finding at `$0` under `settings`, or `None` when no fix is offered.
/// Panics when no `code` finding starts on the cursor's line.
#[track_caller]
pub fn fixed_text(code: &str, marked: &str, settings: &Settings) -> Option<(String, fixes::Tier)> {
    let (text, offset) = cursor(marked);
    let (document, analysis) = analyze(&text);
    let line = document.lines.line_of(offset);
    let finding = analysis
        .findings
        .iter()
        .find(|finding| finding.code == code && document.lines.line_of(finding.range.start) == line)
        .unwrap_or_else(|| panic!("no `{code}` finding on the cursor's line in:\n{text}\nfindings: {:?}", analysis.findings));
    let tree = document.tree();
    let context = Context::new(&document.text, &tree, knowledge());
    let fix = fixes::fix_for(&context, finding, settings)?;
    Some((fixes::apply(&text, &fix.edits), fix.tier))
}

/// Asserts the fix of `code` at `$0` turns the text into `expected`, which must parse without
/// error nodes and compile with `python3 -m py_compile`, and no longer have that finding there.
#[track_caller]
pub fn check_fix(code: &str, marked: &str, expected: &str) {
    check_fix_with(code, &Settings::default(), marked, expected);
}

#[track_caller]
pub fn check_fix_with(code: &str, settings: &Settings, marked: &str, expected: &str) {
    let Some((actual, _)) = fixed_text(code, marked, settings) else { panic!("no fix offered for `{code}` in:\n{marked}") };
    assert_eq!(actual, expected, "fix of `{code}`");
    assert_valid_python(&actual);
}

/// Asserts the finding is there but no fix is offered.
#[track_caller]
pub fn check_fix_not_applicable(code: &str, marked: &str) {
    check_fix_not_applicable_with(code, &Settings::default(), marked);
}

#[track_caller]
pub fn check_fix_not_applicable_with(code: &str, settings: &Settings, marked: &str) {
    if let Some((actual, _)) = fixed_text(code, marked, settings) {
        panic!("expected no fix for `{code}`, got:\n{actual}");
    }
}

/// Asserts `text` parses with no tree-sitter error node and compiles with `python3 -m py_compile`.
#[track_caller]
pub fn assert_valid_python(text: &str) {
    let document = OpenFile::new(text.to_owned(), 0);
    assert!(!document.tree().root_node().has_error(), "the text has syntax errors (tree-sitter):\n{text}");
    let dir = std::env::temp_dir().join(format!("pyexplain-compile-{}-{}", std::process::id(), unique()));
    std::fs::create_dir_all(&dir).expect("temp dir is writable");
    let file = dir.join("fixed.py");
    std::fs::write(&file, text).expect("temp file is writable");
    let output =
        Command::new("python3").arg("-m").arg("py_compile").arg(&file).output().expect("python3 is installed (.ci/run installs it)");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(output.status.success(), "python3 -m py_compile failed:\n{}\n{text}", String::from_utf8_lossy(&output.stderr));
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The hover Markdown at `$0` in a Python snippet, with the default settings. Panics, showing
/// the snippet, when nothing is explained there.
#[track_caller]
pub fn hover(marked: &str) -> String {
    hover_with(marked, &Settings::default())
}

/// The hover Markdown at `$0` under `settings`.
#[track_caller]
pub fn hover_with(marked: &str, settings: &Settings) -> String {
    let (text, offset) = cursor(marked);
    let document = OpenFile::new(text.clone(), 0);
    match ide::hover(&document, knowledge(), settings, offset) {
        Some(found) => found.markdown,
        None => panic!("no hover at $0 in:\n{marked}"),
    }
}

/// The part of the hover at `$0` that is about this occurrence: the title line (which topic
/// won), the notes, the pitfall line and the "Also:" line, without the entry's summary and
/// docs link that every occurrence of the topic shares.
#[track_caller]
pub fn hover_notes(marked: &str) -> String {
    hover_notes_with(marked, &Settings::default())
}

/// `hover_notes` under `settings`.
#[track_caller]
pub fn hover_notes_with(marked: &str, settings: &Settings) -> String {
    let markdown = hover_with(marked, settings);
    let mut lines = markdown.lines();
    let mut kept: Vec<&str> = lines.next().into_iter().collect();
    kept.extend(lines.filter(|line| line.starts_with("- ") || line.starts_with("**Pitfall**") || line.starts_with("Also: ")));
    kept.join("\n")
}

/// Asserts that nothing is explained at `$0`, showing the hover that was found.
#[track_caller]
pub fn check_no_hover(marked: &str) {
    let (text, offset) = cursor(marked);
    let document = OpenFile::new(text, 0);
    if let Some(found) = ide::hover(&document, knowledge(), &Settings::default(), offset) {
        panic!("expected no hover at $0 in:\n{marked}\ngot:\n{}", found.markdown);
    }
}

/// The standard-library directory of the machine's `python3` and its `major.minor` version.
/// Without python3 or its standard-library files, prints that `test` is skipped and returns
/// `None`; under `PYEXPLAIN_E2E=require` (CI installs python3 and sets it) that is a failure.
#[track_caller]
pub fn python_stdlib(test: &str) -> Option<(PathBuf, String)> {
    let script = "import sys, sysconfig; print(sysconfig.get_paths()['stdlib']); print('%d.%d' % sys.version_info[:2])";
    let missing = match Command::new("python3").args(["-c", script]).output() {
        Ok(output) if output.status.success() => {
            let stdout = String::from_utf8_lossy(&output.stdout);
            let mut lines = stdout.lines().map(str::trim);
            let dir = PathBuf::from(lines.next().unwrap_or_default());
            let version = lines.next().unwrap_or_default().to_owned();
            if dir.join("os.py").is_file() {
                return Some((dir, version));
            }
            format!("python3 reports no standard-library files in {}", dir.display())
        }
        Ok(output) => format!("python3 failed ({}): {}", output.status, String::from_utf8_lossy(&output.stderr).trim()),
        Err(error) => format!("no python3 ({error})"),
    };
    assert_ne!(std::env::var("PYEXPLAIN_E2E").as_deref(), Ok("require"), "PYEXPLAIN_E2E=require, but {missing}");
    println!("{test}: skipped ({missing})");
    None
}

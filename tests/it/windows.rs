//! The windowed analysis a hover uses equals the whole-file analysis on every anchor.

use crate::support;

use std::path::{Path, PathBuf};

use pyexplain::analysis::analyze_around;

/// Checks every occurrence of the whole-file analysis of `text` against the window around it.
fn check(label: &str, text: &str, failures: &mut Vec<String>) {
    let (document, full) = support::analyze(text);
    for occurrence in &full.occurrences {
        let (_, local) = analyze_around(&document.text, &document.tree(), support::knowledge(), occurrence.anchor.start);
        if !local.occurrences.contains(occurrence) {
            let found: Vec<_> =
                local.occurrences.iter().filter(|other| other.topic == occurrence.topic && other.anchor == occurrence.anchor).collect();
            failures.push(format!(
                "{label}: {} at {:?} differs: whole file {:?}, window {:?}",
                occurrence.topic, occurrence.anchor, occurrence.notes, found
            ));
        }
    }
    for finding in &full.findings {
        let (_, local) = analyze_around(&document.text, &document.tree(), support::knowledge(), finding.range.start);
        if !local.findings.contains(finding) {
            failures.push(format!("{label}: finding {} at {:?} missing in its window", finding.code, finding.range));
        }
    }
}

fn corpus() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = support::python_files(&root.join("tests/fixtures"));
    files.extend(support::python_files(&root.join("examples")));
    files
}

#[test]
fn windows_agree_with_the_whole_file_on_fixtures_and_examples() {
    let mut failures = Vec::new();
    for file in corpus() {
        let text = std::fs::read_to_string(&file).expect("readable");
        check(&file.display().to_string(), &text, &mut failures);
    }
    for topic in support::knowledge().topics() {
        if let Some(example) = topic.section("Example") {
            check(&topic.id, example, &mut failures);
        }
    }
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn windows_agree_with_the_whole_file_on_standard_library_modules() {
    let Some((dir, _)) = support::python_stdlib("windows") else { return };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    // Every fourth top-level module under 2,000 lines: a varied sample that stays quick.
    for file in files.iter().step_by(4) {
        let Ok(text) = std::fs::read_to_string(file) else { continue };
        if text.lines().count() < 2000 {
            check(&file.display().to_string(), &text, &mut failures);
        }
    }
    assert!(failures.is_empty(), "{} differences:\n{}", failures.len(), failures.join("\n"));
}

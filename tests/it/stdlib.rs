//! The whole CPython standard library of the machine's `python3`: no panic anywhere, and the
//! number of occurrences per topic and findings per pitfall within a band around figures
//! measured once, so a detector that silently stops firing, or fires far more, fails.

use crate::support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use pyexplain::analysis::analyze;
use pyexplain::decode::decode_source;
use pyexplain::document::parse;

/// Occurrences per topic and findings per pitfall over the portable part of the standard library
/// (`portable`), measured with CPython 3.11.7 (pyenv); Debian's 3.11.2 gives the same within the
/// band. Keys are topic ids and `pitfall <id>`; an id that never fires there (`typing-annotated`,
/// `typing-literal`) has no figure, so its first occurrence fails until one is added.
const MEASURED_ON: &str = "3.11";
const EXPECTED: &[(&str, usize)] = &[
    ("abstract-base-classes", 156),
    ("assertions", 428),
    ("async-await", 323),
    ("asyncio-tasks", 6),
    ("attribute-access-hooks", 48),
    ("caching", 18),
    ("callable-objects", 50),
    ("class-customization", 12),
    ("closures", 358),
    ("comprehensions", 417),
    ("container-protocols", 214),
    ("context-managers", 597),
    ("copying", 37),
    ("dataclasses", 2),
    ("default-arguments", 58),
    ("dependency-injection", 29),
    ("enums", 30),
    ("descriptors", 466),
    ("equality-and-hashing", 121),
    ("exception-chaining", 223),
    ("finally-and-else", 743),
    ("gil", 15),
    ("import-system", 1052),
    ("iteration-protocol", 84),
    ("lazy-evaluation", 827),
    ("metaclasses", 42),
    ("monkey-patching", 41),
    ("object-creation", 47),
    ("operator-overloading", 254),
    ("parameterized-decorators", 63),
    ("pattern-matching", 10),
    ("pitfall abstractmethod-without-abc", 2),
    ("pitfall decorator-missing-wraps", 1),
    ("pitfall lru-cache-maxsize-none", 1),
    ("pitfall lru-cache-on-method", 5),
    ("pitfall mutable-class-attribute", 1),
    ("pitfall mutable-default-argument", 44),
    ("pitfall open-without-with", 1),
    ("pitfall pickle-load", 8),
    ("pitfall raise-without-from", 209),
    ("pitfall return-in-finally", 3),
    ("pitfall super-with-arguments", 52),
    ("pitfall yield-in-for-loop", 7),
    ("serialization", 26),
    ("slots", 171),
    ("super", 355),
    ("thread-safety", 50),
    ("typing-final", 1),
    ("typing-protocol", 8),
    ("weak-references", 28),
    ("yield-from", 73),
];

/// A count may drift this share of its figure either way ...
const TOLERANCE_PERCENT: usize = 15;
/// ... and at least this much, so that small figures are not brittle; it never reaches 0.
const MIN_SLACK: usize = 3;

/// Directories that Debian's python3 leaves to other packages (test suites, IDLE, tkinter,
/// lib2to3, distutils, ensurepip) and files only one of the two layouts ships.
const NOT_PORTABLE: &[&str] = &[
    "test",
    "tests",
    "idle_test",
    "idlelib",
    "tkinter",
    "turtledemo",
    "lib2to3",
    "distutils",
    "ensurepip",
    "site-packages",
    "dist-packages",
    "sitecustomize.py",
    "_distutils_system_mod.py",
];

/// Whether a file below the standard-library directory is there in every python3 3.11 layout.
fn portable(relative: &Path) -> bool {
    let excluded = relative.components().any(|component| NOT_PORTABLE.iter().any(|name| component.as_os_str() == *name));
    let sysconfigdata = relative.file_name().is_some_and(|name| name.to_string_lossy().starts_with("_sysconfigdata"));
    !excluded && !sysconfigdata
}

/// The lowest and highest count accepted for a figure.
fn band(expected: usize) -> (usize, usize) {
    let slack = (expected * TOLERANCE_PERCENT).div_ceil(100).max(MIN_SLACK);
    (expected.saturating_sub(slack).max(1), expected + slack)
}

/// One line per id whose count is outside its band or that has no figure.
fn count_failures(counts: &BTreeMap<String, usize>) -> Vec<String> {
    let mut failures = Vec::new();
    for (id, expected) in EXPECTED {
        let actual = counts.get(*id).copied().unwrap_or(0);
        let (low, high) = band(*expected);
        if !(low..=high).contains(&actual) {
            failures.push(format!("`{id}`: {actual}, expected {expected} (between {low} and {high})"));
        }
    }
    for (id, actual) in counts {
        if !EXPECTED.iter().any(|(known, _)| known == id) {
            failures.push(format!("`{id}`: {actual}, but it has no figure in EXPECTED; add one"));
        }
    }
    failures
}

#[test]
fn the_standard_library_analyses_without_a_panic() {
    let Some((dir, version)) = support::python_stdlib("stdlib") else { return };
    let files: Vec<PathBuf> =
        support::python_files(&dir).into_iter().filter(|path| !path.to_string_lossy().contains("site-packages")).collect();
    let counts: Mutex<BTreeMap<String, usize>> = Mutex::new(BTreeMap::new());
    let panics: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let undecodable = AtomicUsize::new(0);
    let lines = AtomicUsize::new(0);
    let next = AtomicUsize::new(0);
    let knowledge = support::knowledge();
    std::thread::scope(|scope| {
        for _ in 0..std::thread::available_parallelism().map_or(2, |count| count.get()) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(path) = files.get(index) else { break };
                let Ok(bytes) = std::fs::read(path) else { continue };
                let Ok(text) = decode_source(&bytes) else {
                    undecodable.fetch_add(1, Ordering::Relaxed);
                    continue;
                };
                lines.fetch_add(text.lines().count(), Ordering::Relaxed);
                let result = std::panic::catch_unwind(|| {
                    let tree = parse(&text, None);
                    analyze(&text, &tree, knowledge)
                });
                match result {
                    Ok(analysis) if portable(path.strip_prefix(&dir).unwrap_or(path)) => {
                        let mut counts = counts.lock().expect("no panic while counting");
                        for occurrence in &analysis.occurrences {
                            *counts.entry(occurrence.topic.clone()).or_default() += 1;
                        }
                        for finding in &analysis.findings {
                            *counts.entry(format!("pitfall {}", finding.code)).or_default() += 1;
                        }
                    }
                    Ok(_) => {}
                    Err(_) => panics.lock().expect("no panic while recording").push(path.display().to_string()),
                }
            });
        }
    });
    println!(
        "stdlib: {} files, {} lines, {} not decodable as Python would",
        files.len(),
        lines.load(Ordering::Relaxed),
        undecodable.load(Ordering::Relaxed)
    );
    let counts = counts.into_inner().expect("counts");
    for (id, count) in &counts {
        println!("stdlib: {id:<40} {count}");
    }
    let panics = panics.into_inner().expect("panics");
    assert!(panics.is_empty(), "the analysis panicked on:\n{}", panics.join("\n"));
    if version != MEASURED_ON {
        println!("stdlib: counts not checked (python3 is {version}; the figures are from {MEASURED_ON})");
        return;
    }
    let failures = count_failures(&counts);
    assert!(failures.is_empty(), "per-id counts on the python3 {version} standard library:\n{}", failures.join("\n"));
}

//! The whole CPython standard library of the machine's `python3`: no panic, per-topic counts.

use crate::support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use pyexplain::analysis::analyze;
use pyexplain::decode::decode_source;
use pyexplain::document::parse;

fn stdlib_dir() -> Option<PathBuf> {
    let output = Command::new("python3").args(["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"]).output().ok()?;
    let path = PathBuf::from(String::from_utf8(output.stdout).ok()?.trim());
    path.is_dir().then_some(path)
}

#[test]
fn the_standard_library_analyses_without_a_panic() {
    let Some(dir) = stdlib_dir() else {
        println!("stdlib: skipped (no python3 standard library on this machine)");
        return;
    };
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
                    Ok(analysis) => {
                        let mut counts = counts.lock().expect("no panic while counting");
                        for occurrence in &analysis.occurrences {
                            *counts.entry(occurrence.topic.clone()).or_default() += 1;
                        }
                        for finding in &analysis.findings {
                            *counts.entry(format!("pitfall {}", finding.code)).or_default() += 1;
                        }
                    }
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
    for (topic, count) in counts.lock().expect("counts").iter() {
        println!("stdlib: {topic:<40} {count}");
    }
    let panics = panics.into_inner().expect("panics");
    assert!(panics.is_empty(), "the analysis panicked on:\n{}", panics.join("\n"));
}

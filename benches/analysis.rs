//! Criterion benchmarks on real files from the machine's CPython standard library:
//! full parse, parse + analysis, a one-character edit with incremental reparse and reanalysis,
//! the hover lookup, and scan throughput.

use std::path::PathBuf;
use std::process::Command;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use pyexplain::document::encoding::{Encoding, LinePos};
use pyexplain::document::{parse, TextChange};
use pyexplain::ide::OpenFile;
use pyexplain::knowledge::Knowledge;
use pyexplain::settings::Settings;

fn stdlib() -> Option<PathBuf> {
    let output = Command::new("python3").args(["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"]).output().ok()?;
    let path = PathBuf::from(String::from_utf8(output.stdout).ok()?.trim());
    path.is_dir().then_some(path)
}

fn benches(c: &mut Criterion) {
    let Some(dir) = stdlib() else {
        eprintln!("benches skipped: no python3 standard library on this machine");
        return;
    };
    let Ok(text) = std::fs::read_to_string(dir.join("_pydecimal.py")) else {
        eprintln!("benches skipped: _pydecimal.py not found in {}", dir.display());
        return;
    };
    let knowledge = Knowledge::builtin();
    let mut group = c.benchmark_group("_pydecimal.py");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("tree-sitter full parse", |b| b.iter(|| parse(&text, None)));
    group.bench_function("parse + analysis", |b| {
        b.iter(|| {
            let document = OpenFile::new(text.clone(), 1);
            document.analysis(knowledge)
        })
    });
    let document = OpenFile::new(text.clone(), 1);
    let _ = document.analysis(knowledge);
    let line = (document.lines.line_count() / 2) as u32;
    let insert = vec![TextChange { range: Some((LinePos { line, character: 0 }, LinePos { line, character: 0 })), text: "x".into() }];
    // tree-sitter alone on the same edit: the old tree edited, then parsed again with it.
    let start = document.lines.line_start(line as usize).unwrap_or(0);
    let mut edited_text = text.clone();
    edited_text.insert(start, 'x');
    let point = tree_sitter::Point { row: line as usize, column: 0 };
    let input = tree_sitter::InputEdit {
        start_byte: start,
        old_end_byte: start,
        new_end_byte: start + 1,
        start_position: point,
        old_end_position: point,
        new_end_position: tree_sitter::Point { row: line as usize, column: 1 },
    };
    let tree = document.tree();
    group.bench_function("tree-sitter incremental reparse of a one-character edit", |b| {
        b.iter(|| {
            let mut old = tree.clone();
            old.edit(&input);
            parse(&edited_text, Some(&old))
        })
    });
    group.bench_function("one-character edit: Document::apply (text, line index, reparse)", |b| {
        b.iter(|| document.apply(&insert, 2, Encoding::Utf16))
    });
    group.bench_function("one-character edit: reparse + analysis", |b| {
        b.iter(|| {
            let next = document.apply(&insert, 2, Encoding::Utf16);
            next.analysis(knowledge)
        })
    });
    let anchor = document
        .analysis(knowledge)
        .occurrences
        .get(document.analysis(knowledge).occurrences.len() / 2)
        .map_or(0, |occurrence| occurrence.anchor.start);
    group.bench_function("one-character edit: reparse + hover analysis (statement window)", |b| {
        b.iter(|| {
            let next = document.apply(&insert, 2, Encoding::Utf16);
            next.analysis_around(knowledge, anchor)
        })
    });
    // Hovers in three statements far apart: the whole-file facts their windows ask for are built
    // once for the version.
    let occurrences = &document.analysis(knowledge).occurrences;
    let spread: Vec<usize> =
        (1..=3).filter_map(|part| occurrences.get(occurrences.len() * part / 4)).map(|occurrence| occurrence.anchor.start).collect();
    group.bench_function("one-character edit: reparse + hover analysis of 3 statements", |b| {
        b.iter(|| {
            let next = document.apply(&insert, 2, Encoding::Utf16);
            spread.iter().map(|offset| next.analysis_around(knowledge, *offset).occurrences.len()).sum::<usize>()
        })
    });
    group.bench_function("first hover after open: parse + statement window", |b| {
        b.iter(|| {
            let fresh = OpenFile::new(text.clone(), 1);
            fresh.analysis_around(knowledge, anchor)
        })
    });
    let settings = Settings::default();
    let anchors: Vec<LinePos> = document
        .analysis(knowledge)
        .occurrences
        .iter()
        .take(200)
        .map(|occurrence| {
            pyexplain::document::encoding::position_of(&document.text, &document.lines, occurrence.anchor.start, Encoding::Utf16)
        })
        .collect();
    let mut index = 0;
    group.bench_function("hover on a cached version", |b| {
        b.iter(|| {
            index = (index + 1) % anchors.len().max(1);
            let at = anchors.get(index).copied().unwrap_or(LinePos { line: 0, character: 0 });
            pyexplain::lsp::hover::hover(&document, knowledge, &settings, at, Encoding::Utf16)
        })
    });
    group.finish();

    let files: Vec<(PathBuf, String)> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
        .filter_map(|path| std::fs::read_to_string(&path).ok().map(|text| (path, text)))
        .collect();
    let bytes: usize = files.iter().map(|(_, text)| text.len()).sum();
    let mut scan = c.benchmark_group("scan");
    scan.throughput(Throughput::Bytes(bytes as u64));
    scan.sample_size(10);
    scan.bench_function(format!("top-level stdlib modules ({} files)", files.len()), |b| {
        b.iter_batched(
            || (),
            |_| {
                for (_, text) in &files {
                    let document = OpenFile::new(text.clone(), 1);
                    let _ = document.analysis(knowledge);
                }
            },
            BatchSize::PerIteration,
        )
    });
    scan.finish();
}

criterion_group!(analysis, benches);
criterion_main!(analysis);

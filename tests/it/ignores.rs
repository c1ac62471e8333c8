//! Suppression beyond one line: `# pyexplain: ignore-file[...]` comments at the top of a file,
//! the "Ignore <id> in this file" action, and `per-file-ignores` patterns.

use pyexplain::fixes;
use pyexplain::ide::OpenFile;
use pyexplain::ide::{self, ActionRequest};
use pyexplain::knowledge::Knowledge;
use pyexplain::settings::{glob_matches, Settings};

const FLAGGED: &str =
    "def read(path):\n    handle = open(path)\n    return handle.read()\n\n\ndef later(f):\n    for line in f:\n        yield line\n";

fn codes(text: &str, settings: &Settings) -> Vec<String> {
    let document = OpenFile::new(text.to_owned(), 0);
    let analysis = document.analysis(Knowledge::builtin());
    let mut codes: Vec<String> =
        ide::diagnostics(&document.text, &analysis, Knowledge::builtin(), settings).into_iter().map(|shown| shown.finding.code).collect();
    codes.sort();
    codes
}

#[test]
fn ignore_file_comments_in_the_header_silence_the_file() {
    let both = vec!["open-without-with".to_owned(), "yield-in-for-loop".to_owned()];
    assert_eq!(codes(FLAGGED, &Settings::default()), both);
    // A bare comment silences everything; a list only its ids (a topic id its pitfalls).
    assert!(codes(&format!("# pyexplain: ignore-file\n{FLAGGED}"), &Settings::default()).is_empty());
    assert_eq!(codes(&format!("# pyexplain: ignore-file[yield-in-for-loop]\n{FLAGGED}"), &Settings::default()), vec!["open-without-with"]);
    assert_eq!(codes(&format!("# pyexplain: ignore-file[context-managers]\n{FLAGGED}"), &Settings::default()), vec!["yield-in-for-loop"]);
    // After a shebang, an encoding line and the module docstring it still counts.
    let header =
        format!("#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n\"\"\"Readers.\n\nMore.\n\"\"\"\n\n# pyexplain: ignore-file\n{FLAGGED}");
    assert!(codes(&header, &Settings::default()).is_empty());
    // Below the first statement it is an ordinary comment, and `ignore-file` is no line ignore.
    assert_eq!(codes(&format!("import os\n# pyexplain: ignore-file\n{FLAGGED}"), &Settings::default()), both);
    let same_line = FLAGGED.replace("open(path)", "open(path)  # pyexplain: ignore-file");
    assert_eq!(codes(&same_line, &Settings::default()), both);
}

/// The action's edit, applied.
fn ignore_in_file(text: &str, code: &str) -> Option<String> {
    let document = OpenFile::new(text.to_owned(), 0);
    let at = text.find(if code == "open-without-with" { "open(" } else { "for line" }).expect("the fixture has the finding");
    let settings = Settings::default();
    let request = ActionRequest {
        document: &document,
        range: at..at,
        only: None,
        invoked: true,
        knowledge: Knowledge::builtin(),
        settings: &settings,
    };
    let title = format!("Ignore {code} in this file");
    let action = ide::code_actions(&request).into_iter().find(|action| action.title == title)?;
    Some(fixes::apply(text, &action.edits))
}

#[test]
fn ignore_in_this_file_adds_the_comment_once() {
    let added = ignore_in_file(FLAGGED, "open-without-with").expect("offered");
    assert!(added.starts_with("# pyexplain: ignore-file[open-without-with]\ndef read"), "{added}");
    assert_eq!(codes(&added, &Settings::default()), vec!["yield-in-for-loop"]);
    // The second id joins the same comment.
    let both = ignore_in_file(&added, "yield-in-for-loop").expect("offered");
    assert!(both.starts_with("# pyexplain: ignore-file[open-without-with, yield-in-for-loop]\n"), "{both}");
    assert!(codes(&both, &Settings::default()).is_empty());
    // A shebang and an encoding declaration keep the first lines; CRLF files get CRLF.
    let crlf = format!("#!/usr/bin/env python3\r\n# coding: latin-1\r\n{}", FLAGGED.replace('\n', "\r\n"));
    let added = ignore_in_file(&crlf, "open-without-with").expect("offered");
    assert!(
        added.starts_with("#!/usr/bin/env python3\r\n# coding: latin-1\r\n# pyexplain: ignore-file[open-without-with]\r\ndef read"),
        "{added:?}"
    );
}

#[test]
fn per_file_ignore_patterns_match_like_ruff() {
    let cases = [
        ("tests/**/test_*.py", "tests/test_a.py", true),
        ("tests/**/test_*.py", "tests/unit/deep/test_a.py", true),
        ("tests/**/test_*.py", "src/tests/test_a.py", false),
        ("__init__.py", "pkg/sub/__init__.py", true),
        ("scripts/*.py", "scripts/run.py", true),
        ("scripts/*.py", "scripts/sub/run.py", false),
        ("{docs,tools}/*.py", "tools/gen.py", true),
        ("test_?.py", "test_ab.py", false),
        ("./legacy.py", "legacy.py", true),
    ];
    for (pattern, path, expected) in cases {
        assert_eq!(glob_matches(pattern, path), expected, "{pattern} on {path}");
    }
    let mut settings = Settings::default();
    settings.merge_json(&serde_json::json!({"perFileIgnores": {"tests/*.py": ["open-without-with"]}}));
    let for_test = settings.for_file("tests/test_io.py").expect("the pattern matches");
    assert_eq!(codes(FLAGGED, &for_test), vec!["yield-in-for-loop"]);
    assert!(settings.for_file("src/io.py").is_none());
}

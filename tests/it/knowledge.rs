//! The knowledge base: every topic and pitfall is well formed, and its Example is detected while
//! its counterexample is not. The ids are those of `knowledge/` (see registry.rs for the rest).

use crate::support;

use pyexplain::knowledge::render::{self, Detail, HoverInput};
use pyexplain::knowledge::{load, PitfallId, TopicId};

const TOPIC_SECTIONS: [&str; 7] = ["What it is", "How it works", "Example", "Without it", "Pitfalls", "Version notes", "References"];
const PITFALL_SECTIONS: [&str; 6] = ["What it flags", "Why it matters", "Example", "Use instead", "Fix safety", "References"];

fn embedded_files() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let mut files = Vec::new();
    for topic in std::fs::read_dir(&root).expect("knowledge/ exists").flatten() {
        for file in std::fs::read_dir(topic.path()).expect("a topic folder").flatten() {
            let relative = format!("{}/{}", topic.file_name().to_string_lossy(), file.file_name().to_string_lossy());
            files.push((relative, std::fs::read_to_string(file.path()).expect("readable")));
        }
    }
    files
}

/// The one ```python block of a section.
fn code_block(section: &str) -> Option<String> {
    let start = section.find("```python\n")? + "```python\n".len();
    let end = section[start..].find("```")? + start;
    Some(section[start..end].to_owned())
}

#[test]
fn the_knowledge_base_loads_without_errors() {
    let (knowledge, errors) = load(embedded_files());
    assert!(errors.is_empty(), "{errors:#?}");
    let ids: Vec<&str> = knowledge.ids();
    let mut expected: Vec<&str> = TopicId::ALL.iter().map(|id| id.as_str()).collect();
    expected.sort();
    assert_eq!(ids, expected, "exactly the topic folders of knowledge/");
}

#[test]
fn every_topic_is_well_formed() {
    let knowledge = support::knowledge();
    let mut problems = Vec::new();
    for id in TopicId::ALL.iter().map(|id| id.as_str()) {
        let topic = knowledge.topic(id).expect("every topic exists");
        let headings: Vec<&str> = topic.sections.iter().map(|(heading, _)| heading.as_str()).collect();
        // `## Rewrites` (the code actions that show the construct another way) is optional and
        // comes right after `## Without it`.
        let without_rewrites: Vec<&str> = headings.iter().copied().filter(|heading| *heading != "Rewrites").collect();
        let rewrites_in_place = match headings.iter().position(|heading| *heading == "Rewrites") {
            Some(at) => {
                at > 0 && headings[at - 1] == "Without it" && headings.iter().filter(|heading| **heading == "Rewrites").count() == 1
            }
            None => true,
        };
        if without_rewrites != TOPIC_SECTIONS || !rewrites_in_place {
            problems.push(format!("{id}: sections are {headings:?}"));
        }
        if topic.summary.chars().count() > 120 || !topic.summary.ends_with('.') {
            problems.push(format!("{id}: the summary must be one sentence of at most 120 characters"));
        }
        if !topic.docs.starts_with("https://docs.python.org/3/") {
            problems.push(format!("{id}: docs must link to docs.python.org/3"));
        }
        if let Some(since) = &topic.since {
            if pyexplain::settings::parse_version(since).is_none() {
                problems.push(format!("{id}: since `{since}` is not a version"));
            }
        }
        problems.extend(markdown_problems(id, &topic.sections));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// No HTML, fenced blocks tagged `python`, links as `[text](https://...)`.
fn markdown_problems(id: &str, sections: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (heading, body) in sections {
        let mut in_code = false;
        for line in body.lines() {
            if let Some(tag) = line.trim_start().strip_prefix("```") {
                if !in_code && tag != "python" {
                    problems.push(format!("{id} / {heading}: a code block must be tagged python"));
                }
                in_code = !in_code;
                continue;
            }
            if in_code {
                continue;
            }
            let line = &without_inline_code(line);
            let html = line.match_indices('<').any(|(index, _)| {
                let rest = &line[index + 1..];
                rest.starts_with(|ch: char| ch.is_ascii_alphabetic() || ch == '/') && rest.contains('>')
            });
            if html {
                problems.push(format!("{id} / {heading}: no HTML: {line}"));
            }
            for (index, _) in line.match_indices("](") {
                if !line[index + 2..].starts_with("https://") {
                    problems.push(format!("{id} / {heading}: links must be https: {line}"));
                }
            }
        }
        if heading == "References" && !body.lines().all(|line| line.starts_with("- [") && line.contains("](https://")) {
            problems.push(format!("{id}: every reference is `- [text](https://...)`"));
        }
    }
    problems
}

/// The line with `inline code` spans removed, so code is not mistaken for links or HTML.
fn without_inline_code(line: &str) -> String {
    line.split('`').step_by(2).collect::<Vec<_>>().join("")
}

#[test]
fn every_example_is_detected_and_every_counterexample_is_not() {
    let knowledge = support::knowledge();
    let mut problems = Vec::new();
    for id in TopicId::ALL.iter().map(|id| id.as_str()) {
        let topic = knowledge.topic(id).expect("every topic exists");
        for (section, wanted) in [("Example", true), ("Without it", false)] {
            let Some(code) = topic.section(section).and_then(code_block) else {
                problems.push(format!("{id}: `{section}` has no python block"));
                continue;
            };
            let (document, analysis) = support::analyze(&code);
            if document.tree().root_node().has_error() {
                problems.push(format!("{id}: `{section}` does not parse"));
            }
            let found = analysis.occurrences.iter().any(|occurrence| occurrence.topic == id);
            if found != wanted {
                problems.push(format!("{id}: `{section}` {} the topic", if wanted { "does not show" } else { "shows" }));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_pitfall_is_documented_and_its_example_is_flagged() {
    let knowledge = support::knowledge();
    let mut problems = Vec::new();
    for id in PitfallId::ALL.iter().map(|id| id.as_str()) {
        let Some(pitfall) = knowledge.pitfall(id) else {
            problems.push(format!("{id}: the built-in knowledge has no such pitfall"));
            continue;
        };
        let headings: Vec<&str> = pitfall.sections.iter().map(|(heading, _)| heading.as_str()).collect();
        if headings != PITFALL_SECTIONS {
            problems.push(format!("{id}: sections are {headings:?}"));
        }
        problems.extend(markdown_problems(id, &pitfall.sections));
        for (section, wanted) in [("Example", true), ("Use instead", false)] {
            let Some(code) = pitfall.section(section).and_then(code_block) else {
                problems.push(format!("{id}: `{section}` has no python block"));
                continue;
            };
            let (_, analysis) = support::analyze(&code);
            let found = analysis.findings.iter().any(|finding| finding.code == id);
            if found != wanted {
                problems.push(format!("{id}: `{section}` is {}flagged", if found { "" } else { "not " }));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn hovers_stay_within_their_budgets() {
    let knowledge = support::knowledge();
    let long_note = "x".repeat(400);
    let notes = vec![long_note.clone(), long_note.clone(), long_note.clone(), long_note];
    let pitfall = knowledge.pitfalls().next().expect("pitfalls exist");
    for topic in knowledge.topics() {
        for (detail, limit) in [(Detail::Brief, render::BRIEF_LIMIT), (Detail::Full, render::FULL_LIMIT)] {
            let input = HoverInput {
                topic,
                notes: &notes,
                pitfall: Some((pitfall, &pitfall.summary)),
                others: vec![("closures", "Closures")],
                docs: topic.docs_link(),
                detail,
            };
            let text = render::hover(&input);
            assert!(text.chars().count() <= limit, "{} {detail:?}: {} characters", topic.id, text.chars().count());
            assert!(text.contains(&topic.docs), "{}: the docs link survives", topic.id);
        }
        let full = render::hover(&HoverInput {
            topic,
            notes: &[],
            pitfall: None,
            others: Vec::new(),
            docs: topic.docs_link(),
            detail: Detail::Full,
        });
        assert!(full.contains("**How it works**") && full.contains("**Example**"), "{}: the full hover has its sections", topic.id);
        if topic.section("Rewrites").is_some() {
            assert!(full.contains("**Rewrites**"), "{}: the full hover shows the rewrites", topic.id);
            assert!(render::document(topic).contains("\n## Rewrites\n"), "{}: explain shows the rewrites", topic.id);
        }
    }
}

#[test]
fn invalid_entries_are_reported_with_file_and_line() {
    let files = vec![
        (
            "good/topic.md".to_owned(),
            "+++\ntitle = \"Good\"\nsummary = \"Fine.\"\ndocs = \"https://docs.python.org/3/\"\n+++\n## What it is\nx\n".to_owned(),
        ),
        ("bad/topic.md".to_owned(), "+++\ntitle = \"Bad\"\nsummary = 3\n+++\n".to_owned()),
        ("query/topic.md".to_owned(), "+++\ntitle = \"Q\"\nsummary = \"Q.\"\ndocs = \"https://docs.python.org/3/\"\n+++\n".to_owned()),
        ("query/anchors.scm".to_owned(), "; comment\n(call function: (identifier) @fn)\n".to_owned()),
    ];
    let (knowledge, errors) = load(files);
    assert_eq!(knowledge.ids(), vec!["good"]);
    let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(shown[0].starts_with("bad/topic.md:3:"), "{shown:?}");
    assert!(shown[1].starts_with("query/anchors.scm:") && shown[1].contains("@anchor"), "{shown:?}");
}

#[test]
fn queries_run_only_at_their_root_kinds() {
    let topic = support::knowledge().topic("yield-from").expect("yield-from exists");
    assert_eq!(topic.query_roots(), Some(&["yield".to_owned()][..]));
}

/// Claims an independent review found wrong, per file below knowledge/: the wrong sentence is
/// gone and the corrected fact is stated (each checked by running CPython 3.9-3.13).
const CORRECTED: [(&str, Option<&str>, &str); 15] = [
    (
        "copying/topic.md",
        Some("Modules, functions and classes are returned as they are"),
        "`copy.copy(os)` raises `TypeError: cannot pickle 'module' object`",
    ),
    ("thread-safety/topic.md", Some("All of them support `with`"), "`with threading.Event():` raises TypeError"),
    (
        "yield-from/topic.md",
        Some("only matters when `sub` is a generator"),
        "`close()` is forwarded to any delegate with a `close()` method",
    ),
    (
        "yield-from/yield-in-for-loop.md",
        Some("For lists, files and other plain iterators the caller sees the same values"),
        "now calls `close()` on `it` whenever `it` has one",
    ),
    (
        "parameterized-decorators/topic.md",
        Some("pickling and tracebacks rely on that metadata"),
        "Tracebacks and logging's `funcName` do not",
    ),
    (
        "parameterized-decorators/decorator-missing-wraps.md",
        Some("Tracebacks, logging, `help()`"),
        "Tracebacks and logging's `%(funcName)s` are not affected",
    ),
    ("parameterized-decorators/decorator-missing-wraps.md", Some("behave exactly as before"), "`inspect.signature` follows it"),
    ("gil/topic.md", Some("has no GIL at all"), "`PYTHON_GIL=1` or `-X gil=1` turns it on"),
    ("abstract-base-classes/abstractmethod-without-abc.md", None, "`TypeError: metaclass conflict`"),
    ("serialization/topic.md", Some("private methods and nested classes (gh-77188)"), "name-mangled private names"),
    (
        "caching/lru-cache-on-method.md",
        Some("or a plain dict, lives and dies with its instance"),
        "only the cyclic garbage collector frees",
    ),
    ("context-managers/open-without-with.md", Some("only flushed when it is closed"), "written out when it fills up"),
    (
        "super/super-with-arguments.md",
        Some("silently reaches the wrong class in the MRO or fails with `TypeError`"),
        "fails with `NameError`",
    ),
    (
        "iteration-protocol/topic.md",
        Some("Calling a generator that is already running in another thread"),
        "Advancing a generator while it is already running",
    ),
    (
        "super/topic.md",
        Some("must pass `__classcell__` on to `type.__new__`, or class creation"),
        "when a method of the class uses zero-argument `super()` or `__class__`",
    ),
];

#[test]
fn corrected_claims_stay_corrected() {
    let files: std::collections::BTreeMap<String, String> = embedded_files().into_iter().collect();
    let mut problems = Vec::new();
    for (path, wrong, right) in CORRECTED {
        let Some(text) = files.get(path) else {
            problems.push(format!("{path}: missing"));
            continue;
        };
        // Sentences may wrap differently; compare with line breaks as spaces.
        let text = text.replace('\n', " ");
        if wrong.is_some_and(|wrong| text.contains(wrong)) {
            problems.push(format!("{path}: still says `{}`", wrong.unwrap_or_default()));
        }
        if !text.contains(right) {
            problems.push(format!("{path}: does not say `{right}`"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The notes of the occurrence of `topic` whose anchor starts at `$0`, joined by newlines.
#[track_caller]
fn notes_at(topic: &str, marked: &str) -> String {
    let (code, offset) = support::cursor(marked);
    let (_, analysis) = support::analyze(&code);
    let occurrence = analysis
        .occurrences
        .iter()
        .find(|occurrence| occurrence.topic == topic && occurrence.anchor.start == offset)
        .unwrap_or_else(|| panic!("no `{topic}` occurrence at the marker: {:?}", analysis.occurrences));
    occurrence.notes.join("\n")
}

#[test]
fn occurrence_notes_state_the_corrected_facts() {
    let copied = notes_at("copying", "import copy\nimport os\n\ncopy.$0deepcopy(os)\n");
    assert!(copied.contains("modules it reaches") && !copied.contains("modules, functions and classes are not copied"), "{copied}");
    let shallow = notes_at("copying", "import copy\n\ncopy.$0copy(x)\n");
    assert!(shallow.contains("comes back as itself, and a module raises TypeError"), "{shallow}");

    let event = notes_at("thread-safety", "import threading\n\nready = threading.$0Event()\n");
    assert!(event.contains("Not a context manager"), "{event}");
    let barrier = notes_at("thread-safety", "import threading\n\ngate = threading.$0Barrier(2)\n");
    assert!(barrier.contains("not a context manager"), "{barrier}");

    let delegated = notes_at("yield-from", "def lines(f):\n    $0yield from f\n");
    assert!(delegated.contains("also closes the delegate when it has a `close()` method, a file included"), "{delegated}");

    let future = notes_at("import-system", "$0from __future__ import annotations\n");
    assert!(future.contains("this holds on 3.14 too") && !future.contains("lazily anyway"), "{future}");
    let stop = notes_at("import-system", "$0from __future__ import generator_stop\n");
    assert!(stop.contains("mandatory since Python 3.7"), "{stop}");
    let division = notes_at("import-system", "$0from __future__ import division\n");
    assert!(division.contains("always on in Python 3"), "{division}");

    let members = notes_at("metaclasses", "from enum import EnumMeta\n\nclass Color($0metaclass=EnumMeta):\n    pass\n");
    assert!(members.contains("plain class attributes into members") && members.contains("`_ignore_`"), "{members}");

    let threads = notes_at("gil", "import threading\n\nthreading.$0Thread(target=work)\n");
    assert!(threads.contains("turns it back on"), "{threads}");
    assert!(threads.lines().all(|line| line.chars().count() <= 220), "a note fits the hover's 220 characters: {threads}");
}

#[test]
fn a_serialization_call_links_to_its_own_module() {
    let (_, analysis) = support::analyze("import json\nimport marshal\nimport pickle as p\n\njson.load(f)\nmarshal.loads(b)\np.dumps(x)\n");
    let links: Vec<(String, Option<String>)> = analysis
        .occurrences
        .iter()
        .filter(|occurrence| occurrence.topic == "serialization")
        .map(|occurrence| (occurrence.notes[0].clone(), occurrence.docs.clone()))
        .collect();
    let pages: Vec<Option<&str>> = links.iter().map(|(_, docs)| docs.as_deref()).collect();
    assert_eq!(
        pages,
        vec![
            Some("https://docs.python.org/3/library/json.html"),
            Some("https://docs.python.org/3/library/marshal.html"),
            Some("https://docs.python.org/3/library/pickle.html"),
        ],
        "{links:?}"
    );
}

#[test]
fn links_are_labelled_by_their_host() {
    assert_eq!(render::link_label("https://docs.python.org/3/library/json.html"), "Python docs");
    assert_eq!(render::link_label("https://docs.example.com/ourlib/retry"), "docs.example.com");
    assert_eq!(render::link_label("https://user@wiki.example.com:8443/x?y#z"), "wiki.example.com:8443");
    let topic = support::knowledge().topic("copying").expect("copying exists");
    let hover = |docs| render::hover(&HoverInput { topic, notes: &[], pitfall: None, others: Vec::new(), docs, detail: Detail::Brief });
    assert!(hover(Some("https://docs.example.com/copy")).ends_with("[docs.example.com](https://docs.example.com/copy)"));
    assert!(hover(topic.docs_link()).ends_with("[Python docs](https://docs.python.org/3/library/copy.html)"));
    let without = hover(None);
    assert!(!without.contains("]("), "no link at all: {without}");
}

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
        if headings != TOPIC_SECTIONS {
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
                detail,
            };
            let text = render::hover(&input);
            assert!(text.chars().count() <= limit, "{} {detail:?}: {} characters", topic.id, text.chars().count());
            assert!(text.contains(&topic.docs), "{}: the docs link survives", topic.id);
        }
        let full = render::hover(&HoverInput { topic, notes: &[], pitfall: None, others: Vec::new(), detail: Detail::Full });
        assert!(full.contains("**How it works**") && full.contains("**Example**"), "{}: the full hover has its sections", topic.id);
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

//! The topic and pitfall reference (`docs/reference.md`), generated from the knowledge base so
//! it cannot drift from it: `pyexplain reference` prints it, and a test compares the committed file.

use std::fmt::Write;

use crate::analysis::{self, Context};
use crate::fixes::{self, Tier};
use crate::ide::OpenFile;
use crate::knowledge::{Knowledge, Pitfall, Topic};
use crate::settings::Settings;

/// At most this many hover places are quoted from a topic's Example.
const PLACES: usize = 3;

/// The whole reference as Markdown: every topic in id order with its summary, where it is
/// hovered (the anchors its Example shows, and its name lists), its link and its pitfalls with
/// severity, fix title and fix tier.
pub fn markdown(knowledge: &Knowledge) -> String {
    let mut out = String::new();
    out.push_str("# Topic and pitfall reference\n\n");
    out.push_str(
        "Generated from `knowledge/` by `pyexplain reference`; do not edit by hand (`cargo test --test it docs` fails when it is stale).\n",
    );
    out.push_str("Each topic is hovered on the tokens listed under it; `pyexplain explain ID` prints a whole entry.\n");
    out.push_str("Fix tiers: **safe** fixes keep the behaviour for every input, are preferred and part of `source.fixAll.pyexplain`; ");
    out.push_str("**offered** fixes change it only in the cases the pitfall's Fix safety section names.\n\n");
    out.push_str("| id | title | pitfalls |\n|---|---|---|\n");
    for topic in knowledge.topics() {
        let pitfalls: Vec<String> = topic.pitfalls.iter().map(|pitfall| format!("`{}`", pitfall.id)).collect();
        let _ = writeln!(out, "| [`{}`](#{}) | {} | {} |", topic.id, topic.id, cell(&topic.title), pitfalls.join(", "));
    }
    for topic in knowledge.topics() {
        out.push('\n');
        topic_section(&mut out, knowledge, topic);
    }
    out
}

fn topic_section(out: &mut String, knowledge: &Knowledge, topic: &Topic) {
    let _ = writeln!(out, "## {}\n", topic.id);
    let _ = writeln!(out, "**{}**: {}\n", topic.title, topic.summary);
    let places = example_places(knowledge, topic);
    if !places.is_empty() {
        let _ = writeln!(out, "- Hovered on, as in its Example: {}.", places.join("; "));
    }
    let lists = [
        ("calls of", &topic.anchors.calls),
        ("decorators", &topic.anchors.decorators),
        ("classes with the base", &topic.anchors.bases),
        ("uses of", &topic.anchors.names),
    ];
    for (what, names) in lists {
        if !names.is_empty() {
            let names: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
            let _ = writeln!(out, "- Also hovered on {what} {}.", names.join(", "));
        }
    }
    if let Some(since) = &topic.since {
        let _ = writeln!(out, "- Since Python {since}.");
    }
    if let Some(docs) = topic.docs_link() {
        let _ = writeln!(out, "- Documentation: <{docs}>");
    }
    if topic.pitfalls.is_empty() {
        return;
    }
    out.push_str("\n| pitfall | severity | message | quick fix | tier |\n|---|---|---|---|---|\n");
    for pitfall in &topic.pitfalls {
        let (fix, tier) = match &pitfall.fix_title {
            Some(title) => (cell(title), tier_of(knowledge, pitfall)),
            None => ("none".to_owned(), "—"),
        };
        let _ = writeln!(out, "| `{}` | {} | {} | {fix} | {tier} |", pitfall.id, pitfall.severity.as_str(), cell(&pitfall.summary));
    }
}

/// The anchors the topic's Example shows: "`yield` in `total += yield from read(f)`".
fn example_places(knowledge: &Knowledge, topic: &Topic) -> Vec<String> {
    let Some(code) = topic.section("Example").and_then(python_block) else { return Vec::new() };
    let document = OpenFile::new(code, 0);
    let analysis = document.analysis(knowledge);
    let mut places: Vec<String> = Vec::new();
    for occurrence in analysis.occurrences.iter().filter(|occurrence| occurrence.topic == topic.id) {
        let anchor = document.text.get(occurrence.anchor.clone()).unwrap_or_default();
        let line_start = document.text[..occurrence.anchor.start].rfind('\n').map_or(0, |index| index + 1);
        let line_end =
            document.text[occurrence.anchor.start..].find('\n').map_or(document.text.len(), |index| occurrence.anchor.start + index);
        let line = document.text[line_start..line_end].split('#').next().unwrap_or_default().trim();
        let place = if line == anchor { format!("`{anchor}`") } else { format!("`{anchor}` in `{}`", line.replace('`', "'")) };
        if !places.contains(&place) && places.len() < PLACES {
            places.push(place);
        }
    }
    places
}

/// The tier of the fix offered on the pitfall's own Example.
fn tier_of(knowledge: &Knowledge, pitfall: &Pitfall) -> &'static str {
    let Some(code) = pitfall.section("Example").and_then(python_block) else { return "not shown" };
    let document = OpenFile::new(code, 0);
    let tree = document.tree();
    let analysis = analysis::analyze(&document.text, &tree, knowledge);
    let context = Context::new(&document.text, &tree, knowledge);
    let tiers: Vec<Tier> = analysis
        .findings
        .iter()
        .filter(|finding| finding.code == pitfall.id)
        .filter_map(|finding| fixes::fix_for(&context, finding, &Settings::default()))
        .map(|fix| fix.tier)
        .collect();
    match tiers.first() {
        Some(Tier::Safe) => "safe",
        Some(Tier::Offered) => "offered",
        None => "not shown",
    }
}

/// The first ```python block of a section.
fn python_block(section: &str) -> Option<String> {
    let start = section.find("```python\n")? + "```python\n".len();
    let end = section[start..].find("```")? + start;
    Some(section[start..end].to_owned())
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

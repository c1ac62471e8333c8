//! The report as Markdown (`--format md`): the same content as the HTML page, with a table
//! instead of the chart, for a wiki or a pull request.

use super::{count, everyday_lines, everyday_phrase, plain, referred, Place, Report, StartHere};

pub fn document(report: &Report) -> String {
    let mut out = String::new();
    out.push_str(&format!("# Advanced Python in {}\n\n", text(&report.name)));
    let total_topics = report.topics.len() + report.everyday.len() + report.unused.len();
    let used = report.topics.len() + report.everyday.len();
    let folded: usize = report.topics.iter().map(|topic| everyday_lines(&topic.everyday)).sum::<usize>()
        + report.everyday.iter().map(|topic| everyday_lines(&topic.everyday)).sum::<usize>();
    out.push_str(&format!(
        "{} scanned; {used} of the {total_topics} topics pyexplain explains are used: {} to explain, in {}, and {} folded into a line each; {} found. Made by pyexplain {}.\n\n",
        count(report.files_scanned, "Python file", "Python files"),
        count(report.topics.len(), "topic", "topics"),
        count(report.topics.iter().map(|topic| topic.places.len()).sum(), "place", "places"),
        count(folded, "everyday use", "everyday uses"),
        count(report.pitfalls.iter().map(|pitfall| pitfall.places.len()).sum(), "pitfall", "pitfalls"),
        env!("CARGO_PKG_VERSION"),
    ));
    if !report.start.is_empty() {
        out.push_str(
            "## Start here\n\nThe classes and functions the project's files import most: what the rest of the code is built around.\n\n",
        );
        for (index, definition) in report.start.iter().enumerate() {
            out.push_str(&format!(
                "{}. [{}]({}) — {}, imported by {}\n",
                index + 1,
                text(&definition.place.label()),
                definition.place.href(),
                code(&format!("{} {}", definition.keyword, definition.name)),
                count(definition.files, "other file", "other files"),
            ));
        }
        out.push('\n');
    }
    if report.topics.is_empty() {
        out.push_str("No advanced constructs to explain found.\n");
    } else {
        out.push_str("## What needs explaining\n\nThe constructs a newcomer needs explained most come first.\n\n");
        let most = report.topics.iter().map(|topic| topic.places.len()).max().unwrap_or(1).max(1);
        out.push_str("| Topic | Places | Files | |\n|---|---:|---:|---|\n");
        for topic_use in &report.topics {
            let places = topic_use.places.len();
            let bar = "█".repeat((places * 30).div_ceil(most).max(1));
            out.push_str(&format!(
                "| {} (`{}`) | {places} | {} | {bar} |\n",
                text(&plain(&topic_use.topic.title)).replace('|', "\\|"),
                topic_use.topic.id,
                topic_use.files
            ));
        }
    }
    for topic_use in &report.topics {
        let topic = topic_use.topic;
        out.push_str(&format!("\n## {}\n\n", topic.title));
        out.push_str(&format!(
            "`{}` · {} in {}\n\n",
            topic.id,
            count(topic_use.places.len(), "place", "places"),
            count(topic_use.files, "file", "files")
        ));
        out.push_str(&format!("{}\n\n", topic.summary));
        let start = topic_use.start.place();
        let why = match &topic_use.start {
            StartHere::Definition { keyword, name, uses, .. } => {
                format!("the definition of {}; {}", code(&format!("{keyword} {name}")), referred(*uses))
            }
            StartHere::SmallestFile { place } => format!("{}, the first place in the smallest file that uses it", code(&place.snippet)),
        };
        out.push_str(&format!("**Start here:** [{}]({}) — {why}.\n\n", text(&start.label()), start.href()));
        if let Some(what) = topic.section("What it is") {
            out.push_str(&format!("### What it is\n\n{what}\n\n"));
        }
        if topic.docs.starts_with("https://") {
            let label = if topic.docs.starts_with("https://docs.python.org/") { "Python documentation" } else { "Documentation" };
            out.push_str(&format!("[{label}]({}) · `pyexplain explain {}` for the whole entry\n\n", topic.docs, topic.id));
        }
        out.push_str("### Where it is used\n\n");
        if !topic_use.everyday.is_empty() {
            out.push_str(&format!("Plus {}, not listed.\n\n", everyday_phrase(&topic_use.everyday)));
        }
        places(&topic_use.places, &mut out);
    }
    if !report.everyday.is_empty() {
        out.push_str("\n## Everyday Python\n\nTopics used here only in their everyday forms, which need no introduction; `pyexplain explain ID` has the whole entry.\n\n");
        for topic_use in &report.everyday {
            out.push_str(&format!("- {} (`{}`): {}\n", topic_use.topic.title, topic_use.topic.id, everyday_phrase(&topic_use.everyday)));
        }
    }
    out.push_str("\n## Pitfalls found\n\n");
    if report.pitfalls.is_empty() {
        out.push_str("None: no diagnostic that the settings leave on.\n");
    } else {
        out.push_str(
            "What an editor with pyexplain would flag, with the project's settings and ignore comments applied; the most severe first.\n",
        );
    }
    for pitfall in &report.pitfalls {
        out.push_str(&format!("\n### {}\n\n", pitfall.message));
        out.push_str(&format!(
            "`{}` · {} · {} in {}\n\n",
            pitfall.id,
            pitfall.severity.as_str(),
            count(pitfall.places.len(), "place", "places"),
            count(pitfall.files, "file", "files")
        ));
        if let Some(why) = pitfall.why {
            out.push_str(&format!("**Why it matters:** {why}\n\n"));
        }
        places(&pitfall.places, &mut out);
    }
    if !report.unused.is_empty() {
        out.push_str("\n## Not used here\n\n");
        let names: Vec<String> = report.unused.iter().map(|topic| format!("`{}`", topic.id)).collect();
        out.push_str(&names.join(" · "));
        out.push('\n');
    }
    if !report.errors.is_empty() {
        out.push_str("\n## Files that could not be read\n\n");
        for (path, message) in &report.errors {
            out.push_str(&format!("- {}: {}\n", code(path), text(message)));
        }
    }
    out
}

/// Places grouped under their file.
fn places(places: &[Place], out: &mut String) {
    let mut previous: Option<&str> = None;
    for place in places {
        if previous != Some(place.path.as_str()) {
            out.push_str(&format!("- {}\n", code(&place.path)));
            previous = Some(place.path.as_str());
        }
        out.push_str(&format!("  - [{}]({}) {}\n", text(&place.label()), place.href(), code(&place.snippet)));
    }
}

/// Plain text with the characters Markdown would read as markup escaped.
fn text(value: &str) -> String {
    let mut out = String::new();
    for ch in value.chars() {
        if matches!(ch, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// An inline code span that holds any text: fenced by more backticks than it contains.
fn code(value: &str) -> String {
    if value.is_empty() {
        return String::new();
    }
    let longest = value.split(|ch| ch != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if value.starts_with('`') || value.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{value}{pad}{fence}")
}

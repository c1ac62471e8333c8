//! The report as Markdown (`--format md`): the same content as the HTML page, with a table
//! instead of the chart, for a wiki or a pull request.

use super::{count, plain, referred, Report, StartHere};

pub fn document(report: &Report) -> String {
    let mut out = String::new();
    out.push_str(&format!("# Advanced Python in {}\n\n", text(&report.name)));
    let total_topics = report.topics.len() + report.unused.len();
    out.push_str(&format!(
        "{} scanned; {} of the {total_topics} topics pyexplain explains are used, in {}. Made by pyexplain {}.\n\n",
        count(report.files_scanned, "Python file", "Python files"),
        report.topics.len(),
        count(report.topics.iter().map(|topic| topic.places.len()).sum(), "place", "places"),
        env!("CARGO_PKG_VERSION"),
    ));
    if report.topics.is_empty() {
        out.push_str("No advanced constructs found.\n");
    } else {
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
        let mut previous: Option<&str> = None;
        for place in &topic_use.places {
            if previous != Some(place.path.as_str()) {
                out.push_str(&format!("- {}\n", code(&place.path)));
                previous = Some(place.path.as_str());
            }
            out.push_str(&format!("  - [{}]({}) {}\n", text(&place.label()), place.href(), code(&place.snippet)));
        }
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

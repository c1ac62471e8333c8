//! Turning entries into hover Markdown (brief or full) and into whole documents.

use super::{Pitfall, Topic};

/// At most this many characters in a brief hover.
pub const BRIEF_LIMIT: usize = 1200;
/// At most this many characters in a full hover.
pub const FULL_LIMIT: usize = 4000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    #[default]
    Brief,
    Full,
}

/// What one hover shows, apart from the entry itself.
pub struct HoverInput<'a> {
    pub topic: &'a Topic,
    pub notes: &'a [String],
    /// A pitfall reported on this occurrence, with its message.
    pub pitfall: Option<(&'a Pitfall, &'a str)>,
    /// Other topics of the same token: (id, title).
    pub others: Vec<(&'a str, &'a str)>,
    /// The page to link to: this occurrence's own (`json.load` links to json's page in a topic
    /// whose entry names pickle's), else the topic's; `None` for no link.
    pub docs: Option<&'a str>,
    pub detail: Detail,
}

/// The words a documentation link is shown as: "Python docs" for docs.python.org, otherwise the
/// link's host (`docs.example.com`), so a pack's own pages are not passed off as Python's.
pub fn link_label(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
    if host.eq_ignore_ascii_case("docs.python.org") {
        "Python docs".to_owned()
    } else if host.is_empty() {
        "Documentation".to_owned()
    } else {
        host.to_owned()
    }
}

/// Hover Markdown: title, summary, this occurrence, a pitfall line, the other topics, the docs link;
/// `Full` adds How it works, the Example, the Rewrites and the Pitfalls within `FULL_LIMIT`.
pub fn hover(input: &HoverInput) -> String {
    let topic = input.topic;
    let mut head = format!("**{}**\n\n{}\n", topic.title, topic.summary);
    let notes: Vec<String> = input.notes.iter().take(3).map(|note| clip(note, 220)).collect();
    if !notes.is_empty() {
        head.push('\n');
        for note in &notes {
            head.push_str(&format!("- {note}\n"));
        }
    }
    if let Some((pitfall, message)) = input.pitfall {
        head.push_str(&format!("\n**Pitfall** (`{}`): {}\n", pitfall.id, clip(message, 200)));
    }
    let mut tail = String::new();
    if !input.others.is_empty() {
        let names: Vec<String> = input.others.iter().take(4).map(|(id, title)| format!("{} (`{id}`)", plain_title(title))).collect();
        tail.push_str(&format!("\nAlso: {}\n", names.join(", ")));
    }
    if let Some(docs) = input.docs {
        tail.push_str(&format!("\n[{}]({docs})", link_label(docs)));
    }

    let brief = format!("{head}{tail}");
    let brief = if brief.chars().count() > BRIEF_LIMIT { fit(&head, &tail, BRIEF_LIMIT) } else { brief };
    if input.detail == Detail::Brief {
        return brief;
    }
    let mut body = head.clone();
    for (heading, section) in [("How it works", "How it works"), ("Example", "Example"), ("Rewrites", "Rewrites"), ("Pitfalls", "Pitfalls")]
    {
        let Some(text) = topic.section(section) else { continue };
        let block = format!("\n**{heading}**\n\n{}\n", text.trim());
        if body.chars().count() + block.chars().count() + tail.chars().count() <= FULL_LIMIT {
            body.push_str(&block);
        }
    }
    let full = format!("{body}{tail}");
    if full.chars().count() > FULL_LIMIT {
        return brief;
    }
    full
}

/// The whole entry as one Markdown document (for `explain` and the explain command).
pub fn document(topic: &Topic) -> String {
    let mut out = format!("# {}\n\n{}\n", topic.title, topic.summary);
    if let Some(since) = &topic.since {
        out.push_str(&format!("\nSince Python {since}.\n"));
    }
    for (heading, text) in &topic.sections {
        out.push_str(&format!("\n## {heading}\n\n{text}\n"));
    }
    if !topic.pitfalls.is_empty() {
        out.push_str("\n## Diagnostics\n\n");
        for pitfall in &topic.pitfalls {
            out.push_str(&format!("- `{}` ({}): {}\n", pitfall.id, pitfall.severity.as_str(), pitfall.summary));
        }
    }
    if let Some(docs) = topic.docs_link() {
        out.push_str(&format!("\n{}: {docs}\n", link_label(docs)));
    }
    out
}

/// A pitfall's whole entry as Markdown.
pub fn pitfall_document(pitfall: &Pitfall) -> String {
    let mut out = format!("# `{}`\n\n{}\n", pitfall.id, pitfall.summary);
    for (heading, text) in &pitfall.sections {
        out.push_str(&format!("\n## {heading}\n\n{text}\n"));
    }
    out
}

fn plain_title(title: &str) -> String {
    title.replace('`', "")
}

fn clip(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let cut: String = text.chars().take(limit - 1).collect();
    format!("{cut}…")
}

fn fit(head: &str, tail: &str, limit: usize) -> String {
    let room = limit.saturating_sub(tail.chars().count() + 2);
    let cut: String = head.chars().take(room).collect();
    format!("{cut}…\n{tail}")
}

//! The report as one self-contained HTML page: inline CSS and SVG, no scripts, no fonts or
//! images from elsewhere; links go to the files (relative) and to the topics' documentation.

use super::markup::{escape, inline_html, to_html};
use super::{count, everyday_phrase, plain, referred, Central, EverydayUse, PitfallUse, Place, Report, StartHere, TopicUse};

/// Styles of the page; system fonts only.
const STYLE: &str = "
body { font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1f2328; background: #fff; margin: 0; }
main { max-width: 56rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.25rem; }
h2 { font-size: 1.3rem; margin: 2.5rem 0 0.25rem; padding-top: 1rem; border-top: 1px solid #d0d7de; }
h3 { font-size: 1rem; margin: 1.25rem 0 0.5rem; }
h4, h5, h6 { font-size: 0.95rem; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.88em; }
code { background: #f3f4f6; padding: 0.1em 0.3em; border-radius: 4px; }
pre { background: #f6f8fa; padding: 0.75rem 1rem; overflow-x: auto; border-radius: 6px; }
pre code { background: none; padding: 0; }
a { color: #0b62c4; }
.meta, .id, .count { color: #59636e; }
.id { font-size: 0.8rem; font-weight: normal; margin-left: 0.5rem; }
.summary { font-size: 1.05rem; margin-top: 0.25rem; }
.start { background: #eef6ff; border-left: 4px solid #0b62c4; padding: 0.5rem 0.75rem; }
.explanation { margin: 0.5rem 0; }
ul.places { list-style: none; padding-left: 1rem; margin: 0.25rem 0 0.75rem; }
ul.places li { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
ul.places code { background: none; color: #59636e; }
.chart { margin: 1rem 0; }
.chart text { font: 12px system-ui, sans-serif; fill: #1f2328; }
.chart a:hover rect { fill: #084c99; }
.errors li { color: #a40e26; }
.everyday { color: #59636e; }
.severity { font-size: 0.8rem; font-weight: normal; margin-left: 0.5rem; padding: 0.05em 0.4em; border-radius: 4px; background: #f3f4f6; }
.severity-error { background: #ffebe9; color: #a40e26; }
.severity-warning { background: #fff8c5; color: #7d4e00; }
";

/// Pixels in the chart.
const CHART_WIDTH: usize = 760;
const LABEL_WIDTH: usize = 200;
const ROW_HEIGHT: usize = 22;
const BAR_HEIGHT: usize = 14;

pub fn page(report: &Report) -> String {
    let mut out = String::new();
    let title = format!("Advanced Python in {}", report.name);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n", escape(&title)));
    out.push_str(&format!("<h1>{}</h1>\n", escape(&title)));
    let total_topics = report.topics.len() + report.everyday.len() + report.unused.len();
    let used = report.topics.len() + report.everyday.len();
    let folded: usize = report.topics.iter().map(|topic| super::everyday_lines(&topic.everyday)).sum::<usize>()
        + report.everyday.iter().map(|topic| super::everyday_lines(&topic.everyday)).sum::<usize>();
    out.push_str(&format!(
        "<p class=\"meta\">{} scanned; {used} of the {total_topics} topics pyexplain explains are used: {} to explain, in {}, and {} folded into a line each; <a href=\"#pitfalls\">{} found</a>. Made by pyexplain {}.</p>\n",
        count(report.files_scanned, "Python file", "Python files"),
        count(report.topics.len(), "topic", "topics"),
        count(report.topics.iter().map(|topic| topic.places.len()).sum(), "place", "places"),
        count(folded, "everyday use", "everyday uses"),
        count(report.pitfalls.iter().map(|pitfall| pitfall.places.len()).sum(), "pitfall", "pitfalls"),
        env!("CARGO_PKG_VERSION"),
    ));
    if !report.start.is_empty() {
        start_here(&report.start, &mut out);
    }
    if report.topics.is_empty() {
        out.push_str("<p>No advanced constructs to explain found.</p>\n");
    } else {
        out.push_str("<h2>What needs explaining</h2>\n<p>The constructs a newcomer needs explained most come first. Each topic below says where to start reading, explains the construct and lists every place that uses it. Click a bar to jump to its topic.</p>\n");
        out.push_str(&chart(&report.topics));
    }
    for topic_use in &report.topics {
        section(topic_use, &mut out);
    }
    if !report.everyday.is_empty() {
        everyday(&report.everyday, &mut out);
    }
    pitfalls(&report.pitfalls, &mut out);
    if !report.unused.is_empty() {
        out.push_str("<h2>Not used here</h2>\n<p class=\"meta\">");
        let names: Vec<String> = report
            .unused
            .iter()
            .map(|topic| format!("{} <span class=\"id\">{}</span>", inline_html(&topic.title), escape(&topic.id)))
            .collect();
        out.push_str(&names.join(" · "));
        out.push_str("</p>\n");
    }
    if !report.errors.is_empty() {
        out.push_str("<h2>Files that could not be read</h2>\n<ul class=\"errors\">\n");
        for (path, message) in &report.errors {
            out.push_str(&format!("<li><code>{}</code>: {}</li>\n", escape(path), escape(message)));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// A horizontal bar per topic, longest first; each bar links to its section.
fn chart(topics: &[TopicUse]) -> String {
    let most = topics.iter().map(|topic| topic.places.len()).max().unwrap_or(1).max(1);
    let bar_space = CHART_WIDTH - LABEL_WIDTH - 50;
    let height = topics.len() * ROW_HEIGHT + 8;
    let mut out = format!(
        "<svg class=\"chart\" role=\"img\" aria-label=\"Places per topic\" width=\"{CHART_WIDTH}\" height=\"{height}\" viewBox=\"0 0 {CHART_WIDTH} {height}\" style=\"max-width: 100%; height: auto\">\n"
    );
    for (row, topic_use) in topics.iter().enumerate() {
        let places = topic_use.places.len();
        let y = row * ROW_HEIGHT + 4;
        let width = (places * bar_space / most).max(2);
        let text_y = y + BAR_HEIGHT - 3;
        let id = &topic_use.topic.id;
        out.push_str(&format!(
            "<a href=\"#topic-{id}\"><title>{}: {} in {}</title>\
             <text x=\"{}\" y=\"{text_y}\" text-anchor=\"end\">{id}</text>\
             <rect x=\"{LABEL_WIDTH}\" y=\"{y}\" width=\"{width}\" height=\"{BAR_HEIGHT}\" rx=\"2\" fill=\"#3b7dd8\"/>\
             <text x=\"{}\" y=\"{text_y}\">{places}</text></a>\n",
            escape(&plain(&topic_use.topic.title)),
            count(places, "place", "places"),
            count(topic_use.files, "file", "files"),
            LABEL_WIDTH - 8,
            LABEL_WIDTH + width + 6,
            id = escape(id),
        ));
    }
    out.push_str("</svg>\n");
    out
}

fn section(topic_use: &TopicUse, out: &mut String) {
    let topic = topic_use.topic;
    let id = escape(&topic.id);
    out.push_str(&format!("<section id=\"topic-{id}\">\n<h2>{}<span class=\"id\">{id}</span></h2>\n", inline_html(&topic.title)));
    out.push_str(&format!("<p class=\"summary\">{}</p>\n", inline_html(&topic.summary)));
    let start = topic_use.start.place();
    let link = format!("<a href=\"{}\"><code>{}</code></a>", escape(&start.href()), escape(&start.label()));
    let why = match &topic_use.start {
        StartHere::Definition { keyword, name, uses, .. } => {
            format!("the definition of <code>{}</code>; {}", escape(&format!("{keyword} {name}")), referred(*uses))
        }
        StartHere::SmallestFile { place } => {
            format!("<code>{}</code>, the first place in the smallest file that uses it", escape(&place.snippet))
        }
    };
    out.push_str(&format!("<p class=\"start\"><strong>Start here:</strong> {link} — {why}.</p>\n"));
    if let Some(what) = topic.section("What it is") {
        out.push_str(&format!("<div class=\"explanation\">\n{}</div>\n", to_html(what, 3)));
    }
    if topic.docs.starts_with("https://") {
        let label = if topic.docs.starts_with("https://docs.python.org/") { "Python documentation" } else { "Documentation" };
        out.push_str(&format!(
            "<p><a href=\"{}\">{label}</a> · <code>pyexplain explain {id}</code> for the whole entry</p>\n",
            escape(&topic.docs)
        ));
    }
    out.push_str(&format!(
        "<h3>Where it is used <span class=\"count\">({} in {})</span></h3>\n",
        count(topic_use.places.len(), "place", "places"),
        count(topic_use.files, "file", "files")
    ));
    if !topic_use.everyday.is_empty() {
        out.push_str(&format!("<p class=\"everyday\">Plus {}, not listed.</p>\n", inline_html(&everyday_phrase(&topic_use.everyday))));
    }
    places(&topic_use.places, topic_use.files, out);
    out.push_str("</section>\n");
}

/// The places of a topic or pitfall by file, folded when the list is long.
fn places(places: &[Place], files: usize, out: &mut String) {
    // Long lists stay folded so the page reads as an overview first.
    let open = if places.len() <= 12 { " open" } else { "" };
    out.push_str(&format!(
        "<details{open}><summary>{}</summary>\n",
        if files == 1 { "The file and its lines" } else { "The files and their lines" }
    ));
    let mut index = 0;
    while index < places.len() {
        let path = &places[index].path;
        let end = places[index..].iter().position(|place| &place.path != path).map_or(places.len(), |offset| index + offset);
        out.push_str(&format!("<h4><code>{}</code></h4>\n<ul class=\"places\">\n", escape(path)));
        for place in &places[index..end] {
            out.push_str(&format!(
                "<li><a href=\"{}\">{}</a> <code>{}</code></li>\n",
                escape(&place.href()),
                escape(&place.label()),
                escape(&place.snippet)
            ));
        }
        out.push_str("</ul>\n");
        index = end;
    }
    out.push_str("</details>\n");
}

/// The project's central definitions: where a newcomer starts reading.
fn start_here(central: &[Central], out: &mut String) {
    out.push_str("<section id=\"start\">\n<h2>Start here</h2>\n<p>The classes and functions the project's files import most: what the rest of the code is built around.</p>\n<ol class=\"start\">\n");
    for definition in central {
        out.push_str(&format!(
            "<li><a href=\"{}\"><code>{}</code></a> — <code>{}</code>, imported by {}</li>\n",
            escape(&definition.place.href()),
            escape(&definition.place.label()),
            escape(&format!("{} {}", definition.keyword, definition.name)),
            count(definition.files, "other file", "other files"),
        ));
    }
    out.push_str("</ol>\n</section>\n");
}

/// Topics used only in everyday forms, a line each.
fn everyday(topics: &[EverydayUse], out: &mut String) {
    out.push_str("<section id=\"everyday\">\n<h2>Everyday Python</h2>\n<p>Topics used here only in their everyday forms, which need no introduction; <code>pyexplain explain ID</code> has the whole entry.</p>\n<ul class=\"everyday\">\n");
    for topic_use in topics {
        out.push_str(&format!(
            "<li>{}<span class=\"id\">{}</span>: {}</li>\n",
            inline_html(&topic_use.topic.title),
            escape(&topic_use.topic.id),
            inline_html(&everyday_phrase(&topic_use.everyday))
        ));
    }
    out.push_str("</ul>\n</section>\n");
}

/// Every pitfall found, with its places and why it matters.
fn pitfalls(pitfalls: &[PitfallUse], out: &mut String) {
    out.push_str("<section id=\"pitfalls\">\n<h2>Pitfalls found</h2>\n");
    if pitfalls.is_empty() {
        out.push_str("<p>None: no diagnostic that the settings leave on.</p>\n</section>\n");
        return;
    }
    out.push_str("<p>What an editor with pyexplain would flag, with the project's settings and ignore comments applied; the most severe first.</p>\n");
    for pitfall in pitfalls {
        let id = escape(&pitfall.id);
        let severity = pitfall.severity.as_str();
        out.push_str(&format!(
            "<h3 id=\"pitfall-{id}\">{}<span class=\"severity severity-{severity}\">{severity}</span><span class=\"id\">{id}</span></h3>\n",
            inline_html(&pitfall.message)
        ));
        if let Some(why) = pitfall.why {
            out.push_str(&format!("<p class=\"explanation\"><strong>Why it matters:</strong> {}</p>\n", inline_html(why)));
        }
        out.push_str(&format!(
            "<p class=\"meta\">{} in {} · <code>pyexplain explain {id}</code> for the whole entry</p>\n",
            count(pitfall.places.len(), "place", "places"),
            count(pitfall.files, "file", "files")
        ));
        places(&pitfall.places, pitfall.files, out);
    }
    out.push_str("</section>\n");
}

//! `textDocument/hover`: the explanation of the construct under the cursor.

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::specificity;
use crate::convert::{self, Encoding, LinePos};
use crate::document::Document;
use crate::knowledge::render::{self, HoverInput};
use crate::knowledge::Knowledge;
use crate::settings::Settings;

pub fn hover(document: &Document, knowledge: &Knowledge, settings: &Settings, position: LinePos, encoding: Encoding) -> Option<Hover> {
    let offset = convert::offset_of(&document.text, &document.lines, position, encoding)?;
    let analysis = document.analysis_around(knowledge, offset);
    let mut here: Vec<_> = analysis
        .occurrences_at(offset)
        .into_iter()
        .filter(|occurrence| settings.topic_enabled(&occurrence.topic) && knowledge.topic(&occurrence.topic).is_some())
        .collect();
    if here.is_empty() {
        return None;
    }
    here.sort_by_key(|occurrence| specificity(&occurrence.topic));
    let chosen = here[0];
    let topic = knowledge.topic(&chosen.topic)?;
    let others: Vec<(&str, &str)> = here[1..]
        .iter()
        .filter(|other| other.topic != chosen.topic)
        .filter_map(|other| knowledge.topic(&other.topic).map(|topic| (topic.id.as_str(), topic.title.as_str())))
        .collect();
    let anchor_line = document.lines.line_of(chosen.anchor.start);
    let pitfall = analysis
        .findings
        .iter()
        .filter(|finding| finding.topic == chosen.topic && settings.severity(&finding.code, &finding.topic, finding.severity).is_some())
        .find(|finding| {
            let overlaps = finding.range.start < chosen.anchor.end && chosen.anchor.start < finding.range.end;
            overlaps || document.lines.line_of(finding.range.start) == anchor_line
        })
        .and_then(|finding| knowledge.pitfall(&finding.code).map(|pitfall| (pitfall, finding.message.as_str())));
    let markdown = render::hover(&HoverInput { topic, notes: &chosen.notes, pitfall, others, detail: settings.detail });
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: markdown }),
        range: Some(convert::lsp_range(&document.text, &document.lines, chosen.anchor.clone(), encoding)),
    })
}

//! The explanation of the construct under the cursor: the most specific topic anchored there,
//! its notes for this occurrence, a pitfall flagged on it, and the other topics that overlap.

use std::ops::Range;

use crate::ide::diagnostics;
use crate::ide::OpenFile;
use crate::knowledge::render::{self, HoverInput};
use crate::knowledge::Knowledge;
use crate::settings::Settings;

/// A hover: Markdown over the anchor's byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HoverResult {
    pub markdown: String,
    pub range: Range<usize>,
}

/// The hover at byte `offset` (the character after the cursor), `None` where no enabled topic
/// is anchored.
pub fn hover(document: &OpenFile, knowledge: &Knowledge, settings: &Settings, offset: usize) -> Option<HoverResult> {
    let analysis = document.analysis_around(knowledge, offset);
    let mut here: Vec<_> = analysis
        .occurrences_at(offset)
        .into_iter()
        .filter(|occurrence| settings.topic_enabled(&occurrence.topic))
        .filter_map(|occurrence| Some((knowledge.topic(&occurrence.topic)?, occurrence)))
        .collect();
    // The most specific topic first; ties keep the analysis' order.
    here.sort_by_key(|(topic, _)| topic.rank);
    let (topic, chosen) = *here.first()?;
    let others: Vec<(&str, &str)> =
        here[1..].iter().filter(|(other, _)| other.id != topic.id).map(|(other, _)| (other.id.as_str(), other.title.as_str())).collect();
    let anchor_line = document.lines.line_of(chosen.anchor.start);
    let pitfall = analysis
        .findings
        .iter()
        .filter(|finding| finding.topic == topic.id && diagnostics::diagnostic(&document.text, finding, knowledge, settings).is_some())
        .find(|finding| {
            let overlaps = finding.range.start < chosen.anchor.end && chosen.anchor.start < finding.range.end;
            overlaps || document.lines.line_of(finding.range.start) == anchor_line
        })
        .and_then(|finding| knowledge.pitfall(&finding.code).map(|pitfall| (pitfall, finding.message.as_str())));
    let docs = chosen.docs.as_deref().or_else(|| topic.docs_link());
    let markdown = render::hover(&HoverInput { topic, notes: &chosen.notes, pitfall, others, docs, detail: settings.detail });
    Some(HoverResult { markdown, range: chosen.anchor.clone() })
}

//! Quick fixes: one module per pitfall id, each turning a finding into text edits (byte ranges);
//! build.rs generates the dispatch (`registry`).

// One module per id, declared by build.rs from the folder's files.
include!(concat!(env!("OUT_DIR"), "/fix_modules.rs"));

mod registry;

use std::ops::Range;

use crate::analysis::{Context, Finding};
use crate::knowledge::PitfallId;
use crate::settings::Settings;

/// How far a fix can be trusted; docs/reference.md states the tiers for users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// Same behaviour for every input: preferred, and part of fix-all.
    Safe,
    /// Behaviour differs only in the cases the pitfall's Fix safety names.
    Offered,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub tier: Tier,
    /// Non-overlapping, sorted by start.
    pub edits: Vec<Edit>,
}

/// The fix for `finding`, when its preconditions hold under `settings`.
pub fn fix_for(context: &Context, finding: &Finding, settings: &Settings) -> Option<Fix> {
    let title = context.knowledge.pitfall(&finding.code)?.fix_title.clone()?;
    let id = PitfallId::from_id(&finding.code)?;
    let (tier, edits) = registry::fix(id, context, finding, settings)?;
    Some(Fix { title, tier, edits })
}

/// Applies non-overlapping edits to `text` (for tests, fix-all and `scan`).
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in sorted {
        if edit.range.start < at || edit.range.end > text.len() {
            continue;
        }
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.text);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The indentation (spaces and tabs) at the start of the line holding `offset`.
pub fn indentation_at(text: &str, offset: usize) -> &str {
    let start = text[..offset.min(text.len())].rfind(['\n', '\r']).map_or(0, |index| index + 1);
    let line = &text[start..];
    let width = line.len() - line.trim_start_matches([' ', '\t']).len();
    &line[..width]
}

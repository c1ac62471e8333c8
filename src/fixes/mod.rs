//! Quick fixes: one module per pitfall id, each turning a finding into text edits (byte ranges);
//! build.rs generates the dispatch (`registry`).

pub mod abstractmethod_without_abc;
pub mod decorator_missing_wraps;
pub mod edits;
pub mod late_binding_closure;
pub mod lru_cache_maxsize_none;
pub mod manual_lock_acquire;
pub mod mutable_default_argument;
pub mod open_without_with;
pub mod stop_iteration_in_generator;
pub mod super_with_arguments;
pub mod yield_in_for_loop;

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

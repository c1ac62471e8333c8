//! Quick fixes: one module per fix, each turning a finding into text edits (byte ranges).

pub mod abstractmethod_without_abc;
pub mod decorator_missing_wraps;
pub mod late_binding_closure;
pub mod lru_cache_maxsize_none;
pub mod manual_lock_acquire;
pub mod mutable_default_argument;
pub mod open_without_with;
pub mod stop_iteration_in_generator;
pub mod super_with_arguments;
pub mod yield_in_for_loop;

use std::ops::Range;

use crate::analysis::{Context, Finding};
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
    let (tier, edits) = match finding.code.as_str() {
        open_without_with::CODE => open_without_with::fix(context, finding, settings)?,
        late_binding_closure::CODE => late_binding_closure::fix(context, finding, settings)?,
        yield_in_for_loop::CODE => yield_in_for_loop::fix(context, finding, settings)?,
        super_with_arguments::CODE => super_with_arguments::fix(context, finding, settings)?,
        mutable_default_argument::CODE => mutable_default_argument::fix(context, finding, settings)?,
        manual_lock_acquire::CODE => manual_lock_acquire::fix(context, finding, settings)?,
        lru_cache_maxsize_none::CODE => lru_cache_maxsize_none::fix(context, finding, settings)?,
        abstractmethod_without_abc::CODE => abstractmethod_without_abc::fix(context, finding, settings)?,
        decorator_missing_wraps::CODE => decorator_missing_wraps::fix(context, finding, settings)?,
        stop_iteration_in_generator::CODE => stop_iteration_in_generator::fix(context, finding, settings)?,
        _ => return None,
    };
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

//! Code actions: the quick fix and "Ignore <id> on this line" of each finding the request
//! touches, fix-all (every safe fix that does not collide with another), the teaching rewrites of
//! the construct under the cursor, and "Explain: <title>" for the topics anchored where the user
//! explicitly asked.

use std::cell::OnceCell;
use std::ops::{Range, RangeInclusive};

use crate::analysis::Context;
use crate::fixes::{self, Edit, Tier};
use crate::ide::diagnostics::{self, Diagnostic};
use crate::ide::ignores;
use crate::ide::OpenFile;
use crate::knowledge::Knowledge;
use crate::rewrites;
use crate::settings::Settings;

/// The kind of a quick fix, as the protocol spells it.
pub const QUICKFIX: &str = "quickfix";
/// The kind of fix-all, which editors run on save when asked to.
pub const FIX_ALL: &str = "source.fixAll.pyexplain";
/// The kind of a teaching rewrite: never preferred, never part of fix-all.
pub const REWRITE: &str = "refactor.rewrite";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionKind {
    /// A fix or an ignore comment for one diagnostic.
    QuickFix { preferred: bool },
    /// Every safe fix of the file.
    FixAll,
    /// The construct under the cursor written another way; `topic` explains both forms.
    Rewrite { topic: String },
    /// Run the explain command for a topic id.
    Explain { topic: String },
}

impl ActionKind {
    /// The protocol's name of this kind; `None` for a command.
    pub fn name(&self) -> Option<&'static str> {
        match self {
            ActionKind::QuickFix { .. } => Some(QUICKFIX),
            ActionKind::FixAll => Some(FIX_ALL),
            ActionKind::Rewrite { .. } => Some(REWRITE),
            ActionKind::Explain { .. } => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    pub kind: ActionKind,
    /// Edits of the document, non-overlapping; empty for a command.
    pub edits: Vec<Edit>,
    /// The diagnostic a quick fix resolves.
    pub diagnostic: Option<Diagnostic>,
}

pub struct ActionRequest<'a> {
    pub document: &'a OpenFile,
    /// The byte range the user selected (or the cursor).
    pub range: Range<usize>,
    /// The kinds the client asked for; `None` for any.
    pub only: Option<&'a [String]>,
    /// Whether the user asked explicitly (a menu or shortcut), not an editor on its own.
    pub invoked: bool,
    pub knowledge: &'a Knowledge,
    pub settings: &'a Settings,
}

impl ActionRequest<'_> {
    fn wants(&self, kind: &str) -> bool {
        match self.only {
            None => true,
            Some(only) => only.iter().any(|allowed| kind == allowed || kind.starts_with(&format!("{allowed}."))),
        }
    }

    /// Fix-all only when asked by name (a `source` kind it falls under), never by "any".
    fn asks_fix_all(&self) -> bool {
        self.only.is_some_and(|only| only.iter().any(|kind| FIX_ALL.starts_with(kind.as_str()) && kind.starts_with("source")))
    }
}

pub fn code_actions(request: &ActionRequest) -> Vec<Action> {
    let document = request.document;
    let analysis = document.analysis(request.knowledge);
    // The tree and the node index only when a fix needs them: most requests (the cursor moved)
    // touch no finding, and the store may have dropped the tree of this document.
    let tree = OnceCell::new();
    let tree = || tree.get_or_init(|| document.tree());
    let context = OnceCell::new();
    let context = || context.get_or_init(|| Context::new(&document.text, tree(), request.knowledge).with_package(document.package()));
    let shown = diagnostics::diagnostics(&document.text, &analysis, request.knowledge, request.settings);
    let mut actions = Vec::new();

    if request.wants(QUICKFIX) {
        let lines = document.lines.line_of(request.range.start)..=document.lines.line_of(request.range.end);
        for diagnostic in shown.iter().filter(|diagnostic| touches(document, &diagnostic.finding.range, &request.range, &lines)) {
            let finding = &diagnostic.finding;
            if let Some(fix) = fixes::fix_for(context(), finding, request.settings) {
                actions.push(Action {
                    title: fix.title,
                    kind: ActionKind::QuickFix { preferred: fix.tier == Tier::Safe },
                    edits: fix.edits,
                    diagnostic: Some(diagnostic.clone()),
                });
            }
            if let Some(edit) = ignores::ignore_edit(document, tree(), finding) {
                actions.push(Action {
                    title: format!("Ignore {} on this line", finding.code),
                    kind: ActionKind::QuickFix { preferred: false },
                    edits: vec![edit],
                    diagnostic: Some(diagnostic.clone()),
                });
            }
            if let Some(edit) = ignores::ignore_file_edit(&document.text, finding) {
                actions.push(Action {
                    title: format!("Ignore {} in this file", finding.code),
                    kind: ActionKind::QuickFix { preferred: false },
                    edits: vec![edit],
                    diagnostic: Some(diagnostic.clone()),
                });
            }
        }
    }

    if request.asks_fix_all() {
        let edits = fix_all_edits(context(), &shown, request.settings);
        if !edits.is_empty() {
            actions.push(Action {
                title: "Fix all pyexplain issues that have a safe fix".into(),
                kind: ActionKind::FixAll,
                edits,
                diagnostic: None,
            });
        }
    }

    // Rewrites when the user asks (a menu, a shortcut, a refactor list), not on every cursor move.
    if request.wants(REWRITE) && (request.invoked || request.only.is_some()) {
        for rewrite in rewrites::rewrites_at(context(), request.range.clone(), request.settings) {
            let topic = rewrite.topic;
            if !request.settings.topic_enabled(topic) {
                continue;
            }
            actions.push(Action {
                title: rewrite.title,
                kind: ActionKind::Rewrite { topic: topic.to_owned() },
                edits: rewrite.edits,
                diagnostic: None,
            });
        }
    }

    if request.invoked && request.only.is_none() {
        let mut seen: Vec<&str> = Vec::new();
        for occurrence in analysis.occurrences_at(request.range.start) {
            if !request.settings.topic_enabled(&occurrence.topic) || seen.contains(&occurrence.topic.as_str()) {
                continue;
            }
            let Some(topic) = request.knowledge.topic(&occurrence.topic) else { continue };
            seen.push(&occurrence.topic);
            actions.push(Action {
                title: format!("Explain: {}", topic.title.replace('`', "")),
                kind: ActionKind::Explain { topic: topic.id.clone() },
                edits: Vec::new(),
                diagnostic: None,
            });
        }
    }
    actions
}

/// Every safe fix of the file, identical edits merged and overlapping ones left out.
pub fn fix_all_edits(context: &Context, shown: &[Diagnostic], settings: &Settings) -> Vec<Edit> {
    let mut edits: Vec<Edit> = Vec::new();
    for diagnostic in shown {
        let Some(fix) = fixes::fix_for(context, &diagnostic.finding, settings) else { continue };
        if fix.tier != Tier::Safe {
            continue;
        }
        let fresh: Vec<Edit> = fix.edits.into_iter().filter(|edit| !edits.contains(edit)).collect();
        let overlaps = fresh.iter().any(|edit| edits.iter().any(|taken| overlap(&taken.range, &edit.range)));
        if !overlaps {
            edits.extend(fresh);
        }
    }
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    edits
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> bool {
    if a.is_empty() && b.is_empty() {
        return false;
    }
    a.start < b.end && b.start < a.end
        || (a.is_empty() && b.start < a.start && a.start < b.end)
        || (b.is_empty() && a.start < b.start && b.start < a.end)
}

/// Whether a finding over `found` concerns a request over `asked` (on `lines`).
fn touches(document: &OpenFile, found: &Range<usize>, asked: &Range<usize>, lines: &RangeInclusive<usize>) -> bool {
    let overlaps = found.start <= asked.end && asked.start <= found.end;
    overlaps || lines.contains(&document.lines.line_of(found.start))
}

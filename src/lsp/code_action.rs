//! `textDocument/codeAction`: `ide::code_actions` as protocol actions.

use std::collections::HashMap;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionContext, CodeActionKind, CodeActionOrCommand, CodeActionTriggerKind, Command, TextEdit, Uri, WorkspaceEdit,
};

use super::{convert, diagnostics};
use crate::document::encoding::Encoding;
use crate::fixes::Edit;
use crate::ide::OpenFile;
use crate::ide::{self, ActionKind, ActionRequest};
use crate::knowledge::Knowledge;
use crate::settings::Settings;

pub use crate::ide::actions::FIX_ALL;
pub const EXPLAIN_COMMAND: &str = "pyexplain.server.explain";

pub struct Request<'a> {
    pub uri: &'a Uri,
    pub document: &'a OpenFile,
    pub range: std::ops::Range<usize>,
    pub context: &'a CodeActionContext,
    pub knowledge: &'a Knowledge,
    pub settings: &'a Settings,
    pub encoding: Encoding,
}

pub fn code_actions(request: &Request) -> Vec<CodeActionOrCommand> {
    let only: Option<Vec<String>> = request.context.only.as_ref().map(|kinds| kinds.iter().map(|kind| kind.as_str().to_owned()).collect());
    let asked = ActionRequest {
        document: request.document,
        range: request.range.clone(),
        only: only.as_deref(),
        invoked: request.context.trigger_kind == Some(CodeActionTriggerKind::INVOKED),
        knowledge: request.knowledge,
        settings: request.settings,
    };
    ide::code_actions(&asked).into_iter().map(|action| to_lsp(request, action)).collect()
}

fn to_lsp(request: &Request, action: ide::Action) -> CodeActionOrCommand {
    let diagnostics = action.diagnostic.as_ref().map(|shown| vec![diagnostics::to_lsp(request.document, shown, request.encoding)]);
    let (kind, is_preferred, command) = match &action.kind {
        ActionKind::QuickFix { preferred } => (Some(CodeActionKind::QUICKFIX), Some(*preferred), None),
        ActionKind::FixAll => (Some(CodeActionKind::new(FIX_ALL)), None, None),
        ActionKind::Rewrite { .. } => (Some(CodeActionKind::REFACTOR_REWRITE), Some(false), None),
        ActionKind::Explain { topic } => {
            let command = Command {
                title: action.title.clone(),
                command: EXPLAIN_COMMAND.into(),
                arguments: Some(vec![serde_json::json!(topic), serde_json::json!(request.uri.as_str())]),
            };
            (None, None, Some(command))
        }
    };
    let edit = (!action.edits.is_empty()).then(|| workspace_edit(request, &action.edits));
    // A rewrite names the topic that explains both forms, for clients that show it.
    let data = match &action.kind {
        ActionKind::Rewrite { topic } => Some(serde_json::json!({ "topic": topic })),
        _ => None,
    };
    CodeActionOrCommand::CodeAction(CodeAction {
        title: action.title,
        kind,
        diagnostics,
        edit,
        command,
        is_preferred,
        data,
        ..CodeAction::default()
    })
}

fn workspace_edit(request: &Request, edits: &[Edit]) -> WorkspaceEdit {
    let text_edits = edits
        .iter()
        .map(|edit| TextEdit {
            range: convert::range_in(request.document, edit.range.clone(), request.encoding),
            new_text: edit.text.clone(),
        })
        .collect();
    let mut changes = HashMap::new();
    changes.insert(request.uri.clone(), text_edits);
    WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() }
}

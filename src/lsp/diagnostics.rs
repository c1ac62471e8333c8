//! `publishDiagnostics` entries from `ide::diagnostics`.

use tower_lsp_server::ls_types::{self, CodeDescription, DiagnosticSeverity, NumberOrString, Uri};

use super::convert;
use crate::analysis::Analysis;
use crate::document::encoding::Encoding;
use crate::ide::OpenFile;
use crate::ide::{self, Diagnostic};
use crate::knowledge::{Knowledge, Severity};
use crate::settings::Settings;

pub const SOURCE: &str = "pyexplain";

pub fn diagnostics(
    document: &OpenFile,
    analysis: &Analysis,
    knowledge: &Knowledge,
    settings: &Settings,
    encoding: Encoding,
) -> Vec<ls_types::Diagnostic> {
    ide::diagnostics(&document.text, analysis, knowledge, settings).iter().map(|shown| to_lsp(document, shown, encoding)).collect()
}

pub fn to_lsp(document: &OpenFile, shown: &Diagnostic, encoding: Encoding) -> ls_types::Diagnostic {
    let finding = &shown.finding;
    let href = shown.docs.as_deref().and_then(|docs| docs.parse::<Uri>().ok());
    ls_types::Diagnostic {
        range: convert::range_in(document, finding.range.clone(), encoding),
        severity: Some(lsp_severity(shown.severity)),
        code: Some(NumberOrString::String(finding.code.clone())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message: finding.message.clone(),
        related_information: None,
        tags: None,
        data: Some(serde_json::json!({"topic": finding.topic, "code": finding.code})),
    }
}

pub fn lsp_severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

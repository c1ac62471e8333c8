//! Findings as `publishDiagnostics` entries, with the configured severities.

use tower_lsp_server::ls_types::{CodeDescription, Diagnostic, DiagnosticSeverity, NumberOrString, Uri};

use crate::analysis::{Analysis, Finding};
use crate::convert::{self, Encoding};
use crate::document::Document;
use crate::knowledge::{Knowledge, Severity};
use crate::settings::Settings;

pub const SOURCE: &str = "pyexplain";

pub fn diagnostics(
    document: &Document,
    analysis: &Analysis,
    knowledge: &Knowledge,
    settings: &Settings,
    encoding: Encoding,
) -> Vec<Diagnostic> {
    analysis.findings.iter().filter_map(|finding| diagnostic(document, finding, knowledge, settings, encoding)).collect()
}

pub fn diagnostic(
    document: &Document,
    finding: &Finding,
    knowledge: &Knowledge,
    settings: &Settings,
    encoding: Encoding,
) -> Option<Diagnostic> {
    let severity = settings.severity(&finding.code, &finding.topic, finding.severity)?;
    let href = knowledge.topic(&finding.topic).and_then(|topic| topic.docs.parse::<Uri>().ok());
    Some(Diagnostic {
        range: convert::lsp_range(&document.text, &document.lines, finding.range.clone(), encoding),
        severity: Some(lsp_severity(severity)),
        code: Some(NumberOrString::String(finding.code.clone())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_owned()),
        message: finding.message.clone(),
        related_information: None,
        tags: None,
        data: Some(serde_json::json!({"topic": finding.topic, "code": finding.code})),
    })
}

pub fn lsp_severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

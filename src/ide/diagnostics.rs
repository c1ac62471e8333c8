//! The findings a user sees: those of enabled topics and pitfalls that no ignore comment
//! silences, at their effective severity.

use crate::analysis::{Analysis, Finding};
use crate::ide::ignores;
use crate::knowledge::{Knowledge, Severity};
use crate::settings::Settings;

/// A finding as the user sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub finding: Finding,
    /// The severity after the settings (`pitfalls.<id>`).
    pub severity: Severity,
    /// The documentation link of the finding's topic.
    pub docs: Option<String>,
}

/// The findings of `analysis` of `text` that are switched on, in the analysis' order.
pub fn diagnostics(text: &str, analysis: &Analysis, knowledge: &Knowledge, settings: &Settings) -> Vec<Diagnostic> {
    if analysis.findings.is_empty() {
        return Vec::new();
    }
    let file = ignores::file_ignores(text);
    analysis
        .findings
        .iter()
        .filter(|finding| !file.silences(finding))
        .filter_map(|finding| shown(text, finding, knowledge, settings))
        .collect()
}

/// `finding` as the user sees it, `None` when the settings or an ignore comment switch it off.
pub fn diagnostic(text: &str, finding: &Finding, knowledge: &Knowledge, settings: &Settings) -> Option<Diagnostic> {
    if ignores::file_ignores(text).silences(finding) {
        return None;
    }
    shown(text, finding, knowledge, settings)
}

/// `diagnostic`, but for the `ignore-file` comments, which the caller checked.
fn shown(text: &str, finding: &Finding, knowledge: &Knowledge, settings: &Settings) -> Option<Diagnostic> {
    let default = match finding.severity_from {
        Some((major, minor, severity)) if settings.python_at_least(major, minor) => severity,
        _ => finding.severity,
    };
    let severity = settings.severity(&finding.code, &finding.topic, default)?;
    if finding.not_in_stubs && settings.stub {
        return None;
    }
    if finding.below_python.is_some_and(|(major, minor)| settings.python_at_least(major, minor)) {
        return None;
    }
    if ignores::ignored_on_line(text, finding) {
        return None;
    }
    let docs = knowledge.topic(&finding.topic).and_then(|topic| topic.docs_link()).map(str::to_owned);
    Some(Diagnostic { finding: finding.clone(), severity, docs })
}

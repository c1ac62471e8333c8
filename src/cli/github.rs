//! `scan --format github`: each pitfall as a GitHub Actions workflow command, which the runner
//! turns into an annotation on the pull request's diff.
//!
//! The format is `::warning file=F,line=L,col=C,endLine=L,endColumn=C,title=ID::MESSAGE`
//! (<https://docs.github.com/en/actions/using-workflows/workflow-commands-for-github-actions>).
//! Constructs are not annotated: they explain code, they are not problems in it.

use std::io::Write;

use super::{sarif, FileReport};
use crate::knowledge::Severity;

pub(super) fn write(out: &mut impl Write, reports: &[FileReport], errors: &[(String, String)]) -> std::io::Result<()> {
    for report in reports {
        // GitHub matches annotations to files by their path from the repository root, which is
        // where a workflow's steps run.
        let file = sarif::relative_path(&report.path).unwrap_or_else(|| report.path.clone());
        let mut entries: Vec<_> = report.diagnostics.iter().collect();
        entries.sort_by_key(|entry| entry.start_chars);
        for entry in entries {
            let Some(severity) = entry.severity else { continue };
            let (line, column) = entry.start_chars;
            let (end_line, end_column) = entry.end_chars;
            writeln!(
                out,
                "::{} file={},line={line},col={column},endLine={end_line},endColumn={end_column},title={}::{}",
                command(severity),
                property(&file),
                property(&entry.id),
                data(&entry.message)
            )?;
        }
    }
    for (path, message) in errors {
        let file = sarif::relative_path(path).unwrap_or_else(|| path.clone());
        writeln!(out, "::error file={},title=pyexplain::{}", property(&file), data(&format!("cannot read {path}: {message}")))?;
        eprintln!("pyexplain: {path}: {message}");
    }
    Ok(())
}

/// The workflow command of a severity: GitHub has no hint, so hints and information are notices.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "notice",
    }
}

/// A message, escaped as the runner's `escapeData` does, so a newline cannot end the command.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value, escaped as the runner's `escapeProperty` does: `,` and `:` separate
/// properties and the message.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_would_end_a_property_or_the_command() {
        assert_eq!(property("a,b:c%d"), "a%2Cb%3Ac%25d");
        assert_eq!(data("one: two,\nthree"), "one: two,%0Athree");
    }

    #[test]
    fn hints_and_information_are_notices() {
        assert_eq!(command(Severity::Error), "error");
        assert_eq!(command(Severity::Warning), "warning");
        assert_eq!(command(Severity::Information), "notice");
        assert_eq!(command(Severity::Hint), "notice");
    }
}

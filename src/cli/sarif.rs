//! `scan --format sarif`: a SARIF 2.1.0 log (one run) for code scanning, each pitfall a rule
//! with its knowledge entry as help text and its topic's documentation as help link.
//!
//! Columns are UTF-16 code units (`columnKind`), the unit of `--format json` and of the LSP, so
//! the three agree; lines and columns are 1-based as SARIF wants. Files below the current
//! directory are relative URIs against `%SRCROOT%` (what GitHub code scanning matches to the
//! repository); others are absolute `file:` URIs.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::FileReport;
use crate::knowledge::{render, Knowledge, Pitfall, Severity};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";

pub(super) fn write(out: &mut impl Write, reports: &[FileReport], errors: &[(String, String)]) -> std::io::Result<()> {
    let log = log(reports, errors, std::env::current_dir().ok().as_deref());
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)?;
    for (path, message) in errors {
        eprintln!("pyexplain: {path}: {message}");
    }
    Ok(())
}

/// The path of a file as given on the command line, relative to the current directory with `/`
/// separators, when it is below it.
pub(super) fn relative_path(shown: &str) -> Option<String> {
    let cwd = std::env::current_dir().ok()?;
    relative_to(shown, &cwd)
}

fn relative_to(shown: &str, base: &Path) -> Option<String> {
    let absolute = normalize(&base.join(shown));
    let relative = absolute.strip_prefix(normalize(base)).ok()?;
    let parts: Vec<String> = relative.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// `..` and `.` resolved without touching the file system, as `std::path::absolute` does not on
/// POSIX; symbolic links are left as they are.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn log(reports: &[FileReport], errors: &[(String, String)], cwd: Option<&Path>) -> Value {
    let rules = Rules::of(reports);
    let mut results = Vec::new();
    for report in reports {
        let location = artifact_location(&report.path, cwd);
        for entry in &report.diagnostics {
            let Some(severity) = entry.severity else { continue };
            let [(start_line, start_column), (end_line, end_column)] = entry.range;
            let mut result = json!({
                "ruleId": entry.id,
                "level": level(severity),
                "message": {"text": entry.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": location,
                        "region": {
                            "startLine": start_line + 1,
                            "startColumn": start_column + 1,
                            "endLine": end_line + 1,
                            "endColumn": end_column + 1,
                        },
                    },
                }],
                "properties": {"topic": entry.topic, "fixable": entry.fixable},
            });
            if let (Some(index), Some(object)) = (rules.index.get(&entry.id), result.as_object_mut()) {
                object.insert("ruleIndex".into(), json!(index));
            }
            results.push(result);
        }
    }
    let notifications: Vec<Value> = errors
        .iter()
        .map(|(path, message)| {
            json!({
                "level": "error",
                "message": {"text": format!("cannot read {path}: {message}")},
                "locations": [{"physicalLocation": {"artifactLocation": artifact_location(path, cwd)}}],
            })
        })
        .collect();
    let mut driver = json!({
        "name": "pyexplain",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules.list,
    });
    if let (Some(uri), Some(object)) = (information_uri(), driver.as_object_mut()) {
        object.insert("informationUri".into(), json!(uri));
    }
    let mut run = json!({
        "tool": {"driver": driver},
        "invocations": [{"executionSuccessful": errors.is_empty(), "toolExecutionNotifications": notifications}],
        "columnKind": "utf16CodeUnits",
        "results": results,
    });
    if let (Some(cwd), Some(object)) = (cwd, run.as_object_mut()) {
        let mut root = file_uri(cwd);
        if !root.ends_with('/') {
            root.push('/');
        }
        object.insert("originalUriBaseIds".into(), json!({SRCROOT: {"uri": root}}));
    }
    json!({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]})
}

/// The project's home page from Cargo.toml (`homepage`, else `repository`), when it names one.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")].into_iter().find(|uri| !uri.is_empty())
}

/// The rules: every pitfall of the built-in knowledge, then those that only the files' own
/// knowledge packs define; a pack's version of a built-in pitfall does not replace it.
struct Rules {
    list: Vec<Value>,
    index: BTreeMap<String, usize>,
}

impl Rules {
    fn of(reports: &[FileReport]) -> Rules {
        let mut rules = Rules { list: Vec::new(), index: BTreeMap::new() };
        let mut seen: Vec<&Arc<Knowledge>> = Vec::new();
        rules.add_all(Knowledge::builtin());
        for report in reports {
            if seen.iter().any(|known| Arc::ptr_eq(known, &report.knowledge)) {
                continue;
            }
            seen.push(&report.knowledge);
            rules.add_all(&report.knowledge);
        }
        rules
    }

    fn add_all(&mut self, knowledge: &Knowledge) {
        for pitfall in knowledge.pitfalls() {
            if !self.index.contains_key(&pitfall.id) {
                self.index.insert(pitfall.id.clone(), self.list.len());
                self.list.push(rule(knowledge, pitfall));
            }
        }
    }
}

fn rule(knowledge: &Knowledge, pitfall: &Pitfall) -> Value {
    let document = render::pitfall_document(pitfall);
    let flags = pitfall.section("What it flags").map(str::trim).filter(|text| !text.is_empty()).unwrap_or(&pitfall.summary);
    let mut rule = Map::new();
    rule.insert("id".into(), json!(pitfall.id));
    rule.insert("shortDescription".into(), json!({"text": pitfall.summary}));
    rule.insert("fullDescription".into(), json!({"text": flags}));
    rule.insert("help".into(), json!({"text": document, "markdown": document}));
    let docs = knowledge.topic(&pitfall.topic).map(|topic| topic.docs.trim()).filter(|docs| !docs.is_empty());
    if let Some(docs) = docs {
        rule.insert("helpUri".into(), json!(docs));
    }
    rule.insert("defaultConfiguration".into(), json!({"level": level(pitfall.severity)}));
    rule.insert("properties".into(), json!({"tags": ["python", pitfall.topic]}));
    Value::Object(rule)
}

/// SARIF has no hint level: hints and information are notes.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

fn artifact_location(shown: &str, cwd: Option<&Path>) -> Value {
    match cwd.and_then(|cwd| relative_to(shown, cwd)) {
        Some(relative) => json!({"uri": encode(&relative), "uriBaseId": SRCROOT}),
        None => {
            let absolute = match cwd {
                Some(cwd) => normalize(&cwd.join(shown)),
                None => normalize(Path::new(shown)),
            };
            json!({"uri": file_uri(&absolute)})
        }
    }
}

/// `file:` URI of an absolute path (`file:///C:/...` on Windows).
fn file_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    if text.starts_with('/') {
        format!("file://{}", encode(&text))
    } else {
        format!("file:///{}", encode(&text))
    }
}

/// Percent-encodes what may not stand in a URI path (RFC 3986 `pchar` and `/`), byte by byte.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_below_the_directory_are_relative_and_others_are_not() {
        let base = Path::new("/projects/shop");
        assert_eq!(relative_to("src/app.py", base).as_deref(), Some("src/app.py"));
        assert_eq!(relative_to("./src/../lib/x.py", base).as_deref(), Some("lib/x.py"));
        assert_eq!(relative_to("/projects/shop/a.py", base).as_deref(), Some("a.py"));
        assert_eq!(relative_to("../other/a.py", base), None);
        assert_eq!(relative_to("/elsewhere/a.py", base), None);
        assert_eq!(relative_to(".", base), None);
    }

    #[test]
    fn uris_encode_spaces_and_non_ascii() {
        assert_eq!(encode("my dir/café.py"), "my%20dir/caf%C3%A9.py");
        assert_eq!(file_uri(Path::new("/tmp/a b/x.py")), "file:///tmp/a%20b/x.py");
        assert_eq!(artifact_location("../x#1.py", Some(Path::new("/projects/shop"))), json!({"uri": "file:///projects/x%231.py"}));
    }

    #[test]
    fn hints_and_information_are_notes() {
        assert_eq!(level(Severity::Error), "error");
        assert_eq!(level(Severity::Warning), "warning");
        assert_eq!(level(Severity::Information), "note");
        assert_eq!(level(Severity::Hint), "note");
    }
}

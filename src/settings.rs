//! The `pyexplain` settings section (docs/settings.md), read leniently: unknown keys are ignored and a
//! wrong value keeps the default, with a warning.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::knowledge::render::Detail;
use crate::knowledge::{Knowledge, Severity};

/// A pitfall's configured level: off, or a severity replacing the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    Severity(Severity),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub detail: Detail,
    pub disabled_topics: HashSet<String>,
    pub pitfalls: HashMap<String, Level>,
    /// The oldest Python the code must run on, as (major, minor).
    pub python_version: (u32, u32),
    /// Whether `python_version` was set explicitly (else it may come from pyproject.toml).
    pub python_version_explicit: bool,
    /// `per-file-ignores`: glob patterns over paths relative to the project's root, each with
    /// the pitfall or topic ids it silences there (an empty list silences every pitfall).
    pub per_file_ignores: Vec<(String, Vec<String>)>,
    /// The ids silenced for one file (by `per_file_ignores`, see `for_file`); empty in the
    /// settings of a folder.
    pub silenced: Silenced,
    /// Whether these are the settings of a stub (`.pyi`) file, where findings about run time
    /// do not apply.
    pub stub: bool,
}

/// What `per-file-ignores` silence in one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Silenced {
    #[default]
    Nothing,
    /// These pitfall ids, and the pitfalls of these topic ids.
    Ids(HashSet<String>),
    Everything,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            detail: Detail::Brief,
            disabled_topics: HashSet::new(),
            pitfalls: HashMap::new(),
            python_version: (3, 9),
            python_version_explicit: false,
            per_file_ignores: Vec::new(),
            silenced: Silenced::Nothing,
            stub: false,
        }
    }
}

impl Settings {
    /// Settings from the inner object of the `pyexplain` section; anything unknown is ignored.
    pub fn from_json(value: &Value) -> Settings {
        let mut settings = Settings::default();
        settings.merge_json(value);
        settings
    }

    /// Overrides the keys `value` sets.
    pub fn merge_json(&mut self, value: &Value) {
        let Some(object) = value.as_object() else { return };
        if let Some(detail) = object.get("hover").and_then(|hover| hover.get("detail")).and_then(Value::as_str) {
            match detail {
                "brief" => self.detail = Detail::Brief,
                "full" => self.detail = Detail::Full,
                other => tracing::warn!(value = other, "hover.detail must be `brief` or `full`"),
            }
        }
        if let Some(disabled) = object.get("topics").and_then(|topics| topics.get("disabled")).and_then(Value::as_array) {
            self.disabled_topics = disabled.iter().filter_map(Value::as_str).map(str::to_owned).collect();
        }
        if let Some(pitfalls) = object.get("pitfalls").and_then(Value::as_object) {
            for (id, level) in pitfalls {
                match level.as_str().and_then(parse_level) {
                    Some(level) => {
                        self.pitfalls.insert(id.clone(), level);
                    }
                    None => tracing::warn!(pitfall = %id, "pitfall level must be off, hint, information or warning"),
                }
            }
        }
        if let Some(patterns) = object.get("perFileIgnores").and_then(Value::as_object) {
            self.per_file_ignores = patterns
                .iter()
                .map(|(pattern, ids)| {
                    let ids = ids.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect();
                    (pattern.clone(), ids)
                })
                .collect();
        }
        if let Some(version) = object.get("pythonVersion").and_then(Value::as_str) {
            match parse_version(version) {
                Some(parsed) => {
                    self.python_version = parsed;
                    self.python_version_explicit = true;
                }
                None => tracing::warn!(value = version, "pythonVersion must look like `3.12`"),
            }
        }
    }

    pub fn topic_enabled(&self, topic: &str) -> bool {
        !self.disabled_topics.contains(topic)
    }

    /// These settings for the file at `relative` (to the project's root, `/`-separated): with
    /// what its `per-file-ignores` patterns silence; `None` when no pattern matches it.
    pub fn for_file(&self, relative: &str) -> Option<Settings> {
        let matching: Vec<&Vec<String>> =
            self.per_file_ignores.iter().filter(|(pattern, _)| glob_matches(pattern, relative)).map(|(_, ids)| ids).collect();
        if matching.is_empty() {
            return None;
        }
        let silenced = if matching.iter().any(|ids| ids.is_empty()) {
            Silenced::Everything
        } else {
            Silenced::Ids(matching.into_iter().flatten().cloned().collect())
        };
        Some(Settings { silenced, ..self.clone() })
    }

    /// The severity a pitfall is reported with, or `None` when it is off (or its topic is, or a
    /// `per-file-ignores` pattern silences it in this file).
    pub fn severity(&self, code: &str, topic: &str, default: Severity) -> Option<Severity> {
        if !self.topic_enabled(topic) {
            return None;
        }
        match &self.silenced {
            Silenced::Nothing => {}
            Silenced::Everything => return None,
            Silenced::Ids(ids) if ids.contains(code) || ids.contains(topic) => return None,
            Silenced::Ids(_) => {}
        }
        match self.pitfalls.get(code) {
            Some(Level::Off) => None,
            Some(Level::Severity(severity)) => Some(*severity),
            None => Some(default),
        }
    }

    pub fn python_at_least(&self, major: u32, minor: u32) -> bool {
        self.python_version >= (major, minor)
    }

    /// These settings for a stub (`.pyi`) file.
    pub fn for_stub(&self) -> Settings {
        Settings { stub: true, ..self.clone() }
    }
}

/// Whether the glob `pattern` matches the relative path `path`, as ruff's `per-file-ignores`
/// do: `*` and `?` stay within a path segment, `**` spans segments, `{a,b}` is either; a pattern
/// without `/` is matched against the file name too (`__init__.py`, `test_*.py`).
pub fn glob_matches(pattern: &str, path: &str) -> bool {
    let pattern = pattern.trim_start_matches("./");
    let name = path.rsplit('/').next().unwrap_or(path);
    expand_braces(pattern).iter().any(|pattern| {
        let segments: Vec<&str> = pattern.split('/').collect();
        let parts: Vec<&str> = path.split('/').collect();
        glob_segments(&segments, &parts) || (!pattern.contains('/') && glob_segment(pattern.as_bytes(), name.as_bytes()))
    })
}

/// `{a,b}` alternatives spelled out (one level of braces at a time, recursively).
fn expand_braces(pattern: &str) -> Vec<String> {
    let (Some(open), Some(close)) = (pattern.find('{'), pattern.find('}')) else { return vec![pattern.to_owned()] };
    if close < open {
        return vec![pattern.to_owned()];
    }
    let (head, tail) = (&pattern[..open], &pattern[close + 1..]);
    pattern[open + 1..close].split(',').flat_map(|choice| expand_braces(&format!("{head}{choice}{tail}"))).collect()
}

fn glob_segments(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| glob_segments(rest, &path[skip..])),
        Some((first, rest)) => path
            .split_first()
            .is_some_and(|(segment, others)| glob_segment(first.as_bytes(), segment.as_bytes()) && glob_segments(rest, others)),
    }
}

/// One segment: `*` any run of characters, `?` one character, the rest literally.
fn glob_segment(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|skip| glob_segment(rest, &text[skip..])),
        Some((b'?', rest)) => !text.is_empty() && glob_segment(rest, &text[1..]),
        Some((byte, rest)) => text.first() == Some(byte) && glob_segment(rest, &text[1..]),
    }
}

fn parse_level(value: &str) -> Option<Level> {
    match value {
        "off" => Some(Level::Off),
        "hint" => Some(Level::Severity(Severity::Hint)),
        "information" => Some(Level::Severity(Severity::Information)),
        "warning" => Some(Level::Severity(Severity::Warning)),
        "error" => Some(Level::Severity(Severity::Error)),
        _ => None,
    }
}

/// `"3.12"` gives `(3, 12)`.
pub fn parse_version(value: &str) -> Option<(u32, u32)> {
    let mut parts = value.trim().split('.');
    let major = parts.next()?.trim().parse().ok()?;
    let minor = parts.next().unwrap_or("0").trim().parse().ok()?;
    Some((major, minor))
}

/// The lower bound of `requires-python` in a pyproject.toml text (`>=3.10`, `~=3.11`, `>=3.9,<4`).
pub fn requires_python_floor(pyproject: &str) -> Option<(u32, u32)> {
    let document: toml::Value = toml::from_str(pyproject).ok()?;
    let spec = document.get("project")?.get("requires-python")?.as_str()?;
    spec.split(',').find_map(|clause| {
        let clause = clause.trim();
        let version = clause.strip_prefix(">=").or_else(|| clause.strip_prefix("~=")).or_else(|| clause.strip_prefix("=="))?;
        parse_version(version.trim().trim_end_matches(".*"))
    })
}

/// `.pyexplain/config.toml`: the keys of the `pyexplain` section at top level. Returns the
/// settings object and its problems as (1-based line, message); a key with a problem is left out
/// (it keeps its default), a syntax error leaves the whole file out.
pub fn from_toml(text: &str, knowledge: &Knowledge) -> (Value, Vec<(usize, String)>) {
    let table: toml::Table = match toml::from_str(text) {
        Ok(table) => table,
        Err(problem) => {
            let line = problem.span().map_or(1, |span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            return (Value::Null, vec![(line, format!("not valid TOML: {}", problem.message()))]);
        }
    };
    let mut problems = Vec::new();
    let mut object = serde_json::Map::new();
    let mut problem = |key: &str, message: String| problems.push((line_of_key(text, key), message));
    for (key, value) in &table {
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(_) => continue,
        };
        match key.as_str() {
            "hover" => match value.get("detail").and_then(Value::as_str) {
                Some("brief" | "full") => {
                    object.insert(key.clone(), value);
                }
                _ => problem("detail", "hover.detail must be \"brief\" or \"full\"".into()),
            },
            "topics" => {
                let disabled = value.get("disabled").and_then(Value::as_array);
                let Some(disabled) = disabled.filter(|ids| ids.iter().all(Value::is_string)) else {
                    problem("disabled", "topics.disabled must be a list of topic ids".into());
                    continue;
                };
                for id in disabled.iter().filter_map(Value::as_str).filter(|id| knowledge.topic(id).is_none()) {
                    problem(id, format!("topics.disabled: unknown topic `{id}` (see `pyexplain topics`)"));
                }
                object.insert(key.clone(), value);
            }
            "pitfalls" => {
                let Some(levels) = value.as_object() else {
                    problem("pitfalls", "[pitfalls] must map pitfall ids to off, hint, information, warning or error".into());
                    continue;
                };
                let mut kept = serde_json::Map::new();
                for (id, level) in levels {
                    if knowledge.pitfall(id).is_none() {
                        problem(id, format!("pitfalls: unknown pitfall `{id}`"));
                    } else if level.as_str().and_then(parse_level).is_none() {
                        problem(id, format!("pitfalls.{id} must be off, hint, information, warning or error"));
                    } else {
                        kept.insert(id.clone(), level.clone());
                    }
                }
                object.insert(key.clone(), Value::Object(kept));
            }
            "per-file-ignores" => {
                let Some(patterns) = value.as_object() else {
                    problem("per-file-ignores", "[per-file-ignores] must map glob patterns to lists of pitfall or topic ids".into());
                    continue;
                };
                let mut kept = serde_json::Map::new();
                for (pattern, ids) in patterns {
                    let Some(ids) = ids.as_array().filter(|ids| ids.iter().all(Value::is_string)) else {
                        problem(pattern, format!("per-file-ignores.\"{pattern}\" must be a list of pitfall or topic ids"));
                        continue;
                    };
                    let unknown: Vec<&str> = ids
                        .iter()
                        .filter_map(Value::as_str)
                        .filter(|id| knowledge.pitfall(id).is_none() && knowledge.topic(id).is_none())
                        .collect();
                    if let Some(id) = unknown.first() {
                        problem(pattern, format!("per-file-ignores: unknown pitfall or topic `{id}`"));
                        continue;
                    }
                    kept.insert(pattern.clone(), Value::Array(ids.clone()));
                }
                object.insert("perFileIgnores".to_owned(), Value::Object(kept));
            }
            "pythonVersion" => match value.as_str().and_then(parse_version) {
                Some(_) => {
                    object.insert(key.clone(), value);
                }
                None => problem("pythonVersion", "pythonVersion must be a string like \"3.12\"".into()),
            },
            other => {
                problem(other, format!("unknown setting `{other}` (expected hover, topics, pitfalls, per-file-ignores or pythonVersion)"))
            }
        }
    }
    problems.sort();
    (Value::Object(object), problems)
}

/// The 1-based line where `key` is set or opens a table (1 when it cannot be found).
fn line_of_key(text: &str, key: &str) -> usize {
    let quoted = format!("\"{key}\"");
    let position = text.lines().position(|line| {
        let line = line.trim_start();
        let rest = line.strip_prefix(key).or_else(|| line.strip_prefix(quoted.as_str()));
        let assigns = rest.is_some_and(|rest| rest.trim_start().starts_with('=') || rest.starts_with('.'));
        let table = line.strip_prefix('[').is_some_and(|rest| rest.trim_start().starts_with(key) || rest.trim_start().starts_with(&quoted));
        assigns || table || line.contains(&quoted)
    });
    position.map_or(1, |index| index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_shape_and_ignores_the_rest() {
        let settings = Settings::from_json(&serde_json::json!({
            "hover": {"detail": "full"},
            "topics": {"disabled": ["import-system"]},
            "pitfalls": {"open-without-with": "off", "pickle-load": "warning"},
            "pythonVersion": "3.12",
            "path": "/somewhere", "trace": {"server": "verbose"}
        }));
        assert_eq!(settings.detail, Detail::Full);
        assert!(!settings.topic_enabled("import-system"));
        assert_eq!(settings.severity("open-without-with", "context-managers", Severity::Warning), None);
        assert_eq!(settings.severity("pickle-load", "serialization", Severity::Information), Some(Severity::Warning));
        assert_eq!(settings.python_version, (3, 12));
    }

    #[test]
    fn reads_config_toml_and_names_the_line_of_each_problem() {
        let text = "pythonVersion = \"3.11\"\n\n[hover]\ndetail = \"verbose\"\n\n[pitfalls]\nopen-without-with = \"off\"\nno-such = \"hint\"\n[colour]\n";
        let (value, problems) = from_toml(text, Knowledge::builtin());
        assert_eq!(
            problems,
            vec![
                (4, "hover.detail must be \"brief\" or \"full\"".to_owned()),
                (8, "pitfalls: unknown pitfall `no-such`".to_owned()),
                (9, "unknown setting `colour` (expected hover, topics, pitfalls, per-file-ignores or pythonVersion)".to_owned()),
            ]
        );
        let settings = Settings::from_json(&value);
        assert_eq!(settings.python_version, (3, 11));
        assert_eq!(settings.detail, Detail::Brief);
        assert_eq!(settings.severity("open-without-with", "context-managers", Severity::Warning), None);
        let (value, problems) = from_toml("[hover\n", Knowledge::builtin());
        assert_eq!(value, Value::Null);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, 1);
    }

    #[test]
    fn finds_the_floor_of_requires_python() {
        assert_eq!(requires_python_floor("[project]\nrequires-python = \">=3.10, <4\"\n"), Some((3, 10)));
        assert_eq!(requires_python_floor("[project]\nname = \"x\"\n"), None);
    }
}

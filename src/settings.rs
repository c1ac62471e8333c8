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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            detail: Detail::Brief,
            disabled_topics: HashSet::new(),
            pitfalls: HashMap::new(),
            python_version: (3, 9),
            python_version_explicit: false,
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

    /// The severity a pitfall is reported with, or `None` when it is off (or its topic is).
    pub fn severity(&self, code: &str, topic: &str, default: Severity) -> Option<Severity> {
        if !self.topic_enabled(topic) {
            return None;
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
            "pythonVersion" => match value.as_str().and_then(parse_version) {
                Some(_) => {
                    object.insert(key.clone(), value);
                }
                None => problem("pythonVersion", "pythonVersion must be a string like \"3.12\"".into()),
            },
            other => problem(other, format!("unknown setting `{other}` (expected hover, topics, pitfalls or pythonVersion)")),
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
                (9, "unknown setting `colour` (expected hover, topics, pitfalls or pythonVersion)".to_owned()),
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

//! The `pyexplain` settings section (TOPICS.md), read leniently: unknown keys are ignored and a
//! wrong value keeps the default, with a warning.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::knowledge::render::Detail;
use crate::knowledge::Severity;

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
    fn finds_the_floor_of_requires_python() {
        assert_eq!(requires_python_floor("[project]\nrequires-python = \">=3.10, <4\"\n"), Some((3, 10)));
        assert_eq!(requires_python_floor("[project]\nname = \"x\"\n"), None);
    }
}

//! The settings an editor sends: in `initializationOptions`, in
//! `workspace/didChangeConfiguration`, or as the answer to the server's
//! `workspace/configuration` request, under the section `replylint`:
//!
//! ```json
//! { "replylint": {
//!     "channel": "email",
//!     "select": ["blame", "rule-7"], "extendSelect": [], "ignore": ["no-invitation"],
//!     "severity": { "shouting": "info" },
//!     "minSeverity": "warning",
//!     "configuration": "team/replylint.toml",
//!     "debounceMs": 150
//! } }
//! ```
//!
//! Each one means what the same flag of `replylint check` means, and ranks
//! the same: on top of the `replylint.toml` of each document. A rule id
//! that does not exist is reported like a configuration error, on the
//! documents; a value of the wrong kind, or a key replylint does not know,
//! gets a message in the editor.

use crate::Channel;
use crate::config::CliOverrides;
use crate::diagnostic::Severity;
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The editor's settings for replylint.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// The channel of drafts that do not say (`--channel`).
    pub channel: Option<Channel>,
    /// Only these rules or groups (`--select`).
    pub select: Option<Vec<String>>,
    /// These too (`--extend-select`).
    pub extend_select: Vec<String>,
    /// Not these (`--ignore`).
    pub ignore: Vec<String>,
    /// Severity per rule (`--severity RULE=LEVEL`).
    pub severity: BTreeMap<String, Severity>,
    /// Findings below it are not shown (`--min-severity`).
    pub min_severity: Option<Severity>,
    /// A configuration file for every document instead of the one found
    /// above it (`--config`); relative to the first workspace folder.
    pub configuration: Option<PathBuf>,
    /// The pause after a change before a large or slow document is linted
    /// again, in milliseconds (small ones are linted at once).
    pub debounce_ms: Option<u64>,
}

/// The keys of [`Settings`], and `trace` (VS Code keeps `replylint.trace.server`
/// in the same section, for itself).
const KEYS: &[&str] = &[
    "channel",
    "select",
    "extendSelect",
    "ignore",
    "severity",
    "minSeverity",
    "configuration",
    "debounceMs",
    "trace",
];

impl Settings {
    /// The settings in `value`: the `replylint` section of it, or the value
    /// itself when the client sends the section alone (Helix's `config`,
    /// Neovim's `init_options`); `null` is the defaults. Also returns the
    /// keys it does not know.
    pub fn from_value(value: &Value) -> Result<(Settings, Vec<String>), String> {
        let section = value.get("replylint").unwrap_or(value);
        if section.is_null() {
            return Ok((Settings::default(), Vec::new()));
        }
        let Some(map) = section.as_object() else {
            return Err(format!("the settings are not an object: {section}"));
        };
        let unknown = map
            .keys()
            .filter(|k| !KEYS.contains(&k.as_str()))
            .cloned()
            .collect();
        let settings = Settings::deserialize(section).map_err(|e| e.to_string())?;
        Ok((settings, unknown))
    }

    /// Whether `value` holds replylint's settings at all (a section, or
    /// one of its keys at the top).
    pub fn present(value: &Value) -> bool {
        value.get("replylint").is_some()
            || value
                .as_object()
                .is_some_and(|m| m.keys().any(|k| KEYS.contains(&k.as_str()) && k != "trace"))
    }

    /// The same settings as the command line's overrides.
    pub fn overrides(&self) -> CliOverrides {
        CliOverrides {
            select: self.select.clone(),
            extend_select: self.extend_select.clone(),
            ignore: self.ignore.clone(),
            severity: self.severity.iter().map(|(r, s)| (r.clone(), *s)).collect(),
            fail_on: None,
            min_severity: self.min_severity,
            channel: self.channel,
            max_heat: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_section_or_its_keys_alone() {
        let v = json!({ "replylint": { "channel": "dm", "ignore": ["blame"], "minSeverity": "warning", "severity": { "shouting": "info" } } });
        let (s, unknown) = Settings::from_value(&v).unwrap();
        assert_eq!(s.channel, Some(Channel::Private));
        assert_eq!(s.ignore, ["blame"]);
        assert_eq!(s.min_severity, Some(Severity::Warning));
        assert!(unknown.is_empty());
        let o = s.overrides();
        assert_eq!(o.severity, [("shouting".to_string(), Severity::Info)]);
        let (alone, _) = Settings::from_value(&json!({ "ignore": ["blame"] })).unwrap();
        assert_eq!(alone.ignore, ["blame"]);
        assert!(Settings::present(&json!({ "ignore": [] })));
        assert!(!Settings::present(&json!({ "editor": {} })));
        assert_eq!(
            Settings::from_value(&Value::Null).unwrap().0,
            Settings::default()
        );
    }

    #[test]
    fn wrong_values_and_unknown_keys_are_said() {
        let e = Settings::from_value(&json!({ "replylint": { "channel": "fax" } })).unwrap_err();
        assert!(e.contains("unknown channel `fax`"), "{e}");
        let e = Settings::from_value(&json!({ "replylint": { "ignore": "blame" } })).unwrap_err();
        assert!(e.contains("expected a sequence"), "{e}");
        let (_, unknown) =
            Settings::from_value(&json!({ "replylint": { "minseverity": "info", "trace": {} } }))
                .unwrap();
        assert_eq!(unknown, ["minseverity"]);
    }
}

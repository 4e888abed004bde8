//! Validator configuration in serde data, in the manner of clippy and ruff.

use std::collections::BTreeMap;

use regex::RegexSet;
use serde::{Deserialize, Serialize};

use super::{DEFAULT_MAX_LENGTH, Severity, Validator};
use crate::error::Error;
use crate::rules::{Family, Rule};

/// Configuration for a [`Validator`]: levels per rule or family, allowlist patterns
/// and the length limit.
///
/// Keys of `levels` are rule codes (`pii-email`) or family names (`pii`, `secret`,
/// `unstable`, `placeholder`, `format`). A rule's level is, in order of precedence:
/// its own entry, its family's entry, its default. An id that matches any `allow`
/// pattern (Rust `regex` syntax, unanchored unless you anchor it) gets no findings.
///
/// ```toml
/// max-length = 64
/// allow = ["^svc_[a-z]+$"]
///
/// [levels]
/// unstable = "deny"
/// pii-person-name = "allow"
/// ```
///
/// # Example
/// ```
/// use idpolicy::{Rule, Severity, Validator, ValidatorConfig};
///
/// let config: ValidatorConfig =
///     serde_json::from_str(r#"{"levels": {"unstable": "deny", "unstable-random": "allow"}}"#)?;
/// let validator = Validator::from_config(&config)?;
/// assert_eq!(validator.level(Rule::UnstableSession), Severity::Deny);
/// assert_eq!(validator.level(Rule::UnstableRandom), Severity::Allow);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct ValidatorConfig {
    /// Level per rule code or family name.
    pub levels: BTreeMap<String, Severity>,
    /// Regular expressions; an id matching any of them is not reported.
    pub allow: Vec<String>,
    /// The length limit in characters; 256 when absent.
    pub max_length: Option<usize>,
}

impl ValidatorConfig {
    /// Parses configuration from JSON.
    ///
    /// # Errors
    /// [`Error::Config`] when the text is not valid JSON of this shape.
    ///
    /// # Example
    /// ```
    /// let config = idpolicy::ValidatorConfig::from_json(r#"{"max-length": 64}"#)?;
    /// assert_eq!(config.max_length, Some(64));
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Self, Error> {
        serde_json::from_str(text).map_err(|e| {
            Error::Config(format!(
                "validator config: {}",
                crate::error::redact_quoted(&e.to_string())
            ))
        })
    }

    /// Parses configuration from TOML.
    ///
    /// # Errors
    /// [`Error::Config`] when the text is not valid TOML of this shape.
    ///
    /// # Example
    /// ```
    /// let config = idpolicy::ValidatorConfig::from_toml("max-length = 64\n[levels]\npii = \"warn\"\n")?;
    /// assert_eq!(config.max_length, Some(64));
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Self, Error> {
        toml::from_str(text).map_err(|e| {
            Error::Config(format!(
                "validator config: {}",
                crate::error::redact_quoted(e.message())
            ))
        })
    }

    /// Builds the validator this configuration describes.
    ///
    /// # Errors
    /// [`Error::Config`] for an unknown rule code or family, an invalid allowlist
    /// pattern, or a zero length limit.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Rule, Severity, ValidatorConfig};
    ///
    /// let config = ValidatorConfig::from_json(r#"{"levels": {"pii": "warn"}, "allow": ["^test_"]}"#)?;
    /// let validator = config.build()?;
    /// assert_eq!(validator.level(Rule::PiiEmail), Severity::Warn);
    /// assert!(validator.check("test_jane@example.com").is_clean());
    /// let bad = ValidatorConfig::from_json(r#"{"levels": {"pii-emial": "deny"}}"#)?;
    /// assert!(bad.build().is_err()); // unknown rule code
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn build(&self) -> Result<Validator, Error> {
        for key in self.levels.keys() {
            if Rule::from_code(key).is_none() && Family::from_name(key).is_none() {
                let shown = if crate::error::looks_like_a_name(key) {
                    key.as_str()
                } else {
                    "…"
                };
                return Err(Error::Config(format!(
                    "unknown rule code or family `{shown}` in levels; `idpolicy rules` lists them"
                )));
            }
        }
        let levels = Rule::ALL
            .iter()
            .map(|rule| {
                self.levels
                    .get(rule.code())
                    .or_else(|| self.levels.get(rule.family().name()))
                    .copied()
                    .unwrap_or(rule.default_severity())
            })
            .collect();
        let allow = if self.allow.is_empty() {
            None
        } else {
            // Name the bad pattern by position: regex errors quote the pattern, and
            // configuration text is not echoed into errors.
            if let Some(at) = self
                .allow
                .iter()
                .position(|p| regex::Regex::new(p).is_err())
            {
                return Err(Error::Config(format!(
                    "allowlist pattern #{} is not a valid regular expression",
                    at + 1
                )));
            }
            Some(RegexSet::new(&self.allow).map_err(|_| {
                Error::Config("allowlist patterns are too large to compile together".into())
            })?)
        };
        let max_length = self.max_length.unwrap_or(DEFAULT_MAX_LENGTH);
        if max_length == 0 {
            return Err(Error::Config("max-length must be at least 1".into()));
        }
        Ok(Validator::from_levels(levels, allow, max_length))
    }
}

//! The validator: runs the rules over an id and collects findings at their configured levels.

mod config;
mod report;

pub use config::ValidatorConfig;
pub use report::{Finding, Report, Severity};

use regex::RegexSet;

use crate::error::Error;
use crate::rules::scan::is_own_hmac_output;
use crate::rules::{self, Family, Hits, Rule, Scan};

/// The rules that still run on this crate's own `HmacPolicy` outputs: the format
/// family (length, whitespace, control characters), except `format-empty`. An own
/// output always carries its MAC after the key tag, and a base64url MAC such as
/// `Tkrt7-ENX13-` may end in `-` and read as words, which `format-empty`'s
/// prefix-only heuristic would take for `tenant:user-`.
fn own_output_rules() -> u32 {
    Rule::ALL
        .iter()
        .filter(|r| r.family() == Family::Format && **r != Rule::FormatEmpty)
        .fold(0, |set, r| set | 1 << r.index())
}

/// The default length limit, in characters, for [`Rule::FormatTooLong`].
///
/// # Example
/// ```
/// assert_eq!(idpolicy::Validator::new().max_length(), idpolicy::DEFAULT_MAX_LENGTH);
/// ```
pub const DEFAULT_MAX_LENGTH: usize = 256;

/// Ids longer than this many bytes are reported as too long without being scanned,
/// so a hostile multi-megabyte value costs no more than a 64 KiB one.
///
/// # Example
/// ```
/// let huge = "a".repeat(10 * idpolicy::SCAN_CAP_BYTES);
/// assert!(idpolicy::Validator::new().check(&huge).has(idpolicy::Rule::FormatTooLong));
/// ```
pub const SCAN_CAP_BYTES: usize = 64 * 1024;

/// Checks ids against the lint rules and reports what it finds.
///
/// `Validator::default()` runs every rule at its default level with a 256-character
/// length limit. [`ValidatorConfig`] changes levels per rule or family, adds
/// allowlist patterns and sets the limit.
///
/// A `Validator` is immutable after construction, `Send + Sync`, and cheap to share
/// behind an `Arc`; build one and reuse it.
///
/// # Example
/// ```
/// use idpolicy::{Rule, Validator};
///
/// let validator = Validator::default();
/// let report = validator.check("jane.doe@example.com");
/// assert!(report.is_denied());
/// assert!(report.has(Rule::PiiEmail));
/// // Messages show a masked excerpt, never the value.
/// assert!(!report.findings()[0].message().contains("jane.doe@example.com"));
///
/// assert!(validator.check("user_12345").is_clean());
/// ```
#[derive(Debug, Clone)]
pub struct Validator {
    /// Configured level per rule, indexed by `Rule::index`.
    levels: Vec<Severity>,
    /// Bit set of rules whose level is not `Allow`.
    enabled: u32,
    allow: Option<RegexSet>,
    max_length: usize,
}

impl Default for Validator {
    fn default() -> Self {
        Validator::from_levels(
            Rule::ALL.iter().map(|r| r.default_severity()).collect(),
            None,
            DEFAULT_MAX_LENGTH,
        )
    }
}

impl Validator {
    /// A validator with every rule at its default level and the default length limit.
    ///
    /// # Example
    /// ```
    /// let validator = idpolicy::Validator::new();
    /// assert!(validator.check("cus_kThOpv8XPq3OCw").is_clean());
    /// ```
    pub fn new() -> Self {
        Validator::default()
    }

    /// Builds a validator from configuration.
    ///
    /// # Errors
    /// [`Error::Config`] when an allowlist pattern is not a valid regular expression or
    /// the length limit is zero.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Validator, ValidatorConfig};
    ///
    /// let config: ValidatorConfig = serde_json::from_str(
    ///     r#"{"levels": {"unstable": "allow"}, "allow": ["^svc_"], "max-length": 64}"#,
    /// )?;
    /// let validator = Validator::from_config(&config)?;
    /// assert!(validator.check("svc_jane@example.com").is_clean());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_config(config: &ValidatorConfig) -> Result<Self, Error> {
        config.build()
    }

    pub(crate) fn from_levels(
        levels: Vec<Severity>,
        allow: Option<RegexSet>,
        max_length: usize,
    ) -> Self {
        let enabled = Rule::ALL
            .iter()
            .filter(|r| levels[r.index()] != Severity::Allow)
            .fold(0u32, |set, r| set | 1 << r.index());
        Validator {
            levels,
            enabled,
            allow,
            max_length,
        }
    }

    /// Returns a copy of this validator with a different length limit, in characters;
    /// for example 64 for OpenAI's `safety_identifier`.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Rule, Validator};
    /// let strict = Validator::new().with_max_length(8);
    /// assert!(strict.check("customer_12345").has(Rule::FormatTooLong));
    /// ```
    #[must_use]
    pub fn with_max_length(&self, max_length: usize) -> Self {
        Validator {
            max_length: max_length.max(1),
            ..self.clone()
        }
    }

    /// The length limit in characters.
    ///
    /// # Example
    /// ```
    /// use idpolicy::Validator;
    /// assert_eq!(Validator::new().max_length(), 256);
    /// assert_eq!(Validator::new().with_max_length(64).max_length(), 64);
    /// assert_eq!(Validator::new().with_max_length(0).max_length(), 1); // at least 1
    /// ```
    pub fn max_length(&self) -> usize {
        self.max_length
    }

    /// The configured level of `rule`.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Rule, Severity, Validator};
    /// assert_eq!(Validator::new().level(Rule::PiiEmail), Severity::Deny);
    /// ```
    pub fn level(&self, rule: Rule) -> Severity {
        self.levels[rule.index()]
    }

    /// Checks one id and reports every finding, in span order.
    ///
    /// Never panics and takes time linear in the length of `id`; an id longer than
    /// [`SCAN_CAP_BYTES`] is reported as too long and only its first 64 KiB are scanned.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Rule, Validator};
    /// let report = Validator::new().check("sess_8f03a0895f0c95dc37ed2945f805c1d4");
    /// assert!(report.has(Rule::UnstableSession));
    /// ```
    pub fn check(&self, id: &str) -> Report {
        if let Some(allow) = &self.allow
            && id.len() <= SCAN_CAP_BYTES
            && allow.is_match(id)
        {
            return Report::default();
        }
        let mut end = id.len().min(SCAN_CAP_BYTES);
        while !id.is_char_boundary(end) {
            end -= 1;
        }
        let scan = Scan::new(&id[..end], id.len(), self.max_length);
        let mut hits = Hits::default();
        // This crate's own HMAC outputs are keyed and stable by construction: only
        // their shape (length, characters) can still be wrong.
        let enabled = if scan.has(b'_') && is_own_hmac_output(scan.text) {
            self.enabled & own_output_rules()
        } else {
            self.enabled
        };
        rules::run(&scan, enabled, &mut hits);
        let mut findings: Vec<Finding> = hits
            .hits
            .into_iter()
            .map(|hit| Finding::new(hit.rule, self.level(hit.rule), hit.span, hit.message))
            .collect();
        findings.sort_by_key(|f| (f.span().start, f.rule()));
        Report::new(findings)
    }
}

//! Findings and the report that holds them.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::rules::Rule;

/// How much a finding matters, in increasing order.
///
/// # Example
/// ```
/// use idpolicy::Severity;
/// assert!(Severity::Deny > Severity::Warn);
/// assert_eq!("warn".parse::<Severity>()?, Severity::Warn);
/// # Ok::<(), idpolicy::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The rule is off: it does not run and reports nothing.
    Allow,
    /// Reported, but does not make the report denied.
    Warn,
    /// Reported, and makes [`Report::is_denied`] true.
    Deny,
}

impl Severity {
    /// The lowercase name used in configuration and output.
    ///
    /// # Example
    /// ```
    /// use idpolicy::Severity;
    /// assert_eq!(Severity::Warn.name(), "warn");
    /// assert_eq!(Severity::Deny.name().parse::<Severity>()?, Severity::Deny);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Severity::Allow => "allow",
            Severity::Warn => "warn",
            Severity::Deny => "deny",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Severity {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "allow" => Ok(Severity::Allow),
            "warn" => Ok(Severity::Warn),
            "deny" => Ok(Severity::Deny),
            _ => Err(crate::Error::Config(format!(
                "unknown severity (expected allow, warn or deny; got {} characters)",
                s.chars().count()
            ))),
        }
    }
}

/// One problem found in an id.
///
/// The message describes the problem with a masked excerpt; it never contains the
/// matched value itself.
///
/// # Example
/// ```
/// use idpolicy::{Rule, Severity, Validator};
/// let report = Validator::new().check("jane@example.com");
/// let finding = &report.findings()[0];
/// assert_eq!(finding.rule(), Rule::PiiEmail);
/// assert_eq!(finding.severity(), Severity::Deny);
/// assert_eq!(finding.span(), 0..16);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    rule: Rule,
    severity: Severity,
    span: Range<usize>,
    message: String,
}

impl Finding {
    pub(crate) fn new(rule: Rule, severity: Severity, span: Range<usize>, message: String) -> Self {
        Finding {
            rule,
            severity,
            span,
            message,
        }
    }

    /// The rule that fired.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Rule, Validator};
    /// let report = Validator::new().check("user-undefined");
    /// assert_eq!(report.findings()[0].rule(), Rule::PlaceholderId);
    /// ```
    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// The configured level of the rule.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Severity, Validator, ValidatorConfig};
    ///
    /// let config = ValidatorConfig::from_json(r#"{"levels": {"placeholder-id": "warn"}}"#)?;
    /// let report = Validator::from_config(&config)?.check("user-undefined");
    /// assert_eq!(report.findings()[0].severity(), Severity::Warn);
    /// assert!(!report.is_denied());
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// The byte range of the id the finding covers; always on character boundaries.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Rule, Validator};
    ///
    /// let id = "user-61905 ";
    /// let report = Validator::new().check(id);
    /// let finding = &report.findings()[0];
    /// assert_eq!(finding.rule(), Rule::FormatWhitespace);
    /// assert_eq!(finding.span(), 10..11);
    /// assert_eq!(&id[finding.span()], " ");
    /// ```
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// A human-readable description with a masked excerpt of the match.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Rule, Validator};
    ///
    /// let report = Validator::new().check("cust:4111-1111-1111-1111");
    /// let finding = report.findings().iter().find(|f| f.rule() == Rule::PiiCreditCard);
    /// let message = finding.expect("a card number").message();
    /// assert!(!message.is_empty());
    /// assert!(!message.contains("4111-1111-1111-1111")); // never the value itself
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}] {}..{}: {}",
            self.severity, self.rule, self.span.start, self.span.end, self.message
        )
    }
}

/// Everything the validator found in one id.
///
/// # Example
/// ```
/// use idpolicy::Validator;
/// let report = Validator::new().check("null");
/// assert!(report.is_denied());
/// assert_eq!(report.rules().map(|r| r.code()).collect::<Vec<_>>(), ["placeholder-id"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    findings: Vec<Finding>,
}

impl Report {
    pub(crate) fn new(findings: Vec<Finding>) -> Self {
        Report { findings }
    }

    /// The findings in span order.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Rule, Severity, Validator};
    /// let report = Validator::new().check("null");
    /// assert_eq!(report.findings().len(), 1);
    /// assert!(!report.is_clean() && report.is_denied());
    /// assert_eq!(report.max_severity(), Some(Severity::Deny));
    /// assert!(report.has(Rule::PlaceholderId));
    /// assert_eq!(report.denied_rules().collect::<Vec<_>>(), [Rule::PlaceholderId]);
    /// assert_eq!(report.into_findings().len(), 1);
    /// ```
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Whether there is no finding at all.
    ///
    /// # Example
    /// ```
    /// use idpolicy::Validator;
    /// let validator = Validator::new();
    /// assert!(validator.check("user_48213").is_clean());
    /// assert!(!validator.check("user_48213 ").is_clean()); // trailing space
    /// ```
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    /// Whether any finding is at [`Severity::Deny`].
    ///
    /// # Example
    /// ```
    /// use idpolicy::Validator;
    /// let validator = Validator::new();
    /// assert!(validator.check("user_jane.doe@example.com").is_denied());
    /// // `format-whitespace` only warns: reported, but not denied.
    /// let report = validator.check("user-61905 ");
    /// assert!(!report.is_clean() && !report.is_denied());
    /// ```
    pub fn is_denied(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Deny)
    }

    /// The highest severity among the findings, or `None` for a clean report.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Severity, Validator};
    /// let validator = Validator::new();
    /// assert_eq!(validator.check("user_48213").max_severity(), None);
    /// assert_eq!(validator.check("user-61905 ").max_severity(), Some(Severity::Warn));
    /// assert_eq!(validator.check("cust:4111-1111-1111-1111 ").max_severity(), Some(Severity::Deny));
    /// ```
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// Whether `rule` fired.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Rule, Validator};
    /// let report = Validator::new().check("guest_203.0.113.7");
    /// assert!(report.has(Rule::PiiIpAddress));
    /// assert!(!report.has(Rule::PiiEmail));
    /// ```
    pub fn has(&self, rule: Rule) -> bool {
        self.findings.iter().any(|f| f.rule == rule)
    }

    /// The distinct rules that fired, in span order of their first finding.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Rule, Validator};
    /// let report = Validator::new().check(" guest_203.0.113.7 ");
    /// assert_eq!(report.findings().len(), 3); // two whitespace findings, one address
    /// let rules: Vec<Rule> = report.rules().collect();
    /// assert_eq!(rules, [Rule::FormatWhitespace, Rule::PiiIpAddress]);
    /// ```
    pub fn rules(&self) -> impl Iterator<Item = Rule> + '_ {
        self.findings
            .iter()
            .enumerate()
            .filter(|(i, f)| !self.findings[..*i].iter().any(|g| g.rule == f.rule))
            .map(|(_, f)| f.rule)
    }

    /// The distinct rules at deny level, in span order.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Rule, Validator};
    /// let report = Validator::new().check("cust:4111-1111-1111-1111 ");
    /// // `pii-credit-card` denies, `format-whitespace` only warns.
    /// assert_eq!(report.rules().count(), 2);
    /// assert_eq!(report.denied_rules().collect::<Vec<_>>(), [Rule::PiiCreditCard]);
    /// ```
    pub fn denied_rules(&self) -> impl Iterator<Item = Rule> + '_ {
        self.rules().filter(|&r| {
            self.findings
                .iter()
                .any(|f| f.rule == r && f.severity == Severity::Deny)
        })
    }

    /// Adds a finding from outside the per-id rules, such as
    /// [`ConsistencyChecker`](crate::ConsistencyChecker), keeping span order.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{ConsistencyChecker, Validator};
    ///
    /// let mut checker = ConsistencyChecker::new();
    /// for i in 0..1000 {
    ///     checker.observe(&format!("app_{i}"));
    /// }
    /// let mut report = Validator::new().check("jane@example.com");
    /// if let Some(finding) = checker.observe("jane@example.com") {
    ///     report.push(finding);
    /// }
    /// assert!(report.has(idpolicy::Rule::FormatInconsistent));
    /// ```
    pub fn push(&mut self, finding: Finding) {
        let at = self
            .findings
            .partition_point(|f| (f.span.start, f.rule) <= (finding.span.start, finding.rule));
        self.findings.insert(at, finding);
    }

    /// Consumes the report, returning its findings.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Rule, Validator};
    /// let findings = Validator::new().check("user-undefined").into_findings();
    /// let rules: Vec<Rule> = findings.into_iter().map(|f| f.rule()).collect();
    /// assert_eq!(rules, [Rule::PlaceholderId]);
    /// ```
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

impl IntoIterator for Report {
    type Item = Finding;
    type IntoIter = std::vec::IntoIter<Finding>;

    fn into_iter(self) -> Self::IntoIter {
        self.findings.into_iter()
    }
}

impl<'a> IntoIterator for &'a Report {
    type Item = &'a Finding;
    type IntoIter = std::slice::Iter<'a, Finding>;

    fn into_iter(self) -> Self::IntoIter {
        self.findings.iter()
    }
}

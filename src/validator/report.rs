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
    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// The configured level of the rule.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// The byte range of the id the finding covers; always on character boundaries.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// A human-readable description with a masked excerpt of the match.
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
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    /// Whether any finding is at [`Severity::Deny`].
    pub fn is_denied(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Deny)
    }

    /// The highest severity among the findings, or `None` for a clean report.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// Whether `rule` fired.
    pub fn has(&self, rule: Rule) -> bool {
        self.findings.iter().any(|f| f.rule == rule)
    }

    /// The distinct rules that fired, in span order of their first finding.
    pub fn rules(&self) -> impl Iterator<Item = Rule> + '_ {
        self.findings
            .iter()
            .enumerate()
            .filter(|(i, f)| !self.findings[..*i].iter().any(|g| g.rule == f.rule))
            .map(|(_, f)| f.rule)
    }

    /// The distinct rules at deny level, in span order.
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

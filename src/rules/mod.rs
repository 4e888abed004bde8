//! The lint rules, one file each, and the registry that maps stable codes to them.
//!
//! Every rule is a unit struct whose doc comment is its explanation, in the
//! *What it does / Why is this bad? / Example / Use instead* form. The same
//! text is what [`explain`](crate::explain) returns and what `idpolicy explain`
//! prints, so the documentation and the tool cannot drift apart.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::validator::Severity;

pub(crate) mod checksum;
pub(crate) mod groups;
pub(crate) mod names;
pub(crate) mod phone_numbering;
pub(crate) use format_control_char::is_control_or_invisible;
pub(crate) mod scan;
pub(crate) mod tokens;

pub(crate) use scan::{Hits, Scan};

/// Declares a rule struct whose doc comment doubles as its `explain` text.
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])+ $name:ident) => {
        $(#[doc = $doc])+
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name;

        impl $name {
            /// The explanation printed by `idpolicy explain`, identical to these docs.
            pub const EXPLANATION: &'static str = concat!($($doc, "\n"),+);
        }
    };
}

/// Builds the [`Rule`] enum, its metadata and the dispatch table from one list.
macro_rules! registry {
    ($($variant:ident ($module:ident) = $code:literal, $family:ident, $severity:ident;)+) => {
        $(mod $module;)+
        $(pub use $module::$variant;)+

        /// A lint rule, identified forever by its kebab-case [`code`](Rule::code).
        ///
        /// Codes are never reused or renamed. Each variant's full explanation is on
        /// the struct of the same name in [`rules`](crate::rules) and is returned by
        /// [`Rule::explanation`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Rule {
            $(
                #[doc = concat!("`", $code, "`: see [`rules::", stringify!($variant), "`](crate::rules::", stringify!($variant), ").")]
                $variant,
            )+
        }

        impl Rule {
            /// Every rule, in registry order.
            ///
            /// # Example
            /// ```
            /// assert!(idpolicy::Rule::ALL.iter().any(|r| r.code() == "pii-email"));
            /// ```
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];

            /// The rule's stable kebab-case code, e.g. `pii-email`.
            ///
            /// # Example
            /// ```
            /// assert_eq!(idpolicy::Rule::PiiEmail.code(), "pii-email");
            /// ```
            pub const fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code,)+ }
            }

            /// The family the rule belongs to.
            ///
            /// # Example
            /// ```
            /// use idpolicy::{Family, Rule};
            /// assert_eq!(Rule::SecretJwt.family(), Family::Secret);
            /// ```
            pub const fn family(self) -> Family {
                match self { $(Rule::$variant => Family::$family,)+ }
            }

            /// The level the rule reports at unless configuration says otherwise:
            /// deny where a finding is certain, warn where it is a heuristic.
            ///
            /// # Example
            /// ```
            /// use idpolicy::{Rule, Severity};
            /// assert_eq!(Rule::PiiIban.default_severity(), Severity::Deny);
            /// ```
            pub const fn default_severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)+ }
            }

            /// The rule's explanation: what it does, why it is bad, an example and
            /// what to use instead.
            ///
            /// # Example
            /// ```
            /// let text = idpolicy::Rule::PiiEmail.explanation();
            /// assert!(text.contains("## What it does"));
            /// ```
            pub const fn explanation(self) -> &'static str {
                match self { $(Rule::$variant => $variant::EXPLANATION,)+ }
            }

            /// Looks a rule up by its code.
            ///
            /// # Example
            /// ```
            /// use idpolicy::Rule;
            /// assert_eq!(Rule::from_code("pii-email"), Some(Rule::PiiEmail));
            /// assert_eq!(Rule::from_code("no-such-rule"), None);
            /// ```
            pub fn from_code(code: &str) -> Option<Rule> {
                match code { $($code => Some(Rule::$variant),)+ _ => None }
            }

            /// The rule's position in [`Rule::ALL`], used for compact rule sets.
            pub(crate) const fn index(self) -> usize {
                self as usize
            }
        }

        /// Runs every rule whose bit is set in `enabled`.
        pub(crate) fn run(scan: &Scan<'_>, enabled: u32, hits: &mut Hits) {
            $(
                if enabled & (1 << Rule::$variant.index()) != 0 {
                    $module::detect(scan, hits);
                }
            )+
        }
    };
}

registry! {
    PiiEmail (pii_email) = "pii-email", Pii, Deny;
    PiiPhone (pii_phone) = "pii-phone", Pii, Warn;
    PiiCreditCard (pii_credit_card) = "pii-credit-card", Pii, Deny;
    PiiNationalId (pii_national_id) = "pii-national-id", Pii, Deny;
    PiiIban (pii_iban) = "pii-iban", Pii, Deny;
    PiiIpAddress (pii_ip_address) = "pii-ip-address", Pii, Warn;
    PiiMacAddress (pii_mac_address) = "pii-mac-address", Pii, Warn;
    PiiPersonName (pii_person_name) = "pii-person-name", Pii, Warn;
    PiiDate (pii_date) = "pii-date", Pii, Warn;
    SecretApiKey (secret_api_key) = "secret-api-key", Secret, Deny;
    SecretJwt (secret_jwt) = "secret-jwt", Secret, Deny;
    UnstableTimestamp (unstable_timestamp) = "unstable-timestamp", Unstable, Warn;
    UnstableSession (unstable_session) = "unstable-session", Unstable, Warn;
    UnstableUuidV1 (unstable_uuid_v1) = "unstable-uuid-v1", Unstable, Warn;
    UnstableRandom (unstable_random) = "unstable-random", Unstable, Warn;
    PlaceholderId (placeholder_id) = "placeholder-id", Placeholder, Deny;
    UnkeyedHash (unkeyed_hash) = "unkeyed-hash", Pii, Warn;
    FormatEmpty (format_empty) = "format-empty", Format, Deny;
    FormatTooLong (format_too_long) = "format-too-long", Format, Deny;
    FormatWhitespace (format_whitespace) = "format-whitespace", Format, Warn;
    FormatControlChar (format_control_char) = "format-control-char", Format, Deny;
    FormatInconsistent (format_inconsistent) = "format-inconsistent", Format, Warn;
}

// Rule sets are `u32` bit masks and per-rule counters are 32 wide.
const _: () = assert!(Rule::ALL.len() <= 32);

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Rule::from_code(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown rule code `{code}`")))
    }
}

/// The family a rule belongs to; configuration can set a level for a whole family.
///
/// # Example
/// ```
/// use idpolicy::Family;
/// assert_eq!(Family::from_name("pii"), Some(Family::Pii));
/// assert_eq!(Family::Pii.name(), "pii");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Family {
    /// Personal data: emails, phones, names, national ids and the like.
    Pii,
    /// Credentials that must never leave the process.
    Secret,
    /// Values that change between requests and defeat caching and analytics.
    Unstable,
    /// Values that stand for "no user" and merge unrelated users.
    Placeholder,
    /// Shape problems: empty, too long, whitespace, control characters.
    Format,
}

impl Family {
    /// Every family.
    pub const ALL: &'static [Family] = &[
        Family::Pii,
        Family::Secret,
        Family::Unstable,
        Family::Placeholder,
        Family::Format,
    ];

    /// The family's lowercase name, as used in configuration.
    pub const fn name(self) -> &'static str {
        match self {
            Family::Pii => "pii",
            Family::Secret => "secret",
            Family::Unstable => "unstable",
            Family::Placeholder => "placeholder",
            Family::Format => "format",
        }
    }

    /// Looks a family up by its configuration name.
    pub fn from_name(name: &str) -> Option<Family> {
        Family::ALL.iter().copied().find(|f| f.name() == name)
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Returns the explanation of the rule with this code, or `None` for an unknown code.
///
/// # Example
/// ```
/// let text = idpolicy::explain("secret-jwt").expect("known code");
/// assert!(text.contains("## Why is this bad?"));
/// assert!(idpolicy::explain("made-up").is_none());
/// ```
pub fn explain(code: &str) -> Option<&'static str> {
    Rule::from_code(code).map(Rule::explanation)
}

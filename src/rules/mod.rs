//! The lint rules, one file each, and the registry that maps stable codes to them.
//!
//! Every rule is a unit struct whose doc comment is its explanation, in the
//! *What it does / Why is this bad? / Example / Use instead* form. The same
//! text is what [`explain`] returns and what `idpolicy explain`
//! prints, so the documentation and the tool cannot drift apart.
//!
//! # Example
//! ```
//! use idpolicy::rules::{PiiEmail, Rule};
//!
//! assert_eq!(Rule::from_code("pii-email"), Some(Rule::PiiEmail));
//! assert_eq!(idpolicy::explain("pii-email"), Some(PiiEmail::EXPLANATION));
//! assert!(Rule::ALL.iter().all(|rule| idpolicy::explain(rule.code()).is_some()));
//! ```

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
///
/// After the doc comment and the rule's name comes a doctest for the struct's
/// docs, in one of three forms:
///
/// * `example: "id", ...`: the ids of the rule's `## Example`, each checked with
///   `Validator::default()` and asserted to be reported under the rule;
/// * `validator: <expr>, example: "id", ...`: the same with the validator the
///   expression builds, for rules that need configuration to fire;
/// * `usage { /// ... }`: doc lines holding a whole doctest, for stream rules.
///
/// The doctest becomes a `# Usage` section appended to the struct's docs; it is
/// not part of `EXPLANATION`, which stays the doc comment alone. Each id is
/// pasted into the doctest with `stringify!`, so it is written as a Rust string
/// literal (escapes and raw strings included) and compiled as one.
macro_rules! declare_rule {
    (@emit [$($doc:literal)+] $name:ident [$($usage:expr),+ $(,)?]) => {
        $(#[doc = $doc])+
        #[doc = ""]
        #[doc = " # Usage"]
        $(#[doc = $usage])+
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name;

        impl $name {
            #[doc = " The explanation printed by `idpolicy explain`: the rule's docs"]
            #[doc = " without their `# Usage` section."]
            #[doc = ""]
            #[doc = " # Example"]
            #[doc = " ```"]
            #[doc = concat!(" let text = idpolicy::rules::", stringify!($name), "::EXPLANATION;")]
            #[doc = concat!(" assert_eq!(idpolicy::Rule::", stringify!($name), ".explanation(), text);")]
            #[doc = " assert!(text.contains(\"## What it does\"));"]
            #[doc = " assert!(!text.contains(\"# Usage\"));"]
            #[doc = " ```"]
            pub const EXPLANATION: &'static str = concat!($($doc, "\n"),+);
        }
    };
    ($(#[doc = $doc:literal])+ $name:ident, example: $($example:literal),+ $(,)?) => {
        declare_rule! {
            @check [$($doc)+] $name [" let validator = Validator::default();"] [$($example)+]
        }
    };
    (
        $(#[doc = $doc:literal])+
        $name:ident,
        validator: $validator:expr,
        example: $($example:literal),+ $(,)?
    ) => {
        declare_rule! {
            @check [$($doc)+] $name
            [concat!(" let validator = ", stringify!($validator), ";")]
            [$($example)+]
        }
    };
    (@check [$($doc:literal)+] $name:ident [$setup:expr] [$($example:literal)+]) => {
        declare_rule! {
            @emit [$($doc)+] $name [
                " ```",
                " use idpolicy::{Rule, Validator};",
                "",
                $setup,
                $(
                    concat!(" let report = validator.check(", stringify!($example), ");"),
                    concat!(" assert!(report.has(Rule::", stringify!($name), "));"),
                )+
                " ```",
            ]
        }
    };
    ($(#[doc = $doc:literal])+ $name:ident, usage { $(#[doc = $usage:literal])+ }) => {
        declare_rule! { @emit [$($doc)+] $name [$($usage),+] }
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
        ///
        /// # Example
        /// ```
        /// use idpolicy::{Family, Rule, Severity, Validator};
        ///
        /// let rule = Rule::PiiPhone;
        /// assert_eq!(rule.to_string(), "pii-phone");
        /// assert_eq!(rule.family(), Family::Pii);
        /// assert_eq!(rule.default_severity(), Severity::Warn);
        /// assert!(Validator::new().check("whatsapp:+447700900123").has(rule));
        /// assert_eq!(serde_json::to_string(&rule)?, r#""pii-phone""#);
        /// # Ok::<(), serde_json::Error>(())
        /// ```
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
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Family, Rule};
    /// assert_eq!(Family::ALL.len(), 5);
    /// assert!(Rule::ALL.iter().all(|rule| Family::ALL.contains(&rule.family())));
    /// ```
    pub const ALL: &'static [Family] = &[
        Family::Pii,
        Family::Secret,
        Family::Unstable,
        Family::Placeholder,
        Family::Format,
    ];

    /// The family's lowercase name, as used in configuration.
    ///
    /// # Example
    /// ```
    /// use idpolicy::Family;
    /// assert_eq!(Family::Secret.name(), "secret");
    /// assert_eq!(Family::Placeholder.to_string(), "placeholder");
    /// ```
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
    ///
    /// # Example
    /// ```
    /// use idpolicy::Family;
    /// assert_eq!(Family::from_name("unstable"), Some(Family::Unstable));
    /// assert_eq!(Family::from_name("Unstable"), None); // names are lowercase
    /// assert!(Family::ALL.iter().all(|f| Family::from_name(f.name()) == Some(*f)));
    /// ```
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

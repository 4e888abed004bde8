//! Assertion helpers and proptest strategies for the tests of applications that
//! embed `idpolicy` (feature `testing`).
//!
//! The macros [`assert_user_id_ok!`](crate::assert_user_id_ok),
//! [`assert_user_id_denied!`](crate::assert_user_id_denied) and
//! [`assert_stable!`](crate::assert_stable) wrap the functions of this module. Their
//! failure messages name the rules that fired and show ids only as
//! [`mask`](crate::mask()) excerpts, so a failing test never prints a raw id.
//!
//! The strategies generate realistic internal ids ([`internal_ids`]), ids the
//! default validator accepts ([`clean_user_ids`]) and PII-looking ids
//! ([`pii_ids`]): emails, phones with valid calling codes, card numbers that
//! pass Luhn, and national ids with valid check digits (NL BSN, BR CPF, ES DNI,
//! US SSN). Property-test your own derivation with them:
//!
//! ```
//! use idpolicy::testing::{internal_ids, proptest::prelude::*};
//! use idpolicy::{HmacPolicy, Key, UserIdPolicy};
//!
//! let policy = HmacPolicy::new(Key::from_bytes(&[7u8; 32])?)?;
//! proptest!(|(internal in internal_ids())| {
//!     let id = policy.user_id(&internal).expect("derive");
//!     idpolicy::assert_user_id_ok!(id);
//!     prop_assert!(!id.as_str().contains(&internal));
//! });
//! # Ok::<(), idpolicy::Error>(())
//! ```

use std::fmt::Debug;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::select;

/// The `proptest` crate this module builds on, re-exported so strategies and the
/// `proptest!` macro are reachable without a second dependency line.
pub use proptest;

use crate::key::Key;
use crate::mask::mask;
use crate::policy::{HmacPolicy, UserIdPolicy};
use crate::rules::Rule;
use crate::validator::{Report, Severity, Validator};

/// Asserts that `validator` does not deny `id` (warnings are allowed).
///
/// Prefer the [`assert_user_id_ok!`](crate::assert_user_id_ok) macro.
///
/// # Panics
/// When the id is denied; the message lists the findings with masked excerpts.
///
/// # Example
/// ```
/// idpolicy::testing::assert_ok("user_12345", &idpolicy::Validator::new());
/// ```
#[track_caller]
pub fn assert_ok(id: impl AsRef<str>, validator: &Validator) {
    let id = id.as_ref();
    let report = validator.check(id);
    if report.is_denied() {
        panic!(
            "user id `{}` was denied by {}:\n{}",
            mask(id),
            codes(report.denied_rules()),
            findings(&report)
        );
    }
}

/// A rule named by its code (`"pii-email"`) or given as a [`Rule`].
///
/// # Example
/// ```
/// use idpolicy::{Rule, testing::RuleRef};
/// assert_eq!("pii-email".to_rule(), Some(Rule::PiiEmail));
/// assert_eq!(Rule::PiiIban.to_rule(), Some(Rule::PiiIban));
/// ```
pub trait RuleRef {
    /// The rule, or `None` for an unknown code.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Rule, testing::RuleRef};
    ///
    /// assert_eq!(String::from("secret-jwt").to_rule(), Some(Rule::SecretJwt));
    /// assert_eq!(Rule::FormatEmpty.to_rule(), Some(Rule::FormatEmpty));
    /// assert_eq!("no-such-rule".to_rule(), None);
    /// ```
    fn to_rule(&self) -> Option<Rule>;
}

impl RuleRef for Rule {
    fn to_rule(&self) -> Option<Rule> {
        Some(*self)
    }
}

impl RuleRef for str {
    fn to_rule(&self) -> Option<Rule> {
        Rule::from_code(self)
    }
}

impl RuleRef for &str {
    fn to_rule(&self) -> Option<Rule> {
        Rule::from_code(self)
    }
}

impl RuleRef for String {
    fn to_rule(&self) -> Option<Rule> {
        Rule::from_code(self)
    }
}

/// Asserts that `rule` fires on `id` at deny level.
///
/// Prefer the [`assert_user_id_denied!`](crate::assert_user_id_denied) macro.
///
/// # Panics
/// When the code is unknown, or the rule does not fire, or fires below deny level;
/// the message names the rules that did fire and masks the id.
///
/// # Example
/// ```
/// use idpolicy::{Validator, testing::assert_denied};
/// assert_denied("", "format-empty", &Validator::new());
/// ```
#[track_caller]
pub fn assert_denied<R: RuleRef + ?Sized>(id: impl AsRef<str>, rule: &R, validator: &Validator) {
    let id = id.as_ref();
    let Some(rule) = rule.to_rule() else {
        panic!("unknown rule code; see `idpolicy::Rule::ALL` for the codes");
    };
    let report = validator.check(id);
    let level = report
        .findings()
        .iter()
        .filter(|f| f.rule() == rule)
        .map(|f| f.severity())
        .max();
    match level {
        Some(Severity::Deny) => {}
        Some(level) => panic!(
            "`{rule}` fired on user id `{}` at {level}, not deny; configure its level in the \
             ValidatorConfig you pass:\n{}",
            mask(id),
            findings(&report)
        ),
        None => panic!(
            "expected `{rule}` to deny user id `{}`, but it did not fire (fired: {})",
            mask(id),
            codes(report.rules())
        ),
    }
}

/// How many times [`assert_stable`] calls the derivation.
const STABLE_CALLS: usize = 16;
/// How many fresh instances [`assert_stable_across`] builds.
const STABLE_INSTANCES: usize = 4;

/// Calls `derive` repeatedly and asserts that every output equals the first.
///
/// Prefer the [`assert_stable!`](crate::assert_stable) macro.
///
/// # Panics
/// When two outputs differ; the message shows masked excerpts of both.
///
/// # Example
/// ```
/// use idpolicy::{PrefixPolicy, UserIdPolicy, testing::assert_stable};
/// let policy = PrefixPolicy::new("app_")?;
/// assert_stable(|| policy.user_id("42").expect("derive"));
/// # Ok::<(), idpolicy::Error>(())
/// ```
#[track_caller]
pub fn assert_stable<T: PartialEq + Debug>(mut derive: impl FnMut() -> T) {
    let first = derive();
    for call in 1..STABLE_CALLS {
        let next = derive();
        if next != first {
            unstable(&format!("call {call}"), &first, &next);
        }
    }
}

/// Builds several fresh instances with `factory` (a policy from one configuration,
/// say) and asserts that `derive` gives the same output on each, on repeated calls.
///
/// Prefer the two-argument form of [`assert_stable!`](crate::assert_stable).
///
/// # Panics
/// When two outputs differ; the message shows masked excerpts of both.
///
/// # Example
/// ```
/// use idpolicy::{PolicyConfig, UserIdPolicy, testing::assert_stable_across};
/// let config = PolicyConfig::from_json(r#"{"kind":"prefix","prefix":"app_"}"#)?;
/// assert_stable_across(
///     || config.build().expect("build"),
///     |policy| policy.user_id("42").expect("derive"),
/// );
/// # Ok::<(), idpolicy::Error>(())
/// ```
#[track_caller]
pub fn assert_stable_across<P, T: PartialEq + Debug>(
    mut factory: impl FnMut() -> P,
    mut derive: impl FnMut(&P) -> T,
) {
    let first_instance = factory();
    let first = derive(&first_instance);
    for instance in 0..STABLE_INSTANCES {
        let fresh = factory();
        for call in 0..STABLE_CALLS / STABLE_INSTANCES {
            let next = derive(&fresh);
            if next != first {
                unstable(
                    &format!("fresh instance {instance}, call {call}"),
                    &first,
                    &next,
                );
            }
        }
    }
}

#[track_caller]
fn unstable(which: &str, first: &dyn Debug, next: &dyn Debug) -> ! {
    panic!(
        "derivation is not stable: the first output was `{}` but {which} gave `{}`",
        mask(&format!("{first:?}")),
        mask(&format!("{next:?}"))
    )
}

fn codes(rules: impl Iterator<Item = Rule>) -> String {
    let codes: Vec<&str> = rules.map(Rule::code).collect();
    if codes.is_empty() {
        "no rule".into()
    } else {
        codes.join(", ")
    }
}

/// Findings as lines; their messages hold masked excerpts only.
fn findings(report: &Report) -> String {
    report
        .findings()
        .iter()
        .map(|f| format!("  {f}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts that a user id is not denied, by the default [`Validator`] or the one given.
///
/// The id may be a `&str`, `String` or [`UserId`](crate::UserId). Warnings are
/// allowed; the failure message lists the findings with masked excerpts.
///
/// # Example
/// ```
/// use idpolicy::{Validator, assert_user_id_ok};
/// assert_user_id_ok!("user_12345");
/// assert_user_id_ok!(String::from("cus_kThOpv8XPq3OCw"), Validator::new().with_max_length(64));
/// ```
#[macro_export]
macro_rules! assert_user_id_ok {
    ($id:expr $(,)?) => {
        $crate::testing::assert_ok(&$id, &$crate::Validator::new())
    };
    ($id:expr, $validator:expr $(,)?) => {
        $crate::testing::assert_ok(&$id, &$validator)
    };
}

/// Asserts that a rule, by code or [`Rule`], denies a user id, using the default
/// [`Validator`] or the one given.
///
/// # Example
/// ```
/// use idpolicy::{Rule, Validator, assert_user_id_denied};
/// assert_user_id_denied!("user_", "format-empty");
/// assert_user_id_denied!("x".repeat(300), Rule::FormatTooLong, Validator::new());
/// ```
#[macro_export]
macro_rules! assert_user_id_denied {
    ($id:expr, $rule:expr $(,)?) => {
        $crate::testing::assert_denied(&$id, &$rule, &$crate::Validator::new())
    };
    ($id:expr, $rule:expr, $validator:expr $(,)?) => {
        $crate::testing::assert_denied(&$id, &$rule, &$validator)
    };
}

/// Asserts that a derivation is stable: `assert_stable!(|| derive(user))` calls it
/// repeatedly; `assert_stable!(factory, |instance| derive(instance, user))` also
/// builds fresh instances (policies from one configuration) and compares them.
///
/// # Example
/// ```
/// use idpolicy::{HmacPolicy, Key, UserIdPolicy, assert_stable};
///
/// let key_bytes = [7u8; 32];
/// let policy = HmacPolicy::new(Key::from_bytes(&key_bytes)?)?;
/// assert_stable!(|| policy.user_id("customer-42").expect("derive"));
/// assert_stable!(
///     || HmacPolicy::new(Key::from_bytes(&key_bytes).expect("key")).expect("policy"),
///     |policy| policy.user_id("customer-42").expect("derive"),
/// );
/// # Ok::<(), idpolicy::Error>(())
/// ```
#[macro_export]
macro_rules! assert_stable {
    ($derive:expr $(,)?) => {
        $crate::testing::assert_stable($derive)
    };
    ($factory:expr, $derive:expr $(,)?) => {
        $crate::testing::assert_stable_across($factory, $derive)
    };
}

const ALNUM: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

fn alnum(len: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = String> {
    proptest::collection::vec(0..ALNUM.len(), len)
        .prop_map(|v| v.into_iter().map(|i| char::from(ALNUM[i])).collect())
}

fn digits(len: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(0u8..10, len)
}

fn digit_string(digits: &[u8]) -> String {
    digits.iter().map(|&d| char::from(b'0' + d)).collect()
}

/// Random (version 4) UUIDs in the usual lowercase hyphenated form.
///
/// # Example
/// ```
/// use idpolicy::testing::{uuid_v4, proptest::prelude::*};
/// proptest!(|(id in uuid_v4())| {
///     prop_assert_eq!(id.len(), 36);
///     prop_assert_eq!(&id[14..15], "4");
/// });
/// ```
pub fn uuid_v4() -> impl Strategy<Value = String> {
    any::<[u8; 16]>().prop_map(|mut b| {
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let h = hex::encode(b);
        format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        )
    })
}

/// Internal ids as applications key their users: database integers, prefixed ids,
/// UUIDs, object ids, tenant-scoped ids, and emails (which many applications use as
/// keys, and which a policy must therefore anonymize).
///
/// # Example
/// ```
/// use idpolicy::testing::{internal_ids, proptest::prelude::*};
/// use idpolicy::{HmacPolicy, Key, UserIdPolicy};
/// let policy = HmacPolicy::new(Key::from_bytes(&[1u8; 32])?)?;
/// proptest!(|(internal in internal_ids())| {
///     prop_assert!(policy.user_id(&internal).is_ok());
/// });
/// # Ok::<(), idpolicy::Error>(())
/// ```
pub fn internal_ids() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u64..10_000_000_000).prop_map(|n| n.to_string()),
        (
            select(&["usr_", "user_", "cus_", "acct-", "u:", "member/"][..]),
            1u64..100_000_000
        )
            .prop_map(|(prefix, n)| format!("{prefix}{n}")),
        uuid_v4(),
        alnum(14..=24).prop_map(|s| format!("obj_{s}")),
        (1u32..1000, 1u64..1_000_000).prop_map(|(t, u)| format!("tenant{t}:user_{u}")),
        emails(),
    ]
}

fn hmac_policy() -> Option<&'static HmacPolicy> {
    static POLICY: OnceLock<Option<HmacPolicy>> = OnceLock::new();
    POLICY
        .get_or_init(|| {
            let key = Key::from_bytes(b"idpolicy testing clean ids key!!").ok()?;
            HmacPolicy::builder(key).context("testing").build().ok()
        })
        .as_ref()
}

/// User ids the default [`Validator`] does not deny: short prefixed numbers such as
/// `app_4821`, and outputs of an [`HmacPolicy`] with a fixed test key.
///
/// # Example
/// ```
/// use idpolicy::testing::{clean_user_ids, proptest::prelude::*};
/// proptest!(|(id in clean_user_ids())| {
///     idpolicy::assert_user_id_ok!(id);
/// });
/// ```
pub fn clean_user_ids() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            select(&["app_", "user_", "u_", "cus_", "acct-", "member:"][..]),
            1u32..1_000_000
        )
            .prop_map(|(prefix, n)| format!("{prefix}{n}")),
        any::<u64>().prop_map(|n| match hmac_policy() {
            Some(policy) => policy
                .user_id(&n.to_string())
                .map(|id| id.into_string())
                .unwrap_or_else(|_| format!("app_{}", n % 1_000_000 + 1)),
            None => format!("app_{}", n % 1_000_000 + 1),
        }),
    ]
}

/// Email addresses: dotted and plus-tagged local parts, common and example domains.
///
/// # Example
/// ```
/// use idpolicy::testing::{emails, proptest::prelude::*};
/// proptest!(|(email in emails())| prop_assert!(email.contains('@')));
/// ```
pub fn emails() -> impl Strategy<Value = String> {
    let name = "[a-z]{2,10}";
    (
        name,
        proptest::option::of(name),
        proptest::option::of("[a-z0-9]{1,6}"),
        select(
            &[
                "example.com",
                "gmail.com",
                "outlook.com",
                "company.co.uk",
                "mail.example.org",
                "uni-example.de",
            ][..],
        ),
    )
        .prop_map(|(first, last, tag, domain)| {
            let mut local = first;
            if let Some(last) = last {
                local.push('.');
                local.push_str(&last);
            }
            if let Some(tag) = tag {
                local.push('+');
                local.push_str(&tag);
            }
            format!("{local}@{domain}")
        })
}

/// Phone numbers with valid calling codes and national number shapes (NANP, UK,
/// Germany, France, the Netherlands, India, Brazil), in E.164 or common
/// formatted forms.
///
/// # Example
/// ```
/// use idpolicy::testing::{phones, proptest::prelude::*};
/// proptest!(|(phone in phones())| prop_assert!(phone.starts_with('+')));
/// ```
pub fn phones() -> impl Strategy<Value = String> {
    let nanp = (2u8..10, digits(2), 2u8..10, digits(6), 0usize..3).prop_map(
        |(a, area, e, rest, style)| {
            let area = format!("{a}{}", digit_string(&area));
            let exchange = format!("{e}{}", digit_string(&rest[..2]));
            let line = digit_string(&rest[2..]);
            match style {
                0 => format!("+1{area}{exchange}{line}"),
                1 => format!("+1-{area}-{exchange}-{line}"),
                _ => format!("+1 ({area}) {exchange}-{line}"),
            }
        },
    );
    let international = (
        select(
            &[
                ("44", "7", 9usize),
                ("49", "151", 8),
                ("49", "170", 8),
                ("33", "6", 8),
                ("31", "6", 8),
                ("91", "9", 9),
                ("55", "119", 8),
            ][..],
        ),
        digits(9),
        any::<bool>(),
    )
        .prop_map(|((code, lead, len), number, spaced)| {
            let number = digit_string(&number[..len]);
            if spaced {
                format!("+{code} {lead}{} {}", &number[..3], &number[3..])
            } else {
                format!("+{code}{lead}{number}")
            }
        });
    prop_oneof![nanp, international]
}

/// The Luhn check digit for `payload`, so that `payload` + digit passes Luhn.
fn luhn_check_digit(payload: &[u8]) -> u8 {
    let sum: u32 = payload
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 0 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// Payment card numbers that pass the Luhn check, with real issuer prefixes (Visa,
/// Mastercard, American Express, Discover), plain or grouped by spaces or hyphens.
///
/// # Example
/// ```
/// use idpolicy::testing::{credit_cards, proptest::prelude::*};
/// proptest!(|(card in credit_cards())| {
///     let digits: String = card.chars().filter(char::is_ascii_digit).collect();
///     prop_assert!((15..=16).contains(&digits.len()));
/// });
/// ```
pub fn credit_cards() -> impl Strategy<Value = String> {
    /// Issuer prefixes and total lengths.
    const CARD_PREFIXES: &[(&[u8], usize)] = &[
        (&[4], 16),
        (&[5, 1], 16),
        (&[5, 5], 16),
        (&[3, 4], 15),
        (&[3, 7], 15),
        (&[6, 0, 1, 1], 16),
    ];
    (select(CARD_PREFIXES), digits(16), 0usize..3).prop_map(|((prefix, len), random, style)| {
        let mut number: Vec<u8> = prefix.to_vec();
        number.extend_from_slice(&random[..len - 1 - prefix.len()]);
        number.push(luhn_check_digit(&number));
        let plain = digit_string(&number);
        let separator = match style {
            0 => return plain,
            1 => " ",
            _ => "-",
        };
        if len == 15 {
            format!(
                "{}{separator}{}{separator}{}",
                &plain[..4],
                &plain[4..10],
                &plain[10..]
            )
        } else {
            plain
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join(separator)
        }
    })
}

/// A Dutch BSN: nine digits passing the "11-proof"
/// (9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 mod 11).
fn bsn() -> impl Strategy<Value = String> {
    (1u8..10, digits(7)).prop_filter_map("no valid check digit", |(first, rest)| {
        let mut number = vec![first];
        number.extend(rest);
        let sum: u32 = number
            .iter()
            .zip((2..=9u32).rev())
            .map(|(&d, w)| u32::from(d) * w)
            .sum();
        let check = sum % 11;
        (check < 10).then(|| {
            number.push(check as u8);
            digit_string(&number)
        })
    })
}

/// One CPF check digit over `digits`, with weights counting down to 2.
fn cpf_digit(digits: &[u8]) -> u8 {
    let top = digits.len() as u32 + 1;
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| u32::from(d) * (top - i as u32))
        .sum();
    ((sum * 10) % 11 % 10) as u8
}

/// A Brazilian CPF with both mod-11 check digits, formatted or plain.
fn cpf() -> impl Strategy<Value = String> {
    (digits(9), any::<bool>())
        .prop_filter("repeated digits are invalid CPFs", |(d, _)| {
            d.iter().any(|&x| x != d[0])
        })
        .prop_map(|(mut number, formatted)| {
            let first = cpf_digit(&number);
            number.push(first);
            let second = cpf_digit(&number);
            number.push(second);
            let s = digit_string(&number);
            if formatted {
                format!("{}.{}.{}-{}", &s[..3], &s[3..6], &s[6..9], &s[9..])
            } else {
                s
            }
        })
}

/// A Spanish DNI: eight digits and the letter `TRWAGMYFPDXBNJZSQVHLCKE[n mod 23]`.
fn dni() -> impl Strategy<Value = String> {
    (0u32..100_000_000).prop_map(|n| {
        const LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
        format!("{n:08}{}", char::from(LETTERS[(n % 23) as usize]))
    })
}

/// A US SSN in its native `AAA-GG-SSSS` form, with a valid area (not 000, 666 or
/// 900-999), group (not 00) and serial (not 0000).
fn ssn() -> impl Strategy<Value = String> {
    (1u32..900, 1u32..100, 1u32..10_000)
        .prop_filter("666 is never issued", |(area, _, _)| *area != 666)
        .prop_map(|(area, group, serial)| format!("{area:03}-{group:02}-{serial:04}"))
}

/// National ids with valid check digits: Dutch BSN (11-proof), Brazilian CPF (two
/// mod-11 digits), Spanish DNI (mod-23 letter) and US SSN (valid area, group and
/// serial in the native `AAA-GG-SSSS` form).
///
/// # Example
/// ```
/// use idpolicy::testing::{national_ids, proptest::prelude::*};
/// proptest!(|(id in national_ids())| prop_assert!(id.chars().any(|c| c.is_ascii_digit())));
/// ```
pub fn national_ids() -> impl Strategy<Value = String> {
    prop_oneof![bsn(), cpf(), dni(), ssn()]
}

/// PII-looking ids of every kind, each with the rule that should report it.
///
/// Phones report under [`Rule::PiiPhone`], which warns by default; the others deny.
///
/// # Example
/// ```
/// use idpolicy::testing::{pii_ids_with_rule, proptest::prelude::*};
/// use idpolicy::Rule;
/// proptest!(|((id, rule) in pii_ids_with_rule())| {
///     prop_assert!(!id.is_empty());
///     prop_assert!(rule.code().starts_with("pii-"));
/// });
/// ```
pub fn pii_ids_with_rule() -> impl Strategy<Value = (String, Rule)> {
    prop_oneof![
        emails().prop_map(|id| (id, Rule::PiiEmail)),
        phones().prop_map(|id| (id, Rule::PiiPhone)),
        credit_cards().prop_map(|id| (id, Rule::PiiCreditCard)),
        national_ids().prop_map(|id| (id, Rule::PiiNationalId)),
    ]
}

/// PII-looking ids: emails, phones, cards and national ids, as [`pii_ids_with_rule`]
/// without the rule.
///
/// # Example
/// ```
/// use idpolicy::testing::{pii_ids, proptest::prelude::*};
/// use idpolicy::{HmacPolicy, Key, UserIdPolicy};
/// let policy = HmacPolicy::new(Key::from_bytes(&[3u8; 32])?)?;
/// proptest!(|(pii in pii_ids())| {
///     // The derived id never carries the personal data.
///     prop_assert!(!policy.user_id(&pii).expect("derive").as_str().contains(&pii));
/// });
/// # Ok::<(), idpolicy::Error>(())
/// ```
pub fn pii_ids() -> impl Strategy<Value = String> {
    pii_ids_with_rule().prop_map(|(id, _)| id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    fn luhn_valid(number: &str) -> bool {
        let digits: Vec<u8> = number
            .bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect();
        let (check, payload) = digits.split_last().expect("digits");
        luhn_check_digit(payload) == *check
    }

    #[test]
    fn known_check_digits() {
        assert!(luhn_valid("4111 1111 1111 1111"));
        assert!(luhn_valid("378282246310005"));
        assert!(!luhn_valid("4111111111111112"));
        // CPF 529.982.247-25 is the usual documentation example.
        assert_eq!(cpf_digit(&[5, 2, 9, 9, 8, 2, 2, 4, 7]), 2);
        assert_eq!(cpf_digit(&[5, 2, 9, 9, 8, 2, 2, 4, 7, 2]), 5);
    }

    #[test]
    fn generated_ids_pass_their_checks() {
        let mut runner = TestRunner::deterministic();
        for _ in 0..200 {
            let card = credit_cards()
                .new_tree(&mut runner)
                .expect("tree")
                .current();
            assert!(luhn_valid(&card), "{}", mask(&card));
            let bsn = bsn().new_tree(&mut runner).expect("tree").current();
            let d: Vec<u32> = bsn.bytes().map(|b| u32::from(b - b'0')).collect();
            let sum: i64 = (0..8)
                .map(|i| i64::from(d[i] * (9 - i as u32)))
                .sum::<i64>()
                - i64::from(d[8]);
            assert_eq!(sum % 11, 0);
            let dni = dni().new_tree(&mut runner).expect("tree").current();
            let n: u32 = dni[..8].parse().expect("digits");
            assert_eq!(
                dni.as_bytes()[8],
                b"TRWAGMYFPDXBNJZSQVHLCKE"[(n % 23) as usize]
            );
        }
    }

    #[test]
    fn failure_messages_mask_the_id() {
        let result = std::panic::catch_unwind(|| {
            assert_denied("user_4821", "format-empty", &Validator::new());
        });
        let payload = result.expect_err("must panic");
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default();
        assert!(message.contains("format-empty"));
        assert!(!message.contains("user_4821"));
    }
}

//! The readable `app_{id}` policy.

use super::{UserIdPolicy, refuse_denied};
use crate::error::Error;
use crate::validator::Validator;

/// The consistent readable format `{prefix}{internal_id}`, e.g. `app_12345`.
///
/// The internal id must be made of **safe characters**: ASCII letters, digits and
/// `.` `_` `-` `:` `|`. Anything else is **rejected** ([`Error::UnsafeChar`]), not
/// escaped: an escaped email would still be an email, and rejection keeps the
/// output readable and reversible. Emails (`@`), spaces and non-ASCII text therefore
/// never pass. The internal id can be recovered with
/// [`internal_id`](PrefixPolicy::internal_id).
///
/// Since the id is readable, attach a [`Validator`] with
/// [`with_validator`](PrefixPolicy::with_validator) to refuse PII-looking ids
/// such as names or phone numbers.
///
/// # Example
/// ```
/// use idpolicy::{Error, PrefixPolicy, UserIdPolicy, Validator};
///
/// let policy = PrefixPolicy::new("app_")?.with_validator(Validator::new());
/// let id = policy.user_id("12345")?;
/// assert_eq!(id.as_str(), "app_12345");
/// assert_eq!(policy.internal_id(id.as_str()), Some("12345"));
/// assert!(matches!(policy.user_id("jane@example.com"), Err(Error::UnsafeChar { at: 4 })));
/// assert!(matches!(policy.user_id("null"), Err(Error::Denied { .. })));
/// # Ok::<(), idpolicy::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct PrefixPolicy {
    prefix: String,
    max_id_len: usize,
    validator: Option<Validator>,
}

/// The default limit on the internal id, in bytes.
const DEFAULT_MAX_ID_LEN: usize = 128;

/// Whether `b` may appear in an internal id or a prefix.
fn is_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b':' | b'|')
}

impl PrefixPolicy {
    /// A policy that prepends `prefix` (1 to 32 safe characters).
    ///
    /// # Errors
    /// [`Error::Config`] when the prefix is empty, longer than 32 bytes or holds a
    /// character outside the safe set.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{PrefixPolicy, UserIdPolicy};
    ///
    /// assert_eq!(PrefixPolicy::new("app_")?.user_id("12345")?, "app_12345");
    /// assert!(PrefixPolicy::new("").is_err());
    /// assert!(PrefixPolicy::new("app/").is_err()); // `/` is not a safe character
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn new(prefix: &str) -> Result<Self, Error> {
        if prefix.is_empty() || prefix.len() > 32 || !prefix.bytes().all(is_safe) {
            return Err(Error::Config(
                "prefix must be 1 to 32 characters from [A-Za-z0-9._:|-]".into(),
            ));
        }
        Ok(PrefixPolicy {
            prefix: prefix.to_owned(),
            max_id_len: DEFAULT_MAX_ID_LEN,
            validator: None,
        })
    }

    /// Sets the limit on the internal id in bytes (default 128, at most 990).
    ///
    /// # Example
    /// ```
    /// use idpolicy::{PrefixPolicy, UserIdPolicy};
    /// let policy = PrefixPolicy::new("app_")?.with_max_id_len(4);
    /// assert!(policy.user_id("1234").is_ok());
    /// assert!(policy.user_id("12345").is_err());
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    #[must_use]
    pub fn with_max_id_len(mut self, max: usize) -> Self {
        self.max_id_len = max.clamp(1, crate::UserId::MAX_LEN - 34);
        self
    }

    /// Refuses ids whose output the validator denies.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Error, PrefixPolicy, UserIdPolicy, Validator};
    ///
    /// let plain = PrefixPolicy::new("app_")?;
    /// let checked = PrefixPolicy::new("app_")?.with_validator(Validator::new());
    /// assert!(plain.user_id("undefined").is_ok());
    /// assert!(matches!(checked.user_id("undefined"), Err(Error::Denied { .. })));
    /// assert_eq!(checked.user_id("12345")?, "app_12345");
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    #[must_use]
    pub fn with_validator(mut self, validator: Validator) -> Self {
        self.validator = Some(validator);
        self
    }

    /// The prefix.
    ///
    /// # Example
    /// ```
    /// assert_eq!(idpolicy::PrefixPolicy::new("org-7:")?.prefix(), "org-7:");
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Recovers the internal id from a user id this policy produced, or `None` when
    /// the text does not carry this policy's prefix.
    ///
    /// # Example
    /// ```
    /// let policy = idpolicy::PrefixPolicy::new("app_")?;
    /// assert_eq!(policy.internal_id("app_12345"), Some("12345"));
    /// assert_eq!(policy.internal_id("usr_12345"), None);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn internal_id<'a>(&self, user_id: &'a str) -> Option<&'a str> {
        user_id
            .strip_prefix(self.prefix.as_str())
            .filter(|id| !id.is_empty() && id.bytes().all(is_safe))
    }
}

impl UserIdPolicy for PrefixPolicy {
    fn write_user_id(&self, internal_id: &str, out: &mut String) -> Result<(), Error> {
        if internal_id.is_empty() {
            return Err(Error::EmptyId);
        }
        if internal_id.len() > self.max_id_len {
            return Err(Error::IdTooLong {
                len: internal_id.len(),
                max: self.max_id_len,
            });
        }
        if let Some(at) = internal_id.bytes().position(|b| !is_safe(b)) {
            return Err(Error::UnsafeChar { at });
        }
        let start = out.len();
        out.push_str(&self.prefix);
        out.push_str(internal_id);
        if let Err(e) = refuse_denied(self.validator.as_ref(), &out[start..]) {
            out.truncate(start);
            return Err(e);
        }
        Ok(())
    }
}

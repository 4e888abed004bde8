//! The passthrough policy for ids that are already opaque.

use super::{UserIdPolicy, first_unprintable, refuse_denied};
use crate::error::Error;
use crate::validator::Validator;

/// Sends the internal id unchanged, after basic checks.
///
/// For applications whose ids are already opaque and stable (database UUIDs behind a
/// prefix, Stripe-style ids). Refuses empty ids, ids over the length limit (256
/// characters by default), and ids with whitespace, control or invisible characters.
/// With [`with_validator`](Passthrough::with_validator) it also refuses ids the
/// validator denies.
///
/// # Example
/// ```
/// use idpolicy::{Error, Passthrough, UserIdPolicy, Validator};
///
/// let policy = Passthrough::new().with_validator(Validator::new());
/// assert_eq!(policy.user_id("cus_kThOpv8XPq3OCw")?.as_str(), "cus_kThOpv8XPq3OCw");
/// assert!(matches!(policy.user_id("jane@example.com"), Err(Error::Denied { .. })));
/// assert!(matches!(policy.user_id(""), Err(Error::EmptyId)));
/// # Ok::<(), idpolicy::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Passthrough {
    max_length: usize,
    validator: Option<Validator>,
}

impl Default for Passthrough {
    fn default() -> Self {
        Passthrough {
            max_length: crate::DEFAULT_MAX_LENGTH,
            validator: None,
        }
    }
}

impl Passthrough {
    /// A passthrough with a 256-character limit and no validator.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Passthrough, UserIdPolicy};
    ///
    /// let policy = Passthrough::new();
    /// assert!(policy.user_id(&"x".repeat(256)).is_ok());
    /// assert!(policy.user_id(&"x".repeat(257)).is_err());
    /// // Without a validator, only the shape is checked.
    /// assert!(policy.user_id("jane@example.com").is_ok());
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn new() -> Self {
        Passthrough::default()
    }

    /// Sets the length limit in characters (clamped to 1..=1024).
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Passthrough, UserIdPolicy};
    /// let policy = Passthrough::new().with_max_length(64);
    /// assert!(policy.user_id(&"x".repeat(65)).is_err());
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    #[must_use]
    pub fn with_max_length(mut self, max_length: usize) -> Self {
        self.max_length = max_length.clamp(1, crate::UserId::MAX_LEN);
        self
    }

    /// Refuses ids that `validator` denies.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Error, Passthrough, UserIdPolicy, Validator};
    ///
    /// let policy = Passthrough::new().with_validator(Validator::new());
    /// match policy.user_id("jane@example.com") {
    ///     Err(error @ Error::Denied { .. }) => assert!(!error.to_string().contains("jane")),
    ///     other => panic!("expected a denial, got {other:?}"),
    /// }
    /// assert!(policy.user_id("cus_kThOpv8XPq3OCw").is_ok());
    /// ```
    #[must_use]
    pub fn with_validator(mut self, validator: Validator) -> Self {
        self.validator = Some(validator);
        self
    }
}

impl UserIdPolicy for Passthrough {
    fn write_user_id(&self, internal_id: &str, out: &mut String) -> Result<(), Error> {
        if internal_id.is_empty() {
            return Err(Error::EmptyId);
        }
        let chars = internal_id.chars().count();
        if chars > self.max_length || internal_id.len() > crate::UserId::MAX_LEN {
            return Err(Error::IdTooLong {
                len: internal_id.len(),
                max: self.max_length,
            });
        }
        if let Some((at, control)) = first_unprintable(internal_id) {
            return Err(if control {
                Error::ControlChar { at }
            } else {
                Error::Whitespace { at }
            });
        }
        refuse_denied(self.validator.as_ref(), internal_id)?;
        out.push_str(internal_id);
        Ok(())
    }
}

//! The [`UserIdPolicy`] trait and its three implementations.

mod hmac;
pub(crate) mod hmac_core;
mod passthrough;
mod prefix;

pub use hmac::{DEFAULT_BITS, Encoding, HmacPolicy, HmacPolicyBuilder};
pub use passthrough::Passthrough;
pub use prefix::PrefixPolicy;

use std::sync::Arc;

use crate::error::Error;
use crate::user_id::UserId;
use crate::validator::Validator;

/// Turns an application's internal user id into the end-user id sent to providers.
///
/// Implementations are deterministic: the same internal id always gives the same
/// user id (for the same configuration). The trait is object safe, so policies
/// chosen at run time work as `Box<dyn UserIdPolicy>` or `Arc<dyn UserIdPolicy>`.
///
/// `Debug` is a supertrait so that `Box<dyn UserIdPolicy>` can be logged and
/// unwrapped in tests; implementations must keep key material out of it.
///
/// # Example
/// ```
/// use std::sync::Arc;
/// use idpolicy::{HmacPolicy, Key, PrefixPolicy, UserIdPolicy};
///
/// let policies: Vec<Arc<dyn UserIdPolicy>> = vec![
///     Arc::new(HmacPolicy::new(Key::from_bytes(&[7u8; 32])?)?),
///     Arc::new(PrefixPolicy::new("app_")?),
/// ];
/// for policy in &policies {
///     assert_eq!(policy.user_id("42")?, policy.user_id("42")?);
/// }
///
/// // Hot loops reuse one buffer: no allocation per id once it has grown.
/// let mut buffer = String::with_capacity(64);
/// for internal in ["1", "2", "3"] {
///     buffer.clear();
///     policies[0].write_user_id(internal, &mut buffer)?;
///     assert!(buffer.len() <= 64);
/// }
/// # Ok::<(), idpolicy::Error>(())
/// ```
pub trait UserIdPolicy: Send + Sync + std::fmt::Debug {
    /// Appends the user id for `internal_id` to `out`.
    ///
    /// Allocates nothing when `out` has room. On error `out` is left as it was.
    ///
    /// # Errors
    /// Depends on the policy: an empty or too long id, characters the policy does not
    /// accept, or an id the attached validator denies.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{PrefixPolicy, UserIdPolicy};
    ///
    /// let policy = PrefixPolicy::new("app_")?;
    /// let mut out = String::from("user=");
    /// policy.write_user_id("42", &mut out)?;
    /// assert_eq!(out, "user=app_42");
    /// assert!(policy.write_user_id("not ok", &mut out).is_err());
    /// assert_eq!(out, "user=app_42"); // unchanged on error
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    fn write_user_id(&self, internal_id: &str, out: &mut String) -> Result<(), Error>;

    /// The user id for `internal_id`.
    ///
    /// # Errors
    /// As [`write_user_id`](UserIdPolicy::write_user_id).
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Error, Passthrough, UserIdPolicy};
    ///
    /// let policy = Passthrough::new();
    /// assert_eq!(policy.user_id("cus_kThOpv8XPq3OCw")?.as_str(), "cus_kThOpv8XPq3OCw");
    /// assert!(matches!(policy.user_id(""), Err(Error::EmptyId)));
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    fn user_id(&self, internal_id: &str) -> Result<UserId, Error> {
        let mut out = String::with_capacity(48);
        self.write_user_id(internal_id, &mut out)?;
        UserId::try_from(out)
    }
}

impl<P: UserIdPolicy + ?Sized> UserIdPolicy for Box<P> {
    fn write_user_id(&self, internal_id: &str, out: &mut String) -> Result<(), Error> {
        (**self).write_user_id(internal_id, out)
    }
    fn user_id(&self, internal_id: &str) -> Result<UserId, Error> {
        (**self).user_id(internal_id)
    }
}

impl<P: UserIdPolicy + ?Sized> UserIdPolicy for Arc<P> {
    fn write_user_id(&self, internal_id: &str, out: &mut String) -> Result<(), Error> {
        (**self).write_user_id(internal_id, out)
    }
    fn user_id(&self, internal_id: &str) -> Result<UserId, Error> {
        (**self).user_id(internal_id)
    }
}

impl<P: UserIdPolicy + ?Sized> UserIdPolicy for &P {
    fn write_user_id(&self, internal_id: &str, out: &mut String) -> Result<(), Error> {
        (**self).write_user_id(internal_id, out)
    }
    fn user_id(&self, internal_id: &str) -> Result<UserId, Error> {
        (**self).user_id(internal_id)
    }
}

/// Refuses `candidate` when `validator` denies it, naming the rules and never the value.
pub(crate) fn refuse_denied(validator: Option<&Validator>, candidate: &str) -> Result<(), Error> {
    let Some(validator) = validator else {
        return Ok(());
    };
    let report = validator.check(candidate);
    if report.is_denied() {
        return Err(Error::Denied {
            rules: report.denied_rules().collect(),
        });
    }
    Ok(())
}

/// Position of the first control, invisible or whitespace character, if any.
pub(crate) fn first_unprintable(id: &str) -> Option<(usize, bool)> {
    id.char_indices().find_map(|(at, c)| {
        if crate::rules::is_control_or_invisible(c) {
            Some((at, true))
        } else if c.is_whitespace() {
            Some((at, false))
        } else {
            None
        }
    })
}

//! The produced end-user id.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::rules::is_control_or_invisible;

/// An end-user id ready to send to an LLM provider.
///
/// Only a [`UserIdPolicy`](crate::UserIdPolicy) or a validating parse
/// ([`UserId::parse`], `FromStr`, `TryFrom`, serde `Deserialize`) can make one, so a
/// `UserId` is always non-empty, at most [`UserId::MAX_LEN`] bytes, and free of
/// whitespace, control and invisible characters. It serializes as a plain JSON string.
///
/// # Example
/// ```
/// use idpolicy::UserId;
///
/// let id: UserId = "app_42".parse()?;
/// assert_eq!(id.as_str(), "app_42");
/// assert_eq!(serde_json::to_string(&id)?, r#""app_42""#);
/// assert!(serde_json::from_str::<UserId>(r#""has space""#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct UserId(String);

impl UserId {
    /// The longest user id in bytes that any policy produces or `parse` accepts.
    ///
    /// # Example
    /// ```
    /// use idpolicy::UserId;
    /// assert!(UserId::parse(&"x".repeat(UserId::MAX_LEN)).is_ok());
    /// assert!(UserId::parse(&"x".repeat(UserId::MAX_LEN + 1)).is_err());
    /// ```
    pub const MAX_LEN: usize = 1024;

    /// Wraps a string a policy produced; policies uphold the invariants.
    pub(crate) fn from_policy(id: String) -> UserId {
        debug_assert!(check(&id).is_ok(), "policy produced an invalid user id");
        UserId(id)
    }

    /// Parses a user id, checking the invariants.
    ///
    /// # Errors
    /// [`Error::InvalidUserId`] when `text` is empty, longer than [`UserId::MAX_LEN`]
    /// bytes, or holds whitespace, control or invisible characters.
    ///
    /// # Example
    /// ```
    /// assert!(idpolicy::UserId::parse("k1a2b_00ff").is_ok());
    /// assert!(idpolicy::UserId::parse("").is_err());
    /// assert!(idpolicy::UserId::parse("a\u{200b}b").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<UserId, Error> {
        check(text)?;
        Ok(UserId(text.to_owned()))
    }

    /// The id as a string slice.
    ///
    /// # Example
    /// ```
    /// let id = idpolicy::UserId::parse("app_42")?;
    /// assert_eq!(id.as_str(), "app_42");
    /// assert_eq!(id.len(), 6);
    /// assert_eq!(id.into_string(), "app_42");
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as an owned string.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{PrefixPolicy, UserIdPolicy};
    ///
    /// let id = PrefixPolicy::new("app_")?.user_id("42")?;
    /// let owned: String = id.into_string();
    /// assert_eq!(owned, "app_42");
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn into_string(self) -> String {
        self.0
    }

    /// Length in bytes.
    ///
    /// # Example
    /// ```
    /// let id = idpolicy::UserId::parse("usér_42")?;
    /// assert_eq!(id.len(), 8); // `é` takes two bytes
    /// assert_eq!(id.as_str().chars().count(), 7);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    #[allow(clippy::len_without_is_empty)] // never empty
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

fn check(text: &str) -> Result<(), Error> {
    let reason = if text.is_empty() {
        "it is empty"
    } else if text.len() > UserId::MAX_LEN {
        "it is longer than 1024 bytes"
    } else if text.chars().any(char::is_whitespace) {
        "it contains whitespace"
    } else if text.chars().any(is_control_or_invisible) {
        "it contains a control or invisible character"
    } else {
        return Ok(());
    };
    Err(Error::InvalidUserId { reason })
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for UserId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for UserId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for UserId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl FromStr for UserId {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        UserId::parse(s)
    }
}

impl TryFrom<String> for UserId {
    type Error = Error;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        check(&value)?;
        Ok(UserId(value))
    }
}

impl TryFrom<&str> for UserId {
    type Error = Error;

    fn try_from(value: &str) -> Result<Self, Self::Error> {
        UserId::parse(value)
    }
}

impl From<UserId> for String {
    fn from(id: UserId) -> String {
        id.0
    }
}

impl<'de> Deserialize<'de> for UserId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        UserId::try_from(text).map_err(serde::de::Error::custom)
    }
}

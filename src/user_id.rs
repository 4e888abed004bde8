//! The produced end-user id.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use arrayvec::ArrayString;
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
/// Ids of up to [`UserId::INLINE_LEN`] bytes, which includes every id an
/// [`HmacPolicy`](crate::HmacPolicy) makes with its default settings, are stored inline,
/// so making one does not allocate. Comparison, ordering and hashing are those of the
/// string.
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
#[derive(Clone)]
pub struct UserId(Repr);

/// The inline storage of a [`UserId`], also used by policies for the fixed part of
/// their ids, so that building an id starts with a plain copy.
pub(crate) type InlineId = ArrayString<{ UserId::INLINE_LEN }>;

/// Short ids inline, longer ones on the heap; only `as_str` looks inside.
#[derive(Clone)]
enum Repr {
    Inline(InlineId),
    Heap(Box<str>),
}

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

    /// The longest id in bytes that is stored without a heap allocation.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{HmacPolicy, Key, UserId};
    /// let policy = HmacPolicy::new(Key::from_bytes(&[1u8; 32])?)?;
    /// assert!(policy.output_len() <= UserId::INLINE_LEN);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub const INLINE_LEN: usize = 64;

    /// A policy's id: `head` followed by `body`, inline when it fits.
    #[inline]
    pub(crate) fn from_head_and_body(mut head: InlineId, body: &str) -> UserId {
        let id = match head.try_push_str(body) {
            Ok(()) => UserId(Repr::Inline(head)),
            Err(_) => UserId(Repr::Heap([head.as_str(), body].concat().into_boxed_str())),
        };
        debug_assert!(
            check(id.as_str()).is_ok(),
            "policy produced an invalid user id"
        );
        id
    }

    /// Stores a copy of an id whose invariants hold, inline when it fits.
    fn from_valid(id: &str) -> UserId {
        match ArrayString::from(id) {
            Ok(inline) => UserId(Repr::Inline(inline)),
            Err(_) => UserId(Repr::Heap(id.into())),
        }
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
        Ok(UserId::from_valid(text))
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
        match &self.0 {
            Repr::Inline(id) => id.as_str(),
            Repr::Heap(id) => id,
        }
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
        match self.0 {
            Repr::Inline(id) => id.as_str().to_owned(),
            Repr::Heap(id) => id.into_string(),
        }
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
        self.as_str().len()
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
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("UserId").field(&self.as_str()).finish()
    }
}

impl PartialEq for UserId {
    fn eq(&self, other: &UserId) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for UserId {}

impl Hash for UserId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialOrd for UserId {
    fn partial_cmp(&self, other: &UserId) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for UserId {
    fn cmp(&self, other: &UserId) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Serialize for UserId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl AsRef<str> for UserId {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for UserId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for UserId {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
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
        Ok(UserId::from_valid(&value))
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
        id.into_string()
    }
}

impl<'de> Deserialize<'de> for UserId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        UserId::try_from(text).map_err(serde::de::Error::custom)
    }
}

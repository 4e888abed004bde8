//! The crate's error type.

use std::path::PathBuf;

use crate::rules::Rule;

/// Everything that can go wrong in `idpolicy`.
///
/// No variant ever holds key material or a raw internal id: messages carry lengths,
/// byte offsets, rule codes and names of variables or files only, so an `Error` is
/// safe to log. Each message says what to do about it.
///
/// # Example
/// ```
/// use idpolicy::{Error, Key};
/// let err = Key::from_bytes(&[7u8; 16]).unwrap_err();
/// assert!(matches!(err, Error::KeyTooShort { len: 16 }));
/// assert!(err.to_string().contains("at least 32"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The key has fewer than 32 bytes.
    #[error("key is {len} bytes but at least 32 are required; generate one with `idpolicy keygen`")]
    KeyTooShort {
        /// Length of the rejected key in bytes.
        len: usize,
    },
    /// Hex or base64 key text could not be decoded.
    #[error(
        "key text is not valid {encoding} ({len} characters); check for truncation or stray characters"
    )]
    KeyEncoding {
        /// The expected encoding, `hex` or `base64`.
        encoding: &'static str,
        /// Length of the rejected text in characters.
        len: usize,
    },
    /// The environment variable that should hold the key is missing or not Unicode.
    #[error("environment variable `{name}` holding the key is not set or not valid Unicode")]
    KeyEnv {
        /// Name of the variable.
        name: String,
    },
    /// The key file could not be read.
    #[error("cannot read key file `{}`: {source}", path.display())]
    KeyFile {
        /// Path of the file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A key tag is not 1 to 8 ASCII lowercase letters or digits.
    #[error("key tag must be 1 to 8 ASCII lowercase letters or digits ({len} characters given)")]
    InvalidKeyTag {
        /// Length of the rejected tag in characters.
        len: usize,
    },
    /// A keyring needs at least one key.
    #[error("keyring is empty; add the current key first")]
    EmptyKeyring,
    /// Two keys in a keyring share a tag, so their ids could not be told apart.
    #[error("two keys in the keyring share the tag `{tag}`; give one an explicit tag")]
    DuplicateKeyTag {
        /// The shared tag.
        tag: String,
    },
    /// The internal id is empty (after canonicalization, where the policy canonicalizes).
    #[error("internal id is empty")]
    EmptyId,
    /// The internal id is longer than the policy allows.
    #[error("internal id is {len} bytes, over the limit of {max}; shorten it or raise the limit")]
    IdTooLong {
        /// Length of the id in bytes.
        len: usize,
        /// The limit in bytes.
        max: usize,
    },
    /// The internal id holds a control or invisible character.
    #[error(
        "internal id has a control or invisible character at byte {at}; strip it before deriving an id"
    )]
    ControlChar {
        /// Byte offset of the character.
        at: usize,
    },
    /// The internal id holds whitespace where the policy does not allow it.
    #[error("internal id has whitespace at byte {at}; trim or remove it before deriving an id")]
    Whitespace {
        /// Byte offset of the character.
        at: usize,
    },
    /// The internal id holds a character outside the prefix policy's safe set.
    #[error(
        "internal id has a character outside [A-Za-z0-9._:|-] at byte {at}; use HmacPolicy for free-form ids"
    )]
    UnsafeChar {
        /// Byte offset of the character.
        at: usize,
    },
    /// The validator denied the id.
    #[error("id refused by the validator: {}", codes(rules))]
    Denied {
        /// The rules that fired at deny level.
        rules: Vec<Rule>,
    },
    /// A produced id does not fit a provider field's length limit.
    #[error("user id is {len} characters but `{field}` allows at most {max}")]
    TooLongForField {
        /// The request field.
        field: String,
        /// Length of the user id in characters.
        len: usize,
        /// The field's limit in characters.
        max: usize,
    },
    /// A request body carries an end-user id field that the validator denies.
    ///
    /// Raised by [`Guard`](crate::Guard) just before a request leaves the process; the
    /// message names the field and the rules, never the value.
    #[error(
        "request field `{field}` refused by the validator: {}; derive it with a UserIdPolicy instead of sending the raw value",
        codes(rules)
    )]
    FieldDenied {
        /// The dotted path of the field, e.g. `metadata.user_id`.
        field: String,
        /// The rules that fired at deny level.
        rules: Vec<Rule>,
    },
    /// A request body cannot carry an end-user id where a profile or guard expects one.
    #[error("request body has no usable `{field}`: {reason}")]
    InvalidBody {
        /// The dotted path of the field, or `(body)` for the body itself.
        field: String,
        /// What is wrong, without any value from the body.
        reason: &'static str,
    },
    /// A string is not a valid [`UserId`](crate::UserId).
    #[error("not a valid user id: {reason}")]
    InvalidUserId {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Configuration is invalid.
    #[error("invalid configuration: {0}")]
    Config(String),
}

fn codes(rules: &[Rule]) -> String {
    rules
        .iter()
        .map(|r| r.code())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Removes values a parser may echo back (which might be key material) from its message:
/// every double-quoted part becomes `"…"`, and every back-quoted part that is not a
/// plausible field or variant name (at most 32 letters, `_` or `-`, without a run of
/// 12 or more hex digits; keys have digits, hex runs or are longer) becomes `` `…` ``.
pub(crate) fn redact_quoted(message: &str) -> String {
    scrub_long_tokens(&redact_quotes(message))
}

/// The quote-aware part of [`redact_quoted`].
fn redact_quotes(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find(['"', '`']) {
        let quote = rest[start..].chars().next().unwrap_or('"');
        out.push_str(&rest[..=start]);
        let after = &rest[start + 1..];
        let Some(len) = after.find(quote) else {
            out.push('…');
            return out;
        };
        let inner = &after[..len];
        if quote == '"' || !looks_like_a_name(inner) {
            out.push('…');
        } else {
            out.push_str(inner);
        }
        out.push(quote);
        rest = &after[len + 1..];
    }
    out.push_str(rest);
    out
}

/// Replaces every whitespace-separated token that holds a run of 12 or more hex digits,
/// or is longer than 40 characters, with `…`: a last line of defence for values that
/// escaped the quote parsing (a value may itself contain quote characters).
fn scrub_long_tokens(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for (i, token) in message.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if token.chars().count() > 40 || longest_hex_run(token) >= 12 {
            out.push('…');
        } else {
            out.push_str(token);
        }
    }
    out
}

/// Whether `text` may be shown in an error as a field, rule or variant name: at most
/// 32 letters, `_` or `-`, without a run of 12 or more hex digits. Keys fail this.
pub(crate) fn looks_like_a_name(text: &str) -> bool {
    text.len() <= 32
        && text
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'-')
        && longest_hex_run(text) < 12
}

/// The longest run of ASCII hex digits in `text`.
fn longest_hex_run(text: &str) -> usize {
    text.split(|c: char| !c.is_ascii_hexdigit())
        .map(str::len)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::redact_quoted;

    #[test]
    fn quoted_values_are_redacted() {
        assert_eq!(
            redact_quoted(r#"invalid type: string "s3cret", expected u16 at line 1"#),
            r#"invalid type: string "…", expected u16 at line 1"#
        );
        assert_eq!(redact_quoted("unknown field `kye`"), "unknown field `kye`");
        assert_eq!(
            redact_quoted(&format!(
                "unknown variant `{}`, expected `hmac`",
                "ab".repeat(32)
            )),
            "unknown variant `…`, expected `hmac`"
        );
        assert_eq!(redact_quoted("unterminated \"abc"), "unterminated \"…");
        assert_eq!(
            redact_quoted("unknown variant `hmacbabababababababababa`, expected `hmac`"),
            "unknown variant `…`, expected `hmac`"
        );
        let nested = format!("unknown field ``{}`, expected `levels`", "ab".repeat(12));
        assert!(!redact_quoted(&nested).contains("abababababab"));
        assert_eq!(
            redact_quoted("unknown field `insecure_test_key_hex`"),
            "unknown field `insecure_test_key_hex`"
        );
        assert_eq!(
            redact_quoted("unknown variant `hma0a0b0c08191a1b1c1d1c`, expected `hmac`"),
            "unknown variant `…`, expected `hmac`"
        );
    }
}

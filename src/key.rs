//! Secret keys and keyrings for [`HmacPolicy`](crate::HmacPolicy).

use std::fmt;
use std::path::Path;

use base64::Engine as _;
use zeroize::Zeroizing;

use crate::error::Error;
use crate::policy::hmac_core::HmacSha256;

/// The minimum key length in bytes (256 bits).
///
/// # Example
/// ```
/// assert!(idpolicy::Key::from_bytes(&[0u8; idpolicy::MIN_KEY_LEN]).is_ok());
/// assert!(idpolicy::Key::from_bytes(&[0u8; idpolicy::MIN_KEY_LEN - 1]).is_err());
/// ```
pub const MIN_KEY_LEN: usize = 32;

/// Domain label for the derived key tag.
const TAG_LABEL: &[u8] = b"idpolicy/v1/key-tag";

/// A secret HMAC key of at least 32 bytes.
///
/// A `Key` is never printed (`Debug` shows only its length and tag), never
/// serialized, not `Clone`, and its bytes are zeroized when it is dropped. Build
/// one from raw bytes, hex, base64, an environment variable or a file; generate
/// one with `idpolicy keygen` or any 32 bytes from the operating system's random
/// source.
///
/// # Example
/// ```
/// use idpolicy::Key;
///
/// let key = Key::from_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")?;
/// assert_eq!(key.len(), 32);
/// let printed = format!("{key:?}");
/// assert!(!printed.contains("0001020304"));
/// # Ok::<(), idpolicy::Error>(())
/// ```
pub struct Key {
    bytes: Zeroizing<Vec<u8>>,
    tag: KeyTag,
}

impl Key {
    /// Builds a key from raw bytes, copying them.
    ///
    /// # Errors
    /// [`Error::KeyTooShort`] when `bytes` has fewer than 32 bytes.
    ///
    /// # Example
    /// ```
    /// let key = idpolicy::Key::from_bytes(&[42u8; 32])?;
    /// assert_eq!(key.len(), 32);
    /// assert!(idpolicy::Key::from_bytes(&[42u8; 31]).is_err());
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Key, Error> {
        Key::from_vec(Zeroizing::new(bytes.to_vec()))
    }

    fn from_vec(bytes: Zeroizing<Vec<u8>>) -> Result<Key, Error> {
        if bytes.len() < MIN_KEY_LEN {
            return Err(Error::KeyTooShort { len: bytes.len() });
        }
        let tag = KeyTag::derive(&bytes);
        Ok(Key { bytes, tag })
    }

    /// Builds a key from hex text (either case; surrounding whitespace ignored).
    ///
    /// # Errors
    /// [`Error::KeyEncoding`] when the text is not hex, [`Error::KeyTooShort`] when it
    /// decodes to fewer than 32 bytes.
    ///
    /// # Example
    /// ```
    /// let key = idpolicy::Key::from_hex(&"ab".repeat(32))?;
    /// assert_eq!(key.len(), 32);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn from_hex(text: &str) -> Result<Key, Error> {
        let text = text.trim();
        let mut bytes = Zeroizing::new(vec![0u8; text.len() / 2]);
        hex::decode_to_slice(text, &mut bytes).map_err(|_| Error::KeyEncoding {
            encoding: "hex",
            len: text.chars().count(),
        })?;
        Key::from_vec(bytes)
    }

    /// Builds a key from base64 text: standard or URL-safe alphabet, padded or not
    /// (surrounding whitespace ignored).
    ///
    /// # Errors
    /// [`Error::KeyEncoding`] when the text is not base64, [`Error::KeyTooShort`] when
    /// it decodes to fewer than 32 bytes.
    ///
    /// # Example
    /// ```
    /// let key = idpolicy::Key::from_base64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")?;
    /// assert_eq!(key.len(), 32);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn from_base64(text: &str) -> Result<Key, Error> {
        use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
        let text = text.trim().trim_end_matches('=');
        let engine = if text.contains(['-', '_']) {
            URL_SAFE_NO_PAD
        } else {
            STANDARD_NO_PAD
        };
        let bytes = engine
            .decode(text)
            .map(Zeroizing::new)
            .map_err(|_| Error::KeyEncoding {
                encoding: "base64",
                len: text.chars().count(),
            })?;
        Key::from_vec(bytes)
    }

    /// Builds a key from text that is hex (only hex digits, even length) or else base64.
    ///
    /// # Errors
    /// As [`Key::from_hex`] and [`Key::from_base64`].
    ///
    /// # Example
    /// ```
    /// let hex = idpolicy::Key::from_text(&"0f".repeat(32))?;
    /// let b64 = idpolicy::Key::from_text("Dw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw8=")?;
    /// assert_eq!(hex.tag(), b64.tag()); // the same 32 bytes
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn from_text(text: &str) -> Result<Key, Error> {
        let trimmed = text.trim();
        if trimmed.len().is_multiple_of(2) && trimmed.bytes().all(|b| b.is_ascii_hexdigit()) {
            Key::from_hex(trimmed)
        } else {
            Key::from_base64(trimmed)
        }
    }

    /// Reads a key (hex or base64 text, see [`Key::from_text`]) from an environment variable.
    ///
    /// The variable is read once; the copy made while decoding is zeroized.
    ///
    /// # Errors
    /// [`Error::KeyEnv`] when the variable is unset or not Unicode, and the errors of
    /// [`Key::from_text`].
    ///
    /// # Example
    /// ```
    /// # #[allow(unsafe_code)] unsafe { std::env::set_var("DOC_IDPOLICY_KEY", "ab".repeat(32)) };
    /// let key = idpolicy::Key::from_env("DOC_IDPOLICY_KEY")?;
    /// assert_eq!(key.len(), 32);
    /// assert!(idpolicy::Key::from_env("DOC_IDPOLICY_UNSET").is_err());
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn from_env(name: &str) -> Result<Key, Error> {
        let text = Zeroizing::new(std::env::var(name).map_err(|_| Error::KeyEnv {
            name: name.to_owned(),
        })?);
        Key::from_text(&text)
    }

    /// Reads a key from a file: hex or base64 text (see [`Key::from_text`]), or else
    /// at least 32 raw bytes.
    ///
    /// Use [`Key::file_permission_warning`] to learn whether the file is readable by
    /// anyone but its owner.
    ///
    /// # Errors
    /// [`Error::KeyFile`] when the file cannot be read, and the errors of
    /// [`Key::from_text`] or [`Key::from_bytes`].
    ///
    /// # Example
    /// ```
    /// let path = std::env::temp_dir().join("idpolicy-doc-key.hex");
    /// std::fs::write(&path, "cd".repeat(32) + "\n")?;
    /// let key = idpolicy::Key::from_file(&path)?;
    /// assert_eq!(key.len(), 32);
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_file(path: impl AsRef<Path>) -> Result<Key, Error> {
        let path = path.as_ref();
        let bytes = Zeroizing::new(std::fs::read(path).map_err(|source| Error::KeyFile {
            path: path.to_owned(),
            source,
        })?);
        let is_text = bytes
            .iter()
            .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace());
        match std::str::from_utf8(&bytes) {
            Ok(text) if is_text => Key::from_text(text),
            _ => Key::from_bytes(&bytes),
        }
    }

    /// Whether `path` is readable or writable by its group or others (Unix only), in
    /// which case the caller should warn: key files belong to their owner alone.
    ///
    /// Returns `None` when the permissions are fine or cannot be read, and a
    /// description of the mode otherwise. The library never prints; the CLI warns.
    ///
    /// # Example
    /// ```
    /// let path = std::env::temp_dir().join("idpolicy-doc-perm.hex");
    /// std::fs::write(&path, "cd".repeat(32))?;
    /// # #[cfg(unix)] {
    /// use std::os::unix::fs::PermissionsExt;
    /// std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644))?;
    /// assert!(idpolicy::Key::file_permission_warning(&path).is_some());
    /// std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    /// assert!(idpolicy::Key::file_permission_warning(&path).is_none());
    /// # }
    /// # std::fs::remove_file(&path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn file_permission_warning(path: impl AsRef<Path>) -> Option<String> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path.as_ref()).ok()?.permissions().mode();
            (mode & 0o077 != 0).then(|| {
                format!(
                    "key file `{}` has mode {:o}: readable by others than its owner; run `chmod 600` on it",
                    path.as_ref().display(),
                    mode & 0o777
                )
            })
        }
        #[cfg(not(unix))]
        {
            let _ = path;
            None
        }
    }

    /// Replaces the derived tag with an explicit one, e.g. `v2`.
    ///
    /// # Errors
    /// [`Error::InvalidKeyTag`] unless `tag` is 1 to 8 ASCII lowercase letters or digits.
    ///
    /// # Example
    /// ```
    /// let key = idpolicy::Key::from_bytes(&[1u8; 32])?.with_tag("v2")?;
    /// assert_eq!(key.tag().as_str(), "v2");
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn with_tag(mut self, tag: &str) -> Result<Key, Error> {
        self.tag = KeyTag::new(tag)?;
        Ok(self)
    }

    /// The key's length in bytes.
    ///
    /// # Example
    /// ```
    /// let key = idpolicy::Key::from_bytes(&[5u8; 48])?;
    /// assert_eq!(key.len(), 48);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    #[allow(clippy::len_without_is_empty)] // a key is never empty
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// The short public tag that marks ids made under this key.
    ///
    /// By default it is `k` followed by four hex digits taken from an HMAC of a fixed
    /// label under the key, so it identifies the key without revealing anything about it.
    ///
    /// # Example
    /// ```
    /// let key = idpolicy::Key::from_bytes(&[5u8; 32])?;
    /// let tag = key.tag().as_str();
    /// assert!(tag.starts_with('k') && tag.len() == 5);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn tag(&self) -> &KeyTag {
        &self.tag
    }

    /// The key bytes. The one place key material is read, so every use can be found.
    pub(crate) fn expose_secret(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key")
            .field("len", &self.bytes.len())
            .field("tag", &self.tag.as_str())
            .finish_non_exhaustive()
    }
}

/// The public tag that marks which key made an id: 1 to 8 ASCII lowercase letters or digits.
///
/// # Example
/// ```
/// let tag = idpolicy::KeyTag::new("v1")?;
/// assert_eq!(tag.to_string(), "v1");
/// assert!(idpolicy::KeyTag::new("Not OK").is_err());
/// # Ok::<(), idpolicy::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyTag(String);

impl KeyTag {
    /// The longest tag in characters.
    ///
    /// # Example
    /// ```
    /// assert!(idpolicy::KeyTag::new(&"a".repeat(idpolicy::KeyTag::MAX_LEN)).is_ok());
    /// assert!(idpolicy::KeyTag::new(&"a".repeat(idpolicy::KeyTag::MAX_LEN + 1)).is_err());
    /// ```
    pub const MAX_LEN: usize = 8;

    /// A tag from text.
    ///
    /// # Errors
    /// [`Error::InvalidKeyTag`] unless `tag` is 1 to 8 ASCII lowercase letters or digits.
    ///
    /// # Example
    /// ```
    /// use idpolicy::KeyTag;
    ///
    /// assert_eq!(KeyTag::new("2025q1")?.as_str(), "2025q1");
    /// assert!(KeyTag::new("").is_err());
    /// assert!(KeyTag::new("V1").is_err()); // uppercase
    /// assert!(KeyTag::new("key-one").is_err()); // punctuation
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn new(tag: &str) -> Result<KeyTag, Error> {
        let valid = (1..=Self::MAX_LEN).contains(&tag.len())
            && tag
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if valid {
            Ok(KeyTag(tag.to_owned()))
        } else {
            Err(Error::InvalidKeyTag {
                len: tag.chars().count(),
            })
        }
    }

    fn derive(key: &[u8]) -> KeyTag {
        let mac = HmacSha256::new(key).mac(TAG_LABEL);
        let mut tag = String::with_capacity(5);
        tag.push('k');
        tag.push_str(&hex::encode(&mac[..2]));
        KeyTag(tag)
    }

    /// The tag text.
    ///
    /// # Example
    /// ```
    /// assert_eq!(idpolicy::KeyTag::new("v2")?.as_str(), "v2");
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KeyTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The current key and any previous keys still accepted during a migration.
///
/// [`HmacPolicy`](crate::HmacPolicy) produces ids under the current key; during a
/// rotation window it can also produce the ids under previous keys
/// ([`HmacPolicy::user_ids_all`](crate::HmacPolicy::user_ids_all)) and
/// [`verify`](crate::HmacPolicy::verify) accepts ids made under any key in the ring.
///
/// # Example
/// ```
/// use idpolicy::{Key, Keyring};
///
/// let ring = Keyring::new(Key::from_bytes(&[2u8; 32])?)
///     .with_previous(Key::from_bytes(&[1u8; 32])?)?;
/// assert_eq!(ring.len(), 2);
/// # Ok::<(), idpolicy::Error>(())
/// ```
#[derive(Debug)]
pub struct Keyring {
    keys: Vec<Key>,
}

impl Keyring {
    /// A ring holding only the current key.
    ///
    /// # Example
    /// ```
    /// let ring = idpolicy::Keyring::new(idpolicy::Key::from_bytes(&[2u8; 32])?);
    /// assert_eq!(ring.len(), 1);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn new(current: Key) -> Keyring {
        Keyring {
            keys: vec![current],
        }
    }

    /// Adds a previous key, accepted by `verify` but not used for new ids.
    ///
    /// # Errors
    /// [`Error::DuplicateKeyTag`] when the key's tag is already in the ring.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Key, Keyring};
    /// let ring = Keyring::new(Key::from_bytes(&[2u8; 32])?);
    /// assert!(ring.with_previous(Key::from_bytes(&[2u8; 32])?).is_err()); // same tag
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn with_previous(mut self, key: Key) -> Result<Keyring, Error> {
        if self.keys.iter().any(|k| k.tag == key.tag) {
            return Err(Error::DuplicateKeyTag {
                tag: key.tag.0.clone(),
            });
        }
        self.keys.push(key);
        Ok(self)
    }

    /// The current key.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Key, Keyring};
    /// let ring = Keyring::new(Key::from_bytes(&[2u8; 32])?.with_tag("v2")?)
    ///     .with_previous(Key::from_bytes(&[1u8; 32])?.with_tag("v1")?)?;
    /// assert_eq!(ring.current().tag().as_str(), "v2");
    /// let tags: Vec<&str> = ring.keys().iter().map(|k| k.tag().as_str()).collect();
    /// assert_eq!(tags, ["v2", "v1"]);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn current(&self) -> &Key {
        &self.keys[0]
    }

    /// Every key, current first.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Key, Keyring};
    ///
    /// let ring = Keyring::new(Key::from_bytes(&[3u8; 32])?.with_tag("new")?)
    ///     .with_previous(Key::from_bytes(&[2u8; 32])?.with_tag("mid")?)?
    ///     .with_previous(Key::from_bytes(&[1u8; 32])?.with_tag("old")?)?;
    /// let tags: Vec<&str> = ring.keys().iter().map(|k| k.tag().as_str()).collect();
    /// assert_eq!(tags, ["new", "mid", "old"]);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn keys(&self) -> &[Key] {
        &self.keys
    }

    /// The number of keys.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Key, Keyring};
    ///
    /// let ring = Keyring::new(Key::from_bytes(&[2u8; 32])?);
    /// assert_eq!(ring.len(), 1);
    /// let ring = ring.with_previous(Key::from_bytes(&[1u8; 32])?)?;
    /// assert_eq!(ring.len(), 2);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    #[allow(clippy::len_without_is_empty)] // a keyring always holds its current key
    pub fn len(&self) -> usize {
        self.keys.len()
    }
}

impl From<Key> for Keyring {
    fn from(key: Key) -> Keyring {
        Keyring::new(key)
    }
}

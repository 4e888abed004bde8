//! The keyed, anonymizing HMAC-SHA256 policy.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::Mac;
use serde::{Deserialize, Serialize};
use subtle::{Choice, ConstantTimeEq};

use super::UserIdPolicy;
use super::hmac_core::{HmacSha256, ONE_BLOCK_MAX};
use crate::canonical::Canonicalization;
use crate::error::Error;
use crate::key::{KeyTag, Keyring};
use crate::user_id::{InlineId, UserId};

/// Domain label of the per-context key derivation.
const CONTEXT_LABEL: &[u8] = b"idpolicy/v1/context";

/// The default truncation in bits.
///
/// # Example
/// ```
/// let policy = idpolicy::HmacPolicy::new(idpolicy::Key::from_bytes(&[1u8; 32])?)?;
/// assert_eq!(policy.output_len(), 6 + usize::from(idpolicy::DEFAULT_BITS) / 4);
/// # Ok::<(), idpolicy::Error>(())
/// ```
pub const DEFAULT_BITS: u16 = 128;

/// The default limit on an internal id, in bytes, before canonicalization.
const DEFAULT_MAX_INPUT_LEN: usize = 64 * 1024;

/// How the truncated MAC is written.
///
/// # Example
/// ```
/// use idpolicy::Encoding;
/// assert_eq!(Encoding::Hex.encoded_len(16), 32);
/// assert_eq!(Encoding::Base64Url.encoded_len(16), 22);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// Lowercase hexadecimal, two characters per byte.
    #[default]
    Hex,
    /// Unpadded base64url (RFC 4648 §5), four characters per three bytes.
    Base64Url,
}

impl Encoding {
    /// Length of `bytes` bytes in this encoding.
    ///
    /// # Example
    /// ```
    /// use idpolicy::Encoding;
    /// assert_eq!(Encoding::Hex.encoded_len(32), 64);
    /// assert_eq!(Encoding::Base64Url.encoded_len(32), 43);
    /// ```
    pub const fn encoded_len(self, bytes: usize) -> usize {
        match self {
            Encoding::Hex => bytes * 2,
            Encoding::Base64Url => (bytes * 4).div_ceil(3),
        }
    }

    /// Writes `bytes` encoded into `buffer`, returning the text.
    ///
    /// Hex goes through `base16ct`, whose encoder has no secret-indexed table
    /// lookups (the MAC is compared against in [`HmacPolicy::verify`]) and hands
    /// back `&str` without a second UTF-8 validation pass; it measured about three
    /// times faster than a byte-pair table plus `str::from_utf8`.
    #[inline]
    fn encode<'b>(self, bytes: &[u8], buffer: &'b mut [u8; 64]) -> &'b str {
        match self {
            Encoding::Hex => base16ct::lower::encode_str(bytes, &mut buffer[..])
                .unwrap_or_else(|_| unreachable!("32 bytes fit 64 hex digits")),
            Encoding::Base64Url => {
                let len = URL_SAFE_NO_PAD
                    .encode_slice(bytes, &mut buffer[..])
                    .unwrap_or_else(|_| unreachable!("32 bytes fit 64 characters"));
                // The alphabet is ASCII, so this never fails.
                std::str::from_utf8(&buffer[..len]).unwrap_or_default()
            }
        }
    }
}

/// One key of the ring, with its context-derived MAC state.
struct DerivedKey {
    tag: KeyTag,
    /// `prefix || tag || "_"`, the part of every id before the MAC (at most 41
    /// bytes, so it always fits inline).
    head: InlineId,
    mac: HmacSha256,
}

/// Keyed anonymization: `{prefix}{key tag}_{encoded truncated HMAC-SHA256}`.
///
/// The MAC is HMAC-SHA256 of the [canonicalized](Canonicalization) internal id under a
/// key derived from the secret key and the optional context:
///
/// ```text
/// context_key = HMAC-SHA256(key, "idpolicy/v1/context" || u64be(len(context)) || context)
/// mac         = HMAC-SHA256(context_key, canonical(internal_id))[..bits/8]
/// user_id     = prefix || tag || "_" || encode(mac)
/// ```
///
/// The length prefix makes the framing unambiguous, so `("ab", "c")` and `("a", "bc")`
/// never collide, and ids under different contexts (apps, tenants, environments) are
/// unlinkable. The tag (by default `k` + 4 hex digits derived from the key, see
/// [`Key::tag`](crate::Key::tag)) tells which key made an id during a rotation.
///
/// # Output and collisions
///
/// The default is 128 bits in hex with a derived tag, 38 characters
/// (`k1a2b_` + 32 hex digits): it fits OpenAI's 64-character `safety_identifier` as
/// well as OpenRouter's `user`. Truncation goes from 64 to 256 bits in 8-bit steps.
/// By the birthday bound, the probability that any two of `n` users share a
/// `b`-bit id is about `n² / 2^(b+1)`: for the 128-bit default that is
/// **1.5 × 10⁻²⁷ for 10⁶ users and 1.5 × 10⁻²¹ for 10⁹ users**. At 64 bits it is
/// 2.7 × 10⁻⁸ and 2.7 × 10⁻² respectively, too high for large user bases.
///
/// # Stability
///
/// Outputs for a given key, context, options and input never change across versions
/// of this crate: golden vectors in `tests/golden/` pin them.
///
/// # Example
/// ```
/// use idpolicy::{Encoding, HmacPolicy, Key, UserIdPolicy};
///
/// let key = Key::from_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")?;
/// let policy = HmacPolicy::builder(key)
///     .context("prod")
///     .encoding(Encoding::Base64Url)
///     .build()?;
/// let id = policy.user_id("customer-42")?;
/// assert!(id.as_str().starts_with(policy.current_tag().as_str()));
/// assert!(policy.verify("customer-42", id.as_str()));
/// assert!(!policy.verify("customer-43", id.as_str()));
/// # Ok::<(), idpolicy::Error>(())
/// ```
pub struct HmacPolicy {
    keys: Vec<DerivedKey>,
    context: Option<String>,
    prefix: String,
    encoding: Encoding,
    bytes: usize,
    canonicalization: Canonicalization,
    max_input_len: usize,
}

impl fmt::Debug for HmacPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tags: Vec<&str> = self.keys.iter().map(|k| k.tag.as_str()).collect();
        f.debug_struct("HmacPolicy")
            .field("tags", &tags)
            .field("context", &self.context)
            .field("prefix", &self.prefix)
            .field("encoding", &self.encoding)
            .field("bits", &(self.bytes * 8))
            .field("canonicalization", &self.canonicalization)
            .finish_non_exhaustive()
    }
}

impl HmacPolicy {
    /// A policy with every option at its default: no context, no prefix, hex, 128 bits,
    /// trim + NFC canonicalization.
    ///
    /// # Errors
    /// None in practice; the signature matches [`HmacPolicyBuilder::build`].
    ///
    /// # Example
    /// ```
    /// use idpolicy::{HmacPolicy, Key, UserIdPolicy};
    /// let policy = HmacPolicy::new(Key::from_bytes(&[1u8; 32])?)?;
    /// assert_eq!(policy.user_id("42")?.len(), 38);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn new(keyring: impl Into<Keyring>) -> Result<HmacPolicy, Error> {
        HmacPolicy::builder(keyring).build()
    }

    /// Starts configuring a policy.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{HmacPolicy, Key};
    /// let policy = HmacPolicy::builder(Key::from_bytes(&[1u8; 32])?).bits(256).build()?;
    /// assert_eq!(policy.output_len(), 6 + 64);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn builder(keyring: impl Into<Keyring>) -> HmacPolicyBuilder {
        HmacPolicyBuilder {
            keyring: keyring.into(),
            context: None,
            prefix: String::new(),
            encoding: Encoding::Hex,
            bits: DEFAULT_BITS,
            canonicalization: Canonicalization::default(),
            max_input_len: DEFAULT_MAX_INPUT_LEN,
        }
    }

    /// The tag of the current key, which starts every new id (after the prefix).
    ///
    /// # Example
    /// ```
    /// use idpolicy::{HmacPolicy, Key, UserIdPolicy};
    /// let policy = HmacPolicy::new(Key::from_bytes(&[1u8; 32])?.with_tag("v3")?)?;
    /// assert_eq!(policy.current_tag().as_str(), "v3");
    /// assert!(policy.user_id("42")?.as_str().starts_with("v3_"));
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn current_tag(&self) -> &KeyTag {
        &self.keys[0].tag
    }

    /// The length of every id this policy produces, in characters.
    ///
    /// # Example
    /// ```
    /// let policy = idpolicy::HmacPolicy::new(idpolicy::Key::from_bytes(&[1u8; 32])?)?;
    /// assert_eq!(policy.output_len(), 38);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    #[inline]
    pub fn output_len(&self) -> usize {
        self.keys[0].head.len() + self.encoding.encoded_len(self.bytes)
    }

    /// The ids of `internal_id` under every key of the ring, current first, for a
    /// migration window in which stored ids made under previous keys must still match.
    ///
    /// # Errors
    /// As [`UserIdPolicy::user_id`].
    ///
    /// # Example
    /// ```
    /// use idpolicy::{HmacPolicy, Key, Keyring, UserIdPolicy};
    /// let old = HmacPolicy::new(Key::from_bytes(&[1u8; 32])?)?;
    /// let ring = Keyring::new(Key::from_bytes(&[2u8; 32])?).with_previous(Key::from_bytes(&[1u8; 32])?)?;
    /// let rotated = HmacPolicy::new(ring)?;
    /// let all = rotated.user_ids_all("42")?;
    /// assert_eq!(all[0], rotated.user_id("42")?);
    /// assert_eq!(all[1], old.user_id("42")?);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn user_ids_all(&self, internal_id: &str) -> Result<Vec<UserId>, Error> {
        let mut mac = [0u8; 32];
        (0..self.keys.len())
            .map(|i| {
                self.mac_with(i, internal_id, &mut mac, || ())?;
                let head = self.keys[i].head;
                Ok(UserId::from_head_and_body(
                    head,
                    self.body(&mac, &mut [0u8; 64]),
                ))
            })
            .collect()
    }

    /// Whether `user_id` is the id of `internal_id` under any key of the ring.
    ///
    /// Every key is tried and each comparison runs in constant time (`subtle`), so the
    /// timing does not reveal how much of a guess matched or which key did.
    /// Returns `false` for ids this policy cannot produce (including invalid input).
    ///
    /// # Example
    /// ```
    /// use idpolicy::{HmacPolicy, Key, UserIdPolicy};
    /// let policy = HmacPolicy::new(Key::from_bytes(&[3u8; 32])?)?;
    /// let id = policy.user_id("42")?;
    /// assert!(policy.verify("42", id.as_str()));
    /// assert!(!policy.verify("43", id.as_str()));
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn verify(&self, internal_id: &str, user_id: &str) -> bool {
        let mut matched = Choice::from(0);
        let mut mac = [0u8; 32];
        let mut buffer = [0u8; 64];
        for i in 0..self.keys.len() {
            if self.mac_with(i, internal_id, &mut mac, || ()).is_err() {
                return false;
            }
            let (head, body) = (&self.keys[i].head, self.body(&mac, &mut buffer));
            // Lengths are public (every id of a key has the same one); the bytes are
            // compared in constant time, head and MAC part each against its own span.
            let (given_head, given_body) =
                user_id.as_bytes().split_at(head.len().min(user_id.len()));
            matched |= given_head.ct_eq(head.as_bytes()) & given_body.ct_eq(body.as_bytes());
        }
        matched.into()
    }

    /// Computes the full MAC of the canonical `internal_id` under key `i`, calling
    /// `meanwhile` once if and only if it succeeds.
    ///
    /// Inlined into the public methods, so the common case (an ASCII id of at most 55
    /// bytes) runs without calls between the checks, the two compressions and the
    /// encoding; everything else goes through [`HmacPolicy::mac_general`]. In the
    /// common case `meanwhile` runs between the two compressions, where the
    /// processor has spare capacity: callers pass it work that does not need the MAC.
    #[inline]
    fn mac_with(
        &self,
        i: usize,
        internal_id: &str,
        mac: &mut [u8; 32],
        mut meanwhile: impl FnMut(),
    ) -> Result<(), Error> {
        if internal_id.len() > self.max_input_len {
            return Err(Error::IdTooLong {
                len: internal_id.len(),
                max: self.max_input_len,
            });
        }
        let key = &self.keys[i].mac;
        let id = self.canonicalization.trimmed(internal_id);
        if id.len() <= ONE_BLOCK_MAX
            && !id.is_empty()
            && let Some(one_block) = key.mac_ascii_one_block(
                id.as_bytes(),
                self.canonicalization.case_fold,
                &mut meanwhile,
            )
        {
            *mac = one_block;
            return Ok(());
        }
        self.mac_general(key, id, mac)?;
        meanwhile();
        Ok(())
    }

    /// The MAC of a trimmed id that is empty, longer than one block or not ASCII.
    #[inline(never)]
    fn mac_general(&self, key: &HmacSha256, id: &str, mac: &mut [u8; 32]) -> Result<(), Error> {
        if id.is_empty() {
            return Err(Error::EmptyId);
        }
        if !self.canonicalization.needs_chars(id) {
            *mac = key.mac(id.as_bytes());
            return Ok(());
        }
        let mut streaming = key.streaming();
        let mut utf8 = [0u8; 4];
        self.canonicalization.for_each_char(id, |c| {
            streaming.update(c.encode_utf8(&mut utf8).as_bytes())
        });
        *mac = streaming.finalize().into_bytes().into();
        Ok(())
    }

    /// The encoded truncated MAC, the part of an id after its head, in `buffer`.
    #[inline]
    fn body<'b>(&self, mac: &[u8; 32], buffer: &'b mut [u8; 64]) -> &'b str {
        self.encoding.encode(&mac[..self.bytes], buffer)
    }
}

impl UserIdPolicy for HmacPolicy {
    #[inline]
    fn write_user_id(&self, internal_id: &str, out: &mut String) -> Result<(), Error> {
        let mut mac = [0u8; 32];
        let head = &self.keys[0].head;
        // The head does not depend on the MAC: append it while the MAC is computed.
        self.mac_with(0, internal_id, &mut mac, || {
            out.reserve(self.output_len());
            out.push_str(head);
        })?;
        out.push_str(self.body(&mac, &mut [0u8; 64]));
        Ok(())
    }

    #[inline]
    fn user_id(&self, internal_id: &str) -> Result<UserId, Error> {
        let mut mac = [0u8; 32];
        // The head does not depend on the MAC: copy it while the MAC is computed.
        let mut head = InlineId::new();
        self.mac_with(0, internal_id, &mut mac, || head = self.keys[0].head)?;
        Ok(UserId::from_head_and_body(
            head,
            self.body(&mac, &mut [0u8; 64]),
        ))
    }
}

/// Configures an [`HmacPolicy`]; start with [`HmacPolicy::builder`].
///
/// # Example
/// ```
/// use idpolicy::{Canonicalization, Encoding, HmacPolicy, Key, UserIdPolicy};
///
/// let policy = HmacPolicy::builder(Key::from_bytes(&[9u8; 32])?)
///     .context("tenant-7")
///     .prefix("u_")
///     .encoding(Encoding::Base64Url)
///     .bits(96)
///     .canonicalization(Canonicalization { case_fold: true, ..Default::default() })
///     .build()?;
/// assert_eq!(policy.user_id(" Bob@Example.com")?, policy.user_id("bob@example.com")?);
/// assert!(policy.user_id("x")?.as_str().starts_with("u_k"));
/// # Ok::<(), idpolicy::Error>(())
/// ```
#[derive(Debug)]
#[must_use]
pub struct HmacPolicyBuilder {
    keyring: Keyring,
    context: Option<String>,
    prefix: String,
    encoding: Encoding,
    bits: u16,
    canonicalization: Canonicalization,
    max_input_len: usize,
}

impl HmacPolicyBuilder {
    /// Domain separation: the same internal id gives unlinkable ids in different
    /// contexts (app, tenant, environment). An empty context is the same as none.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{HmacPolicy, Key, UserIdPolicy};
    /// let key = || Key::from_bytes(&[7u8; 32]);
    /// let prod = HmacPolicy::builder(key()?).context("prod").build()?;
    /// let staging = HmacPolicy::builder(key()?).context("staging").build()?;
    /// assert_ne!(prod.user_id("42")?, staging.user_id("42")?);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn context(mut self, context: &str) -> Self {
        self.context = (!context.is_empty()).then(|| context.to_owned());
        self
    }

    /// A readable prefix before the tag, e.g. `u_` (at most 32 characters from
    /// `[A-Za-z0-9._:-]`).
    ///
    /// # Example
    /// ```
    /// use idpolicy::{HmacPolicy, Key, UserIdPolicy};
    /// let policy = HmacPolicy::builder(Key::from_bytes(&[7u8; 32])?).prefix("u_").build()?;
    /// assert!(policy.user_id("42")?.as_str().starts_with("u_k"));
    /// assert!(HmacPolicy::builder(Key::from_bytes(&[7u8; 32])?).prefix("a b").build().is_err());
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn prefix(mut self, prefix: &str) -> Self {
        prefix.clone_into(&mut self.prefix);
        self
    }

    /// The output encoding (default [`Encoding::Hex`]).
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Encoding, HmacPolicy, Key, UserIdPolicy};
    /// let policy = HmacPolicy::builder(Key::from_bytes(&[7u8; 32])?)
    ///     .encoding(Encoding::Base64Url)
    ///     .build()?;
    /// let id = policy.user_id("42")?;
    /// let mac = id.as_str().split_once('_').map(|(_, mac)| mac).unwrap_or_default();
    /// assert_eq!(mac.len(), 22);
    /// assert!(mac.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn encoding(mut self, encoding: Encoding) -> Self {
        self.encoding = encoding;
        self
    }

    /// Truncation of the MAC in bits: 64 to 256 in steps of 8 (default 128).
    ///
    /// # Example
    /// ```
    /// use idpolicy::{HmacPolicy, Key};
    /// let key = || Key::from_bytes(&[7u8; 32]);
    /// assert_eq!(HmacPolicy::builder(key()?).bits(256).build()?.output_len(), 6 + 64);
    /// assert!(HmacPolicy::builder(key()?).bits(60).build().is_err());
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn bits(mut self, bits: u16) -> Self {
        self.bits = bits;
        self
    }

    /// Canonicalization before hashing (default: trim and NFC, no case folding).
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Canonicalization, HmacPolicy, Key, UserIdPolicy};
    /// let exact = Canonicalization { trim: false, nfc: false, case_fold: false };
    /// let policy = HmacPolicy::builder(Key::from_bytes(&[7u8; 32])?)
    ///     .canonicalization(exact)
    ///     .build()?;
    /// assert_ne!(policy.user_id("bob")?, policy.user_id(" bob")?);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn canonicalization(mut self, canonicalization: Canonicalization) -> Self {
        self.canonicalization = canonicalization;
        self
    }

    /// The longest internal id accepted, in bytes (default 64 KiB).
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Error, HmacPolicy, Key, UserIdPolicy};
    /// let policy = HmacPolicy::builder(Key::from_bytes(&[7u8; 32])?).max_input_len(8).build()?;
    /// assert!(policy.user_id("12345678").is_ok());
    /// assert!(matches!(policy.user_id("123456789"), Err(Error::IdTooLong { len: 9, max: 8 })));
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn max_input_len(mut self, max: usize) -> Self {
        self.max_input_len = max.max(1);
        self
    }

    /// Builds the policy, deriving each key's context key once.
    ///
    /// # Errors
    /// [`Error::Config`] when `bits` is not a multiple of 8 in 64..=256 or the prefix
    /// is too long or holds other characters than `[A-Za-z0-9._:-]`.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{HmacPolicy, Key, UserIdPolicy};
    /// let policy = HmacPolicy::builder(Key::from_bytes(&[7u8; 32])?).bits(64).build()?;
    /// assert_eq!(policy.user_id("42")?.as_str().len(), policy.output_len());
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn build(self) -> Result<HmacPolicy, Error> {
        if !(64..=256).contains(&self.bits) || !self.bits.is_multiple_of(8) {
            return Err(Error::Config(format!(
                "bits must be a multiple of 8 from 64 to 256, got {}",
                self.bits
            )));
        }
        let prefix_ok = self.prefix.len() <= 32
            && self
                .prefix
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b':'));
        if !prefix_ok {
            return Err(Error::Config(
                "prefix must be at most 32 characters from [A-Za-z0-9._:-]".into(),
            ));
        }
        let context = self.context.as_deref().unwrap_or("");
        let mut label = Vec::with_capacity(CONTEXT_LABEL.len() + 8 + context.len());
        label.extend_from_slice(CONTEXT_LABEL);
        label.extend_from_slice(&(context.len() as u64).to_be_bytes());
        label.extend_from_slice(context.as_bytes());
        let keys = self
            .keyring
            .keys()
            .iter()
            .map(|key| {
                // At most 32 + 8 + 1 bytes (checked above and by `KeyTag`).
                let mut head = InlineId::new();
                for part in [self.prefix.as_str(), key.tag().as_str(), "_"] {
                    head.try_push_str(part).map_err(|_| {
                        Error::Config("prefix and key tag are too long together".into())
                    })?;
                }
                let mut derived = HmacSha256::new(key.expose_secret()).mac(&label);
                let mac = HmacSha256::new(&derived);
                zeroize::Zeroize::zeroize(&mut derived);
                Ok(DerivedKey {
                    tag: key.tag().clone(),
                    head,
                    mac,
                })
            })
            .collect::<Result<_, Error>>()?;
        Ok(HmacPolicy {
            keys,
            context: self.context,
            prefix: self.prefix,
            encoding: self.encoding,
            bytes: usize::from(self.bits / 8),
            canonicalization: self.canonicalization,
            max_input_len: self.max_input_len,
        })
    }
}

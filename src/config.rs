//! Policies described in serde data (JSON or TOML).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::canonical::Canonicalization;
use crate::error::{Error, redact_quoted};
use crate::key::{Key, Keyring};
use crate::policy::{Encoding, HmacPolicy, Passthrough, PrefixPolicy, UserIdPolicy};
use crate::validator::{Validator, ValidatorConfig};

/// A policy described as data, built with [`PolicyConfig::build`].
///
/// ```json
/// {"kind": "hmac", "key_env": "IDPOLICY_KEY", "context": "prod", "encoding": "base64url", "bits": 128}
/// {"kind": "prefix", "prefix": "app_", "lint": {}}
/// {"kind": "passthrough", "max_length": 64}
/// ```
///
/// Keys are named by where they live (`key_env`, `key_file`), never written into the
/// configuration, except through the field `insecure_test_key_hex`, which exists for
/// tests and examples only. Unknown fields are errors, so a typo cannot silently
/// change every id.
///
/// # Example
/// ```
/// use idpolicy::{PolicyConfig, UserIdPolicy};
///
/// # #[allow(unsafe_code)] unsafe { std::env::set_var("DOC_CONFIG_KEY", "ab".repeat(32)) };
/// let config = PolicyConfig::from_json(
///     r#"{"kind":"hmac","key_env":"DOC_CONFIG_KEY","context":"prod","encoding":"base64url","bits":128}"#,
/// )?;
/// let policy = config.build()?;
/// assert_eq!(policy.user_id("42")?, config.build()?.user_id("42")?);
/// # Ok::<(), idpolicy::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum PolicyConfig {
    /// [`HmacPolicy`].
    Hmac(HmacConfig),
    /// [`PrefixPolicy`].
    Prefix(PrefixConfig),
    /// [`Passthrough`].
    Passthrough(PassthroughConfig),
}

/// Where a key comes from. Exactly one source must be set.
///
/// `Debug` redacts `insecure_test_key_hex`.
///
/// # Example
/// ```
/// use idpolicy::KeySource;
///
/// let source: KeySource =
///     serde_json::from_str(r#"{"insecure_test_key_hex": "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f", "key_tag": "v1"}"#)?;
/// assert_eq!(source.load()?.tag().as_str(), "v1");
/// assert!(!format!("{source:?}").contains("0f0f0f"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KeySource {
    /// Name of an environment variable holding hex or base64 key text.
    pub key_env: Option<String>,
    /// Path of a file holding hex or base64 key text, or raw key bytes.
    pub key_file: Option<PathBuf>,
    /// **For tests and examples only**: the key itself, in hex. Never use it for a
    /// real key; configuration files end up in repositories and logs.
    pub insecure_test_key_hex: Option<String>,
    /// An explicit key tag (default: derived from the key).
    pub key_tag: Option<String>,
}

impl KeySource {
    /// Loads the key this source names.
    ///
    /// # Errors
    /// [`Error::Config`] unless exactly one source is set, and the errors of
    /// [`Key::from_env`], [`Key::from_file`], [`Key::from_hex`] and [`Key::with_tag`].
    ///
    /// # Example
    /// ```
    /// use idpolicy::KeySource;
    ///
    /// let source = KeySource {
    ///     insecure_test_key_hex: Some("ab".repeat(32)),
    ///     ..KeySource::default()
    /// };
    /// assert_eq!(source.load()?.len(), 32);
    /// assert!(KeySource::default().load().is_err()); // no source set
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn load(&self) -> Result<Key, Error> {
        let key = match (&self.key_env, &self.key_file, &self.insecure_test_key_hex) {
            (Some(name), None, None) => Key::from_env(name)?,
            (None, Some(path), None) => Key::from_file(path)?,
            (None, None, Some(hex)) => Key::from_hex(hex)?,
            (None, None, None) => {
                return Err(Error::Config(
                    "no key: set key_env or key_file (there is no built-in key)".into(),
                ));
            }
            _ => {
                return Err(Error::Config(
                    "set only one of key_env, key_file and insecure_test_key_hex".into(),
                ));
            }
        };
        match &self.key_tag {
            Some(tag) => key.with_tag(tag),
            None => Ok(key),
        }
    }
}

/// Configuration of an [`HmacPolicy`].
///
/// `Debug` redacts `insecure_test_key_hex`.
///
/// # Example
/// ```
/// use idpolicy::{HmacConfig, UserIdPolicy};
///
/// let config: HmacConfig = serde_json::from_str(
///     r#"{"insecure_test_key_hex": "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f", "prefix": "u_", "bits": 64}"#,
/// )?;
/// assert_eq!(config.bits, Some(64));
/// let id = config.build()?.user_id("customer-42")?;
/// assert!(id.as_str().starts_with("u_"));
/// assert!(!format!("{config:?}").contains("0f0f0f"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HmacConfig {
    /// See [`KeySource::key_env`].
    pub key_env: Option<String>,
    /// See [`KeySource::key_file`].
    pub key_file: Option<PathBuf>,
    /// See [`KeySource::insecure_test_key_hex`]: tests only.
    pub insecure_test_key_hex: Option<String>,
    /// See [`KeySource::key_tag`].
    pub key_tag: Option<String>,
    /// Previous keys, still accepted by `verify` during a rotation.
    pub previous_keys: Vec<KeySource>,
    /// Domain-separation context.
    pub context: Option<String>,
    /// Prefix before the key tag.
    pub prefix: Option<String>,
    /// Output encoding (default hex).
    pub encoding: Encoding,
    /// Truncation in bits (default 128).
    pub bits: Option<u16>,
    /// Canonicalization steps (default trim + NFC).
    pub canonicalization: Canonicalization,
}

impl HmacConfig {
    /// Loads the keys and builds the policy.
    ///
    /// # Errors
    /// The errors of [`KeySource::load`], [`Keyring::with_previous`] and
    /// [`HmacPolicyBuilder::build`](crate::HmacPolicyBuilder::build).
    ///
    /// # Example
    /// ```
    /// use idpolicy::{HmacConfig, KeySource};
    ///
    /// let config = HmacConfig {
    ///     insecure_test_key_hex: Some("02".repeat(32)),
    ///     previous_keys: vec![KeySource {
    ///         insecure_test_key_hex: Some("01".repeat(32)),
    ///         ..KeySource::default()
    ///     }],
    ///     context: Some("prod".into()),
    ///     ..HmacConfig::default()
    /// };
    /// let policy = config.build()?;
    /// assert_eq!(policy.user_ids_all("customer-42")?.len(), 2); // current and previous key
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn build(&self) -> Result<HmacPolicy, Error> {
        let current = KeySource {
            key_env: self.key_env.clone(),
            key_file: self.key_file.clone(),
            insecure_test_key_hex: self.insecure_test_key_hex.clone(),
            key_tag: self.key_tag.clone(),
        }
        .load()?;
        let mut ring = Keyring::new(current);
        for previous in &self.previous_keys {
            ring = ring.with_previous(previous.load()?)?;
        }
        let mut builder = HmacPolicy::builder(ring)
            .encoding(self.encoding)
            .bits(self.bits.unwrap_or(crate::policy::DEFAULT_BITS))
            .canonicalization(self.canonicalization);
        if let Some(context) = &self.context {
            builder = builder.context(context);
        }
        if let Some(prefix) = &self.prefix {
            builder = builder.prefix(prefix);
        }
        builder.build()
    }
}

/// Configuration of a [`PrefixPolicy`].
///
/// # Example
/// ```
/// use idpolicy::{PolicyConfig, PrefixConfig};
///
/// let config: PrefixConfig = serde_json::from_str(r#"{"prefix": "app_", "lint": {}}"#)?;
/// assert_eq!(config.prefix, "app_");
/// assert!(config.lint.is_some());
/// let policy = PolicyConfig::Prefix(config).build()?;
/// assert_eq!(policy.user_id("42")?, "app_42");
/// assert!(policy.user_id("null").is_err()); // a placeholder: the validator denies it
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrefixConfig {
    /// The prefix, e.g. `app_`.
    pub prefix: String,
    /// Limit on the internal id in bytes (default 128).
    #[serde(default)]
    pub max_id_len: Option<usize>,
    /// When present, ids the validator so configured denies are refused.
    #[serde(default)]
    pub lint: Option<ValidatorConfig>,
}

/// Configuration of a [`Passthrough`].
///
/// # Example
/// ```
/// use idpolicy::{PassthroughConfig, PolicyConfig};
///
/// let config = PassthroughConfig { max_length: Some(8), lint: None };
/// let policy = PolicyConfig::Passthrough(config).build()?;
/// assert_eq!(policy.user_id("u_12345")?, "u_12345");
/// assert!(policy.user_id("u_123456789").is_err()); // over 8 characters
/// # Ok::<(), idpolicy::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PassthroughConfig {
    /// Length limit in characters (default 256).
    pub max_length: Option<usize>,
    /// When present, ids the validator so configured denies are refused.
    pub lint: Option<ValidatorConfig>,
}

impl PolicyConfig {
    /// Parses a policy configuration from JSON.
    ///
    /// Parser messages never echo string values from the text, which could be keys.
    ///
    /// # Errors
    /// [`Error::Config`] when the text is not valid JSON of this shape.
    ///
    /// # Example
    /// ```
    /// use idpolicy::PolicyConfig;
    ///
    /// let config = PolicyConfig::from_json(r#"{"kind": "passthrough", "max_length": 64}"#)?;
    /// assert!(matches!(config, PolicyConfig::Passthrough(_)));
    /// assert!(PolicyConfig::from_json(r#"{"kind": "prefix", "prefx": "app_"}"#).is_err());
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<PolicyConfig, Error> {
        serde_json::from_str(text)
            .map_err(|e| Error::Config(format!("policy config: {}", redact_quoted(&e.to_string()))))
    }

    /// Parses a policy configuration from TOML.
    ///
    /// # Errors
    /// [`Error::Config`] when the text is not valid TOML of this shape.
    ///
    /// # Example
    /// ```
    /// let config = idpolicy::PolicyConfig::from_toml("kind = \"prefix\"\nprefix = \"app_\"\n")?;
    /// assert!(matches!(config, idpolicy::PolicyConfig::Prefix(_)));
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<PolicyConfig, Error> {
        toml::from_str(text)
            .map_err(|e| Error::Config(format!("policy config: {}", redact_quoted(e.message()))))
    }

    /// Builds the policy this configuration describes.
    ///
    /// # Errors
    /// Missing or invalid keys, invalid options, invalid validator configuration.
    ///
    /// # Example
    /// ```
    /// use idpolicy::PolicyConfig;
    ///
    /// let policy = PolicyConfig::from_json(r#"{"kind": "prefix", "prefix": "app_"}"#)?.build()?;
    /// assert_eq!(policy.user_id("42")?, "app_42");
    /// let keyless = PolicyConfig::from_json(r#"{"kind": "hmac"}"#)?;
    /// assert!(keyless.build().is_err()); // there is no built-in key
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn build(&self) -> Result<Box<dyn UserIdPolicy>, Error> {
        Ok(match self {
            PolicyConfig::Hmac(config) => Box::new(config.build()?),
            PolicyConfig::Prefix(config) => {
                let mut policy = PrefixPolicy::new(&config.prefix)?;
                if let Some(max) = config.max_id_len {
                    policy = policy.with_max_id_len(max);
                }
                if let Some(lint) = &config.lint {
                    policy = policy.with_validator(Validator::from_config(lint)?);
                }
                Box::new(policy)
            }
            PolicyConfig::Passthrough(config) => {
                let mut policy = Passthrough::new();
                if let Some(max) = config.max_length {
                    policy = policy.with_max_length(max);
                }
                if let Some(lint) = &config.lint {
                    policy = policy.with_validator(Validator::from_config(lint)?);
                }
                Box::new(policy)
            }
        })
    }
}

/// Shows that an inline test key is present without showing it.
fn redacted(key: &Option<String>) -> Option<&'static str> {
    key.as_ref().map(|_| "[REDACTED]")
}

impl std::fmt::Debug for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySource")
            .field("key_env", &self.key_env)
            .field("key_file", &self.key_file)
            .field(
                "insecure_test_key_hex",
                &redacted(&self.insecure_test_key_hex),
            )
            .field("key_tag", &self.key_tag)
            .finish()
    }
}

impl std::fmt::Debug for HmacConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HmacConfig")
            .field("key_env", &self.key_env)
            .field("key_file", &self.key_file)
            .field(
                "insecure_test_key_hex",
                &redacted(&self.insecure_test_key_hex),
            )
            .field("key_tag", &self.key_tag)
            .field("previous_keys", &self.previous_keys)
            .field("context", &self.context)
            .field("prefix", &self.prefix)
            .field("encoding", &self.encoding)
            .field("bits", &self.bits)
            .field("canonicalization", &self.canonicalization)
            .finish()
    }
}

//! Stable, anonymized end-user ids for LLM API requests, and a linter for them.
//!
//! # Overview
//!
//! Applications that call LLM APIs attach an end-user identifier to each request:
//! OpenRouter's `user` (and `session_id`), OpenAI's `safety_identifier` and
//! `prompt_cache_key`, Anthropic's `metadata.user_id`. A stable id per user keeps
//! provider caches warm, gives per-user analytics and isolates abuse. Two mistakes
//! are common: sending **personal data** as the id, and sending values that
//! **change between requests**. `idpolicy` fixes both:
//!
//! * [`UserIdPolicy`] turns an internal id into the string you send:
//!   [`HmacPolicy`] (keyed, anonymized, rotatable), [`PrefixPolicy`] (readable
//!   `app_{id}`) and [`Passthrough`] (already-opaque ids, checked).
//! * [`Validator`] lints an id before it reaches a request builder, with stable
//!   rule codes ([`Rule`]), severities and explanations ([`explain`]).
//!
//! # Usage
//!
//! ```
//! use idpolicy::{HmacPolicy, Key, UserIdPolicy, Validator};
//!
//! let key = Key::from_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")?;
//! let policy = HmacPolicy::builder(key).context("prod").build()?;
//! let id = policy.user_id("customer-42")?;
//! assert_eq!(id, policy.user_id("customer-42")?); // stable
//! assert!(id.as_str().len() <= 64);               // fits safety_identifier
//! assert!(Validator::new().check(id.as_str()).is_clean());
//! # Ok::<(), idpolicy::Error>(())
//! ```
//!
//! # Request bodies
//!
//! A [`Profile`] names the field a provider reads the end-user id from and its
//! length limit: [`Profile::openrouter`] (`user`), [`Profile::openrouter_session`]
//! (`session_id`), [`Profile::openai`] (`safety_identifier`, `prompt_cache_key`),
//! [`Profile::anthropic`] (`metadata.user_id`) or [`Profile::custom`]. It
//! [stamps](Profile::stamp) a policy's output into a `serde_json::Value` or any
//! `Serialize` request type. A [`Guard`] is the last line of defence: it checks
//! every end-user id field of an outgoing body and refuses it with
//! [`Error::FieldDenied`], naming the field and rules and never the value.
//!
//! ```
//! use idpolicy::{Guard, HmacPolicy, Key, Profile};
//! use serde_json::json;
//!
//! let policy = HmacPolicy::new(Key::from_bytes(&[7u8; 32])?)?;
//! let mut body = json!({"model": "gpt-5-mini", "messages": []});
//! Profile::openai().stamp(&policy, "customer-42", &mut body)?;
//! let bytes = Guard::default().to_vec(&body)?; // send these
//! assert!(!String::from_utf8_lossy(&bytes).contains("customer-42"));
//! # Ok::<(), idpolicy::Error>(())
//! ```
//!
//! A [`ConsistencyChecker`] learns the usual shape of the ids an application sends
//! and reports outliers under `format-inconsistent`, with bounded memory.
//!
//! # Examples
//!
//! `cargo run --example quickstart` builds chat-completion request bodies for a few
//! sample users and shows a PII-looking id being refused.
//!
//! # Performance
//!
//! `HmacPolicy` precomputes the HMAC inner and outer key states, so an id of up to
//! 55 bytes costs exactly two SHA-256 compressions plus encoding;
//! [`UserIdPolicy::write_user_id`] appends to a caller-owned buffer without
//! allocating. The validator compiles its patterns once and filters on one shared
//! pass over the id before any expensive check. `benches/` measures both against
//! baselines in the same run.
//!
//! # Untrusted input
//!
//! Nothing in this crate panics on any input string. The validator's time is linear
//! in the length of the id and ids over [`SCAN_CAP_BYTES`] are reported as too long
//! without being scanned. No error, `Debug` or `Display` output contains key
//! material or a raw internal id: only lengths, offsets, rule codes and masked
//! excerpts (see [`mask()`]).
//!
//! # Crate features
//!
//! * `toml`: `from_toml` constructors for configuration.
//! * `testing`: assertion macros and proptest strategies for downstream tests.
//! * `records`: [`records`], the record readers behind the CLI (lines, JSON Lines
//!   fields, CSV columns), for fuzzing and reuse.
//! * `cli`: the `idpolicy` command-line tool (clap and friends); never needed to embed.

#![forbid(unsafe_code)]

mod canonical;
mod config;
mod consistency;
mod error;
mod key;
mod mask;
mod policy;
mod profile;
#[cfg(feature = "records")]
pub mod records;
pub mod rules;
#[cfg(feature = "testing")]
pub mod testing;
mod user_id;
mod validator;

pub use canonical::Canonicalization;
pub use config::{HmacConfig, KeySource, PassthroughConfig, PolicyConfig, PrefixConfig};
pub use consistency::{
    ConsistencyChecker, DEFAULT_MIN_SAMPLES, DEFAULT_RARE_SHARE, DEFAULT_SHAPE_CAPACITY,
};
pub use error::Error;
pub use key::{Key, KeyTag, Keyring, MIN_KEY_LEN};
pub use mask::mask;
pub use policy::{
    DEFAULT_BITS, Encoding, HmacPolicy, HmacPolicyBuilder, Passthrough, PrefixPolicy, UserIdPolicy,
};
pub use profile::{DEFAULT_FIELD_MAX_CHARS, END_USER_FIELDS, Guard, Profile, ProfileField};
pub use rules::{Family, Rule, explain};
pub use user_id::UserId;
pub use validator::{
    DEFAULT_MAX_LENGTH, Finding, Report, SCAN_CAP_BYTES, Severity, Validator, ValidatorConfig,
};

//! Provider request profiles: which JSON field of a request body carries the
//! end-user id and how long it may be; stamping a body with a policy's output;
//! and guarding outgoing bodies just before they leave the process.

use std::borrow::Cow;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::Error;
use crate::policy::UserIdPolicy;
use crate::user_id::UserId;
use crate::validator::Validator;

/// The limit, in characters, used for a field whose provider documents none.
///
/// 256 matches the validator's [`DEFAULT_MAX_LENGTH`](crate::DEFAULT_MAX_LENGTH)
/// and Anthropic's documented limit for `metadata.user_id`; every id a policy of
/// this crate produces by default is far shorter.
///
/// # Example
/// ```
/// use idpolicy::{DEFAULT_FIELD_MAX_CHARS, Profile};
///
/// assert_eq!(DEFAULT_FIELD_MAX_CHARS, idpolicy::DEFAULT_MAX_LENGTH);
/// // OpenRouter documents no limit for `user`, so the default applies.
/// assert_eq!(Profile::openrouter().max_chars(), DEFAULT_FIELD_MAX_CHARS);
/// ```
pub const DEFAULT_FIELD_MAX_CHARS: usize = 256;

/// The end-user id fields a [`Guard`] checks by default, as dotted paths.
///
/// # Example
/// ```
/// assert!(idpolicy::END_USER_FIELDS.contains(&"metadata.user_id"));
/// ```
pub const END_USER_FIELDS: &[&str] = &[
    "user",
    "safety_identifier",
    "prompt_cache_key",
    "session_id",
    "metadata.user_id",
];

/// OpenRouter and OpenAI document no limit for `user`.
const USER_MAX: usize = DEFAULT_FIELD_MAX_CHARS;
/// OpenAI: "a maximum length of 64 characters".
const SAFETY_IDENTIFIER_MAX: usize = 64;
/// OpenAI's reference gives no limit, but the API refuses longer keys and client
/// libraries clamp to 64, so 64 is the safe choice.
const PROMPT_CACHE_KEY_MAX: usize = 64;
/// OpenRouter documents `session_id` as at most 128 characters.
const SESSION_ID_MAX: usize = 128;
/// Anthropic documents `metadata.user_id` as at most 256 characters.
const ANTHROPIC_USER_ID_MAX: usize = 256;

/// One field of a request body that carries an end-user id, with its length limit.
///
/// # Example
/// ```
/// use idpolicy::Profile;
/// let profile = Profile::openai();
/// let field = &profile.fields()[0];
/// assert_eq!(field.path(), "safety_identifier");
/// assert_eq!(field.max_chars(), 64);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProfileField {
    path: Cow<'static, str>,
    max_chars: usize,
}

impl ProfileField {
    const fn known(path: &'static str, max_chars: usize) -> ProfileField {
        ProfileField {
            path: Cow::Borrowed(path),
            max_chars,
        }
    }

    /// A field at a dotted path such as `extra_body.end_user`, with a limit in characters.
    ///
    /// # Errors
    /// [`Error::Config`] when the path is empty, has an empty segment (`a..b`, `.a`)
    /// or the limit is zero.
    ///
    /// # Example
    /// ```
    /// use idpolicy::ProfileField;
    /// assert!(ProfileField::new("extra.end_user", 128).is_ok());
    /// assert!(ProfileField::new("extra..end_user", 128).is_err());
    /// ```
    pub fn new(path: &str, max_chars: usize) -> Result<ProfileField, Error> {
        if path.is_empty() || path.split('.').any(str::is_empty) {
            return Err(Error::Config(format!(
                "field path must be dot-separated non-empty names ({} characters given)",
                path.chars().count()
            )));
        }
        if max_chars == 0 {
            return Err(Error::Config(
                "field length limit must be at least 1 character".into(),
            ));
        }
        Ok(ProfileField {
            path: Cow::Owned(path.to_owned()),
            max_chars,
        })
    }

    /// The dotted path of the field in the request body.
    ///
    /// # Example
    /// ```
    /// let field = idpolicy::ProfileField::new("extra_body.end_user", 128)?;
    /// assert_eq!(field.path(), "extra_body.end_user");
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The field's length limit in characters.
    ///
    /// # Example
    /// ```
    /// let field = idpolicy::ProfileField::new("extra_body.end_user", 128)?;
    /// assert_eq!(field.max_chars(), 128);
    /// assert!(field.check_fits(&"x".repeat(128)).is_ok());
    /// assert!(field.check_fits(&"x".repeat(129)).is_err());
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn max_chars(&self) -> usize {
        self.max_chars
    }

    /// Checks that `id` fits the field.
    ///
    /// # Errors
    /// [`Error::TooLongForField`] when `id` has more characters than the limit.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Error, ProfileField};
    /// let field = ProfileField::new("user", 8)?;
    /// assert!(field.check_fits("app_42").is_ok());
    /// assert!(matches!(field.check_fits("app_123456789"), Err(Error::TooLongForField { max: 8, .. })));
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn check_fits(&self, id: &str) -> Result<(), Error> {
        let len = id.chars().count();
        if len > self.max_chars {
            return Err(Error::TooLongForField {
                field: self.path.to_string(),
                len,
                max: self.max_chars,
            });
        }
        Ok(())
    }
}

/// Where a provider expects the end-user id in a request body, and how long it may be.
///
/// | profile | field(s) | limit (characters) |
/// |---|---|---|
/// | [`Profile::openrouter`] | `user` | 256: OpenRouter documents no limit |
/// | [`Profile::openrouter_session`] | `session_id` | 128, as documented |
/// | [`Profile::openai`] | `safety_identifier`, `prompt_cache_key` | 64 (documented for `safety_identifier`; the safe choice for `prompt_cache_key`) |
/// | [`Profile::openai_user`] | `user` (deprecated by OpenAI) | 256: no documented limit |
/// | [`Profile::anthropic`] | `metadata.user_id` | 256, as documented |
/// | [`Profile::custom`] | any dotted paths | your choice |
///
/// A profile checks a policy's output against every field's limit
/// ([`Error::TooLongForField`]) and [stamps](Profile::stamp) it into a body built by
/// any client: hand-made [`serde_json::Value`]s or typed request structs.
///
/// # Example
/// ```
/// use idpolicy::{HmacPolicy, Key, Profile};
/// use serde_json::json;
///
/// let policy = HmacPolicy::new(Key::from_bytes(&[7u8; 32])?)?;
/// let mut body = json!({"model": "claude-sonnet-4-5", "max_tokens": 64, "messages": []});
/// let id = Profile::anthropic().stamp(&policy, "customer-42", &mut body)?;
/// assert_eq!(body["metadata"]["user_id"], id.as_str());
/// # Ok::<(), idpolicy::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Profile {
    name: Cow<'static, str>,
    fields: Vec<ProfileField>,
}

impl Profile {
    /// OpenRouter chat completions: `user`.
    ///
    /// # Example
    /// ```
    /// assert_eq!(idpolicy::Profile::openrouter().fields()[0].path(), "user");
    /// ```
    pub fn openrouter() -> Profile {
        Profile::known("openrouter", vec![ProfileField::known("user", USER_MAX)])
    }

    /// OpenRouter's sticky routing key `session_id` (at most 128 characters).
    /// Stamping the user id there keeps each user's requests on one provider.
    ///
    /// # Example
    /// ```
    /// let profile = idpolicy::Profile::openrouter_session();
    /// assert_eq!(profile.fields()[0].path(), "session_id");
    /// assert_eq!(profile.max_chars(), 128);
    /// ```
    pub fn openrouter_session() -> Profile {
        Profile::known(
            "openrouter-session",
            vec![ProfileField::known("session_id", SESSION_ID_MAX)],
        )
    }

    /// OpenAI Chat Completions and Responses: `safety_identifier` (at most 64
    /// characters) and `prompt_cache_key`, the two fields that replace `user`.
    ///
    /// # Example
    /// ```
    /// let profile = idpolicy::Profile::openai();
    /// let paths: Vec<_> = profile.fields().iter().map(|f| f.path()).collect();
    /// assert_eq!(paths, ["safety_identifier", "prompt_cache_key"]);
    /// assert_eq!(profile.max_chars(), 64);
    /// ```
    pub fn openai() -> Profile {
        Profile::known(
            "openai",
            vec![
                ProfileField::known("safety_identifier", SAFETY_IDENTIFIER_MAX),
                ProfileField::known("prompt_cache_key", PROMPT_CACHE_KEY_MAX),
            ],
        )
    }

    /// OpenAI's deprecated `user` field, for older clients and compatible gateways.
    ///
    /// # Example
    /// ```
    /// assert_eq!(idpolicy::Profile::openai_user().fields()[0].path(), "user");
    /// ```
    pub fn openai_user() -> Profile {
        Profile::known("openai-user", vec![ProfileField::known("user", USER_MAX)])
    }

    /// Anthropic Messages: `metadata.user_id` (at most 256 characters).
    ///
    /// # Example
    /// ```
    /// assert_eq!(idpolicy::Profile::anthropic().fields()[0].path(), "metadata.user_id");
    /// ```
    pub fn anthropic() -> Profile {
        Profile::known(
            "anthropic",
            vec![ProfileField::known(
                "metadata.user_id",
                ANTHROPIC_USER_ID_MAX,
            )],
        )
    }

    /// A profile for another provider or gateway, with no fields yet; add them with
    /// [`Profile::field`].
    ///
    /// # Example
    /// ```
    /// use idpolicy::Profile;
    /// let profile = Profile::custom("gateway")
    ///     .field("extra_body.end_user", 100)?
    ///     .field("session_id", 128)?;
    /// assert_eq!(profile.name(), "gateway");
    /// assert_eq!(profile.max_chars(), 100);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn custom(name: &str) -> Profile {
        Profile {
            name: Cow::Owned(name.to_owned()),
            fields: Vec::new(),
        }
    }

    fn known(name: &'static str, fields: Vec<ProfileField>) -> Profile {
        Profile {
            name: Cow::Borrowed(name),
            fields,
        }
    }

    /// Adds a field at a dotted path with a limit in characters; a field already at
    /// that path gets the new limit. Works on built-in profiles too, e.g. to stamp
    /// both `user` and `session_id` for OpenRouter.
    ///
    /// # Errors
    /// As [`ProfileField::new`].
    ///
    /// # Example
    /// ```
    /// let profile = idpolicy::Profile::openrouter().field("session_id", 128)?;
    /// assert_eq!(profile.fields().len(), 2);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn field(mut self, path: &str, max_chars: usize) -> Result<Profile, Error> {
        let field = ProfileField::new(path, max_chars)?;
        match self.fields.iter_mut().find(|f| f.path == field.path) {
            Some(existing) => *existing = field,
            None => self.fields.push(field),
        }
        Ok(self)
    }

    /// The profile's name, e.g. `openai`.
    ///
    /// # Example
    /// ```
    /// use idpolicy::Profile;
    /// assert_eq!(Profile::openai().name(), "openai");
    /// assert_eq!(Profile::openrouter_session().name(), "openrouter-session");
    /// assert_eq!(Profile::custom("gateway").name(), "gateway");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The fields the profile stamps, in order.
    ///
    /// # Example
    /// ```
    /// use idpolicy::Profile;
    ///
    /// let profile = Profile::custom("gateway")
    ///     .field("user", 64)?
    ///     .field("extra.end_user", 32)?;
    /// let fields: Vec<(&str, usize)> =
    ///     profile.fields().iter().map(|f| (f.path(), f.max_chars())).collect();
    /// assert_eq!(fields, [("user", 64), ("extra.end_user", 32)]);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn fields(&self) -> &[ProfileField] {
        &self.fields
    }

    /// The tightest limit among the fields, in characters; the default limit for a
    /// profile without fields.
    ///
    /// # Example
    /// ```
    /// assert_eq!(idpolicy::Profile::anthropic().max_chars(), 256);
    /// ```
    pub fn max_chars(&self) -> usize {
        self.fields
            .iter()
            .map(ProfileField::max_chars)
            .min()
            .unwrap_or(DEFAULT_FIELD_MAX_CHARS)
    }

    /// Checks that `id` fits every field of the profile.
    ///
    /// # Errors
    /// [`Error::TooLongForField`] naming the first field it does not fit.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Error, Profile};
    /// let long = "x".repeat(65);
    /// let err = Profile::openai().check_fits(&long).unwrap_err();
    /// assert!(matches!(err, Error::TooLongForField { len: 65, max: 64, .. }));
    /// assert!(err.to_string().contains("safety_identifier"));
    /// ```
    pub fn check_fits(&self, id: &str) -> Result<(), Error> {
        self.fields.iter().try_for_each(|f| f.check_fits(id))
    }

    /// The user id for `internal_id`, checked against the profile's limits.
    ///
    /// # Errors
    /// Whatever the policy returns, and [`Error::TooLongForField`] when its output
    /// does not fit a field.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Error, PrefixPolicy, Profile};
    /// let policy = PrefixPolicy::new("app_")?;
    /// assert_eq!(Profile::openai().user_id(&policy, "42")?, "app_42");
    /// let err = Profile::openai().user_id(&policy, &"7".repeat(80)).unwrap_err();
    /// assert!(matches!(err, Error::TooLongForField { .. }));
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn user_id<P: UserIdPolicy + ?Sized>(
        &self,
        policy: &P,
        internal_id: &str,
    ) -> Result<UserId, Error> {
        let id = policy.user_id(internal_id)?;
        self.check_fits(id.as_str())?;
        Ok(id)
    }

    /// Derives the user id for `internal_id` and writes it into every field of the
    /// profile in `body`, creating missing parent objects (such as `metadata`) and
    /// replacing `null` ones. Returns the id.
    ///
    /// Nothing is written unless every field can be: on error `body` is unchanged.
    ///
    /// # Errors
    /// Whatever the policy returns; [`Error::TooLongForField`]; and
    /// [`Error::InvalidBody`] when `body` is not a JSON object or a parent of a field
    /// holds something other than an object.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{HmacPolicy, Key, Profile};
    /// use serde_json::json;
    ///
    /// let policy = HmacPolicy::new(Key::from_bytes(&[7u8; 32])?)?;
    /// let mut body = json!({"model": "gpt-5-mini", "messages": [{"role": "user", "content": "hi"}]});
    /// let id = Profile::openai().stamp(&policy, "jane@example.com", &mut body)?;
    /// assert_eq!(body["safety_identifier"], id.as_str());
    /// assert_eq!(body["prompt_cache_key"], id.as_str());
    /// assert!(!body.to_string().contains("jane@example.com"));
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn stamp<P: UserIdPolicy + ?Sized>(
        &self,
        policy: &P,
        internal_id: &str,
        body: &mut Value,
    ) -> Result<UserId, Error> {
        let id = self.user_id(policy, internal_id)?;
        self.stamp_id(&id, body)?;
        Ok(id)
    }

    /// Writes an already derived `id` into every field of the profile in `body`.
    ///
    /// # Errors
    /// [`Error::TooLongForField`] and [`Error::InvalidBody`], as [`Profile::stamp`];
    /// on error `body` is unchanged.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Profile, UserId};
    /// let mut body = serde_json::json!({"metadata": null});
    /// Profile::anthropic().stamp_id(&UserId::parse("app_42")?, &mut body)?;
    /// assert_eq!(body, serde_json::json!({"metadata": {"user_id": "app_42"}}));
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn stamp_id(&self, id: &UserId, body: &mut Value) -> Result<(), Error> {
        self.check_fits(id.as_str())?;
        if !body.is_object() {
            return Err(Error::InvalidBody {
                field: "(body)".into(),
                reason: "the request body is not a JSON object",
            });
        }
        for field in &self.fields {
            check_settable(body, field.path())?;
        }
        for field in &self.fields {
            set(body, field.path(), id.as_str())?;
        }
        Ok(())
    }

    /// Serializes any request type to JSON and stamps it, returning the JSON to send.
    ///
    /// # Errors
    /// As [`Profile::stamp`], and [`Error::InvalidBody`] when `body` does not serialize
    /// to a JSON object.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{PrefixPolicy, Profile};
    ///
    /// #[derive(serde::Serialize)]
    /// struct Request { model: String }
    ///
    /// let policy = PrefixPolicy::new("app_")?;
    /// let body = Profile::openrouter()
    ///     .stamp_serialize(&policy, "42", &Request { model: "openrouter/auto".into() })?;
    /// assert_eq!(body["user"], "app_42");
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn stamp_serialize<P, T>(
        &self,
        policy: &P,
        internal_id: &str,
        body: &T,
    ) -> Result<Value, Error>
    where
        P: UserIdPolicy + ?Sized,
        T: Serialize + ?Sized,
    {
        let mut value = to_json(body)?;
        self.stamp(policy, internal_id, &mut value)?;
        Ok(value)
    }

    /// Stamps a typed request struct (an `async-openai` or OpenRouter client type, or
    /// your own) and gives it back, so it can go to the client that owns it.
    ///
    /// The body goes through JSON and back. Afterwards every field of the profile is
    /// checked to hold the id, so a type without the field (whose deserializer
    /// would silently drop it) is an error rather than a request without an id.
    ///
    /// # Errors
    /// As [`Profile::stamp_serialize`], and [`Error::InvalidBody`] when the stamped
    /// JSON does not deserialize back into `T` or `T` drops one of the fields.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{PrefixPolicy, Profile};
    /// use serde::{Deserialize, Serialize};
    ///
    /// #[derive(Serialize, Deserialize)]
    /// struct ChatRequest {
    ///     model: String,
    ///     #[serde(skip_serializing_if = "Option::is_none")]
    ///     user: Option<String>,
    /// }
    ///
    /// let policy = PrefixPolicy::new("app_")?;
    /// let request = ChatRequest { model: "gpt-5-mini".into(), user: None };
    /// let request = Profile::openai_user().stamp_typed(&policy, "42", request)?;
    /// assert_eq!(request.user.as_deref(), Some("app_42"));
    ///
    /// // The type has no `safety_identifier`: refused instead of silently dropped.
    /// assert!(Profile::openai().stamp_typed(&policy, "42", request).is_err());
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn stamp_typed<P, T>(&self, policy: &P, internal_id: &str, body: T) -> Result<T, Error>
    where
        P: UserIdPolicy + ?Sized,
        T: Serialize + DeserializeOwned,
    {
        let mut value = to_json(&body)?;
        let id = self.stamp(policy, internal_id, &mut value)?;
        let typed: T = serde_json::from_value(value).map_err(|_| Error::InvalidBody {
            field: "(body)".into(),
            reason: "the stamped body does not deserialize back into its type",
        })?;
        let check = to_json(&typed)?;
        for field in &self.fields {
            if get(&check, field.path()).and_then(Value::as_str) != Some(id.as_str()) {
                return Err(Error::InvalidBody {
                    field: field.path().to_owned(),
                    reason: "the request type has no such field, so the id would be dropped; use stamp_serialize and send the JSON",
                });
            }
        }
        Ok(typed)
    }
}

/// The last line of defence: checks every end-user id field of an outgoing body
/// before the request leaves the process.
///
/// By default it checks `user`, `safety_identifier`, `prompt_cache_key`,
/// `session_id` and `metadata.user_id` ([`END_USER_FIELDS`]) with the validator
/// and against each field's provider limit. Fields that are absent or `null` are
/// skipped. Errors name the field and the rules, never the value.
///
/// # Example
/// ```
/// use idpolicy::{Error, Guard, Rule};
/// use serde_json::json;
///
/// let guard = Guard::default();
/// assert!(guard.check(&json!({"model": "m", "user": "app_42"})).is_ok());
///
/// let err = guard
///     .check(&json!({"model": "m", "metadata": {"user_id": "jane.doe@example.com"}}))
///     .unwrap_err();
/// match &err {
///     Error::FieldDenied { field, rules } => {
///         assert_eq!(field, "metadata.user_id");
///         assert!(rules.contains(&Rule::PiiEmail));
///     }
///     other => panic!("unexpected {other}"),
/// }
/// assert!(!err.to_string().contains("jane"));
/// ```
#[derive(Debug, Clone)]
pub struct Guard {
    validator: Validator,
    fields: Vec<ProfileField>,
}

impl Default for Guard {
    fn default() -> Self {
        Guard::new(Validator::new())
    }
}

impl Guard {
    /// A guard checking the default end-user id fields with `validator`.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Guard, Validator};
    /// let guard = Guard::new(Validator::new());
    /// assert_eq!(guard.fields().len(), idpolicy::END_USER_FIELDS.len());
    /// ```
    pub fn new(validator: Validator) -> Guard {
        Guard {
            validator,
            fields: vec![
                ProfileField::known("user", USER_MAX),
                ProfileField::known("safety_identifier", SAFETY_IDENTIFIER_MAX),
                ProfileField::known("prompt_cache_key", PROMPT_CACHE_KEY_MAX),
                ProfileField::known("session_id", SESSION_ID_MAX),
                ProfileField::known("metadata.user_id", ANTHROPIC_USER_ID_MAX),
            ],
        }
    }

    /// Also checks the fields of `profile` (a custom profile's paths), taking the
    /// profile's limit where a path is already checked.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Guard, Profile};
    /// use serde_json::json;
    /// let profile = Profile::custom("gateway").field("extra.end_user", 32)?;
    /// let guard = Guard::default().with_profile(&profile);
    /// assert!(guard.check(&json!({"extra": {"end_user": "app_42"}})).is_ok());
    /// assert!(guard.check(&json!({"extra": {"end_user": "a".repeat(33)}})).is_err());
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    #[must_use]
    pub fn with_profile(mut self, profile: &Profile) -> Guard {
        for field in profile.fields() {
            match self.fields.iter_mut().find(|f| f.path == field.path) {
                Some(existing) => *existing = field.clone(),
                None => self.fields.push(field.clone()),
            }
        }
        self
    }

    /// The fields checked, with their limits.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Guard, Profile};
    ///
    /// let guard = Guard::default();
    /// let paths: Vec<&str> = guard.fields().iter().map(|f| f.path()).collect();
    /// assert_eq!(paths, idpolicy::END_USER_FIELDS);
    /// let profile = Profile::custom("gateway").field("extra.end_user", 32)?;
    /// let wider = guard.clone().with_profile(&profile);
    /// assert_eq!(wider.fields().len(), guard.fields().len() + 1);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn fields(&self) -> &[ProfileField] {
        &self.fields
    }

    /// The validator used.
    ///
    /// # Example
    /// ```
    /// use idpolicy::{Guard, Validator};
    ///
    /// let guard = Guard::new(Validator::new().with_max_length(64));
    /// assert_eq!(guard.validator().max_length(), 64);
    /// assert!(guard.validator().check("jane@example.com").is_denied());
    /// ```
    pub fn validator(&self) -> &Validator {
        &self.validator
    }

    /// Checks every end-user id field of `body`.
    ///
    /// # Errors
    /// * [`Error::FieldDenied`] when the validator denies a field's value;
    /// * [`Error::TooLongForField`] when a value exceeds the field's limit;
    /// * [`Error::InvalidBody`] when a field holds something other than a string or
    ///   `null`.
    ///
    /// # Example
    /// ```
    /// use idpolicy::Guard;
    /// let body = serde_json::json!({"safety_identifier": "x".repeat(65)});
    /// assert!(Guard::default().check(&body).is_err());
    /// ```
    pub fn check(&self, body: &Value) -> Result<(), Error> {
        for field in &self.fields {
            let value = match get(body, field.path()) {
                None | Some(Value::Null) => continue,
                Some(Value::String(value)) => value,
                Some(_) => {
                    return Err(Error::InvalidBody {
                        field: field.path().to_owned(),
                        reason: "an end-user id field must be a string",
                    });
                }
            };
            let report = self.validator.check(value);
            if report.is_denied() {
                return Err(Error::FieldDenied {
                    field: field.path().to_owned(),
                    rules: report.denied_rules().collect(),
                });
            }
            field.check_fits(value)?;
        }
        Ok(())
    }

    /// Serializes any request type, checks it, and returns the JSON value.
    ///
    /// # Errors
    /// As [`Guard::check`], and [`Error::InvalidBody`] when `body` does not serialize.
    ///
    /// # Example
    /// ```
    /// #[derive(serde::Serialize)]
    /// struct Request { model: &'static str, user: &'static str }
    /// let guard = idpolicy::Guard::default();
    /// assert!(guard.check_serialize(&Request { model: "m", user: "app_42" }).is_ok());
    /// assert!(guard.check_serialize(&Request { model: "m", user: "jane@example.com" }).is_err());
    /// ```
    pub fn check_serialize<T: Serialize + ?Sized>(&self, body: &T) -> Result<Value, Error> {
        let value = to_json(body)?;
        self.check(&value)?;
        Ok(value)
    }

    /// Serializes any request type, checks it, and returns the bytes to send as the
    /// request body: nothing unchecked can be sent from the result.
    ///
    /// # Errors
    /// As [`Guard::check_serialize`].
    ///
    /// # Example
    /// ```
    /// let body = serde_json::json!({"model": "m", "user": "app_42"});
    /// let bytes = idpolicy::Guard::default().to_vec(&body)?;
    /// assert_eq!(bytes, br#"{"model":"m","user":"app_42"}"#);
    /// # Ok::<(), idpolicy::Error>(())
    /// ```
    pub fn to_vec<T: Serialize + ?Sized>(&self, body: &T) -> Result<Vec<u8>, Error> {
        let value = self.check_serialize(body)?;
        serde_json::to_vec(&value).map_err(|_| not_serializable())
    }
}

fn not_serializable() -> Error {
    Error::InvalidBody {
        field: "(body)".into(),
        reason: "the request body could not be serialized to JSON",
    }
}

/// Serializes a body; serializer messages are dropped since they may quote values.
fn to_json<T: Serialize + ?Sized>(body: &T) -> Result<Value, Error> {
    serde_json::to_value(body).map_err(|_| not_serializable())
}

/// The value at a dotted path, if every step is an object holding the next name.
fn get<'a>(body: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(body, |value, name| value.as_object()?.get(name))
}

/// Checks that [`set`] will succeed, so a failing stamp leaves the body untouched.
fn check_settable(body: &Value, path: &str) -> Result<(), Error> {
    let mut value = body;
    let mut names = path.split('.').peekable();
    while let Some(name) = names.next() {
        if names.peek().is_none() {
            return Ok(());
        }
        match value.get(name) {
            None | Some(Value::Null) => return Ok(()),
            Some(next @ Value::Object(_)) => value = next,
            Some(_) => return Err(parent_not_object(path)),
        }
    }
    Ok(())
}

fn parent_not_object(path: &str) -> Error {
    Error::InvalidBody {
        field: path.to_owned(),
        reason: "a parent of the field holds something other than a JSON object",
    }
}

/// Writes `id` at a dotted path, creating missing or `null` parent objects.
fn set(body: &mut Value, path: &str, id: &str) -> Result<(), Error> {
    let mut map = as_object(body, path)?;
    let mut names = path.split('.').peekable();
    while let Some(name) = names.next() {
        if names.peek().is_none() {
            map.insert(name.to_owned(), Value::String(id.to_owned()));
            break;
        }
        let child = map.entry(name).or_insert(Value::Null);
        map = as_object(child, path)?;
    }
    Ok(())
}

fn as_object<'a>(value: &'a mut Value, path: &str) -> Result<&'a mut Map<String, Value>, Error> {
    if value.is_null() {
        *value = Value::Object(Map::new());
    }
    value.as_object_mut().ok_or_else(|| parent_not_object(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PrefixPolicy;
    use serde_json::json;

    #[test]
    fn failed_stamp_leaves_body_unchanged() {
        let policy = PrefixPolicy::new("app_").expect("prefix");
        let profile = Profile::custom("t")
            .field("user", 64)
            .and_then(|p| p.field("metadata.user_id", 64))
            .expect("profile");
        let mut body = json!({"metadata": "not an object"});
        let before = body.clone();
        assert!(matches!(
            profile.stamp(&policy, "1", &mut body),
            Err(Error::InvalidBody { .. })
        ));
        assert_eq!(body, before);
    }

    #[test]
    fn deep_paths_are_created() {
        let profile = Profile::custom("t").field("a.b.c", 64).expect("profile");
        let mut body = json!({"a": {"keep": 1}});
        let id = UserId::parse("app_1").expect("id");
        profile.stamp_id(&id, &mut body).expect("stamp");
        assert_eq!(body, json!({"a": {"keep": 1, "b": {"c": "app_1"}}}));
    }

    #[test]
    fn guard_rejects_non_string_ids() {
        let err = Guard::default()
            .check(&json!({"user": 12345}))
            .expect_err("number");
        assert!(matches!(err, Error::InvalidBody { .. }));
    }
}

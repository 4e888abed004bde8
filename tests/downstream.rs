//! Written as a downstream application would write its tests: only the public API
//! and the `testing` feature.
#![cfg(feature = "testing")]

use idpolicy::testing::proptest::prelude::*;
use idpolicy::testing::{clean_user_ids, internal_ids, pii_ids, pii_ids_with_rule};
use idpolicy::{
    ConsistencyChecker, Guard, HmacPolicy, Key, PolicyConfig, Profile, Rule, Severity,
    UserIdPolicy, assert_stable, assert_user_id_denied, assert_user_id_ok,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The application's own derivation, as it might wrap the crate.
struct App {
    policy: HmacPolicy,
}

impl App {
    fn new() -> App {
        let key = Key::from_bytes(&[42u8; 32]).expect("key");
        App {
            policy: HmacPolicy::builder(key)
                .context("downstream")
                .build()
                .expect("policy"),
        }
    }

    fn derive(&self, user: &str) -> String {
        self.policy.user_id(user).expect("derive").into_string()
    }
}

proptest! {
    #[test]
    fn derived_ids_are_ok_stable_and_opaque(user in internal_ids()) {
        let app = App::new();
        let id = app.derive(&user);
        assert_user_id_ok!(id);
        assert_stable!(|| app.derive(&user));
        prop_assert!(!id.contains(&user));
        prop_assert!(Profile::openai().check_fits(&id).is_ok());
    }

    #[test]
    fn clean_ids_pass(id in clean_user_ids()) {
        assert_user_id_ok!(id);
    }

    #[test]
    fn pii_never_survives_derivation(pii in pii_ids()) {
        let id = App::new().derive(&pii);
        prop_assert!(!id.contains(&pii));
        assert_user_id_ok!(id);
    }

    #[test]
    fn pii_ids_are_reported_by_their_rule((pii, rule) in pii_ids_with_rule()) {
        if rule.default_severity() == Severity::Deny {
            assert_user_id_denied!(pii, rule);
        } else {
            prop_assert!(idpolicy::Validator::new().check(&pii).has(rule));
        }
    }
}

#[test]
fn fresh_policies_from_one_config_agree() {
    let config = PolicyConfig::from_json(
        r#"{"kind":"hmac","insecure_test_key_hex":"0101010101010101010101010101010101010101010101010101010101010101","context":"prod"}"#,
    )
    .expect("config");
    assert_stable!(|| config.build().expect("build"), |policy| policy
        .user_id("customer-42")
        .expect("derive"));
}

#[test]
fn denied_macro_names_the_rule_and_masks_the_id() {
    assert_user_id_denied!("user_", "format-empty");
    let panic = std::panic::catch_unwind(|| assert_user_id_denied!("user_4821", Rule::FormatEmpty))
        .expect_err("must fail");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("format-empty"), "{message}");
    assert!(!message.contains("user_4821"), "{message}");
}

#[test]
fn ok_macro_failure_names_the_rule_and_masks_the_id() {
    let panic =
        std::panic::catch_unwind(|| assert_user_id_ok!("user-undefined")).expect_err("must fail");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("placeholder-id"), "{message}");
    assert!(!message.contains("user-undefined"), "{message}");
}

#[test]
fn unstable_derivation_is_caught() {
    let counter = std::cell::Cell::new(0);
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        assert_stable!(|| {
            counter.set(counter.get() + 1);
            format!("app_{}", counter.get())
        })
    }))
    .expect_err("must fail");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("not stable"), "{message}");
}

/// Like `async_openai::types::CreateChatCompletionRequest`.
#[derive(Serialize, Deserialize)]
struct ChatRequest {
    model: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    safety_identifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prompt_cache_key: Option<String>,
}

#[test]
fn request_builder_stamps_and_guards() {
    let app = App::new();
    let request = ChatRequest {
        model: "gpt-5-mini".into(),
        user: None,
        safety_identifier: None,
        prompt_cache_key: None,
    };
    let request = Profile::openai()
        .stamp_typed(&app.policy, "customer-42", request)
        .expect("stamp");
    let id = app.derive("customer-42");
    assert_eq!(request.safety_identifier.as_deref(), Some(id.as_str()));
    assert_eq!(request.prompt_cache_key.as_deref(), Some(id.as_str()));
    Guard::default().check_serialize(&request).expect("guarded");

    let mut anthropic = json!({"model": "claude-sonnet-4-5", "max_tokens": 16, "messages": []});
    Profile::anthropic()
        .stamp(&app.policy, "customer-42", &mut anthropic)
        .expect("stamp");
    assert_eq!(anthropic["metadata"]["user_id"], id.as_str());
    Guard::default().check(&anthropic).expect("guarded");

    let custom = Profile::custom("gateway")
        .field("extra.end_user", 8)
        .expect("profile");
    let err = custom
        .user_id(&app.policy, "customer-42")
        .expect_err("too long");
    assert!(matches!(
        err,
        idpolicy::Error::TooLongForField { max: 8, .. }
    ));
}

#[test]
fn consistency_checker_flags_the_odd_one_out() {
    let mut checker = ConsistencyChecker::new();
    let outliers: Vec<_> = (0..10_000)
        .map(|n| format!("app_{n}"))
        .chain(["jane.doe@example.com".to_owned()])
        .chain((10_000..10_100).map(|n| format!("app_{n}")))
        .chain(["9b2e4c1a-7d3f-4e8b-a6c5-0f1e2d3c4b5a".to_owned()])
        .filter_map(|id| checker.observe(&id))
        .collect();
    assert_eq!(outliers.len(), 2);
    assert!(
        outliers
            .iter()
            .all(|f| f.rule().code() == "format-inconsistent")
    );
    assert!(outliers.iter().all(|f| !f.message().contains("jane")));
}

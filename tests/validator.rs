//! Validator properties and configuration behaviour.

use idpolicy::{
    Encoding, HmacPolicy, Key, Rule, SCAN_CAP_BYTES, Severity, UserIdPolicy, Validator,
    ValidatorConfig,
};
use proptest::prelude::*;

fn assert_spans_valid(id: &str, validator: &Validator) -> Result<(), TestCaseError> {
    for finding in validator.check(id).findings() {
        let span = finding.span();
        prop_assert!(
            span.start <= span.end && span.end <= id.len(),
            "{:?} out of {}",
            span,
            id.len()
        );
        prop_assert!(id.is_char_boundary(span.start) && id.is_char_boundary(span.end));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_and_spans_stay_inside(id in any::<String>()) {
        assert_spans_valid(&id, &Validator::new())?;
    }

    #[test]
    fn never_panics_on_id_like_strings(id in "[a-zA-Z0-9@._:|+= -]{0,80}") {
        assert_spans_valid(&id, &Validator::new())?;
    }

    #[test]
    fn hmac_outputs_are_always_clean(
        key in proptest::collection::vec(any::<u8>(), 32..64),
        input in "\\PC{1,40}",
        context in "[a-z0-9-]{0,12}",
        prefix in prop_oneof![Just(""), Just("u_"), Just("anon_"), Just("app:")],
        base64 in any::<bool>(),
        bits in (8u16..=32).prop_map(|b| b * 8),
    ) {
        prop_assume!(!input.trim().is_empty());
        let policy = HmacPolicy::builder(Key::from_bytes(&key).expect("key"))
            .context(&context)
            .prefix(prefix)
            .encoding(if base64 { Encoding::Base64Url } else { Encoding::Hex })
            .bits(bits)
            .build()
            .expect("policy");
        let id = policy.user_id(&input).expect("id");
        let report = Validator::new().check(id.as_str());
        prop_assert!(report.is_clean(), "{} -> {:?}", id, report.rules().collect::<Vec<_>>());
    }
}

#[test]
fn messages_never_contain_the_matched_value() {
    let validator = Validator::new();
    for id in [
        "jane.doe@example.com",
        "user_4111111111111111",
        "DE89370400440532013000",
        "+14155552671",
        "192.168.10.77",
        "sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    ] {
        let report = validator.check(id);
        assert!(!report.is_clean(), "{id} should be reported");
        for finding in report.findings() {
            let value = &id[finding.span()];
            if value.len() > 3 {
                assert!(!finding.message().contains(value), "{}", finding.message());
            }
            assert!(!finding.to_string().contains(id));
        }
    }
}

#[test]
fn huge_ids_are_reported_too_long_without_full_scan() {
    let validator = Validator::new();
    let huge = "a@b.".repeat(SCAN_CAP_BYTES); // 256 KiB
    let report = validator.check(&huge);
    assert!(report.has(Rule::FormatTooLong));
    for finding in report.findings() {
        assert!(finding.span().end <= SCAN_CAP_BYTES);
    }
    let multibyte = "é".repeat(SCAN_CAP_BYTES);
    assert!(validator.check(&multibyte).has(Rule::FormatTooLong));
}

#[test]
fn levels_apply_per_rule_then_family_then_default() {
    let config: ValidatorConfig = serde_json::from_str(
        r#"{"levels": {"pii": "warn", "pii-email": "deny", "placeholder": "allow"}, "max-length": 64}"#,
    )
    .expect("config");
    let validator = Validator::from_config(&config).expect("validator");
    assert_eq!(validator.level(Rule::PiiEmail), Severity::Deny);
    assert_eq!(validator.level(Rule::PiiIban), Severity::Warn);
    assert_eq!(validator.level(Rule::PlaceholderId), Severity::Allow);
    assert_eq!(validator.level(Rule::SecretJwt), Severity::Deny);
    assert!(
        validator.check("null").is_clean(),
        "allowed rules do not run"
    );
    assert!(validator.check(&"x".repeat(65)).has(Rule::FormatTooLong));
    assert!(!validator.check(&"x".repeat(64)).has(Rule::FormatTooLong));
    let iban = validator.check("DE89370400440532013000");
    assert!(iban.has(Rule::PiiIban) && !iban.is_denied());
}

#[test]
fn allowlist_patterns_silence_matching_ids() {
    let config = ValidatorConfig::from_json(r#"{"allow": ["^svc_[a-z]+@internal\\.example$"]}"#)
        .expect("config");
    let validator = Validator::from_config(&config).expect("validator");
    assert!(validator.check("svc_build@internal.example").is_clean());
    assert!(validator.check("jane@internal.example").is_denied());
}

#[test]
fn bad_configuration_is_a_clear_error() {
    for text in [
        r#"{"levels": {"pii-emial": "deny"}}"#,
        r#"{"allow": ["("]}"#,
        r#"{"max-length": 0}"#,
    ] {
        let config = ValidatorConfig::from_json(text).expect("parses");
        let error = Validator::from_config(&config).expect_err("invalid");
        assert!(
            matches!(error, idpolicy::Error::Config(_)),
            "{text}: {error}"
        );
    }
    assert!(ValidatorConfig::from_json(r#"{"levels": {"pii": "loud"}}"#).is_err());
    assert!(ValidatorConfig::from_json(r#"{"unknown": 1}"#).is_err());
}

#[test]
fn every_rule_has_an_explanation_in_the_required_form() {
    for rule in Rule::ALL {
        let text = rule.explanation();
        for heading in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
        ] {
            assert!(text.contains(heading), "{rule}: missing {heading}");
        }
        assert!(!text.contains("TODO"), "{rule}: explanation is a stub");
        assert_eq!(idpolicy::explain(rule.code()), Some(text));
        assert_eq!(Rule::from_code(rule.code()), Some(*rule));
        let code = rule.code();
        assert!(
            code.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        );
        assert!(code.starts_with(rule.family().name()) || *rule == Rule::UnkeyedHash);
    }
}

#[test]
fn stable_random_looking_ids_stay_clean() {
    let validator = Validator::new();
    let policy = HmacPolicy::new(Key::from_bytes(&[1u8; 32]).expect("key")).expect("policy");
    let own = policy.user_id("42").expect("id");
    for id in [
        "42",
        "user_12345",
        own.as_str(),
        "auth0|5f7c8ec7c33c6c004bbafe82",
        "google-oauth2|104712384756123456789",
        "user_2NNEqL2nrIRdJ194ndJqAHwEfxC",
        "cus_NffrFeUfNV2Hib",
        "00u1ab2cd3EF4gh5IJ6k",
        "507f1f77bcf86cd799439011",
        "1101574125213114378",
        "usr_3f2b8c1e-9d4a-4e6b-8f7a-2c1d0e9b8a7f",
        "Xa8fK2pQ9zLm3NvR7tYw1sBc4dEe",
    ] {
        let report = validator.check(id);
        assert!(
            report.is_clean(),
            "{id}: {:?}",
            report.rules().collect::<Vec<_>>()
        );
    }
}

//! Behaviour of the three policies, keys, keyrings, configuration and `UserId`.

use std::collections::HashSet;
use std::sync::Arc;

use idpolicy::{
    Canonicalization, Encoding, Error, HmacPolicy, Key, Keyring, Passthrough, PolicyConfig,
    PrefixPolicy, UserId, UserIdPolicy,
};
use proptest::prelude::*;

const KEY_HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

fn key(byte: u8) -> Key {
    Key::from_bytes(&[byte; 32]).expect("32-byte key")
}

fn policy() -> HmacPolicy {
    HmacPolicy::new(Key::from_hex(KEY_HEX).expect("hex key")).expect("default policy")
}

#[test]
fn short_keys_are_rejected_with_their_length() {
    for len in [0, 1, 16, 31] {
        match Key::from_bytes(&vec![1u8; len]) {
            Err(Error::KeyTooShort { len: got }) => assert_eq!(got, len),
            other => panic!("{len}-byte key: expected KeyTooShort, got {other:?}"),
        }
    }
    assert!(Key::from_bytes(&[1u8; 32]).is_ok());
    assert!(Key::from_bytes(&[1u8; 64]).is_ok());
    assert!(matches!(
        Key::from_hex("abcd"),
        Err(Error::KeyTooShort { len: 2 })
    ));
    assert!(matches!(
        Key::from_hex("zz"),
        Err(Error::KeyEncoding {
            encoding: "hex",
            ..
        })
    ));
    assert!(matches!(
        Key::from_base64("!!!!"),
        Err(Error::KeyEncoding {
            encoding: "base64",
            ..
        })
    ));
}

#[test]
fn key_sources_agree_on_the_same_bytes() {
    let bytes: Vec<u8> = (0u8..32).collect();
    let from_bytes = HmacPolicy::new(Key::from_bytes(&bytes).expect("key")).expect("policy");
    let hex = hex::encode(&bytes);
    let b64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    let b64url_padded = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    let dir = std::env::temp_dir().join(format!("idpolicy-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let text_file = dir.join("key.hex");
    std::fs::write(&text_file, format!("{hex}\n")).expect("write");
    let raw_file = dir.join("key.bin");
    let raw: Vec<u8> = (200u8..232).collect();
    std::fs::write(&raw_file, &raw).expect("write");
    let expected = from_bytes.user_id("42").expect("id");
    for key in [
        Key::from_hex(&hex),
        Key::from_hex(&hex.to_uppercase()),
        Key::from_base64(b64),
        Key::from_base64(b64url_padded),
        Key::from_text(&hex),
        Key::from_file(&text_file),
    ] {
        let policy = HmacPolicy::new(key.expect("key decodes")).expect("policy");
        assert_eq!(policy.user_id("42").expect("id"), expected);
    }
    let raw_policy = HmacPolicy::new(Key::from_file(&raw_file).expect("raw key")).expect("policy");
    let raw_expected = HmacPolicy::new(Key::from_bytes(&raw).expect("key")).expect("policy");
    assert_eq!(
        raw_policy.user_id("42").expect("id"),
        raw_expected.user_id("42").expect("id")
    );
    assert!(matches!(
        Key::from_file(dir.join("missing")),
        Err(Error::KeyFile { .. })
    ));
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn keys_and_policies_never_print_key_material() {
    let key = Key::from_hex(KEY_HEX).expect("key");
    let shown = format!("{key:?}");
    assert!(!shown.contains("0001020304"), "{shown}");
    assert!(!shown.contains("[0, 1, 2"), "{shown}");
    let policy = HmacPolicy::builder(key)
        .context("prod")
        .build()
        .expect("policy");
    let shown = format!("{policy:?}");
    assert!(!shown.contains("0001020304"), "{shown}");
    assert!(shown.contains("prod"));
    let ring = Keyring::new(Key::from_hex(KEY_HEX).expect("key"));
    assert!(!format!("{ring:?}").contains("0001020304"));
}

#[test]
fn errors_never_contain_the_raw_internal_id() {
    let distinctive = "jane.doe.secret.person@example.com";
    let prefix = PrefixPolicy::new("app_")
        .expect("prefix")
        .with_validator(idpolicy::Validator::new());
    let pass = Passthrough::new().with_max_length(10);
    let errors = [
        prefix.user_id(distinctive).expect_err("unsafe char"),
        pass.user_id(distinctive).expect_err("too long"),
        Passthrough::new()
            .user_id("jane doe secret")
            .expect_err("whitespace"),
    ];
    for error in errors {
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains("jane"), "{text}");
            assert!(!text.contains("secret"), "{text}");
        }
    }
}

#[test]
fn default_output_fits_safety_identifier() {
    let policy = policy();
    let id = policy.user_id("customer-42").expect("id");
    assert_eq!(id.len(), 38);
    assert_eq!(policy.output_len(), 38);
    assert!(id.len() <= 64);
    let (tag, mac) = id.as_str().split_once('_').expect("tag separator");
    assert_eq!(tag, policy.current_tag().as_str());
    assert!(tag.starts_with('k') && tag.len() == 5);
    assert!(
        mac.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
}

#[test]
fn invalid_options_are_refused() {
    for bits in [0, 56, 63, 65, 100, 264, 512] {
        assert!(
            matches!(
                HmacPolicy::builder(key(1)).bits(bits).build(),
                Err(Error::Config(_))
            ),
            "bits {bits}"
        );
    }
    for bits in (64..=256).step_by(8) {
        assert!(HmacPolicy::builder(key(1)).bits(bits).build().is_ok());
    }
    assert!(
        HmacPolicy::builder(key(1))
            .prefix("has space")
            .build()
            .is_err()
    );
    assert!(
        HmacPolicy::builder(key(1))
            .prefix(&"p".repeat(33))
            .build()
            .is_err()
    );
    assert!(PrefixPolicy::new("").is_err());
    assert!(PrefixPolicy::new("a@b").is_err());
}

#[test]
fn empty_and_blank_ids_are_errors() {
    let policy = policy();
    assert!(matches!(policy.user_id(""), Err(Error::EmptyId)));
    assert!(matches!(policy.user_id(" \t "), Err(Error::EmptyId)));
    let untrimmed = HmacPolicy::builder(key(1))
        .canonicalization(Canonicalization::NONE)
        .build()
        .expect("policy");
    assert!(untrimmed.user_id(" ").is_ok());
    let capped = HmacPolicy::builder(key(1))
        .max_input_len(8)
        .build()
        .expect("policy");
    assert!(matches!(
        capped.user_id("123456789"),
        Err(Error::IdTooLong { len: 9, max: 8 })
    ));
}

#[test]
fn canonicalization_maps_spellings_together_only_when_asked() {
    let plain = policy();
    assert_eq!(
        plain.user_id(" bob ").expect("id"),
        plain.user_id("bob").expect("id")
    );
    assert_eq!(
        plain.user_id("Zo\u{e9}").expect("id"),
        plain.user_id("Zoe\u{301}").expect("id"),
        "NFC is on by default"
    );
    assert_ne!(
        plain.user_id("Bob").expect("id"),
        plain.user_id("bob").expect("id")
    );
    let folding = HmacPolicy::builder(Key::from_hex(KEY_HEX).expect("key"))
        .canonicalization(Canonicalization {
            case_fold: true,
            ..Canonicalization::default()
        })
        .build()
        .expect("policy");
    assert_eq!(
        folding.user_id(" Bob@Example.com").expect("id"),
        folding.user_id("bob@example.com").expect("id")
    );
    assert_eq!(
        folding.user_id("ÉCOLE").expect("id"),
        folding.user_id("école").expect("id")
    );
}

#[test]
fn contexts_and_keys_separate_domains() {
    let a = HmacPolicy::builder(key(1))
        .context("app-a")
        .build()
        .expect("policy");
    let b = HmacPolicy::builder(key(1))
        .context("app-b")
        .build()
        .expect("policy");
    let none = HmacPolicy::new(key(1)).expect("policy");
    let empty = HmacPolicy::builder(key(1))
        .context("")
        .build()
        .expect("policy");
    let other_key = HmacPolicy::new(key(2)).expect("policy");
    let id = |p: &HmacPolicy| p.user_id("42").expect("id").into_string();
    let mac = |p: &HmacPolicy| {
        id(p)
            .split_once('_')
            .map(|(_, m)| m.to_owned())
            .expect("mac")
    };
    assert_ne!(mac(&a), mac(&b));
    assert_ne!(mac(&a), mac(&none));
    assert_eq!(id(&none), id(&empty), "an empty context is no context");
    assert_ne!(mac(&none), mac(&other_key));
    assert_ne!(none.current_tag(), other_key.current_tag());
}

#[test]
fn rotation_produces_and_verifies_ids_under_every_key() {
    let old = HmacPolicy::new(key(1)).expect("policy");
    let new = HmacPolicy::new(key(2)).expect("policy");
    let ring = Keyring::new(key(2))
        .with_previous(key(1))
        .expect("distinct tags");
    let rotated = HmacPolicy::new(ring).expect("policy");
    let old_id = old.user_id("42").expect("id");
    let new_id = new.user_id("42").expect("id");
    assert_eq!(rotated.user_id("42").expect("id"), new_id);
    assert_eq!(
        rotated.user_ids_all("42").expect("ids"),
        vec![new_id.clone(), old_id.clone()]
    );
    assert!(rotated.verify("42", old_id.as_str()));
    assert!(rotated.verify("42", new_id.as_str()));
    assert!(!rotated.verify("43", old_id.as_str()));
    assert!(!new.verify("42", old_id.as_str()));
    assert!(!rotated.verify("42", ""));
    assert!(!rotated.verify("", new_id.as_str()));
    // Truncated, extended, head-only and head-swapped ids never verify.
    let text = new_id.as_str();
    let (head, body) = text.split_at(text.find('_').expect("tag separator") + 1);
    for wrong in [
        &text[..text.len() - 1],
        &format!("{text}0"),
        head,
        &head[..head.len() - 1],
        &format!("{}{body}", old_id.as_str().split_at(head.len()).0),
        &format!("{head}{}", old_id.as_str().split_at(head.len()).1),
    ] {
        assert!(!rotated.verify("42", wrong), "{wrong}");
    }
    assert!(matches!(
        Keyring::new(key(1)).with_previous(key(1)),
        Err(Error::DuplicateKeyTag { .. })
    ));
    let tagged = Keyring::new(key(3).with_tag("v2").expect("tag"))
        .with_previous(key(4).with_tag("v1").expect("tag"))
        .expect("ring");
    let tagged = HmacPolicy::new(tagged).expect("policy");
    assert!(
        tagged
            .user_id("42")
            .expect("id")
            .as_str()
            .starts_with("v2_")
    );
    assert!(
        tagged.user_ids_all("42").expect("ids")[1]
            .as_str()
            .starts_with("v1_")
    );
}

#[test]
fn prefix_policy_round_trips_and_rejects_unsafe_characters() {
    let policy = PrefixPolicy::new("app_").expect("prefix");
    for id in ["12345", "a.b-c_d", "tenant:7|u-9", "X"] {
        let out = policy.user_id(id).expect("safe id");
        assert_eq!(out.as_str(), format!("app_{id}"));
        assert_eq!(policy.internal_id(out.as_str()), Some(id));
    }
    for (id, at) in [
        ("a@b", 1),
        ("has space", 3),
        ("é", 0),
        ("a/b", 1),
        ("x\n", 1),
    ] {
        assert!(
            matches!(policy.user_id(id), Err(Error::UnsafeChar { at: got }) if got == at),
            "{id:?}"
        );
    }
    assert!(matches!(policy.user_id(""), Err(Error::EmptyId)));
    assert!(matches!(
        policy.user_id(&"1".repeat(129)),
        Err(Error::IdTooLong { len: 129, max: 128 })
    ));
    assert_eq!(policy.internal_id("other_12"), None);
    assert_eq!(policy.internal_id("app_"), None);
}

#[test]
fn passthrough_checks_and_returns_the_id_unchanged() {
    let policy = Passthrough::new();
    assert_eq!(
        policy.user_id("cus_kThOpv8XPq3OCw").expect("id").as_str(),
        "cus_kThOpv8XPq3OCw"
    );
    assert_eq!(policy.user_id("Zoë-42").expect("id").as_str(), "Zoë-42");
    assert!(matches!(policy.user_id(""), Err(Error::EmptyId)));
    assert!(matches!(
        policy.user_id("a\u{200b}b"),
        Err(Error::ControlChar { at: 1 })
    ));
    assert!(matches!(
        policy.user_id("a\0"),
        Err(Error::ControlChar { at: 1 })
    ));
    assert!(matches!(
        policy.user_id("a b"),
        Err(Error::Whitespace { at: 1 })
    ));
    assert!(matches!(
        policy.user_id(&"x".repeat(257)),
        Err(Error::IdTooLong { .. })
    ));
    assert!(policy.user_id(&"x".repeat(256)).is_ok());
}

#[test]
fn write_user_id_appends_and_leaves_the_buffer_alone_on_error() {
    let policies: Vec<Box<dyn UserIdPolicy>> = vec![
        Box::new(policy()),
        Box::new(PrefixPolicy::new("app_").expect("prefix")),
        Box::new(Passthrough::new()),
    ];
    for policy in &policies {
        let mut buffer = String::from("head,");
        policy.write_user_id("42", &mut buffer).expect("id");
        assert_eq!(&buffer[5..], policy.user_id("42").expect("id").as_str());
        let before = buffer.clone();
        assert!(policy.write_user_id("", &mut buffer).is_err());
        assert_eq!(buffer, before);
    }
    let validated = PrefixPolicy::new("app_")
        .expect("prefix")
        .with_validator(idpolicy::Validator::new());
    let mut buffer = String::from("keep");
    assert!(validated.write_user_id("null", &mut buffer).is_err());
    assert_eq!(buffer, "keep");
}

#[test]
fn policies_are_object_safe_and_shareable() {
    let shared: Arc<dyn UserIdPolicy> = Arc::new(policy());
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || shared.user_id("42").expect("id"))
        })
        .collect();
    let ids: HashSet<UserId> = handles
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();
    assert_eq!(ids.len(), 1);
}

#[test]
fn config_builds_each_policy_kind() {
    // set_var is unsafe in edition 2024 because of concurrent readers of the
    // environment; this variable name is unique to this test and read only here.
    #[allow(unsafe_code)]
    unsafe {
        std::env::set_var("IDPOLICY_TEST_CONFIG_KEY", KEY_HEX)
    };
    let hmac = PolicyConfig::from_json(
        r#"{"kind":"hmac","key_env":"IDPOLICY_TEST_CONFIG_KEY","context":"prod","encoding":"base64url","bits":128}"#,
    )
    .expect("config");
    let direct = HmacPolicy::builder(Key::from_hex(KEY_HEX).expect("key"))
        .context("prod")
        .encoding(Encoding::Base64Url)
        .build()
        .expect("policy");
    assert_eq!(
        hmac.build().expect("build").user_id("42").expect("id"),
        direct.user_id("42").expect("id")
    );
    let prefix = PolicyConfig::from_json(r#"{"kind":"prefix","prefix":"app_","lint":{}}"#)
        .expect("config")
        .build()
        .expect("build");
    assert_eq!(prefix.user_id("7").expect("id").as_str(), "app_7");
    assert!(matches!(prefix.user_id("null"), Err(Error::Denied { .. })));
    let pass = PolicyConfig::from_json(r#"{"kind":"passthrough","max_length":4}"#)
        .expect("config")
        .build()
        .expect("build");
    assert!(pass.user_id("12345").is_err());
}

#[test]
fn config_errors_are_clear_and_never_echo_values() {
    let secret = "5ec2e7".repeat(11);
    let cases = [
        format!(r#"{{"kind":"hmac","contxt":"{secret}"}}"#),
        format!(r#"{{"kind":"hmac","bits":"{secret}"}}"#),
        format!(r#"{{"kind":"{secret}"}}"#),
    ];
    for text in &cases {
        let error = PolicyConfig::from_json(text).expect_err("invalid config");
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(&secret), "{shown}");
        assert!(matches!(error, Error::Config(_)));
    }
    let unknown = PolicyConfig::from_json(r#"{"kind":"hmac","contxt":"prod"}"#).expect_err("typo");
    assert!(unknown.to_string().contains("contxt"), "{unknown}");
    let no_key = PolicyConfig::from_json(r#"{"kind":"hmac"}"#)
        .expect("parses")
        .build()
        .expect_err("no key");
    assert!(no_key.to_string().contains("no key"), "{no_key}");
    let missing_env =
        PolicyConfig::from_json(r#"{"kind":"hmac","key_env":"IDPOLICY_TEST_UNSET_VAR"}"#)
            .expect("parses")
            .build()
            .expect_err("unset");
    assert!(matches!(missing_env, Error::KeyEnv { .. }));
    let test_key = PolicyConfig::from_json(&format!(
        r#"{{"kind":"hmac","insecure_test_key_hex":"{KEY_HEX}"}}"#
    ))
    .expect("parses");
    let PolicyConfig::Hmac(hmac) = test_key else {
        panic!("hmac config expected");
    };
    assert!(!format!("{:?}", hmac.build().expect("builds")).contains(&KEY_HEX[..16]));
}

#[cfg(feature = "toml")]
#[test]
fn config_reads_toml() {
    let config = PolicyConfig::from_toml(&format!(
        "kind = \"hmac\"\ninsecure_test_key_hex = \"{KEY_HEX}\"\ncontext = \"prod\"\n[canonicalization]\ncase_fold = true\n"
    ))
    .expect("toml");
    let policy = config.build().expect("build");
    assert_eq!(
        policy.user_id("BOB").expect("id"),
        policy.user_id("bob").expect("id")
    );
}

#[test]
fn user_id_serde_is_a_plain_validated_string() {
    let id = policy().user_id("42").expect("id");
    let json = serde_json::to_string(&id).expect("serialize");
    assert_eq!(json, format!("\"{id}\""));
    let back: UserId = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back, id);
    for bad in [r#""""#, r#""a b""#, r#""a\u0000""#, r#""\u200b""#] {
        assert!(serde_json::from_str::<UserId>(bad).is_err(), "{bad}");
    }
    assert!(serde_json::from_str::<UserId>(&format!("\"{}\"", "x".repeat(1025))).is_err());
    assert_eq!(id, *id.as_str());
    assert_eq!(id.to_string(), id.as_str());
}

#[test]
fn user_ids_behave_as_their_strings_inline_or_not() {
    use std::collections::hash_map::DefaultHasher;
    use std::hash::{Hash, Hasher};
    let hash = |value: &dyn Fn(&mut DefaultHasher)| {
        let mut hasher = DefaultHasher::new();
        value(&mut hasher);
        hasher.finish()
    };
    // Around the inline limit, and policy outputs of both sizes.
    let long_policy = HmacPolicy::builder(key(5))
        .prefix(&"p".repeat(32))
        .bits(256)
        .build()
        .expect("policy");
    let mut texts: Vec<String> = [
        1,
        UserId::INLINE_LEN - 1,
        UserId::INLINE_LEN,
        UserId::INLINE_LEN + 1,
        300,
    ]
    .iter()
    .map(|&len| "a".repeat(len))
    .collect();
    texts.push(policy().user_id("42").expect("id").into_string());
    texts.push(long_policy.user_id("42").expect("id").into_string());
    assert!(texts.last().expect("long id").len() > UserId::INLINE_LEN);
    let ids: Vec<UserId> = texts
        .iter()
        .map(|t| UserId::parse(t).expect("id"))
        .collect();
    for (id, text) in ids.iter().zip(&texts) {
        assert_eq!(id.as_str(), text);
        assert_eq!(id.len(), text.len());
        assert_eq!(format!("{id:?}"), format!("UserId({text:?})"));
        assert_eq!(hash(&|h| id.hash(h)), hash(&|h| text.as_str().hash(h)));
        assert_eq!(id.clone().into_string(), *text);
        assert_eq!(String::from(id.clone()), *text);
        assert_eq!(UserId::try_from(text.clone()).expect("id"), *id);
        assert_eq!(
            serde_json::to_string(id).expect("json"),
            serde_json::to_string(text).expect("json")
        );
        for (other, other_text) in ids.iter().zip(&texts) {
            assert_eq!(id.cmp(other), text.cmp(other_text));
            assert_eq!(id == other, text == other_text);
        }
    }
    // The longest head (32-byte prefix, 8-byte tag) with the longest MAC.
    let longest = HmacPolicy::builder(key(6).with_tag("abcdefgh").expect("tag"))
        .prefix(&"p".repeat(32))
        .bits(256)
        .build()
        .expect("policy");
    let id = longest.user_id("42").expect("id");
    assert_eq!(id.len(), 32 + 8 + 1 + 64);
    assert!(
        id.as_str()
            .starts_with(&format!("{}abcdefgh_", "p".repeat(32)))
    );
    let mut out = String::from("x");
    longest.write_user_id("42", &mut out).expect("id");
    assert_eq!(out, format!("x{id}"));
    assert!(longest.verify("42", id.as_str()));
    // A policy's long id goes through the same representation as a parsed one.
    let made = long_policy.user_id("42").expect("id");
    assert_eq!(made, UserId::parse(made.as_str()).expect("id"));
    assert_eq!(long_policy.user_ids_all("42").expect("ids"), vec![made]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn same_input_same_output(input in ".{1,80}") {
        let policy = policy();
        let fresh = HmacPolicy::new(Key::from_hex(KEY_HEX).expect("key")).expect("policy");
        match (policy.user_id(&input), fresh.user_id(&input)) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(_), Err(_)) => prop_assert!(input.trim().is_empty()),
            _ => prop_assert!(false, "policies disagree"),
        }
    }

    #[test]
    fn any_string_gives_a_value_or_an_error(input in any::<String>(), big in 0usize..3) {
        let input = input.repeat(1 + big * 2000);
        let policies: [Box<dyn UserIdPolicy>; 3] = [
            Box::new(policy()),
            Box::new(PrefixPolicy::new("app_").expect("prefix").with_validator(idpolicy::Validator::new())),
            Box::new(Passthrough::new().with_validator(idpolicy::Validator::new())),
        ];
        for policy in &policies {
            if let Ok(id) = policy.user_id(&input) {
                prop_assert!(UserId::parse(id.as_str()).is_ok());
            }
        }
    }

    #[test]
    fn output_alphabet_and_length_hold(
        input in "[ -~]{1,60}|\\PC{1,30}",
        bits in (8u16..=32).prop_map(|b| b * 8),
        base64 in any::<bool>(),
    ) {
        prop_assume!(!input.trim().is_empty());
        let encoding = if base64 { Encoding::Base64Url } else { Encoding::Hex };
        let policy = HmacPolicy::builder(key(5)).encoding(encoding).bits(bits).build().expect("policy");
        let id = policy.user_id(&input).expect("id");
        prop_assert_eq!(id.len(), policy.output_len());
        let (_, mac) = id.as_str().split_once('_').expect("separator");
        prop_assert_eq!(mac.len(), encoding.encoded_len(usize::from(bits / 8)));
        let alphabet_ok = match encoding {
            Encoding::Hex => mac.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
            _ => mac.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        };
        prop_assert!(alphabet_ok);
    }

    #[test]
    fn different_keys_or_contexts_give_different_outputs(input in "[a-z0-9@._-]{1,40}", ctx in "[a-z]{1,8}") {
        let base = HmacPolicy::new(key(7)).expect("policy").user_id(&input).expect("id");
        let other_key = HmacPolicy::new(key(8)).expect("policy").user_id(&input).expect("id");
        let other_ctx = HmacPolicy::builder(key(7)).context(&ctx).build().expect("policy").user_id(&input).expect("id");
        prop_assert_ne!(&base, &other_key);
        prop_assert_ne!(&base, &other_ctx);
    }

    #[test]
    fn prefix_round_trip(id in "[A-Za-z0-9._:|-]{1,128}") {
        let policy = PrefixPolicy::new("app_").expect("prefix");
        let out = policy.user_id(&id).expect("safe id");
        prop_assert_eq!(policy.internal_id(out.as_str()), Some(id.as_str()));
    }
}

#[test]
fn distinct_ids_give_distinct_outputs_over_a_large_sample() {
    // 200,000 ids at 64 bits: a collision would have probability ~1e-9.
    let policy = HmacPolicy::builder(key(9))
        .bits(64)
        .build()
        .expect("policy");
    let mut seen = HashSet::with_capacity(200_000);
    let mut buffer = String::with_capacity(32);
    for i in 0..200_000u32 {
        buffer.clear();
        policy
            .write_user_id(&format!("user_{i}"), &mut buffer)
            .expect("id");
        assert!(seen.insert(buffer.clone()), "collision at {i}");
    }
}

//! Hostile inputs and leak checks (issue 6): huge ids, long runs of one pattern,
//! deeply nested JSON and unbalanced CSV must give clear findings or errors and
//! never panic; no `Debug`, `Display` or error output may hold key material or a
//! raw internal id. No timing assertions here: see the fuzz README for figures.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use idpolicy::{
    Error, HmacConfig, HmacPolicy, Key, KeySource, Keyring, Passthrough, PolicyConfig,
    PrefixPolicy, Rule, SCAN_CAP_BYTES, UserIdPolicy, Validator, ValidatorConfig,
};

const MIB: usize = 1 << 20;

fn hmac() -> HmacPolicy {
    HmacPolicy::new(Key::from_bytes(&[7u8; 32]).expect("key")).expect("policy")
}

/// Runs `id` through the validator and every policy; the validator must report it
/// too long, every policy must refuse it with `IdTooLong` (or a denial for the
/// checked passthrough), and no message may echo the id.
fn assert_too_long_everywhere(id: &str) {
    let report = Validator::new().check(id);
    assert!(
        report.has(Rule::FormatTooLong),
        "no format-too-long for {} bytes",
        id.len()
    );
    assert!(report.is_denied());
    for finding in report.findings() {
        let span = finding.span();
        assert!(span.end <= id.len().min(SCAN_CAP_BYTES));
        assert!(id.is_char_boundary(span.start) && id.is_char_boundary(span.end));
        assert!(
            finding.message().len() < 200,
            "message of {:?} is huge",
            finding.rule()
        );
    }
    let too_long = report
        .findings()
        .iter()
        .find(|f| f.rule() == Rule::FormatTooLong)
        .expect("format-too-long");
    assert!(
        too_long.message().contains(&id.len().to_string()),
        "{}",
        too_long.message()
    );

    let err = hmac()
        .user_id(id)
        .expect_err("1 MiB id accepted by HmacPolicy");
    assert!(
        matches!(err, Error::IdTooLong { len, max } if len == id.len() && max == 64 * 1024),
        "{err:?}"
    );
    let err = PrefixPolicy::new("app_")
        .expect("prefix")
        .user_id(id)
        .expect_err("PrefixPolicy accepted a huge id");
    assert!(matches!(err, Error::IdTooLong { .. }), "{err:?}");
    let err = Passthrough::new()
        .user_id(id)
        .expect_err("Passthrough accepted a huge id");
    assert!(err.to_string().len() < 300, "huge error message");
    assert!(!hmac().verify(id, "k_00"), "verify accepted a huge id");
    let hmac_err = hmac().user_id(id).expect_err("too long");
    assert!(
        hmac_err.to_string().contains("over the limit"),
        "{hmac_err}"
    );
}

#[test]
fn one_mib_id() {
    let id = "u".repeat(MIB);
    assert_too_long_everywhere(&id);
}

#[test]
fn ten_mib_string() {
    let mut line = String::with_capacity(10 * MIB + 8);
    while line.len() < 10 * MIB {
        line.push_str("user-42 alice@example.com eyJhbGciOiJIUzI1NiJ9 +1-555-0100 ");
    }
    assert_too_long_everywhere(&line);
}

#[test]
fn ten_mib_multibyte_cut_on_char_boundary() {
    // The 64 KiB scan cap falls inside a multi-byte character.
    let id = format!("a{}", "é".repeat(5 * MIB));
    assert!(!id.is_char_boundary(SCAN_CAP_BYTES));
    assert_too_long_everywhere(&id);
}

#[test]
fn a_million_repeats() {
    for unit in [
        "@", "1", ".", "eyJ", "a@", "1.", "eyJ.", "-", "\u{200b}", "\u{0}",
    ] {
        let id = unit.repeat(1_000_000);
        assert_too_long_everywhere(&id);
        // Just under the scan cap: scanned in full.
        let scanned = &id[..(SCAN_CAP_BYTES - 8) / unit.len() * unit.len()];
        let report = Validator::new().check(scanned);
        assert!(report.has(Rule::FormatTooLong), "{unit:?}");
        // Under the length cap too: all rules run on the shape, still no panic.
        let short = &id[..250 / unit.len() * unit.len()];
        let report = Validator::new().with_max_length(1 << 30).check(scanned);
        assert!(!report.has(Rule::FormatTooLong), "{unit:?}");
        let _ = Validator::new().check(short);
        let _ = hmac().user_id(short);
    }
}

#[test]
fn huge_ids_through_verify_and_rotation() {
    let ring = Keyring::new(Key::from_bytes(&[1u8; 32]).expect("key"))
        .with_previous(Key::from_bytes(&[2u8; 32]).expect("key"))
        .expect("ring");
    let policy = HmacPolicy::new(ring).expect("policy");
    let id = "@".repeat(MIB);
    assert!(policy.user_ids_all(&id).is_err());
    assert!(!policy.verify(&id, &id));
    // Exactly at the limit is fine; one byte more is not.
    let at_limit = "x".repeat(64 * 1024);
    let out = policy.user_id(&at_limit).expect("64 KiB id");
    assert!(policy.verify(&at_limit, out.as_str()));
    assert!(matches!(
        policy.user_id(&"x".repeat(64 * 1024 + 1)),
        Err(Error::IdTooLong { .. })
    ));
}

#[cfg(feature = "records")]
mod records {
    use idpolicy::records::{
        Batch, FieldPath, Framing, RecordError, RecordReader, csv_column, json_field, record_text,
    };

    fn read_all(input: &[u8], framing: Framing, max: usize) -> Vec<Result<Vec<u8>, RecordError>> {
        let mut reader = RecordReader::new(input, framing).with_max_record_len(max);
        let mut batch = Batch::new();
        let mut out = Vec::new();
        loop {
            batch.clear();
            if reader.read_batch(&mut batch, 64).expect("slice read") == 0 {
                break;
            }
            out.extend(batch.iter().map(|r| r.content().map(<[u8]>::to_vec)));
        }
        out
    }

    #[test]
    fn deeply_nested_json_lines() {
        let path = FieldPath::parse("metadata.user_id").expect("path");
        let shapes = [
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
            format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000)),
            format!(
                "{{\"metadata\":{}\"x\"{}}}",
                "[".repeat(50_000),
                "]".repeat(50_000)
            ),
            "[".repeat(1_000_000),
            format!("{{\"metadata\":{}", "{\"user_id\":".repeat(80_000)),
        ];
        for line in &shapes {
            let err = json_field(line, &path).expect_err("nested JSON accepted");
            assert!(
                matches!(
                    err,
                    RecordError::MalformedJson { .. } | RecordError::MissingField { .. }
                ),
                "{err:?}"
            );
            assert!(err.to_string().len() < 300, "huge message: {err}");
        }
        // Nesting just inside serde_json's limit on the path itself.
        let nested = format!(
            "{{\"metadata\":{{\"user_id\":\"u-1\",\"x\":{}0{}}}}}",
            "[".repeat(100),
            "]".repeat(100)
        );
        assert_eq!(json_field(&nested, &path).expect("found").value, "u-1");

        // Through the reader, as `--input jsonl` reads it.
        let mut input = Vec::new();
        for line in &shapes {
            input.extend_from_slice(line.as_bytes());
            input.push(b'\n');
        }
        input.extend_from_slice(b"{\"metadata\":{\"user_id\":\"ok\"}}\n");
        let records = read_all(&input, Framing::Lines, 1 << 20);
        assert_eq!(records.len(), shapes.len() + 1);
        for (record, line) in records.iter().zip(&shapes) {
            let content = record.as_ref().expect("under the 1 MiB cap");
            assert_eq!(content.len(), line.len());
            let text = record_text(content).expect("utf-8");
            assert!(json_field(text, &path).is_err());
        }
        let last = records.last().expect("last").as_ref().expect("ok");
        let text = record_text(last).expect("utf-8");
        assert_eq!(json_field(text, &path).expect("found").value, "ok");
    }

    #[test]
    fn ten_mib_line_hits_the_record_cap() {
        let mut input = vec![b'@'; 10 << 20];
        input.extend_from_slice(b"\nnext\n");
        let records = read_all(
            &input,
            Framing::Lines,
            idpolicy::records::DEFAULT_MAX_RECORD_LEN,
        );
        assert_eq!(records.len(), 2);
        assert_eq!(
            records[0],
            Err(RecordError::TooLong {
                len: 10 << 20,
                max: idpolicy::records::DEFAULT_MAX_RECORD_LEN
            })
        );
        let message = records[0].as_ref().expect_err("too long").to_string();
        assert!(message.contains("over the cap"), "{message}");
        assert_eq!(records[1].as_deref(), Ok(&b"next"[..]));
    }

    #[test]
    fn csv_with_unbalanced_quotes() {
        let input = b"id,user\n1,\"open\n2,x\n3,y\n";
        let records = read_all(input, Framing::Csv, 1 << 20);
        assert_eq!(records.len(), 2, "{records:?}");
        assert_eq!(records[0].as_deref(), Ok(&b"id,user"[..]));
        assert_eq!(records[1], Err(RecordError::UnterminatedQuote));
        let message = RecordError::UnterminatedQuote.to_string();
        assert!(
            message.contains("quoted CSV field is not closed"),
            "{message}"
        );

        // A million quotes, with and without balance, and an open quote that runs
        // past the record cap.
        let balanced = format!("{},x\n", "\"".repeat(1_000_000));
        let records = read_all(balanced.as_bytes(), Framing::Csv, 1 << 20);
        assert_eq!(records.len(), 1);
        let content = records[0].as_ref().expect("balanced quotes");
        assert!(csv_column(content, 1).is_ok());
        let open = format!("a,{}\n", "\"".repeat(1_000_001));
        let records = read_all(open.as_bytes(), Framing::Csv, 1 << 20);
        assert!(records.iter().all(|r| r.is_err()), "{}", records.len());
        let mut runaway = b"a,\"".to_vec();
        runaway.extend(std::iter::repeat_n(b"x\n", 2 << 20).flatten());
        runaway.extend_from_slice(b"\"\nb,c\n");
        let records = read_all(&runaway, Framing::Csv, 1 << 20);
        assert!(
            matches!(records[0], Err(RecordError::TooLong { .. })),
            "{:?}",
            records[0].as_ref().map(Vec::len)
        );
        assert_eq!(records.last().map(|r| r.as_deref()), Some(Ok(&b"b,c"[..])));

        // Quotes inside a field: the column reader never panics.
        for record in [&b"\""[..], b"\"\"\"", b",\",", b"a\"b\"c,\"", b"\",\",\","] {
            for index in 0..4 {
                let _ = csv_column(record, index);
            }
        }
    }
}

// ---- leaks ----------------------------------------------------------------

/// A key with no repeated byte, so any encoding of it is distinctive.
fn leak_key() -> Vec<u8> {
    (0u8..32).map(|i| i.wrapping_mul(29) ^ 0x9c).collect()
}

/// Every textual form of `key` (and of its first 12 bytes) that must never appear.
fn encodings(key: &[u8]) -> Vec<String> {
    let mut forms = Vec::new();
    for bytes in [key, &key[..12]] {
        forms.push(hex::encode(bytes));
        forms.push(hex::encode_upper(bytes));
    }
    for engine in [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD] {
        forms.push(engine.encode(key));
    }
    // The first 12 bytes encode to 16 base64 characters with no padding.
    forms.push(STANDARD.encode(&key[..12]));
    forms.push(URL_SAFE.encode(&key[..12]));
    forms
}

/// Fails with the label of every output that contains a form of the key.
fn assert_no_key(outputs: &[(String, String)], key: &[u8]) {
    let forms = encodings(key);
    let mut leaks = Vec::new();
    for (label, text) in outputs {
        for form in &forms {
            if text.contains(form.as_str()) {
                leaks.push(format!("{label} contains {form}"));
            }
        }
    }
    assert!(
        leaks.is_empty(),
        "key material in output:\n{}",
        leaks.join("\n")
    );
}

fn debug_and_display<E: std::fmt::Debug + std::fmt::Display>(
    label: &str,
    e: &E,
) -> Vec<(String, String)> {
    vec![
        (format!("{label} Debug"), format!("{e:?}")),
        (format!("{label} Debug#"), format!("{e:#?}")),
        (format!("{label} Display"), e.to_string()),
    ]
}

/// Outputs of the key-holding types themselves: none of them is ever printed with
/// its key.
#[test]
fn no_key_material_in_key_types() {
    let raw = leak_key();
    let hex_key = hex::encode(&raw);
    let key = Key::from_bytes(&raw).expect("key");
    let mut outputs = vec![
        ("Key Debug".to_owned(), format!("{key:?}")),
        ("Key Debug#".to_owned(), format!("{key:#?}")),
        ("KeyTag Display".to_owned(), key.tag().to_string()),
    ];
    for (label, key) in [
        ("Key::from_hex", Key::from_hex(&hex_key)),
        ("Key::from_base64", Key::from_base64(&STANDARD.encode(&raw))),
        (
            "Key::from_text",
            Key::from_text(&URL_SAFE_NO_PAD.encode(&raw)),
        ),
    ] {
        outputs.push((label.to_owned(), format!("{:?}", key.expect("valid key"))));
    }
    let ring = Keyring::new(Key::from_bytes(&raw).expect("key"))
        .with_previous(Key::from_bytes(&[5u8; 32]).expect("key"))
        .expect("ring");
    outputs.push(("Keyring Debug".into(), format!("{ring:?}")));
    outputs.push(("Keyring Debug#".into(), format!("{ring:#?}")));
    let builder = HmacPolicy::builder(Key::from_bytes(&raw).expect("key")).context("prod");
    outputs.push(("HmacPolicyBuilder Debug".into(), format!("{builder:?}")));
    outputs.push(("HmacPolicyBuilder Debug#".into(), format!("{builder:#?}")));
    let policy = builder.build().expect("policy");
    outputs.push(("HmacPolicy Debug".into(), format!("{policy:?}")));
    outputs.push(("HmacPolicy Debug#".into(), format!("{policy:#?}")));
    let boxed: Box<dyn UserIdPolicy> = Box::new(HmacPolicy::new(ring).expect("policy"));
    outputs.push(("Box<dyn UserIdPolicy> Debug".into(), format!("{boxed:?}")));
    // The ids themselves are HMAC outputs, not the key.
    let id = policy.user_id("customer-42").expect("id");
    outputs.push(("UserId".into(), format!("{id:?} {id}")));
    assert_no_key(&outputs, &raw);
}

/// Errors from bad keys and bad configuration never echo the key text.
#[test]
fn no_key_material_in_errors() {
    let raw = leak_key();
    let hex_key = hex::encode(&raw);
    let b64_key = STANDARD.encode(&raw);
    let mut outputs = Vec::new();
    let mut push = |label: &str, result: Result<Key, Error>| {
        let err = result.expect_err(label);
        outputs.extend(debug_and_display(label, &err));
    };
    push("from_hex bad char", Key::from_hex(&format!("{hex_key}zz")));
    push("from_hex odd", Key::from_hex(&format!("{hex_key}0")));
    push("from_hex short", Key::from_hex(&hex_key[..40]));
    push("from_base64 bad", Key::from_base64(&format!("{b64_key}!!")));
    push(
        "from_base64 short",
        Key::from_base64(&STANDARD.encode(&raw[..16])),
    );
    push(
        "from_text bad",
        Key::from_text(&format!("{hex_key}~{b64_key}")),
    );
    push("from_bytes short", Key::from_bytes(&raw[..31]));
    push(
        "with_tag bad",
        Key::from_bytes(&raw).expect("key").with_tag(&hex_key),
    );

    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("key.txt");
    std::fs::write(&file, format!("{hex_key}\n{hex_key}xyz")).expect("write");
    if let Err(err) = Key::from_file(&file) {
        outputs.extend(debug_and_display("from_file garbage", &err));
    }
    std::fs::write(&file, &raw[..20]).expect("write");
    if let Err(err) = Key::from_file(&file) {
        outputs.extend(debug_and_display("from_file short raw", &err));
    }
    if let Some(warning) = Key::file_permission_warning(&file) {
        outputs.push(("permission warning".into(), warning));
    }

    // Configuration that holds the key but fails to parse or build.
    let configs = [
        format!(r#"{{"kind":"hmac","insecure_test_key_hex":"{hex_key}","bits":65}}"#),
        format!(r#"{{"kind":"hmac","insecure_test_key_hex":"{hex_key}zz"}}"#),
        format!(r#"{{"kind":"hmac","insecure_test_key_hex":"{hex_key}","unknown":"{hex_key}"}}"#),
        format!(r#"{{"kind":"hmac","insecure_test_key_hex":{hex_key}}}"#),
        format!(r#"{{"kind":"hmac","bits":"{hex_key}"}}"#),
        format!(r#"{{"kind":"{hex_key}"}}"#),
        format!(r#"{{"kind":"hmac","insecure_test_key_hex":"{hex_key}""#),
        format!(r#"{{"kind":"hmac","insecure_test_key_hex":"{hex_key}","key_env":"K"}}"#),
        format!(r#"{{"kind":"hmac","encoding":"{b64_key}"}}"#),
        format!(r#"{{"levels":{{"{hex_key}":"deny"}}}}"#),
    ];
    for (i, text) in configs.iter().enumerate() {
        match PolicyConfig::from_json(text) {
            Err(err) => outputs.extend(debug_and_display(&format!("from_json #{i}"), &err)),
            Ok(config) => {
                if let Err(err) = config.build() {
                    outputs.extend(debug_and_display(&format!("build #{i}"), &err));
                }
            }
        }
        if let Err(err) = ValidatorConfig::from_json(text) {
            outputs.extend(debug_and_display(
                &format!("validator from_json #{i}"),
                &err,
            ));
        }
    }
    #[cfg(feature = "toml")]
    for (i, text) in [
        format!("kind = \"hmac\"\ninsecure_test_key_hex = \"{hex_key}\"\nbits = 65\n"),
        format!("kind = \"hmac\"\ninsecure_test_key_hex = {hex_key}\n"),
        format!("kind = \"hmac\"\ninsecure_test_key_hex = \"{hex_key}\"\nextra = \"{hex_key}\"\n"),
        format!("kind = \"{hex_key}\"\n"),
        format!("kind = \"hmac\"\nencoding = \"{b64_key}\"\n"),
        format!("[levels]\n\"{hex_key}\" = \"deny\"\n"),
    ]
    .iter()
    .enumerate()
    {
        match PolicyConfig::from_toml(text) {
            Err(err) => outputs.extend(debug_and_display(&format!("from_toml #{i}"), &err)),
            Ok(config) => {
                if let Err(err) = config.build() {
                    outputs.extend(debug_and_display(&format!("toml build #{i}"), &err));
                }
            }
        }
        if let Err(err) = ValidatorConfig::from_toml(text) {
            outputs.extend(debug_and_display(
                &format!("validator from_toml #{i}"),
                &err,
            ));
        }
    }
    assert_no_key(&outputs, &raw);
}

/// Configuration structs that carry `insecure_test_key_hex` must not print it:
/// `Debug` of a config is what ends up in logs and panic messages.
///
/// Found while writing this test: `HmacConfig` and `KeySource` derived `Debug`,
/// which printed `insecure_test_key_hex` verbatim; they now redact it.
#[test]
fn no_key_material_in_config_debug() {
    let raw = leak_key();
    let hex_key = hex::encode(&raw);
    let json = format!(r#"{{"kind":"hmac","insecure_test_key_hex":"{hex_key}","context":"prod"}}"#);
    let config = PolicyConfig::from_json(&json).expect("config");
    let hmac_config = HmacConfig {
        insecure_test_key_hex: Some(hex_key.clone()),
        previous_keys: vec![KeySource {
            insecure_test_key_hex: Some(hex_key.clone()),
            ..KeySource::default()
        }],
        ..HmacConfig::default()
    };
    let mut outputs = vec![
        ("PolicyConfig Debug".to_owned(), format!("{config:?}")),
        ("HmacConfig Debug".to_owned(), format!("{hmac_config:?}")),
        (
            "KeySource Debug".to_owned(),
            format!("{:?}", hmac_config.previous_keys[0]),
        ),
    ];
    let policy = config.build().expect("policy");
    outputs.push(("built policy Debug".into(), format!("{policy:?}")));
    assert_no_key(&outputs, &raw);
}

/// Distinctive internal ids never appear in error or finding messages: at most a
/// masked excerpt, never a run of more than a few of the id's characters.
#[test]
fn no_raw_internal_id_in_messages() {
    /// Fails when `message` holds any 6-character window of `id`.
    fn assert_no_window(label: &str, message: &str, id: &str) {
        let chars: Vec<char> = id.chars().collect();
        for window in chars.windows(6) {
            let window: String = window.iter().collect();
            if window.chars().all(|c| !c.is_alphanumeric()) {
                continue;
            }
            assert!(
                !message.contains(&window),
                "{label}: message {message:?} contains {window:?} of the id"
            );
        }
    }
    let ids = [
        "zqxjkvw-qrvzt-4711",
        "zqxjkvw.brightwater@example.com",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ6cXhqa3Z3In0.c2lnbmF0dXJlenF4",
        "zqxjkvw 4711",
        "zqxjkvw\u{0}4711xyzq",
        "zqxjkvw\u{200b}4711xyzq",
        "+44 20 7946 0958 zqxjkvw",
        "4111111111111111",
        "GB82WEST12345698765432",
        "sess_zqxjkvw_1732590000123",
        "zqxjkvw/etc/passwd;drop",
        "3f2b8c1e-7d4a-11ef-a1c2-9d8e7f6a5b4c",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sk-proj-ZqXjKvWbRiGhTwAtErAbCdEfGhIjKlMn",
    ];
    let hmac = hmac();
    let prefix = PrefixPolicy::new("app_").expect("prefix");
    let checked_prefix = PrefixPolicy::new("app_")
        .expect("prefix")
        .with_validator(Validator::new());
    let passthrough = Passthrough::new().with_validator(Validator::new());
    let policies: [(&str, &dyn UserIdPolicy); 4] = [
        ("hmac", &hmac),
        ("prefix", &prefix),
        ("checked prefix", &checked_prefix),
        ("checked passthrough", &passthrough),
    ];
    for id in ids {
        for finding in Validator::new().check(id).findings() {
            assert_no_window(
                &format!("{:?} finding", finding.rule()),
                finding.message(),
                id,
            );
            assert_no_window("finding Debug", &format!("{finding:?}"), id);
        }
        for (label, policy) in policies {
            if let Err(err) = policy.user_id(id) {
                assert_no_window(label, &err.to_string(), id);
                assert_no_window(label, &format!("{err:?}"), id);
            }
        }
        let long = id.repeat(20);
        for (label, policy) in policies {
            if let Err(err) = policy.user_id(&long) {
                assert_no_window(label, &err.to_string(), id);
            }
        }
    }
}

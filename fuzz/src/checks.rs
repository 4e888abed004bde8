//! Properties checked by the fuzz targets, one function per target.
//!
//! This file is shared: each target in `fuzz/fuzz_targets/` includes it with
//! `#[path]`, and so does `tests/fuzz_regressions.rs`, which replays the seed corpus
//! and every crash found so far through the same checks under `cargo test`.
//! Every function panics (with a message that names the property) when a property
//! fails; libFuzzer reports a panic as a crash.
#![allow(dead_code)]

use idpolicy::{
    Canonicalization, Encoding, HmacPolicy, Key, Keyring, Passthrough, PolicyConfig, PrefixPolicy,
    Report, UserIdPolicy, Validator, ValidatorConfig,
};

/// The input as text: UTF-8 as is, anything else lossily converted.
fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Spans inside the input and on character boundaries; messages non-empty.
fn check_report(id: &str, report: &Report) {
    for finding in report.findings() {
        let span = finding.span();
        assert!(
            span.start <= span.end && span.end <= id.len(),
            "span {span:?} of {:?} outside an input of {} bytes",
            finding.rule(),
            id.len()
        );
        assert!(
            id.is_char_boundary(span.start) && id.is_char_boundary(span.end),
            "span {span:?} of {:?} not on char boundaries",
            finding.rule()
        );
        assert!(!finding.message().is_empty(), "empty message");
    }
}

/// Validator: no panic, spans inside the input and on char boundaries, deterministic.
pub(crate) fn check_validator(data: &[u8]) {
    let id = text(data);
    let validator = Validator::new();
    let report = validator.check(&id);
    check_report(&id, &report);
    assert_eq!(
        report,
        validator.check(&id),
        "validator is not deterministic"
    );
    assert_eq!(
        report,
        Validator::new().check(&id),
        "fresh validator disagrees"
    );
    // A short length cap exercises the too-long path on the same input.
    let max = data.first().map_or(8, |&b| usize::from(b % 64) + 1);
    let capped = validator.with_max_length(max);
    check_report(&id, &capped.check(&id));
    // Every suffix that starts on a char boundary (a few of them): new offsets.
    for (at, _) in id.char_indices().skip(1).step_by(7).take(4) {
        let tail = &id[at..];
        check_report(tail, &validator.check(tail));
    }
}

/// Options of an HMAC policy, derived from fuzz bytes.
#[derive(Debug, Clone)]
pub(crate) struct PolicyInput {
    pub(crate) key: Vec<u8>,
    pub(crate) previous_key: Option<Vec<u8>>,
    pub(crate) context: Option<String>,
    pub(crate) prefix: Option<String>,
    pub(crate) encoding: Encoding,
    pub(crate) bits: u16,
    pub(crate) canonicalization: Canonicalization,
    pub(crate) id: String,
}

/// Characters a prefix is drawn from; the last two are invalid on purpose.
const PREFIX_ALPHABET: &[u8] =
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-|!";

/// Splits fuzz bytes into a key (32..=64 bytes), an optional previous key, a
/// context, a prefix, options and an id. `None` when there are too few bytes.
///
/// Layout: `flags, bits, key_len, key.., [prev_len, prev..], ctx_len, ctx..,
/// prefix_len, prefix.., id..`.
pub(crate) fn policy_input(data: &[u8]) -> Option<PolicyInput> {
    let mut rest = data;
    let mut take = |n: usize| -> Option<&[u8]> {
        if rest.len() < n {
            return None;
        }
        let (head, tail) = rest.split_at(n);
        rest = tail;
        Some(head)
    };
    let flags = take(1)?[0];
    let bits = 64 + u16::from(take(1)?[0] % 25) * 8;
    let key_len = 32 + usize::from(take(1)?[0] % 33);
    let key = take(key_len)?.to_vec();
    let previous_key = if flags & 0x40 != 0 {
        let len = 32 + usize::from(take(1)?[0] % 33);
        Some(take(len)?.to_vec())
    } else {
        None
    };
    let context_len = usize::from(take(1)?[0] % 48);
    let context_bytes = take(context_len)?;
    let context = (flags & 0x10 != 0).then(|| text(context_bytes).into_owned());
    let prefix_len = usize::from(take(1)?[0] % 40);
    let prefix_bytes = take(prefix_len)?;
    let prefix = (flags & 0x20 != 0).then(|| {
        prefix_bytes
            .iter()
            .map(|&b| char::from(PREFIX_ALPHABET[usize::from(b) % PREFIX_ALPHABET.len()]))
            .collect::<String>()
    });
    let id = text(rest).into_owned();
    Some(PolicyInput {
        key,
        previous_key,
        context,
        prefix,
        encoding: if flags & 1 == 0 {
            Encoding::Hex
        } else {
            Encoding::Base64Url
        },
        bits,
        canonicalization: Canonicalization {
            trim: flags & 2 != 0,
            nfc: flags & 4 != 0,
            case_fold: flags & 8 != 0,
        },
        id,
    })
}

fn build_hmac(input: &PolicyInput, with_previous: bool) -> Result<HmacPolicy, String> {
    let key = Key::from_bytes(&input.key).map_err(|e| e.to_string())?;
    let mut ring = Keyring::new(key);
    if with_previous && let Some(previous) = &input.previous_key {
        let previous = Key::from_bytes(previous).map_err(|e| e.to_string())?;
        // Two random keys can share a derived tag only by a 16-bit accident;
        // the ring refuses that, which is fine.
        ring = ring.with_previous(previous).map_err(|e| e.to_string())?;
    }
    let mut builder = HmacPolicy::builder(ring)
        .encoding(input.encoding)
        .bits(input.bits)
        .canonicalization(input.canonicalization);
    if let Some(context) = &input.context {
        builder = builder.context(context);
    }
    if let Some(prefix) = &input.prefix {
        builder = builder.prefix(prefix);
    }
    builder.build().map_err(|e| e.to_string())
}

fn outcome<P: UserIdPolicy + ?Sized>(policy: &P, id: &str) -> Result<String, String> {
    policy
        .user_id(id)
        .map(|u| u.as_str().to_owned())
        .map_err(|e| e.to_string())
}

/// `write_user_id` appends on success and leaves the buffer as it was on error.
fn check_write<P: UserIdPolicy + ?Sized>(policy: &P, id: &str, expected: &Result<String, String>) {
    let mut out = String::from("keep:");
    let result = policy.write_user_id(id, &mut out);
    match (result, expected) {
        (Ok(()), Ok(user_id)) => assert_eq!(out, format!("keep:{user_id}"), "write_user_id"),
        (Err(_), Err(_)) => assert_eq!(out, "keep:", "buffer changed on error"),
        (got, want) => panic!("write_user_id {got:?} disagrees with user_id {want:?}"),
    }
}

/// Policies: no panic, deterministic, a fresh policy agrees, `verify` accepts what
/// the keyring produced, rotation keeps old ids verifiable.
pub(crate) fn check_policies(data: &[u8]) {
    let Some(input) = policy_input(data) else {
        return;
    };
    let id = input.id.as_str();

    let first = build_hmac(&input, true);
    let second = build_hmac(&input, true);
    match (&first, &second) {
        (Ok(a), Ok(b)) => {
            let out = outcome(a, id);
            assert_eq!(out, outcome(a, id), "HmacPolicy is not deterministic");
            assert_eq!(out, outcome(b, id), "fresh HmacPolicy disagrees");
            check_write(a, id, &out);
            match &out {
                Ok(user_id) => {
                    assert_eq!(user_id.len(), a.output_len(), "output_len");
                    assert!(user_id.is_ascii(), "non-ASCII output");
                    assert!(a.verify(id, user_id), "verify rejects the policy's own id");
                    assert!(b.verify(id, user_id), "fresh policy rejects the id");
                    let mut wrong = user_id.clone();
                    wrong.push('0');
                    assert!(!a.verify(id, &wrong), "verify accepts a longer id");
                    assert!(
                        !a.verify(id, &user_id[..user_id.len() - 1]),
                        "verify accepts a prefix"
                    );
                    let all = a
                        .user_ids_all(id)
                        .unwrap_or_else(|e| panic!("user_ids_all fails after user_id: {e}"));
                    assert_eq!(all.len(), if input.previous_key.is_some() { 2 } else { 1 });
                    assert_eq!(all[0].as_str(), user_id, "user_ids_all[0] is not user_id");
                    for other in &all {
                        assert!(a.verify(id, other.as_str()), "verify rejects a ring id");
                    }
                    // The current key alone produces the same id.
                    if let Ok(current_only) = build_hmac(&input, false) {
                        assert_eq!(outcome(&current_only, id).as_ref(), Ok(user_id));
                    }
                    // The previous key alone produces the ring's second id.
                    if let Some(previous) = &input.previous_key {
                        let old = PolicyInput {
                            key: previous.clone(),
                            ..input.clone()
                        };
                        if let Ok(old) = build_hmac(&old, false) {
                            assert_eq!(outcome(&old, id).as_deref(), Ok(all[1].as_str()));
                        }
                    }
                }
                Err(_) => {
                    assert!(
                        !a.verify(id, ""),
                        "verify accepts an id for a refused input"
                    );
                    assert!(a.user_ids_all(id).is_err(), "user_ids_all accepts it");
                }
            }
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "build errors differ"),
        (a, b) => panic!("building twice disagrees: {a:?} vs {b:?}"),
    }

    // Prefix policy and passthrough on the same id.
    let prefix = input.prefix.as_deref().unwrap_or("app_");
    if let Ok(policy) = PrefixPolicy::new(prefix) {
        let out = outcome(&policy, id);
        assert_eq!(
            out,
            outcome(&policy, id),
            "PrefixPolicy is not deterministic"
        );
        let fresh = PrefixPolicy::new(prefix).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out, outcome(&fresh, id), "fresh PrefixPolicy disagrees");
        check_write(&policy, id, &out);
        if let Ok(user_id) = &out {
            assert_eq!(
                policy.internal_id(user_id),
                Some(id),
                "internal_id round trip"
            );
        }
        let linted = policy.with_validator(Validator::new());
        let linted_out = outcome(&linted, id);
        assert_eq!(linted_out, outcome(&linted, id));
        check_write(&linted, id, &linted_out);
    }
    let passthrough = Passthrough::new();
    let out = outcome(&passthrough, id);
    assert_eq!(
        out,
        outcome(&passthrough, id),
        "Passthrough is not deterministic"
    );
    assert_eq!(out, outcome(&Passthrough::new(), id));
    check_write(&passthrough, id, &out);
    if let Ok(user_id) = &out {
        assert_eq!(user_id, id, "Passthrough changed the id");
    }
}

/// Longest run of hex digits in `text`.
fn longest_hex_run(text: &str) -> &str {
    let mut best = "";
    for run in text.split(|c: char| !c.is_ascii_hexdigit()) {
        if run.len() > best.len() {
            best = run;
        }
    }
    best
}

/// Configuration parsing: no panic; parse errors never echo a long hex string of
/// the input (it could be a key); accepted configs survive a JSON round trip and
/// build (without touching the environment or files) deterministically.
pub(crate) fn check_config(data: &[u8]) {
    let input = text(data);
    let secret = longest_hex_run(&input);
    let check_error = |what: &str, message: String| {
        if secret.len() >= 16 {
            assert!(
                !message
                    .to_ascii_lowercase()
                    .contains(&secret.to_ascii_lowercase()),
                "{what} error echoes input text: {message}"
            );
        }
    };

    let mut parsed = Vec::new();
    match PolicyConfig::from_json(&input) {
        Ok(config) => parsed.push(config),
        Err(e) => check_error("PolicyConfig::from_json", e.to_string()),
    }
    #[cfg(feature = "toml")]
    match PolicyConfig::from_toml(&input) {
        Ok(config) => parsed.push(config),
        Err(e) => check_error("PolicyConfig::from_toml", e.to_string()),
    }
    for config in parsed {
        let json = serde_json::to_string(&config).unwrap_or_else(|e| panic!("serialize: {e}"));
        let again =
            PolicyConfig::from_json(&json).unwrap_or_else(|e| panic!("JSON round trip: {e}"));
        assert_eq!(config, again, "JSON round trip changed the config");
        let touches_outside = match &config {
            PolicyConfig::Hmac(h) => {
                h.key_env.is_some()
                    || h.key_file.is_some()
                    || h.previous_keys
                        .iter()
                        .any(|k| k.key_env.is_some() || k.key_file.is_some())
            }
            _ => false,
        };
        if touches_outside {
            continue;
        }
        let a = config.build();
        let b = config.build();
        match (a, b) {
            (Ok(a), Ok(b)) => {
                for id in ["42", "user@example.com", " Bob ", ""] {
                    let out = outcome(&a, id);
                    assert_eq!(out, outcome(&b, id), "config-built policies disagree");
                    check_write(&a, id, &out);
                }
            }
            (Err(a), Err(b)) => {
                assert_eq!(a.to_string(), b.to_string());
                check_error("build", a.to_string());
            }
            (a, b) => panic!("building twice disagrees: {a:?} vs {b:?}"),
        }
    }

    let mut validators = Vec::new();
    match ValidatorConfig::from_json(&input) {
        Ok(config) => validators.push(config),
        Err(e) => check_error("ValidatorConfig::from_json", e.to_string()),
    }
    #[cfg(feature = "toml")]
    match ValidatorConfig::from_toml(&input) {
        Ok(config) => validators.push(config),
        Err(e) => check_error("ValidatorConfig::from_toml", e.to_string()),
    }
    for config in validators {
        if let Ok(validator) = config.build() {
            for id in [
                "42",
                "user@example.com",
                "eyJhbGciOiJIUzI1NiJ9.e30.x",
                &input,
            ] {
                check_report(id, &validator.check(id));
            }
        }
    }
}

#[cfg(feature = "records")]
pub(crate) fn check_records(data: &[u8]) {
    use idpolicy::records::{
        Batch, FieldPath, Framing, RecordError, RecordReader, csv_column, csv_fields,
        csv_header_index, csv_unquote, json_field, record_text, write_csv_field,
    };

    let Some((&control, body)) = data.split_first() else {
        return;
    };
    let framing = if control & 1 == 0 {
        Framing::Lines
    } else {
        Framing::Csv
    };
    let max_len = match control >> 5 {
        0 => idpolicy::records::DEFAULT_MAX_RECORD_LEN,
        n => usize::from(n) * 9,
    };
    let path_text =
        ["user", "metadata.user_id", "a.b.c.d", "id", "user.user"][usize::from(control >> 1) % 5];
    let path = FieldPath::parse(path_text).unwrap_or_else(|| panic!("path {path_text}"));
    let column = usize::from((control >> 3) & 3);
    let max_records = usize::from(control % 7) + 1;

    let mut reader = RecordReader::new(body, framing).with_max_record_len(max_len);
    let mut batch = Batch::new();
    let mut last_line = 0;
    let mut total = 0usize;
    loop {
        batch.clear();
        let added = reader
            .read_batch(&mut batch, max_records)
            .unwrap_or_else(|e| panic!("reading a slice failed: {e}"));
        if added == 0 {
            break;
        }
        assert_eq!(added, batch.len(), "read_batch count");
        for record in batch.iter() {
            assert!(record.line() > last_line, "line numbers do not increase");
            last_line = record.line();
            let content = match record.content() {
                Ok(content) => content,
                Err(RecordError::TooLong { len, max }) => {
                    assert!(len > max && max == max_len, "TooLong {len} {max}");
                    total += len + record.terminator().len();
                    continue;
                }
                Err(RecordError::UnterminatedQuote) => {
                    assert_eq!(framing, Framing::Csv);
                    total = usize::MAX;
                    continue;
                }
                Err(e) => panic!("unexpected record error {e:?}"),
            };
            assert!(content.len() <= max_len, "record over the cap");
            total = total.saturating_add(content.len() + record.terminator().len());
            if framing == Framing::Lines {
                assert!(!content.contains(&b'\n'), "newline inside a line record");
            }

            // JSON Lines field paths.
            if let Ok(line) = record_text(content) {
                match json_field(line, &path) {
                    Ok(field) => {
                        let span = field.span.clone();
                        assert!(span.start < span.end && span.end <= line.len(), "span");
                        assert!(
                            line.is_char_boundary(span.start) && line.is_char_boundary(span.end)
                        );
                        let raw = &line[span];
                        if raw.starts_with('"') {
                            let decoded: String = serde_json::from_str(raw)
                                .unwrap_or_else(|e| panic!("span is not a JSON string: {e}"));
                            assert_eq!(decoded, field.value, "decoded value");
                        } else {
                            assert_eq!(raw, field.value, "number literal");
                        }
                    }
                    Err(e) => {
                        let message = e.to_string();
                        assert!(!message.is_empty());
                    }
                }
            } else {
                assert!(matches!(
                    record_text(content),
                    Err(RecordError::InvalidUtf8 { at }) if at < content.len()
                ));
            }

            // CSV columns: fields tile the record, separated by one comma each.
            let spans: Vec<_> = csv_fields(content).collect();
            assert!(!spans.is_empty(), "a record has at least one field");
            let mut expected_start = 0;
            for span in &spans {
                assert_eq!(span.start, expected_start, "fields do not tile the record");
                assert!(span.end <= content.len());
                expected_start = span.end + 1;
            }
            assert_eq!(spans[spans.len() - 1].end, content.len(), "last field end");
            match csv_column(content, column) {
                Ok((span, value)) => {
                    assert_eq!(Some(&span), spans.get(column), "csv_column span");
                    assert_eq!(value, csv_unquote(&content[span]));
                }
                Err(RecordError::MissingColumn { index, fields }) => {
                    assert_eq!((index, fields), (column, spans.len()), "MissingColumn");
                }
                Err(e) => panic!("unexpected csv_column error {e:?}"),
            }
            if let Some(i) = csv_header_index(content, path_text) {
                assert!(i < spans.len());
            }
            // Writing a field and reading it back gives the value.
            let mut written = Vec::new();
            write_csv_field(content, &mut written);
            let back: Vec<_> = csv_fields(&written).collect();
            assert_eq!(back.len(), 1, "a written field splits");
            assert_eq!(
                &*csv_unquote(&written[back[0].clone()]),
                content,
                "CSV round trip"
            );
        }
    }
    if total != usize::MAX {
        assert_eq!(
            total as u64,
            reader.bytes_read(),
            "records do not cover the input"
        );
        assert_eq!(total, body.len(), "records do not cover the input");
    }
}

#[cfg(not(feature = "records"))]
pub(crate) fn check_records(_data: &[u8]) {}

//! Golden vectors: exact `HmacPolicy` outputs that must never change.
//!
//! `tests/golden/hmac_v1.json` was produced by an independent Python reference
//! implementation (`tests/golden/generate_hmac_v1.py`). If this test fails, a change
//! would re-map every user of every application: cold caches, broken analytics
//! continuity. Fix the code, never the vectors.

use idpolicy::{Canonicalization, Encoding, HmacPolicy, Key, UserIdPolicy};
use serde::Deserialize;

#[derive(Deserialize)]
struct Golden {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    key_hex: String,
    input: String,
    expected: String,
    #[serde(default)]
    context: Option<String>,
    #[serde(default)]
    prefix: Option<String>,
    #[serde(default)]
    encoding: Option<Encoding>,
    #[serde(default)]
    bits: Option<u16>,
    #[serde(default)]
    tag: Option<String>,
    #[serde(default)]
    trim: Option<bool>,
    #[serde(default)]
    nfc: Option<bool>,
    #[serde(default)]
    case_fold: Option<bool>,
}

fn policy_for(case: &Case) -> Result<HmacPolicy, idpolicy::Error> {
    let mut key = Key::from_hex(&case.key_hex)?;
    if let Some(tag) = &case.tag {
        key = key.with_tag(tag)?;
    }
    let defaults = Canonicalization::default();
    let mut builder = HmacPolicy::builder(key)
        .encoding(case.encoding.unwrap_or_default())
        .bits(case.bits.unwrap_or(128))
        .canonicalization(Canonicalization {
            trim: case.trim.unwrap_or(defaults.trim),
            nfc: case.nfc.unwrap_or(defaults.nfc),
            case_fold: case.case_fold.unwrap_or(defaults.case_fold),
        });
    if let Some(context) = &case.context {
        builder = builder.context(context);
    }
    if let Some(prefix) = &case.prefix {
        builder = builder.prefix(prefix);
    }
    builder.build()
}

#[test]
fn hmac_policy_matches_every_golden_vector() {
    let golden: Golden =
        serde_json::from_str(include_str!("golden/hmac_v1.json")).expect("golden file parses");
    assert!(golden.cases.len() >= 30);
    let mut failures = Vec::new();
    let mut buffer = String::new();
    for (index, case) in golden.cases.iter().enumerate() {
        let policy = policy_for(case).expect("golden policy builds");
        let id = policy
            .user_id(&case.input)
            .expect("golden input is accepted");
        buffer.clear();
        policy
            .write_user_id(&case.input, &mut buffer)
            .expect("golden input is accepted");
        if id.as_str() != case.expected || buffer != case.expected {
            failures.push(format!(
                "case {index}: got {id} / {buffer}, expected {}",
                case.expected
            ));
        }
        if !policy.verify(&case.input, &case.expected) {
            failures.push(format!("case {index}: verify rejected the golden id"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn framing_keeps_context_and_id_apart() {
    // ("ab", "c") and ("a", "bc") are both golden cases; they must differ.
    let golden: Golden =
        serde_json::from_str(include_str!("golden/hmac_v1.json")).expect("golden file parses");
    let find = |ctx: &str, input: &str| {
        golden
            .cases
            .iter()
            .find(|c| c.context.as_deref() == Some(ctx) && c.input == input)
            .map(|c| c.expected.clone())
            .expect("case present")
    };
    assert_ne!(find("ab", "c"), find("a", "bc"));
}

use std::ops::Range;

use super::{Hits, Rule, Scan};

declare_rule! {
    /// ## What it does
    /// Flags a bare hex digest of a hash function's length (md5: 32, sha1: 40,
    /// sha224: 56, sha256: 64, sha384: 96, sha512: 128 hex digits), alone or behind a
    /// prefix that names its source (`user_`, `u:`, `email_`, `sha1:`). A random
    /// 32-hex token (a uuid4 without dashes) looks the same as an md5 and is reported
    /// too; behind a session prefix (`sess_`, `request-`) it is left to
    /// `unstable-session`.
    ///
    /// Keyed hashes stay clean: a digest behind a prefix that says the value is keyed
    /// or pseudonymous (`anon_`, `pseudo_`, `hmac:`, `opaque-`, `pid_`) and this
    /// crate's own `HmacPolicy` output (`k3f9a_<mac>`) are not reported. Neither are
    /// 24-digit ObjectIds, Apple user ids (`000123.<hex>.0456`), W3C trace parents
    /// or digests inside a reported secret.
    ///
    /// ## Why is this bad?
    /// An unkeyed hash of an email or phone number is not anonymous: anyone can hash
    /// a list of known addresses and look the digest up, and the same person gets the
    /// same digest in every system that made the same choice, so ids can be joined
    /// across datasets. Regulators treat such values as personal data.
    ///
    /// ## Example
    /// ```text
    /// email_5f4dcc3b5aa765d61d8327deb882cf99
    /// ```
    ///
    /// ## Use instead
    /// A keyed hash (HMAC) with a secret key that never leaves your service, such as
    /// `HmacPolicy`: `k3f9a_<mac>`. Without the key the digest cannot be recomputed
    /// from a guessed email.
    UnkeyedHash,
    example: "email_5f4dcc3b5aa765d61d8327deb882cf99"
}

/// Words in the prefix saying the digest is keyed or pseudonymous, so it is the
/// recommended practice rather than a bare hash of personal data.
const KEYED_WORDS: &[&str] = &[
    "anon",
    "anonid",
    "anonymised",
    "anonymized",
    "anonymous",
    "blinded",
    "hmac",
    "keyed",
    "mac",
    "masked",
    "obfuscated",
    "opaque",
    "pairwise",
    "peppered",
    "pid",
    "ppid",
    "pseudo",
    "pseudonym",
    "pseudonymised",
    "pseudonymized",
    "pseudonymous",
    "salted",
    "tokenised",
    "tokenized",
];

/// Words in the prefix saying the digest is a per-request or per-session random
/// token, which the `unstable-session` rule reports.
const SESSION_WORDS: &[&str] = &[
    "csrf", "nonce", "req", "request", "sess", "session", "sid", "span", "temp", "tmp", "trace",
    "xsrf",
];

/// How far before a digest its prefix words are looked for.
const PREFIX_WINDOW: usize = 64;

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    if scan.text.len() < 32 || scan.digits == 0 {
        return;
    }
    let bytes = scan.bytes();
    for (range, run) in scan.alnum_runs() {
        let Some(what) = digest_kind(run.len()) else {
            continue;
        };
        if !is_single_case_hex(run.as_bytes()) {
            continue;
        }
        if is_keyed_or_session(bytes, range.start)
            || is_hmac_policy_output(bytes, range.start)
            || is_apple_user_id(bytes, &range)
            || is_trace_parent(bytes, &range)
            || inside_secret(hits, &range)
        {
            continue;
        }
        hits.push(Rule::UnkeyedHash, scan.text, range, what);
    }
}

/// What a hex digest of `len` digits is called in a finding, if it is a digest length.
fn digest_kind(len: usize) -> Option<&'static str> {
    Some(match len {
        32 => "unkeyed md5-length hex digest",
        40 => "unkeyed sha1-length hex digest",
        56 => "unkeyed sha224-length hex digest",
        64 => "unkeyed sha256-length hex digest",
        96 => "unkeyed sha384-length hex digest",
        128 => "unkeyed sha512-length hex digest",
        _ => return None,
    })
}

/// Hex digits in one case, with at least one digit and one letter (a digest of
/// these lengths without both is astronomically unlikely; a number or word is not).
fn is_single_case_hex(run: &[u8]) -> bool {
    let (mut lower, mut upper, mut digits) = (false, false, false);
    for &b in run {
        match b {
            b'0'..=b'9' => digits = true,
            b'a'..=b'f' => lower = true,
            b'A'..=b'F' => upper = true,
            _ => return false,
        }
    }
    digits && (lower != upper)
}

/// Whether a word of the prefix before `start` names keying, pseudonymization or a
/// session. Words are the alphanumeric pieces of the prefix, compared lowercase.
/// Only the last [`PREFIX_WINDOW`] bytes are read, so many digests in one id stay
/// linear.
fn is_keyed_or_session(bytes: &[u8], start: usize) -> bool {
    let from = start.saturating_sub(PREFIX_WINDOW);
    let prefix = &bytes[from..start];
    // A word cut by the window is not compared.
    let cut = from > 0 && bytes[from - 1].is_ascii_alphanumeric();
    prefix
        .split(|b| !b.is_ascii_alphanumeric())
        .skip(usize::from(cut))
        .filter(|w| !w.is_empty() && w.len() <= 16)
        .any(|word| {
            let mut buf = [0u8; 16];
            let lower = &mut buf[..word.len()];
            lower.copy_from_slice(word);
            lower.make_ascii_lowercase();
            let word = &*lower;
            KEYED_WORDS
                .iter()
                .chain(SESSION_WORDS)
                .any(|k| k.as_bytes() == word)
        })
}

/// `HmacPolicy` output: `[prefix]k<4 hex>_<mac>`, where the four hex digits name
/// the key that made the MAC.
fn is_hmac_policy_output(bytes: &[u8], start: usize) -> bool {
    let Some(head) = start.checked_sub(6).and_then(|s| bytes.get(s..start)) else {
        return false;
    };
    head[0] == b'k'
        && head[1..5]
            .iter()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        && head[5] == b'_'
}

/// Sign in with Apple user identifiers: `<6 digits>.<32 hex>.<4 digits>`.
fn is_apple_user_id(bytes: &[u8], range: &Range<usize>) -> bool {
    let digits_before = bytes[..range.start]
        .strip_suffix(b".")
        .map(|b| b.iter().rev().take_while(|c| c.is_ascii_digit()).count());
    let digits_after = bytes[range.end..]
        .strip_prefix(b".")
        .map(|b| b.iter().take_while(|c| c.is_ascii_digit()).count());
    range.len() == 32 && digits_before == Some(6) && digits_after == Some(4)
}

/// W3C `traceparent`: `<2 hex>-<32 hex trace id>-<16 hex span id>-<2 hex flags>`.
fn is_trace_parent(bytes: &[u8], range: &Range<usize>) -> bool {
    let hex = |s: &[u8]| s.iter().all(u8::is_ascii_hexdigit);
    let before = range
        .start
        .checked_sub(3)
        .and_then(|s| bytes.get(s..range.start));
    let after = bytes.get(range.end..range.end + 20);
    range.len() == 32
        && before.is_some_and(|b| b[2] == b'-' && hex(&b[..2]))
        && after.is_some_and(|a| a[0] == b'-' && hex(&a[1..17]) && a[17] == b'-' && hex(&a[18..]))
}

/// Whether another rule already reported a secret covering `range` (an OpenRouter
/// key is `sk-or-v1-` and 64 hex digits).
fn inside_secret(hits: &Hits, range: &Range<usize>) -> bool {
    hits.hits.iter().any(|h| {
        matches!(h.rule, Rule::SecretApiKey | Rule::SecretJwt)
            && h.span.start <= range.start
            && range.end <= h.span.end
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fires(id: &str) -> bool {
        let scan = Scan::new(id, id.len(), 256);
        let mut hits = Hits::default();
        detect(&scan, &mut hits);
        !hits.hits.is_empty()
    }

    const MD5: &str = "5f4dcc3b5aa765d61d8327deb882cf99";

    #[test]
    fn source_prefixes_fire() {
        assert!(fires(MD5));
        assert!(fires(&format!("email_{MD5}")));
        assert!(fires(&format!("u:{}", MD5.to_uppercase())));
        assert!(fires(&format!("sha1:{MD5}deadbeef")));
    }

    #[test]
    fn keyed_prefixes_stay_clean() {
        assert!(!fires(&format!("anon_{MD5}")));
        assert!(!fires(&format!("Pseudonym-{MD5}")));
        assert!(!fires(&format!("k3f9a_{MD5}")));
        assert!(!fires(&format!("app_k3f9a_{MD5}")));
        assert!(!fires(&format!("001234.{MD5}.0456")));
        assert!(!fires(&format!("00-{MD5}-00f067aa0ba902b7-01")));
    }

    #[test]
    fn other_shapes_stay_clean() {
        assert!(!fires("62e929d304914075dfcf7cd8"));
        assert!(!fires("5F4DCC3B5AA765D61D8327DEB882cf99"));
        assert!(!fires("12345678901234567890123456789012"));
        assert!(!fires(&format!("{MD5}0")));
    }
}

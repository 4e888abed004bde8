use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD_INDIFFERENT;
use serde::Deserialize;

use super::{Hits, Rule, Scan};

declare_rule! {
    /// ## What it does
    /// Flags JSON Web Tokens: dot-separated base64url segments whose first segment
    /// decodes to a JSON object with an `alg` string (`eyJhbGciOi…`), on their own or
    /// behind a prefix such as `jwt:`, `user_` or `Bearer `. Signed (JWS, three
    /// segments) and encrypted (JWE, five segments) tokens are both reported.
    ///
    /// ## Why is this bad?
    /// A JWT is a bearer credential: anyone who reads it from a log or a provider's
    /// dashboard can use it until it expires. Its payload usually carries personal
    /// data (subject, email, name) in plain base64. And because it is reissued on
    /// every login or refresh, it is not a stable id either.
    ///
    /// ## Example
    /// ```text
    /// jwt:eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiJ9.<signature>
    /// ```
    ///
    /// ## Use instead
    /// Verify the token, take its stable subject (`sub`) and send a keyed hash of it:
    /// `user_12345` becomes `k3f9a_<mac>`.
    SecretJwt,
    example:
        "jwt:eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0MiJ9.FTEdvFkuVAL8BWBys3lKw2uAu9Ib4-8rcFwdguBEsto"
}

/// Header segments longer than this (in base64 characters) are not decoded: real
/// JOSE headers are well under 1 KiB, and the bound keeps each decode cheap.
const MAX_HEADER_B64: usize = 1024;

/// How many `eyJ` starts are tried inside one segment before giving up.
const MAX_TRIES_PER_SEGMENT: usize = 4;

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    // `eyJ` + `.` + payload + `.`: nothing shorter is a token.
    if scan.text.len() < 16 || !scan.has(b'.') || !scan.has(b'J') || !scan.has(b'y') {
        return;
    }
    let bytes = scan.bytes();
    let mut at = 0;
    // Walk maximal segments of base64url characters; each is looked at a bounded
    // number of times, so the whole pass is linear.
    while at < bytes.len() {
        let end = segment_end(bytes, at);
        if end == at {
            at += 1;
            continue;
        }
        if bytes.get(end) == Some(&b'.')
            && let Some((start, token_end)) = token_from_segment(bytes, at, end)
        {
            hits.push(
                Rule::SecretJwt,
                scan.text,
                start..token_end,
                "JSON Web Token",
            );
            at = token_end;
            continue;
        }
        at = end;
    }
}

/// If the segment `bytes[start..end]` (followed by `.`) holds a JWT header, where
/// the token starts and ends.
fn token_from_segment(bytes: &[u8], start: usize, end: usize) -> Option<(usize, usize)> {
    let header = header_start(bytes, start, end)?;
    // payload `.` signature, and for JWE two more segments.
    let payload_end = segment_end(bytes, end + 1);
    if payload_end == end + 1 || bytes.get(payload_end) != Some(&b'.') {
        return None;
    }
    // The signature may be empty (`alg: none`).
    let mut token_end = segment_end(bytes, payload_end + 1);
    for _ in 0..2 {
        if bytes.get(token_end) != Some(&b'.') {
            break;
        }
        let next = segment_end(bytes, token_end + 1);
        if next == token_end + 1 {
            break;
        }
        token_end = next;
    }
    Some((header, token_end))
}

/// Where the JWT header starts inside the segment `bytes[start..end]`: the first
/// `eyJ` (base64 of `{"`) whose remainder decodes to a JOSE header. A prefix made of
/// base64url characters (`user_`, `jwt-`) may come before it.
fn header_start(bytes: &[u8], start: usize, end: usize) -> Option<usize> {
    let window_start = start.max(end.saturating_sub(MAX_HEADER_B64));
    let segment = bytes.get(window_start..end)?;
    segment
        .windows(3)
        .enumerate()
        .filter(|(_, w)| *w == b"eyJ")
        .take(MAX_TRIES_PER_SEGMENT)
        .map(|(i, _)| window_start + i)
        .find(|&h| is_jose_header(&bytes[h..end]))
}

/// One past the last base64url character (or `=` padding) from `from`.
fn segment_end(bytes: &[u8], from: usize) -> usize {
    let len = bytes
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'='))
        .count();
    from + len
}

/// The fields a JOSE header must have for this rule.
#[derive(Deserialize)]
struct JoseHeader {
    #[allow(dead_code)] // only its presence and type are checked
    alg: String,
}

/// Whether `b64` (base64url, padding tolerated) decodes to a JSON object with a
/// string `alg` member.
fn is_jose_header(b64: &[u8]) -> bool {
    let unpadded = b64
        .strip_suffix(b"==")
        .or_else(|| b64.strip_suffix(b"="))
        .unwrap_or(b64);
    if unpadded.contains(&b'=') || unpadded.len() > MAX_HEADER_B64 {
        return false;
    }
    let mut buf = [0u8; MAX_HEADER_B64 / 4 * 3 + 3];
    let Ok(len) = URL_SAFE_NO_PAD_INDIFFERENT.decode_slice(unpadded, &mut buf) else {
        return false;
    };
    serde_json::from_slice::<JoseHeader>(&buf[..len]).is_ok()
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    fn found(id: &str) -> Vec<std::ops::Range<usize>> {
        let scan = Scan::new(id, id.len(), 256);
        let mut hits = Hits::default();
        detect(&scan, &mut hits);
        hits.hits.into_iter().map(|h| h.span).collect()
    }

    const HEADER: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

    #[test]
    fn decodes_headers() {
        assert!(is_jose_header(HEADER.as_bytes()));
        // {"alg":"none"} with padding
        assert!(is_jose_header(b"eyJhbGciOiJub25lIn0="));
        // {"typ":"JWT"}: no alg
        assert!(!is_jose_header(b"eyJ0eXAiOiJKV1QifQ"));
        // {"alg":1}: alg is not a string
        assert!(!is_jose_header(b"eyJhbGciOjF9"));
        assert!(!is_jose_header(b"eyJhbGci"));
    }

    #[test]
    fn finds_tokens_behind_prefixes() {
        let token = format!("{HEADER}.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl");
        assert_eq!(found(&token), [0..token.len()]);
        let prefixed = format!("user_{token}");
        assert_eq!(found(&prefixed), [5..prefixed.len()]);
        let bearer = format!("Bearer {token}");
        assert_eq!(found(&bearer), [7..bearer.len()]);
        let unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiI0MiJ9.";
        assert_eq!(found(unsigned), [0..unsigned.len()]);
        assert!(found(&format!("{HEADER}.eyJzdWIiOiI0MiJ9")).is_empty());
    }

    #[test]
    fn repeated_starts_stay_linear() {
        let id = "eyJ".repeat(20_000) + ".x.y";
        let started = std::time::Instant::now();
        assert!(found(&id).is_empty());
        let dots = "eyJ.".repeat(16_000);
        assert!(found(&dots).is_empty());
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }
}

use super::tokens::{
    Confidence, Shape, camel_words, is_hex, looks_random, lowercase_into, parse_uuid,
};
use super::{Hits, Rule, Scan};

declare_rule! {
    /// ## What it does
    /// Flags ids built from a per-request or per-session value: a word such as
    /// `req`, `request`, `sess`, `session`, `sid`, `trace`, `span`, `nonce`,
    /// `tmp`, `temp`, `txn`, `corr`/`correlation`, `csrf`, `otp`, `ephemeral`,
    /// `idempotency`, `jti` or `PHPSESSID` (also camelCase and with an `id`/`key`
    /// suffix, as in `requestId=` or `x-request-id:`), followed by a separator
    /// (`_ - : = . | /`) and a random tail: a UUID, 8 or more hex digits, 6 or more
    /// digits, or a mixed base62/base64url string of 10 or more characters.
    ///
    /// Words alone (`session-team`, `request-access`) and stable prefixes
    /// (`user_`, `cus_`, `tenant-`) are not reported.
    ///
    /// ## Why is this bad?
    /// Request, trace and session ids change on every request or login, so each
    /// call looks like a new user: provider prompt caches miss, per-user analytics
    /// and rate limits fragment, and abuse cannot be tied to an account. Session
    /// tokens can also grant access if they leak into a provider's logs.
    ///
    /// ## Example
    /// ```text
    /// sess_55fb87b4-49dd-43f8-9c7b-713f0e2b6b73
    /// ```
    ///
    /// ## Use instead
    /// Send the stable id of the user the session belongs to, e.g. `user_12345`
    /// or its `HmacPolicy` output; put request and trace ids in request metadata
    /// meant for them.
    UnstableSession
}

/// How far a tail is read; longer values are `format-too-long`'s, and the cap keeps
/// the rule linear on inputs such as `req_req_req_…`.
const MAX_TAIL: usize = 256;

/// Separators between the session word and its tail.
fn is_separator(b: u8) -> bool {
    matches!(
        b,
        b'_' | b'-' | b':' | b'=' | b'.' | b'|' | b'/' | b'#' | b' '
    )
}

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    // The shortest report is a three-letter word, a separator and six digits.
    let bytes = scan.bytes();
    if bytes.len() < 10 || scan.letters < 3 {
        return;
    }
    let mut i = 0;
    while i < bytes.len() {
        // Letter runs that start at a word boundary.
        if !bytes[i].is_ascii_alphabetic() || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let run_start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        // A session word is followed by a separator, possibly after `Id`: `requestId=`.
        if !bytes.get(i).is_some_and(|&b| is_separator(b)) {
            continue;
        }
        match session_value_end(bytes, run_start, i) {
            Some(Ok(end)) => {
                hits.push(
                    Rule::UnstableSession,
                    scan.text,
                    run_start..end,
                    "per-request or session value",
                );
                i = end;
            }
            // No segment of a tail that is not random can start a random tail, so
            // skip it: this keeps `req_req_req_…` linear.
            Some(Err(tail_end)) => i = i.max(tail_end),
            None => {}
        }
    }
}

/// If the letter run `bytes[start..end]` names a session-scoped value, returns
/// where the tail after it ends: `Ok` when the tail is random, `Err` when not.
fn session_value_end(bytes: &[u8], start: usize, end: usize) -> Option<Result<usize, usize>> {
    let words = camel_words(&bytes[start..end]);
    // A session word, then only generic words (`id`, `key`) to the end of the run.
    let mut named = false;
    for word in words.iter().flatten() {
        let mut buf = [0u8; 24];
        let Some(word) = lowercase_into(&bytes[start + word.start..start + word.end], &mut buf)
        else {
            named = false;
            continue;
        };
        if is_session_word(word) || word.strip_suffix(b"id").is_some_and(is_session_word) {
            named = true;
        } else if !(named && is_generic_word(word)) {
            named = false;
        }
    }
    if !named {
        return None;
    }
    // Separators, optionally a generic word and more separators (`request_id=`).
    let mut at = end;
    for _ in 0..2 {
        let separators = bytes[at..].iter().take_while(|&&b| is_separator(b)).count();
        if separators == 0 || separators > 3 {
            return None;
        }
        at += separators;
        let word_len = bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        let mut buf = [0u8; 24];
        let generic =
            lowercase_into(&bytes[at..at + word_len], &mut buf).is_some_and(is_generic_word);
        let followed_by_separator = bytes.get(at + word_len).is_some_and(|&b| is_separator(b));
        if !(generic && followed_by_separator) {
            break;
        }
        at += word_len;
    }
    let tail_len = bytes[at..]
        .iter()
        .take(MAX_TAIL)
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        .count();
    let tail = &bytes[at..at + tail_len];
    let tail_end = at + tail_len;
    Some(if random_tail(tail) {
        Ok(tail_end)
    } else {
        Err(tail_end)
    })
}

/// Whether a tail is a per-request value rather than a word (`team`, `access`).
fn random_tail(tail: &[u8]) -> bool {
    if tail.get(..36).and_then(parse_uuid).is_some() {
        return true;
    }
    let segment_random = tail.split(|&b| b == b'-' || b == b'_').any(|segment| {
        let shape = Shape::of(segment);
        (segment.len() >= 8 && is_hex(segment) && shape.digits > 0 && shape.digits < segment.len())
            || (segment.len() >= 6 && shape.digits == segment.len())
            || (segment.len() >= 10 && looks_random(&shape, Confidence::Lenient))
    });
    segment_random || (tail.len() >= 12 && looks_random(&Shape::of(tail), Confidence::Lenient))
}

/// Words that mark a value as scoped to one request, session, trace or use.
fn is_session_word(word: &[u8]) -> bool {
    matches!(
        word,
        b"req"
            | b"request"
            | b"rq"
            | b"sess"
            | b"session"
            | b"sid"
            | b"jsession"
            | b"phpsess"
            | b"phpsessid"
            | b"trace"
            | b"traceparent"
            | b"span"
            | b"nonce"
            | b"tmp"
            | b"temp"
            | b"temporary"
            | b"txn"
            | b"transaction"
            | b"corr"
            | b"correlation"
            | b"csrf"
            | b"xsrf"
            | b"ephemeral"
            | b"eph"
            | b"otp"
            | b"idempotency"
            | b"idem"
            | b"jti"
            | b"visit"
            | b"pageview"
            | b"conn"
            | b"connection"
            | b"socket"
            | b"attempt"
            | b"invocation"
            | b"execution"
            | b"exec"
            | b"run"
            | b"job"
            | b"chatcmpl"
            | b"cmpl"
            | b"resp"
            | b"response"
            | b"msg"
            | b"message"
            | b"evt"
            | b"event"
            | b"tok"
            | b"token"
            | b"login"
            | b"challenge"
            | b"handshake"
            | b"throwaway"
            | b"disposable"
            // de, es, pt, it
            | b"sitzung"
            | b"sesion"
            | b"sessao"
            | b"sessione"
    )
}

/// Words that qualify a session word without changing its meaning: `request_id`.
fn is_generic_word(word: &[u8]) -> bool {
    matches!(
        word,
        b"id"
            | b"key"
            | b"no"
            | b"nr"
            | b"num"
            | b"number"
            | b"uuid"
            | b"guid"
            | b"value"
            | b"hash"
    )
}

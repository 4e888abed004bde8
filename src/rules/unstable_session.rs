use super::tokens::{
    Confidence, Shape, WordSet, byte_table, is_hex, last_camel_word_start, looks_random, parse_uuid,
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
    /// sess_9974d75b-3338-44fe-a179-0134676b1b69
    /// ```
    ///
    /// ## Use instead
    /// Send the stable id of the user the session belongs to, e.g. `user_12345`
    /// or its `HmacPolicy` output; put request and trace ids in request metadata
    /// meant for them.
    UnstableSession,
    example: "sess_9974d75b-3338-44fe-a179-0134676b1b69"
}

/// How far a tail is read; longer values are `format-too-long`'s, and the cap keeps
/// the rule linear on inputs such as `req_req_req_…`.
const MAX_TAIL: usize = 256;

/// Separators between the session word and its tail: `_ - : = . | / #` and space.
fn is_separator(b: u8) -> bool {
    SEPARATORS[usize::from(b)]
}

const SEPARATORS: [bool; 256] = byte_table(b"_-:=.|/# ");

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    // The shortest report is a short word, a separator and six digits: `otp-482913`.
    let bytes = scan.bytes();
    if bytes.len() < 10 || scan.letters < 2 {
        return;
    }
    // A session word is a letter run followed by a separator (`sess_`, `requestId=`),
    // so walk the separators and look back at the word before each. A separator
    // and a six-character tail must still fit after the word.
    let last = bytes.len() - 7;
    // A separator right after the first byte has no two-letter word before it.
    let mut i = 2;
    while i <= last {
        let at = i;
        i += 1;
        if !is_separator(bytes[at]) || !can_end_session_word(&bytes[..at]) {
            continue;
        }
        let run = letter_run_before(bytes, at);
        // Letters glued to digits before them are the inside of a token.
        if run.start > 0 && bytes[run.start - 1].is_ascii_digit() {
            continue;
        }
        match session_value_end(bytes, &run, at) {
            Some(Ok(end)) => {
                hits.push(
                    Rule::UnstableSession,
                    scan.text,
                    run.start..end,
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

/// Whether `head` ends in letters that can end a letter run naming a session.
///
/// The last camelCase word of such a run is a session word, one with an `id`
/// suffix, or a generic word. So the run ends in `id` or another two-letter
/// word of the lists (`rq`, `no`, `nr`), or in the last three letters of a
/// longer word of the lists. Three letters in four runs before separators fail
/// this test, which reads three bytes instead of the run.
fn can_end_session_word(head: &[u8]) -> bool {
    let [.., y, z] = head else {
        return false;
    };
    if !(y.is_ascii_alphabetic() && z.is_ascii_alphabetic()) {
        return false;
    }
    // ASCII letters of either case agree on their low five bits.
    let (y, z) = (usize::from(y & 31), u32::from(z & 31));
    if SESSION_WORD_ENDINGS.two_letter_words[y] & (1 << z) != 0 {
        return true;
    }
    let [.., x, _, _] = head else {
        return false;
    };
    x.is_ascii_alphabetic()
        && SESSION_WORD_ENDINGS.last_three[usize::from(x & 31) << 5 | y] & (1 << z) != 0
}

/// The endings [`can_end_session_word`] accepts, as bit sets indexed by the
/// low five bits of the letters.
struct Endings {
    /// Two-letter words and the `id` suffix: bit `z` of entry `y` for `yz`.
    two_letter_words: [u32; 32],
    /// The last three letters of longer words: bit `z` of entry `x << 5 | y`.
    last_three: [u32; 1024],
}

static SESSION_WORD_ENDINGS: Endings = {
    let lists: [&[&[u8]]; 3] = [SESSION_WORD_LIST, GENERIC_WORD_LIST, &[b"id"]];
    let mut endings = Endings {
        two_letter_words: [0; 32],
        last_three: [0; 1024],
    };
    let mut l = 0;
    while l < lists.len() {
        let mut w = 0;
        while w < lists[l].len() {
            match lists[l][w] {
                [y, z] => endings.two_letter_words[(*y & 31) as usize] |= 1 << (*z & 31),
                [.., x, y, z] => {
                    endings.last_three[((*x & 31) as usize) << 5 | (*y & 31) as usize] |=
                        1 << (*z & 31);
                }
                _ => {}
            }
            w += 1;
        }
        l += 1;
    }
    endings
};

/// A maximal run of ASCII letters.
struct LetterRun {
    start: usize,
    /// Whether a capital follows the first letter. Without one, the run is a
    /// single camelCase word, whatever its case.
    camel: bool,
}

/// The run of ASCII letters that ends at `end`, read backwards once.
fn letter_run_before(bytes: &[u8], end: usize) -> LetterRun {
    let mut start = end;
    // Bit 0x20 is set in lowercase ASCII letters and clear in capitals; `rest`
    // ANDs the letters after the first, `all` the whole run.
    let (mut all, mut rest) = (0xff_u8, 0xff_u8);
    while start > 0 && bytes[start - 1].is_ascii_alphabetic() {
        start -= 1;
        rest = all;
        all &= bytes[start];
    }
    LetterRun {
        start,
        camel: rest & 0x20 == 0,
    }
}

/// If the letter run `bytes[run.start..end]` names a session-scoped value, returns
/// where the tail after it ends: `Ok` when the tail is random, `Err` when not.
fn session_value_end(bytes: &[u8], run: &LetterRun, end: usize) -> Option<Result<usize, usize>> {
    // A separator and a six-character tail must still fit.
    if bytes.len() < end + 7 {
        return None;
    }
    let letters = &bytes[run.start..end];
    // Without a capital after the first letter, the run is one word.
    let session = if run.camel {
        names_session(letters)
    } else {
        is_session_word(letters)
    };
    if !session {
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
        let generic = GENERIC_WORDS.contains(&bytes[at..at + word_len]);
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

/// Whether a letter run ends in a session word, possibly followed by generic
/// camelCase words: `sess`, `PHPSESSID`, `xRequestId`, `userSessionKey`.
fn names_session(run: &[u8]) -> bool {
    let mut end = run.len();
    while end > 0 {
        let start = last_camel_word_start(&run[..end]);
        let word = &run[start..end];
        if is_session_word(word) {
            return true;
        }
        if start == 0 || !GENERIC_WORDS.contains(word) {
            return false;
        }
        end = start;
    }
    false
}

/// A session word, alone or with an `id` suffix (`sessid`, `requestId`).
fn is_session_word(word: &[u8]) -> bool {
    let without_id = word
        .len()
        .checked_sub(2)
        .filter(|&n| word[n..].eq_ignore_ascii_case(b"id"))
        .map(|n| &word[..n]);
    SESSION_WORDS.contains(word) || without_id.is_some_and(|w| SESSION_WORDS.contains(w))
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
const SESSION_WORD_LIST: &[&[u8]] = &[
    b"req",
    b"request",
    b"rq",
    b"sess",
    b"session",
    b"sid",
    b"jsession",
    b"phpsess",
    b"phpsessid",
    b"trace",
    b"traceparent",
    b"span",
    b"nonce",
    b"tmp",
    b"temp",
    b"temporary",
    b"txn",
    b"transaction",
    b"corr",
    b"correlation",
    b"csrf",
    b"xsrf",
    b"ephemeral",
    b"eph",
    b"otp",
    b"idempotency",
    b"idem",
    b"jti",
    b"visit",
    b"pageview",
    b"conn",
    b"connection",
    b"socket",
    b"attempt",
    b"invocation",
    b"execution",
    b"exec",
    b"run",
    b"job",
    b"chatcmpl",
    b"cmpl",
    b"resp",
    b"response",
    b"msg",
    b"message",
    b"evt",
    b"event",
    b"tok",
    b"token",
    b"login",
    b"challenge",
    b"handshake",
    b"throwaway",
    b"disposable",
    // de, es, pt, it
    b"sitzung",
    b"sesion",
    b"sessao",
    b"sessione",
];
static SESSION_WORDS: WordSet<{ SESSION_WORD_LIST.len() }> = WordSet::new(SESSION_WORD_LIST);

/// Words that qualify a session word without changing its meaning: `request_id`.
const GENERIC_WORD_LIST: &[&[u8]] = &[
    b"id", b"key", b"no", b"nr", b"num", b"number", b"uuid", b"guid", b"value", b"hash",
];
static GENERIC_WORDS: WordSet<{ GENERIC_WORD_LIST.len() }> = WordSet::new(GENERIC_WORD_LIST);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_passes_the_ending_filter() {
        for word in SESSION_WORD_LIST.iter().chain(GENERIC_WORD_LIST) {
            assert!(can_end_session_word(word), "{word:?}");
            assert!(can_end_session_word(&word.to_ascii_uppercase()), "{word:?}");
            let with_id = [*word, b"Id"].concat();
            assert!(can_end_session_word(&with_id), "{word:?}");
        }
        assert!(!can_end_session_word(b"cohort"));
        assert!(!can_end_session_word(b"s"));
        assert!(!can_end_session_word(b"4s"));
        // `-er` ends `number`, but no word of the lists ends in `-ser`.
        assert!(!can_end_session_word(b"user"));
        assert!(can_end_session_word(b"xRequestID"));
        assert!(can_end_session_word(b"rq"));
    }

    #[test]
    fn letter_runs_note_capitals_after_the_first_letter() {
        let run = |s: &[u8]| {
            let run = letter_run_before(s, s.len());
            (run.start, run.camel)
        };
        assert_eq!(run(b"app:xRequestId"), (4, true));
        assert_eq!(run(b"9_Session"), (2, false));
        assert_eq!(run(b"PHPSESSID"), (0, true));
        assert_eq!(run(b"12"), (2, false));
    }
}

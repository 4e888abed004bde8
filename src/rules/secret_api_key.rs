use std::sync::LazyLock;

use super::{Hits, Rule, Scan};

mod patterns;

use patterns::{CHARSETS, Charset, Extra, FIRST_BYTES, PATTERNS, Pattern};

declare_rule! {
    /// ## What it does
    /// Flags provider credentials with a documented structure: OpenAI (`sk-proj-…`,
    /// legacy `sk-…T3BlbkFJ…`), Anthropic (`sk-ant-…`), OpenRouter, GitHub
    /// (`ghp_…`, `github_pat_…`), GitLab (`glpat-…`), AWS access key ids (`AKIA…`),
    /// Slack (`xoxb-…`), Google (`AIza…`), Stripe secret and restricted keys
    /// (`sk_live_…`, `rk_live_…`), Hugging Face, npm, PyPI, SendGrid, Groq, xAI,
    /// Replicate, Perplexity, DigitalOcean and others, also behind a prefix such as
    /// `app_` or `key:`. Each format is checked for its prefix, alphabet and length,
    /// so look-alikes such as `sk-team` or Stripe customer ids (`cus_…`) do not match.
    /// Publishable keys (`pk_live_…`) are public by design and are not reported.
    ///
    /// ## Why is this bad?
    /// An id is logged, cached and shared with the model provider. A credential in it
    /// is leaked to every system that sees the request, and whoever reads those logs
    /// can act as your application. The key must be revoked.
    ///
    /// ## Example
    /// ```text
    /// app_sk-proj-<key>
    /// ```
    ///
    /// ## Use instead
    /// Revoke the key, send credentials only in the authorization header, and derive
    /// the user id from the account: `user_12345`, or a keyed hash of it.
    SecretApiKey,
    example: "app_sk-proj-4xdeJg1Kza5KxxGWfvmaQtKnP_VSGVBrYSuIb9OZiFZ3HLKv"
}

/// The shortest key reported (an AWS access key id).
const MIN_KEY_LEN: usize = 20;

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    let bytes = scan.bytes();
    if bytes.len() < MIN_KEY_LEN {
        return;
    }
    let mut runs = None;
    // Keys start at token boundaries: the first byte, or a byte after a
    // non-alphanumeric one (`app_sk-…`, `key:AKIA…`).
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        let found = if FIRST_BYTES[usize::from(b)] {
            match_at(runs.get_or_insert_with(|| RunEnds::new(bytes)), at)
        } else if b.is_ascii_digit() {
            telegram_bot_token(&bytes[at..]).map(|len| (len, "Telegram bot token"))
        } else {
            None
        };
        if let Some((len, what)) = found {
            hits.push(Rule::SecretApiKey, scan.text, at..at + len, what);
            at += len;
        }
        // Skip to the byte after the next non-alphanumeric one.
        at += bytes[at.min(bytes.len())..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(bytes.len(), |i| i + 1);
    }
    if scan.has(b'-') && scan.has(b'K') {
        private_key_block(scan, hits);
    }
}

/// [`PATTERNS`] grouped by the first byte of their prefix, in table order.
static BY_FIRST_BYTE: LazyLock<Vec<Vec<&'static Pattern>>> = LazyLock::new(|| {
    let mut table = vec![Vec::new(); 128];
    for pattern in PATTERNS {
        if let Some(group) = table.get_mut(usize::from(pattern.prefix.as_bytes()[0])) {
            group.push(pattern);
        }
    }
    table
});

/// The first pattern matching at `at`: the key's length and what it is.
fn match_at(runs: &mut RunEnds<'_>, at: usize) -> Option<(usize, &'static str)> {
    let rest = &runs.bytes[at..];
    let candidates = BY_FIRST_BYTE.get(usize::from(*rest.first()?))?;
    candidates.iter().find_map(|&pattern| {
        if !rest.starts_with(pattern.prefix.as_bytes()) {
            return None;
        }
        let body_start = at + pattern.prefix.len();
        let body_len = runs.end(pattern.charset, body_start) - body_start;
        let body = &runs.bytes[body_start..body_start + body_len];
        let ends_token = runs
            .bytes
            .get(body_start + body_len)
            .is_none_or(|b| !b.is_ascii_alphanumeric());
        (ends_token
            && (pattern.min..=pattern.max).contains(&body_len)
            && extra_holds(pattern, body))
        .then_some((pattern.prefix.len() + body_len, pattern.what))
    })
}

fn extra_holds(pattern: &Pattern, body: &[u8]) -> bool {
    match pattern.extra {
        Extra::None => true,
        Extra::Mixed => {
            body.iter().any(u8::is_ascii_digit) && body.iter().any(u8::is_ascii_alphabetic)
        }
        Extra::OpenAiLegacy => body.get(20..28) == Some(b"T3BlbkFJ".as_slice()),
        Extra::SendGrid => {
            body.get(22) == Some(&b'.')
                && body
                    .iter()
                    .enumerate()
                    .all(|(i, &b)| i == 22 || Charset::Base64Url.contains(b))
        }
        Extra::Airtable => {
            body.get(14) == Some(&b'.')
                && body[..14].iter().all(u8::is_ascii_alphanumeric)
                && body[15..].iter().all(u8::is_ascii_hexdigit)
        }
    }
}

/// Telegram bot tokens: the bot's numeric id, `:`, then `A` and 33 or 34 base64url
/// characters (gitleaks uses 34; Telegram's own examples show 33).
fn telegram_bot_token(bytes: &[u8]) -> Option<usize> {
    let digits = bytes
        .iter()
        .take(17)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if !(5..=16).contains(&digits) || bytes.get(digits) != Some(&b':') {
        return None;
    }
    let secret = bytes.get(digits + 1..)?;
    let run = secret
        .iter()
        .take(36)
        .take_while(|&&b| Charset::Base64Url.contains(b))
        .count();
    let mixed = secret.get(..run).is_some_and(|s| {
        s.iter().any(u8::is_ascii_lowercase) && s.iter().any(u8::is_ascii_uppercase)
    });
    ((34..=35).contains(&run) && secret[0] == b'A' && mixed).then_some(digits + 1 + run)
}

/// PEM private key blocks (`-----BEGIN … PRIVATE KEY-----`).
fn private_key_block(scan: &Scan<'_>, hits: &mut Hits) {
    const BEGIN: &str = "-----BEGIN ";
    const END: &str = "PRIVATE KEY-----";
    let text = scan.text;
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|t| t.find(BEGIN)) {
        let start = from + found;
        let label_start = start + BEGIN.len();
        // The label is short (`RSA `, `EC `, `OPENSSH `, `ENCRYPTED `).
        let window = text
            .get(label_start..(label_start + 32).min(text.len()))
            .unwrap_or("");
        if let Some(end) = window.find(END) {
            let label = &window[..end];
            if label.bytes().all(|b| b.is_ascii_uppercase() || b == b' ') {
                hits.push_plain(
                    Rule::SecretApiKey,
                    start..label_start + end + END.len(),
                    "PEM private key".into(),
                );
                return;
            }
        }
        from = label_start;
    }
}

/// Where each maximal run of a charset ends, computed once per charset on demand so
/// that probing many overlapping candidates stays linear in the id's length.
struct RunEnds<'a> {
    bytes: &'a [u8],
    ends: [Option<Vec<u32>>; CHARSETS],
}

impl<'a> RunEnds<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        RunEnds {
            bytes,
            ends: Default::default(),
        }
    }

    /// The end of the run of `charset` that starts at `from` (`from` itself if the
    /// byte there is not in the charset).
    fn end(&mut self, charset: Charset, from: usize) -> usize {
        let bytes = self.bytes;
        if from >= bytes.len() {
            return bytes.len();
        }
        let ends = self.ends[charset.index()].get_or_insert_with(|| {
            let mut ends = vec![0u32; bytes.len() + 1];
            let mut end = bytes.len();
            ends[end] = end as u32;
            for i in (0..bytes.len()).rev() {
                if !charset.contains(bytes[i]) {
                    end = i;
                }
                ends[i] = end as u32;
            }
            ends
        });
        ends[from] as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(id: &str) -> Vec<&'static str> {
        let scan = Scan::new(id, id.len(), 256);
        let mut hits = Hits::default();
        detect(&scan, &mut hits);
        hits.hits
            .iter()
            .map(|h| {
                PATTERNS
                    .iter()
                    .find(|p| h.message.starts_with(p.what))
                    .map_or("other", |p| p.what)
            })
            .collect()
    }

    #[test]
    fn prefixes_are_ordered_longest_first() {
        for (i, a) in PATTERNS.iter().enumerate() {
            for b in &PATTERNS[..i] {
                assert!(
                    !a.prefix.starts_with(b.prefix) || a.prefix == b.prefix,
                    "{} is shadowed by {}",
                    a.prefix,
                    b.prefix
                );
            }
        }
    }

    #[test]
    fn run_ends_are_linear_and_correct() {
        let mut runs = RunEnds::new(b"ab-cd_ef");
        assert_eq!(runs.end(Charset::Alnum, 0), 2);
        assert_eq!(runs.end(Charset::Base64Url, 1), 8);
        assert_eq!(runs.end(Charset::Alnum, 2), 2);
        assert_eq!(runs.end(Charset::Alnum, 99), 8);
    }

    #[test]
    fn fixed_length_formats() {
        assert_eq!(keys("AKIA2E0A8F3B244C9986"), Vec::<&str>::new()); // 0, 8, 9 not base32
        assert_eq!(keys("AKIAZ7QRSTUVWXYZ2345"), ["AWS access key id"]);
        assert!(keys("AKIAZ7QRSTUVWXYZ23456").is_empty());
        assert_eq!(
            keys("npm_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5"),
            ["npm access token"]
        );
        assert!(keys("sk-team").is_empty());
        assert!(keys("cus_kThOpv8XPq3OCw").is_empty());
    }

    #[test]
    fn telegram_tokens() {
        assert!(telegram_bot_token(b"123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq").is_some());
        assert!(telegram_bot_token(b"110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw").is_some());
        assert!(telegram_bot_token(b"110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawqq").is_none());
        assert!(telegram_bot_token(b"123456789:aaaa").is_none());
        assert!(telegram_bot_token(b"4242:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawq").is_none());
    }

    #[test]
    fn many_prefixes_stay_fast() {
        let id = "sk-aaaa-".repeat(8 * 1024);
        let started = std::time::Instant::now();
        assert!(keys(&id).is_empty());
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }
}

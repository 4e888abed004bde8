//! One pass over an id that every rule shares: which bytes occur, character
//! class counts, and helpers to walk tokens. Rules use it to skip work that
//! cannot match before running any expensive check.

use std::ops::Range;

use super::Rule;
use crate::mask::mask_into;

/// What one pass over the id learned; built once per [`Validator::check`](crate::Validator::check).
pub(crate) struct Scan<'a> {
    /// The id being checked (possibly truncated to the validator's scan cap).
    pub(crate) text: &'a str,
    /// Which byte values occur, as a 256-bit set.
    present: [u64; 4],
    /// Count of ASCII digits.
    pub(crate) digits: usize,
    /// Count of ASCII letters.
    pub(crate) letters: usize,
    /// The validator's length limit in characters.
    pub(crate) max_chars: usize,
    /// Length of the full id in bytes (`text` may be a prefix of it).
    pub(crate) full_len: usize,
}

/// Class bits per byte value, [`DIGIT`] or [`LETTER`], so hot loops do one table load
/// instead of several range tests.
pub(crate) const CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_alphabetic() {
            LETTER
        } else {
            0
        };
        b += 1;
    }
    table
};
/// Class bit of ASCII digits in [`CLASS`].
pub(crate) const DIGIT: u8 = 1;
/// Class bit of ASCII letters in [`CLASS`].
pub(crate) const LETTER: u8 = 2;

impl<'a> Scan<'a> {
    pub(crate) fn new(text: &'a str, full_len: usize, max_chars: usize) -> Self {
        let mut present = [0u64; 4];
        let (mut digits, mut letters) = (0, 0);
        for &b in text.as_bytes() {
            present[usize::from(b >> 6)] |= 1 << (b & 63);
            let class = CLASS[usize::from(b)];
            digits += usize::from(class & DIGIT);
            letters += usize::from(class / LETTER);
        }
        Scan {
            text,
            present,
            digits,
            letters,
            max_chars,
            full_len,
        }
    }

    /// The id's bytes.
    pub(crate) fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// Whether byte `b` occurs anywhere in the id.
    pub(crate) fn has(&self, b: u8) -> bool {
        self.present[(b >> 6) as usize] & (1 << (b & 63)) != 0
    }

    /// Whether any byte of `set` occurs in the id.
    pub(crate) fn has_any(&self, set: &[u8]) -> bool {
        set.iter().any(|&b| self.has(b))
    }

    /// Whether the id holds any non-ASCII character.
    pub(crate) fn has_non_ascii(&self) -> bool {
        self.present[2] != 0 || self.present[3] != 0
    }

    /// Whether the id holds an ASCII control character (U+0000 to U+001F or U+007F).
    pub(crate) fn has_ascii_control(&self) -> bool {
        self.present[0] & 0xffff_ffff != 0 || self.has(0x7f)
    }

    /// Maximal runs of ASCII alphanumerics, with their byte ranges.
    pub(crate) fn alnum_runs(&self) -> impl Iterator<Item = (Range<usize>, &'a str)> + '_ {
        runs(self.text, |b| b.is_ascii_alphanumeric())
    }

    /// Maximal runs of ASCII digits, with their byte ranges.
    pub(crate) fn digit_runs(&self) -> impl Iterator<Item = (Range<usize>, &'a str)> + '_ {
        runs(self.text, |b| b.is_ascii_digit())
    }
}

/// Maximal runs of bytes satisfying `keep`, as `(range, slice)` pairs.
///
/// `keep` must only accept ASCII bytes so that every range is on character boundaries.
pub(crate) fn runs<'a>(
    text: &'a str,
    keep: impl Fn(u8) -> bool + 'a,
) -> impl Iterator<Item = (Range<usize>, &'a str)> + 'a {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !keep(bytes[i]) {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() && keep(bytes[i]) {
            i += 1;
        }
        Some((start..i, &text[start..i]))
    })
}

/// Whether `head` ends with one of `separators` and the run of ASCII letters right
/// before it is one of `words` (ASCII case-insensitive): a label such as `tel:` or
/// `mac=` in front of a value.
pub(crate) fn label_before(head: &[u8], separators: &[u8], words: &[&str]) -> bool {
    let Some((last, head)) = head.split_last() else {
        return false;
    };
    if !separators.contains(last) {
        return false;
    }
    let letters = head
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let word = &head[head.len() - letters..];
    words
        .iter()
        .any(|w| w.as_bytes().eq_ignore_ascii_case(word))
}

/// A rule's raw finding before the validator assigns its configured severity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    pub(crate) rule: Rule,
    pub(crate) span: Range<usize>,
    pub(crate) message: String,
}

/// At most this many findings per rule and id: a hostile 64 KiB id with thousands of
/// matches says nothing more with each extra finding, and formatting them costs time.
pub(crate) const MAX_FINDINGS_PER_RULE: u16 = 16;

/// Where rules put what they find.
#[derive(Debug, Default)]
pub(crate) struct Hits {
    pub(crate) hits: Vec<Hit>,
    per_rule: [u16; 32],
}

impl Hits {
    /// Records a finding whose message describes `what` was found over `span`.
    ///
    /// The message shows a masked excerpt of `text[span]`, never the value itself.
    pub(crate) fn push(&mut self, rule: Rule, text: &str, span: Range<usize>, what: &str) {
        if !self.admit(rule) {
            return;
        }
        let mut message = String::with_capacity(what.len() + 40);
        message.push_str(what);
        if let Some(excerpt) = text.get(span.clone()).filter(|e| !e.is_empty()) {
            message.push_str(" `");
            mask_into(excerpt, &mut message);
            message.push('`');
        }
        self.hits.push(Hit {
            rule,
            span,
            message,
        });
    }

    /// Records a finding with a message that needs no excerpt (it must hold no id text).
    pub(crate) fn push_plain(&mut self, rule: Rule, span: Range<usize>, message: String) {
        if !self.admit(rule) {
            return;
        }
        self.hits.push(Hit {
            rule,
            span,
            message,
        });
    }

    /// Counts a finding of `rule`, refusing it past [`MAX_FINDINGS_PER_RULE`].
    fn admit(&mut self, rule: Rule) -> bool {
        let Some(count) = self.per_rule.get_mut(rule.index()) else {
            return true;
        };
        *count = count.saturating_add(1);
        *count <= MAX_FINDINGS_PER_RULE
    }
}

/// Whether the id as a whole is an output of this crate's `HmacPolicy` with a derived
/// key tag: `[prefix]k<4 hex>_<MAC>`, where the MAC is lowercase hex or unpadded
/// base64url of 8 to 32 bytes. Such ids are keyed and stable by construction.
pub(crate) fn is_own_hmac_output(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Shortest: `k0000_` + 11 base64url characters; longest: 32-byte prefix, tag, 64 hex.
    if !(17..=102).contains(&bytes.len()) || !bytes.contains(&b'k') {
        return false;
    }
    // The tag ends at the last `_` that leaves a MAC-length tail; base64url tails may
    // hold `_` too, so try each `_` from the left.
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'_')
        .any(|(at, _)| {
            let (Some(tag_start), Some(mac)) = (at.checked_sub(5), bytes.get(at + 1..)) else {
                return false;
            };
            let tag = &bytes[tag_start..at];
            let prefix = &bytes[..tag_start];
            tag[0] == b'k'
                && tag[1..]
                    .iter()
                    .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
                && prefix.len() <= 32
                && prefix
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b':'))
                && is_mac_text(mac)
        })
}

/// Lowercase hex or unpadded base64url of 8 to 32 bytes.
fn is_mac_text(mac: &[u8]) -> bool {
    let hex = mac.len().is_multiple_of(2)
        && (16..=64).contains(&mac.len())
        && mac.iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    let base64 = (8..=32).any(|n: usize| (n * 4).div_ceil(3) == mac.len())
        && mac
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'));
    hex || base64
}

#[cfg(test)]
mod tests {
    use super::{Scan, is_own_hmac_output};

    #[test]
    fn ascii_control_bytes_are_seen_and_nothing_else() {
        for b in 0u8..=0x7f {
            let text = format!("a{}b", char::from(b));
            let scan = Scan::new(&text, text.len(), 256);
            let expected = b < 0x20 || b == 0x7f;
            assert_eq!(scan.has_ascii_control(), expected, "byte {b:#04x}");
        }
        let scan = Scan::new("\u{85}é", 4, 256);
        assert!(!scan.has_ascii_control());
    }

    #[test]
    fn recognizes_hmac_policy_outputs_only() {
        for id in [
            "k0dcc_4724a4756dcf206a09e44655851a6d39",
            "u_k8b67_zVxMiX-K2YGmnw",
            "t7.k1a2b_AbC-_dEfGhIjKlMnOp",
            "k81fa_280bKwt9Ywk7UuDTNVT9v7jl52AT2UblwU4",
        ] {
            assert!(is_own_hmac_output(id), "{id}");
        }
        for id in [
            "k0dcc_",
            "kzzzz_4724a4756dcf206a",
            "user_12345",
            "k0dcc_abc",
            "x@y.z k0dcc_4724a4756dcf206a",
        ] {
            assert!(!is_own_hmac_output(id), "{id}");
        }
    }
}

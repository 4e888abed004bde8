//! One pass over an id that every rule shares: which bytes occur, character
//! class counts, and helpers to walk tokens and byte runs. Rules use it to skip
//! work that cannot match before running any expensive check.

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

/// Which byte values belong to a class, indexed by byte: one load per test.
pub(crate) type ByteSet = [bool; 256];

/// The set of `members`, plus every non-ASCII byte when `non_ascii` is set.
pub(crate) const fn byte_set(members: &[u8], non_ascii: bool) -> ByteSet {
    let mut set = [false; 256];
    let mut b = 0x80;
    while b < 256 {
        set[b] = non_ascii;
        b += 1;
    }
    let mut i = 0;
    while i < members.len() {
        set[members[i] as usize] = true;
        i += 1;
    }
    set
}

/// Maximal runs of bytes in `set` that are at least `min_len` bytes long, in order.
///
/// Such a run covers one of any `min_len` consecutive positions, so probing every
/// `min_len`-th byte finds them all: bytes between probes that are not in `set`
/// are never looked at. Rules whose matches consist of a few byte classes use this
/// to skip the rest of long ids in strides instead of walking them byte by byte.
pub(crate) fn long_runs<'a>(
    bytes: &'a [u8],
    min_len: usize,
    set: &'a ByteSet,
) -> impl Iterator<Item = Range<usize>> + 'a {
    let keep = |b: u8| set[usize::from(b)];
    let stride = min_len.max(1);
    // A long run starting at 0 covers `stride - 1`.
    let mut probe = stride - 1;
    std::iter::from_fn(move || {
        while probe < bytes.len() {
            if !keep(bytes[probe]) {
                // Long runs right of a rejected byte cover the position `stride` later.
                probe += stride;
                continue;
            }
            // Left of `probe` lies a rejected byte (an earlier probe or the end of
            // the previous run), so the walk back stays within unseen bytes.
            let mut start = probe;
            while start > 0 && keep(bytes[start - 1]) {
                start -= 1;
            }
            let mut end = probe + 1;
            while end < bytes.len() && keep(bytes[end]) {
                end += 1;
            }
            probe = end + stride;
            if end - start >= min_len {
                return Some(start..end);
            }
        }
        None
    })
}

/// Maximal runs of at least `MIN` (1 to 64) ASCII digits in `b`, in order.
///
/// Most ids hold no such run, or only a few among many short ones (hex, base64,
/// names with a counter), so the runs are found 64 bytes at a time from a bit
/// mask of digit positions: about two instructions per byte and a few per run,
/// where walking the bytes costs a branch or two per byte. Used by `pii-date`
/// and `unstable-timestamp`.
#[inline]
pub(crate) fn long_digit_runs<const MIN: usize>(b: &[u8]) -> LongDigitRuns<'_, MIN> {
    let mut runs = LongDigitRuns {
        b,
        base: 0,
        block: digit_bits(b),
        next: digit_bits(b.get(64..).unwrap_or_default()),
        starts: 0,
    };
    runs.starts = runs.wanted_starts(false);
    runs
}

/// The iterator of [`long_digit_runs`].
pub(crate) struct LongDigitRuns<'a, const MIN: usize> {
    b: &'a [u8],
    /// Offset of the 64-byte block being read.
    base: usize,
    /// Digit bits of the block at `base` (bit `i` for byte `base + i`), and of
    /// the block after it, so runs that cross into it are measured in one step.
    block: u64,
    next: u64,
    /// Where wanted runs start in the block, less those already returned.
    starts: u64,
}

impl<const MIN: usize> LongDigitRuns<'_, MIN> {
    /// Bits of the block where a run of `MIN` or more digits starts, given
    /// whether the byte before the block is a digit (then bit 0 continues a run).
    #[inline]
    fn wanted_starts(&self, digit_before: bool) -> u64 {
        let starts = self.block & !(self.block << 1 | u64::from(digit_before));
        let window = u128::from(self.next) << 64 | u128::from(self.block);
        // Bit `i` stays set when bytes `i..i + MIN` are all digits.
        let long = (1..MIN).fold(window, |acc, k| acc & window >> k);
        starts & (long as u64)
    }
}

impl<const MIN: usize> Iterator for LongDigitRuns<'_, MIN> {
    type Item = std::ops::Range<usize>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        while self.starts == 0 {
            if self.base + 64 >= self.b.len() {
                return None;
            }
            let digit_before = self.block >> 63 != 0;
            self.base += 64;
            self.block = self.next;
            self.next = digit_bits(self.b.get(self.base + 64..).unwrap_or_default());
            self.starts = self.wanted_starts(digit_before);
        }
        let offset = self.starts.trailing_zeros();
        self.starts &= self.starts - 1;
        let start = self.base + offset as usize;
        let mut len = (self.block >> offset).trailing_ones();
        if offset + len == 64 {
            len += self.next.trailing_ones();
        }
        // Only a run longer than the two blocks' bits goes on past them.
        let mut end = start + len as usize;
        while self.b.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        Some(start..end)
    }
}

/// Bit `i` set when byte `i` of the first 64 bytes of `block` is an ASCII digit.
#[inline]
fn digit_bits(block: &[u8]) -> u64 {
    let block = block.get(..64).unwrap_or(block);
    let (words, rest) = block.as_chunks::<8>();
    let mut bits = 0;
    for (k, word) in words.iter().enumerate() {
        bits |= digit_bits8(u64::from_le_bytes(*word)) << (8 * k);
    }
    if !rest.is_empty() {
        let tail = match block.last_chunk::<8>() {
            // The last eight bytes overlap the words above: shift those out,
            // which also fills the top with zeros (not digits).
            Some(last) => u64::from_le_bytes(*last) >> (8 * (8 - rest.len())),
            None => rest.iter().rev().fold(0, |acc, &c| acc << 8 | u64::from(c)),
        };
        bits |= digit_bits8(tail) << (8 * words.len());
    }
    bits
}

/// Bit `i` set when byte `i` of the little-endian `word` is an ASCII digit,
/// for all eight bytes at once.
fn digit_bits8(word: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Adding less than 0x80 to a byte of at most 0x7f never carries into the
    // next byte, and sets its high bit when it was at least 0x80 - the addend:
    // `at_least_0` marks bytes >= b'0', `above_9` bytes > b'9' (low seven bits).
    let low = word & LOW7;
    let at_least_0 = low + 0x5050_5050_5050_5050;
    let above_9 = low + 0x4646_4646_4646_4646;
    // `!word` drops non-ASCII bytes, whose low seven bits may look like a digit.
    let digits = at_least_0 & !above_9 & !word & HIGH;
    // Move each byte's flag (now bit 0 of the byte) to bit 56 + i; the terms of
    // the product cannot collide there, so the top byte is the eight flags.
    (digits >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// Longest label word in bytes that [`Labels`] accepts.
const MAX_LABEL_LEN: usize = 16;

/// Label words such as `tel` or `mac` and the separators that may follow them,
/// prepared at compile time for [`label_before`].
///
/// Most letter runs before a separator are no label (`user_`, `session-`), and
/// comparing such a run with every word costs a few instructions per word. A
/// matching word has the run's length and first letter, so a mask of the first
/// letters of the words of each length rejects nearly all of them at once.
pub(crate) struct Labels {
    /// The words, compared ASCII case-insensitively.
    words: &'static [&'static str],
    /// `first_letters[n]` has bit [`first_letter_bit`] of every word of `n` bytes.
    first_letters: [u32; MAX_LABEL_LEN + 1],
    /// The separators a label may end with.
    separators: ByteSet,
}

impl Labels {
    /// `words` (ASCII letters, any case) ending with one of `separators`.
    ///
    /// # Panics
    ///
    /// When a word is longer than 16 bytes, which the length buckets have no room
    /// for. Lists are `static` items, so this stops the build, never a check.
    pub(crate) const fn new(words: &'static [&'static str], separators: &[u8]) -> Self {
        let mut first_letters = [0; MAX_LABEL_LEN + 1];
        let mut n = 0;
        while n < words.len() {
            let word = words[n].as_bytes();
            assert!(word.len() <= MAX_LABEL_LEN, "label word too long");
            first_letters[word.len()] |= first_letter_bit(word);
            n += 1;
        }
        Labels {
            words,
            first_letters,
            separators: byte_set(separators, false),
        }
    }
}

/// A bit for the first byte of `word` that is the same for both cases of a letter
/// (bit 1 for `a` and `A`, up to bit 26 for `z` and `Z`), and bit 0 for the empty
/// word.
const fn first_letter_bit(word: &[u8]) -> u32 {
    match word.first() {
        Some(&b) => 1 << (b & 31),
        None => 1,
    }
}

/// Whether `head` ends with one of the separators of `labels` and the run of ASCII
/// letters right before it is one of its words (ASCII case-insensitive): a label
/// such as `tel:` or `mac=` in front of a value.
pub(crate) fn label_before(head: &[u8], labels: &Labels) -> bool {
    let Some((last, head)) = head.split_last() else {
        return false;
    };
    if !labels.separators[usize::from(*last)] {
        return false;
    }
    // A run longer than every bucket is no label, so the walk back stops there.
    let letters = head
        .iter()
        .rev()
        .take(MAX_LABEL_LEN + 1)
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let word = &head[head.len() - letters..];
    // Only a word of the run's length and first letter can be equal to it.
    let bucket = labels.first_letters.get(letters).copied().unwrap_or(0);
    if bucket & first_letter_bit(word) == 0 {
        return false;
    }
    labels
        .words
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
    use proptest::collection::vec;
    use proptest::prelude::*;

    use super::{
        ByteSet, Labels, Scan, byte_set, digit_bits8, is_own_hmac_output, label_before,
        long_digit_runs, long_runs, runs,
    };

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

    #[test]
    fn long_runs_are_the_maximal_runs_of_min_len() {
        const DIGITS: ByteSet = byte_set(b"0123456789", false);
        // Every string of `a` and `1` up to 12 bytes, against a plain scan.
        for len in 0..=12 {
            for pattern in 0u32..1 << len {
                let bytes: Vec<u8> = (0..len)
                    .map(|bit| if pattern >> bit & 1 == 1 { b'1' } else { b'a' })
                    .collect();
                for min_len in 1..=6 {
                    let mut expected = Vec::new();
                    let mut start = 0;
                    for digits in bytes.split(|&b| b == b'a') {
                        if digits.len() >= min_len {
                            expected.push(start..start + digits.len());
                        }
                        start += digits.len() + 1;
                    }
                    let found: Vec<_> = long_runs(&bytes, min_len, &DIGITS).collect();
                    assert_eq!(found, expected, "{bytes:?} {min_len}");
                }
            }
        }
        let non_ascii = byte_set(b"", true);
        assert!(non_ascii[0x80] && non_ascii[0xFF] && !non_ascii[usize::from(b'a')]);
    }

    #[test]
    fn long_runs_match_a_byte_walk() {
        let mut texts = vec![
            String::new(),
            "1234".into(),
            "a1234b12345678c".into(),
            "ab3f1995-\u{e9}19\u{b9}0".into(),
        ];
        // Runs across block boundaries, at the ends and longer than the window.
        for len in [1, 3, 4, 7, 8, 63, 64, 65, 127, 128, 129, 200] {
            for at in [0, 1, 56, 60, 61, 63, 64, 65, 120, 127, 128] {
                let mut t = "x".repeat(at);
                t.push_str(&"7".repeat(len));
                t.push_str("-y-0123-");
                texts.push(t);
            }
        }
        for text in &texts {
            let b = text.as_bytes();
            let walked = |min_len: usize| -> Vec<_> {
                runs(text, |c| c.is_ascii_digit())
                    .map(|(r, _)| r)
                    .filter(|r| r.len() >= min_len)
                    .collect()
            };
            assert_eq!(long_digit_runs::<1>(b).collect::<Vec<_>>(), walked(1));
            assert_eq!(long_digit_runs::<4>(b).collect::<Vec<_>>(), walked(4));
            assert_eq!(long_digit_runs::<8>(b).collect::<Vec<_>>(), walked(8));
        }
        for byte in 0..=255u8 {
            let word = u64::from_le_bytes([b'a', byte, b'5', 0, b'9', 0xb9, b'/', b':']);
            let expected = 0b1_0100 | u64::from(byte.is_ascii_digit()) << 1;
            assert_eq!(digit_bits8(word), expected, "{byte}");
        }
    }

    /// `label_before` as it was before [`Labels`]: every word compared in turn.
    fn label_before_reference(head: &[u8], separators: &[u8], words: &[&str]) -> bool {
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

    /// Checks `label_before` against the reference for every suffix of `head`.
    fn assert_labels_agree(head: &[u8], separators: &[u8], words: &'static [&'static str]) {
        let labels = Labels::new(words, separators);
        for start in 0..=head.len() {
            let head = &head[start..];
            assert_eq!(
                label_before(head, &labels),
                label_before_reference(head, separators, words),
                "{:?} {separators:?} {words:?}",
                String::from_utf8_lossy(head),
            );
        }
    }

    #[test]
    fn label_before_edge_cases() {
        const WORDS: &[&str] = &["", "Tel", "tele", "hw", "abcdefghijklmnop", "x"];
        for head in [
            &b""[..],
            b":",
            b"_:",
            b"tel:",
            b"TEL:",
            b"tEle_",
            b"mytel:",
            b"1tel:",
            b"\xe9tel:",
            b"tel\xe9",
            b"tel",
            b"hw:x:",
            b"ABCDEFGHIJKLMNOP:",
            b"zabcdefghijklmnop:",
            b"abcdefghijklmnopq:",
            b"abcdefghijklmnopqrstuvwxyz:",
            b"a[:",
            b"A@tel`:",
        ] {
            assert_labels_agree(head, b":_\xe9", WORDS);
            assert_labels_agree(head, b":", &[]);
            assert_labels_agree(head, b"", WORDS);
        }
    }

    /// Builds an id head from `pieces`: a word of `words` in mixed case, a run of
    /// letters, a separator, or any byte, so that labels, near misses and runs
    /// longer than any word all occur often.
    fn label_head(pieces: &[(u8, usize, u32, u8)], words: &[&str], separators: &[u8]) -> Vec<u8> {
        let mut head = Vec::new();
        for &(kind, pick, case, byte) in pieces {
            match kind {
                0 if !words.is_empty() => {
                    let word = words[pick % words.len()].bytes();
                    head.extend(word.enumerate().map(|(i, b)| {
                        if case >> (i % 32) & 1 == 1 {
                            b.to_ascii_uppercase()
                        } else {
                            b
                        }
                    }));
                }
                1 => head.extend((0..pick % 20).map(|i| {
                    let letter = b'a' + (case >> (i % 8 * 4) & 3) as u8 + byte % 23;
                    if i % 3 == 0 {
                        letter.to_ascii_uppercase()
                    } else {
                        letter
                    }
                })),
                2 if !separators.is_empty() => head.push(separators[pick % separators.len()]),
                _ => head.push(byte),
            }
        }
        head
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn label_before_agrees_with_comparing_every_word(
            words in vec("[a-zA-Z]{0,16}", 0..40),
            separators in vec(any::<u8>(), 0..6),
            pieces in vec((0..4u8, any::<usize>(), any::<u32>(), any::<u8>()), 0..8),
        ) {
            let words: &'static [&'static str] =
                Vec::leak(words.into_iter().map(|w| &*String::leak(w)).collect());
            let head = label_head(&pieces, words, &separators);
            assert_labels_agree(&head, &separators, words);
        }
    }
}

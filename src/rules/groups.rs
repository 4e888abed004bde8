//! Splits an id into *groups* (maximal runs of ASCII letters and digits) and
//! walks windows of consecutive groups that are joined by a single separator,
//! such as `4111 1111 1111 1111`, `403-68-8242` or `786.700.301-01`.
//!
//! Numbers that people write with separators (cards, IBANs, national ids) are
//! recognised by the lengths of their groups and the separators between them,
//! so the rules that look for them share this one walk instead of each
//! re-tokenising the id.

use std::ops::Range;

/// The separator that joins a group to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sep {
    /// ASCII space or a Unicode space separator such as NBSP or U+2009.
    Space,
    /// `-`
    Dash,
    /// `.`
    Dot,
    /// `/`
    Slash,
    /// `+`
    Plus,
}

impl Sep {
    /// The ASCII byte that stands for this separator in a shape string.
    pub(crate) fn byte(self) -> u8 {
        match self {
            Sep::Space => b' ',
            Sep::Dash => b'-',
            Sep::Dot => b'.',
            Sep::Slash => b'/',
            Sep::Plus => b'+',
        }
    }
}

/// One run of ASCII alphanumerics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Group {
    /// Byte offset of the first character.
    pub(crate) start: usize,
    /// Byte offset just past the last character.
    pub(crate) end: usize,
    /// The single separator that joins this group to the previous one, or `None`
    /// when the group starts a new chunk.
    pub(crate) joined_by: Option<Sep>,
    /// How many ASCII digits the group holds.
    pub(crate) digits: usize,
}

impl Group {
    /// A placeholder for arrays of groups.
    pub(crate) const EMPTY: Group = Group {
        start: 0,
        end: 0,
        joined_by: None,
        digits: 0,
    };

    /// The group's length in bytes (all ASCII).
    pub(crate) fn len(&self) -> usize {
        self.end - self.start
    }

    /// The group's byte range.
    pub(crate) fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// The separator that starts at `at`, if it is exactly one separator followed by
/// an ASCII alphanumeric, and how many bytes it takes.
// Like `alnum_run` and `Groups::next`, run once per group on every id the
// group rules look at: left out of line, the call costs about as much as
// the work.
#[inline(always)]
pub(crate) fn separator_at(bytes: &[u8], at: usize) -> Option<(Sep, usize)> {
    let b = *bytes.get(at)?;
    let (sep, width) = match SEPARATORS[usize::from(b)] {
        Some(sep) => (sep, 1),
        None if b >= 0xC2 => (Sep::Space, wide_space_at(bytes, at)?),
        None => return None,
    };
    (class(*bytes.get(at + width)?) != 0).then_some((sep, width))
}

/// The one-byte separator each byte is, if any.
const SEPARATORS: [Option<Sep>; 256] = {
    let mut table = [None; 256];
    table[b' ' as usize] = Some(Sep::Space);
    table[b'-' as usize] = Some(Sep::Dash);
    table[b'.' as usize] = Some(Sep::Dot);
    table[b'/' as usize] = Some(Sep::Slash);
    table[b'+' as usize] = Some(Sep::Plus);
    table
};

/// The width of the Unicode space separator that starts at `at`, if any.
#[cold]
fn wide_space_at(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at..)? {
        // U+00A0 NO-BREAK SPACE
        [0xC2, 0xA0, ..] => Some(2),
        // U+2009 THIN SPACE, U+202F NARROW NO-BREAK SPACE
        [0xE2, 0x80, 0x89 | 0xAF, ..] => Some(3),
        // U+3000 IDEOGRAPHIC SPACE
        [0xE3, 0x80, 0x80, ..] => Some(3),
        _ => None,
    }
}

/// Every group of `text`, in order, each knowing whether a single separator
/// joins it to the previous group.
#[cfg(test)]
pub(crate) fn groups(text: &str) -> Groups<'_> {
    groups_at(text, 0)
}

/// Every group of `text`, a part of an id that starts `offset` bytes into it
/// (the groups' offsets are the id's), in order, each knowing whether a single
/// separator joins it to the previous group.
pub(crate) fn groups_at(text: &str, offset: usize) -> Groups<'_> {
    Groups {
        bytes: text.as_bytes(),
        offset,
        at: 0,
        pending: None,
    }
}

/// The iterator returned by [`groups_at`].
pub(crate) struct Groups<'a> {
    bytes: &'a [u8],
    /// Added to the offsets of the groups returned.
    offset: usize,
    /// Where the next group, or the gap before it, starts.
    at: usize,
    /// The separator that joins the next group to the last one.
    pending: Option<Sep>,
}

impl Iterator for Groups<'_> {
    type Item = Group;

    #[inline(always)]
    fn next(&mut self) -> Option<Group> {
        let bytes = self.bytes;
        let joined_by = self.pending.take();
        let mut start = self.at;
        if joined_by.is_none() {
            while class(*bytes.get(start)?) == 0 {
                start += 1;
            }
        }
        let (end, digits) = alnum_run(bytes, start);
        self.at = end;
        if let Some((sep, width)) = separator_at(bytes, end) {
            self.pending = Some(sep);
            self.at += width;
        }
        Some(Group {
            start: start + self.offset,
            end: end + self.offset,
            joined_by,
            digits,
        })
    }
}

/// Calls `visit` with each *stretch* of `text` that holds at least
/// `min_digits` ASCII digits and where it starts, until it returns `true`;
/// returns whether it did.
///
/// Stretches are split at ASCII bytes other than letters, digits and the
/// separator bytes (` `, `-`, `.`, `/`, `+`). A window of joined groups holds
/// only letters, digits and separators (non-ASCII bytes may be Unicode
/// spaces), so it lies inside one stretch and its digits are among the
/// stretch's: a rule whose windows need `min_digits` digits need only look at
/// the stretches passed to `visit`, which start and end at group boundaries.
///
/// One table lookup and add per byte: much cheaper than walking the groups of
/// a long id made of many short chunks (`org:acme-52/cohort:red-summit-93/…`).
pub(crate) fn digit_stretches(
    text: &str,
    min_digits: usize,
    mut visit: impl FnMut(&str, usize) -> bool,
) -> bool {
    let mut stretch =
        |start: usize, end: usize| text.get(start..end).is_none_or(|s| visit(s, start));
    let (mut start, mut digits) = (0, 0);
    for (i, &b) in text.as_bytes().iter().enumerate() {
        match STRETCH[usize::from(b)] {
            BREAKS => {
                if digits >= min_digits && stretch(start, i) {
                    return true;
                }
                (start, digits) = (i + 1, 0);
            }
            digit => digits += usize::from(digit),
        }
    }
    digits >= min_digits && stretch(start, text.len())
}

/// For [`digit_stretches`]: 1 for an ASCII digit, [`BREAKS`] for an ASCII byte
/// that ends a stretch, 0 for the rest.
const STRETCH: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x80 {
        let c = b as u8;
        table[b] = if c.is_ascii_digit() {
            1
        } else if c.is_ascii_alphabetic() || matches!(c, b' ' | b'-' | b'.' | b'/' | b'+') {
            0
        } else {
            BREAKS
        };
        b += 1;
    }
    table
};
const BREAKS: u8 = 2;

// Runs of letters and digits are measured eight bytes at a time: each byte of
// a little-endian `u64` word is a lane, and a lane's high bit says whether
// the byte is in a class. Long tokens (hashes, JWTs) then cost a few
// instructions per byte; `classify` is checked against `u8::is_ascii_*` for
// every byte value.

/// A word with every lane set to 1.
const LANES: u64 = u64::from_le_bytes([1; 8]);
/// The high bit of every lane.
const HIGH: u64 = LANES * 0x80;

/// The eight bytes of `bytes` from `at`, the first in the lowest lane. Lanes
/// past the end are zero, which is neither a letter nor a digit.
#[inline]
fn word_at(bytes: &[u8], at: usize) -> u64 {
    let rest = bytes.get(at..).unwrap_or_default();
    if let Some(word) = rest.first_chunk::<8>() {
        return u64::from_le_bytes(*word);
    }
    // Fewer than eight bytes left: read the last eight of `bytes` and shift
    // out the ones before `at`, or gather the few bytes of a short id.
    match bytes.last_chunk::<8>() {
        Some(last) => u64::from_le_bytes(*last)
            .checked_shr(8 * (8 - rest.len() as u32))
            .unwrap_or(0),
        None => rest.iter().rev().fold(0, |w, &b| w << 8 | u64::from(b)),
    }
}

/// For each lane of `word`: the high bit set when the byte is an ASCII digit
/// (first), and when it is an ASCII letter or digit (second).
#[inline]
fn classify(word: u64) -> (u64, u64) {
    let ascii = !word & HIGH;
    let low = word & !HIGH;
    // For a lane value v <= 0x7F, v + (0x80 - k) sets the lane's high bit
    // exactly when v >= k, and never carries into the next lane.
    let at_least = |v: u64, k: u8| v + LANES * u64::from(0x80 - k);
    let digit = at_least(low, b'0') & !at_least(low, b'9' + 1) & ascii;
    // Setting bit 5 maps `A`-`Z` onto `a`-`z` and nothing else into them.
    let folded = low | (LANES * 0x20);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1) & ascii;
    (digit, digit | letter)
}

/// How many lanes of `high_bits` (high bits only) are set.
#[inline]
fn count_lanes(high_bits: u64) -> usize {
    // The lanes' 0/1 values summed into the top lane by one multiply.
    ((high_bits >> 7).wrapping_mul(LANES) >> 56) as usize
}

/// The end of the run of ASCII letters and digits that starts at `from`, and
/// how many digits it holds.
#[inline(always)]
fn alnum_run(bytes: &[u8], from: usize) -> (usize, usize) {
    let (mut at, mut digits) = (from, 0);
    loop {
        let (digit, alnum) = classify(word_at(bytes, at));
        // The lanes that end the run; the run holds the ones before the first.
        let stop = !alnum & HIGH;
        if stop == 0 {
            digits += count_lanes(digit);
            at += 8;
            continue;
        }
        let run = stop.wrapping_sub(1) & !stop;
        return (
            at + stop.trailing_zeros() as usize / 8,
            digits + count_lanes(digit & run),
        );
    }
}

use super::scan::CLASS;

/// The class of `b`: `DIGIT`, `LETTER`, or 0 for anything else.
pub(crate) fn class(b: u8) -> u8 {
    CLASS[usize::from(b)]
}

/// Calls `visit` with every window of up to `N` consecutive joined groups,
/// grouped by the group they end at and longest first, together with the group
/// joined to the window's start, if any.
///
/// When `visit` returns `true` the window is consumed: the windows that follow
/// start after it, so one number is reported once. Work is `O(len * N)`.
#[cfg(test)]
pub(crate) fn for_each_window<const N: usize>(
    text: &str,
    mut visit: impl FnMut(&[Group], Option<&Group>) -> bool,
) {
    for_each_window_in::<N>(text, Limits::ANY, |window, before, _| visit(window, before));
}

/// Which windows a rule wants to see: the others are skipped without calling
/// its visitor, as if it had returned `false` for them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Fewest characters (without separators) in a window.
    pub(crate) min_len: usize,
    /// Most characters (without separators) in a window.
    pub(crate) max_len: usize,
    /// Fewest ASCII digits in a window.
    pub(crate) min_digits: usize,
}

impl Limits {
    /// Every window.
    #[cfg(test)]
    pub(crate) const ANY: Limits = Limits {
        min_len: 0,
        max_len: usize::MAX,
        min_digits: 0,
    };
}

/// What [`for_each_window_in`] already knows about a window.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WindowInfo {
    /// Characters in the window, without separators.
    pub(crate) len: usize,
    /// ASCII digits in the window.
    pub(crate) digits: usize,
}

/// Every window of up to `N` consecutive joined groups (as `for_each_window` in the
/// tests enumerates them), but only the windows within `limits`, with their lengths
/// and digit counts.
pub(crate) fn for_each_window_in<const N: usize>(
    text: &str,
    limits: Limits,
    visit: impl FnMut(&[Group], Option<&Group>, WindowInfo) -> bool,
) {
    for_each_window_at::<N>(text, 0, limits, visit);
}

/// As [`for_each_window_in`], for a part of an id that starts `offset` bytes
/// into it and holds whole chunks of groups (the walk starts afresh there):
/// the windows' offsets are the id's.
pub(crate) fn for_each_window_at<const N: usize>(
    text: &str,
    offset: usize,
    limits: Limits,
    mut visit: impl FnMut(&[Group], Option<&Group>, WindowInfo) -> bool,
) {
    let mut buf = [Group::EMPTY; N];
    let mut len = 0usize;
    // The group that fell out of `buf` when the chunk grew past `N` groups.
    let mut dropped: Option<Group> = None;
    // Characters and digits of `buf[..len]`.
    let (mut chars, mut digits) = (0usize, 0usize);
    for group in groups_at(text, offset) {
        if group.joined_by.is_none() {
            len = 0;
            dropped = None;
            (chars, digits) = (0, 0);
        }
        if len == N {
            dropped = buf.first().copied();
            if let Some(d) = dropped {
                chars -= d.len();
                digits -= d.digits;
            }
            buf.copy_within(1.., 0);
            len -= 1;
        }
        if let Some(slot) = buf.get_mut(len) {
            *slot = group;
            len += 1;
            chars += group.len();
            digits += group.digits;
        }
        let end = len;
        // Windows ending here shrink as `first` grows: skip the ones too long,
        // stop at the first one too short or with too few digits.
        let (mut w_chars, mut w_digits) = (chars, digits);
        for first in 0..end {
            if w_chars < limits.min_len || w_digits < limits.min_digits {
                break;
            }
            let Some(head) = buf.get(first).copied() else {
                break;
            };
            if w_chars > limits.max_len {
                w_chars -= head.len();
                w_digits -= head.digits;
                continue;
            }
            let Some(window) = buf.get(first..end) else {
                break;
            };
            let before = match first.checked_sub(1) {
                Some(i) => buf.get(i),
                None => dropped.as_ref(),
            };
            let info = WindowInfo {
                len: w_chars,
                digits: w_digits,
            };
            if visit(window, before, info) {
                len = 0;
                dropped = None;
                (chars, digits) = (0, 0);
                break;
            }
            w_chars -= head.len();
            w_digits -= head.digits;
        }
    }
}

/// Whether a group joined to either end of the window holds a digit, so the
/// window is only part of a longer number (three groups of a card number, the
/// middle of an IBAN or a UUID) rather than a number of its own.
pub(crate) fn continues_a_number(text: &str, window: &[Group], before: Option<&Group>) -> bool {
    let bytes = text.as_bytes();
    let has_digit = |r: Range<usize>| {
        bytes
            .get(r)
            .is_some_and(|b| b.iter().any(u8::is_ascii_digit))
    };
    if before.is_some_and(|g| has_digit(g.range())) {
        return true;
    }
    let Some(last) = window.last() else {
        return false;
    };
    let Some((_, width)) = separator_at(bytes, last.end) else {
        return false;
    };
    let next = last.end + width;
    bytes
        .get(next..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .any(u8::is_ascii_digit)
}

/// Writes the window's shape into `out` and returns it: each group's length as
/// one character (`1`-`9`, then `a` = 10, `b` = 11, ...) with the separator
/// byte between groups, e.g. `3-2-4` or `3.3.3-2`. `None` when a group is
/// longer than 35 or the window does not fit.
pub(crate) fn shape<'b>(window: &[Group], out: &'b mut [u8]) -> Option<&'b [u8]> {
    let mut n = 0;
    for (i, g) in window.iter().enumerate() {
        if i > 0 {
            *out.get_mut(n)? = g.joined_by?.byte();
            n += 1;
        }
        let len = g.len();
        *out.get_mut(n)? = match len {
            1..=9 => b'0' + len as u8,
            10..=35 => b'a' + (len - 10) as u8,
            _ => return None,
        };
        n += 1;
    }
    out.get(..n)
}

/// Copies the window's characters without separators into `out`, upper-cased,
/// and returns them; `None` when they do not fit.
pub(crate) fn compact<'b>(text: &str, window: &[Group], out: &'b mut [u8]) -> Option<&'b [u8]> {
    let bytes = text.as_bytes();
    let mut n = 0;
    for g in window {
        for &b in bytes.get(g.range())? {
            *out.get_mut(n)? = b.to_ascii_uppercase();
            n += 1;
        }
    }
    out.get(..n)
}

/// `{head} ({name})` written into `buf` without allocating, for finding
/// messages such as `national id number (Dutch BSN)`; `None` if it does not
/// fit.
pub(crate) fn describe<'b>(buf: &'b mut [u8; 96], head: &str, name: &str) -> Option<&'b str> {
    let len = head.len() + name.len() + 3;
    let out = buf.get_mut(..len)?;
    let (h, rest) = out.split_at_mut(head.len());
    h.copy_from_slice(head.as_bytes());
    let (open, rest) = rest.split_at_mut(2);
    open.copy_from_slice(b" (");
    let (n, close) = rest.split_at_mut(name.len());
    n.copy_from_slice(name.as_bytes());
    close.copy_from_slice(b")");
    std::str::from_utf8(out).ok()
}

/// The window's byte range in the id.
pub(crate) fn span(window: &[Group]) -> Range<usize> {
    match (window.first(), window.last()) {
        (Some(first), Some(last)) => first.start..last.end,
        _ => 0..0,
    }
}

/// Parts of an id whose digits belong to something else: everything after a
/// phone number's `+` (a `+` followed by a digit or `(`), and UUID-shaped runs
/// of hex digits and dashes (at least 36 long with four dashes), whose all-digit
/// groups must not be read as numbers.
///
/// Built once per id in one pass, so checking many windows stays linear.
pub(crate) struct Masks {
    phone_from: usize,
    uuids: [Range<usize>; Masks::MAX_UUIDS],
    uuid_count: usize,
}

impl Masks {
    const MAX_UUIDS: usize = 8;

    /// Builds the masks; `has_plus` and `has_dash` say whether the id holds a
    /// `+` or a `-` at all, so ids without them cost nothing.
    pub(crate) fn new(text: &str, has_plus: bool, has_dash: bool) -> Self {
        let bytes = text.as_bytes();
        let phone_from = if has_plus {
            bytes
                .windows(2)
                .position(|w| w[0] == b'+' && (w[1].is_ascii_digit() || w[1] == b'('))
                .unwrap_or(usize::MAX)
        } else {
            usize::MAX
        };
        let mut masks = Masks {
            phone_from,
            uuids: std::array::from_fn(|_| 0..0),
            uuid_count: 0,
        };
        if !has_dash {
            return masks;
        }
        let hexish = |b: u8| b.is_ascii_hexdigit() || b == b'-';
        for (range, run) in super::scan::runs(text, hexish) {
            if run.len() >= 36 && run.bytes().filter(|&b| b == b'-').count() >= 4 {
                if let Some(slot) = masks.uuids.get_mut(masks.uuid_count) {
                    *slot = range;
                    masks.uuid_count += 1;
                } else {
                    // More UUIDs than slots: mask the rest of the id.
                    if let Some(last) = masks.uuids.last_mut() {
                        last.end = text.len();
                    }
                    break;
                }
            }
        }
        masks
    }

    /// Whether `span` lies after a phone prefix or inside a UUID-shaped run.
    pub(crate) fn covers(&self, span: &Range<usize>) -> bool {
        self.phone_from < span.start
            || self
                .uuids
                .iter()
                .take(self.uuid_count)
                .any(|u| u.start <= span.start && span.end <= u.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_window::<4>(text, |w, _| {
            let mut buf = [0u8; 32];
            if let Some(s) = shape(w, &mut buf) {
                out.push(String::from_utf8_lossy(s).into_owned());
            }
            false
        });
        out
    }

    #[test]
    fn groups_join_only_on_single_separators() {
        let g: Vec<_> = groups("u_403-68-8242").collect();
        assert_eq!(g.len(), 4);
        assert_eq!(g[0].joined_by, None);
        assert_eq!(g[1].joined_by, None);
        assert_eq!(g[2].joined_by, Some(Sep::Dash));
        assert_eq!(g[3].joined_by, Some(Sep::Dash));
        let g: Vec<_> = groups("a--b c\u{a0}d").collect();
        assert_eq!(g[1].joined_by, None);
        assert_eq!(g[2].joined_by, Some(Sep::Space));
        assert_eq!(g[3].joined_by, Some(Sep::Space));
        assert_eq!(groups("").count(), 0);
        assert_eq!(groups("-_-").count(), 0);
        assert_eq!(groups("ab-").count(), 1);
    }

    #[test]
    fn windows_come_longest_first_and_reset_on_consume() {
        assert_eq!(
            shapes("403-68-8242"),
            ["3", "3-2", "2", "3-2-4", "2-4", "4"]
        );
        let mut seen = Vec::new();
        for_each_window::<3>("12 34 56", |w, _| {
            seen.push(w.len());
            w.len() == 2
        });
        assert_eq!(seen, [1, 2, 1]);
    }

    #[test]
    fn compact_upper_cases_and_span_covers_the_window() {
        let text = "iban:gb82 west 1234";
        let mut out = Vec::new();
        for_each_window::<4>(text, |w, _| {
            if w.len() == 3 {
                let mut buf = [0u8; 40];
                out.push(compact(text, w, &mut buf).map(<[u8]>::to_vec));
                assert_eq!(span(w), 5..text.len());
            }
            false
        });
        assert_eq!(out, [Some(b"GB82WEST1234".to_vec())]);
    }

    #[test]
    fn windows_inside_longer_numbers_are_recognised() {
        let mut continued = Vec::new();
        let text = "card-4111 1111 1111 1111 x";
        for_each_window::<5>(text, |w, before| {
            let digits_only = w
                .iter()
                .all(|g| text.as_bytes()[g.range()][0].is_ascii_digit());
            if digits_only {
                continued.push((w.len(), continues_a_number(text, w, before)));
            }
            false
        });
        // Only the whole card number stands on its own.
        for (len, continues) in continued {
            assert_eq!(continues, len != 4, "{len}");
        }
        // A chunk longer than the window limit still knows the group before.
        let mut longest_at_end = None;
        for_each_window::<8>("1 2 3 4 5 6 7 8 9 10", |w, before| {
            if w.len() == 8 && w.last().is_some_and(|g| g.len() == 2) {
                longest_at_end = Some(before.map(|g| g.start));
            }
            false
        });
        assert_eq!(longest_at_end, Some(Some(2)));
    }

    #[test]
    fn lanes_classify_like_the_byte_tests() {
        for b in 0..=u8::MAX {
            for lane in 0..8 {
                // The byte in one lane, its neighbours set to confuse carries.
                let mut word = [0xFF; 8];
                word[lane] = b;
                let (digit, alnum) = classify(u64::from_le_bytes(word));
                let bit = 0x80u64 << (8 * lane);
                assert_eq!(digit & bit != 0, b.is_ascii_digit(), "{b:#x}");
                assert_eq!(alnum & bit != 0, b.is_ascii_alphanumeric(), "{b:#x}");
                let mut word = [b'z'; 8];
                word[lane] = b;
                let (digit, alnum) = classify(u64::from_le_bytes(word));
                assert_eq!(digit & bit != 0, b.is_ascii_digit(), "{b:#x}");
                assert_eq!(alnum & bit != 0, b.is_ascii_alphanumeric(), "{b:#x}");
            }
        }
    }

    #[test]
    fn runs_are_found_across_words_and_at_the_end() {
        let long = format!(
            "{}-{}_é{} x",
            "a1".repeat(40),
            "7".repeat(64),
            "b".repeat(63)
        );
        for text in [
            "",
            "a",
            "ab-12",
            "--x",
            "0123456789abcdefXYZ_99",
            "é1é22 333",
            &long,
        ] {
            let bytes = text.as_bytes();
            for from in 0..=bytes.len() {
                let end = from
                    + bytes[from..]
                        .iter()
                        .take_while(|b| b.is_ascii_alphanumeric())
                        .count();
                let digits = bytes[from..end]
                    .iter()
                    .filter(|b| b.is_ascii_digit())
                    .count();
                assert_eq!(alnum_run(bytes, from), (end, digits), "{text:?} {from}");
                let mut word = [0u8; 8];
                for (w, b) in word.iter_mut().zip(&bytes[from..]) {
                    *w = *b;
                }
                assert_eq!(word_at(bytes, from), u64::from_le_bytes(word));
            }
        }
    }

    #[test]
    fn groups_of_a_part_carry_the_id_offsets() {
        let id = "x:12-ab 3";
        let part: Vec<_> = groups_at(&id[2..], 2).collect();
        let whole: Vec<_> = groups(id).skip(1).collect();
        assert_eq!(part, whole);
    }

    #[test]
    fn digit_stretches_split_at_punctuation_only() {
        let mut seen = Vec::new();
        let text = "org:acme-52/red 93_x1.2.3+4é5\u{a0}6,77";
        digit_stretches(text, 1, |s, at| {
            assert_eq!(&text[at..at + s.len()], s);
            seen.push(s.to_owned());
            false
        });
        assert_eq!(seen, ["acme-52/red 93", "x1.2.3+4é5\u{a0}6", "77"]);
        assert!(digit_stretches("a:123456", 6, |s, at| s == "123456" && at == 2));
        assert!(!digit_stretches("12345:6", 6, |_, _| true));
    }

    #[test]
    fn describe_joins_without_allocating() {
        let mut buf = [0u8; 96];
        assert_eq!(describe(&mut buf, "IBAN", "DE"), Some("IBAN (DE)"));
        assert_eq!(
            describe(&mut buf, "id", "JMBG/EMŠO"),
            Some("id (JMBG/EMŠO)")
        );
        assert_eq!(describe(&mut buf, "x", &"y".repeat(100)), None);
    }

    #[test]
    fn masks_cover_phone_numbers_and_uuids() {
        let m = Masks::new("+33285633548", true, false);
        assert!(m.covers(&(1..12)));
        let m = Masks::new("+49(0) 032701767", true, false);
        assert!(m.covers(&(7..16)));
        let m = Masks::new("131052+308T", true, false);
        assert!(!m.covers(&(0..11)));
        let m = Masks::new("a+b 123", true, false);
        assert!(!m.covers(&(4..7)));
        let text = "usr_97874f2e-373c-43ba-99b9-867123456789";
        let m = Masks::new(text, false, true);
        assert!(m.covers(&(text.len() - 12..text.len())));
        assert!(!m.covers(&(0..3)));
        assert!(!Masks::new("id-123456789012", false, true).covers(&(3..15)));
        let many = "00000000-0000-4000-8000-000000000000 ".repeat(10);
        assert!(Masks::new(&many, false, true).covers(&(many.len() - 13..many.len() - 1)));
    }
}

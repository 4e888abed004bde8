//! Which windows could be a national id at all, judged only by what the window
//! walk already knows: the window's length, its digit count, whether every
//! character is a digit, and the shape it is written in.
//!
//! These are exactly the tests the rule applies before it runs any scheme's
//! own check: a window is tried only against a scheme that has its length,
//! whose character classes (`Chars`) it fits, and, unless it is a single group,
//! one of whose native formats it is written in. So a window that fails
//! [`may_match`] can never be reported, and the rule rejects it before filling
//! any buffer. One pass over the groups finds the windows that pass: when
//! there are none the rule is done, and when there are few [`replay`] shows
//! them to the rule exactly as the walk over every window would, without
//! walking the id again.

use super::{Chars, MAX_CHARS, MAX_GROUPS, MIN_DIGITS, SCHEMES};
use crate::rules::groups::{self, Group, WindowInfo};

/// Class bit of a window whose characters are all digits.
const ALL_DIGITS: u8 = 1;
/// Class bit of a window that holds a letter (groups hold only letters and digits).
const HAS_LETTER: u8 = 2;

/// The class bits of the windows a scheme with these characters can match.
const fn class_bits(chars: Chars) -> u8 {
    match chars {
        Chars::Digits => ALL_DIGITS,
        Chars::Letters => HAS_LETTER,
        Chars::Any => ALL_DIGITS | HAS_LETTER,
    }
}

/// The class bit of a window of `len` characters of which `digits` are digits.
fn class_bit(len: usize, digits: usize) -> u8 {
    if digits == len {
        ALL_DIGITS
    } else {
        HAS_LETTER
    }
}

/// For each length, the classes of a single-group window that some scheme of
/// that length accepts (every scheme may be written without separators).
const BARE: [u8; MAX_CHARS + 1] = {
    let mut table = [0u8; MAX_CHARS + 1];
    let mut s = 0;
    while s < SCHEMES.len() {
        let mut len = 0;
        while len <= MAX_CHARS {
            if SCHEMES[s].lengths & (1 << len) != 0 {
                table[len] |= class_bits(SCHEMES[s].chars);
            }
            len += 1;
        }
        s += 1;
    }
    table
};

/// Bits per group in a shape key: the group's length, then the code of the
/// separator before it (0 for the window's first group).
const KEY_BITS: u32 = 7;
const SEP_BITS: u32 = 3;

/// The code of a separator byte in a shape key. Bytes that `groups::shape`
/// never writes get a code no window has, so a format holding one matches
/// nothing, as before.
const fn sep_code(b: u8) -> u64 {
    match b {
        b' ' => 1,
        b'-' => 2,
        b'.' => 3,
        b'/' => 4,
        b'+' => 5,
        _ => 7,
    }
}

/// The length a shape character stands for (`1`-`9`, `a` = 10, ...).
const fn shape_len(b: u8) -> usize {
    match b {
        b'0'..=b'9' => (b - b'0') as usize,
        b'a'..=b'z' => (b - b'a') as usize + 10,
        _ => usize::MAX,
    }
}

/// The key of a format string such as `3-2-4`: per group, its length and the
/// code of the separator before it, first group in the highest bits.
const fn format_key(format: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut sep = 0u64;
    let mut i = 0;
    while i < format.len() {
        if i % 2 == 0 {
            key = key << KEY_BITS | (shape_len(format[i]) as u64) << SEP_BITS | sep;
        } else {
            sep = sep_code(format[i]);
        }
        i += 1;
    }
    key
}

/// The longest group in any native format: a window holding a longer group
/// (and more than one group) matches no format.
const MAX_FORMAT_GROUP: usize = {
    let mut max = 0;
    let mut s = 0;
    while s < SCHEMES.len() {
        let formats = SCHEMES[s].formats;
        let mut f = 0;
        while f < formats.len() {
            let format = formats[f].as_bytes();
            let mut i = 0;
            while i < format.len() {
                if shape_len(format[i]) > max {
                    max = shape_len(format[i]);
                }
                i += 2;
            }
            f += 1;
        }
        s += 1;
    }
    max
};
// Group lengths must fit the key's length bits, and whole formats the key.
const _: () = assert!(MAX_FORMAT_GROUP < 1 << (KEY_BITS - SEP_BITS));
const _: () = assert!(MAX_GROUPS as u32 * KEY_BITS <= u64::BITS);

const FORMAT_COUNT: usize = {
    let mut n = 0;
    let mut s = 0;
    while s < SCHEMES.len() {
        n += SCHEMES[s].formats.len();
        s += 1;
    }
    n
};

/// Every scheme's native formats as `(key, classes)`, sorted by key; entries
/// with the same key all carry the union of their schemes' classes.
const FORMATS: [(u64, u8); FORMAT_COUNT] = {
    let mut table = [(0u64, 0u8); FORMAT_COUNT];
    let mut n = 0;
    let mut s = 0;
    while s < SCHEMES.len() {
        let formats = SCHEMES[s].formats;
        let mut f = 0;
        while f < formats.len() {
            table[n] = (
                format_key(formats[f].as_bytes()),
                class_bits(SCHEMES[s].chars),
            );
            n += 1;
            f += 1;
        }
        s += 1;
    }
    let mut i = 1;
    while i < n {
        let mut j = i;
        while j > 0 && table[j - 1].0 > table[j].0 {
            let moved = table[j];
            table[j] = table[j - 1];
            table[j - 1] = moved;
            j -= 1;
        }
        i += 1;
    }
    let mut i = 0;
    while i < n {
        let mut end = i;
        let mut bits = 0;
        while end < n && table[end].0 == table[i].0 {
            bits |= table[end].1;
            end += 1;
        }
        while i < end {
            table[i].1 = bits;
            i += 1;
        }
    }
    table
};

/// Which of 256 buckets hold a format key: most shapes that are no format
/// are turned away by one multiply and a bit test, before the search.
const FORMAT_BUCKETS: [u64; 4] = {
    let mut buckets = [0u64; 4];
    let mut i = 0;
    while i < FORMAT_COUNT {
        let b = bucket(FORMATS[i].0);
        buckets[b / 64] |= 1 << (b % 64);
        i += 1;
    }
    buckets
};

/// The bucket of a shape key (the top byte of a multiplicative hash).
const fn bucket(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize
}

/// The classes of windows written in the shape with this key that some
/// scheme accepts, or 0 when it is no scheme's format.
fn format_classes(key: u64) -> u8 {
    let b = bucket(key);
    if FORMAT_BUCKETS[b / 64] & (1 << (b % 64)) == 0 {
        return 0;
    }
    FORMATS
        .binary_search_by_key(&key, |&(k, _)| k)
        .ok()
        .and_then(|i| FORMATS.get(i))
        .map_or(0, |&(_, bits)| bits)
}

/// The shape key of a window of several groups, or `None` when a group is
/// longer than any format's.
fn window_key(window: &[Group]) -> Option<u64> {
    let mut key = 0u64;
    for (i, g) in window.iter().enumerate() {
        let len = g.len();
        if len > MAX_FORMAT_GROUP {
            return None;
        }
        let sep = if i == 0 {
            0
        } else {
            sep_code(g.joined_by?.byte())
        };
        key = key << KEY_BITS | (len as u64) << SEP_BITS | sep;
    }
    Some(key)
}

/// Whether some scheme could accept the window (of `len` characters, `digits`
/// of them digits) by its length, classes and shape alone.
pub(super) fn may_match(window: &[Group], len: usize, digits: usize) -> bool {
    let classes = match window {
        [_] => BARE.get(len).copied().unwrap_or(0),
        _ => window_key(window).map_or(0, format_classes),
    };
    digits >= MIN_DIGITS && classes & class_bit(len, digits) != 0
}

/// A window that passes [`may_match`], with what the window walk would show
/// the rule's visitor along with it.
#[derive(Clone, Copy)]
pub(super) struct Candidate {
    /// The window's groups, then unused slots.
    groups: [Group; MAX_GROUPS],
    count: usize,
    /// The group joined to the window's first one, if any.
    before: Option<Group>,
    info: WindowInfo,
}

impl Candidate {
    fn window(&self) -> &[Group] {
        self.groups.get(..self.count).unwrap_or_default()
    }

    /// Where the window starts and ends in the id.
    fn span(&self) -> std::ops::Range<usize> {
        groups::span(self.window())
    }
}

/// Groups kept per chunk: a window's and the one before it.
const RING: usize = MAX_GROUPS + 1;

/// Calls `found` with every window the rule visits that passes [`may_match`]
/// (a group that could be an id on its own, or up to `MAX_GROUPS` joined
/// groups of at most `MAX_CHARS` characters written in a native format), by
/// the group it ends at and from the shortest; stops as soon as `found`
/// returns `true` and returns whether it did.
///
/// One pass over the groups; for each it looks back over the chunk's few
/// latest groups, kept in a small ring, with their shapes packed in a key.
fn each_candidate(text: &str, offset: usize, mut found: impl FnMut(&Candidate) -> bool) -> bool {
    let mut ring = [Group::EMPTY; RING];
    // Groups of the current chunk so far, and the latest of them that are
    // short enough for a format (with their digits and shape key).
    let mut chunk = 0usize;
    let (mut short, mut short_digits, mut key) = (0usize, 0usize, 0u64);
    for g in groups::groups_at(text, offset) {
        let (len, d) = (g.len(), g.digits);
        if g.joined_by.is_none() {
            chunk = 0;
        }
        if g.joined_by.is_none() || len > MAX_FORMAT_GROUP {
            (short, short_digits) = (0, 0);
        }
        ring[chunk % RING] = g;
        chunk += 1;
        let bare = BARE.get(len).is_some_and(|&c| c & class_bit(len, d) != 0);
        if d >= MIN_DIGITS
            && bare
            && found(&candidate(&ring, chunk, 0, WindowInfo { len, digits: d }))
        {
            return true;
        }
        if len > MAX_FORMAT_GROUP {
            continue;
        }
        let sep = g.joined_by.map_or(0, |s| sep_code(s.byte()));
        key = key << KEY_BITS | (len as u64) << SEP_BITS | sep;
        short += 1;
        short_digits += d;
        if short_digits < MIN_DIGITS {
            continue;
        }
        // Windows of two or more groups ending here, shortest first.
        let (mut total, mut sum) = (len, d);
        for back in 1..short.min(MAX_GROUPS) {
            let earlier = &ring[(chunk - 1 - back) % RING];
            total += earlier.len();
            if total > MAX_CHARS {
                break;
            }
            sum += earlier.digits;
            if sum < MIN_DIGITS {
                continue;
            }
            // The window's groups, with no separator before its first one.
            let bits = KEY_BITS * (back as u32 + 1);
            let first_sep = ((1 << SEP_BITS) - 1) << (bits - KEY_BITS);
            let window = key & ((1 << bits) - 1) & !first_sep;
            if format_classes(window) & class_bit(total, sum) != 0
                && found(&candidate(
                    &ring,
                    chunk,
                    back,
                    WindowInfo {
                        len: total,
                        digits: sum,
                    },
                ))
            {
                return true;
            }
        }
    }
    false
}

/// The candidate made of the chunk's latest `back + 1` groups.
fn candidate(ring: &[Group; RING], chunk: usize, back: usize, info: WindowInfo) -> Candidate {
    let mut groups = [Group::EMPTY; MAX_GROUPS];
    for (i, slot) in groups.iter_mut().take(back + 1).enumerate() {
        *slot = ring[(chunk - 1 - back + i) % RING];
    }
    Candidate {
        groups,
        count: back + 1,
        before: (chunk > back + 1).then(|| ring[(chunk - 2 - back) % RING]),
        info,
    }
}

/// Whether some window of `text` passes [`may_match`].
#[cfg(test)]
fn has_candidate(text: &str) -> bool {
    each_candidate(text, 0, |_| true)
}

/// The windows of a part of an id that pass [`may_match`], in the order the
/// window walk visits them, when they are few.
pub(super) struct Found {
    slots: [Option<Candidate>; 3],
    count: usize,
    /// More windows than slots passed.
    overflow: bool,
}

impl Found {
    pub(super) fn new() -> Self {
        Found {
            slots: [None; 3],
            count: 0,
            overflow: false,
        }
    }

    /// Finds the windows of `part`, which starts `offset` bytes into the id
    /// and holds whole chunks of groups, in place of those found before.
    pub(super) fn collect(&mut self, part: &str, offset: usize) -> &mut Self {
        self.count = 0;
        self.overflow = each_candidate(part, offset, |c| match self.slots.get_mut(self.count) {
            Some(slot) => {
                *slot = Some(*c);
                self.count += 1;
                false
            }
            None => true,
        });
        self
    }

    /// The windows found, in walk order (by the group they end at, longest
    /// first), or `None` when there were too many.
    pub(super) fn windows(&mut self) -> Option<&[Option<Candidate>]> {
        if self.overflow {
            return None;
        }
        let found = self.slots.get_mut(..self.count).unwrap_or_default();
        found.sort_unstable_by_key(|c| c.as_ref().map(|c| (c.span().end, c.span().start)));
        Some(found)
    }
}

/// Shows `visit` the windows [`Found`] gathered exactly as the window walk
/// would, which calls the rule only for windows that pass [`may_match`] (for
/// the others it returns `false` at once): in walk order, skipping windows
/// that overlap one `visit` took (returned `true` for), and with no group
/// before a window whose first group follows a taken one, as the walk starts
/// afresh there.
pub(super) fn replay(
    found: &[Option<Candidate>],
    mut visit: impl FnMut(&[Group], Option<&Group>, WindowInfo) -> bool,
) {
    // Where the last taken window ends.
    let mut taken: Option<usize> = None;
    for c in found.iter().flatten() {
        if taken.is_some_and(|end| c.span().start < end) {
            continue;
        }
        let fresh = c.before.is_some_and(|b| Some(b.end) == taken);
        let before = if fresh { None } else { c.before.as_ref() };
        if visit(c.window(), before, c.info) {
            taken = Some(c.span().end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_table_is_sorted_and_knows_every_format() {
        assert!(FORMATS.windows(2).all(|w| w[0].0 <= w[1].0));
        for scheme in SCHEMES {
            for f in scheme.formats {
                let bits = format_classes(format_key(f.as_bytes()));
                assert_ne!(bits & class_bits(scheme.chars), 0, "{f}");
            }
        }
        assert_eq!(format_classes(format_key(b"4-2-2")), 0);
        assert_eq!(MAX_FORMAT_GROUP, 13);
    }

    #[test]
    fn window_keys_match_format_keys() {
        let text = "786.700.301-01 x 1 85 05 78 006 084 36";
        let mut keys = Vec::new();
        groups::for_each_window::<MAX_GROUPS>(text, |w, _| {
            if w.len() > 1 {
                let mut buf = [0u8; 2 * MAX_GROUPS];
                let shape = groups::shape(w, &mut buf).map(<[u8]>::to_vec);
                keys.push((shape, window_key(w)));
            }
            false
        });
        assert!(!keys.is_empty());
        for (shape, key) in keys {
            let shape = shape.expect("short groups");
            assert_eq!(key, Some(format_key(&shape)), "{shape:?}");
        }
    }

    #[test]
    fn replay_shows_the_rule_what_the_walk_shows_it() {
        // What a visitor is shown: window span, the group before, length and
        // digits. It takes windows by a rule of thumb, so that consumption and
        // fresh starts are exercised too.
        type Seen = (usize, usize, Option<usize>, usize, usize);
        fn visitor(
            seen: &mut Vec<Seen>,
        ) -> impl FnMut(&[Group], Option<&Group>, WindowInfo) -> bool + '_ {
            move |w, before, info| {
                if !may_match(w, info.len, info.digits) {
                    return false;
                }
                let span = groups::span(w);
                seen.push((
                    span.start,
                    span.end,
                    before.map(|g| g.start),
                    info.len,
                    info.digits,
                ));
                span.start % 3 != 1
            }
        }
        let pieces = [
            "123456",
            "12",
            "1234",
            "AB",
            "X",
            "-",
            " ",
            ".",
            "/",
            "+",
            "_",
            "123456789",
            "2A",
            "\u{a0}",
            "85",
            "0123456789012",
            "ab12cd34ef56",
            ":",
            "1",
            "999",
        ];
        let mut seed = 7u64;
        let mut compared = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for _ in 0..(seed >> 60) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 32) as usize % pieces.len()]);
            }
            let mut walked = Vec::new();
            let limits = groups::Limits {
                min_len: 0,
                max_len: MAX_CHARS,
                min_digits: MIN_DIGITS,
            };
            groups::for_each_window_in::<MAX_GROUPS>(&text, limits, visitor(&mut walked));
            assert_eq!(has_candidate(&text), !walked.is_empty(), "{text:?}");
            // The whole id at once, and part by part where a `:` ends a
            // chunk (walking a part whose windows do not fit).
            if let Some(found) = Found::new().collect(&text, 0).windows() {
                let mut replayed = Vec::new();
                replay(found, visitor(&mut replayed));
                assert_eq!(replayed, walked, "{text:?}");
                compared += usize::from(found.len() > 1);
            }
            let mut replayed = Vec::new();
            let mut offset = 0;
            for part in text.split(':') {
                match Found::new().collect(part, offset).windows() {
                    Some(found) => replay(found, visitor(&mut replayed)),
                    None => groups::for_each_window_at::<MAX_GROUPS>(
                        part,
                        offset,
                        limits,
                        visitor(&mut replayed),
                    ),
                }
                offset += part.len() + 1;
            }
            assert_eq!(replayed, walked, "{text:?}");
        }
        assert!(compared > 100, "{compared}");
    }

    #[test]
    fn candidates_need_length_digits_classes_and_format() {
        for id in [
            "ssn_536-90-4399",
            "user_36574261809",
            "786.700.301-01",
            "1 85 05 78 006 084 36",
            "AB123456C",
            "x RCCMNL83S18D969H",
        ] {
            assert!(has_candidate(id), "{id}");
        }
        for id in [
            "user_1995-09-07",
            "185.217.224.241",
            "ws_795.member_9852",
            "62e929d304914075dfcf7cd8",
            "1234567890123456789",
            "",
        ] {
            assert!(!has_candidate(id), "{id}");
        }
    }
}

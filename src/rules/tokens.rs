//! Token shapes shared by the `unstable-*` rules: UUID parsing, hex and
//! base62/base64url classification, a cheap "does this look random" test, the
//! shapes of well-known stable ids that merely look random (MongoDB ObjectIds,
//! Firebase and Firestore ids, KSUIDs, ULIDs, cuids, Okta ids), and splitting an
//! id into a word prefix and a trailing token.
//!
//! Everything here works on ASCII bytes, so every range it returns is on
//! character boundaries of the original `&str`.

use std::ops::Range;

/// 100-nanosecond intervals between the UUID epoch (1582-10-15, RFC 9562 §5.1)
/// and the Unix epoch.
const GREGORIAN_TO_UNIX_100NS: u64 = 0x01B2_1DD2_1381_4000;

/// A parsed UUID (RFC 9562), dashed (`8-4-4-4-12`) or as 32 bare hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Uuid {
    /// The 128 bits, first hex digit most significant.
    pub(crate) value: u128,
}

impl Uuid {
    /// The version nibble (the 13th hex digit).
    pub(crate) fn version(self) -> u8 {
        ((self.value >> 76) & 0xf) as u8
    }

    /// Whether the variant bits are `10`, the RFC 9562 layout whose version field is meaningful.
    pub(crate) fn is_rfc_variant(self) -> bool {
        (self.value >> 62) & 0b11 == 0b10
    }

    /// The Unix time in seconds embedded by the time-based versions 1, 2, 6 and 7.
    pub(crate) fn unix_seconds(self) -> Option<i64> {
        let v = self.value;
        let field = |shift: u32, mask: u64| (v >> shift) as u64 & mask;
        let ticks = match self.version() {
            // time_low | time_mid | version + time_hi. Version 2 overwrites time_low with a
            // local id, which moves the time by at most 2^32 ticks (seven minutes).
            1 | 2 => field(64, 0x0fff) << 48 | field(80, 0xffff) << 32 | field(96, 0xffff_ffff),
            // time_high | time_mid | version + time_low.
            6 => field(96, 0xffff_ffff) << 28 | field(80, 0xffff) << 12 | field(64, 0x0fff),
            7 => return i64::try_from(field(80, 0xffff_ffff_ffff) / 1000).ok(),
            _ => return None,
        };
        let since_unix =
            i64::try_from(ticks).ok()? - i64::try_from(GREGORIAN_TO_UNIX_100NS).ok()?;
        Some(since_unix.div_euclid(10_000_000))
    }

    /// A random (version 4) UUID of the RFC variant.
    pub(crate) fn is_v4(self) -> bool {
        self.version() == 4 && self.is_rfc_variant()
    }

    /// A time-based UUID (version 1, 2 or 6) whose timestamp falls in
    /// 2000-01-01..2050-01-01. The window keeps placeholder UUIDs such as
    /// `12345678-1234-1234-8234-123456789012`, and random hex that happens to have
    /// the right version nibble, from counting as time-based.
    pub(crate) fn is_time_based_with_mac(self) -> bool {
        matches!(self.version(), 1 | 2 | 6)
            && self.is_rfc_variant()
            && self
                .unix_seconds()
                .is_some_and(|s| (UUID_TIME_MIN..UUID_TIME_MAX).contains(&s))
    }

    /// A version 7 UUID (Unix milliseconds + random), commonly a database primary key,
    /// with a timestamp in the same window.
    pub(crate) fn is_v7(self) -> bool {
        self.version() == 7
            && self.is_rfc_variant()
            && self
                .unix_seconds()
                .is_some_and(|s| (UUID_TIME_MIN..UUID_TIME_MAX).contains(&s))
    }
}

/// 2000-01-01T00:00:00Z.
const UUID_TIME_MIN: i64 = 946_684_800;
/// 2050-01-01T00:00:00Z.
const UUID_TIME_MAX: i64 = 2_524_608_000;

/// The value of an ASCII hex digit.
pub(crate) fn hex_value(b: u8) -> Option<u8> {
    let value = HEX_VALUE[usize::from(b)];
    (value < 16).then_some(value)
}

/// Hex digit values, 0xff for every other byte.
const HEX_VALUE: [u8; 256] = {
    let mut table = [0xff; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        table[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

/// Parses exactly one UUID: 36 bytes with dashes at 8, 13, 18 and 23, or 32 hex digits.
pub(crate) fn parse_uuid(s: &[u8]) -> Option<Uuid> {
    let dashed = match s.len() {
        36 if [s[8], s[13], s[18], s[23]] == [b'-'; 4] => true,
        32 => false,
        _ => return None,
    };
    // The first and last 16 hex digits, each into one 64-bit half.
    let (high, low) = if dashed {
        (
            hex_u64(&[&s[..8], &s[9..13], &s[14..18]]),
            hex_u64(&[&s[19..23], &s[24..]]),
        )
    } else {
        (hex_u64(&[&s[..16]]), hex_u64(&[&s[16..]]))
    };
    Some(Uuid {
        value: u128::from(high?) << 64 | u128::from(low?),
    })
}

/// The value of the hex digits of `groups`, read in order, first digit most
/// significant; `None` if any byte is not a hex digit.
fn hex_u64(groups: &[&[u8]]) -> Option<u64> {
    let mut value = 0u64;
    for group in groups {
        for &b in *group {
            value = value << 4 | u64::from(hex_value(b)?);
        }
    }
    Some(value)
}

/// Every UUID in `b` (dashed or 32 bare hex digits) that is not glued to other
/// letters or digits, left to right, without overlaps.
///
/// Candidates are only tried where a hex digit follows a non-alphanumeric byte,
/// so the scan costs at most 36 byte checks per such position: linear overall.
pub(crate) fn find_uuids(b: &[u8]) -> impl Iterator<Item = (Range<usize>, Uuid)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let start = i;
            i += 1;
            let boundary =
                start == 0 || b.get(start - 1).is_some_and(|p| !p.is_ascii_alphanumeric());
            if !boundary || !b[start].is_ascii_hexdigit() {
                continue;
            }
            for len in [36, 32] {
                let end = start + len;
                let Some(candidate) = b.get(start..end) else {
                    continue;
                };
                if b.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                    continue;
                }
                if let Some(uuid) = parse_uuid(candidate) {
                    i = end;
                    return Some((start..end, uuid));
                }
            }
        }
        None
    })
}

/// Whether every byte is an ASCII hex digit (and there is at least one).
pub(crate) fn is_hex(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(|&b| HEX[usize::from(b)])
}

/// Whether every byte is in the base64url alphabet `[A-Za-z0-9_-]`.
pub(crate) fn is_base64url(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(|&b| BASE64URL[usize::from(b)])
}

/// Byte tables for the token alphabets: one load per byte instead of range tests.
const HEX: [bool; 256] = byte_table(b"0123456789abcdefABCDEF");
const BASE62: [bool; 256] =
    byte_table(b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
const BASE64URL: [bool; 256] =
    byte_table(b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_");

/// A membership table for the bytes of `set`.
pub(crate) const fn byte_table(set: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < set.len() {
        table[set[i] as usize] = true;
        i += 1;
    }
    table
}

/// Character-class counts of a token, and how often adjacent characters change class.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shape {
    pub(crate) upper: usize,
    pub(crate) lower: usize,
    pub(crate) digits: usize,
    /// Bytes that are not ASCII letters or digits.
    pub(crate) other: usize,
    /// Adjacent alphanumeric pairs.
    pub(crate) pairs: usize,
    /// Adjacent alphanumeric pairs whose classes (upper, lower, digit) differ.
    pub(crate) changes: usize,
    /// Uppercase letters not followed by a lowercase one. In words and camelCase
    /// nearly every capital starts a lowercase run; in random text most do not.
    pub(crate) lone_upper: usize,
    /// Maximal runs of lowercase letters; words make them long, random text short.
    pub(crate) lower_runs: usize,
}

impl Shape {
    /// The shape of `s`, or of its first 4 KiB (plenty to judge randomness).
    pub(crate) fn of(s: &[u8]) -> Shape {
        let s = &s[..s.len().min(SHAPE_MAX_BYTES)];
        // All counters live in 16-bit lanes of one integer, and one table lookup per
        // two bytes (keyed by the class before them and their two classes) updates
        // all of them.
        let mut acc: u128 = 0;
        let mut previous = OTHER;
        let mut pairs = s.chunks_exact(2);
        for pair in &mut pairs {
            let (first, second) = (CLASS[usize::from(pair[0])], CLASS[usize::from(pair[1])]);
            acc += SHAPE_DELTA_PAIR[usize::from(previous << 4 | first << 2 | second)];
            previous = second;
        }
        if let [b] = pairs.remainder() {
            let class = CLASS[usize::from(*b)];
            acc += SHAPE_DELTA[usize::from(previous << 2 | class)];
            previous = class;
        }
        let lane = |i: u32| ((acc >> (16 * i)) & 0xffff) as usize;
        let (upper, lower, digits) = (lane(LANE_UPPER), lane(LANE_LOWER), lane(LANE_DIGITS));
        Shape {
            upper,
            lower,
            digits,
            other: s.len() - upper - lower - digits,
            pairs: lane(LANE_PAIRS),
            changes: lane(LANE_CHANGES),
            lone_upper: lane(LANE_LONE_UPPER) + usize::from(previous == UPPER),
            lower_runs: lane(LANE_LOWER_RUNS),
        }
    }
}

/// Bytes of a token that [`Shape::of`] reads; keeps every 16-bit counter from overflowing.
const SHAPE_MAX_BYTES: usize = 4096;

const LANE_UPPER: u32 = 0;
const LANE_LOWER: u32 = 1;
const LANE_DIGITS: u32 = 2;
const LANE_PAIRS: u32 = 3;
const LANE_CHANGES: u32 = 4;
const LANE_LONE_UPPER: u32 = 5;
const LANE_LOWER_RUNS: u32 = 6;

/// What one byte of class `current` after one of class `previous` adds to the
/// counters, indexed by `previous << 2 | current`.
const SHAPE_DELTA: [u128; 16] = {
    let mut table = [0u128; 16];
    let mut index = 0;
    while index < 16 {
        let (previous, current) = ((index >> 2) as u8, (index & 3) as u8);
        let pair = current != OTHER && previous != OTHER;
        let counts = [
            (LANE_UPPER, current == UPPER),
            (LANE_LOWER, current == LOWER),
            (LANE_DIGITS, current == DIGIT),
            (LANE_PAIRS, pair),
            (LANE_CHANGES, pair && current != previous),
            (LANE_LONE_UPPER, previous == UPPER && current != LOWER),
            (LANE_LOWER_RUNS, current == LOWER && previous != LOWER),
        ];
        let mut delta = 0u128;
        let mut i = 0;
        while i < counts.len() {
            if counts[i].1 {
                delta |= 1 << (16 * counts[i].0);
            }
            i += 1;
        }
        table[index] = delta;
        index += 1;
    }
    table
};

/// What two bytes of classes `first` and `second` after one of class `previous`
/// add to the counters, indexed by `previous << 4 | first << 2 | second`.
const SHAPE_DELTA_PAIR: [u128; 64] = {
    let mut table = [0u128; 64];
    let mut index = 0;
    while index < 64 {
        let (previous, first, second) = (index >> 4, (index >> 2) & 3, index & 3);
        table[index] = SHAPE_DELTA[previous << 2 | first] + SHAPE_DELTA[first << 2 | second];
        index += 1;
    }
    table
};

const OTHER: u8 = 0;
const UPPER: u8 = 1;
const LOWER: u8 = 2;
const DIGIT: u8 = 3;

/// Character class of every byte, for a branch-free [`Shape::of`].
const CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'A'..=b'Z' => UPPER,
            b'a'..=b'z' => LOWER,
            b'0'..=b'9' => DIGIT,
            _ => OTHER,
        };
        b += 1;
    }
    table
};

/// How sure a caller needs to be that a token is random.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Confidence {
    /// The token stands alone: only clearly random strings count.
    Strict,
    /// A prefix already says the value is per-request (`sess_`, `req-`).
    Lenient,
}

/// Whether a letters-and-digits token looks machine-generated rather than typed.
///
/// Random base62 changes character class (upper, lower, digit) between about 60%
/// of adjacent characters; words, names and camelCase phrases change far less
/// (`MatthewDuffy1979`: 3 of 15). A token with fewer changes still counts when
/// it has letters of both cases and most of its capitals are not followed by a
/// lowercase letter, which camelCase never does; standalone tokens that read as
/// camelCase words never count. Tokens of a single class never
/// count: all digits is a number, all lowercase a word. Two-class tokens need at
/// least three characters of each class.
pub(crate) fn looks_random(shape: &Shape, confidence: Confidence) -> bool {
    let counts = [shape.upper, shape.lower, shape.digits];
    let classes = counts.iter().filter(|&&n| n > 0).count();
    let rarest = counts.iter().copied().filter(|&n| n > 0).min().unwrap_or(0);
    // Required share of class changes, in percent, by which classes occur.
    let required = match (classes, confidence) {
        (3, Confidence::Strict) => 40,
        (3, Confidence::Lenient) => 30,
        (2, _) if rarest < 3 => return false,
        // Letters of both cases and no digit: camelCase words are the risk.
        (2, Confidence::Strict) if shape.digits == 0 => 45,
        (2, Confidence::Lenient) if shape.digits == 0 => 40,
        // One case of letters plus digits (base36, uppercase base32): fewer changes expected.
        (2, Confidence::Strict) => 30,
        (2, Confidence::Lenient) => 25,
        _ => return false,
    };
    // camelCase words: capitals start lowercase runs averaging 3 letters or more
    // (`TheQuickBrownFoxJumps`); random text has lone capitals and runs near 1.7.
    let camel_case =
        shape.upper >= 2 && shape.lone_upper < 2 && shape.lower >= shape.lower_runs * 3;
    if confidence == Confidence::Strict && camel_case {
        return false;
    }
    let capitals_random =
        shape.lower > 0 && shape.lone_upper >= 2 && shape.lone_upper * 3 >= shape.upper;
    let required = if capitals_random {
        required.min(25)
    } else {
        required
    };
    shape.pairs > 0 && shape.changes * 100 >= shape.pairs * required
}

/// Names the well-known id format a bare token has, when it is one of the stable
/// random-looking formats that must not be reported as a random per-request value.
pub(crate) fn stable_format(token: &[u8]) -> Option<&'static str> {
    let len = token.len();
    if len == 24 && is_hex(token) && object_id_time_plausible(token) {
        return Some("MongoDB ObjectId");
    }
    if !matches!(len, 20 | 24..=28) || !token.iter().all(|&b| BASE62[usize::from(b)]) {
        return None;
    }
    let first = token.first().copied().unwrap_or(0);
    match len {
        // Okta user and group ids: `00u` + 17 base62.
        20 if token.starts_with(b"00") => Some("Okta id"),
        // Firestore auto-ids: 20 base62.
        20 => Some("Firestore document id"),
        // cuid2 (24 lowercase base36 starting with a letter) and cuid (25, starting with `c`).
        // Hex-only tokens are hex ids, not cuids.
        24 if first.is_ascii_lowercase() && is_lower_base36(token) && !is_hex(token) => {
            Some("cuid2")
        }
        25 if first == b'c' && is_lower_base36(token) && !is_hex(token) => Some("cuid"),
        // ULID: 26 Crockford base32, first character 0-7 (48-bit millisecond time).
        26 if (b'0'..=b'7').contains(&first) && token.iter().all(|&b| is_crockford(b)) => {
            Some("ULID")
        }
        // KSUID: 27 base62 whose leading 32-bit timestamp puts the first character at 0-4.
        27 if (b'0'..=b'4').contains(&first) => Some("KSUID"),
        // Firebase Authentication uid: 28 base62.
        28 => Some("Firebase uid"),
        _ => None,
    }
}

/// MongoDB ObjectIds start with 4 bytes of Unix seconds; accept 2009-01-01..2040-01-01.
fn object_id_time_plausible(token: &[u8]) -> bool {
    let Some(head) = token.get(..8) else {
        return false;
    };
    let seconds = head.iter().try_fold(0u32, |acc, &b| {
        hex_value(b).map(|v| acc << 4 | u32::from(v))
    });
    seconds.is_some_and(|s| (1_230_768_000..2_208_988_800).contains(&s))
}

fn is_lower_base36(token: &[u8]) -> bool {
    token
        .iter()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

fn is_crockford(b: u8) -> bool {
    b.is_ascii_digit()
        || (b.is_ascii_alphabetic() && !matches!(b.to_ascii_uppercase(), b'I' | b'L' | b'O' | b'U'))
}

/// Whether `seg` reads as a word of a prefix (`user`, `cus`, `auth0`,
/// `tenant42`) rather than the start of a random token (`sY6j`, `TK3Z`, `Bh`).
/// Prefixes are lowercase in practice; accepting capitals would swallow the
/// first segment of many base64url tokens.
pub(crate) fn is_prefix_word(seg: &[u8]) -> bool {
    seg.len() <= MAX_PREFIX_WORD
        && seg.first().is_some_and(u8::is_ascii_lowercase)
        && seg
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// The longest [`is_prefix_word`].
const MAX_PREFIX_WORD: usize = 24;

/// The key tag of this crate's `HmacPolicy` output, `k` + 4 hex digits, as in
/// `app_k1a2b_<mac>`: it names the key version, so it is a prefix, not token text.
pub(crate) fn is_key_tag(seg: &[u8]) -> bool {
    seg.len() == 5 && seg.first() == Some(&b'k') && is_hex(&seg[1..])
}

/// Where [`trailing_token`] splits an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TrailingToken {
    /// The byte offset where the token starts.
    pub(crate) start: usize,
    /// The UUID, when the token is a trailing dashed UUID taken whole.
    pub(crate) uuid: Option<Uuid>,
}

/// Splits an id into a prefix and the token at its end: `guest_` + `<uuid>`,
/// `auth0|` + `<hex>`, `visitor-` + `<base64url>`, or `""` + the whole id;
/// `None` when the token would be shorter than `min_len` bytes.
///
/// A trailing dashed UUID is taken whole (and returned parsed). Otherwise the
/// token is the trailing run of base64url characters, minus leading prefix
/// words followed by `_` or `-`. Stripping a prefix word only shortens the
/// token, so the search stops as soon as what is left is too short.
pub(crate) fn trailing_token(b: &[u8], min_len: usize) -> Option<TrailingToken> {
    if let Some(start) = b.len().checked_sub(36)
        && (start == 0 || b.get(start - 1).is_some_and(|p| !p.is_ascii_alphanumeric()))
        && let Some(uuid) = b.get(start..).and_then(parse_uuid)
    {
        return (36 >= min_len).then_some(TrailingToken {
            start,
            uuid: Some(uuid),
        });
    }
    let start = base64url_token_start(b, min_len)?;
    Some(TrailingToken { start, uuid: None })
}

/// The trailing run of base64url characters minus leading prefix words, if at
/// least `min_len` bytes long.
fn base64url_token_start(b: &[u8], min_len: usize) -> Option<usize> {
    let mut start = start_of_trailing_run(b, &BASE64URL, min_len)?;
    while let Some(rest) = b.get(start..) {
        // Prefix words and key tags start with a lowercase letter: most tokens
        // are settled here, without looking for a separator.
        if !rest.first().is_some_and(u8::is_ascii_lowercase) {
            break;
        }
        // Neither a prefix word nor a key tag is longer than `MAX_PREFIX_WORD`, so
        // the separator after one is within the next `MAX_PREFIX_WORD + 1` bytes.
        let window = &rest[..rest.len().min(MAX_PREFIX_WORD + 1)];
        let Some(sep) = window.iter().position(|&c| c == b'-' || c == b'_') else {
            break;
        };
        let seg = &rest[..sep];
        if sep + 1 >= rest.len() || !(is_prefix_word(seg) || is_key_tag(seg)) {
            break;
        }
        // `q_NOwU4-OGmWMhFNCQT5RA` is 16 random bytes, not the prefix `q_`.
        if sep <= 3
            && is_base64url_of_16_or_32_bytes(rest)
            && looks_random(&Shape::of(rest), Confidence::Strict)
        {
            break;
        }
        start += sep + 1;
        if b.len() - start < min_len {
            return None;
        }
    }
    Some(start)
}

/// Where the run of bytes in `set` at the end of `b` starts, if the run is at
/// least `min_len` bytes long.
fn start_of_trailing_run(b: &[u8], set: &[bool; 256], min_len: usize) -> Option<usize> {
    let mut start = b.len();
    // Eight bytes per step through long runs (tokens, signatures): the bytes are
    // tested without a branch each, then the rest one at a time.
    while let Some(chunk) = start.checked_sub(8).and_then(|from| b.get(from..start)) {
        if !chunk.iter().fold(true, |all, &c| all & set[usize::from(c)]) {
            break;
        }
        start -= 8;
    }
    // The byte-by-byte end adds at most seven bytes to the run.
    if b.len() - start + 7 < min_len {
        return None;
    }
    while start > 0 && set[usize::from(b[start - 1])] {
        start -= 1;
    }
    (b.len() - start >= min_len).then_some(start)
}

/// Whether `s` has the exact shape of 16 or 32 bytes in unpadded base64url
/// (`secrets.token_urlsafe(16)`): 22 or 43 characters, the last of which
/// carries only 2 or 4 data bits, so its unused low bits are zero.
pub(crate) fn is_base64url_of_16_or_32_bytes(s: &[u8]) -> bool {
    let unused_bits_mask = match s.len() {
        22 => 0b1111,
        43 => 0b11,
        _ => return false,
    };
    let Some(&last) = s.last() else {
        return false;
    };
    let index = match last {
        b'A'..=b'Z' => last - b'A',
        b'a'..=b'z' => last - b'a' + 26,
        b'0'..=b'9' => last - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return false,
    };
    is_base64url(s) && index & unused_bits_mask == 0
}

/// The words of a prefix, letter runs split at camelCase boundaries
/// (`anonymousId` gives `anonymous`, `Id`), nearest the token first, as they
/// appear (match them with a case-insensitive [`WordSet`]). Calls `f` for each
/// word until it returns `false`.
pub(crate) fn for_each_word_rev(prefix: &[u8], mut f: impl FnMut(&[u8]) -> bool) {
    let mut end = prefix.len();
    while end > 0 {
        // Skip to the end of the previous letter run.
        while end > 0 && !prefix[end - 1].is_ascii_alphabetic() {
            end -= 1;
        }
        let mut start = end;
        while start > 0 && prefix[start - 1].is_ascii_alphabetic() {
            start -= 1;
        }
        let mut word_end = end;
        while word_end > start {
            let word_start = start + last_camel_word_start(&prefix[start..word_end]);
            if !f(&prefix[word_start..word_end]) {
                return;
            }
            word_end = word_start;
        }
        end = start;
    }
}

/// Where the last camelCase word of a letter run starts: `xRequestId` gives the
/// offset of `Id`, `PHPSession` that of `Session`, `PHPSESSID` zero.
pub(crate) fn last_camel_word_start(run: &[u8]) -> usize {
    // Only capitals can start a word, and most runs have none after the first letter.
    let mut i = run.len();
    while i > 1 {
        i -= 1;
        if !run[i].is_ascii_uppercase() {
            continue;
        }
        let prev = run[i - 1];
        if prev.is_ascii_lowercase()
            || (prev.is_ascii_uppercase() && run.get(i + 1).is_some_and(u8::is_ascii_lowercase))
        {
            return i;
        }
    }
    0
}

/// A set of short ASCII words matched case-insensitively without allocating:
/// each word of up to 15 bytes is packed with its length into a `u128`, and the
/// sorted keys are binary searched. Built at compile time.
pub(crate) struct WordSet<const N: usize> {
    keys: [u128; N],
    /// Which (length, first byte mod 32) pairs occur, so most misses skip the search.
    shapes: [u32; 16],
    /// Which (length, last byte mod 32) pairs occur: together with `shapes`, nearly
    /// every miss is rejected before any packing.
    ends: [u32; 16],
}

impl<const N: usize> WordSet<N> {
    /// Builds the set from exactly `N` words of at most 15 bytes (checked at compile time).
    pub(crate) const fn new(words: &[&[u8]]) -> Self {
        assert!(words.len() == N, "word count does not match the set size");
        let mut keys = [0u128; N];
        let mut shapes = [0u32; 16];
        let mut ends = [0u32; 16];
        let mut i = 0;
        while i < N {
            let word = words[i];
            keys[i] = match word_key(word) {
                Some(key) => key,
                None => panic!("a word of a WordSet is longer than 15 bytes"),
            };
            if let (Some(&first), Some(&last)) = (word.first(), word.last()) {
                shapes[word.len()] |= 1 << (first & 31);
                ends[word.len()] |= 1 << (last & 31);
            }
            i += 1;
        }
        // Insertion sort: a few dozen keys, once, at compile time.
        let mut i = 1;
        while i < N {
            let mut j = i;
            while j > 0 && keys[j - 1] > keys[j] {
                let swap = keys[j];
                keys[j] = keys[j - 1];
                keys[j - 1] = swap;
                j -= 1;
            }
            i += 1;
        }
        WordSet { keys, shapes, ends }
    }

    /// Whether `word` is in the set, ignoring ASCII case.
    #[inline]
    pub(crate) fn contains(&self, word: &[u8]) -> bool {
        let (Some(&first), Some(&last)) = (word.first(), word.last()) else {
            return false;
        };
        let Some(len) = u8::try_from(word.len()).ok().filter(|&n| n <= 15) else {
            return false;
        };
        // ASCII letters of either case agree on their low five bits.
        let (shapes, ends) = (self.shapes[usize::from(len)], self.ends[usize::from(len)]);
        if shapes & (1 << (first & 31)) == 0 || ends & (1 << (last & 31)) == 0 {
            return false;
        }
        self.contains_packed(word, len)
    }

    /// The exact test behind [`WordSet::contains`]'s filters.
    fn contains_packed(&self, word: &[u8], len: u8) -> bool {
        // The same packing as `word_key`, without its byte-at-a-time shifts.
        let mut packed = [0u8; 16];
        for (out, &b) in packed.iter_mut().zip(word) {
            *out = b.to_ascii_lowercase();
        }
        packed[15] = len;
        self.keys
            .binary_search(&u128::from_be_bytes(packed))
            .is_ok()
    }
}

/// Packs up to 15 bytes, lowercased, and the length into one integer.
const fn word_key(word: &[u8]) -> Option<u128> {
    if word.len() > 15 {
        return None;
    }
    let mut key = 0u128;
    let mut i = 0;
    while i < 15 {
        let byte = if i < word.len() {
            word[i].to_ascii_lowercase()
        } else {
            0
        };
        key = key << 8 | byte as u128;
        i += 1;
    }
    Some(key << 8 | word.len() as u128)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_versions_and_variants() {
        let v4 = parse_uuid(b"b35331ce-af2e-49dd-87e3-55b26210b784").expect("uuid");
        assert!(v4.is_v4());
        assert!(!v4.is_time_based_with_mac());
        let v1 = parse_uuid(b"C6743400-4C34-11F0-9F50-6BF0331057CA").expect("uuid");
        assert_eq!(v1.version(), 1);
        assert!(v1.is_time_based_with_mac());
        // Minted at 2025-06-18T11:10:00Z.
        assert_eq!(v1.unix_seconds(), Some(1_750_245_000));
        // The same bits without dashes.
        let bare = parse_uuid(b"c67434004c3411f09f506bf0331057ca").expect("uuid");
        assert_eq!(bare, v1);
        // A placeholder with the v1 nibble decodes to 2085: outside the window.
        let placeholder = parse_uuid(b"12345678-1234-1234-8234-123456789012").expect("uuid");
        assert_eq!(placeholder.version(), 1);
        assert!(!placeholder.is_time_based_with_mac());
        // RFC 9562 appendix examples for v6 and v7 (2022-02-22).
        let v6 = parse_uuid(b"1EC9414C-232A-6B00-B3C8-9F6BDECED846").expect("uuid");
        assert!(v6.is_time_based_with_mac());
        assert_eq!(v6.unix_seconds(), Some(1_645_557_742));
        let v7 = parse_uuid(b"017F22E2-79B0-7CC3-98C4-DC0C0C07398F").expect("uuid");
        assert!(v7.is_v7());
        assert_eq!(v7.unix_seconds(), Some(1_645_557_742));
        // RFC 9562 appendix v1 example.
        let rfc_v1 = parse_uuid(b"C232AB00-9414-11EC-B3C8-9F6BDECED846").expect("uuid");
        assert_eq!(rfc_v1.unix_seconds(), Some(1_645_557_742));
    }

    #[test]
    fn uuid_parse_rejects_malformed() {
        assert!(parse_uuid(b"b35331ce-af2e-49dd-87e3-55b26210b78").is_none());
        assert!(parse_uuid(b"b35331ce_af2e_49dd_87e3_55b26210b784").is_none());
        assert!(parse_uuid(b"g35331ce-af2e-49dd-87e3-55b26210b784").is_none());
        assert!(parse_uuid(b"").is_none());
    }

    #[test]
    fn find_uuids_respects_boundaries() {
        let text = b"id=b35331ce-af2e-49dd-87e3-55b26210b784,xc67434004c3411f09f506bf0331057ca";
        let found: Vec<_> = find_uuids(text).map(|(r, _)| r).collect();
        assert_eq!(found, vec![3..39]);
        // 40 hex digits are not a 32-digit uuid.
        assert_eq!(
            find_uuids(b"ccdb251bce79793a67c9e2ed829af48d9d59ce6c").count(),
            0
        );
        assert_eq!(find_uuids(b"u:c67434004c3411f09f506bf0331057ca").count(), 1);
    }

    #[test]
    fn shapes_by_pairs_match_byte_by_byte() {
        let naive = |s: &[u8]| {
            let mut acc: u128 = 0;
            let mut previous = OTHER;
            for &b in s {
                let class = CLASS[usize::from(b)];
                acc += SHAPE_DELTA[usize::from(previous << 2 | class)];
                previous = class;
            }
            (acc, previous)
        };
        let text = b"aB3-xYz_09QQr.kKk9";
        for end in 0..=text.len() {
            let s = &text[..end];
            let (acc, previous) = naive(s);
            let lane = |i: u32| ((acc >> (16 * i)) & 0xffff) as usize;
            let shape = Shape::of(s);
            assert_eq!(shape.upper, lane(LANE_UPPER));
            assert_eq!(shape.lower, lane(LANE_LOWER));
            assert_eq!(shape.digits, lane(LANE_DIGITS));
            assert_eq!(shape.pairs, lane(LANE_PAIRS));
            assert_eq!(shape.changes, lane(LANE_CHANGES));
            assert_eq!(shape.lower_runs, lane(LANE_LOWER_RUNS));
            let lone = lane(LANE_LONE_UPPER) + usize::from(previous == UPPER);
            assert_eq!(shape.lone_upper, lone);
        }
    }

    #[test]
    fn randomness() {
        let strict = |s: &str| looks_random(&Shape::of(s.as_bytes()), Confidence::Strict);
        assert!(strict("KDBdOVOnQoTHd9tGbSAl5YJxHN5ukp2h"));
        assert!(strict("z0rdnXy5txVcCt3m8dYWJa"));
        assert!(strict("5azmtxnYg5mvvmjHV-VJvw"));
        assert!(strict("kw392RTX7-p-CHNwplyMQRg"));
        assert!(strict("wvRw7dQvCm21tRbd"));
        assert!(strict("3dfjpqcLtck0r9cr"));
        assert!(!strict("MatthewDuffy1979"));
        assert!(!strict("ThisIsMyUserIdentifier"));
        assert!(!strict("TheQuickBrownFoxJumps"));
        assert!(!strict("HelloWorldExampleUser1"));
        assert!(!strict("amber-otter-218"));
        assert!(!strict("20251103T092214"));
        assert!(!strict("12345678901234567"));
        assert!(!strict("abcdefghijklmnopq"));
    }

    #[test]
    fn stable_formats() {
        assert_eq!(
            stable_format(b"62590080af783b52901a6cca"),
            Some("MongoDB ObjectId")
        );
        assert_eq!(stable_format(b"ffffffffd4e6c672009d0a97"), None);
        assert_eq!(
            stable_format(b"LOsCXbYwGb271auHQq5XrE59jD0o"),
            Some("Firebase uid")
        );
        assert_eq!(stable_format(b"01ARZ3NDEKTSV4RRFFQ69G5FAV"), Some("ULID"));
        assert_eq!(stable_format(b"2l8xpcVO3EdsgypQM8mYIuX38LT"), Some("KSUID"));
        assert_eq!(stable_format(b"00ub0oNGTSWTBKOLGLNR"), Some("Okta id"));
        assert_eq!(stable_format(b"cjld2cjxh0000qzrmn831i7rn"), Some("cuid"));
        assert_eq!(stable_format(b"z0rdnXy5txVcCt3m8dYWJa"), None);
    }

    #[test]
    fn prefix_words_and_trailing_token() {
        let start = |b: &[u8]| trailing_token(b, 0).expect("no minimum length").start;
        assert!(is_prefix_word(b"user"));
        assert!(is_prefix_word(b"auth0"));
        assert!(is_prefix_word(b"tenant42"));
        assert!(!is_prefix_word(b"Bh"));
        assert!(!is_prefix_word(b"sY6j"));
        assert!(!is_prefix_word(b"TK3Z"));
        assert!(!is_prefix_word(b"4fb07da9"));
        assert_eq!(start(b"guest_9fb932d4-f039-4722-96ff-82e389e3995a"), 6);
        assert_eq!(start(b"visitor-yjyDJiwnqJtxBPTwQlCGaA"), 8);
        assert_eq!(start(b"5azmtxnYg5mvvmjHV-VJvw"), 0);
        assert_eq!(start(b"q_NOwU4-OGmWMhFNCQT5RA"), 0);
        assert_eq!(start(b"visitor-q_NOwU4-OGmWMhFNCQT5RA"), 8);
        // Same shape but the last character has data in its unused bits: a prefix.
        assert_eq!(start(b"q_NOwU4-OGmWMhFNCQT5RB"), 2);
        assert_eq!(start(b"auth0|7d1e0c35a9b24f6e8c0d1a2b"), 6);
        assert_eq!(start(b"app_k1a2b_3f9c0a"), 10);
        assert_eq!(start(b"user_"), 0);
        let token = |b: &[u8]| trailing_token(b, 0).expect("no minimum length");
        let guest = token(b"guest_9fb932d4-f039-4722-96ff-82e389e3995a");
        assert!(guest.uuid.is_some_and(Uuid::is_v4));
        assert_eq!(token(b"visitor-yjyDJiwnqJtxBPTwQlCGaA").uuid, None);
        // Too short once the prefix words are off.
        assert_eq!(trailing_token(b"visitor-yjyDJiwnqJtxBPTwQlCGaA", 23), None);
        assert!(trailing_token(b"visitor-yjyDJiwnqJtxBPTwQlCGaA", 22).is_some());
        assert_eq!(trailing_token(b"amber-glacier-84", 12), None);
    }

    #[test]
    fn trailing_runs_by_chunks_and_bytes() {
        let naive = |b: &[u8]| {
            b.iter()
                .rposition(|&c| !BASE64URL[usize::from(c)])
                .map_or(0, |i| i + 1)
        };
        let id = b"user:abc.DEF_ghi-0123456789abcdefghijklmnopqrstuvwxyz";
        for end in 0..=id.len() {
            for start in 0..=end {
                let b = &id[start..end];
                assert_eq!(
                    start_of_trailing_run(b, &BASE64URL, 0),
                    Some(naive(b)),
                    "{b:?}"
                );
                let long = b.len() - naive(b) >= 12;
                assert_eq!(
                    start_of_trailing_run(b, &BASE64URL, 12).is_some(),
                    long,
                    "{b:?}"
                );
            }
        }
    }

    #[test]
    fn words_nearest_first() {
        let words = |prefix: &[u8]| {
            let mut words = Vec::new();
            for_each_word_rev(prefix, |w| {
                words.push(String::from_utf8_lossy(w).into_owned());
                true
            });
            words
        };
        assert_eq!(words(b"app:xRequestId="), ["Id", "Request", "x", "app"]);
        assert_eq!(words(b"PHPSESSID"), ["PHPSESSID"]);
        assert_eq!(words(b"PHPSessionKey_"), ["Key", "Session", "PHP"]);
    }

    #[test]
    fn word_sets_ignore_case_and_length_matters() {
        const WORDS: &[&[u8]] = &[b"req", b"request", b"idempotency", b"a"];
        static SET: WordSet<4> = WordSet::new(WORDS);
        assert!(SET.contains(b"REQ"));
        assert!(SET.contains(b"Request"));
        assert!(SET.contains(b"a"));
        assert!(!SET.contains(b"re"));
        assert!(!SET.contains(b"requests"));
        assert!(!SET.contains(b""));
        assert!(!SET.contains(b"a\0"));
        assert!(!SET.contains(b"averyveryverylongword"));
        // Lookups pack words exactly as the compile-time builder does.
        const LONG: &[&[u8]] = &[b"unauthenticated"];
        static LONG_SET: WordSet<1> = WordSet::new(LONG);
        assert!(LONG_SET.contains(b"UnAuthenticated"));
    }
}

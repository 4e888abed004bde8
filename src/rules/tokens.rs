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
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Parses exactly one UUID: 36 bytes with dashes at 8, 13, 18 and 23, or 32 hex digits.
pub(crate) fn parse_uuid(s: &[u8]) -> Option<Uuid> {
    let dashed = match s.len() {
        36 => true,
        32 => false,
        _ => return None,
    };
    let mut value: u128 = 0;
    for (i, &b) in s.iter().enumerate() {
        if dashed && matches!(i, 8 | 13 | 18 | 23) {
            if b != b'-' {
                return None;
            }
            continue;
        }
        value = value << 4 | u128::from(hex_value(b)?);
    }
    Some(Uuid { value })
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
    !s.is_empty() && s.iter().all(u8::is_ascii_hexdigit)
}

/// Whether every byte is in the base64url alphabet `[A-Za-z0-9_-]`.
pub(crate) fn is_base64url(s: &[u8]) -> bool {
    !s.is_empty()
        && s.iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
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
    pub(crate) fn of(s: &[u8]) -> Shape {
        let mut shape = Shape::default();
        let mut previous = 0u8;
        for &b in s {
            let class = match b {
                b'A'..=b'Z' => 1,
                b'a'..=b'z' => 2,
                b'0'..=b'9' => 3,
                _ => 0,
            };
            match class {
                1 => shape.upper += 1,
                2 => shape.lower += 1,
                3 => shape.digits += 1,
                _ => shape.other += 1,
            }
            if class == 2 && previous != 2 {
                shape.lower_runs += 1;
            }
            if previous == 1 && class != 2 {
                shape.lone_upper += 1;
            }
            if class != 0 && previous != 0 {
                shape.pairs += 1;
                shape.changes += usize::from(class != previous);
            }
            previous = class;
        }
        if previous == 1 {
            shape.lone_upper += 1;
        }
        shape
    }
}

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
    let b62 = token.iter().all(u8::is_ascii_alphanumeric);
    if len == 24 && is_hex(token) && object_id_time_plausible(token) {
        return Some("MongoDB ObjectId");
    }
    if !b62 {
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
    seg.len() <= 24
        && seg.first().is_some_and(u8::is_ascii_lowercase)
        && seg
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// The key tag of this crate's `HmacPolicy` output, `k` + 4 hex digits, as in
/// `app_k1a2b_<mac>`: it names the key version, so it is a prefix, not token text.
pub(crate) fn is_key_tag(seg: &[u8]) -> bool {
    seg.len() == 5 && seg.first() == Some(&b'k') && is_hex(&seg[1..])
}

/// Splits an id into a prefix and the token at its end: `guest_` + `<uuid>`,
/// `auth0|` + `<hex>`, `visitor-` + `<base64url>`, or `""` + the whole id.
///
/// A trailing dashed UUID is taken whole. Otherwise the token is the trailing run
/// of base64url characters, minus leading prefix words followed by `_` or `-`.
/// Returns the byte offset where the token starts.
pub(crate) fn token_start(b: &[u8]) -> usize {
    if let Some(start) = b.len().checked_sub(36)
        && (start == 0 || b.get(start - 1).is_some_and(|p| !p.is_ascii_alphanumeric()))
        && b.get(start..).and_then(parse_uuid).is_some()
    {
        return start;
    }
    let mut start = b
        .iter()
        .rposition(|&c| !(c.is_ascii_alphanumeric() || c == b'-' || c == b'_'))
        .map_or(0, |i| i + 1);
    while let Some(rest) = b.get(start..) {
        let Some(sep) = rest.iter().position(|&c| c == b'-' || c == b'_') else {
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
    }
    start
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

/// The words of a prefix, lowercased into `buf`: letter runs split at camelCase
/// boundaries (`anonymousId` gives `anonymous`, `id`), nearest the token first.
/// Calls `f` for each word until it returns `false`.
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
        for word in camel_words(&prefix[start..end]).into_iter().rev().flatten() {
            let mut buf = [0u8; 24];
            let Some(lower) =
                lowercase_into(&prefix[start + word.start..start + word.end], &mut buf)
            else {
                continue;
            };
            if !f(lower) {
                return;
            }
        }
        end = start;
    }
}

/// Lowercases an ASCII word into `buf`; `None` if it does not fit.
pub(crate) fn lowercase_into<'b>(word: &[u8], buf: &'b mut [u8; 24]) -> Option<&'b [u8]> {
    let out = buf.get_mut(..word.len())?;
    for (o, &b) in out.iter_mut().zip(word) {
        *o = b.to_ascii_lowercase();
    }
    Some(out)
}

/// Up to 8 camelCase words of a letter run (`XRequestId` gives `X`, `Request`,
/// `Id`; `PHPSESSID` stays whole). Runs with more words keep the rest in the last.
pub(crate) fn camel_words(run: &[u8]) -> [Option<Range<usize>>; 8] {
    let mut words: [Option<Range<usize>>; 8] = Default::default();
    let mut count = 0;
    let mut start = 0;
    for i in 1..run.len() {
        let (prev, cur) = (run[i - 1], run[i]);
        let next_lower = run.get(i + 1).is_some_and(u8::is_ascii_lowercase);
        let boundary = (prev.is_ascii_lowercase() && cur.is_ascii_uppercase())
            || (prev.is_ascii_uppercase() && cur.is_ascii_uppercase() && next_lower);
        if boundary && count < words.len() - 1 {
            words[count] = Some(start..i);
            count += 1;
            start = i;
        }
    }
    if !run.is_empty() {
        words[count] = Some(start..run.len());
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_versions_and_variants() {
        let v4 = parse_uuid(b"fe250e1e-95c3-41b9-87c9-1e845ab39bbc").expect("uuid");
        assert!(v4.is_v4());
        assert!(!v4.is_time_based_with_mac());
        let v1 = parse_uuid(b"4D3AE655-4C48-11F0-8ACE-B9182C9D42DA").expect("uuid");
        assert_eq!(v1.version(), 1);
        assert!(v1.is_time_based_with_mac());
        // 2025-06-18 (the uuid was minted then).
        let seconds = v1.unix_seconds().expect("time");
        assert!(
            (1_750_000_000..1_750_500_000).contains(&seconds),
            "{seconds}"
        );
        // The same bits without dashes.
        let bare = parse_uuid(b"4d3ae6554c4811f08aceb9182c9d42da").expect("uuid");
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
        assert!(parse_uuid(b"fe250e1e-95c3-41b9-87c9-1e845ab39bb").is_none());
        assert!(parse_uuid(b"fe250e1e_95c3_41b9_87c9_1e845ab39bbc").is_none());
        assert!(parse_uuid(b"ge250e1e-95c3-41b9-87c9-1e845ab39bbc").is_none());
        assert!(parse_uuid(b"").is_none());
    }

    #[test]
    fn find_uuids_respects_boundaries() {
        let text = b"id=fe250e1e-95c3-41b9-87c9-1e845ab39bbc,x4d3ae6554c4811f08aceb9182c9d42da";
        let found: Vec<_> = find_uuids(text).map(|(r, _)| r).collect();
        assert_eq!(found, vec![3..39]);
        // 40 hex digits are not a 32-digit uuid.
        assert_eq!(
            find_uuids(b"4b8efe91147947144a71af0c78ee1287664292c8").count(),
            0
        );
        assert_eq!(find_uuids(b"u:4d3ae6554c4811f08aceb9182c9d42da").count(), 1);
    }

    #[test]
    fn randomness() {
        let strict = |s: &str| looks_random(&Shape::of(s.as_bytes()), Confidence::Strict);
        assert!(strict("alOllEbUsnW5qq73caVGE43YW8XWJvbS"));
        assert!(strict("uXrcuPKxyRzdyPZp5df2FX"));
        assert!(strict("Do3xlnjISROdGA-RGvTLZQ"));
        assert!(strict("no773LSM0-o-BDBzjyEDOw"));
        assert!(strict("wvRw7dQvCm21tRbd"));
        assert!(strict("3dfjpqcLtck0r9cr"));
        assert!(!strict("MatthewDuffy1979"));
        assert!(!strict("ThisIsMyUserIdentifier"));
        assert!(!strict("TheQuickBrownFoxJumps"));
        assert!(!strict("HelloWorldExampleUser1"));
        assert!(!strict("maroon-summit-590"));
        assert!(!strict("20261012T011830"));
        assert!(!strict("12345678901234567"));
        assert!(!strict("abcdefghijklmnopq"));
    }

    #[test]
    fn stable_formats() {
        assert_eq!(
            stable_format(b"5f9d3c72d4e6c672009d0a97"),
            Some("MongoDB ObjectId")
        );
        assert_eq!(stable_format(b"ffffffffd4e6c672009d0a97"), None);
        assert_eq!(
            stable_format(b"30KbrBvMQYREDXXYCR5vV8xR2voz"),
            Some("Firebase uid")
        );
        assert_eq!(stable_format(b"01ARZ3NDEKTSV4RRFFQ69G5FAV"), Some("ULID"));
        assert_eq!(stable_format(b"2zkean6DWdrXL5TW7UeOOFLOjVm"), Some("KSUID"));
        assert_eq!(stable_format(b"00ub0oNGTSWTBKOLGLNR"), Some("Okta id"));
        assert_eq!(stable_format(b"cjld2cjxh0000qzrmn831i7rn"), Some("cuid"));
        assert_eq!(stable_format(b"uXrcuPKxyRzdyPZp5df2FX"), None);
    }

    #[test]
    fn prefix_words_and_token_start() {
        assert!(is_prefix_word(b"user"));
        assert!(is_prefix_word(b"auth0"));
        assert!(is_prefix_word(b"tenant42"));
        assert!(!is_prefix_word(b"Bh"));
        assert!(!is_prefix_word(b"sY6j"));
        assert!(!is_prefix_word(b"TK3Z"));
        assert!(!is_prefix_word(b"4fb07da9"));
        assert_eq!(
            token_start(b"guest_afa67d3d-2b89-4a63-85b5-48ad228002fa"),
            6
        );
        assert_eq!(token_start(b"visitor-WRXoPvXLc7v_qDRtKFNjXw"), 8);
        assert_eq!(token_start(b"Do3xlnjISROdGA-RGvTLZQ"), 0);
        assert_eq!(token_start(b"q_NOwU4-OGmWMhFNCQT5RA"), 0);
        assert_eq!(token_start(b"visitor-q_NOwU4-OGmWMhFNCQT5RA"), 8);
        // Same shape but the last character has data in its unused bits: a prefix.
        assert_eq!(token_start(b"q_NOwU4-OGmWMhFNCQT5RB"), 2);
        assert_eq!(token_start(b"auth0|036ac28f78c51e24e75637ce"), 6);
        assert_eq!(token_start(b"app_k1a2b_3f9c0a"), 10);
        assert_eq!(token_start(b"user_"), 0);
    }

    #[test]
    fn words_are_lowercased_nearest_first() {
        let mut words = Vec::new();
        for_each_word_rev(b"app:xRequestId=", |w| {
            words.push(String::from_utf8_lossy(w).into_owned());
            true
        });
        assert_eq!(words, ["id", "request", "x", "app"]);
        let mut words = Vec::new();
        for_each_word_rev(b"PHPSESSID", |w| {
            words.push(String::from_utf8_lossy(w).into_owned());
            true
        });
        assert_eq!(words, ["phpsessid"]);
    }
}

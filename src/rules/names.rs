//! Dictionaries of given names, surnames and English words, built once from the
//! lists in `data/names/` (see `data/SOURCES.md` for where each comes from).
//!
//! Every list is lowercase ASCII: names were folded (accents stripped, `ß` to `ss`,
//! and German umlauts present both as `u` and `ue`), so a token must be lowercased
//! and folded the same way before lookup. One hash lookup returns everything known
//! about a token, so a rule pays for a single probe per token: words of up to 15
//! bytes, nearly all of them, are packed into one integer key, which hashes in a
//! few instructions and compares without a `memcmp`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::LazyLock;

/// Given names, most frequent first (line number = rank).
const GIVEN: &str = include_str!("../../data/names/given.txt");
/// Given names from many countries in `#13`..`#1` sections by frequency class.
#[cfg(feature = "gfdl-names")]
const GIVEN_INTL: &str = include_str!("../../data/names/given_intl.txt");
/// Without the `gfdl-names` feature the GFDL-licensed list is left out of the build.
#[cfg(not(feature = "gfdl-names"))]
const GIVEN_INTL: &str = "";
/// Surnames, most frequent first (line number = rank).
const SURNAMES: &str = include_str!("../../data/names/surnames.txt");
/// English words in `#10`..`#70` sections by SCOWL size (10 = most common).
const ENGLISH: &str = include_str!("../../data/names/english.txt");
/// Role, system and placeholder words that are never names inside an id.
const STOP_WORDS: &str = include_str!("../../data/names/stop_words.txt");
/// Colour, nature, sky and animal words that slug generators use.
const COMMON_WORDS: &str = include_str!("../../data/names/common_words.txt");

/// The longest token the dictionaries are probed with; longer tokens are no name.
pub(crate) const MAX_TOKEN: usize = 32;

const ABSENT: u32 = u32::MAX;
const NO_TIER: u8 = u8::MAX;
const STOP: u8 = 1;
const COMMON: u8 = 2;

/// What the dictionaries know about one lowercase token.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    given: u32,
    surname: u32,
    word: u8,
    flags: u8,
}

impl Entry {
    const EMPTY: Entry = Entry {
        given: ABSENT,
        surname: ABSENT,
        word: NO_TIER,
        flags: 0,
    };

    /// Frequency rank as a given name (1 = most common), if it is one.
    pub(crate) fn given(&self) -> Option<u32> {
        (self.given != ABSENT).then_some(self.given)
    }

    /// Frequency rank as a surname (1 = most common), if it is one.
    pub(crate) fn surname(&self) -> Option<u32> {
        (self.surname != ABSENT).then_some(self.surname)
    }

    /// The better of the given-name and surname ranks, or `u32::MAX`.
    pub(crate) fn rank(&self) -> u32 {
        self.given.min(self.surname)
    }

    /// Whether any name list holds the token.
    pub(crate) fn is_name(&self) -> bool {
        self.rank() != ABSENT && !self.is_stop()
    }

    /// SCOWL size of the English word (10 = among the most common), if it is one.
    pub(crate) fn word_tier(&self) -> Option<u8> {
        (self.word != NO_TIER).then_some(self.word)
    }

    /// Whether the token is an English word of at most this SCOWL size.
    pub(crate) fn is_word_within(&self, tier: u8) -> bool {
        self.word <= tier
    }

    /// A role, system or placeholder word (`user`, `guest`, `kunde`...).
    pub(crate) fn is_stop(&self) -> bool {
        self.flags & STOP != 0
    }

    /// Colour, nature, sky or animal vocabulary that slug generators use.
    pub(crate) fn is_vocabulary(&self) -> bool {
        self.flags & COMMON != 0
    }

    /// Whether the token reads as ordinary vocabulary rather than as a name.
    ///
    /// Common English words are wordy unless the token is much more frequent as
    /// a name than its word tier suggests: `smith` and `john` are words, but far
    /// commoner as names, while `green`, `mark` and `violet` stay wordy. Slug
    /// vocabulary (colours, nature, animals) is always wordy.
    pub(crate) fn is_wordy(&self) -> bool {
        if self.flags & (COMMON | STOP) != 0 {
            return true;
        }
        let rank = self.rank();
        match self.word {
            0..=10 => true,
            11..=20 => rank > 50,
            21..=35 => rank > 300,
            36..=60 => rank > 1000,
            _ => false,
        }
    }
}

/// A multiply-and-fold hash over 64-bit words: the keys are short static strings
/// and integers, and lookups never insert, so a simple fast hash is enough (no
/// attacker can grow a bucket). Folding the high half of the 128-bit product into
/// the low half leaves good bits at both ends, where hashbrown takes its bucket
/// index (low bits) and tag (high bits).
#[derive(Default)]
struct WordHasher(u64);

impl WordHasher {
    fn mix(&mut self, word: u64) {
        let product = u128::from(self.0 ^ word) * 0x9e37_79b9_7f4a_7c15;
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }
}

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }

    fn write_u128(&mut self, n: u128) {
        self.mix(n as u64);
        self.mix((n >> 64) as u64);
    }
}

type Hash = BuildHasherDefault<WordHasher>;

/// The dictionaries, split by key length so that most probes need no string compare.
struct Dict {
    /// Keys of at most [`SHORT_KEY`] bytes, packed by [`short_key`].
    short: HashMap<u128, Entry, Hash>,
    /// The few longer keys.
    long: HashMap<&'static [u8], Entry, Hash>,
}

/// The longest key packed into an integer; its last byte holds the length.
const SHORT_KEY: usize = 15;

/// Packs a token of at most [`SHORT_KEY`] bytes, lowercased, and its length into
/// one integer, so that equal keys (ignoring ASCII case) pack equally and keys of
/// different lengths never do.
fn short_key(token: &[u8]) -> Option<u128> {
    if token.len() > SHORT_KEY {
        return None;
    }
    let mut packed = [0u8; 16];
    for (out, &b) in packed.iter_mut().zip(token) {
        *out = b.to_ascii_lowercase();
    }
    packed[SHORT_KEY] = token.len() as u8;
    Some(u128::from_le_bytes(packed))
}

static DICT: LazyLock<Dict> = LazyLock::new(build);

/// Rank given to nam_dict frequency classes (13 = extremely common in some country).
fn class_rank(class: u32) -> u32 {
    match class {
        13 => 50,
        12 => 100,
        11 => 200,
        10 => 400,
        9 => 800,
        8 => 1_500,
        7 => 3_000,
        6 => 5_000,
        5 => 8_000,
        4 => 12_000,
        3 => 16_000,
        2 => 20_000,
        _ => 25_000,
    }
}

/// Non-comment, non-empty lines of a data file, split on whitespace.
fn words(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .flat_map(str::split_whitespace)
}

/// `(section number, word)` for files in `#N` sections.
fn sectioned(text: &'static str) -> impl Iterator<Item = (u32, &'static str)> {
    let mut section = 0;
    text.lines().filter_map(move |line| {
        let line = line.trim();
        if let Some(n) = line.strip_prefix('#') {
            section = n.trim().parse().unwrap_or(section);
            None
        } else if line.is_empty() {
            None
        } else {
            Some((section, line))
        }
    })
}

fn build() -> Dict {
    let mut dict: HashMap<&'static [u8], Entry, Hash> =
        HashMap::with_capacity_and_hasher(160_000, Hash::default());
    for (rank, name) in (1u32..).zip(GIVEN.lines().filter(|l| !l.is_empty())) {
        let e = dict.entry(name.as_bytes()).or_insert(Entry::EMPTY);
        e.given = e.given.min(rank);
    }
    for (class, name) in sectioned(GIVEN_INTL) {
        let e = dict.entry(name.as_bytes()).or_insert(Entry::EMPTY);
        e.given = e.given.min(class_rank(class));
    }
    for (rank, name) in (1u32..).zip(SURNAMES.lines().filter(|l| !l.is_empty())) {
        let e = dict.entry(name.as_bytes()).or_insert(Entry::EMPTY);
        e.surname = e.surname.min(rank);
    }
    for (tier, word) in sectioned(ENGLISH) {
        let e = dict.entry(word.as_bytes()).or_insert(Entry::EMPTY);
        e.word = e.word.min(u8::try_from(tier).unwrap_or(NO_TIER - 1));
    }
    for word in words(STOP_WORDS) {
        dict.entry(word.as_bytes()).or_insert(Entry::EMPTY).flags |= STOP;
    }
    for word in words(COMMON_WORDS) {
        dict.entry(word.as_bytes()).or_insert(Entry::EMPTY).flags |= COMMON;
    }
    let mut short = HashMap::with_capacity_and_hasher(dict.len(), Hash::default());
    let mut long = HashMap::with_hasher(Hash::default());
    for (key, entry) in dict {
        // Lookups lowercase the token, so a key that is not lowercase must stay
        // unreachable, as it would be with an exact-match map.
        if key.iter().any(u8::is_ascii_uppercase) {
            continue;
        }
        match short_key(key) {
            Some(packed) => short.insert(packed, entry),
            None => long.insert(key, entry),
        };
    }
    Dict { short, long }
}

/// Looks up the ASCII letters `bytes[range]`, ignoring case, like [`lookup`].
///
/// The tokenizer's fast path: a short token is packed with one 16-byte load
/// from around it in the id instead of byte by byte. Lowercasing ASCII letters
/// only sets bit 0x20, and the bytes outside the token are masked off, so the key
/// is exactly [`short_key`]'s.
#[inline]
pub(crate) fn lookup_letters(bytes: &[u8], range: Range<usize>) -> Entry {
    let len = range.len();
    debug_assert!(bytes[range.clone()].iter().all(u8::is_ascii_alphabetic));
    let loaded = if len > SHORT_KEY {
        None
    } else if let Some(after) = load16(bytes, range.start) {
        // The token is the low `len` bytes.
        Some(after)
    } else if let Some(from) = bytes.len().checked_sub(16) {
        // Near the end of the id: its last 16 bytes hold the token.
        // An empty token at the very end shifts by the whole width: nothing is left.
        load16(bytes, from).map(|last| {
            let shift = u32::try_from(8 * (range.start - from)).unwrap_or(u32::MAX);
            last.checked_shr(shift).unwrap_or(0)
        })
    } else {
        // An id shorter than 16 bytes: copy the token out.
        bytes.get(range.clone()).map(|token| {
            let mut padded = [0u8; 16];
            padded[..len].copy_from_slice(token);
            u128::from_le_bytes(padded)
        })
    };
    let Some(word) = loaded else {
        return bytes.get(range).map_or(Entry::EMPTY, lookup);
    };
    let letters = (1u128 << (8 * len)) - 1;
    let key = ((word | LOWERCASE_BITS) & letters) | (len as u128) << (8 * SHORT_KEY);
    DICT.short.get(&key).copied().unwrap_or(Entry::EMPTY)
}

/// Bit 0x20 in every byte: ORed into ASCII letters, it lowercases them.
const LOWERCASE_BITS: u128 = u128::from_le_bytes([0x20; 16]);

/// The 16 bytes of `bytes` from `from`, if there are that many, as a
/// little-endian integer (first byte lowest).
fn load16(bytes: &[u8], from: usize) -> Option<u128> {
    let window: [u8; 16] = bytes.get(from..from.checked_add(16)?)?.try_into().ok()?;
    Some(u128::from_le_bytes(window))
}

/// Looks up an ASCII token, ignoring case; unknown tokens get an empty entry.
pub(crate) fn lookup(token: &[u8]) -> Entry {
    let dict = &*DICT;
    let found = match short_key(token) {
        Some(packed) => dict.short.get(&packed),
        // No caller probes with more than `MAX_TOKEN` bytes.
        None if token.len() <= MAX_TOKEN => {
            let mut buf = [0u8; MAX_TOKEN];
            let lower = &mut buf[..token.len()];
            lower.copy_from_slice(token);
            lower.make_ascii_lowercase();
            dict.long.get(&*lower)
        }
        None => None,
    };
    found.copied().unwrap_or(Entry::EMPTY)
}

/// Folds a Latin letter with diacritics to ASCII the way the lists were folded
/// (`é` → `e`, `ß` → `ss`, `ł` → `l`); `None` for anything else.
pub(crate) fn fold_char(c: char) -> Option<&'static str> {
    let s = match c {
        'à'..='å' | 'À'..='Å' | 'ā' | 'ă' | 'ą' | 'Ā' | 'Ă' | 'Ą' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' | 'ć' | 'ĉ' | 'ċ' | 'č' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' | 'ð' | 'Ð' => "d",
        'è'..='ë' | 'È'..='Ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => {
            "e"
        }
        'ĝ' | 'ğ' | 'ġ' | 'ģ' | 'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "g",
        'ĥ' | 'ħ' | 'Ĥ' | 'Ħ' => "h",
        'ì'..='ï' | 'Ì'..='Ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => {
            "i"
        }
        'ĵ' | 'Ĵ' => "j",
        'ķ' | 'Ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' | 'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "l",
        'ñ' | 'Ñ' | 'ń' | 'ņ' | 'ň' | 'Ń' | 'Ņ' | 'Ň' => "n",
        'ò'..='ö' | 'ø' | 'Ò'..='Ö' | 'Ø' | 'ō' | 'ŏ' | 'ő' | 'Ō' | 'Ŏ' | 'Ő' => "o",
        'œ' | 'Œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' | 'Ŕ' | 'Ŗ' | 'Ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' | 'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' | 'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => "t",
        'þ' | 'Þ' => "th",
        'ù'..='ü'
        | 'Ù'..='Ü'
        | 'ũ'
        | 'ū'
        | 'ŭ'
        | 'ů'
        | 'ű'
        | 'ų'
        | 'Ũ'
        | 'Ū'
        | 'Ŭ'
        | 'Ů'
        | 'Ű'
        | 'Ų' => "u",
        'ŵ' | 'Ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' | 'Ý' | 'Ÿ' | 'Ŷ' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        _ => return None,
    };
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(s: &str) -> Entry {
        lookup(s.as_bytes())
    }

    #[test]
    fn lists_load_and_rank() {
        let smith = entry("smith");
        assert!(smith.surname().is_some_and(|r| r <= 10));
        assert!(entry("maria").given().is_some_and(|r| r <= 100));
        // Names from the national lists and nam_dict.
        for name in ["kowalski", "virtanen", "peeters", "garcia", "moreau"] {
            assert!(entry(name).surname().is_some(), "{name}");
        }
        for name in ["ferenc", "goran", "katarzyna", "matti", "sabine"] {
            assert!(entry(name).given().is_some(), "{name}");
        }
        assert!(entry("qzxv").rank() == u32::MAX);
    }

    #[test]
    fn wordiness_weighs_name_frequency_against_word_frequency() {
        assert!(!entry("smith").is_wordy());
        assert!(!entry("john").is_wordy());
        assert!(entry("green").is_wordy());
        assert!(entry("violet").is_wordy());
        assert!(entry("amber").is_wordy(), "slug vocabulary");
        assert!(!entry("kathleen").is_wordy());
    }

    #[test]
    fn letters_in_place_pack_like_lookup() {
        let id = b"x.Kathleen_MARTIN.smith.jo.Thirunavukkarasu.q";
        let mut start = 0;
        while start < id.len() {
            let len = id[start..]
                .iter()
                .take_while(|b| b.is_ascii_alphabetic())
                .count();
            if len == 0 {
                start += 1;
                continue;
            }
            for (from, to) in [(start, start + len), (start + 1, start + len)] {
                let (a, b) = (lookup_letters(id, from..to), lookup(&id[from..to]));
                assert_eq!(
                    (a.given(), a.surname(), a.word_tier()),
                    (b.given(), b.surname(), b.word_tier())
                );
                assert_eq!(a.is_stop(), b.is_stop());
            }
            start += len;
        }
        assert!(lookup_letters(b"Jane", 0..4).given().is_some());
    }

    #[test]
    fn stop_words_are_flagged() {
        for w in ["user", "guest", "tenant", "kunde", "anonymous"] {
            assert!(entry(w).is_stop(), "{w}");
            assert!(!entry(w).is_name(), "{w}");
        }
    }

    #[test]
    fn lookups_ignore_case_and_folding() {
        assert_eq!(entry("GoRaN").given(), entry("goran").given());
        assert!(entry("goran").given().is_some());
        // Keys longer than the packed ones go through the second map.
        let long = "abcdefghijklmnopqrstuvwxyzabcdef";
        assert_eq!(long.len(), MAX_TOKEN);
        assert!(entry(long).rank() == u32::MAX);
        assert!(entry("Thirunavukkarasu").rank() != u32::MAX);
        assert!(lookup(&[b'a'; MAX_TOKEN + 1]).rank() == u32::MAX);
        assert_eq!(fold_char('é'), Some("e"));
        assert_eq!(fold_char('ß'), Some("ss"));
        assert_eq!(fold_char('中'), None);
    }
}

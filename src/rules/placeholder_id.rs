use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use super::{Hits, Rule, Scan};

declare_rule! {
    /// ## What it does
    /// Flags ids that stand for "no user": stringified missing values (`null`,
    /// `undefined`, `None`, `NaN`, `[object Object]`), the values analytics products
    /// refuse as user ids (`anonymous`, `guest`, `unknown`, `0`, `-1`, `n/a`, the
    /// all-zero UUID), field names and unfilled templates (`user_id`, `<user_id>`,
    /// `{{userId}}`, `%s`) and test accounts (`test`, `demo`, `testuser`). They are
    /// recognized on their own, quoted (`"null"`) and behind a short prefix
    /// (`user-undefined`, `cust:nil`, `id=null`), as whole words: `nullable-team` and
    /// `guest_<uuid>` are not placeholders. Empty, blank and prefix-only ids are left
    /// to `format-empty` and `format-whitespace`.
    ///
    /// ## Why is this bad?
    /// A placeholder is what a template produces when the real id is missing or a
    /// value was stringified by mistake. Every such request shares one id, so
    /// unrelated users are merged: their cache routing, rate limits, abuse history and
    /// analytics all land on one "user". Segment, Amplitude, Mixpanel and PostHog
    /// reject these values for the same reason.
    ///
    /// ## Example
    /// ```text
    /// user-undefined
    /// ```
    ///
    /// ## Use instead
    /// Fail the request (or omit the field) when the user is unknown, and derive the
    /// id from a real account: `user_12345`.
    PlaceholderId,
    example: "user-undefined"
}

/// Ids longer than this are never placeholders: every entry plus a short prefix fits.
const MAX_LEN: usize = 64;

/// Bytes after which the rest of the id is checked as a value behind a prefix.
fn is_separator(b: u8) -> bool {
    matches!(
        b,
        b'_' | b'-' | b':' | b'=' | b'|' | b'/' | b'.' | b'#' | b'@'
    )
}

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    let text = scan.text;
    if text.is_empty() || text.len() > MAX_LEN || scan.full_len != text.len() {
        return;
    }
    // Every candidate is a suffix of the id, so an id ending in a nonzero digit can
    // only be `-1` or a positional template such as `$1`: skip the rest cheaply
    // (this is the path of `user_12345`).
    let last = text.as_bytes()[text.len() - 1];
    if matches!(last, b'1'..=b'9') && !ends_with_minus_one_or_dollar(text.as_bytes()) {
        return;
    }
    // Every candidate also shares the id's last byte: most ids end in a byte that no
    // entry, zero id, quote or template ends with.
    let visible_last = trim(text).as_bytes().last().copied().unwrap_or(last);
    if !DICTIONARY.may_end_with(visible_last)
        && !visible_last.is_ascii_punctuation()
        && visible_last != b'0'
    {
        return;
    }
    // Whole id first, with the wider word list.
    if let Some(what) = classify(text, true) {
        hits.push(Rule::PlaceholderId, text, 0..text.len(), what);
        return;
    }
    // Then the value behind each candidate prefix, longest value first so that
    // `user-n/a` is tried as `n/a` before `a`.
    for (at, &b) in text.as_bytes().iter().enumerate() {
        if !is_separator(b) {
            continue;
        }
        let value = &text[at + 1..];
        // A number after a separator is a placeholder only behind a word prefix
        // (`user-0`, `cust:-1`), not inside numbers such as `10.0.0.0` or `+02:00`.
        let after_word = at > 0 && text.as_bytes()[at - 1].is_ascii_alphabetic();
        if !after_word && looks_numeric(value) {
            continue;
        }
        if let Some(what) = classify(value, false) {
            hits.push(Rule::PlaceholderId, text, at + 1..text.len(), what);
            return;
        }
    }
}

/// Whether `value` (quotes aside) starts like a number: a digit or a minus sign.
fn looks_numeric(value: &str) -> bool {
    let value = value.trim_start_matches(['"', '\'', '`']);
    matches!(value.as_bytes().first(), Some(b'0'..=b'9' | b'-'))
}

/// Whether the id ends in `-1` or in `$` followed by digits.
fn ends_with_minus_one_or_dollar(bytes: &[u8]) -> bool {
    let digits = bytes
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let before = bytes.len() - digits;
    match before.checked_sub(1).map(|i| bytes[i]) {
        Some(b'$') => true,
        Some(b'-') => digits == 1 && bytes[bytes.len() - 1] == b'1',
        _ => false,
    }
}

/// Why `value` is a placeholder, if it is one. `whole` says whether `value` is the
/// whole id (which also allows the ordinary-word entries).
fn classify(value: &str, whole: bool) -> Option<&'static str> {
    let value = unquote(trim(value));
    let bytes = value.as_bytes();
    let &first = bytes.first()?;
    if first == b'0' && is_all_zero(bytes) {
        return Some("all-zero placeholder id");
    }
    if bytes.len() <= MAX_ENTRY_LEN && DICTIONARY.contains(value, whole) {
        return Some("placeholder id");
    }
    // Every template opener (`{`, `$`, `<`, `%`, `_`...) is punctuation.
    if first.is_ascii_punctuation() {
        if bytes.iter().all(u8::is_ascii_punctuation) {
            return Some("id made only of punctuation");
        }
        if is_template(value) {
            return Some("unfilled template placeholder");
        }
    }
    None
}

/// `str::trim`, skipped when both ends are visible ASCII (the common case).
fn trim(value: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii_graphic());
    let bytes = value.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        value
    } else {
        value.trim()
    }
}

/// Strips one layer of matching quotes: `"null"`, `'null'`, `` `null` ``.
fn unquote(value: &str) -> &str {
    let bytes = value.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(&q @ (b'"' | b'\'' | b'`')), Some(&end)) if end == q && bytes.len() > 2 => {
            trim(&value[1..value.len() - 1])
        }
        _ => value,
    }
}

/// `0`, `0000`, `00000000-0000-0000-0000-000000000000`: zero ids from unset integers,
/// zeroed advertising ids and nil UUIDs.
fn is_all_zero(bytes: &[u8]) -> bool {
    bytes.first() == Some(&b'0') && bytes.iter().all(|&b| b == b'0' || b == b'-')
}

/// Template syntax left unfilled: `<user_id>`, `{user_id}`, `{{ user.id }}`,
/// `${userId}`, `#{id}`, `%USER_ID%`, `%(user_id)s`, `[user_id]`, `__USER_ID__`,
/// `%s`, `{0}`, `$1`.
fn is_template(value: &str) -> bool {
    let b = value.as_bytes();
    if matches!(b, [b'%', c] if b"sdiuvx@".contains(c)) {
        return true;
    }
    if b.len() >= 2 && b[0] == b'$' && b[1..].iter().all(u8::is_ascii_digit) {
        return true;
    }
    const WRAPPERS: &[(&str, &str)] = &[
        ("{{", "}}"),
        ("${", "}"),
        ("#{", "}"),
        ("%(", ")s"),
        ("__", "__"),
        ("<", ">"),
        ("{", "}"),
        ("[", "]"),
        ("%", "%"),
    ];
    WRAPPERS.iter().any(|(open, close)| {
        value
            .strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close))
            .is_some_and(is_template_name)
    })
}

/// A template variable name: short, starts with a letter or underscore (or is a
/// positional index), made of identifier characters, dots, dashes and spaces.
fn is_template_name(name: &str) -> bool {
    let name = name.trim();
    let b = name.as_bytes();
    if b.is_empty() || b.iter().all(u8::is_ascii_digit) {
        return b.len() <= 2;
    }
    b.len() <= 40
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-' | b' '))
}

/// The placeholder word list from `data/placeholder_ids.txt`, normalized once.
static DICTIONARY: LazyLock<Dictionary> =
    LazyLock::new(|| Dictionary::parse(include_str!("../../data/placeholder_ids.txt")));

type ByteSet = HashSet<Box<[u8]>, BuildHasherDefault<Fnv1a>>;

struct Dictionary {
    /// Normalized entries matched whole or behind a prefix.
    anywhere: ByteSet,
    /// Normalized entries matched only as the whole id.
    whole_only: ByteSet,
    /// Case-sensitive entries, compared verbatim.
    exact: Vec<&'static str>,
    /// Bit `n` is set when some normalized entry is `n` bytes long: one AND rejects
    /// most values before hashing.
    lengths: u64,
    /// For ASCII entries, bit `last` of `ends[first]` is set for the entry's first
    /// and last bytes, which normalization never changes for ASCII values.
    ends: [u128; 128],
    /// Bit `b` is set when some ASCII entry ends with byte `b` (lowercased).
    last_bytes: u128,
}

impl Dictionary {
    fn parse(data: &'static str) -> Self {
        let mut dictionary = Dictionary {
            anywhere: ByteSet::default(),
            whole_only: ByteSet::default(),
            exact: Vec::new(),
            lengths: 0,
            ends: [0; 128],
            last_bytes: 0,
        };
        for line in data.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(word) = line.strip_prefix('=') {
                dictionary.exact.push(word);
                dictionary.note_ends(word.as_bytes());
                continue;
            }
            let (whole_only, word) = match line.strip_prefix('!') {
                Some(word) => (true, word),
                None => (false, line),
            };
            let entry = normalize_unicode(word).into_bytes();
            // Entries longer than the length mask would never be looked up.
            if entry.len() >= 64 {
                continue;
            }
            dictionary.note_ends(&entry);
            dictionary.lengths |= 1 << entry.len();
            let set = if whole_only {
                &mut dictionary.whole_only
            } else {
                &mut dictionary.anywhere
            };
            set.insert(entry.into_boxed_slice());
        }
        dictionary
    }

    /// Records an entry's first and last bytes for the prefilter in [`Self::contains`].
    fn note_ends(&mut self, entry: &[u8]) {
        if let (Some(&first), Some(&last)) = (entry.first(), entry.last()) {
            let (first, last) = (first.to_ascii_lowercase(), last.to_ascii_lowercase());
            if first.is_ascii() && last.is_ascii() {
                self.ends[usize::from(first)] |= 1 << last;
                self.last_bytes |= 1 << last;
            }
        }
    }

    /// Whether some entry ends with `last` (ASCII case-insensitively); non-ASCII bytes
    /// always may.
    fn may_end_with(&self, last: u8) -> bool {
        let last = last.to_ascii_lowercase();
        !last.is_ascii() || self.last_bytes & (1 << last) != 0
    }

    fn contains(&self, value: &str, whole: bool) -> bool {
        let bytes = value.as_bytes();
        if let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) {
            let (first, last) = (first.to_ascii_lowercase(), last.to_ascii_lowercase());
            if value.is_ascii() && self.ends[usize::from(first)] & (1 << last) == 0 {
                return false;
            }
        }
        if self.exact.contains(&value) {
            return true;
        }
        let mut buf = [0; MAX_ENTRY_LEN];
        let Some(key) = normalize(value, &mut buf) else {
            return false;
        };
        if key.len() >= 64 || self.lengths & (1 << key.len()) == 0 {
            return false;
        }
        self.anywhere.contains(&*key) || (whole && self.whole_only.contains(&*key))
    }
}

/// FNV-1a: the keys are a few bytes long, where it beats SipHash several times over.
/// The dictionary is fixed, so there is no flooding risk to defend against.
#[derive(Default)]
struct Fnv1a(u64);

impl Hasher for Fnv1a {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = hash;
    }
}

/// Longest raw value (in bytes) looked up in the dictionary: the longest entry
/// (`not_authenticated`, Cyrillic words) with room for extra joiners and quotes.
const MAX_ENTRY_LEN: usize = 24;

/// Lowercases `value` and drops word joiners between two letters, so `User_ID`,
/// `user-id` and `userid` compare equal while `-1` keeps its sign.
///
/// ASCII values are normalized into `buf` without allocating; others allocate.
fn normalize<'b>(value: &str, buf: &'b mut [u8; MAX_ENTRY_LEN]) -> Option<Cow<'b, [u8]>> {
    let bytes = value.as_bytes();
    if bytes.len() > buf.len() {
        return None;
    }
    if !value.is_ascii() {
        return Some(Cow::Owned(normalize_unicode(value).into_bytes()));
    }
    let mut len = 0;
    for (i, &c) in bytes.iter().enumerate() {
        let joiner = matches!(c, b'_' | b'-' | b'.' | b' ')
            && i > 0
            && bytes[i - 1].is_ascii_alphabetic()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic);
        if !joiner {
            buf[len] = c.to_ascii_lowercase();
            len += 1;
        }
    }
    Some(Cow::Borrowed(&buf[..len]))
}

/// [`normalize`] for values with non-ASCII letters.
fn normalize_unicode(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let mut out = String::with_capacity(value.len());
    for (i, &c) in chars.iter().enumerate() {
        let joiner = matches!(c, '_' | '-' | '.' | ' ')
            && i > 0
            && chars[i - 1].is_alphabetic()
            && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
        if !joiner {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalization_joins_words_but_keeps_signs() {
        let norm = |v: &str| {
            normalize(v, &mut [0; MAX_ENTRY_LEN])
                .and_then(|n| String::from_utf8(n.into_owned()).ok())
        };
        assert_eq!(norm("User_ID").as_deref(), Some("userid"));
        assert_eq!(norm("your-user-id").as_deref(), Some("youruserid"));
        assert_eq!(norm("-1").as_deref(), Some("-1"));
        assert_eq!(norm("n/a").as_deref(), Some("n/a"));
        assert_eq!(norm("[object Object]").as_deref(), Some("[objectobject]"));
        assert_eq!(norm("Гость").as_deref(), Some("гость"));
        assert_eq!(normalize_unicode("Not_Logged_In"), "notloggedin");
    }

    #[test]
    fn classifies_values() {
        assert!(classify("null", false).is_some());
        assert!(classify("\"undefined\"", false).is_some());
        assert!(classify("NaN", false).is_some());
        assert!(classify("Nan", false).is_none());
        assert!(classify("00000000-0000-0000-0000-000000000000", false).is_some());
        assert!(classify("{{ user.id }}", true).is_some());
        assert!(classify("%s", true).is_some());
        assert!(classify("bar", true).is_some());
        assert!(classify("bar", false).is_none());
        assert!(classify("12345", false).is_none());
        assert!(classify("1", false).is_none());
    }

    #[test]
    fn dictionary_is_normalized() {
        let d = &*DICTIONARY;
        assert!(d.anywhere.len() > 100);
        for entry in d.anywhere.iter().chain(&d.whole_only) {
            let text = std::str::from_utf8(entry).expect("entries are UTF-8");
            assert_eq!(normalize_unicode(text), text);
            assert!(entry.len() <= MAX_ENTRY_LEN, "{text} is never looked up");
        }
    }
}

use super::phone_numbering::{NUMBERING, is_nanp_number};
use super::scan::{ByteSet, Labels, byte_set, label_before, long_runs};
use super::{Hits, Rule, Scan};

declare_rule! {
    /// ## What it does
    /// Flags telephone numbers: international numbers (`+33 1 23 45 67 89`,
    /// `+12015550123`, `0049 30 1234567`), RFC 3966 and messaging URIs
    /// (`tel:+1-201-555-0123`, `whatsapp:+447700900123`), numbers after a `phone`,
    /// `mobile` or `msisdn` label, and national numbers written in a national format
    /// (`(201) 555-0123`, `030 1234567`, `06 12 34 56 78`, `07700 900123`).
    /// International numbers must start with an assigned ITU-T E.164 calling code
    /// and have a national number of a length that country uses.
    ///
    /// Bare digit strings such as `42`, `user_12345` or an 18-digit snowflake are
    /// not reported: without a `+`, a phone label or phone-style grouping they are
    /// indistinguishable from database ids and timestamps.
    ///
    /// ## Why is this bad?
    /// A phone number identifies a person directly and is personal data under GDPR
    /// and CCPA. Sent as a user id it reaches the model provider's logs and abuse
    /// tooling, and it changes when the user changes their number, splitting one user
    /// into two.
    ///
    /// ## Example
    /// ```text
    /// whatsapp:+447700900123
    /// ```
    ///
    /// ## Use instead
    /// Send the internal account id the phone number is attached to, or a keyed
    /// hash of it: `user_12345`, `anon_5c1e08b2d79f4a36`.
    PiiPhone,
    example: "whatsapp:+447700900123"
}

/// Fewest digits in any number the rule reports.
const MIN_DIGITS: usize = 7;
/// E.164 caps international numbers at 15 digits.
const MAX_INTERNATIONAL_DIGITS: usize = 15;
/// National formats: a trunk prefix plus the longest common national numbers.
const MAX_NATIONAL_DIGITS: usize = 13;
/// More digit groups than this is a list of numbers, not a phone number.
const MAX_GROUPS: usize = 8;

/// Words that say the digits after them are a phone number, lowercase.
const PHONE_WORDS: &[&str] = &[
    "callto",
    "cell",
    "cellphone",
    "fax",
    "gsm",
    "handy",
    "mob",
    "mobil",
    "mobile",
    "mms",
    "msisdn",
    "phone",
    "phoneno",
    "phonenumber",
    "sms",
    "tel",
    "tele",
    "telefon",
    "telefone",
    "telefono",
    "telephone",
    "tfn",
    "tlf",
    "viber",
    "whatsapp",
];

/// [`PHONE_WORDS`] ending with the separators a label takes (`tel:`, `phone_`).
static PHONE_LABELS: Labels = Labels::new(PHONE_WORDS, b":=_-/.# ");

/// Domains of messaging ids made of a phone number (`4915112345678@s.whatsapp.net`).
const PHONE_ID_DOMAINS: &[&[u8]] = &[b"@s.whatsapp.net", b"@c.us"];

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    if scan.digits < MIN_DIGITS {
        return;
    }
    let bytes = scan.bytes();
    // An id of letters and digits alone holds at most one candidate, a single
    // group at its start with no `+`, label or domain, which is never reported.
    if scan.digits + scan.letters == bytes.len() {
        return;
    }
    // Every number is read from one run of digits, parentheses and separators
    // holding at least `MIN_DIGITS` digits. The walk below enters each run at its
    // start, as a walk over the whole id would (the byte before a run is neither
    // a digit nor a parenthesis, so nothing skips over it), and never leaves it.
    for run in long_runs(bytes, MIN_DIGITS, &RUN_BYTES) {
        let mut i = run.start;
        while i < run.end {
            let b = bytes[i];
            if !b.is_ascii_digit() && b != b'(' {
                i += 1;
                continue;
            }
            // Digits glued to a word (`user2`, hex tokens) are never a phone number,
            // except after an encoded plus (`%2B49...`).
            let glued = i > 0 && bytes[i - 1].is_ascii_alphanumeric();
            if glued && !(i >= 3 && bytes[i - 3..i].eq_ignore_ascii_case(b"%2B")) {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                continue;
            }
            let (end, digits) = run_end(bytes, i);
            // Every number the rule reports has `MIN_DIGITS` digits in its run.
            if digits >= MIN_DIGITS
                && let Some((span, international)) = phone_in_run(bytes, i, end)
            {
                let what = if international {
                    "international phone number"
                } else {
                    "phone number"
                };
                hits.push(Rule::PiiPhone, scan.text, span, what);
            }
            i = end.max(i + 1);
        }
    }
}

/// Bytes a number is written with: digits, parentheses and separators, with
/// every non-ASCII byte counted as a separator for the Unicode spaces.
const RUN_BYTES: ByteSet = byte_set(b"0123456789()-./ ", true);

/// The kind of separator between two digit groups.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Separator {
    Space,
    Dash,
    Dot,
    Slash,
}

/// Length in bytes of the separator at `at`, and its kind: ASCII space, dash, dot,
/// slash, or a Unicode space that phone numbers are typeset with (NBSP, figure
/// space, thin space, narrow NBSP, ideographic space).
fn separator_at(bytes: &[u8], at: usize) -> Option<(usize, Separator)> {
    let rest = bytes.get(at..)?;
    match rest {
        [b' ', ..] => Some((1, Separator::Space)),
        [b'-', ..] => Some((1, Separator::Dash)),
        [b'.', ..] => Some((1, Separator::Dot)),
        [b'/', ..] => Some((1, Separator::Slash)),
        [0xC2, 0xA0, ..] => Some((2, Separator::Space)),
        [0xE2, 0x80, 0x87 | 0x89 | 0xAF, ..] | [0xE3, 0x80, 0x80, ..] => {
            Some((3, Separator::Space))
        }
        _ => None,
    }
}

/// Length of the separator that ends just before `at`, if any.
fn separator_before(bytes: &[u8], at: usize) -> usize {
    for len in [1, 2, 3] {
        if let Some(start) = at.checked_sub(len)
            && separator_at(bytes, start).is_some_and(|(l, _)| l == len)
        {
            return len;
        }
    }
    0
}

/// End of the maximal run of digits, parentheses and separators starting at
/// `start`, and the number of digits in it.
fn run_end(bytes: &[u8], start: usize) -> (usize, usize) {
    let (mut i, mut digits) = (start, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            digits += 1;
            i += 1;
        } else if b == b'(' || b == b')' {
            i += 1;
        } else if let Some((len, _)) = separator_at(bytes, i) {
            i += len;
        } else {
            break;
        }
    }
    (i, digits)
}

/// Digit groups of one candidate number, e.g. `(201) 555-0123` is 469, 810, 8210.
struct Groups {
    /// Digit count of each group.
    lens: [usize; MAX_GROUPS],
    /// Whether each group was in parentheses.
    paren: [bool; MAX_GROUPS],
    count: usize,
    /// Digits of all groups in order, without the `(0)` of `+44 (0)20 ...`.
    digits: [u8; MAX_INTERNATIONAL_DIGITS + 2],
    len: usize,
    space: bool,
    dash: bool,
    dot: bool,
    slash: bool,
}

impl Groups {
    fn lens(&self) -> &[usize] {
        &self.lens[..self.count]
    }

    fn digits(&self) -> &[u8] {
        &self.digits[..self.len]
    }

    /// Numeric value of group `g` (at most 4 digits are ever asked for).
    fn value(&self, g: usize) -> u32 {
        let start: usize = self.lens[..g].iter().sum();
        self.digits()
            .get(start..start + self.lens[g])
            .map_or(0, |d| {
                d.iter().fold(0, |v, &b| v * 10 + u32::from(b - b'0'))
            })
    }
}

/// Splits `bytes[start..stop]` into digit groups. `None` when the run is not a single
/// well-formed grouping (double separators, unbalanced parentheses, too many groups
/// or digits).
fn parse_groups(bytes: &[u8], start: usize, stop: usize, international: bool) -> Option<Groups> {
    let mut groups = Groups {
        lens: [0; MAX_GROUPS],
        paren: [false; MAX_GROUPS],
        count: 0,
        digits: [0; MAX_INTERNATIONAL_DIGITS + 2],
        len: 0,
        space: false,
        dash: false,
        dot: false,
        slash: false,
    };
    let mut pos = start;
    loop {
        let paren = bytes.get(pos) == Some(&b'(');
        if paren {
            pos += 1;
        }
        let group_start = pos;
        while pos < stop && bytes[pos].is_ascii_digit() {
            pos += 1;
        }
        let group = bytes.get(group_start..pos)?;
        if group.is_empty() || groups.count == MAX_GROUPS {
            return None;
        }
        if paren {
            if pos >= stop || bytes[pos] != b')' {
                return None;
            }
            pos += 1;
        }
        // `+44 (0)20 7946 0958`: the national trunk prefix, not dialled from abroad.
        let dropped = international && paren && groups.count > 0 && group == b"0";
        if !dropped {
            let end = groups.len + group.len();
            groups
                .digits
                .get_mut(groups.len..end)?
                .copy_from_slice(group);
            groups.len = end;
            groups.lens[groups.count] = group.len();
            groups.paren[groups.count] = paren;
            groups.count += 1;
        }
        if pos >= stop {
            return Some(groups);
        }
        if let Some((len, kind)) = separator_at(bytes, pos) {
            match kind {
                Separator::Space => groups.space = true,
                Separator::Dash => groups.dash = true,
                Separator::Dot => groups.dot = true,
                Separator::Slash => groups.slash = true,
            }
            pos += len;
        }
        // After at most one separator the next group must begin.
        match bytes.get(pos) {
            Some(b) if b.is_ascii_digit() || *b == b'(' => {}
            _ => return None,
        }
    }
}

/// Checks the run `bytes[start..end]` and returns the phone number's span and
/// whether it is written internationally.
fn phone_in_run(bytes: &[u8], start: usize, end: usize) -> Option<(std::ops::Range<usize>, bool)> {
    let mut stop = end;
    loop {
        let len = separator_before(bytes, stop);
        if len == 0 || stop - len <= start {
            break;
        }
        stop -= len;
    }
    // Digits glued to letters belong to a token (`tmp-1761904512337-3fa91c`, an IBAN).
    if stop == end
        && bytes.get(end).is_some_and(u8::is_ascii_alphanumeric)
        && !is_extension(bytes.get(end..).unwrap_or_default())
    {
        return None;
    }
    let (span_start, international) = if start >= 1 && bytes[start - 1] == b'+' {
        (start - 1, true)
    } else if start >= 3 && bytes[start - 3..start].eq_ignore_ascii_case(b"%2B") {
        (start - 3, true)
    } else {
        (start, false)
    };
    if span_start > 0 && bytes[span_start - 1].is_ascii_alphanumeric() {
        // `jane+10@...`, base64 `ab+12...`, or digits glued to a word.
        return None;
    }
    let groups = parse_groups(bytes, start, stop, international)?;
    let digits = groups.digits();
    let count = digits.len();
    let span = span_start..stop;
    if international {
        let valid = (MIN_DIGITS..=MAX_INTERNATIONAL_DIGITS).contains(&count)
            && NUMBERING.is_international(digits);
        return valid.then_some((span, true));
    }
    let labelled = (MIN_DIGITS..=MAX_INTERNATIONAL_DIGITS).contains(&count)
        && (phone_word_before(bytes, span_start)
            || PHONE_ID_DOMAINS
                .iter()
                .any(|d| bytes[stop..].starts_with(d)));
    if labelled {
        return Some((span, false));
    }
    if groups.count < 2 || continues_spaced_words(bytes, span_start, stop, end) {
        return None;
    }
    if let Some(after_prefix) = digits.strip_prefix(b"00") {
        let valid = (MIN_DIGITS..=MAX_INTERNATIONAL_DIGITS).contains(&after_prefix.len())
            && NUMBERING.is_international(after_prefix);
        return valid.then_some((span, true));
    }
    (is_national_format(&groups) && !looks_like_other_number(&groups)).then_some((span, false))
}

/// Whether the run is one block of a space-separated code such as a grouped IBAN
/// (`GB82 WEST 1234 5698 7654 32`) or a UK National Insurance number
/// (`QQ 12 34 56 C`): a short block of capitals or digits sits next to it.
fn continues_spaced_words(bytes: &[u8], start: usize, stop: usize, end: usize) -> bool {
    let is_block = |word: &[u8]| {
        (1..=4).contains(&word.len())
            && word
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    };
    let before = separator_before(bytes, start);
    let word_before = before > 0
        && matches!(
            separator_at(bytes, start - before),
            Some((_, Separator::Space))
        )
        && {
            let head = &bytes[..start - before];
            let len = head
                .iter()
                .rev()
                .take(5)
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            is_block(&head[head.len() - len..])
        };
    let word_after =
        stop < end && matches!(separator_at(bytes, stop), Some((_, Separator::Space))) && {
            let tail = bytes.get(end..).unwrap_or_default();
            let len = tail
                .iter()
                .take(5)
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            is_block(&tail[..len])
        };
    word_before || word_after
}

/// Whether the groups are a national number in a way people write phone numbers.
fn is_national_format(groups: &Groups) -> bool {
    let digits = groups.digits();
    let lens = groups.lens();
    let count = digits.len();
    if !(MIN_DIGITS..=MAX_NATIONAL_DIGITS).contains(&count) || lens.last().is_some_and(|&l| l < 2)
    {
        return false;
    }
    // The length check walks the numbering plan's trunk prefixes, so the cheap
    // shape checks come first.
    let shape = if groups.space {
        // Spaces never occur in clean ids, so any plausible grouping counts:
        // `030 1234567`, `06 12 34 56 78`, `(02) 1234 5678`, `8 (912) 345-67-89`.
        lens[0] <= 6
    } else {
        // Dashes, dots and slashes also join parts of ordinary ids, so only the
        // shapes national plans use count.
        let nanp = match lens {
            [3, 3, 4] => is_nanp_number(digits),
            [1, 3, 3, 4] => digits[0] == b'1' && is_nanp_number(&digits[1..]),
            _ => false,
        };
        let area_in_parens = groups.paren[0] && (1..=5).contains(&lens[0]) && count >= 8;
        let trunk_prefixed = digits[0] == b'0'
            && digits[1] != b'0'
            && (2..=5).contains(&lens[0])
            && (9..=12).contains(&count);
        // `612-34-56-78`, `12.34.56.78`: pairs after the first group, as in Spain,
        // Denmark or Norway.
        let pairs =
            lens.len() >= 4 && (2..=3).contains(&lens[0]) && lens[1..].iter().all(|&l| l == 2);
        nanp || area_in_parens || trunk_prefixed || pairs
    };
    shape && NUMBERING.is_national_length(digits)
}

/// Groupings that are something else: dates, US SSNs, IPv4 addresses and numbers
/// with thousands separators.
fn looks_like_other_number(groups: &Groups) -> bool {
    let lens = groups.lens();
    let is_year = |g: usize| lens[g] == 4 && (1900..=2099).contains(&groups.value(g));
    let is_day_month = |a: usize, b: usize| {
        let (x, y) = (groups.value(a), groups.value(b));
        lens[a] <= 2
            && lens[b] <= 2
            && (1..=31).contains(&x)
            && (1..=31).contains(&y)
            && x.min(y) <= 12
    };
    let date = (0..lens.len().saturating_sub(2)).any(|g| {
        (is_year(g) && is_day_month(g + 1, g + 2)) || (is_year(g + 2) && is_day_month(g, g + 1))
    });
    let only_dots = groups.dot && !groups.space && !groups.dash && !groups.slash;
    // Brazilian CPF `123.456.789-09` and other punctuated ids mix dots with dashes.
    let mixed_dots = groups.dot && (groups.dash || groups.slash);
    let ssn = lens == [3, 2, 4];
    let ipv4 =
        only_dots && lens.len() == 4 && (0..4).all(|g| lens[g] <= 3 && groups.value(g) <= 255);
    let thousands = only_dots && lens[0] <= 3 && lens[1..].iter().all(|&l| l == 3);
    date || mixed_dots || ssn || ipv4 || thousands
}

/// Whether `rest` starts with an extension such as `x123`, `ext123` or `ext.123`.
fn is_extension(rest: &[u8]) -> bool {
    let digits = match rest {
        [b'x' | b'X', digits @ ..] => digits,
        [e, x, t, b'.', digits @ ..] | [e, x, t, digits @ ..]
            if [*e, *x, *t].eq_ignore_ascii_case(b"ext") =>
        {
            digits
        }
        _ => return false,
    };
    digits.first().is_some_and(u8::is_ascii_digit)
}

/// Whether a phone label such as `tel:`, `phone_` or `whatsapp:` ends at `at`.
fn phone_word_before(bytes: &[u8], at: usize) -> bool {
    let Some(head) = bytes.get(..at) else {
        return false;
    };
    label_before(head, &PHONE_LABELS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finds(id: &str) -> bool {
        let bytes = id.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii_digit() || bytes[i] == b'(' {
                let (end, _) = run_end(bytes, i);
                if phone_in_run(bytes, i, end).is_some() {
                    return true;
                }
                i = end.max(i + 1);
            } else {
                i += 1;
            }
        }
        false
    }

    #[test]
    fn international_numbers_need_a_calling_code_and_length() {
        assert!(finds("+33 1 23 45 67 89"));
        assert!(finds("+44 (0)20 7946 0958"));
        assert!(finds("%2B4915112345678"));
        assert!(finds("0049 911 494085"));
        assert!(!finds("+999 1234 5678"));
        assert!(!finds("+1 055 349 8067"));
        assert!(!finds("jane+4915112345678"));
    }

    #[test]
    fn national_formats_need_phone_grouping() {
        assert!(finds("(201) 555-0123"));
        assert!(finds("030/1234567"));
        assert!(finds("06.12.34.56.78"));
        assert!(finds("090-1234-5678"));
        assert!(!finds("0301234567"));
        assert!(!finds("1987-03-14"));
        assert!(!finds("01-05-2024 10"));
        assert!(!finds("219-09-9999"));
        assert!(!finds("192.168.40.17"));
        assert!(!finds("1.234.567"));
        assert!(finds("555-234-5678x1234"));
        assert!(finds("(555)234-5678 ext.12"));
        assert!(!finds("555-234-5678abc"));
        assert!(!finds("GB82 WEST 1234 5698 7654 32"));
        assert!(finds("user 030 1234567"));
        assert!(!finds("123.456.789-09"));
        assert!(!finds("NL91 ABNA 0417 1643 00"));
    }

    #[test]
    fn labels_make_bare_digits_a_phone() {
        assert!(finds("tel:0301234567"));
        assert!(finds("msisdn=4915112345678"));
        assert!(finds("4915112345678@s.whatsapp.net"));
        assert!(!finds("hotel:0301234567"));
        assert!(!finds("tel:12345"));
    }

    #[test]
    fn separators_are_parsed_by_length() {
        assert_eq!(separator_at("\u{a0}1".as_bytes(), 0).map(|s| s.0), Some(2));
        assert_eq!(
            separator_at("\u{202f}1".as_bytes(), 0).map(|s| s.0),
            Some(3)
        );
        assert_eq!(separator_before("1\u{202f}".as_bytes(), 4), 3);
        assert_eq!(separator_before(b"1", 1), 0);
    }
}

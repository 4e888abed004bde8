use std::ops::Range;

use super::scan::long_digit_runs;
use super::tokens::{WordSet, last_camel_word_start};
use super::{Hits, Rule, Scan};

declare_rule! {
    /// ## What it does
    /// Flags a date and time of day, or a Unix timestamp, anywhere in the id:
    ///
    /// - ISO 8601 and its everyday variants: `2025-07-19T06:12:44+02:00`,
    ///   `2024-11-21T19:03:27.512Z`, `2024-12-01 21:58:03`, `2024-12-01_21-58-03`,
    ///   `20251103T092214`, and 14- or 17-digit `yyyyMMddHHmmss[SSS]` runs;
    /// - day- or month-first dates with a time: `06.10.2024 10:47`, `10/06/2024 10:47 PM`;
    /// - dates with a month name: RFC 2822 `Tue, 1 Jul 2025 10:00:00 +0000`,
    ///   `01/Jul/2025:10:00:00`, `Jul 1, 2025 10:00`, ctime `Tue Jul  1 10:00:00 2025`;
    /// - Unix time as a 10-, 13- or 16-digit number (seconds, milliseconds,
    ///   microseconds) between 2010-01-01 and 2038-01-19 (the signed 32-bit
    ///   `time_t` limit), unless a country code or phone word comes before it
    ///   (`+1 `, `tel:`), and as a 19-digit number of nanoseconds only right after
    ///   a time word such as `ts=`, `time_` or `nanos-`.
    ///
    /// Formatted dates must have a year in 1970..2099 and a valid month, day and
    /// time; a date without a time of day (`1987-04-22`) is left to `pii-date`.
    /// The window is fixed, not taken from the clock, so results never change.
    /// Bare 18- and 19-digit numbers are not reported: Discord and Twitter
    /// snowflakes are stable ids of that length that also decode to recent times.
    /// Digit runs glued to other digits and letters (inside hex or base62 tokens)
    /// are not read as timestamps.
    ///
    /// ## Why is this bad?
    /// A timestamp changes every time the id is minted, so the same person turns
    /// into a new user on every request or visit: provider caches miss, per-user
    /// analytics and rate limits fragment, and abuse cannot be linked to an
    /// account. It also tells the provider exactly when someone signed up or
    /// visited.
    ///
    /// ## Example
    /// ```text
    /// guest_1721834512907
    /// visitor-2025-02-14T08:31:09Z
    /// ```
    ///
    /// ## Use instead
    /// Mint one id per user and keep it: `user_12345`, or the `HmacPolicy` output
    /// for the internal user id. Put times in request metadata, not in the id.
    UnstableTimestamp,
    example: "guest_1721834512907", "visitor-2025-02-14T08:31:09Z"
}

/// 2010-01-01T00:00:00Z, the earliest Unix time reported.
const EPOCH_MIN_SECONDS: u64 = 1_262_304_000;
/// 2038-01-19T03:14:08Z (2^31 s), the end of the window. Ending here also keeps
/// 16-digit card numbers (Mastercard 2221-2720, Mir 2200-2204) out of the
/// microsecond range.
const EPOCH_MAX_SECONDS: u64 = 2_147_483_648;

/// Formatted dates are read for these years.
const YEARS: Range<u32> = 1970..2100;

// Kept out of line so profiles show the rule's cost under its own name.
#[inline(never)]
pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    // Every form has at least eight digits (`Jul 5, 2025 7:30`); epochs have ten.
    if scan.digits < 8 {
        return;
    }
    let b = scan.bytes();
    let mut covered = 0;
    let mut check_run = |run: Range<usize>| {
        if run.start < covered || !worth_parsing(b, &run) {
            return;
        }
        if let Some((end, what)) = date_time_at(b, run.start) {
            hits.push(Rule::UnstableTimestamp, scan.text, run.start..end, what);
            covered = end;
        } else if let Some(what) = epoch(b, run.clone()) {
            covered = run.end;
            hits.push(Rule::UnstableTimestamp, scan.text, run, what);
        }
    };
    // A one- or two-digit run can only start a date whose time of day is
    // `hh:mm` (the time parsers get no other form there), so without a `:`
    // only runs of four or more digits (years, compact dates, epochs) matter.
    let has_colon = scan.has(b':');
    if has_colon {
        long_digit_runs::<1>(b).for_each(&mut check_run);
    } else {
        long_digit_runs::<4>(b).for_each(&mut check_run);
    }
    // Month-first forms have a space after the month name and an `hh:mm` time.
    if has_colon && scan.has(b' ') && scan.letters >= 3 {
        month_first(scan, hits, covered);
    }
}

/// A cheap look at a digit run's length and the byte after it, which rules out
/// nearly every run inside hex, base62 and plain numbers before any parsing.
fn worth_parsing(b: &[u8], run: &Range<usize>) -> bool {
    let next = b.get(run.end).copied();
    match run.len() {
        1 | 2 => day_or_month_follows(b, run.end),
        4 => matches!(next, Some(b'-' | b'/' | b'.')),
        8 => matches!(next, Some(b'T' | b't' | b'_' | b'-')),
        10 | 13 | 14 | 16 | 17 | 19 => true,
        _ => false,
    }
}

/// After a one- or two-digit run ending at `end`: the rest of `06.10.` (a second
/// field of one or two digits and the same separator) or of `1 Jul`, `1-Jul`,
/// `1. Juli`, `1st Jul` (a month name).
fn day_or_month_follows(b: &[u8], end: usize) -> bool {
    let at = |i: usize| b.get(end + i).copied().unwrap_or(0);
    match at(0) {
        sep @ (b'.' | b'/' | b'-') => {
            let second = b[end + 1..]
                .iter()
                .take(3)
                .take_while(|c| c.is_ascii_digit())
                .count();
            ((1..=2).contains(&second) && at(1 + second) == sep)
                || at(1).is_ascii_alphabetic()
                || (sep == b'.' && at(1) == b' ')
        }
        b' ' => at(1).is_ascii_alphabetic() || at(1) == b' ',
        first => {
            let ordinal = [first.to_ascii_lowercase(), at(1).to_ascii_lowercase()];
            matches!(&ordinal, b"st" | b"nd" | b"rd" | b"th")
        }
    }
}

/// Dates that start with a month name: `Jul 1, 2025 10:00`, `Tue Jul  1 10:00:00 2025`.
fn month_first(scan: &Scan<'_>, hits: &mut Hits, covered: usize) {
    let b = scan.bytes();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphabetic() || (i > 0 && b[i - 1].is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        let start = i;
        let mut c = Cursor { b, at: i };
        if c.month().is_some() && c.month_first_rest() {
            if c.at > covered {
                hits.push(
                    Rule::UnstableTimestamp,
                    scan.text,
                    start..c.at,
                    "date and time with a month name",
                );
            }
            i = c.at;
        } else {
            i += 1;
        }
    }
}

/// A formatted date and time starting at the digit run at `start`.
#[allow(clippy::type_complexity)] // a table of parser methods reads best inline
fn date_time_at(b: &[u8], start: usize) -> Option<(usize, &'static str)> {
    let mut c = Cursor { b, at: start };
    let found = match c.digit_run_len() {
        4 => c.year_first().then_some("ISO 8601 date and time"),
        8 => c.compact().then_some("compact date and time"),
        14 | 17 => c.digits_only().then_some("compact date and time"),
        1 | 2 => {
            if c.day_or_month_first() {
                Some("date and time")
            } else {
                c.at = start;
                c.day_then_month_name()
                    .then_some("date and time with a month name")
            }
        }
        _ => None,
    };
    found.map(|what| (c.at, what))
}

/// A Unix time of 10, 13 or 16 digits in the window, or 19 digits after a time word.
fn epoch(b: &[u8], run: Range<usize>) -> Option<&'static str> {
    let (what, divisor) = match run.len() {
        10 => ("Unix time in seconds", 1),
        13 => ("Unix time in milliseconds", 1_000),
        16 => ("Unix time in microseconds", 1_000_000),
        19 if TIME_WORDS.contains(word_before(b, run.start)) => {
            ("Unix time in nanoseconds", 1_000_000_000)
        }
        _ => return None,
    };
    if !standalone(b, run.clone()) || after_phone_prefix(b, run.start) {
        return None;
    }
    let value = b.get(run)?.iter().try_fold(0u64, |acc, &d| {
        acc.checked_mul(10)?.checked_add(u64::from(d - b'0'))
    })?;
    (EPOCH_MIN_SECONDS..EPOCH_MAX_SECONDS)
        .contains(&(value / divisor))
        .then_some(what)
}

/// Whether a digit run stands on its own: not after `+` (a phone number), and
/// within its alphanumeric run only letters before it (`guest1724412345`) and
/// at most a three-letter unit after it (`1724412345678ms`). Digits inside hex or
/// base62 tokens fail this.
fn standalone(b: &[u8], run: Range<usize>) -> bool {
    let before = &b[..run.start];
    let letters_before = before
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let ahead_of_letters = before
        .len()
        .checked_sub(letters_before + 1)
        .and_then(|i| before.get(i));
    let glued_before = match ahead_of_letters {
        Some(&c) if letters_before == 0 => c == b'+',
        Some(c) => c.is_ascii_digit(),
        None => false,
    };
    let after = &b[run.end..];
    let letters_after = after.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let glued_after = letters_after > 3 || after.get(letters_after).is_some_and(u8::is_ascii_digit);
    !glued_before && !glued_after
}

/// The word right before `start`, across at most two separators: `ts` in `ts=`,
/// `At` in `createdAt:` (the last camelCase word). Empty if there is none.
fn word_before(b: &[u8], start: usize) -> &[u8] {
    let before = &b[..start];
    let separators = before
        .iter()
        .rev()
        .take_while(|&&c| matches!(c, b'_' | b'-' | b':' | b'=' | b'.'))
        .count();
    if separators > 2 {
        return &[];
    }
    let word_end = before.len() - separators;
    let letters = before[..word_end]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let run = &before[word_end - letters..word_end];
    &run[last_camel_word_start(run)..]
}

/// Whether a digit run is the subscriber part of a phone number: after a country
/// code (`+1 `, `+44-`) or a phone word (`tel:`, `phone_`, `whatsapp:`).
fn after_phone_prefix(b: &[u8], start: usize) -> bool {
    let before = &b[..start];
    let gap = usize::from(
        before
            .last()
            .is_some_and(|c| matches!(c, b' ' | b'-' | b'.')),
    );
    let code = before[..before.len() - gap]
        .iter()
        .rev()
        .take(4)
        .take_while(|c| c.is_ascii_digit())
        .count();
    let plus = before
        .len()
        .checked_sub(gap + code + 1)
        .and_then(|i| before.get(i));
    ((1..=3).contains(&code) && plus == Some(&b'+')) || PHONE_WORDS.contains(word_before(b, start))
}

/// Words that say the number after them is a phone number.
const PHONE_WORD_LIST: &[&[u8]] = &[
    b"tel",
    b"phone",
    b"mobile",
    b"mob",
    b"cell",
    b"fax",
    b"sms",
    b"whatsapp",
    b"msisdn",
];
static PHONE_WORDS: WordSet<{ PHONE_WORD_LIST.len() }> = WordSet::new(PHONE_WORD_LIST);

/// Words that say the number after them is a time: `ts=`, `time_`, `createdAt:`.
const TIME_WORD_LIST: &[&[u8]] = &[
    b"t",
    b"ts",
    b"time",
    b"timestamp",
    b"tstamp",
    b"stamp",
    b"nanos",
    b"nano",
    b"ns",
    b"epoch",
    b"at",
    b"created",
    b"updated",
    b"now",
    b"when",
    b"clock",
];
static TIME_WORDS: WordSet<{ TIME_WORD_LIST.len() }> = WordSet::new(TIME_WORD_LIST);

/// English, German, French, Spanish, Italian, Portuguese and Dutch month
/// abbreviations, by their first three ASCII letters (CLDR gregorian calendar).
const MONTH_PREFIX_LIST: &[&[u8]] = &[
    b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec",
    b"mai", b"okt", b"dez", b"mrz", b"fev", b"avr", b"jui", b"aou", b"ene", b"abr", b"ago", b"dic",
    b"gen", b"mag", b"giu", b"lug", b"set", b"ott", b"out", b"mrt", b"mei",
];
static MONTH_PREFIXES: WordSet<{ MONTH_PREFIX_LIST.len() }> = WordSet::new(MONTH_PREFIX_LIST);

fn valid_date(year: u32, month: u32, day: u32) -> bool {
    let days = match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return false,
    };
    YEARS.contains(&year) && (1..=days).contains(&day)
}

fn valid_time(hour: u32, minute: u32, second: u32) -> bool {
    hour <= 23 && minute <= 59 && second <= 60
}

/// A forward-only parser over the id's bytes.
struct Cursor<'a> {
    b: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.at).copied()
    }

    fn eat(&mut self, accept: impl Fn(u8) -> bool) -> Option<u8> {
        let c = self.peek().filter(|&c| accept(c))?;
        self.at += 1;
        Some(c)
    }

    /// Eats between `min` and `max` bytes that `accept` allows.
    fn eat_run(&mut self, min: usize, max: usize, accept: impl Fn(u8) -> bool) -> bool {
        let n = self.b[self.at..]
            .iter()
            .take(max)
            .take_while(|&&c| accept(c))
            .count();
        if n < min {
            return false;
        }
        self.at += n;
        true
    }

    fn digit_run_len(&self) -> usize {
        self.b[self.at..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    }

    /// A whole digit run of `min..=max` digits, as a number.
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let len = self.digit_run_len();
        if len < min || len > max {
            return None;
        }
        let value = digits_value(&self.b[self.at..self.at + len]);
        self.at += len;
        Some(value)
    }

    /// `2025-07-19T06:12:44+02:00`, `2024/10/06 10:47`, `2024-12-01_21-58-03`.
    fn year_first(&mut self) -> bool {
        let Some(year) = self.number(4, 4) else {
            return false;
        };
        let Some(sep) = self.eat(|c| matches!(c, b'-' | b'/' | b'.')) else {
            return false;
        };
        let Some(month) = self.number(1, 2) else {
            return false;
        };
        if self.eat(|c| c == sep).is_none() {
            return false;
        }
        let Some(day) = self.number(1, 2) else {
            return false;
        };
        if !valid_date(year, month, day) {
            return false;
        }
        let Some(between) = self.eat(|c| matches!(c, b'T' | b't' | b' ' | b'_' | b'-')) else {
            return false;
        };
        let compact = matches!(between, b'T' | b't' | b'_');
        // `2024-06-24-15-06-21` only with a dashed time, never `2024-06-24-1506`.
        self.time(compact && between != b'_', compact, between != b' ')
    }

    /// `20251103T092214`, `20250311_074512`, `20250311T07:45:12Z`.
    fn compact(&mut self) -> bool {
        if self.digit_run_len() != 8 {
            return false;
        }
        let date = &self.b[self.at..self.at + 8];
        if !valid_date(
            digits_value(&date[..4]),
            digits_value(&date[4..6]),
            digits_value(&date[6..]),
        ) {
            return false;
        }
        self.at += 8;
        let Some(between) = self.eat(|c| matches!(c, b'T' | b't' | b'_' | b'-')) else {
            return false;
        };
        self.time(matches!(between, b'T' | b't'), true, false)
    }

    /// `20250311074512` and `20250311074512834` (`yyyyMMddHHmmss[SSS]`).
    fn digits_only(&mut self) -> bool {
        let len = self.digit_run_len();
        if len != 14 && len != 17 {
            return false;
        }
        let d = &self.b[self.at..self.at + len];
        let field = |r: Range<usize>| digits_value(&d[r]);
        if !valid_date(field(0..4), field(4..6), field(6..8))
            || !valid_time(field(8..10), field(10..12), field(12..14))
        {
            return false;
        }
        self.at += len;
        true
    }

    /// `06.10.2024 10:47:37`, `10/06/2024, 10:47 PM`, `6-10-2024T10:47`.
    fn day_or_month_first(&mut self) -> bool {
        let Some(first) = self.number(1, 2) else {
            return false;
        };
        let Some(sep) = self.eat(|c| matches!(c, b'.' | b'/' | b'-')) else {
            return false;
        };
        let Some(second) = self.number(1, 2) else {
            return false;
        };
        if self.eat(|c| c == sep).is_none() {
            return false;
        }
        let Some(year) = self.number(4, 4) else {
            return false;
        };
        if !valid_date(year, second, first) && !valid_date(year, first, second) {
            return false;
        }
        self.eat_run(1, 2, |c| matches!(c, b' ' | b',' | b'T' | b'_' | b'@'))
            && self.time(false, false, false)
    }

    /// `1 Jul 2025 10:00:00 +0000`, `01-Jul-2025 10:00`, `10/Oct/2000:13:55:36`, `1. Juli 2025 10:00`.
    fn day_then_month_name(&mut self) -> bool {
        let Some(day) = self.number(1, 2) else {
            return false;
        };
        self.eat(|c| c == b'.');
        self.ordinal();
        if !self.eat_run(1, 2, |c| matches!(c, b' ' | b'-' | b'/')) {
            return false;
        }
        let Some(month) = self.month() else {
            return false;
        };
        if !self.eat_run(1, 2, |c| matches!(c, b' ' | b'-' | b'/' | b',')) {
            return false;
        }
        let Some(year) = self.number(4, 4) else {
            return false;
        };
        valid_date(year, month, day)
            && self.eat_run(1, 2, |c| matches!(c, b' ' | b':' | b'T' | b'_' | b','))
            && self.time(false, false, false)
    }

    /// After a month name: ` 1, 2025 10:00` or ctime's ` 1 10:00:00 2025`.
    fn month_first_rest(&mut self) -> bool {
        if !self.eat_run(1, 2, |c| c == b' ') {
            return false;
        }
        let Some(day) = self.number(1, 2) else {
            return false;
        };
        self.ordinal();
        let after_day = self.at;
        // `Jul 1, 2025 10:00` / `Jul 1 2025, 10:00 AM` / `July 1, 2025 at 10:00`.
        self.eat(|c| c == b',');
        if self.eat_run(1, 2, |c| c == b' ')
            && let Some(year) = self.number(4, 4)
        {
            self.eat(|c| c == b',');
            if self.eat_run(1, 2, |c| c == b' ') {
                let before_at = self.at;
                if !(self.eat(|c| c == b'a').is_some()
                    && self.eat(|c| c == b't').is_some()
                    && self.eat(|c| c == b' ').is_some())
                {
                    self.at = before_at;
                }
                return valid_date(year, 1, day) && self.time(false, false, false);
            }
            return false;
        }
        // ctime: `Jul  1 10:00:00 2025`.
        self.at = after_day;
        if !(self.eat_run(1, 2, |c| c == b' ') && self.time(false, false, false)) {
            return false;
        }
        let time_end = self.at;
        if self.eat_run(1, 1, |c| c == b' ')
            && let Some(year) = self.number(4, 4)
            && valid_date(year, 1, day)
        {
            return true;
        }
        self.at = time_end;
        false
    }

    /// A month name: 3 to 9 letters starting with a known abbreviation, and an optional `.`.
    fn month(&mut self) -> Option<u32> {
        let len = self.b[self.at..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        if !(3..=9).contains(&len) {
            return None;
        }
        if !MONTH_PREFIXES.contains(&self.b[self.at..self.at + 3]) {
            return None;
        }
        self.at += len;
        self.eat(|c| c == b'.');
        // The month number only matters for day validation; a name is any month.
        Some(1)
    }

    /// An English ordinal suffix: `1st`, `22nd`.
    fn ordinal(&mut self) {
        let rest = &self.b[self.at..];
        if rest.len() >= 2
            && matches!(
                &[rest[0].to_ascii_lowercase(), rest[1].to_ascii_lowercase()],
                b"st" | b"nd" | b"rd" | b"th"
            )
            && !rest.get(2).is_some_and(u8::is_ascii_alphabetic)
        {
            self.at += 2;
        }
    }

    /// A time of day, then optional fraction, zone and AM/PM.
    ///
    /// `hhmm` allows `1530`, `hhmmss` allows `153000`; `dashed` allows
    /// `15-30-00` and `15.30.00` (with seconds). `15:30` and `15:30:00` always count.
    fn time(&mut self, hhmm: bool, hhmmss: bool, dashed: bool) -> bool {
        let len = self.digit_run_len();
        let d = &self.b[self.at..self.at + len];
        let (hour, minute, second) = match len {
            4 if hhmm => (digits_value(&d[..2]), digits_value(&d[2..]), 0),
            6 if hhmmss => (
                digits_value(&d[..2]),
                digits_value(&d[2..4]),
                digits_value(&d[4..]),
            ),
            1 | 2 => {
                self.at += len;
                let hour = digits_value(d);
                let Some(sep) = self.eat(|c| c == b':' || (dashed && matches!(c, b'-' | b'.')))
                else {
                    return false;
                };
                let Some(minute) = self.number(2, 2) else {
                    return false;
                };
                let second_start = self.at;
                let second = if self.eat(|c| c == sep).is_some() {
                    match self.number(2, 2) {
                        Some(s) => Some(s),
                        None => {
                            self.at = second_start;
                            None
                        }
                    }
                } else {
                    None
                };
                if sep != b':' && second.is_none() {
                    return false;
                }
                if !valid_time(hour, minute, second.unwrap_or(0)) {
                    return false;
                }
                if second.is_some() {
                    self.fraction();
                }
                self.zone();
                return true;
            }
            _ => return false,
        };
        if !valid_time(hour, minute, second) {
            return false;
        }
        self.at += len;
        if len == 6 {
            self.fraction();
        }
        self.zone();
        true
    }

    /// `.105` or `,105`.
    fn fraction(&mut self) {
        if matches!(self.peek(), Some(b'.' | b',')) {
            let digits = self.b[self.at + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if (1..=9).contains(&digits) {
                self.at += 1 + digits;
            }
        }
    }

    /// `Z`, `+02:00`, `-0800`, ` UTC`, ` GMT`, ` PM`: consumed only so the span covers them.
    fn zone(&mut self) {
        let rest = &self.b[self.at..];
        let letters_after = |n: usize| rest.get(n).is_some_and(u8::is_ascii_alphanumeric);
        match rest.first() {
            Some(b'Z' | b'z') if !letters_after(1) => self.at += 1,
            Some(b'+' | b'-') => {
                let hours = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
                if hours == 2
                    && rest.get(3) == Some(&b':')
                    && rest
                        .get(4..6)
                        .is_some_and(|m| m.iter().all(u8::is_ascii_digit))
                {
                    if !letters_after(6) {
                        self.at += 6;
                    }
                } else if (hours == 2 || hours == 4) && !letters_after(1 + hours) {
                    self.at += 1 + hours;
                }
            }
            Some(b' ') => {
                let word = rest[1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count();
                let word_text = &rest[1..1 + word];
                if [&b"utc"[..], b"gmt", b"am", b"pm"]
                    .iter()
                    .any(|w| word_text.eq_ignore_ascii_case(w))
                {
                    self.at += 1 + word;
                }
            }
            _ => {}
        }
    }
}

/// The value of an ASCII digit string of at most nine digits.
fn digits_value(d: &[u8]) -> u32 {
    d.iter().fold(0, |acc, &c| {
        acc.saturating_mul(10)
            .saturating_add(u32::from(c.wrapping_sub(b'0')))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Option<&'static str> {
        let b = text.as_bytes();
        for (run, _) in crate::rules::scan::runs(text, |c| c.is_ascii_digit()) {
            if let Some((_, what)) = date_time_at(b, run.start) {
                return Some(what);
            }
            if let Some(what) = epoch(b, run) {
                return Some(what);
            }
        }
        let mut c = Cursor { b, at: 0 };
        (c.month().is_some() && c.month_first_rest()).then_some("month first")
    }

    #[test]
    fn formatted_date_times() {
        for text in [
            "2025-07-19T06:12:44+02:00",
            "2024-11-21T19:03:27.512Z",
            "2024-12-01 21:58:03",
            "2024-12-01_21-58-03",
            "20251103T092214",
            "20250311_074512",
            "20250311074512",
            "20250311074512834",
            "06.10.2024 10:47",
            "10/16/2024, 10:47 PM",
            "Tue, 1 Jul 2025 10:00:00 +0000",
            "10/Oct/2000:13:55:36 -0700",
            "1. Juli 2025 10:00",
        ] {
            assert!(found(text).is_some(), "{text}");
        }
        assert_eq!(found("Jul 1, 2025 10:00"), Some("month first"));
        assert_eq!(found("Jul  1 10:00:00 2025"), Some("month first"));
    }

    #[test]
    fn dates_without_time_and_invalid_fields_are_not_timestamps() {
        for text in [
            "1987-04-22",
            "19520814",
            "12/11/1975",
            "2024-13-01T21:58:03",
            "2024-12-01T25:58:03",
            "20251311074512",
            "20250311-0745",
            "2024-10-06-1047",
        ] {
            assert_eq!(found(text), None, "{text}");
        }
    }

    #[test]
    fn epochs_in_the_window_only() {
        assert_eq!(epoch(b"1738412345", 0..10), Some("Unix time in seconds"));
        assert_eq!(
            epoch(b"1724412345678", 0..13),
            Some("Unix time in milliseconds")
        );
        assert_eq!(
            epoch(b"1724412345678123", 0..16),
            Some("Unix time in microseconds")
        );
        // Before 2010 and after 2038.
        assert_eq!(epoch(b"1200000000", 0..10), None);
        assert_eq!(epoch(b"2200000000", 0..10), None);
        // A Mir card number is not a microsecond time.
        assert_eq!(epoch(b"2200123412341234", 0..16), None);
        // Snowflakes and nanoseconds: only after a time word.
        assert_eq!(epoch(b"1619874503216785409", 0..19), None);
        assert_eq!(
            epoch(b"ts=1724412345678123456", 3..22),
            Some("Unix time in nanoseconds")
        );
        // Phone numbers and digits inside tokens.
        assert_eq!(epoch(b"+1724412345", 1..11), None);
        assert_eq!(epoch(b"+1 2025550143", 3..13), None);
        assert_eq!(epoch(b"+44-2071234567", 4..14), None);
        assert_eq!(epoch(b"tel:2025550143", 4..14), None);
        assert_eq!(
            epoch(b"user-2025550143", 5..15),
            Some("Unix time in seconds")
        );
        assert_eq!(epoch(b"a9b1724412345", 3..13), None);
        assert_eq!(
            epoch(b"guest1724412345", 5..15),
            Some("Unix time in seconds")
        );
    }
}

use super::scan::long_digit_runs;
use super::{Hits, Rule, Scan};

declare_rule! {
    /// ## What it does
    /// Flags a calendar date that could be a date of birth: a valid day and month
    /// with a year from 1900 to 2015, written as `yyyy-mm-dd`, `yyyymmdd`,
    /// `dd.mm.yyyy`, `mm/dd/yyyy`, `dd/mm/yyyy`, `dd-mm-yyyy`, `yyyy.mm.dd`,
    /// `yyyy/mm/dd`, `ddmmyyyy`, or with a month name (`07-Sep-1995`, `7Sep1995`,
    /// `Sep-07-1995`, `1995-Sep-07`). The year window is fixed, so results never
    /// depend on the clock. A date followed by a time of day (`T10:47:37`,
    /// `T174728`, ` 10:47`) is a timestamp and left to `unstable-timestamp`, and
    /// digits inside longer digit runs, hex or base62 blobs, UUIDs, snowflakes and
    /// ObjectIds are not read as dates.
    ///
    /// ## Why is this bad?
    /// A birth date is personal data, and together with a name or a postcode it
    /// identifies most people. Ids such as `adrian_1965-07-09` send it to the model
    /// provider with every request.
    ///
    /// ## Example
    /// ```text
    /// user_1995-09-07
    /// ```
    ///
    /// ## Use instead
    /// The account's internal key (`user_48213`), or a keyed hash of it.
    PiiDate,
    example: "user_1995-09-07"
}

/// Birth years that are plausible for a living user; fixed so results are deterministic.
const YEARS: std::ops::RangeInclusive<u32> = 1900..=2015;

// Kept out of line so profiles show the rule's cost under its own name.
#[inline(never)]
pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    // Every format needs a four-digit year and at least two more digits, or a
    // month name and a day.
    if scan.digits < 5 {
        return;
    }
    // Years in the window are 19xx or 2000..=2015.
    if !((scan.has(b'1') && scan.has(b'9')) || (scan.has(b'2') && scan.has(b'0'))) {
        return;
    }
    let bytes = scan.bytes();
    if !has_year(bytes) {
        return;
    }
    let mut last_end = 0;
    for (run, _) in scan.digit_runs() {
        if run.start < last_end {
            continue;
        }
        if let Some(span) = date_at(bytes, run.clone()) {
            last_end = span.end;
            hits.push(Rule::PiiDate, scan.text, span, "date of birth");
        }
    }
}

/// Whether `b` holds a year that some format can use, which every date needs:
/// a whole run of exactly four digits from 1900 to 2015 (the year of
/// `yyyy-mm-dd`, `dd.mm.yyyy`, `7 Sep 1995`: the year always stands between
/// non-digits), or a run of exactly eight digits that starts or ends with one
/// (`yyyymmdd`, `ddmmyyyy`, `mmddyyyy`). Few ids have one, so the parsers below
/// run only for those.
fn has_year(b: &[u8]) -> bool {
    let year_at = |at: usize| {
        b.get(at..at + 4)
            .is_some_and(|d| YEARS.contains(&digits_value(d)))
    };
    long_digit_runs::<4>(b).any(|run| match run.len() {
        4 => year_at(run.start),
        8 => year_at(run.start) || year_at(run.start + 4),
        _ => false,
    })
}

/// The value of a short run of ASCII digits.
fn digits_value(d: &[u8]) -> u32 {
    d.iter()
        .fold(0, |acc, &c| acc * 10 + u32::from(c.wrapping_sub(b'0')))
}

/// A date that starts with (or, for `dd-Mon-yyyy`, is anchored at) the digit run `run`.
fn date_at(b: &[u8], run: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    let len = run.len();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |acc, &d| {
            Some(acc * 10 + u32::from(d.checked_sub(b'0')?))
        })
    };
    if len == 8 {
        // yyyymmdd, ddmmyyyy or mmddyyyy: a whole run of exactly eight digits,
        // after letters only (`duffy19790818`) or a separator, before a separator.
        if !compact_context(b, run.clone())
            || followed_by_time(b, run.end)
            || uuid_group(b, run.clone())
        {
            return None;
        }
        let s = run.start;
        let ymd = (num(s..s + 4)?, num(s + 4..s + 6)?, num(s + 6..s + 8)?);
        let dmy = (num(s + 4..s + 8)?, num(s + 2..s + 4)?, num(s..s + 2)?);
        let mdy = (num(s + 4..s + 8)?, num(s..s + 2)?, num(s + 2..s + 4)?);
        return [ymd, dmy, mdy]
            .iter()
            .any(|&(y, m, d)| valid(y, m, d))
            .then_some(run);
    }
    if !separated_context_before(b, run.start) {
        return None;
    }
    if len == 4 {
        // yyyy-mm-dd, yyyy.mm.dd, yyyy/mm/dd, yyyy-Mon-dd
        let year = num(run.clone())?;
        if !YEARS.contains(&year) {
            return None;
        }
        let sep = *b.get(run.end)?;
        if !is_sep(sep) {
            return None;
        }
        let (month, after_month) = match month_or_number(b, run.end + 1)? {
            Field::Number(m, end) => (m, end),
            Field::Name(m, end) => (m, end),
        };
        if b.get(after_month) != Some(&sep) {
            return None;
        }
        let day_run = digit_run(b, after_month + 1, 2)?;
        let end = day_run.end;
        let day = num(day_run)?;
        return (valid(year, month, day) && date_ends(b, end, sep)).then_some(run.start..end);
    }
    if len <= 2 {
        if let Some(span) = month_first(b, run.clone()) {
            return Some(span);
        }
        let first = num(run.clone())?;
        // d{1,2} sep d{1,2} sep yyyy  (dd.mm.yyyy, mm/dd/yyyy, dd-mm-yyyy)
        // d{1,2} [sep] Mon [sep] yyyy (07-Sep-1995, 7Sep1995)
        let next = *b.get(run.end)?;
        let (sep, mid_at) = if is_sep(next) || next == b' ' {
            (Some(next), run.end + 1)
        } else {
            (None, run.end)
        };
        let (mid, mid_end, named) = match month_or_number(b, mid_at)? {
            Field::Number(n, end) => (n, end, false),
            Field::Name(m, end) => (m, end, true),
        };
        // Numbers need a real separator; a space only goes with a month name.
        if !named && !sep.is_some_and(is_sep) {
            return None;
        }
        let year_at = match sep {
            Some(s) if b.get(mid_end) == Some(&s) => mid_end + 1,
            None if named => mid_end,
            _ => return None,
        };
        let year_run = digit_run(b, year_at, 4)?;
        if year_run.len() != 4 {
            return None;
        }
        let end = year_run.end;
        let year = num(year_run)?;
        let ok = if named {
            valid(year, mid, first)
        } else {
            valid(year, mid, first) || valid(year, first, mid)
        };
        return (ok && date_ends(b, end, sep.unwrap_or(b'-'))).then_some(run.start..end);
    }
    None
}

/// `Sep-07-1995`, `Sep 7, 1995`: a month name, the day run `run`, then the year.
fn month_first(b: &[u8], run: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    // The month name ends right before the day, or one separator before it.
    let mut name_end = run.start;
    if name_end > 0 && b.get(name_end - 1).is_some_and(|&c| is_sep(c) || c == b' ') {
        name_end -= 1;
    }
    let letters = b
        .get(..name_end)?
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let name_start = name_end - letters;
    let month = month_name(b.get(name_start..name_end)?)?;
    if name_start > 0 && b.get(name_start - 1).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    let mut at = run.end;
    if b.get(at)
        .is_some_and(|&c| is_sep(c) || c == b' ' || c == b',')
    {
        at += 1;
        if b.get(at - 1) == Some(&b',') && b.get(at) == Some(&b' ') {
            at += 1;
        }
    }
    let year_run = digit_run(b, at, 4)?;
    if year_run.len() != 4 {
        return None;
    }
    let day = b
        .get(run.clone())?
        .iter()
        .fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'));
    let year = b
        .get(year_run.clone())?
        .iter()
        .fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'));
    let end = year_run.end;
    (valid(year, month, day) && date_ends(b, end, b'-')).then_some(name_start..end)
}

/// A named month, or a one- or two-digit number, at `at`.
enum Field {
    Number(u32, usize),
    Name(u32, usize),
}

fn month_or_number(b: &[u8], at: usize) -> Option<Field> {
    if let Some(r) = digit_run(b, at, 2) {
        let n = b
            .get(r.clone())?
            .iter()
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'));
        return Some(Field::Number(n, r.end));
    }
    let len = b
        .get(at..)?
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let word = b.get(at..at + len)?;
    month_name(word).map(|m| Field::Name(m, at + len))
}

/// A run of one to `max` digits starting exactly at `at` and not continuing past it.
fn digit_run(b: &[u8], at: usize, max: usize) -> Option<std::ops::Range<usize>> {
    let len = b
        .get(at..)?
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    (1..=max).contains(&len).then_some(at..at + len)
}

/// English month names and their common abbreviations, case-insensitive.
fn month_name(word: &[u8]) -> Option<u32> {
    if !(3..=9).contains(&word.len()) {
        return None;
    }
    let mut lower = [0u8; 9];
    for (d, s) in lower.iter_mut().zip(word) {
        *d = s.to_ascii_lowercase();
    }
    let w = lower.get(..word.len())?;
    const MONTHS: [&[u8]; 12] = [
        b"january",
        b"february",
        b"march",
        b"april",
        b"may",
        b"june",
        b"july",
        b"august",
        b"september",
        b"october",
        b"november",
        b"december",
    ];
    MONTHS.iter().zip(1u32..).find_map(|(name, m)| {
        let abbreviation = w.len() == 3 || (w == b"sept");
        (w == *name || (abbreviation && name.starts_with(w))).then_some(m)
    })
}

fn is_sep(b: u8) -> bool {
    matches!(b, b'-' | b'.' | b'/' | b'_')
}

/// Valid calendar date within the birth-year window.
fn valid(year: u32, month: u32, day: u32) -> bool {
    if !YEARS.contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return false;
    }
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    day <= days
}

/// An eight-digit run stands alone: letters only (a name) or a separator before
/// it, and no letter or digit after it.
fn compact_context(b: &[u8], run: std::ops::Range<usize>) -> bool {
    if b.get(run.end).is_some_and(u8::is_ascii_alphanumeric) {
        return false;
    }
    // Letters directly before: the whole alphanumeric run must be letters + date.
    let mut i = run.start;
    while i > 0 && b.get(i - 1).is_some_and(u8::is_ascii_alphanumeric) {
        i -= 1;
        if b.get(i).is_some_and(u8::is_ascii_digit) {
            return false;
        }
    }
    // A mixed-case letter prefix is a random token, not a name.
    let prefix = b.get(i..run.start).unwrap_or(&[]);
    let mixed =
        prefix.iter().any(u8::is_ascii_lowercase) && prefix.iter().any(u8::is_ascii_uppercase);
    !(mixed && prefix.len() >= 8)
}

/// A separated date must not continue a longer chain of numbers (`1.12.1990`
/// inside `3.1.12.1990`, a phone's `555-12-1990`) or sit inside an alphanumeric blob.
fn separated_context_before(b: &[u8], start: usize) -> bool {
    let Some(&before) = start.checked_sub(1).and_then(|i| b.get(i)) else {
        return true;
    };
    if before.is_ascii_digit() {
        return false;
    }
    if is_sep(before) {
        let prior = start.checked_sub(2).and_then(|i| b.get(i));
        return !prior.is_some_and(u8::is_ascii_digit);
    }
    if before.is_ascii_alphabetic() {
        // `user1995-09-07` is fine; `ab3f1995-...` (hex) is not.
        let mut i = start;
        while i > 0 && b.get(i - 1).is_some_and(u8::is_ascii_alphanumeric) {
            i -= 1;
            if b.get(i).is_some_and(u8::is_ascii_digit) {
                return false;
            }
        }
    }
    true
}

/// The date ends at `end`: no more digits or letters, no further `sep`-joined
/// number, and no time of day after it.
fn date_ends(b: &[u8], end: usize, sep: u8) -> bool {
    match b.get(end) {
        None => true,
        Some(c) if c.is_ascii_alphanumeric() => false,
        Some(&c) => {
            let chained = c == sep && b.get(end + 1).is_some_and(u8::is_ascii_digit);
            !chained && !followed_by_time(b, end)
        }
    }
}

/// `T10:47:37`, `T174728`, ` 10:47`, `_10h47`, `-174728`: a time of day at `at`.
fn followed_by_time(b: &[u8], at: usize) -> bool {
    let Some(&first) = b.get(at) else {
        return false;
    };
    if !matches!(first, b'T' | b't' | b' ' | b'_' | b'-' | b'.' | b'@') {
        return false;
    }
    let start = at + 1;
    let digits = b
        .get(start..)
        .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
    let after = b.get(start + digits).copied();
    match digits {
        // hh:mm or hhhmm
        1 | 2 => {
            matches!(after, Some(b':' | b'h' | b'H'))
                && b.get(start + digits + 1).is_some_and(u8::is_ascii_digit)
        }
        // hhmm or hhmmss directly after a `T`
        4 | 6 if matches!(first, b'T' | b't') => true,
        // hhmmss after another separator, when it is a valid time
        6 => {
            let n = |i: usize| {
                b.get(start + i)
                    .map_or(99, |d| u32::from(d.wrapping_sub(b'0')))
            };
            let (h, m, s) = (n(0) * 10 + n(1), n(2) * 10 + n(3), n(4) * 10 + n(5));
            h < 24 && m < 60 && s < 61 && !after.is_some_and(|c| c.is_ascii_alphanumeric())
        }
        _ => false,
    }
}

/// The eight digits are the first group of a UUID (`19650803-ab12-...`).
fn uuid_group(b: &[u8], run: std::ops::Range<usize>) -> bool {
    const GROUPS: [usize; 5] = [8, 4, 4, 4, 12];
    let mut at = run.start;
    for (i, &n) in GROUPS.iter().enumerate() {
        let Some(group) = b.get(at..at + n) else {
            return false;
        };
        if !group.iter().all(u8::is_ascii_hexdigit) {
            return false;
        }
        at += n;
        if i < GROUPS.len() - 1 {
            if b.get(at) != Some(&b'-') {
                return false;
            }
            at += 1;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Scan;

    fn fires(id: &str) -> bool {
        let scan = Scan::new(id, id.len(), 256);
        let mut hits = Hits::default();
        detect(&scan, &mut hits);
        !hits.hits.is_empty()
    }

    #[test]
    fn calendar() {
        assert!(valid(2000, 2, 29));
        assert!(!valid(1900, 2, 29));
        assert!(valid(1996, 2, 29));
        assert!(!valid(1995, 2, 29));
        assert!(!valid(1995, 4, 31));
        assert!(!valid(2016, 1, 1));
        assert!(!valid(1899, 12, 31));
        assert_eq!(month_name(b"Sep"), Some(9));
        assert_eq!(month_name(b"sept"), Some(9));
        assert_eq!(month_name(b"DECEMBER"), Some(12));
        assert_eq!(month_name(b"mayo"), None);
    }

    #[test]
    fn formats() {
        for id in [
            "user_1995-09-07",
            "19410615",
            "matthew.duffy19790818",
            "12/11/1975",
            "user_16.11.1975",
            "adrian_1965-07-09",
            "1953/08/01",
            "1953.08.01",
            "07-Sep-1995",
            "7 September 1995",
            "Sep-07-1995",
            "born_Sep 7, 1995",
            "1995-Sep-07",
            "dob_7Sep1995",
            "31-12-1999",
            "2000-02-29",
            "07091995",
        ] {
            assert!(fires(id), "{id}");
        }
    }

    #[test]
    fn not_dates() {
        for id in [
            "2024-10-06T10:47:37Z",
            "1995-10-06T10:47:37Z",
            "guest_19950109T174728",
            "19950624150621",
            "1999-12-31 23:59",
            "1999-02-30",
            "anon_19400410935b8a386883ef5d746c3175",
            "ab19650803cd",
            "19650803-ab12-4c3d-8e9f-0123456789ab",
            "1257062508680620571",
            "62e929d304914075dfcf7cd8",
            "3.1.12.1990",
            "+1-555-12-1990",
            "4 12 1990",
            "user_12345",
            "2016-01-01",
        ] {
            assert!(!fires(id), "{id}");
        }
    }
}

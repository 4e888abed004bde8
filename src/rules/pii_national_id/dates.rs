//! Calendar checks for the birth dates that many national ids embed.

/// Whether `year` is a Gregorian leap year.
fn is_leap(year: u32) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

/// The latest plausible birth year, for schemes whose own century rules would
/// otherwise let timestamps and random digits pass as far-future birth dates.
/// (Schemes such as the Romanian CNP are validated without it, because their
/// check-digit tools accept future dates too.)
pub(super) const LATEST_BIRTH_YEAR: u32 = 2039;

/// Whether `year-month-day` is a real calendar date between 1800 and 2099.
pub(super) fn valid(year: u32, month: u32, day: u32) -> bool {
    if !(1800..=2099).contains(&year) {
        return false;
    }
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Whether a two-digit year with this month and day is a real date in the 1900s
/// or the 2000s (only 29 February depends on the century).
pub(super) fn valid_two_digit_year(yy: u32, month: u32, day: u32) -> bool {
    valid(1900 + yy, month, day) || valid(2000 + yy, month, day)
}

/// The number spelled by the ASCII digits `chars[from..to]`, or `None`.
pub(super) fn number(chars: &[u8], from: usize, to: usize) -> Option<u32> {
    let digits = chars.get(from..to)?;
    if digits.is_empty() {
        return None;
    }
    digits.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit()
            .then(|| acc.saturating_mul(10).saturating_add(u32::from(b - b'0')))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_rules() {
        assert!(valid(2000, 2, 29));
        assert!(!valid(1900, 2, 29));
        assert!(valid(2024, 2, 29));
        assert!(!valid(2023, 2, 29));
        assert!(!valid(2023, 4, 31));
        assert!(!valid(2023, 13, 1));
        assert!(!valid(2023, 1, 0));
        assert!(!valid(1799, 1, 1));
        assert!(!valid(2100, 1, 1));
        assert!(valid_two_digit_year(0, 2, 29));
        assert!(!valid_two_digit_year(1, 2, 29));
    }

    #[test]
    fn number_parses_digit_slices_only() {
        assert_eq!(number(b"123456", 2, 4), Some(34));
        assert_eq!(number(b"12a456", 2, 4), None);
        assert_eq!(number(b"12", 1, 4), None);
        assert_eq!(number(b"12", 1, 1), None);
    }
}

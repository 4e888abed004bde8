//! Check-digit algorithms shared by the PII rules.
//!
//! Every function takes ASCII bytes and returns `false` (or `None`) for any byte
//! outside its alphabet instead of panicking, so callers can hand over raw slices
//! of an id without validating them first.

/// Luhn (mod 10) over ASCII digits; `false` for any non-digit.
pub(crate) fn luhn(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, &b) in digits.iter().rev().enumerate() {
        if !b.is_ascii_digit() {
            return false;
        }
        let mut d = u32::from(b - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// The value of an ISO 7064 alphanumeric character: `0`-`9` are 0-9 and letters
/// (either case) are 10-35.
fn alnum_value(b: u8) -> Option<u32> {
    match b {
        b'0'..=b'9' => Some(u32::from(b - b'0')),
        b'A'..=b'Z' => Some(u32::from(b - b'A') + 10),
        b'a'..=b'z' => Some(u32::from(b - b'a') + 10),
        _ => None,
    }
}

/// ISO 7064 MOD 97-10 remainder of the number spelled by `chars`, where letters
/// count as two-digit numbers 10-35 (as in IBANs). `None` for other bytes.
///
/// A string is valid under MOD 97-10 when the remainder is 1 (IBAN); schemes
/// such as the French NIR and Belgian national number use `97 - remainder` as
/// their key instead.
pub(crate) fn mod97(chars: impl IntoIterator<Item = u8>) -> Option<u32> {
    // The number is built in a u64 and reduced only when another two digits
    // could overflow it; reducing later gives the same remainder.
    let mut acc = 0u64;
    for b in chars {
        let v = u64::from(alnum_value(b)?);
        acc = if v < 10 { acc * 10 + v } else { acc * 100 + v };
        if acc >= 1 << 56 {
            acc %= 97;
        }
    }
    Some((acc % 97) as u32)
}

/// Verhoeff dihedral-group check over ASCII digits (used by Aadhaar).
pub(crate) fn verhoeff(digits: &[u8]) -> bool {
    const D: [[u8; 10]; 10] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ];
    const P: [[u8; 10]; 8] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
        [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
        [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ];
    let mut c = 0u8;
    for (i, &b) in digits.iter().rev().enumerate() {
        if !b.is_ascii_digit() {
            return false;
        }
        let p = P[i % 8][usize::from(b - b'0')];
        c = D[usize::from(c)][usize::from(p)];
    }
    !digits.is_empty() && c == 0
}

/// ISO 7064 MOD 11,10 (hybrid) check over ASCII digits, the last being the check
/// digit (German tax id, Croatian OIB).
pub(crate) fn iso7064_mod11_10(digits: &[u8]) -> bool {
    // Running form of the hybrid system: the state after each digit is
    // `((state or 10) * 2 mod 11 + digit) mod 10`, and a valid string ends in 1.
    let mut state = 5u32;
    for &b in digits {
        let Some(d) = digit(b) else {
            return false;
        };
        let carried = if state == 0 { 10 } else { state };
        state = (carried * 2 % 11 + d) % 10;
    }
    !digits.is_empty() && state == 1
}

/// ISO 7064 MOD 11-2 check over ASCII digits whose last character may be `X`
/// (meaning 10), as in the Chinese resident identity number.
pub(crate) fn iso7064_mod11_2(chars: &[u8]) -> bool {
    let Some((&check, body)) = chars.split_last() else {
        return false;
    };
    let mut sum = 0u32;
    for &b in body {
        if !b.is_ascii_digit() {
            return false;
        }
        sum = (sum + u32::from(b - b'0')) * 2 % 11;
    }
    let expected = (12 - sum % 11) % 11;
    match check {
        b'0'..=b'9' => expected == u32::from(check - b'0'),
        b'X' | b'x' => expected == 10,
        _ => false,
    }
}

/// The value of an ASCII digit, or `None`.
pub(crate) fn digit(b: u8) -> Option<u32> {
    b.is_ascii_digit().then(|| u32::from(b - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_accepts_valid_and_rejects_altered_numbers() {
        assert!(luhn(b"4111111111111111"));
        assert!(luhn(b"79927398713"));
        assert!(!luhn(b"4111111111111112"));
        assert!(!luhn(b"4111a11111111111"));
        assert!(!luhn(b""));
    }

    #[test]
    fn mod97_matches_the_iso_13616_examples() {
        // ISO 13616-1 / SWIFT registry examples, rearranged (BBAN + country + check).
        let rearranged = |iban: &str| {
            let (head, tail) = iban.split_at(4);
            format!("{tail}{head}")
        };
        assert_eq!(mod97(rearranged("GB82WEST12345698765432").bytes()), Some(1));
        assert_eq!(mod97(rearranged("DE89370400440532013000").bytes()), Some(1));
        assert_eq!(mod97(rearranged("de89370400440532013000").bytes()), Some(1));
        assert_ne!(mod97(rearranged("DE89370400440532013001").bytes()), Some(1));
        assert_eq!(mod97(*b"12-3"), None);
        // Long inputs are reduced on the way without changing the remainder.
        let long = "9".repeat(100);
        let expected = long
            .bytes()
            .fold(0u32, |r, b| (r * 10 + u32::from(b - b'0')) % 97);
        assert_eq!(mod97(long.bytes()), Some(expected));
        let letters = "Z9".repeat(40);
        let expected = letters.bytes().fold(0u32, |r, b| match b {
            b'Z' => (r * 100 + 35) % 97,
            _ => (r * 10 + 9) % 97,
        });
        assert_eq!(mod97(letters.bytes()), Some(expected));
        // French NIR key: 97 - (13 digits mod 97).
        assert_eq!(mod97(*b"1850578006084").map(|r| 97 - r), Some(91));
        assert_eq!(mod97(*b"2951099126111").map(|r| 97 - r), Some(93));
    }

    #[test]
    fn verhoeff_matches_published_values() {
        // Wikipedia's worked example: 236 has check digit 3.
        assert!(verhoeff(b"2363"));
        assert!(!verhoeff(b"2364"));
        assert!(verhoeff(b"123451"));
        assert!(verhoeff(b"758722"));
        assert!(verhoeff(b"123456784"));
        assert!(verhoeff(b"987654321012"));
        assert!(!verhoeff(b"987654321013"));
        assert!(!verhoeff(b"123456748"));
        assert!(!verhoeff(b"12a451"));
        assert!(!verhoeff(b""));
    }

    #[test]
    fn iso7064_mod11_10_matches_published_values() {
        // ISO 7064 annex example, the BZSt sample Steuer-IdNr and a Croatian OIB.
        assert!(iso7064_mod11_10(b"794623"));
        assert!(iso7064_mod11_10(b"86095742719"));
        assert!(iso7064_mod11_10(b"33392005961"));
        assert!(!iso7064_mod11_10(b"86095742718"));
        assert!(!iso7064_mod11_10(b""));
    }

    #[test]
    fn iso7064_mod11_2_matches_published_values() {
        // ISO 7064 annex example (079 -> X) and a GB 11643-1999 sample.
        assert!(iso7064_mod11_2(b"079X"));
        assert!(iso7064_mod11_2(b"079x"));
        assert!(!iso7064_mod11_2(b"0794"));
        assert!(iso7064_mod11_2(b"360426199101010071"));
        assert!(!iso7064_mod11_2(b"360426199101010072"));
        assert!(!iso7064_mod11_2(b""));
    }

    #[test]
    fn digit_reads_ascii_digits_only() {
        assert_eq!(digit(b'7'), Some(7));
        assert_eq!(digit(b'x'), None);
    }
}

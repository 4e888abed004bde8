//! One validator per national identification scheme.
//!
//! Each takes the candidate's characters without separators, upper-cased, plus
//! the shape it was written in, and applies the scheme's published structure:
//! length, character classes, embedded birth date, region codes and check
//! digits. The algorithms are those published by the issuing authorities (and
//! implemented alike by python-stdnum); the unit tests use published sample
//! numbers.

use super::dates::{self, number};
use crate::rules::checksum::{self, digit, iso7064_mod11_10, luhn, verhoeff};

/// A candidate national id.
pub(super) struct Id<'a> {
    /// Letters and digits without separators, upper-cased.
    pub(super) chars: &'a [u8],
    /// How it was written, as produced by `groups::shape` (`3-2-4`, or one
    /// length character when written without separators).
    pub(super) shape: &'a [u8],
    /// Whether the original had any lower-case letter.
    pub(super) has_lower: bool,
    /// The value of each character when all are digits, else empty: parsed
    /// once for the many schemes a window of digits is tried against.
    pub(super) values: &'a [u32],
}

impl Id<'_> {
    /// The candidate as exactly `N` digits.
    fn digits<const N: usize>(&self) -> Option<&[u32; N]> {
        self.values
            .first_chunk::<N>()
            .filter(|_| self.values.len() == N)
    }
}

/// The values of `chars` written into `out` when all of them are ASCII
/// digits and fit, else nothing.
pub(super) fn digit_values<'b>(chars: &[u8], out: &'b mut [u32]) -> &'b [u32] {
    let Some(values) = out.get_mut(..chars.len()) else {
        return &[];
    };
    for (v, &b) in values.iter_mut().zip(chars) {
        match digit(b) {
            Some(d) => *v = d,
            None => return &[],
        }
    }
    values
}

/// The candidate as exactly `N` digits.
fn digits<const N: usize>(chars: &[u8]) -> Option<[u32; N]> {
    if chars.len() != N {
        return None;
    }
    let mut out = [0u32; N];
    for (slot, &b) in out.iter_mut().zip(chars) {
        *slot = digit(b)?;
    }
    Some(out)
}

/// `sum(d * w)` over the shorter of the two.
fn dot(d: &[u32], w: &[u32]) -> u32 {
    d.iter().zip(w).map(|(a, b)| a * b).sum()
}

fn all_same(d: &[u32]) -> bool {
    d.windows(2).all(|w| w[0] == w[1])
}

fn letter(b: u8) -> bool {
    b.is_ascii_uppercase()
}

/// United States Social Security number: area not 000, 666 or 9xx, group not
/// 00, serial not 0000 (SSA rules), minus numbers the SSA voided after they
/// were printed in advertising, and the never-issued 123-45-6789.
pub(super) fn us_ssn(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<9>() else {
        return false;
    };
    let area = d[0] * 100 + d[1] * 10 + d[2];
    let group = d[3] * 10 + d[4];
    let serial = d[5] * 1000 + d[6] * 100 + d[7] * 10 + d[8];
    let voided: [&[u8]; 4] = [b"078051120", b"457555462", b"219099999", b"123456789"];
    area != 0
        && area != 666
        && area < 900
        && group != 0
        && serial != 0
        && !all_same(d)
        && !voided.contains(&id.chars)
}

/// Dutch burgerservicenummer: 9 digits passing the "11-proef".
pub(super) fn nl_bsn(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<9>() else {
        return false;
    };
    let sum = dot(d, &[9, 8, 7, 6, 5, 4, 3, 2]);
    !all_same(d) && sum % 11 == d[8]
}

/// Canadian Social Insurance Number: 9 digits, Luhn, not starting with 0 or 8.
pub(super) fn ca_sin(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<9>() else {
        return false;
    };
    d[0] != 0 && d[0] != 8 && !all_same(d) && luhn(id.chars)
}

/// Israeli identity number (Teudat Zehut): 9 digits, Luhn.
pub(super) fn il_id(id: &Id<'_>) -> bool {
    id.digits::<9>().is_some_and(|d| !all_same(d)) && luhn(id.chars)
}

/// Portuguese NIF of a person (first digit 1-3, or 45 for non-residents): mod 11.
pub(super) fn pt_nif(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<9>() else {
        return false;
    };
    let personal = matches!(d[0], 1..=3) || (d[0] == 4 && d[1] == 5);
    let check = match 11 - dot(d, &[9, 8, 7, 6, 5, 4, 3, 2]) % 11 {
        10 | 11 => 0,
        c => c,
    };
    personal && check == d[8]
}

/// Portuguese Cartão de Cidadão number: 9 digits, two version letters and a
/// check digit computed over all of it (Luhn over base-36 values).
pub(super) fn pt_cc(id: &Id<'_>) -> bool {
    let c = id.chars;
    if c.len() != 12
        || !c.iter().take(9).all(u8::is_ascii_digit)
        || !c.get(11).is_some_and(u8::is_ascii_digit)
    {
        return false;
    }
    let version = c.get(9..11).unwrap_or_default();
    if !version.iter().all(u8::is_ascii_alphanumeric) || !version.iter().any(|&b| letter(b)) {
        return false;
    }
    let value = |b: u8| match b {
        b'0'..=b'9' => u32::from(b - b'0'),
        _ => u32::from(b - b'A') + 10,
    };
    let mut sum = 0;
    for (i, &b) in c.iter().rev().enumerate() {
        let v = value(b);
        sum += if i % 2 == 1 {
            let doubled = v * 2;
            if doubled > 9 { doubled - 9 } else { doubled }
        } else {
            v
        };
    }
    sum % 10 == 0
}

const DNI_LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";

/// Spanish DNI: 8 digits and a mod-23 check letter.
pub(super) fn es_dni(id: &Id<'_>) -> bool {
    let c = id.chars;
    let (Some(n), Some(&check)) = (number(c, 0, 8), c.get(8)) else {
        return false;
    };
    c.len() == 9 && DNI_LETTERS.get((n % 23) as usize) == Some(&check)
}

/// Spanish NIE (foreigners): X, Y or Z, 7 digits and the DNI check letter.
pub(super) fn es_nie(id: &Id<'_>) -> bool {
    let c = id.chars;
    let lead = match c.first() {
        Some(b'X') => 0,
        Some(b'Y') => 1,
        Some(b'Z') => 2,
        _ => return false,
    };
    let (Some(n), Some(&check)) = (number(c, 1, 8), c.get(8)) else {
        return false;
    };
    c.len() == 9 && DNI_LETTERS.get(((lead * 10_000_000 + n) % 23) as usize) == Some(&check)
}

/// UK National Insurance number: two prefix letters allowed by HMRC, 6 digits
/// and a suffix A-D.
pub(super) fn gb_nino(id: &Id<'_>) -> bool {
    let c = id.chars;
    let [a, b, rest @ .., suffix] = c else {
        return false;
    };
    c.len() == 9
        && letter(*a)
        && letter(*b)
        && !b"DFIQUV".contains(a)
        && !b"DFIOQUV".contains(b)
        && ![b"BG", b"GB", b"KN", b"NK", b"NT", b"TN", b"ZZ"].contains(&&[*a, *b])
        && rest.iter().all(u8::is_ascii_digit)
        && (b'A'..=b'D').contains(suffix)
}

/// Irish PPS number: 7 digits, a mod-23 check letter and an optional second
/// letter (A, B, H since 2013; W, T, X in older numbers).
pub(super) fn ie_pps(id: &Id<'_>) -> bool {
    const ALPHABET: &[u8; 23] = b"WABCDEFGHIJKLMNOPQRSTUV";
    let c = id.chars;
    if !(c.len() == 8 || c.len() == 9) || id.has_lower {
        return false;
    }
    let Some(d) = c.get(..7).and_then(digits::<7>) else {
        return false;
    };
    let mut sum = dot(&d, &[8, 7, 6, 5, 4, 3, 2]);
    match c.get(8) {
        None => {}
        Some(&second @ (b'A' | b'B' | b'H')) => {
            let index = ALPHABET.iter().position(|&x| x == second).unwrap_or(0) as u32;
            sum += 9 * index;
        }
        Some(b'W' | b'T' | b'X') => {}
        Some(_) => return false,
    }
    c.get(7) == ALPHABET.get((sum % 23) as usize)
}

/// Value of a digit in an Italian codice fiscale, including the letters that
/// replace digits in "omocodia" codes.
fn cf_digit(b: u8) -> Option<u32> {
    digit(b).or_else(|| b"LMNPQRSTUV".iter().position(|&x| x == b).map(|p| p as u32))
}

/// Italian codice fiscale of a person: 6 name letters, birth year, month
/// letter, day (+40 for women), place code and a check letter.
pub(super) fn it_codice_fiscale(id: &Id<'_>) -> bool {
    const ODD: [u32; 26] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23,
    ];
    const MONTHS: &[u8; 12] = b"ABCDEHLMPRST";
    let c = id.chars;
    if c.len() != 16 {
        return false;
    }
    let letters_at = [0, 1, 2, 3, 4, 5, 11, 15];
    let digits_at = [6, 7, 9, 10, 12, 13, 14];
    if !letters_at
        .iter()
        .all(|&i| c.get(i).is_some_and(|&b| letter(b)))
        || !digits_at
            .iter()
            .all(|&i| c.get(i).and_then(|&b| cf_digit(b)).is_some())
    {
        return false;
    }
    let value = |i: usize| c.get(i).and_then(|&b| cf_digit(b)).unwrap_or(0);
    let Some(month) = c.get(8).and_then(|&b| MONTHS.iter().position(|&m| m == b)) else {
        return false;
    };
    let year = value(6) * 10 + value(7);
    let day = (value(9) * 10 + value(10)) % 40;
    if !dates::valid_two_digit_year(year, month as u32 + 1, day) {
        return false;
    }
    let mut sum = 0;
    for (i, &b) in c.iter().take(15).enumerate() {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            _ => u32::from(b - b'A'),
        };
        sum += if i % 2 == 0 {
            ODD.get(v as usize).copied().unwrap_or(0)
        } else {
            v
        };
    }
    c.get(15) == Some(&(b'A' + (sum % 26) as u8))
}

/// French NIR (numéro de sécurité sociale): sex, year, month, department
/// (2A/2B for Corsica), commune, order number and a key `97 - n mod 97`.
pub(super) fn fr_nir(id: &Id<'_>) -> bool {
    let c = id.chars;
    if c.len() != 15 || !matches!(c.first(), Some(b'1' | b'2' | b'3' | b'4' | b'7' | b'8')) {
        return false;
    }
    let department: [u8; 2] = match c.get(5..7) {
        Some(b"2A") => *b"19",
        Some(b"2B") => *b"18",
        Some(&[a, b]) if a.is_ascii_digit() && b.is_ascii_digit() => [a, b],
        _ => return false,
    };
    let Some(month) = number(c, 3, 5) else {
        return false;
    };
    if !(matches!(month, 1..=12 | 20 | 30..=42) || month >= 50) {
        return false;
    }
    let body = c
        .iter()
        .take(5)
        .chain(&department)
        .chain(c.get(7..13).unwrap_or_default())
        .copied();
    let (Some(rem), Some(key)) = (checksum::mod97(body), number(c, 13, 15)) else {
        return false;
    };
    97 - rem == key
}

/// German Steuerliche Identifikationsnummer: 11 digits, no leading zero, exactly
/// one digit repeated (twice or three times) in the first ten, ISO 7064 MOD 11,10.
pub(super) fn de_idnr(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<11>() else {
        return false;
    };
    let mut counts = [0u8; 10];
    for &x in d.iter().take(10) {
        if let Some(n) = counts.get_mut(x as usize) {
            *n += 1;
        }
    }
    let mut repeated = counts.iter().filter(|&&n| n > 1);
    let one_repeated = matches!((repeated.next(), repeated.next()), (Some(2 | 3), None));
    d[0] != 0 && one_repeated && iso7064_mod11_10(id.chars)
}

/// Brazilian CPF: 11 digits with two mod-11 check digits.
pub(super) fn br_cpf(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<11>() else {
        return false;
    };
    let d1 = (11 - dot(d, &[10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11) % 11 % 10;
    let d2 = (11 - (dot(d, &[11, 10, 9, 8, 7, 6, 5, 4, 3]) + 2 * d1) % 11) % 11 % 10;
    !all_same(d) && d[9] == d1 && d[10] == d2
}

/// Brazilian CNPJ (companies, often sole traders): 14 digits, two mod-11 digits.
pub(super) fn br_cnpj(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<14>() else {
        return false;
    };
    let check = |sum: u32| match sum % 11 {
        0 | 1 => 0,
        r => 11 - r,
    };
    let d1 = check(dot(d, &[5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]));
    let d2 = check(dot(d, &[6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]));
    !all_same(d) && d[12] == d1 && d[13] == d2
}

/// Indian Aadhaar: 12 digits, first 2-9, not a palindrome, Verhoeff check.
pub(super) fn in_aadhaar(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<12>() else {
        return false;
    };
    let palindrome = id.chars.iter().eq(id.chars.iter().rev());
    d[0] >= 2 && !palindrome && verhoeff(id.chars)
}

/// Polish PESEL: birth date with the century in the month, weighted check digit.
pub(super) fn pl_pesel(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<11>() else {
        return false;
    };
    let check = (10 - dot(d, &[1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10) % 10;
    let month = d[2] * 10 + d[3];
    let century = match month / 20 {
        0 => 1900,
        1 => 2000,
        4 => 1800,
        _ => return false,
    };
    check == d[10] && dates::valid(century + d[0] * 10 + d[1], month % 20, d[4] * 10 + d[5])
}

/// Swedish personnummer or samordningsnummer (day + 60): `YYMMDD-NNNC` or
/// `YYYYMMDDNNNC`, Luhn over the last ten digits.
pub(super) fn se_personnummer(id: &Id<'_>) -> bool {
    let c = id.chars;
    let (date_ok, tail) = match c.len() {
        10 => {
            let (Some(y), Some(m), Some(d)) = (number(c, 0, 2), number(c, 2, 4), number(c, 4, 6))
            else {
                return false;
            };
            let d = if d > 60 { d - 60 } else { d };
            (dates::valid_two_digit_year(y, m, d), c)
        }
        12 => {
            let (Some(y), Some(m), Some(d)) = (number(c, 0, 4), number(c, 4, 6), number(c, 6, 8))
            else {
                return false;
            };
            let d = if d > 60 { d - 60 } else { d };
            let plausible = (1850..=2099).contains(&y);
            (
                plausible && dates::valid(y, m, d),
                c.get(2..).unwrap_or_default(),
            )
        }
        _ => return false,
    };
    date_ok && luhn(tail)
}

/// Finnish henkilötunnus: `DDMMYY`, a century sign (`+`, `-`, `A`-`F`, `U`-`Y`),
/// an individual number 002-899 and a mod-31 check character.
pub(super) fn fi_hetu(id: &Id<'_>) -> bool {
    const CHECK: &[u8; 31] = b"0123456789ABCDEFHJKLMNPRSTUVWXY";
    let c = id.chars;
    let (sign, rest) = match (c.len(), id.shape) {
        (11, _) => (c.get(6).copied(), [c.get(..6), c.get(7..)]),
        (10, [b'6', sign, b'4']) => (Some(*sign), [c.get(..6), c.get(6..)]),
        _ => return false,
    };
    let century = match sign {
        Some(b'+') => 1800,
        Some(b'-' | b'Y' | b'X' | b'W' | b'V' | b'U') => 1900,
        Some(b'A'..=b'F') => 2000,
        _ => return false,
    };
    let (Some(head), Some(tail)) = (rest[0], rest[1]) else {
        return false;
    };
    let (Some(day), Some(month), Some(year), Some(individual), Some(&check)) = (
        number(head, 0, 2),
        number(head, 2, 4),
        number(head, 4, 6),
        number(tail, 0, 3),
        tail.get(3),
    ) else {
        return false;
    };
    let serial = (day * 10_000 + month * 100 + year) * 1000 + individual;
    tail.len() == 4
        && (2..=899).contains(&individual)
        && dates::valid(century + year, month, day)
        && CHECK.get((serial % 31) as usize) == Some(&check)
}

/// Chinese resident identity card number: province code, birth date
/// `YYYYMMDD`, sequence and an ISO 7064 MOD 11-2 check (`X` for 10).
pub(super) fn cn_ric(id: &Id<'_>) -> bool {
    let c = id.chars;
    if c.len() != 18 || !c.iter().take(17).all(u8::is_ascii_digit) {
        return false;
    }
    let (Some(province), Some(y), Some(m), Some(d)) = (
        number(c, 0, 2),
        number(c, 6, 10),
        number(c, 10, 12),
        number(c, 12, 14),
    ) else {
        return false;
    };
    let province_ok = matches!(
        province,
        11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81..=83
    );
    province_ok
        && (1880..=dates::LATEST_BIRTH_YEAR).contains(&y)
        && dates::valid(y, m, d)
        && checksum::iso7064_mod11_2(c)
}

/// South Korean resident registration number: `YYMMDD`, a sex/century digit,
/// a place code up to 96 and a weighted check digit.
pub(super) fn kr_rrn(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<13>() else {
        return false;
    };
    let century = match d[6] {
        1 | 2 | 5 | 6 => 1900,
        3 | 4 | 7 | 8 => 2000,
        _ => 1800,
    };
    let check = (11 - dot(d, &[2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]) % 11) % 10;
    dates::valid(
        century + d[0] * 10 + d[1],
        d[2] * 10 + d[3],
        d[4] * 10 + d[5],
    ) && d[7] * 10 + d[8] <= 96
        && check == d[12]
}

/// Mexican CURP: name letters, birth date, sex, state, consonants and a check digit.
pub(super) fn mx_curp(id: &Id<'_>) -> bool {
    const STATES: [&[u8; 2]; 33] = [
        b"AS", b"BC", b"BS", b"CC", b"CH", b"CL", b"CM", b"CS", b"DF", b"DG", b"GR", b"GT", b"HG",
        b"JC", b"MC", b"MN", b"MS", b"NE", b"NL", b"NT", b"OC", b"PL", b"QR", b"QT", b"SL", b"SP",
        b"SR", b"TC", b"TL", b"TS", b"VZ", b"YN", b"ZS",
    ];
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ";
    let c = id.chars;
    if c.len() != 18
        || !c.iter().take(4).all(|&b| letter(b))
        || !c.iter().skip(10).take(6).all(|&b| letter(b))
        || !matches!(c.get(10), Some(b'H' | b'M' | b'X'))
    {
        return false;
    }
    let (Some(yy), Some(m), Some(d), Some(&kind), Some(check)) = (
        number(c, 4, 6),
        number(c, 6, 8),
        number(c, 8, 10),
        c.get(16),
        number(c, 17, 18),
    ) else {
        return false;
    };
    let state_ok = c
        .get(11..13)
        .is_some_and(|s| STATES.iter().any(|x| x.as_slice() == s));
    let century = if kind.is_ascii_digit() { 1900 } else { 2000 };
    let mut sum = 0;
    for (i, b) in c.iter().take(17).enumerate() {
        let Some(v) = ALPHABET.iter().position(|x| x == b) else {
            return false;
        };
        sum += v as u32 * (18 - i as u32);
    }
    state_ok && dates::valid(century + yy, m, d) && (10 - sum % 10) % 10 == check
}

/// Mexican RFC of a person: 4 name letters, birth date `YYMMDD` and a 3-character
/// homoclave. It has no reliable check digit, so lower-case text is not accepted.
pub(super) fn mx_rfc(id: &Id<'_>) -> bool {
    let c = id.chars;
    let (Some(y), Some(m), Some(d)) = (number(c, 4, 6), number(c, 6, 8), number(c, 8, 10)) else {
        return false;
    };
    c.len() == 13
        && !id.has_lower
        && c.iter().take(4).all(|&b| letter(b) || b == b'&')
        && c.iter().skip(10).all(u8::is_ascii_alphanumeric)
        && dates::valid_two_digit_year(y, m, d)
}

/// Danish CPR number: `DDMMYY-SSSS` with the century in the serial; no check
/// digit since 2007, so only the date is verified.
pub(super) fn dk_cpr(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<10>() else {
        return false;
    };
    let yy = d[4] * 10 + d[5];
    let century = match d[6] {
        5..=8 if yy >= 58 => 1800,
        0..=3 => 1900,
        4 | 9 if yy >= 37 => 1900,
        _ => 2000,
    };
    dates::valid(century + yy, d[2] * 10 + d[3], d[0] * 10 + d[1])
}

/// Norwegian fødselsnummer (and D/H-numbers): birth date and two mod-11 digits.
pub(super) fn no_fodselsnummer(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<11>() else {
        return false;
    };
    let k1 = (11 - dot(d, &[3, 7, 6, 1, 8, 9, 4, 5, 2]) % 11) % 11;
    let k2 = (11 - dot(d, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11) % 11;
    if k1 != d[9] || k2 != d[10] {
        return false;
    }
    let mut day = d[0] * 10 + d[1];
    let mut month = d[2] * 10 + d[3];
    let yy = d[4] * 10 + d[5];
    let individual = d[6] * 100 + d[7] * 10 + d[8];
    if day >= 80 {
        return false;
    }
    if day > 40 {
        day -= 40;
    }
    if month > 40 {
        month -= 40;
    }
    let century = match individual {
        0..=499 => 1900,
        500..=749 if yy >= 54 => 1800,
        500..=999 if yy < 40 => 2000,
        900..=999 => 1900,
        _ => return false,
    };
    dates::valid(century + yy, month, day)
}

/// Belgian national register number: `YYMMDD`, serial and a mod-97 key (with
/// a leading 2 for people born from 2000).
pub(super) fn be_nn(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<11>() else {
        return false;
    };
    let body = id.chars.get(..9).unwrap_or_default();
    let (Some(rem), Some(rem2000)) = (
        checksum::mod97(body.iter().copied()),
        checksum::mod97(b"2".iter().chain(body).copied()),
    ) else {
        return false;
    };
    let key = d[9] * 10 + d[10];
    let month = d[2] * 10 + d[3];
    let day = d[4] * 10 + d[5];
    (97 - rem == key || 97 - rem2000 == key)
        && matches!(month, 0..=12 | 20..=32 | 40..=52)
        && day <= 31
        && !all_same(d)
}

/// Swiss AHV/AVS number: `756` and an EAN-13 check digit.
pub(super) fn ch_ahv(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<13>() else {
        return false;
    };
    let sum = dot(d, &[1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1]);
    id.chars.starts_with(b"756") && sum.is_multiple_of(10)
}

/// Argentinian CUIT/CUIL: type prefix, DNI and a mod-11 check digit.
pub(super) fn ar_cuit(id: &Id<'_>) -> bool {
    const CHECK: [u32; 12] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 0];
    let Some(d) = id.digits::<11>() else {
        return false;
    };
    let kind = d[0] * 10 + d[1];
    let r = 11 - dot(d, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11;
    matches!(kind, 20 | 23 | 24 | 27 | 30 | 33 | 34 | 50 | 51 | 55)
        && CHECK.get(r as usize) == Some(&d[10])
}

/// Argentinian DNI: 7 or 8 digits, no check digit (only ever taken with context).
pub(super) fn ar_dni(id: &Id<'_>) -> bool {
    let c = id.chars;
    (c.len() == 7 || c.len() == 8) && c.iter().all(u8::is_ascii_digit) && c.first() != Some(&b'0')
}

/// Chilean RUT/RUN: 7-8 digits and a mod-11 check character (`K` for 10).
pub(super) fn cl_rut(id: &Id<'_>) -> bool {
    let c = id.chars;
    let Some((&check, body)) = c.split_last() else {
        return false;
    };
    if !(7..=8).contains(&body.len()) || !body.iter().all(u8::is_ascii_digit) || body[0] == b'0' {
        return false;
    }
    let sum: u32 = body
        .iter()
        .rev()
        .zip([2, 3, 4, 5, 6, 7].iter().cycle())
        .map(|(&b, &w)| u32::from(b - b'0') * w)
        .sum();
    let expected = match 11 - sum % 11 {
        11 => b'0',
        10 => b'K',
        n => b'0' + n as u8,
    };
    check == expected
}

/// Estonian isikukood and Lithuanian asmens kodas: sex/century digit, birth
/// date and a two-pass mod-11 check digit.
pub(super) fn ee_isikukood(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<11>() else {
        return false;
    };
    let century = match d[0] {
        1 | 2 => 1800,
        3 | 4 => 1900,
        5 | 6 => 2000,
        _ => return false,
    };
    let mut check = dot(d, &[1, 2, 3, 4, 5, 6, 7, 8, 9, 1]) % 11;
    if check == 10 {
        check = dot(d, &[3, 4, 5, 6, 7, 8, 9, 1, 2, 3]) % 11;
    }
    dates::valid(
        century + d[1] * 10 + d[2],
        d[3] * 10 + d[4],
        d[5] * 10 + d[6],
    ) && check % 10 == d[10]
}

/// Greek AMKA: `DDMMYY` birth date and a Luhn check digit.
pub(super) fn gr_amka(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<11>() else {
        return false;
    };
    dates::valid_two_digit_year(d[4] * 10 + d[5], d[2] * 10 + d[3], d[0] * 10 + d[1])
        && luhn(id.chars)
}

/// Turkish T.C. Kimlik No: 11 digits, no leading zero, two check digits.
pub(super) fn tr_kimlik(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<11>() else {
        return false;
    };
    let c1 = (10 - dot(d, &[3, 1, 3, 1, 3, 1, 3, 1, 3]) % 10) % 10;
    let c2 = (c1 + d.iter().take(9).sum::<u32>()) % 10;
    d[0] != 0 && c1 == d[9] && c2 == d[10]
}

/// Romanian CNP: sex/century digit, birth date, county code and a weighted check digit.
pub(super) fn ro_cnp(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<13>() else {
        return false;
    };
    let century = match d[0] {
        1 | 2 | 7 | 8 | 9 => 1900,
        3 | 4 => 1800,
        5 | 6 => 2000,
        _ => return false,
    };
    let county = d[7] * 10 + d[8];
    let check = match dot(d, &[2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11 {
        10 => 1,
        c => c,
    };
    dates::valid(
        century + d[1] * 10 + d[2],
        d[3] * 10 + d[4],
        d[5] * 10 + d[6],
    ) && matches!(county, 1..=48 | 51 | 52 | 70 | 80..=83)
        && check == d[12]
}

/// Bulgarian EGN: birth date with the century in the month, weighted check digit.
pub(super) fn bg_egn(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<10>() else {
        return false;
    };
    let (century, month) = match d[2] * 10 + d[3] {
        m @ 41..=52 => (2000, m - 40),
        m @ 21..=32 => (1800, m - 20),
        m => (1900, m),
    };
    let check = dot(d, &[2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11 % 10;
    dates::valid(century + d[0] * 10 + d[1], month, d[4] * 10 + d[5]) && check == d[9]
}

/// Czech and Slovak rodné číslo: `YYMMDD` (+50 on the month for women, +20 for
/// late registrations) and, for the 10-digit form, divisibility by 11. The
/// 9-digit form (births before 1954) has no check digit.
pub(super) fn cz_rodne_cislo(id: &Id<'_>) -> bool {
    let c = id.chars;
    let (Some(yy), Some(mm), Some(dd)) = (number(c, 0, 2), number(c, 2, 4), number(c, 4, 6)) else {
        return false;
    };
    if !matches!(mm, 1..=12 | 21..=32 | 51..=62 | 71..=82) {
        return false;
    }
    let month = mm % 50 % 20;
    match c.len() {
        // Without a check digit, only the native `YYMMDD/SSS` form is evidence.
        9 if id.shape == b"6/3" => {
            let year = if yy >= 80 { 1800 + yy } else { 1900 + yy };
            year <= 1953 && c.iter().all(u8::is_ascii_digit) && dates::valid(year, month, dd)
        }
        10 => {
            let (Some(body), Some(check)) = (number(c, 0, 9), number(c, 9, 10)) else {
                return false;
            };
            let year = if yy < 54 { 2000 + yy } else { 1900 + yy };
            dates::valid(year, month, dd) && body % 11 % 10 == check
        }
        _ => false,
    }
}

/// Austrian Sozialversicherungsnummer: serial, check digit, birth date `DDMMYY`.
pub(super) fn at_svnr(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<10>() else {
        return false;
    };
    let check = dot(d, &[3, 7, 9, 0, 5, 8, 4, 2, 1, 6]) % 11;
    d[0] != 0
        && check == d[3]
        && dates::valid_two_digit_year(d[8] * 10 + d[9], d[6] * 10 + d[7], d[4] * 10 + d[5])
}

/// JMBG / EMŠO (Slovenia, Serbia, Bosnia and Herzegovina, North Macedonia,
/// Montenegro): `DDMMYYY`, region, serial and a mod-11 check digit.
pub(super) fn yu_jmbg(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<13>() else {
        return false;
    };
    let yyy = d[4] * 100 + d[5] * 10 + d[6];
    let year = if yyy < 800 { 2000 + yyy } else { 1000 + yyy };
    if year > dates::LATEST_BIRTH_YEAR {
        return false;
    }
    let check = (11 - dot(d, &[7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11) % 11 % 10;
    dates::valid(year, d[2] * 10 + d[3], d[0] * 10 + d[1]) && check == d[12]
}

/// South African identity number: `YYMMDD`, sex, citizenship digit and Luhn.
pub(super) fn za_id(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<13>() else {
        return false;
    };
    dates::valid_two_digit_year(d[0] * 10 + d[1], d[2] * 10 + d[3], d[4] * 10 + d[5])
        && d[10] <= 2
        && luhn(id.chars)
}

/// Thai national identification number: 13 digits, first not 0 or 9, mod-11 check.
pub(super) fn th_pin(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<13>() else {
        return false;
    };
    let sum = dot(d, &[13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
    d[0] != 0 && d[0] != 9 && (11 - sum % 11) % 10 == d[12]
}

/// Ukrainian RNTRC (individual tax number): 10 digits, weighted mod-11 check.
pub(super) fn ua_rntrc(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<10>() else {
        return false;
    };
    // Weights (-1, 5, 7, 9, 4, 6, 10, 5, 7); -1 is written as +10 (mod 11).
    let sum = dot(d, &[10, 5, 7, 9, 4, 6, 10, 5, 7]);
    !all_same(d) && sum % 11 % 10 == d[9]
}

/// Croatian OIB: 11 digits, ISO 7064 MOD 11,10.
pub(super) fn hr_oib(id: &Id<'_>) -> bool {
    id.digits::<11>().is_some_and(|d| !all_same(d)) && iso7064_mod11_10(id.chars)
}

/// Taiwanese national identification number: region letter, sex digit
/// (1/2, or 8/9 for residents), 8 digits, weighted check.
pub(super) fn tw_id(id: &Id<'_>) -> bool {
    // Region letter values A..Z (I, O, W, X, Y, Z were added later, out of order).
    const REGION: [u8; 26] = [
        10, 11, 12, 13, 14, 15, 16, 17, 34, 18, 19, 20, 21, 22, 35, 23, 24, 25, 26, 27, 28, 29, 32,
        30, 31, 33,
    ];
    let c = id.chars;
    let Some(&first) = c.first() else {
        return false;
    };
    let Some(d) = c.get(1..).and_then(digits::<9>) else {
        return false;
    };
    if c.len() != 10 || !letter(first) || !matches!(d[0], 1 | 2 | 8 | 9) {
        return false;
    }
    let Some(&region) = REGION.get(usize::from(first - b'A')) else {
        return false;
    };
    let region = u32::from(region);
    let sum = region / 10 + region % 10 * 9 + dot(&d, &[8, 7, 6, 5, 4, 3, 2, 1, 1]);
    sum.is_multiple_of(10)
}

/// Singapore NRIC/FIN: S, T, F or G, 7 digits and a check letter.
pub(super) fn sg_nric(id: &Id<'_>) -> bool {
    let c = id.chars;
    let (Some(&prefix), Some(&check)) = (c.first(), c.get(8)) else {
        return false;
    };
    let Some(d) = c.get(1..8).and_then(digits::<7>) else {
        return false;
    };
    let sum = dot(&d, &[2, 7, 6, 5, 4, 3, 2]);
    let (offset, table): (u32, &[u8; 11]) = match prefix {
        b'S' => (0, b"JZIHGFEDCBA"),
        b'T' => (4, b"JZIHGFEDCBA"),
        b'F' => (0, b"XWUTRQPNMLK"),
        b'G' => (4, b"XWUTRQPNMLK"),
        _ => return false,
    };
    c.len() == 9 && table.get(((sum + offset) % 11) as usize) == Some(&check)
}

/// Latvian personas kods: `DDMMYY-CNNNN` with the century digit (or the
/// date-less `32…` form from 2017) and a weighted check digit.
pub(super) fn lv_personas_kods(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<11>() else {
        return false;
    };
    let year = 1800 + d[6] * 100 + d[4] * 10 + d[5];
    lv_check(d) && d[6] <= 2 && dates::valid(year, d[2] * 10 + d[3], d[0] * 10 + d[1])
}

/// Latvian personas kods issued since July 2017: `32` and no birth date.
pub(super) fn lv_personas_kods_2017(id: &Id<'_>) -> bool {
    id.digits::<11>()
        .is_some_and(|d| d[0] == 3 && d[1] == 2 && lv_check(d))
}

fn lv_check(d: &[u32; 11]) -> bool {
    (1 + dot(d, &[10, 5, 8, 4, 2, 1, 6, 3, 7, 9])) % 11 % 10 == d[10]
}

/// Malaysian MyKad number: `YYMMDD`, place-of-birth code and serial (no check digit).
pub(super) fn my_nric(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<12>() else {
        return false;
    };
    let place = d[6] * 10 + d[7];
    dates::valid_two_digit_year(d[0] * 10 + d[1], d[2] * 10 + d[3], d[4] * 10 + d[5])
        && !matches!(place, 0 | 17..=20 | 69 | 70 | 73 | 80 | 81 | 94..=97)
}

/// Icelandic kennitala of a person: `DDMMYY`, serial, check digit, century digit.
pub(super) fn is_kennitala(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<10>() else {
        return false;
    };
    let century = match d[9] {
        9 => 1900,
        0 => 2000,
        _ => return false,
    };
    dot(d, &[3, 2, 7, 6, 5, 4, 3, 2, 1]).is_multiple_of(11)
        && dates::valid(
            century + d[4] * 10 + d[5],
            d[2] * 10 + d[3],
            d[0] * 10 + d[1],
        )
}

/// Russian INN of a person: 12 digits with two weighted check digits.
pub(super) fn ru_inn(id: &Id<'_>) -> bool {
    let Some(d) = id.digits::<12>() else {
        return false;
    };
    let c1 = dot(d, &[7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10;
    let c2 = dot(d, &[3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10;
    !all_same(d) && c1 == d[10] && c2 == d[11]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `check` on `text` as the rule would see it: characters without
    /// separators, upper-cased, and the shape it is written in.
    fn ok(check: fn(&Id<'_>) -> bool, text: &str) -> bool {
        let chars: Vec<u8> = text
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_uppercase())
            .collect();
        let mut shape = [0u8; 32];
        let mut result = false;
        crate::rules::groups::for_each_window::<8>(text, |w, _| {
            if crate::rules::groups::span(w) == (0..text.len())
                && let Some(shape) = crate::rules::groups::shape(w, &mut shape)
            {
                let mut values = [0u32; 32];
                result = check(&Id {
                    chars: &chars,
                    shape,
                    has_lower: text.bytes().any(|b| b.is_ascii_lowercase()),
                    values: digit_values(&chars, &mut values),
                });
            }
            false
        });
        result
    }

    macro_rules! vectors {
        ($name:ident, $check:expr, valid: [$($good:expr),* $(,)?], invalid: [$($bad:expr),* $(,)?]) => {
            #[test]
            fn $name() {
                for (i, text) in [$($good),*].iter().enumerate() {
                    assert!(ok($check, text), "valid[{i}] {text:?} rejected");
                }
                for (i, text) in [$($bad),*].iter().enumerate() {
                    assert!(!ok($check, text), "invalid[{i}] {text:?} accepted");
                }
            }
        };
    }

    // Sample numbers published by the issuing authorities or in their
    // specifications (as collected in python-stdnum's documentation), each with
    // an altered copy that must fail.
    vectors!(us, us_ssn, valid: ["536-90-4399"], invalid: ["666-00-0000", "078-05-1120", "900-12-3456", "536-00-4399", "123-45-6789"]);
    vectors!(nl, nl_bsn, valid: ["111222333", "123456782"], invalid: ["111252333", "000000000"]);
    vectors!(ca, ca_sin, valid: ["123-456-782", "130 692 544"], invalid: ["046 454 286", "823456785", "999999999", "123456783"]);
    vectors!(il, il_id, valid: ["039337423"], invalid: ["039337422"]);
    vectors!(pt, pt_nif, valid: ["123456789", "232013969"], invalid: ["501964843", "123456788"]);
    vectors!(pt_card, pt_cc, valid: ["000000000ZZ4"], invalid: ["000000000ZZ3", "00000000A0ZZ4", "000000000004"]);
    vectors!(es, es_dni, valid: ["54362315K", "12345678Z"], invalid: ["54362315Z", "5436231K"]);
    vectors!(es_foreign, es_nie, valid: ["X2482300W", "Y1234567X"], invalid: ["X2482300A", "A2482300W"]);
    vectors!(gb, gb_nino, valid: ["AB123456C", "YW553540B"], invalid: ["QQ123456C", "GB123456A", "AB123456E", "DA123456A", "AO123456A"]);
    vectors!(ie, ie_pps, valid: ["6433435F", "6433435FT", "6433435FW", "6433435OA", "6433435IH"], invalid: ["6433435E", "6433435VH", "6433435f"]);
    vectors!(it, it_codice_fiscale, valid: ["RCCMNL83S18D969H", "CNTCHR83T41D969D", "MRTMTT25D09F205Z"], invalid: ["RCCMNL83S18D969A", "RCCMNL83Z18D969H", "RCCMNL83S38D969H"]);
    vectors!(fr, fr_nir, valid: ["295109912611193", "253072B07300470", "253072A07300443", "185057800608491"], invalid: ["185057800608436", "295109912611199", "253072C07300443", "985057800608436"]);
    vectors!(de, de_idnr, valid: ["36574261809", "86095742719"], invalid: ["36574261890", "36554266806", "06574261809"]);
    vectors!(br, br_cpf, valid: ["390.533.447-05", "231.002.999-81"], invalid: ["231.002.999-00", "390.533.447-06", "111.111.111-11"]);
    vectors!(br_company, br_cnpj, valid: ["16.727.230/0001-97", "11.222.333/0001-81"], invalid: ["16.727.230/0001-98", "00.000.000/0000-00"]);
    vectors!(india, in_aadhaar, valid: ["234123412346"], invalid: ["234123412347", "123412341234", "222222222222"]);
    vectors!(pl, pl_pesel, valid: ["44051401359", "02270803624"], invalid: ["44051401358", "02381307589"]);
    vectors!(se, se_personnummer, valid: ["880320-0016", "198803200016", "880380-0013"], invalid: ["880320-0018", "881320-0016", "258803200016"]);
    vectors!(fi, fi_hetu, valid: ["131052-308T", "010594Y803U", "150315A123X"], invalid: ["010594Y902U", "131052-308U", "310252-308Y", "131052G308T"]);
    vectors!(cn, cn_ric, valid: ["360426199101010071", "11010519491231002X"], invalid: ["360426199101010072", "990426199101010071", "360426199113010071"]);
    vectors!(kr, kr_rrn, valid: ["971013-9019902"], invalid: ["971013-9019903", "971313-9019902"]);
    vectors!(mx, mx_curp, valid: ["BOXW310820HNERXN09"], invalid: ["BOXW310820HNERXN08", "BOXW311320HNERXN09", "BOXW310820HZZRXN09"]);
    vectors!(mx_tax, mx_rfc, valid: ["GODE561231GR8", "VACE460910SX6"], invalid: ["GODE561331GR8", "GOD3561231GR8", "gode561231gr8"]);
    vectors!(dk, dk_cpr, valid: ["211062-5629", "0101901234"], invalid: ["511062-5629", "211362-5629"]);
    vectors!(no, no_fodselsnummer, valid: ["15108695088", "01010050053"], invalid: ["15108695077", "15108695089"]);
    vectors!(be, be_nn, valid: ["85073003328", "17073003384"], invalid: ["12345678901", "85073003329"]);
    vectors!(ch, ch_ahv, valid: ["756.9217.0769.85", "7569217076985"], invalid: ["756.9217.0769.84", "123.4567.8910.19"]);
    vectors!(ar, ar_cuit, valid: ["20-05536168-2", "20267565393"], invalid: ["20267565392", "10267565392"]);
    vectors!(ar_doc, ar_dni, valid: ["20.123.456", "1234567"], invalid: ["2012345699", "01234567"]);
    vectors!(cl, cl_rut, valid: ["76086428-5", "12531909-2", "12.345.678-5"], invalid: ["12531909-3", "12.345.678-K"]);
    vectors!(ee, ee_isikukood, valid: ["36805280109", "33309240064"], invalid: ["36805280108", "96805280109"]);
    vectors!(gr, gr_amka, valid: ["01013099997"], invalid: ["01013099999", "32013099992"]);
    vectors!(tr, tr_kimlik, valid: ["17291716060"], invalid: ["17291716050", "07291716092"]);
    vectors!(ro, ro_cnp, valid: ["1630615123457"], invalid: ["0800101221142", "1632215123457", "1630615993454", "1630615123458"]);
    vectors!(bg, bg_egn, valid: ["8032056031", "7523169263"], invalid: ["8019010008", "8032056032"]);
    vectors!(cz, cz_rodne_cislo, valid: ["710319/2745", "7103192745", "491231/123"], invalid: ["7103192746", "1103492745", "590312/123", "491231123"]);
    vectors!(at, at_svnr, valid: ["1237010180"], invalid: ["2237010180", "0237010180"]);
    vectors!(yu, yu_jmbg, valid: ["0101006500006"], invalid: ["0101006500007", "3201006500006"]);
    vectors!(za, za_id, valid: ["7503305044089"], invalid: ["8503305044089", "7503305044088"]);
    vectors!(th, th_pin, valid: ["3100600445635", "1-2345-45678-78-1"], invalid: ["1-2345-45678-78-9", "9100600445635"]);
    vectors!(ua, ua_rntrc, valid: ["1759013776"], invalid: ["1759013770"]);
    vectors!(hr, hr_oib, valid: ["33392005961"], invalid: ["33392005962"]);
    vectors!(tw, tw_id, valid: ["A123456789", "F131104093"], invalid: ["A123456788", "A323456789"]);
    vectors!(sg, sg_nric, valid: ["S1234567D", "T1234567J", "F1234567N", "G1234567X"], invalid: ["S1234567A", "X1234567D"]);
    vectors!(lv, lv_personas_kods, valid: ["161175-19997"], invalid: ["161175-19998", "163175-19994", "32579461005"]);
    vectors!(lv_2017, lv_personas_kods_2017, valid: ["32579461005"], invalid: ["161175-19997", "32579461006"]);
    vectors!(my, my_nric, valid: ["770305-02-1234"], invalid: ["771305-02-1234", "770305-17-1234"]);
    vectors!(is, is_kennitala, valid: ["120174-3399"], invalid: ["320174-3399", "450401-3150"]);
    vectors!(ru, ru_inn, valid: ["123456789047"], invalid: ["123456789037"]);

    #[test]
    fn hetu_takes_its_century_sign_from_the_separator() {
        assert!(ok(fi_hetu, "131052-308T"));
        assert!(ok(fi_hetu, "131052+308T"));
        assert!(!ok(fi_hetu, "131052308T"));
        assert!(!ok(fi_hetu, "131052/308T"));
    }
}

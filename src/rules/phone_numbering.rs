//! Telephone numbering plans: ITU-T E.164 country calling codes, national trunk
//! prefixes and the possible lengths of national significant numbers, loaded once
//! from `data/phone_numbering.tsv` (libphonenumber metadata, see `data/SOURCES.md`).
//!
//! The phone rule uses it to tell `+49 30 1234567` (calling code 49, a 9-digit
//! German number) from `+12345` or a database id.

use std::sync::LazyLock;

const TABLE: &str = include_str!("../../data/phone_numbering.tsv");

/// Calling codes are 1 to 3 digits.
const CODE_SPACE: usize = 1000;

/// Numbering facts aggregated from every region of the table.
pub(crate) struct Numbering {
    /// Bit `n` set when a national significant number of `n` digits exists under
    /// that calling code; indexed by calling code, 0 for unassigned codes.
    lengths_by_code: Box<[u32]>,
    /// Trunk prefixes dialled before national numbers (`0`, `1`, `8`, `06`), each with
    /// the national number lengths of the regions that use it.
    trunk_prefixes: Vec<(&'static [u8], u32)>,
    /// National number lengths of regions that dial no trunk prefix (Italy, Spain, ...).
    no_trunk_lengths: u32,
}

/// The numbering table, parsed on first use.
pub(crate) static NUMBERING: LazyLock<Numbering> = LazyLock::new(|| Numbering::parse(TABLE));

impl Numbering {
    fn parse(table: &'static str) -> Self {
        let mut lengths_by_code = vec![0u32; CODE_SPACE].into_boxed_slice();
        let mut trunk_prefixes: Vec<(&'static [u8], u32)> = Vec::new();
        let mut no_trunk_lengths = 0u32;
        for line in table
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let mut fields = line.split('\t').skip(1);
            let (Some(code), Some(trunk), Some(lengths)) =
                (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            let Ok(code) = code.parse::<usize>() else {
                continue;
            };
            let mask = lengths
                .split(',')
                .filter_map(|n| n.parse::<u32>().ok())
                .filter(|&n| n < 32)
                .fold(0u32, |mask, n| mask | 1 << n);
            if let Some(slot) = lengths_by_code.get_mut(code) {
                *slot |= mask;
            }
            if trunk == "-" {
                no_trunk_lengths |= mask;
            } else if let Some(entry) = trunk_prefixes
                .iter_mut()
                .find(|(p, _)| *p == trunk.as_bytes())
            {
                entry.1 |= mask;
            } else {
                trunk_prefixes.push((trunk.as_bytes(), mask));
            }
        }
        Numbering {
            lengths_by_code,
            trunk_prefixes,
            no_trunk_lengths,
        }
    }

    /// Whether `digits` (ASCII digits after a `+` or `00`) are an assigned calling
    /// code followed by a national number of a length that code uses.
    ///
    /// Calling codes are prefix-free, so the first 1-3 digit prefix that is assigned
    /// is the code. North American numbers must also have an area code and exchange
    /// starting with 2-9, as the NANP requires.
    pub(crate) fn is_international(&self, digits: &[u8]) -> bool {
        let Some((code, national)) = self.split_calling_code(digits) else {
            return false;
        };
        if !has_length(self.lengths_by_code[code], national.len()) {
            return false;
        }
        code != 1 || is_nanp_number(national)
    }

    /// Splits off the calling code, if the number starts with an assigned one.
    fn split_calling_code<'a>(&self, digits: &'a [u8]) -> Option<(usize, &'a [u8])> {
        let mut code = 0usize;
        for (i, &d) in digits.iter().enumerate().take(3) {
            if !d.is_ascii_digit() {
                return None;
            }
            code = code * 10 + usize::from(d - b'0');
            if code == 0 {
                return None;
            }
            if self.lengths_by_code[code] != 0 {
                return Some((code, &digits[i + 1..]));
            }
        }
        None
    }

    /// Whether `digits`, written in some region's national format, have a plausible
    /// length: a trunk prefix followed by a national number of a length some region
    /// with that prefix uses, or a length used by a region that dials no prefix.
    pub(crate) fn is_national_length(&self, digits: &[u8]) -> bool {
        let trunk_fits = self.trunk_prefixes.iter().any(|&(prefix, mask)| {
            digits.starts_with(prefix) && has_length(mask, digits.len() - prefix.len())
        });
        trunk_fits || has_length(self.no_trunk_lengths, digits.len())
    }
}

/// A ten-digit NANP number: area code and exchange code both start with 2-9.
pub(crate) fn is_nanp_number(national: &[u8]) -> bool {
    national.len() == 10
        && national.iter().all(u8::is_ascii_digit)
        && national[0] >= b'2'
        && national[3] >= b'2'
}

fn has_length(mask: u32, len: usize) -> bool {
    len < 32 && mask & (1 << len) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calling_codes_are_prefix_free() {
        let n = &*NUMBERING;
        for code in 1..CODE_SPACE {
            if n.lengths_by_code[code] == 0 {
                continue;
            }
            let mut prefix = code / 10;
            while prefix > 0 {
                assert_eq!(
                    n.lengths_by_code[prefix], 0,
                    "{prefix} is a prefix of {code}"
                );
                prefix /= 10;
            }
        }
    }

    #[test]
    fn the_table_covers_many_regions() {
        let n = &*NUMBERING;
        let assigned = n.lengths_by_code.iter().filter(|&&m| m != 0).count();
        assert!(assigned > 200, "only {assigned} calling codes");
        for code in [
            1, 7, 33, 34, 39, 44, 49, 52, 55, 61, 81, 86, 91, 351, 420, 972,
        ] {
            assert_ne!(n.lengths_by_code[code], 0, "calling code {code} missing");
        }
    }

    #[test]
    fn international_numbers_need_a_code_and_a_fitting_length() {
        let n = &*NUMBERING;
        assert!(n.is_international(b"33123456789"));
        assert!(n.is_international(b"49301234567"));
        assert!(n.is_international(b"442079460958"));
        assert!(n.is_international(b"12015550123"));
        // NANP area codes cannot start with 0 or 1.
        assert!(!n.is_international(b"10155550123"));
        // France uses 9-digit national numbers.
        assert!(!n.is_international(b"3312345678"));
        // No calling code starts with 0; 999 is unassigned.
        assert!(!n.is_international(b"0123456789"));
        assert!(!n.is_international(b"99912345678"));
        assert!(!n.is_international(b""));
    }

    #[test]
    fn national_lengths_follow_trunk_prefixes() {
        let n = &*NUMBERING;
        assert!(n.is_national_length(b"0612345678"));
        assert!(n.is_national_length(b"07700900123"));
        assert!(n.is_national_length(b"612345678"));
        assert!(!n.is_national_length(b"061"));
    }
}

use super::checksum::mod97;
use super::groups::{self, Group, Sep};
use super::{Hits, Rule, Scan};

declare_rule! {
    /// ## What it does
    /// Flags International Bank Account Numbers (ISO 13616): a country code from
    /// the SWIFT IBAN registry, the exact length and BBAN layout registered for
    /// that country, and check digits that satisfy ISO 7064 MOD 97-10. The IBAN
    /// may be compact (`DE89370400440532013000`), printed in groups of four
    /// (`DE89 3704 0044 0532 0130 00`), upper or lower case, and may follow a
    /// prefix such as `user_`, `iban:` or `payout-`.
    ///
    /// ## Why is this bad?
    /// An IBAN identifies a person's bank account and, with the account holder's
    /// name, is enough to set up direct debits. It is personal data that must not
    /// reach a third party's logs as a user id.
    ///
    /// ## Example
    /// ```text
    /// payout-GB82 WEST 1234 5698 7654 32
    /// ```
    ///
    /// ## Use instead
    /// Use the internal account id, or the payment provider's id for the bank
    /// account, keyed with HMAC if needed: `user_12345`.
    PiiIban,
    example: "payout-GB82 WEST 1234 5698 7654 32"
}

/// Country code, IBAN length and BBAN structure from the SWIFT IBAN Registry
/// (release 101). In the structure, `n` is a digit, `a` an upper-case letter and
/// `c` a letter or digit, each preceded by its count (`8n10n` for Germany).
const REGISTRY: &[(&[u8; 2], usize, &str)] = &[
    (b"AD", 24, "4n4n12c"),
    (b"AE", 23, "3n16n"),
    (b"AL", 28, "8n16c"),
    (b"AT", 20, "5n11n"),
    (b"AZ", 28, "4a20c"),
    (b"BA", 20, "3n3n8n2n"),
    (b"BE", 16, "3n7n2n"),
    (b"BG", 22, "4a4n2n8c"),
    (b"BH", 22, "4a14c"),
    (b"BI", 27, "5n5n11n2n"),
    (b"BR", 29, "8n5n10n1a1c"),
    (b"BY", 28, "4c4n16c"),
    (b"CH", 21, "5n12c"),
    (b"CR", 22, "4n14n"),
    (b"CY", 28, "3n5n16c"),
    (b"CZ", 24, "4n16n"),
    (b"DE", 22, "8n10n"),
    (b"DJ", 27, "5n5n11n2n"),
    (b"DK", 18, "4n9n1n"),
    (b"DO", 28, "4c20n"),
    (b"EE", 20, "2n14n"),
    (b"EG", 29, "4n4n17n"),
    (b"ES", 24, "4n4n1n1n10n"),
    (b"FI", 18, "3n11n"),
    (b"FK", 18, "2a12n"),
    (b"FO", 18, "4n9n1n"),
    (b"FR", 27, "5n5n11c2n"),
    (b"GB", 22, "4a6n8n"),
    (b"GE", 22, "2a16n"),
    (b"GI", 23, "4a15c"),
    (b"GL", 18, "4n9n1n"),
    (b"GR", 27, "3n4n16c"),
    (b"GT", 28, "4c20c"),
    (b"HN", 28, "4a20n"),
    (b"HR", 21, "7n10n"),
    (b"HU", 28, "3n4n1n15n1n"),
    (b"IE", 22, "4a6n8n"),
    (b"IL", 23, "3n3n13n"),
    (b"IQ", 23, "4a3n12n"),
    (b"IS", 26, "4n2n6n10n"),
    (b"IT", 27, "1a5n5n12c"),
    (b"JO", 30, "4a4n18c"),
    (b"KW", 30, "4a22c"),
    (b"KZ", 20, "3n13c"),
    (b"LB", 28, "4n20c"),
    (b"LC", 32, "4a24c"),
    (b"LI", 21, "5n12c"),
    (b"LT", 20, "5n11n"),
    (b"LU", 20, "3n13c"),
    (b"LV", 21, "4a13c"),
    (b"LY", 25, "3n3n15n"),
    (b"MC", 27, "5n5n11c2n"),
    (b"MD", 24, "2c18c"),
    (b"ME", 22, "3n13n2n"),
    (b"MK", 19, "3n10c2n"),
    (b"MN", 20, "4n12n"),
    (b"MR", 27, "5n5n11n2n"),
    (b"MT", 31, "4a5n18c"),
    (b"MU", 30, "4a2n2n12n3n3a"),
    (b"NI", 28, "4a20n"),
    (b"NL", 18, "4a10n"),
    (b"NO", 15, "4n6n1n"),
    (b"OM", 23, "3n16c"),
    (b"PK", 24, "4a16c"),
    (b"PL", 28, "8n16n"),
    (b"PS", 29, "4a21c"),
    (b"PT", 25, "4n4n11n2n"),
    (b"QA", 29, "4a21c"),
    (b"RO", 24, "4a16c"),
    (b"RS", 22, "3n13n2n"),
    (b"RU", 33, "9n5n15c"),
    (b"SA", 24, "2n18c"),
    (b"SC", 31, "4a2n2n16n3a"),
    (b"SD", 18, "2n12n"),
    (b"SE", 24, "3n16n1n"),
    (b"SI", 19, "5n8n2n"),
    (b"SK", 24, "4n6n10n"),
    (b"SM", 27, "1a5n5n12c"),
    (b"SO", 23, "4n3n12n"),
    (b"ST", 25, "4n4n11n2n"),
    (b"SV", 28, "4a20n"),
    (b"TL", 23, "3n14n2n"),
    (b"TN", 24, "2n3n13n2n"),
    (b"TR", 26, "5n1n16c"),
    (b"UA", 29, "6n19c"),
    (b"VA", 22, "3n15n"),
    (b"VG", 24, "4a16n"),
    (b"XK", 20, "4n10n2n"),
    (b"YE", 30, "4a4n18c"),
];

const MIN_LEN: usize = 15;
const MAX_LEN: usize = 34;
/// A 34-character IBAN printed in fours has nine groups.
const MAX_GROUPS: usize = 9;

/// Whether `bban` (upper-cased) matches a registry structure such as `4a6n8n`.
fn matches_structure(bban: &[u8], structure: &str) -> bool {
    let mut at = 0usize;
    let mut count = 0usize;
    for kind in structure.bytes() {
        if kind.is_ascii_digit() {
            count = count * 10 + usize::from(kind - b'0');
            continue;
        }
        let Some(part) = bban.get(at..at + count) else {
            return false;
        };
        let ok = match kind {
            b'n' => part.iter().all(u8::is_ascii_digit),
            b'a' => part.iter().all(u8::is_ascii_uppercase),
            _ => part
                .iter()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase()),
        };
        if !ok {
            return false;
        }
        at += count;
        count = 0;
    }
    at == bban.len()
}

/// Whether upper-cased `iban` has a registered country, its exact length and
/// BBAN structure, and valid MOD 97-10 check digits.
fn is_iban(iban: &[u8]) -> bool {
    let (Some(country), Some(check), Some(bban)) = (iban.get(..2), iban.get(2..4), iban.get(4..))
    else {
        return false;
    };
    let Some(&(_, len, structure)) = registry_entry(country) else {
        return false;
    };
    iban.len() == len
        && check.iter().all(u8::is_ascii_digit)
        && check != b"00"
        && check != b"01"
        && check != b"99"
        && matches_structure(bban, structure)
        && mod97(bban.iter().chain(country).chain(check).copied()) == Some(1)
}

/// Whether the groups are printed the way IBANs are: compact, or in groups of
/// four joined by the same space or dash with a shorter last group.
fn printed_like_an_iban(window: &[Group]) -> bool {
    let [first, rest @ ..] = window else {
        return false;
    };
    let Some((last, middle)) = rest.split_last() else {
        return true;
    };
    first.len() == 4
        && middle.iter().all(|g| g.len() == 4)
        && (1..=4).contains(&last.len())
        && rest.iter().all(|g| {
            matches!(g.joined_by, Some(Sep::Space | Sep::Dash)) && g.joined_by == last.joined_by
        })
}

/// Whether some token starts with two letters and two digits that begin with a
/// registered country code, and can begin an IBAN window ([`may_start_iban`]).
///
/// Such a start and the byte before it (none at the start of the id) take
/// five consecutive positions, so they cover one of the probes 3, 8, 13, ...;
/// the class of the probed byte (and of one neighbour) says where in the
/// pattern the probe is, so each probe tests at most one start.
fn has_candidate_start(bytes: &[u8]) -> bool {
    use super::scan::{DIGIT, LETTER};
    let class = |i: usize| bytes.get(i).map_or(0, |&b| groups::class(b));
    let mut probe = 3;
    while let Some(&b) = bytes.get(probe) {
        let start = match groups::class(b) {
            // The byte before the start.
            0 => Some(probe + 1),
            // The first or second letter: both need a digit two bytes on.
            LETTER if class(probe + 2) == DIGIT => match class(probe + 1) {
                LETTER => Some(probe),
                DIGIT => Some(probe - 1),
                _ => None,
            },
            // The first or second digit.
            DIGIT => match class(probe - 1) {
                LETTER => probe.checked_sub(2),
                DIGIT => probe.checked_sub(3),
                _ => None,
            },
            _ => None,
        };
        if start.is_some_and(|s| may_start_iban(bytes, s)) {
            return true;
        }
        probe += 5;
    }
    false
}

/// Whether a token starts at `start` with two letters and two digits, and
/// the letters are a registered country code.
fn starts_like_iban(bytes: &[u8], start: usize) -> bool {
    let token_start = match start.checked_sub(1) {
        Some(before) => bytes.get(before).is_some_and(|&b| groups::class(b) == 0),
        None => true,
    };
    token_start
        && bytes.get(start..start + 4).is_some_and(|w| {
            w[0].is_ascii_alphabetic()
                && w[1].is_ascii_alphabetic()
                && w[2].is_ascii_digit()
                && w[3].is_ascii_digit()
                && is_country(w[0], w[1])
        })
}

/// Whether an IBAN window can start at `start`: a token starting like an IBAN
/// that can begin one as printed.
fn may_start_iban(bytes: &[u8], start: usize) -> bool {
    starts_like_iban(bytes, start) && begins_a_window(bytes, start)
}

/// Whether the group starting at `start` can begin an IBAN as printed (see
/// [`printed_like_an_iban`]): the whole compact IBAN, or a group of four joined
/// by a space or dash to the next.
fn begins_a_window(bytes: &[u8], start: usize) -> bool {
    let rest = bytes.get(start..).unwrap_or_default();
    let len = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    (MIN_LEN..=MAX_LEN).contains(&len)
        || (len == 4
            && matches!(
                groups::separator_at(bytes, start + len),
                Some((Sep::Space | Sep::Dash, _))
            ))
}

/// The registry entry of an upper-case country code.
fn registry_entry(country: &[u8]) -> Option<&'static (&'static [u8; 2], usize, &'static str)> {
    REGISTRY
        .binary_search_by(|(cc, _, _)| cc.as_slice().cmp(country))
        .ok()
        .and_then(|i| REGISTRY.get(i))
}

fn is_country(a: u8, b: u8) -> bool {
    registry_entry(&[a.to_ascii_uppercase(), b.to_ascii_uppercase()]).is_some()
}

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    // The shortest IBAN (Norway) is 15 characters; some BBANs are all letters.
    if scan.digits < 2 || scan.letters < 2 || scan.full_len < MIN_LEN {
        return;
    }
    let text = scan.text;
    let bytes = text.as_bytes();
    if !has_candidate_start(bytes) {
        return;
    }
    let limits = groups::Limits {
        min_len: MIN_LEN,
        max_len: MAX_LEN,
        min_digits: 2,
    };
    groups::for_each_window_in::<MAX_GROUPS>(text, limits, |window, before, _| {
        let Some(first) = window.first() else {
            return false;
        };
        let head = bytes.get(first.start..first.start + 4);
        let starts_like_iban = head.is_some_and(|h| {
            h[0].is_ascii_alphabetic()
                && h[1].is_ascii_alphabetic()
                && h[2].is_ascii_digit()
                && h[3].is_ascii_digit()
        });
        if !starts_like_iban || !printed_like_an_iban(window) {
            return false;
        }
        let span = groups::span(window);
        if groups::continues_a_number(text, window, before) {
            return false;
        }
        // Accept all upper or all lower case, not the mixed case of random tokens.
        let original = bytes.get(span.clone()).unwrap_or_default();
        let mixed_case = original.iter().any(u8::is_ascii_uppercase)
            && original.iter().any(u8::is_ascii_lowercase);
        let mut buf = [0u8; MAX_LEN];
        let Some(iban) = groups::compact(text, window, &mut buf) else {
            return false;
        };
        if mixed_case || !is_iban(iban) {
            return false;
        }
        hits.push(Rule::PiiIban, text, span, "IBAN");
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_examples_validate() {
        // Example IBANs from the SWIFT IBAN Registry.
        for iban in [
            "GB29NWBK60161331926819",
            "DE89370400440532013000",
            "FR1420041010050500013M02606",
            "NL91ABNA0417164300",
            "NO9386011117947",
            "BE68539007547034",
            "ES9121000418450200051332",
            "IT60X0542811101000000123456",
            "CH9300762011623852957",
            "PL61109010140000071219812874",
            "LC55HEMM000100010012001200023015",
            "RU0204452560040702810412345678901",
        ] {
            assert!(is_iban(iban.as_bytes()), "{iban}");
        }
    }

    #[test]
    fn wrong_checks_lengths_and_layouts_are_rejected() {
        assert!(!is_iban(b"GB29NWBK60161331926818"));
        assert!(!is_iban(b"GB29NWBK6016133192681"));
        assert!(!is_iban(b"XX29NWBK60161331926819"));
        // Germany's BBAN is all digits.
        assert!(!is_iban(b"DE89A70400440532013000"));
        assert!(!is_iban(b""));
        assert!(matches_structure(b"NWBK60161331926819", "4a6n8n"));
        assert!(!matches_structure(b"NWBK6016133192681", "4a6n8n"));
    }

    #[test]
    fn candidate_starts_need_a_country_code_at_a_token_start() {
        assert!(has_candidate_start(b"GB29 NWBK"));
        assert!(has_candidate_start(b"user_de89 3704"));
        assert!(has_candidate_start(b"x-NL91ABNA0417164300"));
        assert!(!has_candidate_start(b"GB29"));
        assert!(!has_candidate_start(b"x-NL91ABNA"));
        assert!(!has_candidate_start(b"xGB29"));
        assert!(!has_candidate_start(b"QQ29NWBK"));
        assert!(!has_candidate_start(b"GB2"));
        assert!(!has_candidate_start(b""));
    }

    #[test]
    fn candidate_starts_are_found_wherever_they_fall_between_probes() {
        /// Every token start, one at a time.
        fn reference(bytes: &[u8]) -> bool {
            (0..bytes.len()).any(|s| may_start_iban(bytes, s))
        }
        for pad in 0..12 {
            for (head, tail) in [("", ""), ("x-", "-y"), ("é", " 1"), ("ab1", "")] {
                for iban in [
                    "GB29NWBK60161331926819",
                    "GB29NWBK",
                    "de89 3704",
                    "QQ29NWBK",
                    "GB2",
                    "G29",
                    "xGB29",
                ] {
                    let text = format!("{head}{}{iban}{tail}", "-".repeat(pad));
                    let bytes = text.as_bytes();
                    assert_eq!(has_candidate_start(bytes), reference(bytes), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn windows_begin_with_a_compact_iban_or_a_group_of_four() {
        let begins = |text: &str| begins_a_window(text.as_bytes(), 0);
        assert!(begins("GB82WEST12345698765432"));
        assert!(begins("GB82 WEST 1234"));
        assert!(begins("gb82-west"));
        assert!(!begins("GB82WEST"));
        assert!(!begins("GB82.WEST"));
        assert!(!begins("GB82 "));
    }

    #[test]
    fn registry_is_sorted_for_binary_search() {
        assert!(REGISTRY.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn registry_lengths_match_structures() {
        for (cc, len, structure) in REGISTRY {
            let sum: usize = structure
                .split(|c: char| c.is_ascii_alphabetic())
                .filter_map(|n| n.parse::<usize>().ok())
                .sum();
            assert_eq!(sum + 4, *len, "{}", String::from_utf8_lossy(*cc));
        }
    }
}

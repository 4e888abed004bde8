use super::groups;
use super::{Hits, Rule, Scan};

mod candidates;
mod dates;
mod schemes;

use schemes::Id;

declare_rule! {
    /// ## What it does
    /// Flags national identification and social security numbers, bare or written
    /// in their native format, after a prefix such as `user_` or `ssn:`. Each
    /// candidate must pass its scheme's structure: length, character classes, an
    /// embedded birth date where there is one, region codes and check digits.
    ///
    /// Covered: US SSN, UK NINO, Irish PPS, French NIR (incl. Corsica 2A/2B),
    /// Spanish DNI and NIE, Portuguese NIF and Cartão de Cidadão, Italian codice
    /// fiscale, German Steuer-IdNr, Dutch BSN, Belgian national number, Swiss AHV,
    /// Austrian SV-Nummer, Danish CPR, Norwegian fødselsnummer, Swedish
    /// personnummer, Finnish HETU, Icelandic kennitala, Estonian and Lithuanian
    /// personal codes, Latvian personas kods, Polish PESEL, Czech/Slovak rodné
    /// číslo, Romanian CNP, Bulgarian EGN, JMBG/EMŠO, Croatian OIB, Greek AMKA,
    /// Turkish kimlik, Ukrainian RNTRC, Russian INN, Israeli ID, South African ID,
    /// Brazilian CPF and CNPJ, Argentinian CUIT/CUIL and DNI, Chilean RUT, Mexican
    /// CURP and RFC, Canadian SIN, Indian Aadhaar, Chinese resident id, Korean RRN,
    /// Taiwanese id, Thai id, Malaysian MyKad and Singapore NRIC.
    ///
    /// Schemes with little structure (any 9 digits pass the SSN area rules, and one
    /// 9-digit number in ten passes Luhn) are reported bare only when a word such
    /// as `ssn`, `tax`, `citizen` or `national` appears in the id; otherwise they
    /// must be written in their native format (`ddd-dd-dddd` for an SSN,
    /// `ddd ddd ddd` for a SIN). This covers the US SSN, Canadian SIN, Israeli id,
    /// Portuguese NIF, Thai id, Chilean RUT, Danish CPR, Croatian OIB, Ukrainian
    /// RNTRC, Russian INN, Argentinian DNI, Brazilian CNPJ and Malaysian MyKad. Bare
    /// digits that also read as a Unix timestamp or a compact date-time are not
    /// taken as ids whose only structure is a date and a check digit.
    ///
    /// ## Why is this bad?
    /// A national id identifies one person for life, is used to open accounts and
    /// file taxes, and often encodes the birth date and sex. Sending it to a third
    /// party as a user id discloses it in their logs, and it can never be rotated.
    ///
    /// ## Example
    /// ```text
    /// ssn_536-90-4399
    /// ```
    ///
    /// ## Use instead
    /// Key the internal account id with HMAC, or use the account's own surrogate
    /// id: `user_12345`.
    PiiNationalId,
    example: "ssn_536-90-4399"
}

/// What a candidate needs, beyond passing its scheme, to be reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// The scheme's own structure is strong enough.
    Nothing,
    /// The digits must not also read as a Unix timestamp or compact date-time.
    NotTimestamp,
    /// A context word (`ssn`, `tax`, `citizen`, ...) must appear in the id.
    Context,
}

/// A national id scheme and how it may appear.
struct Scheme {
    name: &'static str,
    check: fn(&Id<'_>) -> bool,
    /// Bit `n` is set when the scheme has `n` characters without separators.
    lengths: u32,
    /// Which characters its ids hold.
    chars: Chars,
    /// What a bare occurrence (no separators) needs.
    bare: Needs,
    /// Native written forms (see `groups::shape`), e.g. `3-2-4`.
    formats: &'static [&'static str],
    /// What an occurrence in one of `formats` needs.
    formatted: Needs,
}

/// A scheme whose ids have one of `kind`'s lengths without separators.
const fn scheme(
    name: &'static str,
    check: fn(&Id<'_>) -> bool,
    kind: Kind,
    bare: Needs,
    formats: &'static [&'static str],
) -> Scheme {
    let (lengths, chars) = match kind {
        Kind::Digits(lengths) => (lengths, Chars::Digits),
        Kind::Letters(lengths) => (lengths, Chars::Letters),
        Kind::Any(lengths) => (lengths, Chars::Any),
    };
    let mut mask = 0u32;
    let mut i = 0;
    while i < lengths.len() {
        mask |= 1 << lengths[i];
        i += 1;
    }
    Scheme {
        name,
        check,
        lengths: mask,
        chars,
        bare,
        formats,
        formatted: Needs::Nothing,
    }
}

/// The lengths of a scheme's ids and which characters they hold.
enum Kind {
    /// Only digits.
    Digits(&'static [u32]),
    /// At least one letter.
    Letters(&'static [u32]),
    /// Digits, or digits with a letter in some positions.
    Any(&'static [u32]),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chars {
    Digits,
    Letters,
    Any,
}

/// For windows of all digits (`[0]`) and windows with a letter (`[1]`), and
/// for each length, the indices of the schemes of that length whose
/// characters (`Chars`) fit, in `SCHEMES` order and ending at `NONE`, so a
/// window only tries the schemes it can match.
const BY_LENGTH: [[[u8; PER_LENGTH]; MAX_CHARS + 1]; 2] = {
    let mut table = [[[NONE; PER_LENGTH]; MAX_CHARS + 1]; 2];
    let mut class = 0;
    while class < 2 {
        let mut len = 0;
        while len <= MAX_CHARS {
            let mut n = 0;
            let mut i = 0;
            while i < SCHEMES.len() {
                let fits = match SCHEMES[i].chars {
                    Chars::Digits => class == 0,
                    Chars::Letters => class == 1,
                    Chars::Any => true,
                };
                if fits && SCHEMES[i].lengths & (1 << len) != 0 {
                    // Fails to compile if a length has more schemes than slots.
                    table[class][len][n] = i as u8;
                    n += 1;
                }
                i += 1;
            }
            len += 1;
        }
        class += 1;
    }
    table
};
const PER_LENGTH: usize = 16;
const NONE: u8 = u8::MAX;

use Kind::{Any, Digits, Letters};
use Needs::{Context, NotTimestamp, Nothing};

/// Strongest evidence first, so the reported scheme is the likeliest one.
const SCHEMES: &[Scheme] = &[
    scheme(
        "Italian codice fiscale",
        schemes::it_codice_fiscale,
        Letters(&[16]),
        Nothing,
        &[],
    ),
    scheme(
        "Mexican CURP",
        schemes::mx_curp,
        Letters(&[18]),
        Nothing,
        &[],
    ),
    scheme(
        "Chinese resident id",
        schemes::cn_ric,
        Any(&[18]),
        Nothing,
        &[],
    ),
    scheme(
        "French NIR",
        schemes::fr_nir,
        Any(&[15]),
        Nothing,
        &["1 2 2 2 3 3 2", "d 2"],
    ),
    scheme(
        "Finnish HETU",
        schemes::fi_hetu,
        Any(&[10, 11]),
        Nothing,
        &["6-4", "6+4"],
    ),
    scheme(
        "Norwegian fødselsnummer",
        schemes::no_fodselsnummer,
        Digits(&[11]),
        Nothing,
        &["6 5"],
    ),
    scheme(
        "Belgian national number",
        schemes::be_nn,
        Digits(&[11]),
        Nothing,
        &["2.2.2-3.2", "2 2 2 3 2", "6-3.2", "6-3-2", "6 3 2"],
    ),
    scheme(
        "Swiss AHV number",
        schemes::ch_ahv,
        Digits(&[13]),
        Nothing,
        &["3.4.4.2", "3 4 4 2"],
    ),
    scheme("Romanian CNP", schemes::ro_cnp, Digits(&[13]), Nothing, &[]),
    scheme("JMBG/EMŠO", schemes::yu_jmbg, Digits(&[13]), Nothing, &[]),
    scheme(
        "South African id",
        schemes::za_id,
        Digits(&[13]),
        Nothing,
        &["6 4 2 1"],
    ),
    scheme(
        "Korean RRN",
        schemes::kr_rrn,
        Digits(&[13]),
        NotTimestamp,
        &["6-7", "6 7"],
    ),
    scheme(
        "Polish PESEL",
        schemes::pl_pesel,
        Digits(&[11]),
        Nothing,
        &[],
    ),
    scheme(
        "Estonian/Lithuanian personal code",
        schemes::ee_isikukood,
        Digits(&[11]),
        Nothing,
        &[],
    ),
    scheme(
        "Swedish personnummer",
        schemes::se_personnummer,
        Digits(&[10, 12]),
        NotTimestamp,
        &["6-4", "6+4", "8-4"],
    ),
    scheme(
        "Icelandic kennitala",
        schemes::is_kennitala,
        Digits(&[10]),
        NotTimestamp,
        &["6-4"],
    ),
    scheme("Greek AMKA", schemes::gr_amka, Digits(&[11]), Nothing, &[]),
    scheme(
        "German Steuer-IdNr",
        schemes::de_idnr,
        Digits(&[11]),
        Nothing,
        &["2 3 3 3"],
    ),
    scheme(
        "Brazilian CPF",
        schemes::br_cpf,
        Digits(&[11]),
        Nothing,
        &["3.3.3-2", "9-2"],
    ),
    scheme(
        "Turkish kimlik number",
        schemes::tr_kimlik,
        Digits(&[11]),
        Nothing,
        &[],
    ),
    scheme(
        "Argentinian CUIT/CUIL",
        schemes::ar_cuit,
        Digits(&[11]),
        Nothing,
        &["2-8-1"],
    ),
    scheme(
        "Indian Aadhaar",
        schemes::in_aadhaar,
        Digits(&[12]),
        NotTimestamp,
        &["4 4 4", "4-4-4"],
    ),
    scheme(
        "Spanish DNI",
        schemes::es_dni,
        Letters(&[9]),
        Nothing,
        &["8-1", "8 1"],
    ),
    scheme(
        "Spanish NIE",
        schemes::es_nie,
        Letters(&[9]),
        Nothing,
        &["1-7-1", "1 7 1", "1-8", "1 8", "8-1"],
    ),
    scheme(
        "UK National Insurance number",
        schemes::gb_nino,
        Letters(&[9]),
        Nothing,
        &["2 2 2 2 1", "2 6 1", "8 1", "2-2-2-2-1", "2-6-1"],
    ),
    scheme(
        "Irish PPS number",
        schemes::ie_pps,
        Letters(&[8, 9]),
        Nothing,
        &["7 1", "7-1", "7 2"],
    ),
    scheme("Taiwanese id", schemes::tw_id, Letters(&[10]), Nothing, &[]),
    scheme(
        "Singapore NRIC/FIN",
        schemes::sg_nric,
        Letters(&[9]),
        Nothing,
        &[],
    ),
    scheme(
        "Mexican RFC",
        schemes::mx_rfc,
        Letters(&[13]),
        Nothing,
        &["4-6-3", "4 6 3"],
    ),
    scheme(
        "Portuguese citizen card number",
        schemes::pt_cc,
        Letters(&[12]),
        Nothing,
        &["8 1 3"],
    ),
    scheme(
        "Bulgarian EGN",
        schemes::bg_egn,
        Digits(&[10]),
        NotTimestamp,
        &[],
    ),
    scheme(
        "Czech/Slovak birth number",
        schemes::cz_rodne_cislo,
        Digits(&[9, 10]),
        NotTimestamp,
        &["6/4", "6/3"],
    ),
    scheme(
        "Austrian SV-Nummer",
        schemes::at_svnr,
        Digits(&[10]),
        NotTimestamp,
        &["4 6"],
    ),
    scheme(
        "Latvian personas kods",
        schemes::lv_personas_kods,
        Digits(&[11]),
        Nothing,
        &["6-5"],
    ),
    scheme(
        "Danish CPR number",
        schemes::dk_cpr,
        Digits(&[10]),
        Context,
        &["6-4"],
    ),
    scheme(
        "Malaysian MyKad number",
        schemes::my_nric,
        Digits(&[12]),
        Context,
        &["6-2-4"],
    ),
    scheme(
        "Dutch BSN",
        schemes::nl_bsn,
        Digits(&[9]),
        Nothing,
        &["4.2.3"],
    ),
    scheme(
        "US Social Security number",
        schemes::us_ssn,
        Digits(&[9]),
        Context,
        &["3-2-4", "3 2 4"],
    ),
    scheme(
        "Canadian SIN",
        schemes::ca_sin,
        Digits(&[9]),
        Context,
        &["3 3 3", "3-3-3"],
    ),
    scheme(
        "Israeli id",
        schemes::il_id,
        Digits(&[9]),
        Context,
        &["8-1"],
    ),
    scheme(
        "Portuguese NIF",
        schemes::pt_nif,
        Digits(&[9]),
        Context,
        &["3 3 3"],
    ),
    scheme(
        "Thai id",
        schemes::th_pin,
        Digits(&[13]),
        Context,
        &["1-4-5-2-1", "1 4 5 2 1"],
    ),
    scheme(
        "Chilean RUT",
        schemes::cl_rut,
        Any(&[8, 9]),
        Context,
        &["1.3.3-1", "2.3.3-1", "7-1", "8-1"],
    ),
    scheme(
        "Brazilian CNPJ",
        schemes::br_cnpj,
        Digits(&[14]),
        Context,
        &["2.3.3/4-2"],
    ),
    scheme(
        "Latvian personas kods",
        schemes::lv_personas_kods_2017,
        Digits(&[11]),
        Context,
        &["6-5"],
    ),
    scheme(
        "Ukrainian RNTRC",
        schemes::ua_rntrc,
        Digits(&[10]),
        Context,
        &[],
    ),
    scheme("Croatian OIB", schemes::hr_oib, Digits(&[11]), Context, &[]),
    scheme("Russian INN", schemes::ru_inn, Digits(&[12]), Context, &[]),
    Scheme {
        formatted: Context,
        ..scheme(
            "Argentinian DNI",
            schemes::ar_dni,
            Digits(&[7, 8]),
            Context,
            &["1.3.3", "2.3.3"],
        )
    },
];

/// Words that say the id holds a national or tax number. Compared with whole
/// letter runs of the id, lower-cased; those marked as prefixes also match
/// longer words (`citizenship`, `nationalid`).
const CONTEXT_WORDS: &[&str] = &[
    "aadhaar",
    "aadhar",
    "ahv",
    "amka",
    "avs",
    "bsn",
    "cnp",
    "cnpj",
    "cpf",
    "cpr",
    "cuil",
    "cuit",
    "curp",
    "dni",
    "egn",
    "emso",
    "fnr",
    "hetu",
    "idnr",
    "inn",
    "insee",
    "itin",
    "jmbg",
    "kennitala",
    "kimlik",
    "mykad",
    "nid",
    "nie",
    "nif",
    "nin",
    "nino",
    "nir",
    "nric",
    "oib",
    "pesel",
    "pnr",
    "pps",
    "ppsn",
    "rfc",
    "ric",
    "rnokpp",
    "rntrc",
    "rrn",
    "rut",
    "sin",
    "ssn",
    "svnr",
    "tax",
    "taxid",
    "tckn",
    "tin",
];
const CONTEXT_PREFIXES: &[&str] = &[
    "citizen",
    "identity",
    "isikukood",
    "national",
    "personnummer",
    "resident",
    "social",
    "steuer",
    "taxpayer",
];

/// The longest compact candidate (CURP and Chinese ids have 18 characters).
const MAX_CHARS: usize = 18;
/// The most groups a native format has (French NIR: `1 85 05 78 006 084 36`).
const MAX_GROUPS: usize = 7;
/// The fewest digits in a window the rule looks at.
const MIN_DIGITS: usize = 6;
/// The start of the rule's messages, followed by the scheme's name.
const WHAT: &str = "national id number";
/// Ids longer than this are searched stretch by stretch before being walked.
const LONG_ID: usize = 64;

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    // Every window the rule looks at has at least six digits, and every scheme
    // seven characters.
    if scan.digits < MIN_DIGITS || scan.digits + scan.letters < 7 {
        return;
    }
    let text = scan.text;
    // See `search` below.
    let others = text.len() - scan.digits - scan.letters;
    let split = text.len() > LONG_ID && others * 8 > text.len();
    let bytes = text.as_bytes();
    let mut context: Option<bool> = None;
    let mut masks: Option<groups::Masks> = None;
    let mut visit = |window: &[groups::Group],
                     before: Option<&groups::Group>,
                     info: groups::WindowInfo| {
        let (total, digits) = (info.len, info.digits);
        if !candidates::may_match(window, total, digits) {
            return false;
        }
        let all_digits = digits == total;
        let Some(candidates) = BY_LENGTH
            .get(usize::from(!all_digits))
            .and_then(|by_length| by_length.get(total))
            .filter(|c| c[0] != NONE)
        else {
            return false;
        };
        let span = groups::span(window);
        if groups::continues_a_number(text, window, before) {
            return false;
        }
        let mut chars_buf = [0u8; MAX_CHARS];
        let mut shape_buf = [0u8; 2 * MAX_GROUPS];
        let (Some(chars), Some(shape)) = (
            groups::compact(text, window, &mut chars_buf),
            groups::shape(window, &mut shape_buf),
        ) else {
            return false;
        };
        let bare = window.len() == 1;
        let mut values_buf = [0u32; MAX_CHARS];
        let id = Id {
            chars,
            shape,
            has_lower: bytes
                .get(span.clone())
                .is_some_and(|s| s.iter().any(u8::is_ascii_lowercase)),
            values: if all_digits {
                schemes::digit_values(chars, &mut values_buf)
            } else {
                &[]
            },
        };
        let schemes = candidates
            .iter()
            .map_while(|&i| SCHEMES.get(usize::from(i)));
        for scheme in schemes {
            let needs = if bare {
                scheme.bare
            } else if scheme.formats.iter().any(|f| f.as_bytes() == shape) {
                scheme.formatted
            } else {
                continue;
            };
            if !(scheme.check)(&id) {
                continue;
            }
            let mut has_context = || *context.get_or_insert_with(|| has_context_word(text));
            let accepted = match needs {
                Nothing => true,
                NotTimestamp => !looks_like_timestamp(chars) || has_context(),
                Context => has_context(),
            };
            // Digits after a phone number's `+` or inside a UUID are not an id.
            let mut masked = || {
                masks
                    .get_or_insert_with(|| groups::Masks::new(text, scan.has(b'+'), scan.has(b'-')))
                    .covers(&span)
            };
            if accepted && !masked() {
                let mut buf = [0u8; 96];
                let what = groups::describe(&mut buf, WHAT, scheme.name).unwrap_or(WHAT);
                hits.push(Rule::PiiNationalId, text, span, what);
                return true;
            }
        }
        false
    };
    // Every window the rule can report lies in a stretch of the id holding
    // six digits (see `groups::digit_stretches`), and the walk starts afresh
    // at each stretch. A long id made of many short chunks (one byte in eight
    // or more is not a letter or digit) is searched stretch by stretch, as
    // splitting it costs less than going through its groups; other ids in one
    // go. The windows a scheme could accept, when few, are
    // shown to the rule as the walk would show them; otherwise the part is
    // walked.
    let mut found = candidates::Found::new();
    let mut search = |part: &str, at: usize| {
        match found.collect(part, at).windows() {
            Some(found) => candidates::replay(found, &mut visit),
            None => {
                let limits = groups::Limits {
                    min_len: 0,
                    max_len: MAX_CHARS,
                    min_digits: MIN_DIGITS,
                };
                groups::for_each_window_at::<MAX_GROUPS>(part, at, limits, &mut visit);
            }
        }
        false
    };
    if split {
        groups::digit_stretches(text, MIN_DIGITS, search);
    } else {
        search(text, 0);
    }
}

/// Whether some letter run of the id is a context word.
fn has_context_word(text: &str) -> bool {
    // Words and prefixes are lower-case and at most this long, so the first
    // bytes of a run, lower-cased, settle it.
    const LONGEST: usize = 12;
    super::scan::runs(text, |b| b.is_ascii_alphabetic()).any(|(_, word)| {
        let mut buf = [0u8; LONGEST];
        let head = word
            .as_bytes()
            .get(..word.len().min(LONGEST))
            .unwrap_or_default();
        for (l, b) in buf.iter_mut().zip(head) {
            *l = b.to_ascii_lowercase();
        }
        let lower = buf.get(..head.len()).unwrap_or_default();
        (word.len() <= LONGEST
            && CONTEXT_WORDS
                .binary_search_by(|w| w.as_bytes().cmp(lower))
                .is_ok())
            || CONTEXT_PREFIXES
                .iter()
                .any(|p| lower.starts_with(p.as_bytes()))
    })
}

/// Whether all-digit `chars` also read as a Unix timestamp in seconds or
/// milliseconds between 2015 and 2035, or as a compact `yyyyMMddHHmm[ss]`.
fn looks_like_timestamp(chars: &[u8]) -> bool {
    if !chars.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let value = chars.iter().fold(0u64, |acc, &b| {
        acc.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    });
    let field = |from: usize, to: usize| dates::number(chars, from, to).unwrap_or(99);
    match chars.len() {
        10 => (1_420_000_000..2_060_000_000).contains(&value),
        13 => (1_420_000_000_000..2_060_000_000_000).contains(&value),
        12 | 14 => {
            (1970..=2039).contains(&field(0, 4))
                && dates::valid(field(0, 4), field(4, 6), field(6, 8))
                && field(8, 10) < 24
                && field(10, 12) < 60
                && (chars.len() == 12 || field(12, 14) < 60)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_words_are_sorted_lower_case_and_short() {
        assert!(CONTEXT_WORDS.windows(2).all(|w| w[0] < w[1]));
        for w in CONTEXT_WORDS.iter().chain(CONTEXT_PREFIXES) {
            assert!(
                w.len() <= 12 && w.bytes().all(|b| b.is_ascii_lowercase()),
                "{w}"
            );
        }
    }

    #[test]
    fn context_words_match_whole_runs_or_prefixes() {
        assert!(has_context_word("ssn_123"));
        assert!(has_context_word("user-SSN:1"));
        assert!(has_context_word("citizenship-1"));
        assert!(has_context_word("national_id=1"));
        assert!(!has_context_word("user_123"));
        assert!(!has_context_word("session_1"));
        assert!(!has_context_word("assn"));
        assert!(!has_context_word(&"x".repeat(100)));
    }

    #[test]
    fn every_message_fits_the_buffer() {
        for s in SCHEMES {
            assert!(
                groups::describe(&mut [0; 96], WHAT, s.name).is_some(),
                "{}",
                s.name
            );
        }
    }

    #[test]
    fn timestamps_are_recognised() {
        assert!(looks_like_timestamp(b"1735669484"));
        assert!(looks_like_timestamp(b"1715494974487"));
        assert!(looks_like_timestamp(b"202406241506"));
        assert!(looks_like_timestamp(b"20240624150621"));
        assert!(!looks_like_timestamp(b"8803200016"));
        assert!(!looks_like_timestamp(b"202413241506"));
        assert!(!looks_like_timestamp(b"17a5669484"));
    }

    #[test]
    fn every_scheme_format_fits_the_scheme_lengths() {
        for s in SCHEMES {
            for f in s.formats {
                assert!(f.len() >= 3 && f.len() < 2 * MAX_GROUPS, "{}: {f}", s.name);
                let total: u32 = f
                    .bytes()
                    .step_by(2)
                    .map(|b| char::from(b).to_digit(36).unwrap_or(99))
                    .sum();
                assert!(s.lengths & (1 << total) != 0, "{}: {f}", s.name);
            }
        }
    }

    #[test]
    fn detects_through_the_validator() {
        let v = crate::Validator::new();
        let fires = |id: &str| v.check(id).has(Rule::PiiNationalId);
        assert!(fires("ssn:536-90-4399"));
        assert!(fires("user_36574261809"));
        assert!(!fires("app_536904399"));
        assert!(fires("ssn_536904399"));
        assert!(!fires("1715494974487"));
        assert!(!fires("4111 1111 1111 1111"));
    }
}

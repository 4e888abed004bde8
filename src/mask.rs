//! Masked excerpts: enough of a value to recognise its shape in a log, never enough to recover it.

/// The longest excerpt, in characters, before it is cut with `…`.
const MAX_EXCERPT_CHARS: usize = 24;

/// Masks a value for messages: the first character of each alphanumeric run and
/// the separators between runs are kept, every other character becomes `*`.
/// A short final alphabetic run after a dot (a domain's TLD such as `com`) is kept,
/// since it says little about the person. Long values are cut at 24 characters.
///
/// ```text
/// jane@example.com  ->  j***@e******.com
/// +1-559-349-8067   ->  +1-5**-3**-8***
/// ```
///
/// # Example
/// ```
/// assert_eq!(idpolicy::mask("jane@example.com"), "j***@e******.com");
/// ```
pub fn mask(value: &str) -> String {
    let mut out = String::with_capacity(value.len().min(4 * MAX_EXCERPT_CHARS) + 3);
    mask_into(value, &mut out);
    out
}

/// [`mask`], appending to `out` without intermediate allocations.
pub(crate) fn mask_into(value: &str, out: &mut String) {
    if value.is_ascii() {
        mask_ascii_into(value.as_bytes(), out);
    } else {
        mask_chars_into(value, out);
    }
}

/// [`mask_into`] for any text, one character at a time.
fn mask_chars_into(value: &str, out: &mut String) {
    let cut = value
        .char_indices()
        .nth(MAX_EXCERPT_CHARS)
        .map(|(at, _)| at);
    let shown = &value[..cut.unwrap_or(value.len())];
    // Keep a trailing `.tld` of 2-4 ASCII letters when nothing was cut.
    let tld_start = shown.rfind('.').filter(|&dot| {
        let tail = &shown[dot + 1..];
        cut.is_none()
            && dot > 0
            && (2..=4).contains(&tail.len())
            && tail.bytes().all(|b| b.is_ascii_alphabetic())
    });
    let mut previous_alnum = false;
    for (at, c) in shown.char_indices() {
        let alnum = c.is_alphanumeric();
        if tld_start.is_some_and(|dot| at > dot) || !alnum && !c.is_control() {
            out.push(if c.is_whitespace() { '␠' } else { c });
        } else if c.is_control() || is_invisible(c) {
            out.push('�');
        } else if !previous_alnum {
            out.push(c);
        } else {
            out.push('*');
        }
        previous_alnum = alnum;
    }
    if cut.is_some() {
        out.push('…');
    }
}

/// [`mask_into`] for ASCII text, where every character is one byte: the same
/// output without char decoding or Unicode class lookups. Almost every finding's
/// excerpt takes this path, so it is on the validator's hot path.
fn mask_ascii_into(value: &[u8], out: &mut String) {
    // The UTF-8 encodings of `␠` (U+2420) and `�` (U+FFFD).
    const SPACE: &[u8; 3] = b"\xe2\x90\xa0";
    const REPLACEMENT: &[u8; 3] = b"\xef\xbf\xbd";
    let cut = value.len() > MAX_EXCERPT_CHARS;
    let shown = &value[..value.len().min(MAX_EXCERPT_CHARS)];
    let tld_start = shown.iter().rposition(|&b| b == b'.').filter(|&dot| {
        let tail = &shown[dot + 1..];
        !cut && dot > 0 && (2..=4).contains(&tail.len()) && tail.iter().all(u8::is_ascii_alphabetic)
    });
    // Alphanumerics in the kept `.tld` are shown too.
    let tld_from = tld_start.map_or(usize::MAX, |dot| dot + 1);
    // Room for every shown byte as a three-byte stand-in (`␠`, `�`).
    let mut masked = [0u8; 3 * MAX_EXCERPT_CHARS];
    let mut len = 0;
    let mut previous_alnum = false;
    for (at, &b) in shown.iter().enumerate() {
        let alnum = b.is_ascii_alphanumeric();
        if b.is_ascii_graphic() {
            masked[len] = if alnum && previous_alnum && at < tld_from {
                b'*'
            } else {
                b
            };
            len += 1;
        } else {
            // A space or a control character (never part of a `.tld`).
            let stand_in = if b == b' ' { SPACE } else { REPLACEMENT };
            masked[len..len + 3].copy_from_slice(stand_in);
            len += 3;
        }
        previous_alnum = alnum;
    }
    // Built from ASCII bytes and whole UTF-8 characters, so this never fails.
    out.push_str(std::str::from_utf8(&masked[..len]).unwrap_or_default());
    if cut {
        out.push('…');
    }
}

/// Format characters that would make an excerpt unreadable or misleading.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{ad}')
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masks_each_run_but_its_first_character() {
        assert_eq!(mask("jane@example.com"), "j***@e******.com");
        assert_eq!(mask("+1-559-349-8067"), "+1-5**-3**-8***");
        assert_eq!(mask("4602745556976664"), "4***************");
    }

    #[test]
    fn ascii_fast_path_matches_the_general_path() {
        let values = [
            "jane@example.com",
            "a.b",
            "x.co",
            "user_12345.json.gz",
            "aaaaaaaaaaaaaaaaaaaaaaaa.com",
            "aaaaaaaaaaaaaaaaaaaaaaa.com",
            "aaaaaaaaaaaaaaaaaaaa.com",
            "aaaaaaaaaaaaaaaaaaaaaaaaa",
            "+1-559-349-8067",
            ".com",
            "ab..cd.EFGH",
            "ab.c1",
            "!!!",
            "ab cd.com",
            "a\tb\u{7f}c",
            "",
        ];
        for value in values {
            let (mut fast, mut general) = (String::new(), String::new());
            super::mask_ascii_into(value.as_bytes(), &mut fast);
            super::mask_chars_into(value, &mut general);
            assert_eq!(fast, general, "{value}");
        }
    }

    proptest::proptest! {
        #[test]
        fn both_paths_agree_on_any_ascii(value in "[\\x00-\\x7f]{0,40}") {
            let (mut fast, mut general) = (String::new(), String::new());
            super::mask_ascii_into(value.as_bytes(), &mut fast);
            super::mask_chars_into(&value, &mut general);
            proptest::prop_assert_eq!(fast, general);
        }
    }

    #[test]
    fn long_values_are_cut() {
        let masked = mask(&"a".repeat(100));
        assert_eq!(masked.chars().count(), 25);
        assert!(masked.ends_with('…'));
    }

    #[test]
    fn controls_and_spaces_are_made_visible() {
        assert_eq!(mask("ab\ncd"), "a*�c*");
        assert_eq!(mask("ab cd"), "a*␠c*");
        assert_eq!(mask(""), "");
    }
}

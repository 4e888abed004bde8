//! Splitting an id into the tokens a name could be made of.
//!
//! An id is cut into maximal runs of ASCII letters and digits. A run of letters
//! followed by digits yields its letters (split at camel-case boundaries) and
//! remembers the digits; a digits-only run is reported so that `kelly_47` can be
//! seen; any other run (digits inside letters, random mixed case) is a blob, and
//! an id holding a blob is not read for names at all: Stripe, Clerk or Firebase
//! ids can hide name-like substrings in their random tails.

use std::ops::Range;

use super::super::names::{self, Entry, MAX_TOKEN};
use super::super::scan::{self, DIGIT, LETTER};

/// The separator value recorded for a camel-case boundary inside one run.
pub(super) const CAMEL: u8 = 0x02;
/// The separator value for a gap of more than one byte between runs.
const GAP: u8 = 0x03;
/// Stands in for a character that is neither a letter, a digit nor a separator;
/// not ASCII, so the tokenizer never takes it for a control byte.
const OPAQUE: u8 = 0xff;

/// One token: a run of letters (or one camel-case part of it).
///
/// Small and `Copy`: the lowercase text is rebuilt from the id by [`Tok::lower`]
/// on the rare paths that read it, instead of being carried along.
#[derive(Clone, Copy)]
pub(super) struct Tok {
    /// Byte range in the (normalized) id.
    pub(super) start: usize,
    pub(super) end: usize,
    /// Length in bytes; at most [`MAX_TOKEN`].
    pub(super) len: usize,
    /// What the dictionaries know about the lowercase token.
    pub(super) entry: Entry,
    /// The separator before the token: a byte such as `.`, [`CAMEL`], 0 at the start.
    pub(super) sep: u8,
    /// Whether digits follow in the same run (`kelly47`).
    pub(super) digits_after: bool,
    /// Whether the token is the whole letters part of its run, all one case.
    pub(super) whole_run: bool,
}

impl Tok {
    /// The token `bytes[range]`, a run of ASCII letters, looked up in the
    /// dictionaries; `None` when it is too long to be a name part.
    #[inline]
    pub(super) fn read(
        bytes: &[u8],
        range: Range<usize>,
        sep: u8,
        digits_after: bool,
        whole_run: bool,
    ) -> Option<Tok> {
        let len = range.len();
        if len > MAX_TOKEN {
            return None;
        }
        Some(Tok {
            start: range.start,
            end: range.end,
            len,
            entry: names::lookup_letters(bytes, range),
            sep,
            digits_after,
            whole_run,
        })
    }

    /// The token, lowercased, from the bytes it was cut from.
    pub(super) fn lower(&self, bytes: &[u8]) -> Lower {
        Lower::new(bytes.get(self.start..self.end).unwrap_or(&[]))
    }
}

/// A token's lowercase text on the stack, followed by at least 16 zero bytes
/// so that any part of it packs into a dictionary key with one load.
pub(super) struct Lower {
    buf: [u8; MAX_TOKEN + 16],
    len: usize,
}

impl Lower {
    /// `token` lowercased; tokens longer than [`MAX_TOKEN`] are cut short.
    pub(super) fn new(token: &[u8]) -> Lower {
        let mut lower = Lower {
            buf: [0; MAX_TOKEN + 16],
            len: token.len().min(MAX_TOKEN),
        };
        for (out, &b) in lower.buf.iter_mut().zip(token.iter().take(MAX_TOKEN)) {
            *out = b.to_ascii_lowercase();
        }
        lower
    }

    pub(super) fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }

    /// What the dictionaries know about the part `range` of the token.
    pub(super) fn entry(&self, range: Range<usize>) -> Entry {
        names::lookup_letters(&self.buf, range)
    }
}

/// One maximal run of ASCII letters and digits, as the reader sees it.
pub(super) enum Run {
    /// Letters, maybe followed by digits.
    Word(Word),
    /// A run of digits only, with the separator before it.
    Digits { sep: u8 },
    /// A random-looking run: the whole id is skipped, and iteration ends.
    Blob,
    /// An ASCII control byte, which [`Normalized`] drops (joining the runs around
    /// it): the id must be normalized and read again. Iteration ends.
    Control,
}

/// The letters of a run that starts with letters.
#[derive(Clone, Copy)]
pub(super) struct Word {
    /// Byte range of the letters in the (normalized) id.
    pub(super) start: usize,
    pub(super) end: usize,
    /// The separator before the run: a byte such as `.`, 0 at the start.
    pub(super) sep: u8,
    /// Whether digits follow the letters (`kelly47`).
    pub(super) digits_after: bool,
    /// All lowercase or all uppercase: one token; otherwise split at camel case.
    pub(super) one_case: bool,
}

/// Byte classes for the tokenizer: one table load per byte. Digits and letters
/// are [`DIGIT`] and [`LETTER`] of the shared [`scan::CLASS`], anything else 0.
const OTHER: u8 = 0;
/// ASCII control bytes, which only the tokenizer tells apart (see [`Run::Control`]).
/// Not in the shared table: its users read every nonzero class as a letter or digit.
const CONTROL: u8 = 3;

/// The shared [`scan::CLASS`] with [`CONTROL`] added, so letters and digits are
/// defined in one place.
const CLASS: [u8; 256] = {
    let mut table = scan::CLASS;
    let mut b = 0;
    while b < 256 {
        if (b as u8).is_ascii_control() {
            table[b] = CONTROL;
        }
        b += 1;
    }
    table
};

fn class(b: u8) -> u8 {
    CLASS[usize::from(b)]
}

/// Iterator over the [`Run`]s of an id.
pub(super) struct Runs<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Where the previous run ended; 0 before the first, which gives the first
    /// run the same separator rules (a run at 1 takes byte 0 as its separator).
    last_end: usize,
}

impl<'a> Runs<'a> {
    /// Cuts `bytes` into runs; it may hold ASCII control bytes only if it was
    /// not normalized (see [`Run::Control`]).
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Runs {
            bytes,
            pos: 0,
            last_end: 0,
        }
    }

    /// A blob that only the run's boundaries make one (hex, odd mixed case): a
    /// control byte further on would move those boundaries once dropped, so
    /// the id must then be normalized and read again. Ends the iteration.
    pub(super) fn boundary_blob(&mut self) -> Run {
        let rest = self.bytes.get(self.pos..).unwrap_or(&[]);
        let control = rest.iter().any(|&b| class(b) == CONTROL);
        self.pos = self.bytes.len();
        if control { Run::Control } else { Run::Blob }
    }
}

impl Iterator for Runs<'_> {
    type Item = Run;

    #[inline]
    fn next(&mut self) -> Option<Run> {
        let bytes = self.bytes;
        let mut i = self.pos;
        loop {
            match class(*bytes.get(i)?) {
                OTHER => i += 1,
                CONTROL => {
                    self.pos = bytes.len();
                    return Some(Run::Control);
                }
                _ => break,
            }
        }
        let start = i;
        // One pass over the run: letters (noting their case through bit 0x20, set
        // in lowercase ASCII letters and clear in uppercase ones), then digits.
        let (mut all_bits, mut any_bits) = (0xff, 0);
        while let Some(&b) = bytes.get(i).filter(|&&b| class(b) == LETTER) {
            all_bits &= b;
            any_bits |= b;
            i += 1;
        }
        let letters = i - start;
        while bytes.get(i).is_some_and(|&b| class(b) == DIGIT) {
            i += 1;
        }
        // A letter after the digits (`a1b`, `7d1e`): mixed letters and digits are a
        // blob whatever the run's boundaries, so its end is not needed.
        if bytes.get(i).is_some_and(|&b| class(b) == LETTER) {
            self.pos = bytes.len();
            return Some(Run::Blob);
        }
        let end = i;
        let sep = if start == 0 {
            0
        } else if start == self.last_end + 1 {
            bytes.get(self.last_end).copied().unwrap_or(GAP)
        } else {
            GAP
        };
        self.pos = end;
        self.last_end = end;
        let digits = end - start - letters;
        if letters == 0 {
            return Some(Run::Digits { sep });
        }
        if digits > 0
            && letters + digits >= 8
            && bytes[start..start + letters].iter().all(u8::is_ascii_hexdigit)
        {
            return Some(self.boundary_blob());
        }
        Some(Run::Word(Word {
            start,
            end: start + letters,
            sep,
            digits_after: digits > 0,
            one_case: all_bits & 0x20 != 0 || any_bits & 0x20 == 0,
        }))
    }
}

/// Splits mixed-case letters at camel-case boundaries (`GoranHahn`, `JSmith`,
/// `McDonald`); `None` when the parts do not look like words (`kThOpv`).
pub(super) fn camel_parts(word: &[u8], offset: usize) -> Option<([Range<usize>; 4], usize)> {
    let mut parts = [0..0, 0..0, 0..0, 0..0];
    let mut n = 0;
    let mut begin = 0;
    for k in 1..=word.len() {
        let boundary = k == word.len() || {
            let (p, c) = (word.get(k - 1)?, word.get(k)?);
            let next_lower = word.get(k + 1).is_some_and(u8::is_ascii_lowercase);
            c.is_ascii_uppercase()
                && (p.is_ascii_lowercase() || (p.is_ascii_uppercase() && next_lower))
        };
        if boundary {
            let part = word.get(begin..k)?;
            let first = part.first()?;
            let tail_lower = part.get(1..)?.iter().all(u8::is_ascii_lowercase);
            let ok = if first.is_ascii_uppercase() {
                // `Smith`, or a single initial that is not last (`J` in `JSmith`).
                tail_lower && (part.len() >= 2 || k < word.len())
            } else {
                n == 0 && part.len() >= 2 && tail_lower
            };
            if !ok || n == parts.len() {
                return None;
            }
            parts[n] = offset + begin..offset + k;
            n += 1;
            begin = k;
        }
    }
    merge_particles(word, offset, &mut parts, &mut n);
    Some((parts, n))
}

/// Surname particles that camel case splits off: `Mc` + `Donald`.
const PARTICLES: &[&[u8]] = &[
    b"mc", b"mac", b"o", b"de", b"di", b"da", b"du", b"le", b"la", b"van", b"von",
];

/// Joins `Mc`/`Mac`/`O`/`De`/`Van`... with the next part when the whole is a
/// known surname (`McDonald`, `DeVries`).
fn merge_particles(word: &[u8], offset: usize, parts: &mut [Range<usize>; 4], n: &mut usize) {
    let mut i = 0;
    while i + 1 < *n {
        let (Some(a), Some(b)) = (parts.get(i).cloned(), parts.get(i + 1).cloned()) else {
            return;
        };
        let particle = word.get(a.start - offset..a.end - offset).unwrap_or(&[]);
        let is_particle = PARTICLES
            .iter()
            .any(|p| p.eq_ignore_ascii_case(particle));
        let merged = a.start..b.end;
        let known = is_particle
            && word
                .get(merged.start - offset..merged.end - offset)
                .filter(|merged| merged.len() <= MAX_TOKEN)
                .is_some_and(|merged| names::lookup(merged).surname().is_some());
        if known {
            parts[i] = merged;
            for j in i + 1..*n - 1 {
                parts[j] = parts[j + 1].clone();
            }
            *n -= 1;
        }
        i += 1;
    }
}

/// An id rewritten for tokenizing: Latin letters with diacritics folded to ASCII,
/// invisible and control characters dropped, other characters made separators.
pub(super) struct Normalized {
    pub(super) bytes: Vec<u8>,
    /// For each byte of `bytes`, the byte range of the character it came from.
    origin: Vec<(usize, usize)>,
}

impl Normalized {
    pub(super) fn new(text: &str) -> Self {
        let mut bytes = Vec::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len());
        for (at, c) in text.char_indices() {
            let end = at + c.len_utf8();
            let mut push = |s: &[u8]| {
                for &b in s {
                    bytes.push(b);
                    origin.push((at, end));
                }
            };
            if c.is_ascii() {
                if !c.is_ascii_control() {
                    push(&[c as u8]);
                }
            } else if let Some(folded) = names::fold_char(c) {
                if c.is_uppercase() {
                    // Keep the case so that `MÜLLER` stays one all-caps word.
                    let mut upper = [0u8; 2];
                    for (d, s) in upper.iter_mut().zip(folded.bytes()) {
                        *d = s.to_ascii_uppercase();
                    }
                    push(upper.get(..folded.len()).unwrap_or(&[]));
                } else {
                    push(folded.as_bytes());
                }
            } else if invisible(c) {
                // dropped, as if absent
            } else if c.is_whitespace() {
                push(b" ");
            } else {
                push(&[OPAQUE]);
            }
        }
        Normalized { bytes, origin }
    }

    /// Maps a range of `bytes` back to the original text.
    pub(super) fn original(&self, span: Range<usize>) -> Range<usize> {
        let start = self.origin.get(span.start).map_or(0, |o| o.0);
        let end = span
            .end
            .checked_sub(1)
            .and_then(|i| self.origin.get(i))
            .map_or(start, |o| o.1);
        start..end.max(start)
    }
}

/// Control and format characters that render as nothing.
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of `id` as the reader sees them: lowercase words, `#` for
    /// digits, `?` for opaque runs, `!` for a blob and `^` for a control byte.
    fn kinds(id: &str) -> Vec<String> {
        let bytes = id.as_bytes();
        let lower = |r: Range<usize>| String::from_utf8_lossy(&bytes[r]).to_lowercase();
        let mut runs = Runs::new(bytes);
        let mut out = Vec::new();
        while let Some(run) = runs.next() {
            let run = match run {
                Run::Word(w) if !w.one_case => match camel_parts(&bytes[w.start..w.end], w.start) {
                    Some((parts, n)) => {
                        out.extend(parts.into_iter().take(n).map(lower));
                        continue;
                    }
                    None if w.end - w.start >= 8 => runs.boundary_blob(),
                    None => {
                        out.push("?".to_owned());
                        continue;
                    }
                },
                run => run,
            };
            out.push(match run {
                Run::Word(w) => lower(w.start..w.end),
                Run::Digits { .. } => "#".to_owned(),
                Run::Blob => "!".to_owned(),
                Run::Control => "^".to_owned(),
            });
        }
        out
    }

    #[test]
    fn classes_are_digits_letters_controls_and_the_rest() {
        for b in 0..=255u8 {
            let expected = if b.is_ascii_digit() {
                DIGIT
            } else if b.is_ascii_alphabetic() {
                LETTER
            } else if b.is_ascii_control() {
                CONTROL
            } else {
                OTHER
            };
            assert_eq!(class(b), expected, "{b:#04x}");
        }
        const { assert!(CONTROL != DIGIT && CONTROL != LETTER && CONTROL != OTHER) };
    }

    #[test]
    fn tokenizes_names_and_skips_blobs() {
        assert_eq!(kinds("app_GoranHahn_9766"), ["app", "goran", "hahn", "#"]);
        assert_eq!(kinds("JSmith"), ["j", "smith"]);
        assert_eq!(kinds("DavidMcDonald"), ["david", "mcdonald"]);
        assert_eq!(kinds("kelly47"), ["kelly"]);
        assert_eq!(kinds("cus_kThOpv8XPq3OCw"), ["cus", "!"]);
        assert_eq!(kinds("kThOpv"), ["?"]);
        assert_eq!(kinds("bdwZLdkRgihWTy"), ["!"]);
        // Control bytes stop the tokenizer: dropping them joins runs.
        assert_eq!(kinds("ab\x00cd"), ["ab", "^"]);
        // A hex run is a blob only if no control byte follows to move its bounds.
        assert_eq!(kinds("abcdef12"), ["!"]);
        assert_eq!(kinds("abcdef12\ngh"), ["^"]);
    }

    #[test]
    fn separators_are_recorded() {
        let toks: Vec<u8> = Runs::new(b"@a.b_c-d  e")
            .filter_map(|run| match run {
                Run::Word(w) => Some(w.sep),
                _ => None,
            })
            .collect();
        assert_eq!(toks, [b'@', b'.', b'_', b'-', GAP]);
    }

    #[test]
    fn normalizes_and_maps_back() {
        let n = Normalized::new("Jos\u{e9}\u{200b}_M\u{fc}ller");
        assert_eq!(n.bytes, b"Jose_Muller");
        assert_eq!(n.original(5..11), 9..16);
        assert_eq!(n.original(0..4), 0..5);
    }
}

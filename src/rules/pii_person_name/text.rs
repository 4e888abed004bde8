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

/// The separator value recorded for a camel-case boundary inside one run.
pub(super) const CAMEL: u8 = 0x02;
/// The separator value for a gap of more than one byte between runs.
const GAP: u8 = 0x03;
/// Stands in for a character that is neither a letter, a digit nor a separator.
const OPAQUE: u8 = 0x01;

/// One token: a run of letters (or one camel-case part of it).
#[derive(Clone)]
pub(super) struct Tok {
    /// Byte range in the (normalized) id.
    pub(super) start: usize,
    pub(super) end: usize,
    /// Length in bytes; at most [`MAX_TOKEN`].
    pub(super) len: usize,
    buf: [u8; MAX_TOKEN],
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
    /// The token, lowercased.
    pub(super) fn lower(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }
}

/// What the tokenizer yields.
pub(super) enum Item {
    /// A letter token.
    Token(Tok),
    /// A run of digits only, with the separator before it.
    Digits { sep: u8 },
    /// A run that cannot hold a name but does not look random either.
    Opaque,
    /// A random-looking run: the whole id is skipped.
    Blob,
}

/// Iterator over the [`Item`]s of an id.
pub(super) struct Tokens<'a> {
    bytes: &'a [u8],
    pos: usize,
    last_end: Option<usize>,
    parts: [Range<usize>; 4],
    n_parts: usize,
    next_part: usize,
    run_sep: u8,
    run_digits: bool,
    run_whole: bool,
}

impl<'a> Tokens<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Tokens {
            bytes,
            pos: 0,
            last_end: None,
            parts: [0..0, 0..0, 0..0, 0..0],
            n_parts: 0,
            next_part: 0,
            run_sep: 0,
            run_digits: false,
            run_whole: false,
        }
    }

    fn emit_part(&mut self) -> Option<Item> {
        let i = self.next_part;
        let range = self.parts.get(i)?.clone();
        self.next_part += 1;
        let raw = self.bytes.get(range.clone())?;
        let Some((buf, len)) = names::lower(raw) else {
            return Some(Item::Opaque);
        };
        let entry = names::lookup(buf.get(..len).unwrap_or(&[]));
        Some(Item::Token(Tok {
            start: range.start,
            end: range.end,
            len,
            buf,
            entry,
            sep: if i == 0 { self.run_sep } else { CAMEL },
            digits_after: self.run_digits && self.next_part == self.n_parts,
            whole_run: self.run_whole,
        }))
    }
}

impl Iterator for Tokens<'_> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.next_part < self.n_parts {
            return self.emit_part();
        }
        let bytes = self.bytes;
        let start = self.pos
            + bytes
                .get(self.pos..)?
                .iter()
                .position(u8::is_ascii_alphanumeric)?;
        let end = start
            + bytes
                .get(start..)?
                .iter()
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(bytes.len() - start);
        self.pos = end;
        let sep = match (self.last_end, start) {
            (_, 0) => 0,
            (Some(e), s) if s == e + 1 => bytes.get(e).copied().unwrap_or(GAP),
            (None, 1) => bytes.first().copied().unwrap_or(GAP),
            _ => GAP,
        };
        self.last_end = Some(end);
        let run = bytes.get(start..end)?;
        Some(self.classify(run, start, sep))
    }
}

impl Tokens<'_> {
    fn classify(&mut self, run: &[u8], start: usize, sep: u8) -> Item {
        let letters = run.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let digits = run.len() - letters;
        if run
            .get(letters..)
            .is_some_and(|rest| !rest.iter().all(u8::is_ascii_digit))
        {
            return Item::Blob;
        }
        if letters == 0 {
            return Item::Digits { sep };
        }
        if digits > 0 && run.len() >= 8 && run.iter().all(u8::is_ascii_hexdigit) {
            return Item::Blob;
        }
        let word = run.get(..letters).unwrap_or(&[]);
        let lower = word.iter().all(u8::is_ascii_lowercase);
        let upper = word.iter().all(u8::is_ascii_uppercase);
        self.run_sep = sep;
        self.run_digits = digits > 0;
        self.next_part = 0;
        if lower || upper {
            self.parts[0] = start..start + letters;
            self.n_parts = 1;
            self.run_whole = true;
        } else {
            match camel_parts(word, start) {
                Some((parts, n)) => {
                    self.parts = parts;
                    self.n_parts = n;
                    self.run_whole = false;
                }
                None if letters >= 8 => return Item::Blob,
                None => return Item::Opaque,
            }
        }
        self.emit_part().unwrap_or(Item::Opaque)
    }
}

/// Splits mixed-case letters at camel-case boundaries (`GoranHahn`, `JSmith`,
/// `McDonald`); `None` when the parts do not look like words (`kThOpv`).
fn camel_parts(word: &[u8], offset: usize) -> Option<([Range<usize>; 4], usize)> {
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

/// Joins `Mc`/`Mac`/`O`/`De`/`Van`... with the next part when the whole is a
/// known surname (`McDonald`, `DeVries`).
fn merge_particles(word: &[u8], offset: usize, parts: &mut [Range<usize>; 4], n: &mut usize) {
    let mut i = 0;
    while i + 1 < *n {
        let (Some(a), Some(b)) = (parts.get(i).cloned(), parts.get(i + 1).cloned()) else {
            return;
        };
        let particle = word.get(a.start - offset..a.end - offset).unwrap_or(&[]);
        let is_particle = matches!(
            particle.to_ascii_lowercase().as_slice(),
            b"mc" | b"mac" | b"o" | b"de" | b"di" | b"da" | b"du" | b"le" | b"la" | b"van" | b"von"
        );
        let merged = a.start..b.end;
        let known = is_particle
            && word
                .get(merged.start - offset..merged.end - offset)
                .and_then(names::lower)
                .is_some_and(|(buf, len)| {
                    names::lookup(buf.get(..len).unwrap_or(&[]))
                        .surname()
                        .is_some()
                });
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

    fn kinds(id: &str) -> Vec<String> {
        Tokens::new(id.as_bytes())
            .map(|item| match item {
                Item::Token(t) => String::from_utf8_lossy(t.lower()).into_owned(),
                Item::Digits { .. } => "#".to_owned(),
                Item::Opaque => "?".to_owned(),
                Item::Blob => "!".to_owned(),
            })
            .collect()
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
    }

    #[test]
    fn separators_are_recorded() {
        let toks: Vec<u8> = Tokens::new(b"@a.b_c-d  e")
            .filter_map(|i| match i {
                Item::Token(t) => Some(t.sep),
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

//! Canonicalization of internal ids before hashing.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// How [`HmacPolicy`](crate::HmacPolicy) normalizes an internal id before hashing,
/// so that spellings of the same id map to the same user id.
///
/// Steps run in this order, each on by its flag:
///
/// 1. `trim` (default **on**): remove surrounding Unicode whitespace.
/// 2. `nfc` (default **on**): Unicode Normalization Form C, so that `é` typed as
///    one code point or as `e` + combining accent is the same id.
/// 3. `case_fold` (default **off**): Unicode lowercase mapping (`char::to_lowercase`
///    per character), for ids that are case-insensitive such as emails.
///
/// Changing any flag changes every id: treat it like changing the key.
///
/// # Example
/// ```
/// use idpolicy::Canonicalization;
///
/// let fold = Canonicalization { case_fold: true, ..Canonicalization::default() };
/// assert_eq!(fold.apply(" Bob@Example.com"), "bob@example.com");
/// assert_eq!(Canonicalization::default().apply(" Bob "), "Bob");
/// assert_eq!(Canonicalization::NONE.apply(" Bob "), " Bob ");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Canonicalization {
    /// Remove surrounding whitespace.
    pub trim: bool,
    /// Apply Unicode NFC.
    pub nfc: bool,
    /// Map to Unicode lowercase.
    pub case_fold: bool,
}

impl Default for Canonicalization {
    fn default() -> Self {
        Canonicalization {
            trim: true,
            nfc: true,
            case_fold: false,
        }
    }
}

impl Canonicalization {
    /// Every step off: the id is hashed byte for byte.
    ///
    /// # Example
    /// ```
    /// assert_eq!(idpolicy::Canonicalization::NONE.apply(" A "), " A ");
    /// ```
    pub const NONE: Canonicalization = Canonicalization {
        trim: false,
        nfc: false,
        case_fold: false,
    };

    /// The canonical form of `id`, borrowed when no step changes it.
    ///
    /// [`HmacPolicy`](crate::HmacPolicy) hashes exactly these bytes (without building
    /// the string when it can avoid it).
    ///
    /// # Example
    /// ```
    /// use std::borrow::Cow;
    /// use idpolicy::Canonicalization;
    ///
    /// let canon = Canonicalization::default();
    /// // `e` + COMBINING ACUTE ACCENT becomes the single code point `é`.
    /// assert_eq!(canon.apply(" Ame\u{301}lie\n"), "Am\u{e9}lie");
    /// assert!(matches!(canon.apply("user_42"), Cow::Borrowed("user_42")));
    /// ```
    pub fn apply<'a>(&self, id: &'a str) -> Cow<'a, str> {
        let id = self.trimmed(id);
        if !self.needs_chars(id) {
            return Cow::Borrowed(id);
        }
        let mut out = String::with_capacity(id.len());
        self.for_each_char(id, |c| out.push(c));
        Cow::Owned(out)
    }

    /// The id after the trim step.
    #[inline]
    pub(crate) fn trimmed<'a>(&self, id: &'a str) -> &'a str {
        // Most ids start and end with a visible ASCII character and need no
        // trimming; checking the two ends skips the Unicode whitespace walk.
        let visible = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b < 0x7f);
        if !self.trim || (visible(id.as_bytes().first()) && visible(id.as_bytes().last())) {
            id
        } else {
            id.trim()
        }
    }

    /// Whether the (trimmed) id must go through the character-level steps.
    pub(crate) fn needs_chars(&self, id: &str) -> bool {
        let needs_nfc = self.nfc && !id.is_ascii() && is_nfc_quick(id.chars()) != IsNormalized::Yes;
        let needs_fold = self.case_fold
            && id
                .chars()
                .any(|c| !c.is_lowercase() && c.to_lowercase().next() != Some(c));
        needs_nfc || needs_fold
    }

    /// Feeds the canonical characters of a trimmed id to `sink`, without allocating.
    pub(crate) fn for_each_char(&self, id: &str, mut sink: impl FnMut(char)) {
        let mut emit = |c: char| {
            if self.case_fold {
                c.to_lowercase().for_each(&mut sink);
            } else {
                sink(c);
            }
        };
        if self.nfc && !id.is_ascii() {
            id.nfc().for_each(&mut emit);
        } else {
            id.chars().for_each(&mut emit);
        }
    }
}

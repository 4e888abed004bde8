//! Learns the usual shape of the ids an application sends and reports outliers
//! (the "be consistent" practice), with memory bounded by a fixed-size table.

use std::fmt;

use crate::mask::mask;
use crate::rules::Rule;
use crate::validator::{Finding, Severity};

/// The longest prefix, in bytes with its separator, that a shape records.
const MAX_PREFIX: usize = 16;

/// How many distinct shapes a checker remembers by default.
///
/// # Example
/// ```
/// use idpolicy::{ConsistencyChecker, DEFAULT_SHAPE_CAPACITY};
/// assert_eq!(ConsistencyChecker::new().capacity(), DEFAULT_SHAPE_CAPACITY);
/// ```
pub const DEFAULT_SHAPE_CAPACITY: usize = 64;

/// How many ids a checker sees by default before it reports anything.
///
/// # Example
/// ```
/// use idpolicy::{ConsistencyChecker, DEFAULT_MIN_SAMPLES};
///
/// let mut checker = ConsistencyChecker::new();
/// for n in 0..DEFAULT_MIN_SAMPLES - 1 {
///     checker.train(&format!("app_{n}"));
/// }
/// assert!(checker.check("jane.doe@example.com").is_none()); // still warming up
/// checker.train("app_99");
/// assert!(checker.check("jane.doe@example.com").is_some());
/// ```
pub const DEFAULT_MIN_SAMPLES: u64 = 100;

/// By default, a shape seen in less than this share of the stream is an outlier.
///
/// # Example
/// ```
/// use idpolicy::{ConsistencyChecker, DEFAULT_RARE_SHARE};
/// assert_eq!(ConsistencyChecker::new().rare_share(), DEFAULT_RARE_SHARE);
/// ```
pub const DEFAULT_RARE_SHARE: f64 = 0.01;

const DIGIT: u16 = 1 << 0;
const LOWER: u16 = 1 << 1;
const UPPER: u16 = 1 << 2;
const HYPHEN: u16 = 1 << 3;
const UNDERSCORE: u16 = 1 << 4;
const DOT: u16 = 1 << 5;
const AT: u16 = 1 << 6;
const COLON: u16 = 1 << 7;
const OTHER_PUNCT: u16 = 1 << 8;
const SPACE: u16 = 1 << 9;
const NON_ASCII: u16 = 1 << 10;

const CLASS_NAMES: &[(u16, &str)] = &[
    (DIGIT, "0-9"),
    (LOWER, "a-z"),
    (UPPER, "A-Z"),
    (HYPHEN, "-"),
    (UNDERSCORE, "_"),
    (DOT, "."),
    (AT, "@"),
    (COLON, ":"),
    (OTHER_PUNCT, " other punctuation"),
    (SPACE, " whitespace or control"),
    (NON_ASCII, " non-ASCII"),
];

/// The shape of an id: its prefix, which character classes follow it, and (kept
/// per table entry) its length band.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Shape {
    prefix: [u8; MAX_PREFIX],
    prefix_len: u8,
    classes: u16,
}

impl Shape {
    fn of(id: &str) -> (Shape, u32) {
        let (prefix, rest) = split_prefix(id);
        let mut bytes = [0u8; MAX_PREFIX];
        bytes[..prefix.len()].copy_from_slice(prefix.as_bytes());
        let classes = rest.chars().fold(0, |set, c| set | class_of(c));
        let len = u32::try_from(id.chars().count()).unwrap_or(u32::MAX);
        (
            Shape {
                prefix: bytes,
                // `split_prefix` keeps prefixes within MAX_PREFIX bytes.
                prefix_len: prefix.len() as u8,
                classes,
            },
            len,
        )
    }

    fn prefix(&self) -> &[u8] {
        &self.prefix[..usize::from(self.prefix_len)]
    }

    /// Describes the shape; the prefix is shown only for learned shapes, which
    /// are common by construction, and masked otherwise.
    fn describe(&self, show_prefix: bool) -> String {
        let mut text = String::new();
        if self.prefix_len == 0 {
            text.push_str("no prefix, ");
        } else {
            let prefix = String::from_utf8_lossy(self.prefix());
            let shown = if show_prefix {
                prefix.into_owned()
            } else {
                mask(&prefix)
            };
            text.push_str(&format!("prefix `{shown}`, "));
        }
        text.push('[');
        for &(bit, name) in CLASS_NAMES {
            if self.classes & bit != 0 {
                text.push_str(name);
            }
        }
        text.push(']');
        text
    }
}

/// Splits a leading `name_`, `name:`, `name|`, `name=` or `letters-` prefix off an
/// id. The name must hold a letter (so numbers are not prefixes) and a `-` prefix
/// must be all letters (so the first group of a UUID is not one).
fn split_prefix(id: &str) -> (&str, &str) {
    let bytes = id.as_bytes();
    for (i, &b) in bytes.iter().enumerate().take(MAX_PREFIX) {
        if b.is_ascii_alphanumeric() {
            continue;
        }
        let run = &bytes[..i];
        let separator = matches!(b, b'_' | b':' | b'|' | b'=')
            || b == b'-' && run.iter().all(u8::is_ascii_alphabetic);
        if i > 0 && separator && run.iter().any(u8::is_ascii_alphabetic) && i + 1 < bytes.len() {
            return (&id[..=i], &id[i + 1..]);
        }
        break;
    }
    ("", id)
}

fn class_of(c: char) -> u16 {
    match c {
        '0'..='9' => DIGIT,
        'a'..='z' => LOWER,
        'A'..='Z' => UPPER,
        '-' => HYPHEN,
        '_' => UNDERSCORE,
        '.' => DOT,
        '@' => AT,
        ':' => COLON,
        c if c.is_whitespace() || c.is_control() => SPACE,
        c if c.is_ascii() => OTHER_PUNCT,
        _ => NON_ASCII,
    }
}

/// One remembered shape with its count and length band.
#[derive(Clone)]
struct Entry {
    shape: Shape,
    count: u64,
    min_len: u32,
    max_len: u32,
}

impl Entry {
    /// Whether `len` lies within the learned band, widened by half its width plus two
    /// so that ids that grow slowly (`app_9999` to `app_10000`) stay in it.
    fn fits(&self, len: u32) -> bool {
        let slack = 2 + (self.max_len - self.min_len) / 2;
        len.saturating_add(slack) >= self.min_len && len <= self.max_len.saturating_add(slack)
    }

    /// Whether an id of `shape` and `len` looks like the ids of this entry: same
    /// prefix, character classes a subset of this entry's, length in the band.
    fn supports(&self, shape: &Shape, len: u32) -> bool {
        self.shape.prefix() == shape.prefix()
            && shape.classes & !self.shape.classes == 0
            && self.fits(len)
    }
}

/// Learns the shape of the ids in a stream (prefix, character classes, length
/// band) and reports ids that do not look like the others, under
/// [`Rule::FormatInconsistent`] (`format-inconsistent`).
///
/// An application should send ids of one shape: 10,000 `app_<digits>` ids followed
/// by an email or a UUID means some code path bypasses the id policy. The checker
/// reports nothing until it has seen [`DEFAULT_MIN_SAMPLES`] ids; after that an id
/// is an outlier when fewer than [`DEFAULT_RARE_SHARE`] of the ids seen so far share
/// its prefix, have its character classes (or more) and a length near it.
///
/// Memory is bounded: at most [`DEFAULT_SHAPE_CAPACITY`] shapes are remembered,
/// each with a count and a length band. When the table is full a rare shape makes
/// room; when every shape is common, new shapes are counted but not remembered.
/// Ids themselves are never stored, only prefixes of at most 16 bytes.
///
/// # Example
/// ```
/// use idpolicy::{ConsistencyChecker, Rule};
///
/// let mut checker = ConsistencyChecker::new();
/// for n in 0..10_000 {
///     assert!(checker.observe(&format!("app_{n}")).is_none());
/// }
/// let finding = checker.observe("jane.doe@example.com").expect("an outlier");
/// assert_eq!(finding.rule(), Rule::FormatInconsistent);
/// assert!(!finding.message().contains("jane.doe@example.com"));
/// assert!(checker.check("550e8400-e29b-41d4-a716-446655440000").is_some());
/// assert!(checker.check("app_10000").is_none());
/// ```
#[derive(Clone)]
pub struct ConsistencyChecker {
    entries: Vec<Entry>,
    capacity: usize,
    total: u64,
    min_samples: u64,
    rare_share: f64,
    severity: Severity,
}

impl Default for ConsistencyChecker {
    fn default() -> Self {
        ConsistencyChecker::new()
    }
}

impl fmt::Debug for ConsistencyChecker {
    /// Prints counts only: learned prefixes may come from raw ids.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConsistencyChecker")
            .field("observed", &self.total)
            .field("shapes", &self.entries.len())
            .field("capacity", &self.capacity)
            .finish_non_exhaustive()
    }
}

impl ConsistencyChecker {
    /// A checker with the default capacity, warm-up and rarity threshold, reporting
    /// at the rule's default level ([`Severity::Warn`]).
    ///
    /// # Example
    /// ```
    /// let checker = idpolicy::ConsistencyChecker::new();
    /// assert_eq!(checker.observed(), 0);
    /// ```
    pub fn new() -> Self {
        ConsistencyChecker {
            entries: Vec::with_capacity(DEFAULT_SHAPE_CAPACITY),
            capacity: DEFAULT_SHAPE_CAPACITY,
            total: 0,
            min_samples: DEFAULT_MIN_SAMPLES,
            rare_share: DEFAULT_RARE_SHARE,
            severity: Rule::FormatInconsistent.default_severity(),
        }
    }

    /// Sets how many shapes are remembered (at least 1).
    ///
    /// # Example
    /// ```
    /// let checker = idpolicy::ConsistencyChecker::new().with_capacity(8);
    /// assert_eq!(checker.capacity(), 8);
    /// ```
    #[must_use]
    pub fn with_capacity(mut self, capacity: usize) -> Self {
        self.capacity = capacity.max(1);
        self.entries.truncate(self.capacity);
        self
    }

    /// Sets how many ids must be seen before anything is reported.
    ///
    /// # Example
    /// ```
    /// let mut checker = idpolicy::ConsistencyChecker::new().with_min_samples(3);
    /// for id in ["u_1", "u_2", "u_3"] { checker.observe(id); }
    /// assert!(checker.check("jane@example.com").is_some());
    /// ```
    #[must_use]
    pub fn with_min_samples(mut self, min_samples: u64) -> Self {
        self.min_samples = min_samples.max(1);
        self
    }

    /// Sets the share of the stream below which a shape is an outlier, between 0
    /// and 1; values outside are clamped and NaN keeps the default.
    ///
    /// # Example
    /// ```
    /// let checker = idpolicy::ConsistencyChecker::new().with_rare_share(0.05);
    /// assert_eq!(checker.rare_share(), 0.05);
    /// ```
    #[must_use]
    pub fn with_rare_share(mut self, share: f64) -> Self {
        if !share.is_nan() {
            self.rare_share = share.clamp(0.0, 1.0);
        }
        self
    }

    /// Sets the level of the findings (`Allow` makes the checker report nothing).
    ///
    /// # Example
    /// ```
    /// use idpolicy::{ConsistencyChecker, Severity};
    /// let mut checker = ConsistencyChecker::new().with_min_samples(1).with_severity(Severity::Deny);
    /// checker.observe("app_1");
    /// assert_eq!(checker.check("x@y.example").map(|f| f.severity()), Some(Severity::Deny));
    /// ```
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// How many shapes can be remembered.
    ///
    /// # Example
    /// ```
    /// use idpolicy::ConsistencyChecker;
    /// assert_eq!(ConsistencyChecker::new().with_capacity(16).capacity(), 16);
    /// assert_eq!(ConsistencyChecker::new().with_capacity(0).capacity(), 1);
    /// ```
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The outlier threshold as a share of the stream.
    ///
    /// # Example
    /// ```
    /// use idpolicy::ConsistencyChecker;
    /// assert_eq!(ConsistencyChecker::new().with_rare_share(0.1).rare_share(), 0.1);
    /// assert_eq!(ConsistencyChecker::new().with_rare_share(2.0).rare_share(), 1.0); // clamped
    /// ```
    pub fn rare_share(&self) -> f64 {
        self.rare_share
    }

    /// How many ids have been seen.
    ///
    /// # Example
    /// ```
    /// let mut checker = idpolicy::ConsistencyChecker::new();
    /// checker.observe("app_1");
    /// checker.train("app_2");
    /// let _ = checker.check("app_3"); // checking alone does not count
    /// assert_eq!(checker.observed(), 2);
    /// ```
    pub fn observed(&self) -> u64 {
        self.total
    }

    /// How many distinct shapes are remembered now.
    ///
    /// # Example
    /// ```
    /// let mut checker = idpolicy::ConsistencyChecker::new();
    /// checker.train("app_1");
    /// checker.train("app_22");
    /// checker.train("cus_Ab9");
    /// assert_eq!(checker.shape_count(), 2);
    /// ```
    pub fn shape_count(&self) -> usize {
        self.entries.len()
    }

    /// Checks `id` against what was learned so far, then learns it. Returns a
    /// finding when `id` is an outlier.
    ///
    /// # Example
    /// ```
    /// let mut checker = idpolicy::ConsistencyChecker::new();
    /// let outliers = (0..1000)
    ///     .map(|n| format!("app_{n}"))
    ///     .chain(["9f2c1a7e-5b0d-4c3e-8a61-2f4b7d9e0c13".to_string()])
    ///     .filter_map(|id| checker.observe(&id))
    ///     .count();
    /// assert_eq!(outliers, 1);
    /// ```
    pub fn observe(&mut self, id: &str) -> Option<Finding> {
        let finding = self.check(id);
        self.train(id);
        finding
    }

    /// Learns `id` without checking it.
    ///
    /// # Example
    /// ```
    /// let mut checker = idpolicy::ConsistencyChecker::new();
    /// checker.train("app_1");
    /// assert_eq!(checker.observed(), 1);
    /// ```
    pub fn train(&mut self, id: &str) {
        let (shape, len) = Shape::of(id);
        self.total = self.total.saturating_add(1);
        if let Some(entry) = self.entries.iter_mut().find(|e| e.shape == shape) {
            entry.count = entry.count.saturating_add(1);
            entry.min_len = entry.min_len.min(len);
            entry.max_len = entry.max_len.max(len);
            return;
        }
        let entry = Entry {
            shape,
            count: 1,
            min_len: len,
            max_len: len,
        };
        if self.entries.len() < self.capacity {
            self.entries.push(entry);
            return;
        }
        let threshold = self.threshold();
        if let Some(rarest) = self
            .entries
            .iter_mut()
            .filter(|e| (e.count as f64) < threshold)
            .min_by_key(|e| e.count)
        {
            *rarest = entry;
        }
    }

    /// Checks `id` against what was learned, without learning it. Returns `None`
    /// while fewer than the minimum number of ids have been seen.
    ///
    /// # Example
    /// ```
    /// let mut checker = idpolicy::ConsistencyChecker::new();
    /// for n in 0..500 { checker.train(&format!("usr_{n:06}")); }
    /// assert!(checker.check("usr_000777").is_none());
    /// assert!(checker.check("USR-JANE-DOE").is_some());
    /// assert_eq!(checker.observed(), 500);
    /// ```
    pub fn check(&self, id: &str) -> Option<Finding> {
        if self.total < self.min_samples || self.severity == Severity::Allow {
            return None;
        }
        let (shape, len) = Shape::of(id);
        let threshold = self.threshold();
        let support: u64 = self
            .entries
            .iter()
            .filter(|e| e.supports(&shape, len))
            .map(|e| e.count)
            .sum();
        if support as f64 >= threshold {
            return None;
        }
        Some(Finding::new(
            Rule::FormatInconsistent,
            self.severity,
            0..id.len(),
            self.message(id, &shape, len),
        ))
    }

    fn threshold(&self) -> f64 {
        (self.total as f64 * self.rare_share).max(1.0)
    }

    fn message(&self, id: &str, shape: &Shape, len: u32) -> String {
        let mut text = format!(
            "`{}` ({}, {len} characters) does not look like the other ids",
            mask(id),
            shape.describe(false)
        );
        if let Some(usual) = self.entries.iter().max_by_key(|e| e.count) {
            let percent = usual.count as f64 * 100.0 / self.total as f64;
            text.push_str(&format!(
                "; {percent:.1}% of {} ids seen have {}, {}-{} characters",
                self.total,
                usual.shape.describe(true),
                usual.min_len,
                usual.max_len
            ));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(split_prefix("app_123"), ("app_", "123"));
        assert_eq!(split_prefix("k1a2b_00ff"), ("k1a2b_", "00ff"));
        assert_eq!(split_prefix("user-42"), ("user-", "42"));
        assert_eq!(split_prefix("550e8400-e29b"), ("", "550e8400-e29b"));
        assert_eq!(split_prefix("12345_6"), ("", "12345_6"));
        assert_eq!(split_prefix("app_"), ("", "app_"));
        assert_eq!(
            split_prefix("averyveryverylongprefix_1"),
            ("", "averyveryverylongprefix_1")
        );
    }

    #[test]
    fn memory_stays_bounded() {
        let mut checker = ConsistencyChecker::new().with_capacity(4);
        for n in 0..1000 {
            checker.observe(&format!("p{n}_x"));
        }
        assert!(checker.shape_count() <= 4);
        assert_eq!(checker.observed(), 1000);
    }

    #[test]
    fn random_alphabet_subsets_are_not_outliers() {
        let mut checker = ConsistencyChecker::new();
        for n in 0..1000u64 {
            let body: String = (0..14)
                .map(|i| {
                    let x = (n * 31 + i * 7) % 62;
                    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[x as usize]
                        as char
                })
                .collect();
            checker.train(&format!("cus_{body}"));
        }
        assert!(checker.check("cus_abcdefghijklmn").is_none());
        assert!(checker.check("cus_jane@example.com").is_some());
    }

    #[test]
    fn length_outliers() {
        let mut checker = ConsistencyChecker::new();
        for n in 1000..2000 {
            checker.train(&format!("app_{n}"));
        }
        assert!(checker.check("app_12345678901234567890").is_some());
        assert!(checker.check("app_12345").is_none());
    }
}

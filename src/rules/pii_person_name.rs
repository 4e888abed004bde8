use super::names::{self, Entry, MAX_TOKEN};
use super::{Hits, Rule, Scan};

mod text;

use text::{CAMEL, Lower, Normalized, Run, Runs, Tok, camel_parts};

declare_rule! {
    /// ## What it does
    /// Flags ids that spell a person's name: a given name and a surname joined as
    /// `first.last`, `first_last`, `last_first`, `first-last`, `FirstLast` or
    /// `firstlast`, an initial and a surname (`jsmith`, `j.smith`), or a fairly
    /// common name with digits (`kelly47`). Names are recognised with frequency
    /// lists of given names and surnames from many countries, and tokens that are
    /// ordinary words (`maple-desk`, `amber-glacier-84`), role prefixes
    /// (`member_`, `tenant-`) or random-looking blobs are not read as names.
    ///
    /// ## Why is this bad?
    /// A name is personal data. Sending it as the end-user id shares it with the
    /// model provider and stores it in their logs, and it is no stable key: people
    /// change names, and two people share one.
    ///
    /// ## Example
    /// ```text
    /// app_kathleen.martin
    /// ```
    ///
    /// ## Use instead
    /// The account's internal key (`user_48213`), or a keyed hash of it.
    PiiPersonName,
    example: "app_kathleen.martin"
}

/// At most this many findings per id.
const MAX_FINDINGS: usize = 4;

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    let non_ascii = scan.has_non_ascii();
    if !non_ascii && (scan.letters < 3 || !worth_a_look(scan.bytes())) {
        return;
    }
    if scan.has(b'@') && is_email(scan.bytes()) {
        // The local part of an email is the email rule's finding.
        return;
    }
    let mut found = Found::default();
    // ASCII ids are read as they are, unless the tokenizer meets a control byte,
    // which normalizing would drop.
    if !non_ascii {
        match find(scan.bytes(), &mut found) {
            Read::Names => {
                for span in found.spans() {
                    hits.push(Rule::PiiPersonName, scan.text, span.clone(), "person name");
                }
                return;
            }
            Read::NoNames => return,
            Read::Control => found = Found::default(),
        }
    }
    let norm = Normalized::new(scan.text);
    if find(&norm.bytes, &mut found) == Read::Names {
        for span in found.spans() {
            hits.push(
                Rule::PiiPersonName,
                scan.text,
                norm.original(span.clone()),
                "person name",
            );
        }
    }
}

/// A cheap first pass that rules out most ids without a dictionary lookup: a
/// name needs a letter run of four or more letters, or two runs of two or more,
/// that are not role words; and a letter run right after a digit marks a blob,
/// which is never read for names.
fn worth_a_look(bytes: &[u8]) -> bool {
    let mut candidates = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !b.is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        if i > 0 && bytes[i - 1].is_ascii_digit() {
            return false;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        let run = &bytes[start..i];
        if run.len() < 2 || is_role_prefix(run) {
            continue;
        }
        if run.len() >= 4 {
            return true;
        }
        candidates += 1;
        if candidates >= 2 {
            return true;
        }
    }
    false
}

/// The commonest role prefixes, spelled out so the first pass needs no lookup.
fn is_role_prefix(run: &[u8]) -> bool {
    matches!(
        run,
        b"user"
            | b"usr"
            | b"uid"
            | b"id"
            | b"admin"
            | b"member"
            | b"player"
            | b"student"
            | b"tenant"
            | b"customer"
            | b"cust"
            | b"cus"
            | b"subscriber"
            | b"guest"
            | b"account"
            | b"acct"
            | b"client"
            | b"org"
            | b"app"
            | b"emp"
            | b"team"
            | b"group"
            | b"ws"
    )
}

/// `local@domain.tld`: the email rule reports these.
fn is_email(bytes: &[u8]) -> bool {
    match bytes.iter().rposition(|&b| b == b'@') {
        Some(at) if at > 0 => bytes[at..].contains(&b'.'),
        _ => false,
    }
}

/// Spans of names found so far, in the order found.
#[derive(Default)]
struct Found {
    spans: [std::ops::Range<usize>; MAX_FINDINGS],
    len: usize,
}

impl Found {
    fn add(&mut self, span: std::ops::Range<usize>) {
        if self.len == MAX_FINDINGS {
            return;
        }
        if let Some(last) = self.len.checked_sub(1).and_then(|i| self.spans.get(i))
            && span.start < last.end
            && last.start < span.end
        {
            return;
        }
        if let Some(slot) = self.spans.get_mut(self.len) {
            *slot = span;
            self.len += 1;
        }
    }

    fn spans(&self) -> &[std::ops::Range<usize>] {
        self.spans.get(..self.len).unwrap_or(&[])
    }
}

/// What reading an id for names gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read {
    /// The spans in [`Found`] stand.
    Names,
    /// No name, or a random-looking blob that rules the whole id out.
    NoNames,
    /// A control byte: the id must be normalized and read again.
    Control,
}

/// Walks the tokens of `bytes` and records name spans (ids holding a
/// random-looking blob are skipped entirely).
fn find(bytes: &[u8], found: &mut Found) -> Read {
    let mut reader = Reader {
        bytes,
        found,
        prev: None,
        prev2: None,
        named_before_prev: false,
        split_budget: 64,
    };
    let mut runs = Runs::new(bytes);
    while let Some(run) = runs.next() {
        let word = match run {
            Run::Blob => return Read::NoNames,
            Run::Control => return Read::Control,
            Run::Digits { sep } => {
                reader.digits(sep);
                continue;
            }
            Run::Word(word) => word,
        };
        if word.one_case {
            reader.part(word.start..word.end, word.sep, word.digits_after, true);
            continue;
        }
        match camel_parts(&bytes[word.start..word.end], word.start) {
            Some((parts, n)) => {
                for (i, range) in parts.into_iter().take(n).enumerate() {
                    let sep = if i == 0 { word.sep } else { CAMEL };
                    reader.part(range, sep, word.digits_after && i + 1 == n, false);
                }
            }
            // Mixed case that splits into no words: random when long.
            None if word.end - word.start >= 8 => {
                return match runs.boundary_blob() {
                    Run::Control => Read::Control,
                    _ => Read::NoNames,
                };
            }
            None => reader.opaque(),
        }
    }
    if reader.found.len > 0 {
        Read::Names
    } else {
        Read::NoNames
    }
}

/// The state of [`find`] between tokens.
struct Reader<'a> {
    bytes: &'a [u8],
    found: &'a mut Found,
    /// The last two tokens, nearest first, unless digits or an opaque run came since.
    prev: Option<Tok>,
    prev2: Option<Tok>,
    /// Whether a token that is not a role/system word came before `prev`.
    named_before_prev: bool,
    /// The dictionary splits are the costly part: a hostile id of thousands of
    /// long tokens only gets them for its first tokens.
    split_budget: usize,
}

impl Reader<'_> {
    /// A run of digits, after a separator `sep`: `kelly_47`.
    fn digits(&mut self, sep: u8) {
        if let Some(p) = self.prev.as_ref() {
            let joined = matches!(sep, b'-' | b'_' | b'.');
            if joined && !p.digits_after && !self.named_before_prev && single_name(p) {
                self.found.add(p.start..p.end);
            }
        }
        self.prev = None;
        self.prev2 = None;
        self.named_before_prev = false;
    }

    /// A run that cannot hold a name but does not look random either.
    fn opaque(&mut self) {
        self.prev = None;
        self.prev2 = None;
    }

    /// The letters `bytes[range]`: a whole run or one camel-case part of it.
    #[inline]
    fn part(&mut self, range: std::ops::Range<usize>, sep: u8, digits_after: bool, whole: bool) {
        match Tok::read(self.bytes, range, sep, digits_after, whole) {
            Some(cur) => self.token(cur),
            None => self.opaque(),
        }
    }

    fn token(&mut self, cur: Tok) {
        let (bytes, found) = (self.bytes, &mut *self.found);
        if let Some(p) = self.prev.as_ref()
            && !p.digits_after
            && joins(cur.sep)
        {
            if p.len == 1 && cur.len > 1 {
                // `j.smith`, `JSmith`; not `u-turner` (`u-` is a prefix).
                if matches!(cur.sep, b'.' | b' ' | CAMEL) && initial_then_surname(&cur) {
                    found.add(p.start..cur.end);
                } else if let Some(p2) = self.prev2.as_ref() {
                    // `first.m.last`: skip the middle initial.
                    if !p2.digits_after && joins(p.sep) && pair(bytes, p2, &cur, cur.sep) {
                        found.add(p2.start..cur.end);
                    }
                }
            } else if pair(bytes, p, &cur, cur.sep) {
                found.add(p.start..cur.end);
            }
        }
        let heavy = cur.whole_run && cur.len >= 5 && self.split_budget > 0;
        self.split_budget -= usize::from(heavy);
        // Both splits want a token in no word or stop list: test that before
        // lowercasing it.
        let unlisted = cur.entry.word_tier().is_none() && !cur.entry.is_stop();
        if heavy && unlisted && one_run_name(bytes, &cur) {
            found.add(cur.start..cur.end);
        }
        if cur.digits_after && single_name(&cur) {
            found.add(cur.start..cur.end);
        }
        let named = self.prev.as_ref().is_some_and(|p| !p.entry.is_stop());
        self.named_before_prev |= named;
        self.prev2 = self.prev.replace(cur);
    }
}

/// Separators that join the parts of one name.
fn joins(sep: u8) -> bool {
    matches!(sep, b'.' | b'_' | b'-' | b' ' | b'\'' | CAMEL)
}

fn has_vowel(s: &[u8]) -> bool {
    s.iter()
        .any(|b| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y'))
}

/// No run of four consonants, which names rarely have and random strings do.
fn pronounceable(s: &[u8]) -> bool {
    let mut run = 0;
    for &b in s {
        if matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y') {
            run = 0;
        } else {
            run += 1;
            if run >= 4 {
                return false;
            }
        }
    }
    has_vowel(s)
}

/// A given name of some standing that is not an ordinary word.
fn given_within(e: &Entry, len: usize, max_rank: u32) -> bool {
    len >= 3 && e.given().is_some_and(|r| r <= max_rank) && !e.is_wordy()
}

/// A token in no list at all that still looks like it could be a name.
fn unknown_namelike(bytes: &[u8], t: &Tok) -> bool {
    let e = &t.entry;
    t.len >= 3
        && e.rank() == u32::MAX
        && e.word_tier().is_none()
        && !e.is_stop()
        && pronounceable(t.lower(bytes).as_bytes())
}

/// Two adjacent tokens of `bytes` that read as given name and surname (in either order).
fn pair(bytes: &[u8], a: &Tok, b: &Tok, sep: u8) -> bool {
    let (ea, eb) = (&a.entry, &b.entry);
    if ea.is_stop() || eb.is_stop() || a.len < 2 || b.len < 2 {
        return false;
    }
    if ea.is_name() && eb.is_name() {
        // Both are names: at least one must not be an ordinary word, and one
        // must be a given name (`maple-desk`, `green-willow` stay clean)...
        // A very common word that is only a rare surname needs a common given
        // name beside it (`jane.doe`, but not `store-berlin`).
        let everyday = |e: &Entry| e.is_word_within(10) && e.rank() > 15_000;
        if (!ea.is_wordy() || !eb.is_wordy())
            && (ea.given().is_some() || eb.given().is_some())
            && (!everyday(ea) || given_within(eb, b.len, 3_000))
            && (!everyday(eb) || given_within(ea, a.len, 3_000))
        {
            return true;
        }
        // ...unless a common given name is followed by a common surname in the
        // `first.last` or `FirstLast` shapes (`mark.white`, `DeanLynch`).
        return matches!(sep, b'.' | CAMEL)
            && ea.given().is_some_and(|r| r <= 2_000)
            && eb.surname().is_some_and(|r| r <= 2_000)
            && !ea.is_vocabulary();
    }
    if given_within(ea, a.len, 20_000) && unknown_namelike(bytes, b)
        || given_within(eb, b.len, 20_000) && unknown_namelike(bytes, a)
    {
        return true;
    }
    // `ricardo_junk`: a common given name first, then a surname that is also a word.
    matches!(sep, b'.' | b'_' | CAMEL)
        && given_within(ea, a.len, 3_000)
        && b.len >= 4
        && !eb.is_name()
        && !eb.is_stop()
        && !eb.is_vocabulary()
}

/// `j.smith`, `JSmith`: an initial, then a surname.
fn initial_then_surname(t: &Tok) -> bool {
    let e = &t.entry;
    t.len >= 4 && !e.is_wordy() && !e.is_stop() && e.surname().is_some_and(|r| r <= 20_000)
}

/// `jsmith`, `sandramorgan`: one run of letters that holds a whole name.
fn one_run_name(bytes: &[u8], t: &Tok) -> bool {
    let lower = t.lower(bytes);
    initial_and_surname(t, &lower) || concatenated(t, &lower)
}

/// `jsmith`, `cbarre57`: one run of letters that is an initial and a surname
/// (`lower` is the token's lowercase text).
fn initial_and_surname(t: &Tok, lower: &Lower) -> bool {
    let e = &t.entry;
    let n = lower.as_bytes().len();
    if n < 5 || e.word_tier().is_some() || e.is_stop() {
        return false;
    }
    let Some(rest) = lower.as_bytes().get(1..) else {
        return false;
    };
    let re = lower.entry(1..n);
    if re.is_stop() || !has_vowel(rest) {
        return false;
    }
    let Some(rank) = re.surname() else {
        return false;
    };
    // `dallen` is itself a rare surname, but `d` + `allen` is far likelier.
    if e.rank() != u32::MAX && u64::from(rank) * 10 >= u64::from(e.rank()) {
        return false;
    }
    (rest.len() >= 5 && rank <= 50_000) || (rest.len() == 4 && rank <= 3_000 && !re.is_wordy())
}

/// `sandramorgan`, `fouquetsabine`: one run of letters that splits into two names
/// (`lower` is the token's lowercase text).
fn concatenated(t: &Tok, lower: &Lower) -> bool {
    let e = &t.entry;
    let text = lower.as_bytes();
    let n = text.len();
    if !(6..=MAX_TOKEN).contains(&n) || e.word_tier().is_some() || e.is_stop() || e.rank() <= 20_000
    {
        return false;
    }
    let mut halves = Halves::new(lower);
    let mut compound: Option<bool> = None;
    for i in 3..=n - 3 {
        let (a, b) = (0..i, i..n);
        let ea = halves.entry(a.clone());
        if !ea.is_name() {
            continue;
        }
        let eb = halves.entry(b.clone());
        if !eb.is_name() {
            continue;
        }
        let short_ok = |len: usize, e: &Entry| len >= 4 || e.rank() <= 1_000;
        if !short_ok(a.len(), &ea) || !short_ok(b.len(), &eb) {
            continue;
        }
        let strong = |e: &Entry| e.given().is_some_and(|r| r <= 8_000) && !e.is_wordy();
        if (strong(&ea) || strong(&eb))
            && !*compound.get_or_insert_with(|| two_words(&mut halves))
        {
            return true;
        }
    }
    // One half a distinctive given name, the other in no list but name-like
    // (`lailastey`, `doehnrudi`), unless the token is made of English words.
    let mut made_of_words: Option<bool> = None;
    for i in 3..=n - 3 {
        let (a, b) = (0..i, i..n);
        for (given, other) in [(a.clone(), b.clone()), (b, a)] {
            if !(4..=8).contains(&other.len()) {
                continue;
            }
            let eg = halves.entry(given.clone());
            if !long_given(&eg, given.len(), other.len()) {
                continue;
            }
            let eo = halves.entry(other.clone());
            let other = &text[other];
            let other_ok = eo.rank() == u32::MAX
                && eo.word_tier().is_none()
                && !eo.is_stop()
                && pronounceable(other)
                && !holds_word(other);
            if other_ok && !*made_of_words.get_or_insert_with(|| segmentable(text)) {
                return true;
            }
        }
    }
    false
}

/// The dictionary entries of a token's two halves at each split point, each
/// looked up once: [`concatenated`] and [`two_words`] try the same splits.
struct Halves<'a> {
    lower: &'a Lower,
    /// Entries of `lower[..i]` and `lower[i..]` by `i`, once looked up.
    heads: [Option<Entry>; MAX_TOKEN + 1],
    tails: [Option<Entry>; MAX_TOKEN + 1],
}

impl<'a> Halves<'a> {
    fn new(lower: &'a Lower) -> Self {
        Halves {
            lower,
            heads: [None; MAX_TOKEN + 1],
            tails: [None; MAX_TOKEN + 1],
        }
    }

    /// The entry of the part `range`, a head or a tail of the token.
    fn entry(&mut self, range: std::ops::Range<usize>) -> Entry {
        let lower = self.lower;
        let slot = if range.start == 0 {
            self.heads.get_mut(range.end)
        } else {
            self.tails.get_mut(range.start)
        };
        match slot {
            Some(slot) => *slot.get_or_insert_with(|| lower.entry(range)),
            None => lower.entry(range),
        }
    }
}

/// A given name distinctive enough to anchor a concatenation with an unknown part.
fn long_given(e: &Entry, len: usize, other_len: usize) -> bool {
    if e.is_stop() || e.is_wordy() {
        return false;
    }
    let Some(r) = e.given() else {
        return false;
    };
    (len >= 5 && r <= 5_000)
        || (len >= 7 && r <= 30_000)
        || (len == 4 && r <= 5_000 && other_len >= 5)
}

/// `islandrag`, `graineagle`: two common English words run together.
fn two_words(halves: &mut Halves<'_>) -> bool {
    let n = halves.lower.as_bytes().len();
    (3..n.saturating_sub(2))
        .any(|i| halves.entry(0..i).is_word_within(50) && halves.entry(i..n).is_word_within(50))
}

/// Whether `s` contains a common English word of five or more letters.
fn holds_word(s: &[u8]) -> bool {
    (0..s.len()).any(|i| {
        (i + 5..=s.len()).any(|j| {
            s.get(i..j)
                .is_some_and(|w| names::lookup(w).is_word_within(50))
        })
    })
}

/// Whether `s` splits entirely into common English words of three or more letters.
fn segmentable(s: &[u8]) -> bool {
    let n = s.len();
    let mut ok = [false; MAX_TOKEN + 1];
    ok[0] = true;
    for j in 3..=n.min(MAX_TOKEN) {
        ok[j] = (j.saturating_sub(14)..=j - 3).any(|i| {
            ok[i]
                && s.get(i..j)
                    .is_some_and(|w| names::lookup(w).is_word_within(50))
        });
    }
    ok[n.min(MAX_TOKEN)]
}

/// `kelly47`, `adrian_1965-07-09`: a fairly common name that is no ordinary word.
fn single_name(t: &Tok) -> bool {
    let e = &t.entry;
    // Short tokens match names by chance (`tenant_mari12`), so they must be common.
    let limit = if t.len == 4 { 1_000 } else { 8_000 };
    t.len >= 4 && !e.is_stop() && !e.is_wordy() && e.rank() <= limit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fires(id: &str) -> bool {
        let mut found = Found::default();
        let norm = Normalized::new(id);
        let names = find(&norm.bytes, &mut found) == Read::Names;
        // Reading ASCII ids as they are agrees, or hands over to normalizing.
        if id.is_ascii() {
            let raw = find(id.as_bytes(), &mut Found::default());
            assert!(raw == Read::Control || (raw == Read::Names) == names, "{id}");
        }
        names
    }

    #[test]
    fn structures() {
        for id in [
            "jane.doe",
            "JohnSmith",
            "jsmith",
            "smith_john",
            "kelly47",
            "app_kathleen.martin",
            "LuciaBeer_9766",
            "@GoranHahn",
            "sandramorgan",
            "j.smith",
            "JSmith",
            "maria.j.garcia",
            "José.García",
            "MÜLLER_HANS",
            // Control characters are dropped before reading: `ja\0ne` is `jane`.
            "ja\u{0}ne.doe\n",
        ] {
            assert!(fires(id), "{id}");
        }
    }

    #[test]
    fn clean_lookalikes() {
        for id in [
            "quartz-lab",
            "maple-desk",
            "amber-glacier-84",
            "violet-ember-335",
            "desk-teal-7",
            "green-willow-416",
            "tenant_rbq818",
            "player_mnx911",
            "user_12345",
            "cus_kThOpv8XPq3OCw",
            "user_2kr2lwAaITSTzQ6U4pkepvkoSQX",
            "kaqUQSEtliU3ZZMhy8leNfE1TQOH",
            "guest",
            "anonymous",
            "islandrag",
        ] {
            assert!(!fires(id), "{id}");
        }
    }

    #[test]
    fn helpers() {
        assert!(segmentable(b"islandrag"));
        let sandramorgan = Lower::new(b"sandramorgan");
        assert!(!segmentable(b"sandramorgan") || !two_words(&mut Halves::new(&sandramorgan)));
        assert!(two_words(&mut Halves::new(&Lower::new(b"islandrag"))));
        assert!(holds_word(b"xxtailored"));
        assert!(!pronounceable(b"rbqx"));
        assert!(is_email(b"a.b@example.com"));
        assert!(!is_email(b"@GoranHahn"));
    }
}

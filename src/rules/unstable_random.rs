use super::tokens::{
    Confidence, Shape, TrailingToken, Uuid, WordSet, for_each_word_rev, is_base64url, is_hex, looks_random, parse_uuid,
    stable_format, trailing_token,
};
use super::{Hits, Rule, Scan};

declare_rule! {
    /// ## What it does
    /// Flags an id that is a random value with no stable context: a bare random
    /// (version 4) UUID, a bare random hex, base62 or base64url token of 16 or more
    /// characters (including very long random blobs), or such a value behind a
    /// prefix that names an anonymous party (`guest_`, `visitor-`, `device_`,
    /// `ajs_anonymous_id=` and the like; 12 or more characters there). Behind
    /// `anon_` only a random UUID counts, since `anon_<hex>` is the usual shape of
    /// a keyed-hash output.
    ///
    /// Random-looking ids with a stable structure stay clean: a UUID or token behind
    /// a prefix that names a stable entity (`usr_`, `user-`, `cust_`, Stripe `cus_`,
    /// Clerk `user_2…`, `auth0|…`), MongoDB ObjectIds (24 hex digits starting with
    /// a plausible timestamp), Firebase uids (28 base62), Firestore and Okta ids
    /// (20), KSUIDs (27), ULIDs (26 Crockford base32), cuids, version 7 UUIDs,
    /// snowflakes, `anon_<hex>` keyed-hash outputs and `HmacPolicy` output
    /// (`k1a2b_…`). Structure, not entropy alone, decides: a random token is only
    /// reported where nothing marks it as a stored key.
    ///
    /// ## Why is this bad?
    /// A random value with no stable context is usually minted per request, per
    /// page load or per install (`uuid4()`, `secrets.token_urlsafe()`), so the same
    /// person shows up under a new id each time: provider caches stay cold,
    /// per-user analytics and rate limits fall apart, and abuse cannot be traced
    /// to an account.
    ///
    /// ## Example
    /// ```text
    /// b35331ce-af2e-49dd-87e3-55b26210b784
    /// guest_9fb932d4-f039-4722-96ff-82e389e3995a
    /// ```
    ///
    /// ## Use instead
    /// Derive the id from a stable internal user id (`HmacPolicy`), or store one
    /// random id per user and send it behind a prefix that says so:
    /// `usr_221c4e00-3f99-41ee-baf2-7f802dc5fd3d`.
    UnstableRandom,
    example: "b35331ce-af2e-49dd-87e3-55b26210b784", "guest_9fb932d4-f039-4722-96ff-82e389e3995a"
}

/// The shortest bare token reported; shorter random strings are rare as ids and
/// collide with short codes and usernames.
const MIN_BARE_TOKEN: usize = 16;
/// The shortest token reported behind an anonymous prefix.
const MIN_PREFIXED_TOKEN: usize = 12;

/// What the words before the token say about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// No prefix, or only labels such as `id=` or `uuid:`.
    Bare,
    /// `anon_` and its translations: a common prefix for keyed-hash outputs, so
    /// only an unmistakably random UUID behind it is reported.
    Anonymous,
    /// `guest_`, `visitor-`, `device_`: the value identifies no user.
    Untracked,
    /// Any other word: a stored key in some namespace.
    Stable,
}

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    let bytes = scan.bytes();
    if bytes.len() < MIN_PREFIXED_TOKEN || scan.letters == 0 {
        return;
    }
    let Some(TrailingToken { start, uuid }) = trailing_token(bytes, MIN_PREFIXED_TOKEN) else {
        return;
    };
    let Some(token) = bytes.get(start..) else {
        return;
    };
    // A trailing UUID was parsed on the way; another 36-byte token may still be one.
    let uuid = uuid.or_else(|| (token.len() == 36).then(|| parse_uuid(token)).flatten());
    // The prefix words are read only once the token is long enough to matter.
    let Some(what) = random_token(token, uuid, || context(&bytes[..start])) else {
        return;
    };
    hits.push(Rule::UnstableRandom, scan.text, start..bytes.len(), what);
}

/// What the token is, if it is random and its prefix gives it no stable context.
/// `token` is what [`trailing_token`] leaves at the end of the id, and `uuid` the
/// UUID it is when it is 36 bytes long and parses as one.
fn random_token(
    token: &[u8],
    uuid: Option<Uuid>,
    context: impl FnOnce() -> Context,
) -> Option<&'static str> {
    if let Some(uuid) = uuid {
        return (uuid.is_v4() && context() != Context::Stable)
            .then_some("random UUID (version 4) with no stable prefix");
    }
    // Prefix words are cheaper than the token's shape and rule out most stable ids.
    let context = context();
    if context == Context::Stable {
        return None;
    }
    let shape = Shape::of(token);
    if is_hex(token) {
        if token.len() < MIN_BARE_TOKEN || shape.digits == 0 || shape.digits == token.len() {
            return None;
        }
        let uuid = parse_uuid(token);
        let report = match context {
            Context::Stable => false,
            Context::Anonymous => uuid.is_some_and(|u| u.is_v4()),
            Context::Bare if stable_format(token).is_some() => false,
            // Time-based UUIDs are `unstable-uuid-v1`'s; version 7 is a stable key.
            _ => !uuid.is_some_and(|u| u.is_time_based_with_mac() || u.is_v7()),
        };
        return report.then_some("random hex token with no stable prefix");
    }
    // The token is base64url by construction: a UUID or the tail of a run of
    // base64url characters (see `trailing_token`).
    debug_assert!(is_base64url(token));
    if !looks_random(&shape, Confidence::Lenient) {
        return None;
    }
    let report = match context {
        Context::Stable | Context::Anonymous => false,
        Context::Bare => {
            token.len() >= MIN_BARE_TOKEN
                && looks_random(&shape, Confidence::Strict)
                && stable_format(token).is_none()
        }
        // Behind `guest_` or `visitor-` the prefix already says the value names nobody.
        Context::Untracked => true,
    };
    report.then_some("random token with no stable prefix")
}

/// Classifies the prefix before the token by its nearest few words.
fn context(prefix: &[u8]) -> Context {
    let mut context = Context::Bare;
    let mut words_left = MAX_CONTEXT_WORDS;
    for_each_word_rev(prefix, |word| {
        words_left -= 1;
        if ANONYMOUS_WORDS.contains(word) {
            context = Context::Anonymous;
            return false;
        }
        if UNTRACKED_WORDS.contains(word) {
            context = Context::Untracked;
            return false;
        }
        if !LABEL_WORDS.contains(word) {
            context = Context::Stable;
        }
        // Keep looking a little: `guest_user_<uuid>` is still a guest.
        words_left > 0
    });
    context
}

/// How many prefix words are read, nearest first.
const MAX_CONTEXT_WORDS: usize = 4;

/// Words that only label the value, not its namespace: `id=`, `uuid:`.
const LABEL_WORD_LIST: &[&[u8]] = &[b"id", b"uuid", b"guid", b"value", b"val"];
static LABEL_WORDS: WordSet<{ LABEL_WORD_LIST.len() }> = WordSet::new(LABEL_WORD_LIST);

/// "Anonymous" in English and common European languages.
const ANONYMOUS_WORD_LIST: &[&[u8]] = &[
    b"anon",
    b"anonymous",
    b"anonym",
    b"anonyme",
    b"anonimo",
    b"anonima",
    b"anoniem",
];
static ANONYMOUS_WORDS: WordSet<{ ANONYMOUS_WORD_LIST.len() }> = WordSet::new(ANONYMOUS_WORD_LIST);

/// Words naming a party that is not a known user: guests, visitors, devices,
/// browsers, installs, and values that call themselves random.
const UNTRACKED_WORD_LIST: &[&[u8]] = &[
    b"guest",
    b"guests",
    b"visitor",
    b"visitors",
    b"device",
    b"browser",
    b"cookie",
    b"install",
    b"installation",
    b"tracking",
    b"tracker",
    b"fingerprint",
    b"ajs",
    b"unauth",
    b"unauthenticated",
    b"unregistered",
    b"incognito",
    b"random",
    b"rand",
    b"rnd",
    // de, fr, es/pt, it, nl
    b"gast",
    b"besucher",
    b"invite",
    b"visiteur",
    b"invitado",
    b"visitante",
    b"convidado",
    b"ospite",
    b"visitatore",
    b"bezoeker",
];
static UNTRACKED_WORDS: WordSet<{ UNTRACKED_WORD_LIST.len() }> = WordSet::new(UNTRACKED_WORD_LIST);

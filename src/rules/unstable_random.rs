use super::tokens::{
    Confidence, Shape, for_each_word_rev, is_base64url, is_hex, looks_random, parse_uuid,
    stable_format, token_start,
};
use super::{Hits, Rule, Scan};

declare_rule! {
    /// ## What it does
    /// Flags an id that is a random value with no stable context: a bare random
    /// (version 4) UUID, a bare random hex, base62 or base64url token of 16 or more
    /// characters (including very long random blobs), or such a value behind a
    /// prefix that names an anonymous party (`guest_`, `anon-`, `visitor-`,
    /// `device_`, `ajs_anonymous_id=` and the like).
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
    /// fe250e1e-95c3-41b9-87c9-1e845ab39bbc
    /// guest_afa67d3d-2b89-4a63-85b5-48ad228002fa
    /// ```
    ///
    /// ## Use instead
    /// Derive the id from a stable internal user id (`HmacPolicy`), or store one
    /// random id per user and send it behind a prefix that says so:
    /// `usr_0fe4e96e-e8c4-4db9-be12-b8bf7aeb5324`.
    UnstableRandom
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
    let start = token_start(bytes);
    let Some(token) = bytes.get(start..) else {
        return;
    };
    if token.len() < MIN_PREFIXED_TOKEN {
        return;
    }
    // The token's shape first (cheap), the prefix words only for candidates.
    let Some(what) = random_token(token, || context(&bytes[..start])) else {
        return;
    };
    hits.push(Rule::UnstableRandom, scan.text, start..bytes.len(), what);
}

/// What the token is, if it is random and its prefix gives it no stable context.
fn random_token(token: &[u8], context: impl FnOnce() -> Context) -> Option<&'static str> {
    if token.len() == 36
        && let Some(uuid) = parse_uuid(token)
    {
        return (uuid.is_v4() && context() != Context::Stable)
            .then_some("random UUID (version 4) with no stable prefix");
    }
    let shape = Shape::of(token);
    if is_hex(token) {
        if token.len() < MIN_BARE_TOKEN || shape.digits == 0 || shape.digits == token.len() {
            return None;
        }
        let uuid = parse_uuid(token);
        let report = match context() {
            Context::Stable => false,
            Context::Anonymous => uuid.is_some_and(|u| u.is_v4()),
            Context::Bare if stable_format(token).is_some() => false,
            // Time-based UUIDs are `unstable-uuid-v1`'s; version 7 is a stable key.
            _ => !uuid.is_some_and(|u| u.is_time_based_with_mac() || u.is_v7()),
        };
        return report.then_some("random hex token with no stable prefix");
    }
    if !is_base64url(token) || !looks_random(&shape, Confidence::Lenient) {
        return None;
    }
    let report = match context() {
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

/// Classifies the prefix before the token by its words.
fn context(prefix: &[u8]) -> Context {
    let mut context = Context::Bare;
    for_each_word_rev(prefix, |word| {
        if is_anonymous_word(word) {
            context = Context::Anonymous;
            false
        } else if is_untracked_word(word) {
            context = Context::Untracked;
            false
        } else if is_label_word(word) {
            true
        } else {
            context = Context::Stable;
            // Keep looking: `guest_user_<uuid>` is still a guest.
            true
        }
    });
    context
}

/// Words that only label the value, not its namespace: `id=`, `uuid:`.
fn is_label_word(word: &[u8]) -> bool {
    matches!(word, b"id" | b"uuid" | b"guid" | b"value" | b"val")
}

/// "Anonymous" in English and common European languages.
fn is_anonymous_word(word: &[u8]) -> bool {
    matches!(
        word,
        b"anon" | b"anonymous" | b"anonym" | b"anonyme" | b"anonimo" | b"anonima" | b"anoniem"
    )
}

/// Words naming a party that is not a known user: guests, visitors, devices,
/// browsers, installs, and values that call themselves random.
fn is_untracked_word(word: &[u8]) -> bool {
    matches!(
        word,
        b"guest"
            | b"guests"
            | b"visitor"
            | b"visitors"
            | b"device"
            | b"browser"
            | b"cookie"
            | b"install"
            | b"installation"
            | b"tracking"
            | b"tracker"
            | b"fingerprint"
            | b"ajs"
            | b"unauth"
            | b"unauthenticated"
            | b"unregistered"
            | b"incognito"
            | b"random"
            | b"rand"
            | b"rnd"
            // de, fr, es/pt, it, nl
            | b"gast"
            | b"besucher"
            | b"invite"
            | b"visiteur"
            | b"invitado"
            | b"visitante"
            | b"convidado"
            | b"ospite"
            | b"visitatore"
            | b"bezoeker"
    )
}

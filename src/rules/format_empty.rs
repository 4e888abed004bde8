use super::{Hits, Rule, Scan};

declare_rule! {
    /// ## What it does
    /// Flags an empty id, a blank one, and an id that is only a prefix with nothing
    /// after it, such as `app_`, `user-` or `tenant42:user_`.
    ///
    /// ## Why is this bad?
    /// An empty or prefix-only id is what a template produces when the user id it
    /// should interpolate is missing. Every such request lands under one shared id, so
    /// unrelated users share cache routing, analytics and abuse history.
    ///
    /// ## Example
    /// ```text
    /// user_
    /// ```
    ///
    /// ## Use instead
    /// Fail the request (or omit the field) when the internal id is missing, and
    /// derive the id from a real user: `user_12345`.
    FormatEmpty,
    example: "user_"
}

/// Bytes that end a prefix such as `user_`, `id=` or `tenant:`.
const PREFIX_END: &[u8] = b"_-:=|/.#@";

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    let text = scan.text;
    if scan.full_len == 0 {
        hits.push_plain(Rule::FormatEmpty, 0..0, "id is empty".into());
    } else if text.chars().all(char::is_whitespace) {
        hits.push_plain(
            Rule::FormatEmpty,
            0..text.len(),
            "id is blank (whitespace only)".into(),
        );
    } else if scan.full_len == text.len() && is_prefix_only(text) {
        hits.push(
            Rule::FormatEmpty,
            text,
            0..text.len(),
            "id is a prefix with nothing after it",
        );
    }
}

/// Whether `text` is a prefix with nothing after it: it ends with a separator and every
/// segment before it is a plain word or number (`tenant42:user_`), not a random tail
/// that happens to end with `_` or `-` (base64url: `gaUceZ-tUFQDialQbGg_`).
fn is_prefix_only(text: &str) -> bool {
    let Some(body) = text.strip_suffix(|c: char| c.is_ascii() && PREFIX_END.contains(&(c as u8)))
    else {
        return false;
    };
    body.len() <= 48
        && body
            .split(|c: char| c.is_ascii() && PREFIX_END.contains(&(c as u8)))
            .all(is_plain_segment)
}

/// A lowercase, uppercase or capitalized ASCII word, optionally with digits.
fn is_plain_segment(segment: &str) -> bool {
    let letters = segment.bytes().filter(u8::is_ascii_alphabetic);
    let upper = letters.clone().filter(u8::is_ascii_uppercase).count();
    let total = letters.count();
    let capitalized = upper == 1
        && segment
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_uppercase());
    segment.bytes().all(|b| b.is_ascii_alphanumeric())
        && (upper == 0 || upper == total || capitalized)
}

use super::{Hits, Rule, Scan};

declare_rule! {
    /// ## What it does
    /// Flags an id longer than the configured limit: 256 characters by default, 64
    /// when checking for OpenAI's `safety_identifier`. Ids over 64 KiB are reported
    /// without being scanned at all.
    ///
    /// ## Why is this bad?
    /// Providers reject or truncate long end-user ids, and a long id is usually a
    /// serialized object, a token or a path rather than an identifier: it tends to
    /// carry data that should not leave the process and to change between requests.
    ///
    /// ## Example
    /// ```text
    /// {"id":459057,"plan":"pro","roles":["viewer","editor", ...]}
    /// ```
    ///
    /// ## Use instead
    /// Send a short stable key for the user, e.g. the output of `HmacPolicy`
    /// (37 characters by default).
    FormatTooLong,
    validator: Validator::new().with_max_length(64),
    example: r#"{"id":459057,"plan":"pro","roles":["viewer","editor","billing-admin"]}"#
}

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    // Characters never outnumber bytes, so short ids need no counting.
    if scan.full_len <= scan.max_chars {
        return;
    }
    let cut = scan.text.char_indices().nth(scan.max_chars).map(|(at, _)| at);
    let Some(start) = cut.or((scan.text.len() < scan.full_len).then_some(scan.text.len())) else {
        return;
    };
    let shown = if scan.text.len() < scan.full_len {
        format!(
            "id is {} bytes, over the scan cap; limit is {} characters",
            scan.full_len, scan.max_chars
        )
    } else {
        format!(
            "id is {} characters; limit is {}",
            scan.text.chars().count(),
            scan.max_chars
        )
    };
    hits.push_plain(Rule::FormatTooLong, start.min(scan.text.len())..scan.text.len(), shown);
}

use super::{Hits, Rule, Scan};

declare_rule! {
    /// ## What it does
    /// Flags whitespace anywhere in an id: ASCII spaces and tabs, line breaks, and
    /// Unicode spaces such as NO-BREAK SPACE (U+00A0), THIN SPACE (U+2009), NARROW
    /// NO-BREAK SPACE (U+202F) and IDEOGRAPHIC SPACE (U+3000).
    ///
    /// ## Why is this bad?
    /// Whitespace is almost never part of a deliberate id. A trailing space or a
    /// copy-pasted NBSP makes `user-61905 ` a different user from `user-61905`, which
    /// splits one person's cache and analytics in two, and invisible spaces make logs
    /// lie about what was sent.
    ///
    /// ## Example
    /// ```text
    /// user-61905␠
    /// ```
    ///
    /// ## Use instead
    /// Trim ids where they enter the system (`HmacPolicy` trims by default) and
    /// reject whitespace inside them: `user-61905`.
    FormatWhitespace,
    example: "user-61905 "
}

const ASCII_SPACE: &[u8] = b" \t\n\x0b\x0c\r";

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    if !scan.has_non_ascii() && !scan.has_any(ASCII_SPACE) {
        return;
    }
    let text = scan.text;
    let mut run: Option<usize> = None;
    for (at, c) in text.char_indices().chain(std::iter::once((text.len(), 'x'))) {
        match (c.is_whitespace(), run) {
            (true, None) => run = Some(at),
            (false, Some(start)) => {
                let what = describe(&text[start..at]);
                hits.push_plain(Rule::FormatWhitespace, start..at, what);
                run = None;
            }
            _ => {}
        }
    }
}

fn describe(run: &str) -> String {
    let first = run.chars().next().map_or(0, u32::from);
    let count = run.chars().count();
    if count == 1 {
        format!("whitespace U+{first:04X} in id")
    } else {
        format!("{count} whitespace characters starting with U+{first:04X} in id")
    }
}

use super::{Hits, Rule, Scan};

declare_rule! {
    /// ## What it does
    /// Flags control and invisible characters: C0/C1 controls such as NUL, ESC,
    /// DEL and NEL, format characters such as ZERO WIDTH SPACE, the byte order
    /// mark, soft hyphens and bidirectional overrides (LRM, RLO), and the Unicode
    /// line and paragraph separators.
    ///
    /// ## Why is this bad?
    /// These characters are invisible in logs and dashboards, so two ids that look
    /// the same are different users, and bidi overrides can make an id display as
    /// something else entirely. Control characters also break line-oriented
    /// tooling and can inject content into logs.
    ///
    /// ## Example
    /// ```text
    /// p\u{200b}layer_30995
    /// ```
    ///
    /// ## Use instead
    /// Strip or reject these characters where ids enter the system: `player_30995`.
    FormatControlChar,
    example: "p\u{200b}layer_30995"
}

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    if !scan.has_ascii_control() && !scan.has_non_ascii() {
        return;
    }
    for (at, c) in scan.text.char_indices() {
        if is_control_or_invisible(c) {
            hits.push_plain(
                Rule::FormatControlChar,
                at..at + c.len_utf8(),
                format!("control or invisible character U+{:04X} in id", u32::from(c)),
            );
        }
    }
}

/// Unicode general categories Cc, Cf, Zl and Zp.
pub(crate) fn is_control_or_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{600}'..='\u{605}'
                | '\u{61c}'
                | '\u{6dd}'
                | '\u{70f}'
                | '\u{890}'..='\u{891}'
                | '\u{8e2}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{110bd}'
                | '\u{110cd}'
                | '\u{13430}'..='\u{1343f}'
                | '\u{1bca0}'..='\u{1bca3}'
                | '\u{1d173}'..='\u{1d17a}'
                | '\u{e0001}'
                | '\u{e0020}'..='\u{e007f}'
        )
}

use super::{Hits, Rule, Scan};

declare_rule! {
    /// ## What it does
    /// Flags email addresses anywhere in the id, including behind a prefix
    /// (`user_jane@example.com`, `acct-jane@example.com`), with plus tags
    /// (`jane+test@example.com`), URL-encoded (`jane%40example.com`, and
    /// `jane%2540example.com` when encoded twice) or written as `jane(at)example.com`.
    /// The part after the `@` must be a domain name whose last label is a top-level
    /// domain of two or more letters, so `@handle`, `user@localhost` and `a@b` are
    /// not reported.
    ///
    /// ## Why is this bad?
    /// An email address identifies a person directly and is personal data under
    /// GDPR and CCPA. Sent as a user id it ends up in the model provider's logs and
    /// abuse tooling. It is also unstable: users change their address, and the same
    /// person then shows up as two users.
    ///
    /// ## Example
    /// ```text
    /// user_jane.doe@example.com
    /// ```
    ///
    /// ## Use instead
    /// Send the internal account id behind the address, or a keyed hash of it:
    /// `user_12345`, `anon_5c1e08b2d79f4a36`.
    PiiEmail,
    example: "user_jane.doe@example.com"
}

/// Local parts longer than this (RFC 5321's limit) are cut; it also bounds the
/// backwards walk so a long run of separators stays linear.
const MAX_LOCAL: usize = 64;
/// RFC 1035 limits a domain label to 63 octets.
const MAX_LABEL: usize = 63;

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    let at = scan.has(b'@');
    let encoded = scan.has(b'%');
    let spelled = scan.has_any(b"([{");
    let fullwidth = scan.has_non_ascii();
    if !(at || encoded || spelled || fullwidth) {
        return;
    }
    let text = scan.text;
    let bytes = scan.bytes();
    // Local parts never reach back past the previous separator, so every byte is
    // walked at most once backwards and once forwards.
    let mut floor = 0;
    let mut i = 0;
    while i < bytes.len() {
        let Some(len) = at_sign_at(bytes, i) else {
            i += 1;
            continue;
        };
        let local_start = local_part_start(text, i, floor);
        floor = i + len;
        if let Some(local_start) = local_start
            && let Some(domain_end) = domain_end(text, i + len)
        {
            hits.push(
                Rule::PiiEmail,
                text,
                local_start..domain_end,
                "email address",
            );
            i = domain_end;
            floor = domain_end;
        } else {
            i += len;
        }
    }
}

/// Length of the `@` written at `at`: `@`, `%40`, `%2540`, `(at)`, `[at]`, `{at}`
/// or the fullwidth `＠`.
fn at_sign_at(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at..)? {
        [b'@', ..] => Some(1),
        [b'%', b'4', b'0', ..] => Some(3),
        [b'%', b'2', b'5', b'4', b'0', ..] => Some(5),
        [0xEF, 0xBC, 0xA0, ..] => Some(3),
        _ => spelled_at(bytes, at, b"at"),
    }
}

/// Length of `word` spelled out in brackets at `at`, as in `(at)`, `[dot]` or
/// ` {at} `, with at most one space on each side.
fn spelled_at(bytes: &[u8], at: usize, word: &[u8]) -> Option<usize> {
    let rest = bytes.get(at..)?;
    let lead = usize::from(rest.first() == Some(&b' '));
    let inner = rest.get(lead..)?;
    let close = match inner.first()? {
        b'(' => b')',
        b'[' => b']',
        b'{' => b'}',
        _ => return None,
    };
    let body = inner.get(1..=word.len())?;
    if !body.eq_ignore_ascii_case(word) || inner.get(word.len() + 1) != Some(&close) {
        return None;
    }
    let len = lead + word.len() + 2;
    Some(len + usize::from(lead == 1 && rest.get(len) == Some(&b' ')))
}

/// Start of the local part that ends at `at`, not reaching below `floor`; `None`
/// when there is no local part with a letter or digit.
fn local_part_start(text: &str, at: usize, floor: usize) -> Option<usize> {
    let mut start = at;
    let mut alnum = false;
    while start > floor && at - start < MAX_LOCAL {
        let Some(c) = text.get(..start).and_then(|head| head.chars().next_back()) else {
            break;
        };
        if c.is_alphanumeric() {
            alnum = true;
        } else if !is_local_punctuation(c) {
            break;
        }
        start -= c.len_utf8();
    }
    // Trim punctuation that joins the address to a prefix (`id=`, `u_`, `acct-`
    // stay in the span, but a leading `.` or `-` is not part of the address).
    let local = text.get(start..at)?;
    let trimmed = local.trim_start_matches(|c: char| !c.is_alphanumeric());
    (alnum && !local.ends_with('.')).then_some(at - trimmed.len())
}

/// RFC 5322 `atext` punctuation, less `=`, `/` and `|`, which join prefixes to ids
/// far more often than they appear in real addresses.
fn is_local_punctuation(c: char) -> bool {
    "._-+%'!#$&*?^`{}~".contains(c)
}

/// End of the domain name starting at `start`: the end of its last label that is a
/// top-level domain (two or more letters, or an `xn--` IDN label) after at least one
/// other label. `None` when there is no such domain.
fn domain_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut best = None;
    let mut labels = 0usize;
    let mut pos = start;
    loop {
        let label_start = pos;
        let mut chars = 0usize;
        let mut letters_only = true;
        let mut letters_before_dash = None;
        while let Some(&b) = bytes.get(pos) {
            let (len, alphanumeric, alphabetic) = if b.is_ascii() {
                (1, b.is_ascii_alphanumeric(), b.is_ascii_alphabetic())
            } else {
                // Internationalised domain names: decode only the rare non-ASCII char.
                let Some(c) = text.get(pos..).and_then(|rest| rest.chars().next()) else {
                    break;
                };
                (c.len_utf8(), c.is_alphanumeric(), c.is_alphabetic())
            };
            if alphanumeric {
                letters_only &= alphabetic;
            } else if b == b'-' {
                if letters_before_dash.is_none() && letters_only {
                    letters_before_dash = Some(pos);
                }
                letters_only = false;
            } else {
                break;
            }
            pos += len;
            chars += 1;
        }
        if chars == 0 || chars > MAX_LABEL {
            break;
        }
        let label = text.get(label_start..pos)?;
        let dot = if bytes.get(pos) == Some(&b'.') {
            1
        } else {
            spelled_at(bytes, pos, b"dot").unwrap_or(0)
        };
        let last = dot == 0;
        if labels > 0 {
            if (letters_only && chars >= 2) || is_idn_label(label) {
                best = Some(pos);
            } else if last
                && let Some(dash) = letters_before_dash
                && dash - label_start >= 2
            {
                // `jane@example.com-42`: a suffix joined to the address with a dash.
                best = Some(dash);
            }
        }
        if last || label.starts_with('-') || label.ends_with('-') {
            break;
        }
        labels += 1;
        pos += dot;
    }
    best
}

/// An internationalised top-level domain in its ASCII form, such as `xn--p1ai`.
fn is_idn_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    bytes.len() > 4
        && bytes[..4].eq_ignore_ascii_case(b"xn--")
        && bytes[4..].iter().all(u8::is_ascii_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str) -> Option<&str> {
        let bytes = text.as_bytes();
        let i = (0..bytes.len()).find(|&i| at_sign_at(bytes, i).is_some())?;
        let len = at_sign_at(bytes, i)?;
        let start = local_part_start(text, i, 0)?;
        let end = domain_end(text, i + len)?;
        text.get(start..end)
    }

    #[test]
    fn finds_the_address_behind_prefixes_and_encodings() {
        assert_eq!(span("user_Jane@example.com"), Some("user_Jane@example.com"));
        assert_eq!(span("id=jane@example.co.uk"), Some("jane@example.co.uk"));
        assert_eq!(span("jane%40example.com"), Some("jane%40example.com"));
        assert_eq!(span("jane%2540example.com"), Some("jane%2540example.com"));
        assert_eq!(span("jane(at)example.com"), Some("jane(at)example.com"));
        assert_eq!(
            span("jane [at] example [dot] com"),
            Some("jane [at] example [dot] com")
        );
        assert_eq!(span("-jane@example.com."), Some("jane@example.com"));
        assert_eq!(span("jane@example.com-42"), Some("jane@example.com"));
        assert_eq!(
            span("jane@mail.my-company.com"),
            Some("jane@mail.my-company.com")
        );
        assert_eq!(span("jürgen@müller.de"), Some("jürgen@müller.de"));
        assert_eq!(span("jane@example.xn--p1ai"), Some("jane@example.xn--p1ai"));
    }

    #[test]
    fn needs_a_local_part_and_a_real_domain() {
        assert_eq!(span("@handle"), None);
        assert_eq!(span("user@localhost"), None);
        assert_eq!(span("a@b"), None);
        assert_eq!(span("jane@example.c"), None);
        assert_eq!(span("svc@10.0.0.1"), None);
        assert_eq!(span("..@example.com"), None);
        assert_eq!(span("jane@-example.com"), None);
        assert_eq!(span("jane [at]example"), None);
        assert_eq!(span("meet (at) noon"), None);
    }
}

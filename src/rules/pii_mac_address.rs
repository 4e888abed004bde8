use std::ops::Range;

use super::scan::{ByteSet, Labels, byte_set, label_before, long_runs};
use super::{Hits, Rule, Scan};

declare_rule! {
    /// ## What it does
    /// Flags hardware (MAC) addresses: six pairs of hex digits joined by colons or
    /// dashes (`00:1a:2b:3c:4d:5e`, `AC-DE-48-00-11-22`), eight pairs (EUI-64),
    /// Cisco's dotted form (`001a.2b3c.4d5e`), and twelve bare hex digits when a
    /// label says what they are (`mac_a4c3f0851234`, `hw:A4C3F0851234`).
    ///
    /// Twelve hex digits without such a label are not reported, since random
    /// tokens look the same; nor are IPv6 addresses or times such as `09:15:42`.
    ///
    /// ## Why is this bad?
    /// A MAC address identifies a device for its whole life, and through it the
    /// person who owns it. It is personal data under GDPR, which is why phones now
    /// randomise the address they show to networks. It also changes when the user
    /// switches devices, splitting one user into several.
    ///
    /// ## Example
    /// ```text
    /// device_00:1a:2b:3c:4d:5e
    /// ```
    ///
    /// ## Use instead
    /// Identify the account rather than the hardware (`user_12345`), or send a
    /// keyed hash of a device id your app generated itself.
    PiiMacAddress,
    example: "device_00:1a:2b:3c:4d:5e"
}

/// Labels that say twelve bare hex digits are a hardware address, lowercase.
const MAC_WORDS: &[&str] = &[
    "bssid",
    "dev",
    "device",
    "eth",
    "ether",
    "hw",
    "hwaddr",
    "mac",
    "macaddr",
    "macaddress",
    "wifi",
    "wlan",
];

/// [`MAC_WORDS`] ending with the separators a label takes (`mac_`, `hw:`).
static MAC_LABELS: Labels = Labels::new(MAC_WORDS, b":=_-/.#");

/// Fewest bytes of a reported address: twelve bare hex digits.
const MIN_LEN: usize = 12;

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    let bytes = scan.bytes();
    if bytes.len() < MIN_LEN {
        return;
    }
    // Every shape holds twelve hex digits and a separator (between pairs or
    // groups, or after the label of the compact form).
    if scan.digits + scan.letters < MIN_LEN || !scan.has_any(b":-._=/#") {
        return;
    }
    let separated = scan.has(b':') || scan.has(b'-') || scan.has(b'.');
    // Every shape is a run of hex digits and `:`, `-` or `.` of at least twelve
    // bytes, so addresses start only inside such runs. Each run is walked from its
    // start: whether a position can start an address depends only on the bytes,
    // and an address never reaches past its run.
    for run in long_runs(bytes, MIN_LEN, &MAC_BYTES) {
        let mut i = run.start;
        while i < run.end {
            let b = bytes[i];
            if !b.is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            // Only a hex digit that starts a run of alphanumerics can start an address.
            if b.is_ascii_hexdigit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
                let found = match bytes.get(i + 2..i + 5) {
                    Some([b':' | b'-', ..]) if separated => pairs_at(bytes, i),
                    Some([_, _, b'.']) if separated => cisco_at(bytes, i),
                    Some(_) if i > 0 => labelled_compact_at(bytes, i),
                    _ => None,
                };
                if let Some(span) = found {
                    hits.push(Rule::PiiMacAddress, scan.text, span.clone(), "MAC address");
                    i = span.end;
                    continue;
                }
            }
            // Skip the rest of the alphanumeric run: no address starts inside it.
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
        }
    }
}

/// Hex digits and the separators of the pair and Cisco forms.
const MAC_BYTES: ByteSet = byte_set(b"0123456789abcdefABCDEF:-.", false);

/// Whether the hex group of 1-4 digits ending just before `at` (after a separator)
/// is part of the same hex chain, as in IPv6 `fe80:ae:a2:...`.
fn hex_group_ends_at(bytes: &[u8], at: usize) -> bool {
    let len = bytes[..at]
        .iter()
        .rev()
        .take(5)
        .take_while(|b| b.is_ascii_hexdigit())
        .count();
    (1..=4).contains(&len) && (len == at || !bytes[at - len - 1].is_ascii_alphanumeric())
}

/// Whether a hex group of 1-4 digits starts at `at` and ends at a boundary.
fn hex_group_starts_at(bytes: &[u8], at: usize) -> bool {
    let rest = bytes.get(at..).unwrap_or_default();
    let len = rest
        .iter()
        .take(5)
        .take_while(|b| b.is_ascii_hexdigit())
        .count();
    (1..=4).contains(&len) && !rest.get(len).is_some_and(u8::is_ascii_alphanumeric)
}

/// Six (or eight, EUI-64) pairs of hex digits joined by one kind of separator.
fn pairs_at(bytes: &[u8], start: usize) -> Option<Range<usize>> {
    let sep = *bytes.get(start + 2)?;
    if sep != b':' && sep != b'-' {
        return None;
    }
    let mut pairs = 0;
    let mut pos = start;
    loop {
        let pair = bytes.get(pos..pos + 2)?;
        if !pair.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        pairs += 1;
        pos += 2;
        if pairs == 8
            || bytes.get(pos) != Some(&sep)
            || !bytes.get(pos + 1).is_some_and(u8::is_ascii_hexdigit)
        {
            break;
        }
        pos += 1;
    }
    if pairs != 6 && pairs != 8 {
        return None;
    }
    if bytes.get(pos).is_some_and(u8::is_ascii_alphanumeric) {
        return None;
    }
    // Not a piece of a longer chain of hex groups (an IPv6 address, a hex dump).
    let longer_left = start >= 2 && bytes[start - 1] == sep && hex_group_ends_at(bytes, start - 1);
    let longer_right = bytes.get(pos) == Some(&sep) && hex_group_starts_at(bytes, pos + 1);
    (!longer_left && !longer_right).then_some(start..pos)
}

/// Cisco notation: three dot-separated groups of four hex digits, with at least one
/// letter (all-digit groups are more often numbers than addresses).
fn cisco_at(bytes: &[u8], start: usize) -> Option<Range<usize>> {
    let end = start + 14;
    let candidate = bytes.get(start..end)?;
    let groups_ok = candidate.chunks(5).all(|chunk| {
        let (hex, dot) = chunk.split_at(4);
        hex.iter().all(u8::is_ascii_hexdigit) && (dot.is_empty() || dot == b".")
    });
    let has_letter = candidate.iter().any(u8::is_ascii_alphabetic);
    let glued_right = bytes.get(end).is_some_and(|&b| {
        b.is_ascii_alphanumeric()
            || (b == b'.' && bytes.get(end + 1).is_some_and(u8::is_ascii_hexdigit))
    });
    let glued_left =
        start >= 2 && bytes[start - 1] == b'.' && bytes[start - 2].is_ascii_alphanumeric();
    (groups_ok && has_letter && !glued_right && !glued_left).then_some(start..end)
}

/// Twelve bare hex digits after a hardware label such as `mac_` or `hw:`.
fn labelled_compact_at(bytes: &[u8], start: usize) -> Option<Range<usize>> {
    let end = start + 12;
    let candidate = bytes.get(start..end)?;
    if !candidate.iter().all(u8::is_ascii_hexdigit)
        || bytes.get(end).is_some_and(u8::is_ascii_alphanumeric)
    {
        return None;
    }
    // One letter case throughout, as tools print them.
    let lower = candidate.iter().any(u8::is_ascii_lowercase);
    let upper = candidate.iter().any(u8::is_ascii_uppercase);
    if lower && upper {
        return None;
    }
    label_before(bytes.get(..start)?, &MAC_LABELS).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_need_six_or_eight_and_no_longer_chain() {
        assert_eq!(pairs_at(b"00:1a:2b:3c:4d:5e", 0), Some(0..17));
        assert_eq!(pairs_at(b"AC-DE-48-00-11-22", 0), Some(0..17));
        assert_eq!(pairs_at(b"02:1a:2b:ff:fe:3c:4d:5e", 0), Some(0..23));
        assert_eq!(pairs_at(b"00:1a:2b:3c:4d", 0), None);
        assert_eq!(pairs_at(b"00:1a:2b:3c:4d:5e:1", 0), None);
        assert_eq!(pairs_at(b"fe80:00:1a:2b:3c:4d:5e", 5), None);
        assert_eq!(pairs_at(b"00:1a:2b-3c:4d:5e", 0), None);
    }

    #[test]
    fn cisco_needs_a_letter() {
        assert_eq!(cisco_at(b"001a.2b3c.4d5e", 0), Some(0..14));
        assert_eq!(cisco_at(b"1234.5678.9012", 0), None);
        assert_eq!(cisco_at(b"001a.2b3c.4d5e.1", 0), None);
    }

    #[test]
    fn compact_needs_a_label() {
        assert_eq!(labelled_compact_at(b"mac_a4c3f0851234", 4), Some(4..16));
        assert_eq!(labelled_compact_at(b"user_a4c3f0851234", 5), None);
        assert_eq!(labelled_compact_at(b"mac_a4C3f0851234", 4), None);
    }
}

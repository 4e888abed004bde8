use std::ops::Range;

use super::scan::{ByteSet, byte_set, long_runs};
use super::{Hits, Rule, Scan};

declare_rule! {
    /// ## What it does
    /// Flags IP addresses: dotted IPv4 (`203.0.113.7`, also with a `:port`), IPv6
    /// in full, compressed (`2001:db8::1`), with a zone (`fe80::1%eth0`), IPv4-mapped
    /// (`::ffff:192.0.2.1`) and bracketed with a port (`[2001:db8::1]:443`), and IPv4
    /// addresses spelled inside host names (`ip-10-0-0-1.ec2.internal`,
    /// `10-0-0-1.example.com`, `203.0.113.7.nip.io`).
    ///
    /// Version strings (`v1.2.3`), longer dotted chains (`1.3.6.1.4.1`), MAC
    /// addresses, times such as `09:15:42` and short colon pairs such as `a::b` are
    /// not reported.
    ///
    /// ## Why is this bad?
    /// An IP address is personal data under GDPR: it locates the user and links
    /// their requests to other logs. It is also unstable, changing with networks and
    /// DHCP leases, so one user becomes many and users behind one NAT merge.
    ///
    /// ## Example
    /// ```text
    /// guest_203.0.113.7
    /// ```
    ///
    /// ## Use instead
    /// Identify the signed-in account (`user_12345`); for anonymous visitors use a
    /// random id stored in a cookie, not the address.
    PiiIpAddress,
    example: "guest_203.0.113.7"
}

/// Fewest bytes of a reported IPv4 address: `1.2.3.4`.
const MIN_IPV4_LEN: usize = 7;
/// Fewest bytes of a reported IPv6 address: `2001::`, `1::2:3`.
const MIN_IPV6_LEN: usize = 6;

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    let first_v6 = hits.hits.len();
    // Every IPv6 address the rule reports holds at least two colons.
    if scan.has(b':') {
        ipv6(scan, hits);
    }
    // An IPv4 address is four octets joined by `.`, `-` or `_`.
    if scan.digits >= 4 && scan.has_any(b".-_") {
        let last_v6 = hits.hits.len();
        ipv4(scan, hits, first_v6..last_v6);
    }
}

/// Bytes of IPv4 quads: digits and the separators between octets.
const V4_BYTES: ByteSet = byte_set(b"0123456789.-_", false);
/// Bytes of IPv6 addresses: hex digits, colons and the dots of an IPv4 tail.
const V6_BYTES: ByteSet = byte_set(b"0123456789abcdefABCDEF:.", false);

/// Dotted-quad IPv4, and dashed or underscored quads inside host names, skipping
/// the IPv4 tails of IPv6 addresses already reported as `hits.hits[v6]`.
fn ipv4(scan: &Scan<'_>, hits: &mut Hits, v6: Range<usize>) {
    let bytes = scan.bytes();
    let mut next_v6 = v6.start;
    // Where the search resumes: past the last address found, whose `:port` may
    // reach into a later run.
    let mut i = 0;
    // A quad is a run of digits and separators, so only long enough runs can
    // start one; candidates are the starts of digit runs inside them.
    for run in long_runs(bytes, MIN_IPV4_LEN, &V4_BYTES) {
        i = i.max(run.start);
        while i < run.end {
            if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
                i += 1;
                continue;
            }
            // IPv6 spans are in order, so one cursor walks them as `i` grows.
            while next_v6 < v6.end && hits.hits[next_v6].span.end <= i {
                next_v6 += 1;
            }
            if next_v6 < v6.end && hits.hits[next_v6].span.start <= i {
                i = hits.hits[next_v6].span.end;
                continue;
            }
            // Cheap filter: an octet of 1-3 digits followed by a separator.
            let digits = bytes[i..]
                .iter()
                .take(4)
                .take_while(|b| b.is_ascii_digit())
                .count();
            if digits > 3 || !matches!(bytes.get(i + digits), Some(b'.' | b'-' | b'_')) {
                i += digits;
                continue;
            }
            if let Some(span) = ipv4_at(bytes, i) {
                hits.push(Rule::PiiIpAddress, scan.text, span.clone(), "IPv4 address");
                i = span.end;
            } else {
                i += 1;
            }
        }
    }
}

/// Parses four octets joined by `sep` at `start`; returns the end of the last one.
fn quad(bytes: &[u8], start: usize, sep: u8) -> Option<usize> {
    let mut pos = start;
    for octet in 0..4 {
        if octet > 0 {
            if bytes.get(pos) != Some(&sep) {
                return None;
            }
            pos += 1;
        }
        let digits = bytes
            .get(pos..)?
            .iter()
            .take(4)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if !(1..=3).contains(&digits) {
            return None;
        }
        let value = bytes[pos..pos + digits]
            .iter()
            .fold(0u32, |v, &b| v * 10 + u32::from(b - b'0'));
        if value > 255 {
            return None;
        }
        pos += digits;
    }
    Some(pos)
}

fn ipv4_at(bytes: &[u8], start: usize) -> Option<Range<usize>> {
    // Only the byte after the first octet can be the separator of a quad.
    let first_octet = bytes
        .get(start..)?
        .iter()
        .take(4)
        .take_while(|b| b.is_ascii_digit())
        .count();
    let sep = *bytes
        .get(start + first_octet)
        .filter(|b| matches!(b, b'.' | b'-' | b'_'))?;
    let end = quad(bytes, start, sep)?;
    let prev = start.checked_sub(1).map(|p| bytes[p]);
    // A number before the separator, not the end of a word such as `ec2-54-...`.
    let number_before = start >= 2 && {
        let head = &bytes[..start - 1];
        let digits = head.iter().rev().take_while(|b| b.is_ascii_digit()).count();
        digits > 0
            && (digits == head.len() || !head[head.len() - digits - 1].is_ascii_alphanumeric())
    };
    // Part of a longer chain (`1.2.3.4.5`, `1-2-3-4-5`) or glued to a word (`v1.2.3.4`).
    let continues_left = prev == Some(sep) && number_before;
    let next = bytes.get(end).copied();
    let next2 = bytes.get(end + 1).copied();
    let continues_right = next == Some(sep) && next2.is_some_and(|b| b.is_ascii_digit());
    if continues_left
        || continues_right
        || prev.is_some_and(|b| b.is_ascii_alphanumeric())
        || next.is_some_and(|b| b.is_ascii_alphanumeric())
    {
        return None;
    }
    // `.nip.io`, `.ec2.internal`: the quad is the first label of a host name.
    let host_suffix = next == Some(b'.') && next2.is_some_and(|b| b.is_ascii_alphabetic());
    if sep != b'.' && !host_suffix && !ip_word_before(bytes, start) {
        return None;
    }
    let end = if sep == b'.' {
        with_port(bytes, end)
    } else {
        end
    };
    Some(start..end)
}

/// Whether `ip-` or `ip_` (any case) precedes `at`, as in `ip-10-0-0-1`.
fn ip_word_before(bytes: &[u8], at: usize) -> bool {
    at >= 3
        && bytes[at - 3..at - 1].eq_ignore_ascii_case(b"ip")
        && matches!(bytes[at - 1], b'-' | b'_')
        && (at == 3 || !bytes[at - 4].is_ascii_alphanumeric())
}

/// Extends `end` over a `:port` suffix (1-5 digits, at most 65535).
fn with_port(bytes: &[u8], end: usize) -> usize {
    if bytes.get(end) != Some(&b':') {
        return end;
    }
    let digits = bytes
        .get(end + 1..)
        .unwrap_or_default()
        .iter()
        .take(6)
        .take_while(|b| b.is_ascii_digit())
        .count();
    let port = bytes
        .get(end + 1..end + 1 + digits)
        .unwrap_or_default()
        .iter()
        .fold(0u32, |v, &b| v * 10 + u32::from(b - b'0'));
    let glued = bytes
        .get(end + 1 + digits)
        .is_some_and(|b| b.is_ascii_alphanumeric());
    if (1..=5).contains(&digits) && port <= 65535 && !glued {
        end + 1 + digits
    } else {
        end
    }
}

/// IPv6 addresses: maximal runs of hex digits, colons and dots that parse as one.
fn ipv6(scan: &Scan<'_>, hits: &mut Hits) {
    let bytes = scan.bytes();
    for run in long_runs(bytes, MIN_IPV6_LEN, &V6_BYTES) {
        if let Some(span) = ipv6_in_run(bytes, run.start, run.end) {
            hits.push(Rule::PiiIpAddress, scan.text, span, "IPv6 address");
        }
    }
}

fn ipv6_in_run(bytes: &[u8], run_start: usize, run_end: usize) -> Option<Range<usize>> {
    let mut start = run_start;
    // `cust:2001:db8::1`: a single colon joins a prefix; `::1` starts an address.
    if bytes.get(start) == Some(&b':') && bytes.get(start + 1) != Some(&b':') {
        start += 1;
    } else if start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
        // Glued to a word, as in `xfe80::1` or `T09:15:42`.
        return None;
    }
    let mut end = run_end;
    // A host-name dot after the address is not part of it.
    while end > start && bytes[end - 1] == b'.' {
        end -= 1;
    }
    if bytes
        .get(run_end)
        .is_some_and(|b| b.is_ascii_alphanumeric())
        && end == run_end
    {
        return None;
    }
    let address = bytes.get(start..end)?;
    if !is_unambiguous_ipv6(address) {
        return None;
    }
    let mut span_start = start;
    let mut span_end = end;
    // Zone index: `%eth0`, or `%25eth0` inside a URL.
    if bytes.get(span_end) == Some(&b'%') {
        let zone = bytes
            .get(span_end + 1..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'.')
            .count();
        if zone > 0 {
            span_end += 1 + zone;
        }
    }
    if span_start > 0 && bytes[span_start - 1] == b'[' && bytes.get(span_end) == Some(&b']') {
        span_start -= 1;
        span_end = with_port(bytes, span_end + 1);
    }
    Some(span_start..span_end)
}

/// Whether `s` is an IPv6 address that cannot be mistaken for something else.
///
/// Eight groups, or a `::` with at least three groups, an embedded IPv4 address,
/// or a well-known prefix (`fe80::1`, `2001::1`). Eight groups of exactly two hex
/// digits are an EUI-64 hardware address, reported by `pii-mac-address` instead.
fn is_unambiguous_ipv6(s: &[u8]) -> bool {
    let mut groups = 0usize;
    let mut two_digit_groups = 0usize;
    let mut compressed = false;
    let mut embedded_v4 = false;
    let mut first_group = None;
    let mut rest = s;
    if let Some(tail) = rest.strip_prefix(b"::") {
        compressed = true;
        rest = tail;
    }
    while !rest.is_empty() {
        let len = rest.iter().take_while(|&&b| b != b':').count();
        let (part, tail) = rest.split_at(len);
        if part.contains(&b'.') {
            // An IPv4 address may only end the address.
            if !tail.is_empty() || quad(part, 0, b'.') != Some(part.len()) {
                return false;
            }
            embedded_v4 = true;
            groups += 2;
        } else {
            if part.is_empty() || part.len() > 4 {
                return false;
            }
            two_digit_groups += usize::from(part.len() == 2);
            first_group.get_or_insert(part);
            groups += 1;
        }
        rest = match tail {
            [] => tail,
            [b':', b':', after @ ..] if !compressed => {
                compressed = true;
                after
            }
            [b':', after @ ..] if !after.is_empty() && after[0] != b':' => after,
            _ => return false,
        };
    }
    if !compressed {
        return groups == 8 && two_digit_groups < 8;
    }
    if groups > 7 {
        return false;
    }
    groups >= 3 || embedded_v4 || first_group.is_some_and(is_well_known_prefix)
}

/// First groups of address blocks that are unmistakably IPv6: link-local `fe80`,
/// unique-local `fc00::/7`, multicast `ff00::/8` and global unicast `2000::/3`.
fn is_well_known_prefix(group: &[u8]) -> bool {
    let &[a, b, c, _] = group else {
        return false;
    };
    matches!(
        [a, b, c].map(|x| x.to_ascii_lowercase()),
        [b'2' | b'3', _, _] | [b'f', b'c' | b'd' | b'f', _] | [b'f', b'e', b'8']
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_forms() {
        assert!(is_unambiguous_ipv6(b"2a03:2880:f12f:83:face:b00c:0:25de"));
        assert!(is_unambiguous_ipv6(b"2001:db8::8a2e:370:7334"));
        assert!(is_unambiguous_ipv6(b"fe80::1"));
        assert!(is_unambiguous_ipv6(b"::ffff:192.0.2.1"));
        assert!(is_unambiguous_ipv6(b"2001:db8::"));
        assert!(!is_unambiguous_ipv6(b"09:15:42"));
        assert!(!is_unambiguous_ipv6(b"a::b"));
        assert!(!is_unambiguous_ipv6(b"::1"));
        assert!(!is_unambiguous_ipv6(b"1::2::3:4:5"));
        assert!(!is_unambiguous_ipv6(b"02:1a:2b:ff:fe:3c:4d:5e"));
        assert!(!is_unambiguous_ipv6(b"1:2:3:4:5:6:7:8:9"));
        assert!(!is_unambiguous_ipv6(b"12345:1:2:3:4:5:6:7"));
        assert!(!is_unambiguous_ipv6(b"00:1a:2b:3c:4d:5e"));
    }

    #[test]
    fn ipv4_quads_and_ports() {
        assert_eq!(ipv4_at(b"10.0.0.1", 0), Some(0..8));
        assert_eq!(ipv4_at(b"10.0.0.1:8080", 0), Some(0..13));
        assert_eq!(ipv4_at(b"10.0.0.1:99999", 0), Some(0..8));
        assert_eq!(ipv4_at(b"256.0.0.1", 0), None);
        assert_eq!(ipv4_at(b"1.2.3.4.5", 0), None);
        assert_eq!(ipv4_at(b"ip-10-0-0-1", 3), Some(3..11));
        assert_eq!(ipv4_at(b"10-0-0-1.example.com", 0), Some(0..8));
        assert_eq!(ipv4_at(b"tenant-10-0-0-1", 7), None);
        assert_eq!(
            ipv4_at(b"ec2-54-12-34-56.compute-1.amazonaws.com", 4),
            Some(4..15)
        );
    }
}

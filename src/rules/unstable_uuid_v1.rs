use super::tokens::find_uuids;
use super::{Hits, Rule, Scan};

declare_rule! {
    /// ## What it does
    /// Flags time-based UUIDs anywhere in the id, bare or behind a prefix, in
    /// upper or lower case, with or without dashes: version 1, its DCE variant
    /// version 2, and version 6 (version 1 with the time fields reordered). Only
    /// UUIDs whose embedded time falls in 2000..2050 count, so placeholder UUIDs
    /// and random hex that happens to carry the version digit are not reported.
    /// Version 7 (Unix milliseconds plus random bits) is not reported: it is
    /// widely used as a stable database primary key and carries no hardware
    /// address.
    ///
    /// ## Why is this bad?
    /// A version 1 UUID encodes the moment it was minted (to 100 ns) and, in its
    /// node field, usually the MAC address of the machine that minted it. Sent as
    /// a user id it leaks hardware identity and timing, and when it is minted per
    /// request or per session it changes constantly, so caching, analytics and
    /// abuse tracking see a new user every time.
    ///
    /// ## Example
    /// ```text
    /// visitor_c6743400-4c34-11f0-9f50-6bf0331057ca
    /// ```
    ///
    /// ## Use instead
    /// Send a stable key derived from your internal user id, e.g. the output of
    /// `HmacPolicy` (`k1a2b_…`), or a random version 4 UUID stored once per user
    /// behind a stable prefix: `user-baa1c6f1-404b-4eaf-962a-01dec28753f8`.
    UnstableUuidV1,
    example: "visitor_c6743400-4c34-11f0-9f50-6bf0331057ca"
}

pub(crate) fn detect(scan: &Scan<'_>, hits: &mut Hits) {
    // A UUID has at least 32 hex digits.
    if scan.text.len() < 32 || scan.digits + scan.letters < 32 {
        return;
    }
    for (span, uuid) in find_uuids(scan.bytes()) {
        if uuid.is_time_based_with_mac() {
            let what = match uuid.version() {
                6 => "time-based UUID (version 6) with a timestamp and node id",
                2 => "time-based UUID (version 2) with a timestamp and MAC address",
                _ => "time-based UUID (version 1) with a timestamp and MAC address",
            };
            hits.push(Rule::UnstableUuidV1, scan.text, span, what);
        }
    }
}

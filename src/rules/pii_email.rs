use super::{Hits, Scan};

declare_rule! {
    /// ## What it does
    /// TODO
    ///
    /// ## Why is this bad?
    /// TODO
    ///
    /// ## Example
    /// ```text
    /// TODO
    /// ```
    ///
    /// ## Use instead
    /// TODO
    PiiEmail
}

pub(crate) fn detect(_scan: &Scan<'_>, _hits: &mut Hits) {}

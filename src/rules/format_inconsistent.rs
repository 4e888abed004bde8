use super::{Hits, Scan};

declare_rule! {
    /// ## What it does
    /// Flags an id whose shape (prefix, character classes, length band) differs
    /// from the ids the application usually sends, such as an email or a UUID in a
    /// stream of `app_<digits>` ids.
    ///
    /// This is a stream rule: a single id has no "usual shape", so the per-id
    /// validator never reports it. It is reported by
    /// [`ConsistencyChecker`](crate::ConsistencyChecker), which learns the shapes of
    /// a stream of ids with bounded memory, and by `idpolicy lint --consistency`.
    ///
    /// ## Why is this bad?
    /// One application should derive every end-user id the same way. An id of a
    /// different shape means some code path bypasses the id policy: it often sends
    /// a raw email, a session or request id, or a placeholder. Providers then see
    /// one user under two ids, or personal data where an opaque id belongs.
    ///
    /// ## Example
    /// ```text
    /// app_10231
    /// app_10232
    /// jane.doe@example.com
    /// 550e8400-e29b-41d4-a716-446655440000
    /// ```
    ///
    /// ## Use instead
    /// Route every request through one `UserIdPolicy`, so all ids share a shape:
    /// `app_10233`.
    FormatInconsistent,
    usage {
        /// ```
        /// use idpolicy::{ConsistencyChecker, Rule, Validator};
        ///
        /// // One id alone has no usual shape: the per-id validator never reports it.
        /// assert!(!Validator::default().check("jane.doe@example.com").has(Rule::FormatInconsistent));
        ///
        /// let mut checker = ConsistencyChecker::new().with_min_samples(2);
        /// assert!(checker.observe("app_10231").is_none());
        /// assert!(checker.observe("app_10232").is_none());
        /// for id in ["jane.doe@example.com", "550e8400-e29b-41d4-a716-446655440000"] {
        ///     let finding = checker.check(id).expect("an outlier");
        ///     assert_eq!(finding.rule(), Rule::FormatInconsistent);
        /// }
        /// assert!(checker.check("app_10233").is_none());
        /// ```
    }
}

/// Does nothing: consistency needs a stream, see `ConsistencyChecker`.
pub(crate) fn detect(_scan: &Scan<'_>, _hits: &mut Hits) {}

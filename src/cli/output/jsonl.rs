//! `--format jsonl`: exactly one JSON object per input record, in input order.
//!
//! ```text
//! {"line": 3, "findings": [{"rule": "pii-email", "severity": "deny", "span": [0, 16], "message": "..."}]}
//! {"line": 4, "error": "invalid UTF-8 at byte 2"}
//! ```
//!
//! `file` is added when several inputs are read.

use idpolicy::Report;
use idpolicy::records::RecordError;

use super::{Location, Reporter, json_string, number};

pub(crate) struct Jsonl;

impl Reporter for Jsonl {
    fn record(&self, out: &mut Vec<u8>, at: &Location<'_>, result: Result<&Report, &RecordError>) {
        out.push(b'{');
        if at.many_files {
            out.extend_from_slice(b"\"file\":");
            json_string(out, at.file);
            out.push(b',');
        }
        out.extend_from_slice(b"\"line\":");
        number(out, at.line);
        match result {
            Ok(report) => {
                out.extend_from_slice(b",\"findings\":[");
                for (i, finding) in report.findings().iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    out.extend_from_slice(b"{\"rule\":\"");
                    out.extend_from_slice(finding.rule().code().as_bytes());
                    out.extend_from_slice(b"\",\"severity\":\"");
                    out.extend_from_slice(finding.severity().name().as_bytes());
                    out.extend_from_slice(b"\",\"span\":[");
                    let span = finding.span();
                    number(out, span.start as u64);
                    out.push(b',');
                    number(out, span.end as u64);
                    out.extend_from_slice(b"],\"message\":");
                    json_string(out, finding.message());
                    out.push(b'}');
                }
                out.extend_from_slice(b"]}\n");
            }
            Err(e) => {
                out.extend_from_slice(b",\"error\":");
                json_string(out, &e.to_string());
                out.extend_from_slice(b"}\n");
            }
        }
    }
}

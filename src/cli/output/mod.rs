//! Output formats of `lint`, behind one reporting interface.

pub(crate) mod jsonl;
pub(crate) mod sarif;
pub(crate) mod text;

use std::io::{self, Write};

use idpolicy::records::RecordError;
use idpolicy::{Report, Validator};

use super::pipeline::Tally;

/// Where a record came from.
pub(crate) struct Location<'a> {
    pub(crate) file: &'a str,
    /// Whether several inputs are read, so the file is worth naming (jsonl).
    pub(crate) many_files: bool,
    pub(crate) line: u64,
}

/// A note kept for the end of the run (SARIF notifications).
#[derive(Debug, Clone)]
pub(crate) struct FileNote {
    pub(crate) file: String,
    pub(crate) line: u64,
    pub(crate) message: String,
}

/// What the end of a run reports.
pub(crate) struct Summary<'a> {
    pub(crate) tally: &'a Tally,
    pub(crate) validator: &'a Validator,
    pub(crate) deny_warnings: bool,
    pub(crate) notes: &'a [FileNote],
}

/// One output format of `lint`.
pub(crate) trait Reporter: Send + Sync {
    /// Written once, before any record.
    fn begin(&self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// Appends the output for one record; called on worker threads.
    fn record(&self, out: &mut Vec<u8>, at: &Location<'_>, result: Result<&Report, &RecordError>);

    /// Writes one batch's output; `first` tells whether anything was written yet.
    fn write_batch(&self, first: &mut bool, bytes: &[u8], out: &mut dyn Write) -> io::Result<()> {
        if !bytes.is_empty() {
            *first = false;
        }
        out.write_all(bytes)
    }

    /// Written once, after every record.
    fn finish(&self, _out: &mut dyn Write, _summary: &Summary<'_>) -> io::Result<()> {
        Ok(())
    }
}

/// Appends `text` as a JSON string.
pub(crate) fn json_string(out: &mut Vec<u8>, text: &str) {
    // Writing to a Vec cannot fail and a str always serializes.
    let _ = serde_json::to_writer(&mut *out, text);
}

/// Appends a decimal number.
pub(crate) fn number(out: &mut Vec<u8>, n: u64) {
    let _ = write!(out, "{n}");
}

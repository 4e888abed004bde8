//! `idpolicy anonymize`.
//!
//! Each record is copied with only the id replaced: a JSON value is spliced into the
//! original bytes at the field's span, a CSV field is rewritten (quoted per RFC 4180
//! when needed) and every other column is kept byte for byte. A record whose id cannot
//! be mapped keeps its place: the field becomes `null` (JSON) or empty (CSV), or the
//! line is left empty, and the reason goes to stderr with its line number.

use std::io::{self, BufWriter, Write as _};
use std::ops::Range;
use std::sync::Arc;

use idpolicy::records::{Batch, Record, write_csv_field};
use idpolicy::{Severity, UserIdPolicy, Validator};

use super::args::{AnonymizeArgs, LintMode};
use super::input::{self, Locator};
use super::output::json_string;
use super::pipeline::{self, Run, Tally, Worker};
use super::{Exit, Stop, output_error, policy};

/// Record messages printed on stderr; the rest are counted.
const MAX_MESSAGES: u64 = 100;

struct AnonymizeWorker {
    policy: Arc<dyn UserIdPolicy>,
    locator: Locator,
    lint: Option<(Arc<Validator>, LintMode)>,
    file: String,
}

fn terminator_or_newline(record: &Record<'_>) -> &'static [u8] {
    match record.terminator() {
        b"" => b"\n",
        t => t,
    }
}

impl AnonymizeWorker {
    /// Writes `record` with the id at `span` replaced by `value` (or removed).
    fn splice(
        &self,
        out: &mut Vec<u8>,
        record: &Record<'_>,
        span: Range<usize>,
        value: Option<&str>,
    ) {
        let content = record.content().unwrap_or_default();
        match &self.locator {
            Locator::Line | Locator::CsvNamed(_) => {
                out.extend_from_slice(value.unwrap_or_default().as_bytes());
            }
            Locator::Json(_) => {
                out.extend_from_slice(&content[..span.start]);
                match value {
                    Some(value) => json_string(out, value),
                    None => out.extend_from_slice(b"null"),
                }
                out.extend_from_slice(&content[span.end..]);
            }
            Locator::Csv(_) => {
                out.extend_from_slice(&content[..span.start]);
                write_csv_field(value.unwrap_or_default().as_bytes(), out);
                out.extend_from_slice(&content[span.end..]);
            }
        }
        if value.is_some() {
            out.extend_from_slice(record.terminator());
        } else {
            out.extend_from_slice(terminator_or_newline(record));
        }
    }
}

impl Worker for AnonymizeWorker {
    fn process(&self, batch: &Batch, out: &mut Vec<u8>, tally: &mut Tally) {
        let mut user_id = String::with_capacity(128);
        for record in batch.iter() {
            tally.records += 1;
            let line = record.line();
            let (id, span) = match self.locator.find(&record) {
                Ok(found) => found,
                Err(e) => {
                    tally.unreadable += 1;
                    tally.note(line, || format!("{}:{line}: {e}", self.file));
                    out.extend_from_slice(terminator_or_newline(&record));
                    continue;
                }
            };
            tally.json_objects += u64::from(self.locator.is_whole_json_object(&id));
            if let Some((validator, mode)) = &self.lint {
                let report = validator.check(&id);
                if let Some(finding) = report
                    .findings()
                    .iter()
                    .find(|f| f.severity() == Severity::Deny)
                {
                    let codes = report
                        .denied_rules()
                        .map(|r| r.code())
                        .collect::<Vec<_>>()
                        .join(", ");
                    if *mode == LintMode::Deny {
                        tally.denied += 1;
                        tally.note(line, || {
                            format!(
                                "{}:{line}: refused by the validator: {codes}: {}",
                                self.file,
                                finding.message()
                            )
                        });
                        self.splice(out, &record, span, None);
                        continue;
                    }
                    tally.warned += 1;
                    tally.note(line, || {
                        format!(
                            "{}:{line}: warning: the validator denies this id: {codes}: {}",
                            self.file,
                            finding.message()
                        )
                    });
                }
            }
            user_id.clear();
            match self.policy.write_user_id(&id, &mut user_id) {
                Ok(()) => self.splice(out, &record, span, Some(&user_id)),
                Err(e) => {
                    tally.denied += 1;
                    tally.note(line, || format!("{}:{line}: {e}", self.file));
                    self.splice(out, &record, span, None);
                }
            }
        }
    }
}

pub(crate) fn run(args: &AnonymizeArgs) -> Result<Exit, Stop> {
    let locator = Locator::from_flags(
        args.input.input,
        args.input.field.as_deref(),
        args.input.column.as_deref(),
    )?;
    let policy: Arc<dyn UserIdPolicy> = Arc::from(policy::build(&args.policy)?);
    let lint = match args.lint {
        LintMode::Off => None,
        mode => Some((
            Arc::new(policy::validator(args.lint_config.as_deref())?),
            mode,
        )),
    };
    let sources = input::open_all(&args.input.files)?;
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    let mut total = Tally::default();
    let mut printed = 0u64;
    for source in sources {
        let name = source.name.clone();
        let len = source.len;
        let opened = input::start(source, &locator, args.input.run.max_record_bytes)?;
        out.write_all(&opened.header).map_err(output_error)?;
        let worker = Arc::new(AnonymizeWorker {
            policy: Arc::clone(&policy),
            locator: opened.locator,
            lint: lint.clone(),
            file: name.clone(),
        });
        let options = Run {
            name: &name,
            len,
            threads: args.input.run.threads,
            progress: !args.input.run.no_progress,
        };
        let tally = pipeline::run(opened.reader, worker, &options, &mut |bytes, tally| {
            out.write_all(bytes).map_err(output_error)?;
            for note in &tally.notes {
                if printed < MAX_MESSAGES {
                    eprintln!("idpolicy: {}", note.message);
                }
                printed += 1;
            }
            printed += tally.notes_dropped;
            Ok(())
        })?;
        total.merge(&tally);
    }
    out.flush().map_err(output_error)?;
    if printed > MAX_MESSAGES {
        eprintln!(
            "idpolicy: … and {} more records with errors or warnings",
            printed - MAX_MESSAGES
        );
    }
    input::hint_json_objects(&total);
    if total.denied + total.unreadable > 0 {
        eprintln!(
            "idpolicy: {} records: {} refused, {} unreadable",
            total.records, total.denied, total.unreadable
        );
    }
    Ok(if total.unreadable > 0 {
        Exit::Unreadable
    } else if total.denied > 0 {
        Exit::Denied
    } else {
        Exit::Clean
    })
}

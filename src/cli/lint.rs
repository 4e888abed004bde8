//! `idpolicy lint`.

use std::io::{self, BufWriter, Write as _};
use std::sync::{Arc, Mutex, PoisonError};

use idpolicy::records::Batch;
use idpolicy::{ConsistencyChecker, Severity, Validator};

use super::args::{ColorChoice, LintArgs, LintFormat};
use super::input::{self, Locator};
use super::output::{
    FileNote, Location, Reporter, Summary, jsonl::Jsonl, sarif::Sarif, text::Text,
};
use super::pipeline::{self, Run, Tally, Worker};
use super::{Exit, Stop, output_error, policy};

/// SARIF notifications kept for unreadable records; the rest are counted.
const MAX_NOTES: usize = 1000;

struct LintWorker {
    validator: Arc<Validator>,
    /// With `--consistency`: the shape learner, fed in stream order (one worker).
    consistency: Option<Arc<Mutex<ConsistencyChecker>>>,
    locator: Locator,
    reporter: Arc<dyn Reporter>,
    file: String,
    many_files: bool,
}

impl Worker for LintWorker {
    fn process(&self, batch: &Batch, out: &mut Vec<u8>, tally: &mut Tally) {
        for record in batch.iter() {
            tally.records += 1;
            let at = Location {
                file: &self.file,
                many_files: self.many_files,
                line: record.line(),
            };
            match self.locator.find(&record) {
                Ok((id, _)) => {
                    tally.json_objects += u64::from(self.locator.is_whole_json_object(&id));
                    let mut report = self.validator.check(&id);
                    if let Some(checker) = &self.consistency {
                        let mut checker = checker.lock().unwrap_or_else(PoisonError::into_inner);
                        if let Some(finding) = checker.observe(&id) {
                            report.push(finding);
                        }
                    }
                    for finding in report.findings() {
                        tally.count_rule(finding.rule());
                    }
                    match report.max_severity() {
                        Some(Severity::Deny) => tally.denied += 1,
                        Some(Severity::Warn) => tally.warned += 1,
                        _ => {}
                    }
                    self.reporter.record(out, &at, Ok(&report));
                }
                Err(e) => {
                    tally.unreadable += 1;
                    tally.note(record.line(), || e.to_string());
                    self.reporter.record(out, &at, Err(&e));
                }
            }
        }
    }
}

fn use_color(choice: ColorChoice) -> bool {
    use std::io::IsTerminal as _;
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

pub(crate) fn run(args: &LintArgs) -> Result<Exit, Stop> {
    let validator = Arc::new(policy::validator(args.config.as_deref())?);
    let locator = Locator::from_flags(
        args.input.input,
        args.input.field.as_deref(),
        args.input.column.as_deref(),
    )?;
    let reporter: Arc<dyn Reporter> = match args.format {
        LintFormat::Text => Arc::new(Text {
            color: use_color(args.color),
        }),
        LintFormat::Jsonl => Arc::new(Jsonl),
        LintFormat::Sarif => Arc::new(Sarif),
    };
    let sources = input::open_all(&args.input.files)?;
    let many_files = sources.len() > 1;
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    reporter.begin(&mut out).map_err(output_error)?;
    let mut first = true;
    let mut total = Tally::default();
    let mut notes: Vec<FileNote> = Vec::new();
    // One learner for the whole run, across files.
    let consistency = args
        .consistency
        .then(|| Arc::new(Mutex::new(ConsistencyChecker::new())));
    for source in sources {
        let name = source.name.clone();
        let len = source.len;
        let opened = input::start(source, &locator, args.input.run.max_record_bytes)?;
        let worker = Arc::new(LintWorker {
            validator: Arc::clone(&validator),
            consistency: consistency.clone(),
            locator: opened.locator,
            reporter: Arc::clone(&reporter),
            file: name.clone(),
            many_files,
        });
        let options = Run {
            name: &name,
            len,
            threads: if args.consistency {
                Some(1)
            } else {
                args.input.run.threads
            },
            progress: !args.input.run.no_progress,
        };
        let tally = pipeline::run(opened.reader, worker, &options, &mut |bytes, tally| {
            reporter
                .write_batch(&mut first, bytes, &mut out)
                .map_err(output_error)?;
            for note in &tally.notes {
                if notes.len() < MAX_NOTES {
                    notes.push(FileNote {
                        file: name.clone(),
                        line: note.line,
                        message: note.message.clone(),
                    });
                }
            }
            Ok(())
        })?;
        total.merge(&tally);
    }
    let summary = Summary {
        tally: &total,
        validator: &validator,
        deny_warnings: args.deny_warnings,
        notes: &notes,
    };
    reporter.finish(&mut out, &summary).map_err(output_error)?;
    out.flush().map_err(output_error)?;
    input::hint_json_objects(&total);
    Ok(if total.unreadable > 0 {
        Exit::Unreadable
    } else if total.denied > 0 || (args.deny_warnings && total.warned > 0) {
        Exit::Denied
    } else {
        Exit::Clean
    })
}

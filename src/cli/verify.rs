//! `idpolicy verify`: checks pairs of internal id and user id.
//!
//! Input: CSV with a header (columns `internal_id` and `user_id` by default) or JSON
//! Lines (fields of the same names, or the paths given by `--internal`/`--user`).

use std::io::{self, BufWriter, Write as _};
use std::sync::Arc;

use idpolicy::records::Batch;
use idpolicy::{HmacPolicy, PolicyConfig, UserIdPolicy};

use super::args::{PairInput, VerifyArgs, VerifyFormat};
use super::input::{self, Locator};
use super::output::{json_string, number};
use super::pipeline::{self, Run, Tally, Worker};
use super::{Exit, Failure, Stop, output_error, policy};

/// How a pair is checked.
enum Checker {
    /// Every key of the ring, in constant time.
    Hmac(HmacPolicy),
    /// Recompute and compare (prefix and passthrough policies hold no secret).
    Other(Box<dyn UserIdPolicy>),
}

impl Checker {
    fn matches(&self, internal: &str, user: &str, scratch: &mut String) -> bool {
        match self {
            Checker::Hmac(policy) => policy.verify(internal, user),
            Checker::Other(policy) => {
                scratch.clear();
                policy.write_user_id(internal, scratch).is_ok() && scratch == user
            }
        }
    }
}

struct VerifyWorker {
    checker: Arc<Checker>,
    internal: Locator,
    user: Locator,
    jsonl: bool,
    file: String,
}

impl Worker for VerifyWorker {
    fn process(&self, batch: &Batch, out: &mut Vec<u8>, tally: &mut Tally) {
        let mut scratch = String::with_capacity(128);
        for record in batch.iter() {
            tally.records += 1;
            let line = record.line();
            let pair = self
                .internal
                .find(&record)
                .and_then(|(internal, _)| Ok((internal, self.user.find(&record)?.0)));
            let result =
                pair.map(|(internal, user)| self.checker.matches(&internal, &user, &mut scratch));
            match &result {
                Ok(true) => {}
                Ok(false) => tally.denied += 1,
                Err(_) => tally.unreadable += 1,
            }
            if self.jsonl {
                out.extend_from_slice(b"{\"line\":");
                number(out, line);
                match &result {
                    Ok(matched) => {
                        out.extend_from_slice(if *matched {
                            b",\"match\":true}\n"
                        } else {
                            b",\"match\":false}\n"
                        });
                    }
                    Err(e) => {
                        out.extend_from_slice(b",\"error\":");
                        json_string(out, &e.to_string());
                        out.extend_from_slice(b"}\n");
                    }
                }
            } else {
                match &result {
                    Ok(true) => {}
                    Ok(false) => out.extend_from_slice(
                        format!("{}:{line}: mismatch: the user id is not the id of the internal id under any key\n", self.file)
                            .as_bytes(),
                    ),
                    Err(e) => out.extend_from_slice(format!("{}:{line}: error: {e}\n", self.file).as_bytes()),
                }
            }
        }
    }
}

fn checker(args: &VerifyArgs) -> Result<Checker, Failure> {
    let config = policy::policy_config(&args.policy)?;
    policy::warn_key_files(&config);
    Ok(match &config {
        PolicyConfig::Hmac(hmac) => Checker::Hmac(hmac.build()?),
        other => Checker::Other(other.build()?),
    })
}

pub(crate) fn run(args: &VerifyArgs) -> Result<Exit, Stop> {
    let checker = Arc::new(checker(args)?);
    let (internal, user) = match args.input {
        PairInput::Csv => (
            Locator::CsvNamed(args.internal.clone()),
            Locator::CsvNamed(args.user.clone()),
        ),
        PairInput::Jsonl => (Locator::json(&args.internal)?, Locator::json(&args.user)?),
    };
    let sources = input::open_all(&args.files)?;
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
    let mut total = Tally::default();
    for source in sources {
        let name = source.name.clone();
        let len = source.len;
        let opened = input::start(source, &internal, args.run.max_record_bytes)?;
        let user = user.resolve(&opened.header[..opened.header_len], &name)?;
        let worker = Arc::new(VerifyWorker {
            checker: Arc::clone(&checker),
            internal: opened.locator,
            user,
            jsonl: args.format == VerifyFormat::Jsonl,
            file: name.clone(),
        });
        let options = Run {
            name: &name,
            len,
            threads: args.run.threads,
            progress: !args.run.no_progress,
        };
        let tally = pipeline::run(opened.reader, worker, &options, &mut |bytes, _| {
            out.write_all(bytes).map_err(output_error)
        })?;
        total.merge(&tally);
    }
    if args.format == VerifyFormat::Text {
        writeln!(
            out,
            "{} pairs: {} match, {} do not match, {} unreadable",
            total.records,
            total.records - total.denied - total.unreadable,
            total.denied,
            total.unreadable
        )
        .map_err(output_error)?;
    }
    out.flush().map_err(output_error)?;
    Ok(if total.unreadable > 0 {
        Exit::Unreadable
    } else if total.denied > 0 {
        Exit::Denied
    } else {
        Exit::Clean
    })
}

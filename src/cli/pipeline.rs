//! The parallel, order-preserving, bounded-memory record pipeline.
//!
//! A reader thread cuts the input into batches of up to [`BATCH_RECORDS`] records
//! and hands each to the worker pool together with a one-slot reply channel; the same
//! reply channel goes, in input order, into a bounded queue that the writer (the
//! calling thread) drains. So output stays in input order, and at most a fixed number
//! of batches is in flight whatever the input size.

use std::io::{IsTerminal as _, Read};
use std::sync::Arc;
use std::thread;

use crossbeam_channel::{Receiver, Sender, bounded};
use idpolicy::Rule;
use idpolicy::records::{Batch, RecordReader};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Failure, Stop};

/// Records per batch: large enough to amortize channel traffic, small enough to keep
/// both cores busy on short inputs.
const BATCH_RECORDS: usize = 4096;

/// Notes (messages about single records) kept per batch; the rest are only counted.
const NOTES_PER_BATCH: usize = 64;

/// A message about one record, for stderr or SARIF notifications.
#[derive(Debug, Clone)]
pub(crate) struct Note {
    pub(crate) line: u64,
    pub(crate) message: String,
}

/// Counts gathered by workers and merged by the writer.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    /// Records processed.
    pub(crate) records: u64,
    /// Records with a deny finding, refused, or not matching.
    pub(crate) denied: u64,
    /// Records with a warning (and no deny finding).
    pub(crate) warned: u64,
    /// Records that could not be read.
    pub(crate) unreadable: u64,
    /// Records read whole as one id (`--input lines`) that look like JSON objects.
    pub(crate) json_objects: u64,
    /// Findings per rule, indexed like [`Rule::ALL`].
    pub(crate) per_rule: Vec<u64>,
    /// Notes, at most [`NOTES_PER_BATCH`] per batch.
    pub(crate) notes: Vec<Note>,
    /// Notes not kept.
    pub(crate) notes_dropped: u64,
}

impl Tally {
    pub(crate) fn note(&mut self, line: u64, message: impl FnOnce() -> String) {
        if self.notes.len() < NOTES_PER_BATCH {
            self.notes.push(Note {
                line,
                message: message(),
            });
        } else {
            self.notes_dropped += 1;
        }
    }

    pub(crate) fn count_rule(&mut self, rule: Rule) {
        if self.per_rule.is_empty() {
            self.per_rule = vec![0; Rule::ALL.len()];
        }
        if let Some(i) = Rule::ALL.iter().position(|r| *r == rule) {
            self.per_rule[i] += 1;
        }
    }

    /// Adds `other`'s counts (not its notes, which the writer consumes).
    pub(crate) fn merge(&mut self, other: &Tally) {
        self.records += other.records;
        self.denied += other.denied;
        self.warned += other.warned;
        self.unreadable += other.unreadable;
        self.json_objects += other.json_objects;
        self.notes_dropped += other.notes_dropped;
        if !other.per_rule.is_empty() {
            if self.per_rule.is_empty() {
                self.per_rule = vec![0; Rule::ALL.len()];
            }
            for (mine, theirs) in self.per_rule.iter_mut().zip(&other.per_rule) {
                *mine += theirs;
            }
        }
    }
}

/// The per-batch work of a subcommand.
pub(crate) trait Worker: Send + Sync + 'static {
    /// Appends the output for every record of `batch`, in order, and counts.
    fn process(&self, batch: &Batch, out: &mut Vec<u8>, tally: &mut Tally);
}

/// What a worker hands back for one batch.
struct Done {
    out: Vec<u8>,
    tally: Tally,
}

enum Slot {
    Batch { reply: Receiver<Done>, bytes: u64 },
    ReadError(std::io::Error),
}

/// Receives each batch's output and tally, in input order, on the calling thread.
pub(crate) type Sink<'a> = dyn FnMut(&[u8], &Tally) -> Result<(), Stop> + 'a;

/// Options of one run.
pub(crate) struct Run<'a> {
    pub(crate) name: &'a str,
    pub(crate) len: Option<u64>,
    pub(crate) threads: Option<usize>,
    pub(crate) progress: bool,
}

/// Runs `worker` over every record of `reader`, calling `sink` with each batch's
/// output and tally in input order. Returns the merged tally.
pub(crate) fn run<W: Worker>(
    reader: RecordReader<Box<dyn Read + Send>>,
    worker: Arc<W>,
    options: &Run<'_>,
    sink: &mut Sink<'_>,
) -> Result<Tally, Stop> {
    let threads = options
        .threads
        .unwrap_or_else(|| thread::available_parallelism().map_or(2, usize::from))
        .clamp(1, 64);
    let (work_tx, work_rx) = bounded::<(Batch, Sender<Done>)>(threads * 2);
    let (order_tx, order_rx) = bounded::<Slot>(threads * 4);

    spawn_reader(reader, work_tx, order_tx);
    for _ in 0..threads {
        let work_rx = work_rx.clone();
        let worker = Arc::clone(&worker);
        thread::spawn(move || {
            for (batch, reply) in work_rx {
                let mut out = Vec::with_capacity(batch.byte_len() * 3 + 64 * batch.len());
                let mut tally = Tally::default();
                worker.process(&batch, &mut out, &mut tally);
                // The writer is gone only when it stopped early; nothing to do then.
                let _ = reply.send(Done { out, tally });
            }
        });
    }
    drop(work_rx);

    let bar = progress_bar(options);
    let mut total = Tally::default();
    for slot in order_rx {
        match slot {
            Slot::Batch { reply, bytes } => {
                let done = reply.recv().map_err(|_| {
                    Failure("internal error: a worker thread stopped unexpectedly".into())
                })?;
                sink(&done.out, &done.tally)?;
                total.merge(&done.tally);
                if let Some(bar) = &bar {
                    if options.len.is_some() {
                        bar.set_position(bytes);
                    } else {
                        bar.set_position(total.records);
                    }
                }
            }
            Slot::ReadError(e) => {
                if let Some(bar) = &bar {
                    bar.finish_and_clear();
                }
                return Err(Stop::Failed(Failure(format!(
                    "cannot read {}: {e}",
                    options.name
                ))));
            }
        }
    }
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    Ok(total)
}

fn spawn_reader(
    mut reader: RecordReader<Box<dyn Read + Send>>,
    work_tx: Sender<(Batch, Sender<Done>)>,
    order_tx: Sender<Slot>,
) {
    thread::spawn(move || {
        loop {
            let mut batch = Batch::new();
            match reader.read_batch(&mut batch, BATCH_RECORDS) {
                Ok(0) => break,
                Ok(_) => {
                    let (reply_tx, reply_rx) = bounded(1);
                    if work_tx.send((batch, reply_tx)).is_err() {
                        break;
                    }
                    let slot = Slot::Batch {
                        reply: reply_rx,
                        bytes: reader.bytes_read(),
                    };
                    if order_tx.send(slot).is_err() {
                        break;
                    }
                }
                Err(e) => {
                    let _ = order_tx.send(Slot::ReadError(e));
                    break;
                }
            }
        }
    });
}

fn progress_bar(options: &Run<'_>) -> Option<ProgressBar> {
    if !options.progress || !std::io::stderr().is_terminal() {
        return None;
    }
    let (bar, template) = match options.len {
        Some(len) => (
            ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr()),
            "{prefix} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
        ),
        None => (
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
            "{prefix} {spinner} {human_pos} records ({per_sec})",
        ),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix(options.name.to_owned());
    Some(bar)
}

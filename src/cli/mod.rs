//! The binary's modules: arguments, inputs, the parallel pipeline, one module per
//! subcommand and one per output format.

mod anonymize;
mod args;
mod input;
mod lint;
mod misc;
mod output;
mod pipeline;
mod policy;
mod verify;

use std::fmt;
use std::io;
use std::process::ExitCode;

use clap::Parser as _;

/// The process exit status: a small, documented set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Exit {
    /// No deny finding, no refused id, no mismatch, every record read.
    Clean,
    /// Some record was denied (lint), refused (anonymize), did not match (verify), or
    /// the configuration given to `check-config` is invalid.
    Denied,
    /// Some record could not be read (invalid UTF-8, malformed JSON, missing field or
    /// column, over-long record); each got an error entry in its place.
    Unreadable,
    /// Usage, configuration or I/O error: the run did not complete.
    Failure,
}

impl Exit {
    fn code(self) -> u8 {
        match self {
            Exit::Clean => 0,
            Exit::Denied => 1,
            Exit::Failure => 2,
            Exit::Unreadable => 3,
        }
    }
}

/// An error that ends the run with [`Exit::Failure`]. Its message never holds key
/// material or raw ids.
#[derive(Debug)]
pub(crate) struct Failure(pub(crate) String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<idpolicy::Error> for Failure {
    fn from(e: idpolicy::Error) -> Self {
        Failure(e.to_string())
    }
}

/// How a run ended when it did not complete normally.
#[derive(Debug)]
pub(crate) enum Stop {
    /// Standard output was closed by its reader (e.g. `| head`): end quietly.
    BrokenPipe,
    /// Anything else.
    Failed(Failure),
}

impl From<Failure> for Stop {
    fn from(e: Failure) -> Self {
        Stop::Failed(e)
    }
}

impl From<idpolicy::Error> for Stop {
    fn from(e: idpolicy::Error) -> Self {
        Stop::Failed(e.into())
    }
}

/// Converts an output error: a closed pipe is not a failure.
pub(crate) fn output_error(e: io::Error) -> Stop {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Stop::BrokenPipe
    } else {
        Stop::Failed(Failure(format!("cannot write output: {e}")))
    }
}

pub(crate) fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                Exit::Failure.code()
            } else {
                0
            });
        }
    };
    let result = match cli.command {
        args::Command::Lint(args) => lint::run(&args),
        args::Command::Anonymize(args) => anonymize::run(&args),
        args::Command::Verify(args) => verify::run(&args),
        args::Command::Keygen(args) => misc::keygen(&args),
        args::Command::Rules(args) => misc::rules(&args),
        args::Command::Explain(args) => misc::explain(&args),
        args::Command::CheckConfig(args) => misc::check_config(&args),
    };
    let exit = match result {
        Ok(exit) => exit,
        Err(Stop::BrokenPipe) => Exit::Clean,
        Err(Stop::Failed(e)) => {
            eprintln!("idpolicy: error: {e}");
            Exit::Failure
        }
    };
    ExitCode::from(exit.code())
}

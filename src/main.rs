//! The `idpolicy` command-line tool: lint and anonymize id files and streams.
//!
//! Argument parsing, output formats and exit codes live here, in the binary; the
//! library never prints. See `docs/cli.md` for the user documentation.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}

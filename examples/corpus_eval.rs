//! Scores the validator on a labeled corpus and prints the per-label table.
//!
//! ```text
//! cargo run --release --example corpus_eval -- ../shared/corpus/dev.jsonl
//! IDPOLICY_CORPUS=../shared/corpus/dev.jsonl cargo run --release --example corpus_eval
//! cargo run --release --example corpus_eval -- PATH --misses   # list missed rows (masked)
//! cargo run --release --example corpus_eval -- PATH --misses --show-values
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../tests/support/corpus.rs"]
mod corpus;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .or_else(|| std::env::var("IDPOLICY_CORPUS").ok());
    let Some(path) = path else {
        eprintln!("usage: corpus_eval PATH [--misses] [--show-values]  (or set IDPOLICY_CORPUS)");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let rows = match corpus::load(&text) {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let show_values = args.iter().any(|a| a == "--show-values");
    let score = corpus::score(&idpolicy::Validator::new(), &rows, show_values);
    println!("{}", score.table());
    if args.iter().any(|a| a == "--misses") {
        for (label, misses) in &score.misses {
            println!("## missed {label} ({})", misses.len());
            for m in misses {
                println!("  {m}");
            }
        }
        println!("## clean rows with findings ({})", score.false_alarms.len());
        for f in &score.false_alarms {
            println!("  {f}");
        }
    }
    ExitCode::SUCCESS
}

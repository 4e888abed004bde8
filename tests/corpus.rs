//! Quality targets on a labeled corpus (`../shared/corpus/dev.jsonl` format).
//!
//! The corpus is not part of the repository. Set `IDPOLICY_CORPUS=PATH`; without it
//! the test uses `../shared/corpus/dev.jsonl` when that exists (as in CI) and is
//! skipped otherwise. `cargo run --release --example corpus_eval -- PATH` prints the
//! full per-label table.

#![allow(clippy::print_stderr)]

mod support;

use std::path::PathBuf;

use support::corpus;

fn corpus_path() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("IDPOLICY_CORPUS") {
        return Some(PathBuf::from(path));
    }
    let beside = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/dev.jsonl");
    beside.exists().then_some(beside)
}

#[test]
fn validator_meets_recall_and_false_positive_targets() {
    let Some(path) = corpus_path() else {
        eprintln!("no corpus: set IDPOLICY_CORPUS to run the quality targets");
        return;
    };
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read corpus {}: {e}", path.display()));
    let rows = corpus::load(&text).expect("corpus parses");
    let score = corpus::score(&idpolicy::Validator::new(), &rows, false);
    let table = score.table();
    let mut failures = Vec::new();
    for (label, s) in &score.labels {
        if s.recall() < 0.97 {
            failures.push(format!("{label}: recall {:.1}% < 97%", 100.0 * s.recall()));
        }
    }
    if score.macro_recall() < 0.98 {
        failures.push(format!(
            "macro recall {:.2}% < 98%",
            100.0 * score.macro_recall()
        ));
    }
    for looks_random in [false, true] {
        let rate = score.clean_rate(looks_random);
        if rate > 0.01 {
            failures.push(format!(
                "clean looks_random={looks_random}: {:.2}% flagged pii/secret > 1%",
                100.0 * rate
            ));
        }
    }
    assert!(failures.is_empty(), "{}\n\n{table}", failures.join("\n"));
}

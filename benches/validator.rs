//! Validator lint time per id, side by side with `HmacPolicy`, single thread.
//!
//! ```text
//! IDPOLICY_CORPUS=../shared/corpus/dev.jsonl cargo bench --bench validator
//! ```
//!
//! Goals: median lint time over the corpus at most 1 µs per id, and at most 250 ns for
//! a typical clean id such as `user_12345`. Without a corpus (`IDPOLICY_CORPUS`, or
//! `../shared/corpus/dev.jsonl` beside the repository) the bundled sample ids are used.

#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "support/ratios.rs"]
mod ratios;

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, Throughput};
use idpolicy::{HmacPolicy, Key, UserIdPolicy, Validator};

const GROUP: &str = "validator";

fn corpus_ids() -> (String, Vec<String>) {
    let path = std::env::var("IDPOLICY_CORPUS").ok().or_else(|| {
        let beside = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/dev.jsonl");
        std::path::Path::new(beside)
            .exists()
            .then(|| beside.to_owned())
    });
    if let Some(path) = path
        && let Ok(text) = std::fs::read_to_string(&path)
    {
        {
            let ids = text
                .lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .filter_map(|v| v["id"].as_str().map(str::to_owned))
                .collect();
            return (path, ids);
        }
    }
    let ids = include_str!("../examples/data/sample_users.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    ("bundled sample".to_owned(), ids)
}

/// Median over ids of each id's lint time.
///
/// Each id is timed in 7 batches of 30 checks and its time is the median batch, so a
/// batch hit by a context switch or a neighbour's burst on this shared machine does not
/// move the figure, while a consistently slow id still counts in full.
fn median_per_id_ns(validator: &Validator, ids: &[String]) -> f64 {
    const BATCHES: usize = 7;
    const ROUNDS: u32 = 30;
    let mut per_id: Vec<f64> = ids
        .iter()
        .map(|id| {
            for _ in 0..20 {
                black_box(validator.check(black_box(id)));
            }
            let mut batches = [0f64; BATCHES];
            for batch in &mut batches {
                let start = Instant::now();
                for _ in 0..ROUNDS {
                    black_box(validator.check(black_box(id)));
                }
                *batch = start.elapsed().as_nanos() as f64 / f64::from(ROUNDS);
            }
            batches.sort_by(f64::total_cmp);
            batches[BATCHES / 2]
        })
        .collect();
    per_id.sort_by(f64::total_cmp);
    per_id[per_id.len() / 2]
}

fn main() {
    ratios::mark_start();
    let (source, ids) = corpus_ids();
    let validator = Validator::new();
    let policy = HmacPolicy::new(Key::from_bytes(&[0x42; 32]).expect("key")).expect("policy");
    let mut criterion = Criterion::default().configure_from_args();
    {
        let mut group = criterion.benchmark_group(GROUP);
        group.throughput(Throughput::Elements(1));
        group.bench_function("check user_12345", |b| {
            b.iter(|| black_box(validator.check(black_box("user_12345"))))
        });
        group.bench_function("HmacPolicy user_id user_12345", |b| {
            b.iter(|| black_box(policy.user_id(black_box("user_12345")).expect("id")))
        });
        group.bench_function("check corpus (mean per id)", |b| {
            let mut i = 0;
            b.iter(|| {
                i = (i + 1) % ids.len();
                black_box(validator.check(black_box(&ids[i])))
            })
        });
        group.finish();
    }
    criterion.final_summary();

    let median = median_per_id_ns(&validator, &ids);
    println!(
        "\n[validator] corpus: {source} ({} ids)\n  median lint time per id: {median:.0} ns (goal <= 1000 ns: {})",
        ids.len(),
        if median <= 1000.0 { "met" } else { "NOT met" }
    );
    if let Some(ns) = ratios::median_ns(GROUP, "check user_12345") {
        println!(
            "  check user_12345: {ns:.0} ns (goal <= 250 ns: {})",
            if ns <= 250.0 { "met" } else { "NOT met" }
        );
    }
    ratios::print_table(
        GROUP,
        "HmacPolicy user_id user_12345",
        &[
            ("check user_12345", None),
            ("check corpus (mean per id)", None),
        ],
    );
}

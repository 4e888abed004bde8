//! Validator and policy time on hostile inputs of 1, 4 and 16 MiB, per MiB.
//!
//! ```text
//! cargo bench --bench hostile
//! ```
//!
//! The validator scans at most 64 KiB of an id (`SCAN_CAP_BYTES`) and reports the rest
//! as too long, so the time per check stays flat as inputs grow and the time per MiB
//! falls. Printed at the end as a table.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::hint::black_box;
use std::time::Instant;

use criterion::{BenchmarkId, Criterion};
use idpolicy::{HmacPolicy, Key, UserIdPolicy, Validator};

const SHAPES: &[(&str, &str)] = &[
    ("at-signs", "@"),
    ("digits", "0123456789"),
    ("dots", "."),
    ("eyJ", "eyJ"),
    ("emails", "a.b@c.de "),
    ("multibyte", "é"),
];
const SIZES_MIB: &[usize] = &[1, 4, 16];

fn input(unit: &str, mib: usize) -> String {
    let len = mib << 20;
    let mut text = unit.repeat(len / unit.len() + 1);
    let mut end = len;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}

fn main() {
    let validator = Validator::new();
    let policy = HmacPolicy::new(Key::from_bytes(&[7u8; 32]).expect("key")).expect("policy");
    let mut criterion = Criterion::default().configure_from_args();
    {
        let mut group = criterion.benchmark_group("hostile");
        group.sample_size(10);
        for (name, unit) in SHAPES {
            for &mib in SIZES_MIB {
                let text = input(unit, mib);
                group.bench_with_input(
                    BenchmarkId::new(*name, format!("{mib}MiB")),
                    &text,
                    |b, text| b.iter(|| black_box(validator.check(black_box(text)))),
                );
            }
        }
        group.finish();
    }
    criterion.final_summary();

    println!("\n[hostile] validator time per check and per MiB (mean of 20 runs):");
    println!(
        "  {:<10} {:>18} {:>18} {:>18}",
        "shape", "1 MiB", "4 MiB", "16 MiB"
    );
    for (name, unit) in SHAPES {
        let mut row = format!("  {name:<10}");
        for &mib in SIZES_MIB {
            let text = input(unit, mib);
            let start = Instant::now();
            for _ in 0..20 {
                black_box(validator.check(black_box(&text)));
            }
            let per_check = start.elapsed() / 20;
            row.push_str(&format!(
                " {:>8.2?} ({:>6.2?}/MiB)",
                per_check,
                per_check / mib as u32
            ));
        }
        println!("{row}");
    }
    let huge = input("a", 16);
    let start = Instant::now();
    for _ in 0..1000 {
        black_box(policy.user_id(black_box(&huge)).is_err());
    }
    println!(
        "  HmacPolicy refuses a 16 MiB id (IdTooLong) in {:.2?}",
        start.elapsed() / 1000
    );
}

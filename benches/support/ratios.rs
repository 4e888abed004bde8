#![allow(clippy::print_stdout, clippy::print_stderr)]
//! Reads criterion's estimates back and prints ratios against a baseline measured in
//! the same run. Criterion writes `target/criterion/<group>/<bench>/new/estimates.json`.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::SystemTime;

/// When this run started; estimates written before it are from earlier runs.
static STARTED: OnceLock<SystemTime> = OnceLock::new();

/// Call first in `main`, so that benches filtered out of this run are reported as not
/// run instead of with a stale estimate from an earlier run.
pub(crate) fn mark_start() {
    let _ = STARTED.set(SystemTime::now());
}

/// The criterion output directory for this bench binary.
fn criterion_dir() -> Option<PathBuf> {
    if let Ok(home) = std::env::var("CRITERION_HOME") {
        return Some(PathBuf::from(home));
    }
    if let Ok(target) = std::env::var("CARGO_TARGET_DIR") {
        return Some(PathBuf::from(target).join("criterion"));
    }
    // target/release/deps/<bench> -> target/criterion
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.parent()?.parent()?.join("criterion"))
}

/// Median time in nanoseconds of `group/bench`, as criterion estimated it in this run.
pub(crate) fn median_ns(group: &str, bench: &str) -> Option<f64> {
    let path = criterion_dir()?
        .join(group)
        .join(bench.replace('/', "_"))
        .join("new/estimates.json");
    if let Some(started) = STARTED.get()
        && std::fs::metadata(&path).ok()?.modified().ok()? < *started
    {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value["median"]["point_estimate"].as_f64()
}

/// Prints one line per bench: its median and its ratio to `baseline`, with a goal.
pub(crate) fn print_table(group: &str, baseline: &str, rows: &[(&str, Option<f64>)]) {
    let Some(base) = median_ns(group, baseline) else {
        println!("[{group}] no estimate for baseline {baseline} (filtered out?)");
        return;
    };
    println!("\n[{group}] medians and ratios to `{baseline}` ({base:.1} ns), same run:");
    for (bench, goal) in rows {
        match median_ns(group, bench) {
            Some(ns) => {
                let ratio = ns / base;
                let verdict = verdict(ratio, *goal);
                println!("  {bench:<40} {ns:>10.1} ns  {ratio:>6.2}x  {verdict}");
            }
            None => println!("  {bench:<40} (not run)"),
        }
    }
}

/// `goal <= Gx: met` or `NOT met` for a ratio, or nothing without a goal.
pub(crate) fn verdict(ratio: f64, goal: Option<f64>) -> String {
    match goal {
        Some(goal) if ratio <= goal => format!("goal <= {goal}x: met"),
        Some(goal) => format!("goal <= {goal}x: NOT met"),
        None => String::new(),
    }
}

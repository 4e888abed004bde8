//! Mean time per id of each rule alone over a corpus, to find the slow one.
//!
//! ```text
//! cargo run --release --example rule_timing -- ../shared/corpus/dev.jsonl
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

use idpolicy::{Rule, Severity, Validator, ValidatorConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("IDPOLICY_CORPUS").ok())
        .ok_or("usage: rule_timing PATH (or set IDPOLICY_CORPUS)")?;
    let text = std::fs::read_to_string(path)?;
    let ids: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["id"].as_str().map(str::to_owned))
        .collect();
    let time = |validator: &Validator| {
        for id in &ids {
            black_box(validator.check(id));
        }
        let rounds = 20;
        let start = Instant::now();
        for _ in 0..rounds {
            for id in &ids {
                black_box(validator.check(black_box(id)));
            }
        }
        start.elapsed().as_nanos() as f64 / (rounds * ids.len()) as f64
    };
    let mut none = ValidatorConfig::default();
    for rule in Rule::ALL {
        none.levels.insert(rule.code().to_owned(), Severity::Allow);
    }
    let baseline = time(&Validator::from_config(&none)?);
    println!("no rules: {baseline:.0} ns/id");
    println!("all rules: {:.0} ns/id", time(&Validator::new()));
    let mut rows = BTreeMap::new();
    for rule in Rule::ALL {
        let mut config = none.clone();
        config
            .levels
            .insert(rule.code().to_owned(), rule.default_severity());
        let ns = time(&Validator::from_config(&config)?) - baseline;
        rows.insert((ns * 10.0) as i64, rule.code());
    }
    for (ns, code) in rows.iter().rev() {
        println!("{code:<22} {:>8.0} ns/id", *ns as f64 / 10.0);
    }
    Ok(())
}

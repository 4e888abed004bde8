#![allow(missing_docs, clippy::print_stdout)]
use idpolicy::{Validator, ValidatorConfig};
use std::hint::black_box;
use std::time::Instant;
fn main() {
    let text = std::fs::read_to_string("../shared/corpus/dev.jsonl").unwrap_or_default();
    let mut ids: Vec<String> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["id"].as_str().map(str::to_owned))
        .collect();
    let mine: ValidatorConfig = serde_json::from_str(
        r#"{"levels": {"pii":"allow","secret":"allow","placeholder":"allow","format":"allow"}}"#,
    )
    .unwrap_or_default();
    let none: ValidatorConfig = serde_json::from_str(r#"{"levels": {"pii":"allow","secret":"allow","placeholder":"allow","format":"allow","unstable":"allow"}}"#).unwrap_or_default();
    let big = "req_".repeat(16000);
    let digits = "1".repeat(60000);
    let mixed = "a1-".repeat(20000);
    ids.push(big);
    ids.push(digits);
    ids.push(mixed);
    ids.push("user_12345".into());
    let only = |r: &str| -> ValidatorConfig {
        let all = [
            "unstable-timestamp",
            "unstable-session",
            "unstable-uuid-v1",
            "unstable-random",
        ];
        let mut levels = String::from(
            r#""pii":"allow","secret":"allow","placeholder":"allow","format":"allow""#,
        );
        for a in all {
            if a != r {
                levels.push_str(&format!(r#","{a}":"allow""#));
            }
        }
        serde_json::from_str(&format!(r#"{{"levels": {{{levels}}}}}"#)).unwrap_or_default()
    };
    let configs = vec![
        ("unstable only", mine),
        ("nothing", none),
        ("ts", only("unstable-timestamp")),
        ("sess", only("unstable-session")),
        ("v1", only("unstable-uuid-v1")),
        ("rand", only("unstable-random")),
    ];
    for (name, cfg) in configs {
        let Ok(v) = Validator::from_config(&cfg) else {
            return;
        };
        let mut per: Vec<(f64, String)> = ids
            .iter()
            .map(|id| {
                for _ in 0..10 {
                    black_box(v.check(black_box(id)));
                }
                let n = if id.len() > 1000 { 5 } else { 300 };
                let t = Instant::now();
                for _ in 0..n {
                    black_box(v.check(black_box(id)));
                }
                (
                    t.elapsed().as_nanos() as f64 / n as f64,
                    id.chars().take(30).collect(),
                )
            })
            .collect();
        let user = per
            .iter()
            .find(|p| p.1 == "user_12345")
            .map(|p| p.0)
            .unwrap_or(0.0);
        per.sort_by(|a, b| a.0.total_cmp(&b.0));
        println!(
            "{name}: median {:.0} ns, user_12345 {:.0} ns, max {:.0} ns ({:?})",
            per[per.len() / 2].0,
            user,
            per[per.len() - 1].0,
            per[per.len() - 1].1
        );
        for p in per.iter().rev().take(4) {
            println!("   {:.0} ns {:?}", p.0, p.1);
        }
    }
}

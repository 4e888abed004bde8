//! Runs every rule against its fixture file in `tests/fixtures/rules/<code>.json`.
//!
//! A fixture is `{"fire": [...], "near_miss": [...]}`: ids on which the rule must
//! report, and look-alikes on which it must not. Every rule in the registry must
//! have a fixture with at least one case of each kind.
//!
//! `format-inconsistent` is a stream rule: its fixture also has a `"stream"` of ids
//! that a `ConsistencyChecker` learns before the cases are checked against it.

use std::path::PathBuf;

use idpolicy::{ConsistencyChecker, Rule, Validator};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    fire: Vec<String>,
    near_miss: Vec<String>,
    /// Ids a stream rule learns from before the cases are checked.
    #[serde(default)]
    stream: Vec<String>,
}

fn fixture_path(rule: Rule) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rules")
        .join(format!("{}.json", rule.code()))
}

#[test]
fn every_rule_fires_on_its_fixture_and_not_on_near_misses() {
    let validator = Validator::new();
    let mut failures = Vec::new();
    for &rule in Rule::ALL {
        let path = fixture_path(rule);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                failures.push(format!("{rule}: no fixture at {}: {e}", path.display()));
                continue;
            }
        };
        let fixture: Fixture = match serde_json::from_str(&text) {
            Ok(f) => f,
            Err(e) => {
                failures.push(format!("{rule}: bad fixture: {e}"));
                continue;
            }
        };
        if fixture.fire.is_empty() || fixture.near_miss.is_empty() {
            failures.push(format!(
                "{rule}: fixture needs cases that fire and near misses"
            ));
        }
        let checker = (rule == Rule::FormatInconsistent).then(|| {
            let mut checker = ConsistencyChecker::new();
            fixture.stream.iter().for_each(|id| checker.train(id));
            checker
        });
        let fires = |id: &str| match &checker {
            Some(checker) => checker.check(id).is_some(),
            None => validator.check(id).has(rule),
        };
        for (i, id) in fixture.fire.iter().enumerate() {
            if !fires(id) {
                let fired: Vec<_> = validator.check(id).rules().map(|r| r.code()).collect();
                failures.push(format!(
                    "{rule}: fire[{i}] {id:?} did not fire (got {fired:?})"
                ));
            }
        }
        for (i, id) in fixture.near_miss.iter().enumerate() {
            if fires(id) {
                failures.push(format!("{rule}: near_miss[{i}] {id:?} fired"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

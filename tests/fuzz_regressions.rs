//! Replays fuzz inputs through the fuzz targets' property checks under `cargo test`.
//!
//! The checks live in `fuzz/src/checks.rs` and are shared with the cargo-fuzz
//! targets (`fuzz/fuzz_targets/*.rs`), so a seed that passes here passes there.
//! Every seed in `fuzz/corpus/<target>/` is replayed; crashes found by fuzzing are
//! pinned as named tests below, each with a comment saying where it came from.

#[path = "../fuzz/src/checks.rs"]
mod checks;

use std::fs;
use std::path::Path;

/// Runs every file of `fuzz/corpus/<target>` through `check`, naming the file that fails.
fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut entries: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    entries.sort();
    assert!(entries.len() >= 10, "seed corpus of {target} is too small");
    for path in entries {
        let data = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{target} seed {} fails", path.display());
    }
}

#[test]
fn validator_seeds() {
    replay("validator", checks::check_validator);
}

#[test]
fn policies_seeds() {
    replay("policies", checks::check_policies);
}

#[test]
fn config_seeds() {
    replay("config", checks::check_config);
}

#[cfg(feature = "records")]
#[test]
fn records_seeds() {
    replay("records", checks::check_records);
}

/// Short edge inputs for every target: empty, one byte, truncated layouts.
#[test]
fn tiny_inputs() {
    for len in 0..=80usize {
        let data: Vec<u8> = (0..len).map(|i| (i * 37 + 5) as u8).collect();
        checks::check_validator(&data);
        checks::check_policies(&data);
        checks::check_config(&data);
        checks::check_records(&data);
    }
}

/// From fuzzing (`config` target, first 30 s run): `ValidatorConfig::from_json`
/// echoes an unknown field name verbatim and unbounded in its error
/// (`unknown field `+i]]]…aaaa…``), unlike `PolicyConfig::from_json`, which redacts
/// quoted text. A key pasted as a field name ended up in logs. The original crash
/// input is `fuzz/regressions/config-unknown-field-echo` (829 bytes: `{"+i` and
/// a run of `]` with 39 `a`s inside). Fixed by redacting long back-quoted parts
/// of parser messages, as policy configuration already did.
#[test]
fn validator_config_error_does_not_echo_field_names() {
    let crash = include_bytes!("../fuzz/regressions/config-unknown-field-echo");
    checks::check_config(crash);
    let key = "9c81a6cb".repeat(8);
    checks::check_config(format!("{{\"{key}\":1}}").as_bytes());
    checks::check_config(format!("{{\"levels\":{{}},\"{key}\":true}}").as_bytes());
}

/// From fuzzing (`config` target, CI run): an unknown `kind` such as `hma0a0b0c…` made
/// serde echo the value in backticks; values of up to 32 characters were kept by the
/// redaction, so a 24-character hex run reached the error message.
#[test]
fn policy_config_error_does_not_echo_unknown_variants() {
    let crash = include_bytes!("../fuzz/regressions/config-kind-error-echo");
    checks::check_config(crash);
}

/// From fuzzing (`config` target, a 75 s run): an unknown `kind` made only of the
/// letters a-f (`hmacbabababa…`) passed the "looks like a name" test of the redaction,
/// though it is a 20-character hex run. Long hex runs are now always redacted.
#[test]
fn policy_config_error_does_not_echo_letter_only_hex_variants() {
    checks::check_config(include_bytes!(
        "../fuzz/regressions/config-kind-hex-letters"
    ));
}

/// From fuzzing (`config` target, a 60 s run): a field name that itself starts with a
/// back quote defeated the quote parsing of the redaction, so a long `abab…` run was
/// echoed. Tokens with long hex runs are now scrubbed from every parser message.
#[test]
fn validator_config_error_does_not_echo_quoted_field_names() {
    checks::check_config(include_bytes!(
        "../fuzz/regressions/config-field-with-backquote"
    ));
}

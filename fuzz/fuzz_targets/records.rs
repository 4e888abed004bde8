//! Fuzz target `records`: the properties live in `fuzz/src/checks.rs`, shared with
//! `tests/fuzz_regressions.rs`, which replays the seed corpus through them.
#![no_main]

#[path = "../src/checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    checks::check_records(data);
});

//! Builds chat-completion request bodies for the sample users in
//! `examples/data/sample_users.txt`, anonymizing each id with an `HmacPolicy`,
//! and shows the validator refusing ids that must never be sent as they are.
//!
//! ```text
//! cargo run --example quickstart
//! IDPOLICY_KEY=$(openssl rand -hex 32) cargo run --example quickstart
//! ```
//!
//! Without `IDPOLICY_KEY` it uses a fixed demo key so the output is reproducible.
//! Never use a demo key for real ids.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use idpolicy::{HmacPolicy, Key, Passthrough, UserIdPolicy, Validator};
use serde_json::json;

const DEMO_KEY_HEX: &str = "6964706f6c6963792d64656d6f2d6b65792d646f2d6e6f742d7573652d212121";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = match Key::from_env("IDPOLICY_KEY") {
        Ok(key) => key,
        Err(_) => {
            eprintln!("note: IDPOLICY_KEY is not set; using the fixed demo key\n");
            Key::from_hex(DEMO_KEY_HEX)?
        }
    };
    let policy = HmacPolicy::builder(key).context("quickstart").build()?;
    let validator = Validator::new();
    let raw = Passthrough::new().with_validator(validator.clone());

    let samples = include_str!("data/sample_users.txt");
    for internal in samples
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        // 1. The right way: the provider only ever sees the keyed, stable id.
        let user = policy.user_id(internal)?;
        let body = json!({
            "model": "openai/gpt-4o-mini",
            "messages": [{"role": "user", "content": "Hello!"}],
            "user": user,
            "safety_identifier": user,
        });
        println!("{}", serde_json::to_string(&body)?);

        // 2. The mistake: sending the internal id as it is. The validator catches it.
        let report = validator.check(internal);
        match raw.user_id(internal) {
            Ok(_) if report.is_clean() => {
                println!("   raw id would pass as is: {}", idpolicy::mask(internal));
            }
            Ok(_) => {
                for finding in report.findings() {
                    println!("   raw id warned: {finding}");
                }
            }
            Err(error) => println!("   raw id refused: {error}"),
        }
    }
    Ok(())
}

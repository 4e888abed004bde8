//! `keygen`, `rules`, `explain` and `check-config`.

use std::io::{self, Write as _};

use base64::Engine as _;
use idpolicy::{PolicyConfig, Rule, Validator};
use zeroize::Zeroizing;

use super::args::{
    CheckConfigArgs, ConfigKind, ExplainArgs, KeyEncoding, KeygenArgs, RulesArgs, RulesFormat,
};
use super::{Exit, Failure, Stop, output_error, policy};

pub(crate) fn keygen(args: &KeygenArgs) -> Result<Exit, Stop> {
    let mut key = Zeroizing::new([0u8; 32]);
    getrandom::fill(&mut *key)
        .map_err(|e| Failure(format!("the operating system's random source failed: {e}")))?;
    let text = Zeroizing::new(match args.encoding {
        KeyEncoding::Hex => hex::encode(*key),
        KeyEncoding::Base64 => base64::engine::general_purpose::STANDARD.encode(*key),
    });
    let mut out = io::stdout().lock();
    writeln!(out, "{}", text.as_str()).map_err(output_error)?;
    out.flush().map_err(output_error)?;
    Ok(Exit::Clean)
}

pub(crate) fn rules(args: &RulesArgs) -> Result<Exit, Stop> {
    let mut text = String::new();
    match args.format {
        RulesFormat::Text => {
            text.push_str(&format!("{:<24} {:<12} {}\n", "code", "family", "default"));
            for rule in Rule::ALL {
                text.push_str(&format!(
                    "{:<24} {:<12} {}\n",
                    rule.code(),
                    rule.family().name(),
                    rule.default_severity().name()
                ));
            }
        }
        RulesFormat::Json => {
            let rules: Vec<_> = Rule::ALL
                .iter()
                .map(|rule| {
                    serde_json::json!({
                        "code": rule.code(),
                        "family": rule.family().name(),
                        "default_severity": rule.default_severity().name(),
                    })
                })
                .collect();
            text = serde_json::Value::Array(rules).to_string();
            text.push('\n');
        }
    }
    io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(output_error)?;
    Ok(Exit::Clean)
}

pub(crate) fn explain(args: &ExplainArgs) -> Result<Exit, Stop> {
    let Some(text) = idpolicy::explain(&args.code) else {
        return Err(Failure(format!(
            "unknown rule code `{}`; `idpolicy rules` lists them",
            args.code
        ))
        .into());
    };
    let rule = Rule::from_code(&args.code);
    let mut out = io::stdout().lock();
    if let Some(rule) = rule {
        writeln!(
            out,
            "# {} ({}, default {})\n",
            rule.code(),
            rule.family().name(),
            rule.default_severity().name()
        )
        .map_err(output_error)?;
    }
    // Doc-comment text keeps the space after `///`; drop it when every line has it.
    let indented = text.lines().all(|l| l.is_empty() || l.starts_with(' '));
    for line in text.trim_end().lines() {
        let line = if indented {
            line.strip_prefix(' ').unwrap_or(line)
        } else {
            line
        };
        writeln!(out, "{line}").map_err(output_error)?;
    }
    Ok(Exit::Clean)
}

/// Whether the text's top level has a `kind` key, which marks a policy configuration.
fn has_kind(path: &std::path::Path, text: &str) -> bool {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        text.parse::<toml::Table>()
            .is_ok_and(|t| t.contains_key("kind"))
    } else {
        serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| v.get("kind").is_some())
    }
}

pub(crate) fn check_config(args: &CheckConfigArgs) -> Result<Exit, Stop> {
    let path = &args.file;
    let text = policy::read_config(path)?;
    let is_policy = match args.kind {
        ConfigKind::Policy => true,
        ConfigKind::Validator => false,
        ConfigKind::Auto => has_kind(path, &text),
    };
    let result = if is_policy {
        policy::parse_policy(path, &text).and_then(|config| {
            policy::warn_key_files(&config);
            let kind = match &config {
                PolicyConfig::Hmac(_) => "hmac",
                PolicyConfig::Prefix(_) => "prefix",
                PolicyConfig::Passthrough(_) => "passthrough",
            };
            config.build().map(|_| format!("{kind} policy"))
        })
    } else {
        policy::parse_validator(path, &text)
            .and_then(|config| Validator::from_config(&config))
            .map(|_| "validator configuration".to_owned())
    };
    match result {
        Ok(what) => {
            writeln!(io::stdout().lock(), "{}: ok ({what})", path.display())
                .map_err(output_error)?;
            Ok(Exit::Clean)
        }
        Err(e) => {
            eprintln!("idpolicy: {}: {e}", path.display());
            Ok(Exit::Denied)
        }
    }
}

//! Building policies and validators from flags and configuration files.

use std::path::Path;

use idpolicy::{
    Encoding, HmacConfig, KeySource, PolicyConfig, UserIdPolicy, Validator, ValidatorConfig,
};

use super::Failure;
use super::args::{EncodingArg, PolicyArgs, PolicyKind};

/// Whether a configuration file is TOML (by its extension) rather than JSON.
fn is_toml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// Reads a configuration file; the message names the file, never its content.
pub(crate) fn read_config(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| {
        Failure(format!(
            "cannot read configuration `{}`: {e}",
            path.display()
        ))
    })
}

/// Parses a policy configuration, TOML or JSON by extension.
pub(crate) fn parse_policy(path: &Path, text: &str) -> Result<PolicyConfig, idpolicy::Error> {
    if is_toml(path) {
        PolicyConfig::from_toml(text)
    } else {
        PolicyConfig::from_json(text)
    }
}

/// Parses a validator configuration, TOML or JSON by extension.
pub(crate) fn parse_validator(path: &Path, text: &str) -> Result<ValidatorConfig, idpolicy::Error> {
    if is_toml(path) {
        ValidatorConfig::from_toml(text)
    } else {
        ValidatorConfig::from_json(text)
    }
}

/// The validator of `--config`/`--lint-config`, or the default one.
pub(crate) fn validator(config: Option<&Path>) -> Result<Validator, Failure> {
    let Some(path) = config else {
        return Ok(Validator::new());
    };
    let text = read_config(path)?;
    let config =
        parse_validator(path, &text).map_err(|e| Failure(format!("`{}`: {e}", path.display())))?;
    Ok(Validator::from_config(&config)?)
}

/// The policy configuration the flags describe.
pub(crate) fn policy_config(args: &PolicyArgs) -> Result<PolicyConfig, Failure> {
    if let Some(path) = &args.config {
        let flags_given = args.kind.is_some()
            || args.key_env.is_some()
            || args.key_file.is_some()
            || !args.previous_key_env.is_empty()
            || !args.previous_key_file.is_empty()
            || args.context.is_some()
            || args.encoding.is_some()
            || args.bits.is_some()
            || args.prefix.is_some();
        if flags_given {
            return Err(Failure(
                "--config describes the whole policy; drop the other policy flags or move them into the file"
                    .into(),
            ));
        }
        let text = read_config(path)?;
        let config =
            parse_policy(path, &text).map_err(|e| Failure(format!("`{}`: {e}", path.display())))?;
        return Ok(config);
    }
    let kind = args.kind.unwrap_or(PolicyKind::Hmac);
    let config = match kind {
        PolicyKind::Hmac => {
            if args.key_env.is_none() && args.key_file.is_none() {
                return Err(Failure(
                    "no key: pass --key-env VAR or --key-file PATH (or --config naming one); \
                     there is no built-in key. Generate one with `idpolicy keygen`."
                        .into(),
                ));
            }
            if args.key_env.is_some() && args.key_file.is_some() {
                return Err(Failure("pass only one of --key-env and --key-file".into()));
            }
            let previous = args
                .previous_key_env
                .iter()
                .map(|name| KeySource {
                    key_env: Some(name.clone()),
                    ..KeySource::default()
                })
                .chain(args.previous_key_file.iter().map(|path| KeySource {
                    key_file: Some(path.clone()),
                    ..KeySource::default()
                }))
                .collect();
            PolicyConfig::Hmac(HmacConfig {
                key_env: args.key_env.clone(),
                key_file: args.key_file.clone(),
                previous_keys: previous,
                context: args.context.clone(),
                prefix: args.prefix.clone(),
                encoding: match args.encoding {
                    Some(EncodingArg::Base64url) => Encoding::Base64Url,
                    _ => Encoding::Hex,
                },
                bits: args.bits,
                ..HmacConfig::default()
            })
        }
        PolicyKind::Prefix => {
            let Some(prefix) = &args.prefix else {
                return Err(Failure(
                    "--kind prefix needs --prefix, e.g. --prefix app_".into(),
                ));
            };
            PolicyConfig::Prefix(idpolicy::PrefixConfig {
                prefix: prefix.clone(),
                max_id_len: None,
                lint: None,
            })
        }
        PolicyKind::Passthrough => {
            PolicyConfig::Passthrough(idpolicy::PassthroughConfig::default())
        }
    };
    if kind != PolicyKind::Hmac
        && (args.key_env.is_some() || args.key_file.is_some() || args.context.is_some())
    {
        return Err(Failure(format!(
            "--key-env, --key-file and --context only apply to --kind hmac, not {kind:?}"
        )));
    }
    Ok(config)
}

/// Warns on stderr about key files readable by others.
pub(crate) fn warn_key_files(config: &PolicyConfig) {
    if let PolicyConfig::Hmac(hmac) = config {
        let files = hmac.key_file.iter().chain(
            hmac.previous_keys
                .iter()
                .filter_map(|k| k.key_file.as_ref()),
        );
        for path in files {
            if let Some(warning) = idpolicy::Key::file_permission_warning(path) {
                eprintln!("idpolicy: warning: {warning}");
            }
        }
    }
}

/// Builds the policy the flags describe, warning about key file permissions.
pub(crate) fn build(args: &PolicyArgs) -> Result<Box<dyn UserIdPolicy>, Failure> {
    let config = policy_config(args)?;
    warn_key_files(&config);
    Ok(config.build()?)
}

//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use idpolicy::records::DEFAULT_MAX_RECORD_LEN;

/// Lint and anonymize end-user ids for LLM API requests.
#[derive(Debug, Parser)]
#[command(name = "idpolicy", version, about, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check ids for PII, secrets, unstable values and format problems.
    Lint(LintArgs),
    /// Map each id through a policy (keyed HMAC by default), keeping everything else.
    Anonymize(AnonymizeArgs),
    /// Check pairs of internal id and user id against a key or keyring.
    Verify(VerifyArgs),
    /// Print a new random 32-byte key from the operating system's random source.
    Keygen(KeygenArgs),
    /// List every rule with its code, family and default severity.
    Rules(RulesArgs),
    /// Print a rule's explanation.
    Explain(ExplainArgs),
    /// Check a policy or validator configuration file.
    CheckConfig(CheckConfigArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum InputKind {
    /// One id per line (`\n` or `\r\n`); nothing else is trimmed.
    Lines,
    /// JSON Lines; the id is the field given by `--field`.
    Jsonl,
    /// CSV with a header; the id is the column given by `--column`.
    Csv,
}

#[derive(Debug, Args)]
pub(crate) struct InputArgs {
    /// Input files; standard input when none is given (or for `-`).
    #[arg(value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,
    /// How records and ids are read.
    #[arg(long, value_enum, default_value_t = InputKind::Lines)]
    pub(crate) input: InputKind,
    /// With `--input jsonl`: the field holding the id, dotted for nested objects
    /// (e.g. `metadata.user_id`).
    #[arg(long, value_name = "PATH")]
    pub(crate) field: Option<String>,
    /// With `--input csv`: the header name of the column holding the id.
    #[arg(long, value_name = "NAME")]
    pub(crate) column: Option<String>,
    #[command(flatten)]
    pub(crate) run: RunArgs,
}

#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// Records longer than this many bytes are reported as errors, not read.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_RECORD_LEN)]
    pub(crate) max_record_bytes: usize,
    /// Worker threads (default: the number of cores).
    #[arg(long, value_name = "N")]
    pub(crate) threads: Option<usize>,
    /// Never show a progress bar (it only appears when stderr is a terminal).
    #[arg(long)]
    pub(crate) no_progress: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LintFormat {
    /// Human-readable findings and a summary table.
    Text,
    /// One JSON object per input record, in input order.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Color when standard output is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always color.
    Always,
    /// Never color.
    Never,
}

#[derive(Debug, Args)]
pub(crate) struct LintArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub(crate) format: LintFormat,
    /// Validator configuration (JSON or TOML): levels, allowlist, length limit.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Count warnings as denials for the exit code.
    #[arg(long)]
    pub(crate) deny_warnings: bool,
    /// When to color text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,
    /// Also learn the shape of the ids in the stream and report outliers as
    /// `format-inconsistent` (runs on one worker so the stream order is kept).
    #[arg(long)]
    pub(crate) consistency: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PolicyKind {
    /// Keyed HMAC-SHA256 (needs a key).
    Hmac,
    /// `{prefix}{id}`, readable, for already-opaque ids.
    Prefix,
    /// The id unchanged, checked.
    Passthrough,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum EncodingArg {
    /// Lowercase hexadecimal.
    Hex,
    /// Unpadded base64url.
    Base64url,
}

#[derive(Debug, Args)]
pub(crate) struct PolicyArgs {
    /// Policy configuration (JSON or TOML); excludes the other policy flags.
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// The policy.
    #[arg(long, value_enum)]
    pub(crate) kind: Option<PolicyKind>,
    /// Environment variable holding the key (hex or base64).
    #[arg(long, value_name = "VAR")]
    pub(crate) key_env: Option<String>,
    /// File holding the key (hex or base64 text, or 32+ raw bytes); mode 600.
    #[arg(long, value_name = "PATH")]
    pub(crate) key_file: Option<PathBuf>,
    /// Environment variable of a previous key still accepted by `verify` (repeatable).
    #[arg(long, value_name = "VAR")]
    pub(crate) previous_key_env: Vec<String>,
    /// File of a previous key still accepted by `verify` (repeatable).
    #[arg(long, value_name = "PATH")]
    pub(crate) previous_key_file: Vec<PathBuf>,
    /// Domain-separation context, e.g. `prod` or a tenant name.
    #[arg(long)]
    pub(crate) context: Option<String>,
    /// Output encoding of HMAC ids.
    #[arg(long, value_enum)]
    pub(crate) encoding: Option<EncodingArg>,
    /// Truncation of HMAC ids in bits (64 to 256, multiple of 8).
    #[arg(long)]
    pub(crate) bits: Option<u16>,
    /// Prefix of the produced ids (required with `--kind prefix`).
    #[arg(long)]
    pub(crate) prefix: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LintMode {
    /// No linting.
    Off,
    /// Report ids the validator denies on stderr, but map them.
    Warn,
    /// Refuse ids the validator denies: error entry in place, exit code 1.
    Deny,
}

#[derive(Debug, Args)]
pub(crate) struct AnonymizeArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    #[command(flatten)]
    pub(crate) policy: PolicyArgs,
    /// Lint each internal id before mapping it.
    #[arg(long, value_enum, default_value_t = LintMode::Off)]
    pub(crate) lint: LintMode,
    /// Validator configuration for `--lint` (JSON or TOML).
    #[arg(long, value_name = "FILE")]
    pub(crate) lint_config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PairInput {
    /// CSV with a header; columns named by `--internal` and `--user`.
    Csv,
    /// JSON Lines; fields named by `--internal` and `--user`.
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum VerifyFormat {
    /// Mismatches and errors, then a summary.
    Text,
    /// One JSON object per input record: `{"line": N, "match": bool}`.
    Jsonl,
}

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// Input files; standard input when none is given (or for `-`).
    #[arg(value_name = "FILE")]
    pub(crate) files: Vec<PathBuf>,
    /// How pairs are read.
    #[arg(long, value_enum, default_value_t = PairInput::Csv)]
    pub(crate) input: PairInput,
    /// Column name (csv) or field path (jsonl) of the internal id.
    #[arg(long, value_name = "NAME", default_value = "internal_id")]
    pub(crate) internal: String,
    /// Column name (csv) or field path (jsonl) of the user id.
    #[arg(long, value_name = "NAME", default_value = "user_id")]
    pub(crate) user: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Text)]
    pub(crate) format: VerifyFormat,
    #[command(flatten)]
    pub(crate) policy: PolicyArgs,
    #[command(flatten)]
    pub(crate) run: RunArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum KeyEncoding {
    /// 64 lowercase hex digits.
    Hex,
    /// Standard base64 with padding.
    Base64,
}

#[derive(Debug, Args)]
pub(crate) struct KeygenArgs {
    /// How the key is written.
    #[arg(long, value_enum, default_value_t = KeyEncoding::Hex)]
    pub(crate) encoding: KeyEncoding,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RulesFormat {
    /// A table.
    Text,
    /// A JSON array of `{"code", "family", "default_severity"}`.
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub(crate) format: RulesFormat,
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// A rule code such as `pii-email` (see `idpolicy rules`).
    pub(crate) code: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ConfigKind {
    /// A policy config when it has a `kind` key, a validator config otherwise.
    Auto,
    /// A policy configuration (`PolicyConfig`).
    Policy,
    /// A validator configuration (`ValidatorConfig`).
    Validator,
}

#[derive(Debug, Args)]
pub(crate) struct CheckConfigArgs {
    /// The configuration file (JSON, or TOML when named `*.toml`).
    pub(crate) file: PathBuf,
    /// What the file configures.
    #[arg(long, value_enum, default_value_t = ConfigKind::Auto)]
    pub(crate) kind: ConfigKind,
}

//! Integration tests of the `idpolicy` binary: every subcommand, every malformed-input
//! case and every exit code. `--format jsonl` output is parsed back into typed structs.
#![cfg(feature = "cli")]

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde::Deserialize;

const KEY_HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

/// One line of `lint --format jsonl`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LintLine {
    #[serde(default)]
    file: Option<String>,
    line: u64,
    #[serde(default)]
    findings: Option<Vec<JsonFinding>>,
    #[serde(default)]
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonFinding {
    rule: String,
    severity: String,
    span: [usize; 2],
    message: String,
}

/// One line of `verify --format jsonl`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VerifyLine {
    line: u64,
    #[serde(rename = "match", default)]
    matched: Option<bool>,
    #[serde(default)]
    error: Option<String>,
}

fn idpolicy() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_idpolicy"));
    command.env("TEST_KEY", KEY_HEX).env_remove("NO_COLOR");
    command
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = idpolicy()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let output = child.wait_with_output().expect("binary finishes");
    writer.join().expect("stdin writer");
    output
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exit code")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn lint_jsonl(args: &[&str], stdin: &[u8]) -> (i32, Vec<LintLine>) {
    let mut all = vec!["lint", "--format", "jsonl"];
    all.extend_from_slice(args);
    let output = run(&all, stdin);
    let lines = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a LintLine"))
        .collect();
    (code(&output), lines)
}

fn write_file(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, data).expect("write fixture");
    path
}

#[test]
fn lint_lines_one_object_per_record_in_order() {
    let input = b"cus_kThOpv8XPq3OCw\r\nnull\ncus_123 \n\nlast";
    let (exit, lines) = lint_jsonl(&[], input);
    assert_eq!(lines.len(), 5);
    assert_eq!(
        lines.iter().map(|l| l.line).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    assert!(lines.iter().all(|l| l.error.is_none() && l.file.is_none()));
    // The `\r` of `\r\n` is part of the terminator, not of the id.
    assert!(lines[0].findings.as_ref().expect("findings").is_empty());
    let null = &lines[1].findings.as_ref().expect("findings")[0];
    assert_eq!(
        (null.rule.as_str(), null.severity.as_str()),
        ("placeholder-id", "deny")
    );
    assert_eq!(null.span, [0, 4]);
    assert!(!null.message.is_empty());
    // A trailing space is part of the id.
    let spaced = lines[2].findings.as_ref().expect("findings");
    assert!(
        spaced
            .iter()
            .any(|f| f.rule == "format-whitespace" && f.span == [7, 8])
    );
    assert!(
        lines[3]
            .findings
            .as_ref()
            .expect("findings")
            .iter()
            .any(|f| f.rule == "format-empty")
    );
    assert_eq!(exit, 1);
}

#[test]
fn malformed_records_get_an_error_entry_in_place() {
    let mut input = b"ok_id_1\n\xff\xfebad\nnul\0byte\n".to_vec();
    input.extend(std::iter::repeat_n(b'x', 100));
    input.extend(b"\nok_id_2\n");
    let (exit, lines) = lint_jsonl(&["--max-record-bytes", "64"], &input);
    assert_eq!(
        lines.len(),
        5,
        "count of output records equals count of input records"
    );
    assert_eq!(
        lines.iter().map(|l| l.line).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    assert!(
        lines[1]
            .error
            .as_deref()
            .expect("error")
            .contains("invalid UTF-8 at byte 0")
    );
    // NUL bytes are readable text: the validator reports them.
    assert!(lines[2].error.is_none());
    assert!(
        lines[2]
            .findings
            .as_ref()
            .expect("findings")
            .iter()
            .any(|f| f.rule == "format-control-char")
    );
    assert!(
        lines[3]
            .error
            .as_deref()
            .expect("error")
            .contains("100 bytes")
    );
    assert!(lines[4].findings.is_some());
    assert_eq!(exit, 3);
}

#[test]
fn malformed_jsonl_and_missing_fields() {
    let input = concat!(
        "{\"metadata\":{\"user_id\":\"cus_kThOpv8XPq3OCw\"}}\n",
        "{\"metadata\":\n",
        "{\"metadata\":{}}\n",
        "{\"metadata\":{\"user_id\":null}}\n",
        "\n",
        "{\"metadata\":{\"user_id\":\"null\"}}\n",
    );
    let (exit, lines) = lint_jsonl(
        &["--input", "jsonl", "--field", "metadata.user_id"],
        input.as_bytes(),
    );
    assert_eq!(lines.len(), 6);
    assert!(lines[0].findings.as_ref().expect("findings").is_empty());
    assert!(
        lines[1]
            .error
            .as_deref()
            .expect("error")
            .contains("malformed JSON")
    );
    assert!(
        lines[2]
            .error
            .as_deref()
            .expect("error")
            .contains("no field `metadata.user_id`")
    );
    assert!(lines[3].error.as_deref().expect("error").contains("null"));
    assert!(
        lines[4]
            .error
            .as_deref()
            .expect("error")
            .contains("malformed JSON")
    );
    assert_eq!(
        lines[5].findings.as_ref().expect("findings")[0].rule,
        "placeholder-id"
    );
    assert_eq!(exit, 3);
}

#[test]
fn lint_csv_column_and_multiple_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write_file(
        dir.path(),
        "a.csv",
        b"n,user\n1,\"cus_kThOpv8XPq3OCw\"\n2,\"multi\nline\"\n",
    );
    let b = write_file(dir.path(), "b.csv", b"user\nnull\n");
    let output = run(
        &[
            "lint",
            "--format",
            "jsonl",
            "--input",
            "csv",
            "--column",
            "user",
            a.to_str().expect("path"),
            b.to_str().expect("path"),
        ],
        b"",
    );
    let lines: Vec<LintLine> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).expect("LintLine"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0].line, 2);
    assert_eq!(lines[1].line, 3);
    assert!(lines[0].file.as_deref().expect("file").ends_with("a.csv"));
    assert!(lines[2].file.as_deref().expect("file").ends_with("b.csv"));
    assert_eq!(code(&output), 1);
}

#[test]
fn exit_codes() {
    assert_eq!(code(&run(&["lint"], b"cus_kThOpv8XPq3OCw\n")), 0);
    assert_eq!(code(&run(&["lint"], b"null\n")), 1);
    assert_eq!(code(&run(&["lint"], b"ok\n\xff\n")), 3);
    assert_eq!(code(&run(&["lint", "--no-such-flag"], b"")), 2);
    assert_eq!(code(&run(&["lint", "/no/such/file"], b"")), 2);
    assert_eq!(code(&run(&["lint", "--input", "jsonl"], b"")), 2);
    assert_eq!(code(&run(&["explain", "no-such-rule"], b"")), 2);
    assert_eq!(code(&run(&[], b"")), 2);
    // Warnings only deny with --deny-warnings.
    assert_eq!(code(&run(&["lint"], b"cus_123 \n")), 0);
    assert_eq!(code(&run(&["lint", "--deny-warnings"], b"cus_123 \n")), 1);
}

#[test]
fn lint_text_has_positions_and_a_summary_without_color_when_piped() {
    let output = run(&["lint"], b"good_id_1\nnull\n");
    let text = stdout(&output);
    assert!(text.contains("<stdin>:2:1: deny[placeholder-id]"), "{text}");
    assert!(
        text.contains("placeholder-id") && text.contains("2 records: 1 denied"),
        "{text}"
    );
    assert!(!text.contains('\x1b'));
    let colored = stdout(&run(&["lint", "--color", "always"], b"null\n"));
    assert!(colored.contains('\x1b'));
}

#[test]
fn lint_config_changes_levels() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = write_file(
        dir.path(),
        "lint.toml",
        b"[levels]\nplaceholder = \"warn\"\n",
    );
    let args = ["lint", "--config", config.to_str().expect("path")];
    assert_eq!(code(&run(&args, b"null\n")), 0);
    let bad = write_file(
        dir.path(),
        "bad.json",
        br#"{"levels": {"no-such-rule": "deny"}}"#,
    );
    assert_eq!(
        code(&run(
            &["lint", "--config", bad.to_str().expect("path")],
            b"x\n"
        )),
        2
    );
}

#[test]
fn sarif_is_valid_json_with_results_and_notifications() {
    let output = run(&["lint", "--format", "sarif"], b"null\n\xff\nnull\n");
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    assert_eq!(run0["results"].as_array().expect("results").len(), 2);
    assert_eq!(run0["results"][0]["ruleId"], "placeholder-id");
    assert_eq!(
        run0["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
    let notes = &run0["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
    assert!(
        run0["tool"]["driver"]["rules"]
            .as_array()
            .expect("rules")
            .len()
            > 10
    );
    assert_eq!(code(&output), 3);
}

#[test]
fn anonymize_refuses_to_start_without_a_key() {
    let output = run(&["anonymize"], b"42\n");
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("no key"));
    assert!(output.stdout.is_empty());
    let unset = run(
        &["anonymize", "--key-env", "IDPOLICY_TEST_UNSET_VAR"],
        b"42\n",
    );
    assert_eq!(code(&unset), 2);
    assert!(stderr(&unset).contains("IDPOLICY_TEST_UNSET_VAR"));
}

#[test]
fn anonymize_lines_keeps_terminators_and_count() {
    let output = run(&["anonymize", "--key-env", "TEST_KEY"], b"a\r\nb\n\xff\nc");
    assert_eq!(code(&output), 3);
    let out = stdout(&output);
    let records: Vec<&str> = out.split('\n').collect();
    assert_eq!(records.len(), 4);
    assert!(records[0].ends_with('\r') && records[0].len() == 39);
    assert_eq!(records[1].len(), 38);
    assert_eq!(records[2], "", "an unreadable record keeps its place");
    assert_eq!(
        records[3].len(),
        38,
        "no terminator added to the last record"
    );
    assert!(stderr(&output).contains("<stdin>:3: invalid UTF-8"));
    // Deterministic: same ids as a second run and as the library.
    let again = run(&["anonymize", "--key-env", "TEST_KEY"], b"a\n");
    assert_eq!(stdout(&again).trim_end(), records[0].trim_end());
}

#[test]
fn json_lines_read_as_plain_lines_get_a_hint_on_stderr() {
    let jsonl = b"{\"user\":\"a@example.com\"}\n {\"user\":\"u_1\"} \r\nplain_id\n";
    let hint = "hint: 2 of 3 records look like JSON objects and were read whole";
    let lint = run(&["lint", "--format", "jsonl"], jsonl);
    assert!(stderr(&lint).contains(hint), "{}", stderr(&lint));
    assert!(stderr(&lint).contains("--input jsonl --field PATH"));
    // Standard output stays machine-readable: one record object per line.
    for line in stdout(&lint).lines() {
        serde_json::from_str::<LintLine>(line).expect("a LintLine");
    }
    let anonymize = run(&["anonymize", "--key-env", "TEST_KEY"], jsonl);
    assert_eq!(code(&anonymize), 0);
    assert!(stderr(&anonymize).contains(hint), "{}", stderr(&anonymize));
    assert!(!stdout(&anonymize).contains("hint"));
    // No hint once the field is named, nor for ids that do not look like JSON.
    let field = run(&["lint", "--input", "jsonl", "--field", "user"], jsonl);
    assert!(!stderr(&field).contains("hint"), "{}", stderr(&field));
    let plain = run(&["lint"], b"u_1\n{not json\n}\n");
    assert!(!stderr(&plain).contains("hint"), "{}", stderr(&plain));
}

#[test]
fn anonymize_jsonl_keeps_every_other_byte() {
    let input = concat!(
        "{\"model\" : \"m\",  \"metadata\":{\"user_id\":\"u-1\", \"x\":[1, 2.50]}, \"z\":\"\\u00e9\"}\n",
        "{broken\n",
        "{\"metadata\":{\"user_id\":\"\"}}\n",
        "{\"other\":1}\n",
    );
    let output = run(
        &[
            "anonymize",
            "--key-env",
            "TEST_KEY",
            "--input",
            "jsonl",
            "--field",
            "metadata.user_id",
        ],
        input.as_bytes(),
    );
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4);
    let (before, after) = lines[0].split_once("\"user_id\":\"").expect("field kept");
    assert_eq!(before, "{\"model\" : \"m\",  \"metadata\":{");
    assert_eq!(&after[38..], "\", \"x\":[1, 2.50]}, \"z\":\"\\u00e9\"}");
    assert_eq!(lines[1], "");
    assert_eq!(
        lines[2], "{\"metadata\":{\"user_id\":null}}",
        "refused ids become null"
    );
    assert_eq!(lines[3], "");
    assert_eq!(code(&output), 3);
}

#[test]
fn anonymize_csv_rewrites_only_the_column() {
    let input = b"id,\"user\",note\r\n1,alice,\"x, \"\"y\"\"\"\r\n2,\"bob\",\xe9\r\n3\r\n";
    let output = run(
        &[
            "anonymize",
            "--key-env",
            "TEST_KEY",
            "--input",
            "csv",
            "--column",
            "user",
        ],
        input,
    );
    let out = output.stdout.clone();
    let lines: Vec<&[u8]> = out.split(|&b| b == b'\n').collect();
    assert_eq!(lines[0], b"id,\"user\",note\r");
    assert!(lines[1].starts_with(b"1,k"));
    assert!(lines[1].ends_with(b",\"x, \"\"y\"\"\"\r"));
    assert!(
        lines[2].ends_with(b",\xe9\r"),
        "other columns are kept byte for byte"
    );
    assert_eq!(lines[3], b"\r");
    assert_eq!(lines.len(), 5);
    assert_eq!(code(&output), 3);
    let missing = run(
        &[
            "anonymize",
            "--key-env",
            "TEST_KEY",
            "--input",
            "csv",
            "--column",
            "nope",
        ],
        input,
    );
    assert_eq!(code(&missing), 2);
}

#[test]
fn anonymize_lint_deny_reports_refused_ids_on_their_line() {
    let output = run(
        &["anonymize", "--key-env", "TEST_KEY", "--lint", "deny"],
        b"customer-1\nnull\ncustomer-2\n",
    );
    assert_eq!(code(&output), 1);
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1], "");
    let err = stderr(&output);
    assert!(
        err.contains("<stdin>:2: refused by the validator: placeholder-id"),
        "{err}"
    );
    assert!(!err.contains(KEY_HEX));
    let warn = run(
        &["anonymize", "--key-env", "TEST_KEY", "--lint", "warn"],
        b"null\n",
    );
    assert_eq!(code(&warn), 0);
    assert_eq!(stdout(&warn).trim_end().len(), 38);
}

#[test]
fn anonymize_prefix_and_config() {
    let output = run(
        &["anonymize", "--kind", "prefix", "--prefix", "app_"],
        b"42\n",
    );
    assert_eq!(stdout(&output), "app_42\n");
    let dir = tempfile::tempdir().expect("tempdir");
    let config = write_file(
        dir.path(),
        "policy.json",
        br#"{"kind":"hmac","key_env":"TEST_KEY","encoding":"base64url","bits":64}"#,
    );
    let output = run(
        &["anonymize", "--config", config.to_str().expect("path")],
        b"42\n",
    );
    assert_eq!(code(&output), 0);
    assert_eq!(stdout(&output).trim_end().len(), 6 + 11);
}

#[cfg(unix)]
#[test]
fn key_file_with_loose_permissions_warns() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let key = write_file(dir.path(), "key.hex", KEY_HEX.as_bytes());
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let output = run(
        &["anonymize", "--key-file", key.to_str().expect("path")],
        b"42\n",
    );
    assert_eq!(code(&output), 0);
    assert!(stderr(&output).contains("chmod 600"));
    assert!(!stderr(&output).contains(KEY_HEX));
}

#[test]
fn verify_pairs() {
    let ids = run(&["anonymize", "--key-env", "TEST_KEY"], b"alice\nbob\n");
    let out = stdout(&ids);
    let users: Vec<&str> = out.lines().collect();
    let csv = format!(
        "internal_id,user_id\nalice,{}\nbob,{}\nbob,{}\n\"short\n",
        users[0], users[1], users[0]
    );
    let output = run(
        &["verify", "--key-env", "TEST_KEY", "--format", "jsonl"],
        csv.as_bytes(),
    );
    let lines: Vec<VerifyLine> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).expect("VerifyLine"))
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0].matched, Some(true));
    assert_eq!(lines[1].matched, Some(true));
    assert_eq!(lines[2].matched, Some(false));
    assert!(lines[3].error.is_some());
    assert_eq!(lines[3].line, 5);
    assert_eq!(code(&output), 3);
    let good = format!("internal_id,user_id\nalice,{}\n", users[0]);
    assert_eq!(
        code(&run(&["verify", "--key-env", "TEST_KEY"], good.as_bytes())),
        0
    );
    let bad = format!("internal_id,user_id\nbob,{}\n", users[0]);
    let output = run(&["verify", "--key-env", "TEST_KEY"], bad.as_bytes());
    assert_eq!(code(&output), 1);
    assert!(stdout(&output).contains("<stdin>:2: mismatch"));
    let jsonl = format!("{{\"a\":{{\"in\":\"alice\"}},\"out\":\"{}\"}}\n", users[0]);
    let output = run(
        &[
            "verify",
            "--key-env",
            "TEST_KEY",
            "--input",
            "jsonl",
            "--internal",
            "a.in",
            "--user",
            "out",
        ],
        jsonl.as_bytes(),
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
}

#[test]
fn keygen_prints_fresh_keys() {
    let a = stdout(&run(&["keygen"], b""));
    let b = stdout(&run(&["keygen"], b""));
    assert_eq!(a.trim_end().len(), 64);
    assert!(a.trim_end().bytes().all(|c| c.is_ascii_hexdigit()));
    assert_ne!(a, b);
    let b64 = stdout(&run(&["keygen", "--encoding", "base64"], b""));
    assert_eq!(b64.trim_end().len(), 44);
    assert!(idpolicy::Key::from_text(b64.trim_end()).is_ok());
}

#[test]
fn rules_explain_and_check_config() {
    #[derive(Deserialize)]
    struct RuleRow {
        code: String,
        family: String,
        default_severity: String,
    }
    let rows: Vec<RuleRow> =
        serde_json::from_slice(&run(&["rules", "--format", "json"], b"").stdout)
            .expect("rules json");
    assert_eq!(rows.len(), idpolicy::Rule::ALL.len());
    assert!(
        rows.iter()
            .any(|r| r.code == "pii-email" && r.family == "pii" && r.default_severity == "deny")
    );
    assert!(stdout(&run(&["rules"], b"")).contains("pii-email"));
    let explained = run(&["explain", "secret-jwt"], b"");
    assert_eq!(code(&explained), 0);
    assert!(stdout(&explained).contains("Why is this bad?"));

    let dir = tempfile::tempdir().expect("tempdir");
    let good = write_file(dir.path(), "v.toml", b"max-length = 64\n");
    assert_eq!(
        code(&run(&["check-config", good.to_str().expect("path")], b"")),
        0
    );
    let policy = write_file(
        dir.path(),
        "p.json",
        br#"{"kind":"hmac","key_env":"TEST_KEY"}"#,
    );
    assert_eq!(
        code(&run(&["check-config", policy.to_str().expect("path")], b"")),
        0
    );
    let bad = write_file(
        dir.path(),
        "bad.json",
        br#"{"kind":"hmac","kye_env":"TEST_KEY"}"#,
    );
    assert_eq!(
        code(&run(&["check-config", bad.to_str().expect("path")], b"")),
        1
    );
    assert_eq!(code(&run(&["check-config", "/no/such/file.json"], b"")), 2);
}

#[test]
fn closed_stdout_ends_quietly() {
    let mut input = Vec::new();
    for i in 0..400_000 {
        input.extend(format!("customer-{i}\n").as_bytes());
    }
    let mut child = idpolicy()
        .args(["anonymize", "--key-env", "TEST_KEY"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 100];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let output = child.wait_with_output().expect("finishes");
    let _ = writer.join();
    assert_eq!(code(&output), 0);
    assert_eq!(stderr(&output), "");
}

#[test]
fn large_input_keeps_order_across_threads() {
    let mut input = String::new();
    for i in 0..20_000 {
        input.push_str(if i % 7 == 3 {
            "null\n"
        } else {
            "cus_kThOpv8XPq3OCw\n"
        });
    }
    let (_, lines) = lint_jsonl(&["--threads", "4"], input.as_bytes());
    assert_eq!(lines.len(), 20_000);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line.line, i as u64 + 1);
        let denied = line.findings.as_ref().is_some_and(|f| !f.is_empty());
        assert_eq!(denied, i % 7 == 3, "record {}", i + 1);
    }
}

#[test]
fn lint_consistency_reports_outliers_in_stream_order() {
    let mut input = String::new();
    for i in 0..500 {
        input.push_str(&format!("app_{}\n", 1000 + i * 7));
    }
    input.push_str("f47ac10b-58cc-4372-a567-0e02b2c3d479\n");
    input.push_str("app_99999\n");
    let (exit, lines) = lint_jsonl(&["--consistency"], input.as_bytes());
    assert_eq!(lines.len(), 502);
    let inconsistent = |n: usize| {
        lines[n]
            .findings
            .as_ref()
            .expect("readable")
            .iter()
            .any(|f| f.rule == "format-inconsistent")
    };
    assert!(
        inconsistent(500),
        "the uuid after 500 app_ ids is an outlier"
    );
    assert!(!inconsistent(501), "app_99999 fits the learned shape");
    assert!(!(0..500).any(inconsistent));
    assert_eq!(exit, 0, "format-inconsistent warns by default");
    let (_, plain) = lint_jsonl(&[], input.as_bytes());
    assert!(
        !plain
            .iter()
            .flat_map(|l| l.findings.iter().flatten())
            .any(|f| f.rule == "format-inconsistent")
    );
}

//! `--format sarif`: a SARIF 2.1.0 log for code-scanning dashboards.
//!
//! Results stream out as they are found; records that could not be read become
//! tool execution notifications (the first ones; the rest are counted).

use std::io::{self, Write};

use idpolicy::records::RecordError;
use idpolicy::{Report, Rule, Severity};
use serde_json::json;

use super::{Location, Reporter, Summary, json_string, number};

pub(crate) struct Sarif;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Deny => "error",
        Severity::Warn => "warning",
        Severity::Allow => "none",
    }
}

/// The first line of a rule's explanation that is not a heading: its short description.
fn short_description(rule: Rule) -> &'static str {
    rule.explanation()
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or(rule.code())
}

impl Reporter for Sarif {
    fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        let rules: Vec<_> = Rule::ALL
            .iter()
            .map(|rule| {
                json!({
                    "id": rule.code(),
                    "name": format!("{:?}", rule),
                    "shortDescription": {"text": short_description(*rule)},
                    "fullDescription": {"text": rule.explanation()},
                    "help": {"text": rule.explanation(), "markdown": rule.explanation()},
                    "defaultConfiguration": {"level": level(rule.default_severity())},
                    "properties": {"family": rule.family().name()},
                })
            })
            .collect();
        let driver = json!({
            "name": "idpolicy",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": "https://crates.io/crates/idpolicy",
            "rules": rules,
        });
        write!(
            out,
            "{{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\
             \"runs\":[{{\"tool\":{{\"driver\":{driver}}},\"results\":["
        )
    }

    fn record(&self, out: &mut Vec<u8>, at: &Location<'_>, result: Result<&Report, &RecordError>) {
        let Ok(report) = result else {
            return; // reported as a notification at the end
        };
        for finding in report.findings() {
            let index = Rule::ALL
                .iter()
                .position(|r| *r == finding.rule())
                .unwrap_or(0);
            let span = finding.span();
            out.extend_from_slice(b",{\"ruleId\":\"");
            out.extend_from_slice(finding.rule().code().as_bytes());
            out.extend_from_slice(b"\",\"ruleIndex\":");
            number(out, index as u64);
            out.extend_from_slice(b",\"level\":\"");
            out.extend_from_slice(level(finding.severity()).as_bytes());
            out.extend_from_slice(b"\",\"message\":{\"text\":");
            json_string(out, finding.message());
            out.extend_from_slice(
                b"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":",
            );
            json_string(out, at.file);
            out.extend_from_slice(b"},\"region\":{\"startLine\":");
            number(out, at.line);
            out.extend_from_slice(b",\"startColumn\":");
            number(out, span.start as u64 + 1);
            out.extend_from_slice(b",\"endColumn\":");
            number(out, span.end as u64 + 1);
            out.extend_from_slice(b"}}}]}");
        }
    }

    fn write_batch(&self, first: &mut bool, bytes: &[u8], out: &mut dyn Write) -> io::Result<()> {
        // Every result starts with a comma; drop the very first one.
        let bytes = match bytes.split_first() {
            Some((_, rest)) if *first => rest,
            Some(_) => bytes,
            None => return Ok(()),
        };
        *first = false;
        out.write_all(bytes)
    }

    fn finish(&self, out: &mut dyn Write, summary: &Summary<'_>) -> io::Result<()> {
        let mut notifications: Vec<_> = summary
            .notes
            .iter()
            .map(|note| {
                json!({
                    "level": "error",
                    "message": {"text": note.message},
                    "locations": [{"physicalLocation": {
                        "artifactLocation": {"uri": note.file},
                        "region": {"startLine": note.line},
                    }}],
                })
            })
            .collect();
        let kept = notifications.len() as u64;
        if summary.tally.unreadable > kept {
            notifications.push(json!({
                "level": "error",
                "message": {"text": format!(
                    "{} more records could not be read", summary.tally.unreadable - kept
                )},
            }));
        }
        let invocation = json!({
            "executionSuccessful": summary.tally.unreadable == 0,
            "toolExecutionNotifications": notifications,
        });
        writeln!(out, "],\"invocations\":[{invocation}]}}]}}")
    }
}

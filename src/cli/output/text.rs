//! `--format text`: one line per finding, colored on a terminal, and a summary table.

use std::io::{self, Write};

use idpolicy::records::RecordError;
use idpolicy::{Report, Rule, Severity};

use super::{Location, Reporter, Summary};

const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const MAGENTA: &str = "\x1b[1;35m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

pub(crate) struct Text {
    pub(crate) color: bool,
}

impl Text {
    fn paint(&self, out: &mut Vec<u8>, color: &str, text: &str) {
        if self.color {
            out.extend_from_slice(color.as_bytes());
            out.extend_from_slice(text.as_bytes());
            out.extend_from_slice(RESET.as_bytes());
        } else {
            out.extend_from_slice(text.as_bytes());
        }
    }
}

impl Reporter for Text {
    fn record(&self, out: &mut Vec<u8>, at: &Location<'_>, result: Result<&Report, &RecordError>) {
        match result {
            Ok(report) => {
                for finding in report.findings() {
                    let column = finding.span().start + 1;
                    let position = format!("{}:{}:{}:", at.file, at.line, column);
                    self.paint(out, DIM, &position);
                    out.push(b' ');
                    let (color, name) = match finding.severity() {
                        Severity::Deny => (RED, "deny"),
                        _ => (YELLOW, "warn"),
                    };
                    self.paint(out, color, &format!("{name}[{}]", finding.rule().code()));
                    out.extend_from_slice(b": ");
                    out.extend_from_slice(finding.message().as_bytes());
                    out.push(b'\n');
                }
            }
            Err(e) => {
                self.paint(out, DIM, &format!("{}:{}:", at.file, at.line));
                out.push(b' ');
                self.paint(out, MAGENTA, "error");
                out.extend_from_slice(format!(": {e}\n").as_bytes());
            }
        }
    }

    fn finish(&self, out: &mut dyn Write, summary: &Summary<'_>) -> io::Result<()> {
        let tally = summary.tally;
        let rows: Vec<(Rule, u64)> = Rule::ALL
            .iter()
            .zip(tally.per_rule.iter().chain(std::iter::repeat(&0)))
            .filter(|(_, n)| **n > 0)
            .map(|(r, n)| (*r, *n))
            .collect();
        let mut buffer = Vec::new();
        if !rows.is_empty() {
            buffer.extend_from_slice(
                format!("\n{:<24} {:<6} {:>10}\n", "rule", "level", "count").as_bytes(),
            );
            for (rule, count) in rows {
                let level = summary.validator.level(rule);
                let name = format!("{:<6}", level.name());
                buffer.extend_from_slice(format!("{:<24} ", rule.code()).as_bytes());
                let color = if level == Severity::Deny { RED } else { YELLOW };
                self.paint(&mut buffer, color, &name);
                buffer.extend_from_slice(format!(" {count:>10}\n").as_bytes());
            }
        }
        let warned = if summary.deny_warnings {
            " (denied by --deny-warnings)"
        } else {
            ""
        };
        buffer.extend_from_slice(
            format!(
                "\n{} records: {} denied, {} with warnings{}, {} unreadable\n",
                tally.records, tally.denied, tally.warned, warned, tally.unreadable
            )
            .as_bytes(),
        );
        out.write_all(&buffer)
    }
}

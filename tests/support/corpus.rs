#![allow(dead_code, unreachable_pub)]
//! Scoring of the validator against a labeled corpus (`../shared/corpus/dev.jsonl` format).
//!
//! Shared by `examples/corpus_eval.rs` (prints the table) and `tests/corpus.rs`
//! (asserts the quality targets when a corpus path is given).

use std::collections::BTreeMap;

use idpolicy::{Report, Validator};
use serde::Deserialize;

/// One labeled row.
#[derive(Debug, Deserialize)]
pub struct Row {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub also: Vec<String>,
    #[serde(default)]
    pub looks_random: Option<bool>,
    #[serde(default)]
    pub template: Option<String>,
}

/// Per-label counts.
#[derive(Debug, Default, Clone)]
pub struct LabelScore {
    pub rows: usize,
    /// Rows whose findings include the label.
    pub hits: usize,
    /// Rows whose findings include the label or one of `also`.
    pub lenient_hits: usize,
}

impl LabelScore {
    pub fn recall(&self) -> f64 {
        ratio(self.hits, self.rows)
    }
    pub fn lenient_recall(&self) -> f64 {
        ratio(self.lenient_hits, self.rows)
    }
}

/// The whole evaluation.
#[derive(Debug, Default)]
pub struct Score {
    pub labels: BTreeMap<String, LabelScore>,
    /// Clean rows with any `pii-*` / `secret-*` finding, by `looks_random`.
    pub clean_flagged: [usize; 2],
    pub clean_rows: [usize; 2],
    /// Clean rows with any finding at all.
    pub clean_any: usize,
    /// Up to a few misses per label, masked, for the table.
    pub misses: BTreeMap<String, Vec<String>>,
    /// Clean rows flagged, masked with the rules that fired.
    pub false_alarms: Vec<String>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

pub fn load(text: &str) -> Result<Vec<Row>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", n + 1)))
        .collect()
}

fn codes(report: &Report) -> Vec<&'static str> {
    report.rules().map(|r| r.code()).collect()
}

pub fn score(validator: &Validator, rows: &[Row], show_values: bool) -> Score {
    let mut score = Score::default();
    for row in rows {
        let report = validator.check(&row.id);
        let fired = codes(&report);
        let shown = if show_values {
            format!("{:?}", row.id)
        } else {
            idpolicy::mask(&row.id)
        };
        if row.label == "clean" {
            let random = usize::from(row.looks_random == Some(true));
            score.clean_rows[random] += 1;
            let pii = fired
                .iter()
                .any(|c| c.starts_with("pii-") || c.starts_with("secret-"));
            if pii {
                score.clean_flagged[random] += 1;
            }
            if !fired.is_empty() {
                score.clean_any += 1;
                score
                    .false_alarms
                    .push(format!("{shown} -> {}", fired.join(",")));
            }
            continue;
        }
        let entry = score.labels.entry(row.label.clone()).or_default();
        entry.rows += 1;
        let hit = fired.contains(&row.label.as_str());
        entry.hits += usize::from(hit);
        entry.lenient_hits +=
            usize::from(hit || row.also.iter().any(|a| fired.contains(&a.as_str())));
        if !hit {
            let misses = score.misses.entry(row.label.clone()).or_default();
            misses.push(format!(
                "{shown} [{}] -> {}",
                row.template.as_deref().unwrap_or("?"),
                if fired.is_empty() {
                    "clean".to_owned()
                } else {
                    fired.join(",")
                }
            ));
        }
    }
    score
}

impl Score {
    pub fn macro_recall(&self) -> f64 {
        let n = self.labels.len().max(1) as f64;
        self.labels.values().map(LabelScore::recall).sum::<f64>() / n
    }

    pub fn clean_rate(&self, looks_random: bool) -> f64 {
        let i = usize::from(looks_random);
        ratio(self.clean_flagged[i], self.clean_rows[i])
    }

    /// A Markdown table of per-label recall and the clean false-positive rates.
    pub fn table(&self) -> String {
        let mut out =
            String::from("| label | rows | recall | lenient recall |\n|---|---:|---:|---:|\n");
        for (label, s) in &self.labels {
            out.push_str(&format!(
                "| {label} | {} | {:.1}% | {:.1}% |\n",
                s.rows,
                100.0 * s.recall(),
                100.0 * s.lenient_recall()
            ));
        }
        out.push_str(&format!(
            "\nmacro recall: {:.2}%\n\
             clean rows with a pii-/secret- finding: looks_random=false {}/{} ({:.2}%), looks_random=true {}/{} ({:.2}%)\n\
             clean rows with any finding: {}/{}\n",
            100.0 * self.macro_recall(),
            self.clean_flagged[0],
            self.clean_rows[0],
            100.0 * self.clean_rate(false),
            self.clean_flagged[1],
            self.clean_rows[1],
            100.0 * self.clean_rate(true),
            self.clean_any,
            self.clean_rows[0] + self.clean_rows[1],
        ));
        out
    }
}

//! Input sources and how an id is found in a record.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

use idpolicy::records::{
    Batch, FieldPath, Framing, Record, RecordError, RecordReader, csv_column, csv_header_index,
    json_field, record_text,
};

use super::Failure;
use super::args::InputKind;
use super::pipeline::Tally;

/// One input: a file or standard input.
pub(crate) struct Source {
    /// The name shown in messages: the path, or `<stdin>`.
    pub(crate) name: String,
    /// The byte length when known (a regular file), for the progress bar.
    pub(crate) len: Option<u64>,
    pub(crate) reader: Box<dyn Read + Send>,
}

/// Opens the inputs in order; standard input when there is none.
pub(crate) fn open_all(files: &[PathBuf]) -> Result<Vec<Source>, Failure> {
    if files.is_empty() {
        return Ok(vec![stdin()]);
    }
    files
        .iter()
        .map(|path| {
            if path.as_os_str() == "-" {
                return Ok(stdin());
            }
            open(path)
        })
        .collect()
}

fn stdin() -> Source {
    Source {
        name: "<stdin>".into(),
        len: None,
        reader: Box::new(io::stdin()),
    }
}

fn open(path: &Path) -> Result<Source, Failure> {
    let file =
        File::open(path).map_err(|e| Failure(format!("cannot open `{}`: {e}", path.display())))?;
    let len = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    Ok(Source {
        name: path.display().to_string(),
        len,
        reader: Box::new(file),
    })
}

/// Where the id of a record is.
#[derive(Debug, Clone)]
pub(crate) enum Locator {
    /// The whole line.
    Line,
    /// A field of a JSON Lines record.
    Json(FieldPath),
    /// A CSV column, by index (resolved from the header).
    Csv(usize),
    /// A CSV column by name, before the header has been read.
    CsvNamed(String),
}

impl Locator {
    /// The locator the input flags describe.
    pub(crate) fn from_flags(
        kind: InputKind,
        field: Option<&str>,
        column: Option<&str>,
    ) -> Result<Locator, Failure> {
        match (kind, field, column) {
            (InputKind::Lines, None, None) => Ok(Locator::Line),
            (InputKind::Jsonl, Some(path), None) => Locator::json(path),
            (InputKind::Csv, None, Some(name)) => Ok(Locator::CsvNamed(name.to_owned())),
            (InputKind::Jsonl, None, _) => Err(Failure(
                "--input jsonl needs --field PATH, e.g. --field metadata.user_id".into(),
            )),
            (InputKind::Csv, _, None) => Err(Failure(
                "--input csv needs --column NAME, e.g. --column user_id".into(),
            )),
            _ => Err(Failure(
                "--field goes with --input jsonl and --column with --input csv".into(),
            )),
        }
    }

    /// Whether `id`, found by this locator, is a whole record that looks like a JSON
    /// object: the sign of JSON Lines read with the default `--input lines`.
    pub(crate) fn is_whole_json_object(&self, id: &str) -> bool {
        matches!(self, Locator::Line) && {
            let id = id.trim();
            id.len() >= 2 && id.starts_with('{') && id.ends_with('}')
        }
    }

    pub(crate) fn json(path: &str) -> Result<Locator, Failure> {
        FieldPath::parse(path)
            .map(Locator::Json)
            .ok_or_else(|| Failure(format!("invalid field path `{path}`: empty segment")))
    }

    pub(crate) fn framing(&self) -> Framing {
        match self {
            Locator::Csv(_) | Locator::CsvNamed(_) => Framing::Csv,
            Locator::Line | Locator::Json(_) => Framing::Lines,
        }
    }

    /// Resolves a column name against a CSV header record.
    pub(crate) fn resolve(&self, header: &[u8], source: &str) -> Result<Locator, Failure> {
        match self {
            Locator::CsvNamed(name) => {
                csv_header_index(header, name)
                    .map(Locator::Csv)
                    .ok_or_else(|| {
                        Failure(format!("column `{name}` is not in the header of {source}"))
                    })
            }
            other => Ok(other.clone()),
        }
    }

    /// The id of `record` and its byte span in the record's content.
    pub(crate) fn find<'a>(
        &self,
        record: &Record<'a>,
    ) -> Result<(Cow<'a, str>, Range<usize>), RecordError> {
        let content = record.content()?;
        match self {
            Locator::Line => Ok((Cow::Borrowed(record_text(content)?), 0..content.len())),
            Locator::Json(path) => {
                let field = json_field(record_text(content)?, path)?;
                Ok((field.value, field.span))
            }
            Locator::Csv(index) => {
                let (span, value) = csv_column(content, *index)?;
                let text = match value {
                    Cow::Borrowed(bytes) => Cow::Borrowed(record_text(bytes)?),
                    Cow::Owned(bytes) => Cow::Owned(String::from_utf8(bytes).map_err(|e| {
                        RecordError::InvalidUtf8 {
                            at: e.utf8_error().valid_up_to(),
                        }
                    })?),
                };
                Ok((text, span))
            }
            Locator::CsvNamed(_) => Ok((Cow::Borrowed(""), 0..0)),
        }
    }
}

/// A record reader over a source, with the CSV header already consumed.
pub(crate) struct Opened {
    pub(crate) reader: RecordReader<Box<dyn Read + Send>>,
    pub(crate) locator: Locator,
    /// The header record with its terminator (CSV only), to copy to the output.
    pub(crate) header: Vec<u8>,
    /// The length of the header without its terminator.
    pub(crate) header_len: usize,
}

/// Starts reading a source: for CSV, reads the header and resolves the column.
pub(crate) fn start(
    source: Source,
    locator: &Locator,
    max_record_bytes: usize,
) -> Result<Opened, Failure> {
    let mut reader =
        RecordReader::new(source.reader, locator.framing()).with_max_record_len(max_record_bytes);
    let mut header = Vec::new();
    let mut header_len = 0;
    let locator = match locator {
        Locator::CsvNamed(_) => {
            let mut batch = Batch::new();
            reader
                .read_batch(&mut batch, 1)
                .map_err(|e| Failure(format!("cannot read {}: {e}", source.name)))?;
            let Some(record) = batch.iter().next() else {
                return Err(Failure(format!("{} is empty: no CSV header", source.name)));
            };
            let content = record
                .content()
                .map_err(|e| Failure(format!("{}: header: {e}", source.name)))?;
            header.extend_from_slice(content);
            header_len = content.len();
            header.extend_from_slice(record.terminator());
            locator.resolve(content, &source.name)?
        }
        other => other.clone(),
    };
    Ok(Opened {
        reader,
        locator,
        header,
        header_len,
    })
}

/// Prints, on stderr, a hint when records read whole as ids (`--input lines`, the
/// default) looked like JSON objects: the user most likely meant one field of JSON
/// Lines.
pub(crate) fn hint_json_objects(total: &Tally) {
    if total.json_objects > 0 {
        eprintln!(
            "idpolicy: hint: {} of {} records look like JSON objects and were read \
             whole, each as one id (--input lines is the default); to use one field, pass \
             --input jsonl --field PATH, e.g. --field user or --field metadata.user_id",
            total.json_objects, total.records
        );
    }
}

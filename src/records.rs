//! Record readers for id files and streams: lines, JSON Lines fields and CSV columns.
//!
//! These are the parsers behind the `idpolicy` command-line tool, kept in the library
//! (behind the `records` feature) so that fuzz targets and other tools can call them.
//!
//! * [`RecordReader`] cuts a byte stream into records ([`Framing::Lines`] or
//!   [`Framing::Csv`]) in batches, reading in large chunks with bounded memory: a
//!   record longer than the cap is skipped and reported as [`RecordError::TooLong`]
//!   in its place, never buffered whole.
//! * [`json_field`] finds a possibly nested string field of a JSON Lines record and
//!   returns its byte span, so a new value can be spliced into the original bytes.
//! * [`csv_fields`], [`csv_unquote`], [`write_csv_field`] and [`csv_header_index`]
//!   handle RFC 4180 fields by their raw spans.
//!
//! No [`RecordError`] ever contains record content: only offsets, lengths, field
//! paths given by the caller and parser categories.
//!
//! # Example
//! ```
//! use idpolicy::records::{Batch, Framing, RecordReader};
//!
//! let input: &[u8] = b"alice\r\nbob \n\xffcarol";
//! let mut reader = RecordReader::new(input, Framing::Lines);
//! let mut batch = Batch::new();
//! reader.read_batch(&mut batch, 100)?;
//! let records: Vec<_> = batch.iter().collect();
//! assert_eq!(records.len(), 3);
//! assert_eq!(records[0].content()?, b"alice");
//! assert_eq!(records[0].terminator(), b"\r\n");
//! assert_eq!(records[1].content()?, b"bob "); // nothing but the terminator is trimmed
//! assert_eq!(records[2].line(), 3);
//! assert!(idpolicy::records::record_text(records[2].content()?).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Read};
use std::ops::Range;

/// The default cap on one record's length in bytes: 1 MiB.
///
/// # Example
/// ```
/// use idpolicy::records::{Batch, DEFAULT_MAX_RECORD_LEN, Framing, RecordError, RecordReader};
///
/// let input = "x".repeat(DEFAULT_MAX_RECORD_LEN + 1);
/// let mut batch = Batch::new();
/// RecordReader::new(input.as_bytes(), Framing::Lines).read_batch(&mut batch, 1)?;
/// let record = batch.iter().next().expect("one record");
/// assert!(matches!(record.content(), Err(RecordError::TooLong { max: DEFAULT_MAX_RECORD_LEN, .. })));
/// # Ok::<(), std::io::Error>(())
/// ```
pub const DEFAULT_MAX_RECORD_LEN: usize = 1 << 20;

/// How many bytes a batch holds at most before it is handed on (records stop being
/// added once this is reached), so that memory stays bounded with long records.
const BATCH_BYTES: usize = 1 << 20;

/// How many bytes are read from the source at a time.
const CHUNK: usize = 256 * 1024;

/// Why a record could not be read or its id could not be found.
///
/// Messages carry offsets, lengths and caller-given names only, never record content.
///
/// # Example
/// ```
/// use idpolicy::records::{RecordError, record_text};
/// assert_eq!(record_text(b"ab\xff"), Err(RecordError::InvalidUtf8 { at: 2 }));
/// assert_eq!(RecordError::InvalidUtf8 { at: 2 }.to_string(), "invalid UTF-8 at byte 2");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecordError {
    /// The record is longer than the cap; its content was skipped.
    TooLong {
        /// Length of the record in bytes, without its terminator.
        len: usize,
        /// The cap in bytes.
        max: usize,
    },
    /// The record (or the field) is not valid UTF-8.
    InvalidUtf8 {
        /// Byte offset of the first invalid byte.
        at: usize,
    },
    /// The record is not valid JSON.
    MalformedJson {
        /// 1-based column (byte) where the parser stopped.
        column: usize,
        /// The parser's description, with any quoted text removed.
        reason: String,
    },
    /// The JSON record has no field at the path.
    MissingField {
        /// The path, as given.
        path: String,
    },
    /// The field at the path occurs twice in one object, so which one is the id is
    /// ambiguous.
    DuplicateField {
        /// The path, as given.
        path: String,
    },
    /// The field at the path is not a string or a number.
    NotAString {
        /// The path, as given.
        path: String,
        /// The JSON type found: `null`, `boolean`, `object` or `array`.
        found: &'static str,
    },
    /// The CSV record has fewer fields than the column's index.
    MissingColumn {
        /// 0-based index of the wanted column.
        index: usize,
        /// How many fields the record has.
        fields: usize,
    },
    /// A quoted CSV field is still open at the end of the input.
    UnterminatedQuote,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::TooLong { len, max } => write!(
                f,
                "record is {len} bytes, over the cap of {max}; it was skipped (raise --max-record-bytes)"
            ),
            RecordError::InvalidUtf8 { at } => write!(f, "invalid UTF-8 at byte {at}"),
            RecordError::MalformedJson { column, reason } => {
                write!(f, "malformed JSON at column {column}: {reason}")
            }
            RecordError::MissingField { path } => write!(f, "no field `{path}`"),
            RecordError::DuplicateField { path } => {
                write!(f, "field `{path}` occurs more than once")
            }
            RecordError::NotAString { path, found } => {
                write!(f, "field `{path}` is {found}, not a string or number")
            }
            RecordError::MissingColumn { index, fields } => write!(
                f,
                "record has {fields} fields, so column {} is missing",
                index + 1
            ),
            RecordError::UnterminatedQuote => {
                write!(f, "quoted CSV field is not closed before the end of input")
            }
        }
    }
}

impl std::error::Error for RecordError {}

/// How a byte stream is cut into records.
///
/// # Example
/// ```
/// use idpolicy::records::{Batch, Framing, RecordReader};
/// let mut reader = RecordReader::new(&b"id,name\n1,\"a\nb\"\n"[..], Framing::Csv);
/// let mut batch = Batch::new();
/// reader.read_batch(&mut batch, 10)?;
/// assert_eq!(batch.len(), 2); // the newline inside quotes does not end a record
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// One record per line. The terminator is `\n`; a `\r` right before it belongs
    /// to the terminator too. Nothing else is trimmed. Also used for JSON Lines.
    Lines,
    /// RFC 4180 CSV: like lines, except that line breaks inside a quoted field do not
    /// end the record.
    Csv,
}

#[derive(Debug, Clone, Copy)]
enum Status {
    Ok,
    TooLong { len: usize, max: usize },
    Unterminated,
}

#[derive(Debug, Clone)]
struct Entry {
    line: u64,
    start: usize,
    end: usize,
    terminator: u8,
    status: Status,
}

/// A batch of records read by [`RecordReader::read_batch`], owning their bytes.
///
/// # Example
/// ```
/// use idpolicy::records::{Batch, Framing, RecordReader};
/// let mut batch = Batch::new();
/// RecordReader::new(&b"a\nb\n"[..], Framing::Lines).read_batch(&mut batch, 10)?;
/// assert_eq!(batch.len(), 2);
/// assert_eq!(batch.iter().map(|r| r.line()).collect::<Vec<_>>(), [1, 2]);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Default, Clone)]
pub struct Batch {
    data: Vec<u8>,
    entries: Vec<Entry>,
}

impl Batch {
    /// An empty batch.
    ///
    /// # Example
    /// ```
    /// let batch = idpolicy::records::Batch::new();
    /// assert!(batch.is_empty());
    /// assert_eq!(batch.byte_len(), 0);
    /// ```
    pub fn new() -> Batch {
        Batch::default()
    }

    /// The number of records.
    ///
    /// # Example
    /// ```
    /// use idpolicy::records::{Batch, Framing, RecordReader};
    ///
    /// let mut reader = RecordReader::new(&b"a\nb\nc\n"[..], Framing::Lines);
    /// let mut batch = Batch::new();
    /// reader.read_batch(&mut batch, 2)?;
    /// assert_eq!(batch.len(), 2);
    /// reader.read_batch(&mut batch, 2)?; // batches grow until cleared
    /// assert_eq!(batch.len(), 3);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the batch holds no record.
    ///
    /// # Example
    /// ```
    /// use idpolicy::records::{Batch, Framing, RecordReader};
    ///
    /// let mut batch = Batch::new();
    /// RecordReader::new(&b""[..], Framing::Lines).read_batch(&mut batch, 10)?;
    /// assert!(batch.is_empty());
    /// RecordReader::new(&b"\n"[..], Framing::Lines).read_batch(&mut batch, 10)?;
    /// assert!(!batch.is_empty()); // one empty record
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The number of bytes of record content held.
    ///
    /// # Example
    /// ```
    /// use idpolicy::records::{Batch, Framing, RecordReader};
    ///
    /// let mut batch = Batch::new();
    /// RecordReader::new(&b"ab\r\ncde\n"[..], Framing::Lines).read_batch(&mut batch, 10)?;
    /// assert_eq!(batch.byte_len(), 5); // terminators are not held
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn byte_len(&self) -> usize {
        self.data.len()
    }

    /// Removes every record, keeping the allocations.
    ///
    /// # Example
    /// ```
    /// use idpolicy::records::{Batch, Framing, RecordReader};
    ///
    /// let mut reader = RecordReader::new(&b"a\nb\nc\n"[..], Framing::Lines);
    /// let mut batch = Batch::new();
    /// let mut lines = Vec::new();
    /// while reader.read_batch(&mut batch, 2)? > 0 {
    ///     lines.extend(batch.iter().map(|r| r.line()));
    ///     batch.clear();
    ///     assert!(batch.is_empty() && batch.byte_len() == 0);
    /// }
    /// assert_eq!(lines, [1, 2, 3]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn clear(&mut self) {
        self.data.clear();
        self.entries.clear();
    }

    /// The records, in input order.
    ///
    /// # Example
    /// ```
    /// use idpolicy::records::{Batch, Framing, RecordReader};
    ///
    /// let mut batch = Batch::new();
    /// RecordReader::new(&b"u_1\nu_2\nu_3"[..], Framing::Lines).read_batch(&mut batch, 10)?;
    /// let ids: Vec<&[u8]> = batch.iter().map(|r| r.content()).collect::<Result<_, _>>()?;
    /// assert_eq!(ids, [&b"u_1"[..], b"u_2", b"u_3"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = Record<'_>> + '_ {
        self.entries.iter().map(|entry| Record {
            data: &self.data[entry.start..entry.end],
            line: entry.line,
            terminator: entry.terminator,
            status: entry.status,
        })
    }
}

/// One record of a [`Batch`].
///
/// # Example
/// ```
/// use idpolicy::records::{Batch, Framing, RecordReader};
/// let mut batch = Batch::new();
/// RecordReader::new(&b"abc\r\n"[..], Framing::Lines).read_batch(&mut batch, 10)?;
/// let record = batch.iter().next().expect("one record");
/// assert_eq!(record.content()?, b"abc");
/// assert_eq!(record.terminator(), b"\r\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    data: &'a [u8],
    line: u64,
    terminator: u8,
    status: Status,
}

impl<'a> Record<'a> {
    /// The 1-based line number where the record starts.
    ///
    /// # Example
    /// ```
    /// use idpolicy::records::{Batch, Framing, RecordReader};
    ///
    /// let mut batch = Batch::new();
    /// let input = b"id,note\n1,\"two\nlines\"\n2,x\n";
    /// RecordReader::new(&input[..], Framing::Csv).read_batch(&mut batch, 10)?;
    /// let lines: Vec<u64> = batch.iter().map(|r| r.line()).collect();
    /// assert_eq!(lines, [1, 2, 4]); // the quoted line break counts
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The record's bytes without its terminator.
    ///
    /// # Errors
    /// [`RecordError::TooLong`] when the record was over the cap (its bytes were not
    /// kept) and [`RecordError::UnterminatedQuote`] for a CSV record whose quoted
    /// field runs to the end of input.
    ///
    /// # Example
    /// ```
    /// use idpolicy::records::{Batch, Framing, RecordError, RecordReader};
    ///
    /// let mut batch = Batch::new();
    /// RecordReader::new(&b"1,ok\n2,\"open"[..], Framing::Csv).read_batch(&mut batch, 10)?;
    /// let contents: Vec<_> = batch.iter().map(|r| r.content()).collect();
    /// assert_eq!(contents, [Ok(&b"1,ok"[..]), Err(RecordError::UnterminatedQuote)]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn content(&self) -> Result<&'a [u8], RecordError> {
        match self.status {
            Status::Ok => Ok(self.data),
            Status::TooLong { len, max } => Err(RecordError::TooLong { len, max }),
            Status::Unterminated => Err(RecordError::UnterminatedQuote),
        }
    }

    /// The terminator that ended the record: `\n`, `\r\n`, or empty at the end of input.
    ///
    /// # Example
    /// ```
    /// use idpolicy::records::{Batch, Framing, RecordReader};
    ///
    /// let mut batch = Batch::new();
    /// RecordReader::new(&b"a\nb\r\nc"[..], Framing::Lines).read_batch(&mut batch, 10)?;
    /// let terminators: Vec<&[u8]> = batch.iter().map(|r| r.terminator()).collect();
    /// assert_eq!(terminators, [&b"\n"[..], b"\r\n", b""]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn terminator(&self) -> &'static [u8] {
        match self.terminator {
            1 => b"\n",
            2 => b"\r\n",
            _ => b"",
        }
    }
}

/// Cuts a byte stream into records, in batches.
///
/// Memory is bounded: it holds at most one chunk plus one record of up to the cap
/// ([`DEFAULT_MAX_RECORD_LEN`] by default).
///
/// # Example
/// ```
/// use idpolicy::records::{Batch, Framing, RecordReader, RecordError};
/// let input = format!("ok\n{}\nok\n", "x".repeat(100));
/// let mut reader = RecordReader::new(input.as_bytes(), Framing::Lines).with_max_record_len(10);
/// let mut batch = Batch::new();
/// while reader.read_batch(&mut batch, 2)? > 0 {}
/// let errors: Vec<_> = batch.iter().map(|r| r.content().err()).collect();
/// assert_eq!(errors, [None, Some(RecordError::TooLong { len: 100, max: 10 }), None]);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct RecordReader<R> {
    inner: R,
    framing: Framing,
    max_len: usize,
    buf: Vec<u8>,
    pos: usize,
    /// Bytes after `pos` already scanned without finding a terminator.
    scanned: usize,
    csv: CsvScan,
    eof: bool,
    line: u64,
    bytes_read: u64,
}

#[derive(Debug, Clone, Copy, Default)]
struct CsvScan {
    in_quotes: bool,
    newlines: u64,
}

impl<R: Read> RecordReader<R> {
    /// A reader over `inner` with the given framing and the default cap.
    ///
    /// # Example
    /// ```
    /// use idpolicy::records::{Batch, Framing, RecordReader};
    ///
    /// let file = std::io::Cursor::new(b"user_1\nuser_2\n".to_vec());
    /// let mut reader = RecordReader::new(file, Framing::Lines);
    /// let mut batch = Batch::new();
    /// assert_eq!(reader.read_batch(&mut batch, 100)?, 2);
    /// assert_eq!(reader.read_batch(&mut batch, 100)?, 0); // end of input
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn new(inner: R, framing: Framing) -> RecordReader<R> {
        RecordReader {
            inner,
            framing,
            max_len: DEFAULT_MAX_RECORD_LEN,
            buf: Vec::new(),
            pos: 0,
            scanned: 0,
            csv: CsvScan::default(),
            eof: false,
            line: 1,
            bytes_read: 0,
        }
    }

    /// Sets the cap on a record's length in bytes (at least 1).
    ///
    /// # Example
    /// ```
    /// use idpolicy::records::{Batch, Framing, RecordError, RecordReader};
    ///
    /// let mut reader = RecordReader::new(&b"short\nmuch too long\n"[..], Framing::Lines)
    ///     .with_max_record_len(8);
    /// let mut batch = Batch::new();
    /// reader.read_batch(&mut batch, 10)?;
    /// let contents: Vec<_> = batch.iter().map(|r| r.content()).collect();
    /// assert_eq!(contents, [Ok(&b"short"[..]), Err(RecordError::TooLong { len: 13, max: 8 })]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[must_use]
    pub fn with_max_record_len(mut self, max: usize) -> RecordReader<R> {
        self.max_len = max.max(1);
        self
    }

    /// How many bytes have been read from the source so far.
    ///
    /// # Example
    /// ```
    /// use idpolicy::records::{Batch, Framing, RecordReader};
    ///
    /// let input = b"user_1\nuser_2\n";
    /// let mut reader = RecordReader::new(&input[..], Framing::Lines);
    /// assert_eq!(reader.bytes_read(), 0);
    /// let mut batch = Batch::new();
    /// while reader.read_batch(&mut batch, 100)? > 0 {}
    /// assert_eq!(reader.bytes_read(), input.len() as u64);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// Appends up to `max_records` records to `batch` (fewer once the batch holds
    /// about 1 MiB) and returns how many were appended; 0 means end of input.
    ///
    /// # Errors
    /// I/O errors of the source. Malformed records are not errors here: they come back
    /// as records whose [`Record::content`] is an error.
    ///
    /// # Example
    /// ```
    /// use idpolicy::records::{Batch, Framing, RecordReader, record_text};
    ///
    /// let mut reader = RecordReader::new(&b"u_1\nu_2\nu_3\n"[..], Framing::Lines);
    /// let mut batch = Batch::new();
    /// let mut ids = Vec::new();
    /// loop {
    ///     batch.clear();
    ///     if reader.read_batch(&mut batch, 2)? == 0 {
    ///         break;
    ///     }
    ///     for record in batch.iter() {
    ///         ids.push(record_text(record.content()?)?.to_owned());
    ///     }
    /// }
    /// assert_eq!(ids, ["u_1", "u_2", "u_3"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read_batch(&mut self, batch: &mut Batch, max_records: usize) -> io::Result<usize> {
        let mut added = 0;
        while added < max_records.max(1) && batch.data.len() < BATCH_BYTES {
            if !self.next_record(batch)? {
                break;
            }
            added += 1;
        }
        Ok(added)
    }

    /// Reads more bytes into the buffer; returns false at end of input.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let old = self.buf.len();
        self.buf.resize(old + CHUNK, 0);
        let n = loop {
            match self.inner.read(&mut self.buf[old..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.buf.truncate(old);
                    return Err(e);
                }
            }
        };
        self.buf.truncate(old + n);
        self.bytes_read += n as u64;
        if n == 0 {
            self.eof = true;
        }
        Ok(n > 0)
    }

    /// Finds the end (index of `\n`) of the record starting at `pos`, continuing the scan.
    fn find_end(&mut self) -> Option<usize> {
        let from = self.pos + self.scanned;
        let rest = &self.buf[from..];
        let found = match self.framing {
            Framing::Lines => memchr::memchr(b'\n', rest),
            Framing::Csv => {
                let mut found = None;
                for (i, &b) in rest.iter().enumerate() {
                    match b {
                        b'"' => self.csv.in_quotes = !self.csv.in_quotes,
                        b'\n' if self.csv.in_quotes => self.csv.newlines += 1,
                        b'\n' => {
                            found = Some(i);
                            break;
                        }
                        _ => {}
                    }
                }
                found
            }
        };
        match found {
            Some(i) => Some(from + i),
            None => {
                self.scanned = self.buf.len() - self.pos;
                None
            }
        }
    }

    fn push(&mut self, batch: &mut Batch, end: usize, terminated: bool, status: Status) {
        let mut content_end = end;
        let mut terminator = 0;
        if terminated {
            terminator = 1;
            if content_end > self.pos && self.buf[content_end - 1] == b'\r' {
                content_end -= 1;
                terminator = 2;
            }
        }
        let len = content_end - self.pos;
        let (status, kept) = match status {
            Status::Ok if len > self.max_len => (
                Status::TooLong {
                    len,
                    max: self.max_len,
                },
                self.pos..self.pos,
            ),
            other => (other, self.pos..content_end),
        };
        let start = batch.data.len();
        batch.data.extend_from_slice(&self.buf[kept]);
        batch.entries.push(Entry {
            line: self.line,
            start,
            end: batch.data.len(),
            terminator,
            status,
        });
        self.line += 1 + self.csv.newlines;
        self.csv = CsvScan::default();
        self.scanned = 0;
        self.pos = if terminated { end + 1 } else { end };
    }

    fn next_record(&mut self, batch: &mut Batch) -> io::Result<bool> {
        loop {
            if let Some(end) = self.find_end() {
                self.push(batch, end, true, Status::Ok);
                return Ok(true);
            }
            let pending = self.buf.len() - self.pos;
            if pending > self.max_len + 1 {
                return self.skip_long(batch).map(|()| true);
            }
            if !self.fill()? {
                if self.buf.len() > self.pos {
                    let status = if self.csv.in_quotes {
                        Status::Unterminated
                    } else {
                        Status::Ok
                    };
                    let end = self.buf.len();
                    self.push(batch, end, false, status);
                    return Ok(true);
                }
                return Ok(false);
            }
        }
    }

    /// Skips a record over the cap without keeping it, up to its terminator.
    fn skip_long(&mut self, batch: &mut Batch) -> io::Result<()> {
        let mut len = 0usize;
        loop {
            if let Some(end) = self.find_end() {
                let mut content_end = end;
                let mut terminator = 1;
                if content_end > self.pos && self.buf[content_end - 1] == b'\r' {
                    content_end -= 1;
                    terminator = 2;
                }
                len += content_end - self.pos;
                self.finish_long(batch, len, terminator, end + 1);
                return Ok(());
            }
            // Keep one byte back in case it is the `\r` of a `\r\n`.
            let keep = usize::from(self.buf.last() == Some(&b'\r'));
            let drop_to = self.buf.len() - keep;
            len += drop_to - self.pos;
            self.pos = drop_to;
            self.scanned = keep;
            if !self.fill()? {
                let in_quotes = self.csv.in_quotes;
                len += self.buf.len() - self.pos;
                let end = self.buf.len();
                self.finish_long(batch, len, 0, end);
                if in_quotes && let Some(last) = batch.entries.last_mut() {
                    last.status = Status::Unterminated;
                }
                return Ok(());
            }
        }
    }

    fn finish_long(&mut self, batch: &mut Batch, len: usize, terminator: u8, next: usize) {
        let start = batch.data.len();
        batch.entries.push(Entry {
            line: self.line,
            start,
            end: start,
            terminator,
            status: Status::TooLong {
                len,
                max: self.max_len,
            },
        });
        self.line += 1 + self.csv.newlines;
        self.csv = CsvScan::default();
        self.scanned = 0;
        self.pos = next;
    }
}

/// Checks that `bytes` is UTF-8 and returns it as text.
///
/// # Errors
/// [`RecordError::InvalidUtf8`] with the offset of the first invalid byte.
///
/// # Example
/// ```
/// assert_eq!(idpolicy::records::record_text(b"42")?, "42");
/// # Ok::<(), idpolicy::records::RecordError>(())
/// ```
pub fn record_text(bytes: &[u8]) -> Result<&str, RecordError> {
    std::str::from_utf8(bytes).map_err(|e| RecordError::InvalidUtf8 {
        at: e.valid_up_to(),
    })
}

/// A dotted path to a field of nested JSON objects, such as `metadata.user_id`.
///
/// Each segment is an object key; keys that contain a dot cannot be addressed.
///
/// # Example
/// ```
/// use idpolicy::records::FieldPath;
/// let path = FieldPath::parse("metadata.user_id").expect("valid path");
/// assert_eq!(path.as_str(), "metadata.user_id");
/// assert!(FieldPath::parse("a..b").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    text: String,
    segments: Vec<String>,
}

impl FieldPath {
    /// Parses a dotted path; `None` when it is empty or has an empty segment.
    ///
    /// # Example
    /// ```
    /// use idpolicy::records::FieldPath;
    ///
    /// assert!(FieldPath::parse("user").is_some());
    /// assert!(FieldPath::parse("metadata.user_id").is_some());
    /// assert!(FieldPath::parse("").is_none());
    /// assert!(FieldPath::parse(".user").is_none());
    /// assert!(FieldPath::parse("metadata.").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<FieldPath> {
        let segments: Vec<String> = text.split('.').map(str::to_owned).collect();
        if segments.iter().any(String::is_empty) {
            return None;
        }
        Some(FieldPath {
            text: text.to_owned(),
            segments,
        })
    }

    /// The path as given.
    ///
    /// # Example
    /// ```
    /// let path = idpolicy::records::FieldPath::parse("extra_body.end_user").expect("valid path");
    /// assert_eq!(path.as_str(), "extra_body.end_user");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// A field found by [`json_field`]: its value as text and its byte span in the record.
///
/// # Example
/// ```
/// use idpolicy::records::{FieldPath, json_field};
/// let line = r#"{"user": "a\u00e9", "n": 1}"#;
/// let field = json_field(line, &FieldPath::parse("user").expect("path"))?;
/// assert_eq!(field.value, "aé");
/// assert_eq!(&line[field.span], r#""a\u00e9""#);
/// # Ok::<(), idpolicy::records::RecordError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonField<'a> {
    /// The value: a string's decoded text, or a number's literal text.
    pub value: Cow<'a, str>,
    /// The byte range of the JSON value in the record, quotes included.
    pub span: Range<usize>,
}

/// Finds the field at `path` in one JSON Lines record.
///
/// The whole record must be valid JSON. The field's value may be a string (returned
/// decoded) or a number (returned as its literal text). To replace the value while
/// keeping every other byte, splice a new JSON value into `line` at
/// [`JsonField::span`].
///
/// # Errors
/// [`RecordError::MalformedJson`], [`RecordError::MissingField`] (also when an
/// intermediate value is not an object), [`RecordError::DuplicateField`] and
/// [`RecordError::NotAString`].
///
/// # Example
/// ```
/// use idpolicy::records::{FieldPath, RecordError, json_field};
/// let path = FieldPath::parse("metadata.user_id").expect("path");
/// let line = r#"{"model":"m","metadata":{"user_id":"u-42"}}"#;
/// assert_eq!(json_field(line, &path)?.value, "u-42");
/// assert!(matches!(json_field("{}", &path), Err(RecordError::MissingField { .. })));
/// assert!(matches!(json_field("{", &path), Err(RecordError::MalformedJson { .. })));
/// # Ok::<(), RecordError>(())
/// ```
pub fn json_field<'a>(line: &'a str, path: &FieldPath) -> Result<JsonField<'a>, RecordError> {
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(line) {
        return Err(RecordError::MalformedJson {
            column: e.column(),
            reason: redact_quotes(&e.to_string()),
        });
    }
    let bytes = line.as_bytes();
    let span =
        find_in_object(bytes, skip_ws(bytes, 0), &path.segments).map_err(|e| e.into_error(path))?;
    let raw = &line[span.clone()];
    let value = match bytes[span.start] {
        b'"' => {
            let inner = &raw[1..raw.len() - 1];
            if inner.contains('\\') {
                Cow::Owned(serde_json::from_str::<String>(raw).map_err(|e| {
                    RecordError::MalformedJson {
                        column: span.start + e.column(),
                        reason: redact_quotes(&e.to_string()),
                    }
                })?)
            } else {
                Cow::Borrowed(inner)
            }
        }
        b'-' | b'0'..=b'9' => Cow::Borrowed(raw),
        other => {
            return Err(RecordError::NotAString {
                path: path.text.clone(),
                found: match other {
                    b'n' => "null",
                    b't' | b'f' => "a boolean",
                    b'{' => "an object",
                    _ => "an array",
                },
            });
        }
    };
    Ok(JsonField { value, span })
}

enum Lookup {
    Missing,
    Duplicate,
}

impl Lookup {
    fn into_error(self, path: &FieldPath) -> RecordError {
        match self {
            Lookup::Missing => RecordError::MissingField {
                path: path.text.clone(),
            },
            Lookup::Duplicate => RecordError::DuplicateField {
                path: path.text.clone(),
            },
        }
    }
}

/// Looks `segments` up in the object starting at `i` of already validated JSON.
fn find_in_object(b: &[u8], mut i: usize, segments: &[String]) -> Result<Range<usize>, Lookup> {
    let Some((first, rest)) = segments.split_first() else {
        return Err(Lookup::Missing);
    };
    if b.get(i) != Some(&b'{') {
        return Err(Lookup::Missing);
    }
    i += 1;
    let mut found: Option<Result<Range<usize>, Lookup>> = None;
    loop {
        i = skip_ws(b, i);
        match b.get(i) {
            Some(b'"') => {}
            _ => break, // `}`
        }
        let key_start = i;
        i = skip_string(b, i);
        let key = &b[key_start..i];
        i = skip_ws(b, i);
        i += 1; // `:`
        i = skip_ws(b, i);
        let value_start = i;
        i = skip_value(b, i);
        if key_matches(key, first) {
            if found.is_some() {
                return Err(Lookup::Duplicate);
            }
            found = Some(if rest.is_empty() {
                Ok(value_start..i)
            } else {
                find_in_object(b, value_start, rest)
            });
        }
        i = skip_ws(b, i);
        if b.get(i) == Some(&b',') {
            i += 1;
        } else {
            break;
        }
    }
    found.unwrap_or(Err(Lookup::Missing))
}

fn key_matches(raw_key: &[u8], wanted: &str) -> bool {
    let inner = &raw_key[1..raw_key.len().saturating_sub(1).max(1)];
    if inner.contains(&b'\\') {
        std::str::from_utf8(raw_key)
            .ok()
            .and_then(|k| serde_json::from_str::<String>(k).ok())
            .is_some_and(|k| k == wanted)
    } else {
        inner == wanted.as_bytes()
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// `i` is at an opening quote; returns the index after the closing quote.
fn skip_string(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while let Some(&c) = b.get(i) {
        match c {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// Returns the index after the value starting at `i` of valid JSON.
fn skip_value(b: &[u8], mut i: usize) -> usize {
    match b.get(i) {
        Some(b'"') => skip_string(b, i),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            while let Some(&c) = b.get(i) {
                match c {
                    b'"' => {
                        i = skip_string(b, i);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            i
        }
        _ => {
            while let Some(&c) = b.get(i) {
                if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                i += 1;
            }
            i
        }
    }
}

/// Removes the text between double quotes of a parser message.
fn redact_quotes(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut inside = false;
    for c in message.chars() {
        if c == '"' {
            if inside {
                out.push_str("…\"");
            } else {
                out.push('"');
            }
            inside = !inside;
        } else if !inside {
            out.push(c);
        }
    }
    out
}

/// The raw spans of the fields of one CSV record (without its terminator), quotes
/// included, in order. A record always has at least one field.
///
/// # Example
/// ```
/// use idpolicy::records::csv_fields;
/// let record = br#"a,"b,""c""",,d"#;
/// let fields: Vec<&[u8]> = csv_fields(record).map(|span| &record[span]).collect();
/// assert_eq!(fields, [&b"a"[..], br#""b,""c""""#, b"", b"d"]);
/// ```
pub fn csv_fields(record: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = Some(0usize);
    std::iter::from_fn(move || {
        let begin = start?;
        let mut i = begin;
        let mut in_quotes = false;
        while let Some(&c) = record.get(i) {
            match c {
                b'"' => in_quotes = !in_quotes,
                b',' if !in_quotes => {
                    start = Some(i + 1);
                    return Some(begin..i);
                }
                _ => {}
            }
            i += 1;
        }
        start = None;
        Some(begin..record.len())
    })
}

/// The value of one raw CSV field: surrounding quotes removed and `""` turned into `"`.
/// A field that does not start with a quote is returned as is.
///
/// # Example
/// ```
/// use idpolicy::records::csv_unquote;
/// assert_eq!(csv_unquote(br#""say ""hi""""#), &b"say \"hi\""[..]);
/// assert_eq!(csv_unquote(b"plain"), &b"plain"[..]);
/// ```
pub fn csv_unquote(raw: &[u8]) -> Cow<'_, [u8]> {
    let Some(inner) = raw.strip_prefix(b"\"") else {
        return Cow::Borrowed(raw);
    };
    let inner = inner.strip_suffix(b"\"").unwrap_or(inner);
    if !inner.contains(&b'"') {
        return Cow::Borrowed(inner);
    }
    let mut out = Vec::with_capacity(inner.len());
    let mut i = 0;
    while i < inner.len() {
        out.push(inner[i]);
        if inner[i] == b'"' && inner.get(i + 1) == Some(&b'"') {
            i += 1;
        }
        i += 1;
    }
    Cow::Owned(out)
}

/// Appends `value` as one CSV field, quoted per RFC 4180 when it holds a comma, a
/// quote, a line break, or leading or trailing whitespace.
///
/// # Example
/// ```
/// use idpolicy::records::write_csv_field;
/// let mut out = Vec::new();
/// write_csv_field(b"a,\"b\"", &mut out);
/// assert_eq!(out, br#""a,""b""""#);
/// ```
pub fn write_csv_field(value: &[u8], out: &mut Vec<u8>) {
    let needs_quotes = value
        .iter()
        .any(|&c| matches!(c, b',' | b'"' | b'\r' | b'\n'))
        || value.first().is_some_and(u8::is_ascii_whitespace)
        || value.last().is_some_and(u8::is_ascii_whitespace);
    if !needs_quotes {
        out.extend_from_slice(value);
        return;
    }
    out.push(b'"');
    for &c in value {
        if c == b'"' {
            out.push(b'"');
        }
        out.push(c);
    }
    out.push(b'"');
}

/// The raw span and the value of field `index` (0-based) of a CSV record.
///
/// # Errors
/// [`RecordError::MissingColumn`] when the record has fewer fields.
///
/// # Example
/// ```
/// use idpolicy::records::csv_column;
/// let (span, value) = csv_column(br#"1,"x,y",z"#, 1)?;
/// assert_eq!(span, 2..7);
/// assert_eq!(&*value, b"x,y");
/// # Ok::<(), idpolicy::records::RecordError>(())
/// ```
pub fn csv_column(
    record: &[u8],
    index: usize,
) -> Result<(Range<usize>, Cow<'_, [u8]>), RecordError> {
    let mut count = 0;
    for span in csv_fields(record) {
        if count == index {
            return Ok((span.clone(), csv_unquote(&record[span])));
        }
        count += 1;
    }
    Err(RecordError::MissingColumn {
        index,
        fields: count,
    })
}

/// The 0-based index of the column named `name` in a CSV header record; a UTF-8
/// byte order mark before the first name is ignored.
///
/// # Example
/// ```
/// use idpolicy::records::csv_header_index;
/// assert_eq!(csv_header_index(b"\xEF\xBB\xBFid,\"user id\"", "user id"), Some(1));
/// assert_eq!(csv_header_index(b"id,user", "email"), None);
/// ```
pub fn csv_header_index(header: &[u8], name: &str) -> Option<usize> {
    let header = header.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(header);
    csv_fields(header).position(|span| *csv_unquote(&header[span]) == *name.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Line number, content or error, terminator.
    type Read = (u64, Result<Vec<u8>, RecordError>, Vec<u8>);

    fn read_all(input: &[u8], framing: Framing, max: usize) -> Vec<Read> {
        let mut reader = RecordReader::new(input, framing).with_max_record_len(max);
        let mut batch = Batch::new();
        let mut out = Vec::new();
        loop {
            batch.clear();
            match reader.read_batch(&mut batch, 3) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => panic!("{e}"),
            }
            out.extend(batch.iter().map(|r| {
                (
                    r.line(),
                    r.content().map(<[u8]>::to_vec),
                    r.terminator().to_vec(),
                )
            }));
        }
        out
    }

    #[test]
    fn lines_keep_everything_but_the_terminator() {
        let got = read_all(b"a\r\n b \n\r\n\nlast\r", Framing::Lines, 100);
        let contents: Vec<_> = got
            .iter()
            .map(|r| r.1.clone().unwrap_or_default())
            .collect();
        assert_eq!(contents, [&b"a"[..], b" b ", b"", b"", b"last\r"]);
        assert_eq!(got[0].2, b"\r\n");
        assert_eq!(got[4].2, b"");
    }

    #[test]
    fn long_lines_are_skipped_across_chunks() {
        let mut input = b"x\n".to_vec();
        input.extend(std::iter::repeat_n(b'a', 3 * CHUNK + 7));
        input.extend(b"\r\ny\n");
        input.extend(std::iter::repeat_n(b'b', CHUNK + 1));
        let got = read_all(&input, Framing::Lines, 1000);
        assert_eq!(got.len(), 4);
        assert_eq!(
            got[1].1,
            Err(RecordError::TooLong {
                len: 3 * CHUNK + 7,
                max: 1000
            })
        );
        assert_eq!(got[1].2, b"\r\n");
        assert_eq!(got[2].1, Ok(b"y".to_vec()));
        assert_eq!(
            got[3].1,
            Err(RecordError::TooLong {
                len: CHUNK + 1,
                max: 1000
            })
        );
        assert_eq!(got[3].0, 4);
    }

    #[test]
    fn csv_records_span_lines() {
        let got = read_all(b"h\n\"a\nb\",c\nd\n\"open", Framing::Csv, 100);
        assert_eq!(got.len(), 4);
        assert_eq!(got[1].1, Ok(b"\"a\nb\",c".to_vec()));
        assert_eq!(got[2].0, 4);
        assert_eq!(got[3].1, Err(RecordError::UnterminatedQuote));
    }

    #[test]
    fn json_paths() {
        let path = FieldPath::parse("a.b").expect("path");
        let line = r#"{"x":[1,{"b":2}], "a" : {"c":"}","b":"v\"w"} }"#;
        let field = json_field(line, &path).expect("found");
        assert_eq!(field.value, "v\"w");
        assert_eq!(&line[field.span], r#""v\"w""#);
        assert!(matches!(
            json_field(r#"{"a":{"b":1,"b":2}}"#, &path),
            Err(RecordError::DuplicateField { .. })
        ));
        assert!(matches!(
            json_field(r#"{"a":{"b":null}}"#, &path),
            Err(RecordError::NotAString { found: "null", .. })
        ));
        assert!(matches!(
            json_field(r#"{"a":"b"}"#, &path),
            Err(RecordError::MissingField { .. })
        ));
        assert_eq!(
            json_field(r#"{"a":{"b":-1.5e3}}"#, &path)
                .expect("number")
                .value,
            "-1.5e3"
        );
    }
}

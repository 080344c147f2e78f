//! Reading inputs into articles: plain-text pages as scrapers hand them over, JSONL records
//! `{id, text, published?, source?, url?}`, directories of either, and standard input.
//!
//! Inputs are streamed: a JSONL file is read line by line and a directory entry by entry, so the
//! memory used does not grow with the corpus. Bad records are reported with file and line and the
//! rest is read. This module knows nothing of places or claims.

pub mod header;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use jiff::civil::Date;

/// The largest article read, in bytes (a JSONL line, a text file or standard input). A news
/// article is well under 1 MB; anything beyond this is a scraper error, and reading it would
/// only cost memory and time. A larger record is reported with its file (and line) and skipped.
pub const MAX_ARTICLE_BYTES: u64 = 16 * 1024 * 1024;

/// One article, its text as read, and what its header says.
#[derive(Debug, Clone)]
pub struct Article {
    pub id: String,
    /// The text as read (invalid UTF-8 replaced); every byte offset refers to it.
    pub text: String,
    pub source: Option<String>,
    pub published: Option<Date>,
    pub url: Option<String>,
    pub title: Option<(usize, usize)>,
    /// Byte range of the body.
    pub body: (usize, usize),
    /// Problems met while reading (replaced bytes and the like).
    pub warnings: Vec<String>,
}

impl Article {
    /// An article from its text: header, title and body found by [`header::parse_header`].
    pub fn from_text(id: &str, text: String) -> Article {
        let h = header::parse_header(&text);
        Article {
            id: id.to_string(),
            text,
            source: h.source,
            published: h.published,
            url: None,
            title: h.title,
            body: h.body,
            warnings: Vec::new(),
        }
    }

    /// An article from raw bytes; invalid UTF-8 is replaced and a warning names `origin`.
    pub fn from_bytes(id: &str, bytes: Vec<u8>, origin: &str) -> Article {
        let mut warnings = Vec::new();
        let text = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                let bytes = e.into_bytes();
                let bad = String::from_utf8_lossy(&bytes)
                    .chars()
                    .filter(|&c| c == char::REPLACEMENT_CHARACTER)
                    .count();
                warnings.push(format!(
                    "{origin}: invalid UTF-8 ({bad} sequence(s) replaced with U+FFFD)"
                ));
                String::from_utf8_lossy(&bytes).into_owned()
            }
        };
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_string)
            .unwrap_or(text);
        let mut a = Article::from_text(id, text);
        a.warnings = warnings;
        a
    }

    pub fn body_text(&self) -> &str {
        &self.text[self.body.0..self.body.1]
    }
}

/// A problem with one input or record; the rest of the input is still read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: cannot read: {source}")]
    Unreadable { path: String, source: io::Error },
    #[error("{path}:{line}: {msg}")]
    BadRecord {
        path: String,
        line: usize,
        msg: String,
    },
    /// A JSONL file (or standard input) without a single record.
    #[error("{path}: empty (no records), skipped")]
    Empty { path: String },
}

impl InputError {
    /// True when a whole input could not be read (rather than one record of it).
    pub fn is_unreadable(&self) -> bool {
        matches!(self, InputError::Unreadable { .. })
    }
}

/// Where articles come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    Path(PathBuf),
}

impl Input {
    pub fn parse(s: &str) -> Input {
        if s == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(s))
        }
    }
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "article".to_string())
}

fn is_jsonl(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("jsonl" | "ndjson")
    )
}

#[derive(serde::Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    text: Option<String>,
    published: Option<String>,
    source: Option<String>,
    url: Option<String>,
}

/// Parses one JSONL record; `Err` says what is wrong.
pub fn parse_record(line: &str, fallback_id: &str) -> Result<Article, String> {
    let r: Record = serde_json::from_str(line).map_err(|e| format!("not a JSON record: {e}"))?;
    let text = r.text.ok_or("record has no \"text\"")?;
    if text.trim().is_empty() {
        return Err("\"text\" is empty".into());
    }
    let id = match r.id {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        None | Some(serde_json::Value::Null) => fallback_id.to_string(),
        Some(other) => return Err(format!("\"id\" must be a string or number, not {other}")),
    };
    let mut a = Article::from_text(&id, text);
    if let Some(p) = r.published.filter(|p| !p.trim().is_empty()) {
        match header::find_date(&p) {
            Some(d) => a.published = Some(d),
            None => return Err(format!("\"published\" is not a date: {p:?}")),
        }
    }
    if r.source.is_some() {
        a.source = r.source;
    }
    a.url = r.url;
    Ok(a)
}

/// Streams the articles of a list of inputs in order: each item an article or an error.
pub struct Articles {
    pending: std::collections::VecDeque<Input>,
    jsonl: Option<Jsonl>,
    stdin_used: bool,
}

/// A JSONL stream being read: its name, the reader, the last line number read and whether a
/// record (a non-blank line) was seen.
struct Jsonl {
    path: String,
    reader: Box<dyn BufRead + Send>,
    line: usize,
    records: bool,
}

impl Jsonl {
    fn new(path: String, reader: Box<dyn BufRead + Send>) -> Option<Jsonl> {
        Some(Jsonl {
            path,
            reader,
            line: 0,
            records: false,
        })
    }
}

/// Reads `inputs` lazily, in the order given (directory entries sorted by name).
pub fn read_inputs(inputs: &[Input]) -> Articles {
    Articles {
        pending: inputs.iter().cloned().collect(),
        jsonl: None,
        stdin_used: false,
    }
}

/// Reads at most [`MAX_ARTICLE_BYTES`] (+1, to tell that there was more).
fn read_all<R: Read>(r: R) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    r.take(MAX_ARTICLE_BYTES + 1).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Why a text input is not an article: empty, or binary (NUL bytes never occur in text).
fn not_text(bytes: &[u8]) -> Option<&'static str> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        Some("empty (no text), skipped")
    } else if bytes.contains(&0) {
        Some("binary data (NUL bytes), not an article, skipped")
    } else {
        None
    }
}

fn bad(path: &str, line: usize, msg: &str) -> InputError {
    InputError::BadRecord {
        path: path.to_string(),
        line,
        msg: msg.to_string(),
    }
}

fn too_large(path: &str, line: usize) -> InputError {
    InputError::BadRecord {
        path: path.to_string(),
        line,
        msg: format!("larger than {} MiB, skipped", MAX_ARTICLE_BYTES >> 20),
    }
}

/// Reads one line of at most `max` bytes into `buf`; a longer line is consumed up to its end
/// without being kept (a bounded chunk at a time), and `Ok(None)` says so. `Ok(Some(0))` is the
/// end of input. Shared by the article and claim-file readers.
pub fn read_line_capped<R: BufRead + ?Sized>(
    r: &mut R,
    buf: &mut Vec<u8>,
    max: u64,
) -> io::Result<Option<usize>> {
    let n = Read::take(&mut *r, max + 1).read_until(b'\n', buf)?;
    if (n as u64) <= max || buf.last() == Some(&b'\n') {
        return Ok(Some(n));
    }
    buf.clear();
    buf.shrink_to(64 * 1024);
    // skip the rest of the line (read_until finds the newline with memchr, fast even in debug
    // builds)
    loop {
        buf.clear();
        let n = Read::take(&mut *r, 1 << 20).read_until(b'\n', buf)?;
        if n == 0 || buf.last() == Some(&b'\n') {
            buf.clear();
            return Ok(None);
        }
    }
}

/// True when the bytes look like a JSONL stream rather than an article.
fn looks_like_jsonl(bytes: &[u8]) -> bool {
    let first = bytes.iter().copied().find(|b| !b.is_ascii_whitespace());
    first == Some(b'{')
}

impl Articles {
    fn next_jsonl(&mut self) -> Option<Result<Article, InputError>> {
        let j = self.jsonl.as_mut()?;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            j.line += 1;
            match read_line_capped(&mut j.reader, &mut buf, MAX_ARTICLE_BYTES) {
                Ok(Some(0)) => {
                    let empty = !j.records;
                    let path = std::mem::take(&mut j.path);
                    self.jsonl = None;
                    return empty.then_some(Err(InputError::Empty { path }));
                }
                Ok(None) => {
                    j.records = true;
                    return Some(Err(too_large(&j.path, j.line)));
                }
                Ok(Some(_)) => {
                    let (line, replaced) = match std::str::from_utf8(&buf) {
                        Ok(s) => (std::borrow::Cow::Borrowed(s), false),
                        Err(_) => (String::from_utf8_lossy(&buf), true),
                    };
                    let line = line.trim();
                    if line.is_empty() {
                        continue;
                    }
                    j.records = true;
                    let fallback = format!("{}-{}", stem(Path::new(j.path.as_str())), j.line);
                    let record = parse_record(line, &fallback).map(|mut a| {
                        if replaced {
                            a.warnings.push(format!(
                                "{}:{}: invalid UTF-8 (replaced with U+FFFD)",
                                j.path, j.line
                            ));
                        }
                        a
                    });
                    return Some(record.map_err(|msg| InputError::BadRecord {
                        path: j.path.clone(),
                        line: j.line,
                        msg,
                    }));
                }
                Err(e) => {
                    let path = std::mem::take(&mut j.path);
                    self.jsonl = None;
                    return Some(Err(InputError::Unreadable { path, source: e }));
                }
            }
        }
    }
}

impl Iterator for Articles {
    type Item = Result<Article, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.jsonl.is_some() {
                if let Some(item) = self.next_jsonl() {
                    return Some(item);
                }
                continue;
            }
            let input = self.pending.pop_front()?;
            match input {
                Input::Stdin => {
                    if self.stdin_used {
                        continue;
                    }
                    self.stdin_used = true;
                    let bytes = match read_all(io::stdin().lock()) {
                        Ok(b) => b,
                        Err(e) => {
                            return Some(Err(InputError::Unreadable {
                                path: "<stdin>".into(),
                                source: e,
                            }))
                        }
                    };
                    if looks_like_jsonl(&bytes) {
                        // stream the rest of standard input line by line after what was read
                        let rest = io::Cursor::new(bytes).chain(io::stdin());
                        self.jsonl = Jsonl::new("<stdin>".into(), Box::new(BufReader::new(rest)));
                        continue;
                    }
                    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
                        return Some(Err(too_large("<stdin>", 1)));
                    }
                    if let Some(why) = not_text(&bytes) {
                        return Some(Err(bad("<stdin>", 1, why)));
                    }
                    return Some(Ok(Article::from_bytes("stdin", bytes, "<stdin>")));
                }
                Input::Path(p) => {
                    let shown = p.display().to_string();
                    let meta = match std::fs::metadata(&p) {
                        Ok(m) => m,
                        Err(e) => {
                            return Some(Err(InputError::Unreadable {
                                path: shown,
                                source: e,
                            }))
                        }
                    };
                    if meta.is_dir() {
                        let mut entries: Vec<PathBuf> = match std::fs::read_dir(&p) {
                            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
                            Err(e) => {
                                return Some(Err(InputError::Unreadable {
                                    path: shown,
                                    source: e,
                                }))
                            }
                        };
                        entries.retain(|e| {
                            let name = e.file_name().and_then(|n| n.to_str()).unwrap_or("");
                            !name.starts_with('.')
                                && (e.is_dir()
                                    || matches!(
                                        e.extension().and_then(|x| x.to_str()),
                                        Some("txt" | "jsonl" | "ndjson" | "text")
                                    ))
                        });
                        entries.sort();
                        for e in entries.into_iter().rev() {
                            self.pending.push_front(Input::Path(e));
                        }
                        continue;
                    }
                    if is_jsonl(&p) {
                        match File::open(&p) {
                            Ok(f) => {
                                self.jsonl = Jsonl::new(
                                    shown,
                                    Box::new(BufReader::with_capacity(1 << 16, f)),
                                );
                                continue;
                            }
                            Err(e) => {
                                return Some(Err(InputError::Unreadable {
                                    path: shown,
                                    source: e,
                                }))
                            }
                        }
                    }
                    return Some(match File::open(&p).and_then(read_all) {
                        Ok(bytes) if bytes.len() as u64 > MAX_ARTICLE_BYTES => {
                            Err(too_large(&shown, 1))
                        }
                        Ok(bytes) => match not_text(&bytes) {
                            Some(why) => Err(bad(&shown, 1, why)),
                            None => Ok(Article::from_bytes(&stem(&p), bytes, &shown)),
                        },
                        Err(e) => Err(InputError::Unreadable {
                            path: shown,
                            source: e,
                        }),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records() {
        let a = parse_record(r#"{"id":"a1","text":"Fighters took the town on Monday, officials said in a statement to reporters here today.","published":"2017-05-29","source":"Reuters"}"#, "x").unwrap();
        assert_eq!(a.id, "a1");
        assert_eq!(a.published.unwrap().to_string(), "2017-05-29");
        assert_eq!(a.source.as_deref(), Some("Reuters"));
        assert!(parse_record("{\"id\":1}", "x").is_err());
        assert!(parse_record("{\"text\":\"x\",\"published\":\"2017-13-45\"}", "x").is_err());
        assert!(parse_record("not json", "x").is_err());
        assert_eq!(parse_record("{\"text\":\"x\"}", "f-3").unwrap().id, "f-3");
    }

    #[test]
    fn invalid_utf8_is_replaced_with_a_warning() {
        let a = Article::from_bytes("x", b"Fighters \xff\xfe took Baaj.".to_vec(), "x.txt");
        assert!(a.text.contains('\u{fffd}'));
        assert_eq!(a.warnings.len(), 1);
        assert!(a.warnings[0].starts_with("x.txt: invalid UTF-8"));
    }
}

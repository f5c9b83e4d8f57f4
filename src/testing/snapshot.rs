//! The snapshot file: what a case produced, as a small YAML document written to read well in a
//! review and to read back exactly.
//!
//! A snapshot is an ordered tree of fields ([`Value`]). Bodies (`body`, `output`) are [`Body`]s,
//! written in the first of these forms that gives their bytes back:
//! - a YAML literal block (`|-`, `|`, `|+` say whether the text ends with no, one or more line
//!   ends), when the text has no carriage return, no trailing blank on any line and only
//!   printable characters: what a reviewer reads as the text itself;
//! - otherwise a list of double-quoted lines, each with its escaped line end (`"a  \r\n"`), so
//!   trailing blanks, CRs and a missing final line end are visible;
//! - `{base64: ...}` for bytes that are not UTF-8;
//! - `{json: ...}` (pretty-printed, compared as JSON) when the case asks for it.
//!
//! Comment lines (`# ...`) say what produced the snapshot; they are not compared. Snapshots are
//! read with the definition reader (`definition::document`), so a malformed one is reported at its
//! line and column.

use std::fmt::Write as _;

use base64::Engine as _;

use crate::definition::document::{self, Kind, Node};

/// One field's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A scalar (a status, a header's value), as text.
    Str(String),
    /// A payload.
    Body(Body),
    /// Named fields, in order.
    Map(Vec<(String, Value)>),
}

/// A payload as a snapshot keeps it.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    /// Text, compared byte for byte.
    Text(String),
    /// Bytes that are not UTF-8 (written as base64).
    Bytes(Vec<u8>),
    /// JSON, compared as JSON (written pretty-printed): only when the case asks for it.
    Json(serde_json::Value),
}

/// A snapshot: comment lines and fields.
///
/// # Examples
/// ```
/// use apigw_vtl::testing::{Body, Snapshot, Value};
/// let mut snapshot = Snapshot::new();
/// snapshot.push("status", Value::Str("200".into()));
/// snapshot.push("body", Value::Body(Body::Text("{\n  \"ok\": true\n}".into())));
/// let text = snapshot.to_yaml();
/// assert_eq!(text, "status: 200\nbody: |-\n  {\n    \"ok\": true\n  }\n");
/// assert_eq!(Snapshot::parse("x.snap", &text)?, snapshot);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    comments: Vec<String>,
    fields: Vec<(String, Value)>,
}

impl PartialEq for Snapshot {
    /// Fields only: comments say where a snapshot came from, not what it holds.
    fn eq(&self, other: &Snapshot) -> bool {
        self.fields == other.fields
    }
}

/// A snapshot file that cannot be read back: where, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct SnapshotError {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl Snapshot {
    /// An empty snapshot.
    pub fn new() -> Self {
        Snapshot::default()
    }

    /// Adds a comment line (written as `# text`, not compared).
    pub fn comment(&mut self, text: impl Into<String>) {
        self.comments.push(text.into());
    }

    /// Adds a field.
    pub fn push(&mut self, key: &str, value: Value) {
        self.fields.push((key.to_string(), value));
    }

    /// The fields, in order.
    pub fn fields(&self) -> &[(String, Value)] {
        &self.fields
    }

    /// A field's value.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The snapshot file's text.
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        for comment in &self.comments {
            for line in comment.lines() {
                let _ = writeln!(out, "# {line}");
            }
        }
        write_fields(&mut out, &self.fields, 0);
        out
    }

    /// Reads a snapshot file's text; `file` names it in errors.
    ///
    /// # Errors
    /// Not YAML, or not the shape a snapshot has: the error has the line and column.
    pub fn parse(file: &str, text: &str) -> Result<Snapshot, SnapshotError> {
        // The definition reader takes `.json` names as JSON: a snapshot is always YAML.
        let name = format!("{file}.yaml");
        let root = document::load(&name, text, 0)
            .map(|loaded| loaded.root)
            .map_err(|error| SnapshotError {
                file: file.to_string(),
                line: error.location().line.max(1),
                column: error.location().column.max(1),
                message: error.kind().to_string(),
            })?;
        let comments = text
            .lines()
            .take_while(|line| line.starts_with('#'))
            .map(|line| line.trim_start_matches('#').trim_start().to_string())
            .collect();
        let fields = read_fields(file, &root)?;
        Ok(Snapshot { comments, fields })
    }
}

fn error(file: &str, node: &Node, message: impl Into<String>) -> SnapshotError {
    SnapshotError {
        file: file.to_string(),
        line: node.line,
        column: node.column,
        message: message.into(),
    }
}

/// Whether a field holds a payload.
pub(crate) fn is_body_key(key: &str) -> bool {
    matches!(key, "body" | "output")
}

fn read_fields(file: &str, node: &Node) -> Result<Vec<(String, Value)>, SnapshotError> {
    let Some(entries) = node.entries() else {
        return Err(error(
            file,
            node,
            format!(
                "expected a mapping of fields (status, headers, body...), found {}",
                node.describe()
            ),
        ));
    };
    let mut fields = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        let name = key.scalar().unwrap_or_default().to_string();
        let value = if is_body_key(&name) {
            Value::Body(read_body(file, value)?)
        } else {
            read_value(file, value)?
        };
        fields.push((name, value));
    }
    Ok(fields)
}

fn read_value(file: &str, node: &Node) -> Result<Value, SnapshotError> {
    match &node.kind {
        Kind::Scalar { text, .. } => Ok(Value::Str(text.clone())),
        Kind::Map(_) => Ok(Value::Map(read_fields(file, node)?)),
        Kind::Seq(_) => Err(error(
            file,
            node,
            "expected a value or a mapping, found a list",
        )),
        // Only CloudFormation evaluation makes these; a snapshot is never evaluated.
        Kind::Unresolved(_) => Err(error(file, node, "expected a value or a mapping")),
    }
}

fn read_body(file: &str, node: &Node) -> Result<Body, SnapshotError> {
    match &node.kind {
        Kind::Scalar { text, .. } => Ok(Body::Text(text.clone())),
        Kind::Seq(lines) => {
            let mut text = String::new();
            for line in lines {
                match line.scalar() {
                    Some(part) => text.push_str(part),
                    None => {
                        return Err(error(
                            file,
                            line,
                            format!(
                                "expected a line of the body (a quoted string), found {}",
                                line.describe()
                            ),
                        ));
                    }
                }
            }
            Ok(Body::Text(text))
        }
        Kind::Map(entries) => match entries.as_slice() {
            [(key, value)] if key.scalar() == Some("base64") => {
                let text = value.scalar().unwrap_or_default();
                base64::engine::general_purpose::STANDARD
                    .decode(text.trim())
                    .map(Body::Bytes)
                    .map_err(|e| error(file, value, format!("not base64: {e}")))
            }
            [(key, value)] if key.scalar() == Some("json") => {
                let text = value.scalar().unwrap_or_default();
                serde_json::from_str(text)
                    .map(Body::Json)
                    .map_err(|e| error(file, value, format!("not JSON: {e}")))
            }
            _ => Err(error(
                file,
                node,
                "expected the body as text, a list of lines, `{base64: ...}` or `{json: ...}`",
            )),
        },
        Kind::Unresolved(_) => Err(error(
            file,
            node,
            "expected the body as text, a list of lines, `{base64: ...}` or `{json: ...}`",
        )),
    }
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn write_fields(out: &mut String, fields: &[(String, Value)], depth: usize) {
    for (key, value) in fields {
        indent(out, depth);
        out.push_str(&key_text(key));
        out.push(':');
        match value {
            Value::Str(text) => {
                out.push(' ');
                out.push_str(&scalar_text(text));
                out.push('\n');
            }
            Value::Map(entries) if entries.is_empty() => out.push_str(" {}\n"),
            Value::Map(entries) => {
                out.push('\n');
                write_fields(out, entries, depth + 1);
            }
            Value::Body(body) => write_body(out, body, depth),
        }
    }
}

/// A key: plain when it is a simple word, else quoted.
fn key_text(key: &str) -> String {
    let simple = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        && !key.starts_with(['-', '.'])
        && !is_yaml_keyword(key);
    if simple { key.to_string() } else { quote(key) }
}

fn is_yaml_keyword(text: &str) -> bool {
    matches!(
        text.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~" | "y" | "n"
    )
}

/// A scalar value: a small unsigned number plain (a status), anything else quoted.
fn scalar_text(text: &str) -> String {
    if !text.is_empty() && text.len() <= 9 && text.bytes().all(|b| b.is_ascii_digit()) {
        text.to_string()
    } else {
        quote(text)
    }
}

/// A YAML double-quoted scalar. Line ends, tabs, control and other non-printable characters are
/// escaped; everything else is written as it is.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if !printable(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// YAML's printable set (YAML 1.2 §5.1), less the characters a reader would not see: the byte
/// order mark and the Unicode line and paragraph separators are escaped too.
fn printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{FEFF}' | '\u{2028}' | '\u{2029}')
}

fn write_body(out: &mut String, body: &Body, depth: usize) {
    match body {
        Body::Text(text) => write_text(out, text, depth),
        Body::Bytes(bytes) => {
            out.push_str(" {base64: ");
            out.push_str(&quote(
                &base64::engine::general_purpose::STANDARD.encode(bytes),
            ));
            out.push_str("}\n");
        }
        Body::Json(json) => {
            out.push('\n');
            indent(out, depth + 1);
            out.push_str("json:");
            let pretty = serde_json::to_string_pretty(json).unwrap_or_default();
            write_text(out, &pretty, depth + 1);
        }
    }
}

/// A text payload in the first form that reads back exactly (see the module's documentation).
fn write_text(out: &mut String, text: &str, depth: usize) {
    if !text.contains('\n') {
        out.push(' ');
        out.push_str(&quote(text));
        out.push('\n');
        return;
    }
    if let Some(block) = literal_block(text, depth)
        && reads_back(&block, text, depth)
    {
        out.push_str(&block);
        return;
    }
    out.push('\n');
    for line in text.split_inclusive('\n') {
        indent(out, depth + 1);
        out.push_str("- ");
        out.push_str(&quote(line));
        out.push('\n');
    }
}

/// `text` as a literal block scalar (the part after the key's colon), when the form fits.
fn literal_block(text: &str, depth: usize) -> Option<String> {
    let fits = text.chars().all(|c| c == '\n' || c == '\t' || printable(c))
        && !text.contains(" \n")
        && !text.contains("\t\n")
        && !text.ends_with([' ', '\t'])
        // A tab or blank leading the first line would be read as indentation.
        && !text.starts_with(['\t', ' ']);
    if !fits {
        return None;
    }
    let body = text.trim_end_matches('\n');
    let finals = text.len() - body.len();
    let chomp = match finals {
        0 => "-",
        1 => "",
        _ => "+",
    };
    let mut out = format!(" |{chomp}\n");
    for line in body.split('\n') {
        if !line.is_empty() {
            indent(&mut out, depth + 1);
            out.push_str(line);
        }
        out.push('\n');
    }
    // `|+` keeps the blank lines after the text: one per line end beyond the last line's.
    for _ in 1..finals {
        out.push('\n');
    }
    Some(out)
}

/// Whether `block` (a literal block under a key at column 0 after `depth` levels) reads back as
/// `text`: checked with the same reader that will read the file.
fn reads_back(block: &str, text: &str, depth: usize) -> bool {
    let mut document = String::new();
    for level in 0..depth {
        indent(&mut document, level);
        document.push_str("k:\n");
    }
    indent(&mut document, depth);
    document.push_str("v:");
    document.push_str(block);
    let Ok(mut node) = document::load("check.yaml", &document, 0).map(|loaded| loaded.root) else {
        return false;
    };
    for _ in 0..depth {
        match node.get("k") {
            Some(inner) => node = inner.clone(),
            None => return false,
        }
    }
    node.get("v").and_then(Node::scalar) == Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str) {
        let mut snapshot = Snapshot::new();
        snapshot.push("status", Value::Str("200".into()));
        snapshot.push(
            "integration_request",
            Value::Map(vec![("body".into(), Value::Body(Body::Text(text.into())))]),
        );
        snapshot.push("body", Value::Body(Body::Text(text.into())));
        let yaml = snapshot.to_yaml();
        let back = Snapshot::parse("t.snap", &yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        assert_eq!(back, snapshot, "{text:?} as\n{yaml}");
    }

    #[test]
    fn every_kind_of_text_reads_back_exactly() {
        for text in [
            "",
            "a",
            "a\n",
            "a\n\n",
            "a\n\n\n",
            "\n",
            "\n\n",
            "\na",
            " leading\nx",
            "\tleading tab\nx",
            "trailing \nx",
            "crlf\r\nline\r\n",
            "lone\rcr",
            "{\n    \"errorMessage\": {\"a\": 1}\n}",
            "tab\tinside\nok",
            "# not a comment\n- not a list\n---\n...\nkey: value",
            "unicode é ☃ 😀\nline",
            "bom \u{FEFF} and nel \u{85}\nx",
            "nul \u{0} bell \u{7}\nx",
            "  \n  ",
            "a\n  indented\n\tb\n",
            "\"quoted\" 'single' \\backslash\\\n",
        ] {
            round_trip(text);
        }
    }

    #[test]
    fn text_reads_as_itself_when_it_can() {
        let mut snapshot = Snapshot::new();
        snapshot.push("body", Value::Body(Body::Text("{\n  \"a\": 1\n}\n".into())));
        assert_eq!(snapshot.to_yaml(), "body: |\n  {\n    \"a\": 1\n  }\n");
        let mut snapshot = Snapshot::new();
        snapshot.push("body", Value::Body(Body::Text("a  \r\nb".into())));
        assert_eq!(snapshot.to_yaml(), "body:\n  - \"a  \\r\\n\"\n  - \"b\"\n");
    }

    #[test]
    fn bytes_and_json_read_back() {
        let mut snapshot = Snapshot::new();
        snapshot.push("body", Value::Body(Body::Bytes(vec![0xff, 0, 1])));
        snapshot.push(
            "output",
            Value::Body(Body::Json(serde_json::json!({"b": [1, 2], "a": "x"}))),
        );
        let yaml = snapshot.to_yaml();
        assert_eq!(
            Snapshot::parse("t.snap", &yaml).unwrap(),
            snapshot,
            "{yaml}"
        );
    }

    #[test]
    fn a_malformed_snapshot_names_its_line_and_column() {
        let error = Snapshot::parse("t.snap", "status: 200\nbody: {a: 1}\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 7), "{error}");
        let error = Snapshot::parse("t.snap", "status: [200\n").unwrap_err();
        assert_eq!(error.file, "t.snap");
        assert!(error.line >= 1, "{error}");
    }
}

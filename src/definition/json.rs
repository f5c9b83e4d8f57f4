//! JSON files, read by a small reader of their own into the same tree as YAML. The YAML parser
//! reads most JSON (JSON is nearly YAML 1.2) but refuses an escaped character outside the Basic
//! Multilingual Plane: JSON writes `😀` as the surrogate pair `"\ud83d\ude00"`, and YAML's `\u`
//! takes only whole characters. The text has passed `serde_json` before it comes here, so the
//! errors below are a safety net, not the messages users see.

use std::borrow::Cow;

use saphyr_parser::{Event, Marker, ScalarStyle, Span};

use super::document::Builder;
use super::error::Location;

/// serde_json's own nesting limit: deeper text was refused before it came here.
const MAX_DEPTH: usize = 128;

/// Feeds the events of the JSON `text` to `builder`, positioned as the YAML parser positions
/// them (line 1-based, column 0-based, index in characters).
pub(super) fn read(text: &str, builder: &mut Builder) -> Result<(), (Location, String)> {
    let mut reader = Reader {
        text,
        at: 0,
        index: 0,
        line: 1,
        column: 0,
    };
    reader.whitespace();
    reader.value(builder, 0)?;
    reader.whitespace();
    if reader.at < text.len() {
        return Err(reader.error("text after the JSON value"));
    }
    Ok(())
}

/// A JSON escape at the start of `text` (which starts with `\`): the character, and how many
/// bytes the escape takes (a surrogate pair is one character from two `\u` escapes).
pub(crate) fn unescape(text: &str) -> Option<(char, usize)> {
    let simple = match text.as_bytes().get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\x08',
        b'f' => '\x0c',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let unit = hex4(text.get(2..6)?)?;
            return match unit {
                0xD800..=0xDBFF => {
                    let low = text.get(6..8).filter(|s| *s == "\\u").and_then(|_| {
                        hex4(text.get(8..12)?).filter(|low| (0xDC00..=0xDFFF).contains(low))
                    })?;
                    let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    Some((char::from_u32(code)?, 12))
                }
                _ => Some((char::from_u32(unit)?, 6)),
            };
        }
        _ => return None,
    };
    Some((simple, 2))
}

fn hex4(digits: &str) -> Option<u32> {
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(digits, 16).ok()
}

struct Reader<'t> {
    text: &'t str,
    /// Byte offset.
    at: usize,
    /// Character offset (the YAML parser's markers count characters).
    index: usize,
    line: usize,
    column: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn marker(&self) -> Marker {
        Marker::new(self.index, self.line, self.column)
    }

    fn error(&self, message: &str) -> (Location, String) {
        (
            Location::at(self.line, self.column + 1),
            message.to_string(),
        )
    }

    /// Moves over `bytes` bytes that hold no line break.
    fn advance(&mut self, bytes: usize) {
        let end = (self.at + bytes).min(self.text.len());
        let chars = self
            .text
            .get(self.at..end)
            .map_or(bytes, |s| s.chars().count());
        self.at = end;
        self.index += chars;
        self.column += chars;
    }

    fn whitespace(&mut self) {
        while let Some(byte) = self.peek() {
            match byte {
                b' ' | b'\t' => self.advance(1),
                // `\r\n` is one line break, as the YAML parser counts them.
                b'\n' | b'\r' => {
                    let crlf = self.text.as_bytes().get(self.at..self.at + 2) == Some(b"\r\n");
                    let length = if crlf { 2 } else { 1 };
                    self.at += length;
                    self.index += length;
                    self.line += 1;
                    self.column = 0;
                }
                _ => break,
            }
        }
    }

    fn emit(
        &self,
        builder: &mut Builder,
        event: Event<'_>,
        start: Marker,
    ) -> Result<(), (Location, String)> {
        builder.event(event, Span::new(start, self.marker()))
    }

    fn value(&mut self, builder: &mut Builder, depth: usize) -> Result<(), (Location, String)> {
        if depth > MAX_DEPTH {
            return Err(self.error("values nested too deep"));
        }
        let start = self.marker();
        match self.peek() {
            Some(b'{') => {
                self.advance(1);
                self.emit(builder, Event::MappingStart(0, None), start)?;
                self.whitespace();
                if self.peek() == Some(b'}') {
                    self.advance(1);
                } else {
                    loop {
                        let key = self.marker();
                        if self.peek() != Some(b'"') {
                            return Err(self.error("expected a string key"));
                        }
                        let text = self.string()?;
                        self.emit(builder, scalar(text, ScalarStyle::DoubleQuoted), key)?;
                        self.whitespace();
                        if self.peek() != Some(b':') {
                            return Err(self.error("expected `:`"));
                        }
                        self.advance(1);
                        self.whitespace();
                        self.value(builder, depth + 1)?;
                        self.whitespace();
                        match self.peek() {
                            Some(b',') => {
                                self.advance(1);
                                self.whitespace();
                            }
                            Some(b'}') => {
                                self.advance(1);
                                break;
                            }
                            _ => return Err(self.error("expected `,` or `}`")),
                        }
                    }
                }
                self.emit(builder, Event::MappingEnd, start)
            }
            Some(b'[') => {
                self.advance(1);
                self.emit(builder, Event::SequenceStart(0, None), start)?;
                self.whitespace();
                if self.peek() == Some(b']') {
                    self.advance(1);
                } else {
                    loop {
                        self.value(builder, depth + 1)?;
                        self.whitespace();
                        match self.peek() {
                            Some(b',') => {
                                self.advance(1);
                                self.whitespace();
                            }
                            Some(b']') => {
                                self.advance(1);
                                break;
                            }
                            _ => return Err(self.error("expected `,` or `]`")),
                        }
                    }
                }
                self.emit(builder, Event::SequenceEnd, start)
            }
            Some(b'"') => {
                let text = self.string()?;
                self.emit(builder, scalar(text, ScalarStyle::DoubleQuoted), start)
            }
            Some(_) => {
                // A number, `true`, `false` or `null`: kept as written, unquoted, as YAML reads it.
                let length = self.text[self.at..]
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.'))
                    .count();
                if length == 0 {
                    return Err(self.error("expected a JSON value"));
                }
                let text = self.text[self.at..self.at + length].to_string();
                self.advance(length);
                self.emit(builder, scalar(text, ScalarStyle::Plain), start)
            }
            None => Err(self.error("expected a JSON value")),
        }
    }

    /// A string at `"`, decoded.
    fn string(&mut self) -> Result<String, (Location, String)> {
        self.advance(1);
        let mut out = String::new();
        loop {
            let rest = &self.text[self.at..];
            let Some(stop) = rest.find(['"', '\\', '\n', '\r']) else {
                return Err(self.error("a string that never ends"));
            };
            out.push_str(&rest[..stop]);
            self.advance(stop);
            match self.peek() {
                Some(b'"') => {
                    self.advance(1);
                    return Ok(out);
                }
                Some(b'\\') => {
                    let (ch, length) = unescape(&self.text[self.at..])
                        .ok_or_else(|| self.error("an invalid escape"))?;
                    out.push(ch);
                    self.advance(length);
                }
                _ => return Err(self.error("a line break inside a string")),
            }
        }
    }
}

fn scalar(text: String, style: ScalarStyle) -> Event<'static> {
    Event::Scalar(Cow::Owned(text), style, 0, None)
}

#[cfg(test)]
mod tests {
    use super::super::document::{self, Kind, Node};

    /// Every node with its shape, text and position, one a line.
    fn outline(node: &Node, out: &mut String) {
        let shape = match &node.kind {
            Kind::Scalar { text, plain } => format!("{text:?} plain={plain}"),
            Kind::Seq(_) => "[".to_string(),
            Kind::Map(_) => "{".to_string(),
            Kind::Unresolved(_) => "?".to_string(),
        };
        out.push_str(&format!("{}:{} {shape}\n", node.line, node.column));
        match &node.kind {
            Kind::Scalar { .. } | Kind::Unresolved(_) => {}
            Kind::Seq(items) => items.iter().for_each(|n| outline(n, out)),
            Kind::Map(entries) => entries.iter().for_each(|(k, v)| {
                outline(k, out);
                outline(v, out);
            }),
        }
    }

    fn read(name: &str, text: &str) -> String {
        let root = document::load(name, text, 0)
            .map(|l| l.root)
            .unwrap_or_else(|e| panic!("{e}"));
        let mut out = String::new();
        outline(&root, &mut out);
        out
    }

    // The JSON reader builds the tree the YAML parser builds from the same text, positions
    // included (the YAML parser reads these files as YAML 1.2).
    #[test]
    fn reads_as_the_yaml_parser_does() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut files = 0;
        for dir in ["danielhttp", "definitions/valid"] {
            for entry in std::fs::read_dir(corpus.join(dir))
                .expect("corpus")
                .flatten()
            {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "json") {
                    let text = std::fs::read_to_string(&path).expect("readable");
                    assert_eq!(
                        read("a.json", &text),
                        read("a.yaml", &text),
                        "{}",
                        path.display()
                    );
                    files += 1;
                }
            }
        }
        assert!(files >= 3);
        let text = "{\r\n\t\"a\": [1, -2.5e3, true, null, \"x\\\"y\"],\r\n \"b\": {}, \"c\": []}";
        assert_eq!(read("a.json", text), read("a.yaml", text));
    }

    // JSON writes a character outside the Basic Multilingual Plane as a surrogate pair; the YAML
    // parser refuses it (YAML's `\u` takes whole characters only).
    #[test]
    fn surrogate_pairs_are_one_character() {
        assert_eq!(
            read("a.json", r#"{"a": "\ud83d\ude00 \u00e9\/"}"#),
            "1:1 {\n1:2 \"a\" plain=false\n1:7 \"😀 é/\" plain=false\n"
        );
        assert!(
            document::load("a.yaml", r#"{"a": "\ud83d\ude00"}"#, 0)
                .map(|l| l.root)
                .is_err()
        );
        // A lone half is not JSON.
        assert!(
            document::load("a.json", r#"{"a": "\ud83d"}"#, 0)
                .map(|l| l.root)
                .is_err()
        );
    }

    // A repeated key keeps its last value, with a warning giving both places, in JSON as in
    // YAML (issue 13: CloudFormation reads such files).
    #[test]
    fn repeated_keys_keep_the_last_value_with_a_warning() {
        let loaded = document::load("a.json", "{\n  \"a\": 1,\n  \"a\": 2\n}", 0).expect("read");
        assert_eq!(loaded.root.get("a").and_then(Node::scalar), Some("2"));
        assert_eq!(
            loaded.warnings[0].to_string(),
            "a.json:3:3: warning: the key \"a\" appears twice in one mapping: the last value wins, as CloudFormation reads it (`aws cloudformation package` and YAML 1.2 refuse the file) (first here: 2:3)"
        );
    }
}

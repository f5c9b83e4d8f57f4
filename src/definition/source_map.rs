//! Where each byte of a scalar's text came from in the definition file, so that an error in a
//! mapping template is reported at the file's line and column.
//!
//! The YAML parser reports where a scalar starts, not where each of its characters came from.
//! This module reads the raw text again from that start with the scalar's style (YAML block,
//! plain, single- and double-quoted scalars; JSON strings) and checks every character it decodes
//! against the text the parser decoded: where the two disagree there is no map, never a wrong one.
//!
//! YAML folding joins lines: a line break becomes a space, blank lines become one line break
//! fewer. Such a character stands for no single character of the file; it is [`Place::Folded`].

use super::json;

/// How a scalar is written in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// YAML, unquoted.
    Plain,
    /// YAML `'...'` (`''` is one quote).
    SingleQuoted,
    /// YAML `"..."` (backslash escapes).
    DoubleQuoted,
    /// YAML `|` block.
    Literal,
    /// YAML `>` block.
    Folded,
    /// A JSON string (JSON's escapes: `\uD83D\uDE00` is one character).
    Json,
}

/// Where a scalar stands in the file: enough to read it again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    /// Character index (not byte: the parser counts characters) where the parser marks its
    /// node: at its tag or anchor if it has one, else at its first character (a quote, or a block
    /// scalar's first content character, past its header).
    pub(crate) start: usize,
    /// How it is written.
    pub(crate) style: Style,
    /// The indentation of the block collection around it (0-based column; -1 at the top level):
    /// a block scalar's indentation indicator counts from it.
    pub(crate) parent_indent: isize,
}

/// Where one byte of the decoded text came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// The file's byte at this offset (all bytes of an escape point at its `\`).
    Exact(usize),
    /// Made by folding at about this byte offset of the file (a line break): the file holds no
    /// single character for it.
    Folded(usize),
}

/// For each byte of a scalar's decoded text, where it came from in the file.
#[derive(Debug)]
pub(crate) struct SourceMap {
    places: Vec<Place>,
    /// Where the text ends (the closing quote, the end of the last line).
    end: Place,
}

impl SourceMap {
    /// Reads the scalar at `origin` again from `file` and maps each byte of `text` (the parser's
    /// decoding of it). `None` when the file does not decode to `text` from there (a reading
    /// this module does not share with the parser): better no place than a wrong one.
    pub(crate) fn new(file: &str, origin: Origin, text: &str) -> Option<SourceMap> {
        let start = file.char_indices().nth(origin.start).map(|(at, _)| at)?;
        let read = |at: usize| {
            let mut cursor = Cursor::new(file, at);
            cursor.skip_properties();
            let mut out = Out {
                text,
                places: Vec::with_capacity(text.len()),
            };
            let end = match origin.style {
                Style::Plain => plain(&mut cursor, &mut out),
                Style::SingleQuoted => quoted(&mut cursor, &mut out, true),
                Style::DoubleQuoted => quoted(&mut cursor, &mut out, false),
                Style::Json => json_string(&mut cursor, &mut out),
                Style::Literal | Style::Folded => {
                    block(&mut cursor, &mut out, origin.parent_indent)
                }
            }?;
            (out.places.len() == text.len()).then_some(SourceMap {
                places: out.places,
                end,
            })
        };
        match origin.style {
            // The parser marks a block scalar at its first content character, past its header
            // (at its tag or anchor when it has one: then `start` leads to the header).
            Style::Literal | Style::Folded => block_header(file, start)
                .and_then(read)
                .or_else(|| read(start)),
            _ => read(start),
        }
    }

    /// Where byte `offset` of the text came from; the text's length (an error at its very end)
    /// gives where the text ends.
    pub(crate) fn place(&self, offset: usize) -> Place {
        self.places.get(offset).copied().unwrap_or(self.end)
    }
}

/// The decoded text as it is rebuilt, each character checked against the parser's.
struct Out<'t> {
    text: &'t str,
    places: Vec<Place>,
}

impl Out<'_> {
    fn push(&mut self, ch: char, place: Place) -> Option<()> {
        let expected = self.text.get(self.places.len()..)?.chars().next()?;
        (expected == ch).then(|| {
            self.places
                .extend(std::iter::repeat_n(place, ch.len_utf8()));
        })
    }

    fn is_full(&self) -> bool {
        self.places.len() >= self.text.len()
    }
}

/// A position in the raw file, with its column (characters since the line's start: YAML's
/// indentation is counted in columns).
struct Cursor<'f> {
    file: &'f str,
    at: usize,
    column: usize,
}

impl<'f> Cursor<'f> {
    fn new(file: &'f str, at: usize) -> Self {
        let line_start = file[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        Cursor {
            file,
            at,
            column: file[line_start..at].chars().count(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.file[self.at..].chars().next()
    }

    fn peek_second(&self) -> Option<char> {
        self.file[self.at..].chars().nth(1)
    }

    fn bump(&mut self) -> Option<char> {
        let ch = self.peek()?;
        self.at += ch.len_utf8();
        self.column += 1;
        Some(ch)
    }

    fn at_break(&self) -> bool {
        matches!(self.peek(), Some('\n' | '\r'))
    }

    fn at_blank(&self) -> bool {
        matches!(self.peek(), Some(' ' | '\t'))
    }

    fn at_end(&self) -> bool {
        self.at >= self.file.len()
    }

    /// Consumes a line break (`\r\n` is one) and returns where it stood.
    fn take_break(&mut self) -> usize {
        let at = self.at;
        if self.file[at..].starts_with("\r\n") {
            self.at += 2;
        } else if self.at_break() {
            self.at += 1;
        }
        self.column = 0;
        at
    }

    /// Skips a node's tag and anchor (`!Sub`, `&name`) and what separates them from the scalar.
    fn skip_properties(&mut self) {
        while matches!(self.peek(), Some('!' | '&')) {
            while self
                .peek()
                .is_some_and(|c| !matches!(c, ' ' | '\t' | '\n' | '\r'))
            {
                self.bump();
            }
            loop {
                if self.at_blank() {
                    self.bump();
                } else if self.at_break() {
                    self.take_break();
                } else if self.peek() == Some('#') {
                    while self.peek().is_some() && !self.at_break() {
                        self.bump();
                    }
                } else {
                    break;
                }
            }
        }
    }
}

/// The blanks and line breaks between two runs of a flow scalar's content, as YAML folds them:
/// blanks inside a line stay; one line break becomes a space and n breaks become n - 1 newlines,
/// the blanks around them dropped. `after_escaped_break`: a double-quoted `\` ended the line, so
/// its break is gone and only the following breaks count.
fn fold(cursor: &mut Cursor<'_>, out: &mut Out<'_>, after_escaped_break: bool) -> Option<()> {
    let mut leading_blanks = after_escaped_break;
    let mut blanks = Vec::new();
    let mut leading_break = None;
    let mut trailing_breaks = Vec::new();
    while cursor.at_blank() || cursor.at_break() {
        if cursor.at_blank() {
            let at = cursor.at;
            let ch = cursor.bump()?;
            if !leading_blanks {
                blanks.push((ch, at));
            }
        } else if leading_blanks {
            trailing_breaks.push(cursor.take_break());
        } else {
            blanks.clear();
            leading_break = Some(cursor.take_break());
            leading_blanks = true;
        }
    }
    if !leading_blanks {
        for (ch, at) in blanks {
            out.push(ch, Place::Exact(at))?;
        }
    } else if let (Some(at), true) = (leading_break, trailing_breaks.is_empty()) {
        out.push(' ', Place::Folded(at))?;
    } else {
        for at in trailing_breaks {
            out.push('\n', Place::Folded(at))?;
        }
    }
    Some(())
}

/// A plain scalar: its end is where the parser's text is complete (a comment, `: ` or a less
/// indented line ended it in the file).
fn plain(cursor: &mut Cursor<'_>, out: &mut Out<'_>) -> Option<Place> {
    loop {
        while let Some(ch) = cursor.peek() {
            if out.is_full() || matches!(ch, ' ' | '\t' | '\n' | '\r') {
                break;
            }
            out.push(ch, Place::Exact(cursor.at))?;
            cursor.bump();
        }
        if out.is_full() || cursor.at_end() {
            return Some(Place::Exact(cursor.at));
        }
        fold(cursor, out, false)?;
    }
}

/// A single- or double-quoted YAML scalar; ends at its closing quote.
fn quoted(cursor: &mut Cursor<'_>, out: &mut Out<'_>, single: bool) -> Option<Place> {
    let quote = if single { '\'' } else { '"' };
    if cursor.bump()? != quote {
        return None;
    }
    loop {
        let mut escaped_break = false;
        loop {
            let at = cursor.at;
            match cursor.peek()? {
                ' ' | '\t' | '\n' | '\r' => break,
                '\'' if single && cursor.peek_second() == Some('\'') => {
                    out.push('\'', Place::Exact(at))?;
                    cursor.bump();
                    cursor.bump();
                }
                c if c == quote => return Some(Place::Exact(at)),
                '\\' if !single && matches!(cursor.peek_second(), Some('\n' | '\r')) => {
                    cursor.bump();
                    cursor.take_break();
                    escaped_break = true;
                    break;
                }
                '\\' if !single => {
                    let (ch, length) = yaml_escape(&cursor.file[at..])?;
                    out.push(ch, Place::Exact(at))?;
                    for _ in 0..length {
                        cursor.bump();
                    }
                }
                c => {
                    out.push(c, Place::Exact(at))?;
                    cursor.bump();
                }
            }
        }
        fold(cursor, out, escaped_break)?;
    }
}

/// A YAML double-quoted escape at the start of `text` (which starts with `\`): the character and
/// how many characters the escape takes.
fn yaml_escape(text: &str) -> Option<(char, usize)> {
    let mut chars = text.chars().skip(1);
    let (ch, digits) = match chars.next()? {
        '0' => ('\0', 0),
        'a' => ('\x07', 0),
        'b' => ('\x08', 0),
        't' | '\t' => ('\t', 0),
        'n' => ('\n', 0),
        'v' => ('\x0b', 0),
        'f' => ('\x0c', 0),
        'r' => ('\r', 0),
        'e' => ('\x1b', 0),
        ' ' => (' ', 0),
        '"' => ('"', 0),
        '/' => ('/', 0),
        '\\' => ('\\', 0),
        'N' => ('\u{85}', 0),
        '_' => ('\u{a0}', 0),
        'L' => ('\u{2028}', 0),
        'P' => ('\u{2029}', 0),
        'x' => ('\0', 2),
        'u' => ('\0', 4),
        'U' => ('\0', 8),
        _ => return None,
    };
    if digits == 0 {
        return Some((ch, 2));
    }
    let hex = text.get(2..2 + digits)?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let code = u32::from_str_radix(hex, 16).ok()?;
    Some((char::from_u32(code)?, 2 + digits))
}

/// A JSON string; ends at its closing quote. JSON strings hold no raw line breaks, so nothing
/// folds.
fn json_string(cursor: &mut Cursor<'_>, out: &mut Out<'_>) -> Option<Place> {
    if cursor.bump()? != '"' {
        return None;
    }
    loop {
        let at = cursor.at;
        match cursor.peek()? {
            '"' => return Some(Place::Exact(at)),
            '\\' => {
                let (ch, length) = json::unescape(&cursor.file[at..])?;
                out.push(ch, Place::Exact(at))?;
                // Escapes are ASCII: bytes and characters agree.
                cursor.at += length;
                cursor.column += length;
            }
            c => {
                out.push(c, Place::Exact(at))?;
                cursor.bump();
            }
        }
    }
}

/// A literal (`|`) or folded (`>`) block scalar, its header (indentation indicator, chomping
/// indicator, comment) included.
fn block(cursor: &mut Cursor<'_>, out: &mut Out<'_>, parent_indent: isize) -> Option<Place> {
    #[derive(PartialEq)]
    enum Chomping {
        Strip,
        Clip,
        Keep,
    }
    let start = cursor.at;
    let literal = match cursor.bump()? {
        '|' => true,
        '>' => false,
        _ => return None,
    };
    let mut chomping = Chomping::Clip;
    let mut increment = 0;
    for _ in 0..2 {
        match cursor.peek() {
            Some('+') => chomping = Chomping::Keep,
            Some('-') => chomping = Chomping::Strip,
            Some(c @ '1'..='9') => increment = c as usize - '0' as usize,
            _ => break,
        }
        cursor.bump();
    }
    while cursor.at_blank() {
        cursor.bump();
    }
    if cursor.peek() == Some('#') {
        while cursor.peek().is_some() && !cursor.at_break() {
            cursor.bump();
        }
    }
    let header_ended = cursor.at_break();
    cursor.take_break();

    let mut trailing_breaks = Vec::new();
    let indent = if increment > 0 {
        // YAML: an indentation indicator counts from the surrounding block's indentation.
        let indent = usize::try_from(parent_indent).map_or(increment, |n| n + increment);
        skip_indentation(cursor, indent, &mut trailing_breaks);
        indent
    } else {
        // The first non-empty line sets the indentation (the parser keeps the longest line of
        // spaces before it if that is longer).
        let mut longest = 0;
        loop {
            while cursor.peek() == Some(' ') {
                cursor.bump();
            }
            longest = longest.max(cursor.column);
            if !cursor.at_break() {
                break;
            }
            trailing_breaks.push(cursor.take_break());
        }
        let floor = usize::try_from(parent_indent + 1).unwrap_or(0);
        let indent = longest.max(floor);
        if parent_indent > 0 {
            indent.max(1)
        } else {
            indent
        }
    };

    let mut leading_break: Option<usize> = None;
    let mut leading_blank = false;
    while cursor.column == indent && cursor.peek().is_some() && !cursor.at_break() {
        if indent == 0 && at_document_marker(cursor) {
            break;
        }
        let trailing_blank = cursor.at_blank();
        match leading_break {
            Some(at) if !literal && !leading_blank && !trailing_blank => {
                // `>`: lines of the same indentation join.
                if trailing_breaks.is_empty() {
                    out.push(' ', Place::Folded(at))?;
                }
                for &at in &trailing_breaks {
                    out.push('\n', Place::Folded(at))?;
                }
            }
            _ => {
                if let Some(at) = leading_break {
                    out.push('\n', Place::Exact(at))?;
                }
                for &at in &trailing_breaks {
                    out.push('\n', Place::Exact(at))?;
                }
            }
        }
        leading_break = None;
        trailing_breaks.clear();
        leading_blank = cursor.at_blank();
        while let Some(ch) = cursor.peek().filter(|_| !cursor.at_break()) {
            out.push(ch, Place::Exact(cursor.at))?;
            cursor.bump();
        }
        if !cursor.at_break() {
            break;
        }
        leading_break = Some(cursor.take_break());
        skip_indentation(cursor, indent, &mut trailing_breaks);
    }
    if out.places.is_empty() && leading_break.is_none() && cursor.at_end() {
        // No content line: only `|+` keeps the breaks after the header.
        if chomping == Chomping::Keep {
            if trailing_breaks.is_empty() && header_ended && cursor.column > 0 {
                out.push('\n', Place::Exact(cursor.at))?;
            }
            for &at in &trailing_breaks {
                out.push('\n', Place::Exact(at))?;
            }
        }
        return Some(Place::Exact(start));
    }
    if chomping != Chomping::Strip {
        if let Some(at) = leading_break {
            out.push('\n', Place::Exact(at))?;
        }
        if cursor.at_end() && cursor.column >= indent.max(1) {
            // The file ends inside the last line: the parser still ends the text with a break.
            out.push('\n', Place::Exact(cursor.at))?;
        }
    }
    if chomping == Chomping::Keep {
        for &at in &trailing_breaks {
            out.push('\n', Place::Exact(at))?;
        }
    }
    // The end of the text is the end of its last line (where its break is), not the next line.
    Some(match out.places.last() {
        Some(&Place::Exact(at)) => match cursor.file[at..].chars().next() {
            Some(c) if c != '\n' && c != '\r' => Place::Exact(at + c.len_utf8()),
            _ => Place::Exact(at),
        },
        Some(&place) => place,
        None => Place::Exact(start),
    })
}

/// Where the header (`|` or `>`) of the block scalar whose content starts at `content` is: on
/// the last line above that holds more than blanks, the first `|` or `>` that only indicators,
/// blanks and a comment follow.
fn block_header(file: &str, content: usize) -> Option<usize> {
    let is_blank = |text: &str| text.bytes().all(|b| b == b' ' || b == b'\t');
    let mut line_start = file[..content].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    if !is_blank(&file[line_start..content]) {
        return None;
    }
    while line_start > 0 {
        let mut line_end = line_start - 1;
        if file[..line_end].ends_with('\r') && file[line_end..].starts_with('\n') {
            line_end -= 1;
        }
        line_start = file[..line_end].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line = &file[line_start..line_end];
        if is_blank(line) {
            continue;
        }
        return line
            .char_indices()
            .filter(|(_, c)| matches!(c, '|' | '>'))
            .map(|(i, _)| i)
            .find(|&i| {
                let indicators = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '+', '-'];
                let after = line[i + 1..].trim_start_matches(indicators);
                let rest = after.trim_start_matches([' ', '\t']);
                // A comment needs a blank before its `#`.
                rest.is_empty() || (rest.starts_with('#') && rest.len() < after.len())
            })
            .map(|i| line_start + i);
    }
    None
}

/// Consumes a block scalar's indentation (up to `indent` spaces) and the empty lines it meets.
fn skip_indentation(cursor: &mut Cursor<'_>, indent: usize, breaks: &mut Vec<usize>) {
    loop {
        while cursor.column < indent && cursor.peek() == Some(' ') {
            cursor.bump();
        }
        if !cursor.at_break() {
            return;
        }
        breaks.push(cursor.take_break());
    }
}

/// `---` or `...` at the start of a line, then a blank, a break or the end: the document ends.
fn at_document_marker(cursor: &Cursor<'_>) -> bool {
    let rest = &cursor.file[cursor.at..];
    (rest.starts_with("---") || rest.starts_with("..."))
        && matches!(
            rest[3..].chars().next(),
            None | Some(' ' | '\t' | '\n' | '\r')
        )
}

#[cfg(test)]
mod tests {
    use super::super::document::{self, Kind, Node};
    use super::*;
    use crate::syntax::position_of;

    /// A line and column in the file: `Ok` for a character of the file, `Err` near a folded one.
    type Found = Result<(usize, usize), (usize, usize)>;

    /// The scalar at `keys` in `file` (named `name`: `.json` reads it as JSON), the text the
    /// parser decoded, and where each of `probes` (byte offsets into that text) is in the file:
    /// `Ok((line, column))`, or `Err((line, column))` near a folded character.
    fn places(name: &str, file: &str, keys: &[&str], probes: &[usize]) -> (String, Vec<Found>) {
        let root = document::load(name, file, 0)
            .map(|l| l.root)
            .unwrap_or_else(|e| panic!("{e}"));
        let node = keys
            .iter()
            .fold(&root, |node, key| node.get(key).expect("key"));
        let text = node.scalar().expect("a scalar").to_string();
        let map = SourceMap::new(file, node.origin.expect("origin"), &text).expect("a map");
        let found = probes
            .iter()
            .map(|&offset| match map.place(offset) {
                Place::Exact(at) => Ok(position_of(file, at)),
                Place::Folded(at) => Err(position_of(file, at)),
            })
            .collect();
        (text, found)
    }

    fn offset_of(text: &str, needle: &str) -> usize {
        text.find(needle).expect("needle")
    }

    #[test]
    fn block_literal() {
        let file = "t: |\n  {\"a\": 1}\n  #if($x\nu: 1\n";
        let (text, found) = places("t.yaml", file, &["t"], &[0, 9, 15, 16]);
        assert_eq!(text, "{\"a\": 1}\n#if($x\n");
        // `{`; `#`; the break after `$x`; the end of the text is the end of its last line.
        assert_eq!(found, [Ok((2, 3)), Ok((3, 3)), Ok((3, 9)), Ok((3, 9))]);
    }

    #[test]
    fn block_with_indentation_indicator() {
        let file = "root:\n  t: |2\n      indented\n    next\n";
        let (text, found) = places("t.yaml", file, &["root", "t"], &[0, 2, 11]);
        assert_eq!(text, "  indented\nnext\n");
        assert_eq!(found, [Ok((3, 5)), Ok((3, 7)), Ok((4, 5))]);

        // At the top of a sequence entry, with chomping before the indicator.
        let file = "- x: 1\n- |-1\n   two\n  one\n";
        let root = document::load("t.yaml", file, 0)
            .map(|l| l.root)
            .expect("loads");
        let Kind::Seq(items) = &root.kind else {
            panic!("a list")
        };
        let node: &Node = &items[1];
        let text = node.scalar().expect("scalar");
        assert_eq!(text, "  two\n one");
        let map = SourceMap::new(file, node.origin.expect("origin"), text).expect("a map");
        assert_eq!(map.place(2), Place::Exact(offset_of(file, "two")));
        assert_eq!(map.place(7), Place::Exact(offset_of(file, "one")));
    }

    #[test]
    fn block_keep_and_strip_chomping() {
        let file = "t: |+\n  a\n\n\nu: 1\n";
        let (text, found) = places("t.yaml", file, &["t"], &[0, 1, 2, 3, 4]);
        assert_eq!(text, "a\n\n\n");
        assert_eq!(
            found,
            [Ok((2, 3)), Ok((2, 4)), Ok((3, 1)), Ok((4, 1)), Ok((4, 1))]
        );

        let file = "t: |-\n  a\n  #if(\n\nu: 1\n";
        let (text, found) = places("t.yaml", file, &["t"], &[2, 6]);
        assert_eq!(text, "a\n#if(");
        assert_eq!(found, [Ok((3, 3)), Ok((3, 7))]);

        // The file ends inside the last line: the text still ends with a break.
        let file = "t: |\n  a";
        let (text, found) = places("t.yaml", file, &["t"], &[0, 1]);
        assert_eq!(text, "a\n");
        assert_eq!(found, [Ok((2, 3)), Ok((2, 4))]);
    }

    #[test]
    fn folded_block_joins_lines() {
        let file = "t: >\n  a\n  b\n\n  c\n    more\n";
        let (text, found) = places("t.yaml", file, &["t"], &[1, 2, 3, 4, 5]);
        assert_eq!(text, "a b\nc\n  more\n");
        // The joining space and the break left of a blank line are folded; `b` and `c` are not,
        // nor the break before a more indented line.
        assert_eq!(
            found,
            [Err((2, 4)), Ok((3, 3)), Err((4, 1)), Ok((5, 3)), Ok((5, 4))]
        );
    }

    #[test]
    fn double_quoted_with_escapes_and_folding() {
        let file = "t: \"a\\tb\\u00e9 \\\"q\\\"\n  next\\\n  \\x41\n\n  last\"\n";
        let (text, found) = places("t.yaml", file, &["t"], &[1, 3, 5, 7, 9, 14, 15, 16, 20]);
        assert_eq!(text, "a\tbé \"q\" nextA\nlast");
        assert_eq!(
            found,
            [
                Ok((1, 6)),   // `\t`
                Ok((1, 9)),   // `\u00e9`
                Ok((1, 15)),  // the space, as written
                Ok((1, 18)),  // `q`
                Err((1, 21)), // the line break read as a space
                Ok((3, 3)),   // `\x41`, the escaped break before it gone
                Err((4, 1)),  // the blank line read as one break
                Ok((5, 3)),   // `last`
                Ok((5, 7)),   // the end: the closing quote
            ]
        );
    }

    #[test]
    fn single_quoted_with_doubled_quotes() {
        let file = "t: 'it''s #if('\n";
        let (text, found) = places("t.yaml", file, &["t"], &[2, 3, 5, 9]);
        assert_eq!(text, "it's #if(");
        assert_eq!(found, [Ok((1, 7)), Ok((1, 9)), Ok((1, 11)), Ok((1, 15))]);
    }

    #[test]
    fn plain_scalar_folds_lines() {
        let file = "t: a  b\n   c $x.y(\nu: 1\n";
        let (text, found) = places("t.yaml", file, &["t"], &[1, 4, 5, 6, 12]);
        assert_eq!(text, "a  b c $x.y(");
        assert_eq!(
            found,
            [Ok((1, 5)), Err((1, 8)), Ok((2, 4)), Ok((2, 5)), Ok((2, 11))]
        );
    }

    #[test]
    fn a_tag_or_anchor_before_the_scalar_is_skipped() {
        let file = "t: &x |\n  a\nu: !Sub\n  'b'\n";
        let (_, found) = places("t.yaml", file, &["t"], &[0]);
        assert_eq!(found, [Ok((2, 3))]);
        let (_, found) = places("t.yaml", file, &["u"], &[0]);
        assert_eq!(found, [Ok((4, 4))]);
    }

    #[test]
    fn json_escapes_and_surrogate_pairs() {
        let file = "{\"t\": \"\\ud83d\\ude00\\n#if(\\\"\\u00e9\"}";
        let (text, found) = places("t.json", file, &["t"], &[0, 4, 5, 9, 10, 12]);
        assert_eq!(text, "😀\n#if(\"é");
        assert_eq!(
            found,
            [
                Ok((1, 8)),  // the pair, both escapes one character
                Ok((1, 20)), // `\n`
                Ok((1, 22)), // `#`
                Ok((1, 26)), // `\"`
                Ok((1, 28)), // `\u00e9`
                Ok((1, 34)), // the end: the closing quote
            ]
        );
    }

    #[test]
    fn crlf_files() {
        let file = "t: |\r\n  a\r\n  #if(\r\nu: \"b\r\n  c\"\r\n";
        let (text, found) = places("t.yaml", file, &["t"], &[1, 2, 6]);
        assert_eq!(text, "a\n#if(\n");
        assert_eq!(found, [Ok((2, 4)), Ok((3, 3)), Ok((3, 7))]);
        let (text, found) = places("t.yaml", file, &["u"], &[1, 2]);
        assert_eq!(text, "b c");
        assert_eq!(found, [Err((4, 6)), Ok((5, 3))]);

        let file = "{\r\n  \"t\": \"a\\r\\nb\"\r\n}";
        let (text, found) = places("t.json", file, &["t"], &[3]);
        assert_eq!(text, "a\r\nb");
        assert_eq!(found, [Ok((2, 14))]);
    }

    #[test]
    fn a_reading_that_disagrees_with_the_parser_gives_no_map() {
        let origin = Origin {
            start: 3,
            style: Style::DoubleQuoted,
            parent_indent: -1,
        };
        assert!(SourceMap::new("t: \"abc\"", origin, "abc").is_some());
        assert!(SourceMap::new("t: \"abc\"", origin, "abd").is_none());
        assert!(SourceMap::new("t: \"abc\"", origin, "ab").is_none());
        assert!(SourceMap::new("t: \"abc", origin, "abc").is_none());
    }

    fn scalars<'n>(node: &'n Node, out: &mut Vec<&'n Node>) {
        match &node.kind {
            Kind::Scalar { .. } => out.push(node),
            Kind::Unresolved(_) => {}
            Kind::Seq(items) => items.iter().for_each(|n| scalars(n, out)),
            Kind::Map(entries) => entries.iter().for_each(|(k, v)| {
                scalars(k, out);
                scalars(v, out);
            }),
        }
    }

    fn corpus_files() -> Vec<(String, String)> {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let mut files = Vec::new();
        for dir in ["danielhttp", "definitions/valid", "definitions/templates"] {
            for entry in std::fs::read_dir(corpus.join(dir))
                .expect("corpus")
                .flatten()
            {
                let name = entry.path().display().to_string();
                if name.ends_with(".yaml") || name.ends_with(".json") {
                    let text = std::fs::read_to_string(entry.path()).expect("readable");
                    files.push((name, text));
                }
            }
        }
        files.sort();
        files
    }

    // Every scalar of every corpus definition maps back to its file: this reading agrees with
    // the parser's on real files.
    #[test]
    fn every_corpus_scalar_maps() {
        let mut count = 0;
        for (name, file) in corpus_files() {
            let root = document::load(&name, &file, 0)
                .map(|l| l.root)
                .unwrap_or_else(|e| panic!("{e}"));
            let mut nodes = Vec::new();
            scalars(&root, &mut nodes);
            for node in nodes {
                let origin = node.origin.expect("a scalar has an origin");
                let text = node.scalar().unwrap_or_default();
                assert!(
                    SourceMap::new(&file, origin, text).is_some(),
                    "{name}:{}:{}: {text:?} ({:?})",
                    node.line,
                    node.column,
                    origin.style
                );
                count += 1;
            }
        }
        assert!(count > 1000, "{count} scalars");
    }

    // Mangled files (bytes replaced by YAML punctuation) map or give no map, never panic.
    #[test]
    fn mangled_files_never_panic() {
        let punctuation = b"|>-+'\"\\\n\r \t#:&!u12";
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for (name, file) in corpus_files() {
            for _ in 0..15 {
                let mut bytes = file.clone().into_bytes();
                for _ in 0..(1 + next() % 3) {
                    let at = (next() % bytes.len() as u64) as usize;
                    bytes[at] = punctuation[(next() % punctuation.len() as u64) as usize];
                }
                let text = String::from_utf8_lossy(&bytes);
                let Ok(root) = document::load(&name, &text, 0).map(|l| l.root) else {
                    continue;
                };
                let mut nodes = Vec::new();
                scalars(&root, &mut nodes);
                for node in nodes {
                    if let (Some(origin), Some(scalar)) = (node.origin, node.scalar())
                        && let Some(map) = SourceMap::new(&text, origin, scalar)
                    {
                        let _ = map.place(scalar.len());
                    }
                }
            }
        }
    }
}

//! Byte ranges into a template's source, and the line/column lookup used only when a message is printed.

/// A byte range `start..end` into the text a node or token came from.
///
/// Spans are stored as byte offsets so that nodes stay small and borrow nothing; line and column are
/// computed on demand with [`Span::start_position`].
///
/// # Examples
/// ```
/// use apigw_vtl::syntax::Span;
/// let span = Span::new(4, 6);
/// assert_eq!(span.slice("ab\ncd$x"), "d$");
/// assert_eq!(span.start_position("ab\ncd$x"), (2, 2));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Self {
        // Templates are limited far below 4 GiB (AWS allows 300 KB); `syntax::parse` rejects larger input.
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// An empty span at `offset`.
    pub fn at(offset: usize) -> Self {
        Span::new(offset, offset)
    }

    /// The bytes this span covers, as text; empty if the span does not fall on `source`'s char
    /// boundaries.
    pub fn slice<'s>(&self, source: &'s str) -> &'s str {
        source
            .get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }

    /// The smallest span covering both.
    pub fn to(&self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// 1-based line and column (in characters) of the span's start in `source`.
    pub fn start_position(&self, source: &str) -> (usize, usize) {
        position_of(source, self.start as usize)
    }
}

/// 1-based line and column (counted in characters, a tab is one) of byte `offset` in `source`.
/// `\n`, `\r\n` and a lone `\r` each end a line, as Velocity's character stream counts them.
pub fn position_of(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let mut line = 1;
    let mut column = 1;
    let mut previous_was_cr = false;
    for (index, ch) in source.char_indices() {
        if index >= offset {
            break;
        }
        match ch {
            '\n' if previous_was_cr => {}
            '\n' | '\r' => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
        previous_was_cr = ch == '\r';
    }
    (line, column)
}

/// The byte offset of 1-based `line` and `column`, counted as [`position_of`] counts them: the
/// way back from a place a person reads (an API definition's error location) to a span. `None`
/// when the text has no such place.
///
/// # Examples
/// ```
/// use apigw_vtl::syntax::{offset_of, position_of};
/// let text = "a: 1\r\nb: é2\n";
/// assert_eq!(offset_of(text, 2, 5), Some(11));
/// assert_eq!(position_of(text, 11), (2, 5));
/// assert_eq!(offset_of(text, 2, 1), Some(6)); // after the whole `\r\n`
/// assert_eq!(offset_of(text, 9, 1), None);
/// ```
pub fn offset_of(source: &str, line: usize, column: usize) -> Option<usize> {
    let (mut at_line, mut at_column) = (1, 1);
    let mut previous_was_cr = false;
    for (index, ch) in source.char_indices() {
        // The `\n` of a `\r\n` belongs to the line the `\r` ended.
        let crlf_tail = ch == '\n' && previous_was_cr;
        if !crlf_tail && (at_line, at_column) == (line, column) {
            return Some(index);
        }
        match ch {
            '\n' if previous_was_cr => {}
            '\n' | '\r' => {
                at_line += 1;
                at_column = 1;
            }
            _ => at_column += 1,
        }
        previous_was_cr = ch == '\r';
    }
    ((at_line, at_column) == (line, column)).then_some(source.len())
}

//! Parse errors: what was found, what was expected, and where. The caret excerpt is
//! [`crate::diagnostic`]'s, as for every error.

use super::span::{Span, position_of};

/// Why a template was rejected. `Display` is the message without a position.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// A token that cannot stand here.
    #[error("unexpected {found}, expected {expected}")]
    Unexpected {
        /// What was found, as the user wrote it (or "end of template").
        found: String,
        /// What would have been accepted.
        expected: String,
    },
    /// A block directive (`#if`, `#foreach`, `#define`, `#macro`...) without its `#end`.
    #[error("`{directive}` is never closed: expected `#end` before the end of template")]
    Unclosed {
        /// The directive as written (`#if`, `#foreach`).
        directive: String,
    },
    /// A character Velocity's lexer has no token for here (`(` or `+` inside method arguments).
    #[error("unexpected character {found:?} here")]
    UnexpectedCharacter {
        /// The character.
        found: char,
    },
    /// The template ends in the middle of a token (a `$` or `#` as its very last character, an
    /// unclosed `#[[`).
    #[error("{}", unexpected_end_message(unfinished))]
    UnexpectedEnd {
        /// The unfinished text.
        unfinished: String,
    },
    /// A directive's arguments break one of its rules (Velocity checks these when it parses or
    /// initialises the template).
    #[error("{message}")]
    InvalidDirective {
        /// What is wrong.
        message: String,
    },
    /// A `\u` escape in a double-quoted string that is not followed by four hexadecimal digits.
    #[error("`\\u` in a double-quoted string must be followed by four hexadecimal digits")]
    InvalidUnicodeEscape,
    /// The content of a double-quoted string failed to parse as a template.
    #[error(
        "the string's content is not a valid template: {} (at {}:{} of the string)",
        inner.kind(), inner.line(), inner.column()
    )]
    InvalidStringContent {
        /// The error inside the string, positioned in the string's own text.
        inner: Box<ParseError>,
    },
    /// Input bytes that are not UTF-8.
    #[error("the template is not valid UTF-8")]
    InvalidUtf8,
    /// Directives, expressions or strings nested deeper than the parser allows.
    #[error("directives, expressions or strings are nested more than {limit} deep")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// A template larger than the parser accepts.
    #[error("the template is larger than {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
}

fn unexpected_end_message(unfinished: &str) -> String {
    if unfinished.contains("#[[") {
        "`#[[` is never closed: an unparsed block needs `]]#`".to_string()
    } else {
        format!(
            "the template ends with `{unfinished}`, which starts a reference or directive that never comes: Velocity 1.7 rejects a `$` or `#` as the last character (even in a `##` comment)"
        )
    }
}

/// A template that Velocity 1.7 (as API Gateway runs it) would reject, and where.
///
/// `Display` gives one line ending with the position; [`ParseError::render`] (a
/// [`Diagnostic`](crate::diagnostic::Diagnostic)) adds the source lines with a caret under the spot
/// (and under the opening of an unclosed directive).
///
/// # Examples
/// ```
/// let error = apigw_vtl::syntax::parse("a\n#if($x)b").unwrap_err();
/// assert_eq!(error.to_string(), "`#if` is never closed: expected `#end` before the end of template at 2:9 (the `#if` opened at 2:1)");
/// assert_eq!((error.line(), error.column()), (2, 9));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", one_line(inner))]
pub struct ParseError {
    // Boxed so that `Result<_, ParseError>` stays one pointer wide on the happy path.
    inner: Box<ErrorInner>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct ErrorInner {
    kind: ParseErrorKind,
    span: Span,
    line: usize,
    column: usize,
    /// A second place that matters (where an unclosed directive opened), with its line and column.
    opened: Option<(Span, usize, usize)>,
}

impl ParseError {
    pub(crate) fn new(kind: ParseErrorKind, span: Span, source: &str) -> Self {
        let (line, column) = position_of(source, span.start as usize);
        ParseError {
            inner: Box::new(ErrorInner {
                kind,
                span,
                line,
                column,
                opened: None,
            }),
        }
    }

    pub(crate) fn with_opened(mut self, opened: Span, source: &str) -> Self {
        let (line, column) = position_of(source, opened.start as usize);
        self.inner.opened = Some((opened, line, column));
        self
    }

    /// The same error with positions counted in `whole`, of which the parsed text was the part
    /// starting at byte `offset` (a corpus case's template inside its file).
    pub fn shifted(&self, offset: usize, whole: &str) -> ParseError {
        let shift =
            |span: Span| Span::new(span.start as usize + offset, span.end as usize + offset);
        let mut error = ParseError::new(self.inner.kind.clone(), shift(self.inner.span), whole);
        if let Some((opened, _, _)) = self.inner.opened {
            error = error.with_opened(shift(opened), whole);
        }
        error
    }

    /// What went wrong.
    pub fn kind(&self) -> &ParseErrorKind {
        &self.inner.kind
    }

    /// The bytes of the template the error points at.
    pub fn span(&self) -> Span {
        self.inner.span
    }

    /// 1-based line of the error.
    pub fn line(&self) -> usize {
        self.inner.line
    }

    /// 1-based column (in characters) of the error.
    pub fn column(&self) -> usize {
        self.inner.column
    }

    /// Where the unclosed directive this error is about was opened, if it is about one.
    pub fn opened_at(&self) -> Option<Span> {
        self.inner.opened.map(|(span, _, _)| span)
    }

    /// The message without its position.
    pub fn message(&self) -> String {
        self.inner.kind.to_string()
    }

    /// The error as a plain-text caret excerpt of `source`, labelled `name` (a file name): the form
    /// every command prints, made by [`Diagnostic`](crate::diagnostic::Diagnostic), which also
    /// gives the one-line and coloured forms.
    ///
    /// # Examples
    /// ```
    /// let source = "#set($a = )";
    /// let error = apigw_vtl::syntax::parse(source).unwrap_err();
    /// let text = error.render(source, "t.vtl");
    /// assert!(text.contains("t.vtl:1:11"));
    /// assert!(text.contains("^"));
    /// ```
    pub fn render(&self, source: &str, name: &str) -> String {
        use crate::diagnostic::{Diagnostic, Style};
        Diagnostic::from(self).excerpt(source, name, Style::Plain)
    }
}

/// `Display` of a [`ParseError`]: the message, the position, and where an unclosed directive opened.
fn one_line(inner: &ErrorInner) -> String {
    let mut line = format!("{} at {}:{}", inner.kind, inner.line, inner.column);
    if let (Some((_, opened_line, opened_column)), ParseErrorKind::Unclosed { directive }) =
        (inner.opened, &inner.kind)
    {
        line.push_str(&format!(
            " (the `{directive}` opened at {opened_line}:{opened_column})"
        ));
    }
    line
}

//! Velocity 1.7's grammar (`Parser.jjt` productions), over the token manager in `lexer.rs`.
//!
//! Each function here is one production. Lookahead is reproduced as the generated parser does it:
//! one token, except where the grammar says `LOOKAHEAD(2)`, `LOOKAHEAD(3)` or gives a syntactic
//! lookahead, and tokens are lexed only when needed. That laziness is load-bearing: after a `#word`
//! the parser switches the lexer into the DIRECTIVE state before the next token is read.
//!
//! Besides the grammar, the checks Velocity makes when it initialises a parsed template (`#define`
//! needs one argument, `#break` at most one, a string's content must parse, `\u` escapes must be
//! complete) are made here too, so that "parses" means what it means on API Gateway: the template
//! does not fail before rendering starts.

use std::collections::VecDeque;

use super::ast::*;
use super::error::{ParseError, ParseErrorKind};
use super::lexer::{LexError, Lexer, Token, TokenKind as K};
use super::span::Span;

/// How deep directives, parenthesised expressions, collections and strings may nest. Velocity has no
/// limit but its Java stack; ours keeps recursion bounded on any input.
pub(crate) const MAX_DEPTH: usize = 200;

type Result<T> = std::result::Result<T, ParseError>;

/// Tokens that can start a `Statement()`.
fn starts_statement(kind: K) -> bool {
    matches!(
        kind,
        K::IfDirective
            | K::Identifier
            | K::Lcurly
            | K::SingleLineCommentStart
            | K::MultiLineComment
            | K::FormalComment
            | K::Textblock
            | K::SetDirective
            | K::EscapeDirective
            | K::DoubleEscape
            | K::Word
            | K::BracketedWord
            | K::Text
            | K::Dot
            | K::Rparen
            | K::Lparen
            | K::IntegerLiteral
            | K::FloatingPointLiteral
            | K::StringLiteral
            | K::Escape
            | K::Rcurly
            | K::EmptyIndex
    )
}

/// First tokens of `Parameter()` after its optional whitespace.
fn starts_parameter_value(kind: K) -> bool {
    matches!(
        kind,
        K::StringLiteral
            | K::IntegerLiteral
            | K::Lbracket
            | K::LeftCurley
            | K::True
            | K::False
            | K::Identifier
            | K::Lcurly
            | K::FloatingPointLiteral
    )
}

/// First tokens of `DirectiveArg()`.
fn starts_directive_arg(kind: K) -> bool {
    starts_parameter_value(kind) || kind == K::Word
}

pub(crate) struct Parser<'s> {
    source: &'s str,
    lexer: Lexer<'s>,
    lookahead: VecDeque<Token>,
    /// Names of the macros defined so far (`#macro(name ...)`), which make `\#name` an escape.
    macro_names: Vec<&'s str>,
    depth: usize,
    /// The last token consumed, for the end of spans.
    last: Token,
}

impl<'s> Parser<'s> {
    pub(crate) fn new(source: &'s str) -> Self {
        Parser {
            source,
            lexer: Lexer::new(source),
            lookahead: VecDeque::with_capacity(4),
            macro_names: Vec::new(),
            depth: 0,
            last: Token {
                kind: K::Eof,
                span: Span::at(0),
                special: None,
            },
        }
    }

    /// `process()`: statements, then the end of the template.
    pub(crate) fn parse_template(&mut self) -> Result<Block> {
        let mut nodes = Vec::new();
        self.statements(&mut nodes)?;
        let token = self.peek(0)?;
        if token.kind != K::Eof {
            return Err(self.unexpected(token, "text, a reference or a directive"));
        }
        Ok(nodes)
    }

    // ----- tokens ---------------------------------------------------------------------------

    fn lex_error(&self, error: LexError) -> ParseError {
        let kind = match error.started {
            Some(start) if error.at >= self.source.len() => ParseErrorKind::UnexpectedEnd {
                unfinished: self.source[start..].to_string(),
            },
            _ => ParseErrorKind::UnexpectedCharacter {
                found: self.source[error.at..].chars().next().unwrap_or('\0'),
            },
        };
        let span = match error.started {
            Some(start) if error.at >= self.source.len() => Span::new(start, error.at),
            _ => Span::new(error.at, error.at + 1),
        };
        ParseError::new(kind, span, self.source)
    }

    fn peek(&mut self, n: usize) -> Result<Token> {
        while self.lookahead.len() <= n {
            let token = self.lexer.next_token().map_err(|e| self.lex_error(e))?;
            self.lookahead.push_back(token);
        }
        Ok(self.lookahead[n])
    }

    fn peek_kind(&mut self, n: usize) -> Result<K> {
        Ok(self.peek(n)?.kind)
    }

    fn bump(&mut self) -> Result<Token> {
        self.peek(0)?;
        // `peek(0)` has just filled the buffer.
        let token = self.lookahead.pop_front().unwrap_or(self.last);
        self.last = token;
        Ok(token)
    }

    fn eat(&mut self, kind: K) -> Result<Option<Token>> {
        if self.peek_kind(0)? == kind {
            Ok(Some(self.bump()?))
        } else {
            Ok(None)
        }
    }

    fn expect(&mut self, kind: K, expected: &str) -> Result<Token> {
        let token = self.peek(0)?;
        if token.kind == kind {
            self.bump()
        } else {
            Err(self.unexpected(token, expected))
        }
    }

    fn skip_whitespace(&mut self) -> Result<()> {
        self.eat(K::Whitespace)?;
        Ok(())
    }

    fn text(&self, span: Span) -> &'s str {
        span.slice(self.source)
    }

    fn describe_found(&self, token: Token) -> String {
        if token.kind == K::Eof {
            return "end of template".to_string();
        }
        let text = self
            .text(token.span)
            .trim_end_matches(['\n', '\r', ' ', '\t']);
        let shown: String = text.chars().take(24).collect();
        let shown = shown.replace('\n', "\\n").replace('\r', "\\r");
        if text.chars().count() > 24 {
            format!("`{shown}...`")
        } else if shown.is_empty() {
            token.kind.describe().to_string()
        } else {
            format!("`{shown}`")
        }
    }

    /// Where an error "at the end of the template" points: after the last character that is not a
    /// line break, so that the position and the excerpt show the last line of text.
    fn end_of_template(&self) -> Span {
        Span::at(self.source.trim_end_matches(['\n', '\r']).len())
    }

    fn unexpected(&self, token: Token, expected: &str) -> ParseError {
        let span = if token.kind == K::Eof {
            self.end_of_template()
        } else {
            token.span
        };
        ParseError::new(
            ParseErrorKind::Unexpected {
                found: self.describe_found(token),
                expected: expected.to_string(),
            },
            span,
            self.source,
        )
    }

    fn invalid_directive(&self, span: Span, message: String) -> ParseError {
        ParseError::new(
            ParseErrorKind::InvalidDirective { message },
            span,
            self.source,
        )
    }

    fn enter(&mut self, at: Span) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError::new(
                ParseErrorKind::TooDeep { limit: MAX_DEPTH },
                at,
                self.source,
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    // ----- statements -----------------------------------------------------------------------

    /// `( Statement() )*`
    fn statements(&mut self, out: &mut Block) -> Result<()> {
        while starts_statement(self.peek_kind(0)?) {
            self.statement(out)?;
        }
        Ok(())
    }

    /// `Statement()`: picks the production by the first token (and, for references, the second).
    fn statement(&mut self, out: &mut Block) -> Result<()> {
        let token = self.peek(0)?;
        match token.kind {
            K::IfDirective => {
                let node = self.if_statement()?;
                out.push(Node::If(Box::new(node)));
            }
            K::Identifier => {
                // LOOKAHEAD(2) Reference(): an identifier always starts one; the generated parser
                // still reads the second token here, and so do we.
                self.peek(1)?;
                let reference = self.reference()?;
                out.push(Node::Reference(reference));
            }
            K::Lcurly if self.peek_kind(1)? == K::Identifier => {
                let reference = self.reference()?;
                out.push(Node::Reference(reference));
            }
            K::SingleLineCommentStart | K::MultiLineComment | K::FormalComment => {
                let comment = self.comment()?;
                out.push(Node::Comment(comment));
            }
            K::Textblock => {
                let token = self.bump()?;
                out.push(Node::Textblock(token.span));
            }
            K::SetDirective => {
                let node = self.set_directive()?;
                out.push(Node::Set(Box::new(node)));
            }
            K::EscapeDirective => {
                let token = self.bump()?;
                out.push(Node::EscapedDirective(self.escaped_directive(token)));
            }
            K::DoubleEscape => {
                let node = self.escape()?;
                out.push(Node::Escape(node));
            }
            K::Word | K::BracketedWord => {
                let node = self.directive()?;
                out.push(Node::Directive(Box::new(node)));
            }
            _ => {
                // Text(): any of the tokens that print as they are. Only text prints the special
                // tokens set aside before it (`ASTText` uses `NodeUtils.tokenLiteral`); every other
                // node renders without them, so they are dropped there.
                let token = self.bump()?;
                if let Some(special) = token.special {
                    out.push(Node::SpecialText(special));
                }
                out.push(Node::Text(token.span));
            }
        }
        Ok(())
    }

    /// `Comment()`
    fn comment(&mut self) -> Result<Comment> {
        let token = self.bump()?;
        match token.kind {
            K::SingleLineCommentStart => {
                let image = self.text(token.span);
                // The image is any `$`/`#`/`\` text that ran into the comment, then `##`.
                let prefix_len = image.len().saturating_sub(2);
                let printed_prefix = Span::new(
                    token.span.start as usize,
                    token.span.start as usize + prefix_len,
                );
                let end = match self.eat(K::SingleLineComment)? {
                    Some(newline) => newline.span,
                    None => token.span,
                };
                Ok(Comment {
                    span: token.span.to(end),
                    kind: CommentKind::Line,
                    printed_prefix,
                })
            }
            kind => Ok(Comment {
                span: token.span,
                kind: if kind == K::FormalComment {
                    CommentKind::Formal
                } else {
                    CommentKind::Block
                },
                printed_prefix: Span::at(token.span.start as usize),
            }),
        }
    }

    fn is_directive_name(&self, name: &str) -> bool {
        DirectiveKind::from_name(name).is_known() || self.macro_names.contains(&name)
    }

    /// `EscapedDirective()`: `\#name` with any number of `\\` pairs before it.
    fn escaped_directive(&self, token: Token) -> EscapedDirective {
        let image = self.text(token.span);
        let hash = image.rfind('#').unwrap_or(0);
        let name = image[hash + 1..]
            .trim_start_matches('{')
            .trim_end_matches('}');
        let recognized = self.is_directive_name(name)
            || matches!(name, "if" | "end" | "set" | "else" | "elseif");
        EscapedDirective {
            span: token.span,
            recognized,
        }
    }

    /// `Escape()`: `\\` pairs not followed by `$` or an escaped `#name`.
    fn escape(&mut self) -> Result<Escape> {
        let first = self.bump()?;
        let mut pairs = 1;
        while self.peek_kind(0)? == K::DoubleEscape {
            self.bump()?;
            pairs += 1;
        }
        let next = self.peek(0)?;
        let next_name = self.text(next.span).get(1..).unwrap_or("");
        let before_directive = matches!(
            next.kind,
            K::IfDirective | K::ElseDirective | K::ElseifDirective | K::End
        ) || self.is_directive_name(next_name);
        Ok(Escape {
            span: first.span.to(self.last.span),
            pairs,
            before_directive,
        })
    }

    // ----- references -----------------------------------------------------------------------

    /// `Reference()`: `$name` or `${name}` with indexes, properties and method calls.
    fn reference(&mut self) -> Result<Reference> {
        let first = self.bump()?;
        self.enter(first.span)?;
        let (head, name, braced) = if first.kind == K::Lcurly {
            let name = self.expect(K::Identifier, "a name after `${`")?;
            (first.span, name.span, true)
        } else {
            // The identifier's image carries whatever MORE text led to it: `\\$!name`, `#$name`.
            let image = self.text(first.span);
            let name_start = image.rfind(['$', '!', '\\', '#']).map_or(0, |i| i + 1);
            let split = first.span.start as usize + name_start;
            (
                Span::new(first.span.start as usize, split),
                Span::new(split, first.span.end as usize),
                false,
            )
        };
        let head_text = self.text(head);
        let quiet = head_text.contains('!');
        let escapes = head_text.chars().take_while(|&c| c == '\\').count() as u32;
        let mut segments = Vec::new();
        self.indexes(&mut segments)?;
        // ( LOOKAHEAD(2) <DOT> ( LOOKAHEAD(3) Method() | Identifier() ) (Index())* )*
        while self.peek_kind(0)? == K::Dot && self.peek_kind(1)? == K::Identifier {
            self.bump()?;
            if self.peek_kind(1)? == K::Lparen && self.method_follows()? {
                segments.push(self.method()?);
            } else {
                let name = self.bump()?;
                segments.push(Segment::Property { name: name.span });
            }
            self.indexes(&mut segments)?;
        }
        if braced {
            self.expect(K::Rcurly, "`}` to close `${`")?;
        }
        self.leave();
        Ok(Reference {
            span: first.span.to(self.last.span),
            head,
            name,
            braced,
            quiet,
            escapes,
            segments,
        })
    }

    /// The third token of `LOOKAHEAD(3) Method()`: something a parameter list can start with.
    fn method_follows(&mut self) -> Result<bool> {
        let third = self.peek_kind(2)?;
        Ok(third == K::Whitespace || third == K::Refmod2Rparen || starts_parameter_value(third))
    }

    /// `(Index())*`
    fn indexes(&mut self, segments: &mut Vec<Segment>) -> Result<()> {
        while self.peek_kind(0)? == K::IndexLbracket {
            let open = self.bump()?;
            self.skip_whitespace()?;
            let token = self.peek(0)?;
            let index = match token.kind {
                K::StringLiteral => self.string_literal()?,
                K::IntegerLiteral => Expr::Integer(self.bump()?.span),
                K::True => Expr::True(self.bump()?.span),
                K::False => Expr::False(self.bump()?.span),
                K::Identifier | K::Lcurly => Expr::Reference(Box::new(self.reference()?)),
                _ => {
                    return Err(self.unexpected(
                        token,
                        "an index: a string, an integer, `true`, `false` or a reference",
                    ));
                }
            };
            self.skip_whitespace()?;
            let close = self.expect(K::IndexRbracket, "`]` to close the index")?;
            segments.push(Segment::Index {
                index: Box::new(index),
                span: open.span.to(close.span),
            });
        }
        Ok(())
    }

    /// `Method()`: `name(` parameters `)`.
    fn method(&mut self) -> Result<Segment> {
        let name = self.bump()?;
        self.bump()?; // `(`: checked by the caller's lookahead.
        let arguments = self.parameter_list()?;
        let close = self.expect(K::Refmod2Rparen, "`,` or `)` in the method's arguments")?;
        Ok(Segment::Method {
            name: name.span,
            arguments,
            span: name.span.to(close.span),
        })
    }

    /// `[ Parameter() ( <COMMA> Parameter() )* ]`: method arguments and list items.
    fn parameter_list(&mut self) -> Result<Vec<Expr>> {
        let mut items = Vec::new();
        let next = self.peek_kind(0)?;
        if next == K::Whitespace || starts_parameter_value(next) {
            items.push(self.parameter()?);
            while self.eat(K::Comma)?.is_some() {
                items.push(self.parameter()?);
            }
        }
        Ok(items)
    }

    /// `Parameter()`: a method argument, list item or map entry.
    fn parameter(&mut self) -> Result<Expr> {
        self.skip_whitespace()?;
        let token = self.peek(0)?;
        let Some(value) = self.value(token)? else {
            return Err(self.unexpected(token, "a value"));
        };
        self.skip_whitespace()?;
        Ok(value)
    }

    /// The alternatives `Parameter()`, `DirectiveArg()` and `PrimaryExpression()` share: a string,
    /// a number, `true`/`false`, a reference, a range, a list or a map. `None` if `token` starts none
    /// of them. (The grammar orders them differently in each production; their first tokens are
    /// disjoint, and the range/list ambiguity is settled by the same lookahead everywhere.)
    fn value(&mut self, token: Token) -> Result<Option<Expr>> {
        Ok(Some(match token.kind {
            K::StringLiteral => self.string_literal()?,
            K::IntegerLiteral => Expr::Integer(self.bump()?.span),
            K::Lbracket if self.range_follows()? => self.integer_range()?,
            K::LeftCurley => self.map()?,
            K::Lbracket => self.list()?,
            K::True => Expr::True(self.bump()?.span),
            K::False => Expr::False(self.bump()?.span),
            K::Identifier | K::Lcurly => Expr::Reference(Box::new(self.reference()?)),
            K::FloatingPointLiteral => Expr::Float(self.bump()?.span),
            _ => return Ok(None),
        }))
    }

    // ----- literals -------------------------------------------------------------------------

    /// The syntactic lookahead before `IntegerRange()`:
    /// `<LBRACKET> [<WHITESPACE>] (Reference() | IntegerLiteral()) [<WHITESPACE>] <DOUBLEDOT>`.
    /// Tokens read while looking ahead stay read, as in the generated parser.
    fn range_follows(&mut self) -> Result<bool> {
        let mut at = 1;
        if self.peek_kind(at)? == K::Whitespace {
            at += 1;
        }
        match self.peek_kind(at)? {
            K::IntegerLiteral => at += 1,
            K::Identifier | K::Lcurly => match self.scan_reference(at)? {
                Some(after) => at = after,
                None => return Ok(false),
            },
            _ => return Ok(false),
        }
        if self.peek_kind(at)? == K::Whitespace {
            at += 1;
        }
        Ok(self.peek_kind(at)? == K::DoubleDot)
    }

    /// Scans a `Reference()` starting at lookahead position `at` without consuming it; returns the
    /// position after it, or `None` if the tokens there do not form one.
    fn scan_reference(&mut self, mut at: usize) -> Result<Option<usize>> {
        let braced = self.peek_kind(at)? == K::Lcurly;
        if braced {
            at += 1;
            if self.peek_kind(at)? != K::Identifier {
                return Ok(None);
            }
        }
        at += 1;
        loop {
            match self.peek_kind(at)? {
                K::IndexLbracket => match self.scan_index(at)? {
                    Some(after) => at = after,
                    None => return Ok(None),
                },
                K::Dot if self.peek_kind(at + 1)? == K::Identifier => {
                    at += 2;
                    if self.peek_kind(at)? == K::Lparen
                        && let Some(after) = self.scan_method_arguments(at)?
                    {
                        at = after;
                    }
                }
                _ => break,
            }
        }
        if braced {
            if self.peek_kind(at)? != K::Rcurly {
                return Ok(None);
            }
            at += 1;
        }
        Ok(Some(at))
    }

    fn scan_index(&mut self, mut at: usize) -> Result<Option<usize>> {
        at += 1;
        if self.peek_kind(at)? == K::Whitespace {
            at += 1;
        }
        match self.peek_kind(at)? {
            K::StringLiteral | K::IntegerLiteral | K::True | K::False => at += 1,
            K::Identifier | K::Lcurly => match self.scan_reference(at)? {
                Some(after) => at = after,
                None => return Ok(None),
            },
            _ => return Ok(None),
        }
        if self.peek_kind(at)? == K::Whitespace {
            at += 1;
        }
        if self.peek_kind(at)? != K::IndexRbracket {
            return Ok(None);
        }
        Ok(Some(at + 1))
    }

    /// Scans `( parameters )` of a method by balancing brackets: used only inside the range
    /// lookahead, where a failed scan makes the lookahead fail and the real parse reports the error.
    fn scan_method_arguments(&mut self, mut at: usize) -> Result<Option<usize>> {
        at += 1;
        let mut depth = 0usize;
        loop {
            match self.peek_kind(at)? {
                K::Eof => return Ok(None),
                K::Refmod2Rparen if depth == 0 => return Ok(Some(at + 1)),
                K::Lbracket | K::LeftCurley => depth += 1,
                K::Rbracket | K::RightCurley | K::Rcurly => depth = depth.saturating_sub(1),
                _ => {}
            }
            at += 1;
            if at > 4096 {
                return Ok(None);
            }
        }
    }

    /// `IntegerRange()`: `[from..to]`.
    fn integer_range(&mut self) -> Result<Expr> {
        let open = self.bump()?;
        self.skip_whitespace()?;
        let from = self.range_bound()?;
        self.skip_whitespace()?;
        self.expect(K::DoubleDot, "`..` in the range")?;
        self.skip_whitespace()?;
        let to = self.range_bound()?;
        self.skip_whitespace()?;
        let close = self.expect(K::Rbracket, "`]` to close the range")?;
        Ok(Expr::Range {
            from: Box::new(from),
            to: Box::new(to),
            span: open.span.to(close.span),
        })
    }

    fn range_bound(&mut self) -> Result<Expr> {
        let token = self.peek(0)?;
        match token.kind {
            K::IntegerLiteral => Ok(Expr::Integer(self.bump()?.span)),
            K::Identifier | K::Lcurly => Ok(Expr::Reference(Box::new(self.reference()?))),
            _ => Err(self.unexpected(token, "an integer or a reference as a range bound")),
        }
    }

    /// `ObjectArray()`: `[a, b]`.
    fn list(&mut self) -> Result<Expr> {
        let open = self.bump()?;
        self.enter(open.span)?;
        let items = self.parameter_list()?;
        let close = self.expect(K::Rbracket, "`,` or `]` in the list")?;
        self.leave();
        Ok(Expr::List {
            items,
            span: open.span.to(close.span),
        })
    }

    /// The `LOOKAHEAD(2) Parameter() <COLON>` before a map's first entry: do the next two tokens
    /// begin a parameter followed by `:`?
    fn map_entry_follows(&mut self) -> Result<bool> {
        let first = self.peek_kind(0)?;
        let second = self.peek_kind(1)?;
        Ok(match first {
            K::Whitespace => starts_parameter_value(second),
            K::StringLiteral | K::IntegerLiteral | K::True | K::False | K::FloatingPointLiteral => {
                matches!(second, K::Whitespace | K::Colon)
            }
            K::Identifier => matches!(second, K::IndexLbracket | K::Dot | K::Whitespace | K::Colon),
            K::Lcurly => second == K::Identifier,
            K::Lbracket => {
                second == K::Whitespace || second == K::Rbracket || starts_parameter_value(second)
            }
            K::LeftCurley => {
                matches!(second, K::Whitespace | K::RightCurley | K::Rcurly)
                    || starts_parameter_value(second)
            }
            _ => false,
        })
    }

    /// `Map()`: `{key: value, ...}`.
    fn map(&mut self) -> Result<Expr> {
        let open = self.bump()?;
        self.enter(open.span)?;
        let mut entries = Vec::new();
        if self.map_entry_follows()? {
            loop {
                let key = self.parameter()?;
                self.expect(K::Colon, "`:` after the map key")?;
                let value = self.parameter()?;
                entries.push((key, value));
                if self.eat(K::Comma)?.is_none() {
                    break;
                }
            }
        } else {
            self.skip_whitespace()?;
        }
        let token = self.peek(0)?;
        let close = match token.kind {
            K::RightCurley | K::Rcurly => self.bump()?,
            _ => return Err(self.unexpected(token, "`,` or `}` in the map")),
        };
        self.leave();
        Ok(Expr::Map {
            entries,
            span: open.span.to(close.span),
        })
    }

    /// `StringLiteral()`, with what Velocity does to it when it initialises the template: resolve
    /// `\uXXXX` and doubled quotes, and parse an interpolated string's content as a template.
    fn string_literal(&mut self) -> Result<Expr> {
        let token = self.bump()?;
        let image = self.text(token.span);
        let double = image.starts_with('"');
        let inner = &image[1..image.len() - 1];
        let mut value = std::borrow::Cow::Borrowed(inner);
        if double {
            value = match unescape_unicode(inner) {
                Some(unescaped) => unescaped,
                None => {
                    return Err(ParseError::new(
                        ParseErrorKind::InvalidUnicodeEscape,
                        token.span,
                        self.source,
                    ));
                }
            };
        }
        let quote = if double { '"' } else { '\'' };
        let doubled = if double { "\"\"" } else { "''" };
        if value.contains(doubled) {
            value = std::borrow::Cow::Owned(collapse_doubled_quotes(&value, quote));
        }
        let interpolate = double && (image.contains('$') || image.contains('#'));
        if !interpolate {
            let unescaped = match value {
                std::borrow::Cow::Borrowed(_) => None,
                std::borrow::Cow::Owned(owned) => Some(owned.into_boxed_str()),
            };
            return Ok(Expr::String(StringLiteral {
                span: token.span,
                unescaped,
            }));
        }
        // Velocity's "MORE kludge": a space is appended so that a `$` or `#` at the very end does not
        // end the input inside a token; not when the content holds `##`.
        let padded = !value.contains("##");
        let mut content = value.into_owned();
        if padded {
            content.push(' ');
        }
        self.enter(token.span)?;
        let depth = self.depth;
        let nodes = {
            let mut inner_parser = Parser::new(&content);
            inner_parser.depth = depth;
            inner_parser.parse_template()
        };
        self.leave();
        match nodes {
            Ok(nodes) => Ok(Expr::Interpolated(Box::new(InterpolatedString {
                span: token.span,
                source: content.into_boxed_str(),
                padded,
                nodes,
            }))),
            Err(inner) => {
                // Depth errors keep their own kind; anything else is reported at the string.
                if let ParseErrorKind::TooDeep { .. } = inner.kind() {
                    return Err(ParseError::new(
                        inner.kind().clone(),
                        token.span,
                        self.source,
                    ));
                }
                Err(ParseError::new(
                    ParseErrorKind::InvalidStringContent {
                        inner: Box::new(inner),
                    },
                    token.span,
                    self.source,
                ))
            }
        }
    }

    // ----- directives -----------------------------------------------------------------------

    /// `SetDirective()`: `#set(` reference `=` expression `)`.
    fn set_directive(&mut self) -> Result<SetDirective> {
        let open = self.bump()?;
        self.enter(open.span)?;
        self.skip_whitespace()?;
        let token = self.peek(0)?;
        if !matches!(token.kind, K::Identifier | K::Lcurly) {
            return Err(self.unexpected(token, "a reference to assign to"));
        }
        let target = self.reference()?;
        self.skip_whitespace()?;
        self.expect(K::Equals, "`=` after the reference in `#set`")?;
        let value = self.expression()?;
        let close = self.expect(K::Rparen, "`)` to close `#set`")?;
        self.lexer.end_set();
        // [<NEWLINE>]: the lexer has already left the DIRECTIVE state, so this never matches; the
        // generated parser still reads the next token here.
        self.eat(K::Newline)?;
        self.leave();
        Ok(SetDirective {
            span: open.span.to(close.span),
            target,
            value,
        })
    }

    /// `IfStatement()` with its `ElseIfStatement()`s and `ElseStatement()`.
    fn if_statement(&mut self) -> Result<IfDirective> {
        let open = self.bump()?;
        self.enter(open.span)?;
        let mut branches = vec![self.branch(open, "#if")?];
        while self.peek_kind(0)? == K::ElseifDirective {
            let keyword = self.bump()?;
            branches.push(self.branch(keyword, "#elseif")?);
        }
        let otherwise = match self.eat(K::ElseDirective)? {
            Some(keyword) => {
                let mut body = Vec::new();
                self.statements(&mut body)?;
                Some(ElseBranch {
                    span: keyword.span,
                    body,
                })
            }
            None => None,
        };
        let end = self.close_block(open.span, "#if", otherwise.is_some())?;
        self.leave();
        Ok(IfDirective {
            span: open.span.to(end),
            branches,
            otherwise,
            end,
        })
    }

    /// `[<WHITESPACE>] <LPAREN> Expression() <RPAREN>` and the block after an `#if` or `#elseif`.
    fn branch(&mut self, keyword: Token, name: &str) -> Result<Branch> {
        self.skip_whitespace()?;
        self.expect(K::Lparen, &format!("`(` after `{name}`"))?;
        let condition = self.expression()?;
        let close = self.expect(K::Rparen, &format!("`)` to close the `{name}` condition"))?;
        let mut body = Vec::new();
        self.statements(&mut body)?;
        Ok(Branch {
            span: keyword.span.to(close.span),
            condition,
            body,
        })
    }

    /// The `<END>` of a block, with a message that names the block when it is missing.
    fn close_block(&mut self, opened: Span, directive: &str, after_else: bool) -> Result<Span> {
        let token = self.peek(0)?;
        match token.kind {
            K::End => Ok(self.bump()?.span),
            K::Eof => Err(ParseError::new(
                ParseErrorKind::Unclosed {
                    directive: directive.to_string(),
                },
                self.end_of_template(),
                self.source,
            )
            .with_opened(opened, self.source)),
            K::ElseDirective | K::ElseifDirective if after_else => Err(self
                .unexpected(
                    token,
                    "`#end`: nothing may follow the `#else` branch but `#end`",
                )
                .with_opened(opened, self.source)),
            _ if directive == "#if" => Err(self
                .unexpected(token, "`#elseif`, `#else` or `#end`")
                .with_opened(opened, self.source)),
            _ => Err(self
                .unexpected(token, &format!("`#end` to close `{directive}`"))
                .with_opened(opened, self.source)),
        }
    }

    /// `Directive()`: `#name`, `#name(arguments)`, and a body up to `#end` for block directives.
    fn directive(&mut self) -> Result<Directive> {
        let token = self.bump()?;
        // Velocity takes the name as `image.substring(1)` (`substring(2, length - 1)` for `#{name}`),
        // so text that ran into the token (the `$` of `$#foreach`) shifts it: `#foreach` is then an
        // unknown directive named "#foreach".
        let bracketed = token.kind == K::BracketedWord;
        let start = token.span.start as usize;
        let end = token.span.end as usize;
        let name_span = if bracketed {
            Span::new((start + 2).min(end), end.saturating_sub(1).max(start))
        } else {
            Span::new((start + 1).min(end), end)
        };
        let name = self.text(name_span);
        let kind = DirectiveKind::from_name(name);
        let is_macro = kind == DirectiveKind::Macro;
        let written = format!("#{name}");
        self.lexer.enter_directive();

        if !self.lexer.next_is_left_parenthesis() {
            if is_macro {
                return Err(self.invalid_directive(
                    token.span,
                    "`#macro` needs parentheses with at least the macro's name".to_string(),
                ));
            }
            // Not a directive call: Velocity pops back to where it was and keeps the `#name`.
            self.lexer.leave_directive();
            self.check_directive_init(kind, &written, token.span, None, None)?;
            return Ok(Directive {
                span: token.span,
                kind,
                name: name_span,
                arguments: None,
                body: None,
                end: None,
            });
        }

        self.enter(token.span)?;
        self.skip_whitespace()?;
        self.expect(K::Lparen, &format!("`(` after `{written}`"))?;
        let mut arguments = Vec::new();
        while self.directive_arg_follows()? {
            self.skip_whitespace()?;
            if self.eat(K::Comma)?.is_some() {
                self.skip_whitespace()?;
            }
            let position = arguments.len();
            let argument = self.directive_arg()?;
            let is_word = matches!(argument, Expr::Word(_));
            if is_word {
                let allowed = (is_macro && position == 0)
                    || !kind.is_known()
                    || (kind == DirectiveKind::Foreach && position == 1);
                if !allowed {
                    return Err(self.invalid_directive(
                        argument.span(),
                        format!(
                            "`{written}` does not take a bare word as argument {}: write a reference, a string or a number",
                            position + 1
                        ),
                    ));
                }
            } else if is_macro && position == 0 {
                return Err(self.invalid_directive(
                    argument.span(),
                    "the first argument of `#macro` must be the macro's name, a bare word without quotes"
                        .to_string(),
                ));
            }
            arguments.push(argument);
        }
        self.skip_whitespace()?;
        let close = self.expect(K::Rparen, &format!("an argument or `)` in `{written}`"))?;

        if !kind.takes_block() {
            self.check_directive_init(kind, &written, token.span, Some(&arguments), None)?;
            self.leave();
            return Ok(Directive {
                span: token.span.to(close.span),
                kind,
                name: name_span,
                arguments: Some(arguments),
                body: None,
                end: None,
            });
        }

        let mut body = Vec::new();
        self.statements(&mut body)?;
        let end = self.close_block(token.span, &written, false)?;
        if is_macro {
            if arguments.is_empty() {
                return Err(self.invalid_directive(
                    token.span,
                    "`#macro` needs at least the macro's name as its first argument".to_string(),
                ));
            }
            let macro_name = self.text(arguments[0].span());
            self.macro_names.push(macro_name);
        }
        self.check_directive_init(kind, &written, token.span, Some(&arguments), Some(&body))?;
        self.leave();
        Ok(Directive {
            span: token.span.to(end),
            kind,
            name: name_span,
            arguments: Some(arguments),
            body: Some(body),
            end: Some(end),
        })
    }

    /// The checks Velocity 1.7's directives make in `init()`, before anything renders.
    fn check_directive_init(
        &self,
        kind: DirectiveKind,
        written: &str,
        at: Span,
        arguments: Option<&[Expr]>,
        body: Option<&Block>,
    ) -> Result<()> {
        let has_body = body.is_some();
        let body_is_empty = body.is_some_and(Vec::is_empty);
        let count = arguments.map_or(0, <[Expr]>::len);
        match kind {
            // Define.init: exactly the block name and the body.
            DirectiveKind::Define if count != 1 || !has_body => Err(self.invalid_directive(
                at,
                format!("`{written}` needs exactly one argument, the block's name (`#define($name) ... #end`)"),
            )),
            // Foreach.init and Literal.init read their first child, which a bare `#foreach` lacks.
            DirectiveKind::Foreach | DirectiveKind::Literal if arguments.is_none() => {
                Err(self.invalid_directive(
                    at,
                    format!("`{written}` needs parentheses (`{written}(...) ... #end`)"),
                ))
            }
            // Literal.init calls literal() on its first child; an empty body there has no tokens and
            // Velocity 1.7 fails with a NullPointerException (`#literal()#end`, `#literal()\n#end`).
            DirectiveKind::Literal if count == 0 && has_body && body_is_empty => Err(self.invalid_directive(
                at,
                format!("`{written}()` with an empty body fails in Velocity 1.7: give it a body or an argument"),
            )),
            DirectiveKind::Break | DirectiveKind::Stop if count > 1 => Err(self.invalid_directive(
                at,
                format!("`{written}` takes at most one argument"),
            )),
            _ => Ok(()),
        }
    }

    /// `LOOKAHEAD(2) [<WHITESPACE>] [<COMMA> [<WHITESPACE>]] DirectiveArg()`, read as the first two
    /// tokens the generated parser checks.
    fn directive_arg_follows(&mut self) -> Result<bool> {
        let first = self.peek_kind(0)?;
        let second = self.peek_kind(1)?;
        Ok(match first {
            K::Whitespace | K::Comma => {
                second == K::Comma
                    || starts_directive_arg(second)
                    || (first == K::Comma && second == K::Whitespace)
            }
            K::Lcurly => second == K::Identifier,
            K::Lbracket => {
                second == K::Whitespace || second == K::Rbracket || starts_parameter_value(second)
            }
            K::LeftCurley => {
                matches!(second, K::Whitespace | K::RightCurley | K::Rcurly)
                    || starts_parameter_value(second)
            }
            other => starts_directive_arg(other),
        })
    }

    /// `DirectiveArg()`
    fn directive_arg(&mut self) -> Result<Expr> {
        let token = self.peek(0)?;
        if token.kind == K::Word {
            return Ok(Expr::Word(self.bump()?.span));
        }
        match self.value(token)? {
            Some(value) => Ok(value),
            None => Err(self.unexpected(token, "a directive argument")),
        }
    }

    // ----- expressions ----------------------------------------------------------------------

    /// `Expression()`: `ConditionalOrExpression()` down to `MultiplicativeExpression()`, every level
    /// left-associative.
    fn expression(&mut self) -> Result<Expr> {
        let start = self.peek(0)?.span;
        self.enter(start)?;
        let expression = self.binary_level(0)?;
        self.leave();
        Ok(expression)
    }

    /// One precedence level of `BINARY_LEVELS`: operands of the next level joined by this level's
    /// operators; past the last level, `UnaryExpression()`.
    fn binary_level(&mut self, level: usize) -> Result<Expr> {
        let Some(operators) = BINARY_LEVELS.get(level) else {
            return self.unary_expression();
        };
        let mut left = self.binary_level(level + 1)?;
        loop {
            let next = self.peek_kind(0)?;
            let Some(&(_, op)) = operators.iter().find(|(kind, _)| *kind == next) else {
                return Ok(left);
            };
            self.bump()?;
            let literal_start = self.peek(0)?.span.start as usize;
            let right = self.binary_level(level + 1)?;
            let literal = Span::new(literal_start, self.last.span.end as usize);
            left = binary(op, left, right, literal);
        }
    }

    /// `UnaryExpression()`: `LOOKAHEAD(2) [<WHITESPACE>] <LOGICAL_NOT> UnaryExpression()` or a
    /// primary. Velocity 1.7 has no unary minus.
    fn unary_expression(&mut self) -> Result<Expr> {
        let first = self.peek_kind(0)?;
        let not_follows = first == K::LogicalNot
            || (first == K::Whitespace && self.peek_kind(1)? == K::LogicalNot);
        if !not_follows {
            return self.primary_expression();
        }
        self.skip_whitespace()?;
        let operator = self.bump()?;
        self.enter(operator.span)?;
        let operand = self.unary_expression()?;
        self.leave();
        let span = operator.span.to(operand.span());
        Ok(Expr::Not {
            operand: Box::new(operand),
            span,
        })
    }

    /// `PrimaryExpression()`
    fn primary_expression(&mut self) -> Result<Expr> {
        self.skip_whitespace()?;
        let token = self.peek(0)?;
        let value = if token.kind == K::Lparen {
            let open = self.bump()?;
            let inner = self.expression()?;
            let close = self.expect(K::Rparen, "`)` to close the parenthesis")?;
            Expr::Group {
                inner: Box::new(inner),
                span: open.span.to(close.span),
            }
        } else {
            match self.value(token)? {
                Some(value) => value,
                None => {
                    return Err(self.unexpected(
                        token,
                        "an operand: a reference, a literal, a list, a map or `(`",
                    ));
                }
            }
        };
        self.skip_whitespace()?;
        Ok(value)
    }
}

/// Velocity 1.7's binary operators by precedence, loosest first (`Parser.jjt`: ConditionalOr,
/// ConditionalAnd, Equality, Relational, Additive, Multiplicative). The word forms (`or`, `eq`...) are
/// the same tokens.
const BINARY_LEVELS: [&[(K, BinaryOp)]; 6] = [
    &[(K::LogicalOr, BinaryOp::Or)],
    &[(K::LogicalAnd, BinaryOp::And)],
    &[
        (K::LogicalEquals, BinaryOp::Eq),
        (K::LogicalNotEquals, BinaryOp::Ne),
    ],
    &[
        (K::LogicalLt, BinaryOp::Lt),
        (K::LogicalGt, BinaryOp::Gt),
        (K::LogicalLe, BinaryOp::Le),
        (K::LogicalGe, BinaryOp::Ge),
    ],
    &[(K::Plus, BinaryOp::Add), (K::Minus, BinaryOp::Sub)],
    &[
        (K::Multiply, BinaryOp::Mul),
        (K::Divide, BinaryOp::Div),
        (K::Modulus, BinaryOp::Mod),
    ],
];

fn binary(op: BinaryOp, left: Expr, right: Expr, literal: Span) -> Expr {
    let span = left.span().to(right.span());
    Expr::Binary {
        op,
        left: Box::new(left),
        right: Box::new(right),
        span,
        literal,
    }
}

/// Velocity's `ASTStringLiteral.unescape`: every `\u` is followed by four characters read as a
/// hexadecimal number (Java's `Integer.parseInt(s, 16)`, so a sign is allowed). `None` where that
/// fails (Velocity throws while initialising the template).
fn unescape_unicode(text: &str) -> Option<std::borrow::Cow<'_, str>> {
    if !text.contains("\\u") {
        return Some(std::borrow::Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\\u") {
        out.push_str(&rest[..at]);
        out.push(unicode_escape(&rest[at..])?);
        rest = &rest[at + 6..];
    }
    out.push_str(rest);
    Some(std::borrow::Cow::Owned(out))
}

/// The character a `\uXXXX` escape at the start of `text` stands for; `None` if the four
/// characters after `\u` are not a hexadecimal number. The escape is always six bytes long.
fn unicode_escape(text: &str) -> Option<char> {
    let digits = text.get(2..6)?;
    let code = i32::from_str_radix(digits, 16).ok()?;
    // Java casts to a UTF-16 unit; a lone surrogate cannot live in a Rust string.
    Some(char::from_u32((code as u16).into()).unwrap_or('\u{FFFD}'))
}

/// Where byte `offset` of an interpolated string's content (what `string_literal` builds from the
/// text between the quotes, `inner`: `\uXXXX` decoded, then doubled `"` collapsed, then perhaps a
/// space appended) was written in `inner`. Offsets past the written text (the appended space) map
/// to the end of `inner`.
///
/// Replays the two rewritings character by character instead of keeping a map in the tree: it
/// runs only when an error inside the string is reported.
pub(super) fn inner_offset(inner: &str, offset: usize) -> usize {
    // The characters after `\uXXXX` decoding, each with the offset of its text in `inner`.
    let mut decoded = Vec::with_capacity(inner.len());
    let mut at = 0;
    while let Some(rest) = inner.get(at..) {
        let Some(c) = rest.chars().next() else {
            break;
        };
        let escape = rest
            .starts_with("\\u")
            .then(|| unicode_escape(rest))
            .flatten();
        match escape {
            Some(escaped) => {
                decoded.push((at, escaped));
                at += 6;
            }
            None => {
                decoded.push((at, c));
                at += c.len_utf8();
            }
        }
    }
    // Doubled quotes collapse to the first of the two, as `collapse_doubled_quotes` does.
    let mut content_at = 0;
    let mut chars = decoded.into_iter().peekable();
    while let Some((written_at, c)) = chars.next() {
        if content_at >= offset {
            return written_at;
        }
        content_at += c.len_utf8();
        if c == '"' && chars.peek().is_some_and(|&(_, next)| next == '"') {
            chars.next();
        }
    }
    inner.len()
}

/// Velocity's `replaceQuotes`: a doubled quote of the literal's own kind stands for one.
fn collapse_doubled_quotes(text: &str, quote: char) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == quote && chars.peek() == Some(&quote) {
            chars.next();
        }
    }
    out
}

//! Text → syntax tree, exactly as Apache Velocity 1.7 (API Gateway's engine) reads a template.
//!
//! Owns: the lexer (a model of Velocity's JavaCC token manager), the parser, the tree, spans and
//! parse errors. Knows nothing of values, rendering or API Gateway: later stages walk the
//! [`Template`]'s nodes.
//!
//! "Parses" means what it means on API Gateway: Velocity builds the tree *and* initialises it (which
//! rejects `#define` without a name, a string whose content is not a template, ...) before it renders
//! anything, so both kinds of failure are parse errors here.

mod ast;
mod dump;
mod error;
mod lexer;
mod parser;
mod span;

#[cfg(test)]
mod tests;

pub use ast::*;
// Public only so that the corpus tests in `tests/` can snapshot trees (an integration test sees
// nothing `pub(crate)`); its text form is for those snapshots, not an API, so it is hidden from
// the docs and may change with any release.
#[doc(hidden)]
pub use dump::dump_tree;
pub use error::{ParseError, ParseErrorKind};
pub use span::{Span, offset_of, position_of};

/// Templates larger than this are rejected before lexing. API Gateway's own limit is 300 KB
/// (aws-semantics.md §8.6); this bound only keeps spans within `u32`.
pub const MAX_TEMPLATE_BYTES: usize = 64 * 1024 * 1024;

/// A parsed template: its source and its syntax tree. Parse once, render many times.
///
/// # Examples
/// ```
/// use apigw_vtl::syntax::{Node, Template};
/// let template = Template::parse("Hello $name!")?;
/// assert_eq!(template.nodes().len(), 3);
/// assert!(matches!(template.nodes()[1], Node::Reference(_)));
/// # Ok::<(), apigw_vtl::syntax::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    source: Box<str>,
    nodes: Block,
}

impl Template {
    /// Parses a template.
    ///
    /// # Errors
    /// A [`ParseError`] when Velocity 1.7 would reject the template, with its position.
    pub fn parse(source: &str) -> Result<Template, ParseError> {
        let nodes = parse_nodes(source)?;
        Ok(Template {
            source: source.into(),
            nodes,
        })
    }

    /// Parses a template given as bytes, which must be UTF-8.
    ///
    /// # Errors
    /// [`ParseErrorKind::InvalidUtf8`] at the first invalid byte, or any error of [`Template::parse`].
    ///
    /// # Examples
    /// ```
    /// let error = apigw_vtl::syntax::Template::parse_bytes(b"ok \xff").unwrap_err();
    /// assert_eq!((error.line(), error.column()), (1, 4));
    /// ```
    pub fn parse_bytes(bytes: &[u8]) -> Result<Template, ParseError> {
        match std::str::from_utf8(bytes) {
            Ok(source) => Template::parse(source),
            Err(error) => {
                let valid = error.valid_up_to();
                // The valid prefix is UTF-8 by construction.
                let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
                Err(ParseError::new(
                    ParseErrorKind::InvalidUtf8,
                    Span::new(valid, valid + 1),
                    prefix,
                ))
            }
        }
    }

    /// The template's text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The top-level statements.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }
}

/// Parses a template into its statements. Shorthand for [`Template::parse`] when only the answer
/// "does it parse" or the error matters.
///
/// # Errors
/// A [`ParseError`] when Velocity 1.7 would reject the template.
///
/// # Examples
/// ```
/// assert!(apigw_vtl::syntax::parse("#if($a)x#end").is_ok());
/// assert!(apigw_vtl::syntax::parse("#if($a)x").is_err());
/// # Ok::<(), apigw_vtl::syntax::ParseError>(())
/// ```
pub fn parse(source: &str) -> Result<Template, ParseError> {
    Template::parse(source)
}

fn parse_nodes(source: &str) -> Result<Block, ParseError> {
    if source.len() > MAX_TEMPLATE_BYTES {
        return Err(ParseError::new(
            ParseErrorKind::TooLarge {
                limit: MAX_TEMPLATE_BYTES,
            },
            Span::at(0),
            source,
        ));
    }
    parser::Parser::new(source).parse_template()
}

//! Why a render failed. On API Gateway each of these makes the integration answer 500.

use crate::java::JavaException;
use crate::java::regex::RegexError;
use crate::syntax::Span;

/// A render that cannot complete.
///
/// # Examples
/// ```
/// use apigw_vtl::java::ExceptionClass;
/// use apigw_vtl::render::{RenderError, Variables, render};
/// use apigw_vtl::syntax::Template;
/// let template = Template::parse("#set($l = [1, 2])\n$l.get(5)")?;
/// let error = render(&template, &mut Variables::new()).unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     "IndexOutOfBoundsException: Index 5 out of bounds for length 2"
/// );
/// let RenderError::Thrown { exception, at } = &error else { panic!("{error:?}") };
/// assert_eq!(exception.class(), ExceptionClass::IndexOutOfBoundsException);
/// assert_eq!(at.slice(template.source()), "$l.get(5)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// Java threw: a method (`$list.get(5)`, `$s.substring(9)`, an invalid regex), `$util` or
    /// `$input.path`, a `#foreach` over a list its body changed, a `#break` given something that
    /// is not a scope.
    #[error("{exception}")]
    Thrown {
        /// Java's exception.
        exception: JavaException,
        /// The reference or directive that threw.
        at: Span,
    },
    /// A Java regex that this engine cannot run as Java would (an untranslatable construct such as
    /// `\G`, a pattern too large for the Rust engine, the backtracking limit): Java would not have
    /// failed here, so what it would print is unknown.
    #[error("{error}")]
    Regex {
        /// Why the regex cannot run.
        error: Box<RegexError>,
        /// The reference that called the method.
        at: Span,
    },
    /// A construct that cannot render here (`#include`, `#parse`: there is nothing to load).
    #[error("{construct} cannot be rendered")]
    Unsupported {
        /// What.
        construct: String,
        /// Where.
        at: Span,
    },
    /// The output grew past the limit.
    #[error("the output is larger than {limit} bytes")]
    OutputTooLarge {
        /// The limit.
        limit: usize,
        /// Where it was exceeded.
        at: Span,
    },
    /// Strict mode ([`super::Limits::strict`]): a reference that is undefined or gives nothing,
    /// which API Gateway would print as "".
    #[error("`{reference}` is undefined or gives nothing (strict mode; API Gateway prints \"\")")]
    Undefined {
        /// The reference, up to the step that gave nothing.
        reference: String,
        /// The reference.
        at: Span,
    },
    /// The render took more steps than the limit allows.
    #[error("the template did more than {limit} steps of work")]
    TooMuchWork {
        /// The limit.
        limit: u64,
        /// Where it was exceeded.
        at: Span,
    },
}

impl RenderError {
    /// Where in the template the error arose: always a range of the template's own source, also for
    /// an error inside an interpolated string (`"... $list.get(9) ..."`) or a `#define` body.
    pub fn span(&self) -> Span {
        match self {
            RenderError::Thrown { at, .. }
            | RenderError::Regex { at, .. }
            | RenderError::Unsupported { at, .. }
            | RenderError::OutputTooLarge { at, .. }
            | RenderError::TooMuchWork { at, .. }
            | RenderError::Undefined { at, .. } => *at,
        }
    }

    /// The same error at another place (moved out of an interpolated string's own text).
    pub(crate) fn set_span(&mut self, span: Span) {
        match self {
            RenderError::Thrown { at, .. }
            | RenderError::Regex { at, .. }
            | RenderError::Unsupported { at, .. }
            | RenderError::OutputTooLarge { at, .. }
            | RenderError::TooMuchWork { at, .. }
            | RenderError::Undefined { at, .. } => *at = span,
        }
    }
}

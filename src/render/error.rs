//! Why a render failed. On API Gateway each of these makes the integration answer 500.

use crate::syntax::Span;

/// A render that cannot complete.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// A Java method threw (`$list.get(5)`, `$s.substring(9)`, an invalid regex).
    #[error("{message}")]
    Method {
        /// Java's exception, as `Class: message`.
        message: String,
        /// The reference or directive that called it.
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
    /// Where in the template the error arose.
    pub fn span(&self) -> Span {
        match self {
            RenderError::Method { at, .. }
            | RenderError::Unsupported { at, .. }
            | RenderError::OutputTooLarge { at, .. }
            | RenderError::TooMuchWork { at, .. } => *at,
        }
    }
}

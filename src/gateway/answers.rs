//! The answers API Gateway gives on its own, in one place (aws-semantics.md §7). A later issue makes
//! them customisable (gateway responses); everything that produces one calls [`gateway_answer`].

use super::response::Response;

/// Which of API Gateway's own answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GatewayAnswer {
    /// The generic 500 of configuration and internal errors (API_CONFIGURATION_ERROR and others):
    /// no pattern and no default, no method response for the status, a template that fails,
    /// forbidden mappings, an override set twice.
    InternalServerError,
    /// 415 UNSUPPORTED_MEDIA_TYPE: no request template for the Content-Type under `NEVER` or
    /// `WHEN_NO_TEMPLATES`.
    UnsupportedMediaType,
    /// 403 MISSING_AUTHENTICATION_TOKEN: no resource or method matches the request (recorded,
    /// aws-semantics.md §7).
    MissingAuthenticationToken,
}

/// API Gateway's answer of the given kind. Bodies: the 500's is recorded by length (36 bytes, a
/// space after the colon inferred, aws-semantics.md §7); the others follow the same form, a choice
/// kept here.
pub fn gateway_answer(kind: GatewayAnswer) -> Response {
    let (status, error_type, message) = match kind {
        GatewayAnswer::InternalServerError => {
            (500, "InternalServerErrorException", "Internal server error")
        }
        GatewayAnswer::UnsupportedMediaType => (
            415,
            "UnsupportedMediaTypeException",
            "Unsupported Media Type",
        ),
        GatewayAnswer::MissingAuthenticationToken => (
            403,
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        ),
    };
    Response {
        status,
        headers: vec![
            ("Content-Type".to_string(), "application/json".to_string()),
            ("x-amzn-ErrorType".to_string(), error_type.to_string()),
        ],
        body: super::Body::Text(format!("{{\"message\": \"{message}\"}}")),
        explain: Default::default(),
    }
}

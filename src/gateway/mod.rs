//! One API Gateway method's integration, run both ways without files or argv: the request half
//! (HTTP request → integration request) and the response half (integration outcome → selected
//! integration response → final status, headers and body), as AWS runs them
//! (../shared/reference/aws-semantics.md §0–§7).
//!
//! Owns: the model (integration, integration responses, method responses), what an integration's
//! URI names and the call API Gateway makes to it ([`Backend`], [`IntegrationCall`]), proxy
//! integrations (the Lambda proxy event and response, `HTTP_PROXY`), selection patterns, the order
//! of operations, response parameters and overrides, the answers API Gateway gives on its own, the
//! trace ([`Explain`]), and which resource and method a request reaches ([`Router`]).
//! Templates render through [`crate::apigw`]; nothing here reads a file.
//!
//! # Examples
//! ```
//! use apigw_vtl::gateway::{HttpRequest, Integration, IntegrationResponse, Method, Outcome};
//! let method = Method::new(
//!     Integration::lambda()
//!         .response(IntegrationResponse::new(200))
//!         .response(IntegrationResponse::new(400).pattern(".*Error.*")?
//!             .template("application/json", "{\"errorMessage\": $input.path('$.errorMessage')}")?),
//! ).method_responses([200, 400]);
//! let outcome = Outcome::lambda_error(r#"{"errorMessage": "Error: no", "errorType": "Exception"}"#);
//! let response = method.respond(&outcome, &HttpRequest::default());
//! assert_eq!(response.status, 400);
//! assert_eq!(response.body, "{\"errorMessage\": Error: no}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod answers;
mod backend;
mod encoding;
mod explain;
mod http;
mod mapping;
mod model;
mod proxy;
mod request;
// The linter warns about the mappings the gateway refuses (src/lint/methods.rs).
#[cfg(feature = "lint")]
pub(crate) use request::forbidden_header;
mod response;
mod routing;
mod selection;
#[cfg(feature = "validation")]
mod validation;

pub use answers::{GatewayError, GatewayResponse, GatewayResponses, ResponseType, default_body};
pub use backend::{Backend, IntegrationCall, ServiceOperation, TRACE_ID};
pub use encoding::ContentHandling;
pub use explain::{Explain, TemplateCoverage};
#[cfg(feature = "definitions")]
pub(crate) use http::set_exact;
pub use http::{Body, HttpRequest, Response};
pub use model::{
    ContentTemplates, DEFAULT_TIMEOUT_MILLIS, Integration, IntegrationResponse, IntegrationType,
    Method, ModelError, PassthroughBehavior,
};
pub use request::{IntegrationRequest, RequestResult};
pub use response::{Outcome, OutcomeKind};
pub use routing::{Route, RouteMiss, RoutePathError, Router};
#[cfg(feature = "validation")]
pub use validation::{Model, ParameterPlace, RequestValidation, SchemaError};

//! apigw-vtl reproduces, offline and byte for byte, what AWS API Gateway (REST APIs) does with
//! Velocity mapping templates and integration responses.
//!
//! Two levels, one engine:
//!
//! - **A template**: [`Template::parse`] accepts exactly what API Gateway's engine (Apache
//!   Velocity 1.7) accepts, once; [`apigw::render_template`] renders it as API Gateway would, with
//!   `$input`, `$util`, `$context` and `$stageVariables`, as many times as you like.
//! - **A whole API**: [`Api::load`] reads an OpenAPI 3 / Swagger 2 export or a CloudFormation /
//!   SAM template; [`Api::invoke`] runs one request from routing to the response the client
//!   receives, and [`Api::prepare`] / [`Api::finish`] split that run where the integration is
//!   called, for callers that call a real backend.
//!
//! ```
//! use apigw_vtl::apigw::{TemplateInput, render_template};
//! use apigw_vtl::Template;
//!
//! // Parse once...
//! let template = Template::parse(
//!     "{\"name\": \"$input.path('$.name')\"}#set($context.responseOverride.status = 201)",
//! )?;
//! // ...render many times, on any thread.
//! let request = TemplateInput::new(r#"{"name": "World"}"#);
//! let rendered = render_template(&template, &request)?;
//! assert_eq!(rendered.output, r#"{"name": "World"}"#);
//! assert_eq!(rendered.overrides.status.and_then(|s| s.code()), Some(201));
//! # Ok::<(), apigw_vtl::Error>(())
//! ```
//!
//! The founding example end to end: a Lambda function that fails with a Python `TypeError`, whose
//! default response template turns a payload with `stackTrace` into AWS's 500:
//!
//! ```
//! use apigw_vtl::{Api, HttpRequest, InvokeOptions, Outcome};
//!
//! let api = Api::load("corpus/danielhttp/api.openapi.yaml".as_ref())?;
//! let error = std::fs::read_to_string("corpus/danielhttp/lambda/exception.error.json")?;
//! let invocation = api.invoke(
//!     HttpRequest::new("POST", "/guid?GUID=Exception"),
//!     &InvokeOptions::new(),
//!     &Outcome::lambda_error(&error),
//! );
//! assert_eq!(invocation.response.status, 500);
//! assert_eq!(invocation.response.body.len(), 200); // AWS's byte count
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Everything a caller keeps ([`Template`], [`Api`], [`Invocation`], [`Response`],
//! [`apigw::Rendered`]) is `Send`; templates and APIs are also `Sync`, so one parsed API serves
//! every thread.
//!
//! # Features
//! - `definitions` (default): API definition files ([`Api`], the [`invocation`] door); pulls in a
//!   YAML parser. Implies `validation`.
//! - `validation` (default): request validation against JSON Schema models; pulls in `jsonschema`.
//! - `testing` (default, through `cli`): snapshot tests of templates and definitions
//!   ([`testing`]); pulls in `similar` for diffs.
//! - `lint` (default, through `cli`): the linter ([`lint`]); pulls in `strsim`, `toml` and
//!   `serde-sarif`.
//! - `cli` (default): the `apigw-vtl` binary's code. An embedder that only renders templates
//!   turns default features off.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod apigw;
#[cfg(feature = "definitions")]
pub mod definition;
pub mod diagnostic;
mod error;
pub mod gateway;
#[cfg(feature = "definitions")]
pub mod invocation;
pub mod java;
#[cfg(feature = "lint")]
pub mod lint;
pub mod render;
pub mod syntax;
#[cfg(feature = "testing")]
pub mod testing;
pub mod value;

#[cfg(feature = "serve")]
pub mod serve;

#[cfg(feature = "cli")]
pub mod cli;

pub use error::Error;
pub use gateway::{
    HttpRequest, IntegrationCall, IntegrationRequest, Outcome, OutcomeKind, Response,
};
pub use render::{RenderError, Variables};
pub use syntax::{ParseError, Template};

#[cfg(feature = "definitions")]
pub use definition::{Api, DefinitionError};
#[cfg(feature = "definitions")]
pub use invocation::{Invocation, InvokeOptions, MAX_PAYLOAD_BYTES, Pending, Prepared};

/// The README's Rust examples, run as doctests so that they stay true.
#[cfg(all(doctest, feature = "definitions"))]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;

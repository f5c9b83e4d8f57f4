//! The API running locally (`apigw-vtl serve`, issue 19): a real HTTP listener in front of the
//! library's door, calling real local backends, with a console that shows every decision.
//!
//! Each request goes through [`crate::Api::prepare`]; when the integration is to be called, the
//! local backend that stands in for the deployed one is called ([`Backends`]: a command or a local
//! Lambda Invoke API for Lambda functions, a local base URL for HTTP integrations and AWS
//! services), and its answer goes to [`crate::Api::finish`]; a backend that cannot answer (a
//! timeout, a refused connection) goes to [`crate::Api::fail`] with API Gateway's own answer (one
//! table, `fault.rs`). Nothing here decides what the client gets.
//!
//! Behind the cargo feature `serve` (tokio and hyper), which the CLI enables and embedders do not
//! get by default.
//!
//! # Examples
//! ```no_run
//! use apigw_vtl::serve::{Backends, LambdaBackend, Server};
//! use apigw_vtl::{Api, InvokeOptions};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let api = Api::load("corpus/danielhttp/api.openapi.yaml".as_ref())?;
//! let backends = Backends::new().lambda(LambdaBackend::Command(vec!["examples/serve/danielhttp-function.sh".into()]));
//! let server = Server::new(api, InvokeOptions::new(), backends).console("/_console/");
//! tokio::runtime::Runtime::new()?.block_on(async {
//!     let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//!     server.serve(listener).await
//! })?;
//! # Ok(())
//! # }
//! ```

mod backends;
mod client;
mod console;
mod fault;
mod ids;
mod lambda;
mod server;
mod sigv4;

pub use backends::{Backends, DEFAULT_FUNCTION_TIMEOUT};
pub use console::KEPT as CONSOLE_KEPT;
pub use ids::{IdSource, RequestIds};
pub use lambda::{EndpointKind, LambdaBackend};
pub use server::{MAX_BODY_BYTES, Server};
pub use sigv4::{TEST_ACCESS_KEY, TEST_SECRET_KEY};

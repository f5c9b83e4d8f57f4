//! The listener: HTTP/1.1 connections on tokio and hyper, each request turned into an
//! [`HttpRequest`], run through the library's door ([`Api::prepare`], the backend call,
//! [`Api::finish`] / [`Api::fail`]), and the [`Response`] written back with the headers AWS adds.
//! The console's paths are taken first.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, RwLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use super::backends::Backends;
use super::console::{Console, Served};
use super::ids::{IdSource, RequestIds};
use crate::gateway::{Explain, GatewayError, HttpRequest, Response, ResponseType};
use crate::{Api, InvokeOptions, Prepared};

/// The largest request body API Gateway takes (documented: 10 MB payload, D-Q); a larger one is
/// answered 413 REQUEST_TOO_LARGE.
pub const MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// An API served over HTTP with local backends.
///
/// # Examples
/// ```
/// use apigw_vtl::serve::{Backends, Server};
/// use apigw_vtl::{Api, HttpRequest, InvokeOptions};
/// let api = Api::parse("api.yaml", r#"
/// openapi: "3.0.1"
/// paths:
///   /hello:
///     get:
///       responses: {"200": {description: ok}}
///       x-amazon-apigateway-integration:
///         type: mock
///         requestTemplates: {application/json: '{"statusCode": 200}'}
///         responses:
///           default: {statusCode: "200", responseTemplates: {application/json: '{"hello": "$context.requestId"}'}}
/// "#)?;
/// let server = Server::new(api, InvokeOptions::new(), Backends::new());
/// let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
/// let response = runtime.block_on(server.respond(HttpRequest::new("GET", "/hello"), None));
/// assert_eq!(response.status, 200);
/// // The request id AWS sends back is the template's `$context.requestId`.
/// let id = response.header("x-amzn-RequestId").unwrap();
/// assert_eq!(response.body.text(), Some(format!(r#"{{"hello": "{id}"}}"#).as_str()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Server {
    shared: Arc<Shared>,
}

pub(super) struct Shared {
    api: RwLock<Arc<Api>>,
    options: InvokeOptions,
    backends: Backends,
    ids: IdSource,
    console: Option<Console>,
}

impl Server {
    /// Serves `api` with `options` (stage, stage variables, API keys...) and `backends`. No
    /// console; add one with [`Server::console`].
    pub fn new(api: Api, options: InvokeOptions, backends: Backends) -> Self {
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Server {
            shared: Arc::new(Shared {
                api: RwLock::new(Arc::new(api)),
                options,
                backends,
                ids: IdSource::new(started),
                console: None,
            }),
        }
    }

    /// The same server with the console under `path` (`/_console/`): routes, live traces, a test
    /// form and a template playground. It wins over the API's own routes.
    #[must_use]
    pub fn console(self, path: &str) -> Self {
        let shared = &self.shared;
        Server {
            shared: Arc::new(Shared {
                api: RwLock::new(shared.api()),
                options: shared.options.clone(),
                backends: shared.backends.clone(),
                ids: IdSource::new(shared.ids.epoch_seconds()),
                console: Some(Console::new(path)),
            }),
        }
    }

    /// The API served now.
    pub fn api(&self) -> Arc<Api> {
        self.shared.api()
    }

    /// Serves `api` from the next request on (requests under way finish with the one they
    /// started with).
    pub fn replace_api(&self, api: Api) {
        *self.shared.api.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(api);
    }

    /// Where the console is served, if it is.
    pub fn console_path(&self) -> Option<&str> {
        self.shared.console.as_ref().map(Console::path)
    }

    /// Answers one request as the server does, without a socket: the API's response with the
    /// headers AWS adds (`x-amzn-RequestId`, `x-amz-apigw-id`, and `X-Amzn-Trace-Id` when the
    /// integration answered). `source_ip` is `$context.identity.sourceIp`.
    pub async fn respond(&self, request: HttpRequest, source_ip: Option<IpAddr>) -> Response {
        self.shared.respond(request, source_ip).await
    }

    /// Accepts connections on `listener` and serves them, each on its own task, until the
    /// listener fails.
    pub async fn serve(&self, listener: TcpListener) -> std::io::Result<()> {
        loop {
            let (stream, peer) = match listener.accept().await {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: the next accept may succeed.
                Err(error) => {
                    eprintln!("serve: accepting a connection: {error}");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            };
            let shared = Arc::clone(&self.shared);
            tokio::spawn(async move {
                let service = service_fn(move |request| {
                    let shared = Arc::clone(&shared);
                    async move { Ok::<_, Infallible>(shared.handle(request, peer).await) }
                });
                // A client that sends malformed HTTP gets hyper's 400 and its connection closed;
                // nothing else is affected.
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    }
}

impl Shared {
    fn api(&self) -> Arc<Api> {
        Arc::clone(&self.api.read().unwrap_or_else(|e| e.into_inner()))
    }

    pub(super) fn api_now(&self) -> Arc<Api> {
        self.api()
    }

    pub(super) fn invoke_options(&self) -> InvokeOptions {
        self.options.clone()
    }

    pub(super) fn console_path(&self) -> Option<&str> {
        self.console.as_ref().map(Console::path)
    }

    async fn handle(
        &self,
        request: hyper::Request<Incoming>,
        peer: SocketAddr,
    ) -> hyper::Response<Full<Bytes>> {
        let path_and_query = request
            .uri()
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_string();
        let method = request.method().as_str().to_string();
        let headers: Vec<(String, String)> = request
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = match Limited::new(request.into_body(), MAX_BODY_BYTES)
            .collect()
            .await
        {
            Ok(collected) => collected.to_bytes(),
            Err(error) => {
                let too_large = error
                    .downcast_ref::<http_body_util::LengthLimitError>()
                    .is_some();
                let request = HttpRequest::new(&method, &path_and_query).headers(headers);
                let ids = self.ids.next();
                let (error, why) = if too_large {
                    (
                        GatewayError::new(ResponseType::RequestTooLarge),
                        "the body is over API Gateway's 10 MB",
                    )
                } else {
                    (
                        GatewayError::new(ResponseType::Default4xx),
                        "the body could not be read",
                    )
                };
                eprintln!("serve: {method} {path_and_query}: {why}");
                let response =
                    self.api()
                        .gateway_responses()
                        .answer(&error, &request, Explain::off());
                return to_hyper(with_aws_headers(response, &ids, false));
            }
        };
        if let Some(console) = &self.console
            && let Some(rest) = console.strip(&path_and_query)
        {
            return console.handle(self, &method, rest, &body).await;
        }
        let request = HttpRequest::new(&method, &path_and_query)
            .headers(headers)
            .body(body.to_vec());
        to_hyper(self.respond(request, Some(peer.ip())).await)
    }

    pub(super) async fn respond(
        &self,
        request: HttpRequest,
        source_ip: Option<IpAddr>,
    ) -> Response {
        let started = Instant::now();
        let api = self.api();
        let ids = self.ids.next();
        let mut options = self
            .options
            .clone()
            .context_value("requestId", ids.request_id.clone())
            .context_value("extendedRequestId", ids.apigw_id.clone())
            .trace(self.console.is_some());
        if let Some(ip) = source_ip {
            options = options.source_ip(&ip.to_string());
        }
        let served_request = self.console.as_ref().map(|_| request.clone());
        let line = format!("{} {}", request.method(), request.path());
        let (invocation, integration_answered, fault) = match api.prepare(request, &options) {
            Prepared::Answered(invocation) => (invocation, false, None),
            Prepared::Call(mut pending) => match self.backends.call(&mut pending, &ids).await {
                Ok(outcome) => (api.finish(pending, &outcome), true, None),
                Err(fault) => {
                    let why = fault.why();
                    let invocation = api.fail(pending, &fault.gateway_error(), &why);
                    (invocation, false, Some(why))
                }
            },
        };
        let status = invocation.response.status;
        eprintln!(
            "serve: {line} → {status} ({} ms, {}){}",
            started.elapsed().as_millis(),
            ids.request_id,
            fault.map(|why| format!(": {why}")).unwrap_or_default()
        );
        let response = with_aws_headers(invocation.response.clone(), &ids, integration_answered);
        if let (Some(console), Some(request)) = (&self.console, served_request) {
            console.record(Served {
                request,
                invocation,
                response: response.clone(),
                request_id: ids.request_id.clone(),
                millis: started.elapsed().as_secs_f64() * 1000.0,
            });
        }
        response
    }
}

/// The headers AWS adds to every answer (aws-semantics.md §0): the request id and API Gateway's
/// id always; the trace id when the integration answered (API Gateway's own answers carry none,
/// §7).
fn with_aws_headers(mut response: Response, ids: &RequestIds, traced: bool) -> Response {
    response
        .headers
        .push(("x-amzn-RequestId".into(), ids.request_id.clone()));
    response
        .headers
        .push(("x-amz-apigw-id".into(), ids.apigw_id.clone()));
    if traced {
        response
            .headers
            .push(("X-Amzn-Trace-Id".into(), ids.trace_id.clone()));
    }
    response
}

/// The hyper response for `response`. A header that HTTP cannot carry (a newline a template put
/// in its value) is left out with a warning; the length is hyper's.
pub(super) fn to_hyper(response: Response) -> hyper::Response<Full<Bytes>> {
    let mut builder = hyper::Response::builder().status(response.status);
    for (name, value) in &response.headers {
        if name.eq_ignore_ascii_case("Content-Length")
            || name.eq_ignore_ascii_case("Transfer-Encoding")
        {
            continue;
        }
        match (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_str(value),
        ) {
            (Ok(name), Ok(value)) => builder = builder.header(name, value),
            _ => eprintln!(
                "serve: the header {name:?}: {value:?} cannot be sent over HTTP: left out"
            ),
        }
    }
    let body = Bytes::from(response.body.as_bytes().to_vec());
    builder.body(Full::new(body)).unwrap_or_else(|_| {
        let mut fallback = hyper::Response::new(Full::new(Bytes::from_static(
            b"{\"message\": \"Internal server error\"}",
        )));
        *fallback.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        fallback
    })
}

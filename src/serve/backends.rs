//! Which local backend takes an integration's call, and the call itself: the one place that turns
//! a [`Pending`] invocation into an [`Outcome`] (or a [`Fault`]). Nothing here decides what the
//! client gets: that is [`crate::Api::finish`] / [`crate::Api::fail`].

use std::time::Duration;

use super::client::{self, Call, CallError};
use super::fault::Fault;
use super::ids::RequestIds;
use super::lambda::{Invoke, LambdaBackend, function_name};
use super::sigv4::{TEST_ACCESS_KEY, TEST_SECRET_KEY, sign_call};
use crate::gateway::{Backend, IntegrationType};
use crate::{Outcome, OutcomeKind, Pending};

/// Lambda's default function timeout (documented: 3 seconds), when nothing sets one.
pub const DEFAULT_FUNCTION_TIMEOUT: Duration = Duration::from_secs(3);

/// The local backends a server calls in place of the deployed ones.
///
/// # Examples
/// ```
/// use apigw_vtl::serve::{Backends, EndpointKind, LambdaBackend};
/// let backends = Backends::new()
///     .lambda(LambdaBackend::Endpoint { url: "http://127.0.0.1:3001".into(), kind: EndpointKind::Lambda })
///     .function("arn:aws:lambda:eu-west-1:123456789012:function:DanielHTTP", "danielhttp")
///     .http_base("http://127.0.0.1:8080")
///     .service_endpoint("dynamodb", "http://127.0.0.1:8000");
/// assert_eq!(backends.function_for("arn:aws:lambda:eu-west-1:123456789012:function:DanielHTTP"), "danielhttp");
/// assert_eq!(backends.function_for("arn:aws:lambda:eu-west-1:123456789012:function:Other"), "Other");
/// ```
#[derive(Clone, Debug)]
pub struct Backends {
    lambda: Option<LambdaBackend>,
    functions: Vec<(String, String)>,
    http_base: Option<String>,
    service_endpoints: Vec<(String, String)>,
    credentials: Option<(String, String)>,
    function_timeout: Duration,
}

impl Default for Backends {
    fn default() -> Self {
        Backends {
            lambda: None,
            functions: Vec::new(),
            http_base: None,
            service_endpoints: Vec::new(),
            credentials: Some((TEST_ACCESS_KEY.into(), TEST_SECRET_KEY.into())),
            function_timeout: DEFAULT_FUNCTION_TIMEOUT,
        }
    }
}

impl Backends {
    /// No backend: MOCK integrations answer, every other call is a 500 that says what is missing.
    pub fn new() -> Self {
        Backends::default()
    }

    /// Where Lambda functions (`AWS` Lambda and `AWS_PROXY` integrations) run.
    #[must_use]
    pub fn lambda(mut self, backend: LambdaBackend) -> Self {
        self.lambda = Some(backend);
        self
    }

    /// Calls the function an integration URI names `arn_or_name` (its ARN, or its name) by `name`.
    #[must_use]
    pub fn function(mut self, arn_or_name: &str, name: &str) -> Self {
        self.functions.push((arn_or_name.into(), name.into()));
        self
    }

    /// Sends every HTTP and HTTP_PROXY integration's call to this base URL instead of the
    /// deployed host (the path and query string kept).
    #[must_use]
    pub fn http_base(mut self, url: &str) -> Self {
        self.http_base = Some(url.trim_end_matches('/').to_string());
        self
    }

    /// Sends an AWS service integration's calls for `service` (as its ARN names it: `dynamodb`,
    /// `sqs`, `states`...) to this base URL.
    #[must_use]
    pub fn service_endpoint(mut self, service: &str, url: &str) -> Self {
        self.service_endpoints
            .push((service.into(), url.trim_end_matches('/').to_string()));
        self
    }

    /// Signs AWS service calls with these credentials (default: the fixed test ones,
    /// [`TEST_ACCESS_KEY`] / [`TEST_SECRET_KEY`]).
    #[must_use]
    pub fn credentials(mut self, access_key: &str, secret_key: &str) -> Self {
        self.credentials = Some((access_key.into(), secret_key.into()));
        self
    }

    /// Sends AWS service calls unsigned.
    #[must_use]
    pub fn unsigned(mut self) -> Self {
        self.credentials = None;
        self
    }

    /// The functions' timeout (default [`DEFAULT_FUNCTION_TIMEOUT`]): past it, a function
    /// invoked with `--lambda-command` fails with `Sandbox.Timedout`.
    #[must_use]
    pub fn function_timeout(mut self, timeout: Duration) -> Self {
        self.function_timeout = timeout;
        self
    }

    /// The name a function is invoked by: a `--function` mapping of its ARN or of its name, else
    /// the name part of its ARN.
    pub fn function_for<'a>(&'a self, function: &'a str) -> &'a str {
        let name = function_name(function);
        self.functions
            .iter()
            .find(|(from, _)| from == function || from == name)
            .map_or(name, |(_, to)| to.as_str())
    }

    /// Calls the backend of `pending` and returns its outcome. MOCK (and nothing else) needs no
    /// call.
    pub(crate) async fn call(
        &self,
        pending: &mut Pending,
        ids: &RequestIds,
    ) -> Result<Outcome, Fault> {
        let integration_timeout = Duration::from_millis(u64::from(pending.timeout_millis()));
        if pending.integration_type() == IntegrationType::Mock {
            return Ok(Outcome::Mock);
        }
        let backend = pending.backend().clone();
        match backend {
            Backend::Mock => Ok(Outcome::Mock),
            Backend::Lambda { .. } | Backend::Unrecognised { .. } => {
                let (function, region) = match &backend {
                    Backend::Lambda {
                        function, region, ..
                    } => (function.clone(), region.clone()),
                    _ => (String::new(), "us-east-1".to_string()),
                };
                let Some(lambda) = &self.lambda else {
                    return Err(Fault::NotConfigured(format!(
                        "{} needs --lambda-command or --lambda-endpoint",
                        backend.describe()
                    )));
                };
                let name = self.function_for(&function).to_string();
                let payload = pending.integration_request().body.as_bytes().to_vec();
                let asynchronous = pending.outcome_kind() == OutcomeKind::Nothing;
                pending.note(format_args!(
                    "serve: invoking the function {name:?} through {}{}",
                    lambda.describe(),
                    if asynchronous {
                        " (asynchronously)"
                    } else {
                        ""
                    }
                ));
                let invoke = Invoke {
                    function: &name,
                    payload: &payload,
                    asynchronous,
                    request_id: &ids.request_id,
                    region: &region,
                    function_timeout: self.function_timeout,
                    integration_timeout,
                };
                lambda.invoke(&invoke).await
            }
            Backend::Http { .. } | Backend::Service { .. } => {
                let call = self.http_call(pending, &backend, ids)?;
                pending.note(format_args!("serve: calling {} {}", call.method, call.url));
                match client::send(&call, integration_timeout).await {
                    Ok(answer) => {
                        pending.note(format_args!(
                            "serve: the backend answered {}",
                            answer.status
                        ));
                        Ok(Outcome::Http {
                            status: answer.status,
                            headers: answer.headers,
                            body: answer.body,
                        })
                    }
                    Err(CallError::Timeout) => Err(Fault::Timeout),
                    Err(CallError::Unreachable(why)) => Err(Fault::Unreachable(why)),
                    Err(CallError::BadUrl(why)) => Err(Fault::NotConfigured(why)),
                }
            }
        }
    }

    /// The HTTP request for an HTTP integration or an AWS service: the call the request half built,
    /// sent to the local base URL in place of the deployed host.
    fn http_call(
        &self,
        pending: &Pending,
        backend: &Backend,
        ids: &RequestIds,
    ) -> Result<Call, Fault> {
        let forward = pending.integration_request();
        let Some(built) = &forward.call else {
            return Err(Fault::NotConfigured(
                "the integration builds no call".into(),
            ));
        };
        let (scheme_host, path) = split_url(&built.uri);
        let base = match backend {
            Backend::Service { service, .. } => {
                match self.service_endpoints.iter().find(|(s, _)| s == service) {
                    Some((_, url)) => url.clone(),
                    None => {
                        return Err(Fault::NotConfigured(format!(
                            "{} needs --service-endpoint {service}=URL",
                            backend.describe()
                        )));
                    }
                }
            }
            _ => self
                .http_base
                .clone()
                .unwrap_or_else(|| scheme_host.to_string()),
        };
        let mut url = format!("{base}{path}");
        if !built.query.is_empty() {
            let query = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(built.query.iter())
                .finish();
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&query);
        }
        let headers = built
            .headers
            .iter()
            .map(|(name, value)| {
                if name.eq_ignore_ascii_case("X-Amzn-Trace-Id") {
                    (name.clone(), ids.trace_id.clone())
                } else {
                    (name.clone(), value.clone())
                }
            })
            .collect();
        let mut call = Call {
            method: built.method.clone(),
            url,
            headers,
            body: forward.body.as_bytes().to_vec(),
        };
        if let (
            Backend::Service {
                service, region, ..
            },
            Some((access, secret)),
        ) = (backend, &self.credentials)
        {
            // The service's signing name is taken to be the one its ARN names (inferred: true of
            // the services in gateway/backend.rs's table).
            sign_call(
                &mut call,
                (access, secret),
                region,
                service,
                std::time::SystemTime::now(),
            )
            .map_err(|why| Fault::NotConfigured(format!("signing the call: {why}")))?;
        }
        Ok(call)
    }
}

/// `https://host:port/path?q` → (`https://host:port`, `/path?q`).
fn split_url(url: &str) -> (&str, &str) {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => url.split_at(after_scheme + i),
        None => (url, "/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_at_the_path() {
        assert_eq!(
            split_url("https://h.example.com:8443/a/b?x=1"),
            ("https://h.example.com:8443", "/a/b?x=1")
        );
        assert_eq!(split_url("http://h"), ("http://h", "/"));
    }
}

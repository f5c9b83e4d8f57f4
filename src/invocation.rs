//! The front door: one request through an API, from routing to the response the client receives.
//!
//! Owns the order of operations around the two halves of a method (aws-semantics.md §0): routing
//! (403 Missing Authentication Token through the API's gateway responses when nothing matches),
//! the request's `$context` (resource, method, stage path, the client's User-Agent and address),
//! the API key check, validation and the request half, the
//! integration's outcome (asked for only when the request reaches the integration), the response
//! half, and the whole trace. Every caller (the CLI, the benches, the tests, and later the test
//! runner, the server and the bindings) goes through here; nothing else strings the halves
//! together.
//!
//! Two forms: [`Api::invoke`] / [`Api::invoke_with`] run everything at once; [`Api::prepare`] and
//! [`Api::finish`] split the run where the integration is called, so a caller can call a real
//! backend (awaiting it, or from another language) with the integration request the template built.
//! A [`Pending`] owns everything it needs (no borrow of the API), so it can cross threads and
//! `await` points.
//!
//! # Examples
//! ```
//! use apigw_vtl::{Api, HttpRequest, InvokeOptions, Outcome, Prepared};
//! let api = Api::load("corpus/danielhttp/api.openapi.yaml".as_ref())?;
//! let request = HttpRequest::new("POST", "/guid?GUID=Error");
//! let options = InvokeOptions::new().trace(true);
//! let Prepared::Call(pending) = api.prepare(request, &options) else { panic!("answered") };
//! // The integration request is what the request template built for the Lambda function.
//! assert_eq!(pending.integration_request().body, "{\n  \"GUID\":\"Error\"\n}");
//! let outcome = Outcome::lambda_error(r#"{"errorMessage": "Error: bad GUID"}"#);
//! let invocation = api.finish(pending, &outcome);
//! assert_eq!(invocation.response.status, 400);
//! assert!(invocation.trace().lines().iter().any(|l| l.starts_with("routing: POST /guid")));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::definition::{Api, ApiKeySource};
use crate::gateway::{
    Backend, Explain, GatewayError, HttpRequest, IntegrationRequest, IntegrationType, Method,
    Outcome, OutcomeKind, RequestResult, Response, ResponseType,
};

/// The stage a request is sent to when neither the definition nor the caller names one.
pub const DEFAULT_STAGE: &str = "prod";

/// API Gateway's payload quota for REST APIs: "Payload size: 10 MB", not adjustable (AWS
/// documentation, "Amazon API Gateway quotas", REST API quotas). A larger request is answered 413
/// `REQUEST_TOO_LARGE` through the API's gateway responses before routing. Whether AWS counts
/// 10,000,000 or 10,485,760 bytes is not documented: 10 MiB is inferred.
pub const MAX_PAYLOAD_BYTES: usize = 10 * 1024 * 1024;

/// The settings of an invocation: what the deployment adds around the request.
///
/// # Examples
/// ```
/// use apigw_vtl::InvokeOptions;
/// let options = InvokeOptions::new()
///     .stage("dev")
///     .stage_variable("table", "pets-dev")
///     .context_value("requestId", "test-1")
///     .trace(true);
/// assert_eq!(options.stage_name(), Some("dev"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct InvokeOptions {
    stage: Option<String>,
    stage_variables: Vec<(String, String)>,
    context: serde_json::Map<String, serde_json::Value>,
    api_keys: Vec<String>,
    source_ip: Option<String>,
    trace: bool,
    coverage: bool,
    max_payload_bytes: Option<usize>,
}

impl InvokeOptions {
    /// The largest request body taken ([`MAX_PAYLOAD_BYTES`], AWS's quota, unless set here): a
    /// larger one is answered 413 `REQUEST_TOO_LARGE`.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::{Api, HttpRequest, InvokeOptions, Outcome};
    /// let api = Api::parse("a.yaml", "openapi: \"3.0.1\"\npaths: {}\n")?;
    /// let options = InvokeOptions::new().max_payload_bytes(4);
    /// let request = HttpRequest::new("POST", "/x").body("12345");
    /// let invocation = api.invoke(request, &options, &Outcome::Mock);
    /// assert_eq!(invocation.response.status, 413);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn max_payload_bytes(mut self, bytes: usize) -> Self {
        self.max_payload_bytes = Some(bytes);
        self
    }

    /// No stage override, no stage variables, the default `$context`, no trace.
    pub fn new() -> Self {
        InvokeOptions::default()
    }

    /// The stage name, over the definition's own (`$context.stage`, and the first segment of
    /// `$context.path`).
    #[must_use]
    pub fn stage(mut self, name: &str) -> Self {
        self.stage = Some(name.to_string());
        self
    }

    /// A stage variable (`$stageVariables.NAME`, `stageVariables.NAME` in mappings).
    #[must_use]
    pub fn stage_variable(mut self, name: &str, value: &str) -> Self {
        crate::gateway::set_exact(&mut self.stage_variables, name, value);
        self
    }

    /// A `$context` value over the defaults and what routing sets (an object merges into the
    /// default object of the same name: `identity`, `authorizer`...).
    #[must_use]
    pub fn context_value(mut self, name: &str, value: impl Into<serde_json::Value>) -> Self {
        self.context.insert(name.to_string(), value.into());
        self
    }

    /// A valid API key (repeat for more). A method that requires a key answers 403 to a request
    /// whose `x-api-key` is none of them; with none given, any non-empty key passes (the usage
    /// plans that hold the keys are not in an API definition).
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::InvokeOptions;
    /// let options = InvokeOptions::new().api_key("k-123").api_key("k-456");
    /// assert_eq!(options.api_keys(), ["k-123", "k-456"]);
    /// ```
    #[must_use]
    pub fn api_key(mut self, key: &str) -> Self {
        self.api_keys.push(key.to_string());
        self
    }

    /// The valid API keys given, if any.
    pub fn api_keys(&self) -> &[String] {
        &self.api_keys
    }

    /// The client's address: `$context.identity.sourceIp` (and `X-Forwarded-For` in a Lambda
    /// proxy event). Default: the documented stand-in of [`crate::apigw::default_context`].
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::{Api, HttpRequest, InvokeOptions, Outcome};
    /// let api = Api::parse("api.yaml", r#"
    /// openapi: "3.0.1"
    /// paths:
    ///   /ip:
    ///     get:
    ///       responses: {"200": {description: ok}}
    ///       x-amazon-apigateway-integration:
    ///         type: mock
    ///         requestTemplates: {application/json: '{"statusCode": 200}'}
    ///         responses:
    ///           default:
    ///             statusCode: "200"
    ///             responseTemplates: {application/json: "$context.identity.sourceIp $context.identity.userAgent"}
    /// "#)?;
    /// let options = InvokeOptions::new().source_ip("198.51.100.7");
    /// let request = HttpRequest::new("GET", "/ip").header("User-Agent", "my-client/1.0");
    /// let invocation = api.invoke(request, &options, &Outcome::Mock);
    /// assert_eq!(invocation.response.body, "198.51.100.7 my-client/1.0");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn source_ip(mut self, address: &str) -> Self {
        self.source_ip = Some(address.to_string());
        self
    }

    /// Whether to record the trace of every decision ([`Invocation::trace`]). Off by default:
    /// a trace costs a string per decision.
    #[must_use]
    pub fn trace(mut self, on: bool) -> Self {
        self.trace = on;
        self
    }

    /// Whether to count which branches of each template ran ([`Invocation::coverage`]). Off by
    /// default.
    #[must_use]
    pub fn coverage(mut self, on: bool) -> Self {
        self.coverage = on;
        self
    }

    /// The stage name set here, if any.
    pub fn stage_name(&self) -> Option<&str> {
        self.stage.as_deref()
    }

    fn explain(&self) -> Explain {
        let explain = if self.trace {
            Explain::recording()
        } else {
            Explain::off()
        };
        explain.with_coverage(self.coverage)
    }
}

/// What one request came to.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Invocation {
    /// What the client receives.
    pub response: Response,
    /// What was sent to the integration; `None` when API Gateway answered before calling it (no
    /// route: 403; validation: 400; no template under NEVER: 415; a failed request template: 500).
    pub integration_request: Option<IntegrationRequest>,
    /// The resource path and method key that took the request (`/pets/{id}`, `GET` or `ANY`);
    /// `None` when no method did.
    pub route: Option<(String, String)>,
}

impl Invocation {
    /// Every decision, routing first (empty unless [`InvokeOptions::trace`] was on).
    pub fn trace(&self) -> &Explain {
        &self.response.explain
    }

    /// The integration response that was selected: its index in the method's
    /// [`Integration::responses`](crate::gateway::Integration::responses). `None` when API
    /// Gateway answered before the integration, or nothing was selected.
    pub fn selected_response(&self) -> Option<usize> {
        self.response.explain.selected_response()
    }

    /// Which branches of which templates ran (only with [`InvokeOptions::coverage`]).
    pub fn coverage(&self) -> Option<&crate::gateway::TemplateCoverage> {
        self.response.explain.coverage()
    }
}

/// The first step's result.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // Both are moved once, never stored in bulk.
pub enum Prepared {
    /// API Gateway answered on its own; the integration is not called.
    Answered(Invocation),
    /// The integration is to be called with [`Pending::integration_request`]; give its outcome to
    /// [`Api::finish`].
    Call(Pending),
}

/// An invocation waiting for its integration's outcome. Owns its data: it may be sent to another
/// thread or held across an `await`.
#[derive(Debug)]
pub struct Pending {
    index: usize,
    route: (String, String),
    request: HttpRequest,
    forward: IntegrationRequest,
    integration_type: IntegrationType,
    outcome_kind: OutcomeKind,
    backend: Backend,
    timeout_millis: u32,
    trace: Explain,
}

impl Pending {
    /// What API Gateway sends to the integration: the body (the rendered template, the body passed
    /// through, or a Lambda proxy event) and, in [`IntegrationRequest::call`], the call it makes.
    pub fn integration_request(&self) -> &IntegrationRequest {
        &self.forward
    }

    /// The integration's type.
    pub fn integration_type(&self) -> IntegrationType {
        self.integration_type
    }

    /// Which kind of [`Outcome`] the integration answers with: a Lambda function's result or error
    /// (`AWS` Lambda, `AWS_PROXY`), an HTTP answer (`HTTP`, `HTTP_PROXY`, an AWS service), or none
    /// (MOCK; an asynchronous Lambda invocation).
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::{Api, HttpRequest, InvokeOptions, OutcomeKind, Prepared};
    /// let api = Api::load("corpus/danielhttp/api.openapi.yaml".as_ref())?;
    /// let Prepared::Call(pending) = api.prepare(HttpRequest::new("POST", "/guid?GUID=x"), &InvokeOptions::new())
    /// else { panic!() };
    /// assert_eq!(pending.outcome_kind(), OutcomeKind::Lambda);
    /// assert!(pending.backend().describe().starts_with("the Lambda function"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn outcome_kind(&self) -> OutcomeKind {
        self.outcome_kind
    }

    /// What the integration calls (a Lambda function, an AWS service's action or path, an HTTP
    /// endpoint), as its URI says.
    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// The method's resource path and method key.
    pub fn route(&self) -> (&str, &str) {
        (&self.route.0, &self.route.1)
    }

    /// The integration's timeout in milliseconds (`timeoutInMillis`, default 29,000): how long a
    /// caller that calls the real backend waits before answering with
    /// [`ResponseType::IntegrationTimeout`] through [`Api::fail`].
    pub fn timeout_millis(&self) -> u32 {
        self.timeout_millis
    }

    /// Adds a line to the invocation's trace (when tracing): what a caller that calls the real
    /// backend did (the endpoint called, its status, how long it took).
    pub fn note(&mut self, line: impl std::fmt::Display) {
        self.trace.note(format_args!("{line}"));
    }
}

impl Api {
    /// The stage requests are sent to: `options`' if set, else the definition's own, else
    /// [`DEFAULT_STAGE`].
    pub fn stage_for<'a>(&'a self, options: &'a InvokeOptions) -> &'a str {
        options
            .stage
            .as_deref()
            .or_else(|| self.stage_name())
            .unwrap_or(DEFAULT_STAGE)
    }

    /// The first step: routes `request`, validates it and runs the request half. Either API
    /// Gateway answers on its own, or the integration is to be called.
    pub fn prepare(&self, mut request: HttpRequest, options: &InvokeOptions) -> Prepared {
        let mut trace = options.explain();
        let stage = self.stage_for(options);
        request.stage_variables = options.stage_variables.clone();
        // `$context` as this request sets it (documented, aws-semantics.md §8.1), then the caller's.
        request
            .context
            .insert("httpMethod".into(), request.http_method.clone().into());
        request
            .context
            .insert("path".into(), format!("/{stage}{}", request.path).into());
        request.context.insert("stage".into(), stage.into());
        // The client's own values (recorded: `identity.userAgent` is the request's User-Agent,
        // aws-semantics.md §11.4); without them the documented stand-ins stay.
        let mut identity = serde_json::Map::new();
        if let Some(agent) = request.header_value("User-Agent") {
            identity.insert("userAgent".into(), agent.into());
        }
        if let Some(address) = &options.source_ip {
            identity.insert("sourceIp".into(), address.clone().into());
        }
        if !identity.is_empty() {
            request.context.insert("identity".into(), identity.into());
        }
        let limit = options.max_payload_bytes.unwrap_or(MAX_PAYLOAD_BYTES);
        if request.body_bytes().len() > limit {
            trace.note(format_args!(
                "the body has {} bytes, more than the payload quota of {limit}: API Gateway answers 413",
                request.body_bytes().len()
            ));
            merge_context(&mut request.context, &options.context);
            let error = GatewayError::new(ResponseType::RequestTooLarge);
            let response = self.gateway_responses().answer(&error, &request, trace);
            return Prepared::Answered(Invocation {
                response,
                integration_request: None,
                route: None,
            });
        }
        let routed = match self.route(&request.http_method, &request.path) {
            Ok(routed) => routed,
            Err(miss) => {
                trace.note(format_args!("routing: {miss}: API Gateway answers 403"));
                merge_context(&mut request.context, &options.context);
                let error = GatewayError::new(ResponseType::MissingAuthenticationToken);
                let response = self.gateway_responses().answer(&error, &request, trace);
                return Prepared::Answered(Invocation {
                    response,
                    integration_request: None,
                    route: None,
                });
            }
        };
        let api_method = routed.method;
        trace.note(format_args!(
            "routing: {} {} → {} {} (path parameters {:?})",
            request.http_method,
            request.path,
            api_method.http_method(),
            api_method.resource_path(),
            routed.path_parameters
        ));
        // The definition's values that were stand-ins (issue 13), where the method uses them;
        // one used by several values is noted once.
        for (i, stand_in) in api_method.stand_ins().iter().enumerate() {
            let at = stand_in.location();
            let same = |other: &crate::definition::StandIn| {
                other.file() == stand_in.file()
                    && (other.location().line, other.location().column) == (at.line, at.column)
                    && other.expression() == stand_in.expression()
            };
            if api_method.stand_ins()[..i].iter().any(same) {
                continue;
            }
            trace.note(format_args!(
                "definition: {}:{}:{}: {stand_in}",
                stand_in.file(),
                at.line,
                at.column
            ));
        }
        let route = (
            api_method.resource_path().to_string(),
            api_method.http_method().to_string(),
        );
        request.path_parameters = routed.path_parameters;
        request
            .context
            .insert("resourcePath".into(), route.0.clone().into());
        let method = api_method.gateway_method();
        if let Err(refusal) = self.check_api_key(method, &mut request, options, &mut trace) {
            merge_context(&mut request.context, &options.context);
            let response = self.gateway_responses().answer(&refusal, &request, trace);
            return Prepared::Answered(Invocation {
                response,
                integration_request: None,
                route: Some(route),
            });
        }
        merge_context(&mut request.context, &options.context);
        match method.request_traced(&request, trace.same_kind()) {
            RequestResult::Answer(mut response) => {
                trace.append(std::mem::take(&mut response.explain));
                response.explain = trace;
                Prepared::Answered(Invocation {
                    response,
                    integration_request: None,
                    route: Some(route),
                })
            }
            RequestResult::Forward(mut forward) => {
                trace.append(std::mem::replace(&mut forward.explain, Explain::off()));
                Prepared::Call(Pending {
                    index: routed.index,
                    route,
                    request,
                    outcome_kind: method.outcome_kind(Some(&forward)),
                    forward,
                    integration_type: method.integration().kind(),
                    backend: method.integration().backend().clone(),
                    timeout_millis: method.integration().timeout(),
                    trace,
                })
            }
        }
    }

    /// The API key check (before the method request's validation, as on AWS): a method that
    /// requires a key answers 403 INVALID_API_KEY without a non-empty `x-api-key` (asserted on AWS,
    /// aws-semantics.md §11.4; the gateway response type is inferred from D-GR, INVALID_API_KEY
    /// being the 403 about keys), or with one that is not among `options`' keys when it lists some.
    /// With the API's key source `AUTHORIZER`, the key comes from a Lambda authorizer, which is not
    /// run here: nothing is required. A key that passes is `$context.identity.apiKey`.
    fn check_api_key(
        &self,
        method: &Method,
        request: &mut HttpRequest,
        options: &InvokeOptions,
        trace: &mut Explain,
    ) -> Result<(), GatewayError> {
        if !method.requires_api_key() {
            return Ok(());
        }
        if self.api_key_source() == ApiKeySource::Authorizer {
            trace.note("the method requires an API key, from the API's Lambda authorizer (apiKeySource AUTHORIZER): no authorizer runs here, so no x-api-key header is required");
            return Ok(());
        }
        let key = request
            .header_value("x-api-key")
            .map(str::to_string)
            .filter(|key| !key.is_empty());
        let Some(key) = key else {
            trace.note("the method requires an API key and the request has no x-api-key header: API Gateway answers 403");
            return Err(GatewayError::new(ResponseType::InvalidApiKey));
        };
        if !options.api_keys.is_empty() && !options.api_keys.contains(&key) {
            trace.note(format_args!(
                "the x-api-key {key:?} is not one of the valid keys given: API Gateway answers 403"
            ));
            return Err(GatewayError::new(ResponseType::InvalidApiKey));
        }
        trace.note(if options.api_keys.is_empty() {
            "the method requires an API key: the request's x-api-key is taken (no valid keys given: any non-empty key passes)"
        } else {
            "the method requires an API key: the request's x-api-key is a valid key"
        });
        merge_context(
            &mut request.context,
            &serde_json::Map::from_iter([(
                "identity".to_string(),
                serde_json::json!({ "apiKey": key }),
            )]),
        );
        Ok(())
    }

    /// The second step: the response half for the integration's `outcome`. `pending` must come
    /// from this API's [`Api::prepare`]; one from another API answers API Gateway's generic 500.
    pub fn finish(&self, pending: Pending, outcome: &Outcome) -> Invocation {
        let Pending {
            index,
            route,
            request,
            forward,
            mut trace,
            ..
        } = pending;
        let method = match self.method_at(index) {
            Some(method)
                if method.resource_path() == route.0 && method.http_method() == route.1 =>
            {
                method.gateway_method()
            }
            _ => {
                trace.note("the pending invocation was prepared by another API: API Gateway's generic 500 stands in");
                let response =
                    self.gateway_responses()
                        .answer(&GatewayError::internal(), &request, trace);
                return Invocation {
                    response,
                    integration_request: Some(forward),
                    route: Some(route),
                };
            }
        };
        let mut response =
            method.respond_traced(outcome, &request, Some(&forward), trace.same_kind());
        trace.append(std::mem::take(&mut response.explain));
        response.explain = trace;
        Invocation {
            response,
            integration_request: Some(forward),
            route: Some(route),
        }
    }

    /// The second step when the integration could not be called at all: API Gateway answers on its
    /// own with `error` through the API's gateway responses (the integration timed out:
    /// [`ResponseType::IntegrationTimeout`], 504 `{"message": "Endpoint request timed out"}`; the
    /// backend could not be reached or rejected the call: [`GatewayError::internal`]). `why` goes
    /// into the trace, as AWS's execution log would say it.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::gateway::{GatewayError, ResponseType};
    /// use apigw_vtl::{Api, HttpRequest, InvokeOptions, Prepared};
    /// let api = Api::load("corpus/danielhttp/api.openapi.yaml".as_ref())?;
    /// let Prepared::Call(pending) = api.prepare(HttpRequest::new("POST", "/guid?GUID=x"), &InvokeOptions::new())
    /// else { panic!() };
    /// assert_eq!(pending.timeout_millis(), 29_000);
    /// let error = GatewayError::new(ResponseType::IntegrationTimeout);
    /// let invocation = api.fail(pending, &error, "Execution failed due to a timeout error");
    /// assert_eq!(invocation.response.status, 504);
    /// assert_eq!(invocation.response.body.text(), Some(r#"{"message": "Endpoint request timed out"}"#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fail(&self, pending: Pending, error: &GatewayError, why: &str) -> Invocation {
        let Pending {
            route,
            request,
            forward,
            mut trace,
            ..
        } = pending;
        trace.note(format_args!(
            "{why}: API Gateway answers {}",
            error
                .status
                .unwrap_or_else(|| error.response_type.default_status().unwrap_or(500))
        ));
        let response = self.gateway_responses().answer(error, &request, trace);
        Invocation {
            response,
            integration_request: Some(forward),
            route: Some(route),
        }
    }

    /// Both steps, with the integration's outcome computed from the integration request (an
    /// emulator calls the real function with the event the request template built). `backend` is
    /// called only if the request reaches an integration that has a backend (not for MOCK); for an
    /// asynchronous Lambda invocation it is called and its outcome ignored, as Lambda answers 202
    /// without a payload.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::{Api, HttpRequest, InvokeOptions, Outcome};
    /// let api = Api::load("corpus/danielhttp/api.openapi.yaml".as_ref())?;
    /// let invocation = api.invoke_with(
    ///     HttpRequest::new("POST", "/guid?GUID=AnythingElse"),
    ///     &InvokeOptions::new(),
    ///     |event| {
    ///         assert!(event.body.text().unwrap().contains("AnythingElse"));
    ///         Outcome::lambda_result(r#"{"guid": "AnythingElse"}"#)
    ///     },
    /// );
    /// assert_eq!(invocation.response.status, 200);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn invoke_with(
        &self,
        request: HttpRequest,
        options: &InvokeOptions,
        backend: impl FnOnce(&IntegrationRequest) -> Outcome,
    ) -> Invocation {
        match self.prepare(request, options) {
            Prepared::Answered(invocation) => invocation,
            Prepared::Call(pending) if pending.integration_type == IntegrationType::Mock => {
                self.finish(pending, &Outcome::Mock)
            }
            Prepared::Call(pending) => {
                let outcome = backend(&pending.forward);
                self.finish(pending, &outcome)
            }
        }
    }

    /// Both steps with a known outcome (ignored when API Gateway answers on its own, for a MOCK
    /// integration, which calls no backend, and for an asynchronous Lambda invocation).
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::{Api, HttpRequest, InvokeOptions, Outcome};
    /// let api = Api::load("corpus/danielhttp/api.openapi.yaml".as_ref())?;
    /// let invocation = api.invoke(
    ///     HttpRequest::new("POST", "/guid?GUID=RaisedException"),
    ///     &InvokeOptions::new(),
    ///     &Outcome::lambda_error(r#"{"errorMessage": "RaisedException: no"}"#),
    /// );
    /// assert_eq!(invocation.response.status, 502);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn invoke(
        &self,
        request: HttpRequest,
        options: &InvokeOptions,
        outcome: &Outcome,
    ) -> Invocation {
        match self.prepare(request, options) {
            Prepared::Answered(invocation) => invocation,
            Prepared::Call(pending) if pending.integration_type == IntegrationType::Mock => {
                self.finish(pending, &Outcome::Mock)
            }
            Prepared::Call(pending) => self.finish(pending, outcome),
        }
    }
}

/// Merges `extra` into a request's `$context` values as [`crate::apigw::merged_context`] merges
/// them into the defaults: an object into the object of the same name, anything else replaces.
fn merge_context(
    context: &mut serde_json::Map<String, serde_json::Value>,
    extra: &serde_json::Map<String, serde_json::Value>,
) {
    for (key, value) in extra {
        match (context.get_mut(key), value) {
            (Some(serde_json::Value::Object(existing)), serde_json::Value::Object(inner)) => {
                merge_context(existing, inner);
            }
            _ => {
                context.insert(key.clone(), value.clone());
            }
        }
    }
}

//! The front door: one request through an API, from routing to the response the client receives.
//!
//! Owns the order of operations around the two halves of a method (aws-semantics.md §0): routing
//! (403 Missing Authentication Token through the API's gateway responses when nothing matches),
//! the request's `$context` (resource, method, stage path), validation and the request half, the
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

use crate::definition::Api;
use crate::gateway::{
    Explain, GatewayError, HttpRequest, IntegrationRequest, IntegrationType, Outcome,
    RequestResult, Response, ResponseType,
};

/// The stage a request is sent to when neither the definition nor the caller names one.
pub const DEFAULT_STAGE: &str = "prod";

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
    trace: bool,
}

impl InvokeOptions {
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

    /// Whether to record the trace of every decision ([`Invocation::trace`]). Off by default:
    /// a trace costs a string per decision.
    #[must_use]
    pub fn trace(mut self, on: bool) -> Self {
        self.trace = on;
        self
    }

    /// The stage name set here, if any.
    pub fn stage_name(&self) -> Option<&str> {
        self.stage.as_deref()
    }

    fn explain(&self) -> Explain {
        if self.trace {
            Explain::recording()
        } else {
            Explain::off()
        }
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
    trace: Explain,
}

impl Pending {
    /// What API Gateway sends to the integration.
    pub fn integration_request(&self) -> &IntegrationRequest {
        &self.forward
    }

    /// The integration's type: which kind of [`Outcome`] it answers with (a MOCK needs none).
    pub fn integration_type(&self) -> IntegrationType {
        self.integration_type
    }

    /// The method's resource path and method key.
    pub fn route(&self) -> (&str, &str) {
        (&self.route.0, &self.route.1)
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
        let routed = match self.route(&request.http_method, &request.path) {
            Ok(routed) => routed,
            Err(miss) => {
                trace.note(format_args!("routing: {miss}: API Gateway answers 403"));
                request.context.extend(options.context.clone());
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
        // The definition's values that were stand-ins (issue 13), where the method uses them.
        for stand_in in api_method.stand_ins() {
            let at = stand_in.location();
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
        request.context.extend(options.context.clone());
        let method = api_method.gateway_method();
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
                    forward,
                    integration_type: method.integration().kind(),
                    trace,
                })
            }
        }
    }

    /// The second step: the response half for the integration's `outcome`. `pending` must come
    /// from this API's [`Api::prepare`]; one from another API answers API Gateway's generic 500.
    pub fn finish(&self, pending: Pending, outcome: &Outcome) -> Invocation {
        let Pending {
            index,
            route,
            request,
            forward,
            integration_type: _,
            mut trace,
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

    /// Both steps, with the integration's outcome computed from the integration request (an
    /// emulator calls the real function with the event the request template built). `backend` is
    /// called only if the request reaches an integration that has a backend (not for MOCK).
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

    /// Both steps with a known outcome (ignored when API Gateway answers on its own, and for a
    /// MOCK integration, which calls no backend).
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

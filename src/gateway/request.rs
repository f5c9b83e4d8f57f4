//! The request half: the method request → the integration request (aws-semantics.md §0 steps 1–3,
//! §6): the template chosen by Content-Type, `passthroughBehavior` and its 415, the headers AWS
//! hides from templates, the render, and the request template's overrides.

use super::answers::{GatewayError, ResponseType};
use super::backend::{CallParts, IntegrationCall, build_call};
use super::encoding::{Payload, convert, is_binary_media_type};
use super::explain::Explain;
use super::http::{Body, HttpRequest, Response, is_hidden_header, set};
use super::mapping::{RequestTarget, Source, body_path_text, context_text, lookup};
use super::model::{IntegrationType, Method, PassthroughBehavior};
use super::proxy::lambda_proxy_event;
use crate::apigw::payload::parse_payload;
use crate::apigw::{Environment, Overrides, TemplateInput};
use crate::render::Variables;
use crate::value::{Number, Value};

/// What the request half sends to the integration.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct IntegrationRequest {
    /// The rendered template, or the body passed through (binary after a conversion to binary).
    pub body: Body,
    /// Path parameters sent to the integration: the request parameters, then `requestOverride.path`.
    pub path: Vec<(String, String)>,
    /// Query string sent to the integration, likewise.
    pub querystring: Vec<(String, String)>,
    /// Headers sent to the integration, likewise.
    pub headers: Vec<(String, String)>,
    /// The overrides the request template set (carried into the response template).
    pub overrides: Overrides,
    /// The call API Gateway makes with it: method, URI, headers and query string (`None` for MOCK,
    /// which calls nothing).
    pub call: Option<IntegrationCall>,
    /// For MOCK: the `statusCode` the rendered template holds, `Some(None)` if it holds none, `None`
    /// when there was no request template.
    pub(crate) mock_status: Option<Option<String>>,
    /// The trace of the request half.
    pub(crate) explain: Explain,
}

/// The request half's result: the integration is called, or API Gateway answers itself.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)] // Moved once per request, never stored in bulk.
pub enum RequestResult {
    /// Call the integration with this.
    Forward(IntegrationRequest),
    /// API Gateway's own answer (415, the generic 500).
    Answer(Response),
}

impl Method {
    /// API Gateway's own answer to `error`, through the API's gateway responses.
    pub fn answer(
        &self,
        error: &GatewayError,
        request: &HttpRequest,
        explain: Explain,
    ) -> Response {
        self.gateway_responses.answer(error, request, explain)
    }

    fn refuse(
        &self,
        error: GatewayError,
        request: &HttpRequest,
        mut explain: Explain,
        why: std::fmt::Arguments<'_>,
    ) -> RequestResult {
        explain.note(why);
        RequestResult::Answer(self.answer(&error, request, explain))
    }

    /// The request half: chooses and renders the request template, or passes the body through, or
    /// answers 415 / 500 as API Gateway does. The result carries the trace of its decisions.
    pub fn request(&self, request: &HttpRequest) -> RequestResult {
        self.request_traced(request, Explain::recording())
    }

    /// [`Method::request`], recording into `explain` (or not, when it is off).
    pub(crate) fn request_traced(
        &self,
        request: &HttpRequest,
        mut explain: Explain,
    ) -> RequestResult {
        // The method request's validation comes first: the request template is not rendered and
        // the integration not called when it fails (documented, D-RV).
        #[cfg(feature = "validation")]
        if let Some(validation) = &self.validation
            && let Err(error) = validation.check(request, &mut explain)
        {
            let name = error.response_type.name();
            return self.refuse(
                error,
                request,
                explain,
                format_args!("request validation failed: API Gateway answers {name}"),
            );
        }
        let integration = &self.integration;
        match integration.kind {
            IntegrationType::AwsProxy => {
                // The event carries the request; requestParameters do not apply to AWS_PROXY
                // (recorded: LocalStack's test_lambda_aws_proxy_integration_request_data_mapping
                // deploys some and the event shows none of them).
                explain.note("Lambda proxy integration: the request becomes the proxy event (format 1.0), without a template");
                let event = lambda_proxy_event(request, &self.binary_media_types, &mut explain);
                let mut forward = IntegrationRequest {
                    body: Body::Text(event),
                    explain,
                    ..IntegrationRequest::default()
                };
                forward.call = self.call(request, &mut forward);
                return RequestResult::Forward(forward);
            }
            IntegrationType::HttpProxy => {
                explain
                    .note("HTTP proxy integration: the request passes through without a template");
                let forward = IntegrationRequest {
                    body: Body::from_bytes(request.body.clone()),
                    explain,
                    ..IntegrationRequest::default()
                };
                return self.forward(request, forward);
            }
            _ => {}
        }
        let content_type = request.content_type();
        let text = request.body_text();
        // A Content-Type among the API's binaryMediaTypes makes the payload binary (D-ENC).
        let payload = if is_binary_media_type(&self.binary_media_types, &content_type) {
            explain.note(format_args!(
                "`{content_type}` is one of the API's binaryMediaTypes: the payload is binary"
            ));
            Payload::Binary(&request.body)
        } else {
            Payload::Text(text)
        };
        let Some(template) = integration.request_templates.get(&content_type) else {
            let templates = !integration.request_templates.is_empty();
            let pass = match integration.passthrough {
                PassthroughBehavior::WhenNoMatch => true,
                PassthroughBehavior::WhenNoTemplates => !templates,
                PassthroughBehavior::Never => false,
            };
            if !pass {
                return self.refuse(
                    GatewayError::new(ResponseType::UnsupportedMediaType),
                    request,
                    explain,
                    format_args!(
                        "no request template for `{content_type}` and passthroughBehavior {:?}: 415",
                        integration.passthrough
                    ),
                );
            }
            explain.note(format_args!(
                "no request template for `{content_type}`: the body passes through ({:?})",
                integration.passthrough
            ));
            let body = match convert(payload.to_body(), integration.content_handling, None) {
                Ok(body) => body,
                // A failed base64 decoding is API_CONFIGURATION_ERROR (documented, D-GR).
                Err(why) => {
                    return self.refuse(
                        GatewayError::configuration(),
                        request,
                        explain,
                        format_args!("{why}"),
                    );
                }
            };
            let forward = IntegrationRequest {
                body,
                explain,
                ..IntegrationRequest::default()
            };
            return self.forward(request, forward);
        };
        explain.note(format_args!(
            "request template `{content_type}` chosen by the Content-Type"
        ));
        let template = match template {
            Ok(template) => template,
            Err(error) => {
                return self.refuse(
                    GatewayError::internal(),
                    request,
                    explain,
                    format_args!(
                        "the request template does not parse ({error}): API Gateway answers 500"
                    ),
                );
            }
        };
        let environment = Environment::new(&template_input(request, &payload.template_text()));
        let mut variables = Variables::new();
        environment.install(&mut variables);
        let body = match explain.render(template, &mut variables) {
            Ok(body) => body,
            Err(error) => {
                return self.refuse(
                    GatewayError::internal(),
                    request,
                    explain,
                    format_args!("the request template failed: {error}: API Gateway answers 500"),
                );
            }
        };
        if environment.set_an_override_twice() {
            return self.refuse(
                GatewayError::internal(),
                request,
                explain,
                format_args!(
                    "the request template set an override twice: API Gateway answers 5XX (aws-semantics.md §4)"
                ),
            );
        }
        let mock_status = (integration.kind == IntegrationType::Mock).then(|| mock_status(&body));
        let body = match convert(Body::Text(body), integration.content_handling, None) {
            Ok(body) => body,
            Err(why) => {
                return self.refuse(
                    GatewayError::configuration(),
                    request,
                    explain,
                    format_args!("{why}"),
                );
            }
        };
        let forward = IntegrationRequest {
            body,
            overrides: environment.overrides(),
            mock_status,
            explain,
            ..IntegrationRequest::default()
        };
        self.forward(request, forward)
    }

    /// The integration request with its parameters mapped and its call built, or the 500 a
    /// forbidden mapping gets.
    fn forward(&self, request: &HttpRequest, mut forward: IntegrationRequest) -> RequestResult {
        match self.map_parameters(request, &mut forward) {
            Ok(()) => {
                forward.call = self.call(request, &mut forward);
                RequestResult::Forward(forward)
            }
            Err(why) => self.refuse(
                GatewayError::internal(),
                request,
                forward.explain,
                format_args!("{why}"),
            ),
        }
    }

    /// The call API Gateway makes with `forward` (`None` for MOCK).
    fn call(
        &self,
        request: &HttpRequest,
        forward: &mut IntegrationRequest,
    ) -> Option<IntegrationCall> {
        let integration = &self.integration;
        let parts = CallParts {
            kind: integration.kind,
            backend: &integration.backend,
            http_method: integration.http_method.as_deref(),
            path: &forward.path,
            querystring: &forward.querystring,
            headers: &forward.headers,
        };
        let call = build_call(&parts, request, &mut forward.explain)?;
        if forward.explain.is_recording() {
            forward.explain.note(format_args!(
                "integration call: {} {} {} ({})",
                integration.kind.name(),
                call.method,
                call.uri,
                integration.backend.describe()
            ));
        }
        Some(call)
    }

    /// Request parameters, then `requestOverride` on top (aws-semantics.md §0 step 3, §5).
    fn map_parameters(
        &self,
        request: &HttpRequest,
        forward: &mut IntegrationRequest,
    ) -> Result<(), String> {
        for mapping in &self.integration.request_parameters {
            let name = &mapping.name;
            if mapping.target == RequestTarget::Header
                && forbidden_header(self.integration.kind, name)
            {
                return Err(format!(
                    "mapping to integration.request.header.{name} is forbidden: API Gateway answers 500 (aws-semantics.md §5)"
                ));
            }
            let Some(value) = request_source(&mapping.source, request) else {
                forward.explain.note(format_args!(
                    "{}: `{}` has no value, not set",
                    mapping.target_text, mapping.source_text
                ));
                continue;
            };
            forward.explain.note(format_args!(
                "{} = {value:?} from `{}`",
                mapping.target_text, mapping.source_text
            ));
            let list = match mapping.target {
                RequestTarget::Path => &mut forward.path,
                RequestTarget::Querystring => &mut forward.querystring,
                RequestTarget::Header => &mut forward.headers,
            };
            set(list, name, value);
        }
        let overrides = &forward.overrides;
        for (list, entries, label) in [
            (&mut forward.path, &overrides.request_path, "path"),
            (
                &mut forward.querystring,
                &overrides.request_querystring,
                "querystring",
            ),
            (&mut forward.headers, &overrides.request_headers, "header"),
        ] {
            for (name, value) in entries {
                set(list, name, value.clone());
                forward
                    .explain
                    .note(format_args!("requestOverride.{label}.{name} = {value:?}"));
            }
        }
        Ok(())
    }
}

/// The `$input`/`$context` request for a template over `body`.
pub(crate) fn template_input(request: &HttpRequest, body: &str) -> TemplateInput {
    TemplateInput {
        body: body.into(),
        params: request.params(),
        context: request.context.clone(),
        stage_variables: request.stage_variables.clone(),
    }
}

/// Headers a request mapping may not set: Content-Length and Transfer-Encoding for every type, and
/// for AWS integrations also Authorization, Connection, Expect, Proxy-Authenticate, TE (recorded, §5).
pub(crate) fn forbidden_header(kind: IntegrationType, name: &str) -> bool {
    let always = ["Content-Length", "Transfer-Encoding"];
    let aws = [
        "Authorization",
        "Connection",
        "Expect",
        "Proxy-Authenticate",
        "TE",
    ];
    always.iter().any(|h| h.eq_ignore_ascii_case(name))
        || (kind == IntegrationType::Aws && aws.iter().any(|h| h.eq_ignore_ascii_case(name)))
}

/// A request parameter's source value (aws-semantics.md §5): single-valued sources take the last
/// value, multi-valued ones join with `,`; `None` leaves the target unset.
fn request_source(source: &Source, request: &HttpRequest) -> Option<String> {
    // A hidden header is absent for mappings too; any other is looked up where it is, without
    // copying the request's parameters.
    let header = |name: &str, joined: bool| {
        (!is_hidden_header(name))
            .then(|| lookup(&request.headers, name, true, joined))
            .flatten()
    };
    match source {
        Source::Literal(text) => Some(text.clone()),
        Source::Path(name) => lookup(&request.path_parameters, name, false, false),
        Source::Query(name) => lookup(&request.querystring, name, false, false),
        Source::MultiQuery(name) => lookup(&request.querystring, name, false, true),
        Source::Header(name) => header(name, false),
        Source::MultiHeader(name) => header(name, true),
        Source::Body | Source::BodyPath(_) => {
            // `method.request.body` of an empty body is `{}` (peer-implementation, §5).
            let text = request.body_text();
            let body = if text.is_empty() { "{}" } else { &text };
            match source {
                Source::BodyPath(path) => body_path_text(&parse_payload(body).ok()?, path),
                _ => Some(body.to_string()),
            }
        }
        Source::StageVariable(name) => lookup(&request.stage_variables, name, false, false),
        Source::Context(name) => context_text(name, request),
        // Response-side sources are refused when the mapping is read.
        Source::ResponseHeader(_) | Source::ResponseMultiHeader(_) => None,
    }
}

/// The `statusCode` of a MOCK request template's output, read leniently (`{statusCode: 200}` works
/// on AWS, aws-semantics.md §1): an integer, as text.
fn mock_status(rendered: &str) -> Option<String> {
    match parse_payload(rendered).ok()? {
        Value::Map(map) => match map.borrow().get_str("statusCode")? {
            Value::Number(n @ (Number::Int(_) | Number::Long(_))) => {
                Some(Value::Number(n.clone()).to_java_string())
            }
            _ => None,
        },
        _ => None,
    }
}

//! The request half: the method request → the integration request (aws-semantics.md §0 steps 1–3,
//! §6): the template chosen by Content-Type, `passthroughBehavior` and its 415, the headers AWS
//! hides from templates, the render, and the request template's overrides.

use super::answers::{GatewayError, ResponseType};
use super::encoding::{Body, Payload, convert, is_binary_media_type};
use super::explain::Explain;
use super::mapping::{body_path_text, context_text};
use super::model::{IntegrationType, Method, PassthroughBehavior};
use super::response::Response;
use crate::apigw::payload::parse_payload;
use crate::apigw::{Environment, Overrides, Params, Request};
use crate::render::{Variables, render};
use crate::value::{Number, Value};

/// Client headers no template or mapping ever sees (recorded on AWS, aws-semantics.md §5).
const HIDDEN_HEADERS: [&str; 12] = [
    "Connection",
    "Content-Length",
    "Content-MD5",
    "Expect",
    "Max-Forwards",
    "Proxy-Authenticate",
    "Server",
    "TE",
    "Transfer-Encoding",
    "Trailer",
    "Upgrade",
    "WWW-Authenticate",
];

/// The method request as the client sent it.
#[derive(Clone, Debug, Default)]
pub struct HttpRequest {
    /// Path parameters.
    pub path: Vec<(String, String)>,
    /// Query string parameters (a repeated key keeps its last value, as on AWS).
    pub querystring: Vec<(String, String)>,
    /// Headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
    /// Merged over the default `$context`.
    pub context: serde_json::Map<String, serde_json::Value>,
}

impl HttpRequest {
    /// The MIME type of the first `Accept` entry: AWS honours only the first (D-ENC, documented;
    /// assumed for template choice too, aws-semantics.md §3).
    pub(crate) fn accept(&self) -> Option<String> {
        self.header("Accept")
            .map(|accept| mime_type(accept.split(',').next().unwrap_or("")))
    }

    /// A header's value, its name compared without case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `$input.params()` as templates see it: hidden headers left out.
    pub(crate) fn params(&self) -> Params {
        Params {
            path: self.path.clone(),
            querystring: self.querystring.clone(),
            header: self
                .headers
                .iter()
                .filter(|(n, _)| !HIDDEN_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(n)))
                .cloned()
                .collect(),
        }
    }

    /// The `$input`/`$context` request for a template over `body`.
    pub(crate) fn template_request(&self, body: &str, stage: &[(String, String)]) -> Request {
        Request {
            body: body.to_string(),
            params: self.params(),
            context: self.context.clone(),
            stage_variables: stage.to_vec(),
        }
    }
}

/// What the request half sends to the integration.
#[derive(Clone, Debug, Default)]
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
    /// For MOCK: the `statusCode` the rendered template holds, `Some(None)` if it holds none, `None`
    /// when there was no request template.
    pub mock_status: Option<Option<String>>,
    /// The trace.
    pub explain: Explain,
}

/// The request half's result: the integration is called, or API Gateway answers itself.
#[derive(Clone, Debug)]
pub enum RequestResult {
    /// Call the integration with this.
    Forward(IntegrationRequest),
    /// API Gateway's own answer (415, the generic 500).
    Answer(Response),
}

/// The MIME type of a header value: parameters and case dropped.
pub(crate) fn mime_type(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

impl Method {
    /// API Gateway's own answer to `error`, through the API's gateway responses.
    pub fn answer(
        &self,
        error: &GatewayError,
        request: &HttpRequest,
        explain: Explain,
    ) -> Response {
        self.gateway_responses
            .answer(error, request, &self.stage_variables, explain)
    }

    fn refuse(
        &self,
        error: GatewayError,
        request: &HttpRequest,
        mut explain: Explain,
        why: &str,
    ) -> RequestResult {
        explain.note(why);
        RequestResult::Answer(self.answer(&error, request, explain))
    }

    /// The request half: chooses and renders the request template, or passes the body through, or
    /// answers 415 / 500 as API Gateway does.
    pub fn request(&self, request: &HttpRequest) -> RequestResult {
        let mut explain = Explain::default();
        // The method request's validation comes first: the request template is not rendered and
        // the integration not called when it fails (documented, D-RV).
        if let Some(validation) = &self.validation
            && let Err(error) = validation.check(request, &mut explain)
        {
            let why = format!(
                "request validation failed: API Gateway answers {}",
                error.response_type.name()
            );
            return self.refuse(error, request, explain, &why);
        }
        let integration = &self.integration;
        if matches!(
            integration.kind,
            IntegrationType::AwsProxy | IntegrationType::HttpProxy
        ) {
            explain.note("proxy integration: the request passes through without a template");
            return RequestResult::Forward(IntegrationRequest {
                body: Body::Text(request.body.clone()),
                explain,
                ..IntegrationRequest::default()
            });
        }
        // AWS: the template key is the Content-Type's MIME type; none means application/json.
        let content_type = request
            .header("Content-Type")
            .map_or_else(|| "application/json".to_string(), mime_type);
        // A Content-Type among the API's binaryMediaTypes makes the payload binary (D-ENC).
        let payload = if is_binary_media_type(&self.binary_media_types, &content_type) {
            explain.note(format!(
                "`{content_type}` is one of the API's binaryMediaTypes: the payload is binary"
            ));
            Payload::Binary(request.body.as_bytes())
        } else {
            Payload::Text(&request.body)
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
                    &format!(
                        "no request template for `{content_type}` and passthroughBehavior {:?}: 415",
                        integration.passthrough
                    ),
                );
            }
            explain.note(format!(
                "no request template for `{content_type}`: the body passes through ({:?})",
                integration.passthrough
            ));
            let body = match convert(payload.to_body(), integration.content_handling, None) {
                Ok(body) => body,
                // A failed base64 decoding is API_CONFIGURATION_ERROR (documented, D-GR).
                Err(why) => {
                    return self.refuse(GatewayError::configuration(), request, explain, &why);
                }
            };
            let mut forward = IntegrationRequest {
                body,
                explain,
                ..IntegrationRequest::default()
            };
            if let Err(why) = self.map_parameters(request, &mut forward) {
                return self.refuse(GatewayError::internal(), request, forward.explain, &why);
            }
            return RequestResult::Forward(forward);
        };
        explain.note(format!(
            "request template `{content_type}` chosen by the Content-Type"
        ));
        let template = match template {
            Ok(template) => template,
            Err(error) => {
                return self.refuse(
                    GatewayError::internal(),
                    request,
                    explain,
                    &format!(
                        "the request template does not parse ({error}): API Gateway answers 500"
                    ),
                );
            }
        };
        let environment = Environment::new(
            &request.template_request(&payload.template_text(), &self.stage_variables),
        );
        let mut variables = Variables::new();
        environment.install(&mut variables);
        let body = match render(template, &mut variables) {
            Ok(body) => body,
            Err(error) => {
                return self.refuse(
                    GatewayError::internal(),
                    request,
                    explain,
                    &format!("the request template failed: {error}: API Gateway answers 500"),
                );
            }
        };
        if environment.set_an_override_twice() {
            return self.refuse(GatewayError::internal(), request,
                explain,
                "the request template set an override twice: API Gateway answers 5XX (aws-semantics.md §4)",
            );
        }
        let mock_status = (integration.kind == IntegrationType::Mock).then(|| mock_status(&body));
        let body = match convert(Body::Text(body), integration.content_handling, None) {
            Ok(body) => body,
            Err(why) => return self.refuse(GatewayError::configuration(), request, explain, &why),
        };
        let mut forward = IntegrationRequest {
            body,
            overrides: environment.overrides(),
            mock_status,
            explain,
            ..IntegrationRequest::default()
        };
        if let Err(why) = self.map_parameters(request, &mut forward) {
            return self.refuse(GatewayError::internal(), request, forward.explain, &why);
        }
        RequestResult::Forward(forward)
    }

    /// Request parameters, then `requestOverride` on top (aws-semantics.md §0 step 3, §5).
    fn map_parameters(
        &self,
        request: &HttpRequest,
        forward: &mut IntegrationRequest,
    ) -> Result<(), String> {
        for (target, source) in &self.integration.request_parameters {
            let (kind, name) = target
                .strip_prefix("integration.request.")
                .and_then(|rest| rest.split_once('.'))
                .ok_or_else(|| {
                    format!("request parameter target `{target}` is not integration.request.*")
                })?;
            if kind == "header" && forbidden_header(self.integration.kind, name) {
                return Err(format!(
                    "mapping to integration.request.header.{name} is forbidden: API Gateway answers 500 (aws-semantics.md §5)"
                ));
            }
            let Some(value) = request_source(source, request, &self.stage_variables) else {
                forward
                    .explain
                    .note(format!("{target}: `{source}` has no value, not set"));
                continue;
            };
            forward
                .explain
                .note(format!("{target} = {value:?} from `{source}`"));
            let list = match kind {
                "path" => &mut forward.path,
                "querystring" => &mut forward.querystring,
                "header" => &mut forward.headers,
                _ => {
                    return Err(format!(
                        "request parameter target `{target}` is not path, querystring or header"
                    ));
                }
            };
            set(list, name, value);
        }
        let overrides = forward.overrides.clone();
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
                    .note(format!("requestOverride.{label}.{name} = {value:?}"));
            }
        }
        Ok(())
    }
}

fn set(list: &mut Vec<(String, String)>, name: &str, value: String) {
    match list.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
        Some(slot) => slot.1 = value,
        None => list.push((name.to_string(), value)),
    }
}

/// Headers a request mapping may not set: Content-Length and Transfer-Encoding for every type, and
/// for AWS integrations also Authorization, Connection, Expect, Proxy-Authenticate, TE (recorded, §5).
fn forbidden_header(kind: IntegrationType, name: &str) -> bool {
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
fn request_source(
    source: &str,
    request: &HttpRequest,
    stage: &[(String, String)],
) -> Option<String> {
    if let Some(literal) = source.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        return Some(literal.to_string());
    }
    let last = |list: &[(String, String)], name: &str, ignore_case: bool| {
        list.iter()
            .rev()
            .find(|(n, _)| {
                if ignore_case {
                    n.eq_ignore_ascii_case(name)
                } else {
                    n == name
                }
            })
            .map(|(_, v)| v.clone())
    };
    let joined = |list: &[(String, String)], name: &str, ignore_case: bool| {
        let values: Vec<&str> = list
            .iter()
            .filter(|(n, _)| {
                if ignore_case {
                    n.eq_ignore_ascii_case(name)
                } else {
                    n == name
                }
            })
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(","))
    };
    let params = request.params();
    if let Some(name) = source.strip_prefix("method.request.path.") {
        return last(&params.path, name, false);
    }
    if let Some(name) = source.strip_prefix("method.request.querystring.") {
        return last(&params.querystring, name, false);
    }
    if let Some(name) = source.strip_prefix("method.request.multivaluequerystring.") {
        return joined(&params.querystring, name, false);
    }
    if let Some(name) = source.strip_prefix("method.request.header.") {
        return last(&params.header, name, true);
    }
    if let Some(name) = source.strip_prefix("method.request.multivalueheader.") {
        return joined(&params.header, name, true);
    }
    // `method.request.body` of an empty body is `{}` (peer-implementation, §5).
    let body = if request.body.is_empty() {
        "{}"
    } else {
        &request.body
    };
    if source == "method.request.body" {
        return Some(body.to_string());
    }
    if let Some(path) = source.strip_prefix("method.request.body.") {
        return body_path_text(&parse_payload(body).ok()?, path);
    }
    if let Some(name) = source.strip_prefix("stageVariables.") {
        return last(stage, name, false);
    }
    if let Some(name) = source.strip_prefix("context.") {
        return context_text(name, &request.context);
    }
    None
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

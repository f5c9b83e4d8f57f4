//! The request half: the method request → the integration request (aws-semantics.md §0 steps 1–3,
//! §6): the template chosen by Content-Type, `passthroughBehavior` and its 415, the headers AWS
//! hides from templates, the render, and the request template's overrides.

use super::answers::{GatewayAnswer, gateway_answer};
use super::explain::Explain;
use super::model::{IntegrationType, Method, PassthroughBehavior};
use super::response::Response;
use crate::apigw::payload::parse_payload;
use crate::apigw::{Environment, Overrides, Params, Request};
use crate::render::{Context, render};
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
    /// The rendered template, or the body passed through.
    pub body: String,
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

fn answer(kind: GatewayAnswer, mut explain: Explain, why: &str) -> RequestResult {
    explain.note(why);
    let mut response = gateway_answer(kind);
    response.explain = explain;
    RequestResult::Answer(response)
}

impl Method {
    /// The request half: chooses and renders the request template, or passes the body through, or
    /// answers 415 / 500 as API Gateway does.
    pub fn request(&self, request: &HttpRequest) -> RequestResult {
        let mut explain = Explain::default();
        let integration = &self.integration;
        if matches!(
            integration.kind,
            IntegrationType::AwsProxy | IntegrationType::HttpProxy
        ) {
            explain.note("proxy integration: the request passes through without a template");
            return RequestResult::Forward(IntegrationRequest {
                body: request.body.clone(),
                explain,
                ..IntegrationRequest::default()
            });
        }
        // AWS: the template key is the Content-Type's MIME type; none means application/json.
        let content_type = request
            .header("Content-Type")
            .map_or_else(|| "application/json".to_string(), mime_type);
        let Some(template) = integration.request_templates.get(&content_type) else {
            let templates = !integration.request_templates.is_empty();
            let pass = match integration.passthrough {
                PassthroughBehavior::WhenNoMatch => true,
                PassthroughBehavior::WhenNoTemplates => !templates,
                PassthroughBehavior::Never => false,
            };
            if !pass {
                return answer(
                    GatewayAnswer::UnsupportedMediaType,
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
            return RequestResult::Forward(IntegrationRequest {
                body: request.body.clone(),
                explain,
                ..IntegrationRequest::default()
            });
        };
        explain.note(format!(
            "request template `{content_type}` chosen by the Content-Type"
        ));
        let environment =
            Environment::new(&request.template_request(&request.body, &self.stage_variables));
        let mut variables = Context::new();
        environment.install(&mut variables);
        let body = match render(template, &mut variables) {
            Ok(body) => body,
            Err(error) => {
                return answer(
                    GatewayAnswer::InternalServerError,
                    explain,
                    &format!("the request template failed: {error}: API Gateway answers 500"),
                );
            }
        };
        if environment.set_an_override_twice() {
            return answer(
                GatewayAnswer::InternalServerError,
                explain,
                "the request template set an override twice: API Gateway answers 5XX (aws-semantics.md §4)",
            );
        }
        let mock_status = (integration.kind == IntegrationType::Mock).then(|| mock_status(&body));
        RequestResult::Forward(IntegrationRequest {
            body,
            overrides: environment.overrides(),
            mock_status,
            explain,
        })
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

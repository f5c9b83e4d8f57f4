//! The response half: integration outcome → selected integration response → template, parameters
//! and overrides → the status, headers and body the client receives (aws-semantics.md §0 steps 4–8).

use super::answers::GatewayError;
use super::encoding::{Payload, convert, is_binary_media_type, text_of};
use super::explain::Explain;
use super::http::{Body, HttpRequest, Response, set};
use super::mapping::{Source, body_path_text, context_text, lookup};
use super::model::{IntegrationResponse, IntegrationType, Method};
use super::request::{IntegrationRequest, template_input};
use super::selection::select;
use crate::apigw::payload::parse_payload;
use crate::apigw::{Environment, Overrides};
use crate::render::Variables;
use crate::value::Value;

/// What the integration answered. Payloads are bytes, as they arrive: where API Gateway reads one
/// as text, bytes that are not UTF-8 become U+FFFD (recorded on AWS).
///
/// # Examples
/// ```
/// use apigw_vtl::gateway::Outcome;
/// let s3 = Outcome::http(404, "<Error><Code>NoSuchKey</Code></Error>")
///     .with_header("Content-Type", "application/xml");
/// let Outcome::Http { status, headers, .. } = &s3 else { unreachable!() };
/// assert_eq!((*status, headers.len()), (404, 1));
/// let image = Outcome::http(200, [0x89u8, b'P', b'N', b'G']);
/// assert_eq!(image.payload(), b"\x89PNG");
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Outcome {
    /// A Lambda function that returned this payload (for a Lambda proxy integration: its proxy
    /// response, `{"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"}`).
    LambdaResult(Vec<u8>),
    /// A Lambda function error with this payload (`errorMessage`, `errorType`, `stackTrace`...).
    LambdaError(Vec<u8>),
    /// An HTTP answer: an HTTP backend's (`HTTP`, `HTTP_PROXY`) or an AWS service's (`AWS` with a
    /// service URI).
    Http {
        /// Its status.
        status: u16,
        /// Its headers.
        headers: Vec<(String, String)>,
        /// Its body.
        body: Vec<u8>,
    },
    /// A MOCK integration (no backend).
    Mock,
}

/// Which kind of [`Outcome`] an integration answers with ([`crate::Pending::outcome_kind`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OutcomeKind {
    /// None: MOCK calls nothing, and an asynchronous Lambda invocation
    /// (`X-Amz-Invocation-Type: Event`) answers 202 without a payload whatever the function does.
    Nothing,
    /// [`Outcome::LambdaResult`] or [`Outcome::LambdaError`]: a Lambda function, proxy or not.
    Lambda,
    /// [`Outcome::Http`]: an HTTP endpoint (proxy or not) or an AWS service.
    Http,
}

impl Outcome {
    /// A successful Lambda invocation.
    pub fn lambda_result(payload: impl AsRef<[u8]>) -> Self {
        Outcome::LambdaResult(payload.as_ref().to_vec())
    }

    /// A Lambda function error.
    pub fn lambda_error(payload: impl AsRef<[u8]>) -> Self {
        Outcome::LambdaError(payload.as_ref().to_vec())
    }

    /// An HTTP backend's or AWS service's answer, without headers (add them with
    /// [`Outcome::with_header`]).
    pub fn http(status: u16, body: impl AsRef<[u8]>) -> Self {
        Outcome::Http {
            status,
            headers: Vec::new(),
            body: body.as_ref().to_vec(),
        }
    }

    /// The same HTTP answer with one more header (other outcomes are returned unchanged).
    #[must_use]
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Outcome::Http { headers, .. } = &mut self {
            headers.push((name.to_string(), value.to_string()));
        }
        self
    }

    /// The payload's bytes (empty for MOCK).
    pub fn payload(&self) -> &[u8] {
        match self {
            Outcome::LambdaResult(body) | Outcome::LambdaError(body) => body,
            Outcome::Http { body, .. } => body,
            Outcome::Mock => b"",
        }
    }

    /// The payload as API Gateway reads it as text.
    fn body(&self) -> std::borrow::Cow<'_, str> {
        text_of(self.payload())
    }

    /// Its kind.
    pub fn kind(&self) -> OutcomeKind {
        match self {
            Outcome::LambdaResult(_) | Outcome::LambdaError(_) => OutcomeKind::Lambda,
            Outcome::Http { .. } => OutcomeKind::Http,
            Outcome::Mock => OutcomeKind::Nothing,
        }
    }
}

/// Response headers API Gateway renames to `x-amzn-Remapped-<Name>` (recorded, §5).
const REMAPPED: [&str; 14] = [
    "Authorization",
    "Connection",
    "Content-Length",
    "Content-MD5",
    "Date",
    "Expect",
    "Host",
    "Max-Forwards",
    "Proxy-Authenticate",
    "Server",
    "Trailer",
    "Upgrade",
    "User-Agent",
    "WWW-Authenticate",
];

impl Method {
    /// The generic 500, through the API's gateway responses: `configuration` for the cases AWS
    /// documents as API_CONFIGURATION_ERROR (no mapping matches, base64 decoding fails; D-GR),
    /// DEFAULT_5XX for the others.
    fn config_500(
        &self,
        request: &HttpRequest,
        explain: Explain,
        why: std::fmt::Arguments<'_>,
    ) -> Response {
        self.generic_500(request, explain, why, true)
    }

    fn internal_500(
        &self,
        request: &HttpRequest,
        explain: Explain,
        why: std::fmt::Arguments<'_>,
    ) -> Response {
        self.generic_500(request, explain, why, false)
    }

    fn generic_500(
        &self,
        request: &HttpRequest,
        mut explain: Explain,
        why: std::fmt::Arguments<'_>,
        configuration: bool,
    ) -> Response {
        explain.note(why);
        explain.note("API Gateway answers its generic 500");
        let error = if configuration {
            GatewayError::configuration()
        } else {
            GatewayError::internal()
        };
        self.answer(&error, request, explain)
    }
}

/// The string selection patterns are matched against (aws-semantics.md §1).
fn selection_subject(
    outcome: &Outcome,
    carried: Option<&IntegrationRequest>,
    explain: &mut Explain,
) -> Result<Option<String>, String> {
    Ok(Some(match outcome {
        // A success is matched as the empty string (recorded: it never reaches `.+`).
        Outcome::LambdaResult(_) => {
            explain.note("Lambda success: matched as the empty string");
            String::new()
        }
        Outcome::LambdaError(payload) => {
            let message = match parse_payload(&text_of(payload)) {
                Ok(Value::Map(map)) => match map.borrow().get_str("errorMessage") {
                    Some(Value::String(s)) => s.to_string(),
                    None | Some(Value::Null) => String::new(),
                    // A number or object errorMessage is open (§10); its Java text stands in.
                    Some(other) => other.to_java_string(),
                },
                _ => String::new(),
            };
            explain.note(format_args!(
                "Lambda function error: matching its errorMessage {message:?}"
            ));
            message
        }
        Outcome::Http { status, .. } => {
            explain.note(format_args!(
                "HTTP answer (an HTTP backend or an AWS service): matching the status {status}"
            ));
            status.to_string()
        }
        Outcome::Mock => match carried.and_then(|c| c.mock_status.clone()) {
            // No request template: the default response (documented).
            None => {
                explain.note("MOCK without a request template: the default response");
                return Ok(None);
            }
            Some(None) => {
                return Err("the MOCK request template holds no integer statusCode".to_string());
            }
            Some(Some(status)) => {
                explain.note(format_args!(
                    "MOCK: matching the request template's statusCode {status}"
                ));
                status
            }
        },
    }))
}

impl Method {
    /// The response half for an outcome, when the request half's result does not matter (Lambda
    /// and HTTP integrations without request overrides).
    pub fn respond(&self, outcome: &Outcome, request: &HttpRequest) -> Response {
        self.respond_to(outcome, request, None)
    }

    /// The response half, after the request half produced `carried` (its overrides carry into the
    /// response template; a MOCK integration selects by its `statusCode`).
    pub fn respond_to(
        &self,
        outcome: &Outcome,
        request: &HttpRequest,
        carried: Option<&IntegrationRequest>,
    ) -> Response {
        self.respond_traced(outcome, request, carried, Explain::recording())
    }

    /// [`Method::respond_to`], recording into `explain` (or not, when it is off).
    pub(crate) fn respond_traced(
        &self,
        outcome: &Outcome,
        request: &HttpRequest,
        carried: Option<&IntegrationRequest>,
        mut explain: Explain,
    ) -> Response {
        match self.integration.kind {
            IntegrationType::AwsProxy => {
                return self.respond_lambda_proxy(outcome, request, explain);
            }
            IntegrationType::HttpProxy => {
                return self.respond_http_proxy(outcome, request, explain);
            }
            _ => {}
        }
        let asynchronous = Outcome::LambdaResult(Vec::new());
        let outcome = if self.invokes_asynchronously(carried) {
            explain.note("X-Amz-Invocation-Type: Event: Lambda runs the function asynchronously and answers 202 without a payload, whatever the function does");
            &asynchronous
        } else {
            outcome
        };
        let responses = &self.integration.responses;
        let selected = match selection_subject(outcome, carried, &mut explain) {
            Err(why) => return self.config_500(request, explain, format_args!("{why}")),
            Ok(None) => responses.iter().find(|r| r.pattern.is_none()),
            Ok(Some(subject)) => match select(responses, &subject, &mut explain) {
                Ok(selected) => selected,
                Err(why) => return self.internal_500(request, explain, format_args!("{why}")),
            },
        };
        let Some(selected) = selected else {
            return self.config_500(
                request,
                explain,
                format_args!("no output mapping matches and there is no default"),
            );
        };
        if let Some(index) = responses.iter().position(|r| std::ptr::eq(r, selected)) {
            explain.select(index);
        }
        if !self.method_responses.contains(&selected.status) {
            return self.config_500(
                request,
                explain,
                format_args!(
                    "output mapping refers to an invalid method response: {}",
                    selected.status
                ),
            );
        }
        self.finish(selected, outcome, request, carried, explain)
    }

    fn finish(
        &self,
        selected: &IntegrationResponse,
        outcome: &Outcome,
        request: &HttpRequest,
        carried: Option<&IntegrationRequest>,
        mut explain: Explain,
    ) -> Response {
        let mut status = selected.status;
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut overrides = carried.map(|c| c.overrides.clone()).unwrap_or_default();
        let payload = self.outcome_payload(outcome, &mut explain);
        let body = match choose_template(selected, request, &mut explain) {
            None => {
                explain.note("no response template: the payload passes through");
                payload.to_body()
            }
            Some(Err(error)) => {
                return self.internal_500(
                    request,
                    explain,
                    format_args!("the response template does not parse: {error}"),
                );
            }
            Some(Ok(template)) => {
                let environment =
                    Environment::new(&template_input(request, &payload.template_text()));
                environment.carry(&overrides);
                let mut variables = Variables::new();
                environment.install(&mut variables);
                match explain.render(template, &mut variables) {
                    Ok(body) => {
                        if environment.set_an_override_twice() {
                            return self.internal_500(
                                request,
                                explain,
                                format_args!(
                                    "the response template set an override twice (a 5XX on AWS, §4)"
                                ),
                            );
                        }
                        overrides = environment.overrides();
                        Body::Text(body)
                    }
                    Err(error) => {
                        return self.internal_500(
                            request,
                            explain,
                            format_args!("the response template failed: {error}"),
                        );
                    }
                }
            }
        };
        // Conversion toward the client's first Accept type (D-ENC: only the first one counts).
        let binary_wanted = request
            .accept()
            .is_some_and(|accept| is_binary_media_type(&self.binary_media_types, &accept));
        let body = match convert(body, selected.content_handling, Some(binary_wanted)) {
            Ok(body) => body,
            Err(why) => return self.config_500(request, explain, format_args!("{why}")),
        };
        if let Body::Binary(bytes) = &body {
            explain.note(format_args!("the body is binary ({} bytes)", bytes.len()));
        }
        for mapping in &selected.parameters {
            let (name, source) = (&mapping.name, &mapping.source_text);
            match parameter_value(&mapping.source, outcome, request) {
                Some(value) => {
                    explain.note(format_args!("header {name} = {value:?} from `{source}`"));
                    set(&mut headers, name, value);
                }
                None => explain.note(format_args!(
                    "header {name}: `{source}` has no value, not set"
                )),
            }
        }
        if !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("Content-Type"))
        {
            headers.insert(
                0,
                ("Content-Type".to_string(), "application/json".to_string()),
            );
        }
        apply_overrides(&overrides, &mut status, &mut headers, &mut explain);
        let headers = remap(headers, &mut explain);
        explain.note(format_args!("final status {status}"));
        Response::new(status, headers, body, explain)
    }
}

impl Method {
    /// Whether the request half mapped `integration.request.header.X-Amz-Invocation-Type` to
    /// `Event` for a Lambda integration (asynchronous invocation; documented for Lambda's Invoke
    /// API: 202 and no payload; asserted on AWS: the default integration response then sends an
    /// empty body with 200).
    pub(crate) fn invokes_asynchronously(&self, carried: Option<&IntegrationRequest>) -> bool {
        self.integration.kind == IntegrationType::Aws
            && self.integration.backend.is_lambda()
            && carried.is_some_and(|c| {
                c.headers.iter().any(|(n, v)| {
                    n.eq_ignore_ascii_case("X-Amz-Invocation-Type") && v.trim() == "Event"
                })
            })
    }

    /// Which kind of outcome the integration answers with, once the request half has run.
    pub fn outcome_kind(&self, carried: Option<&IntegrationRequest>) -> OutcomeKind {
        match self.integration.kind {
            IntegrationType::Mock => OutcomeKind::Nothing,
            IntegrationType::Http | IntegrationType::HttpProxy => OutcomeKind::Http,
            IntegrationType::AwsProxy => OutcomeKind::Lambda,
            IntegrationType::Aws if self.invokes_asynchronously(carried) => OutcomeKind::Nothing,
            IntegrationType::Aws if self.integration.backend.is_lambda() => OutcomeKind::Lambda,
            IntegrationType::Aws => OutcomeKind::Http,
        }
    }

    /// The integration's payload: binary when an HTTP backend labels it with one of the API's
    /// binaryMediaTypes (a Lambda function's payload is always JSON text).
    fn outcome_payload<'o>(&self, outcome: &'o Outcome, explain: &mut Explain) -> Payload<'o> {
        if let Outcome::Http { headers, body, .. } = outcome {
            let content_type = headers
                .iter()
                .rev()
                .find(|(n, _)| n.eq_ignore_ascii_case("Content-Type"));
            if let Some((_, content_type)) = content_type
                && is_binary_media_type(&self.binary_media_types, content_type)
            {
                explain.note(format_args!(
                    "the backend's `{content_type}` is one of the binaryMediaTypes: the payload is binary"
                ));
                return Payload::Binary(body);
            }
        }
        Payload::Text(outcome.body())
    }
}

/// The response template: the `Accept` header's first MIME type, else `application/json`, else the
/// first template of the definition (aws-semantics.md §3).
fn choose_template<'m>(
    selected: &'m IntegrationResponse,
    request: &HttpRequest,
    explain: &mut Explain,
) -> Option<Result<&'m crate::syntax::Template, &'m crate::syntax::ParseError>> {
    let templates = &selected.templates;
    if let Some(wanted) = request.accept()
        && let Some(template) = templates.get(&wanted)
    {
        explain.note(format_args!(
            "response template `{wanted}` chosen by Accept"
        ));
        return Some(template);
    }
    if let Some(template) = templates.get("application/json") {
        explain.note("response template `application/json` chosen (no Accept match)");
        return Some(template);
    }
    templates.first().map(|(content_type, template)| {
        explain.note(format_args!(
            "response template `{content_type}` chosen as the first of the definition (AWS: \"the first existing template\"; its order is open)"
        ));
        template
    })
}

/// A response parameter's source value (aws-semantics.md §5); `None` leaves the header unset.
fn parameter_value(source: &Source, outcome: &Outcome, request: &HttpRequest) -> Option<String> {
    let backend_headers: &[(String, String)] = match outcome {
        Outcome::Http { headers, .. } => headers,
        _ => &[],
    };
    match source {
        Source::Literal(text) => Some(text.clone()),
        // Multi-valued sources join their values with `,` (aws-semantics.md §5).
        Source::ResponseHeader(name) => lookup(backend_headers, name, true, false),
        Source::ResponseMultiHeader(name) => lookup(backend_headers, name, true, true),
        Source::Body => Some(outcome.body().to_string()),
        Source::BodyPath(path) => {
            let mut document = parse_payload(&outcome.body()).ok()?;
            // Lambda custom errors: the JSON text in errorMessage is read as JSON for body→header
            // mappings (documented, aws-semantics.md §5).
            if let (Outcome::LambdaError(_), Value::Map(map)) = (outcome, &document) {
                let inner = match map.borrow().get_str("errorMessage") {
                    Some(Value::String(text)) => parse_payload(text).ok(),
                    _ => None,
                };
                if let Some(inner @ (Value::Map(_) | Value::List(_))) = inner {
                    map.borrow_mut()
                        .insert(Value::string("errorMessage"), inner);
                }
                document = Value::Map(map.clone());
            }
            body_path_text(&document, path)
        }
        Source::StageVariable(name) => lookup(&request.stage_variables, name, false, false),
        Source::Context(name) => context_text(name, request),
        // Method-request sources are refused when the mapping is read.
        Source::Path(_)
        | Source::Query(_)
        | Source::MultiQuery(_)
        | Source::Header(_)
        | Source::MultiHeader(_) => None,
    }
}

/// `$context.responseOverride`: the status when it is an integer in 100–599 (else ignored, as
/// AWS's peers observed; a string value is open, and ignored here), the headers always.
fn apply_overrides(
    overrides: &Overrides,
    status: &mut u16,
    headers: &mut Vec<(String, String)>,
    explain: &mut Explain,
) {
    if let Some(value) = &overrides.status {
        match value.code() {
            Some(code) => {
                explain.note(format_args!(
                    "responseOverride.status {code} replaces {status}"
                ));
                *status = code;
            }
            None => explain.note(format_args!(
                "responseOverride.status {} is not an integer from 100 to 599: ignored",
                value.to_java_string()
            )),
        }
    }
    for (name, value) in &overrides.headers {
        explain.note(format_args!("responseOverride.header.{name} = {value:?}"));
        set(headers, name, value.clone());
    }
}

/// AWS renames some response headers to `x-amzn-Remapped-<Name>` and drops Transfer-Encoding.
fn remap(headers: Vec<(String, String)>, explain: &mut Explain) -> Vec<(String, String)> {
    headers
        .into_iter()
        .filter_map(|(name, value)| {
            if name.eq_ignore_ascii_case("Transfer-Encoding") {
                explain.note("header Transfer-Encoding dropped, as AWS does");
                return None;
            }
            if REMAPPED.iter().any(|r| r.eq_ignore_ascii_case(&name)) {
                explain.note(format_args!(
                    "header {name} sent as x-amzn-Remapped-{name}, as AWS does"
                ));
                return Some((format!("x-amzn-Remapped-{name}"), value));
            }
            Some((name, value))
        })
        .collect()
}

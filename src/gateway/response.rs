//! The response half: integration outcome → selected integration response → template, parameters
//! and overrides → the status, headers and body the client receives (aws-semantics.md §0 steps 4–8).

use super::answers::GatewayError;
use super::encoding::{Payload, convert, is_binary_media_type};
use super::explain::Explain;
use super::http::{Body, HttpRequest, Response, set};
use super::mapping::{Source, body_path_text, context_text, lookup};
use super::model::{IntegrationResponse, Method};
use super::request::{IntegrationRequest, template_input};
use super::selection::select;
use crate::apigw::payload::parse_payload;
use crate::apigw::{Environment, Overrides};
use crate::render::Variables;
use crate::value::Value;

/// What the integration answered.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Outcome {
    /// A Lambda function that returned this payload.
    LambdaResult(String),
    /// A Lambda function error with this payload (`errorMessage`, `errorType`, `stackTrace`...).
    LambdaError(String),
    /// An HTTP backend's answer.
    Http {
        /// Its status.
        status: u16,
        /// Its headers.
        headers: Vec<(String, String)>,
        /// Its body.
        body: String,
    },
    /// A MOCK integration (no backend).
    Mock,
}

impl Outcome {
    /// A successful Lambda invocation.
    pub fn lambda_result(payload: &str) -> Self {
        Outcome::LambdaResult(payload.to_string())
    }

    /// A Lambda function error.
    pub fn lambda_error(payload: &str) -> Self {
        Outcome::LambdaError(payload.to_string())
    }

    /// An HTTP backend's answer, without headers.
    pub fn http(status: u16, body: &str) -> Self {
        Outcome::Http {
            status,
            headers: Vec::new(),
            body: body.to_string(),
        }
    }

    fn body(&self) -> &str {
        match self {
            Outcome::LambdaResult(body) | Outcome::LambdaError(body) => body,
            Outcome::Http { body, .. } => body,
            Outcome::Mock => "",
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
            let message = match parse_payload(payload) {
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
                "HTTP integration: matching the status {status}"
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
        let responses = &self.integration.responses;
        let selected = match selection_subject(outcome, carried, &mut explain) {
            Err(why) => return self.config_500(request, explain, format_args!("{why}")),
            Ok(None) => responses.iter().find(|r| r.pattern.is_none()),
            Ok(Some(subject)) => select(responses, &subject, &mut explain),
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
                return Payload::Binary(body.as_bytes());
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
            let mut document = parse_payload(outcome.body()).ok()?;
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

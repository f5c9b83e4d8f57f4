//! The answers API Gateway gives on its own — gateway responses — in one place
//! (aws-semantics.md §7): every response type with its default status, `x-amzn-ErrorType` and
//! message, the API's customisations (`x-amazon-apigateway-gateway-responses`,
//! `AWS::ApiGateway::GatewayResponse`), the fallback to DEFAULT_4XX / DEFAULT_5XX, and the
//! templates' plain substitution. Everything that answers on API Gateway's behalf (routing's 403,
//! the 415, validation's 400s, the generic 500s) goes through [`GatewayResponses::answer`].
//!
//! Byte form of the default answers: `{"message": "<message>"}`, a space after the colon. Only the
//! generic 500's length is recorded (36 bytes, aws-semantics.md §7), which this form gives; the
//! other types follow it, a choice kept here ([`default_body`]). AWS's own default template,
//! `{"message":$context.error.messageString}` (recorded by GetGatewayResponses), would give no
//! space, so the default is not run through it.

use super::explain::Explain;
use super::http::{Body, HttpRequest, Response, last, set};
use super::mapping::{ResponseMapping, Source, context_text, gateway_mapping};
use super::model::ModelError;

/// A gateway response type (the list GetGatewayResponses returns on AWS, recorded in LocalStack's
/// `test_gateway_response_crud` snapshot, 2024-04-15).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResponseType {
    /// ACCESS_DENIED, 403.
    AccessDenied,
    /// API_CONFIGURATION_ERROR, 500: no integration response matches and there is no default,
    /// base64 decoding fails, an invalid endpoint (documented, D-GR).
    ApiConfigurationError,
    /// AUTHORIZER_CONFIGURATION_ERROR, 500.
    AuthorizerConfigurationError,
    /// AUTHORIZER_FAILURE, 500.
    AuthorizerFailure,
    /// BAD_REQUEST_BODY, 400: the body fails its model.
    BadRequestBody,
    /// BAD_REQUEST_PARAMETERS, 400: required request parameters are missing.
    BadRequestParameters,
    /// DEFAULT_4XX: no status of its own; the fallback of every 4XX type.
    Default4xx,
    /// DEFAULT_5XX: no status of its own; the fallback of every 5XX type.
    Default5xx,
    /// EXPIRED_TOKEN, 403.
    ExpiredToken,
    /// INTEGRATION_FAILURE, 504.
    IntegrationFailure,
    /// INTEGRATION_TIMEOUT, 504.
    IntegrationTimeout,
    /// INVALID_API_KEY, 403.
    InvalidApiKey,
    /// INVALID_SIGNATURE, 403.
    InvalidSignature,
    /// MISSING_AUTHENTICATION_TOKEN, 403: no resource or method matches.
    MissingAuthenticationToken,
    /// QUOTA_EXCEEDED, 429.
    QuotaExceeded,
    /// REQUEST_TOO_LARGE, 413.
    RequestTooLarge,
    /// RESOURCE_NOT_FOUND, 404.
    ResourceNotFound,
    /// THROTTLED, 429.
    Throttled,
    /// UNAUTHORIZED, 401.
    Unauthorized,
    /// UNSUPPORTED_MEDIA_TYPE, 415: no request template under NEVER / WHEN_NO_TEMPLATES.
    UnsupportedMediaType,
    /// WAF_FILTERED, 403.
    WafFiltered,
}

/// Every type, in AWS's (alphabetical) order: name, default status (`None`: DEFAULT_4XX/5XX),
/// `x-amzn-ErrorType`, default message.
///
/// Statuses: recorded (GetGatewayResponses, LocalStack `test_gateway_response_crud`) and
/// documented (D-GR). `x-amzn-ErrorType`: recorded for MISSING_AUTHENTICATION_TOKEN and the
/// generic 500 (aws-semantics.md §7); the others as LocalStack's gateway_response.py sets them
/// (peer-implementation; several carry a "validate" TODO there). Messages: recorded for
/// MISSING_AUTHENTICATION_TOKEN, BAD_REQUEST_*, the generic 500; documented for 415; community for
/// INTEGRATION_TIMEOUT, THROTTLED, QUOTA_EXCEEDED, UNAUTHORIZED, INVALID_API_KEY; the rest are a
/// choice (the pipeline never produces them: no authorizers, keys, WAF or throttling offline).
const TYPES: [(ResponseType, &str, Option<u16>, &str, &str); 21] = [
    (
        ResponseType::AccessDenied,
        "ACCESS_DENIED",
        Some(403),
        "AccessDeniedException",
        "User is not authorized to access this resource",
    ),
    (
        ResponseType::ApiConfigurationError,
        "API_CONFIGURATION_ERROR",
        Some(500),
        "InternalServerErrorException",
        "Internal server error",
    ),
    (
        ResponseType::AuthorizerConfigurationError,
        "AUTHORIZER_CONFIGURATION_ERROR",
        Some(500),
        "AuthorizerConfigurationException",
        "Internal server error",
    ),
    (
        ResponseType::AuthorizerFailure,
        "AUTHORIZER_FAILURE",
        Some(500),
        "AuthorizerFailureException",
        "Internal server error",
    ),
    (
        ResponseType::BadRequestBody,
        "BAD_REQUEST_BODY",
        Some(400),
        "BadRequestException",
        "Invalid request body",
    ),
    (
        ResponseType::BadRequestParameters,
        "BAD_REQUEST_PARAMETERS",
        Some(400),
        "BadRequestException",
        "Missing required request parameters: []",
    ),
    (
        ResponseType::Default4xx,
        "DEFAULT_4XX",
        None,
        "BadRequestException",
        "Bad Request",
    ),
    (
        ResponseType::Default5xx,
        "DEFAULT_5XX",
        None,
        "InternalServerErrorException",
        "Internal server error",
    ),
    (
        ResponseType::ExpiredToken,
        "EXPIRED_TOKEN",
        Some(403),
        "ExpiredTokenException",
        "The security token included in the request is expired",
    ),
    (
        ResponseType::IntegrationFailure,
        "INTEGRATION_FAILURE",
        Some(504),
        "InternalServerErrorException",
        "Internal server error",
    ),
    (
        ResponseType::IntegrationTimeout,
        "INTEGRATION_TIMEOUT",
        Some(504),
        "InternalServerErrorException",
        "Endpoint request timed out",
    ),
    (
        ResponseType::InvalidApiKey,
        "INVALID_API_KEY",
        Some(403),
        "ForbiddenException",
        "Forbidden",
    ),
    (
        ResponseType::InvalidSignature,
        "INVALID_SIGNATURE",
        Some(403),
        "InvalidSignatureException",
        "Invalid signature",
    ),
    (
        ResponseType::MissingAuthenticationToken,
        "MISSING_AUTHENTICATION_TOKEN",
        Some(403),
        "MissingAuthenticationTokenException",
        "Missing Authentication Token",
    ),
    (
        ResponseType::QuotaExceeded,
        "QUOTA_EXCEEDED",
        Some(429),
        "LimitExceededException",
        "Limit Exceeded",
    ),
    (
        ResponseType::RequestTooLarge,
        "REQUEST_TOO_LARGE",
        Some(413),
        "RequestTooLargeException",
        "Request Too Long",
    ),
    (
        ResponseType::ResourceNotFound,
        "RESOURCE_NOT_FOUND",
        Some(404),
        "ResourceNotFoundException",
        "Not Found",
    ),
    (
        ResponseType::Throttled,
        "THROTTLED",
        Some(429),
        "TooManyRequestsException",
        "Too Many Requests",
    ),
    (
        ResponseType::Unauthorized,
        "UNAUTHORIZED",
        Some(401),
        "UnauthorizedException",
        "Unauthorized",
    ),
    (
        ResponseType::UnsupportedMediaType,
        "UNSUPPORTED_MEDIA_TYPE",
        Some(415),
        // LocalStack sends BadRequestException for its 415 (peer-implementation; open on AWS).
        "BadRequestException",
        "Unsupported Media Type",
    ),
    (
        ResponseType::WafFiltered,
        "WAF_FILTERED",
        Some(403),
        "WafFilteredException",
        "Forbidden",
    ),
];

impl ResponseType {
    fn row(
        self,
    ) -> &'static (
        ResponseType,
        &'static str,
        Option<u16>,
        &'static str,
        &'static str,
    ) {
        TYPES
            .iter()
            .find(|row| row.0 == self)
            .expect("every type has a row")
    }

    /// Every type, in AWS's order.
    pub fn all() -> impl Iterator<Item = ResponseType> {
        TYPES.iter().map(|row| row.0)
    }

    /// AWS's name (`BAD_REQUEST_BODY`).
    pub fn name(self) -> &'static str {
        self.row().1
    }

    /// The type named `name` (exact, as AWS accepts it).
    pub fn from_name(name: &str) -> Option<ResponseType> {
        TYPES.iter().find(|row| row.1 == name).map(|row| row.0)
    }

    /// The default status; `None` for DEFAULT_4XX and DEFAULT_5XX.
    pub fn default_status(self) -> Option<u16> {
        self.row().2
    }

    /// The `x-amzn-ErrorType` header.
    pub fn error_type(self) -> &'static str {
        self.row().3
    }

    /// The default message.
    pub fn default_message(self) -> &'static str {
        self.row().4
    }

    /// The fallback type: DEFAULT_4XX for 4XX types, DEFAULT_5XX for 5XX ones (documented, D-GR).
    pub fn fallback(self) -> Option<ResponseType> {
        match self.default_status() {
            None => None,
            Some(status) if status >= 500 => Some(ResponseType::Default5xx),
            Some(_) => Some(ResponseType::Default4xx),
        }
    }
}

/// One answer API Gateway gives on its own: its type, its message and, for a body that fails its
/// model, the validation errors (`$context.error.validationErrorString`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GatewayError {
    /// The type.
    pub response_type: ResponseType,
    /// `$context.error.message`.
    pub message: String,
    /// `$context.error.validationErrorString`.
    pub validation_error: String,
    /// The status API Gateway sends when the type's default is not it (the Lambda proxy's 502 is a
    /// DEFAULT_5XX with its own status); a customised status still wins.
    pub status: Option<u16>,
}

impl GatewayError {
    /// An error of `response_type` with its default message.
    pub fn new(response_type: ResponseType) -> Self {
        GatewayError {
            response_type,
            message: response_type.default_message().to_string(),
            validation_error: String::new(),
            status: None,
        }
    }

    /// A Lambda proxy integration's failure: a function error, or a result that is not a proxy
    /// response. 502 `{"message": "Internal server error"}` (documented, D-PROXY: "502 Bad
    /// Gateway"; recorded by LocalStack's validated proxy tests).
    ///
    /// Inferred: which gateway response customises it. AWS does not say; INTEGRATION_FAILURE's
    /// own default status is 504, so the 502 is not its default; the one other type that covers
    /// every 5XX is DEFAULT_5XX, and its customisation (template, headers; its status too, if it
    /// sets one) applies here.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::gateway::{GatewayError, ResponseType};
    /// let error = GatewayError::lambda_proxy_failure();
    /// assert_eq!((error.response_type, error.status), (ResponseType::Default5xx, Some(502)));
    /// ```
    pub fn lambda_proxy_failure() -> Self {
        GatewayError {
            status: Some(502),
            ..GatewayError::new(ResponseType::Default5xx)
        }
    }

    /// The same error with another message (`$context.error.message`).
    #[must_use]
    pub fn with_message(mut self, message: &str) -> Self {
        self.message = message.to_string();
        self
    }

    /// The generic 500 of an invalid configuration (API_CONFIGURATION_ERROR).
    pub fn configuration() -> Self {
        GatewayError::new(ResponseType::ApiConfigurationError)
    }

    /// The generic 500 of a failure API Gateway gives no type of its own (a template that fails,
    /// a forbidden mapping, an override set twice): DEFAULT_5XX, as LocalStack raises them
    /// (peer-implementation; the type is not observable without a customisation).
    pub fn internal() -> Self {
        GatewayError::new(ResponseType::Default5xx)
    }

    /// 400 BAD_REQUEST_PARAMETERS naming the missing parameters, in the order given.
    pub fn missing_parameters(names: &[String]) -> Self {
        GatewayError {
            message: format!(
                "Missing required request parameters: [{}]",
                names.join(", ")
            ),
            ..GatewayError::new(ResponseType::BadRequestParameters)
        }
    }

    /// 400 BAD_REQUEST_BODY with the validation errors.
    pub fn invalid_body(validation_error: String) -> Self {
        GatewayError {
            validation_error,
            ..GatewayError::new(ResponseType::BadRequestBody)
        }
    }
}

impl std::fmt::Display for GatewayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.response_type.name(), self.message)?;
        if !self.validation_error.is_empty() {
            write!(f, " {}", self.validation_error)?;
        }
        Ok(())
    }
}

impl std::error::Error for GatewayError {}

/// A customised gateway response.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GatewayResponse {
    /// `statusCode`; unset keeps the type's default.
    pub status: Option<u16>,
    /// `responseParameters`: `gatewayresponse.header.NAME` ← a source, read when added.
    parameters: Vec<ResponseMapping>,
    /// `responseTemplates` by content type; none keeps AWS's default body.
    pub templates: Vec<(String, String)>,
}

impl GatewayResponse {
    /// A customisation that changes nothing yet (the type's status, AWS's default body).
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::gateway::{GatewayResponse, GatewayResponses, ResponseType};
    /// let responses = GatewayResponses::new().customise(
    ///     ResponseType::Default4xx,
    ///     GatewayResponse::new()
    ///         .status(418)
    ///         .parameter("gatewayresponse.header.X-Why", "'teapot'")?
    ///         .template("application/json", r#"{"error": $context.error.messageString}"#),
    /// );
    /// assert_eq!(responses.get(ResponseType::Default4xx).and_then(|r| r.status), Some(418));
    /// # Ok::<(), apigw_vtl::gateway::ModelError>(())
    /// ```
    pub fn new() -> Self {
        GatewayResponse::default()
    }

    /// The status sent instead of the type's default.
    #[must_use]
    pub fn status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// A response parameter: `gatewayresponse.header.NAME` ← `'literal'`,
    /// `method.request.{header|querystring|path}.NAME`, `stageVariables.NAME` or `context.NAME`.
    ///
    /// # Errors
    /// An expression API Gateway refuses (read once here, not per answer).
    pub fn parameter(mut self, target: &str, source: &str) -> Result<Self, ModelError> {
        let mapping = gateway_mapping(target, source).map_err(|why| ModelError::Mapping {
            target: target.to_string(),
            from: source.to_string(),
            why,
        })?;
        self.parameters.push(mapping);
        Ok(self)
    }

    /// The response parameters, as written: (target, source).
    pub fn parameters(&self) -> impl Iterator<Item = (&str, &str)> {
        self.parameters
            .iter()
            .map(|m| (m.target_text.as_str(), m.source_text.as_str()))
    }

    /// A template for a content type (plain substitution, not VTL).
    #[must_use]
    pub fn template(mut self, content_type: &str, template: &str) -> Self {
        self.templates
            .push((content_type.to_string(), template.to_string()));
        self
    }
}

/// The API's gateway responses: its customisations over AWS's defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GatewayResponses {
    custom: Vec<(ResponseType, GatewayResponse)>,
}

/// The default body: `{"message": "<message>"}`, the message JSON-escaped (see the module's doc).
pub fn default_body(message: &str) -> String {
    format!("{{\"message\": {}}}", json_string(message))
}

fn json_string(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

impl GatewayResponses {
    /// One line per customisation, for [`super::Method::describe`].
    pub(crate) fn summary(&self) -> String {
        self.custom
            .iter()
            .map(|(kind, response)| {
                format!(
                    "gateway response {}: status {:?}, parameters {:?}, templates {:?}\n",
                    kind.name(),
                    response.status,
                    response.parameters().collect::<Vec<_>>(),
                    response
                        .templates
                        .iter()
                        .map(|(t, _)| t)
                        .collect::<Vec<_>>()
                )
            })
            .collect()
    }

    /// AWS's defaults only.
    pub fn new() -> Self {
        GatewayResponses::default()
    }

    /// Customises a type (a later one replaces an earlier one of the same type).
    pub fn customise(mut self, response_type: ResponseType, response: GatewayResponse) -> Self {
        self.custom.retain(|(t, _)| *t != response_type);
        self.custom.push((response_type, response));
        self
    }

    /// The customisation of a type, if any.
    pub fn get(&self, response_type: ResponseType) -> Option<&GatewayResponse> {
        self.custom
            .iter()
            .find(|(t, _)| *t == response_type)
            .map(|(_, r)| r)
    }

    /// The answer to `error` for `request`: the type's customisation, else its DEFAULT_4XX /
    /// DEFAULT_5XX customisation, else AWS's default (documented fallback, D-GR).
    pub fn answer(
        &self,
        error: &GatewayError,
        request: &HttpRequest,
        mut explain: Explain,
    ) -> Response {
        let kind = error.response_type;
        let (custom, from) = match self.get(kind) {
            Some(custom) => (Some(custom), kind),
            None => match kind.fallback().and_then(|f| self.get(f).map(|c| (c, f))) {
                Some((custom, fallback)) => (Some(custom), fallback),
                None => (None, kind),
            },
        };
        let default_status = kind
            .default_status()
            .unwrap_or(if kind == ResponseType::Default4xx {
                400
            } else {
                500
            });
        let status = custom
            .and_then(|c| c.status)
            .or(error.status)
            .unwrap_or(default_status);
        match custom {
            None => explain.note(format_args!(
                "gateway response {}: AWS's default ({status} {:?})",
                kind.name(),
                error.message
            )),
            Some(_) if from == kind => explain.note(format_args!(
                "gateway response {}: customised by the API (status {status})",
                kind.name()
            )),
            Some(_) => explain.note(format_args!(
                "gateway response {}: not customised; the API's {} applies (status {status})",
                kind.name(),
                from.name()
            )),
        }
        let templates = custom.map_or(&[][..], |c| c.templates.as_slice());
        let (content_type, body) = match choose_template(templates, request) {
            None => ("application/json".to_string(), default_body(&error.message)),
            Some((content_type, template)) => {
                explain.note(format_args!(
                    "gateway response template `{content_type}` (plain substitution)"
                ));
                (
                    content_type.to_string(),
                    substitute(template, error, request),
                )
            }
        };
        let mut headers = vec![
            ("Content-Type".to_string(), content_type),
            (
                "x-amzn-ErrorType".to_string(),
                kind.error_type().to_string(),
            ),
        ];
        for mapping in custom.map_or(&[][..], |c| c.parameters.as_slice()) {
            let (name, source) = (&mapping.name, &mapping.source_text);
            match source_value(&mapping.source, request) {
                Some(value) => {
                    explain.note(format_args!("header {name} = {value:?} from `{source}`"));
                    set(&mut headers, name, value);
                }
                None => explain.note(format_args!(
                    "header {name}: `{source}` has no value, not set"
                )),
            }
        }
        explain.note(format_args!("final status {status}"));
        Response::new(status, headers, Body::Text(body), explain)
    }
}

/// The template: the Accept header's first type, else `application/json`, else the first one —
/// the integration responses' rule (aws-semantics.md §3), applied here too (open for gateway
/// responses).
fn choose_template<'t>(
    templates: &'t [(String, String)],
    request: &HttpRequest,
) -> Option<(&'t str, &'t str)> {
    let find = |wanted: &str| {
        templates
            .iter()
            .find(|(ct, _)| ct.eq_ignore_ascii_case(wanted))
            .map(|(ct, t)| (ct.as_str(), t.as_str()))
    };
    if let Some(accept) = request.accept()
        && let Some(found) = find(&accept)
    {
        return Some(found);
    }
    find("application/json").or_else(|| templates.first().map(|(ct, t)| (ct.as_str(), t.as_str())))
}

/// A `responseParameters` source: `method.request.{header|querystring|path}.N`, `context.N`,
/// `stageVariables.N`, `'literal'` (D-GR, the sources listed for gateway responses).
fn source_value(source: &Source, request: &HttpRequest) -> Option<String> {
    let owned = |value: Option<&str>| value.map(str::to_string);
    match source {
        Source::Literal(text) => Some(text.clone()),
        Source::Header(name) => owned(request.header_value(name)),
        Source::Query(name) => owned(last(&request.querystring, name)),
        Source::Path(name) => owned(last(&request.path_parameters, name)),
        Source::StageVariable(name) => owned(last(&request.stage_variables, name)),
        Source::Context(name) => context_text(name, request),
        // Other sources are refused when the mapping is read.
        _ => None,
    }
}

/// Plain substitution, not VTL (D-VAR): `$context.error.message`, `$context.error.messageString`
/// (the message as a JSON string, quotes included), `$context.error.responseType`,
/// `$context.error.validationErrorString`, other `$context.*` and `$stageVariables.*` (unknown ones
/// print nothing); `${...}` braces accepted. Anything else is kept as written.
pub(crate) fn substitute(template: &str, error: &GatewayError, request: &HttpRequest) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (braced, body) = match after.strip_prefix('{') {
            Some(inner) => (true, inner),
            None => (false, after),
        };
        let length = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(body.len());
        let mut name = &body[..length];
        // A dot that ends a sentence is not part of the name.
        name = name.trim_end_matches('.');
        let closes = !braced || body[name.len()..].starts_with('}');
        let value = if closes {
            variable(name, error, request)
        } else {
            None
        };
        match value {
            Some(value) => {
                out.push_str(&value);
                let consumed = usize::from(braced) * 2 + name.len();
                rest = &after[consumed..];
            }
            None => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn variable(name: &str, error: &GatewayError, request: &HttpRequest) -> Option<String> {
    if let Some(field) = name.strip_prefix("context.error.") {
        return Some(match field {
            "message" => error.message.clone(),
            "messageString" => json_string(&error.message),
            "responseType" => error.response_type.name().to_string(),
            "validationErrorString" => error.validation_error.clone(),
            _ => String::new(),
        });
    }
    if let Some(field) = name.strip_prefix("context.") {
        return Some(context_text(field, request).unwrap_or_default());
    }
    if let Some(field) = name.strip_prefix("stageVariables.") {
        return Some(
            last(&request.stage_variables, field)
                .unwrap_or_default()
                .to_string(),
        );
    }
    None
}

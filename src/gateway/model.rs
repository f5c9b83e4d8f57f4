//! The integration as plain data, compiled once: templates parsed and selection patterns translated
//! when the model is built, never per call.

use std::sync::Arc;

use super::answers::GatewayResponses;
use super::backend::Backend;
use super::encoding::ContentHandling;
use super::mapping::{RequestMapping, ResponseMapping, request_mapping, response_mapping};
#[cfg(feature = "validation")]
use super::validation::RequestValidation;
use crate::java::regex::{JavaRegex, RegexError};
use crate::syntax::{ParseError, Template};

/// A model that cannot be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// A selection pattern that is not a Java regex we can run.
    #[error("selection pattern `{pattern}` of the {status} response: {source}")]
    Pattern {
        /// The pattern.
        pattern: String,
        /// The response's status.
        status: u16,
        /// Why (boxed: keeps `Result<_, ModelError>` small).
        source: Box<RegexError>,
    },
    /// A parameter mapping expression API Gateway would refuse (it refuses them when it deploys the
    /// method: "Invalid mapping expression specified").
    #[error("parameter mapping `{target}` <- `{from}`: {why}")]
    Mapping {
        /// The target, as written.
        target: String,
        /// The source expression, as written.
        from: String,
        /// What is wrong.
        why: String,
    },
    /// A mapping template that does not parse.
    #[error("the `{content_type}` template does not parse: {source}")]
    Template {
        /// Its content type.
        content_type: String,
        /// Why.
        source: ParseError,
    },
}

/// The integration's type. Proxy types pass through and need no templates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IntegrationType {
    /// `AWS`: Lambda non-proxy, or another AWS service (which the URI says, [`Backend`]).
    Aws,
    /// `HTTP`: an HTTP backend, non-proxy.
    Http,
    /// `MOCK`: no backend; the request template's `statusCode` selects the response.
    Mock,
    /// `AWS_PROXY`.
    AwsProxy,
    /// `HTTP_PROXY`.
    HttpProxy,
}

impl IntegrationType {
    /// AWS's name: `AWS`, `AWS_PROXY`, `HTTP`, `HTTP_PROXY` or `MOCK`.
    pub fn name(self) -> &'static str {
        match self {
            IntegrationType::Aws => "AWS",
            IntegrationType::Http => "HTTP",
            IntegrationType::Mock => "MOCK",
            IntegrationType::AwsProxy => "AWS_PROXY",
            IntegrationType::HttpProxy => "HTTP_PROXY",
        }
    }

    /// Whether it is a proxy integration (no templates, no integration responses).
    pub fn is_proxy(self) -> bool {
        matches!(self, IntegrationType::AwsProxy | IntegrationType::HttpProxy)
    }
}

/// What happens to a request whose Content-Type has no template (aws-semantics.md §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum PassthroughBehavior {
    /// The body passes through unchanged (AWS's default).
    #[default]
    WhenNoMatch,
    /// Passes through only if the integration has no templates at all; else 415.
    WhenNoTemplates,
    /// 415.
    Never,
}

/// Templates by content type, in the definition's order (AWS keeps them in a map; "the first
/// existing template" is open, aws-semantics.md §3, so the definition's order stands in for it).
///
/// A template read from a definition file may not parse: AWS accepts it at deployment and answers
/// its 500 when it runs (aws-semantics.md §7), so the parse error is kept in its place.
#[derive(Debug, Default)]
pub struct ContentTemplates {
    entries: Vec<(String, Result<Template, ParseError>)>,
}

impl ContentTemplates {
    fn add(&mut self, content_type: &str, source: &str) -> Result<(), ModelError> {
        let template = Template::parse(source).map_err(|source| ModelError::Template {
            content_type: content_type.to_string(),
            source,
        })?;
        self.add_parsed(content_type, Ok(template));
        Ok(())
    }

    fn add_parsed(&mut self, content_type: &str, template: Result<Template, ParseError>) {
        self.entries
            .push((content_type.to_ascii_lowercase(), template));
    }

    /// The template for exactly this content type (or why it does not parse).
    pub fn get(&self, content_type: &str) -> Option<Result<&Template, &ParseError>> {
        let wanted = content_type.to_ascii_lowercase();
        self.entries
            .iter()
            .find(|(ct, _)| *ct == wanted)
            .map(|(_, t)| t.as_ref())
    }

    /// The first template of the definition, with its content type.
    pub fn first(&self) -> Option<(&str, Result<&Template, &ParseError>)> {
        self.entries
            .first()
            .map(|(ct, t)| (ct.as_str(), t.as_ref()))
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// One integration response: the pattern that selects it, its status, templates and parameters.
#[derive(Debug)]
pub struct IntegrationResponse {
    pub(crate) status: u16,
    pub(crate) pattern: Option<(String, JavaRegex)>,
    pub(crate) templates: ContentTemplates,
    pub(crate) parameters: Vec<ResponseMapping>,
    pub(crate) content_handling: Option<ContentHandling>,
}

impl IntegrationResponse {
    /// A response for `status`, without a pattern (the default response until [`Self::pattern`]).
    pub fn new(status: u16) -> Self {
        IntegrationResponse {
            status,
            pattern: None,
            templates: ContentTemplates::default(),
            parameters: Vec::new(),
            content_handling: None,
        }
    }

    /// How the payload is converted on its way to the client (unset: toward the Accept type).
    pub fn content_handling(mut self, handling: ContentHandling) -> Self {
        self.content_handling = Some(handling);
        self
    }

    /// The selection pattern: a Java regex, matched as a whole (`String.matches`). An empty pattern
    /// keeps this the default response.
    ///
    /// # Errors
    /// A pattern that cannot be translated (the error names the construct).
    pub fn pattern(mut self, pattern: &str) -> Result<Self, ModelError> {
        if pattern.is_empty() {
            self.pattern = None;
            return Ok(self);
        }
        let regex = JavaRegex::new(pattern).map_err(|source| ModelError::Pattern {
            pattern: pattern.to_string(),
            status: self.status,
            source: Box::new(source),
        })?;
        self.pattern = Some((pattern.to_string(), regex));
        Ok(self)
    }

    /// A response template for a content type.
    ///
    /// # Errors
    /// A template that does not parse.
    pub fn template(mut self, content_type: &str, source: &str) -> Result<Self, ModelError> {
        self.templates.add(content_type, source)?;
        Ok(self)
    }

    /// A response template as deployed: one that does not parse is kept, and answers AWS's 500
    /// when the response is selected (AWS does not check templates when it deploys them).
    pub fn template_as_deployed(
        mut self,
        content_type: &str,
        template: Result<Template, ParseError>,
    ) -> Self {
        self.templates.add_parsed(content_type, template);
        self
    }

    /// A response parameter: `method.response.header.NAME` ← a source (`integration.response.header.N`,
    /// `integration.response.body`, `integration.response.body.JSONPATH`, `'literal'`, `context.N`,
    /// `stageVariables.N`).
    ///
    /// # Errors
    /// An expression API Gateway refuses (read once here, not per request).
    pub fn parameter(mut self, target: &str, source: &str) -> Result<Self, ModelError> {
        let mapping =
            response_mapping(target, source).map_err(|why| mapping_error(target, source, why))?;
        self.parameters.push(mapping);
        Ok(self)
    }
}

/// The integration timeout when none is set: 29 seconds (documented, aws-semantics.md §6).
pub const DEFAULT_TIMEOUT_MILLIS: u32 = 29_000;

/// The integration of a method.
#[derive(Debug)]
pub struct Integration {
    pub(crate) kind: IntegrationType,
    pub(crate) uri: Option<String>,
    pub(crate) backend: Backend,
    pub(crate) http_method: Option<String>,
    pub(crate) timeout_millis: u32,
    pub(crate) request_templates: ContentTemplates,
    pub(crate) passthrough: PassthroughBehavior,
    pub(crate) request_parameters: Vec<RequestMapping>,
    pub(crate) responses: Vec<IntegrationResponse>,
    pub(crate) content_handling: Option<ContentHandling>,
}

impl Integration {
    /// An integration of the given type, with nothing configured.
    pub fn new(kind: IntegrationType) -> Self {
        Integration {
            kind,
            uri: None,
            backend: Backend::classify(kind, None),
            http_method: None,
            timeout_millis: DEFAULT_TIMEOUT_MILLIS,
            request_templates: ContentTemplates::default(),
            passthrough: PassthroughBehavior::default(),
            request_parameters: Vec::new(),
            responses: Vec::new(),
            content_handling: None,
        }
    }

    /// Its type.
    pub fn kind(&self) -> IntegrationType {
        self.kind
    }

    /// The backend's address: an `arn:aws:apigateway:…` URI (`AWS`, `AWS_PROXY`) or a URL (`HTTP`,
    /// `HTTP_PROXY`), as evaluated (a CloudFormation intrinsic must be evaluated first). It is
    /// classified once, here ([`Integration::backend`]).
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::gateway::{Backend, Integration, IntegrationType};
    /// let sqs = Integration::new(IntegrationType::Aws)
    ///     .uri("arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders")
    ///     .http_method("post")
    ///     .timeout_millis(5_000);
    /// assert!(matches!(sqs.backend(), Backend::Service { service, .. } if service == "sqs"));
    /// assert_eq!(sqs.timeout(), 5_000);
    /// assert_eq!(Integration::lambda().timeout(), 29_000);
    /// ```
    #[must_use]
    pub fn uri(mut self, uri: &str) -> Self {
        self.backend = Backend::classify(self.kind, Some(uri));
        self.uri = Some(uri.to_string());
        self
    }

    /// The URI, if set.
    pub fn uri_text(&self) -> Option<&str> {
        self.uri.as_deref()
    }

    /// What the URI names: a Lambda function, an AWS service's action or path, an HTTP endpoint.
    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// The HTTP method of the call to the backend (`httpMethod`, `IntegrationHttpMethod`; `POST`
    /// for Lambda).
    #[must_use]
    pub fn http_method(mut self, method: &str) -> Self {
        self.http_method = Some(method.to_ascii_uppercase());
        self
    }

    /// The integration timeout in milliseconds (`timeoutInMillis`; default
    /// [`DEFAULT_TIMEOUT_MILLIS`]). Kept for a caller that calls a real backend; invoking with a
    /// given outcome does not wait.
    #[must_use]
    pub fn timeout_millis(mut self, millis: u32) -> Self {
        self.timeout_millis = millis;
        self
    }

    /// The integration timeout in milliseconds.
    pub fn timeout(&self) -> u32 {
        self.timeout_millis
    }

    /// A Lambda non-proxy integration (`AWS`).
    pub fn lambda() -> Self {
        Integration::new(IntegrationType::Aws)
    }

    /// A request template for a content type.
    ///
    /// # Errors
    /// A template that does not parse.
    pub fn request_template(
        mut self,
        content_type: &str,
        source: &str,
    ) -> Result<Self, ModelError> {
        self.request_templates.add(content_type, source)?;
        Ok(self)
    }

    /// A request template as deployed (see [`IntegrationResponse::template_as_deployed`]).
    pub fn request_template_as_deployed(
        mut self,
        content_type: &str,
        template: Result<Template, ParseError>,
    ) -> Self {
        self.request_templates.add_parsed(content_type, template);
        self
    }

    /// The passthrough behaviour.
    pub fn passthrough(mut self, behavior: PassthroughBehavior) -> Self {
        self.passthrough = behavior;
        self
    }

    /// A request parameter: `integration.request.{path|querystring|header}.NAME` ← a source
    /// (`method.request.{path|querystring|header|multivaluequerystring|multivalueheader}.N`,
    /// `method.request.body`, `method.request.body.JSONPATH`, `stageVariables.N`, `context.N`,
    /// `'literal'`).
    ///
    /// # Errors
    /// An expression API Gateway refuses (read once here, not per request).
    pub fn request_parameter(mut self, target: &str, source: &str) -> Result<Self, ModelError> {
        let mapping =
            request_mapping(target, source).map_err(|why| mapping_error(target, source, why))?;
        self.request_parameters.push(mapping);
        Ok(self)
    }

    /// How the request payload is converted on its way to the integration (unset: as it is).
    pub fn content_handling(mut self, handling: ContentHandling) -> Self {
        self.content_handling = Some(handling);
        self
    }

    /// An integration response.
    pub fn response(mut self, response: IntegrationResponse) -> Self {
        self.responses.push(response);
        self
    }
}

/// A method: its integration and the statuses it declares method responses for.
#[derive(Debug)]
pub struct Method {
    pub(crate) integration: Integration,
    pub(crate) api_key_required: bool,
    pub(crate) method_responses: Vec<u16>,
    pub(crate) binary_media_types: Vec<String>,
    #[cfg(feature = "validation")]
    pub(crate) validation: Option<RequestValidation>,
    pub(crate) gateway_responses: Arc<GatewayResponses>,
}

impl Method {
    /// A method over `integration`, with no method responses yet.
    pub fn new(integration: Integration) -> Self {
        Method {
            integration,
            api_key_required: false,
            method_responses: Vec::new(),
            binary_media_types: Vec::new(),
            #[cfg(feature = "validation")]
            validation: None,
            gateway_responses: Arc::default(),
        }
    }

    /// The request validator in force and what it checks.
    #[cfg(feature = "validation")]
    pub fn validation(mut self, validation: RequestValidation) -> Self {
        self.validation = Some(validation);
        self
    }

    /// The API's gateway responses (shared by its methods).
    pub fn gateway_responses(mut self, responses: Arc<GatewayResponses>) -> Self {
        self.gateway_responses = responses;
        self
    }

    /// Its integration.
    pub fn integration(&self) -> &Integration {
        &self.integration
    }

    /// Whether a client must send an API key (`x-api-key`) to call it (`apiKeyRequired`). The
    /// check belongs to the door (`Api::prepare`), which knows the API's key source and the valid
    /// keys.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::gateway::{Integration, IntegrationType, Method};
    /// let method = Method::new(Integration::new(IntegrationType::Mock)).api_key_required(true);
    /// assert!(method.requires_api_key());
    /// ```
    #[must_use]
    pub fn api_key_required(mut self, required: bool) -> Self {
        self.api_key_required = required;
        self
    }

    /// Whether it requires an API key.
    pub fn requires_api_key(&self) -> bool {
        self.api_key_required
    }

    /// The statuses that have a method response.
    pub fn method_responses(mut self, statuses: impl IntoIterator<Item = u16>) -> Self {
        self.method_responses.extend(statuses);
        self
    }

    /// The API's `binaryMediaTypes` (`image/png`, `image/*`, `*/*`).
    pub fn binary_media_types(mut self, types: Vec<String>) -> Self {
        self.binary_media_types = types;
        self
    }

    /// A summary a person can read (and a snapshot can pin): the integration, its templates (and
    /// whether each parses), parameters, responses and method responses.
    pub fn describe(&self) -> String {
        use std::fmt::Write;
        let integration = &self.integration;
        let mut out = format!(
            "integration {:?}, passthrough {:?}, contentHandling {:?}\n",
            integration.kind, integration.passthrough, integration.content_handling
        );
        if integration.kind != IntegrationType::Mock {
            let _ = writeln!(
                out,
                "  calls {} ({} {}), timeout {} ms",
                integration.backend.describe(),
                integration.http_method.as_deref().unwrap_or("-"),
                integration.uri.as_deref().unwrap_or("-"),
                integration.timeout_millis
            );
        }
        if self.api_key_required {
            out.push_str("  requires an API key\n");
        }
        let templates = |out: &mut String, what: &str, templates: &ContentTemplates| {
            for (content_type, template) in &templates.entries {
                let state = match template {
                    Ok(_) => "parses".to_string(),
                    Err(error) => format!("does not parse: {}:{}", error.line(), error.column()),
                };
                let _ = writeln!(out, "  {what} template {content_type} ({state})");
            }
        };
        templates(&mut out, "request", &integration.request_templates);
        for mapping in &integration.request_parameters {
            let _ = writeln!(
                out,
                "  request parameter {} <- {}",
                mapping.target_text, mapping.source_text
            );
        }
        for response in &integration.responses {
            let pattern = response
                .pattern
                .as_ref()
                .map_or_else(|| "default".to_string(), |(p, _)| format!("{p:?}"));
            let _ = writeln!(
                out,
                "response {} selected by {pattern}, contentHandling {:?}",
                response.status, response.content_handling
            );
            templates(&mut out, "response", &response.templates);
            for mapping in &response.parameters {
                let _ = writeln!(
                    out,
                    "  response parameter {} <- {}",
                    mapping.target_text, mapping.source_text
                );
            }
        }
        let _ = writeln!(out, "method responses {:?}", self.method_responses);
        #[cfg(feature = "validation")]
        if let Some(validation) = &self.validation {
            let _ = writeln!(out, "{}", validation.summary());
        }
        out.push_str(&self.gateway_responses.summary());
        if !self.binary_media_types.is_empty() {
            let _ = writeln!(out, "binary media types {:?}", self.binary_media_types);
        }
        out
    }
}

fn mapping_error(target: &str, source: &str, why: String) -> ModelError {
    ModelError::Mapping {
        target: target.to_string(),
        from: source.to_string(),
        why,
    }
}

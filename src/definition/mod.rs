//! API definitions: OpenAPI 3 and Swagger 2 exports and CloudFormation / SAM templates, in JSON or
//! YAML, read into one model: the API's methods (each a [`crate::gateway::Method`]) on a router.
//!
//! Owns: finding the format, reading every field API Gateway uses (case-insensitive enumerations,
//! as AWS reads them), errors that name the file, the line and column and the key path, and
//! routing a request to its method. Templates are parsed once here; one that does not parse is
//! kept as AWS keeps it (it answers 500 when it runs) and listed by [`Api::template_errors`].
//!
//! # Examples
//! ```
//! use apigw_vtl::definition::Api;
//! let api = Api::parse("api.yaml", r#"
//! openapi: "3.0.1"
//! paths:
//!   /pets/{id}:
//!     get:
//!       responses: {"200": {description: ok}}
//!       x-amazon-apigateway-integration:
//!         type: mock
//!         requestTemplates: {application/json: '{"statusCode": 200}'}
//!         responses: {default: {statusCode: "200"}}
//! "#)?;
//! let route = api.route("GET", "/pets/42").expect("routed");
//! assert_eq!(route.method.resource_path(), "/pets/{id}");
//! assert_eq!(route.path_parameters, vec![("id".to_string(), "42".to_string())]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod cloudformation;
pub(crate) mod document;
mod error;
mod integration;
mod json;
pub(crate) mod models;
mod openapi;
mod read;
mod sam;
mod source_map;

pub use error::{DefinitionError, ErrorKind, Location, TemplateError};
pub use models::RequestModel;
pub use read::TemplateSite;

use std::sync::Arc;

use crate::gateway::{
    GatewayResponses, Method, ParameterPlace, RequestValidation, RouteMiss, Router,
};

/// Which kind of file it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// OpenAPI 3.
    OpenApi3,
    /// Swagger 2.
    Swagger2,
    /// CloudFormation (SAM included).
    CloudFormation,
}

/// Where API keys come from (`x-amazon-apigateway-api-key-source`, `ApiKeySourceType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ApiKeySource {
    /// The request's `x-api-key` header (AWS's default).
    #[default]
    Header,
    /// A Lambda authorizer's `usageIdentifierKey`.
    Authorizer,
}

/// Where a request parameter is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParameterLocation {
    /// `method.request.path.N`.
    Path,
    /// `method.request.querystring.N`.
    Query,
    /// `method.request.header.N`.
    Header,
}

/// A request parameter the method declares.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct MethodParameter {
    /// Where.
    pub location: ParameterLocation,
    /// Its name.
    pub name: String,
    /// Whether a validator that checks parameters requires it.
    pub required: bool,
}

/// A request validator.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Validator {
    /// Its name (OpenAPI) or logical id (CloudFormation).
    pub name: String,
    /// `validateRequestParameters`.
    pub parameters: bool,
    /// `validateRequestBody`.
    pub body: bool,
}

/// One method of the API: where it is, what it declares, and the gateway's model of it.
#[derive(Debug)]
pub struct ApiMethod {
    pub(crate) resource_path: String,
    pub(crate) http_method: String,
    pub(crate) gateway: Method,
    pub(crate) parameters: Vec<MethodParameter>,
    pub(crate) validator: Option<Validator>,
    pub(crate) request_models: Vec<(String, RequestModel)>,
    pub(crate) location: (usize, usize),
}

impl ApiMethod {
    /// The resource path (`/pets/{id}`).
    pub fn resource_path(&self) -> &str {
        &self.resource_path
    }

    /// `GET`, `POST`... or `ANY`.
    pub fn http_method(&self) -> &str {
        &self.http_method
    }

    /// The integration, its responses and validation, as the gateway runs them (drive it directly
    /// to test one half; [`Api::invoke`] runs the whole request).
    pub fn gateway_method(&self) -> &Method {
        &self.gateway
    }

    /// Declared request parameters.
    pub fn parameters(&self) -> &[MethodParameter] {
        &self.parameters
    }

    /// The request validator in force.
    pub fn validator(&self) -> Option<&Validator> {
        self.validator.as_ref()
    }

    /// Request models by content type.
    pub fn request_models(&self) -> &[(String, RequestModel)] {
        &self.request_models
    }

    /// A summary a person can read: [`Method::describe`].
    pub fn describe(&self) -> String {
        self.gateway.describe()
    }
}

/// A request routed to its method.
#[derive(Debug)]
#[non_exhaustive]
pub struct RoutedMethod<'a> {
    /// The method.
    pub method: &'a ApiMethod,
    /// Path parameters, in the resource path's order.
    pub path_parameters: Vec<(String, String)>,
    pub(crate) index: usize,
}

/// An API read from a definition file.
#[derive(Debug)]
pub struct Api {
    format: Format,
    methods: Vec<ApiMethod>,
    binary_media_types: Vec<String>,
    api_key_source: ApiKeySource,
    gateway_responses: Arc<GatewayResponses>,
    stage_name: Option<String>,
    templates: Vec<TemplateSite>,
    router: Router<usize>,
    models: Vec<(String, serde_json::Value)>,
}

impl Api {
    /// Reads a definition file.
    ///
    /// # Errors
    /// The file cannot be read (its error names it), or what [`Api::parse`] reports.
    pub fn load(path: &std::path::Path) -> Result<Api, DefinitionError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| {
            DefinitionError::new(
                &name,
                Location::default(),
                ErrorKind::Unreadable(error.to_string()),
            )
        })?;
        Api::parse(&name, &text)
    }

    /// Reads a definition from its text; `file` names it in errors (a `.json` name makes JSON's
    /// own syntax rules apply).
    ///
    /// # Errors
    /// Not YAML or JSON, not an API definition, or a value API Gateway would refuse; each error
    /// has the line, the column and the key path.
    pub fn parse(file: &str, text: &str) -> Result<Api, DefinitionError> {
        let root = document::load(file, text)?;
        let mut reader = read::Reader::new(file, text);
        let (
            format,
            mut methods,
            binary_media_types,
            models,
            gateway_responses,
            stage_name,
            api_key_source,
        ) = if root.get("openapi").is_some() || root.get("swagger").is_some() {
            let format = if root.get("openapi").is_some() {
                Format::OpenApi3
            } else {
                Format::Swagger2
            };
            let document = openapi::read(&mut reader, &root, "")?;
            (
                format,
                document.methods,
                document.binary_media_types,
                document.models,
                document.gateway_responses,
                // An export describes the API, not where it is deployed.
                None,
                document.api_key_source,
            )
        } else if root.get("Resources").is_some() || root.get("AWSTemplateFormatVersion").is_some()
        {
            let stack = cloudformation::read(&mut reader, &root)?;
            (
                Format::CloudFormation,
                stack.methods,
                stack.binary_media_types,
                stack.models,
                stack.gateway_responses,
                stack.stage_name,
                stack.api_key_source,
            )
        } else {
            return Err(reader.error(&root, "", ErrorKind::NotAnApi));
        };
        let gateway_responses = Arc::new(gateway_responses);
        for method in &mut methods {
            let validation = validation(file, method, &models)?;
            let built = std::mem::replace(
                &mut method.gateway,
                Method::new(crate::gateway::Integration::lambda()),
            );
            let mut built = built.gateway_responses(Arc::clone(&gateway_responses));
            if let Some(validation) = validation {
                built = built.validation(validation);
            }
            method.gateway = built;
        }
        let mut router = Router::new();
        for (index, method) in methods.iter().enumerate() {
            router
                .add(&method.resource_path, &method.http_method, index)
                .map_err(|error| {
                    DefinitionError::new(
                        file,
                        Location::at(method.location.0, method.location.1),
                        ErrorKind::Route(error),
                    )
                })?;
        }
        Ok(Api {
            format,
            methods,
            binary_media_types,
            api_key_source,
            gateway_responses,
            stage_name,
            templates: reader.templates,
            router,
            models,
        })
    }

    /// The method a request reaches (API Gateway's routing), with its path parameters.
    ///
    /// # Errors
    /// No resource or method matches: API Gateway answers 403 Missing Authentication Token.
    pub fn route(&self, http_method: &str, path: &str) -> Result<RoutedMethod<'_>, RouteMiss> {
        let route = self.router.route(http_method, path)?;
        let index = *route.value;
        Ok(RoutedMethod {
            // The router holds indexes into `methods`, built together in `parse`.
            method: &self.methods[index],
            path_parameters: route.path_parameters,
            index,
        })
    }

    /// The method at `index` (as [`RoutedMethod`] names it).
    pub(crate) fn method_at(&self, index: usize) -> Option<&ApiMethod> {
        self.methods.get(index)
    }

    /// The file's format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The methods, in file order.
    pub fn methods(&self) -> &[ApiMethod] {
        &self.methods
    }

    /// `binaryMediaTypes`.
    pub fn binary_media_types(&self) -> &[String] {
        &self.binary_media_types
    }

    /// Where the API's keys come from: the `x-api-key` header (the default) or a Lambda
    /// authorizer.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::definition::{Api, ApiKeySource};
    /// let api = Api::parse("api.yaml", "openapi: 3.0.1\nx-amazon-apigateway-api-key-source: AUTHORIZER\npaths: {}\n")?;
    /// assert_eq!(api.api_key_source(), ApiKeySource::Authorizer);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn api_key_source(&self) -> ApiKeySource {
        self.api_key_source
    }

    /// The gateway responses (customisations over AWS's defaults), shared with every method.
    pub fn gateway_responses(&self) -> &GatewayResponses {
        &self.gateway_responses
    }

    /// The stage the definition deploys the API to, where it names one: the `StageName` of its
    /// `AWS::Serverless::Api`, or for an `AWS::ApiGateway::RestApi` the `StageName` of an
    /// `AWS::ApiGateway::Stage` that refers to it (else of an `AWS::ApiGateway::Deployment` that
    /// does); `Prod` for SAM's implicit API (a function's `Api` event without `RestApiId`).
    ///
    /// `None` when the definition names none (OpenAPI and Swagger exports never do; nor does a
    /// `StageName` written as an intrinsic function, such as `!Ref StageParameter`, for now):
    /// the caller then uses its own default, `prod`.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::definition::Api;
    /// let api = Api::parse("template.yaml", "
    /// Resources:
    ///   Api:
    ///     Type: AWS::ApiGateway::RestApi
    ///     Properties: {Name: pets}
    ///   V1:
    ///     Type: AWS::ApiGateway::Stage
    ///     Properties: {RestApiId: !Ref Api, DeploymentId: !Ref Deployment, StageName: v1}
    /// ")?;
    /// assert_eq!(api.stage_name(), Some("v1"));
    ///
    /// let export = Api::parse("openapi.yaml", "openapi: 3.0.1\npaths: {}\n")?;
    /// assert_eq!(export.stage_name(), None);
    /// assert_eq!(export.stage_name().unwrap_or("prod"), "prod");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stage_name(&self) -> Option<&str> {
        self.stage_name.as_deref()
    }

    /// The file's request models by name, as JSON Schema (a reference to another model is
    /// `#/definitions/apigw-model:NAME`): what `apigw-vtl scaffold` builds a valid body from.
    pub fn models(&self) -> &[(String, serde_json::Value)] {
        &self.models
    }

    /// Every mapping template of the file, with where it stands.
    pub fn templates(&self) -> &[TemplateSite] {
        &self.templates
    }

    /// The templates that do not parse, each an [`ErrorKind::Template`] at the failing
    /// character's line and column in the file.
    pub fn template_errors(&self) -> impl Iterator<Item = &DefinitionError> {
        self.templates.iter().filter_map(|site| site.error.as_ref())
    }
}

/// The method's request validation: its validator's flags, its required parameters and its models
/// compiled (a model that does not compile is an error of the file).
fn validation(
    file: &str,
    method: &ApiMethod,
    models: &[(String, serde_json::Value)],
) -> Result<Option<RequestValidation>, DefinitionError> {
    let Some(validator) = &method.validator else {
        return Ok(None);
    };
    let mut validation = RequestValidation::new(validator.parameters, validator.body);
    for parameter in method.parameters.iter().filter(|p| p.required) {
        let place = match parameter.location {
            ParameterLocation::Path => ParameterPlace::Path,
            ParameterLocation::Query => ParameterPlace::Query,
            ParameterLocation::Header => ParameterPlace::Header,
        };
        validation = validation.require(place, &parameter.name);
    }
    if validator.body {
        for (content_type, model) in &method.request_models {
            let compiled = models::compile(models, model).map_err(|error| {
                DefinitionError::new(
                    file,
                    Location::at(method.location.0, method.location.1),
                    ErrorKind::Expected {
                        expected: format!(
                            "a request model API Gateway can run for `{content_type}` of {} {}",
                            method.http_method, method.resource_path
                        ),
                        found: error.to_string(),
                    },
                )
            })?;
            validation = validation.model(content_type, compiled);
        }
    }
    Ok(Some(validation))
}

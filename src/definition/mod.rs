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
mod include;
mod integration;
mod intrinsics;
mod json;
pub(crate) mod models;
mod openapi;
mod options;
pub(crate) mod read;
mod sam;
#[cfg(feature = "lint")]
pub(crate) mod sites;
mod source_map;
mod standins;

pub use error::{DefinitionError, ErrorKind, Location, TemplateError, Warning};
pub use models::RequestModel;
pub use options::DefinitionOptions;
pub use read::TemplateSite;
pub use standins::StandIn;

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
    /// Where it is defined: the file (of the definition's files) and the line and column.
    pub(crate) location: (document::FileId, usize, usize),
    pub(crate) stand_ins: Vec<StandIn>,
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

    /// The stand-ins the method's values were made with (a CloudFormation template's
    /// `${OrdersTable}` in a mapping template, a pseudo parameter's default), in the order read;
    /// [`Api::invoke`]'s trace lists them.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::definition::Api;
    /// let api = Api::load("corpus/danielhttp/api.sam.yaml".as_ref())?;
    /// let method = &api.methods()[0];
    /// assert_eq!(method.stand_ins()[0].expression(), "${AWS::Region}");
    /// assert_eq!(method.stand_ins()[0].value(), "us-east-1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stand_ins(&self) -> &[StandIn] {
        &self.stand_ins
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
    warnings: Vec<Warning>,
    stand_ins: Vec<StandIn>,
    router: Router<usize>,
    models: Vec<(String, serde_json::Value)>,
}

impl Api {
    /// Reads a definition file, with default [`DefinitionOptions`] (parameters take their
    /// defaults, everything else its stand-in): [`Api::load_with`].
    ///
    /// # Errors
    /// The file cannot be read (its error names it), or what [`Api::parse`] reports.
    pub fn load(path: &std::path::Path) -> Result<Api, DefinitionError> {
        Api::load_with(path, &DefinitionOptions::new())
    }

    /// Reads a definition file with the values `options` gives for what a CloudFormation
    /// template leaves to the deployment (parameters, exports, files in S3).
    ///
    /// # Errors
    /// The file cannot be read (its error names it), or what [`Api::parse_with`] reports.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::definition::{Api, DefinitionOptions};
    /// let options = DefinitionOptions::new().parameter("AWS::Region", "eu-west-1");
    /// let api = Api::load_with("corpus/danielhttp/api.sam.yaml".as_ref(), &options)?;
    /// assert_eq!(api.stage_name(), Some("prod"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load_with(
        path: &std::path::Path,
        options: &DefinitionOptions,
    ) -> Result<Api, DefinitionError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| {
            DefinitionError::new(
                &name,
                Location::default(),
                ErrorKind::Unreadable(error.to_string()),
            )
        })?;
        Api::parse_with(&name, &text, options)
    }

    /// Reads a definition from its text, with default [`DefinitionOptions`]: [`Api::parse_with`].
    ///
    /// # Errors
    /// What [`Api::parse_with`] reports.
    pub fn parse(file: &str, text: &str) -> Result<Api, DefinitionError> {
        Api::parse_with(file, text, &DefinitionOptions::new())
    }

    /// Reads a definition from its text; `file` names it in errors (a `.json` name makes JSON's
    /// own syntax rules apply) and is where relative paths in it start (a SAM `DefinitionUri`,
    /// an `AWS::Include` `Location`: those files are read from disk).
    ///
    /// A CloudFormation or SAM template's intrinsic functions are evaluated with `options`' values,
    /// then the parameters' defaults, then stand-ins ([`StandIn`], [`Api::stand_ins`]). OpenAPI and
    /// Swagger files are read as API Gateway imports them, without evaluating anything.
    ///
    /// # Errors
    /// Not YAML or JSON, not an API definition, a value API Gateway would refuse, or a value the
    /// model needs that cannot be known (a parameter without a value, an export not given, a
    /// file not given); each error has the line, the column and the key path, and names the
    /// option's command-line flag where one supplies the value.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::definition::{Api, DefinitionOptions};
    /// let template = r#"
    /// Parameters:
    ///   Table: {Type: String, Default: orders}
    /// Resources:
    ///   Api:
    ///     Type: AWS::ApiGateway::RestApi
    ///     Properties: {Name: orders}
    ///   Get:
    ///     Type: AWS::ApiGateway::Method
    ///     Properties:
    ///       RestApiId: !Ref Api
    ///       ResourceId: !GetAtt Api.RootResourceId
    ///       HttpMethod: GET
    ///       Integration:
    ///         Type: MOCK
    ///         RequestTemplates:
    ///           application/json: !Sub '{"statusCode": 200, "table": "${Table}"}'
    /// "#;
    /// let api = Api::parse_with("template.yaml", template, &DefinitionOptions::new())?;
    /// assert_eq!(api.methods()[0].http_method(), "GET");
    ///
    /// let dev = DefinitionOptions::new().parameter("Table", "orders-dev");
    /// let api = Api::parse_with("template.yaml", template, &dev)?;
    /// let invocation = api.invoke(
    ///     apigw_vtl::HttpRequest::new("GET", "/"),
    ///     &apigw_vtl::InvokeOptions::new(),
    ///     &apigw_vtl::Outcome::Mock,
    /// );
    /// let sent = invocation.integration_request.expect("a MOCK is called");
    /// assert_eq!(sent.body, r#"{"statusCode": 200, "table": "orders-dev"}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_with(
        file: &str,
        text: &str,
        options: &DefinitionOptions,
    ) -> Result<Api, DefinitionError> {
        let reader = read::Reader::new(file, text, options);
        Api::read(file, text, reader).map(|(api, _)| api)
    }

    /// Reads a definition for the linter: the API, the reader (its files, to place a template's
    /// characters), where integrations, responses and templates stand, and which keys the readers
    /// asked of which mapping (`document::key_reads`).
    #[cfg(feature = "lint")]
    pub(crate) fn read_for_lint<'o>(
        file: &str,
        text: &str,
        options: &'o DefinitionOptions,
    ) -> (
        Result<(Api, read::Reader<'o>), DefinitionError>,
        std::collections::HashSet<document::key_reads::KeyRead>,
    ) {
        let mut reader = read::Reader::new(file, text, options);
        reader.sites = Some(sites::Sites::default());
        document::key_reads::start();
        let read = Api::read(file, text, reader);
        (read, document::key_reads::stop())
    }

    fn read<'o>(
        file: &str,
        text: &str,
        mut reader: read::Reader<'o>,
    ) -> Result<(Api, read::Reader<'o>), DefinitionError> {
        let options = reader.options;
        let loaded = document::load(file, text, 0)?;
        let root = loaded.root;
        reader.warnings.extend(loaded.warnings);
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
            if let Some(first) = reader.files.first_mut() {
                first.kind = read::FileKind::Export;
            }
            for (name, _) in options.parameters() {
                reader.warnings.push(Warning::new(
                        file,
                        Location::default(),
                        format!("`--parameter-overrides {name}=…`: an OpenAPI file has no CloudFormation parameters"),
                    ));
            }
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
            let mut root = root;
            include::expand(&mut root, &mut reader);
            let evaluation = intrinsics::evaluate(file, &root, options);
            reader.warnings.extend(evaluation.warnings);
            reader.references = evaluation.references;
            reader.sam_uris = evaluation.sam_uris;
            let stack = cloudformation::read(&mut reader, &evaluation.root)?;
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
            let validation = validation(reader.file_name(method.location.0), method, &models)?;
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
                        reader.file_name(method.location.0),
                        Location::at(method.location.1, method.location.2),
                        ErrorKind::Route(error),
                    )
                })?;
        }
        let api = Api {
            format,
            methods,
            binary_media_types,
            api_key_source,
            gateway_responses,
            stage_name,
            templates: std::mem::take(&mut reader.templates),
            warnings: std::mem::take(&mut reader.warnings),
            stand_ins: reader.stand_ins.take(),
            router,
            models,
        };
        Ok((api, reader))
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
    /// A `StageName` written as an intrinsic function (`!Ref StageParameter`) is evaluated with
    /// the template (issue 13). `None` when the definition names none (OpenAPI and Swagger exports
    /// never do): the caller then uses its own default, `prod`.
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

    /// What the definition does that AWS accepts but deserves a look, in the order found: the
    /// YAML leniencies CloudFormation shares (a repeated key, a flow collection not indented), an
    /// OpenAPI `$ref` to `x-amazon-apigateway-integrations` (verified for HTTP APIs only), a
    /// `--parameter-overrides` name the template does not define.
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::definition::Api;
    /// // The flow mapping goes on at `Properties`' own indentation: YAML 1.2 refuses it,
    /// // CloudFormation does not.
    /// let api = Api::parse("template.yaml", "Resources:
    ///   Pet:
    ///     Type: AWS::ApiGateway::Model
    ///     Properties: {RestApiId: x,
    ///     Schema: {}}
    /// ")?;
    /// assert_eq!(api.warnings().len(), 1);
    /// assert_eq!(api.warnings()[0].location().line, 5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Every stand-in a value of the model was made with, where it was read (`check` lists
    /// them): set each with [`DefinitionOptions::parameter`] (`--parameter-overrides`).
    ///
    /// # Examples
    /// ```
    /// use apigw_vtl::definition::{Api, DefinitionOptions};
    /// let path = "corpus/danielhttp/api.cloudformation.yaml".as_ref();
    /// let api = Api::load(path)?;
    /// // The Lambda function's URI: `${AWS::Region}` and `${Fn.Arn}`.
    /// let names: Vec<&str> = api.stand_ins().iter().map(|s| s.name()).collect();
    /// assert_eq!(names, ["AWS::Region", "Fn.Arn"]);
    ///
    /// let options = DefinitionOptions::new()
    ///     .parameter("AWS::Region", "eu-west-1")
    ///     .parameter("Fn.Arn", "arn:aws:lambda:eu-west-1:111122223333:function:DanielHTTP");
    /// assert!(Api::load_with(path, &options)?.stand_ins().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stand_ins(&self) -> &[StandIn] {
        &self.stand_ins
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
    let (_, line, column) = method.location;
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
                    Location::at(line, column),
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

//! Request validation (the method request, before the integration request): required parameters
//! (`validateRequestParameters`) and the body against its model (`validateRequestBody`, JSON
//! Schema draft 4), as AWS applies them (aws-semantics.md §7; D-RV: "Request validation for REST
//! APIs in API Gateway").

use std::sync::Arc;

use super::answers::GatewayError;
use super::explain::Explain;
use super::http::{HttpRequest, last};

/// Where a required parameter is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParameterPlace {
    /// `method.request.path.N`.
    Path,
    /// `method.request.querystring.N`.
    Query,
    /// `method.request.header.N`.
    Header,
}

impl ParameterPlace {
    fn key(self) -> &'static str {
        match self {
            ParameterPlace::Path => "path",
            ParameterPlace::Query => "querystring",
            ParameterPlace::Header => "header",
        }
    }
}

/// A compiled request model.
#[derive(Clone)]
pub struct Model {
    name: String,
    validator: Arc<jsonschema::Validator>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model").field("name", &self.name).finish()
    }
}

/// A model schema that is not a draft-4 JSON Schema we can run.
#[derive(Debug, thiserror::Error)]
#[error("the model `{name}` is not a JSON Schema (draft 4): {message}")]
pub struct SchemaError {
    /// The model's name.
    pub name: String,
    /// Why.
    pub message: String,
}

impl Model {
    /// Compiles `schema` (draft 4, as API Gateway models are; every `$ref` must resolve inside it).
    ///
    /// # Errors
    /// Not a schema, or a reference that does not resolve.
    pub fn new(name: &str, schema: &serde_json::Value) -> Result<Model, SchemaError> {
        let validator = jsonschema::draft4::new(schema).map_err(|error| SchemaError {
            name: name.to_string(),
            message: error.to_string(),
        })?;
        Ok(Model {
            name: name.to_string(),
            validator: Arc::new(validator),
        })
    }

    /// The model's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// How many violations of a request model are collected into
/// `$context.error.validationErrorString`. AWS's own cap is not documented; without one, a 10 MB
/// body of five million items that all fail kept every message (3.1 GB). No recorded or corpus
/// answer comes near 100 violations, so none changes.
pub const MAX_VIOLATIONS: usize = 100;

/// A method's request validation: the validator's two flags, the required parameters and the
/// request models by content type.
#[derive(Clone, Debug, Default)]
pub struct RequestValidation {
    /// `validateRequestParameters`.
    pub parameters: bool,
    /// `validateRequestBody`.
    pub body: bool,
    /// `(method.request.* key, place, name)`, kept sorted by key: the order AWS names missing
    /// parameters in (see `check_parameters`).
    required: Vec<(String, ParameterPlace, String)>,
    models: Vec<(String, Model)>,
}

impl RequestValidation {
    /// A validator with these flags and nothing required yet.
    pub fn new(parameters: bool, body: bool) -> Self {
        RequestValidation {
            parameters,
            body,
            ..RequestValidation::default()
        }
    }

    /// One line for [`super::Method::describe`].
    pub(crate) fn summary(&self) -> String {
        let required: Vec<&str> = self
            .required
            .iter()
            .map(|(key, _, _)| key.as_str())
            .collect();
        let models: Vec<&str> = self.models.iter().map(|(t, _)| t.as_str()).collect();
        format!(
            "validation parameters {}, body {}, required {required:?}, models {models:?}",
            self.parameters, self.body
        )
    }

    /// A required parameter.
    pub fn require(mut self, place: ParameterPlace, name: &str) -> Self {
        let key = format!("method.request.{}.{name}", place.key());
        let at = self.required.partition_point(|(k, _, _)| *k <= key);
        self.required.insert(at, (key, place, name.to_string()));
        self
    }

    /// The model for a content type (`$default` for any type without its own).
    pub fn model(mut self, content_type: &str, model: Model) -> Self {
        self.models.push((content_type.to_ascii_lowercase(), model));
        self
    }

    /// Checks `request`; the error API Gateway answers with, if any. Parameters first, then the
    /// body (LocalStack's method_request.py order; peer-implementation).
    pub(crate) fn check(
        &self,
        request: &HttpRequest,
        explain: &mut Explain,
    ) -> Result<(), GatewayError> {
        if self.parameters {
            self.check_parameters(request, explain)?;
        }
        if self.body {
            self.check_body(request, explain)?;
        }
        Ok(())
    }

    fn check_parameters(
        &self,
        request: &HttpRequest,
        explain: &mut Explain,
    ) -> Result<(), GatewayError> {
        // AWS names the missing parameters sorted by their `method.request.*` key: recorded
        // `[x-header-param, issuer, qs1]` for header, path and querystring parameters
        // (LocalStack test_apigateway_common.py test_api_gateway_request_validator, snapshot
        // recorded on AWS 2024-10-01; LocalStack's method_request.py sorts the keys).
        let mut missing = Vec::new();
        for (key, place, name) in &self.required {
            // Present and not blank (documented, D-RV: "included and not blank"); header names
            // without case, as HTTP has them; path and query names exactly.
            let value = match place {
                ParameterPlace::Header => request.header_value(name),
                ParameterPlace::Query => last(&request.querystring, name),
                ParameterPlace::Path => last(&request.path_parameters, name),
            };
            match value {
                Some(value) if !value.trim().is_empty() => {
                    explain.note(format_args!("required parameter {key}: present"));
                }
                Some(_) => {
                    explain.note(format_args!(
                        "required parameter {key}: blank, counts as missing"
                    ));
                    missing.push(name.clone());
                }
                None => {
                    explain.note(format_args!("required parameter {key}: missing"));
                    missing.push(name.clone());
                }
            }
        }
        if missing.is_empty() {
            Ok(())
        } else {
            Err(GatewayError::missing_parameters(&missing))
        }
    }

    fn check_body(&self, request: &HttpRequest, explain: &mut Explain) -> Result<(), GatewayError> {
        // The model of the request's Content-Type (none: application/json, recorded: a GET
        // without Content-Type failed its application/json model on AWS), else `$default`; no
        // model for the type: no body validation (documented, D-RV).
        let content_type = request.content_type();
        let found = self
            .models
            .iter()
            .find(|(ct, _)| *ct == content_type)
            .or_else(|| self.models.iter().find(|(ct, _)| ct == "$default"));
        let Some((model_type, model)) = found else {
            explain.note(format_args!(
                "no request model for `{content_type}`: the body is not validated"
            ));
            return Ok(());
        };
        explain.note(format_args!(
            "body validated against the model `{}` (`{model_type}`)",
            model.name
        ));
        // An empty body is read as `{}` (LocalStack's method_request.py; peer-implementation,
        // open on AWS).
        let body = request.body_text();
        let text = if body.trim().is_empty() { "{}" } else { &body };
        let instance: serde_json::Value = match serde_json::from_str(text) {
            Ok(value) => value,
            Err(error) => {
                explain.note(format_args!(
                    "the body is not JSON ({error}): Invalid request body"
                ));
                return Err(GatewayError::invalid_body(format!(
                    "[the body is not JSON: {error}]"
                )));
            }
        };
        let mut failures = Vec::new();
        for error in model.validator.iter_errors(&instance) {
            if failures.len() == MAX_VIOLATIONS {
                explain.note(format_args!(
                    "more than {MAX_VIOLATIONS} violations: the rest are not collected"
                ));
                break;
            }
            let pointer = error.instance_path().to_string();
            let pointer = if pointer.is_empty() { "/" } else { &pointer };
            // The rule as `Model#/pointer` when it is inside a named model of the file (see
            // definition/models.rs: models are compiled under `definitions/apigw-model:NAME`).
            let path = error.schema_path().to_string();
            let rule = match path.strip_prefix("/definitions/apigw-model:") {
                Some(rest) => match rest.split_once('/') {
                    Some((name, pointer)) => format!("{name}#/{pointer}"),
                    None => format!("{rest}#"),
                },
                None => format!("#{}", path.strip_prefix("/allOf/0").unwrap_or(&path)),
            };
            explain.note(format_args!(
                "body at `{pointer}` fails the rule `{rule}`: {error}"
            ));
            failures.push(error.to_string());
        }
        if failures.is_empty() {
            explain.note("the body satisfies its model");
            Ok(())
        } else {
            Err(GatewayError::invalid_body(format!(
                "[{}]",
                failures.join(", ")
            )))
        }
    }
}

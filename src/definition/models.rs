//! Request models and gateway responses as the definition formats write them: a schema node read as
//! JSON, `$ref`s between models made to resolve inside one compiled schema, and
//! `x-amazon-apigateway-gateway-responses` / `AWS::ApiGateway::GatewayResponse` entries.
//!
//! Every model of the file goes under `definitions` of the schema a method compiles, each as
//! `apigw-model:NAME`; references to a model — `#/components/schemas/NAME` (OpenAPI 3),
//! `#/definitions/NAME` (Swagger 2), `https://apigateway.amazonaws.com/restapis/ID/models/NAME`
//! (how API Gateway's own models refer to each other, LocalStack's recorded ref-model tests) — are
//! rewritten to point there; nothing is fetched.

use serde_json::{Map, Value};

use super::document::{Kind, Node};
use super::error::{DefinitionError, ErrorKind};
use super::read::{Reader, join};
use crate::gateway::{GatewayResponse, GatewayResponses, Model, ResponseType};

/// The schema of a method's request model for one content type.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum RequestModel {
    /// A model of the file, by name.
    Named(String),
    /// A schema written in place (references already rewritten).
    Inline(Value),
}

const PREFIX: &str = "apigw-model:";

/// The JSON pointer token of a model.
fn token(name: &str) -> String {
    format!("{PREFIX}{}", name.replace('~', "~0").replace('/', "~1"))
}

/// A node as JSON: plain scalars typed as YAML 1.2's core schema types them, quoted ones strings;
/// a `!Sub` / `Fn::Sub` string (a model URL with `${Api}`) as its text.
pub(crate) fn to_json(node: &Node) -> Value {
    if node.is_intrinsic() {
        let argument = match (&node.tag, node.entries()) {
            (Some(_), _) => Some(node),
            (None, Some([(_, value)])) => Some(value),
            _ => None,
        };
        let text = argument.and_then(|a| match &a.kind {
            Kind::Scalar { text, .. } => Some(text.clone()),
            Kind::Seq(items) => items.first().and_then(|i| i.scalar()).map(str::to_string),
            Kind::Map(_) | Kind::Unresolved(_) => None,
        });
        return text.map_or(Value::Null, Value::String);
    }
    match &node.kind {
        Kind::Scalar { text, plain } => {
            if !plain {
                return Value::String(text.clone());
            }
            if node.is_null() {
                return Value::Null;
            }
            match text.as_str() {
                "true" | "True" | "TRUE" => return Value::Bool(true),
                "false" | "False" | "FALSE" => return Value::Bool(false),
                _ => {}
            }
            let numeric = text
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'));
            if numeric && let Ok(Value::Number(n)) = serde_json::from_str::<Value>(text) {
                return Value::Number(n);
            }
            Value::String(text.clone())
        }
        Kind::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        // Readers check a schema is known before they read it ([`super::read::Reader::all_known`]).
        Kind::Unresolved(_) => Value::Null,
        Kind::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.scalar().unwrap_or_default().to_string(), to_json(v)))
                .collect(),
        ),
    }
}

/// An API Gateway model URL's model name.
fn model_url(target: &str) -> Option<&str> {
    let (_, name) = target.rsplit_once("/models/")?;
    (target.starts_with("http") && !name.is_empty() && !name.contains('/')).then_some(name)
}

/// A reference inside an OpenAPI / Swagger document, rewritten.
pub(crate) fn document_ref(target: &str) -> Option<String> {
    if let Some(name) = model_url(target) {
        return Some(format!("#/definitions/{}", token(name)));
    }
    for prefix in ["#/components/schemas/", "#/definitions/"] {
        if let Some(rest) = target.strip_prefix(prefix) {
            let (name, tail) = rest.split_once('/').map_or((rest, ""), |(n, t)| (n, t));
            let tail = if tail.is_empty() {
                String::new()
            } else {
                format!("/{tail}")
            };
            return Some(format!("#/definitions/{PREFIX}{name}{tail}"));
        }
    }
    None
}

/// A reference inside the CloudFormation model `model`, rewritten: its own `#...` pointers are
/// relative to its copy.
fn model_ref(model: &str, target: &str) -> Option<String> {
    if let Some(name) = model_url(target) {
        return Some(format!("#/definitions/{}", token(name)));
    }
    let rest = target.strip_prefix('#')?;
    Some(format!("#/definitions/{}{rest}", token(model)))
}

fn rewrite(value: &mut Value, map: &dyn Fn(&str) -> Option<String>) {
    match value {
        Value::Object(object) => {
            for (key, item) in object.iter_mut() {
                if key == "$ref"
                    && let Value::String(target) = item
                {
                    if let Some(new) = map(target) {
                        *target = new;
                    }
                } else {
                    rewrite(item, map);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| rewrite(i, map)),
        _ => {}
    }
}

/// A schema of an OpenAPI / Swagger document, references rewritten.
pub(crate) fn document_schema(node: &Node) -> Value {
    let mut value = to_json(node);
    rewrite(&mut value, &document_ref);
    value
}

/// A CloudFormation model's schema (an object, or JSON in a string), references rewritten.
pub(crate) fn cfn_schema(
    reader: &Reader<'_>,
    name: &str,
    node: &Node,
    path: &str,
) -> Result<Value, DefinitionError> {
    let mut value = to_json(node);
    if let Value::String(text) = &value {
        value = serde_json::from_str(text).map_err(|error| {
            reader.error(
                node,
                path,
                ErrorKind::Expected {
                    expected: "a JSON Schema, as an object or as JSON text".into(),
                    found: format!("text that is not JSON ({error})"),
                },
            )
        })?;
    }
    rewrite(&mut value, &|target| model_ref(name, target));
    Ok(value)
}

/// The draft-4 schema a method's model compiles to: every model under `definitions`, the model in
/// force under `allOf`.
pub(crate) fn compile(
    models: &[(String, Value)],
    model: &RequestModel,
) -> Result<Model, crate::gateway::SchemaError> {
    let mut definitions = Map::new();
    for (name, schema) in models {
        definitions.insert(format!("{PREFIX}{name}"), schema.clone());
    }
    let (name, target) = match model {
        RequestModel::Named(name) => (
            name.clone(),
            serde_json::json!({"$ref": format!("#/definitions/{}", token(name))}),
        ),
        RequestModel::Inline(schema) => ("(inline schema)".to_string(), schema.clone()),
    };
    if let RequestModel::Named(wanted) = model
        && !models.iter().any(|(n, _)| n == wanted)
    {
        return Err(crate::gateway::SchemaError {
            name: wanted.clone(),
            message: "no model of that name in the file".into(),
        });
    }
    let root = serde_json::json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "definitions": definitions,
        "allOf": [target],
    });
    Model::new(&name, &root)
}

/// One gateway response entry (OpenAPI keys `statusCode`, `responseParameters`,
/// `responseTemplates`; CloudFormation's capitalised).
pub(crate) fn gateway_response(
    reader: &Reader<'_>,
    node: &Node,
    path: &str,
    capitalised: bool,
) -> Result<GatewayResponse, DefinitionError> {
    let key = |k: &str| {
        if capitalised {
            let mut chars = k.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_ascii_uppercase().to_string() + chars.as_str()
            })
        } else {
            k.to_string()
        }
    };
    let mut response = GatewayResponse::default();
    if let Some(status) = node.get(&key("statusCode")) {
        response.status = Some(reader.status(status, &join(path, &key("statusCode")))?);
    }
    if let Some(parameters) = node.get(&key("responseParameters")) {
        let at = join(path, &key("responseParameters"));
        for (target, source, value) in reader.string_map(parameters, &at, "a parameter source")? {
            response = response
                .parameter(&target, &source)
                .map_err(|error| reader.model(value, &join(&at, &target), error))?;
        }
    }
    if let Some(templates) = node.get(&key("responseTemplates")) {
        for (content_type, template, _) in reader.string_map(
            templates,
            &join(path, &key("responseTemplates")),
            "a gateway response template",
        )? {
            response.templates.push((content_type, template));
        }
    }
    Ok(response)
}

/// A response type's name, checked.
pub(crate) fn response_type(
    reader: &Reader<'_>,
    node: &Node,
    name: &str,
    path: &str,
) -> Result<ResponseType, DefinitionError> {
    ResponseType::from_name(name).ok_or_else(|| {
        reader.error(
            node,
            path,
            ErrorKind::Expected {
                expected: "a gateway response type (DEFAULT_4XX, BAD_REQUEST_BODY, ...)".into(),
                found: format!("{name:?}"),
            },
        )
    })
}

/// `x-amazon-apigateway-gateway-responses`.
pub(crate) fn openapi_gateway_responses(
    reader: &Reader<'_>,
    root: &Node,
    base: &str,
    mut responses: GatewayResponses,
) -> Result<GatewayResponses, DefinitionError> {
    let Some(node) = root.get("x-amazon-apigateway-gateway-responses") else {
        return Ok(responses);
    };
    let path = join(base, "x-amazon-apigateway-gateway-responses");
    for (name, entry) in reader.map(node, &path)? {
        let type_name = name.scalar().unwrap_or_default();
        let at = join(&path, type_name);
        let kind = response_type(reader, name, type_name, &at)?;
        reader.map(entry, &at)?;
        responses = responses.customise(kind, gateway_response(reader, entry, &at, false)?);
    }
    Ok(responses)
}

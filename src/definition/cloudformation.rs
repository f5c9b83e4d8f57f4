//! CloudFormation and SAM templates: `AWS::ApiGateway::Method` resources on a tree of
//! `AWS::ApiGateway::Resource`s, request validators, and an OpenAPI body inline
//! (`AWS::ApiGateway::RestApi` `Body`, `AWS::Serverless::Api` `DefinitionBody`) or in another file
//! (`BodyS3Location`, SAM's `DefinitionUri`). The template's intrinsic functions are evaluated
//! before it comes here ([`super::intrinsics`]): a `ParentId` or `ResourceId` is the id a resource
//! of the template has, whichever function gave it. The stage the API is deployed to comes from
//! its `AWS::Serverless::Api`, `AWS::ApiGateway::Stage` or `AWS::ApiGateway::Deployment`, or SAM's
//! implicit API.

use std::collections::HashMap;

use super::document::Node;
use super::error::{DefinitionError, ErrorKind};
use super::include::{self, Failure};
use super::integration::{self, CLOUDFORMATION};
use super::models::{self, RequestModel};
use super::openapi;
use super::read::{FileKind, Reader, join};
use super::sam;
use super::{ApiKeySource, ApiMethod, MethodParameter, ParameterLocation, Validator};
use crate::gateway::{GatewayResponses, Integration, Method};

/// What a template defines.
pub(crate) struct Stack {
    pub(crate) methods: Vec<ApiMethod>,
    pub(crate) binary_media_types: Vec<String>,
    pub(crate) models: Vec<(String, serde_json::Value)>,
    pub(crate) gateway_responses: GatewayResponses,
    pub(crate) stage_name: Option<String>,
    pub(crate) api_key_source: ApiKeySource,
}

/// Where a `ParentId` or `ResourceId` points.
enum Target {
    Root,
    Resource(String),
}

/// Reads the `Resources` of a template.
pub(crate) fn read(reader: &mut Reader<'_>, root: &Node) -> Result<Stack, DefinitionError> {
    let resources = reader.required(
        root,
        "",
        "Resources",
        "a CloudFormation template's resources",
    )?;
    let entries = reader.map(resources, "Resources")?;
    let mut by_type: HashMap<&str, Vec<(&str, &Node, String)>> = HashMap::new();
    for (name, resource) in entries {
        let name = name.scalar().unwrap_or_default();
        let path = join("Resources", name);
        reader.map(resource, &path)?;
        let kind = reader.required(
            resource,
            &path,
            "Type",
            "every CloudFormation resource has one",
        )?;
        let kind = reader.string(kind, &join(&path, "Type"), "a resource type")?;
        let properties = resource.get("Properties");
        let kind_key = match kind.as_str() {
            "AWS::ApiGateway::RestApi" => "api",
            "AWS::Serverless::Api" => "sam",
            "AWS::ApiGateway::Resource" => "resource",
            "AWS::ApiGateway::Method" => "method",
            "AWS::ApiGateway::RequestValidator" => "validator",
            "AWS::ApiGateway::Model" => "model",
            "AWS::ApiGateway::GatewayResponse" => "gateway_response",
            _ => continue,
        };
        let Some(properties) = properties else {
            return Err(reader.error(
                resource,
                &path,
                ErrorKind::Missing {
                    key: "Properties".into(),
                    why: "an API Gateway resource is described by its properties",
                },
            ));
        };
        let properties_path = join(&path, "Properties");
        reader.map(properties, &properties_path)?;
        by_type
            .entry(kind_key)
            .or_default()
            .push((name, properties, properties_path));
    }
    let apis: Vec<_> = ["api", "sam"]
        .iter()
        .flat_map(|k| by_type.get(k).into_iter().flatten())
        .collect();
    if apis.len() > 1 {
        let names: Vec<&str> = apis.iter().map(|(n, _, _)| *n).collect();
        return Err(reader.error(
            apis[1].1,
            &apis[1].2,
            ErrorKind::Resources(format!(
                "several APIs in one template ({}); apigw-vtl reads one API per file",
                names.join(", ")
            )),
        ));
    }
    let api = by_type
        .get("sam")
        .and_then(|sam| sam.first())
        .map(|(name, properties, _)| (*name, true, *properties))
        .or_else(|| {
            by_type
                .get("api")
                .and_then(|api| api.first())
                .map(|(name, properties, _)| (*name, false, *properties))
        });
    // SAM's Api events: without RestApiId they make the implicit API, which is one more API.
    let events = sam::api_events(reader, entries)?;
    if let Some(implicit) = events.iter().find(|e| e.rest_api.is_none())
        && let Some((name, _, _)) = apis.first()
    {
        return Err(reader.error(
            implicit.node,
            &implicit.at,
            ErrorKind::Resources(format!(
                "several APIs in one template ({name}, and SAM's implicit {} for this event without RestApiId); apigw-vtl reads one API per file",
                sam::IMPLICIT_API
            )),
        ));
    }
    if let Some(event) = events.iter().find(|e| {
        e.rest_api
            .as_deref()
            .is_some_and(|r| Some(r) != api.map(|a| a.0))
    }) {
        return Err(reader.error(
            event.node,
            &join(&join(&event.at, "Properties"), "RestApiId"),
            ErrorKind::Resources(format!(
                "the event attaches to {:?}, which is not an AWS::Serverless::Api of this template",
                event.rest_api.as_deref().unwrap_or_default()
            )),
        ));
    }
    let stage_name = stage_name(reader, entries, api)?;
    let mut api_key_source = ApiKeySource::Header;
    let mut api_key_required = false;
    let mut methods = Vec::new();
    let mut binary_media_types = Vec::new();
    let mut model_list = Vec::new();
    let mut gateway_responses = GatewayResponses::new();
    if let Some((_, properties, path)) = apis.first() {
        if let Some(node) = properties.get("ApiKeySourceType") {
            api_key_source = reader.api_key_source(node, &join(path, "ApiKeySourceType"))?;
        }
        // SAM: `Auth.ApiKeyRequired` requires a key on every method of the API (SAM's swagger
        // editor sets it on each path), unless an event's own `Auth` says otherwise.
        if let Some(flag) = properties.get("Auth").and_then(|a| a.get("ApiKeyRequired")) {
            api_key_required =
                reader.boolean(flag, &join(&join(path, "Auth"), "ApiKeyRequired"))?;
        }
        if let Some(types) = properties.get("BinaryMediaTypes") {
            let at = join(path, "BinaryMediaTypes");
            for (i, item) in reader.list(types, &at)?.iter().enumerate() {
                binary_media_types.push(reader.string(
                    item,
                    &format!("{at}[{i}]"),
                    "a media type",
                )?);
            }
        }
        for body_key in ["Body", "DefinitionBody"] {
            if let Some(body) = properties.get(body_key) {
                let body_path = join(path, body_key);
                let document = openapi::read(reader, body, &body_path)?;
                methods.extend(document.methods);
                binary_media_types.extend(document.binary_media_types);
                model_list.extend(document.models);
                gateway_responses = document.gateway_responses;
                // The document's `x-amazon-apigateway-api-key-source`, unless the resource's own
                // `ApiKeySourceType` says otherwise.
                if properties.get("ApiKeySourceType").is_none() {
                    api_key_source = document.api_key_source;
                }
            }
        }
        for (external, kind) in [
            ("BodyS3Location", FileKind::BodyS3Location),
            ("DefinitionUri", FileKind::DefinitionUri),
        ] {
            if let Some(node) = properties.get(external) {
                let at = join(path, external);
                let location = external_location(reader, node, &at)?;
                let root = match include::read(reader, &location, kind) {
                    Ok((_, root)) => root,
                    Err(Failure::Missing { message, flag }) => {
                        return Err(reader.error(
                            node,
                            &at,
                            ErrorKind::Include {
                                location,
                                message,
                                flag,
                            },
                        ));
                    }
                    Err(Failure::Syntax(error)) => return Err(error),
                };
                // The file's own key paths: errors name that file.
                let document = openapi::read(reader, &root, "")?;
                methods.extend(document.methods);
                binary_media_types.extend(document.binary_media_types);
                model_list.extend(document.models);
                gateway_responses = document.gateway_responses;
            }
        }
    }
    let validators = read_validators(
        reader,
        by_type.get("validator").map_or(&[][..], Vec::as_slice),
    )?;
    // AWS::ApiGateway::Model: `Name` (CloudFormation names one after its logical id when it is
    // absent), `Schema` as an object or JSON text.
    for (logical, properties, path) in by_type.get("model").map_or(&[][..], Vec::as_slice) {
        let name = reader
            .opt_string(properties, path, "Name", "the model's name")?
            .unwrap_or_else(|| logical.to_string());
        let schema = match properties.get("Schema") {
            Some(node) => {
                let at = join(path, "Schema");
                reader.all_known(node, &at)?;
                models::cfn_schema(reader, &name, node, &at)?
            }
            None => serde_json::json!({}),
        };
        model_list.push((name, schema));
    }
    for (_, properties, path) in by_type
        .get("gateway_response")
        .map_or(&[][..], Vec::as_slice)
    {
        let type_node = reader.required(
            properties,
            path,
            "ResponseType",
            "the gateway response type it customises",
        )?;
        let type_at = join(path, "ResponseType");
        let type_name = reader.string(type_node, &type_at, "the response type")?;
        let kind = models::response_type(reader, type_node, &type_name, &type_at)?;
        gateway_responses = gateway_responses.customise(
            kind,
            models::gateway_response(reader, properties, path, true)?,
        );
    }
    let resources = by_type.get("resource").map_or(&[][..], Vec::as_slice);
    let mut paths: HashMap<String, String> = HashMap::new();
    for (name, _, _) in resources {
        resource_path(reader, resources, name, &mut paths, &mut Vec::new())?;
    }
    for (_, properties, path) in by_type.get("method").map_or(&[][..], Vec::as_slice) {
        methods.push(read_method(
            reader,
            properties,
            path,
            &paths,
            &validators,
            &binary_media_types,
        )?);
    }
    if api_key_required {
        for method in &mut methods {
            method.gateway.api_key_required = true;
        }
    }
    for event in &events {
        let exists = methods
            .iter()
            .any(|m| m.resource_path == event.resource_path && m.http_method == event.http_method);
        // An event for a method the API's OpenAPI body defines adds nothing (the body's
        // integration stands).
        if !exists {
            methods.push(sam::event_method(reader, event, api_key_required)?);
        }
    }
    // The API's binary media types apply to every method, whichever part of the file it came from.
    for method in &mut methods {
        method.gateway.binary_media_types = binary_media_types.clone();
    }
    Ok(Stack {
        methods,
        binary_media_types,
        models: model_list,
        gateway_responses,
        stage_name,
        api_key_source,
    })
}

/// The stage the template deploys its API to (`api`: the logical id of the API read, whether it
/// is SAM's, and its properties): an `AWS::Serverless::Api`'s `StageName`; for an
/// `AWS::ApiGateway::RestApi`, the `StageName` of the first `AWS::ApiGateway::Stage` that refers
/// to it, else of the first `AWS::ApiGateway::Deployment` that does (a Stage resource is the
/// stage as configured, its variables included; a Deployment's `StageName` only creates one);
/// without an API resource, `Prod` for SAM's implicit API. `None` when the template names none.
fn stage_name(
    reader: &Reader<'_>,
    entries: &[(Node, Node)],
    api: Option<(&str, bool, &Node)>,
) -> Result<Option<String>, DefinitionError> {
    let properties_of = |resource_type: &'static str| {
        entries.iter().filter_map(move |(key, resource)| {
            (resource.get("Type").and_then(Node::scalar) == Some(resource_type))
                .then(|| Some((key.scalar()?, resource.get("Properties")?)))
                .flatten()
        })
    };
    let read = |logical: &str, properties: &Node| -> Result<Option<String>, DefinitionError> {
        match properties.get("StageName") {
            Some(node) if !node.is_null() => reader
                .string(
                    node,
                    &format!("Resources.{logical}.Properties.StageName"),
                    "the stage name",
                )
                .map(Some),
            _ => Ok(None),
        }
    };
    match api {
        Some((name, true, properties)) => read(name, properties),
        Some((name, false, _)) => {
            for resource_type in ["AWS::ApiGateway::Stage", "AWS::ApiGateway::Deployment"] {
                for (logical, properties) in properties_of(resource_type) {
                    let refers = properties
                        .get("RestApiId")
                        .is_some_and(|id| refers_to(reader, id, name));
                    if refers && let Some(stage) = read(logical, properties)? {
                        return Ok(Some(stage));
                    }
                }
            }
            Ok(None)
        }
        None => {
            // SAM: a function's `Api` event without `RestApiId` adds its route to the implicit
            // API (`ServerlessRestApi`), which SAM deploys to a stage named `Prod`.
            let implicit = properties_of("AWS::Serverless::Function")
                .filter_map(|(_, properties)| properties.get("Events")?.entries())
                .flatten()
                .any(|(_, event)| {
                    event.get("Type").and_then(Node::scalar) == Some("Api")
                        && event
                            .get("Properties")
                            .is_none_or(|properties| properties.get("RestApiId").is_none())
                });
            Ok(implicit.then(|| "Prod".to_string()))
        }
    }
}

/// Whether `node` (evaluated) is the id of the API `name`: what `Ref` to it gives.
fn refers_to(reader: &Reader<'_>, node: &Node, name: &str) -> bool {
    node.scalar()
        .and_then(|id| reader.references.get(id))
        .is_some_and(|(logical, root)| logical == name && !root)
}

/// Where a `BodyS3Location` (`{Bucket, Key}`) or a SAM `DefinitionUri` (a local path, an S3 URI
/// or `{Bucket, Key}`) points: a local path or `s3://bucket/key`.
fn external_location(
    reader: &Reader<'_>,
    node: &Node,
    path: &str,
) -> Result<String, DefinitionError> {
    if node.entries().is_none() {
        return reader.string(node, path, "the file's location");
    }
    let bucket = reader.required(node, path, "Bucket", "the S3 bucket that holds the file")?;
    let key = reader.required(node, path, "Key", "the file's S3 key")?;
    Ok(format!(
        "s3://{}/{}",
        reader.string(bucket, &join(path, "Bucket"), "the bucket")?,
        reader.string(key, &join(path, "Key"), "the key")?
    ))
}

/// The resource a `ParentId`, `ResourceId` or `RequestValidatorId` names: the id it evaluates to,
/// looked up among the ids the template's API Gateway resources have (`!Ref Resource`,
/// `!GetAtt Api.RootResourceId`, or the same through any other function or an option).
fn target(
    reader: &Reader<'_>,
    node: &Node,
    path: &str,
    what: &str,
) -> Result<Target, DefinitionError> {
    let id = reader.structural(node, path, what)?;
    match reader.references.get(&id) {
        Some((_, true)) => Ok(Target::Root),
        Some((logical, false)) => Ok(Target::Resource(logical.clone())),
        None => Err(reader.error(
            node,
            path,
            ErrorKind::Resources(format!(
                "{what} is {id:?}, the id of no resource of this template (write `!Ref Resource` or `!GetAtt Api.RootResourceId`)"
            )),
        )),
    }
}

fn resource_path(
    reader: &Reader<'_>,
    resources: &[(&str, &Node, String)],
    name: &str,
    paths: &mut HashMap<String, String>,
    visiting: &mut Vec<String>,
) -> Result<String, DefinitionError> {
    if let Some(path) = paths.get(name) {
        return Ok(path.clone());
    }
    let Some((_, properties, at)) = resources.iter().find(|(n, _, _)| *n == name) else {
        return Err(DefinitionError::new(
            reader.main_file(),
            Default::default(),
            ErrorKind::Resources(format!("no AWS::ApiGateway::Resource named {name:?}")),
        ));
    };
    if visiting.iter().any(|v| v == name) {
        visiting.push(name.to_string());
        return Err(reader.error(
            properties,
            at,
            ErrorKind::Resources(format!(
                "resources are their own ancestors: {}",
                visiting.join(" → ")
            )),
        ));
    }
    visiting.push(name.to_string());
    let part_node = reader.required(properties, at, "PathPart", "the resource's path segment")?;
    let part = reader.string(part_node, &join(at, "PathPart"), "the path part")?;
    let parent_node = reader.required(properties, at, "ParentId", "the resource's parent")?;
    let parent_path = join(at, "ParentId");
    let parent = match target(reader, parent_node, &parent_path, "the parent resource")? {
        Target::Root => String::new(),
        Target::Resource(parent) => {
            if !resources.iter().any(|(n, _, _)| *n == parent) {
                return Err(reader.error(
                    parent_node,
                    &parent_path,
                    ErrorKind::Resources(format!(
                        "the parent {parent:?} is not an AWS::ApiGateway::Resource of this template"
                    )),
                ));
            }
            resource_path(reader, resources, &parent, paths, visiting)?
        }
    };
    visiting.pop();
    let path = format!("{parent}/{part}");
    paths.insert(name.to_string(), path.clone());
    Ok(path)
}

fn read_validators(
    reader: &Reader<'_>,
    validators: &[(&str, &Node, String)],
) -> Result<Vec<Validator>, DefinitionError> {
    let mut out = Vec::new();
    for (name, properties, path) in validators {
        let flag = |key: &str| match properties.get(key) {
            None => Ok(false),
            Some(value) => reader.boolean(value, &join(path, key)),
        };
        out.push(Validator {
            name: name.to_string(),
            parameters: flag("ValidateRequestParameters")?,
            body: flag("ValidateRequestBody")?,
        });
    }
    Ok(out)
}

fn read_method(
    reader: &mut Reader<'_>,
    properties: &Node,
    path: &str,
    paths: &HashMap<String, String>,
    validators: &[Validator],
    binary_media_types: &[String],
) -> Result<ApiMethod, DefinitionError> {
    let stand_ins_before = reader.stand_ins.borrow().len();
    let required =
        |key: &'static str, why: &'static str| reader.required(properties, path, key, why);
    let http_method_node = required("HttpMethod", "GET, POST, ... or ANY")?;
    let http_method = reader
        .string(
            http_method_node,
            &join(path, "HttpMethod"),
            "the HTTP method",
        )?
        .to_ascii_uppercase();
    let resource_node = required("ResourceId", "the resource the method belongs to")?;
    let resource_at = join(path, "ResourceId");
    let resource_path = match target(reader, resource_node, &resource_at, "the method's resource")?
    {
        Target::Root => "/".to_string(),
        Target::Resource(name) => paths.get(&name).cloned().ok_or_else(|| {
            reader.error(
                resource_node,
                &resource_at,
                ErrorKind::Resources(format!(
                    "{name:?} is not an AWS::ApiGateway::Resource of this template"
                )),
            )
        })?,
    };
    let mut parameters = Vec::new();
    if let Some(node) = properties.get("RequestParameters") {
        let at = join(path, "RequestParameters");
        for (key, value) in reader.map(node, &at)? {
            let key = key.scalar().unwrap_or_default();
            let key_at = join(&at, key);
            let (location, name) = match key.strip_prefix("method.request.") {
                Some(rest) => match rest.split_once('.') {
                    Some(("path", name)) => (ParameterLocation::Path, name),
                    Some(("querystring", name)) => (ParameterLocation::Query, name),
                    Some(("header", name)) => (ParameterLocation::Header, name),
                    _ => return Err(bad_parameter(reader, value, &key_at)),
                },
                None => return Err(bad_parameter(reader, value, &key_at)),
            };
            parameters.push(MethodParameter {
                location,
                name: name.to_string(),
                required: reader.boolean(value, &key_at)?,
            });
        }
    }
    let validator = match properties.get("RequestValidatorId") {
        None => None,
        Some(node) => {
            let at = join(path, "RequestValidatorId");
            match target(reader, node, &at, "the request validator")? {
                Target::Resource(name) => Some(
                    validators
                        .iter()
                        .find(|v| v.name == name)
                        .cloned()
                        .ok_or_else(|| {
                            reader.error(
                                node,
                                &at,
                                ErrorKind::Resources(format!(
                                    "{name:?} is not an AWS::ApiGateway::RequestValidator of this template"
                                )),
                            )
                        })?,
                ),
                Target::Root => {
                    return Err(reader.error(
                        node,
                        &at,
                        ErrorKind::Resources("a request validator, not the root resource, is expected".into()),
                    ));
                }
            }
        }
    };
    // RequestModels: content type → a model's name (`!Ref` to an AWS::ApiGateway::Model gives
    // its name).
    let mut request_models = Vec::new();
    if let Some(node) = properties.get("RequestModels") {
        let at = join(path, "RequestModels");
        for (content_type, value) in reader.map(node, &at)? {
            let content_type = content_type.scalar().unwrap_or_default().to_string();
            let value_at = join(&at, &content_type);
            let name = reader.structural(value, &value_at, "the request model's name")?;
            request_models.push((content_type, RequestModel::Named(name)));
        }
    }
    let mut statuses = Vec::new();
    if let Some(node) = properties.get("MethodResponses") {
        let at = join(path, "MethodResponses");
        for (i, item) in reader.list(node, &at)?.iter().enumerate() {
            let item_at = format!("{at}[{i}]");
            reader.map(item, &item_at)?;
            let status = reader.required(
                item,
                &item_at,
                "StatusCode",
                "a method response is keyed by its status",
            )?;
            statuses.push(reader.status(status, &join(&item_at, "StatusCode"))?);
        }
    }
    let integration_node = required(
        "Integration",
        "API Gateway cannot deploy a method without an integration",
    )?;
    let integration = read_integration(reader, integration_node, &join(path, "Integration"))?;
    let api_key_required = match properties.get("ApiKeyRequired") {
        Some(flag) => reader.boolean(flag, &join(path, "ApiKeyRequired"))?,
        None => false,
    };
    Ok(ApiMethod {
        resource_path,
        http_method,
        gateway: Method::new(integration)
            .api_key_required(api_key_required)
            .method_responses(statuses)
            .binary_media_types(binary_media_types.to_vec()),
        parameters,
        validator,
        request_models,
        location: (properties.file, properties.line, properties.column),
        stand_ins: reader.stand_ins.borrow()[stand_ins_before..].to_vec(),
    })
}

fn bad_parameter(reader: &Reader<'_>, node: &Node, path: &str) -> DefinitionError {
    reader.error(
        node,
        path,
        ErrorKind::Expected {
            expected: "a key `method.request.{path|querystring|header}.NAME`".into(),
            found: format!(
                "`{}`",
                path.rsplit("RequestParameters.").next().unwrap_or(path)
            ),
        },
    )
}

fn read_integration(
    reader: &mut Reader<'_>,
    node: &Node,
    path: &str,
) -> Result<Integration, DefinitionError> {
    let mut integration = integration::read_integration(reader, node, path, &CLOUDFORMATION)?;
    if let Some(list) = node.get("IntegrationResponses") {
        let at = join(path, "IntegrationResponses");
        for (i, item) in reader.list(list, &at)?.iter().enumerate() {
            let item_at = format!("{at}[{i}]");
            let pattern_at = join(&item_at, "SelectionPattern");
            let pattern = match item.get("SelectionPattern") {
                Some(node) => Some((
                    reader.string(node, &pattern_at, "the selection pattern")?,
                    node,
                )),
                None => None,
            };
            let selection = pattern
                .as_ref()
                .map(|(text, node)| (text.as_str(), *node, pattern_at.as_str()));
            let response =
                integration::read_response(reader, item, &item_at, selection, &CLOUDFORMATION)?;
            integration = integration.response(response);
        }
    }
    Ok(integration)
}

//! OpenAPI 3 and Swagger 2 exports with API Gateway's extensions (`x-amazon-apigateway-integration`,
//! `x-amazon-apigateway-any-method`, request validators, binary media types). The two versions
//! differ only where API Gateway does not look (schemas, `servers` / `basePath`), so one reader
//! serves both.

use super::document::{Kind, Node};
use super::error::{DefinitionError, ErrorKind, Location, Warning};
use super::integration::{self, OPENAPI};
use super::models::{self, RequestModel};
use super::read::{Reader, join};
use super::{ApiKeySource, ApiMethod, MethodParameter, ParameterLocation, Validator};
use crate::gateway::{GatewayResponses, Integration, Method};

/// HTTP methods as OpenAPI keys, and what API Gateway calls them.
const METHODS: [(&str, &str); 8] = [
    ("get", "GET"),
    ("put", "PUT"),
    ("post", "POST"),
    ("delete", "DELETE"),
    ("options", "OPTIONS"),
    ("head", "HEAD"),
    ("patch", "PATCH"),
    ("x-amazon-apigateway-any-method", "ANY"),
];

/// What an OpenAPI document defines.
pub(crate) struct OpenApi {
    pub(crate) methods: Vec<ApiMethod>,
    pub(crate) binary_media_types: Vec<String>,
    /// `components.schemas` (OpenAPI 3) or `definitions` (Swagger 2), references rewritten.
    pub(crate) models: Vec<(String, serde_json::Value)>,
    pub(crate) gateway_responses: GatewayResponses,
    pub(crate) api_key_source: ApiKeySource,
}

/// Reads the document at `root`; `base` is its key path in the file (a SAM `DefinitionBody`).
pub(crate) fn read(
    reader: &mut Reader<'_>,
    root: &Node,
    base: &str,
) -> Result<OpenApi, DefinitionError> {
    reader.map(root, base)?;
    let binary_media_types = match root.get("x-amazon-apigateway-binary-media-types") {
        None => Vec::new(),
        Some(node) => {
            let path = join(base, "x-amazon-apigateway-binary-media-types");
            let mut types = Vec::new();
            for (i, item) in reader.list(node, &path)?.iter().enumerate() {
                types.push(reader.string(item, &format!("{path}[{i}]"), "a media type")?);
            }
            types
        }
    };
    let validators = read_validators(reader, root, base)?;
    let api_key_source = match root.get("x-amazon-apigateway-api-key-source") {
        Some(node) => {
            reader.api_key_source(node, &join(base, "x-amazon-apigateway-api-key-source"))?
        }
        None => ApiKeySource::Header,
    };
    let api_key_schemes = api_key_schemes(root);
    let root_security = root.get("security");
    let mut schemas = Vec::new();
    for holder in [
        root.get("components").and_then(|c| c.get("schemas")),
        root.get("definitions"),
    ]
    .into_iter()
    .flatten()
    {
        for (name, schema) in reader.map(holder, base)? {
            let name = name.scalar().unwrap_or_default().to_string();
            schemas.push((name, models::document_schema(schema)));
        }
    }
    let gateway_responses =
        models::openapi_gateway_responses(reader, root, base, GatewayResponses::new())?;
    let root_consumes = root.get("consumes");
    let default_validator = reader.opt_string(
        root,
        base,
        "x-amazon-apigateway-request-validator",
        "a validator name",
    )?;
    let paths_path = join(base, "paths");
    let paths = reader.required(root, base, "paths", "the API's resources and methods")?;
    let mut methods = Vec::new();
    for (key, item) in reader.map(paths, &paths_path)? {
        let resource_path = key.scalar().unwrap_or_default();
        let item_path = join(&paths_path, resource_path);
        if !resource_path.starts_with('/') {
            return Err(reader.error(
                key,
                &item_path,
                ErrorKind::Expected {
                    expected: "a resource path starting with `/`".into(),
                    found: format!("{resource_path:?}"),
                },
            ));
        }
        let shared = match item.get("parameters") {
            Some(list) => read_parameters(reader, root, list, &join(&item_path, "parameters"))?,
            None => Vec::new(),
        };
        for (name, operation) in reader.map(item, &item_path)? {
            let key_text = name.scalar().unwrap_or_default();
            let Some((_, http_method)) = METHODS
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key_text))
            else {
                continue;
            };
            let op_path = join(&item_path, key_text);
            reader.map(operation, &op_path)?;
            let stand_ins_before = reader.stand_ins.borrow().len();
            let mut parameters = shared.clone();
            if let Some(list) = operation.get("parameters") {
                for parameter in read_parameters(reader, root, list, &join(&op_path, "parameters"))?
                {
                    parameters.retain(|p: &MethodParameter| {
                        !(p.name == parameter.name && p.location == parameter.location)
                    });
                    parameters.push(parameter);
                }
            }
            let validator_name = match reader.opt_string(
                operation,
                &op_path,
                "x-amazon-apigateway-request-validator",
                "a validator name",
            )? {
                Some(name) => Some((name, operation.get("x-amazon-apigateway-request-validator"))),
                None => default_validator
                    .clone()
                    .map(|n| (n, root.get("x-amazon-apigateway-request-validator"))),
            };
            let validator = match validator_name {
                None => None,
                Some((name, node)) => match validators.iter().find(|v| v.name == name) {
                    Some(v) => Some(v.clone()),
                    None => {
                        return Err(reader.error(
                            node.unwrap_or(operation),
                            &join(&op_path, "x-amazon-apigateway-request-validator"),
                            ErrorKind::Expected {
                                expected: "the name of a validator in x-amazon-apigateway-request-validators".into(),
                                found: format!("{name:?}"),
                            },
                        ));
                    }
                },
            };
            let request_models =
                read_request_models(reader, root, item, operation, root_consumes, &op_path)?;
            let mut statuses = Vec::new();
            if let Some(responses) = operation.get("responses") {
                for (status, _) in reader.map(responses, &join(&op_path, "responses"))? {
                    // `default` and ranges are OpenAPI's own; API Gateway method responses are
                    // three-digit statuses.
                    if let Some(code) = status.scalar().and_then(|s| s.parse::<u16>().ok()) {
                        statuses.push(code);
                    }
                }
            }
            let integration_path = join(&op_path, "x-amazon-apigateway-integration");
            let integration = reader.required(
                operation,
                &op_path,
                "x-amazon-apigateway-integration",
                "API Gateway cannot deploy a method without an integration",
            )?;
            let (integration, integration_path) =
                integration_ref(reader, root, integration, &integration_path)?;
            let integration = read_integration(reader, integration, &integration_path)?;
            let security = operation.get("security").or(root_security);
            methods.push(ApiMethod {
                resource_path: resource_path.to_string(),
                http_method: http_method.to_string(),
                gateway: Method::new(integration)
                    .api_key_required(requires_api_key(security, &api_key_schemes))
                    .method_responses(statuses)
                    .binary_media_types(binary_media_types.clone()),
                parameters,
                validator,
                request_models,
                location: (key.file, key.line, key.column),
                stand_ins: reader.stand_ins.borrow()[stand_ins_before..].to_vec(),
            });
        }
    }
    Ok(OpenApi {
        methods,
        binary_media_types,
        models: schemas,
        gateway_responses,
        api_key_source,
    })
}

/// The names of the document's security schemes that are API Gateway's API key: `type: apiKey`,
/// `name: x-api-key`, `in: header` (D-KEY: the scheme's own name is free; `api_key` in AWS's
/// exports). OpenAPI 3 keeps them in `components.securitySchemes`, Swagger 2 in
/// `securityDefinitions`.
fn api_key_schemes(root: &Node) -> Vec<String> {
    let text = |node: &Node, key: &str| node.get(key).and_then(Node::scalar).map(str::to_string);
    [
        root.get("components")
            .and_then(|c| c.get("securitySchemes")),
        root.get("securityDefinitions"),
    ]
    .into_iter()
    .flatten()
    .filter_map(Node::entries)
    .flatten()
    .filter(|(_, scheme)| {
        text(scheme, "type").as_deref() == Some("apiKey")
            && text(scheme, "name").is_some_and(|n| n.eq_ignore_ascii_case("x-api-key"))
            && text(scheme, "in").as_deref() == Some("header")
    })
    .filter_map(|(name, _)| name.scalar().map(str::to_string))
    .collect()
}

/// Whether an operation's `security` (else the document's: OpenAPI's rule, inferred for API
/// Gateway's import) names an API key scheme in one of its requirements.
fn requires_api_key(security: Option<&Node>, schemes: &[String]) -> bool {
    let Some(Kind::Seq(requirements)) = security.map(|s| &s.kind) else {
        return false;
    };
    requirements
        .iter()
        .filter_map(Node::entries)
        .flatten()
        .any(|(name, _)| {
            name.scalar()
                .is_some_and(|name| schemes.iter().any(|s| s == name))
        })
}

/// The operation's request models by content type: OpenAPI 3 `requestBody.content.TYPE.schema`;
/// Swagger 2 the `in: body` parameter's `schema`, for each type the operation (or the document)
/// `consumes`, `application/json` when it says none. A schema that is only a `$ref` to a model
/// names that model; any other is used in place.
fn read_request_models(
    reader: &Reader<'_>,
    root: &Node,
    item: &Node,
    operation: &Node,
    root_consumes: Option<&Node>,
    op_path: &str,
) -> Result<Vec<(String, RequestModel)>, DefinitionError> {
    let model_of = |schema: &Node| {
        let reference = schema
            .entries()
            .filter(|e| e.len() == 1)
            .and_then(|_| schema.get("$ref"))
            .and_then(Node::scalar);
        let named = reference.and_then(|r| {
            ["#/components/schemas/", "#/definitions/"]
                .iter()
                .find_map(|p| r.strip_prefix(p))
                .filter(|name| !name.contains('/'))
        });
        match named {
            Some(name) => RequestModel::Named(name.to_string()),
            None => RequestModel::Inline(models::document_schema(schema)),
        }
    };
    let mut out = Vec::new();
    if let Some(body) = operation.get("requestBody") {
        let at = join(op_path, "requestBody");
        let body = resolve(reader, root, body, &at)?;
        if let Some(content) = body.get("content") {
            let content_at = join(&at, "content");
            for (content_type, media) in reader.map(content, &content_at)? {
                if let Some(schema) = media.get("schema") {
                    out.push((
                        content_type.scalar().unwrap_or_default().to_string(),
                        model_of(schema),
                    ));
                }
            }
        }
        return Ok(out);
    }
    for holder in [operation.get("parameters"), item.get("parameters")]
        .into_iter()
        .flatten()
    {
        for (i, parameter) in reader.list(holder, op_path)?.iter().enumerate() {
            let parameter = resolve(
                reader,
                root,
                parameter,
                &format!("{op_path}.parameters[{i}]"),
            )?;
            if parameter.get("in").and_then(Node::scalar) != Some("body") {
                continue;
            }
            let Some(schema) = parameter.get("schema") else {
                continue;
            };
            let consumes = operation.get("consumes").or(root_consumes);
            let mut types = Vec::new();
            if let Some(list) = consumes {
                for (j, t) in reader
                    .list(list, &join(op_path, "consumes"))?
                    .iter()
                    .enumerate()
                {
                    types.push(reader.string(
                        t,
                        &format!("{op_path}.consumes[{j}]"),
                        "a media type",
                    )?);
                }
            }
            if types.is_empty() {
                types.push("application/json".to_string());
            }
            for content_type in types {
                out.push((content_type, model_of(schema)));
            }
            return Ok(out);
        }
    }
    Ok(out)
}

fn read_validators(
    reader: &Reader<'_>,
    root: &Node,
    base: &str,
) -> Result<Vec<Validator>, DefinitionError> {
    let mut validators = Vec::new();
    let Some(node) = root.get("x-amazon-apigateway-request-validators") else {
        return Ok(validators);
    };
    let path = join(base, "x-amazon-apigateway-request-validators");
    for (name, body) in reader.map(node, &path)? {
        let name = name.scalar().unwrap_or_default().to_string();
        let at = join(&path, &name);
        reader.map(body, &at)?;
        let flag = |key: &str| match body.get(key) {
            None => Ok(false),
            Some(value) => reader.boolean(value, &join(&at, key)),
        };
        validators.push(Validator {
            parameters: flag("validateRequestParameters")?,
            body: flag("validateRequestBody")?,
            name,
        });
    }
    Ok(validators)
}

/// A `$ref` to `#/components/parameters/X` (OpenAPI 3) or `#/parameters/X` (Swagger 2).
fn resolve<'n>(
    reader: &Reader<'_>,
    root: &'n Node,
    node: &'n Node,
    path: &str,
) -> Result<&'n Node, DefinitionError> {
    let Some(reference) = node.get("$ref") else {
        return Ok(node);
    };
    let target = reader.string(reference, &join(path, "$ref"), "a reference")?;
    let mut found = Some(root);
    for part in target.trim_start_matches("#/").split('/') {
        found = found.and_then(|n| n.get(part));
    }
    found.filter(|_| target.starts_with("#/")).ok_or_else(|| {
        reader.error(
            reference,
            &join(path, "$ref"),
            ErrorKind::Expected {
                expected: "a reference to a parameter in this document".into(),
                found: format!("{target:?}"),
            },
        )
    })
}

fn read_parameters(
    reader: &Reader<'_>,
    root: &Node,
    list: &Node,
    path: &str,
) -> Result<Vec<MethodParameter>, DefinitionError> {
    let mut out = Vec::new();
    for (i, item) in reader.list(list, path)?.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let item = resolve(reader, root, item, &at)?;
        reader.map(item, &at)?;
        let name = reader.opt_string(item, &at, "name", "the parameter's name")?;
        let place = reader.opt_string(item, &at, "in", "the parameter's location")?;
        let (Some(name), Some(place)) = (name, place) else {
            return Err(reader.error(
                item,
                &at,
                ErrorKind::Missing {
                    key: "name` and `in".into(),
                    why: "a parameter needs both",
                },
            ));
        };
        let location = match place.as_str() {
            "path" => ParameterLocation::Path,
            "query" => ParameterLocation::Query,
            "header" => ParameterLocation::Header,
            // Bodies, form data and cookies are not request parameters to API Gateway.
            _ => continue,
        };
        let required = match item.get("required") {
            Some(flag) => reader.boolean(flag, &join(&at, "required"))?,
            None => false,
        };
        out.push(MethodParameter {
            location,
            name,
            required,
        });
    }
    Ok(out)
}

/// An integration written `$ref: '#/components/x-amazon-apigateway-integrations/NAME'`: the
/// integration it names, and its key path. AWS documents these references for HTTP APIs
/// ("x-amazon-apigateway-integrations object"); that a REST API import resolves them is not
/// verified, and a warning says so.
fn integration_ref<'n>(
    reader: &mut Reader<'_>,
    root: &'n Node,
    node: &'n Node,
    path: &str,
) -> Result<(&'n Node, String), DefinitionError> {
    const PREFIX: &str = "#/components/x-amazon-apigateway-integrations/";
    let Some(reference) = node
        .get("$ref")
        .filter(|_| node.entries().map(<[_]>::len) == Some(1))
    else {
        return Ok((node, path.to_string()));
    };
    let at = join(path, "$ref");
    let target = reader.string(reference, &at, "a reference")?;
    // JSON Pointer escapes: `~1` is `/`, `~0` is `~`.
    let name = target
        .strip_prefix(PREFIX)
        .map(|name| name.replace("~1", "/").replace("~0", "~"));
    let found = name.as_deref().and_then(|name| {
        root.get("components")?
            .get("x-amazon-apigateway-integrations")?
            .get(name)
    });
    match (found, name) {
        (Some(found), Some(name)) => {
            reader.warnings.push(
                Warning::new(
                    reader.file_name(reference.file),
                    Location {
                        line: reference.line,
                        column: reference.column,
                        path: at.clone(),
                    },
                    format!(
                        "`$ref` to `{target}`: AWS documents `x-amazon-apigateway-integrations` references for HTTP APIs; that a REST API import resolves them is unverified"
                    ),
                ),
            );
            Ok((
                found,
                format!("components.x-amazon-apigateway-integrations.{name}"),
            ))
        }
        (None, Some(name)) => {
            let names: Vec<&str> = root
                .get("components")
                .and_then(|c| c.get("x-amazon-apigateway-integrations"))
                .and_then(Node::entries)
                .unwrap_or_default()
                .iter()
                .filter_map(|(k, _)| k.scalar())
                .collect();
            Err(reader.error(
                reference,
                &at,
                ErrorKind::Expected {
                    expected: if names.is_empty() {
                        "an integration under `components.x-amazon-apigateway-integrations` (the document has none)".to_string()
                    } else {
                        format!(
                            "the name of an integration under `components.x-amazon-apigateway-integrations` ({})",
                            names.join(", ")
                        )
                    },
                    found: format!("{name:?}"),
                },
            ))
        }
        _ => Err(reader.error(
            reference,
            &at,
            ErrorKind::Expected {
                expected: format!("a reference to an integration of this document, `{PREFIX}NAME`"),
                found: format!("{target:?}"),
            },
        )),
    }
}

fn read_integration(
    reader: &mut Reader<'_>,
    node: &Node,
    path: &str,
) -> Result<Integration, DefinitionError> {
    let mut integration = integration::read_integration(reader, node, path, &OPENAPI)?;
    // No `responses` is allowed: every outcome then answers the generic 500 (no default), as on
    // AWS; proxy integrations need none.
    if let Some(responses) = node.get("responses") {
        let responses_path = join(path, "responses");
        for (pattern, response) in reader.map(responses, &responses_path)? {
            let text = pattern.scalar().unwrap_or_default();
            let at = join(&responses_path, text);
            // The export writes the default response under `default`.
            let selection = (text != "default").then_some((text, pattern, at.as_str()));
            let response = integration::read_response(reader, response, &at, selection, &OPENAPI)?;
            integration = integration.response(response);
        }
    }
    Ok(integration)
}

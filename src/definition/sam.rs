//! SAM's `Api` events: an `AWS::Serverless::Function` whose `Events` hold an entry of `Type: Api`
//! adds a method to an API, integrated with that function as a Lambda proxy (SAM's documented
//! behaviour). Without `RestApiId` the method belongs to SAM's implicit API (`ServerlessRestApi`,
//! deployed to the stage `Prod`); with one, to that `AWS::Serverless::Api`. The event's `Auth`
//! (`ApiKeyRequired`) and `RequestParameters` apply to the method.

use super::document::{Kind, Node};
use super::error::{DefinitionError, ErrorKind};
use super::read::{Reader, join};
use super::{ApiMethod, MethodParameter, ParameterLocation};
use crate::gateway::{Integration, IntegrationType, Method};

/// The logical id SAM gives the implicit API.
pub(crate) const IMPLICIT_API: &str = "ServerlessRestApi";

/// One `Api` event.
pub(crate) struct ApiEvent<'n> {
    /// The function's logical id.
    pub(crate) function: String,
    /// The API it attaches to: `None` for the implicit API, else the logical id `RestApiId` names.
    pub(crate) rest_api: Option<String>,
    /// Where the event is, for errors.
    pub(crate) node: &'n Node,
    pub(crate) at: String,
    pub(crate) resource_path: String,
    pub(crate) http_method: String,
    api_key_required: Option<bool>,
    parameters: Vec<MethodParameter>,
}

/// Every `Api` event of the template's functions, in file order.
pub(crate) fn api_events<'n>(
    reader: &Reader<'_>,
    entries: &'n [(Node, Node)],
) -> Result<Vec<ApiEvent<'n>>, DefinitionError> {
    let mut out = Vec::new();
    for (name, resource) in entries {
        if resource.get("Type").and_then(Node::scalar) != Some("AWS::Serverless::Function") {
            continue;
        }
        let function = name.scalar().unwrap_or_default().to_string();
        let Some(events) = resource.get("Properties").and_then(|p| p.get("Events")) else {
            continue;
        };
        let events_at = join(&join(&join("Resources", &function), "Properties"), "Events");
        for (event_name, event) in reader.map(events, &events_at)? {
            let at = join(&events_at, event_name.scalar().unwrap_or_default());
            if event.get("Type").and_then(Node::scalar) != Some("Api") {
                continue;
            }
            let properties_at = join(&at, "Properties");
            let properties = reader.required(
                event,
                &at,
                "Properties",
                "an Api event names its Path and Method",
            )?;
            reader.map(properties, &properties_at)?;
            let path_node = reader.required(
                properties,
                &properties_at,
                "Path",
                "the resource path the event adds",
            )?;
            let resource_path =
                reader.string(path_node, &join(&properties_at, "Path"), "the event's path")?;
            let method_node = reader.required(
                properties,
                &properties_at,
                "Method",
                "the HTTP method the event adds (get, post... or any)",
            )?;
            let http_method = reader
                .string(
                    method_node,
                    &join(&properties_at, "Method"),
                    "the event's method",
                )?
                .to_ascii_uppercase();
            let rest_api = match properties.get("RestApiId") {
                None => None,
                Some(node) => Some(api_reference(
                    reader,
                    node,
                    &join(&properties_at, "RestApiId"),
                )?),
            };
            let api_key_required = match properties
                .get("Auth")
                .and_then(|a| a.get("ApiKeyRequired"))
            {
                None => None,
                Some(flag) => Some(
                    reader.boolean(flag, &join(&join(&properties_at, "Auth"), "ApiKeyRequired"))?,
                ),
            };
            let parameters = match properties.get("RequestParameters") {
                None => Vec::new(),
                Some(list) => {
                    request_parameters(reader, list, &join(&properties_at, "RequestParameters"))?
                }
            };
            out.push(ApiEvent {
                function: function.clone(),
                rest_api,
                node: event,
                at,
                resource_path,
                http_method,
                api_key_required,
                parameters,
            });
        }
    }
    Ok(out)
}

/// `RestApiId: !Ref MyApi` (evaluated: the id `Ref` gives, issue 13), or the logical id written as
/// a string → `MyApi`.
fn api_reference(reader: &Reader<'_>, node: &Node, path: &str) -> Result<String, DefinitionError> {
    reader.known(node, path)?;
    if let Some((logical, false)) = node.scalar().and_then(|id| reader.references.get(id)) {
        return Ok(logical.clone());
    }
    if let Some(text) = node.scalar().filter(|_| node.tag.as_deref() == Some("Ref")) {
        return Ok(text.to_string());
    }
    if let Some([(key, value)]) = node.entries()
        && key.scalar() == Some("Ref")
        && let Some(text) = value.scalar()
    {
        return Ok(text.to_string());
    }
    if !node.is_intrinsic()
        && let Some(text) = node.scalar()
    {
        return Ok(text.to_string());
    }
    Err(reader.error(
        node,
        path,
        ErrorKind::Expected {
            expected: "`!Ref` to the AWS::Serverless::Api the event attaches to".into(),
            found: node.describe(),
        },
    ))
}

/// SAM's `RequestParameters`: a list of `method.request.{header|querystring|path}.NAME` strings,
/// or one-key maps of such a name to `{Required, Caching}`.
fn request_parameters(
    reader: &Reader<'_>,
    list: &Node,
    path: &str,
) -> Result<Vec<MethodParameter>, DefinitionError> {
    let mut out = Vec::new();
    for (i, item) in reader.list(list, path)?.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let (name, required) = match &item.kind {
            Kind::Map(entries) if entries.len() == 1 => {
                let (key, settings) = &entries[0];
                let required = match settings.get("Required") {
                    Some(flag) => reader.boolean(flag, &join(&at, "Required"))?,
                    None => false,
                };
                (key.scalar().unwrap_or_default().to_string(), required)
            }
            _ => (reader.string(item, &at, "a request parameter")?, false),
        };
        let location = match name
            .strip_prefix("method.request.")
            .and_then(|r| r.split_once('.'))
        {
            Some(("header", n)) => (ParameterLocation::Header, n),
            Some(("querystring", n)) => (ParameterLocation::Query, n),
            Some(("path", n)) => (ParameterLocation::Path, n),
            _ => {
                return Err(reader.error(
                    item,
                    &at,
                    ErrorKind::Expected {
                        expected: "`method.request.{header|querystring|path}.NAME`".into(),
                        found: format!("{name:?}"),
                    },
                ));
            }
        };
        out.push(MethodParameter {
            location: location.0,
            name: location.1.to_string(),
            required,
        });
    }
    Ok(out)
}

/// The URI SAM writes for an event's function, `Fn::Sub` of Lambda's invocation ARN (evaluated
/// with the template, [`super::intrinsics::Evaluation::sam_uris`]): its text when the template's
/// evaluation has it, the function's own `Fn::Sub` text otherwise (it classifies as a Lambda
/// function either way).
pub(crate) fn function_uri(function: &str) -> String {
    format!(
        "arn:aws:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{function}.Arn}}/invocations"
    )
}

/// The method an event adds: a Lambda proxy integration on its function. `api_key_required` is
/// the API's `Auth.ApiKeyRequired`, which the event's own `Auth` overrides.
///
/// # Errors
/// The function's URI cannot be known (a value it is made of has none).
pub(crate) fn event_method(
    reader: &Reader<'_>,
    event: &ApiEvent<'_>,
    api_key_required: bool,
) -> Result<ApiMethod, DefinitionError> {
    let stand_ins_before = reader.stand_ins.borrow().len();
    let uri = match reader.sam_uris.get(&event.function) {
        Some(node) => reader.string(node, &event.at, "the event's function URI")?,
        None => function_uri(&event.function),
    };
    let integration = Integration::new(IntegrationType::AwsProxy)
        .uri(&uri)
        .http_method("POST");
    Ok(ApiMethod {
        resource_path: event.resource_path.clone(),
        http_method: event.http_method.clone(),
        gateway: Method::new(integration)
            .api_key_required(event.api_key_required.unwrap_or(api_key_required)),
        parameters: event.parameters.clone(),
        validator: None,
        request_models: Vec::new(),
        location: (event.node.file, event.node.line, event.node.column),
        stand_ins: reader.stand_ins.borrow()[stand_ins_before..].to_vec(),
    })
}

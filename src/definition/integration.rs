//! An integration and its responses, read the same way from both spellings: OpenAPI's
//! `x-amazon-apigateway-integration` (`type`, `requestTemplates`...) and CloudFormation's
//! `Integration` (`Type`, `RequestTemplates`...). Only the key names and the way responses are
//! listed differ; the callers walk the responses, this module reads each one.

use super::document::{Kind, Node};
use super::error::{DefinitionError, ErrorKind};
use super::read::{Reader, join};
use crate::gateway::{Integration, IntegrationResponse, IntegrationType};

/// The key names of one spelling.
pub(crate) struct Spelling {
    kind: &'static str,
    uri: &'static str,
    http_method: &'static str,
    passthrough: &'static str,
    content_handling: &'static str,
    timeout: &'static str,
    request_templates: &'static str,
    request_parameters: &'static str,
    status: &'static str,
    response_templates: &'static str,
    response_parameters: &'static str,
}

/// `x-amazon-apigateway-integration` in OpenAPI 3 and Swagger 2.
pub(crate) const OPENAPI: Spelling = Spelling {
    kind: "type",
    uri: "uri",
    http_method: "httpMethod",
    passthrough: "passthroughBehavior",
    content_handling: "contentHandling",
    timeout: "timeoutInMillis",
    request_templates: "requestTemplates",
    request_parameters: "requestParameters",
    status: "statusCode",
    response_templates: "responseTemplates",
    response_parameters: "responseParameters",
};

/// `AWS::ApiGateway::Method` `Integration` in CloudFormation.
pub(crate) const CLOUDFORMATION: Spelling = Spelling {
    kind: "Type",
    uri: "Uri",
    http_method: "IntegrationHttpMethod",
    passthrough: "PassthroughBehavior",
    content_handling: "ContentHandling",
    timeout: "TimeoutInMillis",
    request_templates: "RequestTemplates",
    request_parameters: "RequestParameters",
    status: "StatusCode",
    response_templates: "ResponseTemplates",
    response_parameters: "ResponseParameters",
};

/// The integration without its responses.
pub(crate) fn read_integration(
    reader: &mut Reader<'_>,
    node: &Node,
    path: &str,
    keys: &Spelling,
) -> Result<Integration, DefinitionError> {
    reader.map(node, path)?;
    let kind = reader.required(
        node,
        path,
        keys.kind,
        "AWS, AWS_PROXY, HTTP, HTTP_PROXY or MOCK",
    )?;
    let mut integration = Integration::new(reader.integration_type(kind, &join(path, keys.kind))?);
    // AWS refuses an integration with a backend but no address or method for it.
    if integration.kind() != IntegrationType::Mock {
        for (key, why) in [
            (
                keys.uri,
                "the backend's address; every integration but MOCK has one",
            ),
            (
                keys.http_method,
                "the method used to call the backend; every integration but MOCK has one",
            ),
        ] {
            if node.get(key).is_none_or(Node::is_null) {
                return Err(reader.error(
                    node,
                    path,
                    ErrorKind::Missing {
                        key: key.into(),
                        why,
                    },
                ));
            }
        }
    }
    if let Some(value) = node.get(keys.uri).filter(|n| !n.is_null()) {
        // A CloudFormation template's URI is evaluated (issue 13); an intrinsic left in a file
        // nothing evaluates (an OpenAPI export) reads as far as its text goes.
        let text = if value.is_intrinsic() {
            uri(value)
        } else {
            Some(reader.string(value, &join(path, keys.uri), "the integration's URI")?)
        };
        if let Some(text) = text {
            integration = integration.uri(&text);
        }
    }
    if let Some(value) = node
        .get(keys.http_method)
        .filter(|n| !n.is_intrinsic() && !n.is_null())
    {
        let method = reader.string(
            value,
            &join(path, keys.http_method),
            "the integration's HTTP method",
        )?;
        integration = integration.http_method(&method);
    }
    if let Some(value) = node.get(keys.timeout) {
        integration =
            integration.timeout_millis(timeout(reader, value, &join(path, keys.timeout))?);
    }
    if let Some(value) = node.get(keys.passthrough) {
        integration =
            integration.passthrough(reader.passthrough(value, &join(path, keys.passthrough))?);
    }
    if let Some(value) = node.get(keys.content_handling) {
        integration = integration
            .content_handling(reader.content_handling(value, &join(path, keys.content_handling))?);
    }
    if let Some(templates) = node.get(keys.request_templates) {
        for (content_type, template) in
            reader.templates(templates, &join(path, keys.request_templates))?
        {
            integration = integration.request_template_as_deployed(&content_type, template);
        }
    }
    if let Some(parameters) = node.get(keys.request_parameters) {
        let at = join(path, keys.request_parameters);
        for (target, source, value) in reader.string_map(parameters, &at, "a parameter source")? {
            integration = integration
                .request_parameter(&target, &source)
                .map_err(|error| reader.model(value, &join(&at, &target), error))?;
        }
    }
    #[cfg(feature = "lint")]
    if let Some(sites) = &mut reader.sites {
        sites.integrations.push(super::sites::IntegrationSite {
            path: path.to_string(),
            place: (node.file, node.line, node.column),
            kind: integration.kind(),
            uri: integration.uri_text().map(str::to_string),
        });
    }
    Ok(integration)
}

/// One integration response; `pattern` is its selection pattern with the node and key path it was
/// read from (`None` for the default response).
pub(crate) fn read_response(
    reader: &mut Reader<'_>,
    node: &Node,
    path: &str,
    pattern: Option<(&str, &Node, &str)>,
    keys: &Spelling,
) -> Result<IntegrationResponse, DefinitionError> {
    reader.map(node, path)?;
    let status = reader.required(node, path, keys.status, "the status this response sends")?;
    let mut response = IntegrationResponse::new(reader.status(status, &join(path, keys.status))?);
    if let Some((text, at, at_path)) = pattern {
        response = response
            .pattern(text)
            .map_err(|error| reader.model(at, at_path, error))?;
    }
    if let Some(templates) = node.get(keys.response_templates) {
        for (content_type, template) in
            reader.templates(templates, &join(path, keys.response_templates))?
        {
            response = response.template_as_deployed(&content_type, template);
        }
    }
    if let Some(parameters) = node.get(keys.response_parameters) {
        let at = join(path, keys.response_parameters);
        for (target, source, value) in reader.string_map(parameters, &at, "a parameter source")? {
            response = response
                .parameter(&target, &source)
                .map_err(|error| reader.model(value, &join(&at, &target), error))?;
        }
    }
    if let Some(value) = node.get(keys.content_handling) {
        response = response
            .content_handling(reader.content_handling(value, &join(path, keys.content_handling))?);
    }
    #[cfg(feature = "lint")]
    if let Some(sites) = &mut reader.sites {
        let at = pattern.map_or(status, |(_, at, _)| at);
        sites.responses.push(super::sites::ResponseSite {
            path: path.to_string(),
            place: (at.file, at.line, at.column),
            status: response.status(),
            pattern: response.selection_pattern().map(str::to_string),
        });
    }
    Ok(response)
}

/// An integration URI written as an intrinsic function in a file where nothing evaluates it (a
/// CloudFormation template's own are evaluated before they come here): read as far as its literal
/// text goes, enough to classify it (`Fn::Sub`'s template with its `${…}` left in place;
/// `Fn::Join`'s literal parts with `${Name}` / `${Name.Attribute}` for a `Ref` / `Fn::GetAtt`
/// part). `None` when nothing of it can be read.
pub(crate) fn uri(node: &Node) -> Option<String> {
    if node.is_null() {
        return None;
    }
    if !node.is_intrinsic() {
        return node.scalar().map(str::to_string);
    }
    let (function, argument) = intrinsic(node)?;
    match function {
        "Sub" => match &argument.kind {
            Kind::Scalar { text, .. } => Some(text.clone()),
            // `Fn::Sub: [template, {variables}]`.
            Kind::Seq(items) => items.first().and_then(Node::scalar).map(str::to_string),
            Kind::Map(_) | Kind::Unresolved(_) => None,
        },
        "Join" => {
            let Kind::Seq(items) = &argument.kind else {
                return None;
            };
            let separator = items.first().and_then(Node::scalar)?;
            let Kind::Seq(parts) = &items.get(1)?.kind else {
                return None;
            };
            let parts: Option<Vec<String>> = parts.iter().map(placeholder).collect();
            Some(parts?.join(separator))
        }
        _ => placeholder(node),
    }
}

/// `(function without Fn::, argument)` of a short (`!Sub x`) or long (`{"Fn::Sub": x}`) intrinsic.
fn intrinsic(node: &Node) -> Option<(&str, &Node)> {
    match (&node.tag, node.entries()) {
        (Some(tag), _) => Some((tag.as_str(), node)),
        (None, Some([(key, value)])) => Some((key.scalar()?.trim_start_matches("Fn::"), value)),
        _ => None,
    }
}

/// A part of a URI: its text, or `${Name}` for `Ref Name`, `${Name.Attribute}` for `Fn::GetAtt`.
fn placeholder(node: &Node) -> Option<String> {
    if !node.is_intrinsic() {
        return node.scalar().map(str::to_string);
    }
    let (function, argument) = intrinsic(node)?;
    match (function, &argument.kind) {
        ("Ref", Kind::Scalar { text, .. }) => Some(format!("${{{text}}}")),
        ("GetAtt", Kind::Scalar { text, .. }) => Some(format!("${{{text}}}")),
        ("GetAtt", Kind::Seq(items)) => {
            let names: Option<Vec<&str>> = items.iter().map(Node::scalar).collect();
            Some(format!("${{{}}}", names?.join(".")))
        }
        ("Sub", _) => uri(node),
        _ => None,
    }
}

/// `timeoutInMillis`: a positive integer, written as a number or a string. AWS documents 50 to
/// 29,000 ms and raises the upper bound on request (not checked here). A CloudFormation
/// template's is evaluated (issue 13); an intrinsic in a file nothing evaluates keeps the default.
fn timeout(reader: &Reader<'_>, node: &Node, path: &str) -> Result<u32, DefinitionError> {
    if node.is_intrinsic() {
        return Ok(crate::gateway::DEFAULT_TIMEOUT_MILLIS);
    }
    reader.known(node, path)?;
    node.scalar()
        .and_then(|text| text.trim().parse::<u32>().ok())
        .filter(|millis| *millis > 0)
        .ok_or_else(|| {
            reader.error(
                node,
                path,
                ErrorKind::Expected {
                    expected: "the integration timeout in milliseconds (50 to 29000)".into(),
                    found: node.describe(),
                },
            )
        })
}

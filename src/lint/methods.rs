//! Method rules, read from the definition as written: an integration response whose status has
//! no method response (AWS answers 500 when it is selected) or a method response no integration
//! response sends, and request parameter mappings to headers API Gateway refuses.

use super::Hit;
use crate::definition::document::{Kind, Node};
use crate::definition::sites::Place;
use crate::gateway::{IntegrationType, forbidden_header};
use crate::syntax::Span;

/// The hits of every OpenAPI operation and CloudFormation method under `node`.
pub(crate) fn check(node: &Node, out: &mut Vec<(Place, Hit)>) {
    match &node.kind {
        Kind::Seq(items) => items.iter().for_each(|item| check(item, out)),
        Kind::Map(entries) => {
            if let Some(integration) = node.get("x-amazon-apigateway-integration")
                && integration.get("$ref").is_none()
            {
                operation(node, integration, out);
            }
            if node.get("Type").and_then(Node::scalar) == Some("AWS::ApiGateway::Method")
                && let Some(properties) = node.get("Properties")
            {
                cloudformation_method(properties, out);
            }
            for (_, value) in entries {
                check(value, out);
            }
        }
        _ => {}
    }
}

fn place(node: &Node) -> Place {
    (node.file, node.line, node.column)
}

fn kind_of(text: Option<&str>) -> Option<IntegrationType> {
    Some(match text?.to_ascii_uppercase().as_str() {
        "AWS" => IntegrationType::Aws,
        "HTTP" => IntegrationType::Http,
        "MOCK" => IntegrationType::Mock,
        "AWS_PROXY" => IntegrationType::AwsProxy,
        "HTTP_PROXY" => IntegrationType::HttpProxy,
        _ => return None,
    })
}

/// An OpenAPI operation: method responses are the keys of `responses`, integration responses
/// the `statusCode`s under the integration's `responses`.
fn operation(operation: &Node, integration: &Node, out: &mut Vec<(Place, Hit)>) {
    let Some(kind) = kind_of(integration.get("type").and_then(Node::scalar)) else {
        return;
    };
    parameters(kind, integration.get("requestParameters"), out);
    if kind.is_proxy() {
        return;
    }
    let method: Vec<(&str, &Node)> = operation
        .get("responses")
        .and_then(Node::entries)
        .unwrap_or_default()
        .iter()
        .filter_map(|(k, _)| Some((k.scalar()?, k)))
        .collect();
    let sent: Vec<(&str, &Node)> = integration
        .get("responses")
        .and_then(Node::entries)
        .unwrap_or_default()
        .iter()
        .filter_map(|(_, r)| {
            let status = r.get("statusCode")?;
            Some((status.scalar()?, status))
        })
        .collect();
    statuses(&method, &sent, out);
}

/// A CloudFormation `AWS::ApiGateway::Method`: `MethodResponses[].StatusCode` and
/// `Integration.IntegrationResponses[].StatusCode`.
fn cloudformation_method(properties: &Node, out: &mut Vec<(Place, Hit)>) {
    let Some(integration) = properties.get("Integration") else {
        return;
    };
    let Some(kind) = kind_of(integration.get("Type").and_then(Node::scalar)) else {
        return;
    };
    parameters(kind, integration.get("RequestParameters"), out);
    if kind.is_proxy() {
        return;
    }
    let method = statuses_of(properties.get("MethodResponses"));
    let sent = statuses_of(integration.get("IntegrationResponses"));
    statuses(&method, &sent, out);
}

/// The `StatusCode`s of a CloudFormation list of responses.
fn statuses_of(list: Option<&Node>) -> Vec<(&str, &Node)> {
    match list.map(|l| &l.kind) {
        Some(Kind::Seq(items)) => items
            .iter()
            .filter_map(|item| {
                let status = item.get("StatusCode")?;
                Some((status.scalar()?, status))
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn statuses(method: &[(&str, &Node)], sent: &[(&str, &Node)], out: &mut Vec<(Place, Hit)>) {
    for (status, node) in sent {
        if !method.iter().any(|(m, _)| m == status) {
            out.push((
                place(node),
                Hit::new(
                    "method-response-missing",
                    Span::new(0, status.len()),
                    format!("this integration response sends {status}, but the method has no {status} response"),
                )
                .label("AWS answers 500 when this response is selected")
                .note("API Gateway logs \"Output mapping refers to an invalid method response\"")
                .help(Some(format!("declare a {status} method response"))),
            ));
        }
    }
    if sent.is_empty() {
        return;
    }
    for (status, node) in method {
        if *status != "default" && !sent.iter().any(|(s, _)| s == status) {
            out.push((
                place(node),
                Hit::new(
                    "method-response-unused",
                    Span::new(0, status.len()),
                    format!("no integration response sends this method response's {status}"),
                )
                .label("never sent, except by a status override"),
            ));
        }
    }
}

/// Request parameter mappings to a header API Gateway refuses for this integration type.
fn parameters(kind: IntegrationType, parameters: Option<&Node>, out: &mut Vec<(Place, Hit)>) {
    for (target, _) in parameters.and_then(Node::entries).unwrap_or_default() {
        let Some(name) = target
            .scalar()
            .and_then(|t| t.strip_prefix("integration.request.header."))
        else {
            continue;
        };
        if forbidden_header(kind, name) {
            out.push((
                place(target),
                Hit::new(
                    "forbidden-request-header",
                    Span::new(0, target.scalar().map_or(0, str::len)),
                    format!(
                        "API Gateway refuses to map the header `{name}` for an integration of type {}",
                        kind.name()
                    ),
                )
                .label("every request answers 500")
                .help(Some("remove this mapping".to_string())),
            ));
        }
    }
}

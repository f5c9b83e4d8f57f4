//! Definition rules: the file loads, its `x-amazon-apigateway-*` objects and API Gateway
//! resources have only keys AWS knows, proxy integrations have no templates; then every
//! template ([`super::templates`], placed at its line and column in the file) and every
//! integration's responses ([`super::selection`]).

use std::collections::HashSet;
use std::path::Path;

use super::selection::{self, Matched};
use super::{Config, Finding, Hit, Lint, TemplateRole, methods, names, templates};
use crate::definition::document::{self, Node, key_reads::KeyRead};
use crate::definition::sites::{IntegrationSite, Place, ResponseSite, TemplateText};
use crate::definition::{Api, DefinitionOptions};
use crate::gateway::IntegrationType;
use crate::syntax::{Span, offset_of};

/// Keys AWS documents that apigw-vtl does not read (they change nothing it models): never
/// reported as unknown.
const KNOWN_UNREAD: &[&str] = &[
    // x-amazon-apigateway-integration
    "cacheNamespace",
    "cacheKeyParameters",
    "credentials",
    "connectionType",
    "connectionId",
    "tlsConfig",
    "integrationTarget",
    "responseTransferMode",
    // AWS::ApiGateway::Method and its Integration
    "AuthorizationType",
    "AuthorizerId",
    "AuthorizationScopes",
    "OperationName",
    "CacheNamespace",
    "CacheKeyParameters",
    "Credentials",
    "ConnectionType",
    "ConnectionId",
    "TlsConfig",
    "IntegrationTarget",
    "ResponseTransferMode",
    "ResponseModels",
    "ResponseParameters",
    "RestApiId",
    // AWS::ApiGateway::RestApi
    "Name",
    "Description",
    "EndpointConfiguration",
    "Policy",
    "MinimumCompressionSize",
    "DisableExecuteApiEndpoint",
    "FailOnWarnings",
    "Mode",
    "Parameters",
    "Tags",
    "CloneFrom",
    "Version",
];

/// Keys whose mapping is keyed by the user (patterns, content types, parameter names, validator
/// names): its keys are not checked, its values are.
const USER_KEYED: &[&str] = &[
    "responses",
    "requestTemplates",
    "responseTemplates",
    "requestParameters",
    "responseParameters",
    "RequestTemplates",
    "ResponseTemplates",
    "RequestParameters",
    "ResponseParameters",
    "RequestModels",
    "x-amazon-apigateway-request-validators",
    "x-amazon-apigateway-integrations",
    "x-amazon-apigateway-gateway-responses",
];

/// CloudFormation resources whose `Properties` are checked.
const CHECKED_RESOURCES: [&str; 2] = ["AWS::ApiGateway::Method", "AWS::ApiGateway::RestApi"];

pub(crate) fn lint(path: &Path, config: &Config) -> Lint {
    let name = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            return Lint {
                findings: vec![
                    Hit::new(
                        "invalid-definition",
                        Span::new(0, 0),
                        format!("cannot be read: {error}"),
                    )
                    .into_finding(&name, Span::new(0, 0)),
                ],
                sources: vec![(name, String::new())],
            };
        }
    };
    let options = DefinitionOptions::new();
    let (read, reads) = Api::read_for_lint(&name, &text, &options);
    let mut lint = Lint::default();
    let (_api, mut reader) = match read {
        Ok(read) => read,
        Err(error) => {
            let location = error.location();
            let (file_text, file) = if error.file() == name {
                (text.clone(), name.clone())
            } else {
                let file = error.file().to_string();
                (std::fs::read_to_string(&file).unwrap_or_default(), file)
            };
            let offset = offset_of(&file_text, location.line, location.column).unwrap_or(0);
            let message = if location.path.is_empty() {
                error.kind().to_string()
            } else {
                format!("at `{}`: {}", location.path, error.kind())
            };
            lint.findings.push(
                Hit::new("invalid-definition", Span::at(offset), message)
                    .into_finding(&file, Span::at(offset)),
            );
            lint.sources.push((file, file_text));
            return lint;
        }
    };
    let files: Vec<(String, String)> = reader
        .files
        .iter()
        .map(|f| (f.name.clone(), f.text.clone()))
        .collect();
    let sites = reader.sites.take().unwrap_or_default();
    // A hit about a place of the file underlines as many characters as its span is long (the
    // key or pattern it names; a quoted one with its quotes), at least one, within the line.
    let place = |place: Place, hit: Hit| -> Finding {
        let (file, text) = files.get(place.0 as usize).unwrap_or(&files[0]);
        let offset = offset_of(text, place.1, place.2).unwrap_or(0);
        let rest = &text[offset..];
        let quoted = rest.starts_with(['\'', '"']);
        let width = hit.span.len() + if quoted { 2 } else { 0 };
        let line = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let end = rest
            .char_indices()
            .take(width.max(1))
            .last()
            .map_or(0, |(at, c)| at + c.len_utf8())
            .min(line.max(rest.chars().next().map_or(0, char::len_utf8)));
        hit.into_finding(file, Span::new(offset, offset + end))
    };
    // Unknown keys: in the file given (included files are read as the main one refers to them).
    if let Ok(loaded) = document::load(&name, &text, 0) {
        let mut hits = Vec::new();
        unknown_keys(&loaded.root, false, None, &reads, &mut hits);
        methods::check(&loaded.root, &mut hits);
        lint.findings
            .extend(hits.into_iter().map(|(p, hit)| place(p, hit)));
    }
    for template in &sites.templates {
        lint.findings
            .extend(template_findings(&reader, template, &files, &place));
    }
    let mut seen = HashSet::new();
    for integration in &sites.integrations {
        // An integration `$ref`-erenced by several methods is read once per method.
        if !seen.insert(integration.path.as_str()) {
            continue;
        }
        let mut places = HashSet::new();
        let responses: Vec<&ResponseSite> = sites
            .responses
            .iter()
            .filter(|r| r.path.starts_with(&format!("{}.", integration.path)))
            // A `$ref`-erenced integration's responses are read once per method that uses it.
            .filter(|r| places.insert(r.place))
            .collect();
        let templates: Vec<&TemplateText> = sites
            .templates
            .iter()
            .filter(|t| t.path.starts_with(&format!("{}.", integration.path)))
            .collect();
        if integration.kind.is_proxy() {
            if !templates.is_empty() || !responses.is_empty() {
                lint.findings.push(place(
                    integration.place,
                    Hit::new(
                        "proxy-with-templates",
                        Span::at(0),
                        format!(
                            "this {} integration has {} template(s) and {} integration response(s): API Gateway ignores them",
                            integration.kind.name(),
                            templates.len(),
                            responses.len()
                        ),
                    ),
                ));
            }
            continue;
        }
        lint.findings.extend(selection_findings(
            integration,
            &responses,
            &templates,
            &place,
        ));
    }
    let _ = config;
    lint.sources = files;
    lint
}

fn is_lambda(integration: &IntegrationSite) -> bool {
    integration.kind == IntegrationType::Aws
        && integration
            .uri
            .as_deref()
            .is_some_and(|u| u.contains(":lambda:path/"))
}

fn selection_findings(
    integration: &IntegrationSite,
    responses: &[&ResponseSite],
    templates: &[&TemplateText],
    place: &dyn Fn(Place, Hit) -> Finding,
) -> Vec<Finding> {
    let matched = if is_lambda(integration) {
        Matched::LambdaError
    } else {
        Matched::Status
    };
    let model: Vec<selection::Response<'_>> = responses
        .iter()
        .map(|r| selection::Response {
            status: r.status,
            pattern: r.pattern.as_deref(),
            overrides_status: templates.iter().any(|t| {
                t.path.starts_with(&format!("{}.", r.path))
                    && t.text.contains("responseOverride.status")
            }),
        })
        .collect();
    selection::check(matched, &model)
        .into_iter()
        .map(|mut hit| {
            let index = hit.span.start as usize;
            let at = responses.get(index).map_or(integration.place, |r| r.place);
            // Underline the pattern, or the status of a default response.
            let width = responses.get(index).map_or(0, |r| {
                r.pattern
                    .as_deref()
                    .map_or(r.status.to_string().len(), str::len)
            });
            hit.span = Span::new(0, width);
            place(at, hit)
        })
        .collect()
}

/// A template's hits, placed at their characters in the file, or at the template's start with
/// the line in the template when its text cannot be mapped (a folded scalar).
fn template_findings(
    reader: &crate::definition::read::Reader<'_>,
    template: &TemplateText,
    files: &[(String, String)],
    place: &dyn Fn(Place, Hit) -> Finding,
) -> Vec<Finding> {
    let content_type = template
        .path
        .rsplit_once("emplates.")
        .map_or("", |(_, ct)| ct)
        .to_ascii_lowercase();
    // Keyed by the request's content type: a request template for SQS or S3 writes a form or
    // plain text whatever that is. Its output is taken for JSON when it starts as JSON (or
    // with Velocity) does.
    let role = TemplateRole {
        json: content_type.contains("json")
            && template
                .text
                .trim_start()
                .starts_with(['{', '[', '"', '#', '$']),
    };
    let node = &template.node;
    templates::lint(&template.text, &role, &[])
        .into_iter()
        .map(|hit| {
            let start = hit.span.start as usize;
            let end = (hit.span.end as usize).max(start);
            let at = reader.place(node, &template.text, start);
            match at {
                Some((file, line, column)) => {
                    let (name, text) = files.get(file as usize).unwrap_or(&files[0]);
                    let offset = offset_of(text, line, column).unwrap_or(0);
                    let last = (end > start)
                        .then(|| reader.place(node, &template.text, end - 1))
                        .flatten()
                        .filter(|(f, _, _)| *f == file)
                        .and_then(|(_, l, c)| offset_of(text, l, c))
                        .filter(|&e| e >= offset)
                        .map(|e| e + text[e..].chars().next().map_or(0, char::len_utf8));
                    // Within the line it starts on (a template's line end is the file's too).
                    let line_end = text[offset..]
                        .find(['\n', '\r'])
                        .map_or(text.len(), |at| offset + at);
                    let one = text[offset..line_end]
                        .chars()
                        .next()
                        .map_or(0, char::len_utf8);
                    let end = last.unwrap_or(offset + one).min(line_end);
                    let span = Span::new(offset, end.max(offset + one.min(line_end - offset)));
                    hit.into_finding(name, span)
                }
                None => {
                    let (line, _) = crate::syntax::position_of(&template.text, start);
                    let hit = hit.note(format!(
                        "at line {line} of the template `{}`",
                        template.path
                    ));
                    place((node.file, node.line, node.column), hit)
                }
            }
        })
        .collect()
}

/// Unread keys of the mappings under `x-amazon-apigateway-*` keys and in the `Properties` of
/// API Gateway methods and APIs, with where each stands.
fn unknown_keys(
    node: &Node,
    check: bool,
    parent_key: Option<&str>,
    reads: &HashSet<KeyRead>,
    out: &mut Vec<(Place, Hit)>,
) {
    if let document::Kind::Seq(items) = &node.kind {
        for item in items {
            unknown_keys(item, check, None, reads, out);
        }
        return;
    }
    let Some(entries) = node.entries() else {
        return;
    };
    if node.is_intrinsic() {
        return;
    }
    let asked: Vec<&str> = reads
        .iter()
        .filter(|(file, line, column, _)| {
            (*file, *line, *column) == (node.file, node.line, node.column)
        })
        .map(|(_, _, _, key)| key.as_str())
        .collect();
    let user_keyed = parent_key.is_some_and(|k| USER_KEYED.contains(&k));
    if check && !user_keyed && !asked.is_empty() {
        for (key, _) in entries {
            let Some(name) = key.scalar() else { continue };
            if asked.contains(&name) || KNOWN_UNREAD.contains(&name) || name.starts_with("x-") {
                continue;
            }
            let candidates: Vec<&str> = asked
                .iter()
                .copied()
                .chain(KNOWN_UNREAD.iter().copied())
                .collect();
            out.push((
                (key.file, key.line, key.column),
                Hit::new(
                    "unknown-definition-key",
                    Span::new(0, name.len()),
                    format!("`{name}` is not a key AWS knows here"),
                )
                .label("ignored")
                .help(names::did_you_mean(name, candidates)),
            ));
        }
    }
    let resource_type = node.get("Type").and_then(Node::scalar);
    for (key, value) in entries {
        let name = key.scalar().unwrap_or_default();
        // `x-amazon-apigateway-any-method` is an OpenAPI operation, not an AWS object.
        let child_check = if name == "x-amazon-apigateway-any-method" {
            false
        } else if name.starts_with("x-amazon-apigateway-") {
            true
        } else if matches!(name, "Body" | "DefinitionBody") {
            false
        } else if name == "Properties" {
            check || resource_type.is_some_and(|t| CHECKED_RESOURCES.contains(&t))
        } else {
            check
        };
        unknown_keys(value, child_check, Some(name), reads, out);
    }
}

//! A starting set of cases for a definition (`apigw-vtl scaffold`): for every method, a request
//! that passes its validation (required parameters set, a body built from the request model,
//! [`example`]), and for each integration response an outcome that selects it.
//!
//! Every choice is checked through the door ([`crate::Api::invoke`]): a request that still fails
//! validation, or an outcome that selects another response than the one it was made for, is left
//! out (and said so). Outcomes, by integration type:
//! - Lambda (`AWS`): the default response gets a success (`lambda_result`); a response with a
//!   selection pattern gets a `lambda_error` whose `errorMessage` the pattern matches as a whole
//!   and no pattern of a lower status matches (candidates from the parsed pattern,
//!   [`crate::java::regex::JavaRegex::sample_candidates`], checked with the matcher);
//! - HTTP: a status the pattern matches (the default response: one no pattern matches);
//! - MOCK: the request template decides; one case.

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use super::snapshot::quote;
use crate::definition::{Api, ApiMethod, ParameterLocation, RequestModel};
use crate::gateway::{HttpRequest, IntegrationType, Outcome, OutcomeKind};
use crate::invocation::InvokeOptions;
use crate::invocation::Prepared;

/// A case file to write.
#[derive(Debug, Clone)]
pub struct CaseFile {
    /// Where (in the directory given).
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Its cases' names, each with the response it selects (`status-400` → `400 .*Error.*`).
    pub cases: Vec<(String, String)>,
    /// What could not be covered, one line each.
    pub notes: Vec<String>,
}

/// The case files for `api` (read from `definition`), to be written under `dir`: one per method,
/// `post-guid.case.yaml` for `POST /guid`.
///
/// # Examples
/// ```
/// use apigw_vtl::Api;
/// use apigw_vtl::testing::scaffold::scaffold;
/// let path = std::path::Path::new("corpus/danielhttp/api.openapi.yaml");
/// let api = Api::load(path)?;
/// let files = scaffold(&api, path, "cases".as_ref());
/// assert_eq!(files.len(), 1);
/// let selected: Vec<&str> = files[0].cases.iter().map(|(_, r)| r.as_str()).collect();
/// assert_eq!(selected, ["400 .*Error.*", "502 .*Exception.*", "200 default"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn scaffold(api: &Api, definition: &Path, dir: &Path) -> Vec<CaseFile> {
    let mut files = Vec::new();
    let mut used: Vec<PathBuf> = Vec::new();
    for method in api.methods() {
        let mut name = file_stem(method);
        let mut n = 2;
        while used.contains(&dir.join(format!("{name}.case.yaml"))) {
            name = format!("{}-{n}", file_stem(method));
            n += 1;
        }
        let path = dir.join(format!("{name}.case.yaml"));
        used.push(path.clone());
        files.push(method_file(api, method, definition, dir, path));
    }
    files
}

fn file_stem(method: &ApiMethod) -> String {
    let mut stem = method.http_method().to_ascii_lowercase();
    for c in method.resource_path().chars() {
        if c.is_ascii_alphanumeric() {
            stem.push(c.to_ascii_lowercase());
        } else if !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem = stem.trim_end_matches('-').to_string();
    if stem == method.http_method().to_ascii_lowercase() {
        format!("{stem}-root")
    } else {
        stem
    }
}

/// A request for the method that its validator accepts: path parameters and required query
/// parameters and headers set to `example`, and when the method has a request model, a JSON body
/// built from it ([`example`]).
fn request_for(api: &Api, method: &ApiMethod) -> (String, Vec<(String, String)>, Option<String>) {
    let mut path = String::new();
    for segment in method.resource_path().split('/').filter(|s| !s.is_empty()) {
        path.push('/');
        if segment.starts_with('{') && segment.ends_with('}') {
            path.push_str("example");
        } else {
            path.push_str(segment);
        }
    }
    if path.is_empty() {
        path.push('/');
    }
    let mut query = Vec::new();
    let mut headers = Vec::new();
    for parameter in method.parameters().iter().filter(|p| p.required) {
        match parameter.location {
            ParameterLocation::Query => query.push(format!("{}=example", parameter.name)),
            ParameterLocation::Header => {
                headers.push((parameter.name.clone(), "example".to_string()));
            }
            _ => {}
        }
    }
    if method.gateway_method().api_key_required {
        // Any key passes unless the run names the valid ones.
        headers.push(("x-api-key".to_string(), "example".to_string()));
    }
    if !query.is_empty() {
        path.push('?');
        path.push_str(&query.join("&"));
    }
    let model = method
        .request_models()
        .iter()
        .find(|(content_type, _)| content_type.eq_ignore_ascii_case("application/json"))
        .or_else(|| method.request_models().first());
    let body = model.map(|(content_type, model)| {
        if !content_type.eq_ignore_ascii_case("application/json") {
            headers.push(("Content-Type".into(), content_type.clone()));
        }
        let schema = match model {
            RequestModel::Named(name) => api
                .models()
                .iter()
                .find(|(n, _)| n == name)
                .map_or(serde_json::Value::Null, |(_, schema)| schema.clone()),
            RequestModel::Inline(schema) => schema.clone(),
        };
        example(&schema, api.models(), 0).to_string()
    });
    if body.is_some() && !headers.iter().any(|(n, _)| n == "Content-Type") {
        headers.push(("Content-Type".into(), "application/json".into()));
    }
    (path, headers, body)
}

/// A JSON value the schema (draft 4, as API Gateway's models are) accepts, as far as a simple
/// reading goes: the required properties of objects, `minItems` items of arrays, the first of an
/// `enum`, the minimum of a number, a string of `minLength`. Patterns and formats are not solved;
/// the request is checked through the door afterwards.
///
/// # Examples
/// ```
/// use apigw_vtl::testing::scaffold::example;
/// let schema = serde_json::json!({
///     "type": "object",
///     "required": ["name", "tags", "age"],
///     "properties": {
///         "name": {"type": "string", "minLength": 3},
///         "tags": {"type": "array", "minItems": 1, "items": {"enum": ["a", "b"]}},
///         "age": {"type": "integer", "minimum": 18},
///         "note": {"type": "string"}
///     }
/// });
/// assert_eq!(example(&schema, &[], 0), serde_json::json!({"name": "example", "tags": ["a"], "age": 18}));
/// ```
pub fn example(
    schema: &serde_json::Value,
    models: &[(String, serde_json::Value)],
    depth: usize,
) -> serde_json::Value {
    use serde_json::{Value, json};
    if depth > 16 {
        return Value::Null;
    }
    let Some(object) = schema.as_object() else {
        return json!({});
    };
    if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
        let name = reference
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .trim_start_matches("apigw-model:")
            .replace("~1", "/")
            .replace("~0", "~");
        return match models.iter().find(|(n, _)| *n == name) {
            Some((_, model)) => example(model, models, depth + 1),
            None => json!({}),
        };
    }
    if let Some(first) = object
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return first.clone();
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(first) = object
            .get(key)
            .and_then(Value::as_array)
            .and_then(|e| e.first())
        {
            return example(first, models, depth + 1);
        }
    }
    if let Some(all) = object.get("allOf").and_then(Value::as_array) {
        let mut merged = serde_json::Map::new();
        for part in all {
            match example(part, models, depth + 1) {
                Value::Object(fields) => merged.extend(fields),
                other => return other,
            }
        }
        return Value::Object(merged);
    }
    let kind = match object.get("type") {
        Some(Value::String(kind)) => kind.as_str(),
        Some(Value::Array(kinds)) => kinds
            .iter()
            .filter_map(Value::as_str)
            .find(|k| *k != "null")
            .unwrap_or("null"),
        _ if object.contains_key("properties") => "object",
        _ => "object",
    };
    let number = |default: i64| {
        object
            .get("minimum")
            .cloned()
            .unwrap_or_else(|| json!(default))
    };
    match kind {
        "string" => {
            let min = object.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
            // A pattern (searched for, as JSON Schema does): the first candidate the pattern
            // finds, read as a Java regex (the syntax the simple patterns share).
            if let Some(pattern) = object.get("pattern").and_then(Value::as_str)
                && let Ok(regex) = crate::java::regex::JavaRegex::new(pattern)
                && let Some(found) = regex
                    .sample_candidates()
                    .into_iter()
                    .find(|c| c.chars().count() >= min && regex.find(c).is_some())
            {
                return Value::String(found);
            }
            let mut text = match object.get("format").and_then(Value::as_str) {
                Some("email") => "user@example.com".to_string(),
                Some("date-time") => "2020-10-19T00:00:00Z".to_string(),
                Some("date") => "2020-10-19".to_string(),
                Some("uri") => "https://example.com/".to_string(),
                _ => "example".to_string(),
            };
            while text.chars().count() < min {
                text.push('x');
            }
            Value::String(text)
        }
        "integer" => number(1),
        "number" => number(1),
        "boolean" => Value::Bool(true),
        "null" => Value::Null,
        "array" => {
            let count = object
                .get("minItems")
                .and_then(Value::as_u64)
                .unwrap_or(0)
                .min(8);
            let item = object.get("items").cloned().unwrap_or(Value::Null);
            Value::Array(
                (0..count)
                    .map(|_| example(&item, models, depth + 1))
                    .collect(),
            )
        }
        _ => {
            let mut fields = serde_json::Map::new();
            let properties = object.get("properties").and_then(Value::as_object);
            for name in object
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                let property = properties
                    .and_then(|p| p.get(name))
                    .cloned()
                    .unwrap_or_else(|| json!({"type": "string"}));
                fields.insert(name.to_string(), example(&property, models, depth + 1));
            }
            Value::Object(fields)
        }
    }
}

/// The outcome, as a case file writes it, and as the door takes it.
struct Choice {
    yaml: String,
    outcome: Outcome,
}

fn lambda_error(message: &str) -> Choice {
    let payload = serde_json::json!({"errorMessage": message, "errorType": "Error"});
    Choice {
        yaml: format!(
            "lambda_error: {{errorMessage: {}, errorType: Error}}",
            quote(message)
        ),
        outcome: Outcome::lambda_error(payload.to_string()),
    }
}

fn candidates_for(method: &ApiMethod, index: usize, kind: OutcomeKind) -> Vec<Choice> {
    let responses = method.gateway_method().integration().responses();
    let Some(response) = responses.get(index) else {
        return Vec::new();
    };
    match kind {
        OutcomeKind::Lambda => match response.selection_regex() {
            None => {
                let mut choices = vec![Choice {
                    yaml: "lambda_result: {message: ok}".into(),
                    outcome: Outcome::lambda_result("{\"message\":\"ok\"}"),
                }];
                choices.push(lambda_error("scaffold: no pattern matches this"));
                choices
            }
            Some(regex) => regex
                .sample_candidates()
                .into_iter()
                .filter(|c| regex.is_full_match(c))
                .map(|c| lambda_error(&c))
                .collect(),
        },
        OutcomeKind::Http => {
            let statuses: Vec<u16> = match response.selection_regex() {
                Some(regex) => (100..=599)
                    .filter(|s| regex.is_full_match(&s.to_string()))
                    .collect(),
                None => [200, 201, 204, 299].into_iter().chain(100..=599).collect(),
            };
            statuses
                .into_iter()
                .map(|status| Choice {
                    yaml: format!("http: {{status: {status}, body: '{{}}'}}"),
                    outcome: Outcome::http(status, "{}"),
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// `to` relative to the directory `from` (both made absolute), `/`-separated.
fn relative(to: &Path, from: &Path) -> String {
    let absolute = |p: &Path| {
        std::path::absolute(p).map_or_else(
            |_| p.to_path_buf(),
            |p| {
                p.components().fold(PathBuf::new(), |mut acc, c| {
                    match c {
                        Component::ParentDir => {
                            acc.pop();
                        }
                        Component::CurDir => {}
                        other => acc.push(other),
                    }
                    acc
                })
            },
        )
    };
    let (to, from) = (absolute(to), absolute(from));
    let to_parts: Vec<_> = to.components().collect();
    let from_parts: Vec<_> = from.components().collect();
    let common = to_parts
        .iter()
        .zip(&from_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<String> = vec!["..".to_string(); from_parts.len() - common];
    parts.extend(
        to_parts[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

fn method_file(
    api: &Api,
    method: &ApiMethod,
    definition: &Path,
    dir: &Path,
    path: PathBuf,
) -> CaseFile {
    let name = format!("{} {}", method.http_method(), method.resource_path());
    let (request_path, headers, body) = request_for(api, method);
    let http_method = if method.http_method() == "ANY" {
        "GET"
    } else {
        method.http_method()
    };
    let build = || {
        let mut request = HttpRequest::new(http_method, &request_path);
        for (n, v) in &headers {
            request = request.header(n, v);
        }
        if let Some(body) = &body {
            request = request.body(body.clone());
        }
        request
    };
    let mut notes = Vec::new();
    let mut cases = Vec::new();
    let mut entries = String::new();
    let options = InvokeOptions::new();
    // Does the request reach the integration, and what does the integration answer with?
    let expected = match api.prepare(build(), &options) {
        Prepared::Call(pending) => Some((pending.outcome_kind(), pending.integration_type())),
        Prepared::Answered(_) => None,
    };
    let answered = expected.is_none();
    let (kind, integration_type) =
        expected.unwrap_or((OutcomeKind::Nothing, IntegrationType::Mock));
    // The outcome of a case that does not aim at one integration response.
    let plain = match (kind, integration_type) {
        (OutcomeKind::Lambda, IntegrationType::AwsProxy) => Some(Choice {
            yaml: "lambda_result: {statusCode: 200, body: ok}".into(),
            outcome: Outcome::lambda_result("{\"statusCode\":200,\"body\":\"ok\"}"),
        }),
        (OutcomeKind::Lambda, _) => Some(Choice {
            yaml: "lambda_result: {message: ok}".into(),
            outcome: Outcome::lambda_result("{\"message\":\"ok\"}"),
        }),
        (OutcomeKind::Http, _) => Some(Choice {
            yaml: "http: {status: 200, body: '{}'}".into(),
            outcome: Outcome::http(200, "{}"),
        }),
        _ => None,
    };
    let probe = api.invoke(
        build(),
        &options,
        plain.as_ref().map_or(&Outcome::Mock, |c| &c.outcome),
    );
    if answered {
        notes.push(format!(
            "{name}: API Gateway answers the generated request itself ({}): edit its request",
            probe.response.status
        ));
    }
    let responses = method.gateway_method().integration().responses();
    let mut order: Vec<usize> = (0..responses.len()).collect();
    // Patterns first, lowest status first, as AWS tries them; the default last.
    order.sort_by_key(|&i| {
        (
            responses[i].selection_pattern().is_none(),
            responses[i].status(),
        )
    });
    let single = kind == OutcomeKind::Nothing
        || responses.is_empty()
        || matches!(
            integration_type,
            IntegrationType::AwsProxy | IntegrationType::HttpProxy
        );
    if single || answered {
        let label = match probe.selected_response().and_then(|i| responses.get(i)) {
            Some(r) => describe(r),
            None => format!("status {}", probe.response.status),
        };
        cases.push(("request".to_string(), label));
        entries.push_str("  - name: request\n");
        if let Some(choice) = &plain {
            let _ = writeln!(entries, "    outcome:\n      {}", choice.yaml);
        }
    } else {
        for index in order {
            let response = &responses[index];
            let chosen = candidates_for(method, index, kind)
                .into_iter()
                .find(|choice| {
                    api.invoke(build(), &options, &choice.outcome)
                        .selected_response()
                        == Some(index)
                });
            let Some(choice) = chosen else {
                notes.push(format!(
                    "{name}: no outcome found that selects {}: write that case by hand",
                    describe(response)
                ));
                continue;
            };
            let mut case_name = format!("status-{}", response.status());
            let mut n = 2;
            while cases.iter().any(|(c, _)| *c == case_name) {
                case_name = format!("status-{}-{n}", response.status());
                n += 1;
            }
            let _ = write!(
                entries,
                "  - name: {case_name}\n    description: selects {}\n    outcome:\n      {}\n",
                quote(&describe(response)),
                choice.yaml
            );
            cases.push((case_name, describe(response)));
        }
    }
    let mut text = format!(
        "# Written by `apigw-vtl scaffold`: a case per integration response of {name}.\n# Make the request and the outcomes real ones, then review the snapshots\n# (`apigw-vtl test --review`).\napi: {}\nrequest:\n  method: {http_method}\n  path: {}\n",
        quote(&relative(definition, dir)),
        quote(&request_path)
    );
    if !headers.is_empty() {
        text.push_str("  headers:\n");
        for (n, v) in &headers {
            let _ = writeln!(text, "    {}: {}", quote(n), quote(v));
        }
    }
    if let Some(body) = &body {
        let _ = writeln!(text, "  body: {}", quote(body));
    }
    text.push_str("cases:\n");
    text.push_str(&entries);
    CaseFile {
        path,
        text,
        cases,
        notes,
    }
}

fn describe(response: &crate::gateway::IntegrationResponse) -> String {
    match response.selection_pattern() {
        Some(pattern) => format!("{} {pattern}", response.status()),
        None => format!("{} default", response.status()),
    }
}

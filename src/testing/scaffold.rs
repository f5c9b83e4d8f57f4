//! A starting set of cases for a definition (`apigw-vtl scaffold`): for every method, a request
//! that passes its validation, and for each integration response an outcome that selects it.
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
use crate::definition::{Api, ApiMethod, ParameterLocation};
use crate::gateway::{HttpRequest, IntegrationType, Outcome};
use crate::invocation::InvokeOptions;

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
/// parameters and headers set to `example`, a JSON body `{}` when the method has a request model.
fn request_for(method: &ApiMethod) -> (String, Vec<(String, String)>, Option<String>) {
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
    if !query.is_empty() {
        path.push('?');
        path.push_str(&query.join("&"));
    }
    let body = (!method.request_models().is_empty()).then(|| "{}".to_string());
    if body.is_some() {
        headers.push(("Content-Type".into(), "application/json".into()));
    }
    (path, headers, body)
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
        outcome: Outcome::LambdaError(payload.to_string()),
    }
}

fn candidates_for(method: &ApiMethod, index: usize, kind: IntegrationType) -> Vec<Choice> {
    let responses = method.gateway_method().integration().responses();
    let Some(response) = responses.get(index) else {
        return Vec::new();
    };
    match kind {
        IntegrationType::Aws => match response.selection_regex() {
            None => {
                let mut choices = vec![Choice {
                    yaml: "lambda_result: {message: ok}".into(),
                    outcome: Outcome::LambdaResult("{\"message\":\"ok\"}".into()),
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
        IntegrationType::Http => {
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
                    outcome: Outcome::Http {
                        status,
                        headers: Vec::new(),
                        body: "{}".into(),
                    },
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
    let (request_path, headers, body) = request_for(method);
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
    let kind = method.gateway_method().integration().kind();
    let options = InvokeOptions::new();
    // Does the request reach the integration?
    let probe = api.invoke(build(), &options, &Outcome::lambda_result("{}"));
    let answered = probe.integration_request.is_none();
    if answered {
        notes.push(format!(
            "{name}: the generated request is answered {} by API Gateway itself (validation?): edit its request",
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
    let single = matches!(kind, IntegrationType::Mock)
        || !matches!(kind, IntegrationType::Aws | IntegrationType::Http);
    if single || answered {
        let label = match probe.selected_response().and_then(|i| responses.get(i)) {
            Some(r) => describe(r),
            None => format!("status {}", probe.response.status),
        };
        cases.push(("request".to_string(), label));
        entries.push_str("  - name: request\n");
        if !single {
            entries.push_str("    outcome:\n      lambda_result: {message: ok}\n");
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

//! The console: a page served by the server itself (plain HTML and a little script, embedded in
//! the binary) that shows the routes, every request served with its trace (the door's
//! [`Explain`](crate::gateway::Explain)), a test form that invokes a method with an outcome typed
//! by hand, and a template playground. Its JSON endpoints, under the console's path:
//!
//! - `GET api/routes`: every method, its integration and templates;
//! - `GET api/requests?after=N`: the requests served after number N (the last [`KEPT`]);
//! - `POST api/invoke`: `{"method", "path", "headers", "body", "outcome"}` through
//!   [`crate::Api::invoke`], no backend called;
//! - `POST api/render`: `{"template", "body", "params", "context", "stageVariables"}` through
//!   [`crate::apigw::render_template`]: the output, the overrides, or the error with its line and
//!   column.

use std::collections::VecDeque;
use std::sync::Mutex;

use bytes::Bytes;
use http_body_util::Full;
use serde_json::{Value, json};

use super::server::Shared;
use crate::apigw::{Params, TemplateInput, render_template};
use crate::gateway::{Body, HttpRequest, Response};
use crate::syntax::Template;
use crate::{Invocation, Outcome};

/// How many served requests the console keeps.
pub const KEPT: usize = 200;

const PAGE: &str = include_str!("console.html");

/// A request served, as the console shows it.
pub(super) struct Served {
    pub(super) request: HttpRequest,
    pub(super) invocation: Invocation,
    pub(super) response: Response,
    pub(super) request_id: String,
    pub(super) millis: f64,
}

pub(super) struct Console {
    path: String,
    log: Mutex<Log>,
}

struct Log {
    next: u64,
    entries: VecDeque<(u64, Value)>,
}

impl Console {
    /// A console under `path` (a trailing `/` added).
    pub(super) fn new(path: &str) -> Self {
        let mut path = path.to_string();
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        if !path.ends_with('/') {
            path.push('/');
        }
        Console {
            path,
            log: Mutex::new(Log {
                next: 1,
                entries: VecDeque::new(),
            }),
        }
    }

    pub(super) fn path(&self) -> &str {
        &self.path
    }

    /// The rest of `path_and_query` after the console's path, if it is under it (the path without
    /// its slash, `/_console`, is the page too).
    pub(super) fn strip<'p>(&self, path_and_query: &'p str) -> Option<&'p str> {
        let bare = self.path.trim_end_matches('/');
        if let Some(rest) = path_and_query.strip_prefix(&self.path) {
            return Some(rest);
        }
        match path_and_query.strip_prefix(bare) {
            Some(rest) if rest.is_empty() || rest.starts_with('?') => Some(""),
            _ => None,
        }
    }

    pub(super) fn record(&self, served: Served) {
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let number = log.next;
        log.next += 1;
        let entry = served_json(number, &served);
        log.entries.push_back((number, entry));
        while log.entries.len() > KEPT {
            log.entries.pop_front();
        }
    }

    pub(super) async fn handle(
        &self,
        shared: &Shared,
        method: &str,
        rest: &str,
        body: &[u8],
    ) -> hyper::Response<Full<Bytes>> {
        let (route, query) = rest.split_once('?').unwrap_or((rest, ""));
        match (method, route) {
            ("GET", "" | "index.html") => respond(200, "text/html; charset=utf-8", PAGE.into()),
            ("GET", "api/routes") => json_response(200, &routes(shared)),
            ("GET", "api/requests") => {
                let after: u64 = form_urlencoded::parse(query.as_bytes())
                    .find(|(k, _)| k == "after")
                    .and_then(|(_, v)| v.parse().ok())
                    .unwrap_or(0);
                let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
                let entries: Vec<&Value> = log
                    .entries
                    .iter()
                    .filter(|(n, _)| *n > after)
                    .map(|(_, v)| v)
                    .collect();
                json_response(200, &json!(entries))
            }
            ("POST", "api/invoke") => match serde_json::from_slice::<Value>(body) {
                Ok(input) => invoke(shared, &input),
                Err(error) => bad_request(&format!("the body is not JSON: {error}")),
            },
            ("POST", "api/render") => match serde_json::from_slice::<Value>(body) {
                Ok(input) => json_response(200, &render(&input)),
                Err(error) => bad_request(&format!("the body is not JSON: {error}")),
            },
            _ => json_response(
                404,
                &json!({"message": format!("the console has no {method} {route}")}),
            ),
        }
    }
}

fn respond(status: u16, content_type: &str, body: Vec<u8>) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(value) = hyper::header::HeaderValue::from_str(content_type) {
        response
            .headers_mut()
            .insert(hyper::header::CONTENT_TYPE, value);
    }
    response.headers_mut().insert(
        hyper::header::CACHE_CONTROL,
        hyper::header::HeaderValue::from_static("no-store"),
    );
    response
}

fn json_response(status: u16, value: &Value) -> hyper::Response<Full<Bytes>> {
    respond(status, "application/json", value.to_string().into_bytes())
}

fn bad_request(message: &str) -> hyper::Response<Full<Bytes>> {
    json_response(400, &json!({"message": message}))
}

fn pairs(pairs: &[(String, String)]) -> Value {
    Value::Array(pairs.iter().map(|(n, v)| json!([n, v])).collect())
}

fn body_json(body: &Body) -> Value {
    match body {
        Body::Text(text) => json!(text),
        Body::Binary(bytes) => json!(format!("<{} bytes of binary>", bytes.len())),
    }
}

fn served_json(number: u64, served: &Served) -> Value {
    let request = &served.request;
    let invocation = &served.invocation;
    let integration = invocation.integration_request.as_ref().map(|forward| {
        json!({
            "body": body_json(&forward.body),
            "call": forward.call.as_ref().map(|call| json!({
                "method": call.method,
                "uri": call.uri,
                "headers": pairs(&call.headers),
                "query": pairs(&call.query),
            })),
        })
    });
    json!({
        "number": number,
        "requestId": served.request_id,
        "millis": (served.millis * 10.0).round() / 10.0,
        "route": invocation.route.as_ref().map(|(path, method)| format!("{method} {path}")),
        "request": {
            "method": request.method(),
            "path": request.path(),
            "query": pairs(request.query()),
            "headers": pairs(request.headers_list()),
            "body": String::from_utf8_lossy(request.body_bytes()),
        },
        "integration": integration,
        "trace": invocation.trace().lines(),
        "response": {
            "status": served.response.status,
            "headers": pairs(&served.response.headers),
            "body": body_json(&served.response.body),
        },
    })
}

fn routes(shared: &Shared) -> Value {
    let api = shared.api_now();
    let methods: Vec<Value> = api
        .methods()
        .iter()
        .map(|method| {
            let integration = method.gateway_method().integration();
            let templates = |t: &crate::gateway::ContentTemplates| -> Vec<Value> {
                t.iter()
                    .map(|(content_type, template)| match template {
                        Ok(template) => json!({"contentType": content_type, "source": template.source()}),
                        Err(error) => json!({"contentType": content_type, "error": format!("{}:{}: {}", error.line(), error.column(), error.message())}),
                    })
                    .collect()
            };
            json!({
                "method": method.http_method(),
                "path": method.resource_path(),
                "integration": integration.kind().name(),
                "backend": integration.backend().describe(),
                "timeoutMillis": integration.timeout(),
                "requestTemplates": templates(integration.request_templates()),
                "responses": integration.responses().iter().map(|response| json!({
                    "status": response.status(),
                    "pattern": response.selection_pattern(),
                    "templates": templates(response.templates()),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({"console": shared.console_path(), "methods": methods})
}

fn text(value: &Value, key: &str) -> String {
    match value.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// `{"a": "1"}` or `[["a", "1"]]` as pairs.
fn pairs_of(value: Option<&Value>) -> Vec<(String, String)> {
    let as_text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match value {
        Some(Value::Object(map)) => map.iter().map(|(k, v)| (k.clone(), as_text(v))).collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| match item.as_array()?.as_slice() {
                [name, value] => Some((as_text(name), as_text(value))),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The test form: one request through the API with an outcome typed by hand (as `invoke` does).
fn invoke(shared: &Shared, input: &Value) -> hyper::Response<Full<Bytes>> {
    let path = text(input, "path");
    if !path.starts_with('/') {
        return bad_request("path: expected a path starting with `/`");
    }
    let method = match text(input, "method") {
        m if m.is_empty() => "GET".to_string(),
        m => m,
    };
    let request = HttpRequest::new(&method, &path)
        .headers(pairs_of(input.get("headers")))
        .body(text(input, "body"));
    let outcome_input = input.get("outcome").cloned().unwrap_or(Value::Null);
    let payload = text(&outcome_input, "payload");
    let outcome = match text(&outcome_input, "kind").as_str() {
        "lambda_result" => Outcome::lambda_result(payload),
        "lambda_error" => Outcome::lambda_error(payload),
        "http" => {
            let status = outcome_input
                .get("status")
                .and_then(|s| s.as_u64().or_else(|| s.as_str()?.parse().ok()))
                .unwrap_or(200);
            Outcome::http(u16::try_from(status).unwrap_or(200), payload)
        }
        _ => Outcome::Mock,
    };
    let options = shared.invoke_options().trace(true);
    let api = shared.api_now();
    let invocation = api.invoke(request, &options, &outcome);
    json_response(
        200,
        &json!({
            "status": invocation.response.status,
            "headers": pairs(&invocation.response.headers),
            "body": body_json(&invocation.response.body),
            "integrationRequest": invocation.integration_request.as_ref().map(|f| body_json(&f.body)),
            "trace": invocation.trace().lines(),
        }),
    )
}

/// The playground: one template rendered with the inputs given.
fn render(input: &Value) -> Value {
    let source = text(input, "template");
    let params = input.get("params").cloned().unwrap_or(Value::Null);
    let context = match input.get("context") {
        Some(Value::Object(context)) => context.clone(),
        _ => serde_json::Map::new(),
    };
    let request = TemplateInput {
        body: text(input, "body").into(),
        params: Params {
            path: pairs_of(params.get("path")),
            querystring: pairs_of(params.get("querystring")),
            header: pairs_of(params.get("header")),
        },
        context,
        stage_variables: pairs_of(input.get("stageVariables")),
    };
    let template = match Template::parse(&source) {
        Ok(template) => template,
        Err(error) => {
            return json!({"error": {
                "stage": "parse",
                "message": error.message(),
                "line": error.line(),
                "column": error.column(),
            }});
        }
    };
    match render_template(&template, &request) {
        Ok(rendered) => {
            let overrides = &rendered.overrides;
            json!({
                "output": rendered.output,
                "overrides": {
                    "status": overrides.status.as_ref().map(|s| s.to_java_string()),
                    "headers": pairs(&overrides.headers),
                    "requestHeaders": pairs(&overrides.request_headers),
                    "requestQuerystring": pairs(&overrides.request_querystring),
                    "requestPath": pairs(&overrides.request_path),
                },
            })
        }
        Err(error) => {
            let (line, column) = error.span().start_position(&source);
            json!({"error": {
                "stage": "render",
                "message": error.to_string(),
                "line": line,
                "column": column,
            }})
        }
    }
}

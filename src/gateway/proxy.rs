//! Proxy integrations (aws-semantics.md §11.3, D-PROXY): no templates and no integration
//! responses. `AWS_PROXY` turns the request into Lambda's proxy event (format 1.0) and the
//! function's proxy response into the client's response; `HTTP_PROXY` passes the request through
//! and the backend's answer back.
//!
//! The headers API Gateway adds to the event, and their values, are kept in one place
//! ([`added_headers`]).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value as Json};

use super::answers::GatewayError;
use super::backend::TRACE_ID;
use super::encoding::{is_binary_media_type, text_of};
use super::explain::Explain;
use super::http::{Body, HttpRequest, Response};
use super::model::Method;
use super::response::Outcome;
use crate::apigw::merged_context;

/// Client headers the event leaves out: transport headers (peer-implementation: LocalStack's
/// `_format_headers` drops these two, matching its AWS recordings).
const DROPPED: [&str; 2] = ["Content-Length", "Connection"];

/// The headers API Gateway adds to a Lambda proxy event, with the values it gives them here.
///
/// On AWS they are per request: `Host` is the API's domain, `X-Forwarded-For` the client's
/// address (appended to one the client sent), `X-Forwarded-Port` and `X-Forwarded-Proto` the
/// listener's, `X-Amzn-Trace-Id` a new X-Ray id (documented in D-PROXY's example event; the trace
/// id recorded in LocalStack's proxy snapshots). Inferred here: the values come from the request's
/// `$context` (`domainName`, `identity.sourceIp`, both set by `--context` / `--source-ip`) and fixed
/// stand-ins (`443`, `https`, [`TRACE_ID`]), so that the event is the same on every run.
fn added_headers(context: &Json) -> [(&'static str, String); 5] {
    let text = |value: Option<&Json>| value.and_then(Json::as_str).unwrap_or_default().to_string();
    [
        ("Host", text(context.get("domainName"))),
        ("X-Amzn-Trace-Id", TRACE_ID.to_string()),
        (
            "X-Forwarded-For",
            text(context.get("identity").and_then(|i| i.get("sourceIp"))),
        ),
        ("X-Forwarded-Port", "443".to_string()),
        ("X-Forwarded-Proto", "https".to_string()),
    ]
}

/// The proxy event (input format 1.0, D-PROXY), in AWS's documented key order, as compact JSON.
///
/// Absent parameter groups are `null`, not `{}` (D-PROXY); `requestContext` is the request's
/// `$context` without `requestOverride` and `responseOverride` (templates' objects, not the
/// request's); the body is the payload as text, or base64 with `isBase64Encoded` when its
/// Content-Type is one of the API's binary media types (bytes that are not UTF-8 otherwise become
/// U+FFFD, as wherever API Gateway reads a payload as text).
pub(crate) fn lambda_proxy_event(
    request: &HttpRequest,
    binary_media_types: &[String],
    explain: &mut Explain,
) -> String {
    let mut context = merged_context(&request.context);
    if let Some(object) = context.as_object_mut() {
        object.shift_remove("requestOverride");
        object.shift_remove("responseOverride");
    }
    let mut headers: Vec<(String, Vec<String>)> = Vec::new();
    let mut add = |name: &str, value: String, append: bool| match headers
        .iter_mut()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
    {
        Some((_, values)) if append => values.push(value),
        Some((_, values)) => *values = vec![value],
        None => headers.push((name.to_string(), vec![value])),
    };
    for (name, value) in request.headers_list() {
        if !DROPPED.iter().any(|d| d.eq_ignore_ascii_case(name)) {
            add(name, value.clone(), true);
        }
    }
    for (name, value) in added_headers(&context) {
        // The client's own X-Forwarded-For is kept, the address appended (as proxies do).
        let value = match request.header_value(name) {
            Some(sent) if name == "X-Forwarded-For" => format!("{sent}, {value}"),
            _ => value,
        };
        add(name, value, false);
    }
    let mut query: Vec<(String, Vec<String>)> = Vec::new();
    for (name, value) in request.query() {
        match query.iter_mut().find(|(n, _)| n == name) {
            Some((_, values)) => values.push(value.clone()),
            None => query.push((name.clone(), vec![value.clone()])),
        }
    }
    let single = |groups: &[(String, Vec<String>)]| -> Json {
        if groups.is_empty() {
            return Json::Null;
        }
        Json::Object(
            groups
                .iter()
                .map(|(n, values)| (n.clone(), values.last().cloned().unwrap_or_default().into()))
                .collect(),
        )
    };
    let multi = |groups: &[(String, Vec<String>)]| -> Json {
        if groups.is_empty() {
            return Json::Null;
        }
        Json::Object(
            groups
                .iter()
                .map(|(n, values)| (n.clone(), values.clone().into()))
                .collect(),
        )
    };
    let pairs = |list: &[(String, String)]| -> Json {
        if list.is_empty() {
            return Json::Null;
        }
        Json::Object(
            list.iter()
                .map(|(n, v)| (n.clone(), Json::String(v.clone())))
                .collect(),
        )
    };
    let content_type = request.content_type();
    let (body, base64) = if request.body.is_empty() {
        (Json::Null, false)
    } else if is_binary_media_type(binary_media_types, &content_type) {
        explain.note(format_args!(
            "`{content_type}` is one of the API's binaryMediaTypes: the event's body is base64"
        ));
        (Json::String(STANDARD.encode(&request.body)), true)
    } else {
        (Json::String(text_of(&request.body).into_owned()), false)
    };
    let resource = context.get("resourcePath").cloned().unwrap_or(Json::Null);
    let mut event = Map::new();
    event.insert("resource".into(), resource);
    event.insert("path".into(), request.path().into());
    event.insert("httpMethod".into(), request.method().into());
    event.insert("headers".into(), single(&headers));
    event.insert("multiValueHeaders".into(), multi(&headers));
    event.insert("queryStringParameters".into(), single(&query));
    event.insert("multiValueQueryStringParameters".into(), multi(&query));
    event.insert("pathParameters".into(), pairs(request.path_parameters()));
    event.insert("stageVariables".into(), pairs(&request.stage_variables));
    event.insert("requestContext".into(), context);
    event.insert("body".into(), body);
    event.insert("isBase64Encoded".into(), base64.into());
    Json::Object(event).to_string()
}

/// A Lambda proxy response, read.
struct ProxyResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    base64: bool,
}

/// The keys a proxy response may have (D-PROXY's output format). Any other key makes it
/// malformed: recorded (LocalStack's `test_aws_proxy_response_payload_format_validation`, validated
/// on AWS: `{"statusCode": 200, "wrongValue": "value"}` answered 502).
const KEYS: [&str; 5] = [
    "statusCode",
    "headers",
    "multiValueHeaders",
    "body",
    "isBase64Encoded",
];

/// Reads a function's result as a proxy response, each rule with its source; `Err` says why it is
/// malformed (API Gateway logs "Malformed Lambda proxy response" and answers 502).
fn proxy_response(payload: &[u8]) -> Result<ProxyResponse, String> {
    let json: Json =
        serde_json::from_slice(payload).map_err(|e| format!("the result is not JSON ({e})"))?;
    // Documented: the output is a JSON object of the five keys; recorded: a string answers 502.
    let Json::Object(object) = json else {
        return Err("the result is not a JSON object".into());
    };
    if let Some(key) = object.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(format!(
            "the result has the key `{key}`, which is not one of {KEYS:?}"
        ));
    }
    let present = |key: &str| object.get(key).filter(|v| !v.is_null());
    // Recorded: an integer or an integer string (`"201"` answered 201, `"test"` 502); none answers
    // 200 (a result of only `headers` answered 200). Outside 100–599: inferred malformed.
    let status = match present("statusCode") {
        None => 200,
        Some(value) => {
            let number = match value {
                Json::Number(n) => n.as_u64(),
                Json::String(s) => s.trim().parse::<u64>().ok(),
                _ => None,
            };
            number
                .and_then(|n| u16::try_from(n).ok())
                .filter(|n| (100..=599).contains(n))
                .ok_or_else(|| format!("statusCode {value} is not an HTTP status"))?
        }
    };
    // A header value is a string; a boolean is written `true`/`false` (recorded: `"header-bool":
    // true` answered 200). Anything else: malformed (peer-implementation, LocalStack).
    let header_text = |name: &str, value: &Json| match value {
        Json::String(s) => Ok(s.clone()),
        Json::Bool(b) => Ok(b.to_string()),
        other => Err(format!("the header {name:?} is {other}, not a string")),
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    if let Some(value) = present("headers") {
        let Json::Object(map) = value else {
            return Err("`headers` is not an object".into());
        };
        for (name, value) in map {
            headers.push((name.clone(), header_text(name, value)?));
        }
    }
    if let Some(value) = present("multiValueHeaders") {
        let Json::Object(map) = value else {
            return Err("`multiValueHeaders` is not an object".into());
        };
        for (name, values) in map {
            // Recorded: a string instead of a list answered 502.
            let Json::Array(values) = values else {
                return Err(format!("multiValueHeaders {name:?} is not a list"));
            };
            // Documented: where `headers` and `multiValueHeaders` name the same header, only the
            // values from `multiValueHeaders` remain (names compared without case: inferred, as
            // HTTP compares them).
            headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            for value in values {
                headers.push((name.clone(), header_text(name, value)?));
            }
        }
    }
    // The body is a string (documented); inferred: any other JSON value is malformed.
    let body = match present("body") {
        None => String::new(),
        Some(Json::String(s)) => s.clone(),
        Some(other) => return Err(format!("`body` is {other}, not a string")),
    };
    let base64 = match present("isBase64Encoded") {
        None => false,
        Some(Json::Bool(b)) => *b,
        Some(other) => return Err(format!("`isBase64Encoded` is {other}, not a boolean")),
    };
    Ok(ProxyResponse {
        status,
        headers,
        body,
        base64,
    })
}

impl Method {
    /// The response half of a Lambda proxy integration.
    pub(crate) fn respond_lambda_proxy(
        &self,
        outcome: &Outcome,
        request: &HttpRequest,
        mut explain: Explain,
    ) -> Response {
        let failure = |mut explain: Explain, why: std::fmt::Arguments<'_>| {
            explain.note(why);
            explain.note("API Gateway answers 502 (gateway response DEFAULT_5XX: which type customises it is inferred)");
            self.answer(&GatewayError::lambda_proxy_failure(), request, explain)
        };
        let payload = match outcome {
            Outcome::LambdaResult(payload) => payload,
            Outcome::LambdaError(_) => {
                return failure(
                    explain,
                    format_args!("the Lambda function failed (an unhandled error)"),
                );
            }
            other => {
                explain.note(format_args!(
                    "a Lambda proxy integration answers with a Lambda function's result or error, not {:?}",
                    other.kind()
                ));
                return self.answer(&GatewayError::internal(), request, explain);
            }
        };
        let response = match proxy_response(payload) {
            Ok(response) => response,
            Err(why) => {
                return failure(
                    explain,
                    format_args!("malformed Lambda proxy response: {why}"),
                );
            }
        };
        let mut headers = response.headers;
        // Inferred (peer-implementation: LocalStack starts from `Content-Type: application/json`
        // and lets the function's headers replace it): a response without one gets AWS's default.
        if !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("Content-Type"))
        {
            headers.insert(0, ("Content-Type".into(), "application/json".into()));
        }
        let body = if response.base64 {
            // `isBase64Encoded` marks the body as binary, carried as base64 (D-PROXY). It is decoded
            // when the client's first Accept type is one of the API's binary media types; without
            // one the client receives the base64 text (D-PROXY: "configure */* as a binary media
            // type"; the D-ENC response table for a binary payload, contentHandling unset).
            let binary_wanted = request
                .accept()
                .is_some_and(|accept| is_binary_media_type(&self.binary_media_types, &accept));
            if binary_wanted {
                match STANDARD.decode(response.body.trim_end()) {
                    Ok(bytes) => {
                        explain.note(format_args!(
                            "isBase64Encoded: the body is decoded for the client's Accept ({} bytes)",
                            bytes.len()
                        ));
                        Body::Binary(bytes)
                    }
                    Err(error) => {
                        explain.note(format_args!(
                            "isBase64Encoded, but the body is not base64 ({error})"
                        ));
                        return self.answer(&GatewayError::configuration(), request, explain);
                    }
                }
            } else {
                explain.note("isBase64Encoded, but the client's Accept is not one of the API's binaryMediaTypes: the base64 text is sent");
                Body::Text(response.body)
            }
        } else {
            Body::Text(response.body)
        };
        explain.note(format_args!(
            "Lambda proxy response: status {}",
            response.status
        ));
        Response::new(response.status, headers, body, explain)
    }

    /// The response half of an HTTP proxy integration: the backend's answer as it is.
    pub(crate) fn respond_http_proxy(
        &self,
        outcome: &Outcome,
        request: &HttpRequest,
        mut explain: Explain,
    ) -> Response {
        let Outcome::Http {
            status,
            headers,
            body,
        } = outcome
        else {
            explain.note(format_args!(
                "an HTTP proxy integration answers with an HTTP status, headers and body, not {:?}",
                outcome.kind()
            ));
            return self.answer(&GatewayError::internal(), request, explain);
        };
        explain.note(format_args!(
            "HTTP proxy: the backend's status {status}, headers and body pass through"
        ));
        Response::new(
            *status,
            headers.clone(),
            Body::from_bytes(body.clone()),
            explain,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_of(payload: &str) -> Result<u16, String> {
        proxy_response(payload.as_bytes()).map(|r| r.status)
    }

    // Source: aws (LocalStack's test_aws_proxy_response_payload_format_validation, validated).
    #[test]
    fn proxy_responses_read_as_aws_reads_them() {
        assert_eq!(status_of(r#"{"statusCode": 200}"#), Ok(200));
        assert_eq!(status_of(r#"{"statusCode": "201"}"#), Ok(201));
        assert_eq!(status_of(r#"{"headers": {"a": "b"}}"#), Ok(200));
        assert_eq!(
            status_of(r#"{"statusCode": 200, "headers": null}"#),
            Ok(200)
        );
        for malformed in [
            r#"{"statusCode": "test"}"#,
            r#"{"statusCode": 200, "wrongValue": "value"}"#,
            r#""justAString""#,
            r#"{"statusCode": 200, "multiValueHeaders": {"m": "v"}}"#,
            r#"{"statusCode": 200, "body": {"a": 1}}"#,
            r#"{"statusCode": 200, "headers": {"n": 1}}"#,
            r#"{"statusCode": 200, "isBase64Encoded": "yes"}"#,
            r#"{"statusCode": 99}"#,
            "not json",
        ] {
            assert!(status_of(malformed).is_err(), "{malformed}");
        }
        let merged = proxy_response(
            br#"{"headers": {"test-multi": "value-solo", "x": "1", "b": true}, "multiValueHeaders": {"tesT-Multi": ["value-multi", "two"]}}"#,
        )
        .expect("reads");
        assert_eq!(
            merged.headers,
            vec![
                ("x".to_string(), "1".to_string()),
                ("b".to_string(), "true".to_string()),
                ("tesT-Multi".to_string(), "value-multi".to_string()),
                ("tesT-Multi".to_string(), "two".to_string()),
            ]
        );
    }
}

//! The gateway: selection, the response half and the request half, each test with its source
//! (aws-semantics.md sections, or the founding example's recorded answers).

use std::path::Path;

use apigw_vtl::gateway::{
    HttpRequest, Integration, IntegrationResponse, IntegrationType, Method, Outcome,
    PassthroughBehavior, RequestResult, Response,
};

const DEFAULT: &str = "#set($inputRoot = $input.path('$'))\n$input.json(\"$\")\n#if($inputRoot.toString().contains(\"stackTrace\"))\n#set($context.responseOverride.status = 500)\n#end";
const ERROR_MAPPING: &str = "{\n    \"errorMessage\": $input.path('$.errorMessage')\n}";

/// The founding example's method, built in code from its export (../shared/examples/danielhttp).
fn danielhttp() -> Method {
    let integration = Integration::lambda()
        .passthrough(PassthroughBehavior::WhenNoTemplates)
        .request_template(
            "application/json",
            "{\n  \"GUID\":\"$input.params('GUID')\"\n}",
        )
        .and_then(|i| {
            Ok(
                i.response(IntegrationResponse::new(200).template("application/json", DEFAULT)?)
                    .response(
                        IntegrationResponse::new(400)
                            .pattern(".*Error.*")?
                            .template("application/json", ERROR_MAPPING)?,
                    )
                    .response(
                        IntegrationResponse::new(502)
                            .pattern(".*Exception.*")?
                            .template("application/json", ERROR_MAPPING)?,
                    ),
            )
        })
        .expect("the export builds");
    Method::new(integration).method_responses([200, 400, 502])
}

fn lambda_outcome(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/danielhttp/lambda")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A response with parameter mappings AWS accepts.
fn with_parameters(
    mut response: IntegrationResponse,
    mappings: &[(&str, &str)],
) -> IntegrationResponse {
    for (target, source) in mappings {
        response = response
            .parameter(target, source)
            .expect("a mapping AWS accepts");
    }
    response
}

fn guid(value: &str) -> HttpRequest {
    HttpRequest::new("POST", &format!("/guid?GUID={value}"))
}

// Source: aws (../shared/examples/danielhttp/README.md, recorded 2020-10-19).
#[test]
fn founding_example_answers_as_aws_did() {
    let method = danielhttp();
    for (value, file, error, status, length) in [
        ("Exception", "exception.error.json", true, 500, 200),
        (
            "RaisedException",
            "raised-exception.error.json",
            true,
            502,
            166,
        ),
        ("Error", "error.error.json", true, 400, 162),
        ("AnythingElse", "ok.result.json", false, 200, 125),
    ] {
        let request = guid(value);
        let RequestResult::Forward(integration_request) = method.request(&request) else {
            panic!("the request reaches the function");
        };
        assert_eq!(
            integration_request.body,
            format!("{{\n  \"GUID\":\"{value}\"\n}}")
        );
        let payload = lambda_outcome(file);
        let outcome = if error {
            Outcome::lambda_error(&payload)
        } else {
            Outcome::lambda_result(&payload)
        };
        let response = method.respond_to(&outcome, &request, Some(&integration_request));
        assert_eq!(
            (response.status, response.body.len()),
            (status, length),
            "{value}: {}",
            response.explain
        );
        assert_eq!(header(&response, "Content-Type"), Some("application/json"));
    }
}

fn header<'r>(response: &'r Response, name: &str) -> Option<&'r str> {
    response
        .headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn method_of(responses: Vec<IntegrationResponse>, statuses: &[u16]) -> Method {
    let mut integration = Integration::lambda();
    for response in responses {
        integration = integration.response(response);
    }
    Method::new(integration).method_responses(statuses.iter().copied())
}

fn error(message: &str) -> Outcome {
    Outcome::lambda_error(
        serde_json::json!({"errorMessage": message, "errorType": "Exception"}).to_string(),
    )
}

fn status_for(method: &Method, outcome: &Outcome) -> u16 {
    method.respond(outcome, &HttpRequest::default()).status
}

fn pattern(status: u16, text: &str) -> IntegrationResponse {
    IntegrationResponse::new(status)
        .pattern(text)
        .expect("a valid pattern")
}

// Source: aws-semantics.md §1 (whole-string match; `Invalid*` does not match "Invalid input").
#[test]
fn patterns_match_the_whole_message() {
    let method = method_of(
        vec![
            IntegrationResponse::new(200),
            pattern(400, "Invalid*"),
            pattern(404, "Malformed.*"),
        ],
        &[200, 400, 404],
    );
    assert_eq!(status_for(&method, &error("Invalid input")), 200);
    assert_eq!(status_for(&method, &error("Malformed input")), 404);
    let response = method.respond(&error("Invalid input"), &HttpRequest::default());
    assert!(
        response.explain.to_string().contains("part of it matches"),
        "{}",
        response.explain
    );
}

// Source: aws-semantics.md §1 (no DOTALL: a multi-line message falls through `.*Error.*`).
#[test]
fn a_line_break_defeats_dot() {
    let method = method_of(
        vec![IntegrationResponse::new(200), pattern(400, ".*Error.*")],
        &[200, 400],
    );
    let response = method.respond(&error("Error: x\n  at line 2"), &HttpRequest::default());
    assert_eq!(response.status, 200);
    assert!(
        response.explain.to_string().contains("line break"),
        "{}",
        response.explain
    );
}

// Source: aws-semantics.md §1 (recorded: 405 chosen over 502 when both match).
#[test]
fn several_matching_patterns_take_the_lowest_status() {
    let method = method_of(
        vec![
            IntegrationResponse::new(200),
            pattern(502, ".+"),
            pattern(405, ".*four hundred.*"),
        ],
        &[200, 405, 502],
    );
    let response = method.respond(
        &error("Error: Raising four hundred"),
        &HttpRequest::default(),
    );
    assert_eq!(response.status, 405);
    assert!(response.explain.to_string().contains("2 patterns match"));
}

// Source: aws-semantics.md §1 (recorded: a success never reaches `.+` or `200`).
#[test]
fn a_success_is_matched_as_the_empty_string() {
    let method = method_of(
        vec![
            IntegrationResponse::new(200),
            pattern(502, ".+"),
            pattern(504, "200"),
        ],
        &[200, 502, 504],
    );
    let response = method.respond(&Outcome::lambda_result("\"Pass\""), &HttpRequest::default());
    assert_eq!(
        (response.status, response.body.text().unwrap_or("<binary>")),
        (200, "\"Pass\"")
    );
}

// Source: aws-semantics.md §1 and §7 (no match, no default; no method response → generic 500).
#[test]
fn no_default_and_missing_method_response_answer_the_generic_500() {
    let method = method_of(vec![pattern(400, ".*Error.*")], &[400]);
    let response = method.respond(&error("other"), &HttpRequest::default());
    assert_eq!(
        (response.status, response.body.text().unwrap_or("<binary>")),
        (500, "{\"message\": \"Internal server error\"}")
    );
    assert_eq!(
        header(&response, "x-amzn-ErrorType"),
        Some("InternalServerErrorException")
    );
    let method = method_of(vec![IntegrationResponse::new(200)], &[]);
    assert_eq!(status_for(&method, &Outcome::lambda_result("{}")), 500);
}

// Source: aws-semantics.md §1 (HTTP: the status code as text; recorded `4\d{2}` took 404).
#[test]
fn http_selects_by_status_code() {
    let method = method_of(
        vec![IntegrationResponse::new(200), pattern(400, "4\\d{2}")],
        &[200, 400],
    );
    let outcome = |status| Outcome::Http {
        status,
        headers: vec![],
        body: "b".into(),
    };
    assert_eq!(status_for(&method, &outcome(404)), 400);
    assert_eq!(status_for(&method, &outcome(201)), 200);
}

// Source: aws-semantics.md §1 and §4 (MOCK: statusCode of the request template, read leniently;
// overrides set in the request template carry: 444 recorded).
#[test]
fn mock_selects_by_the_request_templates_status_code() {
    let integration = Integration::new(IntegrationType::Mock)
        .request_template(
            "application/json",
            "{statusCode: 201}#set($context.responseOverride.status = 444)",
        )
        .expect("parses")
        .response(IntegrationResponse::new(200))
        .response(
            pattern(201, "2\\d{2}")
                .template("application/json", "[$context.responseOverride.status]")
                .expect("parses"),
        );
    let method = Method::new(integration).method_responses([200, 201]);
    let request = HttpRequest::default();
    let RequestResult::Forward(carried) = method.request(&request) else {
        panic!("forwards")
    };
    let response = method.respond_to(&Outcome::Mock, &request, Some(&carried));
    assert_eq!(
        (response.status, response.body.text().unwrap_or("<binary>")),
        (444, "[444]")
    );
}

// Source: aws (aws-semantics.md §4, recorded 2025-05-16): a MOCK request template's own key in
// `responseOverride` is readable in the response template, beside `status` and `header`. Issue 14.
#[test]
fn a_custom_response_override_key_reaches_the_response_template() {
    let integration = Integration::new(IntegrationType::Mock)
        .request_template(
            "application/json",
            "{\"statusCode\": 200}#set($context.responseOverride.custom = \"is also passed around\")#set($context.responseOverride.header.foo = \"bar\")",
        )
        .expect("parses")
        .response(
            IntegrationResponse::new(200)
                .template(
                    "application/json",
                    "{\"custom\": \"$context.responseOverride.custom\", \"foo\": \"$context.responseOverride.header.foo\"}",
                )
                .expect("parses"),
        );
    let method = Method::new(integration).method_responses([200]);
    let request = HttpRequest::default();
    let RequestResult::Forward(carried) = method.request(&request) else {
        panic!("forwards")
    };
    let response = method.respond_to(&Outcome::Mock, &request, Some(&carried));
    assert_eq!(
        response.body.text(),
        Some(r#"{"custom": "is also passed around", "foo": "bar"}"#)
    );
    assert_eq!(header(&response, "foo"), Some("bar"));
}

// Source: aws-semantics.md §7 (a template failing at runtime → generic 500) and §4 (an override
// outside 100–599 is ignored; the same override set twice is a 5XX).
#[test]
fn template_failures_and_bad_overrides() {
    let with_template = |template: &str| {
        method_of(
            vec![
                IntegrationResponse::new(200)
                    .template("application/json", template)
                    .expect("parses"),
            ],
            &[200],
        )
    };
    assert_eq!(
        status_for(
            &with_template("$input.path('$').get(9)"),
            &Outcome::lambda_result("[1]")
        ),
        500
    );
    assert_eq!(
        status_for(
            &with_template("#set($context.responseOverride.status = 700)x"),
            &Outcome::lambda_result("{}")
        ),
        200
    );
    assert_eq!(
        status_for(
            &with_template(
                "#set($context.responseOverride.status = 201)#set($context.responseOverride.status = 201)"
            ),
            &Outcome::lambda_result("{}")
        ),
        500
    );
}

// Source: aws-semantics.md §6 (passthroughBehavior; 415 = UNSUPPORTED_MEDIA_TYPE).
#[test]
fn passthrough_behaviors_and_415() {
    let request = HttpRequest::default()
        .header("Content-Type", "text/plain; charset=utf-8")
        .body("raw");
    for (behavior, with_template, passes) in [
        (PassthroughBehavior::WhenNoMatch, true, true),
        (PassthroughBehavior::WhenNoTemplates, true, false),
        (PassthroughBehavior::WhenNoTemplates, false, true),
        (PassthroughBehavior::Never, true, false),
        (PassthroughBehavior::Never, false, false),
    ] {
        let mut integration = Integration::lambda().passthrough(behavior);
        if with_template {
            integration = integration
                .request_template("application/json", "{}")
                .expect("parses");
        }
        let method = Method::new(integration);
        match method.request(&request) {
            RequestResult::Forward(forward) => {
                assert!(passes, "{behavior:?} {with_template}");
                assert_eq!(forward.body, "raw");
            }
            RequestResult::Answer(answer) => {
                assert!(!passes, "{behavior:?} {with_template}");
                assert_eq!(
                    (answer.status, answer.body.text().unwrap_or("<binary>")),
                    (415, "{\"message\": \"Unsupported Media Type\"}")
                );
            }
        }
    }
}

// Source: aws-semantics.md §3 (Accept, then application/json, then the first template).
#[test]
fn the_response_template_follows_accept() {
    let response = IntegrationResponse::new(200)
        .template("text/html", "html")
        .and_then(|r| r.template("application/json", "json"))
        .expect("parses");
    let method = method_of(vec![response], &[200]);
    let accepting = |accept: &str| HttpRequest::default().header("Accept", accept);
    assert_eq!(
        method
            .respond(
                &Outcome::lambda_result("{}"),
                &accepting("text/html; q=1, */*")
            )
            .body,
        "html"
    );
    assert_eq!(
        method
            .respond(&Outcome::lambda_result("{}"), &accepting("image/png"))
            .body,
        "json"
    );
    let only_html = method_of(
        vec![
            IntegrationResponse::new(200)
                .template("text/html", "html")
                .expect("parses"),
        ],
        &[200],
    );
    assert_eq!(
        only_html
            .respond(&Outcome::lambda_result("{}"), &HttpRequest::default())
            .body,
        "html"
    );
}

// Source: aws-semantics.md §5 (response parameter sources; header remapping and dropping).
#[test]
fn response_parameters_and_header_remapping() {
    let response = with_parameters(
        IntegrationResponse::new(200),
        &[
            ("method.response.header.X-Static", "'fixed'"),
            (
                "method.response.header.X-From",
                "integration.response.header.X-Backend",
            ),
            (
                "method.response.header.X-Body",
                "integration.response.body.a.b",
            ),
            (
                "method.response.header.X-Obj",
                "integration.response.body.a",
            ),
            (
                "method.response.header.X-Missing",
                "integration.response.body.nope",
            ),
            ("method.response.header.Server", "'mine'"),
            ("method.response.header.Transfer-Encoding", "'chunked'"),
        ],
    );
    let method = Method::new(Integration::new(IntegrationType::Http).response(response))
        .method_responses([200]);
    let outcome = Outcome::Http {
        status: 200,
        headers: vec![("X-Backend".into(), "b1".into())],
        body: "{\"a\": {\"b\": 500}}".into(),
    };
    let response = method.respond(&outcome, &HttpRequest::default());
    assert_eq!(header(&response, "X-Static"), Some("fixed"));
    assert_eq!(header(&response, "X-From"), Some("b1"));
    assert_eq!(header(&response, "X-Body"), Some("500"));
    assert_eq!(header(&response, "X-Obj"), Some("{\"b\":500}"));
    assert_eq!(header(&response, "X-Missing"), None);
    assert_eq!(header(&response, "x-amzn-Remapped-Server"), Some("mine"));
    assert_eq!(header(&response, "Transfer-Encoding"), None);
    assert_eq!(response.body, "{\"a\": {\"b\": 500}}");
}

// Source: aws-semantics.md §5 (Lambda custom errors: errorMessage JSON is read for body→header).
#[test]
fn lambda_error_message_json_feeds_header_mappings() {
    let response = IntegrationResponse::new(400)
        .pattern(".*httpStatus.*")
        .expect("valid")
        .parameter(
            "method.response.header.X-Fn",
            "integration.response.body.errorMessage.trace.function",
        )
        .expect("a mapping AWS accepts");
    let method = method_of(vec![response], &[400]);
    let outcome = error("{\"httpStatus\": 400, \"trace\": {\"function\": \"abc()\"}}");
    assert_eq!(
        header(&method.respond(&outcome, &HttpRequest::default()), "X-Fn"),
        Some("abc()")
    );
}

// Source: aws-semantics.md §5 (client headers no template sees).
#[test]
fn hidden_headers_never_reach_templates() {
    let integration = Integration::lambda()
        .request_template(
            "application/json",
            "[$input.params('Connection')][$input.params('Host')]",
        )
        .expect("parses");
    let request = HttpRequest::default()
        .header("Connection", "keep-alive")
        .header("Host", "h");
    let RequestResult::Forward(forward) = Method::new(integration).request(&request) else {
        panic!()
    };
    assert_eq!(forward.body, "[][h]");
}

// Source: aws-semantics.md §5 (request parameter sources; last value vs joined; forbidden targets)
// and §0/§4 (requestOverride applied on top of the mapped parameters).
#[test]
fn request_parameters_and_overrides() {
    let integration = Integration::lambda()
        .request_template("application/json", "#set($context.requestOverride.header.X-Over = 'o')#set($context.requestOverride.querystring.q = 'z'){}")
        .expect("parses");
    let mut integration = integration;
    for (target, source) in [
        ("integration.request.header.X-Static", "'s'"),
        (
            "integration.request.querystring.q",
            "method.request.querystring.q",
        ),
        (
            "integration.request.querystring.all",
            "method.request.multivaluequerystring.q",
        ),
        (
            "integration.request.path.id",
            "method.request.body.order.id",
        ),
        ("integration.request.header.X-Stage", "context.stage"),
    ] {
        integration = integration
            .request_parameter(target, source)
            .expect("a mapping AWS accepts");
    }
    let request = HttpRequest::new("GET", "/?q=1&q=2").body("{\"order\": {\"id\": 42}}");
    let RequestResult::Forward(forward) = Method::new(integration).request(&request) else {
        panic!()
    };
    assert_eq!(
        forward.headers,
        vec![
            ("X-Static".into(), "s".into()),
            ("X-Stage".into(), "prod".into()),
            ("X-Over".into(), "o".into())
        ]
    );
    assert_eq!(
        forward.querystring,
        vec![("q".into(), "z".into()), ("all".into(), "1,2".into())]
    );
    assert_eq!(forward.path, vec![("id".into(), "42".into())]);

    let forbidden = Integration::lambda()
        .request_parameter("integration.request.header.Content-Length", "'1'")
        .expect("refused per request, not when the method is built");
    let RequestResult::Answer(answer) = Method::new(forbidden).request(&HttpRequest::default())
    else {
        panic!()
    };
    assert_eq!(answer.status, 500);
}

// Source: aws-semantics.md §5 (multi-valued, stage-variable and context sources).
#[test]
fn response_parameters_from_stage_context_and_multivalue_headers() {
    let response = with_parameters(
        IntegrationResponse::new(200),
        &[
            (
                "method.response.header.X-All",
                "integration.response.multivalueheader.X-B",
            ),
            (
                "method.response.header.X-Last",
                "integration.response.header.X-B",
            ),
            ("method.response.header.X-Env", "stageVariables.env"),
            ("method.response.header.X-Api", "context.apiId"),
        ],
    );
    let method = Method::new(Integration::new(IntegrationType::Http).response(response))
        .method_responses([200]);
    let outcome = Outcome::Http {
        status: 200,
        headers: vec![("X-B".into(), "1".into()), ("x-b".into(), "2".into())],
        body: Vec::new(),
    };
    let response = method.respond(
        &outcome,
        &HttpRequest::default().stage_variable("env", "test"),
    );
    assert_eq!(header(&response, "X-All"), Some("1,2"));
    assert_eq!(header(&response, "X-Last"), Some("2"));
    assert_eq!(header(&response, "X-Env"), Some("test"));
    assert_eq!(header(&response, "X-Api"), Some("a1b2c3d4e5"));
}

// Source: aws-semantics.md §1 (MOCK: a template without an integer statusCode → 500, peer-observed).
#[test]
fn mock_without_status_code_answers_500() {
    let integration = Integration::new(IntegrationType::Mock)
        .request_template("application/json", "{\"statusCode\": \"ok\"}")
        .expect("parses")
        .response(IntegrationResponse::new(200));
    let method = Method::new(integration).method_responses([200]);
    let request = HttpRequest::default();
    let RequestResult::Forward(carried) = method.request(&request) else {
        panic!()
    };
    assert_eq!(
        method
            .respond_to(&Outcome::Mock, &request, Some(&carried))
            .status,
        500
    );
}

// Source: aws-semantics.md §2 (a Lambda timeout's payload shape) and §1 (errorMessage matched).
#[test]
fn unhandled_lambda_timeout_is_matched_by_its_message() {
    let method = method_of(
        vec![
            IntegrationResponse::new(200),
            pattern(504, ".*Task timed out.*"),
        ],
        &[200, 504],
    );
    let timeout = Outcome::lambda_error(
        "{\"errorType\": \"Sandbox.Timedout\", \"errorMessage\": \"RequestId: 1 Error: Task timed out after 1.00 seconds\"}",
    );
    assert_eq!(status_for(&method, &timeout), 504);
    let crash = Outcome::lambda_error(
        "{\"errorType\": \"Runtime.ExitError\", \"errorMessage\": \"RequestId: 1 Error: Runtime exited without providing a reason\"}",
    );
    assert_eq!(status_for(&method, &crash), 200);
}

// Source: D-ENC (aws-semantics.md §3 "Binary", documented): the response table.
#[test]
fn content_handling_converts_the_response_payload() {
    use apigw_vtl::gateway::{Body, ContentHandling};
    let to_binary = |template: Option<&str>| {
        let mut response =
            IntegrationResponse::new(200).content_handling(ContentHandling::ConvertToBinary);
        if let Some(template) = template {
            response = response.template("application/json", template).unwrap();
        }
        Method::new(Integration::lambda().response(response)).method_responses([200])
    };
    // A Lambda function returns base64 in a JSON string; the template unwraps it, then
    // CONVERT_TO_BINARY decodes the output.
    let method = to_binary(Some("$input.path('$')"));
    let response = method.respond(
        &Outcome::lambda_result("\"aGVsbG8=\""),
        &HttpRequest::default(),
    );
    assert_eq!(response.status, 200);
    assert_eq!(response.body, Body::Binary(b"hello".to_vec()));
    // Text that is not base64: AWS's 500 (documented).
    let response = method.respond(
        &Outcome::lambda_result("\"not base64!\""),
        &HttpRequest::default(),
    );
    assert_eq!((response.status, response.body.len()), (500, 36));
    // CONVERT_TO_TEXT keeps text as it is, whatever Accept says.
    let method =
        Method::new(Integration::lambda().response(
            IntegrationResponse::new(200).content_handling(ContentHandling::ConvertToText),
        ))
        .method_responses([200])
        .binary_media_types(vec!["image/png".into()]);
    let png = HttpRequest::default().header("Accept", "image/png, */*");
    assert_eq!(
        method.respond(&Outcome::lambda_result("aGk="), &png).body,
        "aGk="
    );
}

// Source: D-ENC response table, rows with binaryMediaTypes set and contentHandling undefined.
#[test]
fn undefined_content_handling_converts_toward_the_first_accept_type() {
    use apigw_vtl::gateway::Body;
    let method = Method::new(
        Integration::new(IntegrationType::Http).response(IntegrationResponse::new(200)),
    )
    .method_responses([200])
    .binary_media_types(vec!["image/*".into()]);
    let accept = |value: &str| HttpRequest::default().header("Accept", value);
    let backend = |content_type: &str, body: &str| Outcome::Http {
        status: 200,
        headers: vec![("Content-Type".into(), content_type.into())],
        body: body.into(),
    };
    // Text payload, binary Accept: base64-decoded.
    let response = method.respond(&backend("text/plain", "aGk="), &accept("image/png"));
    assert_eq!(response.body, Body::Binary(b"hi".to_vec()));
    // Only the first Accept type counts.
    let response = method.respond(
        &backend("text/plain", "aGk="),
        &accept("text/html, image/png"),
    );
    assert_eq!(response.body, "aGk=");
    // Binary payload, text Accept: base64-encoded.
    let response = method.respond(&backend("image/gif", "GIF"), &accept("application/json"));
    assert_eq!(response.body, "R0lG");
    // Binary payload, binary Accept: as it is.
    let response = method.respond(&backend("image/gif", "GIF"), &accept("image/gif"));
    assert_eq!(response.body, Body::Binary(b"GIF".to_vec()));
}

// Source: D-ENC request table; a binary payload reaches templates as base64 (documented).
#[test]
fn content_handling_converts_the_request_payload() {
    use apigw_vtl::gateway::{Body, ContentHandling};
    let binary_request = HttpRequest::default()
        .header("Content-Type", "image/png")
        .body("PNG");
    let method = |integration: Integration| {
        Method::new(integration).binary_media_types(vec!["image/png".into()])
    };
    let forwarded = |result: RequestResult| match result {
        RequestResult::Forward(forward) => forward.body,
        RequestResult::Answer(answer) => panic!("answered {}", answer.status),
    };
    // Passed through: binary stays binary, CONVERT_TO_TEXT makes it base64 text.
    assert_eq!(
        forwarded(method(Integration::lambda()).request(&binary_request)),
        Body::Binary(b"PNG".to_vec())
    );
    assert_eq!(
        forwarded(
            method(Integration::lambda().content_handling(ContentHandling::ConvertToText))
                .request(&binary_request)
        ),
        "UE5H"
    );
    // A template sees the binary payload as base64.
    let templated = Integration::lambda()
        .request_template("image/png", "{\"image\": \"$input.body\"}")
        .unwrap();
    assert_eq!(
        forwarded(method(templated).request(&binary_request)),
        "{\"image\": \"UE5H\"}"
    );
    // Text under CONVERT_TO_BINARY is decoded; text that is not base64 answers 500.
    let decode = method(Integration::lambda().content_handling(ContentHandling::ConvertToBinary));
    let text = |body: &str| HttpRequest::default().body(body);
    assert_eq!(
        forwarded(decode.request(&text("aGk="))),
        Body::Binary(b"hi".to_vec())
    );
    match decode.request(&text("{}")) {
        RequestResult::Answer(answer) => assert_eq!(answer.status, 500),
        RequestResult::Forward(_) => panic!("not base64 must not reach the integration"),
    }
}

//! Every integration type a real API uses, through the one door (issue 14): AWS service
//! integrations (DynamoDB, SQS, S3, Step Functions), Lambda and HTTP proxies, SAM's implicit API,
//! API keys, asynchronous Lambda calls and bodies as bytes. The definitions are
//! corpus/definitions/valid/*; each test names its source (aws-semantics.md sections).

use apigw_vtl::gateway::{Backend, Body, GatewayResponse, GatewayResponses, ResponseType};
use apigw_vtl::{
    Api, HttpRequest, Invocation, InvokeOptions, Outcome, OutcomeKind, Pending, Prepared,
};

fn api(file: &str) -> Api {
    let path = format!(
        "{}/corpus/definitions/valid/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    Api::load(path.as_ref()).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/integrations/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn pending(api: &Api, request: HttpRequest, options: &InvokeOptions) -> Pending {
    match api.prepare(request, options) {
        Prepared::Call(pending) => pending,
        Prepared::Answered(invocation) => panic!(
            "API Gateway answered {}: {:?}",
            invocation.response.status, invocation.response.body
        ),
    }
}

fn header<'a>(list: &'a [(String, String)], name: &str) -> Option<&'a str> {
    list.iter()
        .rev()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn text(invocation: &Invocation) -> &str {
    invocation
        .response
        .body
        .text()
        .unwrap_or_else(|| panic!("a text body: {:?}", invocation.response.body))
}

// Source: aws-semantics.md §11.1–11.2 (a service's answer is selected by its status, like an HTTP
// backend's; DynamoDB Query answers `{"Count", "Items", "ScannedCount"}`, recorded 2024-07-19);
// the X-Amz-Target and JSON content type are inferred (gateway/backend.rs, one table).
#[test]
fn dynamodb_query_by_action_with_request_and_response_templates() {
    for file in ["openapi-aws-services.yaml", "cfn-aws-services.yaml"] {
        let api = api(file);
        let pending = pending(
            &api,
            HttpRequest::new("GET", "/pets/7"),
            &InvokeOptions::new(),
        );
        assert_eq!(pending.outcome_kind(), OutcomeKind::Http, "{file}");
        assert!(
            matches!(pending.backend(), Backend::Service { service, .. } if service == "dynamodb")
        );
        let forward = pending.integration_request();
        assert_eq!(
            forward.body.text(),
            Some(
                "{\n  \"TableName\": \"Pets\",\n  \"KeyConditionExpression\": \"id = :id\",\n  \"ExpressionAttributeValues\": {\":id\": {\"S\": \"7\"}}\n}"
            )
        );
        let call = forward.call.as_ref().expect("a call");
        assert_eq!(
            (call.method.as_str(), call.uri.as_str()),
            ("POST", "https://dynamodb.us-east-1.amazonaws.com/")
        );
        assert_eq!(
            header(&call.headers, "X-Amz-Target"),
            Some("DynamoDB_20120810.Query")
        );
        assert_eq!(
            header(&call.headers, "Content-Type"),
            Some("application/x-amz-json-1.0")
        );
        let found = api.finish(pending, &Outcome::http(200, fixture("ddb-query.json")));
        assert_eq!(found.response.status, 200);
        assert_eq!(
            text(&found),
            r#"{"count": 1, "pets": [{"id": "7", "name": "Rex"}]}"#
        );
        let refused = api.invoke(
            HttpRequest::new("GET", "/pets/7"),
            &InvokeOptions::new(),
            &Outcome::http(400, fixture("ddb-validation-error.json")),
        );
        assert_eq!(refused.response.status, 400, "{file}");
        assert_eq!(
            text(&refused),
            r#"{"message": "One or more parameter values were invalid: \"id\" is empty"}"#
        );
        // The timeout is read into the model (the local server will need it).
        let route = api.route("GET", "/pets/7").expect("routed");
        assert_eq!(
            route.method.gateway_method().integration().timeout(),
            10_000
        );
    }
}

// Source: aws-semantics.md §11.2 (SQS SendMessage by `path/ACCOUNT/QUEUE` with a mapped form
// Content-Type; the answer `SendMessageResponse.SendMessageResult.MessageId`, recorded 2024-07-12).
#[test]
fn sqs_send_message_by_path() {
    for file in ["openapi-aws-services.yaml", "cfn-aws-services.yaml"] {
        let api = api(file);
        let request = HttpRequest::new("POST", "/orders").body(fixture("order.json"));
        let invocation = api.invoke_with(request, &InvokeOptions::new(), |forward| {
            assert_eq!(
                forward.body.text(),
                Some("Action=SendMessage&MessageBody=%7B%22order%22%3A+42%2C+%22note%22%3A+%22it%27s+for+Rex%22%7D%0A")
            );
            let call = forward.call.as_ref().expect("a call");
            assert_eq!(
                call.uri,
                "https://sqs.eu-west-1.amazonaws.com/123456789012/orders"
            );
            assert_eq!(
                header(&call.headers, "Content-Type"),
                Some("application/x-www-form-urlencoded")
            );
            Outcome::http(200, fixture("sqs-send-message.json"))
        });
        assert_eq!(invocation.response.status, 200, "{file}");
        assert_eq!(
            text(&invocation),
            r#"{"messageId": "5fea7756-0ea4-451a-a703-a558b933e274"}"#
        );
    }
}

// Source: D-ENC (documented): a payload whose Content-Type is one of the binaryMediaTypes is
// binary; CONVERT_TO_BINARY keeps it so, CONVERT_TO_TEXT sends its base64; unset, the client's
// first Accept type decides. The object's bytes are not UTF-8.
#[test]
fn s3_get_object_with_a_binary_object_and_content_handling() {
    let api = api("openapi-aws-services.yaml");
    let png = fixture("cat.png");
    assert!(std::str::from_utf8(&png).is_err());
    let object = || Outcome::http(200, &png).with_header("Content-Type", "image/png");
    let photo = api.invoke_with(
        HttpRequest::new("GET", "/photos/cat.png"),
        &InvokeOptions::new(),
        |forward| {
            let call = forward.call.as_ref().expect("a call");
            assert_eq!(
                (call.method.as_str(), call.uri.as_str()),
                (
                    "GET",
                    "https://s3.us-east-1.amazonaws.com/photos-bucket/cat.png"
                )
            );
            object()
        },
    );
    assert_eq!(photo.response.status, 200);
    assert_eq!(photo.response.body, Body::Binary(png.clone()));
    assert_eq!(photo.response.header("Content-Type"), Some("image/png"));
    // A bucket as the host's subdomain; CONVERT_TO_TEXT gives the base64 text.
    let thumbnail = api.invoke_with(
        HttpRequest::new("GET", "/thumbnails/cat.png"),
        &InvokeOptions::new(),
        |forward| {
            assert_eq!(
                forward.call.as_ref().map(|c| c.uri.as_str()),
                Some("https://thumbnails-bucket.s3.us-east-1.amazonaws.com/cat.png")
            );
            object()
        },
    );
    use base64::Engine;
    assert_eq!(
        thumbnail.response.body.text(),
        Some(
            base64::engine::general_purpose::STANDARD
                .encode(&png)
                .as_str()
        )
    );
}

// Source: aws (aws-semantics.md §11.2, LS-s3 recorded 2025-01-31): a missing key's 404 matches no
// pattern, so the only (default) response sends 200 with S3's XML error body.
#[test]
fn an_s3_404_reaches_the_client_as_200_with_the_xml_error() {
    for file in ["openapi-aws-services.yaml", "cfn-aws-services.yaml"] {
        let api = api(file);
        let invocation = api.invoke(
            HttpRequest::new("GET", "/documents/missing.pdf"),
            &InvokeOptions::new(),
            &Outcome::http(404, fixture("s3-no-such-key.xml"))
                .with_header("Content-Type", "application/xml"),
        );
        assert_eq!(invocation.response.status, 200, "{file}");
        assert!(text(&invocation).contains("<Code>NoSuchKey</Code>"));
    }
}

// Source: aws-semantics.md §11.2 (StartExecution with `$util.escapeJavaScript($input.json('$'))`;
// `{"executionArn", "startDate"}`, recorded 2024-07-12; a raw `'` escaped as `\'` makes the service
// answer 400 SerializationException, recorded by a user).
#[test]
fn step_functions_start_execution() {
    let api = api("openapi-aws-services.yaml");
    let request = || HttpRequest::new("POST", "/executions").body(fixture("order.json"));
    let pending = pending(&api, request(), &InvokeOptions::new());
    assert_eq!(
        pending.integration_request().body.text(),
        Some(
            r#"{"input": "{\"order\":42,\"note\":\"it\'s for Rex\"}", "stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Orders"}"#
        )
    );
    let call = pending.integration_request().call.clone().expect("a call");
    assert_eq!(call.uri, "https://states.us-east-1.amazonaws.com/");
    assert_eq!(
        header(&call.headers, "X-Amz-Target"),
        Some("AWSStepFunctions.StartExecution")
    );
    let started = api.finish(
        pending,
        &Outcome::http(200, fixture("sfn-start-execution.json")),
    );
    assert_eq!(
        text(&started),
        r#"{"executionArn": "arn:aws:states:us-east-1:123456789012:execution:Orders:8f1d3c52-6a0f-4e2b-9d7c-1b2a3c4d5e6f"}"#
    );
    let refused = api.invoke(
        request(),
        &InvokeOptions::new(),
        &Outcome::http(400, fixture("sfn-serialization-error.json")),
    );
    assert_eq!(refused.response.status, 400);
    assert_eq!(
        text(&refused),
        r#"{"message": "com.amazon.coral.service#SerializationException"}"#
    );
}

// Source: D-PROXY (documented input format 1.0, key order, `null` for absent groups, the merge of
// `headers` and `multiValueHeaders`); the added headers' values are inferred (gateway/proxy.rs).
#[test]
fn a_lambda_proxy_method_builds_the_event_and_maps_the_proxy_response() {
    let api = api("openapi-proxy-and-templates.yaml");
    let request = HttpRequest::new("GET", "/hello?name=a&name=b")
        .header("User-Agent", "curl/8.9")
        .header("X-Forwarded-For", "192.0.2.1");
    let pending = pending(
        &api,
        request,
        &InvokeOptions::new().source_ip("198.51.100.7"),
    );
    assert_eq!(pending.outcome_kind(), OutcomeKind::Lambda);
    let event: serde_json::Value = serde_json::from_str(
        pending
            .integration_request()
            .body
            .text()
            .expect("JSON text"),
    )
    .expect("the event is JSON");
    let keys: Vec<&str> = event
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "resource",
            "path",
            "httpMethod",
            "headers",
            "multiValueHeaders",
            "queryStringParameters",
            "multiValueQueryStringParameters",
            "pathParameters",
            "stageVariables",
            "requestContext",
            "body",
            "isBase64Encoded"
        ]
    );
    assert_eq!(event["resource"], "/hello");
    assert_eq!(event["queryStringParameters"]["name"], "b");
    assert_eq!(
        event["multiValueQueryStringParameters"]["name"],
        serde_json::json!(["a", "b"])
    );
    assert!(event["pathParameters"].is_null() && event["stageVariables"].is_null());
    assert!(event["body"].is_null() && event["isBase64Encoded"] == false);
    assert_eq!(
        event["headers"]["X-Forwarded-For"],
        "192.0.2.1, 198.51.100.7"
    );
    for added in [
        "Host",
        "X-Amzn-Trace-Id",
        "X-Forwarded-Port",
        "X-Forwarded-Proto",
    ] {
        assert!(event["headers"][added].is_string(), "{added}");
    }
    let context = &event["requestContext"];
    assert!(context.get("requestOverride").is_none() && context.get("responseOverride").is_none());
    assert_eq!(context["identity"]["userAgent"], "curl/8.9");
    assert_eq!(context["identity"]["sourceIp"], "198.51.100.7");
    assert!(context["identity"]["user"].is_null());
    let call = pending.integration_request().call.clone().expect("a call");
    assert_eq!(call.method, "POST");
    assert!(call.uri.ends_with("function:Hello/invocations"));

    let invocation = api.finish(pending, &Outcome::lambda_result(fixture("proxy-ok.json")));
    let response = &invocation.response;
    assert_eq!(response.status, 201);
    assert_eq!(
        response.headers,
        vec![
            ("Content-Type".to_string(), "text/plain".to_string()),
            ("X-Solo".to_string(), "one".to_string()),
            ("set-cookie".to_string(), "a=1".to_string()),
            ("set-cookie".to_string(), "b=2".to_string()),
        ]
    );
    assert_eq!(response.body, "hello, world");
}

// Source: D-PROXY (documented: any other output format → 502 `{"message": "Internal server
// error"}`), LocalStack's test_aws_proxy_response_payload_format_validation (validated on AWS:
// an unknown key, a string statusCode that is not a number, a string result, a multiValueHeaders
// value that is not a list all answered 502); a function error answers 502 (documented).
#[test]
fn each_malformed_proxy_response_and_a_function_error_answer_502() {
    let api = api("openapi-proxy-and-templates.yaml");
    let hello = || HttpRequest::new("GET", "/hello");
    for malformed in [
        r#"{"statusCode": 200, "wrongValue": "value"}"#,
        r#"{"statusCode": "test"}"#,
        r#""justAString""#,
        r#"{"statusCode": 200, "multiValueHeaders": {"test-multi-invalid": "value1"}}"#,
        r#"{"statusCode": 200, "body": {"not": "a string"}}"#,
        r#"{"statusCode": 200, "headers": {"n": 1}}"#,
        r#"{"statusCode": 200, "isBase64Encoded": "true"}"#,
        "[1, 2]",
        "",
        "\u{0}not json",
    ] {
        let invocation = api.invoke(
            hello(),
            &InvokeOptions::new(),
            &Outcome::lambda_result(malformed),
        );
        assert_eq!(invocation.response.status, 502, "{malformed}");
        assert_eq!(text(&invocation), r#"{"message": "Internal server error"}"#);
        assert_eq!(
            invocation.response.header("x-amzn-ErrorType"),
            Some("InternalServerErrorException")
        );
    }
    let failed = api.invoke(
        hello(),
        &InvokeOptions::new(),
        &Outcome::lambda_error(fixture("error.json")),
    );
    assert_eq!(failed.response.status, 502);
    // Accepted as AWS reads them: an integer string, a boolean header, no statusCode at all.
    for (result, status) in [
        (r#"{"statusCode": "201"}"#, 201),
        (r#"{"headers": {"test-header": "value", "b": true}}"#, 200),
        (r#"{"statusCode": 200, "headers": null}"#, 200),
    ] {
        let invocation = api.invoke(
            hello(),
            &InvokeOptions::new(),
            &Outcome::lambda_result(result),
        );
        assert_eq!(invocation.response.status, status, "{result}");
        assert_eq!(invocation.response.body, "");
    }
}

// Inferred (gateway/answers.rs, GatewayError::lambda_proxy_failure): DEFAULT_5XX customises the
// proxy's 502 (INTEGRATION_FAILURE's own default is 504).
#[test]
fn the_proxy_502_goes_through_default_5xx() {
    let api = Api::parse(
        "proxy.yaml",
        r#"
openapi: "3.0.1"
paths:
  /hello:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:Hello/invocations"
x-amazon-apigateway-gateway-responses:
  DEFAULT_5XX:
    responseParameters:
      gatewayresponse.header.X-Failed: "'yes'"
    responseTemplates:
      application/json: '{"error": $context.error.messageString}'
"#,
    )
    .expect("reads");
    let invocation = api.invoke(
        HttpRequest::new("GET", "/hello"),
        &InvokeOptions::new(),
        &Outcome::lambda_result("not a proxy response"),
    );
    assert_eq!(invocation.response.status, 502);
    assert_eq!(invocation.response.header("X-Failed"), Some("yes"));
    assert_eq!(text(&invocation), r#"{"error": "Internal server error"}"#);
    // The type's own status, when a customisation sets one, wins (an API's choice).
    let responses = GatewayResponses::new()
        .customise(ResponseType::Default5xx, GatewayResponse::new().status(500));
    assert_eq!(
        responses
            .get(ResponseType::Default5xx)
            .and_then(|r| r.status),
        Some(500)
    );
}

// Source: D-PROXY ("configure */* as a binary media type" to send a base64 body as bytes) and
// D-ENC (the client's first Accept type): isBase64Encoded decodes the body for an Accept among the
// API's binaryMediaTypes; otherwise the client receives the base64 text.
#[test]
fn a_base64_proxy_body_is_decoded_for_a_binary_accept() {
    let api = api("openapi-proxy-and-templates.yaml");
    let result = Outcome::lambda_result(fixture("proxy-binary.json"));
    let png = api.invoke(
        HttpRequest::new("GET", "/hello").header("Accept", "image/png"),
        &InvokeOptions::new(),
        &result,
    );
    assert_eq!(png.response.body, Body::Binary(fixture("cat.png")));
    let text_client = api.invoke(
        HttpRequest::new("GET", "/hello"),
        &InvokeOptions::new(),
        &result,
    );
    assert!(text(&text_client).starts_with("iVBORw0KGgo"));
}

// Source: D-PROXY (HTTP_PROXY: the request passes through, `{proxy}` substituted through the
// integration's requestParameters; the backend's status, headers and body come back as they are).
#[test]
fn an_http_proxy_greedy_path_passes_through_both_ways() {
    let api = api("openapi-proxy-and-templates.yaml");
    let request = HttpRequest::new("PUT", "/files/reports/2026/q1.csv?v=2&v=3")
        .header("Content-Type", "text/csv")
        .body(fixture("order-latin1.txt"));
    let invocation = api.invoke_with(request, &InvokeOptions::new(), |forward| {
        assert_eq!(forward.body, Body::Binary(fixture("order-latin1.txt")));
        let call = forward.call.as_ref().expect("a call");
        assert_eq!(
            (call.method.as_str(), call.uri.as_str()),
            ("PUT", "https://files.example.com/v2/reports/2026/q1.csv")
        );
        assert_eq!(
            call.query,
            vec![
                ("v".to_string(), "2".to_string()),
                ("v".to_string(), "3".to_string())
            ]
        );
        assert_eq!(header(&call.headers, "Content-Type"), Some("text/csv"));
        assert_eq!(header(&call.headers, "X-From"), Some("api-gateway"));
        assert_eq!(header(&call.headers, "Host"), Some("files.example.com"));
        Outcome::http(409, "conflict").with_header("ETag", "\"v3\"")
    });
    assert_eq!(invocation.response.status, 409);
    assert_eq!(
        invocation.response.headers,
        vec![("ETag".to_string(), "\"v3\"".to_string())]
    );
    assert_eq!(invocation.response.body, "conflict");
}

// Source: SAM's documented implicit API (a function's Api event without RestApiId →
// ServerlessRestApi, stage Prod, a Lambda proxy method); the event's Auth applies.
#[test]
fn a_sam_implicit_api_is_invoked() {
    let api = api("sam-implicit-api.yaml");
    assert_eq!(api.stage_name(), Some("Prod"));
    assert_eq!(api.methods().len(), 2);
    let pending = pending(
        &api,
        HttpRequest::new("GET", "/hello/bob?greeting=hi"),
        &InvokeOptions::new(),
    );
    assert_eq!(pending.outcome_kind(), OutcomeKind::Lambda);
    let event: serde_json::Value =
        serde_json::from_str(pending.integration_request().body.text().expect("text"))
            .expect("JSON");
    assert_eq!(event["resource"], "/hello/{name}");
    assert_eq!(event["pathParameters"], serde_json::json!({"name": "bob"}));
    assert_eq!(event["requestContext"]["path"], "/Prod/hello/bob");
    // Issue 13: SAM's `Fn::Sub` of the function's ARN is evaluated (the function sets no
    // FunctionName: a stand-in name).
    assert!(matches!(
        pending.backend(),
        Backend::Lambda { function, .. }
            if function == "arn:aws:lambda:us-east-1:123456789012:function:sam-implicit-api-HelloFunction-STANDIN"
    ));
    let hello = api.finish(
        pending,
        &Outcome::lambda_result(r#"{"statusCode": 200, "body": "hi bob"}"#),
    );
    assert_eq!(text(&hello), "hi bob");
    let parameters = api.methods()[0].parameters();
    assert_eq!(parameters.len(), 2);
    assert!(parameters[1].required && parameters[1].name == "greeting");
    // `Auth: {ApiKeyRequired: true}` on the PlaceOrder event.
    let result = Outcome::lambda_result(r#"{"statusCode": 202}"#);
    let refused = api.invoke(
        HttpRequest::new("POST", "/orders"),
        &InvokeOptions::new(),
        &result,
    );
    assert_eq!(refused.response.status, 403);
    let placed = api.invoke(
        HttpRequest::new("POST", "/orders").header("x-api-key", "k"),
        &InvokeOptions::new(),
        &result,
    );
    assert_eq!(placed.response.status, 202);
}

// Source: SAM (an event's RestApiId attaches it to that AWS::Serverless::Api; the Api's
// Auth.ApiKeyRequired applies to its methods unless the event's own Auth says otherwise).
#[test]
fn sam_events_attach_to_their_explicit_api() {
    let api = Api::parse(
        "template.yaml",
        r#"
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: v1
      Auth:
        ApiKeyRequired: true
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Events:
        Private:
          Type: Api
          Properties: {RestApiId: !Ref Api, Path: /private, Method: get}
        Public:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /public
            Method: get
            Auth: {ApiKeyRequired: false}
"#,
    )
    .expect("reads");
    assert_eq!(api.stage_name(), Some("v1"));
    let ok = Outcome::lambda_result(r#"{"statusCode": 200}"#);
    let status = |path: &str| {
        api.invoke(HttpRequest::new("GET", path), &InvokeOptions::new(), &ok)
            .response
            .status
    };
    assert_eq!((status("/private"), status("/public")), (403, 200));
    let elsewhere = Api::parse(
        "template.yaml",
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Events:\n        E:\n          Type: Api\n          Properties: {RestApiId: !Ref Other, Path: /x, Method: get}\n",
    )
    .expect_err("refers to no API of the file");
    // Issue 13: `!Ref Other` is evaluated, and `Other` is defined nowhere in the template.
    assert!(
        elsewhere.to_string().contains("`Ref` to `Other`"),
        "{elsewhere}"
    );
}

// Source: aws-semantics.md §11.4 (apiKeyRequired without x-api-key: 403, asserted on AWS; body
// `{"message":"Forbidden"}` as users report it; INVALID_API_KEY inferred).
#[test]
fn an_api_key_required_method_with_and_without_a_key() {
    for (file, path) in [
        ("openapi-proxy-and-templates.yaml", "/private"),
        ("cfn-aws-services.yaml", "/reports"),
    ] {
        let api = api(file);
        let request = || HttpRequest::new("GET", path);
        let without = api.invoke(request(), &InvokeOptions::new(), &Outcome::Mock);
        assert_eq!(without.response.status, 403, "{file}");
        assert_eq!(text(&without), r#"{"message": "Forbidden"}"#);
        assert!(without.integration_request.is_none());
        let empty = api.invoke(
            request().header("x-api-key", ""),
            &InvokeOptions::new(),
            &Outcome::Mock,
        );
        assert_eq!(empty.response.status, 403);
        // Any non-empty key passes, unless valid keys are given; `$context.identity.apiKey` holds it.
        let with = api.invoke(
            request().header("X-API-Key", "k-1"),
            &InvokeOptions::new(),
            &Outcome::Mock,
        );
        assert_eq!(with.response.status, 200);
        assert_eq!(text(&with), r#"{"key": "k-1"}"#);
        let listed = InvokeOptions::new().api_key("k-2").api_key("k-3");
        let wrong = api.invoke(
            request().header("x-api-key", "k-1"),
            &listed,
            &Outcome::Mock,
        );
        assert_eq!(wrong.response.status, 403);
        let right = api.invoke(
            request().header("x-api-key", "k-3"),
            &listed,
            &Outcome::Mock,
        );
        assert_eq!(right.response.status, 200);
    }
    // A method that requires none does not set `$context.identity.apiKey` (documented: null).
    let api = api("openapi-proxy-and-templates.yaml");
    let status = api.invoke(
        HttpRequest::new("GET", "/status").header("x-api-key", "k"),
        &InvokeOptions::new(),
        &Outcome::Mock,
    );
    assert_eq!(status.response.status, 200);
}

// Documented (apiKeySource AUTHORIZER: the key comes from a Lambda authorizer, which is not run
// here): no x-api-key header is required, and the trace says why.
#[test]
fn an_authorizer_key_source_requires_no_header() {
    let api = Api::parse(
        "api.yaml",
        r#"
openapi: "3.0.1"
x-amazon-apigateway-api-key-source: AUTHORIZER
security:
  - api_key: []
paths:
  /report:
    get:
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses: {default: {statusCode: "200"}}
components:
  securitySchemes:
    api_key: {type: apiKey, name: x-api-key, in: header}
"#,
    )
    .expect("reads");
    assert!(api.methods()[0].gateway_method().requires_api_key());
    let invocation = api.invoke(
        HttpRequest::new("GET", "/report"),
        &InvokeOptions::new().trace(true),
        &Outcome::Mock,
    );
    assert_eq!(invocation.response.status, 200);
    assert!(
        invocation
            .trace()
            .lines()
            .iter()
            .any(|l| l.contains("AUTHORIZER"))
    );
}

// Source: asserted on AWS (issue 14): with `integration.request.header.X-Amz-Invocation-Type`
// mapped to 'Event', Lambda answers 202 without a payload whatever the function does, and the
// default integration response sends 200 with an empty body.
#[test]
fn an_asynchronous_lambda_call_answers_200_with_an_empty_body() {
    let api = api("openapi-proxy-and-templates.yaml");
    let request = || HttpRequest::new("POST", "/events").body(fixture("order.json"));
    let pending = pending(&api, request(), &InvokeOptions::new());
    assert_eq!(pending.outcome_kind(), OutcomeKind::Nothing);
    assert_eq!(
        header(
            &pending
                .integration_request()
                .call
                .clone()
                .expect("a call")
                .headers,
            "X-Amz-Invocation-Type"
        ),
        Some("Event")
    );
    let invocation = api.finish(pending, &Outcome::lambda_error(fixture("error.json")));
    assert_eq!((invocation.response.status, text(&invocation)), (200, ""));
    let mut called = false;
    let with = api.invoke_with(request(), &InvokeOptions::new(), |_| {
        called = true;
        Outcome::lambda_result("{\"ignored\": true}")
    });
    assert!(called, "the function still runs");
    assert_eq!(text(&with), "");
}

// Source: aws-semantics.md §11.4 (`$context.identity.userAgent` is the request's User-Agent,
// recorded); `--source-ip` sets `sourceIp`; without them the documented stand-ins stay.
#[test]
fn user_agent_and_source_ip_reach_context_identity() {
    let api = api("openapi-proxy-and-templates.yaml");
    let body = |request: HttpRequest, options: &InvokeOptions| {
        pending(&api, request, options)
            .integration_request()
            .body
            .text()
            .map(str::to_string)
    };
    assert_eq!(
        body(
            HttpRequest::new("POST", "/guid?guid=g").header("User-Agent", "my-client/1.0"),
            &InvokeOptions::new().source_ip("198.51.100.7")
        )
        .as_deref(),
        Some(r#"{"guid": "g", "agent": "my-client/1.0", "ip": "198.51.100.7"}"#)
    );
    assert_eq!(
        body(
            HttpRequest::new("POST", "/guid?guid=g"),
            &InvokeOptions::new()
        )
        .as_deref(),
        Some(r#"{"guid": "g", "agent": "curl/8.4.0", "ip": "203.0.113.10"}"#)
    );
    // The caller's `$context` still wins, key by key.
    let options = InvokeOptions::new()
        .source_ip("198.51.100.7")
        .context_value("identity", serde_json::json!({"userAgent": "from-context"}));
    assert_eq!(
        body(HttpRequest::new("POST", "/guid?guid=g"), &options).as_deref(),
        Some(r#"{"guid": "g", "agent": "from-context", "ip": "198.51.100.7"}"#)
    );
}

// Source: aws (recorded, issue 14): where API Gateway reads bytes as text, invalid UTF-8 becomes
// U+FFFD; a binary media type keeps the bytes (D-ENC).
#[test]
fn bodies_are_bytes() {
    let api = api("openapi-proxy-and-templates.yaml");
    let latin1 = fixture("order-latin1.txt");
    // A Lambda function's payload that is not UTF-8 reaches a template as text with U+FFFD.
    let error = api.invoke(
        HttpRequest::new("POST", "/guid?guid=g"),
        &InvokeOptions::new(),
        &Outcome::lambda_error(b"{\"errorMessage\": \"Error: caf\xe9\"}"),
    );
    assert_eq!(error.response.status, 400);
    assert_eq!(text(&error), "{\"message\": \"Error: caf\u{fffd}\"}");
    // Without a template, a Lambda proxy event carries a text body with U+FFFD ...
    let event = |content_type: &str| -> serde_json::Value {
        let request = HttpRequest::new("GET", "/hello")
            .header("Content-Type", content_type)
            .body(latin1.clone());
        serde_json::from_str(
            pending(&api, request, &InvokeOptions::new())
                .integration_request()
                .body
                .text()
                .expect("text"),
        )
        .expect("JSON")
    };
    assert_eq!(event("text/plain")["body"], "caf\u{fffd} au lait");
    // ... and a binary media type's bytes as base64.
    let binary = event("image/png");
    assert_eq!(binary["body"], "Y2Fm6SBhdSBsYWl0");
    assert_eq!(binary["isBase64Encoded"], true);
}

// Issue 14: a definition mixing proxy and templated methods answers every one of them.
#[test]
fn a_definition_mixing_proxy_and_templated_methods_answers_every_method() {
    let api = api("openapi-proxy-and-templates.yaml");
    for (method, path, outcome, status) in [
        (
            "GET",
            "/hello",
            Outcome::lambda_result(r#"{"statusCode": 204}"#),
            204,
        ),
        ("DELETE", "/files/a", Outcome::http(204, ""), 204),
        ("POST", "/guid", Outcome::lambda_result("{}"), 200),
        ("POST", "/events", Outcome::lambda_result("{}"), 200),
        ("GET", "/status", Outcome::Mock, 200),
    ] {
        let invocation = api.invoke(
            HttpRequest::new(method, path),
            &InvokeOptions::new(),
            &outcome,
        );
        assert_eq!(invocation.response.status, status, "{method} {path}");
    }
}

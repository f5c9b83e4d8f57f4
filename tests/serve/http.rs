//! HTTP, HTTP_PROXY, MOCK and AWS service integrations behind `serve`: the call the request half
//! built goes to a stub on 127.0.0.1 (`--http-base`, `--service-endpoint`), so no deployed host is
//! ever contacted; its answer goes through selection and the response template.

use std::time::Duration;

use super::support::{self, Served, silent, stub};

const API: &str = r#"
openapi: "3.0.1"
paths:
  /pets/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses: {"200": {description: ok}, "404": {description: missing}}
      x-amazon-apigateway-integration:
        type: http
        httpMethod: GET
        uri: "https://pets.example.com/v1/pets/{petId}"
        timeoutInMillis: 500
        requestParameters:
          integration.request.path.petId: method.request.path.id
          integration.request.querystring.verbose: "'yes'"
        responses:
          "4\\d{2}":
            statusCode: "404"
            responseTemplates: {application/json: '{"missing": "$input.params(''id'')", "backend": $input.json(''$'')}'}
          default:
            statusCode: "200"
            responseTemplates: {application/json: '{"name": "$input.path(''$.name'')"}'}
  /raw/{proxy+}:
    x-amazon-apigateway-any-method:
      parameters:
        - {name: proxy, in: path, required: true, schema: {type: string}}
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: ANY
        uri: "https://pets.example.com/{proxy}"
        requestParameters:
          integration.request.path.proxy: method.request.path.proxy
  /hello:
    get:
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses:
          default: {statusCode: "200", responseTemplates: {application/json: '{"hello": "world"}'}}
  /items:
    post:
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: aws
        httpMethod: POST
        uri: "arn:aws:apigateway:eu-west-1:dynamodb:action/Query"
        requestTemplates: {application/json: '{"TableName": "items"}'}
        responses:
          default: {statusCode: "200"}
"#;

#[test]
fn http_calls_go_to_the_base_url_and_their_answer_through_the_templates() {
    let (address, calls) = stub(|received| {
        if received.target.starts_with("/v1/pets/7") {
            (
                200,
                vec![("X-Backend".into(), "1".into())],
                br#"{"name": "Rex"}"#.to_vec(),
            )
        } else if received.target.starts_with("/v1/pets/") {
            // Not JSON: no error for a non-proxy HTTP integration, the body goes to the template.
            (404, vec![], b"no such pet".to_vec())
        } else {
            (
                418,
                vec![("X-Proxied".into(), received.method.clone())],
                received.body.clone(),
            )
        }
    });
    let (_dir, api) = support::definition(API);
    let served = Served::start(&["--api", &api, "--http-base", &format!("http://{address}")]);
    let answer = served.request("GET", "/pets/7", &[], b"");
    assert_eq!((answer.status, answer.text()), (200, r#"{"name": "Rex"}"#));
    // The backend's headers are not the client's unless mapped (aws-semantics.md §2).
    assert_eq!(answer.header("X-Backend"), None);
    let call = calls.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(call.method, "GET");
    assert_eq!(call.target, "/v1/pets/7?verbose=yes");
    assert_eq!(call.header("Host"), Some(address.to_string().as_str()));
    assert_eq!(call.header("Accept"), Some("application/json"));
    let trace = call.header("X-Amzn-Trace-Id").unwrap();
    assert!(trace.starts_with("Root=1-"), "{trace}");

    let answer = served.request("GET", "/pets/8", &[], b"");
    assert_eq!(answer.status, 404);
    // json-smart reads the bare text leniently as a string (as `invoke` does).
    assert_eq!(
        answer.text(),
        r#"{"missing": "8", "backend": "no such pet"}"#
    );

    // HTTP_PROXY: the client's method, path, query, headers and body go through; the backend's
    // status, headers and body come back as they are.
    let answer = served.request("PUT", "/raw/a/b?x=1", &[("X-Client", "c")], b"payload");
    assert_eq!(answer.status, 418);
    assert_eq!(answer.header("X-Proxied"), Some("PUT"));
    assert_eq!(answer.text(), "payload");
    // (the call for /pets/8 first)
    let _ = calls.recv_timeout(Duration::from_secs(5)).unwrap();
    let call = calls.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(call.method, "PUT");
    assert_eq!(call.target, "/a/b?x=1");
    assert_eq!(call.header("X-Client"), Some("c"));

    // MOCK answers without a backend.
    let answer = served.request("GET", "/hello", &[], b"");
    assert_eq!(
        (answer.status, answer.text()),
        (200, r#"{"hello": "world"}"#)
    );
}

#[test]
fn aws_services_need_an_endpoint_and_get_the_built_call() {
    let (_dir, api) = support::definition(API);
    // Without --service-endpoint: 500, and the log says which flag.
    let served = Served::start(&["--api", &api]);
    let answer = served.request("POST", "/items", &[], b"{}");
    assert_eq!(answer.status, 500);
    assert_eq!(answer.text(), r#"{"message": "Internal server error"}"#);
    std::thread::sleep(Duration::from_millis(100));
    let log = served.log().join("\n");
    assert!(
        log.contains("needs --service-endpoint dynamodb=URL"),
        "{log}"
    );
    drop(served);

    let (address, calls) = stub(|_| (200, vec![], br#"{"Count": 0, "Items": []}"#.to_vec()));
    let served = Served::start(&[
        "--api",
        &api,
        "--service-endpoint",
        &format!("dynamodb=http://{address}"),
    ]);
    let answer = served.request("POST", "/items", &[], b"{}");
    assert_eq!(
        (answer.status, answer.text()),
        (200, r#"{"Count": 0, "Items": []}"#)
    );
    let call = calls.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(call.method, "POST");
    assert_eq!(call.target, "/");
    assert_eq!(call.header("X-Amz-Target"), Some("DynamoDB_20120810.Query"));
    assert_eq!(
        String::from_utf8_lossy(&call.body),
        r#"{"TableName": "items"}"#
    );
    // Signed with Signature Version 4 (the test credentials), over the local host it reaches.
    let authorization = call.header("Authorization").expect("signed");
    assert!(
        authorization.starts_with("AWS4-HMAC-SHA256 Credential=test/")
            && authorization.contains("/eu-west-1/dynamodb/aws4_request, SignedHeaders=")
            && authorization.contains("host;"),
        "{authorization}"
    );
    assert_eq!(call.header("X-Amz-Date").map(str::len), Some(16));
    drop(served);

    let served = Served::start(&[
        "--api",
        &api,
        "--service-endpoint",
        &format!("dynamodb=http://{address}"),
        "--unsigned",
    ]);
    assert_eq!(served.request("POST", "/items", &[], b"{}").status, 200);
    let call = calls.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(call.header("Authorization"), None);
}

#[test]
fn a_slow_http_backend_times_out_without_blocking_other_routes() {
    let (address, _listener, _thread) = silent();
    let (_dir, api) = support::definition(API);
    let served = Served::start(&["--api", &api, "--http-base", &format!("http://{address}")]);
    let address = served.address;
    let slow = std::thread::spawn(move || support::send(address, "GET", "/pets/1", &[], b""));
    std::thread::sleep(Duration::from_millis(50));
    // The MOCK route answers while the HTTP one waits.
    let started = std::time::Instant::now();
    let answer = served.request("GET", "/hello", &[], b"");
    assert_eq!(answer.status, 200);
    assert!(
        started.elapsed() < Duration::from_millis(400),
        "{:?}",
        started.elapsed()
    );
    let answer = slow.join().unwrap();
    assert_eq!(answer.status, 504);
    assert_eq!(
        answer.text(),
        r#"{"message": "Endpoint request timed out"}"#
    );
}

//! Lambda functions behind `serve`: a stub Lambda Invoke API (both endpoint kinds, non-proxy and
//! proxy), `--lambda-command`'s runtime errors, and the faults (a refused call, a backend that
//! never answers, a closed port) with short timeouts. Everything on 127.0.0.1.

use std::time::{Duration, Instant};

use super::support::{self, Received, Served, closed_port, silent, stub};

const FUNCTION_PATH: &str = "/2015-03-31/functions/DanielHTTP/invocations";

fn recorded(file: &str) -> Vec<u8> {
    std::fs::read(format!("{}/corpus/danielhttp/lambda/{file}", support::ROOT)).unwrap()
}

/// Lambda's Invoke API as SAM and LocalStack serve it: the founding example's function, its
/// errors flagged with `X-Amz-Function-Error`.
fn invoke_api(received: &Received) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let event = String::from_utf8_lossy(&received.body);
    let error = |file: &str| {
        (
            200,
            vec![("X-Amz-Function-Error".to_string(), "Unhandled".to_string())],
            recorded(file),
        )
    };
    if event.contains("\"GUID\":\"Exception\"") {
        error("exception.error.json")
    } else if event.contains("\"GUID\":\"RaisedException\"") {
        error("raised-exception.error.json")
    } else if event.contains("\"GUID\":\"Error\"") {
        error("error.error.json")
    } else {
        (200, vec![], recorded("ok.result.json"))
    }
}

#[test]
fn the_invoke_api_takes_the_event_and_flags_errors_with_its_header() {
    let (address, calls) = stub(invoke_api);
    let served = Served::start(&[
        "--api",
        "corpus/danielhttp/api.openapi.yaml",
        "--lambda-endpoint",
        &format!("http://{address}"),
    ]);
    for (guid, status) in [
        ("Exception", 500),
        ("RaisedException", 502),
        ("Error", 400),
        ("AnythingElse", 200),
    ] {
        let answer = served.request("POST", &format!("/guid?GUID={guid}"), &[], b"");
        assert_eq!(answer.status, status, "{guid}: {}", answer.text());
        let call = calls.recv_timeout(Duration::from_secs(5)).expect("called");
        assert_eq!(call.method, "POST");
        assert_eq!(call.target, FUNCTION_PATH);
        assert_eq!(
            call.header("X-Amz-Invocation-Type"),
            Some("RequestResponse")
        );
        // The event is what the request template built.
        assert_eq!(
            String::from_utf8_lossy(&call.body),
            format!("{{\n  \"GUID\":\"{guid}\"\n}}")
        );
    }
    // The same bytes as through --lambda-command: the success is the recorded 125.
    let answer = served.request("POST", "/guid?GUID=x", &[], b"");
    assert_eq!(answer.body.len(), 125);
}

/// The Runtime Interface Emulator: no error header, an error is an object of exactly errorType
/// and errorMessage, a crash an empty answer; it serves only the name `function`.
fn emulator(received: &Received) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let event = String::from_utf8_lossy(&received.body);
    if !received.target.contains("/functions/function/") {
        return (
            404,
            vec![],
            b"{\"errorType\": \"ResourceNotFound\"}".to_vec(),
        );
    }
    if event.contains("\"GUID\":\"Error\"") {
        (
            200,
            vec![],
            br#"{"errorType": "Exception", "errorMessage": "Error: bad GUID"}"#.to_vec(),
        )
    } else if event.contains("\"GUID\":\"Crash\"") {
        (200, vec![], Vec::new())
    } else {
        // A result that merely has an errorMessage among other keys is a result.
        (
            200,
            vec![],
            br#"{"errorMessage": "none", "errorType": "none", "ok": true}"#.to_vec(),
        )
    }
}

#[test]
fn the_emulator_kind_reads_errors_from_the_answer_itself() {
    let (address, calls) = stub(emulator);
    let served = Served::start(&[
        "--api",
        "corpus/danielhttp/api.openapi.yaml",
        "--lambda-endpoint",
        &format!("http://{address}"),
        "--lambda-endpoint-kind",
        "rie",
        "--function",
        "arn:aws:lambda:eu-west-1:123456789012:function:DanielHTTP=function",
    ]);
    let answer = served.request("POST", "/guid?GUID=Error", &[], b"");
    assert_eq!(answer.status, 400, "{}", answer.text());
    // `$input.path('$.errorMessage')` of a plain string prints it as it is.
    assert_eq!(answer.text(), "{\n    \"errorMessage\": Error: bad GUID\n}");
    assert_eq!(
        calls.recv_timeout(Duration::from_secs(5)).unwrap().target,
        "/2015-03-31/functions/function/invocations"
    );
    // A crash: Runtime.ExitError, whose message matches `.*Error.*`.
    let answer = served.request("POST", "/guid?GUID=Crash", &[], b"");
    assert_eq!(answer.status, 400, "{}", answer.text());
    let id = answer.header("x-amzn-RequestId").unwrap().to_string();
    assert_eq!(
        answer.text(),
        format!(
            "{{\n    \"errorMessage\": RequestId: {id} Error: Runtime exited without providing a reason\n}}"
        )
    );
    // Three keys: a result, whatever they are called.
    let answer = served.request("POST", "/guid?GUID=x", &[], b"");
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(
        answer.text(),
        "{\"errorMessage\":\"none\",\"errorType\":\"none\",\"ok\":true}\n"
    );
}

const PROXY: &str = r#"
openapi: "3.0.1"
paths:
  /items/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:Items/invocations"
        timeoutInMillis: 400
"#;

fn proxy_function(received: &Received) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let event: serde_json::Value = serde_json::from_slice(&received.body).unwrap();
    match event["pathParameters"]["id"].as_str() {
        Some("fail") => (
            200,
            vec![("X-Amz-Function-Error".into(), "Unhandled".into())],
            br#"{"errorMessage": "boom", "errorType": "Error"}"#.to_vec(),
        ),
        Some("malformed") => (200, vec![], b"\"just a string\"".to_vec()),
        Some("empty") => (200, vec![], Vec::new()),
        Some(id) => (
            200,
            vec![],
            serde_json::json!({
                "statusCode": 201,
                "headers": {"X-Item": id},
                "body": format!("{} {}", event["httpMethod"].as_str().unwrap(), event["resource"].as_str().unwrap()),
            })
            .to_string()
            .into_bytes(),
        ),
        None => (500, vec![], Vec::new()),
    }
}

#[test]
fn proxy_integrations_pass_the_event_and_answer_through_both_kinds() {
    let (address, _calls) = stub(proxy_function);
    let (_dir, api) = support::definition(PROXY);
    for kind in ["lambda", "rie"] {
        let served = Served::start(&[
            "--api",
            &api,
            "--lambda-endpoint",
            &format!("http://{address}"),
            "--lambda-endpoint-kind",
            kind,
        ]);
        let answer = served.request("GET", "/items/42", &[], b"");
        assert_eq!(answer.status, 201, "{kind}: {}", answer.text());
        assert_eq!(answer.header("X-Item"), Some("42"));
        assert_eq!(answer.text(), "GET /items/{id}");
        // A result that is no proxy response: 502 (D-PROXY).
        let answer = served.request("GET", "/items/malformed", &[], b"");
        assert_eq!(answer.status, 502, "{kind}");
        assert_eq!(answer.text(), r#"{"message": "Internal server error"}"#);
        // The emulator's crash (an empty answer) is a function error: 502 too.
        let answer = served.request("GET", "/items/empty", &[], b"");
        assert_eq!(answer.status, 502, "{kind}");
    }
    // A function error flagged by the header: 502 with Lambda's kind.
    let served = Served::start(&[
        "--api",
        &api,
        "--lambda-endpoint",
        &format!("http://{address}"),
    ]);
    let answer = served.request("GET", "/items/fail", &[], b"");
    assert_eq!(answer.status, 502);
    assert_eq!(answer.text(), r#"{"message": "Internal server error"}"#);
}

#[test]
fn faults_get_api_gateways_own_answers() {
    let (_dir, api) = support::definition(PROXY);
    // The Invoke API refuses the call (an unknown function): 500.
    let (address, _calls) = stub(|_| {
        (
            404,
            vec![],
            br#"{"Type":"User","Message":"Function not found"}"#.to_vec(),
        )
    });
    let served = Served::start(&[
        "--api",
        &api,
        "--lambda-endpoint",
        &format!("http://{address}"),
    ]);
    let answer = served.request("GET", "/items/1", &[], b"");
    assert_eq!(answer.status, 500);
    assert_eq!(answer.text(), r#"{"message": "Internal server error"}"#);
    drop(served);

    // An endpoint that accepts and never answers: 504 after the integration's 400 ms.
    let (address, _listener, _thread) = silent();
    let served = Served::start(&[
        "--api",
        &api,
        "--lambda-endpoint",
        &format!("http://{address}"),
    ]);
    let started = Instant::now();
    let answer = served.request("GET", "/items/1", &[], b"");
    let waited = started.elapsed();
    assert_eq!(answer.status, 504);
    assert_eq!(
        answer.text(),
        r#"{"message": "Endpoint request timed out"}"#
    );
    assert!(
        waited >= Duration::from_millis(400) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
    drop(served);

    // Nothing listening: 500, and the log says why.
    let address = closed_port();
    let served = Served::start(&[
        "--api",
        &api,
        "--lambda-endpoint",
        &format!("http://{address}"),
    ]);
    let answer = served.request("GET", "/items/1", &[], b"");
    assert_eq!(answer.status, 500);
    assert_eq!(answer.text(), r#"{"message": "Internal server error"}"#);
    std::thread::sleep(Duration::from_millis(100));
    let log = served.log().join("\n");
    assert!(log.contains("the backend could not be reached"), "{log}");

    // No Lambda backend at all: 500, and the log names the flags.
    let served = Served::start(&["--api", &api]);
    let answer = served.request("GET", "/items/1", &[], b"");
    assert_eq!(answer.status, 500);
    std::thread::sleep(Duration::from_millis(100));
    let log = served.log().join("\n");
    assert!(
        log.contains("needs --lambda-command or --lambda-endpoint"),
        "{log}"
    );
}

#[test]
fn commands_fail_as_lambda_runtimes_do() {
    let danielhttp = "corpus/danielhttp/api.openapi.yaml";
    // A non-zero exit without an error object: Runtime.ExitError with the exit status.
    let served = Served::start(&[
        "--api",
        danielhttp,
        "--lambda-command",
        "sh -c 'cat >/dev/null; exit 3'",
    ]);
    let answer = served.request("POST", "/guid?GUID=x", &[], b"");
    let id = answer.header("x-amzn-RequestId").unwrap().to_string();
    assert_eq!(answer.status, 400, "{}", answer.text());
    assert_eq!(
        answer.text(),
        format!(
            "{{\n    \"errorMessage\": RequestId: {id} Error: Runtime exited with error: exit status 3\n}}"
        )
    );
    drop(served);
    // Past the function's timeout: Sandbox.Timedout.
    let served = Served::start(&[
        "--api",
        danielhttp,
        "--lambda-command",
        "sleep 10",
        "--function-timeout",
        "0.3",
    ]);
    let started = Instant::now();
    let answer = served.request("POST", "/guid?GUID=x", &[], b"");
    assert!(started.elapsed() < Duration::from_secs(5));
    let id = answer.header("x-amzn-RequestId").unwrap().to_string();
    assert_eq!(answer.status, 400, "{}", answer.text());
    assert_eq!(
        answer.text(),
        format!(
            "{{\n    \"errorMessage\": RequestId: {id} Error: Task timed out after 0.30 seconds\n}}"
        )
    );
    drop(served);
    // The function's environment: its name and region.
    let served = Served::start(&[
        "--api",
        danielhttp,
        "--lambda-command",
        r#"sh -c 'cat >/dev/null; printf "{\"name\": \"%s\", \"region\": \"%s\"}" "$AWS_LAMBDA_FUNCTION_NAME" "$AWS_REGION"'"#,
    ]);
    let answer = served.request("POST", "/guid?GUID=x", &[], b"");
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.text(),
        "{\"name\":\"DanielHTTP\",\"region\":\"eu-west-1\"}\n"
    );
}

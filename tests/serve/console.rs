//! The console's JSON endpoints, as its page uses them: the routes, the trace of a request served,
//! the test form's invoke with a typed outcome, and the playground's render with error positions.
//! (The page itself is driven in a real browser by `.ci/console.mjs`.)

use std::time::Duration;

use super::support::Served;

fn json(answer: &super::support::Answer) -> serde_json::Value {
    serde_json::from_slice(&answer.body).unwrap_or_else(|e| panic!("{e}: {}", answer.text()))
}

fn danielhttp(extra: &[&str]) -> Served {
    let mut args = vec![
        "--api",
        "corpus/danielhttp/api.openapi.yaml",
        "--lambda-command",
        "sh examples/serve/danielhttp-function.sh",
    ];
    args.extend_from_slice(extra);
    Served::start(&args)
}

#[test]
fn the_console_lists_routes_and_traces_every_request() {
    let served = danielhttp(&[]);
    let page = served.request("GET", "/_console/", &[], b"");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("apigw-vtl console"));
    assert_eq!(served.request("GET", "/_console", &[], b"").status, 200);

    let routes = json(&served.request("GET", "/_console/api/routes", &[], b""));
    let method = &routes["methods"][0];
    assert_eq!(method["method"], "POST");
    assert_eq!(method["path"], "/guid");
    assert_eq!(method["integration"], "AWS");
    assert_eq!(method["timeoutMillis"], 29000);
    assert_eq!(method["responses"].as_array().unwrap().len(), 3);

    served.request("POST", "/guid?GUID=Error", &[], b"");
    std::thread::sleep(Duration::from_millis(50));
    let requests = json(&served.request("GET", "/_console/api/requests?after=0", &[], b""));
    let entry = &requests[0];
    assert_eq!(entry["number"], 1);
    assert_eq!(entry["route"], "POST /guid");
    assert_eq!(entry["response"]["status"], 400);
    assert_eq!(entry["integration"]["body"], "{\n  \"GUID\":\"Error\"\n}");
    let trace: Vec<&str> = entry["trace"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(
        trace[0].starts_with("routing: POST /guid → POST /guid"),
        "{trace:?}"
    );
    assert!(
        trace
            .iter()
            .any(|l| l.starts_with("serve: invoking the function \"DanielHTTP\"")),
        "{trace:?}"
    );
    assert!(
        trace
            .iter()
            .any(|l| l.starts_with("pattern `.*Error.*` (400) matches")),
        "{trace:?}"
    );
    // Only newer requests after a number.
    let newer = json(&served.request("GET", "/_console/api/requests?after=1", &[], b""));
    assert_eq!(newer.as_array().unwrap().len(), 0);
}

#[test]
fn the_test_form_invokes_with_a_typed_outcome_and_the_playground_renders() {
    let served = danielhttp(&["--console-path", "/_tools"]);
    assert_eq!(served.request("GET", "/_console/", &[], b"").status, 403);
    let body = serde_json::json!({
        "method": "POST",
        "path": "/guid?GUID=RaisedException",
        "outcome": {"kind": "lambda_error", "payload": "{\"errorMessage\": \"Exception: typed by hand\"}"},
    });
    let answer = json(&served.request(
        "POST",
        "/_tools/api/invoke",
        &[],
        body.to_string().as_bytes(),
    ));
    assert_eq!(answer["status"], 502);
    assert_eq!(
        answer["body"],
        "{\n    \"errorMessage\": Exception: typed by hand\n}"
    );

    let render = serde_json::json!({
        "template": "#set($context.responseOverride.status = 418)$input.path('$.name') $input.params('id')",
        "body": "{\"name\": \"Rex\"}",
        "params": {"path": {"id": "7"}},
    });
    let answer = json(&served.request(
        "POST",
        "/_tools/api/render",
        &[],
        render.to_string().as_bytes(),
    ));
    assert_eq!(answer["output"], "Rex 7");
    assert_eq!(answer["overrides"]["status"], "418");

    let broken = serde_json::json!({"template": "line one\n#if($a)\nno end"});
    let answer = json(&served.request(
        "POST",
        "/_tools/api/render",
        &[],
        broken.to_string().as_bytes(),
    ));
    assert_eq!(answer["error"]["stage"], "parse");
    assert_eq!(answer["error"]["line"], 3);
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("#end"),
        "{answer}"
    );

    let bad = served.request("POST", "/_tools/api/render", &[], b"not json");
    assert_eq!(bad.status, 400);
}

#[test]
fn no_console_leaves_its_path_to_the_api() {
    let served = danielhttp(&["--no-console"]);
    assert_eq!(served.request("GET", "/_console/", &[], b"").status, 403);
}

#[test]
fn a_route_the_console_hides_is_warned_about() {
    let (_dir, api) = super::support::definition(
        r#"
openapi: "3.0.1"
paths:
  /{proxy+}:
    x-amazon-apigateway-any-method:
      parameters: [{name: proxy, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses: {default: {statusCode: "200", responseTemplates: {application/json: 'api'}}}
"#,
    );
    let served = Served::start(&["--api", &api]);
    // The console wins over the API's route...
    assert!(
        served
            .request("GET", "/_console/", &[], b"")
            .text()
            .contains("apigw-vtl console")
    );
    // ...which still takes every other path.
    assert_eq!(served.request("GET", "/anything", &[], b"").text(), "api");
    std::thread::sleep(Duration::from_millis(100));
    let log = served.log().join("\n");
    assert!(
        log.contains("the console at /_console/ hides the API's route ANY /{proxy+}"),
        "{log}"
    );
}

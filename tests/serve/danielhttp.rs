//! The founding example served with its stand-in function (examples/serve/danielhttp-function.sh,
//! answering the article's recorded payloads): the four answers AWS gave to curl (status and body
//! byte for byte, corpus/danielhttp/README.md; source: aws), and 403 for an unknown path.

use super::support::Served;

fn server() -> Served {
    Served::start(&[
        "--api",
        "corpus/danielhttp/api.openapi.yaml",
        "--lambda-command",
        "sh examples/serve/danielhttp-function.sh",
    ])
}

#[test]
fn the_four_recorded_answers_come_back_byte_for_byte() {
    let served = server();
    let cases: [(&str, u16, &str); 4] = [
        (
            "Exception",
            500,
            "{\"errorMessage\":\"unsupported operand type(s) for /: 'int' and 'str'\",\"errorType\":\"TypeError\",\"stackTrace\":[\"  File \\\"/var/task/lambda_function.py\\\", line 12, in lambda_handler\\n    a = 5 / \\\"w\\\"\\n\"]}\n",
        ),
        (
            "RaisedException",
            502,
            "{\n    \"errorMessage\": {\"context\": {\"EndPoint\": \"My Endpoint\", \"LoadCase\": 123, \"RunAnalysisId\": \"AA-BB\"}, \"message\": \"My Message\", \"type\": \"Exception\", \"code\": 502}\n}",
        ),
        (
            "Error",
            400,
            "{\n    \"errorMessage\": {\"context\": {\"EndPoint\": \"My Endpoint\", \"LoadCase\": 123, \"RunAnalysisId\": \"AA-BB\"}, \"message\": \"My Message\", \"type\": \"Error\", \"code\": 400}\n}",
        ),
        (
            "AnythingElse",
            200,
            "{\"context\":{\"EndPoint\":\"My Endpoint\",\"LoadCase\":123,\"RunAnalysisId\":\"AA-BB\"},\"message\":\"All is Ok\",\"type\":\"Info\",\"code\":200}\n",
        ),
    ];
    let lengths = [200, 166, 162, 125];
    for ((guid, status, body), length) in cases.into_iter().zip(lengths) {
        let answer = served.request("POST", &format!("/guid?GUID={guid}"), &[], b"");
        assert_eq!(answer.status, status, "{guid}: {}", answer.text());
        assert_eq!(answer.text(), body, "{guid}");
        // The Content-Length AWS sent (recorded).
        assert_eq!(
            answer.header("Content-Length"),
            Some(length.to_string().as_str())
        );
        assert_eq!(answer.header("Content-Type"), Some("application/json"));
        // AWS's own headers, in their formats.
        let id = answer.header("x-amzn-RequestId").expect("a request id");
        assert_eq!(id.len(), 36, "{id}");
        assert_eq!(answer.header("x-amz-apigw-id").map(str::len), Some(16));
        assert!(
            answer
                .header("X-Amzn-Trace-Id")
                .unwrap()
                .starts_with("Root=1-")
        );
    }
}

#[test]
fn an_unknown_path_answers_403_and_a_missing_guid_400() {
    let served = server();
    let answer = served.request("GET", "/nothing/here", &[], b"");
    assert_eq!(answer.status, 403);
    assert_eq!(
        answer.text(),
        r#"{"message": "Missing Authentication Token"}"#
    );
    assert_eq!(
        answer.header("x-amzn-ErrorType"),
        Some("MissingAuthenticationTokenException")
    );
    // API Gateway's own answers carry no trace id (aws-semantics.md §7).
    assert_eq!(answer.header("X-Amzn-Trace-Id"), None);
    let answer = served.request("POST", "/guid", &[], b"");
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.text(),
        r#"{"message": "Missing required request parameters: [GUID]"}"#
    );
}

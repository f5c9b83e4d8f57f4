//! Bad input from clients: a body over API Gateway's 10 MB (413 REQUEST_TOO_LARGE), paths that are
//! not UTF-8, malformed HTTP. Each gets an answer (AWS's, or a clear 4xx) and the server keeps
//! serving.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use super::support::{Served, parse_answer};

fn mock() -> Served {
    Served::start(&["--api", "examples/serve/mock.openapi.yaml", "--no-console"])
}

fn raw(served: &Served, bytes: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(served.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(bytes).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    answer
}

fn still_serving(served: &Served) {
    let answer = served.request("GET", "/pets/7", &[], b"");
    assert_eq!(answer.status, 200, "{}", answer.text());
}

#[test]
fn a_body_over_10_mb_answers_413_and_one_at_the_limit_passes() {
    let served = mock();
    let over = vec![b'a'; 10 * 1024 * 1024 + 1];
    let answer = served.request("GET", "/pets/7", &[], &over);
    assert_eq!(answer.status, 413);
    assert_eq!(answer.text(), r#"{"message": "Request Too Long"}"#);
    assert_eq!(
        answer.header("x-amzn-ErrorType"),
        Some("RequestTooLargeException")
    );
    let at_limit = vec![b' '; 10 * 1024 * 1024];
    let answer = served.request("GET", "/pets/7", &[], &at_limit);
    assert_eq!(answer.status, 200);
    still_serving(&served);
}

#[test]
fn paths_that_are_not_utf8_get_an_answer() {
    let served = mock();
    // Percent-encoded bytes that are not UTF-8: routed as the path the client sent (no route
    // takes it here: API Gateway's 403).
    let answer = served.request("GET", "/pets%FF/7", &[], b"");
    assert_eq!(answer.status, 403, "{}", answer.text());
    // A path parameter with them is passed on as sent.
    let answer = served.request("GET", "/pets/%FF%FE", &[], b"");
    assert_eq!(answer.status, 404, "{}", answer.text());
    assert_eq!(answer.text(), r#"{"message": "no pet %FF%FE"}"#);
    // Raw bytes that are not UTF-8 (nor ASCII) in the request line: HTTP's 400.
    let answer = parse_answer(&raw(
        &served,
        b"GET /pets/\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ));
    assert_eq!(answer.status, 400);
    still_serving(&served);
}

#[test]
fn malformed_http_gets_400_and_the_server_keeps_serving() {
    let served = mock();
    let answer = parse_answer(&raw(&served, b"NOT HTTP AT ALL\r\n\r\n"));
    assert_eq!(answer.status, 400);
    let answer = parse_answer(&raw(
        &served,
        b"GET /pets/7 HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n",
    ));
    assert_eq!(answer.status, 400);
    // A client that connects and goes away.
    drop(TcpStream::connect(served.address).unwrap());
    still_serving(&served);
}

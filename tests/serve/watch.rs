//! `--watch`: a changed definition is served from the next request on; one that no longer loads
//! keeps the last good version served, and its error is printed.

use std::time::{Duration, Instant};

use super::support::{self, Served};

fn api(answer: &str) -> String {
    format!(
        r#"
openapi: "3.0.1"
paths:
  /v:
    get:
      responses: {{"200": {{description: ok}}}}
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {{application/json: '{{"statusCode": 200}}'}}
        responses: {{default: {{statusCode: "200", responseTemplates: {{application/json: '{answer}'}}}}}}
"#
    )
}

/// Waits until GET /v answers `want` (file events take a moment), at most 10 s.
fn until(served: &Served, want: &str) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(10) {
        if served.request("GET", "/v", &[], b"").text() == want {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn a_changed_definition_is_served_and_a_broken_one_keeps_the_last_good() {
    let (dir, path) = support::definition(&api("one"));
    let served = Served::start(&["--api", &path, "--watch"]);
    assert_eq!(served.request("GET", "/v", &[], b"").text(), "one");
    // File systems with coarse timestamps: make sure the next write is seen as a change.
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(&path, api("two")).unwrap();
    assert!(until(&served, "two"), "the new definition is served");

    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(&path, "openapi: \"3.0.1\"\npaths: [unclosed\n").unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(served.request("GET", "/v", &[], b"").text(), "two");
    let log = served.log().join("\n");
    assert!(
        log.contains("still serving the last version that loaded"),
        "{log}"
    );

    std::fs::write(&path, api("three")).unwrap();
    assert!(
        until(&served, "three"),
        "a fixed definition is served again"
    );
    drop(dir);
}

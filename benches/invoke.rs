//! The whole path API Gateway runs per request, on the founding example (`cargo bench --bench
//! invoke`): the definition is read once (timed on its own), then each of the four Lambda outcomes
//! goes through routing, the request template, selection, the response template and overrides many
//! times. A plain timing loop: about 0.7 s per outcome, the mean time per request printed with the
//! status, after checking it is AWS's.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use apigw_vtl::{Api, HttpRequest, InvokeOptions, Outcome};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/danielhttp");
    let started = Instant::now();
    let api = Api::load(&root.join("api.openapi.yaml")).expect("the founding example reads");
    println!(
        "read api.openapi.yaml (4 templates parsed): {:.1} µs",
        started.elapsed().as_secs_f64() * 1e6
    );
    for (guid, file, status) in [
        ("Exception", "exception.error.json", 500),
        ("RaisedException", "raised-exception.error.json", 502),
        ("Error", "error.error.json", 400),
        ("AnythingElse", "ok.result.json", 200),
    ] {
        let payload = std::fs::read_to_string(root.join("lambda").join(file)).expect("outcome");
        let outcome = if file.ends_with(".error.json") {
            Outcome::LambdaError(payload.into_bytes())
        } else {
            Outcome::LambdaResult(payload.into_bytes())
        };
        // Trace off: what an embedder runs at request rate.
        let options = InvokeOptions::new();
        let call = || {
            api.invoke(
                HttpRequest::new("POST", &format!("/guid?GUID={guid}")),
                &options,
                &outcome,
            )
            .response
        };
        assert_eq!(call().status, status, "GUID={guid}");
        let mut runs = 0u32;
        let started = Instant::now();
        while started.elapsed() < Duration::from_millis(700) {
            black_box(call());
            runs += 1;
        }
        let mean = started.elapsed().as_secs_f64() / f64::from(runs);
        println!(
            "GUID={guid:<16} → {status}: {:.1} µs per request ({runs} runs)",
            mean * 1e6
        );
    }
}

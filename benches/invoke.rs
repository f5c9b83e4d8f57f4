//! The whole path API Gateway runs per request, on the founding example, through the library's
//! door (`cargo bench --bench invoke`): routing, validation, the request template, selection, the
//! response template and overrides, for each of the four recorded Lambda outcomes (trace off, as
//! an embedder runs it). The definition is read once; `read_definition` times that on its own.

#[path = "common/allocator.rs"]
mod allocator;

use std::path::Path;
use std::sync::LazyLock;

use apigw_vtl::{Api, HttpRequest, InvokeOptions, Outcome};
use divan::{Bencher, black_box};

static ROOT: LazyLock<std::path::PathBuf> =
    LazyLock::new(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/danielhttp"));
static API: LazyLock<Api> = LazyLock::new(|| {
    Api::load(&ROOT.join("api.openapi.yaml")).expect("the founding example reads")
});

/// GUID, outcome file, the status AWS answered (corpus/danielhttp/README.md).
const RUNS: &[(&str, &str, u16)] = &[
    ("Exception", "exception.error.json", 500),
    ("RaisedException", "raised-exception.error.json", 502),
    ("Error", "error.error.json", 400),
    ("AnythingElse", "ok.result.json", 200),
];

fn main() {
    divan::main();
}

#[divan::bench]
fn read_definition(bencher: Bencher) {
    let path = ROOT.join("api.openapi.yaml");
    bencher.bench(|| Api::load(black_box(&path)).expect("reads"));
}

#[divan::bench(args = ["Exception", "RaisedException", "Error", "AnythingElse"])]
fn request(bencher: Bencher, guid: &str) {
    let (_, file, status) = RUNS
        .iter()
        .find(|(g, _, _)| *g == guid)
        .expect("a recorded run");
    let payload = std::fs::read_to_string(ROOT.join("lambda").join(file)).expect("outcome");
    let outcome = if file.ends_with(".error.json") {
        Outcome::lambda_error(payload)
    } else {
        Outcome::lambda_result(payload)
    };
    let options = InvokeOptions::new();
    let path = format!("/guid?GUID={guid}");
    let call = || {
        API.invoke(
            HttpRequest::new("POST", black_box(&path)),
            &options,
            &outcome,
        )
        .response
    };
    assert_eq!(call().status, *status, "GUID={guid}");
    bencher.bench(call);
}

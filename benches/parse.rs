//! Parse time of the templates the project ships as syntax cases (`corpus/syntax/shared`: the
//! founding example's templates and the benchmark workloads'), with divan's statistics:
//! `cargo bench --bench parse`.

#[path = "common/allocator.rs"]
mod allocator;

use std::sync::LazyLock;

use apigw_vtl::Template;
use divan::counter::BytesCount;
use divan::{Bencher, black_box};

/// (file stem, template): each case's template is what follows its `---` line.
static CASES: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/syntax/shared");
    let mut cases: Vec<(String, String)> = std::fs::read_dir(root)
        .expect("corpus/syntax/shared exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "vtl"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("readable case");
            let template = text
                .split_once("\n---\n")
                .map_or(text.as_str(), |(_, t)| t)
                .to_string();
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (stem, template)
        })
        .collect();
    cases.sort();
    cases
});

const NAMES: &[&str] = &[
    "danielhttp-default-response",
    "danielhttp-error-response",
    "danielhttp-exception-response",
    "danielhttp-request",
    "workload-danielhttp-default",
    "workload-danielhttp-error",
    "workload-foreach-transform",
    "workload-passthrough-1mb",
    "workload-request-mapping",
];

fn main() {
    divan::main();
}

#[divan::bench(args = NAMES)]
fn parse(bencher: Bencher, name: &str) {
    let template = &CASES
        .iter()
        .find(|(stem, _)| stem == name)
        .unwrap_or_else(|| panic!("corpus/syntax/shared/{name}.vtl"))
        .1;
    bencher
        .counter(BytesCount::of_str(template))
        .bench(|| Template::parse(black_box(template)).expect("parses"));
}

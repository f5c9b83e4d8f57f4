//! Parse and render time per workload (`benches/workloads`), with divan's statistics:
//! `cargo bench --bench render` (add a name to run some: `cargo bench --bench render -- passthrough`).
//!
//! - `parse`: template text → syntax tree.
//! - `render`: a parsed template rendered with its payload, parameters and context, as API Gateway
//!   renders per request: `$input` reads the payload anew each time (counted in payload bytes, so
//!   divan prints MB/s of payload).
//! - `parse_and_render`: both, for a template that is not kept.

#[path = "common/allocator.rs"]
mod allocator;

#[path = "common/workloads.rs"]
mod workloads;

use std::sync::LazyLock;

use apigw_vtl::Template;
use apigw_vtl::apigw::render_template;
use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use workloads::{NAMES, Workload};

static LOADED: LazyLock<Vec<(&'static str, Workload)>> = LazyLock::new(|| {
    NAMES
        .iter()
        .map(|name| (*name, workloads::load(name)))
        .collect()
});

fn workload(name: &str) -> &'static Workload {
    LOADED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, w)| w)
        .expect("a known workload")
}

fn main() {
    divan::main();
}

#[divan::bench(args = NAMES)]
fn parse(bencher: Bencher, name: &str) {
    let workload = workload(name);
    bencher
        .counter(BytesCount::of_str(&workload.source))
        .bench(|| Template::parse(black_box(&workload.source)).expect("parses"));
}

#[divan::bench(args = NAMES)]
fn render(bencher: Bencher, name: &str) {
    let workload = workload(name);
    bencher
        .counter(BytesCount::of_str(&workload.input.body))
        .bench(|| {
            render_template(black_box(&workload.template), black_box(&workload.input))
                .expect("renders")
        });
}

#[divan::bench(args = NAMES)]
fn parse_and_render(bencher: Bencher, name: &str) {
    let workload = workload(name);
    bencher.bench(|| {
        let template = Template::parse(black_box(&workload.source)).expect("parses");
        render_template(&template, black_box(&workload.input)).expect("renders")
    });
}

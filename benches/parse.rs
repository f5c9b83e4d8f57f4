//! Parse time per workload (`../shared/workloads`, copied into corpus/syntax/shared): how long it takes
//! to turn each template's text into a syntax tree. Run with `cargo bench`.
//!
//! A plain timing loop (no benchmark framework yet): each workload is parsed repeatedly for about
//! half a second and the mean time per parse is printed.

use std::hint::black_box;
use std::time::{Duration, Instant};

use apigw_vtl::syntax::Template;

fn case_template(text: &str) -> &str {
    text.split_once("\n---\n")
        .map_or(text, |(_, template)| template)
}

fn main() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut names: Vec<_> = std::fs::read_dir(format!("{root}/corpus/syntax/shared"))
        .expect("corpus/syntax/shared exists")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "vtl"))
        .collect();
    names.sort();
    for path in names {
        let text = std::fs::read_to_string(&path).expect("readable case");
        let template = case_template(&text);
        let budget = Duration::from_millis(500);
        let started = Instant::now();
        let mut runs = 0u64;
        while started.elapsed() < budget {
            black_box(Template::parse(black_box(template)).expect("workload parses"));
            runs += 1;
        }
        let per_parse = started.elapsed() / runs.max(1) as u32;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default();
        println!(
            "parse/{name:<34} {:>5} bytes {:>10.2?} per parse ({runs} runs)",
            template.len(),
            per_parse
        );
    }
}
